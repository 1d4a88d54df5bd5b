//! Scan: which applications on this server mail, and where that is set.
//!
//! The page only draws and asks: a start goes to the app's scan jobs (`ui::scan_jobs`), which
//! drain the worker once per frame and put the finished report into the session
//! (`worker_news::take_scan`). The worker wakes the window when it has news.

use std::path::PathBuf;

use egui::{RichText, Ui};

use super::PageCtx;
use crate::checklist;
use crate::detect::ScanSource;
use crate::detect::platform::ScanTarget;
use crate::detect::{Classification, Finding, ProblemKind, Progress};
use crate::i18n::Localizer;
use crate::session::ScanState;
use crate::ui::scan_jobs::Ending;
use crate::ui::theme::{self, Tone};
use crate::ui::widgets;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
enum SourceChoice {
    #[default]
    ThisServer,
    Snapshot,
}

#[derive(Default)]
pub struct ScanPage {
    source: Option<SourceChoice>,
    snapshot_path: String,
    registry_path: String,
    open_problem: Option<String>,
    sql: super::scan_sql::SqlSection,
}

impl ScanPage {
    pub fn ui(&mut self, ui: &mut Ui, cx: &mut PageCtx<'_>) {
        let l10n = cx.l10n;
        widgets::page_heading(ui, &l10n.tr("scan-title"), &l10n.tr("scan-intro"));
        self.source_ui(ui, cx);
        ui.add_space(theme::SECTION_GAP);
        if cx.scans.is_running() {
            running_ui(ui, cx);
        } else {
            self.start_ui(ui, cx);
        }
        ending_ui(ui, cx);
        let Self {
            open_problem, sql, ..
        } = self;
        sql.ui(ui, cx);

        if !cx.scans.is_running() && matches!(cx.session.scan, ScanState::Finished { .. }) {
            results_ui(ui, cx, open_problem);
        }

        let mut skipped = matches!(cx.session.scan, ScanState::Skipped);
        if widgets::defer_checkbox(ui, &mut skipped, &cx.l10n.tr("scan-skip")).changed() {
            cx.session.scan = if skipped {
                ScanState::Skipped
            } else {
                ScanState::NotRun
            };
        }
    }

    /// Shows a snapshot folder as the source (the benchmark's `scan=DIR` starts its scan).
    pub fn show_snapshot(&mut self, root: &std::path::Path) {
        self.source = Some(SourceChoice::Snapshot);
        self.snapshot_path = root.display().to_string();
    }

    /// This server or a snapshot (its folder and registry export); fixed while a scan runs.
    fn source_ui(&mut self, ui: &mut Ui, cx: &mut PageCtx<'_>) {
        let Self {
            source,
            snapshot_path,
            registry_path,
            ..
        } = self;
        let l10n = cx.l10n;
        widgets::section(ui, &l10n.tr("scan-source-heading"));
        if source.is_none() {
            *source = Some(match &cx.session.scan {
                ScanState::Finished {
                    source: ScanSource::Snapshot { .. },
                    ..
                } => SourceChoice::Snapshot,
                _ => SourceChoice::ThisServer,
            });
        }
        ui.add_enabled_ui(!cx.scans.is_running(), |ui| {
            widgets::radio_with_hint(
                ui,
                source,
                SourceChoice::ThisServer,
                &l10n.tr("scan-source-this-server"),
                &l10n.tr("scan-source-this-server-hint"),
            );
            widgets::radio_with_hint(
                ui,
                source,
                SourceChoice::Snapshot,
                &l10n.tr("scan-source-snapshot"),
                &l10n.tr("scan-source-snapshot-hint"),
            );
            if *source == Some(SourceChoice::Snapshot) {
                widgets::path_field(
                    ui,
                    l10n,
                    cx.dialogs,
                    &l10n.tr("scan-snapshot-folder"),
                    snapshot_path,
                    "D:\\snapshots\\customer",
                    crate::dialogs::DialogRequest::folder(l10n.tr("dialog-title-snapshot")),
                );
                widgets::path_field(
                    ui,
                    l10n,
                    cx.dialogs,
                    &l10n.tr("scan-registry-file"),
                    registry_path,
                    &l10n.tr("scan-registry-default"),
                    crate::dialogs::DialogRequest::file(l10n.tr("dialog-title-registry"))
                        .filter(l10n.tr("dialog-filter-registry"), &["reg"]),
                );
            }
        });
    }

