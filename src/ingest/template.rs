//! The blank checklist workbook `isoaudit checklist new` writes: a cover sheet, the checklist
//! sheet and an instructions sheet. It lives beside ingestion because its column titles are
//! the ones ingestion reads back first.

use crate::catalog::{Catalog, QuestionBank};
use crate::model::{ClauseId, Date, Lang, Outcome};
use crate::xlsx::{fix_properties, text};
use rust_xlsxwriter::{
    Color, DataValidation, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError,
};

/// What goes on the cover and which clauses the checklist asks about.
#[derive(Debug, Clone)]
pub struct BlankSettings {
    pub lang: Lang,
    /// Clauses in scope, expanded and sorted (`parse_scope`).
    pub scope: Vec<ClauseId>,
    /// The scope as the user wrote it, shown on the cover.
    pub scope_text: String,
    pub office: Option<String>,
    pub audit_id: Option<String>,
    /// Also the workbook's creation date, so output is reproducible.
    pub date: Option<Date>,
}

/// Column titles of the checklist sheet, in order: English, Chinese.
pub const COLUMNS: [(&str, &str); 11] = [
    ("No.", "序号"),
    ("Clause", "条款"),
    ("Clause title", "条款名称"),
    ("Question", "审核内容"),
    ("Evidence to sample", "建议抽样证据"),
    ("Audit record", "审核记录"),
    ("Result", "审核结论"),
    ("Finding statement", "不符合描述"),
    ("Department", "部门"),
    ("Auditor", "审核员"),
    ("Notes", "备注"),
];

/// Column index of the result (for the dropdown) in [`COLUMNS`].
pub const RESULT_COL: u16 = 6;

/// Sheet names: cover, checklist, instructions.
pub fn sheet_names(lang: Lang) -> [&'static str; 3] {
    match lang {
        Lang::En => ["Cover", "Checklist", "Instructions"],
        Lang::Zh => ["封面", "检查表", "填写说明"],
    }
}

/// Rows left with the dropdown below the questions, for questions the auditor adds.
const SPARE_ROWS: u32 = 100;

