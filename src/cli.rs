//! Command-line definitions (clap). Every subcommand calls the same domain functions the
//! wizard uses.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

/// The exit codes, as `--help` and the manual pages show them.
macro_rules! exit_status {
    () => {
        "\
Exit codes:
  0  success (for validate: the draft or form is complete)
  1  problems found: incomplete or invalid answers, a refused value, form lint problems,
     or an export refused because the form is incomplete
  2  error: bad usage, a missing or unreadable draft, a bad draft name, a file error, or a
     binary export (pdf, xlsx, eml) asked onto a terminal with -o -
  130  fill stopped with Ctrl-C (as for a process ended by SIGINT; the answers given are saved)
  141  standard output was closed by its reader (as for a process ended by SIGPIPE)"
    };
}

/// How answers are named, as `--help` and the manual pages show it.
macro_rules! field_paths {
    () => {
        "\
Field paths: form.field (profile.legal_name); rows of a repeatable group as
form.group[N].field counting from 1 (questionnaire.contacts[2].email); form.group[+].field
adds a row; `set NAME form.group[N] --clear` removes row N."
    };
}

/// The exit codes (the manual's EXIT STATUS).
pub(crate) const EXIT_STATUS: &str = exit_status!();
/// Field paths (the manual's FIELD PATHS).
pub(crate) const FIELD_PATHS: &str = field_paths!();
const EXIT_CODES: &str = concat!(exit_status!(), "\n\n", field_paths!());

/// clec-wizard: CenturyLink/Lumen facility-based CLEC onboarding forms, offline.
#[derive(Debug, Parser)]
#[command(name = "clec-wizard", version, about, after_long_help = EXIT_CODES, after_help = EXIT_CODES)]
pub struct Cli {
    /// Folder of drafts [default: $CLEC_WIZARD_SAVES, else the configuration file's `saves`,
    /// else ./saves when it holds drafts, else the user's data folder; `clec-wizard where`
    /// says which one is in use and why].
    #[arg(long, global = true, value_name = "DIR", value_hint = clap::ValueHint::DirPath)]
    pub saves: Option<PathBuf>,

