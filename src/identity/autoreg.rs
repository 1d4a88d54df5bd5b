//! Automatic app registration through Microsoft Graph, after one administrator sign-in: the
//! application, its service principal (the Enterprise application), a client secret with the
//! chosen expiry, the API permissions and their admin consent, each step reported.
//!
//! Permission ids are looked up at run time from the resource's service principal (its
//! `appRoles` and `oauth2PermissionScopes`), never hard-coded, so they stay right in every cloud.
//! Graph `Mail.Send` is deliberately not granted: Exchange scopes it to one mailbox instead.

use std::time::Duration;

use chrono::{DateTime, Utc};
use secrecy::{ExposeSecret as _, SecretString};
use serde_json::{Value, json};

use super::{IdentityError, http::error_chain};
use crate::guid::Guid;
use crate::session::Scenario;

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

const EXCHANGE_APP_ID: &str = "00000002-0000-0ff1-ce00-000000000000";
const GRAPH_APP_ID: &str = "00000003-0000-0000-c000-000000000000";

/// The visible steps, in order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    SignIn,
    Application,
    ServicePrincipal,
    Secret,
    Permissions,
}

impl Step {
    pub const ALL: [Step; 5] = [
        Step::SignIn,
        Step::Application,
        Step::ServicePrincipal,
        Step::Secret,
        Step::Permissions,
    ];

    pub fn message_id(self) -> &'static str {
        match self {
            Step::SignIn => "autoreg-step-sign-in",
            Step::Application => "autoreg-step-application",
            Step::ServicePrincipal => "autoreg-step-service-principal",
            Step::Secret => "autoreg-step-secret",
            Step::Permissions => "autoreg-step-permissions",
        }
    }
}

/// The result: ids for the Registration page, the secret for the credential store.
#[derive(Debug)]
pub struct Created {
    pub client_id: Guid,
    pub enterprise_object_id: Guid,
    pub secret: Option<(SecretString, DateTime<Utc>)>,
}

/// What to create.
#[derive(Clone, Debug)]
pub struct Plan {
    pub scenario: Scenario,
    pub display_name: String,
    pub secret_months: u32,
}

struct Graph<'a> {
    base: String,
    token: &'a SecretString,
    client: reqwest::blocking::Client,
}

impl Graph<'_> {
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

    fn resource(&self, app_id: &str) -> Result<Value, IdentityError> {
        let found = self.call(
            reqwest::Method::GET,
            &format!("/servicePrincipals?$filter=appId%20eq%20'{app_id}'"),
            None,
        )?;
        found["value"][0]
            .as_object()
            .map(|o| Value::Object(o.clone()))
            .ok_or_else(|| IdentityError::BadResponse {
                url: format!("servicePrincipals/{app_id}"),
                detail: "the resource's service principal is missing in this tenant".into(),
            })
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

/// Application permissions (app roles) of Exchange Online the scenario needs.
fn exchange_roles(scenario: Scenario) -> &'static [&'static str] {
    match scenario {
        Scenario::SmtpAppOnly => &["SMTP.SendAsApp"],
        Scenario::Ews => &["full_access_as_app"],
        Scenario::GraphAppOnly | Scenario::SmtpImapDelegated => &[],
    }
}

/// Delegated Graph scopes the scenario needs.
fn delegated_scopes(scenario: Scenario) -> &'static [&'static str] {
    match scenario {
        Scenario::SmtpImapDelegated => &["SMTP.Send", "IMAP.AccessAsUser.All", "offline_access"],
        _ => &[],
    }
}

