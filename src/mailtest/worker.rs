//! Runs a test send off the UI thread: gets a token per resource (app-only with the stored
//! secret, delegated with the stored refresh token), then tries each chosen route and reports
//! every result as it comes.

use std::sync::Arc;
use std::sync::mpsc::{Receiver, TryRecvError};
use std::time::Duration;

use chrono::Utc;
use secrecy::SecretString;

use super::imap::{self, ImapTarget};
use super::smtp::{self, SmtpTarget};
use super::{Diagnosis, Failure, Route, RouteResult, Transcript, diagnosis, graph, rfc5322};
use crate::guid::Guid;
use crate::identity::flows::{self, Registration};
use crate::identity::http::{CancelFlag, Http};
use crate::identity::worker::{CLIENT_SECRET, REFRESH_TOKEN};
use crate::identity::{self as id, IdentityError, TenantInfo, TokenResource};
use crate::scenario::Scenario;
use crate::secrets::{SecretKey, SecretStore, StoreError};

/// Where the routes go; Exchange Online and Graph in the product, loopback servers in tests.
#[derive(Clone)]
pub struct MailConfig {
    pub smtp: SmtpTarget,
    pub imap: ImapTarget,
    /// `None`: `https://<msgraph_host>` from tenant discovery.
    pub graph_base: Option<String>,
    pub arrival_wait: Duration,
    pub store: Arc<dyn SecretStore>,
}

/// What to send, from whom, how.
#[derive(Clone, Debug)]
pub struct TestRequest {
    pub tenant: TenantInfo,
    pub client_id: Guid,
    pub scenario: Scenario,
    /// The access route in use (`Registration::route`), which decides what a refused app-only
    /// SMTP token means.
    pub access: Option<crate::access::Access>,
    pub from: String,
    pub to: String,
    pub routes: Vec<Route>,
    pub check_arrival: bool,
    pub subject: String,
    pub body: String,
}

#[derive(Clone, Debug)]
pub enum TestEvent {
    Started(Route),
    Finished(RouteResult),
    /// No token for this route: the identity error explains why.
    TokenFailed(Route, IdentityError),
}

pub struct RunningTest {
    events: Receiver<TestEvent>,
    cancel: CancelFlag,
}

impl RunningTest {
    pub fn cancel(&self) {
        self.cancel.cancel();
    }

    /// The next event; `Err(())` once the worker finished and everything was read.
    #[allow(clippy::result_unit_err)]
    pub fn poll(&self) -> Result<Option<TestEvent>, ()> {
        match self.events.try_recv() {
            Ok(event) => Ok(Some(event)),
            Err(TryRecvError::Empty) => Ok(None),
            Err(TryRecvError::Disconnected) => Err(()),
        }
    }
}

pub fn start(
    request: TestRequest,
    config: MailConfig,
    wake: Arc<dyn Fn() + Send + Sync>,
) -> RunningTest {
    let (sender, events) = std::sync::mpsc::channel();
    let cancel = CancelFlag::default();
    let flag = cancel.clone();
    let send = move |event: TestEvent| {
        // A dropped receiver means the admin left the page; the result is then unwanted.
        let _ = sender.send(event);
        wake();
    };
    let spawned = std::thread::Builder::new()
        .name("overstap-mailtest".into())
        .spawn({
            let send = send.clone();
            move || {
                // Attempts catch their own panics; this catches the rest (token requests), so
                // the page always hears why the test stopped.
                let first = request.routes.first().copied().unwrap_or(Route::Smtp);
                let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    run(&request, &config, &flag, &send)
                }));
                if let Err(panic) = outcome {
                    send(TestEvent::TokenFailed(
                        first,
                        IdentityError::Internal(crate::jobs::panic_text(panic.as_ref())),
                    ));
                }
            }
        });
    if let Err(error) = spawned {
        send(TestEvent::TokenFailed(
            Route::Smtp,
            IdentityError::Listener(error.to_string()),
        ));
    }
    RunningTest { events, cancel }
}

fn resource(route: Route) -> TokenResource {
    match route {
        Route::Smtp | Route::Imap => TokenResource::Exchange,
        Route::Graph => TokenResource::Graph,
    }
}

fn token(
    request: &TestRequest,
    config: &MailConfig,
    http: &Http,
    resource: TokenResource,
) -> Result<SecretString, IdentityError> {
    let key = |purpose| SecretKey {
        tenant_id: request.tenant.tenant_id.clone(),
        client_id: request.client_id.clone(),
        purpose,
    };
    let fetch = |purpose, missing: IdentityError| {
        config.store.get(&key(purpose)).map_err(|e| match e {
            StoreError::NotFound => missing,
            other => IdentityError::Store(other.to_string()),
        })
    };
    if request.scenario.needs_client_secret() {
        let secret = fetch(CLIENT_SECRET, IdentityError::NoSecret)?;
        let registration = Registration {
            tenant: &request.tenant,
            client_id: &request.client_id,
            client_secret: Some(&secret),
        };
        let scopes = id::token_scopes(resource, true);
        let scope = scopes.first().map(String::as_str).unwrap_or_default();
        Ok(flows::app_only_token(http, &registration, scope)?.access_token)
    } else {
        let refresh = fetch(REFRESH_TOKEN, IdentityError::NoRefreshToken)?;
        let scopes = id::token_scopes(resource, false);
        let registration = Registration::public(&request.tenant, &request.client_id);
        let tokens = flows::refresh(http, &registration, &refresh, &scopes)?;
        if let Some(rotated) = &tokens.refresh_token {
            config
                .store
                .put(&key(REFRESH_TOKEN), rotated)
                .map_err(|e| IdentityError::Store(e.to_string()))?;
        }
        Ok(tokens.access_token)
    }
}

