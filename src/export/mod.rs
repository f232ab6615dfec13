//! Exports of a form's answers: readable summaries (text, Markdown), machine formats (JSON,
//! CSV) and a ready-to-send e-mail (`.eml`). Every format reads the same
//! [`crate::domain::rules::view`], and every value passes through [`clean`], so no control
//! character or escape sequence from an answer reaches an export.

pub mod csv;
pub mod eml;
pub mod json;
pub mod letter;
pub mod pdf;
pub mod report;
pub mod summary;
pub mod write;
pub mod xlsx;

use std::borrow::Cow;

use chrono::{DateTime, Local};

use crate::domain::draft::Draft;
use crate::domain::form::catalog::FormSet;
use crate::domain::form::schema::{FieldKind, FormDef};
use crate::domain::rules::finalized;
use crate::domain::rules::validate::{FormReport, validate_form};
use crate::domain::rules::view::{Item, Shown};
use crate::domain::values::answer::Answer;

/// An export format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Markdown,
    Json,
    Csv,
    Eml,
    /// A spreadsheet: one sheet per form.
    Xlsx,
    /// A printable document.
    Pdf,
}

impl Format {
    /// Whether the export is text a terminal can show: the summaries, CSV and JSON. A
    /// PDF or a workbook is binary, and so is a message, which carries its attachments
    /// (base64 pages of them): those belong in files, never on a terminal.
    pub(crate) fn is_text(self) -> bool {
        matches!(
            self,
            Format::Text | Format::Markdown | Format::Json | Format::Csv
        )
    }

    /// File extension (and the name used in records).
    pub fn extension(self) -> &'static str {
        match self {
            Format::Text => "txt",
            Format::Markdown => "md",
            Format::Json => "json",
            Format::Csv => "csv",
            Format::Eml => "eml",
            Format::Xlsx => "xlsx",
            Format::Pdf => "pdf",
        }
    }
}

/// Everything an export of one form reads.
pub struct Source<'a> {
    pub forms: &'a FormSet,
    /// The draft as the form shows it: for a finalized form, as it was when finalized
    /// ([`finalized::frozen`]), so a later change never reaches what was signed.
    pub draft: Cow<'a, Draft>,
    /// The finalized revision exported from, if the form is finalized.
    pub revision: Option<u32>,
    /// The draft's name.
    pub name: &'a str,
    pub form: &'a FormDef,
    pub report: FormReport,
    /// When the export is made (shown in summaries and mail dates).
    pub at: DateTime<Local>,
    /// An export of an unfinished form: marked DRAFT, with its open items.
    pub draft_mode: bool,
    /// The folder document answers are relative to: the message attaches them. None:
    /// no documents attached.
    pub documents: Option<std::path::PathBuf>,
    /// The PDF once made (an export of every form attaches the same PDF it writes).
    pub pdf: std::cell::OnceCell<Vec<u8>>,
    /// The message attaches the form's answers as JSON too: when the user asks
    /// (`export --attach-json`, the wizard's export dialog) or the form's `submit_to`
    /// says so. A negotiator reads the printable copy; the JSON is in clec-wizard's keys.
    pub attach_json: bool,
}

impl<'a> Source<'a> {
    pub fn new(
        forms: &'a FormSet,
        draft: &'a Draft,
        name: &'a str,
        form: &'a FormDef,
        at: DateTime<Local>,
    ) -> Self {
        let revision = finalized::in_force(draft, &form.id).map(|c| c.revision);
        let draft = match finalized::frozen(forms, draft, &form.id) {
            Some(frozen) => Cow::Owned(frozen),
            None => Cow::Borrowed(draft),
        };
        let report = validate_form(forms, &draft, form, at.date_naive());
        Self {
            forms,
            draft,
            revision,
            name,
            form,
            report,
            at,
            draft_mode: false,
            documents: None,
            pdf: std::cell::OnceCell::new(),
            attach_json: form.submit_to.as_ref().is_some_and(|s| s.attach_json),
        }
    }

    /// Attaches the documents of `base` (None: none): their problems (missing, changed
    /// since recorded, outside the folder, too large) become open items of the form, so an
    /// export refuses them like any other.
    pub(crate) fn with_documents(mut self, base: Option<std::path::PathBuf>) -> Self {
        if let Some(dir) = &base {
            let found = crate::storage::documents::check(self.forms, &self.draft, self.form, dir);
            self.report
                .problems
                .extend(found.iter().map(|p| p.to_problem()));
        }
        self.documents = base;
        self
    }

