//! The plan: for every finding, how it gets off Exchange Online basic authentication. A server
//! mixes routes: an IIS site on `System.Net.Mail` can never do OAuth and sends through a relay,
//! Exact Globe signs in itself in its own screen, ServiceNext needs its vendor. The catalogue says
//! which route an application takes (`change = "relay" | "in-app" | "vendor"`); the finding says
//! whether Overstap can write the change itself (a configuration file it knows the shape of), has
//! to hand over a script (SSRS through its WMI interface, the IIS SMTP service through ADSI), or
//! can only show the lines to paste (scripts, scheduled tasks).
//!
//! The plan is data (`overstap-plan/1` JSON): it is saved in the session, travels with an
//! exported session to the customer's server (each file's hash goes with it, so a file that
//! differs there is planned again, never overwritten blindly), and drives `overstap apply`.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

pub mod worker;

use crate::catalog::{Catalog, ChangeRoute};
use crate::detect::ScanSource;
use crate::detect::platform::{MAX_CONFIG_BYTES, Machine, ReadError};
use crate::detect::{Classification, Finding, Location, ScanReport};
use crate::platform::Restart;
use crate::writeback::locate::{self, ValueEdit};
use crate::writeback::{RelayTarget, WriteError};

pub const PLAN_SCHEMA: &str = "overstap-plan/1";

/// What happens to one finding.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "route")]
pub enum Route {
    /// Overstap changes the configuration file (preview, backup, atomic write, verify, undo).
    WriteFile,
    /// An administrator runs this PowerShell (a vendor interface: SSRS's WMI provider, the IIS
    /// SMTP service's ADSI); scanning again shows the result.
    RunScript { script: String },
    /// A script or task that Overstap does not rewrite: these lines replace the mail call.
    PasteLines { lines: Vec<String> },
    /// Sends to the relay on this server, which is itself planned: fixing that fixes this.
    ThroughRelay { relay: String },
    /// The application's own screen (its OAuth / Graph setting); the checklist steps say how.
    InApp,
    /// A SQL Server setting with its own procedure (Database Mail's
    /// `msdb.dbo.sysmail_update_account_sp`): an administrator runs this T-SQL against the
    /// instance; scanning it again shows the result.
    RunSql { script: String },
    /// Only the vendor can say what changes.
    Vendor,
    /// Nothing to change: already OAuth, not used, or a relay elsewhere for IT to check.
    NoChange,
}

impl Route {
    /// Stable key for message ids (`plan-route-<key>`).
    pub fn key(&self) -> &'static str {
        match self {
            Route::WriteFile => "write-file",
            Route::RunScript { .. } => "run-script",
            Route::RunSql { .. } => "run-sql",
            Route::PasteLines { .. } => "paste-lines",
            Route::ThroughRelay { .. } => "through-relay",
            Route::InApp => "in-app",
            Route::Vendor => "vendor",
            Route::NoChange => "no-change",
        }
    }

    pub const KEYS: [&'static str; 8] = [
        "write-file",
        "run-script",
        "run-sql",
        "paste-lines",
        "through-relay",
        "in-app",
        "vendor",
        "no-change",
    ];
}

/// One value the write changes, for the preview: the line as it is and as it will be.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlannedEdit {
    pub field: String,
    pub line: u32,
    pub before: String,
    pub after: String,
}

/// Where an item stands.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "state")]
pub enum ItemState {
    #[default]
    Planned,
    Applied {
        /// The backup manifest entry.
        backup: u32,
        at: DateTime<Utc>,
        /// The file that holds the original bytes, as the machine that wrote it names it: the
        /// Summary prints it so the customer's file says where the old value is kept. Plans
        /// written before it was recorded have none.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        backup_file: Option<String>,
    },
    Undone {
        at: DateTime<Utc>,
    },
    /// Not written; the message id and detail say why.
    Failed {
        message: String,
        detail: String,
    },
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanItem {
    /// The finding's stable id.
    pub finding: String,
    pub app: String,
    /// The finding's evidence id: which shape of setting it is.
    pub evidence: String,
    pub path: String,
    pub key: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
    pub before: String,
    pub classification: Classification,
    #[serde(flatten)]
    pub route: Route,
    /// For a file write: the file's SHA-256 when planned.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file_sha256: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub edits: Vec<PlannedEdit>,
    /// Why a file the route would write cannot be written (a message id), when so.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not_writable: Option<String>,
    #[serde(default)]
    pub state: ItemState,
    /// What must restart for a written change to take effect, when the program does not notice
    /// it by itself (a Windows service, an ASP.NET Core site). Kept as data, not as a command
    /// line: a plan may come from a file, and the command is built from these names, quoted, at
    /// the moment it is shown or run.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub restart_after: Option<Restart>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Plan {
    pub schema: String,
    /// Names the backup folder of this plan's writes.
    pub id: String,
    pub created: DateTime<Utc>,
    /// The machine the plan was made on: this server, or a snapshot.
    pub target: ScanSource,
    pub relay: RelayTarget,
    pub items: Vec<PlanItem>,
}

impl Plan {
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    pub fn from_json(text: &str) -> Result<Plan, String> {
        let plan: Plan = serde_json::from_str(text).map_err(|e| e.to_string())?;
        if plan.schema != PLAN_SCHEMA {
            return Err(format!("not an Overstap plan ({})", plan.schema));
        }
        Ok(plan)
    }

