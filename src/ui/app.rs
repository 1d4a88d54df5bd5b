//! The eframe application: owns the session, the wizard and the translations, draws the frame
//! (header, page, navigation) and carries out the pages' commands once per frame.

use std::ffi::OsString;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use chrono::{DateTime, Local, NaiveDate};
use egui::{Key, Modifiers};

use super::change_jobs::ChangeJobs;
use super::command::Command;
use super::identity_jobs::{IdentityJobs, OpenUrl};
use super::pages::{PageCtx, Pages};
use super::relay_jobs::RelayJobs;
use super::test_jobs::MailTests;
use super::theme;
use crate::catalog::Catalog;
use crate::i18n::{Language, Localizer};
use crate::platform::Elevation;
use crate::secrets::{SecretStore, SystemStore};
use crate::session::Session;
use crate::settings::{Settings, UserDirs};
use crate::wizard::{Page, Wizard};

/// Now, in local time: the only clock the pages read. Tests fix it, so expiry rules, the
/// summary's date and every timestamp a page writes do not drift with the calendar.
pub type Clock = Box<dyn Fn() -> DateTime<Local> + Send>;

/// How to start the app. `Default` is what the real program uses.
pub struct AppOptions {
    /// Per-user folder for settings and the autosaved session; `None` keeps nothing on disk.
    pub dirs: Option<UserDirs>,
    /// Forces the language (tests); otherwise the remembered choice or the OS language.
    pub language: Option<Language>,
    pub clock: Clock,
    pub secrets: Arc<dyn SecretStore>,
    /// Close the window by itself after this many frames: proves on a build machine that the
    /// window and renderer work (`overstap --smoke`).
    pub close_after_frames: Option<u32>,
    /// The application catalogue; the embedded one unless a partner gave `--catalog DIR`.
    pub catalog: Arc<Catalog>,
    /// Why a partner's catalogue folder was not used, shown on the first page.
    pub catalog_problem: Option<crate::i18n::Problem>,
    /// The identity platform: Microsoft's worldwide cloud. Tests point it at their emulator on
    /// loopback, which is also their Graph; the program never does.
    pub authority: crate::identity::Authority,
    /// How long a browser sign-in may take.
    pub browser_timeout: std::time::Duration,
    /// Opens sign-in and consent pages in the browser.
    pub open_url: OpenUrl,
    /// Where saved scripts and exported sessions go.
    pub documents_dir: std::path::PathBuf,
    /// Where test messages go: Exchange Online and Graph, or loopback servers in tests.
    pub smtp: crate::mailtest::smtp::SmtpTarget,
    pub imap: crate::mailtest::imap::ImapTarget,
    /// How long the IMAP check waits for the test message.
    pub arrival_wait: std::time::Duration,
    /// Delay per scanned file; tests use it to make cancelling a scan observable.
    pub scan_pace: std::time::Duration,
    /// Administrator rights of this process, and the restart that asks for them.
    pub elevation: Arc<dyn Elevation>,
    /// The arguments a restart as administrator passes on (this run's own).
    pub restart_args: Vec<OsString>,
    /// With `close_after_frames`: keep the window open until the wizard shows this page (or the
    /// moment passes), then count the frames. Lets the Windows smoke test click through a page.
    pub smoke_wait_for: Option<(Page, Instant)>,
    /// The index of the page on screen, updated every frame, for the smoke test's report.
    pub page_on_screen: Arc<AtomicUsize>,
    /// Where write-back keeps its backups; `None`: the machine-wide folder
    /// (`%ProgramData%\Overstap\backups`). Tests keep them in a temporary folder.
    pub backup_root: Option<std::path::PathBuf>,
    /// The relay's folder (`None`: no relay panel); `%ProgramData%\Overstap\relay` by default.
    pub relay_dirs: Option<crate::relay::RelayDirs>,
    /// Installs, starts, stops and removes the relay: the Windows service manager; tests run
    /// the relay in-process.
    pub relay_service: Arc<dyn crate::relay::service::ServiceControl>,
    /// The file dialogs behind the Browse buttons: the system's, or scripted answers in tests.
    pub dialogs: Arc<dyn crate::dialogs::FileDialogs>,
    /// Printing a saved PDF: the shell's print verb on Windows, opening it elsewhere.
    pub printer: Arc<dyn crate::platform::Printer>,
    /// Restarts a service or application pool after a write: PowerShell on Windows, nothing
    /// elsewhere; tests script the outcome.
    pub restarter: Arc<dyn crate::platform::Restarter>,
    /// This computer's name, named in the test message.
    pub host_name: String,
    /// The benchmark's probe (`OVERSTAP_BENCH`, see `bench_probe`): a page, a session, a scan,
    /// and a line per frame. `None` in normal use.
    pub bench: Option<crate::bench_probe::Spec>,
}

