//! Where a value sits in a JSON text, in bytes: the one thing `serde_json` does not say, and
//! what a format-preserving edit needs (only the value's own bytes change; spacing, order,
//! comments-free layout and every other byte stay).
//!
//! A small recursive-descent reader over the text, depth-limited like serde_json (128), that
//! records each member's key path (`Smtp:Host`, .NET's spelling) and the span of its value.

use std::ops::Range;

/// A scalar member: its key path, its value's span (strings without the quotes) and kind.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Member {
    pub path: String,
    pub span: Range<usize>,
    pub kind: Kind,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A string; the span excludes the quotes.
    String,
    Number,
    Bool,
    Null,
}

const MAX_DEPTH: usize = 128;

struct Reader<'a> {
    text: &'a [u8],
    pos: usize,
    out: Vec<Member>,
}

/// Every scalar member under an object key, in text order; `None` when the text is not JSON.
pub fn members(text: &str) -> Option<Vec<Member>> {
    let mut reader = Reader {
        text: text.as_bytes(),
        pos: 0,
        out: Vec::new(),
    };
    reader.skip_ws();
    reader.value("", 0)?;
    reader.skip_ws();
    (reader.pos == reader.text.len()).then_some(reader.out)
}

impl Reader<'_> {
    fn skip_ws(&mut self) {
        while self
            .text
            .get(self.pos)
            .is_some_and(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\n'))
        {
            self.pos += 1;
        }
    }

    fn eat(&mut self, byte: u8) -> Option<()> {
        (self.text.get(self.pos) == Some(&byte)).then(|| self.pos += 1)
    }

    /// A string's inner span (after the opening quote, before the closing one).
    fn string(&mut self) -> Option<Range<usize>> {
        self.eat(b'"')?;
        let start = self.pos;
        loop {
            match *self.text.get(self.pos)? {
                b'"' => {
                    let span = start..self.pos;
                    self.pos += 1;
                    return Some(span);
                }
                b'\\' => self.pos += 2,
                b if b < 0x20 => return None,
                _ => self.pos += 1,
            }
        }
    }

    fn literal(&mut self, word: &[u8]) -> Option<()> {
        self.text
            .get(self.pos..self.pos + word.len())
            .filter(|w| *w == word)
            .map(|_| self.pos += word.len())
    }

    fn value(&mut self, path: &str, depth: usize) -> Option<()> {
        if depth > MAX_DEPTH {
            return None;
        }
        let start = self.pos;
        match *self.text.get(self.pos)? {
            b'{' => {
                self.pos += 1;
                self.skip_ws();
                if self.eat(b'}').is_some() {
                    return Some(());
                }
                loop {
                    self.skip_ws();
                    let key = self.string()?;
                    let key = std::str::from_utf8(&self.text[key]).ok()?.to_owned();
                    let child = if path.is_empty() {
                        key
                    } else {
                        format!("{path}:{key}")
                    };
                    self.skip_ws();
                    self.eat(b':')?;
                    self.skip_ws();
                    self.value(&child, depth + 1)?;
                    self.skip_ws();
                    if self.eat(b',').is_some() {
                        continue;
                    }
                    self.eat(b'}')?;
                    return Some(());
                }
            }
            b'[' => {
                self.pos += 1;
                self.skip_ws();
                if self.eat(b']').is_some() {
                    return Some(());
                }
                loop {
                    self.skip_ws();
                    self.value(path, depth + 1)?;
                    self.skip_ws();
                    if self.eat(b',').is_some() {
                        continue;
                    }
                    self.eat(b']')?;
                    return Some(());
                }
            }
            b'"' => {
                let span = self.string()?;
                self.push(path, span, Kind::String);
                Some(())
            }
            b't' => {
                self.literal(b"true")?;
                self.push(path, start..self.pos, Kind::Bool);
                Some(())
            }
            b'f' => {
                self.literal(b"false")?;
                self.push(path, start..self.pos, Kind::Bool);
                Some(())
            }
            b'n' => {
                self.literal(b"null")?;
                self.push(path, start..self.pos, Kind::Null);
                Some(())
            }
            b'-' | b'0'..=b'9' => {
                while self
                    .text
                    .get(self.pos)
                    .is_some_and(|b| matches!(b, b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9'))
                {
                    self.pos += 1;
                }
                self.push(path, start..self.pos, Kind::Number);
                Some(())
            }
            _ => None,
        }
    }

    fn push(&mut self, path: &str, span: Range<usize>, kind: Kind) {
        if !path.is_empty() {
            self.out.push(Member {
                path: path.to_owned(),
                span,
                kind,
            });
        }
    }
}

/// A string as it must be written inside JSON quotes.
pub fn escape(value: &str) -> String {
    let quoted = serde_json::to_string(value).unwrap_or_default();
    quoted
        .strip_prefix('"')
        .and_then(|q| q.strip_suffix('"'))
        .unwrap_or_default()
        .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_of_nested_members() {
        let text = "{\r\n  \"Smtp\": {\r\n    \"Host\": \"smtp.office365.com\",\r\n    \"Port\": 587,\r\n    \"Ssl\": true\r\n  },\r\n  \"List\": [\"a\", {\"X\": null}]\r\n}";
        let found = members(text).expect("json");
        let get = |path: &str| {
            let m = found.iter().find(|m| m.path == path).expect(path);
            (&text[m.span.clone()], m.kind)
        };
        assert_eq!(get("Smtp:Host"), ("smtp.office365.com", Kind::String));
        assert_eq!(get("Smtp:Port"), ("587", Kind::Number));
        assert_eq!(get("Smtp:Ssl"), ("true", Kind::Bool));
        assert_eq!(get("List:X"), ("null", Kind::Null));
        assert!(members("{\"a\": }").is_none());
        assert!(members(&"[".repeat(200)).is_none());
        assert_eq!(escape("a\"b\\c"), "a\\\"b\\\\c");
    }
}
