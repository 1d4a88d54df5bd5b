//! The one place that says which hosts Overstap trusts: where the identity platform of each
//! Microsoft cloud lives, where its Graph, Exchange Online and admin portals live, and therefore
//! which endpoints a discovery document may name and which URLs may be handed to the browser.
//!
//! Why a fixed list: the client secret is POSTed to the token endpoint and an administrator's
//! Graph token goes to the Graph host. Taking those from a document (a session file, or a
//! discovery answer bent by a proxy) would let whoever wrote it collect them. So a discovery
//! answer is checked against this table, session files never carry endpoints at all, and the
//! browser only ever opens https pages of these hosts.
//!
//! Sources, as read on 2026-11-30:
//! - "Microsoft Entra authentication & national clouds",
//!   <https://learn.microsoft.com/entra/identity-platform/authentication-national-cloud>
//!   (docs.azure.cn copy dated 2026-06-24): authentication endpoints
//!   `login.microsoftonline.com`, `login.microsoftonline.us`, `login.partner.microsoftonline.cn`;
//!   portals `portal.azure.com`, `portal.azure.us`, `portal.azure.cn`.
//! - "Microsoft Graph national cloud deployments", <https://learn.microsoft.com/graph/deployments>:
//!   Entra ID endpoint for China `login.chinacloudapi.cn`; Graph `graph.microsoft.com`,
//!   `graph.microsoft.us` (L4: GCC High), `dod-graph.microsoft.us` (L5: DoD),
//!   `microsoftgraph.chinacloudapi.cn`.
//! - "API endpoints of Office 365 operated by 21Vianet",
//!   <https://learn.microsoft.com/previous-versions/office/office-365-api/api/o365-china-endpoints>:
//!   Exchange Online `partner.outlook.cn`.
//! - Microsoft Entra FAQ ("How can I allow Microsoft Entra admin center URLs on my firewall"),
//!   <https://learn.microsoft.com/entra/fundamentals/active-directory-faq>: the admin center at
//!   `entra.microsoft.com`, `entra.microsoft.us`, `entra.microsoftonline.cn`.
//! - Exchange Online for US Government: `outlook.office365.us` (GCC High) and
//!   `outlook-dod.office365.us` (DoD), as the issue names them; not yet cross-checked against a
//!   Microsoft page here, and unused until the mail test learns the national clouds.

/// Which Microsoft cloud a tenant lives in; decides the hosts of everything else.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cloud {
    Worldwide,
    UsGovernment,
    China,
}

/// The hosts of one cloud. Every host is reached over https on port 443 only.
#[derive(Debug)]
pub struct CloudHosts {
    pub cloud: Cloud,
    /// `cloud_instance_name` in the discovery document.
    pub instance_name: &'static str,
    /// Hosts of the authorize, token and device code endpoints; the first is the one to ask.
    pub login: &'static [&'static str],
    /// Hosts an id token's and the discovery document's `iss` may name.
    pub issuer: &'static [&'static str],
    /// Microsoft Graph (`msgraph_host`); GCC High and DoD differ within the US cloud.
    pub graph: &'static [&'static str],
    /// Exchange Online (IMAP, SMTP, EWS).
    pub outlook: &'static [&'static str],
    /// Admin portals the wizard links to.
    pub portals: &'static [&'static str],
}

/// Microsoft's documentation, which the permission routes cite next to each limit
/// (`assets/access-routes.toml`): the admin may read the page the advice comes from.
pub const DOCUMENTATION: &[&str] = &["learn.microsoft.com"];

pub static CLOUDS: [CloudHosts; 3] = [
    CloudHosts {
        cloud: Cloud::Worldwide,
        instance_name: "microsoftonline.com",
        login: &["login.microsoftonline.com"],
        issuer: &["login.microsoftonline.com"],
        graph: &["graph.microsoft.com"],
        outlook: &["outlook.office365.com"],
        portals: &["entra.microsoft.com", "portal.azure.com"],
    },
    CloudHosts {
        cloud: Cloud::UsGovernment,
        instance_name: "microsoftonline.us",
        login: &["login.microsoftonline.us"],
        issuer: &["login.microsoftonline.us"],
        graph: &["graph.microsoft.us", "dod-graph.microsoft.us"],
        outlook: &["outlook.office365.us", "outlook-dod.office365.us"],
        portals: &["entra.microsoft.us", "portal.azure.us"],
    },
    CloudHosts {
        cloud: Cloud::China,
        instance_name: "partner.microsoftonline.cn",
        login: &["login.partner.microsoftonline.cn", "login.chinacloudapi.cn"],
        issuer: &["login.partner.microsoftonline.cn", "login.chinacloudapi.cn"],
        graph: &["microsoftgraph.chinacloudapi.cn"],
        outlook: &["partner.outlook.cn"],
        portals: &["entra.microsoftonline.cn", "portal.azure.cn"],
    },
];

