//! Form definitions as data: what `forms/*.ron` files contain.
//!
//! Enums are plain, externally tagged RON (`kind: Text(max_len: 120)`, `kind: YesNo`), and
//! the loader enables `implicit_some`, so optional values are written without `Some(...)`.

use std::collections::HashMap;
use std::fmt;
use std::sync::OnceLock;

use chrono::NaiveDate;
use regex_lite::{Regex, RegexBuilder};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::domain::form::condition::Condition;
use crate::domain::values::ids::ClliLength;
use crate::domain::values::states::Region;

/// One form: a document of the onboarding journey, made of sections (pages).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FormDef {
    /// Stable identifier, e.g. `agreement-request`.
    pub id: String,
    pub title: String,
    /// Bumped whenever fields change, so drafts know which version they answered.
    pub version: u32,
    /// Onboarding step (1-7) this form belongs to.
    pub step: u8,
    #[serde(default)]
    pub description: String,
    /// The recipient's own document this form renders, as its reader names it
    /// (`CenturyLink's Agreement Request Form`): the line under the title of every copy
    /// says the copy is the applicant's rendering of it, and that it governs where they
    /// differ. None for the applicant's own records.
    #[serde(default)]
    pub original: Option<String>,
    /// What the form is based on: tags of the domain notes' source list (`S1`, `S22b`),
    /// `I` for clec-wizard's own inference or proposal.
    #[serde(default)]
    pub sources: Vec<String>,
    /// Which parts are clec-wizard's proposal rather than a published document's.
    #[serde(default)]
    pub proposal: String,
    /// Where a completed form is e-mailed.
    #[serde(default)]
    pub submit_to: Option<SubmitTo>,
    /// A signed document: its printable copy ends with a signature block.
    #[serde(default)]
    pub signature: Option<Signature>,
    /// The form's own date field that records the day it went out (the network form's
    /// "Forecast sent on"): answered on a finalized form, it counts as the form's sending
    /// for the answers frozen once sent, as the sent log does.
    #[serde(default)]
    pub sent_on: Option<String>,
    pub sections: Vec<Section>,
    /// Dates that come back every year (the 499-A on 1 April...), listed by the timeline
    /// for the next twelve months.
    #[serde(default)]
    pub recurring: Vec<Recurring>,
    /// Where each top-level field is, built on the first lookup (not part of the file).
    #[serde(skip)]
    index: FieldIndex,
}

/// Positions (section, field) of a form's top-level fields by id, and of the first field
/// reusing each path, so that looking a field up does not walk the whole form. Only a
/// hint: every hit is checked against the form, and a miss falls back to the walk.
#[derive(Default)]
struct FieldIndex(OnceLock<Positions>);

#[derive(Default)]
struct Positions {
    by_id: HashMap<String, (usize, usize)>,
    by_reused: HashMap<String, (usize, usize)>,
}

impl FieldIndex {
    fn get(&self, sections: &[Section]) -> &Positions {
        self.0.get_or_init(|| {
            let mut positions = Positions::default();
            for (s, section) in sections.iter().enumerate() {
                for (f, field) in section.fields.iter().enumerate() {
                    // The first of duplicate ids wins, as in a walk.
                    positions.by_id.entry(field.id.clone()).or_insert((s, f));
                    if let FieldKind::Reuse { from } = &field.kind {
                        positions.by_reused.entry(from.clone()).or_insert((s, f));
                    }
                }
            }
            positions
        })
    }
}

/// Copies rebuild their own index when first asked.
impl Clone for FieldIndex {
    fn clone(&self) -> Self {
        Self::default()
    }
}

/// Derived data: never makes two forms different.
impl PartialEq for FieldIndex {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl fmt::Debug for FieldIndex {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("FieldIndex")
    }
}

