//! Integration tests, compiled into one binary (one link step instead of one per file).

mod support;
mod util;

mod gui_applications;
mod gui_consent;
mod gui_elevation;
mod gui_wizard;
mod identity;
mod locales;
mod screenshots;
