//! Client secrets: recognising what was pasted, judging the expiry date, and keeping the value
//! somewhere it cannot leak.
//!
//! The value is a `secrecy::SecretString` from the moment it leaves the text field: its `Debug`
//! prints `[REDACTED]`, it has no `Display`, and it is zeroised when dropped. Nothing here can put
//! it in a session file, a report or a log.

use std::collections::HashMap;
use std::sync::Mutex;

use chrono::{Months, NaiveDate};
use secrecy::{ExposeSecret as _, SecretString};

use crate::guid::Guid;

/// Portal maximum since 2021: no "never expires", at most two years.
pub const MAX_SECRET_MONTHS: u32 = 24;
/// At this many days left (and fewer) the admin is warned to plan the renewal (`within_warning`).
pub const WARN_DAYS: i64 = 30;

/// What the admin pasted into the secret field.
#[derive(Debug)]
pub enum PastedSecret {
    Empty,
    /// A GUID: the "Secret ID" column of the portal, not the "Value" column.
    LooksLikeSecretId,
    Value(SecretString),
}

/// Trims the whitespace and quotes a copy from a mail or a document adds.
pub fn classify_pasted(input: &str) -> PastedSecret {
    let trimmed = input.trim().trim_matches(['"', '\'']).trim();
    if trimmed.is_empty() {
        PastedSecret::Empty
    } else if Guid::looks_like(trimmed) {
        PastedSecret::LooksLikeSecretId
    } else {
        PastedSecret::Value(SecretString::from(trimmed.to_owned()))
    }
}

/// How an expiry date relates to today.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExpiryCheck {
    Fine,
    /// Still valid, renew soon.
    Soon {
        days_left: i64,
    },
    Expired,
    /// Further away than the portal allows: almost certainly a typo.
    TooFar,
}

pub fn check_expiry(expires_on: NaiveDate, today: NaiveDate) -> ExpiryCheck {
    let latest = today
        .checked_add_months(Months::new(MAX_SECRET_MONTHS))
        .unwrap_or(NaiveDate::MAX);
    let days_left = (expires_on - today).num_days();
    if expires_on < today {
        ExpiryCheck::Expired
    } else if expires_on > latest {
        ExpiryCheck::TooFar
    } else if within_warning(days_left) {
        ExpiryCheck::Soon { days_left }
    } else {
        ExpiryCheck::Fine
    }
}

/// The one 30-day rule: a date `days_left` ahead (or past) is announced. Inclusive: exactly 30
/// days ahead warns, as the relay's first warning and the calendar reminder (30 days before)
/// do; the Secret page, the summary, the report and the relay all ask this.
pub fn within_warning(days_left: i64) -> bool {
    days_left <= WARN_DAYS
}

/// The expiry the portal computes for a secret created today with one of its fixed choices.
pub fn expiry_after_months(today: NaiveDate, months: u32) -> NaiveDate {
    today
        .checked_add_months(Months::new(months))
        .unwrap_or(NaiveDate::MAX)
}

/// Which secret of which registration: one tenant may hold registrations for several
/// applications and environments.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct SecretKey {
    pub tenant_id: Guid,
    pub client_id: Guid,
    pub purpose: &'static str,
}

impl SecretKey {
    /// The credential-store entry name, readable in Windows Credential Manager.
    pub fn service_name(&self) -> String {
        format!("Overstap/{}/{}", self.tenant_id, self.purpose)
    }
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("the credential store refused access: {0}")]
    Access(String),
    #[error("no secret stored for this registration")]
    NotFound,
}

/// Where a store actually keeps what it is given, for the admin to know.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StoreLocation {
    /// Windows Credential Manager, or the system keyring elsewhere.
    System,
    /// Memory of this process only; `reason` says why the system store was not used.
    Memory { reason: Option<String> },
}

/// Where secrets are kept. The OS credential store in the product, memory in tests.
pub trait SecretStore: Send + Sync {
    fn put(&self, key: &SecretKey, value: &SecretString) -> Result<(), StoreError>;
    fn get(&self, key: &SecretKey) -> Result<SecretString, StoreError>;
    fn remove(&self, key: &SecretKey) -> Result<(), StoreError>;
    fn location(&self) -> StoreLocation;
}

/// The product's store: the system credential store, and memory when this machine has none
/// (a Linux box without a session keyring). The fallback is reported, never silent.
#[derive(Default)]
pub struct SystemStore {
    keyring: KeyringStore,
    memory: MemoryStore,
    unavailable: Mutex<Option<String>>,
}

impl SystemStore {
    fn fell_back(&self) -> bool {
        self.unavailable.lock().map(|u| u.is_some()).unwrap_or(true)
    }
}

