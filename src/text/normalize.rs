use unicode_normalization::UnicodeNormalization;

/// True for Han ideographs (CJK unified, extensions A and B, compatibility ideographs).
pub fn is_han(c: char) -> bool {
    matches!(c as u32,
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2A6DF | 0x2A700..=0x2EBEF)
}

/// Join a line broken between two Han characters (PDF and hard-wrapped text split
/// `内部审\n核`), dropping the break and the spaces around it. Other breaks stay.
/// Works on byte offsets: the text between breaks is copied in whole runs.
pub fn join_han_breaks(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    // Text up to `i` is handled; between breaks whole runs are copied at once.
    while let Some(off) = memchr::memchr2(b'\n', b'\r', &s.as_bytes()[i..]) {
        out.push_str(&s[i..i + off]);
        i += off;
        // The run of whitespace containing this break.
        let j = s[i..]
            .char_indices()
            .find(|(_, c)| !c.is_whitespace())
            .map_or(s.len(), |(k, _)| i + k);
        let k = out.trim_end_matches([' ', '\t', '\u{3000}']).len();
        let prev = out[..k].chars().next_back();
        let next = s[j..].chars().next();
        let breaks = s[i..j].bytes().filter(|&b| b == b'\n').count();
        if breaks <= 1 && prev.is_some_and(is_han) && next.is_some_and(is_han) {
            out.truncate(k);
            i = j;
        } else {
            // Keep this break character; the rest of the run is looked at on its own.
            let c = s[i..].chars().next().expect("a break character");
            out.push(c);
            i += c.len_utf8();
        }
    }
    out.push_str(&s[i..]);
    out
}

/// Characters NFKC keeps as they are, that have combining class 0 and that never combine with
/// what comes before them: ASCII and the unified Han ideographs. Text can be cut before any of
/// them and normalised piece by piece (a normalisation boundary, UAX #15), and a piece made of
/// one of them alone is already normal. Chinese and English procedures are almost all such
/// characters, so only the short pieces around full-width punctuation go through NFKC.
fn is_nfkc_boundary(c: char) -> bool {
    c.is_ascii()
        || matches!(c as u32, 0x4E00..=0x9FFF | 0x3400..=0x4DBF)
        // 、。《》【】 “ ” ‘ ’ —: Chinese punctuation without a decomposition.
        || matches!(
            c,
            '\u{3001}' | '\u{3002}' | '\u{300A}' | '\u{300B}' | '\u{3010}' | '\u{3011}'
                | '\u{201C}' | '\u{201D}' | '\u{2018}' | '\u{2019}' | '\u{2014}'
        )
}

/// Full-width ASCII (，：；（）ＩＳＯ９…, U+FF01..U+FF5E): NFKC maps each to the one ASCII
/// character 0xFEE0 below it, which combines with nothing before it.
fn full_width_ascii(c: char) -> Option<char> {
    matches!(c as u32, 0xFF01..=0xFF5E)
        .then(|| char::from_u32(c as u32 - 0xFEE0))
        .flatten()
}

/// NFKC, the same result as `s.nfkc().collect()`, computed piece by piece between
/// normalisation boundaries so that text already in NFKC is copied instead of decomposed
/// and recomposed character by character. The scan reads UTF-8 lead bytes directly: ASCII
/// and three-byte Han are told apart without decoding every character.
pub(crate) fn nfkc(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    // `s[..done]` is written; the current piece starts at `piece`. `plain` while the piece is
    // one boundary character (or the empty start of the text); `wide` while everything after
    // its boundary character is full-width ASCII, which maps one character to one.
    let (mut done, mut piece, mut plain, mut wide) = (0, 0, true, true);
    let flush = |out: &mut String, done: usize, piece: usize, end: usize, wide: bool| {
        out.push_str(&s[done..piece]);
        if wide {
            let mut chars = s[piece..end].chars();
            if piece > 0 || is_nfkc_boundary(s[piece..end].chars().next().unwrap_or('a')) {
                out.extend(chars.next());
            }
            out.extend(chars.filter_map(full_width_ascii));
        } else {
            out.extend(s[piece..end].nfkc());
        }
    };
    let mut i = 0;
    while i < b.len() {
        let lead = b[i];
        let (len, c) = match lead {
            0x00..=0x7F => (1, char::from(lead)),
            0xE0..=0xEF => {
                // `s` is valid UTF-8, so the two continuation bytes are there.
                let cp = (u32::from(lead & 0x0F) << 12)
                    | (u32::from(b[i + 1] & 0x3F) << 6)
                    | u32::from(b[i + 2] & 0x3F);
                (3, char::from_u32(cp).unwrap_or('\u{FFFD}'))
            }
            0xF0..=0xFF => (4, '\u{10000}'),
            _ => (2, '\u{80}'),
        };
        if lead < 0x80 || (len == 3 && is_nfkc_boundary(c)) {
            if !plain {
                flush(&mut out, done, piece, i, wide);
                done = i;
            }
            piece = i;
            plain = true;
            wide = true;
        } else {
            plain = false;
            wide = wide && len == 3 && full_width_ascii(c).is_some();
        }
        i += len;
    }
    if plain {
        out.push_str(&s[done..]);
    } else {
        flush(&mut out, done, piece, s.len(), wide);
    }
    out
}

/// The text as matched: NFKC (folds full-width ＩＳＯ９００１ and compatibility ideographs such
/// as U+F967 不 that PDF extractors produce), CRLF to LF, Han line breaks joined.
pub fn normalize(s: &str) -> String {
    let nfkc = nfkc(s);
    let lf = if nfkc.contains('\r') {
        nfkc.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        nfkc
    };
    if !lf.contains('\n') {
        return lf;
    }
    join_han_breaks(&lf)
}

