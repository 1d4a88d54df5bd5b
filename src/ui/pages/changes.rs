//! The Applications page's changes: where legacy applications send instead (the relay), the
//! plan for each application's findings, and for the files Overstap can write: a preview of the
//! lines before and after, a confirmation, the result with its backup, and undo.

use egui::{RichText, Ui};

use super::PageCtx;
use crate::plan::{ItemState, PlanItem, Route};
use crate::ui::change_jobs;
use crate::ui::theme::{self, Tone};
use crate::ui::widgets;
use crate::writeback::RelayTarget;

/// What the admin typed and is about to confirm.
#[derive(Default)]
pub struct ChangesState {
    relay: Option<String>,
    tls: bool,
    /// The items shown in the confirmation, waiting for "Write".
    confirm: Option<Vec<usize>>,
    relay_problem: bool,
}

/// The relay and the plan, above the checklist.
pub fn plan_panel_ui(ui: &mut Ui, cx: &mut PageCtx<'_>, state: &mut ChangesState) {
    let l10n = cx.l10n;
    if !matches!(cx.session.scan, crate::session::ScanState::Finished { .. }) {
        return;
    }
    if state.relay.is_none() {
        let relay = cx
            .session
            .plan
            .as_ref()
            .map(|p| p.relay.clone())
            .unwrap_or_else(|| crate::plan::default_relay(&cx.session.scan_report));
        state.tls = relay.tls;
        state.relay = Some(relay.display());
    }
    egui::CollapsingHeader::new(RichText::new(l10n.tr("wb-panel-heading")).strong())
        .id_salt("changes-panel")
        .default_open(true)
        .show(ui, |ui| {
            ui.label(RichText::new(l10n.tr("wb-panel-intro")).weak());
            ui.horizontal_wrapped(|ui| {
                let relay_text = state.relay.get_or_insert_with(String::new);
                widgets::labelled_text_field(
                    ui,
                    &l10n.tr("wb-relay-label"),
                    relay_text,
                    "127.0.0.1:25",
                );
                let relay_text = relay_text.clone();
                ui.checkbox(&mut state.tls, l10n.tr("wb-relay-tls"));
                let busy = cx.changes.is_running();
                let label = if cx.session.plan.is_some() {
                    l10n.tr("wb-plan-again")
                } else {
                    l10n.tr("wb-plan")
                };
                if ui.add_enabled(!busy, egui::Button::new(label)).clicked() {
                    match RelayTarget::parse(&relay_text, state.tls) {
                        Some(relay) => {
                            state.relay_problem = false;
                            state.confirm = None;
                            {
                                let now = cx.now_utc();
                                cx.changes.plan(cx.session, relay, now);
                            }
                        }
                        None => state.relay_problem = true,
                    }
                }
                if busy {
                    widgets::spinner(ui);
                }
            });
            ui.label(RichText::new(l10n.tr("wb-relay-hint")).weak().small());
            if state.relay_problem {
                widgets::message_panel(ui, Tone::Bad, &l10n.tr("wb-relay-invalid"), "", None);
            }
            if let Some((message, detail)) = &cx.changes.problem {
                widgets::message_panel(
                    ui,
                    Tone::Bad,
                    &l10n.tr_args(message, &[("detail", detail.clone().into())]),
                    "",
                    None,
                );
            }
            if let Some(crate::detect::ScanSource::Snapshot { path, .. }) =
                cx.session.plan.as_ref().map(|p| &p.target)
            {
                ui.label(
                    RichText::new(
                        l10n.tr_args("wb-plan-on-snapshot", &[("path", path.clone().into())]),
                    )
                    .weak(),
                );
                if ui.button(l10n.tr("wb-plan-this-server")).clicked()
                    && let Some(plan) = cx.session.plan.as_mut()
                {
                    // The hashes stay: a file that differs here from the snapshot is refused
                    // when written, and planned again after a scan of this server.
                    plan.target = crate::detect::ScanSource::ThisServer;
                }
            }
            if let Some(plan) = &cx.session.plan {
                let count =
                    |route: &str| plan.items.iter().filter(|i| i.route.key() == route).count();
                ui.label(l10n.tr_args(
                    "wb-plan-summary",
                    &[
                        ("write", count("write-file").into()),
                        ("script", (count("run-script") + count("run-sql")).into()),
                        ("paste", count("paste-lines").into()),
                        ("chain", count("through-relay").into()),
                        ("app", (count("in-app") + count("vendor")).into()),
                    ],
                ));
                let all = change_jobs::writable(cx.session, None);
                if !all.is_empty()
                    && ui
                        .add_enabled(
                            !cx.changes.is_running(),
                            egui::Button::new(
                                l10n.tr_args("wb-write-all", &[("count", all.len().into())]),
                            ),
                        )
                        .clicked()
                {
                    state.confirm = Some(all);
                }
                if let Some(dir) = cx.changes.backup_dir(cx.session) {
                    ui.label(
                        RichText::new(l10n.tr_args(
                            "wb-backups-in",
                            &[("dir", dir.display().to_string().into())],
                        ))
                        .weak()
                        .small(),
                    );
                }
            }
            confirm_ui(ui, cx, state);
        });
    ui.add_space(theme::ITEM_GAP);
}

