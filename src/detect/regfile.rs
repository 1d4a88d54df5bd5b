//! The registry export format of regedit (`.reg`), read into a registry a scan can query.
//!
//! A partner collects a customer's registry with `reg export` / regedit, which writes UTF-16 LE
//! with a BOM ("Windows Registry Editor Version 5.00"); hand-edited copies are often UTF-8. Both
//! are read, with `[HKEY_...]` sections, `"name"="value"`, `@` default values, `dword:`, `hex:`,
//! `hex(N):` typed values (expandable strings as UTF-16 LE bytes) wrapped over lines with a
//! trailing backslash, escaped quotes and backslashes, comments and `[-key]` / `"v"=-` deletions.

use std::collections::BTreeMap;

use super::ProblemKind;
use super::platform::{RegValue, Registry, normalise_key};

#[derive(Clone, Debug, Default)]
struct Key {
    path: String,
    /// Lower-case name -> (name as written, value).
    values: BTreeMap<String, (String, RegValue)>,
}

/// A parsed `.reg` file.
#[derive(Clone, Debug, Default)]
pub struct RegExport {
    /// Lower-case normalised path -> key.
    keys: BTreeMap<String, Key>,
    /// Lines that could not be understood (kept out of the values; listed, never fatal).
    pub skipped_lines: Vec<u32>,
}

/// Decodes (UTF-16 or UTF-8) and parses a `.reg` file.
pub fn parse_bytes(bytes: &[u8]) -> Result<RegExport, ProblemKind> {
    let text = super::text::decode(bytes)?;
    parse(&text)
}

pub fn parse(text: &str) -> Result<RegExport, ProblemKind> {
    let mut lines = logical_lines(text).into_iter();
    let header = lines
        .by_ref()
        .find(|(_, line)| !line.trim().is_empty())
        .map(|(_, line)| line.trim().to_owned())
        .unwrap_or_default();
    if header != "Windows Registry Editor Version 5.00" && header != "REGEDIT4" {
        return Err(ProblemKind::MalformedRegistry {
            detail: format!(
                "first line is {header:?}, not \"Windows Registry Editor Version 5.00\""
            ),
        });
    }
    let mut export = RegExport::default();
    let mut current: Option<String> = None;
    for (number, line) in lines {
        let line = line.trim();
        if line.is_empty() || line.starts_with(';') {
            continue;
        }
        if let Some(section) = line.strip_prefix('[') {
            let Some(section) = section.strip_suffix(']') else {
                export.skipped_lines.push(number);
                current = None;
                continue;
            };
            if let Some(deleted) = section.strip_prefix('-') {
                // The key and its subkeys: one ordered range, not a pass over every key.
                let gone = normalise_key(deleted).to_lowercase();
                export.keys.remove(&gone);
                let prefix = format!("{gone}\\");
                let doomed: Vec<String> = export
                    .keys
                    .range(prefix.clone()..)
                    .take_while(|(k, _)| k.starts_with(&prefix))
                    .map(|(k, _)| k.clone())
                    .collect();
                for key in doomed {
                    export.keys.remove(&key);
                }
                current = None;
            } else {
                let path = normalise_key(section);
                let lower = path.to_lowercase();
                export.keys.entry(lower.clone()).or_insert_with(|| Key {
                    path,
                    values: BTreeMap::new(),
                });
                current = Some(lower);
            }
            continue;
        }
        let Some(key) = current.as_ref().and_then(|k| export.keys.get_mut(k)) else {
            export.skipped_lines.push(number);
            continue;
        };
        match parse_value_line(line) {
            Some((name, Some(value))) => {
                key.values.insert(name.to_lowercase(), (name, value));
            }
            Some((name, None)) => {
                key.values.remove(&name.to_lowercase());
            }
            None => export.skipped_lines.push(number),
        }
    }
    Ok(export)
}

/// Joins lines continued with a trailing backslash; returns (first line number, text). Linear in
/// the size of the text: whether a logical line is hex data is decided once, on its first line
/// (regedit writes `"name"=hex...` there), not again for every continuation.
fn logical_lines(text: &str) -> Vec<(u32, String)> {
    let mut out = Vec::new();
    // (first line number, text so far) of a hex value still being continued.
    let mut pending: Option<(u32, String)> = None;
    for (i, raw) in text.lines().enumerate() {
        let number = u32::try_from(i + 1).unwrap_or(u32::MAX);
        let raw = raw.trim_end_matches('\r');
        let trimmed = raw.trim_end();
        match pending.take() {
            Some((start, mut joined)) => {
                let piece = trimmed.trim_start();
                match piece.strip_suffix('\\') {
                    Some(head) => {
                        joined.push_str(head);
                        pending = Some((start, joined));
                    }
                    None => {
                        joined.push_str(piece);
                        out.push((start, joined));
                    }
                }
            }
            None => match trimmed.strip_suffix('\\') {
                Some(head) if !trimmed.ends_with("\"") && is_hex_value(head) => {
                    pending = Some((number, head.to_owned()));
                }
                _ => out.push((number, raw.to_owned())),
            },
        }
    }
    if let Some(rest) = pending {
        out.push(rest);
    }
    out
}

