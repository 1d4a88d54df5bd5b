//! The Registration page: portal steps with values to copy, the ids checked against the tenant,
//! and the PowerShell filled in, in both languages.

use egui_kittest::kittest::Queryable as _;
use overstap::i18n::Language;

use crate::support::emulator::{CONFIDENTIAL_CLIENT, DOMAIN, Emulator, TENANT_ID};
use crate::util::{
    app_with, click, is_enabled, look_up_tenant, replace_text, run_until, shows, to_registration,
    type_into,
};

#[test]
fn registration_steps_ids_and_script() {
    let emulator = Emulator::start();
    let authority = crate::util::emulator_authority(&emulator);
    let dir = tempfile::tempdir().expect("tempdir");
    let mut harness = app_with(Language::En, dir.path(), move |options| {
        options.authority = authority;
    });
    to_registration(&mut harness, Language::En);
    click(
        &mut harness,
        "SMTP AUTH with OAuth, as the application itself (app-only)",
    );

    // The portal steps show the exact values, each with a Copy button.
    assert!(shows(&harness, "http://localhost"));
    assert!(shows(
        &harness,
        "Accounts in this organizational directory only (Single tenant)"
    ));
    assert!(shows(&harness, "SMTP.SendAsApp"));
    assert!(harness.query_all_by_label("Copy").count() >= 5);

    look_up_tenant(&mut harness, Language::En, "Mail domain", DOMAIN);

    // A tenant id from another tenant is caught.
    replace_text(
        &mut harness,
        "Tenant ID",
        "99999999-2222-3333-4444-555555555555",
    );
    assert!(shows(
        &harness,
        "This tenant ID is not the tenant of the mail domain"
    ));
    assert!(!is_enabled(&harness, "Next"));
    replace_text(&mut harness, "Tenant ID", TENANT_ID);

    // An unknown client id: AADSTS700016 with its fix.
    type_into(
        &mut harness,
        "Client ID",
        "2c3d4e5f-6071-4283-94a5-c6d7e8f9a0b1",
    );
    click(
        &mut harness,
        "Check that the client ID exists in this tenant",
    );
    run_until(&mut harness, "the check", |h| {
        h.state().session().registration.client_id.len() == 36
            && shows(
                h,
                "AADSTS700016: The application (client ID) was not found in this tenant.",
            )
    });
    replace_text(&mut harness, "Client ID", CONFIDENTIAL_CLIENT);
    click(
        &mut harness,
        "Check that the client ID exists in this tenant",
    );
    run_until(&mut harness, "the check", |h| {
        shows(h, "The client ID exists in this tenant.")
    });

    // The classic mistake: the client id pasted as the Enterprise application object id.
    type_into(
        &mut harness,
        "Enterprise application object ID",
        CONFIDENTIAL_CLIENT,
    );
    assert!(shows(
        &harness,
        "This is the client ID or the tenant ID: copy the Object ID from Enterprise applications instead."
    ));
    assert!(shows(
        &harness,
        "The Enterprise application object ID is the client ID or the tenant ID."
    ));
    assert!(!is_enabled(&harness, "Next"));
    replace_text(
        &mut harness,
        "Enterprise application object ID",
        "6e5d4c3b-2a19-4807-b6a5-948372615040",
    );
    type_into(&mut harness, "Mailbox that sends", "scanner@contoso.nl");
    assert!(is_enabled(&harness, "Next"));

    let script = &harness.state().session().registration;
    assert_eq!(
        script.enterprise_object_id,
        "6e5d4c3b-2a19-4807-b6a5-948372615040"
    );
    assert!(shows_script(
        &harness,
        "$objectId = '6e5d4c3b-2a19-4807-b6a5-948372615040'"
    ));
    assert!(shows_script(
        &harness,
        "PrimarySmtpAddress -eq 'scanner@contoso.nl'"
    ));

    // In Dutch the same page, Dutch steps and Dutch script comments.
    click(&mut harness, "Nederlands");
    assert!(shows(&harness, "De applicatie registreren in Entra ID"));
    assert!(shows_script(
        &harness,
        "# Registreer de applicatie in Exchange."
    ));
}

/// The script is a read-only text field; its value holds the text.
fn shows_script(
    harness: &egui_kittest::Harness<'_, overstap::ui::OverstapApp>,
    needle: &str,
) -> bool {
    harness
        .query_all_by(|node| node.value().is_some_and(|v| v.contains(needle)))
        .next()
        .is_some()
}

#[test]
fn automatic_registration_from_the_page_fills_ids_and_stores_the_secret() {
    let emulator = Emulator::start();
    let authority = crate::util::emulator_authority(&emulator);
    let dir = tempfile::tempdir().expect("tempdir");
    let mut harness = app_with(Language::Nl, dir.path(), move |options| {
        options.authority = authority;
        options.open_url = std::sync::Arc::new(|url: &str| {
            let url = url.to_owned();
            std::thread::spawn(move || crate::support::emulator::browser_follow(&url));
        });
    });
    to_registration(&mut harness, Language::Nl);
    click(
        &mut harness,
        "SMTP AUTH met OAuth, als de applicatie zelf (app-only)",
    );
    assert!(
        !is_enabled(
            &harness,
            "Aanmelden als beheerder en de registratie aanmaken"
        ),
        "needs the tenant"
    );
    look_up_tenant(&mut harness, Language::Nl, "Maildomein", DOMAIN);
    click(&mut harness, "24 maanden");
    click(
        &mut harness,
        "Aanmelden als beheerder en de registratie aanmaken",
    );
    run_until(&mut harness, "the registration", |h| {
        h.state().session().secret.stored
    });
    crate::util::settle(&mut harness);
    assert!(shows(
        &harness,
        "Registratie aangemaakt: de ID's hieronder zijn ingevuld en het geheim is opgeslagen."
    ));
    let registration = &harness.state().session().registration;
    assert_eq!(registration.client_id.len(), 36);
    assert_eq!(registration.enterprise_object_id.len(), 36);
    assert_ne!(registration.client_id, registration.enterprise_object_id);
    let expires = harness.state().session().secret.expires_on.expect("expiry");
    assert_eq!(
        expires,
        overstap::secrets::expiry_after_months(chrono::Utc::now().date_naive(), 24)
    );
    let state = emulator.state.lock().expect("state");
    assert_eq!(
        state.role_assignments.len(),
        1,
        "SMTP.SendAsApp granted with admin consent"
    );
    assert!(state.created_apps[0].2.is_some(), "a secret was created");
}
