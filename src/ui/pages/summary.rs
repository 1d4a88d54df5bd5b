//! Summary: what was done, what is still open, and the facts that go in the customer's file.

use super::PageCtx;
use crate::i18n::Localizer;
use crate::secrets::{self, ExpiryCheck};
use crate::session::{AppStatus, Role, ScanState, StepState};
use crate::ui::theme::Tone;
use crate::ui::widgets;

#[derive(Default)]
pub struct SummaryPage {
    exported: Option<Result<String, String>>,
    report: Option<Result<String, String>>,
    reminder: Option<Result<String, String>>,
}

impl SummaryPage {
    pub fn ui(&mut self, ui: &mut egui::Ui, cx: &mut PageCtx<'_>) {
        let l10n = cx.l10n;
        widgets::page_heading(ui, &l10n.tr("summary-title"), &l10n.tr("summary-intro"));
        let session = &*cx.session;
        let not_set = l10n.tr("summary-not-set");

        egui::Grid::new("summary-grid")
            .num_columns(2)
            .spacing([24.0, 8.0])
            .striped(true)
            .show(ui, |ui| {
                ui.label(l10n.tr("summary-role"));
                ui.label(match session.role {
                    Some(Role::Admin) => l10n.tr("welcome-role-admin"),
                    Some(Role::Partner) => l10n.tr("welcome-role-partner"),
                    None => not_set.clone(),
                });
                ui.end_row();

                ui.label(l10n.tr("summary-scan"));
                let (tone, text) = match &session.scan {
                    ScanState::NotRun => (Tone::Bad, l10n.tr("summary-state-open")),
                    ScanState::Skipped => (Tone::Warning, l10n.tr("summary-scan-skipped")),
                    ScanState::Finished { findings, .. } => (
                        Tone::Good,
                        l10n.tr_args("summary-scan-finished", &[("count", (*findings).into())]),
                    ),
                };
                widgets::status_badge(ui, tone, &text);
                ui.end_row();

                ui.label(l10n.tr("summary-scenario"));
                let vendor_app = session
                    .registration
                    .preset
                    .is_some_and(|p| !p.needs_own_registration());
                ui.label(match session.registration.scenario {
                    Some(scenario) => l10n.tr(&format!("scenario-{}", scenario.key())),
                    None if vendor_app => l10n.tr("summary-vendor-app"),
                    None => not_set.clone(),
                });
                ui.end_row();
                for row in crate::report::permission_rows(session, l10n) {
                    ui.label(row.label);
                    if row.attention {
                        widgets::status_badge(ui, Tone::Warning, &row.value);
                    } else {
                        ui.label(row.value);
                    }
                    ui.end_row();
                }
                super::preset_ui::summary_rows_ui(ui, cx);

                for (label, value) in [
                    ("summary-tenant-id", &session.registration.tenant_id),
                    ("summary-client-id", &session.registration.client_id),
                ] {
                    ui.label(l10n.tr(label));
                    if vendor_app && label == "summary-client-id" {
                        ui.label(l10n.tr("summary-vendor-app"));
                    } else {
                        ui.label(egui::RichText::new(non_empty(value, &not_set)).monospace());
                    }
                    ui.end_row();
                }

                ui.label(l10n.tr("summary-secret"));
                secret_cell(ui, l10n, cx.session, cx.today);
                ui.end_row();

                ui.label(l10n.tr("summary-consent"));
                step_badge(ui, l10n, &cx.session.consent);
                ui.end_row();

                ui.label(l10n.tr("summary-test-send"));
                step_badge(ui, l10n, &cx.session.test_send.state);
                ui.end_row();

                for result in &cx.session.test_send.results {
                    let route = l10n.tr(&format!("test-send-route-name-{}", result.route.key()));
                    let when = result
                        .at
                        .with_timezone(&chrono::Local)
                        .format("%Y-%m-%d %H:%M")
                        .to_string();
                    ui.label(l10n.tr_args("summary-test-route", &[("route", route.into())]));
                    match &result.outcome {
                        Ok(_) => widgets::status_badge(
                            ui,
                            Tone::Good,
                            &l10n.tr_args("summary-test-ok", &[("when", when.into())]),
                        ),
                        Err(failure) => widgets::status_badge(
                            ui,
                            Tone::Bad,
                            &l10n.tr_args(
                                "summary-test-failed",
                                &[("when", when.into()), ("reply", failure.raw.clone().into())],
                            ),
                        ),
                    };
                    ui.end_row();
                }
            });

        applications_ui(ui, cx);
        self.documents_ui(ui, cx);
        self.export_ui(ui, cx);
    }

