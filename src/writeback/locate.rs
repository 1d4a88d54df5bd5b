//! Where, in a configuration file's text, the setting of a finding is written, and which bytes
//! change so that the application sends through a relay: the host (and port) become the relay's,
//! the stored user name and password are emptied or removed, SSL follows the relay.
//!
//! Every edit is a byte span of the decoded text and its new contents; nothing else in the file
//! is touched. The shapes are the ones detection reads: `system.net/mailSettings/smtp/network`,
//! `appSettings/add`, ASP.NET Core `environmentVariable` and `appsettings*.json` members, and
//! `key = value` lines of ini/properties/XML files found by the content search.

use std::ops::Range;

use super::json_span;
use super::{RelayTarget, WriteError};
use crate::detect::text::parse_xml;
use crate::detect::{Finding, Location};

/// One value to change: where, what it is called (shown in the preview), and the new text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValueEdit {
    pub span: Range<usize>,
    pub field: String,
    pub new: String,
}

/// How a finding's file is changed for a relay.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    /// `<network host=... port=... userName=... password=...>` of `System.Net.Mail`.
    MailSettings,
    /// `<add key="SmtpServer" value="..."/>` with its sibling keys.
    AppSetting,
    /// `<environmentVariable name="Smtp__Host" value="..."/>`.
    EnvironmentVariable,
    /// A JSON member (`Smtp:Host`) and its siblings.
    Json,
    /// A `key = value` line (ini, properties, an XML line).
    Line,
}

/// The shape of a finding, from what detection recorded; `None` for findings not written as a
/// file edit (scripts, tasks, services with their own interface, vendor screens).
pub fn shape(finding: &Finding) -> Option<Shape> {
    let Location::File { path, key, .. } = &finding.location else {
        return None;
    };
    let json = path.to_ascii_lowercase().ends_with(".json");
    match finding.evidence.id.as_str() {
        "scan-ev-iis-smtp" => Some(Shape::MailSettings),
        "scan-ev-iis-appsetting" => Some(Shape::AppSetting),
        "scan-ev-content-exo" | "scan-ev-content-smtp" if json => Some(Shape::Json),
        "scan-ev-content-exo" | "scan-ev-content-smtp"
            if key.contains("__") || key.contains(':') =>
        {
            // ASP.NET Core's environment variables in web.config, read back as `Smtp:Host`.
            if path.to_ascii_lowercase().ends_with(".config") {
                Some(Shape::EnvironmentVariable)
            } else {
                Some(Shape::Line)
            }
        }
        "scan-ev-content-exo" | "scan-ev-content-smtp" => Some(Shape::Line),
        _ => None,
    }
}

fn line_of(finding: &Finding) -> Option<u32> {
    match &finding.location {
        Location::File { line, .. } => *line,
        _ => None,
    }
}

fn key_of(finding: &Finding) -> &str {
    match &finding.location {
        Location::File { key, .. } => key,
        _ => "",
    }
}

/// The 1-based line of a byte offset.
fn line_at(text: &str, offset: usize) -> u32 {
    u32::try_from(text[..offset.min(text.len())].matches('\n').count() + 1).unwrap_or(u32::MAX)
}

/// The new text for a host value: the relay's host, with its port when the old value carried
/// one (`smtp.office365.com:587` -> `127.0.0.1:2525`).
fn host_value(old: &str, relay: &RelayTarget) -> String {
    if crate::catalog::rules::HostPort::parse(old).port.is_some() {
        format!("{}:{}", relay.host, relay.port)
    } else {
        relay.host.clone()
    }
}

/// The names that sit beside a host setting: `SmtpHost` -> `Smtp`, `MailServer` -> `Mail`.
fn prefix_of(key: &str) -> String {
    let lower = key.to_ascii_lowercase();
    let leaf = lower
        .rsplit([':', '.', '/'])
        .next()
        .unwrap_or(&lower)
        .to_owned();
    for suffix in ["server", "host", "address", "relay", "name"] {
        if let Some(prefix) = leaf.strip_suffix(suffix) {
            return prefix.trim_end_matches(['_', '-', '.']).to_owned();
        }
    }
    leaf
}

/// What a sibling setting holds, by its name (after the shared prefix).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Sibling {
    Port,
    User,
    Password,
    Ssl,
    /// Whether the application logs in (`mail.smtp.auth`): the relay needs no login.
    Auth,
}

fn sibling_kind(prefix: &str, name: &str) -> Option<Sibling> {
    let lower = name.to_ascii_lowercase();
    let leaf = lower.rsplit([':', '.', '/']).next().unwrap_or(&lower);
    let rest = leaf
        .strip_prefix(prefix)?
        .trim_start_matches(['_', '-', '.']);
    match rest {
        "port" => Some(Sibling::Port),
        "user" | "username" | "userid" | "login" | "account" => Some(Sibling::User),
        "password" | "pwd" | "pass" | "secret" => Some(Sibling::Password),
        "ssl" | "enablessl" | "usessl" | "tls" | "usetls" | "enabletls" | "secure" => {
            Some(Sibling::Ssl)
        }
        "auth" | "authenticate" | "useauth" | "authentication" => Some(Sibling::Auth),
        _ => None,
    }
}

