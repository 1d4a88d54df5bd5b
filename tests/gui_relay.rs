//! The relay panel on the Test send page: settings, install, start, a test message sent through
//! the relay and delivered to the Graph emulator, stop and remove; and the administrator note
//! where a service manager needs rights the process lacks.

use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use overstap::i18n::Language;
use overstap::mailtest::smtp::{SmtpTarget, TlsMode};
use overstap::relay::service::{ServiceControl, ServiceState};
use overstap::relay::{self, RelayDirs, RunningRelay, Upstreams};
use overstap::secrets::SecretStore as _;
use secrecy::SecretString;

use crate::support::emulator::{CONFIDENTIAL_CLIENT, Emulator, SECRET, TENANT_ID};
use crate::util::{
    app_with, click, is_enabled, look_up_tenant, replace_text, run_until, shows, shows_containing,
    to_registration, type_into,
};

/// The service manager of the tests: "installing" records it, "starting" runs the relay in
/// this process, delivering to the emulator (which only test code may point the identity layer
/// at).
struct InProcessService {
    dirs: RelayDirs,
    emulator: String,
    installed: Mutex<Option<std::path::PathBuf>>,
    running: Mutex<Option<RunningRelay>>,
}

impl ServiceControl for InProcessService {
    fn is_available(&self) -> bool {
        true
    }

    fn state(&self) -> std::io::Result<ServiceState> {
        Ok(if self.installed.lock().expect("lock").is_none() {
            ServiceState::NotInstalled
        } else if self.running.lock().expect("lock").is_some() {
            ServiceState::Running
        } else {
            ServiceState::Stopped
        })
    }

    fn install(&self, exe: &Path) -> std::io::Result<()> {
        *self.installed.lock().expect("lock") = Some(exe.to_path_buf());
        Ok(())
    }

    fn start(&self) -> std::io::Result<()> {
        let log = Arc::new(relay::log::RelayLog::new(Some(self.dirs.log_dir()), vec![]));
        let running = relay::start(
            &self.dirs,
            Upstreams {
                authority: overstap::identity::Authority::loopback_for_tests(&self.emulator)
                    .expect("loopback"),
                smtp: SmtpTarget {
                    host: "127.0.0.1".into(),
                    port: 9,
                    tls: TlsMode::Plain,
                    timeout: Duration::from_secs(5),
                },
                graph_base: Some(self.emulator.clone()),
            },
            log,
            relay::StartOptions::default(),
        )
        .map_err(std::io::Error::other)?;
        *self.running.lock().expect("lock") = Some(running);
        Ok(())
    }

    fn stop(&self) -> std::io::Result<()> {
        if let Some(running) = self.running.lock().expect("lock").take() {
            running.stop();
        }
        Ok(())
    }

    fn remove(&self) -> std::io::Result<()> {
        self.stop()?;
        *self.installed.lock().expect("lock") = None;
        Ok(())
    }
}

