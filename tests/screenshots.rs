//! Renders pages of the real app to PNG files for the README and for looking at the UI.
//! Not part of the normal run (needs a Vulkan driver; lavapipe serves):
//! `cargo test --test tests -- --ignored screenshots` writes `docs/*.png`.

use egui_kittest::Harness;
use overstap::i18n::Language;
use overstap::ui::OverstapApp;

use crate::util::{
    app, click, click_first, look_up_tenant, replace_text, to_applications, type_into,
};

fn save(harness: &mut Harness<'_, OverstapApp>, name: &str) {
    harness.run();
    let image = harness.render().expect("render with wgpu");
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("docs")
        .join(name);
    image.save(&path).expect("save png");
}

#[test]
#[ignore = "writes docs/*.png; needs a Vulkan driver"]
fn screenshots() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut harness = app(Language::Nl, dir.path());
    harness.run();
    save(&mut harness, "welcome-nl.png");
    click(&mut harness, "Ik beheer deze server");
    click(&mut harness, "Volgende");
    click(
        &mut harness,
        "Scan overslaan: ik markeer de applicaties met de hand",
    );
    click(&mut harness, "Volgende");
    click(
        &mut harness,
        "SMTP AUTH met OAuth, als de applicatie zelf (app-only)",
    );
    type_into(
        &mut harness,
        "Tenant-ID",
        "{8F7E6D5C-4B3A-2918-0716-253443526170}",
    );
    type_into(&mut harness, "Client-ID", "0a1b2c3d-4e5f-6071");
    save(&mut harness, "registration-nl.png");
    replace_text(
        &mut harness,
        "Client-ID",
        "0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9",
    );
    click(&mut harness, "Volgende");
    click(&mut harness, "English");
    type_into(
        &mut harness,
        "Secret value",
        "8f7e6d5c-4b3a-2918-0716-253443526170",
    );
    click(&mut harness, "6 months");
    save(&mut harness, "secret-en.png");

    let dir = tempfile::tempdir().expect("tempdir");
    let mut harness = app(Language::En, dir.path());
    to_applications(&mut harness);
    click_first(&mut harness, "Exact Globe Next");
    type_into(&mut harness, "Server", "smtp.office365.com:587");
    save(&mut harness, "applications-en.png");
    click(&mut harness, "Help");
    click(&mut harness, "Nederlands");
    save(&mut harness, "applications-help-nl.png");
}

#[test]
#[ignore = "writes docs/*.png; needs a Vulkan driver"]
fn screenshots_consent() {
    use crate::support::emulator::{self, DOMAIN, Emulator, PUBLIC_CLIENT};
    use crate::util::{app_with, run_until, to_registration};
    let emulator = Emulator::start();
    let authority = crate::util::emulator_authority(&emulator);
    let dir = tempfile::tempdir().expect("tempdir");
    let mut harness = app_with(Language::En, dir.path(), move |options| {
        options.authority = authority;
        options.open_url = std::sync::Arc::new(|url: &str| {
            let url = url.to_owned();
            std::thread::spawn(move || emulator::browser_follow(&url));
        });
    });
    to_registration(&mut harness, Language::En);
    click(
        &mut harness,
        "SMTP and IMAP on behalf of a signed-in user (delegated)",
    );
    look_up_tenant(&mut harness, Language::En, "Mail domain", DOMAIN);
    type_into(&mut harness, "Client ID", PUBLIC_CLIENT);
    save(&mut harness, "registration-lookup-en.png");
    click(&mut harness, "Next");
    click(&mut harness, "Next");
    click(&mut harness, "Sign in");
    run_until(&mut harness, "token", |h| {
        h.state().session().token.is_some()
    });
    save(&mut harness, "consent-en.png");
    click(&mut harness, "Next");
    click(
        &mut harness,
        "I will test later (the summary lists it as open)",
    );
    click(&mut harness, "Next");
    click(&mut harness, "Next");
    click(&mut harness, "Nederlands");
    save(&mut harness, "summary-nl.png");
}

