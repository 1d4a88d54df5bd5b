//! The relay's settings (`relay.toml`) and folders.
//!
//! One folder holds everything the relay keeps: its settings, the protected secrets file, the
//! queue, the dead letters, the log and the state of the running process. On Windows it is
//! `%ProgramData%\Overstap\relay`, where a service running as LocalSystem and the elevated
//! wizard both reach it; elsewhere the user's data folder. `OVERSTAP_RELAY_DIR` overrides it
//! (tests, a second relay on one machine).

use std::net::{IpAddr, Ipv4Addr};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// Overrides the relay folder.
pub const RELAY_DIR_ENV: &str = "OVERSTAP_RELAY_DIR";

/// The largest message the SMTP route takes: 35 MB, the default maximum size of a message a
/// Microsoft 365 mailbox sends (Exchange Online limits, "Message limits": 35 MB for sending,
/// 36 MB for receiving, adjustable by the administrator up to 150 MB;
/// <https://learn.microsoft.com/office365/servicedescriptions/exchange-online-service-description/exchange-online-limits#message-limits>;
/// the figures as quoted from that page by third parties, 2026-11-30: the page itself was not
/// reachable from the build machine). A mailbox with a lower limit refuses with a 5xx, which
/// makes a dead letter with the reason.
pub const SMTP_MAX_BYTES: u64 = 35 * 1000 * 1000;

/// Microsoft Graph `sendMail` with a MIME body: the request is limited to about 4 MB (larger
/// ones get `413 Request Entity Too Large`; Microsoft Q&A answer by Microsoft staff, 2024-07-30,
/// <https://learn.microsoft.com/answers/questions/1824204/graph-api-user-sendmail-request-size-limit>),
/// and the MIME travels base64-encoded, so the message itself may be three quarters of that.
/// The `user-sendmail` reference page (<https://learn.microsoft.com/graph/api/user-sendmail>)
/// describes the MIME body but, as far as checked, states no number.
pub const GRAPH_MAX_BYTES: u64 = 4 * 1024 * 1024 / 4 * 3;

/// The relay's folders.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RelayDirs {
    root: PathBuf,
}

impl RelayDirs {
    /// The override, `%ProgramData%\Overstap\relay` on Windows, or the data folder elsewhere.
    pub fn from_env() -> Option<RelayDirs> {
        if let Some(dir) = std::env::var_os(RELAY_DIR_ENV) {
            return Some(RelayDirs::at(PathBuf::from(dir)));
        }
        if cfg!(windows) {
            let program_data = std::env::var_os("ProgramData")
                .map(PathBuf::from)
                .unwrap_or_else(|| PathBuf::from(r"C:\ProgramData"));
            return Some(RelayDirs::at(program_data.join("Overstap").join("relay")));
        }
        directories::ProjectDirs::from("", "", "Overstap")
            .map(|dirs| RelayDirs::at(dirs.data_dir().join("relay")))
    }

    pub fn at(root: PathBuf) -> RelayDirs {
        RelayDirs { root }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    pub fn config_file(&self) -> PathBuf {
        self.root.join("relay.toml")
    }

    /// The client secret (and the local AUTH password), protected for the relay's account.
    pub fn secrets_file(&self) -> PathBuf {
        self.root.join("secrets.bin")
    }

    pub fn queue_dir(&self) -> PathBuf {
        self.root.join("queue")
    }

    pub fn dead_dir(&self) -> PathBuf {
        self.root.join("dead")
    }

    pub fn log_dir(&self) -> PathBuf {
        self.root.join("log")
    }

    /// Written by the running relay every few seconds: its address, process id and heartbeat.
    pub fn state_file(&self) -> PathBuf {
        self.root.join("state.json")
    }
}

/// How accepted mail leaves for Exchange Online.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DeliveryRoute {
    /// SMTP AUTH XOAUTH2 to `smtp.office365.com:587`: the MIME goes unchanged, up to 35 MB.
    #[default]
    Smtp,
    /// Microsoft Graph `sendMail` with the MIME body: no SMTP AUTH needed, up to 4 MB.
    Graph,
}

