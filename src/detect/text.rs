//! Reading configuration text as Windows writes it: UTF-8 with or without BOM, UTF-16 (LE/BE)
//! with a BOM (regedit, some installers), or UTF-16 without one, and XML with comments and DTDs.
//!
//! Why no encoding crate: the only encodings that occur in these files are UTF-8 and UTF-16, and
//! the standard library decodes both.

use super::ProblemKind;

/// How a file's text was stored, so that a changed file is written back the same way: the
/// same encoding, byte order and byte order mark.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Encoding {
    Utf8,
    Utf8Bom,
    Utf16Le { bom: bool },
    Utf16Be { bom: bool },
}

impl Encoding {
    /// The encoding [`decode`] would read `bytes` in (without checking that they decode).
    pub fn of(bytes: &[u8]) -> Encoding {
        if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
            Encoding::Utf8Bom
        } else if bytes.starts_with(&[0xFF, 0xFE]) {
            Encoding::Utf16Le { bom: true }
        } else if bytes.starts_with(&[0xFE, 0xFF]) {
            Encoding::Utf16Be { bom: true }
        } else {
            match utf16_without_bom(bytes) {
                Some(false) => Encoding::Utf16Le { bom: false },
                Some(true) => Encoding::Utf16Be { bom: false },
                None => Encoding::Utf8,
            }
        }
    }

    /// `text` as bytes in this encoding: the inverse of [`decode`] for text it produced.
    pub fn encode(self, text: &str) -> Vec<u8> {
        match self {
            Encoding::Utf8 => text.as_bytes().to_vec(),
            Encoding::Utf8Bom => [&[0xEF, 0xBB, 0xBF][..], text.as_bytes()].concat(),
            Encoding::Utf16Le { bom } => {
                let mut out = if bom { vec![0xFF, 0xFE] } else { Vec::new() };
                out.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
                out
            }
            Encoding::Utf16Be { bom } => {
                let mut out = if bom { vec![0xFE, 0xFF] } else { Vec::new() };
                out.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
                out
            }
        }
    }
}

/// Decodes and says how: only when encoding the text again gives back exactly the same bytes,
/// which is what a format-preserving write needs (a file read with a lossy fallback is refused).
pub fn decode_exact(bytes: &[u8]) -> Result<(String, Encoding), ProblemKind> {
    let text = decode(bytes)?;
    let encoding = Encoding::of(bytes);
    if encoding.encode(&text) != bytes {
        return Err(ProblemKind::Encoding {
            detail: "the text does not read back to the same bytes".into(),
        });
    }
    Ok((text, encoding))
}

/// UTF-16 without a byte order mark: `Some(big_endian)` when every other byte of ASCII text is
/// zero, `None` otherwise.
fn utf16_without_bom(bytes: &[u8]) -> Option<bool> {
    if bytes.len() < 4 || !bytes.len().is_multiple_of(2) {
        return None;
    }
    let sample = &bytes[..bytes.len().min(256)];
    let odd_zero = sample
        .iter()
        .skip(1)
        .step_by(2)
        .filter(|b| **b == 0)
        .count();
    let even_zero = sample.iter().step_by(2).filter(|b| **b == 0).count();
    let half = sample.len() / 2;
    if odd_zero * 10 >= half * 9 && even_zero == 0 {
        Some(false)
    } else if even_zero * 10 >= half * 9 && odd_zero == 0 {
        Some(true)
    } else {
        None
    }
}

/// Decodes a file's bytes. Invalid UTF-8 is an error rather than replaced silently: a value read
/// with replacement characters could be misclassified.
pub fn decode(bytes: &[u8]) -> Result<String, ProblemKind> {
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return utf8(rest);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        return utf16(rest, false);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        return utf16(rest, true);
    }
    // UTF-16 without BOM: every other byte of ASCII text is zero.
    if let Some(big_endian) = utf16_without_bom(bytes) {
        return utf16(bytes, big_endian);
    }
    utf8(bytes)
}

fn utf8(bytes: &[u8]) -> Result<String, ProblemKind> {
    String::from_utf8(bytes.to_vec()).map_err(|e| ProblemKind::Encoding {
        detail: format!("not UTF-8 or UTF-16 ({e})"),
    })
}

