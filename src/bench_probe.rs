//! The hidden switch the benchmark program (`src/bin/bench.rs`, `docs/benchmarks.md`) starts the
//! window with: `OVERSTAP_BENCH="frames=60;page=scan;session=FILE;scan=DIR;scan_pace_us=N"`.
//!
//! Why an environment variable and not a flag: it is for measuring, not for admins, so it stays
//! out of the command line and its help. It cannot reach anything the window cannot reach by
//! clicking: it opens a page, imports a session file, starts a snapshot scan of a folder, and
//! prints one line per frame on standard output:
//!
//! `overstap-bench frame=N wall_ms=W cpu_ms=C rss_kb=R`
//!
//! (`wall_ms` since the window was asked for, `cpu_ms` the whole process's user + system time,
//! `rss_kb` its resident memory; both 0 where `/proc` is missing). With `frames=N` every frame
//! asks for the next one and the window closes after N; without it, frames are drawn only when
//! something asks for one, so the lines show what an idle window draws.
//!
//! The bare comparison window (`src/bin/bench-bare.rs`) prints the same lines, so the bench reads
//! both the same way.

use std::io::Write as _;
use std::path::PathBuf;
use std::time::Instant;

/// The environment variable that turns the probe on.
pub const ENV: &str = "OVERSTAP_BENCH";

/// The prefix of every line the probe prints.
pub const LINE_PREFIX: &str = "overstap-bench";

/// What the benchmark asked for.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Spec {
    /// Draw continuously and close after this many frames; `None`: draw only on demand.
    pub frames: Option<u32>,
    /// The page key to open (`scan`, `applications`, ...).
    pub page: Option<String>,
    /// A session file to import first.
    pub session: Option<PathBuf>,
    /// A snapshot folder to scan at once.
    pub scan: Option<PathBuf>,
    /// How long the scan waits per file and step, in microseconds: a tree that scans in a
    /// blink shows nothing about the frames a long scan draws, so the benchmark stretches one.
    pub scan_pace_us: Option<u64>,
}

impl Spec {
    /// Reads `key=value` pairs separated by `;`. Unknown keys and bad numbers are ignored: a
    /// measurement switch must never stop the window from opening.
    pub fn parse(text: &str) -> Spec {
        let mut spec = Spec::default();
        for pair in text.split(';') {
            let Some((key, value)) = pair.split_once('=') else {
                continue;
            };
            let value = value.trim();
            match key.trim() {
                "frames" => spec.frames = value.parse().ok().filter(|n| *n > 0),
                "page" => spec.page = Some(value.to_ascii_lowercase()),
                "session" => spec.session = Some(PathBuf::from(value)),
                "scan" => spec.scan = Some(PathBuf::from(value)),
                "scan_pace_us" => spec.scan_pace_us = value.parse().ok(),
                _ => {}
            }
        }
        spec
    }

    /// The spec from `OVERSTAP_BENCH`, when set.
    pub fn from_env() -> Option<Spec> {
        std::env::var(ENV).ok().map(|text| Spec::parse(&text))
    }
}

/// Counts and reports frames; one per window.
#[derive(Debug)]
pub struct Probe {
    spec: Spec,
    started: Instant,
    frames: u32,
}

impl Probe {
    pub fn new(spec: Spec) -> Probe {
        Probe {
            spec,
            started: Instant::now(),
            frames: 0,
        }
    }

    pub fn spec(&self) -> &Spec {
        &self.spec
    }

    /// Call once at the end of every frame: prints the frame's line, asks for the next frame
    /// while counting frames, and closes the window after the last one.
    pub fn frame_done(&mut self, ctx: &egui::Context) {
        self.frames += 1;
        let usage = Usage::of_self().unwrap_or_default();
        let line = format!(
            "{LINE_PREFIX} frame={} wall_ms={} cpu_ms={} rss_kb={}\n",
            self.frames,
            self.started.elapsed().as_millis(),
            usage.cpu_ms,
            usage.rss_kb
        );
        let mut stdout = std::io::stdout().lock();
        // Nobody reading is no reason to stop drawing.
        let _ = stdout
            .write_all(line.as_bytes())
            .and_then(|()| stdout.flush());
        match self.spec.frames {
            Some(last) if self.frames >= last => {
                ctx.send_viewport_cmd(egui::ViewportCommand::Close);
            }
            Some(_) => ctx.request_repaint(),
            None => {}
        }
    }
}

/// A frame line read back by the benchmark program.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct FrameLine {
    pub frame: u64,
    pub wall_ms: u64,
    pub cpu_ms: u64,
    pub rss_kb: u64,
}

impl FrameLine {
    /// The values of a line `Probe` printed; `None` for any other line.
    pub fn parse(line: &str) -> Option<FrameLine> {
        let rest = line.strip_prefix(LINE_PREFIX)?;
        let mut out = FrameLine::default();
        for pair in rest.split_whitespace() {
            let (key, value) = pair.split_once('=')?;
            let value: u64 = value.parse().ok()?;
            match key {
                "frame" => out.frame = value,
                "wall_ms" => out.wall_ms = value,
                "cpu_ms" => out.cpu_ms = value,
                "rss_kb" => out.rss_kb = value,
                _ => {}
            }
        }
        (out.frame > 0).then_some(out)
    }
}

