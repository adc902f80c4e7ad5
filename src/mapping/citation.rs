//! Explicit clause citations: `ISO 9001:2015 7.5.3`, `GB/T 19001-2016 第8.5.1条`,
//! `ISO 9001:2015, Clause 9.2`, `clause 9.2`, `依据标准7.5条`. A number only counts after the
//! standard's name or a clause keyword, so versions (`V2.1`), dates (`2024.03.15`) and other
//! numbers are not citations; the year of the standard is never read as a clause.

use regex::Regex;
use std::sync::OnceLock;
use wide::u8x16;

/// One citation found in a line: the clause number as written, the edition year when given,
/// and the byte range of the whole citation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Citation {
    pub clause: String,
    pub year: Option<u16>,
    pub start: usize,
    pub end: usize,
}

fn patterns() -> &'static [Regex; 2] {
    static RE: OnceLock<[Regex; 2]> = OnceLock::new();
    RE.get_or_init(|| {
        let num = r"(\d{1,2}(?:\.\d{1,2}){0,3})";
        // After the standard's name: `ISO 9001:2015 7.5.3`, `GB/T 19001-2016 第8.5.1条`.
        let std = r"(?:DIN\s*EN\s*)?(?:ISO|GB/?T|GB)\s*19001|(?:DIN\s*EN\s*)?ISO\s*9001";
        let a = format!(
            r"(?i)(?:{std})(?:\s*[:：\-—]\s*(\d{{4}}))?[\s,，、]*(?:(?:clause|section|abschnitt|kapitel|条款|章节)\s*)?(?:第\s*)?{num}"
        );
        // After a keyword: `clause 9.2`, `Klausel 7.5`, `条款 8.5.1`, `依据标准7.5条`.
        let b = format!(r"(?i)(clause|cl\.|klausel|条款|标准条款|标准)\s*(?:第\s*)?{num}\s*([条章款])?");
        [Regex::new(&a).expect("valid"), Regex::new(&b).expect("valid")]
    })
}

/// Where the words every citation contains occur in `text`, in increasing order: `9001` (in
/// `ISO 9001`, `GB/T 19001`), `条款`, `标准`, and `clause`, `cl.`, `klausel` in any ASCII case.
/// A line of NFKC text without any of them holds no citation, so the mapper runs [`find`]
/// only on the lines these positions are in. `ascii`: the text is all ASCII (no Chinese
/// keyword to look for; the mapper knows it from the character count).
///
/// One pass over the text: sixteen places at a time are tested for the first two bytes of
/// a word (`cl`, `kl` in any case, `90`, and those of 条 and 标), and only places
/// that pass are compared in full. It replaced a vector search per word, three for the
/// Chinese and `9001` and one for every `l` of English text (one byte in 35 of the English
/// bench text, a short search each).
pub(crate) fn keyword_positions(text: &str, ascii: bool) -> Vec<usize> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let push = |p: usize, out: &mut Vec<usize>| {
        if keyword_at(b, p) {
            out.push(p);
        }
    };
    let bulk = if ascii {
        pair_candidates::<false>(b, |p| push(p, &mut out))
    } else {
        pair_candidates::<true>(b, |p| push(p, &mut out))
    };
    out.extend((bulk..b.len()).filter(|&p| keyword_at(b, p)));
    out
}

/// Whether one of the keywords starts at byte `p`.
#[inline]
fn keyword_at(b: &[u8], p: usize) -> bool {
    let rest = &b[p..];
    let starts = |w: &[u8]| rest.len() >= w.len() && rest[..w.len()].eq_ignore_ascii_case(w);
    match rest[0] | 0x20 {
        b'c' => starts(b"cl.") || starts(b"clause"),
        b'k' => starts(b"klausel"),
        b'9' => rest.starts_with(b"9001"),
        0xE6 => rest.starts_with("条款".as_bytes()) || rest.starts_with("标准".as_bytes()),
        _ => false,
    }
}