impl SecretStore for SystemStore {
    fn put(&self, key: &SecretKey, value: &SecretString) -> Result<(), StoreError> {
        if !self.fell_back() {
            match self.keyring.put(key, value) {
                Err(StoreError::Access(reason)) => {
                    if let Ok(mut unavailable) = self.unavailable.lock() {
                        *unavailable = Some(reason);
                    }
                }
                other => return other,
            }
        }
        self.memory.put(key, value)
    }

    fn get(&self, key: &SecretKey) -> Result<SecretString, StoreError> {
        if self.fell_back() {
            self.memory.get(key)
        } else {
            self.keyring.get(key)
        }
    }

    fn remove(&self, key: &SecretKey) -> Result<(), StoreError> {
        if self.fell_back() {
            self.memory.remove(key)
        } else {
            self.keyring.remove(key)
        }
    }

    fn location(&self) -> StoreLocation {
        match self.unavailable.lock().ok().and_then(|u| u.clone()) {
            Some(reason) => StoreLocation::Memory {
                reason: Some(reason),
            },
            None => StoreLocation::System,
        }
    }
}

/// The operating system's credential store: Windows Credential Manager on Windows, the kernel
/// keyring (keyutils) on Linux. Entries are named `Overstap/<tenant>/<purpose>` with the client id
/// as the account, so an admin recognises them in Credential Manager.
#[derive(Default)]
pub struct KeyringStore;

impl KeyringStore {
    fn entry(key: &SecretKey) -> Result<keyring::Entry, StoreError> {
        keyring::Entry::new(&key.service_name(), key.client_id.as_str()).map_err(keyring_error)
    }
}

fn keyring_error(error: keyring::Error) -> StoreError {
    match error {
        keyring::Error::NoEntry => StoreError::NotFound,
        // The error texts of keyring never contain the secret itself.
        other => StoreError::Access(other.to_string()),
    }
}

impl SecretStore for KeyringStore {
    fn location(&self) -> StoreLocation {
        StoreLocation::System
    }

    fn put(&self, key: &SecretKey, value: &SecretString) -> Result<(), StoreError> {
        KeyringStore::entry(key)?
            .set_password(value.expose_secret())
            .map_err(|error| match error {
                // Writing never looks an entry up: "no entry" here means no usable keyring.
                keyring::Error::NoEntry => {
                    StoreError::Access("the user's credential store is not available".into())
                }
                other => keyring_error(other),
            })
    }

    fn get(&self, key: &SecretKey) -> Result<SecretString, StoreError> {
        KeyringStore::entry(key)?
            .get_password()
            .map(SecretString::from)
            .map_err(keyring_error)
    }

    fn remove(&self, key: &SecretKey) -> Result<(), StoreError> {
        KeyringStore::entry(key)?
            .delete_credential()
            .map_err(keyring_error)
    }
}

/// Holds secrets for the lifetime of the process only.
#[derive(Default)]
pub struct MemoryStore {
    entries: Mutex<HashMap<SecretKey, SecretString>>,
}

impl SecretStore for MemoryStore {
    fn location(&self) -> StoreLocation {
        StoreLocation::Memory { reason: None }
    }

    fn put(&self, key: &SecretKey, value: &SecretString) -> Result<(), StoreError> {
        let mut entries = self
            .entries
            .lock()
            .map_err(|_| StoreError::Access("poisoned".into()))?;
        entries.insert(
            key.clone(),
            SecretString::from(value.expose_secret().to_owned()),
        );
        Ok(())
    }

    fn get(&self, key: &SecretKey) -> Result<SecretString, StoreError> {
        let entries = self
            .entries
            .lock()
            .map_err(|_| StoreError::Access("poisoned".into()))?;
        entries
            .get(key)
            .map(|value| SecretString::from(value.expose_secret().to_owned()))
            .ok_or(StoreError::NotFound)
    }

    fn remove(&self, key: &SecretKey) -> Result<(), StoreError> {
        let mut entries = self
            .entries
            .lock()
            .map_err(|_| StoreError::Access("poisoned".into()))?;
        entries.remove(key).map(|_| ()).ok_or(StoreError::NotFound)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("date")
    }

    #[test]
    fn a_pasted_secret_id_is_recognised() {
        assert!(matches!(classify_pasted("  "), PastedSecret::Empty));
        assert!(matches!(
            classify_pasted(" 6f1a2b3c-1111-2222-3333-444455556666 "),
            PastedSecret::LooksLikeSecretId
        ));
        assert!(matches!(
            classify_pasted("\"{6F1A2B3C-1111-2222-3333-444455556666}\""),
            PastedSecret::LooksLikeSecretId
        ));
        match classify_pasted("  \"Xy7Q~abc.DEF_ghi-123~jkl\"\n") {
            PastedSecret::Value(value) => {
                assert_eq!(value.expose_secret(), "Xy7Q~abc.DEF_ghi-123~jkl")
            }
            other => panic!("expected a value, got {other:?}"),
        }
    }

