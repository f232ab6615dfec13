//! Text measured in terminal columns, the one place that does it.
//!
//! Counting characters misplaces everything after a wide character (CJK takes two columns)
//! or a combining accent (none), so lists, tables and wrapped text all measure with
//! [`width`] here. No terminal library is used: the command line, the exports and the
//! wizard share these helpers.
//!
//! Text read from a draft or a form can hold anything a text editor can type, escape
//! sequences included: [`visible`] (and [`visible_lines`], which keeps line breaks) shows
//! such characters as `\u{1b}` instead of letting a terminal act on them.

use std::borrow::Cow;
use std::fmt::Write as _;

use textwrap::{Options, WordSeparator, WordSplitter, WrapAlgorithm};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// The narrowest width [`wrap`] wraps to: below it a line holds almost nothing, and a
/// zero width would never end.
const MIN_WRAP: usize = 10;

/// Whether a terminal could act on `c` rather than show it: C0 and C1 controls, DEL, and
/// the bidirectional embeddings, overrides, isolates and marks (which reorder what
/// follows them on the screen).
pub fn is_hidden_control(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
        )
}

/// `text` safe to print to a terminal: every [`is_hidden_control`] character (line breaks
/// and tabs included) is shown as `\u{..}`, so `"a\x1b[2J"` prints as `a\u{1b}[2J`.
/// Borrowed when there is nothing to show, which is almost always.
pub fn visible(text: &str) -> Cow<'_, str> {
    escape(text, |_| false)
}

/// [`visible`], keeping line breaks (`\n`) as they are: for multi-line answers and whole
/// blocks of output.
pub(crate) fn visible_lines(text: &str) -> Cow<'_, str> {
    escape(text, |c| c == '\n')
}

/// [`visible`], keeping line breaks and tabs as they are: what every line printed for a
/// person goes through ([`crate::output::Term`]); a tab only moves to the next column.
pub(crate) fn visible_layout(text: &str) -> Cow<'_, str> {
    escape(text, |c| c == '\n' || c == '\t')
}

