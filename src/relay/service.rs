//! The relay as a Windows service (`OverstapRelay`, LocalSystem, automatic start): installed,
//! started, stopped and removed through the service control manager, one call each, which the
//! wizard's buttons and `overstap relay install|start|stop|remove` use. Elsewhere there is no
//! service manager to talk to (`is_available` is false) and the relay runs in the foreground.

use std::path::Path;

/// The service's name in the service control manager.
pub const SERVICE_NAME: &str = "OverstapRelay";
/// What `services.msc` shows.
pub const DISPLAY_NAME: &str = "Overstap Relay (SMTP to Exchange Online with OAuth)";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ServiceState {
    NotInstalled,
    Stopped,
    StartPending,
    StopPending,
    Running,
    /// Paused or another state the relay never asks for.
    Other,
}

impl ServiceState {
    pub fn key(self) -> &'static str {
        match self {
            ServiceState::NotInstalled => "not-installed",
            ServiceState::Stopped => "stopped",
            ServiceState::StartPending => "starting",
            ServiceState::StopPending => "stopping",
            ServiceState::Running => "running",
            ServiceState::Other => "other",
        }
    }
}

/// One call per button.
pub trait ServiceControl: Send + Sync {
    /// Whether this system has a service manager Overstap can use.
    fn is_available(&self) -> bool;
    fn state(&self) -> std::io::Result<ServiceState>;
    /// Registers `exe relay service` to start automatically, and the event log source.
    fn install(&self, exe: &Path) -> std::io::Result<()>;
    fn start(&self) -> std::io::Result<()>;
    fn stop(&self) -> std::io::Result<()>;
    /// Stops (when running) and removes the service.
    fn remove(&self) -> std::io::Result<()>;
}

/// This system's service manager.
pub fn native() -> Box<dyn ServiceControl> {
    #[cfg(windows)]
    {
        Box::new(windows::WindowsServices)
    }
    #[cfg(not(windows))]
    {
        Box::new(NoServices)
    }
}

/// Linux and the others: the relay runs in the foreground (`overstap relay run`), under systemd
/// or a terminal.
#[cfg(not(windows))]
pub struct NoServices;

#[cfg(not(windows))]
impl ServiceControl for NoServices {
    fn is_available(&self) -> bool {
        false
    }

    fn state(&self) -> std::io::Result<ServiceState> {
        Ok(ServiceState::NotInstalled)
    }

    fn install(&self, _exe: &Path) -> std::io::Result<()> {
        Err(unsupported())
    }

    fn start(&self) -> std::io::Result<()> {
        Err(unsupported())
    }

    fn stop(&self) -> std::io::Result<()> {
        Err(unsupported())
    }

    fn remove(&self) -> std::io::Result<()> {
        Err(unsupported())
    }
}

#[cfg(not(windows))]
fn unsupported() -> std::io::Error {
    std::io::Error::new(
        std::io::ErrorKind::Unsupported,
        "Windows services exist on Windows only; run `overstap relay run` in the foreground",
    )
}

#[cfg(windows)]
mod windows {
    use std::ffi::OsString;
    use std::path::Path;
    use std::time::Duration;

    use windows_service::service::{
        ServiceAccess, ServiceErrorControl, ServiceInfo, ServiceStartType, ServiceState as Scm,
        ServiceType,
    };
    use windows_service::service_manager::{ServiceManager, ServiceManagerAccess};

    use super::{DISPLAY_NAME, SERVICE_NAME, ServiceControl, ServiceState};

    pub struct WindowsServices;

    fn io(error: windows_service::Error) -> std::io::Error {
        match error {
            windows_service::Error::Winapi(io) => io,
            other => std::io::Error::other(other.to_string()),
        }
    }

    fn manager(access: ServiceManagerAccess) -> std::io::Result<ServiceManager> {
        ServiceManager::local_computer(None::<&str>, access).map_err(io)
    }

