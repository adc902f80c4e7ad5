//! The review input as files: `管理评审输入.xlsx` (`management-review-input.xlsx` in English),
//! `review.md` and `review.json`. Every label in the reader's language; user text escaped in
//! Markdown and written as text (never a formula) in the workbook. Same review, same bytes.

use super::{Compared, Grades, Review};
use crate::model::{Lang, Outcome};
use crate::register::stats::Figures;
use crate::report::esc;
use crate::report::{labels, pick};
use rust_xlsxwriter::{Chart, ChartType, Format, Workbook, XlsxError};
use std::fmt::Write;

labels! {
    title: "Management review input", "管理评审输入";
    period: "Period", "评审期间";
    previous: "Compared with", "对比期间";
    intro: "Figures drawn from the corrective-action register and the indicators the office supplied; the actions are counted as they stood on the last day of each period.", "数据取自纠正措施登记册及本单位提供的指标；纠正措施按各期间最后一日的状态统计。";
    h_audits: "1 Results of internal audits", "1 内部审核结果";
    h_ncs: "2 Nonconformities and corrective actions", "2 不符合及纠正措施";
    h_indicators: "3 Results of monitoring and measurement", "3 监视和测量结果";
    h_ofis: "4 Opportunities for improvement", "4 改进机会";
    h_decisions: "5 Status of actions from previous management reviews", "5 以往管理评审所采取措施的情况";
    decision: "Decision", "评审决定";
    review_id: "Review", "管理评审";
    decided: "Decided", "决定日期";
    owner: "Owner", "责任人";
    due: "Due", "完成期限";
    status: "Status", "状态";
    overdue_word: "overdue", "已逾期";
    no_decisions: "No decisions recorded (isoaudit review record).", "登记册中无管理评审决定（isoaudit review record）。";
    sheet_decisions: "Review actions", "评审措施跟踪";
    quarterly: "Quarter by quarter", "按季度趋势";
    quarter: "Quarter", "季度";
    raised_n: "Actions raised", "新增纠正措施";
    closed_n: "Actions closed", "关闭纠正措施";
    causes: "Root causes by category (actions raised in the period, by the words of their root cause)", "原因分析分类（本期纠正措施，按原因分析用语归类）";
    cause: "Category", "类别";
    cause_actions: "Actions", "纠正措施";
    c_people: "People: awareness, training, competence", "人员：意识、培训、能力";
    c_documents: "Procedures and documents", "程序和文件";
    c_process: "How the work is done: steps, checks, responsibilities", "工作方法：环节、复核、职责";
    c_resources: "Equipment, systems, staffing", "设备、系统和人手";
    c_supervision: "Supervision and monitoring", "监督检查";
    c_other: "Other", "其他";
    c_none: "Root cause not written yet", "尚未填写原因分析";
    audits_held: "Audits held", "已实施的审核";
    audits_count: "Audits in the period: {n} (previous period: {p}).", "本期实施审核 {n} 次（上期 {p} 次）。";
    audit_id: "Audit id", "审核编号";
    office: "Office", "单位";
    audit_title: "Audit", "审核名称";
    dates: "Dates", "日期";
    findings_trend: "Findings compared with the previous period", "审核发现与上期对比";
    by_office: "Findings by office", "按单位的审核发现";
    by_chapter: "Findings by clause chapter", "按条款章节的审核发现";
    chapter: "Chapter", "章节";
    target_written: "Target as written", "目标值（原文）";
    grade: "Grade", "性质";
    current: "This period", "本期";
    prev_col: "Previous period", "上期";
    change: "Change", "变化";
    ncs: "Nonconformities", "不符合";
    total: "All findings", "审核发现合计";
    figure: "Figure", "项目";
    actions: "Actions raised", "纠正措施数";
    cancelled: "Cancelled", "已取消";
    open: "Open at the period end", "期末未关闭";
    overdue: "Overdue at the period end", "期末已逾期";
    overdue_pct: "Overdue (% of open)", "逾期率（占未关闭）";
    ageing: "Open actions by age (days since raised)", "未关闭纠正措施账龄（自提出日起天数）";
    age: "Age", "账龄";
    count: "Count", "数量";
    closed: "Closed", "已关闭";
    mean_days: "Mean days to close", "平均关闭天数";
    on_time: "Closed on time", "按期关闭";
    on_time_pct: "On-time closure (%)", "按期关闭率（%）";
    verifications: "Verifications", "验证次数";
    effective: "Verified effective", "验证有效";
    effectiveness_pct: "Effectiveness (% of verifications)", "有效率（占验证次数，%）";
    repeats: "Repeat findings", "重复发生的发现";
    repeats_list: "Findings that repeat one of an earlier audit (same office, same clause)", "与以往审核重复的发现（同一单位、同一条款）";
    finding: "Finding", "发现";
    earlier: "Earlier finding", "以往发现";
    clause: "Clause", "条款";
    indicator: "Indicator", "指标";
    ind_period: "Period", "期间";
    value: "Value", "数值";
    target: "Target", "目标值";
    met: "Target met", "是否达标";
    yes: "yes", "达标";
    no: "no", "未达标";
    no_target: "no target", "无目标值";
    no_indicators: "No indicators supplied (--indicators).", "未提供指标（--indicators）。";
    id: "Id", "编号";
    department: "Department", "部门";
    raised: "Raised", "提出日期";
    statement: "Description", "描述";
    none: "None.", "无。";
    dash: "—", "—";
    colon: ": ", "：";
    problems: "Input problems", "输入问题";
    sheet_audits: "Audit results", "审核结果";
    sheet_ncs: "NC and actions", "不符合及纠正措施";
    sheet_indicators: "Indicators", "监视和测量";
    sheet_ofis: "OFIs", "改进机会";
}

