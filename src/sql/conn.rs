//! Connection parameters, connecting with deadlines, and the one error type of the SQL module.
//!
//! The admin names an instance as SQL Server's own tools do: `SQL01`, `SQL01\EXACT` (a named
//! instance, its port asked from SQL Browser) or `SQL01,1433`; the command line also takes an
//! ADO.NET connection string. Encryption is on unless switched off; the server's certificate is
//! checked unless the admin ticks "trust server certificate", which the page explains. Windows
//! integrated authentication exists on Windows only.

use std::time::Duration;

use secrecy::{ExposeSecret as _, SecretString};
use tokio::net::TcpStream;
use tokio_util::compat::{Compat, TokioAsyncWriteCompatExt as _};

use crate::i18n::Localizer;

/// A connected client.
pub type Client = tiberius::Client<Compat<TcpStream>>;

/// SQL Server's default port.
pub const DEFAULT_PORT: u16 = 1433;
/// SQL Browser's UDP port.
pub const BROWSER_PORT: u16 = 1434;

/// Why something in the SQL module failed. Texts for the admin come from [`SqlError::localize`];
/// a `detail` is the server's or the system's own message, which never holds the password.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SqlError {
    #[error("login failed: {detail}")]
    LoginFailed { detail: String },
    #[error("server not found: {detail}")]
    ServerNotFound { detail: String },
    #[error("the server's certificate is not trusted: {detail}")]
    CertificateNotTrusted { detail: String },
    #[error("encryption could not be agreed: {detail}")]
    Encryption { detail: String },
    #[error("no answer in time")]
    Timeout,
    #[error("no permission: {detail}")]
    NoPermission { detail: String },
    #[error("database not available: {detail}")]
    DatabaseUnavailable { detail: String },
    #[error("Windows integrated authentication works on Windows only")]
    IntegratedNeedsWindows,
    #[error("not a server name or connection string: {detail}")]
    BadConnection { detail: String },
    #[error("cancelled")]
    Cancelled,
    #[error("the value changed since the scan")]
    Changed,
    #[error("the row is gone")]
    RowNotFound,
    #[error("the table has no primary key")]
    NoRowKey,
    #[error("the value read back differs from the value written")]
    VerifyFailed,
    #[error("the before-image could not be saved: {detail}")]
    Backup { detail: String },
    #[error("SQL Server error {code}: {detail}")]
    Server { code: u32, detail: String },
    #[error("connection lost: {detail}")]
    Connection { detail: String },
    #[error("protocol error: {detail}")]
    Protocol { detail: String },
}

impl SqlError {
    /// Stable key for message ids (`sql-error-<key>`) and for scan error entries.
    pub fn key(&self) -> &'static str {
        match self {
            SqlError::LoginFailed { .. } => "login-failed",
            SqlError::ServerNotFound { .. } => "server-not-found",
            SqlError::CertificateNotTrusted { .. } => "certificate-not-trusted",
            SqlError::Encryption { .. } => "encryption",
            SqlError::Timeout => "timeout",
            SqlError::NoPermission { .. } => "no-permission",
            SqlError::DatabaseUnavailable { .. } => "database-unavailable",
            SqlError::IntegratedNeedsWindows => "integrated-needs-windows",
            SqlError::BadConnection { .. } => "bad-connection",
            SqlError::Cancelled => "cancelled",
            SqlError::Changed => "changed",
            SqlError::RowNotFound => "row-not-found",
            SqlError::NoRowKey => "no-row-key",
            SqlError::VerifyFailed => "verify-failed",
            SqlError::Backup { .. } => "backup",
            SqlError::Server { .. } => "server",
            SqlError::Connection { .. } => "connection",
            SqlError::Protocol { .. } => "protocol",
        }
    }

    /// Every key, for the locale check.
    pub const KEYS: [&'static str; 18] = [
        "login-failed",
        "server-not-found",
        "certificate-not-trusted",
        "encryption",
        "timeout",
        "no-permission",
        "database-unavailable",
        "integrated-needs-windows",
        "bad-connection",
        "cancelled",
        "changed",
        "row-not-found",
        "no-row-key",
        "verify-failed",
        "backup",
        "server",
        "connection",
        "protocol",
    ];

    pub fn detail(&self) -> String {
        match self {
            SqlError::LoginFailed { detail }
            | SqlError::ServerNotFound { detail }
            | SqlError::CertificateNotTrusted { detail }
            | SqlError::Encryption { detail }
            | SqlError::NoPermission { detail }
            | SqlError::DatabaseUnavailable { detail }
            | SqlError::BadConnection { detail }
            | SqlError::Backup { detail }
            | SqlError::Connection { detail }
            | SqlError::Protocol { detail } => detail.clone(),
            SqlError::Server { code, detail } => format!("{code}: {detail}"),
            _ => String::new(),
        }
    }

    /// The explanation in the admin's language: what happened and what to do.
    pub fn localize(&self, l10n: &Localizer) -> String {
        l10n.tr_args(
            &format!("sql-error-{}", self.key()),
            &[(
                "detail",
                crate::detect::text::shown(&self.detail(), 400).into(),
            )],
        )
    }

    /// Whether the rest of a database can still be searched after this error on one table.
    pub fn ends_database(&self) -> bool {
        matches!(
            self,
            SqlError::DatabaseUnavailable { .. }
                | SqlError::Connection { .. }
                | SqlError::Timeout
                | SqlError::Cancelled
                | SqlError::Protocol { .. }
        )
    }
}

