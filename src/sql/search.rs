//! The search of one instance: Database Mail, the catalogue's known tables, and the
//! whole-database search of the databases the admin ticked.
//!
//! Read-only by construction: the session runs at `READ UNCOMMITTED` (no shared locks held, the
//! application keeps working during a search) with `LOCK_TIMEOUT 5000` (a schema lock never
//! blocks the search for long), and only `SELECT`s are sent. Names from the server are quoted
//! with [`quote_name`]; the search patterns and the row cap are parameters. One round trip per
//! table (per group of [`COLUMNS_PER_QUERY`] text columns for very wide tables): the text columns
//! are unpivoted with `CROSS APPLY (VALUES ...)` and filtered with `LIKE` on the server, so only
//! matching cells travel. A table the login may not read, or a database that goes offline during
//! the search, becomes an error entry and the search goes on.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::atomic::AtomicBool;

use crate::catalog::Catalog;
use crate::catalog::rules::{self, HostClass, HostPort};
use crate::detect::{
    Classification, Confidence, Evidence, Finding, Location, ProblemKind, Progress, ScanError,
    SourceId,
};

use super::conn::{self, Client, ConnParams};
use super::ident::{RowKey, quote_name, three_part};
use super::{SqlError, cancelled};

/// Values the whole-database search looks for (`LIKE`, case-insensitive under the usual
/// collations): Exchange Online's client endpoints, the tenant's MX endpoint, and anything
/// naming an SMTP host. Which host a matching cell names is decided here, not by the server.
pub const PATTERNS: [&str; 3] = ["%office365.com%", "%mail.protection.outlook.com%", "%smtp%"];

/// At most this many matching cells per query (`TOP`): a table full of them is listed, not copied.
pub const ROW_CAP: i32 = 1000;

/// Text columns per search query; wider tables take more than one round trip.
pub const COLUMNS_PER_QUERY: usize = 100;

/// The catalogue id Database Mail findings belong to.
pub const DATABASE_MAIL_APP: &str = "sql-database-mail";
/// The catalogue id for hits of the whole-database search in a database no entry claims.
pub const UNKNOWN_OWNER_APP: &str = "other-addons";

/// SQL Server's character types: what the whole-database search reads.
const TEXT_TYPES: [&str; 6] = ["char", "varchar", "nchar", "nvarchar", "text", "ntext"];

/// What to search on one instance.
#[derive(Clone, Debug)]
pub struct SearchRequest {
    pub conn: ConnParams,
    /// Databases for the whole-database search, as the server names them.
    pub databases: Vec<String>,
}

/// A database as `sys.databases` lists it.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct DatabaseInfo {
    pub name: String,
    /// `ONLINE`, `OFFLINE`, `RESTORING`, ...
    pub state: String,
    /// Whether this login may use it (`HAS_DBACCESS`).
    pub accessible: bool,
}

impl DatabaseInfo {
    pub fn searchable(&self) -> bool {
        self.accessible && self.state.eq_ignore_ascii_case("ONLINE")
    }
}

/// What "Test connection" shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServerInfo {
    pub version: String,
    pub server_name: String,
    /// User databases (not master, tempdb, model, msdb).
    pub databases: Vec<DatabaseInfo>,
}

/// Counts for the benchmark and the tests.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Stats {
    /// Requests sent (batches and RPCs), the session setup included.
    pub round_trips: usize,
    /// Tables (or column groups) searched by the whole-database search.
    pub batches: usize,
}

/// Findings and listed problems of one instance.
#[derive(Clone, Debug, Default)]
pub struct SearchOutcome {
    pub findings: Vec<Finding>,
    pub errors: Vec<ScanError>,
    pub stats: Stats,
}

/// A parameter of a query.
#[derive(Clone, Debug)]
pub(crate) enum Param {
    Text(String),
    Int(i32),
}

