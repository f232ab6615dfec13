//! Conditions for `visible_if`, `required_if` and rules, written as plain RON enums:
//! `Equals("path", "OptIn")`, `All([...])`, `Not(NotEmpty("x"))`...
//!
//! A path names a field of the same row (inside a group), of the same form, a column of a
//! group (`group.field`: the values of every row) or another form's field (`profile.ein`).
//! Hidden fields, N/A and ask-later answers read as empty.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::domain::values::ilec;
use crate::domain::values::states::{self, Region};

/// A condition over answers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Condition {
    /// The answer is exactly this value (choices by value; yes/no as "yes" or "no").
    Equals(String, String),
    /// The answer is one of these values.
    AnyOf(String, Vec<String>),
    /// A multiple answer (or column) contains the value.
    Includes(String, String),
    /// Every value is among the answer's values: a column of several multiple choices
    /// covers them together (every required role is held by some contact). A rule whose
    /// `must` is a `Covers` reports each value left out as its own open item, `{value}` in
    /// its message naming it.
    Covers(String, Vec<String>),
    NotEmpty(String),
    Empty(String),
    /// A state answer (every one, for several) lies in the region.
    InRegion(String, Region),
    /// Every value of the first answer is among the values of the second.
    SubsetOf(String, String),
    /// Both answers are the same (both empty counts as the same).
    SameAs(String, String),
    /// The first date is on or after the second (holds while either is empty).
    NotBefore(String, String),
    /// The number is at least the amount (holds while either is empty).
    AtLeast(String, Amount),
    /// No value of the answer (a column, a lookup) appears twice: one row per state.
    Unique(String),
    /// At most one of the answer's values (a column, a lookup) is among these: one
    /// interconnection agreement per state, whatever commercial agreements sit beside it.
    AtMostOneOf(String, Vec<String>),
    /// The ILEC entity the first answer names serves the state the second names (holds
    /// while either is empty): [`crate::domain::values::ilec`].
    Serves(String, String),
    /// The ILEC entity the answer names belongs to the region (holds while it is empty).
    EntityIn(String, Region),
    /// Characters 5-6 of a CLLI (its state) are one of the states the second path shows
    /// (holds while either is empty, or when the CLLI's characters name no US state).
    ClliState(String, String),
    /// Answers frozen once the form is sent: the date the first quarter begins, and the
    /// quarterly fields of the group the rule sits on, in order. Each quarter the sent
    /// copy holds keeps its value ([`crate::domain::rules::frozen`]); the validator compares the copies,
    /// so over the live answers alone the condition holds. Only a group's rule takes it.
    FrozenOnceSent(String, Vec<String>),
    All(Vec<Condition>),
    Any(Vec<Condition>),
    Not(Box<Condition>),
}

/// The right-hand side of a numeric comparison.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Amount {
    Number(f64),
    Field(String),
    /// Another field's number times a factor (e.g. 9 square feet per bay).
    Times(String, f64),
}

/// An answer as conditions see it.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Empty,
    One(String),
    /// Shared: a lookup or column read from many rows is not copied for each.
    Many(std::rc::Rc<[String]>),
}

impl Value {
    pub fn is_empty(&self) -> bool {
        match self {
            Value::Empty => true,
            Value::One(s) => s.is_empty(),
            Value::Many(v) => v.is_empty(),
        }
    }

    /// The values held, none for an empty answer.
    pub fn items(&self) -> &[String] {
        match self {
            Value::Empty => &[],
            Value::One(s) => std::slice::from_ref(s),
            Value::Many(v) => v,
        }
    }

    fn one(&self) -> Option<&str> {
        match self {
            Value::One(s) => Some(s),
            _ => None,
        }
    }

    fn number(&self) -> Option<f64> {
        self.one()?.trim().parse().ok()
    }

    /// The dates among the items (what is not a date is left out, as a comparison with
    /// it cannot fail).
    fn dates(&self) -> Vec<NaiveDate> {
        self.items()
            .iter()
            .filter_map(|s| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok())
            .collect()
    }
}

