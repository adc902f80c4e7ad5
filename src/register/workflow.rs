//! The register's rules: raising actions from audit results, the status workflow, the policy
//! and applying a department's tracker. Every function works inside one transaction through the
//! [`Tx`] interface; transitions are pure functions over [`Action`] and one `save` records the
//! difference as history.

use super::{
    Action, ActionStatus, Actor, AuditRecord, Date, Event, FindingRecord, Policy, Record,
    RegisterError, Tx, Verdict,
};
use crate::model::{AuditResult, Diagnostic, Finding, Location, Outcome, RESULT_SCHEMA_VERSION};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Read a `result.json` and check its schema version before trusting its layout.
pub fn load_result(path: &Path) -> Result<AuditResult, Box<Diagnostic>> {
    load_result_inner(path).map_err(Box::new)
}

// Boxed once at the public boundary above; here the plain value keeps the body readable.
#[allow(clippy::result_large_err)]
fn load_result_inner(path: &Path) -> Result<AuditResult, Diagnostic> {
    let loc = Location {
        file: path.display().to_string(),
        ..Default::default()
    };
    let bytes = std::fs::read(path)
        .map_err(|e| Diagnostic::error(loc.clone(), format!("cannot read: {e}")))?;
    let value: serde_json::Value = serde_json::from_slice(&bytes).map_err(|e| {
        Diagnostic::error(
            Location {
                line: Some(e.line() as u32),
                ..loc.clone()
            },
            format!("not valid JSON: {e}"),
        )
        .with_hint("give the result.json written by `isoaudit report` or `isoaudit audit`")
    })?;
    match value.get("schema_version").and_then(|v| v.as_u64()) {
        Some(v) if v == u64::from(RESULT_SCHEMA_VERSION) => {}
        Some(v) => {
            return Err(Diagnostic::error(
                loc,
                format!(
                    "result schema version {v}; this isoaudit reads version {RESULT_SCHEMA_VERSION}"
                ),
            )
            .with_hint("re-run the report with this isoaudit version, or use the matching isoaudit to sync"));
        }
        None => {
            return Err(
                Diagnostic::error(loc, "no schema_version: not an isoaudit result file").with_hint(
                    "give the result.json written by `isoaudit report` or `isoaudit audit`",
                ),
            );
        }
    }
    serde_json::from_value(value).map_err(|e| {
        Diagnostic::error(loc, format!("unexpected layout: {e}"))
            .with_hint("the file may have been edited by hand; re-run the report")
    })
}

/// Per-run changes to the stored policy (`--major 20`, `--observation off`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PolicyOverride {
    pub major: Option<u32>,
    pub minor: Option<u32>,
    /// `Some(None)` switches tracking off.
    pub observation: Option<Option<u32>>,
    pub ofi: Option<Option<u32>>,
}

impl PolicyOverride {
    /// `p` with these overrides applied.
    pub fn apply(&self, mut p: Policy) -> Policy {
        if let Some(d) = self.major {
            p.major_days = d;
        }
        if let Some(d) = self.minor {
            p.minor_days = d;
        }
        if let Some(d) = self.observation {
            p.observation_days = d;
        }
        if let Some(d) = self.ofi {
            p.ofi_days = d;
        }
        p
    }
}

fn days_text(d: Option<u32>) -> String {
    d.map_or_else(|| "off".into(), |d| d.to_string())
}

/// Store the policy with `o` applied, recording each change as a register-wide event.
pub fn set_policy(
    tx: &mut dyn Tx,
    o: &PolicyOverride,
    actor: &Actor,
) -> Result<Policy, RegisterError> {
    let old = tx.policy()?;
    let new = o.apply(old);
    let pairs = [
        (
            "policy.major_days",
            old.major_days.to_string(),
            new.major_days.to_string(),
        ),
        (
            "policy.minor_days",
            old.minor_days.to_string(),
            new.minor_days.to_string(),
        ),
        (
            "policy.observation_days",
            days_text(old.observation_days),
            days_text(new.observation_days),
        ),
        (
            "policy.ofi_days",
            days_text(old.ofi_days),
            days_text(new.ofi_days),
        ),
    ];
    for (field, o, n) in pairs {
        if o != n {
            tx.append_event(&Event {
                seq: 0,
                action_id: None,
                at: actor.today,
                by: actor.by.clone(),
                field: field.into(),
                old: Some(o),
                new: Some(n),
                note: String::new(),
            })?;
        }
    }
    if new != old {
        tx.put_policy(&new)?;
    }
    Ok(new)
}

