//! The identity module against the emulator: real HTTP, real oauth2 client code.

use std::sync::Arc;
use std::time::{Duration, Instant};

use overstap::access::Access;
use overstap::guid::Guid;
use overstap::identity::autoreg::{Plan, SecretOutcome, Step};
use overstap::identity::loopback::BrowserPages;
use overstap::identity::worker::{self, CLIENT_SECRET, Event, IdentityConfig, Job, REFRESH_TOKEN};
use overstap::identity::{IdentityError, TenantInfo, TokenKind, TokenStatus};
use overstap::scenario::Scenario;
use overstap::secrets::{MemoryStore, SecretKey, SecretStore};
use secrecy::{ExposeSecret as _, SecretString};

use crate::support::emulator::{
    self, ACCOUNT, CONFIDENTIAL_CLIENT, DOMAIN, Emulator, Fault, PUBLIC_CLIENT, SECRET, TENANT_ID,
};

fn config(emulator: &Emulator, store: Arc<MemoryStore>) -> IdentityConfig {
    IdentityConfig {
        authority: overstap::identity::Authority::loopback_for_tests(&emulator.base)
            .expect("loopback"),
        browser_timeout: Duration::from_secs(20),
        pages: BrowserPages {
            success: "<p>Klaar / Done</p>".into(),
            failure: "<p>Mislukt / Failed</p>".into(),
            wrong_state: "<p>?</p>".into(),
        },
        store,
    }
}

/// Runs a job to its end, playing the browser when asked. Returns every event.
fn run(job: Job, config: IdentityConfig) -> Vec<Event> {
    let running = worker::start(job, config, Arc::new(|| {}));
    let mut events = Vec::new();
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        assert!(Instant::now() < deadline, "job did not finish: {events:?}");
        match running.poll() {
            Ok(Some(event)) => {
                if let Event::OpenBrowser { url } = &event {
                    let url = url.clone();
                    std::thread::spawn(move || emulator::browser_follow(&url));
                }
                events.push(event);
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(10)),
            Err(()) => return events,
        }
    }
}

fn tenant(emulator: &Emulator, store: &Arc<MemoryStore>) -> TenantInfo {
    match run(
        Job::Discover {
            input: format!("piet@{DOMAIN}"),
        },
        config(emulator, Arc::clone(store)),
    )
    .pop()
    {
        Some(Event::Discovered(tenant)) => tenant,
        other => panic!("discovery failed: {other:?}"),
    }
}

/// The confidential client's real secret in the store.
fn store_right_secret(store: &MemoryStore, tenant: &TenantInfo) {
    let key = SecretKey {
        tenant_id: tenant.tenant_id.clone(),
        client_id: guid(CONFIDENTIAL_CLIENT),
        purpose: CLIENT_SECRET,
    };
    store
        .put(&key, &SecretString::from(SECRET.to_owned()))
        .expect("put");
}

fn failure(events: &[Event]) -> &IdentityError {
    match events.last() {
        Some(Event::Failed(error)) => error,
        other => panic!("expected a failure, got {other:?}"),
    }
}

fn guid(text: &str) -> Guid {
    Guid::parse(text).expect("guid")
}

#[test]
fn discovery_finds_tenant_and_cloud_or_names_the_aadsts_error() {
    let emulator = Emulator::start();
    let store = Arc::new(MemoryStore::default());
    let tenant = tenant(&emulator, &store);
    assert_eq!(tenant.tenant_id.as_str(), TENANT_ID);
    assert_eq!(tenant.queried, DOMAIN);
    assert_eq!(tenant.cloud, overstap::identity::Cloud::Worldwide);
    assert_eq!(tenant.graph_host, "graph.microsoft.com");
    assert!(tenant.token_endpoint.starts_with(&emulator.base));

    let events = run(
        Job::Discover {
            input: "fabrikam.example".into(),
        },
        config(&emulator, store),
    );
    assert_eq!(failure(&events).aadsts_code(), Some(90002));
}

