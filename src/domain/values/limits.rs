//! How much a draft may hold. Drafts are files people edit by hand, so every count and
//! length read from one is checked against these limits before anything loops over it: a
//! draft that claims a hundred million rows is refused with its file and line, not run.
//!
//! The limits are far above what the forms ask for (the longest field takes a few thousand
//! characters, the largest group a few hundred rows), so no real draft comes near them.

use crate::domain::values::answer::Answer;

/// Bytes of a draft file.
pub(crate) const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;
/// Answers in one draft (one per line).
pub(crate) const MAX_ANSWERS: usize = 100_000;
/// Bytes of one text answer (a 1 MB pasted document fits).
pub(crate) const MAX_TEXT_BYTES: usize = 2 * 1024 * 1024;
/// Bytes of one not-applicable reason or ask-later note.
pub const MAX_NOTE_BYTES: usize = 64 * 1024;
/// Picks in one multiple answer.
pub(crate) const MAX_PICKS: usize = 1_000;
/// Rows of one repeatable group (also the highest row number a path may name).
pub const MAX_ROWS: usize = 10_000;
/// Bytes of one answer path or form id.
pub(crate) const MAX_KEY_BYTES: usize = 256;
/// A document's path (a document answer).
pub(crate) const MAX_DOCUMENT_PATH: usize = 1024;
/// One supporting document attached to an e-mail: larger files are refused.
pub(crate) const MAX_DOCUMENT_BYTES: u64 = 10 * 1024 * 1024;
/// An e-mail (attachments encoded) past which a warning says many mail servers may refuse
/// it: they often cap messages near 25 MB.
pub(crate) const WARN_MESSAGE_BYTES: u64 = 20 * 1024 * 1024;

/// The first and last day a date answer or a sent-log day may be: every export can write
/// them (a spreadsheet's dates start in 1900) and no onboarding is outside them.
pub(crate) const FIRST_DAY: (i32, u32, u32) = (1900, 1, 1);
pub(crate) const LAST_DAY: (i32, u32, u32) = (2199, 12, 31);

/// Whether a day is within [`FIRST_DAY`]..=[`LAST_DAY`]; the message says the range.
pub(crate) fn day_fits(day: chrono::NaiveDate) -> Result<(), String> {
    let of = |(y, m, d)| chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default();
    let (first, last) = (of(FIRST_DAY), of(LAST_DAY));
    if (first..=last).contains(&day) {
        Ok(())
    } else {
        Err(format!(
            "{day} is outside the dates this program keeps ({first} to {last})"
        ))
    }
}

/// The longest chain of fields whose visibility, requirement or value depend on the next
/// one that a form may have. Evaluation follows such chains to this depth and no further
/// (see `rules::eval::MAX_DEPTH`), so every form the lint accepts is evaluated exactly.
pub(crate) const MAX_CHAIN: usize = 100;

/// Whether one answer is within the limits; the message says which one it is over.
pub(crate) fn answer_fits(answer: &Answer) -> Result<(), String> {
    let bytes = |what: &str, len: usize, max: usize| {
        if len > max {
            Err(format!(
                "{what} of {len} bytes, more than the {max} allowed"
            ))
        } else {
            Ok(())
        }
    };
    match answer {
        Answer::Text(t) => bytes("an answer", t.len(), MAX_TEXT_BYTES),
        Answer::NotApplicable(t) => bytes("a not-applicable reason", t.len(), MAX_NOTE_BYTES),
        Answer::AskLater(t) => bytes("an ask-later note", t.len(), MAX_NOTE_BYTES),
        Answer::Many(v) if v.len() > MAX_PICKS => Err(format!(
            "{} picks, more than the {MAX_PICKS} allowed",
            v.len()
        )),
        Answer::Many(v) => bytes(
            "a multiple answer",
            v.iter().map(String::len).sum(),
            MAX_TEXT_BYTES,
        ),
        Answer::Rows(n) if *n > MAX_ROWS => Err(format!(
            "{n} rows, more than the {MAX_ROWS} a group may have"
        )),
        Answer::Rows(_) | Answer::YesNo(_) => Ok(()),
    }
}
