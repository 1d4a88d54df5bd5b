//! Test send: one real message through the new route, with a readable result and, when it
//! fails, what the server's answer means and the exact fix.

use egui::{RichText, Ui};

use super::PageCtx;
use crate::exchange_script::is_mailbox;
use crate::guid::Guid;
use crate::i18n::{Language, Localizer};
use crate::mailtest::worker::TestRequest;
use crate::mailtest::{Route, RouteResult};
use crate::scenario::Scenario;
use crate::session::StepState;
use crate::ui::theme::{self, Tone};
use crate::ui::widgets;

#[derive(Default)]
pub struct TestSendPage {
    routes: Option<Vec<Route>>,
    relay: super::relay_panel::RelayPanel,
}

/// What the chosen scenario will use in production is what gets tested first.
fn default_routes(scenario: Option<Scenario>) -> Vec<Route> {
    match scenario {
        Some(Scenario::GraphAppOnly) => vec![Route::Graph],
        Some(Scenario::SmtpImapDelegated) => vec![Route::Smtp, Route::Imap],
        _ => vec![Route::Smtp],
    }
}

impl TestSendPage {
    pub fn ui(&mut self, ui: &mut Ui, cx: &mut PageCtx<'_>) {
        let l10n = cx.l10n;
        widgets::page_heading(ui, &l10n.tr("test-send-title"), &l10n.tr("test-send-intro"));
        if let Some(preset) = cx.session.registration.preset
            && !preset.overstap_tests()
        {
            in_application_ui(ui, cx, preset);
            return;
        }
        let (from, to) = addresses_ui(ui, cx);
        self.routes_ui(ui, cx);
        self.send_ui(ui, cx, &from, &to);
        token_errors_ui(ui, cx);
        for result in cx.session.test_send.results.clone() {
            result_ui(ui, l10n, &result, &from);
        }
        ui.add_space(theme::SECTION_GAP);
        self.relay.ui(ui, cx, &from, &to);
        defer_ui(ui, cx);
    }

    /// Which routes to try (SMTP, Graph, IMAP), and whether to wait for the arrival.
    fn routes_ui(&mut self, ui: &mut Ui, cx: &mut PageCtx<'_>) {
        let l10n = cx.l10n;
        let record = &mut cx.session.test_send;
        widgets::section(ui, &l10n.tr("test-send-routes-heading"));
        let scenario = cx.session.registration.scenario;
        let routes = self.routes.get_or_insert_with(|| default_routes(scenario));
        for route in Route::ALL {
            let mut on = routes.contains(&route);
            if ui
                .checkbox(
                    &mut on,
                    l10n.tr(&format!("test-send-route-{}", route.key())),
                )
                .changed()
            {
                if on {
                    routes.push(route);
                } else {
                    routes.retain(|r| *r != route);
                }
            }
            if route == Route::Imap && on {
                ui.indent("arrival", |ui| {
                    ui.checkbox(
                        &mut record.check_arrival,
                        l10n.tr("test-send-check-arrival"),
                    );
                });
            }
        }
    }

