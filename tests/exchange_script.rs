//! The generated Exchange PowerShell, compared with reviewed golden files in `tests/golden/`.
//! After a deliberate change: `OVERSTAP_BLESS=1 cargo test --test tests exchange_script` rewrites
//! them; review the diff before committing.

use overstap::exchange_script::{AllSolutionsInputs, ScriptInputs, allsolutions_checks, script};
use overstap::guid::Guid;
use overstap::i18n::{Language, Localizer};
use overstap::session::Scenario;

fn inputs() -> ScriptInputs {
    ScriptInputs {
        tenant_id: Guid::parse("8f7e6d5c-4b3a-2918-0716-253443526170").ok(),
        client_id: Guid::parse("1b2c3d4e-5f60-4172-8394-b5c6d7e8f9a0").ok(),
        enterprise_object_id: Guid::parse("6e5d4c3b-2a19-4807-b6a5-948372615040").ok(),
        mailbox: Some("scanner@contoso.nl".into()),
    }
}

fn check(name: &str, actual: &str) {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(name);
    if std::env::var_os("OVERSTAP_BLESS").is_some() {
        std::fs::write(&path, actual).expect("bless");
        return;
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|_| panic!("{} is missing: run with OVERSTAP_BLESS=1", path.display()));
    assert_eq!(actual, expected, "{name} differs from its golden file");
}

#[test]
fn every_scenario_matches_its_golden_file() {
    let english = Localizer::new(Language::En);
    for scenario in Scenario::ALL {
        check(
            &format!("{}.en.ps1", scenario.key()),
            &script(scenario, &inputs(), &english),
        );
    }
    let dutch = Localizer::new(Language::Nl);
    check(
        "smtp-app-only.nl.ps1",
        &script(Scenario::SmtpAppOnly, &inputs(), &dutch),
    );
}

#[test]
fn least_privilege_and_the_right_object_id() {
    let text = script(
        Scenario::SmtpAppOnly,
        &inputs(),
        &Localizer::new(Language::En),
    );
    assert!(text.contains("$objectId = '6e5d4c3b-2a19-4807-b6a5-948372615040'"));
    assert!(text.contains("New-ServicePrincipal -AppId $appId -ObjectId $objectId"));
    assert!(
        text.contains(
            "-RecipientRestrictionFilter \"PrimarySmtpAddress -eq 'scanner@contoso.nl'\""
        )
    );
    assert!(text.contains("-Role 'Application SMTP.SendAsApp'"));
    assert!(
        text.contains("Set-CASMailbox -Identity $mailbox -SmtpClientAuthenticationDisabled $false")
    );
    assert!(text.contains("Test-ServicePrincipalAuthorization"));
    let graph = script(
        Scenario::GraphAppOnly,
        &inputs(),
        &Localizer::new(Language::En),
    );
    assert!(graph.contains("-Role 'Application Mail.Send'"));
    assert!(
        graph.contains("# New-ApplicationAccessPolicy"),
        "legacy only as a comment"
    );
    assert!(!graph.contains("\nNew-ApplicationAccessPolicy"));
}

/// Issue 10: the AllSolutions checks (UPN beside primary SMTP address, IMAP on for the MZZPAR
/// account), in both languages, for a list of users and for "all users".
#[test]
fn allsolutions_checks_match_their_golden_files() {
    let inputs = AllSolutionsInputs::from_typed(
        "exchange-sync@contoso.nl",
        "p.devries@contoso.nl\nanna.jansen@contoso.nl\no'brien@contoso.nl",
    );
    for (language, code) in [(Language::En, "en"), (Language::Nl, "nl")] {
        check(
            &format!("allsolutions-checks.{code}.ps1"),
            &allsolutions_checks(&inputs, &Localizer::new(language)),
        );
    }
    let everyone = AllSolutionsInputs::from_typed("", "");
    let text = allsolutions_checks(&everyone, &Localizer::new(Language::En));
    check("allsolutions-checks-all-users.en.ps1", &text);
    assert!(text.contains("$account = '<mzzpar-account@domain>'"));
    assert!(text.contains("-RecipientTypeDetails UserMailbox"));
    let listed = allsolutions_checks(&inputs, &Localizer::new(Language::En));
    assert!(listed.contains("    'o''brien@contoso.nl'"));
    assert!(listed.contains("Set-CASMailbox -Identity $account -ImapEnabled $true"));
    assert!(listed.contains("UserPrincipalName -eq $_.PrimarySmtpAddress"));
    assert!(!listed.contains('⟦'), "every comment exists: {listed}");
}