/// Recipient and subject of the e-mail that carries a completed form.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SubmitTo {
    /// Recipient address, e.g. `intagree@lumen.com`, or one `{path}` placeholder naming
    /// the answer that holds it (`{questionnaire.account_team_email}`): the CenturyLink
    /// contact a company is given is an answer, not part of the form.
    pub to: String,
    /// Subject template; `{path}` placeholders are replaced by answers.
    pub subject: String,
    /// The message attaches the form's answers as a JSON file too (machine-readable, in
    /// clec-wizard's own keys): for a recipient who asked for it. Off by default, where
    /// `export --attach-json` asks for it per export.
    #[serde(default)]
    pub attach_json: bool,
    /// What the cover letter says is requested, after the company's name ("requests ..."):
    /// a template whose `{path}` placeholders read as the form shows them (choices by
    /// their labels; a group as its rows, each its row label and its choices).
    #[serde(default)]
    pub request: Option<String>,
    /// Whom the cover letter greets: a title (`Manager – Interconnection Agreements`), or
    /// `{path}`s of the names that go with `to`'s addresses, in the same order (`{a} or
    /// {b}`: the name beside the address the message goes to). While that name is not
    /// answered, the letter greets the role the address's label names. None: "CenturyLink
    /// team".
    #[serde(default)]
    pub dear: Option<String>,
}

/// The signature block of a signed document: the statement signed, and the answers
/// that print the signer's name, title and the date (a line to fill in by hand when
/// absent or unanswered).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Signature {
    #[serde(default)]
    pub statement: String,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub date: Option<String>,
}

/// A page of a form.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Section {
    pub id: String,
    pub title: String,
    /// The title printed for the recipient, where the wizard's title is the tool's
    /// (see [`Field::print`]).
    #[serde(default)]
    pub print: Option<String>,
    #[serde(default)]
    pub intro: String,
    /// The whole page is skipped unless this holds.
    #[serde(default)]
    pub visible_if: Option<Condition>,
    pub fields: Vec<Field>,
}

/// One question (or a read-only note, or a repeatable group of questions).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Field {
    /// Unique among the form's top-level fields, and among a group's fields.
    pub id: String,
    pub label: String,
    /// The wording printed for the recipient, a statement ("Signature method") where the
    /// label is the wizard's question to the user ("How will you sign the agreement?"):
    /// every document that goes out reads it through [`Field::printed`].
    #[serde(default)]
    pub print: Option<String>,
    #[serde(default)]
    pub hint: String,
    pub kind: FieldKind,
    #[serde(default)]
    pub required: bool,
    /// The field is shown (and can be required) only when this holds.
    #[serde(default)]
    pub visible_if: Option<Condition>,
    /// The field becomes required when this holds.
    #[serde(default)]
    pub required_if: Option<Condition>,
    /// Extra checks; a failed `Warning` rule is shown but does not block.
    #[serde(default)]
    pub rules: Vec<Rule>,
    /// This date (typed or computed) is a deadline: the timeline lists it.
    #[serde(default)]
    pub deadline: Option<DeadlineMark>,
    /// What the field offers before it is answered: another answer (`Answer("profile.ocn")`)
    /// or a constant (`Value("no")`). It is shown as a default, and stored only when the
    /// user accepts it (or types another answer).
    #[serde(default)]
    pub default: Option<FieldDefault>,
    /// Ids of top-level fields of this form that this field used to be: a draft answered
    /// under an older version has those answers moved here (into row 1 for a field of a
    /// group) when it is opened.
    #[serde(default)]
    pub was: Vec<String>,
}

/// Where a field's default comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum FieldDefault {
    /// The answer at this path (same row, same form or another form's).
    Answer(String),
    /// The answer at this path, offered in a group's first row only: the first contact
    /// of a list starts as the profile's primary contact, the others start empty.
    FirstRow(String),
    /// This value, as it would be typed.
    Value(String),
    /// The day this form (by id) was marked sent, from its sent log (a date field).
    Sent(String),
    /// The day CenturyLink acknowledged this form (by id), from its sent log (a date
    /// field): the negotiation's Day 0 is the Agreement Request Form's acknowledgement.
    Acknowledged(String),
    /// The signer the user's configuration file names (`[signer]`): their name, title or
    /// e-mail, offered on the forms' signer fields; nothing when the file names none.
    Signer(crate::domain::values::signer::SignerPart),
}

