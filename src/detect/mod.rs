//! Detection: which applications on a server mail through Exchange Online, and where that is set.
//!
//! Every place Overstap knows to look is a [`Source`]: the registry's uninstall keys, IIS, SSRS,
//! ServiceNext, a generic content search (and SQL Server databases, a source `crate::sql` adds). Sources read
//! the machine only through [`platform::Machine`], so the same code scans this server (Windows) or
//! a *server snapshot* a partner collected from a customer (drive folders plus a `.reg` export).
//! Each source adds [`Finding`]s and [`ScanError`]s to a shared [`ScanContext`]; an error in one
//! place never stops the scan. Evidence texts are message ids plus arguments, so the UI shows them
//! in the admin's language. Passwords are never read into a finding: only "present".

pub mod chain;
pub mod content;
pub mod iis;
pub mod platform;
pub mod regfile;
pub mod registry;
pub mod script;
pub mod servicenext;
pub mod services;
pub mod smtpsvc;
pub mod ssrs;
pub mod tasks;
pub mod text;
pub mod version;
pub mod worker;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::atomic::{AtomicBool, Ordering};

use serde::{Deserialize, Serialize};

use crate::catalog::rules;
use crate::catalog::{Catalog, OutcomeKind};
use platform::Machine;

/// Where the applications' mail settings are read from.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "kind")]
pub enum ScanSource {
    /// The machine Overstap runs on.
    #[default]
    ThisServer,
    /// A folder collected from a customer's server (drive folders plus a registry export).
    Snapshot {
        path: String,
        /// The registry export used; `None`: the first `*.reg` in the folder (or none).
        #[serde(default)]
        registry: Option<String>,
    },
}

/// What a mail setting turns out to be.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Classification {
    /// Straight to Exchange Online's client endpoints with SMTP AUTH / EWS: basic authentication.
    ExoDirect,
    /// Another host or IP, or the tenant's MX endpoint (a connector, no SMTP AUTH).
    Relay,
    /// Already OAuth / Microsoft Graph.
    Modern,
    /// The setting is empty or switched off.
    NotUsed,
    /// Found, but its meaning could not be decided.
    Unknown,
}

impl Classification {
    pub const ALL: [Classification; 5] = [
        Classification::ExoDirect,
        Classification::Relay,
        Classification::Modern,
        Classification::NotUsed,
        Classification::Unknown,
    ];

    /// The checklist outcome whose required actions apply.
    pub fn outcome(self) -> OutcomeKind {
        match self {
            Classification::ExoDirect => OutcomeKind::ExoDirect,
            Classification::Relay => OutcomeKind::Relay,
            Classification::Modern => OutcomeKind::Modern,
            Classification::NotUsed => OutcomeKind::NotUsed,
            Classification::Unknown => OutcomeKind::Unknown,
        }
    }

    /// Stable key for message ids (`scan-class-<key>`) and the JSON output.
    pub fn key(self) -> &'static str {
        self.outcome().key()
    }

    /// The classification of a mail host value. The tenant's MX endpoint counts as a relay:
    /// mail sent there goes through a connector or direct send, never with a password.
    pub fn of_host(value: &str) -> Classification {
        match rules::classify_host(value).outcome() {
            OutcomeKind::ExoDirect => Classification::ExoDirect,
            OutcomeKind::NotUsed => Classification::NotUsed,
            _ => Classification::Relay,
        }
    }

    /// How urgent: the worst finding of an application decides its row.
    fn severity(self) -> u8 {
        match self {
            Classification::ExoDirect => 4,
            Classification::Unknown => 3,
            Classification::Relay => 2,
            Classification::Modern => 1,
            Classification::NotUsed => 0,
        }
    }
}

/// How sure the source is that the finding is a mail setting of that application.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Confidence {
    /// A documented setting in a documented file.
    High,
    /// A mail host in a file of a known application.
    Medium,
    /// A text match whose owner is a guess.
    Low,
}

