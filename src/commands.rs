//! Runs the command-line subcommands. Output goes to standard output, errors to standard
//! error; the exit code follows the table in `--help`.

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::Path;
use std::process::ExitCode;

use chrono::{DateTime, Local, NaiveDate, SubsecRound, Utc};

use crate::cli::{Cli, Command};
use crate::domain::answer::Answer;
use crate::domain::catalog::{Diagnostic, FormSet};
use crate::domain::draft::Draft;
use crate::domain::edit::{self, Edit};
use crate::domain::form::FormDef;
use crate::domain::upgrade;
use crate::domain::validate::{FormReport, validate_draft, validate_form};
use crate::domain::view::{Shown, form_view, row_title};
use crate::export::write::{self, DraftMode, ExportError, ExportRequest, ExportTarget};
use crate::export::{Format as ExportFormat, Source};
use crate::storage::drafts::DraftStore;
use crate::storage::forms as form_files;
use crate::storage::location::{self, SavesLocation};
use crate::{json_out, text};

mod ecosystem;

/// How a command ended.
#[derive(Debug, PartialEq, Eq)]
enum Outcome {
    /// Exit 0.
    Done,
    /// Exit 1: problems were found and reported.
    Problems,
}

/// Exit 2: the command could not run; the message says why.
#[derive(Debug)]
struct Failure(String);

impl<E: std::fmt::Display> From<E> for Failure {
    fn from(e: E) -> Self {
        Failure(e.to_string())
    }
}

type CmdResult = Result<Outcome, Failure>;

/// Runs the parsed command line and returns the process exit code.
pub fn run(cli: Cli) -> ExitCode {
    match dispatch(cli) {
        Ok(Outcome::Done) => ExitCode::SUCCESS,
        Ok(Outcome::Problems) => ExitCode::from(1),
        Err(Failure(message)) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
}

fn dispatch(cli: Cli) -> CmdResult {
    let place = location::resolve_here(cli.saves.as_deref());
    location::remember(&place);
    let store = DraftStore::new(&place.dir);
    let forms_dir = cli.forms.as_deref();
    let Some(command) = cli.command else {
        let forms = load_forms(forms_dir)?;
        return wizard(forms, store, None, None);
    };
    let command = match ecosystem::run(command, &place, forms_dir)? {
        Ok(done) => return Ok(done),
        Err(command) => command,
    };
    if let Command::CheckForms { dir } = &command {
        return check_forms(dir.as_deref().or(forms_dir));
    }
    let forms = load_forms(forms_dir)?;
    match command {
        Command::Open { name, form } => {
            if let Some(id) = &form {
                form_of(&forms, id)?;
            }
            // A new name is checked here; its draft is written by the wizard's first save.
            store.path(&name)?;
            wizard(forms, store, Some(&name), form.as_deref())
        }
        Command::New { name } => new_draft(&store, &name),
        Command::List { json } => list(&forms, &store, json),
        Command::Forms { json } => list_forms(&forms, json),
        Command::Show { name, form, json } => show(&forms, &store, &name, form.as_deref(), json),
        Command::Set {
            name,
            field,
            value,
            na,
            later,
            clear,
        } => {
            let edit = match (value, na, later, clear) {
                (Some(v), ..) => Edit::Value(v),
                (_, Some(reason), ..) => Edit::NotApplicable(reason),
                (_, _, Some(note), _) => Edit::AskLater(note),
                _ => Edit::Clear,
            };
            set(&forms, &store, &name, &field, edit)
        }
        Command::Validate { name, form, json } => {
            validate(&forms, &store, &name, form.as_deref(), json)
        }
        Command::Fill { name, form } => fill(&forms, &store, &name, form.as_deref()),
        Command::Export {
            name,
            form,
            format,
            output,
            all,
            draft,
            force,
        } => {
            let request = ExportArgs {
                name: &name,
                form: form.as_deref(),
                format: format.into(),
                output: output.as_deref(),
                all,
                draft,
                force,
            };
            export_form(&forms, &store, &place, &request)
        }
        _ => unreachable!("handled above"),
    }
}

/// The current time, to the second (drafts record it).
fn now() -> DateTime<Utc> {
    Utc::now().trunc_subsecs(0)
}

fn today() -> NaiveDate {
    Local::now().date_naive()
}

fn load_forms(dir: Option<&Path>) -> Result<FormSet, Failure> {
    form_files::load(dir).map_err(|problems| {
        Failure(format!(
            "the form definitions have {} problem(s):\n{}",
            problems.len(),
            join_diagnostics(&problems)
        ))
    })
}

fn join_diagnostics(problems: &[Diagnostic]) -> String {
    problems
        .iter()
        .map(|d| format!("  {d}"))
        .collect::<Vec<_>>()
        .join("\n")
}

fn form_of<'a>(forms: &'a FormSet, id: &str) -> Result<&'a FormDef, Failure> {
    forms.form(id).ok_or_else(|| {
        let known: Vec<_> = forms.forms().iter().map(|f| f.id.as_str()).collect();
        Failure(format!(
            "unknown form {id:?}; the forms are: {}",
            known.join(", ")
        ))
    })
}

