//! The shared widgets every page uses: headings, copyable values, badges, panels, progress.
//!
//! Each sets its AccessKit info so screen readers and the egui_kittest tests find it by its label.

use egui::{Align, Button, CornerRadius, Frame, Layout, Margin, Response, RichText, Stroke, Ui};

use super::theme::{self, Tone};
use crate::i18n::Localizer;

/// The page title and its one-paragraph purpose.
pub fn page_heading(ui: &mut Ui, title: &str, intro: &str) {
    ui.label(RichText::new(title).size(theme::HEADING_SIZE).strong());
    ui.add_space(theme::ITEM_GAP);
    ui.label(intro);
    ui.add_space(theme::SECTION_GAP);
}

/// A section heading inside a page.
pub fn section(ui: &mut Ui, title: &str) {
    ui.add_space(theme::SECTION_GAP / 2.0);
    ui.label(RichText::new(title).strong().size(16.0));
    ui.add_space(theme::ITEM_GAP / 2.0);
}

/// One step of a numbered list the admin follows: the number in bold, the text wrapped beside it.
pub fn numbered_step(ui: &mut Ui, number: usize, text: &str) {
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new(format!("{number}.")).strong());
        ui.label(text);
    });
}

/// A value the admin must enter elsewhere (the portal, PowerShell): shown in monospace with a
/// copy button. Copying goes to the clipboard only on an explicit click.
pub fn copyable_value(ui: &mut Ui, l10n: &Localizer, label: &str, value: &str) -> Response {
    // Wrapped: a tenant's endpoint URL beside its label is wider than the page, and a row
    // that does not wrap widens every panel below it.
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new(label).strong());
        ui.label(RichText::new(value).monospace());
        let copied_id = ui.scope_id().with(("copied", label));
        let copied = ui.data(|d| d.get_temp::<bool>(copied_id).unwrap_or(false));
        let text = if copied {
            l10n.tr("widget-copied")
        } else {
            l10n.tr("widget-copy")
        };
        let response = ui
            .add(Button::new(text))
            .on_hover_text(l10n.tr("widget-copy.tooltip"));
        if response.clicked() {
            ui.ctx().copy_text(value.to_owned());
            ui.data_mut(|d| d.insert_temp(copied_id, true));
        }
        response
    })
    .inner
}

/// A small coloured label: "Exchange Online direct", "Done", "Expires in 12 days".
pub fn status_badge(ui: &mut Ui, tone: Tone, text: &str) -> Response {
    let visuals = ui.visuals().clone();
    Frame::new()
        .fill(theme::tone_fill(&visuals, tone))
        .corner_radius(CornerRadius::same(theme::CORNER_RADIUS))
        .inner_margin(Margin::symmetric(6, 2))
        .show(ui, |ui| {
            ui.label(
                RichText::new(text)
                    .color(theme::tone_text(&visuals, tone))
                    .small(),
            )
        })
        .inner
}

/// A framed message: an explanation and, for errors, the fix. The title is also the AccessKit
/// label of the panel's first line.
pub fn message_panel(ui: &mut Ui, tone: Tone, title: &str, body: &str, fix: Option<&str>) {
    let visuals = ui.visuals().clone();
    Frame::new()
        .fill(theme::tone_fill(&visuals, tone))
        .stroke(Stroke::new(1.0, theme::tone_text(&visuals, tone)))
        .corner_radius(CornerRadius::same(theme::CORNER_RADIUS))
        .inner_margin(Margin::same(theme::PANEL_MARGIN))
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.label(
                RichText::new(title)
                    .strong()
                    .color(theme::tone_text(&visuals, tone)),
            );
            if !body.is_empty() {
                ui.label(body);
            }
            if let Some(fix) = fix {
                ui.add_space(theme::ITEM_GAP / 2.0);
                ui.label(RichText::new(fix).italics());
            }
        });
}

