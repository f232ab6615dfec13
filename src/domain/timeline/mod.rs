//! The timeline: every deadline of a draft, read from the forms alone.
//!
//! A form marks which of its dates are deadlines (`deadline: (title, kind, remind,
//! done_if)` on a typed or computed date field, in group rows too) and which come back
//! every year (`recurring`); no rule about a date lives outside the form files and this
//! module. The dates are exactly what the form view shows: the same visibility, the same
//! date arithmetic ([`crate::domain::rules::eval::compute_date`] through the evaluator). A date on a
//! weekend or a federal holiday says so, as information: the date itself never moves. A
//! deadline's note names the last business day before it (§252(b)(1) gives no weekend or
//! holiday extension [S30, S88]); a planned date's note names the next business day.

use chrono::{Datelike, NaiveDate, Weekday};

use crate::domain::draft::Draft;
use crate::domain::form::catalog::FormSet;
use crate::domain::form::resolve::{Scope, Target};
use crate::domain::form::schema::{DeadlineKind, DeadlineMark, FieldKind, FormDef, Recurring};
use crate::domain::rules::eval::{Evaluator, Place};
use crate::domain::rules::view::{Shown, row_title, section_items};

pub(crate) mod holidays;

/// How far ahead recurring dates are listed.
pub(crate) const RECURRING_MONTHS: u32 = 12;

/// Deadlines this close (in days) are "soon".
pub(crate) const SOON_DAYS: i64 = 30;

/// One dated obligation of a draft.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deadline {
    pub date: NaiveDate,
    /// The deadline's title, with the row it belongs to (`… · 2. UT`).
    pub title: String,
    /// The title alone, without the row.
    pub subject: String,
    pub kind: DeadlineKind,
    /// The form it comes from (id and title).
    pub form: String,
    pub form_title: String,
    /// Answer path of the field (`form.field` or `form.group[N].field`).
    pub path: String,
    /// The field's label, as the form shows it.
    pub label: String,
    /// Answer path of the date the deadline counts from: for a computed date its `from`
    /// (in the same row; through computed dates to the typed one), else the field itself.
    /// Where the wizard opens the form: a computed date cannot be typed into.
    pub source: String,
    /// That field's label.
    pub source_label: String,
    /// For a field in a group's row: the row's title as the form shows it (`2. UT`).
    pub row: Option<String>,
    /// Days before the date to be reminded.
    pub remind: Vec<u32>,
    /// The form says it is met or moot (its `done_if` holds).
    pub done: bool,
    /// A date that comes back every year.
    pub recurring: bool,
    /// Why the date is not a business day (`Sunday`, `Independence Day (observed)`).
    pub closed: Option<String>,
}

/// Where a deadline stands today.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    /// Met or moot.
    Done,
    /// Past, not met, and owed by the company (a filing or a follow-up).
    Overdue,
    /// Past: a statutory date or a plan.
    Past,
    /// Today or within [`SOON_DAYS`].
    Soon,
    Later,
}

impl Deadline {
    /// The row as the title names it: `2. UT`, or `row 2` while the row has no label.
    pub(crate) fn row_label(&self) -> Option<String> {
        self.row.as_deref().map(|row| match row.strip_suffix('.') {
            Some(n) => format!("row {n}"),
            None => row.to_string(),
        })
    }

    /// The title with its row first (`2. UT · Window closes`): what tells two rows'
    /// deadlines apart comes before a narrow list cuts or wraps the rest.
    pub(crate) fn row_first(&self) -> String {
        match self.row_label() {
            Some(row) => format!("{row} · {}", self.subject),
            None => self.subject.clone(),
        }
    }

    /// Days from `today` to the date (negative once past).
    pub fn days_left(&self, today: NaiveDate) -> i64 {
        (self.date - today).num_days()
    }