    pub fn items_of<'a>(&'a self, app: &'a str) -> impl Iterator<Item = &'a PlanItem> + 'a {
        self.items.iter().filter(move |i| i.app == app)
    }

    /// What the registration must serve: the applications whose mail goes through the relay
    /// (when it is Overstap's own, on this server, it signs in as the application itself), and
    /// those that sign in themselves in their own screen.
    pub fn needs(&self) -> Needs {
        let mut needs = Needs::default();
        for item in &self.items {
            let list = match item.route {
                Route::WriteFile
                | Route::RunScript { .. }
                | Route::RunSql { .. }
                | Route::PasteLines { .. }
                | Route::ThroughRelay { .. } => &mut needs.through_relay,
                Route::InApp if item.classification == Classification::ExoDirect => {
                    &mut needs.own_oauth
                }
                Route::Vendor => &mut needs.vendor,
                _ => continue,
            };
            if !list.contains(&item.app) {
                list.push(item.app.clone());
            }
        }
        needs.relay_is_local = is_loopback(&self.relay.host);
        needs
    }
}

/// See [`Plan::needs`]; lists of catalogue ids in plan order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Needs {
    pub through_relay: Vec<String>,
    pub own_oauth: Vec<String>,
    pub vendor: Vec<String>,
    /// The relay is on this server (Overstap's own): it needs an app-only registration.
    pub relay_is_local: bool,
}

fn is_loopback(host: &str) -> bool {
    host == "localhost" || host == "::1" || host.starts_with("127.")
}

/// A plan's id: its creation time and this process, hashed into 16 hex digits (not a secret,
/// only a folder name that no other plan shares).
fn plan_id(now: DateTime<Utc>) -> String {
    let seed = format!(
        "{}-{}-{:?}",
        now.timestamp_nanos_opt().unwrap_or_default(),
        std::process::id(),
        std::thread::current().id()
    );
    crate::writeback::sha256(seed.as_bytes())[..16].to_owned()
}

/// The relay the plan uses when the admin chose none: Overstap's own relay on this server, on
/// port 25, or 2525 when the IIS SMTP service already listens on 25 here.
pub fn default_relay(report: &ScanReport) -> RelayTarget {
    let smtp_service_on_25 = report.findings.iter().any(|f| {
        f.app == crate::detect::smtpsvc::APP_ID
            && f.evidence.args.get("listen").map(String::as_str) == Some("25")
    });
    RelayTarget {
        host: "127.0.0.1".into(),
        port: if smtp_service_on_25 { 2525 } else { 25 },
        tls: false,
    }
}

/// Makes the plan for a scan. Files are read through `machine` to compute the exact edits and
/// the hash the write will check.
pub fn build(
    report: &ScanReport,
    catalog: &Catalog,
    machine: &Machine,
    target: ScanSource,
    relay: &RelayTarget,
    now: DateTime<Utc>,
) -> Plan {
    let mut items: Vec<PlanItem> = report
        .findings
        .iter()
        .map(|finding| item(report, catalog, machine, relay, finding))
        .collect();
    let order = |app: &str| catalog.get(app).map_or(u32::MAX, |a| a.order);
    items.sort_by(|a, b| {
        (order(&a.app), &a.path, &a.key, a.line).cmp(&(order(&b.app), &b.path, &b.key, b.line))
    });
    Plan {
        schema: PLAN_SCHEMA.into(),
        id: plan_id(now),
        created: now,
        target,
        relay: relay.clone(),
        items,
    }
}