/// Sends one statement with its parameters (`sp_executesql`, or a plain batch without any),
/// collects every result set, and gives up at once when `cancel` is set: the query future is
/// dropped and an attention tells the server to stop (half a second for its answer, after
/// that the connection is dropped as well).
pub(crate) async fn query(
    client: &mut Client,
    cancel: &AtomicBool,
    stats: &mut Stats,
    sql: &str,
    params: &[Param],
) -> Result<Vec<Vec<tiberius::Row>>, SqlError> {
    stats.round_trips += 1;
    let outcome = {
        let run = async {
            let stream = if params.is_empty() {
                client.simple_query(sql).await?
            } else {
                let mut q = tiberius::Query::new(sql);
                for param in params {
                    match param {
                        Param::Text(text) => q.bind(text.clone()),
                        Param::Int(n) => q.bind(*n),
                    }
                }
                q.query(client).await?
            };
            stream.into_results().await
        };
        tokio::select! {
            result = run => Some(result),
            () = cancelled(cancel) => None,
        }
    };
    match outcome {
        Some(result) => result.map_err(SqlError::from),
        None => {
            // The server's answer to the attention is not needed; only that it stops soon.
            let _ =
                tokio::time::timeout(std::time::Duration::from_millis(500), client.cancel_query())
                    .await;
            Err(SqlError::Cancelled)
        }
    }
}

/// Text of a cell, or `None` for NULL and non-text cells.
pub(crate) fn text(row: &tiberius::Row, index: usize) -> Option<String> {
    row.try_get::<&str, _>(index)
        .ok()
        .flatten()
        .map(str::to_owned)
}

pub(crate) fn int(row: &tiberius::Row, index: usize) -> Option<i32> {
    row.try_get::<i32, _>(index).ok().flatten()
}

/// Read-only session: no shared locks, and no long waits for another session's locks.
pub const SESSION_SETUP: &str = "SET TRANSACTION ISOLATION LEVEL READ UNCOMMITTED; SET LOCK_TIMEOUT 5000; \
     SELECT CAST(SERVERPROPERTY('ProductVersion') AS nvarchar(128)), CAST(@@SERVERNAME AS nvarchar(128))";

/// The user databases.
pub const DATABASES: &str = "SELECT [name], [state_desc], CAST(ISNULL(HAS_DBACCESS([name]), 0) AS int) \
     FROM sys.databases WHERE [database_id] > 4 ORDER BY [name]";

/// Database Mail's accounts and servers, the profiles that use them, and SQL Agent's operators.
pub const DATABASE_MAIL: &str = "SELECT a.[account_id], a.[name], s.[servername], s.[port], \
     CAST(s.[enable_ssl] AS int), s.[username], \
     CAST(CASE WHEN s.[credential_id] IS NULL THEN 0 ELSE 1 END AS int), \
     CAST(s.[use_default_credentials] AS int) \
     FROM msdb.dbo.sysmail_account AS a JOIN msdb.dbo.sysmail_server AS s ON s.[account_id] = a.[account_id] \
     ORDER BY a.[account_id]; \
     SELECT pa.[account_id], p.[name] FROM msdb.dbo.sysmail_profileaccount AS pa \
     JOIN msdb.dbo.sysmail_profile AS p ON p.[profile_id] = pa.[profile_id] ORDER BY pa.[account_id], p.[name]; \
     SELECT o.[name] FROM msdb.dbo.sysoperators AS o WHERE o.[enabled] = 1 AND o.[email_address] IS NOT NULL \
     ORDER BY o.[name]";

/// SQL Agent's own settings, among them the Database Mail profile its alerts use.
pub const AGENT_PROPERTIES: &str = "msdb.dbo.sp_get_sqlagent_properties";