    /// The Send button, why it is not yet available, and the progress while it runs.
    fn send_ui(&mut self, ui: &mut Ui, cx: &mut PageCtx<'_>, from: &str, to: &str) {
        let l10n = cx.l10n;
        let scenario = cx.session.registration.scenario;
        let routes = self.routes.get_or_insert_with(|| default_routes(scenario));
        let (from, to) = (from.to_owned(), to.to_owned());
        ui.add_space(theme::SECTION_GAP);
        let client_id = Guid::parse(&cx.session.registration.client_id).ok();
        let missing = if cx.session.tenant.is_none() {
            Some("test-send-needs-tenant")
        } else if client_id.is_none() {
            Some("test-send-needs-client")
        } else if !is_mailbox(&from) || !is_mailbox(&to) {
            Some("test-send-needs-addresses")
        } else if routes.is_empty() {
            Some("test-send-needs-route")
        } else {
            None
        };
        let running = cx.mail_tests.is_running();
        let send = ui.add_enabled(
            missing.is_none() && !running,
            egui::Button::new(RichText::new(l10n.tr("test-send-send")).strong()),
        );
        if let Some(id) = missing {
            ui.label(
                RichText::new(l10n.tr(id)).color(theme::tone_text(ui.visuals(), Tone::Warning)),
            );
        }
        if send.clicked()
            && let (Some(tenant), Some(client_id)) = (cx.session.tenant.clone(), client_id)
        {
            let subject = crate::mailtest::unique_subject(&l10n.tr("test-mail-subject"));
            let request = TestRequest {
                tenant,
                client_id,
                scenario: scenario.unwrap_or(Scenario::SmtpAppOnly),
                access: cx.session.registration.route().map(|r| r.access),
                from: from.clone(),
                to: to.clone(),
                routes: routes.clone(),
                check_arrival: cx.session.test_send.check_arrival,
                subject,
                body: mail_body(l10n, cx.host_name, &detected_apps(cx)),
            };
            cx.mail_tests.start(request, cx.session);
        }
        if running {
            let doing = cx
                .mail_tests
                .current
                .map(|route| l10n.tr(&format!("test-send-running-{}", route.key())))
                .unwrap_or_else(|| l10n.tr("test-send-running"));
            if widgets::progress_row(ui, l10n, &doing, None) {
                cx.mail_tests.cancel();
            }
        }
    }
}

/// Sender and recipient; returns them trimmed (the recipient defaults to the sender).
fn addresses_ui(ui: &mut Ui, cx: &mut PageCtx<'_>) -> (String, String) {
    let l10n = cx.l10n;
    let record = &mut cx.session.test_send;
    if record.from_mailbox.trim().is_empty() && !cx.session.registration.mailbox.trim().is_empty() {
        record.from_mailbox = cx.session.registration.mailbox.trim().to_owned();
    }
    widgets::section(ui, &l10n.tr("test-send-addresses-heading"));
    widgets::labelled_text_field(
        ui,
        &l10n.tr("test-send-from"),
        &mut record.from_mailbox,
        "scanner@contoso.nl",
    );
    let from = record.from_mailbox.trim().to_owned();
    widgets::labelled_text_field(
        ui,
        &l10n.tr("test-send-to"),
        &mut record.recipient,
        if from.is_empty() {
            "it@contoso.nl"
        } else {
            &from
        },
    );
    let to = if record.recipient.trim().is_empty() {
        from.clone()
    } else {
        record.recipient.trim().to_owned()
    };

    (from, to)
}

/// Why a route got no token, with the AADSTS code and what to do.
fn token_errors_ui(ui: &mut Ui, cx: &PageCtx<'_>) {
    let l10n = cx.l10n;
    for (route, error) in &cx.mail_tests.token_errors {
        ui.add_space(theme::ITEM_GAP);
        let (what, fix) = error.message_ids();
        let code = error.aadsts_code();
        let title = l10n.tr_args(
            "test-send-no-token",
            &[(
                "route",
                l10n.tr(&format!("test-send-route-name-{}", route.key()))
                    .into(),
            )],
        );
        let body = l10n.tr_args(&what, &[("code", code.unwrap_or_default().into())]);
        widgets::error_panel(
            ui,
            l10n,
            &title,
            &body,
            &l10n.tr_args(&fix, &[("code", code.unwrap_or_default().into())]),
            &error.support_details(),
        );
    }
}

/// "Test later", while the test is not done.
fn defer_ui(ui: &mut Ui, cx: &mut PageCtx<'_>) {
    let label = cx.l10n.tr("test-send-defer");
    widgets::defer_step(ui, &mut cx.session.test_send.state, &label);
}

