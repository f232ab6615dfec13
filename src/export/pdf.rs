//! `--format pdf`: the printable copy of a form, on US Letter pages. Title, company, form
//! version and revision, numbered sections, each question beside its answer, groups as
//! tables (rows listed one by one when a table would be too wide), page numbers, and a
//! signature block (printed name, title, date and a line to sign) where the form is a
//! signed document. Made from the same sections as the text summary ([`super::summary`]).
//!
//! Written with krilla, which embeds a subset of each font used and maps every glyph back
//! to its text, so the text can be selected and searched. The fonts are DejaVu Sans and
//! DejaVu Sans Bold, shipped in `assets/fonts/` (Bitstream Vera licence, DejaVu changes
//! in the public domain); characters they lack (Chinese, Japanese, Korean...) are drawn
//! with a fallback font found on the system ([`fallback_font`]), when there is one. A
//! character that no font draws is printed as a box that still carries the character in
//! the text layer (a ToUnicode entry for the first, `ActualText` for the others), so the
//! document can be searched and copied whatever fonts the machine has.

use std::num::NonZeroU16;
use std::sync::OnceLock;

use krilla::configure::{Accessibility, Archival, ConfigurationBuilder};
use krilla::destination::XyzDestination;
use krilla::geom::{PathBuilder, Point};
use krilla::metadata::Metadata;
use krilla::outline::{Outline, OutlineNode};
use krilla::page::PageSettings;
use krilla::paint::Stroke;
use krilla::tagging::{
    Artifact, ArtifactType, ContentTag, Identifier, Node, SpanTag, TableHeaderScope, Tag, TagGroup,
    TagTree,
};
use krilla::text::{Font, GlyphId, KrillaGlyph, TextDirection};
use krilla::{Document, SerializeSettings};

use super::Source;
use super::letter::shown;
use super::summary::{Block, Cell, Part, facts, parts, title};

const PAGE_WIDTH: f32 = 612.0;
const PAGE_HEIGHT: f32 = 792.0;
const MARGIN: f32 = 54.0;
/// Room kept at the bottom of each page for its footer.
const FOOTER: f32 = 28.0;
const BODY: f32 = 9.5;
const LABEL_WIDTH: f32 = 200.0;
const GAP: f32 = 12.0;
/// A table with more columns than this (its row numbers included) is listed row by row.
const MAX_COLUMNS: usize = 6;

static REGULAR: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
static BOLD: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-Bold.ttf");

/// Where a fallback font for scripts DejaVu lacks is looked for, first found first:
/// `CLEC_WIZARD_PDF_FONT`, then fonts common on Linux, macOS and Windows.
/// `CLEC_WIZARD_PDF_FONT=none` uses no fallback font (what a bare machine prints).
const FALLBACK_PATHS: [&str; 7] = [
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/arphic/uming.ttc",
    "/System/Library/Fonts/Supplemental/Arial Unicode.ttf",
    "C:\\Windows\\Fonts\\msyh.ttc",
];

/// A fallback font file is read only when it is smaller than this.
const MAX_FALLBACK_BYTES: u64 = 64 * 1024 * 1024;

/// The fallback font's bytes, read once per process.
fn fallback_font() -> Option<&'static [u8]> {
    static FONT: OnceLock<Option<&'static [u8]>> = OnceLock::new();
    *FONT.get_or_init(|| {
        let from_env = std::env::var_os("CLEC_WIZARD_PDF_FONT").filter(|v| !v.is_empty());
        if from_env.as_deref() == Some(std::ffi::OsStr::new("none")) {
            return None;
        }
        let candidates = from_env
            .into_iter()
            .map(std::path::PathBuf::from)
            .chain(FALLBACK_PATHS.iter().map(std::path::PathBuf::from));
        for path in candidates {
            let read = crate::storage::read::read_bytes(
                &path,
                MAX_FALLBACK_BYTES,
                crate::storage::read::Links::Follow,
            );
            if let Ok(bytes) = read
                && rustybuzz::Face::from_slice(&bytes, 0).is_some()
            {
                return Some(&*Box::leak(bytes.into_boxed_slice()));
            }
        }
        None
    })
}

/// A font: for measuring (rustybuzz shapes as krilla does) and for drawing.
struct Face {
    shaper: rustybuzz::Face<'static>,
    font: Font,
}

impl Face {
    fn new(data: &'static [u8]) -> Option<Face> {
        Some(Face {
            shaper: rustybuzz::Face::from_slice(data, 0)?,
            font: Font::new(data.into(), 0)?,
        })
    }

    fn covers(&self, c: char) -> bool {
        c.is_whitespace() || self.shaper.glyph_index(c).is_some()
    }

    /// The glyph drawn for a character no font has: a white square (U+25A1), else the
    /// font's `.notdef`; and its advance, in ems.
    fn missing_glyph(&self) -> (u16, f32) {
        let id = self.shaper.glyph_index('\u{25A1}').unwrap_or_default();
        let advance = self.shaper.glyph_hor_advance(id).unwrap_or_default();
        (
            id.0,
            f32::from(advance) / f32::from(self.shaper.units_per_em() as u16),
        )
    }

    /// The width of `text` set at `size` points.
    fn width(&self, text: &str, size: f32) -> f32 {
        let mut buffer = rustybuzz::UnicodeBuffer::new();
        buffer.push_str(text);
        let shaped = rustybuzz::shape(&self.shaper, &[], buffer);
        // Summed wide: a long text's advances overflow 32 bits.
        let units: i64 = shaped
            .glyph_positions()
            .iter()
            .map(|p| i64::from(p.x_advance))
            .sum();
        units as f32 * size / f32::from(self.shaper.units_per_em() as u16)
    }
}

/// A piece of a line drawn with one face; `missing` when no font has its characters,
/// which are then drawn as boxes that keep their text.
struct Run<'f, 't> {
    face: &'f Face,
    text: &'t str,
    missing: bool,
}

impl Run<'_, '_> {
    fn width(&self, size: f32) -> f32 {
        match self.missing {
            true => self.face.missing_glyph().1 * size * self.text.chars().count() as f32,
            false => self.face.width(self.text, size),
        }
    }
}

