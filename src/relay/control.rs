//! What the wizard asks of the relay, run off the UI thread: write its settings and secrets,
//! install, start, stop and remove the service, read its state, and send a test message through
//! it and follow that message until it was delivered (or became a dead letter).

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, TryRecvError};
use std::time::{Duration, Instant};

use super::config::{RelayConfig, RelayDirs};
use super::queue::{Queue, QueueStatus};
use super::secrets::RelaySecrets;
use super::service::{ServiceControl, ServiceState};

/// One action of the relay panel.
pub enum Request {
    /// Reads the state.
    Refresh,
    /// Writes the settings and the client secret (read from the wizard's credential store
    /// here, off the UI thread) and installs the service (where there is one).
    Install {
        config: Box<RelayConfig>,
        store: Arc<dyn crate::secrets::SecretStore>,
        key: crate::secrets::SecretKey,
    },
    Start,
    Stop,
    Remove,
    /// Sends a test message through the running relay and follows it.
    SendTest {
        from: String,
        to: String,
        message: Vec<u8>,
    },
}

impl Request {
    pub fn kind(&self) -> Action {
        match self {
            Request::Refresh => Action::Refresh,
            Request::Install { .. } => Action::Install,
            Request::Start => Action::Start,
            Request::Stop => Action::Stop,
            Request::Remove => Action::Remove,
            Request::SendTest { .. } => Action::SendTest,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    Refresh,
    Install,
    Start,
    Stop,
    Remove,
    SendTest,
}

impl Action {
    pub fn key(self) -> &'static str {
        match self {
            Action::Refresh => "refresh",
            Action::Install => "install",
            Action::Start => "start",
            Action::Stop => "stop",
            Action::Remove => "remove",
            Action::SendTest => "send-test",
        }
    }
}

/// What the panel shows about the relay.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PanelState {
    /// Settings are written.
    pub configured: bool,
    pub service: Option<ServiceState>,
    pub running: bool,
    pub listen: Option<std::net::SocketAddr>,
    pub queue: QueueStatus,
    /// The settings written, to fill the panel's fields.
    pub config: Option<RelayConfig>,
}

/// How a test through the relay ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TestOutcome {
    /// Accepted by the relay and delivered upstream.
    Delivered { id: String },
    /// Accepted, then a dead letter with this reason.
    Dead { id: String, reason: String },
    /// Accepted, still queued when the wait ended; the last error, if any.
    Waiting {
        id: String,
        seconds: u64,
        last_error: String,
    },
    /// The relay did not accept it (its reply or the connection error).
    Refused(String),
}

/// What the worker reports; the Summary can keep the last `Tested`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Event {
    State(Box<PanelState>),
    /// An action finished; `Err` has the reason.
    Done(Action, Result<(), String>),
    /// The test message was accepted with this queue id and is being followed.
    Accepted(String),
    Tested(TestOutcome),
}

/// What the worker needs.
#[derive(Clone)]
pub struct Context {
    pub dirs: RelayDirs,
    pub service: Arc<dyn ServiceControl>,
    /// The program the service runs (`overstap.exe relay service`).
    pub exe: PathBuf,
    /// How long a test message is followed.
    pub follow: Duration,
}

pub struct Running {
    events: Receiver<Event>,
}

impl Running {
    /// The next event; `Err(())` once the worker finished and everything was read.
    #[allow(clippy::result_unit_err)]
    pub fn poll(&self) -> Result<Option<Event>, ()> {
        match self.events.try_recv() {
            Ok(event) => Ok(Some(event)),
            Err(TryRecvError::Empty) => Ok(None),
            Err(TryRecvError::Disconnected) => Err(()),
        }
    }
}

/// Runs `request` on its own thread; every request ends with the relay's state.
pub fn start(request: Request, context: Context, wake: Arc<dyn Fn() + Send + Sync>) -> Running {
    let (sender, events) = std::sync::mpsc::channel();
    let send = move |event: Event| {
        // The panel may be gone; then nobody wants the answer.
        let _ = sender.send(event);
        wake();
    };
    let action = request.kind();
    let spawned = std::thread::Builder::new()
        .name("overstap-relay-control".into())
        .spawn({
            let send = send.clone();
            move || {
                let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    run(request, &context, &send);
                }));
                if let Err(panic) = outcome {
                    send(Event::Done(
                        action,
                        Err(crate::jobs::panic_text(panic.as_ref())),
                    ));
                }
                send(Event::State(Box::new(state(&context))));
            }
        });
    if let Err(error) = spawned {
        send(Event::Done(action, Err(error.to_string())));
    }
    Running { events }
}

/// The relay's state as the panel shows it.
pub fn state(context: &Context) -> PanelState {
    let settings = super::settings::run_state(&context.dirs, chrono::Utc::now());
    let queue = Queue::open(&context.dirs.queue_dir(), &context.dirs.dead_dir())
        .map(|q| q.status())
        .unwrap_or_default();
    PanelState {
        configured: context.dirs.config_file().exists(),
        service: context
            .service
            .is_available()
            .then(|| context.service.state().ok())
            .flatten(),
        running: settings.is_some(),
        listen: settings.map(|s| s.listen),
        queue,
        config: RelayConfig::load(&context.dirs.config_file()).ok(),
    }
}

