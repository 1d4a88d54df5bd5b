//! Integration tests, compiled into one binary (one link step instead of one per file).

mod support;
mod util;

mod detect;
mod exchange_script;
mod gui_applications;
mod gui_consent;
mod gui_elevation;
mod gui_presets;
mod gui_registration;
mod gui_scan;
mod gui_session;
mod gui_test_send;
mod gui_trust;
mod gui_wizard;
mod hostile_trust;
mod identity;
mod leaks;
mod locales;
mod mailtest;
mod screenshots;
mod scripts_guard;
