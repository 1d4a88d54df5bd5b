//! The server's own mail plumbing (`tests/fixtures/servers/plumbing`): an IIS SMTP service that
//! smart-hosts to Exchange Online with a route user, applications that send to it (an IIS site
//! on localhost, a virtual directory on the server's own name, a Windows service on 127.0.0.1,
//! a VBScript, Reporting Services' pickup folder), a PowerShell report run by a scheduled task,
//! a task with the old "Send an e-mail" action, a batch file with blat, a site on drive D with
//! its mail settings in a `configSource` file (UTF-16) and an ASP.NET Core site. Every one is
//! found with its owner and classification, the chain is linked, and no password comes out.
//!
//! The fixture is written by hand in the formats Windows uses (no public MetaBase.xml or task
//! export was available to copy): the registry export and the task files in UTF-16 LE with a
//! BOM, MetaBase.xml in UTF-8 without one, scripts in UTF-8 with a BOM, UTF-16 and ANSI.

use overstap::catalog::Catalog;
use overstap::detect::{Finding, Owner};
use overstap::i18n::{Language, Localizer};
use overstap::session::Session;

use crate::detect::fixture;

const SECRETS: [&str; 7] = [
    "Plumbing-Portal-Secret1",
    "Plumbing-Api-Secret2",
    "Plumbing-Api-Secret3",
    "Plumbing-Ps-Secret4",
    "Plumbing-Bat-Secret5",
    "Plumbing-Svc-Secret6",
    "EncryptedPlanted",
];

fn scan() -> overstap::detect::ScanReport {
    overstap::detect::scan_blocking(
        &overstap::detect::platform::ScanTarget::Snapshot {
            root: fixture("plumbing"),
            registry: None,
        },
        &Catalog::embedded(),
    )
    .expect("snapshot")
}

fn owner(finding: &Finding) -> String {
    match &finding.owner {
        None => "-".into(),
        Some(Owner::Site { name }) => format!("site {name}"),
        Some(Owner::Task {
            name,
            account,
            schedule,
        }) => format!("task {name} | {account} | {schedule}"),
        Some(Owner::Service {
            name,
            start,
            account,
        }) => format!("service {name} | {start} | {account}"),
    }
}

