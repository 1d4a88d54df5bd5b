//! The Registration page: portal steps with values to copy, the ids checked against the tenant,
//! and the PowerShell filled in, in both languages.

use egui_kittest::kittest::Queryable as _;
use overstap::i18n::Language;

use crate::support::emulator::{CONFIDENTIAL_CLIENT, DOMAIN, Emulator, TENANT_ID};
use crate::util::{
    app_with, click, is_enabled, look_up_tenant, replace_text, run_until, shows, to_registration,
    type_into,
};

const RBAC_NO_PERMISSION_STEP: &str = "Add no permission under API permissions: on this route the application needs none in Entra, and Exchange grants access to the one mailbox with the PowerShell below. The notes on this route say what a permission added here would do.";

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
    assert!(harness.query_all_by_label("Copy").count() >= 5);
    // Issue 21: the recommended route adds no API permission at all, and says why, with
    // Microsoft's page and date.
    assert_eq!(
        harness.state().session().registration.access,
        Some(overstap::access::Access::Rbac)
    );
    assert!(shows(&harness, RBAC_NO_PERMISSION_STEP));
    assert!(!shows(&harness, "SMTP.SendAsApp"), "no permission to add");
    assert!(shows(
        &harness,
        "Microsoft: “Configure SMTP onboarding to App RBAC” (2025-10-17)"
    ));

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
    assert!(shows_script(&harness, "$mailbox = 'scanner@contoso.nl'"));
    assert!(shows_script(
        &harness,
        "New-ManagementRoleAssignment -App $objectId -Role 'Application SMTP.SendAsApp' -CustomResourceScope $scopeName"
    ));
    assert!(!shows_script(&harness, "Add-MailboxPermission"));

    // The classic route: the permission in Entra, FullAccess in Exchange, no RBAC role.
    click(
        &mut harness,
        "Classic: SMTP.SendAsApp in Entra and full access to the mailbox",
    );
    assert!(shows(&harness, "SMTP.SendAsApp"));
    assert!(!shows(&harness, RBAC_NO_PERMISSION_STEP));
    assert!(shows_script(
        &harness,
        "Add-MailboxPermission -Identity $mailbox -User $exoServicePrincipal.Identity -AccessRights FullAccess"
    ));
    assert!(!shows_script(&harness, "New-ManagementRoleAssignment"));

    // In Dutch the same page, Dutch steps and Dutch script comments.
    click(&mut harness, "Nederlands");
    assert!(shows(&harness, "De applicatie registreren in Entra ID"));
    assert!(shows_script(
        &harness,
        "# Registreer de applicatie in Exchange."
    ));
}

/// The script is a read-only text field; its value holds the text (and starts with its title).
fn shows_script(
    harness: &egui_kittest::Harness<'_, overstap::ui::OverstapApp>,
    needle: &str,
) -> bool {
    harness
        .query_all_by(|node| {
            node.value()
                .is_some_and(|v| v.starts_with("# Overstap - ") && v.contains(needle))
        })
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
    // Issue 21: the recommended route grants nothing in Entra, and the read-back says so.
    assert!(shows(&harness, "De Entra-kant klopt met deze route"));
    assert!(
        harness
            .state()
            .session()
            .registration
            .current_entra_check()
            .is_some_and(|c| c.permissions.granted.is_empty())
    );
    let state = emulator.state.lock().expect("state");
    assert!(
        state.role_assignments.is_empty(),
        "no application permission on the RBAC route"
    );
    assert!(state.created_apps[0].2.is_some(), "a secret was created");
}

