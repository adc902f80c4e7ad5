//! The words a checklist uses: result values (DESIGN.md vocabulary table) and clause cells.

use crate::model::{Lang, Outcome};
use regex::Regex;
use std::sync::LazyLock;
use unicode_normalization::UnicodeNormalization;

/// Fold a cell for comparison: NFKC (full-width to half-width), lower case, and no whitespace,
/// hyphens or underscores, so `Minor NC`, `minor-nc` and `ＭＩＮＯＲ　ＮＣ` read alike.
fn fold(s: &str) -> String {
    s.nfkc()
        .flat_map(char::to_lowercase)
        .filter(|c| !c.is_whitespace() && !matches!(c, '-' | '_' | '\u{2014}' | '\u{2013}'))
        .collect()
}

/// Accepted spellings as people write them, with the outcome and whether the grade was
/// written; compared folded (see [`fold`]). `不符合` and `NC` alone are nonconformities without a
/// grade: minor by default, flagged. The checklist template's instructions list these same
/// spellings ([`accepted_spellings`]).
const VOCABULARY: &[(&str, Outcome, bool)] = &[
    ("conform", Outcome::Conform, true),
    ("conforms", Outcome::Conform, true),
    ("conforming", Outcome::Conform, true),
    ("C", Outcome::Conform, true),
    ("OK", Outcome::Conform, true),
    ("yes", Outcome::Conform, true),
    ("Y", Outcome::Conform, true),
    ("√", Outcome::Conform, true),
    ("✓", Outcome::Conform, true),
    ("✔", Outcome::Conform, true),
    ("符合", Outcome::Conform, true),
    ("合格", Outcome::Conform, true),
    ("符合要求", Outcome::Conform, true),
    // Compliance checklists (ISO 27001 and the like) judge "compliant" / "non-compliant".
    ("compliant", Outcome::Conform, true),
    ("minor", Outcome::Minor, true),
    ("minor NC", Outcome::Minor, true),
    ("minor nonconformity", Outcome::Minor, true),
    ("一般不符合", Outcome::Minor, true),
    ("一般不符合项", Outcome::Minor, true),
    ("轻微不符合", Outcome::Minor, true),
    ("轻微不符合项", Outcome::Minor, true),
    ("一般不合格", Outcome::Minor, true),
    ("轻微不合格", Outcome::Minor, true),
    ("不符合（一般）", Outcome::Minor, true),
    ("不符合（轻微）", Outcome::Minor, true),
    ("一般", Outcome::Minor, true),
    ("轻微", Outcome::Minor, true),
    ("不符合", Outcome::Minor, false),
    ("不符合项", Outcome::Minor, false),
    ("不合格", Outcome::Minor, false),
    ("NC", Outcome::Minor, false),
    ("nonconformity", Outcome::Minor, false),
    ("nonconforming", Outcome::Minor, false),
    ("non-compliant", Outcome::Minor, false),
    ("noncompliant", Outcome::Minor, false),
    ("not compliant", Outcome::Minor, false),
    ("×", Outcome::Minor, false),
    ("x", Outcome::Minor, false),
    ("✗", Outcome::Minor, false),
    ("✘", Outcome::Minor, false),
    ("major", Outcome::Major, true),
    ("major NC", Outcome::Major, true),
    ("major nonconformity", Outcome::Major, true),
    ("严重不符合", Outcome::Major, true),
    ("严重不符合项", Outcome::Major, true),
    ("严重不合格", Outcome::Major, true),
    ("不符合（严重）", Outcome::Major, true),
    ("严重", Outcome::Major, true),
    ("observation", Outcome::Observation, true),
    ("obs", Outcome::Observation, true),
    ("观察项", Outcome::Observation, true),
    ("观察项目", Outcome::Observation, true),
    ("观察", Outcome::Observation, true),
    // 基本符合 ("largely conforms") is a concern worth a note, not a nonconformity.
    ("基本符合", Outcome::Observation, true),
    ("OFI", Outcome::Ofi, true),
    ("opportunity for improvement", Outcome::Ofi, true),
    ("改进机会", Outcome::Ofi, true),
    ("建议", Outcome::Ofi, true),
    ("改进建议", Outcome::Ofi, true),
    ("N/A", Outcome::NotApplicable, true),
    ("NA", Outcome::NotApplicable, true),
    ("N.A.", Outcome::NotApplicable, true),
    ("not applicable", Outcome::NotApplicable, true),
    ("不适用", Outcome::NotApplicable, true),
    ("/", Outcome::NotApplicable, true),
    ("无", Outcome::NotApplicable, true),
    ("not audited", Outcome::NotAudited, true),
    ("未审核", Outcome::NotAudited, true),
    ("未审", Outcome::NotAudited, true),
];

