//! `overstap relay`: a durable local SMTP endpoint that delivers through OAuth, for software
//! that cannot speak OAuth itself (IIS sites on `System.Net.Mail`, SSRS, Database Mail, the IIS
//! SMTP service, scanners).
//!
//! The parts: `smtpd` accepts mail from allowed clients and writes each message to the durable
//! `queue` before it answers `250`; `deliver` takes messages from the queue to Exchange Online
//! (SMTP AUTH XOAUTH2 or Graph `sendMail`) with app-only `token`s, retries with back-off and
//! keeps dead letters; `log` writes what happens (never a token or the secret); `service` runs
//! it as a Windows service and installs, starts, stops and removes that service. `settings`
//! is what the wizard reads about an installed relay.
//!
//! On Linux `overstap relay run` runs it in the foreground.

pub mod config;
pub mod control;
pub mod deliver;
pub mod log;
pub mod queue;
pub mod record;
pub mod secrets;
pub mod service;
pub mod settings;
pub mod smtpd;
pub mod token;

use std::net::{SocketAddr, TcpListener};
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

pub use config::{DeliveryRoute, RelayConfig, RelayDirs};
pub use settings::RelaySettings;

use crate::guid::Guid;
use crate::identity::Authority;
use crate::identity::http::CancelFlag;
use crate::mailtest::smtp::SmtpTarget;

/// Where delivery goes: Microsoft in the program; the tests' emulator and Dovecot in the tests.
pub struct Upstreams {
    pub authority: Authority,
    pub smtp: SmtpTarget,
    /// `None`: the tenant's Graph host from discovery.
    pub graph_base: Option<String>,
}

impl Upstreams {
    /// Exchange Online and Graph of the tenant's cloud.
    pub fn microsoft(cloud: crate::identity::Cloud) -> Upstreams {
        Upstreams {
            authority: Authority::Cloud(cloud),
            smtp: SmtpTarget::exchange_online(),
            graph_base: None,
        }
    }
}

/// What the running relay writes into `state.json` every few seconds.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RunState {
    pub pid: u32,
    pub listen: SocketAddr,
    pub started_at: DateTime<Utc>,
    pub heartbeat_at: DateTime<Utc>,
    pub route: DeliveryRoute,
    pub hold: bool,
}

/// How often `state.json` is renewed; a state older than three beats is a relay that stopped.
pub const HEARTBEAT: Duration = Duration::from_secs(2);