/// The partner catalogue chosen on the Welcome page: which folder is in use, or why the last
/// one was refused (the embedded catalogue stays in use then).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CatalogState {
    pub folder: Option<std::path::PathBuf>,
    pub problem: Option<crate::i18n::Problem>,
}

impl Default for AppOptions {
    fn default() -> Self {
        Self {
            dirs: UserDirs::from_env(),
            language: None,
            clock: Box::new(Local::now),
            host_name: crate::platform::host_name(),
            secrets: Arc::new(SystemStore::default()),
            close_after_frames: None,
            catalog: Arc::new(Catalog::embedded()),
            catalog_problem: None,
            authority: crate::identity::Authority::default(),
            browser_timeout: crate::identity::worker::DEFAULT_BROWSER_TIMEOUT,
            open_url: Arc::new(|url: &str| {
                // The URL is also shown with a copy button, so a failed start is not fatal.
                let _ = open::that_detached(url);
            }),
            documents_dir: crate::settings::documents_folder(),
            smtp: crate::mailtest::smtp::SmtpTarget::exchange_online(),
            imap: crate::mailtest::imap::ImapTarget::exchange_online(),
            arrival_wait: std::time::Duration::from_secs(120),
            scan_pace: std::time::Duration::ZERO,
            elevation: Arc::new(crate::platform::Native),
            restart_args: std::env::args_os().skip(1).collect(),
            smoke_wait_for: None,
            page_on_screen: Arc::new(AtomicUsize::new(0)),
            backup_root: None,
            relay_dirs: crate::relay::RelayDirs::from_env(),
            relay_service: Arc::from(crate::relay::service::native()),
            dialogs: Arc::new(crate::dialogs::NativeDialogs),
            printer: Arc::new(crate::platform::Native),
            restarter: Arc::new(crate::platform::Native),
            bench: None,
        }
    }
}

pub struct OverstapApp {
    l10n: Localizer,
    settings: Settings,
    dirs: Option<UserDirs>,
    session: Session,
    saved_session: Option<Session>,
    wizard: Wizard,
    pages: Pages,
    commands: Vec<Command>,
    clock: Clock,
    secrets: Arc<dyn SecretStore>,
    /// Last problem with the user's own files (settings, autosave): shown, never fatal.
    file_problem: Option<crate::settings::FileProblem>,
    close_after_frames: Option<u32>,
    catalog: Arc<Catalog>,
    show_help: bool,
    identity: IdentityJobs,
    documents_dir: std::path::PathBuf,
    import_problem: Option<crate::session::SessionError>,
    mail_tests: MailTests,
    changes: ChangeJobs,
    relay: RelayJobs,
    scans: super::scan_jobs::ScanJobs,
    sql: super::sql_jobs::SqlJobs,
    elevation: Arc<dyn Elevation>,
    /// Checked once at start: rights do not change while a process runs.
    elevated: Option<bool>,
    restart_args: Vec<OsString>,
    /// Why the restart as administrator did not start (the UAC prompt was declined, ...).
    restart_problem: Option<String>,
    close_requested: bool,
    smoke_wait_for: Option<(Page, Instant)>,
    page_on_screen: Arc<AtomicUsize>,
    dialogs: Arc<dyn crate::dialogs::FileDialogs>,
    printer: Arc<dyn crate::platform::Printer>,
    /// This computer's name, for the test message (read once at start, never inside a page).
    host_name: String,
    catalog_state: CatalogState,
    bench: Option<crate::bench_probe::Probe>,
}