/// Tables, their columns with the base type, and each column's place in the primary key.
pub fn schema_statement(database: &str) -> Option<String> {
    let db = quote_name(database)?;
    Some(format!(
        "SELECT s.[name], t.[name], c.[name], TYPE_NAME(c.[system_type_id]), \
         CAST(ISNULL(ic.[key_ordinal], 0) AS int) \
         FROM {db}.sys.tables AS t \
         JOIN {db}.sys.schemas AS s ON s.[schema_id] = t.[schema_id] \
         JOIN {db}.sys.columns AS c ON c.[object_id] = t.[object_id] \
         LEFT JOIN {db}.sys.indexes AS i ON i.[object_id] = t.[object_id] AND i.[is_primary_key] = 1 \
         LEFT JOIN {db}.sys.index_columns AS ic ON ic.[object_id] = i.[object_id] \
         AND ic.[index_id] = i.[index_id] AND ic.[column_id] = c.[column_id] \
         WHERE t.[is_ms_shipped] = 0 ORDER BY s.[name], t.[name], c.[column_id]"
    ))
}

/// The cells of `columns` in a table, with the row's key: `patterns` empty reads every row (a
/// known location), otherwise only cells that match one pattern. Parameters: `@P1` the row cap,
/// `@P2...` the patterns. `None` when a name cannot be quoted.
pub fn cells_statement(
    database: &str,
    schema: &str,
    table: &str,
    keys: &[String],
    columns: &[String],
    patterns: usize,
) -> Option<String> {
    let from = three_part(database, schema, table)?;
    let mut select = String::from("SELECT TOP (@P1) ");
    for key in keys {
        select.push_str(&format!("CAST(t.{} AS nvarchar(4000)), ", quote_name(key)?));
    }
    select.push_str("v.[n], v.[value] FROM ");
    select.push_str(&from);
    select.push_str(" AS t CROSS APPLY (VALUES ");
    let values: Option<Vec<String>> = columns
        .iter()
        .enumerate()
        .map(|(i, c)| {
            Some(format!(
                "({i}, CAST(t.{} AS nvarchar(max)))",
                quote_name(c)?
            ))
        })
        .collect();
    select.push_str(&values?.join(", "));
    select.push_str(") AS v([n], [value])");
    if patterns == 0 {
        select.push_str(" WHERE v.[value] IS NOT NULL");
    } else {
        let likes: Vec<String> = (0..patterns)
            .map(|i| format!("v.[value] LIKE @P{}", i + 2))
            .collect();
        select.push_str(" WHERE ");
        select.push_str(&likes.join(" OR "));
    }
    Some(select)
}

/// A user table as the schema query describes it.
#[derive(Clone, Debug, Default)]
pub struct Table {
    pub schema: String,
    pub name: String,
    /// Every column, in order.
    pub columns: Vec<String>,
    /// The character columns.
    pub text_columns: Vec<String>,
    /// The primary key's columns in key order (empty: no primary key).
    pub keys: Vec<String>,
}

/// A table being assembled from schema rows, with its key columns and their key ordinals.
type Building = (Table, Vec<(i32, String)>);

fn tables_of(rows: &[tiberius::Row]) -> Vec<Table> {
    let mut tables: BTreeMap<(String, String), Building> = BTreeMap::new();
    for row in rows {
        let (Some(schema), Some(table), Some(column)) = (text(row, 0), text(row, 1), text(row, 2))
        else {
            continue;
        };
        let kind = text(row, 3).unwrap_or_default().to_ascii_lowercase();
        let key_ordinal = int(row, 4).unwrap_or(0);
        let entry = tables
            .entry((schema.clone(), table.clone()))
            .or_insert_with(|| {
                (
                    Table {
                        schema,
                        name: table,
                        ..Table::default()
                    },
                    Vec::new(),
                )
            });
        if TEXT_TYPES.contains(&kind.as_str()) {
            entry.0.text_columns.push(column.clone());
        }
        if key_ordinal > 0 {
            entry.1.push((key_ordinal, column.clone()));
        }
        entry.0.columns.push(column);
    }
    tables
        .into_values()
        .map(|(mut table, mut keys)| {
            keys.sort();
            table.keys = keys.into_iter().map(|(_, c)| c).collect();
            table
        })
        .collect()
}

