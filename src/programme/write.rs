//! The programme as files: the status (`审核覆盖矩阵.xlsx`, `programme-status.md`,
//! `programme-status.json`), the proposed year (`年度内部审核方案.xlsx`, `programme-plan.md`,
//! `programme-plan.json`) and one ready-to-run `audit.toml` per proposed audit. Labels in the
//! reader's language; user text escaped in Markdown and written as text in workbooks.

use super::propose::{AuditKind, ProposedAudit, ProposedYear};
use super::status::{DueState, ProgrammeStatus, RiskReason};
use super::{Programme, ProgrammeOffice};
use crate::catalog::Catalog;
use crate::model::{ClauseId, Lang, Outcome};
use crate::report::esc;
use crate::report::{labels, pick};
use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder, Workbook, XlsxError};
use std::fmt::Write;
use std::path::{Component, Path, PathBuf};

labels! {
    status_title: "Audit programme: coverage", "内部审核方案执行情况（覆盖矩阵）";
    plan_title: "Annual internal audit programme", "年度内部审核方案";
    as_of: "As of", "截至";
    cycle: "Cycle", "审核周期";
    months: "{n} months", "{n} 个月";
    coverage: "Coverage of the cycle", "本周期覆盖率";
    office: "Office", "单位";
    department: "Department", "部门";
    clause: "Clause", "条款";
    clause_title: "Title", "条款名称";
    cells: "Department × clause", "部门×条款";
    done: "Done", "已完成";
    due: "Due", "待审核";
    overdue: "Overdue", "已逾期";
    coverage_pct: "Coverage (%)", "覆盖率（%）";
    all: "All offices", "全部单位";
    last: "Last audited", "上次审核";
    audit_id: "Audit id", "审核编号";
    result: "Result", "结果";
    risk: "Higher frequency", "加密审核原因";
    due_by: "Due by", "应审日期";
    state: "State", "状态";
    never: "never", "从未审核";
    major: "major NC", "严重不符合";
    ineffective: "action ineffective", "纠正措施无效";
    minor: "minor NC", "一般不符合";
    legend: "Colours: green done in this cycle; yellow due by the date shown; red overdue; grey not in the department's scope. A cell shows its last audit date, or the due date when never audited.", "颜色：绿色为本周期已审核；黄色为待审核（所示日期前）；红色为已逾期；灰色为不在该部门审核范围。单元格显示上次审核日期，从未审核的显示应审日期。";
    history: "Audits counted", "计入的审核";
    source: "Read from", "来源";
    date: "Date", "日期";
    departments: "Departments", "部门";
    sheet_summary: "Summary", "汇总";
    sheet_matrix: "Coverage matrix", "覆盖矩阵";
    sheet_cells: "Cells", "明细";
    sheet_audits: "Audits", "审核记录";
    month: "Month", "月份";
    dates: "Dates", "日期";
    kind: "Kind", "类型";
    kind_cycle: "cycle audit", "周期审核";
    kind_follow: "follow-up (higher frequency)", "加密审核";
    auditor: "Auditor", "审核员";
    lead: "Lead auditor", "审核组长";
    team: "Team", "审核组";
    clauses: "Clauses", "审核条款";
    none: "— none independent —", "— 无独立审核员 —";
    load: "Auditor load", "审核员工作量";
    audits: "Audits", "审核次数";
    depts_n: "Departments audited", "审核部门数";
    leads: "Led", "担任组长";
    works_in: "Works in", "所在部门";
    quals: "Qualifications", "资格";
    may_not: "May not audit", "不得审核";
    start_cov: "Coverage of the cycle at the start of the year", "年初本周期覆盖率";
    sheet_plan: "Audits", "审核安排";
    sheet_calendar: "Calendar", "年度日历";
    sheet_load: "Auditors", "审核员";
    problems: "Input problems", "输入问题";
    basis: "Each department's clauses are audited at least once every {n} months", "各部门适用条款每 {n} 个月至少审核一次";
    basis_major: "again within {m} months of a major nonconformity", "发现严重不符合后 {m} 个月内再次审核";
    basis_ineffective: "again within {m} months of an action verified ineffective", "纠正措施验证无效后 {m} 个月内再次审核";
    basis_minor: "again within {m} months of a minor nonconformity", "发现一般不符合后 {m} 个月内再次审核";
    load_line: "{name}: {audits} audit(s), {departments} department(s), lead {leads}", "{name}：参加审核 {audits} 次，审核部门 {departments} 个，任组长 {leads} 次";
    lead_word: "Lead", "组长";
    sep: "; ", "；";
}

