//! Small text rules shared by every layer: escaping for HTML and XML, and the marker that
//! stands where a secret was removed.
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