/// The mail host a cell names, if any: Exchange Online first, then the MX endpoint, then a host
/// that looks like a mail server (`smtp.`, `mail.`, `relay`). With `whole_value_counts`, a cell
/// that is nothing but a host (a known setting column) counts too. Domains of e-mail addresses
/// (after `@`) are not mail servers.
pub fn mail_host_in(value: &str, whole_value_counts: bool) -> Option<String> {
    let is_token_char = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | ':');
    let mut best: Option<(u8, String)> = None;
    let consider = |best: &mut Option<(u8, String)>, rank: u8, shown: String| {
        if best.as_ref().is_none_or(|(r, _)| rank > *r) {
            *best = Some((rank, shown));
        }
    };
    let bytes = value.as_bytes();
    let mut start = None;
    for (i, c) in value.char_indices().chain([(value.len(), ' ')]) {
        match (start, is_token_char(c)) {
            (None, true) => start = Some(i),
            (Some(s), false) => {
                start = None;
                let after_at = s > 0 && bytes.get(s - 1) == Some(&b'@');
                let token = value[s..i].trim_matches(['.', ':', '-']);
                if after_at || !token.contains('.') || token.len() > 300 {
                    continue;
                }
                let rank = match rules::classify_host(token) {
                    HostClass::ExchangeOnline { .. } => 3,
                    HostClass::ExchangeOnlineMx { .. } => 2,
                    HostClass::Relay { host }
                        if host.starts_with("smtp")
                            || host.starts_with("mail.")
                            || host.starts_with("relay")
                            || host.contains(".smtp.") =>
                    {
                        1
                    }
                    _ => continue,
                };
                consider(&mut best, rank, rules::safe_value(token));
            }
            _ => {}
        }
    }
    if best.is_none() && whole_value_counts {
        let trimmed = value.trim();
        let shown = rules::safe_value(trimmed);
        if !shown.is_empty() && shown.eq_ignore_ascii_case(trimmed) {
            consider(&mut best, 1, shown);
        }
    }
    best.map(|(_, host)| host)
}

/// Collects findings and errors of one instance.
struct Sink<'a> {
    label: String,
    outcome: SearchOutcome,
    cancel: &'a AtomicBool,
}

impl Sink<'_> {
    fn error(&mut self, place: &str, error: &SqlError) {
        let kind = match error {
            SqlError::NoPermission { .. } => ProblemKind::PermissionDenied,
            other => ProblemKind::Sql {
                problem: other.key().to_owned(),
                detail: other.detail(),
            },
        };
        let path = if place.is_empty() {
            self.label.clone()
        } else {
            format!("{} {place}", self.label)
        };
        self.outcome.errors.push(ScanError {
            source_id: SourceId::Sql,
            path,
            kind,
        });
    }

    async fn query(
        &mut self,
        client: &mut Client,
        sql: &str,
        params: &[Param],
    ) -> Result<Vec<Vec<tiberius::Row>>, SqlError> {
        query(client, self.cancel, &mut self.outcome.stats, sql, params).await
    }
}

/// Connects, lists the user databases: what "Test connection" shows.
pub async fn test_connection(params: &ConnParams) -> Result<ServerInfo, SqlError> {
    let never = AtomicBool::new(false);
    let mut stats = Stats::default();
    let mut client = conn::connect(params, None).await?;
    let setup = query(&mut client, &never, &mut stats, SESSION_SETUP, &[]).await?;
    let (version, server_name) = setup
        .first()
        .and_then(|rows| rows.first())
        .map(|row| {
            (
                text(row, 0).unwrap_or_default(),
                text(row, 1).unwrap_or_default(),
            )
        })
        .unwrap_or_default();
    let databases = databases(&mut client, &never, &mut stats).await?;
    Ok(ServerInfo {
        version,
        server_name,
        databases,
    })
}

async fn databases(
    client: &mut Client,
    cancel: &AtomicBool,
    stats: &mut Stats,
) -> Result<Vec<DatabaseInfo>, SqlError> {
    let results = query(client, cancel, stats, DATABASES, &[]).await?;
    Ok(results
        .first()
        .map(|rows| {
            rows.iter()
                .filter_map(|row| {
                    Some(DatabaseInfo {
                        name: text(row, 0)?,
                        state: text(row, 1).unwrap_or_default(),
                        accessible: int(row, 2).unwrap_or(0) == 1,
                    })
                })
                .collect()
        })
        .unwrap_or_default())
}

