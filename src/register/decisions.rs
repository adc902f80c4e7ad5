//! Management-review decisions (ISO 9001 9.3.3) kept as actions: each decision is a finding of
//! source "management review" under the review's id, with an action tracked like any other
//! (`actions list/update/implement/verify/close`). The next review reads them back as "the
//! status of actions from previous management reviews" (9.3.2 a).

use super::{Action, Actor, AuditRecord, Date, Event, FindingRecord, RegisterError, Tx};
use crate::model::Outcome;

/// The source of a review's audit record and findings; how they are told from audits'.
pub const MANAGEMENT_REVIEW: &str = "management review";

/// One decision of a management review.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    /// The review's id (`MR-2026`); decisions are `<review id>-<office>-MR<nn>`.
    pub review_id: String,
    /// The office whose review it is (its code).
    pub office_code: String,
    /// The review's date: the decision is raised on it.
    pub date: Date,
    /// What was decided.
    pub statement: String,
    /// The clause it answers (9.3.3 unless said).
    pub clause: String,
    /// Who carries it out, and by when.
    pub owner: String,
    pub due: Date,
    pub department: String,
}

/// Whether a finding is a management-review decision rather than an audit finding.
pub fn is_decision(f: &FindingRecord) -> bool {
    f.source == MANAGEMENT_REVIEW
}

/// Record one decision and its action; the id given. The review's audit record is created
/// on its first decision.
pub fn record(tx: &mut dyn Tx, d: &Decision, actor: &Actor) -> Result<String, RegisterError> {
    if d.statement.trim().is_empty() {
        return Err(RegisterError::Invalid("the decision is empty".into()));
    }
    if d.due < d.date {
        return Err(RegisterError::Invalid(format!(
            "the due date {} is before the review's date {}",
            d.due, d.date
        )));
    }
    let existing = tx.findings_of(&d.review_id, &d.office_code)?;
    if let Some(f) = existing.iter().find(|f| !is_decision(f)) {
        return Err(RegisterError::Invalid(format!(
            "{} is an audit's id in the register ({}); give the review an id of its own",
            d.review_id, f.id
        )));
    }
    if existing.iter().any(|f| f.statement == d.statement.trim()) {
        return Err(RegisterError::Invalid(format!(
            "review {} already has this decision",
            d.review_id
        )));
    }
    let had_audit = tx
        .audits()?
        .into_iter()
        .find(|a| a.audit_id == d.review_id && a.office_code == d.office_code);
    let audit = match had_audit {
        Some(a) if a.source != MANAGEMENT_REVIEW => {
            return Err(RegisterError::Invalid(format!(
                "{} is an audit's id in the register; give the review an id of its own",
                d.review_id
            )));
        }
        Some(a) => a,
        None => AuditRecord {
            audit_id: d.review_id.clone(),
            office_code: d.office_code.clone(),
            title: MANAGEMENT_REVIEW.into(),
            start_date: Some(d.date),
            end_date: Some(d.date),
            source: MANAGEMENT_REVIEW.into(),
            ..Default::default()
        },
    };
    tx.put_audit(&audit)?;
    let n = existing.len() + 1;
    let id = format!("{}-{}-MR{n:02}", d.review_id, d.office_code);
    tx.put_finding(&FindingRecord {
        id: id.clone(),
        key: Some(format!("MR{n:02}")),
        audit_id: d.review_id.clone(),
        office_code: d.office_code.clone(),
        clause: d.clause.clone(),
        // The register's grades are an audit's; a decision is an improvement (9.3.3 a).
        grade: Outcome::Ofi,
        statement: d.statement.trim().to_string(),
        evidence: String::new(),
        department: d.department.trim().to_string(),
        auditor: String::new(),
        procedure: String::new(),
        raised: d.date,
        source: MANAGEMENT_REVIEW.into(),
    })?;
    let mut action = Action::new(&id, d.due);
    action.owner = d.owner.trim().to_string();
    tx.insert_action(&action)?;
    tx.append_event(&Event {
        seq: 0,
        action_id: Some(id.clone()),
        at: actor.today,
        by: actor.by.clone(),
        field: "status".into(),
        old: None,
        new: Some("open".into()),
        note: format!(
            "decided by management review {} of {}; due {}",
            d.review_id, d.date, d.due
        ),
    })?;
    Ok(id)
}

const DECISION: &[&str] = &["decision", "决定", "评审决定", "决议", "改进措施", "措施"];
const OWNER: &[&str] = &["owner", "责任人"];
const DUE: &[&str] = &["due", "完成期限", "完成时间", "期限"];
const DEPARTMENT: &[&str] = &["department", "部门", "责任部门"];
const CLAUSE: &[&str] = &["clause", "条款"];

