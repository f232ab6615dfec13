//! Runs the command-line subcommands. Output goes to standard output, errors to standard
//! error; the exit code follows the table in `--help`.
//!
//! Everything printed passes through [`text::visible_lines`], so no text from a draft or a
//! form reaches the terminal as a control sequence, and a closed pipe
//! (`clec-wizard show x | head`) ends the command quietly with status 141, as a process
//! ended by SIGPIPE.

use std::fmt::Write as _;
use std::path::Path;
use std::process::ExitCode;

use chrono::{DateTime, Local, NaiveDate, SubsecRound, Utc};

use crate::cli::{Cli, Command};
use crate::domain::change::edit::{self, Edit};
use crate::domain::change::upgrade;
use crate::domain::draft::Draft;
use crate::domain::form::catalog::{Diagnostic, FormSet};
use crate::domain::form::schema::FormDef;
use crate::domain::rules::conflicts::Side;
use crate::domain::rules::defaults;
use crate::domain::rules::finalized;
use crate::domain::rules::validate::{FormReport, validate_draft, validate_form};
use crate::domain::rules::view::{Shown, form_view, row_title};
use crate::domain::values::answer::Answer;
use crate::export::write::{self, DraftMode, ExportError, ExportRequest, ExportTarget};
use crate::export::{Format as ExportFormat, Source};
use crate::storage::documents;
use crate::storage::drafts::DraftStore;
use crate::storage::forms as form_files;
use crate::storage::{config, location};
use crate::{json_out, output, text};

mod deadlines;
mod ecosystem;
mod import;
mod report;
mod sending;

/// How a command ended.
#[derive(Debug, PartialEq, Eq)]
enum Outcome {
    /// Exit 0.
    Done,
    /// Exit 1: problems were found and reported.
    Problems,
}

/// The command could not run: exit 2 with a message, or standard output was closed.
#[derive(Debug)]
enum Failure {
    /// Exit 2; the message says why.
    Message(String),
    /// Standard output was closed by its reader: exit 141 (128 + SIGPIPE), saying nothing.
    ClosedPipe,
    /// Ctrl-C in `fill`'s line editor: exit 130 (128 + SIGINT), as an interrupted process.
    Interrupted,
}

impl<E: std::fmt::Display> From<E> for Failure {
    fn from(e: E) -> Self {
        Failure::Message(e.to_string())
    }
}

/// A failed write to standard output (not [`std::fmt::Display`], so `?` on it comes
/// here rather than to the message above): a closed pipe ends the command quietly.
struct Unwritten(std::io::Error);

impl From<Unwritten> for Failure {
    fn from(Unwritten(e): Unwritten) -> Self {
        if output::is_closed(&e) {
            Failure::ClosedPipe
        } else {
            Failure::Message(format!("cannot write to standard output: {e}"))
        }
    }
}

/// Writes `text` to standard output, made terminal-safe.
fn emit(text: &str) -> Result<(), Unwritten> {
    output::say(text).map_err(Unwritten)
}

/// Writes data (an export, a JSON document) to standard output as it is.
fn emit_data(bytes: &[u8]) -> Result<(), Unwritten> {
    output::data(bytes).map_err(Unwritten)
}

/// Writes a file the user named (or the exports folder's) atomically; an existing file
/// only with `force`, else the error says to use it.
fn write_file(path: &Path, bytes: &[u8], force: bool) -> Result<(), Failure> {
    crate::storage::files::write_atomic(path, bytes, force).map_err(|e| match e.kind() {
        std::io::ErrorKind::AlreadyExists => Failure::Message(format!(
            "{} exists; use --force to overwrite it",
            path.display()
        )),
        _ => Failure::Message(format!("cannot write {}: {e}", path.display())),
    })
}

/// Writes `text` to standard error, made terminal-safe; a closed standard error is ignored.
fn warn(text: &str) {
    output::note(text);
}

/// `println!` through [`emit`].
macro_rules! say {
    ($($arg:tt)*) => {
        emit(&format!("{}\n", format_args!($($arg)*)))
    };
}

type CmdResult = Result<Outcome, Failure>;

/// Runs the parsed command line and returns the process exit code.
pub fn run(cli: Cli) -> ExitCode {
    match dispatch(cli) {
        Ok(Outcome::Done) => ExitCode::SUCCESS,
        Ok(Outcome::Problems) => ExitCode::from(1),
        Err(Failure::Message(message)) => {
            warn(&format!("error: {message}\n"));
            ExitCode::from(2)
        }
        Err(Failure::ClosedPipe) => ExitCode::from(output::CLOSED_PIPE_STATUS),
        Err(Failure::Interrupted) => ExitCode::from(output::INTERRUPTED_STATUS),
    }
}

