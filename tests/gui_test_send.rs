//! The Test send page against loopback servers: success and failure, in English and Dutch.

use std::sync::Arc;
use std::time::Duration;

use egui_kittest::kittest::Queryable as _;
use overstap::i18n::Language;
use overstap::mailtest::imap::ImapTarget;
use overstap::mailtest::smtp::{SmtpTarget, TlsMode};
use overstap::secrets::SecretStore as _;
use overstap::session::StepState;
use secrecy::SecretString;

use crate::support::emulator::{CONFIDENTIAL_CLIENT, Emulator, SECRET, TENANT_ID};
use crate::support::mailservers::{Mailbox, ScriptedImap, ScriptedSmtp, SmtpScript};
use crate::util::{app_with, click, look_up_tenant, run_until, shows, to_registration, type_into};

#[test]
fn a_test_message_goes_out_and_arrives_and_a_refusal_is_explained() {
    let emulator = Emulator::start();
    let mailbox = Mailbox::default();
    let smtp = ScriptedSmtp::start(emulator.validator(), mailbox.clone());
    let imap = ScriptedImap::start(emulator.validator(), mailbox.clone());
    let store = Arc::new(overstap::secrets::MemoryStore::default());
    store
        .put(
            &overstap::secrets::SecretKey {
                tenant_id: overstap::guid::Guid::parse(TENANT_ID).expect("guid"),
                client_id: overstap::guid::Guid::parse(CONFIDENTIAL_CLIENT).expect("guid"),
                purpose: "client-secret",
            },
            &SecretString::from(SECRET.to_owned()),
        )
        .expect("put");
    let (authority, smtp_port, imap_port) = (
        crate::util::emulator_authority(&emulator),
        smtp.port,
        imap.port,
    );
    let shared: Arc<dyn overstap::secrets::SecretStore> = store.clone();
    let dir = tempfile::tempdir().expect("tempdir");
    let mut harness = app_with(Language::En, dir.path(), move |options| {
        options.authority = authority;
        options.secrets = shared;
        options.smtp = SmtpTarget {
            host: "127.0.0.1".into(),
            port: smtp_port,
            tls: TlsMode::Plain,
            timeout: Duration::from_secs(5),
        };
        options.imap = ImapTarget {
            host: "127.0.0.1".into(),
            port: imap_port,
            tls: TlsMode::Plain,
            timeout: Duration::from_secs(5),
        };
        options.arrival_wait = Duration::from_secs(5);
    });
    to_registration(&mut harness, Language::En);
    click(
        &mut harness,
        "SMTP AUTH with OAuth, as the application itself (app-only)",
    );
    look_up_tenant(&mut harness, Language::En, "Tenant ID", TENANT_ID);
    type_into(&mut harness, "Client ID", CONFIDENTIAL_CLIENT);
    type_into(&mut harness, "Mailbox that sends", "scanner@contoso.nl");
    // The secret is already in the store (entered earlier); mark it as such for the wizard.
    harness.state_mut().session_mut().secret.stored = true;
    harness.state_mut().session_mut().secret.expires_on =
        chrono::NaiveDate::from_ymd_opt(2028, 1, 1);
    click(&mut harness, "Next");
    click(&mut harness, "Next");
    click(
        &mut harness,
        "I will complete the consent later (the summary lists it as open)",
    );
    click(&mut harness, "Next");

    assert!(shows(&harness, "Test send"));
    assert_eq!(
        harness.state().session().test_send.from_mailbox,
        "scanner@contoso.nl",
        "prefilled from the registration"
    );
    click(&mut harness, "Microsoft Graph sendMail");
    click(
        &mut harness,
        "IMAP with OAuth (outlook.office365.com, port 993)",
    );
    click(
        &mut harness,
        "Wait until the test message arrives in the recipient's inbox (up to 2 minutes)",
    );
    click(&mut harness, "Send test message");
    run_until(&mut harness, "three results", |h| {
        h.state().session().test_send.results.len() == 3
    });
    run_until(&mut harness, "the end of the test", |h| {
        matches!(h.state().session().test_send.state, StepState::Done { .. })
    });
    crate::util::settle(&mut harness);
    for route in ["SMTP", "Graph", "IMAP"] {
        assert!(
            harness
                .query_all_by_label_contains(&format!("{route}: succeeded at"))
                .next()
                .is_some(),
            "{route}"
        );
    }
    assert!(mailbox.0.lock().expect("mailbox")[0].starts_with("Overstap test "));

    // SMTP AUTH switched off for the mailbox: the diagnosis names the mailbox in the fix.
    smtp.script(SmtpScript::AuthReply("535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Mailbox. Visit https://aka.ms/smtp_auth_disabled for more information.".into()));
    click(&mut harness, "Microsoft Graph sendMail");
    click(
        &mut harness,
        "IMAP with OAuth (outlook.office365.com, port 993)",
    );
    click(&mut harness, "Send test message");
    run_until(&mut harness, "the failure", |h| {
        h.state()
            .session()
            .test_send
            .results
            .iter()
            .any(|r| r.outcome.is_err())
    });
    crate::util::settle(&mut harness);
    assert!(
        harness
            .query_all_by_label_contains("SMTP: failed at")
            .next()
            .is_some()
    );
    assert!(shows(
        &harness,
        "In Exchange Online PowerShell: Set-CASMailbox -Identity scanner@contoso.nl -SmtpClientAuthenticationDisabled $false. (The value $null makes the mailbox follow the tenant setting.)"
    ));
    click(&mut harness, "Nederlands");
    assert!(shows(
        &harness,
        "In Exchange Online PowerShell: Set-CASMailbox -Identity scanner@contoso.nl -SmtpClientAuthenticationDisabled $false. (Met de waarde $null volgt het postvak de instelling van de tenant.)"
    ));
    assert!(
        harness
            .query_all_by_label_contains("SMTP: mislukt om")
            .next()
            .is_some()
    );

    // The summary keeps each route's last result for the customer's file.
    click(
        &mut harness,
        "Ik test later (het overzicht toont dit als open)",
    );
    click(&mut harness, "Volgende");
    click(&mut harness, "Volgende");
    assert!(shows(&harness, "Overzicht"));
    assert!(
        harness
            .query_all_by_label_contains("mislukt op")
            .next()
            .is_some()
    );
    assert!(
        harness
            .query_all_by_label_contains("5.7.139")
            .next()
            .is_some()
    );
}
