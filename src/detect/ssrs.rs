//! SQL Server Reporting Services and Power BI Report Server: `rsreportserver.config`,
//! `<RSEmailDPConfiguration>` (SMTPServer, SMTPServerPort, SMTPAuthenticate, SMTPUseSSL, SendUsing).
//!
//! SSRS mail has no OAuth option: an Exchange Online host with SMTPAuthenticate = 1 is basic
//! authentication, and the way out is a relay or connector. The encrypted SendUserName and
//! SendPassword are never read.

use super::iis::read_text;
use super::text::{line_of, parse_xml, path_of};
use super::{
    Classification, Confidence, Evidence, Finding, Location, ScanContext, Source, SourceId,
};

const APP_ID: &str = "ssrs";
const REL: &str = "ReportServer\\rsreportserver.config";

pub struct SsrsSource;

/// Every place an `rsreportserver.config` may be: SSRS 2016 (`MSRS13.<instance>`), 2017-2022
/// (`SQL Server Reporting Services\SSRS`), Power BI Report Server, instances named in the
/// registry, and the install folders found in the uninstall keys. Sorted, without duplicates.
pub fn candidates(cx: &ScanContext<'_>) -> Vec<String> {
    let machine = cx.machine;
    let mut folders = Vec::new();
    for program_files in ["%ProgramFiles%", "%ProgramW6432%"] {
        let base = machine.expand(program_files);
        folders.push(format!(
            "{base}\\Microsoft SQL Server Reporting Services\\SSRS"
        ));
        folders.push(format!("{base}\\Microsoft Power BI Report Server\\PBIRS"));
        let sql = format!("{base}\\Microsoft SQL Server");
        for name in machine.fs.list(&sql).unwrap_or_default() {
            if name.to_ascii_uppercase().starts_with("MSRS") {
                folders.push(format!("{sql}\\{name}\\Reporting Services"));
            }
        }
        for (_, instance) in machine
            .registry
            .values("HKLM\\SOFTWARE\\Microsoft\\Microsoft SQL Server\\Instance Names\\RS")
        {
            if let Some(id) = instance.as_text() {
                folders.push(format!("{sql}\\{id}\\Reporting Services"));
                // The instance's own record of where it is installed (SSRS 2017+, PBIRS and
                // older MSRS ids alike), also when that is not a default folder.
                let setup = format!("HKLM\\SOFTWARE\\Microsoft\\Microsoft SQL Server\\{id}\\Setup");
                if let Some(path) = machine
                    .registry
                    .value(&setup, "SQLPath")
                    .and_then(|v| v.as_text())
                {
                    folders.push(machine.expand(path.trim().trim_end_matches('\\')));
                }
            }
        }
    }
    for location in cx.install_folders(APP_ID) {
        let location = location.trim_end_matches('\\');
        folders.push(location.to_owned());
        folders.push(format!("{location}\\SSRS"));
        folders.push(format!("{location}\\PBIRS"));
    }
    let mut files: Vec<String> = folders.into_iter().map(|f| format!("{f}\\{REL}")).collect();
    files.sort_by_key(|f| f.to_lowercase());
    files.dedup_by_key(|f| f.to_lowercase());
    files
}

impl Source for SsrsSource {
    fn id(&self) -> SourceId {
        SourceId::Ssrs
    }

    fn scan(&self, cx: &mut ScanContext<'_>) {
        let files = candidates(cx);
        let total = files.len();
        let mut seen = std::collections::BTreeSet::new();
        for (done, file) in files.iter().enumerate() {
            if cx.tick() {
                return;
            }
            cx.progress(SourceId::Ssrs, done, Some(total), file);
            // Two spellings of one folder (a registry instance and the folder list) read once.
            let Some(local) = cx.machine.fs.locate(file) else {
                continue;
            };
            if !seen.insert(local) {
                continue;
            }
            let Some(text) = read_text(cx, SourceId::Ssrs, file) else {
                continue;
            };
            cx.claim(file);
            match parse_xml(&text) {
                Ok(doc) => email_settings(cx, &doc, file),
                Err(kind) => cx.error(SourceId::Ssrs, file, kind),
            }
        }
    }
}

fn email_settings(cx: &mut ScanContext<'_>, doc: &roxmltree::Document<'_>, file: &str) {
    for config in doc.descendants().filter(|n| {
        n.is_element()
            && n.tag_name()
                .name()
                .eq_ignore_ascii_case("RSEmailDPConfiguration")
    }) {
        let child = |name: &str| {
            config
                .children()
                .find(|c| c.is_element() && c.tag_name().name().eq_ignore_ascii_case(name))
        };
        let text = |name: &str| {
            child(name)
                .and_then(|n| n.text())
                .map(|t| t.trim().to_owned())
                .unwrap_or_default()
        };
        let server = text("SMTPServer");
        let port = text("SMTPServerPort");
        let authenticate = text("SMTPAuthenticate");
        let ssl = text("SMTPUseSSL");
        let send_using = text("SendUsing");
        let pickup = send_using == "1";
        let classification = if pickup {
            Classification::NotUsed
        } else {
            Classification::of_host(&server)
        };
        let node = child("SMTPServer").unwrap_or(config);
        let value = match (server.is_empty(), port.is_empty()) {
            (true, _) => String::new(),
            (false, true) => server.clone(),
            (false, false) => format!("{server}:{port}"),
        };
        let auth = match authenticate.as_str() {
            "0" | "" => "none",
            "1" => "basic",
            "2" => "ntlm",
            _ => "other",
        };
        cx.report.findings.push(Finding::new(
            APP_ID,
            Location::File {
                path: file.to_owned(),
                key: path_of(node),
                line: Some(line_of(doc, node)),
            },
            value,
            classification,
            Confidence::High,
            Evidence::new(
                if pickup {
                    "scan-ev-ssrs-pickup"
                } else {
                    "scan-ev-ssrs"
                },
                &[
                    (
                        "server",
                        if server.is_empty() {
                            "-"
                        } else {
                            server.as_str()
                        },
                    ),
                    ("auth", auth),
                    (
                        "ssl",
                        if ssl.eq_ignore_ascii_case("true") || ssl == "1" {
                            "yes"
                        } else {
                            "no"
                        },
                    ),
                ],
            ),
        ));
    }
}
