//! Word documents an office prints, signs and files: the audit report (`内部审核报告.docx`) and
//! one form per nonconformity (`不符合报告.docx`). Each is a template with placeholders filled
//! from the result ([`template`]): the defaults are built here in the reader's language, and a
//! bureau's own `.docx` forms (its numbering, its layout) can take their place.
//!
//! Written with what the project already has (zip, our own escaping) rather than a docx writer
//! crate: a template is an existing document whose text is replaced, which writer crates do
//! not do, and the default forms are a few tables.

mod package;
pub mod template;

use super::markdown::{L as M, conclusion_text, dept, fulfilment_lines};
use super::{labels, pick, scope_roots};
use crate::model::{AuditResult, Finding, Lang, Outcome};
use std::collections::BTreeMap;
pub use template::{TemplateError, Values};

labels! {
    audit_report_file: "audit-report.docx", "内部审核报告.docx";
    nc_reports_file: "nonconformity-reports.docx", "不符合报告.docx";
    car_file: "corrective-action-reports.docx", "纠正措施报告.docx";
    car_title: "Corrective action report", "纠正措施报告";
    car_status: "Status", "状态";
    car_raised: "Raised", "提出日期";
    car_due: "Due", "完成期限";
    car_implemented: "Implemented", "实施情况";
    car_method: "Method", "验证方法";
    car_history: "History", "处理记录";
    auditor: "Auditor", "审核员";
    nc_number: "No.", "编号";
    signature_date: "(signature / date)", "（签名/日期）";
    auditee_head: "Head of the department audited: confirmed", "受审核部门负责人确认";
    owner: "Person responsible", "责任人";
    planned: "Planned completion date", "计划完成日期";
    verifier: "Verified by", "验证人";
    date: "Date", "日期";
    effective: "Effectiveness", "有效性";
    effective_yes: "effective", "有效";
    effective_no: "not effective", "无效";
    prepared: "Prepared by", "编制";
    reviewed: "Reviewed by", "审核";
    approved: "Approved by", "批准";
    cover_team: "Audit team", "审核组";
    statement_and_evidence: "Objective evidence", "客观证据";
    none: "None.", "无。";
    notice_file: "overdue-notices.docx", "纠正措施逾期通知.docx";
    notice_title: "Overdue corrective actions", "纠正措施逾期通知";
    notice_to: "To", "致";
    notice_text: "As of {{as_of}}, these {{count}} corrective action(s) of your department are past their due date. Please complete them, or ask the quality manager for a later date with a reason, and answer by return.", "截至 {{as_of}}，贵部门以下 {{count}} 项纠正措施已超过完成期限。请尽快完成，或说明理由向质量负责人申请延期，并及时回复。";
    notice_actions: "Actions", "纠正措施";
    notice_from: "Quality manager", "质量负责人";
    programme_file: "annual-audit-programme.docx", "年度内部审核方案.docx";
    p_programme: "Programme", "审核方案";
    p_basis: "Frequency", "审核频次";
    p_id: "Audit", "审核编号";
    p_month: "Month", "月份";
    p_office: "Office", "受审核单位";
    p_departments: "Departments (auditor): clauses", "受审部门（审核员）：条款";
    p_team: "Lead auditor / team", "审核组长 / 审核组";
    p_load: "Auditors' load", "审核员工作安排";
}

/// The two Word files of an audit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    AuditReport,
    NcReports,
    /// 纠正措施报告: one page per corrective action, from the register.
    CorrectiveActions,
    /// 年度内部审核方案: the year's audits, from `programme plan`.
    AuditProgramme,
    /// 纠正措施逾期通知: one page per department with overdue actions (`actions remind`).
    OverdueNotices,
}

impl Kind {
    /// The file name, in the reader's language.
    pub fn file_name(self, lang: Lang) -> &'static str {
        match self {
            Kind::AuditReport => pick(L.audit_report_file, lang),
            Kind::NcReports => pick(L.nc_reports_file, lang),
            Kind::CorrectiveActions => pick(L.car_file, lang),
            Kind::AuditProgramme => pick(L.programme_file, lang),
            Kind::OverdueNotices => pick(L.notice_file, lang),
        }
    }
}

