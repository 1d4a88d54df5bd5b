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

/// The Scan page with a tested login to `endpoint` and ShopAddon ticked, ready to search.
fn ready_to_search(harness: &mut Harness<'_, OverstapApp>, endpoint: &Endpoint) {
    harness.run();
    click(harness, "I manage this server");
    click(harness, "Next");
    type_into(harness, "Instance", &endpoint.server());
    if shows(harness, "SQL Server login") {
        click(harness, "SQL Server login");
    }
    type_into(harness, "User name", "overstap");
    type_into(harness, "Password", "Sup3r-Geheim!");
    click(harness, "Trust the server certificate");
    click(harness, "Test connection");
    wait_for(harness, "Connected to SQLTEST");
    click(harness, "ShopAddon");
}

fn database_findings(harness: &Harness<'_, OverstapApp>) -> usize {
    harness
        .state()
        .session()
        .scan_report
        .findings
        .iter()
        .filter(|f| matches!(f.location, Location::Database { .. }))
        .count()
}

/// A slow search (one table takes 2 s) left behind on the Scan page: the app drains it, so
/// its findings reach the session while Welcome is on screen.
#[test]
fn a_search_finishes_into_the_session_while_another_page_is_shown() {
    let mut planted = fixture();
    planted.tls = Tls::Offered;
    planted.databases[1].tables[0].delay = Duration::from_secs(2);
    let endpoint = Endpoint::start(planted);
    let dir = tempfile::tempdir().expect("tempdir");
    let mut harness = app(Language::En, dir.path());
    ready_to_search(&mut harness, &endpoint);
    click(&mut harness, "Search SQL Server");
    assert!(shows_containing(&harness, "Searching"), "the search runs");
    click(&mut harness, "Back");
    assert_eq!(
        harness.state().current_page(),
        overstap::wizard::Page::Welcome
    );
    let start = Instant::now();
    while database_findings(&harness) == 0 {
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "the search never landed while Welcome was shown"
        );
        std::thread::sleep(Duration::from_millis(20));
        harness.step();
    }
    assert_eq!(database_findings(&harness), 4);
}

/// Importing a partner's session during a search cancels it: its findings belong to the
/// session that started it, and the form's results do not leak into the new one.
#[test]
fn importing_a_session_during_a_search_cancels_it() {
    let mut planted = fixture();
    planted.tls = Tls::Offered;
    planted.databases[1].tables[0].delay = Duration::from_secs(3);
    let endpoint = Endpoint::start(planted);
    let dir = tempfile::tempdir().expect("tempdir");
    let imported = overstap::session::Session {
        role: Some(overstap::platform::Role::Partner),
        scan: overstap::session::ScanState::Skipped,
        ..Default::default()
    };
    let file = dir.path().join("from-partner.json");
    std::fs::write(&file, imported.to_json()).expect("write the session");
    let mut harness = app(Language::En, dir.path());
    ready_to_search(&mut harness, &endpoint);
    click(&mut harness, "Search SQL Server");
    assert!(shows_containing(&harness, "Searching"), "the search runs");
    click(&mut harness, "Back");
    type_into(&mut harness, "Session file", &file.display().to_string());
    click(&mut harness, "Import session");
    assert_eq!(
        harness.state().session().role,
        Some(overstap::platform::Role::Partner)
    );
    // Longer than the search would have taken had it gone on.
    let until = Instant::now() + Duration::from_secs(5);
    while Instant::now() < until {
        std::thread::sleep(Duration::from_millis(50));
        harness.step();
        assert_eq!(database_findings(&harness), 0, "the old search never lands");
    }
    // The Scan page drawn again: when the page owned the search, this drained it into the
    // imported session.
    while harness.state().current_page() != overstap::wizard::Page::Scan {
        click(&mut harness, "Back");
    }
    for _ in 0..5 {
        harness.step();
    }
    assert_eq!(database_findings(&harness), 0, "the old search never lands");
    assert!(!shows_containing(&harness, "Searching"), "no search runs");
    assert_eq!(
        harness.state().session().scan,
        overstap::session::ScanState::Skipped
    );
}
