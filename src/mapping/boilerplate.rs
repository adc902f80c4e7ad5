//! Boilerplate: the lines of a controlled document that every controlled document has, whatever
//! its subject. The page header or footer printed on every page of a PDF (文件编号 / 版本 / 第 N 页
//! 共 M 页), document metadata (`Document Number`, `Revision`, `Approved by`, 编制 / 审核 / 批准),
//! revision-history or approval tables, and the sections that only list other documents (相关文件,
//! 质量记录, References, Related documents). Their words (审核 "reviewed", 文件 "document", 版本,
//! revision) are the vocabulary of 7.5 and 9.2, so counted as text they made 7.5 the top clause
//! of documents about anything and gave out-of-scope documents a clause. The mapper gives them
//! no weight (unless the document is itself about documented information).
//!
//! The field and block markers are literals of the rules' one matcher (rules.rs adds them), so
//! the text is not searched again for them; column words are looked for only in table lines,
//! and repeated lines in one pass over the short lines.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::OnceLock;

/// What a marker says about the line it is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// A metadata field (`文件编号`, `Document No`, `Approved by`; `scan::METADATA_FIELDS`): a
    /// short line holding one is boilerplate.
    Field,
    /// A column word of a revision or approval table (版本, 日期, 修订内容, Author, Date): a
    /// short line holding three different ones is such a table's header.
    Column,
    /// The title of a revision-history or approval block: it and the lines after it up to the
    /// next heading (at most [`BLOCK_LINES`]) are boilerplate.
    Block,
}

/// The column and block words ([`markers`] adds the metadata fields).
const MARKERS: &[(&str, Kind)] = &[
    // Column words of revision and approval tables.
    ("版本", Kind::Column),
    ("日期", Kind::Column),
    ("修订内容", Kind::Column),
    ("修改内容", Kind::Column),
    ("变更内容", Kind::Column),
    ("修订人", Kind::Column),
    ("修改人", Kind::Column),
    ("编制", Kind::Column),
    ("审核", Kind::Column),
    ("批准", Kind::Column),
    ("签名", Kind::Column),
    ("version", Kind::Column),
    ("revision", Kind::Column),
    ("date", Kind::Column),
    ("author", Kind::Column),
    ("approver", Kind::Column),
    ("approved", Kind::Column),
    ("reviewer", Kind::Column),
    ("changes", Kind::Column),
    ("description of change", Kind::Column),
    ("signature", Kind::Column),
    // Revision-history and approval blocks.
    ("修订记录", Kind::Block),
    ("修订历史", Kind::Block),
    ("修改记录", Kind::Block),
    ("修订履历", Kind::Block),
    ("变更记录", Kind::Block),
    ("版本记录", Kind::Block),
    ("文件修订", Kind::Block),
    ("文件更改记录", Kind::Block),
    ("审批记录", Kind::Block),
    ("revision history", Kind::Block),
    ("change history", Kind::Block),
    ("document history", Kind::Block),
    ("version history", Kind::Block),
    ("change log", Kind::Block),
    ("changelog", Kind::Block),
    ("revision log", Kind::Block),
    ("document approval", Kind::Block),
    ("Änderungshistorie", Kind::Block),
    ("Versionshistorie", Kind::Block),
    ("Dokumentenhistorie", Kind::Block),
    ("Änderungsverlauf", Kind::Block),
];

/// Every marker: the metadata fields (`scan::METADATA_FIELDS`, which also tell a page header
/// from a title) and the column and block words.
pub(crate) fn markers() -> impl Iterator<Item = (&'static str, Kind)> {
    crate::scan::METADATA_FIELDS
        .iter()
        .map(|f| (*f, Kind::Field))
        .chain(MARKERS.iter().copied())
}

