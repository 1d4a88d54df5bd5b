//! SQL Server through a real TDS conversation: `overstap::sql` (tiberius) against the in-test
//! endpoint of `support::tds` — Database Mail, a catalogue-known table, a value only the
//! whole-database search finds, bad logins, a table without permission, a database going
//! offline, cancel, and write-back with undo.
//!
//! With `OVERSTAP_TEST_MSSQL` set to an ADO.NET connection string, `real_server_*` runs the
//! same kind of search and update + undo against that server (README, "SQL Server tests").

use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

use overstap::catalog::Catalog;
use overstap::detect::{Classification, Location, ProblemKind};
use overstap::sql::search::{self, SearchRequest};
use overstap::sql::update::{self, DbMailChange};
use overstap::sql::{Auth, ConnParams, ServerName, SqlError};
use secrecy::SecretString;

use crate::support::tds::{
    Account, ColType, Database, DatabaseMail, Endpoint, Fixture, Request, Table, Tls,
};

pub const EXO_XML: &str =
    "<Settings><Exchange><Server>smtp.office365.com</Server><Port>587</Port></Exchange></Settings>";

/// The planted server: Database Mail through Exchange Online with a user name (and a relay
/// account), ELIS's configuration database (catalogue-known), and an add-on table that only the
/// whole-database search finds.
pub fn fixture() -> Fixture {
    let elis = Database::new(
        "ELISConfig",
        vec![
            Table::new(
                "Server",
                &[("ID", ColType::Int), ("Name", ColType::NVarChar)],
                &["ID"],
            )
            .row(&[Some("1"), Some("APP01")]),
            Table::new(
                "LinkedServers",
                &[("ID", ColType::Int), ("Name", ColType::NVarChar)],
                &["ID"],
            ),
            Table::new(
                "Products",
                &[("ID", ColType::Int), ("Name", ColType::NVarChar)],
                &["ID"],
            ),
            Table::new(
                "Clients",
                &[
                    ("ID", ColType::Int),
                    ("Domain", ColType::NVarChar),
                    ("UserName", ColType::NVarChar),
                    ("Password", ColType::NVarChar),
                    ("Properties", ColType::NText),
                ],
                &["ID"],
            )
            .row(&[
                Some("7"),
                Some("contoso"),
                Some("svc-elis"),
                Some("Geheim-ELIS-1"),
                Some(EXO_XML),
            ]),
        ],
    );
    let addon = Database::new(
        "ShopAddon",
        vec![
            Table::new(
                "tblSettings",
                &[
                    ("SettingID", ColType::Int),
                    ("Name", ColType::VarChar),
                    ("Value", ColType::NVarChar),
                ],
                &["SettingID"],
            )
            .row(&[Some("1"), Some("Theme"), Some("dark")])
            .row(&[Some("12"), Some("MailHost"), Some("smtp.office365.com:587")])
            .row(&[Some("13"), Some("Contact"), Some("info@mail.contoso.nl")]),
            Table::new(
                "Orders",
                &[("OrderID", ColType::Int), ("Note", ColType::NVarChar)],
                &["OrderID"],
            )
            .row(&[Some("1"), Some("ship fast")]),
            Table::new("Numbers", &[("N", ColType::Int)], &["N"]),
        ],
    );
    Fixture {
        databases: vec![elis, addon],
        mail: DatabaseMail {
            accounts: vec![
                Account {
                    id: 1,
                    name: "Alerts".into(),
                    email: "alerts@contoso.com".into(),
                    display_name: "SQL alerts".into(),
                    replyto: String::new(),
                    description: String::new(),
                    server: "smtp.office365.com".into(),
                    server_type: "SMTP".into(),
                    port: 587,
                    ssl: true,
                    username: Some("alerts@contoso.com".into()),
                    password: Some("Mailbox-Wachtwoord-9".into()),
                    default_credentials: false,
                },
                Account {
                    id: 2,
                    name: "Reports".into(),
                    email: "reports@contoso.com".into(),
                    display_name: "Reports".into(),
                    server: "relay01.contoso.local".into(),
                    server_type: "SMTP".into(),
                    port: 25,
                    ..Account::default()
                },
            ],
            profiles: vec![(1, "AgentProfile".into()), (2, "Reports".into())],
            operators: vec!["DBA team".into()],
            agent_profile: Some("AgentProfile".into()),
            agent_denied: false,
        },
        ..Fixture::default()
    }
}

pub fn params(endpoint: &Endpoint) -> ConnParams {
    let mut params = ConnParams::new(
        ServerName::parse(&endpoint.server()).expect("server"),
        Auth::SqlLogin {
            user: "overstap".into(),
            password: SecretString::from("Sup3r-Geheim!".to_owned()),
        },
    );
    // The endpoint has no TLS; real servers keep the default.
    params.encrypt = false;
    params.connect_timeout = Duration::from_secs(5);
    params
}

