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
    /// When the answer is a copy's: the form, and whether it is the copy sent (else the
    /// finalized copy).
    pub copy: Option<(String, bool)>,
}

/// The first answer of `draft` over a limit, if any.
pub fn check(draft: &Draft) -> Result<(), OverLimit> {
    let over = |key: &str, message: String| OverLimit {
        key: key.to_string(),
        message,
        copy: None,
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
    for (key, state) in &draft.forms {
        if key.len() > MAX_KEY_BYTES {
            return Err(over(
                key,
                format!("a form id longer than {MAX_KEY_BYTES} bytes"),
            ));
        }
        // The file names a form's records `FORM@KIND`; no form's id holds an `@`.
        if key.contains('@') {
            return Err(over(
                key,
                "a form id with '@' (form ids are lowercase letters, digits and '-')".into(),
            ));
        }
        let copies = [(&state.finalized, false), (&state.sent_copy, true)];
        for (copy, sent) in copies {
            let Some(copy) = copy else { continue };
            let in_copy = |path: &str, message: String| OverLimit {
                key: path.to_string(),
                message: format!(
                    "{message}, in the {} copy of form {key}",
                    if sent { "sent" } else { "finalized" }
                ),
                copy: Some((key.clone(), sent)),
            };
            if copy.answers.len() > MAX_ANSWERS {
                return Err(in_copy(
                    "",
                    format!("more than {MAX_ANSWERS} answers in one copy"),
                ));
            }
            for (path, answer) in &copy.answers {
                if path.len() > MAX_KEY_BYTES {
                    return Err(in_copy(
                        path,
                        format!("a path longer than {MAX_KEY_BYTES} bytes"),
                    ));
                }
                answer_fits(answer).map_err(|message| in_copy(path, message))?;
            }
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

    /// A finalized or sent copy is held to the same limits as the answers, and said as
    /// the copy's; a form id cannot hold the `@` that names records in the file.
    #[test]
    fn copies_and_form_ids_are_checked_too() {
        use crate::domain::draft::FormState;
        use crate::domain::draft::records::FinalCopy;
        use crate::domain::values::status::FormStatus;
        let mut d = Draft::new(Utc::now());
        let mut state = FormState::new(FormStatus::Finalized, 1);
        state.sent_copy = Some(FinalCopy {
            revision: 1,
            at: Utc::now(),
            version: 1,
            answers: [("f.g".to_string(), Answer::Rows(MAX_ROWS + 1))].into(),
        });
        d.forms.insert("f".into(), state);
        let err = check(&d).unwrap_err();
        assert_eq!(
            (err.key.as_str(), err.copy),
            ("f.g", Some(("f".into(), true)))
        );
        d.forms.get_mut("f").unwrap().sent_copy = None;
        assert_eq!(check(&d), Ok(()));
        d.forms
            .insert("a@b".into(), FormState::new(FormStatus::NotStarted, 1));
        assert_eq!(check(&d).unwrap_err().key, "a@b");
    }
}
