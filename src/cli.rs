//! The command line: no arguments opens the wizard; flags serve scripting and partner support.

use std::ffi::OsString;
use std::path::PathBuf;

use crate::catalog::Catalog;
use crate::detect::ScanReport;
use crate::i18n::Localizer;

/// How the window is opened.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct GuiArgs {
    /// A partner's catalogue folder, added to the embedded catalogue.
    pub catalog_dir: Option<PathBuf>,
    /// Open the window, draw a few frames, close it and report which renderer worked.
    pub smoke: bool,
}

/// `overstap scan`: what to scan and how to print it.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct ScanArgs {
    /// A snapshot folder; without it, this server.
    pub root: Option<PathBuf>,
    /// The snapshot's registry export; default: the first `*.reg` in the folder.
    pub registry: Option<PathBuf>,
    pub json: bool,
    /// SQL Server instances to search (`SERVER\INSTANCE`, `SERVER,PORT` or an ADO.NET string).
    pub sql: Vec<String>,
    /// Databases for the whole-database search (on every `--sql` instance that has them).
    pub sql_databases: Vec<String>,
    /// Accept the servers' certificates without checking them.
    pub sql_trust_certificate: bool,
}

/// `overstap plan`: scan, then plan the changes for a relay.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct PlanArgs {
    pub scan: ScanArgs,
    /// `host:port` of the relay; default: Overstap's relay on this server.
    pub relay: Option<String>,
    pub tls: bool,
}

/// `overstap apply PLAN [--dry-run]`.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct ApplyArgs {
    pub plan: PathBuf,
    pub dry_run: bool,
    /// Where backups go; default: the machine-wide backup folder.
    pub backups: Option<PathBuf>,
}

/// `overstap undo [--plan PLAN]`: undoes what an apply of that plan wrote.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct UndoArgs {
    pub plan: Option<PathBuf>,
    pub backups: Option<PathBuf>,
}

/// `overstap relay ...`: which action, on which relay folder.
#[derive(Debug, PartialEq, Eq)]
pub struct RelayArgs {
    pub action: RelayAction,
    /// The relay folder; default `RelayDirs::from_env`.
    pub dir: Option<PathBuf>,
    /// `run`: accept and queue only.
    pub hold: bool,
    /// `run`: another port than the settings' (0: any free one).
    pub port: Option<u16>,
    /// `status`: JSON instead of `key: value` lines.
    pub json: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RelayAction {
    /// In the foreground until stopped.
    Run,
    /// The queue (waiting, retrying, dead) for scripts.
    Status,
    /// Started by the Windows service control manager.
    Service,
    Install,
    Start,
    Stop,
    Remove,
}

/// `overstap report`: the summary of a saved session as documents.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct ReportArgs {
    pub session: PathBuf,
    /// The language of the documents; default: the settings' or the system's.
    pub language: Option<crate::i18n::Language>,
    pub pdf: Option<PathBuf>,
    pub html: Option<PathBuf>,
    pub ics: Option<PathBuf>,
    /// The plain text on standard output (also when no file is asked for).
    pub text: bool,
    /// The moment the documents say they were made, and whose offset prints every time in
    /// them; default: now, in local time. For documents that come out the same every run.
    pub at: Option<chrono::DateTime<chrono::FixedOffset>>,
}

impl ReportArgs {
    /// Whether the plain text goes to standard output: asked for, or nothing else was.
    pub fn prints_text(&self) -> bool {
        self.text || (self.pdf.is_none() && self.html.is_none() && self.ics.is_none())
    }
}

/// What the user asked for on the command line.
#[derive(Debug, PartialEq, Eq)]
pub enum Invocation {
    Gui(GuiArgs),
    Scan(ScanArgs),
    Plan(PlanArgs),
    Apply(ApplyArgs),
    Undo(UndoArgs),
    Relay(RelayArgs),
    Report(ReportArgs),
    Version,
    Help,
}

#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum CliError {
    #[error("unknown argument: {0}")]
    Unknown(String),
    #[error("{0} needs a value")]
    MissingValue(String),
    #[error("--registry needs --root: a registry export belongs to a snapshot folder")]
    RegistryWithoutRoot,
    #[error("--sql-db and --sql-trust-cert need --sql: name the SQL Server instance")]
    SqlOptionWithoutSql,
    #[error("{0} is not a port number")]
    BadPort(String),
    #[error("report needs --session FILE: the session to make the documents from")]
    ReportWithoutSession,
    #[error("--lang takes nl or en, not {0}")]
    UnknownLanguage(String),
    #[error("--at takes a moment like 2026-11-26T14:00:00+01:00, not {0}")]
    BadMoment(String),
}

