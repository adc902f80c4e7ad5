//! Checklist rows from a sheet whose header is known, with a diagnostic for every cell that
//! cannot be used.

use super::grid::{Grid, a1};
use super::header::{Field, Header, MetaField, classify_meta};
use super::vocab::{parse_clause_cell, parse_outcome};
use crate::catalog::Catalog;
use crate::model::{
    ChecklistMeta, ChecklistRow, ClauseId, Date, Diagnostic, Location, Outcome, Say, Text,
};
use std::collections::BTreeMap;

/// What one sheet gave.
#[derive(Debug, Default)]
pub struct SheetRows {
    pub rows: Vec<ChecklistRow>,
    pub diagnostics: Vec<Diagnostic>,
    /// Rows that hold only a blank template's placeholders (`${…}`, `{{…}}`).
    pub placeholder_rows: usize,
    /// The clause cells of rows that cite no ISO 9001 clause (another standard's `A.5.1`).
    pub outside_catalog: Vec<String>,
}

/// A blank template's placeholder (`${question}`, `{{result}}`): nothing filled in.
fn is_placeholder(s: &str) -> bool {
    let t = s.trim();
    (t.starts_with("${") || t.starts_with("{{")) && t.ends_with('}')
}

/// How blank cells under a filled one are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Continuation {
    /// Merged regions were already filled from the workbook; a blank cell is blank.
    MergedOnly,
    /// The format keeps no merge information (CSV, ODS): a blank clause or department cell
    /// continues the one above, as in a merged cell.
    BlankContinues,
}