/// The fonts of a document: regular and bold, and the fallback for both.
struct Fonts {
    regular: Face,
    bold: Face,
    fallback: Option<Face>,
}

impl Fonts {
    fn load() -> Fonts {
        Fonts {
            regular: Face::new(REGULAR).expect("the shipped font reads"),
            bold: Face::new(BOLD).expect("the shipped font reads"),
            fallback: fallback_font().and_then(Face::new),
        }
    }

    /// `text` cut into runs, each with the face that draws it.
    fn runs<'t>(&self, text: &'t str, bold: bool) -> Vec<Run<'_, 't>> {
        let main = if bold { &self.bold } else { &self.regular };
        let pick = |c: char| {
            if main.covers(c) {
                return (main, false);
            }
            match &self.fallback {
                Some(f) if f.covers(c) => (f, false),
                _ => (main, true),
            }
        };
        let mut runs: Vec<Run<'_, 't>> = Vec::new();
        let mut start = 0;
        let mut current: Option<(&Face, bool)> = None;
        for (i, c) in text.char_indices() {
            let (face, missing) = pick(c);
            if let Some((cur, was_missing)) = current
                && (!std::ptr::eq(cur, face) || was_missing != missing)
            {
                runs.push(Run {
                    face: cur,
                    text: &text[start..i],
                    missing: was_missing,
                });
                start = i;
            }
            current = Some((face, missing));
        }
        if let Some((face, missing)) = current {
            runs.push(Run {
                face,
                text: &text[start..],
                missing,
            });
        }
        runs
    }

    fn width(&self, text: &str, bold: bool, size: f32) -> f32 {
        self.runs(text, bold)
            .iter()
            .map(|run| run.width(size))
            .sum()
    }

    /// `text` in lines no wider than `width`: at spaces, and inside a word too long for
    /// a line; line breaks in `text` are kept. Nothing is cut: every character is on a
    /// line. A word longer than any line is broken by the widths of its characters (each
    /// measured once), so a 2-million-character word takes linear work.
    fn wrap(&self, text: &str, bold: bool, size: f32, width: f32) -> Vec<String> {
        /// More characters than any line of a page holds: longer text is not measured
        /// whole.
        const MAX_LINE_CHARS: usize = 1000;
        let mut lines = Vec::new();
        let mut widths: std::collections::HashMap<char, f32> = std::collections::HashMap::new();
        for paragraph in text.replace('\t', "    ").split('\n') {
            let mut line = String::new();
            let mut line_chars = 0;
            for word in paragraph.split(' ') {
                let word_chars = word.chars().count();
                let candidate = || {
                    if line.is_empty() {
                        word.to_string()
                    } else {
                        format!("{line} {word}")
                    }
                };
                if line_chars + 1 + word_chars <= MAX_LINE_CHARS
                    && self.width(&candidate(), bold, size) <= width
                {
                    line = candidate();
                    line_chars = line.chars().count();
                    continue;
                }
                if !line.is_empty() {
                    lines.push(std::mem::take(&mut line));
                }
                let mut used = 0.0;
                line_chars = 0;
                for c in word.chars() {
                    let w = *widths
                        .entry(c)
                        .or_insert_with(|| self.width(c.encode_utf8(&mut [0; 4]), bold, size));
                    if used + w > width && !line.is_empty() {
                        lines.push(std::mem::take(&mut line));
                        used = 0.0;
                        line_chars = 0;
                    }
                    line.push(c);
                    used += w;
                    line_chars += 1;
                }
            }
            lines.push(line);
        }
        lines
    }
}

/// What is drawn on a page, top-left origin, text at its baseline.
enum Op {
    Text {
        x: f32,
        y: f32,
        bold: bool,
        size: f32,
        text: String,
        /// Its place in the structure: the index of this line among the document's lines;
        /// none for what is drawn for the eye only (a table's header row repeated at the
        /// top of a page), drawn as an artifact.
        leaf: Option<usize>,
    },
    Rule {
        x: f32,
        y: f32,
        width: f32,
    },
}

/// What a structure element is, for the tag tree (PDF/UA) and the bookmarks.
#[derive(Debug, Clone, PartialEq)]
enum Role {
    /// A heading of this level (1 the title, 2 a section), with its text.
    Heading(u16, String),
    Paragraph,
    Table,
}

/// A structure element: its role and its lines, by row and column (one row for a
/// heading or a paragraph, the question before the answer; a table's rows, the first
/// being its header row when `true`).
struct Element {
    role: Role,
    rows: Vec<(bool, Vec<Vec<usize>>)>,
}

/// Pages laid out from the top down.
struct Layout<'f> {
    fonts: &'f Fonts,
    pages: Vec<Vec<Op>>,
    /// The top of the next line on the current page.
    y: f32,
    /// Places where a page may break between blocks, counted as they are laid out...
    breaks: usize,
    /// ...and the one where a new page starts, to keep the signature with what it signs.
    break_at: Option<usize>,
    /// The structure, in reading order; every line of text belongs to exactly one.
    elements: Vec<Element>,
    /// Where each line of text is: its page and baseline.
    lines: Vec<(usize, f32)>,
    /// The column the next lines go to within the current row.
    column: usize,
    /// Lines laid out now are drawn for the eye only (artifacts), outside the structure.
    repeated: bool,
}

fn leading(size: f32) -> f32 {
    size * 1.35
}

impl<'f> Layout<'f> {
    fn new(fonts: &'f Fonts) -> Self {
        Layout {
            fonts,
            pages: vec![Vec::new()],
            y: MARGIN,
            breaks: 0,
            break_at: None,
            elements: Vec::new(),
            lines: Vec::new(),
            column: 0,
            repeated: false,
        }
    }

    /// Starts a structure element; the text laid out next belongs to it.
    fn begin(&mut self, role: Role) {
        self.elements.push(Element {
            role,
            rows: vec![(false, Vec::new())],
        });
        self.column = 0;
    }

