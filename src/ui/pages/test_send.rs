//! Test send: one real message through the new route, with a readable result.

use super::PageCtx;
use crate::session::{Scenario, StepState};
use crate::ui::theme::Tone;
use crate::ui::widgets;

#[derive(Default)]
pub struct TestSendPage {
    routes: Option<Routes>,
}

#[derive(Clone, Copy)]
struct Routes {
    smtp: bool,
    imap: bool,
    graph: bool,
}

impl Routes {
    /// What the chosen scenario will use in production is what gets tested first.
    fn for_scenario(scenario: Option<Scenario>) -> Routes {
        match scenario {
            Some(Scenario::GraphAppOnly) => Routes {
                smtp: false,
                imap: false,
                graph: true,
            },
            Some(Scenario::SmtpImapDelegated) => Routes {
                smtp: true,
                imap: true,
                graph: false,
            },
            _ => Routes {
                smtp: true,
                imap: false,
                graph: false,
            },
        }
    }
}

impl TestSendPage {
    pub fn ui(&mut self, ui: &mut egui::Ui, cx: &mut PageCtx<'_>) {
        let l10n = cx.l10n;
        widgets::page_heading(ui, &l10n.tr("test-send-title"), &l10n.tr("test-send-intro"));

        let record = &mut cx.session.test_send;
        widgets::section(ui, &l10n.tr("test-send-addresses-heading"));
        widgets::labelled_text_field(
            ui,
            &l10n.tr("test-send-from"),
            &mut record.from_mailbox,
            "scanner@contoso.nl",
        );
        let recipient_hint = if record.from_mailbox.trim().is_empty() {
            "it@contoso.nl".to_owned()
        } else {
            record.from_mailbox.trim().to_owned()
        };
        widgets::labelled_text_field(
            ui,
            &l10n.tr("test-send-to"),
            &mut record.recipient,
            &recipient_hint,
        );

        widgets::section(ui, &l10n.tr("test-send-routes-heading"));
        let scenario = cx.session.registration.scenario;
        let routes = self
            .routes
            .get_or_insert_with(|| Routes::for_scenario(scenario));
        ui.checkbox(&mut routes.smtp, l10n.tr("test-send-route-smtp"));
        ui.checkbox(&mut routes.imap, l10n.tr("test-send-route-imap"));
        ui.checkbox(&mut routes.graph, l10n.tr("test-send-route-graph"));

        ui.add_space(crate::ui::theme::SECTION_GAP);
        ui.add_enabled(false, egui::Button::new(l10n.tr("test-send-send")));
        widgets::message_panel(
            ui,
            Tone::Info,
            &l10n.tr("test-send-manual-title"),
            &l10n.tr("test-send-manual"),
            None,
        );

        let mut deferred = matches!(record.state, StepState::Deferred);
        if widgets::defer_checkbox(ui, &mut deferred, &l10n.tr("test-send-defer")).changed() {
            record.state = if deferred {
                StepState::Deferred
            } else {
                StepState::Open
            };
        }
    }
}
