//! The backup store: the original bytes of every file Overstap changes, and a manifest (path,
//! hashes before and after, time, user, state) beside them, in one folder per session:
//! `%ProgramData%\Overstap\backups\<session>\` on Windows, the data folder elsewhere.
//!
//! The manifest is written atomically after every step, so a crash leaves a readable state:
//! an entry still `prepared` after a restart is settled by [`BackupStore::recover`] from what the
//! file holds (the original: nothing happened; the new bytes: the write went through).

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{FileChange, WriteError, WriteFs, sha256};

pub const MANIFEST_SCHEMA: &str = "overstap-backups/1";
const MANIFEST: &str = "manifest.json";

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ChangeState {
    /// Backed up; the file is about to be written (or a crash came first).
    Prepared,
    Applied,
    /// Failed and restored: the file holds the original.
    Failed,
    Undone,
    /// Found after a crash: the file was never written.
    Abandoned,
    /// Found after a crash: the file holds neither the original nor our bytes.
    Conflict,
}

/// One changed file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManifestEntry {
    pub id: u32,
    pub windows_path: String,
    pub local: PathBuf,
    pub label: String,
    pub before_sha256: String,
    pub after_sha256: String,
    pub backup_file: PathBuf,
    pub time: DateTime<Utc>,
    pub user: String,
    pub state: ChangeState,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
struct Manifest {
    schema: String,
    entries: Vec<ManifestEntry>,
}

/// The backups of one session.
#[derive(Clone, Debug)]
pub struct BackupStore {
    dir: PathBuf,
}

impl BackupStore {
    pub fn at(dir: PathBuf) -> BackupStore {
        BackupStore { dir }
    }

    /// The folder that holds every session's backups: `%ProgramData%\Overstap\backups` on
    /// Windows (machine-wide, where an administrator finds it), the data folder elsewhere.
    pub fn default_root() -> Option<PathBuf> {
        let base = if cfg!(windows) {
            std::env::var_os("ProgramData")
                .map(PathBuf::from)
                .map(|p| p.join("Overstap"))
        } else {
            directories::ProjectDirs::from("", "", "Overstap").map(|d| d.data_dir().to_path_buf())
        }?;
        Some(base.join("backups"))
    }

    /// The default folder for a session's (or a plan's) backups.
    pub fn for_session(session_id: &str) -> Option<BackupStore> {
        Self::default_root().map(|root| BackupStore::at(root.join(session_id)))
    }

    /// The store whose manifest changed last under `root`: what "undo the last apply" means.
    pub fn latest(root: &Path) -> Option<BackupStore> {
        std::fs::read_dir(root)
            .ok()?
            .flatten()
            .filter_map(|e| {
                let manifest = e.path().join(MANIFEST);
                let modified = std::fs::metadata(&manifest)
                    .and_then(|m| m.modified())
                    .ok()?;
                Some((modified, e.path()))
            })
            .max()
            .map(|(_, dir)| BackupStore::at(dir))
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn manifest_path(&self) -> PathBuf {
        self.dir.join(MANIFEST)
    }

    /// Every entry so far (empty when nothing was changed yet).
    pub fn entries(&self, fs: &dyn WriteFs) -> Result<Vec<ManifestEntry>, WriteError> {
        Ok(self.load(fs)?.entries)
    }

    fn load(&self, fs: &dyn WriteFs) -> Result<Manifest, WriteError> {
        match fs.read(&self.manifest_path()) {
            Ok(bytes) => {
                let manifest: Manifest = serde_json::from_slice(&bytes)
                    .map_err(|e| WriteError::Backup(format!("manifest unreadable: {e}")))?;
                if manifest.schema != MANIFEST_SCHEMA {
                    return Err(WriteError::Backup(format!(
                        "manifest of another version ({})",
                        manifest.schema
                    )));
                }
                Ok(manifest)
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Manifest {
                schema: MANIFEST_SCHEMA.into(),
                entries: Vec::new(),
            }),
            Err(e) => Err(WriteError::Backup(e.to_string())),
        }
    }

    fn save(&self, fs: &dyn WriteFs, manifest: &Manifest) -> Result<(), WriteError> {
        let json =
            serde_json::to_vec_pretty(manifest).map_err(|e| WriteError::Backup(e.to_string()))?;
        fs.replace(&self.manifest_path(), &json)
            .map_err(|e| WriteError::Backup(e.to_string()))
    }

    /// Saves the original and records the change as `prepared`; nothing is written to the
    /// target before this returns.
    pub fn record(
        &self,
        fs: &dyn WriteFs,
        change: &FileChange,
        original: &[u8],
    ) -> Result<ManifestEntry, WriteError> {
        fs.create_dir_all(&self.dir)
            .map_err(|e| WriteError::Backup(e.to_string()))?;
        let mut manifest = self.load(fs)?;
        let id = manifest.entries.iter().map(|e| e.id).max().unwrap_or(0) + 1;
        let name = change
            .local
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "file".into());
        let backup_file = self.dir.join(format!("{id:04}-{name}.orig"));
        fs.create_new(&backup_file, original)
            .map_err(|e| WriteError::Backup(e.to_string()))?;
        let entry = ManifestEntry {
            id,
            windows_path: change.windows_path.clone(),
            local: change.local.clone(),
            label: change.label.clone(),
            before_sha256: change.before_sha256.clone(),
            after_sha256: sha256(&change.after),
            backup_file,
            time: Utc::now(),
            user: std::env::var("USERNAME")
                .or_else(|_| std::env::var("USER"))
                .unwrap_or_default(),
            state: ChangeState::Prepared,
        };
        manifest.entries.push(entry.clone());
        self.save(fs, &manifest)?;
        Ok(entry)
    }

    pub fn set_state(
        &self,
        fs: &dyn WriteFs,
        entry: &mut ManifestEntry,
        state: ChangeState,
    ) -> Result<(), WriteError> {
        entry.state = state;
        let mut manifest = self.load(fs)?;
        match manifest.entries.iter_mut().find(|e| e.id == entry.id) {
            Some(stored) => stored.state = state,
            None => manifest.entries.push(entry.clone()),
        }
        self.save(fs, &manifest)
    }

    /// Settles entries a crash left `prepared`, from what each file holds now. Returns the
    /// entries it settled.
    pub fn recover(&self, fs: &dyn WriteFs) -> Result<Vec<ManifestEntry>, WriteError> {
        let mut manifest = self.load(fs)?;
        let mut settled = Vec::new();
        for entry in manifest
            .entries
            .iter_mut()
            .filter(|e| e.state == ChangeState::Prepared)
        {
            let current = fs
                .read(&entry.local)
                .map(|b| sha256(&b))
                .unwrap_or_default();
            entry.state = if current == entry.before_sha256 {
                ChangeState::Abandoned
            } else if current == entry.after_sha256 {
                ChangeState::Applied
            } else {
                ChangeState::Conflict
            };
            settled.push(entry.clone());
        }
        if !settled.is_empty() {
            self.save(fs, &manifest)?;
        }
        Ok(settled)
    }
}