fn search(endpoint: &Endpoint, databases: &[&str]) -> Result<search::SearchOutcome, SqlError> {
    let request = SearchRequest {
        conn: params(endpoint),
        databases: databases.iter().map(|d| (*d).to_owned()).collect(),
    };
    let never = AtomicBool::new(false);
    search::search_blocking(&request, &Catalog::embedded(), &never, &|_| {})
}

fn location(finding: &overstap::detect::Finding) -> (String, String, String, String, String) {
    match &finding.location {
        Location::Database {
            database,
            schema,
            table,
            column,
            row_key,
            ..
        } => (
            database.clone(),
            schema.clone(),
            table.clone(),
            column.clone(),
            row_key.clone(),
        ),
        other => panic!("not a database location: {other:?}"),
    }
}

#[test]
fn the_planted_values_are_found_with_exact_locations() {
    let endpoint = Endpoint::start(fixture());
    let outcome = search(&endpoint, &["ShopAddon"]).expect("search");
    assert!(outcome.errors.is_empty(), "{:?}", outcome.errors);
    let by_app =
        |app: &str| -> Vec<_> { outcome.findings.iter().filter(|f| f.app == app).collect() };

    let mail = by_app("sql-database-mail");
    assert_eq!(mail.len(), 2, "{mail:#?}");
    let exo = mail
        .iter()
        .find(|f| f.value == "smtp.office365.com:587")
        .expect("EXO account");
    assert_eq!(exo.classification, Classification::ExoDirect);
    assert_eq!(
        location(exo),
        (
            "msdb".into(),
            "dbo".into(),
            "sysmail_server".into(),
            "servername".into(),
            "account_id=1".into()
        )
    );
    assert_eq!(exo.evidence.args["profiles"], "AgentProfile");
    assert_eq!(
        exo.evidence.args["operators"], "DBA team",
        "SQL Agent alerts go through it"
    );
    assert_eq!(exo.evidence.args["password"], "yes");
    let relay = mail
        .iter()
        .find(|f| f.value == "relay01.contoso.local:25")
        .expect("relay");
    assert_eq!(relay.classification, Classification::Relay);
    assert_eq!(relay.evidence.args["operators"], "-");

    let elis = by_app("exact-elis");
    assert_eq!(elis.len(), 1, "{elis:#?}");
    assert_eq!(
        location(elis[0]),
        (
            "ELISConfig".into(),
            "dbo".into(),
            "Clients".into(),
            "Properties".into(),
            "ID=7".into()
        )
    );
    assert_eq!(elis[0].value, "smtp.office365.com");
    assert_eq!(elis[0].classification, Classification::ExoDirect);

    let other = by_app("other-addons");
    assert_eq!(
        other.len(),
        1,
        "only the mail host, not the e-mail address: {other:#?}"
    );
    assert_eq!(
        location(other[0]),
        (
            "ShopAddon".into(),
            "dbo".into(),
            "tblSettings".into(),
            "Value".into(),
            "SettingID=12".into()
        )
    );
    assert_eq!(other[0].value, "smtp.office365.com:587");

    // Nothing a finding carries is a password from the tables.
    let json = serde_json::to_string(&outcome.findings).expect("json");
    for secret in ["Geheim-ELIS-1", "Mailbox-Wachtwoord-9", "Sup3r-Geheim!"] {
        assert!(!json.contains(secret), "{secret} leaked");
    }
}