    /// ERROR_SERVICE_DOES_NOT_EXIST
    const NOT_INSTALLED: i32 = 1060;
    /// ERROR_SERVICE_NOT_ACTIVE
    const NOT_ACTIVE: i32 = 1062;

    fn wait_for(service: &windows_service::service::Service, wanted: Scm) -> std::io::Result<()> {
        for _ in 0..150 {
            if service.query_status().map_err(io)?.current_state == wanted {
                return Ok(());
            }
            std::thread::sleep(Duration::from_millis(200));
        }
        Err(std::io::Error::new(
            std::io::ErrorKind::TimedOut,
            "the service did not change state within 30 seconds",
        ))
    }

    impl ServiceControl for WindowsServices {
        fn is_available(&self) -> bool {
            true
        }

        fn state(&self) -> std::io::Result<ServiceState> {
            let manager = manager(ServiceManagerAccess::CONNECT)?;
            let service = match manager.open_service(SERVICE_NAME, ServiceAccess::QUERY_STATUS) {
                Ok(service) => service,
                Err(windows_service::Error::Winapi(e))
                    if e.raw_os_error() == Some(NOT_INSTALLED) =>
                {
                    return Ok(ServiceState::NotInstalled);
                }
                Err(e) => return Err(io(e)),
            };
            Ok(match service.query_status().map_err(io)?.current_state {
                Scm::Stopped => ServiceState::Stopped,
                Scm::StartPending => ServiceState::StartPending,
                Scm::StopPending => ServiceState::StopPending,
                Scm::Running => ServiceState::Running,
                _ => ServiceState::Other,
            })
        }

        fn install(&self, exe: &Path) -> std::io::Result<()> {
            let manager =
                manager(ServiceManagerAccess::CONNECT | ServiceManagerAccess::CREATE_SERVICE)?;
            let info = ServiceInfo {
                name: OsString::from(SERVICE_NAME),
                display_name: OsString::from(DISPLAY_NAME),
                service_type: ServiceType::OWN_PROCESS,
                start_type: ServiceStartType::AutoStart,
                error_control: ServiceErrorControl::Normal,
                executable_path: exe.to_path_buf(),
                launch_arguments: vec![OsString::from("relay"), OsString::from("service")],
                dependencies: vec![],
                // LocalSystem: the relay folder in %ProgramData% is SYSTEM's and the
                // administrators' only.
                account_name: None,
                account_password: None,
            };
            let service = manager
                .create_service(&info, ServiceAccess::CHANGE_CONFIG)
                .map_err(io)?;
            service
                .set_description(
                    "Accepts mail from local applications and delivers it to Exchange Online with OAuth. Installed by Overstap.",
                )
                .map_err(io)?;
            register_event_source(exe)
        }

        fn start(&self) -> std::io::Result<()> {
            let manager = manager(ServiceManagerAccess::CONNECT)?;
            let service = manager
                .open_service(
                    SERVICE_NAME,
                    ServiceAccess::START | ServiceAccess::QUERY_STATUS,
                )
                .map_err(io)?;
            service.start::<&str>(&[]).map_err(io)?;
            wait_for(&service, Scm::Running)
        }

        fn stop(&self) -> std::io::Result<()> {
            let manager = manager(ServiceManagerAccess::CONNECT)?;
            let service = manager
                .open_service(
                    SERVICE_NAME,
                    ServiceAccess::STOP | ServiceAccess::QUERY_STATUS,
                )
                .map_err(io)?;
            match service.stop() {
                Ok(_) => wait_for(&service, Scm::Stopped),
                Err(windows_service::Error::Winapi(e)) if e.raw_os_error() == Some(NOT_ACTIVE) => {
                    Ok(())
                }
                Err(e) => Err(io(e)),
            }
        }

        fn remove(&self) -> std::io::Result<()> {
            if self.state()? == ServiceState::NotInstalled {
                return Ok(());
            }
            self.stop()?;
            let manager = manager(ServiceManagerAccess::CONNECT)?;
            let service = manager
                .open_service(SERVICE_NAME, ServiceAccess::DELETE)
                .map_err(io)?;
            service.delete().map_err(io)
        }
    }

