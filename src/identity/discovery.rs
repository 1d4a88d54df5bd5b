//! Tenant discovery: from a mail domain (or a tenant id) to the tenant id, its cloud and its
//! endpoints, through the public OpenID configuration document.
//!
//! Nothing in the answer is taken on trust (issue 13): the issuer must name the tenant asked for,
//! the authorize, token and device code endpoints must be https on the login host of the cloud
//! the answer names, and the Graph host must be one of that cloud's (`trust::CLOUDS`). A
//! `TenantInfo` exists only as the result of such a check: it cannot be read from a file.

use serde::Deserialize;

use super::http::Http;
use super::trust::{Authority, Untrusted};
use super::{AadError, IdentityError};
use crate::guid::Guid;

pub use super::trust::Cloud;

/// What discovery found out about a tenant, checked against `trust::CLOUDS`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TenantInfo {
    pub tenant_id: Guid,
    /// What the admin typed (domain or id).
    pub queried: String,
    pub cloud: Cloud,
    pub tenant_region_scope: String,
    /// `https://login.microsoftonline.com/<tenant id>/v2.0`: what the tenant's id tokens carry.
    pub issuer: String,
    pub graph_host: String,
    pub authorization_endpoint: String,
    pub token_endpoint: String,
    pub device_authorization_endpoint: String,
}

impl TenantInfo {
    /// `https://host` of the authorize endpoint: the authority the tenant signs in at.
    pub fn authority(&self) -> String {
        match url::Url::parse(&self.authorization_endpoint) {
            Ok(url) => url.origin().ascii_serialization(),
            Err(_) => super::WORLDWIDE_AUTHORITY.to_owned(),
        }
    }

    /// The v2 admin consent URL: an administrator approves the application permissions of
    /// `scope` (e.g. `https://outlook.office365.com/.default`) for the whole tenant.
    pub fn admin_consent_url(
        &self,
        client_id: &Guid,
        redirect_uri: &str,
        state: &str,
        scope: &str,
    ) -> String {
        let mut url = match url::Url::parse(&format!(
            "{}/{}/v2.0/adminconsent",
            self.authority(),
            self.tenant_id
        )) {
            Ok(url) => url,
            Err(_) => return String::new(),
        };
        url.query_pairs_mut()
            .append_pair("client_id", client_id.as_str())
            .append_pair("scope", scope)
            .append_pair("redirect_uri", redirect_uri)
            .append_pair("state", state);
        url.to_string()
    }
}

/// The fields Overstap reads; every one optional so a missing one gets a clear error.
#[derive(Deserialize)]
struct OpenIdConfiguration {
    #[serde(default)]
    issuer: Option<String>,
    #[serde(default)]
    authorization_endpoint: Option<String>,
    #[serde(default)]
    token_endpoint: Option<String>,
    #[serde(default)]
    device_authorization_endpoint: Option<String>,
    #[serde(default)]
    cloud_instance_name: Option<String>,
    #[serde(default)]
    tenant_region_scope: Option<String>,
    #[serde(default)]
    msgraph_host: Option<String>,
}

/// Reads what the admin typed: a GUID, a domain, or a mail address (its domain is used).
pub fn normalise_tenant_input(input: &str) -> Result<String, IdentityError> {
    let trimmed = input.trim().trim_matches(['"', '\'']).trim();
    if let Ok(guid) = Guid::parse(trimmed) {
        return Ok(guid.to_string());
    }
    let domain = trimmed
        .rsplit_once('@')
        .map_or(trimmed, |(_, domain)| domain)
        .trim_end_matches('.')
        .to_ascii_lowercase();
    let valid = domain.contains('.')
        && domain.split('.').all(|label| {
            !label.is_empty()
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        });
    if valid {
        Ok(domain)
    } else {
        Err(IdentityError::InvalidTenantInput(input.trim().to_owned()))
    }
}