/// What makes a date field a deadline: how the calendar names it, what kind of obligation
/// it is, when to be reminded, and when it no longer matters.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeadlineMark {
    pub title: String,
    pub kind: DeadlineKind,
    /// Days before the date to be reminded (e.g. `[14, 1]`).
    #[serde(default)]
    pub remind: Vec<u32>,
    /// The deadline is met (or moot) when this holds.
    #[serde(default)]
    pub done_if: Option<Condition>,
}

/// What kind of obligation a deadline is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum DeadlineKind {
    /// Set by statute (47 U.S.C. §252): informational, it never moves.
    Statutory,
    /// A filing the company owes (FCC Form 499...).
    Filing,
    /// A date the company planned (joint planning meeting, turn-up).
    Plan,
    /// Something owed after a submission (documents, certificates).
    FollowUp,
}

impl DeadlineKind {
    /// The value used in JSON and calendar categories.
    pub fn id(self) -> &'static str {
        match self {
            DeadlineKind::Statutory => "statutory",
            DeadlineKind::Filing => "filing",
            DeadlineKind::Plan => "plan",
            DeadlineKind::FollowUp => "follow-up",
        }
    }
}

/// A date that comes back every year, tied to the field it is about.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Recurring {
    pub title: String,
    pub kind: DeadlineKind,
    /// Month and day of each date in the year, `MM-DD` (`04-01`).
    pub on: Vec<String>,
    /// The top-level field of this form the date is about (where the wizard jumps).
    pub field: String,
    #[serde(default)]
    pub remind: Vec<u32>,
    /// Listed only when this holds (at the field).
    #[serde(default)]
    pub when: Option<Condition>,
}

impl Recurring {
    /// Month and day of an `on` entry, if it is a real one (29 February included).
    pub(crate) fn month_day(text: &str) -> Option<(u32, u32)> {
        let (m, d) = text.split_once('-')?;
        if m.len() != 2 || d.len() != 2 {
            return None;
        }
        let (m, d): (u32, u32) = (m.parse().ok()?, d.parse().ok()?);
        NaiveDate::from_ymd_opt(2024, m, d).map(|_| (m, d))
    }
}

/// A check that must hold for the form to be valid (or, as a warning, that should hold).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    pub must: Condition,
    /// What users read when the rule fails; `{path}` shows an answer (see
    /// `Evaluator::fill_message`), so a cross-record message names both records.
    pub message: String,
    #[serde(default)]
    pub severity: Severity,
    /// Where the rule comes from: a tag of the domain notes' source list (`S9`), or `I`
    /// for clec-wizard's own inference.
    #[serde(default)]
    pub source: Option<String>,
}

/// Whether a source tag is one the domain notes use: `S` and a number (with an optional
/// letter, `S22b`), or `I` for an inference or proposal.
pub(crate) fn is_source_tag(tag: &str) -> bool {
    if tag == "I" {
        return true;
    }
    let Some(rest) = tag.strip_prefix('S') else {
        return false;
    };
    let digits = rest.trim_end_matches(|c: char| c.is_ascii_lowercase());
    !digits.is_empty()
        && digits.len() + 1 >= rest.len()
        && digits.chars().all(|c| c.is_ascii_digit())
}

/// Whether a failed rule blocks completion.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Severity {
    #[default]
    Error,
    Warning,
}

/// One option of a choice: the stored value, the label users read, and optionally the
/// wording printed for the recipient where the label addresses the user
/// (`("clec", "Your company or its vendor", "The applicant or its vendor")`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChoiceOption(pub String, pub String, pub Option<String>);

