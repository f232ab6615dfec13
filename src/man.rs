//! Manual pages from the command-line definitions: `clec-wizard(1)` and one
//! `clec-wizard-SUB(1)` per subcommand, each with the options clap knows and the sections
//! a manual has beyond them (EXIT STATUS, ENVIRONMENT, FILES, EXAMPLES, SEE ALSO).

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::CommandFactory;
use clap_mangen::Man;
use clap_mangen::roff::{Roff, roman};

use crate::cli::{Cli, EXIT_STATUS, FIELD_PATHS};

/// The variables clec-wizard reads, with what each does.
const ENVIRONMENT: &[(&str, &str)] = &[
    (
        "CLEC_WIZARD_SAVES",
        "The folder of drafts, when --saves is not given (an empty value counts as unset).",
    ),
    (
        "CLEC_WIZARD_EXPORTS",
        "Where exports go by default, before the configuration file's exports (default: exports/ inside the folder of drafts).",
    ),
    (
        "CLEC_WIZARD_DOCUMENTS",
        "The folder document answers are relative to, before the configuration file's documents (default: the folder of drafts).",
    ),
    (
        "CLEC_WIZARD_EDITOR",
        "The editor Ctrl-E opens on a long answer, before the configuration file's editor.",
    ),
    (
        "XDG_CONFIG_HOME",
        "The configuration file is $XDG_CONFIG_HOME/clec-wizard/config.toml when it is an absolute path, else ~/.config/clec-wizard/config.toml.",
    ),
    (
        "NO_COLOR",
        "When set and not empty, the wizard uses no colours.",
    ),
    (
        "VISUAL, EDITOR",
        "The editor Ctrl-E opens on a long answer (VISUAL first), when neither CLEC_WIZARD_EDITOR nor the configuration file names one; else vi.",
    ),
    (
        "CLEC_WIZARD_PDF_FONT",
        "A .ttf, .otf or .ttc font for the characters the PDF's own font lacks (CJK); none uses no fallback font.",
    ),
    (
        "COMPLETE",
        "Set by the completion scripts when they ask clec-wizard for completions; not for users.",
    ),
];

/// The files and folders clec-wizard reads and writes.
const FILES: &[(&str, &str)] = &[
    (
        "~/.config/clec-wizard/config.toml",
        "The configuration file (TOML; $XDG_CONFIG_HOME respected): saves, exports, documents, editor, and a [signer] table (name, title, email) offered as the default of the forms' signer fields. A flag beats an environment variable, which beats the file, which beats the default; `clec-wizard config` shows each setting and where it comes from. A missing file is fine; a broken one stops the commands that need it, naming FILE:LINE:COLUMN.",
    ),
    (
        "saves/NAME.ron",
        "A draft, in the folder of drafts: --saves, else CLEC_WIZARD_SAVES, else the configuration file's saves, else ./saves when it holds drafts, else ~/.local/share/clec-wizard/saves (`clec-wizard where` says which).",
    ),
    (
        "saves/NAME.ron.bak",
        "The draft as it was before its last save.",
    ),
    (
        "saves/exports/",
        "Where pdf, xlsx and eml exports and `export --all` go by default, unless CLEC_WIZARD_EXPORTS or the configuration file names another folder.",
    ),
    (
        "saves/documents/, saves/certificates/",
        "Supporting documents a draft names.",
    ),
];

