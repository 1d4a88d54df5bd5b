//! The wizard as a state machine: which page is shown, what each page needs before "Next", and
//! the step indicator.
//!
//! Pure on purpose: no egui, no clock, no I/O. Every rule takes the session and today's date as
//! arguments, so the whole navigation is unit-tested and the UI only asks and draws.

use chrono::NaiveDate;

use crate::guid::Guid;
use crate::registration::Registration;
use crate::secrets::{ExpiryCheck, check_expiry};
use crate::session::{ScanState, Session};

/// The eight pages, in order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Page {
    Welcome,
    Scan,
    Registration,
    Secret,
    Consent,
    TestSend,
    Applications,
    Summary,
}

impl Page {
    pub const ALL: [Page; 8] = [
        Page::Welcome,
        Page::Scan,
        Page::Registration,
        Page::Secret,
        Page::Consent,
        Page::TestSend,
        Page::Applications,
        Page::Summary,
    ];

    /// Zero-based position.
    pub fn index(self) -> usize {
        self as usize
    }

    pub fn next(self) -> Option<Page> {
        Page::ALL.get(self.index() + 1).copied()
    }

    pub fn previous(self) -> Option<Page> {
        self.index().checked_sub(1).map(|i| Page::ALL[i])
    }

    /// Stable key: message ids `page-<key>` (short name) and `page-<key>-title`.
    pub fn key(self) -> &'static str {
        match self {
            Page::Welcome => "welcome",
            Page::Scan => "scan",
            Page::Registration => "registration",
            Page::Secret => "secret",
            Page::Consent => "consent",
            Page::TestSend => "test-send",
            Page::Applications => "applications",
            Page::Summary => "summary",
        }
    }
}

/// What is missing before a page counts as complete. Each maps to one message that tells the
/// admin exactly what to do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Blocker {
    ChooseRole,
    ScanNotRun,
    ChooseScenario,
    /// SMTP or EWS app-only without a route: a session saved before the route choice.
    ChooseAccess,
    /// AllSolutions: production or acceptance (one registration per environment).
    ChooseEnvironment,
    /// AllSolutions: the domain the redirect URI is built from.
    AppDomainMissing,
    AppDomainInvalid,
    TenantIdMissing,
    TenantIdInvalid,
    ClientIdMissing,
    ClientIdInvalid,
    /// The same GUID in both fields: one of them was copied from the wrong line of the portal.
    SameIds,
    /// The typed tenant id is not the tenant the mail domain belongs to.
    TenantMismatch,
    /// The Enterprise application object id field holds the client or tenant id.
    ObjectIdIsOtherId,
    MailboxInvalid,
    SecretNotStored,
    SecretExpiryMissing,
    SecretExpiryTooFar,
    SecretExpired,
    ConsentOpen,
    TestSendOpen,
}

impl Blocker {
    pub const ALL: [Blocker; 21] = [
        Blocker::ChooseRole,
        Blocker::ScanNotRun,
        Blocker::ChooseScenario,
        Blocker::ChooseAccess,
        Blocker::ChooseEnvironment,
        Blocker::AppDomainMissing,
        Blocker::AppDomainInvalid,
        Blocker::TenantIdMissing,
        Blocker::TenantIdInvalid,
        Blocker::ClientIdMissing,
        Blocker::ClientIdInvalid,
        Blocker::SameIds,
        Blocker::TenantMismatch,
        Blocker::ObjectIdIsOtherId,
        Blocker::MailboxInvalid,
        Blocker::SecretNotStored,
        Blocker::SecretExpiryMissing,
        Blocker::SecretExpiryTooFar,
        Blocker::SecretExpired,
        Blocker::ConsentOpen,
        Blocker::TestSendOpen,
    ];