fn run(request: Request, context: &Context, send: &impl Fn(Event)) {
    let action = request.kind();
    let io = |result: std::io::Result<()>| result.map_err(|e| e.to_string());
    let result = match request {
        Request::Refresh => return,
        Request::Install { config, store, key } => match store.get(&key) {
            Ok(secret) => {
                // A login password stored before is kept.
                let kept = RelaySecrets::load(&context.dirs)
                    .ok()
                    .and_then(|s| s.auth_password);
                let secrets = RelaySecrets {
                    client_secret: Some(secret),
                    auth_password: kept,
                };
                install(context, &config, &secrets)
            }
            Err(error) => Err(error.to_string()),
        },
        Request::Start => io(context.service.start()).and_then(|()| wait_running(context)),
        Request::Stop => io(context.service.stop()),
        Request::Remove => remove(context),
        Request::SendTest { from, to, message } => {
            send_test(context, &from, &to, &message, send);
            return;
        }
    };
    send(Event::Done(action, result));
}

/// Removes the service, and then its copy of the client secret and its settings too: a
/// removed relay must not leave a working credential on the disk. Messages still in the queue
/// or the dead-letter folder stay where they are (the panel and `relay status` count them).
/// The panel's Remove and `overstap relay remove` both come here.
pub fn remove(context: &Context) -> Result<(), String> {
    context.service.remove().map_err(|e| e.to_string())?;
    for file in [context.dirs.secrets_file(), context.dirs.config_file()] {
        match std::fs::remove_file(&file) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(format!("{}: {e}", file.display())),
        }
    }
    Ok(())
}

fn install(context: &Context, config: &RelayConfig, secrets: &RelaySecrets) -> Result<(), String> {
    config.check().map_err(|e| e.to_string())?;
    secrets.save(&context.dirs).map_err(|e| e.to_string())?;
    config
        .save(&context.dirs.config_file())
        .map_err(|e| e.to_string())?;
    install_service(context)
}

/// Registers the service (once) with a copy of this program in the relay folder. The panel's
/// install and `overstap relay install` both come here.
pub fn install_service(context: &Context) -> Result<(), String> {
    if context.service.is_available()
        && context.service.state().map_err(|e| e.to_string())? == ServiceState::NotInstalled
    {
        // The service runs a copy in the relay folder, which only SYSTEM and Administrators
        // may change: a program in a Downloads folder or on a USB stick could be replaced by
        // anyone who can write there, and would then run as LocalSystem (or vanish).
        let name = context
            .exe
            .file_name()
            .map(|n| n.to_os_string())
            .unwrap_or_else(|| "overstap.exe".into());
        let installed = context.dirs.root().join(name);
        if installed != context.exe {
            std::fs::copy(&context.exe, &installed)
                .map_err(|e| format!("{}: {e}", installed.display()))?;
        }
        context
            .service
            .install(&installed)
            .map_err(|e| e.to_string())?;
    }
    Ok(())
}

/// A started service writes its state within a heartbeat or two.
fn wait_running(context: &Context) -> Result<(), String> {
    let deadline = Instant::now() + Duration::from_secs(15);
    while Instant::now() < deadline {
        if super::settings::run_state(&context.dirs, chrono::Utc::now()).is_some() {
            return Ok(());
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    Err("the relay did not report that it runs within 15 seconds; see its log".into())
}

fn send_test(context: &Context, from: &str, to: &str, message: &[u8], send: &impl Fn(Event)) {
    let Some(run) = super::settings::run_state(&context.dirs, chrono::Utc::now()) else {
        send(Event::Tested(TestOutcome::Refused(
            "the relay is not running".into(),
        )));
        return;
    };
    let id = match submit(run.listen, from, to, message) {
        Ok(id) => id,
        Err(reason) => {
            send(Event::Tested(TestOutcome::Refused(reason)));
            return;
        }
    };
    send(Event::Accepted(id.clone()));
    send(Event::Tested(follow(context, &id)));
}

/// Hands the message to the relay as an application would; the queue id from its `250`.
fn submit(
    addr: std::net::SocketAddr,
    from: &str,
    to: &str,
    message: &[u8],
) -> Result<String, String> {
    use lettre::Transport as _;
    let envelope = lettre::address::Envelope::new(
        Some(from.parse().map_err(|e| format!("{from}: {e}"))?),
        vec![to.parse().map_err(|e| format!("{to}: {e}"))?],
    )
    .map_err(|e| e.to_string())?;
    let host = if addr.ip().is_unspecified() {
        "127.0.0.1".to_owned()
    } else {
        addr.ip().to_string()
    };
    let response = lettre::SmtpTransport::builder_dangerous(host)
        .port(addr.port())
        .timeout(Some(Duration::from_secs(30)))
        .build()
        .send_raw(&envelope, message)
        .map_err(|e| {
            let code = e.status().map(|c| format!("{c} ")).unwrap_or_default();
            format!("{code}{}", crate::identity::http::error_chain(&e))
        })?;
    let text = response.message().collect::<Vec<_>>().join(" ");
    text.split("queued as ")
        .nth(1)
        .map(|id| id.trim().to_owned())
        .ok_or_else(|| format!("unexpected answer: {text}"))
}

/// Follows a queued message until it left the queue (delivered or dead) or the wait ends.
fn follow(context: &Context, id: &str) -> TestOutcome {
    let started = Instant::now();
    let Ok(queue) = Queue::open(&context.dirs.queue_dir(), &context.dirs.dead_dir()) else {
        return TestOutcome::Refused("the relay's queue cannot be read".into());
    };
    loop {
        if let Some(letter) = queue
            .dead_letters()
            .into_iter()
            .find(|l| l.envelope.id == id)
        {
            return TestOutcome::Dead {
                id: id.to_owned(),
                reason: letter.reason,
            };
        }
        if !queue.dir().join(format!("{id}.msg")).exists() {
            return TestOutcome::Delivered { id: id.to_owned() };
        }
        if started.elapsed() >= context.follow {
            return TestOutcome::Waiting {
                id: id.to_owned(),
                seconds: started.elapsed().as_secs(),
                last_error: queue.retry_state(id).last_error,
            };
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}
