//! The UI side of the SQL Server work: finding instances, testing a connection, the
//! whole-database search. The app owns the jobs (not the Scan page) and drains them once per
//! frame, so a search finishes into the session while the admin is on another page, and taking
//! another session (import, resume) cancels a running search and forgets the last one's
//! findings: they belong to the session that started it.
//!
//! The search's findings join the session's scan report (replacing the SQL findings of an
//! earlier search) through `worker_news::take_sql_search`; when the files-and-registry scan runs
//! again afterwards, the last SQL findings are added back.

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::{DateTime, Utc};

use crate::catalog::Catalog;
use crate::detect::{Progress, ScanReport};
use crate::i18n::Localizer;
use crate::session::{ScanState, Session};
use crate::sql::discover::Instance;
use crate::sql::search::{SearchRequest, ServerInfo};
use crate::sql::worker::{SqlEvent, SqlJob, Wake};
use crate::sql::{ConnParams, SqlError};

/// How the last search ended.
pub enum SearchEnd {
    Done { findings: usize, errors: usize },
    Cancelled,
}

pub struct SqlJobs {
    wake: Wake,
    discovery: Option<SqlJob>,
    /// The instances found on this server, each with whether it is ticked for the search.
    pub instances: Option<Result<Vec<(Instance, bool)>, SqlError>>,
    testing: Option<SqlJob>,
    pub tested: Option<Result<ServerInfo, SqlError>>,
    /// Database name -> ticked for the whole-database search (of the tested instance).
    pub databases: BTreeMap<String, bool>,
    searching: Option<SqlJob>,
    progress: Option<Progress>,
    ended: Option<SearchEnd>,
    /// The last search's report, added back after a new files-and-registry scan.
    last: Option<ScanReport>,
    /// The scan (its finish time) the last report was merged into.
    merged_into: Option<DateTime<Utc>>,
    /// Why the last job could not even start (no thread).
    pub problem: Option<String>,
}

impl SqlJobs {
    pub fn new(wake: Wake) -> SqlJobs {
        SqlJobs {
            wake,
            discovery: None,
            instances: None,
            testing: None,
            tested: None,
            databases: BTreeMap::new(),
            searching: None,
            progress: None,
            ended: None,
            last: None,
            merged_into: None,
            problem: None,
        }
    }

    pub fn is_discovering(&self) -> bool {
        self.discovery.is_some()
    }

    pub fn is_testing(&self) -> bool {
        self.testing.is_some()
    }

    pub fn is_searching(&self) -> bool {
        self.searching.is_some()
    }

    pub fn progress(&self) -> Option<&Progress> {
        self.progress.as_ref()
    }

    pub fn ended(&self) -> Option<&SearchEnd> {
        self.ended.as_ref()
    }

    /// Looks for instances on this server (registry, then SQL Browser).
    pub fn discover(&mut self, browser_port: u16) {
        if self.discovery.is_some() {
            return;
        }
        match SqlJob::discover(Arc::clone(&self.wake), browser_port) {
            Ok(job) => self.discovery = Some(job),
            Err(e) => self.problem = Some(e.to_string()),
        }
    }

    /// Connects once and lists the databases.
    pub fn test(&mut self, params: ConnParams) {
        if self.testing.is_some() {
            return;
        }
        match SqlJob::test(params, Arc::clone(&self.wake)) {
            Ok(job) => {
                self.testing = Some(job);
                self.tested = None;
            }
            Err(e) => self.problem = Some(e.to_string()),
        }
    }

    pub fn search(&mut self, requests: Vec<SearchRequest>, catalog: &Catalog) {
        if self.searching.is_some() {
            return;
        }
        match SqlJob::search(requests, Arc::new(catalog.clone()), Arc::clone(&self.wake)) {
            Ok(job) => {
                self.searching = Some(job);
                self.progress = None;
                self.ended = None;
            }
            Err(e) => self.problem = Some(e.to_string()),
        }
    }

    /// Asks the running search to stop; its `Cancelled` arrives in a later frame.
    pub fn cancel_search(&self) {
        if let Some(job) = &self.searching {
            job.cancel();
        }
    }

    /// Another session takes over: the running search stops (what it still sends is dropped
    /// with its channel) and the last search's findings are not added to the new session.
    /// The instances and the tested connection describe this server, not a session: they stay.
    pub fn forget(&mut self) {
        if let Some(job) = self.searching.take() {
            job.cancel();
        }
        self.progress = None;
        self.ended = None;
        self.last = None;
        self.merged_into = None;
    }

    /// Takes what the workers sent since the last frame.
    pub fn drain(
        &mut self,
        session: &mut Session,
        catalog: &Catalog,
        l10n: &Localizer,
        now: DateTime<Utc>,
    ) {
        self.drain_discovery();
        self.drain_test();
        self.drain_search(session, catalog, l10n, now);
        // A files-and-registry scan finished after the last SQL search: add the SQL part back.
        if let (ScanState::Finished { at, .. }, Some(last)) = (&session.scan, &self.last)
            && Some(*at) != self.merged_into
            && self.searching.is_none()
        {
            let last = last.clone();
            self.merge(session, catalog, l10n, &last, now);
        }
    }

    fn drain_discovery(&mut self) {
        let Some(job) = &self.discovery else { return };
        for event in job.drain() {
            if let SqlEvent::Instances(found) = event {
                self.instances =
                    Some(found.map(|list| list.into_iter().map(|i| (i, true)).collect()));
                self.discovery = None;
                return;
            }
        }
    }

    fn drain_test(&mut self) {
        let Some(job) = &self.testing else { return };
        for event in job.drain() {
            if let SqlEvent::Tested(tested) = event {
                if let Ok(info) = &tested {
                    // Ticks survive a second test of the same instance.
                    let previous = std::mem::take(&mut self.databases);
                    self.databases = info
                        .databases
                        .iter()
                        .filter(|d| d.searchable())
                        .map(|d| {
                            let ticked = previous.get(&d.name).copied().unwrap_or(false);
                            (d.name.clone(), ticked)
                        })
                        .collect();
                }
                self.tested = Some(tested);
                self.testing = None;
                return;
            }
        }
    }

    fn drain_search(
        &mut self,
        session: &mut Session,
        catalog: &Catalog,
        l10n: &Localizer,
        now: DateTime<Utc>,
    ) {
        let Some(job) = &self.searching else { return };
        let mut finished = None;
        for event in job.drain() {
            match event {
                SqlEvent::Progress(p) => self.progress = Some(p),
                SqlEvent::Searched(report) => finished = Some(Some(report)),
                SqlEvent::Cancelled | SqlEvent::Tested(Err(_)) => finished = Some(None),
                _ => {}
            }
        }
        match finished {
            Some(Some(report)) => {
                self.searching = None;
                self.ended = Some(SearchEnd::Done {
                    findings: report.findings.len(),
                    errors: report.errors.len(),
                });
                self.merge(session, catalog, l10n, &report, now);
                self.last = Some(report);
            }
            Some(None) => {
                self.searching = None;
                self.ended = Some(SearchEnd::Cancelled);
            }
            None => {}
        }
    }

    fn merge(
        &mut self,
        session: &mut Session,
        catalog: &Catalog,
        l10n: &Localizer,
        sql: &ScanReport,
        now: DateTime<Utc>,
    ) {
        crate::worker_news::take_sql_search(session, catalog, sql, now, l10n);
        self.merged_into = Some(now);
    }
}