/// An error with its explanation and fix, plus a button that copies the technical details for a
/// support ticket.
pub fn error_panel(
    ui: &mut Ui,
    l10n: &Localizer,
    title: &str,
    body: &str,
    fix: &str,
    details: &str,
) {
    message_panel(ui, Tone::Bad, title, body, Some(fix));
    if !details.is_empty() && ui.button(l10n.tr("widget-copy-details")).clicked() {
        ui.ctx().copy_text(details.to_owned());
    }
}

/// How often a spinner moves. egui's own spinner asks for the next frame at once, so a window
/// waiting on the network or a scan would redraw as fast as it can: on a server without a GPU
/// (WARP, llvmpipe) each frame is drawn in software, and that costs a whole core. Ten frames a
/// second still shows that something is happening.
pub const SPINNER_FRAME: std::time::Duration = std::time::Duration::from_millis(100);

/// The "working on it" spinner of every page: egui's drawing, at most `SPINNER_FRAME` apart.
pub fn spinner(ui: &mut Ui) -> Response {
    let size = ui.style().spacing.interact_size.y;
    let (rect, response) = ui.allocate_exact_size(egui::vec2(size, size), egui::Sense::hover());
    response.widget_info(|| egui::WidgetInfo::new(egui::Role::ProgressIndicator));
    if ui.is_rect_visible(rect) {
        ui.ctx().request_repaint_after(SPINNER_FRAME);
        // The angle follows the clock in whole steps, so extra frames (the pointer moving) do
        // not make it turn faster than the steps it is drawn at.
        let step = SPINNER_FRAME.as_secs_f64();
        let time = (ui.input(|i| i.time) / step).floor() * step;
        let radius = rect.height().min(rect.width()) * 0.5 - 2.0;
        let start = time * std::f64::consts::TAU;
        let end = start + 240f64.to_radians() * time.sin();
        let points = 16;
        let line: Vec<egui::Pos2> = (0..points)
            .map(|i| {
                let angle = egui::emath::lerp(start..=end, f64::from(i) / f64::from(points));
                let (sin, cos) = angle.sin_cos();
                rect.center() + radius * egui::vec2(cos as f32, sin as f32)
            })
            .collect();
        let colour = ui.visuals().strong_text_color();
        ui.painter()
            .add(egui::Shape::line(line, Stroke::new(3.0, colour)));
    }
    response
}

/// From this many items on, `long_list` draws only what is on screen.
pub const LONG_LIST: usize = 40;

/// The heights a long list's items had when last drawn, at the width they were drawn at.
#[derive(Clone, Default)]
struct ItemHeights {
    width: f32,
    heights: Vec<f32>,
}

/// A list of items of different heights (scan findings) inside the page's scroll area. A long
/// one (`LONG_LIST` items or more) draws only the items in view: the others take the height
/// they had when last drawn, so the scroll bar stays true while thousands of findings cost a
/// frame no more than a screenful. Items not yet measured are drawn once.
pub fn long_list<T>(
    ui: &mut Ui,
    id: impl egui::AsIdSalt,
    items: &[T],
    mut item_ui: impl FnMut(&mut Ui, &T),
) {
    if items.len() < LONG_LIST {
        for item in items {
            item_ui(ui, item);
        }
        return;
    }
    let id = ui.make_persistent_id(id);
    let width = ui.available_width();
    let mut known: ItemHeights = ui.data(|d| d.get_temp(id)).unwrap_or_default();
    if known.width != width || known.heights.len() != items.len() {
        known = ItemHeights {
            width,
            heights: vec![f32::NAN; items.len()],
        };
    }
    for (item, height) in items.iter().zip(known.heights.iter_mut()) {
        let top = ui.cursor().min;
        let guess = egui::Rect::from_min_size(top, egui::vec2(width, *height));
        if height.is_finite() && !ui.is_rect_visible(guess) {
            ui.allocate_exact_size(egui::vec2(width, *height), egui::Sense::hover());
        } else {
            *height = ui.scope(|ui| item_ui(ui, item)).response.rect.height();
        }
    }
    ui.data_mut(|d| d.insert_temp(id, known));
}

