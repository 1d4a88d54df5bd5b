//! Issue 19: one place for each rule. Each test here failed while a page decided a rule on its
//! own and the wizard (or the summary) decided it differently.

use overstap::i18n::Language;
use overstap::scenario::Scenario;
use overstap::wizard::Page;

use crate::util::{app, click, is_enabled, shows, to_registration, type_into};

const TENANT: &str = "8f7e6d5c-4b3a-2918-0716-253443526170";
const CLIENT: &str = "0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9";

/// From a fresh app (English) to the Secret page with SMTP app-only and both ids.
fn to_secret(harness: &mut egui_kittest::Harness<'static, overstap::ui::OverstapApp>) {
    to_registration(harness, Language::En);
    click(
        harness,
        "SMTP AUTH with OAuth, as the application itself (app-only)",
    );
    type_into(harness, "Tenant ID", TENANT);
    type_into(harness, "Client ID", CLIENT);
    click(harness, "Next");
    assert_eq!(harness.state().current_page(), Page::Secret);
}

/// The Secret page asked for a secret when no scenario was chosen (`is_none_or`), while the
/// wizard did not require one (`is_some_and`). Now the page asks the wizard.
#[test]
fn with_no_scenario_the_secret_page_asks_for_no_secret() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut harness = app(Language::En, dir.path());
    to_secret(&mut harness);
    assert!(shows(&harness, "Secret value"));
    harness.state_mut().session_mut().registration.scenario = None;
    harness.run();
    assert!(
        !shows(&harness, "Secret value"),
        "no secret field without a scenario"
    );
    assert!(shows(&harness, "Choose a scenario first"));
    assert!(!overstap::wizard::needs_client_secret(
        &harness.state().session().registration
    ));
}

/// A secret expiring exactly 30 days ahead: the page warned in one place and not in another
/// (`< 30` against `<= 30`). Now the page, the summary and the relay use one rule.
#[test]
fn an_expiry_exactly_30_days_ahead_warns_on_the_page_and_in_the_summary() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut harness = app(Language::En, dir.path());
    to_secret(&mut harness);
    type_into(
        &mut harness,
        "Secret value",
        "Qx8~thirty.SECRET-value_0123456789",
    );
    click(&mut harness, "Another date");
    // 30 days after the test date 2026-11-26, typed in the Dutch order the portal shows.
    type_into(&mut harness, "Expires on", "26/12/2026");
    let warning = "Expires on 2026-12-26: only 30 days left. Plan the renewal now.";
    assert!(shows(&harness, warning), "warned before storing");
    click(&mut harness, "Store secret");
    assert!(shows(&harness, warning), "and after storing");
    click(&mut harness, "Next");
    click(
        &mut harness,
        "I will complete the consent later (the summary lists it as open)",
    );
    click(&mut harness, "Next");
    click(
        &mut harness,
        "I will test later (the summary lists it as open)",
    );
    click(&mut harness, "Next");
    click(&mut harness, "Next");
    assert_eq!(harness.state().current_page(), Page::Summary);
    assert!(shows(
        &harness,
        "Held in memory until Overstap closes, expires on 2026-12-26; 30 days left: renew it now"
    ));
    let relay = overstap::relay::RelaySettings {
        secret_expires_on: chrono::NaiveDate::from_ymd_opt(2026, 12, 26),
        ..relay_settings()
    };
    assert_eq!(relay.secret_days_left(crate::util::today()), Some(30));
}

fn relay_settings() -> overstap::relay::RelaySettings {
    overstap::relay::RelaySettings {
        listen: "127.0.0.1:25".parse().expect("address"),
        installed: true,
        running: true,
        route: overstap::relay::DeliveryRoute::Smtp,
        mailbox: "scanner@contoso.nl".into(),
        secret_expires_on: None,
    }
}

/// The wizard blocked on an object id in a field the page does not show (a delegated route
/// registers no service principal in Exchange): Next stayed disabled with nothing to fix.
#[test]
fn an_object_id_left_in_a_hidden_field_does_not_block() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut harness = app(Language::En, dir.path());
    to_registration(&mut harness, Language::En);
    {
        let registration = &mut harness.state_mut().session_mut().registration;
        registration.choose_scenario(Scenario::SmtpImapDelegated);
        registration.tenant_id = TENANT.into();
        registration.client_id = CLIENT.into();
        // Typed while an app-only route was chosen, then the scenario changed.
        registration.enterprise_object_id = CLIENT.into();
    }
    harness.run();
    assert!(!shows(&harness, "Enterprise application object ID"));
    assert!(is_enabled(&harness, "Next"), "nothing hidden blocks Next");
    click(&mut harness, "Next");
    assert_eq!(harness.state().current_page(), Page::Secret);
}

