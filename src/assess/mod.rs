//! Assessment: checklists × mapping × catalog × scope → one [`AuditResult`].
//!
//! Pure function of its input: no file is read, no clock is asked. The rules it applies:
//!
//! - Every minor or major row becomes a nonconformity with id `<audit id>-<office>-NC<nn>`,
//!   numbered by clause, then source file, sheet and row, so the same inputs give the same ids.
//!   Observations (`-OB<nn>`) and opportunities for improvement (`-OFI<nn>`) have their own series.
//! - A row whose clause is missing or not in the catalog is not assessed; it becomes an error
//!   diagnostic (unless ingestion already reported that row) and counts in no figure.
//! - Coverage and figures: see [`figures`].
//! - With a mapping, its gaps within scope become candidate findings that need the auditor's
//!   confirmation; they are never nonconformities.

mod figures;

use crate::catalog::Catalog;
use crate::model::{
    AuditInfo, AuditResult, CandidateGap, ChecklistRow, ClauseId, Date, Diagnostic, Finding,
    Ingested, Location, Mapping, Outcome, RESULT_SCHEMA_VERSION, SystemicFlag,
};
use std::collections::{BTreeMap, BTreeSet};

/// Everything one assessment needs, already read.
#[derive(Debug, Clone, Copy)]
pub struct AssessInput<'a> {
    /// Who, what and when. An empty scope means the whole catalog; missing dates are taken
    /// from the checklists.
    pub audit: &'a AuditInfo,
    /// The ingested checklists, diagnostics included.
    pub checklists: &'a [Ingested],
    /// The mapping of the office's procedures, when `--docs` was given.
    pub mapping: Option<&'a Mapping>,
    pub catalog: &'a Catalog,
}

/// A checklist row with the checklist-level facts it may fall back on.
struct Row<'a> {
    row: &'a ChecklistRow,
    clause: ClauseId,
    /// The checklist's date, else the date of a one-day audit: for undated rows.
    meta_date: Option<Date>,
    meta_auditors: &'a [String],
}

