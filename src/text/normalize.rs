use unicode_normalization::UnicodeNormalization;

/// True for Han ideographs (CJK unified, extensions A and B, compatibility ideographs).
pub fn is_han(c: char) -> bool {
    matches!(c as u32,
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2A6DF | 0x2A700..=0x2EBEF)
}

/// Join a line broken between two Han characters (PDF and hard-wrapped text split
/// `内部审\n核`), dropping the break and the spaces around it. Other breaks stay.
pub fn join_han_breaks(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '\n' || c == '\r' {
            // Find the run of whitespace containing this break.
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

/// The text as matched: NFKC (folds full-width ＩＳＯ９００１ and compatibility ideographs such
/// as U+F967 不 that PDF extractors produce), CRLF to LF, Han line breaks joined.
pub fn normalize(s: &str) -> String {
    let nfkc: String = s.nfkc().collect();
    let lf = if nfkc.contains('\r') {
        nfkc.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        nfkc
    };
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

    #[test]
    fn synonyms_fold() {
        assert_eq!(normalize_for_search("形成文件的信息"), "成文信息");
        assert_eq!(normalize_for_search("文件化信息的控制"), "成文信息的控制");
        assert_eq!(normalize_for_search("  Control   OF "), "control of");
    }
}
