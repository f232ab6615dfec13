//! Where an onboarding stands, on one page for a manager or an auditor: the seven steps,
//! each target state's certification, agreement path and negotiation, collocation and
//! ordering readiness, what was sent and acknowledged, the next deadlines and the open
//! items. A plain value built from the same functions the wizard, `list` and `deadlines`
//! use (the journey, [`FormReport::standing`], [`form_view`], [`timeline::deadlines`]);
//! `export::report` prints it. Texts are as the forms show them, not yet cleaned: every
//! printer cleans or escapes them.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use crate::domain::draft::Draft;
use crate::domain::form::catalog::FormSet;
use crate::domain::rules::validate::DraftReport;
use crate::domain::rules::view::{Shown, form_view};
use crate::domain::timeline::{self, Standing};
use crate::domain::values::answer::Answer;
use crate::domain::values::status::FormStatus;

/// How many deadlines the report lists (overdue ones first), so that it fits a page.
pub(crate) const MAX_DEADLINES: usize = 8;
/// How many blocking items are named per form; the others are counted.
pub(crate) const MAX_NAMED: usize = 4;

/// The status report of one draft.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// The company's legal name, or the draft's name while there is none.
    pub company: String,
    pub draft: String,
    pub today: NaiveDate,
    pub steps: Vec<StepLine>,
    pub states: Vec<StateLine>,
    pub collocation: Collocation,
    pub ordering: Ordering,
    pub sent: Vec<SentLine>,
    pub deadlines: Vec<DeadlineLine>,
    pub open: Vec<OpenLine>,
}

/// One step of the journey.
#[derive(Debug, Clone, PartialEq)]
pub struct StepLine {
    pub number: u8,
    pub title: String,
    /// The step's status from its forms' statuses ([`step_status`]).
    pub status: FormStatus,
    /// The last day recorded for its forms: finalized, sent or acknowledged.
    pub date: Option<NaiveDate>,
}

/// One target state.
#[derive(Debug, Clone, PartialEq)]
pub struct StateLine {
    /// The postal code.
    pub state: String,
    /// The certification's status and day (`Granted 2025-09-22`), or `not recorded`.
    pub certification: String,
    /// The agreement path as the forms show it, or empty.
    pub path: String,
    /// Day 0: the day CenturyLink received the request.
    pub day0: Option<String>,
    /// The §252 arbitration petition window (day 135 to day 160).
    pub window: Option<String>,
    /// Where approval stands (`approved 2026-06-02`, `filed 2026-04-20; deemed approved
    /// 2026-07-19`…).
    pub approval: String,
}

/// Collocation: the form's status and each request's stage.
#[derive(Debug, Clone, PartialEq)]
pub struct Collocation {
    pub status: FormStatus,
    /// (wire center, state, stage).
    pub requests: Vec<(String, String, String)>,
}

/// Ordering: the early-ordering form's status and its readiness questions.
#[derive(Debug, Clone, PartialEq)]
pub struct Ordering {
    pub status: FormStatus,
    /// (question, answer as shown; empty when unanswered).
    pub readiness: Vec<(String, String)>,
}

/// A form sent or acknowledged.
#[derive(Debug, Clone, PartialEq)]
pub struct SentLine {
    pub form: String,
    pub sent: Option<NaiveDate>,
    pub acknowledged: Option<NaiveDate>,
    pub reference: Option<String>,
}

/// A coming or overdue deadline.
#[derive(Debug, Clone, PartialEq)]
pub struct DeadlineLine {
    pub date: NaiveDate,
    /// What is due, with the row it belongs to (`Opted-in agreement expires · 1. CO`).
    pub title: String,
    pub overdue: bool,
    /// `in 12 days`, `3 days ago`.
    pub when: String,
}

/// The open items of one form.
#[derive(Debug, Clone, PartialEq)]
pub struct OpenLine {
    pub form: String,
    pub open: usize,
    pub blocking: usize,
    /// The first [`MAX_NAMED`] blocking items, as `label: message`.
    pub named: Vec<String>,
}

