//! What each field kind accepts: typed input becomes a normalized answer, and stored answers
//! are checked again (forms change, drafts get edited by hand). One place for both.

use chrono::NaiveDate;

use crate::domain::form::schema::{ChoiceOption, FieldKind};
use crate::domain::values::answer::Answer;
use crate::domain::values::ids::{self, CheckResult, Checked};
use crate::domain::values::states;

/// Outcome of checking an answer: fine, fine with a warning, or invalid with a message.
pub(crate) type Verdict = Result<Option<String>, String>;

impl FieldKind {
    /// Turns typed text into an answer. Empty input means "no answer" (`Ok(None)`).
    pub fn parse_input(&self, input: &str, today: NaiveDate) -> Result<Option<Answer>, String> {
        let trimmed = input.trim();
        if trimmed.is_empty() {
            return Ok(None);
        }
        let answer = match self {
            FieldKind::YesNo => Answer::YesNo(parse_yes_no(trimmed)?),
            FieldKind::MultiChoice { options, .. } => Answer::Many(
                split_list(trimmed)
                    .map(|s| match_option(options, s))
                    .collect::<Result<_, _>>()?,
            ),
            FieldKind::States { only, .. } => Answer::Many(
                split_list(trimmed)
                    .map(|s| states::parse(s, *only).map(|s| s.code.to_string()))
                    .collect::<Result<_, _>>()?,
            ),
            FieldKind::Choice { options, .. } => Answer::Text(match_option(options, trimmed)?),
            FieldKind::MultiLine { .. } => Answer::Text(input.trim_end().to_string()),
            kind if kind.is_input() => Answer::Text(kind.check_text(trimmed, today)?.value),
            kind => return Err(format!("a {} cannot be typed", kind.name())),
        };
        let answer = match answer {
            Answer::Many(mut v) => {
                dedup_keep_order(&mut v);
                Answer::Many(v)
            }
            other => other,
        };
        self.check(&answer, today)?;
        Ok(Some(answer))
    }

    /// Checks a stored answer against this kind. N/A and ask-later answers always pass.
    pub fn check(&self, answer: &Answer, today: NaiveDate) -> Verdict {
        match (self, answer) {
            (_, Answer::NotApplicable(_) | Answer::AskLater(_)) => Ok(None),
            (FieldKind::YesNo, Answer::YesNo(_)) => Ok(None),
            (FieldKind::YesNo, _) => Err("answer yes or no".into()),
            (
                FieldKind::MultiChoice {
                    options, min, max, ..
                },
                Answer::Many(v),
            ) => {
                for item in v {
                    if !options.iter().any(|o| o.value() == item) {
                        return Err(format!(
                            "{item:?} is not one of the choices ({})",
                            list_options(options)
                        ));
                    }
                }
                check_count(v.len(), *min, *max, "choice")
            }
            (FieldKind::States { only, min, max }, Answer::Many(v)) => {
                for item in v {
                    states::parse(item, *only)?;
                }
                check_count(v.len(), *min, *max, "state")
            }
            (FieldKind::MultiChoice { .. } | FieldKind::States { .. }, _) => {
                Err("expected a list of choices".into())
            }
            (FieldKind::Group { .. }, Answer::Rows(_)) => Ok(None),
            (kind, Answer::Text(text)) if kind.is_input() => {
                let checked = kind.check_text(text, today)?;
                if checked.value != *text {
                    // Stored values are kept normalized; a hand-edited one is flagged.
                    return Ok(Some(format!("will be saved as {}", checked.value)));
                }
                Ok(checked.warning)
            }
            (kind, _) => Err(format!("expected a {}", kind.name())),
        }
    }

