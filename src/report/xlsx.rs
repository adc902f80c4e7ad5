//! `nc-report.xlsx`: Summary (facts, counts, conformity tables, native charts),
//! Nonconformities (a register with the corrective-action columns left empty and dropdowns),
//! Observations & OFIs, Coverage (clause × result with conditional colours), Candidate gaps,
//! Diagnostics. Every user text goes through `crate::xlsx::text`, so it is never a formula.

use super::{clause_title, labels, pick, scope_roots};
use crate::model::{AuditResult, Conformity, Finding, GapKind, Lang, Outcome};
use crate::xlsx::{fit_columns, fix_properties, text};
use rust_xlsxwriter::{
    Chart, ChartType, Color, ConditionalFormatCell, ConditionalFormatCellRule,
    ConditionalFormatText, ConditionalFormatTextRule, DataValidation, DataValidationRule,
    ExcelDateTime, Format as XFormat, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError,
};

labels! {
    summary: "Summary", "汇总";
    ncs: "Nonconformities", "不符合项";
    obs: "Observations & OFIs", "观察项与改进机会";
    coverage: "Coverage", "条款覆盖";
    gaps: "Candidate gaps", "待确认差距";
    outside: "Clauses not in the catalog", "条款不在目录中";
    clause_as_written: "Clause (as written)", "条款（照录）";
    diagnostics: "Diagnostics", "诊断信息";
    title: "Internal audit: nonconformity report", "内部审核不符合报告";
    audit_id: "Audit id", "审核编号";
    office: "Office", "受审核单位";
    criteria: "Audit criteria", "审核准则";
    dates: "Dates", "审核日期";
    lead: "Lead auditor", "审核组长";
    team: "Auditors", "审核员";
    auditee_rep: "Auditee representative", "受审核方代表";
    scope: "Scope", "审核范围";
    checklists: "Checklists", "检查表";
    counts: "Rows by result", "检查项结论统计";
    result: "Result", "结论";
    count: "Rows", "项数";
    total: "Total", "合计";
    by_chapter: "Conformity by chapter", "按章节符合情况";
    by_department: "Conformity by department", "按部门符合情况";
    chapter: "Chapter", "章节";
    department: "Department", "部门";
    audited: "Audited", "已审核";
    rate: "Conformity rate (%)", "符合率(%)";
    chart_chapter: "Findings by chapter", "各章节审核发现";
    chart_grade: "Findings by grade", "审核发现按性质";
    chart_department: "Findings by department", "各部门审核发现";
    id: "Id", "编号";
    kind: "Type", "类型";
    clause: "Clause", "条款";
    clause_title: "Clause title", "条款标题";
    grade: "Grade", "不符合性质";
    defaulted: " (no grade written; treated as minor)", "（未注明性质，按一般不符合处理）";
    procedure: "Procedure (criterion)", "程序文件（准则）";
    question: "Question", "审核内容";
    evidence: "Objective evidence", "客观证据";
    statement: "Statement", "不符合描述";
    description: "Description", "描述";
    auditor: "Auditor", "审核员";
    date: "Date", "日期";
    source: "Source", "来源";
    systemic: "Possible systemic issue", "可能的系统性问题";
    correction: "Correction", "纠正";
    root_cause: "Root cause", "原因分析";
    action: "Corrective action", "纠正措施";
    owner: "Owner", "责任人";
    due: "Due date", "完成期限";
    verification: "Verification", "验证";
    due_message: "A date (YYYY-MM-DD)", "请输入日期（年-月-日，如 2026-03-31）";
    grade_message: "Choose the grade", "请选择不符合性质";
    col_title: "Title", "标题";
    rows: "Rows", "检查项数";
    status: "Status", "状态";
    covered: "audited", "已审核";
    uncovered: "not audited", "未审核";
    gap_kind: "Gap", "差距类型";
    gap_not_covered: "no procedure maps to the clause", "无程序文件对应该条款";
    gap_missing_doc: "required documented information not found", "未发现要求的成文信息";
    gap_only_weak: "only weak evidence maps a procedure to the clause", "仅有弱证据将程序文件对应到该条款";
    detail: "Detail", "说明";
    severity: "Severity", "级别";
    error: "error", "错误";
    warning: "warning", "警告";
    unreadable: "unreadable document", "无法读取的文件";
    file: "File", "文件";
    sheet: "Sheet", "工作表";
    place: "Cell / line", "单元格/行";
    message: "Message", "问题";
    hint: "Hint", "提示";
    unspecified: "(unspecified)", "（未注明）";
}