/// Call `candidate(p)`, in increasing order, for every place `p` before the returned index
/// where a keyword may start (every place where one does start is among them; with `HAN`
/// false, every place an ASCII keyword starts); the places from the returned index on (the
/// last sixteen bytes or fewer) are the caller's. Sixteen places at a time: SSE2 on x86-64
/// (which every such processor has), NEON on ARM, through `wide`, whose safe vector types
/// keep this crate free of `unsafe`. English text needs no test for 条 and 标: a third of
/// the work a step.
fn pair_candidates<const HAN: bool>(b: &[u8], mut candidate: impl FnMut(usize)) -> usize {
    let splat = u8x16::splat;
    let load = |w: &[u8]| u8x16::from(<[u8; 16]>::try_from(w).expect("sixteen bytes"));
    let (case, c, k, l) = (splat(0x20), splat(b'c'), splat(b'k'), splat(b'l'));
    let (nine, zero) = (splat(b'9'), splat(b'0'));
    // 条 is E6 9D A1, 标 is E6 A0 87.
    let (e6, x9d, xa0) = (splat(0xE6), splat(0x9D), splat(0xA0));
    let mut i = 0;
    while let Some(w) = b.get(i..i + 17) {
        // Each place's byte and the byte after it.
        let (v0, v1) = (load(&w[..16]), load(&w[1..]));
        let (f0, f1) = (v0 | case, v1 | case);
        let latin = (f0.simd_eq(c) | f0.simd_eq(k)) & f1.simd_eq(l);
        let digits = v0.simd_eq(nine) & v1.simd_eq(zero);
        let mut found = latin | digits;
        if HAN {
            found |= v0.simd_eq(e6) & (v1.simd_eq(x9d) | v1.simd_eq(xa0));
        }
        let mut m = found.to_bitmask();
        while m != 0 {
            candidate(i + m.trailing_zeros() as usize);
            m &= m - 1;
        }
        i += 16;
    }
    i
}

/// The citations in one line of text, in order, without overlaps.
pub fn find(line: &str) -> Vec<Citation> {
    let [a, b] = patterns();
    let mut out: Vec<Citation> = Vec::new();
    for c in a.captures_iter(line) {
        let m = c.get(0).expect("whole match");
        let n = c.get(2).expect("number group");
        if !ends_cleanly(line, n.end()) {
            continue;
        }
        out.push(Citation {
            clause: n.as_str().to_string(),
            year: c.get(1).and_then(|y| y.as_str().parse().ok()),
            start: m.start(),
            end: m.end(),
        });
    }
    for c in b.captures_iter(line) {
        let m = c.get(0).expect("whole match");
        let kw = c.get(1).expect("keyword").as_str().to_lowercase();
        let n = c.get(2).expect("number group");
        if !ends_cleanly(line, n.end())
            || out.iter().any(|o| o.start < m.end() && m.start() < o.end)
        {
            continue;
        }
        // `标准 4 项` is a count, not a citation: a one-level number after a Chinese keyword
        // needs 条 or 章 after it; `clause 9` is fine.
        let dotted = n.as_str().contains('.');
        let english = kw.is_ascii();
        if !dotted && !english && c.get(3).is_none() {
            continue;
        }
        out.push(Citation {
            clause: n.as_str().to_string(),
            year: None,
            start: m.start(),
            end: m.end(),
        });
    }
    out.sort_by_key(|c| c.start);
    out
}

/// The edition of ISO 9001 (GB/T 19001) a line names: `GB/T 19001-2008` gives 2008, `ISO
/// 9001:2015` 2015, `GB/T 19001-2016` 2016. The first one named, if any.
pub fn edition(line: &str) -> Option<u16> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(r"(?i)(?:(?:ISO|GB/?T|GB)\s*19001|ISO\s*9001)\s*[:：\-—]\s*((?:19|20)\d\d)")
            .expect("valid")
    });
    re.captures(line)
        .and_then(|c| c.get(1))
        .and_then(|y| y.as_str().parse().ok())
}

/// A heading that starts with a dotted number (`8.2.2 内部审核`, `7.4 采购`): the number and
/// its byte range, and the heading's words after it. One-level numbers (`5 职责`) are the
/// document's own chapters far more often than the standard's, so they are not taken.
pub fn heading_number(line: &str) -> Option<(&str, usize, usize, &str)> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(r"^[\s#*]*(\d{1,2}(?:\.\d{1,2}){1,3})\.?[\s、．]*([^\d\s.].*)$").expect("valid")
    });
    let c = re.captures(line)?;
    let n = c.get(1)?;
    Some((n.as_str(), n.start(), n.end(), c.get(2)?.as_str().trim()))
}