    /// Starts a row of the current table (a header row when `header`).
    fn row(&mut self, header: bool) {
        if let Some(e) = self.elements.last_mut() {
            match e.rows.last() {
                Some((_, cells)) if cells.is_empty() => {
                    e.rows.last_mut().expect("a row").0 = header
                }
                _ => e.rows.push((header, Vec::new())),
            }
        }
    }

    /// A place between blocks where the page may break; it does when it is `break_at`.
    fn between_blocks(&mut self) {
        if self.break_at == Some(self.breaks) && self.y > MARGIN {
            self.pages.push(Vec::new());
            self.y = MARGIN;
        }
        self.breaks += 1;
    }

    /// Starts a new page unless `height` more fits on this one.
    fn room(&mut self, height: f32) {
        if !self.fits(height) {
            self.pages.push(Vec::new());
            self.y = MARGIN;
        }
    }

    /// Whether `height` more fits on this page (anything does at the top of one).
    fn fits(&self, height: f32) -> bool {
        self.y + height <= PAGE_HEIGHT - MARGIN - FOOTER || self.y <= MARGIN
    }

    fn push(&mut self, op: Op) {
        self.pages.last_mut().expect("a page").push(op);
    }

    fn text_at(&mut self, x: f32, y: f32, text: &str, bold: bool, size: f32) {
        if self.repeated {
            self.push(Op::Text {
                x,
                y,
                bold,
                size,
                text: text.to_string(),
                leaf: None,
            });
            return;
        }
        let leaf = self.lines.len();
        self.lines.push((self.pages.len() - 1, y));
        if self.elements.is_empty() {
            self.begin(Role::Paragraph);
        }
        let column = self.column;
        let element = self.elements.last_mut().expect("an element");
        let (_, cells) = element.rows.last_mut().expect("a row");
        if cells.len() <= column {
            cells.resize(column + 1, Vec::new());
        }
        cells[column].push(leaf);
        self.push(Op::Text {
            x,
            y,
            bold,
            size,
            text: text.to_string(),
            leaf: Some(leaf),
        });
    }

    /// A wrapped paragraph from `x`, `width` wide.
    fn paragraph(&mut self, x: f32, width: f32, text: &str, bold: bool, size: f32) {
        for line in self.fonts.wrap(text, bold, size, width) {
            self.room(leading(size));
            self.text_at(x, self.y + size, &line, bold, size);
            self.y += leading(size);
        }
    }

    /// A structure element of its own holding one wrapped paragraph.
    fn block(&mut self, role: Role, x: f32, width: f32, text: &str, bold: bool, size: f32) {
        self.begin(role);
        self.paragraph(x, width, text, bold, size);
    }

    fn space(&mut self, points: f32) {
        self.y += points;
    }

    fn rule(&mut self, x: f32, width: f32) {
        let y = self.y;
        self.push(Op::Rule { x, y, width });
    }

    /// Lines side by side in columns (`(x, width, text, bold)`), line by line, so a long
    /// answer can go on over a page break. Each column's lines are read as one cell.
    fn columns(&mut self, cells: &[(f32, f32, &str, bool)], size: f32) {
        let wrapped = self.wrap_cells(cells, size);
        self.wrapped_columns(cells, &wrapped, size);
    }

    /// Each cell's text (`(x, width, text, bold)`) in lines that fit its width.
    fn wrap_cells(&self, cells: &[(f32, f32, &str, bool)], size: f32) -> Vec<Vec<String>> {
        cells
            .iter()
            .map(|(_, w, text, bold)| self.fonts.wrap(text, *bold, size, *w))
            .collect()
    }

    /// [`Layout::columns`] with each cell's lines already wrapped.
    fn wrapped_columns(
        &mut self,
        cells: &[(f32, f32, &str, bool)],
        wrapped: &[Vec<String>],
        size: f32,
    ) {
        let height = wrapped.iter().map(Vec::len).max().unwrap_or(0);
        for n in 0..height {
            self.room(leading(size));
            for (column, ((x, _, _, bold), lines)) in cells.iter().zip(wrapped).enumerate() {
                if let Some(line) = lines.get(n) {
                    self.column = column;
                    self.text_at(*x, self.y + size, line, *bold, size);
                }
            }
            self.y += leading(size);
        }
        self.column = 0;
    }
}

const LEFT: f32 = MARGIN;
const WIDTH: f32 = PAGE_WIDTH - 2.0 * MARGIN;

/// A question and its answer, side by side: one paragraph, the question read first.
fn field(l: &mut Layout<'_>, indent: f32, label: &str, value: &str) {
    let value = if value.is_empty() { "-" } else { value };
    let label_width = LABEL_WIDTH - indent;
    let value_x = LEFT + LABEL_WIDTH + GAP;
    l.begin(Role::Paragraph);
    l.columns(
        &[
            (LEFT + indent, label_width, label, false),
            (value_x, WIDTH - LABEL_WIDTH - GAP, value, false),
        ],
        BODY,
    );
    l.space(2.0);
}

/// A group: a table when its columns fit, else each row as its questions and answers. A
/// keyed table (a forecast by quarter) is always a table: too wide for the page, it goes
/// on in parts of its columns, each starting with the column that names the rows.
fn table(
    l: &mut Layout<'_>,
    label: &str,
    columns: &[String],
    keyed: bool,
    rows: &[(String, Vec<Cell>)],
) {
    l.space(4.0);
    let heading = |l: &mut Layout<'_>| {
        l.room(leading(BODY) * 3.0);
        l.block(
            Role::Heading(3, label.to_string()),
            LEFT,
            WIDTH,
            label,
            true,
            BODY,
        );
    };
    if rows.is_empty() {
        heading(l);
        field(l, 0.0, "", "none");
        return;
    }
    if keyed && !columns.is_empty() {
        let (parts, widths) = keyed_parts(l.fonts, columns, rows);
        for (n, part) in parts.iter().enumerate() {
            let title = match n {
                0 => label.to_string(),
                _ => {
                    l.space(4.0);
                    format!("{label} (continued)")
                }
            };
            let columns: Vec<String> = part.iter().map(|&i| columns[i].clone()).collect();
            let rows: Vec<(String, Vec<Cell>)> = rows
                .iter()
                .map(|(t, cells)| {
                    let cells = part.iter().map(|&i| cells.get(i).cloned().flatten());
                    (t.clone(), cells.collect())
                })
                .collect();
            let widths = part.iter().map(|&i| widths[i]).collect();
            grid(l, &title, &columns, &rows, widths, false);
        }
        return;
    }
    if columns.len() + 1 > MAX_COLUMNS || columns.is_empty() {
        heading(l);
        for (title, cells) in rows {
            l.room(leading(BODY) * 2.0);
            l.block(Role::Paragraph, LEFT + 8.0, WIDTH - 8.0, title, true, BODY);
            for (c, v) in columns.iter().zip(cells) {
                if let Some(v) = v {
                    field(l, 16.0, c, v);
                }
            }
        }
        return;
    }
    let widths = column_widths(l.fonts, columns, rows);
    grid(l, label, columns, rows, widths, true);
}