impl OverstapApp {
    pub fn new(ctx: &egui::Context, options: AppOptions) -> Self {
        theme::apply(ctx);
        let AppOptions {
            dirs,
            language,
            clock,
            secrets,
            close_after_frames,
            catalog,
            catalog_problem,
            authority,
            browser_timeout,
            open_url,
            documents_dir,
            smtp,
            imap,
            arrival_wait,
            scan_pace,
            elevation,
            restart_args,
            smoke_wait_for,
            page_on_screen,
            backup_root,
            relay_dirs,
            relay_service,
            dialogs,
            printer,
            restarter,
            host_name,
            bench,
        } = options;
        let settings = dirs
            .as_ref()
            .map(|d| Settings::load(&d.settings_file()))
            .unwrap_or_default();
        let language = language.unwrap_or_else(|| settings.effective_language());
        let (saved_session, autosave_problem) =
            match dirs.as_ref().map(|d| Session::load(&d.autosave_file())) {
                Some(Ok(saved)) => (Some(saved).filter(|s| *s != Session::default()), None),
                // The first run, or the session was finished and discarded: nothing to say.
                Some(Err(crate::session::SessionError::Read { source, .. }))
                    if source.kind() == std::io::ErrorKind::NotFound =>
                {
                    (None, None)
                }
                Some(Err(error)) => (
                    None,
                    Some(crate::settings::FileProblem::AutosaveUnreadable(error)),
                ),
                None => (None, None),
            };
        let l10n = Localizer::new(language);
        let wake: Arc<dyn Fn() + Send + Sync> = {
            let ctx = ctx.clone();
            Arc::new(move || ctx.request_repaint())
        };
        let changes = ChangeJobs::new(
            Arc::clone(&catalog),
            backup_root,
            restarter,
            Arc::clone(&wake),
        );
        let mail_tests = MailTests::new(
            crate::mailtest::worker::MailConfig {
                smtp,
                imap,
                graph_base: authority.graph_override(),
                arrival_wait,
                store: Arc::clone(&secrets),
            },
            Arc::clone(&wake),
        );
        let relay = RelayJobs::new(
            relay_dirs.map(|dirs| crate::relay::control::Context {
                dirs,
                service: relay_service,
                exe: std::env::current_exe().unwrap_or_default(),
                follow: std::time::Duration::from_secs(120),
            }),
            Arc::clone(&wake),
        );
        let scans = super::scan_jobs::ScanJobs::new(Arc::clone(&wake), scan_pace);
        let sql = super::sql_jobs::SqlJobs::new(Arc::clone(&wake));
        let identity = IdentityJobs::new(
            crate::identity::worker::IdentityConfig {
                authority,
                browser_timeout,
                pages: browser_pages(&l10n),
                store: Arc::clone(&secrets),
            },
            open_url,
            wake,
        );
        let mut app = Self {
            l10n,
            settings,
            dirs,
            session: Session::default(),
            saved_session,
            wizard: Wizard::default(),
            pages: Pages::default(),
            commands: Vec::new(),
            clock,
            secrets,
            file_problem: autosave_problem,
            close_after_frames,
            catalog,
            show_help: false,
            identity,
            documents_dir,
            import_problem: None,
            mail_tests,
            changes,
            relay,
            scans,
            sql,
            elevated: elevation.is_elevated(),
            elevation,
            restart_args,
            restart_problem: None,
            close_requested: false,
            smoke_wait_for,
            page_on_screen,
            dialogs,
            printer,
            host_name,
            catalog_state: CatalogState {
                folder: None,
                problem: catalog_problem,
            },
            bench: bench.map(crate::bench_probe::Probe::new),
        };
        app.start_bench();
        app
    }

