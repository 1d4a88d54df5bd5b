//! Integration tests, compiled into one binary (one link step instead of one per file).

mod util;

mod gui_applications;
mod gui_wizard;
mod locales;
mod screenshots;
