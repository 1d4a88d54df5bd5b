//! How Exchange Online grants the application access: the routes Microsoft documents, read from
//! `assets/access-routes.toml` (validated by `build.rs`, embedded in the binary).
//!
//! Why data in one place: the portal steps, the PowerShell, the automatic registration, the
//! Consent page, the test send's diagnoses and the summary used to describe the permissions each
//! in their own code, and they drifted apart (an Entra permission *and* an RBAC role for the same
//! app, which Microsoft documents as two different routes). Now each of them asks this module.
//!
//! Microsoft's pages and the verbatim quotes behind every route: `docs/exchange-permissions.md`.

pub mod model;

use std::sync::LazyLock;

pub use model::{Access, AccessPolicy, Check, MailboxPermission, PermissionKind};

use crate::scenario::Scenario;

include!(concat!(env!("OUT_DIR"), "/access.rs"));

/// An API that permissions are granted on (Office 365 Exchange Online, Microsoft Graph).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Resource {
    pub id: String,
    /// The well-known appId of the resource application (the same in every tenant).
    pub app_id: String,
    /// Where the admin center lists it under API permissions > Add a permission.
    pub portal: String,
}

/// A Microsoft page a route follows, with the date it carries.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Source {
    pub id: String,
    pub title: String,
    pub url: String,
    pub date: String,
}

/// A permission added to the app registration in Entra ID.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EntraPermission {
    pub resource: Resource,
    pub permission: String,
    pub kind: PermissionKind,
    pub admin_consent: bool,
}

/// Something the admin must know about a route, with the page that says so.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Limit {
    /// Message id in `locales/*/access.ftl`.
    pub text_id: String,
    pub source: Source,
}

/// One documented way to give the application access, end to end.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Route {
    pub scenario: Scenario,
    pub access: Access,
    pub recommended: bool,
    pub sources: Vec<Source>,
    pub token_scopes: Vec<String>,
    pub entra: Vec<EntraPermission>,
    pub service_principal: bool,
    pub role: Option<String>,
    pub mailbox_permission: MailboxPermission,
    pub smtp_auth: bool,
    pub imap: bool,
    pub access_policy: AccessPolicy,
    pub check: Check,
    pub limits: Vec<Limit>,
}

impl Route {
    /// `smtp-app-only-rbac`: for message ids and file names.
    pub fn key(&self) -> String {
        format!("{}-{}", self.scenario.key(), self.access.key())
    }

    /// The route's name in the route choice and the summary.
    pub fn name_id(&self) -> String {
        format!("access-{}", self.key())
    }

    pub fn hint_id(&self) -> String {
        format!("access-{}-hint", self.key())
    }

    /// Whether an administrator must grant admin consent in Entra on this route.
    pub fn needs_admin_consent(&self) -> bool {
        self.entra.iter().any(|p| p.admin_consent)
    }

    /// The application permissions an app-only token carries on this route (its `roles`
    /// claim): exactly the Entra application permissions, none on an RBAC route.
    pub fn token_roles(&self) -> Vec<&str> {
        let mut roles: Vec<&str> = self
            .entra
            .iter()
            .filter(|p| p.kind == PermissionKind::Application)
            .map(|p| p.permission.as_str())
            .collect();
        roles.sort_unstable();
        roles
    }

    /// Whether the admin picks between this route and another for the same scenario.
    pub fn has_alternatives(&self) -> bool {
        routes_for(self.scenario).len() > 1
    }
}

fn scenario_of(key: &str) -> Option<Scenario> {
    Scenario::ALL.into_iter().find(|s| s.key() == key)
}

fn build(raw: model::RawRoutes) -> Vec<Route> {
    let resource = |id: &str| raw.resource.iter().find(|r| r.id == id);
    let source = |id: &str| {
        raw.source.iter().find(|s| s.id == id).map(|s| Source {
            id: s.id.clone(),
            title: s.title.clone(),
            url: s.url.clone(),
            date: s.date.clone(),
        })
    };
    raw.route
        .iter()
        .filter_map(|route| {
            Some(Route {
                scenario: scenario_of(&route.scenario)?,
                access: route.access,
                recommended: route.recommended,
                sources: route.sources.iter().filter_map(|s| source(s)).collect(),
                token_scopes: route.token_scopes.clone(),
                entra: route
                    .entra
                    .iter()
                    .filter_map(|p| {
                        let r = resource(&p.resource)?;
                        Some(EntraPermission {
                            resource: Resource {
                                id: r.id.clone(),
                                app_id: r.app_id.clone(),
                                portal: r.portal.clone(),
                            },
                            permission: p.permission.clone(),
                            kind: p.kind,
                            admin_consent: p.admin_consent,
                        })
                    })
                    .collect(),
                service_principal: route.service_principal,
                role: route.role.clone(),
                mailbox_permission: route.mailbox_permission,
                smtp_auth: route.smtp_auth,
                imap: route.imap,
                access_policy: route.access_policy,
                check: route.check,
                limits: route
                    .limits
                    .iter()
                    .filter_map(|l| {
                        Some(Limit {
                            text_id: l.text.clone(),
                            source: source(&l.source)?,
                        })
                    })
                    .collect(),
            })
        })
        .collect()
}

