//! Presets for applications whose vendors ship their own OAuth set-up (issue 10): AllSolutions,
//! combit CRM and KING ERP. A preset fixes what the generic scenarios leave open, so the admin
//! cannot pick a combination the application does not support.
//!
//! Why a separate module and not more scenarios: a scenario says how Overstap's own registration
//! signs in, while a preset says what a *vendor's* application needs. AllSolutions uses an own
//! registration that Overstap cannot sign in with (its redirect URI is AllSolutions' web server);
//! KING ERP needs no own registration at all (it consents to the vendor's multi-tenant app).
//! No egui here: the rules are unit-tested and the pages only draw them.

pub mod model;

use std::sync::LazyLock;

use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::guid::Guid;
use crate::portal::{ENTRA, PortalStep, PortalValue};
use crate::scenario::Scenario;

pub use model::{Block, GuideTone, GuideValue, ProvedBy, ValueFrom};

include!(concat!(env!("OUT_DIR"), "/presets.rs"));

/// What a preset file (`assets/presets/<id>.toml`) says, with the scenario resolved.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PresetDef {
    pub id: String,
    pub scenario: Option<Scenario>,
    pub own_registration: bool,
    pub client_secret: bool,
    pub generic_route: bool,
    pub consent: ProvedBy,
    pub test: ProvedBy,
    pub fields: Vec<String>,
    /// Guide blocks per place (`model::GUIDE_PLACES`).
    pub guide: std::collections::BTreeMap<String, Vec<Block>>,
    pub portal_steps: Vec<model::RawPortalStep>,
    pub redirect_path: Option<String>,
    pub registration_name: Option<String>,
    pub mailbox_label: Option<String>,
    pub refresh_days: Option<u32>,
}

/// Why a preset file cannot be used: every problem, as the build would name it.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{}", .0.join("; "))]
pub struct PresetError(pub Vec<String>);

/// Reads and checks one preset file's text (the build checks the embedded ones the same way).
pub fn parse_preset(source: &str) -> Result<PresetDef, PresetError> {
    let raw = model::parse(source).map_err(|e| PresetError(vec![e]))?;
    let problems = model::validate(&raw, &crate::access::model::SCENARIO_KEYS, None);
    if !problems.is_empty() {
        return Err(PresetError(problems));
    }
    let scenario = match &raw.scenario {
        Some(key) => Some(
            Scenario::ALL
                .into_iter()
                .find(|s| s.key() == key)
                .ok_or_else(|| PresetError(vec![format!("unknown scenario `{key}`")]))?,
        ),
        None => None,
    };
    Ok(PresetDef {
        id: raw.id,
        scenario,
        own_registration: raw.own_registration,
        client_secret: raw.client_secret,
        generic_route: raw.generic_route,
        consent: raw.consent,
        test: raw.test,
        fields: raw.fields,
        guide: raw.guide,
        portal_steps: raw.portal_steps,
        redirect_path: raw.redirect_path,
        registration_name: raw.registration_name,
        mailbox_label: raw.mailbox_label,
        refresh_days: raw.refresh_days,
    })
}

impl PresetDef {
    /// Whether the Registration page asks this preset's own question `field` (`FIELD_KEYS`).
    pub fn asks(&self, field: &str) -> bool {
        self.fields.iter().any(|f| f == field)
    }
}

static DEFINITIONS: LazyLock<Vec<PresetDef>> = LazyLock::new(|| {
    // build.rs has validated exactly these texts; one that fails here is a build bug and is
    // left out rather than crash the wizard.
    PRESET_FILES
        .iter()
        .filter_map(|(_, source)| parse_preset(source).ok())
        .collect()
});

/// Every embedded preset definition, by file name.
pub fn definitions() -> &'static [PresetDef] {
    &DEFINITIONS
}

/// The definition of a preset id.
pub fn definition(id: &str) -> Option<&'static PresetDef> {
    DEFINITIONS.iter().find(|d| d.id == id)
}

/// A known application with its own OAuth set-up: the id of its file in `assets/presets`. What
/// it fixes (scenario, registration, secret, who proves consent and test, its questions) is read
/// from that file, so a fourth vendor is a new file plus its texts: it appears in the preset
/// choice, and its guide blocks, portal steps and questions are drawn from the file. The
/// constants name the three embedded presets for tests and examples; no page branches on them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Preset(&'static str);

