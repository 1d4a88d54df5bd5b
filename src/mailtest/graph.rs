//! Microsoft Graph `sendMail`: `POST /v1.0/users/{mailbox}/sendMail`, 202 = accepted for
//! delivery (not yet delivered).

use std::time::Duration;

use secrecy::{ExposeSecret as _, SecretString};

use super::Failure;
use super::diagnosis::{self, Diagnosis};
use super::transcript::Transcript;

/// The JSON body of a plain-text message.
pub fn body(to: &str, subject: &str, text: &str) -> serde_json::Value {
    serde_json::json!({
        "message": {
            "subject": subject,
            "body": { "contentType": "Text", "content": text },
            "toRecipients": [ { "emailAddress": { "address": to } } ]
        },
        "saveToSentItems": true
    })
}

/// Sends through Graph. `graph_base` is `https://graph.microsoft.com` or a national cloud's host
/// (from tenant discovery), or an emulator in tests.
pub fn send(
    graph_base: &str,
    mailbox: &str,
    to: &str,
    subject: &str,
    text: &str,
    token: &SecretString,
    transcript: &mut Transcript,
) -> Result<String, Failure> {
    transcript.forbid(token.expose_secret());
    let url = format!(
        "{}/v1.0/users/{}/sendMail",
        graph_base.trim_end_matches('/'),
        url::form_urlencoded::byte_serialize(mailbox.as_bytes()).collect::<String>()
    );
    let client = reqwest::blocking::Client::builder()
        .timeout(Duration::from_secs(30))
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .map_err(|e| Failure::new(Diagnosis::Unknown, e.to_string()))?;
    transcript.client(&format!("POST {url}"));
    transcript.client(&format!("Authorization: Bearer {}", token.expose_secret()));
    let response = client
        .post(&url)
        .bearer_auth(token.expose_secret())
        .json(&body(to, subject, text))
        .send()
        .map_err(|e| {
            let text = crate::identity::http::error_chain(&e);
            transcript.note(&text);
            let diagnosis = if e.is_timeout() {
                Diagnosis::Timeout
            } else if e.is_connect() {
                diagnosis::from_io(std::io::ErrorKind::Other, &text)
                    .or(Diagnosis::ConnectionRefused)
            } else {
                diagnosis::from_io(std::io::ErrorKind::Other, &text)
            };
            Failure::new(diagnosis, transcript.redact(&text))
        })?;
    let status = response.status().as_u16();
    let retry_after = response
        .headers()
        .get("retry-after")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    // Graph's error bodies are small; more than a megabyte is read no further.
    let mut bytes = Vec::new();
    // An unreadable body leaves the status to speak for itself.
    let _ = std::io::Read::read_to_end(&mut std::io::Read::take(response, 1024 * 1024), &mut bytes);
    let body = String::from_utf8_lossy(&bytes).into_owned();
    transcript.server(&format!("HTTP {status} {}", body.trim()));
    if status == 202 {
        return Ok(format!("HTTP {status}"));
    }
    let code = serde_json::from_str::<serde_json::Value>(&body)
        .ok()
        .and_then(|v| v["error"]["code"].as_str().map(str::to_owned))
        .unwrap_or_default();
    let mut failure = Failure::new(
        diagnosis::from_graph(status, &code),
        transcript.redact(&format!("HTTP {status} {}", body.trim())),
    );
    failure.retry_after_secs = retry_after;
    Err(failure)
}