/// The edits that point the finding's setting at the relay.
pub fn edits_for(
    finding: &Finding,
    text: &str,
    relay: &RelayTarget,
) -> Result<Vec<ValueEdit>, WriteError> {
    let shape = shape(finding).ok_or(WriteError::NotWritable)?;
    let line = line_of(finding).ok_or(WriteError::NotFoundInFile)?;
    let edits = match shape {
        Shape::MailSettings => mail_settings(text, line, relay)?,
        Shape::AppSetting => app_setting(text, key_of(finding), line, relay)?,
        Shape::EnvironmentVariable => environment_variable(text, line, relay)?,
        Shape::Json => json(text, key_of(finding), relay)?,
        Shape::Line => {
            let mut edits = line_edit(text, &finding.value, line, relay)?;
            edits.extend(line_siblings(text, key_of(finding), line, relay));
            edits
        }
    };
    if edits.is_empty() {
        return Err(WriteError::NotFoundInFile);
    }
    Ok(edits)
}

fn mail_settings(text: &str, line: u32, relay: &RelayTarget) -> Result<Vec<ValueEdit>, WriteError> {
    let doc = parse_xml(text).map_err(|_| WriteError::NotFoundInFile)?;
    let network = doc
        .descendants()
        .find(|n| {
            n.is_element()
                && n.tag_name().name().eq_ignore_ascii_case("network")
                && line_at(text, n.range().start) == line
        })
        .ok_or(WriteError::NotFoundInFile)?;
    let attribute = |name: &str| {
        network
            .attributes()
            .find(|a| a.name().eq_ignore_ascii_case(name))
    };
    let host = attribute("host").ok_or(WriteError::NotFoundInFile)?;
    let mut edits = vec![ValueEdit {
        span: host.range_value(),
        field: "host".into(),
        new: crate::text::escape_xml_attr(&relay.host),
    }];
    match attribute("port") {
        Some(port) => edits.push(ValueEdit {
            span: port.range_value(),
            field: "port".into(),
            new: relay.port.to_string(),
        }),
        None => {
            let end = host.range().end;
            edits.push(ValueEdit {
                span: end..end,
                field: "port".into(),
                new: format!(" port=\"{}\"", relay.port),
            });
        }
    }
    // The relay takes no password: the stored one goes, and with it the user name.
    for name in ["userName", "password"] {
        if let Some(attr) = attribute(name) {
            edits.push(ValueEdit {
                span: with_leading_space(text, attr.range()),
                field: format!("{name} (removed)"),
                new: String::new(),
            });
        }
    }
    for (name, value) in [("enableSsl", relay.tls), ("defaultCredentials", false)] {
        if let Some(attr) = attribute(name) {
            edits.push(ValueEdit {
                span: attr.range_value(),
                field: name.into(),
                new: value.to_string(),
            });
        }
    }
    Ok(edits)
}

/// An attribute's span widened to the white space that separates it, so removing it leaves
/// neither a gap nor a joined line: the spaces before it on its own line, or, when it opens a
/// line, the spaces after it.
fn with_leading_space(text: &str, span: Range<usize>) -> Range<usize> {
    let before: Vec<(usize, char)> = text[..span.start]
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_whitespace())
        .collect();
    if before.iter().any(|(_, c)| *c == '\n') {
        let after = text[span.end..]
            .char_indices()
            .take_while(|(_, c)| *c == ' ' || *c == '\t')
            .last()
            .map_or(span.end, |(i, c)| span.end + i + c.len_utf8());
        return span.start..after;
    }
    let start = before.last().map_or(span.start, |(i, _)| *i);
    start..span.end
}

