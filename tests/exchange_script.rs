//! The generated Exchange PowerShell: one reviewed golden file per access route and language in
//! `tests/golden/`, the documented steps of each route, and hostile values that must stay inside
//! their string literals (issue 13).
//! After a deliberate change: `OVERSTAP_BLESS=1 cargo test --test tests exchange_script`
//! rewrites the golden files; review the diff before committing.

use overstap::access::{self, Access};
use overstap::exchange_script::{
    AllSolutionsInputs, ScriptInputs, allsolutions_checks, parse_mailbox, ps_quote, script,
};
use overstap::guid::Guid;
use overstap::i18n::{Language, Localizer};
use overstap::scenario::Scenario;

use crate::support::powershell::{Token, expansions, tokenize};

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

fn route(scenario: Scenario, access: Access) -> &'static access::Route {
    access::route(scenario, access).expect("documented route")
}

fn english(route: &access::Route) -> String {
    script(route, &inputs(), &Localizer::new(Language::En))
}

/// The lines that run (not comments, not empty).
fn commands(text: &str) -> Vec<&str> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect()
}

#[test]
fn every_route_matches_its_golden_files_in_both_languages() {
    for route in access::all() {
        for (language, code) in [(Language::En, "en"), (Language::Nl, "nl")] {
            let text = script(route, &inputs(), &Localizer::new(language));
            assert!(!text.contains('⟦'), "every comment exists: {text}");
            check(&format!("{}.{code}.ps1", route.key()), &text);
        }
    }
}

/// Issue 21: each script does exactly its route's documented steps.
#[test]
fn each_route_runs_its_documented_steps_and_no_other() {
    let rbac = english(route(Scenario::SmtpAppOnly, Access::Rbac));
    let run = commands(&rbac);
    assert!(run.contains(&"$objectId = '6e5d4c3b-2a19-4807-b6a5-948372615040'"));
    assert!(run.contains(
        &"New-ServicePrincipal -AppId $appId -ObjectId $objectId -DisplayName 'Overstap'"
    ));
    assert!(run.contains(&"$opathMailbox = $mailbox -replace \"'\", \"''\""));
    assert!(run.contains(&"$scopeFilter = \"PrimarySmtpAddress -eq '$opathMailbox'\""));
    assert!(run.contains(
        &"New-ManagementScope -Name $scopeName -RecipientRestrictionFilter $scopeFilter"
    ));
    assert!(run.contains(&"New-ManagementRoleAssignment -App $objectId -Role 'Application SMTP.SendAsApp' -CustomResourceScope $scopeName"));
    assert!(
        run.contains(&"Set-CASMailbox -Identity $mailbox -SmtpClientAuthenticationDisabled $false")
    );
    assert!(
        run.contains(&"Test-ServicePrincipalAuthorization -Identity $objectId -Resource $mailbox")
    );
    assert!(
        !rbac.contains("Add-MailboxPermission"),
        "no mailbox permission on RBAC, not even commented"
    );
    assert!(
        rbac.contains("Refrain from adding any permissions"),
        "the limits are in the script"
    );
    assert!(rbac.contains("between 30 minutes and 2 hours"));
    assert!(
        rbac.contains(
            "excludes permissions that might be granted separately in Microsoft Entra ID"
        )
    );

    let classic = english(route(Scenario::SmtpAppOnly, Access::Entra));
    let run = commands(&classic);
    assert!(run.contains(
        &"New-ServicePrincipal -AppId $appId -ObjectId $objectId -DisplayName 'Overstap'"
    ));
    assert!(run.contains(&"$exoServicePrincipal = Get-ServicePrincipal -Identity $appId"));
    assert!(run.contains(&"Add-MailboxPermission -Identity $mailbox -User $exoServicePrincipal.Identity -AccessRights FullAccess"));
    assert!(run.contains(
        &"Get-MailboxPermission -Identity $mailbox | Format-Table User, AccessRights, IsInherited"
    ));
    assert!(
        !classic.contains("New-ManagementRoleAssignment"),
        "no RBAC role on the classic route"
    );
    assert!(!classic.contains("Test-ServicePrincipalAuthorization"));
    assert!(
        classic.contains("Add-RecipientPermission"),
        "the Send As note"
    );

    let graph = english(route(Scenario::GraphAppOnly, Access::Rbac));
    assert!(commands(&graph).contains(&"New-ManagementRoleAssignment -App $objectId -Role 'Application Mail.Send' -CustomResourceScope $scopeName"));
    assert!(
        !graph.contains("New-ApplicationAccessPolicy"),
        "an access policy constrains only Entra permissions, which this route has none of"
    );
    assert!(!graph.contains("Set-CASMailbox"));

    let ews = english(route(Scenario::Ews, Access::Rbac));
    assert!(commands(&ews).contains(&"New-ManagementRoleAssignment -App $objectId -Role 'Application EWS.AccessAsApp' -CustomResourceScope $scopeName"));
    assert!(ews.contains("AutoDiscover service can't be accessed"));
    assert!(!ews.contains("Add-MailboxPermission"));

    let tenant_wide = english(route(Scenario::Ews, Access::Entra));
    let run = commands(&tenant_wide);
    assert_eq!(
        run,
        [
            "Install-Module ExchangeOnlineManagement -Scope CurrentUser",
            "Connect-ExchangeOnline",
            "$appId = '1b2c3d4e-5f60-4172-8394-b5c6d7e8f9a0'",
            "$mailbox = 'scanner@contoso.nl'",
            "Disconnect-ExchangeOnline -Confirm:$false",
        ],
        "full_access_as_app needs nothing in Exchange; the access policy is optional"
    );
    assert!(tenant_wide.contains("# New-ApplicationAccessPolicy -AppId $appId -PolicyScopeGroupId $policyGroup -AccessRight RestrictAccess"));
    assert!(
        tenant_wide.contains("# Test-ApplicationAccessPolicy -Identity $mailbox -AppId $appId")
    );
    assert!(tenant_wide.contains("Don't create new App Access Policies"));

    let delegated = english(route(Scenario::SmtpImapDelegated, Access::Delegated));
    assert!(commands(&delegated).contains(&"Set-CASMailbox -Identity $mailbox -SmtpClientAuthenticationDisabled $false -ImapEnabled $true"));
    assert!(!delegated.contains("ServicePrincipal"));
}

