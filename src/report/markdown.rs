//! `report.md`: the audit report with the contents ISO 19011:2018 6.5.1 lists (objectives,
//! scope, criteria, team and auditees, dates and places, findings with evidence, conclusions,
//! the degree to which the criteria are fulfilled, diverging opinions, the sampling statement),
//! then one 不符合报告 block per nonconformity with the fields the auditee and the auditor fill in
//! later left empty. User text is escaped: a `|` cannot break a table, HTML is shown, not run.

use super::{clause_title, labels, pick, scope_roots};
use crate::model::{AuditResult, Conformity, Finding, GapKind, Lang, Outcome};
use std::fmt::Write;

labels! {
    title: "Internal audit report", "内部审核报告";
    audit_title: "Audit", "审核名称";
    audit_id: "Audit id", "审核编号";
    office: "Office audited", "受审核单位";
    field: "Item", "项目";
    content: "Content", "内容";
    objectives: "Audit objectives", "审核目的";
    objectives_text: "To determine whether the quality management system of the office conforms to the audit criteria (ISO 9001:2015 / GB/T 19001-2016 and the office's own procedures) and is effectively implemented and maintained.", "确定受审核单位的质量管理体系是否符合审核准则（GB/T 19001-2016 / ISO 9001:2015 及本单位程序文件），并得到有效实施和保持。";
    scope: "Audit scope", "审核范围";
    clauses: "Clauses", "条款";
    exclusions: "Exclusions", "删减";
    departments: "Departments audited", "受审核部门";
    criteria: "Audit criteria", "审核准则";
    team: "Audit team and auditees", "审核组及受审核方";
    lead: "Lead auditor", "审核组长";
    members: "Auditors", "审核员";
    auditee_rep: "Auditee representative", "受审核方代表";
    dates: "Dates and places", "审核日期及地点";
    date_range: "Dates", "日期";
    place: "Place", "地点";
    checklists: "Checklists", "检查表";
    findings: "Audit findings", "审核发现";
    counts: "Results of the checklist rows", "检查项结论统计";
    result: "Result", "结论";
    count: "Rows", "项数";
    ncs: "Nonconformities", "不符合项";
    obs: "Observations and opportunities for improvement", "观察项与改进机会";
    id: "Id", "编号";
    clause: "Clause", "条款";
    grade: "Grade", "性质";
    department: "Department", "部门";
    statement: "Statement", "不符合描述";
    description: "Description", "描述";
    evidence: "Objective evidence", "客观证据";
    systemic: "Possible systemic issues (for the audit team to judge; not regraded)", "可能的系统性问题（由审核组判断，未自动升级）";
    systemic_line: "minor nonconformities against the same clause in the same department", "项一般不符合，同一条款、同一部门";
    gaps: "Candidate findings from the procedure mapping (need the auditor's confirmation; not nonconformities)", "程序文件映射发现的待确认问题（须审核员确认，不计为不符合）";
    gap_not_covered: "no procedure maps to the clause", "无程序文件对应该条款";
    gap_missing_doc: "required documented information not found", "未发现要求的成文信息";
    gap_only_weak: "only weak evidence maps a procedure to the clause", "仅有弱证据将程序文件对应到该条款";
    not_audited: "Clauses in scope not audited", "审核范围内未审核的条款";
    attention: "Checklist rows needing the auditor's attention (not assessed: neither findings nor \"not audited\")", "需审核员处理的检查项（未评定：既不计为发现，也不计为未审核）";
    none: "None.", "无。";
    outside: "Findings against clauses not in the catalog (another standard's clauses; counted in no ISO 9001 figure)", "条款不在目录中的审核发现（其他标准的条款，不计入 ISO 9001 的各项统计）";
    clause_as_written: "Clause (as written; not in the catalog)", "条款（照录，不在目录中）";
    conclusions: "Audit conclusions", "审核结论";
    conclusion_text: "The audit judged {judged} checklist rows for conformity: {conform} conform, {minor} minor and {major} major nonconformities; besides, {obs} observations and {ofi} opportunities for improvement were recorded.", "本次审核对 {judged} 个检查项作出符合性判定：符合 {conform} 项，一般不符合 {minor} 项，严重不符合 {major} 项；此外记录观察项 {obs} 项、改进机会 {ofi} 项。";
    by_chapter: "Conformity by clause chapter", "按条款章节的符合情况";
    by_department: "Conformity by department", "按部门的符合情况";
    chapter: "Chapter", "章节";
    audited: "Audited", "已审核";
    rate: "Conformity rate", "符合率";
    fulfilment: "Degree to which the audit criteria are fulfilled", "审核准则的满足程度";
    fulfilment_rate: "{rate}% of the rows judged for conformity conform to the criteria ({conform} of {judged}).", "作出符合性判定的 {judged} 项中，符合审核准则的 {conform} 项，占 {rate}%。";
    fulfilment_none: "No row was judged conform or nonconforming; the degree of fulfilment cannot be stated.", "没有判定为符合或不符合的检查项，无法说明满足程度。";
    fulfilment_major: "Major nonconformities were found: the system does not fulfil the criteria where they apply until they are corrected.", "存在严重不符合：在其纠正之前，相关方面不满足审核准则。";
    fulfilment_minor: "No major nonconformity was found; the minor ones need correction and corrective action.", "未发现严重不符合；一般不符合需纠正并采取纠正措施。";
    fulfilment_clean: "No nonconformity was found in the rows audited.", "所审核的检查项中未发现不符合。";
    diverging: "Unresolved diverging opinions", "未解决的分歧意见";
    to_fill: "(to be completed by the audit team)", "（由审核组填写）";
    sampling: "Sampling statement", "抽样声明";
    sampling_text: "An audit examines a sample of the information available. The evidence collected may not represent everything the office does, so nonconformities may exist in areas or records that were not sampled.", "审核基于对可获得信息的抽样。所收集的审核证据不一定能代表受审核方的全部活动，未抽样的区域或记录中仍可能存在不符合。";
    diagnostics: "Input problems", "输入问题";
    nc_reports: "Nonconformity reports", "不符合报告";
    nc_report: "Nonconformity report", "不符合报告";
    f_department: "Department audited", "受审核部门";
    f_criteria: "Audit criteria / clause", "审核准则/条款";
    f_question: "Question", "审核内容";
    f_fact: "Description of the nonconformity", "不符合事实描述";
    f_grade: "Nature (grade)", "不符合性质";
    f_defaulted: "(no grade written; treated as minor)", "（未注明性质，按一般不符合处理）";
    f_auditor: "Auditor / date", "审核员/日期";
    f_confirm: "Auditee's confirmation", "受审核方确认";
    f_correction: "Correction", "纠正";
    f_cause: "Cause analysis", "原因分析";
    f_action: "Corrective action", "纠正措施";
    f_verification: "Verification", "验证";
    f_source: "Source", "来源";
    unspecified: "(unspecified)", "（未注明）";
}

