//! The UI side of planning and writing changes: one job at a time, its events drained once per
//! frame in `app.rs` and written into the session there (the plan, each item's state, and the
//! checklist row of the application it belongs to).

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use chrono::{DateTime, Utc};

use crate::catalog::Catalog;
use crate::i18n::Localizer;
use crate::plan::worker::{self, Event, Job, Running};
use crate::plan::{ItemState, Route};
use crate::session::{ScanState, Session};
use crate::writeback::RelayTarget;

pub struct ChangeJobs {
    catalog: Arc<Catalog>,
    backup_root: Option<PathBuf>,
    restarter: Arc<dyn crate::platform::Restarter>,
    wake: Arc<dyn Fn() + Send + Sync>,
    running: Option<Running>,
    /// The restarts asked for, per plan item: running, or how they ended.
    pub restarts: BTreeMap<usize, RestartState>,
    /// Why the last job could not run: a message id and the detail.
    pub problem: Option<(String, String)>,
    /// Why an undo of an item was refused, per item index.
    pub refused: BTreeMap<usize, (String, String)>,
}

impl ChangeJobs {
    pub fn new(
        catalog: Arc<Catalog>,
        backup_root: Option<PathBuf>,
        restarter: Arc<dyn crate::platform::Restarter>,
        wake: Arc<dyn Fn() + Send + Sync>,
    ) -> ChangeJobs {
        ChangeJobs {
            catalog,
            backup_root,
            restarter,
            wake,
            running: None,
            restarts: BTreeMap::new(),
            problem: None,
            refused: BTreeMap::new(),
        }
    }

    pub fn is_running(&self) -> bool {
        self.running.is_some()
    }

    /// Whether this system can restart services from the page (Windows).
    pub fn can_restart(&self) -> bool {
        self.restarter.is_available()
    }

    /// Restarts what item `index` needs restarted, on its own thread: a service may take many
    /// seconds to stop and start.
    pub fn restart(&mut self, index: usize, what: crate::platform::Restart) {
        if matches!(self.restarts.get(&index), Some(RestartState::Running(_))) {
            return;
        }
        let (sender, receiver) = std::sync::mpsc::channel();
        let restarter = Arc::clone(&self.restarter);
        let wake = Arc::clone(&self.wake);
        let spawned = std::thread::Builder::new()
            .name("overstap-restart".into())
            .spawn(move || {
                let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    restarter.restart(&what)
                }))
                .unwrap_or_else(|_| Err("the restart stopped unexpectedly".into()));
                let _ = sender.send(result);
                wake();
            });
        let state = match spawned {
            Ok(_) => RestartState::Running(receiver),
            Err(error) => RestartState::Done(Err(error.to_string())),
        };
        self.restarts.insert(index, state);
    }

    /// Where the backups of the session's plan are kept.
    pub fn backup_dir(&self, session: &Session) -> Option<PathBuf> {
        let plan = session.plan.as_ref()?;
        worker::store_for(plan, self.backup_root.as_deref()).map(|s| s.dir().to_path_buf())
    }

    fn start(&mut self, job: Job, now: DateTime<Utc>) {
        if self.running.is_some() {
            return;
        }
        self.problem = None;
        match worker::start(
            job,
            Arc::clone(&self.catalog),
            self.backup_root.clone(),
            now,
            Arc::clone(&self.wake),
        ) {
            Ok(running) => self.running = Some(running),
            Err(error) => self.problem = Some(("wb-error-io".into(), error.to_string())),
        }
    }

    /// Plans the changes for the session's scan with `relay`.
    pub fn plan(&mut self, session: &Session, relay: RelayTarget, now: DateTime<Utc>) {
        let ScanState::Finished { source, .. } = &session.scan else {
            return;
        };
        self.refused.clear();
        self.start(
            Job::Plan {
                report: session.scan_report.clone(),
                target: source.clone(),
                relay,
            },
            now,
        );
    }

    pub fn apply(&mut self, session: &Session, items: Vec<usize>, now: DateTime<Utc>) {
        if let Some(plan) = &session.plan {
            self.start(
                Job::Apply {
                    plan: plan.clone(),
                    items,
                },
                now,
            );
        }
    }

    pub fn undo(&mut self, session: &Session, items: Vec<usize>, now: DateTime<Utc>) {
        if let Some(plan) = &session.plan {
            for index in &items {
                self.refused.remove(index);
            }
            self.start(
                Job::Undo {
                    plan: plan.clone(),
                    items,
                },
                now,
            );
        }
    }

    /// Takes the job's events into the session.
    pub fn drain(&mut self, session: &mut Session, l10n: &Localizer) {
        for state in self.restarts.values_mut() {
            if let RestartState::Running(receiver) = state {
                match receiver.try_recv() {
                    Ok(result) => *state = RestartState::Done(result),
                    Err(std::sync::mpsc::TryRecvError::Empty) => {}
                    Err(std::sync::mpsc::TryRecvError::Disconnected) => {
                        *state = RestartState::Done(Err("the restart stopped unexpectedly".into()))
                    }
                }
            }
        }
        let Some(running) = &self.running else {
            return;
        };
        let (events, finished) = running.drain();
        for event in events {
            match event {
                Event::Planned(plan) => session.plan = Some(plan),
                Event::Item {
                    index,
                    state,
                    error,
                } => {
                    if let Some(error) = error {
                        self.refused.insert(index, error);
                    }
                    crate::worker_news::take_item_state(session, &self.catalog, index, state, l10n);
                }
                Event::Failed { message, detail } => self.problem = Some((message, detail)),
            }
        }
        if finished {
            self.running = None;
        }
    }
}

/// A restart asked for from the page.
pub enum RestartState {
    Running(std::sync::mpsc::Receiver<Result<(), String>>),
    /// `Err` carries what Windows said.
    Done(Result<(), String>),
}

/// The items of the plan Overstap can write, that are still to be written.
pub fn writable(session: &Session, app: Option<&str>) -> Vec<usize> {
    session
        .plan
        .as_ref()
        .map(|plan| {
            plan.items
                .iter()
                .enumerate()
                .filter(|(_, i)| {
                    i.route == Route::WriteFile
                        && app.is_none_or(|a| i.app == a)
                        && !matches!(i.state, ItemState::Applied { .. })
                })
                .map(|(index, _)| index)
                .collect()
        })
        .unwrap_or_default()
}
