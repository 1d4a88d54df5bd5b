//! A Microsoft identity platform emulator: a real HTTP server on 127.0.0.1 that answers the v2.0
//! endpoints with Microsoft's JSON shapes and AADSTS errors, so the real client code (oauth2 +
//! reqwest) is tested end to end.
//!
//! Endpoints: OpenID discovery, authorize (redirects to the loopback URI with a code, or with a
//! scripted error), token (authorization_code with PKCE S256 verification, refresh_token with
//! rotation, client_credentials, device_code), devicecode, adminconsent.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use base64::Engine as _;
use sha2::Digest as _;

pub const TENANT_ID: &str = "8f7e6d5c-4b3a-2918-0716-253443526170";
pub const DOMAIN: &str = "contoso.nl";
pub const PUBLIC_CLIENT: &str = "0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9";
pub const CONFIDENTIAL_CLIENT: &str = "1b2c3d4e-5f60-4172-8394-b5c6d7e8f9a0";
pub const SECRET: &str = "Qx8~emulator.SECRET-value_0123456789";
pub const ACCOUNT: &str = "beheer@contoso.nl";
/// Microsoft Graph Command Line Tools, the public client Overstap's automatic registration
/// signs the administrator in with.
pub const BOOTSTRAP_CLIENT: &str = "14d82eec-204b-4c2f-b7e8-296a70dab67e";
/// The mailbox the introspection endpoint says every active token belongs to.
pub const INTROSPECT_USER: &str = "scanner@contoso.nl";
/// The Enterprise application (service principal) of `CONFIDENTIAL_CLIENT` in the tenant.
pub const CONFIDENTIAL_PRINCIPAL: &str = "c0c0c0c0-0000-4000-8000-000000000001";
/// Resource service principals (object ids) and their appIds.
pub const EXCHANGE_PRINCIPAL: &str = "e1e1e1e1-0000-4000-8000-000000000002";
pub const EXCHANGE_APP_ID: &str = "00000002-0000-0ff1-ce00-000000000000";
pub const GRAPH_PRINCIPAL: &str = "e3e3e3e3-0000-4000-8000-000000000003";
pub const GRAPH_APP_ID: &str = "00000003-0000-0000-c000-000000000000";
/// App roles (application permissions) of the resources: (resource principal, id, value).
const APP_ROLES: [(&str, &str, &str); 4] = [
    (
        EXCHANGE_PRINCIPAL,
        "a1a1a1a1-1111-4111-8111-111111111111",
        "SMTP.SendAsApp",
    ),
    (
        EXCHANGE_PRINCIPAL,
        "a2a2a2a2-2222-4222-8222-222222222222",
        "full_access_as_app",
    ),
    (
        EXCHANGE_PRINCIPAL,
        "a3a3a3a3-3333-4333-8333-333333333333",
        "IMAP.AccessAsApp",
    ),
    (
        GRAPH_PRINCIPAL,
        "b9b9b9b9-9999-4999-8999-999999999999",
        "Mail.Send",
    ),
];
/// Delegated scopes of Microsoft Graph: (id, value).
const GRAPH_SCOPES: [(&str, &str); 3] = [
    ("c1c1c1c1-1111-4111-8111-111111111111", "SMTP.Send"),
    (
        "c2c2c2c2-2222-4222-8222-222222222222",
        "IMAP.AccessAsUser.All",
    ),
    ("c3c3c3c3-3333-4333-8333-333333333333", "offline_access"),
];

/// A failure the next matching request gets.
#[derive(Clone, Debug, PartialEq)]
pub enum Fault {
    /// The authorize endpoint redirects back with this AADSTS error.
    AuthorizeError {
        error: String,
        code: u32,
        description: String,
    },
    /// The token endpoint answers with this AADSTS error.
    TokenError {
        status: u16,
        error: String,
        code: u32,
        description: String,
    },
    /// The client secret has expired (AADSTS7000222).
    SecretExpired,
    /// Answers after this delay.
    Slow(Duration),
    /// The token endpoint answers 200 with broken JSON.
    MalformedJson,
    /// The token endpoint answers 500.
    ServerError,
    /// The next id token is not the one this sign-in should get.
    IdToken(IdTokenFault),
}

/// How an id token can be wrong (issue 13: what is shown about the account is checked).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum IdTokenFault {
    WrongNonce,
    WrongAudience,
    WrongIssuer,
    Expired,
}

