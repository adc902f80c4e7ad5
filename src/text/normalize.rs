use std::borrow::Cow;
use unicode_normalization::UnicodeNormalization;
use wide::u8x16;

/// A letter or digit of a Latin-script (or other non-Han) word: what a word boundary is
/// measured against.
pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() && !is_han(c)
}

/// True for Han ideographs (CJK unified, extensions A and B, compatibility ideographs).
pub fn is_han(c: char) -> bool {
    matches!(c as u32,
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2A6DF | 0x2A700..=0x2EBEF)
}

/// Join a line broken between two Han characters (PDF and hard-wrapped text split
/// `内部审\n核`), dropping the break and the spaces around it. Other breaks stay.
pub fn join_han_breaks(s: &str) -> String {
    join_han_breaks_cow(s).into_owned()
}

/// [`join_han_breaks`], borrowing `s` when no break is joined. Works on byte offsets: the
/// text between breaks is copied in whole runs, and only once a first break is joined.
fn join_han_breaks_cow(s: &str) -> Cow<'_, str> {
    // Text up to `i` is handled. While `out` is None nothing was joined and the output so
    // far is `s[..i]` itself.
    let mut out: Option<String> = None;
    let mut i = 0;
    while let Some(off) = memchr::memchr2(b'\n', b'\r', &s.as_bytes()[i..]) {
        if let Some(o) = out.as_mut() {
            o.push_str(&s[i..i + off]);
        }
        i += off;
        // After text that ends in neither a Han character nor a blank (`.`, `。`, a letter),
        // the break stays: the output so far ends with that same character.
        if off > 0
            && s[..i]
                .chars()
                .next_back()
                .is_some_and(|c| !is_han(c) && !matches!(c, ' ' | '\t' | '\u{3000}'))
        {
            if let Some(o) = out.as_mut() {
                o.push(char::from(s.as_bytes()[i]));
            }
            i += 1;
            continue;
        }
        // The run of whitespace containing this break.
        let j = s[i..]
            .char_indices()
            .find(|(_, c)| !c.is_whitespace())
            .map_or(s.len(), |(k, _)| i + k);
        let written = out.as_deref().unwrap_or(&s[..i]);
        let k = written.trim_end_matches([' ', '\t', '\u{3000}']).len();
        let prev = written[..k].chars().next_back();
        let next = s[j..].chars().next();
        let breaks = s[i..j].bytes().filter(|&b| b == b'\n').count();
        if breaks <= 1 && prev.is_some_and(is_han) && next.is_some_and(is_han) {
            let o = out.get_or_insert_with(|| {
                let mut o = String::with_capacity(s.len());
                o.push_str(&s[..i]);
                o
            });
            o.truncate(k);
            i = j;
        } else {
            // Keep this break character; the rest of the run is looked at on its own.
            let c = s[i..].chars().next().expect("a break character");
            if let Some(o) = out.as_mut() {
                o.push(c);
            }
            i += c.len_utf8();
        }
    }
    match out {
        None => Cow::Borrowed(s),
        Some(mut o) => {
            o.push_str(&s[i..]);
            Cow::Owned(o)
        }
    }
}

/// Characters NFKC keeps as they are, that have combining class 0 and that never combine with
/// what comes before them: ASCII and U+3400..U+9FFF (Han extension A, the Yijing hexagrams and
/// the unified Han ideographs). Text can be cut before any of them and normalised piece by
/// piece (a normalisation boundary, UAX #15), and a piece made of one of them alone is already
/// normal. Chinese and English procedures are almost all such characters, so only the short
/// pieces around full-width punctuation go through NFKC.
fn is_nfkc_boundary(c: char) -> bool {
    let n = c as u32;
    c.is_ascii()
        || matches!(n, 0x3400..=0x9FFF)
        || match n & !0x3F {
            0x3000 => BOUNDARY_U3000 >> (n & 0x3F) & 1 == 1,
            0x2000 => BOUNDARY_U2000 >> (n & 0x3F) & 1 == 1,
            _ => false,
        }
}