/// Shared cell formats.
struct Styles {
    head: XFormat,
    body: XFormat,
    wrap: XFormat,
    num: XFormat,
    pct: XFormat,
    bold: XFormat,
    title: XFormat,
}

impl Styles {
    fn new() -> Styles {
        let body = XFormat::new().set_align(FormatAlign::Top);
        Styles {
            head: XFormat::new()
                .set_bold()
                .set_background_color(Color::RGB(0xD9E1F2))
                .set_border(FormatBorder::Thin)
                .set_text_wrap()
                .set_align(FormatAlign::Top),
            wrap: body.clone().set_text_wrap(),
            num: body.clone(),
            pct: body.clone().set_num_format("0.0"),
            bold: body.clone().set_bold(),
            title: XFormat::new().set_bold().set_font_size(14),
            body,
        }
    }
}

/// Build the workbook in memory; `crate::xlsx::save` writes it.
pub fn to_workbook(r: &AuditResult, lang: Lang) -> Result<Workbook, XlsxError> {
    let mut wb = Workbook::new();
    let date = r.audit.start_date.or(r.audit.end_date);
    fix_properties(
        &mut wb,
        &format!("{} {}", r.audit.audit_id, pick(L.title, lang)),
        date,
    );
    let st = Styles::new();
    summary(wb.add_worksheet(), r, lang, &st)?;
    nonconformities(wb.add_worksheet(), r, lang, &st)?;
    observations(wb.add_worksheet(), r, lang, &st)?;
    coverage(wb.add_worksheet(), r, lang, &st)?;
    gaps(wb.add_worksheet(), r, lang, &st)?;
    diagnostics(wb.add_worksheet(), r, lang, &st)?;
    if !r.outside_catalog.is_empty() {
        outside_catalog(wb.add_worksheet(), r, lang, &st)?;
    }
    Ok(wb)
}

/// Write a header row.
fn header(ws: &mut Worksheet, row: u32, heads: &[&str], st: &Styles) -> Result<(), XlsxError> {
    for (c, h) in heads.iter().enumerate() {
        text(ws, row, c as u16, h, &st.head)?;
    }
    Ok(())
}

/// Columns of texts (header included) for `fit_columns`; the widths set.
fn widths(ws: &mut Worksheet, heads: &[&str], rows: &[Vec<String>], max: usize) -> Vec<usize> {
    let cols: Vec<Vec<&str>> = (0..heads.len())
        .map(|c| {
            std::iter::once(heads[c])
                .chain(rows.iter().map(|r| r[c].as_str()))
                .collect()
        })
        .collect();
    fit_columns(ws, &cols, 6, max)
}

/// Each data row (from row 1) as high as its wrapped text needs.
fn fit_rows(ws: &mut Worksheet, rows: &[Vec<String>], widths: &[usize]) -> Result<(), XlsxError> {
    for (i, cells) in rows.iter().enumerate() {
        crate::xlsx::fit_row_height(ws, i as u32 + 1, cells, widths)?;
    }
    Ok(())
}

