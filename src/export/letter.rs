//! The cover letter of an `.eml`: a short business letter from the applicant to the
//! CenturyLink team that receives it. Greeting, what the company requests (each form's
//! `submit_to.request`, its placeholders read as the form shows them), what is attached,
//! and the signature with the contact block from the company profile. Nothing in it is
//! addressed to the user of clec-wizard; a draft says so in one sentence.

use std::collections::BTreeMap;

use super::{Source, clean_with};
use crate::domain::form::resolve::placeholders;
use crate::domain::form::schema::FieldKind;
use crate::domain::rules::recipient::addressee;
use crate::domain::rules::view::{Shown, form_view, printed};
use crate::domain::values::answer::Answer;
use crate::domain::values::states;
use crate::text;

/// Width of the letter's lines, as the text summary's.
const WIDTH: usize = super::summary::TEXT_WIDTH;

/// The files attached for one form: its title and the names of its files.
pub(crate) struct Enclosure {
    pub title: String,
    pub files: Vec<String>,
}

/// The letter for a message carrying `sources` (all of one draft) and `enclosed`.
pub(crate) fn cover_letter(sources: &[&Source<'_>], enclosed: &[Enclosure]) -> String {
    let Some(first) = sources.first() else {
        return String::new();
    };
    let dear = clean_with(&addressee(first.forms, &first.draft, first.form), false);
    let mut out = format!("Dear {dear},\n\n");
    let company = clean_with(&first.company(), false);
    let who = match first.profile("acna") {
        Some(acna) => format!("{company} (ACNA {})", clean_with(&acna, false)),
        None => company.clone(),
    };
    let requests: Vec<Request> = sources.iter().filter_map(|s| request(s)).collect();
    if requests.is_empty() {
        let titles: Vec<&str> = sources.iter().map(|s| s.form.title.as_str()).collect();
        paragraph(&mut out, &format!("{who} sends its {}.", titles.join(", ")));
    }
    for (n, r) in requests.iter().enumerate() {
        let text = match n {
            0 => format!("{who} requests {}", r.text),
            _ => format!("It also requests {}", r.text),
        };
        if r.items.is_empty() {
            paragraph(&mut out, &format!("{text}."));
            continue;
        }
        // One item per agreement (or row), so each reads whole.
        paragraph(&mut out, &format!("{text}:"));
        for item in &r.items {
            for l in text::wrap_hanging(item, WIDTH, "  - ", "    ") {
                out.push_str(&l);
                out.push('\n');
            }
        }
        out.push('\n');
    }
    if sources.iter().any(|s| s.draft_mode) {
        paragraph(
            &mut out,
            "This is a draft for review, not our final submission: some answers are still \
             open, and each document lists them.",
        );
    }
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

/// What one form requests: the sentence after "requests", and when its template ends
/// with a group (`...: {agreements}`), one item per row of it.
struct Request {
    text: String,
    items: Vec<String>,
}

/// What one form requests, its placeholders filled in; none without a template.
fn request(src: &Source<'_>) -> Option<Request> {
    let template = src.form.submit_to.as_ref()?.request.as_ref()?;
    let mut text = template.trim().to_string();
    let mut items = Vec::new();
    let last = placeholders(template).last().map(str::to_string);
    if let Some(group) = last.filter(|p| text.ends_with(&format!("{{{p}}}"))) {
        items = row_items(src, &group);
        if !items.is_empty() {
            text.truncate(text.len() - group.len() - 2);
            text = text.trim_end().trim_end_matches(':').to_string();
        }
    }
    for path in placeholders(&text.clone()) {
        let value = shown(src, path);
        // Only a draft goes out with an answer missing; it says so rather than "for ,".
        let value = if value.is_empty() {
            "(not answered yet)".to_string()
        } else {
            value
        };
        text = text.replace(&format!("{{{path}}}"), &value);
    }
    Some(Request {
        text: clean_with(&text, false),
        items: items.iter().map(|i| clean_with(i, false)).collect(),
    })
}

/// One cell of a group's row as its form shows it: the text, and the answer stored.
struct RowCell {
    text: String,
    answer: Option<Answer>,
}

/// The rows of a group (`agreements`, or `form.group` of another form) as the form shows
/// them, each its visible cells by field id; empty when `path` is no group.
fn group_rows(src: &Source<'_>, path: &str) -> Vec<BTreeMap<String, RowCell>> {
    let (form, field) = match path.split_once('.') {
        Some((form, field)) if src.forms.form(form).is_some() => (form, field),
        _ => (src.form.id.as_str(), path),
    };
    let Some(def) = src.forms.form(form) else {
        return Vec::new();
    };
    let mut rows: Vec<BTreeMap<String, RowCell>> = Vec::new();
    for section in form_view(src.forms, &src.draft, def) {
        for item in &section.items {
            let Some((group, index)) = item.place.row else {
                continue;
            };
            if group.id != field {
                continue;
            }
            while rows.len() < index {
                rows.push(BTreeMap::new());
            }
            let cell = RowCell {
                text: super::exported_text(item),
                answer: item.shown.answer().cloned(),
            };
            rows[index - 1].insert(item.place.field.id.clone(), cell);
        }
    }
    rows
}

/// Each row of the group `path` as one item of the letter: an agreement says its state,
/// the CenturyLink company it is with, and exactly what is asked (the agreement an opt-in
/// adopts: carrier, agreement number, state and expiration; the redlines attached; the
/// commercial agreement's products; the tariff); a signed agreement its number and dates.
fn row_items(src: &Source<'_>, path: &str) -> Vec<String> {
    group_rows(src, path).iter().map(agreement_item).collect()
}

fn agreement_item(row: &BTreeMap<String, RowCell>) -> String {
    let text = |id: &str| {
        row.get(id)
            .map(|c| c.text.trim().to_string())
            .filter(|t| !t.is_empty())
    };
    let raw = |id: &str| match row.get(id).and_then(|c| c.answer.as_ref()) {
        Some(Answer::Text(v)) => Some(v.as_str()),
        _ => None,
    };
    let state_named = |id: &str| {
        let code = raw(id)?;
        Some(match states::find(code).filter(|s| s.code == code) {
            Some(s) => format!("{} ({})", s.name, s.code),
            None => code.to_string(),
        })
    };
    let open = "(not answered yet)".to_string();
    let mut head = state_named("state").unwrap_or_else(|| open.clone());
    if let Some(entity) = text("entity") {
        head.push_str(&format!(", with {entity}"));
    }
    let what = match raw("path") {
        Some("opt_in") => {
            let mut adopted = format!(
                "an interconnection agreement by opt-in, adopting in its entirety the \
                 agreement of {} with CenturyLink, agreement number {}, in {}",
                text("optin_source_clec").unwrap_or_else(|| open.clone()),
                text("optin_agreement_no").unwrap_or_else(|| open.clone()),
                state_named("optin_state").unwrap_or_else(|| open.clone()),
            );
            if let Some(until) = text("optin_expiration") {
                adopted.push_str(&format!(", with its expiration date of {until}"));
            }
            adopted
        }
        Some("nta") => "an interconnection agreement on the Negotiations Template Agreement \
                        (NTA) as it is"
            .to_string(),
        Some("nta_redlines") => {
            let mut negotiated = "an interconnection agreement negotiated from the \
                                  Negotiations Template Agreement (NTA), with our redlines"
                .to_string();
            if let Some(file) = text("redline_file") {
                negotiated.push_str(&format!(" (attached: {file})"));
            }
            negotiated
        }
        Some("co_tariff") => "interconnection under CenturyLink's Colorado interconnection \
                              tariff, in place of a negotiated agreement"
            .to_string(),
        Some("cteq_template") => "an interconnection agreement on the CT/EQ agreement \
                                  template, with its pricing list for the state"
            .to_string(),
        Some("commercial") => format!(
            "a commercial agreement for: {}",
            text("commercial_product").unwrap_or_else(|| open.clone())
        ),
        Some(other) => text("path").unwrap_or_else(|| other.to_string()),
        // A signed agreement (the Early Ordering letter's rows).
        None => match text("ica_tracking_no") {
            Some(number) => {
                let mut signed = format!("the signed interconnection agreement {number}");
                if let Some(on) = text("executed_on") {
                    signed.push_str(&format!(", executed on {on}"));
                }
                if let Some(on) = text("filed_on") {
                    signed.push_str(&format!(", filed with the commission on {on}"));
                }
                if let Some(docket) = text("docket_no") {
                    signed.push_str(&format!(" (docket {docket})"));
                }
                signed
            }
            None => return head,
        },
    };
    format!("{head}: {what}.")
}

/// A field as the recipient reads it: choices in their printed wording, a group as its rows (the row
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
    let kind = &item.place.field.kind;
    let Shown::Group(count) = item.shown else {
        return match (kind.options(), item.shown.answer()) {
            (Some(_), Some(answer)) => printed(answer, kind),
            _ => item.shown.text(kind),
        };
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
            .filter_map(|c| c.shown.answer().map(|a| printed(a, &c.place.field.kind)))
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