/// Where a finding was read. Windows paths as on the server, also for snapshots.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "kind")]
pub enum Location {
    /// A file and the setting inside it: an XML path (`configuration/appSettings/add[@key='x']`),
    /// an ini/json key, or `line N` for a text match.
    File {
        path: String,
        key: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        line: Option<u32>,
    },
    /// A registry key and value name (`@` for the default value).
    Registry { key: String, value: String },
    /// A database cell (the SQL Server source): the instance as the admin named it
    /// (`SQL01\EXACT`, `SQL01,1433`), database, schema, table, column and the row's primary key
    /// (`id=42`, see `sql::ident::RowKey`).
    Database {
        #[serde(default)]
        server: String,
        database: String,
        #[serde(default)]
        schema: String,
        table: String,
        column: String,
        row_key: String,
    },
}

impl Location {
    /// One line for tables and summaries.
    pub fn display(&self) -> String {
        match self {
            Location::File { path, key, line } => match line {
                Some(line) if key.is_empty() => format!("{path} (line {line})"),
                Some(line) => format!("{path} :: {key} (line {line})"),
                None => format!("{path} :: {key}"),
            },
            Location::Registry { key, value } => format!("{key} :: {value}"),
            Location::Database {
                server,
                database,
                schema,
                table,
                column,
                row_key,
            } => {
                let schema = if schema.is_empty() { "dbo" } else { schema };
                let server = if server.is_empty() {
                    String::new()
                } else {
                    format!("{server} ")
                };
                format!("{server}{database}.{schema}.{table}.{column} [{row_key}]")
            }
        }
    }

    /// The file's folder, to open it in Explorer.
    pub fn folder(&self) -> Option<String> {
        match self {
            Location::File { path, .. } => {
                path.rsplit_once('\\').map(|(folder, _)| folder.to_owned())
            }
            _ => None,
        }
    }
}

/// A localizable text: a message id in `locales/*/scan.ftl` and its arguments.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Evidence {
    pub id: String,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub args: BTreeMap<String, String>,
}

impl Evidence {
    pub fn new(id: &str, args: &[(&str, &str)]) -> Self {
        Self {
            id: id.to_owned(),
            args: args
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect(),
        }
    }

    /// The text in the localizer's language.
    pub fn localize(&self, l10n: &crate::i18n::Localizer) -> String {
        let args: Vec<crate::i18n::Arg<'_>> = self
            .args
            .iter()
            .map(|(k, v)| (k.as_str(), v.clone().into()))
            .collect();
        l10n.tr_args(&self.id, &args)
    }
}

/// Who on the server uses a setting, beyond the catalogue application: the IIS site, the
/// scheduled task or the Windows service whose file it is.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "kind")]
pub enum Owner {
    /// An IIS site or application (`Default Web Site/portal`).
    Site { name: String },
    /// A scheduled task (`\Reports\Daily`), the account it runs as and when it runs.
    Task {
        name: String,
        account: String,
        schedule: String,
    },
    /// A Windows service, its start type and account.
    Service {
        name: String,
        start: String,
        account: String,
    },
}

impl Owner {
    /// "site Portal", "task \\Reports\\Daily (daily 07:00, as CONTOSO\\svc)", in the
    /// localizer's language.
    pub fn localize(&self, l10n: &crate::i18n::Localizer) -> String {
        match self {
            Owner::Site { name } => {
                l10n.tr_args("scan-owner-site", &[("name", name.clone().into())])
            }
            Owner::Task {
                name,
                account,
                schedule,
            } => l10n.tr_args(
                "scan-owner-task",
                &[
                    ("name", name.clone().into()),
                    ("account", account.clone().into()),
                    ("schedule", schedule.clone().into()),
                ],
            ),
            Owner::Service {
                name,
                start,
                account,
            } => l10n.tr_args(
                "scan-owner-service",
                &[
                    ("name", name.clone().into()),
                    ("start", start.clone().into()),
                    ("account", account.clone().into()),
                ],
            ),
        }
    }
}

/// A local relay and the findings that send through it.
#[derive(Debug)]
pub struct Chain<'a> {
    pub relay: &'a Finding,
    pub senders: Vec<&'a Finding>,
}

/// One mail setting found on the server.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Finding {
    /// The catalogue id of the application the setting belongs to.
    pub app: String,
    pub location: Location,
    /// The setting's current value (a host, URL or key). Never a password.
    pub value: String,
    pub classification: Classification,
    pub confidence: Confidence,
    pub evidence: Evidence,
    /// The site, task or service the setting belongs to, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<Owner>,
    /// The id of the local relay finding this setting sends through (`localhost:25` with the
    /// IIS SMTP service on this server): the sender chain application -> relay -> destination.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub via: Option<String>,
    /// A short id that stays the same from scan to scan (derived from the application and the
    /// location), so that other findings and the session can point at this one. Last, so that
    /// sorting goes by application and place.
    #[serde(default)]
    pub id: String,
}

