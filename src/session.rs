//! The run as data: what the admin chose, entered and completed, page by page.
//!
//! The session is what gets saved, resumed, exported to a partner and printed in the summary, so
//! it holds no secret at all: the client secret lives in the credential store and the session
//! records only that it is stored and when it expires. `#[serde(default)]` everywhere keeps older
//! session files readable as fields are added.
//!
//! A session file is input like any other (issue 13): the autosave of an earlier run, or a file a
//! partner sent. So it is read with a size cap, refused unless it looks like a session, never
//! carries the tenant's endpoints (they are found again by discovery), and a secret it says is
//! "stored" counts only where it can still be: not after a restart when it was held in memory,
//! not on another computer.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::checklist::AppCheck;
use crate::detect::{ScanReport, ScanSource};
use crate::platform::Role;
use crate::registration::Registration;

/// Bumped when a field changes meaning; readers refuse newer versions they do not understand.
///
/// 2: the app-only scenarios gained the access route (`Registration::access`). Version 1 files
/// still load; see `Registration::access` for how their app-only scenarios are read.
pub const SESSION_VERSION: u32 = 2;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Session {
    pub version: u32,
    pub role: Option<Role>,
    pub scan: ScanState,
    pub registration: Registration,
    pub secret: SecretRecord,
    pub consent: StepState,
    /// What tenant discovery found in this run. Never saved: the endpoints in it decide where
    /// the secret and tokens go, so after a restart or an import discovery runs again.
    #[serde(skip)]
    pub tenant: Option<crate::identity::TenantInfo>,
    /// What is known about the tokens (never the tokens themselves).
    pub token: Option<crate::identity::TokenStatus>,
    pub test_send: TestSendRecord,
    /// The checklist per application, keyed by catalogue id. Entries for ids a catalogue does
    /// not know (a partner's own additions) are kept as they are.
    pub applications: BTreeMap<String, AppCheck>,
    /// What the last finished scan found (never a password: the sources keep only "present").
    pub scan_report: ScanReport,
    /// The changes planned for the scan's findings, and what was written (never a password:
    /// the preview masks them).
    pub plan: Option<crate::plan::Plan>,
    /// The relay on this server as last seen, and its last test (never its secrets).
    pub relay: Option<crate::relay::record::RelayRecord>,
}

impl Default for Session {
    fn default() -> Self {
        Self {
            version: SESSION_VERSION,
            role: None,
            scan: ScanState::default(),
            registration: Registration::default(),
            secret: SecretRecord::default(),
            consent: StepState::default(),
            tenant: None,
            token: None,
            test_send: TestSendRecord::default(),
            applications: BTreeMap::new(),
            scan_report: ScanReport::default(),
            plan: None,
            relay: None,
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "state")]
pub enum ScanState {
    #[default]
    NotRun,
    /// The admin chose to mark applications by hand.
    Skipped,
    Finished {
        at: DateTime<Utc>,
        source: ScanSource,
        findings: usize,
    },
}

/// Facts about the client secret. Never the secret itself.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SecretRecord {
    /// The secret is held by Overstap (credential store) for this tenant and client.
    pub stored: bool,
    pub expires_on: Option<NaiveDate>,
    /// Where it is held; `None` in files from before this was recorded.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub held_in: Option<SecretHolder>,
    /// Why a secret the file called stored is not available now; set when a file is read.
    #[serde(skip)]
    pub gone: Option<SecretGone>,
}

/// Where a stored secret is kept.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SecretHolder {
    /// The system credential store: it survives a restart of Overstap.
    CredentialStore,
    /// The memory of the Overstap that stored it: gone when that one closed.
    Memory,
}

impl SecretHolder {
    pub fn of(location: &crate::secrets::StoreLocation) -> SecretHolder {
        match location {
            crate::secrets::StoreLocation::System => SecretHolder::CredentialStore,
            crate::secrets::StoreLocation::Memory { .. } => SecretHolder::Memory,
        }
    }
}

/// Why the secret must be entered again.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SecretGone {
    /// The previous run held it in memory only.
    Restarted,
    /// The session came from a file: its secret is on the computer that wrote it.
    Imported,
}

impl SecretGone {
    pub fn key(self) -> &'static str {
        match self {
            SecretGone::Restarted => "restarted",
            SecretGone::Imported => "imported",
        }
    }
}

impl SecretRecord {
    /// A stored secret is recorded with where it went.
    pub fn record_stored(&mut self, holder: SecretHolder, expires_on: NaiveDate) {
        self.stored = true;
        self.held_in = Some(holder);
        self.expires_on = Some(expires_on);
        self.gone = None;
    }

