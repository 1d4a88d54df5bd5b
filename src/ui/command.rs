//! What pages and widgets ask the app to do. Drained once per frame, in one place (`app.rs`),
//! never inside page code, so navigation and persistence have exactly one implementation.

use crate::i18n::Language;
use crate::wizard::Page;

#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    /// Switch the interface language now and remember it for the next run.
    SetLanguage(Language),
    /// Go to the next page if the current one is complete.
    Next,
    /// Go to the previous page; always allowed.
    Back,
    /// Jump from the step indicator.
    GoTo(Page),
    /// Replace the fresh session with the one saved automatically last time.
    ResumeSaved,
    /// Forget the saved session and start anew.
    DiscardSaved,
    /// Replace the session with one from a file (a partner's export).
    ImportSession(std::path::PathBuf),
    /// Show or hide the general guidance beside the page.
    ToggleHelp,
    /// Show the general guidance (from a page's help link).
    ShowHelp,
    /// Start Overstap again with administrator rights (UAC prompt) and close this window.
    RestartElevated,
    /// Use a partner's catalogue folder on top of the embedded catalogue (like `--catalog`).
    LoadCatalog(std::path::PathBuf),
}
