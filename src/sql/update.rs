//! Write-back of database settings: one cell by primary key, or a Database Mail account, in a
//! transaction, with the before-image saved first, an optimistic check and a verify.
//!
//! The steps of [`update_cell`], each a round trip:
//! 1. `SET XACT_ABORT ON; BEGIN TRANSACTION;` and read the cell `WITH (UPDLOCK, HOLDLOCK)`: the
//!    row stays locked against other writers until the end. A value other than `expected_old`
//!    (someone changed it since the scan) rolls back: [`SqlError::Changed`].
//! 2. `save_backup(&before)`: the caller stores the before-image (writeback's backup store). An
//!    error there rolls back; nothing has been written yet.
//! 3. `UPDATE ... WHERE <key> AND <cell> = @old` and `SELECT @@ROWCOUNT`, then the cell read
//!    again inside the transaction: anything but one row and the new value rolls back.
//! 4. `COMMIT`, then the cell read once more on the same connection (verify).
//!
//! [`restore`] is [`update_cell`] backwards: it expects the value written and puts the old one
//! back; when someone changed the cell in between it refuses, so their change is not lost.

use std::sync::atomic::AtomicBool;

use secrecy::{ExposeSecret as _, SecretString};

use crate::detect::Location;

use super::SqlError;
use super::conn::{self, Client, ConnParams};
use super::ident::{RowKey, quote_name, three_part};
use super::search::{Param, Stats, int, query, text};

/// What a cell held before write-back changed it. It can hold whatever the cell held (an XML
/// blob may carry more than a host), so it is stored like a backup file and never printed:
/// `Debug` shows the place only.
#[derive(Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct BeforeImage {
    pub location: Location,
    /// The cell before the change (`None`: NULL).
    pub old: Option<String>,
    /// The value write-back put there.
    pub new: String,
    pub at: chrono::DateTime<chrono::Utc>,
}

impl std::fmt::Debug for BeforeImage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BeforeImage")
            .field("location", &self.location)
            .field("at", &self.at)
            .finish_non_exhaustive()
    }
}

/// The parts of a database location, quoted and checked.
struct Cell {
    database: String,
    from: String,
    column: String,
    key: RowKey,
    key_condition: String,
}

impl Cell {
    fn of(location: &Location) -> Result<Cell, SqlError> {
        let Location::Database {
            database,
            schema,
            table,
            column,
            row_key,
            ..
        } = location
        else {
            return Err(SqlError::Protocol {
                detail: "not a database location".into(),
            });
        };
        let key = RowKey::decode(row_key).ok_or(SqlError::NoRowKey)?;
        let schema = if schema.is_empty() { "dbo" } else { schema };
        let too_long = || SqlError::Protocol {
            detail: "a name longer than SQL Server allows".into(),
        };
        let from = three_part(database, schema, table).ok_or_else(too_long)?;
        let column = quote_name(column).ok_or_else(too_long)?;
        // Key parameters follow the statement's own: `@P{first}` onwards.
        let mut conditions = Vec::new();
        for (i, (name, _)) in key.0.iter().enumerate() {
            conditions.push(format!(
                "t.{} = @P{}",
                quote_name(name).ok_or_else(too_long)?,
                i + 1
            ));
        }
        Ok(Cell {
            database: database.clone(),
            from,
            column,
            key,
            key_condition: conditions.join(" AND "),
        })
    }

    fn key_params(&self) -> Vec<Param> {
        self.key
            .0
            .iter()
            .map(|(_, v)| Param::Text(v.clone()))
            .collect()
    }

    /// `SELECT` of the cell; `locking` adds `UPDLOCK, HOLDLOCK`.
    fn read_statement(&self, locking: bool) -> String {
        format!(
            "SELECT CAST(t.{} AS nvarchar(max)) FROM {} AS t{} WHERE {}",
            self.column,
            self.from,
            if locking {
                " WITH (UPDLOCK, HOLDLOCK)"
            } else {
                ""
            },
            self.key_condition
        )
    }

