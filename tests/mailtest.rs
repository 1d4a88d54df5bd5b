//! The test send against loopback servers: the identity emulator issues the tokens, the scripted
//! SMTP and IMAP servers and the Graph emulator check them, and every failure shape yields its
//! diagnosis. No token ever reaches a transcript.

use std::sync::Arc;
use std::time::Duration;

use overstap::access::Access;
use overstap::guid::Guid;
use overstap::identity::TenantInfo;
use overstap::mailtest::imap::ImapTarget;
use overstap::mailtest::smtp::{SmtpTarget, TlsMode};
use overstap::mailtest::worker::{self, MailConfig, TestEvent, TestRequest};
use overstap::mailtest::{Diagnosis, Route, RouteResult};
use overstap::secrets::{MemoryStore, SecretKey, SecretStore};
use secrecy::SecretString;

use crate::support::emulator::{CONFIDENTIAL_CLIENT, Emulator, SECRET, TENANT_ID};
use crate::support::mailservers::{
    ExchangeGrants, ImapScript, Mailbox, ScriptedImap, ScriptedSmtp, SmtpScript,
};

struct Rig {
    emulator: Emulator,
    smtp: ScriptedSmtp,
    imap: ScriptedImap,
    mailbox: Mailbox,
    store: Arc<MemoryStore>,
    tenant: TenantInfo,
}

fn rig() -> Rig {
    let emulator = Emulator::start();
    let mailbox = Mailbox::default();
    let smtp = ScriptedSmtp::start(emulator.validator(), mailbox.clone());
    let imap = ScriptedImap::start(emulator.validator(), mailbox.clone());
    let http = overstap::identity::http::Http::new(Default::default()).expect("http");
    let tenant = overstap::identity::discovery::discover(
        &http,
        &overstap::identity::Authority::loopback_for_tests(&emulator.base).expect("loopback"),
        TENANT_ID,
    )
    .expect("tenant");
    let store = Arc::new(MemoryStore::default());
    store
        .put(
            &SecretKey {
                tenant_id: tenant.tenant_id.clone(),
                client_id: Guid::parse(CONFIDENTIAL_CLIENT).expect("guid"),
                purpose: "client-secret",
            },
            &SecretString::from(SECRET.to_owned()),
        )
        .expect("put");
    Rig {
        emulator,
        smtp,
        imap,
        mailbox,
        store,
        tenant,
    }
}

impl Rig {
    fn config(&self) -> MailConfig {
        MailConfig {
            smtp: SmtpTarget {
                host: "127.0.0.1".into(),
                port: self.smtp.port,
                tls: TlsMode::Plain,
                timeout: Duration::from_secs(5),
            },
            imap: ImapTarget {
                host: "127.0.0.1".into(),
                port: self.imap.port,
                tls: TlsMode::Plain,
                timeout: Duration::from_secs(5),
            },
            graph_base: Some(self.emulator.base.clone()),
            arrival_wait: Duration::from_secs(3),
            store: self.store.clone(),
        }
    }

    fn run(&self, routes: &[Route], check_arrival: bool, subject: &str) -> Vec<TestEvent> {
        self.run_on(None, routes, check_arrival, subject)
    }

    /// A test send as the SMTP app-only scenario on an access route (`None`: not known).
    fn run_on(
        &self,
        access: Option<Access>,
        routes: &[Route],
        check_arrival: bool,
        subject: &str,
    ) -> Vec<TestEvent> {
        let request = TestRequest {
            tenant: self.tenant.clone(),
            client_id: Guid::parse(CONFIDENTIAL_CLIENT).expect("guid"),
            scenario: overstap::scenario::Scenario::SmtpAppOnly,
            access,
            from: "scanner@contoso.nl".into(),
            to: "scanner@contoso.nl".into(),
            routes: routes.to_vec(),
            check_arrival,
            subject: subject.into(),
            body: "Dit is een test / This is a test".into(),
        };
        let running = worker::start(request, self.config(), Arc::new(|| {}));
        let mut events = Vec::new();
        let deadline = std::time::Instant::now() + Duration::from_secs(30);
        loop {
            assert!(
                std::time::Instant::now() < deadline,
                "test send hangs: {events:?}"
            );
            match running.poll() {
                Ok(Some(event)) => events.push(event),
                Ok(None) => std::thread::sleep(Duration::from_millis(10)),
                Err(()) => return events,
            }
        }
    }
}

