//! Assessment: checklists × mapping × catalog × scope → one [`AuditResult`].
//!
//! Pure function of its input: no file is read, no clock is asked. The rules it applies:
//!
//! - Every minor or major row becomes a nonconformity with id `<audit id>-<office>-NC<nn>`,
//!   numbered by clause, then source file, sheet and row, so the same inputs give the same ids.
//!   Observations (`-OB<nn>`) and opportunities for improvement (`-OFI<nn>`) have their own series.
//!   That id is a display number: an edit elsewhere in the checklist can move it. A finding's
//!   identity is its [`Finding::key`] (see [`finding_key`]), which no edit of another row, of its
//!   result, grade, clause or wording changes; [`keep_labels`] carries display numbers over from
//!   an earlier result of the same audit, and the register matches findings by key.
//! - A row whose clause is missing, or a number the catalog lacks, is not assessed; it becomes
//!   an error diagnostic (unless ingestion already reported that row) and counts in no figure.
//!   A row citing no ISO 9001 clause number at all (another standard's `A.5.1`) keeps its
//!   finding in [`AuditResult::outside_catalog`], also outside every figure.
//! - Coverage and figures: see [`figures`].
//! - With a mapping, its gaps within scope become candidate findings that need the auditor's
//!   confirmation; they are never nonconformities.

mod figures;