    /// `UPDATE` guarded by the old value: `@P{k+1}` the new value, `@P{k+2}` the old one.
    fn update_statement(&self, old_is_null: bool) -> String {
        let k = self.key.0.len();
        let guard = if old_is_null {
            format!("t.{} IS NULL", self.column)
        } else {
            format!("CAST(t.{} AS nvarchar(max)) = @P{}", self.column, k + 2)
        };
        format!(
            "UPDATE t SET {} = @P{} FROM {} AS t WHERE {} AND {}; SELECT CAST(@@ROWCOUNT AS int)",
            self.column,
            k + 1,
            self.from,
            self.key_condition,
            guard
        )
    }
}

/// What the cell holds now: `Err(RowNotFound)` when no row has the key.
async fn read_cell(
    client: &mut Client,
    stats: &mut Stats,
    cell: &Cell,
    locking: bool,
) -> Result<Option<String>, SqlError> {
    let never = AtomicBool::new(false);
    let results = query(
        client,
        &never,
        stats,
        &cell.read_statement(locking),
        &cell.key_params(),
    )
    .await?;
    let row = results
        .first()
        .and_then(|rows| rows.first())
        .ok_or(SqlError::RowNotFound)?;
    Ok(text(row, 0))
}

async fn batch(client: &mut Client, stats: &mut Stats, sql: &str) -> Result<(), SqlError> {
    let never = AtomicBool::new(false);
    query(client, &never, stats, sql, &[]).await.map(|_| ())
}

async fn rollback(client: &mut Client, stats: &mut Stats) {
    // Best effort: when the connection is gone, the server rolls back by itself.
    let _ = batch(client, stats, "IF @@TRANCOUNT > 0 ROLLBACK TRANSACTION").await;
}

async fn change_cell(
    params: &ConnParams,
    location: &Location,
    expected_old: Option<&str>,
    new: &str,
    save_backup: &mut dyn FnMut(&BeforeImage) -> Result<(), String>,
) -> Result<BeforeImage, SqlError> {
    let cell = Cell::of(location)?;
    let mut stats = Stats::default();
    let mut client = conn::connect(params, Some(&cell.database)).await?;
    batch(
        &mut client,
        &mut stats,
        "SET XACT_ABORT ON; BEGIN TRANSACTION",
    )
    .await?;
    let outcome = async {
        let current = read_cell(&mut client, &mut stats, &cell, true).await?;
        if current.as_deref() != expected_old {
            return Err(SqlError::Changed);
        }
        let before = BeforeImage {
            location: location.clone(),
            old: current.clone(),
            new: new.to_owned(),
            at: chrono::Utc::now(),
        };
        save_backup(&before).map_err(|detail| SqlError::Backup { detail })?;
        let mut update_params = cell.key_params();
        update_params.push(Param::Text(new.to_owned()));
        if let Some(old) = &current {
            update_params.push(Param::Text(old.clone()));
        }
        let never = AtomicBool::new(false);
        let results = query(
            &mut client,
            &never,
            &mut stats,
            &cell.update_statement(current.is_none()),
            &update_params,
        )
        .await?;
        let updated = results
            .iter()
            .flatten()
            .find_map(|row| int(row, 0))
            .unwrap_or(0);
        if updated != 1 {
            return Err(SqlError::Changed);
        }
        if read_cell(&mut client, &mut stats, &cell, true)
            .await?
            .as_deref()
            != Some(new)
        {
            return Err(SqlError::VerifyFailed);
        }
        Ok(before)
    }
    .await;
    match outcome {
        Ok(before) => {
            batch(&mut client, &mut stats, "COMMIT TRANSACTION").await?;
            if read_cell(&mut client, &mut stats, &cell, false)
                .await?
                .as_deref()
                != Some(new)
            {
                return Err(SqlError::VerifyFailed);
            }
            Ok(before)
        }
        Err(error) => {
            rollback(&mut client, &mut stats).await;
            Err(error)
        }
    }
}

/// Changes one cell from `expected_old` to `new` (module docs: the steps). `save_backup` gets
/// the before-image before anything is written; its error aborts the change.
pub fn update_cell(
    params: &ConnParams,
    location: &Location,
    expected_old: &str,
    new: &str,
    save_backup: &mut dyn FnMut(&BeforeImage) -> Result<(), String>,
) -> Result<BeforeImage, SqlError> {
    super::block_on(change_cell(
        params,
        location,
        Some(expected_old),
        new,
        save_backup,
    ))?
}