impl ChoiceOption {
    pub fn value(&self) -> &str {
        &self.0
    }

    pub fn label(&self) -> &str {
        &self.1
    }

    /// What a document for the recipient prints: the option's print wording, else its
    /// label.
    pub fn printed(&self) -> &str {
        self.2.as_deref().unwrap_or(&self.1)
    }
}

/// Written as a tuple of two strings, or three with the printed wording.
impl Serialize for ChoiceOption {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeTuple;
        // A binary format (the forms prepared at build time) has no lengths to tell two
        // elements from three: always three there.
        if !s.is_human_readable() {
            return (&self.0, &self.1, &self.2).serialize(s);
        }
        let mut t = s.serialize_tuple(if self.2.is_some() { 3 } else { 2 })?;
        t.serialize_element(&self.0)?;
        t.serialize_element(&self.1)?;
        if let Some(print) = &self.2 {
            t.serialize_element(print)?;
        }
        t.end()
    }
}

impl<'de> Deserialize<'de> for ChoiceOption {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        if !d.is_human_readable() {
            let (value, label, print) = <(String, String, Option<String>)>::deserialize(d)?;
            return Ok(ChoiceOption(value, label, print));
        }
        struct Visit;
        impl<'de> serde::de::Visitor<'de> for Visit {
            type Value = ChoiceOption;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str(
                    "an option (\"value\", \"label\") or (\"value\", \"label\", \"printed\")",
                )
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<ChoiceOption, A::Error> {
                use serde::de::Error;
                let value = seq
                    .next_element()?
                    .ok_or_else(|| A::Error::invalid_length(0, &self))?;
                let label = seq
                    .next_element()?
                    .ok_or_else(|| A::Error::invalid_length(1, &self))?;
                let print = seq.next_element()?;
                if seq.next_element::<serde::de::IgnoredAny>()?.is_some() {
                    return Err(A::Error::invalid_length(4, &self));
                }
                Ok(ChoiceOption(value, label, print))
            }
        }
        d.deserialize_tuple(3, Visit)
    }
}

/// A date computed from another date field: shown, never typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Offset {
    Days(i64),
    Months(u32),
}