/// The number must not run on into more digits (`2024`) or another dotted part (`9.2.2024`).
fn ends_cleanly(line: &str, end: usize) -> bool {
    let rest = &line[end..];
    let mut chars = rest.chars();
    match chars.next() {
        Some(c) if c.is_ascii_digit() => false,
        Some('.') => !chars.next().is_some_and(|c| c.is_ascii_digit()),
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(s: &str) -> Vec<String> {
        find(s).into_iter().map(|c| c.clause).collect()
    }

    #[test]
    fn explicit_citations() {
        assert_eq!(ids("依据 ISO 9001:2015 7.5.3 制定"), ["7.5.3"]);
        assert_eq!(ids("GB/T 19001-2016 第8.5.1条"), ["8.5.1"]);
        assert_eq!(ids("Reference: ISO 9001:2015, Clause 9.2"), ["9.2"]);
        assert_eq!(ids("see clause 9.2 and Clause 10"), ["9.2", "10"]);
        assert_eq!(ids("依据标准7.5条的要求"), ["7.5"]);
        assert_eq!(ids("GB/T19001—2016 标准条款 8.2.1"), ["8.2.1"]);
        let c = &find("ISO 9001:2008 4.2.3")[0];
        assert_eq!((c.clause.as_str(), c.year), ("4.2.3", Some(2008)));
    }

    /// Every citation contains one of the keywords the mapper looks for first.
    #[test]
    fn keywords_gate_every_citation() {
        for s in [
            "依据 ISO 9001:2015 7.5.3 制定",
            "GB/T 19001-2016 第8.5.1条",
            "Reference: ISO 9001:2015, Clause 9.2",
            "see CLAUSE 9.2",
            "Cl. 8.4",
            "Klausel 7.5",
            "依据标准7.5条的要求",
            "条款 8.5.1",
            "DIN EN ISO 9001:2015 Abschnitt 7.5",
        ] {
            assert!(!find(s).is_empty(), "{s}");
            assert!(!keyword_positions(s, s.is_ascii()).is_empty(), "{s}");
        }
    }

    /// The keyword positions are those of an automaton looking for the same words.
    #[test]
    fn keyword_positions_equal_an_automaton() {
        let ac = aho_corasick::AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .match_kind(aho_corasick::MatchKind::Standard)
            .build(["9001", "clause", "cl.", "klausel", "条款", "标准"])
            .expect("valid literals");
        let text =
            "ISO 9001 19001 CLAUSE Cl. cl klausel KLAUSEL incl. subclause 条款标准条款 l L c";
        let want = |text: &str| {
            let mut w: Vec<usize> = ac.find_overlapping_iter(text).map(|m| m.start()).collect();
            w.sort_unstable();
            w.dedup();
            w
        };
        assert_eq!(keyword_positions(text, false), want(text));
        // Random texts of the words' letters in every case, pieces of them and neighbours.
        let pool = [
            "c", "C", "k", "K", "l", "L", "a", "A", "u", "U", "s", "S", "e", "E", ".", " ", "cl",
            "Cl", "cL", "KL", "ause", "AUSE", "ausel", "9001", "900", "1", "条款", "条", "标准",
            "准", "审核", "来", "校", "90", "9",
        ];
        let mut rng = crate::TestRng::new(7);
        for _ in 0..3000 {
            let len = rng.below(30);
            let t: String = (0..len).map(|_| pool[rng.below(pool.len())]).collect();
            assert_eq!(keyword_positions(&t, false), want(&t), "{t:?}");
            // Text of the ASCII pieces alone, looked at as ASCII.
            let a: String = t.chars().filter(char::is_ascii).collect();
            assert_eq!(keyword_positions(&a, true), want(&a), "{a:?}");
        }
    }

    #[test]
    fn editions_and_numbered_headings() {
        assert_eq!(edition("本手册依据GB/T 19001-2008标准编制"), Some(2008));
        assert_eq!(edition("ISO 9001:2015 requirements"), Some(2015));
        assert_eq!(edition("GB/T19001—2016"), Some(2016));
        assert_eq!(edition("ISO 9001 quality"), None);
        assert_eq!(
            heading_number("## 8.2.2 内部审核"),
            Some(("8.2.2", 3, 8, "内部审核"))
        );
        assert_eq!(heading_number("7.4采购").map(|h| h.0), Some("7.4"));
        assert_eq!(heading_number("5 职责"), None);
        assert_eq!(heading_number("2024.03.15 发布"), None);
        assert_eq!(heading_number("4.1 2024年"), None);
    }

    #[test]
    fn numbers_that_are_not_citations() {
        assert!(ids("ISO 9001:2015 requirements").is_empty());
        assert!(ids("ISO 9001 2015").is_empty());
        assert!(ids("version 9.2, released 2024.03.15").is_empty());
        assert!(ids("执行国家标准 4 项").is_empty());
        assert!(ids("clause 9.2.2024").is_empty());
        assert!(ids("第7.5条").is_empty());
    }
}
