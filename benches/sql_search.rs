//! Benchmark of the SQL Server whole-database search (not a timed test): generates a
//! deterministic database of 500 tables and 1,000,000 rows in the in-test TDS endpoint
//! (`tests/support/tds.rs`), searches it through `overstap::sql` (the real tiberius client over
//! loopback) and prints the time, the round trips per table and the findings; then cancels a
//! search at 10 %, 50 % and 90 % of the tables (one table there answers slowly) and prints how
//! long each cancel took. Targets: one round trip per table batch; cancel within 1 s.
//!
//! Run: `cargo bench --bench sql_search` (add `-- --tables N --rows M` for another size).

#[path = "../tests/support/tds.rs"]
mod tds;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use overstap::catalog::Catalog;
use overstap::sql::search::{self, SearchRequest};
use overstap::sql::{Auth, ConnParams, ServerName};
use secrecy::SecretString;
use tds::{ColType, Database, Endpoint, Fixture, Table};

fn arg(name: &str, default: usize) -> usize {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn database(tables: usize, rows: usize, slow_table: Option<usize>) -> (Database, usize) {
    let per_table = rows / tables.max(1);
    let mut planted = 0;
    let mut db = Database::new("Big", Vec::new());
    for t in 0..tables {
        let mut table = Table::new(
            &format!("Table{t:03}"),
            &[
                ("ID", ColType::Int),
                ("Code", ColType::VarChar),
                ("Description", ColType::NVarChar),
            ],
            &["ID"],
        );
        table.rows.reserve(per_table);
        for r in 0..per_table {
            let description = if (t * per_table + r) % 100_003 == 7 {
                planted += 1;
                "mail via smtp.office365.com:587".to_owned()
            } else {
                format!("ordinary row {r} of table {t}")
            };
            table.rows.push(vec![
                Some(r.to_string()),
                Some(format!("C{r}")),
                Some(description),
            ]);
        }
        if Some(t) == slow_table {
            table.delay = Duration::from_secs(30);
        }
        db.tables.push(table);
    }
    (db, planted)
}

fn params(endpoint: &Endpoint) -> ConnParams {
    let mut params = ConnParams::new(
        ServerName::parse(&endpoint.server()).expect("server"),
        Auth::SqlLogin {
            user: "overstap".into(),
            password: SecretString::from("Sup3r-Geheim!".to_owned()),
        },
    );
    params.encrypt = false;
    params
}

fn main() {
    let tables = arg("--tables", 500);
    let rows = arg("--rows", 1_000_000);
    let catalog = Catalog::embedded();
    let (db, planted) = database(tables, rows, None);
    let endpoint = Endpoint::start(Fixture {
        databases: vec![db],
        ..Fixture::default()
    });
    let request = SearchRequest {
        conn: params(&endpoint),
        databases: vec!["Big".into()],
    };
    let never = AtomicBool::new(false);
    let start = Instant::now();
    let outcome = search::search_blocking(&request, &catalog, &never, &|_| {}).expect("search");
    let took = start.elapsed();
    let per_table = outcome.stats.batches as f64 / tables as f64;
    println!(
        "search of {tables} tables / {rows} rows: {:.2} s, {} round trips ({} table batches, {per_table:.2} per table), {} findings ({planted} planted), {} errors",
        took.as_secs_f64(),
        outcome.stats.round_trips,
        outcome.stats.batches,
        outcome.findings.len(),
        outcome.errors.len()
    );
    drop(endpoint);

    for share in [10, 50, 90] {
        let slow = tables * share / 100;
        let (db, _) = database(tables, rows / 10, Some(slow));
        let endpoint = Endpoint::start(Fixture {
            databases: vec![db],
            ..Fixture::default()
        });
        let request = SearchRequest {
            conn: params(&endpoint),
            databases: vec!["Big".into()],
        };
        let cancel = Arc::new(AtomicBool::new(false));
        let reached = Arc::new(AtomicBool::new(false));
        let (flag, seen) = (Arc::clone(&cancel), Arc::clone(&reached));
        let slow_name = format!("Table{slow:03}");
        let catalog = catalog.clone();
        let worker = std::thread::spawn(move || {
            search::search_blocking(&request, &catalog, &flag, &move |p| {
                if p.current.ends_with(&slow_name) {
                    seen.store(true, Ordering::Relaxed);
                }
            })
        });
        while !reached.load(Ordering::Relaxed) {
            std::thread::sleep(Duration::from_millis(5));
        }
        std::thread::sleep(Duration::from_millis(100));
        let asked = Instant::now();
        cancel.store(true, Ordering::Relaxed);
        let result = worker.join().expect("join");
        println!(
            "cancel at {share} % of the tables: {} ms ({})",
            asked.elapsed().as_millis(),
            if result.is_err() {
                "cancelled"
            } else {
                "finished"
            }
        );
    }
}
