//! Planted secrets must never reach a file Overstap writes, its Debug output, or the screen
//! after they were stored: the session (autosaved and on exit), the settings, the generated
//! PowerShell, the token status.

use egui_kittest::kittest::Queryable as _;
use overstap::i18n::Language;
use secrecy::ExposeSecret as _;

use crate::support::emulator::{CONFIDENTIAL_CLIENT, DOMAIN, Emulator, SECRET};
use crate::util::{app_with, click, look_up_tenant, run_until, to_registration, type_into};

/// Every file below `dir`, as text (lossy), with its path.
fn files_below(dir: &std::path::Path) -> Vec<(std::path::PathBuf, String)> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).expect("read dir").flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(files_below(&path));
        } else {
            let bytes = std::fs::read(&path).expect("read");
            out.push((path, String::from_utf8_lossy(&bytes).into_owned()));
        }
    }
    out
}

#[test]
fn a_planted_secret_and_tokens_appear_in_no_artefact() {
    let emulator = Emulator::start();
    let authority = emulator.base.clone();
    let store = std::sync::Arc::new(overstap::secrets::MemoryStore::default());
    let shared: std::sync::Arc<dyn overstap::secrets::SecretStore> = store.clone();
    let dir = tempfile::tempdir().expect("tempdir");
    let mut harness = app_with(Language::En, dir.path(), move |options| {
        options.authority = authority;
        options.secrets = shared;
    });
    to_registration(&mut harness, Language::En);
    click(
        &mut harness,
        "SMTP AUTH with OAuth, as the application itself (app-only)",
    );
    look_up_tenant(&mut harness, Language::En, "Mail domain", DOMAIN);
    type_into(&mut harness, "Client ID", CONFIDENTIAL_CLIENT);
    click(&mut harness, "Next");
    type_into(&mut harness, "Secret value", SECRET);
    click(&mut harness, "12 months");
    click(&mut harness, "Store secret");
    // Storing checks the secret with a real token request at once.
    run_until(&mut harness, "the secret check", |h| {
        h.state().session().token.is_some()
    });
    assert!(
        harness.query_by_label(SECRET).is_none(),
        "the secret is not on screen"
    );
    assert!(
        harness
            .query_all_by(|n| n.value().is_some_and(|v| v.contains(SECRET)))
            .next()
            .is_none(),
        "no widget still holds the secret"
    );
    click(&mut harness, "Next");
    click(&mut harness, "Request a test token");
    run_until(&mut harness, "the token", |h| {
        h.state().session().token.is_some()
    });
    click(&mut harness, "Next");

    // Test send left for later, the Applications page, then the Summary, where the session is
    // exported for the partner.
    click(
        &mut harness,
        "I will test later (the summary lists it as open)",
    );
    click(&mut harness, "Next");
    click(&mut harness, "Next");
    click(&mut harness, "Export session");
    assert!(
        harness
            .query_all_by_label_contains("Saved: ")
            .next()
            .is_some()
    );

    // Everything the app can leave behind.
    let debug = format!("{:?}", harness.state().session());
    let session_json = harness.state().session().to_json();
    drop(harness);
    let tokens = emulator.state.lock().expect("state").access_tokens.clone();
    assert!(
        !tokens.is_empty(),
        "tokens were issued, so the check below means something"
    );
    let mut artefacts = files_below(dir.path());
    assert!(
        artefacts
            .iter()
            .any(|(path, _)| path.ends_with("session.json")),
        "the session was autosaved: {artefacts:?}"
    );
    artefacts.push(("Debug of the session".into(), debug));
    artefacts.push(("session JSON".into(), session_json));
    for (path, text) in &artefacts {
        assert!(
            !text.contains(SECRET),
            "the secret leaked into {}",
            path.display()
        );
        for token in &tokens {
            assert!(
                !text.contains(token.as_str()),
                "a token leaked into {}",
                path.display()
            );
        }
    }
    // The secret is where it belongs.
    let key = overstap::secrets::SecretKey {
        tenant_id: overstap::guid::Guid::parse(crate::support::emulator::TENANT_ID).expect("guid"),
        client_id: overstap::guid::Guid::parse(CONFIDENTIAL_CLIENT).expect("guid"),
        purpose: "client-secret",
    };
    use overstap::secrets::SecretStore as _;
    assert_eq!(store.get(&key).expect("stored").expose_secret(), SECRET);
}
