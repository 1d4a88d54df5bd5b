//! Passwords that ride along in scanned values, in every shape a configuration writes them, must
//! reach no output: not the scan's JSON, not its table, not the session, not the printed report,
//! not the .ics reminder. A finding keeps a value's host and port, nothing else.

use std::path::Path;

use chrono::TimeZone as _;
use overstap::catalog::Catalog;
use overstap::detect::platform::ScanTarget;
use overstap::detect::scan_blocking;
use overstap::i18n::{Language, Localizer};
use overstap::session::Session;

/// Each shape carries its own password, so a failure names the shape.
fn shapes() -> Vec<(&'static str, &'static str, String)> {
    vec![
        (
            "C/App1/mail.ini",
            "Leak-Ini-1",
            "[mail]\nSmtpServer=relay.x;Password=Leak-Ini-1\n".into(),
        ),
        (
            "C/App2/settings.json",
            "Leak-Json-2",
            "{\"SmtpServer\":\"relay.x\",\"SmtpPassword\":\"Leak-Json-2\"}".into(),
        ),
        (
            "C/App3/mail.properties",
            "Leak-Url-3",
            "mail.smtp.host=smtp://scanner:Leak-Url-3@smtp.office365.com:587\n".into(),
        ),
        (
            "C/App4/app.config",
            "Leak-Conn-4",
            "<configuration><appSettings><add key=\"SmtpServer\" value=\"Server=smtp.office365.com;User=x;Password=Leak-Conn-4\" /></appSettings></configuration>".into(),
        ),
        (
            "C/App5/app.config",
            "Leak-Query-5",
            "<configuration><add key=\"EwsUrl\" value=\"https://outlook.office365.com/EWS/Exchange.asmx?password=Leak-Query-5\" /></configuration>".into(),
        ),
        (
            "C/App6/mail.ini",
            "Leak-Userinfo-6",
            "SmtpHost=mailer:Leak-Userinfo-6@relay01.contoso.local:25\n".into(),
        ),
        (
            "C/App7/pretty.json",
            "Leak-Pretty-7",
            "{\n  \"Smtp\": {\n    \"Host\": \"smtp.office365.com\",\n    \"Password\": \"Leak-Pretty-7\"\n  },\n  \"Line\": \"smtp.office365.com;pw=Leak-Pretty-7\"\n}\n".into(),
        ),
        (
            "C/App8/mail.xml",
            "Leak-Element-8",
            "<mail>\n<SmtpHost>relay.x;Password=Leak-Element-8</SmtpHost>\n</mail>\n".into(),
        ),
        (
            "C/inetpub/Portal/web.config",
            "Leak-Iis-9",
            "<configuration><system.net><mailSettings><smtp><network host=\"u:Leak-Iis-9@smtp.office365.com\" port=\"587\" userName=\"x\" password=\"Leak-Iis-9\" /></smtp></mailSettings></system.net></configuration>".into(),
        ),
    ]
}

fn write(root: &Path, relative: &str, text: &str) {
    let path = root.join(relative);
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    std::fs::write(path, text).expect("write");
}

#[test]
fn passwords_in_scanned_values_reach_no_output() {
    let temp = tempfile::tempdir().expect("tempdir");
    let root = temp.path();
    write(
        root,
        "C/Windows/System32/inetsrv/config/applicationHost.config",
        r#"<configuration><system.applicationHost><sites><site name="Portal"><application path="/"><virtualDirectory path="/" physicalPath="C:\inetpub\Portal" /></application></site></sites></system.applicationHost></configuration>"#,
    );
    for (path, _, text) in shapes() {
        write(root, path, &text);
    }
    let catalog = Catalog::embedded();
    let report = scan_blocking(
        &ScanTarget::Snapshot {
            root: root.to_path_buf(),
            registry: None,
        },
        &catalog,
    )
    .expect("scans");
    // Every shape was found (so the test looks where the passwords are).
    for (path, _, _) in shapes() {
        let windows = format!("C:\\{}", path[2..].replace('/', "\\"));
        assert!(
            report.findings.iter().any(|f| match &f.location {
                overstap::detect::Location::File { path, .. } => path == &windows,
                _ => false,
            }),
            "no finding in {windows}: {:#?}",
            report.findings
        );
    }
    let mut session = Session::default();
    let l10n = Localizer::new(Language::En);
    session.apply_scan(&catalog, &report, &l10n);
    session.secret.expires_on = chrono::NaiveDate::from_ymd_opt(2027, 11, 1);
    session.secret.stored = true;
    let now = chrono::Utc
        .with_ymd_and_hms(2026, 11, 30, 12, 0, 0)
        .single()
        .expect("time");
    let mut outputs = vec![
        ("JSON", overstap::cli::scan_json(&report)),
        ("session", session.to_json()),
        ("Debug", format!("{report:?}")),
    ];
    for language in [Language::En, Language::Nl] {
        let l10n = Localizer::new(language);
        outputs.push(("table", overstap::cli::scan_table(&report, &catalog, &l10n)));
        outputs.push((
            "report",
            overstap::report::html(&session, &catalog, &l10n, now.with_timezone(&chrono::Local)),
        ));
        outputs.push((
            "ics",
            overstap::report::secret_reminder_ics(&session, &l10n, now).unwrap_or_default(),
        ));
        for error in &report.errors {
            outputs.push(("error line", error.localize(&l10n)));
        }
    }
    // A session read back from its file is cut down the same way, whatever the file says.
    let mut imported: Session = serde_json::from_str(&session.to_json()).expect("session json");
    for finding in &mut imported.scan_report.findings {
        finding.value = "smtp://u:Leak-Import-10@smtp.office365.com".into();
    }
    let path = temp.path().join("imported.json");
    std::fs::write(&path, serde_json::to_string(&imported).expect("json")).expect("write");
    let loaded = Session::load(&path).expect("loads");
    outputs.push(("imported session", loaded.to_json()));
    let mut secrets: Vec<&str> = shapes().iter().map(|(_, secret, _)| *secret).collect();
    secrets.push("Leak-Import-10");
    for (what, output) in &outputs {
        for secret in &secrets {
            assert!(
                !output.contains(secret),
                "{secret} leaked into the {what}:\n{output}"
            );
        }
    }
}