#[test]
fn every_piece_of_plumbing_is_found_with_its_owner_and_chain() {
    let report = scan();
    assert!(report.errors.is_empty(), "{:#?}", report.errors);
    let relay = report
        .findings
        .iter()
        .find(|f| f.app == "iis-smtp-service")
        .expect("the SMTP service");
    let rows: Vec<(String, String, String, String, String, bool)> = report
        .findings
        .iter()
        .map(|f| {
            (
                f.app.clone(),
                f.location.display(),
                f.value.clone(),
                f.classification.key().to_owned(),
                owner(f),
                f.via.as_deref() == Some(relay.id.as_str()),
            )
        })
        .collect();
    let row = |app: &str, location: &str, value: &str, class: &str, owner: &str, via: bool| {
        (
            app.to_owned(),
            location.to_owned(),
            value.to_owned(),
            class.to_owned(),
            owner.to_owned(),
            via,
        )
    };
    assert_eq!(
        rows,
        vec![
            row(
                "iis",
                "C:\\inetpub\\Api\\appsettings.Production.json :: Smtp:Host (line 1)",
                "relay01.contoso.local",
                "relay",
                "site Api",
                false
            ),
            row(
                "iis",
                "C:\\inetpub\\Api\\appsettings.json :: Smtp:Host (line 4)",
                "smtp.office365.com",
                "exo-direct",
                "site Api",
                false
            ),
            row(
                "iis",
                "C:\\inetpub\\Api\\web.config :: Smtp:Host (line 11)",
                "localhost",
                "relay",
                "site Api",
                true
            ),
            row(
                "iis",
                "C:\\inetpub\\Forms\\web.config :: configuration/appSettings/add[@key='MailServer']/@value (line 3)",
                "app01.contoso.local",
                "relay",
                "site Intranet/forms",
                true
            ),
            row(
                "iis",
                "C:\\inetpub\\Intranet\\web.config :: configuration/system.net/mailSettings/smtp/network/@host (line 4)",
                "localhost:25",
                "relay",
                "site Intranet",
                true
            ),
            row(
                "iis",
                "D:\\Sites\\Portal\\Config\\smtp.config :: smtp/network/@host (line 3)",
                "smtp.office365.com:587",
                "exo-direct",
                "site Portal",
                false
            ),
            row(
                "iis-smtp-service",
                "C:\\Windows\\System32\\inetsrv\\MetaBase.xml :: IIsSmtpServer[@Location='/LM/SmtpSvc/1']/@SmartHost (line 13)",
                "smtp.office365.com:587",
                "exo-direct",
                "service SMTPSVC | automatic | LocalSystem",
                false
            ),
            row(
                "other-addons",
                "C:\\Program Files\\ACME\\Mailer\\AcmeMailer.exe.config :: SmtpHost (line 4)",
                "127.0.0.1",
                "relay",
                "service ACME Invoice Mailer | automatic | CONTOSO\\svc-acme",
                true
            ),
            row(
                "scripts-and-tasks",
                "C:\\Scripts\\Daily Sales.ps1 :: Send-MailMessage -SmtpServer (line 6)",
                "smtp.office365.com",
                "exo-direct",
                "task \\Reports\\Daily Sales Report | CONTOSO\\svc-reports | daily 07:00",
                false
            ),
            row(
                "scripts-and-tasks",
                "C:\\Scripts\\disk-alert.vbs :: CDO smtpserver (line 6)",
                "localhost",
                "relay",
                "-",
                true
            ),
            row(
                "scripts-and-tasks",
                "C:\\Scripts\\export.bat :: blat -server (line 4)",
                "smtp.office365.com:587",
                "exo-direct",
                "-",
                false
            ),
            row(
                "scripts-and-tasks",
                "C:\\Windows\\System32\\Tasks\\Backup Notice :: Task/Actions/SendEmail/Server (line 17)",
                "smtp.office365.com",
                "exo-direct",
                "task \\Backup Notice | SYSTEM | weekly Monday,Friday 06:30",
                false
            ),
            row(
                "ssrs",
                "E:\\ReportServer\\SSRS\\ReportServer\\rsreportserver.config :: Configuration/Extensions/Delivery/Extension/Configuration/RSEmailDPConfiguration/SMTPServer (line 7)",
                "",
                "not-used",
                "-",
                true
            ),
        ]
    );
    // Dedicated sources are sure; the content search is not, unless a task, site or service
    // owns the file.
    let confidence = |path_end: &str| {
        report
            .findings
            .iter()
            .find(|f| f.location.display().contains(path_end))
            .map(|f| f.confidence)
    };
    use overstap::detect::Confidence::*;
    assert_eq!(confidence("MetaBase.xml"), Some(High));
    assert_eq!(confidence("Backup Notice"), Some(High));
    assert_eq!(confidence("Daily Sales.ps1"), Some(Medium));
    assert_eq!(confidence("AcmeMailer.exe.config"), Some(Medium));
    assert_eq!(confidence("export.bat"), Some(Low));
    // Ids are unique and stable.
    let mut ids: Vec<&str> = report.findings.iter().map(|f| f.id.as_str()).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), report.findings.len());
    assert_eq!(
        scan().findings,
        report.findings,
        "a rescan gives the same ids"
    );
    let chains = report.chains();
    assert_eq!(chains.len(), 1);
    assert_eq!(chains[0].senders.len(), 6);
}

#[test]
fn no_password_from_the_plumbing_reaches_any_output() {
    let report = scan();
    let catalog = Catalog::embedded();
    let mut session = Session::default();
    let mut outputs = vec![overstap::cli::scan_json(&report), format!("{report:?}")];
    for language in [Language::En, Language::Nl] {
        let l10n = Localizer::new(language);
        session.apply_scan(&catalog, &report, &l10n);
        outputs.push(overstap::cli::scan_table(&report, &catalog, &l10n));
        outputs.push(session.to_json());
        outputs.push(overstap::report::html(
            &session,
            &catalog,
            &l10n,
            chrono::Local::now(),
        ));
    }
    for output in &outputs {
        for secret in SECRETS {
            assert!(!output.contains(secret), "{secret} leaked:\n{output}");
        }
    }
    // The chain reaches the customer's file: the report names the relay under each sender.
    let report_html = outputs.last().expect("report");
    assert!(
        report_html.contains("via IIS SMTP-service (lokale relay)"),
        "{report_html}"
    );
}

#[test]
fn the_json_carries_ids_owners_and_the_chain() {
    let report = scan();
    let json: serde_json::Value =
        serde_json::from_str(&overstap::cli::scan_json(&report)).expect("json");
    assert_eq!(json["schema"], "overstap-scan/2");
    let findings = json["findings"].as_array().expect("findings");
    let relay_id = findings
        .iter()
        .find(|f| f["app"] == "iis-smtp-service")
        .map(|f| f["id"].clone())
        .expect("relay");
    let intranet = findings
        .iter()
        .find(|f| f["owner"]["name"] == "Intranet")
        .expect("intranet");
    assert_eq!(intranet["via"], relay_id);
    assert_eq!(intranet["owner"]["kind"], "site");
    assert_eq!(
        findings
            .iter()
            .filter(|f| f["owner"]["kind"] == "task")
            .count(),
        2
    );
}
