//! Tokens and what may be shown about them.
//!
//! `TokenSet` holds the tokens themselves (secret types, memory only; the refresh token goes to
//! the credential store). `TokenStatus` is what the admin sees and the session keeps, the way
//! KING ERP shows it: when consented, when the refresh token was last renewed, until when the
//! access token is valid, which account, which scopes. It holds no token.
//!
//! The account shown comes from the id token, and only after its claims were checked (issue 13):
//! `iss` is the issuer discovery found for the tenant, `aud` is this client id, `nonce` is the
//! one this sign-in sent (browser flow), and `exp` lies ahead. The signature is not checked
//! against the tenant's keys (JWKS): the id token comes straight from the token endpoint over
//! TLS, and that endpoint was checked to be the login host of the tenant's cloud. OpenID Connect
//! Core 1.0, section 3.1.3.7, point 6 allows exactly this: "If the ID Token is received via
//! direct communication between the Client and the Token Endpoint ..., the TLS server
//! validation MAY be used to validate the issuer in place of checking the token signature."

use base64::Engine as _;
use chrono::{DateTime, Utc};
use secrecy::SecretString;
use serde::{Deserialize, Serialize};

/// Extra fields of Microsoft's token response.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct MsTokenFields {
    /// Present when `openid` was asked; names the signed-in account.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id_token: Option<String>,
}

impl oauth2::ExtraTokenFields for MsTokenFields {}

pub type MsTokenResponse =
    oauth2::StandardTokenResponse<MsTokenFields, oauth2::basic::BasicTokenType>;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum TokenKind {
    /// On behalf of a signed-in user.
    Delegated,
    /// As the application itself (client credentials).
    AppOnly,
}

/// Tokens from one request. No `Display`; `Debug` shows `[REDACTED]` for both tokens.
#[derive(Debug)]
pub struct TokenSet {
    pub kind: TokenKind,
    pub access_token: SecretString,
    pub refresh_token: Option<SecretString>,
    pub expires_at: DateTime<Utc>,
    pub scopes: Vec<String>,
    pub account: Option<String>,
    /// The application permissions an app-only token carries (`access_token_roles`).
    pub roles: Option<Vec<String>>,
}

/// What an id token must say to be believed.
#[derive(Clone, Debug)]
pub struct IdTokenCheck<'a> {
    /// The issuer discovery found (`https://login.microsoftonline.com/<tenant>/v2.0`).
    pub issuer: &'a str,
    pub client_id: &'a str,
    /// The nonce of the authorization request; `None` where no nonce was sent (device code,
    /// refresh), where Microsoft's id token carries none.
    pub nonce: Option<&'a str>,
}

/// Clock difference allowed between this server and Microsoft's.
const CLOCK_SKEW_SECS: i64 = 300;

impl TokenSet {
    /// The tokens of a response; an id token in it is checked against `check` first, and a
    /// token that fails the check fails the whole response (`Err` names the claim).
    pub fn from_response(
        response: &MsTokenResponse,
        kind: TokenKind,
        requested_scopes: &[String],
        now: DateTime<Utc>,
        check: &IdTokenCheck<'_>,
    ) -> Result<TokenSet, String> {
        use oauth2::TokenResponse as _;
        let lifetime = response
            .expires_in()
            .unwrap_or(std::time::Duration::from_secs(3600));
        let scopes = response
            .scopes()
            .map(|scopes| scopes.iter().map(|s| s.to_string()).collect())
            .unwrap_or_else(|| requested_scopes.to_vec());
        let roles = match kind {
            TokenKind::AppOnly => access_token_roles(response.access_token().secret()),
            TokenKind::Delegated => None,
        };
        let account = match response.extra_fields().id_token.as_deref() {
            Some(id_token) => checked_account(id_token, check, now)?,
            None => None,
        };
        Ok(TokenSet {
            kind,
            roles,
            access_token: SecretString::from(response.access_token().secret().to_owned()),
            refresh_token: response
                .refresh_token()
                .map(|t| SecretString::from(t.secret().to_owned())),
            expires_at: now
                + chrono::Duration::from_std(lifetime).unwrap_or(chrono::Duration::hours(1)),
            scopes,
            account,
        })
    }
}