/// The workbook's file name in `lang`.
pub fn workbook_name(lang: Lang) -> &'static str {
    lang.pick("management-review-input.xlsx", "管理评审输入.xlsx")
}

fn opt(v: Option<f64>, lang: Lang) -> String {
    v.map_or_else(|| pick(L.dash, lang).to_string(), |v| format!("{v:.1}"))
}

fn change(c: u32, p: u32) -> String {
    let d = i64::from(c) - i64::from(p);
    if d > 0 {
        format!("+{d}")
    } else {
        d.to_string()
    }
}

/// The rows of the grade comparison: label, this period, previous, change.
fn grade_rows(c: &Compared, lang: Lang) -> Vec<[String; 4]> {
    type Count = fn(&Grades) -> u32;
    let rows: [(&str, Count); 6] = [
        (Outcome::Major.label(lang), |g| g.major),
        (Outcome::Minor.label(lang), |g| g.minor),
        (pick(L.ncs, lang), Grades::ncs),
        (Outcome::Observation.label(lang), |g| g.observation),
        (Outcome::Ofi.label(lang), |g| g.ofi),
        (pick(L.total, lang), Grades::total),
    ];
    rows.iter()
        .map(|(l, f)| {
            let (a, b) = (f(&c.current), f(&c.previous));
            [l.to_string(), a.to_string(), b.to_string(), change(a, b)]
        })
        .collect()
}

/// The rows of the corrective-action figures: label, this period, previous.
fn figure_rows(f: &Figures, p: &Figures, lang: Lang) -> Vec<[String; 3]> {
    let n = |x: u32| x.to_string();
    let rows: Vec<(&str, String, String)> = vec![
        (pick(L.actions, lang), n(f.actions), n(p.actions)),
        (pick(L.cancelled, lang), n(f.cancelled), n(p.cancelled)),
        (pick(L.open, lang), n(f.open), n(p.open)),
        (pick(L.overdue, lang), n(f.overdue), n(p.overdue)),
        (
            pick(L.overdue_pct, lang),
            opt(f.overdue_pct, lang),
            opt(p.overdue_pct, lang),
        ),
        (pick(L.closed, lang), n(f.closed), n(p.closed)),
        (
            pick(L.mean_days, lang),
            opt(f.mean_days_to_close, lang),
            opt(p.mean_days_to_close, lang),
        ),
        (
            pick(L.on_time, lang),
            n(f.closed_on_time),
            n(p.closed_on_time),
        ),
        (
            pick(L.on_time_pct, lang),
            opt(f.on_time_pct, lang),
            opt(p.on_time_pct, lang),
        ),
        (
            pick(L.verifications, lang),
            n(f.verifications),
            n(p.verifications),
        ),
        (pick(L.effective, lang), n(f.effective), n(p.effective)),
        (
            pick(L.effectiveness_pct, lang),
            opt(f.effectiveness_pct, lang),
            opt(p.effectiveness_pct, lang),
        ),
        (
            pick(L.repeats, lang),
            n(f.repeat_findings),
            n(p.repeat_findings),
        ),
    ];
    rows.into_iter()
        .map(|(l, a, b)| [l.to_string(), a, b])
        .collect()
}

