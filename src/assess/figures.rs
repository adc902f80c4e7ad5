//! Coverage of the scope and the conformity figures.
//!
//! How rows count:
//! - A row against a clause covers that clause and every clause above it: coverage figures
//!   roll up, so 7.5 shows the rows of 7.5, 7.5.1, … 7.5.3.2 together.
//! - A row against a parent clause (7.5) covers the parent only, never its sub-clauses: a general
//!   question about 7.5 has not sampled the controls 7.5.3 asks for. Those sub-clauses stay in
//!   `not_audited` until a row names them.
//! - A clause is audited when a row at or below it has any result other than "not audited"
//!   (N/A counts: the auditor looked and judged it not applicable).
//! - Each row counts once toward its chapter (4–10) and once toward its department; figures
//!   count only rows whose clause is known.

use crate::catalog::Catalog;
use crate::model::{ChecklistRow, ClauseCoverage, ClauseId, Conformity, Figures, Outcome};
use std::collections::BTreeMap;

/// Coverage of every clause in `scope`, and the clauses in scope no row audited.
pub(super) fn coverage(
    catalog: &Catalog,
    scope: &[ClauseId],
    rows: &[(&ClauseId, &ChecklistRow)],
) -> (Vec<ClauseCoverage>, Vec<ClauseId>) {
    let mut coverage = Vec::new();
    let mut not_audited = Vec::new();
    for id in scope {
        let mut results: BTreeMap<Outcome, u32> = BTreeMap::new();
        let mut n = 0;
        for (_, r) in rows.iter().filter(|(c, _)| c.is_within(id)) {
            n += 1;
            *results.entry(r.outcome).or_default() += 1;
        }
        if !results.keys().any(|o| *o != Outcome::NotAudited) {
            not_audited.push(id.clone());
        }
        let clause = catalog.get(id);
        coverage.push(ClauseCoverage {
            id: id.clone(),
            title_en: clause.map(|c| c.title_en.clone()).unwrap_or_default(),
            title_zh: clause.map(|c| c.title_zh.clone()).unwrap_or_default(),
            rows: n,
            results,
        });
    }
    (coverage, not_audited)
}

/// Counts by result, and conformity per chapter and per department. The chapters are those
/// the scope reaches into (a scope of 7.5 and 8.4 shows 7 and 8, not 4 to 10), and any other
/// a row was judged against, each with its title.
pub(super) fn figures(
    catalog: &Catalog,
    scope: &[ClauseId],
    rows: &[(&ClauseId, &ChecklistRow)],
) -> Figures {
    let mut by_result: BTreeMap<Outcome, u32> = BTreeMap::new();
    let chapter = |c: u8| {
        let title = c
            .to_string()
            .parse::<ClauseId>()
            .ok()
            .and_then(|id| catalog.get(&id));
        Conformity {
            key: c.to_string(),
            title_en: title.map(|t| t.title_en.clone()).unwrap_or_default(),
            title_zh: title.map(|t| t.title_zh.clone()).unwrap_or_default(),
            ..Default::default()
        }
    };
    let mut chapters: BTreeMap<u8, Conformity> = scope
        .iter()
        .map(|id| (id.chapter(), chapter(id.chapter())))
        .collect();
    let mut departments: BTreeMap<&str, Conformity> = BTreeMap::new();
    for (clause, r) in rows {
        *by_result.entry(r.outcome).or_default() += 1;
        let ch = chapters
            .entry(clause.chapter())
            .or_insert_with(|| chapter(clause.chapter()));
        add(ch, r.outcome);
        let d = departments
            .entry(r.department.as_str())
            .or_insert_with(|| Conformity {
                key: r.department.clone(),
                ..Default::default()
            });
        add(d, r.outcome);
        if !r.auditor.trim().is_empty() && !d.auditors.iter().any(|a| a == r.auditor.trim()) {
            d.auditors.push(r.auditor.trim().to_string());
        }
        if r.outcome != Outcome::NotAudited && !d.clauses.contains(clause) {
            d.clauses.push((*clause).clone());
        }
    }
    let finish = |mut c: Conformity| {
        let judged = c.conform + c.minor + c.major;
        c.rate = (judged > 0).then(|| (c.conform as f64 * 1000.0 / judged as f64).round() / 10.0);
        c.auditors.sort();
        c.clauses.sort();
        c
    };
    Figures {
        rows: rows.len() as u32,
        by_result,
        by_chapter: chapters.into_values().map(finish).collect(),
        by_department: departments.into_values().map(finish).collect(),
    }
}

fn add(c: &mut Conformity, o: Outcome) {
    if o.is_audited() {
        c.audited += 1;
    }
    match o {
        Outcome::Conform => c.conform += 1,
        Outcome::Minor => c.minor += 1,
        Outcome::Major => c.major += 1,
        Outcome::Observation => c.observation += 1,
        Outcome::Ofi => c.ofi += 1,
        Outcome::NotApplicable | Outcome::NotAudited => {}
    }
}
