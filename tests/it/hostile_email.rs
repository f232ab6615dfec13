//! Class 2 of the hardening issue: e-mail headers cannot be steered by answers. A literal
//! RFC 2047 encoded word typed in an answer stays literal after a mail client decodes the
//! header; every header is 7-bit; display names cannot forge another address; e-mail
//! addresses that are not plain ASCII are refused at entry.

use std::fs;
use std::path::Path;

use crate::support::{bytes_ok, wizard};
use mailparse::{MailAddr, MailHeaderMap};

fn set(dir: &Path, path: &str, value: &str) -> assert_cmd::assert::Assert {
    wizard(dir).args(["set", "acme", path, value]).assert()
}

/// The `.eml` of the agreement request, as a draft export.
fn eml(dir: &Path) -> Vec<u8> {
    let args = [
        "export",
        "acme",
        "--form",
        "agreement-request",
        "--format",
        "eml",
    ];
    bytes_ok(dir, &[&args[..], &["--draft", "-o", "-"]].concat())
}

fn header_block(bytes: &[u8]) -> &[u8] {
    let end = bytes.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
    &bytes[..end]
}

#[test]
fn a_typed_encoded_word_stays_literal_and_no_address_is_forged() {
    let dir = tempfile::tempdir().unwrap();
    wizard(dir.path()).args(["new", "acme"]).assert().success();
    let legal = "=?utf-8?q?Lumen=0D=0ABcc:_attacker@evil.example?=";
    let name = "=?utf-8?b?Y2VvQGx1bWVuLmNvbQ==?= <ceo@lumen.com>, \"x\"";
    set(dir.path(), "profile.legal_name", legal).success();
    set(dir.path(), "profile.primary_name", name).success();
    set(dir.path(), "profile.primary_email", "dana@prairie.example").success();
    let bytes = eml(dir.path());
    assert!(header_block(&bytes).is_ascii(), "every header is 7-bit");
    let mail = mailparse::parse_mail(&bytes).unwrap();
    let subject = mail.headers.get_first_value("Subject").unwrap();
    let subject = subject.strip_prefix("[DRAFT] ").expect("a draft says so");
    assert!(subject.starts_with(legal), "decoded subject: {subject:?}");
    let mut names: Vec<String> = mail.headers.iter().map(|h| h.get_key()).collect();
    names.sort();
    assert_eq!(
        names,
        [
            "Content-Type",
            "Date",
            "From",
            "MIME-Version",
            "Message-ID",
            "Reply-To",
            "Subject",
            "To",
            "X-Unsent"
        ]
    );
    for header in ["From", "Reply-To"] {
        let h = mail.headers.get_first_header(header).unwrap();
        let parsed = mailparse::addrparse_header(h).unwrap();
        let [MailAddr::Single(single)] = &parsed[..] else {
            panic!("{header}: {parsed:?}");
        };
        assert_eq!(single.addr, "dana@prairie.example", "{header}");
        assert_eq!(single.display_name.as_deref(), Some(name), "{header}");
    }
}