/// Assess the checklists of one audit of one office.
pub fn assess(input: &AssessInput) -> AuditResult {
    let catalog = input.catalog;
    let mut diagnostics: Vec<Diagnostic> = Vec::new();
    let mut checklists = Vec::new();
    for ing in input.checklists {
        diagnostics.extend(ing.diagnostics.iter().cloned());
        if let Some(c) = &ing.checklist {
            checklists.push(c.file.clone());
        }
    }
    checklists.sort();
    // Rows ingestion already complained about, so we do not report them twice.
    let reported: BTreeSet<(String, Option<String>, Option<u32>)> = diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| {
            (
                d.location.file.clone(),
                d.location.sheet.clone(),
                d.location.line,
            )
        })
        .collect();

    let mut audit = input.audit.clone();
    fill_audit_info(&mut audit, input, &mut diagnostics);
    let in_scope: BTreeSet<&ClauseId> = audit.scope.iter().collect();
    let excluded: BTreeSet<&ClauseId> = audit.exclusions.iter().map(|e| &e.id).collect();

    // A one-day audit dates every finding the checklists leave undated.
    let one_day = match (&audit.start_date, &audit.end_date) {
        (Some(a), Some(b)) if a == b => Some(*a),
        _ => None,
    };
    let mut rows: Vec<Row> = Vec::new();
    for c in input.checklists.iter().filter_map(|i| i.checklist.as_ref()) {
        for r in &c.rows {
            let known = r.clause.as_ref().filter(|id| catalog.contains(id));
            let Some(clause) = known else {
                let key = (r.source.file.clone(), r.source.sheet.clone(), r.source.line);
                if !reported.contains(&key) {
                    diagnostics.push(unknown_clause(catalog, r));
                }
                continue;
            };
            // An excluded clause marked N/A (or left unaudited) is what exclusion means; only a
            // judged row against it is worth a word. Ingestion already reports an NC without a
            // statement, so that is not repeated here.
            if let Some(e) = excluded.iter().find(|e| clause.is_within(e)) {
                if r.outcome.is_audited() && r.outcome != Outcome::Conform {
                    diagnostics.push(Diagnostic::warning(
                        r.source.clone(),
                        format!(
                            "clause {clause} is excluded from the audit (under {e}) but the row records {}; the row is assessed anyway",
                            r.outcome.label(crate::model::Lang::En)
                        ),
                    ));
                }
            } else if !in_scope.contains(clause) {
                diagnostics.push(
                    Diagnostic::warning(
                        r.source.clone(),
                        format!(
                            "clause {clause} is outside the audit scope; the row is assessed anyway"
                        ),
                    )
                    .with_hint("widen --scope, or remove the row"),
                );
            }
            rows.push(Row {
                row: r,
                clause: clause.clone(),
                meta_date: c.meta.date.or(one_day),
                meta_auditors: &c.meta.auditors,
            });
        }
    }
    // Clause, then file, sheet, row: the order ids are numbered in.
    rows.sort_by(|a, b| {
        (&a.clause, &a.row.source)
            .cmp(&(&b.clause, &b.row.source))
            .then(a.row.outcome.cmp(&b.row.outcome))
    });

    let prefix = format!("{}-{}", audit.audit_id, audit.office_code);
    let series = |pick: &dyn Fn(Outcome) -> bool, tag: &str| -> Vec<Finding> {
        rows.iter()
            .filter(|r| pick(r.row.outcome))
            .enumerate()
            .map(|(i, r)| finding(catalog, r, format!("{prefix}-{tag}{:02}", i + 1)))
            .collect()
    };
    let nonconformities = series(&|o| o.is_nonconformity(), "NC");
    let mut observations = series(&|o| o == Outcome::Observation, "OB");
    observations.extend(series(&|o| o == Outcome::Ofi, "OFI"));

    let systemic = systemic_flags(&nonconformities);
    let judged: Vec<(&ClauseId, &ChecklistRow)> = rows.iter().map(|r| (&r.clause, r.row)).collect();
    let (coverage, not_audited) = figures::coverage(catalog, &audit.scope, &judged);
    let figures = figures::figures(&judged);

    let mut candidate_gaps = Vec::new();
    let mut unreadable_documents = Vec::new();
    if let Some(m) = input.mapping {
        candidate_gaps = m
            .gaps
            .iter()
            .filter(|g| in_scope.contains(&g.id))
            .map(|g| CandidateGap {
                gap: g.clone(),
                needs_confirmation: true,
            })
            .collect();
        candidate_gaps.sort_by(|a, b| (&a.gap.id, a.gap.kind).cmp(&(&b.gap.id, b.gap.kind)));
        unreadable_documents = m.unreadable.clone();
        unreadable_documents.sort_by(|a, b| a.path.cmp(&b.path));
        diagnostics.extend(m.diagnostics.iter().cloned());
    }

    diagnostics.sort();
    diagnostics.dedup();
    AuditResult {
        schema_version: RESULT_SCHEMA_VERSION,
        audit,
        checklists,
        nonconformities,
        observations,
        systemic,
        coverage,
        not_audited,
        candidate_gaps,
        figures,
        unreadable_documents,
        diagnostics,
    }
}