#[test]
fn the_queries_are_read_only_parameterised_quoted_and_batched() {
    let endpoint = Endpoint::start(fixture());
    let outcome = search(&endpoint, &["ShopAddon"]).expect("search");
    let statements = endpoint.statements();
    assert!(
        statements[0].starts_with(
            "SET TRANSACTION ISOLATION LEVEL READ UNCOMMITTED; SET LOCK_TIMEOUT 5000;"
        ),
        "read-only session first: {}",
        statements[0]
    );
    for sql in &statements {
        let upper = sql.to_uppercase();
        for verb in ["UPDATE ", "INSERT ", "DELETE ", "EXEC(", "ALTER ", "DROP "] {
            assert!(!upper.contains(verb), "a search never writes: {sql}");
        }
        assert!(
            !sql.contains("office365"),
            "patterns travel as parameters: {sql}"
        );
    }
    let requests = endpoint.requests();
    let searches: Vec<&Request> = requests
        .iter()
        .filter(|r| {
            r.statement()
                .is_some_and(|s| s.contains("FROM [ShopAddon].[dbo]."))
        })
        .collect();
    // One round trip per table with character columns (tblSettings, Orders; not Numbers).
    assert_eq!(searches.len(), 2, "{searches:#?}");
    assert_eq!(outcome.stats.batches, 2);
    let settings = searches
        .iter()
        .find(|r| r.statement().is_some_and(|s| s.contains("[tblSettings]")))
        .expect("tblSettings searched");
    let Request::Rpc { procedure, params } = settings else {
        panic!("a search is an RPC: {settings:?}");
    };
    assert_eq!(procedure, "sp_executesql");
    let values: Vec<String> = params
        .iter()
        .filter_map(|(_, v)| v.text().map(str::to_owned))
        .collect();
    assert!(values.contains(&"%office365.com%".to_owned()), "{values:?}");
    let sql = settings.statement().expect("statement");
    assert!(sql.contains("CROSS APPLY (VALUES (0, CAST(t.[Name] AS nvarchar(max))), (1, CAST(t.[Value] AS nvarchar(max))))"), "{sql}");
    assert!(sql.contains("LIKE @P2 OR v.[value] LIKE @P3"), "{sql}");
    // The catalogue-known table is read by its column, every row.
    assert!(
        statements
            .iter()
            .any(|s| s.contains("FROM [ELISConfig].[dbo].[Clients] AS t")
                && s.contains("CAST(t.[Properties] AS nvarchar(max))")
                && s.contains("WHERE v.[value] IS NOT NULL"))
    );
    // ELISConfig was not ticked: no whole-database search of its other tables.
    assert!(
        !statements
            .iter()
            .any(|s| s.contains("[ELISConfig].[dbo].[Server] AS t"))
    );
}

#[test]
fn a_hostile_table_name_stays_a_name() {
    let mut f = fixture();
    f.databases[1].tables.push(
        Table::new(
            "x]; DROP TABLE Orders; --",
            &[("ID", ColType::Int), ("Host", ColType::NVarChar)],
            &["ID"],
        )
        .row(&[Some("3"), Some("smtp.office365.com")]),
    );
    let endpoint = Endpoint::start(f);
    let outcome = search(&endpoint, &["ShopAddon"]).expect("search");
    assert!(
        endpoint
            .statements()
            .iter()
            .any(|s| s.contains("FROM [ShopAddon].[dbo].[x]]; DROP TABLE Orders; --] AS t"))
    );
    assert!(
        outcome
            .findings
            .iter()
            .any(|f| location(f).2 == "x]; DROP TABLE Orders; --")
    );
}

#[test]
fn a_wrong_password_is_a_clear_login_error() {
    let endpoint = Endpoint::start(fixture());
    let mut wrong = params(&endpoint);
    wrong.auth = Auth::SqlLogin {
        user: "overstap".into(),
        password: SecretString::from("wrong".to_owned()),
    };
    let error = overstap::sql::block_on(search::test_connection(&wrong))
        .expect("runtime")
        .expect_err("refused");
    assert!(matches!(error, SqlError::LoginFailed { .. }), "{error:?}");
    let l10n = overstap::i18n::Localizer::new(overstap::i18n::Language::Nl);
    let text = error.localize(&l10n);
    assert!(text.contains("SQL Server weigert de aanmelding"), "{text}");
    assert!(
        !text.contains("wrong"),
        "the password is never repeated: {text}"
    );
}

#[test]
fn an_unreachable_server_and_a_missing_instance_are_clear_errors() {
    let closed = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = closed.local_addr().expect("addr").port();
    drop(closed);
    let mut p = params(&Endpoint::start(fixture()));
    p.server = ServerName::parse(&format!("127.0.0.1,{port}")).expect("name");
    let error = overstap::sql::block_on(search::test_connection(&p))
        .expect("rt")
        .expect_err("no server");
    assert!(
        matches!(error, SqlError::ServerNotFound { .. }),
        "{error:?}"
    );

    // A named instance whose SQL Browser does not answer (nobody on that UDP port).
    let udp = std::net::UdpSocket::bind("127.0.0.1:0").expect("udp");
    p.browser_port = udp.local_addr().expect("addr").port();
    drop(udp);
    p.server = ServerName::parse("127.0.0.1\\EXACT").expect("name");
    let start = Instant::now();
    let error = overstap::sql::block_on(search::test_connection(&p))
        .expect("rt")
        .expect_err("no browser");
    assert!(
        matches!(error, SqlError::ServerNotFound { .. }),
        "{error:?}"
    );
    assert!(
        start.elapsed() < Duration::from_secs(4),
        "SQL Browser has a deadline"
    );
}