/// Examples per page (the main page shows a few of every kind).
fn examples(sub: Option<&str>) -> &'static [(&'static str, &'static str)] {
    match sub {
        None => &[
            ("clec-wizard", "Open the wizard on the drafts in use."),
            ("clec-wizard new acme", "Create the draft acme."),
            (
                "clec-wizard set acme profile.legal_name 'Acme Fiber LLC'",
                "Answer one question.",
            ),
            ("clec-wizard validate acme", "Check every form of acme."),
            (
                "clec-wizard export acme --form agreement-request --format pdf",
                "Write a printable PDF into the exports folder.",
            ),
        ],
        Some("open") => &[(
            "clec-wizard open acme --form questionnaire",
            "Open acme at the questionnaire.",
        )],
        Some("new") => &[
            ("clec-wizard new acme", "Create the empty draft acme."),
            (
                "clec-wizard new try --example",
                "A copy of the example draft, with its documents, to try every command on.",
            ),
        ],
        Some("list") => &[("clec-wizard list --json", "The drafts as JSON.")],
        Some("forms") => &[("clec-wizard forms", "The forms, in journey order.")],
        Some("show") => &[(
            "clec-wizard show acme --form profile",
            "The profile's answers.",
        )],
        Some("set") => &[
            (
                "clec-wizard set acme profile.legal_name 'Acme Fiber LLC'",
                "Answer a question.",
            ),
            (
                "clec-wizard set acme questionnaire.contacts[+].email ops@acme.example",
                "Add a row with one answer.",
            ),
            (
                "clec-wizard set acme questionnaire.contacts[2] --clear",
                "Remove row 2.",
            ),
            (
                "clec-wizard set acme profile.ein --later 'ask Dana'",
                "Mark a question to ask later.",
            ),
        ],
        Some("validate") => &[(
            "clec-wizard validate acme --form profile || echo incomplete",
            "Exit 1 while the profile is incomplete.",
        )],
        Some("export") => &[
            (
                "clec-wizard export acme --form profile --format csv -o profile.csv",
                "One form as CSV.",
            ),
            (
                "clec-wizard export acme --all",
                "Every form, with one e-mail per recipient.",
            ),
        ],
        Some("import") => &[
            (
                "clec-wizard import acme network.xlsx --dry-run",
                "What the workbook would change, changing nothing.",
            ),
            (
                "clec-wizard import acme network.xlsx --form network",
                "Take back the network form's answers, all or nothing.",
            ),
        ],
        Some("report") => &[
            (
                "clec-wizard report acme",
                "Where the onboarding stands, as text.",
            ),
            (
                "clec-wizard report acme --format pdf",
                "The same on one or two printed pages, in the exports folder.",
            ),
        ],
        Some("deadlines") => &[(
            "clec-wizard deadlines acme --ics acme.ics",
            "The deadlines, and a calendar file.",
        )],
        Some("finalize") => &[(
            "clec-wizard finalize acme --form agreement-request",
            "Freeze a complete form.",
        )],
        Some("reopen") => &[(
            "clec-wizard reopen acme --form agreement-request",
            "Allow changes again.",
        )],
        Some("sent") => &[(
            "clec-wizard sent acme --form agreement-request --on 2026-01-31",
            "Record the day a form was sent.",
        )],
        Some("acknowledged") => &[(
            "clec-wizard acknowledged acme --form agreement-request --ref CDS-250131-0001",
            "Record CenturyLink's acknowledgement.",
        )],
        Some("check-forms") => &[
            (
                "clec-wizard check-forms my-forms/",
                "Lint a folder of form definitions.",
            ),
            (
                "clec-wizard check-forms --source S63",
                "The source behind a rule's tag.",
            ),
        ],
        Some("fill") => &[(
            "clec-wizard fill acme --form profile",
            "Answer the profile line by line.",
        )],
        Some("where") => &[("clec-wizard where --json", "The folders in use, as JSON.")],
        Some("config") => &[
            (
                "clec-wizard config",
                "Every setting, with the flag, variable, FILE:LINE or default it comes from.",
            ),
            (
                "$EDITOR \"$(clec-wizard config --path)\"",
                "Edit the configuration file.",
            ),
        ],
        Some("git-setup") => &[(
            "clec-wizard git-setup",
            "Merge drafts answer by answer in this repository.",
        )],
        Some("merge-driver") => &[(
            "git config merge.clec-wizard.driver 'clec-wizard merge-driver %O %A %B'",
            "What git-setup registers.",
        )],
        Some("completions") => &[(
            "clec-wizard completions bash > ~/.local/share/bash-completion/completions/clec-wizard",
            "Install bash completion.",
        )],
        Some("man") => &[(
            "clec-wizard man --out-dir /usr/share/man/man1",
            "Write every page, for packagers.",
        )],
        Some(_) => &[],
    }
}

/// Every page: (file name, roff text), the main page first.
pub fn pages() -> std::io::Result<Vec<(String, Vec<u8>)>> {
    let mut cmd = Cli::command().disable_help_subcommand(true);
    cmd.build();
    let subs: Vec<String> = cmd
        .get_subcommands()
        .filter(|s| !s.is_hide_set())
        .map(|s| s.get_name().to_string())
        .collect();
    let mut pages = vec![page(&cmd, None, &subs)?];
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        pages.push(page(sub, Some(sub.get_name()), &subs)?);
    }
    Ok(pages)
}

