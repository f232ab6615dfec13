//! The behaviour tests, as one test binary: one module per area, sharing [`support`].
//! One binary links the library (and krilla, xlsx...) once, where a binary per file linked
//! it some twenty-five times. Run one area with `cargo test --test it wizard::`.
#![allow(
    clippy::disallowed_macros,
    reason = "tests and benchmarks report to the developer"
)]

mod support;

mod agreements;
mod cli;
mod completion;
mod config;
mod crash;
mod cross_record;
mod deadlines;
mod documents;
mod draft_roundtrip;
mod e2e_tmux;
mod ecosystem;
mod export;
mod facts;
mod form_rules;
mod fuzz;
mod fuzz_corpus;
mod git_merge;
mod hostile_bounds;
mod hostile_documents;
mod hostile_email;
mod hostile_files;
mod hostile_locks;
mod hostile_plumbing;
mod hostile_terminal;
mod import;
mod import_circles;
mod invalid_forms;
mod json_schema;
mod man_pages;
mod offered_paths;
mod recipient_reads;
mod regions;
mod report;
mod screen;
mod snapshots;
mod streams;
mod upgrade;
mod wizard;
