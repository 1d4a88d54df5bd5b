//! The SQL jobs of the Scan page, each on its own named thread with its own runtime: find the
//! instances, test a connection, search. Events come back over a channel; `wake` (an egui
//! repaint request) follows each one, and the page drains them once per frame.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::time::{Duration, Instant};

use super::discover::{self, Instance};
use super::search::{self, SearchRequest, ServerInfo};
use super::{ConnParams, SqlError};
use crate::catalog::Catalog;
use crate::detect::{Progress, ScanReport};

/// Asks the UI to look at the events; called from the worker thread.
pub type Wake = Arc<dyn Fn() + Send + Sync>;

/// What a job tells the page.
#[derive(Debug)]
pub enum SqlEvent {
    Instances(Result<Vec<Instance>, SqlError>),
    Tested(Result<ServerInfo, SqlError>),
    Progress(Progress),
    /// The search ended; instances that could not be searched are error entries in it.
    Searched(ScanReport),
    Cancelled,
}

/// A running job.
pub struct SqlJob {
    events: Receiver<SqlEvent>,
    cancel: Arc<AtomicBool>,
}

const PROGRESS_INTERVAL: Duration = Duration::from_millis(50);

fn spawn(
    wake: Wake,
    work: impl FnOnce(&(dyn Fn(SqlEvent) + Sync), &AtomicBool) + Send + 'static,
) -> std::io::Result<SqlJob> {
    let (sender, events): (Sender<SqlEvent>, _) = channel();
    let cancel = Arc::new(AtomicBool::new(false));
    let flag = Arc::clone(&cancel);
    std::thread::Builder::new()
        .name("overstap-sql".into())
        .spawn(move || {
            let send = |event: SqlEvent| {
                // The page may be gone (window closed): nobody to tell.
                if sender.send(event).is_ok() {
                    wake();
                }
            };
            let ran = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| work(&send, &flag)));
            if ran.is_err() {
                send(SqlEvent::Tested(Err(SqlError::Protocol {
                    detail: "the SQL job stopped".into(),
                })));
            }
        })?;
    Ok(SqlJob { events, cancel })
}

impl SqlJob {
    /// The instances on this server: its registry (Windows), else SQL Browser on `localhost`.
    pub fn discover(wake: Wake, browser_port: u16) -> std::io::Result<SqlJob> {
        spawn(wake, move |send, _| {
            let registry: Box<dyn crate::detect::platform::Registry> =
                match crate::detect::platform::Machine::open(
                    &crate::detect::platform::ScanTarget::ThisServer,
                ) {
                    Ok(machine) => machine.registry,
                    Err(_) => Box::new(crate::detect::platform::EmptyRegistry),
                };
            let found = match super::block_on(discover::discover(
                registry.as_ref(),
                "localhost",
                browser_port,
            ))
            .and_then(|r| r)
            {
                // No instance in the registry and no SQL Browser answering: none here.
                Err(SqlError::ServerNotFound { .. }) => Ok(Vec::new()),
                other => other,
            };
            send(SqlEvent::Instances(found));
        })
    }

    /// Connects and lists the databases.
    pub fn test(params: ConnParams, wake: Wake) -> std::io::Result<SqlJob> {
        spawn(wake, move |send, _| {
            let tested = super::block_on(search::test_connection(&params)).and_then(|r| r);
            send(SqlEvent::Tested(tested));
        })
    }

    /// Searches every instance in turn.
    pub fn search(
        requests: Vec<SearchRequest>,
        catalog: Arc<Catalog>,
        wake: Wake,
    ) -> std::io::Result<SqlJob> {
        spawn(wake, move |send, cancel| {
            let last = std::sync::Mutex::new(Instant::now() - PROGRESS_INTERVAL);
            let progress = |p: Progress| {
                let Ok(mut last) = last.lock() else { return };
                if last.elapsed() >= PROGRESS_INTERVAL {
                    *last = Instant::now();
                    send(SqlEvent::Progress(p));
                }
            };
            match search_all(&requests, &catalog, cancel, &progress) {
                Some(report) => send(SqlEvent::Searched(report)),
                None => send(SqlEvent::Cancelled),
            }
        })
    }

    pub fn cancel(&self) {
        self.cancel.store(true, Ordering::Relaxed);
    }

    pub fn is_cancelling(&self) -> bool {
        self.cancel.load(Ordering::Relaxed)
    }

    pub fn drain(&self) -> Vec<SqlEvent> {
        self.events.try_iter().collect()
    }

    pub fn recv_timeout(&self, timeout: Duration) -> Option<SqlEvent> {
        self.events.recv_timeout(timeout).ok()
    }
}

/// Searches every instance; one that cannot be reached is an error entry. `None`: cancelled.
pub fn search_all(
    requests: &[SearchRequest],
    catalog: &Catalog,
    cancel: &AtomicBool,
    progress: &(dyn Fn(Progress) + Sync),
) -> Option<ScanReport> {
    let mut report = ScanReport::default();
    for request in requests {
        match search::search_blocking(request, catalog, cancel, progress) {
            Ok(outcome) => {
                report.findings.extend(outcome.findings);
                report.errors.extend(outcome.errors);
            }
            Err(SqlError::Cancelled) => return None,
            Err(error) => report.errors.push(crate::detect::ScanError {
                source_id: crate::detect::SourceId::Sql,
                path: request.conn.label(),
                kind: crate::detect::ProblemKind::Sql {
                    problem: error.key().to_owned(),
                    detail: error.detail(),
                },
            }),
        }
        if cancel.load(Ordering::Relaxed) {
            return None;
        }
    }
    report.normalise();
    Some(report)
}
