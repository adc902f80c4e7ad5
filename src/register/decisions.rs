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