/// The status of a step from its forms' statuses: finalized when all are, complete when
/// all are complete or finalized, not started when none is started, else in progress.
pub(crate) fn step_status(statuses: &[FormStatus]) -> FormStatus {
    use FormStatus::*;
    if statuses.is_empty() || statuses.iter().all(|s| *s == NotStarted) {
        NotStarted
    } else if statuses.iter().all(|s| *s == Finalized) {
        Finalized
    } else if statuses.iter().all(|s| matches!(s, Complete | Finalized)) {
        Complete
    } else {
        InProgress
    }
}

/// The report of `draft` (named `name`) on `today`; `checked` is its validation, the
/// open items found on disk (document files) included.
pub fn build(
    forms: &FormSet,
    draft: &Draft,
    name: &str,
    checked: &DraftReport,
    today: NaiveDate,
) -> Report {
    let status = |id: &str| {
        let stored = draft.status(id);
        checked.form(id).map_or(stored, |r| r.standing(stored))
    };
    let title = |id: &str| forms.form(id).map_or(id.to_string(), |f| f.title.clone());
    let steps = forms
        .journey()
        .steps
        .iter()
        .map(|step| {
            let statuses: Vec<FormStatus> = step.forms.iter().map(|f| status(f)).collect();
            StepLine {
                number: step.number,
                title: step.title.clone(),
                status: step_status(&statuses),
                date: step.forms.iter().filter_map(|f| last_day(draft, f)).max(),
            }
        })
        .collect();
    let company = match draft.answers.get("profile.legal_name") {
        Some(Answer::Text(n)) if !n.trim().is_empty() => n.clone(),
        _ => name.to_string(),
    };
    let journey_forms: Vec<&str> = forms
        .journey()
        .steps
        .iter()
        .flat_map(|s| s.forms.iter().map(String::as_str))
        .collect();
    let sent = journey_forms
        .iter()
        .filter_map(|id| {
            let state = draft.forms.get(*id)?;
            let ack = state.acknowledged.as_ref();
            (state.sent.is_some() || ack.is_some()).then(|| SentLine {
                form: title(id),
                sent: state.sent,
                acknowledged: ack.map(|a| a.on),
                reference: ack.and_then(|a| a.reference.clone()),
            })
        })
        .collect();
    let open = journey_forms
        .iter()
        .filter_map(|id| {
            let r = checked.form(id)?;
            let blocking: Vec<_> = r.problems.iter().filter(|p| p.blocking).collect();
            (!r.problems.is_empty()).then(|| OpenLine {
                form: title(id),
                open: r.problems.len(),
                blocking: blocking.len(),
                named: blocking
                    .iter()
                    .take(MAX_NAMED)
                    .map(|p| format!("{}: {}", p.label, p.message))
                    .collect(),
            })
        })
        .collect();
    Report {
        company,
        draft: name.to_string(),
        today,
        steps,
        states: states(forms, draft),
        collocation: Collocation {
            status: status("collocation"),
            requests: rows(forms, draft, "collocation", "requests")
                .iter()
                .map(|r| {
                    let get = |k: &str| r.get(k).cloned().unwrap_or_default();
                    (get("wire_center"), get("state"), collocation_stage(r))
                })
                .collect(),
        },
        ordering: Ordering {
            status: status("early-ordering"),
            readiness: readiness(forms, draft),
        },
        sent,
        deadlines: deadlines(forms, draft, today),
        open,
    }
}

/// The last day recorded for a form: finalized, sent or acknowledged.
fn last_day(draft: &Draft, form: &str) -> Option<NaiveDate> {
    let state = draft.forms.get(form)?;
    let finalized = state
        .finalized
        .as_ref()
        .filter(|_| state.status == FormStatus::Finalized)
        .map(|c| c.at.date_naive());
    [
        finalized,
        state.sent,
        state.acknowledged.as_ref().map(|a| a.on),
    ]
    .into_iter()
    .flatten()
    .max()
}

