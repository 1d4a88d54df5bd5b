//! Tenant & app registration: the scenario, and the ids the admin pastes from the portal.

use super::PageCtx;
use crate::guid::{Guid, GuidError};
use crate::i18n::Localizer;
use crate::session::Scenario;
use crate::ui::theme::{self, Tone};
use crate::ui::widgets;

#[derive(Default)]
pub struct RegistrationPage;

impl RegistrationPage {
    pub fn ui(&mut self, ui: &mut egui::Ui, cx: &mut PageCtx<'_>) {
        let l10n = cx.l10n;
        widgets::page_heading(
            ui,
            &l10n.tr("registration-title"),
            &l10n.tr("registration-intro"),
        );

        widgets::section(ui, &l10n.tr("registration-scenario-heading"));
        let registration = &mut cx.session.registration;
        for scenario in Scenario::ALL {
            let key = scenario.key();
            widgets::radio_with_hint(
                ui,
                &mut registration.scenario,
                scenario,
                &l10n.tr(&format!("scenario-{key}")),
                &l10n.tr(&format!("scenario-{key}-hint")),
            );
        }

        widgets::section(ui, &l10n.tr("registration-ids-heading"));
        ui.label(l10n.tr("registration-ids-where"));
        ui.add_space(theme::ITEM_GAP);
        widgets::labelled_text_field(
            ui,
            &l10n.tr("registration-mail-domain"),
            &mut registration.mail_domain,
            "contoso.nl",
        );
        let input = super::consent::lookup_input_of(registration);
        let busy = cx.identity.running().is_some();
        ui.horizontal(|ui| {
            if ui
                .add_enabled(
                    !busy && !input.is_empty(),
                    egui::Button::new(l10n.tr("registration-lookup")),
                )
                .on_hover_text(l10n.tr("registration-lookup.tooltip"))
                .clicked()
            {
                cx.identity.start(
                    crate::ui::identity_jobs::JobKind::Discover,
                    crate::identity::worker::Job::Discover { input },
                );
            }
        });
        super::consent::progress_ui(ui, l10n, cx.identity);
        super::consent::result_ui(ui, l10n, cx.identity);
        if let Some(tenant) = &cx.session.tenant {
            super::consent::tenant_summary_ui(ui, l10n, tenant);
        }
        let registration = &mut cx.session.registration;
        widgets::labelled_text_field(
            ui,
            &l10n.tr("registration-tenant-id"),
            &mut registration.tenant_id,
            "00000000-0000-0000-0000-000000000000",
        );
        let tenant = guid_feedback(ui, l10n, &registration.tenant_id);
        widgets::labelled_text_field(
            ui,
            &l10n.tr("registration-client-id"),
            &mut registration.client_id,
            "00000000-0000-0000-0000-000000000000",
        );
        let client = guid_feedback(ui, l10n, &registration.client_id);
        if let (Some(tenant), Some(client)) = (tenant, client)
            && tenant == client
        {
            widgets::message_panel(
                ui,
                Tone::Bad,
                &l10n.tr("registration-same-ids-title"),
                &l10n.tr("registration-same-ids"),
                None,
            );
        }
    }
}

/// Shows under a GUID field what is wrong with it, or its canonical form when it is right.
fn guid_feedback(ui: &mut egui::Ui, l10n: &Localizer, value: &str) -> Option<Guid> {
    if value.trim().is_empty() {
        return None;
    }
    match Guid::parse(value) {
        Ok(guid) => {
            widgets::status_badge(
                ui,
                Tone::Good,
                &l10n.tr_args("guid-ok", &[("guid", guid.to_string().into())]),
            );
            Some(guid)
        }
        Err(error) => {
            let text = match error {
                GuidError::Empty => l10n.tr("guid-error-empty"),
                GuidError::WrongLength { found } => {
                    l10n.tr_args("guid-error-length", &[("found", found.into())])
                }
                GuidError::BadCharacter(c) => l10n.tr_args(
                    "guid-error-character",
                    &[("character", c.to_string().into())],
                ),
                GuidError::Misplaced => l10n.tr("guid-error-dashes"),
            };
            widgets::status_badge(ui, Tone::Bad, &text);
            None
        }
    }
}