/// Why a Word document could not be made.
#[derive(Debug, thiserror::Error)]
pub enum DocxError {
    #[error("template {path}: {message}")]
    Template {
        path: String,
        message: crate::model::Text,
    },
    #[error("cannot build the Word document: {0}")]
    Package(String),
}

/// A bureau's template: its file name (for messages) and bytes.
pub struct Template<'a> {
    pub path: &'a str,
    pub bytes: &'a [u8],
}

/// The Word document of `kind` for `r`: from `template` when given, else from ours.
pub fn to_docx(
    r: &AuditResult,
    kind: Kind,
    lang: Lang,
    template: Option<&Template>,
) -> Result<Vec<u8>, DocxError> {
    let title = format!("{} {}", r.audit.audit_id, kind.file_name(lang));
    fill_kind(
        kind,
        &values(r, lang),
        lang,
        &title,
        r.audit.start_date,
        template,
    )
}

/// The 纠正措施报告 of these actions (their values from `register::forms`), one page each.
pub fn corrective_actions(
    actions: Vec<BTreeMap<String, String>>,
    lang: Lang,
    date: Option<crate::model::Date>,
    template: Option<&Template>,
) -> Result<Vec<u8>, DocxError> {
    let mut values = Values::default();
    values.lists.insert("actions".to_string(), actions);
    let kind = Kind::CorrectiveActions;
    fill_kind(kind, &values, lang, kind.file_name(lang), date, template)
}

/// The overdue notices: one item per department (`office`, `department`, `as_of`, `count`,
/// `actions` — one line per action), a page each.
pub fn overdue_notices(
    departments: Vec<BTreeMap<String, String>>,
    lang: Lang,
    as_of: crate::model::Date,
) -> Result<Vec<u8>, DocxError> {
    let mut values = Values::default();
    values.lists.insert("departments".to_string(), departments);
    let kind = Kind::OverdueNotices;
    fill_kind(kind, &values, lang, kind.file_name(lang), Some(as_of), None)
}

/// The 年度内部审核方案 of a proposed year. Fields: `title`, `programme`, `year`, `basis`, `load`; the list
/// `audits` (each with `id`, `month`, `dates`, `office`, `kind`, `departments`, `team`).
pub fn audit_programme(
    values: &Values,
    lang: Lang,
    date: Option<crate::model::Date>,
    template: Option<&Template>,
) -> Result<Vec<u8>, DocxError> {
    let kind = Kind::AuditProgramme;
    fill_kind(kind, values, lang, kind.file_name(lang), date, template)
}

fn body(kind: Kind, lang: Lang) -> String {
    match kind {
        Kind::AuditReport => audit_report_body(lang),
        Kind::NcReports => nc_reports_body(lang),
        Kind::CorrectiveActions => car_body(lang),
        Kind::AuditProgramme => programme_body(lang),
        Kind::OverdueNotices => notice_body(lang),
    }
}

fn fill_kind(
    kind: Kind,
    values: &Values,
    lang: Lang,
    title: &str,
    date: Option<crate::model::Date>,
    template: Option<&Template>,
) -> Result<Vec<u8>, DocxError> {
    match template {
        None => {
            let xml = package::document(&body(kind, lang));
            let filled = template::fill(&xml, values)
                .map_err(|e| DocxError::Package(format!("the default template: {e}")))?;
            package::default_package(&filled, lang, title, date).map_err(DocxError::Package)
        }
        Some(t) => {
            let err = |message: crate::model::Text| DocxError::Template {
                path: t.path.to_string(),
                message,
            };
            let xml = package::template_document(t.bytes)
                .map_err(|e| err(crate::model::Text::verbatim(e)))?;
            let filled = template::fill(&xml, values).map_err(|e| err(e.text()))?;
            package::template_package(t.bytes, &filled)
                .map_err(|e| err(crate::model::Text::verbatim(e)))
        }
    }
}

/// Our default template of `kind`, as a `.docx` a bureau can open in Word, restyle, renumber
/// and give back as its own.
pub fn default_template(kind: Kind, lang: Lang) -> Result<Vec<u8>, DocxError> {
    package::default_package(
        &package::document(&body(kind, lang)),
        lang,
        kind.file_name(lang),
        None,
    )
    .map_err(DocxError::Package)
}

