//! What the wizard (and `overstap relay status`) can read about the relay on this machine,
//! without talking to it: its settings, its state file and its queue folders.

use std::net::SocketAddr;

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::config::{DeliveryRoute, RelayConfig, RelayDirs};
use super::queue::{Queue, QueueStatus};

/// The relay as the write-back plan and the Summary need it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RelaySettings {
    /// Where applications send to (`127.0.0.1:25`).
    pub listen: SocketAddr,
    /// Settings are written (and on Windows the service exists).
    pub installed: bool,
    /// A relay process renewed its state within the last few seconds.
    pub running: bool,
    pub route: DeliveryRoute,
    pub mailbox: String,
    pub secret_expires_on: Option<chrono::NaiveDate>,
}

impl RelaySettings {
    /// For the Summary: days left when the relay's client secret is within 30 days of expiry
    /// (or past it), following the relay's own warnings (30, 7, 1 day ahead, then daily).
    pub fn secret_days_left(&self, today: chrono::NaiveDate) -> Option<i64> {
        let expires = self.secret_expires_on?;
        let days = (expires - today).num_days();
        crate::secrets::within_warning(days).then_some(days)
    }
}

/// The relay's settings and whether it runs; `None` when no relay was set up here.
pub fn load(dirs: &RelayDirs) -> Option<RelaySettings> {
    let config = RelayConfig::load(&dirs.config_file()).ok()?;
    let state = run_state(dirs, Utc::now());
    let service = super::service::native();
    let installed = if service.is_available() {
        !matches!(
            service.state(),
            Ok(super::service::ServiceState::NotInstalled) | Err(_)
        )
    } else {
        true
    };
    Some(RelaySettings {
        listen: state
            .as_ref()
            .map(|s| s.listen)
            .unwrap_or_else(|| SocketAddr::new(config.listen, config.port)),
        installed,
        running: state.is_some(),
        route: config.route,
        mailbox: config.mailbox,
        secret_expires_on: config.secret_expires_on,
    })
}

/// The state of a relay that renewed it recently (within three heartbeats of `now`).
pub fn run_state(dirs: &RelayDirs, now: DateTime<Utc>) -> Option<super::RunState> {
    let bytes = std::fs::read(dirs.state_file()).ok()?;
    let state: super::RunState = serde_json::from_slice(&bytes).ok()?;
    let stale = chrono::Duration::from_std(super::HEARTBEAT * 3).unwrap_or_default();
    (now - state.heartbeat_at <= stale).then_some(state)
}

/// What `overstap relay status` prints.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RelayStatus {
    pub running: bool,
    pub listen: Option<SocketAddr>,
    pub queue: QueueStatus,
    /// The dead letters, oldest first: id and reason.
    pub dead_letters: Vec<(String, String)>,
}

pub fn status(dirs: &RelayDirs) -> RelayStatus {
    let state = run_state(dirs, Utc::now());
    let (queue, dead_letters) = match Queue::open(&dirs.queue_dir(), &dirs.dead_dir()) {
        Ok(queue) => (
            queue.status(),
            queue
                .dead_letters()
                .into_iter()
                .map(|l| (l.envelope.id, l.reason))
                .collect(),
        ),
        Err(_) => (QueueStatus::default(), Vec::new()),
    };
    RelayStatus {
        running: state.is_some(),
        listen: state.map(|s| s.listen),
        queue,
        dead_letters,
    }
}

impl RelayStatus {
    /// The plain-text form for scripts: one `key: value` per line.
    pub fn text(&self) -> String {
        let mut out = format!(
            "running: {}\nlisten: {}\nwaiting: {}\nretrying: {}\ndead: {}\n",
            if self.running { "yes" } else { "no" },
            self.listen
                .map(|a| a.to_string())
                .unwrap_or_else(|| "-".into()),
            self.queue.waiting,
            self.queue.retrying,
            self.queue.dead
        );
        if let Some(oldest) = self.queue.oldest {
            out.push_str(&format!(
                "oldest: {}\n",
                oldest.format("%Y-%m-%dT%H:%M:%SZ")
            ));
        }
        for (id, reason) in &self.dead_letters {
            let reason: String = reason
                .chars()
                .map(|c| if c.is_control() { ' ' } else { c })
                .collect();
            out.push_str(&format!("dead {id}: {reason}\n"));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_summary_hears_of_a_secret_within_30_days() {
        let dirs = RelayDirs::at(std::path::PathBuf::from("/nonexistent"));
        let settings = RelaySettings {
            listen: "127.0.0.1:25".parse().expect("addr"),
            installed: true,
            running: false,
            route: DeliveryRoute::Smtp,
            mailbox: "scanner@contoso.nl".into(),
            secret_expires_on: chrono::NaiveDate::from_ymd_opt(2027, 1, 31),
        };
        let day = |m, d| chrono::NaiveDate::from_ymd_opt(2027, m, d).expect("date");
        assert_eq!(settings.secret_days_left(day(1, 1)), Some(30));
        assert_eq!(settings.secret_days_left(day(2, 2)), Some(-2));
        assert_eq!(
            settings.secret_days_left(chrono::NaiveDate::from_ymd_opt(2026, 12, 31).expect("d")),
            None
        );
        assert_eq!(load(&dirs), None, "no relay set up there");
    }
}
