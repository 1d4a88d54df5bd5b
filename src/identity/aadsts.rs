//! Microsoft identity platform errors: parsed from the JSON the token and authorize endpoints
//! return, and mapped to a bilingual explanation and the exact fix.
//!
//! Every error response carries `error`, `error_description` (which starts with `AADSTSnnnnn:`),
//! `error_codes`, `trace_id`, `correlation_id` and `timestamp`. The codes and ids are what
//! Microsoft support asks for, so they are kept and can be copied.

use serde::{Deserialize, Serialize};

/// The error JSON of the v2.0 endpoints, as Microsoft sends it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct AadError {
    pub error: String,
    pub error_description: String,
    pub error_codes: Vec<u32>,
    pub trace_id: String,
    pub correlation_id: String,
    pub timestamp: String,
    pub error_uri: String,
}

impl AadError {
    /// The AADSTS code: from `error_codes`, else from the `AADSTSnnnnn:` prefix of the
    /// description (the only place redirect and device-code errors carry it).
    pub fn code(&self) -> Option<u32> {
        self.error_codes
            .first()
            .copied()
            .or_else(|| code_in_text(&self.error_description))
    }

    /// The first line of the description without the code prefix and the trailing ids.
    pub fn summary(&self) -> String {
        let first = self.error_description.lines().next().unwrap_or_default();
        let text = match first.split_once(": ") {
            Some((prefix, rest)) if prefix.starts_with("AADSTS") => rest,
            _ => first,
        };
        if text.is_empty() {
            self.error.clone()
        } else {
            text.trim().to_owned()
        }
    }

    /// Everything a support ticket needs, one item per line.
    pub fn support_details(&self) -> String {
        let mut lines = Vec::new();
        if let Some(code) = self.code() {
            lines.push(format!("AADSTS{code}"));
        }
        if !self.error.is_empty() {
            lines.push(format!("error: {}", self.error));
        }
        if !self.error_description.is_empty() {
            lines.push(format!(
                "description: {}",
                self.error_description.replace("\r\n", " ")
            ));
        }
        for (name, value) in [
            ("trace_id", &self.trace_id),
            ("correlation_id", &self.correlation_id),
            ("timestamp", &self.timestamp),
        ] {
            if !value.is_empty() {
                lines.push(format!("{name}: {value}"));
            }
        }
        lines.join("\n")
    }
}

impl std::fmt::Display for AadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.code() {
            Some(code) => write!(f, "AADSTS{code}: {}", self.summary()),
            None => write!(f, "{}: {}", self.error, self.summary()),
        }
    }
}

impl oauth2::ErrorResponse for AadError {}

/// Finds `AADSTS` followed by digits anywhere in a text.
pub fn code_in_text(text: &str) -> Option<u32> {
    let start = text.find("AADSTS")? + "AADSTS".len();
    let digits: String = text[start..]
        .chars()
        .take_while(|c| c.is_ascii_digit())
        .collect();
    digits.parse().ok()
}

/// The codes Overstap explains itself. Each has the messages `aadsts-<code>` (what happened) and
/// `aadsts-<code>-fix` (what to do) in both languages.
pub const KNOWN_CODES: [u32; 31] = [
    50011, 50020, 50034, 50053, 50055, 50057, 50076, 50079, 50126, 50194, 53003, 65001, 65004,
    70000, 70011, 700016, 700025, 7000215, 7000218, 7000222, 90002, 90014, 90015, 900023, 500113,
    530003, 9002313, 50058, 70016, 50173, 70020,
];

/// The message ids that explain an error: known codes get their own, others a generic text that
/// names the code and where to look it up.
pub fn message_ids(error: &AadError) -> (String, String) {
    match error.code() {
        Some(code) if KNOWN_CODES.contains(&code) => {
            (format!("aadsts-{code}"), format!("aadsts-{code}-fix"))
        }
        _ => ("aadsts-unknown".to_owned(), "aadsts-unknown-fix".to_owned()),
    }
}

/// Microsoft's public lookup page for a code.
pub fn lookup_url(code: u32) -> String {
    format!("https://login.microsoftonline.com/error?code={code}")
}

#[cfg(test)]
mod tests {
    use super::*;

    const INVALID_SECRET: &str = r#"{"error":"invalid_client","error_description":"AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9'. Trace ID: 2f9a Correlation ID: 77c1 Timestamp: 2026-11-26 10:00:00Z","error_codes":[7000215],"timestamp":"2026-11-26 10:00:00Z","trace_id":"2f9a0c1e-0000-4000-8000-000000000001","correlation_id":"77c1d2e3-0000-4000-8000-000000000002","error_uri":"https://login.microsoftonline.com/error?code=7000215"}"#;

    #[test]
    fn parses_microsoft_error_json() {
        let error: AadError = serde_json::from_str(INVALID_SECRET).expect("parse");
        assert_eq!(error.code(), Some(7000215));
        assert_eq!(error.error, "invalid_client");
        assert!(
            error
                .summary()
                .starts_with("Invalid client secret provided.")
        );
        let details = error.support_details();
        assert!(details.contains("AADSTS7000215"));
        assert!(details.contains("trace_id: 2f9a0c1e-0000-4000-8000-000000000001"));
        assert!(details.contains("correlation_id: 77c1d2e3-0000-4000-8000-000000000002"));
        assert_eq!(
            message_ids(&error),
            ("aadsts-7000215".to_owned(), "aadsts-7000215-fix".to_owned())
        );
    }

    #[test]
    fn code_from_the_description_when_codes_are_missing() {
        let error = AadError {
            error: "access_denied".into(),
            error_description: "AADSTS65004: User declined to consent to access the app.".into(),
            ..AadError::default()
        };
        assert_eq!(error.code(), Some(65004));
        assert_eq!(
            error.summary(),
            "User declined to consent to access the app."
        );
        assert_eq!(
            error.to_string(),
            "AADSTS65004: User declined to consent to access the app."
        );
    }

    #[test]
    fn unknown_codes_fall_back_with_the_code() {
        let error = AadError {
            error: "invalid_request".into(),
            error_codes: vec![123456],
            ..AadError::default()
        };
        assert_eq!(
            message_ids(&error),
            ("aadsts-unknown".to_owned(), "aadsts-unknown-fix".to_owned())
        );
        assert_eq!(
            lookup_url(123456),
            "https://login.microsoftonline.com/error?code=123456"
        );
        assert_eq!(code_in_text("no code here"), None);
    }
}
