//! The generic content search: configuration files (`*.config`, `*.xml`, `*.ini`, `*.json`,
//! `*.properties`) under the server's drives that name an Exchange Online host or set an SMTP
//! host, for add-ons nobody listed (the "Other add-ons" row).
//!
//! Built on ripgrep's crates: `ignore` walks the folders in parallel, `aho-corasick` finds the
//! few needles case-insensitively in the raw bytes, and only files with a hit are decoded (UTF-8
//! or UTF-16) and read line by line. A hit in a known application's install folder is attributed
//! to that application; files a dedicated source already read are skipped.

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

use aho_corasick::AhoCorasick;

use super::iis::{is_smtp_host_key, looks_like_host};
use super::{
    Classification, Confidence, Evidence, Finding, Location, ProblemKind, ScanContext, Source,
    SourceId,
};

/// File name endings searched.
pub const EXTENSIONS: [&str; 11] = [
    "config",
    "xml",
    "ini",
    "json",
    "properties",
    // Scripts (see `super::script`).
    "ps1",
    "psm1",
    "vbs",
    "bat",
    "cmd",
    "py",
];
/// Exchange Online host names (the MX suffix matches any tenant).
pub const EXO_NEEDLES: [&str; 3] = [
    "smtp.office365.com",
    "outlook.office365.com",
    ".mail.protection.outlook.com",
];
/// Files larger than this are data, not configuration.
const MAX_FILE_BYTES: u64 = super::platform::MAX_CONFIG_BYTES;
/// Top-level folders of a drive that hold no application configuration.
const SKIPPED_TOP: [&str; 4] = [
    "windows",
    "$recycle.bin",
    "system volume information",
    "recovery",
];
/// The catalogue row for settings of no known application.
pub const OTHER_ADDONS: &str = "other-addons";

/// What a line says.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum HitKind {
    /// An Exchange Online host name, with the key it is set under when the line shows one.
    ExoHost { host: String, key: String },
    /// A mail call in a script (`Send-MailMessage -SmtpServer`, `smtplib.SMTP(...)`).
    ScriptCall { call: String, host: String },
    /// An SMTP host key with a host-like value.
    SmtpSetting { key: String, value: String },
}

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Hit {
    pub path: PathBuf,
    pub line: u32,
    pub kind: HitKind,
}

/// Result of a search: hits and unreadable places, both sorted.
#[derive(Debug, Default)]
pub struct SearchResult {
    pub hits: Vec<Hit>,
    pub errors: Vec<(PathBuf, ProblemKind)>,
    pub files_searched: usize,
    pub cancelled: bool,
}