/// One result file to sync.
#[derive(Debug, Clone)]
pub struct SyncInput {
    /// The file, as given (recorded as the source).
    pub source: String,
    pub result: AuditResult,
}

/// A finding whose wording differs from the last sync.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WordingChange {
    pub id: String,
    pub source: String,
    /// Field, old, new.
    pub fields: Vec<(String, String, String)>,
}

/// What a sync did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct SyncReport {
    /// Actions raised now.
    pub added: Vec<String>,
    /// Findings already in the register with the same wording.
    pub unchanged: usize,
    /// Findings whose wording changed; their actions were left as they are.
    pub changed: Vec<WordingChange>,
    /// Findings in the register that a synced audit no longer lists (kept, never deleted).
    pub missing: Vec<String>,
    /// Observations and OFIs the policy does not track.
    pub untracked: usize,
    pub diagnostics: Vec<Diagnostic>,
}

/// Raise one action per tracked finding of `inputs`. Idempotent by finding id: a finding
/// already in the register is compared, never re-raised, and its action never overwritten.
pub fn sync(
    tx: &mut dyn Tx,
    inputs: &[SyncInput],
    o: &PolicyOverride,
    actor: &Actor,
) -> Result<SyncReport, RegisterError> {
    let policy = o.apply(tx.policy()?);
    let mut rep = SyncReport::default();
    let mut seen_offices: BTreeSet<(String, String)> = BTreeSet::new();
    let mut seen_ids: BTreeSet<String> = BTreeSet::new();
    for input in inputs {
        let info = &input.result.audit;
        let loc = Location {
            file: input.source.clone(),
            ..Default::default()
        };
        if info.audit_id.trim().is_empty() || info.office_code.trim().is_empty() {
            rep.diagnostics.push(
                Diagnostic::error(loc, "the result names no audit id or office code").with_hint(
                    "finding ids are <audit id>-<office code>-NC<nn>; re-run the report with both",
                ),
            );
            continue;
        }
        let (start, end) = (info.start_date, info.end_date);
        tx.put_audit(&AuditRecord {
            audit_id: info.audit_id.clone(),
            office_code: info.office_code.clone(),
            office_name: info.office_name.clone(),
            title: info.title.clone(),
            start_date: start,
            end_date: end,
            source: input.source.clone(),
        })?;
        seen_offices.insert((info.audit_id.clone(), info.office_code.clone()));
        let findings = input
            .result
            .nonconformities
            .iter()
            .chain(&input.result.observations);
        for f in findings {
            seen_ids.insert(f.id.clone());
            let raised = match f.date {
                Some(d) => d,
                None => match end.or(start) {
                    Some(d) => d,
                    None => {
                        rep.diagnostics.push(
                            Diagnostic::error(
                                loc.clone(),
                                format!("finding {}: no date to count the due date from", f.id),
                            )
                            .with_hint("give the finding a date, or the audit an end date"),
                        );
                        continue;
                    }
                },
            };
            if !matches!(
                f.grade,
                Outcome::Major | Outcome::Minor | Outcome::Observation | Outcome::Ofi
            ) || f.id.trim().is_empty()
            {
                rep.diagnostics.push(Diagnostic::error(
                    loc.clone(),
                    format!("finding \"{}\": grade {} is not a finding", f.id, f.grade),
                ));
                continue;
            }
            let record = finding_record(f, info, raised);
            sync_one(tx, &record, &policy, input, actor, &mut rep)?;
        }
    }
    // Findings an audit no longer lists are reported, never deleted.
    for r in tx.records()? {
        let f = &r.finding;
        if seen_offices.contains(&(f.audit_id.clone(), f.office_code.clone()))
            && !seen_ids.contains(&f.id)
        {
            rep.missing.push(f.id.clone());
        }
    }
    Ok(rep)
}