/// The columns of a keyed table in parts that fit the page, each starting with the
/// first column, and every column's width: its longest line, so that a quarter
/// (`Q3 2026`) or a trunk group's name is not broken.
fn keyed_parts(
    fonts: &Fonts,
    columns: &[String],
    rows: &[(String, Vec<Cell>)],
) -> (Vec<Vec<usize>>, Vec<f32>) {
    let widths: Vec<f32> = (0..columns.len())
        .map(|i| {
            let cells = rows.iter().filter_map(|(_, c)| c.get(i).cloned().flatten());
            std::iter::once((columns[i].clone(), true))
                .chain(cells.map(|c| (c, false)))
                .flat_map(|(t, bold)| {
                    let lines: Vec<String> = t.lines().map(str::to_string).collect();
                    lines.into_iter().map(move |w| fonts.width(&w, bold, BODY))
                })
                .fold(0.0_f32, f32::max)
                .clamp(24.0, 200.0)
                + 12.0
        })
        .collect();
    let mut parts: Vec<Vec<usize>> = vec![vec![0]];
    let mut used = widths[0];
    for (i, w) in widths.iter().enumerate().skip(1) {
        if used + w > WIDTH && parts.last().is_some_and(|p| p.len() > 1) {
            parts.push(vec![0]);
            used = widths[0];
        }
        parts.last_mut().expect("a part").push(i);
        used += w;
    }
    (parts, widths)
}

/// A table drawn as a grid under its heading: a header row, then a row per record
/// (numbered when `numbered`), a rule under each. The heading, the header row and the
/// first record start on the same page; a record that does not fit the rest of a page
/// starts the next one, under the header row drawn again (for the eye only: the
/// structure holds it once).
fn grid(
    l: &mut Layout<'_>,
    heading: &str,
    columns: &[String],
    rows: &[(String, Vec<Cell>)],
    widths: Vec<f32>,
    numbered: bool,
) {
    let xs: Vec<f32> = widths
        .iter()
        .scan(LEFT, |x, w| {
            let at = *x;
            *x += w;
            Some(at)
        })
        .collect();
    // Each row's cells are wrapped once, for its height and for its lines.
    let wrap = |l: &Layout<'_>, texts: Vec<String>, bold: bool| {
        let wrapped = l.wrap_cells(&grid_cells(&xs, &widths, &texts, bold), BODY);
        GridRow {
            texts,
            wrapped,
            bold,
        }
    };
    let line = |l: &mut Layout<'_>, row: &GridRow| {
        if !l.repeated {
            l.row(row.bold);
        }
        let cells = grid_cells(&xs, &widths, &row.texts, row.bold);
        l.wrapped_columns(&cells, &row.wrapped, BODY);
        l.space(1.5);
        l.rule(LEFT, WIDTH);
        l.space(2.5);
    };
    let number = |n: String| numbered.then_some(n);
    let header = number("#".to_string())
        .into_iter()
        .chain(columns.iter().cloned())
        .collect();
    let header = wrap(l, header, true);
    let records: Vec<GridRow> = rows
        .iter()
        .enumerate()
        .map(|(i, (_, cells))| {
            let texts = number((i + 1).to_string())
                .into_iter()
                .chain(cells.iter().map(|c| c.clone().unwrap_or_default()))
                .collect();
            wrap(l, texts, false)
        })
        .collect();
    let titled = l.fonts.wrap(heading, true, BODY, WIDTH).len() as f32 * leading(BODY);
    let first = records.first().map_or(0.0, GridRow::height);
    l.room(titled + header.height() + first);
    l.block(
        Role::Heading(3, heading.to_string()),
        LEFT,
        WIDTH,
        heading,
        true,
        BODY,
    );
    l.begin(Role::Table);
    line(l, &header);
    let page = PAGE_HEIGHT - 2.0 * MARGIN - FOOTER;
    for record in &records {
        let needed = record.height();
        // A record taller than a page goes on over the break wherever it falls.
        if !l.fits(needed) && needed + header.height() <= page {
            l.pages.push(Vec::new());
            l.y = MARGIN;
            l.repeated = true;
            line(l, &header);
            l.repeated = false;
        }
        line(l, record);
    }
}

/// A row of a grid: its cells' texts, each wrapped to its column, bold for the header.
struct GridRow {
    texts: Vec<String>,
    wrapped: Vec<Vec<String>>,
    bold: bool,
}

impl GridRow {
    /// Its tallest cell's lines, and the space around its rule.
    fn height(&self) -> f32 {
        let lines = self.wrapped.iter().map(Vec::len).max().unwrap_or(0);
        lines as f32 * leading(BODY) + 4.0
    }
}

/// The cells (`(x, width, text, bold)`) of a grid row whose columns start at `xs`.
fn grid_cells<'t>(
    xs: &[f32],
    widths: &[f32],
    texts: &'t [String],
    bold: bool,
) -> Vec<(f32, f32, &'t str, bool)> {
    xs.iter()
        .zip(widths)
        .zip(texts)
        .map(|((x, w), t)| (*x, w - 6.0, t.as_str(), bold))
        .collect()
}