/// What a field holds and how its answer is checked.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum FieldKind {
    /// One line of text.
    Text {
        #[serde(default)]
        min_len: Option<usize>,
        #[serde(default)]
        max_len: Option<usize>,
        #[serde(default)]
        pattern: Option<Pattern>,
        /// Message shown when `pattern` does not match.
        #[serde(default)]
        pattern_message: Option<String>,
    },
    /// Several lines of text.
    MultiLine {
        #[serde(default)]
        max_len: Option<usize>,
    },
    Integer {
        #[serde(default)]
        min: Option<i64>,
        #[serde(default)]
        max: Option<i64>,
    },
    Decimal {
        #[serde(default)]
        min: Option<f64>,
        #[serde(default)]
        max: Option<f64>,
    },
    /// ISO 8601 date (`YYYY-MM-DD`).
    Date {
        #[serde(default)]
        min: Option<NaiveDate>,
        #[serde(default)]
        max: Option<NaiveDate>,
        #[serde(default)]
        not_in_future: bool,
    },
    YesNo,
    /// One option; `shared: "products"` takes the options of a set of `options.ron`.
    Choice {
        #[serde(default)]
        options: Vec<ChoiceOption>,
        #[serde(default)]
        shared: Option<String>,
    },
    MultiChoice {
        #[serde(default)]
        options: Vec<ChoiceOption>,
        #[serde(default)]
        shared: Option<String>,
        #[serde(default)]
        min: Option<usize>,
        #[serde(default)]
        max: Option<usize>,
    },
    /// One US state, optionally limited to a region.
    State {
        #[serde(default)]
        only: Option<Region>,
    },
    /// Several US states.
    States {
        #[serde(default)]
        only: Option<Region>,
        #[serde(default)]
        min: Option<usize>,
        #[serde(default)]
        max: Option<usize>,
    },
    Email,
    /// A supporting document: the path of a file inside the documents folder (the folder
    /// of drafts unless one is named). Its size and SHA-256 are recorded when it is set or sent, and it is
    /// attached to the form's e-mail.
    Document,
    Phone,
    Zip,
    Ocn,
    Spid,
    Acna,
    Cic,
    Clli {
        #[serde(default = "any_clli")]
        length: ClliLength,
    },
    NpaNxx,
    Lata,
    PointCode,
    Rao,
    Frn,
    Ein,
    Filer499,
    IcaTracking,
    /// Read-only text: the label is the note.
    Note,
    /// Shows another form's answer (e.g. `profile.legal_name`) so a fact is entered once.
    Reuse {
        from: String,
    },
    /// A date computed from a date field of the same form (or row).
    Computed {
        from: String,
        add: Offset,
    },
    /// The public utility commission of the state answered in `from` (shown, not typed).
    Commission {
        from: String,
    },
    /// In a group with fixed rows: the answer the row's `shows` path names.
    Linked,
    /// Where another form of the draft stands: `not_started`, `in_progress`, `complete`
    /// or `finalized` (conditions compare these values).
    Progress {
        form: String,
    },
    /// Repeatable rows of fields (contacts, one row per state...).
    Group {
        fields: Vec<Field>,
        #[serde(default)]
        min_rows: Option<usize>,
        #[serde(default)]
        max_rows: Option<usize>,
        /// Field whose answer names a row in lists (e.g. `state`).
        #[serde(default)]
        row_label: Option<String>,
        /// Rows defined by the form (a checklist): never added or removed by the user.
        #[serde(default)]
        fixed_rows: Vec<FixedRow>,
        /// An older free-text field whose lines become rows of this group.
        #[serde(default)]
        lines_from: Option<LinesFrom>,
    },
}

/// A free-text list a group replaced (one identifier per line): the first time the form
/// is edited under its new version, each line becomes a row of the group, checked as the
/// column checks it. An answer with a line the column refuses stays whole and is kept
/// aside (listed, never dropped).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LinesFrom {
    /// The old field: `field` (top-level) or `group.field` (a list in every row).
    pub field: String,
    /// The column of this group each line goes to.
    pub into: String,
    /// Columns copied from the old field's row: (its column, this group's column).
    #[serde(default)]
    pub carry: Vec<(String, String)>,
}

/// One row of a group whose rows the form defines (e.g. a checklist item).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FixedRow {
    pub id: String,
    pub label: String,
    /// An answer elsewhere that this row is about (shown by `Linked` fields).
    #[serde(default)]
    pub shows: Option<String>,
}

fn any_clli() -> ClliLength {
    ClliLength::Any
}

impl FieldKind {
    /// True for fields the user answers (not notes, reused or computed values, or groups).
    pub(crate) fn is_input(&self) -> bool {
        !matches!(
            self,
            FieldKind::Note
                | FieldKind::Reuse { .. }
                | FieldKind::Computed { .. }
                | FieldKind::Commission { .. }
                | FieldKind::Linked
                | FieldKind::Progress { .. }
                | FieldKind::Group { .. }
        )
    }

    /// The field whose answer names a group's row, if the group has one.
    pub(crate) fn row_label(&self) -> Option<&str> {
        match self {
            FieldKind::Group { row_label, .. } => row_label.as_deref(),
            _ => None,
        }
    }

    /// The fields of a repeatable group.
    pub fn group_fields(&self) -> Option<&[Field]> {
        match self {
            FieldKind::Group { fields, .. } => Some(fields),
            _ => None,
        }
    }

    /// The rows a group's form defines, if it defines them.
    pub(crate) fn fixed_rows(&self) -> Option<&[FixedRow]> {
        match self {
            FieldKind::Group { fixed_rows, .. } if !fixed_rows.is_empty() => Some(fixed_rows),
            _ => None,
        }
    }

