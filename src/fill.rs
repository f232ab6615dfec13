//! `clec-wizard fill`: the accessible line mode. One question at a time on plain lines
//! (label, hint, current answer, allowed values, open problems), answered on one line and
//! saved at once. No cursor movement and no colours, so it works with a screen reader, in a
//! dumb terminal, over a slow link and from `expect` scripts. It uses the wizard's own
//! domain functions: the form view for what to ask, `edit::apply` for every answer (the same
//! checks and messages) and validation for the open items.
//!
//! On a terminal each line is typed in a line editor ([`editor`]: arrows, history of the
//! session, the current answer offered for editing); anywhere else (a pipe, a file, a dumb
//! terminal) plain lines are read with a bound and nothing but the text is written.

pub mod editor;

use std::io::{self, BufRead, Read, Write};

use chrono::{Local, SubsecRound, Utc};

use crate::domain::change::edit::{self, Edit};
use crate::domain::draft::Draft;
use crate::domain::form::catalog::FormSet;
use crate::domain::form::schema::{FieldKind, FormDef};
use crate::domain::rules::conflicts::Side;
use crate::domain::rules::eval::Evaluator;
use crate::domain::rules::validate::{row_conflict, validate_form};
use crate::domain::rules::view::{Shown, form_view};
use crate::domain::values::answer::Answer;
use crate::domain::values::limits::MAX_TEXT_BYTES;
use crate::domain::values::status::FormStatus;
use crate::output::Term;
use crate::storage::drafts::{DraftStore, StoreError};

/// The commands a line can hold besides an answer.
pub(crate) const HELP: &str = "\
Type the answer and press Enter. An empty line keeps the current answer.
  ?              this help
  -              back to the previous question
  !na REASON     not applicable, with the reason
  !later NOTE    ask later, with who to ask
  !clear         remove the answer
  !mine, !theirs after a merge conflict: keep this branch's side (the answer, or
                 a row one branch removed and the other edited), or the other's
  +              on a repeatable group: add a row
  !quit          stop here (every answer is already saved)
Several choices or states: comma-separated (CO, UT). Yes/no: yes or no. Dates: YYYY-MM-DD.
Multi-line text: end a line with \\ to go on on the next line.";

/// Why `fill` could not run.
#[derive(Debug, thiserror::Error)]
pub enum FillError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Io(#[from] io::Error),
    #[error("unknown form {0:?}")]
    UnknownForm(String),
    #[error(
        "a line of input is longer than {MAX_LINE_BYTES} bytes; stopped (every answer before it is saved)"
    )]
    LineTooLong,
    /// Ctrl-C in the line editor: `fill` stops as a process interrupted by SIGINT does on
    /// plain lines (every answer given before it is saved).
    #[error("interrupted (every answer before it is saved)")]
    Interrupted,
}

/// The longest line `fill` reads: an answer's own limit, and its line break. A longer
/// line stops `fill` (skipping it could mean reading without end, from `/dev/zero`).
pub const MAX_LINE_BYTES: usize = MAX_TEXT_BYTES + 2;

/// One line of `input` without its line break, read with [`MAX_LINE_BYTES`] as the bound;
/// `None` at the end of input. Bytes that are not UTF-8 are shown as U+FFFD (and the
/// answer is then refused or kept as the user sees it).
pub(crate) fn read_bounded_line<R: BufRead>(input: &mut R) -> Result<Option<String>, FillError> {
    let mut bytes = Vec::new();
    let read = Read::take(&mut *input, MAX_LINE_BYTES as u64).read_until(b'\n', &mut bytes)?;
    if read == 0 {
        return Ok(None);
    }
    if !bytes.ends_with(b"\n") && read == MAX_LINE_BYTES {
        return Err(FillError::LineTooLong);
    }
    let text = String::from_utf8_lossy(&bytes);
    Ok(Some(text.trim_end_matches(['\n', '\r']).to_string()))
}

/// One question: where it is and what it shows now.
struct Question {
    form: String,
    key: String,
    label: String,
    hint: String,
    required: bool,
    kind: FieldKind,
    current: String,
    /// The answer as it would be typed again (a value, not N/A or ask-later), to offer for
    /// editing on a terminal; empty when there is none.
    typed: String,
    group: Option<usize>,
    /// A row a merge left in conflict (removed on one side, edited on the other): the
    /// question is which side to keep, asked before the row's fields.
    row_conflict: bool,
}

