//! Registration lookup and the Consent page against the identity emulator, in both languages.

use std::sync::Arc;

use overstap::i18n::Language;
use overstap::identity::TokenKind;
use overstap::secrets::{MemoryStore, SecretKey, SecretStore};
use overstap::session::StepState;
use secrecy::SecretString;

use crate::support::emulator::{
    self, CONFIDENTIAL_CLIENT, DOMAIN, Emulator, PUBLIC_CLIENT, TENANT_ID,
};
use crate::util::{app_with, click, look_up_tenant, run_until, shows, to_registration, type_into};

fn browser() -> overstap::ui::identity_jobs::OpenUrl {
    Arc::new(|url: &str| {
        let url = url.to_owned();
        std::thread::spawn(move || emulator::browser_follow(&url));
    })
}

#[test]
fn delegated_sign_in_from_the_gui_shows_the_token_status() {
    let emulator = Emulator::start();
    let authority = crate::util::emulator_authority(&emulator);
    let dir = tempfile::tempdir().expect("tempdir");
    let mut harness = app_with(Language::En, dir.path(), move |options| {
        options.authority = authority;
        options.open_url = browser();
    });
    to_registration(&mut harness, Language::En);
    click(
        &mut harness,
        "SMTP and IMAP on behalf of a signed-in user (delegated)",
    );
    look_up_tenant(&mut harness, Language::En, "Mail domain", DOMAIN);
    assert_eq!(harness.state().session().registration.tenant_id, TENANT_ID);
    assert!(shows(&harness, "Microsoft 365 worldwide"));
    type_into(&mut harness, "Client ID", PUBLIC_CLIENT);
    click(&mut harness, "Next");
    assert!(shows(&harness, "No client secret needed"));
    click(&mut harness, "Next");

    assert!(shows(&harness, "Consent"));
    click(&mut harness, "Sign in");
    run_until(&mut harness, "the sign-in", |h| {
        h.state().session().token.is_some()
    });
    crate::util::settle(&mut harness);
    assert!(shows(&harness, "Signed in: the token works."));
    assert!(shows(&harness, emulator::ACCOUNT));
    assert!(matches!(
        harness.state().session().consent,
        StepState::Done { .. }
    ));
    assert_eq!(
        harness.state().session().token.as_ref().map(|t| t.kind),
        Some(TokenKind::Delegated)
    );

    // Renew, then in Dutch: remove.
    click(&mut harness, "Renew");
    run_until(&mut harness, "the renewal", |h| {
        h.state()
            .session()
            .token
            .as_ref()
            .is_some_and(|t| t.refresh_renewed_at > Some(t.consented_at))
    });
    click(&mut harness, "Nederlands");
    assert!(shows(&harness, "Tokenstatus"));
    click(&mut harness, "Verwijderen");
    run_until(&mut harness, "the removal", |h| {
        h.state().session().token.is_none()
    });
    crate::util::settle(&mut harness);
    assert!(shows(&harness, "Opgeslagen aanmelding verwijderd."));
    assert_eq!(emulator.grants(), ["authorization_code", "refresh_token"]);
}