/// Every value a template may name. Audit fields: `audit_id`, `audit_title`, `office`,
/// `dates`, `lead_auditor`, `team`, `criteria`, `scope`, `exclusions`, `departments`,
/// `conclusion`, `fulfilment`, `nc_count`. Lists: `ncs` and `observations` (each with `id`,
/// `clause`, `clause_title`, `criteria`, `grade`, `major_box`, `minor_box`, `department`,
/// `auditor`, `date`, `question`, `statement`, `evidence`, `source`) and `results` (`result`,
/// `count`).
pub fn values(r: &AuditResult, lang: Lang) -> Values {
    let a = &r.audit;
    let none = pick(L.none, lang);
    let or_none = |s: String| {
        if s.trim().is_empty() {
            none.to_string()
        } else {
            s
        }
    };
    let office = if a.office_name.is_empty() {
        a.office_code.clone()
    } else {
        format!("{} ({})", a.office_name, a.office_code)
    };
    let mut fields = BTreeMap::new();
    let mut put = |k: &str, v: String| {
        fields.insert(k.to_string(), v);
    };
    put("audit_id", a.audit_id.clone());
    put("audit_title", a.title.clone());
    put("office", office);
    put("dates", a.period());
    put("lead_auditor", a.lead_auditor.clone());
    put("team", a.team.join("、"));
    put("criteria", or_none(a.criteria.join("\n")));
    put("scope", scope_roots(r).join(", "));
    put(
        "exclusions",
        or_none(
            a.exclusions
                .iter()
                .map(|e| format!("{} — {}", e.id, e.justification))
                .collect::<Vec<_>>()
                .join("\n"),
        ),
    );
    put(
        "departments",
        or_none(
            r.figures
                .by_department
                .iter()
                .map(|d| dept(&d.key, lang))
                .collect::<Vec<_>>()
                .join("、"),
        ),
    );
    put("conclusion", conclusion_text(r, lang));
    put("fulfilment", fulfilment_lines(r, lang).join("\n"));
    put("nc_count", r.nonconformities.len().to_string());
    let mut lists = BTreeMap::new();
    lists.insert(
        "ncs".to_string(),
        r.nonconformities.iter().map(|f| finding(f, lang)).collect(),
    );
    lists.insert(
        "observations".to_string(),
        r.observations.iter().map(|f| finding(f, lang)).collect(),
    );
    lists.insert(
        "results".to_string(),
        Outcome::ALL
            .into_iter()
            .map(|o| {
                BTreeMap::from([
                    ("result".to_string(), o.label(lang).to_string()),
                    (
                        "count".to_string(),
                        r.figures
                            .by_result
                            .get(&o)
                            .copied()
                            .unwrap_or(0)
                            .to_string(),
                    ),
                ])
            })
            .collect(),
    );
    Values { fields, lists }
}

fn finding(f: &Finding, lang: Lang) -> BTreeMap<String, String> {
    let title = lang.pick(&f.clause_title_en, &f.clause_title_zh);
    let mut criteria = format!("GB/T 19001-2016 {} {title}", f.clause);
    if !f.procedure.is_empty() {
        criteria.push('\n');
        criteria.push_str(&f.procedure);
    }
    let mut grade = f.grade.label(lang).to_string();
    if f.grade_defaulted {
        grade.push(' ');
        grade.push_str(pick(M.f_defaulted, lang));
    }
    let box_for = |o: Outcome| if f.grade == o { "■" } else { "□" }.to_string();
    BTreeMap::from([
        ("id".to_string(), f.id.clone()),
        ("clause".to_string(), f.clause.to_string()),
        ("clause_title".to_string(), title.to_string()),
        ("criteria".to_string(), criteria),
        ("grade".to_string(), grade),
        ("major_box".to_string(), box_for(Outcome::Major)),
        ("minor_box".to_string(), box_for(Outcome::Minor)),
        ("department".to_string(), dept(&f.department, lang)),
        ("auditor".to_string(), f.auditor.clone()),
        (
            "date".to_string(),
            f.date.map(|d| d.to_string()).unwrap_or_default(),
        ),
        ("question".to_string(), f.question.clone()),
        ("statement".to_string(), f.statement.clone()),
        ("evidence".to_string(), f.evidence.clone()),
        ("source".to_string(), f.source.render(lang)),
    ])
}