/// [`VOCABULARY`] folded once, as cells are compared.
static FOLDED: LazyLock<Vec<(String, Outcome, bool)>> = LazyLock::new(|| {
    VOCABULARY
        .iter()
        .map(|&(w, o, g)| {
            let f = fold(w);
            (f.trim_end_matches(['.', '。']).to_string(), o, g)
        })
        .collect()
});

/// The spellings a checklist may use for `o`, as written in [`VOCABULARY`]: the template's
/// instructions list exactly what is read.
pub fn accepted_spellings(o: Outcome) -> Vec<&'static str> {
    VOCABULARY
        .iter()
        .filter(|(_, x, _)| *x == o)
        .map(|(w, _, _)| *w)
        .collect()
}

/// Read a result cell. An empty cell is "not audited". Returns the outcome and whether the
/// grade was written (`false` for a bare 不符合 / NC, which counts as minor). `None` when the
/// text is not in the vocabulary.
pub fn parse_outcome(s: &str) -> Option<(Outcome, bool)> {
    let f = fold(s);
    let f = f.trim_end_matches(['.', '。']);
    if f.is_empty() {
        return Some((Outcome::NotAudited, true));
    }
    FOLDED
        .iter()
        .find(|(w, _, _)| w == f)
        .map(|&(_, o, g)| (o, g))
}

/// The values offered in a checklist's result dropdown, in `lang` (the report terms).
pub fn result_choices(lang: Lang) -> Vec<&'static str> {
    Outcome::ALL.iter().map(|o| o.label(lang)).collect()
}

/// The hint shown for an unknown result.
pub fn result_hint() -> String {
    "use one of 符合, 一般不符合, 严重不符合, 观察项, 改进机会, 不适用, 未审核 (or conform, minor NC, major NC, observation, OFI, N/A, not audited; plain 不符合 counts as minor)".to_string()
}

/// A standard's name in front of the clause number: `ISO 9001:2015`, `GB/T 19001-2016`.
static STANDARD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:iso\s*9001|gb\s*/?\s*t\s*19001)(?:\s*[:\-]\s*(?:2015|2016|2008))?")
        .expect("valid regex")
});

/// Words allowed before the number, then the number itself, then something that is not
/// part of a longer number.
static CLAUSE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^\s*(?:第|条款号?|clause|cl\.|§|标准条款)?\s*([0-9]{1,2}(?:\.[0-9]{1,2}){0,3})\.?(?:[^0-9.]|$)",
    )
    .expect("valid regex")
});

/// Read a clause cell: `7.5.3`, `7.5.3条`, `第7.5.3条`, `ISO 9001:2015 7.5.3`,
/// `GB/T 19001-2016 7.5.3`, `7.5.3 成文信息的控制`, full-width `７．５．３`. Returns the dotted
/// number as written (not checked against the catalog), or `None` when the cell does not
/// start with one.
pub fn parse_clause_cell(s: &str) -> Option<String> {
    let n: String = s.nfkc().collect();
    // NFKC leaves the ideographic full stop alone; some typists use it between numbers.
    let n = n.replace('。', ".");
    let rest = match STANDARD.find(&n) {
        Some(m) => &n[m.end()..],
        None => &n[..],
    };
    let caps = CLAUSE.captures(rest)?;
    Some(caps[1].to_string())
}

/// Another standard's clause: a control or annex number (`A.5.1`, `A5.1`, `Annex A.8`) or a
/// number after another standard's name (`ISO/IEC 27001 6.1`, `GB/T 24001 4.2`). A malformed
/// ISO 9001 number (`第X条`, `7.5.9`) is not one: that is a slip to be fixed.
pub fn cites_another_standard(s: &str) -> bool {
    static OTHER: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"(?i)^\s*(?:(?:annex|附录)\s*)?[a-z]{1,2}\s*\.?\s*[0-9]{1,2}(?:\.[0-9]{1,2})*\s*(?:$|[^0-9.])|^\s*(?:iso|iec|gb)\s*(?:/\s*(?:iec|t))?\s*[0-9]",
        )
        .expect("valid regex")
    });
    let n: String = s.nfkc().collect();
    !STANDARD.is_match(&n) && OTHER.is_match(&n)
}

#[cfg(test)]
mod tests {
    #[test]
    fn other_standards_clauses_are_told_from_slips() {
        for other in [
            "A.5.1",
            "A.12.1.2",
            "a5.1",
            "Annex A.8",
            "ISO/IEC 27001 6.1",
            "GB/T 24001 4.2",
        ] {
            assert!(super::cites_another_standard(other), "{other}");
        }
        for ours in [
            "7.5.3",
            "第X条",
            "ISO 9001:2015 7.5",
            "GB/T 19001-2016 8.4",
            "文件控制",
            "",
        ] {
            assert!(!super::cites_another_standard(ours), "{ours}");
        }
    }

    use super::*;

