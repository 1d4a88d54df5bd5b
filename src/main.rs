//! Entry point: the wizard without arguments, `--version` / `--help` for scripts.

use std::process::ExitCode;

use overstap::catalog::Catalog;
use overstap::cli::{self, Invocation};
use overstap::detect::{self, platform::ScanTarget};
use overstap::gui;

/// Frames drawn by `--smoke` before it closes: the first frame plus a few repaints.
const SMOKE_FRAMES: u32 = 5;

fn window_failed(error: &gui::WindowError) -> ExitCode {
    eprintln!("{}", error.explain(&gui::outside_localizer()));
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
    match detect::scan_blocking(&target, &catalog) {
        Ok(report) => {
            if args.json {
                println!("{}", cli::scan_json(&report));
            } else {
                print!("{}", cli::scan_table(&report, &catalog, &l10n));
                for error in &report.errors {
                    eprintln!("{}", error.localize(&l10n));
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
                eprintln!("{}", error.localize(&l10n));
            }
            ExitCode::from(2)
        }
    }
}

fn main() -> ExitCode {
    match cli::parse(std::env::args_os().skip(1)) {
        Ok(Invocation::Version) => {
            println!("{}", cli::version_line());
            ExitCode::SUCCESS
        }
        Ok(Invocation::Help) => {
            println!("{}", gui::outside_localizer().tr("cli-help"));
            ExitCode::SUCCESS
        }
        Ok(Invocation::Scan(args)) => scan(&args),
        Ok(Invocation::Gui(args)) => {
            let close_after_frames = args.smoke.then_some(SMOKE_FRAMES);
            match gui::run(args.catalog_dir.as_deref(), close_after_frames) {
                Ok(renderer) => {
                    if args.smoke {
                        println!("window opened and closed with {}", renderer.name());
                    }
                    ExitCode::SUCCESS
                }
                Err(error) => window_failed(&error),
            }
        }
        Err(error) => {
            let l10n = gui::outside_localizer();
            eprintln!("{error}\n\n{}", l10n.tr("cli-help"));
            ExitCode::from(2)
        }
    }
}
