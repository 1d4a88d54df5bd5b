//! The Applications page: the checklist per application, driven through the real widgets.

use egui::accesskit::Role;
use egui_kittest::kittest::Queryable as _;
use overstap::checklist::AppStatus;
use overstap::i18n::Language;

use crate::util::{app, click, click_first, replace_text, shows, to_applications, type_into};

fn radio(harness: &mut egui_kittest::Harness<'_, overstap::ui::OverstapApp>, label: &str) {
    harness
        .get_by_role_and_label(Role::RadioButton, label)
        .scroll_to_me();
    harness.run();
    harness
        .get_by_role_and_label(Role::RadioButton, label)
        .click();
    harness.run();
}

#[test]
fn marking_applications_updates_the_count_in_both_languages() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut harness = app(Language::En, dir.path());
    to_applications(&mut harness);
    assert!(shows(&harness, "Applications"));
    assert!(shows(&harness, "0 of 22 checked · 0 N/A · 22 open"));

    // Exact Globe Next mails straight to Exchange Online: the rules fill the actions.
    click_first(&mut harness, "Exact Globe Next");
    type_into(&mut harness, "Server", "SMTP.Office365.com:587");
    assert!(shows(
        &harness,
        "Exchange Online direct: smtp.office365.com"
    ));
    let actions = harness
        .get_by_label("Required actions")
        .value()
        .expect("actions text");
    assert!(actions.contains("Microsoft Graph"), "{actions}");
    type_into(
        &mut harness,
        "Findings",
        "Globe 422SP10, SMTP ticked for 3 users",
    );
    radio(&mut harness, "Checked");
    assert!(shows(&harness, "1 of 22 checked · 0 N/A · 21 open"));

    // LucaNet is not installed here.
    click_first(&mut harness, "LucaNet");
    assert!(shows(&harness, "Consult the vendor"));
    radio(&mut harness, "N/A");
    assert!(shows(&harness, "1 of 22 checked · 1 N/A · 20 open"));

    // In Dutch the same state, in Dutch words; checklist-filled actions follow the language.
    click(&mut harness, "Nederlands");
    assert!(shows(
        &harness,
        "1 van 22 gecontroleerd · 1 n.v.t. · 20 open"
    ));
    click_first(&mut harness, "Exact Globe Next");
    assert!(shows(
        &harness,
        "Rechtstreeks Exchange Online: smtp.office365.com"
    ));
    let actions = harness
        .get_by_label("Vereiste acties")
        .value()
        .expect("actions text");
    assert!(
        actions.contains("Microsoft Graph") && actions.contains("Globe"),
        "{actions}"
    );
    assert_eq!(
        harness.get_by_label("Bevindingen").value().as_deref(),
        Some("Globe 422SP10, SMTP ticked for 3 users"),
        "the admin's own findings are kept as typed"
    );
    radio(&mut harness, "N.v.t.");
    assert!(shows(
        &harness,
        "0 van 22 gecontroleerd · 2 n.v.t. · 20 open"
    ));

    // The summary carries the same verdicts for printing.
    click(&mut harness, "Volgende");
    assert!(shows(&harness, "Overzicht"));
    assert!(shows(
        &harness,
        "0 van 22 gecontroleerd · 2 n.v.t. · 20 open"
    ));

    let session = harness.state().session();
    assert_eq!(
        session.applications["exact-globe-next"].status,
        AppStatus::NotApplicable
    );
    assert_eq!(
        session.applications["lucanet"].status,
        AppStatus::NotApplicable
    );
    assert_eq!(
        session.applications["exact-globe-next"].server,
        "SMTP.Office365.com:587"
    );
}

#[test]
fn own_actions_are_never_overwritten_and_followers_point_to_their_leader() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut harness = app(Language::En, dir.path());
    to_applications(&mut harness);

    click_first(&mut harness, "Exact Synergy Enterprise");
    type_into(&mut harness, "Server", "relay01.contoso.local");
    assert!(shows(
        &harness,
        "Relay: relay01.contoso.local. IT must check whether it forwards to Exchange Online and how it signs in."
    ));
    replace_text(
        &mut harness,
        "Required actions",
        "- Piet checks the relay on Monday.",
    );
    type_into(&mut harness, "Server", "x");
    assert_eq!(
        harness.get_by_label("Required actions").value().as_deref(),
        Some("- Piet checks the relay on Monday."),
        "a new server value does not overwrite the admin's own actions"
    );

    // C!Fas uses Synergy's setting and says so, with a way to get there.
    click_first(&mut harness, "C!Fas");
    assert!(shows(
        &harness,
        "Uses the mail setting of Exact Synergy Enterprise"
    ));
    assert!(shows(
        &harness,
        "Exact Synergy Enterprise is set to: relay01.contoso.localx"
    ));
    click(&mut harness, "Go to Exact Synergy Enterprise");
    assert_eq!(
        harness.get_by_label("Server").value().as_deref(),
        Some("relay01.contoso.localx")
    );
}

#[test]
fn the_general_guidance_opens_beside_the_page() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut harness = app(Language::En, dir.path());
    to_applications(&mut harness);
    assert!(!shows(&harness, "Close"));
    click(&mut harness, "General guidance");
    assert!(shows(&harness, "Close"));
    assert!(
        harness
            .query_all_by_label_contains("24 months")
            .next()
            .is_some()
    );
    click(&mut harness, "Close");
    assert!(!shows(&harness, "Close"));
}