/// Chinese punctuation without a decomposition, boundary characters: bit n is U+3000 + n
/// (、。《》【】), U+2000 + n (— ‘ ’ “ ”).
const BOUNDARY_U3000: u64 = 1 << 0x01 | 1 << 0x02 | 1 << 0x0A | 1 << 0x0B | 1 << 0x10 | 1 << 0x11;
const BOUNDARY_U2000: u64 = 1 << 0x14 | 1 << 0x18 | 1 << 0x19 | 1 << 0x1C | 1 << 0x1D;

/// Whether the character at lead byte `p` is one of that punctuation, told by its bytes
/// (U+2000..U+203F and U+3000..U+303F are E2/E3 80 xx): the work lead bytes of Chinese text
/// are mostly 。 and 、, and decoding each took most of the scan's time.
#[inline]
fn boundary_punctuation_at(b: &[u8], p: usize) -> bool {
    let set = match b[p] {
        0xE2 => BOUNDARY_U2000,
        0xE3 => BOUNDARY_U3000,
        _ => return false,
    };
    b.get(p + 1) == Some(&0x80) && b.get(p + 2).is_some_and(|&x| set >> (x & 0x3F) & 1 == 1)
}

/// Full-width ASCII (，：；（）ＩＳＯ９…, U+FF01..U+FF5E): NFKC maps each to the one ASCII
/// character 0xFEE0 below it, which combines with nothing before it.
fn full_width_ascii(c: char) -> Option<char> {
    matches!(c as u32, 0xFF01..=0xFF5E)
        .then(|| char::from_u32(c as u32 - 0xFEE0))
        .flatten()
}

/// True for a UTF-8 lead byte whose character may need NFKC work: any lead byte but ASCII
/// (00..7F) and E4..E9, the three-byte characters U+4000..U+9FFF (unified Han, extension A
/// and the Yijing hexagrams: all stable under NFKC, combining class 0). Stepping over those
/// by their lead byte skips the plain ASCII and Han that make up almost all of a Chinese or
/// English procedure.
fn maybe_nfkc_work(lead: u8) -> bool {
    !matches!(lead, 0x00..=0x7F | 0xE4..=0xE9)
}

/// Bit n set: byte n of `v` is a lead byte [`maybe_nfkc_work`] is true for (C0..FF but
/// E4..E9). ASCII, continuation bytes (80..BF) and Han lead bytes give 0, so Chinese text is
/// stepped over sixteen bytes at a time instead of a character at a time.
#[inline]
fn nfkc_work_leads(v: u8x16) -> u32 {
    let at_least = |n: u8| v.max(u8x16::splat(n)).simd_eq(v);
    let at_most = |n: u8| v.min(u8x16::splat(n)).simd_eq(v);
    let han = at_least(0xE4) & at_most(0xE9);
    (at_least(0xC0) & !han).to_bitmask()
}

/// The first lead byte at or after `i` of a character that may need NFKC work (a character
/// boundary), or the end. ASCII and three-byte Han are stepped over sixteen bytes at a time,
/// continuation bytes with them.
#[inline]
fn next_nfkc_work(b: &[u8], i: usize) -> usize {
    let mut chunks = b[i..].chunks_exact(16);
    let mut at = i;
    for c in &mut chunks {
        let work = nfkc_work_leads(u8x16::from(<[u8; 16]>::try_from(c).expect("sixteen bytes")));
        if work != 0 {
            return at + work.trailing_zeros() as usize;
        }
        at += 16;
    }
    chunks
        .remainder()
        .iter()
        .position(|&v| v >= 0xC0 && maybe_nfkc_work(v))
        .map_or(b.len(), |k| at + k)
}