impl Preset {
    /// Exchange Web Services sync from AllSolutions, one registration per environment.
    pub const ALL_SOLUTIONS: Preset = Preset("allsolutions");
    /// combit CRM SMTP and eMail Autopilot (POP3/IMAP), interactive consent per protocol.
    pub const COMBIT_CRM: Preset = Preset("combit-crm");
    /// KING ERP mail through the vendor's app "KING Software SendEmail": no own registration.
    pub const KING_ERP: Preset = Preset("king-erp");

    /// Every preset file built into the program, by file name.
    pub fn all() -> Vec<Preset> {
        definitions()
            .iter()
            .map(|d| Preset(d.id.as_str()))
            .collect()
    }

    /// The preset of a file id, when there is such a file.
    pub fn from_key(key: &str) -> Option<Preset> {
        definition(key).map(|d| Preset(d.id.as_str()))
    }

    /// Stable key for message ids (`preset-<key>`); equal to the catalogue id and to the name
    /// of its file in `assets/presets`.
    pub fn key(self) -> &'static str {
        self.0
    }

    /// The catalogue entry this preset belongs to.
    pub fn catalog_id(self) -> &'static str {
        self.key()
    }

    /// Its file's contents (every constant is backed by a file: a test says so).
    pub fn definition(self) -> Option<&'static PresetDef> {
        definition(self.key())
    }

    /// Whether the Registration page asks the preset's own question `field` (`FIELD_KEYS`).
    pub fn asks(self, field: &str) -> bool {
        self.definition().is_some_and(|d| d.asks(field))
    }

    /// The scenario the preset implies; `None` when Overstap has no registration of its own to
    /// sign in with (KING ERP uses the vendor's app).
    pub fn scenario(self) -> Option<Scenario> {
        self.definition().and_then(|d| d.scenario)
    }

    /// Whether the tenant needs an app registration of its own (client id on the page).
    pub fn needs_own_registration(self) -> bool {
        self.definition().is_some_and(|d| d.own_registration)
    }

    /// Whether the generic route of the preset's scenario (`crate::access`) describes its
    /// set-up: combit CRM registers like any delegated SMTP/IMAP client, while AllSolutions'
    /// delegated EWS and KING's vendor app have portal steps and checks of their own.
    pub fn uses_generic_route(self) -> bool {
        self.definition().is_some_and(|d| d.generic_route)
    }

    /// Whether Overstap itself can obtain a token for the consent step. AllSolutions' code goes
    /// to its own web server and KING's to the vendor's app, so there it is the admin who
    /// confirms the result seen in the application.
    pub fn overstap_signs_in(self) -> bool {
        self.definition()
            .is_some_and(|d| d.consent == ProvedBy::Overstap)
    }

    /// Whether Overstap sends the test message itself, or the admin confirms the test made in
    /// the application.
    pub fn overstap_tests(self) -> bool {
        self.definition()
            .is_some_and(|d| d.test == ProvedBy::Overstap)
    }

    /// The guide blocks the file puts at `place` (`model::GUIDE_PLACES`).
    pub fn guide(self, place: &str) -> &'static [Block] {
        self.definition()
            .and_then(|d| d.guide.get(place))
            .map_or(&[], Vec::as_slice)
    }

    /// The message id labelling the mailbox field (AllSolutions calls it the MZZPAR account).
    pub fn mailbox_label(self) -> Option<&'static str> {
        self.definition().and_then(|d| d.mailbox_label.as_deref())
    }

    /// `https://<domain><redirect-path>` from the typed domain; `None` when the application
    /// receives no authorization response of its own.
    pub fn redirect_uri(self, typed_domain: &str) -> Option<Result<String, DomainError>> {
        let path = self.definition()?.redirect_path.as_deref()?;
        Some(normalise_domain(typed_domain).map(|host| format!("https://{host}{path}")))
    }

    /// The registration's name in Entra, with the environment it serves.
    pub fn registration_name(self, environment: Option<Environment>) -> Option<String> {
        let base = self.definition()?.registration_name.as_deref()?;
        Some(match environment {
            Some(environment) => format!("{base} ({})", environment.name_suffix()),
            None => base.to_owned(),
        })
    }

    /// How many days the application's refresh token lives unused (`refresh-days`); the
    /// guide's texts get it as `$days`.
    pub fn refresh_days(self) -> Option<u32> {
        self.definition().and_then(|d| d.refresh_days)
    }

    /// The last day the application can mail without authenticating again, from the renewal
    /// date its status shows (`refresh-days` later).
    pub fn refresh_deadline(self, renewed_on: NaiveDate) -> Option<NaiveDate> {
        let days = self.refresh_days()?;
        renewed_on.checked_add_days(Days::new(u64::from(days)))
    }

    /// The Entra steps of the file (an own registration no generic route describes), with the
    /// run's values filled in. A redirect URI not valid yet shows the pattern.
    pub fn portal_steps(
        self,
        answers: &PresetAnswers,
        client_id: Option<&Guid>,
    ) -> Vec<PortalStep> {
        let Some(def) = self.definition() else {
            return Vec::new();
        };
        let blade = |name: &str| match client_id {
            Some(id) => format!(
                "{ENTRA}/#view/Microsoft_AAD_RegisteredApps/ApplicationMenuBlade/~/{name}/appId/{id}"
            ),
            None => format!("{ENTRA}/#view/Microsoft_AAD_RegisteredApps/ApplicationsListBlade"),
        };
        let fill = |value: &'static GuideValue| {
            let shown = match (&value.value, value.from) {
                (Some(literal), _) => literal.clone(),
                (None, Some(ValueFrom::RegistrationName)) => self
                    .registration_name(answers.environment)
                    .unwrap_or_default(),
                (None, Some(ValueFrom::RedirectUri)) => {
                    match self.redirect_uri(&answers.app_domain) {
                        Some(Ok(uri)) => uri,
                        _ => format!(
                            "https://<domain>{}",
                            def.redirect_path.as_deref().unwrap_or_default()
                        ),
                    }
                }
                // The model allows no other source in a portal step (`guide_problems`).
                _ => String::new(),
            };
            PortalValue {
                label_id: value.label.as_str(),
                value: shown,
            }
        };
        def.portal_steps
            .iter()
            .map(|step| PortalStep {
                text_id: step.text.as_str(),
                values: step.values.iter().map(fill).collect(),
                link: step.link.as_deref().map(|link| match link.strip_prefix("app:") {
                    Some(name) => blade(name),
                    None => format!(
                        "{ENTRA}/#view/Microsoft_AAD_RegisteredApps/CreateApplicationBlade/quickStartType~/null/isMSAApp~/false"
                    ),
                }),
            })
            .collect()
    }
}

