//! The consolidated picture of a batch audit: `summary.xlsx` and `summary.md`, one row per
//! office, every nonconformity of every office, a clause × office matrix and the problems met.
//! Built only from the offices' AuditResults, so its counts are the sums of the office reports.

use crate::model::{AuditResult, ClauseId, GapKind, Lang, Outcome, Severity};
use crate::xlsx::{SaveError, fit_columns, fix_properties, save, text};
use rust_xlsxwriter::{
    Chart, ChartType, Color, ConditionalFormatCell, ConditionalFormatCellRule, Format, FormatAlign,
    FormatBorder, Workbook,
};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;
use std::path::Path;

/// One office's line in the summary.
#[derive(Debug, Clone, PartialEq)]
pub struct OfficeLine {
    pub code: String,
    pub name: String,
    pub major: u32,
    pub minor: u32,
    pub observation: u32,
    pub ofi: u32,
    /// conform / (conform + minor + major) in percent, one decimal.
    pub rate: Option<f64>,
    /// Clauses no procedure covers (from the mapping's gaps).
    pub not_covered: Vec<ClauseId>,
    /// Clauses in scope no checklist row audited.
    pub not_audited: usize,
    pub unreadable_documents: usize,
    pub errors: usize,
    pub warnings: usize,
}

/// The per-office figures, in the order the results are given (callers sort by office code).
pub fn office_lines(results: &[&AuditResult]) -> Vec<OfficeLine> {
    results
        .iter()
        .map(|r| {
            let count = |o: Outcome| {
                r.nonconformities
                    .iter()
                    .chain(&r.observations)
                    .filter(|f| f.grade == o)
                    .count() as u32
            };
            let by = |o: Outcome| r.figures.by_result.get(&o).copied().unwrap_or(0);
            let judged = by(Outcome::Conform) + by(Outcome::Minor) + by(Outcome::Major);
            let rate = (judged > 0)
                .then(|| (1000.0 * by(Outcome::Conform) as f64 / judged as f64).round() / 10.0);
            OfficeLine {
                code: r.audit.office_code.clone(),
                name: r.audit.office_name.clone(),
                major: count(Outcome::Major),
                minor: count(Outcome::Minor),
                observation: count(Outcome::Observation),
                ofi: count(Outcome::Ofi),
                rate,
                not_covered: r
                    .candidate_gaps
                    .iter()
                    .filter(|g| g.gap.kind == GapKind::NotCovered)
                    .map(|g| g.gap.id.clone())
                    .collect(),
                not_audited: r.not_audited.len(),
                unreadable_documents: r.unreadable_documents.len(),
                errors: r
                    .diagnostics
                    .iter()
                    .filter(|d| d.severity == Severity::Error)
                    .count(),
                warnings: r
                    .diagnostics
                    .iter()
                    .filter(|d| d.severity == Severity::Warning)
                    .count(),
            }
        })
        .collect()
}

