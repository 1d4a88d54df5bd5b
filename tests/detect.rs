//! Detection over the fixture server snapshots in `tests/fixtures/servers/`: every finding
//! asserted exactly, no false positives on the migrated server, unreadable places listed, no
//! secret anywhere, and the command line's exit codes.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use overstap::catalog::Catalog;
use overstap::checklist::AppStatus;
use overstap::detect::platform::ScanTarget;
use overstap::detect::worker::{ScanEvent, ScanJob};
use overstap::detect::{Location, ScanReport, VersionCheck, scan_blocking};
use overstap::i18n::{Language, Localizer};
use overstap::session::Session;

/// The password planted in `synergy-globe`'s portal web.config, and SSRS's encrypted one.
const PLANTED: [&str; 2] = [
    "Planted-Passw0rd!Secret",
    "AQAAANCMnd8BFdERjHoAwE/Cl+sBAAAAplanted",
];

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/servers")
        .join(name)
}

fn scan(root: &Path) -> ScanReport {
    scan_blocking(
        &ScanTarget::Snapshot {
            root: root.to_path_buf(),
            registry: None,
        },
        &Catalog::embedded(),
    )
    .expect("snapshot opens")
}

type Row = (String, String, String, String, String);

fn rows(report: &ScanReport) -> Vec<Row> {
    report
        .findings
        .iter()
        .map(|f| {
            let (path, key) = match &f.location {
                Location::File { path, key, .. } => (path.clone(), key.clone()),
                other => (other.display(), String::new()),
            };
            (
                f.app.clone(),
                path,
                key,
                f.value.clone(),
                f.classification.key().to_owned(),
            )
        })
        .collect()
}

fn expect(list: &[(&str, &str, &str, &str, &str)]) -> Vec<Row> {
    list.iter()
        .map(|(a, b, c, d, e)| {
            (
                (*a).into(),
                (*b).into(),
                (*c).into(),
                (*d).into(),
                (*e).into(),
            )
        })
        .collect()
}

const RS_KEY: &str =
    "Configuration/Extensions/Delivery/Extension/Configuration/RSEmailDPConfiguration/SMTPServer";
const SMTP_HOST: &str = "configuration/system.net/mailSettings/smtp/network/@host";

#[test]
fn synergy_globe_iis_ssrs_server() {
    let report = scan(&fixture("synergy-globe"));
    assert_eq!(
        rows(&report),
        expect(&[
            (
                "iis",
                "C:\\inetpub\\Portal\\web.config",
                "configuration/appSettings/add[@key='SmtpServer']/@value",
                "smtp.office365.com",
                "exo-direct"
            ),
            (
                "iis",
                "C:\\inetpub\\Portal\\web.config",
                SMTP_HOST,
                "smtp.office365.com:587",
                "exo-direct"
            ),
            (
                "orbis-bpa-platform",
                "C:\\Program Files (x86)\\Orbis Software\\BPA Platform\\Config\\notify.xml",
                "SmtpServer",
                "smtp.office365.com",
                "exo-direct"
            ),
            (
                "other-addons",
                "C:\\Program Files\\Acme Invoice Mailer\\mailer.properties",
                "mail.smtp.host",
                "smtp.office365.com",
                "exo-direct"
            ),
            (
                "other-addons",
                "D:\\Apps\\ScanStation\\settings.json",
                "SmtpServer",
                "10.0.0.25",
                "relay"
            ),
            (
                "servicenext",
                "C:\\Program Files\\Exact Synergy\\bin\\HandleEmailSN.exe.config",
                "configuration/appSettings/add[@key='exchangeWebServiceUrl']",
                "outlook.office365.com",
                "exo-direct"
            ),
            (
                "ssrs",
                "C:\\Program Files\\Microsoft SQL Server Reporting Services\\SSRS\\ReportServer\\rsreportserver.config",
                RS_KEY,
                "smtp.office365.com:587",
                "exo-direct"
            ),
        ])
    );
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    assert!(report.exchange_online_basic_auth());
    let installed: Vec<(&str, &str, &str, &VersionCheck)> = report
        .installed
        .iter()
        .map(|i| {
            (
                i.app.as_str(),
                i.display_version.as_str(),
                i.install_location.as_str(),
                &i.version,
            )
        })
        .collect();
    assert_eq!(
        installed,
        vec![
            (
                "exact-globe-next",
                "422.10",
                "C:\\Program Files (x86)\\Exact Globe Next\\Bin",
                &VersionCheck::CheckByHand {
                    component: "Exact Globe Next / Compact".into(),
                    minimum: "422SP14 / 423SP7 / 424SP1".into()
                }
            ),
            (
                "exact-synergy-enterprise",
                "500SP3",
                "C:\\Program Files\\Exact Synergy",
                &VersionCheck::UpdateFirst {
                    component: "Exact Synergy Enterprise".into(),
                    minimum: "267SP14 / 500SP7 / 501SP1".into()
                }
            ),
            (
                "orbis-bpa-platform",
                "2020.0.6333",
                "C:\\Program Files (x86)\\Orbis Software\\BPA Platform",
                &VersionCheck::UpdateFirst {
                    component: "BPA Platform".into(),
                    minimum: "2021 Build 6618".into()
                }
            ),
            (
                "ssrs",
                "15.0.1102.1047",
                "C:\\Program Files\\Microsoft SQL Server Reporting Services",
                &VersionCheck::NoRule
            ),
        ]
    );
}