/// The answers to the questions a preset file may ask (`model::FIELD_KEYS`), as typed. They live
/// here, not among the registration's own fields: only a preset that lists a question asks it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PresetAnswers {
    /// `environment`: the environment this registration is for (AllSolutions wants one each).
    pub environment: Option<Environment>,
    /// `app-domain`: the application's domain as typed; the redirect URI is built from it.
    pub app_domain: String,
    /// `sync-users`: the users' "Exchange account" values, one per line, for the UPN check.
    pub sync_users: String,
    /// `refresh-renewed`: the refresh token's renewal date read from the application, as typed.
    #[serde(alias = "king_refresh_renewed")]
    pub refresh_renewed: String,
}

/// In a session file a preset is its file id, as before the presets became files.
impl Serialize for Preset {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.0)
    }
}

impl<'de> Deserialize<'de> for Preset {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Preset, D::Error> {
        let key = String::deserialize(deserializer)?;
        // Sessions written before the presets became files spell AllSolutions this way.
        let key = match key.as_str() {
            "all-solutions" => "allsolutions".to_owned(),
            _ => key,
        };
        Preset::from_key(&key).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "unknown preset `{key}` (this Overstap knows: {})",
                Preset::all()
                    .iter()
                    .map(|p| p.key())
                    .collect::<Vec<_>>()
                    .join(", ")
            ))
        })
    }
}

/// The AllSolutions environment a registration is for: the vendor wants one per environment.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Environment {
    Production,
    Acceptance,
}

impl Environment {
    pub const ALL: [Environment; 2] = [Environment::Production, Environment::Acceptance];

    pub fn key(self) -> &'static str {
        match self {
            Environment::Production => "production",
            Environment::Acceptance => "acceptance",
        }
    }

    /// What the registration's name says about the environment: in Dutch, as the vendors'
    /// own guides name their environments, whatever the UI's language.
    pub fn name_suffix(self) -> &'static str {
        match self {
            Environment::Production => "productie",
            Environment::Acceptance => "acceptatie",
        }
    }
}

