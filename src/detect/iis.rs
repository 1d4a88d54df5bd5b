//! IIS: the sites in `applicationHost.config` and each application's `web.config`
//! `system.net/mailSettings/smtp` (host, port, user name, whether a password is set, SSL), plus
//! `appSettings` keys that hold an SMTP host.
//!
//! `System.Net.Mail` has no OAuth, so an Exchange Online host here is always basic
//! authentication. The password attribute is only tested for presence; its value is never kept.

use super::text::{attr, children, decode, line_of, parse_xml, path_of};
use super::{
    Classification, Confidence, Evidence, Finding, Location, ProblemKind, ScanContext, Source,
    SourceId,
};

pub const APPLICATION_HOST: &str = "%WinDir%\\System32\\inetsrv\\config\\applicationHost.config";
const APP_ID: &str = "iis";

pub struct IisSource;

/// A web application: its IIS path (`Default Web Site/portal`) and folder.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct WebApp {
    pub name: String,
    pub folder: String,
}

impl Source for IisSource {
    fn id(&self) -> SourceId {
        SourceId::Iis
    }

    fn scan(&self, cx: &mut ScanContext<'_>) {
        let host_config = cx.machine.expand(APPLICATION_HOST);
        let Some(text) = read_text(cx, SourceId::Iis, &host_config) else {
            return;
        };
        cx.claim(&host_config);
        let apps = match parse_xml(&text) {
            Ok(doc) => {
                mail_settings(cx, &doc, &host_config, "applicationHost");
                web_apps(cx, &doc)
            }
            Err(kind) => {
                cx.error(SourceId::Iis, &host_config, kind);
                return;
            }
        };
        let total = apps.len();
        for (done, app) in apps.iter().enumerate() {
            if cx.tick() {
                return;
            }
            let file = format!("{}\\web.config", app.folder.trim_end_matches('\\'));
            cx.progress(SourceId::Iis, done, Some(total), &file);
            let Some(text) = read_text(cx, SourceId::Iis, &file) else {
                continue;
            };
            cx.claim(&file);
            match parse_xml(&text) {
                Ok(doc) => {
                    mail_settings(cx, &doc, &file, &app.name);
                    app_settings(cx, &doc, &file, &app.name);
                }
                Err(kind) => cx.error(SourceId::Iis, &file, kind),
            }
        }
    }
}

/// Reads and decodes a file; a missing file is no problem (`None`), anything else is recorded.
pub fn read_text(cx: &mut ScanContext<'_>, source: SourceId, path: &str) -> Option<String> {
    match cx.machine.fs.read(path) {
        Ok(bytes) => match decode(&bytes) {
            Ok(text) => Some(text),
            Err(kind) => {
                cx.error(source, path, kind);
                None
            }
        },
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => None,
        Err(err) => {
            cx.error(source, path, ProblemKind::from_io(&err));
            None
        }
    }
}

/// Every site application's folder (virtual directory `/`), environment variables expanded,
/// sorted by name.
fn web_apps(cx: &ScanContext<'_>, doc: &roxmltree::Document<'_>) -> Vec<WebApp> {
    let mut apps = Vec::new();
    for site in doc
        .descendants()
        .filter(|n| n.has_tag_name("site") && n.parent().is_some_and(|p| p.has_tag_name("sites")))
    {
        let site_name = attr(site, "name").unwrap_or_default();
        for application in children(site, "application") {
            let app_path = attr(application, "path").unwrap_or("/");
            for vdir in children(application, "virtualDirectory") {
                if attr(vdir, "path").unwrap_or("/") != "/" {
                    continue;
                }
                if let Some(physical) = attr(vdir, "physicalPath") {
                    let name = if app_path == "/" {
                        site_name.to_owned()
                    } else {
                        format!("{site_name}{app_path}")
                    };
                    apps.push(WebApp {
                        name,
                        folder: cx.machine.expand(physical),
                    });
                }
            }
        }
    }
    apps.sort();
    apps.dedup();
    apps
}

