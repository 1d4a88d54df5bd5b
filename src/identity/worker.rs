//! Runs identity jobs on a named background thread and reports back over a channel, so the UI
//! never waits on the network or the browser. Each job can be cancelled; the worker wakes the UI
//! (a repaint) whenever it has news.

use std::sync::Arc;
use std::sync::mpsc::{Receiver, TryRecvError};
use std::time::Duration;

use chrono::Utc;
use secrecy::SecretString;

use super::autoreg::{Incomplete, SecretOutcome, Step};
use super::flows::{self, DeviceCodePrompt, Registration};
use super::http::{CancelFlag, Http};
use super::loopback::{BrowserPages, Callback, Loopback};
use super::tokens::{TokenSet, TokenStatus};
use super::{IdentityError, TenantInfo, discovery};
use crate::guid::Guid;
use crate::secrets::{SecretKey, SecretStore, StoreError};

/// Purposes of the credential-store entries of a registration.
pub const CLIENT_SECRET: &str = "client-secret";
pub const REFRESH_TOKEN: &str = "refresh-token";

/// How long the browser has to come back.
pub const DEFAULT_BROWSER_TIMEOUT: Duration = Duration::from_secs(5 * 60);

/// What to do.
#[derive(Clone, Debug)]
pub enum Job {
    /// Find the tenant of a mail domain or tenant id.
    Discover { input: String },
    /// Delegated sign-in in the browser (code + PKCE, loopback redirect).
    BrowserSignIn {
        tenant: TenantInfo,
        client_id: Guid,
        scopes: Vec<String>,
    },
    /// Delegated sign-in with a code entered on another device.
    DeviceSignIn {
        tenant: TenantInfo,
        client_id: Guid,
        scopes: Vec<String>,
    },
    /// An administrator grants the application permissions in the browser.
    AdminConsent {
        tenant: TenantInfo,
        client_id: Guid,
        scope: String,
    },
    /// An app-only token with the stored client secret: proves secret and consent work.
    AppOnlyToken {
        tenant: TenantInfo,
        client_id: Guid,
        scope: String,
    },
    /// Renew with the stored refresh token (and store the rotated one).
    Refresh {
        tenant: TenantInfo,
        client_id: Guid,
        scopes: Vec<String>,
        status: TokenStatus,
    },
    /// Forget the stored refresh token.
    Remove { tenant: TenantInfo, client_id: Guid },
    /// Does this client id exist in the tenant? (AADSTS700016 if not.)
    CheckClient { tenant: TenantInfo, client_id: Guid },
    /// An administrator signs in once; Overstap creates the registration through Graph.
    AutoRegister {
        tenant: TenantInfo,
        plan: super::autoreg::Plan,
    },
    /// An administrator signs in (read rights only); Overstap lists what Entra grants the
    /// application, the side `Test-ServicePrincipalAuthorization` does not show.
    ListEntraPermissions { tenant: TenantInfo, client_id: Guid },
}

/// What the worker reports.
#[derive(Clone, Debug)]
pub enum Event {
    Discovered(TenantInfo),
    /// Open this URL in the browser (and show it, for servers whose browser is unusable).
    OpenBrowser {
        url: String,
    },
    DeviceCode(DeviceCodePrompt),
    AdminConsentGranted,
    Tokens(TokenStatus),
    Removed,
    ClientExists,
    AutoRegStep(super::autoreg::Step),
    /// The registration exists; its secret (if any) is already in the credential store.
    AutoRegistered {
        client_id: Guid,
        enterprise_object_id: Guid,
        secret_expires_on: Option<chrono::NaiveDate>,
        /// What Entra grants the new application, read back.
        entra: super::autoreg::EntraPermissions,
    },
    /// The registration stopped part-way (a `Failed` event follows with the reason): what was
    /// made, and what became of the client secret.
    AutoRegIncomplete(super::autoreg::Incomplete),
    /// What Entra grants the application.
    EntraPermissions {
        client_id: Guid,
        permissions: super::autoreg::EntraPermissions,
    },
    Failed(IdentityError),
}

/// Settings that do not change between jobs.
#[derive(Clone)]
pub struct IdentityConfig {
    /// Microsoft's cloud, or the test emulator (which is also the tests' Graph).
    pub authority: super::Authority,
    pub browser_timeout: Duration,
    pub pages: BrowserPages,
    pub store: Arc<dyn SecretStore>,
}