    pub fn message_id(self) -> &'static str {
        match self {
            Blocker::ChooseRole => "blocker-choose-role",
            Blocker::ScanNotRun => "blocker-scan-not-run",
            Blocker::ChooseScenario => "blocker-choose-scenario",
            Blocker::ChooseAccess => "blocker-choose-access",
            Blocker::ChooseEnvironment => "blocker-choose-environment",
            Blocker::AppDomainMissing => "blocker-app-domain-missing",
            Blocker::AppDomainInvalid => "blocker-app-domain-invalid",
            Blocker::TenantIdMissing => "blocker-tenant-id-missing",
            Blocker::TenantIdInvalid => "blocker-tenant-id-invalid",
            Blocker::ClientIdMissing => "blocker-client-id-missing",
            Blocker::ClientIdInvalid => "blocker-client-id-invalid",
            Blocker::SameIds => "blocker-same-ids",
            Blocker::TenantMismatch => "blocker-tenant-mismatch",
            Blocker::ObjectIdIsOtherId => "blocker-object-id",
            Blocker::MailboxInvalid => "blocker-mailbox-invalid",
            Blocker::SecretNotStored => "blocker-secret-not-stored",
            Blocker::SecretExpiryMissing => "blocker-secret-expiry-missing",
            Blocker::SecretExpiryTooFar => "blocker-secret-expiry-too-far",
            Blocker::SecretExpired => "blocker-secret-expired",
            Blocker::ConsentOpen => "blocker-consent-open",
            Blocker::TestSendOpen => "blocker-test-send-open",
        }
    }
}

/// What the page itself still needs; `None` when it is complete.
pub fn blocker(page: Page, session: &Session, today: NaiveDate) -> Option<Blocker> {
    match page {
        Page::Welcome => session.role.is_none().then_some(Blocker::ChooseRole),
        Page::Scan => matches!(session.scan, ScanState::NotRun).then_some(Blocker::ScanNotRun),
        Page::Registration => registration_blocker(session),
        Page::Secret => secret_blocker(session, today),
        Page::Consent => (!session.consent.is_settled()).then_some(Blocker::ConsentOpen),
        Page::TestSend => (!session.test_send.state.is_settled()).then_some(Blocker::TestSendOpen),
        Page::Applications | Page::Summary => None,
    }
}

fn registration_blocker(session: &Session) -> Option<Blocker> {
    let registration = &session.registration;
    let preset = registration.preset.and_then(|preset| preset.definition());
    if preset.is_some_and(|preset| !preset.own_registration) {
        // The vendor's app (KING): only the tenant matters (for the admin consent), no client id.
        if let Err(blocker) = id_blocker(
            &registration.tenant_id,
            Blocker::TenantIdMissing,
            Blocker::TenantIdInvalid,
        ) {
            return Some(blocker);
        }
        return tenant_mismatch(session).then_some(Blocker::TenantMismatch);
    }
    if registration.scenario.is_none() {
        return Some(Blocker::ChooseScenario);
    }
    if registration.needs_access_choice() {
        return Some(Blocker::ChooseAccess);
    }
    // The preset's own questions, as its file lists them (AllSolutions: environment, domain).
    if let Some(preset) = preset {
        if preset.asks("environment") && registration.answers.environment.is_none() {
            return Some(Blocker::ChooseEnvironment);
        }
        if preset.asks("app-domain") {
            match crate::presets::normalise_domain(&registration.answers.app_domain) {
                Err(crate::presets::DomainError::Empty) => return Some(Blocker::AppDomainMissing),
                Err(_) => return Some(Blocker::AppDomainInvalid),
                Ok(_) => {}
            }
        }
    }
    let tenant = id_blocker(
        &registration.tenant_id,
        Blocker::TenantIdMissing,
        Blocker::TenantIdInvalid,
    );
    let client = id_blocker(
        &registration.client_id,
        Blocker::ClientIdMissing,
        Blocker::ClientIdInvalid,
    );
    let (tenant, client) = match (tenant, client) {
        (Err(blocker), _) | (_, Err(blocker)) => return Some(blocker),
        (Ok(tenant), Ok(client)) => (tenant, client),
    };
    if tenant == client {
        return Some(Blocker::SameIds);
    }
    if tenant_mismatch(session) {
        return Some(Blocker::TenantMismatch);
    }
    if object_id_is_other_id(registration) {
        return Some(Blocker::ObjectIdIsOtherId);
    }
    if mailbox_is_invalid(registration) {
        return Some(Blocker::MailboxInvalid);
    }
    None
}