fn dispatch(cli: Cli) -> CmdResult {
    let settings = config::Settings::here(cli.saves.as_deref());
    let forms_dir = cli.forms.as_deref();
    let Some(command) = cli.command else {
        let resolved = resolve(&settings)?;
        let forms = load_forms(forms_dir)?.with_signer(resolved.signer.clone());
        return wizard(forms, &resolved, None, None);
    };
    // The commands that need no setting, or only some: they resolve what they use.
    let command = match ecosystem::run(command, &settings, forms_dir)? {
        Ok(done) => return Ok(done),
        Err(command) => command,
    };
    if let Command::CheckForms {
        source: Some(tag), ..
    } = &command
    {
        return print_source(tag);
    }
    if let Command::CheckForms { dir, .. } = &command {
        return check_forms(dir.as_deref().or(forms_dir));
    }
    if let Command::Forms { json } = command {
        return list_forms(&load_forms(forms_dir)?, json);
    }
    let resolved = resolve(&settings)?;
    let forms = load_forms(forms_dir)?.with_signer(resolved.signer.clone());
    on_forms(command, forms, &resolved)
}

/// Every setting, or the configuration file's problem with what to do about it; the folder
/// of drafts is remembered, so that every screen can say why it is the one in use.
fn resolve(settings: &config::Settings) -> Result<config::Resolved, Failure> {
    let resolved = settings.resolved().map_err(config_failure)?;
    location::remember(&resolved.saves);
    Ok(resolved)
}

/// A broken configuration file stops a command that needs a setting it may give.
fn config_failure(e: config::ConfigError) -> Failure {
    Failure::Message(format!(
        "{e}\nfix the configuration file, or move it away to use the defaults \
         (`clec-wizard config` shows every setting and where it comes from)"
    ))
}

/// The drafts in use, with their documents where the settings say.
fn store_of(resolved: &config::Resolved) -> DraftStore {
    DraftStore::new(&resolved.saves.dir).with_documents(&resolved.documents)
}