/// A refused app-only SMTP token (535 5.7.3) means something else on each access route: the
/// route in use and the token's `roles` claim name the missing piece.
fn refine_smtp(request: &TestRequest, token: &SecretString, mut failure: Failure) -> Failure {
    use secrecy::ExposeSecret as _;
    if failure.diagnosis == Diagnosis::AuthUnsuccessful
        && request.scenario == Scenario::SmtpAppOnly
        && let Some(access) = request.access
    {
        let roles = crate::identity::tokens::access_token_roles(token.expose_secret());
        failure.diagnosis = diagnosis::smtp_app_only_refused(access, roles.as_deref());
    }
    failure
}

fn run(request: &TestRequest, config: &MailConfig, cancel: &CancelFlag, send: &impl Fn(TestEvent)) {
    let http = match Http::new(cancel.clone()) {
        Ok(http) => http,
        Err(error) => return send(TestEvent::TokenFailed(Route::Smtp, error)),
    };
    let mut tokens: Vec<(TokenResource, SecretString)> = Vec::new();
    // Sending routes first, so IMAP can wait for what they sent.
    let mut routes = request.routes.clone();
    routes.sort_by_key(|route| matches!(route, Route::Imap));
    for route in routes {
        if cancel.is_cancelled() {
            return;
        }
        send(TestEvent::Started(route));
        let wanted = resource(route);
        let token = match tokens.iter().find(|(r, _)| *r == wanted) {
            Some((_, token)) => token.clone(),
            None => match token(request, config, &http, wanted) {
                Ok(token) => {
                    tokens.push((wanted, token.clone()));
                    token
                }
                Err(error) => {
                    send(TestEvent::TokenFailed(route, error));
                    continue;
                }
            },
        };
        let (outcome, transcript) = attempt_route(route, request, config, cancel, token);
        send(TestEvent::Finished(RouteResult {
            route,
            at: Utc::now(),
            outcome,
            transcript,
        }));
    }
}

/// How long one route may take in all: every step may use its full timeout a few times over
/// (connect, greeting, TLS, AUTH, the message), IMAP also waits for the arrival.
fn route_limit(route: Route, config: &MailConfig) -> Duration {
    match route {
        Route::Smtp => config.smtp.timeout * 6,
        Route::Imap => config.imap.timeout * 6 + config.arrival_wait,
        // graph::send's own client gives up after 30 seconds.
        Route::Graph => Duration::from_secs(45),
    }
}

/// One route's attempt, on its own thread (`guard::attempt`): a panic or a server that never
/// finishes becomes a failure with a diagnosis, and Cancel is heard at once.
fn attempt_route(
    route: Route,
    request: &TestRequest,
    config: &MailConfig,
    cancel: &CancelFlag,
    token: SecretString,
) -> (Result<String, super::Failure>, Transcript) {
    use secrecy::ExposeSecret as _;
    let forbid = vec![token.expose_secret().to_owned()];
    let request = request.clone();
    let config = config.clone();
    let flag = cancel.clone();
    super::guard::attempt(
        route_limit(route, &config),
        cancel,
        forbid,
        move |transcript| match route {
            Route::Smtp => rfc5322(&request.from, &request.to, &request.subject, &request.body)
                .and_then(|message| {
                    smtp::send(
                        &config.smtp,
                        &request.from,
                        &request.to,
                        &token,
                        &message,
                        transcript,
                    )
                })
                .map_err(|failure| refine_smtp(&request, &token, failure)),
            Route::Graph => {
                let base = config
                    .graph_base
                    .clone()
                    .unwrap_or_else(|| format!("https://{}", request.tenant.graph_host));
                graph::send(
                    &base,
                    &request.from,
                    &request.to,
                    &request.subject,
                    &request.body,
                    &token,
                    transcript,
                )
            }
            Route::Imap => {
                let wait = request
                    .check_arrival
                    .then_some((request.subject.as_str(), config.arrival_wait));
                imap::check(&config.imap, &request.to, &token, wait, &flag, transcript).map(
                    |result| match result {
                        imap::ImapResult::Arrived => "arrived".to_owned(),
                        imap::ImapResult::LoggedIn { messages } => {
                            format!("logged in, {messages} messages")
                        }
                    },
                )
            }
        },
    )
}
