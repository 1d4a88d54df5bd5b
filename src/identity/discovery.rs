//! Tenant discovery: from a mail domain (or a tenant id) to the tenant id, its cloud and its
//! endpoints, through the public OpenID configuration document.

use serde::{Deserialize, Serialize};

use super::http::Http;
use super::{AadError, IdentityError};
use crate::guid::Guid;

/// Which Microsoft cloud the tenant lives in; decides the Graph and Exchange hosts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Cloud {
    Worldwide,
    UsGovernment,
    China,
    /// An instance name Overstap does not know; its endpoints are still used as published.
    Other(String),
}

impl Cloud {
    pub fn from_instance_name(name: &str) -> Cloud {
        match name.to_ascii_lowercase().as_str() {
            "microsoftonline.com" => Cloud::Worldwide,
            "microsoftonline.us" => Cloud::UsGovernment,
            "partner.microsoftonline.cn" => Cloud::China,
            other => Cloud::Other(other.to_owned()),
        }
    }

    pub fn key(&self) -> &str {
        match self {
            Cloud::Worldwide => "worldwide",
            Cloud::UsGovernment => "us-government",
            Cloud::China => "china",
            Cloud::Other(_) => "other",
        }
    }
}

/// What discovery found out about a tenant.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TenantInfo {
    pub tenant_id: Guid,
    /// What the admin typed (domain or id).
    pub queried: String,
    pub cloud: Cloud,
    pub cloud_instance_name: String,
    pub tenant_region_scope: String,
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

#[derive(Deserialize)]
struct OpenIdConfiguration {
    issuer: String,
    authorization_endpoint: String,
    token_endpoint: String,
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

/// Asks the authority for the tenant's OpenID configuration.
pub fn discover(http: &Http, authority: &str, input: &str) -> Result<TenantInfo, IdentityError> {
    let queried = normalise_tenant_input(input)?;
    let url = format!(
        "{}/{}/v2.0/.well-known/openid-configuration",
        authority.trim_end_matches('/'),
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
            detail: e.to_string(),
        })?;
    let tenant_id =
        tenant_from_issuer(&config.issuer).ok_or_else(|| IdentityError::BadResponse {
            url: url.clone(),
            detail: format!("no tenant id in issuer {}", config.issuer),
        })?;
    let instance = config.cloud_instance_name.unwrap_or_default();
    Ok(TenantInfo {
        tenant_id,
        queried,
        cloud: Cloud::from_instance_name(&instance),
        cloud_instance_name: instance,
        tenant_region_scope: config.tenant_region_scope.unwrap_or_default(),
        graph_host: config.msgraph_host.unwrap_or_default(),
        authorization_endpoint: config.authorization_endpoint,
        token_endpoint: config.token_endpoint,
        device_authorization_endpoint: config.device_authorization_endpoint.unwrap_or_default(),
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
            Cloud::Worldwide
        );
        assert_eq!(
            Cloud::from_instance_name("microsoftonline.us"),
            Cloud::UsGovernment
        );
        assert_eq!(
            Cloud::from_instance_name("partner.microsoftonline.cn"),
            Cloud::China
        );
        assert_eq!(Cloud::from_instance_name("x"), Cloud::Other("x".into()));
    }

    #[test]
    fn admin_consent_url_is_the_v2_form() {
        let info = TenantInfo {
            tenant_id: Guid::parse("8f7e6d5c-4b3a-2918-0716-253443526170").expect("guid"),
            queried: "contoso.nl".into(),
            cloud: Cloud::Worldwide,
            cloud_instance_name: "microsoftonline.com".into(),
            tenant_region_scope: "EU".into(),
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
