//! Reading a draft written the way [`super::write_disk`] writes it, line by line, at a
//! fraction of what RON's deserializer costs on a large draft (opening a 1.4 MB draft was
//! half parsing). Anything else (a hand edit, a comment between answers, keys out of
//! order, a key given twice, a raw string) is left to RON, which reads it or says where
//! it is wrong: [`read`] either gives what `ron::from_str::<DiskDraft>` gives for the same
//! text, or nothing. The fuzz target `draft_roundtrip` checks that on every input.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};

use super::{DiskDraft, DiskForm, Line, natural_cmp};

/// A draft's file as read here: the answer lines in the order written.
#[derive(Debug)]
pub struct Lines {
    pub format: u32,
    pub created: DateTime<Utc>,
    pub forms: BTreeMap<String, DiskForm>,
    pub answers: Vec<(String, Line)>,
}

impl Lines {
    /// The same file as RON reads it.
    pub fn into_disk(self) -> DiskDraft {
        DiskDraft {
            format: self.format,
            created: self.created,
            forms: self.forms,
            answers: BTreeMap::from_iter(self.answers),
        }
    }
}

/// The draft in `text`, when the text is laid out as drafts are written.
pub fn read(text: &str) -> Option<Lines> {
    let mut lines = text.split('\n');
    // The comment a saved draft starts with (and blank lines) before the value.
    let open = lines.find(|l| !(l.is_empty() || l.starts_with("//")))?;
    if open != "(" {
        return None;
    }
    let format = lines
        .next()?
        .strip_prefix("    format: ")?
        .strip_suffix(',')?;
    let digits = format.bytes().all(|b| b.is_ascii_digit());
    if !digits || !(1..=9).contains(&format.len()) || (format.starts_with('0') && format != "0") {
        return None;
    }
    let created = lines
        .next()?
        .strip_prefix("    created: ")?
        .strip_suffix(',')?;
    let created: DateTime<Utc> = whole_string(created)?.parse().ok()?;
    let forms = block(&mut lines, "forms", |key, value| {
        Some((key, ron_value::<DiskForm>(value)?))
    })?;
    let forms = BTreeMap::from_iter(in_order(forms, |a, b| a < b)?);
    let answers = block(&mut lines, "answers", |key, value| {
        Some((key, line_value(value)?))
    })?;
    let answers = in_order(answers, |a, b| {
        natural_cmp(a, b).then_with(|| a.cmp(b)).is_lt()
    })?;
    // The closing parenthesis, then at most a line break.
    if lines.next()? != ")" || lines.any(|l| !l.is_empty()) {
        return None;
    }
    Some(Lines {
        format: format.parse().ok()?,
        created,
        forms,
        answers,
    })
}

/// The entries of `    NAME: {` ... `    },` (or `    NAME: {},`), each read by `entry`
/// from its key and value.
fn block<'t, V>(
    lines: &mut impl Iterator<Item = &'t str>,
    name: &str,
    entry: impl Fn(String, &'t str) -> Option<(String, V)>,
) -> Option<Vec<(String, V)>> {
    let head = lines.next()?.strip_prefix("    ")?.strip_prefix(name)?;
    match head {
        ": {}," => return Some(Vec::new()),
        ": {" => {}
        _ => return None,
    }
    let mut out = Vec::new();
    for line in lines.by_ref() {
        if line == "    }," {
            return (!out.is_empty()).then_some(out);
        }
        let rest = line.strip_prefix("        ")?.strip_suffix(',')?;
        let (key, rest) = string(rest)?;
        out.push(entry(key, rest.strip_prefix(": ")?)?);
    }
    None
}

/// The entries when each key comes after the one before (so none is given twice: RON
/// says where one is).
fn in_order<V>(
    entries: Vec<(String, V)>,
    before: impl Fn(&str, &str) -> bool,
) -> Option<Vec<(String, V)>> {
    entries
        .windows(2)
        .all(|w| before(&w[0].0, &w[1].0))
        .then_some(entries)
}

/// One answer line's value: the common ones read here, the rest by RON.
fn line_value(value: &str) -> Option<Line> {
    match value {
        "Row" => return Some(Line::Row),
        "YesNo(true)" => return Some(Line::YesNo(true)),
        "YesNo(false)" => return Some(Line::YesNo(false)),
        _ => {}
    }
    if let Some(text) = value
        .strip_prefix("Text(")
        .and_then(|v| v.strip_suffix(')'))
    {
        return whole_string(text).map(Line::Text);
    }
    if let Some(list) = value
        .strip_prefix("Many([")
        .and_then(|v| v.strip_suffix("])"))
    {
        return many(list).map(Line::Many);
    }
    ron_value(value)
}

/// The strings of a `Many` list as written (`"a", "b"`).
fn many(mut list: &str) -> Option<Vec<String>> {
    let mut out = Vec::new();
    while !list.is_empty() {
        if !out.is_empty() {
            list = list.strip_prefix(", ")?;
        }
        let (item, rest) = string(list)?;
        out.push(item);
        list = rest;
    }
    Some(out)
}