/// The status workbook's file name in `lang`.
pub fn status_workbook_name(lang: Lang) -> &'static str {
    lang.pick("audit-coverage.xlsx", "审核覆盖矩阵.xlsx")
}

/// The plan workbook's file name in `lang`.
pub fn plan_workbook_name(lang: Lang) -> &'static str {
    lang.pick("annual-audit-programme.xlsx", "年度内部审核方案.xlsx")
}

/// A state's word in `lang`.
pub fn state_label(s: DueState, lang: Lang) -> &'static str {
    match s {
        DueState::Done => pick(L.done, lang),
        DueState::Due => pick(L.due, lang),
        DueState::Overdue => pick(L.overdue, lang),
    }
}

fn risk_label(r: Option<RiskReason>, lang: Lang) -> &'static str {
    match r {
        None => "",
        Some(RiskReason::Major) => pick(L.major, lang),
        Some(RiskReason::Ineffective) => pick(L.ineffective, lang),
        Some(RiskReason::Minor) => pick(L.minor, lang),
    }
}

fn kind_label(k: AuditKind, lang: Lang) -> &'static str {
    match k {
        AuditKind::Cycle => pick(L.kind_cycle, lang),
        AuditKind::FollowUp => pick(L.kind_follow, lang),
    }
}

/// Cell fill of a state: the colours the other matrices use for conform, observation, major.
fn state_fill(s: DueState) -> u32 {
    match s {
        DueState::Done => 0xE2_EF_DA,
        DueState::Due => 0xFF_F2_CC,
        DueState::Overdue => 0xF4_B6_B6,
    }
}

