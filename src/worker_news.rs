//! What the workers' news means for the session: the one place where an identity event, a test
//! result or a written change becomes part of the run. No egui here, so the GUI (which drains
//! the workers once per frame in `ui::app`) and the tests agree on every rule; the UI keeps only
//! what it shows while a job runs (the browser link, the device code, progress).

use chrono::{DateTime, Utc};

use crate::catalog::Catalog;
use crate::detect::{Location, ScanReport, ScanSource, SourceId};
use crate::i18n::Localizer;
use crate::identity::autoreg::SecretOutcome;
use crate::identity::worker::Event;
use crate::mailtest::{Route, RouteResult};
use crate::plan::ItemState;
use crate::registration::EntraCheck;
use crate::session::{ScanState, SecretHolder, Session, StepState};

/// What an identity event was.
#[derive(Debug)]
pub enum IdentityNews {
    /// It changed the session; `success`: the job reached what it was for.
    Session { success: bool },
    /// Nothing for the session: what the UI shows while the job runs (the browser link, the
    /// device code, a step of the automatic registration) or its failure.
    ForTheUi(Event),
}

/// Takes an identity event into the session. `holder`: where a secret the worker stored is kept.
pub fn take_identity(
    session: &mut Session,
    event: Event,
    now: DateTime<Utc>,
    holder: SecretHolder,
) -> IdentityNews {
    let success = match event {
        Event::Discovered(tenant) => {
            session.registration.tenant_id = tenant.tenant_id.to_string();
            session.tenant = Some(tenant);
            true
        }
        Event::AdminConsentGranted => {
            session.consent = StepState::Done { at: now };
            true
        }
        Event::Tokens(status) => {
            session.token = Some(status);
            session.consent = StepState::Done { at: now };
            true
        }
        Event::ClientExists => true,
        Event::AutoRegistered {
            client_id,
            enterprise_object_id,
            secret_expires_on,
            entra,
        } => {
            let registration = &mut session.registration;
            registration.client_id = client_id.to_string();
            registration.enterprise_object_id = enterprise_object_id.to_string();
            registration.autoreg_incomplete = None;
            registration.entra_check = Some(EntraCheck {
                at: now,
                client_id,
                permissions: entra,
            });
            if let Some(date) = secret_expires_on {
                session.secret.record_stored(holder, date);
            }
            true
        }
        Event::AutoRegIncomplete(incomplete) => {
            // The half-made registration becomes the one on the page, so the manual steps
            // continue with it; its secret counts only if it is in the store.
            let registration = &mut session.registration;
            registration.client_id = incomplete.client_id.to_string();
            if let Some(object) = &incomplete.enterprise_object_id {
                registration.enterprise_object_id = object.to_string();
            }
            if let SecretOutcome::Stored { expires_on } = incomplete.secret {
                session.secret.record_stored(holder, expires_on);
            }
            session.registration.autoreg_incomplete = Some(incomplete);
            false
        }
        Event::EntraPermissions {
            client_id,
            permissions,
        } => {
            session.registration.entra_check = Some(EntraCheck {
                at: now,
                client_id,
                permissions,
            });
            true
        }
        Event::Removed => {
            session.token = None;
            true
        }
        other @ (Event::OpenBrowser { .. }
        | Event::DeviceCode(_)
        | Event::AutoRegStep(_)
        | Event::Failed(_)) => return IdentityNews::ForTheUi(other),
    };
    IdentityNews::Session { success }
}

/// A test send begins: the old verdict and the old results of these routes go, so the step is
/// done again only if this run succeeds.
pub fn begin_test(session: &mut Session, routes: &[Route]) {
    if matches!(session.test_send.state, StepState::Done { .. }) {
        session.test_send.state = StepState::Open;
    }
    session
        .test_send
        .results
        .retain(|result| !routes.contains(&result.route));
}

/// One route's result, kept for the summary.
pub fn take_test_result(session: &mut Session, result: RouteResult) {
    session.test_send.results.push(result);
}

/// The run ended: the step is done when every route asked for delivered and none lacked a token.
pub fn finish_test(
    session: &mut Session,
    routes: &[Route],
    token_failed: bool,
    now: DateTime<Utc>,
) {
    let all_ok = !routes.is_empty()
        && !token_failed
        && routes.iter().all(|route| {
            session
                .test_send
                .results
                .iter()
                .any(|r| r.route == *route && r.outcome.is_ok())
        });
    if all_ok {
        session.test_send.state = StepState::Done { at: now };
    }
}