impl Finding {
    /// A finding with the parts every source fills; owner and chain are added later.
    pub fn new(
        app: &str,
        location: Location,
        value: String,
        classification: Classification,
        confidence: Confidence,
        evidence: Evidence,
    ) -> Finding {
        Finding {
            id: String::new(),
            app: app.to_owned(),
            location,
            value,
            classification,
            confidence,
            evidence,
            owner: None,
            via: None,
        }
    }

    /// The stable id: 64-bit FNV-1a of application and location, in hex (`f` + 16 digits).
    /// Not a security measure, only a short name that survives a rescan.
    pub fn stable_id(&self) -> String {
        let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
        let owner = self
            .owner
            .as_ref()
            .map(|o| format!("{o:?}"))
            .unwrap_or_default();
        for byte in self
            .app
            .bytes()
            .chain([0])
            .chain(self.location.display().to_lowercase().into_bytes())
            .chain([0])
            .chain(owner.into_bytes())
        {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
        format!("f{hash:016x}")
    }

    /// Keeps only what may be kept: the value's host and port, the evidence's host likewise,
    /// and no control characters anywhere (a hostile file names the key and the path; an escape
    /// sequence in them must not reach a terminal). Evidence texts are capped; paths and keys
    /// are not cut here (write-back needs them whole), only where they are shown.
    pub fn make_safe(&mut self) {
        self.value = rules::safe_value(&self.value);
        for (name, arg) in &mut self.evidence.args {
            *arg = if matches!(name.as_str(), "host" | "server") && arg != "-" {
                rules::safe_value(arg)
            } else {
                text::shown(arg, text::MAX_EVIDENCE_CHARS)
            };
        }
        match &mut self.location {
            Location::File { path, key, .. } => {
                *path = text::escape_controls(path);
                *key = text::escape_controls(key);
            }
            Location::Registry { key, value } => {
                *key = text::escape_controls(key);
                *value = text::escape_controls(value);
            }
            Location::Database {
                server,
                database,
                schema,
                table,
                column,
                row_key,
            } => {
                for part in [server, database, schema, table, column, row_key] {
                    *part = text::escape_controls(part);
                }
            }
        }
    }

    /// The mail host the value names, for the checklist's Server field.
    pub fn host(&self) -> Option<String> {
        let host = rules::host_of(&self.value);
        (!host.is_empty()
            && matches!(
                self.classification,
                Classification::ExoDirect | Classification::Relay
            ))
        .then_some(host)
    }
}

/// What the installed version means for the move.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "verdict")]
pub enum VersionCheck {
    /// The catalogue has no version rule for this product.
    NoRule,
    /// At least the minimum.
    Sufficient { component: String, minimum: String },
    /// Older than the minimum: update first.
    UpdateFirst { component: String, minimum: String },
    /// The versions cannot be compared automatically.
    CheckByHand { component: String, minimum: String },
}

/// A catalogue application found in the uninstall keys.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct InstalledApp {
    pub app: String,
    pub display_name: String,
    pub display_version: String,
    /// Where it is installed (InstallLocation, or the folder of UninstallString / DisplayIcon).
    pub install_location: String,
    pub registry_key: String,
    pub version: VersionCheck,
}

/// The part of the scan that produced an error.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SourceId {
    Machine,
    Uninstall,
    Iis,
    Ssrs,
    ServiceNext,
    SmtpService,
    Tasks,
    Services,
    Content,
    Sql,
}

impl SourceId {
    /// Stable key for message ids (`scan-source-name-<key>`).
    pub fn key(self) -> &'static str {
        match self {
            SourceId::Machine => "machine",
            SourceId::Uninstall => "uninstall",
            SourceId::Iis => "iis",
            SourceId::Ssrs => "ssrs",
            SourceId::ServiceNext => "servicenext",
            SourceId::SmtpService => "smtp-service",
            SourceId::Tasks => "tasks",
            SourceId::Services => "services",
            SourceId::Content => "content",
            SourceId::Sql => "sql",
        }
    }

    pub const ALL: [SourceId; 10] = [
        SourceId::Machine,
        SourceId::Uninstall,
        SourceId::Iis,
        SourceId::Ssrs,
        SourceId::ServiceNext,
        SourceId::SmtpService,
        SourceId::Tasks,
        SourceId::Services,
        SourceId::Content,
        SourceId::Sql,
    ];
}

