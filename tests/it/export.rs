//! Exports end to end: every `.eml` is parsed back with an independent MIME parser
//! (mailparse) and checked against the answers; summaries are snapshots; nothing an answer
//! holds can add a header or smuggle an escape sequence into a file.

use std::fs;
use std::path::Path;

use crate::support::{run_ok, set, with_example, wizard};
use mailparse::{MailHeaderMap, ParsedMail, parse_mail};
use predicates::prelude::*;

/// The text of a PDF, read back by `pdftotext`, which these tests need.
fn pdf_text(bytes: &[u8]) -> String {
    crate::support::pdftotext(bytes)
}

/// `export ARGS`; one form is read from standard output (`-o -`) unless `-o` is given.
fn export(dir: &Path, args: &[&str]) -> Vec<u8> {
    let mut cmd = wizard(dir);
    cmd.arg("export").args(args);
    if !args.iter().any(|a| ["-o", "--all"].contains(a)) {
        cmd.args(["-o", "-"]);
    }
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// Replaces the example's legal name in the draft file with `name` (written as RON).
fn rename_company(saves: &Path, name_ron: &str) {
    let file = saves.join("example.ron");
    let text = fs::read_to_string(&file).unwrap();
    let text = text.replace(
        r#""profile.legal_name": Text("Prairie Lantern Communications LLC")"#,
        &format!(r#""profile.legal_name": Text({name_ron})"#),
    );
    fs::write(file, text).unwrap();
}

/// An export as a reader sees it: a PDF as its text, a message as its body and the
/// text of every attachment.
fn decoded(format: &str, bytes: &[u8]) -> String {
    match format {
        "pdf" => pdf_text(bytes),
        "eml" => {
            let mail = parse_mail(bytes).unwrap();
            let mut all = mail.subparts[0].get_body().unwrap();
            for (name, part) in attachments(&mail) {
                let raw = part.get_body_raw().unwrap();
                all.push_str(&decoded(name.rsplit('.').next().unwrap(), &raw));
            }
            all
        }
        "xlsx" => {
            use calamine::Reader as _;
            let mut book: calamine::Xlsx<_> =
                calamine::open_workbook_from_rs(std::io::Cursor::new(bytes.to_vec())).unwrap();
            let mut all = String::new();
            for name in book.sheet_names() {
                for row in book.worksheet_range(&name).unwrap().rows() {
                    for cell in row {
                        all.push_str(&cell.to_string());
                        all.push('\t');
                    }
                    all.push('\n');
                }
            }
            all
        }
        _ => String::from_utf8_lossy(bytes).into_owned(),
    }
}

/// Every format one form exports to.
const FORMATS: [&str; 7] = ["text", "md", "csv", "json", "xlsx", "pdf", "eml"];

fn attachments<'a>(mail: &'a ParsedMail<'a>) -> Vec<(String, &'a ParsedMail<'a>)> {
    mail.subparts
        .iter()
        .filter_map(|p| {
            let d = p.get_content_disposition();
            d.params.get("filename").map(|f| (f.clone(), p))
        })
        .collect()
}

/// The Agreement Request Form exported as a message with its answers as JSON attached.
const ARF_EML_WITH_JSON: [&str; 6] = [
    "example",
    "--form",
    "agreement-request",
    "--format",
    "eml",
    "--attach-json",
];

#[test]
fn the_agreement_request_eml_is_ready_to_send() {
    let (dir, _) = with_example();
    let bytes = export(dir.path(), &ARF_EML_WITH_JSON);
    let text = String::from_utf8(bytes.clone()).unwrap();
    assert!(text.lines().all(|l| l.len() <= 998), "line length limit");
    assert!(
        text.split("\r\n").all(|l| !l.contains('\n')),
        "CRLF line endings only"
    );
    let mail = parse_mail(&bytes).unwrap();
    let h = &mail.headers;
    assert_eq!(h.get_first_value("To").unwrap(), "<intagree@lumen.com>");
    assert!(
        h.get_first_value("From")
            .unwrap()
            .contains("mquintero-hale@prairielantern.example")
    );
    assert!(
        h.get_first_value("Reply-To")
            .unwrap()
            .contains("mquintero-hale@prairielantern.example")
    );
    assert_eq!(h.get_first_value("X-Unsent").unwrap(), "1");
    assert_eq!(
        h.get_first_value("Subject").unwrap(),
        "Prairie Lantern Communications LLC - PLQ - CO, UT - Agreement Request Form"
    );
    assert!(h.get_first_value("Date").is_some());
    let body = mail.subparts[0].get_body().unwrap().replace("\r\n", "\n");
    assert!(
        body.starts_with("Dear Manager – Interconnection Agreements,"),
        "{body}"
    );
    assert!(
        body.contains(
            "Prairie Lantern Communications LLC (ACNA PLQ) requests these agreements with\n\
             CenturyLink:\n\n  - Colorado (CO), with Qwest Corporation d/b/a CenturyLink QC: an\n"
        ),
        "what is requested: company, states and paths: {body}"
    );
    assert!(
        body.contains("Sincerely,\n\nMarisol Quintero-Hale\nDirector, Carrier Relations\n"),
        "signed by the primary contact: {body}"
    );

    // A printable copy and, as asked, the answers as JSON.
    let files = attachments(&mail);
    let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
    let stem = "prairie-lantern-communications-llc-agreement-request-";
    assert_eq!(names.len(), 3, "{names:?}");
    assert!(names[..2].iter().all(|n| n.starts_with(stem)), "{names:?}");
    assert!(
        names.iter().all(|n| body.contains(n)),
        "the letter lists {names:?}"
    );
    // The redlined NTA of the Utah row goes along, as the Word document it is.
    assert_eq!(names[2], "PrairieLantern-UT-NTA-redlines-2026-02.docx");
    assert_eq!(
        files[2].1.ctype.mimetype,
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    );
    assert_eq!(files[0].1.ctype.mimetype, "application/pdf");
    let printable = pdf_text(&files[0].1.get_body_raw().unwrap());
    assert!(
        printable.contains("Agreement Request Form") && printable.contains("Opt in"),
        "{printable}"
    );
    let sent: serde_json::Value =
        serde_json::from_slice(&files[1].1.get_body_raw().unwrap()).unwrap();
    let json = export(
        dir.path(),
        &["example", "--form", "agreement-request", "--format", "json"],
    );
    let full: serde_json::Value = serde_json::from_slice(&json).unwrap();
    assert_eq!(sent["answers"], full["answers"]);
    assert!(
        sent.get("draft").is_none() && sent.get("problems").is_none(),
        "{sent}"
    );
}

#[test]
fn non_ascii_names_are_encoded_and_decode_back() {
    let (dir, saves) = with_example();
    rename_company(&saves, r#""Ñandú Télécom — Société Coopérative""#);
    let bytes = export(dir.path(), &ARF_EML_WITH_JSON);
    assert!(
        bytes.is_ascii(),
        "the message itself is 7-bit: headers and bodies are encoded"
    );
    let mail = parse_mail(&bytes).unwrap();
    let subject = mail.headers.get_first_value("Subject").unwrap();
    assert!(
        subject.starts_with("Ñandú Télécom — Société Coopérative - PLQ"),
        "{subject}"
    );
    let files = attachments(&mail);
    assert!(
        files[0]
            .0
            .starts_with("ñandú-télécom-société-coopérative-agreement-request-"),
        "{}",
        files[0].0
    );
    let body = mail.subparts[0].get_body().unwrap();
    assert!(
        body.contains("Ñandú Télécom — Société Coopérative (ACNA PLQ) requests"),
        "{body}"
    );
    let json: serde_json::Value =
        serde_json::from_slice(&files[1].1.get_body_raw().unwrap()).unwrap();
    assert_eq!(
        json["answers"]["agreement-request.legal_name"],
        "Ñandú Télécom — Société Coopérative"
    );
}

#[test]
fn an_answer_cannot_add_a_header_or_an_escape_sequence() {
    let (dir, saves) = with_example();
    rename_company(
        &saves,
        r#""Evil Corp\r\nBcc: someone@example.com\r\n\u{1b}[31mX-Injected: yes""#,
    );
    let out = wizard(dir.path())
        .args([
            "export",
            "example",
            "--form",
            "agreement-request",
            "--format",
            "eml",
        ])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "the invalid name makes the form incomplete"
    );
    let bytes = export(
        dir.path(),
        &[
            "example",
            "--form",
            "agreement-request",
            "--format",
            "eml",
            "--draft",
        ],
    );
    let mail = parse_mail(&bytes).unwrap();
    assert!(mail.headers.get_first_value("Bcc").is_none());
    assert!(mail.headers.get_first_value("X-Injected").is_none());
    let subject = mail.headers.get_first_value("Subject").unwrap();
    assert!(
        subject.starts_with("[DRAFT] Evil Corp  Bcc: someone@example.com  [31mX-Injected: yes"),
        "{subject}"
    );
    for format in ["text", "md", "csv", "json", "eml"] {
        let bytes = export(
            dir.path(),
            &[
                "example",
                "--form",
                "agreement-request",
                "--format",
                format,
                "--draft",
            ],
        );
        assert!(!bytes.contains(&0x1b), "{format}: no escape character");
    }
}

#[test]
fn incomplete_forms_are_refused_unless_draft() {
    let dir = tempfile::tempdir().unwrap();
    wizard(dir.path()).args(["new", "acme"]).assert().success();
    set(dir.path(), "acme", "profile.legal_name", "Acme Fiber");
    wizard(dir.path())
        .args([
            "export",
            "acme",
            "--form",
            "agreement-request",
            "--format",
            "text",
        ])
        .assert()
        .code(1)
        .stdout("")
        .stderr(
            predicate::str::contains("refused")
                .and(predicate::str::contains("missing: States requested")),
        );
    let text = String::from_utf8(export(
        dir.path(),
        &[
            "acme",
            "--form",
            "agreement-request",
            "--format",
            "text",
            "--draft",
        ],
    ))
    .unwrap();
    assert!(text.starts_with("Agreement Request Form [DRAFT]"), "{text}");
    assert!(
        text.contains("Open items\n----------\n  - missing: "),
        "{text}"
    );
    assert!(
        text.contains(
            "\n  - missing: States requested (agreement-request.states_requested): required\n"
        ),
        "{text}"
    );
}

#[test]
fn files_are_never_overwritten_without_force_and_exports_are_recorded() {
    let (dir, saves) = with_example();
    let out = dir.path().join("agreement.eml");
    let run = |force: bool| {
        let mut cmd = wizard(dir.path());
        cmd.args([
            "export",
            "example",
            "--form",
            "agreement-request",
            "--format",
            "eml",
            "-o",
        ])
        .arg(&out);
        if force {
            cmd.arg("--force");
        }
        cmd.assert()
    };
    run(false).success();
    let first = fs::read(&out).unwrap();
    run(false)
        .code(2)
        .stderr(predicate::str::contains("--force"));
    assert_eq!(fs::read(&out).unwrap(), first, "left untouched");
    run(true).success();
    // The record of the export is kept beside the draft (git-ignored), not in it.
    let draft = fs::read_to_string(saves.join("example.ron")).unwrap();
    assert!(!draft.contains("exported: Some("), "{draft}");
    let side = fs::read_to_string(saves.join(".example.exports")).unwrap();
    let line = side
        .lines()
        .find(|l| l.contains("\"agreement-request\": ("))
        .unwrap();
    assert!(
        line.contains("(at: ") && line.contains("format: \"eml\""),
        "{line}"
    );
    // A later change shows as changed since the export.
    wizard(dir.path())
        .args([
            "set",
            "example",
            "agreement-request.signature_method",
            "wet_ink",
        ])
        .assert()
        .success();
    let draft = clec_wizard::storage::drafts::DraftStore::new(&saves)
        .load("example")
        .unwrap();
    assert!(draft.forms["agreement-request"].changed_since_export());
    assert!(!draft.forms["profile"].changed_since_export());
}

/// The folder `where` names for exports.
fn exports_folder(dir: &Path) -> std::path::PathBuf {
    let said = run_ok(dir, &["where"]);
    let line = said.lines().find_map(|l| l.strip_prefix("exports:"));
    std::path::PathBuf::from(line.unwrap_or_else(|| panic!("{said}")).trim())
}

/// Without `-o`, a PDF, a workbook or a message is written into the exports folder that
/// `where` names (never onto standard output), under the name `export --all` gives the
/// same file, and the path written is printed; an existing file needs `--force`.
#[test]
fn binary_exports_without_o_go_into_the_exports_folder() {
    let (dir, saves) = with_example();
    let exports = exports_folder(dir.path());
    assert_eq!(exports, saves.join("exports"), "under the folder of drafts");
    let bundle = dir.path().join("bundle");
    // "wrote FILE" is a note: on standard error.
    let out = wizard(dir.path())
        .args(["export", "example", "--all", "-o", bundle.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(out.status.success() && out.stdout.is_empty(), "{out:?}");
    let all: Vec<String> = String::from_utf8(out.stderr)
        .unwrap()
        .lines()
        .filter_map(|l| l.strip_prefix("wrote "))
        .map(|l| l.rsplit('/').next().unwrap().to_string())
        .collect();
    for format in ["pdf", "xlsx", "eml"] {
        let args = [
            "export",
            "example",
            "--form",
            "agreement-request",
            "--format",
            format,
        ];
        let out = wizard(dir.path()).args(args).output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(out.stdout.is_empty(), "notes go to standard error");
        let said = String::from_utf8(out.stderr).expect("only text on standard error");
        let wrote: Vec<&str> = said
            .lines()
            .filter_map(|l| l.strip_prefix("wrote "))
            .collect();
        assert_eq!(wrote.len(), 1, "{said}");
        let path = Path::new(wrote[0]);
        assert!(
            path.starts_with(&exports),
            "{} in {}",
            path.display(),
            exports.display()
        );
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        assert!(
            name.starts_with("prairie-lantern-communications-llc-agreement-request-")
                && name.ends_with(&format!(".{format}")),
            "{name}"
        );
        // (`--all` has one workbook for every form, and one message per recipient.)
        if format == "pdf" {
            assert!(
                all.contains(&name),
                "{name} is named as in export --all: {all:?}"
            );
        }
        let first = fs::read(path).unwrap();
        assert!(!first.is_empty());
        // Never over an existing file without --force.
        wizard(dir.path())
            .args(args)
            .assert()
            .code(2)
            .stderr(predicate::str::contains("--force"));
        wizard(dir.path())
            .args(args)
            .arg("--force")
            .assert()
            .success();
    }
}

/// `-o -` sends a binary export to standard output when it is a pipe, and refuses it
/// (exit 2, with what to do instead) when standard output is a terminal.
#[test]
fn binary_exports_reach_a_pipe_but_never_a_terminal() {
    let (dir, saves) = with_example();
    let bytes = export(
        dir.path(),
        &[
            "example",
            "--form",
            "agreement-request",
            "--format",
            "pdf",
            "-o",
            "-",
        ],
    );
    assert!(bytes.starts_with(b"%PDF"), "the PDF itself through a pipe");
    assert!(
        !dir.path().join("-").exists(),
        "`-` is standard output, not a file"
    );
    wizard(dir.path())
        .args(["export", "example", "--all", "-o", "-"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "standard output (-o -) cannot take",
        ));
    assert!(!dir.path().join("-").exists());
    let exe = assert_cmd::cargo::cargo_bin!("clec-wizard");
    let quoted = |s: &str| format!("'{}'", s.replace('\'', "'\\''"));
    for format in ["pdf", "xlsx", "eml"] {
        let line = format!(
            "{} --saves {} export example --form agreement-request --format {format} -o -",
            quoted(&exe.to_string_lossy()),
            quoted(&saves.to_string_lossy()),
        );
        // script(1) (util-linux, on every Debian) runs the command with a terminal as its
        // standard output.
        let out = std::process::Command::new("script")
            .args(["-qec", &line, "/dev/null"])
            .current_dir(dir.path())
            .env_remove("CLEC_WIZARD_SAVES")
            .output()
            .expect("script(1) gives the command a terminal (apt-get install bsdutils; util-linux elsewhere)");
        let shown = String::from_utf8_lossy(&out.stdout);
        assert_eq!(out.status.code(), Some(2), "{format}: {shown}");
        assert!(
            shown.contains("not written to the terminal") && shown.contains("-o FILE"),
            "{format}: {shown}"
        );
        assert!(
            !shown.contains("%PDF") && !shown.contains("X-Unsent"),
            "{shown}"
        );
    }
}

#[test]
fn export_all_writes_a_folder_with_one_eml_per_recipient() {
    let (dir, _) = with_example();
    let out = wizard(dir.path())
        .args(["export", "example", "--all"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let folder = fs::read_dir(dir.path().join("saves/exports"))
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    assert!(
        folder
            .file_name()
            .unwrap()
            .to_string_lossy()
            .starts_with("example-20")
    );
    let names: Vec<String> = fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    let to_lumen: Vec<&String> = names
        .iter()
        .filter(|n| n.ends_with("-to-intagree-lumen-com.eml"))
        .collect();
    assert_eq!(to_lumen.len(), 1, "{names:?}");
    for form in ["profile", "questionnaire", "early-ordering"] {
        for ext in ["txt", "md", "csv", "json"] {
            assert!(
                names
                    .iter()
                    .any(|n| n.contains(&format!("-{form}-")) && n.ends_with(ext)),
                "{form}.{ext} in {names:?}"
            );
        }
    }
    // The CSV loads as a table: one header and a row per answer, five fields each.
    let csv_name = names
        .iter()
        .find(|n| n.contains("-agreement-request-") && n.ends_with(".csv"))
        .unwrap();
    let csv = fs::read_to_string(folder.join(csv_name)).unwrap();
    let mut lines = csv.lines();
    assert_eq!(
        lines.next().unwrap(),
        "\u{feff}section,row,path,label,value"
    );
    assert!(
        lines
            .any(|l| l
                == "States and agreement path,2,agreement-request.agreements[2].state,State,UT"),
        "{csv}"
    );
    let mail = fs::read(folder.join(to_lumen[0])).unwrap();
    let parsed = parse_mail(&mail).unwrap();
    assert_eq!(
        parsed.headers.get_first_value("To").unwrap(),
        "<intagree@lumen.com>"
    );
    // A second run does not overwrite.
    wizard(dir.path())
        .args(["export", "example", "--all"])
        .assert()
        .code(2);
}

#[test]
fn summaries_of_the_example() {
    let (dir, _) = with_example();
    let filters = vec![(r"(Prepared by .* on )\d{4}-\d{2}-\d{2}", "${1}[date]")];
    for (format, name) in [("text", "summary_text"), ("md", "summary_md")] {
        let text = String::from_utf8(export(
            dir.path(),
            &["example", "--form", "agreement-request", "--format", format],
        ))
        .unwrap();
        insta::with_settings!({filters => filters.clone()}, {
            insta::assert_snapshot!(name, text);
        });
    }
    let text = String::from_utf8(export(
        dir.path(),
        &["example", "--form", "questionnaire", "--format", "md"],
    ))
    .unwrap();
    assert!(text.contains("| # | Roles | Name |"), "groups are tables");
}

/// An `--all` export that meets files it may not replace writes none (no half folder),
/// names them, records nothing; `--force` replaces them all.
#[test]
fn export_all_with_files_in_the_way_writes_nothing() {
    // The file names an export writes, in order, from a run in another folder.
    let (other, _) = with_example();
    let out = wizard(other.path())
        .args(["export", "example", "--all"])
        .output()
        .unwrap();
    assert!(out.status.success() && out.stdout.is_empty(), "{out:?}");
    let listed: Vec<String> = String::from_utf8(out.stderr)
        .unwrap()
        .lines()
        .map(|l| {
            let path = Path::new(l.strip_prefix("wrote ").unwrap());
            path.file_name().unwrap().to_string_lossy().into_owned()
        })
        .collect();
    let (dir, saves) = with_example();
    let before = fs::read(saves.join("example.ron")).unwrap();
    let folder = dir.path().join("out");
    fs::create_dir_all(&folder).unwrap();
    // The last two files (the last form's PDF... and its message) are in the way.
    for name in &listed[listed.len() - 2..] {
        fs::write(folder.join(name), "mine").unwrap();
    }
    let run = |force: bool| {
        let mut cmd = wizard(dir.path());
        cmd.args(["export", "example", "--all", "-o"]).arg(&folder);
        if force {
            cmd.arg("--force");
        }
        cmd.output().unwrap()
    };
    let out = run(false);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("and 1 other file(s) of this export exist; nothing was written")
            && stderr.contains("use --force"),
        "{stderr}"
    );
    assert!(out.stdout.is_empty(), "nothing written");
    assert_eq!(fs::read_dir(&folder).unwrap().count(), 2, "no half folder");
    for name in &listed[listed.len() - 2..] {
        assert_eq!(fs::read_to_string(folder.join(name)).unwrap(), "mine");
    }
    assert_eq!(
        fs::read(saves.join("example.ron")).unwrap(),
        before,
        "nothing recorded"
    );
    let out = run(true);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(fs::read_dir(&folder).unwrap().count(), listed.len());
    assert_ne!(
        fs::read_to_string(folder.join(listed.last().unwrap())).unwrap(),
        "mine"
    );
}

/// Every text summary fits 78 display columns, wide characters counted as two, however
/// long the company name and the answers.
#[test]
fn text_summaries_fit_78_columns() {
    use unicode_width::UnicodeWidthStr;
    let (dir, saves) = with_example();
    rename_company(
        &saves,
        r#""Société Télécom 東京 LLC, a very long company name that goes on and on 東京都千代田区丸の内一丁目""#,
    );
    set(
        dir.path(),
        "example",
        "profile.dba_names",
        &format!(
            "{} 東京電話\nPrairie 東京東京東京東京東京東京東京東京東京東京東京東京東京東京東京東京東京東京東京東京東京東京",
            "Prairie Lantern Fiber and Regulatory Affairs ".repeat(4)
        ),
    );
    let forms = wizard(dir.path())
        .args(["forms", "--json"])
        .output()
        .unwrap();
    let forms: serde_json::Value = serde_json::from_slice(&forms.stdout).unwrap();
    for form in forms["forms"].as_array().unwrap() {
        let id = form["id"].as_str().unwrap();
        let out = wizard(dir.path())
            .args([
                "export", "example", "--draft", "--format", "text", "--form", id,
            ])
            .output()
            .unwrap();
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(text.lines().count() > 5, "{id}: {text}");
        for line in text.lines() {
            assert!(line.width() <= 78, "{id}: {} columns: {line}", line.width());
        }
    }
}

/// An answer to a field its conditions hide is kept in the draft but appears in no
/// export: not as a value, and not as an empty line in the text summary.
#[test]
fn hidden_fields_appear_in_no_export() {
    let (dir, saves) = with_example();
    // The shown document is there: a missing one would be an open item stopping exports.
    fs::write(saves.join("shown-redline.docx"), b"redlines").unwrap();
    // Row 1 takes the NTA as is: its redline file is hidden; row 2 negotiates with redlines.
    set(
        dir.path(),
        "example",
        "agreement-request.agreements[1].redline_file",
        "SECRET-hidden-redline.docx",
    );
    set(
        dir.path(),
        "example",
        "agreement-request.agreements[2].path",
        "nta_redlines",
    );
    set(
        dir.path(),
        "example",
        "agreement-request.agreements[2].redline_file",
        "shown-redline.docx",
    );
    let mut seen_shown = 0;
    for format in ["text", "md", "csv", "json", "eml", "pdf"] {
        let bytes = export(
            dir.path(),
            &["example", "--form", "agreement-request", "--format", format],
        );
        let text = decoded(format, &bytes);
        assert!(!text.contains("SECRET"), "{format}: {text}");
        let flat: String = text.split_whitespace().collect();
        seen_shown += usize::from(flat.contains("shown-redline.docx"));
        if format == "text" {
            let row1 = text
                .split("    1. CO")
                .nth(1)
                .unwrap()
                .split("    2. UT")
                .next()
                .unwrap();
            assert!(!row1.contains("Redlined NTA file"), "{row1}");
            assert!(
                text.contains("Redlined NTA file: shown-redline.docx"),
                "{text}"
            );
        }
    }
    assert_eq!(seen_shown, 6, "the visible answer is in every export");
}

/// The `.eml` files of an `export --all` into a fresh folder, parsed: (file name, bytes).
fn export_all_messages(dir: &Path, extra: &[&str]) -> Vec<(String, Vec<u8>)> {
    let folder = dir.join(format!("out{}", extra.len()));
    let mut args = vec!["example", "--all", "-o", folder.to_str().unwrap()];
    args.extend(extra);
    export(dir, &args);
    let mut out: Vec<(String, Vec<u8>)> = fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "eml"))
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, fs::read(p).unwrap())
        })
        .collect();
    out.sort();
    out
}