    /// Options of a choice field.
    pub fn options(&self) -> Option<&[ChoiceOption]> {
        match self {
            FieldKind::Choice { options, .. } | FieldKind::MultiChoice { options, .. } => {
                Some(options)
            }
            _ => None,
        }
    }

    /// Short name of the kind, as users read it.
    pub fn name(&self) -> &'static str {
        match self {
            FieldKind::Text { .. } => "text",
            FieldKind::MultiLine { .. } => "multi-line text",
            FieldKind::Integer { .. } => "whole number",
            FieldKind::Decimal { .. } => "number",
            FieldKind::Date { .. } => "date (YYYY-MM-DD)",
            FieldKind::YesNo => "yes/no",
            FieldKind::Choice { .. } => "choice",
            FieldKind::MultiChoice { .. } => "multiple choice (comma-separated)",
            FieldKind::State { .. } => "US state code",
            FieldKind::States { .. } => "US state codes (comma-separated)",
            FieldKind::Email => "e-mail",
            FieldKind::Document => "document (file path)",
            FieldKind::Phone => "phone",
            FieldKind::Zip => "ZIP code",
            FieldKind::Ocn => "OCN",
            FieldKind::Spid => "SPID",
            FieldKind::Acna => "ACNA",
            FieldKind::Cic => "CIC",
            FieldKind::Clli { .. } => "CLLI",
            FieldKind::NpaNxx => "NPA-NXX",
            FieldKind::Lata => "LATA",
            FieldKind::PointCode => "SS7 point code",
            FieldKind::Rao => "RAO",
            FieldKind::Frn => "FRN",
            FieldKind::Ein => "EIN",
            FieldKind::Filer499 => "499 Filer ID",
            FieldKind::IcaTracking => "ICA tracking number",
            FieldKind::Note => "note",
            FieldKind::Reuse { .. } => "answer from another form",
            FieldKind::Computed { .. } => "computed date",
            FieldKind::Commission { .. } => "state commission",
            FieldKind::Linked => "linked answer",
            FieldKind::Progress { .. } => "form status",
            FieldKind::Group { .. } => "repeatable group",
        }
    }
}

/// A regular expression from a form file, kept as written; compile errors are reported by
/// the form lint instead of failing the whole file. Compiled when first used: most of the
/// forms' patterns are never run in a session, and compiling them all was a twentieth of
/// the wizard's start.
#[derive(Debug, Clone)]
pub struct Pattern {
    source: String,
    compiled: std::sync::OnceLock<Result<Regex, String>>,
}

impl Pattern {
    pub fn new(source: &str) -> Self {
        Self {
            source: source.to_string(),
            compiled: std::sync::OnceLock::new(),
        }
    }

    pub fn source(&self) -> &str {
        &self.source
    }

    /// The most a compiled pattern may take, in bytes: the built-in patterns take a few
    /// hundred; one that a form could use to slow every check is refused by the lint.
    pub const SIZE_LIMIT: usize = 64 * 1024;

    /// The compiled expression, or why it does not compile.
    pub fn regex(&self) -> Result<&Regex, &str> {
        self.compiled
            .get_or_init(|| {
                // Anchored: the whole answer must match. A pattern is a short format:
                // a small compiled size keeps checking a long answer quick.
                RegexBuilder::new(&format!("^(?:{})$", self.source))
                    .size_limit(Self::SIZE_LIMIT)
                    .build()
                    .map_err(|e| e.to_string())
            })
            .as_ref()
            .map_err(String::as_str)
    }
}

impl PartialEq for Pattern {
    fn eq(&self, other: &Self) -> bool {
        self.source == other.source
    }
}

impl Serialize for Pattern {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.source)
    }
}

impl<'de> Deserialize<'de> for Pattern {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d).map(|s| Pattern::new(&s))
    }
}