/// Why one place could not be read. Collected and listed; never fatal for the scan.
#[derive(
    Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, thiserror::Error,
)]
#[serde(rename_all = "kebab-case", tag = "kind")]
pub enum ProblemKind {
    #[error("permission denied")]
    PermissionDenied,
    #[error("not a file")]
    NotAFile,
    #[error("not well-formed XML: {detail}")]
    MalformedXml { detail: String },
    #[error("unreadable text encoding: {detail}")]
    Encoding { detail: String },
    #[error("not a registry export: {detail}")]
    MalformedRegistry { detail: String },
    #[error("{detail}")]
    Io { detail: String },
    /// "This server" on a machine without a Windows registry and drives.
    #[error("this computer has no Windows registry or drives")]
    NoWindows,
    /// Bigger than any configuration file or registry export should be: not read.
    #[error("{size} bytes, more than the {limit} bytes read at most")]
    TooLarge { size: u64, limit: u64 },
    /// A snapshot path that leads out of the snapshot folder (`..`, a link): never read.
    #[error("outside the snapshot folder")]
    OutsideSnapshot,
    /// A part of the scan stopped on an internal error; the rest of the scan went on.
    #[error("internal error: {detail}")]
    Internal { detail: String },
    /// SQL Server refused or failed (`problem` is a `sql::SqlError` key: login failed, server not
    /// found, certificate not trusted, timeout, database offline, ...).
    #[error("SQL Server: {problem}: {detail}")]
    Sql { problem: String, detail: String },
}

impl ProblemKind {
    /// Stable key for message ids (`scan-problem-<key>`).
    pub fn key(&self) -> &'static str {
        match self {
            ProblemKind::PermissionDenied => "permission-denied",
            ProblemKind::NotAFile => "not-a-file",
            ProblemKind::MalformedXml { .. } => "malformed-xml",
            ProblemKind::Encoding { .. } => "encoding",
            ProblemKind::MalformedRegistry { .. } => "malformed-registry",
            ProblemKind::Io { .. } => "io",
            ProblemKind::NoWindows => "no-windows",
            ProblemKind::TooLarge { .. } => "too-large",
            ProblemKind::OutsideSnapshot => "outside-snapshot",
            ProblemKind::Internal { .. } => "internal",
            ProblemKind::Sql { .. } => "sql",
        }
    }

    pub fn detail(&self) -> &str {
        match self {
            ProblemKind::MalformedXml { detail }
            | ProblemKind::Encoding { detail }
            | ProblemKind::MalformedRegistry { detail }
            | ProblemKind::Io { detail }
            | ProblemKind::Internal { detail }
            | ProblemKind::Sql { detail, .. } => detail,
            _ => "",
        }
    }

    /// The limit for `too-large`, as an argument of its message.
    pub fn sizes(&self) -> Option<(u64, u64)> {
        match self {
            ProblemKind::TooLarge { size, limit } => Some((*size, *limit)),
            _ => None,
        }
    }

    /// Every kind's key, for the locale check.
    pub const KEYS: [&'static str; 11] = [
        "permission-denied",
        "not-a-file",
        "malformed-xml",
        "encoding",
        "malformed-registry",
        "io",
        "no-windows",
        "too-large",
        "outside-snapshot",
        "internal",
        "sql",
    ];

    pub fn from_io(error: &std::io::Error) -> ProblemKind {
        match error.kind() {
            std::io::ErrorKind::PermissionDenied => ProblemKind::PermissionDenied,
            std::io::ErrorKind::IsADirectory => ProblemKind::NotAFile,
            _ => ProblemKind::Io {
                detail: error.to_string(),
            },
        }
    }
}

/// A problem in one place, with the source that met it.
#[derive(
    Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, thiserror::Error,
)]
#[error("{source_id:?}: {path}: {kind}")]
pub struct ScanError {
    #[serde(rename = "source")]
    pub source_id: SourceId,
    pub path: String,
    pub kind: ProblemKind,
}

