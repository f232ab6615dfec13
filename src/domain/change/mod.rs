//! Changes to a draft: edits (with their undo), and upgrades to newer form versions.

pub mod edit;
pub mod upgrade;