/// The titles of sections that list other documents: the procedures a procedure refers to and
/// the forms it keeps. Every controlled document has them, and the titles they list
/// (《不合格品控制程序》, `SOP Document Control`) name other clauses. Compared with a heading's
/// text without its numbering and final colon, lower-cased.
const REFERENCE_SECTIONS: &[&str] = &[
    "相关文件",
    "相关文件和记录",
    "相关文件及记录",
    "相关文件与记录",
    "相关文件和表单",
    "相关文件及表单",
    "相关程序",
    "相关程序文件",
    "相关制度",
    "相关记录",
    "相关表单",
    "相关表格",
    "相关记录表单",
    "相关支持性文件",
    "引用文件",
    "引用文件和记录",
    "规范性引用文件",
    "支持性文件",
    "支持文件",
    "参考文件",
    "参考资料",
    "质量记录",
    "质量记录表格",
    "记录",
    "记录表格",
    "记录表单",
    "表单",
    "附表",
    "references",
    "reference documents",
    "referenced documents",
    "related documents",
    "related documentation",
    "related procedures",
    "related policies",
    "related records",
    "related forms",
    "associated documents",
    "associated procedures",
    "supporting documents",
    "records",
    "quality records",
    "forms",
    "forms and records",
    "records and forms",
    "see also",
    "further reading",
    "mitgeltende dokumente",
    "mitgeltende unterlagen",
    "referenzen",
    "aufzeichnungen",
    "formulare",
];
/// A section that lists other documents ends after this many lines at most.
const REFERENCE_LINES: u32 = 60;

/// A line longer than this (bytes) is prose, not a metadata line or a table header.
const SHORT: usize = 160;
/// A revision block ends at the next heading or after this many lines.
const BLOCK_LINES: usize = 30;
/// A line (digits left out, so page numbers do not tell pages apart) that comes back this many
/// times is a page header or footer.
const REPEATS: u32 = 3;

/// The column words, looked for only in the lines of a table (common words such as 审核 and
/// date would match everywhere else).
fn columns() -> &'static AhoCorasick {
    static AC: OnceLock<AhoCorasick> = OnceLock::new();
    AC.get_or_init(|| {
        AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostLongest)
            .build(
                MARKERS
                    .iter()
                    .filter(|(_, k)| *k == Kind::Column)
                    .map(|(m, _)| m),
            )
            .expect("the column words build")
    })
}

