//! Summary: what was done, what is still open, and the documents for the customer's file.
//!
//! The page draws `crate::summary::Summary`, the same model the HTML report, the PDF and the
//! plain-text copy print, so the screen and the paper cannot disagree. Saving, printing and
//! exporting write files on worker threads; the page shows where they went.

use crate::fsutil::FileError;
use crate::i18n::Problem;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use std::sync::mpsc::{Receiver, TryRecvError};

use egui::RichText;

use super::PageCtx;
use crate::checklist::AppStatus;
use crate::platform::PrintRoute;
use crate::summary::{Mark, Summary};
use crate::ui::theme::{self, Tone};
use crate::ui::widgets;

/// The documents the page makes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Document {
    Pdf,
    Print,
    Html,
    Reminder,
    Session,
}

/// Where a document went (and, for Print, how it reached the printer), or why it did not.
type Outcome = Result<(String, Option<PrintRoute>), Problem>;

#[derive(Default)]
pub struct SummaryPage {
    /// Where the documents go; the documents folder until the admin picks another.
    folder: String,
    running: Vec<(Document, Receiver<Outcome>)>,
    done: BTreeMap<Document, Outcome>,
    copied: bool,
}

/// The summary as of the app's clock (the expiry rules and the documents' date), in local time.
fn summary_now(cx: &PageCtx<'_>) -> Summary {
    Summary::build(cx.session, cx.catalog, cx.l10n, &cx.now)
}

pub fn tone(mark: Mark) -> Option<Tone> {
    match mark {
        Mark::Plain => None,
        Mark::Good => Some(Tone::Good),
        Mark::Attention => Some(Tone::Warning),
        Mark::Open => Some(Tone::Bad),
    }
}

/// A value as a plain label (monospace for identifiers) or as a badge in its mark's tone.
fn value_ui(ui: &mut egui::Ui, value: &str, mark: Mark, code: bool) {
    match tone(mark) {
        Some(tone) => {
            widgets::status_badge(ui, tone, value);
        }
        None if code => {
            ui.label(RichText::new(value).monospace());
        }
        None => {
            ui.label(value);
        }
    }
}

impl SummaryPage {
    pub fn ui(&mut self, ui: &mut egui::Ui, cx: &mut PageCtx<'_>) {
        self.drain();
        let l10n = cx.l10n;
        widgets::page_heading(ui, &l10n.tr("summary-title"), &l10n.tr("summary-intro"));
        let summary = summary_now(cx);
        let labels = &summary.labels;

        if summary.open_items.is_empty() {
            widgets::message_panel(ui, Tone::Good, &labels.nothing_open, "", None);
        } else {
            widgets::message_panel(
                ui,
                Tone::Bad,
                &labels.open_items,
                &summary.open_items.join("\n"),
                None,
            );
        }

        widgets::section(ui, &labels.overview);
        egui::Grid::new("summary-grid")
            .num_columns(2)
            .spacing([24.0, 8.0])
            .striped(true)
            .show(ui, |ui| {
                for fact in &summary.facts {
                    ui.label(&fact.label);
                    value_ui(ui, &fact.value, fact.mark, fact.code);
                    ui.end_row();
                }
            });

        if !summary.chains.is_empty() {
            widgets::section(ui, &labels.chains);
            for chain in &summary.chains {
                ui.horizontal_wrapped(|ui| value_ui(ui, &chain.relay, chain.mark, false));
                ui.indent(("summary-chain", &chain.relay), |ui| {
                    for sender in &chain.senders {
                        ui.label(format!("• {sender}"));
                    }
                });
            }
        }

        if !summary.changes.is_empty() {
            widgets::section(ui, &labels.changes);
            // One block per change rather than a four-column grid: paths and backup files are
            // long, and a grid would push them off the right edge of the window.
            for change in &summary.changes {
                ui.label(RichText::new(&change.application).strong());
                ui.indent(("summary-change", &change.place, &change.what), |ui| {
                    value_ui(ui, &change.what, change.mark, false);
                    for (label, value) in [
                        (&labels.change_place, change.place.as_str()),
                        (
                            &labels.change_backup,
                            change.backup.as_deref().unwrap_or(&labels.no_backup),
                        ),
                    ] {
                        ui.horizontal_wrapped(|ui| {
                            ui.label(RichText::new(format!("{label}:")).weak());
                            ui.add(egui::Label::new(RichText::new(value).monospace()).wrap());
                        });
                    }
                });
                ui.add_space(4.0);
            }
            if let Some(hint) = &summary.undo_hint {
                ui.add(egui::Label::new(RichText::new(hint).weak()).wrap());
            }
        }

        applications_ui(ui, l10n, &summary);
        self.documents_ui(ui, cx, &summary);
    }