impl Condition {
    /// Evaluates the condition, reading answers through `lookup`.
    pub fn eval(&self, lookup: &mut dyn FnMut(&str) -> Value) -> bool {
        match self {
            Condition::Equals(p, v) => lookup(p).one() == Some(v.as_str()),
            Condition::AnyOf(p, vs) => lookup(p).one().is_some_and(|a| vs.iter().any(|v| v == a)),
            Condition::Includes(p, v) => lookup(p).items().iter().any(|a| a == v),
            Condition::Covers(p, vs) => uncovered(&lookup(p), vs).is_empty(),
            Condition::NotEmpty(p) => !lookup(p).is_empty(),
            Condition::Empty(p) => lookup(p).is_empty(),
            Condition::InRegion(p, region) => {
                let value = lookup(p);
                !value.is_empty()
                    && value
                        .items()
                        .iter()
                        .all(|s| states::find(s).is_some_and(|s| s.in_region(*region)))
            }
            Condition::SubsetOf(a, b) => {
                let (a, b) = (lookup(a), lookup(b));
                a.items().iter().all(|x| b.items().contains(x))
            }
            Condition::SameAs(a, b) => lookup(a) == lookup(b),
            // A group column gives several dates: each of `a` is on or after each of `b`.
            Condition::NotBefore(a, b) => {
                let (a, b) = (lookup(a).dates(), lookup(b).dates());
                a.iter().all(|a| b.iter().all(|b| a >= b))
            }
            Condition::AtLeast(p, amount) => {
                let Some(n) = lookup(p).number() else {
                    return true;
                };
                let least = match amount {
                    Amount::Number(x) => Some(*x),
                    Amount::Field(q) => lookup(q).number(),
                    Amount::Times(q, factor) => lookup(q).number().map(|x| x * factor),
                };
                least.is_none_or(|least| n >= least)
            }
            Condition::Unique(p) => {
                let value = lookup(p);
                let mut seen = std::collections::HashSet::new();
                value.items().iter().all(|x| seen.insert(x))
            }
            Condition::AtMostOneOf(p, vs) => {
                lookup(p).items().iter().filter(|x| vs.contains(x)).count() <= 1
            }
            Condition::Serves(entity, state) => {
                let (entity, state) = (lookup(entity), lookup(state));
                let (Some(entity), Some(state)) = (entity.one(), state.one()) else {
                    return true;
                };
                ilec::serves(entity, state)
            }
            Condition::EntityIn(entity, region) => lookup(entity)
                .one()
                .is_none_or(|e| ilec::find(e).is_some_and(|e| e.region == *region)),
            Condition::ClliState(clli, state) => {
                let clli = lookup(clli);
                let Some(code) = clli.one().and_then(clli_state) else {
                    return true;
                };
                let states = lookup(state);
                states.is_empty() || states.items().iter().any(|s| s == code)
            }
            Condition::FrozenOnceSent(..) => true,
            Condition::All(cs) => cs.iter().all(|c| c.eval(lookup)),
            Condition::Any(cs) => cs.iter().any(|c| c.eval(lookup)),
            Condition::Not(c) => !c.eval(lookup),
        }
    }

    /// Calls `f` with every path the condition reads and, where it compares the answer with
    /// literal values, those values (for the form lint).
    pub(crate) fn visit(&self, f: &mut dyn FnMut(&str, &[String])) {
        match self {
            Condition::Equals(p, v) | Condition::Includes(p, v) => f(p, std::slice::from_ref(v)),
            Condition::AnyOf(p, vs) | Condition::Covers(p, vs) | Condition::AtMostOneOf(p, vs) => {
                f(p, vs)
            }
            Condition::NotEmpty(p)
            | Condition::Empty(p)
            | Condition::InRegion(p, _)
            | Condition::EntityIn(p, _)
            | Condition::Unique(p) => f(p, &[]),
            Condition::SubsetOf(a, b)
            | Condition::SameAs(a, b)
            | Condition::NotBefore(a, b)
            | Condition::Serves(a, b)
            | Condition::ClliState(a, b) => {
                f(a, &[]);
                f(b, &[]);
            }
            Condition::FrozenOnceSent(start, fields) => {
                f(start, &[]);
                fields.iter().for_each(|p| f(p, &[]));
            }
            Condition::AtLeast(p, amount) => {
                f(p, &[]);
                if let Amount::Field(q) | Amount::Times(q, _) = amount {
                    f(q, &[]);
                }
            }
            Condition::All(cs) | Condition::Any(cs) => cs.iter().for_each(|c| c.visit(f)),
            Condition::Not(c) => c.visit(f),
        }
    }
}

/// The state a CLLI names in characters 5-6, when they are a US state code.
pub(crate) fn clli_state(clli: &str) -> Option<&'static str> {
    let code = clli.get(4..6)?;
    states::find(code)
        .filter(|s| s.code.eq_ignore_ascii_case(code))
        .map(|s| s.code)
}