/// A value RON reads on its own, when nothing in it can reach past its line: outside
/// strings only the characters of plain values (no comment, no raw or byte string).
fn ron_value<T: serde::de::DeserializeOwned>(value: &str) -> Option<T> {
    let mut rest = value;
    while let Some(i) = rest.find(|c: char| !is_plain(c)) {
        // A string, not a raw (`r"..."`) or byte (`b"..."`) one.
        let after_word = rest[..i].ends_with(|c: char| c.is_ascii_alphanumeric() || c == '_');
        if rest.as_bytes()[i] != b'"' || after_word {
            return None;
        }
        rest = string(&rest[i..])?.1;
    }
    ron::from_str(value).ok()
}

fn is_plain(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || matches!(
            c,
            ' ' | '_' | '(' | ')' | '[' | ']' | ',' | ':' | '.' | '-' | '+'
        )
}

/// `value` when it is one quoted string and nothing else.
fn whole_string(value: &str) -> Option<String> {
    let (s, rest) = string(value)?;
    rest.is_empty().then_some(s)
}

/// A quoted string at the start of `text`, with what follows it. Only the escapes
/// [`super::quoted`] writes (those of `char::escape_debug`) are read here.
fn string(text: &str) -> Option<(String, &str)> {
    let mut rest = text.strip_prefix('"')?;
    // A string ends on its line: the rest of the line is room enough.
    let mut out = String::with_capacity(rest.len());
    loop {
        let at = memchr::memchr2(b'"', b'\\', rest.as_bytes())?;
        out.push_str(&rest[..at]);
        if rest.as_bytes()[at] == b'"' {
            return Some((out, &rest[at + 1..]));
        }
        let (c, after) = escape(&rest[at + 1..])?;
        out.push(c);
        rest = after;
    }
}

/// The character an escape stands for (`text` follows its backslash), and what follows.
fn escape(text: &str) -> Option<(char, &str)> {
    let c = match text.as_bytes().first()? {
        b'n' => '\n',
        b'r' => '\r',
        b't' => '\t',
        b'0' => '\0',
        b'\\' => '\\',
        b'"' => '"',
        b'\'' => '\'',
        b'u' => {
            let hex = text.strip_prefix("u{")?;
            let close = hex.find('}')?;
            let digits = hex[..close].bytes().all(|b| b.is_ascii_hexdigit());
            if !digits || !(1..=6).contains(&close) {
                return None;
            }
            let c = char::from_u32(u32::from_str_radix(&hex[..close], 16).ok()?)?;
            return Some((c, &hex[close + 1..]));
        }
        _ => return None,
    };
    Some((c, &text[1..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn by_ron(text: &str) -> Option<DiskDraft> {
        ron::from_str(text).ok()
    }

    #[test]
    fn the_example_and_saved_drafts_read_as_ron_reads_them() {
        let example = include_str!("../../../saves/example.ron");
        let fast = read(example).expect("the example is written as drafts are");
        assert!(fast.answers.len() > 300);
        let fast = fast.into_disk();
        assert_eq!(Some(fast.clone()), by_ron(example));
        let saved = super::super::write_disk(&fast);
        assert_eq!(read(&saved).map(Lines::into_disk), by_ron(&saved));
        assert_eq!(read(&saved).map(Lines::into_disk), Some(fast));
    }

    #[test]
    fn escapes_read_as_ron_reads_them() {
        for value in [
            "a\nb\tc\r\\\"'",
            "\u{1b}[31m\u{0}",
            "\u{301}accent",
            "Société 東京",
            "",
        ] {
            let mut quoted = String::new();
            super::super::quoted(&mut quoted, value);
            assert_eq!(whole_string(&quoted).as_deref(), Some(value), "{quoted}");
            let ron: String = ron::from_str(&quoted).unwrap();
            assert_eq!(ron, value);
        }
    }

    #[test]
    fn what_is_not_written_as_drafts_are_is_left_to_ron() {
        let example = include_str!("../../../saves/example.ron");
        let edits = [
            // A comment after a value could hide the comma RON needs.
            example.replacen("Text(\"CO\"),", "Text(\"CO\") // x,", 1),
            // Keys out of order (a hand edit, a key given twice).
            example.replacen(
                "\"agreement-request.agreements[1-t4jw]\": Row,",
                "\"zzz.a\": Row,",
                1,
            ),
            // A line the writer does not write: RON reads the format as it may.
            example.replacen("format: 2,", "format: 02,", 1),
            example.replace("(\n    format", "(\r\n    format"),
            example.replacen("Text(\"CO\")", "Text(r\"CO\")", 1),
            example.replacen("Text(\"CO\")", "Text(\"C\\x4f\")", 1),
            example.replacen("Text(\"CO\")", "Text( \"CO\")", 1),
            format!("{example}x"),
        ];
        for (i, text) in edits.iter().enumerate() {
            assert_ne!(text, example, "edit {i} changes the file");
            assert!(read(text).is_none(), "edit {i}");
        }
    }

    #[test]
    fn values_ron_reads_are_only_those_within_their_line() {
        let value = "Conflict(Some(Text(\"a // b\")), None)";
        assert!(matches!(line_value(value), Some(Line::Conflict(..))));
        assert_eq!(line_value("Conflict(Some(Text(\"a\")), None) // c"), None);
        assert_eq!(line_value("Conflict(Some(Text(r\"a\")), None)"), None);
    }
}