/// What the admin sees about the current tokens; kept in the session.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenStatus {
    pub kind: TokenKind,
    pub account: Option<String>,
    pub scopes: Vec<String>,
    pub consented_at: DateTime<Utc>,
    pub refresh_renewed_at: Option<DateTime<Utc>>,
    pub access_valid_until: DateTime<Utc>,
    pub has_refresh_token: bool,
    /// App-only: the application permissions in the token's `roles` claim, which is where
    /// Entra grants show up (none on an RBAC route). `None`: delegated, or not readable.
    #[serde(default)]
    pub roles: Option<Vec<String>>,
}

impl TokenStatus {
    /// After a first sign-in or token request.
    pub fn first(tokens: &TokenSet, now: DateTime<Utc>) -> TokenStatus {
        TokenStatus {
            kind: tokens.kind,
            account: tokens.account.clone(),
            scopes: tokens.scopes.clone(),
            consented_at: now,
            refresh_renewed_at: tokens.refresh_token.as_ref().map(|_| now),
            access_valid_until: tokens.expires_at,
            has_refresh_token: tokens.refresh_token.is_some(),
            roles: tokens.roles.clone(),
        }
    }

    /// After a renewal: the consent date stays, the rest follows the new tokens.
    pub fn renewed(&self, tokens: &TokenSet, now: DateTime<Utc>) -> TokenStatus {
        TokenStatus {
            kind: self.kind,
            account: tokens.account.clone().or_else(|| self.account.clone()),
            scopes: tokens.scopes.clone(),
            consented_at: self.consented_at,
            refresh_renewed_at: if tokens.refresh_token.is_some() {
                Some(now)
            } else {
                self.refresh_renewed_at
            },
            access_valid_until: tokens.expires_at,
            has_refresh_token: tokens.refresh_token.is_some() || self.has_refresh_token,
            roles: tokens.roles.clone(),
        }
    }
}

/// The claims of an id token (its middle part), unverified.
fn claims(id_token: &str) -> Option<serde_json::Value> {
    let payload = id_token.split('.').nth(1)?;
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload.trim_end_matches('='))
        .ok()?;
    serde_json::from_slice(&bytes).ok()
}

/// `preferred_username` (or `upn`, `email`) of an id token whose issuer, audience, nonce and
/// expiry are right (see the module doc); `Err` names the claim that is wrong. The reasons never
/// quote the token's values.
pub fn checked_account(
    id_token: &str,
    check: &IdTokenCheck<'_>,
    now: DateTime<Utc>,
) -> Result<Option<String>, String> {
    let claims = claims(id_token).ok_or("not a JSON Web Token")?;
    let text = |name: &str| claims.get(name).and_then(|v| v.as_str());
    if text("iss") != Some(check.issuer) {
        return Err("iss: another issuer than the tenant's".into());
    }
    let audience_ok = match claims.get("aud") {
        Some(serde_json::Value::String(aud)) => aud.eq_ignore_ascii_case(check.client_id),
        Some(serde_json::Value::Array(list)) => {
            list.len() == 1
                && list[0]
                    .as_str()
                    .is_some_and(|a| a.eq_ignore_ascii_case(check.client_id))
        }
        _ => false,
    };
    if !audience_ok {
        return Err("aud: issued to another application".into());
    }
    if let Some(nonce) = check.nonce
        && text("nonce") != Some(nonce)
    {
        return Err("nonce: not this sign-in's".into());
    }
    let expires = claims
        .get("exp")
        .and_then(|v| v.as_i64())
        .ok_or("exp: missing")?;
    if expires + CLOCK_SKEW_SECS <= now.timestamp() {
        return Err("exp: expired".into());
    }
    Ok(["preferred_username", "upn", "email"]
        .iter()
        .find_map(|name| text(name).map(str::to_owned)))
}