#[test]
fn a_named_instance_is_found_through_sql_browser() {
    let endpoint = Endpoint::start(fixture());
    let udp = std::net::UdpSocket::bind("127.0.0.1:0").expect("udp");
    let browser_port = udp.local_addr().expect("addr").port();
    let sql_port = endpoint.port;
    std::thread::spawn(move || {
        let mut buffer = [0u8; 512];
        for _ in 0..4 {
            let Ok((n, from)) = udp.recv_from(&mut buffer) else {
                return;
            };
            let asked = &buffer[..n];
            if asked.first() == Some(&0x04) || asked.first() == Some(&0x03) {
                let text = format!(
                    "ServerName;SQLTEST;InstanceName;EXACT;IsClustered;No;Version;16.0.1000.6;tcp;{sql_port};;"
                );
                let mut answer = vec![0x05];
                answer.extend((text.len() as u16).to_le_bytes());
                answer.extend(text.as_bytes());
                let _ = udp.send_to(&answer, from);
            }
        }
    });
    let mut p = params(&endpoint);
    p.server = ServerName::parse("127.0.0.1\\EXACT").expect("name");
    p.browser_port = browser_port;
    let info = overstap::sql::block_on(search::test_connection(&p))
        .expect("rt")
        .expect("connected");
    assert_eq!(info.server_name, "SQLTEST");
    assert_eq!(info.databases.len(), 2);
    let listed = overstap::sql::block_on(overstap::sql::discover::from_browser(
        "127.0.0.1",
        browser_port,
    ))
    .expect("rt")
    .expect("listed");
    assert_eq!(listed[0].tcp_port, Some(sql_port));
}

#[test]
fn encryption_is_on_by_default_and_the_certificate_is_checked_unless_trusted() {
    assert!(ConnParams::new(ServerName::parse("x").expect("x"), Auth::Integrated).encrypt);
    let test = |endpoint: &Endpoint, encrypt: bool, trust: bool| {
        let mut p = params(endpoint);
        p.encrypt = encrypt;
        p.trust_server_certificate = trust;
        overstap::sql::block_on(search::test_connection(&p)).expect("rt")
    };

    // A server without any encryption: refused while encryption is asked for.
    let plain = Endpoint::start(fixture());
    let error = test(&plain, true, false).expect_err("no TLS there");
    assert!(matches!(error, SqlError::Encryption { .. }), "{error:?}");

    // A server with a self-signed certificate: not trusted by default, fine when trusted.
    let mut f = fixture();
    f.tls = Tls::Offered;
    let offered = Endpoint::start(f);
    let error = test(&offered, true, false).expect_err("self-signed");
    assert!(
        matches!(error, SqlError::CertificateNotTrusted { .. }),
        "{error:?}"
    );
    let l10n = overstap::i18n::Localizer::new(overstap::i18n::Language::En);
    assert!(
        error
            .localize(&l10n)
            .contains("Trust the server certificate")
    );
    let info = test(&offered, true, true).expect("encrypted and trusted");
    assert_eq!(info.server_name, "SQLTEST");

    // A server that requires TLS: encrypted even when the admin switched encryption off, and
    // its certificate is still checked.
    let mut f = fixture();
    f.tls = Tls::Required;
    let required = Endpoint::start(f);
    let error = test(&required, false, false).expect_err("self-signed");
    assert!(
        matches!(error, SqlError::CertificateNotTrusted { .. }),
        "{error:?}"
    );
    test(&required, false, true).expect("connected");
}

#[test]
fn the_search_works_over_tls() {
    let mut f = fixture();
    f.tls = Tls::Required;
    let endpoint = Endpoint::start(f);
    let mut p = params(&endpoint);
    p.encrypt = true;
    p.trust_server_certificate = true;
    let request = SearchRequest {
        conn: p,
        databases: vec!["ShopAddon".into()],
    };
    let never = AtomicBool::new(false);
    let outcome =
        search::search_blocking(&request, &Catalog::embedded(), &never, &|_| {}).expect("search");
    assert_eq!(outcome.findings.len(), 4, "{:#?}", outcome.findings);
}

#[test]
fn a_table_without_permission_is_listed_and_the_search_goes_on() {
    let mut f = fixture();
    f.databases[1].tables[1].denied = true;
    let endpoint = Endpoint::start(f);
    let outcome = search(&endpoint, &["ShopAddon"]).expect("search");
    assert_eq!(outcome.errors.len(), 1, "{:?}", outcome.errors);
    assert_eq!(outcome.errors[0].kind, ProblemKind::PermissionDenied);
    assert!(
        outcome.errors[0].path.ends_with("ShopAddon.dbo.Orders"),
        "{}",
        outcome.errors[0].path
    );
    assert!(outcome.findings.iter().any(|f| f.app == "other-addons"));
}

