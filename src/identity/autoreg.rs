//! Automatic app registration through Microsoft Graph, after one administrator sign-in: the
//! application, its service principal (the Enterprise application), a client secret with the
//! chosen expiry, the Entra permissions of the chosen access route with their admin consent, and
//! a read-back of what Entra then grants, each step reported.
//!
//! What is granted comes from the route (`crate::access`): nothing on an RBAC route (Exchange
//! grants access there, scoped to the mailbox), `SMTP.SendAsApp` or `full_access_as_app` on the
//! Entra routes, the delegated scopes on the delegated route. Permission ids are looked up at
//! run time from the resource's service principal (its `appRoles` and `oauth2PermissionScopes`),
//! never hard-coded, so they stay right in every cloud.
//!
//! When a step fails after the application exists, the error carries what was made
//! (`Partial`), including a created client secret, so the worker can keep or delete the secret
//! and the admin learns what to finish or clean up.

use std::collections::BTreeMap;
use std::time::Duration;

use chrono::{DateTime, Utc};
use secrecy::{ExposeSecret as _, SecretString};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::{IdentityError, http::error_chain};
use crate::access::{PermissionKind, Route};
use crate::guid::Guid;

/// Microsoft Graph Command Line Tools: Microsoft's public client that Graph PowerShell signs in
/// with; it accepts `http://localhost` and asks for the admin's delegated permissions.
pub const BOOTSTRAP_CLIENT_ID: &str = "14d82eec-204b-4c2f-b7e8-296a70dab67e";

/// What the administrator consents to for the bootstrap sign-in.
pub const ADMIN_SCOPES: [&str; 4] = [
    "https://graph.microsoft.com/Application.ReadWrite.All",
    "https://graph.microsoft.com/AppRoleAssignment.ReadWrite.All",
    "https://graph.microsoft.com/DelegatedPermissionGrant.ReadWrite.All",
    "offline_access",
];

/// Reading an application's Entra permissions needs no more than this (the least privileged
/// delegated permission of "List appRoleAssignments granted to a service principal").
pub const READ_SCOPES: [&str; 1] = ["https://graph.microsoft.com/Application.Read.All"];

/// The visible steps, in order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    SignIn,
    Application,
    ServicePrincipal,
    Secret,
    Permissions,
    /// Reading back what Entra grants, for the comparison with the route.
    Check,
}

impl Step {
    pub const ALL: [Step; 6] = [
        Step::SignIn,
        Step::Application,
        Step::ServicePrincipal,
        Step::Secret,
        Step::Permissions,
        Step::Check,
    ];

    pub fn message_id(self) -> &'static str {
        match self {
            Step::SignIn => "autoreg-step-sign-in",
            Step::Application => "autoreg-step-application",
            Step::ServicePrincipal => "autoreg-step-service-principal",
            Step::Secret => "autoreg-step-secret",
            Step::Permissions => "autoreg-step-permissions",
            Step::Check => "autoreg-step-check",
        }
    }

    /// Whether the route has this step: no secret for a public client, no permissions step on
    /// a route without Entra permissions.
    pub fn applies_to(self, route: &Route) -> bool {
        match self {
            Step::Secret => route.scenario.needs_client_secret(),
            Step::Permissions => !route.entra.is_empty(),
            _ => true,
        }
    }
}

/// One permission as Entra lists it.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct EntraGrant {
    /// The resource's display name (Office 365 Exchange Online, Microsoft Graph).
    pub resource: String,
    pub resource_app_id: String,
    /// The permission's value (`SMTP.SendAsApp`), or its id when the resource does not list it.
    pub permission: String,
    /// `true`: an application permission (app role), `false`: a delegated scope.
    pub application: bool,
}

/// What Entra says about an application's permissions. Nothing secret.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct EntraPermissions {
    /// The Enterprise application exists; without it nothing can be granted.
    pub principal_found: bool,
    /// Application permissions granted (app role assignments: admin consent was given).
    pub granted: Vec<EntraGrant>,
    /// What the app registration lists under API permissions (`requiredResourceAccess`).
    pub configured: Vec<EntraGrant>,
}

