//! Planted secrets must never reach a file Overstap writes, its Debug output, or the screen
//! after they were stored: the session (autosaved and on exit), the settings, the generated
//! PowerShell, the token status, the HTML report, the PDF (its extracted text), the text copy
//! on the clipboard and the .ics reminder; nor an error text that
//! repeats what was sent (an AADSTS description, a mail server's reply, the browser's page).

use egui_kittest::kittest::Queryable as _;
use overstap::i18n::Language;
use secrecy::ExposeSecret as _;

use crate::support::emulator::{CONFIDENTIAL_CLIENT, DOMAIN, Emulator, SECRET};
use crate::util::{app_with, click, look_up_tenant, run_until, to_registration, type_into};

/// Every file below `dir`, as text (lossy), with its path.
fn files_below(dir: &std::path::Path) -> Vec<(std::path::PathBuf, String)> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).expect("read dir").flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(files_below(&path));
        } else {
            let bytes = std::fs::read(&path).expect("read");
            out.push((path, String::from_utf8_lossy(&bytes).into_owned()));
        }
    }
    out
}

#[test]
fn a_planted_secret_and_tokens_appear_in_no_artefact() {
    let emulator = Emulator::start();
    let authority = crate::util::emulator_authority(&emulator);
    let store = std::sync::Arc::new(overstap::secrets::MemoryStore::default());
    let shared: std::sync::Arc<dyn overstap::secrets::SecretStore> = store.clone();
    let dir = tempfile::tempdir().expect("tempdir");
    let mut harness = app_with(Language::En, dir.path(), move |options| {
        options.authority = authority;
        options.secrets = shared;
    });
    to_registration(&mut harness, Language::En);
    click(
        &mut harness,
        "SMTP AUTH with OAuth, as the application itself (app-only)",
    );
    look_up_tenant(&mut harness, Language::En, "Mail domain", DOMAIN);
    type_into(&mut harness, "Client ID", CONFIDENTIAL_CLIENT);
    click(&mut harness, "Next");
    type_into(&mut harness, "Secret value", SECRET);
    click(&mut harness, "12 months");
    click(&mut harness, "Store secret");
    // Storing checks the secret with a real token request at once.
    run_until(&mut harness, "the secret check", |h| {
        h.state().session().token.is_some()
    });
    assert!(
        harness.query_by_label(SECRET).is_none(),
        "the secret is not on screen"
    );
    assert!(
        harness
            .query_all_by(|n| n.value().is_some_and(|v| v.contains(SECRET)))
            .next()
            .is_none(),
        "no widget still holds the secret"
    );
    click(&mut harness, "Next");
    click(&mut harness, "Request a test token");
    run_until(&mut harness, "the token", |h| {
        h.state().session().token.is_some()
    });
    click(&mut harness, "Next");

    // Test send left for later, the Applications page, then the Summary, where the session is
    // exported for the partner.
    click(
        &mut harness,
        "I will test later (the summary lists it as open)",
    );
    click(&mut harness, "Next");
    click(&mut harness, "Next");
    // Each document is written on a worker thread; its "Saved" line may be scrolled out of
    // view (and so out of the accessibility tree), so the file itself is awaited before the
    // next click, as an admin would wait for it.
    let documents = dir.path().join("documents");
    let saved = |kind: &str| {
        std::fs::read_dir(&documents)
            .map(|entries| {
                entries.flatten().any(|e| {
                    let name = e.file_name().to_string_lossy().into_owned();
                    !name.starts_with('.') && name.contains(kind)
                })
            })
            .unwrap_or(false)
    };
    for (button, kind) in [
        ("Save report (HTML, to print)", ".html"),
        ("Save secret renewal reminder (.ics)", ".ics"),
        ("Save PDF", ".pdf"),
        ("Export session", "overstap-session-"),
    ] {
        harness.get_by_label(button).scroll_to_me();
        click(&mut harness, button);
        run_until(&mut harness, kind, |_| saved(kind));
    }
    harness.get_by_label("Copy as text").scroll_to_me();
    crate::util::settle(&mut harness);
    harness.get_by_label("Copy as text").click();
    harness.step();
    let text_copy: Vec<String> = harness
        .output()
        .platform_output
        .commands
        .iter()
        .filter_map(|command| match command {
            egui::OutputCommand::CopyText(text) => Some(text.clone()),
            _ => None,
        })
        .collect();
    assert!(!text_copy.is_empty(), "the text copy was made");

    // Everything the app can leave behind.
    let debug = format!("{:?}", harness.state().session());
    let session_json = harness.state().session().to_json();
    drop(harness);
    let tokens = emulator.state.lock().expect("state").access_tokens.clone();
    assert!(
        !tokens.is_empty(),
        "tokens were issued, so the check below means something"
    );
    let mut artefacts = files_below(dir.path());
    assert!(
        artefacts
            .iter()
            .any(|(path, _)| path.ends_with("session.json")),
        "the session was autosaved: {artefacts:?}"
    );
    for kind in [".html", ".ics", ".pdf", "overstap-session-"] {
        assert!(
            artefacts
                .iter()
                .any(|(path, _)| path.to_string_lossy().contains(kind)),
            "no {kind} artefact was written"
        );
    }
    // The PDF's text is compressed: what a reader would see is what pdftotext extracts.
    let pdfs: Vec<std::path::PathBuf> = artefacts
        .iter()
        .map(|(path, _)| path.clone())
        .filter(|path| path.extension().is_some_and(|e| e == "pdf"))
        .collect();
    if crate::paper_print::tool("pdftotext") {
        for pdf in pdfs {
            let out = std::process::Command::new("pdftotext")
                .arg(&pdf)
                .arg("-")
                .output()
                .expect("pdftotext");
            let text = String::from_utf8_lossy(&out.stdout).into_owned();
            assert!(
                text.contains("Client ID"),
                "the PDF's text was extracted: {text}"
            );
            artefacts.push((pdf.with_extension("pdf.txt"), text));
        }
    }
    for text in text_copy {
        artefacts.push(("the text copy".into(), text));
    }
    artefacts.push(("Debug of the session".into(), debug));
    artefacts.push(("session JSON".into(), session_json));
    for (path, text) in &artefacts {
        assert!(
            !text.contains(SECRET),
            "the secret leaked into {}",
            path.display()
        );
        for token in &tokens {
            assert!(
                !text.contains(token.as_str()),
                "a token leaked into {}",
                path.display()
            );
        }
    }
    // The secret is where it belongs.
    let key = overstap::secrets::SecretKey {
        tenant_id: overstap::guid::Guid::parse(crate::support::emulator::TENANT_ID).expect("guid"),
        client_id: overstap::guid::Guid::parse(CONFIDENTIAL_CLIENT).expect("guid"),
        purpose: "client-secret",
    };
    use overstap::secrets::SecretStore as _;
    assert_eq!(store.get(&key).expect("stored").expose_secret(), SECRET);
}

