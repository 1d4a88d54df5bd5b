//! IIS: the sites in `applicationHost.config` and each application's `web.config`
//! `system.net/mailSettings/smtp` (host, port, user name, whether a password is set, SSL), plus
//! `appSettings` keys that hold an SMTP host.
//!
//! `System.Net.Mail` has no OAuth, so an Exchange Online host here is always basic
//! authentication. The password attribute is only tested for presence; its value is never kept.

use super::text::{attr, children, decode, line_of, parse_xml, path_of};
use super::{
    Classification, Confidence, Evidence, Finding, Location, Owner, ProblemKind, ScanContext,
    Source, SourceId,
};

pub const APPLICATION_HOST: &str = "%WinDir%\\System32\\inetsrv\\config\\applicationHost.config";
/// Shared configuration: when enabled, IIS reads applicationHost.config from the path named here.
pub const REDIRECTION: &str = "%WinDir%\\System32\\inetsrv\\config\\redirection.config";
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
        let host_config = application_host(cx);
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
            let folder = app.folder.trim_end_matches('\\');
            let file = format!("{folder}\\web.config");
            cx.progress(SourceId::Iis, done, Some(total), &file);
            let first = cx.report.findings.len();
            if let Some(text) = read_text(cx, SourceId::Iis, &file) {
                cx.claim(&file);
                match parse_xml(&text) {
                    Ok(doc) => {
                        mail_settings(cx, &doc, &file, &app.name);
                        app_settings(cx, &doc, &file, &app.name);
                        core_environment(cx, &doc, &file);
                    }
                    Err(kind) => cx.error(SourceId::Iis, &file, kind),
                }
            }
            core_settings(cx, folder);
            // Everything read for this application belongs to its site.
            for finding in &mut cx.report.findings[first..] {
                finding.owner.get_or_insert_with(|| Owner::Site {
                    name: app.name.clone(),
                });
            }
        }
    }
}

/// Where applicationHost.config is read: the shared configuration's folder when
/// redirection.config enables one, else the local file. A share a snapshot does not hold is
/// listed as a problem, and the local file is read instead (it may be stale).
fn application_host(cx: &mut ScanContext<'_>) -> String {
    let local = cx.machine.expand(APPLICATION_HOST);
    let redirection = cx.machine.expand(REDIRECTION);
    let Some(text) = read_text(cx, SourceId::Iis, &redirection) else {
        return local;
    };
    cx.claim(&redirection);
    let Ok(doc) = parse_xml(&text) else {
        return local;
    };
    let Some(shared) = doc.descendants().find(|n| {
        n.is_element()
            && n.tag_name()
                .name()
                .eq_ignore_ascii_case("configurationRedirection")
    }) else {
        return local;
    };
    let enabled = attr(shared, "enabled").is_some_and(|v| v.eq_ignore_ascii_case("true"));
    let Some(path) = attr(shared, "path").filter(|p| enabled && !p.trim().is_empty()) else {
        return local;
    };
    let target = format!(
        "{}\\applicationHost.config",
        cx.machine.expand(path).trim_end_matches('\\')
    );
    if cx.machine.fs.locate(&target).is_some() {
        target
    } else {
        cx.error(
            SourceId::Iis,
            &target,
            ProblemKind::Io {
                detail: format!(
                    "IIS uses a shared configuration ({REDIRECTION}); it was not found here, so the local applicationHost.config was read instead"
                ),
            },
        );
        local
    }
}