fn clause_list(cs: &[ClauseId]) -> String {
    cs.iter()
        .map(|c| c.to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

fn md_table(md: &mut String, header: &[&str], rows: impl IntoIterator<Item = Vec<String>>) {
    let _ = writeln!(md, "| {} |", header.join(" | "));
    let _ = writeln!(md, "|{}", " --- |".repeat(header.len()));
    for r in rows {
        let _ = writeln!(md, "| {} |", r.join(" | "));
    }
    md.push('\n');
}

/// `programme-status.json`.
pub fn status_json(s: &ProgrammeStatus) -> String {
    serde_json::to_string_pretty(s).expect("a status serialises") + "\n"
}

/// `programme-plan.json`.
pub fn plan_json(y: &ProposedYear) -> String {
    serde_json::to_string_pretty(y).expect("a plan serialises") + "\n"
}

fn office_name<'a>(p: &'a Programme, code: &'a str) -> &'a str {
    p.offices
        .iter()
        .find(|o| o.code == code)
        .map_or(code, |o| o.name.as_str())
}

fn tally_rows(s: &ProgrammeStatus, lang: Lang) -> Vec<Vec<String>> {
    let mut rows: Vec<Vec<String>> = s
        .offices
        .iter()
        .map(|t| {
            vec![
                format!("{} {}", t.key, t.name),
                t.cells.to_string(),
                t.done.to_string(),
                t.due.to_string(),
                t.overdue.to_string(),
                format!("{:.1}", t.coverage),
            ]
        })
        .collect();
    let t = &s.total;
    rows.push(vec![
        pick(L.all, lang).to_string(),
        t.cells.to_string(),
        t.done.to_string(),
        t.due.to_string(),
        t.overdue.to_string(),
        format!("{:.1}", t.coverage),
    ]);
    rows
}

fn tally_header(lang: Lang) -> Vec<&'static str> {
    let p = |k| pick(k, lang);
    vec![
        p(L.office),
        p(L.cells),
        p(L.done),
        p(L.due),
        p(L.overdue),
        p(L.coverage_pct),
    ]
}

/// `programme-status.md`: the summary, then what is overdue and due, then the audits counted.
pub fn status_markdown(
    s: &ProgrammeStatus,
    p: &Programme,
    catalog: &Catalog,
    lang: Lang,
) -> String {
    let t = |k| pick(k, lang);
    let mut md = String::new();
    let title = if s.title.is_empty() {
        t(L.status_title).to_string()
    } else {
        format!("{} — {}", esc(&s.title), t(L.status_title))
    };
    let _ = writeln!(md, "# {title}\n");
    let _ = writeln!(md, "- {}: {}", t(L.as_of), s.as_of);
    let _ = writeln!(
        md,
        "- {}: {} – {} ({})",
        t(L.cycle),
        s.cycle_from,
        s.cycle_to,
        t(L.months).replace("{n}", &s.cycle_months.to_string())
    );
    let _ = writeln!(md, "- {}: {:.1} %\n", t(L.coverage), s.total.coverage);
    md_table(
        &mut md,
        &tally_header(lang),
        tally_rows(s, lang).into_iter().map(|mut r| {
            r[0] = esc(&r[0]);
            r
        }),
    );
    for state in [DueState::Overdue, DueState::Due] {
        let cells: Vec<_> = s.cells.iter().filter(|c| c.state == state).collect();
        let _ = writeln!(md, "## {} ({})\n", state_label(state, lang), cells.len());
        if cells.is_empty() {
            continue;
        }
        md_table(
            &mut md,
            &[
                t(L.office),
                t(L.department),
                t(L.clause),
                t(L.last),
                t(L.result),
                t(L.risk),
                t(L.due_by),
            ],
            cells.iter().map(|c| {
                vec![
                    esc(office_name(p, &c.office)),
                    esc(&c.department),
                    format!(
                        "{} {}",
                        c.clause,
                        catalog.get(&c.clause).map_or("", |x| x.title(lang))
                    ),
                    c.last.as_ref().map_or_else(
                        || t(L.never).to_string(),
                        |l| format!("{} ({})", l.date, esc(&l.audit_id)),
                    ),
                    c.last
                        .as_ref()
                        .map_or(String::new(), |l| l.result.label(lang).to_string()),
                    risk_label(c.risk, lang).to_string(),
                    c.due.to_string(),
                ]
            }),
        );
    }
    let _ = writeln!(md, "## {}\n", t(L.history));
    md_table(
        &mut md,
        &[
            t(L.audit_id),
            t(L.office),
            t(L.date),
            t(L.departments),
            t(L.source),
        ],
        s.audits.iter().map(|a| {
            vec![
                esc(&a.audit_id),
                esc(office_name(p, &a.office_code)),
                a.date.to_string(),
                esc(&a
                    .departments
                    .iter()
                    .map(|d| d.name.as_str())
                    .collect::<Vec<_>>()
                    .join("、")),
                esc(&crate::model::Location::file(a.source.clone()).file_label(lang)),
            ]
        }),
    );
    if !s.diagnostics.is_empty() {
        let _ = writeln!(md, "## {}\n", t(L.problems));
        for d in &s.diagnostics {
            let _ = writeln!(md, "- {}", esc(&d.to_string()));
        }
    }
    md
}

struct Styles {
    bold: Format,
    plain: Format,
    wrap: Format,
    head: Format,
}

fn styles() -> Styles {
    Styles {
        bold: Format::new().set_bold(),
        plain: Format::new(),
        wrap: Format::new().set_text_wrap().set_align(FormatAlign::Top),
        head: Format::new()
            .set_bold()
            .set_text_wrap()
            .set_background_color(Color::RGB(0xD9_E1_F2))
            .set_border(FormatBorder::Thin),
    }
}

fn fill(rgb: u32) -> Format {
    Format::new()
        .set_background_color(Color::RGB(rgb))
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::Center)
}

/// Write a header row then rows of text, and fit the columns.
fn sheet_table(
    ws: &mut rust_xlsxwriter::Worksheet,
    first_row: u32,
    header: &[&str],
    rows: &[Vec<String>],
    st: &Styles,
) -> Result<u32, XlsxError> {
    for (c, h) in header.iter().enumerate() {
        crate::xlsx::text(ws, first_row, c as u16, h, &st.head)?;
    }
    let mut r = first_row + 1;
    for row in rows {
        for (c, v) in row.iter().enumerate() {
            crate::xlsx::text(ws, r, c as u16, v, &st.wrap)?;
        }
        r += 1;
    }
    let cols: Vec<Vec<&str>> = (0..header.len())
        .map(|c| {
            std::iter::once(header[c])
                .chain(rows.iter().filter_map(|r| r.get(c).map(String::as_str)))
                .collect()
        })
        .collect();
    crate::xlsx::fit_columns(ws, &cols, 8, 50);
    Ok(r)
}

