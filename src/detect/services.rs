//! Windows services with mail settings of their own: a .NET service reads `<program>.exe.config`
//! beside its executable (the `ImagePath` of `HKLM\SYSTEM\CurrentControlSet\Services\<name>`).
//! Those findings are attributed to the service by name, with its start type and account, so a
//! "relay" or "Exchange Online" line in some folder becomes "the ACME Mailer service, automatic,
//! as CONTOSO\svc-mail".

use super::content::{OTHER_ADDONS, analyse_named, finding_of};
use super::iis::read_text;
use super::registry::executable_of;
use super::{Confidence, Owner, ScanContext, Source, SourceId};

const SERVICES: &str = "HKLM\\SYSTEM\\CurrentControlSet\\Services";
/// More services than any server has.
const MAX_SERVICES: usize = 5_000;

pub struct ServicesSource;

fn start_type(value: Option<String>) -> &'static str {
    match value.as_deref() {
        Some("0") => "boot",
        Some("1") => "system",
        Some("2") => "automatic",
        Some("3") => "manual",
        Some("4") => "disabled",
        _ => "other",
    }
}

/// The executable of an `ImagePath`: quoted or not, `\SystemRoot\` and `system32\` forms made
/// absolute, environment variables expanded.
fn image(cx: &ScanContext<'_>, image_path: &str) -> Option<String> {
    let expanded = cx.machine.expand(image_path.trim());
    let program = executable_of(&expanded);
    let program = if let Some(rest) = program.strip_prefix("\\SystemRoot\\") {
        format!("{}\\{rest}", cx.machine.expand("%SystemRoot%"))
    } else if let Some(rest) = program.strip_prefix("\\??\\") {
        rest.to_owned()
    } else {
        program
    };
    (program.len() > 2 && program.as_bytes()[1] == b':').then_some(program)
}

impl Source for ServicesSource {
    fn id(&self) -> SourceId {
        SourceId::Services
    }

    fn scan(&self, cx: &mut ScanContext<'_>) {
        let names: Vec<String> = cx
            .machine
            .registry
            .subkeys(SERVICES)
            .into_iter()
            .take(MAX_SERVICES)
            .collect();
        let windows = cx.machine.expand("%SystemRoot%").to_ascii_lowercase();
        let total = names.len();
        for (done, name) in names.iter().enumerate() {
            if cx.tick() {
                return;
            }
            let key = format!("{SERVICES}\\{name}");
            let text = |value: &str| {
                cx.machine
                    .registry
                    .value(&key, value)
                    .and_then(|v| v.as_text())
            };
            // Kernel and file-system drivers (types 1, 2, 8) have no configuration file.
            if matches!(text("Type").as_deref(), Some("1" | "2" | "8")) {
                continue;
            }
            let Some(program) = text("ImagePath").and_then(|p| image(cx, &p)) else {
                continue;
            };
            // Windows' own services keep no mail settings beside their programs.
            if program.to_ascii_lowercase().starts_with(&windows) {
                continue;
            }
            let config = format!("{program}.config");
            cx.progress(SourceId::Services, done, Some(total), &config);
            let Some(content) = read_text(cx, SourceId::Services, &config) else {
                continue;
            };
            cx.claim(&config);
            let owner = Owner::Service {
                name: text("DisplayName")
                    .filter(|d| !d.is_empty() && !d.starts_with('@'))
                    .unwrap_or_else(|| name.clone()),
                start: start_type(text("Start")).to_owned(),
                account: text("ObjectName").unwrap_or_else(|| "LocalSystem".into()),
            };
            let app = cx
                .owner_of(&config)
                .unwrap_or_else(|| OTHER_ADDONS.to_owned());
            let file_name = config.rsplit('\\').next().unwrap_or(&config).to_owned();
            for (line, kind) in analyse_named(&file_name, &content) {
                let mut finding = finding_of(&app, config.clone(), line, kind, Confidence::Medium);
                finding.owner = Some(owner.clone());
                cx.report.findings.push(finding);
            }
        }
        cx.progress(SourceId::Services, total, Some(total), "");
    }
}
