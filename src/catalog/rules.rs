//! The recognition rules the checklist applies to every application's mail server setting.
//!
//! `smtp.office365.com`, `outlook.office365.com` and `*.mail.protection.outlook.com` are Exchange
//! Online; any other host or IP is a relay that IT must check; an empty value means the
//! application does not mail. Values arrive as admins and config files write them: with ports,
//! schemes, paths, quotes, upper case or a trailing dot.

use super::OutcomeKind;

/// What a mail server value points at.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HostClass {
    /// Exchange Online's client endpoints (SMTP AUTH, IMAP, POP, EWS).
    ExchangeOnline { host: String },
    /// The tenant's MX endpoint (`<domain>.mail.protection.outlook.com`): Exchange Online, but
    /// reached by direct send or a connector, which does not use SMTP AUTH at all.
    ExchangeOnlineMx { host: String },
    /// Another host name or IP address: an SMTP relay, to be checked by IT.
    Relay { host: String },
    /// Nothing filled in.
    NotUsed,
}

impl HostClass {
    /// The checklist outcome. The MX endpoint is Exchange Online, but reached without SMTP AUTH
    /// (direct send or a connector): basic authentication is not in play, so the actions are
    /// the relay's ("IT checks the connector"), not the switch to OAuth.
    pub fn outcome(&self) -> OutcomeKind {
        match self {
            HostClass::ExchangeOnline { .. } => OutcomeKind::ExoDirect,
            HostClass::ExchangeOnlineMx { .. } | HostClass::Relay { .. } => OutcomeKind::Relay,
            HostClass::NotUsed => OutcomeKind::NotUsed,
        }
    }

    pub fn host(&self) -> Option<&str> {
        match self {
            HostClass::ExchangeOnline { host }
            | HostClass::ExchangeOnlineMx { host }
            | HostClass::Relay { host } => Some(host),
            HostClass::NotUsed => None,
        }
    }
}

const EXO_CLIENT_HOSTS: [&str; 2] = ["smtp.office365.com", "outlook.office365.com"];
const EXO_MX_SUFFIX: &str = ".mail.protection.outlook.com";

/// Classifies a mail server value.
pub fn classify_host(value: &str) -> HostClass {
    let host = host_of(value);
    if host.is_empty() {
        HostClass::NotUsed
    } else if EXO_CLIENT_HOSTS.contains(&host.as_str()) {
        HostClass::ExchangeOnline { host }
    } else if host.ends_with(EXO_MX_SUFFIX) && host.len() > EXO_MX_SUFFIX.len() {
        HostClass::ExchangeOnlineMx { host }
    } else {
        HostClass::Relay { host }
    }
}

/// A mail server value taken apart: the host (lower case, no trailing dot) and the port when
/// the value names one. Everything else a value can carry is dropped here, in one place:
/// schemes, user info (`user:password@`), paths, query strings, `;`-separated connection-string
/// parts and whatever follows the host in a line that was cut badly (minified JSON, a quote).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HostPort {
    pub host: String,
    pub port: Option<u16>,
}

impl HostPort {
    /// Parses `SMTP.Office365.com:587`, `smtp://user:pw@relay01:25/x?y`, `"10.0.0.5"`,
    /// `[2001:db8::25]:25`, `relay.x;Password=P`, `relay.x","SmtpPassword":"P"}`.
    pub fn parse(value: &str) -> HostPort {
        let (host, port) = Self::split(value);
        HostPort {
            host: host.to_ascii_lowercase(),
            port,
        }
    }

    /// The host as written (case kept) and the port.
    fn split(value: &str) -> (String, Option<u16>) {
        let mut rest = value.trim().trim_matches(['"', '\'']).trim();
        if let Some((_, after)) = rest.split_once("://") {
            rest = after;
        }
        // Connection-string parts, query strings, fragments and paths never belong to the host.
        if let Some(end) = rest.find([';', '/', '?', '#', '\\', ',', ' ', '\t']) {
            rest = &rest[..end];
        }
        if let Some((_, after)) = rest.rsplit_once('@') {
            rest = after;
        }
        let (host, port) = if let Some(inner) = rest.strip_prefix('[') {
            let (host, after) = inner.split_once(']').unwrap_or((inner, ""));
            (host, after.strip_prefix(':'))
        } else if rest.matches(':').count() > 1
            && rest
                .chars()
                .all(|c| c.is_ascii_hexdigit() || c == ':' || c == '.')
        {
            // A bare IPv6 address: its colons are not a port separator.
            (rest, None)
        } else {
            match rest.split_once(':') {
                Some((host, port)) => (host, Some(port)),
                None => (rest, None),
            }
        };
        let is_host_char =
            |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | ':');
        let host: String = host
            .chars()
            .take_while(|c| is_host_char(*c))
            .collect::<String>()
            .trim_end_matches('.')
            .to_owned();
        let port = port.and_then(|p| {
            let digits: String = p.chars().take_while(char::is_ascii_digit).collect();
            digits.parse::<u16>().ok().filter(|p| *p > 0)
        });
        (host, port)
    }

    /// `host`, `host:port` or `[v6]:port`: what a finding may show.
    pub fn display(&self) -> String {
        match (self.port, self.host.contains(':')) {
            (None, _) => self.host.clone(),
            (Some(port), false) => format!("{}:{port}", self.host),
            (Some(port), true) => format!("[{}]:{port}", self.host),
        }
    }
}

