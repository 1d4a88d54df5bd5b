//! What a failed test send means and how to fix it: server replies and errors mapped to a
//! bilingual explanation (`diag-<key>`) and fix (`diag-<key>-fix`, with `$mailbox` filled in for
//! the PowerShell). Unknown replies keep the raw text so it can be copied for a ticket.

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Diagnosis {
    /// 535 5.7.139: SMTP AUTH is disabled for the tenant.
    SmtpAuthDisabledTenant,
    /// 535 5.7.139: SMTP AUTH is disabled for the mailbox.
    SmtpAuthDisabledMailbox,
    /// 535 5.7.139 with the security-defaults wording.
    SmtpAuthSecurityDefaults,
    /// 535 5.7.3: token for another account, missing service principal or mailbox permission,
    /// wrong audience. The generic reading, when the route says nothing more.
    AuthUnsuccessful,
    /// 535 5.7.3 on the SMTP RBAC route with a token without `SMTP.SendAsApp`: the service
    /// principal or the scoped role assignment is missing (or not active yet).
    AuthUnsuccessfulRbac,
    /// 535 5.7.3 on the SMTP RBAC route with `SMTP.SendAsApp` in the token: the Entra permission
    /// makes Exchange check mailbox permissions, which the route does not grant.
    AuthUnsuccessfulRbacClaim,
    /// 535 5.7.3 on the classic route with `SMTP.SendAsApp` in the token: the service principal
    /// or its FullAccess on the mailbox is missing.
    AuthUnsuccessfulClassic,
    /// 535 5.7.3 on the classic route without `SMTP.SendAsApp` in the token: the Entra
    /// permission or its admin consent is missing.
    AuthUnsuccessfulClassicNoClaim,
    /// The XOAUTH2 error challenge (334 + JSON) then 535: token refused (expired, wrong user).
    TokenRejected,
    /// 530/550 5.7.57: the client was not authenticated to send.
    NotAuthenticated,
    /// 550 5.7.60: send-as denied, From differs from the mailbox.
    SendAsDenied,
    /// 421 or 4.x.x: throttled or temporarily unavailable.
    Throttled,
    /// TLS could not be established (certificate, inspection proxy, old TLS).
    Tls,
    /// Connection refused: nothing listens, or a firewall rejects.
    ConnectionRefused,
    /// No answer in time: port 587/993/443 blocked by a firewall.
    Timeout,
    /// Name not found.
    Dns,
    /// Graph 401 InvalidAuthenticationToken: wrong audience or expired token.
    GraphInvalidToken,
    /// Graph 403 ErrorAccessDenied: RBAC for Applications scope / access policy / consent.
    GraphAccessDenied,
    /// Graph 404 ErrorInvalidUser: the mailbox does not exist.
    GraphInvalidUser,
    /// Graph MailboxNotEnabledForRESTAPI: no Exchange Online mailbox (on-premises, unlicensed).
    GraphMailboxNotEnabled,
    /// Graph 429 with Retry-After.
    GraphThrottled,
    /// IMAP login refused.
    ImapAuthFailed,
    /// IMAP "User is authenticated but not connected": IMAP off for the mailbox or no access.
    ImapNotConnected,
    /// The test message did not arrive in time.
    NotArrived,
    /// Anything else: the raw reply is shown.
    Unknown,
}

