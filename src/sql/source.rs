//! SQL Server as a detection source: the instances the admin named, searched by `crate::sql`
//! (Database Mail, the catalogue's known tables, the whole-database search of ticked databases).
//!
//! The source holds its requests (connection parameters with a password live only here, for
//! the length of the scan); an instance that cannot be reached is an error entry, never the end
//! of the scan.

use super::{ProblemKind, ScanContext, Source, SourceId};
use crate::sql::SqlError;
use crate::sql::search::{self, SearchRequest};

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