    /// The secret is no longer where the file says it was.
    fn forget(&mut self, why: SecretGone) {
        if self.stored {
            self.stored = false;
            self.held_in = None;
            self.gone = Some(why);
        }
    }
}

/// A step that later pages complete, or that the admin explicitly leaves open for now.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "state")]
pub enum StepState {
    #[default]
    Open,
    /// Left open on purpose; the summary lists it as still to do.
    Deferred,
    Done {
        at: DateTime<Utc>,
    },
}

impl StepState {
    pub fn is_settled(&self) -> bool {
        !matches!(self, StepState::Open)
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct TestSendRecord {
    pub state: StepState,
    pub from_mailbox: String,
    pub recipient: String,
    /// Wait on IMAP until the test message arrives.
    pub check_arrival: bool,
    /// The last attempt per route, with its (redacted) transcript, for the summary.
    pub results: Vec<crate::mailtest::RouteResult>,
}

/// The largest session file read. A real one is a few hundred KiB at most (the scan report is
/// its biggest part); anything larger is not a session and must not exhaust memory.
pub const MAX_SESSION_BYTES: u64 = 8 * 1024 * 1024;

/// Why a session file cannot be used. The texts never quote the file's content (a planted
/// secret in it must not end up on screen); line and column say where the problem is.
#[derive(Debug, thiserror::Error)]
pub enum SessionError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("{path} is not a file")]
    NotAFile { path: String },
    #[error("{path} has {size} bytes, more than a session can have ({MAX_SESSION_BYTES})")]
    TooBig { path: String, size: u64 },
    #[error("{path} is not valid JSON (line {line}, column {column})")]
    NotJson {
        path: String,
        line: usize,
        column: usize,
    },
    #[error("{path} is JSON but not an Overstap session")]
    NotASession { path: String },
    #[error("{path}: a value has the wrong type or is not one Overstap knows")]
    WrongValues { path: String },
    #[error(
        "{path} was written by a newer Overstap (session version {found}, this one reads {supported})"
    )]
    TooNew {
        path: String,
        found: u64,
        supported: u32,
    },
    #[error("cannot write {path}: {source}")]
    Write {
        path: String,
        source: std::io::Error,
    },
}

impl SessionError {
    /// The bilingual message id and its arguments (the path is shown apart).
    pub fn message(&self) -> (&'static str, Vec<(&'static str, String)>) {
        match self {
            SessionError::Read { source, .. } => match source.kind() {
                std::io::ErrorKind::NotFound => ("session-error-not-found", vec![]),
                std::io::ErrorKind::PermissionDenied => ("session-error-permission", vec![]),
                _ => ("session-error-read", vec![("detail", source.to_string())]),
            },
            SessionError::NotAFile { .. } => ("session-error-not-a-file", vec![]),
            SessionError::TooBig { size, .. } => (
                "session-error-too-big",
                vec![
                    ("size", size.div_ceil(1024 * 1024).to_string()),
                    ("max", (MAX_SESSION_BYTES / (1024 * 1024)).to_string()),
                ],
            ),
            SessionError::NotJson { line, column, .. } => (
                "session-error-not-json",
                vec![("line", line.to_string()), ("column", column.to_string())],
            ),
            SessionError::NotASession { .. } => ("session-error-not-a-session", vec![]),
            SessionError::WrongValues { .. } => ("session-error-wrong-values", vec![]),
            SessionError::TooNew {
                found, supported, ..
            } => (
                "session-error-too-new",
                vec![
                    ("found", found.to_string()),
                    ("supported", supported.to_string()),
                ],
            ),
            SessionError::Write { source, .. } => {
                ("session-error-write", vec![("detail", source.to_string())])
            }
        }
    }

    /// `message` as a core message, to word when it is drawn.
    pub fn to_message(&self) -> crate::i18n::Message {
        let (id, args) = self.message();
        crate::i18n::Message::new(id, args)
    }

    /// Every message id, for the translation tests.
    pub const MESSAGE_IDS: [&'static str; 10] = [
        "session-error-not-found",
        "session-error-permission",
        "session-error-read",
        "session-error-not-a-file",
        "session-error-too-big",
        "session-error-not-json",
        "session-error-not-a-session",
        "session-error-wrong-values",
        "session-error-too-new",
        "session-error-write",
    ];
}

impl Session {
    /// Takes a finished scan into the checklist and keeps its report (`checklist::apply_scan`).
    pub fn apply_scan(
        &mut self,
        catalog: &crate::catalog::Catalog,
        report: &ScanReport,
        l10n: &crate::i18n::Localizer,
    ) {
        crate::checklist::apply_scan(&mut self.applications, catalog, report, l10n);
        self.scan_report = report.clone();
    }

