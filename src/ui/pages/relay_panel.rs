//! The relay panel on the Test send page: for applications that will never speak OAuth, the
//! Overstap relay accepts their mail on this server and delivers it with the registration's
//! app-only token. Settings, install / start / stop / remove (a Windows service), the state and
//! queue, and a test message sent through the relay and followed until it was delivered.

use egui::{RichText, Ui};

use super::PageCtx;
use crate::guid::Guid;
use crate::relay::control::{Action, Request, TestOutcome};
use crate::relay::service::ServiceState;
use crate::relay::{DeliveryRoute, RelayConfig};
use crate::scenario::Scenario;
use crate::ui::theme::{self, Tone};
use crate::ui::widgets;

/// What the admin types before installing; filled from the written settings once.
pub struct RelayPanel {
    listen: String,
    port: String,
    allowed: String,
    route: Option<DeliveryRoute>,
    rewrite: bool,
    filled: bool,
}

impl Default for RelayPanel {
    fn default() -> Self {
        RelayPanel {
            listen: "127.0.0.1".into(),
            port: "25".into(),
            allowed: String::new(),
            route: None,
            rewrite: false,
            filled: false,
        }
    }
}

impl RelayPanel {
    pub fn ui(&mut self, ui: &mut Ui, cx: &mut PageCtx<'_>, from: &str, to: &str) {
        let l10n = cx.l10n;
        let scenario = cx.session.registration.scenario;
        // The relay gets app-only tokens with the client secret: delegated set-ups have none.
        if !scenario.is_some_and(|s| s.needs_client_secret()) || !cx.relay.is_available() {
            return;
        }
        widgets::section(ui, &l10n.tr("relay-heading"));
        ui.label(l10n.tr("relay-intro"));
        cx.relay.refresh_if_stale();
        // The state changes without any input (a service started elsewhere, mail delivered).
        ui.ctx()
            .request_repaint_after(crate::ui::relay_jobs::REFRESH_EVERY);
        self.fill_from_saved(cx);
        let state = cx.relay.state.clone().unwrap_or_default();
        status_ui(ui, l10n, &state);
        ui.add_space(theme::ITEM_GAP);
        self.settings_ui(ui, l10n, scenario, from);
        self.actions_ui(ui, cx, &state, from);
        ui.add_space(theme::ITEM_GAP);
        test_ui(ui, cx, &state, from, to);
    }

    /// The fields start from the settings the relay has, once they are read.
    fn fill_from_saved(&mut self, cx: &PageCtx<'_>) {
        if self.filled {
            return;
        }
        let Some(state) = &cx.relay.state else {
            return;
        };
        self.filled = true;
        if let Some(config) = &state.config {
            self.listen = config.listen.to_string();
            self.port = config.port.to_string();
            self.allowed = config.allowed_clients.join(", ");
            self.route = Some(config.route);
            self.rewrite = config.rewrite_senders;
        }
    }

    /// Where the relay listens, who may send, how it delivers.
    fn settings_ui(
        &mut self,
        ui: &mut Ui,
        l10n: &crate::i18n::Localizer,
        scenario: Option<Scenario>,
        from: &str,
    ) {
        let route = self.route.get_or_insert(match scenario {
            Some(Scenario::GraphAppOnly) => DeliveryRoute::Graph,
            _ => DeliveryRoute::Smtp,
        });
        widgets::labelled_text_field(ui, &l10n.tr("relay-listen"), &mut self.listen, "127.0.0.1");
        widgets::labelled_text_field(ui, &l10n.tr("relay-port"), &mut self.port, "25");
        widgets::labelled_text_field(
            ui,
            &l10n.tr("relay-allowed"),
            &mut self.allowed,
            "192.168.10.0/24, 10.0.0.5",
        );
        let mut choice = Some(*route);
        widgets::radio_with_hint(
            ui,
            &mut choice,
            DeliveryRoute::Smtp,
            &l10n.tr("relay-route-smtp"),
            &l10n.tr("relay-route-smtp-hint"),
        );
        widgets::radio_with_hint(
            ui,
            &mut choice,
            DeliveryRoute::Graph,
            &l10n.tr("relay-route-graph"),
            &l10n.tr("relay-route-graph-hint"),
        );
        if let Some(choice) = choice {
            *route = choice;
        }
        ui.checkbox(
            &mut self.rewrite,
            l10n.tr_args("relay-rewrite", &[("mailbox", from.to_owned().into())]),
        );
    }

