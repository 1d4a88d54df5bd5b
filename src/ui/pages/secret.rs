//! Secret: the client secret's value and its expiry date.
//!
//! The text field is the only place the value exists as a plain `String`; on "Store" it moves into
//! a `SecretString`, goes to the store, and the field is wiped, together with the field's undo
//! history in egui's memory (issue 13: Ctrl+Z must not bring the secret back).

use chrono::NaiveDate;
use zeroize::Zeroize as _;

use super::PageCtx;
use crate::guid::Guid;
use crate::i18n::Localizer;
use crate::identity::worker::Job;
use crate::scenario::Scenario;
use crate::secrets::{self, ExpiryCheck, PastedSecret, SecretKey, StoreLocation};
use crate::session::SecretHolder;
use crate::ui::identity_jobs::JobKind;
use crate::ui::theme::{self, Tone};
use crate::ui::widgets;

/// The secret field's egui id: fixed, so its state in egui's memory can be found and wiped.
pub fn secret_field_id() -> egui::Id {
    egui::Id::unique("secret-value-field")
}

/// Forgets everything egui keeps about the secret field between frames: its undo history holds
/// every value the field had.
fn forget_field_history(ctx: &egui::Context) {
    ctx.data_mut(|data| data.remove::<egui::text_edit::TextEditState>(secret_field_id()));
}

/// The portal's fixed choices when adding a client secret.
const PORTAL_MONTHS: [u32; 5] = [3, 6, 12, 18, 24];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ExpiryChoice {
    Months(u32),
    Custom,
}

#[derive(Default)]
pub struct SecretPage {
    input: String,
    reveal: bool,
    expiry: Option<ExpiryChoice>,
    custom_date: String,
    store_error: Option<String>,
}

impl Drop for SecretPage {
    fn drop(&mut self) {
        self.input.zeroize();
    }
}

impl SecretPage {
    pub fn ui(&mut self, ui: &mut egui::Ui, cx: &mut PageCtx<'_>) {
        let l10n = cx.l10n;
        widgets::page_heading(ui, &l10n.tr("secret-title"), &l10n.tr("secret-intro"));

        let registration = &cx.session.registration;
        if !crate::wizard::needs_client_secret(registration) {
            let (tone, title, text) = match registration.preset {
                // A vendor's app: its file's text says why (KING).
                Some(preset) if !preset.needs_own_registration() => (
                    Tone::Good,
                    "secret-not-needed-title".to_owned(),
                    format!("preset-{}-no-secret", preset.key()),
                ),
                _ if registration.scenario.is_none() => (
                    Tone::Info,
                    "secret-no-scenario-title".to_owned(),
                    "secret-no-scenario".to_owned(),
                ),
                _ => (
                    Tone::Good,
                    "secret-not-needed-title".to_owned(),
                    "secret-not-needed".to_owned(),
                ),
            };
            widgets::message_panel(ui, tone, &l10n.tr(&title), &l10n.tr(&text), None);
            return;
        }

        // A preset with a secret of its own says what to know about it (AllSolutions).
        if let Some(preset) = registration.preset {
            let key = preset.key();
            widgets::message_panel(
                ui,
                Tone::Warning,
                &l10n.tr(&format!("preset-{key}-secret-title")),
                &l10n.tr(&format!("preset-{key}-secret")),
                None,
            );
        }
        if cx.session.secret.stored {
            self.stored_ui(ui, cx);
        } else {
            self.entry_ui(ui, cx);
        }
    }

