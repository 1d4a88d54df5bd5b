//! The wizard driven through its real widgets (AccessKit), as an admin would click it.

use egui_kittest::kittest::Queryable as _;
use overstap::i18n::Language;
use overstap::wizard::Page;

use crate::util::{app, click, is_enabled, shows, type_into};

const TENANT: &str = "8f7e6d5c-4b3a-2918-0716-253443526170";
const CLIENT: &str = "0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9";

/// Dutch from the start, English from the third page on, every page visited forwards and back.
#[test]
fn click_through_all_pages_switching_language_midway() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut harness = app(Language::Nl, dir.path());
    harness.run();

    // 1 Welcome, in Dutch.
    assert!(shows(&harness, "Welkom bij Overstap"));
    assert!(!is_enabled(&harness, "Volgende"), "no role chosen yet");
    assert!(
        shows(&harness, "Kies uw rol."),
        "the reason is visible next to Next"
    );
    click(&mut harness, "Ik beheer deze server");
    assert!(is_enabled(&harness, "Volgende"));
    click(&mut harness, "Volgende");

    // 2 Scan.
    assert_eq!(harness.state().current_page(), Page::Scan);
    assert!(shows(&harness, "Deze server scannen"));
    assert!(!is_enabled(&harness, "Volgende"));
    click(
        &mut harness,
        "Scan overslaan: ik markeer de applicaties met de hand",
    );
    click(&mut harness, "Volgende");

    // 3 Registration: switch to English here.
    assert!(shows(&harness, "Tenant en app-registratie"));
    click(&mut harness, "English");
    assert_eq!(harness.state().language(), Language::En);
    assert!(shows(&harness, "Tenant & app registration"));
    assert!(
        !shows(&harness, "Tenant en app-registratie"),
        "no Dutch left on the page"
    );
    assert!(shows(&harness, "Next") && !shows(&harness, "Volgende"));
    assert!(shows(
        &harness,
        "Choose how the applications will sign in to Exchange Online."
    ));
    click(
        &mut harness,
        "SMTP AUTH with OAuth, as the application itself (app-only)",
    );
    type_into(&mut harness, "Tenant ID", TENANT);
    assert!(shows(&harness, "Enter the client ID (Application ID)."));
    type_into(
        &mut harness,
        "Client ID",
        &format!("{{{}}}", CLIENT.to_uppercase()),
    );
    assert!(
        shows(&harness, &format!("Valid: {CLIENT}")),
        "braces and case normalised"
    );
    click(&mut harness, "Next");

    // 4 Secret.
    assert!(shows(&harness, "Client secret"));
    assert!(!is_enabled(&harness, "Store secret"));
    type_into(
        &mut harness,
        "Secret value",
        "Qx8~planted.SECRET-value_0123456789",
    );
    click(&mut harness, "24 months");
    assert!(shows(&harness, "Expires on 2028-11-26"));
    click(&mut harness, "Store secret");
    assert!(shows(&harness, "The secret is stored"));
    assert!(harness.state().session().secret.stored);
    click(&mut harness, "Next");

    // 5 Consent and 6 Test send: left open on purpose.
    assert!(shows(&harness, "Consent"));
    assert!(!is_enabled(&harness, "Next"));
    click(
        &mut harness,
        "I will complete the consent later (the summary lists it as open)",
    );
    click(&mut harness, "Next");
    assert!(shows(&harness, "Test send"));
    click(
        &mut harness,
        "I will test later (the summary lists it as open)",
    );
    click(&mut harness, "Next");

    // 7 Applications, 8 Summary.
    assert_eq!(harness.state().current_page(), Page::Applications);
    click(&mut harness, "Next");
    assert_eq!(harness.state().current_page(), Page::Summary);
    assert!(shows(&harness, "This is the last step."));
    assert!(
        harness.query_by_label("Next").is_none(),
        "no Next on the last page"
    );
    assert!(shows(
        &harness,
        "Held in memory until Overstap closes, expires on 2028-11-26"
    ));
    assert!(shows(&harness, TENANT));

    // And all the way back, in Dutch again.
    click(&mut harness, "Nederlands");
    let titles = [
        "Toestemming",
        "Clientgeheim",
        "Tenant en app-registratie",
        "Deze server scannen",
        "Welkom bij Overstap",
    ];
    for _ in 0..2 {
        click(&mut harness, "Vorige");
    }
    for title in titles {
        click(&mut harness, "Vorige");
        assert!(shows(&harness, title), "expected page {title}");
    }
    assert_eq!(harness.state().current_page(), Page::Welcome);
    assert!(!is_enabled(&harness, "Vorige"), "nothing before Welcome");
}

