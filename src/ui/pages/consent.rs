//! Consent: the tenant approves the registration's permissions, and Overstap proves it with a
//! real token. Delegated: the admin signs in (browser or device code). App-only on an Entra
//! route: an administrator grants admin consent, then a client-credentials token checks secret
//! and consent together. App-only on an RBAC route there is nothing to consent to in Entra: the
//! token proves the secret, and its `roles` claim must be empty.

use egui::{RichText, Ui};

use super::PageCtx;
use crate::access::Route;
use crate::guid::Guid;
use crate::i18n::Localizer;
use crate::identity::{self, TenantInfo, TokenKind, TokenStatus, worker::Job};
use crate::scenario::Scenario;
use crate::ui::identity_jobs::{IdentityJobs, JobKind};
use crate::ui::theme::{self, Tone};
use crate::ui::widgets;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Method {
    Browser,
    DeviceCode,
}

#[derive(Default)]
pub struct ConsentPage {
    method: Option<Method>,
}

impl ConsentPage {
    pub fn ui(&mut self, ui: &mut Ui, cx: &mut PageCtx<'_>) {
        let l10n = cx.l10n;
        widgets::page_heading(ui, &l10n.tr("consent-title"), &l10n.tr("consent-intro"));
        if super::preset_ui::consent_ui(ui, cx) {
            return;
        }

        let Some(route) = cx.session.registration.route() else {
            widgets::message_panel(
                ui,
                Tone::Warning,
                &l10n.tr("blocker-choose-access"),
                "",
                None,
            );
            defer_ui(ui, cx);
            return;
        };
        let scenario = route.scenario;
        let client_id = Guid::parse(&cx.session.registration.client_id).ok();
        let tenant = cx.session.tenant.clone().filter(|t| {
            t.tenant_id.as_str()
                == cx
                    .session
                    .registration
                    .tenant_id
                    .trim()
                    .to_ascii_lowercase()
                    .trim_matches(['{', '}'])
        });

        widgets::section(ui, &l10n.tr("consent-tenant-heading"));
        let Some(tenant) = tenant else {
            tenant_lookup_ui(ui, cx);
            defer_ui(ui, cx);
            return;
        };
        tenant_summary_ui(ui, l10n, &tenant);
        let Some(client_id) = client_id else {
            widgets::message_panel(
                ui,
                Tone::Warning,
                &l10n.tr("consent-needs-client-id"),
                "",
                None,
            );
            defer_ui(ui, cx);
            return;
        };
        let busy = cx.identity.running().is_some();
        let scopes = route.token_scopes.clone();

        let sign_in = SignIn {
            tenant: &tenant,
            client_id: &client_id,
            scopes: &scopes,
            busy,
        };
        if scenario == Scenario::SmtpImapDelegated {
            self.delegated_ui(ui, cx, &sign_in);
        } else {
            app_only_ui(ui, cx, route, &sign_in);
        }

        progress_ui(ui, l10n, cx.identity, &JobKind::ALL);
        result_ui(ui, l10n, cx.identity, &JobKind::ALL);

        if let Some(status) = cx.session.token.clone() {
            token_status_ui(ui, cx, &status, &tenant, &client_id, &scopes, busy);
            roles_check_ui(ui, l10n, &status, route);
        }
        defer_ui(ui, cx);
    }
}

/// What a sign-in or a token request needs, once the page has it all.
struct SignIn<'a> {
    tenant: &'a TenantInfo,
    client_id: &'a Guid,
    scopes: &'a [String],
    busy: bool,
}