pub fn parse<I: IntoIterator<Item = OsString>>(args: I) -> Result<Invocation, CliError> {
    let all: Vec<OsString> = args.into_iter().collect();
    if all.first().is_some_and(|a| a == "scan") {
        return parse_scan(all.into_iter().skip(1));
    }
    if all.first().is_some_and(|a| a == "plan") {
        return parse_plan(all.into_iter().skip(1));
    }
    if all.first().is_some_and(|a| a == "apply") {
        return parse_apply(all.into_iter().skip(1));
    }
    if all.first().is_some_and(|a| a == "undo") {
        return parse_undo(all.into_iter().skip(1));
    }
    if all.first().is_some_and(|a| a == "relay") {
        return parse_relay(all.into_iter().skip(1));
    }
    if all.first().is_some_and(|a| a == "report") {
        return parse_report(all.into_iter().skip(1));
    }
    let alone = all.len() == 1;
    let mut args = all.into_iter();
    let mut gui = GuiArgs::default();
    while let Some(arg) = args.next() {
        let text = arg.to_string_lossy().into_owned();
        match text.as_str() {
            "--version" | "-V" if alone => return Ok(Invocation::Version),
            "--help" | "-h" | "/?" if alone => return Ok(Invocation::Help),
            "--smoke" => gui.smoke = true,
            "--catalog" => {
                let dir = args.next().ok_or(CliError::MissingValue(text))?;
                gui.catalog_dir = Some(PathBuf::from(dir));
            }
            _ => return Err(CliError::Unknown(text)),
        }
    }
    Ok(Invocation::Gui(gui))
}

fn parse_scan(mut args: impl Iterator<Item = OsString>) -> Result<Invocation, CliError> {
    let mut scan = ScanArgs::default();
    while let Some(arg) = args.next() {
        let text = arg.to_string_lossy().into_owned();
        match text.as_str() {
            "--json" => scan.json = true,
            "--root" => {
                let dir = args.next().ok_or(CliError::MissingValue(text))?;
                scan.root = Some(PathBuf::from(dir));
            }
            "--registry" => {
                let file = args.next().ok_or(CliError::MissingValue(text))?;
                scan.registry = Some(PathBuf::from(file));
            }
            "--sql" => {
                let value = args.next().ok_or(CliError::MissingValue(text))?;
                scan.sql.push(value.to_string_lossy().into_owned());
            }
            "--sql-db" => {
                let value = args.next().ok_or(CliError::MissingValue(text))?;
                scan.sql_databases
                    .push(value.to_string_lossy().into_owned());
            }
            "--sql-trust-cert" => scan.sql_trust_certificate = true,
            _ => return Err(CliError::Unknown(text)),
        }
    }
    if scan.registry.is_some() && scan.root.is_none() {
        return Err(CliError::RegistryWithoutRoot);
    }
    if scan.sql.is_empty() && (!scan.sql_databases.is_empty() || scan.sql_trust_certificate) {
        return Err(CliError::SqlOptionWithoutSql);
    }
    Ok(Invocation::Scan(scan))
}

fn parse_plan(args: impl Iterator<Item = OsString>) -> Result<Invocation, CliError> {
    let mut relay = None;
    let mut tls = false;
    let mut rest = Vec::new();
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        match arg.to_string_lossy().as_ref() {
            "--relay" => {
                let value = args
                    .next()
                    .ok_or_else(|| CliError::MissingValue("--relay".into()))?;
                relay = Some(value.to_string_lossy().into_owned());
            }
            "--tls" => tls = true,
            _ => rest.push(arg),
        }
    }
    let Invocation::Scan(scan) = parse_scan(rest.into_iter())? else {
        return Err(CliError::Unknown("plan".into()));
    };
    Ok(Invocation::Plan(PlanArgs { scan, relay, tls }))
}