/// The rows of a group as the form shows them: each visible field's text by its id.
fn rows(forms: &FormSet, draft: &Draft, form: &str, group: &str) -> Vec<BTreeMap<String, String>> {
    let Some(def) = forms.form(form) else {
        return Vec::new();
    };
    let mut out: Vec<BTreeMap<String, String>> = Vec::new();
    for section in form_view(forms, draft, def) {
        for item in &section.items {
            let Some((g, index)) = item.place.row else {
                continue;
            };
            if g.id != group || index == 0 {
                continue;
            }
            while out.len() < index {
                out.push(BTreeMap::new());
            }
            let text = item.shown.text(&item.place.field.kind);
            if !text.is_empty() {
                out[index - 1].insert(item.place.field.id.clone(), text);
            }
        }
    }
    out
}

/// The raw answer of each row's `state` field (the postal code, not its label).
fn row_states(draft: &Draft, form: &str, group: &str) -> Vec<Option<String>> {
    (1..=draft.rows(form, group))
        .map(
            |i| match draft.answers.get(&format!("{form}.{group}[{i}].state")) {
                Some(Answer::Text(code)) => Some(code.clone()),
                _ => None,
            },
        )
        .collect()
}

/// The rows of a group by their state's code, in the group's order.
fn by_state(
    draft: &Draft,
    forms: &FormSet,
    form: &str,
    group: &str,
) -> BTreeMap<String, Vec<BTreeMap<String, String>>> {
    let codes = row_states(draft, form, group);
    let mut out: BTreeMap<String, Vec<_>> = BTreeMap::new();
    for (row, code) in rows(forms, draft, form, group).into_iter().zip(codes) {
        if let Some(code) = code {
            out.entry(code).or_default().push(row);
        }
    }
    out
}

/// Each state of the onboarding (the target states, then any other state a certification
/// or agreement row names), one line per agreement: a state with an interconnection
/// agreement and a commercial agreement beside it has two.
fn states(forms: &FormSet, draft: &Draft) -> Vec<StateLine> {
    let certs = by_state(draft, forms, "certification", "states");
    let talks = by_state(draft, forms, "negotiation", "agreements");
    let asked = by_state(draft, forms, "agreement-request", "agreements");
    let mut codes: Vec<String> = match draft.answers.get("profile.target_states") {
        Some(Answer::Many(codes)) => codes.clone(),
        Some(Answer::Text(code)) => vec![code.clone()],
        _ => Vec::new(),
    };
    for code in certs.keys().chain(talks.keys()).chain(asked.keys()) {
        if !codes.contains(code) {
            codes.push(code.clone());
        }
    }
    let get = |row: Option<&BTreeMap<String, String>>, k: &str| row.and_then(|r| r.get(k)).cloned();
    let mut lines = Vec::new();
    for code in codes {
        // The first certification row of a state is its certification.
        let cert = certs.get(&code).and_then(|rows| rows.first());
        let certification = match cert {
            None => "not recorded".to_string(),
            Some(r) => {
                let status = get(Some(r), "status")
                    .or_else(|| get(Some(r), "authority_type"))
                    .unwrap_or_else(|| "recorded".into());
                match (get(Some(r), "granted_on"), get(Some(r), "filed_on")) {
                    (Some(on), _) => format!("{status} {on}"),
                    (None, Some(on)) => format!("{status} (filed {on})"),
                    _ => status,
                }
            }
        };
        let talks = talks.get(&code).map_or(&[][..], Vec::as_slice);
        let asked = asked.get(&code).map_or(&[][..], Vec::as_slice);
        // The tracker's rows and the request's rows of a state, paired in order.
        for i in 0..talks.len().max(asked.len()).max(1) {
            let talk = talks.get(i);
            let path = get(talk, "path")
                .or_else(|| get(asked.get(i), "path"))
                .unwrap_or_default();
            let window = match (
                get(talk, "arbitration_window_opens"),
                get(talk, "arbitration_window_closes"),
            ) {
                (Some(a), Some(b)) => Some(format!("{a} to {b}")),
                _ => None,
            };
            lines.push(StateLine {
                state: code.clone(),
                certification: certification.clone(),
                path,
                day0: get(talk, "received_on"),
                window,
                approval: approval(talk),
            });
        }
    }
    lines
}

