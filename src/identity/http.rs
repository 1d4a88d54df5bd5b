//! The HTTP client every identity request goes through: rustls, no redirects (the OAuth
//! endpoints never need one, and following them would leak codes), a timeout, and a cancel flag
//! that makes any further request fail at once.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use super::IdentityError;

/// Shared between the UI (which sets it) and the worker (which checks it).
#[derive(Clone, Debug, Default)]
pub struct CancelFlag(Arc<AtomicBool>);

impl CancelFlag {
    pub fn cancel(&self) {
        self.0.store(true, Ordering::SeqCst);
    }

    pub fn is_cancelled(&self) -> bool {
        self.0.load(Ordering::SeqCst)
    }

    /// Sleeps up to `duration`, waking early when cancelled; true when cancelled.
    pub fn sleep(&self, duration: Duration) -> bool {
        let step = Duration::from_millis(50);
        let mut slept = Duration::ZERO;
        while slept < duration {
            if self.is_cancelled() {
                return true;
            }
            let next = step.min(duration - slept);
            std::thread::sleep(next);
            slept += next;
        }
        self.is_cancelled()
    }
}

#[derive(Debug, thiserror::Error)]
pub enum HttpError {
    #[error("cancelled")]
    Cancelled,
    #[error("{0}")]
    Transport(String),
}

/// The largest answer `get` reads.
pub const MAX_BODY_BYTES: u64 = 1024 * 1024;

pub struct Http {
    client: reqwest::blocking::Client,
    cancel: CancelFlag,
}

impl Http {
    pub fn new(cancel: CancelFlag) -> Result<Http, IdentityError> {
        let client = reqwest::blocking::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(Duration::from_secs(30))
            .user_agent(concat!("Overstap/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| IdentityError::Network {
                url: String::new(),
                detail: e.to_string(),
            })?;
        Ok(Http { client, cancel })
    }

    pub fn cancel_flag(&self) -> &CancelFlag {
        &self.cancel
    }

    /// A plain GET returning status and body (tenant discovery).
    pub fn get(&self, url: &str) -> Result<(u16, String), IdentityError> {
        if self.cancel.is_cancelled() {
            return Err(IdentityError::Cancelled);
        }
        let response = self
            .client
            .get(url)
            .send()
            .map_err(|e| IdentityError::Network {
                url: url.to_owned(),
                detail: e.to_string(),
            })?;
        let status = response.status().as_u16();
        // A discovery document is a few KiB; a server that sends more is not Microsoft's.
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(
            &mut std::io::Read::take(response, MAX_BODY_BYTES + 1),
            &mut bytes,
        )
        .map_err(|e| IdentityError::Network {
            url: url.to_owned(),
            detail: e.to_string(),
        })?;
        if bytes.len() as u64 > MAX_BODY_BYTES {
            return Err(IdentityError::BadResponse {
                url: url.to_owned(),
                detail: format!("the answer is larger than {MAX_BODY_BYTES} bytes"),
            });
        }
        Ok((status, String::from_utf8_lossy(&bytes).into_owned()))
    }
}

impl oauth2::SyncHttpClient for Http {
    type Error = HttpError;

    fn call(&self, request: oauth2::HttpRequest) -> Result<oauth2::HttpResponse, HttpError> {
        if self.cancel.is_cancelled() {
            return Err(HttpError::Cancelled);
        }
        oauth2::SyncHttpClient::call(&self.client, request)
            .map_err(|e| HttpError::Transport(error_chain(&e)))
    }
}

/// "error sending request: connection refused" rather than just the outermost layer.
pub fn error_chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(inner) = source {
        let inner_text = inner.to_string();
        if !text.contains(&inner_text) {
            text.push_str(": ");
            text.push_str(&inner_text);
        }
        source = inner.source();
    }
    text
}
