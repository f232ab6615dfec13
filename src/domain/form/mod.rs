//! The form schema (`forms/*.ron`): field kinds, conditions, path resolution, the set of
//! forms and the dependency graph built from resolved paths.

pub mod catalog;
pub mod condition;
pub mod graph;
pub mod journey;
pub mod kinds;
pub mod option_sets;
pub mod provenance;
pub mod reach;
pub mod resolve;
pub mod schema;