    /// Checks and normalizes a text-valued answer.
    fn check_text(&self, text: &str, today: NaiveDate) -> CheckResult {
        check_characters(text, matches!(self, FieldKind::MultiLine { .. }))?;
        match self {
            FieldKind::Text {
                min_len,
                max_len,
                pattern,
                pattern_message,
            } => {
                check_length(text, *min_len, *max_len)?;
                if let Some(p) = pattern
                    && let Ok(re) = p.regex()
                    && !re.is_match(text)
                {
                    return Err(pattern_message
                        .clone()
                        .unwrap_or_else(|| format!("must match the pattern {}", p.source())));
                }
                Ok(plain(text))
            }
            FieldKind::MultiLine { max_len } => {
                check_length(text, None, *max_len)?;
                Ok(plain(text))
            }
            FieldKind::Integer { min, max } => {
                let n: i64 = text
                    .replace([',', '_'], "")
                    .parse()
                    .map_err(|_| "must be a whole number, e.g. 12".to_string())?;
                check_range(n, *min, *max)?;
                Ok(plain(&n.to_string()))
            }
            FieldKind::Decimal { min, max } => {
                let n: f64 = text
                    .replace([',', '_'], "")
                    .parse()
                    .ok()
                    .filter(|n: &f64| n.is_finite())
                    .ok_or("must be a number, e.g. 12.5")?;
                check_range(n, *min, *max)?;
                Ok(plain(text.replace([',', '_'], "").trim()))
            }
            FieldKind::Date {
                min,
                max,
                not_in_future,
            } => {
                let date = NaiveDate::parse_from_str(text, "%Y-%m-%d")
                    .map_err(|_| "must be a date as YYYY-MM-DD, e.g. 2026-03-31".to_string())?;
                crate::domain::values::limits::day_fits(date)?;
                if *not_in_future && date > today {
                    return Err(format!("cannot be in the future (today is {today})"));
                }
                check_range(date, *min, *max)?;
                Ok(plain(&date.format("%Y-%m-%d").to_string()))
            }
            FieldKind::Choice { options, .. } => match_option(options, text).map(|v| plain(&v)),
            FieldKind::State { only } => states::parse(text, *only).map(|s| plain(s.code)),
            FieldKind::Email => ids::email(text),
            FieldKind::Document => document_path(text),
            FieldKind::Phone => ids::phone(text),
            FieldKind::Zip => ids::zip(text),
            FieldKind::Ocn => ids::ocn(text),
            FieldKind::Spid => ids::spid(text),
            FieldKind::Acna => ids::acna(text),
            FieldKind::Cic => ids::cic(text),
            FieldKind::Clli { length } => ids::clli(text, *length),
            FieldKind::NpaNxx => ids::npa_nxx(text),
            FieldKind::Lata => ids::lata(text),
            FieldKind::PointCode => ids::point_code(text),
            FieldKind::Rao => ids::rao(text),
            FieldKind::Frn => ids::frn(text),
            FieldKind::Ein => ids::ein(text),
            FieldKind::Filer499 => ids::filer_499(text),
            FieldKind::IcaTracking => ids::ica_tracking(text),
            kind => Err(format!("a {} holds no typed text", kind.name())),
        }
    }
}

fn plain(text: &str) -> Checked {
    Checked {
        value: text.to_string(),
        warning: None,
    }
}

/// A document's path: one line, at most [`limits::MAX_DOCUMENT_PATH`] bytes, relative to
/// the documents folder and inside it (no absolute path, no `..`). Whether the file is
/// there, and reached without links, is checked where files are (see `storage::documents`).
fn document_path(text: &str) -> CheckResult {
    let path = text.trim();
    if path.len() > crate::domain::values::limits::MAX_DOCUMENT_PATH {
        return Err(format!(
            "a document's path is at most {} bytes",
            crate::domain::values::limits::MAX_DOCUMENT_PATH
        ));
    }
    document_parts(path)?;
    Ok(plain(path))
}

/// The folders and file name of a document's path, `/` separated (empty and `.` parts
/// left out), or why the path may not name a document: it is absolute, or it climbs out
/// of the documents folder with `..`.
pub(crate) fn document_parts(path: &str) -> Result<Vec<&str>, String> {
    let bytes = path.as_bytes();
    let drive = bytes.len() >= 2 && bytes[0].is_ascii_alphabetic() && bytes[1] == b':';
    if path.starts_with(['/', '\\']) || drive {
        return Err(format!(
            "{path} is an absolute path; a document's path is relative to the documents folder (the folder of drafts), e.g. documents/neca-ocn-notice.pdf"
        ));
    }
    let parts: Vec<&str> = path
        .split('/')
        .filter(|p| !p.is_empty() && *p != ".")
        .collect();
    if parts.iter().any(|p| p.split('\\').any(|q| q == "..")) {
        return Err(format!(
            "{path} leaves the documents folder (..); a document must be inside it"
        ));
    }
    if parts.is_empty() {
        return Err("a document's path names no file".into());
    }
    Ok(parts)
}