fn summary(ws: &mut Worksheet, r: &AuditResult, lang: Lang, st: &Styles) -> Result<(), XlsxError> {
    let t = |p| pick(p, lang);
    let name = t(L.summary);
    ws.set_name(name)?;
    let a = &r.audit;
    text(ws, 0, 0, t(L.title), &st.title)?;
    let office = if a.office_name.is_empty() {
        a.office_code.clone()
    } else {
        format!("{} ({})", a.office_name, a.office_code)
    };
    let dates = a.period();
    let facts: [(&str, String); 9] = [
        (t(L.audit_id), a.audit_id.clone()),
        (t(L.office), office),
        (t(L.criteria), a.criteria.join("; ")),
        (t(L.dates), dates),
        (t(L.lead), a.lead_auditor.clone()),
        (t(L.team), a.team.join(", ")),
        (t(L.auditee_rep), a.auditee_representative.clone()),
        (t(L.scope), scope_roots(r).join(", ")),
        (t(L.checklists), r.checklists.join("; ")),
    ];
    let mut row = 2;
    for (k, v) in &facts {
        text(ws, row, 0, k, &st.bold)?;
        text(ws, row, 1, v, &st.body)?;
        row += 1;
    }

    // Counts by result.
    row += 1;
    text(ws, row, 0, t(L.counts), &st.bold)?;
    row += 1;
    header(ws, row, &[t(L.result), t(L.count)], st)?;
    let first_result = row + 1;
    for o in Outcome::ALL {
        row += 1;
        text(ws, row, 0, o.label(lang), &st.body)?;
        let n = r.figures.by_result.get(&o).copied().unwrap_or(0);
        ws.write_number_with_format(row, 1, n, &st.num)?;
    }
    row += 1;
    text(ws, row, 0, t(L.total), &st.bold)?;
    ws.write_number_with_format(row, 1, r.figures.rows, &st.num)?;

    // Conformity tables.
    row += 2;
    text(ws, row, 0, t(L.by_chapter), &st.bold)?;
    row += 1;
    let chapter_head = row;
    row = conformity_table(
        ws,
        row,
        t(L.chapter),
        &r.figures.by_chapter,
        lang,
        st,
        |k| super::chapter_label(r, k, lang),
    )?;
    let chapter_last = row;
    row += 2;
    text(ws, row, 0, t(L.by_department), &st.bold)?;
    row += 1;
    let dept_head = row;
    let dept_last = conformity_table(
        ws,
        row,
        t(L.department),
        &r.figures.by_department,
        lang,
        st,
        |k| {
            if k.trim().is_empty() {
                t(L.unspecified).to_string()
            } else {
                k.to_string()
            }
        },
    )?;

    // Native charts over the tables above. Columns: 0 key, 3 minor, 4 major, 5 obs, 6 ofi.
    let findings_chart = |title: &str, head: u32, last: u32| {
        let mut ch = Chart::new(ChartType::ColumnStacked);
        ch.title().set_name(title);
        for (col, o) in [
            (3u16, Outcome::Minor),
            (4, Outcome::Major),
            (5, Outcome::Observation),
            (6, Outcome::Ofi),
        ] {
            ch.add_series()
                .set_name((name, head, col))
                .set_categories((name, head + 1, 0, last.max(head + 1), 0))
                .set_values((name, head + 1, col, last.max(head + 1), col))
                .set_format(&mut super::series_fill(o));
        }
        ch.y_axis().set_num_format("0");
        ch
    };
    ws.insert_chart(
        2,
        10,
        &findings_chart(t(L.chart_chapter), chapter_head, chapter_last),
    )?;
    let mut grade = Chart::new(ChartType::Column);
    grade.title().set_name(t(L.chart_grade));
    grade.legend().set_hidden();
    // Rows of Outcome::ALL: minor, major, observation, ofi are the 2nd to 5th.
    let points: Vec<rust_xlsxwriter::ChartPoint> = [
        Outcome::Minor,
        Outcome::Major,
        Outcome::Observation,
        Outcome::Ofi,
    ]
    .into_iter()
    .map(|o| rust_xlsxwriter::ChartPoint::new().set_format(&mut super::series_fill(o)))
    .collect();
    grade
        .add_series()
        .set_name(t(L.count))
        .set_categories((name, first_result + 1, 0, first_result + 4, 0))
        .set_values((name, first_result + 1, 1, first_result + 4, 1))
        .set_points(&points);
    grade.y_axis().set_num_format("0");
    ws.insert_chart(18, 10, &grade)?;
    if !r.figures.by_department.is_empty() {
        ws.insert_chart(
            34,
            10,
            &findings_chart(t(L.chart_department), dept_head, dept_last),
        )?;
    }
    ws.set_column_width(0, 24)?;
    ws.set_column_width(1, 40)?;
    for c in 2..=7 {
        ws.set_column_width(c, 12)?;
    }
    Ok(())
}