/// Widths of a table's columns (row numbers first): each at least as wide as its longest
/// word (so identifiers are not broken) when the page allows, the room left shared out
/// by how much wider each column's text would like to be.
fn column_widths(fonts: &Fonts, columns: &[String], rows: &[(String, Vec<Cell>)]) -> Vec<f32> {
    const PAD: f32 = 6.0;
    let number = fonts.width(&rows.len().to_string(), true, BODY) + 12.0;
    let texts = |i: usize| {
        let cells = rows
            .iter()
            .filter_map(move |(_, cells)| cells.get(i).cloned().flatten());
        std::iter::once((columns[i].clone(), true)).chain(cells.map(|c| (c, false)))
    };
    let longest = |i: usize, words: bool| {
        texts(i)
            .flat_map(|(t, bold)| {
                let parts: Vec<String> = if words {
                    t.split_whitespace().map(str::to_string).collect()
                } else {
                    t.lines().map(str::to_string).collect()
                };
                parts.into_iter().map(move |p| fonts.width(&p, bold, BODY))
            })
            .fold(0.0_f32, f32::max)
    };
    let least: Vec<f32> = (0..columns.len())
        .map(|i| longest(i, true).min(220.0) + PAD)
        .collect();
    let wanted: Vec<f32> = (0..columns.len())
        .map(|i| longest(i, false).clamp(40.0, 220.0) + PAD)
        .zip(&least)
        .map(|(w, l)| w.max(*l))
        .collect();
    let room = WIDTH - number;
    let floor: f32 = least.iter().sum();
    let widths: Vec<f32> = if floor >= room {
        least.iter().map(|w| w * room / floor).collect()
    } else {
        let surplus: f32 = wanted.iter().zip(&least).map(|(w, l)| w - l).sum();
        least
            .iter()
            .zip(&wanted)
            .map(|(l, w)| match surplus > 0.0 {
                true => l + (room - floor) * (w - l) / surplus,
                false => l + (room - floor) / least.len() as f32,
            })
            .collect()
    };
    std::iter::once(number).chain(widths).collect()
}

/// What a PDF prints: a form ([`Printable::form`]) or any document made of the same
/// sections (the status report).
pub(super) struct Printable<'a, 's> {
    /// The title at the top, and the document's title (with the company).
    pub title: String,
    /// The lines under the title.
    pub facts: Vec<String>,
    pub parts: Vec<Part>,
    /// A draft's open items, printed at the end when given.
    pub open_items: Option<Vec<String>>,
    /// The form whose signature block ends the document, if it is signed.
    pub signed: Option<&'a Source<'s>>,
    /// The document title: in the metadata and every page's footer.
    pub heading: String,
    /// When it is made (the document's date, which PDF/A asks for).
    pub at: chrono::DateTime<chrono::Local>,
}

impl<'a, 's> Printable<'a, 's> {
    /// The printable copy of one form.
    pub fn form(src: &'a Source<'s>) -> Self {
        Printable {
            title: title(src),
            facts: facts(src),
            parts: parts(src),
            open_items: src.draft_mode.then(|| {
                src.report
                    .problems
                    .iter()
                    .map(|p| super::clean_with(&p.to_string(), false))
                    .collect()
            }),
            signed: Some(src),
            heading: format!("{} - {}", title(src), src.company()),
            at: src.at,
        }
    }
}

/// The signature block: the statement, then signature, printed name, title and date.
/// True when it had to start a page of its own.
fn signature(l: &mut Layout<'_>, src: Option<&Source<'_>>) -> bool {
    let Some((src, sig)) = src.and_then(|s| Some((s, s.form.signature.as_ref()?))) else {
        return false;
    };
    let value = |path: &Option<String>| {
        path.as_deref()
            .map(|p| super::clean_with(&shown(src, p), false))
            .unwrap_or_default()
    };
    l.space(14.0);
    let pages = l.pages.len();
    l.room(170.0);
    let alone = l.pages.len() > pages;
    l.block(
        Role::Heading(2, "Signature".into()),
        LEFT,
        WIDTH,
        "Signature",
        true,
        12.0,
    );
    l.space(4.0);
    if !sig.statement.is_empty() {
        let statement = super::clean(&sig.statement);
        l.block(Role::Paragraph, LEFT, WIDTH, &statement, false, BODY);
    }
    l.block(Role::Paragraph, LEFT, WIDTH, &src.company(), true, BODY);
    let lines = [
        ("Signature", String::new()),
        ("Printed name", value(&sig.name)),
        ("Title", value(&sig.title)),
        ("Date", value(&sig.date)),
    ];
    for (label, filled) in lines {
        l.space(if filled.is_empty() { 20.0 } else { 10.0 });
        l.room(leading(BODY));
        l.begin(Role::Paragraph);
        l.text_at(LEFT, l.y + BODY, label, false, BODY);
        if !filled.is_empty() {
            l.column = 1;
            l.text_at(LEFT + 90.0, l.y + BODY, &filled, false, BODY);
            l.column = 0;
        }
        l.y += leading(BODY);
        l.rule(LEFT + 86.0, 260.0);
    }
    alone
}

/// Lays the document out on pages. A signature block never stands alone on the last
/// page: the page breaks earlier (before the last blocks, keeping a heading with the
/// block after it) so that it follows the end of what it signs.
fn layout<'f>(doc: &Printable<'_, '_>, fonts: &'f Fonts) -> Layout<'f> {
    let (first, alone) = layout_with(doc, fonts, None);
    if !alone {
        return first;
    }
    // The places to try, last first; none before the start of the last part.
    let last_part = first.breaks - doc.parts.last().map_or(0, |p| p.blocks.len() + 1);
    let last_part = last_part.saturating_sub(usize::from(doc.open_items.is_some()));
    (last_part..first.breaks)
        .rev()
        .map(|at| layout_with(doc, fonts, Some(at)))
        .find(|(_, alone)| !alone)
        .map_or(first, |(l, _)| l)
}