fn item(
    report: &ScanReport,
    catalog: &Catalog,
    machine: &Machine,
    relay: &RelayTarget,
    finding: &Finding,
) -> PlanItem {
    let (path, key, line) = match &finding.location {
        Location::File { path, key, line } => (path.clone(), key.clone(), *line),
        other => (other.display(), String::new(), None),
    };
    let mut item = PlanItem {
        finding: finding.id.clone(),
        app: finding.app.clone(),
        evidence: finding.evidence.id.clone(),
        path,
        key,
        line,
        before: finding.value.clone(),
        classification: finding.classification,
        route: Route::NoChange,
        file_sha256: None,
        edits: Vec::new(),
        not_writable: None,
        state: ItemState::Planned,
        restart_after: None,
    };
    let chained = report
        .relay_of(finding)
        .filter(|relay| relay.classification == Classification::ExoDirect);
    item.route = match (finding.classification, chained) {
        (_, Some(relay)) => Route::ThroughRelay {
            relay: relay.id.clone(),
        },
        (Classification::ExoDirect | Classification::Unknown, None) => {
            let change = catalog
                .get(&finding.app)
                .map_or(ChangeRoute::InApp, |a| a.change);
            match change {
                ChangeRoute::Relay => relay_route(finding, relay),
                ChangeRoute::InApp => Route::InApp,
                ChangeRoute::Vendor => Route::Vendor,
            }
        }
        _ => Route::NoChange,
    };
    if item.route == Route::WriteFile {
        item.restart_after = restart_for(finding);
        match planned_edits(machine, finding, relay) {
            Ok((hash, edits)) => {
                item.file_sha256 = Some(hash);
                item.edits = edits;
            }
            Err(error) => {
                // Cannot be written here: the admin changes it by hand, in the file or the
                // application, and scanning again confirms it.
                item.not_writable = Some(error.message_id().to_owned());
                item.route = Route::InApp;
            }
        }
    }
    item
}

/// What must restart for a written file to count. ASP.NET restarts a site's application by itself
/// when its `web.config` (or a `configSource` file) changes; a Windows service reads its
/// `.exe.config` at start, and an ASP.NET Core site its `appsettings*.json` mostly at start too.
fn restart_for(finding: &Finding) -> Option<Restart> {
    let path = match &finding.location {
        Location::File { path, .. } => path.to_ascii_lowercase(),
        _ => return None,
    };
    match &finding.owner {
        Some(crate::detect::Owner::Service { name, .. }) => Some(Restart::Service {
            display_name: name.clone(),
        }),
        Some(crate::detect::Owner::Site { name }) if path.ends_with(".json") => {
            let site = name.split('/').next().unwrap_or(name);
            Some(Restart::SitePool {
                site: site.to_owned(),
            })
        }
        _ => None,
    }
}

/// The route for an application that must send through a relay.
fn relay_route(finding: &Finding, relay: &RelayTarget) -> Route {
    if locate::shape(finding).is_some() {
        return Route::WriteFile;
    }
    match finding.evidence.id.as_str() {
        "scan-ev-ssrs" => Route::RunScript {
            script: ssrs_script(relay, finding),
        },
        "scan-ev-smtpsvc" | "scan-ev-smtpsvc-no-user" => Route::RunScript {
            script: smtp_service_script(relay, finding),
        },
        "scan-ev-script" => Route::PasteLines {
            lines: script_lines(
                finding
                    .evidence
                    .args
                    .get("call")
                    .map(String::as_str)
                    .unwrap_or(""),
                relay,
            ),
        },
        "scan-ev-task-sendemail" => Route::PasteLines {
            lines: task_lines(relay),
        },
        "scan-ev-sql-dbmail" => match database_mail_script(relay, finding) {
            Some(script) => Route::RunSql { script },
            None => Route::InApp,
        },
        _ => Route::InApp,
    }
}

