//! A partner exports the session from the Summary; the customer imports it on Welcome.

use egui_kittest::kittest::Queryable as _;
use overstap::i18n::Language;
use overstap::platform::Role;

use crate::util::{app, click, replace_text, shows, type_into};

#[test]
fn a_partners_session_travels_by_file() {
    let partner_dir = tempfile::tempdir().expect("tempdir");
    let mut partner = app(Language::En, partner_dir.path());
    partner.run();
    click(&mut partner, "I am a partner guiding a customer remotely");
    click(&mut partner, "Next");
    click(
        &mut partner,
        "Skip the scan: I will mark the applications by hand",
    );
    click(&mut partner, "Next");
    click(
        &mut partner,
        "SMTP and IMAP on behalf of a signed-in user (delegated)",
    );
    type_into(
        &mut partner,
        "Tenant ID",
        "8f7e6d5c-4b3a-2918-0716-253443526170",
    );
    type_into(
        &mut partner,
        "Client ID",
        "0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9",
    );
    for _ in 0..2 {
        click(&mut partner, "Next");
    }
    click(
        &mut partner,
        "I will complete the consent later (the summary lists it as open)",
    );
    click(&mut partner, "Next");
    click(
        &mut partner,
        "I will test later (the summary lists it as open)",
    );
    click(&mut partner, "Next");
    click(&mut partner, "Next");
    click(&mut partner, "Export session");
    // Written on a worker thread through a temporary file (`.overstap-session-….tmp`, also
    // holding the name): only the renamed file is the export.
    let documents = partner_dir.path().join("documents");
    let finished = || {
        std::fs::read_dir(&documents)
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| e.path())
            .find(|p| {
                let name = p.file_name().map(|n| n.to_string_lossy().into_owned());
                name.is_some_and(|n| n.starts_with("overstap-session-") && n.ends_with(".json"))
            })
    };
    crate::util::run_until(&mut partner, "the exported session", |_| {
        finished().is_some()
    });
    let exported = finished().expect("an exported session");

    // The customer, in Dutch, imports it.
    let customer_dir = tempfile::tempdir().expect("tempdir");
    let mut customer = app(Language::Nl, customer_dir.path());
    customer.run();
    type_into(&mut customer, "Sessiebestand", "C:\\does\\not\\exist.json");
    click(&mut customer, "Sessie importeren");
    assert!(shows(&customer, "De sessie kon niet worden geïmporteerd"));
    replace_text(
        &mut customer,
        "Sessiebestand",
        &format!("\"{}\"", exported.display()),
    );
    click(&mut customer, "Sessie importeren");
    let session = customer.state().session();
    assert_eq!(session.role, Some(Role::Partner));
    assert_eq!(
        session.registration.client_id,
        "0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9"
    );
    assert_eq!(
        customer.state().current_page(),
        overstap::wizard::Page::Summary,
        "everything before was complete"
    );
    assert!(
        customer
            .query_by_label("De sessie kon niet worden geïmporteerd")
            .is_none()
    );
}
