//! The Scan page's SQL Server section: instances on this server to tick, how to log in, a
//! connection test that lists the databases, the databases for the whole-database search, and
//! the search itself with progress and Cancel.
//!
//! Every piece of work is a `sql::worker::SqlJob` on its own thread; the section drains its
//! events each frame. The search's findings join the session's scan report (replacing the SQL
//! findings of an earlier search) and go through `checklist::apply_scan` like any scan; when
//! the files-and-registry scan runs again afterwards, the last SQL findings are added back. The
//! password lives only in this section's memory, wiped when the page goes away.

use std::collections::BTreeMap;
use std::sync::Arc;

use egui::{RichText, Ui};
use zeroize::Zeroize as _;

use super::PageCtx;
use crate::detect::{Progress, ScanReport};
use crate::i18n::Localizer;
use crate::session::ScanState;
use crate::sql::discover::Instance;
use crate::sql::search::{SearchRequest, ServerInfo};
use crate::sql::worker::{SqlEvent, SqlJob};
use crate::sql::{Auth, ConnParams, ServerName, SqlError};
use crate::ui::theme::{self, Tone};
use crate::ui::widgets;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum AuthChoice {
    Windows,
    Login,
}

/// How the last search ended.
enum SearchEnd {
    Done { findings: usize, errors: usize },
    Cancelled,
}

pub struct SqlSection {
    discovery: Option<SqlJob>,
    instances: Option<Result<Vec<(Instance, bool)>, SqlError>>,
    server: String,
    auth: AuthChoice,
    user: String,
    password: String,
    encrypt: bool,
    trust: bool,
    testing: Option<SqlJob>,
    tested: Option<Result<ServerInfo, SqlError>>,
    /// Database name -> ticked for the whole-database search.
    databases: BTreeMap<String, bool>,
    searching: Option<SqlJob>,
    progress: Option<Progress>,
    ended: Option<SearchEnd>,
    /// The last search's report, added back after a new files-and-registry scan.
    last: Option<ScanReport>,
    /// The scan (its finish time) the last report was merged into.
    merged_into: Option<chrono::DateTime<chrono::Utc>>,
    problem: Option<String>,
}

