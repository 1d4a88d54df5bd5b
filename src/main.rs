//! Entry point: the wizard without arguments, `--version` / `--help` for scripts.

use std::process::ExitCode;

use overstap::cli::{self, Invocation};
use overstap::gui;

/// Frames drawn by `--smoke` before it closes: the first frame plus a few repaints.
const SMOKE_FRAMES: u32 = 5;

fn window_failed(error: &gui::WindowError) -> ExitCode {
    eprintln!("{}", error.explain(&gui::outside_localizer()));
    ExitCode::from(2)
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