impl ScanError {
    /// One line for the page and the CLI, in the localizer's language.
    pub fn localize(&self, l10n: &crate::i18n::Localizer) -> String {
        let (size, limit) = self.kind.sizes().unwrap_or_default();
        let problem = if let ProblemKind::Sql { problem, detail } = &self.kind {
            // The SQL module's own explanation (login failed, certificate not trusted, ...).
            l10n.tr_args(
                &format!("sql-error-{problem}"),
                &[("detail", text::shown(detail, 400).into())],
            )
        } else {
            l10n.tr_args(
                &format!("scan-problem-{}", self.kind.key()),
                &[
                    ("detail", self.kind.detail().to_owned().into()),
                    ("size", megabytes(size).into()),
                    ("limit", megabytes(limit).into()),
                ],
            )
        };
        l10n.tr_args(
            "scan-error-line",
            &[
                (
                    "source",
                    l10n.tr(&format!("scan-source-name-{}", self.source_id.key()))
                        .into(),
                ),
                ("path", self.path.clone().into()),
                ("problem", problem.into()),
            ],
        )
    }
}

/// A byte count as the admin reads it: "16 MB" (one decimal below ten).
fn megabytes(bytes: u64) -> String {
    let mb = bytes as f64 / (1024.0 * 1024.0);
    if mb < 10.0 {
        format!("{mb:.1} MB")
    } else {
        format!("{mb:.0} MB")
    }
}

/// Everything a scan found; what the session keeps and `overstap scan --json` prints.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ScanReport {
    pub installed: Vec<InstalledApp>,
    pub findings: Vec<Finding>,
    pub errors: Vec<ScanError>,
}

impl ScanReport {
    /// Sorted, free of duplicates (tests, JSON and the page never depend on thread timing) and
    /// safe: every value is cut down to its host and port. Runs at the end of every scan and on
    /// every report read from a file, so no source and no imported session can bring a password
    /// that rode along in a value (`smtp://user:pw@host`, `host;Password=pw`) to a screen or file.
    pub fn normalise(&mut self) {
        for finding in &mut self.findings {
            finding.make_safe();
            finding.id = finding.stable_id();
        }
        self.installed.sort();
        self.installed.dedup();
        self.findings.sort();
        self.findings.dedup();
        self.errors.sort();
        self.errors.dedup();
    }

    /// Whether any setting still uses Exchange Online with basic authentication.
    pub fn exchange_online_basic_auth(&self) -> bool {
        self.findings
            .iter()
            .any(|f| f.classification == Classification::ExoDirect)
    }

    /// Catalogue ids with a finding or an installation, sorted.
    pub fn detected_apps(&self) -> BTreeSet<String> {
        self.findings
            .iter()
            .map(|f| f.app.clone())
            .chain(self.installed.iter().map(|i| i.app.clone()))
            .collect()
    }

    pub fn findings_of<'a>(&'a self, app: &'a str) -> impl Iterator<Item = &'a Finding> + 'a {
        self.findings.iter().filter(move |f| f.app == app)
    }

    /// The most urgent classification of an application's findings.
    pub fn worst_of(&self, app: &str) -> Option<Classification> {
        self.findings_of(app)
            .map(|f| f.classification)
            .max_by_key(|c| c.severity())
    }

    /// The relay finding a finding sends through, when the scan linked one.
    pub fn relay_of(&self, finding: &Finding) -> Option<&Finding> {
        let via = finding.via.as_deref()?;
        self.findings.iter().find(|f| f.id == via)
    }

    /// Every relay with the findings that send through it, in report order.
    pub fn chains(&self) -> Vec<Chain<'_>> {
        self.findings
            .iter()
            .filter_map(|relay| {
                let senders: Vec<&Finding> = self
                    .findings
                    .iter()
                    .filter(|f| f.via.as_deref() == Some(relay.id.as_str()))
                    .collect();
                (!senders.is_empty()).then_some(Chain { relay, senders })
            })
            .collect()
    }

    /// The host the Server field should show: that of the most urgent finding with a host.
    pub fn server_of(&self, app: &str) -> Option<String> {
        let mut with_host: Vec<(&Finding, String)> = self
            .findings_of(app)
            .filter_map(|f| f.host().map(|h| (f, h)))
            .collect();
        with_host.sort_by_key(|(f, _)| std::cmp::Reverse(f.classification.severity()));
        with_host.into_iter().next().map(|(_, host)| host)
    }
}

