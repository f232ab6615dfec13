//! `deadlines`: every dated obligation of a draft, from the timeline, as text, JSON or an
//! iCalendar file.

use std::fmt::Write as _;
use std::path::Path;

use chrono::NaiveDate;
use serde_json::{Value as Json, json};

use super::{CmdResult, Outcome, company, emit, now, today, warn};
use crate::domain::draft::Draft;
use crate::domain::form::catalog::FormSet;
use crate::domain::rules::defaults::{self, OfferedDate};
use crate::domain::timeline::{self, Deadline, Standing};
use crate::export::clean;
use crate::storage::drafts::DraftStore;
use crate::{calendar, json_out};

pub(super) fn run(
    forms: &FormSet,
    store: &DraftStore,
    name: &str,
    json: bool,
    ics: Option<&Path>,
    force: bool,
) -> CmdResult {
    let (draft, _) = super::load(forms, store, name)?;
    let today = today();
    let list = timeline::deadlines(forms, &draft, today);
    if let Some(path) = ics {
        let text = calendar::ics(name, &draft, &list, today, now());
        // `--ics -`: the calendar is the data on standard output, and nothing else is.
        if path == Path::new("-") {
            super::emit_data(text.as_bytes())?;
            warn(&format!(
                "wrote {} to standard output\n",
                crate::text::count(list.len(), "event", "events")
            ));
            return Ok(Outcome::Done);
        }
        super::write_file(path, text.as_bytes(), force)?;
        warn(&format!(
            "wrote {} to {}\n",
            crate::text::count(list.len(), "event", "events"),
            path.display()
        ));
    }
    let offered = defaults::offered_dates(forms, &draft);
    if json {
        let mut doc = document(name, &draft, &list, today);
        doc["offered"] = offered
            .iter()
            .map(|o| json!({ "path": o.path, "label": clean(&o.label), "date": o.date }))
            .collect();
        super::emit_data(&json_out::render(&doc))?;
    } else {
        let mut out = text(name, &draft, &list, today)?;
        offered_text(&offered, &mut out)?;
        emit(&out)?;
    }
    Ok(Outcome::Done)
}

/// What `deadlines` prints for `draft` (for [`super::printed_text`]).
pub(super) fn text_of(
    forms: &FormSet,
    draft: &Draft,
    name: &str,
    today: NaiveDate,
) -> Result<String, std::fmt::Error> {
    let list = timeline::deadlines(forms, draft, today);
    let mut out = text(name, draft, &list, today)?;
    offered_text(&defaults::offered_dates(forms, draft), &mut out)?;
    Ok(out)
}

/// The dates deadlines would count from, offered and not accepted yet.
fn offered_text(offered: &[OfferedDate], out: &mut String) -> std::fmt::Result {
    if offered.is_empty() {
        return Ok(());
    }
    writeln!(
        out,
        "
Offered, not accepted yet (accept a date to count the deadlines from it):"
    )?;
    for o in offered {
        writeln!(
            out,
            "{}  {}
{:12}{}",
            o.date,
            crate::text::visible(&o.label),
            "",
            o.path
        )?;
    }
    Ok(())
}

/// One word for where a deadline stands (empty when it is simply later).
pub fn standing(standing: Standing) -> &'static str {
    match standing {
        Standing::Done => "done",
        Standing::Overdue => "overdue",
        Standing::Past => "past",
        Standing::Soon => "soon",
        Standing::Later => "",
    }
}

fn text(
    name: &str,
    draft: &Draft,
    list: &[Deadline],
    today: NaiveDate,
) -> Result<String, std::fmt::Error> {
    let mut out = String::new();
    writeln!(
        out,
        "Deadlines of {name} ({}), today {today}",
        company(draft)
    )?;
    writeln!(
        out,
        "Dates on a weekend or a federal holiday stay as they are; the next business day is shown for information."
    )?;
    if list.is_empty() {
        writeln!(
            out,
            "\nNo dated deadline yet: they appear as dates are answered."
        )?;
        return Ok(out);
    }
    writeln!(out)?;
    for d in list {
        writeln!(
            out,
            "{} {}  {:<13} {:<7} {:<9} {}",
            d.date,
            d.weekday(),
            d.when(today),
            standing(d.standing(today)),
            d.kind.id(),
            d.title
        )?;
        if let Some(note) = d.note() {
            writeln!(out, "{:16}! {note}", "")?;
        }
        writeln!(out, "{:16}{}", "", d.path)?;
    }
    let count = |s: Standing| list.iter().filter(|d| d.standing(today) == s).count();
    writeln!(
        out,
        "\n{}: {} overdue, {} in the next {} days.",
        crate::text::count(list.len(), "deadline", "deadlines"),
        count(Standing::Overdue),
        count(Standing::Soon),
        timeline::SOON_DAYS
    )?;
    Ok(out)
}

fn document(name: &str, draft: &Draft, list: &[Deadline], today: NaiveDate) -> Json {
    let deadlines: Vec<Json> = list
        .iter()
        .map(|d| {
            json!({
                "date": d.date.to_string(),
                "weekday": d.weekday(),
                "title": clean(&d.title),
                "kind": d.kind.id(),
                "form": d.form,
                "path": d.path,
                "days_left": d.days_left(today),
                "status": match d.standing(today) { Standing::Later => "later", s => standing(s) },
                "done": d.done,
                "recurring": d.recurring,
                "note": d.note(),
                "next_business_day": d.next_business_day().map(|n| n.to_string()),
                "last_business_day_before": d.last_business_day_before().map(|n| n.to_string()),
                "remind_days_before": d.remind,
            })
        })
        .collect();
    json!({
        "schema": json_out::SCHEMA,
        "draft": name,
        "company": draft.company().map(clean),
        "today": today.to_string(),
        "deadlines": deadlines,
    })
}
