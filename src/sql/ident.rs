//! Identifiers and row keys.
//!
//! Names of databases, schemas, tables and columns come from the server being scanned, which may
//! be hostile (a table called `x]; DROP TABLE y; --`). They are never pasted into a statement
//! as they are: [`quote_name`] applies SQL Server's `QUOTENAME` rule (brackets, a `]` doubled,
//! at most 128 characters, otherwise no name at all). Values always travel as parameters.

use std::collections::BTreeMap;

/// The longest identifier SQL Server has (`sysname`), and the most `QUOTENAME` accepts.
pub const MAX_NAME_CHARS: usize = 128;

/// `QUOTENAME(name)`: `[name]` with every `]` doubled; `None` where `QUOTENAME` returns NULL
/// (more than 128 characters). A NUL character is refused as well: no real name has one.
pub fn quote_name(name: &str) -> Option<String> {
    if name.chars().count() > MAX_NAME_CHARS || name.contains('\0') {
        return None;
    }
    Some(format!("[{}]", name.replace(']', "]]")))
}

/// `[db].[schema].[table]`, or `None` when a part cannot be quoted.
pub fn three_part(database: &str, schema: &str, table: &str) -> Option<String> {
    Some(format!(
        "{}.{}.{}",
        quote_name(database)?,
        quote_name(schema)?,
        quote_name(table)?
    ))
}

/// A row's primary key as text: `id=42` or `a=1; b=x` (columns in key order). `;`, `=` and `\`
/// inside names and values are escaped with `\`, so every key reads back exactly.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RowKey(pub Vec<(String, String)>);

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '\\' | ';' | '=') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

impl RowKey {
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn encode(&self) -> String {
        self.0
            .iter()
            .map(|(name, value)| format!("{}={}", escape(name), escape(value)))
            .collect::<Vec<_>>()
            .join("; ")
    }

    /// Reads what [`RowKey::encode`] wrote; `None` for anything else.
    pub fn decode(text: &str) -> Option<RowKey> {
        let mut parts = Vec::new();
        let mut name = String::new();
        let mut value = String::new();
        let mut in_value = false;
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '\\' => {
                    let next = chars.next()?;
                    if in_value { &mut value } else { &mut name }.push(next);
                }
                '=' if !in_value => in_value = true,
                ';' if in_value => {
                    parts.push((std::mem::take(&mut name), std::mem::take(&mut value)));
                    in_value = false;
                    if chars.peek() == Some(&' ') {
                        chars.next();
                    }
                }
                '=' | ';' => return None,
                _ => if in_value { &mut value } else { &mut name }.push(c),
            }
        }
        if !in_value || name.is_empty() {
            return None;
        }
        parts.push((name, value));
        let unique: BTreeMap<&str, ()> = parts.iter().map(|(n, _)| (n.as_str(), ())).collect();
        (unique.len() == parts.len()).then_some(RowKey(parts))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quote_name_follows_quotename() {
        assert_eq!(quote_name("Clients").as_deref(), Some("[Clients]"));
        assert_eq!(quote_name("a]b").as_deref(), Some("[a]]b]"));
        assert_eq!(
            quote_name("x]; DROP TABLE y; --").as_deref(),
            Some("[x]]; DROP TABLE y; --]")
        );
        assert_eq!(quote_name("[x]").as_deref(), Some("[[x]]]"));
        assert!(quote_name(&"a".repeat(128)).is_some());
        assert!(quote_name(&"a".repeat(129)).is_none());
        assert!(quote_name("a\0b").is_none());
    }

    #[test]
    fn row_keys_round_trip_with_awkward_characters() {
        for key in [
            RowKey(vec![("id".into(), "42".into())]),
            RowKey(vec![
                ("a;b".into(), "x=y".into()),
                ("c\\".into(), "; ".into()),
            ]),
            RowKey(vec![("Code".into(), String::new())]),
        ] {
            assert_eq!(RowKey::decode(&key.encode()), Some(key.clone()), "{key:?}");
        }
        assert_eq!(RowKey(vec![("id".into(), "42".into())]).encode(), "id=42");
        assert_eq!(RowKey::decode(""), None);
        assert_eq!(RowKey::decode("id"), None);
        assert_eq!(RowKey::decode("id=1; id=2"), None);
    }
}