/// Asks the authority for the tenant's OpenID configuration and checks the answer.
pub fn discover(
    http: &Http,
    authority: &Authority,
    input: &str,
) -> Result<TenantInfo, IdentityError> {
    let queried = normalise_tenant_input(input)?;
    let url = format!(
        "{}/{}/v2.0/.well-known/openid-configuration",
        authority.base(),
        queried
    );
    let (status, body) = http.get(&url)?;
    if status != 200 {
        return Err(match serde_json::from_str::<AadError>(&body) {
            Ok(error) if !error.error.is_empty() => IdentityError::Aad(Box::new(error)),
            _ => IdentityError::BadResponse {
                url,
                detail: format!("HTTP {status}"),
            },
        });
    }
    let config: OpenIdConfiguration =
        serde_json::from_str(&body).map_err(|e| IdentityError::BadResponse {
            url: url.clone(),
            // serde's text may quote the answer; line and column are enough.
            detail: format!(
                "not the expected JSON (line {}, column {})",
                e.line(),
                e.column()
            ),
        })?;
    check(authority, &queried, config).map_err(|detail| match detail {
        Problem::Missing(field) => IdentityError::BadResponse {
            url: url.clone(),
            detail: format!("the answer has no {field}"),
        },
        Problem::Untrusted(untrusted) => IdentityError::Untrusted {
            url: url.clone(),
            detail: untrusted.to_string(),
        },
    })
}

enum Problem {
    Missing(&'static str),
    Untrusted(Untrusted),
}

impl From<Untrusted> for Problem {
    fn from(untrusted: Untrusted) -> Problem {
        Problem::Untrusted(untrusted)
    }
}

/// The checks of the module doc, in the order a reader would make them.
fn check(
    authority: &Authority,
    queried: &str,
    config: OpenIdConfiguration,
) -> Result<TenantInfo, Problem> {
    let issuer = config.issuer.ok_or(Problem::Missing("issuer"))?;
    let instance = config
        .cloud_instance_name
        .ok_or(Problem::Missing("cloud_instance_name"))?;
    let cloud = Cloud::from_instance_name(&instance).ok_or_else(|| Untrusted::Host {
        url: super::trust::shorten(&instance),
        what: "a Microsoft cloud Overstap knows",
    })?;
    let hosts = cloud.hosts();

    // The issuer: one of the cloud's login hosts, naming the tenant asked for.
    let issuer_url =
        url::Url::parse(&issuer).map_err(|_| Untrusted::NotAUrl(super::trust::shorten(&issuer)))?;
    super::trust::https_on(&issuer_url, &issuer, hosts.issuer, "the cloud's issuer")?;
    let tenant_id = tenant_from_issuer(&issuer).ok_or_else(|| Untrusted::Host {
        url: super::trust::shorten(&issuer),
        what: "an issuer naming a tenant id",
    })?;
    if Guid::parse(queried).is_ok_and(|asked| asked != tenant_id) {
        return Err(Untrusted::Host {
            url: super::trust::shorten(&issuer),
            what: "the tenant asked for",
        }
        .into());
    }

    // The endpoints: on the cloud's login host (or the test emulator), for that same tenant.
    let endpoint = |value: Option<String>, field: &'static str| -> Result<String, Problem> {
        let value = value.ok_or(Problem::Missing(field))?;
        let url = authority.check_endpoint(cloud, &value)?;
        let first = url.path_segments().and_then(|mut s| s.next()).unwrap_or("");
        if !first.eq_ignore_ascii_case(tenant_id.as_str()) {
            return Err(Untrusted::Host {
                url: super::trust::shorten(&value),
                what: "the tenant's own endpoints",
            }
            .into());
        }
        Ok(value)
    };
    let authorization_endpoint = endpoint(config.authorization_endpoint, "authorization_endpoint")?;
    let token_endpoint = endpoint(config.token_endpoint, "token_endpoint")?;
    let device_authorization_endpoint = match config.device_authorization_endpoint {
        None => String::new(),
        some => endpoint(some, "device_authorization_endpoint")?,
    };

