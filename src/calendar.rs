//! The deadlines of a draft as an iCalendar file (RFC 5545), for Outlook, Google Calendar
//! and Thunderbird: one all-day event per deadline, with reminders.
//!
//! Each event's UID is built from the draft's name and the field the date comes from (a
//! group row by its stable row id, not its number), so importing a later export again
//! updates the events in place instead of adding copies; SEQUENCE grows with the time of
//! the export, as clients expect of an update. No terminal code.

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use icalendar::{Alarm, Calendar, Component, Event, EventLike};

use crate::domain::draft::Draft;
use crate::domain::timeline::Deadline;
use crate::domain::values::answer::Key;
use crate::export::{clean, slug};

/// Reminders go off at this hour (local time) of the day they are due.
const REMINDER_HOUR: i64 = 9;

/// The calendar of `deadlines` for the draft `name`, as the text of an `.ics` file.
pub fn ics(
    name: &str,
    draft: &Draft,
    deadlines: &[Deadline],
    today: NaiveDate,
    now: DateTime<Utc>,
) -> String {
    let title = match draft.company() {
        Some(company) => format!("{} - CLEC deadlines", one_line(company)),
        None => format!("{} - CLEC deadlines", one_line(name)),
    };
    let mut calendar = Calendar::empty();
    calendar
        .append_property(("VERSION", "2.0"))
        .append_property(("PRODID", "-//clec-wizard//deadlines//EN"))
        .append_property(("CALSCALE", "GREGORIAN"))
        .append_property(("METHOD", "PUBLISH"))
        // icalendar escapes the TEXT properties it knows (X-WR-CALNAME among them) but
        // writes RFC 7986's NAME as given: it is escaped here, once.
        .append_property(("NAME", text(&title).as_str()))
        .append_property(("X-WR-CALNAME", title.as_str()))
        .description("Deadlines from clec-wizard. Statutory dates are informational: they follow the federal statute and do not move; check your state commission's rules.");
    for deadline in deadlines {
        calendar.push(event(name, draft, deadline, today, now));
    }
    calendar.done().to_string()
}

fn event(
    name: &str,
    draft: &Draft,
    deadline: &Deadline,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> Event {
    let mut event = Event::new();
    event
        .uid(&uid(name, draft, deadline))
        .summary(&one_line(&deadline.title))
        .description(&description(deadline))
        .starts(deadline.date)
        .ends(deadline.date.succ_opt().unwrap_or(deadline.date))
        .timestamp(now)
        .sequence(sequence(now))
        .add_property("TRANSP", "TRANSPARENT")
        .add_property("CATEGORIES", deadline.kind.id());
    if !deadline.done && deadline.date >= today {
        for days in &deadline.remind {
            let before = Duration::days(i64::from(*days)) - Duration::hours(REMINDER_HOUR);
            event.alarm(Alarm::display(&clean(&deadline.title), -before));
        }
    }
    event.done()
}

/// `text` cleaned of control characters, on one line: a title.
fn one_line(text: &str) -> String {
    clean(text).replace(['\n', '\r', '\t'], " ")
}

/// RFC 5545 TEXT escaping (backslash, comma, semicolon, line break), for a property that
/// icalendar writes as given.
fn text(value: &str) -> String {
    value
        .replace('\\', "\\\\")
        .replace(',', "\\,")
        .replace(';', "\\;")
        .replace('\n', "\\n")
}

/// What the event says: the kind, where the date comes from, the weekend or holiday note.
fn description(deadline: &Deadline) -> String {
    let mut text = format!(
        "{} deadline from {}: {} ({}).",
        deadline.kind.id(),
        clean(&deadline.form_title),
        clean(&deadline.label),
        deadline.path
    );
    if let Some(note) = deadline.note() {
        text.push_str(&format!(
            "\nThis date is a {note}, for information: the date itself does not move."
        ));
    }
    if deadline.done {
        text.push_str("\nMarked as met in the draft.");
    }
    text.push_str("\nFrom clec-wizard: check the current rules before relying on a date.");
    text
}

/// The event's stable id: the draft, the field (a row by its stable id) and, for a date
/// that comes back every year, the title and the date.
pub fn uid(name: &str, draft: &Draft, deadline: &Deadline) -> String {
    let mut field = deadline.path.clone();
    if let Ok(key) = Key::parse(&deadline.path)
        && let Some(row) = &key.row
        && let Some(id) = draft
            .row_ids
            .get(&format!("{}.{}", key.form, key.field))
            .and_then(|ids| ids.get(row.index.wrapping_sub(1)))
    {
        field = format!("{}.{}.{id}.{}", key.form, key.field, row.field);
    }
    let field: String = field
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || "-_.".contains(c) {
                c
            } else {
                '-'
            }
        })
        .collect();
    // A draft's name holds no control character (the store checks names); the calendar
    // does not rely on it.
    let mut uid = format!("{}.{field}", crate::export::clean_with(name, false));
    if deadline.recurring {
        uid.push_str(&format!(".{}.{}", slug(&deadline.title), deadline.date));
    }
    format!("{uid}@clec-wizard")
}

/// Minutes since 2024: later exports carry a higher SEQUENCE, so clients take them as
/// updates of the events they hold.
fn sequence(now: DateTime<Utc>) -> u32 {
    let epoch = Utc.with_ymd_and_hms(2024, 1, 1, 0, 0, 0).unwrap();
    let minutes = (now - epoch).num_minutes().max(0);
    u32::try_from(minutes).unwrap_or(u32::MAX)
}