/// `system.net/mailSettings/smtp` anywhere in the document (also under `<location>`).
fn mail_settings(cx: &mut ScanContext<'_>, doc: &roxmltree::Document<'_>, file: &str, site: &str) {
    for smtp in doc.descendants().filter(|n| {
        n.is_element()
            && n.tag_name().name().eq_ignore_ascii_case("smtp")
            && n.parent().is_some_and(|p| {
                p.tag_name().name().eq_ignore_ascii_case("mailSettings")
                    && p.parent()
                        .is_some_and(|g| g.tag_name().name().eq_ignore_ascii_case("system.net"))
            })
    }) {
        let delivery = attr(smtp, "deliveryMethod").unwrap_or("Network");
        let network = children(smtp, "network").next();
        let host = network.and_then(|n| attr(n, "host")).unwrap_or_default();
        let port = network.and_then(|n| attr(n, "port")).unwrap_or("25");
        let user = network
            .and_then(|n| attr(n, "userName"))
            .unwrap_or_default();
        let password = network
            .and_then(|n| attr(n, "password"))
            .is_some_and(|p| !p.is_empty());
        let ssl = network
            .and_then(|n| attr(n, "enableSsl"))
            .is_some_and(|v| v.eq_ignore_ascii_case("true"));
        let network_delivery = delivery.eq_ignore_ascii_case("Network");
        let classification = if network_delivery {
            Classification::of_host(host)
        } else {
            Classification::NotUsed
        };
        let (node, key) = match network {
            Some(n) => (n, format!("{}/@host", path_of(n))),
            None => (smtp, path_of(smtp)),
        };
        let value = if host.is_empty() {
            String::new()
        } else {
            format!("{host}:{port}")
        };
        let evidence = if network_delivery {
            Evidence::new(
                "scan-ev-iis-smtp",
                &[
                    ("site", site),
                    ("host", if host.is_empty() { "-" } else { host }),
                    ("port", port),
                    ("user", if user.is_empty() { "-" } else { user }),
                    ("password", if password { "yes" } else { "no" }),
                    ("ssl", if ssl { "yes" } else { "no" }),
                ],
            )
        } else {
            Evidence::new(
                "scan-ev-iis-pickup",
                &[("site", site), ("method", delivery)],
            )
        };
        cx.report.findings.push(Finding {
            app: APP_ID.into(),
            location: Location::File {
                path: file.to_owned(),
                key,
                line: Some(line_of(doc, node)),
            },
            value,
            classification,
            confidence: Confidence::High,
            evidence,
        });
    }
}

/// Whether an `appSettings` key names an SMTP host (`SmtpServer`, `MailHost`, `smtp.host`).
pub fn is_smtp_host_key(key: &str) -> bool {
    let k = key.to_ascii_lowercase().replace(['.', '_', '-', ':'], "");
    let about_mail = k.contains("smtp") || k.contains("mail");
    let about_host = ["server", "host", "relay", "address"]
        .iter()
        .any(|w| k.contains(w))
        || k == "smtp";
    about_mail && about_host && !k.contains("from") && !k.contains("user") && !k.contains("pass")
}

/// Whether a value looks like a host name, IP or URL (not an e-mail address or a sentence).
pub fn looks_like_host(value: &str) -> bool {
    let v = value.trim();
    !v.is_empty()
        && !v.contains(char::is_whitespace)
        && (!v.contains('@') || v.contains("://"))
        && (v.contains('.')
            || v.contains(':')
            || v.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
        && v.chars().any(|c| c.is_ascii_alphabetic() || c == '.')
}

fn app_settings(cx: &mut ScanContext<'_>, doc: &roxmltree::Document<'_>, file: &str, site: &str) {
    for add in doc.descendants().filter(|n| {
        n.has_tag_name("add") && n.parent().is_some_and(|p| p.has_tag_name("appSettings"))
    }) {
        let (Some(key), Some(value)) = (attr(add, "key"), attr(add, "value")) else {
            continue;
        };
        if !is_smtp_host_key(key) || !looks_like_host(value) {
            continue;
        }
        cx.report.findings.push(Finding {
            app: APP_ID.into(),
            location: Location::File {
                path: file.to_owned(),
                key: format!("{}[@key='{key}']/@value", path_of(add)),
                line: Some(line_of(doc, add)),
            },
            value: value.trim().to_owned(),
            classification: Classification::of_host(value),
            confidence: Confidence::Medium,
            evidence: Evidence::new("scan-ev-iis-appsetting", &[("site", site), ("key", key)]),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn smtp_keys_and_host_values() {
        for key in [
            "SmtpServer",
            "smtp.host",
            "MailHost",
            "SMTP_RELAY",
            "MailServerAddress",
            "smtp",
        ] {
            assert!(is_smtp_host_key(key), "{key}");
        }
        for key in [
            "SmtpFrom",
            "SmtpUser",
            "SmtpPassword",
            "Theme",
            "MailSubject",
        ] {
            assert!(!is_smtp_host_key(key), "{key}");
        }
        for value in [
            "smtp.office365.com",
            "10.0.0.5",
            "relay01",
            "smtp://relay:25",
        ] {
            assert!(looks_like_host(value), "{value}");
        }
        for value in ["", "noreply@contoso.nl", "two words", "25"] {
            assert!(!looks_like_host(value), "{value}");
        }
    }
}
