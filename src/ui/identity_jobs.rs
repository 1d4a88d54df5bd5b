//! The UI side of identity jobs: at most one runs at a time; its events are drained once per
//! frame in `app.rs` and applied to the session there. Pages only start and cancel.
//!
//! Everything handed to the browser passes `open_url` here, which opens only https pages of
//! Microsoft's sign-in and admin portal hosts (`identity::trust`); anything else is refused with
//! an error on screen and never reaches the shell.

use std::sync::Arc;

use chrono::{DateTime, Utc};

use crate::identity::IdentityError;
use crate::identity::flows::DeviceCodePrompt;
use crate::identity::worker::{self, Event, IdentityConfig, Job, Running};
use crate::session::Session;
use crate::worker_news::IdentityNews;

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

/// Hands a URL (or a file Overstap saved) to the system; tests replace it with a scripted
/// browser. Only `IdentityJobs::open_url` and `open_saved_file` call it.
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
    /// A link on a page that was not opened, and why; shown above the page.
    pub refused_link: Option<IdentityError>,
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
            refused_link: None,
        }
    }

    /// Opens a link of a page (a portal deep link) in the browser, if it is one of Microsoft's
    /// sign-in or admin pages; otherwise says why not, above the page.
    pub fn open_url(&mut self, url: &str) {
        match self.checked(url) {
            Ok(url) => {
                self.refused_link = None;
                (self.open_url)(&url);
            }
            Err(error) => self.refused_link = Some(error),
        }
    }

    /// Opens a file or folder Overstap itself just saved (the report, the scripts folder).
    pub fn open_saved_file(&self, path: &std::path::Path) {
        // Only absolute paths: a relative one would be resolved by the shell, not by us.
        if path.is_absolute() {
            (self.open_url)(&path.display().to_string());
        }
    }

    fn checked(&self, url: &str) -> Result<String, IdentityError> {
        self.config
            .authority
            .check_browser_url(url)
            .map(|url| url.to_string())
            .map_err(|untrusted| IdentityError::UrlRefused(untrusted.to_string()))
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
    /// `now` dates what the events settle (the app's clock).
    pub fn drain(&mut self, session: &mut Session, now: DateTime<Utc>) {
        let Some((kind, running)) = &self.running else {
            return;
        };
        let kind = *kind;
        let (events, finished) = crate::jobs::drain(|| running.poll());
        for event in events {
            self.apply(kind, event, session, now);
        }
        if finished {
            self.running = None;
            self.device_code = None;
        }
    }

    fn apply(&mut self, kind: JobKind, event: Event, session: &mut Session, now: DateTime<Utc>) {
        let holder = crate::session::SecretHolder::of(&self.config.store.location());
        match crate::worker_news::take_identity(session, event, now, holder) {
            IdentityNews::Session { success } => {
                self.browser_url = None;
                self.autoreg_step = None;
                if success {
                    self.last_success = Some(kind);
                }
            }
            IdentityNews::ForTheUi(Event::OpenBrowser { url }) => match self.checked(&url) {
                Ok(url) => {
                    (self.open_url)(&url);
                    self.browser_url = Some(url);
                }
                Err(error) => {
                    // Not even shown for copying: the admin would open it by hand.
                    self.last_error = Some((kind, error));
                    if let Some((_, running)) = &self.running {
                        running.cancel();
                    }
                }
            },
            IdentityNews::ForTheUi(Event::DeviceCode(prompt)) => self.device_code = Some(prompt),
            IdentityNews::ForTheUi(Event::AutoRegStep(step)) => self.autoreg_step = Some(step),
            IdentityNews::ForTheUi(Event::Failed(error)) => {
                self.browser_url = None;
                // A refused URL cancelled the job; its "cancelled" is not the news.
                let refused = matches!(self.last_error, Some((_, IdentityError::UrlRefused(_))));
                if !(refused && matches!(error, IdentityError::Cancelled)) {
                    self.last_error = Some((kind, error));
                }
            }
            // Every other event is the session's (`worker_news::take_identity`).
            IdentityNews::ForTheUi(_) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Mutex;
    use std::time::Duration;

    use super::*;
    use crate::identity::Authority;
    use crate::identity::loopback::BrowserPages;

    fn jobs(opened: Arc<Mutex<Vec<String>>>) -> IdentityJobs {
        IdentityJobs::new(
            IdentityConfig {
                authority: Authority::default(),
                browser_timeout: Duration::from_secs(1),
                pages: BrowserPages {
                    success: String::new(),
                    failure: String::new(),
                    wrong_state: String::new(),
                },
                store: Arc::new(crate::secrets::MemoryStore::default()),
            },
            Arc::new(move |url: &str| opened.lock().expect("opened").push(url.to_owned())),
            Arc::new(|| {}),
        )
    }

    #[test]
    fn only_microsoft_pages_reach_the_shell() {
        let opened = Arc::new(Mutex::new(Vec::new()));
        let mut jobs = jobs(Arc::clone(&opened));
        let mut session = Session::default();
        for hostile in [
            "javascript:alert(1)",
            "file:///C:/Windows/System32/calc.exe",
            "https://evil.example/oauth2/v2.0/authorize",
            "http://login.microsoftonline.com/t/oauth2/v2.0/authorize",
            "C:\\Windows\\System32\\calc.exe",
        ] {
            jobs.apply(
                JobKind::SignIn,
                Event::OpenBrowser {
                    url: hostile.to_owned(),
                },
                &mut session,
                chrono::DateTime::UNIX_EPOCH,
            );
            assert!(
                matches!(jobs.last_error, Some((_, IdentityError::UrlRefused(_)))),
                "{hostile}"
            );
            assert_eq!(jobs.browser_url, None, "{hostile}: not even shown");
            jobs.open_url(hostile);
            assert!(jobs.refused_link.is_some(), "{hostile}");
        }
        assert!(opened.lock().expect("opened").is_empty());

        let entra =
            "https://entra.microsoft.com/#view/Microsoft_AAD_RegisteredApps/ApplicationsListBlade";
        jobs.open_url(entra);
        assert_eq!(jobs.refused_link.as_ref().map(|e| e.to_string()), None);
        let authorize = "https://login.microsoftonline.com/t/oauth2/v2.0/authorize?client_id=c";
        jobs.apply(
            JobKind::SignIn,
            Event::OpenBrowser {
                url: authorize.to_owned(),
            },
            &mut session,
            chrono::DateTime::UNIX_EPOCH,
        );
        assert_eq!(*opened.lock().expect("opened"), [entra, authorize]);
        assert_eq!(jobs.browser_url.as_deref(), Some(authorize));
    }
}
