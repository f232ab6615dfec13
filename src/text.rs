//! Text measured in terminal columns, the one place that does it.
//!
//! Counting characters misplaces everything after a wide character (CJK takes two columns)
//! or a combining accent (none), so lists, tables and wrapped text all measure with
//! [`width`] here. No terminal library is used: the command line, the exports and the
//! wizard share these helpers.

use textwrap::{Options, WordSeparator, WrapAlgorithm};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// The narrowest width [`wrap`] wraps to: below it a line holds almost nothing, and a
/// zero width would never end.
const MIN_WRAP: usize = 10;

/// The columns `text` takes in a terminal (wide characters count 2, combining marks 0).
pub fn width(text: &str) -> usize {
    text.width()
}

/// `text` cut to fit in `cols` columns, ending with `…` when something was cut, so a
/// reader sees that it goes on. Characters are never split, and a wide character that
/// would straddle the edge is left out whole.
pub fn clip(text: &str, cols: usize) -> String {
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
pub fn pad(text: &str, cols: usize) -> String {
    let mut out = clip(text, cols);
    let used = width(&out);
    out.extend(std::iter::repeat_n(' ', cols.saturating_sub(used)));
    out
}

/// `text` wrapped at spaces into lines of at most `cols` columns (at least 10).
///
/// Explicit line breaks (`\n` or `\r\n`) start new lines, and a word longer than a line is
/// broken, so nothing runs past the edge. Empty text gives one empty line, so a caller
/// always has a line to show. Lines break only at ASCII spaces and fill greedily, which
/// keeps the result predictable for tests and matches what users type.
pub fn wrap(text: &str, cols: usize) -> Vec<String> {
    let options = Options::new(cols.max(MIN_WRAP))
        .word_separator(WordSeparator::AsciiSpace)
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

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

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
        fn wrapped_lines_fit(text in "[a-z日本 \n]{0,60}", cols in 10usize..30) {
            for line in wrap(&text, cols) {
                prop_assert!(width(&line) <= cols, "{:?}", line);
            }
        }
    }
}