/// SQL Server error numbers that mean one thing to the admin.
const LOGIN_FAILED: [u32; 3] = [18456, 18452, 18470];
const NO_PERMISSION: [u32; 8] = [229, 230, 262, 297, 300, 916, 15247, 15151];
const DATABASE_UNAVAILABLE: [u32; 6] = [942, 945, 952, 4060, 40925, 927];

impl From<tiberius::error::Error> for SqlError {
    fn from(error: tiberius::error::Error) -> Self {
        use tiberius::error::{Error, IoErrorKind};
        match error {
            Error::Server(token) => {
                let code = token.code();
                let detail = token.message().to_owned();
                if LOGIN_FAILED.contains(&code) {
                    SqlError::LoginFailed { detail }
                } else if NO_PERMISSION.contains(&code) {
                    SqlError::NoPermission { detail }
                } else if DATABASE_UNAVAILABLE.contains(&code) {
                    SqlError::DatabaseUnavailable { detail }
                } else {
                    SqlError::Server { code, detail }
                }
            }
            Error::Io { kind, message } => match kind {
                IoErrorKind::TimedOut => SqlError::Timeout,
                IoErrorKind::ConnectionRefused
                | IoErrorKind::NotFound
                | IoErrorKind::AddrNotAvailable
                | IoErrorKind::HostUnreachable
                | IoErrorKind::NetworkUnreachable => SqlError::ServerNotFound { detail: message },
                _ => SqlError::Connection { detail: message },
            },
            Error::Tls(detail) => {
                let lower = detail.to_lowercase();
                if lower.contains("certificate")
                    || lower.contains("unknownissuer")
                    || lower.contains("notvalidforname")
                {
                    SqlError::CertificateNotTrusted { detail }
                } else {
                    SqlError::Encryption { detail }
                }
            }
            Error::Protocol(detail) if detail.contains("encryption") => SqlError::Encryption {
                detail: detail.into_owned(),
            },
            Error::Routing { host, port } => SqlError::Protocol {
                detail: format!("the server redirects to {host}:{port}"),
            },
            other => SqlError::Protocol {
                detail: other.to_string(),
            },
        }
    }
}

/// An instance as the admin names it.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ServerName {
    pub host: String,
    /// A named instance (`EXACT` in `SQL01\EXACT`); its port comes from SQL Browser.
    pub instance: Option<String>,
    pub port: Option<u16>,
}

impl ServerName {
    /// Parses `SQL01`, `SQL01\EXACT`, `SQL01,1433`, `tcp:SQL01,1433`, `(local)`, `.\SQLEXPRESS`.
    pub fn parse(text: &str) -> Result<ServerName, SqlError> {
        let bad = |detail: &str| SqlError::BadConnection {
            detail: detail.to_owned(),
        };
        let mut rest = text.trim();
        if rest.len() > 300 {
            return Err(bad("longer than a server name can be"));
        }
        if let Some(after) = rest
            .get(..4)
            .filter(|p| p.eq_ignore_ascii_case("tcp:"))
            .map(|_| &rest[4..])
        {
            rest = after;
        }
        let (rest, port) = match rest.rsplit_once(',') {
            Some((name, port)) => {
                let port: u16 = port.trim().parse().ok().filter(|p| *p > 0).ok_or_else(|| {
                    bad("the port after the comma is not a number from 1 to 65535")
                })?;
                (name.trim(), Some(port))
            }
            None => (rest, None),
        };
        let (host, instance) = match rest.split_once('\\') {
            Some((host, instance)) => (host.trim(), Some(instance.trim())),
            None => (rest, None),
        };
        let host = match host {
            "." | "(local)" | "(localdb)" | "" if instance.is_some() || !host.is_empty() => {
                "localhost"
            }
            other => other,
        };
        let valid_host = !host.is_empty()
            && host.chars().all(|c| {
                c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | ':' | '[' | ']')
            });
        if !valid_host {
            return Err(bad("no server name"));
        }
        let instance = match instance {
            Some("") => return Err(bad("an empty instance name")),
            Some(name)
                if name.len() > 16
                    || !name.chars().all(|c| {
                        c.is_ascii_alphanumeric() || matches!(c, '_' | '$' | '#' | '-')
                    }) =>
            {
                return Err(bad("not an instance name"));
            }
            Some(name) if name.eq_ignore_ascii_case("MSSQLSERVER") => None,
            other => other.map(str::to_owned),
        };
        Ok(ServerName {
            host: host.trim_matches(['[', ']']).to_owned(),
            instance,
            port,
        })
    }

    /// `SQL01\EXACT`, `SQL01,1433` or `SQL01`: how locations and errors name the instance.
    pub fn display(&self) -> String {
        let mut out = self.host.clone();
        if let Some(instance) = &self.instance {
            out.push('\\');
            out.push_str(instance);
        }
        if let Some(port) = self.port {
            out.push_str(&format!(",{port}"));
        }
        out
    }
}

