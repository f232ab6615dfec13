//! Spreadsheets: one sheet per form (section, row, path, label, value, like the CSV), a
//! frozen header row, identifiers and codes as text cells (an FRN `0012345678` or a ZIP
//! `02134` keeps its zeros), dates as dates, whole and decimal numbers as numbers,
//! multi-line answers wrapped.

use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{ExcelDateTime, Format as CellFormat, Workbook, Worksheet, XlsxError};

use super::{Source, clean};
use crate::domain::form::schema::FieldKind;
use crate::domain::rules::view::{Shown, form_view};

const HEADER: [&str; 5] = ["section", "row", "path", "label", "value"];
const WIDTHS: [f64; 5] = [28.0, 5.0, 40.0, 36.0, 60.0];

/// The cell styles of a sheet.
struct Styles {
    header: CellFormat,
    text: CellFormat,
    wrapped: CellFormat,
    date: CellFormat,
}

impl Styles {
    fn new() -> Self {
        let text = CellFormat::new().set_num_format("@");
        Self {
            header: CellFormat::new().set_bold(),
            wrapped: text.clone().set_text_wrap(),
            text,
            date: CellFormat::new().set_num_format("yyyy-mm-dd"),
        }
    }
}

/// A workbook of the given forms, one sheet each.
pub fn workbook(sources: &[&Source<'_>]) -> Vec<u8> {
    build(sources).expect("a workbook of text, numbers and dates always builds")
}

fn build(sources: &[&Source<'_>]) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let styles = Styles::new();
    for src in sources {
        let sheet = book.add_worksheet();
        sheet.set_name(sheet_name(&src.form.id))?;
        fill_sheet(sheet, src, &styles)?;
    }
    book.save_to_buffer()
}

/// A sheet name Excel accepts: at most 31 characters, none of `[]:*?/\`.
fn sheet_name(id: &str) -> String {
    id.chars()
        .map(|c| if "[]:*?/\\".contains(c) { '-' } else { c })
        .take(31)
        .collect()
}

fn fill_sheet(sheet: &mut Worksheet, src: &Source<'_>, styles: &Styles) -> Result<(), XlsxError> {
    for (col, (title, width)) in HEADER.iter().zip(WIDTHS).enumerate() {
        let col = col as u16;
        sheet.write_string_with_format(0, col, *title, &styles.header)?;
        sheet.set_column_width(col, width)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    let mut row = 1u32;
    for section in form_view(src.forms, &src.draft, src.form) {
        for item in section.items {
            if matches!(item.shown, Shown::Note | Shown::Group(_))
                || super::is_users_own(src, &item)
            {
                continue;
            }
            let kind = &item.place.field.kind;
            let value = clean(&super::exported_text(&item));
            if value.is_empty() {
                continue;
            }
            let index = item
                .place
                .row
                .map(|(_, i)| i.to_string())
                .unwrap_or_default();
            let key = item.place.key().to_string();
            let literal = matches!(item.shown, Shown::Answer(Some(ref a)) if a.is_value());
            // A value longer than a cell holds goes on in the rows below, each labelled
            // as the rest of it: nothing is cut.
            for (n, part) in cell_parts(&value).into_iter().enumerate() {
                let label = match n {
                    0 => item.place.field.label.clone(),
                    _ => format!("{} (continued)", item.place.field.label),
                };
                let cells = [section.section.title.as_str(), &index, &key, &label];
                for (col, cell) in cells.iter().enumerate() {
                    sheet.write_string_with_format(row, col as u16, *cell, &styles.text)?;
                }
                write_value(sheet, row, kind, part, literal, styles)?;
                row += 1;
            }
        }
    }
    Ok(())
}

/// The most characters Excel keeps in a cell (counted in UTF-16 units).
const CELL_LIMIT: usize = 32_767;

/// `value` in parts that each fit a cell, split between characters.
fn cell_parts(value: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let (mut start, mut units) = (0, 0);
    for (at, c) in value.char_indices() {
        if units + c.len_utf16() > CELL_LIMIT {
            parts.push(&value[start..at]);
            (start, units) = (at, 0);
        }
        units += c.len_utf16();
    }
    parts.push(&value[start..]);
    parts
}

/// The value cell: a date, a number, or text (identifiers, codes, everything else).
fn write_value(
    sheet: &mut Worksheet,
    row: u32,
    kind: &FieldKind,
    value: &str,
    literal: bool,
    styles: &Styles,
) -> Result<(), XlsxError> {
    let date = matches!(kind, FieldKind::Date { .. } | FieldKind::Computed { .. })
        .then(|| NaiveDate::parse_from_str(value, "%Y-%m-%d").ok())
        .flatten()
        // A hand-edited day outside the range is written as text, never as a date.
        .filter(|d| crate::domain::values::limits::day_fits(*d).is_ok());
    if let Some(d) = date {
        let at = ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)?;
        sheet.write_datetime_with_format(row, 4, &at, &styles.date)?;
        return Ok(());
    }
    let number = matches!(kind, FieldKind::Integer { .. } | FieldKind::Decimal { .. }) && literal;
    if let Some(n) = value.parse::<f64>().ok().filter(|_| number) {
        sheet.write_number(row, 4, n)?;
        return Ok(());
    }
    let style = if value.contains('\n') {
        &styles.wrapped
    } else {
        &styles.text
    };
    sheet.write_string_with_format(row, 4, value, style)?;
    Ok(())
}
