//! The OAuth flows against a discovered tenant, through the `oauth2` crate.
//!
//! Microsoft's quirks handled here: the secret goes in the request body (client_secret_post),
//! errors carry AADSTS codes (`AadError` as the client's error type), id tokens name the account,
//! and device-code errors arrive without `error_codes` (the code is read from the description).
//!
//! What comes back is not trusted blindly (issue 13): an id token is checked before its account
//! is shown (`tokens::checked_account`), and an error text that repeats what was sent (the
//! client secret, a refresh token, the code) is cut out before anyone sees it.

use std::time::Duration;

use chrono::Utc;
use oauth2::basic::{BasicRevocationErrorResponse, BasicTokenIntrospectionResponse};
use oauth2::{
    AuthType, AuthUrl, AuthorizationCode, ClientId, ClientSecret, CsrfToken,
    DeviceAuthorizationUrl, EndpointNotSet, EndpointSet, PkceCodeChallenge, PkceCodeVerifier,
    RedirectUrl, RefreshToken, RequestTokenError, Scope, StandardDeviceAuthorizationResponse,
    StandardRevocableToken, TokenUrl,
};
use secrecy::{ExposeSecret as _, SecretString};

use super::http::{Http, HttpError};
use super::tokens::{IdTokenCheck, MsTokenResponse, TokenKind, TokenSet};
use super::{AadError, IdentityError, TenantInfo};
use crate::guid::Guid;

type MsClient<HasAuthUrl, HasDeviceAuthUrl> = oauth2::Client<
    AadError,
    MsTokenResponse,
    BasicTokenIntrospectionResponse,
    StandardRevocableToken,
    BasicRevocationErrorResponse,
    HasAuthUrl,
    HasDeviceAuthUrl,
    EndpointNotSet,
    EndpointNotSet,
    EndpointSet,
>;

/// The registration as the flows need it.
pub struct Registration<'a> {
    pub tenant: &'a TenantInfo,
    pub client_id: &'a Guid,
    /// Confidential clients (app-only, Web platform) send their secret; public clients do not.
    pub client_secret: Option<&'a SecretString>,
}

impl<'a> Registration<'a> {
    /// A public client (desktop sign-in): no secret is ever sent.
    pub fn public(tenant: &'a TenantInfo, client_id: &'a Guid) -> Registration<'a> {
        Registration {
            tenant,
            client_id,
            client_secret: None,
        }
    }
}

fn url_error(detail: impl ToString) -> IdentityError {
    IdentityError::BadResponse {
        url: String::new(),
        detail: detail.to_string(),
    }
}

fn base_client(
    registration: &Registration<'_>,
) -> Result<MsClient<EndpointNotSet, EndpointNotSet>, IdentityError> {
    let token_url = TokenUrl::new(registration.tenant.token_endpoint.clone()).map_err(url_error)?;
    let mut client = oauth2::Client::new(ClientId::new(registration.client_id.to_string()))
        .set_auth_type(AuthType::RequestBody)
        .set_token_uri(token_url);
    if let Some(secret) = registration.client_secret {
        client = client.set_client_secret(ClientSecret::new(secret.expose_secret().to_owned()));
    }
    Ok(client)
}

/// Turns the crate's error into ours, keeping Microsoft's error body.
fn token_error<T: oauth2::ErrorResponse>(
    error: RequestTokenError<HttpError, T>,
    to_aad: impl Fn(T) -> AadError,
) -> IdentityError {
    match error {
        RequestTokenError::ServerResponse(body) => IdentityError::Aad(Box::new(to_aad(body))),
        RequestTokenError::Request(HttpError::Cancelled) => IdentityError::Cancelled,
        RequestTokenError::Request(HttpError::Transport(detail)) => IdentityError::Network {
            url: String::new(),
            detail,
        },
        RequestTokenError::Parse(error, body) => IdentityError::BadResponse {
            url: String::new(),
            detail: format!("{error} ({} bytes)", body.len()),
        },
        RequestTokenError::Other(detail) => IdentityError::BadResponse {
            url: String::new(),
            detail,
        },
    }
}

/// The tokens of a response, its id token checked against this registration (and `nonce`).
fn tokens(
    response: &MsTokenResponse,
    registration: &Registration<'_>,
    kind: TokenKind,
    scopes: &[String],
    nonce: Option<&str>,
) -> Result<TokenSet, IdentityError> {
    let client_id = registration.client_id.to_string();
    let check = IdTokenCheck {
        issuer: &registration.tenant.issuer,
        client_id: &client_id,
        nonce,
    };
    TokenSet::from_response(response, kind, scopes, Utc::now(), &check)
        .map_err(IdentityError::IdToken)
}