    /// Load form definitions from this folder instead of the built-in ones.
    #[arg(long, global = true, value_name = "DIR", value_hint = clap::ValueHint::DirPath)]
    pub forms: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Open a draft in the full-screen wizard (created if missing).
    Open {
        /// The draft's name (its file is NAME.ron in the folder of drafts).
        #[arg(add = crate::complete::drafts())]
        name: String,
        /// Start at this form's first field.
        #[arg(long, value_name = "ID", add = crate::complete::form_ids())]
        form: Option<String>,
    },
    /// Create an empty draft (one onboarding case, one company).
    New {
        /// The new draft's name: letters, digits, '-', '_' and '.', 1 to 64 characters.
        name: String,
        /// A copy of the example draft (a complete onboarding of a fictional carrier, with
        /// its document files), to try every command on.
        #[arg(long)]
        example: bool,
    },
    /// List drafts with company, last change and completion per form.
    List {
        /// Print JSON (schema in the user guide, docs/guide.md).
        #[arg(long, conflicts_with = "tsv")]
        json: bool,
        /// Print tab-separated values with a header line: one draft per line.
        #[arg(long)]
        tsv: bool,
    },
    /// List the forms: id, step, version, title, number of fields.
    Forms {
        /// Print JSON (schema in the user guide, docs/guide.md).
        #[arg(long)]
        json: bool,
    },
    /// Show a draft's answers as readable text.
    Show {
        /// The draft's name.
        #[arg(add = crate::complete::drafts())]
        name: String,
        /// Only this form.
        #[arg(long, value_name = "ID", add = crate::complete::form_ids())]
        form: Option<String>,
        /// Print JSON: the answers keyed by path (schema in the user guide, docs/guide.md).
        #[arg(long)]
        json: bool,
    },
    /// Set one answer; a value the field cannot take is refused with the wizard's message.
    #[command(
        group(clap::ArgGroup::new("what").required(true).args(["value", "na", "later", "clear", "ours", "theirs"])),
        override_usage = "clec-wizard set <NAME> <FIELD> <VALUE | --na REASON | --later NOTE | --clear | --ours | --theirs>"
    )]
    Set {
        /// The draft's name.
        #[arg(add = crate::complete::drafts())]
        name: String,
        /// form.field, or form.group[N].field for row N of a repeatable group (counting
        /// from 1); form.group[+].field adds a row.
        #[arg(add = crate::complete::field_paths())]
        field: String,
        /// The answer; several choices or states comma-separated; yes/no as yes or no.
        #[arg(add = crate::complete::field_values())]
        value: Option<String>,
        /// Mark the field not applicable, with a reason.
        #[arg(long, value_name = "REASON")]
        na: Option<String>,
        /// Mark the field "ask later", with a note saying who to ask.
        #[arg(long, value_name = "NOTE")]
        later: Option<String>,
        /// Remove the answer (or, for form.group[N], the row).
        #[arg(long)]
        clear: bool,
        /// Settle a merge conflict on this answer (or row, form.group[N]) with this
        /// branch's side.
        #[arg(long)]
        ours: bool,
        /// Settle a merge conflict on this answer (or row) with the other branch's side.
        #[arg(long)]
        theirs: bool,
    },
    /// Check a draft (or one form): exit 0 complete, 1 incomplete or invalid, 2 error.
    Validate {
        /// The draft's name.
        #[arg(add = crate::complete::drafts())]
        name: String,
        /// Only this form.
        #[arg(long, value_name = "ID", add = crate::complete::form_ids())]
        form: Option<String>,
        /// Print JSON: per form, the counts and open items (schema in the user guide, docs/guide.md).
        #[arg(long)]
        json: bool,
    },
    /// Export one form of a draft (or every form with --all).
    Export {
        /// The draft's name.
        #[arg(add = crate::complete::drafts())]
        name: String,
        /// The form to export.
        #[arg(
            long,
            value_name = "ID",
            add = crate::complete::form_ids(),
            required_unless_present = "all",
            conflicts_with = "all"
        )]
        form: Option<String>,
        /// The file format.
        #[arg(long, value_enum, default_value_t = Format::Json)]
        format: Format,
        /// Write to this file (with --all: this folder); `-` is standard output. Without
        /// it, text, md, csv and json print, and pdf, xlsx and eml are written into the
        /// exports folder (`clec-wizard where` names it).
        #[arg(short, long, value_name = "PATH", value_hint = clap::ValueHint::AnyPath)]
        output: Option<PathBuf>,
        /// Every form into one folder (default exports/NAME-DATE/), with one .eml per recipient.
        #[arg(long)]
        all: bool,
        /// Export even if the form is incomplete or invalid (marked DRAFT, with its open items).
        #[arg(long)]
        draft: bool,
        /// Attach each form's answers as a JSON file to its e-mail too (by default an
        /// e-mail carries the printable copy and the supporting documents only).
        #[arg(long)]
        attach_json: bool,
        /// Overwrite existing files.
        #[arg(long)]
        force: bool,
    },
    /// Where the onboarding stands, on one page for a manager or an auditor: the steps,
    /// each state's certification, agreement and negotiation, readiness, what was sent,
    /// the next deadlines and the open items.
    Report {
        /// The draft's name.
        name: String,
        /// The format.
        #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
        format: ReportFormat,
        /// Write to this file; `-` is standard output. Without it, text and md print, and
        /// pdf and html are written into the exports folder (`clec-wizard where` names it).
        #[arg(short, long, value_name = "PATH")]
        output: Option<PathBuf>,
        /// Overwrite the file if it exists.
        #[arg(long)]
        force: bool,
    },
    /// Take back answers from a file `export` wrote (xlsx, csv or json), edited in a
    /// spreadsheet: every value checked as `set` checks it, all or nothing.
    Import {
        /// The draft's name.
        name: String,
        /// The file: .xlsx (a workbook of one or several forms), .csv or .json.
        file: PathBuf,
        /// Only the answers of this form.
        #[arg(long, value_name = "ID")]
        form: Option<String>,
        /// Print what would change and change nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Every dated obligation of a draft, by date: days left, weekend and holiday notes;
    /// --ics writes them as a calendar.
    Deadlines {
        /// The draft's name.
        #[arg(add = crate::complete::drafts())]
        name: String,
        /// Print JSON: date, title, kind, form, path, days_left, weekday, note (schema in
        /// the user guide, docs/guide.md).
        #[arg(long)]
        json: bool,
        /// Write an iCalendar file (.ics) too: one all-day event per deadline, with
        /// reminders; importing a later one updates the events. `--ics -` prints the
        /// calendar on standard output instead of the list.
        #[arg(long, value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
        ics: Option<PathBuf>,
        /// Overwrite the .ics file if it exists.
        #[arg(long, requires = "ics")]
        force: bool,
    },
    /// Finalize a complete form: it is frozen (read-only, exported from a copy of what it
    /// shows, profile facts included) until reopened; finalizing again makes a new revision.
    Finalize {
        /// Draft name
        #[arg(add = crate::complete::drafts())]
        name: String,
        /// The form (its id, e.g. agreement-request)
        #[arg(long, value_name = "ID", add = crate::complete::form_ids())]
        form: String,
    },
    /// Reopen a finalized form so its answers can change again
    Reopen {
        /// Draft name
        #[arg(add = crate::complete::drafts())]
        name: String,
        /// The form (its id, e.g. agreement-request)
        #[arg(long, value_name = "ID", add = crate::complete::form_ids())]
        form: String,
    },
    /// Record that a form was sent (today unless --on)
    Sent {
        /// Draft name
        #[arg(add = crate::complete::drafts())]
        name: String,
        /// The form (its id, e.g. agreement-request)
        #[arg(long, value_name = "ID", add = crate::complete::form_ids())]
        form: String,
        /// The day (YYYY-MM-DD; today when not given)
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = crate::domain::change::edit::sent_log_day)]
        on: Option<chrono::NaiveDate>,
    },
    /// Record CenturyLink's acknowledgement of a form (today unless --on), with its
    /// reference or tracking number
    Acknowledged {
        /// Draft name
        #[arg(add = crate::complete::drafts())]
        name: String,
        /// The form (its id, e.g. agreement-request)
        #[arg(long, value_name = "ID", add = crate::complete::form_ids())]
        form: String,
        /// The day (YYYY-MM-DD; today when not given)
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = crate::domain::change::edit::sent_log_day)]
        on: Option<chrono::NaiveDate>,
        /// CenturyLink's reference or tracking number (e.g. CDS-250131-0001)
        #[arg(long = "ref", value_name = "TEXT")]
        reference: Option<String>,
    },
    /// Lint form definitions (the built-in ones, or a folder); when they are clean, list
    /// each form's sources. With --source, print one source tag's entry instead.
    CheckForms {
        /// A folder of form definitions (default: the built-in forms, or --forms).
        #[arg(value_hint = clap::ValueHint::DirPath)]
        dir: Option<PathBuf>,
        /// Print the source behind a tag (S63, S22b, I): title, publisher, URL, date consulted
        #[arg(long, value_name = "TAG", conflicts_with = "dir")]
        source: Option<String>,
    },
    /// Answer a draft's questions one at a time on plain lines (screen readers, dumb
    /// terminals, slow links, scripts).
    ///
    /// Each answer is saved as it is given; `?` lists the commands (`-` back, `!na REASON`,
    /// `!later NOTE`, `!clear`, `!quit`). On a terminal (TERM set and not dumb) the line
    /// can be edited as in bash: arrows, Home/End, Ctrl-W, Ctrl-U; Up recalls the lines
    /// typed earlier in this session (kept in memory only, never written to disk); the
    /// current answer is offered ready to edit, and Enter on it unchanged keeps it. Ctrl-D
    /// on an empty line stops with the summary; Ctrl-C stops at once (exit 130). Through
    /// a pipe, or with TERM=dumb, plain lines are read and no escape sequence is written.
    Fill {
        /// The draft's name (created if missing).
        #[arg(add = crate::complete::drafts())]
        name: String,
        /// Only this form (default: every form, in journey order).
        #[arg(long, value_name = "ID", add = crate::complete::form_ids())]
        form: Option<String>,
    },
    /// Say which folder of drafts is in use, and why.
    Where {
        /// Print JSON: {"schema", "saves", "origin", "reason", "exports"}.
        #[arg(long)]
        json: bool,
    },
    /// Show the settings in effect (folders of drafts, exports and documents, the editor,
    /// the signer), each with where it comes from: a flag, an environment variable, the
    /// configuration file (FILE:LINE) or the default; and the configuration file's path.
    Config {
        /// Print only the configuration file's path (whether it exists or not).
        #[arg(long, conflicts_with = "json")]
        path: bool,
        /// Print JSON: {"schema", "file", "found", "error", "settings": {KEY: {"value",
        /// "source", "from"}}} (schema in the user guide, docs/guide.md).
        #[arg(long)]
        json: bool,
    },
    /// Set up a git repository to merge drafts answer by answer (.gitattributes and the
    /// repository's git config).
    GitSetup {
        /// The repository (default: the current directory's).
        #[arg(value_name = "REPO", value_hint = clap::ValueHint::DirPath)]
        repo: Option<PathBuf>,
    },
    /// Git merge driver for drafts (git runs it as `clec-wizard merge-driver %O %A %B`).
    MergeDriver {
        /// The common ancestor's version of the draft (%O).
        base: PathBuf,
        /// Our version (%A); the merged draft is written here.
        ours: PathBuf,
        /// Their version (%B).
        theirs: PathBuf,
    },
    /// Print a shell completion script (see the README for where to put it).
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print a manual page (roff): clec-wizard(1), or clec-wizard-SUB(1) for a
    /// subcommand; with --out-dir, write every page into a folder (for packagers).
    Man {
        /// The subcommand whose page to print (default: the main page).
        #[arg(value_name = "SUB", conflicts_with = "out_dir")]
        sub: Option<String>,
        /// Write every page (clec-wizard.1, clec-wizard-SUB.1) into this folder.
        #[arg(long, value_name = "DIR", value_hint = clap::ValueHint::DirPath)]
        out_dir: Option<std::path::PathBuf>,
    },
}