/// A conformity table with its header at `row`; returns the last row written.
fn conformity_table(
    ws: &mut Worksheet,
    row: u32,
    key: &str,
    rows: &[Conformity],
    lang: Lang,
    st: &Styles,
    name: impl Fn(&str) -> String,
) -> Result<u32, XlsxError> {
    header(
        ws,
        row,
        &[
            key,
            pick(L.audited, lang),
            Outcome::Conform.label(lang),
            Outcome::Minor.label(lang),
            Outcome::Major.label(lang),
            Outcome::Observation.label(lang),
            Outcome::Ofi.label(lang),
            pick(L.rate, lang),
        ],
        st,
    )?;
    let mut r = row;
    for c in rows {
        r += 1;
        text(ws, r, 0, &name(&c.key), &st.body)?;
        let nums = [c.audited, c.conform, c.minor, c.major, c.observation, c.ofi];
        for (i, n) in nums.into_iter().enumerate() {
            ws.write_number_with_format(r, i as u16 + 1, n, &st.num)?;
        }
        match c.rate {
            Some(rate) => ws.write_number_with_format(r, 7, rate, &st.pct)?,
            None => ws.write_blank(r, 7, &st.pct)?,
        };
    }
    Ok(r)
}

fn nonconformities(
    ws: &mut Worksheet,
    r: &AuditResult,
    lang: Lang,
    st: &Styles,
) -> Result<(), XlsxError> {
    let t = |p| pick(p, lang);
    ws.set_name(t(L.ncs))?;
    let heads = [
        t(L.id),
        t(L.clause),
        t(L.clause_title),
        t(L.grade),
        t(L.department),
        t(L.procedure),
        t(L.question),
        t(L.evidence),
        t(L.statement),
        t(L.auditor),
        t(L.date),
        t(L.source),
        t(L.systemic),
        t(L.correction),
        t(L.root_cause),
        t(L.action),
        t(L.owner),
        t(L.due),
        t(L.verification),
    ];
    header(ws, 0, &heads, st)?;
    let mut texts = Vec::new();
    for (i, f) in r.nonconformities.iter().enumerate() {
        let systemic: Vec<String> = r
            .systemic
            .iter()
            .filter(|s| s.findings.contains(&f.id))
            .map(|s| s.findings.join(", "))
            .collect();
        let mut cells = finding_cells(f, lang);
        cells.push(systemic.join("; "));
        cells.extend(std::iter::repeat_n(String::new(), 6));
        let row = i as u32 + 1;
        for (c, v) in cells.iter().enumerate() {
            let fmt = if (6..=8).contains(&c) || c >= 13 {
                &st.wrap
            } else {
                &st.body
            };
            text(ws, row, c as u16, v, fmt)?;
        }
        texts.push(cells);
    }
    // Dropdowns and date checks for the columns people fill in, a little past the last row.
    let last = r.nonconformities.len() as u32 + 100;
    let grades = [Outcome::Minor.label(lang), Outcome::Major.label(lang)];
    let dv = DataValidation::new()
        .allow_list_strings(&grades)?
        .set_input_message(t(L.grade_message))?;
    ws.add_data_validation(1, 3, last, 3, &dv)?;
    let start = ExcelDateTime::from_ymd(2000, 1, 1)?;
    let dv = DataValidation::new()
        .allow_date(DataValidationRule::GreaterThanOrEqualTo(start))
        .set_input_message(t(L.due_message))?;
    ws.add_data_validation(1, 17, last, 17, &dv)?;
    ws.set_freeze_panes(1, 1)?;
    ws.autofilter(0, 0, r.nonconformities.len() as u32, heads.len() as u16 - 1)?;
    let mut w = widths(ws, &heads, &texts, 30);
    // The columns the auditee fills in: room to write.
    for (c, width) in w.iter_mut().enumerate().skip(13) {
        ws.set_column_width(c as u16, 18)?;
        *width = 18;
    }
    fit_rows(ws, &texts, &w)?;
    Ok(())
}