/// What PowerShell and the OPATH parser would make of the scope filter: `$opathMailbox` is the
/// mailbox with `'` doubled (the `-replace` of the script), substituted into the double-quoted
/// filter; the OPATH text value then reads back with `''` as one quote.
fn opath_value_of_filter(raw_filter: &str, mailbox: &str) -> String {
    let expanded = raw_filter.replace("$opathMailbox", &mailbox.replace('\'', "''"));
    let inner = expanded
        .strip_prefix("PrimarySmtpAddress -eq '")
        .and_then(|rest| rest.strip_suffix('\''))
        .expect("filter shape");
    assert!(
        !inner.replace("''", "").contains('\''),
        "a lone quote would end the OPATH value: {expanded}"
    );
    inner.replace("''", "'")
}

/// Issue 13: every generated script keeps each value inside one single-quoted literal. The
/// mailbox appears exactly once, as the value of `$mailbox`; no double-quoted string holds
/// anything but constants and `$opathMailbox`; no comment or bare word holds a value.
fn assert_values_stay_quoted(text: &str, mailbox: &str, what: &str) {
    let tokens = tokenize(text).unwrap_or_else(|e| panic!("{what}: {e}\n{text}"));
    let singles: Vec<&String> = tokens
        .iter()
        .filter_map(|t| match t {
            Token::Single(value) => Some(value),
            _ => None,
        })
        .collect();
    assert_eq!(
        singles.iter().filter(|v| v.as_str() == mailbox).count(),
        1,
        "{what}: the mailbox is one literal\n{text}"
    );
    for window in tokens.windows(3) {
        if let [Token::Bare(name), Token::Bare(eq), Token::Single(value)] = window
            && name == "$mailbox"
            && eq == "="
        {
            assert_eq!(value, mailbox, "{what}");
        }
    }
    for token in &tokens {
        match token {
            Token::Double(raw) => {
                for variable in expansions(raw) {
                    assert_eq!(variable, "$opathMailbox", "{what}: {raw}");
                }
                if raw.contains("$opathMailbox") {
                    assert_eq!(opath_value_of_filter(raw, mailbox), mailbox, "{what}");
                } else {
                    assert!(
                        ["'", "''"].contains(&raw.as_str()),
                        "{what}: only the quote constants are double-quoted: {raw:?}"
                    );
                }
            }
            Token::Comment(text) | Token::Bare(text) => assert!(
                !text.contains(mailbox),
                "{what}: the mailbox outside its literal: {text:?}"
            ),
            Token::Single(_) | Token::Newline => {}
        }
    }
}