use crate::catalog::Catalog;
use crate::model::{
    AuditInfo, AuditResult, CandidateGap, ChecklistRow, ClauseId, Date, Diagnostic, Finding,
    Ingested, Lang, Location, Mapping, Outcome, RESULT_SCHEMA_VERSION, Say, SystemicFlag, Text,
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
    /// The finding's identity, should the row be one (see [`finding_key`]).
    key: String,
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
    let mut attention: Vec<crate::model::AttentionRow> = Vec::new();
    let mut attended: BTreeSet<ClauseId> = BTreeSet::new();
    let mut outside_catalog: Vec<crate::model::OutsideFinding> = Vec::new();
    let lists: Vec<&crate::model::Checklist> = input
        .checklists
        .iter()
        .filter_map(|i| i.checklist.as_ref())
        .collect();
    // Two checklists of one office with the same file name (in different folders) are told
    // apart by their whole path; otherwise the file name alone, so a moved folder keeps keys.
    let mut names: BTreeMap<&str, u32> = BTreeMap::new();
    for c in &lists {
        *names.entry(file_name(&c.file)).or_default() += 1;
    }
    for c in lists {
        let file = match names.get(file_name(&c.file)) {
            Some(1) => file_name(&c.file),
            _ => c.file.as_str(),
        };
        let keys = row_keys(file, &c.rows);
        for (r, key) in c.rows.iter().zip(keys) {
            // A row that cannot be assessed as written is listed for the auditor (ingestion
            // reported it as an error) and counts in no figure: never a finding with an empty
            // statement, never "not audited".
            if let Some(why) = &r.attention {
                attention.push(crate::model::AttentionRow {
                    clause: r.clause_text.clone(),
                    result: r.outcome.key().to_string(),
                    reason: why.clone(),
                    source: r.source.clone(),
                });
                if let Some(c) = &r.clause {
                    attended.insert(c.clone());
                }
                continue;
            }
            let known = r.clause.as_ref().filter(|id| catalog.contains(id));
            // Another standard's clause (ingestion said so once for the file): its finding is
            // kept as written; a conforming or unaudited row of it says nothing more.
            if known.is_none()
                && !r.clause_text.trim().is_empty()
                && crate::ingest::vocab::cites_another_standard(&r.clause_text)
            {
                if r.outcome.is_nonconformity()
                    || matches!(r.outcome, Outcome::Observation | Outcome::Ofi)
                {
                    outside_catalog.push(crate::model::OutsideFinding {
                        clause: r.clause_text.clone(),
                        grade: r.outcome,
                        question: r.question.clone(),
                        evidence: r.evidence.clone(),
                        statement: r.finding.clone(),
                        department: r.department.clone(),
                        auditor: if r.auditor.trim().is_empty() {
                            c.meta.auditors.join("、")
                        } else {
                            r.auditor.clone()
                        },
                        date: r.date.or(c.meta.date).or(one_day),
                        source: r.source.clone(),
                    });
                }
                continue;
            }
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
                        Text::new(Say::ClauseExcluded)
                            .with("clause", clause)
                            .with("exclusion", e)
                            .with2(
                                "result",
                                r.outcome.label(Lang::En),
                                r.outcome.label(Lang::Zh),
                            ),
                    ));
                }
            } else if !in_scope.contains(clause) {
                diagnostics.push(
                    Diagnostic::warning(
                        r.source.clone(),
                        Text::new(Say::ClauseOutsideScope).with("clause", clause),
                    )
                    .with_hint(Text::new(Say::ClauseOutsideScopeHint)),
                );
            }
            rows.push(Row {
                row: r,
                clause: clause.clone(),
                key,
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

    // Without any date the register cannot count a due date: say so now, not at sync time.
    let undated = nonconformities
        .iter()
        .chain(&observations)
        .filter(|f| f.date.is_none())
        .count();
    if undated > 0 && audit.start_date.is_none() && audit.end_date.is_none() {
        diagnostics.push(
            Diagnostic::warning(
                Location::audit(),
                Text::new(Say::NoAuditDate).with("n", undated),
            )
            .with_hint(Text::new(Say::NoAuditDateHint)),
        );
    }

    let systemic = systemic_flags(&nonconformities);
    let judged: Vec<(&ClauseId, &ChecklistRow)> = rows.iter().map(|r| (&r.clause, r.row)).collect();
    let (coverage, mut not_audited) = figures::coverage(catalog, &audit.scope, &judged);
    // A clause whose row needs attention was looked at: not listed as "not audited" (a row
    // covers its clause and the clauses above it).
    not_audited.retain(|c| !attended.iter().any(|a| a.is_within(c)));
    attention.sort_by(|a, b| a.source.cmp(&b.source));
    let figures = figures::figures(catalog, &audit.scope, &judged);

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
    crate::ingest::cap_diagnostics_per_file(&mut diagnostics);
    diagnostics.sort();
    AuditResult {
        schema_version: RESULT_SCHEMA_VERSION,
        audit,
        checklists,
        nonconformities,
        observations,
        systemic,
        coverage,
        not_audited,
        attention,
        outside_catalog,
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
                Diagnostic::warning(Location::audit(), Text::new(Say::NoAuditId))
                    .with_hint(Text::new(Say::NoAuditIdHint)),
            );
            "AUDIT".to_string()
        });
    }
    if audit.office_code.trim().is_empty() {
        diags.push(
            Diagnostic::warning(Location::audit(), Text::new(Say::NoOfficeCode))
                .with_hint(Text::new(Say::NoOfficeCodeHint)),
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
                    Location::audit(),
                    Text::new(Say::ScopeUnreadable)
                        .with("value", &text)
                        .with_text("reason", &e.message),
                )
                .with_hint(Text::new(Say::ScopeUnreadableHint)),
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
    let (en, zh) = (r.outcome.label(Lang::En), r.outcome.label(Lang::Zh));
    if r.clause_text.trim().is_empty() {
        Diagnostic::error(
            r.source.clone(),
            Text::new(Say::RowNoClauseNotAssessed).with2("result", en, zh),
        )
        .with_hint(Text::new(Say::RowNoClauseNotAssessedHint))
    } else {
        let hint = catalog
            .resolve(&r.clause_text)
            .err()
            .map(|e| crate::catalog::nearest_hint(&e.nearest))
            .unwrap_or_else(|| Text::new(Say::ClausesListHint));
        Diagnostic::error(
            r.source.clone(),
            Text::new(Say::UnknownClauseNotAssessed)
                .with("value", &r.clause_text)
                .with2("result", en, zh),
        )
        .with_hint(hint)
    }
}

/// The file name of a path as written (either separator).
fn file_name(path: &str) -> &str {
    path.rsplit(['/', '\\']).next().unwrap_or(path)
}