/// Id, clause, its title in the reader's language, grade, department, procedure, question,
/// evidence, statement, auditor, date, source.
fn finding_cells(f: &Finding, lang: Lang) -> Vec<String> {
    let mut grade = f.grade.label(lang).to_string();
    if f.grade_defaulted {
        grade.push_str(pick(L.defaulted, lang));
    }
    vec![
        f.id.clone(),
        f.clause.to_string(),
        lang.pick(&f.clause_title_en, &f.clause_title_zh)
            .to_string(),
        grade,
        f.department.clone(),
        f.procedure.clone(),
        f.question.clone(),
        f.evidence.clone(),
        f.statement.clone(),
        f.auditor.clone(),
        f.date.map(|d| d.to_string()).unwrap_or_default(),
        f.source.render(lang),
    ]
}

fn observations(
    ws: &mut Worksheet,
    r: &AuditResult,
    lang: Lang,
    st: &Styles,
) -> Result<(), XlsxError> {
    let t = |p| pick(p, lang);
    ws.set_name(t(L.obs))?;
    let heads = [
        t(L.id),
        t(L.clause),
        t(L.clause_title),
        t(L.kind),
        t(L.department),
        t(L.procedure),
        t(L.question),
        t(L.evidence),
        t(L.description),
        t(L.auditor),
        t(L.date),
        t(L.source),
    ];
    header(ws, 0, &heads, st)?;
    let mut texts = Vec::new();
    for (i, f) in r.observations.iter().enumerate() {
        let cells = finding_cells(f, lang);
        for (c, v) in cells.iter().enumerate() {
            let fmt = if (6..=8).contains(&c) {
                &st.wrap
            } else {
                &st.body
            };
            text(ws, i as u32 + 1, c as u16, v, fmt)?;
        }
        texts.push(cells);
    }
    ws.set_freeze_panes(1, 1)?;
    ws.autofilter(0, 0, r.observations.len() as u32, heads.len() as u16 - 1)?;
    let w = widths(ws, &heads, &texts, 30);
    fit_rows(ws, &texts, &w)?;
    Ok(())
}

fn coverage(ws: &mut Worksheet, r: &AuditResult, lang: Lang, st: &Styles) -> Result<(), XlsxError> {
    let t = |p| pick(p, lang);
    ws.set_name(t(L.coverage))?;
    let mut heads = vec![t(L.clause), t(L.col_title), t(L.rows)];
    heads.extend(Outcome::ALL.iter().map(|o| o.label(lang)));
    heads.push(t(L.status));
    header(ws, 0, &heads, st)?;
    let mut texts = Vec::new();
    for (i, c) in r.coverage.iter().enumerate() {
        let row = i as u32 + 1;
        let title = lang.pick(&c.title_en, &c.title_zh);
        text(ws, row, 0, &c.id.to_string(), &st.body)?;
        text(ws, row, 1, title, &st.body)?;
        ws.write_number_with_format(row, 2, c.rows, &st.num)?;
        for (j, o) in Outcome::ALL.iter().enumerate() {
            let n = c.results.get(o).copied().unwrap_or(0);
            ws.write_number_with_format(row, j as u16 + 3, n, &st.num)?;
        }
        // A clause whose every row says N/A was found not to apply, not audited for conformity.
        let only_na = c.rows > 0 && c.results.keys().all(|o| *o == Outcome::NotApplicable);
        let status = if r.not_audited.contains(&c.id) {
            t(L.uncovered)
        } else if only_na {
            Outcome::NotApplicable.label(lang)
        } else {
            t(L.covered)
        };
        text(ws, row, 10, status, &st.body)?;
        let mut cells = vec![c.id.to_string(), title.to_string(), String::new()];
        cells.extend(std::iter::repeat_n(String::new(), 7));
        cells.push(status.to_string());
        texts.push(cells);
    }
    let last = r.coverage.len() as u32;
    if last > 0 {
        let fill = |rgb| XFormat::new().set_background_color(Color::RGB(rgb));
        let positive = |rgb| {
            ConditionalFormatCell::new()
                .set_rule(ConditionalFormatCellRule::GreaterThan(0))
                .set_format(fill(rgb))
        };
        // Columns 3.. follow Outcome::ALL: conform, minor, major, observation, ofi.
        for (col, o) in [
            (3u16, Outcome::Conform),
            (4, Outcome::Minor),
            (5, Outcome::Major),
            (6, Outcome::Observation),
            (7, Outcome::Ofi),
        ] {
            ws.add_conditional_format(1, col, last, col, &positive(super::outcome_colour(o).1))?;
        }
        let cf = ConditionalFormatText::new()
            .set_rule(ConditionalFormatTextRule::BeginsWith(t(L.uncovered).into()))
            .set_format(fill(0xF4B084));
        ws.add_conditional_format(1, 10, last, 10, &cf)?;
    }
    ws.set_freeze_panes(1, 2)?;
    ws.autofilter(0, 0, last, heads.len() as u16 - 1)?;
    widths(ws, &heads, &texts, 50);
    Ok(())
}