/// Build the blank checklist. Returns the workbook and the number of questions in it.
pub fn blank_checklist(
    catalog: &Catalog,
    bank: &QuestionBank,
    s: &BlankSettings,
) -> Result<(Workbook, usize), XlsxError> {
    let lang = s.lang;
    let l = |en: &'static str, zh: &'static str| lang.pick(en, zh);
    let mut wb = Workbook::new();
    fix_properties(
        &mut wb,
        l(
            "ISO 9001 internal audit checklist",
            "质量管理体系内部审核检查表",
        ),
        s.date,
    );
    let [cover_name, list_name, help_name] = sheet_names(lang);

    let title = Format::new().set_bold().set_font_size(14);
    let label = Format::new()
        .set_bold()
        .set_background_color(Color::RGB(0xDDEBF7))
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::Top);
    let wrap = Format::new()
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_border(FormatBorder::Thin);
    let head = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
        .set_background_color(Color::RGB(0xDDEBF7))
        .set_border(FormatBorder::Thin);

    // Cover.
    let cover = wb.add_worksheet().set_name(cover_name)?;
    text(
        cover,
        0,
        0,
        l(
            "ISO 9001 internal audit checklist",
            "质量管理体系内部审核检查表",
        ),
        &title,
    )?;
    let criteria = l(
        "ISO 9001:2015 (GB/T 19001-2016); the office's quality manual, procedures and work instructions",
        "GB/T 19001-2016 (ISO 9001:2015)；本单位质量手册、程序文件和作业规范",
    );
    let facts: [(&str, String); 7] = [
        (
            l("Audit ID", "审核编号"),
            s.audit_id.clone().unwrap_or_default(),
        ),
        (
            l("Office audited", "受审核部门"),
            s.office.clone().unwrap_or_default(),
        ),
        (l("Criteria", "审核准则"), criteria.to_string()),
        (
            l("Scope", "审核范围"),
            format!("{} {}", l("clauses", "条款"), s.scope_text),
        ),
        (
            l("Date", "审核日期"),
            s.date.map(|d| d.to_string()).unwrap_or_default(),
        ),
        (l("Auditors", "审核员"), String::new()),
        (l("Auditee representative", "受审核方代表"), String::new()),
    ];
    for (i, (k, v)) in facts.iter().enumerate() {
        let r = i as u32 + 2;
        text(cover, r, 0, k, &label)?;
        text(cover, r, 1, v, &wrap)?;
    }
    cover.set_column_width(0, 22)?;
    cover.set_column_width(1, 70)?;

    // Checklist.
    let ws = wb.add_worksheet().set_name(list_name)?;
    for (c, (en, zh)) in COLUMNS.iter().enumerate() {
        text(ws, 0, c as u16, lang.pick(en, zh), &head)?;
    }
    let mut columns: Vec<Vec<String>> = COLUMNS
        .iter()
        .map(|(en, zh)| vec![lang.pick(en, zh).to_string()])
        .collect();
    let mut n = 0usize;
    for q in bank.in_scope(&s.scope) {
        n += 1;
        let r = n as u32;
        let c = catalog.get(&q.clause);
        let title = c.map_or("", |c| c.title(lang));
        ws.write_number_with_format(r, 0, n as f64, &wrap)?;
        let cells = [
            q.clause.to_string(),
            title.to_string(),
            q.text(lang).to_string(),
            q.evidence(lang).to_string(),
        ];
        for (i, v) in cells.iter().enumerate() {
            text(ws, r, i as u16 + 1, v, &wrap)?;
            columns[i + 1].push(v.clone());
        }
        for col in 5..COLUMNS.len() as u16 {
            text(ws, r, col, "", &wrap)?;
        }
    }
    let last = n as u32;
    ws.set_freeze_panes(1, 0)?;
    ws.autofilter(0, 0, last.max(1), COLUMNS.len() as u16 - 1)?;
    let choices: Vec<&str> = Outcome::ALL.iter().map(|o| o.label(lang)).collect();
    // Other spellings are read too (see the instructions sheet): the list warns, not refuses.
    let dv = DataValidation::new()
        .allow_list_strings(&choices)?
        .set_error_style(rust_xlsxwriter::DataValidationErrorStyle::Warning)
        .set_input_title(l("Result", "审核结论"))?
        .set_input_message(l(
            "Pick a result. A minor or major NC needs an audit record and a finding statement.",
            "请选择结论。一般或严重不符合须填写审核记录和不符合描述。",
        ))?;
    ws.add_data_validation(1, RESULT_COL, last + SPARE_ROWS, RESULT_COL, &dv)?;
    let widths: [(usize, usize); 11] = [
        (5, 6),
        (8, 10),
        (12, 22),
        (30, 50),
        (24, 40),
        (30, 40),
        (12, 12),
        (30, 40),
        (10, 14),
        (8, 10),
        (12, 20),
    ];
    for (i, col) in columns.iter().enumerate() {
        let texts: Vec<&str> = col.iter().map(|s| s.as_str()).collect();
        let (min, max) = widths[i];
        fit_columns_at(ws, i as u16, &texts, min, max);
    }
    ws.set_landscape();
    ws.set_paper_size(9); // A4
    ws.set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(0, 0)?;
    ws.set_footer(l("&CPage &P of &N", "&C第 &P 页，共 &N 页"));

    // Instructions.
    let help = wb.add_worksheet().set_name(help_name)?;
    write_instructions(help, lang, &label, &wrap)?;
    Ok((wb, n))
}

/// Set one column's width from its texts (wide characters count double), within bounds.
fn fit_columns_at(ws: &mut Worksheet, col: u16, texts: &[&str], min: usize, max: usize) {
    let w = texts
        .iter()
        .map(|t| crate::xlsx::display_width(t))
        .max()
        .unwrap_or(0);
    let _ = ws.set_column_width(col, (w + 2).clamp(min, max) as f64);
}