/// Only typed hex data is wrapped by regedit; a string value never continues on the next line.
fn is_hex_value(first_line: &str) -> bool {
    first_line.split_once('=').is_some_and(|(_, data)| {
        data.trim_start()
            .get(..3)
            .is_some_and(|h| h.eq_ignore_ascii_case("hex"))
    })
}

/// `"name"=data` or `@=data`. `None` for a line that is not a value; `Some((name, None))` for a
/// deletion (`=-`).
fn parse_value_line(line: &str) -> Option<(String, Option<RegValue>)> {
    let (name, rest) = if let Some(rest) = line.strip_prefix('@') {
        (String::new(), rest)
    } else {
        let (name, rest) = quoted(line.strip_prefix('"')?)?;
        (name, rest)
    };
    let data = rest.trim_start().strip_prefix('=')?.trim();
    if data == "-" {
        return Some((name, None));
    }
    Some((name, Some(parse_data(data)?)))
}

/// Reads a quoted string (after its opening quote) with `\\` and `\"` escapes; returns the text
/// and what follows the closing quote.
fn quoted(s: &str) -> Option<(String, &str)> {
    let mut out = String::new();
    let mut chars = s.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some((_, '\\')) => out.push('\\'),
                Some((_, '"')) => out.push('"'),
                Some((_, '0')) => out.push('\0'),
                Some((_, other)) => {
                    out.push('\\');
                    out.push(other);
                }
                None => out.push('\\'),
            },
            '"' => return Some((out, &s[i + 1..])),
            _ => out.push(c),
        }
    }
    None
}

fn parse_data(data: &str) -> Option<RegValue> {
    if let Some(rest) = data.strip_prefix('"') {
        let (text, after) = quoted(rest)?;
        return after.trim().is_empty().then_some(RegValue::Sz(text));
    }
    let lower = data.to_ascii_lowercase();
    if let Some(hex) = lower.strip_prefix("dword:") {
        return u32::from_str_radix(hex.trim(), 16)
            .ok()
            .map(RegValue::Dword);
    }
    let (kind, bytes) = if let Some(rest) = lower.strip_prefix("hex:") {
        ("3", rest)
    } else {
        let rest = lower.strip_prefix("hex(")?;
        let (kind, rest) = rest.split_once("):")?;
        (kind, rest)
    };
    let bytes = hex_bytes(bytes)?;
    Some(match kind {
        "1" => RegValue::Sz(utf16_string(&bytes)),
        "2" => RegValue::ExpandSz(utf16_string(&bytes)),
        "7" => RegValue::MultiSz(
            utf16_string(&bytes)
                .split('\0')
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect(),
        ),
        "4" if bytes.len() == 4 => {
            RegValue::Dword(u32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]))
        }
        "b" if bytes.len() == 8 => {
            let mut b = [0u8; 8];
            b.copy_from_slice(&bytes);
            RegValue::Qword(u64::from_le_bytes(b))
        }
        _ => RegValue::Binary(bytes),
    })
}

fn hex_bytes(list: &str) -> Option<Vec<u8>> {
    list.split(',')
        .map(str::trim)
        .filter(|b| !b.is_empty())
        .map(|b| u8::from_str_radix(b, 16).ok())
        .collect()
}

/// A REG_SZ / REG_EXPAND_SZ stored as UTF-16 LE bytes, without its terminating NUL.
pub(crate) fn utf16_string(bytes: &[u8]) -> String {
    let units: Vec<u16> = bytes
        .chunks_exact(2)
        .map(|p| u16::from_le_bytes([p[0], p[1]]))
        .collect();
    String::from_utf16_lossy(&units)
        .trim_end_matches('\0')
        .to_owned()
}

