//! Scripts that send mail: PowerShell (`Send-MailMessage -SmtpServer`, `$PSEmailServer`,
//! `System.Net.Mail.SmtpClient`, MailKit's `Connect`), VBScript with CDO (`.../cdo/configuration/
//! smtpserver`), batch files calling blat, sendEmail or mailsend, and Python's `smtplib`.
//!
//! These are call shapes, not `key=value` lines, so the generic analyser misses them. The host
//! is often in a variable assigned a few lines up (`$smtp = "smtp.office365.com"`), which is
//! followed within the file. Only the host and port are kept: passwords in these scripts
//! (`ConvertTo-SecureString "..." -AsPlainText`, `-pw`, `-xp`, `.login(user, "...")`) are never
//! looked at.

use std::collections::HashMap;

/// The script languages recognised, by file extension.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Language {
    PowerShell,
    VbScript,
    Batch,
    Python,
}

impl Language {
    pub fn of_extension(extension: &str) -> Option<Language> {
        match extension.to_ascii_lowercase().as_str() {
            "ps1" | "psm1" => Some(Language::PowerShell),
            "vbs" => Some(Language::VbScript),
            "bat" | "cmd" => Some(Language::Batch),
            "py" => Some(Language::Python),
            _ => None,
        }
    }

    /// Of a path such as `C:\Scripts\report.ps1`.
    pub fn of_path(path: &str) -> Option<Language> {
        let name = path.rsplit(['\\', '/']).next()?;
        Language::of_extension(name.rsplit_once('.')?.1)
    }
}

/// File extensions of scripts, for the content search.
pub const EXTENSIONS: [&str; 6] = ["ps1", "psm1", "vbs", "bat", "cmd", "py"];

/// Words that mark a script as one that may mail (searched case-insensitively in the raw
/// bytes, beside the Exchange Online host names): cheap to test, and no call shape lacks all.
pub const NEEDLES: [&str; 5] = ["smtp", "blat", "sendemail", "mailsend", "psemailserver"];

/// One mail call: which shape (shown to the admin), the host as written, its line.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Call {
    pub line: u32,
    pub call: &'static str,
    pub host: String,
}

/// Logical lines: continuations joined (PowerShell's backtick, VBScript's ` _`, batch's `^`,
/// Python's backslash), with the number of the first physical line.
fn logical_lines(text: &str, language: Language) -> Vec<(u32, String)> {
    let mut out = Vec::new();
    let mut pending: Option<(u32, String)> = None;
    for (i, raw) in text.lines().enumerate() {
        let number = u32::try_from(i + 1).unwrap_or(u32::MAX);
        let line = raw.trim_end();
        let continued = match language {
            Language::PowerShell => line.strip_suffix('`'),
            Language::VbScript => line.strip_suffix(" _"),
            Language::Batch => line.strip_suffix('^'),
            Language::Python => line.strip_suffix('\\'),
        };
        let (start, mut joined) = pending.take().unwrap_or((number, String::new()));
        match continued {
            Some(head) => {
                joined.push_str(head);
                joined.push(' ');
                pending = Some((start, joined));
            }
            None => {
                joined.push_str(line);
                out.push((start, joined));
            }
        }
    }
    out.extend(pending);
    out
}

/// `name = "value"` assignments of literal strings, by lower-case name (`$smtp`, `SERVER`,
/// `set SMTP=...`); the last one wins, as it would at run time for a straight-line script.
fn assignments(lines: &[(u32, String)]) -> HashMap<String, String> {
    let mut vars = HashMap::new();
    for (_, line) in lines {
        let t = line.trim();
        let t = t
            .strip_prefix("set ")
            .or_else(|| t.strip_prefix("SET "))
            .or_else(|| t.strip_prefix("Set "))
            .unwrap_or(t)
            .trim_start();
        let t = t.strip_prefix("Const ").unwrap_or(t);
        let Some((name, value)) = t.split_once('=') else {
            continue;
        };
        let name = name.trim().trim_start_matches('$').to_ascii_lowercase();
        if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            continue;
        }
        let value = value.trim();
        let literal = literal(value).unwrap_or_else(|| value.to_owned());
        if !literal.is_empty() {
            vars.insert(name, literal);
        }
    }
    vars
}