/// The audit report in Markdown, every label in `lang`.
pub fn to_markdown(r: &AuditResult, lang: Lang) -> String {
    let t = |p| pick(p, lang);
    let a = &r.audit;
    let mut s = String::new();
    let w = &mut s;
    let office = if a.office_name.is_empty() {
        a.office_code.clone()
    } else {
        format!("{} ({})", a.office_name, a.office_code)
    };
    let _ = writeln!(w, "# {} — {}\n", t(L.title), esc(&office));
    table_head(w, &[t(L.field), t(L.content)]);
    row(w, &[t(L.audit_id), &esc(&a.audit_id)]);
    if !a.title.is_empty() {
        row(w, &[t(L.audit_title), &esc(&a.title)]);
    }
    row(w, &[t(L.office), &esc(&office)]);
    row(w, &[t(L.date_range), &esc(&dates(r))]);
    s.push('\n');

    let _ = writeln!(s, "## 1. {}\n\n{}\n", t(L.objectives), t(L.objectives_text));

    let _ = writeln!(s, "## 2. {}\n", t(L.scope));
    let _ = writeln!(s, "- {}: {}", t(L.clauses), scope_roots(r).join(", "));
    for e in &a.exclusions {
        let _ = writeln!(
            s,
            "- {}: {} — {}",
            t(L.exclusions),
            e.id,
            esc(&e.justification)
        );
    }
    let depts: Vec<String> = r
        .figures
        .by_department
        .iter()
        .map(|d| dept(&d.key, lang))
        .collect();
    let _ = writeln!(
        s,
        "- {}: {}\n",
        t(L.departments),
        join_or_none(&depts, lang)
    );

    let _ = writeln!(s, "## 3. {}\n", t(L.criteria));
    if a.criteria.is_empty() {
        let _ = writeln!(s, "{}", t(L.none));
    }
    for c in &a.criteria {
        let _ = writeln!(s, "- {}", esc(c));
    }
    s.push('\n');

    let _ = writeln!(s, "## 4. {}\n", t(L.team));
    let _ = writeln!(s, "- {}: {}", t(L.lead), esc(&a.lead_auditor));
    let _ = writeln!(s, "- {}: {}", t(L.members), esc(&a.team.join(", ")));
    let _ = writeln!(
        s,
        "- {}: {}\n",
        t(L.auditee_rep),
        esc(&a.auditee_representative)
    );

    let _ = writeln!(s, "## 5. {}\n", t(L.dates));
    let _ = writeln!(s, "- {}: {}", t(L.date_range), esc(&dates(r)));
    let _ = writeln!(s, "- {}: {}", t(L.place), esc(&office));
    let _ = writeln!(
        s,
        "- {}: {}\n",
        t(L.checklists),
        esc(&r.checklists.join(", "))
    );

    findings_section(&mut s, r, lang);
    conclusions_section(&mut s, r, lang);

    let _ = writeln!(s, "## 9. {}\n\n{}\n", t(L.diverging), t(L.to_fill));
    let _ = writeln!(s, "## 10. {}\n\n{}\n", t(L.sampling), t(L.sampling_text));

    if !r.diagnostics.is_empty() || !r.unreadable_documents.is_empty() {
        let _ = writeln!(s, "## 11. {}\n", t(L.diagnostics));
        for d in &r.diagnostics {
            let _ = writeln!(s, "- {}", esc(&d.render(lang)).replace('\n', " — "));
        }
        // A document the mapping could not read is usually a diagnostic already: said once.
        for u in &r.unreadable_documents {
            if r.diagnostics.iter().any(|d| d.location.file == u.path) {
                continue;
            }
            let _ = writeln!(s, "- {}: {}", esc(&u.path), esc(&u.reason.render(lang)));
        }
        s.push('\n');
    }

    if !r.nonconformities.is_empty() {
        let _ = writeln!(s, "# {}\n", t(L.nc_reports));
        for f in &r.nonconformities {
            nc_block(&mut s, f, lang);
        }
    }
    s
}

