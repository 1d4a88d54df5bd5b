//! The Scan page driven through its widgets: scan a fixture snapshot, see the grouped results,
//! cancel a slow scan, scan again, and find the results on the Applications page.

use std::time::{Duration, Instant};

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use overstap::checklist::AppStatus;
use overstap::i18n::Language;
use overstap::session::ScanState;
use overstap::ui::OverstapApp;

use crate::detect::{big_tree, fixture};
use crate::util::{app, app_with_pace, click, replace_text, shows, type_into};

/// Clicks without waiting for the app to settle: a running scan keeps its spinner turning.
fn click_now(harness: &mut Harness<'_, OverstapApp>, label: &str) {
    harness.get_by_label(label).click();
    harness.step();
    harness.step();
}

/// Steps frames until `text` shows, failing after 20 seconds.
fn wait_for(harness: &mut Harness<'_, OverstapApp>, text: &str) {
    let start = Instant::now();
    while !shows(harness, text) {
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "{text:?} never showed"
        );
        std::thread::sleep(Duration::from_millis(10));
        harness.step();
    }
    harness.run();
}

fn to_scan_page(harness: &mut Harness<'_, OverstapApp>, folder: &str) {
    harness.run();
    click(harness, "I manage this server");
    click(harness, "Next");
    click(harness, "A server snapshot");
    type_into(harness, "Snapshot folder", folder);
}

#[test]
fn scanning_a_snapshot_shows_grouped_results_and_fills_the_checklist() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut harness = app(Language::En, dir.path());
    to_scan_page(
        &mut harness,
        &fixture("synergy-globe").display().to_string(),
    );
    assert!(
        !shows(&harness, "This version does not scan automatically yet"),
        "the placeholder is gone"
    );
    click_now(&mut harness, "Start scan");
    wait_for(&mut harness, "Results");

    assert!(shows(&harness, "7 applications found, 7 mail settings."));
    assert!(shows(&harness, "Orbis BPA Platform"));
    assert!(shows(
        &harness,
        "Update first: BPA Platform older than 2021 Build 6618."
    ));
    assert!(shows(
        &harness,
        "Why: HandleEmailSN.exe.config still has the key exchangeWebServiceUrl: the mail handler signs in to Exchange Web Services with a password."
    ));
    assert!(
        harness
            .query_all_by_label_contains("IIS application \"Default Web Site/portal\" sends through smtp.office365.com, port 587, user portal@contoso.nl, with a password set")
            .next()
            .is_some()
    );
    assert!(harness.query_all_by_label("Open folder").count() >= 7);
    assert!(matches!(
        harness.state().session().scan,
        ScanState::Finished { findings: 7, .. }
    ));

    // On to the Applications page: the scan's applications come first, Server pre-filled.
    click(&mut harness, "Next");
    click(
        &mut harness,
        "SMTP AUTH with OAuth, as the application itself (app-only)",
    );
    type_into(
        &mut harness,
        "Tenant ID",
        "8f7e6d5c-4b3a-2918-0716-253443526170",
    );
    type_into(
        &mut harness,
        "Client ID",
        "0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9",
    );
    click(&mut harness, "Next");
    type_into(
        &mut harness,
        "Secret value",
        "Qx8~planted.SECRET-value_0123456789",
    );
    click(&mut harness, "24 months");
    click(&mut harness, "Store secret");
    click(&mut harness, "Next");
    click(
        &mut harness,
        "I will complete the consent later (the summary lists it as open)",
    );
    click(&mut harness, "Next");
    click(
        &mut harness,
        "I will test later (the summary lists it as open)",
    );
    click(&mut harness, "Next");
    assert!(shows(&harness, "Found on this server"));
    assert!(shows(&harness, "0 of 22 checked · 15 N/A · 7 open"));
    assert_eq!(
        harness.get_by_label("Server").value().as_deref(),
        Some("smtp.office365.com"),
        "the first detected application (BPA) is selected with its host"
    );
    let findings = harness.get_by_label("Findings").value().unwrap_or_default();
    assert!(findings.contains("BPA Platform 2020"), "{findings}");
    let session = harness.state().session();
    assert_eq!(
        session.applications["lucanet"].status,
        AppStatus::NotApplicable
    );
    assert!(session.applications["servicenext"].detected);
}

