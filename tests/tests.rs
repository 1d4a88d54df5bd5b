//! Integration tests, compiled into one binary (one link step instead of one per file).

mod util;

mod detect;
mod gui_applications;
mod gui_scan;
mod gui_wizard;
mod locales;
mod screenshots;