#[test]
fn browser_sign_in_with_pkce_stores_the_refresh_token_and_renewal_rotates_it() {
    let emulator = Emulator::start();
    let store = Arc::new(MemoryStore::default());
    let tenant = tenant(&emulator, &store);
    let scopes: Vec<String> = overstap::identity::DELEGATED_SMTP_IMAP_SCOPES
        .iter()
        .map(|s| s.to_string())
        .collect();
    let events = run(
        Job::BrowserSignIn {
            tenant: tenant.clone(),
            client_id: guid(PUBLIC_CLIENT),
            scopes: scopes.clone(),
        },
        config(&emulator, Arc::clone(&store)),
    );
    let Some(Event::Tokens(status)) = events.last() else {
        panic!("{events:?}")
    };
    assert_eq!(status.kind, TokenKind::Delegated);
    assert_eq!(status.account.as_deref(), Some(ACCOUNT));
    assert!(status.has_refresh_token);
    assert!(
        status.scopes.iter().any(|s| s.ends_with("SMTP.Send")),
        "{:?}",
        status.scopes
    );
    let key = SecretKey {
        tenant_id: tenant.tenant_id.clone(),
        client_id: guid(PUBLIC_CLIENT),
        purpose: REFRESH_TOKEN,
    };
    let first = store
        .get(&key)
        .expect("refresh token stored")
        .expose_secret()
        .to_owned();

    let events = run(
        Job::Refresh {
            tenant: tenant.clone(),
            client_id: guid(PUBLIC_CLIENT),
            scopes: scopes.clone(),
            status: status.clone(),
        },
        config(&emulator, Arc::clone(&store)),
    );
    let Some(Event::Tokens(renewed)) = events.last() else {
        panic!("{events:?}")
    };
    assert_eq!(
        renewed.consented_at, status.consented_at,
        "consent date stays"
    );
    assert!(renewed.refresh_renewed_at >= status.refresh_renewed_at);
    let second = store.get(&key).expect("rotated").expose_secret().to_owned();
    assert_ne!(first, second, "the refresh token rotated");

    // The old refresh token is spent: renewing with it fails with AADSTS70000.
    store.put(&key, &SecretString::from(first)).expect("put");
    let events = run(
        Job::Refresh {
            tenant: tenant.clone(),
            client_id: guid(PUBLIC_CLIENT),
            scopes,
            status: renewed.clone(),
        },
        config(&emulator, Arc::clone(&store)),
    );
    assert_eq!(failure(&events).aadsts_code(), Some(70000));
    assert_eq!(
        emulator.grants(),
        ["authorization_code", "refresh_token", "refresh_token"]
    );

    // Remove forgets the refresh token.
    let events = run(
        Job::Remove {
            tenant,
            client_id: guid(PUBLIC_CLIENT),
        },
        config(&emulator, Arc::clone(&store)),
    );
    assert!(matches!(events.last(), Some(Event::Removed)));
    assert!(store.get(&key).is_err());
}

#[test]
fn a_declined_consent_in_the_browser_comes_back_as_aadsts65004() {
    let emulator = Emulator::start();
    let store = Arc::new(MemoryStore::default());
    let tenant = tenant(&emulator, &store);
    emulator.fault(Fault::AuthorizeError {
        error: "access_denied".into(),
        code: 65004,
        description: "User declined to consent to access the app.".into(),
    });
    let events = run(
        Job::BrowserSignIn {
            tenant,
            client_id: guid(PUBLIC_CLIENT),
            scopes: vec!["offline_access".into()],
        },
        config(&emulator, store),
    );
    assert_eq!(failure(&events).aadsts_code(), Some(65004));
}