    /// Takes what the document workers have finished.
    fn drain(&mut self) {
        let mut still_running = Vec::new();
        for (document, receiver) in std::mem::take(&mut self.running) {
            match receiver.try_recv() {
                Ok(outcome) => {
                    self.done.insert(document, outcome);
                }
                Err(TryRecvError::Empty) => still_running.push((document, receiver)),
                Err(TryRecvError::Disconnected) => {
                    self.done.insert(
                        document,
                        Err(Problem::internal("the worker stopped unexpectedly")),
                    );
                }
            }
        }
        self.running = still_running;
    }

    /// The documents for the customer's file (PDF, print, HTML, reminder, text) and the session
    /// for the partner, all into one folder the admin can choose.
    fn documents_ui(&mut self, ui: &mut egui::Ui, cx: &mut PageCtx<'_>, summary: &Summary) {
        let l10n = cx.l10n;
        widgets::section(ui, &l10n.tr("summary-documents-heading"));
        widgets::save_folder_field(ui, l10n, cx.dialogs, &mut self.folder, cx.documents_dir);
        let folder = widgets::chosen_folder(&self.folder, cx.documents_dir);
        let stamp = cx.now.format("%Y%m%d-%H%M").to_string();
        let busy = |document: Document, running: &[(Document, Receiver<Outcome>)]| {
            running.iter().any(|(d, _)| *d == document)
        };
        ui.horizontal_wrapped(|ui| {
            if ui
                .add_enabled(
                    !busy(Document::Pdf, &self.running),
                    egui::Button::new(l10n.tr("summary-pdf-save")),
                )
                .clicked()
            {
                let path = folder.join(format!("overstap-summary-{stamp}.pdf"));
                let for_pdf = summary.clone();
                self.start(ui, Document::Pdf, move || write_pdf((for_pdf, path)));
            }
            if ui
                .add_enabled(
                    !busy(Document::Print, &self.running),
                    egui::Button::new(l10n.tr("summary-print")),
                )
                .on_hover_text(l10n.tr("summary-print.tooltip"))
                .clicked()
            {
                let path = folder.join(format!("overstap-summary-{stamp}.pdf"));
                let printer = std::sync::Arc::clone(cx.printer);
                let for_pdf = summary.clone();
                self.start(ui, Document::Print, move || {
                    let (shown, _) = write_pdf((for_pdf, path.clone()))?;
                    let absolute = std::path::absolute(&path).unwrap_or(path);
                    printer
                        .print(&absolute)
                        .map(|route| (shown, Some(route)))
                        .map_err(|e| FileError::new(&absolute, e).problem())
                });
            }
            if ui.button(l10n.tr("summary-report-save")).clicked() {
                let path = folder.join(format!("overstap-report-{stamp}.html"));
                let text = crate::report::html_of(summary);
                self.start(ui, Document::Html, move || write_text(&path, &text));
            }
            let reminder = crate::report::secret_reminder_ics(cx.session, l10n, cx.now_utc());
            let save_reminder = ui
                .add_enabled(
                    reminder.is_some(),
                    egui::Button::new(l10n.tr("summary-ics-save")),
                )
                .on_disabled_hover_text(l10n.tr("summary-ics-none"));
            if save_reminder.clicked()
                && let Some(text) = reminder
            {
                let path = folder.join(format!("overstap-secret-reminder-{stamp}.ics"));
                self.start(ui, Document::Reminder, move || write_text(&path, &text));
            }
            if ui
                .button(l10n.tr("summary-copy-text"))
                .on_hover_text(l10n.tr("summary-copy-text.tooltip"))
                .clicked()
            {
                ui.ctx().copy_text(summary.to_text());
                self.copied = true;
            }
            if !self.running.is_empty() {
                widgets::spinner(ui);
            }
        });
        if self.copied {
            widgets::status_badge(ui, Tone::Good, &l10n.tr("summary-copied-text"));
        }
        for document in [
            Document::Pdf,
            Document::Print,
            Document::Html,
            Document::Reminder,
        ] {
            self.outcome_ui(ui, cx, document);
        }

        widgets::section(ui, &l10n.tr("summary-export-heading"));
        ui.label(l10n.tr("summary-export-explain"));
        if ui.button(l10n.tr("summary-export")).clicked() {
            let path = folder.join(format!("overstap-session-{stamp}.json"));
            // The session holds no secret and no token (see `session`).
            let json = cx.session.to_json();
            self.start(ui, Document::Session, move || write_text(&path, &json));
        }
        self.outcome_ui(ui, cx, Document::Session);
    }

