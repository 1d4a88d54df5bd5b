//! Shared test helpers: a harness around the real app with a fixed date and a private config
//! folder, and small helpers to find and operate widgets by their visible labels.

use chrono::NaiveDate;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use overstap::i18n::Language;
use overstap::settings::UserDirs;
use overstap::ui::{AppOptions, OverstapApp};

/// The date every GUI test lives on, so expiry rules do not drift.
pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 26).expect("valid date")
}

/// The moment every GUI test lives at: noon on `today()`, local time.
pub fn now() -> chrono::DateTime<chrono::Local> {
    use chrono::TimeZone as _;
    chrono::Local
        .from_local_datetime(&today().and_hms_opt(12, 0, 0).expect("noon"))
        .single()
        .expect("local noon")
}

/// The real app at 1120x800 in the given language, with its own config folder.
pub fn app(language: Language, config_dir: &std::path::Path) -> Harness<'static, OverstapApp> {
    app_with(language, config_dir, |_| {})
}

/// The app with a delay per scanned file, so a scan runs long enough to be cancelled.
pub fn app_with_pace(
    language: Language,
    config_dir: &std::path::Path,
    scan_pace: std::time::Duration,
) -> Harness<'static, OverstapApp> {
    app_with(language, config_dir, move |options| {
        options.scan_pace = scan_pace
    })
}

/// The real app with options changed by `adjust` (an emulator's authority, a scripted browser).
pub fn app_with(
    language: Language,
    config_dir: &std::path::Path,
    adjust: impl FnOnce(&mut AppOptions) + 'static,
) -> Harness<'static, OverstapApp> {
    let dirs = UserDirs::at(config_dir.to_path_buf());
    let documents = config_dir.join("documents");
    let backups = config_dir.join("backups");
    let config_dir_for_relay = config_dir.join("relay");
    Harness::builder()
        .with_size(egui::vec2(1120.0, 800.0))
        .build_eframe(move |cc| {
            let mut options = AppOptions {
                dirs: Some(dirs),
                language: Some(language),
                clock: Box::new(now),
                // Tests never open a real browser nor touch the machine's credential store.
                open_url: std::sync::Arc::new(|_: &str| {}),
                secrets: std::sync::Arc::new(overstap::secrets::MemoryStore::default()),
                // Nor the internet: a resumed session looks its tenant up again, and without an
                // emulator that lands on a closed loopback port.
                authority: overstap::identity::Authority::loopback_for_tests("http://127.0.0.1:9")
                    .expect("loopback"),
                documents_dir: documents,
                // Nor the machine-wide backup folder of write-back.
                backup_root: Some(backups),
                // Nor the machine's relay: its own folder beside the settings.
                relay_dirs: Some(overstap::relay::RelayDirs::at(config_dir_for_relay.clone())),
                ..AppOptions::default()
            };
            adjust(&mut options);
            OverstapApp::new(&cc.egui_ctx, options)
        })
}

/// Runs frames until `done` holds: background jobs report from other threads.
pub fn run_until(
    harness: &mut Harness<'_, OverstapApp>,
    what: &str,
    done: impl Fn(&Harness<'_, OverstapApp>) -> bool,
) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while !done(harness) {
        assert!(
            std::time::Instant::now() < deadline,
            "timed out waiting for {what}"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
        harness.step();
    }
}

/// Runs frames until the scan the test started has finished into the session.
pub fn wait_for_scan(harness: &mut Harness<'_, OverstapApp>) {
    run_until(harness, "the scan", |h| {
        matches!(
            h.state().session().scan,
            overstap::session::ScanState::Finished { .. }
        )
    });
}

/// Clicks the one widget with exactly this label and lets the app settle.
pub fn click(harness: &mut Harness<'_, OverstapApp>, label: &str) {
    harness.get_by_label(label).scroll_to_me();
    settle(harness);
    harness.get_by_label(label).click();
    settle(harness);
}

/// Focuses the text field labelled `label` and types `text` into it.
/// Focuses the text field labelled `label` and types `text` at the end of what it holds.
pub fn type_into(harness: &mut Harness<'_, OverstapApp>, label: &str, text: &str) {
    harness.get_by_label(label).scroll_to_me();
    settle(harness);
    harness.get_by_label(label).click();
    settle(harness);
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::End);
    harness.key_press(egui::Key::End);
    settle(harness);
    harness.get_by_label(label).type_text(text);
    settle(harness);
}