/// The status workbook: summary, the coloured office/department × clause matrix, every cell,
/// the audits counted.
pub fn status_workbook(
    s: &ProgrammeStatus,
    p: &Programme,
    catalog: &Catalog,
    lang: Lang,
) -> Result<Workbook, XlsxError> {
    let t = |k| pick(k, lang);
    let st = styles();
    let mut wb = Workbook::new();
    crate::xlsx::fix_properties(&mut wb, t(L.status_title), Some(s.as_of));
    // Summary
    {
        let ws = wb.add_worksheet().set_name(t(L.sheet_summary))?;
        let title = if s.title.is_empty() {
            t(L.status_title).to_string()
        } else {
            format!("{} — {}", s.title, t(L.status_title))
        };
        crate::xlsx::text(ws, 0, 0, &title, &st.bold)?;
        crate::xlsx::text(ws, 1, 0, &format!("{}: {}", t(L.as_of), s.as_of), &st.plain)?;
        crate::xlsx::text(
            ws,
            2,
            0,
            &format!(
                "{}: {} – {} ({})",
                t(L.cycle),
                s.cycle_from,
                s.cycle_to,
                t(L.months).replace("{n}", &s.cycle_months.to_string())
            ),
            &st.plain,
        )?;
        crate::xlsx::text(
            ws,
            3,
            0,
            &format!("{}: {:.1} %", t(L.coverage), s.total.coverage),
            &st.bold,
        )?;
        let rows = tally_rows(s, lang);
        let end = sheet_table(ws, 5, &tally_header(lang), &rows, &st)?;
        // Figures as numbers, so they sum and chart.
        for (i, r) in rows.iter().enumerate() {
            for (c, text) in r.iter().enumerate().skip(1) {
                if let Ok(v) = text.parse::<f64>() {
                    ws.write_number_with_format(6 + i as u32, c as u16, v, &st.wrap)?;
                }
            }
        }
        crate::xlsx::text(ws, end + 1, 0, t(L.legend), &st.plain)?;
        for (i, state) in DueState::ALL.iter().enumerate() {
            crate::xlsx::text(
                ws,
                end + 2 + i as u32,
                0,
                state_label(*state, lang),
                &fill(state_fill(*state)),
            )?;
        }
    }
    // Matrix: a row per office and department, a column per clause.
    {
        let ws = wb.add_worksheet().set_name(t(L.sheet_matrix))?;
        crate::xlsx::text(ws, 0, 0, t(L.office), &st.head)?;
        crate::xlsx::text(ws, 0, 1, t(L.department), &st.head)?;
        for (j, c) in s.clauses.iter().enumerate() {
            let title = catalog.get(c).map_or("", |x| x.title(lang));
            crate::xlsx::text(ws, 0, 2 + j as u16, &format!("{c}\n{title}"), &st.head)?;
            ws.set_column_width(2 + j as u16, 10)?;
        }
        ws.set_row_height(0, 60)?;
        let grey = fill(0xED_ED_ED);
        let index: std::collections::BTreeMap<(&str, &str, &ClauseId), &super::status::Cell> = s
            .cells
            .iter()
            .map(|x| ((x.office.as_str(), x.department.as_str(), &x.clause), x))
            .collect();
        let mut r = 1u32;
        let (mut w0, mut w1) = (
            vec![t(L.office).to_string()],
            vec![t(L.department).to_string()],
        );
        for o in &p.offices {
            for d in &o.departments {
                crate::xlsx::text(ws, r, 0, &o.name, &st.plain)?;
                crate::xlsx::text(ws, r, 1, &d.name, &st.plain)?;
                w0.push(o.name.clone());
                w1.push(d.name.clone());
                for (j, c) in s.clauses.iter().enumerate() {
                    let cell = index.get(&(o.code.as_str(), d.name.as_str(), c)).copied();
                    match cell {
                        None => crate::xlsx::text(ws, r, 2 + j as u16, "", &grey)?,
                        Some(x) => {
                            let shown = match (&x.last, x.state) {
                                (Some(l), DueState::Done) => l.date.to_string(),
                                (Some(l), _) if l.result != Outcome::Conform => {
                                    format!("{} {}", x.due, l.result.label(lang))
                                }
                                _ => x.due.to_string(),
                            };
                            // Small type: a year of dates across 30 clauses prints on one A4 page.
                            crate::xlsx::text(
                                ws,
                                r,
                                2 + j as u16,
                                &shown,
                                &fill(state_fill(x.state)).set_font_size(8).set_text_wrap(),
                            )?;
                        }
                    }
                }
                r += 1;
            }
        }
        crate::xlsx::fit_columns(
            ws,
            &[
                w0.iter().map(String::as_str).collect(),
                w1.iter().map(String::as_str).collect(),
            ],
            8,
            30,
        );
        ws.set_freeze_panes(1, 2)?;
    }
    // Every cell
    {
        let ws = wb.add_worksheet().set_name(t(L.sheet_cells))?;
        let rows: Vec<Vec<String>> = s
            .cells
            .iter()
            .map(|c| {
                vec![
                    office_name(p, &c.office).to_string(),
                    c.department.clone(),
                    c.clause.to_string(),
                    catalog
                        .get(&c.clause)
                        .map_or("", |x| x.title(lang))
                        .to_string(),
                    c.last
                        .as_ref()
                        .map_or_else(|| t(L.never).to_string(), |l| l.date.to_string()),
                    c.last
                        .as_ref()
                        .map_or(String::new(), |l| l.audit_id.clone()),
                    c.last
                        .as_ref()
                        .map_or(String::new(), |l| l.result.label(lang).to_string()),
                    c.last
                        .as_ref()
                        .map_or(String::new(), |l| l.auditors.join("、")),
                    risk_label(c.risk, lang).to_string(),
                    c.due.to_string(),
                    state_label(c.state, lang).to_string(),
                ]
            })
            .collect();
        sheet_table(
            ws,
            0,
            &[
                t(L.office),
                t(L.department),
                t(L.clause),
                t(L.clause_title),
                t(L.last),
                t(L.audit_id),
                t(L.result),
                t(L.auditor),
                t(L.risk),
                t(L.due_by),
                t(L.state),
            ],
            &rows,
            &st,
        )?;
        for (i, c) in s.cells.iter().enumerate() {
            crate::xlsx::text(
                ws,
                1 + i as u32,
                10,
                state_label(c.state, lang),
                &fill(state_fill(c.state)),
            )?;
        }
        ws.set_freeze_panes(1, 0)?;
        ws.autofilter(0, 0, s.cells.len() as u32, 10)?;
    }
    // Audits counted
    {
        let ws = wb.add_worksheet().set_name(t(L.sheet_audits))?;
        let rows: Vec<Vec<String>> = s
            .audits
            .iter()
            .map(|a| {
                vec![
                    a.audit_id.clone(),
                    office_name(p, &a.office_code).to_string(),
                    a.date.to_string(),
                    a.departments
                        .iter()
                        .map(|d| d.name.as_str())
                        .collect::<Vec<_>>()
                        .join("、"),
                    crate::model::Location::file(a.source.clone()).file_label(lang),
                ]
            })
            .collect();
        sheet_table(
            ws,
            0,
            &[
                t(L.audit_id),
                t(L.office),
                t(L.date),
                t(L.departments),
                t(L.source),
            ],
            &rows,
            &st,
        )?;
    }
    Ok(wb)
}

