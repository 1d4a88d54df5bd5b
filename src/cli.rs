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
            _ => return Err(CliError::Unknown(text)),
        }
    }
    if scan.registry.is_some() && scan.root.is_none() {
        return Err(CliError::RegistryWithoutRoot);
    }
    Ok(Invocation::Scan(scan))
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
            }))
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
