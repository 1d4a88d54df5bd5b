//! Applications: the per-application checklist (Server / Findings / Required actions, N/A or
//! Checked), with the catalogue's steps and rules beside it.

use egui::{RichText, Ui};

use super::PageCtx;
use crate::catalog::rules::HostClass;
use crate::catalog::{Application, Direction, OutcomeKind};
use crate::checklist;
use crate::checklist::{AppCheck, AppStatus};
use crate::i18n::Localizer;
use crate::session::ScanState;
use crate::ui::command::Command;
use crate::ui::theme::{self, Tone};
use crate::ui::widgets;

const LIST_WIDTH: f32 = 290.0;

#[derive(Default)]
pub struct ApplicationsPage {
    selected: Option<String>,
    changes: super::changes::ChangesState,
}

impl ApplicationsPage {
    pub fn ui(&mut self, ui: &mut Ui, cx: &mut PageCtx<'_>) {
        let l10n = cx.l10n;
        widgets::page_heading(
            ui,
            &l10n.tr("applications-title"),
            &l10n.tr("applications-intro"),
        );
        let progress = checklist::progress(cx.catalog, &cx.session.applications);
        ui.horizontal(|ui| {
            ui.add(
                egui::ProgressBar::new(progress.fraction_decided())
                    .desired_width(LIST_WIDTH + 120.0)
                    .text(l10n.tr_args(
                        "applications-progress",
                        &[
                            ("checked", progress.checked.into()),
                            ("total", progress.total().into()),
                            ("na", progress.not_applicable.into()),
                            ("open", progress.open.into()),
                        ],
                    )),
            );
            if ui.button(l10n.tr("applications-help")).clicked() {
                cx.commands.push(Command::ShowHelp);
            }
        });
        ui.add_space(theme::ITEM_GAP);
        super::changes::plan_panel_ui(ui, cx, &mut self.changes);

        let changes = &mut self.changes;
        let selected = self.selected.get_or_insert_with(|| {
            let (detected, rest) = checklist::ordered(cx.catalog, &cx.session.applications);
            detected
                .first()
                .or(rest.first())
                .map(|app| app.id.clone())
                .unwrap_or_default()
        });

        egui::Panel::left("applications-list")
            .resizable(false)
            .exact_size(LIST_WIDTH)
            .show(ui, |ui| {
                egui::ScrollArea::vertical()
                    .id_salt("applications-list-scroll")
                    .show(ui, |ui| list_ui(ui, cx, selected));
            });
        egui::CentralPanel::default_margins().show(ui, |ui| {
            egui::ScrollArea::vertical()
                .id_salt("application-detail-scroll")
                .auto_shrink([false, false])
                .show(ui, |ui| {
                    if let Some(app) = cx.catalog.get(selected).cloned()
                        && let Some(jump) = detail_ui(ui, cx, &app, changes)
                    {
                        *selected = jump;
                    }
                });
        });
    }
}

/// The list: applications the scan found first, the others in a collapsible group.
fn list_ui(ui: &mut Ui, cx: &mut PageCtx<'_>, selected: &mut String) {
    let l10n = cx.l10n;
    let (detected, rest) = checklist::ordered(cx.catalog, &cx.session.applications);
    if !detected.is_empty() {
        ui.label(RichText::new(l10n.tr("applications-detected")).strong());
        for app in detected {
            list_row_ui(ui, cx, app, selected);
        }
        ui.add_space(theme::ITEM_GAP);
    }
    let scan_ran = matches!(cx.session.scan, ScanState::Finished { .. });
    egui::CollapsingHeader::new(
        l10n.tr_args("applications-others", &[("count", rest.len().into())]),
    )
    .id_salt("applications-others")
    .default_open(!scan_ran)
    .show(ui, |ui| {
        for app in rest {
            list_row_ui(ui, cx, app, selected);
        }
    });
}

fn list_row_ui(ui: &mut Ui, cx: &PageCtx<'_>, app: &Application, selected: &mut String) {
    let l10n = cx.l10n;
    let status = checklist::check_of(&cx.session.applications, &app.id).status;
    ui.horizontal(|ui| {
        status_dot(ui, l10n, status);
        let is_selected = *selected == app.id;
        let name = app.name.get(l10n.language());
        if ui
            .add(egui::Button::selectable(is_selected, name).truncate())
            .on_hover_text(name)
            .clicked()
        {
            *selected = app.id.clone();
        }
    });
}

