//! Issue 18, the paper: one summary model for the Summary page, the HTML report, the PDF, the
//! plain-text copy and `overstap report`, from fixture sessions.
//!
//! The fixture sessions (`tests/fixtures/sessions/*.json`) are read the way the program reads a
//! session file. They are made by `build_fixture` below; after a deliberate change:
//! `OVERSTAP_BLESS=1 cargo test --test tests paper::` rewrites them and the golden files
//! (`tests/golden/summary-*.{html,txt}`).
//!
//! The printing checks with real renderers (headless Chromium, poppler) are in `paper_print.rs`.

use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset, NaiveDate, TimeZone as _, Utc};
use overstap::catalog::Catalog;
use overstap::checklist::{AppCheck, AppStatus};
use overstap::detect::ScanSource;
use overstap::i18n::{Language, Localizer};
use overstap::platform::Role;
use overstap::session::{ScanState, Session, StepState};
use overstap::summary::{Mark, Summary};

use crate::detect::fixture;

/// The fixture sessions, each a different kind of run.
pub const FIXTURES: [&str; 3] = ["scanned-plumbing", "king-partner", "allsolutions"];

fn blessing() -> bool {
    std::env::var_os("OVERSTAP_BLESS").is_some()
}

pub fn fixture_path(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/sessions")
        .join(format!("{name}.json"))
}

/// When every summary in the tests is made: 26 November 2026, 14:00 in the Netherlands.
pub fn made_at() -> DateTime<FixedOffset> {
    FixedOffset::east_opt(3600)
        .expect("offset")
        .with_ymd_and_hms(2026, 11, 26, 14, 0, 0)
        .single()
        .expect("time")
}

fn utc(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .expect("time")
        .with_timezone(&Utc)
}