/// Labels of the summary outputs, English and Chinese side by side.
struct Labels {
    offices: &'static str,
    nonconformities: &'static str,
    matrix: &'static str,
    problems: &'static str,
    office_cols: [&'static str; 12],
    nc_cols: [&'static str; 11],
    problem_cols: [&'static str; 4],
    chart_title: &'static str,
    title: &'static str,
    none: &'static str,
}

const EN: Labels = Labels {
    offices: "Offices",
    nonconformities: "Nonconformities",
    matrix: "Clause x office",
    problems: "Problems",
    office_cols: [
        "Code",
        "Office",
        "Major",
        "Minor",
        "Observations",
        "OFIs",
        "Conformity %",
        "Clauses not covered by procedures",
        "Not covered (list)",
        "Clauses not audited",
        "Unreadable documents",
        "Errors",
    ],
    nc_cols: [
        "Office",
        "NC id",
        "Clause",
        "Title",
        "Grade",
        "Department",
        "Statement",
        "Evidence",
        "Auditor",
        "Date",
        "Source",
    ],
    problem_cols: ["Office", "Level", "Where", "Problem"],
    chart_title: "Findings by office",
    title: "Batch audit summary",
    none: "none",
};

const ZH: Labels = Labels {
    offices: "各单位汇总",
    nonconformities: "不符合项汇总",
    matrix: "条款×单位",
    problems: "问题清单",
    office_cols: [
        "代码",
        "单位",
        "严重不符合",
        "一般不符合",
        "观察项",
        "改进机会",
        "符合率%",
        "程序未覆盖条款数",
        "未覆盖条款",
        "未审核条款数",
        "无法读取的文件",
        "错误",
    ],
    nc_cols: [
        "单位",
        "不符合编号",
        "条款",
        "条款标题",
        "性质",
        "部门",
        "不符合事实描述",
        "审核证据",
        "审核员",
        "日期",
        "来源",
    ],
    problem_cols: ["单位", "级别", "位置", "问题"],
    chart_title: "各单位审核发现",
    title: "审核汇总",
    none: "无",
};

fn labels(lang: Lang) -> &'static Labels {
    match lang {
        Lang::En => &EN,
        Lang::Zh => &ZH,
    }
}

fn join_ids(ids: &[ClauseId]) -> String {
    ids.iter()
        .map(|c| c.to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Matrix cell: the worst result of the office's rows against the clause.
fn worst(results: &BTreeMap<Outcome, u32>) -> Option<Outcome> {
    [
        Outcome::Major,
        Outcome::Minor,
        Outcome::Observation,
        Outcome::Ofi,
        Outcome::Conform,
        Outcome::NotApplicable,
    ]
    .into_iter()
    .find(|o| results.get(o).copied().unwrap_or(0) > 0)
}

/// Write `summary.xlsx`.
pub fn write_summary_xlsx(
    results: &[&AuditResult],
    lang: Lang,
    path: &Path,
    force: bool,
) -> Result<(), SaveError> {
    let l = labels(lang);
    let lines = office_lines(results);
    let mut wb = Workbook::new();
    let date = results
        .iter()
        .find_map(|r| r.audit.end_date.or(r.audit.start_date));
    fix_properties(&mut wb, l.title, date);
    let head = Format::new()
        .set_bold()
        .set_background_color(Color::RGB(0xD9E1F2))
        .set_border(FormatBorder::Thin)
        .set_text_wrap()
        .set_align(FormatAlign::Center);
    let cell = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let xerr = |e| SaveError::Xlsx {
        path: path.display().to_string(),
        source: e,
    };

    // Offices.
    let ws = wb.add_worksheet();
    ws.set_name(l.offices).map_err(xerr)?;
    for (c, h) in l.office_cols.iter().enumerate() {
        text(ws, 0, c as u16, h, &head).map_err(xerr)?;
    }
    let mut widths: Vec<Vec<String>> = l.office_cols.iter().map(|h| vec![h.to_string()]).collect();
    for (i, o) in lines.iter().enumerate() {
        let r = i as u32 + 1;
        text(ws, r, 0, &o.code, &cell).map_err(xerr)?;
        text(ws, r, 1, &o.name, &cell).map_err(xerr)?;
        for (c, v) in [o.major, o.minor, o.observation, o.ofi]
            .into_iter()
            .enumerate()
        {
            ws.write_number(r, 2 + c as u16, v as f64).map_err(xerr)?;
        }
        match o.rate {
            Some(v) => ws.write_number(r, 6, v).map(|_| ()),
            None => ws.write_blank(r, 6, &cell).map(|_| ()),
        }
        .map_err(xerr)?;
        ws.write_number(r, 7, o.not_covered.len() as f64)
            .map_err(xerr)?;
        let list = join_ids(&o.not_covered);
        text(ws, r, 8, &list, &cell).map_err(xerr)?;
        ws.write_number(r, 9, o.not_audited as f64).map_err(xerr)?;
        ws.write_number(r, 10, o.unreadable_documents as f64)
            .map_err(xerr)?;
        ws.write_number(r, 11, o.errors as f64).map_err(xerr)?;
        widths[0].push(o.code.clone());
        widths[1].push(o.name.clone());
        widths[8].push(list);
    }
    let w: Vec<Vec<&str>> = widths
        .iter()
        .map(|c| c.iter().map(String::as_str).collect())
        .collect();
    fit_columns(ws, &w, 8, 50);
    ws.set_freeze_panes(1, 2).map_err(xerr)?;
    if !lines.is_empty() {
        let n = lines.len() as u32;
        let mut chart = Chart::new(ChartType::Column);
        chart.title().set_name(l.chart_title);
        // Columns 2..=5: major, minor, observations, OFIs.
        for (c, o) in [
            (2u16, Outcome::Major),
            (3, Outcome::Minor),
            (4, Outcome::Observation),
            (5, Outcome::Ofi),
        ] {
            chart
                .add_series()
                .set_name((l.offices, 0, c))
                .set_categories((l.offices, 1, 0, n, 0))
                .set_values((l.offices, 1, c, n, c))
                .set_format(&mut super::series_fill(o));
        }
        chart.y_axis().set_num_format("0");
        ws.insert_chart(n + 3, 1, &chart).map_err(xerr)?;
    }

    // All nonconformities.
    let ws = wb.add_worksheet();
    ws.set_name(l.nonconformities).map_err(xerr)?;
    for (c, h) in l.nc_cols.iter().enumerate() {
        text(ws, 0, c as u16, h, &head).map_err(xerr)?;
    }
    let mut r = 1u32;
    let mut widths: Vec<Vec<String>> = l.nc_cols.iter().map(|h| vec![h.to_string()]).collect();
    for res in results {
        for f in &res.nonconformities {
            let vals = [
                res.audit.office_code.clone(),
                f.id.clone(),
                f.clause.to_string(),
                lang.pick(&f.clause_title_en, &f.clause_title_zh)
                    .to_string(),
                f.grade.label(lang).to_string(),
                f.department.clone(),
                f.statement.clone(),
                f.evidence.clone(),
                f.auditor.clone(),
                f.date.map(|d| d.to_string()).unwrap_or_default(),
                f.source.render(lang),
            ];
            for (c, v) in vals.iter().enumerate() {
                text(ws, r, c as u16, v, &cell).map_err(xerr)?;
                widths[c].push(v.clone());
            }
            r += 1;
        }
    }
    let w: Vec<Vec<&str>> = widths
        .iter()
        .map(|c| c.iter().map(String::as_str).collect())
        .collect();
    fit_columns(ws, &w, 8, 60);
    ws.set_freeze_panes(1, 2).map_err(xerr)?;
    if r > 1 {
        ws.autofilter(0, 0, r - 1, l.nc_cols.len() as u16 - 1)
            .map_err(xerr)?;
    }

    // Clause x office matrix: the worst result per cell, coloured.
    let ws = wb.add_worksheet();
    ws.set_name(l.matrix).map_err(xerr)?;
    text(ws, 0, 0, lang.pick("Clause", "条款"), &head).map_err(xerr)?;
    text(ws, 0, 1, lang.pick("Title", "标题"), &head).map_err(xerr)?;
    for (i, res) in results.iter().enumerate() {
        text(ws, 0, 2 + i as u16, &res.audit.office_code, &head).map_err(xerr)?;
    }
    let mut clauses: BTreeMap<ClauseId, String> = BTreeMap::new();
    for res in results {
        for c in &res.coverage {
            clauses.entry(c.id.clone()).or_default();
        }
    }
    for (id, t) in clauses.iter_mut() {
        if let Some(x) = results
            .iter()
            .map(|r| super::clause_title(r, id, lang))
            .find(|x| !x.is_empty())
        {
            *t = x;
        }
    }
    let mut row = 1u32;
    for (id, title) in &clauses {
        text(ws, row, 0, &id.to_string(), &cell).map_err(xerr)?;
        text(ws, row, 1, title, &cell).map_err(xerr)?;
        for (i, res) in results.iter().enumerate() {
            let v = res
                .coverage
                .iter()
                .find(|c| &c.id == id)
                .and_then(|c| worst(&c.results))
                .map(|o| o.label(lang))
                .unwrap_or("");
            text(ws, row, 2 + i as u16, v, &cell).map_err(xerr)?;
        }
        row += 1;
    }
    if row > 1 && !results.is_empty() {
        let last = 1 + results.len() as u16;
        let colour = |word: &str, rgb: u32| {
            ConditionalFormatCell::new()
                .set_rule(ConditionalFormatCellRule::EqualTo(format!("\"{word}\"")))
                .set_format(Format::new().set_background_color(Color::RGB(rgb)))
        };
        for o in [
            Outcome::Major,
            Outcome::Minor,
            Outcome::Observation,
            Outcome::Ofi,
            Outcome::Conform,
        ] {
            let rgb = super::outcome_colour(o).1;
            ws.add_conditional_format(1, 2, row - 1, last, &colour(o.label(lang), rgb))
                .map_err(xerr)?;
        }
    }
    ws.set_column_width(0, 9).map_err(xerr)?;
    ws.set_column_width(1, 36).map_err(xerr)?;
    ws.set_freeze_panes(1, 2).map_err(xerr)?;

    // Problems: errors and warnings of every office, unreadable documents included.
    let ws = wb.add_worksheet();
    ws.set_name(l.problems).map_err(xerr)?;
    for (c, h) in l.problem_cols.iter().enumerate() {
        text(ws, 0, c as u16, h, &head).map_err(xerr)?;
    }
    let mut r = 1u32;
    for res in results {
        for d in &res.diagnostics {
            let level = match d.severity {
                Severity::Error => lang.pick("error", "错误"),
                Severity::Warning => lang.pick("warning", "警告"),
            };
            let msg = d.message_and_hint(lang);
            for (c, v) in [
                res.audit.office_code.as_str(),
                level,
                &d.location.render(lang),
                &msg,
            ]
            .iter()
            .enumerate()
            {
                text(ws, r, c as u16, v, &cell).map_err(xerr)?;
            }
            r += 1;
        }
    }
    ws.set_column_width(0, 10).map_err(xerr)?;
    ws.set_column_width(1, 8).map_err(xerr)?;
    ws.set_column_width(2, 50).map_err(xerr)?;
    ws.set_column_width(3, 70).map_err(xerr)?;

    save(&mut wb, path, force)
}

/// `summary.md`: the same content as the workbook, for reading.
pub fn summary_markdown(results: &[&AuditResult], lang: Lang) -> String {
    let l = labels(lang);
    let lines = office_lines(results);
    let mut s = String::new();
    let audit = results.first().map(|r| &r.audit);
    let _ = writeln!(
        s,
        "# {} {}\n",
        l.title,
        super::markdown::esc(audit.map(|a| a.audit_id.as_str()).unwrap_or(""))
    );
    if let Some(a) = audit {
        if !a.title.is_empty() {
            let _ = writeln!(s, "{}\n", super::markdown::esc(&a.title));
        }
        let dates = a.period();
        if !dates.is_empty() {
            let _ = writeln!(s, "{}: {dates}\n", lang.pick("Dates", "日期"));
        }
    }
    let _ = writeln!(s, "## {}\n", l.offices);
    let cols = [0, 1, 2, 3, 4, 5, 6, 7, 9, 10, 11];
    let _ = writeln!(s, "| {} |", cols.map(|c| l.office_cols[c]).join(" | "));
    let _ = writeln!(s, "|{}|", cols.map(|_| "---").join("|"));
    let mut total = [0u32; 4];
    for o in &lines {
        total[0] += o.major;
        total[1] += o.minor;
        total[2] += o.observation;
        total[3] += o.ofi;
        let rate = o.rate.map_or("–".to_string(), |r| format!("{r:.1}"));
        let nc = if o.not_covered.is_empty() {
            "0".to_string()
        } else {
            format!("{} ({})", o.not_covered.len(), join_ids(&o.not_covered))
        };
        let _ = writeln!(
            s,
            "| {} | {} | {} | {} | {} | {} | {rate} | {nc} | {} | {} | {} |",
            super::markdown::esc(&o.code),
            super::markdown::esc(&o.name),
            o.major,
            o.minor,
            o.observation,
            o.ofi,
            o.not_audited,
            o.unreadable_documents,
            o.errors
        );
    }
    let _ = writeln!(
        s,
        "| **{}** | | **{}** | **{}** | **{}** | **{}** | | | | | |\n",
        lang.pick("Total", "合计"),
        total[0],
        total[1],
        total[2],
        total[3]
    );

    let _ = writeln!(s, "## {}\n", l.nonconformities);
    let all: Vec<_> = results
        .iter()
        .flat_map(|r| r.nonconformities.iter().map(move |f| (r, f)))
        .collect();
    if all.is_empty() {
        let _ = writeln!(s, "{}\n", l.none);
    } else {
        let cols = [1, 0, 2, 4, 5, 6];
        let _ = writeln!(s, "| {} |", cols.map(|c| l.nc_cols[c]).join(" | "));
        let _ = writeln!(s, "|{}|", cols.map(|_| "---").join("|"));
        for (r, f) in all {
            let _ = writeln!(
                s,
                "| {} | {} | {} {} | {} | {} | {} |",
                super::markdown::esc(&f.id),
                super::markdown::esc(&r.audit.office_code),
                f.clause,
                super::markdown::esc(lang.pick(&f.clause_title_en, &f.clause_title_zh)),
                f.grade.label(lang),
                super::markdown::esc(&f.department),
                super::markdown::esc(&f.statement)
            );
        }
        s.push('\n');
    }

    let _ = writeln!(s, "## {}\n", l.problems);
    let mut any = false;
    let mut seen = BTreeSet::new();
    for r in results {
        for d in &r.diagnostics {
            let line = d.render(lang).replace('\n', " — ");
            if seen.insert((&r.audit.office_code, line.clone())) {
                let _ = writeln!(
                    s,
                    "- {} — {}",
                    super::markdown::esc(&r.audit.office_code),
                    super::markdown::esc(&line)
                );
                any = true;
            }
        }
    }
    if !any {
        let _ = writeln!(s, "{}", l.none);
    }
    s
}