#[test]
fn the_relay_is_installed_started_tested_end_to_end_stopped_and_removed() {
    let emulator = Emulator::start();
    emulator.grant_confidential("Mail.Send");
    let store = Arc::new(overstap::secrets::MemoryStore::default());
    store
        .put(
            &overstap::secrets::SecretKey {
                tenant_id: overstap::guid::Guid::parse(TENANT_ID).expect("guid"),
                client_id: overstap::guid::Guid::parse(CONFIDENTIAL_CLIENT).expect("guid"),
                purpose: "client-secret",
            },
            &SecretString::from(SECRET.to_owned()),
        )
        .expect("put");
    let dir = tempfile::tempdir().expect("tempdir");
    let dirs = RelayDirs::at(dir.path().join("relay-of-this-test"));
    let service = Arc::new(InProcessService {
        dirs: dirs.clone(),
        emulator: emulator.base.clone(),
        installed: Mutex::new(None),
        running: Mutex::new(None),
    });
    let authority = crate::util::emulator_authority(&emulator);
    let shared: Arc<dyn overstap::secrets::SecretStore> = store.clone();
    let (panel_dirs, panel_service): (RelayDirs, Arc<dyn ServiceControl>) =
        (dirs.clone(), service.clone());
    let mut harness = app_with(Language::En, dir.path(), move |options| {
        options.authority = authority;
        options.secrets = shared;
        options.relay_dirs = Some(panel_dirs);
        options.relay_service = panel_service;
    });
    to_registration(&mut harness, Language::En);
    click(
        &mut harness,
        "SMTP AUTH with OAuth, as the application itself (app-only)",
    );
    look_up_tenant(&mut harness, Language::En, "Tenant ID", TENANT_ID);
    type_into(&mut harness, "Client ID", CONFIDENTIAL_CLIENT);
    type_into(&mut harness, "Mailbox that sends", "scanner@contoso.nl");
    harness.state_mut().session_mut().secret.stored = true;
    harness.state_mut().session_mut().secret.expires_on =
        chrono::NaiveDate::from_ymd_opt(2028, 1, 1);
    click(&mut harness, "Next");
    click(&mut harness, "Next");
    click(
        &mut harness,
        "I will complete the consent later (the summary lists it as open)",
    );
    click(&mut harness, "Next");

    assert!(shows(
        &harness,
        "Overstap relay for applications that cannot use OAuth"
    ));
    run_until(&mut harness, "the relay's state", |h| {
        shows(h, "Not set up")
    });
    assert!(!is_enabled(&harness, "Start"), "nothing installed yet");
    assert!(!is_enabled(&harness, "Send the test through the relay"));
    replace_text(&mut harness, "Port", "0");
    click(&mut harness, "Deliver with Microsoft Graph sendMail");
    click(&mut harness, "Save settings and install");
    run_until(&mut harness, "the installation", |h| {
        shows(h, "Set up, not running") && is_enabled(h, "Start")
    });
    let program = service
        .installed
        .lock()
        .expect("lock")
        .clone()
        .expect("installed");
    assert!(
        program.starts_with(dirs.root()) && program.is_file(),
        "the service runs a copy in the protected relay folder: {}",
        program.display()
    );
    let written = overstap::relay::RelayConfig::load(&dirs.config_file()).expect("settings");
    assert_eq!(written.route, overstap::relay::DeliveryRoute::Graph);
    assert_eq!(written.mailbox, "scanner@contoso.nl");
    assert_eq!(written.tenant_id, TENANT_ID);
    let secrets = overstap::relay::secrets::RelaySecrets::load(&dirs).expect("secrets");
    assert!(
        secrets.client_secret.is_some(),
        "the secret went to the relay's file"
    );

    click(&mut harness, "Start");
    run_until(&mut harness, "the running relay", |h| {
        shows_containing(h, "Running on 127.0.0.1:")
    });
    click(&mut harness, "Send the test through the relay");
    run_until(&mut harness, "the delivered test", |h| {
        shows(h, "Delivered through the relay")
    });
    let sent = emulator.state.lock().expect("state").graph_sent.clone();
    assert_eq!(sent.len(), 1, "{sent:?}");
    assert!(sent[0].starts_with("Overstap test "), "{sent:?}");

    click(&mut harness, "Stop");
    run_until(&mut harness, "the stopped relay", |h| {
        shows(h, "Set up, not running") && is_enabled(h, "Start")
    });
    click(&mut harness, "Remove");
    // "Start" is greyed out while the removal runs too; only the state line says it finished.
    run_until(&mut harness, "the removed service", |h| {
        shows(h, "Not set up") && !is_enabled(h, "Start")
    });
    assert!(service.installed.lock().expect("lock").is_none());
    assert!(
        !dirs.secrets_file().exists() && !dirs.config_file().exists(),
        "a removed relay keeps no copy of the client secret"
    );
}

/// Not elevated, on a system with a service manager (Windows).
struct NotElevated;

impl overstap::platform::Elevation for NotElevated {
    fn is_elevated(&self) -> Option<bool> {
        Some(false)
    }

    fn restart_elevated(&self, _args: &[std::ffi::OsString]) -> std::io::Result<()> {
        Ok(())
    }
}

#[test]
fn without_administrator_rights_the_relay_buttons_wait_for_a_restart_in_dutch() {
    let emulator = Emulator::start();
    let dir = tempfile::tempdir().expect("tempdir");
    let dirs = RelayDirs::at(dir.path().join("relay-of-this-test"));
    let service: Arc<dyn ServiceControl> = Arc::new(InProcessService {
        dirs: dirs.clone(),
        emulator: emulator.base.clone(),
        installed: Mutex::new(None),
        running: Mutex::new(None),
    });
    let authority = crate::util::emulator_authority(&emulator);
    let mut harness = app_with(Language::Nl, dir.path(), move |options| {
        options.authority = authority;
        options.relay_dirs = Some(dirs);
        options.relay_service = service;
        options.elevation = Arc::new(NotElevated);
    });
    to_registration(&mut harness, Language::Nl);
    click(
        &mut harness,
        "SMTP AUTH met OAuth, als de applicatie zelf (app-only)",
    );
    look_up_tenant(&mut harness, Language::Nl, "Tenant-ID", TENANT_ID);
    type_into(&mut harness, "Client-ID", CONFIDENTIAL_CLIENT);
    type_into(&mut harness, "Postvak dat verstuurt", "scanner@contoso.nl");
    harness.state_mut().session_mut().secret.stored = true;
    harness.state_mut().session_mut().secret.expires_on =
        chrono::NaiveDate::from_ymd_opt(2028, 1, 1);
    click(&mut harness, "Volgende");
    click(&mut harness, "Volgende");
    click(
        &mut harness,
        "Ik rond de toestemming later af (het overzicht toont haar als open)",
    );
    click(&mut harness, "Volgende");
    assert!(shows(
        &harness,
        "Overstap-relay voor applicaties die geen OAuth kunnen"
    ));
    assert!(shows(
        &harness,
        "Voor installeren, starten en verwijderen van de relay zijn beheerdersrechten nodig."
    ));
    assert!(!is_enabled(&harness, "Instellingen opslaan en installeren"));
    assert!(shows(&harness, "Opnieuw starten als administrator"));
}