#[derive(Debug, thiserror::Error)]
pub enum RelayError {
    #[error("{0}")]
    Config(#[from] config::ConfigError),
    #[error("{0}")]
    Secrets(#[from] secrets::SecretsError),
    #[error("{0}")]
    Queue(#[from] queue::QueueError),
    #[error("cannot listen on {addr}: {detail}")]
    Listen { addr: String, detail: String },
    #[error("STARTTLS certificate: {0}")]
    Tls(String),
    #[error("client_id: {0:?} is not a GUID")]
    ClientId(String),
    #[error("cannot start a thread: {0}")]
    Thread(String),
}

/// A relay that runs; `stop` ends it (also on drop).
pub struct RunningRelay {
    pub addr: SocketAddr,
    pub queue: Arc<queue::Queue>,
    pub tokens: Arc<token::TokenCache>,
    pub log: Arc<log::RelayLog>,
    stop: CancelFlag,
    threads: Vec<std::thread::JoinHandle<()>>,
}

impl RunningRelay {
    pub fn stop_flag(&self) -> CancelFlag {
        self.stop.clone()
    }

    /// Stops accepting, lets the deliveries under way finish, and returns.
    pub fn stop(mut self) {
        self.shutdown();
    }

    fn shutdown(&mut self) {
        self.stop.cancel();
        // Wakes the blocking accept (an unspecified address is reached through loopback).
        let mut wake = self.addr;
        if wake.ip().is_unspecified() {
            wake.set_ip(match wake {
                SocketAddr::V4(_) => std::net::Ipv4Addr::LOCALHOST.into(),
                SocketAddr::V6(_) => std::net::Ipv6Addr::LOCALHOST.into(),
            });
        }
        let _ = std::net::TcpStream::connect_timeout(&wake, Duration::from_millis(500));
        for thread in self.threads.drain(..) {
            let _ = thread.join();
        }
    }

    /// Blocks until the stop flag is set (by a signal, the service control manager).
    pub fn wait(self) {
        while !self.stop.is_cancelled() {
            std::thread::sleep(Duration::from_millis(200));
        }
        self.stop();
    }
}

impl Drop for RunningRelay {
    fn drop(&mut self) {
        if !self.threads.is_empty() {
            self.shutdown();
        }
    }
}

fn spawn(
    name: &str,
    threads: &mut Vec<std::thread::JoinHandle<()>>,
    work: impl FnOnce() + Send + 'static,
) -> Result<(), RelayError> {
    let handle = std::thread::Builder::new()
        .name(name.into())
        .spawn(work)
        .map_err(|e| RelayError::Thread(e.to_string()))?;
    threads.push(handle);
    Ok(())
}

/// Options of one start.
#[derive(Clone, Default)]
pub struct StartOptions {
    /// Overrides the configured port (0: any free port, for tests).
    pub port: Option<u16>,
    /// Accept but do not deliver (also `hold = true` in the settings).
    pub hold: bool,
    /// Delivers somewhere else than Exchange Online (the benchmark's local upstream).
    pub upstream: Option<Arc<dyn deliver::Deliver>>,
}

/// Starts the relay of `dirs`: the settings are read and checked, the queue opened (leftovers
/// of a crash cleared), the port bound; then acceptance and delivery run on their threads.
pub fn start(
    dirs: &RelayDirs,
    upstreams: Upstreams,
    log: Arc<log::RelayLog>,
    options: StartOptions,
) -> Result<RunningRelay, RelayError> {
    let config = RelayConfig::load(&dirs.config_file())?;
    let secrets = secrets::RelaySecrets::load(dirs)?;
    let queue = Arc::new(queue::Queue::open(&dirs.queue_dir(), &dirs.dead_dir())?);
    let port = options.port.unwrap_or(config.port);
    let bind = SocketAddr::new(config.listen, port);
    let listener = TcpListener::bind(bind).map_err(|e| RelayError::Listen {
        addr: bind.to_string(),
        detail: e.to_string(),
    })?;
    let addr = listener.local_addr().map_err(|e| RelayError::Listen {
        addr: bind.to_string(),
        detail: e.to_string(),
    })?;
    let tls = match &config.tls {
        Some(files) => Some(smtpd::tls_config(files).map_err(RelayError::Tls)?),
        None => None,
    };
    let client_id = Guid::parse(&config.client_id)
        .map_err(|_| RelayError::ClientId(config.client_id.clone()))?;
    let secret = match secrets.client_secret {
        Some(secret) => secret,
        None => {
            log.error("no client secret in the relay's secrets file: messages wait in the queue until the wizard stores one");
            secrecy::SecretString::from(String::new())
        }
    };
    let tokens = Arc::new(token::TokenCache::new(
        token::TokenSource {
            authority: upstreams.authority.clone(),
            tenant: config.tenant_id.clone(),
            client_id,
            secret,
        },
        Arc::clone(&log),
    ));
    if let Some(password) = &secrets.auth_password {
        use secrecy::ExposeSecret as _;
        log.forbid(password.expose_secret());
    }
    let stop = CancelFlag::default();
    let hold = options.hold || config.hold;
    let delivery = Arc::new(deliver::Delivery::new(
        Arc::clone(&queue),
        match options.upstream.clone() {
            Some(upstream) => upstream,
            None => Arc::new(deliver::Upstream {
                route: config.route,
                smtp: upstreams.smtp.clone(),
                graph_base: upstreams.graph_base.clone(),
                tokens: Arc::clone(&tokens),
            }),
        },
        config.retry.clone(),
        Arc::clone(&log),
        config.mailbox.clone(),
        stop.clone(),
    ));
    let server = Arc::new(smtpd::Server::new(
        smtpd::ServerConfig {
            hostname: hostname(),
            allow: config.allow_list()?,
            max_bytes: config.max_message_bytes(),
            limit_reason: match config.route {
                DeliveryRoute::Smtp => "Exchange Online's limit for SMTP client submission".into(),
                DeliveryRoute::Graph => "Microsoft Graph sendMail takes at most 4 MB".into(),
            },
            tls,
            auth: match (&config.auth_user, secrets.auth_password) {
                (Some(user), Some(password)) => Some((user.clone(), password)),
                _ => None,
            },
            senders: smtpd::SenderPolicy::new(
                &config.mailbox,
                &config.allowed_senders,
                config.rewrite_senders,
            ),
            idle_timeout: Duration::from_secs(300),
        },
        Arc::clone(&queue),
        Arc::clone(&log),
        {
            let delivery = Arc::clone(&delivery);
            Arc::new(move || delivery.notify())
        },
    ));
    let mut threads = Vec::new();
    {
        let stop = stop.clone();
        spawn("overstap-relay-accept", &mut threads, move || {
            server.run(listener, stop)
        })?;
    }
    if !hold {
        for _ in 0..config.delivery_threads.clamp(1, 32) {
            let delivery = Arc::clone(&delivery);
            spawn("overstap-relay-deliver", &mut threads, move || {
                delivery.work()
            })?;
        }
    }
    {
        let stop = stop.clone();
        let state_file = dirs.state_file();
        let log = Arc::clone(&log);
        let expires = config.secret_expires_on;
        let state = RunState {
            pid: std::process::id(),
            listen: addr,
            started_at: Utc::now(),
            heartbeat_at: Utc::now(),
            route: config.route,
            hold,
        };
        spawn("overstap-relay-heartbeat", &mut threads, move || {
            heartbeat(state, &state_file, &log, expires, &stop)
        })?;
    }
    log.info(&format!(
        "relay listening on {addr}, delivering through {}{}",
        config.route.key(),
        if hold {
            " (on hold: accepting only)"
        } else {
            ""
        }
    ));
    Ok(RunningRelay {
        addr,
        queue,
        tokens,
        log,
        stop,
        threads,
    })
}

/// Renews `state.json`, and once a day warns about the secret's expiry.
fn heartbeat(
    mut state: RunState,
    path: &std::path::Path,
    log: &log::RelayLog,
    expires: Option<chrono::NaiveDate>,
    stop: &CancelFlag,
) {
    let mut warned_on: Option<chrono::NaiveDate> = None;
    while !stop.is_cancelled() {
        state.heartbeat_at = Utc::now();
        if let Ok(json) = serde_json::to_vec(&state) {
            // A failed write (full disk) makes the relay look stopped to the wizard; the queue
            // and its 452 answers are what matter.
            let _ = crate::fsutil::write_atomic(path, &json);
        }
        let today = chrono::Local::now().date_naive();
        if let Some(expires) = expires
            && warned_on != Some(today)
        {
            warned_on = Some(today);
            if let Some(days) = token::expiry_warning(expires, today) {
                log.warn(&format!(
                    "the client secret expires on {expires} ({days} day(s) left): create a new one and store it with the wizard"
                ));
            }
        }
        stop.sleep(HEARTBEAT);
    }
    // Stopped cleanly: no state, so the wizard sees at once that it is not running.
    let _ = std::fs::remove_file(path);
}

fn hostname() -> String {
    std::env::var("COMPUTERNAME")
        .or_else(|_| std::env::var("HOSTNAME"))
        .ok()
        .filter(|h| {
            !h.is_empty()
                && h.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.')
        })
        .unwrap_or_else(|| "localhost".into())
}

/// The relay as `overstap relay run` starts it: Microsoft's cloud from the settings, logging to
/// the file, the terminal and (as a service) the event log.
pub fn start_for_microsoft(
    dirs: &RelayDirs,
    sinks: Vec<Box<dyn log::LogSink>>,
    options: StartOptions,
) -> Result<RunningRelay, RelayError> {
    let config = RelayConfig::load(&dirs.config_file())?;
    let log = Arc::new(log::RelayLog::new(Some(dirs.log_dir()), sinks));
    start(dirs, Upstreams::microsoft(config.cloud()?), log, options)
}