fn auditor_rows(y: &ProposedYear, p: &Programme, lang: Lang) -> Vec<Vec<String>> {
    y.load
        .iter()
        .map(|l| {
            let a = p.auditor(&l.auditor);
            vec![
                l.auditor.clone(),
                a.map_or(String::new(), |a| {
                    if a.office.is_empty() {
                        String::new()
                    } else {
                        format!("{} {}", office_name(p, &a.office), a.department)
                    }
                }),
                a.map_or(String::new(), |a| a.qualifications.join("、")),
                a.map_or(String::new(), |a| {
                    a.may_not_audit
                        .iter()
                        .map(|(o, d)| format!("{}/{}", o, d))
                        .chain(a.may_not_audit_offices.iter().map(|o| format!("{o}/*")))
                        .collect::<Vec<_>>()
                        .join("、")
                }),
                l.audits.to_string(),
                l.departments.to_string(),
                l.leads.to_string(),
            ]
        })
        .collect::<Vec<_>>()
        .into_iter()
        .map(|mut r| {
            if r[1].is_empty() {
                r[1] = pick(["(outside the bureau)", "（局外）"], lang).to_string();
            }
            r
        })
        .collect()
}

fn auditor_header(lang: Lang) -> Vec<&'static str> {
    let t = |k| pick(k, lang);
    vec![
        t(L.auditor),
        t(L.works_in),
        t(L.quals),
        t(L.may_not),
        t(L.audits),
        t(L.depts_n),
        t(L.leads),
    ]
}

