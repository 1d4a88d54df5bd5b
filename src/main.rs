//! Entry point: the wizard without arguments; the commands of `overstap --help` for scripts
//! (the command line itself is defined in `overstap::cli`, its exit codes in `cli::Exit`).
//!
//! On Windows this is a windowed program (no console window flashes up behind the wizard);
//! command-line output attaches to the console of the cmd / PowerShell that started it.
#![cfg_attr(windows, windows_subsystem = "windows")]

use std::process::ExitCode;

use overstap::catalog::Catalog;
use overstap::cli::{self, Exit, Invocation};
use overstap::detect::{self, platform::ScanTarget};
use overstap::gui;
use overstap::i18n::Localizer;
use overstap::platform::{Console as _, Native, Notice as _};

/// Frames drawn by `--smoke` before it closes: the first frame plus a few repaints.
const SMOKE_FRAMES: u32 = 5;

fn window_failed(error: &gui::WindowError, smoke: bool) -> ExitCode {
    let l10n = gui::outside_localizer();
    let text = error.explain(&l10n);
    Native.attach_to_parent();
    eprintln!("{text}");
    if !smoke {
        // Started from Explorer there is no console to read: the message box is the only way
        // the admin learns what failed. Never in `--smoke`, which must not wait for a click.
        Native.show_error(&l10n.tr("app-name"), &text);
    }
    Exit::Error.into()
}

/// `overstap scan`: the findings as a table or JSON; exit code [`Exit::Ok`] (no Exchange Online
/// basic authentication), [`Exit::Attention`] (found) or [`Exit::Error`] (nothing scanned).
fn scan(args: &cli::ScanArgs, l10n: &Localizer) -> ExitCode {
    let catalog = Catalog::embedded();
    let target = match &args.root {
        Some(root) => ScanTarget::Snapshot {
            root: root.clone(),
            registry: args.registry.clone(),
        },
        None => ScanTarget::ThisServer,
    };
    let password = std::env::var("OVERSTAP_SQL_PASSWORD")
        .ok()
        .map(secrecy::SecretString::from);
    let requests = match cli::sql_requests(args, password) {
        Ok(requests) => requests,
        Err(error) => {
            eprintln!("{}", cli::terminal_safe(&error.localize(l10n), 600));
            return Exit::Error.into();
        }
    };
    let scanned = if !requests.is_empty() && args.root.is_none() && !cfg!(windows) {
        // Only SQL Server: there is no Windows server here to read.
        Ok(overstap::sql::source::scan_sql_only(requests, &catalog))
    } else {
        overstap::sql::source::scan_blocking_with(&target, &catalog, requests)
    };
    match scanned {
        Ok(report) => {
            if args.json {
                out(&format!("{}\n", cli::scan_json(&report)));
            } else {
                out(&cli::scan_table(&report, &catalog, l10n));
                for error in &report.errors {
                    eprintln!("{}", cli::terminal_safe(&error.localize(l10n), 600));
                }
            }
            cli::scan_exit_code(&report).into()
        }
        Err(error) => {
            if error.kind == detect::ProblemKind::NoWindows {
                eprintln!(
                    "{}\n{}\n{}",
                    l10n.tr("scan-no-windows-title"),
                    l10n.tr("scan-no-windows"),
                    l10n.tr("scan-no-windows-fix")
                );
            } else {
                eprintln!("{}", cli::terminal_safe(&error.localize(l10n), 600));
            }
            Exit::Error.into()
        }
    }
}

/// Prints what a verb produced and ends with its exit code.
fn verb(outcome: overstap::apply_cli::Outcome) -> ExitCode {
    out(&outcome.stdout);
    if !outcome.stderr.is_empty() {
        eprint!("{}", cli::terminal_safe(&outcome.stderr, 20_000));
    }
    outcome.code.into()
}

/// Standard output for scripts: a reader that stops early (`overstap --help | head -1`, `grep -q`)
/// closes the pipe, which is no error of ours; `println!` would panic on it.
fn out(text: &str) {
    use std::io::Write as _;
    let mut stdout = std::io::stdout().lock();
    let _ = stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush());
}