    /// "Start scan" (or "Scan again").
    fn start_ui(&mut self, ui: &mut Ui, cx: &mut PageCtx<'_>) {
        let Self {
            source,
            snapshot_path,
            registry_path,
            ..
        } = self;
        let l10n = cx.l10n;
        let snapshot_missing =
            *source == Some(SourceChoice::Snapshot) && snapshot_path.trim().is_empty();
        let finished = matches!(cx.session.scan, ScanState::Finished { .. });
        let start_label = if finished {
            l10n.tr("scan-again")
        } else {
            l10n.tr("scan-start")
        };
        let start = ui
            .add_enabled(!snapshot_missing, egui::Button::new(start_label))
            .on_disabled_hover_text(l10n.tr("scan-snapshot-missing"));
        if start.clicked() {
            let target = match source {
                Some(SourceChoice::Snapshot) => ScanTarget::Snapshot {
                    root: PathBuf::from(snapshot_path.trim()),
                    registry: Some(registry_path.trim())
                        .filter(|p| !p.is_empty())
                        .map(PathBuf::from),
                },
                _ => ScanTarget::ThisServer,
            };
            cx.scans.start(target, cx.catalog);
        }
    }
}

/// The running scan: what it reads now, and Cancel.
fn running_ui(ui: &mut Ui, cx: &mut PageCtx<'_>) {
    let l10n = cx.l10n;
    // The label names only the source, so the Cancel button beside it stays in place
    // while the counts below change.
    let progress = cx.scans.progress();
    let label = match (cx.scans.is_cancelling(), progress) {
        (true, _) => l10n.tr("scan-cancelling"),
        (false, Some(p)) => l10n.tr_args(
            "scan-running",
            &[(
                "source",
                l10n.tr(&format!("scan-source-name-{}", p.source.key()))
                    .into(),
            )],
        ),
        (false, None) => l10n.tr_args(
            "scan-running",
            &[("source", l10n.tr("scan-source-name-machine").into())],
        ),
    };
    if widgets::progress_row(ui, l10n, &label, None) {
        cx.scans.cancel();
    }
    if let Some(p) = progress {
        ui.label(RichText::new(progress_detail(l10n, p)).weak().small());
    }
}

/// How the last scan ended when it left no report.
fn ending_ui(ui: &mut Ui, cx: &PageCtx<'_>) {
    let l10n = cx.l10n;
    match cx.scans.ending() {
        Some(Ending::Cancelled) => widgets::message_panel(
            ui,
            Tone::Info,
            &l10n.tr("scan-cancelled-title"),
            &l10n.tr("scan-cancelled"),
            None,
        ),
        Some(Ending::Failed(error)) if error.kind == ProblemKind::NoWindows => {
            widgets::message_panel(
                ui,
                Tone::Warning,
                &l10n.tr("scan-no-windows-title"),
                &l10n.tr("scan-no-windows"),
                Some(&l10n.tr("scan-no-windows-fix")),
            )
        }
        Some(Ending::Failed(error)) => widgets::message_panel(
            ui,
            Tone::Bad,
            &l10n.tr("scan-failed-title"),
            &error.localize(l10n),
            None,
        ),
        Some(Ending::NotStarted(error)) => widgets::message_panel(
            ui,
            Tone::Bad,
            &l10n.tr("scan-failed-title"),
            &l10n.tr_args("scan-start-failed", &[("error", error.clone().into())]),
            None,
        ),
        None => {}
    }
}

