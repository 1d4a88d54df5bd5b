//! Issue 13, trust boundaries in the GUI: what a session file says about the tenant's endpoints is
//! never used, the secret field forgets the secret, and a secret held only in memory is not
//! reported as stored after a restart.

use std::sync::{Arc, Mutex};

use egui_kittest::kittest::Queryable as _;
use overstap::i18n::Language;
use overstap::wizard::Page;

use crate::support::emulator::{CONFIDENTIAL_CLIENT, Emulator, SECRET, TENANT_ID};
use crate::util::{app_with, click, run_until, settle, shows, type_into};

/// A server that must never be asked anything: it records every request it gets.
struct Trap {
    base: String,
    hits: Arc<Mutex<Vec<String>>>,
    server: Arc<tiny_http::Server>,
}

impl Trap {
    fn start() -> Trap {
        let server = Arc::new(tiny_http::Server::http("127.0.0.1:0").expect("bind trap"));
        let port = server.server_addr().to_ip().expect("ip").port();
        let hits = Arc::new(Mutex::new(Vec::new()));
        {
            let server = Arc::clone(&server);
            let hits = Arc::clone(&hits);
            std::thread::spawn(move || {
                for mut request in server.incoming_requests() {
                    let mut body = String::new();
                    let _ = request.as_reader().read_to_string(&mut body);
                    hits.lock()
                        .expect("hits")
                        .push(format!("{} {}", request.url(), body));
                    let _ = request.respond(
                        tiny_http::Response::from_string("{\"error\":\"invalid_request\"}")
                            .with_status_code(400),
                    );
                }
            });
        }
        Trap {
            base: format!("http://127.0.0.1:{port}"),
            hits,
            server,
        }
    }

    fn hits(&self) -> Vec<String> {
        self.hits.lock().expect("hits").clone()
    }
}

impl Drop for Trap {
    fn drop(&mut self) {
        self.server.unblock();
    }
}

/// A session as a partner (or an attacker) could write it: complete up to the consent, with the
/// tenant's endpoints pointing at `evil`.
fn session_with_endpoints(evil: &str) -> String {
    serde_json::json!({
        "version": overstap::session::SESSION_VERSION,
        "role": "admin",
        "scan": {"state": "skipped"},
        "registration": {
            "scenario": "smtp-app-only",
            "access": "rbac",
            "tenant_id": TENANT_ID,
            "client_id": CONFIDENTIAL_CLIENT,
        },
        "secret": {"stored": true, "expires_on": "2027-11-26"},
        "tenant": {
            "tenant_id": TENANT_ID,
            "queried": TENANT_ID,
            "cloud": "worldwide",
            "cloud_instance_name": "microsoftonline.com",
            "tenant_region_scope": "EU",
            "graph_host": evil.trim_start_matches("http://"),
            "authorization_endpoint": format!("{evil}/{TENANT_ID}/oauth2/v2.0/authorize"),
            "token_endpoint": format!("{evil}/{TENANT_ID}/oauth2/v2.0/token"),
            "device_authorization_endpoint": format!("{evil}/{TENANT_ID}/oauth2/v2.0/devicecode"),
        }
    })
    .to_string()
}

/// Opens the session from a file (`import`) or as the autosave of an earlier run, then asks for
/// an app-only token with the stored secret. The secret must go to the emulator (found by a new
/// discovery), never to the endpoints the file named.
fn secret_goes_only_to_the_discovered_tenant(import: bool) {
    let emulator = Emulator::start();
    let trap = Trap::start();
    let store = Arc::new(overstap::secrets::MemoryStore::default());
    use overstap::secrets::SecretStore as _;
    store
        .put(
            &overstap::secrets::SecretKey {
                tenant_id: overstap::guid::Guid::parse(TENANT_ID).expect("guid"),
                client_id: overstap::guid::Guid::parse(CONFIDENTIAL_CLIENT).expect("guid"),
                purpose: "client-secret",
            },
            &secrecy::SecretString::from(SECRET.to_owned()),
        )
        .expect("put");
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join(if import {
        "from-partner.json"
    } else {
        "session.json"
    });
    std::fs::write(&file, session_with_endpoints(&trap.base)).expect("write session");
    let authority = crate::util::emulator_authority(&emulator);
    let shared: Arc<dyn overstap::secrets::SecretStore> = store.clone();
    let mut harness = app_with(Language::En, dir.path(), move |options| {
        options.authority = authority;
        options.secrets = shared;
    });
    settle(&mut harness);
    if import {
        type_into(&mut harness, "Session file", &file.display().to_string());
        click(&mut harness, "Import session");
    } else {
        click(&mut harness, "Resume the saved session");
    }
    run_until(&mut harness, "the tenant found again", |h| {
        h.state().session().tenant.is_some()
    });
    // The secret is in this computer's store: say so, as the Secret page would after Store.
    harness.state_mut().session_mut().secret.stored = true;
    if harness.state().current_page() == Page::Secret {
        click(&mut harness, "Next");
    }
    assert_eq!(harness.state().current_page(), Page::Consent);
    click(&mut harness, "Request a test token");
    run_until(&mut harness, "the token or a request to the trap", |h| {
        h.state().session().token.is_some() || !trap.hits().is_empty()
    });
    assert!(
        trap.hits().is_empty(),
        "the file's endpoints were used: {:?}",
        trap.hits()
    );
    let tenant = harness.state().session().tenant.clone().expect("tenant");
    assert!(tenant.token_endpoint.starts_with(&emulator.base));
    assert_eq!(emulator.grants(), ["client_credentials"]);
}