#[test]
#[ignore = "writes docs/*.png; needs a Vulkan driver"]
fn screenshots_scan() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut harness = app(Language::Nl, dir.path());
    harness.run();
    click(&mut harness, "Ik beheer deze server");
    click(&mut harness, "Volgende");
    click(&mut harness, "Een momentopname van een server");
    type_into(
        &mut harness,
        "Map met momentopname",
        &crate::detect::fixture("synergy-globe")
            .display()
            .to_string(),
    );
    click(&mut harness, "Scan starten");
    crate::util::wait_for_scan(&mut harness);
    save(&mut harness, "scan-nl.png");
}

#[test]
#[ignore = "writes docs/*.png; needs a Vulkan driver"]
fn screenshots_scan_chains() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut harness = app(Language::En, dir.path());
    harness.run();
    click(&mut harness, "I manage this server");
    click(&mut harness, "Next");
    click(&mut harness, "A server snapshot");
    type_into(
        &mut harness,
        "Snapshot folder",
        &crate::detect::fixture("plumbing").display().to_string(),
    );
    click(&mut harness, "Start scan");
    crate::util::wait_for_scan(&mut harness);
    save(&mut harness, "scan-chains-en.png");
}

#[test]
#[ignore = "writes docs/*.png; needs a Vulkan driver"]
fn screenshots_changes() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut harness = app(Language::En, dir.path());
    harness.run();
    click(&mut harness, "I manage this server");
    click(&mut harness, "Next");
    click(&mut harness, "A server snapshot");
    type_into(
        &mut harness,
        "Snapshot folder",
        &crate::detect::fixture("plumbing").display().to_string(),
    );
    click(&mut harness, "Start scan");
    crate::util::wait_for_scan(&mut harness);
    click(&mut harness, "Next");
    crate::util::run_until(&mut harness, "the plan", |h| {
        h.state().session().plan.is_some()
    });
    crate::util::registration_to_applications(&mut harness);
    click_first(&mut harness, "Internet Information Services (IIS)");
    save(&mut harness, "applications-changes-en.png");
}

#[test]
#[ignore = "writes docs/*.png; needs a Vulkan driver"]
fn screenshots_written_change_and_summary() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path().join("plumbing");
    let copied = std::process::Command::new("cp")
        .arg("-a")
        .arg(crate::detect::fixture("plumbing"))
        .arg(&root)
        .status()
        .expect("cp");
    assert!(copied.success());
    let mut harness = app(Language::En, dir.path());
    harness.run();
    click(&mut harness, "I manage this server");
    click(&mut harness, "Next");
    click(&mut harness, "A server snapshot");
    type_into(&mut harness, "Snapshot folder", &root.display().to_string());
    click(&mut harness, "Start scan");
    crate::util::run_until(&mut harness, "the plan", |h| {
        h.state().session().plan.is_some()
    });
    click(&mut harness, "Next");
    crate::util::registration_to_applications(&mut harness);
    click_first(&mut harness, "Internet Information Services (IIS)");
    {
        use egui_kittest::kittest::Queryable as _;
        harness
            .get_all_by_label("Write this change…")
            .next()
            .expect("button")
            .scroll_to_me();
    }
    harness.run();
    click_first(&mut harness, "Write this change…");
    click(&mut harness, "Write");
    crate::util::run_until(&mut harness, "the write", |h| {
        h.state().session().plan.as_ref().is_some_and(|plan| {
            plan.items
                .iter()
                .any(|i| matches!(i.state, overstap::plan::ItemState::Applied { .. }))
        })
    });
    save(&mut harness, "applications-written-en.png");
    click(&mut harness, "Next");
    {
        use egui_kittest::kittest::Queryable as _;
        harness.get_by_label("Applications").scroll_to_me();
    }
    save(&mut harness, "summary-changes-en.png");
}
