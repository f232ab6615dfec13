//! CSV as `export --format csv` writes it (RFC 4180 quoting, a byte-order mark tolerated,
//! CRLF or LF): a header naming at least `path` and `value`, in any order.

use super::{Columns, MAX_ENTRIES, entry, line_col, unguarded, utf8};
use crate::domain::change::import::{Entry, Incoming};

/// One field and the line and column it starts at.
struct Field {
    text: String,
    line: usize,
    col: usize,
}

/// The entries of a CSV file named `name`.
pub fn entries(name: &str, bytes: &[u8]) -> Result<Vec<Entry>, String> {
    let text = utf8(name, bytes)?;
    let records = records(name, text)?;
    let mut rows = records
        .into_iter()
        .filter(|r| r.iter().any(|f| !f.text.trim().is_empty()));
    let Some(header) = rows.next() else {
        return Err(format!(
            "{name}: empty; expected the columns {}",
            super::COLUMNS
        ));
    };
    let columns = Columns::find(header.iter().map(|f| f.text.as_str())).ok_or_else(|| {
        format!(
            "{name}:{}:1: the header has no path or value column; expected {}",
            header[0].line,
            super::COLUMNS
        )
    })?;
    let mut out = Vec::new();
    for record in rows {
        let cell = |i: usize| record.get(i);
        let Some(path) = cell(columns.path).filter(|p| !p.text.trim().is_empty()) else {
            continue;
        };
        let (value, at) = match cell(columns.value) {
            Some(f) => (
                match unguarded(&f.text) {
                    t if t.trim().is_empty() => Incoming::Empty,
                    t => Incoming::Text(t.to_string()),
                },
                format!("{name}:{}:{}", f.line, f.col),
            ),
            // A line cut short is not an empty value: it would clear the answer.
            None => (
                Incoming::Unreadable(format!(
                    "this line has {} fields; the value is field {}",
                    record.len(),
                    columns.value + 1
                )),
                format!("{name}:{}", path.line),
            ),
        };
        let row = columns.row.and_then(cell).map(|f| f.text.as_str());
        out.push(entry(at, &path.text, row, value));
    }
    Ok(out)
}

/// The records of a CSV text: quoted fields may hold commas, quotes (doubled) and line
/// breaks; a quote inside an unquoted field is kept as it is.
fn records(name: &str, text: &str) -> Result<Vec<Vec<Field>>, String> {
    let mut out: Vec<Vec<Field>> = Vec::new();
    let mut record: Vec<Field> = Vec::new();
    let mut chars = text.char_indices().peekable();
    let (mut line, mut col) = (1usize, 1usize);
    let mut field = Field {
        text: String::new(),
        line,
        col,
    };
    let mut at_start = true;
    while let Some((offset, c)) = chars.next() {
        match c {
            '"' if at_start && field.text.is_empty() => {
                at_start = false;
                col += 1;
                loop {
                    match chars.next() {
                        Some((_, '"')) if chars.peek().is_some_and(|(_, n)| *n == '"') => {
                            chars.next();
                            field.text.push('"');
                            col += 2;
                        }
                        Some((_, '"')) => {
                            col += 1;
                            break;
                        }
                        Some((_, '\n')) => {
                            field.text.push('\n');
                            line += 1;
                            col = 1;
                        }
                        Some((_, c)) => {
                            field.text.push(c);
                            col += 1;
                        }
                        None => {
                            let (l, c) = line_col(text, offset);
                            return Err(format!(
                                "{name}:{l}:{c}: a quoted field is not closed (a \" is missing)"
                            ));
                        }
                    }
                }
            }
            ',' => {
                col += 1;
                record.push(std::mem::replace(
                    &mut field,
                    Field {
                        text: String::new(),
                        line,
                        col,
                    },
                ));
                at_start = true;
            }
            '\r' if chars.peek().is_some_and(|(_, n)| *n == '\n') => {}
            '\n' | '\r' => {
                line += 1;
                col = 1;
                record.push(std::mem::replace(
                    &mut field,
                    Field {
                        text: String::new(),
                        line,
                        col,
                    },
                ));
                out.push(std::mem::take(&mut record));
                at_start = true;
                if out.len() > MAX_ENTRIES {
                    return Err(format!("{name}: more than {MAX_ENTRIES} lines"));
                }
            }
            c => {
                at_start = false;
                field.text.push(c);
                col += 1;
            }
        }
    }
    if !field.text.is_empty() || !record.is_empty() {
        record.push(field);
        out.push(record);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(csv: &str) -> Vec<Vec<String>> {
        records("t.csv", csv)
            .unwrap()
            .into_iter()
            .map(|r| r.into_iter().map(|f| f.text).collect())
            .collect()
    }

    #[test]
    fn quoting_and_line_breaks() {
        assert_eq!(
            texts("a,\"b,c\",\"say \"\"hi\"\"\"\r\n\"two\nlines\",x\n"),
            vec![vec!["a", "b,c", "say \"hi\""], vec!["two\nlines", "x"]]
        );
        assert_eq!(texts("a,b"), vec![vec!["a", "b"]]);
    }

    #[test]
    fn an_open_quote_is_located() {
        let e = records("t.csv", "a,b\nc,\"open\n").err().unwrap();
        assert!(e.starts_with("t.csv:2:3:"), "{e}");
    }

    #[test]
    fn entries_by_header_with_a_bom_and_located_values() {
        let csv = "\u{feff}value,path,extra\r\nAcme,profile.legal_name,x\r\n,profile.dba,\r\n";
        let got = entries("t.csv", csv.as_bytes()).unwrap();
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].path, "profile.legal_name");
        assert_eq!(got[0].value, Incoming::Text("Acme".into()));
        assert_eq!(got[0].at, "t.csv:2:1");
        assert_eq!(got[1].value, Incoming::Empty);
        let short = entries("t.csv", b"path,value\nprofile.dba\n").unwrap();
        assert!(
            matches!(short[0].value, Incoming::Unreadable(_)),
            "{short:?}"
        );
    }
}
