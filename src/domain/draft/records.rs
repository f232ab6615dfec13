//! What a draft records about a form beyond its answers: the finalized copy, the
//! messages written for it and CenturyLink's acknowledgement. The logic that makes and
//! reads them is in [`crate::domain::rules::finalized`].

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::domain::values::answer::Answer;

/// The finalized copy of a form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FinalCopy {
    /// 1 for the first finalization, one more each time the form is finalized again.
    pub revision: u32,
    pub at: DateTime<Utc>,
    /// The form version it was finalized under.
    pub version: u32,
    /// The answers it showed: its own and those of the forms it reads, keyed as in the
    /// draft (rows by number).
    pub answers: BTreeMap<String, Answer>,
}

/// A message written for a form: when, from which finalized revision (0: not finalized),
/// to whom, and the file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Mailing {
    pub at: DateTime<Utc>,
    pub revision: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub files: Vec<String>,
}

/// CenturyLink's acknowledgement of a form: the day, and its reference or tracking number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Acknowledgement {
    pub on: NaiveDate,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
}