/// One page: `None` for clec-wizard(1), or a subcommand's name.
pub(crate) fn page_of(sub: Option<&str>) -> Result<Vec<u8>, String> {
    let pages = pages().map_err(|e| e.to_string())?;
    let file = match sub {
        None => "clec-wizard.1".to_string(),
        Some(sub) => format!("clec-wizard-{sub}.1"),
    };
    pages
        .into_iter()
        .find(|(name, _)| *name == file)
        .map(|(_, text)| text)
        .ok_or_else(|| {
            format!(
                "no manual page for {:?}; `clec-wizard --help` lists the subcommands",
                sub.unwrap_or_default()
            )
        })
}

/// Writes every page into `dir` (created if missing); returns the files written.
pub fn write_all(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir)?;
    let mut written = Vec::new();
    for (name, text) in pages()? {
        let path = dir.join(name);
        std::fs::write(&path, text)?;
        written.push(path);
    }
    Ok(written)
}

fn page(
    cmd: &clap::Command,
    sub: Option<&str>,
    subs: &[String],
) -> std::io::Result<(String, Vec<u8>)> {
    let man = Man::new(cmd.clone()).title(match sub {
        None => "CLEC-WIZARD".to_string(),
        Some(sub) => format!("CLEC-WIZARD-{}", sub.to_uppercase()),
    });
    let mut out = Vec::new();
    man.render_title(&mut out)?;
    man.render_name_section(&mut out)?;
    man.render_synopsis_section(&mut out)?;
    man.render_description_section(&mut out)?;
    man.render_options_section(&mut out)?;
    if sub.is_none() {
        man.render_subcommands_section(&mut out)?;
    }
    let mut roff = Roff::default();
    if sub.is_none() || sub == Some("set") {
        roff.control("SH", ["FIELD PATHS"]);
        paragraphs(&mut roff, FIELD_PATHS);
    }
    roff.control("SH", ["EXIT STATUS"]);
    let mut codes = EXIT_STATUS.lines().skip(1).peekable();
    while let Some(line) = codes.next() {
        let line = line.trim();
        let (code, text) = line.split_once("  ").unwrap_or((line, ""));
        let mut text = text.trim().to_string();
        while let Some(more) = codes.next_if(|l| l.starts_with("     ")) {
            text.push(' ');
            text.push_str(more.trim());
        }
        item(&mut roff, code, &text);
    }
    roff.control("SH", ["ENVIRONMENT"]);
    for (name, text) in ENVIRONMENT {
        item(&mut roff, name, text);
    }
    roff.control("SH", ["FILES"]);
    for (name, text) in FILES {
        item(&mut roff, name, text);
    }
    let examples = examples(sub);
    if !examples.is_empty() {
        roff.control("SH", ["EXAMPLES"]);
        for (line, text) in examples {
            roff.control("TP", []);
            roff.text([clap_mangen::roff::bold(*line)]);
            roff.text([roman(*text)]);
        }
    }
    roff.control("SH", ["SEE ALSO"]);
    let mut see: Vec<String> = match sub {
        None => subs.iter().map(|s| format!("clec-wizard-{s}(1)")).collect(),
        Some(_) => vec!["clec-wizard(1)".to_string()],
    };
    if sub == Some("git-setup") {
        see.push("clec-wizard-merge-driver(1)".into());
    }
    if sub == Some("merge-driver") {
        see.push("clec-wizard-git-setup(1)".into());
        see.push("gitattributes(5)".into());
    }
    roff.text([roman(see.join(", "))]);
    roff.to_writer(&mut out)?;
    let name = man.get_filename();
    out.flush()?;
    Ok((name, out))
}

fn item(roff: &mut Roff, name: &str, text: &str) {
    roff.control("TP", []);
    roff.text([clap_mangen::roff::bold(name)]);
    roff.text([roman(text)]);
}

/// Paragraphs separated by blank lines, each joined into one line.
fn paragraphs(roff: &mut Roff, text: &str) {
    for paragraph in text.split("\n\n") {
        roff.control("PP", []);
        roff.text([roman(
            paragraph.split_whitespace().collect::<Vec<_>>().join(" "),
        )]);
    }
}
