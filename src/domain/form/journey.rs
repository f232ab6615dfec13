//! The seven onboarding steps (`forms/journey.ron`).

use serde::{Deserialize, Serialize};

/// The file that holds the journey; every other `.ron` file is a form (or, for
/// `options.ron`, the shared option sets).
pub(crate) const JOURNEY_FILE: &str = "journey.ron";

/// The onboarding journey: the steps in order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Journey {
    pub steps: Vec<Step>,
    /// The CenturyLink page the journey summarizes, as consulted.
    #[serde(default)]
    pub seed: Option<Seed>,
}

/// The page the steps follow: its title, version and last update, and its source tag.
/// Facts the forms hold that are later than it (the region data after the Lumen–Brightspeed
/// sale) say so, and `check-forms` lists them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Seed {
    pub title: String,
    pub version: String,
    /// The page's last update, `YYYY-MM-DD`.
    pub updated: chrono::NaiveDate,
    #[serde(default)]
    pub source: Option<String>,
}

/// One onboarding step.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    /// 1 to 7.
    pub number: u8,
    pub title: String,
    /// What the applicant does in this step.
    pub what_to_do: String,
    /// Who to contact (and how).
    #[serde(default)]
    pub contact: String,
    /// Ids of the forms of this step.
    #[serde(default)]
    pub forms: Vec<String>,
}
