//! The summary as a PDF, written directly with `krilla`: A4, the DejaVu Sans Condensed fonts
//! embedded (subset) so every Dutch character prints, page numbers, the date and the Overstap
//! version on every page, and the checklist in the partner checklist's shape (Application, N/A,
//! Checked, Server, Findings, Required actions).
//!
//! Why not the browser: printing the HTML report depends on the browser's paper size (Letter in
//! many installs) and its table layout (long paths pushed the last column off the page). Here the
//! layout is ours: every column has a fixed width, text wraps inside it, and a word too long for
//! its column (a path) is broken between characters, so nothing can run off the paper.
//!
//! Readable in black and white: what is open is bold and carries a marker in words, colour only
//! repeats it. Layout is done first (all pages), drawing second, so "page 2 of 3" is known.

use krilla::Document;
use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point};
use krilla::metadata::Metadata;
use krilla::num::NormalizedF32;
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::text::{Font, TextDirection};

use crate::checklist::AppStatus;
use crate::summary::{Mark, PAGE_PLACEHOLDER, PAGES_PLACEHOLDER, Summary};

const REGULAR: &[u8] = include_bytes!("../assets/fonts/DejaVuSansCondensed.ttf");
const BOLD: &[u8] = include_bytes!("../assets/fonts/DejaVuSansCondensed-Bold.ttf");

/// A4 in PostScript points (1/72 inch): 210 x 297 mm.
pub const PAGE_WIDTH: f32 = 595.276;
pub const PAGE_HEIGHT: f32 = 841.89;
const MARGIN_X: f32 = 40.0;
const MARGIN_TOP: f32 = 42.0;
/// Room for the footer below the content.
const MARGIN_BOTTOM: f32 = 54.0;
const CONTENT_WIDTH: f32 = PAGE_WIDTH - 2.0 * MARGIN_X;

const TITLE_SIZE: f32 = 15.0;
const HEADING_SIZE: f32 = 11.5;
const BODY_SIZE: f32 = 9.0;
const TABLE_SIZE: f32 = 7.5;
const FOOTER_SIZE: f32 = 7.5;
/// Line height as a multiple of the font size.
const LEADING: f32 = 1.25;
const CELL_PAD: f32 = 3.0;

/// Why the PDF could not be made. Only the font or the PDF library can fail; the texts never do.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    #[error("the embedded font could not be read")]
    Font,
    #[error("the PDF could not be written: {0}")]
    Write(String),
}

