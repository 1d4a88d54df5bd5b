//! Per-user preferences that outlive a run: the language, and where the autosaved session lives.
//!
//! Kept apart from the session on purpose: the session travels to a partner, the language choice
//! belongs to the person at this keyboard.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::i18n::Language;

/// Overrides the per-user folder (tests, portable use from a USB stick).
pub const CONFIG_DIR_ENV: &str = "OVERSTAP_CONFIG_DIR";

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// `None` until the user picks one; then the OS locale no longer decides.
    pub language: Option<Language>,
}

/// `Documents\Overstap` (or `~/Overstap`): where saved scripts and exported sessions go, so
/// the admin finds them again.
pub fn documents_folder() -> PathBuf {
    directories::UserDirs::new()
        .and_then(|dirs| dirs.document_dir().map(|d| d.join("Overstap")))
        .or_else(|| directories::BaseDirs::new().map(|dirs| dirs.home_dir().join("Overstap")))
        .unwrap_or_else(|| PathBuf::from("Overstap"))
}

/// Where this user's files are.
#[derive(Clone, Debug)]
pub struct UserDirs {
    config_dir: PathBuf,
}

impl UserDirs {
    /// `%APPDATA%\Overstap\config` on Windows, `~/.config/overstap` on Linux, or the override.
    pub fn from_env() -> Option<UserDirs> {
        if let Some(dir) = std::env::var_os(CONFIG_DIR_ENV) {
            return Some(UserDirs::at(PathBuf::from(dir)));
        }
        directories::ProjectDirs::from("", "", "Overstap")
            .map(|dirs| UserDirs::at(dirs.config_dir().to_path_buf()))
    }

    pub fn at(config_dir: PathBuf) -> UserDirs {
        UserDirs { config_dir }
    }

    pub fn settings_file(&self) -> PathBuf {
        self.config_dir.join("settings.json")
    }

    /// The session saved automatically while the wizard runs.
    pub fn autosave_file(&self) -> PathBuf {
        self.config_dir.join("session.json")
    }
}

impl Settings {
    /// Missing or unreadable settings are not an error worth bothering the user with: defaults.
    /// A FIFO or a huge file in its place cannot stall the start: the read is capped and only
    /// a regular file is read.
    pub fn load(path: &Path) -> Settings {
        const MAX_SETTINGS_BYTES: u64 = 64 * 1024;
        let never = std::sync::atomic::AtomicBool::new(false);
        crate::detect::platform::read_capped(path, None, MAX_SETTINGS_BYTES, &never)
            .ok()
            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
            .unwrap_or_default()
    }

    pub fn save(&self, path: &Path) -> std::io::Result<()> {
        let json = serde_json::to_vec_pretty(self).map_err(std::io::Error::other)?;
        crate::fsutil::write_atomic(path, &json)
    }

    /// The remembered choice, else the operating system's language.
    pub fn effective_language(&self) -> Language {
        self.language.unwrap_or_else(Language::from_os)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_is_remembered() {
        let dir = tempfile::tempdir().expect("tempdir");
        let dirs = UserDirs::at(dir.path().join("cfg"));
        assert_eq!(Settings::load(&dirs.settings_file()), Settings::default());
        let settings = Settings {
            language: Some(Language::Nl),
        };
        settings.save(&dirs.settings_file()).expect("save");
        let loaded = Settings::load(&dirs.settings_file());
        assert_eq!(loaded.effective_language(), Language::Nl);
    }

    #[test]
    fn garbage_falls_back_to_defaults() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("settings.json");
        std::fs::write(&path, "\u{feff}{{{").expect("write");
        assert_eq!(Settings::load(&path), Settings::default());
    }
}

/// Why one of the admin's own files (the settings, the autosaved session) could not be used:
/// shown above the page in the admin's language, never fatal.
#[derive(Debug, thiserror::Error)]
pub enum FileProblem {
    #[error("the settings could not be saved: {0}")]
    SettingsNotSaved(#[source] crate::fsutil::FileError),
    #[error("the session could not be saved: {0}")]
    SessionNotSaved(#[source] crate::session::SessionError),
    /// The autosave of an earlier run exists but cannot be read: it is not offered for resuming,
    /// and the admin should know why rather than find the work silently gone.
    #[error("the autosaved session could not be read: {0}")]
    AutosaveUnreadable(#[source] crate::session::SessionError),
}

impl FileProblem {
    /// The panel's title.
    pub fn title_id(&self) -> &'static str {
        match self {
            FileProblem::SettingsNotSaved(_) | FileProblem::SessionNotSaved(_) => {
                "app-file-problem"
            }
            FileProblem::AutosaveUnreadable(_) => "app-autosave-unreadable",
        }
    }

    /// The panel's text: what went wrong, in the admin's language.
    pub fn message(&self) -> crate::i18n::Message {
        match self {
            FileProblem::SettingsNotSaved(error) => error.message(),
            FileProblem::SessionNotSaved(error) | FileProblem::AutosaveUnreadable(error) => {
                error.to_message()
            }
        }
    }
}
