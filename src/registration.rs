//! What the admin typed or pasted about the tenant and the app registration, and the choices
//! that go with it (scenario, access route, preset).
//!
//! The session holds a `Registration`; the rules that change it (choosing a scenario or a
//! preset) live here, so that `presets`, `access` and `identity` never depend on the session.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::scenario::Scenario;

/// What the admin typed or pasted about the tenant and the app registration. Kept as typed so
/// nothing is lost while it is still invalid; the wizard validates it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Registration {
    pub scenario: Option<Scenario>,
    /// How Exchange grants the application access (`crate::access`), for the scenarios with
    /// more than one documented route (SMTP and EWS app-only); choosing a scenario sets the
    /// recommended one.
    ///
    /// `None` with such a scenario is how a version 1 session reads. Overstap 0.1 granted the
    /// Entra permission *and* assigned the RBAC role, which Microsoft documents as two separate
    /// routes, so neither reading would be safe to assume: the wizard shows what the old set-up
    /// did and asks the admin to choose before any step, script or diagnosis is shown.
    pub access: Option<crate::access::Access>,
    pub mail_domain: String,
    pub tenant_id: String,
    pub client_id: String,
    /// The mailbox the applications send as (least privilege: the scripts scope to it).
    pub mailbox: String,
    /// Object ID of the Enterprise application (service principal), which Exchange's
    /// `New-ServicePrincipal` needs: not the app registration's object ID.
    pub enterprise_object_id: String,
    /// A known application with its own OAuth set-up (issue 10); `None` = the generic scenarios.
    pub preset: Option<crate::presets::Preset>,
    /// The answers to the preset's own questions (its file lists which). Flattened, so a
    /// session file keeps the field names it always had.
    #[serde(flatten)]
    pub answers: crate::presets::PresetAnswers,
    /// What Entra granted the application when it was last read (after the automatic
    /// registration, or with the check on the Registration page).
    pub entra_check: Option<EntraCheck>,
    /// An automatic registration that stopped part-way: what exists and what to clean up.
    pub autoreg_incomplete: Option<crate::identity::autoreg::Incomplete>,
}

/// The Entra side of the permissions, read through Microsoft Graph. Nothing secret.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntraCheck {
    pub at: DateTime<Utc>,
    /// The application it was read for; a check of another client id is not shown.
    pub client_id: crate::guid::Guid,
    pub permissions: crate::identity::autoreg::EntraPermissions,
}

impl Registration {
    /// The Entra check, if it was made for the client id now entered.
    pub fn current_entra_check(&self) -> Option<&EntraCheck> {
        let client = crate::guid::Guid::parse(&self.client_id).ok()?;
        self.entra_check.as_ref().filter(|c| c.client_id == client)
    }
}

impl Registration {
    /// Picks a scenario together with its recommended access route, so a new choice never
    /// keeps the route of another scenario.
    pub fn choose_scenario(&mut self, scenario: Scenario) {
        if self.scenario != Some(scenario) {
            self.scenario = Some(scenario);
            self.access = crate::access::recommended(scenario)
                .filter(|route| route.has_alternatives())
                .map(|route| route.access);
        }
    }

    /// The access route everything after the Registration page follows. `None`: no scenario
    /// yet, a preset with its own set-up (AllSolutions, KING ERP), or a route still to choose
    /// (`needs_access_choice`).
    pub fn route(&self) -> Option<&'static crate::access::Route> {
        if self.preset.is_some_and(|p| !p.uses_generic_route()) {
            return None;
        }
        crate::access::resolve(self.scenario?, self.access)
    }

    /// A scenario with two routes and no choice yet: a session saved by version 1.
    pub fn needs_access_choice(&self) -> bool {
        self.preset.is_none_or(|p| p.uses_generic_route())
            && self.scenario.is_some()
            && self.route().is_none()
    }
}

impl Registration {
    /// Picks a preset (or none) and the scenario it implies. Going back to "none" keeps the
    /// scenario the preset chose, so the admin sees where they were; KING's "none" scenario
    /// then asks for a choice again.
    pub fn choose_preset(&mut self, preset: Option<crate::presets::Preset>) {
        self.preset = preset;
        match preset {
            Some(preset) => {
                self.scenario = preset.scenario();
                self.access = None;
            }
            // Back to the generic scenarios: the kept scenario gets its recommended route (a
            // preset's delegated EWS says nothing about the app-only routes).
            None => {
                if self.access.is_none()
                    && let Some(scenario) = self.scenario
                {
                    self.access = crate::access::recommended(scenario)
                        .filter(|route| route.has_alternatives())
                        .map(|route| route.access);
                }
            }
        }
    }
}