/// How each fixture session comes about (only when blessing; the tests read the files).
fn build_fixture(name: &str) -> Session {
    let catalog = Catalog::embedded();
    let mut session = Session::default();
    let registration = &mut session.registration;
    match name {
        "scanned-plumbing" => {
            // An admin scanned a snapshot of a server whose applications send through the IIS
            // SMTP service, set up SMTP app-only on the RBAC route, stored the secret,
            // checked consent with a token and tested: SMTP worked, Graph did not.
            session.role = Some(Role::Admin);
            let report = overstap::detect::scan_blocking(
                &overstap::detect::platform::ScanTarget::Snapshot {
                    root: fixture("plumbing"),
                    registry: None,
                },
                &catalog,
            )
            .expect("snapshot");
            session.apply_scan(&catalog, &report, &Localizer::new(Language::Nl));
            session.scan = ScanState::Finished {
                at: utc("2026-11-25T09:30:00Z"),
                source: ScanSource::Snapshot {
                    path: "D:\\Snapshots\\Contoso\\APP01-2026-11-25".into(),
                    registry: None,
                },
                findings: report.findings.len(),
            };
            let registration = &mut session.registration;
            registration.choose_scenario(overstap::scenario::Scenario::SmtpAppOnly);
            registration.mail_domain = "contoso.nl".into();
            registration.tenant_id = "8f7e6d5c-4b3a-2918-0716-253443526170".into();
            registration.client_id = "0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9".into();
            registration.mailbox = "scanner@contoso.nl".into();
            session.secret.record_stored(
                overstap::session::SecretHolder::CredentialStore,
                NaiveDate::from_ymd_opt(2028, 11, 20).expect("date"),
            );
            session.consent = StepState::Done {
                at: utc("2026-11-25T10:05:00Z"),
            };
            session.token = Some(overstap::identity::TokenStatus {
                kind: overstap::identity::TokenKind::AppOnly,
                account: None,
                scopes: vec!["https://outlook.office365.com/.default".into()],
                consented_at: utc("2026-11-25T10:05:00Z"),
                refresh_renewed_at: None,
                access_valid_until: utc("2026-11-25T11:05:00Z"),
                has_refresh_token: false,
                roles: Some(Vec::new()),
            });
            session.test_send.state = StepState::Done {
                at: utc("2026-11-25T10:12:00Z"),
            };
            session.test_send.from_mailbox = "scanner@contoso.nl".into();
            session.test_send.recipient = "beheer@contoso.nl".into();
            session.test_send.results = vec![
                overstap::mailtest::RouteResult {
                    route: overstap::mailtest::Route::Smtp,
                    at: utc("2026-11-25T10:12:00Z"),
                    outcome: Ok("250 2.0.0 OK <message queued>".into()),
                    transcript: overstap::mailtest::Transcript::default(),
                },
                overstap::mailtest::RouteResult {
                    route: overstap::mailtest::Route::Graph,
                    at: utc("2026-11-25T10:13:00Z"),
                    outcome: Err(overstap::mailtest::Failure::new(
                        overstap::mailtest::Diagnosis::AuthUnsuccessful,
                        "403 ErrorAccessDenied: Access is denied. Check credentials and try again.",
                    )),
                    transcript: overstap::mailtest::Transcript::default(),
                },
            ];
            // The admin decided some rows by hand and wrote their own words in one.
            for (id, status) in [
                ("orbis-bpa-platform", AppStatus::Checked),
                ("lucanet", AppStatus::NotApplicable),
            ] {
                if let Some(check) = session.applications.get_mut(id) {
                    check.status = status;
                }
            }
            let iis = session.applications.entry("iis".into()).or_default();
            iis.status = AppStatus::Checked;
            iis.required_actions.push_str(
                "\n- Na de omzetting één keer: C:\\inetpub\\Intranet\\App_Data\\Configuration\\mailSettings.production.config controleren en de back-up C:\\ProgramData\\Overstap\\Backups\\2026-11-25\\mailSettings.production.config.bak bewaren.",
            );
            iis.actions_from = None;
        }
        "king-partner" => {
            // A partner prepared KING ERP for a customer: no own registration, consent and the
            // test left for the customer.
            session.role = Some(Role::Partner);
            session.scan = ScanState::Skipped;
            registration.choose_preset(Some(overstap::presets::Preset::KING_ERP));
            registration.mail_domain = "bakkerij-de-vries.nl".into();
            registration.tenant_id = "3c2b1a09-8f7e-4d6c-b5a4-938271605f4e".into();
            registration.answers.refresh_renewed = "2026-09-15".into();
            session.consent = StepState::Deferred;
            session.test_send.state = StepState::Deferred;
            session.applications.insert(
                "king-erp".into(),
                AppCheck {
                    status: AppStatus::Checked,
                    server: "graph.microsoft.com".into(),
                    findings: "Soort: Microsoft Graph API OAuth2; geauthenticeerd op 2026-09-15."
                        .into(),
                    required_actions: "Eens per 90 dagen mailen of opnieuw authenticeren.".into(),
                    ..AppCheck::default()
                },
            );
        }
        "allsolutions" => {
            // AllSolutions' EWS link, production environment, secret expiring soon.
            session.role = Some(Role::Admin);
            session.scan = ScanState::Skipped;
            registration.choose_preset(Some(overstap::presets::Preset::ALL_SOLUTIONS));
            registration.answers.environment = Some(overstap::presets::Environment::Production);
            registration.answers.app_domain = "crm.bouwbedrijf-jansen.nl".into();
            registration.mail_domain = "bouwbedrijf-jansen.nl".into();
            registration.tenant_id = "5e4d3c2b-1a09-4f8e-8d7c-6b5a49382716".into();
            registration.client_id = "9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d".into();
            registration.mailbox = "exchange-sync@bouwbedrijf-jansen.nl".into();
            session.secret.record_stored(
                overstap::session::SecretHolder::CredentialStore,
                NaiveDate::from_ymd_opt(2026, 12, 10).expect("date"),
            );
            session.consent = StepState::Done {
                at: utc("2026-11-20T08:00:00Z"),
            };
            session.test_send.state = StepState::Deferred;
        }
        other => panic!("no fixture {other}"),
    }
    session
}

