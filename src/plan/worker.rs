//! Planning and writing off the UI thread: reading every file of a plan, backing up and writing
//! touch the disk (a slow share, a locked file), so they run on a named thread that reports
//! what happened over a channel; the page drains it once per frame.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, channel};

use chrono::{DateTime, Utc};

use crate::catalog::Catalog;
use crate::detect::ScanReport;
use crate::detect::ScanSource;
use crate::detect::platform::{Machine, ScanTarget};
use crate::plan::{self, ItemState, Plan};
use crate::writeback::{BackupStore, RealFs, RelayTarget};

/// What to do.
#[derive(Debug)]
pub enum Job {
    /// Make the plan for a scan, with this relay.
    Plan {
        report: ScanReport,
        target: ScanSource,
        relay: RelayTarget,
    },
    /// Write these items of the plan (indices into `plan.items`).
    Apply { plan: Plan, items: Vec<usize> },
    /// Undo these items.
    Undo { plan: Plan, items: Vec<usize> },
}

#[derive(Debug)]
pub enum Event {
    Planned(Plan),
    /// An item's new state (applied, undone, failed with its reason); `error` when an undo was
    /// refused (the item stays applied): a message id and the detail.
    Item {
        index: usize,
        state: ItemState,
        error: Option<(String, String)>,
    },
    /// The job could not start at all (no such snapshot, no Windows here); a message id.
    Failed {
        message: String,
        detail: String,
    },
}

pub struct Running {
    events: Receiver<Event>,
}

impl Running {
    /// Everything the job sent since the last call, and whether it has finished.
    pub fn drain(&self) -> (Vec<Event>, bool) {
        crate::jobs::drain(|| match self.events.try_recv() {
            Ok(event) => Ok(Some(event)),
            Err(std::sync::mpsc::TryRecvError::Empty) => Ok(None),
            Err(std::sync::mpsc::TryRecvError::Disconnected) => Err(()),
        })
    }
}

/// The machine a plan's target names.
pub fn machine_of(target: &ScanSource) -> Result<Machine, crate::detect::ScanError> {
    let target = match target {
        ScanSource::ThisServer => ScanTarget::ThisServer,
        ScanSource::Snapshot { path, registry } => ScanTarget::Snapshot {
            root: PathBuf::from(path),
            registry: registry.as_ref().map(PathBuf::from),
        },
    };
    Machine::open(&target)
}

/// Where a plan's backups go: under `root` when given (tests, a partner's choice), the
/// machine-wide backup folder otherwise.
pub fn store_for(plan: &Plan, root: Option<&std::path::Path>) -> Option<BackupStore> {
    match root {
        Some(root) => Some(BackupStore::at(root.join(&plan.id))),
        None => BackupStore::for_session(&plan.id),
    }
}

/// Starts a job on the `overstap-writeback` thread. `wake` asks the UI to look at the events.
pub fn start(
    job: Job,
    catalog: Arc<Catalog>,
    backup_root: Option<PathBuf>,
    now: DateTime<Utc>,
    wake: Arc<dyn Fn() + Send + Sync>,
) -> std::io::Result<Running> {
    let (sender, events) = channel();
    std::thread::Builder::new()
        .name("overstap-writeback".into())
        .spawn(move || {
            let send = |event: Event| {
                if sender.send(event).is_ok() {
                    wake();
                }
            };
            let ran = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                run(job, &catalog, backup_root.as_deref(), now, &send)
            }));
            if let Err(payload) = ran {
                send(Event::Failed {
                    message: "wb-error-io".into(),
                    detail: crate::jobs::panic_text(payload.as_ref()),
                });
            }
        })?;
    Ok(Running { events })
}

fn run(
    job: Job,
    catalog: &Catalog,
    backup_root: Option<&std::path::Path>,
    now: DateTime<Utc>,
    send: &dyn Fn(Event),
) {
    let target = match &job {
        Job::Plan { target, .. } => target.clone(),
        Job::Apply { plan, .. } | Job::Undo { plan, .. } => plan.target.clone(),
    };
    let machine = match machine_of(&target) {
        Ok(machine) => machine,
        Err(error) => {
            send(Event::Failed {
                message: "wb-error-no-machine".into(),
                detail: error.to_string(),
            });
            return;
        }
    };
    match job {
        Job::Plan {
            report,
            target,
            relay,
        } => send(Event::Planned(plan::build(
            &report, catalog, &machine, target, &relay, now,
        ))),
        Job::Apply { mut plan, items } => {
            let Some(store) = store_for(&plan, backup_root) else {
                send(Event::Failed {
                    message: "wb-error-backup".into(),
                    detail: "no folder for backups".into(),
                });
                return;
            };
            let fs = RealFs::new();
            let relay = plan.relay.clone();
            for index in items {
                let Some(item) = plan.items.get_mut(index) else {
                    continue;
                };
                // The outcome is in the item's state either way (applied, or failed with why).
                let _ = plan::apply_item(item, &relay, &machine, &fs, &store, catalog, now);
                send(Event::Item {
                    index,
                    state: item.state.clone(),
                    error: None,
                });
            }
        }
        Job::Undo { mut plan, items } => {
            let Some(store) = store_for(&plan, backup_root) else {
                return;
            };
            let fs = RealFs::new();
            for index in items {
                let Some(item) = plan.items.get_mut(index) else {
                    continue;
                };
                let error = plan::undo_item(item, &fs, &store, now)
                    .err()
                    .map(|e| (e.message_id().to_owned(), e.to_string()));
                send(Event::Item {
                    index,
                    state: item.state.clone(),
                    error,
                });
            }
        }
    }
}
