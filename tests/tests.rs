//! Integration tests, compiled into one binary (one link step instead of one per file).

mod support;
mod util;

mod access;
mod detect;
mod detect_plumbing;
mod exchange_script;
mod glossary;
mod gui_applications;
mod gui_consent;
mod gui_elevation;
mod gui_paper;
mod gui_presets;
mod gui_registration;
mod gui_scan;
mod gui_session;
mod gui_test_send;
mod gui_trust;
mod gui_wizard;
mod hostile_detect;
mod hostile_trust;
mod identity;
mod leaks;
mod leaks_scan;
mod locales;
mod mailtest;
mod memory_bound;
mod paper;
mod paper_print;
mod properties;
mod screenshots;
mod scripts_guard;