impl PdfError {
    /// The bilingual message; the library's own words only as the detail.
    pub fn message(&self) -> crate::i18n::Message {
        match self {
            PdfError::Font => crate::i18n::Message::new("pdf-error-font", vec![]),
            PdfError::Write(detail) => {
                crate::i18n::Message::new("pdf-error-write", vec![("detail", detail.clone())])
            }
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Face {
    Regular,
    Bold,
}

#[derive(Clone, Copy, Debug, PartialEq)]
struct Colour(u8, u8, u8);

const BLACK: Colour = Colour(0, 0, 0);
/// Dark enough to stay readable when printed in black and white.
const RED: Colour = Colour(170, 0, 0);
const GREEN: Colour = Colour(0, 100, 0);
const AMBER: Colour = Colour(130, 80, 0);
const GREY_TEXT: Colour = Colour(70, 70, 70);
const RULE: Colour = Colour(120, 120, 120);
const HEADER_FILL: Colour = Colour(228, 228, 228);

/// What is drawn, in page coordinates (origin top left, y down, points).
#[derive(Clone, Debug, PartialEq)]
enum Op {
    /// `y` is the baseline.
    Text {
        x: f32,
        y: f32,
        face: Face,
        size: f32,
        colour: Colour,
        text: String,
    },
    Rule {
        x1: f32,
        y1: f32,
        x2: f32,
        y2: f32,
    },
    Fill {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        colour: Colour,
    },
}

/// The fonts, for measuring (rustybuzz shapes exactly as krilla's `draw_text` does) and drawing.
struct Fonts {
    regular: rustybuzz::Face<'static>,
    bold: rustybuzz::Face<'static>,
}

impl Fonts {
    fn load() -> Result<Fonts, PdfError> {
        Ok(Fonts {
            regular: rustybuzz::Face::from_slice(REGULAR, 0).ok_or(PdfError::Font)?,
            bold: rustybuzz::Face::from_slice(BOLD, 0).ok_or(PdfError::Font)?,
        })
    }

    /// The advance width of `text` in points.
    fn width(&self, face: Face, size: f32, text: &str) -> f32 {
        let font = match face {
            Face::Regular => &self.regular,
            Face::Bold => &self.bold,
        };
        let mut buffer = rustybuzz::UnicodeBuffer::new();
        buffer.push_str(text);
        buffer.guess_segment_properties();
        let shaped = rustybuzz::shape(font, &[], buffer);
        let units: i32 = shaped.glyph_positions().iter().map(|p| p.x_advance).sum();
        units as f32 / font.units_per_em() as f32 * size
    }
}

/// One laid-out line of a cell: its text and whether the next line continues the same word
/// (a path broken between characters).
#[derive(Clone, Debug, PartialEq, Eq)]
struct Line {
    text: String,
    broken_word: bool,
}

/// `text` wrapped into lines no wider than `width`: at spaces where possible, between characters
/// where a single word is wider than the column. Line breaks in the text are kept.
fn wrap(fonts: &Fonts, face: Face, size: f32, width: f32, text: &str) -> Vec<Line> {
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        let paragraph = paragraph.trim_end();
        if paragraph.is_empty() {
            lines.push(Line {
                text: String::new(),
                broken_word: false,
            });
            continue;
        }
        let mut current = String::new();
        for word in paragraph.split(' ') {
            let candidate = if current.is_empty() {
                word.to_owned()
            } else {
                format!("{current} {word}")
            };
            if fonts.width(face, size, &candidate) <= width {
                current = candidate;
                continue;
            }
            if !current.is_empty() {
                lines.push(Line {
                    text: std::mem::take(&mut current),
                    broken_word: false,
                });
            }
            // The word alone: break it between characters while it is too wide.
            let mut rest = word.to_owned();
            while fonts.width(face, size, &rest) > width {
                let mut cut = String::new();
                for c in rest.chars() {
                    let mut longer = cut.clone();
                    longer.push(c);
                    if !cut.is_empty() && fonts.width(face, size, &longer) > width {
                        break;
                    }
                    cut = longer;
                }
                rest = rest[cut.len()..].to_owned();
                lines.push(Line {
                    text: cut,
                    broken_word: true,
                });
                if rest.is_empty() {
                    break;
                }
            }
            current = rest;
        }
        lines.push(Line {
            text: current,
            broken_word: false,
        });
    }
    lines
}

/// One table cell's content and style.
#[derive(Clone, Debug)]
struct Cell {
    text: String,
    face: Face,
    colour: Colour,
    centred: bool,
}

impl Cell {
    fn plain(text: impl Into<String>) -> Cell {
        Cell {
            text: text.into(),
            face: Face::Regular,
            colour: BLACK,
            centred: false,
        }
    }

    fn bold(text: impl Into<String>) -> Cell {
        Cell {
            face: Face::Bold,
            ..Cell::plain(text)
        }
    }

    /// A value with its mark: open values bold red with the marker in words.
    fn marked(text: &str, mark: Mark, marker: &str) -> Cell {
        match mark {
            Mark::Open => Cell {
                text: format!("{text} [{marker}]"),
                face: Face::Bold,
                colour: RED,
                centred: false,
            },
            Mark::Good => Cell {
                colour: GREEN,
                ..Cell::plain(text)
            },
            Mark::Attention => Cell {
                colour: AMBER,
                ..Cell::plain(text)
            },
            Mark::Plain => Cell::plain(text),
        }
    }
}

/// The pages being laid out.
struct Layout<'f> {
    fonts: &'f Fonts,
    pages: Vec<Vec<Op>>,
    /// The top of the free space on the current page.
    y: f32,
    /// Every cell's text as laid out, in order: what the tests compare with the model.
    cells: Vec<String>,
}

impl<'f> Layout<'f> {
    fn new(fonts: &'f Fonts) -> Layout<'f> {
        Layout {
            fonts,
            pages: vec![Vec::new()],
            y: MARGIN_TOP,
            cells: Vec::new(),
        }
    }

    fn bottom() -> f32 {
        PAGE_HEIGHT - MARGIN_BOTTOM
    }

    fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.y = MARGIN_TOP;
    }