    /// The weekday, as three letters (`Mon`).
    pub fn weekday(&self) -> &'static str {
        weekday_name(self.date.weekday())
    }

    /// The first business day after the date, when the date is not one.
    pub fn next_business_day(&self) -> Option<NaiveDate> {
        self.closed
            .as_ref()
            .map(|_| holidays::next_business_day(self.date))
    }

    /// The last business day before the date, when the date is not one: the day to act by
    /// when the date is a deadline that does not move.
    pub fn last_business_day_before(&self) -> Option<NaiveDate> {
        self.closed
            .as_ref()
            .map(|_| holidays::last_business_day_before(self.date))
    }

    /// The weekend or holiday note. A deadline (statutory, a filing, a follow-up) does not
    /// move: the note names the last business day before it, never a later day
    /// (`Sunday; the deadline does not move: last business day before it Fri 2026-07-10`).
    /// A planned date names the next business day (`Sunday; next business day Mon 2026-07-13`).
    pub fn note(&self) -> Option<String> {
        let why = self.closed.as_ref()?;
        Some(match self.kind {
            DeadlineKind::Statutory | DeadlineKind::Filing | DeadlineKind::FollowUp => {
                let before = holidays::last_business_day_before(self.date);
                format!(
                    "{why}; the deadline does not move: last business day before it {} {before}",
                    weekday_name(before.weekday())
                )
            }
            DeadlineKind::Plan => {
                let next = holidays::next_business_day(self.date);
                format!(
                    "{why}; next business day {} {next}",
                    weekday_name(next.weekday())
                )
            }
        })
    }

    pub fn standing(&self, today: NaiveDate) -> Standing {
        let left = self.days_left(today);
        match (self.done, left < 0, self.kind) {
            (true, ..) => Standing::Done,
            (false, true, DeadlineKind::Filing | DeadlineKind::FollowUp) => Standing::Overdue,
            (false, true, _) => Standing::Past,
            _ if left <= SOON_DAYS => Standing::Soon,
            _ => Standing::Later,
        }
    }

    /// Days left as people say it: `in 12 days`, `today`, `3 days ago`.
    pub fn when(&self, today: NaiveDate) -> String {
        match self.days_left(today) {
            0 => "today".into(),
            1 => "tomorrow".into(),
            -1 => "yesterday".into(),
            n if n > 0 => format!("in {n} days"),
            n => format!("{} days ago", -n),
        }
    }
}

fn weekday_name(day: Weekday) -> &'static str {
    match day {
        Weekday::Mon => "Mon",
        Weekday::Tue => "Tue",
        Weekday::Wed => "Wed",
        Weekday::Thu => "Thu",
        Weekday::Fri => "Fri",
        Weekday::Sat => "Sat",
        Weekday::Sun => "Sun",
    }
}

/// Every deadline of the draft across its forms, by date (then form order): the marked
/// date fields that show a date, and the recurring dates from `today` for the next
/// [`RECURRING_MONTHS`] months.
pub fn deadlines(forms: &FormSet, draft: &Draft, today: NaiveDate) -> Vec<Deadline> {
    let eval = Evaluator::new(forms, draft);
    let mut out = Vec::new();
    for form in forms.forms() {
        marked_dates(&eval, form, &mut out);
        recurring_dates(&eval, form, today, &mut out);
    }
    out.sort_by_key(|d| d.date);
    out
}

/// The deadlines of one form, in date order.
pub fn form_deadlines(
    forms: &FormSet,
    draft: &Draft,
    form: &str,
    today: NaiveDate,
) -> Vec<Deadline> {
    deadlines(forms, draft, today)
        .into_iter()
        .filter(|d| d.form == form)
        .collect()
}

/// The visible date fields of `form` marked as deadlines that show a date, in form order.
fn marked_dates<'a>(eval: &Evaluator<'a>, form: &'a FormDef, out: &mut Vec<Deadline>) {
    for section in &form.sections {
        for item in section_items(eval, form, section) {
            let place = item.place;
            let Some(mark) = &place.field.deadline else {
                continue;
            };
            let text = match (&place.field.kind, &item.shown) {
                (FieldKind::Computed { .. }, Shown::Derived(Some(text))) => text.clone(),
                (_, Shown::Answer(Some(crate::domain::values::answer::Answer::Text(text)))) => {
                    text.clone()
                }
                _ => continue,
            };
            let Ok(date) = NaiveDate::parse_from_str(&text, "%Y-%m-%d") else {
                continue;
            };
            out.push(deadline(eval, &place, mark, date));
        }
    }
}