/// Read the rows below `header`.
pub fn read_rows(
    file: &str,
    grid: &Grid,
    header: &Header,
    catalog: &Catalog,
    continuation: Continuation,
) -> SheetRows {
    let mut out = SheetRows::default();
    let loc = |r: usize, c: Option<usize>| Location {
        file: file.to_string(),
        sheet: grid.sheet.clone(),
        cell: c.map(|c| a1(r, c)),
        line: Some(r as u32 + 1),
    };
    let cell = |r: usize, f: Field| -> String {
        header
            .col(f)
            .map(|c| grid.get(r, c).trim())
            .filter(|t| !is_placeholder(t))
            .unwrap_or_default()
            .to_string()
    };
    // A findings log has no result column: each row with a statement is a nonconformity,
    // its grade not written (minor by default, flagged as such).
    let findings_log = header.col(Field::Result).is_none() && header.col(Field::Finding).is_some();
    // A yes/no result column (是否符合): 是 and 否 are its answers.
    let yes_no = header
        .col(Field::Result)
        .is_some_and(|c| grid.get(header.row, c).contains("是否"));
    let mut last_clause = String::new();
    let mut last_department = String::new();
    // (clause, folded question, department) -> first row, to report duplicates.
    let mut seen: BTreeMap<(String, String, String), usize> = BTreeMap::new();

    for r in header.row + 1..grid.rows.len() {
        let mut clause_text = cell(r, Field::Clause);
        let mut department = cell(r, Field::Department);
        let question = cell(r, Field::Question);
        let evidence = cell(r, Field::Evidence);
        let result = cell(r, Field::Result);
        let finding = cell(r, Field::Finding);
        let content = [&question, &evidence, &result, &finding]
            .iter()
            .any(|s| !s.is_empty());
        if continuation == Continuation::BlankContinues {
            if clause_text.is_empty() && content {
                clause_text = last_clause.clone();
            }
            if department.is_empty() && content {
                department = last_department.clone();
            }
        }
        if !clause_text.is_empty() {
            last_clause = clause_text.clone();
        }
        if !department.is_empty() {
            last_department = department.clone();
        }
        // Section headings ("7 支持") and blank or signature rows are not questions.
        if !content {
            if grid.rows[r].iter().any(|c| is_placeholder(c)) {
                out.placeholder_rows += 1;
            }
            continue;
        }

        let clause_col = header.col(Field::Clause);
        let clause = if clause_text.is_empty() {
            out.diagnostics.push(
                Diagnostic::error(loc(r, clause_col), Text::new(Say::RowNoClause))
                    .with_hint(Text::new(Say::RowNoClauseHint)),
            );
            None
        } else {
            match resolve_clause(&clause_text, catalog) {
                Ok(id) => Some(id),
                // Not a clause number at all (ISO 27001's A.5.1, a topic): another standard's
                // clause, said once for the file, and the row's finding is kept.
                Err(None) => {
                    out.outside_catalog.push(clause_text.clone());
                    None
                }
                Err(Some((msg, hint))) => {
                    out.diagnostics
                        .push(Diagnostic::error(loc(r, clause_col), msg).with_hint(hint));
                    None
                }
            }
        };

        let mut attention = None;
        let parsed = if findings_log && !finding.is_empty() {
            Some((Outcome::Minor, false))
        } else if yes_no && matches!(result.as_str(), "是" | "否") {
            // 是否符合: 是 conforms; 否 is a nonconformity whose grade is not written.
            Some(if result == "是" {
                (Outcome::Conform, true)
            } else {
                (Outcome::Minor, false)
            })
        } else {
            parse_outcome(&result)
        };
        let (outcome, graded) = match parsed {
            Some(x) => x,
            None => {
                out.diagnostics.push(
                    Diagnostic::error(
                        loc(r, header.col(Field::Result)),
                        Text::new(Say::UnknownResult).with("value", &result),
                    )
                    .with_hint(Text::new(Say::UnknownResultHint)),
                );
                // Not "not audited": the auditor judged something we cannot read.
                attention = Some(Text::new(Say::UnknownResult).with("value", &result));
                (Outcome::NotAudited, true)
            }
        };
        if outcome.is_nonconformity() {
            if finding.is_empty() {
                let said = Text::new(Say::NoStatement).with2(
                    "result",
                    outcome.label(crate::model::Lang::En),
                    outcome.label(crate::model::Lang::Zh),
                );
                attention = Some(said.clone());
                let c = header.col(Field::Finding).or(header.col(Field::Result));
                out.diagnostics.push(
                    Diagnostic::error(loc(r, c), said).with_hint(Text::new(Say::NoStatementHint)),
                );
            }
            if evidence.is_empty() {
                let c = header.col(Field::Evidence).or(header.col(Field::Result));
                out.diagnostics.push(
                    Diagnostic::error(
                        loc(r, c),
                        Text::new(Say::NoEvidence).with2(
                            "result",
                            outcome.label(crate::model::Lang::En),
                            outcome.label(crate::model::Lang::Zh),
                        ),
                    )
                    .with_hint(Text::new(Say::NoEvidenceHint)),
                );
            }
        }

        if !question.is_empty() {
            let key = (
                clause_text.clone(),
                crate::text::normalize_for_search(&question),
                department.clone(),
            );
            if let Some(first) = seen.get(&key) {
                out.diagnostics.push(
                    Diagnostic::warning(
                        loc(r, header.col(Field::Question)),
                        Text::new(Say::SameQuestion).with("row", first + 1),
                    )
                    .with_hint(Text::new(Say::SameQuestionHint)),
                );
            } else {
                seen.insert(key, r);
            }
        }

        let opt = |s: String| (!s.is_empty()).then_some(s);
        out.rows.push(ChecklistRow {
            source: loc(r, None),
            no: opt(cell(r, Field::No)),
            clause,
            clause_text,
            question,
            evidence,
            outcome,
            graded,
            finding,
            department,
            auditor: cell(r, Field::Auditor),
            date: read_date(
                &cell(r, Field::Date),
                || loc(r, header.col(Field::Date)),
                &mut out.diagnostics,
            ),
            procedure: cell(r, Field::Procedure),
            notes: cell(r, Field::Notes),
            attention,
        });
    }
    out
}

/// A clause cell to a catalog clause, or the message and hint of its diagnostic.
/// The catalog's clause a cell names. `Err(None)` when the cell cites another standard's
/// clause (`A.5.1`); `Err(Some((message, hint)))` for a number the catalog
/// lacks, most likely a slip (`7.5.9`).
#[allow(clippy::type_complexity)]
fn resolve_clause(text: &str, catalog: &Catalog) -> Result<ClauseId, Option<(Text, Text)>> {
    let Some(num) = parse_clause_cell(text) else {
        return Err(if super::vocab::cites_another_standard(text) {
            None
        } else {
            Some((
                Text::new(Say::ClauseUnknown).with("value", text),
                Text::new(Say::ClauseUnknownHint),
            ))
        });
    };
    catalog.resolve(&num).map(|c| c.id.clone()).map_err(|e| {
        Some((
            Text::new(Say::ClauseUnknown).with("value", text),
            crate::catalog::nearest_hint(&e.nearest),
        ))
    })
}