fn findings_section(s: &mut String, r: &AuditResult, lang: Lang) {
    let t = |p| pick(p, lang);
    let _ = writeln!(s, "## 6. {}\n", t(L.findings));
    let _ = writeln!(s, "### 6.1 {}\n", t(L.counts));
    table_head(s, &[t(L.result), t(L.count)]);
    for o in Outcome::ALL {
        let n = r.figures.by_result.get(&o).copied().unwrap_or(0);
        row(s, &[o.label(lang), &n.to_string()]);
    }
    s.push('\n');

    let _ = writeln!(s, "### 6.2 {}\n", t(L.ncs));
    finding_table(s, &r.nonconformities, lang);
    let _ = writeln!(s, "### 6.3 {}\n", t(L.obs));
    finding_table(s, &r.observations, lang);

    let _ = writeln!(s, "### 6.4 {}\n", t(L.systemic));
    if r.systemic.is_empty() {
        let _ = writeln!(s, "{}", t(L.none));
    }
    for f in &r.systemic {
        let _ = writeln!(
            s,
            "- {} {} / {}: {} {} ({})",
            f.clause,
            esc(&clause_title(r, &f.clause, lang)),
            esc(&dept(&f.department, lang)),
            f.findings.len(),
            t(L.systemic_line),
            esc(&f.findings.join(", "))
        );
    }
    s.push('\n');

    let _ = writeln!(s, "### 6.5 {}\n", t(L.gaps));
    if r.candidate_gaps.is_empty() {
        let _ = writeln!(s, "{}", t(L.none));
    }
    for g in &r.candidate_gaps {
        // A clause no document covers needs no more words; a missing document says which.
        let what = match g.gap.kind {
            GapKind::NotCovered => t(L.gap_not_covered).to_string(),
            GapKind::MissingDocumentedInformation => {
                format!("{} — {}", t(L.gap_missing_doc), esc(g.gap.detail(lang)))
            }
            GapKind::OnlyWeak => format!("{} — {}", t(L.gap_only_weak), esc(g.gap.detail(lang))),
        };
        let _ = writeln!(
            s,
            "- {} {}: {what}",
            g.gap.id,
            esc(&clause_title(r, &g.gap.id, lang)),
        );
    }
    s.push('\n');

    let _ = writeln!(s, "### 6.6 {}\n", t(L.not_audited));
    let ids: Vec<String> = r.not_audited.iter().map(|c| c.to_string()).collect();
    let _ = writeln!(s, "{}\n", join_or_none(&ids, lang));

    if !r.attention.is_empty() {
        let _ = writeln!(s, "### 6.7 {}\n", t(L.attention));
        for a in &r.attention {
            let _ = writeln!(
                s,
                "- {}: {} {} — {}",
                esc(&a.source.render(lang)),
                t(L.clause),
                esc(&a.clause),
                esc(&a.reason.render(lang))
            );
        }
        s.push('\n');
    }

    if !r.outside_catalog.is_empty() {
        // Numbered after the rows needing attention, when there are any.
        let n = if r.attention.is_empty() { 7 } else { 8 };
        let _ = writeln!(s, "### 6.{n} {}\n", t(L.outside));
        table_head(
            s,
            &[
                t(L.clause_as_written),
                t(L.grade),
                t(L.statement),
                t(L.evidence),
                t(L.department),
                t(L.f_source),
            ],
        );
        for f in &r.outside_catalog {
            row(
                s,
                &[
                    &esc(&f.clause),
                    f.grade.label(lang),
                    &esc(&f.statement),
                    &esc(&f.evidence),
                    &esc(&f.department),
                    &esc(&f.source.render(lang)),
                ],
            );
        }
        s.push('\n');
    }
}