#[test]
fn app_only_tokens_need_the_right_unexpired_secret() {
    let emulator = Emulator::start();
    let store = Arc::new(MemoryStore::default());
    let tenant = tenant(&emulator, &store);
    let job = || Job::AppOnlyToken {
        tenant: tenant.clone(),
        client_id: guid(CONFIDENTIAL_CLIENT),
        scope: overstap::identity::OUTLOOK_DEFAULT_SCOPE.into(),
    };
    let events = run(job(), config(&emulator, Arc::clone(&store)));
    assert!(matches!(failure(&events), IdentityError::NoSecret));

    let key = SecretKey {
        tenant_id: tenant.tenant_id.clone(),
        client_id: guid(CONFIDENTIAL_CLIENT),
        purpose: CLIENT_SECRET,
    };
    store
        .put(
            &key,
            &SecretString::from("8f7e6d5c-0000-4000-8000-000000000000".to_owned()),
        )
        .expect("put");
    let events = run(job(), config(&emulator, Arc::clone(&store)));
    let error = failure(&events);
    assert_eq!(error.aadsts_code(), Some(7000215));
    assert!(
        error
            .support_details()
            .contains("trace_id: 0b4e5f8a-aaaa-4bbb-8ccc-000000000001")
    );

    store
        .put(&key, &SecretString::from(SECRET.to_owned()))
        .expect("put");
    emulator.fault(Fault::SecretExpired);
    let events = run(job(), config(&emulator, Arc::clone(&store)));
    assert_eq!(failure(&events).aadsts_code(), Some(7000222));

    let events = run(job(), config(&emulator, Arc::clone(&store)));
    let Some(Event::Tokens(status)) = events.last() else {
        panic!("{events:?}")
    };
    assert_eq!(status.kind, TokenKind::AppOnly);
    assert!(!status.has_refresh_token);
    assert_eq!(status.scopes, [overstap::identity::OUTLOOK_DEFAULT_SCOPE]);
}

#[test]
fn server_faults_are_reported_not_fatal() {
    let emulator = Emulator::start();
    let store = Arc::new(MemoryStore::default());
    let tenant = tenant(&emulator, &store);
    store_right_secret(&store, &tenant);
    let job = || Job::AppOnlyToken {
        tenant: tenant.clone(),
        client_id: guid(CONFIDENTIAL_CLIENT),
        scope: overstap::identity::GRAPH_DEFAULT_SCOPE.into(),
    };
    for fault in [Fault::MalformedJson, Fault::ServerError] {
        emulator.fault(fault.clone());
        let events = run(job(), config(&emulator, Arc::clone(&store)));
        assert!(
            matches!(failure(&events), IdentityError::BadResponse { .. }),
            "{fault:?}: {events:?}"
        );
    }
    emulator.fault(Fault::TokenError {
        status: 400,
        error: "invalid_grant".into(),
        code: 53003,
        description: "Access has been blocked by Conditional Access policies.".into(),
    });
    let events = run(job(), config(&emulator, Arc::clone(&store)));
    assert_eq!(failure(&events).aadsts_code(), Some(53003));
}