/// Searches folder trees in parallel. `progress(files_done, current)` is called now and then
/// from the walking threads. With a `boundary` (a snapshot's canonical folder), a link to a file
/// outside it is listed as an error and never read.
pub fn search(
    roots: &[PathBuf],
    boundary: Option<&Path>,
    cancel: &AtomicBool,
    pace: Duration,
    progress: &(dyn Fn(usize, &Path) + Sync),
) -> SearchResult {
    let Some((first, rest)) = roots.split_first() else {
        return SearchResult::default();
    };
    let tops: Vec<PathBuf> = roots.to_vec();
    let mut builder = ignore::WalkBuilder::new(first);
    for root in rest {
        builder.add(root);
    }
    builder
        .standard_filters(false)
        .follow_links(false)
        .threads(
            std::thread::available_parallelism()
                .map_or(2, |n| n.get())
                .min(8),
        )
        .filter_entry(move |entry| {
            // The drive's own Windows folder and recycle bin: skipped at the top only.
            let top = entry.depth() == 1
                && entry
                    .path()
                    .parent()
                    .is_some_and(|p| tops.iter().any(|t| t == p));
            !(top
                && SKIPPED_TOP
                    .contains(&entry.file_name().to_string_lossy().to_lowercase().as_str()))
        });
    let needles = AhoCorasick::builder().ascii_case_insensitive(true).build(
        EXO_NEEDLES
            .iter()
            .copied()
            .chain(super::script::NEEDLES.iter().copied()),
    );
    let Ok(needles) = needles else {
        return SearchResult::default();
    };
    let hits = Mutex::new(Vec::new());
    let errors = Mutex::new(Vec::new());
    let done = AtomicUsize::new(0);
    builder.build_parallel().run(|| {
        let needles = &needles;
        let hits = &hits;
        let errors = &errors;
        let done = &done;
        Box::new(move |entry| {
            if cancel.load(Ordering::Relaxed) {
                return ignore::WalkState::Quit;
            }
            let entry = match entry {
                Ok(entry) => entry,
                Err(err) => {
                    push(errors, walk_error(&err));
                    return ignore::WalkState::Continue;
                }
            };
            if !wanted(entry.path()) {
                return ignore::WalkState::Continue;
            }
            let is_file = match entry.file_type() {
                Some(t) if t.is_file() => true,
                Some(t) if t.is_symlink() => {
                    let inside =
                        boundary.map_or(Ok(()), |b| super::platform::check_inside(entry.path(), b));
                    match (inside, std::fs::metadata(entry.path())) {
                        (Err(super::platform::ReadError::Problem(kind)), _) => {
                            push(errors, (entry.path().to_path_buf(), kind));
                            false
                        }
                        (_, Ok(meta)) => meta.is_file(),
                        (_, Err(err)) => {
                            push(errors, (entry.path().to_path_buf(), broken_link(&err)));
                            false
                        }
                    }
                }
                _ => false,
            };
            if !is_file {
                return ignore::WalkState::Continue;
            }
            if !pace.is_zero() {
                std::thread::sleep(pace);
            }
            let n = done.fetch_add(1, Ordering::Relaxed) + 1;
            if n.is_multiple_of(256) {
                progress(n, entry.path());
            }
            match search_file(entry.path(), needles) {
                Ok(found) => {
                    if !found.is_empty()
                        && let Ok(mut all) = hits.lock()
                    {
                        all.extend(found);
                    }
                }
                Err(kind) => push(errors, (entry.path().to_path_buf(), kind)),
            }
            ignore::WalkState::Continue
        })
    });
    let mut result = SearchResult {
        hits: hits.into_inner().unwrap_or_default(),
        errors: errors.into_inner().unwrap_or_default(),
        files_searched: done.into_inner(),
        cancelled: cancel.load(Ordering::Relaxed),
    };
    result.hits.sort();
    result.errors.sort();
    result.errors.dedup();
    result
}

fn push(errors: &Mutex<Vec<(PathBuf, ProblemKind)>>, error: (PathBuf, ProblemKind)) {
    if let Ok(mut all) = errors.lock() {
        all.push(error);
    }
}

fn broken_link(err: &std::io::Error) -> ProblemKind {
    match err.kind() {
        std::io::ErrorKind::NotFound => ProblemKind::Io {
            detail: "link to a file that does not exist".into(),
        },
        _ => ProblemKind::from_io(err),
    }
}

/// The path and cause inside the walker's layered error.
fn walk_error(err: &ignore::Error) -> (PathBuf, ProblemKind) {
    let mut path = PathBuf::new();
    let mut current = err;
    loop {
        match current {
            ignore::Error::WithPath { path: p, err } => {
                path = p.clone();
                current = err;
            }
            ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
                current = err;
            }
            _ => break,
        }
    }
    let kind = match err.io_error() {
        Some(io) => ProblemKind::from_io(io),
        None => ProblemKind::Io {
            detail: current.to_string(),
        },
    };
    (path, kind)
}

fn wanted(path: &Path) -> bool {
    path.extension().is_some_and(|e| {
        let e = e.to_string_lossy();
        EXTENSIONS.iter().any(|x| e.eq_ignore_ascii_case(x))
    })
}