fn ageing_rows(f: &Figures) -> [[String; 2]; 4] {
    let a = f.ageing;
    [
        ["0-30".into(), a.d0_30.to_string()],
        ["31-60".into(), a.d31_60.to_string()],
        ["61-90".into(), a.d61_90.to_string()],
        [">90".into(), a.over_90.to_string()],
    ]
}

fn met_word(m: Option<bool>, lang: Lang) -> &'static str {
    match m {
        Some(true) => pick(L.yes, lang),
        Some(false) => pick(L.no, lang),
        None => pick(L.no_target, lang),
    }
}

fn dates(s: Option<crate::model::Date>, e: Option<crate::model::Date>) -> String {
    match (s, e) {
        (Some(s), Some(e)) if s != e => format!("{s} – {e}"),
        (Some(d), _) | (None, Some(d)) => d.to_string(),
        (None, None) => String::new(),
    }
}

/// `review.json`: the whole review, pretty-printed, its problems said in `lang`.
pub fn json(r: &Review, lang: Lang) -> String {
    let mut r = r.clone();
    r.diagnostics = r.diagnostics.iter().map(|d| d.said(lang)).collect();
    serde_json::to_string_pretty(&r).expect("a review serialises") + "\n"
}

fn compared_rows(cs: &[Compared], first: impl Fn(&str) -> String) -> Vec<Vec<String>> {
    cs.iter()
        .map(|c| {
            vec![
                first(&c.key),
                c.current.major.to_string(),
                c.current.minor.to_string(),
                c.current.observation.to_string(),
                c.current.ofi.to_string(),
                c.current.total().to_string(),
                c.previous.total().to_string(),
                change(c.current.total(), c.previous.total()),
            ]
        })
        .collect()
}

