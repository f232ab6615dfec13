//! Answers frozen once a form is sent. The Joint Planning Group checks that forecast
//! quarters already submitted are not changed [S10]: once the network form has gone out
//! (the `sent` verb, an e-mail written for it, or its own "Forecast sent on" answer, the
//! form's `sent_on` field, on a finalized form), each quarter the sent copy holds keeps
//! its value, and a later change is a warning naming the quarter and both values.
//!
//! A form says which answers freeze with a `FrozenOnceSent(start, quarters)` rule on a
//! repeatable group: the date its first quarter begins, and the group's quarterly fields
//! in order. Rows are matched by the group's `row_label` (a trunk group by its name), and
//! quarters by the calendar quarter they stand for, so moving the forecast on by a quarter
//! is no change to the quarters both copies hold.

use std::borrow::Cow;

use chrono::{Datelike, Months, NaiveDate};

use crate::domain::draft::Draft;
use crate::domain::draft::records::FinalCopy;
use crate::domain::form::schema::{Field, FormDef};
use crate::domain::values::answer::{Answer, Key};

/// The copy of a form that was sent, and the day it was sent.
#[derive(Debug, Clone)]
pub struct SentCopy<'d> {
    pub on: NaiveDate,
    pub copy: Cow<'d, FinalCopy>,
}

/// What was sent of `form`: the copy kept when it was sent (or, for a draft from before
/// such copies were kept, the finalized copy), on the day the sent log says; none when
/// the form was never sent nor e-mailed.
pub fn sent_copy<'d>(draft: &'d Draft, form: &str) -> Option<SentCopy<'d>> {
    let state = draft.forms.get(form)?;
    let on = state
        .sent
        .or_else(|| state.mailed.last().map(|m| m.at.date_naive()))?;
    let copy = state.sent_copy.as_ref().or(state.finalized.as_ref())?;
    Some(SentCopy {
        on,
        copy: Cow::Borrowed(copy),
    })
}

/// A form whose own field records the day it went out (`sent_on` in its file), answered
/// while the form is finalized: the finalized copy is what went out, on that day.
fn sent_on_answer<'d>(draft: &'d Draft, form: &FormDef) -> Option<SentCopy<'d>> {
    let id = form.sent_on.as_ref()?;
    let answer = draft.answers.get(&format!("{}.{id}", form.id))?;
    let on = NaiveDate::parse_from_str(answer.display().trim(), "%Y-%m-%d").ok()?;
    let copy = draft.forms.get(&form.id)?.finalized.as_ref()?;
    Some(SentCopy {
        on,
        copy: Cow::Borrowed(copy),
    })
}

/// One frozen answer that differs from the copy that was sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FrozenChange {
    /// The row (from 1) and field now holding the quarter.
    pub row: usize,
    pub field: String,
    /// The quarter as users read it: `Q1 2027`, or `the quarter from 2027-02-01` when the
    /// forecast does not start on a calendar quarter.
    pub period: String,
    pub sent_on: NaiveDate,
    /// What the sent copy held and what the draft holds now (`(none)` when cleared).
    pub then: String,
    pub now: String,
}

/// The quarter `offset` quarters after the one beginning on `start`, as users read it.
pub(crate) fn quarter_label(start: NaiveDate, offset: u32) -> Option<String> {
    let day = start.checked_add_months(Months::new(offset.checked_mul(3)?))?;
    let calendar = day.day() == 1 && (day.month() - 1) % 3 == 0;
    Some(if calendar {
        format!("Q{} {}", (day.month() - 1) / 3 + 1, day.year())
    } else {
        format!("the quarter from {day}")
    })
}

/// The year of four quarters from `offset` quarters after `start` (a forecast's annual
/// column), as users read it: `Year 2029` when it is a calendar year, else its first and
/// last quarters (`Q3 2028–Q2 2029`).
pub(crate) fn year_label(start: NaiveDate, offset: u32) -> Option<String> {
    let first = quarter_label(start, offset)?;
    let last = quarter_label(start, offset.checked_add(3)?)?;
    Some(match first.strip_prefix("Q1 ") {
        Some(year) => format!("Year {year}"),
        None if first.starts_with('Q') => format!("{first}–{last}"),
        None => format!("the year from {}", &first["the quarter from ".len()..]),
    })
}