/// Reads one file and returns its hits; bytes without a needle cost one pass and no decoding.
fn search_file(path: &Path, needles: &AhoCorasick) -> Result<Vec<Hit>, ProblemKind> {
    use std::io::Read as _;
    // One open for size and content: a path lookup less per file than metadata + read.
    let file = std::fs::File::open(path).map_err(|e| ProblemKind::from_io(&e))?;
    let meta = file.metadata().map_err(|e| ProblemKind::from_io(&e))?;
    if !meta.is_file() || meta.len() > MAX_FILE_BYTES {
        return Ok(Vec::new());
    }
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0) + 1);
    // At most the cap, also when the file grows while it is read.
    file.take(MAX_FILE_BYTES)
        .read_to_end(&mut bytes)
        .map_err(|e| ProblemKind::from_io(&e))?;
    let utf16 = bytes.starts_with(&[0xFF, 0xFE])
        || bytes.starts_with(&[0xFE, 0xFF])
        || (bytes.len() > 3 && (bytes[1] == 0 || bytes[0] == 0));
    if !utf16 && !needles.is_match(&bytes) {
        return Ok(Vec::new());
    }
    let text = match super::text::decode(&bytes) {
        Ok(text) => text,
        // A hit in a non-UTF file: read what is readable rather than miss a host.
        Err(_) if !utf16 => String::from_utf8_lossy(&bytes).into_owned(),
        Err(kind) => return Err(kind),
    };
    if utf16 && !needles.is_match(text.as_bytes()) {
        return Ok(Vec::new());
    }
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    Ok(analyse_named(&name, &text)
        .into_iter()
        .map(|(line, kind)| Hit {
            path: path.to_path_buf(),
            line,
            kind,
        })
        .collect())
}

/// The hits of a file, read the way its name says: JSON as JSON, scripts by their call shapes
/// (plus any Exchange Online host the calls did not already name), the rest by lines. One place,
/// so the content search and the sources that read a file for a task or a service agree.
pub fn analyse_named(name: &str, text: &str) -> Vec<(u32, HitKind)> {
    let extension = name.rsplit_once('.').map(|(_, e)| e).unwrap_or_default();
    if extension.eq_ignore_ascii_case("json") {
        return analyse_json(text).unwrap_or_else(|| analyse(text));
    }
    let Some(language) = super::script::Language::of_extension(extension) else {
        return analyse(text);
    };
    let calls = super::script::analyse(text, language);
    let named: Vec<String> = calls
        .iter()
        .map(|c| crate::catalog::rules::host_of(&c.host))
        .collect();
    let mut hits: Vec<(u32, HitKind)> = calls
        .into_iter()
        .take(MAX_HITS_PER_FILE)
        .map(|c| {
            (
                c.line,
                HitKind::ScriptCall {
                    call: c.call.to_owned(),
                    host: c.host,
                },
            )
        })
        .collect();
    // An Exchange Online host the script uses in a way not recognised: still worth a look.
    for (line, kind) in analyse(text) {
        if let HitKind::ExoHost { host, .. } = &kind
            && !named.contains(host)
            && hits.len() < MAX_HITS_PER_FILE
        {
            hits.push((line, kind));
        }
    }
    hits.sort();
    hits
}

/// More hits than any configuration file has; a crafted file with millions stops here.
const MAX_HITS_PER_FILE: usize = 100;

/// The hits of a text, by line. An Exchange Online host wins over a generic SMTP setting.
pub fn analyse(text: &str) -> Vec<(u32, HitKind)> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if out.len() >= MAX_HITS_PER_FILE {
            break;
        }
        let lower = line.to_ascii_lowercase();
        if !lower.contains("smtp") && !EXO_NEEDLES.iter().any(|n| lower.contains(n)) {
            continue;
        }
        let number = u32::try_from(i + 1).unwrap_or(u32::MAX);
        let key_value = key_value(line);
        if let Some(host) = exo_host(line) {
            let key = key_value.map(|(k, _)| k).unwrap_or_default();
            out.push((number, HitKind::ExoHost { host, key }));
        } else if let Some((key, value)) = key_value
            && is_smtp_host_key(&key)
            && looks_like_host(&value)
        {
            out.push((number, HitKind::SmtpSetting { key, value }));
        }
    }
    out
}