fn app_setting(
    text: &str,
    key: &str,
    line: u32,
    relay: &RelayTarget,
) -> Result<Vec<ValueEdit>, WriteError> {
    let doc = parse_xml(text).map_err(|_| WriteError::NotFoundInFile)?;
    // The key is written as `configuration/appSettings/add[@key='SmtpServer']/@value`.
    let wanted = key
        .split_once("[@key='")
        .and_then(|(_, rest)| rest.split_once("']"))
        .map(|(k, _)| k)
        .ok_or(WriteError::NotFoundInFile)?;
    let add = doc
        .descendants()
        .find(|n| {
            n.is_element()
                && n.tag_name().name() == "add"
                && n.attribute("key")
                    .is_some_and(|k| k.eq_ignore_ascii_case(wanted))
                && line_at(text, n.range().start) == line
        })
        .ok_or(WriteError::NotFoundInFile)?;
    let value = add
        .attributes()
        .find(|a| a.name().eq_ignore_ascii_case("value"))
        .ok_or(WriteError::NotFoundInFile)?;
    let mut edits = vec![ValueEdit {
        span: value.range_value(),
        field: wanted.to_owned(),
        new: crate::text::escape_xml_attr(&host_value(value.value(), relay)),
    }];
    let prefix = prefix_of(wanted);
    let Some(section) = add.parent() else {
        return Ok(edits);
    };
    for sibling in section
        .children()
        .filter(|n| n.is_element() && n.tag_name().name() == "add" && *n != add)
    {
        let (Some(name), Some(value)) = (
            sibling.attribute("key"),
            sibling
                .attributes()
                .find(|a| a.name().eq_ignore_ascii_case("value")),
        ) else {
            continue;
        };
        let new = match sibling_kind(&prefix, name) {
            Some(Sibling::Port) => relay.port.to_string(),
            Some(Sibling::User | Sibling::Password) => String::new(),
            Some(Sibling::Ssl) => relay.tls.to_string(),
            Some(Sibling::Auth) => "false".into(),
            None => continue,
        };
        if value.value() != new {
            edits.push(ValueEdit {
                span: value.range_value(),
                field: name.to_owned(),
                new,
            });
        }
    }
    Ok(edits)
}

fn environment_variable(
    text: &str,
    line: u32,
    relay: &RelayTarget,
) -> Result<Vec<ValueEdit>, WriteError> {
    let doc = parse_xml(text).map_err(|_| WriteError::NotFoundInFile)?;
    let variable = doc
        .descendants()
        .find(|n| {
            n.is_element()
                && n.tag_name()
                    .name()
                    .eq_ignore_ascii_case("environmentVariable")
                && line_at(text, n.range().start) == line
        })
        .ok_or(WriteError::NotFoundInFile)?;
    let value = variable
        .attributes()
        .find(|a| a.name().eq_ignore_ascii_case("value"))
        .ok_or(WriteError::NotFoundInFile)?;
    Ok(vec![ValueEdit {
        span: value.range_value(),
        field: variable.attribute("name").unwrap_or("value").to_owned(),
        new: crate::text::escape_xml_attr(&host_value(value.value(), relay)),
    }])
}

fn json(text: &str, key: &str, relay: &RelayTarget) -> Result<Vec<ValueEdit>, WriteError> {
    let members = json_span::members(text).ok_or(WriteError::NotFoundInFile)?;
    let host = members
        .iter()
        .find(|m| m.path.eq_ignore_ascii_case(key) && m.kind == json_span::Kind::String)
        .ok_or(WriteError::NotFoundInFile)?;
    let mut edits = vec![ValueEdit {
        span: host.span.clone(),
        field: key.to_owned(),
        new: json_span::escape(&host_value(&text[host.span.clone()], relay)),
    }];
    let (parent, leaf) = key.rsplit_once(':').unwrap_or(("", key));
    let prefix = prefix_of(leaf);
    for member in &members {
        let (member_parent, name) = member.path.rsplit_once(':').unwrap_or(("", &member.path));
        if !member_parent.eq_ignore_ascii_case(parent) || member.path.eq_ignore_ascii_case(key) {
            continue;
        }
        let new = match (sibling_kind(&prefix, name), member.kind) {
            (Some(Sibling::Port), json_span::Kind::Number) => relay.port.to_string(),
            (Some(Sibling::Port), json_span::Kind::String) => relay.port.to_string(),
            (Some(Sibling::User | Sibling::Password), json_span::Kind::String) => String::new(),
            (Some(Sibling::Ssl | Sibling::Auth), json_span::Kind::Bool) => {
                (relay.tls && sibling_kind(&prefix, name) == Some(Sibling::Ssl)).to_string()
            }
            _ => continue,
        };
        if text[member.span.clone()] != new {
            edits.push(ValueEdit {
                span: member.span.clone(),
                field: member.path.clone(),
                new,
            });
        }
    }
    Ok(edits)
}

/// A `key = value` line: the host (with its port when written with one) on line `line`, found
/// after the key, case-insensitively.
fn line_edit(
    text: &str,
    value: &str,
    line: u32,
    relay: &RelayTarget,
) -> Result<Vec<ValueEdit>, WriteError> {
    let start = if line <= 1 {
        0
    } else {
        text.match_indices('\n')
            .nth(usize::try_from(line).unwrap_or(usize::MAX) - 2)
            .map(|(i, _)| i + 1)
            .ok_or(WriteError::NotFoundInFile)?
    };
    let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    let row = &text[start..end];
    let lower = row.to_ascii_lowercase();
    let target = crate::catalog::rules::HostPort::parse(value);
    let (needle, new) = if lower.contains(&value.to_ascii_lowercase()) && target.port.is_some() {
        (
            value.to_ascii_lowercase(),
            format!("{}:{}", relay.host, relay.port),
        )
    } else {
        (target.host.clone(), relay.host.clone())
    };
    if needle.is_empty() {
        return Err(WriteError::NotFoundInFile);
    }
    let at = lower.rfind(&needle).ok_or(WriteError::NotFoundInFile)?;
    Ok(vec![ValueEdit {
        span: start + at..start + at + needle.len(),
        field: "value".into(),
        new,
    }])
}