/// AllSolutions and KING hold their tokens themselves: Overstap has none to send with, so the
/// test is a mail from the application, which the admin confirms here.
fn in_application_ui(ui: &mut Ui, cx: &mut PageCtx<'_>, preset: crate::presets::Preset) {
    let l10n = cx.l10n;
    let name = cx
        .catalog
        .get(preset.catalog_id())
        .map(|app| app.name.get(l10n.language()).to_owned())
        .unwrap_or_else(|| l10n.tr(&format!("preset-{}", preset.key())));
    widgets::message_panel(
        ui,
        Tone::Info,
        &l10n.tr_args("test-send-in-app-title", &[("app", name.clone().into())]),
        &l10n.tr_args("test-send-in-app", &[("app", name.clone().into())]),
        None,
    );
    let now = cx.now_utc();
    let record = &mut cx.session.test_send;
    let mut confirmed = matches!(record.state, StepState::Done { .. });
    if ui
        .checkbox(
            &mut confirmed,
            l10n.tr_args("test-send-in-app-confirm", &[("app", name.into())]),
        )
        .changed()
    {
        record.state = if confirmed {
            StepState::Done { at: now }
        } else {
            StepState::Open
        };
    }
    // Not confirmed: the step is not done, so "test later" is offered.
    defer_ui(ui, cx);
}

/// The applications this test is for: those the scan found, else those checked by hand.
fn detected_apps(cx: &PageCtx<'_>) -> Vec<String> {
    let language = cx.l10n.language();
    let mut names: Vec<String> = cx
        .catalog
        .applications()
        .iter()
        .filter(|app| {
            cx.session.applications.get(&app.id).is_some_and(|check| {
                check.detected || check.status == crate::checklist::AppStatus::Checked
            })
        })
        .map(|app| app.name.get(language).to_owned())
        .collect();
    names.sort();
    names
}

/// Both languages in one message: the customer's staff may read either.
fn mail_body(l10n: &Localizer, host: &str, apps: &[String]) -> String {
    let apps = if apps.is_empty() {
        "-".to_owned()
    } else {
        apps.join(", ")
    };
    let args = [
        ("server", host.to_owned().into()),
        ("version", env!("CARGO_PKG_VERSION").into()),
        ("apps", apps.into()),
    ];
    format!(
        "{}\n\n{}",
        l10n.tr_args_in(Language::Nl, "test-mail-body", &args),
        l10n.tr_args_in(Language::En, "test-mail-body", &args),
    )
}

fn result_ui(ui: &mut Ui, l10n: &Localizer, result: &RouteResult, mailbox: &str) {
    ui.add_space(theme::ITEM_GAP);
    let route = l10n.tr(&format!("test-send-route-name-{}", result.route.key()));
    let when = result
        .at
        .with_timezone(&chrono::Local)
        .format("%H:%M:%S")
        .to_string();
    match &result.outcome {
        Ok(detail) => {
            widgets::message_panel(
                ui,
                Tone::Good,
                &l10n.tr_args(
                    "test-send-ok",
                    &[("route", route.clone().into()), ("when", when.into())],
                ),
                detail,
                None,
            );
        }
        Err(failure) => {
            let (what, fix) = failure.diagnosis.message_ids();
            let args = [
                ("mailbox", mailbox.to_owned().into()),
                ("seconds", failure.retry_after_secs.unwrap_or(60).into()),
            ];
            widgets::error_panel(
                ui,
                l10n,
                &l10n.tr_args(
                    "test-send-failed",
                    &[("route", route.clone().into()), ("when", when.into())],
                ),
                &format!("{}\n{}", l10n.tr_args(&what, &args), failure.raw),
                &l10n.tr_args(&fix, &args),
                &failure.raw,
            );
        }
    }
    egui::CollapsingHeader::new(l10n.tr_args("test-send-transcript", &[("route", route.into())]))
        .id_salt(("transcript", result.route.key()))
        .show(ui, |ui| {
            let text = result.transcript.to_text();
            if ui.button(l10n.tr("widget-copy")).clicked() {
                ui.ctx().copy_text(text.clone());
            }
            ui.label(RichText::new(text).monospace().small());
        });
}