    // Graph: one of the cloud's hosts, whatever the answer says.
    let graph_host = match config.msgraph_host {
        None => hosts.graph[0].to_owned(),
        Some(host) => {
            let lower = host.to_ascii_lowercase();
            if !hosts.graph.contains(&lower.as_str()) {
                return Err(Untrusted::Host {
                    url: super::trust::shorten(&host),
                    what: "the cloud's Microsoft Graph",
                }
                .into());
            }
            lower
        }
    };
    let region = config.tenant_region_scope.unwrap_or_default();
    Ok(TenantInfo {
        tenant_id,
        queried: queried.to_owned(),
        cloud,
        // Shown on screen: plain letters only (Microsoft uses EU, NA, WW, USGov, ...).
        tenant_region_scope: region
            .chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .take(16)
            .collect(),
        issuer,
        graph_host,
        authorization_endpoint,
        token_endpoint,
        device_authorization_endpoint,
    })
}

/// `https://login.microsoftonline.com/<tenant id>/v2.0` -> the tenant id.
fn tenant_from_issuer(issuer: &str) -> Option<Guid> {
    let url = url::Url::parse(issuer).ok()?;
    let first = url.path_segments()?.next()?;
    Guid::parse(first).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tenant_input_table() {
        let ok = [
            ("contoso.nl", "contoso.nl"),
            ("  Contoso.NL. ", "contoso.nl"),
            ("piet@contoso.nl", "contoso.nl"),
            ("contoso.onmicrosoft.com", "contoso.onmicrosoft.com"),
            (
                "{8F7E6D5C-4B3A-2918-0716-253443526170}",
                "8f7e6d5c-4b3a-2918-0716-253443526170",
            ),
        ];
        for (input, expected) in ok {
            assert_eq!(
                normalise_tenant_input(input).ok().as_deref(),
                Some(expected),
                "{input}"
            );
        }
        for bad in [
            "",
            "contoso",
            "con toso.nl",
            "-x.nl",
            "http://contoso.nl/",
            "a..nl",
        ] {
            assert!(normalise_tenant_input(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn issuer_gives_the_tenant() {
        assert_eq!(
            tenant_from_issuer(
                "https://login.microsoftonline.com/8f7e6d5c-4b3a-2918-0716-253443526170/v2.0"
            )
            .map(|g| g.to_string())
            .as_deref(),
            Some("8f7e6d5c-4b3a-2918-0716-253443526170")
        );
        assert_eq!(
            tenant_from_issuer("https://sts.windows.net/{tenantid}/"),
            None
        );
    }

    #[test]
    fn clouds_from_instance_names() {
        assert_eq!(
            Cloud::from_instance_name("microsoftonline.com"),
            Some(Cloud::Worldwide)
        );
        assert_eq!(
            Cloud::from_instance_name("microsoftonline.us"),
            Some(Cloud::UsGovernment)
        );
        assert_eq!(
            Cloud::from_instance_name("partner.microsoftonline.cn"),
            Some(Cloud::China)
        );
        assert_eq!(Cloud::from_instance_name("x"), None);
    }

    #[test]
    fn admin_consent_url_is_the_v2_form() {
        let info = TenantInfo {
            tenant_id: Guid::parse("8f7e6d5c-4b3a-2918-0716-253443526170").expect("guid"),
            queried: "contoso.nl".into(),
            cloud: Cloud::Worldwide,
            tenant_region_scope: "EU".into(),
            issuer: "https://login.microsoftonline.com/8f7e6d5c-4b3a-2918-0716-253443526170/v2.0".into(),
            graph_host: "graph.microsoft.com".into(),
            authorization_endpoint: "https://login.microsoftonline.com/8f7e6d5c-4b3a-2918-0716-253443526170/oauth2/v2.0/authorize".into(),
            token_endpoint: "https://login.microsoftonline.com/8f7e6d5c-4b3a-2918-0716-253443526170/oauth2/v2.0/token".into(),
            device_authorization_endpoint: String::new(),
        };
        let client = Guid::parse("0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9").expect("guid");
        let url = info.admin_consent_url(
            &client,
            "http://localhost:5000/",
            "xyz",
            super::super::OUTLOOK_DEFAULT_SCOPE,
        );
        assert_eq!(
            url,
            "https://login.microsoftonline.com/8f7e6d5c-4b3a-2918-0716-253443526170/v2.0/adminconsent?client_id=0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9&scope=https%3A%2F%2Foutlook.office365.com%2F.default&redirect_uri=http%3A%2F%2Flocalhost%3A5000%2F&state=xyz"
        );
    }
}