/// A command that needs the forms loaded.
fn on_forms(command: Command, forms: FormSet, resolved: &config::Resolved) -> CmdResult {
    let store = store_of(resolved);
    let store = &store;
    let forms = &forms;
    match command {
        Command::Open { name, form } => {
            if let Some(id) = &form {
                form_of(forms, id)?;
            }
            // A new name is checked here; its draft is written by the wizard's first save.
            store.path(&name)?;
            wizard(forms.clone(), resolved, Some(&name), form.as_deref())
        }
        Command::New { name, example } => new_draft(store, &name, example),
        Command::List { json, tsv } => list(forms, store, json, tsv),
        Command::Show { name, form, json } => show(forms, store, &name, form.as_deref(), json),
        Command::Set {
            name,
            field,
            value,
            na,
            later,
            clear,
            ours,
            theirs,
        } => {
            if ours || theirs {
                return settle(forms, store, &name, &field, theirs);
            }
            let edit = match (value, na, later, clear) {
                (Some(v), ..) => Edit::Value(v),
                (_, Some(reason), ..) => Edit::NotApplicable(reason),
                (_, _, Some(note), _) => Edit::AskLater(note),
                _ => Edit::Clear,
            };
            set(forms, store, &name, &field, edit)
        }
        Command::Validate { name, form, json } => {
            validate(forms, store, &name, form.as_deref(), json)
        }
        Command::Fill { name, form } => fill(forms, store, &name, form.as_deref()),
        Command::Deadlines {
            name,
            json,
            ics,
            force,
        } => deadlines::run(forms, store, &name, json, ics.as_deref(), force),
        Command::Export {
            name,
            form,
            format,
            output,
            all,
            draft,
            attach_json,
            force,
        } => {
            let request = ExportArgs {
                name: &name,
                form: form.as_deref(),
                format: format.into(),
                output: output.as_deref(),
                all,
                draft,
                attach_json,
                force,
            };
            export_form(forms, store, &resolved.exports, &request)
        }
        Command::Report {
            name,
            format,
            output,
            force,
        } => report::run(
            forms,
            store,
            &resolved.exports,
            &name,
            format,
            output.as_deref(),
            force,
        ),
        Command::Import {
            name,
            file,
            form,
            dry_run,
        } => import::run(forms, store, &name, &file, form.as_deref(), dry_run),
        command @ (Command::Finalize { .. }
        | Command::Reopen { .. }
        | Command::Sent { .. }
        | Command::Acknowledged { .. }) => sending::run(command, forms, store),
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

/// Reads a draft with the answers of renamed fields at their new places (in memory: a
/// command that saves the draft says so and writes them there).
fn load(
    forms: &FormSet,
    store: &DraftStore,
    name: &str,
) -> Result<(Draft, Vec<upgrade::Moved>), Failure> {
    let mut draft = store.load(name)?;
    let moved = upgrade::move_renamed(forms, &mut draft);
    Ok((draft, moved))
}

/// The note a command that saves gives once for the answers it moved.
fn moved_note(moved: &[upgrade::Moved]) -> String {
    moved
        .iter()
        .map(|m| format!("moved: {} -> {} (the field was renamed)\n", m.from, m.to))
        .collect()
}

fn load_forms(dir: Option<&Path>) -> Result<FormSet, Failure> {
    form_files::load(dir).map_err(|problems| {
        Failure::Message(format!(
            "the form definitions have {}:\n{}",
            text::count(problems.len(), "problem", "problems"),
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
        Failure::Message(format!(
            "unknown form {id:?}; the forms are: {}",
            known.join(", ")
        ))
    })
}

fn wizard(
    forms: FormSet,
    resolved: &config::Resolved,
    draft: Option<&str>,
    form: Option<&str>,
) -> CmdResult {
    use std::io::IsTerminal;
    let term = std::env::var("TERM").unwrap_or_default();
    if term.is_empty() || term == "dumb" {
        let name = draft.unwrap_or("NAME");
        return Err(Failure::Message(format!(
            "this terminal (TERM={term}) cannot place the cursor, which the full-screen wizard \
             needs; answer line by line with `clec-wizard fill {name}`, or use the \
             subcommands (clec-wizard --help)"
        )));
    }
    if !std::io::stdin().is_terminal() || !output::stdout_is_terminal() {
        return Err(Failure::Message(
            "the full-screen wizard needs a terminal; without one, answer line by line with \
             `clec-wizard fill NAME`, or use the subcommands (clec-wizard --help)"
                .into(),
        ));
    }
    let setup = crate::tui::Setup {
        exports: resolved.exports.clone(),
        editor: resolved.editor.clone(),
    };
    crate::tui::run(forms, store_of(resolved), &setup, draft, form)
        .map_err(|e| Failure::Message(format!("cannot run the full-screen wizard: {e}")))?;
    Ok(Outcome::Done)
}

fn check_forms(dir: Option<&Path>) -> CmdResult {
    let problems = form_files::check(dir);
    let what = dir.map_or("built-in forms".to_string(), |d| d.display().to_string());
    if problems.is_empty() {
        let forms =
            form_files::load(dir).map_err(|_| Failure::Message(format!("{what}: cannot load")))?;
        let mut out = String::new();
        for form in crate::domain::form::provenance::provenance(&forms) {
            for line in form.lines() {
                writeln!(out, "{}", text::visible(&line))?;
            }
        }
        if let Some(seed) = &forms.journey().seed {
            let tag = seed
                .source
                .as_deref()
                .map(|s| format!(" [{s}]"))
                .unwrap_or_default();
            writeln!(
                out,
                "{}",
                text::visible(&format!(
                    "seed page: \"{}\" {}, last updated {}{tag}",
                    seed.title,
                    seed.version,
                    seed.updated.format("%B %-d, %Y")
                ))
            )?;
        }
        writeln!(out, "CenturyLink ILEC entities (built in):")?;
        for line in crate::domain::values::ilec::describe() {
            writeln!(out, "  {line}")?;
        }
        writeln!(out, "{what}: no problems")?;
        emit(&out)?;
        return Ok(Outcome::Done);
    }
    let mut out = String::new();
    for d in &problems {
        writeln!(out, "{}", text::visible(&d.to_string()))?;
    }
    writeln!(
        out,
        "{what}: {}",
        text::count(problems.len(), "problem", "problems")
    )?;
    emit(&out)?;
    Ok(Outcome::Problems)
}

/// `check-forms --source TAG`: the entry of the numbered source list (docs/sources.md).
fn print_source(tag: &str) -> CmdResult {
    let entry = crate::domain::form::provenance::source_entry(tag).ok_or_else(|| {
        Failure::Message(format!(
            "no source {:?}: the tags are {}",
            text::visible(tag),
            crate::domain::form::provenance::source_tags().join(", ")
        ))
    })?;
    let mut out = String::new();
    for line in entry.lines() {
        writeln!(out, "{}", text::visible(line))?;
    }
    emit(&out)?;
    Ok(Outcome::Done)
}

/// The accessible line mode on standard input and output: exit 0 when the forms filled are
/// complete, 1 when open items remain.
fn fill(forms: &FormSet, store: &DraftStore, name: &str, only: Option<&str>) -> CmdResult {
    if let Some(id) = only {
        form_of(forms, id)?;
    }
    let input = std::io::stdin();
    let term = std::env::var("TERM").ok();
    let editing = crate::fill::editor::wanted(
        std::io::IsTerminal::is_terminal(&input),
        output::stdout_is_terminal(),
        term.as_deref(),
    );
    let filled = if editing {
        crate::fill::run_editing(forms, store, name, only, output::stdout())
    } else {
        crate::fill::run(forms, store, name, only, input.lock(), output::stdout())
    };
    let complete = filled.map_err(|e| match e {
        crate::fill::FillError::Io(e) if output::is_closed(&e) => Failure::ClosedPipe,
        crate::fill::FillError::Interrupted => Failure::Interrupted,
        e => Failure::Message(e.to_string()),
    })?;
    Ok(if complete {
        Outcome::Done
    } else {
        Outcome::Problems
    })
}

fn new_draft(store: &DraftStore, name: &str, example: bool) -> CmdResult {
    if example {
        let documents = store.documents().to_path_buf();
        let written = crate::storage::example::create(store, name, &documents)?;
        warn(&format!(
            "created draft {name} ({}), a copy of the example with {} document files in {}\n",
            store.path(name)?.display(),
            written.files.len() + written.kept.len(),
            documents.display()
        ));
        for kept in &written.kept {
            warn(&format!(
                "kept {} as it was (the example's copy was not written over it)\n",
                kept.display()
            ));
        }
        return Ok(Outcome::Done);
    }
    // `create` writes the folder's .gitignore too, as the wizard's `n` does.
    store.create(name, now())?;
    warn(&format!(
        "created draft {name} ({})\n",
        store.path(name)?.display()
    ));
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

/// ` finalized rev N`, ` (changed since finalized)` and ` (changed since the last
/// export)` when they are.
fn standing(forms: &FormSet, draft: &Draft, form: &str) -> String {
    let exported = if draft
        .forms
        .get(form)
        .is_some_and(|s| s.changed_since_export())
    {
        " (changed since the last export)"
    } else {
        ""
    };
    let Some(copy) = finalized::in_force(draft, form) else {
        return exported.to_string();
    };
    let changed = forms
        .form(form)
        .is_some_and(|f| !finalized::changes(forms, draft, f).is_empty());
    let changed = if changed {
        " (changed since finalized)"
    } else {
        ""
    };
    format!(" finalized rev {}{changed}{exported}", copy.revision)
}

fn list(forms: &FormSet, store: &DraftStore, json: bool, tsv: bool) -> CmdResult {
    let mut drafts = store.list()?;
    for draft in drafts.iter_mut().filter_map(|(_, d)| d.as_mut().ok()) {
        upgrade::move_renamed(forms, draft);
    }
    if json {
        emit_data(&json_out::render(&json_out::list(
            forms,
            store.dir(),
            &drafts,
            today(),
        )))?;
        return Ok(Outcome::Done);
    }
    if tsv {
        emit(&list_tsv(forms, &drafts, today()))?;
        return Ok(Outcome::Done);
    }
    if drafts.is_empty() {
        say!(
            "no drafts in {} (create one with: clec-wizard new NAME)",
            store.dir().display()
        )?;
        return Ok(Outcome::Done);
    }
    emit(&list_text(forms, drafts, today())?)?;
    Ok(Outcome::Done)
}

/// What `list` prints for `drafts` (at least one).
fn list_text(
    forms: &FormSet,
    drafts: Vec<crate::storage::drafts::Listed>,
    today: NaiveDate,
) -> Result<String, std::fmt::Error> {
    // Names in a column; each draft's forms below it, packed into lines of at most
    // LIST_WIDTH columns without cutting an entry or the company's name (so nothing is
    // lost when the list is piped). The column is as wide as the widest name as shown.
    let column = drafts
        .iter()
        .map(|(name, _)| text::width(&text::visible(name)))
        .chain([text::width("draft")])
        .max()
        .unwrap_or(0);
    // A header names the columns; each line is whole (nothing is cut), piped or not.
    let mut out = format!(
        "{}  company · last change\n{LIST_INDENT}forms: required answered/required\n\n",
        text::pad("draft", column)
    );
    for (i, (name, draft)) in drafts.into_iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let name = text::pad(&text::visible(&name), column);
        match draft {
            Err(e) => writeln!(out, "{name}  unreadable: {}", text::visible(&e.to_string()))?,
            Ok(draft) => {
                let report = validate_draft(forms, &draft, today);
                let per_form: Vec<String> = report
                    .forms
                    .iter()
                    .map(|r| {
                        let entry = format!(
                            "{} {}{}",
                            r.form,
                            progress(r),
                            standing(forms, &draft, &r.form)
                        );
                        text::visible(&entry).into_owned()
                    })
                    .collect();
                writeln!(
                    out,
                    "{name}  {} · last change {}",
                    text::visible(&company(&draft)),
                    draft.updated.with_timezone(&Local).format("%Y-%m-%d %H:%M")
                )?;
                for line in packed(&per_form, LIST_INDENT, LIST_WIDTH) {
                    writeln!(out, "{line}")?;
                }
            }
        }
    }
    Ok(out)
}

/// `list --tsv`: a header, then one draft per line; tabs, line breaks and backslashes in a
/// value are written `\t`, `\n` and `\\`, so every line is one record.
fn list_tsv(
    forms: &FormSet,
    drafts: &[crate::storage::drafts::Listed],
    today: NaiveDate,
) -> String {
    let field = |v: &str| {
        v.replace('\\', "\\\\")
            .replace('\t', "\\t")
            .replace('\n', "\\n")
            .replace('\r', "\\r")
    };
    let mut out = String::from(
        "draft\tcompany\tlast_change\trequired_answered\trequired_total\tcomplete\tforms\n",
    );
    for (name, draft) in drafts {
        let line = match draft {
            Err(e) => format!(
                "{}\t\t\t\t\t\tunreadable: {}",
                field(name),
                field(&e.to_string())
            ),
            Ok(draft) => {
                let report = validate_draft(forms, draft, today);
                let per_form: Vec<String> = report
                    .forms
                    .iter()
                    .map(|r| {
                        format!(
                            "{} {}{}",
                            r.form,
                            progress(r),
                            standing(forms, draft, &r.form)
                        )
                    })
                    .collect();
                format!(
                    "{}\t{}\t{}\t{}\t{}\t{}\t{}",
                    field(name),
                    field(draft.company().unwrap_or_default()),
                    draft.updated.to_rfc3339(),
                    report.required_answered(),
                    report.required_total(),
                    if report.is_complete() { "yes" } else { "no" },
                    field(&per_form.join(", "))
                )
            }
        };
        out.push_str(&line);
        out.push('\n');
    }
    out
}

/// The width `list` keeps its lines to, and the indent of each draft's forms.
const LIST_WIDTH: usize = 100;
const LIST_INDENT: &str = "    ";

/// `entries` joined by ", " into lines of at most `width` columns after `indent`; an
/// entry is never split (one longer than a line has a line of its own).
fn packed(entries: &[String], indent: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for (i, entry) in entries.iter().enumerate() {
        let last = i + 1 == entries.len();
        let piece = if last {
            entry.clone()
        } else {
            format!("{entry},")
        };
        let room = width.saturating_sub(text::width(indent));
        if !line.is_empty() && text::width(&line) + 1 + text::width(&piece) > room {
            lines.push(format!("{indent}{line}"));
            line.clear();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(&piece);
    }
    if !line.is_empty() {
        lines.push(format!("{indent}{line}"));
    }
    lines
}

fn list_forms(forms: &FormSet, json: bool) -> CmdResult {
    if json {
        emit_data(&json_out::render(&json_out::forms(forms)))?;
        return Ok(Outcome::Done);
    }
    let mut out = String::new();
    writeln!(
        out,
        "{:<20} {:>4} {:>7} {:>6}  title",
        "id", "step", "version", "fields"
    )?;
    for f in forms.forms() {
        writeln!(
            out,
            "{} {:>4} {:>7} {:>6}  {}",
            text::pad(&text::visible(&f.id), 20),
            f.step,
            f.version,
            f.input_count(),
            text::visible(&f.title)
        )?;
    }
    emit(&out)?;
    Ok(Outcome::Done)
}

/// What `show` prints for a field: its text, `-` when empty, or the default it offers.
fn shown_text(
    forms: &FormSet,
    draft: &Draft,
    item: &crate::domain::rules::view::Item<'_>,
    indent: &str,
) -> String {
    let text = item.shown.text(&item.place.field.kind);
    if !text.is_empty() {
        return text.replace('\n', &format!("\n{indent}  "));
    }
    match defaults::offered(forms, draft, &item.place.key()) {
        Some(default) => format!("- (default: {default}, not accepted yet)"),
        None => "-".into(),
    }
}

fn show(
    forms: &FormSet,
    store: &DraftStore,
    name: &str,
    only: Option<&str>,
    json: bool,
) -> CmdResult {
    let (draft, _) = load(forms, store, name)?;
    let selected: Vec<&FormDef> = match only {
        Some(id) => vec![form_of(forms, id)?],
        None => forms.forms().iter().collect(),
    };
    if json {
        emit_data(&json_out::render(&json_out::show(
            forms,
            &draft,
            name,
            &selected,
            today(),
        )))?;
        return Ok(Outcome::Done);
    }
    emit(&show_text(forms, &draft, name, &selected)?)?;
    Ok(Outcome::Done)
}

/// What `show` prints.
fn show_text(
    forms: &FormSet,
    draft: &Draft,
    name: &str,
    selected: &[&FormDef],
) -> Result<String, std::fmt::Error> {
    let mut out = String::new();
    writeln!(out, "{name}: {}", company(draft))?;
    for form in selected {
        writeln!(
            out,
            "\n== {} ({}, {}) ==",
            form.title,
            form.id,
            draft.status(&form.id).label()
        )?;
        for section in form_view(forms, draft, form) {
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
                    writeln!(out, "    {}", row_title(draft, form, group, index))?;
                }
                let label = &item.place.field.label;
                match &item.shown {
                    Shown::Note => writeln!(out, "{indent}{label}")?,
                    _ => {
                        let text = shown_text(forms, draft, &item, indent);
                        writeln!(out, "{indent}{label}: {text}")?;
                    }
                }
            }
        }
    }
    Ok(out)
}

/// How many texts [`printed_text`] can print.
#[doc(hidden)]
pub const PRINTED_TEXTS: usize = 5;

/// Text `which` (modulo [`PRINTED_TEXTS`]) of those `show`, `validate`, `deadlines`,
/// `list --tsv` and `list` print for `draft`, before it goes through [`output`]: for the
/// `cli_output` fuzz target, which checks that none of them panics on a hostile draft
/// and that what reaches a terminal holds no control character.
#[doc(hidden)]
pub fn printed_text(
    forms: &FormSet,
    draft: Draft,
    name: &str,
    today: NaiveDate,
    which: usize,
) -> String {
    let all: Vec<&FormDef> = forms.forms().iter().collect();
    let listed = || vec![(name.to_string(), Ok(draft.clone()))];
    match which % PRINTED_TEXTS {
        0 => show_text(forms, &draft, name, &all).unwrap_or_default(),
        1 => {
            let reports: Vec<(&FormDef, FormReport)> = all
                .iter()
                .map(|f| (*f, validate_form(forms, &draft, f, today)))
                .collect();
            let files = vec![Vec::new(); reports.len()];
            let checked = Checked {
                reports: &reports,
                files: &files,
                complete: reports.iter().all(|(_, r)| r.is_complete()),
            };
            validate_text_of(forms, &draft, name, None, &checked).unwrap_or_default()
        }
        2 => deadlines::text_of(forms, &draft, name, today).unwrap_or_default(),
        3 => list_tsv(forms, &listed(), today),
        _ => list_text(forms, listed(), today).unwrap_or_default(),
    }
}

fn set(forms: &FormSet, store: &DraftStore, name: &str, path: &str, edit: Edit) -> CmdResult {
    let _lock = store.lock(name)?;
    let (mut draft, moved) = load(forms, store, name)?;
    let applied = match edit::apply(forms, &mut draft, path, edit, today(), now()) {
        Ok(applied) => applied,
        Err(
            e @ (edit::EditError::BadPath(_)
            | edit::EditError::UnknownForm { .. }
            | edit::EditError::UnknownField { .. }),
        ) => return Err(Failure::Message(e.to_string())),
        Err(e) => {
            warn(&format!("refused: {e}\n"));
            return Ok(Outcome::Problems);
        }
    };
    // A document answer: its file's size and SHA-256 are recorded as it is now. A file
    // that is there but may not be sent (a link, a special file, too large) is refused;
    // a missing one is an open item until it is there.
    let docs = store.documents().to_path_buf();
    let key = applied.key.to_string();
    if let Some(form) = forms.form(&applied.key.form)
        && let Some(doc) = documents::answers(forms, &draft, form)
            .into_iter()
            .find(|d| d.key == key)
        && std::fs::symlink_metadata(documents::resolve(&docs, &doc.file)).is_ok()
        && let Err(e) = documents::read(&docs, &doc.file)
    {
        warn(&format!("refused: {key}: {e}\n"));
        return Ok(Outcome::Problems);
    }
    if let Some(form) = forms.form(&applied.key.form) {
        if let Some(state) = draft.forms.get_mut(&form.id) {
            state.documents.remove(&applied.key.to_string());
        }
        documents::stamp(forms, &mut draft, form, &docs);
    }
    store.save(name, &draft)?;
    warn(&moved_note(&moved));
    let mut out = match (&applied.answer, applied.removed_row) {
        (_, Some(row)) => format!("removed row {row} of {}\n", applied.key),
        (Some(answer), _) => format!("{} = {}\n", applied.key, answer.display()),
        (None, _) => format!("{} cleared\n", applied.key),
    };
    if let Some(w) = &applied.warning {
        writeln!(out, "warning: {w}")?;
    }
    if applied.hidden {
        out.push_str(
            "note: this field is hidden by its conditions; the answer is kept but not used\n",
        );
    }
    emit(&out)?;
    Ok(Outcome::Done)
}

/// `set PATH --ours/--theirs`: settles a merge conflict on an answer or a row.
fn settle(forms: &FormSet, store: &DraftStore, name: &str, path: &str, theirs: bool) -> CmdResult {
    let _lock = store.lock(name)?;
    let (mut draft, moved) = load(forms, store, name)?;
    let side = if theirs { Side::Theirs } else { Side::Ours };
    let Some(settled) = edit::settle_conflict(&mut draft, path, side) else {
        return Err(Failure::Message(format!(
            "{}: there is no conflict there (see `clec-wizard validate {}`)",
            crate::text::visible(path),
            crate::text::visible(name)
        )));
    };
    edit::refresh_statuses(forms, &mut draft, today());
    store.save(name, &draft)?;
    warn(&moved_note(&moved));
    emit(&format!(
        "{}: conflict settled: {settled}\n",
        crate::text::visible(path)
    ))?;
    Ok(Outcome::Done)
}

/// A form's line (`N open items`) and, under it, exactly those N items; the problems that
/// do not block it (warnings, an ask-later on an optional field) follow under their own
/// heading, and are counted apart.
fn print_report(form: &FormDef, report: &FormReport, out: &mut String) -> std::fmt::Result {
    let (open, other): (Vec<_>, Vec<_>) = report.problems.iter().partition(|p| p.blocking);
    let state = if open.is_empty() {
        "complete".to_string()
    } else {
        text::count(open.len(), "open item", "open items")
    };
    let more = if other.is_empty() {
        String::new()
    } else {
        format!(", {} not blocking", other.len())
    };
    writeln!(
        out,
        "{} ({}): {}/{} required answered, {state}{more}",
        form.title, form.id, report.required_answered, report.required_total
    )?;
    for p in &open {
        writeln!(out, "  {p}")?;
    }
    if !other.is_empty() {
        writeln!(out, "  not blocking:")?;
        for p in &other {
            writeln!(out, "    {p}")?;
        }
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
    let (draft, _) = load(forms, store, name)?;
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
    // Document files are checked where they are: a missing one is an open item.
    let files: Vec<Vec<documents::DocumentProblem>> = reports
        .iter()
        .map(|(form, _)| documents::check(forms, &draft, form, store.documents()))
        .collect();
    let complete =
        reports.iter().all(|(_, r)| r.is_complete()) && files.iter().flatten().all(|p| !p.blocking);
    let checked = Checked {
        reports: &reports,
        files: &files,
        complete,
    };
    if json {
        validate_json(forms, &draft, name, only, &checked)?;
    } else {
        validate_text(forms, &draft, name, only, &checked)?;
    }
    Ok(if complete {
        Outcome::Done
    } else {
        Outcome::Problems
    })
}

/// What `validate` found: each form's report and document problems, and the verdict.
struct Checked<'c> {
    reports: &'c [(&'c FormDef, FormReport)],
    files: &'c [Vec<documents::DocumentProblem>],
    complete: bool,
}

fn validate_json(
    forms: &FormSet,
    draft: &Draft,
    name: &str,
    only: Option<&str>,
    checked: &Checked<'_>,
) -> Result<(), Failure> {
    let mut doc = json_out::validate(forms, draft, name, checked.reports, only);
    doc["complete"] = serde_json::json!(checked.complete);
    if let Some(list) = doc["forms"].as_array_mut() {
        for (entry, problems) in list.iter_mut().zip(checked.files) {
            entry["documents"] = problems
                .iter()
                .map(|p| {
                    serde_json::json!({ "path": p.key, "label": p.label,
                        "message": crate::export::clean(&p.message), "blocking": p.blocking })
                })
                .collect();
        }
    }
    emit_data(&json_out::render(&doc))?;
    Ok(())
}

fn validate_text(
    forms: &FormSet,
    draft: &Draft,
    name: &str,
    only: Option<&str>,
    checked: &Checked<'_>,
) -> Result<(), Failure> {
    emit(&validate_text_of(forms, draft, name, only, checked)?)?;
    Ok(())
}

/// What `validate` prints.
fn validate_text_of(
    forms: &FormSet,
    draft: &Draft,
    name: &str,
    only: Option<&str>,
    checked: &Checked<'_>,
) -> Result<String, std::fmt::Error> {
    let mut out = String::new();
    for ((form, report), problems) in checked.reports.iter().zip(checked.files) {
        // A document that cannot be sent is an open item like any other: counted, listed.
        let mut report = report.clone();
        report
            .problems
            .extend(problems.iter().map(documents::DocumentProblem::to_problem));
        print_report(form, &report, &mut out)?;
        for change in finalized::changes(forms, draft, form) {
            writeln!(out, "  changed since finalized: {change}")?;
        }
        if draft
            .forms
            .get(&form.id)
            .is_some_and(|s| s.changed_since_export())
        {
            writeln!(
                out,
                "  changed since the last export: export it again before sending"
            )?;
        }
    }
    print_upgrades(forms, draft, only, &mut out)?;
    if only.is_none() {
        let answered: usize = checked
            .reports
            .iter()
            .map(|(_, r)| r.required_answered)
            .sum();
        let total: usize = checked.reports.iter().map(|(_, r)| r.required_total).sum();
        let verdict = if checked.complete {
            "complete"
        } else {
            "incomplete"
        };
        writeln!(
            out,
            "draft {name}: {answered}/{total} required answered, {verdict}"
        )?;
    }
    Ok(out)
}

/// Forms answered under an older version, and the answers kept aside because their field
/// is gone (they are never deleted).
fn print_upgrades(
    forms: &FormSet,
    draft: &Draft,
    only: Option<&str>,
    out: &mut String,
) -> std::fmt::Result {
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
    attach_json: bool,
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

/// Where an export of one form goes.
#[derive(Debug, PartialEq, Eq)]
enum Destination<'a> {
    /// Standard output: `-o -`, or a text format without `-o`.
    Stdout,
    /// The file `-o` names.
    File(&'a Path),
    /// A binary format without `-o`: the exports folder, under the name the wizard and
    /// `export --all` give it.
    ExportsFolder,
}

/// `-o -` is standard output; without `-o`, text formats print and binary ones (PDF,
/// workbook, message) go to the exports folder, as the user guide says exports do.
fn destination(output: Option<&Path>, format: ExportFormat) -> Destination<'_> {
    match output {
        Some(path) if path == Path::new("-") => Destination::Stdout,
        Some(path) => Destination::File(path),
        None if format.is_text() => Destination::Stdout,
        None => Destination::ExportsFolder,
    }
}

fn export_form(
    forms: &FormSet,
    store: &DraftStore,
    exports: &Path,
    req: &ExportArgs<'_>,
) -> CmdResult {
    let at = Local::now();
    let folder = write::default_folder(exports, req.name, at);
    let form = if req.all {
        if req.output.is_some_and(|p| p == Path::new("-")) {
            return Err(Failure::Message(
                "--all writes a folder of files, which standard output (-o -) cannot take; \
                 give a folder with -o DIR, or leave -o out"
                    .into(),
            ));
        }
        None
    } else {
        let form = form_of(forms, req.form.unwrap_or_default())?;
        if destination(req.output, req.format) == Destination::Stdout {
            return export_to_stdout(forms, store, req, form, at, &folder);
        }
        Some(form)
    };
    // Exports to files are recorded in the draft, under its lock.
    let lock = store.lock(req.name);
    let (mut draft, _) = load(forms, store, req.name)?;
    let target = match form {
        None => ExportTarget::All {
            dir: req.output.map_or(folder, Path::to_path_buf),
        },
        Some(form) => ExportTarget::One {
            form: form.id.clone(),
            format: req.format,
            path: match req.output {
                Some(path) => path.to_path_buf(),
                None => write::file_path(&draft, req.name, &form.id, req.format, at, &folder),
            },
        },
    };
    let request = ExportRequest {
        target,
        mode: req.mode(),
        overwrite: req.force,
        documents: Some(store.documents().to_path_buf()),
        attach_json: req.attach_json,
    };
    let outcome = write::export_and_record(forms, &mut draft, req.name, &request, at, now());
    // Recorded before anything is printed, so a closed pipe cannot lose the record.
    if !outcome.recorded.is_empty() {
        match &lock {
            Ok(_) => store.save(req.name, &draft)?,
            Err(e) => warn(&format!(
                "note: the export was not recorded in the draft: {e}\n"
            )),
        }
    }
    let written: String = outcome
        .written
        .iter()
        .map(|p| format!("wrote {}\n", p.display()))
        .collect();
    // A note on what was done, on standard error: standard output carries only data.
    warn(&written);
    export_notes(&outcome);
    match outcome.stopped {
        None => Ok(Outcome::Done),
        Some(ExportError::Incomplete(open)) => refuse_incomplete(forms, &open),
        Some(e) if outcome.written.is_empty() => Err(Failure::Message(e.to_string())),
        Some(e) => Err(Failure::Message(format!(
            "wrote {}, then stopped: {e}",
            text::count(outcome.written.len(), "file", "files")
        ))),
    }
}

/// Says which forms no message carries, and why.
fn export_notes(outcome: &write::ExportOutcome) {
    if !outcome.left_out.is_empty() {
        warn(&format!(
            "note: not complete, so in no message (marked DRAFT in their own files; --draft \
             puts them in their messages as drafts): {}\n",
            outcome.left_out.join(", ")
        ));
    }
    for path in &outcome.large {
        warn(&format!(
            "warning: {} is over {} MB; many mail servers refuse messages near 25 MB\n",
            path.display(),
            crate::domain::values::limits::WARN_MESSAGE_BYTES / (1024 * 1024)
        ));
    }
    if !outcome.unaddressed.is_empty() {
        warn(&format!(
            "note: no recipient's address answered, so in no message: {}\n",
            outcome.unaddressed.join(", ")
        ));
    }
}

/// One form to standard output (nothing is recorded: it is not a file that was sent). A
/// binary format is refused when standard output is a terminal: it would only be noise
/// and escape sequences there.
fn export_to_stdout(
    forms: &FormSet,
    store: &DraftStore,
    req: &ExportArgs<'_>,
    form: &FormDef,
    at: DateTime<Local>,
    folder: &Path,
) -> CmdResult {
    if !req.format.is_text() && output::stdout_is_terminal() {
        return Err(Failure::Message(format!(
            "a {} export is binary and is not written to the terminal; leave -o out to \
             write it into {}, or give a file with -o FILE",
            req.format.extension(),
            folder.display()
        )));
    }
    let (draft, _) = load(forms, store, req.name)?;
    let src = Source {
        draft_mode: req.draft,
        ..Source::new(forms, &draft, req.name, form, at)
            .with_documents(Some(store.documents().to_path_buf()))
            .with_json(req.attach_json)
    };
    if !src.is_complete() && !req.draft {
        return refuse_incomplete(forms, &[(form.title.clone(), src.report.clone())]);
    }
    // Exports hold no control characters from answers (see `export::clean`).
    emit_data(&src.render(req.format))?;
    Ok(Outcome::Done)
}

/// Says why incomplete forms were not exported, and how to export them anyway.
fn refuse_incomplete(forms: &FormSet, open: &[(String, FormReport)]) -> CmdResult {
    let mut out = String::from("refused: not complete; fix these or export with --draft:\n");
    for (_, report) in open {
        if let Some(form) = forms.form(&report.form) {
            print_report(form, report, &mut out)?;
        }
    }
    warn(&out);
    Ok(Outcome::Problems)
}
