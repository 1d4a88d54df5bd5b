//! The deterministic 50,000-file tree of the content-search benchmark, shared by
//! `benches/content_search.rs` and the benchmark program (`src/bin/bench.rs`).

use std::path::Path;

pub const PATTERN: &str =
    r"smtp\.office365\.com|outlook\.office365\.com|mail\.protection\.outlook\.com";
pub const EXTENSIONS: [&str; 5] = ["config", "xml", "ini", "json", "properties"];

/// A small deterministic generator (xorshift), so every run sees the same tree.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

/// The benchmark tree: `files` configuration files under `C/Program Files`, one in about 500
/// with an Exchange Online host. Returns how many have one.
pub fn generate(root: &Path, files: usize) -> usize {
    generate_with(root, files, 500)
}

/// Like `generate`, with one file in about `one_in` holding an Exchange Online host.
pub fn generate_with(root: &Path, files: usize, one_in: u64) -> usize {
    let mut rng = Rng(0x5eed_0ff1ce);
    let mut planted = 0;
    let filler = "<add key=\"Setting\" value=\"a fairly ordinary configuration value\" />\n";
    for i in 0..files {
        let dir = root.join(format!(
            "C/Program Files/Vendor{:02}/Product{:02}/conf{}",
            i % 40,
            (i / 40) % 25,
            i % 3
        ));
        if i.is_multiple_of(1000) || !dir.exists() {
            std::fs::create_dir_all(&dir).expect("mkdir");
        }
        let lines = 10 + (rng.next() % 60) as usize;
        let mut text = String::with_capacity(lines * filler.len());
        text.push_str("<configuration>\n");
        for _ in 0..lines {
            text.push_str(filler);
        }
        if rng.next().is_multiple_of(one_in) {
            text.push_str("<add key=\"SmtpServer\" value=\"smtp.office365.com\" />\n");
            planted += 1;
        }
        text.push_str("</configuration>\n");
        let ext = EXTENSIONS[i % EXTENSIONS.len()];
        std::fs::write(dir.join(format!("file{i}.{ext}")), text).expect("write");
    }
    planted
}
