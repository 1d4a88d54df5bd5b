//! The Scan page's SQL Server section driven through its widgets against the in-test TDS
//! endpoint (TLS with a self-signed certificate): the untrusted certificate and a wrong password
//! explained, test connection, tick a database, search, and the planted values among the
//! results.

use std::time::{Duration, Instant};

use egui_kittest::Harness;
use overstap::detect::Location;
use overstap::i18n::Language;
use overstap::ui::OverstapApp;

use crate::sql::fixture;
use crate::support::tds::{Endpoint, Tls};
use crate::util::{app, click, replace_text, shows, shows_containing, type_into};

fn wait_for(harness: &mut Harness<'_, OverstapApp>, text: &str) {
    let start = Instant::now();
    while !shows_containing(harness, text) {
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "{text:?} never showed"
        );
        std::thread::sleep(Duration::from_millis(10));
        harness.step();
    }
    harness.run();
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            files.extend(walk(&path));
        } else {
            files.push(path);
        }
    }
    files
}

#[test]
fn sql_server_is_searched_from_the_scan_page() {
    let mut planted = fixture();
    // TLS with a self-signed certificate, as most SQL Servers have.
    planted.tls = Tls::Offered;
    let endpoint = Endpoint::start(planted);
    let dir = tempfile::tempdir().expect("tempdir");
    let mut harness = app(Language::En, dir.path());
    harness.run();
    click(&mut harness, "I manage this server");
    click(&mut harness, "Next");
    assert!(shows(&harness, "SQL Server databases"));
    // No registry here and no SQL Browser on this test machine's UDP 1434.
    click(&mut harness, "Find instances on this server");
    wait_for(
        &mut harness,
        "No SQL Server instances were found on this server",
    );

    type_into(&mut harness, "Instance", &endpoint.server());
    if shows(&harness, "SQL Server login") {
        click(&mut harness, "SQL Server login");
    }
    type_into(&mut harness, "User name", "overstap");
    type_into(&mut harness, "Password", "wrong");
    // Encryption is on by default; the certificate is checked until the admin trusts it.
    click(&mut harness, "Test connection");
    wait_for(&mut harness, "The server's certificate is not trusted");
    click(&mut harness, "Trust the server certificate");
    click(&mut harness, "Test connection");
    wait_for(&mut harness, "SQL Server refused the login");
    assert!(
        !shows_containing(&harness, "wrong"),
        "the password is never shown"
    );

    replace_text(&mut harness, "Password", "Sup3r-Geheim!");
    click(&mut harness, "Test connection");
    wait_for(&mut harness, "Connected to SQLTEST");
    click(&mut harness, "ShopAddon");
    click(&mut harness, "Search SQL Server");
    wait_for(&mut harness, "SQL Server: 4 mail settings, no problems.");

    assert!(shows(
        &harness,
        "SQL Server Database Mail (SQL Agent alerts)"
    ));
    assert!(shows_containing(
        &harness,
        "msdb.dbo.sysmail_server.servername [account_id=1]"
    ));
    assert!(shows_containing(
        &harness,
        "ELISConfig.dbo.Clients.Properties [ID=7]"
    ));
    assert!(shows_containing(
        &harness,
        "ShopAddon.dbo.tblSettings.Value [SettingID=12]"
    ));
    let session = harness.state().session();
    let database_findings = session
        .scan_report
        .findings
        .iter()
        .filter(|f| matches!(f.location, Location::Database { .. }))
        .count();
    assert_eq!(database_findings, 4);
    let saved = serde_json::to_string(session).expect("session json");
    assert!(
        !saved.contains("Sup3r-Geheim!"),
        "the password is not in the session"
    );
    assert!(!format!("{session:?}").contains("Sup3r-Geheim!"));
    // Nothing written to the configuration folder (the autosaved session) holds it either.
    click(&mut harness, "Next");
    let written = walk(dir.path());
    assert!(
        written.iter().any(|p| p.ends_with("session.json")),
        "the session was autosaved: {written:?}"
    );
    for entry in written {
        let text = String::from_utf8_lossy(&std::fs::read(&entry).expect("read")).into_owned();
        assert!(
            !text.contains("Sup3r-Geheim!"),
            "the password leaked into {entry:?}"
        );
        assert!(!text.contains("Mailbox-Wachtwoord-9"));
    }
}