/// One search of `cells_statement`, planned before any is run (for the progress total).
struct Batch {
    database: String,
    table: Table,
    columns: Vec<String>,
    /// The catalogue application that owns the hits.
    app: String,
    /// `Some(confidence)`: a known location (every row read); `None`: the pattern search.
    known: Option<Confidence>,
}

/// Searches one instance. `Err` only when the instance cannot be searched at all (no
/// connection, or cancelled); everything smaller is an error entry in the outcome.
pub async fn search(
    request: &SearchRequest,
    catalog: &Catalog,
    cancel: &AtomicBool,
    progress: &(dyn Fn(Progress) + Sync),
) -> Result<SearchOutcome, SqlError> {
    let label = request.conn.label();
    let mut sink = Sink {
        label: label.clone(),
        outcome: SearchOutcome::default(),
        cancel,
    };
    let report = |done: usize, total: Option<usize>, current: &str| {
        progress(Progress {
            source: SourceId::Sql,
            done,
            total,
            current: current.to_owned(),
        });
    };
    report(0, None, &label);
    let mut client = tokio::select! {
        connected = conn::connect(&request.conn, None) => connected?,
        () = cancelled(cancel) => return Err(SqlError::Cancelled),
    };
    sink.query(&mut client, SESSION_SETUP, &[]).await?;
    let all = databases(&mut client, cancel, &mut sink.outcome.stats).await?;

    database_mail(&mut client, &mut sink).await?;

    // The schema of every database this login can read: the catalogue's tables may be in any
    // of them. The whole-database search only goes through the ticked ones.
    let ticked: BTreeSet<&str> = request.databases.iter().map(String::as_str).collect();
    for name in &ticked {
        match all.iter().find(|d| d.name == *name) {
            Some(db) if db.searchable() => {}
            Some(db) => sink.error(
                name,
                &SqlError::DatabaseUnavailable {
                    detail: if db.accessible {
                        db.state.clone()
                    } else {
                        "no access for this login".into()
                    },
                },
            ),
            None => sink.error(
                name,
                &SqlError::DatabaseUnavailable {
                    detail: "no such database".into(),
                },
            ),
        }
    }
    let mut batches = Vec::new();
    for db in all.iter().filter(|d| d.searchable()) {
        report(0, None, &db.name);
        let Some(statement) = schema_statement(&db.name) else {
            continue;
        };
        let tables = match sink.query(&mut client, &statement, &[]).await {
            Ok(results) => tables_of(results.first().map(Vec::as_slice).unwrap_or_default()),
            Err(SqlError::Cancelled) => return Err(SqlError::Cancelled),
            Err(error) => {
                sink.error(&db.name, &error);
                continue;
            }
        };
        plan(
            catalog,
            &db.name,
            &tables,
            ticked.contains(db.name.as_str()),
            &mut batches,
        );
    }

    let total = batches.len();
    let mut dead: BTreeSet<String> = BTreeSet::new();
    for (done, batch) in batches.iter().enumerate() {
        let place = format!(
            "{}.{}.{}",
            batch.database, batch.table.schema, batch.table.name
        );
        report(done, Some(total), &place);
        if dead.contains(&batch.database) {
            continue;
        }
        if batch.known.is_none() {
            sink.outcome.stats.batches += 1;
        }
        match run_batch(&mut client, &mut sink, batch).await {
            Ok(()) => {}
            Err(SqlError::Cancelled) => return Err(SqlError::Cancelled),
            Err(error) if error.ends_database() => {
                sink.error(&batch.database, &error);
                dead.insert(batch.database.clone());
                if matches!(error, SqlError::Connection { .. } | SqlError::Timeout) {
                    // The connection itself is gone: a new one for the other databases.
                    client = tokio::select! {
                        connected = conn::connect(&request.conn, None) => connected?,
                        () = cancelled(cancel) => return Err(SqlError::Cancelled),
                    };
                    sink.query(&mut client, SESSION_SETUP, &[]).await?;
                }
            }
            Err(error) => sink.error(&place, &error),
        }
    }
    report(total, Some(total), "");
    Ok(sink.outcome)
}