/// The layout, breaking the page at `break_at`; true when the signature stands alone.
fn layout_with<'f>(
    doc: &Printable<'_, '_>,
    fonts: &'f Fonts,
    break_at: Option<usize>,
) -> (Layout<'f>, bool) {
    let mut l = Layout::new(fonts);
    l.break_at = break_at;
    l.block(
        Role::Heading(1, doc.title.clone()),
        LEFT,
        WIDTH,
        &doc.title,
        true,
        16.0,
    );
    l.space(4.0);
    for fact in &doc.facts {
        l.block(Role::Paragraph, LEFT, WIDTH, fact, false, BODY);
    }
    for part in &doc.parts {
        l.between_blocks();
        l.space(10.0);
        l.room(leading(12.0) + leading(BODY) * 2.0);
        l.block(
            Role::Heading(2, part.title.clone()),
            LEFT,
            WIDTH,
            &part.title,
            true,
            12.0,
        );
        l.space(2.0);
        for (n, block) in part.blocks.iter().enumerate() {
            // Never between a heading and its first block.
            if n > 0 {
                l.between_blocks();
            } else {
                l.breaks += 1;
            }
            match block {
                Block::Field { label, value } => field(&mut l, 0.0, label, value),
                Block::Note(text) => l.block(Role::Paragraph, LEFT, WIDTH, text, false, BODY),
                Block::Table {
                    label,
                    columns,
                    keyed,
                    rows,
                } => table(&mut l, label, columns, *keyed, rows),
            }
        }
    }
    if let Some(open) = &doc.open_items {
        l.between_blocks();
        l.space(10.0);
        let heading = "Open items";
        l.block(
            Role::Heading(2, heading.into()),
            LEFT,
            WIDTH,
            heading,
            true,
            12.0,
        );
        if open.is_empty() {
            l.block(
                Role::Paragraph,
                LEFT + 8.0,
                WIDTH - 8.0,
                "None.",
                false,
                BODY,
            );
        }
        for text in open {
            let item = format!("- {text}");
            l.block(Role::Paragraph, LEFT + 8.0, WIDTH - 8.0, &item, false, BODY);
        }
    }
    let alone = signature(&mut l, doc.signed);
    (l, alone)
}

/// The PDF of one form.
pub fn document(src: &Source<'_>) -> Vec<u8> {
    print(&Printable::form(src))
}

/// The PDF of a printable document: tagged (PDF/UA-1: headings, paragraphs, tables, the
/// footer and rules as artifacts), with a bookmark per section and its language set, and
/// checked by krilla's PDF/UA-1 and PDF/A-2b validators as it is written. Should a
/// validator refuse it (text no font draws, which PDF/A forbids), the same tagged
/// document is written without the claim of conformance.
pub(super) fn print(doc: &Printable<'_, '_>) -> Vec<u8> {
    let fonts = Fonts::load();
    let layout = layout(doc, &fonts);
    write(doc, &fonts, &layout, true)
        .or_else(|_| write(doc, &fonts, &layout, false))
        .expect("a document without validators always writes")
}

/// The standards a PDF claims and krilla checks as it writes.
fn settings(validate: bool) -> SerializeSettings {
    let mut configuration = ConfigurationBuilder::new();
    if validate {
        configuration = configuration
            .with_archival_validator(Archival::A2_B)
            .with_accessibility_validator(Accessibility::UA1);
    }
    SerializeSettings {
        enable_tagging: true,
        configuration: configuration
            .finish()
            .expect("PDF/A-2b and PDF/UA-1 go together"),
        ..SerializeSettings::default()
    }
}

/// Writes the laid-out pages with their tag tree and bookmarks.
fn write(
    doc: &Printable<'_, '_>,
    fonts: &Fonts,
    layout: &Layout<'_>,
    validate: bool,
) -> Result<Vec<u8>, krilla::error::KrillaError> {
    let mut pdf = Document::new_with(settings(validate));
    pdf.set_metadata(
        Metadata::new()
            .title(doc.heading.clone())
            .language(LANGUAGE.into())
            .creator("clec-wizard".into())
            .creation_date(pdf_date(doc.at)),
    );
    let count = layout.pages.len();
    let mut ids: Vec<Option<Identifier>> = (0..layout.lines.len()).map(|_| None).collect();
    for (n, ops) in layout.pages.iter().enumerate() {
        let settings = PageSettings::from_wh(PAGE_WIDTH, PAGE_HEIGHT).expect("a page size");
        let mut page = pdf.start_page_with(settings);
        let mut surface = page.surface();
        for op in ops {
            match op {
                Op::Text {
                    leaf: Some(leaf), ..
                } => {
                    let id = surface.start_tagged(ContentTag::Span(SpanTag::empty()));
                    draw(&mut surface, fonts, op);
                    surface.end_tagged();
                    ids[*leaf] = Some(id);
                }
                Op::Text { leaf: None, .. } | Op::Rule { .. } => {
                    let layout = Artifact::with_kind(ArtifactType::Layout);
                    surface.start_tagged(ContentTag::Artifact(layout));
                    draw(&mut surface, fonts, op);
                    surface.end_tagged();
                }
            }
        }
        let footer = format!("{} - page {} of {count}", doc.heading, n + 1);
        let footer = Op::Text {
            x: LEFT,
            y: PAGE_HEIGHT - MARGIN + 6.0,
            bold: false,
            size: 8.0,
            text: footer,
            leaf: None,
        };
        let artifact = Artifact::with_kind(ArtifactType::Footer);
        surface.start_tagged(ContentTag::Artifact(artifact));
        draw(&mut surface, fonts, &footer);
        surface.end_tagged();
        surface.finish();
        page.finish();
    }
    let mut outline = Outline::new();
    let mut tree = TagTree::new().with_lang(Some(LANGUAGE.into()));
    for element in &layout.elements {
        if let (Role::Heading(2, title), Some(&first)) = (
            &element.role,
            element.rows.first().and_then(|(_, c)| c.first()?.first()),
        ) {
            let (page, y) = layout.lines[first];
            let at = Point::from_xy(LEFT, (y - 16.0).max(0.0));
            outline.push_child(OutlineNode::new(
                title.clone(),
                XyzDestination::new(page, at),
            ));
        }
        if let Some(group) = tag_group(element, &mut ids) {
            tree.push(group);
        }
    }
    pdf.set_outline(outline);
    pdf.set_tag_tree(tree);
    pdf.finish()
}

