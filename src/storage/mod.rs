//! Files: form definitions (embedded or from a folder) and drafts (atomic saves).

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