/// Refuses control characters (escape sequences, NUL...); multi-line text keeps newlines and tabs.
fn check_characters(text: &str, multi_line: bool) -> Result<(), String> {
    let allowed = |c: char| multi_line && (c == '\n' || c == '\t');
    // By bytes first: a control character is below a space, DEL, or from U+0080 to
    // U+009F (encoded after 0xC2); text without those bytes has none.
    // Folded without stopping early, so that the compiler checks many bytes at a time.
    let plain = |b: u8| b >= 0x20 && b != 0x7f && b != 0xc2;
    let clean = match multi_line {
        true => (text.bytes()).fold(true, |ok, b| ok & (plain(b) | (b == b'\n') | (b == b'\t'))),
        false => text.bytes().fold(true, |ok, b| ok & plain(b)),
    };
    if clean {
        return Ok(());
    }
    match text.chars().find(|c| c.is_control() && !allowed(*c)) {
        None => Ok(()),
        Some('\n') => Err("must be a single line".into()),
        Some(c) => Err(format!("contains a control character (U+{:04X})", c as u32)),
    }
}

fn check_length(text: &str, min: Option<usize>, max: Option<usize>) -> Result<(), String> {
    let n = text.chars().count();
    if let Some(min) = min
        && n < min
    {
        return Err(format!("must be at least {min} characters (has {n})"));
    }
    if let Some(max) = max
        && n > max
    {
        return Err(format!("must be at most {max} characters (has {n})"));
    }
    Ok(())
}

fn check_range<T: PartialOrd + std::fmt::Display>(
    n: T,
    min: Option<T>,
    max: Option<T>,
) -> Result<(), String> {
    match (min, max) {
        (Some(min), Some(max)) if n < min || n > max => {
            Err(format!("must be between {min} and {max}"))
        }
        (Some(min), _) if n < min => Err(format!("must be {min} or more")),
        (_, Some(max)) if n > max => Err(format!("must be {max} or less")),
        _ => Ok(()),
    }
}

fn check_count(n: usize, min: Option<usize>, max: Option<usize>, what: &str) -> Verdict {
    let plural = |k: usize| if k == 1 { "" } else { "s" };
    if let Some(min) = min
        && n < min
    {
        return Err(format!("pick at least {min} {what}{}", plural(min)));
    }
    if let Some(max) = max
        && n > max
    {
        return Err(format!("pick at most {max} {what}{}", plural(max)));
    }
    Ok(None)
}

fn parse_yes_no(text: &str) -> Result<bool, String> {
    match text.to_ascii_lowercase().as_str() {
        "y" | "yes" | "true" => Ok(true),
        "n" | "no" | "false" => Ok(false),
        _ => Err("answer yes or no".into()),
    }
}

fn split_list(text: &str) -> impl Iterator<Item = &str> {
    text.split(',').map(str::trim).filter(|s| !s.is_empty())
}

fn dedup_keep_order(v: &mut Vec<String>) {
    let mut seen = std::collections::HashSet::new();
    v.retain(|s| seen.insert(s.clone()));
}

/// Finds an option by value or label (case-insensitive) and returns its value.
fn match_option(options: &[ChoiceOption], text: &str) -> Result<String, String> {
    let text = text.trim();
    let loose = |s: &str| s.to_ascii_lowercase().replace(['-', ' '], "_");
    options
        .iter()
        .find(|o| o.value().eq_ignore_ascii_case(text) || o.label().eq_ignore_ascii_case(text))
        .or_else(|| options.iter().find(|o| loose(o.value()) == loose(text)))
        .map(|o| o.value().to_string())
        .ok_or_else(|| {
            format!(
                "{text:?} is not one of the choices ({})",
                list_options(options)
            )
        })
}

fn list_options(options: &[ChoiceOption]) -> String {
    options
        .iter()
        .map(|o| o.value())
        .collect::<Vec<_>>()
        .join(", ")
}

/// What a typed answer must look like, in words with an example
/// (`EIN: 9 digits, e.g. 12-3456789`), for the kinds that check a shape: identifiers,
/// phone, ZIP, e-mail, numbers, dates and documents. None where the answer is free
/// text or picked from a list. The examples are the error messages' own
/// ([`ids::shape`]).
pub fn expected(kind: &FieldKind) -> Option<String> {
    let shape = match kind {
        FieldKind::Ocn => ids::shape::OCN,
        FieldKind::Spid => ids::shape::SPID,
        FieldKind::Acna => ids::shape::ACNA,
        FieldKind::Cic => ids::shape::CIC,
        FieldKind::Clli { length } => ids::clli_shape(*length),
        FieldKind::NpaNxx => ids::shape::NPA_NXX,
        FieldKind::Phone => ids::shape::PHONE,
        FieldKind::Lata => ids::shape::LATA,
        FieldKind::PointCode => ids::shape::POINT_CODE,
        FieldKind::Rao => ids::shape::RAO,
        FieldKind::Frn => ids::shape::FRN,
        FieldKind::Filer499 => ids::shape::FILER_499,
        FieldKind::Ein => ids::shape::EIN,
        FieldKind::Zip => ids::shape::ZIP,
        FieldKind::Email => ids::shape::EMAIL,
        FieldKind::IcaTracking => ids::shape::ICA_TRACKING,
        FieldKind::Integer { min, max } => return Some(range("a whole number", *min, *max)),
        FieldKind::Decimal { min, max } => return Some(range("a number", *min, *max)),
        FieldKind::Date { .. } => return Some("a date, YYYY-MM-DD, e.g. 2026-07-01".into()),
        FieldKind::Document => {
            return Some(
                "a file's path inside the documents folder (the folder of drafts), \
                 e.g. documents/neca-ocn-notice.pdf"
                    .into(),
            );
        }
        _ => return None,
    };
    Some(format!("{}: {}", shape.name, shape.described()))
}