/// A time as a PDF date, with its offset from UTC.
fn pdf_date(at: chrono::DateTime<chrono::Local>) -> krilla::metadata::DateTime {
    use chrono::{Datelike, Offset, Timelike};
    let offset = at.offset().fix().local_minus_utc() / 60;
    let small = |n: u32| u8::try_from(n).unwrap_or_default();
    krilla::metadata::DateTime::new(u16::try_from(at.year()).unwrap_or(2000))
        .month(small(at.month()))
        .day(small(at.day()))
        .hour(small(at.hour()))
        .minute(small(at.minute()))
        .second(small(at.second().min(59)))
        .utc_offset_hour(i8::try_from(offset / 60).unwrap_or_default())
        .utc_offset_minute(u8::try_from((offset % 60).abs()).unwrap_or_default())
}

/// The document's language.
const LANGUAGE: &str = "en-US";

/// An element's tag group, its lines' identifiers taken from `ids` (each has exactly one
/// parent); None when it holds no line.
fn tag_group(element: &Element, ids: &mut [Option<Identifier>]) -> Option<TagGroup> {
    let mut leaves = |cell: &[usize]| -> Vec<Node> {
        cell.iter()
            .filter_map(|&i| ids.get_mut(i)?.take())
            .map(Node::from)
            .collect()
    };
    let group = match &element.role {
        Role::Table => {
            let mut table = TagGroup::new(Tag::Table);
            for (header, cells) in &element.rows {
                let cells: Vec<Node> = cells
                    .iter()
                    .map(|cell| {
                        let kids = leaves(cell);
                        match header {
                            true => {
                                TagGroup::with_children(Tag::TH(TableHeaderScope::Column), kids)
                            }
                            false => TagGroup::with_children(Tag::TD, kids),
                        }
                        .into()
                    })
                    .collect();
                if !cells.is_empty() {
                    table.push(TagGroup::with_children(Tag::TR, cells));
                }
            }
            table
        }
        role => {
            let kids: Vec<Node> = element
                .rows
                .iter()
                .flat_map(|(_, cells)| cells.iter())
                .flat_map(|cell| leaves(cell))
                .collect();
            if kids.is_empty() {
                return None;
            }
            match role {
                Role::Heading(level, title) => TagGroup::with_children(
                    Tag::Hn(
                        NonZeroU16::new(*level).unwrap_or(NonZeroU16::MIN),
                        Some(title.clone()),
                    ),
                    kids,
                ),
                _ => TagGroup::with_children(Tag::P, kids),
            }
        }
    };
    Some(group)
}

/// One box glyph for each character of `text`, each mapped back to its character: the
/// first box drawn gets a ToUnicode entry, and krilla wraps every box whose character
/// differs from that entry in `ActualText`, so no character leaves the text layer.
fn boxes(face: &Face, text: &str) -> Vec<KrillaGlyph> {
    let (id, advance) = face.missing_glyph();
    text.char_indices()
        .map(|(i, c)| KrillaGlyph {
            glyph_id: GlyphId::new(u32::from(id)),
            text_range: i..i + c.len_utf8(),
            x_advance: advance,
            x_offset: 0.0,
            y_offset: 0.0,
            y_advance: 0.0,
            location: None,
        })
        .collect()
}

