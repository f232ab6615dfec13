//! Exports of a form's answers. Every format reads the same [`crate::domain::view`].

pub mod json;