/// A plan item's new state (written, undone, failed); a change of state also changes its
/// checklist row. Returns whether it changed.
pub fn take_item_state(
    session: &mut Session,
    catalog: &Catalog,
    index: usize,
    state: ItemState,
    l10n: &Localizer,
) -> bool {
    let changed = session
        .plan
        .as_mut()
        .and_then(|plan| plan.items.get_mut(index))
        .map(|item| {
            let changed = item.state != state;
            item.state = state;
            changed
        })
        .unwrap_or(false);
    if changed {
        session.take_change(catalog, index, l10n);
    }
    changed
}

/// A scan that ran to its end: its report fills the checklist, the scan step is done at `at`,
/// and the old plan is gone (it was made for another report; the app plans again).
pub fn take_scan(
    session: &mut Session,
    catalog: &Catalog,
    report: &ScanReport,
    source: ScanSource,
    at: DateTime<Utc>,
    l10n: &Localizer,
) {
    finish_scan(session, catalog, report, source, at, l10n);
    session.plan = None;
}

/// The report fills the checklist and the scan step is done at `at`.
fn finish_scan(
    session: &mut Session,
    catalog: &Catalog,
    report: &ScanReport,
    source: ScanSource,
    at: DateTime<Utc>,
    l10n: &Localizer,
) {
    session.apply_scan(catalog, report, l10n);
    session.scan = ScanState::Finished {
        at,
        source,
        findings: report.findings.len(),
    };
}

/// A SQL Server search joins the session's scan report, replacing the SQL part of an earlier
/// one (a search of the same instances again must not list its findings twice).
pub fn take_sql_search(
    session: &mut Session,
    catalog: &Catalog,
    sql: &ScanReport,
    at: DateTime<Utc>,
    l10n: &Localizer,
) {
    let mut report = session.scan_report.clone();
    report
        .findings
        .retain(|f| !matches!(f.location, Location::Database { .. }));
    report.errors.retain(|e| e.source_id != SourceId::Sql);
    report.findings.extend(sql.findings.iter().cloned());
    report.errors.extend(sql.errors.iter().cloned());
    report.normalise();
    let source = match &session.scan {
        ScanState::Finished { source, .. } => source.clone(),
        _ => ScanSource::ThisServer,
    };
    finish_scan(session, catalog, &report, source, at, l10n);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::guid::Guid;
    use crate::identity::autoreg::Incomplete;

    fn now() -> DateTime<Utc> {
        DateTime::from_timestamp(1_790_000_000, 0).expect("a date")
    }

    #[test]
    fn an_incomplete_registration_keeps_its_stored_secret_with_where_it_is() {
        let mut session = Session::default();
        let client = Guid::parse("0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9").expect("guid");
        let expires = chrono::NaiveDate::from_ymd_opt(2027, 6, 1).expect("date");
        let incomplete = Incomplete {
            display_name: "Overstap".into(),
            client_id: client.clone(),
            enterprise_object_id: None,
            secret: SecretOutcome::Stored {
                expires_on: expires,
            },
            failed_step: "autoreg-step-grant".into(),
        };
        let news = take_identity(
            &mut session,
            Event::AutoRegIncomplete(incomplete),
            now(),
            SecretHolder::CredentialStore,
        );
        assert!(matches!(news, IdentityNews::Session { success: false }));
        assert_eq!(session.registration.client_id, client.to_string());
        assert!(session.secret.stored);
        assert_eq!(session.secret.expires_on, Some(expires));
        assert_eq!(session.secret.held_in, Some(SecretHolder::CredentialStore));
    }

    #[test]
    fn browser_links_and_failures_are_for_the_ui_only() {
        let mut session = Session::default();
        let before = session.clone();
        for event in [
            Event::OpenBrowser {
                url: "https://login.microsoftonline.com/x".into(),
            },
            Event::Failed(crate::identity::IdentityError::Cancelled),
        ] {
            let news = take_identity(&mut session, event, now(), SecretHolder::Memory);
            assert!(matches!(news, IdentityNews::ForTheUi(_)));
        }
        assert_eq!(session, before);
    }

    #[test]
    fn a_test_is_done_only_when_every_route_delivered() {
        let mut session = Session::default();
        let routes = [Route::Smtp, Route::Graph];
        let ok = |route| RouteResult {
            route,
            at: now(),
            outcome: Ok("250".into()),
            transcript: Default::default(),
        };
        take_test_result(&mut session, ok(Route::Smtp));
        finish_test(&mut session, &routes, false, now());
        assert_eq!(session.test_send.state, StepState::Open);
        take_test_result(&mut session, ok(Route::Graph));
        finish_test(&mut session, &routes, true, now());
        assert_eq!(
            session.test_send.state,
            StepState::Open,
            "a route had no token"
        );
        finish_test(&mut session, &routes, false, now());
        assert_eq!(session.test_send.state, StepState::Done { at: now() });
        begin_test(&mut session, &[Route::Graph]);
        assert_eq!(session.test_send.state, StepState::Open);
        assert_eq!(session.test_send.results.len(), 1);
    }
}
