//! `clec-wizard report`: the onboarding's status for the example, in each format, read back
//! by independent readers (`pdftotext`, `pdfinfo` and `qpdf` for the PDF, an XML reader for
//! the HTML); and every PDF the tool writes is tagged, with bookmarks.

use std::path::Path;

use crate::support::{pdftotext, run_ok, set, with_example, wizard};

/// The report's six sections, in order.
const SECTIONS: [&str; 6] = [
    "1. Steps",
    "2. States: certification, agreement, negotiation",
    "3. Collocation and ordering readiness",
    "4. Sent and acknowledged",
    "5. Next deadlines",
    "6. Open items",
];

/// What the example's report must say, wherever it is printed: the company, each state
/// with its certification, Day 0 and §252 window, the collocation wire centers and the
/// steps.
fn assert_example_facts(text: &str) {
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for section in SECTIONS {
        assert!(flat.contains(section), "{section} missing in:\n{text}");
    }
    for fact in [
        "Prairie Lantern Communications LLC",
        "Obtain state certification",
        "Granted 2025-09-22",
        "Granted 2025-11-03",
        "Day 0 2026-01-15",
        "2026-05-30 to 2026-06-24",
        "DNVRCOMA",
        "SLKCUTMA",
        "Nothing recorded as sent yet.",
    ] {
        assert!(flat.contains(fact), "{fact} missing in:\n{text}");
    }
}