/// Synonym sets of DESIGN.md, each folded to its first (canonical) member.
const SYNONYMS: &[(&str, &[&str])] = &[
    ("成文信息", &["形成文件的信息", "文件化信息"]),
    ("不符合", &["不合格"]),
    ("一般", &["轻微"]),
    ("岗位", &["角色"]),
    ("顾客", &["服务对象", "申请人", "行政相对人"]),
];

/// Replace every synonym by its canonical term (形成文件的信息 → 成文信息).
pub fn canonical_terms(s: &str) -> String {
    let mut out = s.to_string();
    for (canon, others) in SYNONYMS {
        for o in *others {
            if out.contains(o) {
                out = out.replace(o, canon);
            }
        }
    }
    out
}

/// Fold for a search: NFKC, lower case, synonyms canonical, whitespace collapsed.
pub fn normalize_for_search(s: &str) -> String {
    let n: String = s.nfkc().collect::<String>().to_lowercase();
    let n = canonical_terms(&n);
    n.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joins_only_between_han() {
        assert_eq!(join_han_breaks("内部审\n核应按"), "内部审核应按");
        assert_eq!(join_han_breaks("内部审 \r\n 核"), "内部审核");
        assert_eq!(join_han_breaks("audit\nplan"), "audit\nplan");
        assert_eq!(join_han_breaks("审核。\n\n第二段"), "审核。\n\n第二段");
        assert_eq!(join_han_breaks("标题\n\n正文"), "标题\n\n正文");
    }

    #[test]
    fn nfkc_folds_width_and_compatibility() {
        assert_eq!(normalize("ＩＳＯ９００１"), "ISO9001");
        assert_eq!(normalize("\u{F967}合格"), "不合格");
        assert_eq!(normalize("a\r\nb"), "a\nb");
    }

    /// The piecewise NFKC gives exactly what the whole-string NFKC gives, on the cases where
    /// a boundary character meets combining marks, compatibility forms and Hangul.
    #[test]
    fn piecewise_nfkc_equals_nfkc() {
        let pool: Vec<char> = "aeAZ 9.,\n审核不。、《》“”—，；（）：ＩＳＯ９Ｅ～！\u{F967}\u{0301}\u{030A}\u{0308}\u{0323}\u{3099}\u{309A}か\u{1100}\u{1161}\u{11A8}가ﬁ①㎡\u{00A0}\u{3000}é\u{2126}\u{212B}\u{0B47}\u{0B3E}"
            .chars()
            .collect();
        let mut seed = 12345u64;
        for _ in 0..4000 {
            let mut s = String::new();
            for _ in 0..(seed % 12) {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                s.push(pool[(seed >> 33) as usize % pool.len()]);
            }
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1);
            let want: String = s.nfkc().collect();
            assert_eq!(nfkc(&s), want, "{s:?}");
        }
        let punct = [
            0x3001, 0x3002, 0x300A, 0x300B, 0x3010, 0x3011, 0x201C, 0x201D, 0x2018, 0x2019, 0x2014,
        ];
        for c in (0x3400..=0x4DBF)
            .chain(0x4E00..=0x9FFF)
            .chain(0..0x80)
            .chain(punct)
        {
            let c = char::from_u32(c).unwrap();
            assert!(is_nfkc_boundary(c));
            assert_eq!(c.to_string().nfkc().collect::<String>(), c.to_string());
            assert_eq!(unicode_normalization::char::canonical_combining_class(c), 0);
        }
        for c in 0xFF01..=0xFF5E {
            let c = char::from_u32(c).unwrap();
            let want: String = c.to_string().nfkc().collect();
            assert_eq!(full_width_ascii(c).map(String::from), Some(want));
        }
    }

    #[test]
    fn join_keeps_lone_breaks_and_whitespace_runs() {
        for s in [
            "a\r\nb",
            "审\n\n核",
            "审 \n\t核x\ny",
            "\n审\n",
            "审\r核",
            "审\u{3000}\n 核",
            "x\n",
            "",
        ] {
            let want = reference_join(s);
            assert_eq!(join_han_breaks(s), want, "{s:?}");
        }
    }

    /// The character-vector version `join_han_breaks` replaced, kept to check it against.
    fn reference_join(s: &str) -> String {
        let chars: Vec<char> = s.chars().collect();
        let mut out = String::new();
        let mut i = 0;
        while i < chars.len() {
            let c = chars[i];
            if c == '\n' || c == '\r' {
                let mut j = i;
                while j < chars.len() && chars[j].is_whitespace() {
                    j += 1;
                }
                let k = out.trim_end_matches([' ', '\t', '\u{3000}']).len();
                let prev = out[..k].chars().next_back();
                let next = chars.get(j).copied();
                let breaks = chars[i..j].iter().filter(|&&c| c == '\n').count();
                if breaks <= 1 && prev.is_some_and(is_han) && next.is_some_and(is_han) {
                    out.truncate(k);
                    i = j;
                    continue;
                }
            }
            out.push(c);
            i += 1;
        }
        out
    }

    #[test]
    fn synonyms_fold() {
        assert_eq!(normalize_for_search("形成文件的信息"), "成文信息");
        assert_eq!(normalize_for_search("文件化信息的控制"), "成文信息的控制");
        assert_eq!(normalize_for_search("  Control   OF "), "control of");
    }
}