/// Byte ranges of the lines of a text (without their line ends).
fn line_spans(text: &str) -> Vec<Range<usize>> {
    let mut spans = Vec::new();
    let mut start = 0;
    for (i, c) in text.char_indices() {
        if c == '\n' {
            let end = if text[..i].ends_with('\r') { i - 1 } else { i };
            spans.push(start..end);
            start = i + 1;
        }
    }
    spans.push(start..text.len());
    spans
}

/// Port, user, password, SSL and auth settings beside a host line: the same prefix in the same
/// ini section (`SmtpServer` -> `SmtpPort`), or the same parent (`mail.smtp.host` ->
/// `mail.smtp.port`).
fn line_siblings(text: &str, key: &str, line: u32, relay: &RelayTarget) -> Vec<ValueEdit> {
    let spans = line_spans(text);
    let host_line = usize::try_from(line)
        .unwrap_or(usize::MAX)
        .saturating_sub(1);
    let (parent, leaf) = key.rsplit_once('.').unwrap_or(("", key));
    let prefix = prefix_of(leaf);
    // The ini section around the host line.
    let section_start = spans[..host_line.min(spans.len())]
        .iter()
        .rposition(|s| text[s.clone()].trim_start().starts_with('['))
        .map_or(0, |i| i + 1);
    let section_end = spans
        .iter()
        .enumerate()
        .skip(host_line + 1)
        .find(|(_, s)| text[(*s).clone()].trim_start().starts_with('['))
        .map_or(spans.len(), |(i, _)| i);
    let mut edits = Vec::new();
    for (index, span) in spans
        .iter()
        .enumerate()
        .take(section_end)
        .skip(section_start)
    {
        if index == host_line {
            continue;
        }
        let row = &text[span.clone()];
        let Some((name, value)) = crate::detect::content::key_value(row) else {
            continue;
        };
        let (name_parent, name_leaf) = name.rsplit_once('.').unwrap_or(("", &name));
        if !name_parent.eq_ignore_ascii_case(parent) {
            continue;
        }
        let new = match sibling_kind(&prefix, name_leaf) {
            Some(Sibling::Port) => relay.port.to_string(),
            Some(Sibling::User | Sibling::Password) => String::new(),
            Some(Sibling::Ssl) => relay.tls.to_string(),
            Some(Sibling::Auth) => "false".into(),
            None => continue,
        };
        if value == new || value.is_empty() && new.is_empty() {
            continue;
        }
        // The value is the last occurrence of its text on the line (after the separator).
        let Some(at) = row.rfind(&value) else {
            continue;
        };
        edits.push(ValueEdit {
            span: span.start + at..span.start + at + value.len(),
            field: name.clone(),
            new,
        });
    }
    edits
}

#[cfg(test)]
mod tests {
    use super::*;

    fn relay() -> RelayTarget {
        RelayTarget {
            host: "127.0.0.1".into(),
            port: 2525,
            tls: false,
        }
    }

    #[test]
    fn prefixes_and_siblings() {
        assert_eq!(prefix_of("SmtpServer"), "smtp");
        assert_eq!(prefix_of("mail.smtp.host"), "");
        assert_eq!(prefix_of("MailServer"), "mail");
        assert_eq!(prefix_of("Smtp:Host"), "");
        assert_eq!(sibling_kind("smtp", "SmtpPort"), Some(Sibling::Port));
        assert_eq!(
            sibling_kind("smtp", "Smtp_Password"),
            Some(Sibling::Password)
        );
        assert_eq!(sibling_kind("", "EnableSsl"), Some(Sibling::Ssl));
        assert_eq!(sibling_kind("smtp", "Theme"), None);
        assert_eq!(sibling_kind("mail", "SmtpPort"), None);
    }

    #[test]
    fn a_line_keeps_everything_but_the_host() {
        let text = "[mail]\r\nSmtpServer = SMTP.office365.com ; main\r\nport=587\r\n";
        let edits = line_edit(text, "SMTP.office365.com", 2, &relay()).expect("edit");
        assert_eq!(&text[edits[0].span.clone()], "SMTP.office365.com");
        assert_eq!(edits[0].new, "127.0.0.1");
    }
}
