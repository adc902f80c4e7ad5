//! Interim reader for the report branch; replaced by the checklist branch at merge.
//!
//! Reads a filled checklist saved as CSV (UTF-8, or any encoding `text::decode` detects) whose
//! header row names the columns 条款,审核内容,审核记录,结论,不符合描述,部门,审核员 (or the English
//! clause,question,evidence,result,finding,department,auditor), in any order. It exists so the
//! `report` command can be built and tested end to end before the full reader lands; its
//! interface, `read_checklist(path, catalog) -> Ingested`, is the full reader's.

use crate::catalog::Catalog;
use crate::model::{Checklist, ChecklistRow, Diagnostic, Ingested, Location, Outcome};
use crate::text::{decode, normalize};
use std::path::Path;

/// The columns this reader knows, with the header texts accepted for each.
const COLUMNS: [(&str, &[&str]); 7] = [
    ("clause", &["条款", "clause"]),
    ("question", &["审核内容", "question"]),
    ("evidence", &["审核记录", "evidence"]),
    ("result", &["结论", "result"]),
    ("finding", &["不符合描述", "finding"]),
    ("department", &["部门", "department"]),
    ("auditor", &["审核员", "auditor"]),
];

/// Read one checklist CSV. Bad rows become diagnostics naming the file and line; the rest of
/// the file is still read. `checklist` is `None` only when nothing could be read.
pub fn read_checklist(path: &Path, catalog: &Catalog) -> Ingested {
    let file = path.display().to_string();
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            return Ingested {
                checklist: None,
                diagnostics: vec![Diagnostic::error(
                    Location::file(&file),
                    format!("cannot read the file: {e}"),
                )],
            };
        }
    };
    let text = decode(&bytes).text;
    let mut diagnostics = Vec::new();
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut records = reader.records();
    let header = match records.next() {
        Some(Ok(h)) => h,
        _ => {
            return Ingested {
                checklist: None,
                diagnostics: vec![Diagnostic::error(Location::file(&file), "no header row")
                    .with_hint("the first line must name the columns: 条款,审核内容,审核记录,结论,不符合描述,部门,审核员")],
            };
        }
    };
    // Column index of each known column, by position in COLUMNS.
    let mut index: [Option<usize>; 7] = [None; 7];
    for (i, h) in header.iter().enumerate() {
        let h = normalize(h).trim().to_lowercase();
        if let Some(k) = COLUMNS
            .iter()
            .position(|(_, names)| names.contains(&h.as_str()))
        {
            index[k].get_or_insert(i);
        }
    }
    if index[0].is_none() || index[3].is_none() {
        return Ingested {
            checklist: None,
            diagnostics: vec![
                Diagnostic::error(
                    Location {
                        line: Some(1),
                        ..Location::file(&file)
                    },
                    "the header row lacks the clause (条款) or result (结论) column",
                )
                .with_hint("name the columns 条款,审核内容,审核记录,结论,不符合描述,部门,审核员"),
            ],
        };
    }
    let mut rows = Vec::new();
    for (n, rec) in records.enumerate() {
        let line = n as u32 + 2;
        let loc = Location {
            line: Some(line),
            ..Location::file(&file)
        };
        let rec = match rec {
            Ok(r) => r,
            Err(e) => {
                diagnostics.push(Diagnostic::error(loc, format!("unreadable CSV line: {e}")));
                continue;
            }
        };
        // Cell text as written (only trimmed): it is the auditor's evidence and statement.
        let cell = |k: usize| -> String {
            index[k]
                .and_then(|i| rec.get(i))
                .map(|s| s.trim().to_string())
                .unwrap_or_default()
        };
        if rec.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let result_text = cell(3);
        let Some((outcome, graded)) = parse_outcome(&normalize(&result_text)) else {
            diagnostics.push(
                Diagnostic::error(loc, format!("unknown result \"{result_text}\""))
                    .with_hint("use one of 符合, 一般不符合, 严重不符合, 不符合, 观察项, 改进机会, 不适用, 未审核 (or conform, minor, major, observation, OFI, N/A)"),
            );
            continue;
        };
        let clause_text = cell(0);
        let clause = catalog
            .resolve(
                normalize(&clause_text)
                    .trim_start_matches('第')
                    .trim_end_matches('条'),
            )
            .ok()
            .map(|c| c.id.clone());
        rows.push(ChecklistRow {
            source: loc,
            no: None,
            clause,
            clause_text,
            question: cell(1),
            evidence: cell(2),
            outcome,
            graded,
            finding: cell(4),
            department: cell(5),
            auditor: cell(6),
            date: None,
            procedure: String::new(),
            notes: String::new(),
        });
    }
    Ingested {
        checklist: Some(Checklist {
            file,
            meta: Default::default(),
            rows,
        }),
        diagnostics,
    }
}

/// The result vocabulary of DESIGN.md. Returns the outcome and whether a nonconformity was
/// graded (plain 不符合 defaults to minor, ungraded).
fn parse_outcome(s: &str) -> Option<(Outcome, bool)> {
    let t = s.trim().to_lowercase();
    let o = match t.as_str() {
        "" | "not audited" | "未审核" => Outcome::NotAudited,
        "conform" | "c" | "ok" | "yes" | "符合" | "合格" => Outcome::Conform,
        "不符合" | "不合格" | "nc" => return Some((Outcome::Minor, false)),
        "minor" | "minor nc" | "一般不符合" | "轻微不符合" => Outcome::Minor,
        "major" | "major nc" | "严重不符合" => Outcome::Major,
        "observation" | "obs" | "观察项" => Outcome::Observation,
        "ofi" | "opportunity for improvement" | "改进机会" | "建议" => Outcome::Ofi,
        "n/a" | "na" | "不适用" => Outcome::NotApplicable,
        _ => return None,
    };
    Some((o, true))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_rows_and_reports_bad_ones() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("c.csv");
        std::fs::write(
            &p,
            "条款,审核内容,审核记录,结论,不符合描述,部门,审核员\n7.5.3,q,e,不符合,f,办公室,王敏\n9.9,q,e,符合,,,\n8.4,q,e,合格?,,,\n",
        )
        .unwrap();
        let got = read_checklist(&p, &Catalog::embedded());
        let c = got.checklist.unwrap();
        assert_eq!(c.rows.len(), 2);
        assert_eq!(c.rows[0].outcome, Outcome::Minor);
        assert!(!c.rows[0].graded);
        assert_eq!(c.rows[0].source.line, Some(2));
        assert_eq!(c.rows[1].clause, None, "9.9 is not a clause");
        assert_eq!(got.diagnostics.len(), 1);
        assert_eq!(got.diagnostics[0].location.line, Some(4));
    }
}