/// A number's kind in words with its bounds: `a whole number from 0 to 200`.
fn range<T: std::fmt::Display>(what: &str, min: Option<T>, max: Option<T>) -> String {
    match (min, max) {
        (Some(a), Some(b)) => format!("{what} from {a} to {b}"),
        (Some(a), None) => format!("{what}, at least {a}"),
        (None, Some(b)) => format!("{what}, at most {b}"),
        (None, None) => what.to_string(),
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn every_control_character_is_found_by_the_byte_scan_too() {
        for c in (0..=0x10ffff).filter_map(char::from_u32) {
            for multi_line in [false, true] {
                let text = format!("Société {c} 東京");
                let by_chars = text
                    .chars()
                    .any(|c| c.is_control() && !(multi_line && (c == '\n' || c == '\t')));
                assert_eq!(
                    check_characters(&text, multi_line).is_err(),
                    by_chars,
                    "U+{:04X}",
                    c as u32
                );
            }
        }
    }

    use super::*;
    use crate::domain::form::schema::Pattern;
    use crate::domain::values::states::Region;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()
    }

    fn parse(kind: &FieldKind, input: &str) -> Result<Option<Answer>, String> {
        kind.parse_input(input, today())
    }

    fn text(s: &str) -> Option<Answer> {
        Some(Answer::Text(s.into()))
    }

    fn opts() -> Vec<ChoiceOption> {
        vec![
            ChoiceOption("nta".into(), "NTA as is".into(), None),
            ChoiceOption("opt_in".into(), "Opt-in".into(), None),
        ]
    }

    #[test]
    fn empty_input_is_no_answer() {
        assert_eq!(parse(&FieldKind::Email, "   "), Ok(None));
    }

    #[test]
    fn text_length_pattern_and_control_characters() {
        let kind = FieldKind::Text {
            min_len: Some(2),
            max_len: Some(5),
            pattern: Some(Pattern::new("[A-Z]+")),
            pattern_message: Some("capitals only".into()),
        };
        assert_eq!(parse(&kind, "ABC"), Ok(text("ABC")));
        assert!(parse(&kind, "A").unwrap_err().contains("at least 2"));
        assert!(parse(&kind, "ABCDEF").unwrap_err().contains("at most 5"));
        assert_eq!(parse(&kind, "abc").unwrap_err(), "capitals only");
        assert!(
            parse(&kind, "AB\u{1b}[2J")
                .unwrap_err()
                .contains("control character")
        );
        assert!(parse(&kind, "A\nB").unwrap_err().contains("single line"));
    }

    #[test]
    fn multi_line_keeps_newlines_but_not_escapes() {
        let kind = FieldKind::MultiLine { max_len: Some(20) };
        assert_eq!(parse(&kind, "line 1\nline 2\n"), Ok(text("line 1\nline 2")));
        assert!(parse(&kind, "a\u{1b}b").is_err());
        assert!(parse(&kind, &"x".repeat(21)).is_err());
    }

    #[test]
    fn numbers() {
        let kind = FieldKind::Integer {
            min: Some(0),
            max: Some(1000),
        };
        assert_eq!(parse(&kind, "1,000"), Ok(text("1000")));
        assert!(
            parse(&kind, "-1")
                .unwrap_err()
                .contains("between 0 and 1000")
        );
        assert!(parse(&kind, "1.5").unwrap_err().contains("whole number"));
        let kind = FieldKind::Decimal {
            min: Some(0.5),
            max: None,
        };
        assert_eq!(parse(&kind, "2.25"), Ok(text("2.25")));
        assert!(parse(&kind, "0.1").unwrap_err().contains("0.5 or more"));
        assert!(parse(&kind, "NaN").is_err());
    }

    #[test]
    fn dates() {
        let kind = FieldKind::Date {
            min: NaiveDate::from_ymd_opt(2020, 1, 1),
            max: None,
            not_in_future: true,
        };
        assert_eq!(parse(&kind, "2026-01-31"), Ok(text("2026-01-31")));
        assert!(
            parse(&kind, "2026-02-30")
                .unwrap_err()
                .contains("YYYY-MM-DD")
        );
        assert!(parse(&kind, "31/01/2026").is_err());
        assert!(parse(&kind, "2026-11-26").unwrap_err().contains("future"));
        assert!(
            parse(&kind, "2019-12-31")
                .unwrap_err()
                .contains("2020-01-01 or more")
        );
        let open = FieldKind::Date {
            min: None,
            max: None,
            not_in_future: false,
        };
        assert!(
            parse(&open, "1899-12-31")
                .unwrap_err()
                .contains("1900-01-01 to 2199-12-31")
        );
        assert!(parse(&open, "2200-01-01").unwrap_err().contains("outside"));
        assert_eq!(parse(&open, "1900-01-01"), Ok(text("1900-01-01")));
        assert_eq!(parse(&open, "2199-12-31"), Ok(text("2199-12-31")));
    }

    #[test]
    fn yes_no() {
        assert_eq!(parse(&FieldKind::YesNo, "Y"), Ok(Some(Answer::YesNo(true))));
        assert_eq!(
            parse(&FieldKind::YesNo, "no"),
            Ok(Some(Answer::YesNo(false)))
        );
        assert!(parse(&FieldKind::YesNo, "maybe").is_err());
        assert!(
            FieldKind::YesNo
                .check(&Answer::Text("yes".into()), today())
                .is_err()
        );
    }

    #[test]
    fn choices_by_value_or_label() {
        let kind = FieldKind::Choice {
            options: opts(),
            shared: None,
        };
        assert_eq!(parse(&kind, "opt-in"), Ok(text("opt_in")));
        assert_eq!(parse(&kind, "Opt In"), Ok(text("opt_in")));
        assert_eq!(parse(&kind, "NTA"), Ok(text("nta")));
        assert!(
            parse(&kind, "tariff")
                .unwrap_err()
                .contains("not one of the choices (nta, opt_in)")
        );
    }

    #[test]
    fn multiple_choice_counts_and_dedups() {
        let kind = FieldKind::MultiChoice {
            options: opts(),
            shared: None,
            min: Some(1),
            max: Some(1),
        };
        assert_eq!(
            parse(&kind, "nta, NTA"),
            Ok(Some(Answer::Many(vec!["nta".into()])))
        );
        assert!(
            parse(&kind, "nta,opt_in")
                .unwrap_err()
                .contains("at most 1 choice")
        );
        assert!(
            kind.check(&Answer::Many(vec![]), today())
                .unwrap_err()
                .contains("at least 1")
        );
    }

    #[test]
    fn states_single_and_multiple() {
        let kind = FieldKind::States {
            only: None,
            min: Some(1),
            max: None,
        };
        assert_eq!(
            parse(&kind, "co, Utah"),
            Ok(Some(Answer::Many(vec!["CO".into(), "UT".into()])))
        );
        assert!(parse(&kind, "CO, XX").is_err());
        let kind = FieldKind::State {
            only: Some(Region::Qc),
        };
        assert_eq!(parse(&kind, "wa"), Ok(text("WA")));
        assert!(parse(&kind, "TX").unwrap_err().contains("outside"));
    }

    #[test]
    fn identifiers_are_normalized() {
        assert_eq!(parse(&FieldKind::Ein, "123456789"), Ok(text("12-3456789")));
        assert_eq!(
            parse(
                &FieldKind::Clli {
                    length: crate::domain::values::ids::ClliLength::Eleven
                },
                "dnvrcomads0"
            ),
            Ok(text("DNVRCOMADS0"))
        );
        assert!(parse(&FieldKind::Ocn, "12345").unwrap_err().contains("OCN"));
    }

    #[test]
    fn stored_values_are_rechecked() {
        let verdict = FieldKind::Ocn.check(&Answer::Text("12ab".into()), today());
        assert_eq!(verdict, Ok(Some("will be saved as 12AB".into())));
        assert!(
            FieldKind::Ocn
                .check(&Answer::Text("1".into()), today())
                .is_err()
        );
        assert!(
            FieldKind::Ocn
                .check(&Answer::AskLater("ask NECA".into()), today())
                .is_ok()
        );
        assert!(FieldKind::Note.parse_input("x", today()).is_err());
    }
}