/// Why a typed AllSolutions domain cannot become a redirect URI.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DomainError {
    #[error("no domain entered")]
    Empty,
    /// Entra accepts plain `http` only for loopback addresses.
    #[error("scheme {0} is not https")]
    NotHttps(String),
    #[error("enter the host name only, without a path, query or fragment")]
    HasPath,
    #[error("enter the host name only, without a port")]
    HasPort,
    #[error("enter the host name only, without a user name")]
    HasUserInfo,
    /// An IP address, a name without a dot, or characters no host name may hold.
    #[error("{0} is not a domain name")]
    NotADomain(String),
}

/// The host name of an AllSolutions environment, from what the admin typed: with or without
/// `https://`, trailing slashes, any case, international names (returned as punycode, which is
/// what Entra stores and what the browser sends).
pub fn normalise_domain(typed: &str) -> Result<String, DomainError> {
    let typed = typed.trim();
    if typed.is_empty() {
        return Err(DomainError::Empty);
    }
    let rest = match typed.split_once("://") {
        Some((scheme, rest)) if scheme.eq_ignore_ascii_case("https") => rest,
        Some((scheme, _)) => return Err(DomainError::NotHttps(scheme.to_ascii_lowercase())),
        None => typed,
    };
    let authority = rest.trim_end_matches('/');
    if authority.contains(['/', '?', '#', '\\']) {
        return Err(DomainError::HasPath);
    }
    if authority.contains('@') {
        return Err(DomainError::HasUserInfo);
    }
    if authority.contains(':') {
        return Err(DomainError::HasPort);
    }
    let not_a_domain = || DomainError::NotADomain(authority.to_owned());
    // `url::Host` applies IDNA (UTS #46): lowercases, maps and converts to punycode.
    let host = match url::Host::parse(authority) {
        Ok(url::Host::Domain(host)) => host,
        Ok(url::Host::Ipv4(_) | url::Host::Ipv6(_)) | Err(_) => return Err(not_a_domain()),
    };
    let host = host.trim_end_matches('.').to_owned();
    let label_ok = |label: &str| {
        !label.is_empty()
            && label.len() <= 63
            && !label.starts_with('-')
            && !label.ends_with('-')
            && label
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    };
    let labels: Vec<&str> = host.split('.').collect();
    if labels.len() < 2 || !labels.iter().all(|l| label_ok(l)) || host.len() > 253 {
        return Err(not_a_domain());
    }
    // A top-level domain is never all digits; this also catches IPv4 written oddly.
    if labels
        .last()
        .is_some_and(|tld| tld.chars().all(|c| c.is_ascii_digit()))
    {
        return Err(not_a_domain());
    }
    Ok(host)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_domains_are_normalised() {
        let cases = [
            ("crm.contoso.nl", "https://crm.contoso.nl/jsonhandler.ashx"),
            (
                "  https://crm.contoso.nl/  ",
                "https://crm.contoso.nl/jsonhandler.ashx",
            ),
            (
                "HTTPS://CRM.Contoso.NL//",
                "https://crm.contoso.nl/jsonhandler.ashx",
            ),
            ("crm.contoso.nl.", "https://crm.contoso.nl/jsonhandler.ashx"),
            (
                "bücher-crm.bäckerei.de",
                "https://xn--bcher-crm-q9a.xn--bckerei-5wa.de/jsonhandler.ashx",
            ),
            (
                "https://XN--BCKEREI-5WA.de",
                "https://xn--bckerei-5wa.de/jsonhandler.ashx",
            ),
        ];
        for (typed, expected) in cases {
            assert_eq!(
                Preset::ALL_SOLUTIONS.redirect_uri(typed),
                Some(Ok(expected.to_owned())),
                "{typed}"
            );
        }
    }

    #[test]
    fn anything_but_an_https_host_is_refused_with_its_reason() {
        let cases = [
            ("", DomainError::Empty),
            ("   ", DomainError::Empty),
            (
                "http://crm.contoso.nl",
                DomainError::NotHttps("http".into()),
            ),
            ("crm.contoso.nl/jsonhandler.ashx", DomainError::HasPath),
            ("https://crm.contoso.nl/?a=b", DomainError::HasPath),
            ("crm.contoso.nl:8443", DomainError::HasPort),
            ("admin@crm.contoso.nl", DomainError::HasUserInfo),
            ("10.0.0.5", DomainError::NotADomain("10.0.0.5".into())),
            ("crm", DomainError::NotADomain("crm".into())),
            (
                "crm_1.contoso.nl",
                DomainError::NotADomain("crm_1.contoso.nl".into()),
            ),
            (
                "-crm.contoso.nl",
                DomainError::NotADomain("-crm.contoso.nl".into()),
            ),
            (
                "crm contoso.nl",
                DomainError::NotADomain("crm contoso.nl".into()),
            ),
        ];
        for (typed, expected) in cases {
            assert_eq!(normalise_domain(typed), Err(expected), "{typed:?}");
        }
    }

    #[test]
    fn what_each_preset_means_for_the_wizard() {
        assert_eq!(Preset::ALL_SOLUTIONS.scenario(), Some(Scenario::Ews));
        assert_eq!(
            Preset::COMBIT_CRM.scenario(),
            Some(Scenario::SmtpImapDelegated)
        );
        assert_eq!(Preset::KING_ERP.scenario(), None);
        let own: Vec<_> = Preset::all()
            .into_iter()
            .filter(|p| p.needs_own_registration())
            .collect();
        assert_eq!(own, [Preset::ALL_SOLUTIONS, Preset::COMBIT_CRM]);
        let secret: Vec<_> = Preset::all()
            .into_iter()
            .filter(|p| {
                let mut registration = crate::registration::Registration::default();
                registration.choose_preset(Some(*p));
                crate::wizard::needs_client_secret(&registration)
            })
            .collect();
        assert_eq!(
            secret,
            [Preset::ALL_SOLUTIONS],
            "only AllSolutions signs in with a secret"
        );
    }

    /// Issue 19: what a preset fixes is read from its file, and every variant has one.
    #[test]
    fn every_preset_is_a_file() {
        let ids: Vec<&str> = definitions().iter().map(|d| d.id.as_str()).collect();
        assert_eq!(ids, ["allsolutions", "combit-crm", "king-erp"]);
        for preset in Preset::all() {
            let def = preset.definition().expect("a file per preset");
            assert_eq!(def.scenario, preset.scenario());
        }
        let proved: Vec<_> = Preset::all()
            .into_iter()
            .map(|p| (p.overstap_signs_in(), p.overstap_tests()))
            .collect();
        assert_eq!(proved, [(false, false), (true, true), (false, false)]);
    }

    /// Issue 19: the preset choice is every file in assets/presets, so a fourth vendor's file
    /// (with its texts, which the build demands) is offered without a line of code.
    #[test]
    fn the_choice_offers_every_file_in_the_folder() {
        let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/presets");
        let mut files: Vec<String> = std::fs::read_dir(folder)
            .expect("assets/presets")
            .flatten()
            .filter_map(|e| {
                let name = e.file_name().to_string_lossy().into_owned();
                name.strip_suffix(".toml").map(str::to_owned)
            })
            .collect();
        files.sort();
        let offered: Vec<String> = Preset::all().iter().map(|p| p.key().to_owned()).collect();
        assert_eq!(offered, files);
        for id in &files {
            let preset = Preset::from_key(id).expect("a preset per file");
            assert_eq!(preset.key(), id);
            let json = serde_json::to_string(&preset).expect("json");
            assert_eq!(json, format!("\"{id}\""));
            assert_eq!(serde_json::from_str::<Preset>(&json).expect("back"), preset);
        }
        assert_eq!(
            serde_json::from_str::<Preset>("\"all-solutions\"").expect("an older session"),
            Preset::ALL_SOLUTIONS
        );
        let unknown = serde_json::from_str::<Preset>("\"lucanet\"").expect_err("no such file");
        assert!(
            unknown.to_string().contains("unknown preset `lucanet`"),
            "{unknown}"
        );
    }

    /// Issue 19: a fourth vendor's file from outside the program reads through the same model
    /// and the same checks as the embedded ones.
    #[test]
    fn a_fourth_vendor_file_reads_and_a_broken_one_is_refused_with_every_reason() {
        let folder =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/presets");
        let read = |name: &str| std::fs::read_to_string(folder.join(name)).expect("fixture");
        let acme = parse_preset(&read("acme-mail.toml")).expect("a valid preset");
        assert_eq!(acme.scenario, Some(Scenario::SmtpAppOnly));
        assert!(acme.client_secret && acme.generic_route);
        assert_eq!(
            (acme.consent, acme.test),
            (ProvedBy::Overstap, ProvedBy::Overstap)
        );
        // A vendor-app preset like KING's: guide, consent and refresh window from the file.
        let vendor = parse_preset(&read("vendor-app.toml")).expect("a valid preset");
        assert_eq!(vendor.scenario, None);
        assert_eq!(vendor.refresh_days, Some(60));
        assert_eq!(vendor.guide["consent"].len(), 3);
        let ids = model::message_ids(&model::parse(&read("vendor-app.toml")).expect("raw"));
        for id in [
            "preset-vendor-app-consent-done",
            "preset-vendor-app-refresh-renewed",
            "preset-vendor-app-deadline",
            "preset-vendor-app-choose",
        ] {
            assert!(
                ids.iter().any(|i| i == id),
                "{id}: the build demands its text"
            );
        }
        let PresetError(problems) = parse_preset(&read("broken.toml")).expect_err("refused");
        for expected in [
            "the id is lowercase",
            "unknown scenario `pop3`",
            "a client secret belongs to an own registration",
            "Overstap proves consent only on a generic route",
            "Overstap can test only with a registration",
            "unknown field `colour`",
            "field `colour` listed twice",
            "unknown guide place `sidebar`",
            "needs exactly one of value, text and from",
            "a redirect URI needs redirect-path",
            "a settle block belongs to the consent place",
            "unknown script `format-c`",
            "unknown portal link `https://evil.example/`",
            "portal-steps belong to an own registration off the generic routes",
            "field `colour` is asked but no guide block draws it",
            "refresh-days (more than 0) goes with the refresh-renewed field",
            "portal step value `preset-broken-mailbox` is a literal",
        ] {
            assert!(
                problems.iter().any(|p| p.contains(expected)),
                "{expected}: {problems:#?}"
            );
        }
    }

    #[test]
    fn applying_a_preset_sets_its_scenario() {
        let mut registration = crate::registration::Registration {
            scenario: Some(Scenario::SmtpAppOnly),
            ..Default::default()
        };
        registration.choose_preset(Some(Preset::ALL_SOLUTIONS));
        assert_eq!(registration.scenario, Some(Scenario::Ews));
        assert_eq!(registration.route(), None, "AllSolutions has its own steps");
        assert!(!registration.needs_access_choice());
        registration.choose_preset(None);
        assert_eq!(
            registration.route().map(|r| r.access),
            Some(crate::access::Access::Rbac),
            "back to the generic EWS scenario: its recommended route"
        );
        registration.choose_preset(Some(Preset::KING_ERP));
        assert_eq!(registration.scenario, None);
        assert!(!crate::wizard::needs_client_secret(&registration));
        registration.choose_preset(None);
        assert_eq!(registration.preset, None);
        registration.choose_preset(Some(Preset::COMBIT_CRM));
        assert_eq!(registration.scenario, Some(Scenario::SmtpImapDelegated));
        assert_eq!(
            registration.route().map(|r| r.access),
            Some(crate::access::Access::Delegated)
        );
    }

    #[test]
    fn allsolutions_portal_steps_web_platform_no_permissions() {
        let answers = PresetAnswers {
            environment: Some(Environment::Acceptance),
            app_domain: "crm.contoso.nl".into(),
            ..Default::default()
        };
        let steps = Preset::ALL_SOLUTIONS.portal_steps(&answers, None);
        let values: Vec<&str> = steps
            .iter()
            .flat_map(|s| s.values.iter().map(|v| v.value.as_str()))
            .collect();
        assert!(values.contains(&"Web"));
        assert!(values.contains(&"https://crm.contoso.nl/jsonhandler.ashx"));
        assert!(values.contains(&"AllSolutions Exchange synchronisatie (acceptatie)"));
        assert!(!values.contains(&"http://localhost"));
        assert!(
            !steps.iter().any(|s| s.text_id == "portal-step-permissions"),
            "permissions are requested at authorization, not up front"
        );
        assert!(steps.iter().any(|s| s.text_id.ends_with("-secret")));
    }

    #[test]
    fn king_refresh_window_is_90_days() {
        let renewed = crate::dates::parse_date("26-11-2026").expect("date");
        assert_eq!(
            Preset::KING_ERP.refresh_deadline(renewed),
            NaiveDate::from_ymd_opt(2027, 2, 24)
        );
        assert_eq!(Preset::COMBIT_CRM.refresh_deadline(renewed), None);
    }
}
