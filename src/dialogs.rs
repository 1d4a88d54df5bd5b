//! File dialogs behind a trait: the system's own (`rfd`: the Windows common dialogs, the desktop
//! portal or zenity on Linux) for the program, a scripted one for the tests.
//!
//! Why a trait: egui_kittest cannot click in a native dialog, and a test must still prove that
//! Browse fills the field with what the admin chose. Why blocking: the call runs on a worker
//! thread (`ui::widgets::path_field`), so the window keeps drawing while the dialog is open.

use std::collections::VecDeque;
use std::path::PathBuf;
use std::sync::Mutex;

/// What the dialog asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DialogKind {
    /// An existing file.
    OpenFile,
    /// An existing folder.
    PickFolder,
}

/// One question to the admin: what to pick, with which title, starting where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DialogRequest {
    pub kind: DialogKind,
    pub title: String,
    /// Name and extensions (without the dot) of the files offered; empty: any file.
    pub filters: Vec<(String, Vec<String>)>,
    /// The folder the dialog opens in.
    pub directory: Option<PathBuf>,
}

impl DialogRequest {
    pub fn file(title: String) -> DialogRequest {
        DialogRequest {
            kind: DialogKind::OpenFile,
            title,
            filters: Vec::new(),
            directory: None,
        }
    }

    pub fn folder(title: String) -> DialogRequest {
        DialogRequest {
            kind: DialogKind::PickFolder,
            ..DialogRequest::file(title)
        }
    }

    /// Offers only files with these extensions (and any file as a second choice).
    pub fn filter(mut self, name: String, extensions: &[&str]) -> DialogRequest {
        self.filters
            .push((name, extensions.iter().map(|e| (*e).to_owned()).collect()));
        self
    }

    /// Opens in the folder of `current` (a path already in the field), if it has one.
    pub fn starting_at(mut self, current: &str) -> DialogRequest {
        let current = std::path::Path::new(current.trim().trim_matches('"'));
        let folder = match self.kind {
            DialogKind::PickFolder if current.is_dir() => Some(current.to_path_buf()),
            _ => current.parent().filter(|p| p.is_dir()).map(PathBuf::from),
        };
        self.directory = folder;
        self
    }
}

/// Asks the admin for a path. Blocks until the dialog closes: call it off the UI thread.
pub trait FileDialogs: Send + Sync {
    /// The chosen path, or `None` when the dialog was cancelled.
    fn ask(&self, request: &DialogRequest) -> Option<PathBuf>;
}

/// The system's dialogs, through `rfd`.
#[derive(Clone, Copy, Debug, Default)]
pub struct NativeDialogs;

impl FileDialogs for NativeDialogs {
    fn ask(&self, request: &DialogRequest) -> Option<PathBuf> {
        let mut dialog = rfd::FileDialog::new().set_title(request.title.as_str());
        for (name, extensions) in &request.filters {
            dialog = dialog.add_filter(name.as_str(), extensions);
        }
        if !request.filters.is_empty() {
            dialog = dialog.add_filter("*", &["*"]);
        }
        if let Some(directory) = &request.directory {
            dialog = dialog.set_directory(directory);
        }
        match request.kind {
            DialogKind::OpenFile => dialog.pick_file(),
            DialogKind::PickFolder => dialog.pick_folder(),
        }
    }
}

/// Answers from a script, in order, and remembers what was asked: the tests' stand-in for the
/// admin at a dialog. Without answers left it answers as a cancelled dialog.
#[derive(Debug, Default)]
pub struct ScriptedDialogs {
    answers: Mutex<VecDeque<Option<PathBuf>>>,
    asked: Mutex<Vec<DialogRequest>>,
}

impl ScriptedDialogs {
    pub fn answering(answers: impl IntoIterator<Item = Option<PathBuf>>) -> ScriptedDialogs {
        ScriptedDialogs {
            answers: Mutex::new(answers.into_iter().collect()),
            asked: Mutex::new(Vec::new()),
        }
    }

    /// The next answer, after those already queued.
    pub fn then_answer(&self, answer: Option<PathBuf>) {
        if let Ok(mut answers) = self.answers.lock() {
            answers.push_back(answer);
        }
    }

    /// Every request so far, in order.
    pub fn asked(&self) -> Vec<DialogRequest> {
        self.asked.lock().map(|a| a.clone()).unwrap_or_default()
    }
}

impl FileDialogs for ScriptedDialogs {
    fn ask(&self, request: &DialogRequest) -> Option<PathBuf> {
        if let Ok(mut asked) = self.asked.lock() {
            asked.push(request.clone());
        }
        self.answers.lock().ok()?.pop_front().flatten()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_dialog_starts_where_the_field_points() {
        let dir = tempfile::tempdir().expect("tempdir");
        let file = dir.path().join("session.json");
        std::fs::write(&file, "{}").expect("write");
        let shown = format!("\"{}\"", file.display());
        let request = DialogRequest::file("t".into()).starting_at(&shown);
        assert_eq!(request.directory.as_deref(), Some(dir.path()));
        let folder =
            DialogRequest::folder("t".into()).starting_at(&dir.path().display().to_string());
        assert_eq!(folder.directory.as_deref(), Some(dir.path()));
        let nowhere = DialogRequest::file("t".into()).starting_at("Z:\\nothing\\here.json");
        assert_eq!(nowhere.directory, None);
    }

    #[test]
    fn scripted_answers_come_in_order_then_cancel() {
        let dialogs = ScriptedDialogs::answering([Some(PathBuf::from("/a")), None]);
        let request = DialogRequest::folder("Folder".into());
        assert_eq!(dialogs.ask(&request), Some(PathBuf::from("/a")));
        assert_eq!(dialogs.ask(&request), None);
        assert_eq!(dialogs.ask(&request), None, "nothing left: cancelled");
        assert_eq!(dialogs.asked().len(), 3);
    }
}