    /// What the benchmark asked for before the first frame: a session, a page, a scan.
    fn start_bench(&mut self) {
        let Some(spec) = self.bench.as_ref().map(|probe| probe.spec().clone()) else {
            return;
        };
        let today = (self.clock)().date_naive();
        if let Some(path) = &spec.session {
            match Session::import(path) {
                Ok(session) => self.take_session(session, today),
                Err(err) => self.import_problem = Some(err),
            }
        }
        if let Some(page) = spec
            .page
            .as_deref()
            .and_then(|key| Page::ALL.into_iter().find(|page| page.key() == key))
        {
            self.wizard = Wizard::at(page);
        }
        if let Some(root) = spec.scan {
            self.wizard = Wizard::at(Page::Scan);
            self.pages.show_snapshot(&root);
            let target = crate::detect::platform::ScanTarget::Snapshot {
                root,
                registry: None,
            };
            if let Some(us) = spec.scan_pace_us {
                self.scans.set_pace(std::time::Duration::from_micros(us));
            }
            self.scans.start(target, &self.catalog);
        }
    }

    /// The catalogue in use (the embedded one, or with a partner's folder on top).
    pub fn catalog(&self) -> &Catalog {
        &self.catalog
    }

    pub fn language(&self) -> Language {
        self.l10n.language()
    }

    pub fn current_page(&self) -> Page {
        self.wizard.current()
    }

    pub fn session(&self) -> &Session {
        &self.session
    }

    pub fn session_mut(&mut self) -> &mut Session {
        &mut self.session
    }

    fn apply_commands(&mut self) {
        let today = (self.clock)().date_naive();
        for command in std::mem::take(&mut self.commands) {
            match command {
                Command::SetLanguage(language) => {
                    self.l10n.set_language(language);
                    self.session.relocalise(&self.catalog, language);
                    self.settings.language = Some(language);
                    if let Some(dirs) = &self.dirs
                        && let Err(err) = self.settings.save(&dirs.settings_file())
                    {
                        self.file_problem = Some(crate::settings::FileProblem::SettingsNotSaved(
                            crate::fsutil::FileError::new(&dirs.settings_file(), err),
                        ));
                    }
                }
                Command::Next => {
                    if self.wizard.advance(&self.session, today).is_ok() {
                        self.autosave();
                    }
                }
                Command::Back => {
                    // At the first page there is nothing behind; the button is disabled there.
                    let _ = self.wizard.back();
                }
                Command::GoTo(page) => {
                    // The indicator only enables reachable pages; a refusal needs no message.
                    let _ = self.wizard.go_to(page, &self.session, today);
                }
                Command::ResumeSaved => {
                    if let Some(saved) = self.saved_session.take() {
                        self.take_session(saved, today);
                    }
                }
                Command::ToggleHelp => self.show_help = !self.show_help,
                Command::ShowHelp => self.show_help = true,
                Command::RestartElevated => {
                    match self.elevation.restart_elevated(&self.restart_args) {
                        // The new window takes over; closing this one autosaves the session,
                        // so the elevated run can resume it.
                        Ok(()) => self.close_requested = true,
                        Err(err) => self.restart_problem = Some(err.to_string()),
                    }
                }
                Command::ImportSession(path) => match Session::import(&path) {
                    Ok(imported) => {
                        self.import_problem = None;
                        self.take_session(imported, today);
                        self.autosave();
                    }
                    Err(err) => self.import_problem = Some(err),
                },
                Command::LoadCatalog(folder) => {
                    // A few small .toml files, each read with a size cap (`Catalog`).
                    match Catalog::embedded_with_overrides(&folder) {
                        Ok(catalog) => {
                            self.catalog = Arc::new(catalog);
                            // New or changed rows follow the language like the others.
                            self.session.relocalise(&self.catalog, self.l10n.language());
                            self.catalog_state = CatalogState {
                                folder: Some(folder),
                                problem: None,
                            };
                        }
                        Err(err) => {
                            self.catalog_state.problem = Some(err.problem());
                        }
                    }
                }
                Command::DiscardSaved => {
                    self.saved_session = None;
                    if let Some(dirs) = &self.dirs {
                        // Already gone is as good as removed.
                        let _ = std::fs::remove_file(dirs.autosave_file());
                    }
                }
            }
        }
    }

