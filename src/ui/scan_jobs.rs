//! The UI side of the scan: the app owns the running scan (not the Scan page), drains it once
//! per frame like the identity and mail workers, and hands a finished report to the session
//! through `worker_news::take_scan`. Taking another session (import, resume) cancels the scan, so a
//! result can only land in the session that started it.

use std::sync::Arc;

use chrono::{DateTime, Utc};

use crate::catalog::Catalog;
use crate::detect::platform::ScanTarget;
use crate::detect::worker::{ScanEvent, ScanJob, Wake};
use crate::detect::{Progress, ScanError};
use crate::i18n::Localizer;
use crate::session::Session;

/// How the last run ended when it left no report.
pub enum Ending {
    Cancelled,
    Failed(ScanError),
    NotStarted(String),
}

pub struct ScanJobs {
    job: Option<ScanJob>,
    /// The target of the running job, recorded in the session when it finishes.
    running_target: Option<ScanTarget>,
    progress: Option<Progress>,
    ending: Option<Ending>,
    wake: Wake,
    pace: std::time::Duration,
}

impl ScanJobs {
    /// `pace` slows each scanned file down (tests make cancelling observable with it).
    pub fn new(wake: Wake, pace: std::time::Duration) -> ScanJobs {
        ScanJobs {
            job: None,
            running_target: None,
            progress: None,
            ending: None,
            wake,
            pace,
        }
    }

    /// Slows the next scans down (the benchmark's long scan).
    pub fn set_pace(&mut self, pace: std::time::Duration) {
        self.pace = pace;
    }

    /// Starts a scan of `target` unless one runs.
    pub fn start(&mut self, target: ScanTarget, catalog: &Catalog) {
        if self.job.is_some() {
            return;
        }
        match ScanJob::start(
            target.clone(),
            Arc::new(catalog.clone()),
            Arc::clone(&self.wake),
            self.pace,
        ) {
            Ok(started) => {
                self.job = Some(started);
                self.running_target = Some(target);
                self.progress = None;
                self.ending = None;
            }
            Err(err) => self.ending = Some(Ending::NotStarted(err.to_string())),
        }
    }

    pub fn is_running(&self) -> bool {
        self.job.is_some()
    }

    pub fn is_cancelling(&self) -> bool {
        self.job.as_ref().is_some_and(ScanJob::is_cancelling)
    }

    /// Asks the running scan to stop; its `Cancelled` arrives in a later frame.
    pub fn cancel(&self) {
        if let Some(job) = &self.job {
            job.cancel();
        }
    }

    /// Another session takes over: the running scan stops and whatever it still sends is
    /// dropped with its channel, so it never lands in the new session.
    pub fn forget(&mut self) {
        if let Some(job) = self.job.take() {
            job.cancel();
        }
        self.running_target = None;
        self.progress = None;
        self.ending = None;
    }

    pub fn progress(&self) -> Option<&Progress> {
        self.progress.as_ref()
    }

    pub fn ending(&self) -> Option<&Ending> {
        self.ending.as_ref()
    }

    /// Takes what the worker sent since the last frame. `true` when a scan finished into the
    /// session (the caller plans again for the new report).
    pub fn drain(
        &mut self,
        session: &mut Session,
        catalog: &Catalog,
        l10n: &Localizer,
        now: DateTime<Utc>,
    ) -> bool {
        let Some(job) = self.job.as_ref() else {
            return false;
        };
        let mut finished = false;
        for event in job.drain() {
            match event {
                ScanEvent::Progress(p) => self.progress = Some(p),
                ScanEvent::Finished(report) => {
                    let source = self
                        .running_target
                        .take()
                        .map(|t| t.source())
                        .unwrap_or_default();
                    crate::worker_news::take_scan(session, catalog, &report, source, now, l10n);
                    finished = true;
                }
                ScanEvent::Cancelled => self.ending = Some(Ending::Cancelled),
                ScanEvent::Failed(error) => self.ending = Some(Ending::Failed(error)),
            }
            if finished || self.ending.is_some() {
                self.job = None;
                break;
            }
        }
        finished
    }
}