/// `overstap relay ...`: [`Exit::Ok`] done, [`Exit::Attention`] the service action failed,
/// [`Exit::Error`] the relay could not start.
/// What it says is in the language of `l10n`, except `listening on ADDRESS`, which scripts and
/// tests read (`scripts/windows-smoke.sh`, `tests/relay.rs`).
fn relay(args: &cli::RelayArgs, l10n: &Localizer) -> ExitCode {
    use overstap::relay::{self, RelayDirs, service};
    let Some(dirs) = args
        .dir
        .clone()
        .map(RelayDirs::at)
        .or_else(RelayDirs::from_env)
    else {
        eprintln!("{}", l10n.tr("cli-relay-no-dir"));
        return Exit::Error.into();
    };
    let service: std::sync::Arc<dyn service::ServiceControl> = service::native().into();
    // What the panel's install and remove run with (`follow` is for the panel's test only).
    let context = |exe: std::path::PathBuf| relay::control::Context {
        dirs: dirs.clone(),
        service: std::sync::Arc::clone(&service),
        exe,
        follow: std::time::Duration::ZERO,
    };
    let done = |action: &str, result: Result<(), String>| match result {
        Ok(()) => {
            println!("{}", l10n.tr(&format!("cli-relay-{action}-done")));
            Exit::Ok.into()
        }
        Err(error) => {
            eprintln!(
                "{}",
                l10n.tr_args(
                    "cli-relay-action-failed",
                    &[
                        ("action", action.to_owned().into()),
                        ("error", error.into()),
                    ],
                )
            );
            Exit::Attention.into()
        }
    };
    match args.action {
        cli::RelayAction::Run => {
            let sinks: Vec<Box<dyn relay::log::LogSink>> = vec![Box::new(relay::log::Stderr)];
            let options = relay::StartOptions {
                port: args.port,
                hold: args.hold,
                upstream: None,
            };
            match relay::start_for_microsoft(&dirs, sinks, options) {
                Ok(running) => {
                    println!("listening on {}", running.addr);
                    running.wait();
                    Exit::Ok.into()
                }
                Err(error) => {
                    eprintln!(
                        "{}",
                        l10n.tr_args(
                            "cli-relay-not-started",
                            &[("error", error.to_string().into())]
                        )
                    );
                    Exit::Error.into()
                }
            }
        }
        cli::RelayAction::Status => {
            let status = relay::settings::status(&dirs);
            if args.json {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&status).unwrap_or_default()
                );
            } else {
                print!("{}", status.text());
            }
            Exit::Ok.into()
        }
        cli::RelayAction::Service => match service::run_as_service() {
            Ok(()) => Exit::Ok.into(),
            Err(error) => {
                eprintln!(
                    "{}",
                    l10n.tr_args(
                        "cli-relay-not-a-service",
                        &[("error", error.to_string().into())]
                    )
                );
                Exit::Error.into()
            }
        },
        cli::RelayAction::Install => done(
            "install",
            std::env::current_exe()
                .map_err(|e| e.to_string())
                .and_then(|exe| relay::control::install_service(&context(exe))),
        ),
        cli::RelayAction::Start => done("start", service.start().map_err(|e| e.to_string())),
        cli::RelayAction::Stop => done("stop", service.stop().map_err(|e| e.to_string())),
        // Removing runs no program: no path is needed.
        cli::RelayAction::Remove => done(
            "remove",
            relay::control::remove(&context(std::path::PathBuf::new())),
        ),
    }
}