fn utf16(bytes: &[u8], big_endian: bool) -> Result<String, ProblemKind> {
    if !bytes.len().is_multiple_of(2) {
        return Err(ProblemKind::Encoding {
            detail: "UTF-16 text with an odd number of bytes".into(),
        });
    }
    let units = bytes.chunks_exact(2).map(|pair| {
        if big_endian {
            u16::from_be_bytes([pair[0], pair[1]])
        } else {
            u16::from_le_bytes([pair[0], pair[1]])
        }
    });
    char::decode_utf16(units)
        .collect::<Result<String, _>>()
        .map_err(|e| ProblemKind::Encoding {
            detail: format!("invalid UTF-16 ({e})"),
        })
}

/// Evidence texts (a key, a site name) are cut to this many characters.
pub const MAX_EVIDENCE_CHARS: usize = 300;

/// Control characters (C0, DEL, C1) and the bidirectional overrides that reorder what a terminal
/// or a text field shows, written as `\u{1b}` instead: a scanned name is shown, never obeyed.
pub fn escape_controls(text: &str) -> String {
    if !text.chars().any(is_unsafe_char) {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_unsafe_char(c) {
            out.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    out
}

fn is_unsafe_char(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}')
}

/// Escaped (see [`escape_controls`]) and cut to `max` characters with an ellipsis, for a table
/// cell or a line of text.
pub fn shown(text: &str, max: usize) -> String {
    let escaped = escape_controls(text);
    if escaped.chars().count() <= max {
        return escaped;
    }
    let mut cut: String = escaped.chars().take(max.saturating_sub(1)).collect();
    cut.push('…');
    cut
}

/// More elements, attributes and texts than any configuration file has.
const MAX_XML_NODES: u32 = 2_000_000;

/// Parses XML text tolerantly: a DTD is allowed (Visual Studio writes `<!DOCTYPE>` into some
/// configs), and the encoding declaration is ignored because the text is already decoded.
///
/// Entity declarations are refused: no configuration Overstap reads needs one, and a few KB of
/// nested entities ("billion laughs") would otherwise expand to gigabytes.
pub fn parse_xml(text: &str) -> Result<roxmltree::Document<'_>, ProblemKind> {
    if declares_entities(text) {
        return Err(ProblemKind::MalformedXml {
            detail: "declares DTD entities; not read, to be safe".into(),
        });
    }
    if most_attributes(text) > MAX_XML_ATTRIBUTES {
        return Err(ProblemKind::MalformedXml {
            detail: format!("an element has more than {MAX_XML_ATTRIBUTES} attributes; not read"),
        });
    }
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        nodes_limit: MAX_XML_NODES,
        ..roxmltree::ParsingOptions::default()
    };
    roxmltree::Document::parse_with_options(text, options).map_err(|e| ProblemKind::MalformedXml {
        detail: e.to_string(),
    })
}

/// More attributes on one element than any configuration has. The parser compares every
/// attribute with every other (duplicates are an error), so a crafted element with 200,000 of
/// them would take minutes.
const MAX_XML_ATTRIBUTES: usize = 512;

/// The most `name=` pairs in one tag, counted in one pass: quotes are honoured, comments,
/// CDATA, processing instructions and the DOCTYPE are skipped (a commented-out block of
/// settings is not one element).
fn most_attributes(text: &str) -> usize {
    let bytes = text.as_bytes();
    let mut most = 0;
    let mut i = 0;
    let skip_to = |from: usize, end: &[u8]| -> usize {
        bytes[from..]
            .windows(end.len())
            .position(|w| w == end)
            .map_or(bytes.len(), |p| from + p + end.len())
    };
    while i < bytes.len() {
        if bytes[i] != b'<' {
            i += 1;
            continue;
        }
        let rest = &bytes[i..];
        if rest.starts_with(b"<!--") {
            i = skip_to(i + 4, b"-->");
        } else if rest.starts_with(b"<![CDATA[") {
            i = skip_to(i + 9, b"]]>");
        } else if rest.starts_with(b"<?") {
            i = skip_to(i + 2, b"?>");
        } else if rest.starts_with(b"<!") {
            // The DOCTYPE, internal subset included.
            let subset = rest.iter().position(|b| *b == b'[');
            let first_close = rest.iter().position(|b| *b == b'>');
            let close = match (subset, first_close) {
                (Some(open), Some(close)) if open < close => b"]>".as_slice(),
                _ => b">".as_slice(),
            };
            i = skip_to(i + 2, close);
        } else {
            let (mut count, mut quote) = (0usize, None);
            i += 1;
            while i < bytes.len() {
                let b = bytes[i];
                match quote {
                    Some(q) if b == q => quote = None,
                    Some(_) => {}
                    None if b == b'"' || b == b'\'' => quote = Some(b),
                    None if b == b'=' => count += 1,
                    None if b == b'>' || b == b'<' => break,
                    None => {}
                }
                i += 1;
            }
            most = most.max(count);
        }
    }
    most
}