    /// Attaches the JSON answers to the message when `asked` (the form's own setting
    /// stays on when it is set).
    pub(crate) fn with_json(mut self, asked: bool) -> Self {
        self.attach_json |= asked;
        self
    }

    /// Whether the form can go out as complete.
    pub fn is_complete(&self) -> bool {
        self.report.is_complete()
    }

    /// A profile answer as plain, clean text.
    pub fn profile(&self, field: &str) -> Option<String> {
        profile_text(&self.draft, field)
    }

    /// The company's legal name, or the draft name.
    pub fn company(&self) -> String {
        company_name(&self.draft, self.name)
    }

    /// Base of the file names: company, form and date, safe on every file system.
    pub(crate) fn file_stem(&self) -> String {
        file_stem(&self.draft, self.name, &self.form.id, self.at)
    }

    /// The export in one format.
    pub fn render(&self, format: Format) -> Vec<u8> {
        match format {
            Format::Text => summary::text(self).into_bytes(),
            Format::Markdown => summary::markdown(self).into_bytes(),
            Format::Json => self.answers_for_recipient(),
            Format::Csv => csv::answers(self).into_bytes(),
            Format::Eml => eml::message(&[self], eml::recipient(self).as_deref()),
            Format::Xlsx => xlsx::workbook(&[self]),
            Format::Pdf => self.pdf.get_or_init(|| pdf::document(self)).clone(),
        }
    }
}

impl Source<'_> {
    /// The JSON export, which is also the answers file a message attaches: without the
    /// user's own notes (ask-later notes, open problems, answers kept aside, the draft's
    /// name) unless the export is a draft.
    pub(crate) fn answers_for_recipient(&self) -> Vec<u8> {
        json::pretty(&json::export_json(self))
    }
}

/// Whether an item of the form's view stays out of this export because it is the user's
/// own, not the recipient's: an ask-later note (who to ask, for the user), clec-wizard's
/// notes and its progress of other forms. A draft export, made for the user, keeps them.
/// The one rule every format follows (text, Markdown, PDF, CSV, workbook, JSON, message).
pub(crate) fn is_users_own(src: &Source<'_>, item: &Item<'_>) -> bool {
    !src.draft_mode
        && (matches!(item.shown, Shown::Note)
            || matches!(item.place.field.kind, FieldKind::Progress { .. })
            || matches!(item.shown.answer(), Some(Answer::AskLater(_))))
}

/// An item's value as every export shows it: as the form shows it (choices by their
/// labels), but a document as the name of the file attached, never the path it has on
/// the user's disk.
pub(crate) fn exported_text(item: &Item<'_>) -> String {
    match (&item.place.field.kind, item.shown.answer()) {
        (FieldKind::Document, Some(Answer::Text(path))) => attached_name(path),
        _ => item.shown.text(&item.place.field.kind),
    }
}

/// The kind whose options and codes an item shows: for a reused fact, its source field's.
fn source_kind<'k>(forms: &'k FormSet, kind: &'k FieldKind) -> &'k FieldKind {
    match kind {
        FieldKind::Reuse { from } => from
            .split_once('.')
            .and_then(|(form, field)| forms.form(form)?.field(field))
            .map_or(kind, |f| &f.field.kind),
        kind => kind,
    }
}

/// An item's value as a document for the recipient prints it (a table cell, a field):
/// as [`exported_text`], but choices by their printed wording
/// ([`crate::domain::rules::view::printed`]).
pub(crate) fn printed_text(src: &Source<'_>, item: &Item<'_>) -> String {
    let kind = source_kind(src.forms, &item.place.field.kind);
    match (kind.options(), item.shown.answer()) {
        (Some(_), Some(answer @ (Answer::Text(_) | Answer::Many(_)))) => {
            crate::domain::rules::view::printed(answer, kind)
        }
        _ => exported_text(item),
    }
}