/// The decisions of one sheet (`rows` as read, row 0 = line 1): a header row naming at least
/// the decision, owner and due columns (decision,owner,due,department,clause or
/// 决定,责任人,完成期限,部门,条款), then a decision a row. A row that cannot be read is a
/// diagnostic naming the file and line; the others are kept.
pub fn parse_sheet(
    file: &str,
    sheet: Option<&str>,
    rows: &[Vec<String>],
    review_id: &str,
    office_code: &str,
    date: Date,
) -> (Vec<Decision>, Vec<crate::model::Diagnostic>) {
    use crate::model::{Diagnostic, Location};
    let at = |line: usize| Location {
        file: file.to_string(),
        sheet: sheet.map(str::to_string),
        line: u32::try_from(line).ok(),
        ..Location::default()
    };
    let is = |cell: &str, names: &[&str]| {
        let c = crate::text::normalize(cell).to_lowercase();
        names.contains(&c.trim())
    };
    let find = |row: &[String], names: &[&str]| row.iter().position(|c| is(c, names));
    let header = rows.iter().enumerate().find_map(|(i, r)| {
        Some((i, find(r, DECISION)?, find(r, OWNER)?, find(r, DUE)?))
            .map(|(i, d, o, u)| (i, d, o, u, find(r, DEPARTMENT), find(r, CLAUSE)))
    });
    let Some((h, cd, co, cu, cdep, ccl)) = header else {
        let d = Diagnostic::error(
            Location::file(file),
            "no header row naming the decision, owner and due columns; nothing read",
        )
        .with_hint("put a header row first: decision,owner,due,department,clause (or 决定,责任人,完成期限,部门,条款)");
        return (Vec::new(), vec![d]);
    };
    let cell = |r: &[String], c: Option<usize>| {
        c.and_then(|c| r.get(c))
            .map(|s| s.trim().to_string())
            .unwrap_or_default()
    };
    let (mut out, mut diags) = (Vec::new(), Vec::new());
    for (i, r) in rows.iter().enumerate().skip(h + 1) {
        if r.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let line = i + 1;
        let statement = cell(r, Some(cd));
        let owner = cell(r, Some(co));
        let due_text = cell(r, Some(cu));
        if statement.is_empty() || owner.is_empty() {
            diags.push(
                Diagnostic::error(
                    at(line),
                    "a decision needs its text and an owner; row left out",
                )
                .with_hint("fill the decision and owner cells"),
            );
            continue;
        }
        let Some(due) = Date::from_cell(&due_text).filter(|d| *d >= date) else {
            diags.push(
                Diagnostic::error(
                    at(line),
                    format!("due date \"{due_text}\" is not a date on or after the review ({date}); row left out"),
                )
                .with_hint("write it as YYYY-MM-DD, e.g. 2027-06-30"),
            );
            continue;
        };
        let clause = cell(r, ccl);
        out.push(Decision {
            review_id: review_id.to_string(),
            office_code: office_code.to_string(),
            date,
            statement,
            clause: if clause.is_empty() {
                "9.3.3".into()
            } else {
                clause
            },
            owner,
            due,
            department: cell(r, cdep),
        });
    }
    (out, diags)
}

/// Whether review `review_id` of `office_code` already holds this decision (a sheet read
/// twice records each decision once).
pub fn already_recorded(tx: &mut dyn Tx, d: &Decision) -> Result<Option<String>, RegisterError> {
    Ok(tx
        .findings_of(&d.review_id, &d.office_code)?
        .into_iter()
        .find(|f| is_decision(f) && f.statement == d.statement.trim())
        .map(|f| f.id))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_decisions_sheet_reads_with_its_bad_rows_named() {
        let rows: Vec<Vec<String>> = [
            "2026年管理评审决定,,,",
            "决定,责任人,完成期限,部门",
            "推行电子档案系统,办公室,2027-06-30,办公室",
            "修订投诉处理程序,法规科,2027年3月31日,",
            "增加执法人员培训,,2027-05-01,稽查支队",
            "复核许可时限,行政许可科,明年,",
        ]
        .iter()
        .map(|l| l.split(',').map(str::to_string).collect())
        .collect();
        let date = "2026-12-28".parse().unwrap();
        let (got, diags) = parse_sheet("决定.csv", None, &rows, "MR-2026", "hq", date);
        let names: Vec<(&str, String)> = got
            .iter()
            .map(|d| (d.statement.as_str(), d.due.to_string()))
            .collect();
        assert_eq!(
            names,
            [
                ("推行电子档案系统", "2027-06-30".to_string()),
                ("修订投诉处理程序", "2027-03-31".to_string())
            ]
        );
        assert_eq!(got[0].clause, "9.3.3");
        let lines: Vec<Option<u32>> = diags.iter().map(|d| d.location.line).collect();
        assert_eq!(lines, [Some(5), Some(6)]);
        assert!(
            diags[1]
                .to_string()
                .starts_with("error: 决定.csv: line 6: due date \"明年\""),
            "{}",
            diags[1]
        );
    }
}