/// The typed tenant id is valid and is not the tenant the mail domain was looked up as.
pub fn tenant_mismatch(session: &Session) -> bool {
    match (
        Guid::parse(&session.registration.tenant_id),
        &session.tenant,
    ) {
        (Ok(typed), Some(found)) => typed != found.tenant_id,
        _ => false,
    }
}

/// Whether the Registration page asks for the Enterprise application's object id: only a route
/// that registers a service principal in Exchange needs it (AllSolutions, KING and the
/// delegated route register nothing there). A value left in a hidden field never blocks.
pub fn asks_enterprise_object_id(registration: &Registration) -> bool {
    registration
        .route()
        .is_some_and(|route| route.service_principal)
}

/// The Enterprise application object id field holds the tenant or client id: one of them was
/// copied from the wrong line of the portal. Only where the field is asked for.
pub fn object_id_is_other_id(registration: &Registration) -> bool {
    if !asks_enterprise_object_id(registration) {
        return false;
    }
    let Ok(object_id) = Guid::parse(&registration.enterprise_object_id) else {
        return false;
    };
    [&registration.tenant_id, &registration.client_id]
        .into_iter()
        .filter_map(|id| Guid::parse(id).ok())
        .any(|id| id == object_id)
}

/// The tenant id and the client id are the same GUID.
pub fn same_ids(registration: &Registration) -> bool {
    matches!(
        (Guid::parse(&registration.tenant_id), Guid::parse(&registration.client_id)),
        (Ok(tenant), Ok(client)) if tenant == client
    )
}

/// A mailbox was typed and is not an address (empty is allowed: the scripts then scope to
/// nothing yet).
pub fn mailbox_is_invalid(registration: &Registration) -> bool {
    let mailbox = registration.mailbox.trim();
    !mailbox.is_empty() && !crate::exchange_script::is_mailbox(mailbox)
}

/// Whether a client secret belongs to this set-up: as the preset's file says (never for a
/// vendor's app such as KING's), otherwise as the chosen scenario says, and never before a
/// scenario is chosen. The Secret page and the summary ask this same question.
pub fn needs_client_secret(registration: &Registration) -> bool {
    match registration.preset {
        Some(preset) => preset.definition().is_some_and(|d| d.client_secret),
        None => registration
            .scenario
            .is_some_and(|scenario| scenario.needs_client_secret()),
    }
}

/// What an expiry date means for "Next": the Secret page enables Store with the same answer.
pub fn secret_expiry_blocker(expires_on: NaiveDate, today: NaiveDate) -> Option<Blocker> {
    match check_expiry(expires_on, today) {
        ExpiryCheck::TooFar => Some(Blocker::SecretExpiryTooFar),
        ExpiryCheck::Expired => Some(Blocker::SecretExpired),
        ExpiryCheck::Soon { .. } | ExpiryCheck::Fine => None,
    }
}

fn id_blocker(value: &str, missing: Blocker, invalid: Blocker) -> Result<Guid, Blocker> {
    if value.trim().is_empty() {
        return Err(missing);
    }
    Guid::parse(value).map_err(|_| invalid)
}

fn secret_blocker(session: &Session, today: NaiveDate) -> Option<Blocker> {
    if !needs_client_secret(&session.registration) {
        return None;
    }
    if !session.secret.stored {
        return Some(Blocker::SecretNotStored);
    }
    match session.secret.expires_on {
        None => Some(Blocker::SecretExpiryMissing),
        Some(date) => secret_expiry_blocker(date, today),
    }
}

/// One entry of the step indicator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StepStatus {
    Current,
    Done,
    /// Not complete; `at` is the page whose `reason` must be solved first (this page or an
    /// earlier one).
    Blocked {
        at: Page,
        reason: Blocker,
    },
    /// Reachable and not yet visited-and-completed, with nothing missing before it (the Summary
    /// once every step is complete, or a page with no requirements ahead of the current one).
    Open,
}