fn wizard(forms: FormSet, store: DraftStore, draft: Option<&str>, form: Option<&str>) -> CmdResult {
    use std::io::IsTerminal;
    if !std::io::stdin().is_terminal() || !std::io::stdout().is_terminal() {
        return Err(Failure(
            "the full-screen wizard needs a terminal; without one, answer line by line with \
             `clec-wizard fill NAME`, or use the subcommands (clec-wizard --help)"
                .into(),
        ));
    }
    crate::tui::run(forms, store, draft, form)
        .map_err(|e| Failure(format!("cannot run the full-screen wizard: {e}")))?;
    Ok(Outcome::Done)
}

fn check_forms(dir: Option<&Path>) -> CmdResult {
    let problems = form_files::check(dir);
    let what = dir.map_or("built-in forms".to_string(), |d| d.display().to_string());
    if problems.is_empty() {
        println!("{what}: no problems");
        return Ok(Outcome::Done);
    }
    for d in &problems {
        println!("{d}");
    }
    println!("{what}: {} problem(s)", problems.len());
    Ok(Outcome::Problems)
}

/// The accessible line mode on standard input and output: exit 0 when the forms filled are
/// complete, 1 when open items remain.
fn fill(forms: &FormSet, store: &DraftStore, name: &str, only: Option<&str>) -> CmdResult {
    if let Some(id) = only {
        form_of(forms, id)?;
    }
    let input = std::io::stdin().lock();
    let output = std::io::stdout().lock();
    Ok(
        if crate::fill::run(forms, store, name, only, input, output)? {
            Outcome::Done
        } else {
            Outcome::Problems
        },
    )
}

fn new_draft(store: &DraftStore, name: &str) -> CmdResult {
    store.create(name, now())?;
    crate::storage::merge::write_gitignore(store.dir())?;
    println!("created draft {name} ({})", store.path(name)?.display());
    Ok(Outcome::Done)
}

fn company(draft: &Draft) -> String {
    match draft.answers.get("profile.legal_name") {
        Some(Answer::Text(name)) => name.clone(),
        _ => "(no legal name yet)".into(),
    }
}

fn progress(report: &FormReport) -> String {
    let mark = if report.is_complete() { " done" } else { "" };
    format!(
        "{}/{}{mark}",
        report.required_answered, report.required_total
    )
}

fn list(forms: &FormSet, store: &DraftStore, json: bool) -> CmdResult {
    let drafts = store.list()?;
    if json {
        json_out::print(&json_out::list(forms, store.dir(), &drafts, today()))?;
        return Ok(Outcome::Done);
    }
    if drafts.is_empty() {
        println!(
            "no drafts in {} (create one with: clec-wizard new NAME)",
            store.dir().display()
        );
        return Ok(Outcome::Done);
    }
    let today = today();
    for (name, draft) in drafts {
        match draft {
            Err(e) => println!("{name:<20} unreadable: {e}"),
            Ok(draft) => {
                let report = validate_draft(forms, &draft, today);
                let per_form: Vec<String> = report
                    .forms
                    .iter()
                    .map(|r| format!("{} {}", r.form, progress(r)))
                    .collect();
                println!(
                    "{name:<20} {} {}  {}",
                    text::pad(&company(&draft), 32),
                    draft.updated.with_timezone(&Local).format("%Y-%m-%d %H:%M"),
                    per_form.join(", ")
                );
            }
        }
    }
    Ok(Outcome::Done)
}

fn list_forms(forms: &FormSet, json: bool) -> CmdResult {
    if json {
        json_out::print(&json_out::forms(forms))?;
        return Ok(Outcome::Done);
    }
    println!(
        "{:<20} {:>4} {:>7} {:>6}  title",
        "id", "step", "version", "fields"
    );
    for f in forms.forms() {
        println!(
            "{:<20} {:>4} {:>7} {:>6}  {}",
            f.id,
            f.step,
            f.version,
            f.input_count(),
            f.title
        );
    }
    Ok(Outcome::Done)
}