fn progress_detail(l10n: &Localizer, p: &Progress) -> String {
    let count = match p.total {
        Some(total) => l10n.tr_args(
            "scan-running-of",
            &[("done", p.done.into()), ("total", total.into())],
        ),
        None => l10n.tr_args("scan-running-items", &[("done", p.done.into())]),
    };
    if p.current.is_empty() {
        count
    } else {
        format!("{count} · {}", p.current)
    }
}

pub fn class_tone(class: Classification) -> Tone {
    match class {
        Classification::ExoDirect => Tone::Bad,
        Classification::Relay => Tone::Warning,
        Classification::Modern => Tone::Good,
        Classification::NotUsed => Tone::Neutral,
        Classification::Unknown => Tone::Info,
    }
}

/// The report, grouped per application in checklist order, then the unreadable places.
fn results_ui(ui: &mut Ui, cx: &mut PageCtx<'_>, open_problem: &mut Option<String>) {
    let l10n = cx.l10n;
    let report = &cx.session.scan_report;
    let detected = report.detected_apps();
    widgets::section(ui, &l10n.tr("scan-results-heading"));
    ui.label(l10n.tr_args(
        "scan-results-summary",
        &[
            ("apps", detected.len().into()),
            ("findings", report.findings.len().into()),
        ],
    ));
    if report.exchange_online_basic_auth() {
        widgets::message_panel(
            ui,
            Tone::Warning,
            &l10n.tr("scan-results-basic-auth"),
            "",
            None,
        );
    } else {
        widgets::message_panel(ui, Tone::Good, &l10n.tr("scan-results-none"), "", None);
    }
    chains_ui(ui, cx);
    let report = &cx.session.scan_report;
    let snapshot_root = match &cx.session.scan {
        ScanState::Finished {
            source: ScanSource::Snapshot { path, .. },
            ..
        } => Some(PathBuf::from(path)),
        _ => None,
    };
    for app in cx
        .catalog
        .applications()
        .iter()
        .filter(|a| detected.contains(&a.id))
    {
        ui.add_space(theme::ITEM_GAP);
        ui.horizontal_wrapped(|ui| {
            ui.label(
                RichText::new(app.name.get(l10n.language()))
                    .strong()
                    .size(16.0),
            );
            if let Some(worst) = report.worst_of(&app.id) {
                widgets::status_badge(
                    ui,
                    class_tone(worst),
                    &l10n.tr(&format!("scan-class-{}", worst.key())),
                );
            }
        });
        ui.indent(("scan-app", &app.id), |ui| {
            for installed in report.installed.iter().filter(|i| i.app == app.id) {
                ui.horizontal_wrapped(|ui| {
                    ui.label(l10n.tr_args(
                        "scan-installed-line",
                        &[
                            ("name", installed.display_name.clone().into()),
                            ("version", installed.display_version.clone().into()),
                        ],
                    ));
                    if !installed.install_location.is_empty() {
                        ui.label(
                            RichText::new(l10n.tr_args(
                                "scan-installed-folder",
                                &[("folder", installed.install_location.clone().into())],
                            ))
                            .weak(),
                        );
                    }
                });
                if let Some(line) = checklist::version_line(&installed.version, l10n) {
                    let tone = match installed.version {
                        crate::detect::VersionCheck::UpdateFirst { .. } => Tone::Bad,
                        crate::detect::VersionCheck::Sufficient { .. } => Tone::Good,
                        _ => Tone::Warning,
                    };
                    widgets::status_badge(ui, tone, &line);
                }
            }
            // A content-search hit list can hold thousands: only those in view are drawn.
            let findings: Vec<&Finding> = report.findings_of(&app.id).collect();
            widgets::long_list(ui, ("scan-findings", &app.id), &findings, |ui, finding| {
                finding_ui(ui, cx, finding, snapshot_root.as_deref(), open_problem);
            });
        });
    }
    if let Some(problem) = open_problem.as_deref() {
        widgets::message_panel(ui, Tone::Warning, problem, "", None);
    }
    if !report.errors.is_empty() {
        widgets::section(
            ui,
            &l10n.tr_args(
                "scan-errors-heading",
                &[("count", report.errors.len().into())],
            ),
        );
        ui.label(RichText::new(l10n.tr("scan-errors-hint")).weak());
        for error in &report.errors {
            ui.label(error.localize(l10n));
        }
    }
}

