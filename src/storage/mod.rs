//! Files: form definitions (embedded or from a folder), drafts (atomic saves), and the
//! configuration file with the settings it resolves.

pub mod config;
pub mod documents;
pub mod drafts;
pub mod example;
pub mod files;
pub mod format;
pub mod forms;
pub mod gitignore;
pub mod location;
pub mod merge;
pub mod read;
pub mod trash;
