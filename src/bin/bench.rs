//! The benchmark program (issue 19; not a timed test): `cargo run --release --bin bench`.
//!
//! Measures, in one run on one machine, what a sysadmin on a server without a GPU feels, and
//! prints one table of ratios (see `docs/benchmarks.md` for the latest one and how to read it):
//! start-up to the first frame against a bare eframe window (`src/bin/bench-bare.rs`, the same
//! eframe build, renderer and window size), the CPU per frame of the heaviest pages on Mesa's
//! software drivers with glow (llvmpipe) and wgpu (lavapipe), idle cost, memory, binary size,
//! the content scan of the 50,000-file tree against `rg -l`, and the SQL search and relay
//! figures of `cargo bench`.
//!
//! Both windows run under their own Xvfb, runs alternate (Overstap, bare, Overstap, bare...) so
//! that other load on the machine hits both alike, and every figure is the median of several
//! runs with its spread (min..max). Ratios matter, not absolutes. The windows report their frames
//! through the hidden `OVERSTAP_BENCH` switch (`overstap::bench_probe`).
//!
//! Options: `--runs N` (start-up runs per window, default 7), `--files N` (tree size, default
//! 50000), `--idle S` (idle seconds, default 10), `--quick` (3 runs, 3 s idle, no cargo benches),
//! `--no-cargo-benches`, `--no-build`. Needs `Xvfb`, Mesa's drivers and `rg`
//! (`scripts/bench.sh` installs them and runs this).

#[cfg(target_os = "linux")]
#[path = "../../benches/support/tree.rs"]
mod tree;

#[cfg(not(target_os = "linux"))]
fn main() -> std::process::ExitCode {
    eprintln!("the benchmark runs on Linux (Xvfb and Mesa's software drivers)");
    std::process::ExitCode::from(2)
}

#[cfg(target_os = "linux")]
fn main() -> std::process::ExitCode {
    linux::main()
}

#[cfg(target_os = "linux")]
mod linux {
    use std::io::{BufRead as _, BufReader};
    use std::path::{Path, PathBuf};
    use std::process::{Child, Command, ExitCode, Stdio};
    use std::sync::mpsc::{Receiver, channel};
    use std::time::{Duration, Instant};

    use overstap::bench_probe::{ENV, FrameLine, Spread as Stat, Usage};

    use super::tree;

    struct Options {
        runs: usize,
        files: usize,
        idle: Duration,
        cargo_benches: bool,
        build: bool,
    }

    impl Options {
        fn from_args() -> Options {
            let args: Vec<String> = std::env::args().skip(1).collect();
            let value = |name: &str| {
                args.iter()
                    .position(|a| a == name)
                    .and_then(|i| args.get(i + 1))
                    .and_then(|v| v.parse::<usize>().ok())
            };
            let quick = args.iter().any(|a| a == "--quick");
            Options {
                runs: value("--runs").unwrap_or(if quick { 3 } else { 7 }).max(1),
                files: value("--files").unwrap_or(50_000),
                idle: Duration::from_secs(
                    value("--idle").unwrap_or(if quick { 3 } else { 10 }) as u64
                ),
                cargo_benches: !quick && !args.iter().any(|a| a == "--no-cargo-benches"),
                build: !args.iter().any(|a| a == "--no-build"),
            }
        }
    }

    /// A frame line with the moment it arrived here.
    #[derive(Clone, Copy, Debug)]
    struct Arrived {
        line: FrameLine,
        at: Duration,
    }

    /// A started window: its frame lines arrive on a channel as they are printed.
    struct Window {
        child: Child,
        lines: Receiver<Arrived>,
        started: Instant,
    }

    impl Window {
        fn start(exe: &Path, env: &[(String, String)], spec: &str) -> Window {
            let mut command = Command::new(exe);
            command
                .envs(env.iter().map(|(k, v)| (k, v)))
                .env(ENV, spec)
                .stdout(Stdio::piped())
                .stderr(Stdio::null());
            let started = Instant::now();
            let mut child = command
                .spawn()
                .unwrap_or_else(|e| panic!("{} did not start: {e}", exe.display()));
            let stdout = child.stdout.take().expect("piped stdout");
            let (sender, lines) = channel();
            std::thread::spawn(move || {
                for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                    if let Some(line) = FrameLine::parse(&line)
                        && sender
                            .send(Arrived {
                                line,
                                at: started.elapsed(),
                            })
                            .is_err()
                    {
                        break;
                    }
                }
            });
            Window {
                child,
                lines,
                started,
            }
        }