static ROUTES: LazyLock<Vec<Route>> = LazyLock::new(|| {
    // build.rs has validated exactly this text; a failure here is a build bug, and an empty
    // list makes every page say that no route is known rather than crash.
    model::parse(ACCESS_ROUTES).map(build).unwrap_or_default()
});

/// Every route, in the file's order.
pub fn all() -> &'static [Route] {
    &ROUTES
}

/// The routes of a scenario, the recommended one first.
pub fn routes_for(scenario: Scenario) -> Vec<&'static Route> {
    let mut routes: Vec<&Route> = ROUTES.iter().filter(|r| r.scenario == scenario).collect();
    routes.sort_by_key(|r| !r.recommended);
    routes
}

pub fn route(scenario: Scenario, access: Access) -> Option<&'static Route> {
    ROUTES
        .iter()
        .find(|r| r.scenario == scenario && r.access == access)
}

pub fn recommended(scenario: Scenario) -> Option<&'static Route> {
    ROUTES
        .iter()
        .find(|r| r.scenario == scenario && r.recommended)
}

/// The route for a scenario and the admin's choice: the chosen one, or the only one there is.
/// `None` while a scenario with a choice has none yet (a session from before the choice).
pub fn resolve(scenario: Scenario, access: Option<Access>) -> Option<&'static Route> {
    match access {
        Some(access) => route(scenario, access),
        None => match routes_for(scenario).as_slice() {
            [only] => Some(only),
            _ => None,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_file_yields_every_route() {
        assert_eq!(all().len(), 6, "{:#?}", all());
        for scenario in Scenario::ALL {
            let routes = routes_for(scenario);
            assert!(!routes.is_empty(), "{scenario:?}");
            assert!(routes[0].recommended, "recommended first: {scenario:?}");
            assert_eq!(recommended(scenario), Some(routes[0]));
        }
        assert_eq!(
            model::SCENARIO_KEYS.to_vec(),
            Scenario::ALL.map(|s| s.key()).to_vec(),
            "the model knows exactly the scenarios of the session"
        );
    }

    /// Issue 19: the token a route's Consent page asks for is the one the test send and the
    /// secret check ask for (`identity::token_scopes`): the data and the rule agree.
    #[test]
    fn every_route_asks_for_the_scopes_of_the_one_rule() {
        for route in all() {
            assert_eq!(
                route.token_scopes,
                crate::identity::token_scopes(
                    crate::identity::TokenResource::of(route.scenario),
                    route.access != Access::Delegated
                ),
                "{:?} {:?}",
                route.scenario,
                route.access
            );
        }
    }

    #[test]
    fn a_choice_is_needed_only_where_there_are_two_routes() {
        assert_eq!(resolve(Scenario::SmtpAppOnly, None), None);
        assert_eq!(resolve(Scenario::Ews, None), None);
        assert_eq!(
            resolve(Scenario::GraphAppOnly, None).map(|r| r.access),
            Some(Access::Rbac)
        );
        assert_eq!(
            resolve(Scenario::SmtpImapDelegated, None).map(|r| r.access),
            Some(Access::Delegated)
        );
        assert_eq!(
            resolve(Scenario::SmtpAppOnly, Some(Access::Entra)).map(|r| r.token_roles()),
            Some(vec!["SMTP.SendAsApp"])
        );
        assert_eq!(resolve(Scenario::GraphAppOnly, Some(Access::Entra)), None);
    }

    #[test]
    fn a_broken_file_is_refused_with_every_reason() {
        let text = ACCESS_ROUTES.replacen(
            "entra = []\nservice-principal = true\nrole = \"Application SMTP.SendAsApp\"",
            "entra = [{ resource = \"exchange\", permission = \"SMTP.SendAsApp\", kind = \"application\", admin-consent = true }]\nservice-principal = true\nrole = \"Application SMTP.SendAsApp\"",
            1,
        );
        assert_ne!(text, ACCESS_ROUTES, "the replaced text exists");
        let raw = model::parse(&text).expect("parses");
        let problems = model::validate(&raw, None);
        assert_eq!(
            problems,
            [
                "route `smtp-app-only/rbac`: RBAC takes no Entra permission: Entra and RBAC grants add up, so one would void the scope"
            ]
        );
        let unknown = ACCESS_ROUTES.replacen("check = \"rbac-test\"", "check = \"trust-me\"", 1);
        assert!(model::parse(&unknown).is_err());
    }
}