fn finding_table(s: &mut String, fs: &[Finding], lang: Lang) {
    let t = |p| pick(p, lang);
    if fs.is_empty() {
        let _ = writeln!(s, "{}\n", t(L.none));
        return;
    }
    table_head(
        s,
        &[
            t(L.id),
            t(L.clause),
            t(L.grade),
            t(L.department),
            t(L.evidence),
            // An observation or OFI is described, not stated as a nonconformity.
            if fs.iter().all(|f| f.grade.is_nonconformity()) {
                t(L.statement)
            } else {
                t(L.description)
            },
        ],
    );
    for f in fs {
        row(
            s,
            &[
                &esc(&f.id),
                &format!("{} {}", f.clause, esc(title(f, lang))),
                f.grade.label(lang),
                &esc(&dept(&f.department, lang)),
                &esc(&f.evidence),
                &esc(&f.statement),
            ],
        );
    }
    s.push('\n');
}

fn conclusions_section(s: &mut String, r: &AuditResult, lang: Lang) {
    let t = |p| pick(p, lang);
    let _ = writeln!(
        s,
        "## 7. {}\n\n{}\n",
        t(L.conclusions),
        conclusion_text(r, lang)
    );
    let _ = writeln!(s, "### 7.1 {}\n", t(L.by_chapter));
    conformity_table(s, &r.figures.by_chapter, t(L.chapter), lang, |k| {
        super::chapter_label(r, k, lang)
    });
    let _ = writeln!(s, "### 7.2 {}\n", t(L.by_department));
    conformity_table(s, &r.figures.by_department, t(L.department), lang, |k| {
        dept(k, lang)
    });

    let _ = writeln!(s, "## 8. {}\n", t(L.fulfilment));
    for line in fulfilment_lines(r, lang) {
        let _ = writeln!(s, "{line}");
    }
    s.push('\n');
}