/// Runs the Graph steps with the administrator's token. `step` reports progress.
pub fn create(
    graph_base: &str,
    admin_token: &SecretString,
    plan: &Plan,
    mut step: impl FnMut(Step),
) -> Result<Created, IdentityError> {
    let graph = Graph {
        base: graph_base.trim_end_matches('/').to_owned(),
        token: admin_token,
        client: reqwest::blocking::Client::builder()
            .timeout(Duration::from_secs(30))
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| IdentityError::Network {
                url: graph_base.to_owned(),
                detail: e.to_string(),
            })?,
    };

    // Look up the permissions first: a missing one stops before anything is created.
    let exchange = if exchange_roles(plan.scenario).is_empty() {
        None
    } else {
        Some(graph.resource(EXCHANGE_APP_ID)?)
    };
    let graph_sp = if delegated_scopes(plan.scenario).is_empty() {
        None
    } else {
        Some(graph.resource(GRAPH_APP_ID)?)
    };
    let mut role_ids = Vec::new();
    if let Some(exchange) = &exchange {
        for wanted in exchange_roles(plan.scenario) {
            let role = exchange["appRoles"]
                .as_array()
                .and_then(|roles| roles.iter().find(|r| r["value"] == *wanted))
                .and_then(|r| r["id"].as_str())
                .ok_or_else(|| IdentityError::BadResponse {
                    url: "Office 365 Exchange Online".into(),
                    detail: format!("no application permission {wanted}"),
                })?;
            role_ids.push(role.to_owned());
        }
    }
    let mut scope_ids = Vec::new();
    if let Some(graph_sp) = &graph_sp {
        for wanted in delegated_scopes(plan.scenario) {
            let scope = graph_sp["oauth2PermissionScopes"]
                .as_array()
                .and_then(|scopes| scopes.iter().find(|s| s["value"] == *wanted))
                .and_then(|s| s["id"].as_str())
                .ok_or_else(|| IdentityError::BadResponse {
                    url: "Microsoft Graph".into(),
                    detail: format!("no delegated permission {wanted}"),
                })?;
            scope_ids.push(scope.to_owned());
        }
    }

    step(Step::Application);
    let mut required = Vec::new();
    if !role_ids.is_empty() {
        required.push(json!({
            "resourceAppId": EXCHANGE_APP_ID,
            "resourceAccess": role_ids.iter().map(|id| json!({"id": id, "type": "Role"})).collect::<Vec<_>>()
        }));
    }
    if !scope_ids.is_empty() {
        required.push(json!({
            "resourceAppId": GRAPH_APP_ID,
            "resourceAccess": scope_ids.iter().map(|id| json!({"id": id, "type": "Scope"})).collect::<Vec<_>>()
        }));
    }
    let application = graph.call(
        reqwest::Method::POST,
        "/applications",
        Some(json!({
            "displayName": plan.display_name,
            "signInAudience": "AzureADMyOrg",
            "publicClient": { "redirectUris": [crate::portal::REDIRECT_URI] },
            "isFallbackPublicClient": plan.scenario == Scenario::SmtpImapDelegated,
            "requiredResourceAccess": required,
        })),
    )?;
    let application_object = id_of(&application, "applications")?;
    let client_id = guid_of(&application, "appId", "applications")?;

    step(Step::ServicePrincipal);
    let principal = graph.call(
        reqwest::Method::POST,
        "/servicePrincipals",
        Some(json!({ "appId": client_id.as_str() })),
    )?;
    let enterprise_object_id = guid_of(&principal, "id", "servicePrincipals")?;

    let secret = if plan.scenario.needs_client_secret() {
        step(Step::Secret);
        let end = crate::secrets::expiry_after_months(Utc::now().date_naive(), plan.secret_months)
            .and_hms_opt(0, 0, 0)
            .map(|t| t.and_utc())
            .unwrap_or_else(Utc::now);
        let password = graph.call(
            reqwest::Method::POST,
            &format!("/applications/{application_object}/addPassword"),
            Some(json!({ "passwordCredential": { "displayName": "Overstap", "endDateTime": end.to_rfc3339() } })),
        )?;
        let text = password["secretText"]
            .as_str()
            .ok_or_else(|| IdentityError::BadResponse {
                url: "addPassword".into(),
                detail: "no secretText in the answer".into(),
            })?;
        Some((SecretString::from(text.to_owned()), end))
    } else {
        None
    };

    step(Step::Permissions);
    if let Some(exchange) = &exchange {
        let resource = id_of(exchange, "Office 365 Exchange Online")?;
        for role in &role_ids {
            graph.call(
                reqwest::Method::POST,
                &format!("/servicePrincipals/{resource}/appRoleAssignedTo"),
                Some(json!({ "principalId": enterprise_object_id.as_str(), "resourceId": resource, "appRoleId": role })),
            )?;
        }
    }
    if let Some(graph_sp) = &graph_sp {
        graph.call(
            reqwest::Method::POST,
            "/oauth2PermissionGrants",
            Some(json!({
                "clientId": enterprise_object_id.as_str(),
                "consentType": "AllPrincipals",
                "resourceId": id_of(graph_sp, "Microsoft Graph")?,
                "scope": delegated_scopes(plan.scenario).join(" "),
            })),
        )?;
    }
    Ok(Created {
        client_id,
        enterprise_object_id,
        secret,
    })
}
