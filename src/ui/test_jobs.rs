//! The UI side of a test send: one at a time, events drained once per frame in `app.rs` and
//! written into the session there.

use std::sync::Arc;

use chrono::{DateTime, Utc};

use crate::identity::IdentityError;
use crate::mailtest::Route;
use crate::mailtest::worker::{self, MailConfig, RunningTest, TestEvent, TestRequest};
use crate::session::{Session, StepState};

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
        // A new test replaces the old verdict: done again only if this one succeeds.
        if matches!(session.test_send.state, StepState::Done { .. }) {
            session.test_send.state = StepState::Open;
        }
        session
            .test_send
            .results
            .retain(|result| !request.routes.contains(&result.route));
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
                TestEvent::Finished(result) => session.test_send.results.push(result),
                TestEvent::TokenFailed(route, error) => self.token_errors.push((route, error)),
            }
        }
        if finished {
            self.running = None;
            self.current = None;
            let all_ok = !self.routes.is_empty()
                && self.token_errors.is_empty()
                && self.routes.iter().all(|route| {
                    session
                        .test_send
                        .results
                        .iter()
                        .any(|r| r.route == *route && r.outcome.is_ok())
                });
            if all_ok {
                session.test_send.state = StepState::Done { at: now };
            }
        }
    }
}