fn deadline<'a>(
    eval: &Evaluator<'a>,
    place: &Place<'a>,
    mark: &DeadlineMark,
    date: NaiveDate,
) -> Deadline {
    let row = place
        .row
        .map(|(group, index)| row_title(eval.draft, place.form, group, index));
    let source = source_of(eval.forms, place);
    let mut deadline = Deadline {
        date,
        title: String::new(),
        subject: mark.title.clone(),
        kind: mark.kind,
        form: place.form.id.clone(),
        form_title: place.form.title.clone(),
        path: place.path(),
        label: place.field.label.clone(),
        source: source.path(),
        source_label: source.field.label.clone(),
        row,
        remind: mark.remind.clone(),
        done: mark.done_if.as_ref().is_some_and(|c| eval.holds(place, c)),
        recurring: false,
        closed: holidays::closed(date),
    };
    // A row with no label yet: `row 2`, not a bare `2.`.
    deadline.title = match deadline.row_label() {
        Some(row) => format!("{} · {row}", mark.title),
        None => mark.title.clone(),
    };
    deadline
}

/// The field a date counts from: through each computed date's `from` (in the same row
/// when the path names a field of the row) to a date that is typed; the place itself
/// when it is typed, or when a `from` names no single field.
fn source_of<'a>(forms: &'a FormSet, place: &Place<'a>) -> Place<'a> {
    let mut at = *place;
    // Form lint refuses cycles; the bound keeps a hand-made one from looping.
    for _ in 0..8 {
        let FieldKind::Computed { from, .. } = &at.field.kind else {
            break;
        };
        let scope = Scope {
            form: at.form,
            group: at.row.map(|(group, _)| group),
        };
        at = match forms.resolve(scope, from) {
            Some(Target::Field {
                form,
                section,
                field,
            }) => Place {
                form,
                section,
                field,
                row: None,
            },
            Some(Target::SameRow {
                form,
                section,
                field,
                group,
            }) => Place {
                form,
                section,
                field,
                row: at.row.map(|(_, index)| (group, index)),
            },
            _ => break,
        };
    }
    at
}

/// Each recurring date of `form` from `today` on, for [`RECURRING_MONTHS`] months.
fn recurring_dates<'a>(
    eval: &Evaluator<'a>,
    form: &'a FormDef,
    today: NaiveDate,
    out: &mut Vec<Deadline>,
) {
    let end = today
        .checked_add_months(chrono::Months::new(RECURRING_MONTHS))
        .unwrap_or(NaiveDate::MAX);
    for recurring in &form.recurring {
        let Some(at) = form.field(&recurring.field) else {
            continue;
        };
        let place = Place {
            form,
            section: at.section,
            field: at.field,
            row: None,
        };
        if recurring
            .when
            .as_ref()
            .is_some_and(|c| !eval.holds(&place, c))
        {
            continue;
        }
        let source = source_of(eval.forms, &place);
        for date in occurrences(recurring, today, end) {
            out.push(Deadline {
                date,
                title: recurring.title.clone(),
                subject: recurring.title.clone(),
                kind: recurring.kind,
                form: form.id.clone(),
                form_title: form.title.clone(),
                path: place.path(),
                label: place.field.label.clone(),
                source: source.path(),
                source_label: source.field.label.clone(),
                row: None,
                remind: recurring.remind.clone(),
                done: false,
                recurring: true,
                closed: holidays::closed(date),
            });
        }
    }
}