fn finding_record(f: &Finding, info: &crate::model::AuditInfo, raised: Date) -> FindingRecord {
    FindingRecord {
        id: f.id.clone(),
        audit_id: info.audit_id.clone(),
        office_code: info.office_code.clone(),
        clause: f.clause.to_string(),
        grade: f.grade,
        statement: f.statement.clone(),
        evidence: f.evidence.clone(),
        department: f.department.clone(),
        auditor: f.auditor.clone(),
        procedure: f.procedure.clone(),
        raised,
        source: f.source.to_string(),
    }
}

fn sync_one(
    tx: &mut dyn Tx,
    new: &FindingRecord,
    policy: &Policy,
    input: &SyncInput,
    actor: &Actor,
    rep: &mut SyncReport,
) -> Result<(), RegisterError> {
    let days = policy.days(new.grade);
    match tx.finding(&new.id)? {
        None => tx.put_finding(new)?,
        Some(old) => {
            let fields = wording_diff(&old, new);
            if fields.is_empty() {
                rep.unchanged += 1;
            } else {
                // Keep the new wording so the change is reported once; the action itself is
                // the department's work and stays as it is. History keeps the old wording.
                tx.put_finding(new)?;
                if tx.record(&new.id)?.is_some() {
                    for (field, o, n) in &fields {
                        tx.append_event(&Event {
                            seq: 0,
                            action_id: Some(new.id.clone()),
                            at: actor.today,
                            by: actor.by.clone(),
                            field: format!("finding.{field}"),
                            old: Some(o.clone()),
                            new: Some(n.clone()),
                            note: format!(
                                "changed in {} since the last sync; the action was not changed",
                                input.source
                            ),
                        })?;
                    }
                }
                rep.changed.push(WordingChange {
                    id: new.id.clone(),
                    source: input.source.clone(),
                    fields,
                });
            }
        }
    }
    let Some(days) = days else {
        rep.untracked += 1;
        return Ok(());
    };
    if tx.record(&new.id)?.is_some() {
        return Ok(());
    }
    let action = Action::new(&new.id, new.raised.add_days(i64::from(days)));
    tx.insert_action(&action)?;
    tx.append_event(&Event {
        seq: 0,
        action_id: Some(action.id.clone()),
        at: actor.today,
        by: actor.by.clone(),
        field: "status".into(),
        old: None,
        new: Some("open".into()),
        note: format!(
            "raised from {}; due {} ({} {} days from {})",
            input.source,
            action.due,
            new.grade.key(),
            days,
            new.raised
        ),
    })?;
    rep.added.push(action.id);
    Ok(())
}

fn wording_diff(old: &FindingRecord, new: &FindingRecord) -> Vec<(String, String, String)> {
    let pairs = [
        ("clause", &old.clause, &new.clause),
        ("statement", &old.statement, &new.statement),
        ("evidence", &old.evidence, &new.evidence),
        ("department", &old.department, &new.department),
        ("procedure", &old.procedure, &new.procedure),
    ];
    let mut v: Vec<(String, String, String)> = pairs
        .into_iter()
        .filter(|(_, o, n)| o != n)
        .map(|(f, o, n)| (f.to_string(), o.clone(), n.clone()))
        .collect();
    if old.grade != new.grade {
        v.push((
            "grade".into(),
            old.grade.key().into(),
            new.grade.key().into(),
        ));
    }
    if old.raised != new.raised {
        v.push((
            "raised".into(),
            old.raised.to_string(),
            new.raised.to_string(),
        ));
    }
    v
}

/// The action `query` names: its exact id, else the one id ending with it (`linhu-NC01`).
pub fn resolve(tx: &mut dyn Tx, query: &str) -> Result<Record, RegisterError> {
    let q = query.trim();
    if let Some(r) = tx.record(q)? {
        return Ok(r);
    }
    let ql = q.to_lowercase();
    let mut hits: Vec<Record> = tx
        .records()?
        .into_iter()
        .filter(|r| {
            let id = r.action.id.to_lowercase();
            !ql.is_empty() && (id.ends_with(&format!("-{ql}")) || id == ql)
        })
        .collect();
    match hits.len() {
        0 => Err(RegisterError::NotFound(q.to_string())),
        1 => Ok(hits.remove(0)),
        _ => Err(RegisterError::Ambiguous(
            q.to_string(),
            hits.iter()
                .map(|r| r.action.id.as_str())
                .collect::<Vec<_>>()
                .join(", "),
        )),
    }
}

