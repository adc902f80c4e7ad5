//! `str::trim` and its halves, quicker for the usual line: one that starts and ends with a
//! character told by its bytes to be no white space. `str::trim_*` decodes the character
//! and looks it up in Unicode's White_Space table; over every line of a folder of Chinese
//! procedures that lookup cost more than the heading tests the trimming was for.

/// Whether the character that starts with byte `lead` (followed by `next`, `last`) is surely
/// not white space. White_Space outside ASCII is U+0085, U+00A0 (lead C2), U+1680 (E1),
/// U+2000..U+205F (E2) and U+3000 (E3 80 80); Han and CJK punctuation (E3..EF) and
/// ASCII other than the blanks are told here, anything else is left to the standard test.
fn surely_not_space(lead: u8, next: u8, last: u8) -> bool {
    match lead {
        b'\t'..=b'\r' | b' ' => false,
        0x00..=0x7F => true,
        0xE4..=0xEF => true,
        0xE3 => (next, last) != (0x80, 0x80),
        _ => false,
    }
}

/// `s.trim_start()`.
pub fn trim_start(s: &str) -> &str {
    let b = s.as_bytes();
    match b.first() {
        None => s,
        Some(&c) if surely_not_space(c, byte(b, 1), byte(b, 2)) => s,
        Some(_) => s.trim_start(),
    }
}

/// `s.trim_end()`.
pub fn trim_end(s: &str) -> &str {
    let b = s.as_bytes();
    let n = b.len();
    let last = match b.last() {
        None => return s,
        Some(&c) => c,
    };
    // The last character's lead byte: the byte itself when ASCII; for a three-byte
    // character the third byte from the end, which is then a lead byte of E0..EF.
    let sure = if last < 0x80 {
        surely_not_space(last, 0, 0)
    } else {
        n >= 3 && (0xE0..=0xEF).contains(&b[n - 3]) && surely_not_space(b[n - 3], b[n - 2], last)
    };
    if sure { s } else { s.trim_end() }
}

/// `s.trim()`.
pub fn trim(s: &str) -> &str {
    trim_end(trim_start(s))
}

fn byte(b: &[u8], i: usize) -> u8 {
    b.get(i).copied().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_to_the_standard_trims() {
        // Every character alone, between letters, and at both ends of a line.
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            for s in [
                c.to_string(),
                format!("{c}a{c}"),
                format!("a{c}"),
                format!("{c}a"),
                format!("{c}{c}中"),
                format!("中{c}{c}"),
            ] {
                assert_eq!(trim_start(&s), s.trim_start(), "{s:?}");
                assert_eq!(trim_end(&s), s.trim_end(), "{s:?}");
                assert_eq!(trim(&s), s.trim(), "{s:?}");
            }
        }
        for s in [
            "",
            " ",
            "\u{3000}",
            " 质量 ",
            "\u{3000}审核。\u{3000}",
            "abc\t\n",
            "é ",
        ] {
            assert_eq!(trim(s), s.trim(), "{s:?}");
        }
    }
}