    #[test]
    fn every_report_term_reads_back() {
        for o in Outcome::ALL {
            for lang in [Lang::En, Lang::Zh] {
                assert_eq!(
                    parse_outcome(o.label(lang)),
                    Some((o, true)),
                    "{o:?} {lang:?}"
                );
            }
            assert_eq!(parse_outcome(o.key()).map(|x| x.0), Some(o), "{o:?}");
        }
    }

    #[test]
    fn tolerant_of_case_width_and_spaces() {
        assert_eq!(parse_outcome("  Minor  NC "), Some((Outcome::Minor, true)));
        assert_eq!(parse_outcome("Compliant"), Some((Outcome::Conform, true)));
        assert_eq!(
            parse_outcome("Non-compliant"),
            Some((Outcome::Minor, false))
        );
        assert_eq!(parse_outcome("ＭＡＪＯＲ"), Some((Outcome::Major, true)));
        assert_eq!(parse_outcome("ｏｋ"), Some((Outcome::Conform, true)));
        assert_eq!(parse_outcome("一般 不符合"), Some((Outcome::Minor, true)));
        assert_eq!(parse_outcome("N/A"), Some((Outcome::NotApplicable, true)));
        assert_eq!(
            parse_outcome("ｎ／ａ"),
            Some((Outcome::NotApplicable, true))
        );
        assert_eq!(parse_outcome("Obs."), Some((Outcome::Observation, true)));
        assert_eq!(parse_outcome(""), Some((Outcome::NotAudited, true)));
        assert_eq!(parse_outcome("\u{3000}"), Some((Outcome::NotAudited, true)));
        assert_eq!(
            parse_outcome("Opportunity for improvement"),
            Some((Outcome::Ofi, true))
        );
    }

    #[test]
    fn bare_nonconformity_is_an_ungraded_minor() {
        assert_eq!(parse_outcome("不符合"), Some((Outcome::Minor, false)));
        assert_eq!(parse_outcome("不合格"), Some((Outcome::Minor, false)));
        assert_eq!(parse_outcome("NC"), Some((Outcome::Minor, false)));
        assert_eq!(parse_outcome("轻微不符合"), Some((Outcome::Minor, true)));
        assert_eq!(parse_outcome("严重不符合"), Some((Outcome::Major, true)));
    }

    /// What the template's instructions say is accepted is what is read.
    #[test]
    fn every_listed_spelling_reads_as_its_outcome() {
        for o in Outcome::ALL {
            let listed = accepted_spellings(o);
            assert!(!listed.is_empty(), "{o:?}");
            for w in listed {
                assert_eq!(parse_outcome(w).map(|x| x.0), Some(o), "{w}");
            }
        }
    }

    #[test]
    fn what_auditors_type() {
        for (cell, want) in [
            ("严重不符合项", (Outcome::Major, true)),
            ("一般不符合项", (Outcome::Minor, true)),
            ("符合要求", (Outcome::Conform, true)),
            ("基本符合", (Outcome::Observation, true)),
            ("不符合（轻微）", (Outcome::Minor, true)),
            ("不符合（严重）", (Outcome::Major, true)),
            ("观察项目", (Outcome::Observation, true)),
            ("轻微", (Outcome::Minor, true)),
            ("严重", (Outcome::Major, true)),
            ("×", (Outcome::Minor, false)),
            ("X", (Outcome::Minor, false)),
            ("/", (Outcome::NotApplicable, true)),
            ("无", (Outcome::NotApplicable, true)),
            ("N.A.", (Outcome::NotApplicable, true)),
        ] {
            assert_eq!(parse_outcome(cell), Some(want), "{cell}");
        }
    }

    #[test]
    fn unknown_results() {
        assert_eq!(parse_outcome("合格?"), None);
        assert_eq!(parse_outcome("maybe"), None);
        assert_eq!(parse_outcome("符合要求吗"), None);
    }

    #[test]
    fn clause_cells() {
        for (cell, want) in [
            ("7.5.3", "7.5.3"),
            ("7.5.3条", "7.5.3"),
            ("第7.5.3条", "7.5.3"),
            ("ISO 9001:2015 7.5.3", "7.5.3"),
            ("iso9001:2015 7.5.3", "7.5.3"),
            ("GB/T 19001-2016 7.5.3", "7.5.3"),
            ("GB/T19001－2016 7.5.3", "7.5.3"),
            ("7.5.3 成文信息的控制", "7.5.3"),
            ("7.5.3成文信息的控制", "7.5.3"),
            ("７．５．３", "7.5.3"),
            ("第７．５．３条", "7.5.3"),
            ("Clause 8.2.3.1", "8.2.3.1"),
            ("10.2", "10.2"),
            ("  9.2. ", "9.2"),
            ("4.1质量管理体系要求", "4.1"),
        ] {
            assert_eq!(parse_clause_cell(cell).as_deref(), Some(want), "{cell}");
        }
        for cell in ["", "成文信息", "2026年", "审核员签字", "v1.0.0.0.1", "123"] {
            assert_eq!(parse_clause_cell(cell), None, "{cell}");
        }
    }
}
