//! The preset-specific parts of the Registration, Consent and Summary pages (issue 10):
//! AllSolutions, combit CRM and KING ERP. The rules live in `crate::presets`; this file only
//! draws them, so the page files stay about the generic flow.

use egui::{RichText, Ui};

use super::PageCtx;
use crate::guid::Guid;
use crate::presets::{self, DomainError, Environment, Preset};
use crate::session::StepState;
use crate::ui::theme::{self, Tone};
use crate::ui::widgets;

/// "Preset for a known application": none (the generic scenarios) or one of the presets.
pub fn choice_ui(ui: &mut Ui, cx: &mut PageCtx<'_>) {
    let l10n = cx.l10n;
    widgets::section(ui, &l10n.tr("preset-heading"));
    let current = cx.session.registration.preset;
    let mut chosen = current;
    if ui
        .radio(current.is_none(), l10n.tr("preset-none"))
        .clicked()
    {
        chosen = None;
    }
    ui.indent("preset-none-hint", |ui| {
        ui.label(RichText::new(l10n.tr("preset-none-hint")).weak());
    });
    for preset in Preset::all() {
        let key = preset.key();
        widgets::radio_with_hint(
            ui,
            &mut chosen,
            preset,
            &l10n.tr(&format!("preset-{key}")),
            &l10n.tr(&format!("preset-{key}-hint")),
        );
    }
    if chosen != current {
        cx.session.registration.choose_preset(chosen);
    }
}

/// What the preset fixes, shown instead of the scenario choice.
pub fn fixed_scenario_ui(ui: &mut Ui, cx: &PageCtx<'_>, preset: Preset) {
    let l10n = cx.l10n;
    widgets::section(ui, &l10n.tr("registration-scenario-heading"));
    widgets::message_panel(
        ui,
        Tone::Info,
        &l10n.tr(&format!("preset-{}-scenario-title", preset.key())),
        &l10n.tr(&format!("preset-{}-scenario", preset.key())),
        None,
    );
}

/// AllSolutions: the environment and the domain the redirect URI is built from.
pub fn allsolutions_ui(ui: &mut Ui, cx: &mut PageCtx<'_>) {
    let l10n = cx.l10n;
    widgets::section(ui, &l10n.tr("preset-allsolutions-environment-heading"));
    ui.label(l10n.tr("preset-allsolutions-environment-why"));
    let registration = &mut cx.session.registration;
    for environment in Environment::ALL {
        let key = environment.key();
        widgets::radio_with_hint(
            ui,
            &mut registration.answers.environment,
            environment,
            &l10n.tr(&format!("preset-environment-{key}")),
            &l10n.tr(&format!("preset-environment-{key}-hint")),
        );
    }
    ui.add_space(theme::ITEM_GAP);
    widgets::labelled_text_field(
        ui,
        &l10n.tr("preset-allsolutions-domain"),
        &mut registration.answers.app_domain,
        "crm.contoso.nl",
    );
    match presets::allsolutions_redirect_uri(&registration.answers.app_domain) {
        Ok(uri) => {
            widgets::copyable_value(ui, l10n, &l10n.tr("preset-allsolutions-redirect"), &uri);
            ui.label(RichText::new(l10n.tr("preset-allsolutions-redirect-same")).weak());
        }
        Err(DomainError::Empty) => {}
        Err(error) => {
            let text = match error {
                DomainError::Empty => String::new(),
                DomainError::NotHttps(scheme) => {
                    l10n.tr_args("preset-domain-not-https", &[("scheme", scheme.into())])
                }
                DomainError::HasPath => l10n.tr("preset-domain-path"),
                DomainError::HasPort => l10n.tr("preset-domain-port"),
                DomainError::HasUserInfo => l10n.tr("preset-domain-user"),
                DomainError::NotADomain(value) => {
                    l10n.tr_args("preset-domain-not-domain", &[("value", value.into())])
                }
            };
            widgets::status_badge(ui, Tone::Bad, &text);
        }
    }
}

/// AllSolutions: the two checks before consent, explained; the script below does them.
pub fn allsolutions_checks_ui(ui: &mut Ui, cx: &mut PageCtx<'_>) {
    let l10n = cx.l10n;
    widgets::section(ui, &l10n.tr("preset-allsolutions-checks-heading"));
    widgets::message_panel(
        ui,
        Tone::Warning,
        &l10n.tr("preset-allsolutions-upn-title"),
        &l10n.tr("preset-allsolutions-upn"),
        None,
    );
    widgets::message_panel(
        ui,
        Tone::Info,
        &l10n.tr("preset-allsolutions-imap-title"),
        &l10n.tr("preset-allsolutions-imap"),
        None,
    );
    ui.horizontal(|ui| {
        let label = ui.label(l10n.tr("preset-allsolutions-users"));
        ui.add(
            egui::TextEdit::multiline(&mut cx.session.registration.answers.sync_users)
                .hint_text("anna.jansen@contoso.nl")
                .desired_rows(3)
                .desired_width(360.0),
        )
        .labelled_by(label.id);
    });
    let rejected = crate::exchange_script::AllSolutionsInputs::from_typed(
        "",
        &cx.session.registration.answers.sync_users,
    )
    .rejected;
    if !rejected.is_empty() {
        widgets::status_badge(
            ui,
            Tone::Bad,
            &l10n.tr_args(
                "preset-allsolutions-users-invalid",
                &[("lines", rejected.join(", ").into())],
            ),
        );
    }
}