/// The sender chains: each relay on this server with the applications that send through it,
/// so the admin sees that fixing the relay fixes all of them.
fn chains_ui(ui: &mut Ui, cx: &PageCtx<'_>) {
    let l10n = cx.l10n;
    let report = &cx.session.scan_report;
    let chains = report.chains();
    if chains.is_empty() {
        return;
    }
    widgets::section(ui, &l10n.tr("scan-chains-heading"));
    ui.label(RichText::new(l10n.tr("scan-chains-hint")).weak());
    for chain in chains {
        ui.add_space(theme::ITEM_GAP / 2.0);
        ui.horizontal_wrapped(|ui| {
            widgets::status_badge(
                ui,
                class_tone(chain.relay.classification),
                &l10n.tr(&format!("scan-class-{}", chain.relay.classification.key())),
            );
            let mut args = checklist::relay_args(chain.relay, cx.catalog, l10n);
            args.push(("count", chain.senders.len().into()));
            ui.label(RichText::new(l10n.tr_args("scan-chain-relay", &args)).strong());
        });
        ui.indent(("scan-chain", &chain.relay.id), |ui| {
            for sender in &chain.senders {
                let app = cx
                    .catalog
                    .get(&sender.app)
                    .map(|a| a.name.get(l10n.language()).to_owned())
                    .unwrap_or_else(|| sender.app.clone());
                let who = sender
                    .owner
                    .as_ref()
                    .map(|o| format!(" — {}", o.localize(l10n)))
                    .unwrap_or_default();
                let value = if sender.value.is_empty() {
                    "-"
                } else {
                    &sender.value
                };
                ui.label(format!("• {app}: {value}{who}"));
            }
        });
    }
}

fn finding_ui(
    ui: &mut Ui,
    cx: &PageCtx<'_>,
    finding: &Finding,
    snapshot_root: Option<&std::path::Path>,
    open_problem: &mut Option<String>,
) {
    let l10n = cx.l10n;
    ui.add_space(theme::ITEM_GAP / 2.0);
    ui.horizontal_wrapped(|ui| {
        widgets::status_badge(
            ui,
            class_tone(finding.classification),
            &l10n.tr(&format!("scan-class-{}", finding.classification.key())),
        );
        let value = if finding.value.is_empty() {
            "-".to_owned()
        } else {
            finding.value.clone()
        };
        ui.label(l10n.tr_args("scan-value", &[("value", value.into())]));
    });
    ui.label(
        RichText::new(l10n.tr_args(
            "scan-where",
            &[("where", finding.location.display().into())],
        ))
        .weak(),
    );
    ui.label(l10n.tr_args(
        "scan-why",
        &[("text", finding.evidence.localize(l10n).into())],
    ));
    if let Some(owner) = &finding.owner {
        ui.label(l10n.tr_args("scan-used-by", &[("owner", owner.localize(l10n).into())]));
    }
    if let Some(line) = checklist::via_line(
        &cx.session.scan_report,
        finding,
        cx.catalog,
        l10n,
        "scan-via",
    ) {
        widgets::status_badge(ui, Tone::Warning, &line);
    }
    if let Some(folder) = finding.location.folder()
        && ui.button(l10n.tr("scan-open-folder")).clicked()
    {
        let local = crate::detect::platform::local_folder(snapshot_root, &folder);
        if let Err(err) = open::that_detached(&local) {
            *open_problem =
                Some(l10n.tr_args("scan-open-failed", &[("error", err.to_string().into())]));
        }
    }
}
