//! SQL Server as a detection source: the instances the admin named, searched by [`super::search`]
//! (Database Mail, the catalogue's known tables, the whole-database search of ticked databases).
//! It lives here, above `detect`, so that detection itself knows nothing of SQL Server: the scan
//! takes it as one more [`Source`].
//!
//! The source holds its requests (connection parameters with a password live only here, for
//! the length of the scan); an instance that cannot be reached is an error entry, never the end
//! of the scan.

use std::sync::atomic::AtomicBool;

use super::SqlError;
use super::search::{self, SearchRequest};
use crate::catalog::Catalog;
use crate::detect::platform::ScanTarget;
use crate::detect::{ProblemKind, ScanContext, ScanError, ScanReport, Source, SourceId};

pub struct SqlSource {
    pub requests: Vec<SearchRequest>,
}

impl Source for SqlSource {
    fn id(&self) -> SourceId {
        SourceId::Sql
    }

    fn scan(&self, cx: &mut ScanContext<'_>) {
        for request in &self.requests {
            if cx.cancelled() {
                return;
            }
            let progress = |p| cx.report_progress(p);
            let outcome = search::search_blocking(request, cx.catalog, cx.cancel, &progress);
            match outcome {
                Ok(outcome) => {
                    cx.report.findings.extend(outcome.findings);
                    cx.report.errors.extend(outcome.errors);
                }
                Err(SqlError::Cancelled) => return,
                Err(error) => cx.error(
                    SourceId::Sql,
                    &request.conn.label(),
                    ProblemKind::Sql {
                        problem: error.key().to_owned(),
                        detail: error.detail(),
                    },
                ),
            }
        }
    }
}

/// Scans a snapshot folder (or this server) with the default sources plus the SQL Server
/// instances of `requests`: the CLI's entry point for `overstap scan --sql`.
pub fn scan_blocking_with(
    target: &ScanTarget,
    catalog: &Catalog,
    requests: Vec<SearchRequest>,
) -> Result<ScanReport, ScanError> {
    let mut extra: Vec<Box<dyn Source>> = Vec::new();
    if !requests.is_empty() {
        extra.push(Box::new(SqlSource { requests }));
    }
    crate::detect::scan_blocking_with(target, catalog, extra)
}

/// The SQL Server part alone (`overstap scan --sql` on a computer that is not the Windows
/// server): every instance searched, the unreachable ones listed as errors.
pub fn scan_sql_only(requests: Vec<SearchRequest>, catalog: &Catalog) -> ScanReport {
    let cancel = AtomicBool::new(false);
    super::worker::search_all(&requests, catalog, &cancel, &|_| {}).unwrap_or_default()
}
