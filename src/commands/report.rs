//! `report`: where an onboarding stands, on one page ([`crate::domain::report`]), as text,
//! Markdown, PDF or HTML ([`crate::export::report`]).

use std::path::Path;

use chrono::Local;

use super::{CmdResult, Failure, Outcome, emit_data, today, warn};
use crate::cli::ReportFormat as Format;
use crate::domain::form::catalog::FormSet;
use crate::domain::report;
use crate::domain::rules::validate::{DraftReport, validate_form, with_found};
use crate::export::report::{ReportFormat, render};
use crate::export::{file_stem, write};
use crate::storage::documents;
use crate::storage::drafts::DraftStore;

impl From<Format> for ReportFormat {
    fn from(f: Format) -> Self {
        match f {
            Format::Text => Self::Text,
            Format::Md => Self::Markdown,
            Format::Pdf => Self::Pdf,
            Format::Html => Self::Html,
        }
    }
}

pub(super) fn run(
    forms: &FormSet,
    store: &DraftStore,
    exports: &Path,
    name: &str,
    format: Format,
    output: Option<&Path>,
    force: bool,
) -> CmdResult {
    let format = ReportFormat::from(format);
    let (draft, _) = super::load(forms, store, name)?;
    let today = today();
    // Validation as `validate` does it: document files are checked where they are.
    let checked = DraftReport {
        forms: forms
            .forms()
            .iter()
            .map(|form| {
                let found = documents::check(forms, &draft, form, store.dir());
                let report = validate_form(forms, &draft, form, today);
                with_found(
                    forms,
                    &draft,
                    form,
                    report,
                    found.iter().map(|p| p.to_problem()),
                )
            })
            .collect(),
    };
    let at = Local::now();
    let bytes = render(
        &report::build(forms, &draft, name, &checked, today),
        format,
        at,
    );
    let binary = format == ReportFormat::Pdf;
    let path = match output {
        Some(p) if p == Path::new("-") => None,
        Some(p) => Some(p.to_path_buf()),
        None if matches!(format, ReportFormat::Text | ReportFormat::Markdown) => None,
        None => {
            let folder = write::default_folder(exports, name, at);
            let file = format!(
                "{}.{}",
                file_stem(&draft, name, "report", at),
                format.extension()
            );
            Some(folder.join(file))
        }
    };
    let Some(path) = path else {
        if binary && crate::output::stdout_is_terminal() {
            return Err(Failure::Message(
                "a pdf report is binary and is not written to the terminal; leave -o out to \
                 write it into the exports folder, or give a file with -o FILE"
                    .into(),
            ));
        }
        // Every text in the report is cleaned (see `export::clean`).
        emit_data(&bytes)?;
        return Ok(Outcome::Done);
    };
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)
            .map_err(|e| Failure::Message(format!("cannot create {}: {e}", parent.display())))?;
    }
    super::write_file(&path, &bytes, force)?;
    // A note on what was done, on standard error: standard output carries only data.
    warn(&format!("wrote {}\n", path.display()));
    Ok(Outcome::Done)
}
