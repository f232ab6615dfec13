//! clec-wizard: CenturyLink/Lumen facility-based CLEC onboarding forms, as a library.
//!
//! [`domain`] holds the form model, answers, drafts and validation (no terminal code);
//! [`storage`] loads forms and saves drafts; [`export`] writes completed forms; [`cli`]
//! is the command line over the same functions; [`text`] measures text in terminal columns.

pub mod calendar;
pub mod cli;
pub mod commands;
pub mod complete;
pub mod domain;
pub mod export;
pub mod fill;
pub mod import;
pub mod json_out;
pub mod man;
pub mod output;
pub mod storage;
pub mod text;
pub mod tui;