impl Cli {
    /// Parses the command line; `--help` says which folder of drafts is in use and why.
    /// That note reads the configuration file and looks into `./saves`, so it is made only
    /// when the help is shown, not on every start.
    pub fn parse_here() -> Self {
        use clap::error::ErrorKind;
        use clap::{CommandFactory, FromArgMatches};
        let matches = match Self::command().try_get_matches() {
            Ok(matches) => matches,
            Err(e)
                if matches!(
                    e.kind(),
                    ErrorKind::DisplayHelp | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
                ) =>
            {
                let note = help_note();
                Self::command()
                    .after_help(note.clone())
                    .after_long_help(note)
                    .get_matches()
            }
            Err(e) => e.exit(),
        };
        Self::from_arg_matches(&matches).unwrap_or_else(|e| e.exit())
    }
}

/// The end of `--help`: the exit codes, which folder of drafts is in use and why, and
/// which configuration file is read.
fn help_note() -> String {
    let settings = crate::storage::config::Settings::here(None);
    let drafts = match settings.saves() {
        Ok(place) => format!(
            "Drafts: {} ({}; --saves DIR, CLEC_WIZARD_SAVES or the configuration file \
             changes it).",
            crate::text::visible(&place.value.dir.display().to_string()),
            place.value.origin.reason()
        ),
        Err(_) => "Drafts: not known: the configuration file has a problem \
                   (`clec-wizard config` shows it)."
            .to_string(),
    };
    let file = match &settings.path {
        Some(path) => format!(
            "Configuration file: {} (`clec-wizard config` shows every setting).",
            crate::text::visible(&path.display().to_string())
        ),
        None => "Configuration file: none (no configuration folder is known).".to_string(),
    };
    format!("{EXIT_CODES}\n\n{drafts}\n{file}")
}