    fn entry_ui(&mut self, ui: &mut egui::Ui, cx: &mut PageCtx<'_>) {
        let l10n = cx.l10n;
        if let Some(gone) = cx.session.secret.gone {
            widgets::message_panel(
                ui,
                Tone::Warning,
                &l10n.tr("secret-gone-title"),
                &l10n.tr_args("secret-gone", &[("why", gone.key().into())]),
                None,
            );
            // The date was entered before and is still right for the same secret.
            if self.expiry.is_none()
                && let Some(date) = cx.session.secret.expires_on
            {
                self.expiry = Some(ExpiryChoice::Custom);
                self.custom_date = date.format("%Y-%m-%d").to_string();
            }
        }
        widgets::section(ui, &l10n.tr("secret-value-heading"));
        ui.label(l10n.tr("secret-value-where"));
        ui.horizontal(|ui| {
            let label = ui.label(l10n.tr("secret-value"));
            ui.add(
                egui::TextEdit::singleline(&mut self.input)
                    .id(secret_field_id())
                    .password(!self.reveal)
                    .desired_width(360.0),
            )
            .labelled_by(label.id);
            ui.checkbox(&mut self.reveal, l10n.tr("secret-reveal"));
        });
        let pasted = secrets::classify_pasted(&self.input);
        if matches!(pasted, PastedSecret::LooksLikeSecretId) {
            widgets::message_panel(
                ui,
                Tone::Bad,
                &l10n.tr("secret-is-id-title"),
                &l10n.tr("secret-is-id"),
                Some(&l10n.tr("secret-is-id-fix")),
            );
        }

        widgets::section(ui, &l10n.tr("secret-expiry-heading"));
        ui.label(l10n.tr("secret-expiry-why"));
        ui.horizontal_wrapped(|ui| {
            for months in PORTAL_MONTHS {
                let label = l10n.tr_args("secret-expiry-months", &[("months", months.into())]);
                ui.radio_value(&mut self.expiry, Some(ExpiryChoice::Months(months)), label);
            }
            ui.radio_value(
                &mut self.expiry,
                Some(ExpiryChoice::Custom),
                l10n.tr("secret-expiry-custom"),
            );
        });
        if self.expiry == Some(ExpiryChoice::Custom) {
            widgets::labelled_text_field(
                ui,
                &l10n.tr("secret-expiry-date"),
                &mut self.custom_date,
                "2028-11-26",
            );
        }
        let expires_on = self.expires_on(cx.today);
        if let Some(date) = expires_on {
            expiry_feedback(ui, l10n, date, cx.today);
        } else if self.expiry == Some(ExpiryChoice::Custom) && !self.custom_date.trim().is_empty() {
            widgets::status_badge(ui, Tone::Bad, &l10n.tr("secret-expiry-unreadable"));
        }

        ui.add_space(theme::SECTION_GAP);
        let ids = registration_ids(cx);
        let ready = matches!(pasted, PastedSecret::Value(_))
            && expires_on
                .is_some_and(|d| crate::wizard::secret_expiry_blocker(d, cx.today).is_none())
            && ids.is_some();
        let store = ui
            .add_enabled(ready, egui::Button::new(l10n.tr("secret-store")))
            .on_disabled_hover_text(l10n.tr("secret-store.disabled"));
        if ids.is_none() {
            ui.label(egui::RichText::new(l10n.tr("secret-needs-ids")).weak());
        }
        if store.clicked()
            && let (PastedSecret::Value(value), Some((tenant_id, client_id)), Some(date)) =
                (pasted, ids, expires_on)
        {
            let key = SecretKey {
                tenant_id,
                client_id,
                purpose: crate::identity::worker::CLIENT_SECRET,
            };
            match cx.secrets.put(&key, &value) {
                Ok(()) => {
                    self.input.zeroize();
                    forget_field_history(ui.ctx());
                    self.store_error = None;
                    let holder = SecretHolder::of(&cx.secrets.location());
                    cx.session.secret.record_stored(holder, date);
                    start_verification(cx);
                }
                Err(err) => self.store_error = Some(err.to_string()),
            }
        }
        if let Some(error) = &self.store_error {
            widgets::error_panel(
                ui,
                l10n,
                &l10n.tr("secret-store-failed-title"),
                &l10n.tr("secret-store-failed"),
                &l10n.tr("secret-store-failed-fix"),
                error,
            );
        }
    }