fn show(
    forms: &FormSet,
    store: &DraftStore,
    name: &str,
    only: Option<&str>,
    json: bool,
) -> CmdResult {
    let draft = store.load(name)?;
    let selected: Vec<&FormDef> = match only {
        Some(id) => vec![form_of(forms, id)?],
        None => forms.forms().iter().collect(),
    };
    if json {
        json_out::print(&json_out::show(forms, &draft, name, &selected, today()))?;
        return Ok(Outcome::Done);
    }
    let mut out = String::new();
    writeln!(out, "{name}: {}", company(&draft))?;
    for form in selected {
        writeln!(
            out,
            "\n== {} ({}, {}) ==",
            form.title,
            form.id,
            draft.status(&form.id).label()
        )?;
        for section in form_view(forms, &draft, form) {
            writeln!(out, "-- {} --", section.section.title)?;
            let mut current_row = None;
            for item in section.items {
                let indent = if item.place.row.is_some() {
                    "      "
                } else {
                    "  "
                };
                if let Some((group, index)) = item.place.row
                    && current_row != Some((group.id.as_str(), index))
                {
                    current_row = Some((group.id.as_str(), index));
                    writeln!(out, "    {}", row_title(&draft, form, group, index))?;
                }
                let label = &item.place.field.label;
                match &item.shown {
                    Shown::Note => writeln!(out, "{indent}{label}")?,
                    shown => {
                        let text = shown.text(&item.place.field.kind);
                        let text = if text.is_empty() {
                            "-".into()
                        } else {
                            text.replace('\n', &format!("\n{indent}  "))
                        };
                        writeln!(out, "{indent}{label}: {text}")?;
                    }
                }
            }
        }
    }
    print!("{out}");
    Ok(Outcome::Done)
}

fn set(forms: &FormSet, store: &DraftStore, name: &str, path: &str, edit: Edit) -> CmdResult {
    let _lock = store.lock(name)?;
    let mut draft = store.load(name)?;
    let applied = match edit::apply(forms, &mut draft, path, edit, today(), now()) {
        Ok(applied) => applied,
        Err(
            e @ (edit::EditError::BadPath(_)
            | edit::EditError::UnknownForm { .. }
            | edit::EditError::UnknownField { .. }),
        ) => return Err(Failure(e.to_string())),
        Err(e) => {
            eprintln!("refused: {e}");
            return Ok(Outcome::Problems);
        }
    };
    store.save(name, &draft)?;
    match (&applied.answer, applied.removed_row) {
        (_, Some(row)) => println!("removed row {row} of {}", applied.key),
        (Some(answer), _) => println!("{} = {}", applied.key, answer.display()),
        (None, _) => println!("{} cleared", applied.key),
    }
    if let Some(w) = &applied.warning {
        println!("warning: {w}");
    }
    if applied.hidden {
        println!("note: this field is hidden by its conditions; the answer is kept but not used");
    }
    Ok(Outcome::Done)
}

fn print_report(
    form: &FormDef,
    report: &FormReport,
    out: &mut impl std::io::Write,
) -> std::io::Result<()> {
    let open = report.problems.iter().filter(|p| p.blocking).count();
    let state = if report.is_complete() {
        "complete".to_string()
    } else {
        format!("{open} open item(s)")
    };
    writeln!(
        out,
        "{} ({}): {}/{} required answered, {state}",
        form.title, form.id, report.required_answered, report.required_total
    )?;
    for p in &report.problems {
        writeln!(out, "  {p}")?;
    }
    Ok(())
}

fn validate(
    forms: &FormSet,
    store: &DraftStore,
    name: &str,
    only: Option<&str>,
    json: bool,
) -> CmdResult {
    let draft = store.load(name)?;
    let today = today();
    let reports: Vec<(&FormDef, FormReport)> = match only {
        Some(id) => {
            let form = form_of(forms, id)?;
            vec![(form, validate_form(forms, &draft, form, today))]
        }
        None => forms
            .forms()
            .iter()
            .map(|f| (f, validate_form(forms, &draft, f, today)))
            .collect(),
    };
    let complete = reports.iter().all(|(_, r)| r.is_complete());
    if json {
        json_out::print(&json_out::validate(forms, &draft, name, &reports, only))?;
        return Ok(if complete {
            Outcome::Done
        } else {
            Outcome::Problems
        });
    }
    let mut stdout = std::io::stdout().lock();
    for (form, report) in &reports {
        print_report(form, report, &mut stdout)?;
    }
    print_upgrades(forms, &draft, only, &mut stdout)?;
    if only.is_none() {
        let answered: usize = reports.iter().map(|(_, r)| r.required_answered).sum();
        let total: usize = reports.iter().map(|(_, r)| r.required_total).sum();
        let verdict = if complete { "complete" } else { "incomplete" };
        writeln!(
            stdout,
            "draft {name}: {answered}/{total} required answered, {verdict}"
        )?;
    }
    Ok(if complete {
        Outcome::Done
    } else {
        Outcome::Problems
    })
}

