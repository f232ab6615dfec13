//! The behaviour tests, as one test binary: one module per area, sharing [`support`].
//! One binary links the library (and krilla, xlsx...) once, where a binary per file linked
//! it some twenty-five times. Run one area with `cargo test --test it wizard::`.

mod support;

mod cli;
mod completion;
mod crash;
mod cross_record;
mod deadlines;
mod documents;
mod draft_roundtrip;
mod e2e_tmux;
mod ecosystem;
mod export;
mod form_rules;
mod fuzz;
mod fuzz_corpus;
mod git_merge;
mod hostile_bounds;
mod hostile_email;
mod hostile_files;
mod hostile_locks;
mod hostile_plumbing;
mod hostile_terminal;
mod import_circles;
mod invalid_forms;
mod json_schema;
mod man_pages;
mod offered_paths;
mod screen;
mod snapshots;
mod upgrade;
mod wizard;
