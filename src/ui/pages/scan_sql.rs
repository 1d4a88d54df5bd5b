//! The Scan page's SQL Server section: instances on this server to tick, how to log in, a
//! connection test that lists the databases, the databases for the whole-database search, and
//! the search itself with progress and Cancel.
//!
//! The jobs and what they found belong to the app (`ui::sql_jobs`), which drains them every
//! frame; this section holds only the form. The password lives only here, in memory, wiped
//! when the page goes away.

use egui::{RichText, Ui};
use zeroize::Zeroize as _;

use super::PageCtx;
use crate::i18n::Localizer;
use crate::sql::search::SearchRequest;
use crate::sql::{Auth, ConnParams, ServerName, SqlError};
use crate::ui::sql_jobs::{SearchEnd, SqlJobs};
use crate::ui::theme::{self, Tone};
use crate::ui::widgets;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum AuthChoice {
    Windows,
    Login,
}

pub struct SqlSection {
    server: String,
    auth: AuthChoice,
    user: String,
    password: String,
    encrypt: bool,
    trust: bool,
    /// Why the typed server name could not be used.
    bad_server: Option<SqlError>,
}

impl Default for SqlSection {
    fn default() -> Self {
        SqlSection {
            server: String::new(),
            auth: if cfg!(windows) {
                AuthChoice::Windows
            } else {
                AuthChoice::Login
            },
            user: String::new(),
            password: String::new(),
            encrypt: true,
            trust: false,
            bad_server: None,
        }
    }
}

impl Drop for SqlSection {
    fn drop(&mut self) {
        self.password.zeroize();
    }
}

fn password_field_id() -> egui::Id {
    egui::Id::unique("scan-sql-password-field")
}

impl SqlSection {
    fn params(&self, server: ServerName) -> ConnParams {
        let auth = match self.auth {
            AuthChoice::Windows => Auth::Integrated,
            AuthChoice::Login => Auth::SqlLogin {
                user: self.user.trim().to_owned(),
                password: secrecy::SecretString::from(self.password.clone()),
            },
        };
        let mut params = ConnParams::new(server, auth);
        params.encrypt = self.encrypt;
        params.trust_server_certificate = self.trust;
        params
    }

    /// The typed instance (with the ticked databases) and the ticked instances found here.
    fn requests(&self, jobs: &SqlJobs) -> Result<Vec<SearchRequest>, SqlError> {
        let mut requests: Vec<SearchRequest> = Vec::new();
        if !self.server.trim().is_empty() {
            requests.push(SearchRequest {
                conn: self.params(ServerName::parse(&self.server)?),
                databases: jobs
                    .databases
                    .iter()
                    .filter(|(_, ticked)| **ticked)
                    .map(|(name, _)| name.clone())
                    .collect(),
            });
        }
        if let Some(Ok(instances)) = &jobs.instances {
            for (instance, _) in instances.iter().filter(|(_, ticked)| *ticked) {
                let conn = self.params(instance.server_name("localhost"));
                if !requests.iter().any(|r| r.conn.label() == conn.label()) {
                    requests.push(SearchRequest {
                        conn,
                        databases: Vec::new(),
                    });
                }
            }
        }
        Ok(requests)
    }

    pub fn ui(&mut self, ui: &mut Ui, cx: &mut PageCtx<'_>) {
        let l10n = cx.l10n;
        widgets::section(ui, &l10n.tr("scan-sql-heading"));
        ui.label(RichText::new(l10n.tr("scan-sql-intro")).weak());
        let busy = cx.sql.is_searching();
        instances_ui(ui, l10n, cx.sql, busy);
        ui.add_space(theme::ITEM_GAP / 2.0);
        ui.add_enabled_ui(!busy, |ui| self.connection_ui(ui, l10n));
        self.test_ui(ui, l10n, cx.sql, busy);
        databases_ui(ui, l10n, cx.sql, busy);
        ui.add_space(theme::ITEM_GAP / 2.0);
        self.search_ui(ui, cx);
        if let Some(problem) = &cx.sql.problem {
            widgets::message_panel(
                ui,
                Tone::Bad,
                &l10n.tr("scan-failed-title"),
                &l10n.tr_args("scan-start-failed", &[("error", problem.clone().into())]),
                None,
            );
        }
    }