/// Why a navigation request was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NavError {
    Blocked { at: Page, reason: Blocker },
    AtEnd,
    AtStart,
}

/// Where the admin is. Going back is always allowed; going forward needs every page in between
/// to be complete.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Wizard {
    current: Page,
}

impl Default for Wizard {
    fn default() -> Self {
        Self {
            current: Page::Welcome,
        }
    }
}

impl Wizard {
    pub fn at(page: Page) -> Wizard {
        Wizard { current: page }
    }

    pub fn current(&self) -> Page {
        self.current
    }

    /// The first page before `target` that is not complete, with its reason.
    pub fn first_blocker_before(
        target: Page,
        session: &Session,
        today: NaiveDate,
    ) -> Option<(Page, Blocker)> {
        Page::ALL
            .into_iter()
            .take_while(|page| *page < target)
            .find_map(|page| blocker(page, session, today).map(|reason| (page, reason)))
    }

    /// Whether "Next" is allowed now, and if not, why.
    pub fn can_advance(&self, session: &Session, today: NaiveDate) -> Result<Page, NavError> {
        let next = self.current.next().ok_or(NavError::AtEnd)?;
        match Wizard::first_blocker_before(next, session, today) {
            Some((at, reason)) => Err(NavError::Blocked { at, reason }),
            None => Ok(next),
        }
    }

    pub fn advance(&mut self, session: &Session, today: NaiveDate) -> Result<Page, NavError> {
        let next = self.can_advance(session, today)?;
        self.current = next;
        Ok(next)
    }

    pub fn back(&mut self) -> Result<Page, NavError> {
        let previous = self.current.previous().ok_or(NavError::AtStart)?;
        self.current = previous;
        Ok(previous)
    }

    /// Jump from the step indicator: backwards always, forwards only over complete pages.
    pub fn go_to(
        &mut self,
        target: Page,
        session: &Session,
        today: NaiveDate,
    ) -> Result<(), NavError> {
        if target > self.current
            && let Some((at, reason)) = Wizard::first_blocker_before(target, session, today)
        {
            return Err(NavError::Blocked { at, reason });
        }
        self.current = target;
        Ok(())
    }

