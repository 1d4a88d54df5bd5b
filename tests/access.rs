//! Issue 21: every access route in `assets/access-routes.toml` is exactly one of the
//! combinations Microsoft documents, and every artefact the wizard produces for a route (portal
//! steps, PowerShell, consent, token) describes that same combination.
//!
//! The table below is written from Microsoft's pages, not from the data file, so a change to the
//! data that leaves the documented routes fails here. Quotes and dates:
//! `docs/exchange-permissions.md`.

use overstap::access::{self, Access, AccessPolicy, Check, MailboxPermission, PermissionKind};
use overstap::exchange_script::{ScriptInputs, script};
use overstap::i18n::{Language, Localizer};
use overstap::portal;
use overstap::scenario::Scenario;

/// One documented combination: what is granted in Entra, what Exchange is told, how the token
/// is requested, and the page that documents it.
struct Documented {
    scenario: Scenario,
    access: Access,
    /// Entra permissions with admin consent: (resource appId, permission, kind).
    entra: &'static [(&'static str, &'static str, PermissionKind)],
    service_principal: bool,
    role: Option<&'static str>,
    mailbox_permission: MailboxPermission,
    access_policy: AccessPolicy,
    check: Check,
    token_scopes: &'static [&'static str],
    source: &'static str,
}

const EXCHANGE: &str = "00000002-0000-0ff1-ce00-000000000000";
const GRAPH: &str = "00000003-0000-0000-c000-000000000000";
const OUTLOOK_DEFAULT: &[&str] = &["https://outlook.office365.com/.default"];

const DOCUMENTED: [Documented; 6] = [
    // "Configure SMTP onboarding to App RBAC" (2025-10-17): "Refrain from adding any
    // permissions to your application"; New-ServicePrincipal; a management scope;
    // New-ManagementRoleAssignment -Role 'Application SMTP.SendAsApp'; scope outlook .default.
    Documented {
        scenario: Scenario::SmtpAppOnly,
        access: Access::Rbac,
        entra: &[],
        service_principal: true,
        role: Some("Application SMTP.SendAsApp"),
        mailbox_permission: MailboxPermission::None,
        access_policy: AccessPolicy::None,
        check: Check::RbacTest,
        token_scopes: OUTLOOK_DEFAULT,
        source: "smtp-app-rbac",
    },
    // "Authenticate an IMAP, POP or SMTP connection using OAuth": SMTP.SendAsApp under
    // Office 365 Exchange Online with admin consent, New-ServicePrincipal, Add-MailboxPermission
    // ... -AccessRights FullAccess.
    Documented {
        scenario: Scenario::SmtpAppOnly,
        access: Access::Entra,
        entra: &[(EXCHANGE, "SMTP.SendAsApp", PermissionKind::Application)],
        service_principal: true,
        role: None,
        mailbox_permission: MailboxPermission::FullAccess,
        access_policy: AccessPolicy::None,
        check: Check::MailboxPermission,
        token_scopes: OUTLOOK_DEFAULT,
        source: "oauth-imap-pop-smtp",
    },
    // "Role Based Access Control for Applications in Exchange Online" (2025-11-25): the
    // `Application Mail.Send` role with a resource scope; Entra grants must be removed (union).
    Documented {
        scenario: Scenario::GraphAppOnly,
        access: Access::Rbac,
        entra: &[],
        service_principal: true,
        role: Some("Application Mail.Send"),
        mailbox_permission: MailboxPermission::None,
        access_policy: AccessPolicy::None,
        check: Check::RbacTest,
        token_scopes: &["https://graph.microsoft.com/.default"],
        source: "application-rbac",
    },
    // The same page: `Application EWS.AccessAsApp` (protocol EWS).
    Documented {
        scenario: Scenario::Ews,
        access: Access::Rbac,
        entra: &[],
        service_principal: true,
        role: Some("Application EWS.AccessAsApp"),
        mailbox_permission: MailboxPermission::None,
        access_policy: AccessPolicy::None,
        check: Check::RbacTest,
        token_scopes: OUTLOOK_DEFAULT,
        source: "application-rbac",
    },
    // "Authenticate an EWS application by using OAuth": full_access_as_app (resource
    // 00000002-…, type Role) with admin consent; restricted only by an Application Access Policy
    // (New-ApplicationAccessPolicy, which Microsoft calls legacy).
    Documented {
        scenario: Scenario::Ews,
        access: Access::Entra,
        entra: &[(EXCHANGE, "full_access_as_app", PermissionKind::Application)],
        service_principal: false,
        role: None,
        mailbox_permission: MailboxPermission::None,
        access_policy: AccessPolicy::OptionalLegacy,
        check: Check::AccessPolicyTest,
        token_scopes: OUTLOOK_DEFAULT,
        source: "ews-oauth",
    },
    // "Authenticate an IMAP, POP or SMTP connection using OAuth", delegated: SMTP.Send and
    // IMAP.AccessAsUser.All (plus offline_access for the refresh token); nothing in Exchange.
    Documented {
        scenario: Scenario::SmtpImapDelegated,
        access: Access::Delegated,
        entra: &[
            (GRAPH, "SMTP.Send", PermissionKind::Delegated),
            (GRAPH, "IMAP.AccessAsUser.All", PermissionKind::Delegated),
            (GRAPH, "offline_access", PermissionKind::Delegated),
        ],
        service_principal: false,
        role: None,
        mailbox_permission: MailboxPermission::None,
        access_policy: AccessPolicy::None,
        check: Check::CasMailbox,
        token_scopes: &[
            "https://outlook.office.com/SMTP.Send",
            "https://outlook.office.com/IMAP.AccessAsUser.All",
            "offline_access",
        ],
        source: "oauth-imap-pop-smtp",
    },
];