fn gaps(ws: &mut Worksheet, r: &AuditResult, lang: Lang, st: &Styles) -> Result<(), XlsxError> {
    let t = |p| pick(p, lang);
    ws.set_name(t(L.gaps))?;
    let heads = [t(L.clause), t(L.col_title), t(L.gap_kind), t(L.detail)];
    header(ws, 0, &heads, st)?;
    let mut texts = Vec::new();
    for (i, g) in r.candidate_gaps.iter().enumerate() {
        let kind = match g.gap.kind {
            GapKind::NotCovered => t(L.gap_not_covered),
            GapKind::MissingDocumentedInformation => t(L.gap_missing_doc),
            GapKind::OnlyWeak => t(L.gap_only_weak),
        };
        let cells = vec![
            g.gap.id.to_string(),
            clause_title(r, &g.gap.id, lang),
            kind.to_string(),
            g.gap.detail(lang).to_string(),
        ];
        for (c, v) in cells.iter().enumerate() {
            text(ws, i as u32 + 1, c as u16, v, &st.wrap)?;
        }
        texts.push(cells);
    }
    ws.set_freeze_panes(1, 0)?;
    widths(ws, &heads, &texts, 60);
    Ok(())
}

/// The findings of rows citing another standard's clauses, as written: counted in no figure.
fn outside_catalog(
    ws: &mut Worksheet,
    r: &AuditResult,
    lang: Lang,
    st: &Styles,
) -> Result<(), XlsxError> {
    let t = |p| pick(p, lang);
    ws.set_name(t(L.outside))?;
    let heads = [
        t(L.clause_as_written),
        t(L.kind),
        t(L.department),
        t(L.question),
        t(L.evidence),
        t(L.description),
        t(L.auditor),
        t(L.date),
        t(L.source),
    ];
    header(ws, 0, &heads, st)?;
    let mut texts = Vec::new();
    for (i, f) in r.outside_catalog.iter().enumerate() {
        let cells = vec![
            f.clause.clone(),
            f.grade.label(lang).to_string(),
            f.department.clone(),
            f.question.clone(),
            f.evidence.clone(),
            f.statement.clone(),
            f.auditor.clone(),
            f.date.map(|d| d.to_string()).unwrap_or_default(),
            f.source.render(lang),
        ];
        for (c, v) in cells.iter().enumerate() {
            let fmt = if (3..=5).contains(&c) {
                &st.wrap
            } else {
                &st.body
            };
            text(ws, i as u32 + 1, c as u16, v, fmt)?;
        }
        texts.push(cells);
    }
    ws.set_freeze_panes(1, 1)?;
    let w = widths(ws, &heads, &texts, 30);
    fit_rows(ws, &texts, &w)?;
    Ok(())
}

