//! The catalogue's file format and its validation.
//!
//! This file is compiled twice: into the program, and into `build.rs` (via `#[path]`), so the build
//! rejects exactly what the program would reject. It may therefore depend on `serde` and `toml`
//! only, and must not use anything else from the crate.

use std::collections::{BTreeMap, BTreeSet};

use serde::Deserialize;

/// A text in both languages. Both must be present and non-empty.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Text {
    pub nl: String,
    pub en: String,
}

/// Which way an application uses mail.
#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[serde(rename_all = "kebab-case")]
pub enum Direction {
    /// Sends mail.
    Out,
    /// Reads mailboxes.
    In,
}

/// What the current mail setting turns out to be; each has its own required actions.
#[derive(
    Clone, Copy, Debug, Deserialize, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize,
)]
#[serde(rename_all = "kebab-case")]
pub enum OutcomeKind {
    /// Straight to Exchange Online (smtp.office365.com and friends).
    ExoDirect,
    /// Another host or IP: an SMTP relay.
    Relay,
    /// Already OAuth / Graph.
    Modern,
    /// The setting is empty: the application does not mail.
    NotUsed,
    /// Could not be determined.
    Unknown,
}

impl OutcomeKind {
    pub const ALL: [OutcomeKind; 5] = [
        OutcomeKind::ExoDirect,
        OutcomeKind::Relay,
        OutcomeKind::Modern,
        OutcomeKind::NotUsed,
        OutcomeKind::Unknown,
    ];

    pub fn key(self) -> &'static str {
        match self {
            OutcomeKind::ExoDirect => "exo-direct",
            OutcomeKind::Relay => "relay",
            OutcomeKind::Modern => "modern",
            OutcomeKind::NotUsed => "not-used",
            OutcomeKind::Unknown => "unknown",
        }
    }
}

/// How the setting of an application that mails straight to Exchange Online gets changed.
#[derive(
    Clone, Copy, Debug, Default, Deserialize, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize,
)]
#[serde(rename_all = "kebab-case")]
pub enum ChangeRoute {
    /// The application cannot do OAuth (System.Net.Mail, SSRS, the IIS SMTP service, scripts):
    /// it sends through a relay that needs no password; Overstap writes the setting where it can.
    Relay,
    /// The application has its own OAuth / Graph setting, set in its own screen (and verified
    /// afterwards by scanning again).
    #[default]
    InApp,
    /// Only the vendor can say (or do) what changes.
    Vendor,
}

impl ChangeRoute {
    pub fn key(self) -> &'static str {
        match self {
            ChangeRoute::Relay => "relay",
            ChangeRoute::InApp => "in-app",
            ChangeRoute::Vendor => "vendor",
        }
    }
}

