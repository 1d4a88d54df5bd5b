//! The Entra admin center steps for an app registration, per scenario: what to click, the exact
//! values to enter (shown with copy buttons), and deep links to the right blade.
//!
//! The texts are message ids; the values are data, so the steps cannot drift from what Overstap
//! itself uses (the redirect URI of the loopback listener, the scopes it requests).

use crate::guid::Guid;
use crate::session::Scenario;

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

/// The steps for a scenario. `client_id` makes the links point at the registration itself.
pub fn steps(scenario: Scenario, mail_domain: &str, client_id: Option<&Guid>) -> Vec<PortalStep> {
    let mut steps = vec![
        PortalStep {
            text_id: "portal-step-new",
            values: vec![
                value("portal-value-name", suggested_name(scenario, mail_domain)),
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
    if scenario == Scenario::SmtpImapDelegated {
        steps.push(PortalStep {
            text_id: "portal-step-public-client",
            values: vec![value(
                "portal-value-public-client",
                "Allow public client flows: Yes",
            )],
            link: Some(app_blade(client_id, "Authentication")),
        });
    }
    let permissions = match scenario {
        Scenario::SmtpAppOnly => vec![
            value(
                "portal-value-api",
                "APIs my organization uses > Office 365 Exchange Online",
            ),
            value("portal-value-application-permission", "SMTP.SendAsApp"),
        ],
        Scenario::SmtpImapDelegated => vec![
            value("portal-value-api", "Microsoft Graph"),
            value("portal-value-delegated-permission", "SMTP.Send"),
            value("portal-value-delegated-permission", "IMAP.AccessAsUser.All"),
            value("portal-value-delegated-permission", "offline_access"),
        ],
        Scenario::GraphAppOnly => vec![],
        Scenario::Ews => vec![
            value(
                "portal-value-api",
                "APIs my organization uses > Office 365 Exchange Online",
            ),
            value("portal-value-application-permission", "full_access_as_app"),
        ],
    };
    steps.push(PortalStep {
        text_id: if scenario == Scenario::GraphAppOnly {
            "portal-step-graph-no-tenant-wide"
        } else {
            "portal-step-permissions"
        },
        values: permissions,
        link: Some(app_blade(client_id, "CallAnAPI")),
    });
    if scenario != Scenario::GraphAppOnly {
        steps.push(PortalStep {
            text_id: "portal-step-admin-consent",
            values: vec![],
            link: Some(app_blade(client_id, "CallAnAPI")),
        });
    }
    if scenario.needs_client_secret() {
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
    if scenario != Scenario::SmtpImapDelegated {
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

    #[test]
    fn every_scenario_has_single_tenant_loopback_and_ids() {
        for scenario in Scenario::ALL {
            let steps = steps(scenario, "contoso.nl", None);
            let all: Vec<&str> = steps
                .iter()
                .flat_map(|s| s.values.iter().map(|v| v.value.as_str()))
                .collect();
            assert!(all.contains(&"http://localhost"), "{scenario:?}");
            assert!(
                all.iter().any(|v| v.contains("Single tenant")),
                "{scenario:?}"
            );
            assert!(steps.iter().any(|s| s.text_id == "portal-step-ids"));
            assert_eq!(
                steps.iter().any(|s| s.text_id == "portal-step-secret"),
                scenario.needs_client_secret(),
                "{scenario:?}"
            );
        }
    }

    #[test]
    fn permissions_by_their_portal_names() {
        let values = |scenario| -> Vec<String> {
            steps(scenario, "", None)
                .into_iter()
                .flat_map(|s| s.values.into_iter().map(|v| v.value))
                .collect()
        };
        assert!(values(Scenario::SmtpAppOnly).contains(&"SMTP.SendAsApp".to_owned()));
        assert!(values(Scenario::Ews).contains(&"full_access_as_app".to_owned()));
        let delegated = values(Scenario::SmtpImapDelegated);
        for permission in ["SMTP.Send", "IMAP.AccessAsUser.All", "offline_access"] {
            assert!(delegated.contains(&permission.to_owned()), "{permission}");
        }
        assert!(
            !values(Scenario::GraphAppOnly)
                .iter()
                .any(|v| v == "Mail.Send"),
            "Mail.Send is granted scoped in Exchange, never tenant-wide in Entra"
        );
    }

    #[test]
    fn links_point_at_the_registration_once_its_id_is_known() {
        let id = Guid::parse("0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9").expect("guid");
        let steps = steps(Scenario::SmtpAppOnly, "contoso.nl", Some(&id));
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