/// The median of a series and its spread, as the benchmark reports every figure.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Spread {
    pub median: f64,
    pub min: f64,
    pub max: f64,
}

impl Spread {
    pub fn of(values: &[f64]) -> Option<Spread> {
        let mut sorted = values.to_vec();
        sorted.sort_by(f64::total_cmp);
        let (&min, &max) = (sorted.first()?, sorted.last()?);
        let mid = sorted.len() / 2;
        let median = if sorted.len().is_multiple_of(2) {
            (sorted[mid - 1] + sorted[mid]) / 2.0
        } else {
            sorted[mid]
        };
        Some(Spread { median, min, max })
    }

    /// `median (min..max)` with `digits` decimals.
    pub fn show(self, digits: usize) -> String {
        format!(
            "{:.d$} ({:.d$}..{:.d$})",
            self.median,
            self.min,
            self.max,
            d = digits
        )
    }
}

/// CPU time and resident memory of a process, from `/proc` (Linux only).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Usage {
    /// User + system time of all its threads, in milliseconds.
    pub cpu_ms: u64,
    /// Resident set size in KiB.
    pub rss_kb: u64,
}

impl Usage {
    pub fn of_self() -> Option<Usage> {
        Usage::read("self")
    }

    pub fn of_pid(pid: u32) -> Option<Usage> {
        Usage::read(&pid.to_string())
    }

    fn read(which: &str) -> Option<Usage> {
        let stat = std::fs::read_to_string(format!("/proc/{which}/stat")).ok()?;
        let status = std::fs::read_to_string(format!("/proc/{which}/status")).ok()?;
        Some(Usage {
            cpu_ms: cpu_ms_of_stat(&stat)?,
            rss_kb: rss_kb_of_status(&status).unwrap_or(0),
        })
    }
}

/// `utime + stime` of a `/proc/PID/stat` line, in ms. The fields after the command name (which
/// may hold spaces and parentheses) are counted from its last `)`. Linux reports them in clock
/// ticks of 1/100 s (`USER_HZ`, fixed at 100 on every architecture Overstap builds for).
fn cpu_ms_of_stat(stat: &str) -> Option<u64> {
    let rest = &stat[stat.rfind(')')? + 1..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    // After the name: state is field 3 of the line, utime 14 and stime 15.
    let utime: u64 = fields.get(11)?.parse().ok()?;
    let stime: u64 = fields.get(12)?.parse().ok()?;
    Some((utime + stime) * 10)
}

fn rss_kb_of_status(status: &str) -> Option<u64> {
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmRSS:"))
        .and_then(|value| value.split_whitespace().next())
        .and_then(|kb| kb.parse().ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_spec_reads_its_pairs_and_ignores_the_rest() {
        let spec = Spec::parse(
            "frames=60; page=Scan;session=/tmp/s.json;scan=/tmp/tree;scan_pace_us=500;x=1",
        );
        assert_eq!(
            spec,
            Spec {
                frames: Some(60),
                page: Some("scan".into()),
                session: Some("/tmp/s.json".into()),
                scan: Some("/tmp/tree".into()),
                scan_pace_us: Some(500),
            }
        );
        assert_eq!(Spec::parse("frames=0;frames"), Spec::default());
        assert_eq!(Spec::parse("frames=many").frames, None);
    }

    #[test]
    fn a_printed_frame_line_is_read_back() {
        let line = FrameLine::parse("overstap-bench frame=3 wall_ms=120 cpu_ms=90 rss_kb=51234");
        assert_eq!(
            line,
            Some(FrameLine {
                frame: 3,
                wall_ms: 120,
                cpu_ms: 90,
                rss_kb: 51234
            })
        );
        assert_eq!(FrameLine::parse("window opened and closed"), None);
        assert_eq!(FrameLine::parse("overstap-bench frame=x"), None);
    }

    #[test]
    fn median_and_spread() {
        let even = Spread::of(&[5.0, 1.0, 3.0, 2.0]).expect("values");
        assert_eq!((even.median, even.min, even.max), (2.5, 1.0, 5.0));
        assert_eq!(Spread::of(&[4.0, 9.0, 1.0]).map(|s| s.median), Some(4.0));
        assert_eq!(Spread::of(&[]), None);
        assert_eq!(even.show(1), "2.5 (1.0..5.0)");
    }

    #[test]
    fn cpu_time_is_read_after_the_command_name() {
        // A name with spaces and a parenthesis must not shift the fields.
        let stat =
            "4242 (a (b) c) S 1 4242 4242 0 -1 4194560 500 0 0 0 123 45 0 0 20 0 7 0 100 0 0";
        assert_eq!(cpu_ms_of_stat(stat), Some((123 + 45) * 10));
        assert_eq!(cpu_ms_of_stat("garbage"), None);
    }

    #[test]
    fn resident_memory_is_read_from_status() {
        let status = "Name:\tx\nVmPeak:\t 9000 kB\nVmRSS:\t   51234 kB\nThreads:\t3\n";
        assert_eq!(rss_kb_of_status(status), Some(51234));
        assert_eq!(rss_kb_of_status("Name:\tx\n"), None);
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn this_process_has_memory() {
        let usage = Usage::of_self().expect("/proc is there on Linux");
        assert!(usage.rss_kb > 0);
    }
}
