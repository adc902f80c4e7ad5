//! Copying a whole register from one backend to another (`isoaudit actions migrate`): a SQLite
//! file into PostgreSQL when the bureau starts sharing its register, and back. The copy goes
//! through the [`Store`]/[`Tx`] interface only, so any pair of backends works, in one
//! transaction on each side, and is read back and compared before the command says it is done.

use super::store::{Mode, Store, Tx, with};
use super::{AuditRecord, Event, FindingRecord, Policy, Record, RegisterError};
use serde::Serialize;

/// A register's whole content, read in one transaction.
#[derive(Debug, PartialEq, Eq)]
struct Content {
    policy: Policy,
    audits: Vec<AuditRecord>,
    findings: Vec<FindingRecord>,
    records: Vec<Record>,
    /// Every event, register-wide and per action, in recording order.
    events: Vec<Event>,
}

/// What was copied.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Copied {
    pub audits: usize,
    pub findings: usize,
    pub actions: usize,
    pub events: usize,
}

fn read(tx: &mut dyn Tx) -> Result<Content, RegisterError> {
    let audits = tx.audits()?;
    let mut findings = Vec::new();
    for a in &audits {
        findings.extend(tx.findings_of(&a.audit_id, &a.office_code)?);
    }
    findings.sort_by(|a, b| a.id.cmp(&b.id));
    let records = tx.records()?;
    let mut events = tx.events(None)?;
    for r in &records {
        events.extend(tx.events(Some(&r.action.id))?);
    }
    events.sort_by_key(|e| e.seq);
    Ok(Content {
        policy: tx.policy()?,
        audits,
        findings,
        records,
        events,
    })
}

/// Copy everything in `from` into `to`, which must hold no register content yet; then read
/// both back and compare them field by field (events with their numbers). With `dry_run` the
/// copy is made and compared, then rolled back.
pub fn copy(
    from: &mut dyn Store,
    to: &mut dyn Store,
    dry_run: bool,
) -> Result<Copied, RegisterError> {
    let src = with(from, Mode::Read, read)?;
    let mode = if dry_run { Mode::DryRun } else { Mode::Write };
    with(to, mode, |tx| {
        let there = read(tx)?;
        if !there.audits.is_empty() || !there.findings.is_empty() || !there.events.is_empty() {
            return Err(RegisterError::Invalid(
                "the register to copy into is not empty (it has audits, findings or history); nothing was copied".into(),
            ));
        }
        // A register that never set its policy stores none: the copy neither.
        if src.policy != Policy::default() {
            tx.put_policy(&src.policy)?;
        }
        for a in &src.audits {
            tx.put_audit(a)?;
        }
        for f in &src.findings {
            tx.put_finding(f)?;
        }
        for r in &src.records {
            tx.insert_action(&r.action)?;
        }
        for e in &src.events {
            tx.copy_event(e)?;
        }
        // Read back inside the same transaction: a difference rolls everything back.
        let copied = read(tx)?;
        if copied != src {
            return Err(RegisterError::Invalid(format!(
                "the copy differs from the original ({}); nothing was copied",
                first_difference(&src, &copied)
            )));
        }
        Ok(())
    })?;
    Ok(Copied {
        audits: src.audits.len(),
        findings: src.findings.len(),
        actions: src.records.len(),
        events: src.events.len(),
    })
}

/// Where two contents first differ: the first audit, finding, action or event that does.
fn first_difference(a: &Content, b: &Content) -> String {
    fn first<T: PartialEq>(x: &[T], y: &[T], name: impl Fn(&T) -> String) -> Option<String> {
        match x.iter().zip(y).find(|(p, q)| p != q) {
            Some((p, _)) => Some(name(p)),
            None if x.len() != y.len() => Some(format!("{} vs {} rows", x.len(), y.len())),
            None => None,
        }
    }
    if a.policy != b.policy {
        return "the due-date policy".into();
    }
    first(&a.audits, &b.audits, |x| {
        format!("audit {} of {}", x.audit_id, x.office_code)
    })
    .or_else(|| first(&a.findings, &b.findings, |x| format!("finding {}", x.id)))
    .or_else(|| {
        first(&a.records, &b.records, |x| {
            format!("action {}", x.action.id)
        })
    })
    .or_else(|| first(&a.events, &b.events, |x| format!("event {}", x.seq)))
    .unwrap_or_default()
}