/// A fixture session as the program reads it (and, when blessing, freshly written first).
pub fn load_fixture(name: &str) -> Session {
    static BLESSED: std::sync::Mutex<Vec<String>> = std::sync::Mutex::new(Vec::new());
    let path = fixture_path(name);
    if blessing() {
        // Tests run side by side: each fixture is written once, and never while one reads it.
        let mut blessed = BLESSED.lock().unwrap_or_else(|e| e.into_inner());
        if !blessed.iter().any(|b| b == name) {
            build_fixture(name).save(&path).expect("bless fixture");
            blessed.push(name.to_owned());
        }
    }
    Session::load(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The summary of a fixture in a language, as the program makes it: the checklist's own texts
/// follow the language first (as a language switch does in the window).
pub fn summary_of(name: &str, language: Language) -> (Session, Summary) {
    let mut session = load_fixture(name);
    let catalog = Catalog::embedded();
    session.relocalise(&catalog, language);
    let summary = Summary::build(&session, &catalog, &Localizer::new(language), &made_at());
    (session, summary)
}

/// Whitespace removed: line breaks in a cell or on paper must not matter for "is it there".
pub fn squeezed(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

fn golden(name: &str, actual: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(name);
    if blessing() {
        std::fs::write(&path, actual).expect("bless golden");
        return;
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|_| panic!("{} is missing: run with OVERSTAP_BLESS=1", path.display()));
    if expected != actual {
        let line = expected
            .lines()
            .zip(actual.lines())
            .position(|(e, a)| e != a)
            .unwrap_or(expected.lines().count().min(actual.lines().count()));
        panic!(
            "{} differs from the golden file at line {}:\n  golden: {:?}\n  actual: {:?}\n(after a deliberate change: OVERSTAP_BLESS=1)",
            path.display(),
            line + 1,
            expected.lines().nth(line),
            actual.lines().nth(line)
        );
    }
}

#[test]
fn the_model_holds_what_each_run_knows() {
    let (_, scanned) = summary_of("scanned-plumbing", Language::En);
    assert!(!scanned.chains.is_empty(), "the plumbing's sender chain");
    let chain = &scanned.chains[0];
    assert!(chain.relay.contains("IIS SMTP service"), "{}", chain.relay);
    assert_eq!(chain.mark, Mark::Open, "the relay sends to Exchange Online");
    assert_eq!(chain.senders.len(), 6, "{:?}", chain.senders);
    let value = |label: &str| {
        scanned
            .facts
            .iter()
            .find(|f| f.label == label)
            .unwrap_or_else(|| panic!("no row {label}: {:?}", scanned.facts))
            .clone()
    };
    assert!(
        value("Scan")
            .value
            .contains("snapshot D:\\Snapshots\\Contoso\\APP01-2026-11-25")
    );
    assert!(
        value("Scan").value.contains("2026-11-25 10:30"),
        "local time"
    );
    assert_eq!(
        value("Token").value,
        "As the application (app-only); account: The application itself; consented on 2026-11-25 11:05; refresh token last renewed: No refresh token"
    );
    assert_eq!(
        value("Client secret").value,
        "Stored, expires on 2028-11-20"
    );
    assert_eq!(value("— Graph").mark, Mark::Open);
    assert_eq!(value("— SMTP").mark, Mark::Good);
    assert!(
        scanned
            .open_items
            .iter()
            .any(|item| item
                .starts_with("— Graph: failed on 2026-11-25 11:13: 403 ErrorAccessDenied")),
        "{:?}",
        scanned.open_items
    );
    assert!(scanned.changes.is_empty(), "nothing written back yet");

    let (_, king) = summary_of("king-partner", Language::Nl);
    let labels: Vec<&str> = king.facts.iter().map(|f| f.label.as_str()).collect();
    for label in [
        "Voorinstelling voor applicatie",
        "In de applicatie",
        "Vernieuwingstoken van KING",
    ] {
        assert!(labels.contains(&label), "{label} missing: {labels:?}");
    }
    assert!(
        king.open_items
            .iter()
            .any(|i| i == "Toestemming: Bewust opengelaten"),
        "{:?}",
        king.open_items
    );
    let refresh = king
        .facts
        .iter()
        .find(|f| f.label == "Vernieuwingstoken van KING")
        .expect("refresh");
    assert_eq!(
        refresh.mark,
        Mark::Attention,
        "18 days left: {}",
        refresh.value
    );

    let (_, allsolutions) = summary_of("allsolutions", Language::En);
    let secret = allsolutions
        .facts
        .iter()
        .find(|f| f.label == "Client secret")
        .expect("secret");
    assert_eq!(secret.mark, Mark::Attention);
    assert!(secret.value.contains("14 days left"), "{}", secret.value);
    assert!(
        allsolutions
            .facts
            .iter()
            .any(|f| f.value == "https://crm.bouwbedrijf-jansen.nl/jsonhandler.ashx")
    );
}

#[test]
fn html_and_text_match_their_golden_files_in_both_languages() {
    for name in FIXTURES {
        for language in Language::ALL {
            let (_, summary) = summary_of(name, language);
            let code = language.code();
            golden(
                &format!("summary-{name}.{code}.html"),
                &overstap::report::html_of(&summary),
            );
            golden(&format!("summary-{name}.{code}.txt"), &summary.to_text());
        }
    }
}

/// The one-model promise: every row label and value, every chain and every application is in
/// the HTML, the text copy, the PDF's laid-out cells and what `overstap report` prints.
#[test]
fn every_rendering_lists_the_same_rows() {
    for name in FIXTURES {
        for language in Language::ALL {
            let (_, summary) = summary_of(name, language);
            let html = squeezed(&unescape(&overstap::report::html_of(&summary)));
            let text = squeezed(&summary.to_text());
            let pdf = squeezed(
                &overstap::pdf::laid_out_texts(&summary)
                    .expect("pdf layout")
                    .join("\n"),
            );
            let cli = std::process::Command::new(env!("CARGO_BIN_EXE_overstap"))
                .args(["report", "--session"])
                .arg(fixture_path(name))
                .args(["--lang", language.code(), "--text", "--at"])
                .arg(made_at().to_rfc3339())
                .output()
                .expect("overstap report");
            assert!(
                cli.status.success(),
                "{}",
                String::from_utf8_lossy(&cli.stderr)
            );
            assert_eq!(
                String::from_utf8_lossy(&cli.stdout),
                summary.to_text(),
                "{name} {language:?}: overstap report prints the same summary"
            );
            let rows = summary.row_texts();
            assert!(rows.len() > 20, "{name}: {rows:?}");
            for row in rows.iter().chain(&summary.open_items) {
                let row = squeezed(row);
                for (rendering, rendered) in [("html", &html), ("text", &text), ("pdf", &pdf)] {
                    assert!(
                        rendered.contains(&row),
                        "{name} {language:?}: {rendering} lacks {row:?}"
                    );
                }
            }
            for app in &summary.applications {
                for field in [&app.server, &app.findings, &app.actions] {
                    let field = squeezed(field);
                    for (rendering, rendered) in [("html", &html), ("text", &text), ("pdf", &pdf)] {
                        assert!(
                            rendered.contains(&field),
                            "{name} {language:?}: {rendering} lacks {field:?} of {}",
                            app.name
                        );
                    }
                }
            }
        }
    }
}

/// HTML entities back to characters, for comparing with the model's plain text.
pub fn unescape(html: &str) -> String {
    html.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&amp;", "&")
}

#[test]
fn overstap_report_writes_every_document_and_refuses_bad_input_clearly() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (pdf, html, ics) = (
        dir.path().join("o.pdf"),
        dir.path().join("o.html"),
        dir.path().join("o.ics"),
    );
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_overstap"))
        .args(["report", "--session"])
        .arg(fixture_path("scanned-plumbing"))
        .args(["--lang", "nl", "--pdf"])
        .arg(&pdf)
        .arg("--html")
        .arg(&html)
        .arg("--ics")
        .arg(&ics)
        .output()
        .expect("run");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(
        output.stdout.is_empty(),
        "no text without --text when files are asked for"
    );
    assert!(stderr.contains("Geschreven: "), "{stderr}");
    assert!(std::fs::read(&pdf).expect("pdf").starts_with(b"%PDF-"));
    let html = std::fs::read_to_string(&html).expect("html");
    assert!(html.contains("<html lang=\"nl\">"));
    let ics = std::fs::read_to_string(&ics).expect("ics");
    let calendar: icalendar::Calendar = ics.parse().expect("a valid calendar");
    assert_eq!(calendar.components.len(), 1, "{ics}");

    // No secret in the KING session: no reminder, exit code 1 and why.
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_overstap"))
        .args(["report", "--session"])
        .arg(fixture_path("king-partner"))
        .args(["--lang", "en", "--ics"])
        .arg(dir.path().join("none.ics"))
        .output()
        .expect("run");
    assert_eq!(output.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&output.stderr)
            .contains("No reminder written: the session records no client secret")
    );
    assert!(!dir.path().join("none.ics").exists());

    // Not a session: exit code 2 with the reason, in the language asked for.
    let bogus = dir.path().join("bogus.json");
    std::fs::write(&bogus, "{\"planted\": \"x\"}").expect("write");
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_overstap"))
        .args(["report", "--lang", "nl", "--session"])
        .arg(&bogus)
        .output()
        .expect("run");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("Het bestand is JSON, maar geen Overstap-sessie."),
        "{stderr}"
    );
    assert!(
        !stderr.contains("planted"),
        "the file's content is never quoted"
    );
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_overstap"))
        .args(["report", "--pdf", "x.pdf"])
        .output()
        .expect("run");
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("report needs --session FILE"));
}

/// The reminder from the summary is a calendar a calendar program reads: one event 30 days
/// before the expiry, with an alarm.
#[test]
fn the_reminder_parses_as_a_calendar() {
    use icalendar::Component as _;
    for language in Language::ALL {
        let session = load_fixture("scanned-plumbing");
        let ics = overstap::report::secret_reminder_ics(
            &session,
            &Localizer::new(language),
            made_at().with_timezone(&Utc),
        )
        .expect("reminder");
        let calendar: icalendar::Calendar = ics.parse().expect("parses");
        let event = calendar
            .components
            .iter()
            .find_map(|c| match c {
                icalendar::CalendarComponent::Event(event) => Some(event),
                _ => None,
            })
            .expect("one event");
        assert_eq!(
            event.get_start(),
            Some(icalendar::DatePerhapsTime::Date(
                NaiveDate::from_ymd_opt(2028, 10, 21).expect("date")
            ))
        );
        let summary = event.get_summary().expect("summary");
        assert!(summary.contains("2028-11-20"), "{summary}");
        assert!(
            event
                .get_description()
                .is_some_and(|d| d.contains("0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9")),
            "{language:?}"
        );
        assert!(ics.contains("BEGIN:VALARM"));
    }
}