/// KING's renewal date read by the same reader as the secret's date: `26/11/2026` was accepted
/// on the Secret page and read as "unknown" in the summary.
#[test]
fn a_typed_date_reads_the_same_everywhere() {
    let l10n = overstap::i18n::Localizer::new(Language::En);
    let mut registration = overstap::registration::Registration::default();
    registration.answers.refresh_renewed = "26/11/2026".into();
    let fact = overstap::summary::refresh_fact(
        overstap::presets::Preset::KING_ERP,
        &registration,
        &l10n,
        crate::util::today(),
    );
    assert!(fact.value.contains("2027-02-24"), "{}", fact.value);
}

/// Issue 19: time is injected. The app runs at a moment far from the test date and far from
/// the wall clock; every date a page shows or writes comes from that clock: the secret's
/// expiry on the Secret page, the summary, and the report's name and "made on" line (which
/// read the wall clock inside the page before).
#[test]
fn every_page_runs_at_the_apps_clock() {
    use chrono::TimeZone as _;
    let moment = chrono::Local
        .from_local_datetime(
            &chrono::NaiveDate::from_ymd_opt(2030, 5, 15)
                .expect("date")
                .and_hms_opt(9, 30, 0)
                .expect("time"),
        )
        .single()
        .expect("local time");
    let dir = tempfile::tempdir().expect("tempdir");
    let mut harness = crate::util::app_with(Language::En, dir.path(), move |options| {
        options.clock = Box::new(move || moment);
    });
    to_secret(&mut harness);
    type_into(
        &mut harness,
        "Secret value",
        "Qx8~clock.SECRET-value_0123456789",
    );
    click(&mut harness, "24 months");
    assert!(shows(&harness, "Expires on 2032-05-15"));
    click(&mut harness, "Store secret");
    click(&mut harness, "Next");
    click(
        &mut harness,
        "I will complete the consent later (the summary lists it as open)",
    );
    click(&mut harness, "Next");
    click(
        &mut harness,
        "I will test later (the summary lists it as open)",
    );
    click(&mut harness, "Next");
    click(&mut harness, "Next");
    assert_eq!(harness.state().current_page(), Page::Summary);
    assert!(shows(
        &harness,
        "Held in memory until Overstap closes, expires on 2032-05-15"
    ));
    click(&mut harness, "Save report (HTML, to print)");
    let report = dir
        .path()
        .join("documents")
        .join("overstap-report-20300515-0930.html");
    crate::util::run_until(&mut harness, "the report", |_| report.exists());
    let html = std::fs::read_to_string(&report).expect("report");
    assert!(
        html.contains("2030-05-15 09:30"),
        "made at the app's moment"
    );
}

/// Issue 19: errors reach the Dutch window in Dutch. The autosave of the last run is damaged:
/// it used to vanish without a word; now the first page says why, in the window's language.
#[test]
fn an_unreadable_autosave_is_explained_in_dutch() {
    let dir = tempfile::tempdir().expect("tempdir");
    let autosave = overstap::settings::UserDirs::at(dir.path().to_path_buf()).autosave_file();
    std::fs::create_dir_all(autosave.parent().expect("folder")).expect("folder");
    std::fs::write(&autosave, "{ \"version\": 2, niet af").expect("damaged file");
    let mut harness = app(Language::Nl, dir.path());
    harness.run();
    assert!(crate::util::shows_containing(
        &harness,
        "De automatisch opgeslagen sessie van de vorige keer kon niet worden gelezen"
    ));
    assert!(crate::util::shows_containing(
        &harness,
        "Het bestand is beschadigd of geen JSON (regel 1, kolom"
    ));
    assert!(!crate::util::shows_containing(&harness, "not valid JSON"));
}

/// The autosave cannot be written (its path is a folder): the message was the English text of
/// the error inside the Dutch window.
#[test]
fn a_session_that_cannot_be_saved_is_explained_in_dutch() {
    let dir = tempfile::tempdir().expect("tempdir");
    let autosave = overstap::settings::UserDirs::at(dir.path().to_path_buf()).autosave_file();
    std::fs::create_dir_all(autosave.join("in-de-weg")).expect("a folder in the way");
    let mut harness = app(Language::Nl, dir.path());
    harness.run();
    click(&mut harness, "Ik beheer deze server");
    click(&mut harness, "Volgende");
    assert!(crate::util::shows_containing(
        &harness,
        "Het sessiebestand kon niet worden geschreven"
    ));
    assert!(!crate::util::shows_containing(&harness, "cannot write"));
}

/// A partner's catalogue folder that does not exist: the reason in Dutch, the English text only
/// behind "Copy details".
#[test]
fn a_missing_catalogue_folder_is_explained_in_dutch() {
    let dir = tempfile::tempdir().expect("tempdir");
    let missing = dir.path().join("bestaat-niet");
    let mut harness = app(Language::Nl, dir.path());
    harness.run();
    type_into(&mut harness, "Catalogusmap", &missing.display().to_string());
    click(&mut harness, "Catalogus gebruiken");
    assert!(shows(&harness, "De catalogusmap kon niet worden gebruikt"));
    assert!(crate::util::shows_containing(
        &harness,
        "staat niets: de map of het bestand bestaat niet (meer)."
    ));
    assert!(!crate::util::shows_containing(
        &harness,
        "cannot read the catalogue folder"
    ));
}