impl Diagnosis {
    pub const ALL: [Diagnosis; 25] = [
        Diagnosis::SmtpAuthDisabledTenant,
        Diagnosis::SmtpAuthDisabledMailbox,
        Diagnosis::SmtpAuthSecurityDefaults,
        Diagnosis::AuthUnsuccessful,
        Diagnosis::AuthUnsuccessfulRbac,
        Diagnosis::AuthUnsuccessfulRbacClaim,
        Diagnosis::AuthUnsuccessfulClassic,
        Diagnosis::AuthUnsuccessfulClassicNoClaim,
        Diagnosis::TokenRejected,
        Diagnosis::NotAuthenticated,
        Diagnosis::SendAsDenied,
        Diagnosis::Throttled,
        Diagnosis::Tls,
        Diagnosis::ConnectionRefused,
        Diagnosis::Timeout,
        Diagnosis::Dns,
        Diagnosis::GraphInvalidToken,
        Diagnosis::GraphAccessDenied,
        Diagnosis::GraphInvalidUser,
        Diagnosis::GraphMailboxNotEnabled,
        Diagnosis::GraphThrottled,
        Diagnosis::ImapAuthFailed,
        Diagnosis::ImapNotConnected,
        Diagnosis::NotArrived,
        Diagnosis::Unknown,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Diagnosis::SmtpAuthDisabledTenant => "smtp-auth-disabled-tenant",
            Diagnosis::SmtpAuthDisabledMailbox => "smtp-auth-disabled-mailbox",
            Diagnosis::SmtpAuthSecurityDefaults => "smtp-auth-security-defaults",
            Diagnosis::AuthUnsuccessful => "auth-unsuccessful",
            Diagnosis::AuthUnsuccessfulRbac => "auth-unsuccessful-rbac",
            Diagnosis::AuthUnsuccessfulRbacClaim => "auth-unsuccessful-rbac-claim",
            Diagnosis::AuthUnsuccessfulClassic => "auth-unsuccessful-classic",
            Diagnosis::AuthUnsuccessfulClassicNoClaim => "auth-unsuccessful-classic-no-claim",
            Diagnosis::TokenRejected => "token-rejected",
            Diagnosis::NotAuthenticated => "not-authenticated",
            Diagnosis::SendAsDenied => "send-as-denied",
            Diagnosis::Throttled => "throttled",
            Diagnosis::Tls => "tls",
            Diagnosis::ConnectionRefused => "connection-refused",
            Diagnosis::Timeout => "timeout",
            Diagnosis::Dns => "dns",
            Diagnosis::GraphInvalidToken => "graph-invalid-token",
            Diagnosis::GraphAccessDenied => "graph-access-denied",
            Diagnosis::GraphInvalidUser => "graph-invalid-user",
            Diagnosis::GraphMailboxNotEnabled => "graph-mailbox-not-enabled",
            Diagnosis::GraphThrottled => "graph-throttled",
            Diagnosis::ImapAuthFailed => "imap-auth-failed",
            Diagnosis::ImapNotConnected => "imap-not-connected",
            Diagnosis::NotArrived => "not-arrived",
            Diagnosis::Unknown => "unknown",
        }
    }

    /// `self`, or `fallback` when nothing more specific was recognised.
    pub fn or(self, fallback: Diagnosis) -> Diagnosis {
        if self == Diagnosis::Unknown {
            fallback
        } else {
            self
        }
    }

    pub fn message_ids(self) -> (String, String) {
        (
            format!("diag-{}", self.key()),
            format!("diag-{}-fix", self.key()),
        )
    }
}

/// An SMTP reply (`535 5.7.139 Authentication unsuccessful, ...`), read by its enhanced status
/// code first and its wording second.
pub fn from_smtp(code: u16, text: &str) -> Diagnosis {
    let lower = text.to_ascii_lowercase();
    if lower.contains("5.7.139") {
        if lower.contains("disabled for the mailbox") {
            Diagnosis::SmtpAuthDisabledMailbox
        } else if lower.contains("disabled for the tenant") {
            Diagnosis::SmtpAuthDisabledTenant
        } else {
            Diagnosis::SmtpAuthSecurityDefaults
        }
    } else if lower.contains("5.7.3") && !lower.contains("5.7.30") {
        Diagnosis::AuthUnsuccessful
    } else if lower.contains("5.7.57") {
        Diagnosis::NotAuthenticated
    } else if lower.contains("5.7.60") {
        Diagnosis::SendAsDenied
    } else if lower.contains("5.7.8") {
        Diagnosis::TokenRejected
    } else if code == 421 || (400..500).contains(&code) {
        Diagnosis::Throttled
    } else {
        Diagnosis::Unknown
    }
}