/// The hits of a JSON document, read as JSON (minified files are one line, so the line reading
/// would take a whole object for a value): every string under a key, with the key path written
/// as .NET configuration writes it (`Smtp:Host`). `None` when the text is not JSON.
pub fn analyse_json(text: &str) -> Option<Vec<(u32, HitKind)>> {
    let value: serde_json::Value = serde_json::from_str(text).ok()?;
    let mut pairs = Vec::new();
    json_pairs(&value, "", &mut pairs);
    let mut out = Vec::new();
    for (key, value) in pairs {
        if out.len() >= MAX_HITS_PER_FILE {
            break;
        }
        let kind = if let Some(host) = exo_host(&value) {
            HitKind::ExoHost { host, key }
        } else if is_smtp_host_key(&key) && looks_like_host(&value) {
            HitKind::SmtpSetting {
                key,
                value: value.clone(),
            }
        } else {
            continue;
        };
        let key = match &kind {
            HitKind::ExoHost { key, .. } | HitKind::SmtpSetting { key, .. } => key,
            HitKind::ScriptCall { call, .. } => call,
        };
        out.push((json_line(text, key, &value), kind));
    }
    Some(out)
}

/// The line where `"leaf": "value"` is written (exact for pretty files, 1 for minified ones);
/// the key's first line when the value is written with other escapes.
fn json_line(text: &str, key: &str, value: &str) -> u32 {
    let leaf = key.rsplit(':').next().unwrap_or(key);
    let quoted_key = serde_json::to_string(leaf).unwrap_or_default();
    let quoted_value = serde_json::to_string(value).unwrap_or_default();
    let mut first = None;
    for (at, _) in text.match_indices(&quoted_key) {
        first.get_or_insert(at);
        let after = text[at + quoted_key.len()..].trim_start();
        if after
            .strip_prefix(':')
            .is_some_and(|v| v.trim_start().starts_with(&quoted_value))
        {
            first = Some(at);
            break;
        }
    }
    let at = first.unwrap_or(0);
    u32::try_from(text[..at].matches('\n').count() + 1).unwrap_or(u32::MAX)
}

fn json_pairs(value: &serde_json::Value, path: &str, out: &mut Vec<(String, String)>) {
    match value {
        serde_json::Value::Object(map) => {
            for (key, child) in map {
                let path = if path.is_empty() {
                    key.clone()
                } else {
                    format!("{path}:{key}")
                };
                json_pairs(child, &path, out);
            }
        }
        serde_json::Value::Array(items) => {
            for item in items {
                json_pairs(item, path, out);
            }
        }
        serde_json::Value::String(text) if !path.is_empty() => {
            out.push((path.to_owned(), text.clone()));
        }
        _ => {}
    }
}

/// The first Exchange Online host name in a line, whole (`contoso.mail.protection.outlook.com`).
pub fn exo_host(line: &str) -> Option<String> {
    let lower = line.to_ascii_lowercase();
    let is_host_char = |c: char| c.is_ascii_alphanumeric() || c == '.' || c == '-';
    EXO_NEEDLES
        .iter()
        .filter_map(|needle| lower.find(needle).map(|at| (at, needle.len())))
        .min()
        .map(|(at, len)| {
            // After the last character that cannot be in a host name: its own length, not one
            // byte, since it may be a multi-byte character (the Kelvin sign, İ).
            let start = lower[..at]
                .char_indices()
                .rfind(|(_, c)| !is_host_char(*c))
                .map_or(0, |(p, c)| p + c.len_utf8());
            let end = lower[at + len..]
                .find(|c: char| !is_host_char(c))
                .map_or(lower.len(), |p| at + len + p);
            lower[start..end].trim_matches('.').to_owned()
        })
        .filter(|host| Classification::of_host(host) != Classification::NotUsed)
}