/// The bare host name or IP address of a value such as `SMTP.Office365.com:587`,
/// `smtp://relay01:25`, `https://outlook.office365.com/EWS/Exchange.asmx`, `"10.0.0.5"` or
/// `[2001:db8::25]:25`; lower case, without a trailing dot.
pub fn host_of(value: &str) -> String {
    HostPort::parse(value).host
}

/// What a scanned value may be shown and stored as: its host and port, nothing else. A value
/// that names no host becomes empty, so a password can never ride along in a finding.
pub fn safe_value(value: &str) -> String {
    // As written: `SMTP.Office365.com` stays recognisable to the admin who typed it.
    let (host, port) = HostPort::split(value);
    HostPort { host, port }.display()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn exo(host: &str) -> HostClass {
        HostClass::ExchangeOnline { host: host.into() }
    }

    fn relay(host: &str) -> HostClass {
        HostClass::Relay { host: host.into() }
    }

    #[test]
    fn recognition_table() {
        let table: Vec<(&str, HostClass)> = vec![
            ("smtp.office365.com", exo("smtp.office365.com")),
            ("SMTP.Office365.COM", exo("smtp.office365.com")),
            (" smtp.office365.com:587 ", exo("smtp.office365.com")),
            ("smtp.office365.com.", exo("smtp.office365.com")),
            ("\"smtp.office365.com\"", exo("smtp.office365.com")),
            ("smtp://smtp.office365.com:587", exo("smtp.office365.com")),
            (
                "https://outlook.office365.com/EWS/Exchange.asmx",
                exo("outlook.office365.com"),
            ),
            ("outlook.office365.com:993", exo("outlook.office365.com")),
            (
                "contoso-nl.mail.protection.outlook.com",
                HostClass::ExchangeOnlineMx {
                    host: "contoso-nl.mail.protection.outlook.com".into(),
                },
            ),
            (
                "mail.protection.outlook.com",
                relay("mail.protection.outlook.com"),
            ),
            ("10.0.0.25", relay("10.0.0.25")),
            ("10.0.0.25:25", relay("10.0.0.25")),
            ("relay01", relay("relay01")),
            ("Relay01.Contoso.Local:2525", relay("relay01.contoso.local")),
            ("[2001:db8::25]:25", relay("2001:db8::25")),
            ("2001:db8::25", relay("2001:db8::25")),
            (
                "smtp.office365.com.evil.example",
                relay("smtp.office365.com.evil.example"),
            ),
            ("user@smtp.gmail.com:465", relay("smtp.gmail.com")),
            (
                "smtp://user:P4ss@smtp.office365.com:587",
                exo("smtp.office365.com"),
            ),
            ("relay.x;Password=P", relay("relay.x")),
            ("relay.x\",\"SmtpPassword\":\"P\"}", relay("relay.x")),
            (
                "https://outlook.office365.com/EWS/Exchange.asmx?pw=1",
                exo("outlook.office365.com"),
            ),
            ("smtp.office365.com 587", exo("smtp.office365.com")),
            ("", HostClass::NotUsed),
            ("   ", HostClass::NotUsed),
            ("\"\"", HostClass::NotUsed),
        ];
        for (value, expected) in table {
            assert_eq!(classify_host(value), expected, "{value:?}");
        }
    }

    /// The value a finding keeps: host and port, never what rode along.
    #[test]
    fn safe_values_keep_host_and_port_only() {
        let table = [
            ("smtp.office365.com", "smtp.office365.com"),
            ("SMTP.Office365.com:587", "SMTP.Office365.com:587"),
            (
                "smtp://user:Secret1@smtp.office365.com:587",
                "smtp.office365.com:587",
            ),
            ("user:Secret1@smtp.office365.com", "smtp.office365.com"),
            ("relay.x;Password=Secret1", "relay.x"),
            ("Server=relay.x;Password=Secret1", "Server"),
            ("relay.x\",\"SmtpPassword\":\"Secret1\"}", "relay.x"),
            (
                "https://outlook.office365.com/EWS/Exchange.asmx?token=Secret1",
                "outlook.office365.com",
            ),
            ("relay01:25/Secret1", "relay01:25"),
            ("relay01:notaport", "relay01"),
            ("relay01:99999", "relay01"),
            ("[2001:db8::25]:25", "[2001:db8::25]:25"),
            ("2001:db8::25", "2001:db8::25"),
            ("smtp.office365.com#Secret1", "smtp.office365.com"),
            ("\"10.0.0.5\"", "10.0.0.5"),
            ("", ""),
            ("é.example", ""),
            ("C:\\inetpub\\mailroot", "C"),
        ];
        for (value, expected) in table {
            assert_eq!(safe_value(value), expected, "{value:?}");
        }
    }

    #[test]
    fn outcomes_follow_the_class() {
        assert_eq!(
            classify_host("smtp.office365.com").outcome(),
            OutcomeKind::ExoDirect
        );
        assert_eq!(
            classify_host("x.mail.protection.outlook.com").outcome(),
            OutcomeKind::Relay,
            "Exchange Online's MX endpoint takes no password: the connector is what to check"
        );
        assert_eq!(classify_host("192.168.1.10").outcome(), OutcomeKind::Relay);
        assert_eq!(classify_host("").outcome(), OutcomeKind::NotUsed);
    }
}