/// AllSolutions: where each value goes in the application, with the values to copy.
pub fn allsolutions_values_ui(ui: &mut Ui, cx: &PageCtx<'_>) {
    let l10n = cx.l10n;
    let registration = &cx.session.registration;
    widgets::section(ui, &l10n.tr("preset-allsolutions-values-heading"));
    ui.label(l10n.tr("preset-allsolutions-milscn"));
    let not_yet = l10n.tr("preset-value-not-yet");
    let client_id = Guid::parse(&registration.client_id).ok();
    let tenant_id = Guid::parse(&registration.tenant_id).ok();
    let tenant = cx
        .session
        .tenant
        .as_ref()
        .filter(|t| Some(&t.tenant_id) == tenant_id.as_ref());
    let (authorize, token) = crate::identity::v2_endpoints(tenant, tenant_id.as_ref())
        .unwrap_or_else(|| (not_yet.clone(), not_yet.clone()));
    let redirect = presets::allsolutions_redirect_uri(&registration.answers.app_domain)
        .unwrap_or(not_yet.clone());
    ui.indent("milscn-values", |ui| {
        let client = client_id
            .map(|id| id.to_string())
            .unwrap_or(not_yet.clone());
        for (label, value) in [
            ("preset-milscn-client-id", client.as_str()),
            ("preset-milscn-authorize", authorize.as_str()),
            ("preset-milscn-token", token.as_str()),
            ("preset-milscn-redirect", redirect.as_str()),
        ] {
            widgets::copyable_value(ui, l10n, &l10n.tr(label), value);
        }
        ui.label(RichText::new(l10n.tr("preset-milscn-secret")).weak());
    });
    ui.add_space(theme::ITEM_GAP);
    ui.label(l10n.tr("preset-allsolutions-mzzpar"));
    ui.indent("mzzpar-values", |ui| {
        widgets::copyable_value(ui, l10n, &l10n.tr("preset-mzzpar-method"), "OAuth 2.0");
        ui.label(RichText::new(l10n.tr("preset-mzzpar-interface")).weak());
    });
    widgets::message_panel(
        ui,
        Tone::Info,
        &l10n.tr("preset-allsolutions-mfa-title"),
        &l10n.tr("preset-allsolutions-mfa"),
        None,
    );
}

/// combit CRM: what its own dialogs do, beside Overstap's test of the same protocols.
pub fn combit_ui(ui: &mut Ui, cx: &PageCtx<'_>) {
    let l10n = cx.l10n;
    widgets::message_panel(
        ui,
        Tone::Info,
        &l10n.tr("preset-combit-crm-guide-title"),
        &l10n.tr("preset-combit-crm-guide"),
        None,
    );
}

/// KING ERP: no own registration; which "Soort" to choose and why.
pub fn king_ui(ui: &mut Ui, cx: &PageCtx<'_>) {
    let l10n = cx.l10n;
    widgets::message_panel(
        ui,
        Tone::Good,
        &l10n.tr("preset-king-erp-no-registration-title"),
        &l10n.tr("preset-king-erp-no-registration"),
        None,
    );
    widgets::section(ui, &l10n.tr("preset-king-erp-choice-heading"));
    ui.label(l10n.tr("preset-king-erp-where"));
    ui.indent("king-choice", |ui| {
        widgets::copyable_value(
            ui,
            l10n,
            &l10n.tr("preset-king-erp-choose"),
            "Microsoft Graph API OAuth2",
        );
        ui.label(RichText::new(l10n.tr("preset-king-erp-why-graph")).weak());
        ui.label(RichText::new(l10n.tr("preset-king-erp-when-smtp")).weak());
    });
}

/// Consent for a preset where Overstap cannot sign in itself. Returns false when the generic
/// consent page applies (combit CRM, or no preset).
pub fn consent_ui(ui: &mut Ui, cx: &mut PageCtx<'_>) -> bool {
    match cx.session.registration.preset {
        Some(Preset::KING_ERP) => {
            king_consent_ui(ui, cx);
            true
        }
        Some(Preset::ALL_SOLUTIONS) => {
            allsolutions_consent_ui(ui, cx);
            true
        }
        Some(Preset::COMBIT_CRM) => {
            widgets::message_panel(
                ui,
                Tone::Info,
                &cx.l10n.tr("preset-combit-crm-consent-title"),
                &cx.l10n.tr("preset-combit-crm-consent"),
                None,
            );
            false
        }
        _ => false,
    }
}

