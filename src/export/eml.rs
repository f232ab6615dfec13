//! `.eml`: an RFC 5322 / MIME message ready to send. `X-Unsent: 1` makes Outlook open it
//! as an unsent draft; a short cover note with the summary is the body, and each form's
//! summary, CSV and JSON are attached. Built with mail-builder (which encodes attachment
//! file names, RFC 2231); the headers that carry answers (Subject, From, Reply-To, To) are
//! written here: every value is cleaned of line breaks and control characters, and any
//! text that is not plain ASCII or holds `=?` is sent as RFC 2047 encoded words, so a
//! literal encoded word typed in an answer stays literal text after a mail client decodes
//! it. Display names are quoted or encoded, addresses are plain ASCII: no answer can add
//! a header or forge an address, and every header is 7-bit.

use mail_builder::MessageBuilder;
use mail_builder::headers::raw::Raw;

use super::{Format, Source, clean_with};
use crate::domain::condition::Value;
use crate::domain::eval::{Evaluator, Place};
use crate::domain::ids;
use crate::domain::lint::placeholders;

/// One message carrying the given forms (all from the same draft), to `to` when known.
pub fn message(sources: &[&Source<'_>], to: Option<&str>) -> Vec<u8> {
    let Some(first) = sources.first() else {
        return Vec::new();
    };
    let header = |text: &str| clean_with(text, false);
    let mut builder = MessageBuilder::new()
        .header("Subject", Raw::new(header_text(&header(&subject(sources)))))
        .date(first.at.timestamp())
        .message_id(format!(
            "{}.{}@clec-wizard.invalid",
            first.at.timestamp(),
            std::process::id()
        ))
        .header("X-Unsent", Raw::new("1"))
        .text_body(cover_note(sources, to));
    if let Some(to) = to.and_then(|t| ids::email(t).ok()) {
        builder = builder.header("To", Raw::new(mailbox(None, &to.value)));
    }
    if let Some(email) = first
        .profile("primary_email")
        .and_then(|e| ids::email(&e).ok())
    {
        let name = first.profile("primary_name").map(|n| header(&n));
        let from = mailbox(name.as_deref(), &email.value);
        builder = builder
            .header("From", Raw::new(from.clone()))
            .header("Reply-To", Raw::new(from));
    }
    for src in sources {
        let stem = src.file_stem();
        for (format, mime) in [
            (Format::Text, "text/plain; charset=utf-8"),
            (Format::Csv, "text/csv; charset=utf-8"),
            (Format::Json, "application/json"),
        ] {
            let name = format!("{stem}.{}", format.extension());
            builder = builder.attachment(mime, name, src.render(format));
        }
    }
    builder
        .write_to_vec()
        .expect("writing to memory cannot fail")
}

/// `Company - ACNA - States - Document`, from the first form's subject template (the
/// documents joined when a message carries several); empty parts are left out.
pub fn subject(sources: &[&Source<'_>]) -> String {
    let Some(first) = sources.first() else {
        return String::new();
    };
    let template = first
        .form
        .submit_to
        .as_ref()
        .map(|s| s.subject.clone())
        .unwrap_or_else(|| {
            format!(
                "{{profile.legal_name}} - {{profile.acna}} - {}",
                first.form.title
            )
        });
    let mut text = template.clone();
    for path in placeholders(&template) {
        text = text.replace(&format!("{{{path}}}"), &placeholder(first, path));
    }
    let mut parts: Vec<String> = text
        .split(" - ")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(str::to_string)
        .collect();
    if sources.len() > 1 {
        let titles: Vec<&str> = sources.iter().map(|s| s.form.title.as_str()).collect();
        parts.retain(|p| *p != first.form.title);
        parts.push(titles.join(", "));
    }
    parts.join(" - ")
}

fn placeholder(src: &Source<'_>, path: &str) -> String {
    let Some(found) = src.form.fields().next() else {
        return String::new();
    };
    let place = Place {
        form: src.form,
        section: found.section,
        field: found.field,
        row: None,
    };
    match Evaluator::new(src.forms, src.draft).value(&place, path) {
        Value::One(s) => s,
        Value::Many(v) => v.join(", "),
        Value::Empty => String::new(),
    }
}

fn cover_note(sources: &[&Source<'_>], to: Option<&str>) -> String {
    let first = sources[0];
    let company = clean_with(&first.company(), false);
    let mut note = String::from("Hello,\n\n");
    let titles: Vec<String> = sources.iter().map(|s| s.form.title.clone()).collect();
    note.push_str(&format!(
        "Please find attached the {} for {company}.\n",
        titles.join(", ")
    ));
    if sources.iter().any(|s| !s.is_complete()) {
        note.push_str("This is a draft: some answers are still open (listed in the summary).\n");
    }
    if to.is_none() {
        note.push_str("(Add the recipient: your CenturyLink contact for this step.)\n");
    }
    if let Some(name) = first.profile("primary_name") {
        let phone = first
            .profile("primary_phone")
            .map(|p| format!(", {p}"))
            .unwrap_or_default();
        note.push_str(&format!(
            "\nContact: {}{}\n",
            clean_with(&name, false),
            clean_with(&phone, false)
        ));
    }
    note.push_str("\nThe summary follows; the answers are attached as text, CSV and JSON.\n\n");
    for src in sources {
        note.push_str(&String::from_utf8_lossy(&src.render(Format::Text)));
        note.push('\n');
    }
    note
}

/// Bytes of text in one encoded word: 45 bytes are 60 base64 characters, and with
/// `=?utf-8?b?` and `?=` the word stays within RFC 2047's 75.
const WORD_BYTES: usize = 45;

/// Whether `text` can go into a header as it is: printable ASCII, no `=?` (which a mail
/// client would decode), no word too long to fold, no space at either end and no run of
/// spaces (which folding and unfolding would not keep).
fn is_plain(text: &str) -> bool {
    text.bytes().all(|b| (0x20..0x7f).contains(&b))
        && !text.contains("=?")
        && !text.contains("  ")
        && !text.starts_with(' ')
        && !text.ends_with(' ')
        && text.split(' ').all(|word| word.len() <= 70)
}

/// An unstructured header value (the subject): as it is when plain, else encoded words
/// that decode to exactly `text`.
pub fn header_text(text: &str) -> String {
    if is_plain(text) {
        text.to_string()
    } else {
        encoded_words(text)
    }
}

/// `text` as RFC 2047 base64 encoded words, split between characters.
fn encoded_words(text: &str) -> String {
    let mut words = Vec::new();
    let mut start = 0;
    let mut end = 0;
    for (i, c) in text.char_indices() {
        if i + c.len_utf8() - start > WORD_BYTES {
            words.push(&text[start..end]);
            start = i;
        }
        end = i + c.len_utf8();
    }
    words.push(&text[start..end]);
    words
        .iter()
        .map(|w| format!("=?utf-8?b?{}?=", base64(w.as_bytes())))
        .collect::<Vec<_>>()
        .join(" ")
}

/// A mailbox: `"Display Name" <address>` (the name quoted, or encoded when it is not plain
/// ASCII), or `<address>`. `email` is a checked, plain ASCII address.
pub fn mailbox(name: Option<&str>, email: &str) -> String {
    match name.map(str::trim).filter(|n| !n.is_empty()) {
        None => format!("<{email}>"),
        Some(name) if is_plain(name) => {
            let quoted = name.replace('\\', "\\\\").replace('"', "\\\"");
            format!("\"{quoted}\" <{email}>")
        }
        Some(name) => format!("{} <{email}>", encoded_words(name)),
    }
}

/// Standard base64 (RFC 4648) with padding.
fn base64(bytes: &[u8]) -> String {
    const TABLE: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | u32::from(*b) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(TABLE[(n >> (18 - 6 * i) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_the_rfc() {
        for (plain, coded) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64(plain.as_bytes()), coded);
        }
    }

    #[test]
    fn encoded_words_stay_literal() {
        assert_eq!(header_text("Prairie Fiber - CO"), "Prairie Fiber - CO");
        let literal = "=?utf-8?q?forged?=";
        let coded = header_text(literal);
        assert!(
            coded.starts_with("=?utf-8?b?") && !coded.contains("q?forged"),
            "{coded}"
        );
        let long = "é".repeat(100);
        assert!(encoded_words(&long).split(' ').all(|w| w.len() <= 75));
    }

    #[test]
    fn display_names_are_quoted_or_encoded() {
        assert_eq!(
            mailbox(Some("Jane \"J\" Doe"), "j@x.com"),
            r#""Jane \"J\" Doe" <j@x.com>"#
        );
        assert_eq!(mailbox(None, "j@x.com"), "<j@x.com>");
        assert!(mailbox(Some("José"), "j@x.com").starts_with("=?utf-8?b?"));
        assert!(mailbox(Some("a =?x?q?b?= c"), "j@x.com").starts_with("=?utf-8?b?"));
        assert!(
            mailbox(Some("a    b"), "j@x.com").starts_with("=?utf-8?b?"),
            "runs of spaces are kept by encoding"
        );
    }
}