impl Cloud {
    pub fn hosts(self) -> &'static CloudHosts {
        match self {
            Cloud::Worldwide => &CLOUDS[0],
            Cloud::UsGovernment => &CLOUDS[1],
            Cloud::China => &CLOUDS[2],
        }
    }

    /// The cloud of a discovery document's `cloud_instance_name`; `None` for any other.
    pub fn from_instance_name(name: &str) -> Option<Cloud> {
        CLOUDS
            .iter()
            .find(|hosts| hosts.instance_name.eq_ignore_ascii_case(name))
            .map(|hosts| hosts.cloud)
    }

    /// Stable key for message ids (`cloud-<key>`).
    pub fn key(self) -> &'static str {
        match self {
            Cloud::Worldwide => "worldwide",
            Cloud::UsGovernment => "us-government",
            Cloud::China => "china",
        }
    }
}

/// Where the identity platform is asked. The program only ever uses `Cloud`.
///
/// Why the test switch lives here and not in an environment variable: an environment variable
/// can be set on a customer's server by accident (or by someone else) and would silently allow
/// plain http to a local process; a value in `AppOptions` can only be set by code, and the guard
/// test `the_production_binary_never_sets_the_test_switch` checks that no code outside the
/// identity layer and the tests names it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Authority {
    /// A Microsoft cloud: https to its login host; endpoints from the fixed table above.
    Cloud(Cloud),
    /// The identity emulator of the tests: plain http on a loopback address. Endpoints must be
    /// on exactly this origin; Graph is the emulator too.
    LoopbackForTests(LoopbackOrigin),
}

/// `http://127.0.0.1:<port>` (or `localhost`, `[::1]`): the only form the test switch accepts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoopbackOrigin(url::Url);

impl LoopbackOrigin {
    pub fn origin(&self) -> String {
        self.0.origin().ascii_serialization()
    }

    /// Whether `url` is on exactly this origin (scheme, host and port).
    fn holds(&self, url: &url::Url) -> bool {
        url.origin() == self.0.origin() && url.username().is_empty() && url.password().is_none()
    }
}

impl Default for Authority {
    fn default() -> Self {
        Authority::Cloud(Cloud::Worldwide)
    }
}

/// Why a URL or a discovered endpoint is not trusted.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Untrusted {
    #[error("{0:?} is not a URL")]
    NotAUrl(String),
    #[error("{0} does not use https")]
    NotHttps(String),
    #[error("{0} carries a user name or password")]
    Credentials(String),
    #[error("{0} is not on port 443")]
    Port(String),
    #[error("{url} is not a host of {what}")]
    Host { url: String, what: &'static str },
}

impl Authority {
    /// The emulator's origin for the tests; refuses anything but http on a loopback address.
    pub fn loopback_for_tests(base: &str) -> Result<Authority, Untrusted> {
        let url = url::Url::parse(base).map_err(|_| Untrusted::NotAUrl(base.to_owned()))?;
        let loopback = match url.host() {
            Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
            Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
            Some(url::Host::Domain(name)) => name.eq_ignore_ascii_case("localhost"),
            None => false,
        };
        if url.scheme() != "http" || !loopback || url.port().is_none() {
            return Err(Untrusted::Host {
                url: base.to_owned(),
                what: "the loopback test emulator",
            });
        }
        Ok(Authority::LoopbackForTests(LoopbackOrigin(url)))
    }

    /// The base URL discovery asks: `https://login.microsoftonline.com` or the emulator.
    pub fn base(&self) -> String {
        match self {
            Authority::Cloud(cloud) => format!("https://{}", cloud.hosts().login[0]),
            Authority::LoopbackForTests(origin) => origin.origin(),
        }
    }

    /// Where Graph is in the tests (the emulator); `None` in the program: the tenant's own
    /// Graph host, checked against the cloud's list at discovery.
    pub fn graph_override(&self) -> Option<String> {
        match self {
            Authority::Cloud(_) => None,
            Authority::LoopbackForTests(origin) => Some(origin.origin()),
        }
    }

    /// Checks an authorize, token or device code endpoint of `cloud`: https on the cloud's login
    /// host, port 443, no credentials. In the tests: on the emulator's origin.
    pub fn check_endpoint(&self, cloud: Cloud, endpoint: &str) -> Result<url::Url, Untrusted> {
        let url = parse(endpoint)?;
        if let Authority::LoopbackForTests(origin) = self
            && origin.holds(&url)
        {
            return Ok(url);
        }
        https_on(
            &url,
            endpoint,
            cloud.hosts().login,
            "the tenant's sign-in service",
        )
    }