/// The audit's conclusion in one sentence: the rows judged and what was found.
pub(crate) fn conclusion_text(r: &AuditResult, lang: Lang) -> String {
    let n = |o| r.figures.by_result.get(&o).copied().unwrap_or(0);
    // Judged for conformity: conform or nonconforming; observations and OFIs come besides.
    let judged = n(Outcome::Conform) + n(Outcome::Minor) + n(Outcome::Major);
    pick(L.conclusion_text, lang)
        .replace("{judged}", &judged.to_string())
        .replace("{conform}", &n(Outcome::Conform).to_string())
        .replace("{minor}", &n(Outcome::Minor).to_string())
        .replace("{major}", &n(Outcome::Major).to_string())
        .replace("{obs}", &n(Outcome::Observation).to_string())
        .replace("{ofi}", &n(Outcome::Ofi).to_string())
}

/// The degree to which the criteria are fulfilled: the rate, then the verdict.
pub(crate) fn fulfilment_lines(r: &AuditResult, lang: Lang) -> Vec<String> {
    let t = |p| pick(p, lang);
    let n = |o| r.figures.by_result.get(&o).copied().unwrap_or(0);
    let (conform, minor, major) = (n(Outcome::Conform), n(Outcome::Minor), n(Outcome::Major));
    if conform + minor + major == 0 {
        return vec![t(L.fulfilment_none).to_string()];
    }
    let rate = conform as f64 * 100.0 / (conform + minor + major) as f64;
    let verdict = if major > 0 {
        L.fulfilment_major
    } else if minor > 0 {
        L.fulfilment_minor
    } else {
        L.fulfilment_clean
    };
    vec![
        t(L.fulfilment_rate)
            .replace("{rate}", &format!("{rate:.1}"))
            .replace("{conform}", &conform.to_string())
            .replace("{judged}", &(conform + minor + major).to_string()),
        t(verdict).to_string(),
    ]
}

fn conformity_table(
    s: &mut String,
    rows: &[Conformity],
    key: &str,
    lang: Lang,
    name: impl Fn(&str) -> String,
) {
    table_head(
        s,
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
    );
    for c in rows {
        let rate = c.rate.map(|r| format!("{r:.1}%")).unwrap_or("—".into());
        row(
            s,
            &[
                &esc(&name(&c.key)),
                &c.audited.to_string(),
                &c.conform.to_string(),
                &c.minor.to_string(),
                &c.major.to_string(),
                &c.observation.to_string(),
                &c.ofi.to_string(),
                &rate,
            ],
        );
    }
    s.push('\n');
}

/// One nonconformity in the usual 不符合报告 form, with empty fields for what comes later.
fn nc_block(s: &mut String, f: &Finding, lang: Lang) {
    let t = |p| pick(p, lang);
    let _ = writeln!(s, "## {} {}\n", t(L.nc_report), esc(&f.id));
    let mut criteria = format!("{} {}", f.clause, esc(title(f, lang)));
    if !f.procedure.is_empty() {
        criteria.push_str("; ");
        criteria.push_str(&esc(&f.procedure));
    }
    let mut grade = f.grade.label(lang).to_string();
    if f.grade_defaulted {
        grade.push(' ');
        grade.push_str(t(L.f_defaulted));
    }
    let who = match &f.date {
        Some(d) => format!("{} / {d}", esc(&f.auditor)),
        None => esc(&f.auditor),
    };
    table_head(s, &[t(L.field), t(L.content)]);
    row(s, &[t(L.f_department), &esc(&dept(&f.department, lang))]);
    row(s, &[t(L.f_criteria), &criteria]);
    if !f.question.is_empty() {
        row(s, &[t(L.f_question), &esc(&f.question)]);
    }
    row(s, &[t(L.f_fact), &esc(&f.statement)]);
    row(s, &[t(L.evidence), &esc(&f.evidence)]);
    row(s, &[t(L.f_grade), &grade]);
    row(s, &[t(L.f_auditor), &who]);
    for empty in [
        L.f_confirm,
        L.f_correction,
        L.f_cause,
        L.f_action,
        L.f_verification,
    ] {
        row(s, &[t(empty), " "]);
    }
    row(s, &[t(L.f_source), &esc(&f.source.render(lang))]);
    s.push('\n');
}

