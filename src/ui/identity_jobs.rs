//! The UI side of identity jobs: at most one runs at a time; its events are drained once per
//! frame in `app.rs` and applied to the session there. Pages only start and cancel.

use std::sync::Arc;

use chrono::Utc;

use crate::identity::IdentityError;
use crate::identity::autoreg::SecretOutcome;
use crate::identity::flows::DeviceCodePrompt;
use crate::identity::worker::{self, Event, IdentityConfig, Job, Running};
use crate::session::{EntraCheck, Session, StepState};

/// Which action the running job serves, for the page to show the right progress text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JobKind {
    Discover,
    SignIn,
    AdminConsent,
    AppOnlyToken,
    Renew,
    Remove,
    CheckClient,
    AutoRegister,
    EntraCheck,
}

impl JobKind {
    pub const ALL: [JobKind; 9] = [
        JobKind::Discover,
        JobKind::SignIn,
        JobKind::AdminConsent,
        JobKind::AppOnlyToken,
        JobKind::Renew,
        JobKind::Remove,
        JobKind::CheckClient,
        JobKind::AutoRegister,
        JobKind::EntraCheck,
    ];

    pub fn progress_id(self) -> &'static str {
        match self {
            JobKind::Discover => "identity-progress-discover",
            JobKind::SignIn => "identity-progress-sign-in",
            JobKind::AdminConsent => "identity-progress-admin-consent",
            JobKind::AppOnlyToken => "identity-progress-app-only",
            JobKind::Renew => "identity-progress-renew",
            JobKind::Remove => "identity-progress-remove",
            JobKind::CheckClient => "identity-progress-check-client",
            JobKind::AutoRegister => "identity-progress-autoreg",
            JobKind::EntraCheck => "identity-progress-entra-check",
        }
    }
}

/// Opens a URL in the default browser; tests replace it with a scripted browser.
pub type OpenUrl = Arc<dyn Fn(&str) + Send + Sync>;

pub struct IdentityJobs {
    config: IdentityConfig,
    open_url: OpenUrl,
    wake: Arc<dyn Fn() + Send + Sync>,
    running: Option<(JobKind, Running)>,
    /// The sign-in or consent URL of the running job, shown with a copy button.
    pub browser_url: Option<String>,
    pub device_code: Option<DeviceCodePrompt>,
    /// The last failure and the job it belonged to; cleared when a new job starts.
    pub last_error: Option<(JobKind, IdentityError)>,
    /// The last job that finished well, for a confirmation line.
    pub last_success: Option<JobKind>,
    /// The automatic registration's current step.
    pub autoreg_step: Option<crate::identity::autoreg::Step>,
}

impl IdentityJobs {
    pub fn new(
        config: IdentityConfig,
        open_url: OpenUrl,
        wake: Arc<dyn Fn() + Send + Sync>,
    ) -> Self {
        IdentityJobs {
            config,
            open_url,
            wake,
            running: None,
            browser_url: None,
            device_code: None,
            last_error: None,
            last_success: None,
            autoreg_step: None,
        }
    }

    /// Opens a URL or a folder with the system's default handler.
    pub fn open(&self, target: &str) {
        (self.open_url)(target);
    }

    pub fn running(&self) -> Option<JobKind> {
        self.running.as_ref().map(|(kind, _)| *kind)
    }

    /// Starts a job unless one is running (the buttons are disabled then anyway).
    pub fn start(&mut self, kind: JobKind, job: Job) {
        if self.running.is_some() {
            return;
        }
        self.browser_url = None;
        self.device_code = None;
        self.last_error = None;
        self.last_success = None;
        self.autoreg_step = None;
        let running = worker::start(job, self.config.clone(), Arc::clone(&self.wake));
        self.running = Some((kind, running));
    }

    /// Stops waiting at once; a request already on the wire finishes in the background and its
    /// answer is ignored.
    pub fn cancel(&mut self) {
        if let Some((kind, running)) = self.running.take() {
            running.cancel();
            self.browser_url = None;
            self.device_code = None;
            self.last_error = Some((kind, IdentityError::Cancelled));
        }
    }

    /// Applies the worker's news to the session. Called once per frame.
    pub fn drain(&mut self, session: &mut Session) {
        let Some((kind, running)) = &self.running else {
            return;
        };
        let kind = *kind;
        let (events, finished) = crate::jobs::drain(|| running.poll());
        for event in events {
            self.apply(kind, event, session);
        }
        if finished {
            self.running = None;
            self.device_code = None;
        }
    }

    fn apply(&mut self, kind: JobKind, event: Event, session: &mut Session) {
        match event {
            Event::Discovered(tenant) => {
                session.registration.tenant_id = tenant.tenant_id.to_string();
                session.tenant = Some(tenant);
                self.last_success = Some(kind);
            }
            Event::OpenBrowser { url } => {
                (self.open_url)(&url);
                self.browser_url = Some(url);
            }
            Event::DeviceCode(prompt) => self.device_code = Some(prompt),
            Event::AdminConsentGranted => {
                session.consent = StepState::Done { at: Utc::now() };
                self.browser_url = None;
                self.last_success = Some(kind);
            }
            Event::Tokens(status) => {
                session.token = Some(status);
                session.consent = StepState::Done { at: Utc::now() };
                self.browser_url = None;
                self.last_success = Some(kind);
            }
            Event::ClientExists => self.last_success = Some(kind),
            Event::AutoRegStep(step) => self.autoreg_step = Some(step),
            Event::AutoRegistered {
                client_id,
                enterprise_object_id,
                secret_expires_on,
                entra,
            } => {
                let registration = &mut session.registration;
                registration.client_id = client_id.to_string();
                registration.enterprise_object_id = enterprise_object_id.to_string();
                registration.autoreg_incomplete = None;
                registration.entra_check = Some(EntraCheck {
                    at: Utc::now(),
                    client_id,
                    permissions: entra,
                });
                if let Some(date) = secret_expires_on {
                    session.secret.stored = true;
                    session.secret.expires_on = Some(date);
                }
                self.browser_url = None;
                self.autoreg_step = None;
                self.last_success = Some(kind);
            }
            Event::AutoRegIncomplete(incomplete) => {
                // The half-made registration becomes the one on the page, so the manual steps
                // continue with it; its secret counts only if it is in the store.
                let registration = &mut session.registration;
                registration.client_id = incomplete.client_id.to_string();
                if let Some(object) = &incomplete.enterprise_object_id {
                    registration.enterprise_object_id = object.to_string();
                }
                if let SecretOutcome::Stored { expires_on } = incomplete.secret {
                    session.secret.stored = true;
                    session.secret.expires_on = Some(expires_on);
                }
                registration.autoreg_incomplete = Some(incomplete);
                self.browser_url = None;
                self.autoreg_step = None;
            }
            Event::EntraPermissions {
                client_id,
                permissions,
            } => {
                session.registration.entra_check = Some(EntraCheck {
                    at: Utc::now(),
                    client_id,
                    permissions,
                });
                self.browser_url = None;
                self.last_success = Some(kind);
            }
            Event::Removed => {
                session.token = None;
                self.last_success = Some(kind);
            }
            Event::Failed(error) => {
                self.browser_url = None;
                self.last_error = Some((kind, error));
            }
        }
    }
}