fn titles_in(mail: &ParsedMail<'_>) -> Vec<String> {
    attachments(mail)
        .into_iter()
        .filter(|(n, _)| n.starts_with("prairie-lantern-") && n.ends_with(".pdf"))
        .map(|(_, p)| {
            let text = pdf_text(&p.get_body_raw().unwrap());
            text.lines().next().unwrap().trim().to_string()
        })
        .collect()
}

/// A bundle for every recipient: each message has its own Message-ID and a Date, the
/// cover letter is written for CenturyLink (none of the wizard's own words in it), and
/// each form goes with one printable copy, and one answers file only when asked.
#[test]
fn every_message_of_a_bundle_is_for_its_recipient() {
    let (dir, _) = with_example();
    let plain = export_all_messages(dir.path(), &[]);
    for (name, bytes) in &plain {
        let mail = parse_mail(bytes).unwrap();
        let files = attachments(&mail);
        assert!(files.iter().any(|(n, _)| n.ends_with(".pdf")), "{name}");
        assert!(
            !files.iter().any(|(n, _)| n.ends_with(".json")),
            "{name}: no answers file unless asked"
        );
        let body = mail.subparts[0].get_body().unwrap();
        assert!(!body.contains("machine-readable"), "{name}: {body}");
    }
    let messages = export_all_messages(dir.path(), &["--attach-json"]);
    assert_eq!(
        messages.len(),
        3,
        "intagree, the account team, the negotiator"
    );
    let mut ids = std::collections::BTreeSet::new();
    // What clec-wizard says to its user: form descriptions, notes, its own name.
    let instructions = [
        "clec-wizard",
        "Compare",
        "compare",
        "Send to",
        "Send the",
        "Add the recipient",
        "draft",
        "DRAFT",
        "structured version",
    ];
    for (name, bytes) in &messages {
        let mail = parse_mail(bytes).unwrap();
        let h = &mail.headers;
        let id = h.get_first_value("Message-ID").unwrap();
        assert!(ids.insert(id.clone()), "{name}: {id} used twice");
        assert!(h.get_first_value("Date").is_some(), "{name}");
        let subject = h.get_first_value("Subject").unwrap();
        assert!(!subject.contains("[DRAFT]"), "{name}: {subject}");
        let to = h.get_first_value("To").unwrap();
        assert!(
            name.contains(&to.trim_matches(['<', '>']).replace(['@', '.'], "-")),
            "{name}: {to}"
        );
        let body = mail.subparts[0].get_body().unwrap();
        for said in instructions {
            assert!(
                !body.contains(said),
                "{name}: the cover says {said:?}:\n{body}"
            );
        }
        let files = attachments(&mail);
        let ours = |n: &str, ext: &str| n.starts_with("prairie-lantern-") && n.ends_with(ext);
        let printable = files.iter().filter(|(n, _)| ours(n, ".pdf")).count();
        let answers = files.iter().filter(|(n, _)| ours(n, ".json")).count();
        assert!(printable > 0 && printable == answers, "{name}");
        for (file, part) in &files {
            let raw = part.get_body_raw().unwrap();
            let text = if file.ends_with(".pdf") {
                pdf_text(&raw)
            } else {
                String::from_utf8_lossy(&raw).into_owned()
            };
            assert!(!text.contains("clec-wizard"), "{name}/{file}");
            assert!(!text.contains("Compare it with"), "{name}/{file}");
        }
    }
    let all = messages
        .iter()
        .map(|(_, b)| parse_mail(b).unwrap())
        .collect::<Vec<_>>();
    let titles: Vec<String> = all.iter().flat_map(titles_in).collect();
    assert_eq!(
        titles,
        [
            "Early Ordering Letter Agreement",
            "Agreement Request Form",
            "State certification",
            "Customer Questionnaire",
            "Network interconnection",
            "Collocation requests"
        ]
    );
}