#[test]
fn an_imported_session_never_sends_the_secret_to_its_own_endpoints() {
    secret_goes_only_to_the_discovered_tenant(true);
}

#[test]
fn a_resumed_autosave_never_sends_the_secret_to_its_own_endpoints() {
    secret_goes_only_to_the_discovered_tenant(false);
}

/// After Store, the text field's undo history must not bring the secret back (egui keeps every
/// state of a `TextEdit` in its memory for Ctrl+Z).
#[test]
fn undo_in_the_secret_field_never_brings_the_secret_back() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut harness = app_with(Language::En, dir.path(), |_| {});
    crate::util::to_registration(&mut harness, Language::En);
    click(
        &mut harness,
        "SMTP AUTH with OAuth, as the application itself (app-only)",
    );
    type_into(&mut harness, "Tenant ID", TENANT_ID);
    type_into(&mut harness, "Client ID", CONFIDENTIAL_CLIENT);
    click(&mut harness, "Next");
    type_into(&mut harness, "Secret value", SECRET);
    click(&mut harness, "24 months");
    click(&mut harness, "Store secret");
    assert!(harness.state().session().secret.stored);

    // No egui memory holds the secret any more.
    let id = overstap::ui::pages::secret::secret_field_id();
    let ctx = harness.ctx.clone();
    if let Some(state) = egui::TextEdit::load_state(&ctx, id) {
        let mut undoer = state.undoer();
        let mut current = (egui::text::CCursorRange::default(), String::new());
        while let Some(earlier) = undoer.undo(&current).cloned() {
            assert!(
                !earlier.1.contains("SECRET"),
                "the undo history still holds the secret"
            );
            current = earlier;
        }
    }

    // Replace brings the empty field back; Ctrl+Z in it must not restore the secret.
    click(&mut harness, "Replace secret");
    harness.get_by_label("Secret value").click();
    settle(&mut harness);
    for _ in 0..3 {
        harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
        settle(&mut harness);
    }
    assert!(
        harness
            .query_all_by(|n| n.value().is_some_and(|v| v.contains("SECRET")))
            .next()
            .is_none(),
        "undo brought the secret back into the field"
    );
    click(&mut harness, "Show");
    assert!(
        harness
            .query_all_by(|n| n.value().is_some_and(|v| v.contains("SECRET")))
            .next()
            .is_none(),
        "undo brought the secret back into the field"
    );
}

/// This sandbox has no credential store, so the secret lives in memory only: after a restart
/// (a new app on the saved session) it is gone and must not be reported as stored.
#[test]
fn a_secret_held_in_memory_is_not_stored_after_a_restart() {
    let dir = tempfile::tempdir().expect("tempdir");
    {
        let mut harness = app_with(Language::En, dir.path(), |_| {});
        crate::util::to_registration(&mut harness, Language::En);
        click(
            &mut harness,
            "SMTP AUTH with OAuth, as the application itself (app-only)",
        );
        type_into(&mut harness, "Tenant ID", TENANT_ID);
        type_into(&mut harness, "Client ID", CONFIDENTIAL_CLIENT);
        click(&mut harness, "Next");
        type_into(&mut harness, "Secret value", SECRET);
        click(&mut harness, "24 months");
        click(&mut harness, "Store secret");
        assert!(shows(&harness, "The secret is stored"));
        // Next autosaves the session.
        click(&mut harness, "Next");
    }

    // The restart: a new process, a new (empty) memory store, the same saved session.
    let mut harness = app_with(Language::En, dir.path(), |_| {});
    settle(&mut harness);
    click(&mut harness, "Resume the saved session");
    assert!(!harness.state().session().secret.stored);
    assert_eq!(harness.state().current_page(), Page::Secret);
    assert!(!shows(&harness, "The secret is stored"));
    assert!(crate::util::shows_containing(
        &harness,
        "held in memory by the previous run"
    ));
}

/// A file that is not a session is refused with the reason in the admin's language, and the
/// current work stays as it was.
#[test]
fn a_foreign_file_is_refused_in_both_languages() {
    let dir = tempfile::tempdir().expect("tempdir");
    let foreign = dir.path().join("package.json");
    std::fs::write(&foreign, r#"{"name":"left-pad","version":"1.3.0"}"#).expect("write");
    let nested = dir.path().join("nested.json");
    std::fs::write(&nested, "[".repeat(10_000)).expect("write");
    for (language, field, button, foreign_text, nested_text) in [
        (
            Language::Nl,
            "Sessiebestand",
            "Sessie importeren",
            "Het bestand is JSON, maar geen Overstap-sessie.",
            "Het bestand is beschadigd of geen JSON (regel 1, kolom 128).",
        ),
        (
            Language::En,
            "Session file",
            "Import session",
            "The file is JSON, but not an Overstap session.",
            "The file is damaged or not JSON (line 1, column 128).",
        ),
    ] {
        let mut harness = app_with(language, dir.path(), |_| {});
        settle(&mut harness);
        type_into(&mut harness, field, &foreign.display().to_string());
        click(&mut harness, button);
        assert!(shows(&harness, foreign_text), "{language:?}");
        assert_eq!(harness.state().current_page(), Page::Welcome);
        crate::util::replace_text(&mut harness, field, &nested.display().to_string());
        click(&mut harness, button);
        assert!(shows(&harness, nested_text), "{language:?}");
    }
}
