//! What the session remembers about the relay, for the Summary and the customer's file: where it
//! listens, whether its service runs, and how the last test through it ended. Kept apart from
//! the live panel state because the Summary is built from the session alone (a partner's
//! imported session, `overstap report`), and it never holds the relay's secrets.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::control::{PanelState, TestOutcome};

/// The longest reason kept from a failed test: enough for an AADSTS code and its sentence, short
/// enough that a relay's long error page never fills the printed summary.
const REASON_LIMIT: usize = 300;

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct RelayRecord {
    /// "127.0.0.1:2525" when the relay was last seen running.
    pub listen: Option<String>,
    /// The Windows service's state key (`running`, `stopped`, ...); `None` without a service
    /// manager (the relay run by hand).
    pub service: Option<String>,
    pub running: bool,
    /// Messages the relay gave up on when last seen.
    pub dead: usize,
    pub test: Option<RelayTest>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RelayTest {
    pub at: DateTime<Utc>,
    pub outcome: RelayTestOutcome,
    /// The queue id, or the reason it was not delivered.
    pub detail: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RelayTestOutcome {
    Delivered,
    Dead,
    Waiting,
    Refused,
}

impl RelayTestOutcome {
    pub fn key(self) -> &'static str {
        match self {
            RelayTestOutcome::Delivered => "delivered",
            RelayTestOutcome::Dead => "dead",
            RelayTestOutcome::Waiting => "waiting",
            RelayTestOutcome::Refused => "refused",
        }
    }
}

/// Takes what the relay panel read into the session. A relay that was never set up leaves no
/// record; one that was removed keeps its last test but says it is not running.
pub fn observe(record: &mut Option<RelayRecord>, state: &PanelState) {
    if !state.configured && record.is_none() {
        return;
    }
    let entry = record.get_or_insert_with(RelayRecord::default);
    entry.running = state.running;
    entry.listen = state.listen.map(|addr| addr.to_string()).or_else(|| {
        state
            .config
            .as_ref()
            .map(|config| std::net::SocketAddr::new(config.listen, config.port).to_string())
    });
    entry.service = state.service.map(|s| s.key().to_owned());
    entry.dead = state.queue.dead;
}

/// Keeps how a test through the relay ended.
pub fn tested(record: &mut Option<RelayRecord>, outcome: &TestOutcome, at: DateTime<Utc>) {
    let (outcome, detail) = match outcome {
        TestOutcome::Delivered { id } => (RelayTestOutcome::Delivered, id.clone()),
        TestOutcome::Dead { reason, .. } => (RelayTestOutcome::Dead, reason.clone()),
        TestOutcome::Waiting { last_error, .. } => (RelayTestOutcome::Waiting, last_error.clone()),
        TestOutcome::Refused(reason) => (RelayTestOutcome::Refused, reason.clone()),
    };
    record.get_or_insert_with(RelayRecord::default).test = Some(RelayTest {
        at,
        outcome,
        detail: shorten(&detail),
    });
}

fn shorten(text: &str) -> String {
    let single: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    match single.char_indices().nth(REASON_LIMIT) {
        Some((cut, _)) => format!("{}...", &single[..cut]),
        None => single,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::relay::service::ServiceState;

    #[test]
    fn a_relay_never_set_up_leaves_no_record() {
        let mut record = None;
        observe(&mut record, &PanelState::default());
        assert_eq!(record, None);
    }

    #[test]
    fn a_running_relay_and_its_test_are_remembered() {
        let mut record = None;
        let state = PanelState {
            configured: true,
            service: Some(ServiceState::Running),
            running: true,
            listen: Some("127.0.0.1:2525".parse().expect("address")),
            ..PanelState::default()
        };
        observe(&mut record, &state);
        let at = DateTime::parse_from_rfc3339("2026-11-30T10:00:00Z")
            .expect("date")
            .with_timezone(&Utc);
        tested(
            &mut record,
            &TestOutcome::Dead {
                id: "q1".into(),
                reason: format!("535 5.7.3 {}\r\nnext line", "x".repeat(400)),
            },
            at,
        );
        let record = record.expect("record");
        assert_eq!(record.listen.as_deref(), Some("127.0.0.1:2525"));
        assert_eq!(record.service.as_deref(), Some("running"));
        let test = record.test.expect("test");
        assert_eq!(test.outcome, RelayTestOutcome::Dead);
        assert!(test.detail.starts_with("535 5.7.3 x"));
        assert!(!test.detail.contains('\n'));
        assert!(test.detail.chars().count() <= REASON_LIMIT + 3);
    }

    #[test]
    fn a_removed_relay_keeps_its_last_test_but_is_not_running() {
        let mut record = Some(RelayRecord {
            listen: Some("127.0.0.1:25".into()),
            running: true,
            test: Some(RelayTest {
                at: Utc::now(),
                outcome: RelayTestOutcome::Delivered,
                detail: "q1".into(),
            }),
            ..RelayRecord::default()
        });
        observe(&mut record, &PanelState::default());
        let record = record.expect("record");
        assert!(!record.running);
        assert!(record.test.is_some());
    }
}