/// An error whose texts repeat something that was sent (a secret, a refresh token, a code):
/// those strings are replaced, so neither the screen nor the copied details show them.
fn scrub(error: IdentityError, sent: &[&str]) -> IdentityError {
    let clean = |text: &mut String| {
        for value in sent.iter().filter(|v| v.len() >= 4) {
            if text.contains(*value) {
                *text = text.replace(*value, crate::text::REDACTED);
            }
        }
    };
    match error {
        IdentityError::Aad(mut aad) => {
            for field in [
                &mut aad.error,
                &mut aad.error_description,
                &mut aad.error_uri,
                &mut aad.trace_id,
                &mut aad.correlation_id,
                &mut aad.timestamp,
            ] {
                clean(field);
            }
            IdentityError::Aad(aad)
        }
        IdentityError::BadResponse { url, mut detail } => {
            clean(&mut detail);
            IdentityError::BadResponse { url, detail }
        }
        IdentityError::Network { url, mut detail } => {
            clean(&mut detail);
            IdentityError::Network { url, detail }
        }
        other => other,
    }
}

/// App-only token (client credentials) for one resource, e.g. `https://outlook.office365.com/.default`.
pub fn app_only_token(
    http: &Http,
    registration: &Registration<'_>,
    scope: &str,
) -> Result<TokenSet, IdentityError> {
    if registration.client_secret.is_none() {
        return Err(IdentityError::NoSecret);
    }
    let secret = registration
        .client_secret
        .map(|s| s.expose_secret())
        .unwrap_or_default();
    let client = base_client(registration)?;
    let response = client
        .exchange_client_credentials()
        .add_scope(Scope::new(scope.to_owned()))
        .request(http)
        .map_err(|e| scrub(token_error(e, |body| body), &[secret]))?;
    tokens(
        &response,
        registration,
        TokenKind::AppOnly,
        &[scope.to_owned()],
        None,
    )
}

/// Whether the client id exists in the tenant, without any secret: a client-credentials request
/// that names only the client id. Microsoft answers AADSTS700016 for an unknown application and
/// something else (usually "secret missing") for a known one.
pub fn client_exists(
    http: &Http,
    tenant: &TenantInfo,
    client_id: &Guid,
) -> Result<(), IdentityError> {
    let client = base_client(&Registration::public(tenant, client_id))?;
    let result = client
        .exchange_client_credentials()
        .add_scope(Scope::new(super::OUTLOOK_DEFAULT_SCOPE.to_owned()))
        .request(http)
        .map_err(|e| token_error(e, |body| body));
    match result {
        Err(IdentityError::Aad(error)) if error.code() == Some(700016) => {
            Err(IdentityError::Aad(error))
        }
        Ok(_) | Err(IdentityError::Aad(_)) => Ok(()),
        Err(other) => Err(other),
    }
}

/// The first half of a browser sign-in: the URL to open, and what is needed to finish.
pub struct PendingSignIn {
    pub url: String,
    pub state: String,
    pub redirect_uri: String,
    verifier: PkceCodeVerifier,
    /// The id token must carry it back: proof that it was issued for this sign-in.
    nonce: String,
    scopes: Vec<String>,
}

/// Builds the authorize URL: code flow, PKCE S256, state, nonce (an id token is asked through
/// `openid`, so the account can be shown), `prompt=select_account` so the admin picks the right
/// account instead of whoever is signed in to the browser.
pub fn begin_browser_sign_in(
    registration: &Registration<'_>,
    scopes: &[String],
    redirect_uri: &str,
) -> Result<PendingSignIn, IdentityError> {
    let client = base_client(registration)?
        .set_auth_uri(
            AuthUrl::new(registration.tenant.authorization_endpoint.clone()).map_err(url_error)?,
        )
        .set_redirect_uri(RedirectUrl::new(redirect_uri.to_owned()).map_err(url_error)?);
    let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
    let nonce = CsrfToken::new_random();
    let mut request = client
        .authorize_url(CsrfToken::new_random)
        .set_pkce_challenge(challenge)
        .add_extra_param("nonce", nonce.secret())
        .add_extra_param("prompt", "select_account")
        .add_scope(Scope::new("openid".into()))
        .add_scope(Scope::new("profile".into()));
    for scope in scopes {
        request = request.add_scope(Scope::new(scope.clone()));
    }
    let (url, state) = request.url();
    Ok(PendingSignIn {
        url: url.to_string(),
        state: state.secret().to_owned(),
        redirect_uri: redirect_uri.to_owned(),
        verifier,
        nonce: nonce.secret().to_owned(),
        scopes: scopes.to_vec(),
    })
}