/// The boilerplate lines of `text` (numbered from 1, as the mapper numbers them), sorted.
/// `starts` are the byte offsets of the lines; `headings` the heading lines, sorted;
/// `markers` the lines of the field and block markers the scan found, in text order.
pub(crate) fn lines(
    text: &str,
    starts: &[usize],
    headings: &[u32],
    markers: &[(u32, Kind)],
) -> Vec<u32> {
    let line_of = |pos: usize| starts.partition_point(|&s| s <= pos) as u32;
    let line_text = |n: u32| {
        let i = n as usize - 1;
        let end = starts.get(i + 1).copied().unwrap_or(text.len());
        text[starts[i]..end].trim_end_matches(['\n', '\r'])
    };
    let mut out = Vec::new();
    // Fields (a short line holding one) and blocks.
    for &(n, kind) in markers {
        if line_text(n).len() > SHORT {
            continue;
        }
        match kind {
            Kind::Field => out.push(n),
            Kind::Block => {
                let next_heading = headings
                    .iter()
                    .find(|&&h| h > n)
                    .copied()
                    .unwrap_or(u32::MAX);
                let last = (n + BLOCK_LINES as u32)
                    .min(next_heading.saturating_sub(1))
                    .min(starts.len() as u32);
                out.extend(n..=last.max(n));
            }
            Kind::Column => {}
        }
    }
    out.extend(reference_sections(
        headings,
        &line_text,
        starts.len() as u32,
    ));
    // Table header rows of revision and approval tables: lines with a cell separator and
    // three different column words.
    let mut pos = 0;
    while let Some(off) = memchr::memchr2(b'|', b'\t', &text.as_bytes()[pos..]) {
        let n = line_of(pos + off);
        let line = line_text(n);
        if line.len() <= SHORT {
            let mut found: Vec<usize> = columns()
                .find_iter(line)
                .map(|m| m.pattern().as_usize())
                .collect();
            found.sort_unstable();
            found.dedup();
            if found.len() >= 3 {
                out.push(n);
            }
        }
        pos = starts.get(n as usize).copied().unwrap_or(text.len());
    }
    // Page headers and footers: a line that comes back, digits aside.
    let shapes: Vec<u64> = (0..starts.len())
        .map(|i| {
            let line = line_text(i as u32 + 1).trim();
            // Headers and footers are labels; a line that ends a sentence is the text itself,
            // however often a procedure repeats it.
            let sentence = line.ends_with(['。', '.', '；', ';', '！', '!', '？', '?']);
            if line.len() < 6 || line.len() > REPEATED_MAX || line.starts_with('|') || sentence {
                0
            } else {
                shape(line)
            }
        })
        .collect();
    let mut seen: HashMap<u64, u32, BuildHasherDefault<Passthrough>> = HashMap::default();
    for &h in shapes.iter().filter(|&&h| h != 0) {
        *seen.entry(h).or_default() += 1;
    }
    if seen.values().any(|&k| k >= REPEATS) {
        for (i, h) in shapes.iter().enumerate() {
            if *h != 0 && seen.get(h).is_some_and(|&k| k >= REPEATS) {
                out.push(i as u32 + 1);
            }
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// The lines of the sections that only list other documents: a heading titled as one
/// ([`REFERENCE_SECTIONS`]) and what follows up to a heading of its level or above that is not
/// another such section. Under a numbered title (`5 相关文件`) deeper numbers (`5.1 《文件控制
/// 程序》`) are its items; under an unnumbered one (`## References`) numbered lines are.
fn reference_sections<'t>(
    headings: &[u32],
    line_text: &impl Fn(u32) -> &'t str,
    lines: u32,
) -> Vec<u32> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < headings.len() {
        let n = headings[i];
        let (depth, title) = numbering(line_text(n));
        if !is_reference_title(title) {
            i += 1;
            continue;
        }
        let mut end = lines.min(n + REFERENCE_LINES - 1);
        i += 1;
        while let Some(&h) = headings.get(i).filter(|&&h| h <= end) {
            let (d, t) = numbering(line_text(h));
            let item = if depth == 0 { d > 0 } else { d > depth };
            if !item && !is_reference_title(t) {
                end = h - 1;
                break;
            }
            i += 1;
        }
        out.extend(n..=end);
    }
    out
}

fn is_reference_title(title: &str) -> bool {
    title.len() <= 40 && {
        let t = title.to_lowercase();
        REFERENCE_SECTIONS.contains(&t.as_str())
    }
}

/// A heading's numbering depth (`5` 1, `5.1` 2, `一、` 1, `（一）` 2, `第三章` 1, none 0) and
/// its text after the numbering, without Markdown's `#`, spaces and a final colon.
fn numbering<'a>(line: &'a str) -> (usize, &'a str) {
    let t = line.trim().trim_start_matches('#').trim_start();
    // 1 / 1.2 / 1.2.3 followed by a space, a dot or 、.
    let digits: usize = t
        .bytes()
        .take_while(|b| b.is_ascii_digit() || *b == b'.')
        .count();
    if digits > 0 && t.as_bytes()[0].is_ascii_digit() {
        let num = t[..digits].trim_end_matches('.');
        let rest = t[digits..].trim_start_matches(['、', '．', ')', '）']);
        return (num.split('.').count(), strip_end(rest));
    }
    // （一） / 一、 / 第三章: Chinese numerals, then what closes them.
    let after = |s: &'a str, digits: bool, close: &[char]| {
        let k: usize = s
            .chars()
            .take_while(|c| "一二三四五六七八九十".contains(*c) || digits && c.is_ascii_digit())
            .map(char::len_utf8)
            .sum();
        (k > 0).then(|| s[k..].strip_prefix(close)).flatten()
    };
    if let Some(r) = t
        .strip_prefix(['（', '('])
        .and_then(|r| after(r, false, &['）', ')']))
    {
        return (2, strip_end(r));
    }
    if let Some(r) = after(t, false, &['、', '.', '．']) {
        return (1, strip_end(r));
    }
    if let Some(r) = t
        .strip_prefix('第')
        .and_then(|r| after(r, true, &['章', '节', '部']))
    {
        return (1, strip_end(r));
    }
    (0, strip_end(t))
}

fn strip_end(s: &str) -> &str {
    s.trim().trim_end_matches([':', '：']).trim_end()
}

/// The keys are hashes already.
#[derive(Default)]
struct Passthrough(u64);

