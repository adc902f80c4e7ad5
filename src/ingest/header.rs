//! Finding a checklist's header row: column titles matched by aliases in both languages.

use super::grid::Grid;
use unicode_normalization::UnicodeNormalization;

/// How many rows from the top of a sheet are searched for the header.
pub const HEADER_SEARCH_ROWS: usize = 20;

/// A column a checklist may have.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Field {
    No,
    Clause,
    ClauseTitle,
    Question,
    /// Guidance on what to sample (our template's "evidence to sample"); not the record.
    Guide,
    /// The audit record: what the auditor saw.
    Evidence,
    Result,
    Finding,
    Department,
    Auditor,
    Date,
    Procedure,
    Notes,
}

/// Whole-title aliases, folded (see [`fold`]).
const EXACT: &[(Field, &[&str])] = &[
    (
        Field::No,
        &[
            "no",
            "no.",
            "#",
            "ref",
            "item",
            "序号",
            "编号",
            "顺序号",
            "number",
        ],
    ),
    (
        Field::Clause,
        &[
            "clause",
            "clauseno",
            "clauseno.",
            "isoclause",
            "条款",
            "条款号",
            "标准条款",
            "对应条款",
            "条款编号",
            "章节序号",
            "controlnumber",
            "controlno",
            "control",
            "requirementno",
            "标准条款号",
        ],
    ),
    (
        Field::ClauseTitle,
        &[
            "clausetitle",
            "title",
            "条款名称",
            "条款标题",
            "标题",
            "章节名称",
        ],
    ),
    (
        Field::Question,
        &[
            "question",
            "auditquestion",
            "checkpoint",
            "审核内容",
            "检查内容",
            "审核要点",
            "检查要点",
            "审核项目",
            "检查项目",
            "审核问题",
            "内容",
            "问题",
            "questionstoask",
            "questions",
            "requirement",
            "requirements",
            "criteria",
            "审核要素",
            "审核条目",
            "检查标准",
        ],
    ),
    (
        Field::Guide,
        &[
            "evidencetosample",
            "sampling",
            "howtoaudit",
            "auditmethod",
            "建议抽样证据",
            "抽样证据",
            "审核方法",
            "检查方法",
        ],
    ),
    (
        Field::Evidence,
        &[
            "auditrecord",
            "evidence",
            "objectiveevidence",
            "record",
            "审核记录",
            "检查记录",
            "审核证据",
            "客观证据",
            "审核发现",
            "现场记录",
            "记录",
            "检查情况",
            "审核情况",
            "notesevidence",
            "evidencenotes",
            "observations",
        ],
    ),
    (
        Field::Result,
        &[
            "result",
            "conclusion",
            "compliance",
            "status",
            "rating",
            "verdict",
            "结论",
            "判定",
            "审核结论",
            "检查结论",
            "判定结果",
            "结果",
            "符合性",
            "评价",
            "compliant",
            "compliant?",
            "met",
            "judgement",
            "judgment",
            "grade",
            "severity",
            "不符合性质",
            "是否符合",
            "符合情况",
        ],
    ),
    (
        Field::Finding,
        &[
            "finding",
            "findingstatement",
            "ncstatement",
            "nonconformity",
            "不符合描述",
            "不符合事实",
            "不符合项描述",
            "不符合事实描述",
            "不符合说明",
            "存在问题",
            "问题描述",
            "findings",
            "findingdescription",
            "nonconformitydescription",
        ],
    ),
    (
        Field::Department,
        &[
            "department",
            "dept",
            "dept.",
            "auditee",
            "area",
            "部门",
            "受审核部门",
            "受审部门",
            "责任部门",
            "被审核部门",
            "科室",
        ],
    ),
    (
        Field::Auditor,
        &["auditor", "auditedby", "审核员", "审核人", "检查人"],
    ),
    (
        Field::Date,
        &["date", "auditdate", "日期", "审核日期", "检查日期"],
    ),
    (
        Field::Procedure,
        &[
            "procedure",
            "procedurereference",
            "程序文件",
            "依据文件",
            "审核依据",
        ],
    ),
    (
        Field::Notes,
        &[
            "notes", "note", "remarks", "remark", "comments", "comment", "备注", "说明",
        ],
    ),
];