/// The identity of every row of one checklist file, in row order.
///
/// A row is known by what the audit cannot change about it: the checklist file (its name),
/// the sheet, and the row's own question (else its own number 序号, else its clause as
/// written), with a count among rows of the same file and sheet that share that text. So
/// inserting, deleting or re-grading another row, or changing this row's result, grade,
/// clause, evidence or statement, keeps the key; editing the question itself makes it another
/// finding (the register then reports the old one as no longer listed).
pub fn row_keys(file: &str, rows: &[ChecklistRow]) -> Vec<String> {
    let mut seen: BTreeMap<(Option<&str>, String), u32> = BTreeMap::new();
    rows.iter()
        .map(|r| {
            let own = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
            let text = if !r.question.trim().is_empty() {
                format!("q:{}", own(&r.question))
            } else if let Some(no) = r.no.as_deref().filter(|n| !n.trim().is_empty()) {
                format!("no:{}", own(no))
            } else {
                format!("clause:{}", own(&r.clause_text))
            };
            let n = seen
                .entry((r.source.sheet.as_deref(), text.clone()))
                .or_default();
            *n += 1;
            finding_key(file, r.source.sheet.as_deref().unwrap_or(""), &text, *n)
        })
        .collect()
}

/// 16 hex digits of FNV-1a (64 bit) over the parts: stable across runs, builds and platforms.
fn finding_key(file: &str, sheet: &str, text: &str, n: u32) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let n = n.to_string();
    for part in [file, sheet, text, n.as_str()] {
        for b in part.bytes().chain([0x1f]) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("{h:016x}")
}

/// Carry the display numbers (`…-NC03`) of `previous`, an earlier result of the same audit of
/// the same office, over to `result`, matching findings by key: a finding keeps its number as
/// long as it stays in the same series (NC, OB, OFI); a new one takes the next number never used
/// in its series. Numbers are never reused for another finding. Nothing happens when `previous`
/// is of another audit or office.
pub fn keep_labels(result: &mut AuditResult, previous: &AuditResult) {
    if previous.audit.audit_id != result.audit.audit_id
        || previous.audit.office_code != result.audit.office_code
    {
        return;
    }
    let prefix = format!("{}-{}-", result.audit.audit_id, result.audit.office_code);
    let old: BTreeMap<&str, &str> = previous
        .nonconformities
        .iter()
        .chain(&previous.observations)
        .filter(|f| !f.key.is_empty())
        .map(|f| (f.key.as_str(), f.id.as_str()))
        .collect();
    // The highest number each series has used.
    let mut top: BTreeMap<String, u32> = BTreeMap::new();
    for id in old.values() {
        if let Some((tag, n)) = split_label(id, &prefix) {
            let t = top.entry(tag.to_string()).or_default();
            *t = (*t).max(n);
        }
    }
    let mut renamed: BTreeMap<String, String> = BTreeMap::new();
    let mut fresh: Vec<&mut Finding> = Vec::new();
    for f in result
        .nonconformities
        .iter_mut()
        .chain(result.observations.iter_mut())
    {
        let tag = split_label(&f.id, &prefix).map(|(t, _)| t.to_string());
        let kept = old
            .get(f.key.as_str())
            .filter(|o| split_label(o, &prefix).map(|(t, _)| t.to_string()) == tag);
        match kept {
            Some(o) => {
                renamed.insert(f.id.clone(), o.to_string());
                f.id = o.to_string();
            }
            None => fresh.push(f),
        }
    }
    for f in fresh {
        let Some((tag, _)) = split_label(&f.id, &prefix) else {
            continue;
        };
        let tag = tag.to_string();
        let n = top.entry(tag.clone()).or_default();
        *n += 1;
        let id = format!("{prefix}{tag}{:02}", *n);
        renamed.insert(f.id.clone(), id.clone());
        f.id = id;
    }
    for s in &mut result.systemic {
        for id in &mut s.findings {
            if let Some(n) = renamed.get(id) {
                id.clone_from(n);
            }
        }
    }
}

/// `("NC", 3)` for `<prefix>NC03`.
fn split_label<'a>(id: &'a str, prefix: &str) -> Option<(&'a str, u32)> {
    let rest = id.strip_prefix(prefix)?;
    let digits = rest.trim_start_matches(|c: char| c.is_ascii_uppercase());
    let tag = &rest[..rest.len() - digits.len()];
    Some((tag, digits.parse().ok()?))
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
        key: r.key.clone(),
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
