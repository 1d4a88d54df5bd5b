//! GUIDs as admins paste them: with braces, quotes, spaces, upper case, or cut short.
//!
//! Tenant and client ids are GUIDs; the portal shows them plainly, but a copy from PowerShell
//! gives `{…}`, from a mail gives quotes, and a hurried copy loses the last characters. We accept
//! every harmless variant and name exactly what is wrong with the rest.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A GUID in its canonical form: lower case, 8-4-4-4-12.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Guid(String);

/// Why a pasted value is not a GUID.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum GuidError {
    #[error("empty")]
    Empty,
    #[error("{found} hexadecimal digits instead of 32")]
    WrongLength { found: usize },
    #[error("character {0:?} does not belong in a GUID")]
    BadCharacter(char),
    #[error("the dashes are not at the places 8-4-4-4-12")]
    Misplaced,
}

impl Guid {
    /// Reads a pasted value, tolerating surrounding whitespace, quotes and braces.
    pub fn parse(input: &str) -> Result<Guid, GuidError> {
        let trimmed = strip_wrapping(input);
        if trimmed.is_empty() {
            return Err(GuidError::Empty);
        }
        let mut digits = String::with_capacity(32);
        for c in trimmed.chars() {
            match c {
                '0'..='9' | 'a'..='f' | 'A'..='F' => digits.push(c.to_ascii_lowercase()),
                '-' => {}
                other => return Err(GuidError::BadCharacter(other)),
            }
        }
        if digits.len() != 32 {
            return Err(GuidError::WrongLength {
                found: digits.len(),
            });
        }
        let has_dashes = trimmed.contains('-');
        let canonical = format!(
            "{}-{}-{}-{}-{}",
            &digits[0..8],
            &digits[8..12],
            &digits[12..16],
            &digits[16..20],
            &digits[20..32]
        );
        if has_dashes && !trimmed.eq_ignore_ascii_case(&canonical) {
            return Err(GuidError::Misplaced);
        }
        Ok(Guid(canonical))
    }

    /// Whether a value is plausibly a GUID (used to recognise a secret ID pasted as a secret).
    pub fn looks_like(input: &str) -> bool {
        Guid::parse(input).is_ok()
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

fn strip_wrapping(input: &str) -> &str {
    let mut s = input.trim();
    loop {
        let before = s;
        for (open, close) in [('{', '}'), ('"', '"'), ('\'', '\''), ('(', ')'), ('<', '>')] {
            if let Some(inner) = s.strip_prefix(open).and_then(|r| r.strip_suffix(close)) {
                s = inner.trim();
            }
        }
        if s == before {
            return s;
        }
    }
}

impl fmt::Display for Guid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for Guid {
    type Error = GuidError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Guid::parse(&value)
    }
}

impl From<Guid> for String {
    fn from(guid: Guid) -> String {
        guid.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CANON: &str = "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0";

    #[test]
    fn accepted_variants_normalise() {
        for input in [
            "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0",
            "0F1E2D3C-4B5A-6978-8796-A5B4C3D2E1F0",
            "{0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0}",
            "  0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0\t\n",
            "\"0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0\"",
            "'{0F1E2D3C-4B5A-6978-8796-A5B4C3D2E1F0}'",
            "0f1e2d3c4b5a69788796a5b4c3d2e1f0",
        ] {
            assert_eq!(
                Guid::parse(input).map(|g| g.to_string()),
                Ok(CANON.into()),
                "{input:?}"
            );
        }
    }

    #[test]
    fn rejected_values_say_why() {
        let table: &[(&str, GuidError)] = &[
            ("", GuidError::Empty),
            ("  {} ", GuidError::Empty),
            (
                "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1",
                GuidError::WrongLength { found: 30 },
            ),
            (
                "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0aa",
                GuidError::WrongLength { found: 34 },
            ),
            (
                "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1g0",
                GuidError::BadCharacter('g'),
            ),
            ("contoso.onmicrosoft.com", GuidError::BadCharacter('o')),
            ("0f1e2d3c4-b5a-6978-8796-a5b4c3d2e1f0", GuidError::Misplaced),
            (
                "0f1e2d3c 4b5a 6978 8796 a5b4c3d2e1f0",
                GuidError::BadCharacter(' '),
            ),
        ];
        for (input, expected) in table {
            assert_eq!(Guid::parse(input).as_ref(), Err(expected), "{input:?}");
        }
    }

    #[test]
    fn serde_round_trip_validates() {
        let guid = Guid::parse(CANON).expect("valid");
        let json = serde_json::to_string(&guid).expect("serialise");
        assert_eq!(json, format!("\"{CANON}\""));
        assert_eq!(serde_json::from_str::<Guid>(&json).expect("read"), guid);
        assert!(serde_json::from_str::<Guid>("\"nope\"").is_err());
    }
}