/// A job in progress.
pub struct Running {
    events: Receiver<Event>,
    cancel: CancelFlag,
}

impl Running {
    pub fn cancel(&self) {
        self.cancel.cancel();
    }

    /// The next event, if any; `Err(())` once the worker has finished and everything was read.
    #[allow(clippy::result_unit_err)]
    pub fn poll(&self) -> Result<Option<Event>, ()> {
        match self.events.try_recv() {
            Ok(event) => Ok(Some(event)),
            Err(TryRecvError::Empty) => Ok(None),
            Err(TryRecvError::Disconnected) => Err(()),
        }
    }
}

/// Starts `job` on its own thread. `wake` is called after every event (a repaint request).
pub fn start(job: Job, config: IdentityConfig, wake: Arc<dyn Fn() + Send + Sync>) -> Running {
    let (sender, events) = std::sync::mpsc::channel();
    let cancel = CancelFlag::default();
    let flag = cancel.clone();
    let send = move |event: Event| {
        // The UI may have moved on and dropped the receiver; the job result is then unwanted.
        let _ = sender.send(event);
        wake();
    };
    let spawned = std::thread::Builder::new()
        .name("overstap-identity".into())
        .spawn({
            let send = send.clone();
            move || {
                // A panic (a bug, or a library tripping over a hostile answer) becomes an error
                // the page shows, instead of a job that silently stops.
                let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    run(job, &config, &flag, &send)
                }));
                match outcome {
                    Ok(Ok(())) => {}
                    Ok(Err(error)) => send(Event::Failed(error)),
                    Err(panic) => send(Event::Failed(IdentityError::Internal(
                        crate::jobs::panic_text(panic.as_ref()),
                    ))),
                }
            }
        });
    if let Err(error) = spawned {
        send(Event::Failed(IdentityError::Listener(error.to_string())));
    }
    Running { events, cancel }
}

fn secret_key(tenant: &TenantInfo, client_id: &Guid, purpose: &'static str) -> SecretKey {
    SecretKey {
        tenant_id: tenant.tenant_id.clone(),
        client_id: client_id.clone(),
        purpose,
    }
}

fn store_error(error: StoreError) -> IdentityError {
    IdentityError::Store(error.to_string())
}

fn run(
    job: Job,
    config: &IdentityConfig,
    cancel: &CancelFlag,
    send: &(impl Fn(Event) + Clone),
) -> Result<(), IdentityError> {
    let http = Http::new(cancel.clone())?;
    match job {
        Job::Discover { input } => {
            let tenant = discovery::discover(&http, &config.authority, &input)?;
            send(Event::Discovered(tenant));
        }
        Job::BrowserSignIn {
            tenant,
            client_id,
            scopes,
        } => {
            let tokens =
                browser_sign_in(&http, config, cancel, send, &tenant, &client_id, &scopes)?;
            keep_delegated(config, &tenant, &client_id, &tokens)?;
            send(Event::Tokens(TokenStatus::first(&tokens, Utc::now())));
        }
        Job::AutoRegister { tenant, plan } => {
            auto_register(&http, config, cancel, send, &tenant, &plan)?
        }
        Job::ListEntraPermissions { tenant, client_id } => {
            let scopes: Vec<String> = super::autoreg::READ_SCOPES
                .iter()
                .map(|s| s.to_string())
                .collect();
            let admin = admin_sign_in(&http, config, cancel, send, &tenant, &scopes)?;
            let base = graph_base(config, &tenant);
            let graph = super::autoreg::Graph::new(&base, &admin.access_token)?;
            let permissions = super::autoreg::list_permissions(&graph, &client_id)?;
            send(Event::EntraPermissions {
                client_id,
                permissions,
            });
        }
        Job::DeviceSignIn {
            tenant,
            client_id,
            scopes,
        } => {
            let registration = Registration::public(&tenant, &client_id);
            let show = send.clone();
            let tokens = flows::device_sign_in(&http, &registration, &scopes, move |prompt| {
                show(Event::DeviceCode(prompt));
            })?;
            keep_delegated(config, &tenant, &client_id, &tokens)?;
            send(Event::Tokens(TokenStatus::first(&tokens, Utc::now())));
        }
        Job::AdminConsent {
            tenant,
            client_id,
            scope,
        } => {
            let loopback = Loopback::bind()?;
            let state = oauth2::CsrfToken::new_random().secret().to_owned();
            let url =
                tenant.admin_consent_url(&client_id, &loopback.redirect_uri(), &state, &scope);
            send(Event::OpenBrowser { url });
            loopback.wait(&state, config.browser_timeout, cancel, &config.pages)?;
            send(Event::AdminConsentGranted);
        }
        Job::AppOnlyToken {
            tenant,
            client_id,
            scope,
        } => {
            let secret = fetch(
                config,
                &tenant,
                &client_id,
                CLIENT_SECRET,
                IdentityError::NoSecret,
            )?;
            let registration = Registration {
                tenant: &tenant,
                client_id: &client_id,
                client_secret: Some(&secret),
            };
            let tokens = flows::app_only_token(&http, &registration, &scope)?;
            send(Event::Tokens(TokenStatus::first(&tokens, Utc::now())));
        }
        Job::Refresh {
            tenant,
            client_id,
            scopes,
            status,
        } => {
            let refresh_token = fetch(
                config,
                &tenant,
                &client_id,
                REFRESH_TOKEN,
                IdentityError::NoRefreshToken,
            )?;
            let registration = Registration::public(&tenant, &client_id);
            let tokens = flows::refresh(&http, &registration, &refresh_token, &scopes)?;
            keep_delegated(config, &tenant, &client_id, &tokens)?;
            send(Event::Tokens(status.renewed(&tokens, Utc::now())));
        }
        Job::CheckClient { tenant, client_id } => {
            flows::client_exists(&http, &tenant, &client_id)?;
            send(Event::ClientExists);
        }
        Job::Remove { tenant, client_id } => {
            match config
                .store
                .remove(&secret_key(&tenant, &client_id, REFRESH_TOKEN))
            {
                Ok(()) | Err(StoreError::NotFound) => send(Event::Removed),
                Err(other) => return Err(store_error(other)),
            }
        }
    }
    Ok(())
}