/// Reads the finding's file and works out the edits: the hash to check before writing and the
/// preview lines.
fn planned_edits(
    machine: &Machine,
    finding: &Finding,
    relay: &RelayTarget,
) -> Result<(String, Vec<PlannedEdit>), WriteError> {
    let Location::File { path, .. } = &finding.location else {
        return Err(WriteError::NotWritable);
    };
    let never = std::sync::atomic::AtomicBool::new(false);
    let bytes = machine
        .fs
        .read(path, MAX_CONFIG_BYTES, &never)
        .map_err(|e| match e {
            ReadError::NotFound | ReadError::Cancelled => WriteError::NotFoundInFile,
            ReadError::Problem(kind) => WriteError::Encoding(kind.to_string()),
        })?;
    let (text, _) = crate::detect::text::decode_exact(&bytes)
        .map_err(|kind| WriteError::Encoding(kind.to_string()))?;
    let edits = locate::edits_for(finding, &text, relay)?;
    let after = crate::writeback::edited_bytes(&bytes, &edits)?;
    let (new_text, _) = crate::detect::text::decode_exact(&after)
        .map_err(|kind| WriteError::Encoding(kind.to_string()))?;
    Ok((
        crate::writeback::sha256(&bytes),
        preview(&text, &new_text, &edits),
    ))
}

/// The lines around each edit, before and after, with every password masked: the preview is
/// shown, saved in the session and exported, and a password it quoted would leak with it.
fn preview(before: &str, after: &str, edits: &[ValueEdit]) -> Vec<PlannedEdit> {
    // The values the edits empty or remove are masked first, whatever they are called.
    let mut masked = before.to_owned();
    let mut secret_spans: Vec<&ValueEdit> = edits
        .iter()
        .filter(|e| e.new.is_empty() && !e.span.is_empty())
        .collect();
    secret_spans.sort_by_key(|e| std::cmp::Reverse(e.span.start));
    for edit in secret_spans {
        if let Some(old) = masked.get(edit.span.clone()) {
            let replacement = mask_values(old);
            masked.replace_range(edit.span.clone(), &replacement);
        }
    }
    // Line numbers come from the original text (the mask changes lengths, never line breaks).
    let original = before;
    let before_lines: Vec<&str> = masked.lines().collect();
    let after_lines: Vec<&str> = after.lines().collect();
    let mut shown: Vec<PlannedEdit> = Vec::new();
    for edit in edits {
        let line = original[..edit.span.start].matches('\n').count();
        let number = u32::try_from(line + 1).unwrap_or(u32::MAX);
        if shown.iter().any(|s| s.line == number) {
            continue;
        }
        shown.push(PlannedEdit {
            field: edit.field.clone(),
            line: number,
            before: mask_values(before_lines.get(line).unwrap_or(&"").trim()),
            after: mask_values(after_lines.get(line).unwrap_or(&"").trim()),
        });
    }
    shown
}

/// Masks the values of password-like names in a line: `password="x"`, `"SmtpPassword": "x"`,
/// `smtp.pass = x`; a span that is only a value (`password="x"` removed whole) is masked too.
pub fn mask_values(line: &str) -> String {
    const MASK: &str = "********";
    let lower = line.to_ascii_lowercase();
    let is_secret_name = |name: &str| {
        let n = name.to_ascii_lowercase();
        ["pass", "pwd", "secret"].iter().any(|w| n.contains(w))
    };
    let mut out = String::with_capacity(line.len());
    let mut at = 0;
    // Every `=` or `:` whose name before it is password-like: mask the value after it.
    let bytes = lower.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'=' || bytes[i] == b':' {
            let name_start = lower[..i]
                .trim_end()
                .trim_end_matches(['"', '\''])
                .rfind(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.')))
                .map_or(0, |p| p + 1);
            let name = lower[name_start..i].trim().trim_matches(['"', '\'']);
            if is_secret_name(name) {
                let rest = &line[i + 1..];
                let trimmed = rest.trim_start();
                let lead = rest.len() - trimmed.len();
                let (value_len, quoted) = match trimmed.chars().next() {
                    Some(q @ ('"' | '\'')) => {
                        (trimmed[1..].find(q).map_or(trimmed.len() - 1, |e| e), 1)
                    }
                    _ => (
                        trimmed
                            .find(|c: char| c == ';' || c == ',' || c == '&' || c.is_whitespace())
                            .unwrap_or(trimmed.len()),
                        0,
                    ),
                };
                let value_start = i + 1 + lead + quoted;
                if value_len > 0
                    && line.is_char_boundary(value_start)
                    && line.is_char_boundary(value_start + value_len)
                {
                    out.push_str(&line[at..value_start]);
                    out.push_str(MASK);
                    at = value_start + value_len;
                    i = at;
                    continue;
                }
            }
        }
        i += 1;
    }
    out.push_str(&line[at..]);
    out
}