#[test]
fn unicode_names_are_encoded_and_non_ascii_addresses_refused() {
    let dir = tempfile::tempdir().unwrap();
    wizard(dir.path()).args(["new", "acme"]).assert().success();
    set(dir.path(), "profile.legal_name", "Ñandú Télécom 日本").success();
    set(dir.path(), "profile.primary_name", "José \"Pepe\" Núñez").success();
    let refused = set(dir.path(), "profile.primary_email", "josé@ñandú.example").code(1);
    let stderr = String::from_utf8_lossy(&refused.get_output().stderr).into_owned();
    assert!(stderr.contains("plain ASCII"), "{stderr}");
    // Found by the eml_headers fuzz target: an encoded word inside the address itself.
    set(
        dir.path(),
        "profile.primary_email",
        "=?utf-8?q?ceo?=@lumen.com",
    )
    .code(1);
    set(dir.path(), "profile.primary_email", "jose@nandu.example").success();
    let bytes = eml(dir.path());
    assert!(header_block(&bytes).is_ascii(), "every header is 7-bit");
    let mail = mailparse::parse_mail(&bytes).unwrap();
    let subject = mail.headers.get_first_value("Subject").unwrap();
    assert!(
        subject.starts_with("[DRAFT] Ñandú Télécom 日本"),
        "{subject:?}"
    );
    let from = mail.headers.get_first_header("From").unwrap();
    let parsed = mailparse::addrparse_header(from).unwrap();
    let [MailAddr::Single(single)] = &parsed[..] else {
        panic!("{parsed:?}");
    };
    assert_eq!(single.display_name.as_deref(), Some("José \"Pepe\" Núñez"));
    assert_eq!(single.addr, "jose@nandu.example");
    // A hand-edited draft with a non-ASCII address gets no From at all.
    let path = dir.path().join("saves/acme.ron");
    let text = fs::read_to_string(&path).unwrap();
    fs::write(
        &path,
        text.replace("jose@nandu.example", "josé@nandu.example"),
    )
    .unwrap();
    let mail_bytes = eml(dir.path());
    let mail = mailparse::parse_mail(&mail_bytes).unwrap();
    assert!(mail.headers.get_first_header("From").is_none());
}

/// Found by the `eml_headers` fuzz target: a carriage return inside a typed encoded word
/// becomes a space in the subject, so the text stays literal (and no header breaks).
#[test]
fn a_line_break_inside_a_typed_encoded_word_stays_literal() {
    use chrono::{Local, TimeZone, Utc};
    use clec_wizard::domain::draft::Draft;
    use clec_wizard::domain::values::answer::Answer;
    use clec_wizard::export::{Source, eml};
    let forms = clec_wizard::storage::forms::load(None).unwrap();
    let mut draft = Draft::new(Utc::now());
    draft.answers.insert(
        "profile.legal_name".into(),
        Answer::Text("=\r?utf-8?q=Evil=0D=0ABcc:_x@y.example?=".into()),
    );
    let form = forms.form("agreement-request").unwrap();
    let at = Local.with_ymd_and_hms(2026, 11, 25, 9, 0, 0).unwrap();
    let src = Source::new(&forms, &draft, "acme", form, at);
    let bytes = eml::message(&[&src], Some("intagree@lumen.com"));
    assert!(header_block(&bytes).is_ascii());
    let mail = mailparse::parse_mail(&bytes).unwrap();
    let subject = mail.headers.get_first_value("Subject").unwrap();
    assert!(
        subject.starts_with("= ?utf-8?q=Evil=0D=0ABcc:_x@y.example?="),
        "{subject:?}"
    );
    assert!(mail.headers.get_first_header("Bcc").is_none());
}

/// The `Date:` is the export's time in the local time zone, with its offset (not +0000).
#[test]
fn the_date_is_local_time_with_its_offset() {
    let dir = tempfile::tempdir().unwrap();
    wizard(dir.path()).args(["new", "acme"]).assert().success();
    let date = |tz: &str| {
        let out = wizard(dir.path())
            .args(["export", "acme", "--form", "agreement-request"])
            .args(["--format", "eml", "--draft", "-o", "-"])
            .env("TZ", tz)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let mail = mailparse::parse_mail(&out.stdout).unwrap();
        let date = mail.headers.get_first_value("Date").unwrap();
        let when = mailparse::dateparse(&date).unwrap();
        (date, when)
    };
    // POSIX TZ strings: "XYZ-3" is three hours east of UTC.
    let (east, east_at) = date("XYZ-3");
    assert!(east.ends_with("+0300"), "{east}");
    let (west, west_at) = date("ABC+7");
    assert!(west.ends_with("-0700"), "{west}");
    assert!(
        (east_at - west_at).abs() < 120,
        "the same moment: {east} / {west}"
    );
}
