//! Changes to a draft: edits (with their undo), imports of exported tables, and upgrades
//! to newer form versions.

pub mod edit;
pub mod import;
pub mod upgrade;
