//! Finalize means frozen. Finalizing a form keeps a copy of what it shows: its own answers
//! and those of every form it reads (the profile facts it reuses, the dates it computes
//! from), with the time, the form version and a revision number. Exports of a finalized
//! form are made from that copy, so a later change to the profile never reaches a
//! document that was signed; [`changes`] says what differs now, field by field. The sent
//! log (messages written, the day it was sent, CenturyLink's acknowledgement) lives
//! beside it; [`record_faults`] says which of these records, edited by hand, no command
//! would have written.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};

use crate::domain::draft::Draft;
use crate::domain::draft::FormState;
use crate::domain::draft::records::FinalCopy;
use crate::domain::form::catalog::FormSet;
use crate::domain::form::schema::{FieldKind, FormDef};
use crate::domain::rules::view::{Shown, form_view};
use crate::domain::values::status::FormStatus;

/// One difference between a finalized copy and the live answers: the field as the form
/// labels it, and what it showed then and shows now (empty: nothing).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub path: String,
    pub label: String,
    pub then: String,
    pub now: String,
}

impl std::fmt::Display for Change {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let shown = |s: &str| {
            if s.is_empty() {
                "(none)".to_string()
            } else {
                s.replace('\n', " / ")
            }
        };
        write!(
            f,
            "{} ({}): {} -> {}",
            self.label,
            self.path,
            shown(&self.then),
            shown(&self.now)
        )
    }
}

/// The forms whose answers `form` shows: itself and every form it reads.
fn read_forms(forms: &FormSet, form: &str) -> Vec<String> {
    let mut out = vec![form.to_string()];
    for f in forms.forms() {
        if forms.readers(&f.id).iter().any(|r| r == form) {
            out.push(f.id.clone());
        }
    }
    out
}

fn belongs(key: &str, prefixes: &[String]) -> bool {
    prefixes.iter().any(|p| {
        key.strip_prefix(p.as_str())
            .is_some_and(|r| r.starts_with('.'))
    })
}

/// The copy a finalization of `form` keeps now.
pub fn take(
    forms: &FormSet,
    draft: &Draft,
    form: &FormDef,
    revision: u32,
    at: DateTime<Utc>,
) -> FinalCopy {
    let prefixes = read_forms(forms, &form.id);
    let answers = draft
        .answers
        .iter()
        .filter(|(k, _)| belongs(k, &prefixes))
        .map(|(k, a)| (k.clone(), a.clone()))
        .collect();
    FinalCopy {
        revision,
        at,
        version: form.version,
        answers,
    }
}

/// The copy of `form` that goes out now: the finalized copy in force, else the draft's
/// answers now (revision 0), keeping the form's own answers only (what the forms it reads
/// said stays in the finalized copy). The sent log keeps it, so that answers frozen once
/// sent are compared with what CenturyLink received ([`crate::domain::rules::frozen`]).
pub(crate) fn as_sent(draft: &Draft, form: &FormDef, at: DateTime<Utc>) -> FinalCopy {
    let own = [form.id.clone()];
    let (revision, at, version, answers) = match in_force(draft, &form.id) {
        Some(copy) => (copy.revision, copy.at, copy.version, &copy.answers),
        None => (0, at, form.version, &draft.answers),
    };
    FinalCopy {
        revision,
        at,
        version,
        answers: answers
            .iter()
            .filter(|(k, _)| belongs(k, &own))
            .map(|(k, a)| (k.clone(), a.clone()))
            .collect(),
    }
}

/// The finalized copy in force: the form is finalized and has one.
pub(crate) fn in_force<'d>(draft: &'d Draft, form: &str) -> Option<&'d FinalCopy> {
    draft.forms.get(form)?.in_force()
}