    /// Continues with a session read from a file (resumed or imported) at its first open page.
    /// The file holds the tenant's id and domain only: discovery finds its endpoints again.
    fn take_session(&mut self, session: Session, today: NaiveDate) {
        // A scan started for the session being replaced must not land in this one.
        self.scans.forget();
        self.sql.forget();
        self.session = session;
        let first_open = Page::ALL
            .into_iter()
            .find(|page| crate::wizard::blocker(*page, &self.session, today).is_some())
            .unwrap_or(Page::Summary);
        // Going to the first open page is always allowed: every page before it is complete.
        let _ = self.wizard.go_to(first_open, &self.session, today);
        let registration = &self.session.registration;
        // The id is exact; the domain may have moved to another tenant since.
        let input = match crate::guid::Guid::parse(&registration.tenant_id) {
            Ok(id) => id.to_string(),
            Err(_) => registration.mail_domain.trim().to_owned(),
        };
        if !input.is_empty() {
            self.identity.start(
                super::identity_jobs::JobKind::Discover,
                crate::identity::worker::Job::Discover { input },
            );
        }
    }

    /// Saves the session (no secrets in it) so a closed window or a crash loses nothing.
    fn autosave(&mut self) {
        let Some(dirs) = &self.dirs else { return };
        if let Err(err) = self.session.save(&dirs.autosave_file()) {
            self.file_problem = Some(crate::settings::FileProblem::SessionNotSaved(err));
        }
    }

    fn count_down_smoke_frames(&mut self, ctx: &egui::Context) {
        let current = self.wizard.current();
        self.page_on_screen
            .store(current.index(), Ordering::Relaxed);
        if let Some((page, until)) = self.smoke_wait_for
            && current != page
            && Instant::now() < until
        {
            // Waiting for clicks from outside; no busy loop, just a slow heartbeat.
            ctx.request_repaint_after(std::time::Duration::from_millis(200));
            return;
        }
        if let Some(left) = self.close_after_frames.as_mut() {
            if *left == 0 {
                ctx.send_viewport_cmd(egui::ViewportCommand::Close);
            } else {
                *left -= 1;
                if self.smoke_wait_for.is_some() {
                    // After the clicks: keep the page reached on screen long enough for a
                    // screenshot from outside.
                    ctx.request_repaint_after(std::time::Duration::from_millis(400));
                } else {
                    ctx.request_repaint();
                }
            }
        }
    }

    fn keyboard_shortcuts(&mut self, ctx: &egui::Context) {
        // Only when no widget has focus: Enter in a text field or on a button keeps its meaning.
        if ctx.memory(|m| m.focused().is_some()) {
            return;
        }
        if ctx.input_mut(|i| i.consume_key(Modifiers::NONE, Key::Enter)) {
            self.commands.push(Command::Next);
        }
        if ctx.input_mut(|i| i.consume_key(Modifiers::NONE, Key::Escape)) {
            self.commands.push(Command::Back);
        }
    }
}

