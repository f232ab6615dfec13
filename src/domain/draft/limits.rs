//! The limits of [`crate::domain::values::limits`] applied to a whole draft, as read from
//! a file people edit by hand.

use crate::domain::draft::Draft;
use crate::domain::values::limits::{MAX_ANSWERS, MAX_KEY_BYTES, answer_fits};

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::values::answer::Answer;
    use crate::domain::values::limits::{MAX_NOTE_BYTES, MAX_PICKS, MAX_ROWS, MAX_TEXT_BYTES};
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