/// A key and value from one line of XML (`key="K" value="V"`, `<K>V</K>`, `K="V"` attribute),
/// ini/properties (`K = V`, `K: V`) or JSON (`"K": "V"`).
pub fn key_value(line: &str) -> Option<(String, String)> {
    let t = line.trim().trim_end_matches(',');
    if let (Some(k), Some(v)) = (xml_attr(t, "key"), xml_attr(t, "value")) {
        return Some((k, v));
    }
    if let Some(rest) = t.strip_prefix('<')
        && let Some((tag, after)) = rest.split_once('>')
        && !tag.contains(' ')
        && let Some((value, _)) = after.split_once("</")
    {
        return Some((tag.to_owned(), value.trim().to_owned()));
    }
    if let Some(inside) = t.strip_prefix('<') {
        // An element with a host-ish attribute: <network host="..."> or <smtp server="...">.
        for name in ["host", "server", "smtpserver", "smtphost", "address"] {
            if let Some(v) = xml_attr(t, name) {
                let tag = inside
                    .split(|c: char| c.is_whitespace() || c == '>' || c == '/')
                    .next()
                    .unwrap_or_default();
                return Some((format!("{tag}.{name}"), v));
            }
        }
        return None;
    }
    // JSON: `"K": "V"`, also several pairs on one line and minified objects (`{"K":"V",...}`).
    let json = t.trim_start_matches(['{', '[', ' ', '\t']);
    if let Some(rest) = json.strip_prefix('"')
        && let Some((k, after)) = rest.split_once('"')
        && let Some(v) = after.trim_start().strip_prefix(':')
    {
        return Some((k.to_owned(), json_scalar(v.trim_start())));
    }
    if t.starts_with(['#', ';', '[', '/']) {
        return None;
    }
    let (k, v) = t.split_once(['=', ':'])?;
    Some((k.trim().to_owned(), v.trim().trim_matches('"').to_owned()))
}

/// The first JSON value of `text`: a string up to its closing quote (escapes kept as written),
/// anything else up to the next `,`, `}` or `]`.
fn json_scalar(text: &str) -> String {
    if let Some(inner) = text.strip_prefix('"') {
        let mut escaped = false;
        for (i, c) in inner.char_indices() {
            match c {
                '\\' if !escaped => escaped = true,
                '"' if !escaped => return inner[..i].to_owned(),
                _ => escaped = false,
            }
        }
        return inner.to_owned();
    }
    text.split([',', '}', ']'])
        .next()
        .unwrap_or_default()
        .trim()
        .to_owned()
}

/// The value of `name="..."` (or single quotes) in a line, name matched without case.
fn xml_attr(line: &str, name: &str) -> Option<String> {
    let lower = line.to_ascii_lowercase();
    let mut from = 0;
    while let Some(pos) = lower[from..].find(name) {
        let at = from + pos;
        from = at + name.len();
        let before_ok = at == 0 || lower.as_bytes()[at - 1].is_ascii_whitespace();
        let rest = lower[from..].trim_start();
        if !before_ok || !rest.starts_with('=') {
            continue;
        }
        let offset = line.len() - rest.len() + 1;
        let value_part = line[offset..].trim_start();
        let quote = value_part.chars().next()?;
        if quote != '"' && quote != '\'' {
            continue;
        }
        let inner = &value_part[1..];
        return inner.split(quote).next().map(str::to_owned);
    }
    None
}

/// The row a file with no known owner belongs to: scripts to "scheduled tasks and scripts",
/// everything else to "other add-ons".
fn default_app(path: &str) -> &'static str {
    if super::script::Language::of_path(path).is_some() {
        SCRIPTS_AND_TASKS
    } else {
        OTHER_ADDONS
    }
}

/// The catalogue row of scheduled tasks and scripts.
pub const SCRIPTS_AND_TASKS: &str = "scripts-and-tasks";