#[test]
fn every_route_is_exactly_one_documented_combination() {
    assert_eq!(
        access::all().len(),
        DOCUMENTED.len(),
        "no route without its page"
    );
    for documented in &DOCUMENTED {
        let route = access::route(documented.scenario, documented.access).unwrap_or_else(|| {
            panic!(
                "documented but missing: {:?}/{:?}",
                documented.scenario, documented.access
            )
        });
        let what = route.key();
        let entra: Vec<(&str, &str, PermissionKind)> = route
            .entra
            .iter()
            .map(|p| (p.resource.app_id.as_str(), p.permission.as_str(), p.kind))
            .collect();
        assert_eq!(entra, documented.entra, "{what}: Entra permissions");
        assert!(route.entra.iter().all(|p| p.admin_consent), "{what}");
        assert_eq!(
            route.service_principal, documented.service_principal,
            "{what}"
        );
        assert_eq!(route.role.as_deref(), documented.role, "{what}: role");
        assert_eq!(
            route.mailbox_permission, documented.mailbox_permission,
            "{what}"
        );
        assert_eq!(route.access_policy, documented.access_policy, "{what}");
        assert_eq!(route.check, documented.check, "{what}");
        assert_eq!(route.token_scopes, documented.token_scopes, "{what}");
        assert!(
            route.sources.iter().any(|s| s.id == documented.source),
            "{what}: cites {}",
            documented.source
        );
        // Union (application-rbac): a route never has a permission in Entra *and* a role.
        assert!(route.entra.is_empty() || route.role.is_none(), "{what}");
    }
    let recommended: Vec<String> = access::all()
        .iter()
        .filter(|r| r.recommended)
        .map(|r| r.key())
        .collect();
    assert_eq!(
        recommended,
        [
            "smtp-app-only-rbac",
            "graph-app-only-rbac",
            "ews-rbac",
            "smtp-imap-delegated-delegated"
        ],
        "least privilege is the recommendation wherever there is a choice"
    );
}