impl EntraPermissions {
    /// Granted application permissions that the route does not have (to remove), and the
    /// route's application permissions that are not granted (to add), both sorted.
    pub fn compare(&self, route: &Route) -> (Vec<String>, Vec<String>) {
        let expected = route.token_roles();
        let granted: Vec<&str> = self
            .granted
            .iter()
            .filter(|g| g.application)
            .map(|g| g.permission.as_str())
            .collect();
        let mut extra: Vec<String> = granted
            .iter()
            .filter(|g| !expected.contains(g))
            .map(|g| g.to_string())
            .collect();
        let mut missing: Vec<String> = expected
            .iter()
            .filter(|e| !granted.contains(e))
            .map(|e| e.to_string())
            .collect();
        extra.sort();
        extra.dedup();
        missing.sort();
        (extra, missing)
    }
}

/// The result: ids for the Registration page, the secret for the credential store, and what
/// Entra grants afterwards.
#[derive(Debug)]
pub struct Created {
    /// The application's object id (for `removePassword`).
    pub application_object: String,
    pub client_id: Guid,
    pub enterprise_object_id: Guid,
    pub secret: Option<CreatedSecret>,
    pub entra: EntraPermissions,
}

/// A client secret Graph created: the value (shown by Graph once), its expiry, and its key id
/// (to delete it again if it cannot be kept).
#[derive(Debug)]
pub struct CreatedSecret {
    pub value: SecretString,
    pub expires: DateTime<Utc>,
    pub key_id: String,
}

/// What exists after a failure part-way.
#[derive(Debug, Default)]
pub struct Partial {
    pub display_name: String,
    /// The application's object id (for `addPassword` / `removePassword`).
    pub application_object: Option<String>,
    pub client_id: Option<Guid>,
    pub enterprise_object_id: Option<Guid>,
    pub secret: Option<CreatedSecret>,
}

/// A failed automatic registration: the step, the error, and what was made before it.
#[derive(Debug)]
pub struct AutoRegFailure {
    pub step: Step,
    pub error: IdentityError,
    pub partial: Partial,
}

/// What became of a client secret Graph created.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "state")]
pub enum SecretOutcome {
    /// None was created.
    None,
    /// In the credential store.
    Stored { expires_on: chrono::NaiveDate },
    /// Could not be stored, so it was deleted from the application again.
    Removed,
    /// Could be neither stored nor deleted: the admin must delete it in the portal.
    Orphaned,
}

/// A registration that stopped part-way: what exists, what became of the secret, and where it
/// stopped. Kept in the session so the Registration page and the summary can say what to
/// finish or clean up. Nothing secret.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Incomplete {
    pub display_name: String,
    pub client_id: Guid,
    pub enterprise_object_id: Option<Guid>,
    pub secret: SecretOutcome,
    /// `Step::message_id` of the step that failed.
    pub failed_step: String,
}

/// What to create.
#[derive(Clone, Debug)]
pub struct Plan {
    pub route: &'static Route,
    pub display_name: String,
    pub secret_months: u32,
}

/// A Microsoft Graph client for the directory calls, with the administrator's token.
pub struct Graph<'a> {
    base: String,
    token: &'a SecretString,
    client: reqwest::blocking::Client,
}