/// A coloured dot before each name: the list stays readable at any name length. The status
/// word is its hover text and AccessKit label.
fn status_dot(ui: &mut Ui, l10n: &Localizer, status: AppStatus) {
    let (tone, id) = status_tone(status);
    let size = egui::vec2(12.0, 12.0);
    let (rect, response) = ui.allocate_exact_size(size, egui::Sense::hover());
    let colour = theme::tone_text(ui.visuals(), tone);
    let centre = rect.center();
    if status == AppStatus::Open {
        ui.painter()
            .circle_stroke(centre, 5.0, egui::Stroke::new(1.5, colour));
    } else {
        ui.painter().circle_filled(centre, 5.0, colour);
    }
    let text = l10n.tr(id);
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Label, true, &text));
    response.on_hover_text(l10n.tr(id));
}

fn status_tone(status: AppStatus) -> (Tone, &'static str) {
    match status {
        AppStatus::Open => (Tone::Neutral, "app-status-open"),
        AppStatus::NotApplicable => (Tone::Info, "app-status-na"),
        AppStatus::Checked => (Tone::Good, "app-status-checked"),
    }
}

/// The selected application. Returns another application's id when the admin follows a link.
fn detail_ui(
    ui: &mut Ui,
    cx: &mut PageCtx<'_>,
    app: &Application,
    changes: &mut super::changes::ChangesState,
) -> Option<String> {
    let l10n = cx.l10n;
    let language = l10n.language();
    let mut jump = None;

    ui.label(
        RichText::new(app.name.get(language))
            .size(theme::HEADING_SIZE - 2.0)
            .strong(),
    );
    ui.horizontal_wrapped(|ui| {
        ui.label(
            RichText::new(l10n.tr_args("app-vendor", &[("vendor", app.vendor.clone().into())]))
                .weak(),
        );
        for direction in &app.mail {
            let id = match direction {
                Direction::Out => "app-mail-out",
                Direction::In => "app-mail-in",
            };
            widgets::status_badge(ui, Tone::Info, &l10n.tr(id));
        }
        if app.consult_vendor {
            widgets::status_badge(ui, Tone::Warning, &l10n.tr("app-consult-vendor"));
        }
    });
    ui.label(app.purpose.get(language));

    if let Some(leader) = app.follows.as_deref().and_then(|id| cx.catalog.get(id)) {
        let leader_name = leader.name.get(language).to_owned();
        let leader_check = checklist::check_of(&cx.session.applications, &leader.id);
        ui.add_space(theme::ITEM_GAP);
        widgets::message_panel(
            ui,
            Tone::Info,
            &l10n.tr_args("app-follows", &[("name", leader_name.clone().into())]),
            &if leader_check.server.trim().is_empty() {
                String::new()
            } else {
                l10n.tr_args(
                    "app-follows-server",
                    &[
                        ("name", leader_name.clone().into()),
                        ("server", leader_check.server.clone().into()),
                    ],
                )
            },
            None,
        );
        if ui
            .button(l10n.tr_args("app-follows-open", &[("name", leader_name.into())]))
            .clicked()
        {
            jump = Some(leader.id.clone());
        }
    }

    widgets::section(ui, &l10n.tr("app-where-heading"));
    for location in &app.locations {
        ui.horizontal_wrapped(|ui| {
            ui.label("•");
            ui.label(location.place.get(language));
        });
    }

    widgets::section(ui, &l10n.tr("app-fields-heading"));
    let mut check = checklist::check_of(&cx.session.applications, &app.id);
    let before = check.clone();
    fields_ui(ui, l10n, app, &mut check);
    if check != before {
        cx.session.applications.insert(app.id.clone(), check);
    }

    super::changes::app_changes_ui(ui, cx, &app.id, changes);

    widgets::section(ui, &l10n.tr("app-steps-heading"));
    for (i, step) in app.steps.iter().enumerate() {
        widgets::numbered_step(ui, i + 1, step.get(language));
    }

    if !app.versions.is_empty() {
        widgets::section(ui, &l10n.tr("app-versions-heading"));
        for rule in &app.versions {
            ui.label(
                RichText::new(l10n.tr_args(
                    "app-version-minimum",
                    &[
                        ("component", rule.component.clone().into()),
                        ("minimum", rule.minimum.clone().into()),
                    ],
                ))
                .strong(),
            );
            ui.indent(("version", &rule.component), |ui| {
                ui.label(l10n.tr_args(
                    "app-version-check",
                    &[("text", rule.check.get(language).into())],
                ));
                ui.label(l10n.tr_args(
                    "app-version-below",
                    &[("text", rule.below.get(language).into())],
                ));
            });
        }
    }

    ui.add_space(theme::ITEM_GAP);
    egui::CollapsingHeader::new(l10n.tr("app-outcomes-heading"))
        .id_salt(("outcomes", &app.id))
        .show(ui, |ui| {
            for kind in OutcomeKind::ALL {
                ui.label(RichText::new(l10n.tr(&format!("outcome-{}", kind.key()))).strong());
                ui.indent(("outcome", kind.key()), |ui| {
                    ui.label(app.actions_text(kind, language));
                });
            }
        });
    if let Some(notes) = &app.notes {
        widgets::section(ui, &l10n.tr("app-notes-heading"));
        ui.label(notes.get(language));
    }
    jump
}