/// A finding for one hit in a file (Windows path): the same shape whichever source read it.
pub fn finding_of(
    app: &str,
    path: String,
    line: u32,
    kind: HitKind,
    confidence: Confidence,
) -> Finding {
    let (key, value, evidence) = match kind {
        HitKind::ExoHost { host, key } => {
            let evidence = Evidence::new("scan-ev-content-exo", &[("host", &host)]);
            (key, host, evidence)
        }
        HitKind::SmtpSetting { key, value } => {
            let evidence = Evidence::new("scan-ev-content-smtp", &[("key", &key)]);
            (key, value, evidence)
        }
        HitKind::ScriptCall { call, host } => {
            let evidence = Evidence::new("scan-ev-script", &[("call", &call), ("host", &host)]);
            (call, host, evidence)
        }
    };
    let classification = Classification::of_host(&value);
    Finding::new(
        app,
        Location::File {
            path,
            key,
            line: Some(line),
        },
        value,
        classification,
        confidence,
        evidence,
    )
}

/// The content search as a source: all drives of the machine.
pub struct ContentSource;

impl Source for ContentSource {
    fn id(&self) -> SourceId {
        SourceId::Content
    }

    fn scan(&self, cx: &mut ScanContext<'_>) {
        let roots: Vec<PathBuf> = cx.machine.fs.drives().into_iter().map(|(_, p)| p).collect();
        let fs = &cx.machine.fs;
        let progress = |done: usize, path: &Path| {
            let shown = fs
                .windows_path(path)
                .unwrap_or_else(|| path.display().to_string());
            cx.progress(SourceId::Content, done, None, &shown);
        };
        let result = search(&roots, fs.boundary(), cx.cancel, cx.pace, &progress);
        if result.cancelled {
            return;
        }
        for (path, kind) in result.errors {
            let shown = cx
                .machine
                .fs
                .windows_path(&path)
                .unwrap_or_else(|| path.display().to_string());
            cx.error(SourceId::Content, &shown, kind);
        }
        for hit in result.hits {
            let Some(path) = cx.machine.fs.windows_path(&hit.path) else {
                continue;
            };
            if cx.claimed.contains(&path.to_lowercase()) {
                continue;
            }
            let owner = cx.owner_of(&path);
            let confidence = if owner.is_some() {
                Confidence::Medium
            } else {
                Confidence::Low
            };
            let app = owner.unwrap_or_else(|| default_app(&path).to_owned());
            cx.report
                .findings
                .push(finding_of(&app, path, hit.line, hit.kind, confidence));
        }
        cx.progress(
            SourceId::Content,
            result.files_searched,
            Some(result.files_searched),
            "",
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_of_every_format() {
        let text = "\
<add key=\"SmtpServer\" value=\"SMTP.Office365.com\" />
<add key=\"SmtpFrom\" value=\"noreply@contoso.nl\" />
<SmtpHost>relay01.contoso.local</SmtpHost>
smtp.host = 10.0.0.25
\"SmtpServer\": \"smtp.contoso.nl\",
; smtp = commented
mail.smtp.host: contoso-nl.mail.protection.outlook.com
<network host=\"relay02\" port=\"25\" />
Url=https://outlook.office365.com/EWS/Exchange.asmx
description=Mails through SMTP when asked
";
        assert_eq!(
            analyse(text),
            vec![
                (
                    1,
                    HitKind::ExoHost {
                        host: "smtp.office365.com".into(),
                        key: "SmtpServer".into()
                    }
                ),
                (
                    3,
                    HitKind::SmtpSetting {
                        key: "SmtpHost".into(),
                        value: "relay01.contoso.local".into()
                    }
                ),
                (
                    4,
                    HitKind::SmtpSetting {
                        key: "smtp.host".into(),
                        value: "10.0.0.25".into()
                    }
                ),
                (
                    5,
                    HitKind::SmtpSetting {
                        key: "SmtpServer".into(),
                        value: "smtp.contoso.nl".into()
                    }
                ),
                (
                    7,
                    HitKind::ExoHost {
                        host: "contoso-nl.mail.protection.outlook.com".into(),
                        key: "mail.smtp.host".into()
                    }
                ),
                (
                    9,
                    HitKind::ExoHost {
                        host: "outlook.office365.com".into(),
                        key: "Url".into()
                    }
                ),
            ]
        );
    }
}
