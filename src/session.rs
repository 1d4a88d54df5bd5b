//! The run as data: what the admin chose, entered and completed, page by page.
//!
//! The session is what gets saved, resumed, exported to a partner and printed in the summary, so
//! it holds no secret at all: the client secret lives in the credential store and the session
//! records only that it is stored and when it expires. `#[serde(default)]` everywhere keeps older
//! session files readable as fields are added.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::catalog::OutcomeKind;
use crate::detect::ScanReport;

/// Bumped when a field changes meaning; readers refuse newer versions they do not understand.
pub const SESSION_VERSION: u32 = 1;

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
    /// the secret and tokens go, so a session file cannot bring its own.
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
        }
    }
}

/// Who runs the wizard decides what Overstap may do on this machine.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    /// Administrator of this server: scan here, write settings here.
    Admin,
    /// Partner guiding a customer remotely: prepare, export, let the customer finish.
    Partner,
}

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

/// How the applications will authenticate to Exchange Online after the move.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Scenario {
    /// SMTP AUTH with XOAUTH2, app-only token (`SMTP.SendAsApp`), client secret.
    SmtpAppOnly,
    /// SMTP and IMAP with a signed-in user (`SMTP.Send`, `IMAP.AccessAsUser.All`), no secret.
    SmtpImapDelegated,
    /// Microsoft Graph `sendMail`, app-only (`Mail.Send`), client secret.
    GraphAppOnly,
    /// Exchange Web Services (`full_access_as_app` / `EWS.AccessAsUser.All`), client secret.
    Ews,
}

impl Scenario {
    pub const ALL: [Scenario; 4] = [
        Scenario::SmtpAppOnly,
        Scenario::SmtpImapDelegated,
        Scenario::GraphAppOnly,
        Scenario::Ews,
    ];

    /// Confidential clients authenticate with a secret; the delegated desktop flow is a public
    /// client and must not send one (AADSTS700025).
    pub fn needs_client_secret(self) -> bool {
        !matches!(self, Scenario::SmtpImapDelegated)
    }

    /// Stable key for message ids and file names.
    pub fn key(self) -> &'static str {
        match self {
            Scenario::SmtpAppOnly => "smtp-app-only",
            Scenario::SmtpImapDelegated => "smtp-imap-delegated",
            Scenario::GraphAppOnly => "graph-app-only",
            Scenario::Ews => "ews",
        }
    }
}

/// What the admin typed or pasted about the tenant and the app registration. Kept as typed so
/// nothing is lost while it is still invalid; the wizard validates it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Registration {
    pub scenario: Option<Scenario>,
    pub mail_domain: String,
    pub tenant_id: String,
    pub client_id: String,
    /// The mailbox the applications send as (least privilege: the scripts scope to it).
    pub mailbox: String,
    /// Object ID of the Enterprise application (service principal), which Exchange's
    /// `New-ServicePrincipal` needs: not the app registration's object ID.
    pub enterprise_object_id: String,
    /// A known application with its own OAuth set-up (issue 10); `None` = the generic scenarios.
    pub preset: Option<crate::presets::Preset>,
    /// AllSolutions: the environment this registration is for (one registration each).
    pub environment: Option<crate::presets::Environment>,
    /// AllSolutions: the domain of the environment as typed; the redirect URI is built from it.
    pub app_domain: String,
    /// AllSolutions: the users' "Exchange account" values from MGEBRU, one per line, for the
    /// UPN check script.
    pub sync_users: String,
    /// KING ERP: the refresh token renewal date read from its Status button, as typed.
    pub king_refresh_renewed: String,
}

impl Registration {
    /// Whether a client secret belongs to this set-up: never for KING (vendor app), otherwise
    /// as the scenario says.
    pub fn needs_client_secret(&self) -> bool {
        self.preset.is_none_or(|p| p.needs_own_registration())
            && self.scenario.is_some_and(|s| s.needs_client_secret())
    }
}

/// Facts about the client secret. Never the secret itself.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SecretRecord {
    /// The secret is held by Overstap (credential store) for this tenant and client.
    pub stored: bool,
    pub expires_on: Option<NaiveDate>,
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

/// The checklist verdict for one application.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum AppStatus {
    /// Not looked at yet.
    #[default]
    Open,
    /// Not installed, or does not mail.
    NotApplicable,
    Checked,
}

/// One row of the checklist: the fields of the partner checklist plus what Overstap found.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct AppCheck {
    pub status: AppStatus,
    /// The mail server the application uses (host, IP, or empty).
    pub server: String,
    pub findings: String,
    pub required_actions: String,
    /// The outcome whose checklist actions fill `required_actions`; `None` once the admin
    /// edited them by hand, so a new classification never overwrites their words.
    pub actions_from: Option<OutcomeKind>,
    /// Found on this server by the scan.
    pub detected: bool,
    /// What the scan filled in, so a rescan replaces its own text but never the admin's.
    pub scan_fill: ScanFill,
}

/// The values the last scan put into a checklist row.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ScanFill {
    pub server: String,
    pub findings: String,
    /// The scan set the status to N/A (the application was not found).
    pub marked_na: bool,
}

/// Why a session file cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum SessionError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("{path} is not an Overstap session: {source}")]
    Parse {
        path: String,
        source: serde_json::Error,
    },
    #[error(
        "{path} was written by a newer Overstap (session version {found}, this one reads {supported})"
    )]
    TooNew {
        path: String,
        found: u32,
        supported: u32,
    },
    #[error("cannot write {path}: {source}")]
    Write {
        path: String,
        source: std::io::Error,
    },
}

impl Session {
    pub fn to_json(&self) -> String {
        // Serialising plain data with string keys cannot fail.
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    pub fn load(path: &std::path::Path) -> Result<Session, SessionError> {
        let shown = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|source| SessionError::Read {
            path: shown.clone(),
            source,
        })?;
        let session: Session =
            serde_json::from_str(&text).map_err(|source| SessionError::Parse {
                path: shown.clone(),
                source,
            })?;
        if session.version > SESSION_VERSION {
            return Err(SessionError::TooNew {
                path: shown,
                found: session.version,
                supported: SESSION_VERSION,
            });
        }
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
            Err(SessionError::Parse { .. })
        ));
    }

    #[test]
    fn only_the_delegated_scenario_goes_without_secret() {
        let without: Vec<_> = Scenario::ALL
            .into_iter()
            .filter(|s| !s.needs_client_secret())
            .collect();
        assert_eq!(without, vec![Scenario::SmtpImapDelegated]);
    }

    #[test]
    fn sessions_without_a_preset_still_load_and_presets_round_trip() {
        let old: Session =
            serde_json::from_str(r#"{"version":1,"registration":{"scenario":"ews"}}"#)
                .expect("old session");
        assert_eq!(old.registration.preset, None);
        let mut session = Session::default();
        session.registration.preset = Some(crate::presets::Preset::KingErp);
        session.registration.environment = Some(crate::presets::Environment::Acceptance);
        let back: Session = serde_json::from_str(&session.to_json()).expect("round trip");
        assert_eq!(back, session);
        assert!(!back.registration.needs_client_secret());
    }
}