    #[test]
    fn debug_never_shows_the_value() {
        let planted = "PLANTED-Xy7Q~secret-value";
        let pasted = classify_pasted(planted);
        let debug = format!("{pasted:?}");
        assert!(!debug.contains(planted), "{debug}");
        assert!(!debug.contains("Xy7Q"), "{debug}");
    }

    #[test]
    fn expiry_table() {
        let today = date(2026, 11, 26);
        let table = [
            (date(2026, 11, 25), ExpiryCheck::Expired),
            (date(2026, 11, 26), ExpiryCheck::Soon { days_left: 0 }),
            (date(2026, 12, 25), ExpiryCheck::Soon { days_left: 29 }),
            // Issue 19: exactly 30 days ahead warns, like the relay and the reminder.
            (date(2026, 12, 26), ExpiryCheck::Soon { days_left: 30 }),
            (date(2026, 12, 27), ExpiryCheck::Fine),
            (date(2028, 11, 26), ExpiryCheck::Fine),
            (date(2028, 11, 27), ExpiryCheck::TooFar),
            (date(2099, 1, 1), ExpiryCheck::TooFar),
        ];
        for (expires, expected) in table {
            assert_eq!(check_expiry(expires, today), expected, "{expires}");
        }
    }

    #[test]
    fn portal_choices_end_where_the_portal_says() {
        let today = date(2026, 8, 31);
        assert_eq!(expiry_after_months(today, 6), date(2027, 2, 28));
        assert_eq!(expiry_after_months(today, 24), date(2028, 8, 31));
        assert_eq!(
            check_expiry(expiry_after_months(today, 24), today),
            ExpiryCheck::Fine
        );
    }

    /// The real credential store of this machine. On a machine without one (a container without
    /// a kernel keyring) the test says so instead of passing silently.
    #[test]
    fn keyring_store_round_trip() {
        let store = KeyringStore;
        let key = SecretKey {
            tenant_id: Guid::parse("11111111-2222-3333-4444-555555555555").expect("guid"),
            client_id: Guid::parse(&format!(
                "aaaaaaaa-bbbb-cccc-dddd-{:012x}",
                std::process::id()
            ))
            .expect("guid"),
            purpose: "test-secret",
        };
        match store.put(&key, &SecretString::from("kr-v1".to_owned())) {
            Err(StoreError::Access(reason)) => {
                eprintln!("no usable credential store here ({reason}); KeyringStore not exercised");
                return;
            }
            other => other.expect("put"),
        }
        assert_eq!(store.get(&key).expect("get").expose_secret(), "kr-v1");
        store
            .put(&key, &SecretString::from("kr-v2".to_owned()))
            .expect("replace");
        assert_eq!(store.get(&key).expect("get").expose_secret(), "kr-v2");
        store.remove(&key).expect("remove");
        assert!(matches!(store.get(&key), Err(StoreError::NotFound)));
        assert!(matches!(store.remove(&key), Err(StoreError::NotFound)));
    }

    #[test]
    fn the_system_store_says_where_it_keeps_secrets() {
        let store = SystemStore::default();
        let key = SecretKey {
            tenant_id: Guid::parse("11111111-2222-3333-4444-555555555555").expect("guid"),
            client_id: Guid::parse(&format!(
                "bbbbbbbb-bbbb-cccc-dddd-{:012x}",
                std::process::id()
            ))
            .expect("guid"),
            purpose: "test-secret",
        };
        store
            .put(&key, &SecretString::from("sys-v1".to_owned()))
            .expect("put");
        assert_eq!(store.get(&key).expect("get").expose_secret(), "sys-v1");
        match store.location() {
            StoreLocation::System => {}
            StoreLocation::Memory { reason } => {
                assert!(reason.is_some(), "a fallback names its reason")
            }
        }
        store.remove(&key).expect("remove");
        assert!(matches!(store.get(&key), Err(StoreError::NotFound)));
    }

    #[test]
    fn memory_store_round_trip() {
        let store = MemoryStore::default();
        let key = SecretKey {
            tenant_id: Guid::parse("11111111-2222-3333-4444-555555555555").expect("guid"),
            client_id: Guid::parse("aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee").expect("guid"),
            purpose: "client-secret",
        };
        assert!(matches!(store.get(&key), Err(StoreError::NotFound)));
        store
            .put(&key, &SecretString::from("v1".to_owned()))
            .expect("put");
        assert_eq!(store.get(&key).expect("get").expose_secret(), "v1");
        store.remove(&key).expect("remove");
        assert!(matches!(store.get(&key), Err(StoreError::NotFound)));
    }
}