/// Issue 13: Microsoft (or whoever answers in its place) may repeat what it was sent in an
/// AADSTS description. The secret must appear neither on screen nor in the details to copy.
#[test]
fn an_aadsts_error_that_repeats_the_secret_shows_it_nowhere() {
    use crate::support::emulator::Fault;
    let emulator = Emulator::start();
    emulator.fault(Fault::TokenError {
        status: 401,
        error: "invalid_client".into(),
        code: 7000215,
        description: format!("Invalid client secret provided: '{SECRET}'."),
    });
    let authority = crate::util::emulator_authority(&emulator);
    let dir = tempfile::tempdir().expect("tempdir");
    let mut harness = app_with(Language::En, dir.path(), move |options| {
        options.authority = authority;
    });
    to_registration(&mut harness, Language::En);
    click(
        &mut harness,
        "SMTP AUTH with OAuth, as the application itself (app-only)",
    );
    look_up_tenant(&mut harness, Language::En, "Mail domain", DOMAIN);
    type_into(&mut harness, "Client ID", CONFIDENTIAL_CLIENT);
    click(&mut harness, "Next");
    type_into(&mut harness, "Secret value", SECRET);
    click(&mut harness, "12 months");
    click(&mut harness, "Store secret");
    run_until(&mut harness, "the refusal", |h| {
        h.query_all_by_label_contains("AADSTS7000215")
            .next()
            .is_some()
    });
    assert!(
        harness
            .query_all_by(|n| {
                n.label().is_some_and(|l| l.contains("SECRET"))
                    || n.value().is_some_and(|v| v.contains("SECRET"))
            })
            .next()
            .is_none(),
        "the secret is on screen"
    );
    // The details for a support ticket go to the clipboard: they must be clean as well.
    harness
        .get_by_label("Copy details for a support ticket")
        .scroll_to_me();
    crate::util::settle(&mut harness);
    harness
        .get_by_label("Copy details for a support ticket")
        .click();
    harness.step();
    let copied: Vec<String> = harness
        .output()
        .platform_output
        .commands
        .iter()
        .filter_map(|command| match command {
            egui::OutputCommand::CopyText(text) => Some(text.clone()),
            _ => None,
        })
        .collect();
    assert!(!copied.is_empty(), "the details were copied");
    for text in &copied {
        assert!(text.contains("7000215"), "copied: {text}");
        assert!(!text.contains(SECRET), "copied: {text}");
    }
}

/// The page the browser shows after a failed sign-in repeats nothing from the address: the
/// error description there is written by whoever sent the browser back.
#[test]
fn the_browser_page_repeats_nothing_from_the_callback() {
    use overstap::identity::http::CancelFlag;
    use overstap::identity::loopback::{BrowserPages, Loopback};
    let loopback = Loopback::bind().expect("bind");
    let port = loopback.port();
    let browser = std::thread::spawn(move || {
        use std::io::{Read as _, Write as _};
        let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).expect("connect");
        write!(
            stream,
            "GET /?error=access_denied&error_description=%3Cscript%3EPLANTED-{SECRET}%3C%2Fscript%3E&state=st HTTP/1.1\r\nHost: localhost\r\n\r\n"
        )
        .expect("write");
        let mut answer = String::new();
        let _ = stream.read_to_string(&mut answer);
        answer
    });
    let pages = BrowserPages {
        success: "<p>Klaar / Done</p>".into(),
        failure: "<p>Mislukt / Failed</p>".into(),
        wrong_state: "<p>?</p>".into(),
    };
    let result = loopback.wait(
        "st",
        std::time::Duration::from_secs(10),
        &CancelFlag::default(),
        &pages,
    );
    assert!(result.is_err());
    let answer = browser.join().expect("browser");
    assert!(answer.contains("Mislukt / Failed"), "{answer}");
    assert!(
        !answer.contains("PLANTED") && !answer.contains("<script>"),
        "{answer}"
    );
}