fn compared_header(first: &'static str, lang: Lang) -> Vec<&'static str> {
    vec![
        first,
        Outcome::Major.label(lang),
        Outcome::Minor.label(lang),
        Outcome::Observation.label(lang),
        Outcome::Ofi.label(lang),
        pick(L.current, lang),
        pick(L.prev_col, lang),
        pick(L.change, lang),
    ]
}

/// Where the review's text goes: Markdown for `review.md`, HTML for the page `serve` shows. The
/// one walker [`document`] passes user text through [`Doc::esc`] and labels and figures as they
/// are, so both say the same sections in the same order with the same figures.
trait Doc {
    /// User text made safe for this format's lines and cells.
    fn esc(&self, s: &str) -> String;
    fn heading(&mut self, level: u8, s: &str);
    fn para(&mut self, s: &str);
    fn item(&mut self, s: &str);
    fn end_list(&mut self);
    fn table(&mut self, header: &[&str], rows: Vec<Vec<String>>);
}

/// `review.md`. User text is escaped on the way in ([`esc`]), so lines are written as given.
struct Markdown(String);

impl Doc for Markdown {
    fn esc(&self, s: &str) -> String {
        esc(s)
    }
    fn heading(&mut self, level: u8, s: &str) {
        let _ = writeln!(self.0, "{} {s}\n", "#".repeat(usize::from(level)));
    }
    fn para(&mut self, s: &str) {
        let _ = writeln!(self.0, "{s}\n");
    }
    fn item(&mut self, s: &str) {
        let _ = writeln!(self.0, "- {s}");
    }
    fn end_list(&mut self) {
        self.0.push('\n');
    }
    fn table(&mut self, header: &[&str], rows: Vec<Vec<String>>) {
        let md = &mut self.0;
        let _ = writeln!(md, "| {} |", header.join(" | "));
        let _ = writeln!(md, "|{}", " --- |".repeat(header.len()));
        for r in rows {
            let _ = writeln!(md, "| {} |", r.join(" | "));
        }
        md.push('\n');
    }
}

/// The review as an HTML fragment. Text comes in unescaped and maud escapes every piece as it
/// writes it, labels included.
struct Html {
    out: String,
    in_list: bool,
}

impl Doc for Html {
    fn esc(&self, s: &str) -> String {
        s.trim().to_string()
    }
    fn heading(&mut self, level: u8, s: &str) {
        // The page around the fragment carries the title; sections go one level below it.
        let m = match level {
            1 => return,
            2 => maud::html! { h2 { (s) } },
            _ => maud::html! { h3 { (s) } },
        };
        self.out.push_str(&m.into_string());
    }
    fn para(&mut self, s: &str) {
        self.out.push_str(&maud::html! { p { (s) } }.into_string());
    }
    fn item(&mut self, s: &str) {
        if !self.in_list {
            self.out.push_str("<ul>");
            self.in_list = true;
        }
        self.out.push_str(&maud::html! { li { (s) } }.into_string());
    }
    fn end_list(&mut self) {
        if self.in_list {
            self.out.push_str("</ul>");
            self.in_list = false;
        }
    }
    fn table(&mut self, header: &[&str], rows: Vec<Vec<String>>) {
        let m = maud::html! {
            table {
                thead { tr { @for h in header { th { (h) } } } }
                tbody { @for r in &rows { tr { @for c in r { td { (c) } } } } }
            }
        };
        self.out.push_str(&m.into_string());
    }
}

/// `review.md`: the five headings, each with its tables.
pub fn markdown(r: &Review, lang: Lang) -> String {
    let mut d = Markdown(String::new());
    document(r, lang, &mut d);
    d.0
}

/// The same review as an HTML fragment (headings, paragraphs, tables; no title), every piece of
/// text escaped: the body of `serve`'s review page.
pub fn html(r: &Review, lang: Lang) -> String {
    let mut d = Html {
        out: String::new(),
        in_list: false,
    };
    document(r, lang, &mut d);
    d.end_list();
    d.out
}

/// The review, heading by heading, into `d`.
fn document(r: &Review, lang: Lang, d: &mut dyn Doc) {
    let p = |k| pick(k, lang);
    let c = p(L.colon);
    d.heading(1, p(L.title));
    d.item(&format!(
        "{}{c}{} – {}",
        p(L.period),
        r.period.from,
        r.period.to
    ));
    d.item(&format!(
        "{}{c}{} – {}",
        p(L.previous),
        r.previous.from,
        r.previous.to
    ));
    d.end_list();
    d.para(p(L.intro));

    d.heading(2, p(L.h_audits));
    d.para(
        &p(L.audits_count)
            .replace("{n}", &r.audits.len().to_string())
            .replace("{p}", &r.audits_previous.to_string()),
    );
    if !r.audits.is_empty() {
        d.heading(3, p(L.audits_held));
        let rows = r
            .audits
            .iter()
            .map(|a| {
                let office = if a.office_name.is_empty() {
                    a.office_code.clone()
                } else {
                    format!("{} {}", a.office_code, a.office_name)
                };
                vec![
                    d.esc(&a.audit_id),
                    d.esc(&office),
                    d.esc(&a.title),
                    dates(a.start_date, a.end_date),
                ]
            })
            .collect();
        d.table(
            &[p(L.audit_id), p(L.office), p(L.audit_title), p(L.dates)],
            rows,
        );
    }
    d.heading(3, p(L.findings_trend));
    d.table(
        &[p(L.grade), p(L.current), p(L.prev_col), p(L.change)],
        grade_rows(&r.findings, lang)
            .into_iter()
            .map(Vec::from)
            .collect(),
    );
    d.heading(3, p(L.by_office));
    let rows = compared_rows(&r.by_office, |s| d.esc(s));
    d.table(&compared_header(p(L.office), lang), rows);
    d.heading(3, p(L.by_chapter));
    let rows = compared_rows(&r.by_chapter, |s| d.esc(s));
    d.table(&compared_header(p(L.chapter), lang), rows);
    d.heading(3, p(L.quarterly));
    d.table(&quarter_header(lang), quarter_rows(r));

    d.heading(2, p(L.h_ncs));
    d.table(
        &[p(L.figure), p(L.current), p(L.prev_col)],
        figure_rows(&r.actions, &r.actions_previous, lang)
            .into_iter()
            .map(Vec::from)
            .collect(),
    );
    d.heading(3, p(L.ageing));
    d.table(
        &[p(L.age), p(L.count)],
        ageing_rows(&r.actions).into_iter().map(Vec::from).collect(),
    );
    d.heading(3, p(L.causes));
    if r.causes.is_empty() {
        d.para(p(L.none));
    } else {
        let rows = cause_rows(r, lang)
            .into_iter()
            .map(|row| row.iter().map(|c| d.esc(c)).collect())
            .collect();
        d.table(&[p(L.cause), p(L.count), p(L.cause_actions)], rows);
    }
    d.heading(3, p(L.repeats_list));
    if r.repeats.is_empty() {
        d.para(p(L.none));
    } else {
        let rows = r
            .repeats
            .iter()
            .map(|x| {
                vec![
                    d.esc(&x.finding),
                    d.esc(&x.earlier),
                    d.esc(&x.office),
                    d.esc(&x.clause),
                ]
            })
            .collect();
        d.table(
            &[p(L.finding), p(L.earlier), p(L.office), p(L.clause)],
            rows,
        );
    }

    d.heading(2, p(L.h_indicators));
    if r.indicators.is_empty() {
        d.para(p(L.no_indicators));
    } else {
        let rows = r
            .indicators
            .iter()
            .map(|i| {
                vec![
                    d.esc(&i.indicator),
                    d.esc(&i.period),
                    d.esc(&i.value_text),
                    d.esc(&i.target_text),
                    met_word(i.met, lang).to_string(),
                ]
            })
            .collect();
        d.table(
            &[
                p(L.indicator),
                p(L.ind_period),
                p(L.value),
                p(L.target),
                p(L.met),
            ],
            rows,
        );
    }

    d.heading(2, p(L.h_ofis));
    if r.ofis.is_empty() {
        d.para(p(L.none));
    } else {
        let rows = r
            .ofis
            .iter()
            .map(|o| {
                vec![
                    d.esc(&o.id),
                    d.esc(&o.office_code),
                    d.esc(&o.clause),
                    d.esc(&o.department),
                    o.raised.to_string(),
                    d.esc(&o.statement),
                ]
            })
            .collect();
        d.table(
            &[
                p(L.id),
                p(L.office),
                p(L.clause),
                p(L.department),
                p(L.raised),
                p(L.statement),
            ],
            rows,
        );
    }
    d.heading(2, p(L.h_decisions));
    if r.decisions.is_empty() {
        d.para(p(L.no_decisions));
    } else {
        let rows = r
            .decisions
            .iter()
            .map(|x| {
                decision_row(x, lang)
                    .into_iter()
                    .map(|c| d.esc(&c))
                    .collect()
            })
            .collect();
        d.table(&decision_header(lang), rows);
    }
    if !r.diagnostics.is_empty() {
        d.heading(2, p(L.problems));
        for x in &r.diagnostics {
            let line = d.esc(&x.render(lang).replace('\n', " — "));
            d.item(&line);
        }
        d.end_list();
    }
}

/// A sheet being filled top to bottom: a bold title line, then tables.
struct Sheet<'a> {
    ws: &'a mut rust_xlsxwriter::Worksheet,
    row: u32,
    bold: Format,
    plain: Format,
    widths: Vec<Vec<String>>,
    /// Whether the next table's figures go in as numbers (counts, percentages); tables of
    /// ids, clauses and text keep every cell text, so clause 9.2 never turns into a number.
    numeric: bool,
}

