//! Where a form stands in a draft: a plain value that conditions, progress fields and
//! the form files (a `Progress` default) name by its id.

use serde::{Deserialize, Serialize};

/// Where a form stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum FormStatus {
    NotStarted,
    InProgress,
    Complete,
    /// Read-only until reopened.
    Finalized,
}

impl FormStatus {
    /// Every status, in order.
    pub(crate) const ALL: [FormStatus; 4] = [
        FormStatus::NotStarted,
        FormStatus::InProgress,
        FormStatus::Complete,
        FormStatus::Finalized,
    ];

    /// The value conditions compare (`complete`...).
    pub fn id(self) -> &'static str {
        match self {
            FormStatus::NotStarted => "not_started",
            FormStatus::InProgress => "in_progress",
            FormStatus::Complete => "complete",
            FormStatus::Finalized => "finalized",
        }
    }

    /// Finds a status by its id.
    pub(crate) fn from_id(id: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.id() == id)
    }

    pub fn label(self) -> &'static str {
        match self {
            FormStatus::NotStarted => "not started",
            FormStatus::InProgress => "in progress",
            FormStatus::Complete => "complete",
            FormStatus::Finalized => "finalized",
        }
    }
}
