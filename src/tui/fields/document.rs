//! A supporting document: typed as a path in the one-line text editor, and shown with
//! what the draft recorded of its file (size and SHA-256, when `set` gave it or an e-mail
//! sent it). The file itself is read by the commands and exports, never while drawing.

use ratatui::style::Style;

use super::Page;
use crate::domain::draft::Draft;

/// What the draft recorded of the document at `key` of `form`, as one line to show.
pub fn recorded(draft: &Draft, form: &str, key: &str) -> String {
    let stamp = draft.forms.get(form).and_then(|s| s.documents.get(key));
    match stamp {
        Some(s) => format!(
            "file recorded: {} ({} bytes, SHA-256 {}…); attached to the form's e-mail",
            s.file,
            s.size,
            s.sha256.get(..12).unwrap_or(&s.sha256)
        ),
        None => "a file's path inside the documents folder (the folder of drafts); attached \
                 to the form's e-mail (checked by validate)"
            .to_string(),
    }
}

/// Adds the recorded line under the field.
pub fn draw(
    draft: &Draft,
    form: &str,
    key: &str,
    indent: &str,
    width: usize,
    style: Style,
    page: &mut Page,
) {
    page.wrapped(indent, &recorded(draft, form, key), width, style);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::draft::{DocumentStamp, FormState};
    use crate::domain::values::status::FormStatus;

    #[test]
    fn shows_the_recorded_file() {
        let mut draft = Draft::new(chrono::Utc::now());
        assert!(recorded(&draft, "q", "q.doc").starts_with("a file's path"));
        let mut state = FormState::new(FormStatus::InProgress, 1);
        state.documents.insert(
            "q.doc".into(),
            DocumentStamp {
                file: "documents/a.pdf".into(),
                size: 836,
                sha256: "0123456789abcdef".repeat(4),
            },
        );
        draft.forms.insert("q".into(), state);
        assert_eq!(
            recorded(&draft, "q", "q.doc"),
            "file recorded: documents/a.pdf (836 bytes, SHA-256 0123456789ab…); attached to the form's e-mail"
        );
    }
}
