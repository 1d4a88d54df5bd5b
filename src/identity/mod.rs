//! Everything that needs the Microsoft identity platform: tenant discovery, delegated sign-in
//! (browser with PKCE, or device code), admin consent, app-only tokens, refresh, token status,
//! and the AADSTS error catalogue.
//!
//! The OAuth protocol itself is the `oauth2` crate's; this module adds what Microsoft does on top
//! (error JSON with AADSTS codes, id tokens, clouds) and what a sysadmin needs around it
//! (a loopback listener with timeout and cancel, readable errors). All of it is blocking code
//! meant for a worker thread; `worker` runs it off the UI thread.

pub mod aadsts;
pub mod autoreg;
pub mod discovery;
pub mod flows;
pub mod http;
pub mod loopback;
pub mod tokens;
pub mod trust;
pub mod worker;

pub use aadsts::AadError;
pub use discovery::{Cloud, TenantInfo};
pub use tokens::{TokenKind, TokenSet, TokenStatus};
pub use trust::Authority;

/// The worldwide authority; national clouds and the test emulator use another base URL.
pub const WORLDWIDE_AUTHORITY: &str = "https://login.microsoftonline.com";

/// A tenant's v2 authorize and token endpoints (AllSolutions asks for them). Discovery's
/// endpoints are used when known (they name the right cloud); otherwise the worldwide ones for
/// the typed tenant id.
pub fn v2_endpoints(
    tenant: Option<&TenantInfo>,
    tenant_id: Option<&crate::guid::Guid>,
) -> Option<(String, String)> {
    if let Some(found) = tenant {
        return Some((
            found.authorization_endpoint.clone(),
            found.token_endpoint.clone(),
        ));
    }
    tenant_id.map(|id| {
        let base = format!("{}/{id}/oauth2/v2.0", WORLDWIDE_AUTHORITY);
        (format!("{base}/authorize"), format!("{base}/token"))
    })
}

/// Resource scopes of the scenarios.
pub const OUTLOOK_DEFAULT_SCOPE: &str = "https://outlook.office365.com/.default";
pub const GRAPH_DEFAULT_SCOPE: &str = "https://graph.microsoft.com/.default";
pub const DELEGATED_SMTP_IMAP_SCOPES: [&str; 3] = [
    "https://outlook.office.com/SMTP.Send",
    "https://outlook.office.com/IMAP.AccessAsUser.All",
    "offline_access",
];

/// The resource a token is for: Exchange Online (SMTP, IMAP, EWS) or Microsoft Graph.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenResource {
    Exchange,
    Graph,
}

impl TokenResource {
    /// The resource a scenario's tokens are for.
    pub fn of(scenario: crate::scenario::Scenario) -> TokenResource {
        use crate::scenario::Scenario;
        match scenario {
            Scenario::GraphAppOnly => TokenResource::Graph,
            Scenario::SmtpAppOnly | Scenario::SmtpImapDelegated | Scenario::Ews => {
                TokenResource::Exchange
            }
        }
    }
}

/// What Overstap asks the token endpoint for, the one place that decides it: app-only asks for
/// the resource's `/.default` (the permissions granted to the application), delegated names the
/// permissions and adds `offline_access` for the refresh token. The access routes in
/// `assets/access-routes.toml` carry the same values for the Consent page; a test in
/// `crate::access` keeps the two equal.
pub fn token_scopes(resource: TokenResource, app_only: bool) -> Vec<String> {
    match (resource, app_only) {
        (TokenResource::Exchange, true) => vec![OUTLOOK_DEFAULT_SCOPE.to_owned()],
        (TokenResource::Graph, true) => vec![GRAPH_DEFAULT_SCOPE.to_owned()],
        (TokenResource::Exchange, false) => DELEGATED_SMTP_IMAP_SCOPES
            .iter()
            .map(|scope| (*scope).to_owned())
            .collect(),
        (TokenResource::Graph, false) => vec![
            "https://graph.microsoft.com/Mail.Send".to_owned(),
            "offline_access".to_owned(),
        ],
    }
}