/// An item's value as a document for a reader shows it ([`printed_text`]), with each
/// state's name beside its code where the answer is states (`CO (Colorado), UT (Utah)`),
/// reused ones included: a reader need not know the postal codes.
pub(crate) fn document_text(src: &Source<'_>, item: &Item<'_>) -> String {
    let kind = source_kind(src.forms, &item.place.field.kind);
    let codes: Vec<&str> = match item.shown.answer() {
        Some(Answer::Text(code)) => vec![code.as_str()],
        Some(Answer::Many(codes)) => codes.iter().map(String::as_str).collect(),
        _ => Vec::new(),
    };
    let states = matches!(kind, FieldKind::State { .. } | FieldKind::States { .. });
    let named: Option<Vec<String>> = codes
        .iter()
        .map(|code| {
            crate::domain::values::states::find(code)
                .filter(|s| s.code == *code)
                .map(|s| format!("{} ({})", s.code, s.name))
        })
        .collect();
    match named {
        Some(named) if states && !named.is_empty() => named.join(", "),
        _ => printed_text(src, item),
    }
}

/// The name a document is attached under: the last part of its path (`/` or `\`
/// separated, so a path typed on Windows reads the same), cleaned.
pub(crate) fn attached_name(path: &str) -> String {
    let name = path
        .trim_end_matches(['/', '\\'])
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or_default();
    let name = clean_with(name, false);
    if name.is_empty() {
        "document".into()
    } else {
        name
    }
}

/// A profile answer of `draft` as plain, clean text.
fn profile_text(draft: &Draft, field: &str) -> Option<String> {
    match draft.answers.get(&format!("profile.{field}"))? {
        a @ (Answer::Text(_) | Answer::Many(_)) => Some(clean(&a.display())),
        _ => None,
    }
}

/// The company's legal name, or the draft's name while there is none.
pub(crate) fn company_name(draft: &Draft, name: &str) -> String {
    profile_text(draft, "legal_name").unwrap_or_else(|| name.to_string())
}

/// Base of an export's file names: company, form and date, safe on every file system.
/// A free function so a caller can name a file without validating the form first.
pub(crate) fn file_stem(draft: &Draft, name: &str, form_id: &str, at: DateTime<Local>) -> String {
    format!(
        "{}-{form_id}-{}",
        slug(&company_name(draft, name)),
        at.format("%Y-%m-%d")
    )
}

/// Text without control characters: line breaks and tabs are kept where `multi_line`,
/// turned into spaces otherwise; every other control character, and the bidirectional
/// overrides and isolates (which reorder what a reader sees), are dropped.
pub fn clean_with(text: &str, multi_line: bool) -> String {
    text.chars()
        .filter_map(|c| match c {
            _ if !crate::text::is_hidden_control(c) => Some(c),
            '\n' | '\t' if multi_line => Some(c),
            '\r' if multi_line => None,
            '\n' | '\t' | '\r' => Some(' '),
            _ => None,
        })
        .collect()
}

/// Answer text safe for any export (line breaks kept).
pub fn clean(text: &str) -> String {
    clean_with(text, true)
}

/// A file-name-safe version of a name: letters and digits (any script), single dashes.
pub(crate) fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    let out: String = out.trim_end_matches('-').chars().take(40).collect();
    let out = out.trim_end_matches('-');
    if out.is_empty() {
        "draft".into()
    } else {
        out.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_drops_escapes_and_keeps_lines() {
        assert_eq!(clean("a\u{1b}[2Jb\r\nc\td"), "a[2Jb\nc\td");
        assert_eq!(clean_with("a\r\nBcc: x", false), "a  Bcc: x");
        assert_eq!(clean("a\u{202e}b\u{9b}c\u{7f}"), "abc");
    }

    #[test]
    fn documents_are_named_by_their_file_alone() {
        assert_eq!(
            attached_name("/home/dana/Deals/MesaRidge-NTA-redlines.pdf"),
            "MesaRidge-NTA-redlines.pdf"
        );
        assert_eq!(attached_name("documents/neca.pdf"), "neca.pdf");
        assert_eq!(attached_name(r"C:\Users\dana\cert CO.pdf"), "cert CO.pdf");
        assert_eq!(attached_name("plain.pdf"), "plain.pdf");
        assert_eq!(attached_name("/"), "document");
    }

    #[test]
    fn slugs() {
        assert_eq!(
            slug("Prairie Lantern Communications, LLC"),
            "prairie-lantern-communications-llc"
        );
        assert_eq!(slug("../../etc/passwd"), "etc-passwd");
        assert_eq!(slug("Ñandú Télécom"), "ñandú-télécom");
        assert_eq!(slug("..."), "draft");
    }
}
