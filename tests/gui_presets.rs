//! Issue 10: the presets for AllSolutions, combit CRM and KING ERP, walked through the real app
//! in English and Dutch: what each preset fills in, what it leaves out, and what the summary shows.

use egui_kittest::kittest::Queryable as _;
use overstap::i18n::Language;
use overstap::presets::Preset;
use overstap::session::StepState;

use crate::util::{
    app, click, is_enabled, replace_text, shows, shows_containing, to_registration, type_into,
};

const TENANT: &str = "8f7e6d5c-4b3a-2918-0716-253443526170";
const CLIENT: &str = "0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9";

/// The script is a read-only text field; its value holds the text.
fn shows_value(
    harness: &egui_kittest::Harness<'_, overstap::ui::OverstapApp>,
    needle: &str,
) -> bool {
    harness
        .query_all_by(|node| node.value().is_some_and(|v| v.contains(needle)))
        .next()
        .is_some()
}

#[test]
fn allsolutions_preset_in_english_to_the_summary() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut harness = app(Language::En, dir.path());
    to_registration(&mut harness, Language::En);
    click(&mut harness, "AllSolutions (Exchange Web Services)");
    assert!(shows(
        &harness,
        "Fixed by the preset: Exchange Web Services, delegated"
    ));
    assert!(
        !shows(&harness, "Exchange Web Services (EWS)"),
        "no scenario choice"
    );
    click(&mut harness, "Acceptance");

    // Typed with scheme, uppercase, an IDN and a trailing slash: normalised to punycode.
    type_into(
        &mut harness,
        "AllSolutions domain",
        "HTTPS://CRM.Bäckerei.de/",
    );
    let redirect = "https://crm.xn--bckerei-5wa.de/jsonhandler.ashx";
    assert!(shows(&harness, redirect));
    assert!(shows(&harness, "Web"));
    assert!(shows(
        &harness,
        "AllSolutions Exchange synchronisatie (acceptatie)"
    ));
    assert!(!shows(&harness, "http://localhost"), "not the loopback URI");
    assert!(
        !shows(&harness, "full_access_as_app"),
        "no permissions up front"
    );

    type_into(&mut harness, "Tenant ID", TENANT);
    type_into(&mut harness, "Client ID", CLIENT);
    assert!(
        harness
            .query_by_label("Enterprise application object ID")
            .is_none()
    );
    type_into(
        &mut harness,
        "Account in MZZPAR (Exchange Webservice)",
        "exchange-sync@contoso.nl",
    );
    assert!(shows(
        &harness,
        &format!("https://login.microsoftonline.com/{TENANT}/oauth2/v2.0/authorize")
    ));
    assert!(shows_value(
        &harness,
        "$account = 'exchange-sync@contoso.nl'"
    ));
    assert!(shows_value(
        &harness,
        "Set-CASMailbox -Identity $account -ImapEnabled $true"
    ));
    assert!(shows_value(
        &harness,
        "UserPrincipalName -eq $_.PrimarySmtpAddress"
    ));
    assert!(is_enabled(&harness, "Next"));
    click(&mut harness, "Next");

    assert!(shows(
        &harness,
        "AllSolutions cannot see when this secret expires"
    ));
    type_into(
        &mut harness,
        "Secret value",
        "Qx8~planted.SECRET-value_0123456789",
    );
    click(&mut harness, "24 months");
    click(&mut harness, "Store secret");
    click(&mut harness, "Next");

    assert!(shows(
        &harness,
        "Authorize AllSolutions (in AllSolutions, not in Overstap)"
    ));
    assert!(!is_enabled(&harness, "Next"));
    click(
        &mut harness,
        "AllSolutions shows a refresh token in the EWS location",
    );
    assert!(matches!(
        harness.state().session().consent,
        StepState::Done { .. }
    ));
    click(&mut harness, "Next");
    click(
        &mut harness,
        "I will test later (the summary lists it as open)",
    );
    click(&mut harness, "Next");
    click(&mut harness, "Next");

    assert!(shows(&harness, "Application preset"));
    assert!(shows(&harness, "Acceptance"));
    assert!(shows(
        &harness,
        "Held in memory until Overstap closes, expires on 2028-11-26"
    ));
    assert!(harness.query_all_by_label(redirect).next().is_some());
    let session = harness.state().session();
    assert_eq!(session.registration.preset, Some(Preset::ALL_SOLUTIONS));
}

#[test]
fn allsolutions_preset_in_dutch_refuses_http() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut harness = app(Language::Nl, dir.path());
    to_registration(&mut harness, Language::Nl);
    click(&mut harness, "AllSolutions (Exchange Web Services)");
    click(&mut harness, "Productie");
    type_into(&mut harness, "AllSolutions-domein", "http://crm.contoso.nl");
    assert!(shows(
        &harness,
        "Het adres begint met http: Entra accepteert voor een webadres alleen https."
    ));
    type_into(&mut harness, "Tenant-ID", TENANT);
    type_into(&mut harness, "Client-ID", CLIENT);
    assert!(!is_enabled(&harness, "Volgende"));
    replace_text(&mut harness, "AllSolutions-domein", "crm.contoso.nl");
    assert!(shows(&harness, "https://crm.contoso.nl/jsonhandler.ashx"));
    assert!(shows(
        &harness,
        "AllSolutions Exchange synchronisatie (productie)"
    ));
    assert!(shows_value(&harness, "# Geen gebruikers opgegeven"));
    assert!(is_enabled(&harness, "Volgende"));
}

