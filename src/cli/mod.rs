//! The command line: no arguments opens the wizard; the commands (`scan`, `plan`, `apply`,
//! `undo`, `report`, `relay`) serve scripting and partner support.
//!
//! Two stages, as in ripgrep: [`definition`] says what the command line is (clap's builder API,
//! every text from `locales/*/cli.ftl`), [`parse_in`] turns clap's matches into the typed
//! [`Invocation`] and checks what clap cannot (`--registry` without `--root`). Every parse error
//! becomes a [`CliError`] that is said in Dutch or English, never in clap's English.

pub mod definition;
pub mod exit;

use std::ffi::OsString;
use std::path::PathBuf;

pub use exit::Exit;

use crate::catalog::Catalog;
use crate::detect::ScanReport;
use crate::i18n::{Language, Localizer};

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
    /// `--help` of a command (or `/?`): the help, rendered in the chosen language.
    Help(String),
}

/// Why the command line was refused. The arguments are named as the user typed them (`--root`,
/// a positional by its value name); [`CliError::localize`] says it in the chosen language, with
/// the usage of the command it happened in.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CliErrorKind {
    #[error("unknown argument: {0}")]
    Unknown(String),
    #[error("{0} needs a value")]
    MissingValue(String),
    /// Required arguments that are missing (`report` without `--session`, `apply` without a plan).
    #[error("missing: {}", .0.join(", "))]
    Missing(Vec<String>),
    /// A value the argument does not take; `expected` are its possible values, or empty when a
    /// check refused it (`cli-expect-<arg>` says what it takes).
    #[error("{arg} does not take {value:?}")]
    BadValue {
        arg: String,
        value: String,
        expected: Vec<String>,
    },
    /// Two arguments that cannot go together (`other` empty: `arg` stands alone).
    #[error("{arg} cannot be combined with {other}")]
    Conflict { arg: String, other: String },
    #[error("--registry needs --root: a registry export belongs to a snapshot folder")]
    RegistryWithoutRoot,
    #[error("--sql-db and --sql-trust-cert need --sql: name the SQL Server instance")]
    SqlOptionWithoutSql,
    #[error("--lang is for the command line; the wizard's language is chosen in its window")]
    LangForWindow,
    /// Anything else clap refuses (its kind, for the report to the partner).
    #[error("the command line could not be read ({0})")]
    Other(String),
}

/// A refused command line: what was wrong, and in which command (`["relay", "status"]`; empty
/// for the wizard's own options).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{kind}")]
pub struct CliError {
    pub command: Vec<String>,
    pub kind: CliErrorKind,
}

impl CliError {
    /// The message, the usage of the command it happened in and where to read more, in the
    /// language of `l10n`.
    pub fn localize(&self, l10n: &Localizer) -> String {
        let arg = |id: &str, args: &[(&str, String)]| {
            let args: Vec<crate::i18n::Arg<'_>> = args
                .iter()
                .map(|(name, value)| (*name, value.clone().into()))
                .collect();
            l10n.tr_args(id, &args)
        };
        let mut root = definition::command(l10n);
        root.build();
        let path: Vec<&str> = self.command.iter().map(String::as_str).collect();
        let shown = std::iter::once(definition::BIN)
            .chain(path.iter().copied())
            .collect::<Vec<_>>()
            .join(" ");
        let message = match &self.kind {
            CliErrorKind::Unknown(name) => arg("cli-error-unknown", &[("arg", name.clone())]),
            CliErrorKind::MissingValue(name) => {
                arg("cli-error-missing-value", &[("arg", name.clone())])
            }
            CliErrorKind::Missing(names) => arg(
                "cli-error-missing",
                &[("command", shown.clone()), ("args", names.join(" "))],
            ),
            CliErrorKind::BadValue {
                arg: name,
                value,
                expected,
            } => {
                let expected = match expected.split_last() {
                    Some((last, [])) => last.clone(),
                    Some((last, rest)) => {
                        format!("{} {} {last}", rest.join(", "), l10n.tr("cli-word-or"))
                    }
                    None => l10n.tr(&format!("cli-expect-{}", name.trim_start_matches('-'))),
                };
                arg(
                    "cli-error-bad-value",
                    &[
                        ("arg", name.clone()),
                        ("value", terminal_safe(value, MAX_CELL_CHARS)),
                        ("expected", expected),
                    ],
                )
            }
            CliErrorKind::Conflict { arg: name, other } if other.is_empty() => {
                arg("cli-error-alone", &[("arg", name.clone())])
            }
            CliErrorKind::Conflict { arg: name, other } => arg(
                "cli-error-conflict",
                &[("arg", name.clone()), ("other", other.clone())],
            ),
            CliErrorKind::RegistryWithoutRoot => l10n.tr("cli-error-registry-without-root"),
            CliErrorKind::SqlOptionWithoutSql => l10n.tr("cli-error-sql-without-sql"),
            CliErrorKind::LangForWindow => l10n.tr("cli-error-lang-window"),
            CliErrorKind::Other(detail) => arg("cli-error-other", &[("detail", detail.clone())]),
        };
        let usage: String = definition::usage_for_error(&root, &path)
            .iter()
            .map(|line| format!("  {line}\n"))
            .collect();
        format!(
            "{message}\n\n{}\n{usage}\n{}",
            l10n.tr("cli-heading-usage"),
            arg("cli-error-more", &[("command", shown)])
        )
    }
}