fn results(events: &[TestEvent]) -> Vec<RouteResult> {
    events
        .iter()
        .filter_map(|e| match e {
            TestEvent::Finished(result) => Some(result.clone()),
            _ => None,
        })
        .collect()
}

fn diagnosis(result: &RouteResult) -> Diagnosis {
    match &result.outcome {
        Err(failure) => failure.diagnosis,
        Ok(text) => panic!(
            "expected a failure, got {text}: {}",
            result.transcript.to_text()
        ),
    }
}

fn assert_no_token(rig: &Rig, events: &[TestEvent]) {
    let tokens = rig
        .emulator
        .state
        .lock()
        .expect("state")
        .access_tokens
        .clone();
    let all = format!("{events:?}");
    for result in results(events) {
        let text = result.transcript.to_text();
        for token in &tokens {
            assert!(
                !text.contains(token.as_str()),
                "token in transcript: {text}"
            );
        }
    }
    for token in &tokens {
        assert!(!all.contains(token.as_str()), "token in events");
    }
    assert!(!all.contains(SECRET), "secret in events");
}

#[test]
fn smtp_and_graph_send_and_imap_finds_the_message() {
    let rig = rig();
    let events = rig.run(
        &[Route::Imap, Route::Smtp, Route::Graph],
        true,
        "Overstap test 00c0ffee",
    );
    let results = results(&events);
    assert_eq!(
        results.iter().map(|r| r.route).collect::<Vec<_>>(),
        [Route::Smtp, Route::Graph, Route::Imap],
        "senders first"
    );
    for result in &results {
        assert!(
            result.outcome.is_ok(),
            "{:?}: {}",
            result.outcome,
            result.transcript.to_text()
        );
    }
    assert_eq!(results[2].outcome.as_deref(), Ok("arrived"));
    let smtp = results[0].transcript.to_text();
    assert!(smtp.contains(">> AUTH XOAUTH2 [redacted]"), "{smtp}");
    assert!(
        smtp.contains("<< 235 2.7.0 Authentication successful"),
        "{smtp}"
    );
    assert!(smtp.contains("<< 250 2.0.0 OK"), "{smtp}");
    assert_eq!(
        rig.emulator.state.lock().expect("state").graph_sent,
        ["Overstap test 00c0ffee"]
    );
    assert_eq!(rig.mailbox.0.lock().expect("mailbox").len(), 1);
    assert_no_token(&rig, &events);
}

#[test]
fn every_smtp_failure_shape_has_its_diagnosis() {
    let rig = rig();
    let cases = [
        (SmtpScript::AuthReply("535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Tenant. Visit https://aka.ms/smtp_auth_disabled for more information.".into()), Diagnosis::SmtpAuthDisabledTenant),
        (SmtpScript::AuthReply("535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Mailbox. Visit https://aka.ms/smtp_auth_disabled for more information.".into()), Diagnosis::SmtpAuthDisabledMailbox),
        (SmtpScript::AuthReply("535 5.7.139 Authentication unsuccessful, the request did not meet the criteria to be authenticated successfully. Contact your administrator.".into()), Diagnosis::SmtpAuthSecurityDefaults),
        (SmtpScript::AuthReply("535 5.7.3 Authentication unsuccessful [AM0PR02CA0001.eurprd02.prod.outlook.com 2026-11-26T10:00:00.000Z]".into()), Diagnosis::AuthUnsuccessful),
        (SmtpScript::AuthReply("421 4.7.66 Too many connections, try again later".into()), Diagnosis::Throttled),
        (SmtpScript::MailReply("530 5.7.57 Client not authenticated to send mail. [AM0PR02CA0001]".into()), Diagnosis::NotAuthenticated),
        (SmtpScript::MailReply("550 5.7.60 SMTP; Client does not have permissions to send as this sender".into()), Diagnosis::SendAsDenied),
        (SmtpScript::AuthReply("554 5.6.0 Something nobody catalogued".into()), Diagnosis::Unknown),
    ];
    for (script, expected) in cases {
        rig.smtp.script(script.clone());
        let events = rig.run(&[Route::Smtp], false, "Overstap test 1");
        let results = results(&events);
        assert_eq!(
            diagnosis(&results[0]),
            expected,
            "{script:?}\n{}",
            results[0].transcript.to_text()
        );
        assert_no_token(&rig, &events);
    }
}