#[test]
fn a_slow_scan_can_be_cancelled_and_run_again() {
    let dir = tempfile::tempdir().expect("tempdir");
    let tree = tempfile::tempdir().expect("tempdir");
    big_tree(tree.path(), 300);
    let mut harness = app_with_pace(Language::En, dir.path(), Duration::from_millis(20));
    to_scan_page(&mut harness, &tree.path().display().to_string());
    click_now(&mut harness, "Start scan");
    assert!(shows(&harness, "Cancel"), "the progress row is visible");
    click_now(&mut harness, "Cancel");
    let asked = Instant::now();
    wait_for(&mut harness, "Scan cancelled");
    assert!(asked.elapsed() < Duration::from_secs(2));
    assert_eq!(harness.state().session().scan, ScanState::NotRun);

    // Again, on the relay-only customer: finished, nothing uses basic authentication.
    replace_text(
        &mut harness,
        "Snapshot folder",
        &fixture("relay-only").display().to_string(),
    );
    harness.run();
    click_now(&mut harness, "Start scan");
    wait_for(&mut harness, "Results");
    assert!(shows(
        &harness,
        "Nothing on this server uses Exchange Online with basic authentication."
    ));
    assert!(!shows(&harness, "Scan cancelled"));
}

#[test]
fn this_server_on_linux_explains_and_suggests_a_snapshot() {
    if cfg!(windows) {
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let mut harness = app(Language::Nl, dir.path());
    harness.run();
    click(&mut harness, "Ik beheer deze server");
    click(&mut harness, "Volgende");
    click_now(&mut harness, "Scan starten");
    wait_for(
        &mut harness,
        "Deze computer heeft geen Windows-register of -schijven",
    );
    assert_eq!(harness.state().session().scan, ScanState::NotRun);
}

/// The server's own plumbing: the sender chain through the IIS SMTP service is shown above the
/// applications, and each finding says who uses it and which relay it goes through.
#[test]
fn the_sender_chain_and_the_owners_are_shown() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut harness = app(Language::En, dir.path());
    to_scan_page(&mut harness, &fixture("plumbing").display().to_string());
    click_now(&mut harness, "Start scan");
    wait_for(&mut harness, "Results");
    assert!(shows(
        &harness,
        "Sender chains through a relay on this server"
    ));
    assert!(shows(
        &harness,
        "IIS SMTP service (local relay): smtp.office365.com:587 (Exchange Online direct), for 6 senders"
    ));
    assert!(shows(
        &harness,
        "• Internet Information Services (IIS): localhost:25 — site Intranet"
    ));
    assert!(shows(
        &harness,
        "Used by: scheduled task \\Reports\\Daily Sales Report (daily 07:00, as CONTOSO\\svc-reports)"
    ));
    assert!(
        harness
            .query_all_by_label(
                "Sends through IIS SMTP service (local relay) (smtp.office365.com:587, Exchange Online direct): fixing that relay fixes this one too."
            )
            .count()
            == 6
    );
    // In Dutch as well.
    click(&mut harness, "Nederlands");
    assert!(shows(
        &harness,
        "Afzenderketens via een relay op deze server"
    ));
}

/// Issue 19: the scan belongs to the session that started it. Importing another session while
/// a slow scan runs stops the scan, and nothing of it lands in the imported session.
#[test]
fn importing_a_session_during_a_scan_cancels_it_and_keeps_the_import() {
    let dir = tempfile::tempdir().expect("tempdir");
    let tree = tempfile::tempdir().expect("tempdir");
    big_tree(tree.path(), 300);
    let mut imported = overstap::session::Session {
        role: Some(overstap::platform::Role::Partner),
        scan: ScanState::Skipped,
        ..Default::default()
    };
    imported.registration.mail_domain = String::new();
    let file = dir.path().join("from-partner.json");
    std::fs::write(&file, imported.to_json()).expect("write the session");

    let mut harness = app_with_pace(Language::En, dir.path(), Duration::from_millis(20));
    to_scan_page(&mut harness, &tree.path().display().to_string());
    click_now(&mut harness, "Start scan");
    assert!(shows(&harness, "Cancel"), "the scan runs");
    click_now(&mut harness, "Back");
    type_into(&mut harness, "Session file", &file.display().to_string());
    click_now(&mut harness, "Import session");
    assert_eq!(harness.state().session().scan, ScanState::Skipped);
    assert_eq!(
        harness.state().session().role,
        Some(overstap::platform::Role::Partner)
    );
    // Long enough for the 300-file scan at 20 ms a file to have finished had it gone on.
    let until = Instant::now() + Duration::from_secs(8);
    while Instant::now() < until {
        std::thread::sleep(Duration::from_millis(50));
        harness.step();
        assert_eq!(
            harness.state().session().scan,
            ScanState::Skipped,
            "the old scan never lands in the imported session"
        );
    }
    // The Scan page drawn again (it drained the old scan when a page owned it).
    assert_eq!(
        harness.state().current_page(),
        overstap::wizard::Page::Registration
    );
    click_now(&mut harness, "Back");
    for _ in 0..5 {
        harness.step();
    }
    assert_eq!(harness.state().session().scan, ScanState::Skipped);
    assert!(harness.state().session().scan_report.findings.is_empty());
    assert!(!shows(&harness, "Cancel"), "no scan runs any more");
}