/// Progress of a running scan, for the page's progress row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Progress {
    pub source: SourceId,
    pub done: usize,
    /// Unknown while a folder tree is still being walked.
    pub total: Option<usize>,
    pub current: String,
}

/// What sources share while the scan runs.
pub struct ScanContext<'a> {
    pub machine: &'a Machine,
    pub catalog: &'a Catalog,
    pub cancel: &'a AtomicBool,
    progress: &'a (dyn Fn(Progress) + Sync),
    /// Slows every file down (tests make cancelling observable with it); zero in real use.
    pub pace: std::time::Duration,
    pub report: ScanReport,
    /// Files a dedicated source already read (lower case), so the content search does not report
    /// them twice.
    pub claimed: BTreeSet<String>,
}

impl<'a> ScanContext<'a> {
    pub fn new(
        machine: &'a Machine,
        catalog: &'a Catalog,
        cancel: &'a AtomicBool,
        progress: &'a (dyn Fn(Progress) + Sync),
    ) -> Self {
        Self {
            machine,
            catalog,
            cancel,
            progress,
            pace: std::time::Duration::ZERO,
            report: ScanReport::default(),
            claimed: BTreeSet::new(),
        }
    }

    pub fn cancelled(&self) -> bool {
        self.cancel.load(Ordering::Relaxed)
    }

    /// Passes a progress report on as it is (the SQL source reports its own).
    pub fn report_progress(&self, progress: Progress) {
        (self.progress)(progress);
    }

    pub fn progress(&self, source: SourceId, done: usize, total: Option<usize>, current: &str) {
        (self.progress)(Progress {
            source,
            done,
            total,
            current: current.to_owned(),
        });
    }

    pub fn error(&mut self, source_id: SourceId, path: &str, kind: ProblemKind) {
        self.report.errors.push(ScanError {
            source_id,
            path: path.to_owned(),
            kind,
        });
    }

    pub fn claim(&mut self, path: &str) {
        self.claimed.insert(path.to_lowercase());
    }

    /// The catalogue application whose install folder holds `path` (the deepest one wins).
    pub fn owner_of(&self, path: &str) -> Option<String> {
        let lower = path.to_lowercase();
        self.report
            .installed
            .iter()
            .filter(|i| !i.install_location.is_empty())
            .filter_map(|i| {
                let folder = i.install_location.trim_end_matches('\\').to_lowercase();
                (lower.starts_with(&folder) && lower[folder.len()..].starts_with('\\'))
                    .then_some((folder.len(), i.app.clone()))
            })
            .max()
            .map(|(_, app)| app)
    }

    /// Install folders of an application found in the uninstall keys.
    pub fn install_folders(&self, app: &str) -> Vec<String> {
        let mut folders: Vec<String> = self
            .report
            .installed
            .iter()
            .filter(|i| i.app == app && !i.install_location.is_empty())
            .map(|i| i.install_location.clone())
            .collect();
        folders.sort();
        folders.dedup();
        folders
    }

    /// Waits `pace` (tests) and reports whether the scan should stop.
    pub fn tick(&self) -> bool {
        if !self.pace.is_zero() {
            std::thread::sleep(self.pace);
        }
        self.cancelled()
    }
}

/// One place to look. Sources run in order; later ones may use what earlier ones found (the
/// install folders from the uninstall keys). A source records its problems in the context and
/// returns; it stops early when `cx.cancelled()`.
pub trait Source: Send + Sync {
    fn id(&self) -> SourceId;
    fn scan(&self, cx: &mut ScanContext<'_>);
}

/// The sources of this version, in the order they run.
pub fn default_sources() -> Vec<Box<dyn Source>> {
    vec![
        Box::new(registry::UninstallSource),
        Box::new(iis::IisSource),
        Box::new(ssrs::SsrsSource),
        Box::new(servicenext::ServiceNextSource),
        Box::new(smtpsvc::SmtpServiceSource),
        Box::new(tasks::TasksSource),
        Box::new(services::ServicesSource),
        Box::new(content::ContentSource),
    ]
}

/// Runs `sources` over a machine, synchronously. The worker calls this on its thread; the CLI
/// and tests call it directly. Returns `None` when cancelled.
pub fn run_scan(
    machine: &Machine,
    catalog: &Catalog,
    sources: &[Box<dyn Source>],
    cancel: &AtomicBool,
    progress: &(dyn Fn(Progress) + Sync),
    pace: std::time::Duration,
) -> Option<ScanReport> {
    let mut cx = ScanContext::new(machine, catalog, cancel, progress);
    cx.pace = pace;
    cx.report.errors.extend(machine.problems().iter().cloned());
    for source in sources {
        if cx.cancelled() {
            return None;
        }
        // One broken source must not end the scan: its panic becomes an error entry. The panic's
        // own message is not kept, as it may quote what the source was reading.
        let id = source.id();
        let ran = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| source.scan(&mut cx)));
        if ran.is_err() {
            cx.error(
                id,
                "",
                ProblemKind::Internal {
                    detail: format!("the {} part of the scan stopped", id.key()),
                },
            );
        }
    }
    if cx.cancelled() {
        return None;
    }
    let mut report = cx.report;
    report.normalise();
    chain::link(&mut report, machine);
    Some(report)
}