/// ASP.NET Core settings given to the site's process by web.config:
/// `<aspNetCore><environmentVariables><environmentVariable name="Smtp__Host" value="..."/>`
/// (`__` is .NET's `:` in environment variables).
fn core_environment(cx: &mut ScanContext<'_>, doc: &roxmltree::Document<'_>, file: &str) {
    for variable in doc.descendants().filter(|n| {
        n.is_element()
            && n.tag_name()
                .name()
                .eq_ignore_ascii_case("environmentVariable")
    }) {
        let (Some(name), Some(value)) = (attr(variable, "name"), attr(variable, "value")) else {
            continue;
        };
        let key = name.replace("__", ":");
        let kind = if let Some(host) = super::content::exo_host(value) {
            super::content::HitKind::ExoHost { host, key }
        } else if is_smtp_host_key(&key) && looks_like_host(value) {
            super::content::HitKind::SmtpSetting {
                key,
                value: value.trim().to_owned(),
            }
        } else {
            continue;
        };
        cx.report.findings.push(super::content::finding_of(
            APP_ID,
            file.to_owned(),
            line_of(doc, variable),
            kind,
            Confidence::High,
        ));
    }
}

/// ASP.NET Core settings beside a site: `appsettings.json` and `appsettings.<Environment>.json`,
/// read as JSON (nested `"Smtp": { "Host": ... }` keys).
fn core_settings(cx: &mut ScanContext<'_>, folder: &str) {
    let names = cx.machine.fs.list(folder).unwrap_or_default();
    for name in names.iter().filter(|n| {
        let lower = n.to_ascii_lowercase();
        lower.starts_with("appsettings") && lower.ends_with(".json")
    }) {
        let file = format!("{folder}\\{name}");
        let Some(text) = read_text(cx, SourceId::Iis, &file) else {
            continue;
        };
        cx.claim(&file);
        for (line, kind) in super::content::analyse_named(name, &text) {
            cx.report.findings.push(super::content::finding_of(
                APP_ID,
                file.clone(),
                line,
                kind,
                Confidence::High,
            ));
        }
    }
}

/// The findings of one `.config` file's text, as the IIS source reads a `web.config` (mail
/// settings, appSettings, ASP.NET Core environment variables), for checking a file just written.
pub fn rescan_config(cx: &mut ScanContext<'_>, text: &str, file: &str) {
    if let Ok(doc) = parse_xml(text) {
        // A section kept in its own file (`configSource`): the root is the `<smtp>` element.
        let root = doc.root_element();
        if root.tag_name().name().eq_ignore_ascii_case("smtp") {
            smtp_section(cx, &doc, root, file, "-");
        }
        mail_settings(cx, &doc, file, "-");
        app_settings(cx, &doc, file, "-");
        core_environment(cx, &doc, file);
    }
}

/// Reads and decodes a configuration file; a missing file is no problem (`None`), anything else
/// (too large, not a file, outside the snapshot, bad encoding) is recorded.
pub fn read_text(cx: &mut ScanContext<'_>, source: SourceId, path: &str) -> Option<String> {
    use super::platform::{MAX_CONFIG_BYTES, ReadError};
    match cx.machine.fs.read(path, MAX_CONFIG_BYTES, cx.cancel) {
        Ok(bytes) => match decode(&bytes) {
            Ok(text) => Some(text),
            Err(kind) => {
                cx.error(source, path, kind);
                None
            }
        },
        Err(ReadError::NotFound | ReadError::Cancelled) => None,
        Err(ReadError::Problem(kind)) => {
            cx.error(source, path, kind);
            None
        }
    }
}

