//! Tenant & app registration: the scenario and its access route (with what to know about it),
//! the portal steps with every value to copy, the ids the admin pastes back (validated against
//! the tenant), the Exchange PowerShell, and the Entra side of the permissions.

use egui::{RichText, Ui};

use super::PageCtx;
use super::preset_ui;
use crate::access::{self, Access, Route};
use crate::exchange_script::{self, AllSolutionsInputs, ScriptInputs};
use crate::guid::{Guid, GuidError};
use crate::i18n::Localizer;
use crate::identity::autoreg::EntraGrant;
use crate::identity::worker::Job;
use crate::portal;
use crate::presets::Preset;
use crate::registration::EntraCheck;
use crate::scenario::Scenario;
use crate::ui::identity_jobs::JobKind;
use crate::ui::theme::{self, Tone};
use crate::ui::widgets;

#[derive(Default)]
pub struct RegistrationPage {
    saved_script: Option<Result<String, crate::fsutil::FileError>>,
    /// Where Save puts the script; the documents folder until the admin picks another.
    folder: String,
    /// Secret lifetime for the automatic registration.
    auto_months: Option<u32>,
}

/// What the scan's plan needs from this registration: the relay that sends for the applications
/// that cannot use OAuth signs in as the application itself (app-only), and applications with
/// their own OAuth setting are registered as their vendors describe.
fn plan_needs_ui(ui: &mut Ui, cx: &mut PageCtx<'_>) {
    let l10n = cx.l10n;
    let Some(plan) = &cx.session.plan else {
        return;
    };
    let needs = plan.needs();
    let names = |ids: &[String]| {
        ids.iter()
            .map(|id| {
                cx.catalog
                    .get(id)
                    .map(|a| a.name.get(l10n.language()).to_owned())
                    .unwrap_or_else(|| id.clone())
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    if needs.through_relay.is_empty() && needs.own_oauth.is_empty() {
        return;
    }
    widgets::section(ui, &l10n.tr("registration-plan-heading"));
    if !needs.through_relay.is_empty() {
        let text = if needs.relay_is_local {
            l10n.tr_args(
                "registration-plan-relay",
                &[("apps", names(&needs.through_relay).into())],
            )
        } else {
            l10n.tr_args(
                "registration-plan-relay-elsewhere",
                &[("apps", names(&needs.through_relay).into())],
            )
        };
        ui.label(text);
        if needs.relay_is_local
            && cx.session.registration.preset.is_none()
            && cx.session.registration.scenario != Some(Scenario::SmtpAppOnly)
            && ui
                .button(l10n.tr("registration-plan-choose-smtp"))
                .clicked()
        {
            cx.session
                .registration
                .choose_scenario(Scenario::SmtpAppOnly);
        }
    }
    if !needs.own_oauth.is_empty() {
        ui.label(l10n.tr_args(
            "registration-plan-own",
            &[("apps", names(&needs.own_oauth).into())],
        ));
    }
}

impl RegistrationPage {
    pub fn ui(&mut self, ui: &mut Ui, cx: &mut PageCtx<'_>) {
        let l10n = cx.l10n;
        widgets::page_heading(
            ui,
            &l10n.tr("registration-title"),
            &l10n.tr("registration-intro"),
        );

        plan_needs_ui(ui, cx);
        preset_ui::choice_ui(ui, cx);
        let preset = cx.session.registration.preset;
        match preset {
            None => {
                widgets::section(ui, &l10n.tr("registration-scenario-heading"));
                let mut chosen = cx.session.registration.scenario;
                for scenario in Scenario::ALL {
                    let key = scenario.key();
                    widgets::radio_with_hint(
                        ui,
                        &mut chosen,
                        scenario,
                        &l10n.tr(&format!("scenario-{key}")),
                        &l10n.tr(&format!("scenario-{key}-hint")),
                    );
                }
                if let Some(scenario) = chosen {
                    cx.session.registration.choose_scenario(scenario);
                }
                access_ui(ui, cx);
            }
            Some(preset) => preset_ui::fixed_scenario_ui(ui, cx, preset),
        }
        if let Some(preset) = preset {
            preset_ui::guide_ui(ui, cx, preset, "registration", &mut |ui, cx, kind| {
                self.preset_script_ui(ui, cx, kind)
            });
            if !preset.needs_own_registration() {
                // The vendor's app: the tenant is all Overstap needs, for the admin consent.
                tenant_ui(ui, cx);
                widgets::section(ui, &l10n.tr("registration-ids-heading"));
                tenant_id_ui(ui, cx);
                return;
            }
        }

        tenant_ui(ui, cx);
        if cx.session.registration.scenario.is_none() {
            return;
        }
        if let Some(preset) = preset.filter(|p| !p.uses_generic_route()) {
            // The vendor's own steps, ids and checks from its file: no route of Overstap's own.
            portal_steps_ui(ui, cx, None);
            ids_ui(ui, cx);
            preset_ui::guide_ui(
                ui,
                cx,
                preset,
                "registration-values",
                &mut |ui, cx, kind| self.preset_script_ui(ui, cx, kind),
            );
            return;
        }
        // A route still to choose (a session from before the choice): `access_ui` asks for it.
        let Some(route) = cx.session.registration.route() else {
            return;
        };
        if preset.is_none() {
            self.automatic_ui(ui, cx, route);
        }
        portal_steps_ui(ui, cx, Some(route));
        ids_ui(ui, cx);
        self.script_ui(ui, cx, route);
        if route.scenario.needs_client_secret() {
            entra_check_ui(ui, cx, route);
        }
    }

    /// One administrator sign-in, and Overstap creates the registration through Graph.
    fn automatic_ui(&mut self, ui: &mut Ui, cx: &mut PageCtx<'_>, route: &'static Route) {
        use crate::identity::autoreg::{Plan, Step};
        let l10n = cx.l10n;
        widgets::section(ui, &l10n.tr("registration-auto-heading"));
        ui.label(l10n.tr("registration-auto-intro"));
        let months = *self.auto_months.get_or_insert(12);
        if route.scenario.needs_client_secret() {
            ui.horizontal(|ui| {
                ui.label(l10n.tr("registration-auto-secret-months"));
                for choice in [6, 12, 24] {
                    let label = l10n.tr_args("secret-expiry-months", &[("months", choice.into())]);
                    if ui.radio(months == choice, label).clicked() {
                        self.auto_months = Some(choice);
                    }
                }
            });
        }
        let busy = cx.identity.running().is_some();
        let tenant = cx.session.tenant.clone();
        let button = ui
            .add_enabled(
                tenant.is_some() && !busy,
                egui::Button::new(l10n.tr("registration-auto-start")),
            )
            .on_disabled_hover_text(l10n.tr("registration-auto-needs-tenant"));
        if tenant.is_none() {
            ui.label(RichText::new(l10n.tr("registration-auto-needs-tenant")).weak());
        }
        if button.clicked()
            && let Some(tenant) = tenant
        {
            let plan = Plan {
                route,
                display_name: portal::suggested_name(
                    route.scenario,
                    &cx.session.registration.mail_domain,
                ),
                secret_months: self.auto_months.unwrap_or(12),
            };
            cx.identity
                .start(JobKind::AutoRegister, Job::AutoRegister { tenant, plan });
        }
        if cx.identity.running() == Some(JobKind::AutoRegister) {
            let current = cx.identity.autoreg_step;
            for step in Step::ALL {
                if !step.applies_to(route) {
                    continue;
                }
                let (tone, mark) = match current {
                    Some(now) if now == step => (Tone::Info, "›"),
                    Some(now) if (now as usize) > (step as usize) => (Tone::Good, "·"),
                    _ => (Tone::Neutral, "·"),
                };
                ui.label(
                    RichText::new(format!("{mark} {}", l10n.tr(step.message_id())))
                        .color(theme::tone_text(ui.visuals(), tone)),
                );
            }
        }
        super::consent::progress_ui(ui, l10n, cx.identity, &[JobKind::AutoRegister]);
        super::consent::result_ui(ui, l10n, cx.identity, &[JobKind::AutoRegister]);
        if let Some(incomplete) = &cx.session.registration.autoreg_incomplete {
            incomplete_ui(ui, l10n, incomplete);
        }
        ui.add_space(theme::ITEM_GAP);
        ui.label(RichText::new(l10n.tr("registration-auto-or-manual")).weak());
    }

    fn script_ui(&mut self, ui: &mut Ui, cx: &mut PageCtx<'_>, route: &'static Route) {
        let l10n = cx.l10n;
        widgets::section(ui, &l10n.tr("registration-script-heading"));
        ui.label(l10n.tr(match route.access {
            Access::Rbac => "registration-script-intro",
            Access::Entra => "registration-script-intro-entra",
            Access::Delegated => "registration-script-intro-delegated",
        }));
        let registration = &cx.session.registration;
        let inputs = ScriptInputs {
            tenant_id: Guid::parse(&registration.tenant_id).ok(),
            client_id: Guid::parse(&registration.client_id).ok(),
            enterprise_object_id: Guid::parse(&registration.enterprise_object_id).ok(),
            mailbox: exchange_script::parse_mailbox(&registration.mailbox).ok(),
        };
        let text = exchange_script::script(route, &inputs, l10n);
        let name = exchange_script::file_name(route, &inputs);
        self.script_box_ui(ui, cx, text, &name);
    }

    /// A preset's script block (`presets::model::SCRIPT_KINDS`; `upn-and-imap` is the only
    /// one).
    fn preset_script_ui(&mut self, ui: &mut Ui, cx: &mut PageCtx<'_>, _kind: &str) {
        let l10n = cx.l10n;
        let registration = &cx.session.registration;
        let inputs =
            AllSolutionsInputs::from_typed(&registration.mailbox, &registration.answers.sync_users);
        let text = exchange_script::allsolutions_checks(&inputs, l10n);
        let name = exchange_script::allsolutions_file_name(&inputs);
        self.script_box_ui(ui, cx, text, &name);
    }

    /// The script read-only, with Copy and Save.
    fn script_box_ui(&mut self, ui: &mut Ui, cx: &mut PageCtx<'_>, mut text: String, name: &str) {
        let l10n = cx.l10n;
        egui::ScrollArea::vertical()
            .id_salt("script-scroll")
            .max_height(260.0)
            .show(ui, |ui| {
                ui.add(
                    egui::TextEdit::multiline(&mut text)
                        .code_editor()
                        .desired_width(f32::INFINITY)
                        .interactive(false),
                );
            });
        widgets::save_folder_field(ui, l10n, cx.dialogs, &mut self.folder, cx.documents_dir);
        ui.horizontal(|ui| {
            if ui.button(l10n.tr("widget-copy")).clicked() {
                ui.ctx().copy_text(text.clone());
            }
            if ui.button(l10n.tr("registration-script-save")).clicked() {
                let folder = widgets::chosen_folder(&self.folder, cx.documents_dir);
                self.saved_script = Some(save_script(&folder, name, &text));
            }
        });
        match &self.saved_script {
            Some(Ok(path)) => {
                ui.horizontal(|ui| {
                    widgets::status_badge(
                        ui,
                        Tone::Good,
                        &l10n.tr_args(
                            "registration-script-saved",
                            &[("path", path.clone().into())],
                        ),
                    );
                    if ui
                        .button(l10n.tr("registration-script-open-folder"))
                        .clicked()
                        && let Some(folder) = std::path::Path::new(path).parent()
                    {
                        cx.identity.open_saved_file(folder);
                    }
                });
            }
            Some(Err(error)) => widgets::error_panel(
                ui,
                l10n,
                &l10n.tr("registration-script-save-failed"),
                &l10n.message(&error.message()),
                &l10n.tr("registration-script-save-failed-fix"),
                &error.to_string(),
            ),
            None => {}
        }
    }
}

/// Saves into the chosen folder (Documents\Overstap unless the admin picked another), atomically.
fn save_script(
    folder: &std::path::Path,
    name: &str,
    text: &str,
) -> Result<String, crate::fsutil::FileError> {
    let path = folder.join(name);
    // Windows PowerShell 5.1 reads a .ps1 without a byte order mark as ANSI: Dutch comments
    // would turn into mojibake.
    let contents = format!("\u{feff}{text}");
    crate::fsutil::write_atomic(&path, contents.as_bytes())
        .map_err(|e| crate::fsutil::FileError::new(&path, e))?;
    Ok(path.display().to_string())
}

/// Mail domain and tenant lookup.
fn tenant_ui(ui: &mut Ui, cx: &mut PageCtx<'_>) {
    let l10n = cx.l10n;
    widgets::section(ui, &l10n.tr("registration-tenant-heading"));
    widgets::labelled_text_field(
        ui,
        &l10n.tr("registration-mail-domain"),
        &mut cx.session.registration.mail_domain,
        "contoso.nl",
    );
    let input = super::consent::lookup_input_of(&cx.session.registration);
    let busy = cx.identity.running().is_some();
    if ui
        .add_enabled(
            !busy && !input.is_empty(),
            egui::Button::new(l10n.tr("registration-lookup")),
        )
        .on_hover_text(l10n.tr("registration-lookup.tooltip"))
        .clicked()
    {
        cx.identity
            .start(JobKind::Discover, Job::Discover { input });
    }
    let kinds = [JobKind::Discover, JobKind::CheckClient];
    super::consent::progress_ui(ui, l10n, cx.identity, &kinds);
    super::consent::result_ui(ui, l10n, cx.identity, &kinds);
    if let Some(tenant) = &cx.session.tenant {
        super::consent::tenant_summary_ui(ui, l10n, tenant);
    }
}

/// The portal steps of the route, or the preset file's own steps (`route` is `None` then).
fn portal_steps_ui(ui: &mut Ui, cx: &mut PageCtx<'_>, route: Option<&'static Route>) {
    let l10n = cx.l10n;
    widgets::section(ui, &l10n.tr("registration-portal-heading"));
    let registration = &cx.session.registration;
    let client_id = Guid::parse(&registration.client_id).ok();
    let steps = match route {
        Some(route) => portal::steps(route, &registration.mail_domain, client_id.as_ref()),
        None => registration
            .preset
            .map(|preset| preset.portal_steps(&registration.answers, client_id.as_ref()))
            .unwrap_or_default(),
    };
    for (index, step) in steps.iter().enumerate() {
        widgets::numbered_step(ui, index + 1, &l10n.tr(step.text_id));
        ui.indent(("portal-step", index), |ui| {
            for value in &step.values {
                widgets::copyable_value(ui, l10n, &l10n.tr(value.label_id), &value.value);
            }
            if let Some(link) = &step.link
                && ui
                    .link(l10n.tr("registration-open-portal"))
                    .on_hover_text(link.as_str())
                    .clicked()
            {
                cx.identity.open_url(link);
            }
        });
        ui.add_space(theme::ITEM_GAP / 2.0);
    }
}

/// Tenant id, client id, Enterprise application object id (when the route registers a service
/// principal in Exchange) and mailbox, each validated.
fn ids_ui(ui: &mut Ui, cx: &mut PageCtx<'_>) {
    let l10n = cx.l10n;
    widgets::section(ui, &l10n.tr("registration-ids-heading"));
    ui.label(l10n.tr("registration-ids-where"));
    ui.add_space(theme::ITEM_GAP);
    tenant_id_ui(ui, cx);
    let registration = &mut cx.session.registration;
    widgets::labelled_text_field(
        ui,
        &l10n.tr("registration-client-id"),
        &mut registration.client_id,
        "00000000-0000-0000-0000-000000000000",
    );
    let client = guid_feedback(ui, l10n, &registration.client_id);
    if crate::wizard::same_ids(registration) {
        widgets::message_panel(
            ui,
            Tone::Bad,
            &l10n.tr("registration-same-ids-title"),
            &l10n.tr("registration-same-ids"),
            None,
        );
    }
    if let (Some(found), Some(client)) = (cx.session.tenant.clone(), client.clone()) {
        let busy = cx.identity.running().is_some();
        if ui
            .add_enabled(
                !busy,
                egui::Button::new(l10n.tr("registration-check-client")),
            )
            .on_hover_text(l10n.tr("registration-check-client.tooltip"))
            .clicked()
        {
            cx.identity.start(
                JobKind::CheckClient,
                Job::CheckClient {
                    tenant: found,
                    client_id: client,
                },
            );
        }
    }

    let registration = &mut cx.session.registration;
    // Only a route with a service principal in Exchange needs the Enterprise application's
    // object id (AllSolutions registers nothing in Exchange); the wizard checks it only then.
    if crate::wizard::asks_enterprise_object_id(registration) {
        ui.add_space(theme::ITEM_GAP);
        widgets::message_panel(
            ui,
            Tone::Info,
            &l10n.tr("registration-object-ids-title"),
            &l10n.tr("registration-object-ids"),
            None,
        );
        widgets::labelled_text_field(
            ui,
            &l10n.tr("registration-enterprise-object-id"),
            &mut registration.enterprise_object_id,
            "00000000-0000-0000-0000-000000000000",
        );
        guid_feedback(ui, l10n, &registration.enterprise_object_id);
        if crate::wizard::object_id_is_other_id(registration) {
            widgets::status_badge(
                ui,
                Tone::Bad,
                &l10n.tr("registration-object-id-is-other-id"),
            );
        }
    }
    ui.add_space(theme::ITEM_GAP);
    widgets::labelled_text_field(
        ui,
        &l10n.tr(registration
            .preset
            .and_then(Preset::mailbox_label)
            .unwrap_or("registration-mailbox")),
        &mut registration.mailbox,
        "scanner@contoso.nl",
    );
    if crate::wizard::mailbox_is_invalid(registration) {
        widgets::status_badge(ui, Tone::Bad, &l10n.tr("registration-mailbox-invalid"));
    }
}

/// The route choice (for scenarios with two documented routes) and what to know about the
/// route, each with the Microsoft page that says so.
fn access_ui(ui: &mut Ui, cx: &mut PageCtx<'_>) {
    let l10n = cx.l10n;
    let Some(scenario) = cx.session.registration.scenario else {
        return;
    };
    let routes = access::routes_for(scenario);
    if routes.len() > 1 {
        widgets::section(ui, &l10n.tr("registration-access-heading"));
        ui.label(l10n.tr("registration-access-intro"));
        if cx.session.registration.needs_access_choice() {
            old_session_ui(ui, l10n, scenario);
        }
        let mut chosen = cx.session.registration.access;
        for route in &routes {
            widgets::radio_with_hint(
                ui,
                &mut chosen,
                route.access,
                &l10n.tr(&route.name_id()),
                &l10n.tr(&route.hint_id()),
            );
        }
        cx.session.registration.access = chosen;
    }
    let Some(route) = cx.session.registration.route() else {
        return;
    };
    if route.limits.is_empty() {
        return;
    }
    ui.add_space(theme::ITEM_GAP);
    egui::CollapsingHeader::new(l10n.tr("registration-access-limits-heading"))
        .id_salt(("limits", route.key()))
        .default_open(true)
        .show(ui, |ui| {
            for limit in &route.limits {
                ui.label(format!("• {}", l10n.tr(&limit.text_id)));
                ui.indent(("limit-source", &limit.text_id), |ui| {
                    let source = l10n.tr_args(
                        "access-source",
                        &[
                            ("title", limit.source.title.clone().into()),
                            ("date", limit.source.date.clone().into()),
                        ],
                    );
                    if ui
                        .link(RichText::new(source).small())
                        .on_hover_text(limit.source.url.as_str())
                        .clicked()
                    {
                        cx.identity.open_url(&limit.source.url);
                    }
                });
            }
        });
}

/// A version 1 session: what its set-up did, before the admin chooses a route.
fn old_session_ui(ui: &mut Ui, l10n: &Localizer, scenario: Scenario) {
    let (Some(rbac), Some(entra)) = (
        access::route(scenario, Access::Rbac),
        access::route(scenario, Access::Entra),
    ) else {
        return;
    };
    widgets::message_panel(
        ui,
        Tone::Warning,
        &l10n.tr("registration-access-old-title"),
        &l10n.tr_args(
            "registration-access-old",
            &[
                (
                    "scenario",
                    l10n.tr(&format!("scenario-{}", scenario.key())).into(),
                ),
                ("permission", entra.token_roles().join(", ").into()),
                ("role", rbac.role.clone().unwrap_or_default().into()),
            ],
        ),
        None,
    );
}

/// An automatic registration that stopped part-way: what exists, where the secret is, and how
/// to finish or clean up.
fn incomplete_ui(ui: &mut Ui, l10n: &Localizer, incomplete: &crate::identity::autoreg::Incomplete) {
    use crate::identity::autoreg::SecretOutcome;
    let name = incomplete.display_name.as_str();
    let mut lines = vec![l10n.tr_args(
        "autoreg-partial-made",
        &[
            ("name", name.to_owned().into()),
            ("client", incomplete.client_id.to_string().into()),
        ],
    )];
    if let Some(object) = &incomplete.enterprise_object_id {
        lines.push(l10n.tr_args(
            "autoreg-partial-principal",
            &[("object", object.to_string().into())],
        ));
    }
    match incomplete.secret {
        SecretOutcome::None => {}
        SecretOutcome::Stored { expires_on } => lines.push(l10n.tr_args(
            "autoreg-partial-secret-stored",
            &[("date", expires_on.format("%Y-%m-%d").to_string().into())],
        )),
        SecretOutcome::Removed => lines.push(l10n.tr("autoreg-partial-secret-removed")),
        SecretOutcome::Orphaned => lines.push(l10n.tr_args(
            "autoreg-partial-secret-orphaned",
            &[("name", name.to_owned().into())],
        )),
    }
    ui.add_space(theme::ITEM_GAP);
    widgets::message_panel(
        ui,
        Tone::Warning,
        &l10n.tr("autoreg-partial-title"),
        &lines.join("\n"),
        Some(&l10n.tr_args(
            "autoreg-partial-cleanup",
            &[("name", name.to_owned().into())],
        )),
    );
}

/// The Entra side beside the script's Exchange-side check: an administrator signs in, Overstap
/// lists what Entra grants the application and compares it with the route.
fn entra_check_ui(ui: &mut Ui, cx: &mut PageCtx<'_>, route: &'static Route) {
    let l10n = cx.l10n;
    widgets::section(ui, &l10n.tr("entra-check-heading"));
    ui.label(l10n.tr("entra-check-intro"));
    let client_id = Guid::parse(&cx.session.registration.client_id).ok();
    let tenant = cx.session.tenant.clone();
    let busy = cx.identity.running().is_some();
    let ready = tenant.is_some() && client_id.is_some();
    if ui
        .add_enabled(
            ready && !busy,
            egui::Button::new(l10n.tr("entra-check-start")),
        )
        .clicked()
        && let (Some(tenant), Some(client_id)) = (tenant, client_id)
    {
        cx.identity.start(
            JobKind::EntraCheck,
            Job::ListEntraPermissions { tenant, client_id },
        );
    }
    if !ready {
        ui.label(RichText::new(l10n.tr("entra-check-needs")).weak());
    }
    super::consent::progress_ui(ui, l10n, cx.identity, &[JobKind::EntraCheck]);
    super::consent::result_ui(ui, l10n, cx.identity, &[JobKind::EntraCheck]);
    if let Some(check) = cx.session.registration.current_entra_check() {
        entra_result_ui(ui, l10n, check, route);
    }
}

fn entra_result_ui(ui: &mut Ui, l10n: &Localizer, check: &EntraCheck, route: &Route) {
    let list = |grants: &[EntraGrant]| {
        if grants.is_empty() {
            l10n.tr("entra-check-none")
        } else {
            grants
                .iter()
                .map(|g| format!("{}: {}", g.resource, g.permission))
                .collect::<Vec<_>>()
                .join(", ")
        }
    };
    ui.add_space(theme::ITEM_GAP);
    ui.label(
        RichText::new(
            l10n.tr_args(
                "entra-check-when",
                &[(
                    "when",
                    check
                        .at
                        .with_timezone(&chrono::Local)
                        .format("%Y-%m-%d %H:%M")
                        .to_string()
                        .into(),
                )],
            ),
        )
        .weak(),
    );
    let permissions = &check.permissions;
    if !permissions.principal_found {
        widgets::message_panel(
            ui,
            Tone::Info,
            &l10n.tr("entra-check-no-principal"),
            "",
            None,
        );
    }
    egui::Grid::new("entra-check")
        .num_columns(2)
        .spacing([16.0, 4.0])
        .show(ui, |ui| {
            ui.label(l10n.tr("entra-check-granted"));
            ui.label(list(&permissions.granted));
            ui.end_row();
            ui.label(l10n.tr("entra-check-configured"));
            ui.label(list(&permissions.configured));
            ui.end_row();
        });
    let (extra, missing) = permissions.compare(route);
    if !extra.is_empty() {
        widgets::message_panel(
            ui,
            Tone::Bad,
            &l10n.tr_args(
                "entra-check-extra-title",
                &[("permissions", extra.join(", ").into())],
            ),
            &l10n.tr("entra-check-extra"),
            None,
        );
    }
    if !missing.is_empty() {
        widgets::message_panel(
            ui,
            Tone::Warning,
            &l10n.tr_args(
                "entra-check-missing-title",
                &[("permissions", missing.join(", ").into())],
            ),
            &l10n.tr("entra-check-missing"),
            None,
        );
    }
    if extra.is_empty() && missing.is_empty() {
        let expected = route.token_roles();
        widgets::message_panel(
            ui,
            Tone::Good,
            &l10n.tr("entra-check-ok-title"),
            &l10n.tr_args(
                "entra-check-ok",
                &[(
                    "expected",
                    if expected.is_empty() {
                        l10n.tr("entra-check-none")
                    } else {
                        expected.join(", ")
                    }
                    .into(),
                )],
            ),
            None,
        );
    }
}

/// The tenant id field, checked against the tenant the lookup found.
fn tenant_id_ui(ui: &mut Ui, cx: &mut PageCtx<'_>) {
    let l10n = cx.l10n;
    let registration = &mut cx.session.registration;
    widgets::labelled_text_field(
        ui,
        &l10n.tr("registration-tenant-id"),
        &mut registration.tenant_id,
        "00000000-0000-0000-0000-000000000000",
    );
    guid_feedback(ui, l10n, &registration.tenant_id);
    if crate::wizard::tenant_mismatch(cx.session)
        && let Some(found) = &cx.session.tenant
    {
        widgets::message_panel(
            ui,
            Tone::Bad,
            &l10n.tr("registration-tenant-mismatch-title"),
            &l10n.tr_args(
                "registration-tenant-mismatch",
                &[
                    ("domain", found.queried.clone().into()),
                    ("tenant", found.tenant_id.to_string().into()),
                ],
            ),
            None,
        );
    }
}

/// Shows under a GUID field what is wrong with it, or its canonical form when it is right.
fn guid_feedback(ui: &mut Ui, l10n: &Localizer, value: &str) -> Option<Guid> {
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
