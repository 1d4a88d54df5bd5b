//! Scan: which applications on this server mail, and where that is set.

use super::PageCtx;
use crate::session::ScanState;
use crate::ui::theme::Tone;
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
}

impl ScanPage {
    pub fn ui(&mut self, ui: &mut egui::Ui, cx: &mut PageCtx<'_>) {
        let Self {
            source,
            snapshot_path,
        } = self;
        let l10n = cx.l10n;
        widgets::page_heading(ui, &l10n.tr("scan-title"), &l10n.tr("scan-intro"));

        widgets::section(ui, &l10n.tr("scan-source-heading"));
        if source.is_none() {
            *source = Some(SourceChoice::ThisServer);
        }
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
            widgets::labelled_text_field(
                ui,
                &l10n.tr("scan-snapshot-folder"),
                snapshot_path,
                "D:\\snapshots\\customer",
            );
        }

        ui.add_space(crate::ui::theme::SECTION_GAP);
        ui.add_enabled(false, egui::Button::new(l10n.tr("scan-start")));
        widgets::message_panel(
            ui,
            Tone::Info,
            &l10n.tr("scan-manual-title"),
            &l10n.tr("scan-manual"),
            None,
        );

        let mut skipped = matches!(cx.session.scan, ScanState::Skipped);
        if widgets::defer_checkbox(ui, &mut skipped, &l10n.tr("scan-skip")).changed() {
            cx.session.scan = if skipped {
                ScanState::Skipped
            } else {
                ScanState::NotRun
            };
        }
    }
}