/// The questions still visible in `selected` forms, in order.
fn questions(forms: &FormSet, draft: &Draft, selected: &[&FormDef]) -> Vec<Question> {
    let eval = Evaluator::new(forms, draft);
    let mut list = Vec::new();
    for form in selected {
        if draft.status(&form.id) == FormStatus::Finalized {
            continue;
        }
        for section in form_view(forms, draft, form) {
            let mut last_row = None;
            for item in section.items {
                if let Some((g, i)) = item.place.row
                    && last_row != Some((g.id.as_str(), i))
                {
                    last_row = Some((g.id.as_str(), i));
                    let row = format!("{}.{}[{i}]", form.id, g.id);
                    if let Some((label, _)) = row_conflict(draft, form, &row) {
                        list.push(Question {
                            form: form.id.clone(),
                            key: row,
                            label,
                            hint: String::new(),
                            required: false,
                            kind: g.kind.clone(),
                            current: String::new(),
                            typed: String::new(),
                            group: None,
                            row_conflict: true,
                        });
                    }
                }
                let group = match &item.shown {
                    Shown::Answer(_) => None,
                    Shown::Group(n) if item.place.field.kind.fixed_rows().is_none() => Some(*n),
                    _ => continue,
                };
                let field = item.place.field;
                list.push(Question {
                    form: form.id.clone(),
                    key: item.place.key().to_string(),
                    label: match item.place.row {
                        Some((g, i)) => format!("{} {i}: {}", g.label, field.label),
                        None => field.label.clone(),
                    },
                    hint: field.hint.clone(),
                    required: eval.is_required(&item.place),
                    kind: field.kind.clone(),
                    current: item.shown.text(&field.kind),
                    typed: match &item.shown {
                        Shown::Answer(Some(answer)) => as_typed(answer),
                        _ => String::new(),
                    },
                    group,
                    row_conflict: false,
                });
            }
        }
    }
    list
}

/// An answer as the user would type it again: values (choices by their value, not their
/// label) and nothing for N/A, ask-later or a row count.
fn as_typed(answer: &Answer) -> String {
    match answer {
        Answer::Text(_) | Answer::YesNo(_) | Answer::Many(_) => answer.display(),
        Answer::Rows(_) | Answer::NotApplicable(_) | Answer::AskLater(_) => String::new(),
    }
}

/// What values a field takes, in words.
fn allowed(kind: &FieldKind) -> Option<String> {
    if let Some(options) = kind.options() {
        let list: Vec<String> = options
            .iter()
            .map(|o| format!("{} ({})", o.value(), o.label()))
            .collect();
        let several = matches!(kind, FieldKind::MultiChoice { .. });
        let how = if several { "one or more of" } else { "one of" };
        return Some(format!("{how}: {}", list.join(", ")));
    }
    match kind {
        FieldKind::YesNo => Some("yes or no".into()),
        FieldKind::State { .. } => Some("a state code (CO)".into()),
        FieldKind::States { .. } => Some("state codes, comma-separated (CO, UT)".into()),
        FieldKind::MultiLine { .. } => Some("text; end a line with \\ to go on".into()),
        // The shape to match, with the example the error messages give.
        other => crate::domain::form::kinds::expected(other),
    }
}

/// Where the answers are typed.
enum Input<R> {
    /// Plain lines: a pipe, a file, a terminal that cannot move the cursor.
    Lines(R),
    /// A terminal, through the line editor.
    Editor(Box<editor::LineEditor>),
}

/// The prompt before each answer.
const PROMPT: &str = "> ";

/// Where the session is and what it talks to.
struct Session<'a, R, W> {
    forms: &'a FormSet,
    store: &'a DraftStore,
    name: &'a str,
    draft: Draft,
    input: Input<R>,
    out: Term<W>,
}

