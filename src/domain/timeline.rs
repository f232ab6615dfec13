//! Key dates: the computed date fields a form shows, read through the form itself.
//!
//! The journey used to recompute the §252 dates with rules of its own, and disagreed with
//! the negotiation form (a deemed approval with no approval basis chosen). Here the dates
//! are exactly what the form view shows: the same visibility, the same date arithmetic
//! ([`super::eval::compute_date`] through the evaluator), in the same order.

use chrono::NaiveDate;

use super::catalog::FormSet;
use super::draft::Draft;
use super::eval::Evaluator;
use super::form::{FieldKind, FormDef};
use super::view::{Shown, row_title, section_items};

/// The form whose dates the journey lists.
pub const NEGOTIATION: &str = "negotiation";

/// One computed date as a form shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyDate {
    /// The field's label, as the form shows it.
    pub label: String,
    pub date: NaiveDate,
    /// Answer path of the computed field (`form.field` or `form.group[N].field`), so a
    /// caller can open the form at it.
    pub path: String,
    /// For a field in a group's row: the row's title as the form shows it (`2. CO`).
    pub row: Option<String>,
}

/// The visible `Computed` date fields of `form` that have a date, in form order, group
/// rows included (each with its row path and title). Hidden fields and fields whose
/// source date is empty or unreadable are left out, as the form leaves them blank.
pub fn computed_dates(forms: &FormSet, draft: &Draft, form: &FormDef) -> Vec<KeyDate> {
    let eval = Evaluator::new(forms, draft);
    let mut out = Vec::new();
    for section in &form.sections {
        for item in section_items(&eval, form, section) {
            let place = item.place;
            let (FieldKind::Computed { .. }, Shown::Derived(Some(text))) =
                (&place.field.kind, &item.shown)
            else {
                continue;
            };
            let Ok(date) = NaiveDate::parse_from_str(text, "%Y-%m-%d") else {
                continue;
            };
            out.push(KeyDate {
                label: place.field.label.clone(),
                date,
                path: place.path(),
                row: place
                    .row
                    .map(|(group, index)| row_title(draft, form, group, index)),
            });
        }
    }
    out
}

/// The negotiation's key dates (the §252 timeline), as the negotiation form shows them;
/// empty when the form set has no negotiation form.
pub fn key_dates(forms: &FormSet, draft: &Draft) -> Vec<KeyDate> {
    forms
        .form(NEGOTIATION)
        .map(|form| computed_dates(forms, draft, form))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::answer::Answer;
    use crate::domain::view::form_view;
    use crate::storage::forms;
    use chrono::{TimeZone, Utc};

    fn draft(answers: &[(&str, &str)]) -> Draft {
        let mut draft = Draft::new(Utc.with_ymd_and_hms(2026, 1, 2, 9, 0, 0).unwrap());
        for (path, value) in answers {
            draft
                .answers
                .insert((*path).into(), Answer::Text((*value).into()));
        }
        draft
    }

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    /// (field id, date) of each key date.
    fn dates(forms: &FormSet, draft: &Draft) -> Vec<(String, String)> {
        key_dates(forms, draft)
            .into_iter()
            .map(|k| (k.path, k.date.to_string()))
            .collect()
    }

    /// Every computed date the negotiation form's view shows, by path.
    fn shown(forms: &FormSet, draft: &Draft) -> Vec<(String, String)> {
        let form = forms.form(NEGOTIATION).unwrap();
        form_view(forms, draft, form)
            .iter()
            .flat_map(|s| &s.items)
            .filter(|i| matches!(i.place.field.kind, FieldKind::Computed { .. }))
            .filter_map(|i| match &i.shown {
                Shown::Derived(Some(d)) => Some((i.place.path(), d.clone())),
                _ => None,
            })
            .collect()
    }

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(p, d)| (format!("negotiation.{p}"), d.to_string()))
            .collect()
    }

    #[test]
    fn dates_from_day_zero_as_the_form_shows_them() {
        let forms = forms::load(None).unwrap();
        assert!(key_dates(&forms, &draft(&[])).is_empty());
        let d = draft(&[("negotiation.received_on", "2026-01-31")]);
        let expected = pairs(&[
            ("arbitration_window_opens", "2026-06-15"),
            ("arbitration_window_closes", "2026-07-10"),
            ("decision_due", "2026-10-31"),
        ]);
        assert_eq!(dates(&forms, &d), expected);
        assert_eq!(shown(&forms, &d), expected);
        let first = &key_dates(&forms, &d)[0];
        assert_eq!(first.label, "Arbitration petition window opens (day 135)");
        assert_eq!(first.row, None);
    }

    #[test]
    fn months_fall_back_to_the_last_day_as_the_form_does() {
        let forms = forms::load(None).unwrap();
        let d = draft(&[("negotiation.received_on", "2027-05-31")]);
        let due = key_dates(&forms, &d)
            .into_iter()
            .find(|k| k.path == "negotiation.decision_due")
            .unwrap();
        assert_eq!(due.date, day("2028-02-29"));
        assert_eq!(shown(&forms, &d), dates(&forms, &d));
    }

    #[test]
    fn deemed_approval_follows_the_chosen_basis() {
        let forms = forms::load(None).unwrap();
        let filed = ("negotiation.filed_with_commission_on", "2026-03-02");
        let deemed = |basis: Option<&str>| {
            let mut answers = vec![filed];
            if let Some(b) = basis {
                answers.push(("negotiation.approval_basis", b));
            }
            let d = draft(&answers);
            assert_eq!(dates(&forms, &d), shown(&forms, &d));
            dates(&forms, &d)
        };
        assert_eq!(deemed(None), [], "no basis chosen: no deemed approval");
        assert_eq!(
            deemed(Some("negotiated")),
            pairs(&[("deemed_approval_negotiated", "2026-05-31")])
        );
        for basis in ["arbitrated", "mixed"] {
            assert_eq!(
                deemed(Some(basis)),
                pairs(&[("deemed_approval_arbitrated", "2026-04-01")])
            );
        }
    }

    #[test]
    fn dates_in_group_rows_carry_their_row() {
        let forms = forms::load(None).unwrap();
        let form: FormDef = ron::from_str(
            r#"(id: "t", title: "T", version: 1, step: 1, sections: [(id: "s", title: "S", fields: [
                (id: "rows", label: "Rows", kind: Group(row_label: Some("state"), fields: [
                    (id: "state", label: "State", kind: State()),
                    (id: "start", label: "Start", kind: Date()),
                    (id: "due", label: "Due", kind: Computed(from: "start", add: Months(1))),
                ])),
            ])])"#,
        )
        .unwrap();
        let mut d = draft(&[
            ("t.rows[1].state", "CO"),
            ("t.rows[1].start", "2026-01-31"),
            ("t.rows[2].state", "UT"),
            ("t.rows[3].start", "2026-02-10"),
        ]);
        d.answers.insert("t.rows".into(), Answer::Rows(3));
        let got = computed_dates(&forms, &d, &form);
        let rows: Vec<(&str, String, Option<&str>)> = got
            .iter()
            .map(|k| (k.path.as_str(), k.date.to_string(), k.row.as_deref()))
            .collect();
        assert_eq!(
            rows,
            [
                ("t.rows[1].due", "2026-02-28".into(), Some("1. CO")),
                ("t.rows[3].due", "2026-03-10".into(), Some("3.")),
            ]
        );
    }
}