/// A running job: what it does, how far it is, and a Cancel button. Returns true when Cancel was
/// clicked.
pub fn progress_row(ui: &mut Ui, l10n: &Localizer, label: &str, fraction: Option<f32>) -> bool {
    // Cancel comes first: its place must not move while the label changes under the pointer.
    ui.horizontal(|ui| {
        let cancel = ui.button(l10n.tr("widget-cancel")).clicked();
        spinner(ui);
        ui.label(label);
        if let Some(fraction) = fraction {
            ui.add(
                egui::ProgressBar::new(fraction.clamp(0.0, 1.0))
                    .desired_width(200.0)
                    .show_percentage(),
            );
        }
        cancel
    })
    .inner
}

/// A text field with its label, linked for screen readers and tests.
pub fn labelled_text_field(ui: &mut Ui, label: &str, value: &mut String, hint: &str) -> Response {
    ui.horizontal(|ui| {
        let label_response = ui.label(label);
        ui.add(
            egui::TextEdit::singleline(value)
                .hint_text(hint)
                .desired_width(360.0),
        )
        .labelled_by(label_response.id)
    })
    .inner
}

/// The answer of a file dialog that is open, polled each frame.
#[derive(Clone)]
struct PendingDialog(
    std::sync::Arc<std::sync::Mutex<std::sync::mpsc::Receiver<Option<std::path::PathBuf>>>>,
);

/// A path the admin types or pastes, with a Browse button beside it that opens the system's file
/// dialog (`request`). The dialog runs on a worker thread so the window keeps drawing; when it
/// closes with a choice, the path lands in the field and the response reports a change. One
/// widget for every path Overstap asks for.
pub fn path_field(
    ui: &mut Ui,
    l10n: &Localizer,
    dialogs: &std::sync::Arc<dyn crate::dialogs::FileDialogs>,
    label: &str,
    value: &mut String,
    hint: &str,
    request: crate::dialogs::DialogRequest,
) -> Response {
    let pending_id = ui.make_persistent_id(("path-field", label));
    let mut chosen = None;
    let pending: Option<PendingDialog> = ui.data(|d| d.get_temp(pending_id));
    let waiting = match &pending {
        Some(PendingDialog(receiver)) => match receiver.lock().map(|r| r.try_recv()) {
            Ok(Ok(answer)) => {
                chosen = Some(answer);
                false
            }
            Ok(Err(std::sync::mpsc::TryRecvError::Empty)) => true,
            // The worker is gone without an answer (it panicked): as if cancelled.
            _ => false,
        },
        None => false,
    };
    if pending.is_some() && !waiting {
        ui.data_mut(|d| d.remove::<PendingDialog>(pending_id));
    }
    ui.horizontal(|ui| {
        let label_response = ui.label(label);
        let mut response = ui
            .add(
                egui::TextEdit::singleline(value)
                    .hint_text(hint)
                    .desired_width(360.0),
            )
            .labelled_by(label_response.id);
        if let Some(Some(path)) = chosen {
            *value = path.display().to_string();
            response.mark_changed();
        }
        let browse = ui
            .add_enabled(!waiting, Button::new(l10n.tr("widget-browse")))
            .on_hover_text(l10n.tr("widget-browse.tooltip"));
        if waiting {
            spinner(ui);
        }
        if browse.clicked() {
            let current = value.clone();
            let (sender, receiver) = std::sync::mpsc::channel();
            let dialogs = std::sync::Arc::clone(dialogs);
            let ctx = ui.ctx().clone();
            let started = std::thread::Builder::new()
                .name("file-dialog".into())
                .spawn(move || {
                    // Looking at the typed path (a share that does not answer) happens here too.
                    let answer = dialogs.ask(&request.starting_at(&current));
                    // The page may be gone; then nobody waits for the answer.
                    let _ = sender.send(answer);
                    ctx.request_repaint();
                });
            if started.is_ok() {
                ui.data_mut(|d| {
                    d.insert_temp(
                        pending_id,
                        PendingDialog(std::sync::Arc::new(std::sync::Mutex::new(receiver))),
                    )
                });
            }
        }
        response
    })
    .inner
}

