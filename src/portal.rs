//! The Entra admin center steps for an app registration, per access route: what to click, the
//! exact values to enter (shown with copy buttons), and deep links to the right blade.
//!
//! The texts are message ids; the values come from the route data (`crate::access`) and from
//! what Overstap itself uses (the redirect URI of the loopback listener), so the steps cannot
//! drift from the script, the automatic registration or the consent.

use crate::access::{Access, PermissionKind, Route};
use crate::guid::Guid;
use crate::scenario::Scenario;

/// Where the Entra admin center lives; deep links are relative to it.
pub const ENTRA: &str = "https://entra.microsoft.com";

/// The redirect URI to register: loopback without a port (Microsoft ignores the port of a
/// loopback redirect, so the listener may pick any free one).
pub const REDIRECT_URI: &str = "http://localhost";

/// One value to enter in the portal, with the message id of its label.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PortalValue {
    pub label_id: &'static str,
    pub value: String,
}

/// One numbered step.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PortalStep {
    pub text_id: &'static str,
    pub values: Vec<PortalValue>,
    /// A deep link into the admin center, when one exists for this step.
    pub link: Option<String>,
}

fn value(label_id: &'static str, value: impl Into<String>) -> PortalValue {
    PortalValue {
        label_id,
        value: value.into(),
    }
}

fn app_blade(client_id: Option<&Guid>, blade: &str) -> String {
    match client_id {
        Some(id) => format!(
            "{ENTRA}/#view/Microsoft_AAD_RegisteredApps/ApplicationMenuBlade/~/{blade}/appId/{id}"
        ),
        None => format!("{ENTRA}/#view/Microsoft_AAD_RegisteredApps/ApplicationsListBlade"),
    }
}

/// A name that says what the registration is for, so nobody deletes it in two years.
pub fn suggested_name(scenario: Scenario, mail_domain: &str) -> String {
    let purpose = match scenario {
        Scenario::SmtpAppOnly => "SMTP",
        Scenario::SmtpImapDelegated => "SMTP-IMAP",
        Scenario::GraphAppOnly => "Graph Mail.Send",
        Scenario::Ews => "EWS",
    };
    let domain = mail_domain.trim();
    if domain.is_empty() {
        format!("Overstap {purpose}")
    } else {
        format!("Overstap {purpose} - {domain}")
    }
}