    fn stored_ui(&mut self, ui: &mut egui::Ui, cx: &mut PageCtx<'_>) {
        let l10n = cx.l10n;
        let (tone, where_text) = match cx.secrets.location() {
            StoreLocation::System => (Tone::Good, l10n.tr("secret-stored-system")),
            StoreLocation::Memory { reason } => (
                Tone::Warning,
                l10n.tr_args(
                    "secret-stored-memory",
                    &[("reason", reason.unwrap_or_default().into())],
                ),
            ),
        };
        widgets::message_panel(ui, tone, &l10n.tr("secret-stored-title"), &where_text, None);
        ui.add_space(theme::ITEM_GAP);
        verification_ui(ui, cx);
        if let Some(date) = cx.session.secret.expires_on {
            ui.add_space(theme::ITEM_GAP);
            expiry_feedback(ui, l10n, date, cx.today);
        }
        ui.add_space(theme::SECTION_GAP);
        let (replace, remove) = ui
            .horizontal(|ui| {
                let replace = ui.button(l10n.tr("secret-replace")).clicked();
                let remove = ui
                    .button(l10n.tr("secret-remove"))
                    .on_hover_text(l10n.tr("secret-remove.tooltip"))
                    .clicked();
                ui.label(egui::RichText::new(l10n.tr("secret-replace-hint")).weak());
                (replace, remove)
            })
            .inner;
        if replace || remove {
            if let Some((tenant_id, client_id)) = registration_ids(cx) {
                let key = SecretKey {
                    tenant_id,
                    client_id,
                    purpose: crate::identity::worker::CLIENT_SECRET,
                };
                match cx.secrets.remove(&key) {
                    // Already gone is what both buttons want.
                    Ok(()) | Err(secrets::StoreError::NotFound) => self.store_error = None,
                    Err(err) => self.store_error = Some(err.to_string()),
                }
            }
            cx.session.secret.stored = false;
            cx.session.secret.held_in = None;
            forget_field_history(ui.ctx());
            if remove {
                cx.session.secret.expires_on = None;
            }
        }
    }

    fn expires_on(&self, today: NaiveDate) -> Option<NaiveDate> {
        match self.expiry? {
            ExpiryChoice::Months(months) => Some(secrets::expiry_after_months(today, months)),
            ExpiryChoice::Custom => crate::dates::parse_date(&self.custom_date),
        }
    }
}

/// Checks the stored secret at once with a client-credentials token request: a wrong value
/// (AADSTS7000215) or an expired secret (7000222) shows up here, not weeks later in a log.
fn start_verification(cx: &mut PageCtx<'_>) {
    let (Some(tenant), Some((_, client_id))) = (cx.session.tenant.clone(), registration_ids(cx))
    else {
        return;
    };
    let scenario = cx
        .session
        .registration
        .scenario
        .unwrap_or(Scenario::SmtpAppOnly);
    let scope = crate::identity::token_scopes(crate::identity::TokenResource::of(scenario), true)
        .into_iter()
        .next()
        .unwrap_or_default();
    cx.identity.start(
        JobKind::AppOnlyToken,
        Job::AppOnlyToken {
            tenant,
            client_id,
            scope,
        },
    );
}

fn verification_ui(ui: &mut egui::Ui, cx: &mut PageCtx<'_>) {
    let l10n = cx.l10n;
    if cx.session.tenant.is_none() {
        ui.label(egui::RichText::new(l10n.tr("secret-verify-needs-tenant")).weak());
        return;
    }
    let busy = cx.identity.running().is_some();
    if ui
        .add_enabled(!busy, egui::Button::new(l10n.tr("secret-verify")))
        .on_hover_text(l10n.tr("secret-verify.tooltip"))
        .clicked()
    {
        start_verification(cx);
    }
    super::consent::progress_ui(ui, l10n, cx.identity, &[JobKind::AppOnlyToken]);
    super::consent::result_ui(ui, l10n, cx.identity, &[JobKind::AppOnlyToken]);
}

fn registration_ids(cx: &PageCtx<'_>) -> Option<(Guid, Guid)> {
    let registration = &cx.session.registration;
    Some((
        Guid::parse(&registration.tenant_id).ok()?,
        Guid::parse(&registration.client_id).ok()?,
    ))
}

fn expiry_feedback(ui: &mut egui::Ui, l10n: &Localizer, date: NaiveDate, today: NaiveDate) {
    let shown = date.format("%Y-%m-%d").to_string();
    let (tone, text) = match secrets::check_expiry(date, today) {
        ExpiryCheck::Fine => (
            Tone::Good,
            l10n.tr_args("secret-expires-on", &[("date", shown.into())]),
        ),
        ExpiryCheck::Soon { days_left } => (
            Tone::Warning,
            l10n.tr_args(
                "secret-expires-soon",
                &[("date", shown.into()), ("days", days_left.into())],
            ),
        ),
        ExpiryCheck::Expired => (
            Tone::Bad,
            l10n.tr_args("secret-expired", &[("date", shown.into())]),
        ),
        ExpiryCheck::TooFar => (
            Tone::Bad,
            l10n.tr_args("secret-expiry-too-far", &[("date", shown.into())]),
        ),
    };
    widgets::status_badge(ui, tone, &text);
}