/// A team member as the cover writes them, without the mark of the lead: `张伟（组长）`,
/// `组长：张伟`, `Zhang Wei (lead)` give `张伟` / `Zhang Wei` and true.
fn strip_lead_mark(name: &str) -> (String, bool) {
    let n = name.trim();
    for mark in [
        "（组长）",
        "(组长)",
        "（审核组长）",
        "(审核组长)",
        "（lead）",
        "(lead)",
        "(lead auditor)",
        "（组长)",
        "(组长）",
    ] {
        if let Some(rest) = n.strip_suffix(mark) {
            return (rest.trim().to_string(), true);
        }
    }
    for mark in [
        "审核组长：",
        "审核组长:",
        "组长：",
        "组长:",
        "Lead:",
        "lead:",
    ] {
        if let Some(rest) = n.strip_prefix(mark) {
            return (rest.trim().to_string(), true);
        }
    }
    (n.to_string(), false)
}

/// A date cell as a [`Date`] where it is unambiguous (see [`Date::from_cell`]); otherwise a
/// warning naming the cell, now rather than three commands later, and no date.
fn read_date(
    text: &str,
    at: impl FnOnce() -> Location,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Date> {
    if text.is_empty() {
        return None;
    }
    let date = Date::from_cell(text);
    if date.is_none() {
        diagnostics.push(
            Diagnostic::warning(at(), Text::new(Say::NotADate).with("value", text))
                .with_hint(Text::new(Say::NotADateHint)),
        );
    }
    date
}

/// Cover facts from label cells (`审核编号` | `DGZJ-2026-IA01`) in the first `max_rows` rows:
/// the value is the next non-empty cell to the right. Facts already known are kept; a date
/// that cannot be read is a warning naming its cell.
pub fn read_meta(
    file: &str,
    grid: &Grid,
    max_rows: usize,
    meta: &mut ChecklistMeta,
    diagnostics: &mut Vec<Diagnostic>,
) {
    for (r, row) in grid.rows.iter().take(max_rows).enumerate() {
        // A row may hold several pairs: `审核编号 | X | 审核日期 | Y`.
        let mut c = 0;
        while c < row.len() {
            let Some(field) = classify_meta(&row[c]) else {
                c += 1;
                continue;
            };
            let Some(j) = (c + 1..row.len()).find(|&j| !row[j].trim().is_empty()) else {
                break;
            };
            let value = row[j].trim();
            if classify_meta(value).is_some() {
                // An empty label followed by the next label: no value here.
                c = j;
                continue;
            }
            if field == MetaField::Date {
                let at = || Location {
                    file: file.to_string(),
                    sheet: grid.sheet.clone(),
                    cell: Some(a1(r, j)),
                    line: Some(r as u32 + 1),
                };
                if meta.date.is_none() {
                    meta.date = read_date(value, at, diagnostics);
                }
            } else {
                set_meta(meta, field, value.to_string());
            }
            c = j + 1;
        }
    }
}

fn set_meta(meta: &mut ChecklistMeta, field: MetaField, v: String) {
    match field {
        MetaField::AuditId => {
            meta.audit_id.get_or_insert(v);
        }
        MetaField::Office => {
            meta.office.get_or_insert(v);
        }
        MetaField::Criteria => {
            meta.criteria.get_or_insert(v);
        }
        MetaField::Date => {}
        MetaField::Auditors => {
            if meta.auditors.is_empty() {
                for name in v.split([',', '，', '、', ';', '；', '/']) {
                    let (name, lead) = strip_lead_mark(name);
                    if name.is_empty() {
                        continue;
                    }
                    if lead && meta.lead_auditor.is_none() {
                        meta.lead_auditor = Some(name.clone());
                    }
                    meta.auditors.push(name);
                }
            }
        }
        MetaField::AuditeeRepresentative => {
            meta.auditee_representative.get_or_insert(v);
        }
        MetaField::Scope => {
            meta.scope.get_or_insert(v);
        }
    }
}