/// The searches of one database: the catalogue's known tables (every row), then, for a ticked
/// database, every table with character columns (pattern search), without the known columns.
fn plan(catalog: &Catalog, database: &str, tables: &[Table], ticked: bool, out: &mut Vec<Batch>) {
    let names: BTreeSet<String> = tables.iter().map(|t| t.name.to_lowercase()).collect();
    let mut owner = None;
    let mut known_cells: BTreeSet<(String, String, String)> = BTreeSet::new();
    for app in catalog.applications() {
        for rule in &app.sql {
            if !rule
                .signature
                .iter()
                .all(|t| names.contains(&t.to_lowercase()))
            {
                continue;
            }
            owner.get_or_insert_with(|| app.id.clone());
            for table in tables
                .iter()
                .filter(|t| t.name.eq_ignore_ascii_case(&rule.table))
            {
                let columns: Vec<String> = table
                    .columns
                    .iter()
                    .filter(|c| rule.columns.iter().any(|r| r.eq_ignore_ascii_case(c)))
                    .cloned()
                    .collect();
                if columns.is_empty() {
                    continue;
                }
                for column in &columns {
                    known_cells.insert((
                        table.schema.clone(),
                        table.name.clone(),
                        column.to_lowercase(),
                    ));
                }
                out.push(Batch {
                    database: database.to_owned(),
                    table: table.clone(),
                    columns,
                    app: app.id.clone(),
                    known: Some(if rule.inferred {
                        Confidence::Medium
                    } else {
                        Confidence::High
                    }),
                });
            }
        }
    }
    if !ticked {
        return;
    }
    let app = owner.unwrap_or_else(|| UNKNOWN_OWNER_APP.to_owned());
    for table in tables {
        let columns: Vec<String> = table
            .text_columns
            .iter()
            .filter(|c| {
                !known_cells.contains(&(table.schema.clone(), table.name.clone(), c.to_lowercase()))
            })
            .cloned()
            .collect();
        for group in columns.chunks(COLUMNS_PER_QUERY) {
            out.push(Batch {
                database: database.to_owned(),
                table: table.clone(),
                columns: group.to_vec(),
                app: app.clone(),
                known: None,
            });
        }
    }
}

async fn run_batch(
    client: &mut Client,
    sink: &mut Sink<'_>,
    batch: &Batch,
) -> Result<(), SqlError> {
    let patterns = if batch.known.is_some() {
        0
    } else {
        PATTERNS.len()
    };
    let Some(statement) = cells_statement(
        &batch.database,
        &batch.table.schema,
        &batch.table.name,
        &batch.table.keys,
        &batch.columns,
        patterns,
    ) else {
        return Err(SqlError::Protocol {
            detail: "a name longer than SQL Server allows".into(),
        });
    };
    let mut params = vec![Param::Int(ROW_CAP)];
    if patterns > 0 {
        params.extend(PATTERNS.iter().map(|p| Param::Text((*p).to_owned())));
    }
    let results = sink.query(client, &statement, &params).await?;
    let keys = batch.table.keys.len();
    for row in results.first().map(Vec::as_slice).unwrap_or_default() {
        let key = RowKey(
            batch
                .table
                .keys
                .iter()
                .enumerate()
                .map(|(i, k)| (k.clone(), text(row, i).unwrap_or_default()))
                .collect(),
        );
        let (Some(n), Some(value)) = (int(row, keys), text(row, keys + 1)) else {
            continue;
        };
        let Some(column) = usize::try_from(n).ok().and_then(|n| batch.columns.get(n)) else {
            continue;
        };
        let Some(host) = mail_host_in(&value, batch.known.is_some()) else {
            continue;
        };
        let place = format!(
            "{}.{}.{}",
            batch.database, batch.table.schema, batch.table.name
        );
        let evidence = Evidence::new(
            if batch.known.is_some() {
                "scan-ev-sql-known"
            } else {
                "scan-ev-sql-search"
            },
            &[
                ("host", host.as_str()),
                ("table", &place),
                ("column", column),
            ],
        );
        sink.outcome.findings.push(Finding::new(
            &batch.app,
            Location::Database {
                server: sink.label.clone(),
                database: batch.database.clone(),
                schema: batch.table.schema.clone(),
                table: batch.table.name.clone(),
                column: column.clone(),
                row_key: key.encode(),
            },
            host.clone(),
            Classification::of_host(&host),
            batch.known.unwrap_or(Confidence::Low),
            evidence,
        ));
    }
    Ok(())
}