fn parse_apply(mut args: impl Iterator<Item = OsString>) -> Result<Invocation, CliError> {
    let mut apply = ApplyArgs::default();
    let mut plan = None;
    while let Some(arg) = args.next() {
        let text = arg.to_string_lossy().into_owned();
        match text.as_str() {
            "--dry-run" => apply.dry_run = true,
            "--backups" => {
                let dir = args.next().ok_or(CliError::MissingValue(text))?;
                apply.backups = Some(PathBuf::from(dir));
            }
            _ if !text.starts_with('-') && plan.is_none() => plan = Some(PathBuf::from(arg)),
            _ => return Err(CliError::Unknown(text)),
        }
    }
    apply.plan = plan.ok_or_else(|| CliError::MissingValue("apply".into()))?;
    Ok(Invocation::Apply(apply))
}

fn parse_undo(mut args: impl Iterator<Item = OsString>) -> Result<Invocation, CliError> {
    let mut undo = UndoArgs::default();
    while let Some(arg) = args.next() {
        let text = arg.to_string_lossy().into_owned();
        match text.as_str() {
            "--plan" => {
                let file = args.next().ok_or(CliError::MissingValue(text))?;
                undo.plan = Some(PathBuf::from(file));
            }
            "--backups" => {
                let dir = args.next().ok_or(CliError::MissingValue(text))?;
                undo.backups = Some(PathBuf::from(dir));
            }
            _ => return Err(CliError::Unknown(text)),
        }
    }
    Ok(Invocation::Undo(undo))
}

/// The SQL Server searches `overstap scan --sql` asks for. A SQL login's password missing from
/// a connection string comes from `password` (`OVERSTAP_SQL_PASSWORD`), never from the command
/// line itself.
pub fn sql_requests(
    args: &ScanArgs,
    password: Option<secrecy::SecretString>,
) -> Result<Vec<crate::sql::search::SearchRequest>, crate::sql::SqlError> {
    args.sql
        .iter()
        .map(|text| {
            let mut conn = crate::sql::ConnParams::parse(text, password.clone())?;
            conn.trust_server_certificate |= args.sql_trust_certificate;
            Ok(crate::sql::search::SearchRequest {
                conn,
                databases: args.sql_databases.clone(),
            })
        })
        .collect()
}

fn parse_relay(args: impl Iterator<Item = OsString>) -> Result<Invocation, CliError> {
    let mut args = args.peekable();
    let action = match args
        .peek()
        .map(|a| a.to_string_lossy().into_owned())
        .as_deref()
    {
        Some("run") => Some(RelayAction::Run),
        Some("status") => Some(RelayAction::Status),
        Some("service") => Some(RelayAction::Service),
        Some("install") => Some(RelayAction::Install),
        Some("start") => Some(RelayAction::Start),
        Some("stop") => Some(RelayAction::Stop),
        Some("remove") => Some(RelayAction::Remove),
        _ => None,
    };
    if action.is_some() {
        args.next();
    }
    let mut relay = RelayArgs {
        action: action.unwrap_or(RelayAction::Run),
        dir: None,
        hold: false,
        port: None,
        json: false,
    };
    while let Some(arg) = args.next() {
        let text = arg.to_string_lossy().into_owned();
        match (relay.action, text.as_str()) {
            (_, "--dir") => {
                let dir = args.next().ok_or(CliError::MissingValue(text))?;
                relay.dir = Some(PathBuf::from(dir));
            }
            (RelayAction::Run, "--hold") => relay.hold = true,
            (RelayAction::Run, "--port") => {
                let port = args.next().ok_or(CliError::MissingValue(text))?;
                let port = port.to_string_lossy().into_owned();
                relay.port = Some(port.parse().map_err(|_| CliError::BadPort(port))?);
            }
            (RelayAction::Status, "--json") => relay.json = true,
            _ => return Err(CliError::Unknown(text)),
        }
    }
    Ok(Invocation::Relay(relay))
}

fn parse_report(mut args: impl Iterator<Item = OsString>) -> Result<Invocation, CliError> {
    let mut report = ReportArgs::default();
    let mut session = None;
    while let Some(arg) = args.next() {
        let text = arg.to_string_lossy().into_owned();
        let mut value = || {
            args.next()
                .map(PathBuf::from)
                .ok_or(CliError::MissingValue(text.clone()))
        };
        match text.as_str() {
            "--session" => session = Some(value()?),
            "--pdf" => report.pdf = Some(value()?),
            "--html" => report.html = Some(value()?),
            "--ics" => report.ics = Some(value()?),
            "--text" => report.text = true,
            "--at" => {
                let moment = value()?.to_string_lossy().into_owned();
                report.at = Some(
                    chrono::DateTime::parse_from_rfc3339(&moment)
                        .map_err(|_| CliError::BadMoment(moment))?,
                );
            }
            "--lang" => {
                let code = value()?.to_string_lossy().to_ascii_lowercase();
                report.language = Some(match code.as_str() {
                    "nl" => crate::i18n::Language::Nl,
                    "en" => crate::i18n::Language::En,
                    _ => return Err(CliError::UnknownLanguage(code)),
                });
            }
            _ => return Err(CliError::Unknown(text)),
        }
    }
    report.session = session.ok_or(CliError::ReportWithoutSession)?;
    Ok(Invocation::Report(report))
}