/// Record the difference between `before` and `after` as events and store `after` with the
/// next revision. Nothing changed: nothing stored. Returns the stored action.
pub fn save(
    tx: &mut dyn Tx,
    before: &Action,
    mut after: Action,
    actor: &Actor,
    note: &str,
) -> Result<Action, RegisterError> {
    let diff = action_diff(before, &after);
    if diff.is_empty() {
        return Ok(before.clone());
    }
    // The revision comes from the database; a corrupted or hand-edited one must not panic.
    after.revision = before.revision.checked_add(1).ok_or_else(|| {
        RegisterError::Invalid(format!(
            "{}: revision {} cannot be increased; the register was edited outside isoaudit",
            before.id, before.revision
        ))
    })?;
    tx.update_action(&after)?;
    for (field, old, new) in diff {
        tx.append_event(&Event {
            seq: 0,
            action_id: Some(after.id.clone()),
            at: actor.today,
            by: actor.by.clone(),
            field: field.into(),
            old,
            new,
            note: note.to_string(),
        })?;
    }
    Ok(after)
}

type FieldDiff = (&'static str, Option<String>, Option<String>);

fn action_diff(a: &Action, b: &Action) -> Vec<FieldDiff> {
    fn text(s: &str) -> Option<String> {
        (!s.is_empty()).then(|| s.to_string())
    }
    fn date(d: Option<Date>) -> Option<String> {
        d.map(|d| d.to_string())
    }
    let cols = |x: &Action| -> Vec<(&'static str, Option<String>)> {
        vec![
            ("status", Some(x.status.key().to_string())),
            ("owner", text(&x.owner)),
            ("due", Some(x.due.to_string())),
            ("correction", text(&x.correction)),
            ("root_cause", text(&x.root_cause)),
            ("corrective_action", text(&x.corrective_action)),
            ("implemented_on", date(x.implemented_on)),
            ("implementation_note", text(&x.implementation_note)),
            ("verified_on", date(x.verified_on)),
            ("verified_by", text(&x.verified_by)),
            ("verification_method", text(&x.verification_method)),
            ("verification_note", text(&x.verification_note)),
            ("verdict", x.verdict.map(|v| v.key().to_string())),
            ("ineffective_count", Some(x.ineffective_count.to_string())),
            ("closed_on", date(x.closed_on)),
            ("cancel_reason", text(&x.cancel_reason)),
        ]
    };
    cols(a)
        .into_iter()
        .zip(cols(b))
        .filter(|((_, o), (_, n))| o != n)
        .map(|((f, o), (_, n))| (f, o, n))
        .collect()
}

/// The fields `update` (and a tracker row) may change; `None` leaves a field as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Edit {
    pub owner: Option<String>,
    pub due: Option<Date>,
    pub correction: Option<String>,
    pub root_cause: Option<String>,
    pub corrective_action: Option<String>,
    pub implementation_note: Option<String>,
}

fn illegal(a: &Action, verb: &'static str, missing: impl Into<String>) -> RegisterError {
    RegisterError::Illegal {
        id: a.id.clone(),
        verb,
        status: a.status,
        missing: missing.into(),
    }
}

fn final_message(a: &Action) -> String {
    match a.status {
        ActionStatus::Closed => format!(
            "it was closed on {}; closed actions are final",
            a.closed_on.map_or_else(|| "?".into(), |d| d.to_string())
        ),
        _ => format!(
            "it was cancelled ({}); cancelled actions are final",
            a.cancel_reason
        ),
    }
}

/// The plan fields still empty: correction, root cause, corrective action.
pub fn missing_plan(a: &Action) -> Vec<&'static str> {
    let mut m = Vec::new();
    if a.correction.trim().is_empty() {
        m.push("correction (--correction)");
    }
    if a.root_cause.trim().is_empty() {
        m.push("root cause (--root-cause)");
    }
    if a.corrective_action.trim().is_empty() {
        m.push("corrective action (--action)");
    }
    m
}