impl Registry for RegExport {
    fn subkeys(&self, key: &str) -> Vec<String> {
        let prefix = format!("{}\\", normalise_key(key).to_lowercase());
        let mut names: BTreeMap<String, String> = BTreeMap::new();
        // The subkey's name as written is the path component after the parent's: counted in
        // components, since lower case may change a name's length in bytes (K, the Kelvin sign).
        let depth = prefix.split('\\').count() - 1;
        for (lower, k) in self.keys.range(prefix.clone()..) {
            if !lower.starts_with(&prefix) {
                break;
            }
            let name = k.path.split('\\').nth(depth).unwrap_or_default();
            if !name.is_empty() {
                names
                    .entry(name.to_lowercase())
                    .or_insert_with(|| name.to_owned());
            }
        }
        names.into_values().collect()
    }

    fn values(&self, key: &str) -> Vec<(String, RegValue)> {
        self.keys
            .get(&normalise_key(key).to_lowercase())
            .map(|k| k.values.values().cloned().collect())
            .unwrap_or_default()
    }

    fn value(&self, key: &str, name: &str) -> Option<RegValue> {
        self.keys
            .get(&normalise_key(key).to_lowercase())
            .and_then(|k| k.values.get(&name.to_lowercase()))
            .map(|(_, v)| v.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "Windows Registry Editor Version 5.00\r\n\r\n\
; exported by a partner\r\n\
[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\{BPA}]\r\n\
\"DisplayName\"=\"BPA Platform 2020\"\r\n\
\"DisplayVersion\"=\"9.0.6333\"\r\n\
\"Quote\"=\"say \\\"hi\\\" C:\\\\x\\\\\"\r\n\
@=\"default\"\r\n\
\"EstimatedSize\"=dword:0000a0f1\r\n\
\"InstallLocation\"=hex(2):25,00,50,00,72,00,6f,00,67,00,72,00,61,00,6d,00,46,00,69,\\\r\n\
  00,6c,00,65,00,73,00,25,00,5c,00,42,00,50,00,41,00,00,00\r\n\
\"Multi\"=hex(7):61,00,00,00,62,00,00,00,00,00\r\n\
\"Gone\"=\"x\"\r\n\
\"Gone\"=-\r\n\
\"DisplayName\"=\"BPA Platform 2020 (dup wins last)\"\r\n\
[HKEY_CURRENT_USER\\Software\\A\\B\\C]\r\n\
\"x\"=\"y\"\r\n\
[HKEY_CURRENT_USER\\Software\\Old]\r\n\
[-HKEY_CURRENT_USER\\Software\\Old]\r\n\
garbage line\r\n";

    #[test]
    fn values_of_every_type() {
        let export = parse(SAMPLE).expect("parses");
        let key = "HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\{BPA}";
        let get = |name: &str| export.value(key, name);
        assert_eq!(
            get("displayname"),
            Some(RegValue::Sz("BPA Platform 2020 (dup wins last)".into()))
        );
        assert_eq!(
            get("Quote"),
            Some(RegValue::Sz("say \"hi\" C:\\x\\".into()))
        );
        assert_eq!(get(""), Some(RegValue::Sz("default".into())));
        assert_eq!(get("EstimatedSize"), Some(RegValue::Dword(0xa0f1)));
        assert_eq!(
            get("InstallLocation"),
            Some(RegValue::ExpandSz("%ProgramFiles%\\BPA".into()))
        );
        assert_eq!(
            get("Multi"),
            Some(RegValue::MultiSz(vec!["a".into(), "b".into()]))
        );
        assert_eq!(get("Gone"), None);
        assert_eq!(export.skipped_lines, vec![20]);
        assert_eq!(export.subkeys("HKEY_CURRENT_USER\\Software"), vec!["A"]);
        assert_eq!(export.subkeys("HKCU\\software\\a"), vec!["B"]);
        assert_eq!(
            export.subkeys("HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Uninstall"),
            vec!["{BPA}"]
        );
    }

    #[test]
    fn utf16_with_bom_as_regedit_writes_it() {
        let mut bytes = vec![0xFF, 0xFE];
        bytes.extend(SAMPLE.encode_utf16().flat_map(u16::to_le_bytes));
        let export = parse_bytes(&bytes).expect("parses");
        assert_eq!(
            export.value("HKCU\\Software\\A\\B\\C", "X"),
            Some(RegValue::Sz("y".into()))
        );
    }

    #[test]
    fn not_a_registry_export_is_refused() {
        assert!(matches!(
            parse("hello\n[HKEY_LOCAL_MACHINE\\X]"),
            Err(ProblemKind::MalformedRegistry { .. })
        ));
        assert!(parse("REGEDIT4\n").is_ok());
    }
}
