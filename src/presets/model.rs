//! The file format of `assets/presets/*.toml` and its validation (issue 19: presets are data).
//!
//! Compiled twice, like the access routes' model: into the program and into `build.rs` (via
//! `#[path]`), so the build rejects exactly what the program would reject. It may therefore
//! depend on `serde` and `toml` only.
//!
//! A preset file says what a vendor's OAuth set-up fixes: the scenario, whether the tenant
//! needs a registration of its own and a client secret, who proves the consent and the test
//! (Overstap, or the admin confirming what the application shows), and which of the preset's
//! own questions the Registration page asks.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

/// Who proves a step: Overstap with a token or a test message of its own, or the admin who
/// confirms what the vendor's application shows (its code goes to its own server or app).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ProvedBy {
    Overstap,
    InApplication,
}

/// The questions a preset may add to the Registration page, each stored in the session.
pub const FIELD_KEYS: [&str; 4] = ["environment", "app-domain", "sync-users", "refresh-renewed"];

/// One preset file, as written.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct RawPreset {
    /// Equal to the file name and to the catalogue entry of the application.
    pub id: String,
    /// The scenario key (`Scenario::key`); absent when the vendor's own multi-tenant app signs
    /// in and the tenant registers nothing.
    #[serde(default)]
    pub scenario: Option<String>,
    pub own_registration: bool,
    pub client_secret: bool,
    /// The scenario's generic access route (`assets/access-routes.toml`) describes the
    /// registration: its portal steps, script and consent apply unchanged.
    pub generic_route: bool,
    pub consent: ProvedBy,
    pub test: ProvedBy,
    /// The preset's own questions, in page order (`FIELD_KEYS`).
    #[serde(default)]
    pub fields: Vec<String>,
}

/// Parses one file; the error names the line and the problem as `toml` reports it.
pub fn parse(source: &str) -> Result<RawPreset, String> {
    toml::from_str(source).map_err(|e| e.to_string().trim_end().replace('\n', "\n      "))
}

/// The message ids a preset needs: its name and hint in the preset choice, the panel that
/// replaces the scenario choice, what it leaves done in the summary, and on the Secret page why there is no secret (a vendor's app)
/// or what to know about the one there is.
pub fn message_ids(preset: &RawPreset) -> Vec<String> {
    let id = &preset.id;
    let mut ids = vec![
        format!("preset-{id}"),
        format!("preset-{id}-hint"),
        format!("preset-{id}-scenario-title"),
        format!("preset-{id}-scenario"),
        format!("summary-preset-{id}-done"),
    ];
    if !preset.own_registration {
        ids.push(format!("preset-{id}-no-secret"));
    }
    if preset.client_secret {
        ids.push(format!("preset-{id}-secret-title"));
        ids.push(format!("preset-{id}-secret"));
    }
    ids
}

/// Checks one preset. `scenario_keys`: the scenarios the program knows; `known_ids`: the ids
/// of the locale files (`None` skips that check). Returns every problem, sorted.
pub fn validate(
    preset: &RawPreset,
    scenario_keys: &[&str],
    known_ids: Option<&BTreeSet<String>>,
) -> Vec<String> {
    let mut problems = Vec::new();
    let id = &preset.id;
    let mut say = |text: String| problems.push(format!("preset `{id}`: {text}"));
    let kebab = !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if !kebab {
        say("the id is lowercase letters, digits and dashes".into());
    }
    match &preset.scenario {
        Some(scenario) if !scenario_keys.contains(&scenario.as_str()) => {
            say(format!("unknown scenario `{scenario}`"));
        }
        Some(_) if !preset.own_registration => {
            say("a scenario needs an own registration to sign in with".into());
        }
        None if preset.own_registration => {
            say("an own registration needs the scenario it signs in with".into());
        }
        _ => {}
    }
    if preset.client_secret && !preset.own_registration {
        say("a client secret belongs to an own registration".into());
    }
    let delegated = preset.scenario.as_deref() == Some("smtp-imap-delegated");
    if preset.client_secret && delegated {
        say("a delegated registration is a public client and has no client secret".into());
    }
    if !preset.client_secret && preset.scenario.is_some() && !delegated {
        say("an app-only scenario signs in with a client secret".into());
    }
    if preset.consent == ProvedBy::Overstap && !preset.generic_route {
        say("Overstap proves consent only on a generic route (its scopes)".into());
    }
    if preset.test == ProvedBy::Overstap && !preset.own_registration {
        say("Overstap can test only with a registration it signs in with".into());
    }
    let mut seen = BTreeSet::new();
    for field in &preset.fields {
        if !FIELD_KEYS.contains(&field.as_str()) {
            say(format!("unknown field `{field}`"));
        }
        if !seen.insert(field) {
            say(format!("field `{field}` listed twice"));
        }
    }
    if let Some(known) = known_ids {
        for message in message_ids(preset) {
            if !known.contains(&message) {
                say(format!("message `{message}` is missing in the locales"));
            }
        }
    }
    problems.sort();
    problems
}
