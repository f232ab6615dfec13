//! `import`: what `export` wrote, edited as a spreadsheet user edits it, taken back. Files
//! are changed by independent means (CSV as text, JSON with serde_json, workbooks read with
//! calamine and written again with rust_xlsxwriter), and the draft is read back with
//! `show --json`.

use std::fs;
use std::path::{Path, PathBuf};

use calamine::{Data, Reader as _, Xlsx};
use chrono::NaiveDate;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use serde_json::Value as Json;

use crate::support::{run_ok, with_example, wizard};

/// Exports `form` of the example as `format` into `dir/name`.
fn export(dir: &Path, form: &str, format: &str, name: &str) -> PathBuf {
    let file = dir.join(name);
    run_ok(
        dir,
        &[
            "export",
            "example",
            "--form",
            form,
            "--format",
            format,
            "-o",
            file.to_str().unwrap(),
        ],
    );
    file
}

/// The example's answers of `form`, read back with `show --json`.
fn answers(dir: &Path, form: &str) -> serde_json::Map<String, Json> {
    let out = run_ok(dir, &["show", "example", "--form", form, "--json"]);
    let doc: Json = serde_json::from_str(&out).unwrap();
    doc["forms"][0]["answers"].as_object().unwrap().clone()
}

/// `import example FILE ARGS`: exit code, standard output, standard error.
fn import(dir: &Path, file: &Path, args: &[&str]) -> (i32, String, String) {
    let out = wizard(dir)
        .arg("import")
        .arg("example")
        .arg(file)
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// A cell a test writes.
enum Cell {
    Text(&'static str),
    Number(f64),
    Date(NaiveDate),
}

/// The one sheet of an exported workbook as rows of cells (header first).
fn sheet_rows(file: &Path) -> Vec<Vec<Data>> {
    let mut book: Xlsx<_> = calamine::open_workbook(file).unwrap();
    let name = book.sheet_names()[0].clone();
    let range = book.worksheet_range(&name).unwrap();
    range.rows().map(<[Data]>::to_vec).collect()
}

/// Writes the rows of an exported sheet as a new workbook, each value cell of a path in
/// `changes` replaced; `shuffled` puts the columns in another order (value first) with an
/// extra column. Returns, per changed path, the spreadsheet row it is on.
fn rewrite(
    rows: &[Vec<Data>],
    sheet: &str,
    changes: &[(&str, Cell)],
    shuffled: bool,
    out: &Path,
) -> Vec<(String, u32)> {
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name(sheet).unwrap();
    // Columns of the export: section, row, path, label, value.
    let order: Vec<usize> = if shuffled {
        vec![4, 99, 2, 1, 0]
    } else {
        vec![0, 1, 2, 3, 4]
    };
    let value_col = order.iter().position(|&c| c == 4).unwrap() as u16;
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let mut at = Vec::new();
    for (r, row) in rows.iter().enumerate() {
        let r = r as u32;
        for (c, &source) in order.iter().enumerate() {
            let c = c as u16;
            let cell = match source {
                99 if r == 0 => Data::String("notes".into()),
                99 => Data::String("checked by ops".into()),
                s => row.get(s).cloned().unwrap_or(Data::Empty),
            };
            match cell {
                Data::String(s) => ws.write_string(r, c, s).map(|_| ()).unwrap(),
                Data::Float(f) => ws.write_number(r, c, f).map(|_| ()).unwrap(),
                Data::Int(i) => ws.write_number(r, c, i as f64).map(|_| ()).unwrap(),
                Data::DateTime(d) => ws
                    .write_number_with_format(r, c, d.as_f64(), &date)
                    .map(|_| ())
                    .unwrap(),
                Data::Empty => {}
                other => panic!("unexpected cell {other:?}"),
            }
        }
        let path = row.get(2).map(|p| p.to_string()).unwrap_or_default();
        if let Some((_, cell)) = changes.iter().find(|(p, _)| *p == path) {
            match cell {
                Cell::Text(t) => ws.write_string(r, value_col, *t).map(|_| ()).unwrap(),
                Cell::Number(n) => ws.write_number(r, value_col, *n).map(|_| ()).unwrap(),
                Cell::Date(d) => {
                    use chrono::Datelike as _;
                    let d =
                        ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)
                            .unwrap();
                    ws.write_datetime_with_format(r, value_col, &d, &date)
                        .map(|_| ())
                        .unwrap()
                }
            }
            at.push((path, r + 1));
        }
    }
    book.save(out).unwrap();
    at
}

#[test]
fn a_csv_edited_as_text_comes_back() {
    let (dir, _) = with_example();
    let dir = dir.path();
    let csv = export(dir, "network", "csv", "network.csv");
    let text = fs::read_to_string(&csv).unwrap();
    assert!(text.starts_with('\u{feff}'), "the export has its BOM");
    let text =
        text.replace(
            r#"network.trunk_groups[1].y1_q1,"Year 1, quarter 1",48"#,
            r#"network.trunk_groups[1].y1_q1,"Year 1, quarter 1",60"#,
        )
        .replace(
            "network.pois[2].method,Interconnection method,Collocation",
            "network.pois[2].method,Interconnection method,",
        ) + "Points of interconnection,3,network.pois[3].lata,LATA,656\r\n\
           Points of interconnection,3,network.pois[3].state,State,CO\r\n";
    fs::write(&csv, text).unwrap();
    let (code, out, err) = import(dir, &csv, &[]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("network.trunk_groups[1].y1_q1: 48 -> 60"),
        "{out}"
    );
    assert!(
        out.contains("network.pois[2].method: Collocation -> (cleared)"),
        "{out}"
    );
    assert!(out.contains("added row 3 of network.pois"), "{out}");
    assert!(
        out.contains("network.pois[3].state: (empty) -> CO"),
        "{out}"
    );
    assert!(
        out.contains("example.ron.bak"),
        "the backup is named: {out}"
    );
    let got = answers(dir, "network");
    assert_eq!(got["network.trunk_groups[1].y1_q1"], 60);
    assert_eq!(got["network.pois[3].lata"], "656");
    assert_eq!(got["network.pois[3].state"], "CO");
    assert!(!got.contains_key("network.pois[2].method"));
    // Answers the file leaves out are kept.
    assert_eq!(got["network.pois[1].poi_clli"], "DNVRCOMA");
}

#[test]
fn a_workbook_with_numbers_dates_and_columns_in_another_order_comes_back() {
    let (dir, _) = with_example();
    let dir = dir.path();
    let xlsx = export(dir, "network", "xlsx", "network.xlsx");
    let rows = sheet_rows(&xlsx);
    let day = NaiveDate::from_ymd_opt(2026, 10, 1).unwrap();
    let edited = dir.join("edited.xlsx");
    rewrite(
        &rows,
        "network",
        &[
            ("network.trunk_groups[1].y1_q1", Cell::Number(60.0)),
            ("network.trunk_groups[1].y1_q2", Cell::Text("80")),
            ("network.forecast_start", Cell::Date(day)),
        ],
        true,
        &edited,
    );
    let (code, out, err) = import(dir, &edited, &[]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("network.forecast_start: 2026-07-01 -> 2026-10-01"),
        "{out}"
    );
    assert!(out.contains("3 changes imported"), "{out}");
    let got = answers(dir, "network");
    assert_eq!(got["network.trunk_groups[1].y1_q1"], 60);
    assert_eq!(got["network.trunk_groups[1].y1_q2"], 80);
    assert_eq!(got["network.forecast_start"], "2026-10-01");
}

#[test]
fn a_json_answers_file_comes_back() {
    let (dir, _) = with_example();
    let dir = dir.path();
    let file = export(dir, "network", "json", "network.json");
    let mut doc: Json = serde_json::from_str(&fs::read_to_string(&file).unwrap()).unwrap();
    let answers_of = doc["answers"].as_object_mut().unwrap();
    answers_of.insert("network.trunk_groups[1].y1_q1".into(), Json::from(60));
    answers_of.insert("network.pois[2].poi_clli".into(), Json::from("slkcutma"));
    answers_of.insert("network.pois[2].method".into(), Json::Null);
    fs::write(&file, serde_json::to_string_pretty(&doc).unwrap()).unwrap();
    let (code, out, err) = import(dir, &file, &[]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("network.trunk_groups[1].y1_q1: 48 -> 60"),
        "{out}"
    );
    assert!(
        out.contains("network.pois[2].method: Collocation -> (cleared)"),
        "{out}"
    );
    // Typed in lower case, normalized as `set` normalizes it: the same CLLI, no change.
    assert!(!out.contains("poi_clli"), "{out}");
    let got = answers(dir, "network");
    assert_eq!(got["network.trunk_groups[1].y1_q1"], 60);
    assert!(!got.contains_key("network.pois[2].method"));
}

#[test]
fn one_bad_cell_among_good_ones_refuses_everything_and_names_the_cell() {
    let (dir, saves) = with_example();
    let dir = dir.path();
    let xlsx = export(dir, "network", "xlsx", "network.xlsx");
    let rows = sheet_rows(&xlsx);
    let edited = dir.join("network-edited.xlsx");
    let at = rewrite(
        &rows,
        "network",
        &[
            ("network.trunk_groups[1].y1_q1", Cell::Number(60.0)),
            ("network.pois[2].poi_clli", Cell::Text("999-999-999")),
            ("network.trunk_groups[1].y1_q2", Cell::Number(80.0)),
        ],
        false,
        &edited,
    );
    let before = fs::read(saves.join("example.ron")).unwrap();
    let (code, out, err) = import(dir, &edited, &[]);
    assert_eq!(code, 1, "{out}{err}");
    let row = at.iter().find(|(p, _)| p.ends_with("poi_clli")).unwrap().1;
    let cell = format!("network-edited.xlsx: sheet network, row {row} (cell E{row}): POI CLLI");
    assert!(err.contains(&cell), "{err}");
    assert!(err.contains("999-999-999"), "{err}");
    assert!(err.contains("refused: nothing imported; 1 value"), "{err}");
    assert_eq!(fs::read(saves.join("example.ron")).unwrap(), before);
    assert_eq!(answers(dir, "network")["network.trunk_groups[1].y1_q1"], 48);
}

#[test]
fn a_dry_run_lists_the_changes_and_leaves_the_draft_alone() {
    let (dir, saves) = with_example();
    let dir = dir.path();
    let csv = export(dir, "network", "csv", "network.csv");
    let text = fs::read_to_string(&csv)
        .unwrap()
        .replace(",48\r\n", ",60\r\n");
    fs::write(&csv, text).unwrap();
    let before = fs::read(saves.join("example.ron")).unwrap();
    let (code, out, err) = import(dir, &csv, &["--dry-run"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("network.trunk_groups[1].y1_q1: 48 -> 60"),
        "{out}"
    );
    assert!(out.contains("dry run: nothing saved"), "{out}");
    assert_eq!(fs::read(saves.join("example.ron")).unwrap(), before);
}

#[test]
fn a_finalized_form_is_refused_until_reopened() {
    let (dir, saves) = with_example();
    let dir = dir.path();
    run_ok(dir, &["finalize", "example", "--form", "profile"]);
    let csv = export(dir, "profile", "csv", "profile.csv");
    let text = fs::read_to_string(&csv).unwrap();
    // Unchanged, the finalized form's file imports as nothing to change.
    let (code, out, _) = import(dir, &csv, &[]);
    assert_eq!(code, 0);
    assert!(out.contains("nothing to change"), "{out}");
    let changed = text.replace(",80202", ",80203");
    assert_ne!(changed, text);
    fs::write(&csv, changed).unwrap();
    let before = fs::read(saves.join("example.ron")).unwrap();
    let (code, out, err) = import(dir, &csv, &[]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        err.contains("\"profile\" is finalized; reopen it first"),
        "{err}"
    );
    assert_eq!(fs::read(saves.join("example.ron")).unwrap(), before);
}

#[test]
fn leading_zeros_lost_by_a_spreadsheet_are_noticed() {
    let (dir, saves) = with_example();
    let dir = dir.path();
    let xlsx = export(dir, "profile", "xlsx", "profile.xlsx");
    let rows = sheet_rows(&xlsx);
    // The FRN as the example has it, its zeros lost: read as the same FRN.
    let same = dir.join("same.xlsx");
    rewrite(
        &rows,
        "profile",
        &[("profile.frn", Cell::Number(31234567.0))],
        false,
        &same,
    );
    let (code, out, err) = import(dir, &same, &[]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("31234567 read as 0031234567"), "{out}");
    assert!(out.contains("nothing to change"), "{out}");
    // Another FRN of nine digits: refused, with the FRN it looks like.
    let other = dir.join("other.xlsx");
    rewrite(
        &rows,
        "profile",
        &[("profile.frn", Cell::Number(31234568.0))],
        false,
        &other,
    );
    let before = fs::read(saves.join("example.ron")).unwrap();
    let (code, _, err) = import(dir, &other, &[]);
    assert_eq!(code, 1);
    assert!(
        err.contains("31234568 looks like 0031234568 with its leading zeros lost"),
        "{err}"
    );
    assert_eq!(fs::read(saves.join("example.ron")).unwrap(), before);
}

#[test]
fn every_export_of_the_example_imports_as_no_change() {
    let (dir, _) = with_example();
    let dir = dir.path();
    let forms = [
        "profile",
        "checklist",
        "certification",
        "agreement-request",
        "negotiation",
        "questionnaire",
        "network",
        "collocation",
        "early-ordering",
    ];
    for form in forms {
        for format in ["csv", "json", "xlsx"] {
            let file = export(dir, form, format, &format!("{form}.{format}"));
            let (code, out, err) = import(dir, &file, &["--dry-run"]);
            assert_eq!(code, 0, "{form}.{format}: {err}");
            assert!(out.contains("nothing to change"), "{form}.{format}: {out}");
        }
    }
}

#[test]
fn an_unreadable_file_is_refused_with_its_line_and_column() {
    let (dir, _) = with_example();
    let dir = dir.path();
    let csv = dir.join("broken.csv");
    fs::write(
        &csv,
        "section,row,path,label,value\r\nx,,profile.dba,DBA,\"open\r\n",
    )
    .unwrap();
    let (code, _, err) = import(dir, &csv, &[]);
    assert_eq!(code, 2);
    assert!(err.contains("broken.csv:2:"), "{err}");
    let json = dir.join("broken.json");
    fs::write(&json, "{\n  \"answers\": [\n").unwrap();
    let (code, _, err) = import(dir, &json, &[]);
    assert_eq!(code, 2);
    assert!(err.contains("broken.json:"), "{err}");
}

#[test]
fn a_workbook_of_several_forms_imports_whole_or_one_form_with_form() {
    let (dir, _) = with_example();
    let dir = dir.path();
    let book_file = dir.join("team.xlsx");
    let mut book = Workbook::new();
    let notes = book.add_worksheet();
    notes.set_name("read me").unwrap();
    notes.write_string(0, 0, "Fill the value column").unwrap();
    for (sheet, path, value) in [
        ("profile", "profile.hq_zip", "80203"),
        ("network", "network.trunk_groups[1].y1_q1", "60"),
    ] {
        let ws = book.add_worksheet();
        ws.set_name(sheet).unwrap();
        ws.write_string(0, 0, "path").unwrap();
        ws.write_string(0, 1, "value").unwrap();
        ws.write_string(1, 0, path).unwrap();
        ws.write_string(1, 1, value).unwrap();
    }
    book.save(&book_file).unwrap();
    let (code, out, err) = import(dir, &book_file, &["--form", "network"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("network.trunk_groups[1].y1_q1: 48 -> 60"),
        "{out}"
    );
    assert!(!out.contains("hq_zip"), "{out}");
    assert_eq!(answers(dir, "profile")["profile.hq_zip"], "80202");
    let (code, out, err) = import(dir, &book_file, &[]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("profile.hq_zip: 80202 -> 80203"), "{out}");
    assert!(out.contains("1 change imported"), "{out}");
}
