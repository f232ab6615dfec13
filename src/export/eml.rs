//! `.eml`: an RFC 5322 / MIME message ready to send. `X-Unsent: 1` makes Outlook open it
//! as an unsent draft; the body is a cover letter from the applicant
//! ([`super::letter`]), and each form goes with its printable PDF and, only when asked
//! (`--attach-json`), its answers as JSON (without the user's own notes unless the export
//! is a draft, whose Subject then starts with `[DRAFT]`). Every message has a Message-ID of its own and a
//! Date (local time, with its offset). Built with mail-builder (which encodes attachment file names, RFC 2231); the
//! headers that carry answers (Subject, From, Reply-To, To) are written here: every value
//! is cleaned of line breaks and control characters, and any text that is not plain
//! ASCII or holds `=?` is sent as RFC 2047 encoded words, so a literal encoded word typed
//! in an answer stays literal text after a mail client decodes it. Display names are
//! quoted or encoded, addresses are plain ASCII: no answer can add a header or forge an
//! address, and every header is 7-bit.

use base64::Engine as _;
use chrono::Local;
use mail_builder::MessageBuilder;
use mail_builder::headers::raw::Raw;

use super::letter::{Enclosure, cover_letter};
use super::{Format, Source, clean_with};
use crate::domain::form::resolve::placeholders;
use crate::domain::rules::recipient::{placeholder, recipient_of};
use crate::domain::values::ids;
use crate::storage::documents;

/// One message carrying the given forms (all from the same draft), to `to` when known.
pub fn message(sources: &[&Source<'_>], to: Option<&str>) -> Vec<u8> {
    let Some(first) = sources.first() else {
        return Vec::new();
    };
    let header = |text: &str| clean_with(text, false);
    let mut subject = header(&subject(sources));
    if sources.iter().any(|s| s.draft_mode) {
        subject = format!("[DRAFT] {subject}");
    }
    let sender = first
        .profile("primary_email")
        .and_then(|e| ids::email(&e).ok())
        .map(|e| e.value);
    let mut builder = MessageBuilder::new()
        .header("Subject", Raw::new(header_text(&subject)))
        // In local time with its offset, as mail clients write it (mail-builder's is UTC).
        .header(
            "Date",
            Raw::new(first.at.with_timezone(&Local).to_rfc2822()),
        )
        .message_id(message_id(sender.as_deref(), &subject, to))
        .header("X-Unsent", Raw::new("1"));
    if let Some(to) = to.and_then(|t| ids::email(t).ok()) {
        builder = builder.header("To", Raw::new(mailbox(None, &to.value)));
    }
    if let Some(email) = &sender {
        let name = first.profile("primary_name").map(|n| header(&n));
        let from = mailbox(name.as_deref(), email);
        builder = builder
            .header("From", Raw::new(from.clone()))
            .header("Reply-To", Raw::new(from));
    }
    let mut enclosed = Vec::new();
    for src in sources {
        let mut files = Vec::new();
        for (name, mime, bytes) in enclosures(src) {
            files.push(name.clone());
            builder = builder.attachment(mime, name, bytes);
        }
        enclosed.push(Enclosure {
            title: src.form.title.clone(),
            files,
        });
    }
    builder
        .text_body(cover_letter(sources, &enclosed))
        .write_to_vec()
        .expect("writing to memory cannot fail")
}

/// The files one form goes with: file name, content type and bytes: its PDF, its answers
/// as JSON when asked ([`Source::attach_json`]) and its supporting documents (those that
/// can be read; the others are open items).
fn enclosures(src: &Source<'_>) -> Vec<(String, String, Vec<u8>)> {
    let stem = src.file_stem();
    let mut out = vec![(
        format!("{stem}.pdf"),
        "application/pdf".to_string(),
        src.render(Format::Pdf),
    )];
    if src.attach_json {
        out.push((
            format!("{stem}.json"),
            "application/json".to_string(),
            src.answers_for_recipient(),
        ));
    }
    let Some(base) = &src.documents else {
        return out;
    };
    for doc in documents::answers(src.forms, &src.draft, src.form) {
        // Read once: what is attached is what is compared with the record (a file
        // changed since the check is left out, and so not named by the letter).
        let Ok(bytes) = documents::read(base, &doc.file) else {
            continue;
        };
        let recorded = src
            .draft
            .forms
            .get(&src.form.id)
            .and_then(|s| s.documents.get(&doc.key))
            .filter(|s| s.file == doc.file);
        if recorded.is_some_and(|r| !documents::matches(r, &bytes)) {
            continue;
        }
        let name = super::attached_name(&doc.file);
        let mime = mime_guess::from_path(&name).first_or_octet_stream();
        out.push((name, mime.essence_str().to_string(), bytes));
    }
    out
}

/// A Message-ID no other message has: the time in nanoseconds, the process, a counter
/// and a hash of what the message is, at the sender's domain when there is one.
fn message_id(sender: Option<&str>, subject: &str, to: Option<&str>) -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let what = format!("{subject}\0{}", to.unwrap_or_default());
    let hash = what.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    let domain = sender
        .and_then(|s| s.rsplit_once('@'))
        .map_or("clec-wizard.invalid", |(_, d)| d);
    format!(
        "{nanos}.{}.{}.{hash:016x}@{domain}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    )
}

/// The address a form is sent to: `submit_to.to` as it is, or the answer its one
/// `{path}` names; none when there is no valid address.
pub fn recipient(src: &Source<'_>) -> Option<String> {
    recipient_of(src.forms, &src.draft, src.form)
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
        text = text.replace(
            &format!("{{{path}}}"),
            &placeholder(first.forms, &first.draft, first.form, path),
        );
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
pub(crate) fn header_text(text: &str) -> String {
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
pub(crate) fn mailbox(name: Option<&str>, email: &str) -> String {
    match name.map(str::trim).filter(|n| !n.is_empty()) {
        None => format!("<{email}>"),
        Some(name) if is_plain(name) => {
            let quoted = name.replace('\\', "\\\\").replace('"', "\\\"");
            format!("\"{quoted}\" <{email}>")
        }
        Some(name) => format!("{} <{email}>", encoded_words(name)),
    }
}

/// Standard base64 (RFC 4648) with padding, from the base64 crate (mail-builder's own
/// encoders are private to it, and its header encoding leaves a typed `=?` as it is).
fn base64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A form's `submit_to.attach_json` attaches its answers file without being asked;
    /// without it, only `--attach-json` does.
    #[test]
    fn a_form_may_ask_for_its_answers_file() {
        let forms = crate::storage::forms::load(None).unwrap();
        let draft = crate::domain::draft::Draft::new(chrono::Utc::now());
        let at = chrono::Local::now();
        let json = |form: &crate::domain::form::schema::FormDef, asked: bool| {
            let src = Source::new(&forms, &draft, "t", form, at).with_json(asked);
            enclosures(&src)
                .iter()
                .any(|(n, _, _)| n.ends_with(".json"))
        };
        let mut form = forms.form("collocation").unwrap().clone();
        assert!(!json(&form, false));
        assert!(json(&form, true));
        form.submit_to.as_mut().unwrap().attach_json = true;
        assert!(json(&form, false));
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
