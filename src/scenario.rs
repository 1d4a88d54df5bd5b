//! How the applications will authenticate to Exchange Online after the move: the one choice
//! every other layer (access routes, portal steps, presets, scripts, the mail test) reads.
//!
//! It sits below all of them, with no dependency of its own, so that none of them has to
//! reach up into the session for it.

use serde::{Deserialize, Serialize};

/// How the applications will authenticate to Exchange Online after the move.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Scenario {
    /// SMTP AUTH with XOAUTH2, app-only token, client secret; access through RBAC for
    /// Applications or the classic Entra `SMTP.SendAsApp` + mailbox permission (`access`).
    SmtpAppOnly,
    /// SMTP and IMAP with a signed-in user (`SMTP.Send`, `IMAP.AccessAsUser.All`), no secret.
    SmtpImapDelegated,
    /// Microsoft Graph `sendMail`, app-only, client secret; `Application Mail.Send` in RBAC.
    GraphAppOnly,
    /// Exchange Web Services, app-only, client secret; RBAC `Application EWS.AccessAsApp` or
    /// Entra `full_access_as_app` (`access`). AllSolutions' preset uses it delegated instead.
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