/// The text of a quoted literal at the start of `text` (`"x"`, `'x'`), if it is one.
fn literal(text: &str) -> Option<String> {
    let quote = text.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let inner = &text[1..];
    inner.find(quote).map(|end| inner[..end].to_owned())
}

/// An argument: a literal, a variable (resolved), or a bare word up to a separator.
fn argument(text: &str, vars: &HashMap<String, String>) -> Option<String> {
    let text = text.trim_start().trim_start_matches('(').trim_start();
    if let Some(value) = literal(text) {
        return Some(value);
    }
    let word: String = text
        .chars()
        .take_while(|c| !c.is_whitespace() && !matches!(c, ',' | ')' | ';' | '"' | '\''))
        .collect();
    if word.is_empty() {
        return None;
    }
    if word.contains('%') {
        return Some(expand_percent(&word, vars));
    }
    if let Some(name) = word.strip_prefix('$') {
        return vars.get(&name.to_ascii_lowercase()).cloned();
    }
    if let Some(value) = vars.get(&word.to_ascii_lowercase()) {
        return Some(value.clone());
    }
    Some(word)
}

/// Batch variables: `%SMTP%:587` with `SMTP` set earlier; unknown ones stay as written.
fn expand_percent(word: &str, vars: &HashMap<String, String>) -> String {
    let mut out = String::new();
    let mut rest = word;
    while let Some(start) = rest.find('%') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        match after.find('%') {
            Some(end) => {
                let name = &after[..end];
                match vars.get(&name.to_ascii_lowercase()) {
                    Some(value) => out.push_str(value),
                    None => {
                        out.push('%');
                        out.push_str(name);
                        out.push('%');
                    }
                }
                rest = &after[end + 1..];
            }
            None => {
                out.push_str(&rest[start..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// The text after a case-insensitive `marker` in `line` (ASCII lower case keeps offsets).
fn after<'a>(line: &'a str, lower: &str, marker: &str) -> Option<&'a str> {
    lower.find(marker).map(|at| &line[at + marker.len()..])
}

/// The value after a command-line switch such as ` -server ` or ` -SmtpServer:`.
fn switch_value(
    line: &str,
    lower: &str,
    switch: &str,
    vars: &HashMap<String, String>,
) -> Option<String> {
    let mut from = 0;
    while let Some(pos) = lower[from..].find(switch) {
        let at = from + pos;
        from = at + switch.len();
        let before_ok = at == 0 || lower.as_bytes()[at - 1].is_ascii_whitespace();
        let rest = &line[from..];
        let rest = rest.strip_prefix(':').unwrap_or(rest);
        if before_ok && (rest.starts_with(char::is_whitespace) || line[from..].starts_with(':')) {
            return argument(rest, vars);
        }
    }
    None
}

/// Every mail call in a script, with its host.
pub fn analyse(text: &str, language: Language) -> Vec<Call> {
    let lines = logical_lines(text, language);
    let vars = assignments(&lines);
    let uses_smtp_client = text.to_ascii_lowercase().contains("smtpclient");
    let mut calls = Vec::new();
    for (number, line) in &lines {
        let lower = line.to_ascii_lowercase();
        let trimmed = lower.trim_start();
        let comment = match language {
            Language::PowerShell | Language::Python => trimmed.starts_with('#'),
            Language::VbScript => trimmed.starts_with('\'') || trimmed.starts_with("rem "),
            Language::Batch => trimmed.starts_with("rem ") || trimmed.starts_with("::"),
        };
        if comment {
            continue;
        }
        let mut found = |call: &'static str, host: Option<String>| {
            if let Some(host) = host.filter(|h| !h.trim().is_empty()) {
                calls.push(Call {
                    line: *number,
                    call,
                    host: host.trim().to_owned(),
                });
            }
        };
        match language {
            Language::PowerShell => {
                if lower.contains("send-mailmessage") {
                    found(
                        "Send-MailMessage -SmtpServer",
                        switch_value(line, &lower, "-smtpserver", &vars)
                            .or_else(|| vars.get("psemailserver").cloned()),
                    );
                }
                if let Some(rest) = after(line, &lower, "$psemailserver")
                    && let Some(value) = rest.trim_start().strip_prefix('=')
                {
                    found("$PSEmailServer", argument(value, &vars));
                }
                if lower.contains("mail.smtpclient") {
                    let rest = after(line, &lower, "mail.smtpclient").unwrap_or_default();
                    let rest = rest
                        .trim_start()
                        .trim_start_matches(']')
                        .trim_start_matches("::new")
                        .trim_start_matches(char::is_whitespace);
                    let host = if rest.starts_with('(') {
                        argument(rest, &vars)
                    } else {
                        switch_value(line, &lower, "-argumentlist", &vars)
                    };
                    found("System.Net.Mail.SmtpClient", host);
                }
                if lower.contains(".connect(")
                    && (lower.contains("smtp") || lower.contains("mailkit"))
                {
                    found(
                        "MailKit SmtpClient.Connect",
                        after(line, &lower, ".connect(").and_then(|r| argument(r, &vars)),
                    );
                }
                if let Some(rest) = after(line, &lower, ".host")
                    && uses_smtp_client
                    && let Some(value) = rest.trim_start().strip_prefix('=')
                {
                    found("SmtpClient.Host", argument(value, &vars));
                }
            }
            Language::VbScript => {
                if let Some(rest) = after(line, &lower, "/cdo/configuration/smtpserver\")")
                    .or_else(|| after(line, &lower, "(cdosmtpserver)"))
                    && let Some(value) = rest.trim_start().strip_prefix('=')
                {
                    found("CDO smtpserver", argument(value, &vars));
                }
            }
            Language::Batch => {
                if lower.contains("blat") {
                    found(
                        "blat -server",
                        switch_value(line, &lower, "-server", &vars)
                            .or_else(|| switch_value(line, &lower, "-smtphost", &vars)),
                    );
                }
                if lower.contains("sendemail") {
                    found("sendEmail -s", switch_value(line, &lower, "-s", &vars));
                }
                if lower.contains("mailsend") {
                    found("mailsend -smtp", switch_value(line, &lower, "-smtp", &vars));
                }
            }
            Language::Python => {
                for marker in ["smtplib.smtp_ssl(", "smtplib.smtp(", "smtp_ssl(", "smtp("] {
                    if let Some(rest) = after(line, &lower, marker) {
                        let rest = rest.trim_start();
                        // The keyword form `SMTP(host="...")`.
                        let rest = rest
                            .get(..4)
                            .filter(|k| k.eq_ignore_ascii_case("host"))
                            .and_then(|_| rest[4..].trim_start().strip_prefix('='))
                            .unwrap_or(rest);
                        let port = rest
                            .split_once(',')
                            .and_then(|(_, p)| argument(p, &vars))
                            .filter(|p| p.chars().all(|c| c.is_ascii_digit()));
                        let host = argument(rest, &vars).map(|h| match &port {
                            Some(port) if !h.contains(':') => format!("{h}:{port}"),
                            _ => h,
                        });
                        found("smtplib.SMTP", host);
                        break;
                    }
                }
            }
        }
    }
    // A port given separately (`-Port 587`, `SmtpClient(host, 587)`) is not joined: the
    // host is what decides the route.
    calls.sort();
    calls.dedup();
    calls
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hosts(text: &str, language: Language) -> Vec<(u32, &'static str, String)> {
        analyse(text, language)
            .into_iter()
            .map(|c| (c.line, c.call, c.host))
            .collect()
    }

    #[test]
    fn powershell_shapes() {
        let script = r#"
$smtp = "smtp.office365.com"
$password = ConvertTo-SecureString "Secret-1" -AsPlainText -Force
$cred = New-Object System.Management.Automation.PSCredential ("scan@contoso.nl", $password)
Send-MailMessage -From a@contoso.nl -To b@contoso.nl -Subject x `
    -SmtpServer $smtp -Port 587 -UseSsl -Credential $cred
# Send-MailMessage -SmtpServer commented.example
$client = New-Object System.Net.Mail.SmtpClient("relay01.contoso.local", 25)
$other = [Net.Mail.SmtpClient]::new('smtp2.contoso.nl')
$PSEmailServer = 'relay02'
$mk = New-Object MailKit.Net.Smtp.SmtpClient
$mk.Connect("smtp.office365.com", 587, [MailKit.Security.SecureSocketOptions]::StartTls)
"#;
        assert_eq!(
            hosts(script, Language::PowerShell),
            vec![
                (
                    5,
                    "Send-MailMessage -SmtpServer",
                    "smtp.office365.com".to_owned()
                ),
                (
                    8,
                    "System.Net.Mail.SmtpClient",
                    "relay01.contoso.local".to_owned()
                ),
                (
                    9,
                    "System.Net.Mail.SmtpClient",
                    "smtp2.contoso.nl".to_owned()
                ),
                (10, "$PSEmailServer", "relay02".to_owned()),
                (
                    12,
                    "MailKit SmtpClient.Connect",
                    "smtp.office365.com".to_owned()
                ),
            ]
        );
    }

    #[test]
    fn vbscript_batch_and_python_shapes() {
        let vbs = "Const SERVER = \"smtp.office365.com\"\nSet cfg = CreateObject(\"CDO.Configuration\")\ncfg.Fields.Item(\"http://schemas.microsoft.com/cdo/configuration/smtpserver\") = SERVER\ncfg.Fields.Item(\"http://schemas.microsoft.com/cdo/configuration/sendpassword\") = \"Secret-2\"\n";
        assert_eq!(
            hosts(vbs, Language::VbScript),
            vec![(3, "CDO smtpserver", "smtp.office365.com".to_owned())]
        );
        let bat = "@echo off\nset SMTP=smtp.office365.com\nblat.exe report.txt -to a@x.nl -server %SMTP%:587 -u scan -pw Secret-3\nsendEmail.exe -f a@x.nl -t b@x.nl -s relay01:25 -xu u -xp Secret-4\nrem blat -server commented\nmailsend -smtp ^\n  10.0.0.25 -port 25\n";
        assert_eq!(
            hosts(bat, Language::Batch),
            vec![
                (3, "blat -server", "smtp.office365.com:587".to_owned()),
                (4, "sendEmail -s", "relay01:25".to_owned()),
                (6, "mailsend -smtp", "10.0.0.25".to_owned()),
            ]
        );
        let py = "import smtplib\nHOST = 'smtp.office365.com'\nwith smtplib.SMTP(HOST, 587) as s:\n    s.login('u', 'Secret-5')\nother = smtplib.SMTP_SSL(host=\"relay03\")\n";
        assert_eq!(
            hosts(py, Language::Python),
            vec![
                (3, "smtplib.SMTP", "smtp.office365.com:587".to_owned()),
                (5, "smtplib.SMTP", "relay03".to_owned()),
            ]
        );
    }

    #[test]
    fn languages_by_extension() {
        assert_eq!(
            Language::of_path("C:\\S\\Report.PS1"),
            Some(Language::PowerShell)
        );
        assert_eq!(Language::of_path("x.cmd"), Some(Language::Batch));
        assert_eq!(Language::of_path("C:\\S\\noext"), None);
    }
}