#[test]
fn a_wrong_secret_is_explained_with_its_fix_in_both_languages() {
    let emulator = Emulator::start();
    let authority = crate::util::emulator_authority(&emulator);
    let store = Arc::new(MemoryStore::default());
    let key = SecretKey {
        tenant_id: overstap::guid::Guid::parse(TENANT_ID).expect("guid"),
        client_id: overstap::guid::Guid::parse(CONFIDENTIAL_CLIENT).expect("guid"),
        purpose: "client-secret",
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let shared: Arc<dyn SecretStore> = store.clone();
    let mut harness = app_with(Language::Nl, dir.path(), move |options| {
        options.authority = authority;
        options.secrets = shared;
    });
    to_registration(&mut harness, Language::Nl);
    click(
        &mut harness,
        "SMTP AUTH met OAuth, als de applicatie zelf (app-only)",
    );
    look_up_tenant(&mut harness, Language::Nl, "Tenant-ID", TENANT_ID);
    type_into(&mut harness, "Client-ID", CONFIDENTIAL_CLIENT);
    click(&mut harness, "Volgende");
    type_into(
        &mut harness,
        "Waarde van het geheim",
        "wrong~secret.value_0123456789abcdef",
    );
    click(&mut harness, "24 maanden");
    click(&mut harness, "Geheim opslaan");
    click(&mut harness, "Volgende");

    click(&mut harness, "Testtoken aanvragen");
    run_until(&mut harness, "the failure", |h| {
        h.state().session().token.is_none()
            && shows(
                h,
                "AADSTS7000215: Het clientgeheim is ongeldig. Vaak is de ID van het geheim gekopieerd in plaats van de waarde.",
            )
    });
    assert!(shows(
        &harness,
        "Plak bij de stap Geheim de kolom \"Waarde\", niet de \"Geheim-id\". Wordt de waarde niet meer getoond, maak dan een nieuw clientgeheim aan."
    ));
    click(&mut harness, "English");
    assert!(shows(
        &harness,
        "AADSTS7000215: The client secret is not valid. Often the secret's ID was copied instead of its value."
    ));
    assert!(shows(&harness, "Copy details for a support ticket"));

    // With the right secret the test token works and the consent step is done.
    store
        .put(&key, &SecretString::from(emulator::SECRET.to_owned()))
        .expect("put");
    click(&mut harness, "Request a test token");
    run_until(&mut harness, "the token", |h| {
        h.state().session().token.is_some()
    });
    crate::util::settle(&mut harness);
    assert!(shows(
        &harness,
        "Test token received: the client secret works. The permissions the token carries are shown below."
    ));
    assert!(shows(&harness, "The application itself"));
    assert!(matches!(
        harness.state().session().consent,
        StepState::Done { .. }
    ));
    // Issue 21: on the RBAC route there is nothing to consent to, and the token carries no
    // permission. Once SMTP.SendAsApp is granted in Entra, the page says what that breaks.
    assert!(!shows(&harness, "Grant admin consent in the browser"));
    assert!(shows(&harness, "Permissions in the token (roles)"));
    assert!(shows(&harness, "none"));
    emulator.grant_confidential("SMTP.SendAsApp");
    click(&mut harness, "Renew");
    run_until(&mut harness, "the new token", |h| {
        h.state()
            .session()
            .token
            .as_ref()
            .is_some_and(|t| t.roles.as_deref() == Some(&["SMTP.SendAsApp".to_owned()][..]))
    });
    crate::util::settle(&mut harness);
    assert!(shows(
        &harness,
        "The token carries permissions granted in Entra: SMTP.SendAsApp"
    ));
}

#[test]
fn device_code_sign_in_shows_the_code_then_the_token() {
    let emulator = Emulator::start();
    emulator.state.lock().expect("state").device_pending_polls = 1;
    let authority = crate::util::emulator_authority(&emulator);
    let dir = tempfile::tempdir().expect("tempdir");
    let mut harness = app_with(Language::Nl, dir.path(), move |options| {
        options.authority = authority;
    });
    to_registration(&mut harness, Language::Nl);
    click(
        &mut harness,
        "SMTP en IMAP namens een aangemelde gebruiker (gedelegeerd)",
    );
    look_up_tenant(
        &mut harness,
        Language::Nl,
        "Maildomein",
        &format!("beheer@{DOMAIN}"),
    );
    type_into(&mut harness, "Client-ID", PUBLIC_CLIENT);
    click(&mut harness, "Volgende");
    click(&mut harness, "Volgende");
    click(&mut harness, "Aanmelden met een code op een ander apparaat");
    click(&mut harness, "Aanmelden");
    run_until(&mut harness, "the device code", |h| shows(h, "KX7PQ2M4A"));
    assert!(shows(&harness, "Voer de code in op een ander apparaat"));
    run_until(&mut harness, "the token", |h| {
        h.state().session().token.is_some()
    });
    crate::util::settle(&mut harness);
    assert!(shows(&harness, "Aangemeld: het token werkt."));
    assert!(
        !shows(&harness, "KX7PQ2M4A"),
        "the code disappears once used"
    );
}