/// PowerShell single-quoted literal.
fn ps_quote(value: &str) -> String {
    crate::exchange_script::ps_quote(value)
}

/// SSRS and Power BI Report Server: Microsoft's ReportingServicesTools module sets the mail
/// settings through the report server's WMI provider (`SetAuthenticatedEmailConfiguration`),
/// which also clears the encrypted user name and password; the file must not be edited by hand
/// for those. The provider takes no port: the relay should listen on 25 for SSRS.
fn ssrs_script(relay: &RelayTarget, finding: &Finding) -> String {
    let from = finding
        .evidence
        .args
        .get("from")
        .cloned()
        .unwrap_or_else(|| "reports@contoso.nl".into());
    let mut lines = vec![
        "# Reporting Services: send through the relay, without a user name or password.".to_owned(),
        "# Microsoft's ReportingServicesTools module calls the report server's WMI provider."
            .into(),
        "Install-Module ReportingServicesTools -Scope CurrentUser".into(),
        format!(
            "Set-RsEmailSettings -Authentication None -SmtpServer {} -SenderAddress {}",
            ps_quote(&relay.host),
            ps_quote(&from)
        ),
    ];
    if relay.port != 25 {
        lines.push(format!(
            "# The WMI provider sets no port: set <SMTPServerPort>{}</SMTPServerPort> in",
            relay.port
        ));
        lines.push(format!(
            "# {} by hand, or let the relay listen on port 25.",
            finding.location.display()
        ));
    }
    lines.push("Restart-Service SQLServerReportingServices -ErrorAction SilentlyContinue".into());
    lines.push("Restart-Service PowerBIReportServer -ErrorAction SilentlyContinue".into());
    lines.join("\r\n")
}

/// The IIS SMTP service: its settings live in the IIS 6 metabase, changed through ADSI while the
/// IIS Admin service runs (editing MetaBase.xml by hand is only safe with it stopped).
fn smtp_service_script(relay: &RelayTarget, finding: &Finding) -> String {
    let location = match &finding.location {
        Location::File { key, .. } => key
            .split_once("@Location='")
            .and_then(|(_, rest)| rest.split_once('\''))
            .map(|(l, _)| l.trim_start_matches("/LM/").to_owned())
            .unwrap_or_else(|| "SmtpSvc/1".into()),
        _ => "SmtpSvc/1".into(),
    };
    let host = if relay.host.chars().all(|c| c.is_ascii_digit() || c == '.') {
        format!("[{}]", relay.host)
    } else {
        relay.host.clone()
    };
    [
        "# IIS SMTP service: forward to the relay instead of Exchange Online, without a login.".to_owned(),
        format!("$server = [ADSI]{}", ps_quote(&format!("IIS://localhost/{location}"))),
        format!("$server.Put('SmartHost', {})", ps_quote(&host)),
        "$server.Put('SmartHostType', 2)".into(),
        format!("$server.Put('RemoteSmtpPort', {})", relay.port),
        "$server.Put('RouteUserName', '')".into(),
        "$server.Put('RoutePassword', '')".into(),
        "$server.SetInfo()".into(),
        "# Then in IIS 6.0 Manager > the virtual server > Properties > Delivery > Outbound Security:".into(),
        "# choose Anonymous access.".into(),
        "Restart-Service SMTPSVC".into(),
    ]
    .join("\r\n")
}

/// Text for a `--` comment: every control or line-separating character becomes a space, so the
/// comment ends where the line does.
fn comment_safe(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '\u{85}') {
                ' '
            } else {
                c
            }
        })
        .collect()
}

/// A T-SQL string literal: `N'...'` with every quote doubled.
fn sql_literal(value: &str) -> String {
    format!("N'{}'", value.replace('\'', "''"))
}

