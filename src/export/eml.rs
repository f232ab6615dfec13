//! `.eml`: an RFC 5322 / MIME message ready to send. `X-Unsent: 1` makes Outlook open it
//! as an unsent draft; a short cover note with the summary is the body, and each form's
//! summary, CSV and JSON are attached. Built with mail-builder, which encodes non-ASCII
//! headers (RFC 2047) and file names (RFC 2231); every header value is cleaned of line
//! breaks and control characters first, so no answer can add or change a header.

use mail_builder::MessageBuilder;
use mail_builder::headers::address::Address;
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
        .subject(header(&subject(sources)))
        .date(first.at.timestamp())
        .message_id(format!(
            "{}.{}@clec-wizard.invalid",
            first.at.timestamp(),
            std::process::id()
        ))
        .header("X-Unsent", Raw::new("1"))
        .text_body(cover_note(sources, to));
    if let Some(to) = to.filter(|t| ids::email(t).is_ok()) {
        builder = builder.to(Address::new_address(None::<&str>, header(to)));
    }
    if let Some(email) = first
        .profile("primary_email")
        .filter(|e| ids::email(e).is_ok())
    {
        let name = first.profile("primary_name").map(|n| header(&n));
        builder = builder
            .from(Address::new_address(name.clone(), header(&email)))
            .reply_to(Address::new_address(name, header(&email)));
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
