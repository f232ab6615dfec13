//! The cover letter of an `.eml`: a short business letter from the applicant to the
//! CenturyLink team that receives it. Greeting, what the company requests (each form's
//! `submit_to.request`, its placeholders read as the form shows them), what is attached,
//! and the signature with the contact block from the company profile. Nothing in it is
//! addressed to the user of clec-wizard; a draft says so in one sentence.

use super::{Source, clean_with};
use crate::domain::form::resolve::placeholders;
use crate::domain::form::schema::FieldKind;
use crate::domain::rules::view::{Shown, form_view, labelled};
use crate::text;

/// Width of the letter's lines, as the text summary's.
const WIDTH: usize = super::summary::TEXT_WIDTH;

/// The files attached for one form: its title and the names of its files.
pub struct Enclosure {
    pub title: String,
    pub files: Vec<String>,
}

/// The letter for a message carrying `sources` (all of one draft) and `enclosed`.
pub fn cover_letter(sources: &[&Source<'_>], enclosed: &[Enclosure]) -> String {
    let Some(first) = sources.first() else {
        return String::new();
    };
    let mut out = String::from("Dear CenturyLink team,\n\n");
    let company = clean_with(&first.company(), false);
    let who = match first.profile("acna") {
        Some(acna) => format!("{company} (ACNA {})", clean_with(&acna, false)),
        None => company.clone(),
    };
    let requests: Vec<String> = sources.iter().filter_map(|s| request(s)).collect();
    let mut opening = match requests.split_first() {
        Some((one, rest)) => {
            let mut text = format!("{who} requests {one}.");
            for more in rest {
                text.push_str(&format!(" It also requests {more}."));
            }
            text
        }
        None => {
            let titles: Vec<&str> = sources.iter().map(|s| s.form.title.as_str()).collect();
            format!("{who} sends its {}.", titles.join(", "))
        }
    };
    if sources.iter().any(|s| s.draft_mode) {
        opening.push_str(
            " This is a draft for review, not our final submission: some answers are still \
             open, and each document lists them.",
        );
    }
    paragraph(&mut out, &opening);
    let attached = if sources.iter().any(|s| s.attach_json) {
        "Attached are, for each form, a printable copy and its answers in a \
         machine-readable file, with the supporting documents it names:"
    } else {
        "Attached are, for each form, a printable copy, with the supporting documents it \
         names:"
    };
    paragraph(&mut out, attached);
    for e in enclosed {
        for l in text::wrap_hanging(&clean_with(&e.title, false), WIDTH, "  - ", "    ") {
            out.push_str(&l);
            out.push('\n');
        }
        // File names stay whole on their lines, to be found among the attachments.
        for file in &e.files {
            out.push_str(&format!("      {file}\n"));
        }
    }
    out.push('\n');
    paragraph(
        &mut out,
        "Please let me know if anything else is needed; I am glad to answer any question.",
    );
    out.push_str("Sincerely,\n\n");
    out.push_str(&signature(first, &company));
    out
}

fn paragraph(out: &mut String, text: &str) {
    for line in text::wrap(text, WIDTH) {
        out.push_str(&line);
        out.push('\n');
    }
    out.push('\n');
}

/// The signature: the primary contact's name and title, the company, its address, phone
/// and e-mail, each as the profile gives it (missing lines left out).
fn signature(src: &Source<'_>, company: &str) -> String {
    let p = |field: &str| src.profile(field).map(|v| clean_with(&v, false));
    let city = [p("hq_city"), p("hq_state")]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(", ");
    let city = [Some(city).filter(|c| !c.is_empty()), p("hq_zip")]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    let lines = [
        p("primary_name"),
        p("primary_title"),
        Some(company.to_string()),
        p("hq_street"),
        Some(city).filter(|c| !c.is_empty()),
        p("primary_phone").map(|v| format!("Phone: {v}")),
        p("primary_email").map(|v| format!("E-mail: {v}")),
    ];
    lines.into_iter().flatten().map(|l| l + "\n").collect()
}

/// What one form requests, its placeholders filled in; none without a template.
fn request(src: &Source<'_>) -> Option<String> {
    let template = src.form.submit_to.as_ref()?.request.as_ref()?;
    let mut text = template.clone();
    for path in placeholders(template) {
        let value = shown(src, path);
        // Only a draft goes out with an answer missing; it says so rather than "for ,".
        let value = if value.is_empty() {
            "(not answered yet)".to_string()
        } else {
            value
        };
        text = text.replace(&format!("{{{path}}}"), &value);
    }
    Some(clean_with(&text, false))
}

/// A field as its form shows it: choices by their labels, a group as its rows (the row
/// label, then the row's choices: `CO: NTA as is; UT: opt-in`). `path` is a field of the
/// source's form, or `form.field` of another form.
pub fn shown(src: &Source<'_>, path: &str) -> String {
    let (form, field) = match path.split_once('.') {
        Some((form, field)) if src.forms.form(form).is_some() => (form, field),
        _ => (src.form.id.as_str(), path),
    };
    let Some(def) = src.forms.form(form) else {
        return String::new();
    };
    let view = form_view(src.forms, &src.draft, def);
    let items: Vec<_> = view.iter().flat_map(|s| &s.items).collect();
    let Some(item) = items
        .iter()
        .find(|i| i.place.row.is_none() && i.place.field.id == field)
    else {
        return String::new();
    };
    let Shown::Group(count) = item.shown else {
        return item.shown.text(&item.place.field.kind);
    };
    let label_id = match &item.place.field.kind {
        FieldKind::Group { row_label, .. } => row_label.clone(),
        _ => None,
    };
    let mut rows = Vec::new();
    for index in 1..=count {
        let cells: Vec<_> = items
            .iter()
            .filter(|i| {
                i.place
                    .row
                    .is_some_and(|(g, n)| g.id == field && n == index)
            })
            .collect();
        let label = cells
            .iter()
            .find(|c| Some(&c.place.field.id) == label_id.as_ref())
            .map(|c| c.shown.text(&c.place.field.kind));
        let choices: Vec<String> = cells
            .iter()
            .filter(|c| matches!(c.place.field.kind, FieldKind::Choice { .. }))
            .filter_map(|c| c.shown.answer().map(|a| labelled(a, &c.place.field.kind)))
            .collect();
        let row = match label {
            Some(l) if !choices.is_empty() => format!("{l}: {}", choices.join(", ")),
            Some(l) => l,
            None => choices.join(", "),
        };
        rows.push(row);
    }
    rows.join("; ")
}