impl Sheet<'_> {
    fn title(&mut self, s: &str) -> Result<(), XlsxError> {
        crate::xlsx::text(self.ws, self.row, 0, s, &self.bold)?;
        self.row += 1;
        Ok(())
    }

    fn line(&mut self, cells: &[String], header: bool) -> Result<(), XlsxError> {
        let fmt = if header {
            self.bold.clone()
        } else {
            self.plain.clone()
        };
        for (c, s) in cells.iter().enumerate() {
            // Figures go in as numbers so they chart and sum; text stays text.
            match s.parse::<f64>() {
                Ok(v) if self.numeric && !header && c > 0 && !s.starts_with('+') => {
                    self.ws
                        .write_number_with_format(self.row, c as u16, v, &fmt)?;
                }
                _ => crate::xlsx::text(self.ws, self.row, c as u16, s, &fmt)?,
            }
            if self.widths.len() <= c {
                self.widths.resize(c + 1, Vec::new());
            }
            if !(c == 0 && self.row == 0) {
                self.widths[c].push(s.clone());
            }
        }
        self.row += 1;
        Ok(())
    }

    fn table(
        &mut self,
        header: &[&str],
        rows: impl IntoIterator<Item = Vec<String>>,
    ) -> Result<(), XlsxError> {
        let h: Vec<String> = header.iter().map(|s| s.to_string()).collect();
        self.line(&h, true)?;
        for r in rows {
            self.line(&r, false)?;
        }
        self.row += 1;
        Ok(())
    }

    fn fit(&mut self) {
        let cols: Vec<Vec<&str>> = self
            .widths
            .iter()
            .map(|c| c.iter().map(String::as_str).collect())
            .collect();
        crate::xlsx::fit_columns(self.ws, &cols, 8, 60);
    }
}

