//! The file format of `assets/access-routes.toml` and its validation.
//!
//! Compiled twice, like the catalogue's model: into the program and into `build.rs` (via
//! `#[path]`), so the build rejects exactly what the program would reject. It may therefore
//! depend on `serde` and `toml` only.
//!
//! The validation holds the *structural* rules every route obeys (an RBAC route has no Entra
//! permission, an Entra route has no Exchange role, ...); `tests/access.rs` holds the list of
//! combinations Microsoft documents and checks each route against it.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

/// The scenario keys a route may name (`Scenario::key` in `src/session.rs`; a test keeps the
/// two lists equal).
pub const SCENARIO_KEYS: [&str; 4] = [
    "smtp-app-only",
    "smtp-imap-delegated",
    "graph-app-only",
    "ews",
];

/// How Exchange Online learns that the application may use a mailbox.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Access {
    /// RBAC for Applications: a service principal in Exchange with an application role scoped
    /// to the mailbox; no permission in Entra.
    Rbac,
    /// An application permission granted in Entra ID with admin consent (plus whatever Exchange
    /// needs on top for the protocol).
    Entra,
    /// A signed-in user's delegated permissions.
    Delegated,
}

impl Access {
    pub fn key(self) -> &'static str {
        match self {
            Access::Rbac => "rbac",
            Access::Entra => "entra",
            Access::Delegated => "delegated",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PermissionKind {
    /// An app role (`type: Role`): the token's `roles` claim.
    Application,
    /// An OAuth2 permission scope (`type: Scope`): the token's `scp` claim.
    Delegated,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum MailboxPermission {
    #[default]
    None,
    /// `Add-MailboxPermission -AccessRights FullAccess` for the Exchange service principal.
    FullAccess,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum AccessPolicy {
    #[default]
    None,
    /// An Application Access Policy, offered commented out: Microsoft calls them legacy.
    OptionalLegacy,
}

/// How the script checks what it set up.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Check {
    /// `Test-ServicePrincipalAuthorization` (shows only the Exchange side).
    RbacTest,
    /// `Get-MailboxPermission` for the mailbox.
    MailboxPermission,
    /// `Test-ApplicationAccessPolicy` (with the optional policy).
    AccessPolicyTest,
    /// `Get-CASMailbox` (protocols allowed for the mailbox).
    CasMailbox,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawResource {
    pub id: String,
    /// The resource application's well-known appId (the same in every tenant).
    pub app_id: String,
    /// Where the admin center lists it under API permissions > Add a permission.
    pub portal: String,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawSource {
    pub id: String,
    pub title: String,
    pub url: String,
    /// `YYYY-MM-DD`.
    pub date: String,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawEntraPermission {
    pub resource: String,
    pub permission: String,
    pub kind: PermissionKind,
    pub admin_consent: bool,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawLimit {
    /// A message id in `locales/*/access.ftl`.
    pub text: String,
    /// The `[[source]]` that says so.
    pub source: String,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawRoute {
    pub scenario: String,
    pub access: Access,
    pub recommended: bool,
    pub sources: Vec<String>,
    pub token_scopes: Vec<String>,
    #[serde(default)]
    pub entra: Vec<RawEntraPermission>,
    #[serde(default)]
    pub service_principal: bool,
    #[serde(default)]
    pub role: Option<String>,
    #[serde(default)]
    pub mailbox_permission: MailboxPermission,
    #[serde(default)]
    pub smtp_auth: bool,
    #[serde(default)]
    pub imap: bool,
    #[serde(default)]
    pub access_policy: AccessPolicy,
    pub check: Check,
    pub limits: Vec<RawLimit>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRoutes {
    pub resource: Vec<RawResource>,
    pub source: Vec<RawSource>,
    pub route: Vec<RawRoute>,
}

impl RawRoute {
    /// `smtp-app-only/rbac`: how problems and message ids name a route.
    pub fn id(&self) -> String {
        format!("{}/{}", self.scenario, self.access.key())
    }
}

/// Parses the file; the error names the line and the problem as `toml` reports it.
pub fn parse(source: &str) -> Result<RawRoutes, String> {
    toml::from_str(source).map_err(|e| e.to_string().trim_end().replace('\n', "\n      "))
}

/// The message ids a route needs besides its limits: its name and hint for the route choice.
pub fn route_message_ids(route: &RawRoute) -> [String; 2] {
    let base = format!("access-{}-{}", route.scenario, route.access.key());
    [base.clone(), format!("{base}-hint")]
}

fn is_date(text: &str) -> bool {
    let parts: Vec<&str> = text.split('-').collect();
    parts.len() == 3
        && [4, 2, 2]
            .iter()
            .zip(&parts)
            .all(|(len, part)| part.len() == *len && part.chars().all(|c| c.is_ascii_digit()))
}

fn is_guid(text: &str) -> bool {
    text.len() == 36
        && text.char_indices().all(|(i, c)| {
            if matches!(i, 8 | 13 | 18 | 23) {
                c == '-'
            } else {
                c.is_ascii_hexdigit()
            }
        })
}

/// Checks the whole file. `message_ids`: the ids the locale files define (`None` skips that
/// check, e.g. when the locales themselves failed). Returns every problem, sorted.
pub fn validate(routes: &RawRoutes, message_ids: Option<&BTreeSet<String>>) -> Vec<String> {
    let mut problems = Vec::new();
    let resources = resource_problems(routes, &mut problems);
    let sources = source_problems(routes, &mut problems);
    let mut seen = BTreeSet::new();
    let mut recommended: BTreeMap<&str, usize> = BTreeMap::new();
    for route in &routes.route {
        let mut found = Vec::new();
        if !seen.insert((route.scenario.as_str(), route.access)) {
            found.push("defined twice".into());
        }
        *recommended.entry(route.scenario.as_str()).or_default() += usize::from(route.recommended);
        route_problems(route, &resources, &sources, message_ids, &mut found);
        let id = route.id();
        problems.extend(found.into_iter().map(|p| format!("route `{id}`: {p}")));
    }
    for scenario in SCENARIO_KEYS {
        match recommended.get(scenario) {
            None => problems.push(format!("scenario `{scenario}` has no route")),
            Some(1) => {}
            Some(n) => problems.push(format!(
                "scenario `{scenario}` has {n} recommended routes instead of one"
            )),
        }
    }
    problems.sort();
    problems
}

/// The resources' problems; the ids defined.
fn resource_problems<'a>(routes: &'a RawRoutes, problems: &mut Vec<String>) -> BTreeSet<&'a str> {
    let mut resources = BTreeSet::new();
    for resource in &routes.resource {
        if !resources.insert(resource.id.as_str()) {
            problems.push(format!("resource `{}` defined twice", resource.id));
        }
        if !is_guid(&resource.app_id) {
            problems.push(format!(
                "resource `{}`: app-id `{}` is not a GUID",
                resource.id, resource.app_id
            ));
        }
        if resource.portal.trim().is_empty() {
            problems.push(format!("resource `{}`: portal is empty", resource.id));
        }
    }
    resources
}

/// The sources' problems (each a dated page on learn.microsoft.com); the ids defined.
fn source_problems<'a>(routes: &'a RawRoutes, problems: &mut Vec<String>) -> BTreeSet<&'a str> {
    let mut sources = BTreeSet::new();
    for source in &routes.source {
        if !sources.insert(source.id.as_str()) {
            problems.push(format!("source `{}` defined twice", source.id));
        }
        if !source.url.starts_with("https://learn.microsoft.com/") {
            problems.push(format!(
                "source `{}`: url must be a page on learn.microsoft.com",
                source.id
            ));
        }
        if !is_date(&source.date) {
            problems.push(format!(
                "source `{}`: date `{}` is not YYYY-MM-DD",
                source.id, source.date
            ));
        }
        if source.title.trim().is_empty() {
            problems.push(format!("source `{}`: title is empty", source.id));
        }
    }
    sources
}

/// One route's problems: its scenario, sources, scopes, Entra permissions, what its access
/// kind demands, and its texts.
fn route_problems(
    route: &RawRoute,
    resources: &BTreeSet<&str>,
    sources: &BTreeSet<&str>,
    message_ids: Option<&BTreeSet<String>>,
    say: &mut Vec<String>,
) {
    if !SCENARIO_KEYS.contains(&route.scenario.as_str()) {
        say.push(format!("unknown scenario `{}`", route.scenario));
    }
    if route.sources.is_empty() {
        say.push("names no source".into());
    }
    for source in &route.sources {
        if !sources.contains(source.as_str()) {
            say.push(format!("unknown source `{source}`"));
        }
    }
    let delegated_scenario = route.scenario == "smtp-imap-delegated";
    if delegated_scenario != (route.access == Access::Delegated) {
        say.push("only the delegated scenario has the delegated access, and only that".into());
    }
    if route.token_scopes.is_empty() {
        say.push("no token scopes".into());
    }
    if route.access != Access::Delegated
        && !(route.token_scopes.len() == 1 && route.token_scopes[0].ends_with("/.default"))
    {
        say.push("an app-only token asks for exactly one `<resource>/.default` scope".into());
    }
    entra_problems(route, resources, say);
    match route.access {
        Access::Rbac => rbac_problems(route, say),
        Access::Entra => entra_route_problems(route, say),
        Access::Delegated => {
            if route.service_principal || route.role.is_some() {
                say.push("a delegated route registers nothing in Exchange".into());
            }
        }
    }
    for limit in &route.limits {
        if !sources.contains(limit.source.as_str()) {
            say.push(format!(
                "limit `{}` names unknown source `{}`",
                limit.text, limit.source
            ));
        }
    }
    if let Some(ids) = message_ids {
        let limits = route.limits.iter().map(|l| l.text.clone());
        for text in route_message_ids(route).into_iter().chain(limits) {
            if !ids.contains(&text) {
                say.push(format!("message `{text}` is not in the locale files"));
            }
        }
    }
}

/// Each Entra permission: a known resource, a name, the kind the access needs, admin consent.
fn entra_problems(route: &RawRoute, resources: &BTreeSet<&str>, say: &mut Vec<String>) {
    let wanted = if route.access == Access::Delegated {
        PermissionKind::Delegated
    } else {
        PermissionKind::Application
    };
    for permission in &route.entra {
        if !resources.contains(permission.resource.as_str()) {
            say.push(format!("unknown resource `{}`", permission.resource));
        }
        if permission.permission.trim().is_empty() {
            say.push("an Entra permission without a name".into());
        }
        if permission.kind != wanted {
            say.push(format!(
                "`{}` must be a {} permission on this route",
                permission.permission,
                if wanted == PermissionKind::Delegated {
                    "delegated"
                } else {
                    "application"
                }
            ));
        }
        if !permission.admin_consent {
            say.push(format!(
                "`{}` without admin consent: nobody could use it",
                permission.permission
            ));
        }
    }
}

/// RBAC for Applications: no Entra permission, the service principal, an `Application …`
/// role, no mailbox permission or access policy, checked with Test-ServicePrincipalAuthorization.
fn rbac_problems(route: &RawRoute, say: &mut Vec<String>) {
    if !route.entra.is_empty() {
        say.push(
            "RBAC takes no Entra permission: Entra and RBAC grants add up, so one would void the scope"
                .into(),
        );
    }
    if !route.service_principal {
        say.push("RBAC needs the Exchange service principal".into());
    }
    match &route.role {
        Some(role) if role.starts_with("Application ") => {}
        _ => say.push("RBAC needs an `Application …` role".into()),
    }
    if route.mailbox_permission != MailboxPermission::None {
        say.push("RBAC does not require mailbox permissions".into());
    }
    if route.access_policy != AccessPolicy::None {
        say.push("an Application Access Policy constrains only Entra permissions".into());
    }
    if route.check != Check::RbacTest {
        say.push("RBAC is checked with Test-ServicePrincipalAuthorization".into());
    }
}

/// The classic Entra route: an Entra permission, no RBAC role, its own checks.
fn entra_route_problems(route: &RawRoute, say: &mut Vec<String>) {
    if route.entra.is_empty() {
        say.push("the Entra route needs an Entra permission".into());
    }
    if route.role.is_some() {
        say.push("the Entra route assigns no RBAC role".into());
    }
    if route.check == Check::RbacTest {
        say.push("Test-ServicePrincipalAuthorization excludes Entra permissions".into());
    }
    if route.mailbox_permission == MailboxPermission::FullAccess && !route.service_principal {
        say.push("a mailbox permission is granted to the Exchange service principal".into());
    }
    if route.access_policy == AccessPolicy::OptionalLegacy && route.check != Check::AccessPolicyTest
    {
        say.push(
            "an Application Access Policy is checked with Test-ApplicationAccessPolicy".into(),
        );
    }
}