    /// The Application log's source `Overstap Relay`, with .NET's generic message file so the
    /// event viewer shows the text as written (each event is one `%1` string).
    fn register_event_source(_exe: &Path) -> std::io::Result<()> {
        let key = winreg::RegKey::predef(winreg::enums::HKEY_LOCAL_MACHINE);
        let (source, _) = key.create_subkey(format!(
            r"SYSTEM\CurrentControlSet\Services\EventLog\Application\{}",
            crate::platform::EVENT_SOURCE
        ))?;
        source.set_value(
            "EventMessageFile",
            &r"%SystemRoot%\Microsoft.NET\Framework64\v4.0.30319\EventLogMessages.dll".to_owned(),
        )?;
        source.set_value("TypesSupported", &7u32)?;
        Ok(())
    }

    /// The service's main function: runs the relay until the service control manager says
    /// stop, reporting each state change.
    pub fn service_main(_arguments: Vec<OsString>) {
        use windows_service::service::{
            ServiceControl as Control, ServiceControlAccept, ServiceExitCode, ServiceStatus,
        };
        use windows_service::service_control_handler::{self, ServiceControlHandlerResult};
        let stop = crate::identity::http::CancelFlag::default();
        let handler = {
            let stop = stop.clone();
            move |control| match control {
                Control::Stop | Control::Shutdown => {
                    stop.cancel();
                    ServiceControlHandlerResult::NoError
                }
                Control::Interrogate => ServiceControlHandlerResult::NoError,
                _ => ServiceControlHandlerResult::NotImplemented,
            }
        };
        let Ok(status) = service_control_handler::register(SERVICE_NAME, handler) else {
            return;
        };
        let report = |state: Scm, accept: ServiceControlAccept, code: u32| {
            // Nothing to do when the service manager cannot be told: it will notice the exit.
            let _ = status.set_service_status(ServiceStatus {
                service_type: ServiceType::OWN_PROCESS,
                current_state: state,
                controls_accepted: accept,
                exit_code: ServiceExitCode::Win32(code),
                checkpoint: 0,
                wait_hint: Duration::from_secs(10),
                process_id: None,
            });
        };
        let Some(dirs) = crate::relay::RelayDirs::from_env() else {
            report(Scm::Stopped, ServiceControlAccept::empty(), 1);
            return;
        };
        let sinks: Vec<Box<dyn crate::relay::log::LogSink>> =
            vec![Box::new(crate::relay::log::EventLogSink)];
        match crate::relay::start_for_microsoft(&dirs, sinks, crate::relay::StartOptions::default())
        {
            Ok(relay) => {
                report(
                    Scm::Running,
                    ServiceControlAccept::STOP | ServiceControlAccept::SHUTDOWN,
                    0,
                );
                while !stop.is_cancelled() {
                    std::thread::sleep(Duration::from_millis(200));
                }
                report(Scm::StopPending, ServiceControlAccept::empty(), 0);
                relay.stop();
                report(Scm::Stopped, ServiceControlAccept::empty(), 0);
            }
            Err(error) => {
                use crate::platform::EventLog as _;
                crate::platform::Native.report(
                    crate::platform::EventKind::Error,
                    &format!("Overstap relay did not start: {error}"),
                );
                report(Scm::Stopped, ServiceControlAccept::empty(), 1);
            }
        }
    }
}

/// Runs this process as the Windows service (`overstap relay service`, started by the service
/// control manager).
#[cfg(windows)]
pub fn run_as_service() -> std::io::Result<()> {
    crate::platform::dispatch_service(SERVICE_NAME, windows::service_main)
}

/// Elsewhere there is no service control manager to run under.
#[cfg(not(windows))]
pub fn run_as_service() -> std::io::Result<()> {
    Err(unsupported())
}
