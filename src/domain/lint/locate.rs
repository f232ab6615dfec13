//! Where a problem is in a form file's text.

/// Line and column (1-based) of the `nth` definition `id: "anchor"` in `text` (else of the
/// first `"anchor"`, or of the bare word); (0, 0) when absent.
pub(crate) fn locate(text: &str, anchor: &str, nth: usize) -> (usize, usize) {
    let definition = format!("id: \"{anchor}\"");
    let found: Vec<usize> = text
        .match_indices(&definition)
        .map(|(i, _)| i + 4)
        .collect();
    let offset = found
        .get(nth)
        .or(found.first())
        .copied()
        .or_else(|| text.find(&format!("\"{anchor}\"")))
        .or_else(|| text.find(anchor));
    let Some(offset) = offset else {
        return (0, 0);
    };
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let col = before.len() - before.rfind('\n').map_or(0, |i| i + 1) + 1;
    (line, col)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locate_finds_quoted_ids() {
        let text = "(\n  id: \"x\",\n  fields: [(id: \"ein\"), (id: \"ein\")]\n)";
        assert_eq!(locate(text, "ein", 0), (3, 17));
        assert_eq!(locate(text, "ein", 1), (3, 30));
        assert_eq!(locate(text, "ein", 2), (3, 17), "falls back to the first");
        assert_eq!(locate("to: \"a@b.c\"", "a@b.c", 0), (1, 5));
        assert_eq!(locate(text, "nothing", 0), (0, 0));
    }
}
