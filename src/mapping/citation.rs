//! Explicit clause citations: `ISO 9001:2015 7.5.3`, `GB/T 19001-2016 第8.5.1条`,
//! `ISO 9001:2015, Clause 9.2`, `clause 9.2`, `依据标准7.5条`. A number only counts after the
//! standard's name or a clause keyword, so versions (`V2.1`), dates (`2024.03.15`) and other
//! numbers are not citations; the year of the standard is never read as a clause.

use memchr::memmem;
use regex::Regex;
use std::sync::OnceLock;

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
/// only on the lines these positions are in. Each word is looked for with memchr's vector
/// search (the Latin ones through their `l`), which skips text far faster than one automaton
/// stepping through every byte of a Chinese text.
pub(crate) fn keyword_positions(text: &str) -> Vec<usize> {
    static FINDERS: OnceLock<[memmem::Finder<'static>; 3]> = OnceLock::new();
    let finders =
        FINDERS.get_or_init(|| ["9001", "条款", "标准"].map(|w| memmem::Finder::new(w.as_bytes())));
    let b = text.as_bytes();
    let mut out: Vec<usize> = finders.iter().flat_map(|f| f.find_iter(b)).collect();
    let word_at = |from: usize, w: &[u8]| {
        b.get(from..from + w.len())
            .is_some_and(|x| x.eq_ignore_ascii_case(w))
    };
    for j in memchr::memchr2_iter(b'l', b'L', b).filter(|&j| j > 0) {
        let before = b[j - 1].to_ascii_lowercase();
        if (before == b'c' && (word_at(j + 1, b".") || word_at(j + 1, b"ause")))
            || (before == b'k' && word_at(j + 1, b"ausel"))
        {
            out.push(j - 1);
        }
    }
    out.sort_unstable();
    out
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
            assert!(!keyword_positions(s).is_empty(), "{s}");
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
        assert_eq!(keyword_positions(text), want(text));
        // Random texts of the words' letters in every case, pieces of them and neighbours.
        let pool = [
            "c", "C", "k", "K", "l", "L", "a", "A", "u", "U", "s", "S", "e", "E", ".", " ", "cl",
            "Cl", "cL", "KL", "ause", "AUSE", "ausel", "9001", "900", "1", "条款", "条", "标准",
            "准", "审核",
        ];
        let mut rng = crate::TestRng::new(7);
        for _ in 0..3000 {
            let len = rng.below(30);
            let t: String = (0..len).map(|_| pool[rng.below(pool.len())]).collect();
            assert_eq!(keyword_positions(&t), want(&t), "{t:?}");
        }
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