/// The values of `wanted` that `value` does not hold, in `wanted`'s order.
pub(crate) fn uncovered<'w>(value: &Value, wanted: &'w [String]) -> Vec<&'w str> {
    wanted
        .iter()
        .filter(|w| !value.items().contains(w))
        .map(String::as_str)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn eval(c: &Condition, answers: &[(&str, Value)]) -> bool {
        let map: HashMap<&str, Value> = answers.iter().cloned().collect();
        c.eval(&mut |p| map.get(p).cloned().unwrap_or(Value::Empty))
    }

    fn one(s: &str) -> Value {
        Value::One(s.into())
    }

    fn many(v: &[&str]) -> Value {
        Value::Many(v.iter().map(|s| s.to_string()).collect())
    }

    #[test]
    fn equals_and_any_of() {
        let c = Condition::Equals("path".into(), "opt_in".into());
        assert!(eval(&c, &[("path", one("opt_in"))]));
        assert!(!eval(&c, &[("path", one("nta"))]));
        assert!(!eval(&c, &[]));
        let c = Condition::AnyOf("path".into(), vec!["a".into(), "b".into()]);
        assert!(eval(&c, &[("path", one("b"))]));
        assert!(!eval(&c, &[("path", one("c"))]));
    }

    #[test]
    fn includes_reads_lists() {
        let c = Condition::Includes("products".into(), "lnp".into());
        assert!(eval(&c, &[("products", many(&["lis", "lnp"]))]));
        assert!(!eval(&c, &[("products", many(&["lis"]))]));
    }

    #[test]
    fn combinators() {
        let c = Condition::All(vec![
            Condition::NotEmpty("a".into()),
            Condition::Not(Box::new(Condition::Empty("b".into()))),
        ]);
        assert!(eval(&c, &[("a", one("x")), ("b", one("y"))]));
        assert!(!eval(&c, &[("a", one("x"))]));
        let c = Condition::Any(vec![
            Condition::NotEmpty("a".into()),
            Condition::NotEmpty("b".into()),
        ]);
        assert!(eval(&c, &[("b", one("y"))]));
        assert!(!eval(&c, &[]));
    }

    #[test]
    fn regions_and_subsets() {
        let c = Condition::InRegion("state".into(), Region::Qc);
        assert!(eval(&c, &[("state", one("CO"))]));
        assert!(!eval(&c, &[("state", one("TX"))]));
        assert!(!eval(&c, &[]));
        let c = Condition::SubsetOf("req".into(), "target".into());
        assert!(eval(
            &c,
            &[("req", many(&["CO"])), ("target", many(&["CO", "UT"]))]
        ));
        assert!(!eval(
            &c,
            &[("req", many(&["CO", "TX"])), ("target", many(&["CO"]))]
        ));
    }

    #[test]
    fn same_as_compares_two_answers() {
        let c = Condition::SameAs("a".into(), "b".into());
        assert!(eval(&c, &[("a", one("CO")), ("b", one("CO"))]));
        assert!(!eval(&c, &[("a", one("CO")), ("b", one("UT"))]));
        assert!(!eval(&c, &[("a", one("CO"))]));
    }

    #[test]
    fn dates_and_numbers() {
        let c = Condition::NotBefore("granted".into(), "filed".into());
        assert!(eval(
            &c,
            &[("granted", one("2026-02-01")), ("filed", one("2026-01-31"))]
        ));
        assert!(!eval(
            &c,
            &[("granted", one("2026-01-01")), ("filed", one("2026-01-31"))]
        ));
        assert!(
            eval(&c, &[("granted", one("2026-01-01"))]),
            "holds while one is empty"
        );
        // A group column's dates: each on or after each.
        let c = Condition::NotBefore("signed".into(), "executed".into());
        let executed = many(&["2026-02-09", "2026-05-26"]);
        assert!(eval(
            &c,
            &[
                ("signed", one("2026-05-26")),
                ("executed", executed.clone())
            ]
        ));
        assert!(!eval(
            &c,
            &[("signed", one("2026-03-18")), ("executed", executed)]
        ));
        let c = Condition::AtLeast("sqft".into(), Amount::Times("bays".into(), 9.0));
        assert!(eval(&c, &[("sqft", one("18")), ("bays", one("2"))]));
        assert!(!eval(&c, &[("sqft", one("17")), ("bays", one("2"))]));
    }

    #[test]
    fn unique_finds_a_repeated_value() {
        let c = Condition::Unique("rows.state".into());
        assert!(eval(&c, &[("rows.state", many(&["CO", "UT"]))]));
        assert!(!eval(&c, &[("rows.state", many(&["CO", "UT", "CO"]))]));
        assert!(eval(&c, &[]), "nothing repeats in nothing");
    }

    #[test]
    fn clli_state_compares_characters_five_and_six() {
        let c = Condition::ClliState("clli".into(), "state".into());
        assert!(eval(&c, &[("clli", one("DNVRCOMA")), ("state", one("CO"))]));
        assert!(!eval(
            &c,
            &[("clli", one("DNVRCOMA")), ("state", one("UT"))]
        ));
        assert!(eval(
            &c,
            &[("clli", one("SLKCUTMADS0")), ("state", many(&["CO", "UT"]))]
        ));
        assert!(eval(&c, &[("clli", one("DNVRCOMA"))]), "no state yet");
        assert!(
            eval(&c, &[("clli", one("TRNTONXX")), ("state", one("CO"))]),
            "ON is no US state: the CLLI check already warns"
        );
        assert_eq!(clli_state("DNVRCOMADS0"), Some("CO"));
    }

    #[test]
    fn covers_takes_the_values_of_every_row_together() {
        let c = Condition::Covers(
            "contacts.roles".into(),
            vec!["ordering".into(), "billing".into(), "repair".into()],
        );
        let column = many(&["ordering", "billing", "tax", "repair"]);
        assert!(eval(&c, &[("contacts.roles", column)]));
        let short = many(&["ordering", "tax"]);
        assert!(!eval(&c, &[("contacts.roles", short.clone())]));
        let Condition::Covers(_, wanted) = &c else {
            unreachable!()
        };
        assert_eq!(uncovered(&short, wanted), ["billing", "repair"]);
        assert_eq!(uncovered(&Value::Empty, wanted).len(), 3);
    }
}