/// Database Mail: one finding per account, with its profiles and, when SQL Agent mails
/// through one of them, the operators that get its alerts.
async fn database_mail(client: &mut Client, sink: &mut Sink<'_>) -> Result<(), SqlError> {
    let results = match sink.query(client, DATABASE_MAIL, &[]).await {
        Ok(results) => results,
        Err(SqlError::Cancelled) => return Err(SqlError::Cancelled),
        Err(error) => {
            sink.error("msdb", &error);
            return Ok(());
        }
    };
    let empty = Vec::new();
    let accounts = results.first().unwrap_or(&empty);
    if accounts.is_empty() {
        return Ok(());
    }
    let mut profiles: BTreeMap<i32, Vec<String>> = BTreeMap::new();
    for row in results.get(1).unwrap_or(&empty) {
        if let (Some(id), Some(name)) = (int(row, 0), text(row, 1)) {
            profiles.entry(id).or_default().push(name);
        }
    }
    let operators: Vec<String> = results
        .get(2)
        .unwrap_or(&empty)
        .iter()
        .filter_map(|row| text(row, 0))
        .collect();
    let agent_profile = agent_profile(client, sink).await?;
    for row in accounts {
        let Some(id) = int(row, 0) else { continue };
        let name = text(row, 1).unwrap_or_default();
        let host = text(row, 2).unwrap_or_default();
        let port = int(row, 3)
            .and_then(|p| u16::try_from(p).ok())
            .filter(|p| *p > 0);
        let ssl = int(row, 4).unwrap_or(0) == 1;
        let user = text(row, 5).filter(|u| !u.is_empty());
        let password = int(row, 6).unwrap_or(0) == 1;
        let windows = int(row, 7).unwrap_or(0) == 1;
        let account_profiles = profiles.get(&id).cloned().unwrap_or_default();
        let alerts = agent_profile
            .as_ref()
            .is_some_and(|p| account_profiles.iter().any(|a| a.eq_ignore_ascii_case(p)));
        let value = HostPort {
            host: host.clone(),
            port,
        }
        .display();
        let yes_no = |b: bool| if b { "yes" } else { "no" };
        let list = |items: &[String]| {
            if items.is_empty() {
                "-".to_owned()
            } else {
                items.join(", ")
            }
        };
        let classification = match Classification::of_host(&host) {
            // Exchange Online with a user name: SMTP AUTH with a password, which ends.
            Classification::ExoDirect if user.is_some() || windows => Classification::ExoDirect,
            Classification::ExoDirect => Classification::Unknown,
            other => other,
        };
        let port_text = port.map(|p| p.to_string()).unwrap_or_else(|| "-".into());
        let profiles_text = list(&account_profiles);
        let operators_text = if alerts {
            list(&operators)
        } else {
            "-".to_owned()
        };
        let evidence = Evidence::new(
            "scan-ev-sql-dbmail",
            &[
                ("account", name.as_str()),
                ("host", host.as_str()),
                ("port", &port_text),
                ("ssl", yes_no(ssl)),
                ("user", user.as_deref().unwrap_or("-")),
                ("password", yes_no(password)),
                ("windows", yes_no(windows)),
                ("profiles", &profiles_text),
                ("operators", &operators_text),
            ],
        );
        sink.outcome.findings.push(Finding::new(
            DATABASE_MAIL_APP,
            Location::Database {
                server: sink.label.clone(),
                database: "msdb".into(),
                schema: "dbo".into(),
                table: "sysmail_server".into(),
                column: "servername".into(),
                row_key: RowKey(vec![("account_id".into(), id.to_string())]).encode(),
            },
            value,
            classification,
            Confidence::High,
            evidence,
        ));
    }
    Ok(())
}