fn title(f: &Finding, lang: Lang) -> &str {
    lang.pick(&f.clause_title_en, &f.clause_title_zh)
}

fn dates(r: &AuditResult) -> String {
    r.audit.period()
}

pub(crate) fn dept(d: &str, lang: Lang) -> String {
    if d.trim().is_empty() {
        pick(L.unspecified, lang).to_string()
    } else {
        d.to_string()
    }
}

fn join_or_none(items: &[String], lang: Lang) -> String {
    if items.is_empty() {
        pick(L.none, lang).to_string()
    } else {
        esc(&items.join(", "))
    }
}

/// A table's header row and its rule; the cells must already be escaped.
pub(crate) fn table_head(s: &mut String, cells: &[&str]) {
    row(s, cells);
    let _ = writeln!(s, "|{}", " --- |".repeat(cells.len()));
}

/// One table row; the cells must already be escaped.
pub(crate) fn row(s: &mut String, cells: &[&str]) {
    s.push('|');
    for c in cells {
        let _ = write!(s, " {c} |");
    }
    s.push('\n');
}

/// User text made safe for a Markdown table cell or list item: HTML shown rather than run, `|`
/// cannot end the cell, line breaks kept as `<br>`, and the characters that make links, images,
/// emphasis and code escaped, so `[text](url)` or `![img](url)` in a checklist cell stays text
/// (no live link, no remote image fetched when the report is opened).
pub(crate) fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.trim().chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '|' => out.push_str("\\|"),
            '\\' => out.push_str("\\\\"),
            '[' | ']' | '(' | ')' | '!' | '*' | '_' | '`' | '~' | '#' => {
                out.push('\\');
                out.push(c);
            }
            '\r' => {}
            '\n' => out.push_str("<br>"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The conclusion's figures add up to what it says was judged, and the rate names its
    /// denominator.
    #[test]
    fn conclusion_figures_add_up() {
        let mut r = AuditResult::default();
        for (o, n) in [
            (Outcome::Conform, 10),
            (Outcome::Minor, 4),
            (Outcome::Major, 1),
            (Outcome::Observation, 2),
            (Outcome::Ofi, 2),
            (Outcome::NotApplicable, 1),
        ] {
            r.figures.by_result.insert(o, n);
        }
        let c = conclusion_text(&r, Lang::Zh);
        assert!(
            c.starts_with(
                "本次审核对 15 个检查项作出符合性判定：符合 10 项，一般不符合 4 项，严重不符合 1 项"
            ),
            "{c}"
        );
        assert!(c.contains("此外记录观察项 2 项、改进机会 2 项"), "{c}");
        let f = fulfilment_lines(&r, Lang::En);
        assert_eq!(
            f[0],
            "66.7% of the rows judged for conformity conform to the criteria (10 of 15)."
        );
    }

    #[test]
    fn escapes_pipes_and_html() {
        assert_eq!(
            esc("a|b <script>x</script> & c\nd"),
            "a\\|b &lt;script&gt;x&lt;/script&gt; &amp; c<br>d"
        );
    }

    #[test]
    fn links_images_and_emphasis_stay_text() {
        assert_eq!(
            esc("见[通知](http://x.cn/a) ![图](http://x.cn/p.png) *重要* `code` ~~删~~ #1"),
            "见\\[通知\\]\\(http://x.cn/a\\) \\!\\[图\\]\\(http://x.cn/p.png\\) \\*重要\\* \\`code\\` \\~\\~删\\~\\~ \\#1"
        );
    }

    #[test]
    fn empty_result_renders_both_languages() {
        let r = AuditResult::default();
        let en = to_markdown(&r, Lang::En);
        assert!(en.contains("## 10. Sampling statement"));
        let zh = to_markdown(&r, Lang::Zh);
        assert!(zh.contains("## 10. 抽样声明"));
        assert!(!zh.contains("Sampling"));
    }
}