/// The `roles` claim of an access token, sorted: the application permissions an app-only token
/// carries. For display and diagnosis only, never to authorise anything. `None` when the token
/// is not a JWT whose payload can be read (Microsoft does not promise that clients can read
/// access tokens); `Some(empty)` for a readable token without the claim.
pub fn access_token_roles(token: &str) -> Option<Vec<String>> {
    let mut parts = token.split('.');
    let (_, payload, _) = (parts.next()?, parts.next()?, parts.next()?);
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload.trim_end_matches('='))
        .ok()?;
    let claims: serde_json::Value = serde_json::from_slice(&bytes).ok()?;
    let claims = claims.as_object()?;
    let mut roles: Vec<String> = claims
        .get("roles")
        .and_then(|r| r.as_array())
        .map(|roles| {
            roles
                .iter()
                .filter_map(|r| r.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default();
    roles.sort();
    Some(roles)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn jwt(claims: &str) -> String {
        let encode = |s: &str| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(s);
        format!("{}.{}.sig", encode(r#"{"alg":"none"}"#), encode(claims))
    }

    const ISSUER: &str = "https://login.microsoftonline.com/t/v2.0";

    fn check(nonce: Option<&str>) -> IdTokenCheck<'_> {
        IdTokenCheck {
            issuer: ISSUER,
            client_id: "c1",
            nonce,
        }
    }

    fn token(extra: &str) -> String {
        jwt(&format!(
            r#"{{"iss":"{ISSUER}","aud":"c1","nonce":"n1","exp":2000000000{extra}}}"#
        ))
    }

    #[test]
    fn account_from_checked_claims() {
        let now = Utc::now();
        assert_eq!(
            checked_account(
                &token(r#","preferred_username":"piet@contoso.nl","upn":"x""#),
                &check(Some("n1")),
                now
            ),
            Ok(Some("piet@contoso.nl".into()))
        );
        assert_eq!(
            checked_account(&token(r#","upn":"anna@contoso.nl""#), &check(None), now),
            Ok(Some("anna@contoso.nl".into()))
        );
        assert!(checked_account("not-a-jwt", &check(None), now).is_err());
        for (claims, wrong) in [
            (
                r#"{"iss":"https://evil/v2.0","aud":"c1","nonce":"n1","exp":2000000000}"#,
                "iss",
            ),
            (
                r#"{"iss":"https://login.microsoftonline.com/t/v2.0","aud":"c2","nonce":"n1","exp":2000000000}"#,
                "aud",
            ),
            (
                r#"{"iss":"https://login.microsoftonline.com/t/v2.0","aud":"c1","nonce":"n2","exp":2000000000}"#,
                "nonce",
            ),
            (
                r#"{"iss":"https://login.microsoftonline.com/t/v2.0","aud":"c1","exp":2000000000}"#,
                "nonce",
            ),
            (
                r#"{"iss":"https://login.microsoftonline.com/t/v2.0","aud":"c1","nonce":"n1","exp":1}"#,
                "exp",
            ),
            (
                r#"{"iss":"https://login.microsoftonline.com/t/v2.0","aud":"c1","nonce":"n1"}"#,
                "exp",
            ),
        ] {
            let reason = checked_account(&jwt(claims), &check(Some("n1")), now).expect_err(wrong);
            assert!(reason.starts_with(wrong), "{wrong}: {reason}");
        }
    }

    #[test]
    fn roles_of_an_access_token() {
        assert_eq!(
            access_token_roles(&jwt(
                r#"{"roles":["SMTP.SendAsApp","Mail.Send"],"aud":"x"}"#
            )),
            Some(vec!["Mail.Send".to_owned(), "SMTP.SendAsApp".to_owned()])
        );
        assert_eq!(access_token_roles(&jwt(r#"{"aud":"x"}"#)), Some(vec![]));
        assert_eq!(access_token_roles("opaque-token"), None);
        assert_eq!(access_token_roles("a.!!!.c"), None);
    }

    #[test]
    fn debug_of_a_token_set_hides_the_tokens() {
        let tokens = TokenSet {
            kind: TokenKind::Delegated,
            access_token: SecretString::from("PLANTED-ACCESS-eyJ0eXAi".to_owned()),
            refresh_token: Some(SecretString::from("PLANTED-REFRESH-0.AQEA".to_owned())),
            expires_at: Utc::now(),
            scopes: vec!["offline_access".into()],
            account: None,
            roles: None,
        };
        let debug = format!("{tokens:?}");
        assert!(!debug.contains("PLANTED"), "{debug}");
        let status = TokenStatus::first(&tokens, Utc::now());
        let json = serde_json::to_string(&status).expect("json");
        assert!(!json.contains("PLANTED"), "{json}");
        assert!(status.has_refresh_token);
    }
}