/// Issue 21: against an SMTP server that authorises app-only tokens the way Microsoft documents
/// (the `SMTP.SendAsApp` claim means "check the mailbox permission", no claim means "check the
/// RBAC role"), each route works with exactly its own grants, and a refusal names the route's
/// missing piece.
#[test]
fn each_access_route_sends_with_its_grants_and_names_what_is_missing() {
    let mailbox = || vec!["scanner@contoso.nl".to_owned()];
    let grants = |rbac: bool, full_access: bool| ExchangeGrants {
        rbac: if rbac { mailbox() } else { vec![] },
        full_access: if full_access { mailbox() } else { vec![] },
    };
    // (route, SMTP.SendAsApp granted in Entra, what Exchange was told, the outcome)
    let cases = [
        (Access::Rbac, false, grants(true, false), None),
        (
            Access::Rbac,
            false,
            grants(false, false),
            Some(Diagnosis::AuthUnsuccessfulRbac),
        ),
        (
            Access::Rbac,
            true,
            grants(true, false),
            Some(Diagnosis::AuthUnsuccessfulRbacClaim),
        ),
        (Access::Entra, true, grants(false, true), None),
        (
            Access::Entra,
            true,
            grants(true, false),
            Some(Diagnosis::AuthUnsuccessfulClassic),
        ),
        (
            Access::Entra,
            false,
            grants(false, true),
            Some(Diagnosis::AuthUnsuccessfulClassicNoClaim),
        ),
    ];
    for (access, entra_grant, exchange, expected) in cases {
        let rig = rig();
        if entra_grant {
            rig.emulator.grant_confidential("SMTP.SendAsApp");
        }
        rig.smtp.script(SmtpScript::Exchange(exchange.clone()));
        let events = rig.run_on(Some(access), &[Route::Smtp], false, "Overstap route test");
        let result = &results(&events)[0];
        let what = format!("{access:?}, Entra grant {entra_grant}, {exchange:?}");
        match expected {
            None => assert!(
                result.outcome.is_ok(),
                "{what}: {}",
                result.transcript.to_text()
            ),
            Some(diagnosis_expected) => {
                assert_eq!(diagnosis(result), diagnosis_expected, "{what}");
                assert!(result.transcript.to_text().contains("535 5.7.3"), "{what}");
            }
        }
        assert_no_token(&rig, &events);
    }
}