impl eframe::App for OverstapApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        let now = (self.clock)();
        let today = now.date_naive();
        self.keyboard_shortcuts(ui.ctx());

        let Self {
            l10n,
            session,
            saved_session,
            wizard,
            pages,
            commands,
            secrets,
            file_problem,
            catalog,
            show_help,
            identity,
            mail_tests,
            changes,
            relay,
            scans,
            sql,
            elevated,
            restart_problem,
            documents_dir,
            import_problem,
            dialogs,
            printer,
            catalog_state,
            host_name,
            ..
        } = self;
        identity.drain(session, now.to_utc());
        mail_tests.drain(session, now.to_utc());
        changes.drain(session, l10n);
        relay.drain(session, now.with_timezone(&chrono::Utc));
        let scanned = scans.drain(session, catalog, l10n, now.to_utc());
        // After the scan: a finished files-and-registry scan gets the last SQL findings back.
        sql.drain(session, catalog, l10n, now.to_utc());
        if scanned {
            // A first plan at once, with the default relay: the Registration page shows what
            // it needs, and the Applications page refines it (another relay, plan again).
            let relay = crate::plan::default_relay(&session.scan_report);
            changes.plan(session, relay, now.to_utc());
        }

        egui::Panel::top("header").show(ui, |ui| {
            super::header::header_ui(ui, l10n, wizard, session, today, *show_help, commands);
        });
        egui::Panel::bottom("navigation").show(ui, |ui| {
            super::nav::nav_ui(ui, l10n, wizard, session, today, commands);
        });
        if *show_help {
            egui::Panel::right("help")
                .default_size(360.0)
                .resizable(true)
                .show(ui, |ui| super::help::help_ui(ui, l10n, commands));
        }
        egui::CentralPanel::default_margins().show(ui, |ui| {
            let mut page_ui = |ui: &mut egui::Ui| {
                if let Some(problem) = file_problem.as_ref() {
                    super::widgets::message_panel(
                        ui,
                        theme::Tone::Warning,
                        &l10n.tr(problem.title_id()),
                        &l10n.message(&problem.message()),
                        None,
                    );
                    ui.add_space(theme::ITEM_GAP);
                }
                if let Some(refused) = identity.refused_link.as_ref() {
                    let (what, fix) = refused.message_ids();
                    super::widgets::error_panel(
                        ui,
                        l10n,
                        &l10n.tr(&what),
                        "",
                        &l10n.tr(&fix),
                        &refused.support_details(),
                    );
                    ui.add_space(theme::ITEM_GAP);
                }
                let mut cx = PageCtx {
                    l10n,
                    catalog,
                    session,
                    now,
                    today,
                    commands,
                    host_name: host_name.as_str(),
                    secrets,
                    saved_session: saved_session.as_ref(),
                    identity,
                    documents_dir,
                    import_problem: import_problem.as_ref(),
                    mail_tests,
                    changes,
                    scans,
                    sql,
                    elevated: *elevated,
                    restart_problem: restart_problem.as_deref(),
                    relay,
                    dialogs,
                    printer,
                    catalog_state,
                };
                pages.ui(wizard.current(), ui, &mut cx);
            };
            if Pages::scrolls_itself(wizard.current()) {
                page_ui(ui);
            } else {
                egui::ScrollArea::vertical()
                    .auto_shrink([false, false])
                    .show(ui, |ui| {
                        ui.set_max_width(theme::PAGE_MAX_WIDTH);
                        page_ui(ui);
                    });
            }
        });

        self.apply_commands();
        if self.close_requested {
            ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
        }
        self.count_down_smoke_frames(ui.ctx());
        if let Some(probe) = self.bench.as_mut() {
            probe.frame_done(ui.ctx());
        }
    }

    fn save(&mut self, _storage: &mut dyn eframe::Storage) {}

    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        if self.session != Session::default() {
            self.autosave();
        }
    }
}

/// The pages the browser shows after sign-in: both languages at once, since the browser's
/// language is unknown.
fn browser_pages(l10n: &Localizer) -> crate::identity::loopback::BrowserPages {
    let both = |title: &str, text: &str| {
        crate::identity::loopback::page(&[
            (
                l10n.tr_in(Language::Nl, title),
                l10n.tr_in(Language::Nl, text),
            ),
            (
                l10n.tr_in(Language::En, title),
                l10n.tr_in(Language::En, text),
            ),
        ])
    };
    crate::identity::loopback::BrowserPages {
        success: both("browser-success-title", "browser-success"),
        failure: both("browser-failure-title", "browser-failure"),
        wrong_state: both("browser-wrong-state-title", "browser-wrong-state"),
    }
}