fn diagnostics(
    ws: &mut Worksheet,
    r: &AuditResult,
    lang: Lang,
    st: &Styles,
) -> Result<(), XlsxError> {
    let t = |p| pick(p, lang);
    ws.set_name(t(L.diagnostics))?;
    let heads = [
        t(L.severity),
        t(L.file),
        t(L.sheet),
        t(L.place),
        t(L.message),
        t(L.hint),
    ];
    header(ws, 0, &heads, st)?;
    let mut texts: Vec<Vec<String>> = r
        .diagnostics
        .iter()
        .map(|d| {
            let l = &d.location;
            let place = match (&l.cell, l.line) {
                (Some(c), _) => c.clone(),
                (None, Some(n)) => n.to_string(),
                _ => String::new(),
            };
            vec![
                if d.is_error() {
                    t(L.error)
                } else {
                    t(L.warning)
                }
                .to_string(),
                l.file_label(lang),
                l.sheet.clone().unwrap_or_default(),
                place,
                d.message.render(lang),
                d.hint.as_ref().map(|h| h.render(lang)).unwrap_or_default(),
            ]
        })
        .collect();
    texts.extend(r.unreadable_documents.iter().map(|u| {
        vec![
            t(L.unreadable).to_string(),
            u.path.clone(),
            String::new(),
            String::new(),
            u.reason.render(lang),
            String::new(),
        ]
    }));
    for (i, cells) in texts.iter().enumerate() {
        for (c, v) in cells.iter().enumerate() {
            let fmt = if c >= 4 { &st.wrap } else { &st.body };
            text(ws, i as u32 + 1, c as u16, v, fmt)?;
        }
    }
    if !texts.is_empty() {
        let cf = ConditionalFormatText::new()
            .set_rule(ConditionalFormatTextRule::BeginsWith(t(L.error).into()))
            .set_format(XFormat::new().set_background_color(Color::RGB(0xFFC7CE)));
        ws.add_conditional_format(1, 0, texts.len() as u32, 0, &cf)?;
    }
    ws.set_freeze_panes(1, 0)?;
    widths(ws, &heads, &texts, 60);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assess::{AssessInput, assess};
    use crate::catalog::{Catalog, parse_scope};
    use crate::model::{AuditInfo, Gap, Mapping};
    use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};

    /// A result with no checklist and two mapping gaps, written and read back.
    #[test]
    fn candidate_gaps_are_listed_for_confirmation_not_as_nonconformities() {
        let catalog = Catalog::embedded();
        let audit = AuditInfo {
            audit_id: "DGZJ-2026-IA01".into(),
            office_code: "anhe".into(),
            scope: parse_scope(&catalog, "7.5").unwrap(),
            ..Default::default()
        };
        let mapping = Mapping {
            gaps: vec![Gap {
                id: "7.5.3".parse().unwrap(),
                kind: GapKind::MissingDocumentedInformation,
                detail: "=no record of document distribution found".into(),
                detail_zh: String::new(),
            }],
            ..Default::default()
        };
        let r = assess(&AssessInput {
            audit: &audit,
            checklists: &[],
            mapping: Some(&mapping),
            catalog: &catalog,
        });
        let bytes = to_workbook(&r, Lang::Zh).unwrap().save_to_buffer().unwrap();
        let mut wb: Xlsx<_> = open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
        let gaps = wb.worksheet_range("待确认差距").unwrap();
        let row: Vec<&Data> = gaps.rows().nth(1).unwrap().iter().collect();
        assert_eq!(row[0], &Data::String("7.5.3".into()));
        assert_eq!(row[1], &Data::String("成文信息的控制".into()));
        assert_eq!(row[2], &Data::String("未发现要求的成文信息".into()));
        assert_eq!(
            row[3],
            &Data::String("=no record of document distribution found".into())
        );
        // The sheet says the gaps wait for confirmation; no column that always says 是.
        assert_eq!(row.len(), 4);
        let ncs = wb.worksheet_range("不符合项").unwrap();
        assert_eq!(
            ncs.height(),
            1,
            "header only: a gap is never a nonconformity"
        );
        let cov = wb.worksheet_range("条款覆盖").unwrap();
        assert_eq!(cov.height(), 7, "7.5 and its five sub-clauses");
    }
}
