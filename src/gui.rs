//! Opening the window: the cheaper renderer for this platform first, the other as the fallback,
//! and a plain message if neither works.
//!
//! Why this order (see `DEFAULT_ORDER` and docs/benchmarks.md): what a sysadmin on a server
//! without a GPU feels is frames drawn x cost per frame in software. On Mesa's software drivers
//! OpenGL (glow on llvmpipe) draws a frame for a fraction of the CPU of wgpu (lavapipe), so glow
//! comes first outside Windows. On Windows wgpu stays first: over RDP Windows Server offers
//! OpenGL 1.1 only (the GDI "generic" implementation), which glow cannot use, while wgpu's DX12
//! backend falls back to the WARP software adapter and works. On an old driver the reverse can
//! happen, so one failure must never leave the admin with nothing.

use std::sync::Arc;

use eframe::egui_wgpu::{WgpuConfiguration, WgpuSetup, WgpuSetupCreateNew};
use eframe::wgpu;

use crate::catalog::Catalog;
use crate::i18n::Localizer;
use crate::settings::Settings;
use crate::ui::{AppOptions, OverstapApp};
use crate::wizard::Page;

/// Forces one renderer: `wgpu` or `glow`.
pub const RENDERER_ENV: &str = "OVERSTAP_RENDERER";

/// With `--smoke`: keep the window open until the wizard shows this page (a page key such as
/// `scan`), so a test can click through the real window first. Used by the Windows smoke test.
pub const SMOKE_WAIT_ENV: &str = "OVERSTAP_SMOKE_WAIT_FOR";

/// How long `--smoke` waits for the page named in `OVERSTAP_SMOKE_WAIT_FOR`.
const SMOKE_WAIT: std::time::Duration = std::time::Duration::from_secs(90);

/// How `--smoke` runs: frames to draw, and optionally a page to wait for first.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Smoke {
    pub frames: u32,
    pub wait_for: Option<Page>,
}

/// The page named by `OVERSTAP_SMOKE_WAIT_FOR`, if it names one.
pub fn smoke_wait_for(value: Option<&str>) -> Option<Page> {
    let value = value?.trim().to_ascii_lowercase();
    Page::ALL.into_iter().find(|page| page.key() == value)
}

/// What a finished run reports: the renderer that drew, and the page on screen at the end.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RunReport {
    pub renderer: Renderer,
    pub last_page: Page,
}

const ICON_PNG: &[u8] = include_bytes!("../assets/icon.png");

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Renderer {
    Wgpu,
    Glow,
}

impl Renderer {
    pub fn name(self) -> &'static str {
        match self {
            Renderer::Wgpu => "wgpu",
            Renderer::Glow => "OpenGL (glow)",
        }
    }
}

/// The renderers tried when none is forced. Windows: wgpu (DX12, WARP without a GPU) first,
/// since glow needs OpenGL 2+ and Windows Server over RDP has OpenGL 1.1 only; trying glow
/// first there would fail (or worse, half-open a window) on exactly the servers Overstap is
/// for. Elsewhere: glow first, measured cheaper per frame on Mesa's software drivers
/// (docs/benchmarks.md).
#[cfg(windows)]
pub const DEFAULT_ORDER: [Renderer; 2] = [Renderer::Wgpu, Renderer::Glow];
#[cfg(not(windows))]
pub const DEFAULT_ORDER: [Renderer; 2] = [Renderer::Glow, Renderer::Wgpu];

/// Which renderers to try, in order, given the `OVERSTAP_RENDERER` value.
pub fn renderer_order(forced: Option<&str>) -> Vec<Renderer> {
    match forced.map(|v| v.trim().to_ascii_lowercase()).as_deref() {
        Some("glow") | Some("gl") | Some("opengl") => vec![Renderer::Glow],
        Some("wgpu") => vec![Renderer::Wgpu],
        _ => DEFAULT_ORDER.to_vec(),
    }
}

/// Every renderer failed; the causes, in the order tried.
#[derive(Debug)]
pub struct WindowError {
    pub attempts: Vec<(Renderer, String)>,
}

impl WindowError {
    /// A message for the admin in the interface language, naming each cause.
    pub fn explain(&self, l10n: &Localizer) -> String {
        let mut text = l10n.tr("window-failed");
        for (renderer, cause) in &self.attempts {
            text.push_str(&format!("\n  - {}: {cause}", renderer.name()));
        }
        text.push('\n');
        text.push_str(&l10n.tr("window-failed-fix"));
        text
    }
}

/// Runs the wizard until the window closes; reports the renderer that worked.
///
/// `smoke` closes the window by itself (the `--smoke` check).
pub fn run(
    catalog_dir: Option<&std::path::Path>,
    smoke: Option<Smoke>,
) -> Result<RunReport, WindowError> {
    let (catalog, catalog_problem) = load_catalog(catalog_dir);
    let catalog = Arc::new(catalog);
    let forced = std::env::var(RENDERER_ENV).ok();
    let bench = crate::bench_probe::Spec::from_env();
    let mut attempts = Vec::new();
    let page_on_screen = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    for renderer in renderer_order(forced.as_deref()) {
        let options = native_options(renderer);
        let result = eframe::run_native(
            "Overstap",
            options,
            Box::new(|cc| {
                let options = AppOptions {
                    close_after_frames: smoke.map(|smoke| smoke.frames),
                    smoke_wait_for: smoke
                        .and_then(|smoke| smoke.wait_for)
                        .map(|page| (page, std::time::Instant::now() + SMOKE_WAIT)),
                    page_on_screen: Arc::clone(&page_on_screen),
                    catalog: Arc::clone(&catalog),
                    catalog_problem: catalog_problem.clone(),
                    bench: bench.clone(),
                    ..AppOptions::default()
                };
                Ok(Box::new(OverstapApp::new(&cc.egui_ctx, options)))
            }),
        );
        match result {
            Ok(()) => {
                let index = page_on_screen.load(std::sync::atomic::Ordering::Relaxed);
                return Ok(RunReport {
                    renderer,
                    last_page: Page::ALL.get(index).copied().unwrap_or(Page::Welcome),
                });
            }
            Err(err) => attempts.push((renderer, err.to_string())),
        }
    }
    Err(WindowError { attempts })
}

