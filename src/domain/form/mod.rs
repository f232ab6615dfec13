//! The form schema (`forms/*.ron`): field kinds, conditions, path resolution, the set of
//! forms and the dependency graph built from resolved paths.

pub mod catalog;
pub mod condition;
pub(crate) mod graph;
pub mod journey;
pub mod kinds;
pub(crate) mod option_sets;
pub(crate) mod prepared;
pub(crate) mod provenance;
pub mod reach;
pub mod resolve;
pub mod schema;