/// The draft as `form` saw it when it was finalized (the answers of the forms it reads
/// replaced by the copy); none when it is not finalized.
pub fn frozen(forms: &FormSet, draft: &Draft, form: &str) -> Option<Draft> {
    let copy = in_force(draft, form)?;
    let prefixes = read_forms(forms, form);
    let mut out = draft.clone();
    out.answers.retain(|k, _| !belongs(k, &prefixes));
    out.conflicts.retain(|k, _| !belongs(k, &prefixes));
    out.row_ids.retain(|k, _| !belongs(k, &prefixes));
    out.answers
        .extend(copy.answers.iter().map(|(k, a)| (k.clone(), a.clone())));
    Some(out)
}

/// What `form` shows in `draft`: path, label and text of each field with a value.
fn shown(forms: &FormSet, draft: &Draft, form: &FormDef) -> BTreeMap<String, (String, String)> {
    let mut out = BTreeMap::new();
    for section in form_view(forms, draft, form) {
        for item in section.items {
            let kind = &item.place.field.kind;
            if matches!(item.shown, Shown::Note) || matches!(kind, FieldKind::Progress { .. }) {
                continue;
            }
            let text = item.shown.text(kind);
            out.insert(item.place.path(), (item.place.field.label.clone(), text));
        }
    }
    out
}

/// What a finalized form shows now that it did not when it was finalized, in form
/// order; empty when it is not finalized or nothing changed.
pub fn changes(forms: &FormSet, draft: &Draft, form: &FormDef) -> Vec<Change> {
    let Some(then_draft) = frozen(forms, draft, &form.id) else {
        return Vec::new();
    };
    let then = shown(forms, &then_draft, form);
    let now = shown(forms, draft, form);
    let mut paths: Vec<&String> = then.keys().chain(now.keys()).collect();
    paths.sort();
    paths.dedup();
    paths
        .into_iter()
        .filter_map(|path| {
            let (a, b) = (then.get(path), now.get(path));
            let text = |x: Option<&(String, String)>| x.map(|(_, t)| t.clone()).unwrap_or_default();
            (text(a) != text(b)).then(|| Change {
                path: path.clone(),
                label: a.or(b).map(|(l, _)| l.clone()).unwrap_or_default(),
                then: text(a),
                now: text(b),
            })
        })
        .collect()
}

/// One line on where a form stands after finalizing: `finalized rev 2 · sent on
/// 2026-11-20 · acknowledged on 2026-11-24 (CDS-...) · changed since finalized`; none
/// before it was ever finalized, exported, sent or acknowledged.
pub fn standing(forms: &FormSet, draft: &Draft, form: &FormDef) -> Option<String> {
    let parts = standing_parts(forms, draft, form);
    (!parts.is_empty()).then(|| parts.join(" · "))
}

/// The parts of [`standing`], one short phrase each (the journey shows one a line, to
/// fit a narrow column).
pub(crate) fn standing_parts(forms: &FormSet, draft: &Draft, form: &FormDef) -> Vec<String> {
    let Some(state) = draft.forms.get(&form.id) else {
        return Vec::new();
    };
    let mut parts = Vec::new();
    match (&state.finalized, state.status) {
        (Some(copy), FormStatus::Finalized) => parts.push(format!(
            "finalized rev {} on {}",
            copy.revision,
            copy.at.format("%Y-%m-%d")
        )),
        (Some(copy), _) => parts.push(format!("reopened (was rev {})", copy.revision)),
        (None, _) => {}
    }
    if let Some(last) = state.mailed.last() {
        parts.push(format!("e-mail written {}", last.at.format("%Y-%m-%d")));
    }
    if let Some(on) = state.sent {
        parts.push(format!("sent on {on}"));
    }
    if let Some(ack) = &state.acknowledged {
        match &ack.reference {
            Some(r) => parts.push(format!("acknowledged on {} ({r})", ack.on)),
            None => parts.push(format!("acknowledged on {}", ack.on)),
        }
    }
    if !changes(forms, draft, form).is_empty() {
        parts.push("changed since finalized".into());
    }
    if state.changed_since_export() {
        parts.push("changed since the last export".into());
    }
    parts
}