#[test]
fn a_refused_token_through_the_334_challenge_and_directly() {
    let rig = rig();
    // Dovecot/Gmail shape: 334 with base64 JSON, an empty answer, then 535 5.7.8.
    let mut transcript = overstap::mailtest::Transcript::new();
    let target = rig.config().smtp;
    let message = overstap::mailtest::rfc5322("scanner@contoso.nl", "scanner@contoso.nl", "x", "y")
        .expect("message");
    let result = overstap::mailtest::smtp::send(
        &target,
        "scanner@contoso.nl",
        "scanner@contoso.nl",
        &SecretString::from("PLANTED-not-issued".to_owned()),
        &message,
        &mut transcript,
    );
    let failure = result.expect_err("refused");
    assert_eq!(failure.diagnosis, Diagnosis::TokenRejected);
    let text = transcript.to_text();
    assert!(
        text.contains(r#"<< 334 {"status":"401","schemes":"bearer","scope":"mail"}"#),
        "{text}"
    );
    assert!(
        text.contains("<< 535 5.7.8 Authentication failed."),
        "{text}"
    );
    assert!(!text.contains("PLANTED"), "{text}");
    assert!(
        rig.smtp
            .lines
            .lock()
            .expect("lines")
            .iter()
            .any(|l| l.is_empty()),
        "the client answered the challenge with an empty line"
    );

    // Exchange Online shape: a direct 535 5.7.3.
    rig.smtp.script(SmtpScript::AuthReply(
        "535 5.7.3 Authentication unsuccessful".into(),
    ));
    let mut transcript = overstap::mailtest::Transcript::new();
    let failure = overstap::mailtest::smtp::send(
        &target,
        "scanner@contoso.nl",
        "scanner@contoso.nl",
        &SecretString::from("PLANTED-2".to_owned()),
        &message,
        &mut transcript,
    )
    .expect_err("refused");
    assert_eq!(failure.diagnosis, Diagnosis::AuthUnsuccessful);
    assert_eq!(failure.raw, "535 5.7.3 Authentication unsuccessful");
}

#[test]
fn graph_failures_have_their_diagnosis() {
    let rig = rig();
    for (status, code, expected) in [
        (403, "ErrorAccessDenied", Diagnosis::GraphAccessDenied),
        (404, "ErrorInvalidUser", Diagnosis::GraphInvalidUser),
        (
            404,
            "MailboxNotEnabledForRESTAPI",
            Diagnosis::GraphMailboxNotEnabled,
        ),
        (
            401,
            "InvalidAuthenticationToken",
            Diagnosis::GraphInvalidToken,
        ),
        (429, "ApplicationThrottled", Diagnosis::GraphThrottled),
    ] {
        rig.emulator.state.lock().expect("state").graph_fault = Some((status, code.into()));
        let events = rig.run(&[Route::Graph], false, "Overstap test 2");
        let results = results(&events);
        assert_eq!(diagnosis(&results[0]), expected, "{code}");
        if status == 429 {
            let Err(failure) = &results[0].outcome else {
                unreachable!()
            };
            assert_eq!(failure.retry_after_secs, Some(7));
        }
        assert_no_token(&rig, &events);
    }
}

#[test]
fn imap_failures_and_a_message_that_never_arrives() {
    let rig = rig();
    let events = rig.run(&[Route::Imap], true, "Overstap test never-sent");
    assert_eq!(diagnosis(&results(&events)[0]), Diagnosis::NotArrived);

    rig.imap.script(ImapScript::NotConnected);
    let events = rig.run(&[Route::Imap], false, "x");
    assert_eq!(diagnosis(&results(&events)[0]), Diagnosis::ImapNotConnected);

    assert_imap_refuses_unknown_token(&rig.config().imap);
}

#[test]
fn a_closed_port_and_a_missing_secret_are_explained() {
    let rig = rig();
    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .expect("bind")
        .local_addr()
        .expect("addr")
        .port();
    let mut config = rig.config();
    config.smtp.port = closed;
    let request = |routes: Vec<Route>| TestRequest {
        tenant: rig.tenant.clone(),
        client_id: Guid::parse(CONFIDENTIAL_CLIENT).expect("guid"),
        scenario: overstap::scenario::Scenario::SmtpAppOnly,
        access: None,
        from: "scanner@contoso.nl".into(),
        to: "scanner@contoso.nl".into(),
        routes,
        check_arrival: false,
        subject: "s".into(),
        body: "b".into(),
    };
    let running = worker::start(request(vec![Route::Smtp]), config, Arc::new(|| {}));
    let mut last = None;
    while let Ok(event) = running.poll() {
        if event.is_some() {
            last = event;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    let Some(TestEvent::Finished(result)) = last else {
        panic!("{last:?}")
    };
    assert_eq!(diagnosis(&result), Diagnosis::ConnectionRefused);

    let empty = Arc::new(MemoryStore::default());
    let mut config = rig.config();
    config.store = empty;
    let running = worker::start(request(vec![Route::Graph]), config, Arc::new(|| {}));
    let mut last = None;
    while let Ok(event) = running.poll() {
        if event.is_some() {
            last = event;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    assert!(
        matches!(
            last,
            Some(TestEvent::TokenFailed(
                Route::Graph,
                overstap::identity::IdentityError::NoSecret
            ))
        ),
        "{last:?}"
    );
}

/// End to end with a real mail server: Dovecot checks the emulator's tokens by introspection,
/// the message goes submission -> relay -> LMTP -> Maildir, and IMAP finds it.
#[test]
fn dovecot_accepts_the_emulators_token_and_delivers() {
    let rig = rig();
    let Some(dovecot) =
        crate::support::dovecot::Dovecot::start(&format!("{}/introspect", rig.emulator.base))
    else {
        eprintln!(
            "dovecot is not installed here (scripts/install-deps.sh installs it); real-server test not run"
        );
        return;
    };
    let mut config = rig.config();
    config.smtp.port = dovecot.submission_port;
    config.imap.port = dovecot.imap_port;
    config.arrival_wait = Duration::from_secs(10);
    let request = TestRequest {
        tenant: rig.tenant.clone(),
        client_id: Guid::parse(CONFIDENTIAL_CLIENT).expect("guid"),
        scenario: overstap::scenario::Scenario::SmtpAppOnly,
        access: None,
        from: crate::support::emulator::INTROSPECT_USER.into(),
        to: crate::support::emulator::INTROSPECT_USER.into(),
        routes: vec![Route::Smtp, Route::Imap],
        check_arrival: true,
        subject: overstap::mailtest::unique_subject("Overstap test"),
        body: "Dovecot".into(),
    };
    let running = worker::start(request, config.clone(), Arc::new(|| {}));
    let mut events = Vec::new();
    while let Ok(event) = running.poll() {
        events.extend(event);
        std::thread::sleep(Duration::from_millis(10));
    }
    let results = results(&events);
    assert_eq!(results.len(), 2, "{events:?}\n{}", dovecot.log());
    for result in &results {
        assert!(
            result.outcome.is_ok(),
            "{:?}\n{}\n{}",
            result.outcome,
            result.transcript.to_text(),
            dovecot.log()
        );
    }
    assert_eq!(results[1].outcome.as_deref(), Ok("arrived"));
    assert_no_token(&rig, &events);

    // A token Dovecot does not know: its 334 error challenge, then 535.
    let mut transcript = overstap::mailtest::Transcript::new();
    let message = overstap::mailtest::rfc5322("scanner@contoso.nl", "scanner@contoso.nl", "x", "y")
        .expect("message");
    let failure = overstap::mailtest::smtp::send(
        &config.smtp,
        "scanner@contoso.nl",
        "scanner@contoso.nl",
        &SecretString::from("PLANTED-unknown".to_owned()),
        &message,
        &mut transcript,
    )
    .expect_err("refused");
    assert_eq!(
        failure.diagnosis,
        Diagnosis::TokenRejected,
        "{}",
        transcript.to_text()
    );
    assert!(
        transcript.to_text().contains("<< 334 {"),
        "{}",
        transcript.to_text()
    );
    assert_imap_refuses_unknown_token(&config.imap);
}

/// A token the server does not know: refused, diagnosed, and not in the transcript.
fn assert_imap_refuses_unknown_token(target: &ImapTarget) {
    let mut transcript = overstap::mailtest::Transcript::new();
    let failure = overstap::mailtest::imap::check(
        target,
        "scanner@contoso.nl",
        &SecretString::from("PLANTED-unknown".to_owned()),
        None,
        &Default::default(),
        &mut transcript,
    )
    .expect_err("refused");
    assert_eq!(failure.diagnosis, Diagnosis::ImapAuthFailed);
    assert!(!transcript.to_text().contains("PLANTED"));
}
