//! Command-line definitions (clap). Every subcommand calls the same domain functions the
//! wizard uses.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

const EXIT_CODES: &str = "\
Exit codes:
  0  success (for validate: the draft or form is complete)
  1  problems found: incomplete or invalid answers, a refused value, form lint problems,
     or an export refused because the form is incomplete
  2  error: bad usage, a missing or unreadable draft, a bad draft name, or a file error
  141  standard output was closed by its reader (as for a process ended by SIGPIPE)

Field paths: form.field (profile.legal_name); rows of a repeatable group as
form.group[N].field counting from 1 (questionnaire.contacts[2].email); form.group[+].field
adds a row; `set NAME form.group[N] --clear` removes row N.";

/// clec-wizard: CenturyLink/Lumen facility-based CLEC onboarding forms, offline.
#[derive(Debug, Parser)]
#[command(name = "clec-wizard", version, about, after_long_help = EXIT_CODES, after_help = EXIT_CODES)]
pub struct Cli {
    /// Folder of drafts.
    #[arg(
        long,
        global = true,
        env = "CLEC_WIZARD_SAVES",
        default_value = "saves",
        value_name = "DIR"
    )]
    pub saves: PathBuf,

    /// Load form definitions from this folder instead of the built-in ones.
    #[arg(long, global = true, value_name = "DIR")]
    pub forms: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Open a draft in the full-screen wizard (created if missing).
    Open {
        name: String,
        /// Start at this form's first field.
        #[arg(long, value_name = "ID")]
        form: Option<String>,
    },
    /// Create an empty draft (one onboarding case, one company).
    New { name: String },
    /// List drafts with company, last change and completion per form.
    List,
    /// List the forms: id, step, version, title, number of fields.
    Forms,
    /// Show a draft's answers as readable text.
    Show {
        name: String,
        /// Only this form.
        #[arg(long, value_name = "ID")]
        form: Option<String>,
    },
    /// Set one answer; a value the field cannot take is refused with the wizard's message.
    #[command(group(clap::ArgGroup::new("what").required(true).args(["value", "na", "later", "clear"])))]
    Set {
        name: String,
        /// form.field or form.group[N].field (see below).
        field: String,
        /// The answer; several choices or states comma-separated; yes/no as yes or no.
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
    },
    /// Check a draft (or one form): exit 0 complete, 1 incomplete or invalid, 2 error.
    Validate {
        name: String,
        #[arg(long, value_name = "ID")]
        form: Option<String>,
    },
    /// Export one form of a draft (or every form with --all).
    Export {
        name: String,
        /// The form to export.
        #[arg(
            long,
            value_name = "ID",
            required_unless_present = "all",
            conflicts_with = "all"
        )]
        form: Option<String>,
        #[arg(long, value_enum, default_value_t = Format::Json)]
        format: Format,
        /// Write to this file (with --all: this folder) instead of standard output.
        #[arg(short, long, value_name = "PATH")]
        output: Option<PathBuf>,
        /// Every form into one folder (default exports/NAME-DATE/), with one .eml per recipient.
        #[arg(long)]
        all: bool,
        /// Export even if the form is incomplete or invalid (marked DRAFT, with its open items).
        #[arg(long)]
        draft: bool,
        /// Overwrite existing files.
        #[arg(long)]
        force: bool,
    },
    /// Lint form definitions (the built-in ones, or a folder).
    CheckForms { dir: Option<PathBuf> },
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
    /// An e-mail ready to send (X-Unsent), with the summary, CSV and JSON attached.
    Eml,
}

impl From<Format> for crate::export::Format {
    fn from(f: Format) -> Self {
        match f {
            Format::Text => Self::Text,
            Format::Md => Self::Markdown,
            Format::Json => Self::Json,
            Format::Csv => Self::Csv,
            Format::Eml => Self::Eml,
        }
    }
}