    /// Install, start, stop, remove, and what stands in their way.
    fn actions_ui(
        &mut self,
        ui: &mut Ui,
        cx: &mut PageCtx<'_>,
        state: &crate::relay::control::PanelState,
        from: &str,
    ) {
        let l10n = cx.l10n;
        let config = self.config(cx, from);
        let busy = cx.relay.busy();
        let needs_admin = cx.elevated == Some(false) && cx.relay.has_service_manager();
        ui.add_space(theme::ITEM_GAP);
        let service = state.service;
        let installed = service.is_some_and(|s| s != ServiceState::NotInstalled);
        ui.horizontal(|ui| {
            let can = busy.is_none() && !needs_admin;
            if ui
                .add_enabled(
                    can && config.is_ok(),
                    egui::Button::new(l10n.tr("relay-install")),
                )
                .clicked()
                && let Ok((config, key)) = config.clone()
            {
                cx.relay.start(Request::Install {
                    config: Box::new(config),
                    store: std::sync::Arc::clone(cx.secrets),
                    key,
                });
            }
            if cx.relay.has_service_manager() {
                if ui
                    .add_enabled(
                        can && installed && !state.running,
                        egui::Button::new(l10n.tr("relay-start")),
                    )
                    .clicked()
                {
                    cx.relay.start(Request::Start);
                }
                if ui
                    .add_enabled(
                        can && state.running,
                        egui::Button::new(l10n.tr("relay-stop")),
                    )
                    .clicked()
                {
                    cx.relay.start(Request::Stop);
                }
                if ui
                    .add_enabled(can && installed, egui::Button::new(l10n.tr("relay-remove")))
                    .clicked()
                {
                    cx.relay.start(Request::Remove);
                }
            }
        });
        if let Err(problem) = &config {
            ui.label(
                RichText::new(l10n.tr(problem))
                    .color(theme::tone_text(ui.visuals(), Tone::Warning)),
            );
        }
        if !cx.relay.has_service_manager() {
            ui.label(RichText::new(l10n.tr("relay-no-service")).weak());
        }
        if needs_admin {
            widgets::message_panel(
                ui,
                Tone::Warning,
                &l10n.tr("relay-needs-admin"),
                &l10n.tr("relay-needs-admin-fix"),
                None,
            );
            if ui.button(l10n.tr("welcome-restart-elevated")).clicked() {
                cx.commands
                    .push(crate::ui::command::Command::RestartElevated);
            }
        }
        if let Some(action) = busy
            && action != Action::SendTest
        {
            ui.horizontal(|ui| {
                widgets::spinner(ui);
                ui.label(l10n.tr(&format!("relay-busy-{}", action.key())));
            });
        }
        if let Some((action, Err(reason))) = &cx.relay.last {
            widgets::message_panel(
                ui,
                Tone::Bad,
                &l10n.tr(&format!("relay-failed-{}", action.key())),
                reason,
                None,
            );
        }
    }
}

/// Running, stopped or not set up, and the queue.
fn status_ui(
    ui: &mut Ui,
    l10n: &crate::i18n::Localizer,
    state: &crate::relay::control::PanelState,
) {
    let (tone, text) = if state.running {
        (
            Tone::Good,
            l10n.tr_args(
                "relay-state-running",
                &[(
                    "listen",
                    state
                        .listen
                        .map(|a| a.to_string())
                        .unwrap_or_default()
                        .into(),
                )],
            ),
        )
    } else if state.configured {
        (Tone::Warning, l10n.tr("relay-state-stopped"))
    } else {
        (Tone::Info, l10n.tr("relay-state-none"))
    };
    ui.horizontal(|ui| {
        widgets::status_badge(ui, tone, &text);
        if state.configured || !state.queue.is_empty() {
            ui.label(l10n.tr_args(
                "relay-queue",
                &[
                    ("waiting", state.queue.waiting.into()),
                    ("retrying", state.queue.retrying.into()),
                    ("dead", state.queue.dead.into()),
                ],
            ));
        }
    });
}

