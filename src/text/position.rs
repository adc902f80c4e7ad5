//! Line numbers in source text, for errors that name the line of a TOML file (catalog,
//! question bank, plan).

/// 1-based line of byte offset `pos` in `src` (clamped to the end).
pub fn line_at(src: &str, pos: usize) -> usize {
    src.as_bytes()[..pos.min(src.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// 1-based line of the `nth` (0-based) `id = "…"` entry whose value is `id`, or 0 if none.
/// Used where entries are read as plain strings and a later check needs their line.
pub fn line_of_id(src: &str, id: &str, nth: usize) -> usize {
    let needle = format!("\"{id}\"");
    src.lines()
        .enumerate()
        .filter(|(_, l)| {
            let t = l.trim_start();
            t.starts_with("id") && t.contains(&needle)
        })
        .nth(nth)
        .map_or(0, |(i, _)| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines() {
        let src = "a = 1\nid = \"x\"\n\nid = \"x\"\n";
        assert_eq!(line_at(src, 0), 1);
        assert_eq!(line_at(src, 6), 2);
        assert_eq!(line_at(src, 999), 5);
        assert_eq!(line_of_id(src, "x", 0), 2);
        assert_eq!(line_of_id(src, "x", 1), 4);
        assert_eq!(line_of_id(src, "y", 0), 0);
    }
}