fn plan_rows(y: &ProposedYear, lang: Lang) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    for a in &y.audits {
        for d in &a.departments {
            rows.push(vec![
                a.id.clone(),
                a.month.to_string(),
                format!("{} – {}", a.start, a.end),
                a.office_name.clone(),
                kind_label(a.kind, lang).to_string(),
                d.department.clone(),
                d.auditor
                    .clone()
                    .unwrap_or_else(|| pick(L.none, lang).to_string()),
                clause_list(&d.clauses),
                a.lead.clone().unwrap_or_default(),
                a.team.join("、"),
            ]);
        }
    }
    rows
}

fn plan_header(lang: Lang) -> Vec<&'static str> {
    let t = |k| pick(k, lang);
    vec![
        t(L.audit_id),
        t(L.month),
        t(L.dates),
        t(L.office),
        t(L.kind),
        t(L.department),
        t(L.auditor),
        t(L.clauses),
        t(L.lead),
        t(L.team),
    ]
}

/// `programme-plan.md`.
pub fn plan_markdown(y: &ProposedYear, p: &Programme, lang: Lang) -> String {
    let t = |k| pick(k, lang);
    let mut md = String::new();
    let title = if y.title.is_empty() {
        format!("{} {}", y.year, t(L.plan_title))
    } else {
        format!("{} — {} {}", esc(&y.title), y.year, t(L.plan_title))
    };
    let _ = writeln!(md, "# {title}\n");
    let _ = writeln!(md, "- {}: {:.1} %\n", t(L.start_cov), y.coverage_at_start);
    md_table(
        &mut md,
        &plan_header(lang),
        plan_rows(y, lang)
            .into_iter()
            .map(|r| r.iter().map(|c| esc(c)).collect()),
    );
    let _ = writeln!(md, "## {}\n", t(L.load));
    md_table(
        &mut md,
        &auditor_header(lang),
        auditor_rows(y, p, lang)
            .into_iter()
            .map(|r| r.iter().map(|c| esc(c)).collect()),
    );
    if !y.diagnostics.is_empty() {
        let _ = writeln!(md, "## {}\n", t(L.problems));
        for d in &y.diagnostics {
            let _ = writeln!(md, "- {}", esc(&d.to_string()));
        }
    }
    md
}

/// The 年度内部审核方案 workbook: the audits (a row per department), a calendar of the year,
/// the auditors with their load and the departments they may not audit.
pub fn plan_workbook(y: &ProposedYear, p: &Programme, lang: Lang) -> Result<Workbook, XlsxError> {
    let t = |k| pick(k, lang);
    let st = styles();
    let mut wb = Workbook::new();
    crate::xlsx::fix_properties(
        &mut wb,
        t(L.plan_title),
        crate::model::Date::from_ymd(y.year, 1, 1),
    );
    {
        let ws = wb.add_worksheet().set_name(t(L.sheet_plan))?;
        let rows = plan_rows(y, lang);
        sheet_table(ws, 0, &plan_header(lang), &rows, &st)?;
        let mut r = 1u32;
        for a in &y.audits {
            for d in &a.departments {
                if d.auditor.is_none() {
                    crate::xlsx::text(ws, r, 6, t(L.none), &fill(state_fill(DueState::Overdue)))?;
                }
                r += 1;
            }
        }
        ws.set_freeze_panes(1, 0)?;
    }
    {
        let ws = wb.add_worksheet().set_name(t(L.sheet_calendar))?;
        crate::xlsx::text(ws, 0, 0, t(L.office), &st.head)?;
        crate::xlsx::text(ws, 0, 1, t(L.department), &st.head)?;
        for m in 1..=12u16 {
            crate::xlsx::text(
                ws,
                0,
                1 + m,
                lang.pick(&format!("{m:02}"), &format!("{m}月")),
                &st.head,
            )?;
            ws.set_column_width(1 + m, 16)?;
        }
        let (mut w0, mut w1) = (
            vec![t(L.office).to_string()],
            vec![t(L.department).to_string()],
        );
        let mut r = 1u32;
        for o in &p.offices {
            for d in &o.departments {
                crate::xlsx::text(ws, r, 0, &o.name, &st.plain)?;
                crate::xlsx::text(ws, r, 1, &d.name, &st.plain)?;
                w0.push(o.name.clone());
                w1.push(d.name.clone());
                for a in y.audits.iter().filter(|a| a.office == o.code) {
                    if let Some(x) = a.departments.iter().find(|x| x.department == d.name) {
                        let colour = match a.kind {
                            AuditKind::Cycle => 0xE2_EF_DA,
                            AuditKind::FollowUp => 0xFC_E4_D6,
                        };
                        let text = format!("{}\n{}", a.id, x.auditor.as_deref().unwrap_or("?"));
                        crate::xlsx::text(
                            ws,
                            r,
                            1 + a.month as u16,
                            &text,
                            &fill(colour).set_text_wrap(),
                        )?;
                    }
                }
                ws.set_row_height(r, 31)?;
                r += 1;
            }
        }
        crate::xlsx::fit_columns(
            ws,
            &[
                w0.iter().map(String::as_str).collect(),
                w1.iter().map(String::as_str).collect(),
            ],
            8,
            30,
        );
        ws.set_freeze_panes(1, 2)?;
    }
    {
        let ws = wb.add_worksheet().set_name(t(L.sheet_load))?;
        sheet_table(ws, 0, &auditor_header(lang), &auditor_rows(y, p, lang), &st)?;
    }
    Ok(wb)
}

