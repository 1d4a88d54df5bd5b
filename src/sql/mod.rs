//! SQL Server: where mail settings live in databases, and how to change them safely.
//!
//! Exact Globe and Synergy, their add-ons, ELIS and BPA Platform keep mail settings in SQL Server,
//! and on almost every server with SQL Server, **Database Mail** sends SQL Agent alerts through an
//! SMTP account, often `smtp.office365.com` with a password (Database Mail cannot do OAuth). This
//! module finds those settings and, for write-back, changes them one row at a time.
//!
//! Built on the `tiberius` TDS driver (README, "SQL Server driver", says why this crate). All I/O
//! is async on a tokio runtime that lives on the calling worker thread ([`block_on`]); the UI
//! never calls in here directly (`worker.rs` runs the jobs and reports over a channel).
//!
//! # Parts
//! - [`conn`]: connection parameters (`server\instance` or `host,port`, SQL login or Windows
//!   integrated authentication, encryption on by default, "trust server certificate" only when
//!   asked), connect with deadlines, and [`SqlError`], the one error type, explained in Dutch and
//!   English by [`SqlError::localize`]. The password is a `SecretString`: never logged, never in a
//!   session, report or `Debug` output.
//! - [`browser`] and [`discover`]: the instances on a server, from the registry
//!   (`Instance Names\SQL`, TCP ports from `SuperSocketNetLib\Tcp\IPAll`) and SQL Browser
//!   (UDP 1434) as a fallback.
//! - [`search`]: per instance, Database Mail (`msdb.dbo.sysmail_*`), the catalogue's known tables
//!   (`[[detect.sql]]` in `assets/catalog`) and the whole-database search of the databases the
//!   admin ticks. Read-only (`READ UNCOMMITTED`, so no shared locks are held), one round trip per
//!   table (or per group of 100 text columns), patterns as parameters, identifiers quoted by
//!   [`ident::quote_name`] (SQL Server's `QUOTENAME` rule), progress per table and cancel within a
//!   second (an attention is sent, the query dropped).
//! - [`update`]: the write-back API.
//!
//! # Write-back API (for `writeback`)
//! - [`update::update_cell`]`(params, location, expected_old, new, save_backup)` changes one cell,
//!   addressed by a [`crate::detect::Location::Database`] whose `row_key` names the primary key
//!   (`id=42`, `a=1; b=x`). In one transaction: the row is read under `UPDLOCK, HOLDLOCK`; when
//!   the value is not `expected_old` any more the change is refused ([`SqlError::Changed`],
//!   optimistic check); the [`update::BeforeImage`] is handed to `save_backup` **before** the
//!   `UPDATE` (an error there rolls back); the `UPDATE` repeats the old value in its `WHERE`; the
//!   row is read again inside the transaction and after the commit (verify,
//!   [`SqlError::VerifyFailed`]).
//! - [`update::restore`]`(params, before)` puts the before-image back with the same checks (it
//!   refuses when someone changed the cell after write-back).
//! - [`update::update_dbmail_account`]`(params, account_id, expected, change, save_backup)` calls
//!   `msdb.dbo.sysmail_update_account_sp` as a parameterised RPC, passing every argument that has
//!   no default from the current row, and [`update::restore_dbmail_account`] undoes it. The
//!   account's password is stored encrypted by SQL Server and is never read: a change that keeps
//!   the user name passes no password (the stored credential stays as it is); undo of a change
//!   that removed the user name needs the password again (see the function's docs).
//!
//! Everything is synchronous from the caller's point of view (a runtime per call, on the caller's
//! thread): call it from a worker thread, never from `ui()`.

pub mod browser;
pub mod conn;
pub mod discover;
pub mod ident;
pub mod search;
pub mod source;
pub mod update;
pub mod worker;

pub use conn::{Auth, ConnParams, ServerName, SqlError};

use std::future::Future;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

/// How often a waiting query looks at the cancel flag.
const CANCEL_POLL: Duration = Duration::from_millis(50);

/// Runs `future` to the end on a fresh single-threaded tokio runtime on this thread.
pub fn block_on<F: Future>(future: F) -> Result<F::Output, SqlError> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_io()
        .enable_time()
        .build()
        .map_err(|e| SqlError::Connection {
            detail: format!("no async runtime: {e}"),
        })?;
    Ok(runtime.block_on(future))
}

/// Resolves when `cancel` is set (checked every 50 ms), for `tokio::select!` against a query.
pub(crate) async fn cancelled(cancel: &AtomicBool) {
    while !cancel.load(Ordering::Relaxed) {
        tokio::time::sleep(CANCEL_POLL).await;
    }
}