/// Undoes [`update_cell`]: expects the value it wrote, puts the before-image's value back.
pub fn restore(params: &ConnParams, before: &BeforeImage) -> Result<(), SqlError> {
    let old = before.old.clone().unwrap_or_default();
    let mut keep = |_: &BeforeImage| Ok(());
    super::block_on(change_cell(
        params,
        &before.location,
        Some(before.new.as_str()),
        &old,
        &mut keep,
    ))?
    .map(|_| ())
}

/// A Database Mail account's server settings as `msdb.dbo.sysmail_account`/`sysmail_server`
/// hold them (no password: SQL Server keeps it encrypted in a credential, never read here).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct DbMailAccount {
    pub account_id: i32,
    pub email_address: String,
    pub display_name: String,
    /// NULL stays NULL when the account is written back.
    pub replyto_address: Option<String>,
    pub description: Option<String>,
    pub mailserver_name: String,
    pub mailserver_type: String,
    pub port: i32,
    pub username: Option<String>,
    pub use_default_credentials: bool,
    pub enable_ssl: bool,
}

/// The new server settings of an account. `username: None` sends without SMTP AUTH (a relay that
/// accepts the server by address, or a connector).
#[derive(Clone, Debug)]
pub struct DbMailChange {
    pub mailserver_name: String,
    pub port: i32,
    pub enable_ssl: bool,
    pub username: Option<String>,
    /// Needed only for a new user name; `None` with the same user name keeps the stored one.
    pub password: Option<SecretString>,
    pub use_default_credentials: bool,
}

/// The account as it is now.
pub const DBMAIL_ACCOUNT: &str = "SELECT a.[account_id], a.[email_address], a.[display_name], \
     a.[replyto_address], a.[description], s.[servername], s.[servertype], s.[port], s.[username], \
     CAST(s.[use_default_credentials] AS int), CAST(s.[enable_ssl] AS int) \
     FROM msdb.dbo.sysmail_account AS a JOIN msdb.dbo.sysmail_server AS s ON s.[account_id] = a.[account_id] \
     WHERE a.[account_id] = @P1";

/// The procedure Microsoft documents for changing an account.
pub const DBMAIL_UPDATE_PROCEDURE: &str = "msdb.dbo.sysmail_update_account_sp";

async fn read_account(client: &mut Client, account_id: i32) -> Result<DbMailAccount, SqlError> {
    let never = AtomicBool::new(false);
    let mut stats = Stats::default();
    let results = query(
        client,
        &never,
        &mut stats,
        DBMAIL_ACCOUNT,
        &[Param::Int(account_id)],
    )
    .await?;
    let row = results
        .first()
        .and_then(|rows| rows.first())
        .ok_or(SqlError::RowNotFound)?;
    Ok(DbMailAccount {
        account_id,
        email_address: text(row, 1).unwrap_or_default(),
        display_name: text(row, 2).unwrap_or_default(),
        replyto_address: text(row, 3),
        description: text(row, 4),
        mailserver_name: text(row, 5).unwrap_or_default(),
        mailserver_type: text(row, 6).unwrap_or_else(|| "SMTP".into()),
        port: int(row, 7).unwrap_or(25),
        username: text(row, 8).filter(|u| !u.is_empty()),
        use_default_credentials: int(row, 9).unwrap_or(0) == 1,
        enable_ssl: int(row, 10).unwrap_or(0) == 1,
    })
}