/// One side of the comparison: a draft's rows of the group, and its forecast start.
struct Side<'a> {
    answers: &'a std::collections::BTreeMap<String, Answer>,
    form: &'a str,
    group: &'a Field,
    start: Option<NaiveDate>,
}

impl<'a> Side<'a> {
    fn new(
        answers: &'a std::collections::BTreeMap<String, Answer>,
        form: &'a str,
        group: &'a Field,
        start: &str,
    ) -> Self {
        let start = answers
            .get(&format!("{form}.{start}"))
            .and_then(|a| match a {
                Answer::Text(t) => NaiveDate::parse_from_str(t, "%Y-%m-%d").ok(),
                _ => None,
            });
        Self {
            answers,
            form,
            group,
            start,
        }
    }

    fn rows(&self) -> usize {
        match self
            .answers
            .get(&format!("{}.{}", self.form, self.group.id))
        {
            Some(Answer::Rows(n)) => *n,
            _ => 0,
        }
    }

    fn cell(&self, row: usize, field: &str) -> Option<String> {
        let key = Key::in_row(self.form, &self.group.id, row, field).to_string();
        self.answers
            .get(&key)
            .map(Answer::display)
            .filter(|v| !v.trim().is_empty())
    }

    /// The row a record is known by: its row label's answer, else its number.
    fn row_name(&self, row: usize) -> String {
        self.group
            .kind
            .row_label()
            .and_then(|label| self.cell(row, label))
            .unwrap_or_else(|| format!("#{row}"))
    }

    fn find_row(&self, name: &str) -> Option<usize> {
        (1..=self.rows()).find(|&r| self.row_name(r) == name)
    }

    /// Each quarter this row holds: its label, the field and the value.
    fn quarters(&self, row: usize, fields: &[String]) -> Vec<(String, usize, Option<String>)> {
        let Some(start) = self.start else {
            return Vec::new();
        };
        fields
            .iter()
            .enumerate()
            .filter_map(|(i, f)| {
                let label = quarter_label(start, u32::try_from(i).ok()?)?;
                Some((label, i, self.cell(row, f)))
            })
            .collect()
    }
}

/// Each quarter of `group` in `draft` that the sent copy of `form` holds with another
/// value; empty when the form was never sent.
pub(crate) fn changed_quarters(
    draft: &Draft,
    form: &FormDef,
    group: &Field,
    start: &str,
    fields: &[String],
) -> Vec<FrozenChange> {
    let Some(sent) = sent_copy(draft, &form.id).or_else(|| sent_on_answer(draft, form)) else {
        return Vec::new();
    };
    let then = Side::new(&sent.copy.answers, &form.id, group, start);
    let now = Side::new(&draft.answers, &form.id, group, start);
    let mut out = Vec::new();
    for row in 1..=now.rows() {
        let Some(then_row) = then.find_row(&now.row_name(row)) else {
            continue;
        };
        let before = then.quarters(then_row, fields);
        for (period, i, value) in now.quarters(row, fields) {
            let Some((_, _, Some(old))) = before.iter().find(|(p, _, _)| *p == period) else {
                continue;
            };
            if value.as_ref() != Some(old) {
                out.push(FrozenChange {
                    row,
                    field: fields[i].clone(),
                    period,
                    sent_on: sent.on,
                    then: old.clone(),
                    now: value.unwrap_or_else(|| "(none)".into()),
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn quarters_are_named_by_the_calendar() {
        assert_eq!(quarter_label(day("2026-07-01"), 0).unwrap(), "Q3 2026");
        assert_eq!(quarter_label(day("2026-07-01"), 2).unwrap(), "Q1 2027");
        assert_eq!(quarter_label(day("2026-10-01"), 7).unwrap(), "Q3 2028");
        assert_eq!(year_label(day("2027-01-01"), 8).unwrap(), "Year 2029");
        assert_eq!(year_label(day("2026-07-01"), 8).unwrap(), "Q3 2028–Q2 2029");
        assert_eq!(
            year_label(day("2026-08-01"), 8).unwrap(),
            "the year from 2028-08-01"
        );
        assert_eq!(
            quarter_label(day("2026-08-01"), 2).unwrap(),
            "the quarter from 2027-02-01"
        );
    }
}