/// NFKC, the same result as `s.nfkc().collect()`, computed piece by piece between
/// normalisation boundaries so that text already in NFKC is borrowed or copied instead of
/// decomposed and recomposed character by character. A piece runs from the boundary character
/// before a non-boundary one up to the next boundary character; only pieces go through NFKC,
/// and a piece of full-width ASCII after its boundary character is mapped directly.
pub(crate) fn nfkc(s: &str) -> Cow<'_, str> {
    let b = s.as_bytes();
    // `s[..done]` is handled: copied into `out`, or (while `out` is None) unchanged.
    let mut out: Option<String> = None;
    let (mut done, mut i) = (0, 0);
    while i < b.len() {
        i = next_nfkc_work(b, i);
        if i == b.len() {
            break;
        }
        let p = i;
        if boundary_punctuation_at(b, p) {
            i = p + 3;
            continue;
        }
        let c = s[p..].chars().next().expect("a character at a lead byte");
        if is_nfkc_boundary(c) {
            i = p + c.len_utf8();
            continue;
        }
        // The common case of Chinese text: one full-width character (，：；) between boundary
        // characters is a piece of its own, and its NFKC is its ASCII counterpart.
        let next = p + c.len_utf8();
        if let Some(a) = full_width_ascii(c)
            && match b.get(next) {
                // ASCII or Han (by its lead byte) after it, as mostly: a boundary.
                Some(&n) if n < 0x80 || (0xE4..=0xE9).contains(&n) => true,
                _ => s[next..].chars().next().is_none_or(is_nfkc_boundary),
            }
        {
            let o = out.get_or_insert_with(|| String::with_capacity(s.len()));
            o.push_str(&s[done..p]);
            o.push(a);
            done = next;
            i = next;
            continue;
        }
        // The piece starts at the boundary character before `p` (it may compose with what
        // follows), which is at or after `done`: `done` is always at a boundary character.
        let start = s[..p].char_indices().next_back().map_or(0, |(k, _)| k);
        let end = s[p..]
            .char_indices()
            .find(|&(_, c)| is_nfkc_boundary(c))
            .map_or(s.len(), |(k, _)| p + k);
        let o = out.get_or_insert_with(|| String::with_capacity(s.len()));
        o.push_str(&s[done..p]);
        let rest = &s[p..end];
        if rest.chars().all(|c| full_width_ascii(c).is_some()) {
            o.extend(rest.chars().filter_map(full_width_ascii));
        } else {
            o.truncate(o.len() - (p - start));
            o.extend(s[start..end].nfkc());
        }
        done = end;
        i = end;
    }
    match out {
        None => Cow::Borrowed(s),
        Some(mut o) => {
            o.push_str(&s[done..]);
            Cow::Owned(o)
        }
    }
}

/// The text as matched: NFKC (folds full-width ＩＳＯ９００１ and compatibility ideographs such
/// as U+F967 不 that PDF extractors produce), CRLF to LF, Han line breaks joined.
pub fn normalize(s: &str) -> String {
    normalize_cow(s).into_owned()
}

/// [`normalize`], borrowing `s` when it is already normal (no NFKC change, no CR, no joined
/// line break), which is most of a plain-text document's paragraphs.
pub(crate) fn normalize_cow(s: &str) -> Cow<'_, str> {
    normalize_lines(s, true)
}

/// [`normalize_cow`] of text whose caller knows whether a line break in it may be joined:
/// false when every `\n` comes after a character [`keeps_break`] is true for. Such a break
/// stays whatever NFKC does (that character's form is neither Han nor a blank), so the
/// search for breaks to join is skipped, unless a CR made new breaks.
pub(crate) fn normalize_lines(s: &str, breaks_may_join: bool) -> Cow<'_, str> {
    // ASCII without CR (an English paragraph) is normal as it is: one pass instead of the
    // NFKC scan, two searches and the ASCII test below.
    if s.is_ascii() && memchr::memchr(b'\r', s.as_bytes()).is_none() {
        return Cow::Borrowed(s);
    }
    let nfkc = nfkc(s);
    // memchr's search, not `str::contains`: these scans run over every paragraph.
    let had_cr = memchr::memchr(b'\r', nfkc.as_bytes()).is_some();
    let lf = if had_cr {
        Cow::Owned(nfkc.replace("\r\n", "\n").replace('\r', "\n"))
    } else {
        nfkc
    };
    // Only a break between Han characters is joined: text that is ASCII once normalised
    // (full-width letters folded, CRs gone; plain ASCII returned above) keeps its breaks.
    if !(breaks_may_join || had_cr)
        || memchr::memchr(b'\n', lf.as_bytes()).is_none()
        || lf.is_ascii()
    {
        return lf;
    }
    match join_han_breaks_cow(&lf) {
        Cow::Borrowed(_) => lf,
        Cow::Owned(j) => Cow::Owned(j),
    }
}