#[test]
fn a_slow_request_is_cancelled_at_once() {
    let emulator = Emulator::start();
    let store = Arc::new(MemoryStore::default());
    let tenant = tenant(&emulator, &store);
    let running = worker::start(
        Job::BrowserSignIn {
            tenant,
            client_id: guid(PUBLIC_CLIENT),
            scopes: vec![],
        },
        config(&emulator, store),
        Arc::new(|| {}),
    );
    // Nobody plays the browser: the listener waits until cancelled.
    std::thread::sleep(Duration::from_millis(200));
    let started = Instant::now();
    running.cancel();
    let mut last = None;
    while let Ok(event) = running.poll() {
        if let Some(event) = event {
            last = Some(event);
        }
        assert!(
            started.elapsed() < Duration::from_secs(1),
            "cancel within a second"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    assert!(
        matches!(last, Some(Event::Failed(IdentityError::Cancelled))),
        "{last:?}"
    );
}

#[test]
fn device_code_flow_polls_through_pending_and_slow_down() {
    let emulator = Emulator::start();
    {
        let mut state = emulator.state.lock().expect("state");
        state.device_pending_polls = 1;
        state.device_slow_down = true;
    }
    let store = Arc::new(MemoryStore::default());
    let tenant = tenant(&emulator, &store);
    let events = run(
        Job::DeviceSignIn {
            tenant: tenant.clone(),
            client_id: guid(PUBLIC_CLIENT),
            scopes: vec![
                "https://outlook.office.com/SMTP.Send".into(),
                "offline_access".into(),
            ],
        },
        config(&emulator, Arc::clone(&store)),
    );
    let Some(Event::DeviceCode(prompt)) = events.first() else {
        panic!("{events:?}")
    };
    assert_eq!(prompt.user_code, "KX7PQ2M4A");
    assert!(prompt.verification_uri.ends_with("/devicelogin"));
    let Some(Event::Tokens(status)) = events.last() else {
        panic!("{events:?}")
    };
    assert_eq!(status.account.as_deref(), Some(ACCOUNT));
    let times = emulator
        .state
        .lock()
        .expect("state")
        .device_poll_times
        .clone();
    assert_eq!(times.len(), 3, "slow_down, pending, success");
    assert!(
        times[1] - times[0] >= Duration::from_secs(5),
        "slow_down adds 5 s to the interval"
    );

    emulator.state.lock().expect("state").device_expires = true;
    let events = run(
        Job::DeviceSignIn {
            tenant,
            client_id: guid(PUBLIC_CLIENT),
            scopes: vec![],
        },
        config(&emulator, store),
    );
    assert_eq!(failure(&events).aadsts_code(), Some(70020));
}

#[test]
fn admin_consent_returns_to_the_loopback_listener() {
    let emulator = Emulator::start();
    let store = Arc::new(MemoryStore::default());
    let tenant = tenant(&emulator, &store);
    let events = run(
        Job::AdminConsent {
            tenant: tenant.clone(),
            client_id: guid(CONFIDENTIAL_CLIENT),
            scope: overstap::identity::OUTLOOK_DEFAULT_SCOPE.into(),
        },
        config(&emulator, Arc::clone(&store)),
    );
    assert!(
        matches!(events.last(), Some(Event::AdminConsentGranted)),
        "{events:?}"
    );
    let Some(Event::OpenBrowser { url }) = events.first() else {
        panic!("{events:?}")
    };
    assert!(url.contains("/v2.0/adminconsent?client_id="), "{url}");

    let events = run(
        Job::AdminConsent {
            tenant,
            client_id: guid("00000000-0000-0000-0000-000000000000"),
            scope: overstap::identity::OUTLOOK_DEFAULT_SCOPE.into(),
        },
        config(&emulator, store),
    );
    assert_eq!(failure(&events).aadsts_code(), Some(65004));
}

#[test]
fn token_status_never_carries_a_token() {
    let emulator = Emulator::start();
    let store = Arc::new(MemoryStore::default());
    let tenant = tenant(&emulator, &store);
    let events = run(
        Job::BrowserSignIn {
            tenant,
            client_id: guid(PUBLIC_CLIENT),
            scopes: vec!["offline_access".into()],
        },
        config(&emulator, store),
    );
    let Some(Event::Tokens(status)) = events.last() else {
        panic!("{events:?}")
    };
    let json = serde_json::to_string::<TokenStatus>(status).expect("json");
    let debug = format!("{events:?}");
    for token in emulator.state.lock().expect("state").access_tokens.iter() {
        assert!(!json.contains(token.as_str()) && !debug.contains(token.as_str()));
    }
    assert!(!json.contains("0.AQ-refresh") && !debug.contains("0.AQ-refresh"));
}

#[test]
fn a_slow_identity_platform_is_waited_for() {
    let emulator = Emulator::start();
    let store = Arc::new(MemoryStore::default());
    let tenant = tenant(&emulator, &store);
    store_right_secret(&store, &tenant);
    emulator.fault(Fault::Slow(Duration::from_millis(1500)));
    let started = Instant::now();
    let events = run(
        Job::AppOnlyToken {
            tenant,
            client_id: guid(CONFIDENTIAL_CLIENT),
            scope: overstap::identity::GRAPH_DEFAULT_SCOPE.into(),
        },
        config(&emulator, store),
    );
    assert!(
        matches!(events.last(), Some(Event::Tokens(_))),
        "{events:?}"
    );
    assert!(started.elapsed() >= Duration::from_millis(1500));
}

fn autoreg_plan(scenario: Scenario, access: Access) -> Plan {
    Plan {
        route: overstap::access::route(scenario, access).expect("route"),
        display_name: format!("Overstap {} - contoso.nl", scenario.key()),
        secret_months: 12,
    }
}

fn steps_of(events: &[Event]) -> Vec<Step> {
    events
        .iter()
        .filter_map(|e| match e {
            Event::AutoRegStep(step) => Some(*step),
            _ => None,
        })
        .collect()
}

fn app_only_roles(
    emulator: &Emulator,
    store: &Arc<MemoryStore>,
    tenant: &TenantInfo,
    client_id: &Guid,
    scope: &str,
) -> Option<Vec<String>> {
    let events = run(
        Job::AppOnlyToken {
            tenant: tenant.clone(),
            client_id: client_id.clone(),
            scope: scope.into(),
        },
        config(emulator, Arc::clone(store)),
    );
    match events.last() {
        Some(Event::Tokens(status)) => status.roles.clone(),
        other => panic!("no token: {other:?}"),
    }
}

/// Issue 21: the automatic registration grants exactly the route's Entra permissions (none on
/// RBAC), reads back what Entra grants, and the new app's token carries exactly those roles.
#[test]
fn automatic_registration_follows_the_access_route() {
    let emulator = Emulator::start();
    let store = Arc::new(MemoryStore::default());
    let tenant = tenant(&emulator, &store);
    let outlook = overstap::identity::OUTLOOK_DEFAULT_SCOPE;
    let cases = [
        (Scenario::SmtpAppOnly, Access::Rbac, vec![], outlook),
        (
            Scenario::SmtpAppOnly,
            Access::Entra,
            vec!["SMTP.SendAsApp"],
            outlook,
        ),
        (
            Scenario::GraphAppOnly,
            Access::Rbac,
            vec![],
            overstap::identity::GRAPH_DEFAULT_SCOPE,
        ),
        (Scenario::Ews, Access::Rbac, vec![], outlook),
        (
            Scenario::Ews,
            Access::Entra,
            vec!["full_access_as_app"],
            outlook,
        ),
    ];
    for (scenario, access, roles, scope) in cases {
        let what = format!("{scenario:?}/{access:?}");
        let before = emulator.state.lock().expect("state").role_assignments.len();
        let plan = autoreg_plan(scenario, access);
        let events = run(
            Job::AutoRegister {
                tenant: tenant.clone(),
                plan: plan.clone(),
            },
            config(&emulator, Arc::clone(&store)),
        );
        let expected_steps: Vec<Step> = Step::ALL
            .into_iter()
            .filter(|s| s.applies_to(plan.route))
            .collect();
        assert_eq!(
            steps_of(&events),
            expected_steps,
            "{what}: every step, in order"
        );
        assert_eq!(
            roles.is_empty(),
            !expected_steps.contains(&Step::Permissions),
            "{what}: no permissions step without permissions"
        );
        let Some(Event::AutoRegistered {
            client_id,
            enterprise_object_id,
            secret_expires_on,
            entra,
        }) = events.last()
        else {
            panic!("{what}: {events:?}")
        };
        assert_ne!(client_id, enterprise_object_id);
        assert!(secret_expires_on.is_some(), "{what}");
        let granted: Vec<&str> = entra
            .granted
            .iter()
            .map(|g| g.permission.as_str())
            .collect();
        assert_eq!(granted, roles, "{what}: read back from Entra");
        let configured: Vec<&str> = entra
            .configured
            .iter()
            .map(|g| g.permission.as_str())
            .collect();
        assert_eq!(configured, roles, "{what}: listed under API permissions");
        assert_eq!(entra.compare(plan.route), (vec![], vec![]), "{what}");
        assert_eq!(
            emulator.state.lock().expect("state").role_assignments.len() - before,
            roles.len(),
            "{what}"
        );
        // The stored secret works at once, and the token carries exactly the Entra grants.
        assert_eq!(
            app_only_roles(&emulator, &store, &tenant, client_id, scope),
            Some(roles.iter().map(|r| r.to_string()).collect()),
            "{what}"
        );
    }

    // Delegated: no secret, a tenant-wide grant of exactly the three delegated permissions.
    let events = run(
        Job::AutoRegister {
            tenant,
            plan: autoreg_plan(Scenario::SmtpImapDelegated, Access::Delegated),
        },
        config(&emulator, Arc::clone(&store)),
    );
    let Some(Event::AutoRegistered {
        secret_expires_on, ..
    }) = events.last()
    else {
        panic!("{events:?}")
    };
    assert!(secret_expires_on.is_none());
    assert!(!steps_of(&events).contains(&Step::Secret));
    let grants = emulator
        .state
        .lock()
        .expect("state")
        .permission_grants
        .clone();
    assert_eq!(grants, ["SMTP.Send IMAP.AccessAsUser.All offline_access"]);
    assert!(
        !format!("{events:?}").contains("SECRET-value"),
        "the created secret never travels in an event"
    );
}

/// Issue 13: a step that fails after the client secret was created leaves the secret in the
/// credential store and reports the half-made application with what to clean up.
#[test]
fn a_failure_after_the_secret_keeps_it_and_reports_the_half_made_app() {
    let emulator = Emulator::start();
    let store = Arc::new(MemoryStore::default());
    let tenant = tenant(&emulator, &store);
    for (access, fault, failed_step) in [
        (Access::Entra, "appRoleAssignedTo", Step::Permissions),
        (Access::Rbac, "appRoleAssignments", Step::Check),
    ] {
        emulator.directory_fault(fault, 403);
        let plan = autoreg_plan(Scenario::SmtpAppOnly, access);
        let events = run(
            Job::AutoRegister {
                tenant: tenant.clone(),
                plan: plan.clone(),
            },
            config(&emulator, Arc::clone(&store)),
        );
        assert!(
            matches!(failure(&events), IdentityError::BadResponse { detail, .. } if detail.contains("403")),
            "{events:?}"
        );
        let incomplete = events
            .iter()
            .find_map(|e| match e {
                Event::AutoRegIncomplete(incomplete) => Some(incomplete.clone()),
                _ => None,
            })
            .unwrap_or_else(|| panic!("no report of the half-made app: {events:?}"));
        assert_eq!(incomplete.failed_step, failed_step.message_id());
        assert_eq!(incomplete.display_name, plan.display_name);
        assert!(incomplete.enterprise_object_id.is_some());
        assert!(
            matches!(incomplete.secret, SecretOutcome::Stored { .. }),
            "{incomplete:?}"
        );
        let created = emulator
            .state
            .lock()
            .expect("state")
            .created_apps
            .iter()
            .find(|(app, _, _)| *app == incomplete.client_id.as_str())
            .and_then(|(_, _, secret)| secret.clone())
            .expect("the secret exists on the application");
        let kept = store
            .get(&SecretKey {
                tenant_id: tenant.tenant_id.clone(),
                client_id: incomplete.client_id.clone(),
                purpose: CLIENT_SECRET,
            })
            .expect("the secret is in the store");
        assert_eq!(kept.expose_secret(), created);
        assert!(
            !format!("{events:?}").contains(&created),
            "never in an event"
        );
    }
}

/// A store that refuses everything, like a locked-down credential manager.
struct RefusingStore;

impl SecretStore for RefusingStore {
    fn put(&self, _: &SecretKey, _: &SecretString) -> Result<(), overstap::secrets::StoreError> {
        Err(overstap::secrets::StoreError::Access(
            "refused by policy".into(),
        ))
    }
    fn get(&self, _: &SecretKey) -> Result<SecretString, overstap::secrets::StoreError> {
        Err(overstap::secrets::StoreError::NotFound)
    }
    fn remove(&self, _: &SecretKey) -> Result<(), overstap::secrets::StoreError> {
        Err(overstap::secrets::StoreError::NotFound)
    }
    fn location(&self) -> overstap::secrets::StoreLocation {
        overstap::secrets::StoreLocation::Memory { reason: None }
    }
}

/// Issue 13: a secret that cannot be kept is deleted from the application again, and said so.
#[test]
fn a_secret_that_cannot_be_stored_is_deleted_again() {
    let emulator = Emulator::start();
    let memory = Arc::new(MemoryStore::default());
    let tenant = tenant(&emulator, &memory);
    let mut refusing = config(&emulator, memory);
    refusing.store = Arc::new(RefusingStore);
    let events = run(
        Job::AutoRegister {
            tenant,
            plan: autoreg_plan(Scenario::SmtpAppOnly, Access::Rbac),
        },
        refusing,
    );
    assert!(
        matches!(failure(&events), IdentityError::Store(_)),
        "{events:?}"
    );
    let Some(Event::AutoRegIncomplete(incomplete)) = events
        .iter()
        .find(|e| matches!(e, Event::AutoRegIncomplete(_)))
    else {
        panic!("{events:?}")
    };
    assert_eq!(incomplete.secret, SecretOutcome::Removed);
    let state = emulator.state.lock().expect("state");
    assert_eq!(state.removed_passwords.len(), 1);
    assert!(
        state.created_apps[0].2.is_none(),
        "no secret left on the app"
    );
}

/// Issue 21: the Entra side of an existing registration, beside Exchange's own check.
#[test]
fn the_entra_permissions_of_a_registration_are_listed_and_compared() {
    let emulator = Emulator::start();
    let store = Arc::new(MemoryStore::default());
    let tenant = tenant(&emulator, &store);
    store_right_secret(&store, &tenant);
    let client = guid(CONFIDENTIAL_CLIENT);
    let list = || {
        let events = run(
            Job::ListEntraPermissions {
                tenant: tenant.clone(),
                client_id: client.clone(),
            },
            config(&emulator, Arc::clone(&store)),
        );
        match events.last() {
            Some(Event::EntraPermissions {
                client_id,
                permissions,
            }) => {
                assert_eq!(client_id, &client);
                permissions.clone()
            }
            other => panic!("{other:?}"),
        }
    };
    let rbac = overstap::access::route(Scenario::SmtpAppOnly, Access::Rbac).expect("rbac");
    let classic = overstap::access::route(Scenario::SmtpAppOnly, Access::Entra).expect("classic");
    let nothing = list();
    assert!(nothing.principal_found);
    assert!(nothing.granted.is_empty());
    assert_eq!(nothing.compare(rbac), (vec![], vec![]));
    assert_eq!(
        nothing.compare(classic),
        (vec![], vec!["SMTP.SendAsApp".to_owned()])
    );
    let outlook = overstap::identity::OUTLOOK_DEFAULT_SCOPE;
    assert_eq!(
        app_only_roles(&emulator, &store, &tenant, &client, outlook),
        Some(vec![]),
        "an RBAC-route token carries no roles claim"
    );

    emulator.grant_confidential("SMTP.SendAsApp");
    let granted = list();
    assert_eq!(granted.granted.len(), 1);
    assert_eq!(granted.granted[0].resource, "Office 365 Exchange Online");
    assert_eq!(granted.granted[0].permission, "SMTP.SendAsApp");
    assert_eq!(
        granted.compare(rbac),
        (vec!["SMTP.SendAsApp".to_owned()], vec![])
    );
    assert_eq!(granted.compare(classic), (vec![], vec![]));
    assert_eq!(
        app_only_roles(&emulator, &store, &tenant, &client, outlook),
        Some(vec!["SMTP.SendAsApp".to_owned()]),
        "a classic-route token carries it"
    );
    assert_eq!(
        app_only_roles(
            &emulator,
            &store,
            &tenant,
            &client,
            overstap::identity::GRAPH_DEFAULT_SCOPE
        ),
        Some(vec![]),
        "roles are per resource"
    );
}

/// Issue 13: the account shown comes from an id token that is checked: issued by the discovered
/// tenant, for this client, with this sign-in's nonce, not expired. Anything else fails the
/// sign-in instead of naming an account.
#[test]
fn an_id_token_that_is_not_for_this_sign_in_is_refused() {
    use crate::support::emulator::IdTokenFault;
    let emulator = Emulator::start();
    let store = Arc::new(MemoryStore::default());
    let tenant = tenant(&emulator, &store);
    let scopes: Vec<String> = overstap::identity::DELEGATED_SMTP_IMAP_SCOPES
        .iter()
        .map(|s| s.to_string())
        .collect();
    for fault in [
        IdTokenFault::WrongNonce,
        IdTokenFault::WrongAudience,
        IdTokenFault::WrongIssuer,
        IdTokenFault::Expired,
    ] {
        emulator.fault(Fault::IdToken(fault));
        let events = run(
            Job::BrowserSignIn {
                tenant: tenant.clone(),
                client_id: guid(PUBLIC_CLIENT),
                scopes: scopes.clone(),
            },
            config(&emulator, Arc::clone(&store)),
        );
        let error = failure(&events);
        assert_eq!(
            error.message_ids().0,
            "identity-error-id-token",
            "{fault:?}: {error:?}"
        );
        assert!(
            !format!("{events:?}").contains(ACCOUNT),
            "{fault:?}: an unchecked account was shown"
        );
    }
    // The same sign-in without a fault names the account.
    let events = run(
        Job::BrowserSignIn {
            tenant,
            client_id: guid(PUBLIC_CLIENT),
            scopes,
        },
        config(&emulator, Arc::clone(&store)),
    );
    let Some(Event::Tokens(status)) = events.last() else {
        panic!("{events:?}")
    };
    assert_eq!(status.account.as_deref(), Some(ACCOUNT));
}