/// `pdfinfo`'s value for `key`.
fn pdfinfo(path: &Path, args: &[&str]) -> String {
    let out = std::process::Command::new("pdfinfo")
        .args(args)
        .arg(path)
        .output()
        .expect("pdfinfo (poppler-utils; .ci/run installs it)");
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

fn info(path: &Path, key: &str) -> String {
    pdfinfo(path, &[])
        .lines()
        .find_map(|l| l.strip_prefix(&format!("{key}:")))
        .unwrap_or_else(|| panic!("pdfinfo gives no {key}"))
        .trim()
        .to_string()
}

/// The bookmarks' titles, read by qpdf.
fn bookmarks(path: &Path) -> Vec<String> {
    let out = std::process::Command::new("qpdf")
        .args(["--json", "--json-key=outlines"])
        .arg(path)
        .output()
        .expect("qpdf (.ci/run installs it)");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    json["outlines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["title"].as_str().unwrap().to_string())
        .collect()
}

/// The HTML's text, read as XML (which also proves it well formed): all text, and the
/// text of each `h2`.
fn html_text(html: &str) -> (String, Vec<String>) {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(html);
    let (mut all, mut headings) = (String::new(), Vec::new());
    let mut in_h2 = false;
    loop {
        let piece = match reader.read_event().expect("the HTML is well formed") {
            Event::Eof => break,
            Event::Start(e) if e.name().0 == "h2" => {
                in_h2 = true;
                headings.push(String::new());
                continue;
            }
            Event::End(e) if e.name().0 == "h2" => {
                in_h2 = false;
                continue;
            }
            Event::End(_) => " ".to_string(),
            Event::Text(t) => t.html_content().into_owned(),
            Event::GeneralRef(r) => match r.resolve_char_ref().unwrap() {
                Some(c) => c.to_string(),
                None => match r.html_content().as_ref() {
                    "amp" => "&",
                    "lt" => "<",
                    "gt" => ">",
                    "quot" => "\"",
                    other => panic!("unknown entity {other}"),
                }
                .to_string(),
            },
            _ => continue,
        };
        if in_h2 {
            headings.last_mut().unwrap().push_str(&piece);
        }
        all.push_str(&piece);
    }
    (all, headings)
}

#[test]
fn text_is_the_default_and_prints() {
    let (dir, _) = with_example();
    let out = run_ok(dir.path(), &["report", "example"]);
    assert!(out.starts_with("Onboarding status report\n"), "{out}");
    assert_example_facts(&out);
    assert_eq!(out, run_ok(dir.path(), &["report", "example", "-o", "-"]));
}

#[test]
fn markdown_has_headings_and_tables() {
    let (dir, _) = with_example();
    let out = run_ok(dir.path(), &["report", "example", "--format", "md"]);
    assert!(out.starts_with("# Onboarding status report\n"), "{out}");
    for section in SECTIONS {
        assert!(
            out.contains(&format!("\n## {section}\n")),
            "{section}:\n{out}"
        );
    }
    assert!(out.contains("| # | State | Certification |"), "{out}");
    assert_example_facts(&out);
}

#[test]
fn pdf_fits_two_pages_is_tagged_and_bookmarked() {
    let (dir, _) = with_example();
    let file = dir.path().join("status.pdf");
    let run = wizard(dir.path())
        .args(["report", "example", "--format", "pdf", "-o", "status.pdf"])
        .output()
        .unwrap();
    assert!(run.status.success() && run.stdout.is_empty(), "{run:?}");
    let said = String::from_utf8_lossy(&run.stderr);
    assert!(
        said.contains("wrote ") && said.contains("status.pdf"),
        "{said}"
    );
    assert_example_facts(&pdftotext(&std::fs::read(&file).unwrap()));
    let pages: usize = info(&file, "Pages").parse().unwrap();
    assert!((1..=2).contains(&pages), "{pages} pages");
    assert_eq!(info(&file, "Tagged"), "yes");
    assert_eq!(bookmarks(&file), SECTIONS);
    // An existing file is not overwritten without --force.
    let again = wizard(dir.path())
        .args(["report", "example", "--format", "pdf", "-o", "status.pdf"])
        .output()
        .unwrap();
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("--force"));
    run_ok(
        dir.path(),
        &[
            "report",
            "example",
            "--format",
            "pdf",
            "-o",
            "status.pdf",
            "--force",
        ],
    );
}

#[test]
fn pdf_and_html_go_to_the_exports_folder_without_o() {
    let (dir, saves) = with_example();
    for format in ["pdf", "html"] {
        let run = wizard(dir.path())
            .args(["report", "example", "--format", format])
            .output()
            .unwrap();
        assert!(run.status.success() && run.stdout.is_empty(), "{run:?}");
        // The note goes to standard error: standard output carries only data.
        let out = String::from_utf8(run.stderr).unwrap();
        let path = out.trim().strip_prefix("wrote ").unwrap();
        let path = Path::new(path);
        assert!(path.starts_with(saves.join("exports")), "{out}");
        let file = path.file_name().unwrap().to_string_lossy();
        assert!(
            file.starts_with("prairie-lantern-communications-llc-report-"),
            "{file}"
        );
        assert_eq!(path.extension().unwrap(), format);
        assert!(path.is_file());
    }
}

#[test]
fn html_stands_alone_reads_back_and_escapes_hostile_text() {
    let (dir, _) = with_example();
    let hostile = "<script>alert(1)</script> & \"Lantern\" <b>LLC</b>";
    set(dir.path(), "example", "profile.legal_name", hostile);
    let file = dir.path().join("status.html");
    run_ok(
        dir.path(),
        &["report", "example", "--format", "html", "-o", "status.html"],
    );
    let html = std::fs::read_to_string(&file).unwrap();
    assert!(!html.contains("<script"), "{html}");
    assert!(!html.contains("<b>"), "{html}");
    for external in ["src=", "href=", "http:", "https:", "@import", "url("] {
        assert!(
            !html.contains(external),
            "{external} in a self-contained file"
        );
    }
    assert!(html.contains("<style>") && html.contains("@media print"));
    let (text, headings) = html_text(&html);
    assert_eq!(headings, SECTIONS);
    assert!(
        text.contains(hostile),
        "the name reads back as typed:\n{text}"
    );
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for fact in [
        "Granted 2025-09-22",
        "Day 0 2026-01-15",
        "DNVRCOMA",
        "Obtain state certification",
    ] {
        assert!(flat.contains(fact), "{fact}:\n{text}");
    }
}

#[test]
fn open_items_name_the_blocking_ones() {
    let (dir, _) = with_example();
    let out = wizard(dir.path())
        .args(["set", "example", "profile.legal_name", "--clear"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let report = run_ok(dir.path(), &["report", "example"]);
    let open = report.split("6. Open items").nth(1).unwrap();
    assert!(
        open.contains("Company profile: 1 open, 1 blocking: Legal name:"),
        "{open}"
    );
    assert!(!report.contains("None: every form is complete."));
}

/// Every PDF the tool writes is tagged, in English, with a bookmark per section.
#[test]
fn form_pdfs_are_tagged_with_bookmarks() {
    let (dir, _) = with_example();
    let file = dir.path().join("network.pdf");
    run_ok(
        dir.path(),
        &[
            "export",
            "example",
            "--form",
            "network",
            "--format",
            "pdf",
            "-o",
            "network.pdf",
        ],
    );
    assert_eq!(info(&file, "Tagged"), "yes");
    let structure = pdfinfo(&file, &["-struct"]);
    for tag in [
        "Document",
        "H1 \"Network interconnection\"",
        "H2 \"1. ",
        "P",
        "Table",
        "TR",
        "TH",
        "TD",
    ] {
        assert!(structure.contains(tag), "{tag} missing in:\n{structure}");
    }
    let marks = bookmarks(&file);
    assert!(marks.len() >= 3, "{marks:?}");
    let text = pdftotext(&std::fs::read(&file).unwrap());
    for mark in &marks {
        assert!(structure.contains(&format!("H2 \"{mark}\"")), "{mark}");
        assert!(text.contains(mark.as_str()), "{mark}");
    }
    let meta = pdfinfo(&file, &["-meta"]);
    assert!(
        meta.contains("<dc:language><rdf:Bag><rdf:li>en-US</rdf:li>"),
        "{meta}"
    );
    assert!(meta.contains("<pdfuaid:part>1</pdfuaid:part>"), "{meta}");
    assert!(
        meta.contains("<pdfaid:part>2</pdfaid:part><pdfaid:conformance>B"),
        "{meta}"
    );
}