#[test]
fn next_is_disabled_with_a_visible_reason_until_the_page_is_complete() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut harness = app(Language::En, dir.path());
    harness.run();
    click(&mut harness, "I am a partner guiding a customer remotely");
    click(&mut harness, "Next");
    click(
        &mut harness,
        "Skip the scan: I will mark the applications by hand",
    );
    click(&mut harness, "Next");
    click(
        &mut harness,
        "Microsoft Graph sendMail, as the application itself (app-only)",
    );

    type_into(&mut harness, "Tenant ID", "contoso.onmicrosoft.com");
    assert!(!is_enabled(&harness, "Next"));
    assert!(shows(&harness, "The tenant ID is not a valid GUID."));
    assert!(shows(
        &harness,
        "The character \"o\" does not belong in an ID. Did you copy a name instead of the ID?"
    ));

    // Same GUID in both fields: the classic copy mistake.
    let tenant = harness.get_by_label("Tenant ID");
    tenant.focus();
    harness.run();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    harness.get_by_label("Tenant ID").type_text(TENANT);
    harness.run();
    type_into(&mut harness, "Client ID", TENANT);
    assert!(!is_enabled(&harness, "Next"));
    assert!(shows(
        &harness,
        "Tenant ID and client ID are the same: one of them was copied from the wrong line."
    ));
}

#[test]
fn pasting_the_secret_id_is_caught_and_keyboard_navigation_works() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut harness = app(Language::Nl, dir.path());
    harness.run();
    click(&mut harness, "Ik beheer deze server");
    // Enter = Next when no field has focus.
    harness.key_press(egui::Key::Enter);
    harness.run();
    assert_eq!(harness.state().current_page(), Page::Scan);
    // Esc = Back.
    harness.key_press(egui::Key::Escape);
    harness.run();
    assert_eq!(harness.state().current_page(), Page::Welcome);
    harness.key_press(egui::Key::Enter);
    harness.run();
    click(
        &mut harness,
        "Scan overslaan: ik markeer de applicaties met de hand",
    );
    click(&mut harness, "Volgende");
    click(&mut harness, "Exchange Web Services (EWS)");
    type_into(&mut harness, "Tenant-ID", TENANT);
    type_into(&mut harness, "Client-ID", CLIENT);
    click(&mut harness, "Volgende");

    type_into(
        &mut harness,
        "Waarde van het geheim",
        "6f1a2b3c-1111-2222-3333-444455556666",
    );
    assert!(shows(
        &harness,
        "Dit is de ID van het geheim, niet de waarde"
    ));
    click(&mut harness, "12 maanden");
    assert!(
        !is_enabled(&harness, "Geheim opslaan"),
        "an ID is never stored as the secret"
    );
    assert!(!is_enabled(&harness, "Volgende"));
    assert!(shows(
        &harness,
        "Plak de waarde van het clientgeheim en sla die op."
    ));
}

#[test]
fn the_language_choice_is_remembered_for_the_next_run() {
    let dir = tempfile::tempdir().expect("tempdir");
    {
        let mut harness = app(Language::Nl, dir.path());
        harness.run();
        harness
            .get_all_by_label("English")
            .next()
            .expect("switch")
            .click();
        harness.run();
        assert_eq!(harness.state().language(), Language::En);
    }
    let settings = overstap::settings::Settings::load(&dir.path().join("settings.json"));
    assert_eq!(settings.language, Some(Language::En));
}

#[test]
fn a_saved_session_can_be_resumed() {
    let dir = tempfile::tempdir().expect("tempdir");
    {
        let mut harness = app(Language::En, dir.path());
        harness.run();
        click(&mut harness, "I manage this server");
        click(&mut harness, "Next");
        click(
            &mut harness,
            "Skip the scan: I will mark the applications by hand",
        );
        click(&mut harness, "Next");
    }
    let mut harness = app(Language::En, dir.path());
    harness.run();
    assert!(shows(&harness, "Resume the saved session"));
    click(&mut harness, "Resume the saved session");
    assert_eq!(harness.state().current_page(), Page::Registration);
    assert_eq!(
        harness.state().session().role,
        Some(overstap::platform::Role::Admin)
    );
}

#[test]
fn a_stored_secret_can_be_removed_from_the_store() {
    use overstap::secrets::SecretStore as _;
    let store = std::sync::Arc::new(overstap::secrets::MemoryStore::default());
    let shared: std::sync::Arc<dyn overstap::secrets::SecretStore> = store.clone();
    let dir = tempfile::tempdir().expect("tempdir");
    let mut harness = crate::util::app_with(Language::En, dir.path(), move |options| {
        options.secrets = shared
    });
    crate::util::to_registration(&mut harness, Language::En);
    click(
        &mut harness,
        "SMTP AUTH with OAuth, as the application itself (app-only)",
    );
    type_into(&mut harness, "Tenant ID", TENANT);
    type_into(&mut harness, "Client ID", CLIENT);
    click(&mut harness, "Next");
    type_into(
        &mut harness,
        "Secret value",
        "Qx8~removable.SECRET_0123456789",
    );
    click(&mut harness, "6 months");
    click(&mut harness, "Store secret");
    let key = overstap::secrets::SecretKey {
        tenant_id: overstap::guid::Guid::parse(TENANT).expect("guid"),
        client_id: overstap::guid::Guid::parse(CLIENT).expect("guid"),
        purpose: "client-secret",
    };
    assert!(store.get(&key).is_ok());
    click(&mut harness, "Remove secret");
    assert!(store.get(&key).is_err(), "gone from the store");
    assert!(
        shows(&harness, "Secret value"),
        "the page asks for a value again"
    );
    assert!(!is_enabled(&harness, "Next"));
    assert_eq!(harness.state().session().secret.expires_on, None);
}