    /// The checklist's filled-in texts in another language (`checklist::relocalise`).
    pub fn relocalise(
        &mut self,
        catalog: &crate::catalog::Catalog,
        language: crate::i18n::Language,
    ) {
        crate::checklist::relocalise(&mut self.applications, &self.scan_report, catalog, language);
    }

    /// Takes the plan's change `index`, written or undone, into its checklist row
    /// (`checklist::take_change`).
    pub fn take_change(
        &mut self,
        catalog: &crate::catalog::Catalog,
        index: usize,
        l10n: &crate::i18n::Localizer,
    ) {
        if let Some(plan) = &self.plan {
            crate::checklist::take_change(&mut self.applications, plan, catalog, index, l10n);
        }
    }

    pub fn to_json(&self) -> String {
        // Serialising plain data with string keys cannot fail.
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// This computer's autosave, from an earlier run of Overstap.
    pub fn load(path: &std::path::Path) -> Result<Session, SessionError> {
        let mut session = Session::read(path)?;
        if session.secret.held_in == Some(SecretHolder::Memory) {
            session.secret.forget(SecretGone::Restarted);
        }
        Ok(session)
    }

    /// A session a partner (or anyone) sent: its secret, if any, is on their computer.
    pub fn import(path: &std::path::Path) -> Result<Session, SessionError> {
        let mut session = Session::read(path)?;
        session.secret.forget(SecretGone::Imported);
        Ok(session)
    }

    fn read(path: &std::path::Path) -> Result<Session, SessionError> {
        use std::io::Read as _;
        let shown = path.display().to_string();
        let read_error = |source| SessionError::Read {
            path: shown.clone(),
            source,
        };
        // A device or a pipe (`/dev/zero`, a FIFO) would never end: regular files only.
        let metadata = std::fs::metadata(path).map_err(read_error)?;
        if !metadata.is_file() {
            return Err(SessionError::NotAFile { path: shown });
        }
        if metadata.len() > MAX_SESSION_BYTES {
            return Err(SessionError::TooBig {
                path: shown,
                size: metadata.len(),
            });
        }
        let mut bytes = Vec::new();
        std::fs::File::open(path)
            .and_then(|file| file.take(MAX_SESSION_BYTES + 1).read_to_end(&mut bytes))
            .map_err(read_error)?;
        if bytes.len() as u64 > MAX_SESSION_BYTES {
            return Err(SessionError::TooBig {
                path: shown,
                size: bytes.len() as u64,
            });
        }
        // Notepad writes a byte order mark; it is not part of the JSON.
        let text = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(&bytes);
        // serde_json refuses nesting deeper than 128 levels, so no file can overflow the stack.
        let value: serde_json::Value =
            serde_json::from_slice(text).map_err(|e| SessionError::NotJson {
                path: shown.clone(),
                line: e.line(),
                column: e.column(),
            })?;
        let version = value
            .as_object()
            .and_then(|object| object.get("version"))
            .and_then(serde_json::Value::as_u64)
            .ok_or_else(|| SessionError::NotASession {
                path: shown.clone(),
            })?;
        if version > u64::from(SESSION_VERSION) {
            return Err(SessionError::TooNew {
                path: shown,
                found: version,
                supported: SESSION_VERSION,
            });
        }
        let mut session: Session =
            serde_json::from_value(value).map_err(|_| SessionError::WrongValues { path: shown })?;
        // A file is not a scan: its findings are cut down like fresh ones (no password rides in).
        session.scan_report.normalise();
        Ok(session)
    }

    /// Written beside the target and renamed over it, so a crash leaves the old file intact.
    pub fn save(&self, path: &std::path::Path) -> Result<(), SessionError> {
        crate::fsutil::write_atomic(path, self.to_json().as_bytes()).map_err(|source| {
            SessionError::Write {
                path: path.display().to_string(),
                source,
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::Scenario;

    #[test]
    fn round_trip_through_disk() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("session.json");
        let mut session = Session {
            role: Some(Role::Partner),
            ..Session::default()
        };
        session.registration.scenario = Some(Scenario::GraphAppOnly);
        session.registration.tenant_id = "half-typed".into();
        session.secret.expires_on = NaiveDate::from_ymd_opt(2028, 11, 1);
        session.save(&path).expect("save");
        assert_eq!(Session::load(&path).expect("load"), session);
    }

    #[test]
    fn older_files_with_missing_fields_still_load() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("old.json");
        std::fs::write(&path, r#"{"version":1,"role":"admin"}"#).expect("write");
        let session = Session::load(&path).expect("load");
        assert_eq!(session.role, Some(Role::Admin));
        assert_eq!(session.scan, ScanState::NotRun);
    }

    #[test]
    fn newer_and_broken_files_are_refused_with_reason() {
        let dir = tempfile::tempdir().expect("tempdir");
        let newer = dir.path().join("newer.json");
        std::fs::write(&newer, r#"{"version":99}"#).expect("write");
        assert!(matches!(
            Session::load(&newer),
            Err(SessionError::TooNew { found: 99, .. })
        ));
        let broken = dir.path().join("broken.json");
        std::fs::write(&broken, "{ not json").expect("write");
        assert!(matches!(
            Session::load(&broken),
            Err(SessionError::NotJson { line: 1, .. })
        ));
    }

    #[test]
    fn a_secret_counts_as_stored_only_where_it_still_is() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("session.json");
        let date = NaiveDate::from_ymd_opt(2028, 1, 1).expect("date");
        let mut session = Session::default();
        session.secret.record_stored(SecretHolder::Memory, date);
        session.save(&path).expect("save");
        let restarted = Session::load(&path).expect("load");
        assert!(!restarted.secret.stored);
        assert_eq!(restarted.secret.gone, Some(SecretGone::Restarted));
        assert_eq!(restarted.secret.expires_on, Some(date));

        session
            .secret
            .record_stored(SecretHolder::CredentialStore, date);
        session.save(&path).expect("save");
        assert!(Session::load(&path).expect("load").secret.stored);
        let imported = Session::import(&path).expect("import");
        assert!(!imported.secret.stored);
        assert_eq!(imported.secret.gone, Some(SecretGone::Imported));
    }

    #[test]
    fn only_the_delegated_scenario_goes_without_secret() {
        let without: Vec<_> = Scenario::ALL
            .into_iter()
            .filter(|s| !s.needs_client_secret())
            .collect();
        assert_eq!(without, vec![Scenario::SmtpImapDelegated]);
    }

    /// Issue 21: an app-only scenario saved by version 1 reads as "route still to choose" for
    /// SMTP and EWS (the old set-up mixed both routes), as the only route for Graph.
    #[test]
    fn version_1_app_only_sessions_ask_for_the_route() {
        use crate::access::Access;
        for (scenario, needs_choice) in [
            ("smtp-app-only", true),
            ("ews", true),
            ("graph-app-only", false),
            ("smtp-imap-delegated", false),
        ] {
            let old: Session = serde_json::from_str(&format!(
                r#"{{"version":1,"registration":{{"scenario":"{scenario}"}}}}"#
            ))
            .expect("old session");
            assert_eq!(old.registration.access, None);
            assert_eq!(
                old.registration.needs_access_choice(),
                needs_choice,
                "{scenario}"
            );
        }
        let mut registration = Registration::default();
        registration.choose_scenario(Scenario::SmtpAppOnly);
        assert_eq!(registration.access, Some(Access::Rbac));
        registration.access = Some(Access::Entra);
        registration.choose_scenario(Scenario::SmtpAppOnly);
        assert_eq!(
            registration.access,
            Some(Access::Entra),
            "same scenario keeps it"
        );
        registration.choose_scenario(Scenario::GraphAppOnly);
        assert_eq!(registration.access, None, "one route: nothing to choose");
        assert_eq!(registration.route().map(|r| r.access), Some(Access::Rbac));
        registration.choose_scenario(Scenario::Ews);
        assert_eq!(registration.access, Some(Access::Rbac));
        let back: Session = serde_json::from_str(
            &Session {
                registration: registration.clone(),
                ..Session::default()
            }
            .to_json(),
        )
        .expect("round trip");
        assert_eq!(back.registration, registration);
        assert_eq!(back.version, SESSION_VERSION);
    }

    #[test]
    fn sessions_without_a_preset_still_load_and_presets_round_trip() {
        let old: Session =
            serde_json::from_str(r#"{"version":1,"registration":{"scenario":"ews"}}"#)
                .expect("old session");
        assert_eq!(old.registration.preset, None);
        let mut session = Session::default();
        session.registration.preset = Some(crate::presets::Preset::KING_ERP);
        session.registration.answers.environment = Some(crate::presets::Environment::Acceptance);
        let back: Session = serde_json::from_str(&session.to_json()).expect("round trip");
        assert_eq!(back, session);
        assert!(!crate::wizard::needs_client_secret(&back.registration));
    }
}