impl ConsentPage {
    /// Delegated: the mailbox user signs in, in the browser or with a device code.
    fn delegated_ui(&mut self, ui: &mut Ui, cx: &mut PageCtx<'_>, sign_in: &SignIn<'_>) {
        let l10n = cx.l10n;
        let SignIn {
            tenant,
            client_id,
            scopes,
            busy,
        } = *sign_in;
        widgets::section(ui, &l10n.tr("consent-method-heading"));
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
        let method = *self.method.get_or_insert(Method::Browser);
        ui.add_space(theme::ITEM_GAP);
        if ui
            .add_enabled(!busy, egui::Button::new(l10n.tr("consent-sign-in")))
            .clicked()
        {
            let job = match method {
                Method::Browser => Job::BrowserSignIn {
                    tenant: (*tenant).clone(),
                    client_id: (*client_id).clone(),
                    scopes: scopes.to_vec(),
                },
                Method::DeviceCode => Job::DeviceSignIn {
                    tenant: (*tenant).clone(),
                    client_id: (*client_id).clone(),
                    scopes: scopes.to_vec(),
                },
            };
            cx.identity.start(JobKind::SignIn, job);
        }
    }
}

/// App-only: admin consent in the browser (or RBAC for Applications, which needs none), then
/// a token for the application itself.
fn app_only_ui(ui: &mut Ui, cx: &mut PageCtx<'_>, route: &Route, sign_in: &SignIn<'_>) {
    let l10n = cx.l10n;
    let SignIn {
        tenant,
        client_id,
        scopes,
        busy,
    } = *sign_in;
    widgets::section(ui, &l10n.tr("consent-admin-heading"));
    ui.label(l10n.tr(if route.needs_admin_consent() {
        "consent-admin-explain"
    } else {
        "consent-rbac-nothing"
    }));
    ui.horizontal(|ui| {
        if route.needs_admin_consent()
            && ui
                .add_enabled(!busy, egui::Button::new(l10n.tr("consent-admin-open")))
                .clicked()
        {
            cx.identity.start(
                JobKind::AdminConsent,
                Job::AdminConsent {
                    tenant: (*tenant).clone(),
                    client_id: (*client_id).clone(),
                    scope: scopes[0].clone(),
                },
            );
        }
        if ui
            .add_enabled(!busy, egui::Button::new(l10n.tr("consent-app-token")))
            .clicked()
        {
            cx.identity.start(
                JobKind::AppOnlyToken,
                Job::AppOnlyToken {
                    tenant: (*tenant).clone(),
                    client_id: (*client_id).clone(),
                    scope: scopes[0].clone(),
                },
            );
        }
    });
    ui.label(
        RichText::new(l10n.tr(if route.needs_admin_consent() {
            "consent-app-token-hint"
        } else {
            "consent-app-token-hint-rbac"
        }))
        .weak(),
    );
}

/// Without a discovered tenant nothing can be requested: offer the lookup right here.
fn tenant_lookup_ui(ui: &mut Ui, cx: &mut PageCtx<'_>) {
    let l10n = cx.l10n;
    ui.label(l10n.tr("consent-tenant-unknown"));
    let input = lookup_input(cx);
    let busy = cx.identity.running().is_some();
    if ui
        .add_enabled(
            !busy && !input.is_empty(),
            egui::Button::new(l10n.tr("registration-lookup")),
        )
        .clicked()
    {
        cx.identity
            .start(JobKind::Discover, Job::Discover { input });
    }
    progress_ui(ui, l10n, cx.identity, &[JobKind::Discover]);
    result_ui(ui, l10n, cx.identity, &[JobKind::Discover]);
}

/// The domain if typed, else the tenant id.
pub fn lookup_input(cx: &PageCtx<'_>) -> String {
    lookup_input_of(&cx.session.registration)
}

pub fn lookup_input_of(registration: &crate::registration::Registration) -> String {
    if registration.mail_domain.trim().is_empty() {
        registration.tenant_id.trim().to_owned()
    } else {
        registration.mail_domain.trim().to_owned()
    }
}

pub fn tenant_summary_ui(ui: &mut Ui, l10n: &Localizer, tenant: &TenantInfo) {
    egui::Grid::new("tenant-summary")
        .num_columns(2)
        .spacing([16.0, 4.0])
        .show(ui, |ui| {
            ui.label(l10n.tr("consent-tenant-id"));
            ui.label(RichText::new(tenant.tenant_id.as_str()).monospace());
            ui.end_row();
            ui.label(l10n.tr("consent-tenant-cloud"));
            ui.label(l10n.tr(&format!("cloud-{}", tenant.cloud.key())));
            ui.end_row();
            if !tenant.tenant_region_scope.is_empty() {
                ui.label(l10n.tr("consent-tenant-region"));
                ui.label(&tenant.tenant_region_scope);
                ui.end_row();
            }
        });
}