/// Runs `fill` on draft `name` (created if missing), `only` one form or every form,
/// reading plain lines from `input`. Returns whether the forms filled are complete.
pub fn run(
    forms: &FormSet,
    store: &DraftStore,
    name: &str,
    only: Option<&str>,
    input: impl BufRead,
    out: Term<impl Write>,
) -> Result<bool, FillError> {
    run_with(forms, store, name, only, Input::Lines(input), out)
}

/// [`run`] on the terminal: standard input through the line editor, `out` being the
/// terminal's standard output (see [`editor::wanted`]).
pub(crate) fn run_editing(
    forms: &FormSet,
    store: &DraftStore,
    name: &str,
    only: Option<&str>,
    out: Term<impl Write>,
) -> Result<bool, FillError> {
    let editor = Input::<io::Empty>::Editor(Box::new(editor::LineEditor::new()?));
    run_with(forms, store, name, only, editor, out)
}

fn run_with(
    forms: &FormSet,
    store: &DraftStore,
    name: &str,
    only: Option<&str>,
    input: Input<impl BufRead>,
    mut out: Term<impl Write>,
) -> Result<bool, FillError> {
    let selected: Vec<&FormDef> = match only {
        Some(id) => vec![
            forms
                .form(id)
                .ok_or_else(|| FillError::UnknownForm(id.into()))?,
        ],
        None => forms.forms().iter().collect(),
    };
    let lock = store.lock(name)?;
    if !store.exists(name) {
        store.create_held(name, &lock, Utc::now().trunc_subsecs(0))?;
    }
    let mut draft = store.load(name)?;
    let moved = crate::domain::change::upgrade::move_renamed(forms, &mut draft);
    if !moved.is_empty() {
        store.save(name, &draft)?;
        for m in &moved {
            writeln!(out, "Moved {} to {} (the field was renamed).", m.from, m.to)?;
        }
    }
    let mut session = Session {
        forms,
        store,
        name,
        draft,
        input,
        out,
    };
    writeln!(
        session.out,
        "Draft {name}: one question at a time. Type ? for help."
    )?;
    session.ask_all(&selected)?;
    session.summary(&selected)
}

/// What one line asked the session to do.
enum Step {
    Next,
    Again,
    Back,
    Quit,
}