/// Apply an edit. An open action whose correction, root cause and corrective action are all
/// written becomes planned; a planned (or later) one cannot lose them.
pub fn apply_edit(a: &Action, e: &Edit) -> Result<Action, RegisterError> {
    if a.status.is_final() {
        return Err(illegal(a, "update", final_message(a)));
    }
    let mut b = a.clone();
    let set = |field: &mut String, v: &Option<String>| {
        if let Some(v) = v {
            *field = v.trim().to_string();
        }
    };
    set(&mut b.owner, &e.owner);
    set(&mut b.correction, &e.correction);
    set(&mut b.root_cause, &e.root_cause);
    set(&mut b.corrective_action, &e.corrective_action);
    set(&mut b.implementation_note, &e.implementation_note);
    if let Some(d) = e.due {
        b.due = d;
    }
    let missing = missing_plan(&b);
    if b.status == ActionStatus::Open && missing.is_empty() {
        b.status = ActionStatus::Planned;
    } else if b.status != ActionStatus::Open && !missing.is_empty() {
        return Err(illegal(
            a,
            "empty the plan of",
            format!("these must stay written: {}", missing.join(", ")),
        ));
    }
    Ok(b)
}

/// Mark a planned action implemented on `today`.
pub fn apply_implement(a: &Action, note: &str, today: Date) -> Result<Action, RegisterError> {
    match a.status {
        ActionStatus::Planned => {}
        ActionStatus::Open => {
            return Err(illegal(
                a,
                "implement",
                format!(
                    "write the plan first, missing: {}",
                    missing_plan(a).join(", ")
                ),
            ));
        }
        ActionStatus::Implemented | ActionStatus::Verified => {
            return Err(illegal(
                a,
                "implement",
                format!(
                    "it was already implemented on {}",
                    a.implemented_on
                        .map_or_else(|| "?".into(), |d| d.to_string())
                ),
            ));
        }
        _ => return Err(illegal(a, "implement", final_message(a))),
    }
    let mut b = a.clone();
    b.status = ActionStatus::Implemented;
    b.implemented_on = Some(today);
    if !note.trim().is_empty() {
        b.implementation_note = note.trim().to_string();
    }
    Ok(b)
}

/// What a verification found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verification {
    pub verdict: Verdict,
    pub method: String,
    pub note: String,
    /// The new due date when ineffective; `None`: today plus the policy's days for the grade.
    pub new_due: Option<Date>,
}

/// Record the verification of an implemented action. Effective: verified. Ineffective: reopened
/// with a new due date, root cause and corrective action to be written again (history keeps
/// the old ones).
pub fn apply_verify(
    r: &Record,
    v: &Verification,
    policy: &Policy,
    actor: &Actor,
) -> Result<Action, RegisterError> {
    let a = &r.action;
    match a.status {
        ActionStatus::Implemented => {}
        ActionStatus::Open | ActionStatus::Planned => {
            return Err(illegal(
                a,
                "verify",
                "it is not implemented yet (`isoaudit actions implement ID` first)",
            ));
        }
        ActionStatus::Verified => {
            return Err(illegal(
                a,
                "verify",
                "it was already verified effective; close it",
            ));
        }
        _ => return Err(illegal(a, "verify", final_message(a))),
    }
    if v.method.trim().is_empty() {
        return Err(illegal(
            a,
            "verify",
            "missing: the verification method (--method), e.g. \"record review of 3 later case files\"",
        ));
    }
    let mut b = a.clone();
    b.verdict = Some(v.verdict);
    b.verified_on = Some(actor.today);
    b.verified_by = actor.by.clone();
    b.verification_method = v.method.trim().to_string();
    b.verification_note = v.note.trim().to_string();
    match v.verdict {
        Verdict::Effective => b.status = ActionStatus::Verified,
        Verdict::Ineffective => {
            let due = match v.new_due {
                Some(d) => d,
                None => match policy.days(r.finding.grade) {
                    Some(days) => actor.today.add_days(i64::from(days)),
                    None => {
                        return Err(illegal(
                            a,
                            "reopen",
                            "missing: a new due date (--due YYYY-MM-DD); the policy gives none for this grade",
                        ));
                    }
                },
            };
            if due <= actor.today {
                return Err(RegisterError::Invalid(format!(
                    "{}: the new due date {due} must be after the verification date {}",
                    a.id, actor.today
                )));
            }
            b.status = ActionStatus::Open;
            b.due = due;
            b.ineffective_count = b.ineffective_count.saturating_add(1);
            b.root_cause.clear();
            b.corrective_action.clear();
            b.implemented_on = None;
            b.implementation_note.clear();
        }
    }
    Ok(b)
}

