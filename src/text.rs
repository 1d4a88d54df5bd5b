//! Small text rules shared by every layer: escaping for HTML and XML, quoting for PowerShell,
//! and the marker that stands where a secret was removed.
//!
//! They live here, at the bottom of the module graph, so that the identity flows (the sign-in
//! page on the loopback), the mail test, write-back and the report use one rule each without
//! depending on one another.

/// What stands in a transcript or error text where a secret was removed.
pub const REDACTED: &str = "[redacted]";

/// Text for HTML: `&`, `<`, `>` and quotes escaped.
pub fn escape_html(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A value for an XML attribute quoted with `"` or `'`: both quotes, `&` and `<` escaped.
pub fn escape_xml_attr(value: &str) -> String {
    value
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('"', "&quot;")
        .replace('\'', "&apos;")
}

/// The characters PowerShell reads as a single quote: the ASCII one and U+2018..U+201B. Any of
/// them closes a single-quoted string, so every one is doubled.
pub const PS_SINGLE_QUOTES: [char; 5] = ['\'', '\u{2018}', '\u{2019}', '\u{201A}', '\u{201B}'];

/// A PowerShell single-quoted string literal holding exactly `value`: nothing in it expands
/// (`$`, backticks and double quotes are plain text there), and each quote character is
/// doubled, which PowerShell reads back as that one character.
pub fn ps_quote(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('\'');
    for c in value.chars() {
        if PS_SINGLE_QUOTES.contains(&c) {
            out.push(c);
        }
        out.push(c);
    }
    out.push('\'');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_escapes_markup_and_quotes() {
        assert_eq!(
            escape_html(r#"<a href="x">&</a>"#),
            "&lt;a href=&quot;x&quot;&gt;&amp;&lt;/a&gt;"
        );
    }

    #[test]
    fn xml_attributes_escape_both_quotes() {
        assert_eq!(escape_xml_attr(r#"a'b"c&<"#), "a&apos;b&quot;c&amp;&lt;");
    }
}