/// Values an attacker or a careless paste might bring. The ones that are not mail addresses
/// never reach a script; the quoting must hold for every one of them anyway.
const HOSTILE: [&str; 10] = [
    "$(calc)",
    "\";Remove-Mailbox -Identity ceo@contoso.nl",
    "'; Remove-Mailbox x; '",
    "o\u{2018}b\u{2019}r\u{201A}i\u{201B}en'",
    "x\u{201C}y\u{201D}z\u{201E}",
    "`$x`n",
    "${env:PATH}",
    "line1\nline2\r\nline3",
    "@'\nhere\n'@",
    "# not a comment",
];

#[test]
fn hostile_values_stay_inside_one_literal() {
    for value in HOSTILE {
        let literal = ps_quote(value);
        assert_eq!(
            tokenize(&literal),
            Ok(vec![Token::Single(value.to_owned())]),
            "{value:?} as {literal}"
        );
        // Followed by more code, the literal still ends where it should.
        let line = format!("$x = {literal}; Write-Output 'after'");
        let tokens = tokenize(&line).expect("tokens");
        assert_eq!(tokens[2], Token::Single(value.to_owned()), "{line}");
        assert_eq!(
            tokens.last(),
            Some(&Token::Single("after".into())),
            "{line}"
        );
    }
}

fn assert_quoted_in_every_script(mailbox: &str) {
    for route in access::all() {
        for language in Language::ALL {
            let inputs = ScriptInputs {
                mailbox: Some(mailbox.to_owned()),
                ..inputs()
            };
            let text = script(route, &inputs, &Localizer::new(language));
            assert_values_stay_quoted(&text, mailbox, &format!("{} {language:?}", route.key()));
        }
    }
}

#[test]
fn hostile_mailboxes_are_refused_or_stay_quoted_in_every_script() {
    let mut accepted = Vec::new();
    for value in HOSTILE {
        for candidate in [
            format!("{value}@contoso.nl"),
            format!("a@{value}.nl"),
            value.to_owned(),
        ] {
            if let Ok(mailbox) = parse_mailbox(&candidate) {
                accepted.push(mailbox);
            }
        }
    }
    // Only values made of characters a dot-atom allows get through; they stay quoted.
    assert_eq!(accepted, ["`$x`n@contoso.nl"]);
    // Legal in a dot-atom, and each dangerous in PowerShell or OPATH.
    accepted.extend(
        [
            "o'brien@contoso.nl",
            "a$b@contoso.nl",
            "x`y@contoso.nl",
            "{a}|b~@contoso.nl",
            "'+'@contoso.nl",
            "a''${'@contoso.nl",
        ]
        .map(str::to_owned),
    );
    for mailbox in accepted {
        let mailbox = parse_mailbox(&mailbox).expect("legal address");
        assert_quoted_in_every_script(&mailbox);
    }
    for refused in [
        "$(calc)@contoso.nl",
        "\";Remove-Mailbox@contoso.nl",
        "o\u{2019}brien@contoso.nl",
        "x\u{201C}y@contoso.nl",
        "a\nb@contoso.nl",
        "'; Remove-Mailbox x; '@contoso.nl",
    ] {
        assert!(parse_mailbox(refused).is_err(), "{refused:?}");
    }
}

/// Issue 10: the AllSolutions checks (UPN beside primary SMTP address, IMAP on for the MZZPAR
/// account), in both languages, for a list of users and for "all users"; issue 13: lines that
/// are not mail addresses stay out of the script.
#[test]
fn allsolutions_checks_match_their_golden_files() {
    let inputs = AllSolutionsInputs::from_typed(
        "exchange-sync@contoso.nl",
        "p.devries@contoso.nl\nanna.jansen@contoso.nl\no'brien@contoso.nl\n$(calc)@contoso.nl\n\"x\"@contoso.nl\no\u{2019}brien@contoso.nl",
    );
    assert_eq!(
        inputs.rejected,
        [
            "$(calc)@contoso.nl",
            "\"x\"@contoso.nl",
            "o\u{2019}brien@contoso.nl"
        ]
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
    assert!(!listed.contains("calc") && !listed.contains("\"x\"") && !listed.contains('\u{2019}'));
    assert!(!listed.contains('⟦'), "every comment exists: {listed}");
    let tokens = tokenize(&listed).expect("tokens");
    assert!(tokens.contains(&Token::Single("o'brien@contoso.nl".into())));
}
