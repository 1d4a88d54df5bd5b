//! Issue 18: Dutch that reads as Dutch. The glossary in `locales/README.md` names one Dutch term
//! per concept and the words that must not stand in for it; this test reads that table and fails
//! on every such word in `locales/nl/*.ftl` and in the Dutch texts of the catalogue
//! (`assets/catalog`; the access routes keep their texts in the .ftl files), outside quotation
//! marks (a quoted name is the application's own label).

use std::path::Path;

/// A forbidden word or phrase, lower case, as tokens.
struct Rule {
    not: Vec<String>,
    dutch: String,
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The glossary table of locales/README.md.
fn rules() -> Vec<Rule> {
    let readme = std::fs::read_to_string(root().join("locales/README.md")).expect("README");
    let mut rules = Vec::new();
    for line in readme.lines().filter(|l| l.starts_with('|')) {
        let cells: Vec<&str> = line.trim_matches('|').split('|').map(str::trim).collect();
        if cells.len() != 3 || cells[0] == "concept" || cells[0].starts_with("---") {
            continue;
        }
        for not in cells[2].split(',').map(str::trim).filter(|n| !n.is_empty()) {
            rules.push(Rule {
                not: tokens(not),
                dutch: cells[1].to_owned(),
            });
        }
    }
    assert!(
        rules.len() > 30,
        "the glossary table was not read: {}",
        rules.len()
    );
    rules
}

/// The text with quoted parts removed: “…”, "…", '…' (an apostrophe inside a word, as in
/// ID's, is not a quote), and Fluent placeables `{ … }`.
fn unquoted(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let opens = |close: char| -> Option<usize> {
            chars[i + 1..]
                .iter()
                .position(|&d| d == close)
                .map(|offset| i + 1 + offset)
        };
        let end = match c {
            '“' => opens('”'),
            '"' => opens('"'),
            '{' => opens('}'),
            '\'' if i == 0 || !chars[i - 1].is_alphanumeric() => {
                // The closing quote is one not followed by a letter.
                let mut found = None;
                for j in i + 1..chars.len() {
                    if chars[j] == '\'' && chars.get(j + 1).is_none_or(|n| !n.is_alphanumeric()) {
                        found = Some(j);
                        break;
                    }
                }
                found
            }
            _ => None,
        };
        match end {
            Some(end) => {
                out.push(' ');
                i = end + 1;
            }
            None => {
                out.push(c);
                i += 1;
            }
        }
    }
    out
}

/// Words, lower case, without the punctuation around them (inside a word `-`, `.`, `/` stay:
/// Set-CASMailbox and smtp.office365.com are one token each).
fn tokens(text: &str) -> Vec<String> {
    text.split_whitespace()
        .map(|word| {
            word.trim_matches(|c: char| !c.is_alphanumeric() && c != '&')
                .to_lowercase()
        })
        .filter(|word| !word.is_empty())
        .collect()
}

/// Every violation in one Dutch text: the forbidden words and the term to use.
fn violations(text: &str, rules: &[Rule]) -> Vec<String> {
    let words = tokens(&unquoted(text));
    let mut found = Vec::new();
    for rule in rules {
        let n = rule.not.len();
        if words.windows(n).any(|window| window == rule.not.as_slice()) {
            found.push(format!("{:?} (use: {})", rule.not.join(" "), rule.dutch));
        }
    }
    found
}

/// Each Dutch message value of a .ftl file, with its id (comments and ids left out).
fn ftl_values(source: &str) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for line in source.lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        if !line.starts_with(' ')
            && let Some((id, value)) = line.split_once('=')
        {
            out.push((id.trim().to_owned(), value.to_owned()));
        } else if let Some((_, value)) = out.last_mut() {
            // A continuation line, or an attribute (`.tooltip = ...`).
            value.push('\n');
            value.push_str(
                line.trim_start()
                    .strip_prefix('.')
                    .and_then(|rest| rest.split_once('=').map(|(_, v)| v))
                    .unwrap_or(line),
            );
        }
    }
    out
}

/// Every `nl = "..."` text of a TOML file, with where it is.
fn toml_dutch(value: &toml::Value, at: &str, out: &mut Vec<(String, String)>) {
    match value {
        toml::Value::Table(table) => {
            for (key, value) in table {
                let here = format!("{at}.{key}");
                match (key.as_str(), value) {
                    ("nl", toml::Value::String(text)) => out.push((here, text.clone())),
                    _ => toml_dutch(value, &here, out),
                }
            }
        }
        toml::Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                toml_dutch(item, &format!("{at}[{index}]"), out);
            }
        }
        _ => {}
    }
}

#[test]
fn the_glossary_test_sees_what_it_must() {
    let rules = rules();
    assert_eq!(
        violations(
            "Het client secret verloopt; kopieer de refresh token.",
            &rules
        )
        .len(),
        3,
        "client secret, secret and refresh token"
    );
    assert!(violations("Vul in AllSolutions het veld 'Client secret' in.", &rules).is_empty());
    assert!(violations("Microsoft: “the permissions are a union”.", &rules).is_empty());
    assert!(violations("Kopieer de ID's van 'Map-id (tenant)'.", &rules).is_empty());
    assert!(violations("Set-CASMailbox -Identity { $mailbox }", &rules).is_empty());
    assert_eq!(violations("Kun je het postvak zien?", &rules).len(), 1);
}

#[test]
fn dutch_texts_keep_to_the_glossary() {
    let rules = rules();
    let mut problems = Vec::new();
    let mut files: Vec<_> = std::fs::read_dir(root().join("locales/nl"))
        .expect("locales/nl")
        .flatten()
        .map(|e| e.path())
        .collect();
    files.sort();
    for file in files {
        let source = std::fs::read_to_string(&file).expect("read");
        for (id, value) in ftl_values(&source) {
            for violation in violations(&value, &rules) {
                problems.push(format!(
                    "{}: {id}: {violation}",
                    file.file_name().unwrap_or_default().to_string_lossy()
                ));
            }
        }
    }
    let mut assets: Vec<_> = std::fs::read_dir(root().join("assets/catalog"))
        .expect("catalog")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    assets.sort();
    for file in assets {
        let table: toml::Table =
            toml::from_str(&std::fs::read_to_string(&file).expect("read")).expect("toml");
        let value = toml::Value::Table(table);
        let mut texts = Vec::new();
        toml_dutch(&value, "", &mut texts);
        for (at, text) in texts {
            for violation in violations(&text, &rules) {
                problems.push(format!(
                    "{}{at}: {violation}",
                    file.file_name().unwrap_or_default().to_string_lossy()
                ));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "{} glossary violations (locales/README.md):\n{}",
        problems.len(),
        problems.join("\n")
    );
}