/// Whether a line break right after `c` stays one in the normalised text: `c` and its NFKC
/// form are neither Han nor a blank, and nothing before `c` composes with it. ASCII
/// letters, digits and punctuation, `、`, `。` and the full-width forms (`，`, `：`, `）`, …,
/// which NFKC makes ASCII): the line ends of almost every procedure.
pub(crate) fn keeps_break(c: char) -> bool {
    matches!(c, '!'..='~' | '、' | '。' | '\u{FF01}'..='\u{FF5E}')
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

/// Chinese punctuation back where NFKC made it ASCII, for text shown to a reader: a comma,
/// semicolon, colon, ! or ? next to a Chinese character becomes its full-width form, and so do
/// parentheses opened next to one (with their closing one). `规定,按(一)执行` reads `规定，按（一）执行`;
/// `10,000`, `10:30`, a mark followed by a space and English text stay as they are.
pub fn han_punctuation(s: &str) -> Cow<'_, str> {
    if s.is_ascii() || !s.contains([',', ';', ':', '!', '?', '(', ')']) {
        return Cow::Borrowed(s);
    }
    let chinese = |c: Option<&char>| {
        c.is_some_and(|&c| is_han(c) || matches!(c as u32, 0x3000..=0x303F | 0xFF00..=0xFFEF))
    };
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len() + 8);
    // Whether each open parenthesis was turned full-width, so its closing one follows it.
    let mut open: Vec<bool> = Vec::new();
    for (i, &c) in chars.iter().enumerate() {
        let next = chars.get(i + 1);
        let near = chinese(i.checked_sub(1).and_then(|j| chars.get(j))) || chinese(next);
        // A mark followed by a space was typed as ASCII (NFKC adds no space).
        let spaced = next.is_some_and(|c| c.is_whitespace());
        out.push(match c {
            ',' if near && !spaced => '，',
            ';' if near && !spaced => '；',
            ':' if near && !spaced => '：',
            '!' if near && !spaced => '！',
            '?' if near && !spaced => '？',
            '(' => {
                open.push(near);
                if near { '（' } else { '(' }
            }
            ')' => match open.pop() {
                Some(true) => '）',
                None if near => '）',
                _ => ')',
            },
            c => c,
        });
    }
    Cow::Owned(out)
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
    fn chinese_punctuation_comes_back_for_the_reader() {
        let cases = [
            ("规定,按(一)执行:每年1次;", "规定，按（一）执行：每年1次；"),
            ("医疗器械监督管理条例(2021)", "医疗器械监督管理条例（2021）"),
            ("(见附件)", "（见附件）"),
            ("10,000 件, 10:30", "10,000 件, 10:30"),
            ("ISO 9001:2015 (GB/T 19001)", "ISO 9001:2015 (GB/T 19001)"),
            ("是否合格?是!", "是否合格？是！"),
            ("见《文件控制程序》(QP-01)", "见《文件控制程序》（QP-01）"),
        ];
        for (from, to) in cases {
            assert_eq!(han_punctuation(from), to, "{from}");
            // Normalising what is shown gives the matched text back.
            assert_eq!(normalize(&han_punctuation(from)), normalize(from), "{from}");
        }
        assert!(matches!(
            han_punctuation("plain, ASCII (text)"),
            Cow::Borrowed(_)
        ));
    }

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
        let mut rng = crate::TestRng::new(12345);
        for _ in 0..4000 {
            let len = rng.below(12);
            let s: String = (0..len).map(|_| pool[rng.below(pool.len())]).collect();
            let want: String = s.nfkc().collect();
            assert_eq!(nfkc(&s), want, "{s:?}");
        }
        // Longer strings, mostly Han and ASCII, so the sixteen-byte steps meet pieces that
        // need work at every offset.
        for _ in 0..4000 {
            let len = rng.below(40);
            let s: String = (0..len)
                .map(|_| match rng.below(4) {
                    0 => '审',
                    1 => 'a',
                    _ => pool[rng.below(pool.len())],
                })
                .collect();
            let want: String = s.nfkc().collect();
            assert_eq!(nfkc(&s), want, "{s:?}");
        }
        let punct = [
            0x3001, 0x3002, 0x300A, 0x300B, 0x3010, 0x3011, 0x201C, 0x201D, 0x2018, 0x2019, 0x2014,
        ];
        // The punctuation boundaries are exactly these, by character and by bytes.
        for c in (0x2000..0x2040).chain(0x3000..0x3040) {
            let ch = char::from_u32(c).unwrap();
            let is = punct.contains(&c);
            assert_eq!(is_nfkc_boundary(ch), is, "{ch:?}");
            assert_eq!(
                boundary_punctuation_at(ch.to_string().as_bytes(), 0),
                is,
                "{ch:?}"
            );
        }
        for c in (0x3400..=0x9FFF).chain(0..0x80).chain(punct) {
            let c = char::from_u32(c).unwrap();
            assert!(is_nfkc_boundary(c));
            assert_eq!(c.to_string().nfkc().collect::<String>(), c.to_string());
            assert_eq!(unicode_normalization::char::canonical_combining_class(c), 0);
            // Quick-check "yes", not "maybe": it never composes with the character before it.
            assert_eq!(
                unicode_normalization::is_nfkc_quick(std::iter::once(c)),
                unicode_normalization::IsNormalized::Yes
            );
        }
        // Every character whose lead byte the fast scan skips is such a boundary.
        for c in (0..0x80).chain(0x4000..=0x9FFF) {
            let c = char::from_u32(c).unwrap();
            let lead = c.to_string().as_bytes()[0];
            assert!(!maybe_nfkc_work(lead) && is_nfkc_boundary(c), "{c:?}");
        }
        // The sixteen-byte test agrees with the byte test on every byte, in every position.
        // Among neighbours that need no work (ASCII, continuation and Han lead bytes).
        for v in 0..=255u8 {
            let want = v >= 0xC0 && maybe_nfkc_work(v);
            for fill in [0x41u8, 0x00, 0x7F, 0x80, 0xBF, 0xE4, 0xE9] {
                for pos in 0..16 {
                    let mut bytes = [fill; 16];
                    bytes[pos] = v;
                    let got = nfkc_work_leads(u8x16::from(bytes));
                    let bit = 1u32 << pos;
                    assert_eq!(
                        got,
                        if want { bit } else { 0 },
                        "{v:#x} at {pos} in {fill:#x}"
                    );
                }
            }
        }
        for c in 0xFF01..=0xFF5E {
            let c = char::from_u32(c).unwrap();
            let want: String = c.to_string().nfkc().collect();
            assert_eq!(full_width_ascii(c).map(String::from), Some(want));
        }
    }

    /// The byte-scanning NFKC on the strings where a fast path could go wrong: full-width
    /// forms at the start, middle and end, CRLF, combining marks after Han and after
    /// full-width forms, compatibility ideographs, Hangul, 4-byte characters, and pieces that
    /// run to the end of the text.
    #[test]
    fn fast_nfkc_equals_nfkc_on_tricky_strings() {
        for s in [
            "",
            "a",
            "审核",
            "，",
            "，审核",
            "审核，",
            "审核，（依据）：ＩＳＯ９００１；",
            "ＩＳＯ",
            "ab\r\ncd\r\n",
            "审\u{0301}核",
            "审\u{0301}",
            "\u{0301}审",
            "，\u{0301}",
            "审，\u{0301}核",
            "\u{F900}\u{F967}\u{FA0E}合格",
            "不\u{F967}",
            "\u{1100}\u{1161}\u{11A8}",
            "가\u{11A8}审",
            "审\u{1161}",
            "𠀀审𠀀",
            "a\u{1D400}b",
            "审\u{1D400}",
            "ﬁ①㎡\u{00A0}\u{3000}",
            "e\u{0301}\u{0323}，",
            "。\u{0301}",
            "“引号”\u{0308}",
            "\u{4DC0}\u{0301}\u{4DFF}",
            "\u{3400}\u{0301}",
            "中文 English ＡＢＣ mixed，结束",
        ] {
            let want: String = s.nfkc().collect();
            assert_eq!(nfkc(s), want, "{s:?}");
        }
        // Text of boundary characters only is borrowed, not copied.
        assert!(matches!(
            nfkc("审核。“引号”abc 《标准》\n"),
            Cow::Borrowed(_)
        ));
        assert!(matches!(nfkc("\u{4DC0}\u{3400}—"), Cow::Borrowed(_)));
        assert_eq!(
            normalize("审核，\r\n内容\r\n\r\nＩＳＯ"),
            "审核,\n内容\n\nISO"
        );
        assert_eq!(normalize_cow("内部审\n核"), "内部审核");
        assert!(matches!(normalize_cow("审核。\n内容"), Cow::Borrowed(_)));
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