/// The steps for an access route. `client_id` makes the links point at the registration itself.
pub fn steps(route: &Route, mail_domain: &str, client_id: Option<&Guid>) -> Vec<PortalStep> {
    let mut steps = vec![
        PortalStep {
            text_id: "portal-step-new",
            values: vec![
                value(
                    "portal-value-name",
                    suggested_name(route.scenario, mail_domain),
                ),
                value(
                    "portal-value-account-type",
                    "Accounts in this organizational directory only (Single tenant)",
                ),
            ],
            link: Some(format!(
                "{ENTRA}/#view/Microsoft_AAD_RegisteredApps/CreateApplicationBlade/quickStartType~/null/isMSAApp~/false"
            )),
        },
        PortalStep {
            text_id: "portal-step-redirect",
            values: vec![
                value("portal-value-platform", "Mobile and desktop applications"),
                value("portal-value-redirect-uri", REDIRECT_URI),
            ],
            link: Some(app_blade(client_id, "Authentication")),
        },
    ];
    if route.access == Access::Delegated {
        steps.push(PortalStep {
            text_id: "portal-step-public-client",
            values: vec![value(
                "portal-value-public-client",
                "Allow public client flows: Yes",
            )],
            link: Some(app_blade(client_id, "Authentication")),
        });
    }
    if route.entra.is_empty() {
        steps.push(PortalStep {
            text_id: "portal-step-no-permissions",
            values: vec![],
            link: Some(app_blade(client_id, "CallAnAPI")),
        });
    } else {
        let mut values = Vec::new();
        let mut resource = None;
        for permission in &route.entra {
            if resource != Some(&permission.resource.id) {
                resource = Some(&permission.resource.id);
                values.push(value(
                    "portal-value-api",
                    permission.resource.portal.clone(),
                ));
            }
            let label = match permission.kind {
                PermissionKind::Application => "portal-value-application-permission",
                PermissionKind::Delegated => "portal-value-delegated-permission",
            };
            values.push(value(label, permission.permission.clone()));
        }
        steps.push(PortalStep {
            text_id: "portal-step-permissions",
            values,
            link: Some(app_blade(client_id, "CallAnAPI")),
        });
    }
    if route.needs_admin_consent() {
        steps.push(PortalStep {
            text_id: "portal-step-admin-consent",
            values: vec![],
            link: Some(app_blade(client_id, "CallAnAPI")),
        });
    }
    if route.scenario.needs_client_secret() {
        steps.push(PortalStep {
            text_id: "portal-step-secret",
            values: vec![value("portal-value-secret-expiry", "24 months")],
            link: Some(app_blade(client_id, "Credentials")),
        });
    }
    steps.push(PortalStep {
        text_id: "portal-step-ids",
        values: vec![],
        link: Some(app_blade(client_id, "Overview")),
    });
    if route.service_principal {
        steps.push(PortalStep {
            text_id: "portal-step-enterprise-object-id",
            values: vec![],
            link: client_id.map(|id| {
                format!("{ENTRA}/#view/Microsoft_AAD_IAM/ManagedAppMenuBlade/~/Overview/appId/{id}")
            }),
        });
    }
    steps
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::access;

    fn values(route: &Route) -> Vec<String> {
        steps(route, "", None)
            .into_iter()
            .flat_map(|s| s.values.into_iter().map(|v| v.value))
            .collect()
    }

    #[test]
    fn every_route_has_single_tenant_loopback_and_ids() {
        for route in access::all() {
            let steps = steps(route, "contoso.nl", None);
            let all: Vec<&str> = steps
                .iter()
                .flat_map(|s| s.values.iter().map(|v| v.value.as_str()))
                .collect();
            assert!(all.contains(&"http://localhost"), "{}", route.key());
            assert!(
                all.iter().any(|v| v.contains("Single tenant")),
                "{}",
                route.key()
            );
            assert!(steps.iter().any(|s| s.text_id == "portal-step-ids"));
            assert_eq!(
                steps.iter().any(|s| s.text_id == "portal-step-secret"),
                route.scenario.needs_client_secret(),
                "{}",
                route.key()
            );
            assert_eq!(
                steps
                    .iter()
                    .any(|s| s.text_id == "portal-step-admin-consent"),
                route.needs_admin_consent(),
                "{}",
                route.key()
            );
            assert_eq!(
                steps
                    .iter()
                    .any(|s| s.text_id == "portal-step-enterprise-object-id"),
                route.service_principal,
                "{}",
                route.key()
            );
        }
    }

    /// Issue 21: the RBAC routes add no API permission at all; the classic routes add exactly
    /// their Entra permission.
    #[test]
    fn permissions_by_their_portal_names_and_none_on_rbac() {
        use crate::access::Access;
        for scenario in [Scenario::SmtpAppOnly, Scenario::GraphAppOnly, Scenario::Ews] {
            let rbac = access::route(scenario, Access::Rbac).expect("rbac");
            let steps = steps(rbac, "", None);
            assert!(
                steps
                    .iter()
                    .any(|s| s.text_id == "portal-step-no-permissions"),
                "{scenario:?}"
            );
            let values = values(rbac);
            for name in ["SMTP.SendAsApp", "Mail.Send", "full_access_as_app"] {
                assert!(!values.iter().any(|v| v == name), "{scenario:?}: {name}");
            }
        }
        let classic = values(access::route(Scenario::SmtpAppOnly, Access::Entra).expect("classic"));
        assert!(classic.contains(&"SMTP.SendAsApp".to_owned()));
        assert!(
            classic.contains(&"APIs my organization uses > Office 365 Exchange Online".to_owned())
        );
        let ews = values(access::route(Scenario::Ews, Access::Entra).expect("ews"));
        assert!(ews.contains(&"full_access_as_app".to_owned()));
        let delegated = values(
            access::route(Scenario::SmtpImapDelegated, Access::Delegated).expect("delegated"),
        );
        for permission in ["SMTP.Send", "IMAP.AccessAsUser.All", "offline_access"] {
            assert!(delegated.contains(&permission.to_owned()), "{permission}");
        }
    }

    #[test]
    fn links_point_at_the_registration_once_its_id_is_known() {
        let id = Guid::parse("0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9").expect("guid");
        let route =
            access::route(Scenario::SmtpAppOnly, crate::access::Access::Rbac).expect("route");
        let steps = steps(route, "contoso.nl", Some(&id));
        let secret = steps
            .iter()
            .find(|s| s.text_id == "portal-step-secret")
            .expect("secret step");
        assert_eq!(
            secret.link.as_deref(),
            Some(
                "https://entra.microsoft.com/#view/Microsoft_AAD_RegisteredApps/ApplicationMenuBlade/~/Credentials/appId/0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9"
            )
        );
        assert_eq!(
            suggested_name(Scenario::SmtpAppOnly, " contoso.nl "),
            "Overstap SMTP - contoso.nl"
        );
    }
}
