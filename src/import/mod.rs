//! Reading the files `export` writes back as entries for
//! [`crate::domain::change::import`]: workbooks (`xlsx`), CSV and the JSON answers file.
//! Each entry says where it is in the file (`network.xlsx: sheet network, row 57 (cell
//! E57)`, `answers.csv:12:40`, `answers.json:9:5`); a file that cannot be read is refused
//! whole, with its file, line and column.

pub mod csv;
pub mod json;
pub mod xlsx;

use std::io::Read as _;
use std::path::Path;

use crate::domain::change::import::{Entry, Incoming};
use crate::domain::values::answer::Key;

/// The largest file read: an export of every form is far below it.
pub(crate) const MAX_BYTES: u64 = 32 * 1024 * 1024;

/// The most entries (rows, answers) a file may give.
pub(crate) const MAX_ENTRIES: usize = 200_000;

/// The columns an export writes, in its order.
pub(crate) const COLUMNS: &str = "section,row,path,label,value";

/// A file's format, by its extension or, without a known one, by its first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Xlsx,
    Csv,
    Json,
}

impl Kind {
    fn of(path: &Path, bytes: &[u8]) -> Self {
        let ext = path
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase());
        match ext.as_deref() {
            Some("xlsx") => Kind::Xlsx,
            Some("csv") => Kind::Csv,
            Some("json") => Kind::Json,
            _ if bytes.starts_with(b"PK") => Kind::Xlsx,
            _ if bytes
                .iter()
                .find(|b| !b.is_ascii_whitespace())
                .is_some_and(|b| *b == b'{') =>
            {
                Kind::Json
            }
            _ => Kind::Csv,
        }
    }
}

/// Reads a file's entries. Errors name the file (and, where it has them, line and column).
pub fn read(path: &Path) -> Result<Vec<Entry>, String> {
    let shown = path.display();
    let file = std::fs::File::open(path).map_err(|e| format!("{shown}: cannot open: {e}"))?;
    if !file.metadata().map(|m| m.is_file()).unwrap_or(false) {
        return Err(format!("{shown}: not a regular file"));
    }
    let mut bytes = Vec::new();
    file.take(MAX_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("{shown}: cannot read: {e}"))?;
    if bytes.len() as u64 > MAX_BYTES {
        return Err(format!(
            "{shown}: over {} MB; an export is far smaller",
            MAX_BYTES / (1024 * 1024)
        ));
    }
    let name = path
        .file_name()
        .map_or_else(|| shown.to_string(), |n| n.to_string_lossy().into_owned());
    let name = crate::text::visible(&name).into_owned();
    let entries = match Kind::of(path, &bytes) {
        Kind::Xlsx => xlsx::entries(&name, &bytes)?,
        Kind::Csv => csv::entries(&name, &bytes)?,
        Kind::Json => json::entries(&name, &bytes)?,
    };
    if entries.len() > MAX_ENTRIES {
        return Err(format!(
            "{name}: more than {MAX_ENTRIES} answers; an export has far fewer"
        ));
    }
    Ok(entries)
}

/// The columns of a header row (`path` and `value` needed, `row` optional), found by
/// name in any order; other columns are ignored.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Columns {
    pub path: usize,
    pub value: usize,
    pub row: Option<usize>,
}

impl Columns {
    /// From a header's cells; `None` when it lacks a path or a value column.
    pub fn find<'a>(cells: impl Iterator<Item = &'a str>) -> Option<Self> {
        let names: Vec<String> = cells
            .map(|c| c.trim().trim_start_matches('\u{feff}').to_ascii_lowercase())
            .collect();
        let at = |name: &str| names.iter().position(|n| n == name);
        Some(Self {
            path: at("path")?,
            value: at("value")?,
            row: at("row"),
        })
    }
}

/// An entry of a table row: the path, the row column's text (when the table has one)
/// and the value. A row column that names another row than the path is refused.
pub(crate) fn entry(at: String, path: &str, row: Option<&str>, value: Incoming) -> Entry {
    let path = path.trim().to_string();
    let row = row.map(str::trim).filter(|r| !r.is_empty());
    let named = Key::parse(&path).ok().and_then(|k| k.row.map(|r| r.index));
    let value = match (row, named) {
        (Some(row), Some(index)) if row.parse::<f64>().ok() != Some(index as f64) => {
            Incoming::Unreadable(format!(
                "the row column says {row} but the path {path} names row {index}; make them agree"
            ))
        }
        _ => value,
    };
    Entry { at, path, value }
}

/// The export's guard against formulas undone: a value it wrote as `'=…` (a quote before
/// what a spreadsheet would run) is read without the quote.
pub(crate) fn unguarded(text: &str) -> &str {
    match text.strip_prefix('\'') {
        Some(rest)
            if rest
                .trim_start_matches([' ', '\t', '\r', '\n'])
                .starts_with(['=', '+', '-', '@'])
                || rest.starts_with(['\t', '\r']) =>
        {
            rest
        }
        _ => text,
    }
}

/// 1-based line and column (in characters) of a byte offset of `text`.
pub(crate) fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    (line, col)
}

/// The text of a file as UTF-8 without its byte-order mark, or where it stops being UTF-8.
pub(crate) fn utf8<'a>(name: &str, bytes: &'a [u8]) -> Result<&'a str, String> {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    std::str::from_utf8(bytes).map_err(|e| {
        let good = std::str::from_utf8(&bytes[..e.valid_up_to()]).unwrap_or_default();
        let (line, col) = line_col(good, good.len());
        format!("{name}:{line}:{col}: not UTF-8 text; save the file as UTF-8 (CSV UTF-8)")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_formula_guard_is_undone() {
        assert_eq!(unguarded("'=HYPERLINK(\"x\")"), "=HYPERLINK(\"x\")");
        assert_eq!(unguarded("'\tplain"), "\tplain");
        assert_eq!(unguarded("'quoted"), "'quoted");
        assert_eq!(unguarded("plain"), "plain");
    }

    #[test]
    fn a_row_column_that_disagrees_is_refused() {
        let e = entry(
            "x".into(),
            "network.pois[2].clli",
            Some("3"),
            Incoming::Empty,
        );
        assert!(matches!(e.value, Incoming::Unreadable(ref m) if m.contains("row 2")));
        let e = entry(
            "x".into(),
            "network.pois[2].clli",
            Some("2"),
            Incoming::Empty,
        );
        assert_eq!(e.value, Incoming::Empty);
    }

    #[test]
    fn headers_in_any_order() {
        let c = Columns::find(["Value", "extra", "path"].into_iter()).unwrap();
        assert_eq!((c.path, c.value, c.row), (2, 0, None));
        assert!(Columns::find(["section", "label"].into_iter()).is_none());
    }
}