fn draw(surface: &mut krilla::surface::Surface<'_>, fonts: &Fonts, op: &Op) {
    match op {
        Op::Text {
            x,
            y,
            bold,
            size,
            text,
            ..
        } => {
            let mut x = *x;
            for run in fonts.runs(text, *bold) {
                let at = Point::from_xy(x, *y);
                let font = run.face.font.clone();
                match run.missing {
                    true => surface.draw_glyphs(
                        at,
                        &boxes(run.face, run.text),
                        font,
                        run.text,
                        *size,
                        false,
                    ),
                    false => {
                        surface.draw_text(at, font, *size, run.text, false, TextDirection::Auto)
                    }
                }
                x += run.width(*size);
            }
        }
        Op::Rule { x, y, width } => {
            let mut path = PathBuilder::new();
            path.move_to(*x, *y);
            path.line_to(x + width, *y);
            if let Some(path) = path.finish() {
                surface.set_stroke(Some(Stroke {
                    width: 0.5,
                    ..Stroke::default()
                }));
                surface.draw_path(&path);
                surface.set_stroke(None);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every form of the example, and a draft export of an empty one, passes krilla's
    /// PDF/UA-1 and PDF/A-2b validators as it is written.
    #[test]
    fn forms_pass_pdf_ua_and_pdf_a() {
        use crate::storage::{drafts, forms};
        let forms = forms::load(None).unwrap();
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("saves/example.ron");
        let example = drafts::parse(&std::fs::read_to_string(&path).unwrap(), &path).unwrap();
        let empty = crate::domain::draft::Draft::new(chrono::Utc::now());
        let at = chrono::Local::now();
        let fonts = Fonts::load();
        for form in forms.forms() {
            for (draft, draft_mode) in [(&example, false), (&empty, true)] {
                let src = Source {
                    draft_mode,
                    ..Source::new(&forms, draft, "example", form, at)
                };
                let doc = Printable::form(&src);
                let layout = layout(&doc, &fonts);
                if let Err(e) = write(&doc, &fonts, &layout, true) {
                    panic!("{}: {e:?}", form.id);
                }
            }
        }
    }

    /// A document a validator refuses (here: no title, which PDF/UA requires) is still
    /// written, tagged, without the claim.
    #[test]
    fn a_refused_document_is_written_without_the_claim() {
        let doc = Printable {
            title: "T".into(),
            facts: vec!["fact".into()],
            parts: Vec::new(),
            open_items: None,
            signed: None,
            heading: String::new(),
            at: chrono::Local::now(),
        };
        let fonts = Fonts::load();
        let laid = layout(&doc, &fonts);
        assert!(write(&doc, &fonts, &laid, true).is_err());
        let bytes = print(&doc);
        assert!(bytes.starts_with(b"%PDF-"));
        let text = String::from_utf8_lossy(&bytes);
        assert!(text.contains("/StructTreeRoot"), "still tagged");
        assert!(!text.contains("pdfuaid"), "no claim of PDF/UA");
    }

    /// A table over several pages: every page it goes on to starts with its header row,
    /// drawn for the eye only (the structure holds one header row); the heading never
    /// ends a page alone; the document still passes PDF/UA and PDF/A.
    #[test]
    fn a_table_over_pages_repeats_its_header_row() {
        use crate::export::summary::{Block, Part};
        let columns: Vec<String> = ["Trunk group", "LATA", "Quantity"]
            .map(String::from)
            .to_vec();
        let rows: Vec<(String, Vec<Cell>)> = (1..=150)
            .map(|i| {
                let cells = vec![
                    Some(format!("TG-{i}")),
                    Some("656".into()),
                    Some("24".into()),
                ];
                (format!("{i}"), cells)
            })
            .collect();
        let filler = (0..30).map(|i| Block::Field {
            label: format!("Question {i}"),
            value: "answer".into(),
        });
        let doc = Printable {
            title: "Forecast".into(),
            facts: vec!["fact".into()],
            parts: vec![Part {
                title: "1. Trunks".into(),
                blocks: filler
                    .chain([Block::Table {
                        label: "Trunk groups".into(),
                        columns,
                        keyed: false,
                        rows,
                    }])
                    .collect(),
            }],
            open_items: None,
            signed: None,
            heading: "Forecast".into(),
            at: chrono::Local::now(),
        };
        let fonts = Fonts::load();
        let laid = layout(&doc, &fonts);
        assert!(laid.pages.len() >= 4, "{} pages", laid.pages.len());
        let texts = |page: &Vec<Op>| -> Vec<(String, Option<usize>)> {
            page.iter()
                .filter_map(|op| match op {
                    Op::Text { text, leaf, .. } => Some((text.clone(), *leaf)),
                    Op::Rule { .. } => None,
                })
                .collect()
        };
        let heading_page = laid
            .pages
            .iter()
            .position(|p| texts(p).iter().any(|(t, _)| t == "Trunk groups"))
            .expect("the heading");
        let on_heading_page = texts(&laid.pages[heading_page]);
        assert!(
            on_heading_page.iter().any(|(t, _)| t == "TG-1"),
            "the heading and the first record share a page"
        );
        for page in &laid.pages[heading_page + 1..] {
            let first: Vec<(String, Option<usize>)> = texts(page).into_iter().take(4).collect();
            let header: Vec<&str> = first.iter().map(|(t, _)| t.as_str()).collect();
            assert_eq!(header, ["#", "Trunk group", "LATA", "Quantity"]);
            assert!(first.iter().all(|(_, leaf)| leaf.is_none()), "artifacts");
        }
        let table = laid
            .elements
            .iter()
            .find(|e| e.role == Role::Table)
            .expect("a table");
        assert_eq!(table.rows.iter().filter(|(header, _)| *header).count(), 1);
        assert_eq!(table.rows.len(), 151);
        if let Err(e) = write(&doc, &fonts, &laid, true) {
            panic!("{e:?}");
        }
    }

    #[test]
    fn a_very_long_word_wraps_whole() {
        let fonts = Fonts::load();
        let word: String = "Wi9".repeat(100_000);
        let text = format!("short {word} after");
        let lines = fonts.wrap(&text, false, BODY, 200.0);
        assert_eq!(lines.concat().replace(" ", ""), format!("short{word}after"));
        assert!(lines.len() > 1000, "{}", lines.len());
        for line in lines.iter().step_by(97) {
            assert!(fonts.width(line, false, BODY) <= 200.0, "{line}");
        }
    }

    #[test]
    fn wrapped_lines_fit_and_long_words_break() {
        let fonts = Fonts::load();
        let text = "a long answer that goes on and on, with an unbreakable\nverylongidentifierwithoutanyspaceatall";
        let lines = fonts.wrap(text, false, BODY, 100.0);
        assert!(lines.len() > 4, "{lines:?}");
        for line in &lines {
            assert!(fonts.width(line, false, BODY) <= 100.0, "{line:?}");
        }
        assert_eq!(
            lines.concat().replace(' ', ""),
            text.replace([' ', '\n'], "")
        );
    }

    #[test]
    fn runs_split_where_the_font_changes() {
        let fonts = Fonts::load();
        let runs = fonts.runs("Société Télécom", false);
        assert_eq!(runs.len(), 1, "DejaVu has every Latin letter");
        assert!(!runs[0].missing);
        let with_fallback = |fallback: Option<Face>| {
            let fonts = Fonts {
                fallback,
                ..Fonts::load()
            };
            let runs = fonts.runs("Société 東京 LLC", false);
            runs.iter()
                .map(|r| (r.text.to_string(), r.missing))
                .collect::<Vec<_>>()
        };
        let expected = |missing: bool| {
            vec![
                ("Société ".to_string(), false),
                ("東京".to_string(), missing),
                (" LLC".to_string(), false),
            ]
        };
        assert_eq!(with_fallback(None), expected(true));
        if let Some(font) = fallback_font() {
            assert_eq!(with_fallback(Face::new(font)), expected(false));
        }
    }

    #[test]
    fn a_character_no_font_draws_is_a_box_as_wide_as_a_box() {
        let fonts = Fonts {
            fallback: None,
            ..Fonts::load()
        };
        let (id, advance) = fonts.regular.missing_glyph();
        assert_ne!(id, 0, "DejaVu draws U+25A1");
        let width = fonts.width("東京", false, 10.0);
        assert!((width - 2.0 * advance * 10.0).abs() < 1e-3, "{width}");
        let glyphs = boxes(&fonts.regular, "東x");
        assert_eq!(glyphs.len(), 2);
        assert_eq!(glyphs[0].text_range, 0..3);
        assert_eq!(glyphs[1].text_range, 3..4);
    }
}