/// Every virtual directory's folder of every site application (`Default Web Site/portal`,
/// `Default Web Site/portal/docs`), environment variables expanded, sorted by name.
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
                let vdir_path = attr(vdir, "path").unwrap_or("/");
                if let Some(physical) = attr(vdir, "physicalPath") {
                    let path = match (app_path.trim_end_matches('/'), vdir_path) {
                        ("", "/") => String::new(),
                        (app, "/") => app.to_owned(),
                        (app, vdir) => format!("{app}{vdir}"),
                    };
                    let name = format!("{site_name}{path}");
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

/// How many `configSource` / `file` hops are followed from one file (.NET itself allows one).
const MAX_SECTION_HOPS: usize = 4;

/// A section kept in another file (`<smtp configSource="smtp.config" />`,
/// `<appSettings file="shared.config" />`): the path it names, resolved against the folder of
/// the file that names it, as .NET resolves it.
fn referenced_path(referencing_file: &str, reference: &str) -> String {
    let reference = reference.trim();
    if reference.len() > 1 && reference.as_bytes()[1] == b':' {
        return reference.to_owned();
    }
    let folder = referencing_file
        .rsplit_once('\\')
        .map_or(referencing_file, |(folder, _)| folder);
    let mut parts: Vec<&str> = folder.split('\\').collect();
    for part in reference.split(['\\', '/']) {
        match part {
            "" | "." => {}
            // Never above the drive: `C:` stays.
            ".." if parts.len() > 1 => {
                parts.pop();
            }
            ".." => {}
            other => parts.push(other),
        }
    }
    parts.join("\\")
}

/// What reads a section from its own file: (context, document, section element, file, trail).
type SectionReader<'r> = dyn FnMut(&mut ScanContext<'_>, &roxmltree::Document<'_>, roxmltree::Node<'_, '_>, &str, &[String])
    + 'r;

/// Reads the file a section points at and hands its root element (which must be the section
/// itself) to `read`. When the file cannot be read, the site gets an `unknown` finding naming
/// it: its mail settings are somewhere Overstap could not look, so it must not pass as "not
/// used". `trail` holds the files already on the way here, against loops.
fn external_section(
    cx: &mut ScanContext<'_>,
    referencing: (&roxmltree::Document<'_>, roxmltree::Node<'_, '_>, &str),
    attribute: &str,
    site: &str,
    trail: &[String],
    read: &mut SectionReader<'_>,
) {
    let (doc, node, file) = referencing;
    let Some(reference) = attr(node, attribute).filter(|r| !r.trim().is_empty()) else {
        return;
    };
    let target = referenced_path(file, reference);
    let section = node.tag_name().name();
    let unread = |cx: &mut ScanContext<'_>, why: Option<ProblemKind>| {
        if let Some(why) = why {
            cx.error(SourceId::Iis, &target, why);
        }
        cx.report.findings.push(Finding::new(
            APP_ID,
            Location::File {
                path: file.to_owned(),
                key: format!("{}/@{attribute}", path_of(node)),
                line: Some(line_of(doc, node)),
            },
            String::new(),
            Classification::Unknown,
            Confidence::High,
            Evidence::new(
                "scan-ev-iis-section-unread",
                &[("site", site), ("section", section), ("file", &target)],
            ),
        ));
    };
    let seen = trail
        .iter()
        .chain(std::iter::once(&file.to_owned()))
        .any(|f| f.eq_ignore_ascii_case(&target));
    if seen || trail.len() >= MAX_SECTION_HOPS {
        unread(
            cx,
            Some(ProblemKind::MalformedXml {
                detail: format!("{attribute}=\"{reference}\" leads back to a file already read"),
            }),
        );
        return;
    }
    let errors_before = cx.report.errors.len();
    let Some(text) = read_text(cx, SourceId::Iis, &target) else {
        // `read_text` listed why it could not read the file, or found none: a missing file is
        // no error elsewhere, but here a setting points at it.
        let why = (cx.report.errors.len() == errors_before).then(|| ProblemKind::Io {
            detail: format!("named by {attribute}= in {file}, but not found"),
        });
        unread(cx, why);
        return;
    };
    cx.claim(&target);
    match parse_xml(&text) {
        Ok(external) => {
            let root = external.root_element();
            if root.tag_name().name().eq_ignore_ascii_case(section) {
                let mut trail: Vec<String> = trail.to_vec();
                trail.push(file.to_owned());
                read(cx, &external, root, &target, &trail);
            } else {
                unread(
                    cx,
                    Some(ProblemKind::MalformedXml {
                        detail: format!(
                            "the root element is <{}>, not <{section}>",
                            root.tag_name().name()
                        ),
                    }),
                );
            }
        }
        Err(kind) => unread(cx, Some(kind)),
    }
}

fn is_mail_smtp(n: &roxmltree::Node<'_, '_>) -> bool {
    n.is_element()
        && n.tag_name().name().eq_ignore_ascii_case("smtp")
        && n.parent().is_some_and(|p| {
            p.tag_name().name().eq_ignore_ascii_case("mailSettings")
                && p.parent()
                    .is_some_and(|g| g.tag_name().name().eq_ignore_ascii_case("system.net"))
        })
}

/// `system.net/mailSettings/smtp` anywhere in the document (also under `<location>`), and in
/// the file its `configSource` names.
fn mail_settings(cx: &mut ScanContext<'_>, doc: &roxmltree::Document<'_>, file: &str, site: &str) {
    for smtp in doc.descendants().filter(is_mail_smtp) {
        if attr(smtp, "configSource").is_some() {
            external_section(
                cx,
                (doc, smtp, file),
                "configSource",
                site,
                &[],
                &mut |cx, doc, root, file, _| smtp_section(cx, doc, root, file, site),
            );
        } else {
            smtp_section(cx, doc, smtp, file, site);
        }
    }
}

/// One `<smtp>` section: where it sends, with which user, whether a password is set.
fn smtp_section(
    cx: &mut ScanContext<'_>,
    doc: &roxmltree::Document<'_>,
    smtp: roxmltree::Node<'_, '_>,
    file: &str,
    site: &str,
) {
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
    cx.report.findings.push(Finding::new(
        APP_ID,
        Location::File {
            path: file.to_owned(),
            key,
            line: Some(line_of(doc, node)),
        },
        value,
        classification,
        Confidence::High,
        evidence,
    ));
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
        && !v.contains(|c: char| c.is_control() || matches!(c, '"' | '\'' | '<' | '>' | '{' | '}' | '\\'))
        // An e-mail address is no host; `user:password@host` (with or without a scheme) is one.
        && (!v.contains('@')
            || v.contains("://")
            || v.rsplit_once('@').is_some_and(|(user, _)| user.contains(':')))
        && (v.contains('.')
            || v.contains(':')
            || v.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
        && v.chars().any(|c| c.is_ascii_alphabetic() || c == '.')
}

/// `appSettings` keys that name a mail host, also in the files its `file` / `configSource`
/// attributes name (.NET merges `file`, and replaces the section with `configSource`).
fn app_settings(cx: &mut ScanContext<'_>, doc: &roxmltree::Document<'_>, file: &str, site: &str) {
    app_settings_in(cx, doc, doc.root(), file, site, &[]);
}

fn app_settings_in(
    cx: &mut ScanContext<'_>,
    doc: &roxmltree::Document<'_>,
    within: roxmltree::Node<'_, '_>,
    file: &str,
    site: &str,
    trail: &[String],
) {
    for section in within
        .descendants()
        .filter(|n| n.is_element() && n.tag_name().name().eq_ignore_ascii_case("appSettings"))
    {
        for attribute in ["file", "configSource"] {
            external_section(
                cx,
                (doc, section, file),
                attribute,
                site,
                trail,
                &mut |cx, doc, root, file, trail| app_settings_in(cx, doc, root, file, site, trail),
            );
        }
    }
    for add in within.descendants().filter(|n| {
        n.has_tag_name("add") && n.parent().is_some_and(|p| p.has_tag_name("appSettings"))
    }) {
        let (Some(key), Some(value)) = (attr(add, "key"), attr(add, "value")) else {
            continue;
        };
        if !is_smtp_host_key(key) || !looks_like_host(value) {
            continue;
        }
        cx.report.findings.push(Finding::new(
            APP_ID,
            Location::File {
                path: file.to_owned(),
                key: format!("{}[@key='{key}']/@value", path_of(add)),
                line: Some(line_of(doc, add)),
            },
            value.trim().to_owned(),
            Classification::of_host(value),
            Confidence::Medium,
            Evidence::new("scan-ev-iis-appsetting", &[("site", site), ("key", key)]),
        ));
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
        assert!(looks_like_host("mailer:pw@relay01:25"));
        for value in [
            "",
            "noreply@contoso.nl",
            "two words",
            "25",
            "a\"b.c",
            "x{y}.z",
        ] {
            assert!(!looks_like_host(value), "{value}");
        }
    }
}