/// Close an action verified effective.
pub fn apply_close(a: &Action, today: Date) -> Result<Action, RegisterError> {
    match a.status {
        ActionStatus::Verified if a.verdict == Some(Verdict::Effective) => {}
        ActionStatus::Implemented => {
            return Err(illegal(
                a,
                "close",
                "missing: an effective verification (`isoaudit actions verify ID --effective --method …`)",
            ));
        }
        ActionStatus::Open | ActionStatus::Planned | ActionStatus::Verified => {
            return Err(illegal(
                a,
                "close",
                "missing: implementation and an effective verification",
            ));
        }
        _ => return Err(illegal(a, "close", final_message(a))),
    }
    let mut b = a.clone();
    b.status = ActionStatus::Closed;
    b.closed_on = Some(today);
    Ok(b)
}

/// Cancel an action that is not final, with a reason.
pub fn apply_cancel(a: &Action, reason: &str) -> Result<Action, RegisterError> {
    if a.status.is_final() {
        return Err(illegal(a, "cancel", final_message(a)));
    }
    if reason.trim().is_empty() {
        return Err(illegal(a, "cancel", "missing: the reason (--reason)"));
    }
    let mut b = a.clone();
    b.status = ActionStatus::Cancelled;
    b.cancel_reason = reason.trim().to_string();
    Ok(b)
}

/// Filters of `actions list`.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub status: Vec<ActionStatus>,
    pub overdue: bool,
    pub office: Option<String>,
    /// A clause and everything below it (7.5 matches 7.5.3).
    pub clause: Option<crate::model::ClauseId>,
    /// Owner contains this text (case-insensitive).
    pub owner: Option<String>,
    pub audit: Option<String>,
}

/// Days past due on `today` of an action not yet implemented; `None` when not overdue.
pub fn days_overdue(a: &Action, today: Date) -> Option<i64> {
    let pending = matches!(a.status, ActionStatus::Open | ActionStatus::Planned);
    let late = today.days_since(a.due);
    (pending && late > 0).then_some(late)
}

impl Filter {
    /// Whether `r` passes every filter given.
    pub fn matches(&self, r: &Record, today: Date) -> bool {
        let f = &r.finding;
        (self.status.is_empty() || self.status.contains(&r.action.status))
            && (!self.overdue || days_overdue(&r.action, today).is_some())
            && self
                .office
                .as_ref()
                .is_none_or(|o| f.office_code.eq_ignore_ascii_case(o))
            && self
                .audit
                .as_ref()
                .is_none_or(|o| f.audit_id.eq_ignore_ascii_case(o))
            && self.clause.as_ref().is_none_or(|c| {
                f.clause
                    .parse::<crate::model::ClauseId>()
                    .is_ok_and(|fc| fc.is_within(c))
            })
            && self
                .owner
                .as_ref()
                .is_none_or(|o| r.action.owner.to_lowercase().contains(&o.to_lowercase()))
    }
}

/// One row of a department's tracker as read back (see [`super::tracker`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrackerRow {
    /// 1-based worksheet row, for messages.
    pub row: u32,
    pub id: String,
    pub revision: u32,
    pub values: TrackerValues,
    /// The values as exported (from the protected snapshot sheet), when present.
    pub exported: Option<TrackerValues>,
    /// Cell of each editable field (`K5`), for messages.
    pub cells: BTreeMap<&'static str, String>,
    /// Worksheet name and file, for messages.
    pub sheet: String,
    pub file: String,
}