/// The Database Mail profile SQL Agent sends alerts with (`None` when it has none or this
/// login may not ask).
async fn agent_profile(
    client: &mut Client,
    sink: &mut Sink<'_>,
) -> Result<Option<String>, SqlError> {
    sink.outcome.stats.round_trips += 1;
    let outcome = {
        let run = async {
            tiberius::Command::new(AGENT_PROPERTIES)
                .exec(client)
                .await?
                .into_command_result()
                .await
        };
        tokio::select! {
            result = run => Some(result),
            () = cancelled(sink.cancel) => None,
        }
    };
    let Some(result) = outcome else {
        let _ = tokio::time::timeout(std::time::Duration::from_millis(500), client.cancel_query())
            .await;
        return Err(SqlError::Cancelled);
    };
    let Ok(result) = result else {
        // Only members of sysadmin may ask; the accounts are listed all the same.
        return Ok(None);
    };
    let profile = result
        .to_query_result(0)
        .and_then(|rows| rows.first())
        .and_then(|row| {
            let index = row
                .columns()
                .iter()
                .position(|c| c.name().eq_ignore_ascii_case("databasemail_profile"))?;
            text(row, index)
        })
        .filter(|p| !p.is_empty());
    Ok(profile)
}

/// Searches one instance on this thread (the scan worker's), with its own runtime.
pub fn search_blocking(
    request: &SearchRequest,
    catalog: &Catalog,
    cancel: &AtomicBool,
    progress: &(dyn Fn(Progress) + Sync),
) -> Result<SearchOutcome, SqlError> {
    super::block_on(search(request, catalog, cancel, progress))?
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_mail_host_of_a_cell() {
        assert_eq!(
            mail_host_in(
                "<Smtp><Host>smtp.office365.com</Host><Port>587</Port>",
                false
            )
            .as_deref(),
            Some("smtp.office365.com")
        );
        assert_eq!(
            mail_host_in("server=SMTP.Office365.com:587;user=a@contoso.com", false).as_deref(),
            Some("SMTP.Office365.com:587")
        );
        assert_eq!(
            mail_host_in("relay smtp.contoso.local then smtp.office365.com", false).as_deref(),
            Some("smtp.office365.com")
        );
        assert_eq!(mail_host_in("info@mail.contoso.nl", false), None);
        assert_eq!(mail_host_in("SmtpEnabled=true", false), None);
        assert_eq!(mail_host_in("10.0.0.5", false), None);
        assert_eq!(mail_host_in("10.0.0.5", true).as_deref(), Some("10.0.0.5"));
        assert_eq!(mail_host_in("hello world", true), None);
    }

    #[test]
    fn statements_quote_names_and_keep_values_out() {
        let sql = cells_statement(
            "Eddon]x",
            "dbo",
            "Mail]; DROP TABLE t; --",
            &["ID".into()],
            &["Server".into(), "Body".into()],
            PATTERNS.len(),
        )
        .expect("statement");
        assert!(
            sql.contains("FROM [Eddon]]x].[dbo].[Mail]]; DROP TABLE t; --] AS t"),
            "{sql}"
        );
        assert!(sql.contains(
            "(0, CAST(t.[Server] AS nvarchar(max))), (1, CAST(t.[Body] AS nvarchar(max)))"
        ));
        assert!(sql.contains("v.[value] LIKE @P2 OR v.[value] LIKE @P3 OR v.[value] LIKE @P4"));
        assert!(sql.starts_with("SELECT TOP (@P1) CAST(t.[ID] AS nvarchar(4000)), "));
        assert!(!sql.contains("office365"));
        assert!(cells_statement(&"x".repeat(129), "dbo", "t", &[], &["c".into()], 0).is_none());
    }
}