fn write_instructions(
    ws: &mut Worksheet,
    lang: Lang,
    label: &Format,
    wrap: &Format,
) -> Result<(), XlsxError> {
    let l = |en: &'static str, zh: &'static str| lang.pick(en, zh);
    let bold = Format::new().set_bold().set_font_size(12);
    text(
        ws,
        0,
        0,
        l("How to fill in the checklist", "检查表填写说明"),
        &bold,
    )?;
    text(ws, 2, 0, l("Value", "结论"), label)?;
    text(ws, 2, 1, l("Meaning", "含义"), label)?;
    text(ws, 2, 2, l("Also accepted", "也可写作"), label)?;
    let rows: [(Outcome, &str, &str); 7] = [
        (
            Outcome::Conform,
            "The requirement is met; the audit record says what was sampled.",
            "满足要求；审核记录写明抽查了什么。",
        ),
        (
            Outcome::Minor,
            "A requirement is not met in an isolated or occasional way that does not stop the system achieving its results. 不符合, NC or × without a grade count as minor, flagged as ungraded.",
            "个别、偶发、孤立地未满足要求，不影响体系实现预期结果。只写“不符合”“NC”或“×”而未注明性质的，按一般不符合处理并注明。",
        ),
        (
            Outcome::Major,
            "A requirement is not met in a way that puts the system's results in doubt: a process missing or broken down, a systemic or repeated failure, a legal requirement breached.",
            "未满足要求并影响体系实现预期结果：过程缺失或失效、系统性或反复出现的问题、违反法定要求。",
        ),
        (
            Outcome::Observation,
            "Not a nonconformity yet, but a situation that could become one; the next audit follows it up.",
            "尚不构成不符合，但可能发展为不符合的情况；下次审核跟踪。",
        ),
        (
            Outcome::Ofi,
            "No nonconformity; a suggestion that could make the work better.",
            "不存在不符合；可以使工作更好的建议。",
        ),
        (
            Outcome::NotApplicable,
            "The question does not apply to this office; say why in the notes.",
            "该问题不适用于本单位；在备注中说明理由。",
        ),
        (
            Outcome::NotAudited,
            "Not audited this time (an empty cell means the same).",
            "本次未审核（留空同义）。",
        ),
    ];
    for (i, (o, en, zh)) in rows.iter().enumerate() {
        let r = i as u32 + 3;
        text(ws, r, 0, o.label(lang), wrap)?;
        text(ws, r, 1, lang.pick(en, zh), wrap)?;
        // Exactly what ingestion reads, from its own table.
        let mut also = crate::ingest::vocab::accepted_spellings(*o).join(", ");
        if *o == Outcome::NotAudited {
            also.push_str(lang.pick(", or an empty cell", "，或留空"));
        }
        text(ws, r, 2, &also, wrap)?;
    }
    let guide: [(&str, &str); 6] = [
        ("Writing a nonconformity", "不符合的写法"),
        (
            "1. Requirement: the clause (and the office's own procedure, e.g. WI-01, when that is the criterion) that is not met.",
            "1. 要求：未满足的标准条款（以本单位程序为准则时，写明程序文件，如WI-01）。",
        ),
        (
            "2. Evidence (audit record column): what was seen, where, when and who, so that anyone can find it again: case numbers, dates, documents.",
            "2. 证据（审核记录栏）：看到了什么、在何处、何时、涉及何人，写到他人可以复查的程度：案卷编号、日期、文件名称。",
        ),
        (
            "3. Statement (finding statement column): one sentence saying how the requirement is not met, worded to mirror it.",
            "3. 不符合描述（不符合描述栏）：用一句话说明如何未满足要求，措辞与要求相呼应。",
        ),
        (
            "Write facts, not opinions; confirm them with the auditee before the closing meeting.",
            "只写事实，不写推测；在末次会议前与受审核方确认。",
        ),
        (
            "Several minors against the same clause in the same department may point to a systemic problem: consider grading them as one major.",
            "同一部门同一条款出现多项一般不符合，可能说明存在系统性问题：考虑合并判为严重不符合。",
        ),
    ];
    for (i, (en, zh)) in guide.iter().enumerate() {
        let r = i as u32 + 12;
        if i == 0 {
            text(ws, r, 0, lang.pick(en, zh), &bold)?;
        } else {
            // Merged across the table's width; Excel does not grow merged rows, so set it.
            ws.merge_range(r, 0, r, 2, lang.pick(en, zh), wrap)?;
            ws.set_row_height(r, 32)?;
        }
    }
    ws.set_column_width(0, 16)?;
    ws.set_column_width(1, 70)?;
    ws.set_column_width(2, 40)?;
    Ok(())
}
