//! Frames the window asks for when nothing happens (issue 19): on a server without a GPU every
//! frame is drawn in software, so an idle page must ask for none, and a page waiting on the
//! network only for a spinner's few a second. Counted over simulated time: each frame's
//! requested repaint delay moves the clock forward to the next frame it asked for (no timing,
//! no sleeping).

use std::time::Duration;

use egui_kittest::Harness;
use overstap::i18n::Language;
use overstap::ui::OverstapApp;

use crate::detect::fixture;
use crate::util::{app, app_with, click, settle, to_applications, to_registration, type_into};

/// How many frames the app asks for over `seconds` of simulated time without input, and the
/// shortest delay it asked for between two of them.
fn frames_asked_for(harness: &mut Harness<'_, OverstapApp>, seconds: f64) -> (usize, Duration) {
    let start = harness.ctx.input(|i| i.time);
    let mut now = start;
    let mut frames = 0;
    let mut shortest = Duration::MAX;
    loop {
        let delay = harness
            .output()
            .viewport_output
            .get(&egui::ViewportId::ROOT)
            .map_or(Duration::MAX, |viewport| viewport.repaint_delay);
        shortest = shortest.min(delay);
        let next = now + delay.as_secs_f64();
        // A frame asked for "at once" again and again would never let the clock move: stop
        // counting at ten thousand, which fails every bound below.
        if next > start + seconds || frames >= 10_000 {
            return (frames, shortest);
        }
        now = next;
        harness.input_mut().time = Some(now);
        harness.step();
        frames += 1;
    }
}

fn assert_idle(harness: &mut Harness<'_, OverstapApp>, page: &str) {
    settle(harness);
    let (frames, _) = frames_asked_for(harness, 10.0);
    assert_eq!(frames, 0, "{page}: frames drawn in 10 idle seconds");
    // A pointer resting on the page (on a button, say) is no reason to draw either.
    harness.hover_at(egui::pos2(560.0, 400.0));
    settle(harness);
    let (frames, _) = frames_asked_for(harness, 10.0);
    assert_eq!(
        frames, 0,
        "{page}: frames drawn in 10 seconds under a resting pointer"
    );
}

#[test]
fn idle_pages_ask_for_no_frame() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut harness = app(Language::En, dir.path());
    assert_idle(&mut harness, "Welcome");

    // The Scan page with a finished scan's results.
    click(&mut harness, "I manage this server");
    click(&mut harness, "Next");
    click(&mut harness, "A server snapshot");
    type_into(
        &mut harness,
        "Snapshot folder",
        &fixture("synergy-globe").display().to_string(),
    );
    click(&mut harness, "Start scan");
    crate::util::wait_for_scan(&mut harness);
    assert_idle(&mut harness, "Scan results");

    let dir = tempfile::tempdir().expect("tempdir");
    let mut harness = app(Language::En, dir.path());
    to_applications(&mut harness);
    assert_idle(&mut harness, "Applications");
}

/// An identity platform that accepts connections and never answers: the tenant look-up waits.
fn silent_server() -> (std::net::SocketAddr, std::sync::mpsc::Sender<()>) {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().expect("addr");
    let (stop, stopped) = std::sync::mpsc::channel::<()>();
    std::thread::spawn(move || {
        let mut held = Vec::new();
        listener.set_nonblocking(true).expect("nonblocking");
        while stopped.try_recv().is_err() {
            if let Ok((stream, _)) = listener.accept() {
                held.push(stream);
            }
            std::thread::sleep(Duration::from_millis(5));
        }
    });
    (addr, stop)
}

#[test]
fn waiting_on_the_network_draws_a_few_frames_a_second_not_every_one() {
    let (addr, stop) = silent_server();
    let dir = tempfile::tempdir().expect("tempdir");
    let authority = overstap::identity::Authority::loopback_for_tests(&format!("http://{addr}"))
        .expect("loopback");
    let mut harness = app_with(Language::En, dir.path(), move |options| {
        options.authority = authority;
    });
    to_registration(&mut harness, Language::En);
    click(
        &mut harness,
        "SMTP AUTH with OAuth, as the application itself (app-only)",
    );
    type_into(&mut harness, "Mail domain", "contoso.nl");
    click(&mut harness, "Look up tenant");
    assert!(
        crate::util::shows(&harness, "Cancel"),
        "the look-up waits for the silent server"
    );

    let (frames, shortest) = frames_asked_for(&mut harness, 10.0);
    let ceiling = (10.0 / overstap::ui::widgets::SPINNER_FRAME.as_secs_f64()) as usize + 1;
    assert!(
        frames > 0,
        "the spinner still moves while the look-up waits"
    );
    assert!(
        frames <= ceiling,
        "{frames} frames in 10 s while waiting (at most {ceiling})"
    );
    assert!(
        shortest >= overstap::ui::widgets::SPINNER_FRAME,
        "a frame was asked for {shortest:?} after the last one"
    );
    let _ = stop.send(());
}