    /// Runs `work` on a named worker thread; its outcome shows when it is done.
    fn start(
        &mut self,
        ui: &egui::Ui,
        document: Document,
        work: impl FnOnce() -> Outcome + Send + 'static,
    ) {
        let (sender, receiver) = std::sync::mpsc::channel();
        let ctx = ui.ctx().clone();
        let started = std::thread::Builder::new()
            .name("summary-document".into())
            .spawn(move || {
                let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(work))
                    .unwrap_or_else(|panic| {
                        Err(Problem::internal(crate::jobs::panic_text(panic.as_ref())))
                    });
                // The page may be gone; then nobody waits for the outcome.
                let _ = sender.send(outcome);
                ctx.request_repaint();
            });
        match started {
            Ok(_) => {
                self.done.remove(&document);
                self.running.push((document, receiver));
            }
            Err(error) => {
                self.done.insert(document, Err(Problem::internal(error)));
            }
        }
    }

    /// Where a document went, with a button to open it, or why it could not be made.
    fn outcome_ui(&self, ui: &mut egui::Ui, cx: &PageCtx<'_>, document: Document) {
        let l10n = cx.l10n;
        match self.done.get(&document) {
            Some(Ok((path, printed))) => {
                ui.horizontal_wrapped(|ui| {
                    let text = match printed {
                        Some(PrintRoute::PrintVerb) => {
                            l10n.tr_args("summary-printed", &[("path", path.clone().into())])
                        }
                        Some(PrintRoute::Opened) => {
                            l10n.tr_args("summary-print-opened", &[("path", path.clone().into())])
                        }
                        None => l10n.tr_args("summary-exported", &[("path", path.clone().into())]),
                    };
                    widgets::status_badge(ui, Tone::Good, &text);
                    let openable = matches!(document, Document::Pdf | Document::Html);
                    if openable && ui.button(l10n.tr("summary-open")).clicked() {
                        cx.identity.open_saved_file(Path::new(path));
                    }
                });
            }
            Some(Err(error)) => {
                let (title, fix) = match document {
                    Document::Print => ("summary-print-failed", "summary-print-failed-fix"),
                    Document::Session => (
                        "summary-export-failed",
                        "registration-script-save-failed-fix",
                    ),
                    _ => ("summary-save-failed", "registration-script-save-failed-fix"),
                };
                widgets::error_panel(
                    ui,
                    l10n,
                    &l10n.tr(title),
                    &l10n.message(&error.message),
                    &l10n.tr(fix),
                    &error.details,
                );
            }
            None => {}
        }
    }
}

/// The PDF of `summary` written to `path`.
fn write_pdf((summary, path): (Summary, PathBuf)) -> Outcome {
    let bytes = crate::pdf::write(&summary).map_err(|e| Problem::new(e.message(), &e))?;
    crate::fsutil::write_atomic(&path, &bytes)
        .map(|()| (path.display().to_string(), None))
        .map_err(|e| FileError::new(&path, e).problem())
}

fn write_text(path: &Path, text: &str) -> Outcome {
    crate::fsutil::write_atomic(path, text.as_bytes())
        .map(|()| (path.display().to_string(), None))
        .map_err(|e| FileError::new(path, e).problem())
}

/// Every application with its verdict, server, findings and required actions: the partner
/// checklist's columns, N/A and Checked as one status.
fn applications_ui(ui: &mut egui::Ui, l10n: &crate::i18n::Localizer, summary: &Summary) {
    let labels = &summary.labels;
    widgets::section(ui, &labels.applications);
    ui.label(&summary.progress);
    ui.add_space(theme::ITEM_GAP);
    // Fixed shares of the page per column, as on the paper: left to itself a grid gives the
    // last column all the room and squeezes a long findings text into a column of a few
    // characters.
    let spacing = 16.0;
    let status_width = 96.0;
    let free =
        (ui.available_width().min(theme::PAGE_MAX_WIDTH) - status_width - 4.0 * spacing).max(400.0);
    let widths = [
        free * 0.17,
        status_width,
        free * 0.15,
        free * 0.34,
        free * 0.34,
    ];
    let top = egui::Layout::top_down(egui::Align::Min);
    let cell = |ui: &mut egui::Ui, width: f32, text: RichText| {
        ui.with_layout(top, |ui| {
            ui.set_width(width);
            ui.add(egui::Label::new(text).wrap());
        });
    };
    egui::Grid::new("summary-applications")
        .num_columns(5)
        .spacing([spacing, 6.0])
        .striped(true)
        .show(ui, |ui| {
            for (heading, width) in [
                &labels.col_application,
                &l10n.tr("app-status-heading"),
                &labels.col_server,
                &labels.col_findings,
                &labels.col_actions,
            ]
            .into_iter()
            .zip(widths)
            {
                cell(ui, width, RichText::new(heading.as_str()).strong());
            }
            ui.end_row();
            // Each cell from the top of its row, as on paper: a grid cell is centred
            // vertically by default, which sets a one-line name halfway down a tall row.
            for row in &summary.applications {
                let tone = match row.status {
                    AppStatus::Open => Tone::Bad,
                    AppStatus::NotApplicable => Tone::Info,
                    AppStatus::Checked => Tone::Good,
                };
                cell(ui, widths[0], RichText::new(&row.name));
                ui.with_layout(top, |ui| {
                    ui.set_width(widths[1]);
                    widgets::status_badge(ui, tone, &row.status_text);
                });
                cell(ui, widths[2], RichText::new(&row.server).monospace());
                cell(ui, widths[3], RichText::new(&row.findings).small());
                cell(ui, widths[4], RichText::new(&row.actions));
                ui.end_row();
            }
        });
}