#[test]
fn king_preset_needs_only_the_tenant_and_an_admin_confirmation() {
    for language in [Language::En, Language::Nl] {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut harness = app(language, dir.path());
        to_registration(&mut harness, language);
        let en = language == Language::En;
        let (tenant_label, client_label) = if en {
            ("Tenant ID", "Client ID")
        } else {
            ("Tenant-ID", "Client-ID")
        };
        click(
            &mut harness,
            if en {
                "KING ERP (Microsoft 365 SMTP or Graph API OAuth2)"
            } else {
                "KING ERP (Microsoft 365 SMTP of Graph API OAuth2)"
            },
        );
        let next = if en { "Next" } else { "Volgende" };
        assert!(shows(
            &harness,
            if en {
                "No app registration of your own needed"
            } else {
                "Geen eigen app-registratie nodig"
            }
        ));
        assert!(shows(&harness, "Microsoft Graph API OAuth2"));
        assert!(harness.query_by_label(client_label).is_none());
        assert!(!is_enabled(&harness, next));
        type_into(&mut harness, tenant_label, TENANT);
        assert!(is_enabled(&harness, next), "no client id needed");
        click(&mut harness, next);
        assert!(shows(
            &harness,
            if en {
                "KING ERP signs in with the vendor's app: there is no client secret of your own. Continue to the next step."
            } else {
                "KING ERP meldt aan met de app van de leverancier: er is geen eigen clientgeheim. Ga verder naar de volgende stap."
            }
        ));
        click(&mut harness, next);

        // Issue 18: KING's guide names no portal path for consent; Overstap invents none.
        assert!(shows(
            &harness,
            "KING Software SendEmail (Quadrant Automatisering B.V.)"
        ));
        assert!(!shows_containing(&harness, "Enterprise applications"));
        assert!(!shows_containing(&harness, "Bedrijfstoepassingen"));
        assert!(!is_enabled(&harness, next));
        click(
            &mut harness,
            if en {
                "The permissions were accepted; KING shows the status"
            } else {
                "De machtigingen zijn geaccepteerd; KING toont de status"
            },
        );
        type_into(
            &mut harness,
            if en {
                "Refresh token renewed on"
            } else {
                "Vernieuwingstoken vernieuwd op"
            },
            "2026-11-20",
        );
        let deadline = if en {
            "Without mail, authenticate again before 2027-02-18 (days left: 84)"
        } else {
            "Zonder mail opnieuw authenticeren vóór 2027-02-18 (dagen over: 84)"
        };
        assert!(shows(&harness, deadline));
        assert!(is_enabled(&harness, next));
        click(&mut harness, next);
        click(
            &mut harness,
            if en {
                "I will test later (the summary lists it as open)"
            } else {
                "Ik test later (het overzicht toont dit als open)"
            },
        );
        click(&mut harness, next);
        click(&mut harness, next);
        assert!(shows(&harness, deadline), "the summary repeats the window");
        assert!(shows(
            &harness,
            if en {
                "Not needed (the vendor's app)"
            } else {
                "Niet nodig (app van de leverancier)"
            }
        ));
    }
}

#[test]
fn combit_preset_uses_the_interactive_flow() {
    for language in [Language::En, Language::Nl] {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut harness = app(language, dir.path());
        to_registration(&mut harness, language);
        let en = language == Language::En;
        click(
            &mut harness,
            if en {
                "combit CRM (SMTP and eMail Autopilot)"
            } else {
                "combit CRM (SMTP en eMail Autopilot)"
            },
        );
        assert!(shows(
            &harness,
            if en {
                "How combit CRM switches over (service pack 11.006 or later)"
            } else {
                "Zo zet u combit CRM om (Service Pack 11.006 of later)"
            }
        ));
        assert!(shows(&harness, "http://localhost"));
        assert!(shows(&harness, "IMAP.AccessAsUser.All"));
        assert_eq!(
            harness.state().session().registration.scenario,
            Some(overstap::scenario::Scenario::SmtpImapDelegated)
        );
        let (tenant_label, client_label) = if en {
            ("Tenant ID", "Client ID")
        } else {
            ("Tenant-ID", "Client-ID")
        };
        type_into(&mut harness, tenant_label, TENANT);
        type_into(&mut harness, client_label, CLIENT);
        let next = if en { "Next" } else { "Volgende" };
        click(&mut harness, next);
        click(&mut harness, next);
        assert!(shows(
            &harness,
            if en {
                "combit CRM asks for its own consent"
            } else {
                "combit CRM vraagt zijn eigen toestemming"
            }
        ));
    }
}