/// The dates of a recurring entry from `from` (included) to `end` (excluded).
fn occurrences(recurring: &Recurring, from: NaiveDate, end: NaiveDate) -> Vec<NaiveDate> {
    let mut dates: Vec<NaiveDate> = (from.year()..=end.year())
        .flat_map(|year| {
            recurring.on.iter().filter_map(move |text| {
                let (m, d) = Recurring::month_day(text)?;
                NaiveDate::from_ymd_opt(year, m, d)
            })
        })
        .filter(|d| *d >= from && *d < end)
        .collect();
    dates.sort();
    dates
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::form::catalog::SourceFile;
    use crate::domain::values::answer::Answer;
    use chrono::{TimeZone, Utc};

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn draft(answers: &[(&str, &str)]) -> Draft {
        let mut draft = Draft::new(Utc.with_ymd_and_hms(2026, 1, 2, 9, 0, 0).unwrap());
        for (path, value) in answers {
            let answer = match *value {
                "yes" => Answer::YesNo(true),
                rows if rows.starts_with('#') => Answer::Rows(rows[1..].parse().unwrap()),
                v => Answer::Text(v.into()),
            };
            draft.answers.insert((*path).into(), answer);
        }
        draft
    }

    /// A form set of one form `t` with these sections (and recurring dates).
    fn forms(sections: &str, recurring: &str) -> FormSet {
        let form = format!(
            r#"(id: "t", title: "T form", version: 1, step: 1, recurring: [{recurring}], sections: [{sections}])"#
        );
        FormSet::load(&[
            SourceFile {
                name: "journey.ron".into(),
                text: format!(
                    "(steps: [{}])",
                    (1..=7)
                        .map(|n| {
                            let forms = if n == 1 { r#"["t"]"# } else { "[]" };
                            format!(
                                r#"(number: {n}, title: "S{n}", what_to_do: "x", forms: {forms})"#
                            )
                        })
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            },
            SourceFile {
                name: "t.ron".into(),
                text: form,
            },
        ])
        .unwrap()
    }

    const DATES: &str = r#"(id: "s", title: "S", fields: [
        (id: "start", label: "Start", kind: Date()),
        (id: "sent", label: "Sent", kind: Date()),
        (id: "due", label: "Due (start + 30)", kind: Computed(from: "start", add: Days(30)),
            deadline: (title: "Papers due", kind: FollowUp, remind: [7, 1], done_if: NotEmpty("sent"))),
        (id: "meeting", label: "Meeting on", kind: Date(), deadline: (title: "Meeting", kind: Plan)),
        (id: "unmarked", label: "Unmarked", kind: Computed(from: "start", add: Days(1))),
        (id: "rows", label: "Rows", kind: Group(row_label: "state", fields: [
            (id: "state", label: "State", kind: State()),
            (id: "day0", label: "Day 0", kind: Date()),
            (id: "closes", label: "Window closes (day 160)", kind: Computed(from: "day0", add: Days(160)),
                deadline: (title: "Window closes", kind: Statutory, remind: [14])),
        ])),
    ])"#;

    fn listed(list: &[Deadline]) -> Vec<(String, String, String)> {
        list.iter()
            .map(|d| (d.date.to_string(), d.title.clone(), d.path.clone()))
            .collect()
    }

    fn triple(date: &str, title: &str, path: &str) -> (String, String, String) {
        (date.into(), title.into(), path.into())
    }

    #[test]
    fn marked_dates_typed_computed_and_in_rows_sorted_by_date() {
        let forms = forms(DATES, "");
        let today = day("2026-03-01");
        assert!(deadlines(&forms, &draft(&[]), today).is_empty());
        let d = draft(&[
            ("t.start", "2026-01-31"),
            ("t.meeting", "2026-02-10"),
            ("t.rows", "#2"),
            ("t.rows[1].state", "CO"),
            ("t.rows[1].day0", "2026-01-15"),
            ("t.rows[2].state", "UT"),
            ("t.rows[2].day0", "2026-02-02"),
        ]);
        let list = deadlines(&forms, &d, today);
        assert_eq!(
            listed(&list),
            [
                triple("2026-02-10", "Meeting", "t.meeting"),
                triple("2026-03-02", "Papers due", "t.due"),
                triple("2026-06-24", "Window closes · 1. CO", "t.rows[1].closes"),
                triple("2026-07-12", "Window closes · 2. UT", "t.rows[2].closes"),
            ]
        );
        let papers = &list[1];
        assert_eq!(
            (papers.kind, papers.remind.clone()),
            (DeadlineKind::FollowUp, vec![7, 1])
        );
        assert_eq!(papers.label, "Due (start + 30)");
        assert_eq!(papers.form_title, "T form");
        assert_eq!(list[3].row.as_deref(), Some("2. UT"));
        assert_eq!(papers.days_left(today), 1);
        assert_eq!(papers.when(today), "tomorrow");
        assert_eq!(list[0].when(today), "19 days ago");
    }

    /// A computed date counts from a typed one: in its own row for a row's date, through
    /// a chain of computed dates; a typed date is its own source.
    #[test]
    fn a_computed_date_names_the_typed_date_it_counts_from() {
        let sections = DATES.replace(
            r#"(id: "unmarked", label: "Unmarked", kind: Computed(from: "start", add: Days(1))),"#,
            r#"(id: "unmarked", label: "Unmarked", kind: Computed(from: "start", add: Days(1))),
            (id: "later", label: "Later", kind: Computed(from: "unmarked", add: Days(1)),
                deadline: (title: "Later", kind: Plan)),"#,
        );
        let forms = forms(&sections, "");
        let d = draft(&[
            ("t.start", "2026-01-31"),
            ("t.meeting", "2026-02-10"),
            ("t.rows", "#2"),
            ("t.rows[1].state", "CO"),
            ("t.rows[1].day0", "2026-01-15"),
            ("t.rows[2].state", "UT"),
            ("t.rows[2].day0", "2026-02-02"),
        ]);
        let list = deadlines(&forms, &d, day("2026-03-01"));
        let sources: Vec<(&str, &str, &str)> = list
            .iter()
            .map(|d| (d.path.as_str(), d.source.as_str(), d.source_label.as_str()))
            .collect();
        assert_eq!(
            sources,
            [
                ("t.later", "t.start", "Start"),
                ("t.meeting", "t.meeting", "Meeting on"),
                ("t.due", "t.start", "Start"),
                ("t.rows[1].closes", "t.rows[1].day0", "Day 0"),
                ("t.rows[2].closes", "t.rows[2].day0", "Day 0"),
            ]
        );
        let utah = &list[4];
        assert_eq!(utah.title, "Window closes · 2. UT");
        assert_eq!(utah.row_first(), "2. UT · Window closes");
        assert_eq!(list[1].row_first(), "Meeting");
    }

    #[test]
    fn standing_follows_kind_done_and_days_left() {
        let forms = forms(DATES, "");
        let d = draft(&[("t.start", "2026-01-31"), ("t.meeting", "2026-02-10")]);
        let at = |today: &str, d: &Draft| {
            deadlines(&forms, d, day(today))
                .iter()
                .map(|x| x.standing(day(today)))
                .collect::<Vec<_>>()
        };
        // Meeting (plan), then papers (follow-up) due 2026-03-02.
        assert_eq!(at("2026-01-01", &d), [Standing::Later, Standing::Later]);
        assert_eq!(at("2026-02-01", &d), [Standing::Soon, Standing::Soon]);
        assert_eq!(at("2026-03-03", &d), [Standing::Past, Standing::Overdue]);
        let mut sent = d.clone();
        sent.answers
            .insert("t.sent".into(), Answer::Text("2026-02-20".into()));
        assert_eq!(at("2026-03-03", &sent), [Standing::Past, Standing::Done]);
    }

    #[test]
    fn a_day_160_on_a_sunday_says_so_and_does_not_move() {
        let forms = forms(DATES, "");
        // Day 0 on 2 February 2026: day 160 is Sunday 12 July 2026.
        let d = draft(&[("t.rows", "#1"), ("t.rows[1].day0", "2026-02-02")]);
        let list = deadlines(&forms, &d, day("2026-06-01"));
        let closes = &list[0];
        assert_eq!(closes.date, day("2026-07-12"));
        assert_eq!(closes.weekday(), "Sun");
        assert_eq!(closes.next_business_day(), Some(day("2026-07-13")));
        assert_eq!(closes.last_business_day_before(), Some(day("2026-07-10")));
        assert_eq!(
            closes.note().as_deref(),
            Some("Sunday; the deadline does not move: last business day before it Fri 2026-07-10")
        );
        // Day 160 on the observed Independence Day (Friday 3 July 2026).
        let d = draft(&[("t.rows", "#1"), ("t.rows[1].day0", "2026-01-24")]);
        let closes = &deadlines(&forms, &d, day("2026-06-01"))[0];
        assert_eq!(closes.date, day("2026-07-03"));
        assert_eq!(
            closes.note().as_deref(),
            Some(
                "Independence Day (observed); the deadline does not move: \
                 last business day before it Thu 2026-07-02"
            )
        );
        // A Tuesday has no note.
        let d = draft(&[("t.rows", "#1"), ("t.rows[1].day0", "2026-02-04")]);
        let closes = &deadlines(&forms, &d, day("2026-06-01"))[0];
        assert_eq!((closes.weekday(), closes.note()), ("Tue", None));
    }

    #[test]
    fn hidden_fields_give_no_deadline() {
        let sections = r#"(id: "s", title: "S", fields: [
            (id: "on", label: "On", kind: YesNo),
            (id: "meeting", label: "Meeting on", kind: Date(), visible_if: Equals("on", "yes"),
                deadline: (title: "Meeting", kind: Plan)),
        ])"#;
        let forms = forms(sections, "");
        let d = draft(&[("t.meeting", "2026-02-10")]);
        assert!(deadlines(&forms, &d, day("2026-01-01")).is_empty());
        let mut shown = d.clone();
        shown.answers.insert("t.on".into(), Answer::YesNo(true));
        assert_eq!(deadlines(&forms, &shown, day("2026-01-01")).len(), 1);
    }

    #[test]
    fn recurring_dates_for_the_next_twelve_months() {
        let sections = r#"(id: "s", title: "S", fields: [
            (id: "filer", label: "Filer ID", kind: Text()),
        ])"#;
        let recurring = r#"
            (title: "Annual", kind: Filing, on: ["04-01"], field: "filer", remind: [30]),
            (title: "Quarterly", kind: Filing, on: ["02-01", "05-01", "08-01", "11-01"], field: "filer"),
            (title: "Only with a filer id", kind: Filing, on: ["06-30"], field: "filer", when: NotEmpty("filer")),
        "#;
        let forms = forms(sections, recurring);
        let list = deadlines(&forms, &draft(&[]), day("2026-11-25"));
        let got: Vec<(String, &str)> = list
            .iter()
            .map(|d| (d.date.to_string(), d.title.as_str()))
            .collect();
        let want = [
            ("2027-02-01", "Quarterly"),
            ("2027-04-01", "Annual"),
            ("2027-05-01", "Quarterly"),
            ("2027-08-01", "Quarterly"),
            ("2027-11-01", "Quarterly"),
        ];
        assert_eq!(got, want.map(|(d, t)| (d.to_string(), t)));
        assert!(list.iter().all(|d| d.recurring && d.path == "t.filer"));
        assert_eq!(list[1].remind, [30]);
        // From 1 February itself, that day counts and the next one is a year away.
        let list = deadlines(&forms, &draft(&[("t.filer", "123456")]), day("2027-02-01"));
        let first: Vec<String> = list.iter().take(2).map(|d| d.date.to_string()).collect();
        assert_eq!(first, ["2027-02-01", "2027-04-01"]);
        assert!(list.iter().any(|d| d.title == "Only with a filer id"));
        assert!(list.iter().all(|d| d.date < day("2028-02-01")));
    }

    /// The built-in negotiation form: (field id, date) of row `row`'s deadlines.
    fn agreement(list: &[Deadline], row: usize) -> Vec<(String, String)> {
        let prefix = format!("negotiation.agreements[{row}].");
        list.iter()
            .filter_map(|d| {
                let id = d.path.strip_prefix(&prefix)?;
                Some((id.to_string(), d.date.to_string()))
            })
            .collect()
    }

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    fn negotiation(rows: &[&[(&str, &str)]]) -> Vec<Deadline> {
        let forms = crate::storage::forms::load(None).unwrap();
        let mut answers = Vec::new();
        for (n, row) in rows.iter().enumerate() {
            for (id, value) in *row {
                answers.push((format!("negotiation.agreements[{}].{id}", n + 1), *value));
            }
        }
        let answers: Vec<(&str, &str)> = answers.iter().map(|(p, v)| (p.as_str(), *v)).collect();
        let mut d = draft(&answers);
        d.answers
            .insert("negotiation.agreements".into(), Answer::Rows(rows.len()));
        deadlines(&forms, &d, day("2026-01-01"))
    }

    #[test]
    fn section_252_dates_per_agreement() {
        // Received on 31 January: day 135, day 160, and nine months later on 31 October.
        let list = negotiation(&[&[("received_on", "2026-01-31")]]);
        assert_eq!(
            agreement(&list, 1),
            pairs(&[
                ("arbitration_window_opens", "2026-06-15"),
                ("arbitration_window_closes", "2026-07-10"),
                ("decision_due", "2026-10-31"),
            ])
        );
        // On 29 February of a leap year: nine months later is 29 November.
        let list = negotiation(&[&[("received_on", "2028-02-29")]]);
        assert_eq!(
            agreement(&list, 1),
            pairs(&[
                ("arbitration_window_opens", "2028-07-13"),
                ("arbitration_window_closes", "2028-08-07"),
                ("decision_due", "2028-11-29"),
            ])
        );
        // On 31 December: across the year end, and 30 September (no 31st).
        let list = negotiation(&[&[("received_on", "2026-12-31")]]);
        assert_eq!(
            agreement(&list, 1),
            pairs(&[
                ("arbitration_window_opens", "2027-05-15"),
                ("arbitration_window_closes", "2027-06-09"),
                ("decision_due", "2027-09-30"),
            ])
        );
        // Nine months from 31 May end on the last day of February: 29th in a leap year.
        let due = |received| {
            let list = negotiation(&[&[("received_on", received)]]);
            agreement(&list, 1).pop().unwrap().1
        };
        assert_eq!(due("2027-05-31"), "2028-02-29");
        assert_eq!(due("2026-05-31"), "2027-02-28");
    }

    #[test]
    fn petition_and_deemed_approval_dates_per_agreement() {
        let list = negotiation(&[&[
            ("petition_filed_on", "2026-06-20"),
            ("filed_with_commission_on", "2026-03-02"),
            ("approval_basis", "negotiated"),
        ]]);
        assert_eq!(
            agreement(&list, 1),
            pairs(&[
                ("deemed_approval_negotiated", "2026-05-31"),
                ("response_due", "2026-07-15"),
            ])
        );
        for basis in ["arbitrated", "mixed"] {
            let list = negotiation(&[&[
                ("filed_with_commission_on", "2026-03-02"),
                ("approval_basis", basis),
            ]]);
            assert_eq!(
                agreement(&list, 1),
                pairs(&[("deemed_approval_arbitrated", "2026-04-01")])
            );
        }
        // No basis chosen: no deemed approval.
        let list = negotiation(&[&[("filed_with_commission_on", "2026-03-02")]]);
        assert!(agreement(&list, 1).is_empty());
    }

    #[test]
    fn two_agreements_run_on_their_own_clocks() {
        let list = negotiation(&[
            &[("state", "CO"), ("received_on", "2026-01-31")],
            &[
                ("state", "UT"),
                ("received_on", "2028-02-29"),
                ("executed_on", "2028-03-10"),
            ],
        ]);
        assert_eq!(
            agreement(&list, 1)[1],
            ("arbitration_window_closes".into(), "2026-07-10".into())
        );
        assert_eq!(
            agreement(&list, 2)[1],
            ("arbitration_window_closes".into(), "2028-08-07".into())
        );
        let closes: Vec<(&str, bool)> = list
            .iter()
            .filter(|d| d.path.ends_with("arbitration_window_closes"))
            .map(|d| (d.title.as_str(), d.done))
            .collect();
        assert_eq!(
            closes,
            [
                (
                    "Arbitration petition window closes (day 160) · 1. CO",
                    false
                ),
                ("Arbitration petition window closes (day 160) · 2. UT", true),
            ],
            "each row's own done_if: UT is executed"
        );
        // A row without a state yet is named by its number.
        let list = negotiation(&[&[("received_on", "2026-01-31")]]);
        let opens = list.iter().find(|d| d.form == "negotiation").unwrap();
        assert!(opens.title.ends_with(" · row 1"), "{}", opens.title);
    }
}
