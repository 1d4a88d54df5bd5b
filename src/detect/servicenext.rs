//! ServiceNext's mail handler: `<Synergy>\bin\HandleEmailSN.exe.config`.
//!
//! The checklist's rule: the key `exchangeWebServiceUrl` present means the handler still signs in
//! to EWS with basic authentication (action needed); absent, with `OAuthExchangeService`
//! present, it already uses OAuth.

use super::iis::read_text;
use super::text::{attr, line_of, parse_xml, path_of};
use super::{
    Classification, Confidence, Evidence, Finding, Location, ScanContext, Source, SourceId,
};

const APP_ID: &str = "servicenext";
const FILE: &str = "bin\\HandleEmailSN.exe.config";

pub struct ServiceNextSource;

/// Synergy folders: where the uninstall keys put Exact Synergy Enterprise and ServiceNext, and
/// the default install folders.
fn candidates(cx: &ScanContext<'_>) -> Vec<String> {
    let mut folders: Vec<String> = cx
        .install_folders("exact-synergy-enterprise")
        .into_iter()
        .chain(cx.install_folders(APP_ID))
        .collect();
    for base in ["%ProgramFiles%", "%ProgramFiles(x86)%"] {
        folders.push(format!("{}\\Exact Synergy", cx.machine.expand(base)));
    }
    let mut files: Vec<String> = folders
        .into_iter()
        .map(|f| format!("{}\\{FILE}", f.trim_end_matches('\\')))
        .collect();
    files.sort_by_key(|f| f.to_lowercase());
    files.dedup_by_key(|f| f.to_lowercase());
    files
}

impl Source for ServiceNextSource {
    fn id(&self) -> SourceId {
        SourceId::ServiceNext
    }

    fn scan(&self, cx: &mut ScanContext<'_>) {
        let files = candidates(cx);
        let total = files.len();
        for (done, file) in files.iter().enumerate() {
            if cx.tick() {
                return;
            }
            cx.progress(SourceId::ServiceNext, done, Some(total), file);
            let Some(text) = read_text(cx, SourceId::ServiceNext, file) else {
                continue;
            };
            cx.claim(file);
            match parse_xml(&text) {
                Ok(doc) => handler(cx, &doc, file),
                Err(kind) => cx.error(SourceId::ServiceNext, file, kind),
            }
        }
    }
}

fn handler(cx: &mut ScanContext<'_>, doc: &roxmltree::Document<'_>, file: &str) {
    let setting = |name: &str| {
        doc.descendants().find(|n| {
            n.is_element()
                && (attr(*n, "key").or_else(|| attr(*n, "name")))
                    .is_some_and(|k| k.eq_ignore_ascii_case(name))
        })
    };
    let location = |node: roxmltree::Node<'_, '_>, name: &str| Location::File {
        path: file.to_owned(),
        key: format!("{}[@key='{name}']", path_of(node)),
        line: Some(line_of(doc, node)),
    };
    let value_of = |node: roxmltree::Node<'_, '_>| {
        attr(node, "value")
            .map(str::to_owned)
            .or_else(|| {
                node.descendants()
                    .find_map(|d| d.text())
                    .map(|t| t.trim().to_owned())
            })
            .unwrap_or_default()
    };
    let finding = if let Some(node) = setting("exchangeWebServiceUrl") {
        let value = value_of(node);
        let classification = match Classification::of_host(&value) {
            // An empty URL with the key present: the handler is still the basic-auth build.
            Classification::NotUsed => Classification::Unknown,
            other => other,
        };
        Finding::new(
            APP_ID,
            location(node, "exchangeWebServiceUrl"),
            value,
            classification,
            Confidence::High,
            Evidence::new("scan-ev-servicenext-ews", &[]),
        )
    } else if let Some(node) = setting("OAuthExchangeService") {
        Finding::new(
            APP_ID,
            location(node, "OAuthExchangeService"),
            value_of(node),
            Classification::Modern,
            Confidence::High,
            Evidence::new("scan-ev-servicenext-oauth", &[]),
        )
    } else {
        Finding::new(
            APP_ID,
            Location::File {
                path: file.to_owned(),
                key: "configuration/appSettings".into(),
                line: None,
            },
            String::new(),
            Classification::Unknown,
            Confidence::Medium,
            Evidence::new("scan-ev-servicenext-neither", &[]),
        )
    };
    cx.report.findings.push(finding);
}