/// The language the command line answers in: `--lang` when it is given (and valid), else the
/// settings' or the system's. Read before parsing, because the help and the parse errors are
/// built in it.
pub fn language_of(args: &[OsString], fallback: impl FnOnce() -> Language) -> Language {
    let mut args = args.iter().map(|a| a.to_string_lossy());
    let mut chosen = None;
    while let Some(arg) = args.next() {
        let value = match arg.as_ref() {
            "--" => break,
            "--lang" => args.next().map(|v| v.to_ascii_lowercase()),
            other => other
                .strip_prefix("--lang=")
                .map(|v| v.to_ascii_lowercase()),
        };
        match value.as_deref() {
            Some("nl") => chosen = Some(Language::Nl),
            Some("en") => chosen = Some(Language::En),
            _ => {}
        }
    }
    chosen.unwrap_or_else(fallback)
}

/// Reads the command line in the language it asks for (`--lang`), else the settings'.
pub fn parse<I: IntoIterator<Item = OsString>>(args: I) -> Result<Invocation, CliError> {
    let args: Vec<OsString> = args.into_iter().collect();
    let language = language_of(&args, || crate::gui::outside_localizer().language());
    parse_in(args, &Localizer::new(language))
}

/// Reads the command line (without the program's name); help and errors in the language of
/// `l10n`.
pub fn parse_in<I: IntoIterator<Item = OsString>>(
    args: I,
    l10n: &Localizer,
) -> Result<Invocation, CliError> {
    let mut args: Vec<OsString> = args.into_iter().collect();
    // The Windows way of asking for help, alone as before.
    if args.len() == 1 && args[0] == "/?" {
        args[0] = OsString::from("--help");
    }
    let mut root = definition::command(l10n);
    root.build();
    let matches = match root
        .clone()
        .try_get_matches_from(std::iter::once(OsString::from(definition::BIN)).chain(args.clone()))
    {
        Ok(matches) => matches,
        Err(error) if error.kind() == clap::error::ErrorKind::DisplayHelp => {
            return Ok(Invocation::Help(
                error.render().to_string().trim_end().to_owned(),
            ));
        }
        Err(error) => {
            return Err(CliError {
                command: command_path(&root, &args),
                kind: error_kind(&error),
            });
        }
    };
    let refused = |command: &[&str], kind| CliError {
        command: command.iter().map(|c| (*c).to_owned()).collect(),
        kind,
    };
    let language = |m: &clap::ArgMatches| {
        m.get_one::<String>("lang")
            .map(|code| match code.to_ascii_lowercase().as_str() {
                "nl" => Language::Nl,
                _ => Language::En,
            })
    };
    let path = |m: &clap::ArgMatches, id: &str| m.get_one::<PathBuf>(id).cloned();
    let texts = |m: &clap::ArgMatches, id: &str| -> Vec<String> {
        m.get_many::<String>(id)
            .map(|values| values.cloned().collect())
            .unwrap_or_default()
    };
    let scan_of = |m: &clap::ArgMatches, verb: &str| {
        let scan = ScanArgs {
            root: path(m, "root"),
            registry: path(m, "registry"),
            json: m.get_flag("json"),
            sql: texts(m, "sql"),
            sql_databases: texts(m, "sql-db"),
            sql_trust_certificate: m.get_flag("sql-trust-cert"),
        };
        if scan.registry.is_some() && scan.root.is_none() {
            return Err(refused(&[verb], CliErrorKind::RegistryWithoutRoot));
        }
        if scan.sql.is_empty() && (!scan.sql_databases.is_empty() || scan.sql_trust_certificate) {
            return Err(refused(&[verb], CliErrorKind::SqlOptionWithoutSql));
        }
        Ok(scan)
    };
    // `overstap --smoke scan` is a mistake, not a scan. (Not clap's
    // `args_conflicts_with_subcommands`: it would refuse `overstap --lang nl scan` too.)
    if let Some((verb, _)) = matches.subcommand() {
        for wizard_only in ["smoke", "catalog"] {
            if matches.value_source(wizard_only) == Some(clap::parser::ValueSource::CommandLine) {
                return Err(refused(
                    &[verb],
                    CliErrorKind::Conflict {
                        arg: verb.to_owned(),
                        other: format!("--{wizard_only}"),
                    },
                ));
            }
        }
    }
    match matches.subcommand() {
        None if matches.get_flag("version") => Ok(Invocation::Version),
        None if language(&matches).is_some() => Err(refused(&[], CliErrorKind::LangForWindow)),
        None => Ok(Invocation::Gui(GuiArgs {
            catalog_dir: path(&matches, "catalog"),
            smoke: matches.get_flag("smoke"),
        })),
        Some(("scan", m)) => Ok(Invocation::Scan(scan_of(m, "scan")?)),
        Some(("plan", m)) => Ok(Invocation::Plan(PlanArgs {
            scan: scan_of(m, "plan")?,
            relay: m.get_one::<String>("relay").cloned(),
            tls: m.get_flag("tls"),
        })),
        Some(("apply", m)) => Ok(Invocation::Apply(ApplyArgs {
            plan: path(m, "plan").unwrap_or_default(),
            dry_run: m.get_flag("dry-run"),
            backups: path(m, "backups"),
        })),
        Some(("undo", m)) => Ok(Invocation::Undo(UndoArgs {
            plan: path(m, "plan"),
            backups: path(m, "backups"),
        })),
        Some(("report", m)) => Ok(Invocation::Report(ReportArgs {
            session: path(m, "session").unwrap_or_default(),
            language: language(m),
            pdf: path(m, "pdf"),
            html: path(m, "html"),
            ics: path(m, "ics"),
            text: m.get_flag("text"),
            at: m
                .get_one::<chrono::DateTime<chrono::FixedOffset>>("at")
                .copied(),
        })),
        Some(("relay", m)) => {
            let (action, m) = match m.subcommand() {
                Some((name, sub)) => (RelayAction::from_name(name), sub),
                None => (Some(RelayAction::Run), m),
            };
            let action = action.ok_or_else(|| {
                refused(&["relay"], CliErrorKind::Other("relay action".to_owned()))
            })?;
            let has = |id: &str| m.try_contains_id(id).unwrap_or(false);
            Ok(Invocation::Relay(RelayArgs {
                action,
                dir: path(m, "dir"),
                hold: has("hold") && m.get_flag("hold"),
                port: if has("port") {
                    m.get_one::<u16>("port").copied()
                } else {
                    None
                },
                json: has("json") && m.get_flag("json"),
            }))
        }
        Some((other, _)) => Err(refused(&[], CliErrorKind::Unknown(other.to_owned()))),
    }
}