/// One `assets/catalog/<id>.toml` as written.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawApplication {
    pub id: String,
    pub order: u32,
    pub vendor: String,
    pub mail: Vec<Direction>,
    #[serde(default)]
    pub follows: Option<String>,
    #[serde(default)]
    pub consult_vendor: bool,
    pub name: Text,
    pub purpose: Text,
    pub locations: Vec<RawLocation>,
    pub steps: Vec<Text>,
    #[serde(default)]
    pub versions: Vec<RawVersionRule>,
    pub outcomes: Vec<RawOutcome>,
    #[serde(default)]
    pub notes: Option<Text>,
    #[serde(default)]
    pub detect: Option<RawDetect>,
    /// How a setting at Exchange Online is changed (default: in the application's own screen).
    #[serde(default)]
    pub change: ChangeRoute,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawLocation {
    pub id: String,
    #[serde(rename = "where")]
    pub place: Text,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawVersionRule {
    pub component: String,
    pub minimum: String,
    pub check: Text,
    pub below: Text,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawOutcome {
    pub kind: OutcomeKind,
    pub actions: Vec<Text>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawDetect {
    #[serde(default)]
    pub display_names: Vec<String>,
    #[serde(default)]
    pub files: Vec<String>,
    /// Tables in SQL Server that hold the application's mail setting (`[[detect.sql]]`).
    #[serde(default)]
    pub sql: Vec<SqlLocation>,
}

/// A known place of a mail setting in SQL Server: a database is the application's when it has
/// every table of `signature`; then `columns` of `table` are read row by row and each cell's
/// mail host is a finding. Names as the vendor's sources give them (never invented).
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct SqlLocation {
    pub signature: Vec<String>,
    pub table: String,
    pub columns: Vec<String>,
    /// The sources do not confirm that the setting sits in these columns (lower confidence).
    #[serde(default)]
    pub inferred: bool,
    /// Where the fact comes from, in both languages.
    pub source: Text,
}

/// SQL Server's longest identifier (`sysname`).
const MAX_SQL_NAME: usize = 128;

/// Parses one file; the error names the line and the problem as `toml` reports it.
pub fn parse(source: &str) -> Result<RawApplication, String> {
    if nesting(source) > MAX_NESTING {
        return Err(format!(
            "nested more than {MAX_NESTING} levels deep; a catalogue entry never is"
        ));
    }
    toml::from_str(source).map_err(|e| e.to_string().trim_end().replace('\n', "\n      "))
}

/// Deeper than any catalogue entry: a partner's folder is read before it is trusted, and a
/// parser's recursion must never meet a file nested a hundred thousand levels deep.
const MAX_NESTING: usize = 16;

/// The deepest nesting of `[`/`{` outside strings and comments (a cheap over-estimate is fine).
fn nesting(source: &str) -> usize {
    let (mut depth, mut deepest) = (0usize, 0usize);
    let mut quote: Option<char> = None;
    let mut comment = false;
    let mut escaped = false;
    for c in source.chars() {
        if comment {
            comment = c != '\n';
            continue;
        }
        if let Some(q) = quote {
            if escaped {
                escaped = false;
            } else if c == '\\' && q == '"' {
                escaped = true;
            } else if c == q {
                quote = None;
            }
            continue;
        }
        match c {
            '#' => comment = true,
            '"' | '\'' => quote = Some(c),
            '[' | '{' => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            ']' | '}' => depth = depth.saturating_sub(1),
            '\n' => {}
            _ => {}
        }
    }
    deepest
}

/// Checks a whole catalogue: every file on its own, then references between them.
/// `files` holds `(file stem, parsed file)`. Returns every problem found, sorted by file.
pub fn validate(files: &[(String, RawApplication)]) -> Vec<String> {
    let mut problems = Vec::new();
    let mut ids: BTreeMap<&str, &str> = BTreeMap::new();
    let mut orders: BTreeMap<u32, &str> = BTreeMap::new();
    for (stem, app) in files {
        let mut say = |problem: String| problems.push(format!("{stem}.toml: {problem}"));
        if app.id != *stem {
            say(format!("id `{}` differs from the file name", app.id));
        }
        if !is_kebab(&app.id) {
            say(format!("id `{}` is not kebab-case", app.id));
        }
        if let Some(other) = ids.insert(&app.id, stem) {
            say(format!("id `{}` also used by {other}.toml", app.id));
        }
        if let Some(other) = orders.insert(app.order, stem) {
            say(format!("order {} also used by {other}.toml", app.order));
        }
        if app.vendor.trim().is_empty() {
            say("vendor is empty".into());
        }
        if app.mail.is_empty() {
            say("mail lists no direction (out, in)".into());
        }
        let mut texts: Vec<(String, &Text)> =
            vec![("name".into(), &app.name), ("purpose".into(), &app.purpose)];
        if app.locations.is_empty() {
            say("no locations".into());
        }
        let mut location_ids = BTreeSet::new();
        for (i, location) in app.locations.iter().enumerate() {
            if !location_ids.insert(location.id.as_str()) {
                say(format!("location id `{}` used twice", location.id));
            }
            texts.push((format!("locations[{i}].where"), &location.place));
        }
        if app.steps.is_empty() {
            say("no steps".into());
        }
        for (i, step) in app.steps.iter().enumerate() {
            texts.push((format!("steps[{i}]"), step));
        }
        for (i, rule) in app.versions.iter().enumerate() {
            if rule.component.trim().is_empty() || rule.minimum.trim().is_empty() {
                say(format!("versions[{i}] needs a component and a minimum"));
            }
            texts.push((format!("versions[{i}].check"), &rule.check));
            texts.push((format!("versions[{i}].below"), &rule.below));
        }
        let kinds: Vec<OutcomeKind> = app.outcomes.iter().map(|o| o.kind).collect();
        for kind in OutcomeKind::ALL {
            match kinds.iter().filter(|k| **k == kind).count() {
                0 => say(format!("outcome `{}` is missing", kind.key())),
                1 => {}
                _ => say(format!("outcome `{}` appears more than once", kind.key())),
            }
        }
        for outcome in &app.outcomes {
            if outcome.actions.is_empty() {
                say(format!("outcome `{}` has no actions", outcome.kind.key()));
            }
            for (i, action) in outcome.actions.iter().enumerate() {
                texts.push((
                    format!("outcomes.{}.actions[{i}]", outcome.kind.key()),
                    action,
                ));
            }
        }
        if let Some(notes) = &app.notes {
            texts.push(("notes".into(), notes));
        }
        for (i, sql) in app.detect.iter().flat_map(|d| d.sql.iter()).enumerate() {
            let names = sql
                .signature
                .iter()
                .chain(sql.columns.iter())
                .chain(std::iter::once(&sql.table));
            for name in names {
                if name.trim().is_empty()
                    || name.chars().count() > MAX_SQL_NAME
                    || name.contains('\0')
                {
                    say(format!(
                        "detect.sql[{i}]: `{name}` is not a SQL Server name"
                    ));
                }
            }
            if sql.signature.is_empty() {
                say(format!("detect.sql[{i}]: the signature names no table"));
            }
            if !sql
                .signature
                .iter()
                .any(|t| t.eq_ignore_ascii_case(&sql.table))
            {
                say(format!(
                    "detect.sql[{i}]: table `{}` is not in the signature",
                    sql.table
                ));
            }
            if sql.columns.is_empty() {
                say(format!("detect.sql[{i}]: no columns"));
            }
            texts.push((format!("detect.sql[{i}].source"), &sql.source));
        }
        for (place, text) in texts {
            if text.nl.trim().is_empty() {
                say(format!("{place}: the Dutch text (nl) is empty"));
            }
            if text.en.trim().is_empty() {
                say(format!("{place}: the English text (en) is empty"));
            }
        }
    }
    for (stem, app) in files {
        if let Some(target) = &app.follows {
            if target == &app.id {
                problems.push(format!("{stem}.toml: follows itself"));
            } else if !ids.contains_key(target.as_str()) {
                problems.push(format!(
                    "{stem}.toml: follows `{target}`, which is not in the catalogue"
                ));
            }
        }
    }
    problems.sort();
    problems
}

fn is_kebab(id: &str) -> bool {
    !id.is_empty()
        && !id.starts_with('-')
        && !id.ends_with('-')
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}