/// How to log in.
#[derive(Clone, Debug)]
pub enum Auth {
    /// Windows integrated authentication as the account Overstap runs as (Windows only).
    Integrated,
    /// A SQL Server login. The password never leaves this value except into the login packet.
    SqlLogin {
        user: String,
        password: SecretString,
    },
}

/// Everything needed to reach one instance. `Debug` shows no password (`SecretString`).
#[derive(Clone, Debug)]
pub struct ConnParams {
    pub server: ServerName,
    pub auth: Auth,
    /// Encrypt the connection (the default). Off only when the admin says so.
    pub encrypt: bool,
    /// Accept any certificate (self-signed ones, as most SQL Servers have). Explained on the page.
    pub trust_server_certificate: bool,
    /// For the TCP connection plus the login.
    pub connect_timeout: Duration,
    /// For each answer of the server while a query runs (not for the whole query).
    pub command_timeout: Duration,
    /// SQL Browser's port (1434; tests use another).
    pub browser_port: u16,
}

impl ConnParams {
    pub fn new(server: ServerName, auth: Auth) -> ConnParams {
        ConnParams {
            server,
            auth,
            encrypt: true,
            trust_server_certificate: false,
            connect_timeout: Duration::from_secs(15),
            command_timeout: Duration::from_secs(60),
            browser_port: BROWSER_PORT,
        }
    }

    /// A server name (integrated authentication) or an ADO.NET connection string
    /// (`Server=SQL01\EXACT;User ID=overstap;Password=...;TrustServerCertificate=True`). A
    /// password missing from the string comes from `password` (the CLI reads it from
    /// `OVERSTAP_SQL_PASSWORD`, so it never stands on a command line). Errors never quote the
    /// string: it may hold a password.
    pub fn parse(text: &str, password: Option<SecretString>) -> Result<ConnParams, SqlError> {
        if !text.contains('=') {
            let server = ServerName::parse(text)?;
            let auth = match password {
                Some(_) => {
                    return Err(SqlError::BadConnection {
                        detail: "a password without a user name (User ID=...)".into(),
                    });
                }
                None => Auth::Integrated,
            };
            return Ok(ConnParams::new(server, auth));
        }
        let mut server = None;
        let mut user = None;
        let mut given_password: Option<SecretString> = None;
        let mut integrated = false;
        let mut encrypt = true;
        let mut trust = false;
        let mut timeout = None;
        for part in split_connection_string(text) {
            let Some((key, value)) = part.split_once('=') else {
                continue;
            };
            let key = key.trim().to_ascii_lowercase().replace(' ', "");
            let value = value.trim().trim_matches('"');
            let yes = matches!(
                value.to_ascii_lowercase().as_str(),
                "true" | "yes" | "sspi" | "mandatory" | "strict"
            );
            match key.as_str() {
                "server" | "datasource" | "address" | "addr" | "networkaddress" => {
                    server = Some(ServerName::parse(value)?);
                }
                "userid" | "uid" | "user" | "username" => user = Some(value.to_owned()),
                "password" | "pwd" => given_password = Some(SecretString::from(value.to_owned())),
                "integratedsecurity" | "trusted_connection" => integrated = yes,
                "encrypt" => encrypt = yes,
                "trustservercertificate" => trust = yes,
                "connecttimeout" | "connectiontimeout" | "timeout" => {
                    timeout = value.parse::<u64>().ok().filter(|s| (1..=300).contains(s));
                }
                _ => {}
            }
        }
        let server = server.ok_or_else(|| SqlError::BadConnection {
            detail: "no Server= in the connection string".into(),
        })?;
        let auth = match (user, integrated) {
            (Some(user), false) if !user.is_empty() => Auth::SqlLogin {
                user,
                password: given_password
                    .or(password)
                    .unwrap_or_else(|| SecretString::from(String::new())),
            },
            _ => Auth::Integrated,
        };
        let mut params = ConnParams::new(server, auth);
        params.encrypt = encrypt;
        params.trust_server_certificate = trust;
        if let Some(seconds) = timeout {
            params.connect_timeout = Duration::from_secs(seconds);
        }
        Ok(params)
    }