        /// Waits for the line of frame `n` (or the window's end).
        fn until_frame(&self, n: u64, timeout: Duration) -> Option<Arrived> {
            let deadline = Instant::now() + timeout;
            loop {
                let left = deadline.checked_duration_since(Instant::now())?;
                let line = self.lines.recv_timeout(left).ok()?;
                if line.line.frame >= n {
                    return Some(line);
                }
            }
        }

        /// Every frame line that arrives within `time`.
        fn frames_within(&self, time: Duration) -> Vec<Arrived> {
            let deadline = Instant::now() + time;
            let mut out = Vec::new();
            while let Some(left) = deadline.checked_duration_since(Instant::now()) {
                match self.lines.recv_timeout(left) {
                    Ok(line) => out.push(line),
                    Err(std::sync::mpsc::RecvTimeoutError::Timeout) => break,
                    Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => {
                        std::thread::sleep(left);
                        break;
                    }
                }
            }
            out
        }

        fn usage(&self) -> Usage {
            Usage::of_pid(self.child.id()).unwrap_or_default()
        }

        /// Waits for the window to close by itself; the wall time from spawn to exit.
        fn wait(mut self, timeout: Duration) -> Option<Duration> {
            let deadline = Instant::now() + timeout;
            loop {
                if let Ok(Some(_)) = self.child.try_wait() {
                    return Some(self.started.elapsed());
                }
                if Instant::now() > deadline {
                    self.kill();
                    return None;
                }
                std::thread::sleep(Duration::from_millis(2));
            }
        }