impl RelayAction {
    /// The action named on the command line (`relay status`).
    pub fn from_name(name: &str) -> Option<RelayAction> {
        Some(match name {
            "run" => RelayAction::Run,
            "status" => RelayAction::Status,
            "service" => RelayAction::Service,
            "install" => RelayAction::Install,
            "start" => RelayAction::Start,
            "stop" => RelayAction::Stop,
            "remove" => RelayAction::Remove,
            _ => return None,
        })
    }
}

/// The commands named in `args` (`["relay", "status"]`), found the way clap walks them: an
/// option that takes a value skips it. For the usage line under an error.
fn command_path(root: &clap::Command, args: &[OsString]) -> Vec<String> {
    let mut command = root;
    let mut path = Vec::new();
    let mut args = args.iter().map(|a| a.to_string_lossy());
    while let Some(arg) = args.next() {
        if arg == "--" {
            break;
        }
        if let Some(long) = arg.strip_prefix("--") {
            let takes_value = command
                .get_arguments()
                .find(|a| a.get_long() == Some(long))
                .is_some_and(|a| a.get_action().takes_values());
            if takes_value {
                args.next();
            }
        } else if !arg.starts_with('-')
            && let Some(sub) = command.find_subcommand(arg.as_ref())
        {
            path.push(sub.get_name().to_owned());
            command = sub;
        }
    }
    path
}