/// The permission whose claim decides how Exchange authorises an app-only SMTP token.
pub const SMTP_APP_ROLE: &str = "SMTP.SendAsApp";

/// 535 5.7.3 for an app-only SMTP token, read with the access route in use and the token's
/// `roles` claim (`None`: the token could not be read). Microsoft: with SMTP App RBAC the
/// application has no permission in Entra, and "Including the SMTP.SendAsApp claim would
/// trigger an unnecessary check for mailbox permissions"; on the classic route that claim and
/// the mailbox permission are exactly what Exchange checks. So each combination names its own
/// missing piece.
pub fn smtp_app_only_refused(access: crate::access::Access, roles: Option<&[String]>) -> Diagnosis {
    use crate::access::Access;
    let claim = roles.map(|roles| roles.iter().any(|r| r == SMTP_APP_ROLE));
    match (access, claim) {
        (Access::Rbac, Some(true)) => Diagnosis::AuthUnsuccessfulRbacClaim,
        (Access::Rbac, _) => Diagnosis::AuthUnsuccessfulRbac,
        (Access::Entra, Some(false)) => Diagnosis::AuthUnsuccessfulClassicNoClaim,
        (Access::Entra, _) => Diagnosis::AuthUnsuccessfulClassic,
        (Access::Delegated, _) => Diagnosis::AuthUnsuccessful,
    }
}

/// A Graph error: status plus the `error.code` of the JSON body.
pub fn from_graph(status: u16, error_code: &str) -> Diagnosis {
    match (status, error_code) {
        (_, "MailboxNotEnabledForRESTAPI") | (_, "MailboxNotEnabledForRESTAPI.") => {
            Diagnosis::GraphMailboxNotEnabled
        }
        (401, _) => Diagnosis::GraphInvalidToken,
        (403, _) => Diagnosis::GraphAccessDenied,
        (404, _) => Diagnosis::GraphInvalidUser,
        (429, _) => Diagnosis::GraphThrottled,
        (503, _) | (504, _) => Diagnosis::Throttled,
        _ => Diagnosis::Unknown,
    }
}

