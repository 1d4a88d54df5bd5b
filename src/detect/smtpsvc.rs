//! The IIS 6 SMTP service (the "SMTP Server" Windows feature, service `SMTPSVC`): the most common
//! local relay. Applications send to `localhost:25`; the service forwards to a *smart host*, very
//! often `smtp.office365.com:587` with a mailbox's user name and password. Then every application
//! behind it uses basic authentication too, while each of them looks like "relay" on its own:
//! the sender chain (see [`super::chain`]) ties them to this finding.
//!
//! Read from the IIS 6 metabase, `%SystemRoot%\System32\inetsrv\MetaBase.xml`: `IIsSmtpService`
//! (`/LM/SmtpSvc`, whose values the virtual servers inherit) and one `IIsSmtpServer` per virtual
//! server (`/LM/SmtpSvc/<n>`) with `SmartHost`, `SmartHostType`, `RemoteSmtpPort`,
//! `RouteUserName`, `RouteAction` and `ServerBindings`. `RoutePassword` is stored encrypted and
//! is never read. Microsoft's metabase reference (Windows Server 2003 documentation,
//! "RouteAction Metabase Property") documents no flag values for `RouteAction`, so outbound
//! authentication is judged by `RouteUserName` alone and `RouteAction` is only shown.

use super::iis::read_text;
use super::text::{attr, line_of, parse_xml};
use super::{
    Classification, Confidence, Evidence, Finding, Location, Owner, ScanContext, Source, SourceId,
};
use crate::catalog::rules::{HostClass, classify_host};

pub const APP_ID: &str = "iis-smtp-service";
pub const METABASE: &str = "%SystemRoot%\\System32\\inetsrv\\MetaBase.xml";
const SERVICE_KEY: &str = "HKLM\\SYSTEM\\CurrentControlSet\\Services\\SMTPSVC";
/// The port the service listens on when `ServerBindings` does not say.
pub const DEFAULT_LISTEN_PORT: u16 = 25;

pub struct SmtpServiceSource;

/// The service's registration: start type and account, `None` when it is not installed.
fn service(cx: &ScanContext<'_>) -> Option<(String, String)> {
    let registry = &cx.machine.registry;
    let start = registry.value(SERVICE_KEY, "Start")?;
    let start = match start.as_text().as_deref() {
        Some("2") => "automatic",
        Some("3") => "manual",
        Some("4") => "disabled",
        _ => "other",
    };
    let account = registry
        .value(SERVICE_KEY, "ObjectName")
        .and_then(|v| v.as_text())
        .unwrap_or_else(|| "LocalSystem".into());
    Some((start.to_owned(), account))
}

/// The listening port of `ServerBindings` (`ip:port:host`, several separated by newlines).
pub fn listen_port(bindings: &str) -> u16 {
    bindings
        .split(['\n', ' ', '\t'])
        .filter_map(|binding| binding.split(':').nth(1))
        .find_map(|port| port.trim().parse().ok())
        .unwrap_or(DEFAULT_LISTEN_PORT)
}

impl Source for SmtpServiceSource {
    fn id(&self) -> SourceId {
        SourceId::SmtpService
    }

    fn scan(&self, cx: &mut ScanContext<'_>) {
        let metabase = cx.machine.expand(METABASE);
        cx.progress(SourceId::SmtpService, 0, Some(1), &metabase);
        let service = service(cx);
        let Some(text) = read_text(cx, SourceId::SmtpService, &metabase) else {
            return;
        };
        cx.claim(&metabase);
        let doc = match parse_xml(&text) {
            Ok(doc) => doc,
            Err(kind) => {
                cx.error(SourceId::SmtpService, &metabase, kind);
                return;
            }
        };
        let named = |name: &str| {
            let name = name.to_owned();
            move |n: &roxmltree::Node<'_, '_>| {
                n.is_element() && n.tag_name().name().eq_ignore_ascii_case(&name)
            }
        };
        // Values set on the service apply to every virtual server that does not set its own.
        let defaults = doc.descendants().find(named("IIsSmtpService"));
        let inherited = |server: roxmltree::Node<'_, '_>, name: &str| -> String {
            attr(server, name)
                .or_else(|| defaults.and_then(|d| attr(d, name)))
                .unwrap_or_default()
                .trim()
                .to_owned()
        };
        for server in doc.descendants().filter(named("IIsSmtpServer")) {
            let location = attr(server, "Location").unwrap_or("/LM/SmtpSvc/1").trim();
            let comment = inherited(server, "ServerComment");
            let smart_host = inherited(server, "SmartHost");
            let smart_host_type = inherited(server, "SmartHostType");
            let port = inherited(server, "RemoteSmtpPort");
            let port = if port.is_empty() {
                "25".to_owned()
            } else {
                port
            };
            let user = inherited(server, "RouteUserName");
            let route_action = inherited(server, "RouteAction");
            let listen = listen_port(&inherited(server, "ServerBindings"));
            // SmartHostType 0: never use the smart host; 1: after DNS fails; 2: always.
            let uses_smart_host = !smart_host.is_empty() && smart_host_type != "0";
            let host = smart_host.trim_start_matches('[').trim_end_matches(']');
            let (classification, evidence_id) = if !uses_smart_host {
                // Straight to the recipients' MX by DNS: no password anywhere, but IT must know.
                (Classification::Relay, "scan-ev-smtpsvc-dns")
            } else {
                match classify_host(host) {
                    HostClass::ExchangeOnline { .. } if !user.is_empty() => {
                        (Classification::ExoDirect, "scan-ev-smtpsvc")
                    }
                    // smtp.office365.com always wants a login; without one this cannot deliver.
                    HostClass::ExchangeOnline { .. } => {
                        (Classification::Unknown, "scan-ev-smtpsvc-no-user")
                    }
                    _ => (Classification::Relay, "scan-ev-smtpsvc"),
                }
            };
            let value = if uses_smart_host {
                format!("{host}:{port}")
            } else {
                String::new()
            };
            let (start, account) = service
                .clone()
                .unwrap_or_else(|| ("not-installed".into(), String::new()));
            let shown_server = if comment.is_empty() {
                location.to_owned()
            } else {
                comment
            };
            let mut finding = Finding::new(
                APP_ID,
                Location::File {
                    path: metabase.clone(),
                    key: format!("IIsSmtpServer[@Location='{location}']/@SmartHost"),
                    line: Some(line_of(&doc, server)),
                },
                value,
                classification,
                Confidence::High,
                Evidence::new(
                    evidence_id,
                    &[
                        ("vserver", &shown_server),
                        ("host", if host.is_empty() { "-" } else { host }),
                        ("port", &port),
                        ("user", if user.is_empty() { "-" } else { &user }),
                        ("listen", &listen.to_string()),
                        ("service", &start),
                        (
                            "route-action",
                            if route_action.is_empty() {
                                "-"
                            } else {
                                &route_action
                            },
                        ),
                    ],
                ),
            );
            finding.owner = Some(Owner::Service {
                name: "SMTPSVC".into(),
                start,
                account,
            });
            cx.report.findings.push(finding);
        }
        cx.progress(SourceId::SmtpService, 1, Some(1), "");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn listening_ports_from_server_bindings() {
        assert_eq!(listen_port(":25:"), 25);
        assert_eq!(listen_port("10.0.0.5:2525:"), 2525);
        assert_eq!(listen_port(""), 25);
        assert_eq!(listen_port(":x:\n:587:"), 587);
    }
}