/// Fill what the caller left empty from the checklists: id, office name, team, dates, scope.
fn fill_audit_info(audit: &mut AuditInfo, input: &AssessInput, diags: &mut Vec<Diagnostic>) {
    let lists: Vec<&crate::model::Checklist> = input
        .checklists
        .iter()
        .filter_map(|i| i.checklist.as_ref())
        .collect();
    let first_meta = |f: &dyn Fn(&crate::model::ChecklistMeta) -> Option<String>| {
        let mut v: Vec<String> = lists.iter().filter_map(|c| f(&c.meta)).collect();
        v.sort();
        v.into_iter().next()
    };
    if audit.audit_id.trim().is_empty() {
        audit.audit_id = first_meta(&|m| m.audit_id.clone()).unwrap_or_else(|| {
            diags.push(
                Diagnostic::warning(Location::file("(audit)"), "no audit id: used AUDIT")
                    .with_hint("pass --audit-id, e.g. --audit-id DGZJ-2026-IA01"),
            );
            "AUDIT".to_string()
        });
    }
    if audit.office_code.trim().is_empty() {
        diags.push(
            Diagnostic::warning(Location::file("(audit)"), "no office code: used OFFICE")
                .with_hint("pass --office, e.g. --office linhu"),
        );
        audit.office_code = "OFFICE".to_string();
    }
    if audit.office_name.trim().is_empty() {
        audit.office_name = first_meta(&|m| m.office.clone()).unwrap_or_default();
    }
    if audit.criteria.is_empty() {
        audit.criteria = lists
            .iter()
            .filter_map(|c| c.meta.criteria.clone())
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
    }
    if audit.criteria.is_empty() {
        let c = input.catalog;
        audit.criteria = vec![format!("{} / {}", c.edition, c.edition_zh)];
    }
    if audit.auditee_representative.trim().is_empty() {
        audit.auditee_representative =
            first_meta(&|m| m.auditee_representative.clone()).unwrap_or_default();
    }
    if audit.lead_auditor.trim().is_empty() {
        audit.lead_auditor = first_meta(&|m| m.lead_auditor.clone()).unwrap_or_default();
    }
    if audit.team.is_empty() {
        let mut team: BTreeSet<String> = BTreeSet::new();
        for c in &lists {
            team.extend(c.meta.auditors.iter().cloned());
            team.extend(c.rows.iter().map(|r| r.auditor.clone()));
        }
        team.remove(&audit.lead_auditor);
        team.retain(|t| !t.trim().is_empty());
        audit.team = team.into_iter().collect();
    }
    // Dates from the input, never the clock: earliest and latest date any checklist records.
    let dates: BTreeSet<Date> = lists
        .iter()
        .flat_map(|c| {
            c.meta
                .date
                .into_iter()
                .chain(c.rows.iter().filter_map(|r| r.date))
        })
        .collect();
    if audit.start_date.is_none() {
        audit.start_date = dates.first().copied();
    }
    if audit.end_date.is_none() {
        audit.end_date = dates.last().copied();
    }
    // No scope given: the one the checklist's cover states, else the whole standard.
    if audit.scope.is_empty()
        && let Some(text) = first_meta(&|m| m.scope.clone())
    {
        let spec = text
            .trim()
            .trim_start_matches("条款")
            .trim_start_matches("clauses")
            .trim_start_matches("Clauses")
            .trim_start_matches([':', '：'])
            .trim();
        match crate::catalog::parse_scope(input.catalog, spec) {
            Ok(scope) => audit.scope = scope,
            Err(e) => diags.push(
                Diagnostic::warning(
                    Location::file("(audit)"),
                    format!("the checklist's scope \"{text}\" cannot be read ({e}); the whole standard is in scope"),
                )
                .with_hint("pass --scope, e.g. --scope 7.5,8.2-8.5"),
            ),
        }
    }
    if audit.scope.is_empty() {
        audit.scope = input.catalog.iter().map(|c| c.id.clone()).collect();
    }
    audit.scope.sort();
    audit.scope.dedup();
}

fn unknown_clause(catalog: &Catalog, r: &ChecklistRow) -> Diagnostic {
    let what = r.outcome.label(crate::model::Lang::En);
    if r.clause_text.trim().is_empty() {
        Diagnostic::error(
            r.source.clone(),
            format!("row has no clause; not assessed (result: {what})"),
        )
        .with_hint("write the clause number, e.g. 7.5.3, in the clause (条款) column")
    } else {
        let hint = catalog
            .resolve(&r.clause_text)
            .err()
            .map(|e| e.hint())
            .unwrap_or_else(|| "run `isoaudit clauses` to list the clauses".to_string());
        Diagnostic::error(
            r.source.clone(),
            format!(
                "unknown clause \"{}\"; row not assessed (result: {what})",
                r.clause_text
            ),
        )
        .with_hint(hint)
    }
}

fn finding(catalog: &Catalog, r: &Row, id: String) -> Finding {
    let row = r.row;
    let clause = catalog.get(&r.clause);
    let auditor = if row.auditor.trim().is_empty() {
        r.meta_auditors.join("、")
    } else {
        row.auditor.clone()
    };
    Finding {
        id,
        clause: r.clause.clone(),
        clause_title_en: clause.map(|c| c.title_en.clone()).unwrap_or_default(),
        clause_title_zh: clause.map(|c| c.title_zh.clone()).unwrap_or_default(),
        grade: row.outcome,
        grade_defaulted: row.outcome.is_nonconformity() && !row.graded,
        procedure: row.procedure.clone(),
        question: row.question.clone(),
        evidence: row.evidence.clone(),
        statement: row.finding.clone(),
        department: row.department.clone(),
        auditor,
        date: row.date.or(r.meta_date),
        source: row.source.clone(),
    }
}

/// Two or more minors against the same clause in the same department: maybe systemic.
fn systemic_flags(ncs: &[Finding]) -> Vec<SystemicFlag> {
    let mut groups: BTreeMap<(&ClauseId, &str), Vec<String>> = BTreeMap::new();
    for f in ncs.iter().filter(|f| f.grade == Outcome::Minor) {
        groups
            .entry((&f.clause, f.department.as_str()))
            .or_default()
            .push(f.id.clone());
    }
    groups
        .into_iter()
        .filter(|(_, ids)| ids.len() >= 2)
        .map(|((clause, dept), findings)| SystemicFlag {
            clause: clause.clone(),
            department: dept.to_string(),
            findings,
        })
        .collect()
}

#[cfg(test)]
mod tests;
