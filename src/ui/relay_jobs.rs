//! The UI side of the relay panel: one action at a time, events drained once per frame in
//! `app.rs`. What the last test through the relay gave is kept here for the Summary.

use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::relay::control::{
    self, Action, Context, Event, PanelState, Request, Running, TestOutcome,
};

/// How often the panel reads the relay's state while it is on screen.
pub const REFRESH_EVERY: Duration = Duration::from_secs(3);

pub struct RelayJobs {
    context: Option<Context>,
    wake: Arc<dyn Fn() + Send + Sync>,
    running: Option<(Action, Running)>,
    refreshed_at: Option<Instant>,
    /// The relay as last read.
    pub state: Option<PanelState>,
    /// The last action other than a refresh, and how it ended.
    pub last: Option<(Action, Result<(), String>)>,
    /// The queue id of the test message being followed.
    pub accepted: Option<String>,
    /// How the last test through the relay ended (for the Summary too).
    pub test: Option<TestOutcome>,
}

impl RelayJobs {
    /// `context` is `None` where the relay has no folder (no data folder on this system).
    pub fn new(context: Option<Context>, wake: Arc<dyn Fn() + Send + Sync>) -> RelayJobs {
        RelayJobs {
            context,
            wake,
            running: None,
            refreshed_at: None,
            state: None,
            last: None,
            accepted: None,
            test: None,
        }
    }

    pub fn is_available(&self) -> bool {
        self.context.is_some()
    }

    /// Whether this system can install the relay as a service.
    pub fn has_service_manager(&self) -> bool {
        self.context
            .as_ref()
            .is_some_and(|c| c.service.is_available())
    }

    /// The action running now (not a refresh).
    pub fn busy(&self) -> Option<Action> {
        self.running
            .as_ref()
            .map(|(action, _)| *action)
            .filter(|a| *a != Action::Refresh)
    }

    pub fn start(&mut self, request: Request) {
        let Some(context) = &self.context else { return };
        if self.running.is_some() {
            return;
        }
        let action = request.kind();
        if action != Action::Refresh {
            self.last = None;
        }
        if action == Action::SendTest {
            self.test = None;
            self.accepted = None;
        }
        self.refreshed_at = Some(Instant::now());
        self.running = Some((
            action,
            control::start(request, context.clone(), Arc::clone(&self.wake)),
        ));
    }

    /// Reads the state again when it is older than a few seconds (the panel is on screen).
    pub fn refresh_if_stale(&mut self) {
        if self.running.is_none()
            && self
                .refreshed_at
                .is_none_or(|at| at.elapsed() >= REFRESH_EVERY)
        {
            self.start(Request::Refresh);
        }
    }

    /// Takes the worker's events; the relay's state and a finished test also go into the
    /// session, where the Summary reads them.
    pub fn drain(
        &mut self,
        session: &mut crate::session::Session,
        now: chrono::DateTime<chrono::Utc>,
    ) {
        let Some((_, running)) = &self.running else {
            return;
        };
        let (events, finished) = crate::jobs::drain(|| running.poll());
        for event in events {
            match event {
                Event::State(state) => {
                    crate::relay::record::observe(&mut session.relay, &state);
                    self.state = Some(*state);
                }
                Event::Done(action, result) => self.last = Some((action, result)),
                Event::Accepted(id) => self.accepted = Some(id),
                Event::Tested(outcome) => {
                    crate::relay::record::tested(&mut session.relay, &outcome, now);
                    self.test = Some(outcome);
                }
            }
        }
        if finished {
            self.running = None;
        }
    }
}