/// The fields a department fills in.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TrackerValues {
    pub owner: String,
    pub correction: String,
    pub root_cause: String,
    pub corrective_action: String,
    pub status: Option<ActionStatus>,
    pub implementation_note: String,
}

impl TrackerValues {
    /// The values of `r` as the tracker shows them.
    pub fn of(a: &Action) -> TrackerValues {
        TrackerValues {
            owner: a.owner.clone(),
            correction: a.correction.clone(),
            root_cause: a.root_cause.clone(),
            corrective_action: a.corrective_action.clone(),
            status: Some(a.status),
            implementation_note: a.implementation_note.clone(),
        }
    }

    fn edited(&self, base: &TrackerValues) -> Vec<&'static str> {
        let mut v = Vec::new();
        let t = |a: &str, b: &str| a.trim() != b.trim();
        if t(&self.owner, &base.owner) {
            v.push("owner");
        }
        if t(&self.correction, &base.correction) {
            v.push("correction");
        }
        if t(&self.root_cause, &base.root_cause) {
            v.push("root_cause");
        }
        if t(&self.corrective_action, &base.corrective_action) {
            v.push("corrective_action");
        }
        if self.status != base.status {
            v.push("status");
        }
        if t(&self.implementation_note, &base.implementation_note) {
            v.push("implementation_note");
        }
        v
    }
}

/// A row refused because the action changed in the register since the export.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Conflict {
    pub id: String,
    pub row: u32,
    pub tracker_revision: u32,
    pub register_revision: u32,
    pub fields: Vec<String>,
}