/// A network-level failure, from the error's text (the OS words differ per platform; the
/// kinds are what matter).
pub fn from_io(kind: std::io::ErrorKind, text: &str) -> Diagnosis {
    let lower = text.to_ascii_lowercase();
    match kind {
        std::io::ErrorKind::ConnectionRefused => Diagnosis::ConnectionRefused,
        std::io::ErrorKind::TimedOut | std::io::ErrorKind::WouldBlock => Diagnosis::Timeout,
        _ if lower.contains("refused") => Diagnosis::ConnectionRefused,
        _ if lower.contains("timed out") || lower.contains("timeout") => Diagnosis::Timeout,
        _ if lower.contains("certificate")
            || lower.contains("tls")
            || lower.contains("handshake") =>
        {
            Diagnosis::Tls
        }
        _ if lower.contains("lookup")
            || lower.contains("resolve")
            || lower.contains("name or service")
            || lower.contains("no such host") =>
        {
            Diagnosis::Dns
        }
        _ => Diagnosis::Unknown,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn smtp_replies_table() {
        let table = [
            (
                535,
                "5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Tenant. Visit https://aka.ms/smtp_auth_disabled for more information.",
                Diagnosis::SmtpAuthDisabledTenant,
            ),
            (
                535,
                "5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Mailbox. Visit https://aka.ms/smtp_auth_disabled for more information.",
                Diagnosis::SmtpAuthDisabledMailbox,
            ),
            (
                535,
                "5.7.139 Authentication unsuccessful, the request did not meet the criteria to be authenticated successfully. Contact your administrator.",
                Diagnosis::SmtpAuthSecurityDefaults,
            ),
            (
                535,
                "5.7.3 Authentication unsuccessful [AM0PR02CA0001.eurprd02.prod.outlook.com]",
                Diagnosis::AuthUnsuccessful,
            ),
            (
                535,
                "5.7.8 Authentication failed.",
                Diagnosis::TokenRejected,
            ),
            (
                530,
                "5.7.57 Client not authenticated to send mail.",
                Diagnosis::NotAuthenticated,
            ),
            (
                550,
                "5.7.60 SMTP; Client does not have permissions to send as this sender.",
                Diagnosis::SendAsDenied,
            ),
            (
                421,
                "4.7.0 Temporary server error. Please try again later.",
                Diagnosis::Throttled,
            ),
            (
                452,
                "4.3.1 Insufficient system resources",
                Diagnosis::Throttled,
            ),
            (554, "5.6.0 Something else entirely", Diagnosis::Unknown),
        ];
        for (code, text, expected) in table {
            assert_eq!(from_smtp(code, text), expected, "{code} {text}");
        }
    }

    #[test]
    fn graph_errors_table() {
        assert_eq!(
            from_graph(401, "InvalidAuthenticationToken"),
            Diagnosis::GraphInvalidToken
        );
        assert_eq!(
            from_graph(403, "ErrorAccessDenied"),
            Diagnosis::GraphAccessDenied
        );
        assert_eq!(
            from_graph(404, "ErrorInvalidUser"),
            Diagnosis::GraphInvalidUser
        );
        assert_eq!(
            from_graph(404, "MailboxNotEnabledForRESTAPI"),
            Diagnosis::GraphMailboxNotEnabled
        );
        assert_eq!(
            from_graph(429, "ApplicationThrottled"),
            Diagnosis::GraphThrottled
        );
        assert_eq!(
            from_graph(400, "ErrorInvalidRecipients"),
            Diagnosis::Unknown
        );
    }

    #[test]
    fn network_errors_table() {
        use std::io::ErrorKind;
        assert_eq!(
            from_io(ErrorKind::ConnectionRefused, ""),
            Diagnosis::ConnectionRefused
        );
        assert_eq!(from_io(ErrorKind::TimedOut, ""), Diagnosis::Timeout);
        assert_eq!(
            from_io(ErrorKind::Other, "invalid peer certificate: UnknownIssuer"),
            Diagnosis::Tls
        );
        assert_eq!(
            from_io(
                ErrorKind::Other,
                "failed to lookup address information: Name or service not known"
            ),
            Diagnosis::Dns
        );
    }

    /// Issue 21: a 535 5.7.3 names the missing piece of the route in use.
    #[test]
    fn a_refused_app_only_smtp_token_names_the_routes_missing_piece() {
        use crate::access::Access;
        let claim = vec!["SMTP.SendAsApp".to_owned()];
        let none: Vec<String> = Vec::new();
        let table = [
            (
                Access::Rbac,
                Some(none.as_slice()),
                Diagnosis::AuthUnsuccessfulRbac,
            ),
            (Access::Rbac, None, Diagnosis::AuthUnsuccessfulRbac),
            (
                Access::Rbac,
                Some(claim.as_slice()),
                Diagnosis::AuthUnsuccessfulRbacClaim,
            ),
            (
                Access::Entra,
                Some(claim.as_slice()),
                Diagnosis::AuthUnsuccessfulClassic,
            ),
            (Access::Entra, None, Diagnosis::AuthUnsuccessfulClassic),
            (
                Access::Entra,
                Some(none.as_slice()),
                Diagnosis::AuthUnsuccessfulClassicNoClaim,
            ),
            (
                Access::Delegated,
                Some(none.as_slice()),
                Diagnosis::AuthUnsuccessful,
            ),
        ];
        for (access, roles, expected) in table {
            assert_eq!(
                smtp_app_only_refused(access, roles),
                expected,
                "{access:?} {roles:?}"
            );
        }
    }

    #[test]
    fn keys_are_unique() {
        let mut keys: Vec<_> = Diagnosis::ALL.iter().map(|d| d.key()).collect();
        keys.sort();
        keys.dedup();
        assert_eq!(keys.len(), Diagnosis::ALL.len());
    }
}