/// The confirmation before anything is written: the files and lines, then Write or Cancel.
fn confirm_ui(ui: &mut Ui, cx: &mut PageCtx<'_>, state: &mut ChangesState) {
    let l10n = cx.l10n;
    let Some(items) = state.confirm.clone() else {
        return;
    };
    let Some(plan) = &cx.session.plan else {
        state.confirm = None;
        return;
    };
    widgets::message_panel(
        ui,
        Tone::Warning,
        &l10n.tr_args("wb-confirm-title", &[("count", items.len().into())]),
        &l10n.tr("wb-confirm-body"),
        None,
    );
    for index in &items {
        if let Some(item) = plan.items.get(*index) {
            ui.label(RichText::new(&item.path).monospace());
        }
    }
    ui.horizontal(|ui| {
        if ui.button(l10n.tr("wb-confirm-write")).clicked() {
            let now = cx.now_utc();
            cx.changes.apply(cx.session, items.clone(), now);
            state.confirm = None;
        }
        if ui.button(l10n.tr("wb-confirm-cancel")).clicked() {
            state.confirm = None;
        }
    });
}

/// The changes of one application, in its detail column.
pub fn app_changes_ui(ui: &mut Ui, cx: &mut PageCtx<'_>, app: &str, state: &mut ChangesState) {
    let l10n = cx.l10n;
    let Some(plan) = cx.session.plan.clone() else {
        return;
    };
    let items: Vec<(usize, &PlanItem)> = plan
        .items
        .iter()
        .enumerate()
        .filter(|(_, i)| i.app == app && i.route != Route::NoChange)
        .collect();
    if items.is_empty() {
        return;
    }
    widgets::section(ui, &l10n.tr("wb-app-heading"));
    // A content-search application can have hundreds of items: only those in view are drawn.
    widgets::long_list(ui, ("wb-app-items", app), &items, |ui, &(index, item)| {
        ui.add_space(theme::ITEM_GAP);
        ui.horizontal_wrapped(|ui| {
            widgets::status_badge(
                ui,
                route_tone(&item.route),
                &l10n.tr(&format!("plan-route-{}", item.route.key())),
            );
            ui.label(RichText::new(&item.path).monospace().small());
        });
        let relay = plan.relay.display();
        ui.label(l10n.tr_args(
            &format!("plan-route-{}-text", item.route.key()),
            &[
                ("relay", relay.clone().into()),
                ("before", item.before.clone().into()),
            ],
        ));
        match &item.route {
            Route::WriteFile => write_file_ui(ui, cx, index, item, state),
            Route::RunScript { script } | Route::RunSql { script } => {
                widgets::code_block(ui, l10n, ("script", index), script)
            }
            Route::PasteLines { lines } => {
                widgets::code_block(ui, l10n, ("lines", index), &lines.join("\n"))
            }
            _ => {}
        }
        if let Some(reason) = &item.not_writable {
            ui.label(
                RichText::new(l10n.tr_args(
                    "wb-not-writable-because",
                    &[(
                        "reason",
                        l10n.tr_args(reason, &[("detail", "".into())]).into(),
                    )],
                ))
                .weak(),
            );
        }
    });
}

fn route_tone(route: &Route) -> Tone {
    match route {
        Route::WriteFile => Tone::Good,
        Route::RunScript { .. } | Route::RunSql { .. } | Route::PasteLines { .. } => Tone::Warning,
        Route::ThroughRelay { .. } => Tone::Info,
        Route::InApp | Route::Vendor => Tone::Warning,
        Route::NoChange => Tone::Neutral,
    }
}