/// `<!ENTITY` inside the document type declaration (XML names are case-sensitive).
fn declares_entities(text: &str) -> bool {
    text.find("<!DOCTYPE")
        .is_some_and(|start| text[start..].contains("<!ENTITY"))
}

/// An attribute, matched without regard to case (hand-edited configs vary).
pub fn attr<'a>(node: roxmltree::Node<'a, '_>, name: &str) -> Option<&'a str> {
    node.attributes()
        .find(|a| a.name().eq_ignore_ascii_case(name))
        .map(|a| a.value())
}

/// Child elements with this name, case-insensitive.
pub fn children<'a, 'input>(
    node: roxmltree::Node<'a, 'input>,
    name: &'a str,
) -> impl Iterator<Item = roxmltree::Node<'a, 'input>> + 'a {
    node.children()
        .filter(move |c| c.is_element() && c.tag_name().name().eq_ignore_ascii_case(name))
}

/// The element path from the root, as `configuration/system.net/mailSettings/smtp`.
pub fn path_of(node: roxmltree::Node<'_, '_>) -> String {
    let mut names: Vec<&str> = node
        .ancestors()
        .filter(|n| n.is_element())
        .map(|n| n.tag_name().name())
        .collect();
    names.reverse();
    names.join("/")
}

/// The 1-based line of a node, for people opening the file.
pub fn line_of(doc: &roxmltree::Document<'_>, node: roxmltree::Node<'_, '_>) -> u32 {
    doc.text_pos_at(node.range().start).row
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16le(text: &str, bom: bool) -> Vec<u8> {
        let mut bytes = if bom { vec![0xFF, 0xFE] } else { Vec::new() };
        bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        bytes
    }

    #[test]
    fn encodings_table() {
        let text = "<a>smtp.office365.com é</a>";
        assert_eq!(decode(text.as_bytes()).as_deref(), Ok(text));
        let mut with_bom = vec![0xEF, 0xBB, 0xBF];
        with_bom.extend(text.as_bytes());
        assert_eq!(decode(&with_bom).as_deref(), Ok(text));
        assert_eq!(decode(&utf16le(text, true)).as_deref(), Ok(text));
        assert_eq!(decode(&utf16le(text, false)).as_deref(), Ok(text));
        let mut be = vec![0xFE, 0xFF];
        be.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
        assert_eq!(decode(&be).as_deref(), Ok(text));
        assert!(matches!(
            decode(&[b'a', 0xC3, b'(']),
            Err(ProblemKind::Encoding { .. })
        ));
        assert!(matches!(
            decode(&[0xFF, 0xFE, b'a']),
            Err(ProblemKind::Encoding { .. })
        ));
    }

    #[test]
    fn xml_with_comments_dtd_and_crlf() {
        let text = "<?xml version=\"1.0\" encoding=\"utf-16\"?>\r\n<!DOCTYPE configuration>\r\n<!-- c -->\r\n<configuration><A Key=\"x\"/></configuration>";
        let doc = parse_xml(text).expect("parses");
        let a = doc.descendants().find(|n| n.has_tag_name("A")).expect("A");
        assert_eq!(attr(a, "key"), Some("x"));
        assert_eq!(path_of(a), "configuration/A");
        assert_eq!(line_of(&doc, a), 4);
        assert!(matches!(
            parse_xml("<a><b></a>"),
            Err(ProblemKind::MalformedXml { .. })
        ));
    }
}