/// What an import did (or would do, with `--dry-run`).
#[derive(Debug, Clone, Default, Serialize)]
pub struct ImportReport {
    /// Action id and the fields changed.
    pub applied: Vec<(String, Vec<String>)>,
    pub unchanged: usize,
    pub conflicts: Vec<Conflict>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Apply tracker rows: each edited row whose revision still matches the register becomes the
/// same changes `update`/`implement` would make, recorded as events. A row edited after the
/// action changed in the register is a conflict and is left out; a row the workflow refuses is
/// a diagnostic naming its cell.
pub fn import(
    tx: &mut dyn Tx,
    rows: &[TrackerRow],
    actor: &Actor,
) -> Result<ImportReport, RegisterError> {
    let mut rep = ImportReport::default();
    for row in rows {
        let loc = |field: &str| Location {
            file: row.file.clone(),
            sheet: Some(row.sheet.clone()),
            cell: row.cells.get(field).cloned(),
            line: None,
        };
        let Some(rec) = tx.record(&row.id)? else {
            rep.diagnostics.push(
                Diagnostic::error(
                    loc("id"),
                    format!("no action \"{}\" in the register", row.id),
                )
                .with_hint("the id column is locked; use the tracker exported from this register"),
            );
            continue;
        };
        let current = TrackerValues::of(&rec.action);
        let base = row.exported.clone().unwrap_or_else(|| current.clone());
        let edited = row.values.edited(&base);
        // Nothing edited, or the edits are already what the register holds (a re-import).
        if edited.is_empty() || row.values.edited(&current).is_empty() {
            rep.unchanged += 1;
            continue;
        }
        if row.revision != rec.action.revision {
            rep.conflicts.push(Conflict {
                id: row.id.clone(),
                row: row.row,
                tracker_revision: row.revision,
                register_revision: rec.action.revision,
                fields: edited.iter().map(|s| s.to_string()).collect(),
            });
            continue;
        }
        let pick = |f: &'static str, v: &str| edited.contains(&f).then(|| v.to_string());
        let edit = Edit {
            owner: pick("owner", &row.values.owner),
            due: None,
            correction: pick("correction", &row.values.correction),
            root_cause: pick("root_cause", &row.values.root_cause),
            corrective_action: pick("corrective_action", &row.values.corrective_action),
            implementation_note: pick("implementation_note", &row.values.implementation_note),
        };
        let mut next = match apply_edit(&rec.action, &edit) {
            Ok(b) => b,
            Err(e) => {
                let field = edited
                    .iter()
                    .find(|f| **f != "status")
                    .copied()
                    .unwrap_or("status");
                rep.diagnostics
                    .push(Diagnostic::error(loc(field), e.to_string()));
                continue;
            }
        };
        if edited.contains(&"status") {
            let wanted = row.values.status.unwrap_or(next.status);
            let step = match wanted {
                s if s == next.status => Ok(next.clone()),
                ActionStatus::Implemented => {
                    apply_implement(&next, &next.implementation_note.clone(), actor.today)
                }
                ActionStatus::Planned => Err(illegal(
                    &next,
                    "plan",
                    format!("missing: {}", missing_plan(&next).join(", ")),
                )),
                other => Err(RegisterError::Invalid(format!(
                    "{}: status \"{other}\" cannot be set from the tracker; departments set planned or implemented, verification and closure are recorded with `isoaudit actions verify`/`close`",
                    row.id
                ))),
            };
            match step {
                Ok(b) => next = b,
                Err(e) => {
                    rep.diagnostics
                        .push(Diagnostic::error(loc("status"), e.to_string()));
                    continue;
                }
            }
        }
        let note = format!("imported from {} row {}", row.file, row.row);
        let saved = save(tx, &rec.action, next, actor, &note)?;
        if saved.revision != rec.action.revision {
            rep.applied.push((
                row.id.clone(),
                edited.iter().map(|s| s.to_string()).collect(),
            ));
        } else {
            rep.unchanged += 1;
        }
    }
    Ok(rep)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn action(status: ActionStatus) -> Action {
        Action {
            status,
            ..Action::new("A-hq-NC01", "2026-04-19".parse().unwrap())
        }
    }

    fn planned() -> Action {
        let mut a = action(ActionStatus::Planned);
        a.correction = "c".into();
        a.root_cause = "r".into();
        a.corrective_action = "ca".into();
        a
    }

    #[test]
    fn edit_plans_only_when_all_three_are_written() {
        let a = action(ActionStatus::Open);
        let b = apply_edit(
            &a,
            &Edit {
                correction: Some("c".into()),
                root_cause: Some("r".into()),
                ..Edit::default()
            },
        )
        .unwrap();
        assert_eq!(b.status, ActionStatus::Open);
        let c = apply_edit(
            &b,
            &Edit {
                corrective_action: Some("ca".into()),
                ..Edit::default()
            },
        )
        .unwrap();
        assert_eq!(c.status, ActionStatus::Planned);
        let e = apply_edit(
            &c,
            &Edit {
                root_cause: Some(" ".into()),
                ..Edit::default()
            },
        )
        .unwrap_err();
        assert!(e.to_string().contains("root cause"), "{e}");
    }

    #[test]
    fn diff_lists_changed_fields_only() {
        let a = action(ActionStatus::Open);
        let mut b = a.clone();
        b.owner = "张三".into();
        let d = action_diff(&a, &b);
        assert_eq!(d, vec![("owner", None, Some("张三".to_string()))]);
        assert!(action_diff(&a, &a).is_empty());
    }

    #[test]
    fn overdue_only_before_implementation() {
        let today: Date = "2026-04-20".parse().unwrap();
        assert_eq!(days_overdue(&action(ActionStatus::Open), today), Some(1));
        assert_eq!(days_overdue(&planned(), today), Some(1));
        assert_eq!(
            days_overdue(&action(ActionStatus::Implemented), today),
            None
        );
        assert_eq!(
            days_overdue(&planned(), "2026-04-19".parse().unwrap()),
            None
        );
    }

    #[test]
    fn closing_needs_an_effective_verification() {
        let today = "2026-05-01".parse().unwrap();
        for s in [
            ActionStatus::Open,
            ActionStatus::Planned,
            ActionStatus::Implemented,
        ] {
            let e = apply_close(&action(s), today).unwrap_err();
            assert!(e.to_string().contains("verification"), "{e}");
        }
        let mut v = planned();
        v.status = ActionStatus::Verified;
        v.verdict = Some(Verdict::Effective);
        assert_eq!(apply_close(&v, today).unwrap().status, ActionStatus::Closed);
    }
}