    /// The step indicator: one status per page, in order.
    pub fn steps(&self, session: &Session, today: NaiveDate) -> Vec<(Page, StepStatus)> {
        Page::ALL
            .into_iter()
            .map(|page| {
                let status = if page == self.current {
                    StepStatus::Current
                } else if let Some((at, reason)) =
                    Wizard::first_blocker_before(page, session, today)
                        .filter(|_| page > self.current)
                {
                    StepStatus::Blocked { at, reason }
                } else if let Some(reason) = blocker(page, session, today) {
                    StepStatus::Blocked { at: page, reason }
                } else if page > self.current {
                    StepStatus::Open
                } else {
                    StepStatus::Done
                };
                (page, status)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::ScanSource;
    use crate::platform::Role;
    use crate::presets::Preset;
    use crate::scenario::Scenario;
    use crate::session::StepState;
    use chrono::{TimeZone, Utc};

    const TENANT: &str = "11111111-2222-3333-4444-555555555555";
    const CLIENT: &str = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 26).expect("date")
    }

    fn complete_session() -> Session {
        let mut s = Session {
            role: Some(Role::Admin),
            scan: ScanState::Finished {
                at: Utc
                    .with_ymd_and_hms(2026, 11, 26, 10, 0, 0)
                    .single()
                    .expect("time"),
                source: ScanSource::ThisServer,
                findings: 3,
            },
            ..Session::default()
        };
        s.registration.choose_scenario(Scenario::SmtpAppOnly);
        s.registration.tenant_id = TENANT.into();
        s.registration.client_id = CLIENT.into();
        s.secret.stored = true;
        s.secret.expires_on = NaiveDate::from_ymd_opt(2028, 5, 1);
        s.consent = StepState::Deferred;
        s.test_send.state = StepState::Deferred;
        s
    }

    #[test]
    fn pages_are_in_order_with_neighbours() {
        assert_eq!(Page::ALL.len(), 8);
        for (i, page) in Page::ALL.into_iter().enumerate() {
            assert_eq!(page.index(), i);
        }
        assert_eq!(Page::Welcome.previous(), None);
        assert_eq!(Page::Summary.next(), None);
        assert_eq!(Page::Secret.next(), Some(Page::Consent));
        assert_eq!(Page::Secret.previous(), Some(Page::Registration));
    }

    #[test]
    fn a_complete_session_walks_to_the_end_and_back() {
        let session = complete_session();
        let mut wizard = Wizard::default();
        for expected in &Page::ALL[1..] {
            assert_eq!(wizard.advance(&session, today()), Ok(*expected));
        }
        assert_eq!(wizard.advance(&session, today()), Err(NavError::AtEnd));
        for expected in Page::ALL[..7].iter().rev() {
            assert_eq!(wizard.back(), Ok(*expected));
        }
        assert_eq!(wizard.back(), Err(NavError::AtStart));
    }

    #[test]
    fn each_page_blocks_with_its_own_reason() {
        type Spoil = Box<dyn Fn(&mut Session)>;
        let cases: Vec<(Page, Spoil, Blocker)> = vec![
            (
                Page::Welcome,
                Box::new(|s| s.role = None),
                Blocker::ChooseRole,
            ),
            (
                Page::Scan,
                Box::new(|s| s.scan = ScanState::NotRun),
                Blocker::ScanNotRun,
            ),
            (
                Page::Registration,
                Box::new(|s| s.registration.scenario = None),
                Blocker::ChooseScenario,
            ),
            (
                Page::Registration,
                Box::new(|s| s.registration.access = None),
                Blocker::ChooseAccess,
            ),
            (
                Page::Registration,
                Box::new(|s| s.registration.tenant_id = "  ".into()),
                Blocker::TenantIdMissing,
            ),
            (
                Page::Registration,
                Box::new(|s| s.registration.tenant_id = "contoso.nl".into()),
                Blocker::TenantIdInvalid,
            ),
            (
                Page::Registration,
                Box::new(|s| s.registration.client_id = String::new()),
                Blocker::ClientIdMissing,
            ),
            (
                Page::Registration,
                Box::new(|s| s.registration.client_id = "aaaaaaaa-bbbb".into()),
                Blocker::ClientIdInvalid,
            ),
            (
                Page::Registration,
                Box::new(|s| s.registration.client_id = format!("{{{}}}", TENANT.to_uppercase())),
                Blocker::SameIds,
            ),
            (
                Page::Secret,
                Box::new(|s| s.secret.stored = false),
                Blocker::SecretNotStored,
            ),
            (
                Page::Secret,
                Box::new(|s| s.secret.expires_on = None),
                Blocker::SecretExpiryMissing,
            ),
            (
                Page::Secret,
                Box::new(|s| s.secret.expires_on = NaiveDate::from_ymd_opt(2028, 11, 27)),
                Blocker::SecretExpiryTooFar,
            ),
            (
                Page::Secret,
                Box::new(|s| s.secret.expires_on = NaiveDate::from_ymd_opt(2026, 11, 25)),
                Blocker::SecretExpired,
            ),
            (
                Page::Consent,
                Box::new(|s| s.consent = StepState::Open),
                Blocker::ConsentOpen,
            ),
            (
                Page::TestSend,
                Box::new(|s| s.test_send.state = StepState::Open),
                Blocker::TestSendOpen,
            ),
        ];
        for (page, spoil, reason) in cases {
            let mut session = complete_session();
            spoil(&mut session);
            assert_eq!(blocker(page, &session, today()), Some(reason), "{page:?}");
            let mut wizard = Wizard::at(page);
            assert_eq!(
                wizard.advance(&session, today()),
                Err(NavError::Blocked { at: page, reason })
            );
            assert_eq!(wizard.current(), page, "a refused Next stays put");
            assert_eq!(
                wizard.back().is_ok(),
                page != Page::Welcome,
                "Back is always allowed"
            );
        }
    }

    #[test]
    fn every_blocker_is_listed_once() {
        let mut ids: Vec<_> = Blocker::ALL.iter().map(|b| b.message_id()).collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), Blocker::ALL.len());
    }

    #[test]
    fn delegated_scenario_needs_no_secret() {
        let mut session = complete_session();
        session.registration.scenario = Some(Scenario::SmtpImapDelegated);
        session.secret = Default::default();
        assert_eq!(blocker(Page::Secret, &session, today()), None);
        session.registration.scenario = Some(Scenario::Ews);
        assert_eq!(
            blocker(Page::Secret, &session, today()),
            Some(Blocker::SecretNotStored)
        );
    }

    /// Issue 19: no scenario, no secret: the Secret page asks this same function.
    #[test]
    fn no_scenario_needs_no_secret() {
        let mut session = complete_session();
        session.registration.scenario = None;
        assert!(!needs_client_secret(&session.registration));
        session.secret = Default::default();
        assert_eq!(blocker(Page::Secret, &session, today()), None);
    }

    /// Issue 19: the object id is checked only where the page shows its field.
    #[test]
    fn an_object_id_in_a_hidden_field_never_blocks() {
        let mut session = complete_session();
        session.registration.enterprise_object_id = CLIENT.into();
        assert!(asks_enterprise_object_id(&session.registration));
        assert_eq!(
            blocker(Page::Registration, &session, today()),
            Some(Blocker::ObjectIdIsOtherId)
        );
        session
            .registration
            .choose_scenario(Scenario::SmtpImapDelegated);
        assert!(!asks_enterprise_object_id(&session.registration));
        assert_eq!(blocker(Page::Registration, &session, today()), None);
    }

    /// Issue 19: exactly 30 days ahead is a warning, never a blocker.
    #[test]
    fn the_secret_expiry_rule_is_the_pages_rule() {
        let in_30 = NaiveDate::from_ymd_opt(2026, 12, 26).expect("date");
        assert_eq!(secret_expiry_blocker(in_30, today()), None);
        assert_eq!(
            check_expiry(in_30, today()),
            ExpiryCheck::Soon { days_left: 30 }
        );
    }

    /// Issue 10: KING needs only the tenant (the vendor's app), no client id and no secret.
    #[test]
    fn king_needs_only_the_tenant() {
        let mut session = complete_session();
        session.registration.preset = Some(Preset::KING_ERP);
        session.registration.scenario = None;
        session.registration.client_id.clear();
        session.secret = Default::default();
        assert_eq!(blocker(Page::Registration, &session, today()), None);
        assert_eq!(blocker(Page::Secret, &session, today()), None);
        session.registration.tenant_id.clear();
        assert_eq!(
            blocker(Page::Registration, &session, today()),
            Some(Blocker::TenantIdMissing)
        );
        session.registration.tenant_id = "contoso".into();
        assert_eq!(
            blocker(Page::Registration, &session, today()),
            Some(Blocker::TenantIdInvalid)
        );
        session.registration.tenant_id = TENANT.into();
        session.consent = StepState::Open;
        assert_eq!(
            blocker(Page::Consent, &session, today()),
            Some(Blocker::ConsentOpen),
            "the admin consent is settled by the admin's confirmation"
        );
    }

    /// Issue 10: AllSolutions needs its environment and a valid domain besides the ids.
    #[test]
    fn allsolutions_needs_environment_and_domain() {
        let mut session = complete_session();
        session.registration.preset = Some(Preset::ALL_SOLUTIONS);
        session.registration.scenario = Some(Scenario::Ews);
        assert_eq!(
            blocker(Page::Registration, &session, today()),
            Some(Blocker::ChooseEnvironment)
        );
        session.registration.answers.environment = Some(crate::presets::Environment::Production);
        assert_eq!(
            blocker(Page::Registration, &session, today()),
            Some(Blocker::AppDomainMissing)
        );
        session.registration.answers.app_domain = "http://crm.contoso.nl".into();
        assert_eq!(
            blocker(Page::Registration, &session, today()),
            Some(Blocker::AppDomainInvalid)
        );
        session.registration.answers.app_domain = "https://crm.contoso.nl/".into();
        assert_eq!(blocker(Page::Registration, &session, today()), None);
        session.registration.client_id.clear();
        assert_eq!(
            blocker(Page::Registration, &session, today()),
            Some(Blocker::ClientIdMissing)
        );
        session.secret = Default::default();
        assert_eq!(
            blocker(Page::Secret, &session, today()),
            Some(Blocker::SecretNotStored),
            "AllSolutions signs in with a client secret"
        );
    }

    #[test]
    fn expiry_bounds_are_inclusive_of_24_months() {
        let mut session = complete_session();
        session.secret.expires_on = NaiveDate::from_ymd_opt(2028, 11, 26);
        assert_eq!(blocker(Page::Secret, &session, today()), None);
        session.secret.expires_on = Some(today());
        assert_eq!(
            blocker(Page::Secret, &session, today()),
            None,
            "expires tonight: warned, not blocked"
        );
    }

    #[test]
    fn jumping_ahead_needs_the_pages_in_between() {
        let mut session = complete_session();
        session.registration.client_id.clear();
        let mut wizard = Wizard::default();
        assert_eq!(
            wizard.go_to(Page::TestSend, &session, today()),
            Err(NavError::Blocked {
                at: Page::Registration,
                reason: Blocker::ClientIdMissing
            })
        );
        assert_eq!(wizard.current(), Page::Welcome);
        assert_eq!(wizard.go_to(Page::Registration, &session, today()), Ok(()));
        assert_eq!(wizard.go_to(Page::Welcome, &session, today()), Ok(()));
    }

    #[test]
    fn going_back_is_allowed_even_over_incomplete_pages() {
        let mut session = complete_session();
        let mut wizard = Wizard::at(Page::Summary);
        session.role = None;
        assert_eq!(wizard.go_to(Page::Scan, &session, today()), Ok(()));
        assert_eq!(wizard.back(), Ok(Page::Welcome));
    }

    #[test]
    fn step_indicator_shows_done_current_open_and_blocked() {
        let mut session = complete_session();
        session.consent = StepState::Open;
        let wizard = Wizard::at(Page::Secret);
        let steps = wizard.steps(&session, today());
        let statuses: Vec<StepStatus> = steps.iter().map(|(_, s)| *s).collect();
        let consent_blocked = StepStatus::Blocked {
            at: Page::Consent,
            reason: Blocker::ConsentOpen,
        };
        assert_eq!(
            statuses,
            vec![
                StepStatus::Done,
                StepStatus::Done,
                StepStatus::Done,
                StepStatus::Current,
                consent_blocked,
                consent_blocked,
                consent_blocked,
                consent_blocked,
            ]
        );
        session.consent = StepState::Done {
            at: Utc
                .with_ymd_and_hms(2026, 11, 26, 11, 0, 0)
                .single()
                .expect("time"),
        };
        let statuses: Vec<StepStatus> = wizard
            .steps(&session, today())
            .iter()
            .map(|(_, s)| *s)
            .collect();
        assert_eq!(statuses[4..], [StepStatus::Open; 4]);
    }

    #[test]
    fn an_earlier_page_spoiled_after_the_fact_shows_as_blocked() {
        let mut session = complete_session();
        session.role = None;
        let wizard = Wizard::at(Page::Consent);
        let steps = wizard.steps(&session, today());
        assert_eq!(
            steps[0].1,
            StepStatus::Blocked {
                at: Page::Welcome,
                reason: Blocker::ChooseRole
            }
        );
        assert_eq!(steps[1].1, StepStatus::Done);
        assert_eq!(
            steps[5].1,
            StepStatus::Blocked {
                at: Page::Welcome,
                reason: Blocker::ChooseRole
            }
        );
    }
}