/// How a file was read by the scan, so that it is read again the same way.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reader {
    /// As IIS reads a site's `web.config` (mail settings, appSettings, environment variables).
    Iis,
    /// By the content search's analysers (lines, JSON, scripts).
    Content,
}

impl Reader {
    /// The reader of an application's findings: IIS's for the `iis` row, the content search's
    /// otherwise.
    pub fn of_app(app: &str) -> Reader {
        if app == "iis" {
            Reader::Iis
        } else {
            Reader::Content
        }
    }
}

/// The findings of one file's text, read as the scan read it. Write-back uses it to check that a
/// file it just wrote now says what was planned, without scanning the whole server again.
pub fn rescan_text(
    windows_path: &str,
    text: &str,
    catalog: &Catalog,
    reader: Reader,
) -> Vec<Finding> {
    let machine = Machine::from_parts(
        Box::new(platform::SnapshotFs::new(std::path::Path::new(
            "/nonexistent",
        ))),
        Box::new(platform::EmptyRegistry),
        BTreeMap::new(),
    );
    let cancel = AtomicBool::new(false);
    let mut cx = ScanContext::new(&machine, catalog, &cancel, &|_| {});
    let name = windows_path.rsplit('\\').next().unwrap_or(windows_path);
    let is_config = name.to_ascii_lowercase().ends_with(".config");
    if reader == Reader::Iis && is_config {
        iis::rescan_config(&mut cx, text, windows_path);
    }
    let lines = if reader == Reader::Iis {
        // IIS reads appsettings*.json beside a site with the content analysers too.
        if is_config {
            Vec::new()
        } else {
            content::analyse_named(name, text)
        }
    } else {
        content::analyse_named(name, text)
    };
    for (line, kind) in lines {
        cx.report.findings.push(content::finding_of(
            content::OTHER_ADDONS,
            windows_path.to_owned(),
            line,
            kind,
            Confidence::Low,
        ));
    }
    let mut report = cx.report;
    report.normalise();
    report.findings
}

/// Scans a snapshot folder (or this server with `root = None`), synchronously, with the default
/// sources: the CLI's and the tests' entry point.
pub fn scan_blocking(
    target: &platform::ScanTarget,
    catalog: &Catalog,
) -> Result<ScanReport, ScanError> {
    scan_blocking_with(target, catalog, Vec::new())
}

/// [`scan_blocking`] plus `extra` sources (SQL Server's, which `crate::sql` builds).
pub fn scan_blocking_with(
    target: &platform::ScanTarget,
    catalog: &Catalog,
    extra: Vec<Box<dyn Source>>,
) -> Result<ScanReport, ScanError> {
    let machine = std::panic::catch_unwind(|| Machine::open(target)).map_err(|_| ScanError {
        source_id: SourceId::Machine,
        path: String::new(),
        kind: ProblemKind::Internal {
            detail: "the registry export could not be read".into(),
        },
    })??;
    let cancel = AtomicBool::new(false);
    let mut sources = default_sources();
    sources.extend(extra);
    run_scan(
        &machine,
        catalog,
        &sources,
        &cancel,
        &|_| {},
        std::time::Duration::ZERO,
    )
    .ok_or(ScanError {
        source_id: SourceId::Machine,
        path: String::new(),
        kind: ProblemKind::Io {
            detail: "cancelled".into(),
        },
    })
}