/// The running job: what it waits for, the URL to copy, the device code, and Cancel.
/// `kinds`: the jobs this place on the page reports on (a page may show several places).
pub fn progress_ui(ui: &mut Ui, l10n: &Localizer, jobs: &mut IdentityJobs, kinds: &[JobKind]) {
    let Some(kind) = jobs.running().filter(|k| kinds.contains(k)) else {
        return;
    };
    ui.add_space(theme::ITEM_GAP);
    if widgets::progress_row(ui, l10n, &l10n.tr(kind.progress_id()), None) {
        jobs.cancel();
        return;
    }
    if let Some(prompt) = jobs.device_code.clone() {
        widgets::message_panel(
            ui,
            Tone::Info,
            &l10n.tr("consent-device-title"),
            &l10n.tr("consent-device-explain"),
            None,
        );
        widgets::copyable_value(ui, l10n, &l10n.tr("consent-device-code"), &prompt.user_code);
        widgets::copyable_value(
            ui,
            l10n,
            &l10n.tr("consent-device-url"),
            &prompt.verification_uri,
        );
    }
    if let Some(url) = jobs.browser_url.clone() {
        ui.label(l10n.tr("consent-browser-opened"));
        widgets::copyable_value(ui, l10n, &l10n.tr("consent-browser-url"), &url);
    }
}

/// The last failure with its explanation and fix, or the last success.
pub fn result_ui(ui: &mut Ui, l10n: &Localizer, jobs: &IdentityJobs, kinds: &[JobKind]) {
    if let Some((_, error)) = jobs.last_error.as_ref().filter(|(k, _)| kinds.contains(k)) {
        ui.add_space(theme::ITEM_GAP);
        let (what, fix) = error.message_ids();
        let code = error.aadsts_code();
        let title = match code {
            Some(code) => format!(
                "AADSTS{code}: {}",
                l10n.tr_args(&what, &[("code", code.into())])
            ),
            None => l10n.tr(&what),
        };
        let fix_text = l10n.tr_args(&fix, &[("code", code.unwrap_or_default().into())]);
        let body = match error {
            identity::IdentityError::Aad(aad) => aad.summary(),
            _ => String::new(),
        };
        widgets::error_panel(ui, l10n, &title, &body, &fix_text, &error.support_details());
    } else if let Some(kind) = jobs.last_success.filter(|k| kinds.contains(k)) {
        ui.add_space(theme::ITEM_GAP);
        let id = match kind {
            JobKind::Discover => "identity-done-discover",
            JobKind::SignIn => "identity-done-sign-in",
            JobKind::AdminConsent => "identity-done-admin-consent",
            JobKind::AppOnlyToken => "identity-done-app-only",
            JobKind::Renew => "identity-done-renew",
            JobKind::Remove => "identity-done-remove",
            JobKind::CheckClient => "identity-done-check-client",
            JobKind::AutoRegister => "identity-done-autoreg",
            JobKind::EntraCheck => "identity-done-entra-check",
        };
        widgets::status_badge(ui, Tone::Good, &l10n.tr(id));
    }
}