/// The path to `to` as written in a file kept in `from_dir` (relative where both share a root).
pub fn relative(from_dir: &Path, to: &Path) -> PathBuf {
    let abs = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let norm = |p: PathBuf| {
        let mut out: Vec<Component> = Vec::new();
        for c in p.components() {
            match c {
                Component::CurDir => {}
                Component::ParentDir if matches!(out.last(), Some(Component::Normal(_))) => {
                    out.pop();
                }
                c => out.push(c),
            }
        }
        out.into_iter().collect::<PathBuf>()
    };
    let (from, to) = (norm(abs(from_dir)), norm(abs(to)));
    let (fc, tc): (Vec<_>, Vec<_>) = (from.components().collect(), to.components().collect());
    let common = fc.iter().zip(&tc).take_while(|(a, b)| a == b).count();
    if common == 0 {
        return to;
    }
    let mut out = PathBuf::new();
    for _ in common..fc.len() {
        out.push("..");
    }
    for c in &tc[common..] {
        out.push(c.as_os_str());
    }
    out
}

/// Text for a TOML comment: a line break or other control character in a name would end
/// the comment and turn the rest into settings.
fn comment(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

fn toml_str(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

/// A path as TOML text, with `/` between its parts on every system.
fn toml_path(p: &Path) -> String {
    let parts: Vec<String> = p
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    toml_str(&parts.join("/"))
}

/// A ready-to-run `audit.toml` for one proposed audit, to be kept in `dir`: the office's
/// procedures and checklists as the programme names them, the programme itself, and the
/// departments with their auditors as comments for the team to confirm.
pub fn audit_toml(
    a: &ProposedAudit,
    o: &ProgrammeOffice,
    p: &Programme,
    dir: &Path,
    lang: Lang,
) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "# {} {}: {}",
        a.id,
        comment(&o.name),
        lang.pick("proposed by `isoaudit programme plan`; edit it before the audit, then run `isoaudit audit` on this file.", "由 isoaudit programme plan 生成的建议计划；审核前请核对修改，然后对本文件运行 isoaudit audit。")
    );
    let _ = writeln!(
        s,
        "# {}",
        lang.pick("Departments and their auditors:", "受审部门及审核员：")
    );
    for d in &a.departments {
        let _ = writeln!(
            s,
            "#   {}: {} ({})",
            comment(&d.department),
            comment(d.auditor.as_deref().unwrap_or(pick(L.none, lang))),
            clause_list(&d.clauses)
        );
    }
    s.push('\n');
    let title = format!(
        "{} {} {}",
        o.name,
        a.start.ymd().0,
        kind_label(a.kind, lang)
    );
    let _ = writeln!(s, "[audit]");
    let _ = writeln!(s, "id = {}", toml_str(&a.id));
    let _ = writeln!(s, "title = {}", toml_str(&title));
    let _ = writeln!(s, "criteria = [\"GB/T 19001-2016 / ISO 9001:2015\"]");
    let _ = writeln!(s, "start = {}", a.start);
    let _ = writeln!(s, "end = {}", a.end);
    let _ = writeln!(
        s,
        "lead_auditor = {}",
        toml_str(a.lead.as_deref().unwrap_or(""))
    );
    let team: Vec<String> = a
        .team
        .iter()
        .filter(|t| Some(*t) != a.lead.as_ref())
        .map(|t| toml_str(t))
        .collect();
    let _ = writeln!(s, "team = [{}]", team.join(", "));
    let _ = writeln!(
        s,
        "scope = {}",
        toml_str(
            &a.clauses
                .iter()
                .map(|c| c.to_string())
                .collect::<Vec<_>>()
                .join(",")
        )
    );
    s.push('\n');
    let _ = writeln!(s, "[[office]]");
    let _ = writeln!(s, "code = {}", toml_str(&o.code));
    let _ = writeln!(s, "name = {}", toml_str(&o.name));
    if let Some(pr) = &o.procedures {
        let _ = writeln!(s, "procedures = {}", toml_path(&relative(dir, pr)));
    }
    let cl: Vec<String> = o
        .checklists
        .iter()
        .map(|c| toml_path(&relative(dir, c)))
        .collect();
    let _ = writeln!(s, "checklists = [{}]", cl.join(", "));
    if !o.head.is_empty() {
        let _ = writeln!(s, "head = {}", toml_str(&o.head));
    }
    s.push('\n');
    let _ = writeln!(s, "[programme]");
    let _ = writeln!(s, "path = {}", toml_path(&relative(dir, &p.file)));
    s.push('\n');
    let _ = writeln!(s, "[output]");
    let _ = writeln!(s, "lang = \"{}\"", lang.key());
    s
}