#[derive(Default)]
pub struct State {
    pub faults: Vec<Fault>,
    /// How often the device poll answers `authorization_pending` before success.
    pub device_pending_polls: u32,
    /// Subjects of messages sent through the Graph emulator.
    pub graph_sent: Vec<String>,
    /// The next Graph sendMail answers with this status and error code (and Retry-After).
    pub graph_fault: Option<(u16, String)>,
    /// The Retry-After of a scripted 429 (default 7 seconds).
    pub graph_retry_after: Option<u64>,
    /// While set, sendMail waits this long and then answers 503 without sending: an upstream
    /// that had not accepted the message when the client went away.
    pub graph_stall: Option<Duration>,
    /// How many sendMail requests stalled.
    pub graph_stalled: u32,
    /// The MIME messages sent through sendMail with a MIME body, as Graph received them.
    pub graph_mime: Vec<Vec<u8>>,
    /// Answer `slow_down` once on the first device poll.
    pub device_slow_down: bool,
    /// The device code expires instead of succeeding.
    pub device_expires: bool,
    codes: HashMap<String, CodeGrant>,
    refresh_tokens: HashMap<String, String>,
    device_polls: u32,
    counter: u64,
    /// Every token request's grant type, in order.
    pub grants: Vec<String>,
    /// Every issued access token (for later validation by mail emulators).
    pub access_tokens: Vec<String>,
    pub device_poll_times: Vec<std::time::Instant>,
    /// Applications created through the Graph endpoints: (appId, object id, secret).
    pub created_apps: Vec<(String, String, Option<String>)>,
    pub service_principals: Vec<String>,
    pub role_assignments: Vec<String>,
    pub permission_grants: Vec<String>,
    /// Enterprise applications in the tenant: (appId, object id). `CONFIDENTIAL_CLIENT` has one.
    pub principals: Vec<(String, String)>,
    /// Application permissions granted with admin consent: (principal, resource principal,
    /// app role id). Client-credentials tokens carry them in their `roles` claim.
    pub app_role_grants: Vec<(String, String, String)>,
    /// What each created application lists under API permissions: (appId, requiredResourceAccess).
    pub required_access: Vec<(String, serde_json::Value)>,
    /// Client secrets deleted again through `removePassword` (key ids).
    pub removed_passwords: Vec<String>,
    /// The next directory request whose path contains this segment answers with this status.
    pub directory_fault: Option<(String, u16)>,
}

/// `None`: unknown in the tenant; `Some(None)`: a public client; `Some(Some(secret))`:
/// a confidential client with that secret.
fn client_kind(state: &State, client_id: &str) -> Option<Option<String>> {
    if client_id == PUBLIC_CLIENT || client_id == BOOTSTRAP_CLIENT {
        return Some(None);
    }
    if client_id == CONFIDENTIAL_CLIENT {
        return Some(Some(SECRET.to_owned()));
    }
    state
        .created_apps
        .iter()
        .find(|(app_id, _, _)| app_id == client_id)
        .map(|(_, _, secret)| secret.clone())
}

struct CodeGrant {
    client_id: String,
    redirect_uri: String,
    challenge: String,
    scope: String,
    nonce: Option<String>,
}

