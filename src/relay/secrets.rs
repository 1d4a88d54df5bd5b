//! The relay's secrets: the client secret it gets tokens with, and the password of the optional
//! local login. One file in the relay folder, `secrets.bin`.
//!
//! Why not the credential store the wizard uses: Windows Credential Manager keeps one vault per
//! account, and the relay service runs as LocalSystem, whose vault the administrator's wizard
//! cannot write to (the Linux session keyring likewise belongs to one login session). So the
//! wizard writes this file, and the platform protects it: DPAPI (machine scope) on Windows,
//! in a folder whose access list is SYSTEM and Administrators only; elsewhere mode 0600.

use secrecy::{ExposeSecret as _, SecretString};
use serde::{Deserialize, Serialize};

use crate::platform::{Native, ProtectSecrets as _};

/// What the file holds. `Debug` shows neither value.
pub struct RelaySecrets {
    pub client_secret: Option<SecretString>,
    pub auth_password: Option<SecretString>,
}

impl std::fmt::Debug for RelaySecrets {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RelaySecrets")
            .field(
                "client_secret",
                &self.client_secret.as_ref().map(|_| "[REDACTED]"),
            )
            .field(
                "auth_password",
                &self.auth_password.as_ref().map(|_| "[REDACTED]"),
            )
            .finish()
    }
}

#[derive(Serialize, Deserialize)]
struct Stored {
    #[serde(default)]
    client_secret: Option<String>,
    #[serde(default)]
    auth_password: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum SecretsError {
    #[error("the relay's secrets file cannot be read: {0}")]
    Read(String),
    #[error("the relay's secrets file cannot be written: {0}")]
    Write(String),
}

impl RelaySecrets {
    pub fn load(dirs: &super::config::RelayDirs) -> Result<RelaySecrets, SecretsError> {
        let path = dirs.secrets_file();
        let bytes = match std::fs::read(&path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Ok(RelaySecrets {
                    client_secret: None,
                    auth_password: None,
                });
            }
            Err(e) => return Err(SecretsError::Read(e.to_string())),
        };
        let plain = Native
            .unprotect(&bytes)
            .map_err(|e| SecretsError::Read(e.to_string()))?;
        let stored: Stored = serde_json::from_slice(&plain)
            .map_err(|_| SecretsError::Read("not the expected contents".into()))?;
        Ok(RelaySecrets {
            client_secret: stored.client_secret.map(SecretString::from),
            auth_password: stored.auth_password.map(SecretString::from),
        })
    }

    pub fn save(&self, dirs: &super::config::RelayDirs) -> Result<(), SecretsError> {
        let stored = Stored {
            client_secret: self
                .client_secret
                .as_ref()
                .map(|s| s.expose_secret().to_owned()),
            auth_password: self
                .auth_password
                .as_ref()
                .map(|s| s.expose_secret().to_owned()),
        };
        let plain = zeroize::Zeroizing::new(
            serde_json::to_vec(&stored).map_err(|e| SecretsError::Write(e.to_string()))?,
        );
        let protected = Native
            .protect(&plain)
            .map_err(|e| SecretsError::Write(e.to_string()))?;
        Native
            .restrict_folder(dirs.root())
            .map_err(|e| SecretsError::Write(e.to_string()))?;
        crate::platform::write_private(&dirs.secrets_file(), &protected)
            .map_err(|e| SecretsError::Write(e.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_round_trip_privately() {
        let dir = tempfile::tempdir().expect("tempdir");
        let dirs = super::super::config::RelayDirs::at(dir.path().join("relay"));
        let secrets = RelaySecrets {
            client_secret: Some(SecretString::from("PLANTED~secret".to_owned())),
            auth_password: None,
        };
        secrets.save(&dirs).expect("save");
        let loaded = RelaySecrets::load(&dirs).expect("load");
        assert_eq!(
            loaded.client_secret.as_ref().map(|s| s.expose_secret()),
            Some("PLANTED~secret")
        );
        assert!(!format!("{loaded:?}").contains("PLANTED"));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            let mode = std::fs::metadata(dirs.secrets_file())
                .expect("meta")
                .permissions()
                .mode();
            assert_eq!(mode & 0o077, 0, "{mode:o}");
        }
    }
}