impl DeliveryRoute {
    pub fn key(self) -> &'static str {
        match self {
            DeliveryRoute::Smtp => "smtp",
            DeliveryRoute::Graph => "graph",
        }
    }

    /// The largest message this route carries.
    pub fn max_bytes(self) -> u64 {
        match self {
            DeliveryRoute::Smtp => SMTP_MAX_BYTES,
            DeliveryRoute::Graph => GRAPH_MAX_BYTES,
        }
    }
}

/// STARTTLS for clients that want it: a PEM certificate chain and its private key.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TlsFiles {
    pub cert_file: PathBuf,
    pub key_file: PathBuf,
}

/// Retries: the first after `first_secs`, doubling up to `max_secs`; after `give_up_hours` the
/// message becomes a dead letter.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct RetryPolicy {
    pub first_secs: u64,
    pub max_secs: u64,
    pub give_up_hours: u64,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            first_secs: 60,
            max_secs: 3600,
            give_up_hours: 48,
        }
    }
}

/// `relay.toml`. Holds no secret: those are in the protected secrets file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct RelayConfig {
    /// `127.0.0.1` by default; a LAN address needs `allowed_clients`.
    pub listen: IpAddr,
    pub port: u16,
    /// Client addresses or CIDR ranges (`192.168.10.0/24`) allowed besides loopback.
    pub allowed_clients: Vec<String>,
    pub tls: Option<TlsFiles>,
    /// A user name clients must log in with (AUTH PLAIN / LOGIN); the password is in the
    /// secrets file. `None`: no login (loopback and the allow-list decide).
    pub auth_user: Option<String>,
    pub tenant_id: String,
    pub client_id: String,
    /// `worldwide`, `us-government` or `china` (`Cloud::key`).
    pub cloud: String,
    pub route: DeliveryRoute,
    /// The mailbox the relay sends as when a sender is rewritten, and that bounces come from.
    pub mailbox: String,
    /// Mailboxes the application may send as (its RBAC for Applications scope). `mailbox` is
    /// always one of them.
    pub allowed_senders: Vec<String>,
    /// A sender outside `allowed_senders`: rewritten to `mailbox` (true) or refused (false).
    pub rewrite_senders: bool,
    /// When the client secret expires (warnings 30, 7 and 1 day ahead).
    pub secret_expires_on: Option<chrono::NaiveDate>,
    /// Accept and queue, but deliver nothing (maintenance).
    pub hold: bool,
    /// Messages delivered side by side.
    pub delivery_threads: usize,
    pub retry: RetryPolicy,
}

impl Default for RelayConfig {
    fn default() -> Self {
        RelayConfig {
            listen: IpAddr::V4(Ipv4Addr::LOCALHOST),
            port: 25,
            allowed_clients: Vec::new(),
            tls: None,
            auth_user: None,
            tenant_id: String::new(),
            client_id: String::new(),
            cloud: "worldwide".into(),
            route: DeliveryRoute::Smtp,
            mailbox: String::new(),
            allowed_senders: Vec::new(),
            rewrite_senders: false,
            secret_expires_on: None,
            hold: false,
            delivery_threads: 4,
            retry: RetryPolicy::default(),
        }
    }
}

/// Why the settings cannot be used; each names the setting and what is expected.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read {path}: {detail}")]
    Read { path: String, detail: String },
    #[error("{path} is not valid: {detail}")]
    Invalid { path: String, detail: String },
    #[error(
        "allowed_clients: {0:?} is neither an IP address nor a CIDR range such as 192.168.10.0/24"
    )]
    BadClient(String),
    #[error("mailbox: {0:?} is not a mail address")]
    BadMailbox(String),
    #[error("cloud: {0:?} is not worldwide, us-government or china")]
    BadCloud(String),
    #[error("route smtp: SMTP AUTH is only known for the worldwide cloud here; choose route graph")]
    SmtpOutsideWorldwide,
    #[error(
        "listen {0}: an address other than loopback needs allowed_clients, or the relay would be open"
    )]
    OpenRelay(IpAddr),
}

