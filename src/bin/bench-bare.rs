//! The bare eframe window the benchmark (`src/bin/bench.rs`) compares Overstap with: the same
//! eframe build (features, renderer, window size, wgpu adapter choice: `gui::native_options`),
//! drawing one static page with about as much text as Overstap's Welcome page (a heading, two
//! paragraphs, a few choices, buttons; about 1,900 characters), and nothing else: no
//! translations, no session, no workers. It prints the same per-frame lines as Overstap
//! (`bench_probe`), driven by the same `OVERSTAP_BENCH` and `OVERSTAP_RENDERER` variables.
//!
//! Not shipped: `scripts/windows-build.sh` and the release artefact are `overstap` alone.

use overstap::bench_probe::{Probe, Spec};
use overstap::gui;

const HEADING: &str = "Welcome to the comparison window";
const PARAGRAPHS: [&str; 2] = [
    "This window moves nothing. It stands in for a wizard page of the same size: a heading, an \
     introduction that explains what the program does, why it matters now, and a choice of role, \
     so that the time to the first frame and the cost of each frame can be compared with a page \
     that carries about as much text. It finds where each application keeps its mail settings, \
     guides you through the app registration, sends a real test message and ends with a summary \
     for the customer's file.",
    "Since October 2022 basic authentication has been switched off step by step for IMAP, POP \
     and EWS, and for SMTP AUTH in tenants that do not use it; at the end of December 2026 SMTP \
     AUTH with a password is switched off by default for existing tenants that do use it: every \
     application that still mails with a password stops sending. The comparison window draws \
     this paragraph only to put a realistic amount of text on the screen, in the default fonts, \
     wrapped at the same width as the wizard's pages.",
];
const CHOICES: [(&str, &str); 2] = [
    (
        "I manage this server",
        "The program scans this server and guides you through the changes for each application.",
    ),
    (
        "I am a partner guiding a customer remotely",
        "Prepare the registration and the checklist; the summary and an exported session go to \
         the customer.",
    ),
];
const STEPS: [&str; 8] = [
    "Welcome",
    "Scan",
    "Registration",
    "Secret",
    "Consent",
    "Test",
    "Applications",
    "Summary",
];

struct Bare {
    probe: Option<Probe>,
    choice: usize,
    english: bool,
}

impl eframe::App for Bare {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        egui::Panel::top("steps").show(ui, |ui| {
            ui.horizontal_wrapped(|ui| {
                for (n, step) in STEPS.iter().enumerate() {
                    ui.label(format!("{}. {step}", n + 1));
                }
            });
        });
        egui::Panel::bottom("nav").show(ui, |ui| {
            ui.horizontal(|ui| {
                let _ = ui.button("Back");
                let _ = ui.button("Next");
            });
        });
        egui::CentralPanel::default().show(ui, |ui| {
            egui::ScrollArea::vertical()
                .auto_shrink([false, false])
                .show(ui, |ui| {
                    ui.set_max_width(820.0);
                    ui.heading(HEADING);
                    for paragraph in PARAGRAPHS {
                        ui.label(paragraph);
                        ui.add_space(8.0);
                    }
                    ui.strong("Language");
                    ui.horizontal(|ui| {
                        ui.radio_value(&mut self.english, false, "Nederlands");
                        ui.radio_value(&mut self.english, true, "English");
                    });
                    ui.strong("Your role");
                    for (n, (choice, hint)) in CHOICES.iter().enumerate() {
                        ui.radio_value(&mut self.choice, n, *choice);
                        ui.weak(*hint);
                    }
                    ui.add_space(8.0);
                    ui.strong("Earlier work");
                    ui.label("A session from an earlier run was saved on this computer.");
                    ui.horizontal(|ui| {
                        let _ = ui.button("Resume the saved session");
                        let _ = ui.button("Start fresh and delete it");
                    });
                });
        });
        if let Some(probe) = self.probe.as_mut() {
            probe.frame_done(ui.ctx());
        }
    }
}

fn main() -> std::process::ExitCode {
    let forced = std::env::var(gui::RENDERER_ENV).ok();
    let renderer = gui::renderer_order(forced.as_deref())
        .first()
        .copied()
        .unwrap_or(gui::Renderer::Wgpu);
    let probe = Spec::from_env().map(Probe::new);
    let result = eframe::run_native(
        "Overstap bare window",
        gui::native_options(renderer),
        Box::new(|_cc| {
            Ok(Box::new(Bare {
                probe,
                choice: 0,
                english: true,
            }))
        }),
    );
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            eprintln!(
                "the bare window did not open with {}: {error}",
                renderer.name()
            );
            std::process::ExitCode::from(2)
        }
    }
}