/// Forms answered under an older version, and the answers kept aside because their field
/// is gone (they are never deleted).
fn print_upgrades(
    forms: &FormSet,
    draft: &Draft,
    only: Option<&str>,
    out: &mut impl std::io::Write,
) -> std::io::Result<()> {
    for changed in upgrade::changed_forms(forms, draft)
        .iter()
        .filter(|c| only.is_none_or(|id| id == c.form))
    {
        writeln!(
            out,
            "form {} changed: answered under version {}, now version {}",
            changed.form, changed.answered_version, changed.current_version
        )?;
    }
    for kept in upgrade::kept_aside(forms, draft)
        .iter()
        .filter(|k| only.is_none_or(|id| id == k.form))
    {
        writeln!(
            out,
            "  kept aside (no longer in the form): {} = {}",
            kept.path,
            kept.answer.display()
        )?;
    }
    Ok(())
}

/// The `export` command's arguments.
struct ExportArgs<'a> {
    name: &'a str,
    form: Option<&'a str>,
    format: ExportFormat,
    output: Option<&'a Path>,
    all: bool,
    draft: bool,
    force: bool,
}

impl ExportArgs<'_> {
    /// `--draft` marks an export DRAFT; without it incomplete forms are refused.
    fn mode(&self) -> DraftMode {
        if self.draft {
            DraftMode::Always
        } else {
            DraftMode::Never
        }
    }
}

fn export_form(
    forms: &FormSet,
    store: &DraftStore,
    place: &SavesLocation,
    req: &ExportArgs<'_>,
) -> CmdResult {
    let at = Local::now();
    let target = if req.all {
        let dir = req.output.map_or_else(
            || write::default_folder(&place.exports_dir(), req.name, at),
            Path::to_path_buf,
        );
        ExportTarget::All { dir }
    } else {
        let form = form_of(forms, req.form.unwrap_or_default())?;
        let Some(path) = req.output else {
            return export_to_stdout(forms, store, req, form, at);
        };
        ExportTarget::One {
            form: form.id.clone(),
            format: req.format,
            path: path.to_path_buf(),
        }
    };
    // Exports to files are recorded in the draft, under its lock.
    let lock = store.lock(req.name);
    let mut draft = store.load(req.name)?;
    let request = ExportRequest {
        target,
        mode: req.mode(),
        overwrite: req.force,
    };
    let outcome = write::export_and_record(forms, &mut draft, req.name, &request, at, now());
    for p in &outcome.written {
        println!("wrote {}", p.display());
    }
    if !outcome.recorded.is_empty() {
        match &lock {
            Ok(_) => store.save(req.name, &draft)?,
            Err(e) => eprintln!("note: the export was not recorded in the draft: {e}"),
        }
    }
    match outcome.stopped {
        None => Ok(Outcome::Done),
        Some(ExportError::Incomplete(open)) => refuse_incomplete(forms, &open),
        Some(e) if outcome.written.is_empty() => Err(Failure(e.to_string())),
        Some(e) => Err(Failure(format!(
            "wrote {} file(s), then stopped: {e}",
            outcome.written.len()
        ))),
    }
}

/// One form to standard output (nothing is recorded: it is not a file that was sent).
fn export_to_stdout(
    forms: &FormSet,
    store: &DraftStore,
    req: &ExportArgs<'_>,
    form: &FormDef,
    at: DateTime<Local>,
) -> CmdResult {
    let draft = store.load(req.name)?;
    let src = Source {
        draft_mode: req.draft,
        ..Source::new(forms, &draft, req.name, form, at)
    };
    if !src.is_complete() && !req.draft {
        return refuse_incomplete(forms, &[(form.title.clone(), src.report.clone())]);
    }
    std::io::stdout().write_all(&src.render(req.format))?;
    Ok(Outcome::Done)
}

/// Says why incomplete forms were not exported, and how to export them anyway.
fn refuse_incomplete(forms: &FormSet, open: &[(String, FormReport)]) -> CmdResult {
    let mut stderr = std::io::stderr().lock();
    writeln!(
        stderr,
        "refused: not complete; fix these or export with --draft:"
    )?;
    for (_, report) in open {
        if let Some(form) = forms.form(&report.form) {
            print_report(form, report, &mut stderr)?;
        }
    }
    Ok(Outcome::Problems)
}