/// Creates the registration with the administrator's Graph token. A failure after the client
/// secret was created still hands the secret over (stored, or shown once), so it is never lost.
fn auto_register(
    http: &Http,
    config: &IdentityConfig,
    cancel: &CancelFlag,
    send: &(impl Fn(Event) + Clone),
    tenant: &TenantInfo,
    plan: &super::autoreg::Plan,
) -> Result<(), IdentityError> {
    send(Event::AutoRegStep(super::autoreg::Step::SignIn));
    let scopes: Vec<String> = super::autoreg::ADMIN_SCOPES
        .iter()
        .map(|s| s.to_string())
        .collect();
    let admin = admin_sign_in(http, config, cancel, send, tenant, &scopes)?;
    let base = graph_base(config, tenant);
    let graph = super::autoreg::Graph::new(&base, &admin.access_token)?;
    match super::autoreg::create(&base, &admin.access_token, plan, |step| {
        send(Event::AutoRegStep(step));
    }) {
        Ok(created) => {
            let (secret, refused) = keep_secret(
                config,
                &graph,
                tenant,
                &created.client_id,
                &created.application_object,
                created.secret,
            );
            if let Some(error) = refused {
                send(Event::AutoRegIncomplete(Incomplete {
                    display_name: plan.display_name.clone(),
                    client_id: created.client_id,
                    enterprise_object_id: Some(created.enterprise_object_id),
                    secret,
                    failed_step: Step::Secret.message_id().to_owned(),
                }));
                return Err(error);
            }
            send(Event::AutoRegistered {
                client_id: created.client_id,
                enterprise_object_id: created.enterprise_object_id,
                secret_expires_on: match secret {
                    SecretOutcome::Stored { expires_on } => Some(expires_on),
                    _ => None,
                },
                entra: created.entra,
            });
        }
        Err(failure) => {
            let failure = *failure;
            let partial = failure.partial;
            if let (Some(client_id), Some(object)) = (partial.client_id, partial.application_object)
            {
                let (secret, _) =
                    keep_secret(config, &graph, tenant, &client_id, &object, partial.secret);
                send(Event::AutoRegIncomplete(Incomplete {
                    display_name: partial.display_name,
                    client_id,
                    enterprise_object_id: partial.enterprise_object_id,
                    secret,
                    failed_step: failure.step.message_id().to_owned(),
                }));
            }
            return Err(failure.error);
        }
    }
    Ok(())
}