    /// Checks a URL before it is handed to the browser: https to a Microsoft sign-in host or
    /// admin portal of any cloud (the admin may work for a tenant in another cloud). In the
    /// tests also the emulator's origin.
    pub fn check_browser_url(&self, text: &str) -> Result<url::Url, Untrusted> {
        let url = parse(text)?;
        if let Authority::LoopbackForTests(origin) = self
            && origin.holds(&url)
        {
            return Ok(url);
        }
        let hosts: Vec<&str> = CLOUDS
            .iter()
            .flat_map(|c| c.login.iter().chain(c.portals.iter()).copied())
            .chain(DOCUMENTATION.iter().copied())
            .collect();
        https_on(
            &url,
            text,
            &hosts,
            "Microsoft's sign-in pages, admin portals or documentation",
        )
    }
}

fn parse(text: &str) -> Result<url::Url, Untrusted> {
    // A URL with spaces, newlines or other controls is never one Overstap built.
    if text.is_empty() || text.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(Untrusted::NotAUrl(shorten(text)));
    }
    url::Url::parse(text).map_err(|_| Untrusted::NotAUrl(shorten(text)))
}

/// https, port 443, no credentials, and a host from `hosts` (exactly, not a suffix).
pub fn https_on(
    url: &url::Url,
    text: &str,
    hosts: &[&str],
    what: &'static str,
) -> Result<url::Url, Untrusted> {
    if url.scheme() != "https" {
        return Err(Untrusted::NotHttps(shorten(text)));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(Untrusted::Credentials(shorten(text)));
    }
    if url.port().is_some_and(|port| port != 443) {
        return Err(Untrusted::Port(shorten(text)));
    }
    let host = match url.host() {
        Some(url::Host::Domain(host)) => host.to_ascii_lowercase(),
        _ => String::new(),
    };
    if !hosts.iter().any(|allowed| *allowed == host) {
        return Err(Untrusted::Host {
            url: shorten(text),
            what,
        });
    }
    Ok(url.clone())
}

/// Error texts show at most the start of a hostile URL.
pub(crate) fn shorten(text: &str) -> String {
    const MAX: usize = 120;
    let clean: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .take(MAX)
        .collect();
    if text.chars().count() > MAX {
        format!("{clean}…")
    } else {
        clean
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_cloud_has_its_hosts_and_they_are_distinct() {
        let mut all: Vec<&str> = CLOUDS
            .iter()
            .flat_map(|c| {
                c.login
                    .iter()
                    .chain(c.graph)
                    .chain(c.outlook)
                    .chain(c.portals)
                    .copied()
            })
            .collect();
        let count = all.len();
        all.sort();
        all.dedup();
        assert_eq!(all.len(), count, "a host belongs to one cloud");
        for hosts in &CLOUDS {
            assert_eq!(
                Cloud::from_instance_name(hosts.instance_name),
                Some(hosts.cloud)
            );
            assert!(std::ptr::eq(hosts.cloud.hosts(), hosts));
        }
        assert_eq!(Cloud::from_instance_name("microsoftonline.de"), None);
    }

    #[test]
    fn the_test_switch_takes_only_loopback_http() {
        assert!(Authority::loopback_for_tests("http://127.0.0.1:8080").is_ok());
        assert!(Authority::loopback_for_tests("http://localhost:8080").is_ok());
        assert!(Authority::loopback_for_tests("http://[::1]:8080").is_ok());
        for refused in [
            "https://127.0.0.1:8080",
            "http://10.0.0.1:8080",
            "http://evil.example:8080",
            "http://127.0.0.1",
            "not a url",
        ] {
            assert!(Authority::loopback_for_tests(refused).is_err(), "{refused}");
        }
    }

    #[test]
    fn endpoints_must_be_on_the_clouds_login_host() {
        let production = Authority::default();
        let good = "https://login.microsoftonline.com/t/oauth2/v2.0/token";
        assert!(production.check_endpoint(Cloud::Worldwide, good).is_ok());
        assert!(
            production
                .check_endpoint(Cloud::UsGovernment, good)
                .is_err(),
            "another cloud's host"
        );
        for bad in [
            "http://login.microsoftonline.com/t/token",
            "https://login.microsoftonline.com.evil.example/t/token",
            "https://evil.example/login.microsoftonline.com/token",
            "https://user@login.microsoftonline.com/t/token",
            "https://login.microsoftonline.com:8443/t/token",
            "http://127.0.0.1:8080/t/token",
        ] {
            assert!(
                production.check_endpoint(Cloud::Worldwide, bad).is_err(),
                "{bad}"
            );
        }
        let test = Authority::loopback_for_tests("http://127.0.0.1:8080").expect("loopback");
        assert!(
            test.check_endpoint(Cloud::Worldwide, "http://127.0.0.1:8080/t/token")
                .is_ok()
        );
        assert!(
            test.check_endpoint(Cloud::Worldwide, "http://127.0.0.1:8081/t/token")
                .is_err()
        );
    }
}