/// The workbook, one sheet per heading, in memory; [`crate::xlsx::save`] writes it.
pub fn workbook(r: &Review, lang: Lang) -> Result<Workbook, XlsxError> {
    let p = |k| pick(k, lang);
    let mut wb = Workbook::new();
    crate::xlsx::fix_properties(&mut wb, p(L.title), Some(r.period.to));
    let bold = Format::new().set_bold();
    let plain = Format::new();
    let new = |wb: &mut Workbook, name: &str| -> Result<(), XlsxError> {
        wb.add_worksheet().set_name(name)?;
        Ok(())
    };
    // 1 audit results
    new(&mut wb, p(L.sheet_audits))?;
    {
        let ws = wb.worksheets_mut().last_mut().expect("just added");
        let mut s = Sheet {
            ws,
            row: 0,
            bold: bold.clone(),
            plain: plain.clone(),
            widths: Vec::new(),
            numeric: true,
        };
        s.title(&format!(
            "{} {} – {}",
            p(L.title),
            r.period.from,
            r.period.to
        ))?;
        s.title(&format!(
            "{}: {} – {}",
            p(L.previous),
            r.previous.from,
            r.previous.to
        ))?;
        s.row += 1;
        s.title(p(L.h_audits))?;
        s.title(
            &p(L.audits_count)
                .replace("{n}", &r.audits.len().to_string())
                .replace("{p}", &r.audits_previous.to_string()),
        )?;
        s.numeric = false;
        s.table(
            &[p(L.audit_id), p(L.office), p(L.audit_title), p(L.dates)],
            r.audits.iter().map(|a| {
                vec![
                    a.audit_id.clone(),
                    format!("{} {}", a.office_code, a.office_name)
                        .trim()
                        .to_string(),
                    a.title.clone(),
                    dates(a.start_date, a.end_date),
                ]
            }),
        )?;
        s.numeric = true;
        s.title(p(L.findings_trend))?;
        let trend = s.row;
        let grade_rows = grade_rows(&r.findings, lang);
        let n = grade_rows.len() as u32;
        s.table(
            &[p(L.grade), p(L.current), p(L.prev_col), p(L.change)],
            grade_rows.into_iter().map(Vec::from),
        )?;
        // A native chart of the findings, this period against the previous one, to the right of the tables.
        let sheet = p(L.sheet_audits);
        let mut chart = Chart::new(ChartType::Column);
        for (col, name) in [(1, p(L.current)), (2, p(L.prev_col))] {
            chart
                .add_series()
                .set_categories((sheet, trend + 1, 0, trend + n, 0))
                .set_values((sheet, trend + 1, col, trend + n, col))
                .set_name(name);
        }
        chart.title().set_name(p(L.findings_trend));
        s.ws.insert_chart(trend, 9, &chart)?;
        s.title(p(L.by_office))?;
        s.table(
            &compared_header(p(L.office), lang),
            compared_rows(&r.by_office, str::to_string),
        )?;
        s.title(p(L.by_chapter))?;
        s.table(
            &compared_header(p(L.chapter), lang),
            compared_rows(&r.by_chapter, str::to_string),
        )?;
        s.title(p(L.quarterly))?;
        let first = s.row;
        s.table(&quarter_header(lang), quarter_rows(r))?;
        // A stacked column per quarter, one colour per grade (the colours of every other chart).
        if !r.quarters.is_empty() {
            let last = first + r.quarters.len() as u32;
            let mut chart = Chart::new(ChartType::ColumnStacked);
            for (col, o) in [
                (1, Outcome::Major),
                (2, Outcome::Minor),
                (3, Outcome::Observation),
                (4, Outcome::Ofi),
            ] {
                chart
                    .add_series()
                    .set_categories((sheet, first + 1, 0, last, 0))
                    .set_values((sheet, first + 1, col, last, col))
                    .set_name(o.label(lang))
                    .set_format(&mut crate::report::series_fill(o));
            }
            chart.title().set_name(p(L.quarterly));
            s.ws.insert_chart(first, 9, &chart)?;
        }
        s.fit();
    }
    // 2 nonconformities and corrective actions
    new(&mut wb, p(L.sheet_ncs))?;
    {
        let ws = wb.worksheets_mut().last_mut().expect("just added");
        let mut s = Sheet {
            ws,
            row: 0,
            bold: bold.clone(),
            plain: plain.clone(),
            widths: Vec::new(),
            numeric: true,
        };
        s.title(p(L.h_ncs))?;
        s.table(
            &[p(L.figure), p(L.current), p(L.prev_col)],
            figure_rows(&r.actions, &r.actions_previous, lang)
                .into_iter()
                .map(Vec::from),
        )?;
        s.title(p(L.ageing))?;
        s.table(
            &[p(L.age), p(L.count)],
            ageing_rows(&r.actions).into_iter().map(Vec::from),
        )?;
        s.title(p(L.causes))?;
        s.numeric = true;
        s.table(
            &[p(L.cause), p(L.count), p(L.cause_actions)],
            cause_rows(r, lang),
        )?;
        s.title(p(L.repeats_list))?;
        s.numeric = false;
        s.table(
            &[p(L.finding), p(L.earlier), p(L.office), p(L.clause)],
            r.repeats.iter().map(|x| {
                vec![
                    x.finding.clone(),
                    x.earlier.clone(),
                    x.office.clone(),
                    x.clause.clone(),
                ]
            }),
        )?;
        s.fit();
    }
    // 3 monitoring and measurement, with a bar chart of value against target
    let sheet_ind = p(L.sheet_indicators);
    new(&mut wb, sheet_ind)?;
    {
        let ws = wb.worksheets_mut().last_mut().expect("just added");
        let mut s = Sheet {
            ws,
            row: 0,
            bold: bold.clone(),
            plain: plain.clone(),
            widths: Vec::new(),
            numeric: true,
        };
        s.table(
            &[
                p(L.indicator),
                p(L.ind_period),
                p(L.value),
                p(L.target),
                p(L.met),
                p(L.target_written),
            ],
            std::iter::empty(),
        )?;
        // Row 0 is the header; values and targets as numbers in C and D, as written in F.
        s.row = 1;
        for i in &r.indicators {
            let label = if i.period.is_empty() {
                i.indicator.clone()
            } else {
                format!("{} ({})", i.indicator, i.period)
            };
            crate::xlsx::text(s.ws, s.row, 0, &i.indicator, &plain)?;
            crate::xlsx::text(s.ws, s.row, 1, &i.period, &plain)?;
            s.ws.write_number(s.row, 2, i.value)?;
            if let Some(t) = i.target {
                s.ws.write_number(s.row, 3, t.value)?;
            }
            crate::xlsx::text(s.ws, s.row, 4, met_word(i.met, lang), &plain)?;
            crate::xlsx::text(s.ws, s.row, 5, &i.target_text, &plain)?;
            for (c, v) in [
                label,
                i.period.clone(),
                i.value_text.clone(),
                i.target_text.clone(),
                met_word(i.met, lang).into(),
                i.target_text.clone(),
            ]
            .into_iter()
            .enumerate()
            {
                if s.widths.len() <= c {
                    s.widths.resize(c + 1, Vec::new());
                }
                s.widths[c].push(v);
            }
            s.row += 1;
        }
        s.fit();
        if !r.indicators.is_empty() {
            let last = r.indicators.len() as u32;
            let mut chart = Chart::new(ChartType::Column);
            chart
                .add_series()
                .set_categories((sheet_ind, 1, 0, last, 0))
                .set_values((sheet_ind, 1, 2, last, 2))
                .set_name(p(L.value));
            chart
                .add_series()
                .set_categories((sheet_ind, 1, 0, last, 0))
                .set_values((sheet_ind, 1, 3, last, 3))
                .set_name(p(L.target));
            chart.title().set_name(p(L.h_indicators));
            s.ws.insert_chart(last + 2, 0, &chart)?;
        }
    }
    // 4 opportunities for improvement
    new(&mut wb, p(L.sheet_ofis))?;
    {
        let ws = wb.worksheets_mut().last_mut().expect("just added");
        let mut s = Sheet {
            ws,
            row: 0,
            bold,
            plain,
            widths: Vec::new(),
            numeric: false,
        };
        s.table(
            &[
                p(L.id),
                p(L.office),
                p(L.clause),
                p(L.department),
                p(L.raised),
                p(L.statement),
            ],
            r.ofis.iter().map(|o| {
                vec![
                    o.id.clone(),
                    o.office_code.clone(),
                    o.clause.clone(),
                    o.department.clone(),
                    o.raised.to_string(),
                    o.statement.clone(),
                ]
            }),
        )?;
        s.fit();
    }
    // 5 status of actions from previous management reviews
    new(&mut wb, p(L.sheet_decisions))?;
    {
        let ws = wb.worksheets_mut().last_mut().expect("just added");
        let mut s = Sheet {
            ws,
            row: 0,
            bold: Format::new().set_bold(),
            plain: Format::new(),
            widths: Vec::new(),
            numeric: false,
        };
        s.table(
            &decision_header(lang),
            r.decisions.iter().map(|d| decision_row(d, lang)),
        )?;
        s.fit();
    }
    Ok(wb)
}