/// Why an identity request failed. Each variant maps to an explanation and a fix in both
/// languages (`message_ids`).
#[derive(Clone, Debug, thiserror::Error)]
pub enum IdentityError {
    #[error("{0}")]
    Aad(Box<AadError>),
    #[error("cannot reach {url}: {detail}")]
    Network { url: String, detail: String },
    #[error("unexpected answer from {url}: {detail}")]
    BadResponse { url: String, detail: String },
    #[error("cancelled")]
    Cancelled,
    #[error("no answer from the browser within {minutes} minutes")]
    Timeout { minutes: u64 },
    #[error("{0:?} is neither a mail domain nor a tenant ID")]
    InvalidTenantInput(String),
    #[error("cannot listen on the loopback address: {0}")]
    Listener(String),
    #[error("the registration has no client secret stored")]
    NoSecret,
    #[error("no refresh token is stored: sign in again")]
    NoRefreshToken,
    #[error("the credential store failed: {0}")]
    Store(String),
    /// Discovery named a server that is not the tenant's cloud (issue 13).
    #[error("{url} answered with a server that is not trusted: {detail}")]
    Untrusted { url: String, detail: String },
    /// A URL that is not a Microsoft sign-in page or admin portal was not opened.
    #[error("not opened in the browser: {0}")]
    UrlRefused(String),
    /// The id token does not belong to this sign-in (issuer, audience, nonce or expiry).
    #[error("the id token was refused: {0}")]
    IdToken(String),
    /// Overstap itself failed (a panic in the worker), reported instead of a silent stop.
    #[error("internal error: {0}")]
    Internal(String),
}

impl IdentityError {
    /// `(explanation, fix)` message ids.
    pub fn message_ids(&self) -> (String, String) {
        let pair = |id: &str| {
            (
                format!("identity-error-{id}"),
                format!("identity-error-{id}-fix"),
            )
        };
        match self {
            IdentityError::Aad(error) => aadsts::message_ids(error),
            IdentityError::Network { .. } => pair("network"),
            IdentityError::BadResponse { .. } => pair("bad-response"),
            IdentityError::Cancelled => pair("cancelled"),
            IdentityError::Timeout { .. } => pair("timeout"),
            IdentityError::InvalidTenantInput(_) => pair("tenant-input"),
            IdentityError::Listener(_) => pair("listener"),
            IdentityError::NoSecret => pair("no-secret"),
            IdentityError::NoRefreshToken => pair("no-refresh-token"),
            IdentityError::Store(_) => pair("store"),
            IdentityError::Untrusted { .. } => pair("untrusted"),
            IdentityError::UrlRefused(_) => pair("url-refused"),
            IdentityError::IdToken(_) => pair("id-token"),
            IdentityError::Internal(_) => pair("internal"),
        }
    }

    /// Technical details for a support ticket (codes, trace and correlation ids).
    pub fn support_details(&self) -> String {
        match self {
            IdentityError::Aad(error) => error.support_details(),
            other => other.to_string(),
        }
    }

    /// The AADSTS code, when the platform gave one.
    pub fn aadsts_code(&self) -> Option<u32> {
        match self {
            IdentityError::Aad(error) => error.code(),
            _ => None,
        }
    }
}

/// Every variant's message ids, for the translation tests.
pub fn all_error_message_ids() -> Vec<(String, String)> {
    let mut ids: Vec<(String, String)> = aadsts::KNOWN_CODES
        .iter()
        .map(|code| (format!("aadsts-{code}"), format!("aadsts-{code}-fix")))
        .collect();
    ids.push(("aadsts-unknown".into(), "aadsts-unknown-fix".into()));
    for error in [
        IdentityError::Network {
            url: String::new(),
            detail: String::new(),
        },
        IdentityError::BadResponse {
            url: String::new(),
            detail: String::new(),
        },
        IdentityError::Cancelled,
        IdentityError::Timeout { minutes: 5 },
        IdentityError::InvalidTenantInput(String::new()),
        IdentityError::Listener(String::new()),
        IdentityError::NoSecret,
        IdentityError::NoRefreshToken,
        IdentityError::Store(String::new()),
        IdentityError::Untrusted {
            url: String::new(),
            detail: String::new(),
        },
        IdentityError::UrlRefused(String::new()),
        IdentityError::IdToken(String::new()),
        IdentityError::Internal(String::new()),
    ] {
        ids.push(error.message_ids());
    }
    ids
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoints_are_v2_for_the_tenant() {
        let id = crate::guid::Guid::parse("8f7e6d5c-4b3a-2918-0716-253443526170").expect("guid");
        let (authorize, token) = v2_endpoints(None, Some(&id)).expect("endpoints");
        assert_eq!(
            authorize,
            "https://login.microsoftonline.com/8f7e6d5c-4b3a-2918-0716-253443526170/oauth2/v2.0/authorize"
        );
        assert!(token.ends_with("/oauth2/v2.0/token"));
        assert_eq!(v2_endpoints(None, None), None);
    }
}