/// Server, Findings, Required actions and the status, as in the partner checklist.
fn fields_ui(ui: &mut Ui, l10n: &Localizer, app: &Application, check: &mut AppCheck) {
    let language = l10n.language();
    let server = widgets::labelled_text_field(
        ui,
        &l10n.tr("app-field-server"),
        &mut check.server,
        "smtp.office365.com",
    );
    if server.changed() {
        checklist::refresh_actions(check, app, language);
    }
    classification_badge(ui, l10n, &checklist::classification(check));

    ui.add_space(theme::ITEM_GAP);
    multiline_ui(ui, &l10n.tr("app-field-findings"), &mut check.findings);
    let actions = multiline_ui(
        ui,
        &l10n.tr("app-field-actions"),
        &mut check.required_actions,
    );
    if actions.changed() {
        checklist::actions_edited(check, app, language);
    }
    if let Some(outcome) = check.actions_from {
        ui.label(
            RichText::new(l10n.tr_args(
                "app-actions-from",
                &[(
                    "outcome",
                    l10n.tr(&format!("outcome-{}", outcome.key())).into(),
                )],
            ))
            .weak(),
        );
    } else if check.required_actions.trim().is_empty() {
        let suggested = checklist::suggested_outcome(check);
        if ui
            .button(l10n.tr_args(
                "app-fill-actions",
                &[(
                    "outcome",
                    l10n.tr(&format!("outcome-{}", suggested.key())).into(),
                )],
            ))
            .clicked()
        {
            check.required_actions = app.actions_text(suggested, language);
            check.actions_from = Some(suggested);
        }
    }

    ui.add_space(theme::ITEM_GAP);
    ui.horizontal(|ui| {
        ui.label(RichText::new(l10n.tr("app-status-heading")).strong());
        for (status, id) in [
            (AppStatus::Open, "app-status-open"),
            (AppStatus::NotApplicable, "app-status-na"),
            (AppStatus::Checked, "app-status-checked"),
        ] {
            ui.radio_value(&mut check.status, status, l10n.tr(id));
        }
    });
}

fn multiline_ui(ui: &mut Ui, label: &str, text: &mut String) -> egui::Response {
    let label = ui.label(label);
    ui.add(
        egui::TextEdit::multiline(text)
            .desired_rows(3)
            .desired_width(f32::INFINITY),
    )
    .labelled_by(label.id)
}

fn classification_badge(ui: &mut Ui, l10n: &Localizer, class: &HostClass) {
    let (tone, text) = match class {
        HostClass::ExchangeOnline { host } => (
            Tone::Warning,
            l10n.tr_args("app-class-exo", &[("host", host.clone().into())]),
        ),
        HostClass::ExchangeOnlineMx { host } => (
            Tone::Info,
            l10n.tr_args("app-class-exo-mx", &[("host", host.clone().into())]),
        ),
        HostClass::Relay { host } => (
            Tone::Info,
            l10n.tr_args("app-class-relay", &[("host", host.clone().into())]),
        ),
        HostClass::NotUsed => (Tone::Neutral, l10n.tr("app-class-none")),
    };
    widgets::status_badge(ui, tone, &text);
}