#[test]
fn relay_only_customer() {
    let report = scan(&fixture("relay-only"));
    assert_eq!(
        rows(&report),
        expect(&[
            (
                "iis",
                "C:\\inetpub\\intranet\\web.config",
                SMTP_HOST,
                "relay01.contoso.local:25",
                "relay"
            ),
            (
                "other-addons",
                "C:\\ProgramData\\Acme\\acme.ini",
                "SmtpHost",
                "relay01.contoso.local",
                "relay"
            ),
            (
                "ssrs",
                "C:\\Program Files\\Microsoft SQL Server\\MSRS13.MSSQLSERVER\\Reporting Services\\ReportServer\\rsreportserver.config",
                RS_KEY,
                "10.0.0.25:25",
                "relay"
            ),
        ])
    );
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    assert!(!report.exchange_online_basic_auth());
    assert!(matches!(
        report.installed[0].version,
        VersionCheck::Sufficient { .. }
    ));
}

#[test]
fn already_migrated_server_has_no_false_positives() {
    let report = scan(&fixture("migrated"));
    assert_eq!(
        rows(&report),
        expect(&[
            (
                "iis",
                "C:\\inetpub\\wwwroot\\web.config",
                "configuration/system.net/mailSettings/smtp",
                "",
                "not-used"
            ),
            (
                "servicenext",
                "D:\\Synergy\\bin\\HandleEmailSN.exe.config",
                "configuration/appSettings/add[@key='OAuthExchangeService']",
                "Graph",
                "modern"
            ),
            (
                "ssrs",
                "C:\\Program Files\\Microsoft Power BI Report Server\\PBIRS\\ReportServer\\rsreportserver.config",
                RS_KEY,
                "contoso-nl.mail.protection.outlook.com:25",
                "relay"
            ),
        ])
    );
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    assert!(!report.exchange_online_basic_auth());
}

#[cfg(unix)]
fn is_root() -> bool {
    std::process::Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(true)
}