/// The embedded catalogue, with a partner's folder on top when given. A broken folder is not
/// fatal: the embedded catalogue is used and the reason shown in the window.
fn load_catalog(dir: Option<&std::path::Path>) -> (Catalog, Option<crate::i18n::Problem>) {
    match dir.map(Catalog::embedded_with_overrides) {
        None => (Catalog::embedded(), None),
        Some(Ok(catalog)) => (catalog, None),
        Some(Err(err)) => (Catalog::embedded(), Some(err.problem())),
    }
}

/// The language for messages shown outside the window (CLI, window failure).
pub fn outside_localizer() -> Localizer {
    let settings = crate::settings::UserDirs::from_env()
        .map(|dirs| Settings::load(&dirs.settings_file()))
        .unwrap_or_default();
    Localizer::new(settings.effective_language())
}

/// The window's options for one renderer; the benchmark's bare window uses them too, so that
/// both windows differ only in what they draw.
pub fn native_options(renderer: Renderer) -> eframe::NativeOptions {
    let mut viewport = egui::ViewportBuilder::default()
        .with_title("Overstap")
        .with_app_id("overstap")
        .with_inner_size([1120.0, 780.0])
        .with_min_inner_size([760.0, 520.0]);
    if let Ok(icon) = eframe::icon_data::from_png_bytes(ICON_PNG) {
        viewport = viewport.with_icon(Arc::new(icon));
    }
    eframe::NativeOptions {
        viewport,
        renderer: match renderer {
            Renderer::Wgpu => eframe::Renderer::Wgpu,
            Renderer::Glow => eframe::Renderer::Glow,
        },
        wgpu_options: wgpu_options(),
        ..Default::default()
    }
}

/// Accepts a software adapter (WARP on Windows, llvmpipe/lavapipe on Linux) when no GPU is
/// usable: a slow window beats no window on a headless server.
fn wgpu_options() -> WgpuConfiguration {
    let mut setup = WgpuSetupCreateNew::without_display_handle();
    setup.native_adapter_selector = Some(Arc::new(|adapters, surface| {
        let usable = |adapter: &&wgpu::Adapter| {
            surface.is_none_or(|surface| adapter.is_surface_supported(surface))
        };
        let rank = |adapter: &wgpu::Adapter| match adapter.get_info().device_type {
            wgpu::DeviceType::DiscreteGpu => 0,
            wgpu::DeviceType::IntegratedGpu => 1,
            wgpu::DeviceType::VirtualGpu => 2,
            wgpu::DeviceType::Cpu => 3,
            wgpu::DeviceType::Other => 4,
        };
        adapters
            .iter()
            .filter(usable)
            .min_by_key(|adapter| rank(adapter))
            .cloned()
            .ok_or_else(|| {
                format!(
                    "none of {} graphics adapters can draw to this window",
                    adapters.len()
                )
            })
    }));
    WgpuConfiguration {
        wgpu_setup: WgpuSetup::CreateNew(setup),
        ..Default::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renderer_choice_from_the_environment() {
        assert_eq!(renderer_order(None), DEFAULT_ORDER.to_vec());
        assert_eq!(renderer_order(Some("GLOW")), vec![Renderer::Glow]);
        assert_eq!(renderer_order(Some(" wgpu ")), vec![Renderer::Wgpu]);
        assert_eq!(renderer_order(Some("directx")), DEFAULT_ORDER.to_vec());
    }

    #[test]
    fn both_renderers_are_tried_and_windows_starts_with_wgpu() {
        // Windows Server over RDP has OpenGL 1.1 only: glow cannot be the first try there.
        let first = if cfg!(windows) {
            Renderer::Wgpu
        } else {
            Renderer::Glow
        };
        assert_eq!(DEFAULT_ORDER[0], first);
        assert!(DEFAULT_ORDER.contains(&Renderer::Wgpu) && DEFAULT_ORDER.contains(&Renderer::Glow));
    }

    #[test]
    fn the_smoke_test_names_a_page_by_its_key() {
        assert_eq!(smoke_wait_for(Some("scan")), Some(Page::Scan));
        assert_eq!(smoke_wait_for(Some(" Test-Send ")), Some(Page::TestSend));
        assert_eq!(smoke_wait_for(Some("elsewhere")), None);
        assert_eq!(smoke_wait_for(None), None);
    }

    #[test]
    fn the_embedded_icon_decodes() {
        let icon = eframe::icon_data::from_png_bytes(ICON_PNG).expect("icon.png decodes");
        assert!(icon.width >= 64 && icon.width == icon.height);
    }

    #[test]
    fn a_window_failure_names_every_cause_in_both_languages() {
        let error = WindowError {
            attempts: vec![
                (Renderer::Wgpu, "no adapter".into()),
                (Renderer::Glow, "OpenGL 2.0+ required".into()),
            ],
        };
        for language in crate::i18n::Language::ALL {
            let text = error.explain(&Localizer::new(language));
            assert!(text.contains("no adapter") && text.contains("OpenGL 2.0+ required"));
            assert!(!text.contains('⟦'), "{text}");
        }
    }
}
