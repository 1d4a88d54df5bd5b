//! App-only tokens for delivery: client credentials with the secret from the relay's protected
//! secrets file, kept until shortly before they expire, one per resource (Exchange Online for
//! SMTP, Graph for `sendMail`).

use std::sync::Mutex;

use chrono::{DateTime, Duration, Utc};
use secrecy::{ExposeSecret as _, SecretString};

use crate::guid::Guid;
use crate::identity::flows::{self, Registration};
use crate::identity::http::{CancelFlag, Http};
use crate::identity::{Authority, IdentityError, TenantInfo};

/// A token this close to its expiry is renewed before use.
const RENEW_BEFORE_MINUTES: i64 = 5;

/// Whom to ask for tokens.
pub struct TokenSource {
    pub authority: Authority,
    pub tenant: String,
    pub client_id: Guid,
    pub secret: SecretString,
}

/// The tokens in use; `get` renews them.
pub struct TokenCache {
    source: TokenSource,
    state: Mutex<CacheState>,
    log: std::sync::Arc<super::log::RelayLog>,
}

#[derive(Default)]
struct CacheState {
    tenant: Option<TenantInfo>,
    tokens: Vec<(String, SecretString, DateTime<Utc>)>,
    /// Token requests made (for the tests and the status).
    requests: u64,
}

impl TokenCache {
    pub fn new(source: TokenSource, log: std::sync::Arc<super::log::RelayLog>) -> TokenCache {
        log.forbid(source.secret.expose_secret());
        TokenCache {
            source,
            state: Mutex::new(CacheState::default()),
            log,
        }
    }

    /// The tenant's Graph base, once discovery ran.
    pub fn graph_host(&self) -> Option<String> {
        self.state
            .lock()
            .ok()
            .and_then(|s| s.tenant.as_ref().map(|t| t.graph_host.clone()))
    }

    pub fn requests(&self) -> u64 {
        self.state.lock().map(|s| s.requests).unwrap_or(0)
    }

    /// A token for `scope` valid for at least a few more minutes.
    pub fn get(&self, scope: &str) -> Result<SecretString, IdentityError> {
        let mut state = self
            .state
            .lock()
            .map_err(|_| IdentityError::Internal("token cache poisoned".into()))?;
        let now = Utc::now();
        if let Some((_, token, _)) = state.tokens.iter().find(|(s, _, expires)| {
            s == scope && *expires - Duration::minutes(RENEW_BEFORE_MINUTES) > now
        }) {
            return Ok(token.clone());
        }
        let http = Http::new(CancelFlag::default())?;
        if state.tenant.is_none() {
            let tenant = crate::identity::discovery::discover(
                &http,
                &self.source.authority,
                &self.source.tenant,
            )?;
            state.tenant = Some(tenant);
        }
        let Some(tenant) = state.tenant.clone() else {
            return Err(IdentityError::Internal("no tenant".into()));
        };
        let registration = Registration {
            tenant: &tenant,
            client_id: &self.source.client_id,
            client_secret: Some(&self.source.secret),
        };
        state.requests += 1;
        let tokens = flows::app_only_token(&http, &registration, scope)?;
        self.log.forbid_token(tokens.access_token.expose_secret());
        self.log.info(&format!(
            "new app-only token for {scope}, valid until {}",
            tokens.expires_at.format("%Y-%m-%d %H:%M:%S UTC")
        ));
        state.tokens.retain(|(s, _, _)| s != scope);
        state.tokens.push((
            scope.to_owned(),
            tokens.access_token.clone(),
            tokens.expires_at,
        ));
        Ok(tokens.access_token)
    }

    /// Forgets the token of `scope` (the upstream refused it): the next `get` asks anew.
    pub fn forget(&self, scope: &str) {
        if let Ok(mut state) = self.state.lock() {
            state.tokens.retain(|(s, _, _)| s != scope);
        }
    }
}

/// The secret's expiry warning for today: `Some(days_left)` at 30, 7 and 1 day ahead and every
/// day after the last threshold, `None` otherwise. Microsoft gives a secret at most two years;
/// an expired secret stops all delivery, so the warnings start a month ahead.
pub fn expiry_warning(expires_on: chrono::NaiveDate, today: chrono::NaiveDate) -> Option<i64> {
    let days_left = (expires_on - today).num_days();
    (days_left <= 1 || days_left == 7 || days_left == crate::secrets::WARN_DAYS)
        .then_some(days_left)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn warnings_at_30_7_and_1_day() {
        let expires = chrono::NaiveDate::from_ymd_opt(2027, 1, 31).expect("date");
        let warned: Vec<i64> = (0..60)
            .filter_map(|back| expiry_warning(expires, expires - chrono::Days::new(back)))
            .collect();
        assert_eq!(warned, vec![0, 1, 7, 30]);
        let after = expires + chrono::Days::new(3);
        assert_eq!(
            expiry_warning(expires, after),
            Some(-3),
            "expired: every day"
        );
    }
}