/// With one complete and one incomplete form: only the incomplete one is marked DRAFT,
/// and it is in no message unless `--draft` is given (then its message is a draft).
#[test]
fn export_all_marks_only_incomplete_forms_as_drafts() {
    let (dir, _) = with_example();
    let clear = wizard(dir.path())
        .args(["set", "example", "questionnaire.fet_exempt", "--clear"])
        .output()
        .unwrap();
    assert!(
        clear.status.success(),
        "{}",
        String::from_utf8_lossy(&clear.stderr)
    );
    let out = wizard(dir.path())
        .args(["export", "example", "--all", "-o", "plain"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let note = String::from_utf8_lossy(&out.stderr);
    assert!(
        note.contains("in no message") && note.contains("Customer Questionnaire"),
        "{note}"
    );
    let folder = dir.path().join("plain");
    let read = |stem: &str| {
        let name = fs::read_dir(&folder)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .find(|n| n.contains(stem) && n.ends_with(".txt"))
            .unwrap();
        fs::read_to_string(folder.join(name)).unwrap()
    };
    assert!(read("-questionnaire-").starts_with("Customer Questionnaire [DRAFT]"));
    assert!(read("-agreement-request-").starts_with("Agreement Request Form\n"));
    let messages = export_all_messages(dir.path(), &[]);
    for (name, bytes) in &messages {
        let mail = parse_mail(bytes).unwrap();
        let subject = mail.headers.get_first_value("Subject").unwrap();
        assert!(!subject.contains("DRAFT"), "{name}: {subject}");
        let titles = titles_in(&mail);
        assert!(
            !titles.iter().any(|t| t.contains("Questionnaire")),
            "{name}: {titles:?}"
        );
        assert!(
            titles.iter().all(|t| !t.contains("DRAFT")),
            "{name}: {titles:?}"
        );
    }
    let drafts = export_all_messages(dir.path(), &["--draft"]);
    let mut marked = Vec::new();
    for (_, bytes) in &drafts {
        let mail = parse_mail(bytes).unwrap();
        let subject = mail.headers.get_first_value("Subject").unwrap();
        let titles = titles_in(&mail);
        let has_draft = titles.iter().any(|t| t.ends_with("[DRAFT]"));
        assert_eq!(
            subject.starts_with("[DRAFT] "),
            has_draft,
            "{subject}: {titles:?}"
        );
        if has_draft {
            marked.extend(titles.into_iter().filter(|t| t.ends_with("[DRAFT]")));
        }
    }
    assert_eq!(marked, ["Customer Questionnaire [DRAFT]"]);
}

/// The user's own notes (ask-later notes, warnings) go to CenturyLink only in a draft.
#[test]
fn the_users_notes_stay_out_of_a_message_unless_draft() {
    let (dir, _) = with_example();
    let later = wizard(dir.path())
        .args([
            "set",
            "example",
            "agreement-request.products",
            "--later",
            "ASK-BOB-PRIVATE",
        ])
        .output()
        .unwrap();
    assert!(
        later.status.success(),
        "{}",
        String::from_utf8_lossy(&later.stderr)
    );
    let everything = |bytes: &[u8]| {
        let mail = parse_mail(bytes).unwrap();
        let mut all = mail.subparts[0].get_body().unwrap();
        for (name, part) in attachments(&mail) {
            let raw = part.get_body_raw().unwrap();
            match name.ends_with(".pdf") {
                true => all.push_str(&pdf_text(&raw)),
                false => all.push_str(&String::from_utf8_lossy(&raw)),
            }
        }
        all
    };
    let args = ["example", "--form", "agreement-request", "--format", "eml"];
    let sent = everything(&export(dir.path(), &args));
    assert!(!sent.contains("ASK-BOB"), "{sent}");
    let mut draft_args = args.to_vec();
    draft_args.push("--draft");
    let draft = everything(&export(dir.path(), &draft_args));
    assert!(draft.contains("ASK-BOB-PRIVATE"), "{draft}");
}

/// What the user wrote for themselves stays out of every file made to be sent, in every
/// format: an ask-later note, clec-wizard's progress of another form, the draft's name;
/// a draft export (made for the user) keeps them.
#[test]
fn the_users_own_stays_out_of_every_format_unless_draft() {
    let (dir, _) = with_example();
    run_ok(
        dir.path(),
        &[
            "set",
            "example",
            "agreement-request.products",
            "--later",
            "ask Bo (accounting) PRIVATE-NOTE",
        ],
    );
    for format in FORMATS {
        for form in ["agreement-request", "early-ordering"] {
            let args = ["example", "--form", form, "--format", format];
            let sent = decoded(format, &export(dir.path(), &args));
            for own in [
                "PRIVATE-NOTE",
                "in clec-wizard",
                "Customer Questionnaire status",
                "questionnaire_status",
                "clec-wizard draft",
                "\"example\"",
            ] {
                assert!(!sent.contains(own), "{form} {format} holds {own:?}: {sent}");
            }
            let draft = decoded(
                format,
                &export(dir.path(), &[&args[..], &["--draft"]].concat()),
            );
            // (The progress by its label, its printed wording in a document, or by its
            // path where a format has no labels.)
            let mine = if form == "agreement-request" {
                draft.contains("PRIVATE-NOTE")
            } else {
                [
                    "in clec-wizard",
                    "Customer Questionnaire status",
                    "questionnaire_status",
                ]
                .iter()
                .any(|w| draft.contains(w))
            };
            assert!(mine, "{form} {format} --draft: {draft}");
        }
    }
}

/// A document is named by its file alone in every export: never the path it has on the
/// user's disk, nor its folders inside the folder of drafts.
#[test]
fn documents_are_named_without_their_local_path_in_every_format() {
    let (dir, saves) = with_example();
    let deals = saves.join("Deals");
    fs::create_dir_all(&deals).unwrap();
    let file = deals.join("MesaRidge-NTA-redlines.pdf");
    fs::copy(saves.join("documents/neca-ocn-notice.pdf"), &file).unwrap();
    run_ok(
        dir.path(),
        &[
            "set",
            "example",
            "questionnaire.neca_ocn_notice",
            "Deals/MesaRidge-NTA-redlines.pdf",
        ],
    );
    for format in FORMATS {
        for draft in [false, true] {
            let mut args = vec!["example", "--form", "questionnaire", "--format", format];
            if draft {
                args.push("--draft");
            }
            let text = decoded(format, &export(dir.path(), &args));
            let flat: String = text.split_whitespace().collect();
            assert!(
                flat.contains("MesaRidge-NTA-redlines.pdf"),
                "{format}: named by its file: {text}"
            );
            let here: String = dir.path().to_string_lossy().split_whitespace().collect();
            for local in [here.as_str(), "Deals/", "documents/", "certificates/"] {
                assert!(
                    !flat.contains(local),
                    "{format} (draft {draft}) holds {local:?}: {text}"
                );
            }
        }
    }
}

/// Finalize, then change a profile fact the form reuses: every export still shows the
/// finalized value, and validate, list and the standing line say what changed, with
/// both values, until the form is finalized again (a new revision) or reopened.
#[test]
fn a_finalized_form_stays_what_was_signed() {
    let (dir, saves) = with_example();
    let d = dir.path();
    let form = ["--form", "agreement-request"];
    let said = run_ok(d, &[&["finalize", "example"][..], &form].concat());
    assert!(said.contains("finalized rev 1"), "{said}");
    set(d, "example", "profile.legal_name", "Renamed Fiber LLC");
    set(d, "example", "profile.acna", "RNF");
    for format in ["text", "md", "csv", "json", "eml", "pdf"] {
        let bytes = export(
            d,
            &["example", "--form", "agreement-request", "--format", format],
        );
        let text = decoded(format, &bytes);
        assert!(!text.contains("Renamed Fiber"), "{format}: {text}");
        assert!(
            text.contains("Prairie Lantern Communications LLC"),
            "{format}"
        );
    }
    let eml = export(
        d,
        &["example", "--form", "agreement-request", "--format", "eml"],
    );
    let mail = parse_mail(&eml).unwrap();
    let subject = mail.headers.get_first_value("Subject").unwrap();
    assert!(
        subject.starts_with("Prairie Lantern Communications LLC - PLQ - "),
        "{subject}"
    );
    let summary = String::from_utf8(export(
        d,
        &["example", "--form", "agreement-request", "--format", "text"],
    ))
    .unwrap();
    // Which finalized copy this is, is the applicant's record: in the JSON, not in what
    // the reader gets.
    assert!(!summary.contains("revision"), "{summary}");
    let json: serde_json::Value = serde_json::from_slice(&export(
        d,
        &["example", "--form", "agreement-request", "--format", "json"],
    ))
    .unwrap();
    assert_eq!(json["finalized"]["revision"], 1, "{json}");
    assert!(json["finalized"]["at"].is_string(), "{json}");
    let out = wizard(d)
        .args(["validate", "example"])
        .args(form)
        .output()
        .unwrap();
    let report = String::from_utf8(out.stdout).unwrap();
    assert!(
        report.contains(
            "changed since finalized: Legal name (agreement-request.legal_name): \
             Prairie Lantern Communications LLC -> Renamed Fiber LLC"
        ) && report.contains("ACNA (agreement-request.acna): PLQ -> RNF"),
        "{report}"
    );
    let json = wizard(d)
        .args(["validate", "example", "--json"])
        .args(form)
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let changed = &json["forms"][0]["finalized"]["changed_since"];
    assert_eq!(changed.as_array().unwrap().len(), 2, "{json}");
    let list = run_ok(d, &["list"]);
    assert!(
        list.contains("agreement-request 45/45 done finalized rev 1 (changed since finalized)"),
        "{list}"
    );
    // The sent log and CenturyLink's acknowledgement.
    run_ok(
        d,
        &[&["sent", "example"][..], &form, &["--on", "2026-11-20"]].concat(),
    );
    let said = run_ok(
        d,
        &[
            &["acknowledged", "example"][..],
            &form,
            &["--on", "2026-11-24", "--ref", "CDS-261124-0001"],
        ]
        .concat(),
    );
    assert!(
        said.contains("finalized rev 1 on ")
            && said.contains(" · sent on 2026-11-20 · acknowledged on 2026-11-24 (CDS-261124-0001) · changed since finalized"),
        "{said}"
    );
    // A message written to a file goes into the form's sent log.
    let out = dir.path().join("ar.eml");
    run_ok(
        d,
        &[
            "export",
            "example",
            "--form",
            "agreement-request",
            "--format",
            "eml",
            "-o",
            out.to_str().unwrap(),
        ],
    );
    let draft = clec_wizard::storage::drafts::DraftStore::new(&saves)
        .load("example")
        .unwrap();
    let state = &draft.forms["agreement-request"];
    assert_eq!(state.mailed.len(), 1);
    assert_eq!(
        (state.mailed[0].revision, state.mailed[0].to.as_deref()),
        (1, Some("intagree@lumen.com"))
    );
    assert_eq!(state.mailed[0].files, ["ar.eml"]);
    // Finalized again: rev 2, with the new name.
    let said = run_ok(d, &[&["finalize", "example"][..], &form].concat());
    // Nothing changed since rev 2; the last export carried rev 1.
    assert!(
        said.contains("finalized rev 2")
            && !said.contains("changed since finalized")
            && said.contains("changed since the last export"),
        "{said}"
    );
    let text = String::from_utf8(export(
        d,
        &["example", "--form", "agreement-request", "--format", "text"],
    ))
    .unwrap();
    assert!(text.contains("Legal name: Renamed Fiber LLC"), "{text}");
    let json: serde_json::Value = serde_json::from_slice(&export(
        d,
        &["example", "--form", "agreement-request", "--format", "json"],
    ))
    .unwrap();
    assert_eq!(json["finalized"]["revision"], 2, "{json}");
    let since_export = |d: &Path| {
        let out = wizard(d)
            .args(["validate", "example"])
            .args(form)
            .output()
            .unwrap();
        String::from_utf8(out.stdout)
            .unwrap()
            .contains("changed since the last export")
    };
    assert!(
        since_export(d),
        "printed, not exported: the last export is rev 1's"
    );
    let pdf = dir.path().join("ar.pdf");
    run_ok(
        d,
        &[
            &["export", "example"][..],
            &form,
            &["--format", "pdf", "-o", pdf.to_str().unwrap()],
        ]
        .concat(),
    );
    assert!(!since_export(d), "rev 2 was exported");
    // Reopened: the live answers again, and the form can change.
    run_ok(d, &[&["reopen", "example"][..], &form].concat());
    assert!(
        since_export(d),
        "the export carried rev 2, no longer in force"
    );
    let out = wizard(d)
        .args(["reopen", "example"])
        .args(form)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "nothing to reopen");
    set(
        d,
        "example",
        "agreement-request.signature_method",
        "wet_ink",
    );
}

/// Every form as a PDF, read back with pdftotext: every answered label and value of the
/// text summary is in it, the page count is sane, pages are numbered, and the signed
/// documents end with a signature block. A non-Latin company name is kept whole.
#[test]
fn every_form_prints_as_a_pdf_with_its_answers() {
    let (dir, saves) = with_example();
    rename_company(&saves, r#""Société Télécom 東京 LLC""#);
    let forms = wizard(dir.path())
        .args(["forms", "--json"])
        .output()
        .unwrap();
    let forms: serde_json::Value = serde_json::from_slice(&forms.stdout).unwrap();
    let squash = |s: &str| s.split_whitespace().collect::<String>();
    for form in forms["forms"].as_array().unwrap() {
        let id = form["id"].as_str().unwrap();
        let pdf = export(dir.path(), &["example", "--form", id, "--format", "pdf"]);
        assert!(pdf.starts_with(b"%PDF-"), "{id}");
        let text = pdf_text(&pdf);
        let pages = text.matches('\u{c}').count();
        assert!((1..=30).contains(&pages), "{id}: {pages} pages");
        assert!(
            text.contains(&format!("page {pages} of {pages}")),
            "{id}: numbered"
        );
        assert!(text.contains("Société Télécom 東京 LLC"), "{id}");
        // Each "Label: value" line of the text summary has its label and value in the PDF
        // (compared without spaces, as columns and wrapping move them).
        let summary = String::from_utf8(export(
            dir.path(),
            &["example", "--form", id, "--format", "text"],
        ))
        .unwrap();
        let flat = squash(&text);
        let mut checked = 0;
        let indent = |l: &str| l.len() - l.trim_start().len();
        for line in summary.lines().filter(|l| [2, 6].contains(&indent(l))) {
            let Some((label, value)) = line.trim().rsplit_once(": ") else {
                continue;
            };
            // A label whose answer wrapped whole to the next line ends in its own colon.
            if value.len() < 2 || label.len() > 60 || value.ends_with(':') {
                continue;
            }
            checked += 1;
            for word in label.split_whitespace() {
                assert!(
                    flat.contains(word),
                    "{id}: {word:?} of label {label:?}\n{text}"
                );
            }
            // Table cells wrap in their columns (a word too long for its column is
            // broken): each word of the answer is there.
            for word in value.split_whitespace() {
                assert!(
                    flat.contains(word),
                    "{id}: {word:?} of {value:?} ({label:?})\n{text}"
                );
            }
        }
        assert!(checked > 3, "{id}: {checked} answers checked");
        let signed = ["agreement-request", "questionnaire", "early-ordering"].contains(&id);
        assert_eq!(
            text.contains("Printed name"),
            signed,
            "{id}: signature block"
        );
        // The signature block shares its page with the end of what it signs.
        if let Some(page) = text.split('\u{c}').find(|p| p.contains("Printed name")) {
            let before = page.split("Signature").next().unwrap_or_default();
            assert!(!before.trim().is_empty(), "{id}: signature alone on a page");
        }
    }
    let eola = pdf_text(&export(
        dir.path(),
        &["example", "--form", "early-ordering", "--format", "pdf"],
    ));
    let block = eola.split("Printed name").nth(1).unwrap();
    assert!(block.contains("Title") && block.contains("Date"), "{block}");
}

/// One numbering scheme per document: the questionnaire's sections carry their own
/// letters ("A. General"), so no number goes before them; other forms are numbered.
#[test]
fn section_headings_are_numbered_once() {
    let (dir, _) = with_example();
    let read = |form: &str, format: &str| {
        let bytes = export(dir.path(), &["example", "--form", form, "--format", format]);
        match format {
            "pdf" => pdf_text(&bytes),
            _ => String::from_utf8(bytes).unwrap(),
        }
    };
    for format in ["text", "md", "pdf"] {
        let questionnaire = read("questionnaire", format);
        let lines: Vec<&str> = questionnaire.lines().map(str::trim).collect();
        let general = lines.iter().find(|l| l.contains("General")).unwrap();
        assert!(
            ["A. General", "## A. General"].contains(general),
            "{format}: {general:?}"
        );
        assert!(!questionnaire.contains("1. A."), "{format}");
        let profile = read("profile", format);
        assert!(profile.contains("1. Legal identity"), "{format}");
    }
}

/// What goes to CenturyLink reads as the applicant's filled-in copy of CenturyLink's form,
/// read back as the recipient reads it (the text summary, Markdown, the PDF through
/// pdftotext, the message's body through mailparse): no form id, no version of the tool's
/// forms, no local path, no hint or instruction to the user, no tool word; a line under
/// the title saying whose rendering it is; every question printed as a statement.
#[test]
fn documents_read_in_the_recipients_words() {
    let (dir, saves) = with_example();
    let folder = dir.path().to_string_lossy().into_owned();
    let squash = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let forms = [
        "agreement-request",
        "questionnaire",
        "early-ordering",
        "network",
        "collocation",
        "certification",
    ];
    // Hints, section intros and notes of those forms: the wizard's words to its user.
    let users_words = [
        "change it there",
        "change these there",
        "One row per requested state",
        "Send the completed form",
        "Send the signed request",
        "How will you",
        "Do you",
        "Will you",
        "your ",
        "Your ",
        "?",
        "clec-wizard",
        "wizard",
        "version",
        "revision",
    ];
    for form in forms {
        for format in ["text", "md", "pdf", "eml"] {
            let bytes = export(dir.path(), &["example", "--form", form, "--format", format]);
            let text = match format {
                "pdf" => pdf_text(&bytes),
                "eml" => {
                    let mail = parse_mail(&bytes).unwrap();
                    // The letter; file names of the attachments are left out of the look
                    // (they carry the company's and the form's names).
                    let body = mail.subparts[0].get_body().unwrap();
                    body.lines()
                        .filter(|l| !l.starts_with("      "))
                        .collect::<Vec<_>>()
                        .join("\n")
                }
                _ => String::from_utf8(bytes).unwrap(),
            };
            let read = squash(&text);
            // An id of two words is the tool's ("agreement-request"); one of one word
            // ("network") is also a word of the recipient's.
            assert!(
                !form.contains('-') || !read.contains(form),
                "{form} {format}: the form's id\n{text}"
            );
            for said in users_words {
                assert!(!read.contains(said), "{form} {format}: {said:?}\n{text}");
            }
            for path in [folder.as_str(), saves.to_str().unwrap(), "documents/"] {
                assert!(!read.contains(path), "{form} {format}: {path}\n{text}");
            }
            if format != "eml" {
                assert!(
                    read.contains("Prepared by Prairie Lantern Communications LLC on "),
                    "{form} {format}: who prepared it\n{text}"
                );
            }
        }
    }
    let read = |form: &str, format: &str| {
        let bytes = export(dir.path(), &["example", "--form", form, "--format", format]);
        squash(&match format {
            "pdf" => pdf_text(&bytes),
            _ => String::from_utf8(bytes).unwrap(),
        })
    };
    for format in ["text", "md", "pdf"] {
        let request = read("agreement-request", format).replace('*', "");
        assert!(
            request.contains(
                "as its rendering of CenturyLink's Agreement Request Form, which governs \
                 where the two differ."
            ),
            "{format}: {request}"
        );
        for wording in [
            "Signature method: Electronic signature",
            "Agreement already held with CenturyLink",
            "Opt-in: carrier whose agreement is adopted",
        ] {
            let found = match format {
                // Side by side, the label wrapped in its column beside the answer: the
                // label's first line, then the answer's.
                "pdf" if wording.contains(": E") => request.contains(&wording.replace(": ", " ")),
                "pdf" => request.contains(&wording[..20]),
                _ => request.contains(wording),
            };
            assert!(found, "{format}: {wording:?} in {request}");
        }
        let questionnaire = read("questionnaire", format).replace('*', "");
        assert!(
            questionnaire.contains("rendering of CenturyLink's Customer Questionnaire"),
            "{format}"
        );
        for wording in ["Operates its own switch", "Trouble reporting"] {
            assert!(questionnaire.contains(wording), "{format}: {wording:?}");
        }
        let collocation = read("collocation", format);
        assert!(
            collocation.contains("Redundant A and B power feeds"),
            "{format}"
        );
        // Not a CenturyLink form: who prepared it and when, and no claim to render one.
        assert!(!collocation.contains("rendering"), "{format}");
    }
}

/// The e-mail carries the printable copy and the documents; the answers as JSON only
/// with `--attach-json`, and the letter says what is attached either way.
#[test]
fn the_json_answers_are_attached_only_when_asked() {
    let (dir, _) = with_example();
    let mail_of = |extra: &[&str]| {
        let mut args = vec!["example", "--form", "early-ordering", "--format", "eml"];
        args.extend(extra);
        export(dir.path(), &args)
    };
    for (extra, json) in [(&[][..], false), (&["--attach-json"][..], true)] {
        let bytes = mail_of(extra);
        let mail = parse_mail(&bytes).unwrap();
        let files = attachments(&mail);
        let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
        assert!(names.iter().any(|n| n.ends_with(".pdf")), "{names:?}");
        assert_eq!(
            names.iter().any(|n| n.ends_with(".json")),
            json,
            "{extra:?}: {names:?}"
        );
        let body = mail.subparts[0].get_body().unwrap();
        assert_eq!(body.contains("machine-readable"), json, "{body}");
    }
}

/// Where the machine has a font for what DejaVu lacks (`CLEC_WIZARD_PDF_FONT`, here Droid
/// Sans Fallback, which `.ci/run` installs), the PDF embeds it for those characters and
/// the text reads back the same as without it.
#[test]
fn a_fallback_font_draws_what_dejavu_lacks() {
    const DROID: &str = "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf";
    assert!(
        Path::new(DROID).is_file(),
        "this test needs Droid Sans Fallback (apt-get install fonts-droid-fallback; .ci/run installs it)"
    );
    let (dir, saves) = with_example();
    rename_company(&saves, r#""Société Télécom 東京 LLC""#);
    let pdf = |font: &str| {
        let file = dir.path().join(format!("profile-{}.pdf", font.len()));
        let out = wizard(dir.path())
            .env("CLEC_WIZARD_PDF_FONT", font)
            .args([
                "export", "example", "--form", "profile", "--format", "pdf", "-o",
            ])
            .arg(&file)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        fs::read(file).unwrap()
    };
    let (with, without) = (pdf(DROID), pdf("none"));
    let embeds = |bytes: &[u8]| {
        bytes
            .windows(b"DroidSansFallback".len())
            .any(|w| w == b"DroidSansFallback")
    };
    assert!(embeds(&with), "the fallback font is embedded");
    assert!(!embeds(&without), "CLEC_WIZARD_PDF_FONT=none uses none");
    for bytes in [&with, &without] {
        assert!(pdf_text(bytes).contains("Société Télécom 東京 LLC"));
    }
}

/// Supporting documents go with their form's message, byte for byte, with their content
/// type; a document changed on disk after it was sent, or missing, is an open item.
#[test]
fn documents_are_attached_as_they_are_on_disk() {
    let (dir, saves) = with_example();
    let messages = export_all_messages(dir.path(), &[]);
    let (_, bytes) = messages
        .iter()
        .find(|(n, _)| n.contains("-to-jordan-ellery-vance-"))
        .unwrap();
    let mail = parse_mail(bytes).unwrap();
    let body = mail.subparts[0].get_body().unwrap();
    let files = attachments(&mail);
    let documents = [
        "certificates/CO-PUC-Decision-C25-0712.pdf",
        "certificates/UT-PSC-Order-25-2641-01.pdf",
        "documents/neca-ocn-notice.pdf",
        "documents/articles-of-organization.pdf",
        "documents/sales-tax-exemption-CO-UT.pdf",
    ];
    for doc in documents {
        let name = Path::new(doc).file_name().unwrap().to_str().unwrap();
        let (_, part) = files
            .iter()
            .find(|(n, _)| n == name)
            .unwrap_or_else(|| panic!("{name} attached"));
        assert_eq!(part.ctype.mimetype, "application/pdf", "{name}");
        assert_eq!(
            part.get_body_raw().unwrap(),
            fs::read(saves.join(doc)).unwrap(),
            "{name}"
        );
        assert!(body.contains(name), "the letter lists {name}");
    }
    // The message recorded each document's size and SHA-256: a change on disk is flagged.
    let validate = |dir: &Path| {
        let out = wizard(dir)
            .args(["validate", "example", "--form", "questionnaire"])
            .output()
            .unwrap();
        (out.status.code(), String::from_utf8(out.stdout).unwrap())
    };
    assert_eq!(validate(dir.path()).0, Some(0));
    fs::write(
        saves.join("documents/neca-ocn-notice.pdf"),
        b"%PDF-1.4 changed",
    )
    .unwrap();
    let (code, report) = validate(dir.path());
    assert_eq!(code, Some(1), "a change is an open item: {report}");
    assert!(
        report.contains("invalid: NECA notification of the OCN (questionnaire.neca_ocn_notice): documents/neca-ocn-notice.pdf changed on disk since it was recorded"),
        "{report}"
    );
    fs::remove_file(saves.join("documents/articles-of-organization.pdf")).unwrap();
    let (code, report) = validate(dir.path());
    assert_eq!(
        code,
        Some(1),
        "a missing document is an open item: {report}"
    );
    assert!(
        report.contains("invalid: Articles of incorporation or organization"),
        "{report}"
    );
    // Counted on the form's line, as it is listed under it (not "complete").
    let head = report.lines().next().unwrap();
    assert!(
        head.ends_with("required answered, 2 open items"),
        "{report}"
    );
    let out = wizard(dir.path())
        .args(["validate", "example", "--form", "questionnaire", "--json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "--json agrees");
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let listed = json["forms"][0]["documents"].as_array().unwrap();
    assert_eq!(listed.len(), 2, "{json}");
    assert_eq!(json["complete"], false);
}

/// A draft export says whom a form goes to in words a person understands while the
/// answer holding the address is not given, never as a `{placeholder}`; a form sent to
/// no one has no "Send to" line; in every format.
#[test]
fn draft_exports_name_an_unanswered_recipient_in_words() {
    let dir = tempfile::tempdir().unwrap();
    wizard(dir.path()).args(["new", "acme"]).assert().success();
    set(
        dir.path(),
        "acme",
        "profile.legal_name",
        "Prairie Fiber LLC",
    );
    let cases = [
        (
            "early-ordering",
            Some(
                "Send to: the Lead negotiator named in the Negotiation tracker or the Sales Executive named in the Negotiation tracker (not answered yet)",
            ),
        ),
        (
            "questionnaire",
            Some(
                "Send to: the Sales Executive or Service Manager named in the Customer Questionnaire (not answered yet)",
            ),
        ),
        (
            "certification",
            Some(
                "Send to: the Sales Executive or Service Manager named in the Customer Questionnaire (not answered yet)",
            ),
        ),
        ("profile", None),
        ("negotiation", None),
    ];
    for (form, expected) in cases {
        for format in ["text", "md", "pdf", "eml"] {
            let bytes = export(
                dir.path(),
                &["acme", "--form", form, "--format", format, "--draft"],
            );
            let text = decoded(format, &bytes);
            assert!(!has_placeholder(&text), "{form} {format}: {text}");
            let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
            match (expected, format) {
                // A letter has no Send-to line (its To header is the recipient, none
                // while unanswered); its attached PDF has the document's.
                (_, "eml") => {
                    let mail = parse_mail(&bytes).unwrap();
                    let letter = mail.subparts[0].get_body().unwrap();
                    assert!(!letter.contains("Send to"), "{form}: {letter}");
                    assert!(!letter.contains(" ,"), "no answer left blank: {letter}");
                    assert!(mail.headers.get_first_value("To").is_none(), "{form}");
                    if let Some(line) = expected {
                        assert!(flat.contains(line), "{form}: the PDF attached");
                    }
                }
                (Some(line), _) => assert!(flat.contains(line), "{form} {format}: {flat}"),
                (None, _) => assert!(!flat.contains("Send to"), "{form} {format}: {flat}"),
            }
        }
    }
    // Once answered, the address itself.
    wizard(dir.path())
        .args([
            "set",
            "acme",
            "negotiation.negotiator_email",
            "avery@centurylink.example",
        ])
        .assert()
        .success();
    let text = String::from_utf8(export(
        dir.path(),
        &[
            "acme",
            "--form",
            "early-ordering",
            "--format",
            "text",
            "--draft",
        ],
    ))
    .unwrap();
    assert!(
        text.contains("Send to: avery@centurylink.example\n"),
        "{text}"
    );
}

/// Whether `text` holds a form template's `{path}` placeholder.
fn has_placeholder(text: &str) -> bool {
    text.split('{').skip(1).any(|rest| {
        rest.split_once('}').is_some_and(|(path, _)| {
            !path.is_empty()
                && path
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || "_.-".contains(c))
        })
    })
}

/// A document for a reader names each state beside its code (reused facts too); machine
/// formats keep the codes.
#[test]
fn documents_name_the_states_beside_their_codes() {
    let (dir, _) = with_example();
    for format in ["text", "md", "pdf"] {
        let text = decoded(
            format,
            &export(
                dir.path(),
                &["example", "--form", "agreement-request", "--format", format],
            ),
        );
        let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
        for said in [
            "States requested:** CO (Colorado), UT (Utah)",
            "Headquarters state:** CO (Colorado)",
        ] {
            // (Markdown bolds the label; the PDF sets the answer beside it.)
            let said = match format {
                "md" => said.to_string(),
                "pdf" => said.replace(":**", ""),
                _ => said.replace("**", ""),
            };
            assert!(flat.contains(&said), "{format}: {said}: {flat}");
        }
    }
    let csv = String::from_utf8(export(
        dir.path(),
        &["example", "--form", "agreement-request", "--format", "csv"],
    ))
    .unwrap();
    assert!(csv.contains(",States requested,\"CO, UT\"\r\n"), "{csv}");
}
