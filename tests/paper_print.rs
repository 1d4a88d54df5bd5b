//! Issue 18: every printable output, checked in a real renderer. The HTML report printed to PDF
//! by headless Chromium, and the PDF Overstap writes itself, each for every fixture session in
//! both languages: A4 pages, every column header and the last word of every required action on
//! the paper, nothing touching the paper's edge (rendered to PNG by `pdftoppm`), and the text
//! extracted by `pdftotext` holding every field the customer's file needs.
//!
//! Why real renderers: the HTML printed as Letter with Required actions cut off at the right
//! edge of every page, which no string check on the HTML could see.
//!
//! `scripts/install-deps.sh` installs `chromium` and `poppler-utils`. Without them (a developer
//! machine) the tests say so and pass; `./test.sh` sets OVERSTAP_REQUIRE_TOOLS=1, where a
//! missing tool fails them.

use std::path::{Path, PathBuf};
use std::process::Command;

use overstap::i18n::Language;
use overstap::summary::Summary;

use crate::paper::{FIXTURES, squeezed, summary_of};

/// A4 in points, and how far a renderer may round it.
const A4: (f32, f32) = (595.28, 841.89);
const A4_SLACK: f32 = 2.0;

/// Whether `/usr/bin/<name>` is installed. Missing: a failure under `./test.sh`, a notice
/// elsewhere.
pub fn tool(name: &str) -> bool {
    if Path::new("/usr/bin").join(name).exists() {
        return true;
    }
    assert!(
        std::env::var_os("OVERSTAP_REQUIRE_TOOLS").is_none(),
        "{name} is not installed, but ./test.sh requires it (scripts/install-deps.sh installs it)"
    );
    eprintln!("{name} is not installed here (scripts/install-deps.sh installs it); check not run");
    false
}

/// One word on a page, with its box (points, origin top left).
#[derive(Debug)]
struct Word {
    x_min: f32,
    x_max: f32,
    text: String,
}

#[derive(Debug)]
struct Page {
    width: f32,
    height: f32,
    words: Vec<Word>,
}

fn attribute(tag: &str, name: &str) -> f32 {
    tag.split(&format!("{name}=\""))
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .and_then(|value| value.parse().ok())
        .unwrap_or_else(|| panic!("no {name} in {tag}"))
}

/// The pages of a PDF with every word's box, from `pdftotext -bbox`.
fn pages_of(pdf: &Path) -> Vec<Page> {
    let out = Command::new("pdftotext")
        .arg("-bbox")
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext");
    assert!(out.status.success(), "pdftotext -bbox {}", pdf.display());
    let xhtml = String::from_utf8_lossy(&out.stdout);
    let mut pages: Vec<Page> = Vec::new();
    for piece in xhtml.split('<').skip(1) {
        if piece.starts_with("page ") {
            pages.push(Page {
                width: attribute(piece, "width"),
                height: attribute(piece, "height"),
                words: Vec::new(),
            });
        } else if piece.starts_with("word ") {
            let text = piece.split_once('>').map(|(_, t)| t).unwrap_or_default();
            if let Some(page) = pages.last_mut() {
                page.words.push(Word {
                    x_min: attribute(piece, "xMin"),
                    x_max: attribute(piece, "xMax"),
                    text: crate::paper::unescape(text),
                });
            }
        }
    }
    pages
}

/// The text of a PDF in content order (`pdftotext -raw`), which keeps a table cell's lines
/// together.
fn text_of(pdf: &Path) -> String {
    let out = Command::new("pdftotext")
        .arg("-raw")
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext");
    assert!(out.status.success());
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Every page as an image, 40 pixels per inch, from `pdftoppm`.
fn images_of(pdf: &Path, dir: &Path) -> Vec<image::RgbImage> {
    let prefix = dir.join(format!(
        "{}-page",
        pdf.file_stem().unwrap_or_default().to_string_lossy()
    ));
    let status = Command::new("pdftoppm")
        .args(["-r", "40", "-png"])
        .arg(pdf)
        .arg(&prefix)
        .status()
        .expect("pdftoppm");
    assert!(status.success());
    let stem = prefix
        .file_name()
        .unwrap_or_default()
        .to_string_lossy()
        .into_owned();
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("dir")
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with(&stem))
        })
        .collect();
    files.sort();
    files
        .iter()
        .map(|file| image::open(file).expect("png").to_rgb8())
        .collect()
}

