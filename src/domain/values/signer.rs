//! The person who signs the forms, as the user's configuration file names them. The forms
//! offer them as the default of their signer fields (`default: Signer(Name)` in
//! `forms/*.ron`), through the one mechanism every default takes: shown as a default, never
//! an answer until accepted.

use serde::{Deserialize, Serialize};

/// Which fact of the signer a field defaults to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum SignerPart {
    Name,
    Title,
    Email,
}

impl SignerPart {
    /// The key of the configuration file (`[signer]` table) that gives it.
    pub fn key(self) -> &'static str {
        match self {
            SignerPart::Name => "name",
            SignerPart::Title => "title",
            SignerPart::Email => "email",
        }
    }

    pub(crate) const ALL: [SignerPart; 3] =
        [SignerPart::Name, SignerPart::Title, SignerPart::Email];
}

/// The longest name or title the forms' signer fields take (`Text(max_len: 80)`).
pub(crate) const MAX_SIGNER_CHARS: usize = 80;

/// The signer's name, title and e-mail, each when known.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Signer {
    pub name: Option<String>,
    pub title: Option<String>,
    pub email: Option<String>,
}

impl Signer {
    pub fn part(&self, part: SignerPart) -> Option<&str> {
        match part {
            SignerPart::Name => self.name.as_deref(),
            SignerPart::Title => self.title.as_deref(),
            SignerPart::Email => self.email.as_deref(),
        }
    }

    pub fn set(&mut self, part: SignerPart, value: String) {
        match part {
            SignerPart::Name => self.name = Some(value),
            SignerPart::Title => self.title = Some(value),
            SignerPart::Email => self.email = Some(value),
        }
    }
}

/// `text` as the signer's `part`, or why the forms could not take it: a name or title is
/// one line of at most [`MAX_SIGNER_CHARS`] characters without control characters, an
/// e-mail is what an e-mail field accepts.
pub fn check(part: SignerPart, text: &str) -> Result<String, String> {
    let value = text.trim();
    if value.is_empty() {
        return Err("it is empty; give a value or leave the key out".into());
    }
    if value.chars().any(char::is_control) {
        return Err("it holds a control character or a line break; give one line of text".into());
    }
    match part {
        SignerPart::Email => super::ids::email(value).map(|c| c.value),
        SignerPart::Name | SignerPart::Title => {
            let chars = value.chars().count();
            if chars > MAX_SIGNER_CHARS {
                Err(format!(
                    "it is {chars} characters long; the forms' signer fields take {MAX_SIGNER_CHARS}"
                ))
            } else {
                Ok(value.to_string())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_titles_and_emails_are_checked_as_the_forms_check_them() {
        assert_eq!(
            check(SignerPart::Name, "  Dana Reyes ").unwrap(),
            "Dana Reyes"
        );
        assert!(check(SignerPart::Name, "").unwrap_err().contains("empty"));
        assert!(
            check(SignerPart::Title, &"x".repeat(81))
                .unwrap_err()
                .contains("80")
        );
        assert!(check(SignerPart::Title, &"x".repeat(80)).is_ok());
        assert!(
            check(SignerPart::Name, "Dana\x1b]0;x\x07")
                .unwrap_err()
                .contains("control")
        );
        assert!(check(SignerPart::Email, "dana@acme.example").is_ok());
        assert!(check(SignerPart::Email, "dana at acme").is_err());
    }
}