/// The preview of a file write, its state and its buttons.
fn write_file_ui(
    ui: &mut Ui,
    cx: &mut PageCtx<'_>,
    index: usize,
    item: &PlanItem,
    state: &mut ChangesState,
) {
    let l10n = cx.l10n;
    egui::Grid::new(("preview", index))
        .num_columns(2)
        .spacing([8.0, 2.0])
        .show(ui, |ui| {
            for edit in &item.edits {
                ui.label(
                    RichText::new(l10n.tr_args("wb-line", &[("line", edit.line.into())])).weak(),
                );
                ui.label(
                    RichText::new(format!("- {}", edit.before))
                        .monospace()
                        .color(theme::tone_text(ui.visuals(), Tone::Bad)),
                );
                ui.end_row();
                ui.label("");
                ui.label(
                    RichText::new(format!("+ {}", edit.after))
                        .monospace()
                        .color(theme::tone_text(ui.visuals(), Tone::Good)),
                );
                ui.end_row();
            }
        });
    let busy = cx.changes.is_running();
    match &item.state {
        ItemState::Planned => {
            if ui
                .add_enabled(!busy, egui::Button::new(l10n.tr("wb-write-one")))
                .clicked()
            {
                state.confirm = Some(vec![index]);
            }
        }
        ItemState::Failed { message, detail } => {
            widgets::message_panel(
                ui,
                Tone::Bad,
                &l10n.tr_args(message, &[("detail", detail.clone().into())]),
                "",
                None,
            );
            // No rights: the same restart as administrator the Welcome page offers; the session
            // (and its plan) is saved and resumed by the new process.
            if message == "wb-error-permission"
                && cx.elevated == Some(false)
                && ui.button(l10n.tr("welcome-restart-elevated")).clicked()
            {
                cx.commands
                    .push(crate::ui::command::Command::RestartElevated);
            }
            if ui
                .add_enabled(!busy, egui::Button::new(l10n.tr("wb-write-again")))
                .clicked()
            {
                state.confirm = Some(vec![index]);
            }
        }
        ItemState::Applied { backup, at, .. } => {
            ui.horizontal_wrapped(|ui| {
                widgets::status_badge(
                    ui,
                    Tone::Good,
                    &l10n.tr_args(
                        "wb-applied",
                        &[
                            ("date", at.format("%Y-%m-%d %H:%M").to_string().into()),
                            ("backup", (*backup).into()),
                        ],
                    ),
                );
                if ui
                    .add_enabled(!busy, egui::Button::new(l10n.tr("wb-undo")))
                    .clicked()
                {
                    let now = cx.now_utc();
                    cx.changes.undo(cx.session, vec![index], now);
                }
            });
            if let Some(restart) = &item.restart_after {
                restart_ui(ui, cx, index, restart);
            }
            if let Some((message, detail)) = cx.changes.refused.get(&index) {
                widgets::message_panel(
                    ui,
                    Tone::Bad,
                    &l10n.tr_args(message, &[("detail", detail.clone().into())]),
                    "",
                    None,
                );
            }
        }
        ItemState::Undone { at } => {
            ui.horizontal_wrapped(|ui| {
                widgets::status_badge(
                    ui,
                    Tone::Neutral,
                    &l10n.tr_args(
                        "wb-undone",
                        &[("date", at.format("%Y-%m-%d %H:%M").to_string().into())],
                    ),
                );
                if ui
                    .add_enabled(!busy, egui::Button::new(l10n.tr("wb-write-again")))
                    .clicked()
                {
                    state.confirm = Some(vec![index]);
                }
            });
        }
    }
}

/// What must restart for a written change to count: the command to read or copy, and on Windows
/// a button that runs it and says how it went.
fn restart_ui(ui: &mut Ui, cx: &mut PageCtx<'_>, index: usize, restart: &crate::platform::Restart) {
    use crate::ui::change_jobs::RestartState;
    let l10n = cx.l10n;
    ui.label(l10n.tr("wb-restart"));
    widgets::code_block(ui, l10n, ("restart", index), &restart.command());
    if !cx.changes.can_restart() {
        return;
    }
    let state = cx.changes.restarts.get(&index);
    let running = matches!(state, Some(RestartState::Running(_)));
    ui.horizontal_wrapped(|ui| {
        if ui
            .add_enabled(!running, egui::Button::new(l10n.tr("wb-restart-now")))
            .clicked()
        {
            cx.changes.restart(index, restart.clone());
        }
        if running {
            widgets::spinner(ui);
            ui.label(l10n.tr("wb-restart-running"));
        }
    });
    match cx.changes.restarts.get(&index) {
        Some(RestartState::Done(Ok(()))) => {
            widgets::status_badge(ui, Tone::Good, &l10n.tr("wb-restart-done"));
        }
        Some(RestartState::Done(Err(reason))) => widgets::message_panel(
            ui,
            Tone::Bad,
            &l10n.tr("wb-restart-failed"),
            reason,
            Some(&l10n.tr("wb-restart-failed-fix")),
        ),
        _ => {}
    }
}