/// `overstap report`: the summary of a saved session as PDF, HTML, .ics and/or text. Exit code
/// [`Exit::Ok`] (everything written), [`Exit::Attention`] (no reminder: the session has no secret
/// with an expiry date) or [`Exit::Error`] (bad session file, a file that could not be written).
/// `l10n` is in the language of `--lang`, else the settings': the documents follow it.
fn report(args: &cli::ReportArgs, l10n: &Localizer) -> ExitCode {
    let mut session = match overstap::session::Session::load(&args.session) {
        Ok(session) => session,
        Err(error) => {
            let (id, values) = error.message();
            let values: Vec<overstap::i18n::Arg<'_>> = values
                .into_iter()
                .map(|(name, value)| (name, value.into()))
                .collect();
            eprintln!(
                "{}: {}\n{}",
                args.session.display(),
                l10n.tr_args(id, &values),
                l10n.tr("welcome-import-failed-fix")
            );
            return Exit::Error.into();
        }
    };
    let catalog = Catalog::embedded();
    // The checklist's own texts follow the report's language, as they do in the window.
    session.relocalise(&catalog, l10n.language());
    let summary = match args.at {
        Some(at) => overstap::summary::Summary::build(&session, &catalog, l10n, &at),
        None => overstap::summary::Summary::build(&session, &catalog, l10n, &chrono::Local::now()),
    };
    let now = args
        .at
        .map_or_else(chrono::Utc::now, |at| at.with_timezone(&chrono::Utc));
    let mut code = Exit::Ok;
    let mut write = |path: &std::path::Path, bytes: Result<Vec<u8>, String>| {
        let written = bytes.and_then(|bytes| {
            overstap::fsutil::write_atomic(path, &bytes).map_err(|e| e.to_string())
        });
        match written {
            Ok(()) => eprintln!(
                "{}",
                l10n.tr_args(
                    "report-cli-written",
                    &[("path", path.display().to_string().into())]
                )
            ),
            Err(error) => {
                eprintln!(
                    "{}",
                    l10n.tr_args(
                        "report-cli-failed",
                        &[
                            ("path", path.display().to_string().into()),
                            ("error", error.into()),
                        ],
                    )
                );
                code = Exit::Error;
            }
        }
    };
    if let Some(path) = &args.pdf {
        write(
            path,
            overstap::pdf::write(&summary).map_err(|e| e.to_string()),
        );
    }
    if let Some(path) = &args.html {
        write(path, Ok(overstap::report::html_of(&summary).into_bytes()));
    }
    if let Some(path) = &args.ics {
        match overstap::report::secret_reminder_ics(&session, l10n, now) {
            Some(ics) => write(path, Ok(ics.into_bytes())),
            None => {
                eprintln!("{}", l10n.tr("report-cli-no-ics"));
                code = code.max(Exit::Attention);
            }
        }
    }
    if args.prints_text() {
        print!("{}", summary.to_text());
    }
    code.into()
}

/// A panic's message can quote what was being read (a slice of a scanned line, a value), so the
/// message printed on a panic names only where it happened. The scan catches panics per source
/// and goes on; this is for whatever is left.
fn quiet_panics() {
    std::panic::set_hook(Box::new(|info| {
        let place = info
            .location()
            .map(|l| format!("{}:{}", l.file(), l.line()))
            .unwrap_or_default();
        eprintln!("Overstap: internal error at {place} / interne fout bij {place}");
    }));
}

fn main() -> ExitCode {
    quiet_panics();
    let args: Vec<std::ffi::OsString> = std::env::args_os().skip(1).collect();
    // One language for the help, the errors and what the command prints: `--lang`, else the
    // settings' (or the system's).
    let l10n = Localizer::new(cli::language_of(&args, || {
        gui::outside_localizer().language()
    }));
    let invocation = cli::parse_in(args, &l10n);
    if cli::wants_console(&invocation) {
        // Without a console (started from Explorer) the output has nowhere to go; nothing to do.
        Native.attach_to_parent();
    }
    match invocation {
        Ok(Invocation::Version) => {
            out(&format!("{}\n", cli::version_line()));
            Exit::Ok.into()
        }
        Ok(Invocation::Help(help)) => {
            out(&format!("{help}\n"));
            Exit::Ok.into()
        }
        Ok(Invocation::Scan(args)) => scan(&args, &l10n),
        Ok(Invocation::Plan(args)) => verb(overstap::apply_cli::plan(&args, &l10n)),
        Ok(Invocation::Apply(args)) => verb(overstap::apply_cli::apply(&args, &l10n)),
        Ok(Invocation::Undo(args)) => verb(overstap::apply_cli::undo(&args, &l10n)),
        Ok(Invocation::Relay(args)) => relay(&args, &l10n),
        Ok(Invocation::Report(args)) => report(&args, &l10n),
        Ok(Invocation::Gui(args)) => {
            let smoke = args.smoke.then(|| gui::Smoke {
                frames: SMOKE_FRAMES,
                wait_for: gui::smoke_wait_for(std::env::var(gui::SMOKE_WAIT_ENV).ok().as_deref()),
            });
            match gui::run(args.catalog_dir.as_deref(), smoke) {
                Ok(report) => match smoke {
                    Some(gui::Smoke {
                        wait_for: Some(page),
                        ..
                    }) => {
                        println!(
                            "window opened and closed with {}; page reached: {}",
                            report.renderer.name(),
                            report.last_page.key()
                        );
                        if report.last_page == page {
                            Exit::Ok.into()
                        } else {
                            Exit::SmokePageNotReached.into()
                        }
                    }
                    Some(_) => {
                        println!("window opened and closed with {}", report.renderer.name());
                        Exit::Ok.into()
                    }
                    None => Exit::Ok.into(),
                },
                Err(error) => window_failed(&error, args.smoke),
            }
        }
        Err(error) => {
            eprintln!("{}", error.localize(&l10n));
            Exit::Error.into()
        }
    }
}