    fn room(&self) -> f32 {
        Self::bottom() - self.y
    }

    fn op(&mut self, op: Op) {
        if let Some(page) = self.pages.last_mut() {
            page.push(op);
        }
    }

    /// A paragraph across the full width.
    fn paragraph(&mut self, text: &str, face: Face, size: f32, colour: Colour) {
        let line_height = size * LEADING;
        let lines = wrap(self.fonts, face, size, CONTENT_WIDTH, text);
        self.cells.push(joined(&lines));
        for line in lines {
            if self.room() < line_height {
                self.new_page();
            }
            self.y += line_height;
            self.op(Op::Text {
                x: MARGIN_X,
                y: self.y - size * 0.25,
                face,
                size,
                colour,
                text: line.text,
            });
        }
    }

    /// A heading, kept on the page with at least a few lines after it.
    fn heading(&mut self, text: &str) {
        if self.room() < HEADING_SIZE * 6.0 {
            self.new_page();
        } else {
            self.y += HEADING_SIZE * 0.8;
        }
        self.paragraph(text, Face::Bold, HEADING_SIZE, BLACK);
        self.y += 3.0;
    }

    /// A table with fixed column widths. A row that does not fit goes to the next page (the
    /// header repeated there); a row taller than a page is split between its lines.
    fn table(&mut self, widths: &[f32], header: Option<&[Cell]>, rows: &[Vec<Cell>], size: f32) {
        let line_height = size * LEADING;
        let header = header.map(|cells| (cells, self.lay_row(widths, cells, size)));
        let header_height = header
            .as_ref()
            .map(|(_, lines)| row_height(lines, line_height))
            .unwrap_or(0.0);
        if let Some((cells, lines)) = &header {
            if self.room() < header_height + line_height + 2.0 * CELL_PAD {
                self.new_page();
            }
            self.draw_row(widths, cells, lines, size, true);
        }
        let page_capacity = Self::bottom() - MARGIN_TOP - header_height;
        for row in rows {
            let lines = self.lay_row(widths, row, size);
            self.cells.extend(lines.iter().map(|laid| joined(laid)));
            let full = row_height(&lines, line_height);
            if full > self.room() && full <= page_capacity {
                self.continue_table(widths, header.as_ref(), size);
            }
            let tallest = lines.iter().map(Vec::len).max().unwrap_or(0).max(1);
            let mut first = 0;
            while first < tallest {
                let fit = ((self.room() - 2.0 * CELL_PAD) / line_height)
                    .floor()
                    .max(0.0) as usize;
                if fit == 0 {
                    self.continue_table(widths, header.as_ref(), size);
                    // A fresh page always holds a line; the guard only protects the loop.
                    if ((self.room() - 2.0 * CELL_PAD) / line_height) < 1.0 {
                        break;
                    }
                    continue;
                }
                let to = (first + fit).min(tallest);
                let part: Vec<Vec<Line>> = lines
                    .iter()
                    .map(|cell| cell.iter().skip(first).take(to - first).cloned().collect())
                    .collect();
                self.draw_row(widths, row, &part, size, false);
                first = to;
                if first < tallest {
                    self.continue_table(widths, header.as_ref(), size);
                }
            }
        }
    }

