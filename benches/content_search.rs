//! Benchmark of the generic content search (not a timed test): generates a deterministic
//! 50,000-file tree in a temporary folder, runs `detect::content::search` over it and compares
//! with `rg -l -i` for the Exchange Online host names over the same tree. Target: at most 2x rg.
//!
//! Run: `cargo bench --bench content_search` (add `-- --files N` for another size).

use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

#[path = "support/tree.rs"]
mod tree;

use tree::{PATTERN, generate};

fn best_of<T>(runs: usize, mut f: impl FnMut() -> T) -> (Duration, T) {
    let mut best = Duration::MAX;
    let mut last = None;
    for _ in 0..runs {
        let start = Instant::now();
        let out = f();
        best = best.min(start.elapsed());
        last = Some(out);
    }
    (best, last.expect("at least one run"))
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let files = args
        .iter()
        .position(|a| a == "--files")
        .and_then(|i| args.get(i + 1))
        .and_then(|n| n.parse().ok())
        .unwrap_or(50_000);
    let temp = tempfile::tempdir().expect("tempdir");
    let started = Instant::now();
    let planted = generate(temp.path(), files);
    println!(
        "generated {files} files ({planted} with an Exchange Online host) in {:.1?}",
        started.elapsed()
    );
    let roots = vec![temp.path().join("C")];
    let cancel = AtomicBool::new(false);
    let (ours, result) = best_of(3, || {
        overstap::detect::content::search(&roots, None, &cancel, Duration::ZERO, &|_, _| {})
    });
    let exo_files: std::collections::BTreeSet<_> = result.hits.iter().map(|h| &h.path).collect();
    println!(
        "overstap content search: {:.3?} (best of 3), {} files searched, {} files with a hit",
        ours,
        result.files_searched,
        exo_files.len()
    );
    let rg = || {
        std::process::Command::new("rg")
            .args(["-l", "-i", PATTERN])
            .arg(&roots[0])
            .output()
    };
    match rg() {
        Err(_) => println!("rg not found: ratio skipped (install ripgrep to compare)"),
        Ok(_) => {
            let (theirs, output) = best_of(3, rg);
            let listed = output
                .map(|o| String::from_utf8_lossy(&o.stdout).lines().count())
                .unwrap_or(0);
            println!("rg -l -i: {theirs:.3?} (best of 3), {listed} files listed");
            println!(
                "ratio overstap / rg: {:.2} (target <= 2.0)",
                ours.as_secs_f64() / theirs.as_secs_f64()
            );
        }
    }
}
