//! Applications: the per-application checklist.

use super::PageCtx;
use crate::ui::widgets;

#[derive(Default)]
pub struct ApplicationsPage;

impl ApplicationsPage {
    pub fn ui(&mut self, ui: &mut egui::Ui, cx: &mut PageCtx<'_>) {
        let l10n = cx.l10n;
        widgets::page_heading(
            ui,
            &l10n.tr("applications-title"),
            &l10n.tr("applications-intro"),
        );
    }
}
