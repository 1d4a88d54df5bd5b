//! Sender chains: application -> local relay -> destination. An application that sends to
//! `localhost:25` looks harmless on its own ("relay"), but when the IIS SMTP service on this
//! server forwards to Exchange Online with a password, the whole chain still uses basic
//! authentication, and fixing the relay fixes every application behind it. This module links
//! each such finding to the relay's finding (`via`), after all sources have run.

use super::platform::Machine;
use super::{ScanReport, smtpsvc};
use crate::catalog::rules::HostPort;

/// The SMTP port an application uses when its setting names none.
const DEFAULT_SMTP_PORT: u16 = 25;

/// Names by which an application on this server reaches a relay on this server.
fn local_names(machine: &Machine) -> Vec<String> {
    let mut names: Vec<String> = ["localhost", "127.0.0.1", "::1", "0:0:0:0:0:0:0:1", "."]
        .map(str::to_owned)
        .to_vec();
    let text = |key: &str, name: &str| {
        machine
            .registry
            .value(key, name)
            .and_then(|v| v.as_text())
            .map(|v| v.trim().to_ascii_lowercase())
            .filter(|v| !v.is_empty())
    };
    let computer = text(
        "HKLM\\SYSTEM\\CurrentControlSet\\Control\\ComputerName\\ComputerName",
        "ComputerName",
    );
    let tcpip = "HKLM\\SYSTEM\\CurrentControlSet\\Services\\Tcpip\\Parameters";
    let host = text(tcpip, "Hostname").or(computer.clone());
    let domain = text(tcpip, "Domain").or_else(|| text(tcpip, "NV Domain"));
    names.extend(computer);
    if let Some(host) = host {
        if let Some(domain) = domain {
            names.push(format!("{host}.{domain}"));
        }
        names.push(host);
    }
    names
}

fn is_local(host: &str, names: &[String]) -> bool {
    host.starts_with("127.") || names.iter().any(|n| n == host)
}

/// Sets `via` on every finding that sends through a relay found on this server: to the virtual
/// server listening on its port, and for pickup-folder delivery (IIS, SSRS) to the first virtual
/// server, which picks the folder up. Needs the findings' ids (set by `normalise`).
pub fn link(report: &mut ScanReport, machine: &Machine) {
    let relays: Vec<(String, u16)> = report
        .findings
        .iter()
        .filter(|f| f.app == smtpsvc::APP_ID)
        .map(|f| {
            let listen = f
                .evidence
                .args
                .get("listen")
                .and_then(|p| p.parse().ok())
                .unwrap_or(smtpsvc::DEFAULT_LISTEN_PORT);
            (f.id.clone(), listen)
        })
        .collect();
    let Some((first, _)) = relays.first().cloned() else {
        return;
    };
    let names = local_names(machine);
    for finding in &mut report.findings {
        if finding.app == smtpsvc::APP_ID {
            continue;
        }
        if finding.evidence.id.ends_with("-pickup") {
            finding.via = Some(first.clone());
            continue;
        }
        let target = HostPort::parse(&finding.value);
        if target.host.is_empty() || !is_local(&target.host, &names) {
            continue;
        }
        let port = target.port.unwrap_or(DEFAULT_SMTP_PORT);
        finding.via = relays
            .iter()
            .find(|(_, listen)| *listen == port)
            .map(|(id, _)| id.clone());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_and_own_names_are_local() {
        let names = vec!["localhost".to_owned(), "srv01".to_owned()];
        for host in ["localhost", "127.0.0.1", "127.1.2.3", "srv01"] {
            assert!(is_local(host, &names), "{host}");
        }
        for host in ["relay01", "smtp.office365.com", "10.0.0.1"] {
            assert!(!is_local(host, &names), "{host}");
        }
    }
}
