//! Overstap: move business applications from Exchange Online basic authentication to OAuth 2.0.
//!
//! The domain core (`wizard`, `session`, `secrets`, `guid`, `i18n`, ...) has no egui in it; `ui`
//! is the thin layer that draws it, `gui` opens the window, `cli` reads the command line.

pub mod access;
pub mod apply_cli;
pub mod bench_probe;
pub mod catalog;
pub mod checklist;
pub mod cli;
pub mod dates;
pub mod detect;
pub mod dialogs;
pub mod exchange_script;
pub mod fsutil;
pub mod gui;
pub mod guid;
pub mod i18n;
pub mod identity;
pub mod jobs;
pub mod mailtest;
pub mod pdf;
pub mod plan;
pub mod platform;
pub mod portal;
pub mod presets;
pub mod registration;
pub mod relay;
pub mod report;
pub mod scenario;
pub mod secrets;
pub mod session;
pub mod settings;
pub mod sql;
pub mod summary;
pub mod text;
pub mod ui;
pub mod wizard;
pub mod worker_news;
pub mod writeback;
