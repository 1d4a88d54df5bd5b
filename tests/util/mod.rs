//! Shared test helpers: a harness around the real app with a fixed date and a private config
//! folder, and small helpers to find and operate widgets by their visible labels.

use chrono::NaiveDate;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use overstap::i18n::Language;
use overstap::settings::UserDirs;
use overstap::ui::{AppOptions, OverstapApp};

/// The date every GUI test lives on, so expiry rules do not drift.
pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 26).expect("valid date")
}

/// The real app at 1120x800 in the given language, with its own config folder.
pub fn app(language: Language, config_dir: &std::path::Path) -> Harness<'static, OverstapApp> {
    let dirs = UserDirs::at(config_dir.to_path_buf());
    Harness::builder()
        .with_size(egui::vec2(1120.0, 800.0))
        .build_eframe(move |cc| {
            OverstapApp::new(
                &cc.egui_ctx,
                AppOptions {
                    dirs: Some(dirs),
                    language: Some(language),
                    clock: Box::new(today),
                    ..AppOptions::default()
                },
            )
        })
}

/// Clicks the one widget with exactly this label and lets the app settle.
pub fn click(harness: &mut Harness<'_, OverstapApp>, label: &str) {
    harness.get_by_label(label).click();
    harness.run();
}

/// Focuses the text field labelled `label` and types `text` into it.
pub fn type_into(harness: &mut Harness<'_, OverstapApp>, label: &str, text: &str) {
    harness.get_by_label(label).click();
    harness.run();
    harness.get_by_label(label).type_text(text);
    harness.run();
}

/// Whether any widget shows exactly this text.
pub fn shows(harness: &Harness<'_, OverstapApp>, text: &str) -> bool {
    harness.query_all_by_label(text).next().is_some()
}

pub fn is_enabled(harness: &Harness<'_, OverstapApp>, label: &str) -> bool {
    !harness.get_by_label(label).accesskit_node().is_disabled()
}