impl<R: BufRead, W: Write> Session<'_, R, W> {
    fn ask_all(&mut self, selected: &[&FormDef]) -> Result<(), FillError> {
        let mut at = 0;
        let mut history: Vec<String> = Vec::new();
        loop {
            let list = questions(self.forms, &self.draft, selected);
            let Some(q) = list.get(at) else {
                return Ok(());
            };
            self.show(q, at + 1, list.len())?;
            let key = q.key.clone();
            let offered = match (&q.group, q.typed.as_str()) {
                (Some(_), _) => String::new(),
                (None, "") => self.default(q).unwrap_or_default(),
                (None, typed) => typed.to_string(),
            };
            let multi = matches!(q.kind, FieldKind::MultiLine { .. });
            let step = match self.read_answer(multi, &offered)? {
                None => Step::Quit,
                Some(line) => self.handle(q, &line)?,
            };
            let list = questions(self.forms, &self.draft, selected);
            let here = list.iter().position(|q| q.key == key).unwrap_or(at);
            match step {
                Step::Quit => return Ok(()),
                Step::Again => at = here,
                Step::Next => {
                    history.push(key);
                    at = here + 1;
                }
                Step::Back => {
                    at = history
                        .pop()
                        .and_then(|k| list.iter().position(|q| q.key == k))
                        .unwrap_or(here);
                }
            }
        }
    }

    fn show(&mut self, q: &Question, n: usize, total: usize) -> io::Result<()> {
        let star = if q.required { " (required)" } else { "" };
        writeln!(self.out)?;
        writeln!(self.out, "[{} {n}/{total}] {}{star}", q.form, q.label)?;
        if !q.hint.is_empty() {
            writeln!(self.out, "hint: {}", q.hint)?;
        }
        if q.row_conflict {
            writeln!(
                self.out,
                "merge conflict on this row: !mine keeps this branch's side, !theirs the other's, Enter decides later"
            )?;
        } else if let Some(rows) = q.group {
            writeln!(
                self.out,
                "rows: {rows}; type + to add a row, Enter to go on"
            )?;
        } else if let Some(options) = q.kind.options() {
            let several = matches!(q.kind, FieldKind::MultiChoice { .. });
            let how = if several {
                "numbers or values, comma-separated"
            } else {
                "a number or a value"
            };
            writeln!(self.out, "choose ({how}):")?;
            for (n, o) in options.iter().enumerate() {
                writeln!(self.out, "  {}) {} ({})", n + 1, o.value(), o.label())?;
            }
        } else if let Some(allowed) = allowed(&q.kind) {
            writeln!(self.out, "allowed: {allowed}")?;
        }
        let current = if q.current.is_empty() {
            "(none)".to_string()
        } else {
            q.current.replace('\n', " / ")
        };
        if q.group.is_none() && !q.row_conflict {
            writeln!(self.out, "now: {current}")?;
        }
        if let Some(default) = self.default(q) {
            writeln!(self.out, "default: {default} (an empty line accepts it)")?;
        }
        let report = validate_form(self.forms, &self.draft, self.form(&q.form), today());
        for p in report.problems.iter().filter(|p| p.path == q.key) {
            writeln!(self.out, "problem: {}", p.message)?;
        }
        self.out.flush()
    }

    /// The default the question offers, if any.
    fn default(&self, q: &Question) -> Option<String> {
        let key = crate::domain::values::answer::Key::parse(&q.key).ok()?;
        crate::domain::rules::defaults::offered(self.forms, &self.draft, &key)
    }

    fn form(&self, id: &str) -> &FormDef {
        self.forms
            .form(id)
            .expect("questions come from known forms")
    }

    /// One answer (several lines when they end with `\`), or `None` at the end of input.
    /// On a terminal the first line starts from `offered` (the current answer or the
    /// default), and Enter on it unchanged is an empty line, as it keeps that answer.
    fn read_answer(&mut self, multi: bool, offered: &str) -> Result<Option<String>, FillError> {
        let mut answer = String::new();
        loop {
            let first = answer.is_empty();
            let Some(line) = self.read_line(first, if first { offered } else { "" })? else {
                return Ok((!answer.is_empty()).then_some(answer));
            };
            if answer.len() + line.len() > MAX_LINE_BYTES {
                return Err(FillError::LineTooLong);
            }
            match line.strip_suffix('\\') {
                Some(head) if multi => {
                    answer.push_str(head);
                    answer.push('\n');
                }
                _ => {
                    answer.push_str(&line);
                    return Ok(Some(answer));
                }
            }
        }
    }

    /// One line: after the prompt (`first`) or going on with a multi-line answer.
    fn read_line(&mut self, first: bool, offered: &str) -> Result<Option<String>, FillError> {
        match &mut self.input {
            Input::Lines(input) => {
                if first {
                    write!(self.out, "{PROMPT}")?;
                }
                self.out.flush()?;
                read_bounded_line(input)
            }
            Input::Editor(editor) => {
                self.out.flush()?;
                match editor.line(PROMPT, offered)? {
                    editor::Typed::Line(line) => Ok(Some(line)),
                    editor::Typed::End => Ok(None),
                    editor::Typed::Interrupted => {
                        writeln!(self.out, "^C")?;
                        Err(FillError::Interrupted)
                    }
                }
            }
        }
    }

    fn handle(&mut self, q: &Question, line: &str) -> Result<Step, FillError> {
        let trimmed = line.trim();
        let edit = match trimmed {
            "" => match self.default(q) {
                Some(default) => Edit::Value(default),
                None => return Ok(Step::Next),
            },
            "?" => {
                writeln!(self.out, "{HELP}")?;
                return Ok(Step::Again);
            }
            "-" => return Ok(Step::Back),
            "!quit" | "!q" => return Ok(Step::Quit),
            "!mine" | "!theirs" => return self.settle(q, trimmed == "!theirs"),
            _ if q.row_conflict => {
                writeln!(self.out, "type !mine or !theirs, or Enter to go on")?;
                return Ok(Step::Again);
            }
            "+" if q.group.is_some() => return self.add_row(q),
            "!clear" => Edit::Clear,
            _ if trimmed.starts_with("!na") => Edit::NotApplicable(after(trimmed, "!na")),
            _ if trimmed.starts_with("!later") => Edit::AskLater(after(trimmed, "!later")),
            _ if q.group.is_some() => {
                writeln!(self.out, "type + to add a row, or Enter to go on")?;
                return Ok(Step::Again);
            }
            _ => Edit::Value(numbered_choice(&q.kind, trimmed).unwrap_or_else(|| line.to_string())),
        };
        let now = Utc::now().trunc_subsecs(0);
        match edit::apply(self.forms, &mut self.draft, &q.key, edit, today(), now) {
            Err(e) => {
                writeln!(self.out, "refused: {e}")?;
                Ok(Step::Again)
            }
            Ok(applied) => {
                self.store.save(self.name, &self.draft)?;
                let shown = applied
                    .answer
                    .as_ref()
                    .map_or("cleared".into(), Answer::display);
                writeln!(self.out, "saved: {shown}")?;
                if let Some(w) = applied.warning {
                    writeln!(self.out, "warning: {w}")?;
                }
                Ok(Step::Next)
            }
        }
    }

    fn settle(&mut self, q: &Question, theirs: bool) -> Result<Step, FillError> {
        let side = if theirs { Side::Theirs } else { Side::Ours };
        let Some(settled) = edit::settle_conflict(&mut self.draft, &q.key, side) else {
            writeln!(self.out, "there is no conflict on this answer")?;
            return Ok(Step::Again);
        };
        edit::refresh_statuses(self.forms, &mut self.draft, today());
        self.store.save(self.name, &self.draft)?;
        writeln!(self.out, "saved: conflict settled: {settled}")?;
        // A row's question is gone once settled: what stands in its place comes next.
        Ok(if q.row_conflict {
            Step::Again
        } else {
            Step::Next
        })
    }

    fn add_row(&mut self, q: &Question) -> Result<Step, FillError> {
        let group = q.key.split_once('.').map_or("", |(_, g)| g).to_string();
        let now = Utc::now().trunc_subsecs(0);
        match edit::add_row(self.forms, &mut self.draft, &q.form, &group, today(), now) {
            Ok(n) => {
                self.store.save(self.name, &self.draft)?;
                writeln!(self.out, "saved: row {n} added")?;
                Ok(Step::Next)
            }
            Err(e) => {
                writeln!(self.out, "refused: {e}")?;
                Ok(Step::Again)
            }
        }
    }

    /// The open items left, and whether there are none.
    fn summary(&mut self, selected: &[&FormDef]) -> Result<bool, FillError> {
        writeln!(self.out)?;
        let mut complete = true;
        for form in selected {
            let report = validate_form(self.forms, &self.draft, form, today());
            let open = report.problems.iter().filter(|p| p.blocking).count();
            complete &= report.is_complete();
            writeln!(
                self.out,
                "{} ({}): {}/{} required answered, {}",
                form.title,
                form.id,
                report.required_answered,
                report.required_total,
                crate::text::count(open, "open item", "open items")
            )?;
        }
        writeln!(
            self.out,
            "saved in {}",
            self.store.path(self.name)?.display()
        )?;
        Ok(complete)
    }
}

/// The values picked by number in a choice field (`2`, or `1, 3` for several), or `None`
/// when `line` is not that: a value typed out, or a number that is itself one of the
/// values, is taken as typed.
fn numbered_choice(kind: &FieldKind, line: &str) -> Option<String> {
    let options = kind.options()?;
    let several = matches!(kind, FieldKind::MultiChoice { .. });
    let parts: Vec<&str> = line.split(',').map(str::trim).collect();
    if parts.len() > 1 && !several {
        return None;
    }
    let picked = parts
        .iter()
        .map(|part| {
            if options.iter().any(|o| o.value() == *part) {
                return None;
            }
            let n: usize = part.parse().ok()?;
            options
                .get(n.checked_sub(1)?)
                .map(|o| o.value().to_string())
        })
        .collect::<Option<Vec<String>>>()?;
    Some(picked.join(", "))
}

/// The text after a `!command`.
fn after(line: &str, command: &str) -> String {
    line[command.len()..].trim().to_string()
}

fn today() -> chrono::NaiveDate {
    Local::now().date_naive()
}