impl Section {
    /// The title a document for the recipient prints: [`Section::print`], else the title.
    pub fn printed(&self) -> &str {
        self.print.as_deref().unwrap_or(&self.title)
    }
}

/// Where a field sits in its form.
#[derive(Debug, Clone, Copy)]
pub struct FieldRef<'a> {
    pub section: &'a Section,
    pub field: &'a Field,
}

impl FormDef {
    /// Top-level fields with their sections, in order.
    pub fn fields(&self) -> impl Iterator<Item = FieldRef<'_>> {
        self.sections.iter().flat_map(|section| {
            section
                .fields
                .iter()
                .map(move |field| FieldRef { section, field })
        })
    }

    /// A top-level field by id.
    pub fn field(&self, id: &str) -> Option<FieldRef<'_>> {
        let hint = self.index.get(&self.sections).by_id.get(id);
        self.at(hint, |f| f.id == id)
            .or_else(|| self.fields().find(|f| f.field.id == id))
    }

    /// The first top-level field that shows another form's answer `from` (`Reuse`).
    pub(crate) fn reusing(&self, from: &str) -> Option<FieldRef<'_>> {
        let reuses = |f: &Field| matches!(&f.kind, FieldKind::Reuse { from: x } if x == from);
        let hint = self.index.get(&self.sections).by_reused.get(from);
        self.at(hint, reuses)
            .or_else(|| self.fields().find(|f| reuses(f.field)))
    }

    /// The field at an indexed position, if it is still the one looked for.
    fn at(
        &self,
        position: Option<&(usize, usize)>,
        is: impl Fn(&Field) -> bool,
    ) -> Option<FieldRef<'_>> {
        let &(s, f) = position?;
        let section = self.sections.get(s)?;
        let field = section.fields.get(f).filter(|field| is(field))?;
        Some(FieldRef { section, field })
    }

    /// Number of questions a user can answer (group columns count once).
    pub(crate) fn input_count(&self) -> usize {
        fn count(fields: &[Field]) -> usize {
            fields
                .iter()
                .map(|f| match f.kind.group_fields() {
                    Some(sub) => count(sub),
                    None => usize::from(f.kind.is_input()),
                })
                .sum()
        }
        self.sections.iter().map(|s| count(&s.fields)).sum()
    }
}

impl Field {
    /// The wording a document for the recipient prints: [`Field::print`], else the label.
    /// The one place every recipient document takes a field's wording from.
    pub fn printed(&self) -> &str {
        self.print.as_deref().unwrap_or(&self.label)
    }

    /// A field of this group by id.
    pub fn sub_field(&self, id: &str) -> Option<&Field> {
        self.kind.group_fields()?.iter().find(|f| f.id == id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> FormDef {
        ron::from_str(
            r#"(id: "f", title: "F", version: 1, step: 1, sections: [
                (id: "one", title: "One", fields: [
                    (id: "a", label: "A", kind: Text()),
                    (id: "name", label: "Name", kind: Reuse(from: "profile.legal_name")),
                ]),
                (id: "two", title: "Two", fields: [
                    (id: "b", label: "B", kind: Text()),
                    (id: "a", label: "A again", kind: Text()),
                    (id: "name2", label: "Name", kind: Reuse(from: "profile.legal_name")),
                ]),
            ])"#,
        )
        .unwrap()
    }

    #[test]
    fn fields_are_found_as_a_walk_finds_them() {
        let form = form();
        for id in ["a", "b", "name", "name2", "missing"] {
            let walked = form.fields().find(|f| f.field.id == id);
            let found = form.field(id);
            assert_eq!(
                found.map(|f| (&f.section.id, &f.field.label)),
                walked.map(|f| (&f.section.id, &f.field.label)),
                "{id}"
            );
        }
        assert_eq!(form.field("a").unwrap().field.label, "A", "the first wins");
        let reuse = form.reusing("profile.legal_name").unwrap();
        assert_eq!(reuse.field.id, "name");
        assert!(form.reusing("profile.ein").is_none());
    }