fn escape(text: &str, keep: impl Fn(char) -> bool) -> Cow<'_, str> {
    let hidden = |c: char| is_hidden_control(c) && !keep(c);
    let Some(first) = text.find(hidden) else {
        return Cow::Borrowed(text);
    };
    let mut out = String::with_capacity(text.len() + 8);
    out.push_str(&text[..first]);
    for c in text[first..].chars() {
        if hidden(c) {
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// The columns `text` takes in a terminal (wide characters count 2, combining marks 0).
pub fn width(text: &str) -> usize {
    text.width()
}

/// `text` cut to fit in `cols` columns, ending with `…` when something was cut, so a
/// reader sees that it goes on. Characters are never split, and a wide character that
/// would straddle the edge is left out whole.
pub(crate) fn clip(text: &str, cols: usize) -> String {
    if width(text) <= cols {
        return text.to_string();
    }
    if cols == 0 {
        return String::new();
    }
    let room = cols - 1; // the ellipsis takes one column
    let mut used = 0;
    let mut end = 0;
    for (i, c) in text.char_indices() {
        used += c.width().unwrap_or(1);
        if used > room {
            break;
        }
        end = i + c.len_utf8();
    }
    let mut kept = &text[..end];
    // A string can be wider than its characters added up (an emoji with a variation
    // selector): drop characters until it really fits.
    while width(kept) > room {
        let last = kept.chars().next_back().map_or(0, char::len_utf8);
        kept = &kept[..kept.len() - last];
    }
    format!("{kept}…")
}

/// `text` clipped to `cols` columns and filled with spaces to exactly `cols`, for table
/// cells and columns (`format!("{:<n}")` pads by characters, not columns).
pub(crate) fn pad(text: &str, cols: usize) -> String {
    let mut out = clip(text, cols);
    let used = width(&out);
    out.extend(std::iter::repeat_n(' ', cols.saturating_sub(used)));
    out
}

/// A count with its noun: `1 row`, `2 rows`, `0 rows` (never `1 row(s)`).
pub fn count(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// `text` wrapped at spaces into lines of at most `cols` columns (at least 10).
///
/// Explicit line breaks (`\n` or `\r\n`) start new lines, and a word longer than a line is
/// broken, so nothing runs past the edge. Empty text gives one empty line, so a caller
/// always has a line to show. Lines break only at ASCII spaces (never at the hyphens of
/// an identifier such as `CDS-250131-0001`) and fill greedily, which keeps the result
/// predictable for tests and matches what users type.
pub fn wrap(text: &str, cols: usize) -> Vec<String> {
    let options = Options::new(cols.max(MIN_WRAP))
        .word_separator(WordSeparator::AsciiSpace)
        .word_splitter(WordSplitter::NoHyphenation)
        .wrap_algorithm(WrapAlgorithm::FirstFit)
        .break_words(true);
    text.split('\n')
        .flat_map(|line| {
            let line = line.strip_suffix('\r').unwrap_or(line);
            textwrap::wrap(line, &options)
                .into_iter()
                .map(|l| l.into_owned())
                .collect::<Vec<_>>()
        })
        .collect()
}

/// `text` wrapped into lines of at most `cols` display columns with a hanging indent:
/// the first line starts with `first`, every other line (those wrapped, and those after
/// a line break in `text`) with `rest`. For printed summaries, where a label starts a
/// line and its answer's continuation lines sit under it. Lines end without trailing
/// spaces; a word longer than a line is broken.
pub(crate) fn wrap_hanging(text: &str, cols: usize, first: &str, rest: &str) -> Vec<String> {
    let cols = cols.max(width(rest) + MIN_WRAP);
    let mut out = Vec::new();
    for (n, line) in text.split('\n').enumerate() {
        let line = line.strip_suffix('\r').unwrap_or(line);
        let start = if n == 0 { first } else { rest };
        let options = Options::new(cols)
            .word_separator(WordSeparator::AsciiSpace)
            .word_splitter(WordSplitter::NoHyphenation)
            .wrap_algorithm(WrapAlgorithm::FirstFit)
            .break_words(true)
            .initial_indent(start)
            .subsequent_indent(rest);
        let lines = textwrap::wrap(line, &options);
        if lines.is_empty() || line.trim().is_empty() {
            out.push(start.trim_end().to_string());
            continue;
        }
        out.extend(lines.into_iter().map(|l| l.trim_end().to_string()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_agree_with_their_number() {
        assert_eq!(count(1, "row", "rows"), "1 row");
        assert_eq!(count(2, "open item", "open items"), "2 open items");
        assert_eq!(count(0, "file", "files"), "0 files");
    }
    use proptest::prelude::*;

    #[test]
    fn hidden_controls_are_shown() {
        assert_eq!(visible("plain é 日本"), "plain é 日本");
        assert!(matches!(visible("plain"), Cow::Borrowed(_)));
        assert_eq!(visible("a\x1b[2Jb"), "a\\u{1b}[2Jb");
        assert_eq!(visible("\u{9b}31m\u{7f}"), "\\u{9b}31m\\u{7f}");
        assert_eq!(visible("x\u{202e}y\u{2066}"), "x\\u{202e}y\\u{2066}");
        assert_eq!(visible("a\nb\tc\r"), "a\\u{a}b\\u{9}c\\u{d}");
        assert_eq!(visible_lines("a\nb\r\n\x07"), "a\nb\\u{d}\n\\u{7}");
        assert_eq!(visible_layout("a\tb\r\n\x1b"), "a\tb\\u{d}\n\\u{1b}");
    }

    #[test]
    fn widths_count_columns() {
        assert_eq!(width("abc"), 3);
        assert_eq!(width("日本語"), 6, "wide characters take two columns");
        assert_eq!(width("e\u{301}"), 1, "a combining accent takes none");
        assert_eq!(width(""), 0);
    }

    #[test]
    fn clipping() {
        assert_eq!(clip("short", 10), "short");
        assert_eq!(clip("exactly10!", 10), "exactly10!");
        assert_eq!(clip("a longer name", 8), "a longe…");
        assert_eq!(clip("日本語日本語", 12), "日本語日本語");
        assert_eq!(clip("日本語日本語", 6), "日本…");
        assert_eq!(clip("日本語日本語", 7), "日本語…");
        assert_eq!(
            clip("日本語日本語", 8),
            "日本語…",
            "a wide character never straddles the edge"
        );
        assert_eq!(clip("abc", 1), "…");
        assert_eq!(clip("abc", 0), "");
        assert_eq!(clip("", 0), "");
    }

    #[test]
    fn padding() {
        assert_eq!(pad("ab", 4), "ab  ");
        assert_eq!(pad("日本", 5), "日本 ");
        assert_eq!(pad("日本語日本語", 8), "日本語… ");
        assert_eq!(pad("abcdef", 4), "abc…");
        assert_eq!(pad("", 3), "   ");
    }

    /// The cases the wizard's own wrap was tested with.
    #[test]
    fn wrapping() {
        assert_eq!(wrap("one two three", 10), ["one two", "three"]);
        assert_eq!(wrap("", 10), [""]);
        assert_eq!(wrap("abcdefghijklmnop", 10), ["abcdefghij", "klmnop"]);
        assert_eq!(
            wrap("日本語日本語日本語", 10),
            ["日本語日本", "語日本語"],
            "wide characters take two columns"
        );
        assert_eq!(wrap("a日本語日本語日本語", 10), ["a日本語日", "本語日本語"]);
    }

    #[test]
    fn identifiers_are_not_split_at_their_hyphens() {
        let text = "tracking number CDS-250131-0001 and ACNA PLX";
        let lines = wrap(text, 24);
        assert!(
            lines.iter().any(|l| l.contains("CDS-250131-0001")),
            "{lines:?}"
        );
        let hanging = wrap_hanging(text, 26, "Ref: ", "     ");
        assert!(
            hanging.iter().any(|l| l.contains("CDS-250131-0001")),
            "{hanging:?}"
        );
        assert!(
            hanging[1..].iter().all(|l| l.starts_with("     ")),
            "{hanging:?}"
        );
    }

    #[test]
    fn wrapping_keeps_line_breaks_and_a_floor() {
        assert_eq!(wrap("a\nb", 20), ["a", "b"]);
        assert_eq!(wrap("a\r\nb", 20), ["a", "b"], "Windows line ends");
        assert_eq!(wrap("a\n\nb", 20), ["a", "", "b"]);
        assert_eq!(
            wrap("one two three four", 3),
            ["one two", "three four"],
            "never narrower than 10 columns"
        );
    }

    #[test]
    fn hanging_indents() {
        assert_eq!(
            wrap_hanging("Label: one two three four", 16, "  ", "      "),
            ["  Label: one two", "      three four"]
        );
        assert_eq!(
            wrap_hanging("a\nb", 20, "  x: ", "     "),
            ["  x: a", "     b"],
            "line breaks continue under the hanging indent"
        );
        assert_eq!(wrap_hanging("", 20, "  ", "    "), [""]);
        let wide = wrap_hanging(&"日本語 ".repeat(20), 30, "- ", "  ");
        assert!(wide.iter().all(|l| width(l) <= 30), "{wide:?}");
        assert!(wide[1..].iter().all(|l| l.starts_with("  日")), "{wide:?}");
    }

    proptest! {
        #[test]
        fn clipped_text_fits(text in "\\PC{0,30}", cols in 0usize..20) {
            let out = clip(&text, cols);
            prop_assert!(width(&out) <= cols);
            prop_assert!(out == text || out.ends_with('…') || out.is_empty());
            let padded = pad(&text, cols);
            prop_assert_eq!(width(&padded), cols);
        }

        #[test]
        fn visible_text_holds_no_control(text in "\\PC{0,20}|[\\x00-\\x{a0}\\x{202a}-\\x{202e}]{0,20}") {
            prop_assert!(!visible(&text).chars().any(is_hidden_control));
            prop_assert!(!visible_lines(&text).chars().any(|c| c != '\n' && is_hidden_control(c)));
        }

        #[test]
        fn hanging_lines_fit(text in "[a-z日本 \n]{0,80}", cols in 20usize..40) {
            for line in wrap_hanging(&text, cols, "  Label: ", "      ") {
                prop_assert!(width(&line) <= cols, "{:?}", line);
            }
        }

        #[test]
        fn wrapped_lines_fit(text in "[a-z日本 \n]{0,60}", cols in 10usize..30) {
            for line in wrap(&text, cols) {
                prop_assert!(width(&line) <= cols, "{:?}", line);
            }
        }
    }
}
