//! Trust at the edges (issue 24): documents stay inside their folder, side files never
//! block nor eat memory, dates stay within what every export writes, and a long word wraps
//! instead of being cut. Each test fails without its protection; commands that could hang
//! run under a timeout.

use std::fs;
use std::path::Path;
use std::time::Duration;

use crate::support::{bytes_ok, pdftotext, with_example};
use mailparse::parse_mail;

/// The command line on `dir/saves`, stopped after 60 seconds: a FIFO, were it opened,
/// would block it.
fn wizard(dir: &Path) -> assert_cmd::Command {
    let mut cmd = crate::support::wizard(dir);
    cmd.env_remove("CLEC_WIZARD_DOCUMENTS");
    cmd.timeout(Duration::from_secs(60));
    cmd
}

/// Exit code, standard output and standard error of a command.
fn run(dir: &Path, args: &[&str]) -> (Option<i32>, String, String) {
    let out = wizard(dir).args(args).output().unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

const NOTICE: &str = "questionnaire.neca_ocn_notice";
const NOTICE_FILE: &str = "documents/neca-ocn-notice.pdf";

#[cfg(unix)]
fn mkfifo(path: &Path) {
    let c = std::ffi::CString::new(path.to_str().unwrap()).unwrap();
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
}

/// Replaces the NECA notice's file in the example draft, as a hand edit would.
fn hand_edit_notice(saves: &Path, file: &str) {
    let path = saves.join("example.ron");
    let text = fs::read_to_string(&path).unwrap();
    let quoted = format!("{file:?}");
    assert!(text.contains(NOTICE_FILE));
    fs::write(&path, text.replace(&format!("\"{NOTICE_FILE}\""), &quoted)).unwrap();
}

/// The questionnaire's e-mail, exported to standard output.
const QUESTIONNAIRE_EML: [&str; 8] = [
    "export",
    "example",
    "--form",
    "questionnaire",
    "--format",
    "eml",
    "-o",
    "-",
];

/// The attachments of the questionnaire's e-mail (a draft export, so that open items do
/// not stop it): names and bytes, and the cover letter.
fn questionnaire_mail(dir: &Path) -> (Vec<(String, Vec<u8>)>, String) {
    let bytes = bytes_ok(dir, &[&QUESTIONNAIRE_EML[..], &["--draft"]].concat());
    let mail = parse_mail(&bytes).unwrap();
    let letter = mail.subparts[0].get_body().unwrap();
    let files = mail
        .subparts
        .iter()
        .filter_map(|p| {
            let name = p.get_content_disposition().params.get("filename")?.clone();
            Some((name, p.get_body_raw().unwrap()))
        })
        .collect();
    (files, letter)
}

/// `set` refuses a document answer that names a file outside the documents folder (an
/// absolute path, `..`), reached through a symbolic link (to a file, or through a linked
/// folder), or that is not a regular file (a FIFO: refused without blocking); the draft
/// keeps its answer.
#[cfg(unix)]
#[test]
fn set_refuses_documents_outside_links_and_special_files() {
    let (dir, saves) = with_example();
    let secret = dir.path().join("secret.txt");
    fs::write(&secret, "TOP-SECRET-42").unwrap();
    std::os::unix::fs::symlink(&secret, saves.join("documents/link.pdf")).unwrap();
    std::os::unix::fs::symlink(dir.path(), saves.join("up")).unwrap();
    mkfifo(&saves.join("documents/pipe.pdf"));
    let before = fs::read(saves.join("example.ron")).unwrap();
    let absolute = secret.to_str().unwrap();
    let cases = [
        (absolute, "absolute path"),
        ("../secret.txt", "leaves the documents folder"),
        ("documents/../../secret.txt", "leaves the documents folder"),
        ("documents/link.pdf", "symbolic link"),
        ("up/secret.txt", "symbolic link"),
        ("documents/pipe.pdf", "FIFO"),
    ];
    for (file, why) in cases {
        let (code, out, err) = run(dir.path(), &["set", "example", NOTICE, file]);
        assert_ne!(code, Some(0), "{file}: {out}");
        assert!(err.contains(why), "{file}: {err}");
        assert_eq!(
            fs::read(saves.join("example.ron")).unwrap(),
            before,
            "{file}: the draft is unchanged"
        );
    }
    // A file inside, reached without links, is taken.
    fs::copy(
        saves.join(NOTICE_FILE),
        saves.join("documents/notice-copy.pdf"),
    )
    .unwrap();
    let (code, _, err) = run(
        dir.path(),
        &["set", "example", NOTICE, "documents/notice-copy.pdf"],
    );
    assert_eq!(code, Some(0), "{err}");
}

/// A hand-edited draft naming a file outside the folder, through a link, or a FIFO: each
/// is reported by `validate` (an open item, without blocking on the FIFO), refused by a
/// complete export, and never attached to a draft e-mail nor named by its letter.
#[cfg(unix)]
#[test]
fn hand_edited_documents_outside_are_reported_and_never_attached() {
    let (dir, saves) = with_example();
    let secret = dir.path().join("secret.txt");
    fs::write(&secret, "TOP-SECRET-42").unwrap();
    std::os::unix::fs::symlink(&secret, saves.join("documents/link.pdf")).unwrap();
    mkfifo(&saves.join("documents/pipe.pdf"));
    let original = fs::read(saves.join("example.ron")).unwrap();
    let cases = [
        (secret.to_str().unwrap(), "absolute path"),
        ("../secret.txt", "leaves the documents folder"),
        ("documents/link.pdf", "symbolic link"),
        ("documents/pipe.pdf", "FIFO"),
    ];
    for (file, why) in cases {
        fs::write(saves.join("example.ron"), &original).unwrap();
        hand_edit_notice(&saves, file);
        let (code, out, err) = run(
            dir.path(),
            &["validate", "example", "--form", "questionnaire"],
        );
        assert_eq!(code, Some(1), "{file}: {out}{err}");
        assert!(
            out.contains("invalid:") && out.contains(why),
            "{file}: {out}"
        );
        let (code, _, err) = run(dir.path(), &QUESTIONNAIRE_EML);
        assert_ne!(code, Some(0), "{file}: a complete export is refused: {err}");
        let (files, letter) = questionnaire_mail(dir.path());
        for (name, bytes) in &files {
            assert_ne!(bytes.as_slice(), b"TOP-SECRET-42", "{file}: {name}");
            assert!(!["secret.txt", "link.pdf", "pipe.pdf"].contains(&name.as_str()));
        }
        for name in ["secret.txt", "link.pdf", "pipe.pdf", "neca-ocn-notice.pdf"] {
            assert!(!letter.contains(name), "{file}: the letter names {name}");
        }
        // The letter names exactly what is attached.
        for (name, _) in &files {
            assert!(letter.contains(name.as_str()), "{name} attached, not named");
        }
    }
}

/// A file under `/proc` claims no size and has content: refused, whichever folder holds
/// the documents (here `/proc/self`, named by CLEC_WIZARD_DOCUMENTS).
#[cfg(target_os = "linux")]
#[test]
fn a_proc_file_is_not_a_document() {
    let (dir, _) = with_example();
    let out = wizard(dir.path())
        .env("CLEC_WIZARD_DOCUMENTS", "/proc/self")
        .args(["set", "example", NOTICE, "status"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_ne!(out.status.code(), Some(0), "{err}");
    assert!(err.contains("not a plain file"), "{err}");
}

/// A document missing, changed since it was recorded, or documents together over the
/// limit of one message: each stops a complete export (saying how to re-record a changed
/// one), and setting the answer again records the file as it is now.
#[test]
fn missing_changed_and_too_large_documents_stop_an_export() {
    let (dir, saves) = with_example();
    let export = |dir: &Path| run(dir, &QUESTIONNAIRE_EML);
    // Recorded when set (the example draft holds no records).
    let (code, _, err) = run(dir.path(), &["set", "example", NOTICE, NOTICE_FILE]);
    assert_eq!(code, Some(0), "{err}");
    let (code, _, err) = export(dir.path());
    assert_eq!(code, Some(0), "{err}");
    fs::write(saves.join(NOTICE_FILE), b"%PDF-1.4 changed").unwrap();
    let (code, out, err) = export(dir.path());
    assert_ne!(code, Some(0), "a changed document stops the export: {out}");
    assert!(
        err.contains("changed on disk since it was recorded") && err.contains("record it again"),
        "{err}"
    );
    let (code, _, err) = run(dir.path(), &["set", "example", NOTICE, NOTICE_FILE]);
    assert_eq!(code, Some(0), "{err}");
    let (code, _, err) = export(dir.path());
    assert_eq!(code, Some(0), "re-recorded: {err}");
    fs::remove_file(saves.join(NOTICE_FILE)).unwrap();
    let (code, _, err) = export(dir.path());
    assert_ne!(code, Some(0), "a missing document stops the export");
    assert!(err.contains("neca-ocn-notice.pdf"), "{err}");
    // Three documents of 8 MB: each within the 10 MB limit, together over one message's.
    let big = vec![b'x'; 8 * 1024 * 1024];
    for (n, key) in [
        NOTICE,
        "questionnaire.articles_of_incorporation",
        "questionnaire.tax_exemption_certificate",
    ]
    .into_iter()
    .enumerate()
    {
        let file = format!("documents/big-{n}.pdf");
        fs::write(saves.join(&file), &big).unwrap();
        let (code, _, err) = run(dir.path(), &["set", "example", key, &file]);
        assert_eq!(code, Some(0), "{err}");
    }
    let (code, out, _) = run(
        dir.path(),
        &["validate", "example", "--form", "questionnaire"],
    );
    assert_eq!(code, Some(1), "{out}");
    assert!(
        out.contains("invalid:") && out.contains("total 24 MB"),
        "{out}"
    );
    let (code, _, err) = export(dir.path());
    assert_ne!(code, Some(0), "too large together stops the export: {err}");
}

/// A FIFO, or a link to /dev/zero, in place of a draft's side files (where the user left
/// off, the records of its exports): `show`, `list` and `validate` neither block nor read
/// them.
#[cfg(unix)]
#[test]
fn side_files_that_are_fifos_or_devices_are_not_read() {
    for (plant, side) in [
        ("fifo", ".example.resume"),
        ("zero", ".example.resume"),
        ("fifo", ".example.exports"),
        ("zero", ".example.exports"),
    ] {
        let (dir, saves) = with_example();
        let resume = saves.join(side);
        match plant {
            "fifo" => mkfifo(&resume),
            _ => std::os::unix::fs::symlink("/dev/zero", &resume).unwrap(),
        }
        for args in [
            &["show", "example"][..],
            &["list"],
            &["validate", "example"],
        ] {
            let (code, out, err) = run(dir.path(), args);
            assert!(
                matches!(code, Some(0 | 1)),
                "{plant} {args:?}: {code:?} {out}{err}"
            );
            assert!(!out.is_empty(), "{plant} {args:?}: {err}");
        }
    }
}

/// A day before 1900 (or after 2199) is refused by `set` and `sent --on`; in a hand-edited
/// draft it is reported by `validate`, and the xlsx and `--all` exports do not panic.
#[test]
fn dates_outside_1900_to_2199_are_refused_and_reported() {
    let (dir, saves) = with_example();
    let key = "agreement-request.agreements[1].optin_expiration";
    for day in ["1899-12-31", "2200-01-01"] {
        let (code, _, err) = run(dir.path(), &["set", "example", key, day]);
        assert_ne!(code, Some(0), "{day}");
        assert!(err.contains("1900-01-01 to 2199-12-31"), "{err}");
        let (code, _, err) = run(
            dir.path(),
            &["sent", "example", "--form", "profile", "--on", day],
        );
        assert_ne!(code, Some(0), "{day}");
        assert!(err.contains("1900-01-01 to 2199-12-31"), "{err}");
    }
    let path = saves.join("example.ron");
    let text = fs::read_to_string(&path).unwrap();
    let edited = text.replace("Text(\"2028-12-31\")", "Text(\"1899-12-31\")");
    assert_ne!(edited, text);
    fs::write(&path, edited).unwrap();
    let (code, out, _) = run(
        dir.path(),
        &["validate", "example", "--form", "agreement-request"],
    );
    assert_eq!(code, Some(1), "{out}");
    assert!(out.contains("1899-12-31 is outside"), "{out}");
    let xlsx = dir.path().join("old.xlsx");
    let (code, _, err) = run(
        dir.path(),
        &[
            "export",
            "example",
            "--form",
            "agreement-request",
            "--format",
            "xlsx",
            "--draft",
            "-o",
            xlsx.to_str().unwrap(),
        ],
    );
    assert_eq!(code, Some(0), "{err}");
    assert!(fs::read(&xlsx).unwrap().starts_with(b"PK"));
    let all = dir.path().join("all");
    let (code, _, err) = run(
        dir.path(),
        &[
            "export",
            "example",
            "--all",
            "--draft",
            "-o",
            all.to_str().unwrap(),
        ],
    );
    assert_eq!(code, Some(0), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}

/// A word of two million characters (hand-edited into a draft) wraps in the PDF and in
/// the text summary: every character is there, read back by `pdftotext`.
#[test]
fn a_two_million_character_word_wraps_whole() {
    let (dir, saves) = with_example();
    let word: String = "Lantern7".repeat(250_000);
    let path = saves.join("example.ron");
    let text = fs::read_to_string(&path).unwrap();
    let edited = text.replace(
        "\"profile.dba_names\": Text(\"Prairie Lantern Fiber\")",
        &format!("\"profile.dba_names\": Text(\"{word}\")"),
    );
    assert_ne!(edited, text);
    fs::write(&path, edited).unwrap();
    let export = |format: &str| {
        let out = wizard(dir.path())
            .timeout(Duration::from_secs(600))
            .args(["export", "example", "--form", "profile", "--format", format])
            .args(["--draft", "-o", "-"])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{format}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        out.stdout
    };
    let squash = |t: &str| t.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    // Each page's footer (`TITLE - COMPANY - page N of M`) is left out of the text read.
    let pdf: String = pdftotext(&export("pdf"))
        .lines()
        .filter(|l| !l.contains(" - page "))
        .collect();
    assert!(squash(&pdf).contains(&word), "the PDF holds the whole word");
    let summary = String::from_utf8(export("text")).unwrap();
    assert!(squash(&summary).contains(&word), "the summary holds it");
    assert!(summary.lines().all(|l| l.chars().count() < 200));
}