/// Version of the JSON that `overstap scan --json` prints; bumped when a field changes meaning.
pub const SCAN_JSON_SCHEMA: &str = "overstap-scan/2";

#[derive(serde::Serialize)]
struct ScanJson<'a> {
    schema: &'static str,
    exchange_online_basic_auth: bool,
    #[serde(flatten)]
    report: &'a ScanReport,
}

/// The report as JSON (schema in README.md), sorted, without any secret.
pub fn scan_json(report: &ScanReport) -> String {
    let json = ScanJson {
        schema: SCAN_JSON_SCHEMA,
        exchange_online_basic_auth: report.exchange_online_basic_auth(),
        report,
    };
    // Plain data with string keys: serialising cannot fail.
    serde_json::to_string_pretty(&json).unwrap_or_default()
}

/// The widest a table cell gets; longer texts end in an ellipsis (the JSON has them whole).
const MAX_CELL_CHARS: usize = 120;

/// A scanned text as a terminal may show it: control characters (an escape sequence in a file
/// name could rewrite the admin's screen) written out, and cut to `max` characters.
pub fn terminal_safe(text: &str, max: usize) -> String {
    crate::detect::text::shown(text, max)
}

/// The report as a table: installed applications, then one row per finding. Every scanned text
/// passes [`terminal_safe`].
pub fn scan_table(report: &ScanReport, catalog: &Catalog, l10n: &Localizer) -> String {
    let cell = |text: &str| terminal_safe(text, MAX_CELL_CHARS);
    let name = |id: &str| {
        catalog
            .get(id)
            .map(|a| a.name.get(l10n.language()).to_owned())
            .unwrap_or_else(|| id.to_owned())
    };
    let mut out = String::new();
    for installed in &report.installed {
        out.push_str(&format!(
            "{}: {} {}",
            cell(&name(&installed.app)),
            cell(&installed.display_name),
            cell(&installed.display_version)
        ));
        if let Some(line) = crate::checklist::version_line(&installed.version, l10n) {
            out.push_str(&format!(" - {line}"));
        }
        out.push('\n');
    }
    if !report.installed.is_empty() {
        out.push('\n');
    }
    let header = [
        l10n.tr("scan-col-application"),
        l10n.tr("scan-col-classification"),
        l10n.tr("scan-col-value"),
        l10n.tr("scan-col-owner"),
        l10n.tr("scan-col-location"),
    ];
    let rows: Vec<[String; 5]> = report
        .findings
        .iter()
        .map(|f| {
            [
                cell(&name(&f.app)),
                l10n.tr(&format!("scan-class-{}", f.classification.key())),
                if f.value.is_empty() {
                    "-".to_owned()
                } else {
                    cell(&f.value)
                },
                f.owner
                    .as_ref()
                    .map_or_else(|| "-".to_owned(), |o| cell(&o.localize(l10n))),
                terminal_safe(&f.location.display(), 2 * MAX_CELL_CHARS),
            ]
        })
        .collect();
    let widths: Vec<usize> = (0..4)
        .map(|i| {
            rows.iter()
                .map(|r| r[i].chars().count())
                .chain([header[i].chars().count()])
                .max()
                .unwrap_or(0)
        })
        .collect();
    for row in std::iter::once(&header).chain(rows.iter()) {
        let line = format!(
            "{:w0$}  {:w1$}  {:w2$}  {:w3$}  {}",
            row[0],
            row[1],
            row[2],
            row[3],
            row[4],
            w0 = widths[0],
            w1 = widths[1],
            w2 = widths[2],
            w3 = widths[3]
        );
        out.push_str(line.trim_end());
        out.push('\n');
    }
    let chains = report.chains();
    if !chains.is_empty() {
        out.push('\n');
        out.push_str(&l10n.tr("scan-chains-heading"));
        out.push('\n');
        for chain in chains {
            let mut args = crate::checklist::relay_args(chain.relay, catalog, l10n);
            args.push(("count", chain.senders.len().into()));
            out.push_str(&cell(&l10n.tr_args("scan-chain-relay", &args)));
            out.push('\n');
            for sender in chain.senders {
                let who = sender
                    .owner
                    .as_ref()
                    .map(|o| format!(" ({})", o.localize(l10n)))
                    .unwrap_or_default();
                out.push_str(&format!(
                    "  <- {}: {}{}\n",
                    cell(&name(&sender.app)),
                    if sender.value.is_empty() {
                        "-".to_owned()
                    } else {
                        cell(&sender.value)
                    },
                    cell(&who)
                ));
            }
        }
    }
    out
}