    /// A pattern matches the whole answer; one that does not compile, names a Unicode
    /// class, or would compile to more than the size limit says why instead.
    #[test]
    fn patterns_match_whole_answers_and_stay_small() {
        let duns = Pattern::new("[0-9]{2}-?[0-9]{3}-?[0-9]{4}");
        let re = duns.regex().unwrap();
        assert!(re.is_match("12-345-6789") && re.is_match("123456789"));
        assert!(!re.is_match("x123456789") && !re.is_match("12345678"));
        let site = Pattern::new(r"https?://\S+");
        let re = site.regex().unwrap();
        assert!(re.is_match("https://www.example.com") && !re.is_match("www.example.com"));
        assert!(
            !re.is_match("https://a b"),
            "a space is no part of an address"
        );
        assert!(Pattern::new("[A-Z").regex().is_err());
        assert!(
            Pattern::new(r"\p{L}+").regex().is_err(),
            "no Unicode classes"
        );
        let huge = Pattern::new("[a-z]{1000}[0-9]{1000}");
        let error = huge.regex().unwrap_err();
        assert!(error.contains("size limit"), "{error}");
    }

    /// The recipient's wording is printed where given, the user's label where not; an
    /// option takes two strings or three, and is written back as it was read.
    #[test]
    fn printed_wordings_fall_back_to_labels() {
        let ron = ron::Options::default()
            .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME);
        let form: FormDef = ron
            .from_str(
            r#"(id: "f", title: "F", version: 1, step: 1, sections: [
                (id: "s", title: "Signature and sending", print: "Signature", fields: [
                    (id: "how", label: "How will you sign?", print: "Signature method",
                     kind: Choice(options: [("e", "Electronic"), ("c", "Your vendor", "The applicant's vendor")])),
                    (id: "name", label: "Name", kind: Text()),
                ]),
                (id: "t", title: "Other", fields: [(id: "x", label: "X", kind: Text())]),
            ])"#,
        )
        .unwrap();
        assert_eq!(form.sections[0].printed(), "Signature");
        assert_eq!(form.sections[1].printed(), "Other");
        let how = &form.field("how").unwrap().field;
        assert_eq!(
            (how.label.as_str(), how.printed()),
            ("How will you sign?", "Signature method")
        );
        assert_eq!(form.field("name").unwrap().field.printed(), "Name");
        let options = how.kind.options().unwrap();
        assert_eq!(
            (options[0].label(), options[0].printed()),
            ("Electronic", "Electronic")
        );
        assert_eq!(
            (options[1].label(), options[1].printed()),
            ("Your vendor", "The applicant's vendor")
        );
        let again: FormDef = ron.from_str(&ron.to_string(&form).unwrap()).unwrap();
        assert_eq!(again, form);
        let four = r#"(id: "f", title: "F", version: 1, step: 1, sections: [(id: "s", title: "S", fields: [
            (id: "a", label: "A", kind: Choice(options: [("e", "E", "P", "Q")]))])])"#;
        assert!(ron.from_str::<FormDef>(four).is_err());
    }

    #[test]
    fn the_index_follows_changes_and_copies() {
        let mut form = form();
        assert_eq!(form.field("b").unwrap().section.id, "two");
        let copy = form.clone();
        assert_eq!(copy, form);
        // A form changed after a lookup still answers as a walk would.
        form.sections.swap(0, 1);
        assert_eq!(form.field("b").unwrap().section.id, "two");
        assert_eq!(form.field("b").unwrap().field.id, "b");
        let c = Field {
            id: "c".into(),
            ..form.sections[0].fields[0].clone()
        };
        form.sections[1].fields.insert(0, c);
        assert_eq!(form.field("c").unwrap().section.id, "one");
        assert_eq!(copy.field("b").unwrap().section.id, "two");
    }
}