/// Keywords a longer title may contain, tried in this order (the more specific first:
/// "evidence to sample" is guidance, not the record; "clause title" is not the clause).
const KEYWORDS: &[(Field, &[&str])] = &[
    (
        Field::Guide,
        &["抽样", "审核方法", "检查方法", "sample", "howto"],
    ),
    (Field::ClauseTitle, &["条款名称", "条款标题", "clausetitle"]),
    (
        Field::Finding,
        &["不符合", "nonconform", "finding", "ncdetail", "ncstatement"],
    ),
    (Field::Evidence, &["记录", "证据", "evidence", "record"]),
    (
        Field::Question,
        &[
            "审核内容",
            "检查内容",
            "审核要点",
            "检查要点",
            "审核项目",
            "检查项目",
            "question",
            "checkpoint",
        ],
    ),
    (
        Field::Result,
        &[
            "结论",
            "判定",
            "结果",
            "result",
            "conclusion",
            "compliance",
            "verdict",
            "rating",
        ],
    ),
    (Field::Clause, &["条款", "clause"]),
    (
        Field::Department,
        &["部门", "科室", "department", "dept", "auditee"],
    ),
    (Field::Auditor, &["审核员", "审核人", "检查人", "auditor"]),
    (Field::Date, &["日期", "date"]),
    (Field::Procedure, &["程序", "procedure", "依据"]),
    (Field::Notes, &["备注", "remark", "note", "comment"]),
    (Field::No, &["序号", "编号"]),
];

/// Header cells longer than this (folded) are data, not titles.
const MAX_TITLE_CHARS: usize = 30;

/// NFKC, lower case, no whitespace or bracket and separator punctuation.
fn fold(s: &str) -> String {
    s.nfkc()
        .flat_map(char::to_lowercase)
        .filter(|c| {
            !c.is_whitespace()
                && !matches!(
                    c,
                    '(' | ')' | '（' | '）' | ':' | '：' | '/' | '*' | '·' | '、' | '-' | '_'
                )
        })
        .collect()
}

/// Which field a header cell names, if any.
pub fn classify(cell: &str) -> Option<Field> {
    let f = fold(cell);
    if f.is_empty() || f.chars().count() > MAX_TITLE_CHARS {
        return None;
    }
    for (field, aliases) in EXACT {
        if aliases.contains(&f.as_str()) {
            return Some(*field);
        }
    }
    for (field, words) in KEYWORDS {
        if words.iter().any(|w| f.contains(w)) {
            return Some(*field);
        }
    }
    None
}

/// The header row of a sheet and the column of each field it names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    /// 0-based row of the header.
    pub row: usize,
    /// `(field, column)`, the first column for each field.
    pub columns: Vec<(Field, usize)>,
}

impl Header {
    /// The column of `field`, if the sheet has it.
    pub fn col(&self, field: Field) -> Option<usize> {
        self.columns
            .iter()
            .find(|(f, _)| *f == field)
            .map(|&(_, c)| c)
    }
}

/// The header row in the first [`HEADER_SEARCH_ROWS`] rows: the row naming the most fields,
/// among rows that name a clause column, a question or result column, and at least three
/// fields in all. `None` when no row qualifies (a cover sheet, instructions, a chart).
pub fn find_header(grid: &Grid) -> Option<Header> {
    let mut best: Option<Header> = None;
    for (r, row) in grid.rows.iter().take(HEADER_SEARCH_ROWS).enumerate() {
        let mut columns: Vec<(Field, usize)> = Vec::new();
        // An "element" column (审核要素) is the question unless the row has a question column
        // of its own and no clause column: then it holds the clause ("7.5 成文信息").
        let mut element = None;
        for (c, cell) in row.iter().enumerate() {
            if ELEMENT.contains(&fold(cell).as_str()) {
                element.get_or_insert(c);
                continue;
            }
            if let Some(f) = classify(cell)
                && !columns.iter().any(|(g, _)| *g == f)
            {
                columns.push((f, c));
            }
        }
        if let Some(c) = element {
            let has = |f: Field| columns.iter().any(|(g, _)| *g == f);
            match (has(Field::Clause), has(Field::Question)) {
                (false, true) => columns.push((Field::Clause, c)),
                (_, false) => columns.push((Field::Question, c)),
                (true, true) => {}
            }
        }
        let has = |f: Field| columns.iter().any(|(g, _)| *g == f);
        // A findings log (one nonconformity a row) has a finding column instead.
        let qualifies = has(Field::Clause)
            && (has(Field::Question) || has(Field::Result) || has(Field::Finding))
            && columns.len() >= 3;
        if qualifies
            && best
                .as_ref()
                .is_none_or(|b| columns.len() > b.columns.len())
        {
            best = Some(Header { row: r, columns });
        }
    }
    best
}

/// Titles of an "audit element" column, folded: the clause or the question, by what else the
/// header has (see [`find_header`]).
const ELEMENT: &[&str] = &["审核要素", "要素", "auditelement", "element"];

/// Cover-sheet labels, folded, and the meta field they fill.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MetaField {
    AuditId,
    Office,
    Criteria,
    Date,
    Auditors,
    AuditeeRepresentative,
    Scope,
}