/// "Save in folder" with Browse: where the documents of a page go. Empty means the documents
/// folder, which the field shows until the admin picks another.
pub fn save_folder_field(
    ui: &mut Ui,
    l10n: &Localizer,
    dialogs: &std::sync::Arc<dyn crate::dialogs::FileDialogs>,
    folder: &mut String,
    documents_dir: &std::path::Path,
) -> Response {
    if folder.is_empty() {
        *folder = documents_dir.display().to_string();
    }
    path_field(
        ui,
        l10n,
        dialogs,
        &l10n.tr("widget-save-folder"),
        folder,
        "",
        crate::dialogs::DialogRequest::folder(l10n.tr("dialog-title-folder")),
    )
}

/// The folder a [`save_folder_field`] names: as typed (quotes from a pasted path removed), or
/// the documents folder when it is empty.
pub fn chosen_folder(typed: &str, documents_dir: &std::path::Path) -> std::path::PathBuf {
    let typed = typed.trim().trim_matches('"');
    if typed.is_empty() {
        documents_dir.to_path_buf()
    } else {
        std::path::PathBuf::from(typed)
    }
}

/// Radio options with a short explanation under each.
pub fn radio_with_hint<T: PartialEq + Copy>(
    ui: &mut Ui,
    current: &mut Option<T>,
    value: T,
    label: &str,
    hint: &str,
) -> Response {
    let response = ui.radio(*current == Some(value), label);
    if response.clicked() {
        *current = Some(value);
    }
    ui.indent(("hint", label), |ui| {
        ui.label(RichText::new(hint).weak());
    });
    response
}

/// The explicit "leave this step open for now" choice of steps a partner may do later.
pub fn defer_checkbox(ui: &mut Ui, deferred: &mut bool, label: &str) -> Response {
    ui.add_space(theme::SECTION_GAP);
    ui.checkbox(deferred, label)
}

/// "Do this later" for a step that is not done yet: ticked leaves it `Deferred` (the summary
/// lists it as open), unticked makes it `Open` again; a done step shows nothing.
pub fn defer_step(ui: &mut Ui, state: &mut crate::session::StepState, label: &str) {
    use crate::session::StepState;
    if matches!(state, StepState::Done { .. }) {
        return;
    }
    let mut deferred = matches!(state, StepState::Deferred);
    if defer_checkbox(ui, &mut deferred, label).changed() {
        *state = if deferred {
            StepState::Deferred
        } else {
            StepState::Open
        };
    }
}

/// Right-aligned row, used by the navigation bar.
pub fn right_to_left<R>(ui: &mut Ui, add: impl FnOnce(&mut Ui) -> R) -> R {
    ui.with_layout(Layout::right_to_left(Align::Center), add)
        .inner
}

/// Lines to copy (a PowerShell script, replacement lines for a script): read-only, monospace,
/// with a Copy button. `id` keeps several blocks on one page apart.
pub fn code_block(
    ui: &mut Ui,
    l10n: &Localizer,
    id: impl std::hash::Hash + std::fmt::Debug,
    text: &str,
) {
    let mut shown = text.to_owned();
    egui::ScrollArea::vertical()
        .id_salt(("code-block", id))
        .max_height(200.0)
        .show(ui, |ui| {
            ui.add(
                egui::TextEdit::multiline(&mut shown)
                    .code_editor()
                    .desired_width(f32::INFINITY)
                    .desired_rows(2)
                    .interactive(false),
            );
        });
    if ui.button(l10n.tr("widget-copy")).clicked() {
        ui.ctx().copy_text(text.to_owned());
    }
}
