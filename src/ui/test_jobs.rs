//! The UI side of a test send: one at a time, events drained once per frame in `app.rs` and
//! taken into the session by `worker_news`.

use std::sync::Arc;

use chrono::{DateTime, Utc};

use crate::identity::IdentityError;
use crate::mailtest::Route;
use crate::mailtest::worker::{self, MailConfig, RunningTest, TestEvent, TestRequest};
use crate::session::Session;

pub struct MailTests {
    config: MailConfig,
    wake: Arc<dyn Fn() + Send + Sync>,
    running: Option<RunningTest>,
    routes: Vec<Route>,
    /// The route being tried now.
    pub current: Option<Route>,
    /// Routes that got no token, with the identity error that explains why.
    pub token_errors: Vec<(Route, IdentityError)>,
}

impl MailTests {
    pub fn new(config: MailConfig, wake: Arc<dyn Fn() + Send + Sync>) -> MailTests {
        MailTests {
            config,
            wake,
            running: None,
            routes: Vec::new(),
            current: None,
            token_errors: Vec::new(),
        }
    }

    pub fn is_running(&self) -> bool {
        self.running.is_some()
    }

    pub fn start(&mut self, request: TestRequest, session: &mut Session) {
        if self.running.is_some() {
            return;
        }
        self.routes = request.routes.clone();
        self.token_errors.clear();
        crate::worker_news::begin_test(session, &request.routes);
        self.running = Some(worker::start(
            request,
            self.config.clone(),
            Arc::clone(&self.wake),
        ));
    }

    /// Stops at once; a network call under way finishes in the background, unheard.
    pub fn cancel(&mut self) {
        if let Some(running) = self.running.take() {
            running.cancel();
            self.current = None;
        }
    }

    /// `now` dates a passed test (the app's clock).
    pub fn drain(&mut self, session: &mut Session, now: DateTime<Utc>) {
        let Some(running) = &self.running else { return };
        let (events, finished) = crate::jobs::drain(|| running.poll());
        for event in events {
            match event {
                TestEvent::Started(route) => self.current = Some(route),
                TestEvent::Finished(result) => {
                    crate::worker_news::take_test_result(session, result)
                }
                TestEvent::TokenFailed(route, error) => self.token_errors.push((route, error)),
            }
        }
        if finished {
            self.running = None;
            self.current = None;
            let token_failed = !self.token_errors.is_empty();
            crate::worker_news::finish_test(session, &self.routes, token_failed, now);
        }
    }
}
