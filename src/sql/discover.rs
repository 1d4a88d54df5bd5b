//! The SQL Server instances on a server, to tick on the Scan page.
//!
//! First the registry (`HKLM\SOFTWARE\Microsoft\Microsoft SQL Server\Instance Names\SQL`: value
//! name = instance, data = instance id such as `MSSQL15.MSSQLSERVER`; the TCP port under
//! `<id>\MSSQLServer\SuperSocketNetLib\Tcp\IPAll`, `TcpPort` or else `TcpDynamicPorts`), also the
//! 32-bit view under `WOW6432Node`. It reads this server's registry or a snapshot's export
//! through the same [`Registry`]. When that names nothing, SQL Browser (UDP 1434) is asked.

use crate::detect::platform::Registry;

use super::SqlError;
use super::browser;
use super::conn::ServerName;

/// Where an instance was found.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Found {
    Registry,
    Browser,
}

/// One instance.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Instance {
    /// `MSSQLSERVER` for the default instance.
    pub name: String,
    /// The registry's instance id (`MSSQL15.MSSQLSERVER`), or the version SQL Browser gave.
    pub id: String,
    /// The fixed TCP port, else the dynamic one the instance used last.
    pub tcp_port: Option<u16>,
    pub found: Found,
}

impl Instance {
    /// How to connect to it on `host`: by port when one is known (no SQL Browser needed), by
    /// instance name otherwise.
    pub fn server_name(&self, host: &str) -> ServerName {
        let default = self.name.eq_ignore_ascii_case("MSSQLSERVER");
        ServerName {
            host: host.to_owned(),
            instance: (!default).then(|| self.name.clone()),
            port: self.tcp_port,
        }
    }
}

const INSTANCE_ROOTS: [&str; 2] = [
    "HKLM\\SOFTWARE\\Microsoft\\Microsoft SQL Server",
    "HKLM\\SOFTWARE\\WOW6432Node\\Microsoft\\Microsoft SQL Server",
];

/// The first port of a `TcpPort` value (`1433`, `1433,1533`, empty).
fn first_port(text: &str) -> Option<u16> {
    text.split(',')
        .filter_map(|p| p.trim().parse::<u16>().ok())
        .find(|p| *p > 0)
}

/// The instances the registry names.
pub fn from_registry(registry: &dyn Registry) -> Vec<Instance> {
    let mut found = Vec::new();
    for root in INSTANCE_ROOTS {
        for (name, id) in registry.values(&format!("{root}\\Instance Names\\SQL")) {
            let Some(id) = id.as_text().filter(|id| !id.trim().is_empty()) else {
                continue;
            };
            let ipall = format!("{root}\\{id}\\MSSQLServer\\SuperSocketNetLib\\Tcp\\IPAll");
            let port = |value: &str| {
                registry
                    .value(&ipall, value)
                    .and_then(|v| v.as_text())
                    .and_then(|t| first_port(&t))
            };
            found.push(Instance {
                name,
                id,
                tcp_port: port("TcpPort").or_else(|| port("TcpDynamicPorts")),
                found: Found::Registry,
            });
        }
    }
    found.sort();
    found.dedup_by(|a, b| a.name.eq_ignore_ascii_case(&b.name));
    found
}

/// The instances SQL Browser on `host` names.
pub async fn from_browser(host: &str, browser_port: u16) -> Result<Vec<Instance>, SqlError> {
    Ok(browser::list(host, browser_port)
        .await?
        .into_iter()
        .map(|i| Instance {
            name: i.instance,
            id: i.version,
            tcp_port: i.tcp_port,
            found: Found::Browser,
        })
        .collect())
}

/// The registry's instances, or SQL Browser's on `host` when the registry names none.
pub async fn discover(
    registry: &dyn Registry,
    host: &str,
    browser_port: u16,
) -> Result<Vec<Instance>, SqlError> {
    let listed = from_registry(registry);
    if !listed.is_empty() {
        return Ok(listed);
    }
    from_browser(host, browser_port).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ports_from_tcp_values() {
        assert_eq!(first_port("1433"), Some(1433));
        assert_eq!(first_port(" 1533 , 1433"), Some(1533));
        assert_eq!(first_port(""), None);
        assert_eq!(first_port("0"), None);
    }

    #[test]
    fn connecting_by_port_or_by_name() {
        let named = Instance {
            name: "EXACT".into(),
            id: "MSSQL16.EXACT".into(),
            tcp_port: None,
            found: Found::Registry,
        };
        assert_eq!(named.server_name("SQL01").display(), "SQL01\\EXACT");
        let default = Instance {
            name: "MSSQLSERVER".into(),
            tcp_port: Some(1433),
            ..named
        };
        assert_eq!(default.server_name("SQL01").display(), "SQL01,1433");
    }
}