/// The 年度内部审核方案's Word values (see [`crate::report::docx::audit_programme`]).
pub fn plan_docx_values(
    y: &ProposedYear,
    p: &Programme,
    lang: Lang,
) -> crate::report::docx::Values {
    use std::collections::BTreeMap;
    let t = |k| pick(k, lang);
    let mut basis = vec![t(L.basis).replace("{n}", &p.cycle_months.to_string())];
    for (m, k) in [
        (p.risk.major_months, L.basis_major),
        (p.risk.ineffective_months, L.basis_ineffective),
        (p.risk.minor_months, L.basis_minor),
    ] {
        if let Some(m) = m {
            basis.push(t(k).replace("{m}", &m.to_string()));
        }
    }
    let title = lang
        .pick(
            "Annual internal audit programme {year}",
            "{year} 年度内部审核方案",
        )
        .replace("{year}", &y.year.to_string());
    let load: Vec<String> = y
        .load
        .iter()
        .map(|l| {
            t(L.load_line)
                .replace("{name}", &l.auditor)
                .replace("{audits}", &l.audits.to_string())
                .replace("{departments}", &l.departments.to_string())
                .replace("{leads}", &l.leads.to_string())
        })
        .collect();
    let mut fields = BTreeMap::new();
    fields.insert("title".to_string(), title);
    fields.insert("programme".to_string(), y.title.clone());
    fields.insert("year".to_string(), y.year.to_string());
    fields.insert("basis".to_string(), basis.join(t(L.sep)));
    fields.insert("load".to_string(), load.join("\n"));
    let audits = y
        .audits
        .iter()
        .map(|a| {
            let departments: Vec<String> = a
                .departments
                .iter()
                .map(|d| {
                    format!(
                        "{}（{}）：{}",
                        d.department,
                        d.auditor.as_deref().unwrap_or(t(L.none)),
                        clause_list(&d.clauses)
                    )
                })
                .collect();
            let others: Vec<&str> = a
                .team
                .iter()
                .filter(|x| Some(*x) != a.lead.as_ref())
                .map(String::as_str)
                .collect();
            BTreeMap::from([
                ("id".to_string(), a.id.clone()),
                ("month".to_string(), a.month.to_string()),
                ("dates".to_string(), format!("{}\n– {}", a.start, a.end)),
                ("office".to_string(), a.office_name.clone()),
                ("kind".to_string(), kind_label(a.kind, lang).to_string()),
                ("departments".to_string(), departments.join("\n")),
                (
                    "team".to_string(),
                    format!(
                        "{}{}{}\n{}",
                        t(L.lead_word),
                        lang.pick(": ", "："),
                        a.lead.as_deref().unwrap_or(""),
                        others.join("、")
                    ),
                ),
            ])
        })
        .collect();
    let mut lists = BTreeMap::new();
    lists.insert("audits".to_string(), audits);
    crate::report::docx::Values { fields, lists }
}

/// The Word document's file name in `lang`.
pub fn plan_docx_name(lang: Lang) -> &'static str {
    crate::report::docx::Kind::AuditProgramme.file_name(lang)
}