    /// Server, sign-in and encryption of a typed instance.
    fn connection_ui(&mut self, ui: &mut Ui, l10n: &Localizer) {
        widgets::labelled_text_field(
            ui,
            &l10n.tr("scan-sql-server"),
            &mut self.server,
            &l10n.tr("scan-sql-server-hint"),
        );
        let mut choice = Some(self.auth);
        if cfg!(windows) {
            widgets::radio_with_hint(
                ui,
                &mut choice,
                AuthChoice::Windows,
                &l10n.tr("scan-sql-auth-windows"),
                &l10n.tr("scan-sql-auth-windows-hint"),
            );
        }
        widgets::radio_with_hint(
            ui,
            &mut choice,
            AuthChoice::Login,
            &l10n.tr("scan-sql-auth-login"),
            &l10n.tr("scan-sql-auth-login-hint"),
        );
        if let Some(choice) = choice {
            self.auth = choice;
        }
        if self.auth == AuthChoice::Login {
            widgets::labelled_text_field(ui, &l10n.tr("scan-sql-user"), &mut self.user, "");
            ui.horizontal(|ui| {
                let label = ui.label(l10n.tr("scan-sql-password"));
                ui.add(
                    egui::TextEdit::singleline(&mut self.password)
                        .id(password_field_id())
                        .password(true)
                        .desired_width(240.0),
                )
                .labelled_by(label.id);
            });
        }
        ui.checkbox(&mut self.encrypt, l10n.tr("scan-sql-encrypt"));
        ui.checkbox(&mut self.trust, l10n.tr("scan-sql-trust"));
        ui.label(RichText::new(l10n.tr("scan-sql-trust-hint")).weak().small());
    }

    /// "Test connection" and what it found.
    fn test_ui(&mut self, ui: &mut Ui, l10n: &Localizer, jobs: &mut SqlJobs, busy: bool) {
        if jobs.is_testing() {
            ui.horizontal(|ui| {
                widgets::spinner(ui);
                ui.label(l10n.tr("scan-sql-testing"));
            });
        } else if ui
            .add_enabled(
                !busy && !self.server.trim().is_empty(),
                egui::Button::new(l10n.tr("scan-sql-test")),
            )
            .clicked()
        {
            match ServerName::parse(&self.server) {
                Ok(server) => {
                    self.bad_server = None;
                    jobs.test(self.params(server));
                }
                Err(error) => self.bad_server = Some(error),
            }
        }
        if let Some(error) = &self.bad_server {
            failed_panel(ui, l10n, error);
        }
        match &jobs.tested {
            Some(Ok(info)) => widgets::message_panel(
                ui,
                Tone::Good,
                &l10n.tr_args(
                    "scan-sql-connected",
                    &[
                        ("server", info.server_name.clone().into()),
                        ("version", info.version.clone().into()),
                        ("count", info.databases.len().into()),
                    ],
                ),
                "",
                None,
            ),
            Some(Err(error)) => failed_panel(ui, l10n, error),
            None => {}
        }
    }