/// Issue 13: a failure after the client secret was created keeps the secret and shows, in the
/// page, what was made and how to finish or clean up.
#[test]
fn a_half_made_automatic_registration_says_what_to_clean_up() {
    let emulator = Emulator::start();
    emulator.directory_fault("appRoleAssignedTo", 403);
    let authority = crate::util::emulator_authority(&emulator);
    let dir = tempfile::tempdir().expect("tempdir");
    let mut harness = app_with(Language::En, dir.path(), move |options| {
        options.authority = authority;
        options.open_url = std::sync::Arc::new(|url: &str| {
            let url = url.to_owned();
            std::thread::spawn(move || crate::support::emulator::browser_follow(&url));
        });
    });
    to_registration(&mut harness, Language::En);
    click(
        &mut harness,
        "SMTP AUTH with OAuth, as the application itself (app-only)",
    );
    click(
        &mut harness,
        "Classic: SMTP.SendAsApp in Entra and full access to the mailbox",
    );
    look_up_tenant(&mut harness, Language::En, "Mail domain", DOMAIN);
    click(
        &mut harness,
        "Sign in as administrator and create the registration",
    );
    run_until(&mut harness, "the half-made registration", |h| {
        shows(h, "The automatic registration stopped halfway")
            && shows(
                h,
                "Microsoft's sign-in service gave an answer Overstap does not understand.",
            )
    });
    crate::util::settle(&mut harness);
    assert!(shows(
        &harness,
        "The automatic registration stopped halfway"
    ));
    let contains = |text: &str| harness.query_all_by_label_contains(text).next().is_some();
    assert!(contains(
        "Its client secret was created and is kept in the credential store"
    ));
    assert!(contains(
        "App registrations > “Overstap SMTP - contoso.nl” > Delete"
    ));
    let session = harness.state().session();
    assert!(
        session.secret.stored,
        "the secret counts: it is in the store"
    );
    assert_eq!(
        session.registration.client_id.len(),
        36,
        "the ids are filled in"
    );
    assert_eq!(session.registration.enterprise_object_id.len(), 36);
    // And the summary lists it.
    let html = overstap::report::html(
        session,
        &overstap::catalog::Catalog::embedded(),
        &overstap::i18n::Localizer::new(Language::En),
        chrono::Local::now(),
    );
    assert!(html.contains("Stopped halfway"), "{html}");
}

/// Issue 21: a session saved before the route choice asks for it, says what its old set-up
/// did, and blocks Next until a route is chosen.
#[test]
fn a_version_1_session_asks_for_the_route() {
    let dir = tempfile::tempdir().expect("tempdir");
    let dirs = overstap::settings::UserDirs::at(dir.path().to_path_buf());
    std::fs::create_dir_all(dir.path()).expect("dir");
    std::fs::write(
        dirs.autosave_file(),
        format!(
            r#"{{"version":1,"role":"admin","scan":{{"state":"skipped"}},
               "registration":{{"scenario":"smtp-app-only","tenant_id":"{TENANT_ID}","client_id":"{CONFIDENTIAL_CLIENT}"}}}}"#
        ),
    )
    .expect("write");
    let mut harness = crate::util::app(Language::En, dir.path());
    crate::util::settle(&mut harness);
    click(&mut harness, "Resume the saved session");
    assert_eq!(
        harness.state().current_page(),
        overstap::wizard::Page::Registration
    );
    assert!(shows(&harness, "Choose the route again"));
    assert!(
        harness
            .query_all_by_label_contains("granted the Entra permission SMTP.SendAsApp with admin consent and also assigned the RBAC role Application SMTP.SendAsApp")
            .next()
            .is_some()
    );
    assert!(shows(
        &harness,
        "Choose how Exchange Online grants the application access."
    ));
    assert!(!is_enabled(&harness, "Next"));
    click(
        &mut harness,
        "RBAC for Applications: access to this one mailbox only (recommended)",
    );
    assert!(is_enabled(&harness, "Next"));
    assert!(!shows(&harness, "Choose the route again"));
}

/// Issue 21 and 13: the Entra side beside the Exchange check, read through Graph.
#[test]
fn the_entra_permissions_are_listed_beside_the_script() {
    let emulator = Emulator::start();
    emulator.grant_confidential("SMTP.SendAsApp");
    let authority = crate::util::emulator_authority(&emulator);
    let dir = tempfile::tempdir().expect("tempdir");
    let mut harness = app_with(Language::En, dir.path(), move |options| {
        options.authority = authority;
        options.open_url = std::sync::Arc::new(|url: &str| {
            let url = url.to_owned();
            std::thread::spawn(move || crate::support::emulator::browser_follow(&url));
        });
    });
    to_registration(&mut harness, Language::En);
    click(
        &mut harness,
        "SMTP AUTH with OAuth, as the application itself (app-only)",
    );
    look_up_tenant(&mut harness, Language::En, "Mail domain", DOMAIN);
    assert!(!is_enabled(
        &harness,
        "Sign in as administrator and list the Entra permissions"
    ));
    type_into(&mut harness, "Client ID", CONFIDENTIAL_CLIENT);
    click(
        &mut harness,
        "Sign in as administrator and list the Entra permissions",
    );
    run_until(&mut harness, "the Entra permissions", |h| {
        h.state().session().registration.entra_check.is_some()
    });
    crate::util::settle(&mut harness);
    assert!(shows(
        &harness,
        "Granted in Entra but not part of this route: SMTP.SendAsApp"
    ));
    assert!(shows(
        &harness,
        "Office 365 Exchange Online: SMTP.SendAsApp"
    ));
    // On the classic route the same grant is what it needs.
    click(
        &mut harness,
        "Classic: SMTP.SendAsApp in Entra and full access to the mailbox",
    );
    assert!(shows(&harness, "The Entra side matches this route"));
}