        fn kill(&mut self) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }

    impl Drop for Window {
        fn drop(&mut self) {
            if let Ok(None) = self.child.try_wait() {
                self.kill();
            }
        }
    }

    /// A virtual X display for the windows, stopped on drop.
    struct Xvfb {
        child: Child,
        display: String,
    }

    impl Xvfb {
        fn start() -> Xvfb {
            for n in 140..180 {
                if Path::new(&format!("/tmp/.X11-unix/X{n}")).exists() {
                    continue;
                }
                let display = format!(":{n}");
                let Ok(child) = Command::new("Xvfb")
                    .args([&display, "-screen", "0", "1280x860x24", "-nolisten", "tcp"])
                    .stdout(Stdio::null())
                    .stderr(Stdio::null())
                    .spawn()
                else {
                    panic!("Xvfb did not start: install xvfb (scripts/bench.sh does)");
                };
                let socket = PathBuf::from(format!("/tmp/.X11-unix/X{n}"));
                for _ in 0..100 {
                    if socket.exists() {
                        return Xvfb { child, display };
                    }
                    std::thread::sleep(Duration::from_millis(50));
                }
                let mut child = child;
                let _ = child.kill();
                let _ = child.wait();
            }
            panic!("no free X display between :140 and :179");
        }
    }

    impl Drop for Xvfb {
        fn drop(&mut self) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }

    /// One row of the table.
    struct Row {
        what: String,
        overstap: String,
        bare: String,
        ratio: String,
        target: String,
    }

    fn row(what: &str, overstap: String, bare: String, ratio: String, target: &str) -> Row {
        Row {
            what: what.to_owned(),
            overstap,
            bare,
            ratio,
            target: target.to_owned(),
        }
    }

    fn ratio(a: Option<Stat>, b: Option<Stat>) -> String {
        match (a, b) {
            (Some(a), Some(b)) if b.median > 0.0 => format!("{:.2}x", a.median / b.median),
            _ => "-".into(),
        }
    }

    fn show(stat: Option<Stat>, digits: usize) -> String {
        stat.map_or_else(|| "failed".into(), |s| s.show(digits))
    }

    fn load_average() -> String {
        std::fs::read_to_string("/proc/loadavg")
            .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
            .unwrap_or_default()
    }

    /// The environment each window gets: the display, fresh private folders, Mesa's software
    /// drivers, and the renderer.
    fn window_env(display: &str, work: &Path, run: usize, renderer: &str) -> Vec<(String, String)> {
        let run_dir = work.join(format!("run-{run}"));
        let runtime = run_dir.join("runtime");
        let config = run_dir.join("config");
        let _ = std::fs::create_dir_all(&runtime);
        let _ = std::fs::create_dir_all(&config);
        vec![
            ("DISPLAY".into(), display.into()),
            ("WAYLAND_DISPLAY".into(), String::new()),
            ("XDG_RUNTIME_DIR".into(), runtime.display().to_string()),
            ("OVERSTAP_CONFIG_DIR".into(), config.display().to_string()),
            ("LIBGL_ALWAYS_SOFTWARE".into(), "1".into()),
            ("OVERSTAP_RENDERER".into(), renderer.into()),
        ]
    }

    struct Bench {
        options: Options,
        overstap: PathBuf,
        bare: PathBuf,
        display: String,
        work: PathBuf,
        runs: usize,
        rows: Vec<Row>,
        notes: Vec<String>,
    }

    impl Bench {
        fn env(&mut self, renderer: &str) -> Vec<(String, String)> {
            self.runs += 1;
            window_env(&self.display, &self.work, self.runs, renderer)
        }

        /// Start-up: spawn to the line of frame 2 (frame 1 was drawn and presented), CPU and
        /// memory at frame 5, spawn to exit; Overstap and bare alternating.
        fn startup(&mut self, renderer: &str) {
            let mut first = [Vec::new(), Vec::new()];
            let mut total = [Vec::new(), Vec::new()];
            let mut cpu = [Vec::new(), Vec::new()];
            let mut rss = [Vec::new(), Vec::new()];
            for _ in 0..self.options.runs {
                for (i, exe) in [self.overstap.clone(), self.bare.clone()]
                    .iter()
                    .enumerate()
                {
                    let env = self.env(renderer);
                    let window = Window::start(exe, &env, "frames=5");
                    let second = window.until_frame(2, Duration::from_secs(60));
                    let fifth = window.until_frame(5, Duration::from_secs(60));
                    let exit = window.wait(Duration::from_secs(60));
                    if let (Some(second), Some(fifth), Some(exit)) = (second, fifth, exit) {
                        first[i].push(second.at.as_secs_f64() * 1000.0);
                        cpu[i].push(fifth.line.cpu_ms as f64);
                        rss[i].push(fifth.line.rss_kb as f64 / 1024.0);
                        total[i].push(exit.as_secs_f64() * 1000.0);
                    }
                }
            }
            let pair = |series: &[Vec<f64>; 2]| (Stat::of(&series[0]), Stat::of(&series[1]));
            let (a, b) = pair(&first);
            self.rows.push(row(
                &format!("start to first frame, ms ({renderer})"),
                show(a, 0),
                show(b, 0),
                ratio(a, b),
                "<= 1.3x",
            ));
            let (a, b) = pair(&total);
            self.rows.push(row(
                &format!("start, 5 frames, exit: wall ms ({renderer})"),
                show(a, 0),
                show(b, 0),
                ratio(a, b),
                "",
            ));
            let (a, b) = pair(&cpu);
            self.rows.push(row(
                &format!("start, 5 frames: CPU ms ({renderer})"),
                show(a, 0),
                show(b, 0),
                ratio(a, b),
                "",
            ));
            let (a, b) = pair(&rss);
            self.rows.push(row(
                &format!("memory after start: RSS MiB ({renderer})"),
                show(a, 1),
                show(b, 1),
                ratio(a, b),
                "",
            ));
        }

        /// CPU and wall time per frame while drawing continuously: frames 11 to 70.
        fn frame_cost(&mut self, renderer: &str, spec: &str, label: &str, runs: usize) {
            let mut cpu = [Vec::new(), Vec::new()];
            let mut wall = [Vec::new(), Vec::new()];
            for _ in 0..runs {
                for (i, (exe, spec)) in [
                    (self.overstap.clone(), format!("frames=70;{spec}")),
                    (self.bare.clone(), "frames=70".to_owned()),
                ]
                .iter()
                .enumerate()
                {
                    let env = self.env(renderer);
                    let window = Window::start(exe, &env, spec);
                    let from = window.until_frame(10, Duration::from_secs(60));
                    let to = window.until_frame(70, Duration::from_secs(120));
                    let _ = window.wait(Duration::from_secs(30));
                    if let (Some(from), Some(to)) = (from.map(|a| a.line), to.map(|a| a.line)) {
                        let frames = (to.frame - from.frame) as f64;
                        cpu[i].push((to.cpu_ms - from.cpu_ms) as f64 / frames);
                        wall[i].push((to.wall_ms - from.wall_ms) as f64 / frames);
                    }
                }
            }
            let (a, b) = (Stat::of(&cpu[0]), Stat::of(&cpu[1]));
            self.rows.push(row(
                &format!("CPU per frame, ms: {label} ({renderer})"),
                show(a, 1),
                show(b, 1),
                ratio(a, b),
                "",
            ));
            let (a, b) = (Stat::of(&wall[0]), Stat::of(&wall[1]));
            self.rows.push(row(
                &format!("wall per frame, ms: {label} ({renderer})"),
                show(a, 1),
                show(b, 1),
                ratio(a, b),
                "",
            ));
        }

        /// CPU time and frames over the idle period, after a second to settle.
        fn idle(&mut self, renderer: &str, spec: &str, label: &str) {
            let mut results = Vec::new();
            for (exe, spec) in [
                (self.overstap.clone(), spec.to_owned()),
                (self.bare.clone(), String::new()),
            ] {
                let env = self.env(renderer);
                let window = Window::start(&exe, &env, &spec);
                let _ = window.until_frame(1, Duration::from_secs(60));
                let _ = window.frames_within(Duration::from_secs(1));
                let before = window.usage();
                let frames = window.frames_within(self.options.idle);
                let after = window.usage();
                results.push((after.cpu_ms.saturating_sub(before.cpu_ms), frames.len()));
            }
            let secs = self.options.idle.as_secs();
            let text = |(cpu, frames): (u64, usize)| format!("{cpu} ms CPU, {frames} frames");
            self.rows.push(row(
                &format!("idle {secs} s: {label} ({renderer})"),
                text(results[0]),
                text(results[1]),
                "-".into(),
                "~0 CPU, 0 frames",
            ));
        }

        /// A window that scans `tree` at once (`extra` adds probe keys): every frame line until
        /// the process used no CPU for a second, and its usage then.
        fn scan_window(
            &mut self,
            renderer: &str,
            tree: &Path,
            extra: &str,
        ) -> (Vec<Arrived>, Usage) {
            let env = self.env(renderer);
            let window = Window::start(
                &self.overstap,
                &env,
                &format!("scan={}{extra}", tree.display()),
            );
            let started = Instant::now();
            let mut frames = Vec::new();
            let mut last_cpu = window.usage().cpu_ms;
            let mut quiet = 0;
            while quiet < 5 && started.elapsed() < Duration::from_secs(300) {
                frames.extend(window.frames_within(Duration::from_millis(200)));
                let cpu = window.usage().cpu_ms;
                quiet = if cpu == last_cpu { quiet + 1 } else { 0 };
                last_cpu = cpu;
            }
            (frames, window.usage())
        }

        /// Memory once the snapshot scan of the big tree is done, against the idle bare window.
        fn memory_after_scan(&mut self, renderer: &str, tree: &Path) {
            let (_, usage) = self.scan_window(renderer, &tree.join("C"), "");
            let bare_env = self.env(renderer);
            let bare = Window::start(&self.bare, &bare_env, "");
            let _ = bare.until_frame(1, Duration::from_secs(60));
            let _ = bare.frames_within(Duration::from_secs(1));
            let bare_rss = bare.usage().rss_kb as f64 / 1024.0;
            drop(bare);
            let rss = usage.rss_kb as f64 / 1024.0;
            self.rows.push(row(
                &format!("memory after the scan of the tree: RSS MiB ({renderer})"),
                format!("{rss:.1}"),
                format!("{bare_rss:.1} (idle)"),
                if bare_rss > 0.0 {
                    format!("{:.2}x", rss / bare_rss)
                } else {
                    "-".into()
                },
                "",
            ));
        }

        /// Frames drawn while a scan runs. The big tree scans in a fraction of a second, so
        /// this scan is stretched (`scan_pace_us`: a wait per file and per step, as a slow disk
        /// or a large server would make it) and counted from one second after the first frame
        /// (egui settles its layout over the first frames) to the last line before the window
        /// went quiet (the finished scan's page).
        fn frames_during_scan(&mut self, renderer: &str, tree: &Path, pace_us: u64) {
            let (frames, _) = self.scan_window(renderer, tree, &format!(";scan_pace_us={pace_us}"));
            let Some(first) = frames.first().map(|f| f.at) else {
                self.notes.push("the scanning window drew no frame".into());
                return;
            };
            let from = first + Duration::from_secs(1);
            let counted: Vec<&Arrived> = frames.iter().filter(|f| f.at >= from).collect();
            let span = counted
                .last()
                .map(|last| last.at.saturating_sub(from).as_secs_f64())
                .unwrap_or(0.0);
            let rate = if span > 0.0 {
                counted.len() as f64 / span
            } else {
                0.0
            };
            self.rows.push(row(
                &format!(
                    "frames per second while a scan runs ({renderer}; {} ms a file)",
                    pace_us as f64 / 1000.0
                ),
                format!("{rate:.1} ({} frames in {span:.1} s)", counted.len()),
                "-".into(),
                "-".into(),
                "bounded (<= 20)",
            ));
        }
    }

    fn cargo() -> String {
        std::env::var("CARGO").unwrap_or_else(|_| "cargo".into())
    }

    fn build() -> bool {
        eprintln!("building overstap and bench-bare (release)...");
        Command::new(cargo())
            .args([
                "build",
                "--release",
                "--bin",
                "overstap",
                "--bin",
                "bench-bare",
            ])
            .status()
            .is_ok_and(|s| s.success())
    }

    fn file_size_mib(path: &Path) -> f64 {
        std::fs::metadata(path).map_or(0.0, |m| m.len() as f64 / (1024.0 * 1024.0))
    }

    /// A session with the findings of a scan of `root`, for the results pages.
    fn fixture_session(root: &Path, path: &Path) -> usize {
        use overstap::detect::platform::ScanTarget;
        let catalog = overstap::catalog::Catalog::embedded();
        let l10n = overstap::i18n::Localizer::new(overstap::i18n::Language::En);
        let report = overstap::detect::scan_blocking_with(
            &ScanTarget::Snapshot {
                root: root.to_path_buf(),
                registry: None,
            },
            &catalog,
            Vec::new(),
        )
        .expect("the fixture tree scans");
        let mut session = overstap::session::Session::default();
        let findings = report.findings.len();
        overstap::worker_news::take_scan(
            &mut session,
            &catalog,
            &report,
            overstap::detect::ScanSource::Snapshot {
                path: root.display().to_string(),
                registry: None,
            },
            chrono::Utc::now(),
            &l10n,
        );
        session.save(path).expect("the fixture session is written");
        findings
    }

    /// The content search of the tree against `rg -l -i`, best of 3 each, alternating.
    fn content_search(tree: &Path) -> Option<(Stat, Stat, usize, usize)> {
        use std::sync::atomic::AtomicBool;
        let roots = vec![tree.join("C")];
        let cancel = AtomicBool::new(false);
        let mut ours = Vec::new();
        let mut theirs = Vec::new();
        let mut found = (0, 0);
        for _ in 0..3 {
            let start = Instant::now();
            let result = overstap::detect::content::search(
                &roots,
                None,
                &cancel,
                Duration::ZERO,
                &|_, _| {},
            );
            ours.push(start.elapsed().as_secs_f64() * 1000.0);
            found.0 = result
                .hits
                .iter()
                .map(|h| &h.path)
                .collect::<std::collections::BTreeSet<_>>()
                .len();
            let start = Instant::now();
            let output = Command::new("rg")
                .args(["-l", "-i", tree::PATTERN])
                .arg(&roots[0])
                .output()
                .ok()?;
            theirs.push(start.elapsed().as_secs_f64() * 1000.0);
            found.1 = String::from_utf8_lossy(&output.stdout).lines().count();
        }
        Some((Stat::of(&ours)?, Stat::of(&theirs)?, found.0, found.1))
    }

    /// Runs one of the crate's `cargo bench` programs and keeps its result lines.
    fn cargo_bench(name: &str) -> Vec<String> {
        eprintln!("cargo bench --bench {name} ...");
        let output = Command::new(cargo())
            .args(["bench", "--bench", name])
            .stderr(Stdio::null())
            .output();
        match output {
            Ok(output) if output.status.success() => String::from_utf8_lossy(&output.stdout)
                .lines()
                .filter(|l| !l.trim().is_empty() && !l.starts_with("queue folder"))
                .map(str::to_owned)
                .collect(),
            Ok(output) => vec![format!(
                "cargo bench --bench {name} failed: {}",
                output.status
            )],
            Err(error) => vec![format!("cargo bench --bench {name} did not start: {error}")],
        }
    }

    fn machine() -> Vec<String> {
        let cpu = std::fs::read_to_string("/proc/cpuinfo")
            .ok()
            .and_then(|text| {
                text.lines()
                    .find_map(|l| l.strip_prefix("model name"))
                    .map(|l| l.trim_start_matches([' ', '\t', ':']).to_owned())
            })
            .unwrap_or_default();
        let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
        let mesa = Command::new("dpkg-query")
            .args(["-W", "-f", "${Version}", "libgl1-mesa-dri"])
            .output()
            .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
            .unwrap_or_default();
        vec![
            format!("CPU: {cpu}, {cores} cores"),
            format!("Mesa (libgl1-mesa-dri, mesa-vulkan-drivers): {mesa}"),
            format!("Overstap {}", env!("CARGO_PKG_VERSION")),
        ]
    }

    fn print_table(rows: &[Row]) {
        let widths = [
            rows.iter().map(|r| r.what.len()).max().unwrap_or(0).max(4),
            rows.iter()
                .map(|r| r.overstap.len())
                .max()
                .unwrap_or(0)
                .max(8),
            rows.iter().map(|r| r.bare.len()).max().unwrap_or(0).max(11),
            rows.iter().map(|r| r.ratio.len()).max().unwrap_or(0).max(5),
            rows.iter()
                .map(|r| r.target.len())
                .max()
                .unwrap_or(0)
                .max(6),
        ];
        let line = |cells: [&str; 5]| {
            println!(
                "| {:w0$} | {:w1$} | {:w2$} | {:w3$} | {:w4$} |",
                cells[0],
                cells[1],
                cells[2],
                cells[3],
                cells[4],
                w0 = widths[0],
                w1 = widths[1],
                w2 = widths[2],
                w3 = widths[3],
                w4 = widths[4]
            );
        };
        line(["What", "Overstap", "bare window", "ratio", "target"]);
        println!(
            "|{}|{}|{}|{}|{}|",
            "-".repeat(widths[0] + 2),
            "-".repeat(widths[1] + 2),
            "-".repeat(widths[2] + 2),
            "-".repeat(widths[3] + 2),
            "-".repeat(widths[4] + 2)
        );
        for r in rows {
            line([&r.what, &r.overstap, &r.bare, &r.ratio, &r.target]);
        }
    }

    pub fn main() -> ExitCode {
        let options = Options::from_args();
        if options.build && !build() {
            eprintln!("the release build failed");
            return ExitCode::from(2);
        }
        let Some(dir) = std::env::current_exe()
            .ok()
            .and_then(|exe| exe.parent().map(Path::to_path_buf))
        else {
            eprintln!("cannot tell where the binaries are");
            return ExitCode::from(2);
        };
        let overstap = dir.join("overstap");
        let bare = dir.join("bench-bare");
        for exe in [&overstap, &bare] {
            if !exe.exists() {
                eprintln!(
                    "{} is missing: build it with cargo build --release",
                    exe.display()
                );
                return ExitCode::from(2);
            }
        }
        let work = std::env::temp_dir().join(format!("overstap-bench-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&work);
        if let Err(error) = std::fs::create_dir_all(&work) {
            eprintln!("{}: {error}", work.display());
            return ExitCode::from(2);
        }
        let load_at_start = load_average();
        let started = Instant::now();

        // The trees: the content-search benchmark's 50,000 files (one in 500 with an Exchange
        // Online host), and a denser one for a results page with hundreds of findings.
        eprintln!("generating the trees...");
        let tree = work.join("tree");
        let planted = tree::generate(&tree, options.files);
        let dense = work.join("dense");
        let dense_planted = tree::generate_with(&dense, 5_000, 10);
        let session = work.join("findings.json");
        let findings = fixture_session(&dense, &session);

        let xvfb = Xvfb::start();
        let mut bench = Bench {
            options,
            overstap: overstap.clone(),
            bare: bare.clone(),
            display: xvfb.display.clone(),
            work: work.clone(),
            runs: 0,
            rows: Vec::new(),
            notes: Vec::new(),
        };
        let scan_spec = format!("page=scan;session={}", session.display());
        let apps_spec = format!("page=applications;session={}", session.display());
        for renderer in ["glow", "wgpu"] {
            eprintln!("start-up ({renderer})...");
            bench.startup(renderer);
            let runs = bench.options.runs.div_ceil(2).max(3);
            eprintln!("frame cost ({renderer})...");
            bench.frame_cost(renderer, "", "Welcome", runs);
            bench.frame_cost(
                renderer,
                &scan_spec,
                &format!("Scan results, {findings} findings"),
                runs,
            );
            bench.frame_cost(renderer, &apps_spec, "Applications checklist", runs);
        }
        for renderer in ["glow", "wgpu"] {
            eprintln!("idle ({renderer})...");
            bench.idle(renderer, "", "Welcome");
            bench.idle(
                renderer,
                &scan_spec,
                &format!("Scan results, {findings} findings"),
            );
            bench.idle(renderer, &apps_spec, "Applications checklist");
        }
        eprintln!("scan in the window...");
        bench.memory_after_scan("glow", &tree);
        bench.frames_during_scan("glow", &dense, 2_000);
        drop(xvfb);

        bench.rows.push(row(
            "binary size, MiB (release, stripped)",
            format!("{:.1}", file_size_mib(&overstap)),
            format!("{:.1}", file_size_mib(&bare)),
            format!(
                "{:.2}x",
                file_size_mib(&overstap) / file_size_mib(&bare).max(0.001)
            ),
            "",
        ));
        eprintln!("content search against rg...");
        match content_search(&tree) {
            Some((ours, rg, our_files, rg_files)) => bench.rows.push(Row {
                what: format!(
                    "scan of the {}-file tree vs rg -l -i, ms ({planted} planted; found {our_files} / {rg_files})",
                    bench.options.files
                ),
                overstap: ours.show(0),
                bare: format!("rg {}", rg.show(0)),
                ratio: format!("{:.2}x", ours.median / rg.median),
                target: "<= 2x".into(),
            }),
            None => bench
                .notes
                .push("rg is missing: install ripgrep for the scan comparison".into()),
        }
        let mut extra = Vec::new();
        if bench.options.cargo_benches {
            for name in ["sql_search", "relay"] {
                extra.push(format!("cargo bench --bench {name}:"));
                extra.extend(cargo_bench(name).into_iter().map(|l| format!("  {l}")));
            }
        }
        let _ = std::fs::remove_dir_all(&work);

        println!("Overstap benchmark ({} s)", started.elapsed().as_secs());
        for line in machine() {
            println!("{line}");
        }
        println!(
            "load average (1, 5, 15 min): {load_at_start} at the start, {} at the end",
            load_average()
        );
        println!(
            "findings page fixture: {dense_planted} of 5000 files with an Exchange Online host, {findings} findings"
        );
        println!(
            "figures: median (min..max) of {} runs per window, alternating; start-up {} runs",
            bench.options.runs.div_ceil(2).max(3),
            bench.options.runs
        );
        println!();
        print_table(&bench.rows);
        for note in &bench.notes {
            println!("note: {note}");
        }
        if !extra.is_empty() {
            println!();
            for line in extra {
                println!("{line}");
            }
        }
        ExitCode::SUCCESS
    }
}
