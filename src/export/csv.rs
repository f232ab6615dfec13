//! CSV: one row per answer (section, row number, path, label, value), RFC 4180 quoting,
//! UTF-8 with a byte-order mark so spreadsheets read accents right.

use super::{Source, clean};
use crate::domain::rules::view::{Shown, form_view};

/// The answers of the form as CSV.
pub fn answers(src: &Source<'_>) -> String {
    let mut out = String::from("\u{feff}section,row,path,label,value\r\n");
    for section in form_view(src.forms, &src.draft, src.form) {
        for item in section.items {
            if matches!(item.shown, Shown::Note | Shown::Group(_))
                || super::is_users_own(src, &item)
            {
                continue;
            }
            let value = super::exported_text(&item);
            if value.is_empty() {
                continue;
            }
            let row = item
                .place
                .row
                .map(|(_, i)| i.to_string())
                .unwrap_or_default();
            let fields = [
                clean(&section.section.title),
                row,
                item.place.key().to_string(),
                clean(&item.place.field.label),
                clean(&value),
            ];
            let line: Vec<String> = fields.iter().map(|f| quote(f)).collect();
            out.push_str(&line.join(","));
            out.push_str("\r\n");
        }
    }
    out
}

/// Quotes a field when it holds a comma, quote or line break; formula-looking values are
/// prefixed with a quote so spreadsheets do not run them: those that start with `=`, `+`,
/// `-` or `@`, also after leading tabs, carriage returns or spaces (which spreadsheets
/// skip), and those that start with a tab or carriage return at all.
fn quote(field: &str) -> String {
    let formula = field
        .trim_start_matches([' ', '\t', '\r', '\n'])
        .starts_with(['=', '+', '-', '@']);
    let risky =
        (formula && field.trim().parse::<f64>().is_err()) || field.starts_with(['\t', '\r']);
    let field = if risky {
        format!("'{field}")
    } else {
        field.to_string()
    };
    if field.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field
    }
}

#[cfg(test)]
mod tests {
    use super::quote;

    #[test]
    fn quoting() {
        assert_eq!(quote("plain"), "plain");
        assert_eq!(quote("a,b"), "\"a,b\"");
        assert_eq!(quote("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(quote("two\nlines"), "\"two\nlines\"");
        assert_eq!(quote("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(quote("-5"), "-5");
        assert_eq!(quote("\t=1+2"), "'\t=1+2");
        assert_eq!(quote("\r@SUM(A1)"), "\"'\r@SUM(A1)\"");
        assert_eq!(quote(" +cmd"), "' +cmd");
        assert_eq!(quote("\tplain"), "'\tplain");
    }
}