// ---- the default templates, built from a few pieces of WordprocessingML ----

fn esc(s: &str) -> String {
    template::text_xml(s)
}

/// Line breaks in an already escaped label as Word line breaks.
fn breaks(s: &str) -> String {
    s.replace('\n', r#"</w:t><w:br/><w:t xml:space="preserve">"#)
}

/// A paragraph of `text` (escaped; it may hold placeholders) in `style`.
fn para(style: Option<&str>, text: &str) -> String {
    let text = breaks(text);
    let ppr = style.map_or(String::new(), |s| {
        format!(r#"<w:pPr><w:pStyle w:val="{s}"/></w:pPr>"#)
    });
    format!(r#"<w:p>{ppr}<w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>"#)
}

/// A bold run then a plain one, in one paragraph.
fn labelled(label: &str, text: &str) -> String {
    format!(
        r#"<w:p><w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">{}：</w:t></w:r><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>"#,
        esc(label)
    )
}

/// One table cell: `width` in twentieths of a point, spanning `span` grid columns; `label`
/// cells are bold and shaded.
fn cell(width: u32, span: u32, label: bool, text: &str) -> String {
    let span = if span > 1 {
        format!(r#"<w:gridSpan w:val="{span}"/>"#)
    } else {
        String::new()
    };
    let shade = if label {
        r#"<w:shd w:val="clear" w:color="auto" w:fill="F2F2F2"/>"#
    } else {
        ""
    };
    let rpr = if label { "<w:rPr><w:b/></w:rPr>" } else { "" };
    let text = breaks(text);
    format!(
        r#"<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{span}{shade}<w:vAlign w:val="top"/></w:tcPr><w:p><w:r>{rpr}<w:t xml:space="preserve">{text}</w:t></w:r></w:p></w:tc>"#
    )
}

/// A table row of at least `height` twentieths of a point (0: as the text needs), never split
/// across pages.
fn row(height: u32, cells: &[String]) -> String {
    let h = if height > 0 {
        format!(r#"<w:trHeight w:val="{height}" w:hRule="atLeast"/>"#)
    } else {
        String::new()
    };
    format!(
        r#"<w:tr><w:trPr><w:cantSplit/>{h}</w:trPr>{}</w:tr>"#,
        cells.concat()
    )
}

/// A table on the full text width (9,070 twips of A4 less margins) with these column widths.
fn table(widths: &[u32], rows: &[String], header: bool) -> String {
    let grid: String = widths
        .iter()
        .map(|w| format!(r#"<w:gridCol w:w="{w}"/>"#))
        .collect();
    let mut rows = rows.to_vec();
    if header && let Some(first) = rows.first_mut() {
        *first = first.replacen("<w:trPr>", "<w:trPr><w:tblHeader/>", 1);
    }
    format!(
        r#"<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="9070" w:type="dxa"/><w:tblLayout w:type="fixed"/></w:tblPr><w:tblGrid>{grid}</w:tblGrid>{}</w:tbl>"#,
        rows.concat()
    )
}

/// One page per nonconformity: the form an auditor signs and the auditee answers on.
fn nc_reports_body(lang: Lang) -> String {
    let t = |p| esc(pick(p, lang));
    let w = [1900, 2635, 1900, 2635];
    let full = 2635 + 1900 + 2635;
    let sign = t(L.signature_date);
    let rows = [
        row(
            500,
            &[
                cell(w[0], 1, true, &t(M.f_department)),
                cell(w[1], 1, false, "{{department}}"),
                cell(w[2], 1, true, &t(L.date)),
                cell(w[3], 1, false, "{{date}}"),
            ],
        ),
        row(
            600,
            &[
                cell(w[0], 1, true, &t(M.f_criteria)),
                cell(full, 3, false, "{{criteria}}"),
            ],
        ),
        row(
            2000,
            &[
                cell(w[0], 1, true, &t(M.f_fact)),
                cell(
                    full,
                    3,
                    false,
                    &format!(
                        "{{{{statement}}}}\n\n{}：{{{{evidence}}}}",
                        t(L.statement_and_evidence)
                    ),
                ),
            ],
        ),
        row(
            500,
            &[
                cell(w[0], 1, true, &t(M.f_grade)),
                cell(
                    full,
                    3,
                    false,
                    &format!(
                        "{{{{major_box}}}} {}　　{{{{minor_box}}}} {}",
                        esc(Outcome::Major.label(lang)),
                        esc(Outcome::Minor.label(lang))
                    ),
                ),
            ],
        ),
        row(
            800,
            &[
                cell(w[0], 1, true, &format!("{}\n{sign}", t(M.f_auditor))),
                cell(w[1], 1, false, "{{auditor}}\n{{date}}"),
                cell(w[2], 1, true, &format!("{}\n{sign}", t(L.auditee_head))),
                cell(w[3], 1, false, ""),
            ],
        ),
        row(
            1500,
            &[cell(w[0], 1, true, &t(M.f_cause)), cell(full, 3, false, "")],
        ),
        row(
            1100,
            &[
                cell(w[0], 1, true, &t(M.f_correction)),
                cell(full, 3, false, ""),
            ],
        ),
        row(
            1600,
            &[
                cell(w[0], 1, true, &t(M.f_action)),
                cell(
                    full,
                    3,
                    false,
                    &format!("\n\n\n{}：　　　　　　{}：", t(L.owner), t(L.planned)),
                ),
            ],
        ),
        row(
            1100,
            &[
                cell(w[0], 1, true, &t(M.f_verification)),
                cell(
                    full,
                    3,
                    false,
                    &format!(
                        "\n{}：　　　　{}：　　　　{}：□ {} □ {}",
                        t(L.verifier),
                        t(L.date),
                        t(L.effective),
                        t(L.effective_yes),
                        t(L.effective_no)
                    ),
                ),
            ],
        ),
    ];
    [
        para(None, "{{#ncs/page}}"),
        para(Some("Title"), &t(M.nc_report)),
        para(
            None,
            &format!(
                "{}：{{{{id}}}}　{}：{{{{office}}}}",
                t(L.nc_number),
                t(M.office)
            ),
        ),
        table(&w, &rows, false),
        para(None, "{{/ncs}}"),
    ]
    .concat()
}

/// One page per corrective action: the finding, the plan, implementation, verification, and
/// what the register recorded.
/// A page per department: whom it is for, what is late, the quality manager's signature.
fn notice_body(lang: Lang) -> String {
    let t = |p| esc(pick(p, lang));
    let w = [1900, 7170];
    [
        para(None, "{{#departments/page}}"),
        para(Some("Title"), &t(L.notice_title)),
        labelled(pick(L.notice_to, lang), "{{office}} {{department}}"),
        para(None, &t(L.notice_text)),
        table(
            &w,
            &[row(
                1500,
                &[
                    cell(w[0], 1, true, &t(L.notice_actions)),
                    cell(w[1], 1, false, "{{actions}}"),
                ],
            )],
            false,
        ),
        para(
            None,
            &format!("{}：　　　　　　{}", t(L.notice_from), t(L.signature_date)),
        ),
        para(None, "{{/departments}}"),
    ]
    .concat()
}

/// The year's audits in one table, a row each, then who prepared, reviewed and approved it.
fn programme_body(lang: Lang) -> String {
    let t = |p| esc(pick(p, lang));
    let w = [1400, 600, 1600, 3370, 2100];
    let audits = table(
        &w,
        &[
            row(
                0,
                &[
                    cell(w[0], 1, true, &t(L.p_id)),
                    cell(w[1], 1, true, &t(L.p_month)),
                    cell(w[2], 1, true, &t(L.p_office)),
                    cell(w[3], 1, true, &t(L.p_departments)),
                    cell(w[4], 1, true, &t(L.p_team)),
                ],
            ),
            row(
                0,
                &[
                    cell(w[0], 1, false, "{{#audits}}{{id}}\n{{kind}}"),
                    cell(w[1], 1, false, "{{month}}"),
                    cell(w[2], 1, false, "{{office}}\n{{dates}}"),
                    cell(w[3], 1, false, "{{departments}}"),
                    cell(w[4], 1, false, "{{team}}{{/audits}}"),
                ],
            ),
        ],
        true,
    );
    let sign_w = [3023, 3023, 3024];
    let signatures = table(
        &sign_w,
        &[
            row(
                500,
                &[
                    cell(sign_w[0], 1, true, &t(L.prepared)),
                    cell(sign_w[1], 1, true, &t(L.reviewed)),
                    cell(sign_w[2], 1, true, &t(L.approved)),
                ],
            ),
            row(
                1200,
                &[
                    cell(sign_w[0], 1, false, &format!("\n\n{}", t(L.signature_date))),
                    cell(sign_w[1], 1, false, &format!("\n\n{}", t(L.signature_date))),
                    cell(sign_w[2], 1, false, &format!("\n\n{}", t(L.signature_date))),
                ],
            ),
        ],
        false,
    );
    [
        para(Some("Title"), "{{title}}"),
        labelled(pick(L.p_programme, lang), "{{programme}}"),
        labelled(pick(L.p_basis, lang), "{{basis}}"),
        audits,
        labelled(pick(L.p_load, lang), "{{load}}"),
        para(None, ""),
        signatures,
    ]
    .concat()
}

fn car_body(lang: Lang) -> String {
    let t = |p| esc(pick(p, lang));
    let w = [1900, 2635, 1900, 2635];
    let full = 2635 + 1900 + 2635;
    let pair = |l1, v1: &str, l2, v2: &str| {
        row(
            500,
            &[
                cell(w[0], 1, true, &t(l1)),
                cell(w[1], 1, false, v1),
                cell(w[2], 1, true, &t(l2)),
                cell(w[3], 1, false, v2),
            ],
        )
    };
    let wide = |label: String, v: &str, height: u32| {
        row(
            height,
            &[cell(w[0], 1, true, &label), cell(full, 3, false, v)],
        )
    };
    let rows = [
        pair(M.f_department, "{{department}}", M.clause, "{{clause}}"),
        pair(M.grade, "{{grade}}", L.car_raised, "{{raised}}"),
        wide(
            t(M.f_fact),
            &format!(
                "{{{{statement}}}}
{}：{{{{evidence}}}}",
                t(L.statement_and_evidence)
            ),
            1500,
        ),
        wide(t(M.f_correction), "{{correction}}", 1000),
        wide(t(M.f_cause), "{{root_cause}}", 1300),
        wide(t(M.f_action), "{{action}}", 1300),
        pair(L.owner, "{{owner}}", L.car_due, "{{due}}"),
        wide(
            t(L.car_implemented),
            "{{implemented}}
{{implementation_note}}",
            900,
        ),
        wide(
            t(M.f_verification),
            &format!(
                "{}：{{{{verified_by}}}}　{}：{{{{verified}}}}　{}：{{{{verdict}}}}
{}：{{{{method}}}}",
                t(L.verifier),
                t(L.date),
                t(L.effective),
                t(L.car_method)
            ),
            900,
        ),
        pair(L.car_status, "{{status}}", L.auditor, "{{auditor}}"),
        wide(t(L.car_history), "{{history}}", 900),
    ];
    [
        para(None, "{{#actions/page}}"),
        para(Some("Title"), &t(L.car_title)),
        para(None, &format!("{}：{{{{id}}}}", t(L.nc_number))),
        table(&w, &rows, false),
        para(None, "{{/actions}}"),
    ]
    .concat()
}

/// The audit report of ISO 19011 6.5.1: a cover, the sections of `report.md`, and the
/// signatures that release it.
fn audit_report_body(lang: Lang) -> String {
    let t = |p| esc(pick(p, lang));
    let h1 = |n: u32, p| para(Some("Heading1"), &format!("{n}. {}", t(p)));
    let cover_w = [2600, 6470];
    let cover = table(
        &cover_w,
        &[
            (M.audit_id, "{{audit_id}}"),
            (M.audit_title, "{{audit_title}}"),
            (M.office, "{{office}}"),
            (M.date_range, "{{dates}}"),
            (M.lead, "{{lead_auditor}}"),
            (L.cover_team, "{{team}}"),
        ]
        .iter()
        .map(|(l, v)| {
            row(
                600,
                &[
                    cell(cover_w[0], 1, true, &t(*l)),
                    cell(cover_w[1], 1, false, v),
                ],
            )
        })
        .collect::<Vec<_>>(),
        false,
    );
    let results_w = [4535, 4535];
    let results = table(
        &results_w,
        &[
            row(
                0,
                &[
                    cell(results_w[0], 1, true, &t(M.result)),
                    cell(results_w[1], 1, true, &t(M.count)),
                ],
            ),
            row(
                0,
                &[
                    cell(results_w[0], 1, false, "{{#results}}{{result}}"),
                    cell(results_w[1], 1, false, "{{count}}{{/results}}"),
                ],
            ),
        ],
        true,
    );
    let finding_w = [1500, 900, 1100, 1300, 4270];
    let findings = |list: &str| {
        table(
            &finding_w,
            &[
                row(
                    0,
                    &[
                        cell(finding_w[0], 1, true, &t(M.id)),
                        cell(finding_w[1], 1, true, &t(M.clause)),
                        cell(finding_w[2], 1, true, &t(M.grade)),
                        cell(finding_w[3], 1, true, &t(M.department)),
                        cell(finding_w[4], 1, true, &t(M.statement)),
                    ],
                ),
                row(
                    0,
                    &[
                        cell(
                            finding_w[0],
                            1,
                            false,
                            &format!("{{{{#{list}}}}}{{{{id}}}}"),
                        ),
                        cell(finding_w[1], 1, false, "{{clause}}"),
                        cell(finding_w[2], 1, false, "{{grade}}"),
                        cell(finding_w[3], 1, false, "{{department}}"),
                        cell(
                            finding_w[4],
                            1,
                            false,
                            &format!("{{{{statement}}}}{{{{/{list}}}}}"),
                        ),
                    ],
                ),
            ],
            true,
        )
    };
    let sign_w = [3023, 3023, 3024];
    let signatures = table(
        &sign_w,
        &[
            row(
                500,
                &[
                    cell(sign_w[0], 1, true, &t(L.prepared)),
                    cell(sign_w[1], 1, true, &t(L.reviewed)),
                    cell(sign_w[2], 1, true, &t(L.approved)),
                ],
            ),
            row(
                1200,
                &[
                    cell(sign_w[0], 1, false, &format!("\n\n{}", t(L.signature_date))),
                    cell(sign_w[1], 1, false, &format!("\n\n{}", t(L.signature_date))),
                    cell(sign_w[2], 1, false, &format!("\n\n{}", t(L.signature_date))),
                ],
            ),
        ],
        false,
    );
    [
        para(Some("Title"), &t(M.title)),
        cover,
        r#"<w:p><w:r><w:br w:type="page"/></w:r></w:p>"#.to_string(),
        h1(1, M.objectives),
        para(None, &t(M.objectives_text)),
        h1(2, M.scope),
        labelled(pick(M.clauses, lang), "{{scope}}"),
        labelled(pick(M.exclusions, lang), "{{exclusions}}"),
        labelled(pick(M.departments, lang), "{{departments}}"),
        h1(3, M.criteria),
        para(None, "{{criteria}}"),
        h1(4, M.team),
        labelled(pick(M.lead, lang), "{{lead_auditor}}"),
        labelled(pick(M.members, lang), "{{team}}"),
        h1(5, M.dates),
        labelled(pick(M.date_range, lang), "{{dates}}"),
        labelled(pick(M.place, lang), "{{office}}"),
        h1(6, M.findings),
        para(Some("Heading2"), &format!("6.1 {}", t(M.counts))),
        results,
        para(Some("Heading2"), &format!("6.2 {}", t(M.ncs))),
        findings("ncs"),
        para(Some("Heading2"), &format!("6.3 {}", t(M.obs))),
        findings("observations"),
        h1(7, M.conclusions),
        para(None, "{{conclusion}}"),
        h1(8, M.fulfilment),
        para(None, "{{fulfilment}}"),
        h1(9, M.diverging),
        para(None, &t(M.to_fill)),
        h1(10, M.sampling),
        para(None, &t(M.sampling_text)),
        para(None, ""),
        signatures,
    ]
    .concat()
}

#[cfg(test)]
mod tests;