/// Broken XML, UTF-16 files and registry export, a folder where a file belongs, a dangling link
/// and (when not root, where permission bits bind) a folder nobody may read.
#[cfg(unix)]
#[test]
fn messy_server_lists_its_problems_and_scans_the_rest() {
    let temp = tempfile::tempdir().expect("tempdir");
    let root = temp.path().join("messy");
    let copied = std::process::Command::new("cp")
        .arg("-a")
        .arg(fixture("messy"))
        .arg(&root)
        .status()
        .expect("cp");
    assert!(copied.success());
    let locked = root.join("C/Program Files/Locked");
    std::fs::create_dir_all(&locked).expect("mkdir");
    std::fs::write(
        locked.join("locked.config"),
        "<add key=\"SmtpServer\" value=\"smtp.office365.com\" />",
    )
    .expect("write");
    let root_user = is_root();
    set_mode(&locked, 0o000);
    let report = scan(&root);
    set_mode(&locked, 0o755);

    let mut expected = expect(&[
        (
            "iis",
            "C:\\inetpub\\wide\\web.config",
            SMTP_HOST,
            "SMTP.Office365.com:587",
            "exo-direct",
        ),
        (
            "scansys-imagecapture",
            "C:\\Program Files\\Scan Sys\\ImageCapture\\Config\\accounts.xml",
            "Account.server",
            "outlook.office365.com",
            "exo-direct",
        ),
        (
            "scansys-imagecapture",
            "C:\\Program Files\\Scan Sys\\ImageCapture\\Config\\latin1.ini",
            "SmtpServer",
            "smtp.office365.com",
            "exo-direct",
        ),
        (
            "ssrs",
            "C:\\Program Files\\Microsoft SQL Server Reporting Services\\SSRS\\ReportServer\\rsreportserver.config",
            RS_KEY,
            "mail.contoso.nl:25",
            "relay",
        ),
    ]);
    if root_user {
        expected.insert(
            1,
            (
                "other-addons".into(),
                "C:\\Program Files\\Locked\\locked.config".into(),
                "SmtpServer".into(),
                "smtp.office365.com".into(),
                "exo-direct".into(),
            ),
        );
    }
    assert_eq!(rows(&report), expected);

    let mut errors: Vec<(String, String, String)> = report
        .errors
        .iter()
        .map(|e| {
            let path = e
                .path
                .strip_prefix(&root.display().to_string())
                .unwrap_or(&e.path)
                .to_owned();
            (e.source_id.key().to_owned(), path, e.kind.key().to_owned())
        })
        .collect();
    let mut wanted = vec![
        ("machine", "/customer.reg", "malformed-registry"),
        ("iis", "C:\\inetpub\\broken\\web.config", "malformed-xml"),
        ("iis", "C:\\inetpub\\folder\\web.config", "not-a-file"),
        (
            "content",
            "C:\\Program Files\\Scan Sys\\ImageCapture\\Config\\dangling.config",
            "io",
        ),
    ];
    if !root_user {
        wanted.push(("content", "C:\\Program Files\\Locked", "permission-denied"));
    }
    let mut wanted: Vec<(String, String, String)> = wanted
        .into_iter()
        .map(|(a, b, c)| (a.into(), b.into(), c.into()))
        .collect();
    errors.sort();
    wanted.sort();
    assert_eq!(errors, wanted);
    assert_eq!(
        report.installed[0].install_location,
        "C:\\Program Files\\Scan Sys\\ImageCapture"
    );
}

#[cfg(unix)]
fn set_mode(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt as _;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).expect("chmod");
}

/// Regression guard for the rule "never copy a password": plant one, look everywhere.
#[test]
fn planted_passwords_appear_in_no_finding_json_or_session() {
    let catalog = Catalog::embedded();
    let report = scan(&fixture("synergy-globe"));
    let mut session = Session::default();
    session.apply_scan(&catalog, &report, &Localizer::new(Language::En));
    let outputs = [
        format!("{report:?}"),
        overstap::cli::scan_json(&report),
        session.to_json(),
        overstap::cli::scan_table(&report, &catalog, &Localizer::new(Language::Nl)),
    ];
    for output in &outputs {
        for secret in PLANTED {
            assert!(!output.contains(secret), "{secret} leaked");
        }
    }
    assert!(
        outputs[1].contains("\"password\": \"yes\""),
        "the password is reported as present"
    );
}