fn cause_label(c: super::Cause, lang: Lang) -> &'static str {
    use super::Cause;
    pick(
        match c {
            Cause::People => L.c_people,
            Cause::Documents => L.c_documents,
            Cause::Process => L.c_process,
            Cause::Resources => L.c_resources,
            Cause::Supervision => L.c_supervision,
            Cause::Other => L.c_other,
            Cause::NotWritten => L.c_none,
        },
        lang,
    )
}

fn quarter_header(lang: Lang) -> Vec<&'static str> {
    vec![
        pick(L.quarter, lang),
        Outcome::Major.label(lang),
        Outcome::Minor.label(lang),
        Outcome::Observation.label(lang),
        Outcome::Ofi.label(lang),
        pick(L.total, lang),
        pick(L.raised_n, lang),
        pick(L.closed_n, lang),
    ]
}

fn quarter_rows(r: &Review) -> Vec<Vec<String>> {
    r.quarters
        .iter()
        .map(|q| {
            vec![
                q.key.clone(),
                q.findings.major.to_string(),
                q.findings.minor.to_string(),
                q.findings.observation.to_string(),
                q.findings.ofi.to_string(),
                q.findings.total().to_string(),
                q.actions_raised.to_string(),
                q.actions_closed.to_string(),
            ]
        })
        .collect()
}

fn cause_rows(r: &Review, lang: Lang) -> Vec<Vec<String>> {
    r.causes
        .iter()
        .map(|c| {
            vec![
                cause_label(c.cause, lang).to_string(),
                c.actions.len().to_string(),
                c.actions.join(", "),
            ]
        })
        .collect()
}

fn decision_header(lang: Lang) -> Vec<&'static str> {
    [
        L.id,
        L.review_id,
        L.decided,
        L.decision,
        L.owner,
        L.due,
        L.status,
    ]
    .into_iter()
    .map(|k| pick(k, lang))
    .collect()
}

fn decision_row(d: &super::DecisionLine, lang: Lang) -> Vec<String> {
    let status = lang.pick(d.status.key(), d.status.label_zh());
    vec![
        d.id.clone(),
        d.review.clone(),
        d.decided.to_string(),
        d.statement.clone(),
        d.owner.clone(),
        d.due.to_string(),
        if d.overdue {
            format!(
                "{status}{}{}",
                lang.pick(", ", "，"),
                pick(L.overdue_word, lang)
            )
        } else {
            status.to_string()
        },
    ]
}