/// Database Mail: Microsoft's `msdb.dbo.sysmail_update_account_sp` changes an account
/// (<https://learn.microsoft.com/sql/relational-databases/system-stored-procedures/sysmail-update-account-sp-transact-sql>,
/// read 2026-11-30). Most of its arguments have no default, so the script reads the account's
/// current values first and passes them back unchanged; only the server part changes: the
/// relay, its port, TLS as the plan says, and no user name or password (anonymous, which
/// `@use_default_credentials = 0` with a NULL user name means). `@timeout` exists only on newer
/// versions (a column of `sysmail_server`), so it is read and passed only where it exists. The
/// script stops before the change when the account no longer uses the server the scan saw.
/// Names from the database reach the script only inside string literals or comments cleaned of
/// line breaks: a hostile account name cannot add a statement.
fn database_mail_script(relay: &RelayTarget, finding: &Finding) -> Option<String> {
    let Location::Database {
        server, row_key, ..
    } = &finding.location
    else {
        return None;
    };
    let key = crate::sql::ident::RowKey::decode(row_key)?;
    let account_id: i32 = key
        .0
        .iter()
        .find(|(column, _)| column == "account_id")
        .and_then(|(_, value)| value.parse().ok())?;
    let args = &finding.evidence.args;
    let account = args.get("account").map(String::as_str).unwrap_or("");
    let scanned_host = args.get("host").map(String::as_str).unwrap_or("");
    let ssl = u8::from(relay.tls);
    let instance_is_here = {
        let host = server
            .split(['\\', ','])
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase();
        matches!(
            host.as_str(),
            "" | "." | "(local)" | "localhost" | "127.0.0.1"
        ) || is_loopback(&host)
    };
    let mut lines = vec![
        format!(
            "-- Database Mail account {} (account_id {account_id}) on {}:",
            comment_safe(&sql_literal(account)),
            if server.is_empty() {
                "this instance".to_owned()
            } else {
                comment_safe(server)
            }
        ),
        format!(
            "-- send through the relay {} without a user name or password.",
            relay.display()
        ),
        "-- Run in SQL Server Management Studio (or sqlcmd) as a login that may execute".into(),
        "-- msdb.dbo.sysmail_update_account_sp (sysadmin, or granted EXECUTE on it).".into(),
    ];
    if !instance_is_here && is_loopback(&relay.host) {
        lines.push(format!(
            "-- This instance may run on another server: there, {} is not this relay. Use this",
            relay.host
        ));
        lines.push(
            "-- server's name instead and allow the SQL Server's address in the relay.".into(),
        );
    }
    lines.extend([
        format!("DECLARE @account_id int = {account_id};"),
        "DECLARE @email nvarchar(128), @display nvarchar(128), @replyto nvarchar(128),".into(),
        "        @description nvarchar(256), @type sysname, @server sysname, @timeout int;".into(),
        "SELECT @email = a.email_address, @display = a.display_name, @replyto = a.replyto_address,".into(),
        "       @description = a.description, @type = s.servertype, @server = s.servername".into(),
        "FROM msdb.dbo.sysmail_account AS a".into(),
        "JOIN msdb.dbo.sysmail_server AS s ON s.account_id = a.account_id".into(),
        "WHERE a.account_id = @account_id;".into(),
        format!("IF @server IS NULL OR @server <> {}", sql_literal(scanned_host)),
        "    THROW 50001, N'The account is not as Overstap scanned it: scan again.', 1;".into(),
        "IF COL_LENGTH(N'msdb.dbo.sysmail_server', N'timeout') IS NOT NULL".into(),
        "    EXEC sp_executesql N'SELECT @t = [timeout] FROM msdb.dbo.sysmail_server WHERE account_id = @id',".into(),
        "        N'@t int OUTPUT, @id int', @t = @timeout OUTPUT, @id = @account_id;".into(),
    ]);
    let call = |with_timeout: bool| {
        let mut call = vec![
            "    EXEC msdb.dbo.sysmail_update_account_sp @account_id = @account_id,".to_owned(),
            "        @email_address = @email, @display_name = @display, @replyto_address = @replyto,"
                .into(),
            "        @description = @description,".into(),
            format!(
                "        @mailserver_name = {}, @mailserver_type = @type, @port = {},",
                sql_literal(&relay.host),
                relay.port
            ),
        ];
        if with_timeout {
            call.push("        @timeout = @timeout,".into());
        }
        call.push(format!(
            "        @username = NULL, @password = NULL, @use_default_credentials = 0, @enable_ssl = {ssl};"
        ));
        call
    };
    lines.push("IF COL_LENGTH(N'msdb.dbo.sysmail_server', N'timeout') IS NOT NULL".into());
    lines.extend(call(true));
    lines.push("ELSE".into());
    lines.extend(call(false));
    lines.push(
        "-- Then send a test: EXEC msdb.dbo.sp_send_dbmail @profile_name = N'...', @recipients = N'...', @subject = N'Overstap test';"
            .into(),
    );
    Some(lines.join("\r\n"))
}

