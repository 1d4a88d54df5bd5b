//! Installed software from the registry's uninstall keys: which catalogue applications are on
//! the server, which version, and where (their folders guide the other sources).
//!
//! Read from the 64-bit and 32-bit (`WOW6432Node`) machine keys and the current user's key.
//! `InstallLocation` is often empty for MSI installs; then the folder of `UninstallString` or
//! `DisplayIcon` stands in, unless that is the Windows Installer itself.

use super::version::{Comparison, compare};
use super::{InstalledApp, ScanContext, Source, SourceId, VersionCheck};
use crate::catalog::Application;

pub const UNINSTALL_KEYS: [&str; 3] = [
    "HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Uninstall",
    "HKLM\\SOFTWARE\\WOW6432Node\\Microsoft\\Windows\\CurrentVersion\\Uninstall",
    "HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Uninstall",
];

pub struct UninstallSource;

impl Source for UninstallSource {
    fn id(&self) -> SourceId {
        SourceId::Uninstall
    }

    fn scan(&self, cx: &mut ScanContext<'_>) {
        let mut entries = Vec::new();
        for base in UNINSTALL_KEYS {
            for sub in cx.machine.registry.subkeys(base) {
                entries.push(format!("{base}\\{sub}"));
            }
        }
        let total = entries.len();
        for (done, key) in entries.iter().enumerate() {
            if cx.tick() {
                return;
            }
            cx.progress(SourceId::Uninstall, done, Some(total), key);
            let text = |name: &str| {
                cx.machine
                    .registry
                    .value(key, name)
                    .and_then(|v| v.as_text())
                    .map(|t| t.trim().to_owned())
                    .unwrap_or_default()
            };
            let display_name = text("DisplayName");
            if display_name.is_empty() {
                continue;
            }
            let Some(app) = match_app(cx.catalog.applications(), &display_name) else {
                continue;
            };
            let display_version = text("DisplayVersion");
            let install_location = install_folder(
                &cx.machine.expand(&text("InstallLocation")),
                &cx.machine.expand(&text("UninstallString")),
                &cx.machine.expand(&text("DisplayIcon")),
            );
            let version = version_check(app, &display_name, &display_version);
            cx.report.installed.push(InstalledApp {
                app: app.id.clone(),
                display_name,
                display_version,
                install_location,
                registry_key: key.clone(),
                version,
            });
        }
        cx.progress(SourceId::Uninstall, total, Some(total), "");
    }
}

/// The first catalogue application (in checklist order) with a `display_names` entry contained
/// in `display_name`, ignoring case.
pub fn match_app<'a>(apps: &'a [Application], display_name: &str) -> Option<&'a Application> {
    let lower = display_name.to_lowercase();
    apps.iter().find(|app| {
        app.display_names
            .iter()
            .any(|n| !n.is_empty() && lower.contains(&n.to_lowercase()))
    })
}

/// `InstallLocation`, or the folder of the uninstaller / icon when it names a file of its own.
pub fn install_folder(location: &str, uninstall: &str, icon: &str) -> String {
    let location = location.trim().trim_matches('"').trim_end_matches('\\');
    if !location.is_empty() {
        return location.to_owned();
    }
    for command in [uninstall, icon] {
        let path = executable_of(command);
        let lower = path.to_lowercase();
        if path.is_empty() || lower.ends_with("msiexec.exe") || lower.contains("\\installer\\") {
            continue;
        }
        if let Some((folder, _)) = path.rsplit_once('\\')
            && folder.len() > 2
        {
            return folder.to_owned();
        }
    }
    String::new()
}

/// The program of a command line or icon reference: `"C:\a b\x.exe" /u` -> `C:\a b\x.exe`,
/// `C:\x\app.exe,0` -> `C:\x\app.exe`.
pub(crate) fn executable_of(command: &str) -> String {
    let command = command.trim();
    if let Some(rest) = command.strip_prefix('"') {
        return rest.split('"').next().unwrap_or_default().to_owned();
    }
    // ASCII lower case keeps every byte offset, so the offset is valid in `command` as well.
    let lower = command.to_ascii_lowercase();
    match lower.find(".exe") {
        Some(end) => command[..end + 4].to_owned(),
        None => command.split(',').next().unwrap_or_default().to_owned(),
    }
}

/// Which of the application's version rules applies (the component named in the display name,
/// longest match first; a single rule always applies) and what the installed version means.
pub fn version_check(app: &Application, display_name: &str, installed: &str) -> VersionCheck {
    let lower = display_name.to_lowercase();
    let named = app
        .versions
        .iter()
        .filter_map(|rule| {
            rule.component
                .split('/')
                .map(|part| part.trim().to_lowercase())
                .filter(|part| !part.is_empty() && lower.contains(part.as_str()))
                .map(|part| part.len())
                .max()
                .map(|len| (len, rule))
        })
        .max_by_key(|(len, _)| *len)
        .map(|(_, rule)| rule);
    let rule = named.or(if app.versions.len() == 1 {
        app.versions.first()
    } else {
        None
    });
    let Some(rule) = rule else {
        return if app.versions.is_empty() {
            VersionCheck::NoRule
        } else {
            VersionCheck::CheckByHand {
                component: app.versions[0].component.clone(),
                minimum: app.versions[0].minimum.clone(),
            }
        };
    };
    let component = rule.component.clone();
    let minimum = rule.minimum.clone();
    match compare(installed, &rule.minimum) {
        Comparison::Sufficient => VersionCheck::Sufficient { component, minimum },
        Comparison::Older => VersionCheck::UpdateFirst { component, minimum },
        Comparison::NotComparable => VersionCheck::CheckByHand { component, minimum },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Catalog;

    #[test]
    fn install_folder_falls_back_to_the_uninstaller() {
        assert_eq!(install_folder("C:\\BPA\\", "", ""), "C:\\BPA");
        assert_eq!(
            install_folder("", "\"C:\\Program Files\\Orbis\\unins000.exe\" /x", ""),
            "C:\\Program Files\\Orbis"
        );
        assert_eq!(
            install_folder("", "MsiExec.exe /X{1234}", "C:\\Exact\\Globe.exe,0"),
            "C:\\Exact"
        );
        assert_eq!(install_folder("", "MsiExec.exe /X{1234}", ""), "");
    }

    #[test]
    fn the_rule_of_the_named_component_applies() {
        let catalog = Catalog::embedded();
        let bpa = catalog.get("orbis-bpa-platform").expect("bpa");
        assert_eq!(
            version_check(bpa, "BPA Platform 2020", "9.0.6333"),
            VersionCheck::UpdateFirst {
                component: "BPA Platform".into(),
                minimum: "2021 Build 6618".into()
            }
        );
        assert!(matches!(
            version_check(bpa, "BPA Platform Exchange Connector Tool", "4.4.14954"),
            VersionCheck::Sufficient { component, .. } if component == "Exchange Connector Tool"
        ));
        let globe = catalog.get("exact-globe-next").expect("globe");
        assert!(matches!(
            version_check(globe, "Exact Globe+", "500SP7"),
            VersionCheck::Sufficient { component, .. } if component == "Exact Globe+ / Compact+"
        ));
        assert!(matches!(
            version_check(globe, "Exact Globe Next", "422.10"),
            VersionCheck::CheckByHand { .. }
        ));
        let iis = catalog.get("iis").expect("iis");
        assert_eq!(version_check(iis, "IIS", "10"), VersionCheck::NoRule);
    }
}
