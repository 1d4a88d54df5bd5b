//! The preset-specific parts of the Registration and Consent pages, drawn from the preset's
//! file (`assets/presets`): its guide blocks at each place, and one widget per kind of question
//! (`presets::model::FIELD_KEYS`). Nothing here knows a vendor: a fourth preset file with its
//! texts is drawn by the same code.

use egui::{RichText, Ui};

use super::PageCtx;
use crate::guid::Guid;
use crate::presets::{Block, DomainError, Environment, GuideTone, GuideValue, Preset, ValueFrom};
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

/// Draws the preset's guide blocks at `place`. `script` draws a script block (the page owns
/// where scripts are saved).
pub fn guide_ui(
    ui: &mut Ui,
    cx: &mut PageCtx<'_>,
    preset: Preset,
    place: &str,
    script: &mut dyn FnMut(&mut Ui, &mut PageCtx<'_>, &str),
) {
    let l10n = cx.l10n;
    // The file's numbers reach its texts, so a text never says another number than the data.
    let args: Vec<crate::i18n::Arg<'_>> = preset
        .refresh_days()
        .map(|days| ("days", days.into()))
        .into_iter()
        .collect();
    let tr = |id: &str| l10n.tr_args(id, &args);
    for (index, block) in preset.guide(place).iter().enumerate() {
        match block {
            Block::Heading { text } => widgets::section(ui, &tr(text)),
            Block::Text { text } => {
                ui.label(tr(text));
            }
            Block::Note { text } => {
                ui.label(RichText::new(tr(text)).weak());
            }
            Block::Panel { tone, title, text } => {
                let tone = match tone {
                    GuideTone::Info => Tone::Info,
                    GuideTone::Good => Tone::Good,
                    GuideTone::Warning => Tone::Warning,
                };
                widgets::message_panel(ui, tone, &tr(title), &tr(text), None);
            }
            Block::Values { values } => {
                ui.indent(("preset-values", place, index), |ui| {
                    for value in values {
                        if let Some(shown) = resolve(cx, preset, value) {
                            widgets::copyable_value(ui, l10n, &l10n.tr(&value.label), &shown);
                        }
                    }
                });
            }
            Block::Steps { texts } => {
                for (index, text) in texts.iter().enumerate() {
                    widgets::numbered_step(ui, index + 1, &tr(text));
                }
            }
            Block::Field { field } => field_ui(ui, cx, preset, field),
            Block::Settle { text } => settle_checkbox_ui(ui, cx, text),
            Block::Script {
                script: kind,
                intro,
            } => {
                widgets::section(ui, &l10n.tr("registration-script-heading"));
                ui.label(l10n.tr(intro));
                script(ui, cx, kind);
            }
        }
    }
}

/// A value as the run knows it now; `None` hides a value that has nothing to show yet where
/// "not yet" would mislead (an empty mailbox).
fn resolve(cx: &PageCtx<'_>, preset: Preset, value: &GuideValue) -> Option<String> {
    let l10n = cx.l10n;
    if let Some(literal) = &value.value {
        return Some(literal.clone());
    }
    if let Some(text) = &value.text {
        return Some(l10n.tr(text));
    }
    let registration = &cx.session.registration;
    let not_yet = l10n.tr("preset-value-not-yet");
    let tenant_id = Guid::parse(&registration.tenant_id).ok();
    let endpoints = || {
        let tenant = cx
            .session
            .tenant
            .as_ref()
            .filter(|t| Some(&t.tenant_id) == tenant_id.as_ref());
        crate::identity::v2_endpoints(tenant, tenant_id.as_ref())
    };
    Some(match value.from? {
        ValueFrom::ClientId => Guid::parse(&registration.client_id)
            .map(|id| id.to_string())
            .unwrap_or(not_yet),
        ValueFrom::AuthorizeEndpoint => endpoints().map(|(a, _)| a).unwrap_or(not_yet),
        ValueFrom::TokenEndpoint => endpoints().map(|(_, t)| t).unwrap_or(not_yet),
        ValueFrom::RedirectUri => match preset.redirect_uri(&registration.answers.app_domain) {
            Some(Ok(uri)) => uri,
            _ => not_yet,
        },
        ValueFrom::Mailbox => {
            let mailbox = registration.mailbox.trim();
            if mailbox.is_empty() {
                return None;
            }
            mailbox.to_owned()
        }
        ValueFrom::RegistrationName => preset
            .registration_name(registration.answers.environment)
            .unwrap_or(not_yet),
    })
}

/// One of the preset's questions, by its kind.
fn field_ui(ui: &mut Ui, cx: &mut PageCtx<'_>, preset: Preset, field: &str) {
    match field {
        "environment" => environment_ui(ui, cx),
        "app-domain" => app_domain_ui(ui, cx, preset),
        "sync-users" => sync_users_ui(ui, cx, preset),
        "refresh-renewed" => refresh_renewed_ui(ui, cx, preset),
        // The build refuses any other field.
        _ => {}
    }
}

/// `environment`: which environment this registration serves (one registration each).
fn environment_ui(ui: &mut Ui, cx: &mut PageCtx<'_>) {
    let l10n = cx.l10n;
    for environment in Environment::ALL {
        let key = environment.key();
        widgets::radio_with_hint(
            ui,
            &mut cx.session.registration.answers.environment,
            environment,
            &l10n.tr(&format!("preset-environment-{key}")),
            &l10n.tr(&format!("preset-environment-{key}-hint")),
        );
    }
    ui.add_space(theme::ITEM_GAP);
}

/// `app-domain`: the application's domain, and the redirect URI built from it.
fn app_domain_ui(ui: &mut Ui, cx: &mut PageCtx<'_>, preset: Preset) {
    let l10n = cx.l10n;
    let id = preset.key();
    let answers = &mut cx.session.registration.answers;
    widgets::labelled_text_field(
        ui,
        &l10n.tr(&format!("preset-{id}-app-domain")),
        &mut answers.app_domain,
        "crm.contoso.nl",
    );
    match preset.redirect_uri(&answers.app_domain) {
        Some(Ok(uri)) => {
            widgets::copyable_value(ui, l10n, &l10n.tr(&format!("preset-{id}-redirect")), &uri);
            ui.label(RichText::new(l10n.tr(&format!("preset-{id}-redirect-same"))).weak());
        }
        Some(Err(error)) => {
            let text = match error {
                DomainError::Empty => return,
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
        None => {}
    }
}

/// `sync-users`: the users' mailbox addresses, one per line; what is not an address is named.
fn sync_users_ui(ui: &mut Ui, cx: &mut PageCtx<'_>, preset: Preset) {
    let l10n = cx.l10n;
    let id = preset.key();
    ui.horizontal(|ui| {
        let label = ui.label(l10n.tr(&format!("preset-{id}-sync-users")));
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
                &format!("preset-{id}-sync-users-invalid"),
                &[("lines", rejected.join(", ").into())],
            ),
        );
    }
}

/// `refresh-renewed`: the renewal date the application shows, and the last day it can mail
/// without authenticating again, coloured by the days left (the summary's rule).
fn refresh_renewed_ui(ui: &mut Ui, cx: &mut PageCtx<'_>, preset: Preset) {
    let l10n = cx.l10n;
    widgets::labelled_text_field(
        ui,
        &l10n.tr(&format!("preset-{}-refresh-renewed", preset.key())),
        &mut cx.session.registration.answers.refresh_renewed,
        "2026-11-26",
    );
    let fact = crate::summary::refresh_fact(preset, &cx.session.registration, l10n, cx.today);
    match super::summary::tone(fact.mark) {
        Some(tone) => {
            widgets::status_badge(ui, tone, &fact.value);
        }
        None if !cx
            .session
            .registration
            .answers
            .refresh_renewed
            .trim()
            .is_empty() =>
        {
            widgets::status_badge(ui, Tone::Bad, &l10n.tr("secret-expiry-unreadable"));
        }
        None => {}
    }
}

/// The Consent page's part of a preset: its guide there. Returns false when the generic
/// consent (Overstap signs in) follows, true when the preset's guide replaces it.
pub fn consent_ui(ui: &mut Ui, cx: &mut PageCtx<'_>) -> bool {
    let Some(preset) = cx.session.registration.preset else {
        return false;
    };
    guide_ui(ui, cx, preset, "consent", &mut |_, _, _| {});
    !preset.overstap_signs_in()
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