/// Token status as KING ERP shows it, with Renew and Remove.
fn token_status_ui(
    ui: &mut Ui,
    cx: &mut PageCtx<'_>,
    status: &TokenStatus,
    tenant: &TenantInfo,
    client_id: &Guid,
    scopes: &[String],
    busy: bool,
) {
    let l10n = cx.l10n;
    let when = |t: chrono::DateTime<chrono::Utc>| {
        t.with_timezone(&chrono::Local)
            .format("%Y-%m-%d %H:%M")
            .to_string()
    };
    widgets::section(ui, &l10n.tr("token-heading"));
    egui::Grid::new("token-status")
        .num_columns(2)
        .spacing([16.0, 4.0])
        .striped(true)
        .show(ui, |ui| {
            ui.label(l10n.tr("token-kind"));
            ui.label(l10n.tr(match status.kind {
                TokenKind::Delegated => "token-kind-delegated",
                TokenKind::AppOnly => "token-kind-app-only",
            }));
            ui.end_row();
            ui.label(l10n.tr("token-account"));
            ui.label(
                status
                    .account
                    .clone()
                    .unwrap_or_else(|| l10n.tr("token-account-app")),
            );
            ui.end_row();
            ui.label(l10n.tr("token-scopes"));
            ui.label(status.scopes.join(" "));
            ui.end_row();
            if status.kind == TokenKind::AppOnly {
                ui.label(l10n.tr("token-roles"));
                ui.label(match &status.roles {
                    Some(roles) if roles.is_empty() => l10n.tr("token-roles-none"),
                    Some(roles) => roles.join(" "),
                    None => l10n.tr("token-roles-unreadable"),
                });
                ui.end_row();
            }
            ui.label(l10n.tr("token-consented"));
            ui.label(when(status.consented_at));
            ui.end_row();
            ui.label(l10n.tr("token-refresh-renewed"));
            ui.label(
                status
                    .refresh_renewed_at
                    .map(when)
                    .unwrap_or_else(|| l10n.tr("token-no-refresh")),
            );
            ui.end_row();
            ui.label(l10n.tr("token-access-valid"));
            ui.label(when(status.access_valid_until));
            ui.end_row();
        });
    ui.horizontal(|ui| {
        let renew_job = match status.kind {
            TokenKind::Delegated => Job::Refresh {
                tenant: tenant.clone(),
                client_id: client_id.clone(),
                scopes: scopes.to_vec(),
                status: status.clone(),
            },
            TokenKind::AppOnly => Job::AppOnlyToken {
                tenant: tenant.clone(),
                client_id: client_id.clone(),
                scope: scopes[0].clone(),
            },
        };
        if ui
            .add_enabled(!busy, egui::Button::new(l10n.tr("token-renew")))
            .clicked()
        {
            cx.identity.start(JobKind::Renew, renew_job);
        }
        if ui
            .add_enabled(!busy, egui::Button::new(l10n.tr("token-remove")))
            .clicked()
        {
            cx.identity.start(
                JobKind::Remove,
                Job::Remove {
                    tenant: tenant.clone(),
                    client_id: client_id.clone(),
                },
            );
        }
    });
    if status.kind == TokenKind::Delegated {
        ui.label(RichText::new(l10n.tr("token-refresh-note")).weak());
    }
}

/// An app-only token shows what Entra grants: its `roles` must be exactly the route's Entra
/// application permissions (none on an RBAC route).
fn roles_check_ui(ui: &mut Ui, l10n: &Localizer, status: &TokenStatus, route: &Route) {
    let Some(roles) = status
        .roles
        .as_ref()
        .filter(|_| status.kind == TokenKind::AppOnly)
    else {
        return;
    };
    let expected = route.token_roles();
    let extra: Vec<&str> = roles
        .iter()
        .map(String::as_str)
        .filter(|r| !expected.contains(r))
        .collect();
    let missing: Vec<&str> = expected
        .iter()
        .copied()
        .filter(|e| !roles.iter().any(|r| r == e))
        .collect();
    if !extra.is_empty() {
        widgets::message_panel(
            ui,
            Tone::Bad,
            &l10n.tr_args(
                "consent-roles-extra-title",
                &[("roles", extra.join(", ").into())],
            ),
            &l10n.tr(if route.scenario == Scenario::SmtpAppOnly {
                "consent-roles-extra-smtp"
            } else {
                "consent-roles-extra"
            }),
            None,
        );
    }
    if !missing.is_empty() {
        widgets::message_panel(
            ui,
            Tone::Warning,
            &l10n.tr_args(
                "consent-roles-missing-title",
                &[("roles", missing.join(", ").into())],
            ),
            &l10n.tr("consent-roles-missing"),
            None,
        );
    }
}

fn defer_ui(ui: &mut Ui, cx: &mut PageCtx<'_>) {
    widgets::defer_step(ui, &mut cx.session.consent, &cx.l10n.tr("consent-defer"));
}