pub struct Emulator {
    pub base: String,
    pub state: Arc<Mutex<State>>,
    server: Arc<tiny_http::Server>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Drop for Emulator {
    fn drop(&mut self) {
        self.server.unblock();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Emulator {
    /// Grants `CONFIDENTIAL_CLIENT` an application permission with admin consent, as an
    /// administrator would in the portal: its next app-only token carries it.
    pub fn grant_confidential(&self, permission: &str) {
        let (resource, id, _) = APP_ROLES
            .iter()
            .find(|(_, _, value)| *value == permission)
            .expect("known app role");
        self.state.lock().expect("state").app_role_grants.push((
            CONFIDENTIAL_PRINCIPAL.to_owned(),
            (*resource).to_owned(),
            (*id).to_owned(),
        ));
    }

    /// The next directory request with `segment` in its path fails with `status`.
    pub fn directory_fault(&self, segment: &str, status: u16) {
        self.state.lock().expect("state").directory_fault = Some((segment.to_owned(), status));
    }

    pub fn start() -> Emulator {
        let server = Arc::new(tiny_http::Server::http("127.0.0.1:0").expect("bind emulator"));
        let port = server.server_addr().to_ip().expect("ip").port();
        let base = format!("http://127.0.0.1:{port}");
        let state = Arc::new(Mutex::new(State {
            principals: vec![(
                CONFIDENTIAL_CLIENT.to_owned(),
                CONFIDENTIAL_PRINCIPAL.to_owned(),
            )],
            ..State::default()
        }));
        let thread = {
            let server = Arc::clone(&server);
            let state = Arc::clone(&state);
            let base = base.clone();
            std::thread::Builder::new()
                .name("identity-emulator".into())
                .spawn(move || {
                    for request in server.incoming_requests() {
                        let state = Arc::clone(&state);
                        let base = base.clone();
                        // One thread per request: a slow fault must not block the others.
                        std::thread::spawn(move || handle(request, &base, &state));
                    }
                })
                .expect("spawn emulator")
        };
        Emulator {
            base,
            state,
            server,
            thread: Some(thread),
        }
    }

    pub fn fault(&self, fault: Fault) {
        self.state.lock().expect("state").faults.push(fault);
    }

    /// For mail servers: is this a token the emulator issued?
    pub fn validator(&self) -> crate::support::mailservers::Validator {
        let state = Arc::clone(&self.state);
        Arc::new(move |token: &str| {
            state
                .lock()
                .expect("state")
                .access_tokens
                .iter()
                .any(|t| t == token)
        })
    }

    pub fn grants(&self) -> Vec<String> {
        self.state.lock().expect("state").grants.clone()
    }
}

/// Plays the browser: follows the authorize (or admin consent) redirect to the loopback
/// listener, as a browser would after the user signed in.
pub fn browser_follow(url: &str) -> String {
    let client = reqwest::blocking::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client");
    let answer = client.get(url).send().expect("authorize");
    let location = answer
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
        .unwrap_or_else(|| panic!("authorize gave no redirect: {}", answer.status()));
    client
        .get(location)
        .send()
        .and_then(|r| r.text())
        .unwrap_or_default()
}

fn take_fault(state: &Mutex<State>, pick: impl Fn(&Fault) -> bool) -> Option<Fault> {
    let mut state = state.lock().expect("state");
    let index = state.faults.iter().position(pick)?;
    Some(state.faults.remove(index))
}

fn json(status: u16, body: String) -> tiny_http::Response<std::io::Cursor<Vec<u8>>> {
    tiny_http::Response::from_string(body)
        .with_status_code(status)
        .with_header(
            tiny_http::Header::from_bytes("Content-Type", "application/json; charset=utf-8")
                .expect("header"),
        )
}

fn aad_error(
    status: u16,
    error: &str,
    code: u32,
    description: &str,
) -> tiny_http::Response<std::io::Cursor<Vec<u8>>> {
    let body = serde_json::json!({
        "error": error,
        "error_description": format!("AADSTS{code}: {description} Trace ID: 0b4e5f8a-aaaa-4bbb-8ccc-000000000001 Correlation ID: 5c6d7e8f-dddd-4eee-8fff-000000000002 Timestamp: 2026-11-26 10:00:00Z"),
        "error_codes": [code],
        "timestamp": "2026-11-26 10:00:00Z",
        "trace_id": "0b4e5f8a-aaaa-4bbb-8ccc-000000000001",
        "correlation_id": "5c6d7e8f-dddd-4eee-8fff-000000000002",
        "error_uri": format!("https://login.microsoftonline.com/error?code={code}"),
    });
    json(status, body.to_string())
}

fn redirect(location: &str) -> tiny_http::Response<std::io::Cursor<Vec<u8>>> {
    tiny_http::Response::from_string("")
        .with_status_code(302)
        .with_header(tiny_http::Header::from_bytes("Location", location).expect("header"))
}

fn handle(mut request: tiny_http::Request, base: &str, state: &Mutex<State>) {
    let url = request.url().to_owned();
    let (path, query) = url.split_once('?').unwrap_or((&url, ""));
    let mut body = String::new();
    let _ = request.as_reader().read_to_string(&mut body);
    let params: HashMap<String, String> = url::form_urlencoded::parse(query.as_bytes())
        .into_owned()
        .collect();
    let form: HashMap<String, String> = url::form_urlencoded::parse(body.as_bytes())
        .into_owned()
        .collect();
    let segments: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    let response = match segments.as_slice() {
        [tenant, "v2.0", ".well-known", "openid-configuration"] => discovery(base, tenant),
        [_, "oauth2", "v2.0", "authorize"] => authorize(&params, state),
        [_, "v2.0", "adminconsent"] => admin_consent(&params),
        [_, "oauth2", "v2.0", "token"] => {
            if let Some(Fault::Slow(delay)) = take_fault(state, |f| matches!(f, Fault::Slow(_))) {
                std::thread::sleep(delay);
            }
            token(&form, state)
        }
        [_, "oauth2", "v2.0", "devicecode"] => device_code(base, &form),
        ["introspect"] => {
            // RFC 7662 for Dovecot's oauth2 passdb: active tokens belong to the test mailbox.
            let state = state.lock().expect("state");
            let token = form.get("token").cloned().unwrap_or_default();
            let active = state.access_tokens.contains(&token);
            json(
                200,
                serde_json::json!({"active": active, "username": INTROSPECT_USER}).to_string(),
            )
        }
        ["v1.0", "servicePrincipals", ..]
        | ["v1.0", "applications", ..]
        | ["v1.0", "oauth2PermissionGrants"] => {
            let bearer = request
                .headers()
                .iter()
                .find(|h| h.field.equiv("Authorization"))
                .map(|h| h.value.as_str().trim_start_matches("Bearer ").to_owned())
                .unwrap_or_default();
            let method = request.method().to_string();
            graph_directory(&method, &segments, query, &bearer, &body, state)
        }
        ["v1.0", "users", _, "sendMail"] => {
            let bearer = request
                .headers()
                .iter()
                .find(|h| h.field.equiv("Authorization"))
                .map(|h| h.value.as_str().trim_start_matches("Bearer ").to_owned())
                .unwrap_or_default();
            graph_send_mail(&bearer, &body, state)
        }
        _ => json(404, "{}".into()),
    };
    let _ = request.respond(response);
}

fn discovery(base: &str, tenant: &str) -> tiny_http::Response<std::io::Cursor<Vec<u8>>> {
    let known = tenant.eq_ignore_ascii_case(DOMAIN)
        || tenant == TENANT_ID
        || tenant == "contoso.onmicrosoft.com";
    if !known {
        let looks_like_guid =
            tenant.len() == 36 && tenant.chars().filter(|c| *c == '-').count() == 4;
        if !tenant.contains('.') && !looks_like_guid {
            return aad_error(
                400,
                "invalid_tenant",
                900023,
                &format!(
                    "Specified tenant identifier '{tenant}' is neither a valid DNS name, nor a valid external domain."
                ),
            );
        }
        return aad_error(
            400,
            "invalid_tenant",
            90002,
            &format!(
                "Tenant '{tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud."
            ),
        );
    }
    let body = serde_json::json!({
        "token_endpoint": format!("{base}/{TENANT_ID}/oauth2/v2.0/token"),
        "token_endpoint_auth_methods_supported": ["client_secret_post", "private_key_jwt", "client_secret_basic"],
        "jwks_uri": format!("{base}/{TENANT_ID}/discovery/v2.0/keys"),
        "response_modes_supported": ["query", "fragment", "form_post"],
        "response_types_supported": ["code", "id_token", "code id_token", "id_token token"],
        "scopes_supported": ["openid", "profile", "email", "offline_access"],
        "issuer": format!("https://login.microsoftonline.com/{TENANT_ID}/v2.0"),
        "request_uri_parameter_supported": false,
        "userinfo_endpoint": "https://graph.microsoft.com/oidc/userinfo",
        "authorization_endpoint": format!("{base}/{TENANT_ID}/oauth2/v2.0/authorize"),
        "device_authorization_endpoint": format!("{base}/{TENANT_ID}/oauth2/v2.0/devicecode"),
        "http_logout_supported": true,
        "frontchannel_logout_supported": true,
        "end_session_endpoint": format!("{base}/{TENANT_ID}/oauth2/v2.0/logout"),
        "claims_supported": ["sub", "iss", "aud", "exp", "iat", "nonce", "preferred_username", "tid"],
        "kerberos_endpoint": format!("{base}/{TENANT_ID}/kerberos"),
        "tenant_region_scope": "EU",
        "cloud_instance_name": "microsoftonline.com",
        "cloud_graph_host_name": "graph.windows.net",
        "msgraph_host": "graph.microsoft.com",
        "rbac_url": "https://pas.windows.net"
    });
    json(200, body.to_string())
}

fn with_query(uri: &str, pairs: &[(&str, &str)]) -> String {
    let mut url = url::Url::parse(uri).expect("redirect uri");
    for (key, value) in pairs {
        url.query_pairs_mut().append_pair(key, value);
    }
    url.to_string()
}

fn authorize(
    params: &HashMap<String, String>,
    state: &Mutex<State>,
) -> tiny_http::Response<std::io::Cursor<Vec<u8>>> {
    let redirect_uri = params.get("redirect_uri").cloned().unwrap_or_default();
    let client_state = params.get("state").cloned().unwrap_or_default();
    let client_id = params.get("client_id").cloned().unwrap_or_default();
    if client_kind(&state.lock().expect("state"), &client_id).is_none() {
        return aad_error(
            400,
            "unauthorized_client",
            700016,
            &format!(
                "Application with identifier '{client_id}' was not found in the directory 'Contoso'."
            ),
        );
    }
    if !redirect_uri.starts_with("http://localhost:")
        && !redirect_uri.starts_with("http://127.0.0.1:")
    {
        return aad_error(
            400,
            "invalid_request",
            50011,
            &format!(
                "The redirect URI '{redirect_uri}' specified in the request does not match the redirect URIs configured for the application."
            ),
        );
    }
    if params.get("code_challenge_method").map(String::as_str) != Some("S256") {
        return aad_error(
            400,
            "invalid_request",
            9002313,
            "Invalid request. Request is malformed or invalid: code_challenge_method must be S256.",
        );
    }
    if let Some(Fault::AuthorizeError {
        error,
        code,
        description,
    }) = take_fault(state, |f| matches!(f, Fault::AuthorizeError { .. }))
    {
        return redirect(&with_query(
            &redirect_uri,
            &[
                ("error", &error),
                ("error_description", &format!("AADSTS{code}: {description}")),
                ("state", &client_state),
            ],
        ));
    }
    let mut state = state.lock().expect("state");
    state.counter += 1;
    let code = format!("0.AQ-code-{}", state.counter);
    state.codes.insert(
        code.clone(),
        CodeGrant {
            client_id,
            redirect_uri: redirect_uri.clone(),
            challenge: params.get("code_challenge").cloned().unwrap_or_default(),
            scope: params.get("scope").cloned().unwrap_or_default(),
            nonce: params.get("nonce").cloned(),
        },
    );
    redirect(&with_query(
        &redirect_uri,
        &[
            ("code", &code),
            ("state", &client_state),
            ("session_state", "ss-1"),
        ],
    ))
}

fn admin_consent(
    params: &HashMap<String, String>,
) -> tiny_http::Response<std::io::Cursor<Vec<u8>>> {
    let redirect_uri = params.get("redirect_uri").cloned().unwrap_or_default();
    let state = params.get("state").cloned().unwrap_or_default();
    if params.get("client_id").map(String::as_str) == Some("00000000-0000-0000-0000-000000000000") {
        return redirect(&with_query(
            &redirect_uri,
            &[
                ("error", "access_denied"),
                (
                    "error_description",
                    "AADSTS65004: User declined to consent to access the app.",
                ),
                ("state", &state),
            ],
        ));
    }
    redirect(&with_query(
        &redirect_uri,
        &[
            ("admin_consent", "True"),
            ("tenant", TENANT_ID),
            (
                "scope",
                params.get("scope").map(String::as_str).unwrap_or_default(),
            ),
            ("state", &state),
        ],
    ))
}

/// An id token as Microsoft issues it (v2.0): issuer, audience (the client id), the nonce of the
/// authorization request, expiry; unsigned here, since Overstap relies on TLS to the token
/// endpoint (OpenID Connect Core 3.1.3.7, point 6).
fn id_token(
    client_id: &str,
    scope: &str,
    nonce: Option<&str>,
    fault: Option<IdTokenFault>,
) -> String {
    let encode = |s: &str| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(s);
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or_default();
    let mut claims = serde_json::json!({
        "iss": format!("https://login.microsoftonline.com/{TENANT_ID}/v2.0"),
        "aud": client_id,
        "iat": now,
        "nbf": now,
        "exp": now + 3600,
        "preferred_username": ACCOUNT,
        "tid": TENANT_ID,
        "scp": scope,
    });
    if let Some(nonce) = nonce {
        claims["nonce"] = serde_json::Value::String(nonce.to_owned());
    }
    match fault {
        Some(IdTokenFault::WrongNonce) => claims["nonce"] = "replayed-nonce".into(),
        Some(IdTokenFault::WrongAudience) => {
            claims["aud"] = "00000000-1111-2222-3333-444444444444".into()
        }
        Some(IdTokenFault::WrongIssuer) => {
            claims["iss"] =
                "https://login.microsoftonline.com/00000000-1111-2222-3333-444444444444/v2.0".into()
        }
        Some(IdTokenFault::Expired) => claims["exp"] = (now - 3600).into(),
        None => {}
    }
    format!(
        "{}.{}.emulator",
        encode(r#"{"typ":"JWT","alg":"none"}"#),
        encode(&claims.to_string())
    )
}

/// The application permissions granted to `client_id` on the resource `scope` is for: what a
/// client-credentials token from Entra carries in its `roles` claim.
fn granted_roles(state: &State, client_id: &str, scope: &str) -> Vec<String> {
    let resource = if scope.starts_with("https://graph.microsoft.com") {
        GRAPH_PRINCIPAL
    } else {
        EXCHANGE_PRINCIPAL
    };
    let Some((_, principal)) = state.principals.iter().find(|(app, _)| app == client_id) else {
        return Vec::new();
    };
    let mut roles: Vec<String> = state
        .app_role_grants
        .iter()
        .filter(|(p, r, _)| p == principal && r == resource)
        .filter_map(|(_, r, id)| {
            APP_ROLES
                .iter()
                .find(|(res, role, _)| res == r && role == id)
                .map(|(_, _, value)| (*value).to_owned())
        })
        .collect();
    roles.sort();
    roles.dedup();
    roles
}

/// A JWT-shaped access token (unsigned: nothing here checks signatures). App-only tokens carry
/// a `roles` claim exactly when application permissions are granted, as Entra's do.
fn access_token(state: &State, client_id: &str, scope: &str, app_only: bool) -> String {
    let encode = |s: &str| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(s);
    let mut claims = serde_json::json!({
        "aud": scope.split(' ').next().unwrap_or_default().trim_end_matches("/.default"),
        "tid": TENANT_ID,
        "appid": client_id,
        "n": state.counter,
    });
    if app_only {
        let roles = granted_roles(state, client_id, scope);
        if !roles.is_empty() {
            claims["roles"] = serde_json::json!(roles);
        }
    } else {
        claims["scp"] = serde_json::Value::String(scope.to_owned());
    }
    format!(
        "{}.{}.emulator",
        encode(r#"{"typ":"JWT","alg":"RS256"}"#),
        encode(&claims.to_string())
    )
}

fn issue(
    state: &mut State,
    client_id: &str,
    scope: &str,
    with_refresh: bool,
    nonce: Option<&str>,
) -> tiny_http::Response<std::io::Cursor<Vec<u8>>> {
    state.counter += 1;
    let access = access_token(state, client_id, scope, !with_refresh);
    state.access_tokens.push(access.clone());
    let mut body = serde_json::json!({
        "token_type": "Bearer",
        "scope": scope.split(' ').filter(|s| !matches!(*s, "openid" | "profile")).collect::<Vec<_>>().join(" "),
        "expires_in": 3599,
        "ext_expires_in": 3599,
        "access_token": access,
    });
    if with_refresh {
        let refresh = format!("0.AQ-refresh-{}", state.counter);
        state
            .refresh_tokens
            .insert(refresh.clone(), client_id.to_owned());
        body["refresh_token"] = serde_json::Value::String(refresh);
        let fault = state
            .faults
            .iter()
            .position(|f| matches!(f, Fault::IdToken(_)));
        let fault = fault.map(|i| state.faults.remove(i)).and_then(|f| match f {
            Fault::IdToken(fault) => Some(fault),
            _ => None,
        });
        body["id_token"] = serde_json::Value::String(id_token(client_id, scope, nonce, fault));
    }
    json(200, body.to_string())
}

fn token(
    form: &HashMap<String, String>,
    state: &Mutex<State>,
) -> tiny_http::Response<std::io::Cursor<Vec<u8>>> {
    let grant = form.get("grant_type").cloned().unwrap_or_default();
    state.lock().expect("state").grants.push(grant.clone());
    if let Some(fault) = take_fault(state, |f| {
        matches!(
            f,
            Fault::TokenError { .. } | Fault::MalformedJson | Fault::ServerError
        )
    }) {
        return match fault {
            Fault::TokenError {
                status,
                error,
                code,
                description,
            } => aad_error(status, &error, code, &description),
            Fault::MalformedJson => json(200, "{\"token_type\":\"Bearer\",".into()),
            _ => json(500, "<html>Service unavailable</html>".into()),
        };
    }
    let client_id = form.get("client_id").cloned().unwrap_or_default();
    let secret = form.get("client_secret");
    let kind = client_kind(&state.lock().expect("state"), &client_id);
    if kind.is_none() {
        return aad_error(
            400,
            "unauthorized_client",
            700016,
            &format!(
                "Application with identifier '{client_id}' was not found in the directory 'Contoso'. This can happen if the application has not been installed by the administrator of the tenant."
            ),
        );
    }
    if kind == Some(None) && secret.is_some() {
        return aad_error(
            401,
            "invalid_client",
            700025,
            "Client is public so neither 'client_assertion' nor 'client_secret' should be presented.",
        );
    }
    if let Some(Some(expected)) = &kind {
        match secret {
            None => {
                return aad_error(
                    401,
                    "invalid_client",
                    7000218,
                    "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
                );
            }
            Some(value) if value != expected => {
                return aad_error(
                    401,
                    "invalid_client",
                    7000215,
                    &format!(
                        "Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '{CONFIDENTIAL_CLIENT}'."
                    ),
                );
            }
            Some(_) => {
                if take_fault(state, |f| *f == Fault::SecretExpired).is_some() {
                    return aad_error(
                        401,
                        "invalid_client",
                        7000222,
                        &format!(
                            "The provided client secret keys for app '{CONFIDENTIAL_CLIENT}' are expired. Visit the Azure portal to create new keys for your app."
                        ),
                    );
                }
            }
        }
    }
    let mut state = state.lock().expect("state");
    match grant.as_str() {
        "authorization_code" => {
            let code = form.get("code").cloned().unwrap_or_default();
            let Some(grant) = state.codes.remove(&code) else {
                return aad_error(
                    400,
                    "invalid_grant",
                    70000,
                    "The provided authorization code or refresh token has expired due to inactivity. Send a new interactive authorization request for this user and resource.",
                );
            };
            if grant.client_id != client_id {
                return aad_error(
                    400,
                    "invalid_grant",
                    70000,
                    "The provided value for the 'code' parameter is not valid. The code was issued to a different client.",
                );
            }
            if form.get("redirect_uri") != Some(&grant.redirect_uri) {
                return aad_error(
                    400,
                    "invalid_grant",
                    50011,
                    "The redirect URI does not match the one used to acquire the authorization code.",
                );
            }
            let verifier = form.get("code_verifier").cloned().unwrap_or_default();
            let computed = base64::engine::general_purpose::URL_SAFE_NO_PAD
                .encode(sha2::Sha256::digest(verifier.as_bytes()));
            if verifier.is_empty() || computed != grant.challenge {
                return aad_error(
                    400,
                    "invalid_grant",
                    501481,
                    "The Code_Verifier does not match the code_challenge supplied in the authorization request.",
                );
            }
            issue(
                &mut state,
                &client_id,
                &grant.scope,
                true,
                grant.nonce.as_deref(),
            )
        }
        "refresh_token" => {
            let presented = form.get("refresh_token").cloned().unwrap_or_default();
            match state.refresh_tokens.remove(&presented) {
                Some(owner) if owner == client_id => {
                    let scope = form.get("scope").cloned().unwrap_or_default();
                    issue(&mut state, &client_id, &scope, true, None)
                }
                _ => aad_error(
                    400,
                    "invalid_grant",
                    70000,
                    "The provided authorization code or refresh token has expired due to inactivity, or was already used.",
                ),
            }
        }
        "client_credentials" => {
            let scope = form.get("scope").cloned().unwrap_or_default();
            if !scope.ends_with("/.default") {
                return aad_error(
                    400,
                    "invalid_scope",
                    1002012,
                    "The provided value for scope is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier.",
                );
            }
            issue(&mut state, &client_id, &scope, false, None)
        }
        "urn:ietf:params:oauth:grant-type:device_code" => {
            state.device_poll_times.push(std::time::Instant::now());
            state.device_polls += 1;
            if state.device_slow_down && state.device_polls == 1 {
                return json(400, serde_json::json!({"error": "slow_down", "error_description": "AADSTS70000: slow down"}).to_string());
            }
            if state.device_expires {
                return aad_error(
                    400,
                    "expired_token",
                    70020,
                    "The provided value for the input parameter 'device_code' is not valid. This device code has expired.",
                );
            }
            if state.device_polls <= state.device_pending_polls + u32::from(state.device_slow_down)
            {
                return aad_error(
                    400,
                    "authorization_pending",
                    70016,
                    "OAuth 2.0 device flow error. Authorization is pending. Continue polling.",
                );
            }
            issue(
                &mut state,
                &client_id,
                "https://outlook.office.com/SMTP.Send offline_access openid",
                true,
                None,
            )
        }
        other => aad_error(
            400,
            "unsupported_grant_type",
            70003,
            &format!("The app requested an unsupported grant type '{other}'."),
        ),
    }
}

fn device_code(
    base: &str,
    form: &HashMap<String, String>,
) -> tiny_http::Response<std::io::Cursor<Vec<u8>>> {
    let client_id = form.get("client_id").cloned().unwrap_or_default();
    if client_id != PUBLIC_CLIENT {
        return aad_error(
            400,
            "invalid_client",
            7000218,
            "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
        );
    }
    let body = serde_json::json!({
        "user_code": "KX7PQ2M4A",
        "device_code": "DAQABAAEAAAD-device",
        "verification_uri": format!("{base}/devicelogin"),
        "expires_in": 900,
        "interval": 1,
        "message": "To sign in, use a web browser to open the page and enter the code KX7PQ2M4A to authenticate."
    });
    json(200, body.to_string())
}

fn graph_send_mail(
    bearer: &str,
    body: &str,
    state: &Mutex<State>,
) -> tiny_http::Response<std::io::Cursor<Vec<u8>>> {
    let stall = {
        let mut state = state.lock().expect("state");
        if state.graph_stall.is_some() {
            state.graph_stalled += 1;
        }
        state.graph_stall
    };
    if let Some(stall) = stall {
        std::thread::sleep(stall);
        let body = serde_json::json!({"error": {"code": "ServiceUnavailable", "message": "Stalled (scripted)."}});
        return json(503, body.to_string());
    }
    let mut state = state.lock().expect("state");
    let graph_error = |status: u16, code: &str, message: &str| {
        let body = serde_json::json!({"error": {"code": code, "message": message, "innerError": {"request-id": "3f6a-req", "date": "2026-11-26T10:00:00"}}});
        json(status, body.to_string())
    };
    if let Some((status, code)) = state.graph_fault.take() {
        let response = graph_error(status, &code, "Scripted failure.");
        return if status == 429 {
            let after = state.graph_retry_after.unwrap_or(7).to_string();
            response
                .with_header(tiny_http::Header::from_bytes("Retry-After", after).expect("header"))
        } else {
            response
        };
    }
    if !state.access_tokens.iter().any(|t| t == bearer) {
        return graph_error(
            401,
            "InvalidAuthenticationToken",
            "Access token validation failure. Invalid audience.",
        );
    }
    // A MIME body (Content-Type: text/plain): the message base64-encoded, 4 MB at most.
    if !body.trim_start().starts_with('{') {
        if body.len() > 4 * 1024 * 1024 {
            return graph_error(
                413,
                "RequestEntityTooLarge",
                "The request is larger than 4 MB.",
            );
        }
        let Ok(mime) = base64::engine::general_purpose::STANDARD.decode(body.trim()) else {
            return graph_error(
                400,
                "ErrorMimeContentInvalidBase64String",
                "Invalid base64 string for MIME content.",
            );
        };
        let text = String::from_utf8_lossy(&mime).into_owned();
        let subject = text
            .lines()
            .take_while(|l| !l.is_empty())
            .find_map(|l| l.strip_prefix("Subject: "))
            .unwrap_or_default()
            .trim()
            .to_owned();
        state.graph_sent.push(subject);
        state.graph_mime.push(mime);
        return tiny_http::Response::from_string("").with_status_code(202);
    }
    let parsed: serde_json::Value = match serde_json::from_str(body) {
        Ok(value) => value,
        Err(_) => return graph_error(400, "ErrorInvalidRequest", "Cannot read the request body."),
    };
    let subject = parsed["message"]["subject"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    state.graph_sent.push(subject);
    tiny_http::Response::from_string("").with_status_code(202)
}

/// The directory part of Graph that automatic registration and the Entra check use: resource
/// service principals with their permission ids, creating applications, service principals,
/// secrets and grants, and listing what an application is granted.
fn graph_directory(
    method: &str,
    segments: &[&str],
    query: &str,
    bearer: &str,
    body: &str,
    state: &Mutex<State>,
) -> tiny_http::Response<std::io::Cursor<Vec<u8>>> {
    let mut state = state.lock().expect("state");
    if !state.access_tokens.iter().any(|t| t == bearer) {
        return json(401, serde_json::json!({"error": {"code": "InvalidAuthenticationToken", "message": "Access token is empty or invalid."}}).to_string());
    }
    if let Some((segment, status)) = state.directory_fault.clone()
        && segments.contains(&segment.as_str())
    {
        state.directory_fault = None;
        return json(status, serde_json::json!({"error": {"code": "Authorization_RequestDenied", "message": "Insufficient privileges to complete the operation (scripted)."}}).to_string());
    }
    let parsed: serde_json::Value = serde_json::from_str(body).unwrap_or_default();
    let query = url::form_urlencoded::parse(query.as_bytes())
        .into_owned()
        .find(|(k, _)| k == "$filter")
        .map(|(_, v)| v)
        .unwrap_or_default();
    let filtered_app_id = query
        .strip_prefix("appId eq '")
        .and_then(|rest| rest.strip_suffix('\''))
        .map(str::to_owned);
    state.counter += 1;
    let n = state.counter;
    let new_guid = |prefix: u32| format!("{prefix:08x}-0000-4000-8000-{n:012x}");
    let exchange = || {
        serde_json::json!({
        "id": EXCHANGE_PRINCIPAL, "appId": EXCHANGE_APP_ID, "displayName": "Office 365 Exchange Online",
        "appRoles": APP_ROLES.iter().filter(|(r, _, _)| *r == EXCHANGE_PRINCIPAL).map(|(_, id, value)| serde_json::json!({"id": id, "value": value})).collect::<Vec<_>>(),
        "oauth2PermissionScopes": []})
    };
    let graph = || {
        serde_json::json!({
        "id": GRAPH_PRINCIPAL, "appId": GRAPH_APP_ID, "displayName": "Microsoft Graph",
        "appRoles": APP_ROLES.iter().filter(|(r, _, _)| *r == GRAPH_PRINCIPAL).map(|(_, id, value)| serde_json::json!({"id": id, "value": value})).collect::<Vec<_>>(),
        "oauth2PermissionScopes": GRAPH_SCOPES.iter().map(|(id, value)| serde_json::json!({"id": id, "value": value})).collect::<Vec<_>>()})
    };
    let list =
        |items: Vec<serde_json::Value>| json(200, serde_json::json!({"value": items}).to_string());
    match (method, segments) {
        ("GET", ["v1.0", "servicePrincipals"]) => match filtered_app_id.as_deref() {
            Some(EXCHANGE_APP_ID) => list(vec![exchange()]),
            Some(GRAPH_APP_ID) => list(vec![graph()]),
            Some(app_id) => list(
                state
                    .principals
                    .iter()
                    .filter(|(app, _)| app == app_id)
                    .map(|(app, id)| serde_json::json!({"id": id, "appId": app}))
                    .collect(),
            ),
            None => json(400, r#"{"error":{"code":"Request_BadRequest","message":"filter expected"}}"#.into()),
        },
        ("GET", ["v1.0", "servicePrincipals", EXCHANGE_PRINCIPAL]) => json(200, exchange().to_string()),
        ("GET", ["v1.0", "servicePrincipals", GRAPH_PRINCIPAL]) => json(200, graph().to_string()),
        ("GET", ["v1.0", "servicePrincipals", principal, "appRoleAssignments"]) => list(
            state
                .app_role_grants
                .iter()
                .filter(|(p, _, _)| p == principal)
                .map(|(p, resource, role)| serde_json::json!({"principalId": p, "resourceId": resource, "appRoleId": role, "resourceDisplayName": if resource == EXCHANGE_PRINCIPAL { "Office 365 Exchange Online" } else { "Microsoft Graph" }}))
                .collect(),
        ),
        ("GET", ["v1.0", "applications"]) => {
            let app_id = filtered_app_id.unwrap_or_default();
            let required = state
                .required_access
                .iter()
                .find(|(app, _)| *app == app_id)
                .map(|(_, required)| required.clone())
                .unwrap_or(serde_json::json!([]));
            let known = app_id == CONFIDENTIAL_CLIENT || state.created_apps.iter().any(|(a, _, _)| *a == app_id);
            list(if known { vec![serde_json::json!({"appId": app_id, "requiredResourceAccess": required})] } else { vec![] })
        }
        ("POST", ["v1.0", "applications"]) => {
            if parsed["signInAudience"] != "AzureADMyOrg" {
                return json(400, r#"{"error":{"code":"Request_BadRequest","message":"single tenant expected"}}"#.into());
            }
            let (app_id, object_id) = (new_guid(0x0a0a0a0a), new_guid(0x0b0b0b0b));
            state.created_apps.push((app_id.clone(), object_id.clone(), None));
            state.required_access.push((app_id.clone(), parsed["requiredResourceAccess"].clone()));
            json(201, serde_json::json!({"id": object_id, "appId": app_id, "displayName": parsed["displayName"]}).to_string())
        }
        ("POST", ["v1.0", "servicePrincipals"]) => {
            let id = new_guid(0x0c0c0c0c);
            let app_id = parsed["appId"].as_str().unwrap_or_default().to_owned();
            state.service_principals.push(app_id.clone());
            state.principals.push((app_id, id.clone()));
            json(201, serde_json::json!({"id": id, "appId": parsed["appId"]}).to_string())
        }
        ("POST", ["v1.0", "applications", object_id, "addPassword"]) => {
            let secret = format!("Ab1~autoreg.{n}_SECRET-value");
            let Some(app) = state.created_apps.iter_mut().find(|(_, o, _)| o == object_id) else {
                return json(404, r#"{"error":{"code":"Request_ResourceNotFound","message":"no such application"}}"#.into());
            };
            app.2 = Some(secret.clone());
            json(200, serde_json::json!({"secretText": secret, "keyId": new_guid(0x0d0d0d0d), "endDateTime": parsed["passwordCredential"]["endDateTime"]}).to_string())
        }
        ("POST", ["v1.0", "applications", object_id, "removePassword"]) => {
            let Some(app) = state.created_apps.iter_mut().find(|(_, o, _)| o == object_id) else {
                return json(404, r#"{"error":{"code":"Request_ResourceNotFound","message":"no such application"}}"#.into());
            };
            app.2 = None;
            let key = parsed["keyId"].as_str().unwrap_or_default().to_owned();
            state.removed_passwords.push(key);
            tiny_http::Response::from_string("").with_status_code(204)
        }
        ("POST", ["v1.0", "servicePrincipals", resource, "appRoleAssignedTo"]) => {
            let role = parsed["appRoleId"].as_str().unwrap_or_default().to_owned();
            let principal = parsed["principalId"].as_str().unwrap_or_default().to_owned();
            state.role_assignments.push(role.clone());
            state.app_role_grants.push((principal, (*resource).to_owned(), role));
            json(201, serde_json::json!({"id": new_guid(0x0e0e0e0e)}).to_string())
        }
        ("POST", ["v1.0", "oauth2PermissionGrants"]) => {
            state.permission_grants.push(parsed["scope"].as_str().unwrap_or_default().to_owned());
            json(201, serde_json::json!({"id": new_guid(0x0f0f0f0f)}).to_string())
        }
        _ => json(404, "{}".into()),
    }
}