impl RelayConfig {
    /// Reads `relay.toml` (capped at 64 KiB) and checks it.
    pub fn load(path: &Path) -> Result<RelayConfig, ConfigError> {
        let never = std::sync::atomic::AtomicBool::new(false);
        let bytes =
            crate::detect::platform::read_capped(path, None, 64 * 1024, &never).map_err(|e| {
                ConfigError::Read {
                    path: path.display().to_string(),
                    detail: format!("{e:?}"),
                }
            })?;
        let text = String::from_utf8_lossy(&bytes);
        let config: RelayConfig = toml::from_str(&text).map_err(|e| ConfigError::Invalid {
            path: path.display().to_string(),
            detail: e.message().to_owned(),
        })?;
        config.check()?;
        Ok(config)
    }

    pub fn save(&self, path: &Path) -> std::io::Result<()> {
        let text = toml::to_string_pretty(self).map_err(std::io::Error::other)?;
        crate::fsutil::write_atomic(path, text.as_bytes())
    }

    /// Every rule a setting must follow.
    pub fn check(&self) -> Result<(), ConfigError> {
        self.allow_list()?;
        if !crate::exchange_script::is_mailbox(&self.mailbox) {
            return Err(ConfigError::BadMailbox(self.mailbox.clone()));
        }
        for sender in &self.allowed_senders {
            if !crate::exchange_script::is_mailbox(sender) {
                return Err(ConfigError::BadMailbox(sender.clone()));
            }
        }
        let cloud = self.cloud()?;
        if self.route == DeliveryRoute::Smtp && cloud != crate::identity::Cloud::Worldwide {
            return Err(ConfigError::SmtpOutsideWorldwide);
        }
        if !self.listen.is_loopback() && self.allowed_clients.is_empty() {
            return Err(ConfigError::OpenRelay(self.listen));
        }
        Ok(())
    }

    pub fn cloud(&self) -> Result<crate::identity::Cloud, ConfigError> {
        crate::identity::trust::CLOUDS
            .iter()
            .map(|hosts| hosts.cloud)
            .find(|cloud| cloud.key() == self.cloud)
            .ok_or_else(|| ConfigError::BadCloud(self.cloud.clone()))
    }

    /// The allow-list, parsed.
    pub fn allow_list(&self) -> Result<super::smtpd::AllowList, ConfigError> {
        super::smtpd::AllowList::parse(&self.allowed_clients).map_err(ConfigError::BadClient)
    }

    /// The largest message accepted: the route's limit.
    pub fn max_message_bytes(&self) -> u64 {
        self.route.max_bytes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn valid() -> RelayConfig {
        RelayConfig {
            mailbox: "scanner@contoso.nl".into(),
            ..RelayConfig::default()
        }
    }

    #[test]
    fn settings_round_trip_and_the_rules_hold() {
        let dir = tempfile::tempdir().expect("tempdir");
        let dirs = RelayDirs::at(dir.path().to_path_buf());
        let config = RelayConfig {
            allowed_clients: vec!["192.168.10.0/24".into(), "10.0.0.5".into()],
            ..valid()
        };
        config.save(&dirs.config_file()).expect("save");
        assert_eq!(
            RelayConfig::load(&dirs.config_file()).expect("load"),
            config
        );

        let open = RelayConfig {
            listen: "0.0.0.0".parse().expect("ip"),
            ..valid()
        };
        assert!(matches!(open.check(), Err(ConfigError::OpenRelay(_))));
        let bad = RelayConfig {
            allowed_clients: vec!["192.168.10.0/33".into()],
            ..valid()
        };
        assert!(matches!(bad.check(), Err(ConfigError::BadClient(_))));
        let china_smtp = RelayConfig {
            cloud: "china".into(),
            ..valid()
        };
        assert!(matches!(
            china_smtp.check(),
            Err(ConfigError::SmtpOutsideWorldwide)
        ));
        assert!(matches!(
            RelayConfig::default().check(),
            Err(ConfigError::BadMailbox(_))
        ));
    }

    #[test]
    fn each_route_has_its_limit() {
        assert_eq!(DeliveryRoute::Smtp.max_bytes(), 35_000_000);
        // Base64 of the largest Graph message still fits in 4 MiB.
        let encoded = GRAPH_MAX_BYTES.div_ceil(3) * 4;
        assert!(encoded <= 4 * 1024 * 1024, "{encoded}");
    }
}