const META_LABELS: &[(MetaField, &[&str])] = &[
    (
        MetaField::AuditId,
        &["auditid", "auditno", "auditno.", "审核编号", "内审编号"],
    ),
    (
        MetaField::Office,
        &[
            "office",
            "officeaudited",
            "auditee",
            "受审核部门",
            "受审核单位",
            "受审单位",
            "被审核单位",
        ],
    ),
    (
        MetaField::Criteria,
        &["criteria", "auditcriteria", "审核准则", "审核依据"],
    ),
    (MetaField::Date, &["date", "auditdate", "审核日期", "日期"]),
    (
        MetaField::Auditors,
        &[
            "auditors",
            "auditteam",
            "auditor",
            "leadauditor",
            "审核员",
            "审核组",
            "审核组成员",
            "审核组长",
        ],
    ),
    (
        MetaField::Scope,
        &["scope", "auditscope", "审核范围", "审核条款"],
    ),
    (
        MetaField::AuditeeRepresentative,
        &[
            "auditeerepresentative",
            "受审核方代表",
            "受审核部门代表",
            "陪同人员",
        ],
    ),
];

/// Which cover-sheet fact a label cell names (`审核编号：` → audit id).
pub fn classify_meta(cell: &str) -> Option<MetaField> {
    let f = fold(cell);
    META_LABELS
        .iter()
        .find(|(_, labels)| labels.contains(&f.as_str()))
        .map(|(m, _)| *m)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_in_both_languages() {
        assert_eq!(classify("条款"), Some(Field::Clause));
        assert_eq!(classify("标准条款号"), Some(Field::Clause));
        assert_eq!(classify("ISO 9001 clause"), Some(Field::Clause));
        assert_eq!(classify("Clause title"), Some(Field::ClauseTitle));
        assert_eq!(classify("审核记录"), Some(Field::Evidence));
        assert_eq!(classify("Objective evidence"), Some(Field::Evidence));
        assert_eq!(classify("Evidence to sample"), Some(Field::Guide));
        assert_eq!(classify("审核结论"), Some(Field::Result));
        assert_eq!(classify("判定"), Some(Field::Result));
        assert_eq!(classify("不符合事实描述"), Some(Field::Finding));
        assert_eq!(classify("Finding (NC / OBS / OFI)"), Some(Field::Finding));
        assert_eq!(classify("受审核部门"), Some(Field::Department));
        assert_eq!(classify("Auditee (dept.)"), Some(Field::Department));
        assert_eq!(classify("审核员"), Some(Field::Auditor));
        assert_eq!(classify("序 号"), Some(Field::No));
        assert_eq!(classify("Ｎｏ．"), Some(Field::No));
        assert_eq!(
            classify("质量管理体系内部审核检查表（2026年度）第一次会议"),
            None
        );
        assert_eq!(classify(""), None);
    }

    /// 审核要素 is the clause beside a question column and without a clause column, the
    /// question beside a clause column.
    #[test]
    fn an_element_column_is_the_clause_or_the_question() {
        let row = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let grid = |h: &[&str]| Grid {
            sheet: None,
            rows: vec![row(h)],
        };
        let h = find_header(&grid(&[
            "审核要素",
            "审核内容",
            "检查情况",
            "判定",
            "存在问题",
        ]))
        .unwrap();
        assert_eq!(h.col(Field::Clause), Some(0));
        assert_eq!(h.col(Field::Question), Some(1));
        assert_eq!(h.col(Field::Finding), Some(4));
        let h = find_header(&grid(&["条款", "审核要素", "审核方法", "检查情况", "判定"])).unwrap();
        assert_eq!(h.col(Field::Clause), Some(0));
        assert_eq!(h.col(Field::Question), Some(1));
        assert_eq!(h.col(Field::Guide), Some(2));
    }

    #[test]
    fn header_row_found_below_a_title() {
        let row = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let g = Grid {
            sheet: Some("检查表".into()),
            rows: vec![
                row(&["临湖县局内部审核检查表"]),
                row(&["审核编号", "DGZJ-2026-IA01"]),
                row(&[]),
                row(&["序号", "标准条款", "检查内容", "检查记录", "判定"]),
                row(&["1", "7.5.3", "q", "e", "符合"]),
            ],
        };
        let h = find_header(&g).unwrap();
        assert_eq!(h.row, 3);
        assert_eq!(h.col(Field::Clause), Some(1));
        assert_eq!(h.col(Field::Result), Some(4));
        assert_eq!(h.col(Field::Finding), None);
        let cover = Grid {
            sheet: Some("封面".into()),
            rows: vec![row(&["审核编号", "x"]), row(&["受审核部门", "y"])],
        };
        assert_eq!(find_header(&cover), None);
    }

    #[test]
    fn meta_labels() {
        assert_eq!(classify_meta("审核编号："), Some(MetaField::AuditId));
        assert_eq!(classify_meta("Audit ID"), Some(MetaField::AuditId));
        assert_eq!(
            classify_meta("受审核方代表"),
            Some(MetaField::AuditeeRepresentative)
        );
        assert_eq!(classify_meta("审核内容"), None);
    }
}