    /// The report to print for the customer's file, and the reminder to renew the secret.
    fn documents_ui(&mut self, ui: &mut egui::Ui, cx: &mut PageCtx<'_>) {
        let l10n = cx.l10n;
        widgets::section(ui, &l10n.tr("summary-documents-heading"));
        let stamp = chrono::Local::now().format("%Y%m%d-%H%M").to_string();
        ui.horizontal(|ui| {
            if ui.button(l10n.tr("summary-report-save")).clicked() {
                let text = crate::report::html(cx.session, cx.catalog, l10n, chrono::Local::now());
                let path = cx
                    .documents_dir
                    .join(format!("overstap-report-{stamp}.html"));
                self.report = Some(save(&path, &text));
            }
            let reminder = crate::report::secret_reminder_ics(cx.session, l10n, chrono::Utc::now());
            let save_reminder = ui
                .add_enabled(
                    reminder.is_some(),
                    egui::Button::new(l10n.tr("summary-ics-save")),
                )
                .on_disabled_hover_text(l10n.tr("summary-ics-none"));
            if save_reminder.clicked()
                && let Some(text) = reminder
            {
                let path = cx
                    .documents_dir
                    .join(format!("overstap-secret-reminder-{stamp}.ics"));
                self.reminder = Some(save(&path, &text));
            }
        });
        saved_ui(ui, cx, &self.report, true);
        saved_ui(ui, cx, &self.reminder, true);
    }

    /// The session as a file for the partner or the customer: ids, choices, checklist and test
    /// results; never a secret or a token (the session holds none).
    fn export_ui(&mut self, ui: &mut egui::Ui, cx: &mut PageCtx<'_>) {
        let l10n = cx.l10n;
        widgets::section(ui, &l10n.tr("summary-export-heading"));
        ui.label(l10n.tr("summary-export-explain"));
        if ui.button(l10n.tr("summary-export")).clicked() {
            let name = format!(
                "overstap-session-{}.json",
                chrono::Local::now().format("%Y%m%d-%H%M")
            );
            let path = cx.documents_dir.join(name);
            self.exported = Some(
                cx.session
                    .save(&path)
                    .map(|()| path.display().to_string())
                    .map_err(|e| e.to_string()),
            );
        }
        saved_ui(ui, cx, &self.exported, false);
    }
}

fn save(path: &std::path::Path, text: &str) -> Result<String, String> {
    crate::fsutil::write_atomic(path, text.as_bytes())
        .map(|()| path.display().to_string())
        .map_err(|e| format!("{}: {e}", path.display()))
}

/// Where a document went, with a button to open it (the browser prints the report), or why
/// it could not be saved.
fn saved_ui(
    ui: &mut egui::Ui,
    cx: &PageCtx<'_>,
    result: &Option<Result<String, String>>,
    openable: bool,
) {
    let l10n = cx.l10n;
    match result {
        Some(Ok(path)) => {
            ui.horizontal(|ui| {
                widgets::status_badge(
                    ui,
                    Tone::Good,
                    &l10n.tr_args("summary-exported", &[("path", path.clone().into())]),
                );
                if openable && ui.button(l10n.tr("summary-open")).clicked() {
                    cx.identity.open_saved_file(std::path::Path::new(path));
                }
            });
        }
        Some(Err(error)) => widgets::error_panel(
            ui,
            l10n,
            &l10n.tr("summary-export-failed"),
            error,
            &l10n.tr("registration-script-save-failed-fix"),
            error,
        ),
        None => {}
    }
}