/// The replacement for a mail call in a script: the relay, and no credentials.
pub fn script_lines(call: &str, relay: &RelayTarget) -> Vec<String> {
    let host = &relay.host;
    let port = relay.port;
    match call {
        "Send-MailMessage -SmtpServer" | "$PSEmailServer" => vec![
            format!("Send-MailMessage ... -SmtpServer '{host}' -Port {port}"),
            "# remove -Credential and -UseSsl: the relay needs no login".into(),
        ],
        "System.Net.Mail.SmtpClient" | "SmtpClient.Host" => vec![
            format!("$client = New-Object System.Net.Mail.SmtpClient('{host}', {port})"),
            "# remove the .Credentials and .EnableSsl lines".into(),
        ],
        "MailKit SmtpClient.Connect" => vec![
            format!(
                "$client.Connect('{host}', {port}, [MailKit.Security.SecureSocketOptions]::None)"
            ),
            "# remove the .Authenticate(...) call".into(),
        ],
        "CDO smtpserver" => vec![
            format!(
                ".Item(\"http://schemas.microsoft.com/cdo/configuration/smtpserver\") = \"{host}\""
            ),
            format!(
                ".Item(\"http://schemas.microsoft.com/cdo/configuration/smtpserverport\") = {port}"
            ),
            ".Item(\"http://schemas.microsoft.com/cdo/configuration/smtpauthenticate\") = 0".into(),
            "' remove the sendusername and sendpassword lines".into(),
        ],
        "blat -server" => vec![
            format!("blat.exe ... -server {host}:{port}"),
            "rem remove -u and -pw".into(),
        ],
        "sendEmail -s" => vec![
            format!("sendEmail.exe ... -s {host}:{port}"),
            "rem remove -xu, -xp and -o tls=yes".into(),
        ],
        "mailsend -smtp" => vec![
            format!("mailsend ... -smtp {host} -port {port}"),
            "rem remove -auth, -user and -pass".into(),
        ],
        "smtplib.SMTP" => vec![
            format!("server = smtplib.SMTP('{host}', {port})"),
            "# remove .starttls() and .login(...)".into(),
        ],
        _ => vec![format!("# send to {host}, port {port}, without a login")],
    }
}

