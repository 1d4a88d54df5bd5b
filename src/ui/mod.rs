//! The egui layer: thin. Pages draw and collect input; rules live in the core modules.

pub mod app;
pub mod change_jobs;
pub mod command;
mod header;
mod help;
pub mod identity_jobs;
mod nav;
pub mod pages;
pub mod relay_jobs;
pub mod scan_jobs;
pub mod sql_jobs;
pub mod test_jobs;
pub mod theme;
pub mod widgets;

pub use app::{AppOptions, OverstapApp};