/// Every application with its verdict, server and required actions, as the checklist prints it.
fn applications_ui(ui: &mut egui::Ui, cx: &PageCtx<'_>) {
    let l10n = cx.l10n;
    let language = l10n.language();
    let progress = crate::checklist::progress(cx.catalog, cx.session);
    widgets::section(ui, &l10n.tr("summary-applications"));
    ui.label(l10n.tr_args(
        "applications-progress",
        &[
            ("checked", progress.checked.into()),
            ("total", progress.total().into()),
            ("na", progress.not_applicable.into()),
            ("open", progress.open.into()),
        ],
    ));
    ui.add_space(crate::ui::theme::ITEM_GAP);
    egui::Grid::new("summary-applications")
        .num_columns(4)
        .spacing([16.0, 6.0])
        .striped(true)
        .show(ui, |ui| {
            for id in [
                "summary-col-application",
                "app-status-heading",
                "app-field-server",
                "app-field-actions",
            ] {
                ui.label(egui::RichText::new(l10n.tr(id)).strong());
            }
            ui.end_row();
            for app in cx.catalog.applications() {
                let check = crate::checklist::check_of(cx.session, &app.id);
                ui.label(app.name.get(language));
                let (tone, id) = match check.status {
                    AppStatus::Open => (Tone::Bad, "app-status-open"),
                    AppStatus::NotApplicable => (Tone::Info, "app-status-na"),
                    AppStatus::Checked => (Tone::Good, "app-status-checked"),
                };
                widgets::status_badge(ui, tone, &l10n.tr(id));
                ui.label(egui::RichText::new(check.server.trim()).monospace());
                ui.label(check.required_actions.trim());
                ui.end_row();
            }
        });
}

fn non_empty<'a>(value: &'a str, fallback: &'a str) -> &'a str {
    if value.trim().is_empty() {
        fallback
    } else {
        value.trim()
    }
}

fn step_badge(ui: &mut egui::Ui, l10n: &Localizer, state: &StepState) {
    let (tone, text) = match state {
        StepState::Open => (Tone::Bad, l10n.tr("summary-state-open")),
        StepState::Deferred => (Tone::Warning, l10n.tr("summary-state-deferred")),
        StepState::Done { at } => (
            Tone::Good,
            l10n.tr_args(
                "summary-state-done",
                &[("when", at.format("%Y-%m-%d %H:%M UTC").to_string().into())],
            ),
        ),
    };
    widgets::status_badge(ui, tone, &text);
}

fn secret_cell(
    ui: &mut egui::Ui,
    l10n: &Localizer,
    session: &crate::session::Session,
    today: chrono::NaiveDate,
) {
    if !session.registration.needs_client_secret() {
        ui.label(l10n.tr("summary-secret-not-needed"));
        return;
    }
    match (session.secret.stored, session.secret.expires_on) {
        (true, Some(date)) => {
            let shown = date.format("%Y-%m-%d").to_string();
            let tone = match secrets::check_expiry(date, today) {
                ExpiryCheck::Fine => Tone::Good,
                ExpiryCheck::Soon { .. } => Tone::Warning,
                ExpiryCheck::Expired | ExpiryCheck::TooFar => Tone::Bad,
            };
            let in_memory = session.secret.held_in == Some(crate::session::SecretHolder::Memory);
            widgets::status_badge(
                ui,
                if in_memory { Tone::Warning } else { tone },
                &l10n.tr_args(
                    crate::report::secret_state_id(session),
                    &[("date", shown.into())],
                ),
            );
        }
        _ => {
            widgets::status_badge(ui, Tone::Bad, &l10n.tr("summary-state-open"));
        }
    }
}
