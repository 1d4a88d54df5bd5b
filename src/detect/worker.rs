//! The scan as a background job: a named thread runs the sources and reports progress, the
//! result or its failure over a channel; a shared flag cancels it within a second.
//!
//! The UI never waits for it: it drains the events once per frame. `wake` (the UI passes an egui
//! repaint request) is called after every event, so the window repaints only when there is news.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::time::{Duration, Instant};

use super::platform::{Machine, ScanTarget};
use super::{Progress, ScanError, ScanReport, default_sources, run_scan};
use crate::catalog::Catalog;

/// What the worker tells the page.
#[derive(Debug)]
pub enum ScanEvent {
    Progress(Progress),
    /// Finished; the report is sorted.
    Finished(ScanReport),
    /// Stopped by the admin; nothing to keep.
    Cancelled,
    /// Nothing could be scanned at all (no Windows here, no such folder).
    Failed(ScanError),
}

/// Asks the UI to look at the events; called from the worker thread.
pub type Wake = Arc<dyn Fn() + Send + Sync>;

/// A running scan.
pub struct ScanJob {
    events: Receiver<ScanEvent>,
    cancel: Arc<AtomicBool>,
}

/// Progress events closer together than this are dropped (the last one of a burst still shows
/// within this time), so a fast walk does not flood the UI.
const PROGRESS_INTERVAL: Duration = Duration::from_millis(50);

impl ScanJob {
    /// Starts the scan on a thread named `overstap-scan`. `pace` slows each file down (tests).
    pub fn start(
        target: ScanTarget,
        catalog: Arc<Catalog>,
        wake: Wake,
        pace: Duration,
    ) -> std::io::Result<ScanJob> {
        let (sender, events) = channel();
        let cancel = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&cancel);
        std::thread::Builder::new()
            .name("overstap-scan".into())
            .spawn(move || {
                // The page waits for an event: a panic anywhere (the registry export is parsed
                // here) must still end in one, never in silence.
                let ran = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    run(target, &catalog, &flag, &sender, &wake, pace)
                }));
                if ran.is_err() && sender.send(ScanEvent::Failed(internal_error())).is_ok() {
                    wake();
                }
            })?;
        Ok(ScanJob { events, cancel })
    }

    /// Asks the scan to stop; a `Cancelled` event follows.
    pub fn cancel(&self) {
        self.cancel.store(true, Ordering::Relaxed);
    }

    pub fn is_cancelling(&self) -> bool {
        self.cancel.load(Ordering::Relaxed)
    }

    /// Every event that arrived since the last call, without waiting.
    pub fn drain(&self) -> Vec<ScanEvent> {
        self.events.try_iter().collect()
    }

    /// Waits for the next event (CLI and tests).
    pub fn recv_timeout(&self, timeout: Duration) -> Option<ScanEvent> {
        self.events.recv_timeout(timeout).ok()
    }
}

fn internal_error() -> ScanError {
    ScanError {
        source_id: super::SourceId::Machine,
        path: String::new(),
        kind: super::ProblemKind::Internal {
            detail: "the scan stopped".into(),
        },
    }
}

fn run(
    target: ScanTarget,
    catalog: &Catalog,
    cancel: &AtomicBool,
    sender: &Sender<ScanEvent>,
    wake: &Wake,
    pace: Duration,
) {
    let send = |event: ScanEvent| {
        // The page may have gone away (window closed): nobody to tell, nothing to do.
        if sender.send(event).is_ok() {
            wake();
        }
    };
    let machine = match Machine::open(&target) {
        Ok(machine) => machine,
        Err(error) => {
            send(ScanEvent::Failed(error));
            return;
        }
    };
    let last = std::sync::Mutex::new(Instant::now() - PROGRESS_INTERVAL);
    let sender = std::sync::Mutex::new(sender.clone());
    let progress = |p: Progress| {
        let Ok(mut last) = last.lock() else { return };
        if last.elapsed() < PROGRESS_INTERVAL {
            return;
        }
        *last = Instant::now();
        if let Ok(sender) = sender.lock()
            && sender.send(ScanEvent::Progress(p)).is_ok()
        {
            wake();
        }
    };
    let result = run_scan(
        &machine,
        catalog,
        &default_sources(),
        cancel,
        &progress,
        pace,
    );
    match result {
        Some(report) => send(ScanEvent::Finished(report)),
        None => send(ScanEvent::Cancelled),
    }
}