impl Default for SqlSection {
    fn default() -> Self {
        SqlSection {
            discovery: None,
            instances: None,
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
            testing: None,
            tested: None,
            databases: BTreeMap::new(),
            searching: None,
            progress: None,
            ended: None,
            last: None,
            merged_into: None,
            problem: None,
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
    fn requests(&self) -> Result<Vec<SearchRequest>, SqlError> {
        let mut requests: Vec<SearchRequest> = Vec::new();
        if !self.server.trim().is_empty() {
            requests.push(SearchRequest {
                conn: self.params(ServerName::parse(&self.server)?),
                databases: self
                    .databases
                    .iter()
                    .filter(|(_, ticked)| **ticked)
                    .map(|(name, _)| name.clone())
                    .collect(),
            });
        }
        if let Some(Ok(instances)) = &self.instances {
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

    fn merge(&mut self, cx: &mut PageCtx<'_>, sql: &ScanReport) {
        let at = cx.now_utc();
        crate::worker_news::take_sql_search(cx.session, cx.catalog, sql, at, cx.l10n);
        self.merged_into = Some(at);
    }

    fn drain(&mut self, cx: &mut PageCtx<'_>) {
        if let Some(job) = &self.discovery {
            for event in job.drain() {
                if let SqlEvent::Instances(found) = event {
                    self.instances =
                        Some(found.map(|list| list.into_iter().map(|i| (i, true)).collect()));
                    self.discovery = None;
                    break;
                }
            }
        }
        if let Some(job) = &self.testing {
            for event in job.drain() {
                if let SqlEvent::Tested(tested) = event {
                    if let Ok(info) = &tested {
                        let previous = std::mem::take(&mut self.databases);
                        self.databases = info
                            .databases
                            .iter()
                            .filter(|d| d.searchable())
                            .map(|d| {
                                (
                                    d.name.clone(),
                                    previous.get(&d.name).copied().unwrap_or(false),
                                )
                            })
                            .collect();
                    }
                    self.tested = Some(tested);
                    self.testing = None;
                    break;
                }
            }
        }
        let mut finished = None;
        if let Some(job) = &self.searching {
            for event in job.drain() {
                match event {
                    SqlEvent::Progress(p) => self.progress = Some(p),
                    SqlEvent::Searched(report) => finished = Some(Some(report)),
                    SqlEvent::Cancelled | SqlEvent::Tested(Err(_)) => finished = Some(None),
                    _ => {}
                }
            }
        }
        match finished {
            Some(Some(report)) => {
                self.searching = None;
                self.ended = Some(SearchEnd::Done {
                    findings: report.findings.len(),
                    errors: report.errors.len(),
                });
                self.merge(cx, &report);
                self.last = Some(report);
            }
            Some(None) => {
                self.searching = None;
                self.ended = Some(SearchEnd::Cancelled);
            }
            None => {}
        }
        // A files-and-registry scan finished after the last SQL search: add the SQL part back.
        if let (ScanState::Finished { at, .. }, Some(last)) = (&cx.session.scan, &self.last)
            && Some(*at) != self.merged_into
            && self.searching.is_none()
        {
            let last = last.clone();
            self.merge(cx, &last);
        }
    }

    pub fn ui(&mut self, ui: &mut Ui, cx: &mut PageCtx<'_>) {
        self.drain(cx);
        let l10n = cx.l10n;
        widgets::section(ui, &l10n.tr("scan-sql-heading"));
        ui.label(RichText::new(l10n.tr("scan-sql-intro")).weak());
        let busy = self.searching.is_some();
        let wake = {
            let ctx = ui.ctx().clone();
            Arc::new(move || ctx.request_repaint()) as crate::sql::worker::Wake
        };
        self.instances_ui(ui, l10n, busy, &wake);
        ui.add_space(theme::ITEM_GAP / 2.0);
        ui.add_enabled_ui(!busy, |ui| self.connection_ui(ui, l10n));
        self.test_ui(ui, l10n, busy, &wake);
        self.databases_ui(ui, l10n, busy);
        ui.add_space(theme::ITEM_GAP / 2.0);
        self.search_ui(ui, cx, wake);
        if let Some(problem) = &self.problem {
            widgets::message_panel(
                ui,
                Tone::Bad,
                &l10n.tr("scan-failed-title"),
                &l10n.tr_args("scan-start-failed", &[("error", problem.clone().into())]),
                None,
            );
        }
    }

    /// The instances on this server, found on request, each to tick.
    fn instances_ui(
        &mut self,
        ui: &mut Ui,
        l10n: &Localizer,
        busy: bool,
        wake: &crate::sql::worker::Wake,
    ) {
        if self.discovery.is_some() {
            ui.horizontal(|ui| {
                widgets::spinner(ui);
                ui.label(l10n.tr("scan-sql-finding-instances"));
            });
        } else if ui
            .add_enabled(!busy, egui::Button::new(l10n.tr("scan-sql-find-instances")))
            .clicked()
        {
            match SqlJob::discover(Arc::clone(wake), crate::sql::conn::BROWSER_PORT) {
                Ok(job) => self.discovery = Some(job),
                Err(e) => self.problem = Some(e.to_string()),
            }
        }
        match &mut self.instances {
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
    fn test_ui(
        &mut self,
        ui: &mut Ui,
        l10n: &Localizer,
        busy: bool,
        wake: &crate::sql::worker::Wake,
    ) {
        if self.testing.is_some() {
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
                Ok(server) => match SqlJob::test(self.params(server), Arc::clone(wake)) {
                    Ok(job) => {
                        self.testing = Some(job);
                        self.tested = None;
                    }
                    Err(e) => self.problem = Some(e.to_string()),
                },
                Err(error) => self.tested = Some(Err(error)),
            }
        }
        match &self.tested {
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
            Some(Err(error)) => widgets::message_panel(
                ui,
                Tone::Bad,
                &l10n.tr("scan-sql-failed-title"),
                &error.localize(l10n),
                None,
            ),
            None => {}
        }
    }

    /// The databases of a tested instance, each to tick for the whole-database search.
    fn databases_ui(&mut self, ui: &mut Ui, l10n: &Localizer, busy: bool) {
        if let Some(Ok(info)) = &self.tested {
            ui.label(RichText::new(l10n.tr("scan-sql-databases")).strong());
            ui.label(RichText::new(l10n.tr("scan-sql-databases-hint")).weak());
            ui.add_enabled_ui(!busy, |ui| {
                for (name, ticked) in &mut self.databases {
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
    }

    /// Start, progress and outcome of the search.
    fn search_ui(&mut self, ui: &mut Ui, cx: &PageCtx<'_>, wake: crate::sql::worker::Wake) {
        let l10n = cx.l10n;
        if let Some(job) = &self.searching {
            let label = l10n.tr("scan-sql-running");
            let fraction = self
                .progress
                .as_ref()
                .and_then(|p| p.total.map(|t| p.done as f32 / t.max(1) as f32));
            if widgets::progress_row(ui, l10n, &label, fraction) {
                job.cancel();
            }
            if let Some(p) = &self.progress
                && !p.current.is_empty()
            {
                ui.label(RichText::new(p.current.clone()).weak().small());
            }
        } else {
            let requests = self.requests();
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
                        match SqlJob::search(requests, Arc::new(cx.catalog.clone()), wake) {
                            Ok(job) => {
                                self.searching = Some(job);
                                self.progress = None;
                                self.ended = None;
                            }
                            Err(e) => self.problem = Some(e.to_string()),
                        }
                    }
                    Err(error) => self.tested = Some(Err(error)),
                }
            }
        }
        match &self.ended {
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
