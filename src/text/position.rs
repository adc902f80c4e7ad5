//! Line numbers in source text, for errors that name the line of a TOML file (catalog,
//! question bank, plan) from a position the TOML parser gives.

/// 1-based line of byte offset `pos` in `src` (clamped to the end).
pub fn line_at(src: &str, pos: usize) -> usize {
    src.as_bytes()[..pos.min(src.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// Where a TOML parse error is: its byte offset and the key it names (the parser quotes it in
/// backticks), or `(syntax)`.
pub fn toml_error_place(e: &toml::de::Error) -> (usize, String) {
    let key = e.message().split('`').nth(1).unwrap_or("(syntax)");
    (e.span().map_or(0, |s| s.start), key.to_string())
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
    }
}