/// Where an agreement's approval stands, from its negotiation row.
fn approval(row: Option<&BTreeMap<String, String>>) -> String {
    let Some(row) = row else {
        return "no request recorded".into();
    };
    let get = |k: &str| row.get(k).cloned();
    // A commercial agreement is signed, never filed with the commission.
    if let Some(on) = get("commercial_signed_on") {
        return format!("commercial agreement signed {on}");
    }
    if let Some(on) = get("approved_on") {
        return format!("approved {on}");
    }
    if let Some(on) = get("filed_with_commission_on") {
        let deemed =
            get("deemed_approval_negotiated").or_else(|| get("deemed_approval_arbitrated"));
        return match deemed {
            Some(by) => format!("filed {on}; deemed approved {by} unless the commission acts"),
            None => format!("filed with the commission {on}"),
        };
    }
    if let Some(on) = get("executed_on") {
        return format!("executed {on}; not yet filed");
    }
    if let Some(on) = get("petition_filed_on") {
        return format!("arbitration petitioned {on}");
    }
    if get("received_on").is_some() {
        return "negotiating".into();
    }
    match get("sent_on") {
        Some(on) => format!("request sent {on}; Day 0 not yet known"),
        None => "no request recorded".into(),
    }
}

/// A collocation request's stage.
fn collocation_stage(row: &BTreeMap<String, String>) -> String {
    let get = |k: &str| row.get(k).cloned();
    let rfs = get("target_rfs")
        .map(|d| format!("; ready for service {d}"))
        .unwrap_or_default();
    if let Some(on) = get("acceptance_sent_on") {
        format!("quote accepted {on}{rfs}")
    } else if let Some(on) = get("quote_received_on") {
        format!("quote received {on}, not yet accepted{rfs}")
    } else if let Some(on) = get("application_sent_on") {
        format!("application sent {on}{rfs}")
    } else {
        format!("not applied yet{rfs}")
    }
}

/// The questions of the early-ordering form's readiness section, as it shows them.
fn readiness(forms: &FormSet, draft: &Draft) -> Vec<(String, String)> {
    let Some(form) = forms.form("early-ordering") else {
        return Vec::new();
    };
    form_view(forms, draft, form)
        .iter()
        .filter(|s| s.section.id == "readiness")
        .flat_map(|s| s.items.iter())
        .filter(|i| i.place.row.is_none() && !matches!(i.shown, Shown::Note | Shown::Group(_)))
        .map(|i| {
            (
                i.place.field.label.clone(),
                i.shown.text(&i.place.field.kind),
            )
        })
        .collect()
}

