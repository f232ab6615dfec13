//! What a draft means under its forms: evaluation of conditions and computed values, the
//! fields shown, defaults, choice options, validation, and the finalized and frozen copies.

pub mod conflicts;
pub(crate) mod defaults;
pub mod eval;
pub mod finalized;
pub mod frozen;
pub mod options;
pub mod paths;
pub mod recipient;
pub mod validate;
pub mod view;