    /// Start, progress and outcome of the search.
    fn search_ui(&mut self, ui: &mut Ui, cx: &mut PageCtx<'_>) {
        let l10n = cx.l10n;
        if cx.sql.is_searching() {
            let label = l10n.tr("scan-sql-running");
            let progress = cx.sql.progress();
            let fraction = progress.and_then(|p| p.total.map(|t| p.done as f32 / t.max(1) as f32));
            let current = progress
                .map(|p| p.current.clone())
                .filter(|c| !c.is_empty());
            if widgets::progress_row(ui, l10n, &label, fraction) {
                cx.sql.cancel_search();
            }
            if let Some(current) = current {
                ui.label(RichText::new(current).weak().small());
            }
        } else {
            let requests = self.requests(cx.sql);
            let ready = matches!(&requests, Ok(r) if !r.is_empty());
            if ui
                .add_enabled(ready, egui::Button::new(l10n.tr("scan-sql-run")))
                .clicked()
            {
                match requests {
                    Ok(requests) => {
                        // The field's undo history holds the password: forget it now.
                        ui.ctx().data_mut(|d| {
                            d.remove::<egui::text_edit::TextEditState>(password_field_id())
                        });
                        cx.sql.search(requests, cx.catalog);
                    }
                    Err(error) => self.bad_server = Some(error),
                }
            }
        }
        match cx.sql.ended() {
            Some(SearchEnd::Done { findings, errors }) => widgets::message_panel(
                ui,
                if *errors == 0 {
                    Tone::Good
                } else {
                    Tone::Warning
                },
                &l10n.tr_args(
                    "scan-sql-done",
                    &[
                        ("findings", (*findings).into()),
                        ("errors", (*errors).into()),
                    ],
                ),
                "",
                None,
            ),
            Some(SearchEnd::Cancelled) => {
                widgets::message_panel(ui, Tone::Info, &l10n.tr("scan-sql-cancelled"), "", None)
            }
            None => {}
        }
    }
}

fn failed_panel(ui: &mut Ui, l10n: &Localizer, error: &SqlError) {
    widgets::message_panel(
        ui,
        Tone::Bad,
        &l10n.tr("scan-sql-failed-title"),
        &error.localize(l10n),
        None,
    );
}

/// The instances on this server, found on request, each to tick.
fn instances_ui(ui: &mut Ui, l10n: &Localizer, jobs: &mut SqlJobs, busy: bool) {
    if jobs.is_discovering() {
        ui.horizontal(|ui| {
            widgets::spinner(ui);
            ui.label(l10n.tr("scan-sql-finding-instances"));
        });
    } else if ui
        .add_enabled(!busy, egui::Button::new(l10n.tr("scan-sql-find-instances")))
        .clicked()
    {
        jobs.discover(crate::sql::conn::BROWSER_PORT);
    }
    match &mut jobs.instances {
        Some(Ok(list)) if list.is_empty() => {
            ui.label(RichText::new(l10n.tr("scan-sql-no-instances")).weak());
        }
        Some(Ok(list)) => {
            ui.label(RichText::new(l10n.tr("scan-sql-instances-hint")).weak());
            for (instance, ticked) in list.iter_mut() {
                let port = instance
                    .tcp_port
                    .map_or_else(|| "none".to_owned(), |p| p.to_string());
                ui.checkbox(
                    ticked,
                    l10n.tr_args(
                        "scan-sql-instance-line",
                        &[
                            ("name", instance.name.clone().into()),
                            ("port", port.into()),
                        ],
                    ),
                );
            }
        }
        Some(Err(error)) => {
            ui.label(RichText::new(error.localize(l10n)).weak());
        }
        None => {}
    }
}

/// The databases of a tested instance, each to tick for the whole-database search.
fn databases_ui(ui: &mut Ui, l10n: &Localizer, jobs: &mut SqlJobs, busy: bool) {
    let Some(Ok(info)) = &jobs.tested else {
        return;
    };
    ui.label(RichText::new(l10n.tr("scan-sql-databases")).strong());
    ui.label(RichText::new(l10n.tr("scan-sql-databases-hint")).weak());
    ui.add_enabled_ui(!busy, |ui| {
        for (name, ticked) in &mut jobs.databases {
            ui.checkbox(ticked, name.as_str());
        }
        for db in info.databases.iter().filter(|d| !d.searchable()) {
            ui.add_enabled(
                false,
                egui::Checkbox::new(
                    &mut false,
                    l10n.tr_args(
                        "scan-sql-database-unusable",
                        &[
                            ("name", db.name.clone().into()),
                            ("state", db.state.clone().into()),
                        ],
                    ),
                ),
            );
        }
    });
}