    /// How locations and error entries name this instance.
    pub fn label(&self) -> String {
        self.server.display()
    }
}

/// `a=1;b="x;y"` -> parts, keeping `;` inside double quotes.
fn split_connection_string(text: &str) -> Vec<String> {
    let mut parts = Vec::new();
    let mut current = String::new();
    let mut quoted = false;
    for c in text.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                current.push(c);
            }
            ';' if !quoted => parts.push(std::mem::take(&mut current)),
            _ => current.push(c),
        }
    }
    parts.push(current);
    parts
}

/// Connects and logs in, to `database` (default `master`). Every step has a deadline: SQL
/// Browser 2 s, TCP plus login `connect_timeout`.
pub async fn connect(params: &ConnParams, database: Option<&str>) -> Result<Client, SqlError> {
    let auth = match &params.auth {
        Auth::SqlLogin { user, password } => {
            tiberius::AuthMethod::sql_server(user, password.expose_secret())
        }
        #[cfg(windows)]
        Auth::Integrated => tiberius::AuthMethod::Integrated,
        #[cfg(not(windows))]
        Auth::Integrated => return Err(SqlError::IntegratedNeedsWindows),
    };
    let host = params.server.host.clone();
    let port = match (params.server.port, &params.server.instance) {
        (Some(port), _) => port,
        (None, Some(instance)) => {
            super::browser::resolve_port(&host, instance, params.browser_port).await?
        }
        (None, None) => DEFAULT_PORT,
    };
    let deadline = params.connect_timeout;
    let tcp = tokio::time::timeout(deadline, TcpStream::connect((host.as_str(), port)))
        .await
        .map_err(|_| SqlError::Timeout)?
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::TimedOut => SqlError::Timeout,
            std::io::ErrorKind::ConnectionReset | std::io::ErrorKind::ConnectionAborted => {
                SqlError::Connection {
                    detail: e.to_string(),
                }
            }
            _ => SqlError::ServerNotFound {
                detail: format!("{host}:{port}: {e}"),
            },
        })?;
    // Small request/answer exchanges: Nagle would add 40 ms to each.
    tcp.set_nodelay(true).map_err(|e| SqlError::Connection {
        detail: e.to_string(),
    })?;
    let mut config = tiberius::Config::new();
    config.host(&host);
    config.port(port);
    config.database(database.unwrap_or("master"));
    config.application_name("Overstap");
    config.authentication(auth);
    config.encryption(if params.encrypt {
        tiberius::EncryptionLevel::Required
    } else {
        tiberius::EncryptionLevel::NotSupported
    });
    if params.trust_server_certificate {
        config.trust_cert();
    }
    config.handshake_timeout(Some(deadline));
    config.command_timeout(Some(params.command_timeout));
    let client = tokio::time::timeout(deadline, Client::connect(config, tcp.compat_write()))
        .await
        .map_err(|_| SqlError::Timeout)??;
    Ok(client)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every error has its key in `KEYS` (the locale test checks the texts of `KEYS`).
    #[test]
    fn every_error_key_is_listed() {
        let d = || String::from("x");
        let all = [
            SqlError::LoginFailed { detail: d() },
            SqlError::ServerNotFound { detail: d() },
            SqlError::CertificateNotTrusted { detail: d() },
            SqlError::Encryption { detail: d() },
            SqlError::Timeout,
            SqlError::NoPermission { detail: d() },
            SqlError::DatabaseUnavailable { detail: d() },
            SqlError::IntegratedNeedsWindows,
            SqlError::BadConnection { detail: d() },
            SqlError::Cancelled,
            SqlError::Changed,
            SqlError::RowNotFound,
            SqlError::NoRowKey,
            SqlError::VerifyFailed,
            SqlError::Backup { detail: d() },
            SqlError::Server {
                code: 1,
                detail: d(),
            },
            SqlError::Connection { detail: d() },
            SqlError::Protocol { detail: d() },
        ];
        let keys: Vec<&str> = all.iter().map(SqlError::key).collect();
        assert_eq!(keys, SqlError::KEYS);
    }

    #[test]
    fn server_errors_become_what_the_admin_can_act_on() {
        // Server error numbers (18456, 229, 942) are covered end to end in tests/sql.rs.
        assert_eq!(
            SqlError::from(tiberius::error::Error::Io {
                kind: std::io::ErrorKind::TimedOut,
                message: "t".into()
            }),
            SqlError::Timeout
        );
        assert!(matches!(
            SqlError::from(tiberius::error::Error::Tls(
                "invalid peer certificate: UnknownIssuer".into()
            )),
            SqlError::CertificateNotTrusted { .. }
        ));
    }
}