/// A task's deprecated "Send an e-mail" action, replaced by a PowerShell action that sends
/// through the relay.
fn task_lines(relay: &RelayTarget) -> Vec<String> {
    vec![
        "Action: Start a program".into(),
        "Program: powershell.exe".into(),
        format!(
            "Arguments: -NoProfile -Command \"Send-MailMessage -SmtpServer '{}' -Port {} -From '...' -To '...' -Subject '...' -Body '...'\"",
            relay.host, relay.port
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn route_keys_are_unique() {
        let mut keys = Route::KEYS.to_vec();
        keys.sort();
        keys.dedup();
        assert_eq!(keys.len(), Route::KEYS.len());
    }

    #[test]
    fn script_lines_name_the_relay() {
        let relay = RelayTarget {
            host: "127.0.0.1".into(),
            port: 2525,
            tls: false,
        };
        for call in [
            "Send-MailMessage -SmtpServer",
            "System.Net.Mail.SmtpClient",
            "MailKit SmtpClient.Connect",
            "CDO smtpserver",
            "blat -server",
            "sendEmail -s",
            "mailsend -smtp",
            "smtplib.SMTP",
        ] {
            let lines = script_lines(call, &relay).join("\n");
            assert!(lines.contains("127.0.0.1"), "{call}");
            assert!(lines.contains("2525"), "{call}");
        }
    }
}

impl PlanItem {
    /// The finding this item was planned from, as far as writing needs it.
    fn as_finding(&self) -> Finding {
        Finding::new(
            &self.app,
            Location::File {
                path: self.path.clone(),
                key: self.key.clone(),
                line: self.line,
            },
            self.before.clone(),
            self.classification,
            crate::detect::Confidence::High,
            crate::detect::Evidence::new(&self.evidence, &[]),
        )
    }
}

/// Writes one planned file change: the file must still be what was planned (hash), the edits
/// are worked out again on it, and the write goes through [`crate::writeback::apply`] with a
/// re-detection that must now see the relay where Exchange Online was.
#[allow(clippy::too_many_arguments)]
pub fn apply_item(
    item: &mut PlanItem,
    relay: &RelayTarget,
    machine: &Machine,
    fs: &dyn crate::writeback::WriteFs,
    store: &crate::writeback::BackupStore,
    catalog: &Catalog,
    now: DateTime<Utc>,
) -> Result<crate::writeback::ManifestEntry, WriteError> {
    if item.route != Route::WriteFile {
        return Err(WriteError::NotWritable);
    }
    let local = machine
        .fs
        .locate(&item.path)
        .ok_or(WriteError::NotFoundInFile)?;
    if let Some(boundary) = machine.fs.boundary() {
        crate::detect::platform::check_inside(&local, boundary)
            .map_err(|_| WriteError::NotWritable)?;
    }
    let bytes = fs.read(&local)?;
    let hash = crate::writeback::sha256(&bytes);
    if item.file_sha256.as_deref() != Some(hash.as_str()) {
        return Err(WriteError::ChangedSinceScan);
    }
    let (text, _) = crate::detect::text::decode_exact(&bytes)
        .map_err(|kind| WriteError::Encoding(kind.to_string()))?;
    let edits = locate::edits_for(&item.as_finding(), &text, relay)?;
    let after = crate::writeback::edited_bytes(&bytes, &edits)?;
    let change = crate::writeback::FileChange {
        local,
        windows_path: item.path.clone(),
        before_sha256: hash,
        after,
        label: format!("{}: {} -> {}", item.app, item.before, relay.display()),
    };
    let key = item.key.clone();
    let path = item.path.clone();
    let reader = crate::detect::Reader::of_app(&item.app);
    let redetect = |written: &[u8]| -> Result<(), String> {
        let text = crate::detect::text::decode(written).map_err(|e| e.to_string())?;
        let found = crate::detect::rescan_text(&path, &text, catalog, reader);
        let same: Vec<&Finding> = found
            .iter()
            .filter(|f| matches!(&f.location, Location::File { key: k, .. } if *k == key))
            .collect();
        if let Some(still) = same
            .iter()
            .find(|f| f.classification == Classification::ExoDirect)
        {
            return Err(format!("{} ({})", still.value, still.classification.key()));
        }
        match same.first() {
            Some(f) if crate::catalog::rules::host_of(&f.value) == relay.host => Ok(()),
            Some(f) => Err(f.value.clone()),
            None => Err("-".into()),
        }
    };
    match crate::writeback::apply(fs, store, &change, &redetect) {
        Ok(entry) => {
            item.state = ItemState::Applied {
                backup: entry.id,
                at: now,
                backup_file: Some(entry.backup_file.display().to_string()),
            };
            Ok(entry)
        }
        Err(error) => {
            item.state = ItemState::Failed {
                message: error.message_id().to_owned(),
                detail: error.to_string(),
            };
            Err(error)
        }
    }
}

/// Undoes an applied item from its backup.
pub fn undo_item(
    item: &mut PlanItem,
    fs: &dyn crate::writeback::WriteFs,
    store: &crate::writeback::BackupStore,
    now: DateTime<Utc>,
) -> Result<(), WriteError> {
    let ItemState::Applied { backup, .. } = item.state else {
        return Err(WriteError::NotWritable);
    };
    let mut entry = store
        .entries(fs)?
        .into_iter()
        .find(|e| e.id == backup)
        .ok_or_else(|| WriteError::Backup(format!("no backup entry {backup}")))?;
    crate::writeback::undo(fs, store, &mut entry)?;
    item.state = ItemState::Undone { at: now };
    Ok(())
}

#[cfg(test)]
mod mask_tests {
    use super::mask_values;

    #[test]
    fn passwords_in_every_shape_are_masked() {
        let table = [
            (
                r#"<network host="x" userName="u" password="S3cret!" />"#,
                r#"<network host="x" userName="u" password="********" />"#,
            ),
            (
                r#""SmtpPassword": "S3cret!", "Host": "x""#,
                r#""SmtpPassword": "********", "Host": "x""#,
            ),
            (
                "mail.smtp.pass = S3cret! ; x",
                "mail.smtp.pass = ******** ; x",
            ),
            ("Pwd=S3cret!;Server=x", "Pwd=********;Server=x"),
            ("host=smtp.office365.com", "host=smtp.office365.com"),
            (r#"password='S3cret!'"#, r#"password='********'"#),
        ];
        for (line, expected) in table {
            assert_eq!(mask_values(line), expected, "{line}");
        }
    }
}