impl<'a> Graph<'a> {
    pub fn new(graph_base: &str, token: &'a SecretString) -> Result<Graph<'a>, IdentityError> {
        Ok(Graph {
            base: graph_base.trim_end_matches('/').to_owned(),
            token,
            client: reqwest::blocking::Client::builder()
                .timeout(Duration::from_secs(30))
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .map_err(|e| IdentityError::Network {
                    url: graph_base.to_owned(),
                    detail: e.to_string(),
                })?,
        })
    }

    fn call(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<Value>,
    ) -> Result<Value, IdentityError> {
        let url = format!("{}/v1.0{path}", self.base);
        let mut request = self
            .client
            .request(method, &url)
            .bearer_auth(self.token.expose_secret());
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().map_err(|e| IdentityError::Network {
            url: url.clone(),
            detail: error_chain(&e),
        })?;
        let status = response.status().as_u16();
        let text = response.text().unwrap_or_default();
        if !(200..300).contains(&status) {
            let message = serde_json::from_str::<Value>(&text)
                .ok()
                .and_then(|v| {
                    Some(format!(
                        "{}: {}",
                        v["error"]["code"].as_str()?,
                        v["error"]["message"].as_str().unwrap_or_default()
                    ))
                })
                .unwrap_or_else(|| text.chars().take(300).collect());
            return Err(IdentityError::BadResponse {
                url,
                detail: format!("HTTP {status} {message}"),
            });
        }
        if text.trim().is_empty() {
            return Ok(Value::Null);
        }
        serde_json::from_str(&text).map_err(|e| IdentityError::BadResponse {
            url,
            detail: e.to_string(),
        })
    }

    fn get(&self, path: &str) -> Result<Value, IdentityError> {
        self.call(reqwest::Method::GET, path, None)
    }

    /// The service principal of an application in this tenant, by appId; `None` if absent.
    fn principal_of(&self, app_id: &str) -> Result<Option<Value>, IdentityError> {
        let found = self.get(&format!(
            "/servicePrincipals?$filter=appId%20eq%20'{app_id}'"
        ))?;
        Ok(found["value"][0]
            .as_object()
            .map(|o| Value::Object(o.clone())))
    }

    fn resource(&self, app_id: &str) -> Result<Value, IdentityError> {
        self.principal_of(app_id)?
            .ok_or_else(|| IdentityError::BadResponse {
                url: format!("servicePrincipals/{app_id}"),
                detail: "the resource's service principal is missing in this tenant".into(),
            })
    }

    /// Deletes a client secret from an application again.
    pub fn remove_secret(
        &self,
        application_object: &str,
        key_id: &str,
    ) -> Result<(), IdentityError> {
        self.call(
            reqwest::Method::POST,
            &format!("/applications/{application_object}/removePassword"),
            Some(json!({ "keyId": key_id })),
        )
        .map(|_| ())
    }
}

fn id_of(value: &Value, what: &str) -> Result<String, IdentityError> {
    value["id"]
        .as_str()
        .map(str::to_owned)
        .ok_or_else(|| IdentityError::BadResponse {
            url: what.to_owned(),
            detail: "no id in the answer".into(),
        })
}

fn guid_of(value: &Value, field: &str, what: &str) -> Result<Guid, IdentityError> {
    value[field]
        .as_str()
        .and_then(|s| Guid::parse(s).ok())
        .ok_or_else(|| IdentityError::BadResponse {
            url: what.to_owned(),
            detail: format!("no {field} in the answer"),
        })
}

/// The id of a resource's permission by its value: an app role for application permissions, an
/// OAuth2 scope for delegated ones.
fn permission_id(resource: &Value, kind: PermissionKind, wanted: &str) -> Option<String> {
    let list = match kind {
        PermissionKind::Application => "appRoles",
        PermissionKind::Delegated => "oauth2PermissionScopes",
    };
    resource[list]
        .as_array()?
        .iter()
        .find(|p| p["value"] == wanted)?["id"]
        .as_str()
        .map(str::to_owned)
}

/// A resource's permission value by its id (the reverse of `permission_id`).
fn permission_value(resource: &Value, application: bool, id: &str) -> Option<String> {
    let list = if application {
        "appRoles"
    } else {
        "oauth2PermissionScopes"
    };
    resource[list].as_array()?.iter().find(|p| p["id"] == id)?["value"]
        .as_str()
        .map(str::to_owned)
}

/// One resource's permissions to add: its service principal and the permission ids.
struct Wanted {
    app_id: String,
    principal: Value,
    roles: Vec<String>,
    scopes: Vec<String>,
    scope_values: Vec<String>,
}

/// The resources and permission ids the route asks for, looked up in the tenant.
fn wanted_permissions(
    graph: &Graph<'_>,
    route: &crate::access::Route,
) -> Result<Vec<Wanted>, IdentityError> {
    let mut wanted: Vec<Wanted> = Vec::new();
    for permission in &route.entra {
        let app_id = &permission.resource.app_id;
        if !wanted.iter().any(|w| &w.app_id == app_id) {
            wanted.push(Wanted {
                app_id: app_id.clone(),
                principal: graph.resource(app_id)?,
                roles: Vec::new(),
                scopes: Vec::new(),
                scope_values: Vec::new(),
            });
        }
        let Some(entry) = wanted.iter_mut().find(|w| &w.app_id == app_id) else {
            continue;
        };
        let id = permission_id(&entry.principal, permission.kind, &permission.permission)
            .ok_or_else(|| IdentityError::BadResponse {
                url: permission.resource.portal.clone(),
                detail: format!("no permission {}", permission.permission),
            })?;
        match permission.kind {
            PermissionKind::Application => entry.roles.push(id),
            PermissionKind::Delegated => {
                entry.scopes.push(id);
                entry.scope_values.push(permission.permission.clone());
            }
        }
    }
    Ok(wanted)
}

/// The registration's `requiredResourceAccess`: what the portal lists under API permissions.
fn required_access(wanted: &[Wanted]) -> Vec<Value> {
    wanted
        .iter()
        .map(|w| {
            let access: Vec<Value> = w
                .roles
                .iter()
                .map(|id| json!({"id": id, "type": "Role"}))
                .chain(w.scopes.iter().map(|id| json!({"id": id, "type": "Scope"})))
                .collect();
            json!({ "resourceAppId": w.app_id, "resourceAccess": access })
        })
        .collect()
}

/// Admin consent through Graph: application permissions as app role assignments, delegated
/// ones as one grant for all users per resource.
fn grant(
    graph: &Graph<'_>,
    wanted: &[Wanted],
    enterprise_object_id: &Guid,
) -> Result<(), IdentityError> {
    for w in wanted {
        let resource = id_of(&w.principal, &w.app_id)?;
        for role in &w.roles {
            graph.call(
                reqwest::Method::POST,
                &format!("/servicePrincipals/{resource}/appRoleAssignedTo"),
                Some(json!({ "principalId": enterprise_object_id.as_str(), "resourceId": resource, "appRoleId": role })),
            )?;
        }
        if !w.scope_values.is_empty() {
            graph.call(
                reqwest::Method::POST,
                "/oauth2PermissionGrants",
                Some(json!({
                    "clientId": enterprise_object_id.as_str(),
                    "consentType": "AllPrincipals",
                    "resourceId": resource,
                    "scope": w.scope_values.join(" "),
                })),
            )?;
        }
    }
    Ok(())
}

/// Runs the Graph steps with the administrator's token. `step` reports progress.
pub fn create(
    graph_base: &str,
    admin_token: &SecretString,
    plan: &Plan,
    mut step: impl FnMut(Step),
) -> Result<Created, Box<AutoRegFailure>> {
    let mut partial = Partial {
        display_name: plan.display_name.clone(),
        ..Partial::default()
    };
    let mut current = Step::Application;
    macro_rules! attempt {
        ($e:expr) => {
            match $e {
                Ok(value) => value,
                Err(error) => {
                    return Err(Box::new(AutoRegFailure {
                        step: current,
                        error,
                        partial,
                    }))
                }
            }
        };
    }
    let graph = attempt!(Graph::new(graph_base, admin_token));
    let route = plan.route;

    // Look up the permissions first: a missing one stops before anything is created.
    let wanted = attempt!(wanted_permissions(&graph, route));

    step(Step::Application);
    let required = required_access(&wanted);
    let application = attempt!(graph.call(
        reqwest::Method::POST,
        "/applications",
        Some(json!({
            "displayName": plan.display_name,
            "signInAudience": "AzureADMyOrg",
            "publicClient": { "redirectUris": [crate::portal::REDIRECT_URI] },
            "isFallbackPublicClient": route.access == crate::access::Access::Delegated,
            "requiredResourceAccess": required,
        })),
    ));
    let application_object = attempt!(id_of(&application, "applications"));
    partial.application_object = Some(application_object.clone());
    let client_id = attempt!(guid_of(&application, "appId", "applications"));
    partial.client_id = Some(client_id.clone());

    current = Step::ServicePrincipal;
    step(current);
    let principal = attempt!(graph.call(
        reqwest::Method::POST,
        "/servicePrincipals",
        Some(json!({ "appId": client_id.as_str() })),
    ));
    let enterprise_object_id = attempt!(guid_of(&principal, "id", "servicePrincipals"));
    partial.enterprise_object_id = Some(enterprise_object_id.clone());

    if Step::Secret.applies_to(route) {
        current = Step::Secret;
        step(current);
        let end = crate::secrets::expiry_after_months(Utc::now().date_naive(), plan.secret_months)
            .and_hms_opt(0, 0, 0)
            .map(|t| t.and_utc())
            .unwrap_or_else(Utc::now);
        let password = attempt!(graph.call(
            reqwest::Method::POST,
            &format!("/applications/{application_object}/addPassword"),
            Some(json!({ "passwordCredential": { "displayName": "Overstap", "endDateTime": end.to_rfc3339() } })),
        ));
        let text = attempt!(password["secretText"].as_str().ok_or_else(|| {
            IdentityError::BadResponse {
                url: "addPassword".into(),
                detail: "no secretText in the answer".into(),
            }
        }));
        partial.secret = Some(CreatedSecret {
            value: SecretString::from(text.to_owned()),
            expires: end,
            key_id: password["keyId"].as_str().unwrap_or_default().to_owned(),
        });
    }

    if Step::Permissions.applies_to(route) {
        current = Step::Permissions;
        step(current);
        attempt!(grant(&graph, &wanted, &enterprise_object_id));
    }

    current = Step::Check;
    step(current);
    let entra = attempt!(list_permissions(&graph, &client_id));
    Ok(Created {
        application_object,
        client_id,
        enterprise_object_id,
        secret: partial.secret.take(),
        entra,
    })
}

/// What Entra grants an application and what its registration lists, read through Graph:
/// the service principal's app role assignments (application permissions with admin consent)
/// and the application's `requiredResourceAccess`.
pub fn list_permissions(
    graph: &Graph<'_>,
    client_id: &Guid,
) -> Result<EntraPermissions, IdentityError> {
    let mut resources: BTreeMap<String, Value> = BTreeMap::new();
    let mut resource_by_app_id = |app_id: &str| -> Result<Value, IdentityError> {
        if let Some(found) = resources.get(app_id) {
            return Ok(found.clone());
        }
        let found = graph.principal_of(app_id)?.unwrap_or(Value::Null);
        resources.insert(app_id.to_owned(), found.clone());
        Ok(found)
    };
    let mut result = EntraPermissions::default();

    if let Some(principal) = graph.principal_of(client_id.as_str())? {
        result.principal_found = true;
        let id = id_of(&principal, "servicePrincipals")?;
        let assignments = graph.get(&format!("/servicePrincipals/{id}/appRoleAssignments"))?;
        for assignment in assignments["value"].as_array().into_iter().flatten() {
            let resource_id = assignment["resourceId"].as_str().unwrap_or_default();
            let role_id = assignment["appRoleId"].as_str().unwrap_or_default();
            let resource = graph.get(&format!("/servicePrincipals/{resource_id}"))?;
            let app_id = resource["appId"].as_str().unwrap_or_default().to_owned();
            result.granted.push(EntraGrant {
                resource: resource["displayName"]
                    .as_str()
                    .or(assignment["resourceDisplayName"].as_str())
                    .unwrap_or_default()
                    .to_owned(),
                resource_app_id: app_id,
                permission: permission_value(&resource, true, role_id)
                    .unwrap_or_else(|| role_id.to_owned()),
                application: true,
            });
        }
    }

    let applications = graph.get(&format!(
        "/applications?$filter=appId%20eq%20'{}'",
        client_id.as_str()
    ))?;
    if let Some(application) = applications["value"][0].as_object() {
        for required in application
            .get("requiredResourceAccess")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let app_id = required["resourceAppId"].as_str().unwrap_or_default();
            let resource = resource_by_app_id(app_id)?;
            for access in required["resourceAccess"].as_array().into_iter().flatten() {
                let id = access["id"].as_str().unwrap_or_default();
                let application = access["type"] == "Role";
                result.configured.push(EntraGrant {
                    resource: resource["displayName"]
                        .as_str()
                        .unwrap_or(app_id)
                        .to_owned(),
                    resource_app_id: app_id.to_owned(),
                    permission: permission_value(&resource, application, id)
                        .unwrap_or_else(|| id.to_owned()),
                    application,
                });
            }
        }
    }
    result.granted.sort();
    result.configured.sort();
    Ok(result)
}