/// Redeems the code from the loopback callback, sending the PKCE verifier.
pub fn finish_browser_sign_in(
    http: &Http,
    registration: &Registration<'_>,
    pending: PendingSignIn,
    code: String,
) -> Result<TokenSet, IdentityError> {
    let client = base_client(registration)?
        .set_redirect_uri(RedirectUrl::new(pending.redirect_uri.clone()).map_err(url_error)?);
    let verifier = pending.verifier.secret().to_owned();
    let response = client
        .exchange_code(AuthorizationCode::new(code.clone()))
        .set_pkce_verifier(pending.verifier)
        .request(http)
        .map_err(|e| scrub(token_error(e, |body| body), &[&code, &verifier]))?;
    tokens(
        &response,
        registration,
        TokenKind::Delegated,
        &pending.scopes,
        Some(&pending.nonce),
    )
}

/// What the admin must do for a device-code sign-in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeviceCodePrompt {
    pub user_code: String,
    pub verification_uri: String,
    pub expires_in: Duration,
}

/// Device code flow: asks for a code, hands it to `show`, then polls at the interval the server
/// gives (slower after `slow_down`) until the admin signed in, the code expired, or cancel.
pub fn device_sign_in(
    http: &Http,
    registration: &Registration<'_>,
    scopes: &[String],
    show: impl FnOnce(DeviceCodePrompt),
) -> Result<TokenSet, IdentityError> {
    let endpoint = registration.tenant.device_authorization_endpoint.clone();
    if endpoint.is_empty() {
        return Err(IdentityError::BadResponse {
            url: registration.tenant.authorization_endpoint.clone(),
            detail: "the tenant publishes no device authorization endpoint".into(),
        });
    }
    let client = base_client(registration)?
        .set_device_authorization_url(DeviceAuthorizationUrl::new(endpoint).map_err(url_error)?);
    let mut request = client.exchange_device_code();
    for scope in scopes {
        request = request.add_scope(Scope::new(scope.clone()));
    }
    request = request.add_scope(Scope::new("openid".into()));
    let details: StandardDeviceAuthorizationResponse = request
        .request(http)
        .map_err(|e| token_error(e, |body| body))?;
    show(DeviceCodePrompt {
        user_code: details.user_code().secret().to_owned(),
        verification_uri: details.verification_uri().to_string(),
        expires_in: details.expires_in(),
    });
    let cancel = http.cancel_flag().clone();
    let response = client
        .exchange_device_access_token(&details)
        .request(
            http,
            |wait| {
                cancel.sleep(wait);
            },
            None,
        )
        .map_err(|e| {
            token_error(e, |body| AadError {
                error: body.error().as_ref().to_owned(),
                error_description: body.error_description().cloned().unwrap_or_default(),
                error_codes: body
                    .error_description()
                    .and_then(|d| super::aadsts::code_in_text(d))
                    .into_iter()
                    .collect(),
                error_uri: body.error_uri().cloned().unwrap_or_default(),
                ..AadError::default()
            })
        })?;
    tokens(&response, registration, TokenKind::Delegated, scopes, None)
}

/// Uses a refresh token. Microsoft returns a new refresh token each time (rotation); the caller
/// must store it in place of the old one.
pub fn refresh(
    http: &Http,
    registration: &Registration<'_>,
    refresh_token: &SecretString,
    scopes: &[String],
) -> Result<TokenSet, IdentityError> {
    let client = base_client(registration)?;
    let token = RefreshToken::new(refresh_token.expose_secret().to_owned());
    let mut request = client.exchange_refresh_token(&token);
    for scope in scopes {
        request = request.add_scope(Scope::new(scope.clone()));
    }
    let response = request.request(http).map_err(|e| {
        scrub(
            token_error(e, |body| body),
            &[refresh_token.expose_secret()],
        )
    })?;
    tokens(&response, registration, TokenKind::Delegated, scopes, None)
}