/// The checks every printout of a summary must pass.
fn check_printout(what: &str, pdf: &Path, summary: &Summary, dir: &Path) {
    let pages = pages_of(pdf);
    assert!(!pages.is_empty(), "{what}: no pages");
    for (number, page) in pages.iter().enumerate() {
        assert!(
            (page.width - A4.0).abs() < A4_SLACK && (page.height - A4.1).abs() < A4_SLACK,
            "{what}: page {} is {} x {} pt, not A4",
            number + 1,
            page.width,
            page.height
        );
        for word in &page.words {
            assert!(
                word.x_min >= 0.0 && word.x_max <= page.width,
                "{what}: {:?} runs off page {} ({}..{} of {})",
                word.text,
                number + 1,
                word.x_min,
                word.x_max,
                page.width
            );
        }
    }
    let text = squeezed(&text_of(pdf));
    let labels = &summary.labels;
    for header in [
        &labels.col_application,
        &labels.col_na,
        &labels.col_checked,
        &labels.col_server,
        &labels.col_findings,
        &labels.col_actions,
    ] {
        assert!(
            text.contains(&squeezed(header)),
            "{what}: the column header {header:?} is not on the paper"
        );
    }
    for row in &summary.applications {
        assert!(
            text.contains(&squeezed(&row.name)),
            "{what}: {} missing",
            row.name
        );
        if let Some(last) = row.actions.split_whitespace().last() {
            assert!(
                text.contains(&squeezed(last)),
                "{what}: the last word of {}'s required actions ({last:?}) is not on the paper",
                row.name
            );
        }
    }
    // Nothing touches the paper's edge: the outer 2% of every page is blank.
    for (number, image) in images_of(pdf, dir).iter().enumerate() {
        let (width, height) = image.dimensions();
        let ratio = height as f32 / width as f32;
        assert!(
            (ratio - A4.1 / A4.0).abs() < 0.01,
            "{what}: page {} is {width}x{height} pixels, not A4",
            number + 1
        );
        let edge = (width / 50).max(2);
        for y in 0..height {
            for x in (0..edge).chain(width - edge..width) {
                let pixel = image.get_pixel(x, y);
                assert!(
                    pixel.0.iter().all(|&c| c > 200),
                    "{what}: ink at the edge of page {} ({x}, {y}): something is cut off",
                    number + 1
                );
            }
        }
    }
}

/// The HTML report as the customer's browser prints it: Chromium, headless, to PDF.
fn print_with_chromium(html: &Path, pdf: &Path) {
    let profile = tempfile::tempdir().expect("profile");
    let output = Command::new("chromium")
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-pdf-header-footer",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(format!("file://{}", html.display()))
        .output()
        .expect("chromium");
    assert!(
        output.status.success() && pdf.exists(),
        "chromium did not print {}: {}",
        html.display(),
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn the_html_report_prints_on_a4_with_every_column_in_chromium() {
    if !(tool("chromium") && tool("pdftotext") && tool("pdftoppm")) {
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    for name in FIXTURES {
        for language in Language::ALL {
            let (_, summary) = summary_of(name, language);
            let html = dir.path().join(format!("{name}-{}.html", language.code()));
            std::fs::write(&html, overstap::report::html_of(&summary)).expect("write");
            let pdf = dir
                .path()
                .join(format!("{name}-{}-chromium.pdf", language.code()));
            print_with_chromium(&html, &pdf);
            check_printout(
                &format!("{name} {language:?} (HTML in Chromium)"),
                &pdf,
                &summary,
                dir.path(),
            );
        }
    }
}

#[test]
fn the_pdf_is_a4_with_every_column_and_every_field() {
    if !(tool("pdftotext") && tool("pdftoppm") && tool("pdffonts")) {
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    for name in FIXTURES {
        for language in Language::ALL {
            let (session, summary) = summary_of(name, language);
            let pdf = dir.path().join(format!("{name}-{}.pdf", language.code()));
            std::fs::write(&pdf, overstap::pdf::write(&summary).expect("pdf")).expect("write");
            let what = format!("{name} {language:?} (PDF)");
            check_printout(&what, &pdf, &summary, dir.path());

            // The fields the customer's file needs, as extracted text.
            let text = squeezed(&text_of(&pdf));
            let pages = pages_of(&pdf).len();
            let (page_one, generated) = match language {
                Language::Nl => (format!("Pagina 1 van {pages}"), "2026-11-26 14:00"),
                Language::En => (format!("Page 1 of {pages}"), "2026-11-26 14:00"),
            };
            let mut required = vec![
                summary.title.clone(),
                page_one,
                format!("Overstap {}", env!("CARGO_PKG_VERSION")),
                generated.to_owned(),
                session.registration.tenant_id.clone(),
            ];
            required.extend(
                summary
                    .facts
                    .iter()
                    .flat_map(|f| [f.label.clone(), f.value.clone()]),
            );
            required.extend(summary.open_items.iter().cloned());
            for field in required {
                assert!(
                    text.contains(&squeezed(&field)),
                    "{what}: {field:?} is not in the extracted text"
                );
            }

            // Every font is embedded (a subset), so the Dutch characters print anywhere.
            let fonts = Command::new("pdffonts")
                .arg(&pdf)
                .output()
                .expect("pdffonts");
            let fonts = String::from_utf8_lossy(&fonts.stdout);
            let rows: Vec<&str> = fonts.lines().skip(2).collect();
            assert!(!rows.is_empty(), "{fonts}");
            for row in rows {
                let columns: Vec<&str> = row.split_whitespace().collect();
                assert!(
                    row.contains("DejaVuSansCondensed")
                        && columns.iter().rev().nth(4) == Some(&"yes"),
                    "{what}: a font is not embedded:\n{fonts}"
                );
            }
        }
    }
}

/// Dutch characters survive the trip: written with the embedded font, extracted as the same
/// characters.
#[test]
fn dutch_characters_come_back_out_of_the_pdf() {
    if !tool("pdftotext") {
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let (_, mut summary) = summary_of("king-partner", Language::Nl);
    summary.applications[0].actions =
        "Controleer één keer per kwartaal of de geïnstalleerde versie (café-editie) klopt: Ĳsselmeer, Œuvre, ß.".into();
    let pdf = dir.path().join("nl.pdf");
    std::fs::write(&pdf, overstap::pdf::write(&summary).expect("pdf")).expect("write");
    let text = text_of(&pdf);
    for word in ["één", "geïnstalleerde", "café-editie", "Œuvre", "ß"] {
        assert!(text.contains(word), "{word} did not come back:\n{text}");
    }
}