/// A form's record that no command would have written: a day outside the range every
/// export can write ([`crate::domain::values::limits::day_fits`]), a fact dated in the
/// future, or an acknowledgement before its sending. Drafts are edited by hand (and
/// merged), so what the commands refuse when a record is made is checked again here,
/// once, for `validate`, the wizard and every count of open items.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RecordFault {
    /// Which record, as the user knows it (`Sent on`, `Acknowledged on`...).
    pub record: &'static str,
    pub message: String,
}

/// What is wrong with `state`'s records (nothing, for a draft the commands wrote), `today`
/// being the user's day. The days the user records (sent, acknowledged) are facts: never
/// after `today`. The moments the program stamps (finalized, a message written) come from
/// the clock of whoever saved the draft, so only their range is checked.
pub(crate) fn record_faults(state: &FormState, today: NaiveDate) -> Vec<RecordFault> {
    use crate::domain::values::limits::day_fits;
    let mut out = Vec::new();
    let mut day = |record: &'static str, on: NaiveDate, fact: bool| {
        let message = match day_fits(on) {
            Err(e) => e,
            Ok(()) if fact && on > today => {
                format!("{on} is in the future (today is {today}): it records what has happened")
            }
            Ok(()) => return,
        };
        out.push(RecordFault { record, message });
    };
    let copies = [
        ("Finalized", &state.finalized),
        ("Sent copy", &state.sent_copy),
    ];
    for (record, copy) in copies {
        if let Some(copy) = copy {
            day(record, copy.at.date_naive(), false);
        }
    }
    // The first faulty message of the log stands for the others (the log can be long).
    if let Some(m) = state
        .mailed
        .iter()
        .find(|m| day_fits(m.at.date_naive()).is_err())
    {
        day("Message written", m.at.date_naive(), false);
    }
    if let Some(on) = state.sent {
        day("Sent on", on, true);
    }
    if let Some(ack) = &state.acknowledged {
        day("Acknowledged on", ack.on, true);
        if let Some(sent) = state.sent.filter(|sent| ack.on < *sent) {
            out.push(RecordFault {
                record: "Acknowledged on",
                message: format!(
                    "{} is before the form was sent, on {sent}: CenturyLink acknowledges a form after it is sent",
                    ack.on
                ),
            });
        }
    }
    for fault in &mut out {
        fault
            .message
            .push_str("; record the right day again, or correct the draft file");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::change::edit;
    use crate::storage::{drafts, forms};

    fn example() -> Draft {
        let text = include_str!("../../../saves/example.ron");
        drafts::parse(text, "example.ron".as_ref()).unwrap()
    }

    fn now() -> DateTime<Utc> {
        "2026-11-25T10:00:00Z".parse().unwrap()
    }

    /// A profile fact the form reuses changes after finalizing: the frozen draft still
    /// shows the old value, and the change is listed with both values.
    #[test]
    fn a_finalized_form_keeps_what_it_showed() {
        let forms = forms::load(None).unwrap();
        let mut draft = example();
        let today = now().date_naive();
        edit::finalize(&forms, &mut draft, "agreement-request", today, now()).unwrap();
        let form = forms.form("agreement-request").unwrap();
        assert!(changes(&forms, &draft, form).is_empty());
        let path = "profile.legal_name";
        edit::apply(
            &forms,
            &mut draft,
            path,
            edit::Edit::Value("New Name LLC".into()),
            today,
            now(),
        )
        .unwrap();
        let found = changes(&forms, &draft, form);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].path, "agreement-request.legal_name");
        assert_eq!(found[0].then, "Prairie Lantern Communications LLC");
        assert_eq!(found[0].now, "New Name LLC");
        let then = frozen(&forms, &draft, "agreement-request").unwrap();
        assert_eq!(then.company(), Some("Prairie Lantern Communications LLC"));
        assert!(
            standing(&forms, &draft, form)
                .unwrap()
                .ends_with("changed since finalized")
        );
        // Finalized again: a new revision, nothing changed since.
        edit::finalize(&forms, &mut draft, "agreement-request", today, now()).unwrap();
        assert_eq!(in_force(&draft, "agreement-request").unwrap().revision, 2);
        assert!(changes(&forms, &draft, form).is_empty());
        // An export of rev 2 is current until rev 3 (the profile changed again).
        crate::export::write::record(
            &mut draft,
            "agreement-request",
            form.version,
            crate::export::Format::Pdf,
            now(),
        );
        assert!(!draft.forms["agreement-request"].changed_since_export());
        edit::apply(
            &forms,
            &mut draft,
            path,
            edit::Edit::Value("Newer Name LLC".into()),
            today,
            now(),
        )
        .unwrap();
        assert!(
            !draft.forms["agreement-request"].changed_since_export(),
            "the export carries rev 2, still in force"
        );
        edit::finalize(&forms, &mut draft, "agreement-request", today, now()).unwrap();
        assert!(draft.forms["agreement-request"].changed_since_export());
        assert!(
            standing(&forms, &draft, form)
                .unwrap()
                .ends_with("changed since the last export")
        );
        // Reopened: no copy in force, the exports read the live answers.
        edit::reopen(&forms, &mut draft, "agreement-request", today, now());
        assert!(frozen(&forms, &draft, "agreement-request").is_none());
        assert_eq!(
            standing(&forms, &draft, form).unwrap(),
            "reopened (was rev 3) · changed since the last export"
        );
    }

    mod records {
        use super::super::*;
        use crate::domain::draft::records::{Acknowledgement, Mailing};

        fn day(text: &str) -> NaiveDate {
            text.parse().unwrap()
        }

        fn copy(at: &str) -> FinalCopy {
            FinalCopy {
                revision: 1,
                at: at.parse().unwrap(),
                version: 1,
                answers: BTreeMap::new(),
            }
        }

        /// Records as the commands write them have no fault; each hand edit they refuse is
        /// one fault, named by its record.
        #[test]
        fn records_outside_the_range_in_the_future_or_out_of_order_are_faults() {
            let today = day("2026-12-07");
            let mut state = FormState::new(FormStatus::Finalized, 1);
            state.finalized = Some(copy("2026-12-01T10:00:00Z"));
            state.sent_copy = Some(copy("2026-12-02T10:00:00Z"));
            state.mailed.push(Mailing {
                at: "2026-12-08T02:00:00Z".parse().unwrap(),
                revision: 1,
                to: None,
                files: Vec::new(),
            });
            state.sent = Some(day("2026-12-02"));
            state.acknowledged = Some(Acknowledgement {
                on: day("2026-12-07"),
                reference: None,
            });
            assert_eq!(record_faults(&state, today), []);
            let records = |state: &FormState| -> Vec<&'static str> {
                record_faults(state, today)
                    .iter()
                    .map(|f| f.record)
                    .collect()
            };
            let mut old = state.clone();
            old.sent = Some(day("1850-01-01"));
            old.acknowledged = Some(Acknowledgement {
                on: day("1849-06-01"),
                reference: None,
            });
            old.finalized = Some(copy("2200-01-01T00:00:00Z"));
            old.mailed[0].at = "1899-12-31T23:00:00Z".parse().unwrap();
            assert_eq!(
                records(&old),
                [
                    "Finalized",
                    "Message written",
                    "Sent on",
                    "Acknowledged on",
                    "Acknowledged on"
                ]
            );
            let faults = record_faults(&old, today);
            assert!(
                faults[2].message.contains("1850-01-01 is outside"),
                "{faults:?}"
            );
            assert!(
                faults[4].message.contains("before the form was sent"),
                "{faults:?}"
            );
            let mut future = state.clone();
            future.sent = Some(day("2026-12-08"));
            future.acknowledged = None;
            // A stamp from a clock ahead of this one is no fault; a day recorded ahead is.
            future.sent_copy = Some(copy("2026-12-09T00:00:00Z"));
            assert_eq!(records(&future), ["Sent on"]);
            assert!(
                record_faults(&future, today)[0]
                    .message
                    .contains("in the future")
            );
        }
    }
}
