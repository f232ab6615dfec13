//! The seven onboarding steps (`forms/journey.ron`).

use serde::{Deserialize, Serialize};

/// The onboarding journey: the steps in order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Journey {
    pub steps: Vec<Step>,
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
