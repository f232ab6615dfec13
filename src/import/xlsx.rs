//! Workbooks as `export --format xlsx` writes them: any sheet whose first row names the
//! `path` and `value` columns (in any order) is read, so a workbook of several forms
//! imports whole; other sheets are left alone. Numbers may be number or text cells,
//! dates date cells or text.

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};

use super::{Columns, MAX_ENTRIES, entry, unguarded};
use crate::domain::change::import::{Entry, Incoming};

/// The most cells a sheet may have.
const MAX_CELLS: usize = 5_000_000;

/// The entries of a workbook named `name`.
pub fn entries(name: &str, bytes: &[u8]) -> Result<Vec<Entry>, String> {
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes))
        .map_err(|e| format!("{name}: not a workbook this can read: {e}"))?;
    let mut out = Vec::new();
    let mut found = false;
    for sheet in book.sheet_names() {
        let range = book
            .worksheet_range(&sheet)
            .map_err(|e| format!("{name}: sheet {sheet}: cannot read: {e}"))?;
        let (height, width) = range.get_size();
        if height.saturating_mul(width) > MAX_CELLS {
            return Err(format!(
                "{name}: sheet {sheet}: more than {MAX_CELLS} cells"
            ));
        }
        let Some((top, left)) = range.start() else {
            continue;
        };
        let sheet_shown = crate::text::visible(&sheet).into_owned();
        let mut rows = range
            .rows()
            .enumerate()
            .filter(|(_, r)| !r.iter().all(|c| *c == Data::Empty));
        let Some((_, header)) = rows.next() else {
            continue;
        };
        let texts: Vec<String> = header.iter().map(|c| c.to_string()).collect();
        let Some(columns) = Columns::find(texts.iter().map(String::as_str)) else {
            continue;
        };
        found = true;
        for (i, row) in rows {
            let text = |c: usize| row.get(c).map(Data::to_string);
            let Some(path) = text(columns.path).filter(|p| !p.trim().is_empty()) else {
                continue;
            };
            let number = top as usize + i + 1;
            let at = format!(
                "{name}: sheet {sheet_shown}, row {number} (cell {}{number})",
                column_letters(left as usize + columns.value)
            );
            let value = row.get(columns.value).map_or(Incoming::Empty, incoming);
            let row_text = columns.row.and_then(text);
            out.push(entry(at, &path, row_text.as_deref(), value));
            if out.len() > MAX_ENTRIES {
                return Err(format!("{name}: more than {MAX_ENTRIES} rows"));
            }
        }
    }
    if !found {
        return Err(format!(
            "{name}: no sheet has a header row with the columns {}",
            super::COLUMNS
        ));
    }
    Ok(out)
}

/// A cell as a file's value: text, a number, a date.
fn incoming(cell: &Data) -> Incoming {
    match cell {
        Data::Empty => Incoming::Empty,
        Data::String(s) if s.trim().is_empty() => Incoming::Empty,
        Data::String(s) => Incoming::Text(unguarded(s).to_string()),
        Data::Int(n) => Incoming::Number(*n as f64),
        Data::Float(f) => Incoming::Number(*f),
        Data::Bool(b) => Incoming::Text(if *b { "yes" } else { "no" }.into()),
        Data::DateTime(d) if d.is_datetime() => {
            let (y, m, day, h, min, s, ms) = d.to_ymd_hms_milli();
            match chrono::NaiveDate::from_ymd_opt(y.into(), m.into(), day.into()) {
                Some(date) if (h, min, s, ms) == (0, 0, 0, 0) => Incoming::Date(date),
                Some(_) => {
                    Incoming::Unreadable("a date with a time of day; give the date alone".into())
                }
                None => Incoming::Unreadable("a date that does not exist".into()),
            }
        }
        Data::DateTime(_) | Data::DurationIso(_) => {
            Incoming::Unreadable("a duration, not a value a form takes".into())
        }
        Data::DateTimeIso(s) => match s
            .get(..10)
            .and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
        {
            Some(date)
                if s.len() == 10
                    || s[10..]
                        .trim_start_matches('T')
                        .trim_matches(['0', ':'])
                        .is_empty() =>
            {
                Incoming::Date(date)
            }
            _ => Incoming::Text(s.clone()),
        },
        Data::Error(e) => Incoming::Unreadable(format!("the cell holds an error ({e})")),
    }
}

/// Spreadsheet column letters of a 0-based column: 0 is A, 26 is AA.
fn column_letters(mut col: usize) -> String {
    let mut out = Vec::new();
    loop {
        out.push(b'A' + (col % 26) as u8);
        if col < 26 {
            break;
        }
        col = col / 26 - 1;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_by_letter() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(4), "E");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(27), "AB");
        assert_eq!(column_letters(701), "ZZ");
        assert_eq!(column_letters(702), "AAA");
    }
}