#[test]
fn a_finished_scan_fills_the_checklist() {
    let catalog = Catalog::embedded();
    let report = scan(&fixture("synergy-globe"));
    let mut session = Session::default();
    session.applications.insert(
        "ssrs".into(),
        overstap::checklist::AppCheck {
            server: "typed-by-admin".into(),
            ..Default::default()
        },
    );
    let l10n = Localizer::new(Language::En);
    session.apply_scan(&catalog, &report, &l10n);
    let iis = &session.applications["iis"];
    assert!(iis.detected);
    assert_eq!(iis.server, "smtp.office365.com");
    assert!(
        iis.findings.contains(
            "Exchange Online direct: smtp.office365.com:587 in C:\\inetpub\\Portal\\web.config"
        ),
        "{}",
        iis.findings
    );
    assert_eq!(
        iis.actions_from,
        Some(overstap::catalog::OutcomeKind::ExoDirect)
    );
    assert_eq!(session.applications["ssrs"].server, "typed-by-admin");
    let bpa = &session.applications["orbis-bpa-platform"];
    assert!(
        bpa.findings
            .contains("Update first: BPA Platform older than 2021 Build 6618."),
        "{}",
        bpa.findings
    );
    assert_eq!(
        session.applications["lucanet"].status,
        AppStatus::NotApplicable
    );
    assert_eq!(session.applications["iis"].status, AppStatus::Open);
    assert_eq!(session.scan_report, report);

    // A rescan of a migrated server replaces only what the scan wrote itself.
    let migrated = scan(&fixture("migrated"));
    session.apply_scan(&catalog, &migrated, &l10n);
    assert_eq!(session.applications["iis"].server, "");
    assert_eq!(session.applications["ssrs"].server, "typed-by-admin");
    assert_eq!(
        session.applications["orbis-bpa-platform"].status,
        AppStatus::NotApplicable
    );
    assert!(!session.applications["orbis-bpa-platform"].detected);
    assert_eq!(
        session.applications["servicenext"].actions_from,
        Some(overstap::catalog::OutcomeKind::Modern)
    );
}

/// Writes a tree of `count` small config files, deterministic, for cancelling and the bench.
pub fn big_tree(root: &Path, count: usize) {
    for i in 0..count {
        let dir = root.join(format!("C/Program Files/Vendor{}/app{}", i % 20, i % 50));
        std::fs::create_dir_all(&dir).expect("mkdir");
        std::fs::write(dir.join(format!("f{i}.config")), "<configuration/>").expect("write");
    }
}

#[test]
fn a_running_scan_cancels_within_a_second() {
    let temp = tempfile::tempdir().expect("tempdir");
    big_tree(temp.path(), 400);
    let job = ScanJob::start(
        ScanTarget::Snapshot {
            root: temp.path().to_path_buf(),
            registry: None,
        },
        Arc::new(Catalog::embedded()),
        Arc::new(|| {}),
        Duration::from_millis(20),
    )
    .expect("thread starts");
    std::thread::sleep(Duration::from_millis(200));
    let asked = Instant::now();
    job.cancel();
    loop {
        match job.recv_timeout(Duration::from_secs(2)) {
            Some(ScanEvent::Cancelled) => break,
            Some(ScanEvent::Progress(_)) => continue,
            other => panic!("expected Cancelled, got {other:?}"),
        }
    }
    assert!(
        asked.elapsed() < Duration::from_secs(1),
        "{:?}",
        asked.elapsed()
    );
}

fn cli(args: &[&str]) -> (i32, String, String) {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_overstap"))
        .args(args)
        .env(
            "OVERSTAP_CONFIG_DIR",
            std::env::temp_dir().join("overstap-cli-test"),
        )
        .output()
        .expect("runs");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn command_line_exit_codes_and_json() {
    let exo = fixture("synergy-globe").display().to_string();
    let (code, stdout, _) = cli(&["scan", "--root", &exo, "--json"]);
    assert_eq!(code, 1);
    let json: serde_json::Value = serde_json::from_str(&stdout).expect("json");
    assert_eq!(json["schema"], "overstap-scan/2");
    assert_eq!(json["exchange_online_basic_auth"], true);
    assert_eq!(json["findings"].as_array().map(Vec::len), Some(7));
    for secret in PLANTED {
        assert!(!stdout.contains(secret));
    }

    let migrated = fixture("migrated").display().to_string();
    let (code, stdout, _) = cli(&["scan", "--root", &migrated]);
    assert_eq!(code, 0);
    assert!(stdout.contains("OAuthExchangeService"), "{stdout}");

    let (code, _, stderr) = cli(&["scan", "--root", "/no/such/snapshot"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("not a folder"), "{stderr}");

    if !cfg!(windows) {
        let (code, _, stderr) = cli(&["scan"]);
        assert_eq!(code, 2);
        assert!(stderr.contains("snapshot"), "{stderr}");
    }
}