/// The next deadlines not done: overdue ones first (oldest first), then the coming ones
/// by date; at most [`MAX_DEADLINES`].
fn deadlines(forms: &FormSet, draft: &Draft, today: NaiveDate) -> Vec<DeadlineLine> {
    let all = timeline::deadlines(forms, draft, today);
    let line = |d: &timeline::Deadline, overdue: bool| DeadlineLine {
        date: d.date,
        title: d.title.clone(),
        overdue,
        when: d.when(today),
    };
    let overdue = all
        .iter()
        .filter(|d| d.standing(today) == Standing::Overdue)
        .map(|d| line(d, true));
    let coming = all
        .iter()
        .filter(|d| matches!(d.standing(today), Standing::Soon | Standing::Later))
        .map(|d| line(d, false));
    overdue.chain(coming).take(MAX_DEADLINES).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::rules::validate::validate_draft;
    use crate::storage::{drafts, forms as form_files};
    use FormStatus::*;

    fn example() -> (FormSet, Draft) {
        let forms = form_files::load(None).unwrap();
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("saves/example.ron");
        let text = std::fs::read_to_string(&path).unwrap();
        (forms, drafts::parse(&text, &path).unwrap())
    }

    fn report_of(forms: &FormSet, draft: &Draft, today: NaiveDate) -> Report {
        let checked = validate_draft(forms, draft, today);
        build(forms, draft, "example", &checked, today)
    }

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn a_step_stands_where_its_forms_stand() {
        assert_eq!(step_status(&[]), NotStarted);
        assert_eq!(step_status(&[NotStarted, NotStarted]), NotStarted);
        assert_eq!(step_status(&[Complete, NotStarted]), InProgress);
        assert_eq!(step_status(&[Complete, Finalized]), Complete);
        assert_eq!(step_status(&[Finalized, Finalized]), Finalized);
        assert_eq!(step_status(&[InProgress, Finalized]), InProgress);
    }

    #[test]
    fn the_example_reports_its_states_collocation_and_steps() {
        let (forms, draft) = example();
        let r = report_of(&forms, &draft, day("2026-11-25"));
        assert_eq!(r.company, "Prairie Lantern Communications LLC");
        assert_eq!(r.steps.len(), 7);
        assert!(
            r.steps.iter().all(|s| s.status == Complete),
            "{:?}",
            r.steps
        );
        // One line per agreement: UT has its interconnection agreement and, beside it, a
        // commercial agreement (signed, never filed).
        let codes: Vec<&str> = r.states.iter().map(|s| s.state.as_str()).collect();
        assert_eq!(codes, ["CO", "UT", "UT"]);
        assert!(
            r.states[2]
                .approval
                .starts_with("commercial agreement signed"),
            "{:?}",
            r.states[2]
        );
        assert_eq!(
            r.states[2].window, None,
            "no §252 clock on a commercial agreement"
        );
        let co = &r.states[0];
        assert_eq!(co.certification, "Granted 2025-09-22");
        assert_eq!(co.day0.as_deref(), Some("2026-01-15"));
        // Day 0 + 135 and + 160, as the negotiation form computes them.
        assert_eq!(co.window.as_deref(), Some("2026-05-30 to 2026-06-24"));
        assert!(!co.path.is_empty());
        assert_eq!(r.collocation.requests.len(), 2);
        assert!(
            r.collocation.requests[0]
                .2
                .starts_with("quote accepted 2026-04-10"),
            "{:?}",
            r.collocation.requests
        );
        assert!(!r.ordering.readiness.is_empty());
        assert!(r.open.iter().all(|o| o.blocking == 0), "{:?}", r.open);
    }

    #[test]
    fn sent_and_acknowledged_forms_date_their_step() {
        let (forms, mut draft) = example();
        let state = draft.forms.get_mut("certification").unwrap();
        state.sent = Some(day("2026-10-01"));
        state.acknowledged = Some(crate::domain::draft::records::Acknowledgement {
            on: day("2026-10-05"),
            reference: Some("CDS-1".into()),
        });
        let r = report_of(&forms, &draft, day("2026-11-25"));
        assert_eq!(r.sent.len(), 1);
        assert_eq!(r.sent[0].reference.as_deref(), Some("CDS-1"));
        assert_eq!(r.steps[1].date, Some(day("2026-10-05")));
        assert_eq!(r.steps[0].date, None);
    }

    #[test]
    fn overdue_deadlines_come_first_and_done_ones_not_at_all() {
        let (forms, draft) = example();
        // Early in the year: the §252 window of each state is still ahead.
        let r = report_of(&forms, &draft, day("2026-01-20"));
        assert!(!r.deadlines.is_empty());
        assert!(r.deadlines.len() <= MAX_DEADLINES);
        let firsts: Vec<bool> = r.deadlines.iter().map(|d| d.overdue).collect();
        let mut sorted = firsts.clone();
        sorted.sort_by_key(|o| !o);
        assert_eq!(firsts, sorted, "overdue first");
        let coming: Vec<NaiveDate> = r
            .deadlines
            .iter()
            .filter(|d| !d.overdue)
            .map(|d| d.date)
            .collect();
        assert!(coming.windows(2).all(|w| w[0] <= w[1]), "{coming:?}");
        assert!(coming.iter().all(|d| *d >= day("2026-01-20")));
    }

    #[test]
    fn open_items_are_counted_and_blocking_ones_named() {
        let (forms, mut draft) = example();
        draft.answers.remove("profile.legal_name");
        let r = report_of(&forms, &draft, day("2026-11-25"));
        assert_eq!(r.company, "example", "the draft's name stands in");
        let profile = r.open.iter().find(|o| o.form == "Company profile").unwrap();
        assert!(profile.blocking >= 1);
        assert!(
            profile.named.iter().any(|n| n.starts_with("Legal name")),
            "{:?}",
            profile.named
        );
        assert_eq!(r.steps[0].status, InProgress);
    }
}