/// `EXEC msdb.dbo.sysmail_update_account_sp` with every argument that has no default taken
/// from `account` (display name, reply-to and server name have none) and the new server part.
async fn call_update(
    client: &mut Client,
    account: &DbMailAccount,
    change: &DbMailChange,
) -> Result<(), SqlError> {
    let mut command = tiberius::Command::new(DBMAIL_UPDATE_PROCEDURE);
    command.bind_param("@account_id", account.account_id);
    command.bind_param("@email_address", account.email_address.clone());
    command.bind_param("@display_name", account.display_name.clone());
    command.bind_param("@replyto_address", account.replyto_address.clone());
    command.bind_param("@description", account.description.clone());
    command.bind_param("@mailserver_name", change.mailserver_name.clone());
    command.bind_param("@mailserver_type", account.mailserver_type.clone());
    command.bind_param("@port", change.port);
    command.bind_param("@username", change.username.clone());
    command.bind_param(
        "@password",
        change
            .password
            .as_ref()
            .map(|p| p.expose_secret().to_owned()),
    );
    command.bind_param("@use_default_credentials", change.use_default_credentials);
    command.bind_param("@enable_ssl", change.enable_ssl);
    let result = command.exec(client).await?.into_command_result().await?;
    if result.return_code() != 0 {
        return Err(SqlError::Server {
            code: result.return_code(),
            detail: format!(
                "{DBMAIL_UPDATE_PROCEDURE} returned {}",
                result.return_code()
            ),
        });
    }
    Ok(())
}

fn matches(account: &DbMailAccount, change: &DbMailChange) -> bool {
    account
        .mailserver_name
        .eq_ignore_ascii_case(&change.mailserver_name)
        && account.port == change.port
        && account.enable_ssl == change.enable_ssl
        && account.username == change.username
        && account.use_default_credentials == change.use_default_credentials
}

/// What an account's server part is, as a change (to put it back).
pub fn as_change(account: &DbMailAccount) -> DbMailChange {
    DbMailChange {
        mailserver_name: account.mailserver_name.clone(),
        port: account.port,
        enable_ssl: account.enable_ssl,
        username: account.username.clone(),
        password: None,
        use_default_credentials: account.use_default_credentials,
    }
}

async fn change_account(
    params: &ConnParams,
    expected: Option<&DbMailAccount>,
    account_id: i32,
    change: &DbMailChange,
    save_backup: &mut dyn FnMut(&DbMailAccount) -> Result<(), String>,
) -> Result<DbMailAccount, SqlError> {
    let mut client = conn::connect(params, Some("msdb")).await?;
    let before = read_account(&mut client, account_id).await?;
    if let Some(expected) = expected
        && !matches(&before, &as_change(expected))
    {
        return Err(SqlError::Changed);
    }
    save_backup(&before).map_err(|detail| SqlError::Backup { detail })?;
    call_update(&mut client, &before, change).await?;
    let after = read_account(&mut client, account_id).await?;
    if !matches(&after, change) {
        return Err(SqlError::VerifyFailed);
    }
    Ok(before)
}

/// Changes a Database Mail account's server settings through `sysmail_update_account_sp`.
/// `expected` is the account as the scan saw it (`None`: no check); the before-image goes to
/// `save_backup` before the call. Returns the before-image for [`restore_dbmail_account`].
pub fn update_dbmail_account(
    params: &ConnParams,
    account_id: i32,
    expected: Option<&DbMailAccount>,
    change: &DbMailChange,
    save_backup: &mut dyn FnMut(&DbMailAccount) -> Result<(), String>,
) -> Result<DbMailAccount, SqlError> {
    super::block_on(change_account(
        params,
        expected,
        account_id,
        change,
        save_backup,
    ))?
}

/// Puts an account back as `before` had it, when it is still as `written` left it. The stored
/// password cannot be read, so: when `before` had the same user name as `written`, no password
/// is passed and the stored credential stays; when the change removed or replaced the user name,
/// `password` must be the account's password again (`None` restores everything else and leaves
/// the account without a stored password).
pub fn restore_dbmail_account(
    params: &ConnParams,
    before: &DbMailAccount,
    written: &DbMailChange,
    password: Option<SecretString>,
) -> Result<(), SqlError> {
    let expected = DbMailAccount {
        mailserver_name: written.mailserver_name.clone(),
        port: written.port,
        enable_ssl: written.enable_ssl,
        username: written.username.clone(),
        use_default_credentials: written.use_default_credentials,
        ..before.clone()
    };
    let mut change = as_change(before);
    change.password = password;
    let mut keep = |_: &DbMailAccount| Ok(());
    super::block_on(change_account(
        params,
        Some(&expected),
        before.account_id,
        &change,
        &mut keep,
    ))?
    .map(|_| ())
}