/// Export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Print-friendly plain text summary.
    Text,
    /// Markdown summary.
    Md,
    /// JSON: form, form_version, draft, complete, answers, problems.
    Json,
    /// One row per answer: section, row, path, label, value.
    Csv,
    /// An e-mail ready to send (X-Unsent): a cover letter, the printable PDF and the JSON
    /// answers attached.
    Eml,
    /// A printable document: numbered sections, tables, page numbers, a signature block
    /// where the form is signed.
    Pdf,
    /// A spreadsheet (one sheet per form); identifiers stay text, dates are dates.
    Xlsx,
}

/// Report formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// Plain text, 78 columns.
    Text,
    /// Markdown.
    Md,
    /// A printable, tagged PDF (the forms' writer).
    Pdf,
    /// One self-contained HTML file (inline style) that prints well.
    Html,
}

impl From<Format> for crate::export::Format {
    fn from(f: Format) -> Self {
        match f {
            Format::Text => Self::Text,
            Format::Md => Self::Markdown,
            Format::Json => Self::Json,
            Format::Csv => Self::Csv,
            Format::Eml => Self::Eml,
            Format::Xlsx => Self::Xlsx,
            Format::Pdf => Self::Pdf,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    /// `--help` and the man page describe each subcommand with its own doc comment: a
    /// comment left above the wrong variant gives one command another's description.
    #[test]
    fn every_subcommand_has_its_own_description() {
        let cli = Cli::command();
        let mut seen: Vec<(String, String)> = Vec::new();
        for sub in cli.get_subcommands() {
            let name = sub.get_name().to_string();
            let about = sub.get_about().map(|a| a.to_string()).unwrap_or_default();
            assert!(!about.is_empty(), "{name} has no description");
            if let Some((other, _)) = seen.iter().find(|(_, a)| *a == about) {
                panic!("{name} and {other} share one description: {about}");
            }
            seen.push((name, about));
        }
        let about = |name: &str| {
            seen.iter()
                .find(|(n, _)| n == name)
                .map(|(_, a)| a.clone())
                .unwrap_or_default()
        };
        assert!(about("check-forms").starts_with("Lint form definitions"));
        assert!(about("finalize").starts_with("Finalize a complete form"));
        assert!(!about("finalize").contains("Lint"), "{}", about("finalize"));
    }
}
