//! The domain: forms, answers, drafts, validation and identifiers. No terminal code.

pub mod answer;
pub mod catalog;
pub mod condition;
pub mod cycles;
pub mod defaults;
pub mod draft;
pub mod edit;
pub mod eval;
pub mod finalized;
pub mod form;
pub mod frozen;
pub mod ids;
pub mod journey;
pub mod kinds;
pub mod limits;
pub mod lint;
pub mod option_sets;
pub mod options;
pub mod provenance;
pub mod reach;
pub mod resolve;
pub mod states;
pub mod timeline;
pub mod upgrade;
pub mod validate;
pub mod view;
