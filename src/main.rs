//! Entry point: the wizard without arguments, `--version` / `--help` for scripts.
//!
//! On Windows this is a windowed program (no console window flashes up behind the wizard);
//! command-line output attaches to the console of the cmd / PowerShell that started it.
#![cfg_attr(windows, windows_subsystem = "windows")]

use std::process::ExitCode;

use overstap::catalog::Catalog;
use overstap::cli::{self, Invocation};
use overstap::detect::{self, platform::ScanTarget};
use overstap::gui;
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
    ExitCode::from(2)
}

/// `overstap scan`: the findings as a table or JSON; exit code 0 (no Exchange Online basic
/// authentication), 1 (found) or 2 (nothing could be scanned).
fn scan(args: &cli::ScanArgs) -> ExitCode {
    let l10n = gui::outside_localizer();
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
            eprintln!("{}", cli::terminal_safe(&error.localize(&l10n), 600));
            return ExitCode::from(2);
        }
    };
    let scanned = if !requests.is_empty() && args.root.is_none() && !cfg!(windows) {
        // Only SQL Server: there is no Windows server here to read.
        Ok(detect::scan_sql_only(requests, &catalog))
    } else {
        detect::scan_blocking_with(&target, &catalog, requests)
    };
    match scanned {
        Ok(report) => {
            if args.json {
                out(&format!("{}\n", cli::scan_json(&report)));
            } else {
                out(&cli::scan_table(&report, &catalog, &l10n));
                for error in &report.errors {
                    eprintln!("{}", cli::terminal_safe(&error.localize(&l10n), 600));
                }
            }
            ExitCode::from(cli::scan_exit_code(&report))
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
                eprintln!("{}", cli::terminal_safe(&error.localize(&l10n), 600));
            }
            ExitCode::from(2)
        }
    }
}

/// Prints what a verb produced and ends with its exit code.
fn verb(outcome: overstap::apply_cli::Outcome) -> ExitCode {
    out(&outcome.stdout);
    if !outcome.stderr.is_empty() {
        eprint!("{}", cli::terminal_safe(&outcome.stderr, 20_000));
    }
    ExitCode::from(outcome.code)
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

/// `overstap relay ...`: 0 done, 1 the action failed, 2 bad settings or arguments.
fn relay(args: &cli::RelayArgs) -> ExitCode {
    use overstap::relay::{self, RelayDirs, service};
    let Some(dirs) = args
        .dir
        .clone()
        .map(RelayDirs::at)
        .or_else(RelayDirs::from_env)
    else {
        eprintln!("no folder for the relay: give --dir DIR");
        return ExitCode::from(2);
    };
    let service = service::native();
    let done = |what: &str, result: std::io::Result<()>| match result {
        Ok(()) => {
            println!("{what}");
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("{what} failed: {error}");
            ExitCode::from(1)
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
                    ExitCode::SUCCESS
                }
                Err(error) => {
                    eprintln!("the relay did not start: {error}");
                    ExitCode::from(2)
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
            ExitCode::SUCCESS
        }
        cli::RelayAction::Service => match service::run_as_service() {
            Ok(()) => ExitCode::SUCCESS,
            Err(error) => {
                eprintln!("not started by the service control manager: {error}");
                ExitCode::from(2)
            }
        },
        cli::RelayAction::Install => done(
            "installed",
            std::env::current_exe().and_then(|exe| service.install(&exe)),
        ),
        cli::RelayAction::Start => done("started", service.start()),
        cli::RelayAction::Stop => done("stopped", service.stop()),
        cli::RelayAction::Remove => done("removed", service.remove()),
    }
}

/// `overstap report`: the summary of a saved session as PDF, HTML, .ics and/or text. Exit code 0
/// (everything written), 1 (no reminder: the session has no secret with an expiry date) or 2
/// (bad session file, a file that could not be written).
fn report(args: &cli::ReportArgs) -> ExitCode {
    let outside = gui::outside_localizer();
    let l10n = match args.language {
        Some(language) => overstap::i18n::Localizer::new(language),
        None => outside,
    };
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
            return ExitCode::from(2);
        }
    };
    let catalog = Catalog::embedded();
    // The checklist's own texts follow the report's language, as they do in the window.
    session.relocalise(&catalog, l10n.language());
    let summary = match args.at {
        Some(at) => overstap::summary::Summary::build(&session, &catalog, &l10n, &at),
        None => overstap::summary::Summary::build(&session, &catalog, &l10n, &chrono::Local::now()),
    };
    let now = args
        .at
        .map_or_else(chrono::Utc::now, |at| at.with_timezone(&chrono::Utc));
    let mut code: u8 = 0;
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
                code = 2;
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
        match overstap::report::secret_reminder_ics(&session, &l10n, now) {
            Some(ics) => write(path, Ok(ics.into_bytes())),
            None => {
                eprintln!("{}", l10n.tr("report-cli-no-ics"));
                code = code.max(1);
            }
        }
    }
    if args.prints_text() {
        print!("{}", summary.to_text());
    }
    ExitCode::from(code)
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
    let invocation = cli::parse(std::env::args_os().skip(1));
    if cli::wants_console(&invocation) {
        // Without a console (started from Explorer) the output has nowhere to go; nothing to do.
        Native.attach_to_parent();
    }
    match invocation {
        Ok(Invocation::Version) => {
            out(&format!("{}\n", cli::version_line()));
            ExitCode::SUCCESS
        }
        Ok(Invocation::Help) => {
            out(&format!("{}\n", gui::outside_localizer().tr("cli-help")));
            ExitCode::SUCCESS
        }
        Ok(Invocation::Scan(args)) => scan(&args),
        Ok(Invocation::Plan(args)) => verb(overstap::apply_cli::plan(&args)),
        Ok(Invocation::Apply(args)) => verb(overstap::apply_cli::apply(&args)),
        Ok(Invocation::Undo(args)) => verb(overstap::apply_cli::undo(&args)),
        Ok(Invocation::Relay(args)) => relay(&args),
        Ok(Invocation::Report(args)) => report(&args),
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
                            ExitCode::SUCCESS
                        } else {
                            ExitCode::from(3)
                        }
                    }
                    Some(_) => {
                        println!("window opened and closed with {}", report.renderer.name());
                        ExitCode::SUCCESS
                    }
                    None => ExitCode::SUCCESS,
                },
                Err(error) => window_failed(&error, args.smoke),
            }
        }
        Err(error) => {
            let l10n = gui::outside_localizer();
            eprintln!("{error}\n\n{}", l10n.tr("cli-help"));
            ExitCode::from(2)
        }
    }
}