#[test]
fn a_database_going_offline_mid_search_is_listed_and_the_others_are_searched() {
    let mut f = fixture();
    let mut big = Database::new("Archive", Vec::new());
    for i in 0..6 {
        big.tables.push(
            Table::new(
                &format!("T{i}"),
                &[("ID", ColType::Int), ("Text", ColType::NVarChar)],
                &["ID"],
            )
            .row(&[Some("1"), Some("nothing")]),
        );
    }
    big.offline_after = Some(2);
    f.databases.insert(0, big);
    let endpoint = Endpoint::start(f);
    let outcome = search(&endpoint, &["Archive", "ShopAddon"]).expect("search");
    let offline: Vec<_> = outcome
        .errors
        .iter()
        .filter(|e| matches!(&e.kind, ProblemKind::Sql { problem, .. } if problem == "database-unavailable"))
        .collect();
    assert_eq!(
        offline.len(),
        1,
        "one entry for the database, not one per table: {:?}",
        outcome.errors
    );
    assert!(offline[0].path.ends_with("Archive"));
    assert!(
        outcome.findings.iter().any(|f| f.app == "other-addons"),
        "ShopAddon was still searched"
    );
}

#[test]
fn cancel_stops_a_slow_search_within_a_second_with_an_attention() {
    let mut f = fixture();
    f.databases[1].tables[0].delay = Duration::from_secs(20);
    let endpoint = Endpoint::start(f);
    let request = SearchRequest {
        conn: params(&endpoint),
        databases: vec!["ShopAddon".into()],
    };
    let cancel = Arc::new(AtomicBool::new(false));
    let flag = Arc::clone(&cancel);
    let started = Arc::new(AtomicBool::new(false));
    let seen = Arc::clone(&started);
    let worker = std::thread::spawn(move || {
        search::search_blocking(&request, &Catalog::embedded(), &flag, &|p| {
            if p.current.contains("tblSettings") {
                seen.store(true, std::sync::atomic::Ordering::Relaxed);
            }
        })
    });
    let waiting = Instant::now();
    while !started.load(std::sync::atomic::Ordering::Relaxed) {
        assert!(
            waiting.elapsed() < Duration::from_secs(10),
            "the slow table never started"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
    std::thread::sleep(Duration::from_millis(200));
    let asked = Instant::now();
    cancel.store(true, std::sync::atomic::Ordering::Relaxed);
    let result = worker.join().expect("join");
    assert!(
        asked.elapsed() < Duration::from_secs(1),
        "took {:?}",
        asked.elapsed()
    );
    assert!(matches!(result, Err(SqlError::Cancelled)), "{result:?}");
    assert!(
        endpoint.requests().contains(&Request::Attention),
        "an attention was sent"
    );
}

fn clients_properties(endpoint: &Endpoint) -> Location {
    Location::Database {
        server: endpoint.server(),
        database: "ELISConfig".into(),
        schema: "dbo".into(),
        table: "Clients".into(),
        column: "Properties".into(),
        row_key: "ID=7".into(),
    }
}

#[test]
fn an_update_and_its_undo_round_trip_with_nothing_lost() {
    let endpoint = Endpoint::start(fixture());
    let new = EXO_XML.replace("smtp.office365.com", "127.0.0.1");
    let mut saved = Vec::new();
    let before = update::update_cell(
        &params(&endpoint),
        &clients_properties(&endpoint),
        EXO_XML,
        &new,
        &mut |b| {
            saved.push(b.clone());
            Ok(())
        },
    )
    .expect("updated");
    assert_eq!(saved.len(), 1, "the before-image is saved first");
    assert_eq!(before.old.as_deref(), Some(EXO_XML));
    assert_eq!(
        endpoint
            .cell("ELISConfig", "Clients", "7", "Properties")
            .as_deref(),
        Some(new.as_str())
    );
    assert!(
        !format!("{before:?}").contains("office365"),
        "Debug shows the place only"
    );
    let statements = endpoint.statements();
    assert!(statements.iter().any(|s| s.starts_with("SELECT CAST(t.[Properties] AS nvarchar(max)) FROM [ELISConfig].[dbo].[Clients] AS t WITH (UPDLOCK, HOLDLOCK) WHERE t.[ID] = @P1")));
    assert!(statements.iter().any(|s| s.starts_with("UPDATE t SET [Properties] = @P2 FROM [ELISConfig].[dbo].[Clients] AS t WHERE t.[ID] = @P1 AND CAST(t.[Properties] AS nvarchar(max)) = @P3")));
    assert!(
        !statements.iter().any(|s| s.contains("127.0.0.1")),
        "values are parameters"
    );

    update::restore(&params(&endpoint), &before).expect("restored");
    assert_eq!(
        endpoint
            .cell("ELISConfig", "Clients", "7", "Properties")
            .as_deref(),
        Some(EXO_XML)
    );
    // Other columns of the row were never touched.
    assert_eq!(
        endpoint
            .cell("ELISConfig", "Clients", "7", "Password")
            .as_deref(),
        Some("Geheim-ELIS-1")
    );
}

#[test]
fn an_update_is_refused_when_the_value_changed_and_rolled_back_when_the_backup_fails() {
    let endpoint = Endpoint::start(fixture());
    let location = clients_properties(&endpoint);
    let error = update::update_cell(
        &params(&endpoint),
        &location,
        "<old/>",
        "<new/>",
        &mut |_| Ok(()),
    )
    .expect_err("changed since the scan");
    assert_eq!(error, SqlError::Changed);
    let error = update::update_cell(
        &params(&endpoint),
        &location,
        EXO_XML,
        "<new/>",
        &mut |_| Err("disk full".into()),
    )
    .expect_err("no backup, no change");
    assert!(matches!(error, SqlError::Backup { .. }), "{error:?}");
    assert_eq!(
        endpoint
            .cell("ELISConfig", "Clients", "7", "Properties")
            .as_deref(),
        Some(EXO_XML)
    );
    assert!(
        endpoint
            .statements()
            .iter()
            .any(|s| s == "IF @@TRANCOUNT > 0 ROLLBACK TRANSACTION")
    );
    // Undo after someone else changed the value: refused, their change stays.
    let before = update::update_cell(
        &params(&endpoint),
        &location,
        EXO_XML,
        "<mine/>",
        &mut |_| Ok(()),
    )
    .expect("updated");
    update::update_cell(
        &params(&endpoint),
        &location,
        "<mine/>",
        "<theirs/>",
        &mut |_| Ok(()),
    )
    .expect("theirs");
    assert_eq!(
        update::restore(&params(&endpoint), &before),
        Err(SqlError::Changed)
    );
    assert_eq!(
        endpoint
            .cell("ELISConfig", "Clients", "7", "Properties")
            .as_deref(),
        Some("<theirs/>")
    );
}

#[test]
fn database_mail_is_changed_through_sysmail_update_account_sp_and_restored() {
    let endpoint = Endpoint::start(fixture());
    let change = DbMailChange {
        mailserver_name: "localhost".into(),
        port: 25,
        enable_ssl: false,
        username: Some("alerts@contoso.com".into()),
        password: None,
        use_default_credentials: false,
    };
    let mut saved = None;
    let before = update::update_dbmail_account(&params(&endpoint), 1, None, &change, &mut |b| {
        saved = Some(b.clone());
        Ok(())
    })
    .expect("changed");
    assert_eq!(saved.as_ref(), Some(&before));
    assert_eq!(before.mailserver_name, "smtp.office365.com");
    {
        let f = endpoint.fixture.lock().expect("fixture");
        let account = &f.mail.accounts[0];
        assert_eq!(
            (account.server.as_str(), account.port, account.ssl),
            ("localhost", 25, false)
        );
        assert_eq!(
            account.password.as_deref(),
            Some("Mailbox-Wachtwoord-9"),
            "no password passed: the stored one stays"
        );
    }
    let rpc = endpoint
        .requests()
        .into_iter()
        .find_map(|r| match r {
            Request::Rpc { procedure, params }
                if procedure == "msdb.dbo.sysmail_update_account_sp" =>
            {
                Some(params)
            }
            _ => None,
        })
        .expect("the documented procedure, as an RPC");
    let names: Vec<&str> = rpc.iter().map(|(n, _)| n.as_str()).collect();
    for needed in [
        "@account_id",
        "@display_name",
        "@replyto_address",
        "@mailserver_name",
        "@port",
        "@enable_ssl",
    ] {
        assert!(names.contains(&needed), "{needed} in {names:?}");
    }
    update::restore_dbmail_account(&params(&endpoint), &before, &change, None).expect("restored");
    let f = endpoint.fixture.lock().expect("fixture");
    let account = &f.mail.accounts[0];
    assert_eq!(
        (account.server.as_str(), account.port, account.ssl),
        ("smtp.office365.com", 587, true)
    );
    assert_eq!(account.password.as_deref(), Some("Mailbox-Wachtwoord-9"));
}

#[test]
fn the_cli_finds_the_planted_values_as_json() {
    let endpoint = Endpoint::start(fixture());
    let connection = format!(
        "Server={};User ID=overstap;Encrypt=False",
        endpoint.server()
    );
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_overstap"))
        .args([
            "scan",
            "--sql",
            &connection,
            "--sql-db",
            "ShopAddon",
            "--json",
        ])
        .env("OVERSTAP_SQL_PASSWORD", "Sup3r-Geheim!")
        .output()
        .expect("run overstap");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(
        output.status.code(),
        Some(1),
        "Exchange Online basic auth found: {stdout} {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let json: serde_json::Value = serde_json::from_str(&stdout).expect("json");
    let findings = json["findings"].as_array().expect("findings");
    for (app, table) in [
        ("sql-database-mail", "sysmail_server"),
        ("exact-elis", "Clients"),
        ("other-addons", "tblSettings"),
    ] {
        assert!(
            findings.iter().any(|f| f["app"] == app
                && f["location"]["table"] == table
                && f["location"]["kind"] == "database"),
            "{app} in {stdout}"
        );
    }
    assert!(!stdout.contains("Sup3r-Geheim!") && !stdout.contains("Mailbox-Wachtwoord-9"));

    let bad = std::process::Command::new(env!("CARGO_BIN_EXE_overstap"))
        .args(["scan", "--sql", &connection, "--json"])
        .env("OVERSTAP_SQL_PASSWORD", "wrong")
        .output()
        .expect("run overstap");
    let json: serde_json::Value = serde_json::from_slice(&bad.stdout).expect("json");
    assert_eq!(
        json["errors"][0]["kind"]["problem"], "login-failed",
        "{json}"
    );
}

/// The same search and an update + undo against a real SQL Server, when one is named.
#[test]
fn real_server_search_and_update_round_trip() {
    let Ok(connection) = std::env::var("OVERSTAP_TEST_MSSQL") else {
        eprintln!(
            "real_server_search_and_update_round_trip: skipped, OVERSTAP_TEST_MSSQL is not set"
        );
        return;
    };
    let conn =
        ConnParams::parse(&connection, None).expect("OVERSTAP_TEST_MSSQL is a connection string");
    let database = format!("overstap_test_{}", std::process::id());
    let setup = [
        format!("CREATE DATABASE [{database}]"),
        format!(
            "CREATE TABLE [{database}].dbo.Settings (ID int PRIMARY KEY, Name varchar(50), Value nvarchar(200))"
        ),
        format!(
            "INSERT INTO [{database}].dbo.Settings VALUES (1, 'Theme', N'dark'), (12, 'MailHost', N'smtp.office365.com:587')"
        ),
    ];
    run_sql(&conn, &setup);
    let request = SearchRequest {
        conn: conn.clone(),
        databases: vec![database.clone()],
    };
    let never = AtomicBool::new(false);
    let outcome = search::search_blocking(&request, &Catalog::embedded(), &never, &|_| {});
    let location = Location::Database {
        server: conn.label(),
        database: database.clone(),
        schema: "dbo".into(),
        table: "Settings".into(),
        column: "Value".into(),
        row_key: "ID=12".into(),
    };
    let updated = update::update_cell(
        &conn,
        &location,
        "smtp.office365.com:587",
        "localhost:25",
        &mut |_| Ok(()),
    );
    let restored = updated
        .as_ref()
        .ok()
        .map(|before| update::restore(&conn, before));
    run_sql(&conn, &[format!("DROP DATABASE [{database}]")]);
    let outcome = outcome.expect("search");
    assert!(
        outcome.findings.iter().any(
            |f| matches!(&f.location, Location::Database { table, .. } if table == "Settings")
        )
    );
    updated.expect("updated");
    restored.expect("restore ran").expect("restored");
}

fn run_sql(conn: &ConnParams, statements: &[String]) {
    overstap::sql::block_on(async {
        let mut client = overstap::sql::conn::connect(conn, None)
            .await
            .expect("connect");
        for sql in statements {
            client
                .simple_query(sql.as_str())
                .await
                .expect("query")
                .into_results()
                .await
                .expect("results");
        }
    })
    .expect("runtime");
}

#[test]
fn instances_come_from_the_registry_with_their_tcp_ports() {
    let export = overstap::detect::regfile::parse(
        "Windows Registry Editor Version 5.00\r\n\r\n\
         [HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Microsoft SQL Server\\Instance Names\\SQL]\r\n\
         \"MSSQLSERVER\"=\"MSSQL16.MSSQLSERVER\"\r\n\
         \"EXACT\"=\"MSSQL15.EXACT\"\r\n\r\n\
         [HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Microsoft SQL Server\\MSSQL16.MSSQLSERVER\\MSSQLServer\\SuperSocketNetLib\\Tcp\\IPAll]\r\n\
         \"TcpPort\"=\"1433\"\r\n\"TcpDynamicPorts\"=\"\"\r\n\r\n\
         [HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Microsoft SQL Server\\MSSQL15.EXACT\\MSSQLServer\\SuperSocketNetLib\\Tcp\\IPAll]\r\n\
         \"TcpPort\"=\"\"\r\n\"TcpDynamicPorts\"=\"49702\"\r\n",
    )
    .expect("reg");
    let found = overstap::sql::discover::from_registry(&export);
    let shown: Vec<String> = found
        .iter()
        .map(|i| i.server_name("SQL01").display())
        .collect();
    assert_eq!(shown, ["SQL01\\EXACT,49702", "SQL01,1433"]);
}

#[test]
fn connection_strings_and_server_names_are_read_without_echoing_a_password() {
    let p = ConnParams::parse(
        "Server=tcp:SQL01\\EXACT;User ID=sa;Password=\"a;b=c\";TrustServerCertificate=True",
        None,
    )
    .expect("parsed");
    assert_eq!(p.server.display(), "SQL01\\EXACT");
    assert!(p.trust_server_certificate && p.encrypt);
    assert!(
        !format!("{p:?}").contains("a;b=c"),
        "Debug hides the password"
    );
    assert!(matches!(
        ConnParams::parse("SQL01,1433", None).expect("name").auth,
        Auth::Integrated
    ));
    let error = ConnParams::parse("User ID=sa;Password=TopSecret", None).expect_err("no server");
    assert!(!error.to_string().contains("TopSecret"));
    assert!(ServerName::parse("SQL01,99999").is_err());
    assert!(ServerName::parse("bad host!").is_err());
    assert_eq!(
        ServerName::parse(".\\SQLEXPRESS").expect("local").display(),
        "localhost\\SQLEXPRESS"
    );
}

/// Write-back of Database Mail: the plan hands the admin T-SQL that calls Microsoft's procedure
/// with the account's own values read back, only the server part changed, and checks the account
/// still uses the server the scan saw. An account name with a line break stays in its comment.
#[test]
fn database_mail_is_planned_as_t_sql_through_the_relay() {
    let mut planted = fixture();
    planted.mail.accounts[0].name = "Alerts\r\nDROP DATABASE msdb; --".into();
    let endpoint = Endpoint::start(planted);
    let outcome = search(&endpoint, &[]).expect("search");
    let report = overstap::detect::ScanReport {
        findings: outcome.findings,
        ..Default::default()
    };
    let relay = overstap::writeback::RelayTarget {
        host: "127.0.0.1".into(),
        port: 2525,
        tls: false,
    };
    let catalog = Catalog::embedded();
    let dir = tempfile::tempdir().expect("temp");
    let machine = overstap::detect::platform::Machine::open(
        &overstap::detect::platform::ScanTarget::Snapshot {
            root: dir.path().to_path_buf(),
            registry: None,
        },
    )
    .expect("machine");
    let plan = overstap::plan::build(
        &report,
        &catalog,
        &machine,
        overstap::detect::ScanSource::ThisServer,
        &relay,
        chrono::Utc::now(),
    );
    let mut routes: Vec<(&str, &str)> = plan
        .items
        .iter()
        .filter(|i| i.app == "sql-database-mail")
        .map(|i| (i.before.as_str(), i.route.key()))
        .collect();
    routes.sort();
    assert_eq!(
        routes,
        vec![
            ("relay01.contoso.local:25", "no-change"),
            ("smtp.office365.com:587", "run-sql")
        ],
        "the relay account is IT's to check; the Exchange Online one changes"
    );
    let script = plan
        .items
        .iter()
        .find_map(|i| match &i.route {
            overstap::plan::Route::RunSql { script } => Some(script.clone()),
            _ => None,
        })
        .expect("T-SQL");
    // Every statement line is ours: the hostile name is only inside a comment line.
    for line in script.lines() {
        if line.contains("DROP DATABASE") {
            assert!(line.starts_with("-- "), "escaped its comment: {line}");
        }
    }
    assert!(script.contains("DECLARE @account_id int = 1;"), "{script}");
    assert!(
        script.contains("@server <> N'smtp.office365.com'"),
        "{script}"
    );
    assert!(
        script.contains("@mailserver_name = N'127.0.0.1', @mailserver_type = @type, @port = 2525,"),
        "{script}"
    );
    assert!(
        script.contains(
            "@username = NULL, @password = NULL, @use_default_credentials = 0, @enable_ssl = 0;"
        ),
        "{script}"
    );
    // The arguments without a default come from the row itself, in both branches.
    assert_eq!(
        script
            .matches("EXEC msdb.dbo.sysmail_update_account_sp")
            .count(),
        2
    );
    assert_eq!(script.matches("@timeout = @timeout").count(), 1);
    for argument in ["@display_name = @display", "@replyto_address = @replyto"] {
        assert_eq!(script.matches(argument).count(), 2, "{argument}: {script}");
    }
    assert!(!script.contains("Mailbox-Wachtwoord-9"));
    // The registration serves Database Mail through the relay.
    assert!(
        plan.needs()
            .through_relay
            .contains(&"sql-database-mail".to_owned())
    );
}