    /// A new page for the rest of a table, its header repeated.
    fn continue_table(
        &mut self,
        widths: &[f32],
        header: Option<&(&[Cell], Vec<Vec<Line>>)>,
        size: f32,
    ) {
        self.new_page();
        if let Some((cells, lines)) = header {
            self.draw_row(widths, cells, lines, size, true);
        }
    }

    fn lay_row(&self, widths: &[f32], cells: &[Cell], size: f32) -> Vec<Vec<Line>> {
        cells
            .iter()
            .zip(widths)
            .map(|(cell, width)| {
                wrap(
                    self.fonts,
                    cell.face,
                    size,
                    width - 2.0 * CELL_PAD,
                    &cell.text,
                )
            })
            .collect()
    }

    fn draw_row(
        &mut self,
        widths: &[f32],
        cells: &[Cell],
        lines: &[Vec<Line>],
        size: f32,
        header: bool,
    ) {
        let line_height = size * LEADING;
        let height = row_height(lines, line_height);
        let top = self.y;
        if header {
            self.op(Op::Fill {
                x: MARGIN_X,
                y: top,
                w: widths.iter().sum(),
                h: height,
                colour: HEADER_FILL,
            });
        }
        let mut x = MARGIN_X;
        for ((cell, width), laid) in cells.iter().zip(widths).zip(lines) {
            let mut baseline = top + CELL_PAD + size;
            for line in laid {
                let text_x = if cell.centred {
                    x + (width - self.fonts.width(cell.face, size, &line.text)) / 2.0
                } else {
                    x + CELL_PAD
                };
                if !line.text.is_empty() {
                    self.op(Op::Text {
                        x: text_x,
                        y: baseline,
                        face: if header { Face::Bold } else { cell.face },
                        size,
                        colour: cell.colour,
                        text: line.text.clone(),
                    });
                }
                baseline += line_height;
            }
            x += width;
        }
        // The grid: a box around the row and a line between the cells.
        let right = MARGIN_X + widths.iter().sum::<f32>();
        let bottom = top + height;
        for (y1, y2, x1, x2) in [
            (top, top, MARGIN_X, right),
            (bottom, bottom, MARGIN_X, right),
        ] {
            self.op(Op::Rule { x1, y1, x2, y2 });
        }
        let mut x = MARGIN_X;
        self.op(Op::Rule {
            x1: x,
            y1: top,
            x2: x,
            y2: bottom,
        });
        for width in widths {
            x += width;
            self.op(Op::Rule {
                x1: x,
                y1: top,
                x2: x,
                y2: bottom,
            });
        }
        self.y = bottom;
    }
}

fn row_height(lines: &[Vec<Line>], line_height: f32) -> f32 {
    let tallest = lines.iter().map(Vec::len).max().unwrap_or(1).max(1);
    tallest as f32 * line_height + 2.0 * CELL_PAD
}

/// A cell's lines as one text again: a space where the line broke at a space, nothing where it
/// broke inside a word.
fn joined(lines: &[Line]) -> String {
    let mut out = String::new();
    for (index, line) in lines.iter().enumerate() {
        out.push_str(&line.text);
        if index + 1 < lines.len() && !line.broken_word {
            out.push(' ');
        }
    }
    out
}

/// The summary laid out: the pages' drawing operations and every cell's text.
fn lay_out(summary: &Summary, fonts: &Fonts) -> (Vec<Vec<Op>>, Vec<String>) {
    let mut layout = Layout::new(fonts);
    layout.paragraph(&summary.title, Face::Bold, TITLE_SIZE, BLACK);
    layout.y += 2.0;
    layout.paragraph(&summary.made, Face::Regular, BODY_SIZE, GREY_TEXT);
    open_items(&mut layout, summary);
    overview(&mut layout, summary);
    chains(&mut layout, summary);
    changes(&mut layout, summary);
    checklist(&mut layout, summary, fonts);
    let Layout { pages, cells, .. } = layout;
    let pages = with_footers(pages, summary, fonts);
    (pages, cells)
}

/// What is still open, in red, or that nothing is.
fn open_items(layout: &mut Layout<'_>, summary: &Summary) {
    let labels = &summary.labels;
    layout.heading(&labels.open_items);
    if summary.open_items.is_empty() {
        layout.paragraph(&labels.nothing_open, Face::Regular, BODY_SIZE, GREEN);
    }
    for item in &summary.open_items {
        layout.paragraph(
            &format!("[{}] {item}", labels.open_marker),
            Face::Bold,
            BODY_SIZE,
            RED,
        );
    }
}

/// The run's facts, label beside value.
fn overview(layout: &mut Layout<'_>, summary: &Summary) {
    let labels = &summary.labels;
    layout.heading(&labels.overview);
    let facts: Vec<Vec<Cell>> = summary
        .facts
        .iter()
        .map(|fact| {
            vec![
                Cell::bold(fact.label.clone()),
                Cell::marked(&fact.value, fact.mark, &labels.open_marker),
            ]
        })
        .collect();
    layout.table(
        &[CONTENT_WIDTH * 0.3, CONTENT_WIDTH * 0.7],
        None,
        &facts,
        BODY_SIZE,
    );
}

/// Each relay with the senders behind it.
fn chains(layout: &mut Layout<'_>, summary: &Summary) {
    if summary.chains.is_empty() {
        return;
    }
    let labels = &summary.labels;
    layout.heading(&labels.chains);
    let rows: Vec<Vec<Cell>> = summary
        .chains
        .iter()
        .map(|chain| {
            vec![
                Cell {
                    face: Face::Bold,
                    ..Cell::marked(&chain.relay, chain.mark, &labels.open_marker)
                },
                Cell::plain(
                    chain
                        .senders
                        .iter()
                        .map(|s| format!("<- {s}"))
                        .collect::<Vec<_>>()
                        .join("\n"),
                ),
            ]
        })
        .collect();
    layout.table(
        &[CONTENT_WIDTH * 0.4, CONTENT_WIDTH * 0.6],
        None,
        &rows,
        TABLE_SIZE,
    );
}

/// The changes written, with their backups and how to undo them.
fn changes(layout: &mut Layout<'_>, summary: &Summary) {
    if summary.changes.is_empty() {
        return;
    }
    let labels = &summary.labels;
    layout.heading(&labels.changes);
    let header = [
        Cell::bold(labels.change_application.clone()),
        Cell::bold(labels.change_what.clone()),
        Cell::bold(labels.change_place.clone()),
        Cell::bold(labels.change_backup.clone()),
    ];
    let rows: Vec<Vec<Cell>> = summary
        .changes
        .iter()
        .map(|change| {
            vec![
                Cell::plain(change.application.clone()),
                Cell::marked(&change.what, change.mark, &labels.open_marker),
                Cell::plain(change.place.clone()),
                Cell::plain(
                    change
                        .backup
                        .clone()
                        .unwrap_or_else(|| labels.no_backup.clone()),
                ),
            ]
        })
        .collect();
    let w = CONTENT_WIDTH;
    layout.table(
        &[w * 0.18, w * 0.32, w * 0.25, w * 0.25],
        Some(&header),
        &rows,
        TABLE_SIZE,
    );
    if let Some(hint) = &summary.undo_hint {
        layout.y += 3.0;
        layout.paragraph(hint, Face::Regular, TABLE_SIZE, BLACK);
    }
}

/// The partner checklist's table: application, N/A, Checked, Server, Findings, Required
/// actions; the tick columns as narrow as their headers.
fn checklist(layout: &mut Layout<'_>, summary: &Summary, fonts: &Fonts) {
    let labels = &summary.labels;
    layout.heading(&labels.applications);
    layout.paragraph(&summary.progress, Face::Regular, BODY_SIZE, BLACK);
    layout.y += 3.0;
    let tick_width =
        |text: &str| (fonts.width(Face::Bold, TABLE_SIZE, text) + 2.0 * CELL_PAD + 1.0).max(22.0);
    let na = tick_width(&labels.col_na);
    let checked = tick_width(&labels.col_checked);
    let rest = CONTENT_WIDTH - na - checked;
    let widths = [
        rest * 0.17,
        na,
        checked,
        rest * 0.17,
        rest * 0.33,
        rest - rest * 0.17 * 2.0 - rest * 0.33,
    ];
    let header = [
        Cell::bold(labels.col_application.clone()),
        Cell {
            centred: true,
            ..Cell::bold(labels.col_na.clone())
        },
        Cell {
            centred: true,
            ..Cell::bold(labels.col_checked.clone())
        },
        Cell::bold(labels.col_server.clone()),
        Cell::bold(labels.col_findings.clone()),
        Cell::bold(labels.col_actions.clone()),
    ];
    let tick = |on: bool| Cell {
        centred: true,
        ..Cell::bold(if on { "X" } else { "" })
    };
    let rows: Vec<Vec<Cell>> = summary
        .applications
        .iter()
        .map(|row| {
            let name = if row.status == AppStatus::Open {
                Cell::marked(&row.name, Mark::Open, &labels.open_marker)
            } else {
                Cell::bold(row.name.clone())
            };
            vec![
                name,
                tick(row.status == AppStatus::NotApplicable),
                tick(row.status == AppStatus::Checked),
                Cell::plain(row.server.clone()),
                Cell::plain(row.findings.clone()),
                Cell::plain(row.actions.clone()),
            ]
        })
        .collect();
    layout.table(&widths, Some(&header), &rows, TABLE_SIZE);
}

/// The footer of every page: version and date on the left, "Page n of m" on the right.
fn with_footers(mut pages: Vec<Vec<Op>>, summary: &Summary, fonts: &Fonts) -> Vec<Vec<Op>> {
    let total = pages.len();
    let baseline = PAGE_HEIGHT - MARGIN_BOTTOM + 24.0;
    for (index, page) in pages.iter_mut().enumerate() {
        let number = summary
            .labels
            .page_of
            .replace(PAGE_PLACEHOLDER, &(index + 1).to_string())
            .replace(PAGES_PLACEHOLDER, &total.to_string());
        page.push(Op::Rule {
            x1: MARGIN_X,
            y1: baseline - FOOTER_SIZE - 4.0,
            x2: PAGE_WIDTH - MARGIN_X,
            y2: baseline - FOOTER_SIZE - 4.0,
        });
        page.push(Op::Text {
            x: MARGIN_X,
            y: baseline,
            face: Face::Regular,
            size: FOOTER_SIZE,
            colour: GREY_TEXT,
            text: format!("{} · {}", summary.title, summary.labels.footer),
        });
        let width = fonts.width(Face::Regular, FOOTER_SIZE, &number);
        page.push(Op::Text {
            x: PAGE_WIDTH - MARGIN_X - width,
            y: baseline,
            face: Face::Regular,
            size: FOOTER_SIZE,
            colour: GREY_TEXT,
            text: number,
        });
    }
    pages
}

/// Every cell's text as the PDF lays it out, lines joined again: for the test that proves the
/// PDF lists the same rows as the other renderings.
pub fn laid_out_texts(summary: &Summary) -> Result<Vec<String>, PdfError> {
    let fonts = Fonts::load()?;
    Ok(lay_out(summary, &fonts).1)
}

/// The number of pages the summary takes.
pub fn page_count(summary: &Summary) -> Result<usize, PdfError> {
    let fonts = Fonts::load()?;
    Ok(lay_out(summary, &fonts).0.len())
}

/// The summary as PDF bytes.
pub fn write(summary: &Summary) -> Result<Vec<u8>, PdfError> {
    let fonts = Fonts::load()?;
    let (pages, _) = lay_out(summary, &fonts);
    let regular = Font::new(REGULAR.into(), 0).ok_or(PdfError::Font)?;
    let bold = Font::new(BOLD.into(), 0).ok_or(PdfError::Font)?;
    let mut document = Document::new();
    document.set_metadata(
        Metadata::new()
            .title(summary.title.clone())
            .language(summary.language.code().to_owned())
            .creator(format!("Overstap {}", summary.version)),
    );
    let settings = PageSettings::from_wh(PAGE_WIDTH, PAGE_HEIGHT)
        .ok_or_else(|| PdfError::Write("page size".into()))?;
    for ops in pages {
        let mut page = document.start_page_with(settings.clone());
        let mut surface = page.surface();
        for op in ops {
            match op {
                Op::Text {
                    x,
                    y,
                    face,
                    size,
                    colour,
                    text,
                } => {
                    surface.set_fill(Some(fill(colour)));
                    surface.draw_text(
                        Point::from_xy(x, y),
                        match face {
                            Face::Regular => regular.clone(),
                            Face::Bold => bold.clone(),
                        },
                        size,
                        &text,
                        false,
                        TextDirection::LeftToRight,
                    );
                }
                Op::Rule { x1, y1, x2, y2 } => {
                    let mut path = PathBuilder::new();
                    path.move_to(x1, y1);
                    path.line_to(x2, y2);
                    if let Some(path) = path.finish() {
                        surface.set_fill(None);
                        surface.set_stroke(Some(Stroke {
                            paint: rgb::Color::new(RULE.0, RULE.1, RULE.2).into(),
                            width: 0.5,
                            ..Stroke::default()
                        }));
                        surface.draw_path(&path);
                        surface.set_stroke(None);
                    }
                }
                Op::Fill { x, y, w, h, colour } => {
                    let mut path = PathBuilder::new();
                    path.move_to(x, y);
                    path.line_to(x + w, y);
                    path.line_to(x + w, y + h);
                    path.line_to(x, y + h);
                    path.close();
                    if let Some(path) = path.finish() {
                        surface.set_stroke(None);
                        surface.set_fill(Some(fill(colour)));
                        surface.draw_path(&path);
                    }
                }
            }
        }
        surface.finish();
        page.finish();
    }
    document
        .finish()
        .map_err(|error| PdfError::Write(format!("{error:?}")))
}

fn fill(colour: Colour) -> Fill {
    Fill {
        paint: rgb::Color::new(colour.0, colour.1, colour.2).into(),
        opacity: NormalizedF32::ONE,
        rule: Default::default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_words_break_inside_the_column_and_join_again() {
        let fonts = Fonts::load().expect("fonts");
        let path =
            "C:\\Program Files (x86)\\Exact Software\\Synergy\\bin\\HandleEmailSN.exe.config";
        let width = 60.0;
        let lines = wrap(&fonts, Face::Regular, TABLE_SIZE, width, path);
        assert!(lines.len() > 2, "{lines:?}");
        for line in &lines {
            assert!(
                fonts.width(Face::Regular, TABLE_SIZE, &line.text) <= width,
                "{line:?} is wider than its column"
            );
        }
        assert_eq!(joined(&lines), path);
        let words = wrap(
            &fonts,
            Face::Regular,
            TABLE_SIZE,
            80.0,
            "één twee drie vier vijf zes",
        );
        assert!(words.iter().all(|l| !l.broken_word));
        assert_eq!(joined(&words), "één twee drie vier vijf zes");
    }

    #[test]
    fn a4_pages_with_numbers() {
        let summary = crate::summary::tests::sample(crate::i18n::Language::Nl);
        let bytes = write(&summary).expect("pdf");
        assert!(bytes.starts_with(b"%PDF-"));
        let text = String::from_utf8_lossy(&bytes);
        let media_box = text
            .split("/MediaBox")
            .nth(1)
            .and_then(|rest| rest.split(']').next())
            .unwrap_or_default()
            .to_owned();
        assert!(
            media_box.contains("595.27") && media_box.contains("841.89"),
            "A4: {media_box}"
        );
        assert!(page_count(&summary).expect("pages") >= 1);
    }
}