/// Every route states its limits, each with its Microsoft page: the union with Entra and the
/// propagation time on RBAC, Autodiscover on EWS RBAC, tenant-wide access on EWS Entra.
#[test]
fn the_limits_are_stated_per_route() {
    let limits = |scenario, access| -> Vec<String> {
        access::route(scenario, access)
            .expect("route")
            .limits
            .iter()
            .map(|l| l.text_id.clone())
            .collect()
    };
    for (scenario, access) in [
        (Scenario::SmtpAppOnly, Access::Rbac),
        (Scenario::GraphAppOnly, Access::Rbac),
        (Scenario::Ews, Access::Rbac),
    ] {
        let limits = limits(scenario, access);
        for id in ["limit-rbac-propagation", "limit-rbac-test-excludes-entra"] {
            assert!(limits.contains(&id.to_owned()), "{scenario:?}: {id}");
        }
    }
    for scenario in [Scenario::GraphAppOnly, Scenario::Ews] {
        assert!(limits(scenario, Access::Rbac).contains(&"limit-rbac-union".to_owned()));
    }
    assert!(
        limits(Scenario::SmtpAppOnly, Access::Rbac)
            .contains(&"limit-rbac-no-entra-permission-smtp".to_owned())
    );
    assert!(limits(Scenario::Ews, Access::Rbac).contains(&"limit-ews-autodiscover".to_owned()));
    let tenant_wide = limits(Scenario::Ews, Access::Entra);
    assert!(tenant_wide.contains(&"limit-ews-tenant-wide".to_owned()));
    assert!(tenant_wide.contains(&"limit-ews-access-policy-legacy".to_owned()));
    let l10n = Localizer::new(Language::En);
    assert!(
        l10n.tr("limit-rbac-propagation")
            .contains("between 30 minutes and 2 hours")
    );
    for route in access::all() {
        for limit in &route.limits {
            assert!(limit.source.url.starts_with("https://learn.microsoft.com/"));
            assert_eq!(limit.source.date.len(), 10, "{}", limit.source.date);
        }
    }
}

/// The portal steps, the script and the consent of a route describe the same combination: a
/// permission in the portal iff it is granted in Entra, admin consent iff there is one, a role
/// assignment iff RBAC, a mailbox permission iff classic, the Enterprise application's object
/// id iff Exchange registers a service principal.
#[test]
fn every_artefact_of_a_route_tells_the_same_story() {
    let known = [
        "SMTP.SendAsApp",
        "full_access_as_app",
        "Mail.Send",
        "SMTP.Send",
        "IMAP.AccessAsUser.All",
        "offline_access",
    ];
    for route in access::all() {
        let what = route.key();
        let steps = portal::steps(route, "contoso.nl", None);
        let values: Vec<&str> = steps
            .iter()
            .flat_map(|s| s.values.iter().map(|v| v.value.as_str()))
            .collect();
        let in_portal: Vec<&str> = known
            .iter()
            .copied()
            .filter(|p| values.contains(p))
            .collect();
        let mut in_entra: Vec<&str> = route.entra.iter().map(|p| p.permission.as_str()).collect();
        in_entra.sort();
        let mut in_portal_sorted = in_portal.clone();
        in_portal_sorted.sort();
        assert_eq!(in_portal_sorted, in_entra, "{what}: portal permissions");
        assert_eq!(
            steps
                .iter()
                .any(|s| s.text_id == "portal-step-admin-consent"),
            route.needs_admin_consent(),
            "{what}"
        );
        assert_eq!(
            steps
                .iter()
                .any(|s| s.text_id == "portal-step-enterprise-object-id"),
            route.service_principal,
            "{what}"
        );

        for language in Language::ALL {
            let text = script(route, &ScriptInputs::default(), &Localizer::new(language));
            let run: Vec<&str> = text
                .lines()
                .filter(|l| !l.trim_start().starts_with('#'))
                .collect();
            let runs = |needle: &str| run.iter().any(|l| l.contains(needle));
            assert_eq!(
                runs("New-ServicePrincipal"),
                route.service_principal,
                "{what}"
            );
            assert_eq!(
                runs("New-ManagementRoleAssignment"),
                route.role.is_some(),
                "{what}"
            );
            assert_eq!(
                runs("Add-MailboxPermission"),
                route.mailbox_permission == MailboxPermission::FullAccess,
                "{what}"
            );
            assert_eq!(
                runs("Test-ServicePrincipalAuthorization"),
                route.check == Check::RbacTest,
                "{what}"
            );
            assert!(
                !runs("New-ApplicationAccessPolicy"),
                "{what}: never run unasked"
            );
            for limit in &route.limits {
                let first_line = Localizer::new(language).tr(&limit.text_id);
                assert!(
                    text.contains(&first_line),
                    "{what}: limit {} in the script",
                    limit.text_id
                );
            }
        }
        // The token the consent step requests carries exactly the route's Entra application
        // permissions (checked against the emulator in tests/identity.rs).
        let roles = route.token_roles();
        assert_eq!(
            roles.is_empty(),
            route.access != Access::Entra,
            "{what}: roles only on the Entra routes"
        );
    }
}