impl Hasher for Passthrough {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) | u64::from(b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// A page header or footer is at most this long (bytes).
const REPEATED_MAX: usize = 120;

/// A hash of the line with its digits and spaces left out (FNV-1a: deterministic).
fn shape(line: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in line.as_bytes() {
        if b.is_ascii_digit() || b == b' ' || b == b'\t' {
            continue;
        }
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The markers as the mapper's scan reports them (the embedded rules' matcher).
    fn markers_of(text: &str) -> Vec<(u32, Kind)> {
        let rules = crate::mapping::Rules::embedded();
        let starts = crate::scan::line_starts(text);
        let mut out = Vec::new();
        rules
            .matcher
            .for_each(text, &rules.literals, |p, start, _| {
                if let Some(k) = rules.literals[p].marker {
                    out.push((starts.partition_point(|&s| s <= start) as u32, k));
                }
            });
        out
    }

    fn found(text: &str) -> Vec<u32> {
        let starts = crate::scan::line_starts(text);
        lines(text, &starts, &[], &markers_of(text))
    }

    #[test]
    fn metadata_lines_page_headers_and_revision_tables() {
        let text = "设备管理程序\n\
                    文件编号：QP-12  版本：A/0\n\
                    1 目的\n\
                    规定设备的维护。\n\
                    东港市局 设备管理程序 第1页 共3页\n\
                    2 范围\n\
                    东港市局 设备管理程序 第2页 共3页\n\
                    3 职责\n\
                    东港市局 设备管理程序 第3页 共3页\n\
                    | 版本 | 日期 | 修订内容 | 批准 |\n\
                    Approved by: J. Smith\n\
                    本程序由办公室负责编制，经审核后批准发布，适用于全局各科室的设备维护和保养工作。\n";
        assert_eq!(found(text), [2, 5, 7, 9, 10, 11]);
    }

    #[test]
    fn a_revision_block_ends_at_the_next_heading() {
        let text = "# Storage\n\n## Revision history\n\n| 1.0 | first |\n| 1.1 | audit |\n\n## Purpose\n\nKeep goods dry.\n";
        let starts = crate::scan::line_starts(text);
        assert_eq!(
            lines(text, &starts, &[1, 3, 8], &markers_of(text)),
            [3, 4, 5, 6, 7]
        );
    }

    /// A section that lists other documents runs to the next heading of its level: its
    /// numbered items (`5.1 《…》`), a second such section (`6 质量记录`) and, under an
    /// unnumbered title, numbered lines are in it; a heading titled otherwise ends it, and a
    /// heading that only begins like one (`4.3 记录的保存`) is none.
    #[test]
    fn reference_sections_run_to_the_next_heading_of_their_level() {
        let text = "设备管理程序\n4 工作程序\n4.3 记录的保存\n记录由办公室保存。\n5 相关文件\n\
                    5.1 《文件控制程序》\n5.2 《不合格品控制程序》\n6 质量记录：\n\
                    6.1 《设备台账》\n7 附则\n本程序自发布之日起施行。\n";
        let starts = crate::scan::line_starts(text);
        let heads = [2, 3, 5, 6, 7, 8, 9, 10];
        assert_eq!(lines(text, &starts, &heads, &[]), [5, 6, 7, 8, 9]);
        let md = "# Storage\n\n## References\n\n1. SOP Document Control\n2. SOP CAPA\n\n\
                  ## Scope\n\nAll goods.\n";
        let starts = crate::scan::line_starts(md);
        assert_eq!(lines(md, &starts, &[1, 3, 5, 6, 8], &[]), [3, 4, 5, 6, 7]);
        assert_eq!(numbering("（二）相关记录："), (2, "相关记录"));
        assert_eq!(numbering("第三章 附则"), (1, "附则"));
        assert_eq!(numbering("## Related documents"), (0, "Related documents"));
    }

    /// A sentence a procedure repeats (after each step, in each section) is its text, not a
    /// page header: only label-like lines count as repeated headers and footers.
    #[test]
    fn a_repeated_sentence_is_not_a_page_header() {
        let text = "设备管理程序\n\
                    相关资料应当归档保存，保存期限按档案管理规定执行。\n\
                    1 目的\n\
                    相关资料应当归档保存，保存期限按档案管理规定执行。\n\
                    2 范围\n\
                    相关资料应当归档保存，保存期限按档案管理规定执行。\n\
                    东港市质量技术监督局 第1页\n\
                    东港市质量技术监督局 第2页\n\
                    东港市质量技术监督局 第3页\n";
        assert_eq!(found(text), [7, 8, 9]);
    }

    #[test]
    fn prose_and_single_words_are_not_boilerplate() {
        let text = "内部审核程序\n审核组长负责编制审核计划，审核员按计划实施审核并记录审核发现。\n审核\n版本\n";
        assert!(found(text).is_empty(), "{:?}", found(text));
    }
}