/// The administrator signs in with Microsoft's Graph command-line client (no registration of
/// our own exists yet, or its permissions are what is being checked).
fn admin_sign_in(
    http: &Http,
    config: &IdentityConfig,
    cancel: &CancelFlag,
    send: &impl Fn(Event),
    tenant: &TenantInfo,
    scopes: &[String],
) -> Result<TokenSet, IdentityError> {
    let bootstrap = Guid::parse(super::autoreg::BOOTSTRAP_CLIENT_ID)
        .map_err(|e| IdentityError::Listener(e.to_string()))?;
    browser_sign_in(http, config, cancel, send, tenant, &bootstrap, scopes)
}

/// Graph's base URL: the tenant's Graph host (checked by discovery against the cloud's list), or
/// the emulator's in tests.
fn graph_base(config: &IdentityConfig, tenant: &TenantInfo) -> String {
    config
        .authority
        .graph_override()
        .unwrap_or_else(|| format!("https://{}", tenant.graph_host))
}

/// A client secret Graph created must not be lost: it goes to the credential store, or, when
/// the store refuses it, it is deleted from the application again (the portal never shows the
/// value twice, so a secret nobody holds is only a liability). Returns what happened and the
/// store's error, if any.
fn keep_secret(
    config: &IdentityConfig,
    graph: &super::autoreg::Graph<'_>,
    tenant: &TenantInfo,
    client_id: &Guid,
    application_object: &str,
    secret: Option<super::autoreg::CreatedSecret>,
) -> (SecretOutcome, Option<IdentityError>) {
    let Some(secret) = secret else {
        return (SecretOutcome::None, None);
    };
    match config
        .store
        .put(&secret_key(tenant, client_id, CLIENT_SECRET), &secret.value)
    {
        Ok(()) => (
            SecretOutcome::Stored {
                expires_on: secret.expires.date_naive(),
            },
            None,
        ),
        Err(error) => {
            let removed = !secret.key_id.is_empty()
                && graph
                    .remove_secret(application_object, &secret.key_id)
                    .is_ok();
            (
                if removed {
                    SecretOutcome::Removed
                } else {
                    SecretOutcome::Orphaned
                },
                Some(store_error(error)),
            )
        }
    }
}

/// Browser sign-in: authorize URL to the browser, the loopback listener waits for the code,
/// the code is redeemed with the PKCE verifier.
fn browser_sign_in(
    http: &Http,
    config: &IdentityConfig,
    cancel: &CancelFlag,
    send: &impl Fn(Event),
    tenant: &TenantInfo,
    client_id: &Guid,
    scopes: &[String],
) -> Result<TokenSet, IdentityError> {
    let registration = Registration::public(tenant, client_id);
    let loopback = Loopback::bind()?;
    let pending = flows::begin_browser_sign_in(&registration, scopes, &loopback.redirect_uri())?;
    send(Event::OpenBrowser {
        url: pending.url.clone(),
    });
    let state = pending.state.clone();
    match loopback.wait(&state, config.browser_timeout, cancel, &config.pages)? {
        Callback::Code(code) => flows::finish_browser_sign_in(http, &registration, pending, code),
        Callback::AdminConsent { .. } => Err(IdentityError::BadResponse {
            url: pending.redirect_uri,
            detail: "an admin consent answer instead of a sign-in".into(),
        }),
    }
}

/// A stored secret of the registration; `missing` says what to do when there is none.
fn fetch(
    config: &IdentityConfig,
    tenant: &TenantInfo,
    client_id: &Guid,
    purpose: &'static str,
    missing: IdentityError,
) -> Result<SecretString, IdentityError> {
    config
        .store
        .get(&secret_key(tenant, client_id, purpose))
        .map_err(|e| match e {
            StoreError::NotFound => missing,
            other => store_error(other),
        })
}

/// The refresh token goes to the credential store, replacing the previous one (rotation).
fn keep_delegated(
    config: &IdentityConfig,
    tenant: &TenantInfo,
    client_id: &Guid,
    tokens: &TokenSet,
) -> Result<(), IdentityError> {
    if let Some(refresh_token) = &tokens.refresh_token {
        config
            .store
            .put(&secret_key(tenant, client_id, REFRESH_TOKEN), refresh_token)
            .map_err(store_error)?;
    }
    Ok(())
}