/// KING's own consent, as its guide describes it: Authenticeren, Goedkeuring aanvragen, accept;
/// where the tenant asks for it, the user first asks the administrator. No portal path or link
/// here: the guide names none, and Overstap does not invent one.
fn king_consent_ui(ui: &mut Ui, cx: &mut PageCtx<'_>) {
    let l10n = cx.l10n;
    widgets::section(ui, &l10n.tr("preset-king-erp-consent-heading"));
    ui.label(l10n.tr("preset-king-erp-consent-why"));
    ui.indent("king-consent", |ui| {
        widgets::copyable_value(
            ui,
            l10n,
            &l10n.tr("preset-king-erp-consent-app"),
            "KING Software SendEmail (Quadrant Automatisering B.V.)",
        );
    });
    ui.label(l10n.tr("preset-king-erp-consent-in-king"));
    settle_checkbox_ui(ui, cx, "preset-king-erp-consent-done");

    widgets::section(ui, &l10n.tr("preset-king-erp-status-heading"));
    ui.label(l10n.tr("preset-king-erp-status"));
    widgets::labelled_text_field(
        ui,
        &l10n.tr("preset-king-erp-renewed"),
        &mut cx.session.registration.answers.king_refresh_renewed,
        "2026-11-26",
    );
    king_deadline_ui(ui, cx);
}

/// The 90-day window from the renewal date typed from KING's status, or the plain warning.
fn king_deadline_ui(ui: &mut Ui, cx: &PageCtx<'_>) {
    let l10n = cx.l10n;
    let typed = cx.session.registration.answers.king_refresh_renewed.trim();
    if !king_deadline_badge(ui, cx) && !typed.is_empty() {
        widgets::status_badge(ui, Tone::Bad, &l10n.tr("secret-expiry-unreadable"));
    }
    widgets::message_panel(
        ui,
        Tone::Warning,
        &l10n.tr("preset-king-erp-rarely-title"),
        &l10n.tr("preset-king-erp-rarely"),
        None,
    );
}

/// The last day KING can mail without authenticating again, coloured by the days left (the
/// summary's rule). Returns false when no renewal date was typed (or it cannot be read).
fn king_deadline_badge(ui: &mut Ui, cx: &PageCtx<'_>) -> bool {
    let fact = crate::summary::king_refresh_fact(&cx.session.registration, cx.l10n, cx.today);
    match super::summary::tone(fact.mark) {
        Some(tone) => {
            widgets::status_badge(ui, tone, &fact.value);
            true
        }
        None => false,
    }
}

fn allsolutions_consent_ui(ui: &mut Ui, cx: &mut PageCtx<'_>) {
    let l10n = cx.l10n;
    widgets::section(ui, &l10n.tr("preset-allsolutions-consent-heading"));
    for (index, id) in [
        "preset-allsolutions-consent-open",
        "preset-allsolutions-consent-account",
        "preset-allsolutions-consent-check",
        "preset-allsolutions-consent-admin",
        "preset-allsolutions-consent-result",
    ]
    .into_iter()
    .enumerate()
    {
        ui.horizontal_wrapped(|ui| {
            ui.label(RichText::new(format!("{}.", index + 1)).strong());
            ui.label(l10n.tr(id));
        });
    }
    let account = cx.session.registration.mailbox.trim();
    if !account.is_empty() {
        widgets::copyable_value(ui, l10n, &l10n.tr("preset-allsolutions-account"), account);
    }
    widgets::copyable_value(
        ui,
        l10n,
        &l10n.tr("preset-allsolutions-consent-admin-where"),
        &l10n.tr("preset-allsolutions-consent-admin-path"),
    );
    widgets::message_panel(
        ui,
        Tone::Info,
        &l10n.tr("preset-allsolutions-new-secret-title"),
        &l10n.tr("preset-allsolutions-new-secret"),
        None,
    );
    settle_checkbox_ui(ui, cx, "preset-allsolutions-consent-done");
}

/// The admin's confirmation that settles the Consent step where Overstap cannot see the result.
fn settle_checkbox_ui(ui: &mut Ui, cx: &mut PageCtx<'_>, label_id: &str) {
    let mut done = matches!(cx.session.consent, StepState::Done { .. });
    ui.add_space(theme::ITEM_GAP);
    if ui.checkbox(&mut done, cx.l10n.tr(label_id)).changed() {
        cx.session.consent = if done {
            StepState::Done { at: cx.now_utc() }
        } else {
            StepState::Open
        };
    }
}