/// 0: nothing uses Exchange Online basic authentication, 1: something does.
pub fn scan_exit_code(report: &ScanReport) -> u8 {
    u8::from(report.exchange_online_basic_auth())
}

/// Whether the output of this invocation must reach the console that started the program.
/// On Windows the executable is a windowed program, which has no console of its own: everything
/// that prints (`--version`, `--help`, `--smoke`, a wrong argument) attaches to the parent's; the
/// plain wizard does not, so a later message cannot scribble over the admin's prompt.
pub fn wants_console(invocation: &Result<Invocation, CliError>) -> bool {
    !matches!(
        invocation,
        Ok(Invocation::Gui(GuiArgs { smoke: false, .. }))
    )
}

pub fn version_line() -> String {
    format!("overstap {}", env!("CARGO_PKG_VERSION"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_strs(args: &[&str]) -> Result<Invocation, CliError> {
        parse(args.iter().map(OsString::from))
    }

    #[test]
    fn everything_that_prints_attaches_to_the_console_and_the_plain_wizard_does_not() {
        assert!(!wants_console(&parse_strs(&[])));
        assert!(!wants_console(&parse_strs(&["--catalog", "D:\\partner"])));
        assert!(wants_console(&parse_strs(&["--version"])));
        assert!(wants_console(&parse_strs(&["--help"])));
        assert!(wants_console(&parse_strs(&["--smoke"])));
        assert!(wants_console(&parse_strs(&["--frobnicate"])));
    }

    #[test]
    fn arguments_table() {
        assert_eq!(parse_strs(&[]), Ok(Invocation::Gui(GuiArgs::default())));
        assert_eq!(parse_strs(&["--version"]), Ok(Invocation::Version));
        assert_eq!(parse_strs(&["-V"]), Ok(Invocation::Version));
        assert_eq!(parse_strs(&["--help"]), Ok(Invocation::Help));
        assert_eq!(parse_strs(&["/?"]), Ok(Invocation::Help));
        assert_eq!(
            parse_strs(&["--smoke"]),
            Ok(Invocation::Gui(GuiArgs {
                smoke: true,
                ..GuiArgs::default()
            }))
        );
        assert_eq!(
            parse_strs(&["--catalog", "D:\\partner", "--smoke"]),
            Ok(Invocation::Gui(GuiArgs {
                catalog_dir: Some(PathBuf::from("D:\\partner")),
                smoke: true,
            }))
        );
        assert_eq!(
            parse_strs(&["--catalog"]),
            Err(CliError::MissingValue("--catalog".into()))
        );
        assert_eq!(
            parse_strs(&["--frobnicate"]),
            Err(CliError::Unknown("--frobnicate".into()))
        );
        assert_eq!(
            parse_strs(&["--version", "x"]),
            Err(CliError::Unknown("--version".into()))
        );
    }

    #[test]
    fn relay_arguments_table() {
        let relay = |action, dir: Option<&str>| RelayArgs {
            action,
            dir: dir.map(PathBuf::from),
            hold: false,
            port: None,
            json: false,
        };
        assert_eq!(
            parse_strs(&["relay"]),
            Ok(Invocation::Relay(relay(RelayAction::Run, None)))
        );
        assert_eq!(
            parse_strs(&["relay", "run", "--dir", "/r", "--hold", "--port", "0"]),
            Ok(Invocation::Relay(RelayArgs {
                hold: true,
                port: Some(0),
                ..relay(RelayAction::Run, Some("/r"))
            }))
        );
        assert_eq!(
            parse_strs(&["relay", "status", "--json"]),
            Ok(Invocation::Relay(RelayArgs {
                json: true,
                ..relay(RelayAction::Status, None)
            }))
        );
        assert_eq!(
            parse_strs(&["relay", "install"]),
            Ok(Invocation::Relay(relay(RelayAction::Install, None)))
        );
        assert_eq!(
            parse_strs(&["relay", "status", "--hold"]),
            Err(CliError::Unknown("--hold".into()))
        );
        assert_eq!(
            parse_strs(&["relay", "run", "--port", "x"]),
            Err(CliError::BadPort("x".into()))
        );
    }

    #[test]
    fn report_arguments_table() {
        use crate::i18n::Language;
        assert_eq!(
            parse_strs(&[
                "report",
                "--session",
                "s.json",
                "--lang",
                "NL",
                "--pdf",
                "o.pdf",
                "--html",
                "o.html",
                "--ics",
                "o.ics",
                "--text"
            ]),
            Ok(Invocation::Report(ReportArgs {
                session: PathBuf::from("s.json"),
                language: Some(Language::Nl),
                pdf: Some(PathBuf::from("o.pdf")),
                html: Some(PathBuf::from("o.html")),
                ics: Some(PathBuf::from("o.ics")),
                text: true,
                at: None,
            }))
        );
        assert!(matches!(
            parse_strs(&[
                "report",
                "--session",
                "s.json",
                "--at",
                "2026-11-26T14:00:00+01:00"
            ]),
            Ok(Invocation::Report(ReportArgs { at: Some(_), .. }))
        ));
        assert_eq!(
            parse_strs(&["report", "--session", "s.json", "--at", "gisteren"]),
            Err(CliError::BadMoment("gisteren".into()))
        );
        let only = parse_strs(&["report", "--session", "s.json"]);
        assert!(matches!(&only, Ok(Invocation::Report(r)) if r.prints_text()));
        let pdf = parse_strs(&["report", "--session", "s.json", "--pdf", "o.pdf"]);
        assert!(matches!(&pdf, Ok(Invocation::Report(r)) if !r.prints_text()));
        assert_eq!(
            parse_strs(&["report", "--pdf", "o.pdf"]),
            Err(CliError::ReportWithoutSession)
        );
        assert_eq!(
            parse_strs(&["report", "--session", "s.json", "--lang", "de"]),
            Err(CliError::UnknownLanguage("de".into()))
        );
        assert_eq!(
            parse_strs(&["report", "--session"]),
            Err(CliError::MissingValue("--session".into()))
        );
        assert_eq!(
            parse_strs(&["report", "--session", "s.json", "--json"]),
            Err(CliError::Unknown("--json".into()))
        );
    }

    #[test]
    fn scan_arguments_table() {
        assert_eq!(
            parse_strs(&["scan"]),
            Ok(Invocation::Scan(ScanArgs::default()))
        );
        assert_eq!(
            parse_strs(&[
                "scan",
                "--root",
                "/snap",
                "--registry",
                "/snap/x.reg",
                "--json"
            ]),
            Ok(Invocation::Scan(ScanArgs {
                root: Some(PathBuf::from("/snap")),
                registry: Some(PathBuf::from("/snap/x.reg")),
                json: true,
                ..ScanArgs::default()
            }))
        );
        assert_eq!(
            parse_strs(&[
                "scan",
                "--sql",
                "SQL01\\EXACT",
                "--sql",
                "SQL02,1433",
                "--sql-db",
                "Synergy",
                "--sql-trust-cert",
                "--json"
            ]),
            Ok(Invocation::Scan(ScanArgs {
                json: true,
                sql: vec!["SQL01\\EXACT".into(), "SQL02,1433".into()],
                sql_databases: vec!["Synergy".into()],
                sql_trust_certificate: true,
                ..ScanArgs::default()
            }))
        );
        assert_eq!(
            parse_strs(&["scan", "--sql"]),
            Err(CliError::MissingValue("--sql".into()))
        );
        assert_eq!(
            parse_strs(&["scan", "--sql-db", "x"]),
            Err(CliError::SqlOptionWithoutSql)
        );
        assert_eq!(
            parse_strs(&["scan", "--root"]),
            Err(CliError::MissingValue("--root".into()))
        );
        assert_eq!(
            parse_strs(&["scan", "--registry", "x.reg"]),
            Err(CliError::RegistryWithoutRoot)
        );
        assert_eq!(
            parse_strs(&["scan", "--smoke"]),
            Err(CliError::Unknown("--smoke".into()))
        );
        assert_eq!(
            parse_strs(&["--smoke", "scan"]),
            Err(CliError::Unknown("scan".into()))
        );
    }
}