/// A test message through the relay, followed until Exchange Online has it.
fn test_ui(
    ui: &mut Ui,
    cx: &mut PageCtx<'_>,
    state: &crate::relay::control::PanelState,
    from: &str,
    to: &str,
) {
    let l10n = cx.l10n;
    let busy = cx.relay.busy();
    let can_test = state.running
        && busy.is_none()
        && crate::exchange_script::is_mailbox(from)
        && crate::exchange_script::is_mailbox(to);
    if ui
        .add_enabled(can_test, egui::Button::new(l10n.tr("relay-send-test")))
        .clicked()
    {
        let subject = crate::mailtest::unique_subject(&l10n.tr("test-mail-subject"));
        let body = l10n.tr_args(
            "relay-test-body",
            &[(
                "listen",
                state
                    .listen
                    .map(|a| a.to_string())
                    .unwrap_or_default()
                    .into(),
            )],
        );
        if let Ok(message) = crate::mailtest::rfc5322(from, to, &subject, &body) {
            cx.relay.start(Request::SendTest {
                from: from.to_owned(),
                to: to.to_owned(),
                message,
            });
        }
    }
    if busy == Some(Action::SendTest) {
        ui.horizontal(|ui| {
            widgets::spinner(ui);
            ui.label(match &cx.relay.accepted {
                Some(id) => l10n.tr_args("relay-test-following", &[("id", id.clone().into())]),
                None => l10n.tr("relay-test-sending"),
            });
        });
    }
    if let Some(outcome) = &cx.relay.test {
        test_outcome_ui(ui, cx.l10n, outcome);
    }
}

impl RelayPanel {
    /// The settings the Install button writes, or the message id of what is missing.
    fn config(
        &self,
        cx: &PageCtx<'_>,
        from: &str,
    ) -> Result<(RelayConfig, crate::secrets::SecretKey), &'static str> {
        let tenant = cx.session.tenant.as_ref().ok_or("relay-needs-tenant")?;
        let client_id =
            Guid::parse(&cx.session.registration.client_id).map_err(|_| "relay-needs-tenant")?;
        if !crate::exchange_script::is_mailbox(from) {
            return Err("relay-needs-mailbox");
        }
        let listen = self.listen.trim().parse().map_err(|_| "relay-bad-listen")?;
        let port = self.port.trim().parse().map_err(|_| "relay-bad-port")?;
        let config = RelayConfig {
            listen,
            port,
            allowed_clients: self
                .allowed
                .split([',', ';', ' '])
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect(),
            tenant_id: tenant.tenant_id.to_string(),
            client_id: client_id.to_string(),
            cloud: tenant.cloud.key().into(),
            route: self.route.unwrap_or_default(),
            mailbox: from.to_owned(),
            allowed_senders: vec![from.to_owned()],
            rewrite_senders: self.rewrite,
            secret_expires_on: cx.session.secret.expires_on,
            ..RelayConfig::default()
        };
        config.check().map_err(|error| match error {
            crate::relay::config::ConfigError::BadClient(_) => "relay-bad-allowed",
            crate::relay::config::ConfigError::OpenRelay(_) => "relay-open-relay",
            crate::relay::config::ConfigError::SmtpOutsideWorldwide => "relay-smtp-cloud",
            _ => "relay-needs-mailbox",
        })?;
        let key = crate::secrets::SecretKey {
            tenant_id: tenant.tenant_id.clone(),
            client_id,
            purpose: crate::identity::worker::CLIENT_SECRET,
        };
        Ok((config, key))
    }
}

fn test_outcome_ui(ui: &mut Ui, l10n: &crate::i18n::Localizer, outcome: &TestOutcome) {
    match outcome {
        TestOutcome::Delivered { id } => widgets::message_panel(
            ui,
            Tone::Good,
            &l10n.tr("relay-test-ok-title"),
            &l10n.tr_args("relay-test-ok", &[("id", id.clone().into())]),
            None,
        ),
        TestOutcome::Dead { id, reason } => widgets::message_panel(
            ui,
            Tone::Bad,
            &l10n.tr("relay-test-dead-title"),
            &l10n.tr_args(
                "relay-test-dead",
                &[("id", id.clone().into()), ("reason", reason.clone().into())],
            ),
            None,
        ),
        TestOutcome::Waiting {
            id,
            seconds,
            last_error,
        } => widgets::message_panel(
            ui,
            Tone::Warning,
            &l10n.tr("relay-test-waiting-title"),
            &l10n.tr_args(
                "relay-test-waiting",
                &[
                    ("id", id.clone().into()),
                    ("seconds", (*seconds).into()),
                    (
                        "error",
                        if last_error.is_empty() {
                            "-".to_owned()
                        } else {
                            last_error.clone()
                        }
                        .into(),
                    ),
                ],
            ),
            None,
        ),
        TestOutcome::Refused(reason) => widgets::message_panel(
            ui,
            Tone::Bad,
            &l10n.tr("relay-test-refused-title"),
            reason,
            None,
        ),
    }
}
