//! One file per wizard page. A page draws its inputs, writes what the admin enters into the
//! session, and asks for anything else through `Command`s; the rules live in the core.

mod applications;
mod changes;
mod consent;
mod preset_ui;
mod registration;
mod relay_panel;
mod scan;
mod scan_sql;
pub mod secret;
mod summary;
mod test_send;
mod welcome;

use std::sync::Arc;

use chrono::{DateTime, Local, NaiveDate, Utc};

use super::command::Command;
use crate::catalog::Catalog;
use crate::i18n::Localizer;
use crate::secrets::SecretStore;
use crate::session::Session;
use crate::wizard::Page;

/// What a page may read and change while it draws.
pub struct PageCtx<'a> {
    pub l10n: &'a Localizer,
    pub catalog: &'a Catalog,
    pub session: &'a mut Session,
    /// Now, from the app's clock (fixed in tests); never the wall clock inside a page.
    pub now: DateTime<Local>,
    /// `now`'s date: what the expiry rules compare with.
    pub today: NaiveDate,
    /// This computer's name (for the test message).
    pub host_name: &'a str,
    pub commands: &'a mut Vec<Command>,
    pub secrets: &'a Arc<dyn SecretStore>,
    /// When a session was saved automatically last time: offered for resuming on Welcome.
    pub saved_session: Option<&'a crate::session::Session>,
    pub identity: &'a mut crate::ui::identity_jobs::IdentityJobs,
    /// Where scripts and exported sessions are saved.
    pub documents_dir: &'a std::path::Path,
    /// Why the last import of a session failed.
    pub import_problem: Option<&'a crate::session::SessionError>,
    pub mail_tests: &'a mut crate::ui::test_jobs::MailTests,
    /// Planning and writing the changes.
    pub changes: &'a mut crate::ui::change_jobs::ChangeJobs,
    /// The running scan, owned by the app.
    pub scans: &'a mut crate::ui::scan_jobs::ScanJobs,
    /// The SQL Server jobs (instances, connection test, search), owned by the app.
    pub sql: &'a mut crate::ui::sql_jobs::SqlJobs,
    /// Whether this process has administrator rights (`None`: not a question here).
    pub elevated: Option<bool>,
    /// Why the last restart as administrator failed.
    pub restart_problem: Option<&'a str>,
    /// The relay panel's actions and what they gave.
    pub relay: &'a mut crate::ui::relay_jobs::RelayJobs,
    /// The file dialogs behind every Browse button.
    pub dialogs: &'a Arc<dyn crate::dialogs::FileDialogs>,
    /// Hands a saved PDF to the printer.
    pub printer: &'a Arc<dyn crate::platform::Printer>,
    /// The partner's catalogue folder in use, and why the last one could not be used.
    pub catalog_state: &'a crate::ui::app::CatalogState,
}

impl PageCtx<'_> {
    /// `now` for timestamps written into the session.
    pub fn now_utc(&self) -> DateTime<Utc> {
        self.now.to_utc()
    }
}

/// Per-page UI state that is not part of the session (text being typed, toggles).
#[derive(Default)]
pub struct Pages {
    welcome: welcome::WelcomePage,
    scan: scan::ScanPage,
    registration: registration::RegistrationPage,
    secret: secret::SecretPage,
    consent: consent::ConsentPage,
    test_send: test_send::TestSendPage,
    applications: applications::ApplicationsPage,
    summary: summary::SummaryPage,
}

impl Pages {
    /// Pages with several scrolling columns manage their own scroll areas.
    pub fn scrolls_itself(page: Page) -> bool {
        page == Page::Applications
    }

    /// Shows a snapshot folder as the Scan page's source (the benchmark's `scan=DIR`).
    pub fn show_snapshot(&mut self, root: &std::path::Path) {
        self.scan.show_snapshot(root);
    }

    pub fn ui(&mut self, page: Page, ui: &mut egui::Ui, cx: &mut PageCtx<'_>) {
        let Self {
            welcome,
            scan,
            registration,
            secret,
            consent,
            test_send,
            applications,
            summary,
        } = self;
        match page {
            Page::Welcome => welcome.ui(ui, cx),
            Page::Scan => scan.ui(ui, cx),
            Page::Registration => registration.ui(ui, cx),
            Page::Secret => secret.ui(ui, cx),
            Page::Consent => consent.ui(ui, cx),
            Page::TestSend => test_send.ui(ui, cx),
            Page::Applications => applications.ui(ui, cx),
            Page::Summary => summary.ui(ui, cx),
        }
    }
}