/// Whether any widget shows exactly this text.
pub fn shows(harness: &Harness<'_, OverstapApp>, text: &str) -> bool {
    harness.query_all_by_label(text).next().is_some()
}

/// Whether any widget's label contains `text`.
pub fn shows_containing(harness: &Harness<'_, OverstapApp>, text: &str) -> bool {
    harness.query_all_by_label_contains(text).next().is_some()
}

/// The app's identity authority for the test emulator (the only place tests set the switch).
pub fn emulator_authority(
    emulator: &crate::support::emulator::Emulator,
) -> overstap::identity::Authority {
    overstap::identity::Authority::loopback_for_tests(&emulator.base)
        .expect("the emulator is on loopback")
}

pub fn is_enabled(harness: &Harness<'_, OverstapApp>, label: &str) -> bool {
    !harness.get_by_label(label).accesskit_node().is_disabled()
}

/// Replaces the whole content of the text field labelled `label`.
pub fn replace_text(harness: &mut Harness<'_, OverstapApp>, label: &str, text: &str) {
    harness.get_by_label(label).focus();
    settle(harness);
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    harness.get_by_label(label).type_text(text);
    settle(harness);
}

/// Clicks the first of several widgets with the same label (a name in a list and a heading).
pub fn click_first(harness: &mut Harness<'_, OverstapApp>, label: &str) {
    harness
        .get_all_by_label(label)
        .next()
        .unwrap_or_else(|| panic!("no widget labelled {label:?}"))
        .click();
    settle(harness);
    settle(harness);
}

/// Walks a fresh app to the Registration page: admin role, scan skipped.
pub fn to_registration(harness: &mut Harness<'_, OverstapApp>, language: Language) {
    let (admin, next, skip) = match language {
        Language::En => (
            "I manage this server",
            "Next",
            "Skip the scan: I will mark the applications by hand",
        ),
        Language::Nl => (
            "Ik beheer deze server",
            "Volgende",
            "Scan overslaan: ik markeer de applicaties met de hand",
        ),
    };
    settle(harness);
    click(harness, admin);
    click(harness, next);
    click(harness, skip);
    click(harness, next);
}

/// Walks a fresh app (English) to the Applications page: admin, scan skipped, app-only SMTP,
/// a stored secret, consent and test left open.
pub fn to_applications(harness: &mut Harness<'_, OverstapApp>) {
    to_registration(harness, Language::En);
    registration_to_applications(harness);
}

/// From the Registration page (English) to Applications: SMTP app-only with ids, a secret in
/// the memory store, consent and test left for later.
pub fn registration_to_applications(harness: &mut Harness<'_, OverstapApp>) {
    click(
        harness,
        "SMTP AUTH with OAuth, as the application itself (app-only)",
    );
    type_into(harness, "Tenant ID", "8f7e6d5c-4b3a-2918-0716-253443526170");
    type_into(harness, "Client ID", "0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9");
    click(harness, "Next");
    type_into(
        harness,
        "Secret value",
        "Qx8~planted.SECRET-value_0123456789",
    );
    click(harness, "24 months");
    click(harness, "Store secret");
    click(harness, "Next");
    click(
        harness,
        "I will complete the consent later (the summary lists it as open)",
    );
    click(harness, "Next");
    click(harness, "I will test later (the summary lists it as open)");
    click(harness, "Next");
}

/// Runs frames until the UI is idle, or for a while when it keeps repainting on purpose (a
/// spinner while a background job runs).
pub fn settle(harness: &mut Harness<'_, OverstapApp>) {
    if harness.try_run().is_err() {
        harness.run_steps(2);
    }
}

/// Types the mail domain or tenant id into `field` and looks the tenant up (at the emulator the
/// test points the app to), waiting for the answer.
pub fn look_up_tenant(
    harness: &mut Harness<'_, OverstapApp>,
    language: Language,
    field: &str,
    value: &str,
) {
    type_into(harness, field, value);
    click(
        harness,
        match language {
            Language::En => "Look up tenant",
            Language::Nl => "Tenant opzoeken",
        },
    );
    run_until(harness, "the tenant", |h| {
        h.state().session().tenant.is_some()
    });
}
