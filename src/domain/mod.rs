//! The domain: forms, answers, drafts, validation and identifiers. No terminal code.
//!
//! Layers, each importing only the ones before it (a test in `tests/it/import_circles.rs`
//! keeps it so):
//!
//! 1. [`values`]: answers and their paths, identifiers, states, limits, form statuses.
//! 2. [`form`]: the form schema, field kinds, conditions, path resolution, the form set
//!    and the one dependency graph that says what reads what.
//! 3. [`lint`] (loading and checking form files) and [`draft`] (the answers and records
//!    a draft holds).
//! 4. [`rules`]: what a draft means under its forms: evaluation, the view, defaults,
//!    options, validation, finalized and frozen copies.
//! 5. [`change`]: edits, undo and upgrades of a draft.
//! 6. [`timeline`]: deadlines over the whole journey.
//! 7. [`report`]: where the whole onboarding stands, for `clec-wizard report`.

pub mod values;

pub mod form;

pub mod draft;
pub mod lint;

pub mod rules;

pub mod change;

pub mod timeline;

pub mod report;
