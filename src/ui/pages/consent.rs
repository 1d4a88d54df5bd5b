//! Consent: sign in or grant admin consent so Overstap (and the applications) can get tokens.

use super::PageCtx;
use crate::session::{Scenario, StepState};
use crate::ui::theme::Tone;
use crate::ui::widgets;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Method {
    Browser,
    DeviceCode,
    AdminConsent,
}

#[derive(Default)]
pub struct ConsentPage {
    method: Option<Method>,
}

impl ConsentPage {
    pub fn ui(&mut self, ui: &mut egui::Ui, cx: &mut PageCtx<'_>) {
        let l10n = cx.l10n;
        widgets::page_heading(ui, &l10n.tr("consent-title"), &l10n.tr("consent-intro"));

        let delegated = cx.session.registration.scenario == Some(Scenario::SmtpImapDelegated);
        widgets::section(ui, &l10n.tr("consent-method-heading"));
        if delegated {
            widgets::radio_with_hint(
                ui,
                &mut self.method,
                Method::Browser,
                &l10n.tr("consent-method-browser"),
                &l10n.tr("consent-method-browser-hint"),
            );
            widgets::radio_with_hint(
                ui,
                &mut self.method,
                Method::DeviceCode,
                &l10n.tr("consent-method-device"),
                &l10n.tr("consent-method-device-hint"),
            );
        } else {
            widgets::radio_with_hint(
                ui,
                &mut self.method,
                Method::AdminConsent,
                &l10n.tr("consent-method-admin"),
                &l10n.tr("consent-method-admin-hint"),
            );
        }

        ui.add_space(crate::ui::theme::SECTION_GAP);
        ui.add_enabled(false, egui::Button::new(l10n.tr("consent-start")));
        widgets::message_panel(
            ui,
            Tone::Info,
            &l10n.tr("consent-manual-title"),
            &l10n.tr("consent-manual"),
            None,
        );

        let mut deferred = matches!(cx.session.consent, StepState::Deferred);
        if widgets::defer_checkbox(ui, &mut deferred, &l10n.tr("consent-defer")).changed() {
            cx.session.consent = if deferred {
                StepState::Deferred
            } else {
                StepState::Open
            };
        }
    }
}