/// What clap refused, as our own kind: clap's English message is never shown.
fn error_kind(error: &clap::Error) -> CliErrorKind {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    let strings = |kind: ContextKind| -> Vec<String> {
        match error.get(kind) {
            Some(ContextValue::String(text)) => vec![text.clone()],
            Some(ContextValue::Strings(texts)) => texts.clone(),
            Some(ContextValue::StyledStr(text)) => vec![text.to_string()],
            _ => Vec::new(),
        }
    };
    let one = |kind: ContextKind| strings(kind).into_iter().next().unwrap_or_default();
    // clap names an argument with its value name (`--root <DIR>`, `<PLAN.json>`); the user
    // typed only the first word.
    let name = |text: String| {
        let first = text
            .split_whitespace()
            .next()
            .unwrap_or_default()
            .to_owned();
        first
            .trim_start_matches('<')
            .trim_end_matches('>')
            .to_owned()
    };
    match error.kind() {
        ErrorKind::UnknownArgument => CliErrorKind::Unknown(one(ContextKind::InvalidArg)),
        ErrorKind::InvalidSubcommand => CliErrorKind::Unknown(one(ContextKind::InvalidSubcommand)),
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => {
            let arg = name(one(ContextKind::InvalidArg));
            let value = one(ContextKind::InvalidValue);
            if value.is_empty() && error.kind() == ErrorKind::InvalidValue {
                CliErrorKind::MissingValue(arg)
            } else {
                CliErrorKind::BadValue {
                    arg,
                    value,
                    expected: strings(ContextKind::ValidValue),
                }
            }
        }
        ErrorKind::MissingRequiredArgument => CliErrorKind::Missing(
            strings(ContextKind::InvalidArg)
                .into_iter()
                .map(|text| text.replace(['<', '>'], ""))
                .collect(),
        ),
        ErrorKind::ArgumentConflict => CliErrorKind::Conflict {
            // An action after the command's own options names the action.
            arg: name(one(ContextKind::InvalidArg) + &one(ContextKind::InvalidSubcommand)),
            other: strings(ContextKind::PriorArg)
                .into_iter()
                .map(name)
                .collect::<Vec<_>>()
                .join(", "),
        },
        kind => CliErrorKind::Other(format!("{kind:?}")),
    }
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

/// [`Exit::Ok`]: nothing uses Exchange Online basic authentication, [`Exit::Attention`]:
/// something does.
pub fn scan_exit_code(report: &ScanReport) -> Exit {
    if report.exchange_online_basic_auth() {
        Exit::Attention
    } else {
        Exit::Ok
    }
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
        parse_in(
            args.iter().map(OsString::from),
            &Localizer::new(Language::En),
        )
    }

    /// Parses in both languages: the result must not depend on the language of the texts.
    fn kind(args: &[&str]) -> CliErrorKind {
        let [en, nl] = [Language::En, Language::Nl].map(|language| {
            parse_in(args.iter().map(OsString::from), &Localizer::new(language))
                .expect_err("refused")
        });
        assert_eq!(en.command, nl.command, "{args:?}");
        if !matches!(en.kind, CliErrorKind::Missing(_)) {
            // Value names in a missing-argument list are translated; everything else is typed.
            assert_eq!(en.kind, nl.kind, "{args:?}");
        }
        en.kind
    }

    fn unknown(arg: &str) -> CliErrorKind {
        CliErrorKind::Unknown(arg.to_owned())
    }

    #[test]
    fn everything_that_prints_attaches_to_the_console_and_the_plain_wizard_does_not() {
        assert!(!wants_console(&parse_strs(&[])));
        assert!(!wants_console(&parse_strs(&["--catalog", "D:\\partner"])));
        assert!(wants_console(&parse_strs(&["--version"])));
        assert!(wants_console(&parse_strs(&["--help"])));
        assert!(wants_console(&parse_strs(&["--smoke"])));
        assert!(wants_console(&parse_strs(&["--frobnicate"])));
        assert!(wants_console(&parse_strs(&["scan", "--help"])));
    }

    #[test]
    fn arguments_table() {
        assert_eq!(parse_strs(&[]), Ok(Invocation::Gui(GuiArgs::default())));
        assert_eq!(parse_strs(&["--version"]), Ok(Invocation::Version));
        assert_eq!(parse_strs(&["-V"]), Ok(Invocation::Version));
        for help in [&["--help"][..], &["-h"], &["/?"]] {
            assert!(
                matches!(parse_strs(help), Ok(Invocation::Help(text)) if text.contains("overstap scan")),
                "{help:?}"
            );
        }
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
            kind(&["--catalog"]),
            CliErrorKind::MissingValue("--catalog".into())
        );
        assert_eq!(kind(&["--frobnicate"]), unknown("--frobnicate"));
        assert_eq!(kind(&["frobnicate"]), unknown("frobnicate"));
        assert_eq!(kind(&["--version", "x"]), unknown("x"));
        assert!(matches!(
            kind(&["--version", "--smoke"]),
            CliErrorKind::Conflict { arg, .. } if arg == "--version"
        ));
        assert_eq!(kind(&["--lang", "nl"]), CliErrorKind::LangForWindow);
        // `/?` is help only on its own, as before.
        assert_eq!(kind(&["--smoke", "/?"]), unknown("/?"));
    }

    #[test]
    fn options_of_the_wizard_do_not_go_with_a_command() {
        let err = parse_strs(&["--smoke", "scan"]).expect_err("refused");
        assert_eq!(err.command, ["scan"]);
        assert_eq!(
            err.kind,
            CliErrorKind::Conflict {
                arg: "scan".into(),
                other: "--smoke".into()
            }
        );
        assert_eq!(
            kind(&["--catalog", "x", "relay"]),
            CliErrorKind::Conflict {
                arg: "relay".into(),
                other: "--catalog".into()
            }
        );
        assert_eq!(kind(&["scan", "--smoke"]), unknown("--smoke"));
    }

    #[test]
    fn lang_goes_anywhere_and_chooses_the_language_of_the_help() {
        let help = |args: &[&str]| match parse_in(
            args.iter().map(OsString::from),
            &Localizer::new(language_of(
                &args.iter().map(OsString::from).collect::<Vec<_>>(),
                || Language::En,
            )),
        ) {
            Ok(Invocation::Help(text)) => text,
            other => panic!("{other:?}"),
        };
        assert!(help(&["--lang", "nl", "--help"]).starts_with("Overstap zet"));
        assert!(help(&["scan", "--help", "--lang=NL"]).contains("Gebruik:"));
        assert!(help(&["--lang", "en", "scan", "-h"]).contains("Usage:"));
        // The last --lang wins, as clap reads it.
        assert!(help(&["--lang", "nl", "--lang", "en", "-h"]).contains("Usage:"));
        assert_eq!(
            language_of(&[OsString::from("--lang"), OsString::from("de")], || {
                Language::Nl
            }),
            Language::Nl
        );
        assert_eq!(
            language_of(&["--", "--lang", "en"].map(OsString::from), || Language::Nl),
            Language::Nl,
            "after -- nothing is an option"
        );
        let Ok(Invocation::Scan(scan)) = parse_strs(&["--lang", "nl", "scan", "--json"]) else {
            panic!("scan")
        };
        assert!(scan.json);
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
            parse_strs(&["relay", "--dir", "/r", "--hold", "--port", "0"]),
            Ok(Invocation::Relay(RelayArgs {
                hold: true,
                port: Some(0),
                ..relay(RelayAction::Run, Some("/r"))
            }))
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
        for (name, action) in [
            ("install", RelayAction::Install),
            ("start", RelayAction::Start),
            ("stop", RelayAction::Stop),
            ("remove", RelayAction::Remove),
            ("service", RelayAction::Service),
        ] {
            assert_eq!(
                parse_strs(&["relay", name, "--dir", "D:\\relay"]),
                Ok(Invocation::Relay(relay(action, Some("D:\\relay"))))
            );
        }
        assert_eq!(kind(&["relay", "status", "--hold"]), unknown("--hold"));
        assert_eq!(kind(&["relay", "install", "--json"]), unknown("--json"));
        assert_eq!(
            kind(&["relay", "--hold", "status"]),
            CliErrorKind::Conflict {
                arg: "status".into(),
                other: "--hold".into()
            }
        );
        assert_eq!(
            kind(&["relay", "run", "--port", "x"]),
            CliErrorKind::BadValue {
                arg: "--port".into(),
                value: "x".into(),
                expected: Vec::new()
            }
        );
        assert!(matches!(
            kind(&["relay", "--port", "70000"]),
            CliErrorKind::BadValue { value, .. } if value == "70000"
        ));
        assert_eq!(kind(&["relay", "reboot"]), unknown("reboot"));
    }

    #[test]
    fn report_arguments_table() {
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
        // --lang before the command counts for the documents too.
        assert!(matches!(
            parse_strs(&["--lang", "en", "report", "--session", "s.json"]),
            Ok(Invocation::Report(ReportArgs {
                language: Some(Language::En),
                ..
            }))
        ));
        assert_eq!(
            parse_strs(&[
                "report",
                "--session",
                "s.json",
                "--at",
                "2026-11-26T14:00:00+01:00"
            ])
            .map(|i| match i {
                Invocation::Report(r) => r.at.map(|at| at.to_rfc3339()),
                _ => None,
            }),
            Ok(Some("2026-11-26T14:00:00+01:00".to_owned()))
        );
        assert_eq!(
            kind(&["report", "--session", "s.json", "--at", "gisteren"]),
            CliErrorKind::BadValue {
                arg: "--at".into(),
                value: "gisteren".into(),
                expected: Vec::new()
            }
        );
        let only = parse_strs(&["report", "--session", "s.json"]);
        assert!(matches!(&only, Ok(Invocation::Report(r)) if r.prints_text()));
        let pdf = parse_strs(&["report", "--session", "s.json", "--pdf", "o.pdf"]);
        assert!(matches!(&pdf, Ok(Invocation::Report(r)) if !r.prints_text()));
        assert_eq!(
            kind(&["report", "--pdf", "o.pdf"]),
            CliErrorKind::Missing(vec!["--session FILE".into()])
        );
        assert_eq!(
            kind(&["report", "--session", "s.json", "--lang", "de"]),
            CliErrorKind::BadValue {
                arg: "--lang".into(),
                value: "de".into(),
                expected: vec!["nl".into(), "en".into()]
            }
        );
        assert_eq!(
            kind(&["report", "--session"]),
            CliErrorKind::MissingValue("--session".into())
        );
        assert_eq!(
            kind(&["report", "--session", "s.json", "--json"]),
            unknown("--json")
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
        // A repeated option counts once, the last value winning (as before clap).
        assert_eq!(
            parse_strs(&["scan", "--root", "/a", "--root=/b", "--json", "--json"]),
            Ok(Invocation::Scan(ScanArgs {
                root: Some(PathBuf::from("/b")),
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
            kind(&["scan", "--sql"]),
            CliErrorKind::MissingValue("--sql".into())
        );
        assert_eq!(
            kind(&["scan", "--sql-db", "x"]),
            CliErrorKind::SqlOptionWithoutSql
        );
        assert_eq!(
            kind(&["scan", "--root"]),
            CliErrorKind::MissingValue("--root".into())
        );
        assert_eq!(
            kind(&["scan", "--registry", "x.reg"]),
            CliErrorKind::RegistryWithoutRoot
        );
        assert_eq!(kind(&["scan", "extra"]), unknown("extra"));
    }

    #[test]
    fn plan_apply_and_undo_arguments_table() {
        assert_eq!(
            parse_strs(&[
                "plan",
                "--root",
                "/s",
                "--relay",
                "10.0.0.5:25",
                "--tls",
                "--json"
            ]),
            Ok(Invocation::Plan(PlanArgs {
                scan: ScanArgs {
                    root: Some(PathBuf::from("/s")),
                    json: true,
                    ..ScanArgs::default()
                },
                relay: Some("10.0.0.5:25".into()),
                tls: true,
            }))
        );
        assert_eq!(
            kind(&["plan", "--registry", "x.reg"]),
            CliErrorKind::RegistryWithoutRoot
        );
        assert_eq!(
            kind(&["plan", "--relay"]),
            CliErrorKind::MissingValue("--relay".into())
        );
        assert_eq!(
            parse_strs(&["apply", "p.json", "--dry-run", "--backups", "B"]),
            Ok(Invocation::Apply(ApplyArgs {
                plan: PathBuf::from("p.json"),
                dry_run: true,
                backups: Some(PathBuf::from("B")),
            }))
        );
        assert_eq!(
            parse_in(
                ["apply", "p.json"].map(OsString::from),
                &Localizer::new(Language::Nl)
            )
            .map_err(|e| e.kind),
            Ok(Invocation::Apply(ApplyArgs {
                plan: PathBuf::from("p.json"),
                ..ApplyArgs::default()
            }))
        );
        assert_eq!(
            kind(&["apply"]),
            CliErrorKind::Missing(vec!["PLAN.json".into()])
        );
        assert_eq!(kind(&["apply", "a.json", "b.json"]), unknown("b.json"));
        assert_eq!(kind(&["apply", "a.json", "--plan", "x"]), unknown("--plan"));
        assert_eq!(
            parse_strs(&["undo"]),
            Ok(Invocation::Undo(UndoArgs::default()))
        );
        assert_eq!(
            parse_strs(&["undo", "--plan", "p.json", "--backups", "B"]),
            Ok(Invocation::Undo(UndoArgs {
                plan: Some(PathBuf::from("p.json")),
                backups: Some(PathBuf::from("B")),
            }))
        );
        assert_eq!(kind(&["undo", "p.json"]), unknown("p.json"));
    }

    /// Words clap writes in English when its own help or error rendering slips through.
    const CLAP_ENGLISH: [&str; 14] = [
        "error:",
        "Usage:",
        "Options:",
        "Commands:",
        "Arguments:",
        "[OPTIONS]",
        "<COMMAND>",
        "unexpected argument",
        "Print help",
        "Print version",
        "possible values",
        "For more information",
        "required arguments were not provided",
        "a value is required",
    ];

    /// Every help and every kind of parse error, in Dutch: Dutch words from the .ftl files, no
    /// English from clap, no missing message id.
    #[test]
    fn dutch_help_and_errors_have_no_english_from_clap() {
        let nl = Localizer::new(Language::Nl);
        let parse_nl = |args: &[&str]| parse_in(args.iter().map(OsString::from), &nl);
        let mut helps = vec![vec!["--help"]];
        for verb in ["scan", "plan", "apply", "undo", "report", "relay"] {
            helps.push(vec![verb, "--help"]);
        }
        for action in ["run", "status", "install", "start", "stop", "remove"] {
            helps.push(vec!["relay", action, "-h"]);
        }
        for args in helps {
            let Ok(Invocation::Help(text)) = parse_nl(&args) else {
                panic!("{args:?}")
            };
            assert!(
                text.contains("Gebruik:") && text.contains("Opties:"),
                "{text}"
            );
            assert!(text.contains("Afsluitcodes:"), "{text}");
            for english in CLAP_ENGLISH {
                assert!(!text.contains(english), "{english} in {args:?}:\n{text}");
            }
            assert!(
                !text.contains('⟦'),
                "a missing message id in {args:?}:\n{text}"
            );
        }
        let refusals: [&[&str]; 14] = [
            &["--frobnicate"],
            &["frobnicate"],
            &["--catalog"],
            &["--version", "--smoke"],
            &["--lang", "nl"],
            &["--smoke", "scan"],
            &["scan", "--registry", "x"],
            &["scan", "--sql-db", "x"],
            &["apply"],
            &["apply", "a", "b"],
            &["report", "--session", "s", "--lang", "de"],
            &["report", "--session", "s", "--at", "gisteren"],
            &["relay", "--hold", "status"],
            &["relay", "run", "--port", "x"],
        ];
        for args in refusals {
            let error = parse_nl(args).expect_err("refused");
            let text = error.localize(&nl);
            assert!(text.contains("Gebruik:\n  overstap"), "{text}");
            assert!(text.contains("Hulp: overstap"), "{text}");
            for english in CLAP_ENGLISH {
                assert!(!text.contains(english), "{english} for {args:?}:\n{text}");
            }
            assert!(
                !text.contains('⟦'),
                "a missing message id for {args:?}:\n{text}"
            );
        }
    }

    #[test]
    fn errors_name_what_was_wrong_in_words() {
        let say = |language, args: &[&str]| {
            let l10n = Localizer::new(language);
            parse_in(args.iter().map(OsString::from), &l10n)
                .expect_err("refused")
                .localize(&l10n)
        };
        let text = say(Language::Nl, &["scan", "--json", "--frobnicate"]);
        assert!(
            text.starts_with("onbekend argument: --frobnicate\n"),
            "{text}"
        );
        assert!(text.contains("overstap scan [--root MAP]"), "{text}");
        let text = say(Language::En, &["report", "--session", "s", "--lang", "de"]);
        assert!(
            text.starts_with("--lang takes nl or en, not \"de\"\n"),
            "{text}"
        );
        let text = say(Language::Nl, &["report", "--pdf", "o.pdf"]);
        assert!(
            text.starts_with("overstap report heeft --session BESTAND nodig\n"),
            "{text}"
        );
        let text = say(Language::En, &["relay", "--port", "x"]);
        assert!(
            text.starts_with("--port takes a port number from 0 to 65535, not \"x\"\n"),
            "{text}"
        );
        assert!(text.contains("Help: overstap relay --help"), "{text}");
        // A value shown back cannot rewrite the admin's screen.
        let text = say(Language::En, &["relay", "--port", "\u{1b}[2J"]);
        assert!(!text.contains('\u{1b}'), "{text:?}");
        // The wizard's errors list every command, as the first thing to try.
        let text = say(Language::En, &["frobnicate"]);
        assert!(text.contains("  overstap relay status"), "{text}");
    }

    /// The relay's `service` action is for the service control manager, not for the help.
    #[test]
    fn the_service_action_is_parsed_but_not_shown() {
        let Ok(Invocation::Help(help)) = parse_strs(&["relay", "--help"]) else {
            panic!("help")
        };
        assert!(help.contains("install|start|stop|remove"), "{help}");
        assert!(!help.contains("service control manager"), "{help}");
    }
}
