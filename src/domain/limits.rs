//! How much a draft may hold. Drafts are files people edit by hand, so every count and
//! length read from one is checked against these limits before anything loops over it: a
//! draft that claims a hundred million rows is refused with its file and line, not run.
//!
//! The limits are far above what the forms ask for (the longest field takes a few thousand
//! characters, the largest group a few hundred rows), so no real draft comes near them.

use super::answer::Answer;
use super::draft::Draft;

/// Bytes of a draft file.
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;
/// Answers in one draft (one per line).
pub const MAX_ANSWERS: usize = 100_000;
/// Bytes of one text answer (a 1 MB pasted document fits).
pub const MAX_TEXT_BYTES: usize = 2 * 1024 * 1024;
/// Bytes of one not-applicable reason or ask-later note.
pub const MAX_NOTE_BYTES: usize = 64 * 1024;
/// Picks in one multiple answer.
pub const MAX_PICKS: usize = 1_000;
/// Rows of one repeatable group (also the highest row number a path may name).
pub const MAX_ROWS: usize = 10_000;
/// Bytes of one answer path or form id.
pub const MAX_KEY_BYTES: usize = 256;
/// A document's path (a document answer).
pub const MAX_DOCUMENT_PATH: usize = 1024;
/// One supporting document attached to an e-mail: larger files are refused.
pub const MAX_DOCUMENT_BYTES: u64 = 10 * 1024 * 1024;
/// An e-mail (attachments encoded) past which a warning says many mail servers may refuse
/// it: they often cap messages near 25 MB.
pub const WARN_MESSAGE_BYTES: u64 = 20 * 1024 * 1024;

/// An answer over a limit: its path (to find it in the file) and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{key}: {message}")]
pub struct OverLimit {
    pub key: String,
    pub message: String,
}

/// The first answer of `draft` over a limit, if any.
pub fn check(draft: &Draft) -> Result<(), OverLimit> {
    let over = |key: &str, message: String| OverLimit {
        key: key.to_string(),
        message,
    };
    if draft.answers.len() > MAX_ANSWERS {
        let key = draft
            .answers
            .keys()
            .nth(MAX_ANSWERS)
            .cloned()
            .unwrap_or_default();
        return Err(over(
            &key,
            format!("more than {MAX_ANSWERS} answers in one draft"),
        ));
    }
    for key in draft.forms.keys() {
        if key.len() > MAX_KEY_BYTES {
            return Err(over(
                key,
                format!("a form id longer than {MAX_KEY_BYTES} bytes"),
            ));
        }
    }
    for (key, answer) in &draft.answers {
        if key.len() > MAX_KEY_BYTES {
            return Err(over(
                key,
                format!("a path longer than {MAX_KEY_BYTES} bytes"),
            ));
        }
        answer_fits(answer).map_err(|message| over(key, message))?;
    }
    Ok(())
}

/// Whether one answer is within the limits; the message says which one it is over.
pub fn answer_fits(answer: &Answer) -> Result<(), String> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Utc;

    #[test]
    fn absurd_counts_and_lengths_are_over() {
        let mut d = Draft::new(Utc::now());
        d.answers.insert("f.g".into(), Answer::Rows(MAX_ROWS));
        d.answers
            .insert("f.t".into(), Answer::Text("x".repeat(MAX_TEXT_BYTES)));
        assert_eq!(check(&d), Ok(()));
        d.answers.insert("f.g".into(), Answer::Rows(100_000_000));
        let err = check(&d).unwrap_err();
        assert_eq!(err.key, "f.g");
        assert!(err.message.contains("100000000 rows"), "{err}");
        d.answers.insert("f.g".into(), Answer::Rows(1));
        d.answers.insert(
            "f.n".into(),
            Answer::AskLater("x".repeat(MAX_NOTE_BYTES + 1)),
        );
        assert_eq!(check(&d).unwrap_err().key, "f.n");
        d.answers.remove("f.n");
        d.answers
            .insert("f.m".into(), Answer::Many(vec!["CO".into(); MAX_PICKS + 1]));
        assert_eq!(check(&d).unwrap_err().key, "f.m");
    }
}
