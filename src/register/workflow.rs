//! The register's rules: raising actions from audit results, the status workflow, the policy
//! and applying a department's tracker. Every function works inside one transaction through the
//! [`Tx`] interface; transitions are pure functions over [`Action`] and one `save` records the
//! difference as history.

use super::batch::Batched;
use super::{
    Action, ActionStatus, Actor, AuditRecord, Date, Event, FindingRecord, Policy, Record,
    RegisterError, Tx, Verdict,
};
use crate::model::{
    AuditResult, Diagnostic, Finding, Lang, Location, Outcome, RESULT_SCHEMA_VERSION, Say, Text,
};
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
    let bytes = std::fs::read(path).map_err(|e| {
        Diagnostic::error(
            loc.clone(),
            Text::new(Say::ResultCannotRead).with("reason", e),
        )
    })?;
    let value: serde_json::Value = serde_json::from_slice(&bytes).map_err(|e| {
        Diagnostic::error(
            Location {
                line: Some(e.line() as u32),
                ..loc.clone()
            },
            Text::new(Say::ResultNotJson).with("reason", e),
        )
        .with_hint(Text::new(Say::ResultGiveHint))
    })?;
    match value.get("schema_version").and_then(|v| v.as_u64()) {
        Some(v) if v == u64::from(RESULT_SCHEMA_VERSION) => {}
        Some(v) => {
            return Err(Diagnostic::error(
                loc,
                Text::new(Say::ResultSchema)
                    .with("found", v)
                    .with("reads", RESULT_SCHEMA_VERSION),
            )
            .with_hint(Text::new(Say::ResultSchemaHint)));
        }
        None => {
            return Err(Diagnostic::error(loc, Text::new(Say::ResultNoSchema))
                .with_hint(Text::new(Say::ResultGiveHint)));
        }
    }
    serde_json::from_value(value).map_err(|e| {
        Diagnostic::error(loc, Text::new(Say::ResultLayout).with("reason", e))
            .with_hint(Text::new(Say::ResultLayoutHint))
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

/// A finding the register knows under one id that the synced result shows under another
/// display number (its key is the same, so it is the same finding).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Relabel {
    /// The id in the register: the action's id, kept.
    pub id: String,
    /// The display number in the result.
    pub shown_as: String,
    pub source: String,
}

/// What a sync did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct SyncReport {
    /// Actions raised now.
    pub added: Vec<String>,
    /// Findings already in the register with the same wording.
    pub unchanged: usize,
    /// Findings whose wording changed; their actions were left as they are (but for the due
    /// date of a changed grade, see `due_changed`).
    pub changed: Vec<WordingChange>,
    /// Findings the result numbers differently from the register.
    pub relabelled: Vec<Relabel>,
    /// Actions whose due date was counted again for a changed grade: id, old, new.
    pub due_changed: Vec<(String, String, String)>,
    /// Findings in the register that a synced audit no longer lists (kept, never deleted).
    pub missing: Vec<String>,
    /// Observations and OFIs the policy does not track.
    pub untracked: usize,
    pub diagnostics: Vec<Diagnostic>,
}

/// Ids or keys listed twice in one result: an error, as the result cannot say which is which.
fn duplicates(result: &AuditResult) -> Vec<String> {
    let mut ids: BTreeMap<&str, u32> = BTreeMap::new();
    let mut keys: BTreeMap<&str, u32> = BTreeMap::new();
    for f in result.nonconformities.iter().chain(&result.observations) {
        *ids.entry(f.id.as_str()).or_default() += 1;
        if !f.key.is_empty() {
            *keys.entry(f.key.as_str()).or_default() += 1;
        }
    }
    let mut v: Vec<String> = ids
        .into_iter()
        .filter(|(_, n)| *n > 1)
        .map(|(id, n)| format!("id {id} ({n} times)"))
        .collect();
    v.extend(
        keys.into_iter()
            .filter(|(_, n)| *n > 1)
            .map(|(k, n)| format!("key {k} ({n} times)")),
    );
    v
}

/// Raise one action per tracked finding of `inputs`. Idempotent by finding key: a finding
/// already in the register is compared, never re-raised, and its action never attached to
/// another finding. A finding keeps the id (the display number) it was first synced under.
pub fn sync(
    tx: &mut dyn Tx,
    inputs: &[SyncInput],
    o: &PolicyOverride,
    actor: &Actor,
) -> Result<SyncReport, RegisterError> {
    // What every result synced needs from the register is read in one go, and the writes are
    // sent together (see `batch`): a database server is asked a few times, not per finding.
    let mut view = Batched::new(tx);
    let mut offices = Vec::new();
    let mut ids = Vec::new();
    for input in inputs {
        let r = &input.result;
        offices.push((r.audit.audit_id.clone(), r.audit.office_code.clone()));
        ids.extend(
            r.nonconformities
                .iter()
                .chain(&r.observations)
                .map(|f| f.id.clone()),
        );
    }
    view.load(&offices, &ids)?;
    let rep = sync_offices(&mut view, inputs, o, actor)?;
    view.flush()?;
    Ok(rep)
}

fn sync_offices(
    tx: &mut dyn Tx,
    inputs: &[SyncInput],
    o: &PolicyOverride,
    actor: &Actor,
) -> Result<SyncReport, RegisterError> {
    let policy = o.apply(tx.policy()?);
    let mut rep = SyncReport::default();
    // Per audit and office synced: the register ids its findings now hold.
    let mut seen: BTreeMap<(String, String), BTreeSet<String>> = BTreeMap::new();
    let mut sources: BTreeSet<String> = BTreeSet::new();
    for input in inputs {
        let info = &input.result.audit;
        let loc = Location {
            file: input.source.clone(),
            ..Default::default()
        };
        if info.audit_id.trim().is_empty() || info.office_code.trim().is_empty() {
            rep.diagnostics.push(
                Diagnostic::error(loc, Text::new(Say::ResultNoIds))
                    .with_hint(Text::new(Say::ResultNoIdsHint)),
            );
            continue;
        }
        let dups = duplicates(&input.result);
        if !dups.is_empty() {
            rep.diagnostics.push(
                Diagnostic::error(
                    loc,
                    Text::new(Say::ResultDuplicates).with("ids", dups.join(", ")),
                )
                .with_hint(Text::new(Say::ResultDuplicatesHint)),
            );
            continue;
        }
        let office = (info.audit_id.clone(), info.office_code.clone());
        // The same file named twice (a folder and a file in it) is synced once.
        if !sources.insert(input.source.clone()) {
            continue;
        }
        if seen.contains_key(&office) {
            rep.diagnostics.push(
                Diagnostic::error(
                    loc,
                    Text::new(Say::ResultSecond)
                        .with("audit", &info.audit_id)
                        .with("office", &info.office_code),
                )
                .with_hint(Text::new(Say::ResultSecondHint)),
            );
            continue;
        }
        let findings: Vec<&Finding> = input
            .result
            .nonconformities
            .iter()
            .chain(&input.result.observations)
            .collect();
        if findings.iter().any(|f| f.key.is_empty()) {
            rep.diagnostics.push(
                Diagnostic::warning(loc.clone(), Text::new(Say::ResultNoKeys))
                    .with_hint(Text::new(Say::ResultNoKeysHint)),
            );
        }
        let (start, end) = (info.start_date, info.end_date);
        tx.put_audit(&AuditRecord::from_result(&input.result, &input.source))?;
        let mut held: BTreeSet<String> = BTreeSet::new();
        // Display numbers of this result: a new finding is never registered under one of them
        // that belongs to another finding of the result.
        let shown: BTreeSet<&str> = findings.iter().map(|f| f.id.as_str()).collect();
        for f in findings {
            let raised = match f.date {
                Some(d) => d,
                None => match end.or(start) {
                    Some(d) => d,
                    None => {
                        rep.diagnostics.push(
                            Diagnostic::error(
                                loc.clone(),
                                Text::new(Say::FindingNoDate).with("id", &f.id),
                            )
                            .with_hint(Text::new(Say::FindingNoDateHint)),
                        );
                        hold_known(tx, f, info, &mut held)?;
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
                    Text::new(Say::FindingBadGrade).with("id", &f.id).with2(
                        "grade",
                        f.grade.label(Lang::En),
                        f.grade.label(Lang::Zh),
                    ),
                ));
                continue;
            }
            let record = finding_record(f, info, raised);
            if let Some(id) = sync_one(tx, record, &shown, &policy, input, actor, &mut rep)? {
                held.insert(id);
            }
        }
        seen.insert(office, held);
    }
    // Findings an audit no longer lists are reported, never deleted.
    for ((audit_id, office_code), held) in &seen {
        for f in tx.findings_of(audit_id, office_code)? {
            if !held.contains(&f.id) {
                rep.missing.push(f.id);
            }
        }
    }
    rep.missing.sort();
    Ok(rep)
}

/// A finding skipped for a bad date is still listed by its audit: not reported as missing.
fn hold_known(
    tx: &mut dyn Tx,
    f: &Finding,
    info: &crate::model::AuditInfo,
    held: &mut BTreeSet<String>,
) -> Result<(), RegisterError> {
    let known = if f.key.is_empty() {
        tx.finding(&f.id)?
    } else {
        tx.finding_by_key(&info.audit_id, &info.office_code, &f.key)?
    };
    if let Some(k) = known {
        held.insert(k.id);
    }
    Ok(())
}

fn finding_record(f: &Finding, info: &crate::model::AuditInfo, raised: Date) -> FindingRecord {
    FindingRecord {
        id: f.id.clone(),
        key: (!f.key.is_empty()).then(|| f.key.clone()),
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

/// What the register holds for the finding `new`, by key; `Err` with the reason when it
/// cannot tell (refused, nothing changed).
fn known_finding(
    tx: &mut dyn Tx,
    new: &FindingRecord,
) -> Result<Result<Option<FindingRecord>, Text>, RegisterError> {
    if let Some(key) = &new.key
        && let Some(old) = tx.finding_by_key(&new.audit_id, &new.office_code, key)?
    {
        return Ok(Ok(Some(old)));
    }
    let Some(old) = tx.finding(&new.id)? else {
        return Ok(Ok(None));
    };
    if old.audit_id != new.audit_id || old.office_code != new.office_code {
        return Ok(Err(Text::new(Say::FindingOtherAudit)
            .with("id", &old.id)
            .with("audit", &old.audit_id)
            .with("office", &old.office_code)));
    }
    match (&old.key, &new.key) {
        // The number belongs to another finding: the new one is registered under a fresh number.
        (Some(_), Some(_)) => Ok(Ok(None)),
        // One side predates keys: the number is all there is to go on, and a number that now
        // names another clause or grade may be another finding.
        _ if old.clause != new.clause || old.grade != new.grade => {
            Ok(Err(Text::new(Say::FindingOtherClause)
                .with("id", &old.id)
                .with("old_clause", &old.clause)
                .with2(
                    "old_grade",
                    old.grade.label(Lang::En),
                    old.grade.label(Lang::Zh),
                )
                .with("new_clause", &new.clause)
                .with2(
                    "new_grade",
                    new.grade.label(Lang::En),
                    new.grade.label(Lang::Zh),
                )
                .with_text(
                    "side",
                    &Text::new(if old.key.is_none() {
                        Say::TheRegister
                    } else {
                        Say::TheResult
                    }),
                )))
        }
        _ => Ok(Ok(Some(old))),
    }
}

/// The next number of `id`'s series (NC, OB, OFI) free in the register and in the result.
fn fresh_id(
    tx: &mut dyn Tx,
    new: &FindingRecord,
    shown: &BTreeSet<&str>,
) -> Result<String, RegisterError> {
    let prefix = format!("{}-{}-", new.audit_id, new.office_code);
    let tag: String = new
        .id
        .strip_prefix(&prefix)
        .map(|r| r.chars().take_while(|c| c.is_ascii_uppercase()).collect())
        .unwrap_or_else(|| "NC".into());
    let number = |id: &str| -> Option<u32> {
        let rest = id.strip_prefix(&prefix)?.strip_prefix(tag.as_str())?;
        rest.parse().ok()
    };
    let used: BTreeSet<String> = tx
        .findings_of(&new.audit_id, &new.office_code)?
        .into_iter()
        .map(|f| f.id)
        .collect();
    let top = used
        .iter()
        .map(String::as_str)
        .chain(shown.iter().copied())
        .filter_map(number)
        .max()
        .unwrap_or(0);
    Ok(format!("{prefix}{tag}{:02}", top + 1))
}

/// Sync one finding; returns the register id it is held under (`None` when refused).
fn sync_one(
    tx: &mut dyn Tx,
    mut new: FindingRecord,
    shown: &BTreeSet<&str>,
    policy: &Policy,
    input: &SyncInput,
    actor: &Actor,
    rep: &mut SyncReport,
) -> Result<Option<String>, RegisterError> {
    let loc = Location::file(input.source.clone());
    let days = policy.days(new.grade);
    let shown_as = new.id.clone();
    let old = match known_finding(tx, &new)? {
        Ok(old) => old,
        Err(why) => {
            rep.diagnostics.push(
                Diagnostic::error(
                    loc,
                    Text::new(Say::FindingNotSynced)
                        .with("id", &shown_as)
                        .with_text("why", &why),
                )
                .with_hint(Text::new(Say::FindingNotSyncedHint)),
            );
            return Ok(None);
        }
    };
    match old {
        None => {
            if tx.finding(&new.id)?.is_some() {
                new.id = fresh_id(tx, &new, shown)?;
                rep.relabelled.push(Relabel {
                    id: new.id.clone(),
                    shown_as: shown_as.clone(),
                    source: input.source.clone(),
                });
            }
            tx.put_finding(&new)?;
        }
        Some(old) => {
            new.id.clone_from(&old.id);
            if new.id != shown_as {
                rep.relabelled.push(Relabel {
                    id: new.id.clone(),
                    shown_as: shown_as.clone(),
                    source: input.source.clone(),
                });
            }
            let fields = wording_diff(&old, &new);
            if fields.is_empty() {
                rep.unchanged += 1;
                if old.key.is_none() && new.key.is_some() {
                    tx.put_finding(&new)?;
                }
            } else {
                // Keep the new wording so the change is reported once; the action itself is
                // the department's work and stays as it is. History keeps the old wording.
                tx.put_finding(&new)?;
                if let Some(rec) = tx.record(&new.id)? {
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
                                "changed in {} since the last sync (shown there as {shown_as}); the action was not changed",
                                input.source
                            ),
                        })?;
                    }
                    // A changed grade (or date) changes what the policy allows: the due date is
                    // counted again, with history, while the action is still being worked on.
                    let regraded = old.grade != new.grade || old.raised != new.raised;
                    // Only a due date the policy gave: one set by hand (`update --due`) stays.
                    let by_policy = policy
                        .days(old.grade)
                        .is_some_and(|d| old.raised.add_days(i64::from(d)) == rec.action.due);
                    if regraded && !by_policy && !rec.action.status.is_final() {
                        rep.diagnostics.push(Diagnostic::warning(
                            Location::file(input.source.clone()),
                            Text::new(Say::DueSetByHand)
                                .with("id", &new.id)
                                .with("due", rec.action.due),
                        ));
                    }
                    if regraded
                        && by_policy
                        && let Some(d) = days
                        && !rec.action.status.is_final()
                    {
                        let due = new.raised.add_days(i64::from(d));
                        if due != rec.action.due {
                            let mut after = rec.action.clone();
                            after.due = due;
                            save(
                                tx,
                                &rec.action,
                                after,
                                actor,
                                &if old.grade != new.grade {
                                    format!(
                                        "grade {} → {}: due counted again ({} days from {})",
                                        old.grade.key(),
                                        new.grade.key(),
                                        d,
                                        new.raised
                                    )
                                } else {
                                    format!(
                                        "finding date {} → {}: due counted again ({} days)",
                                        old.raised, new.raised, d
                                    )
                                },
                            )?;
                            rep.due_changed.push((
                                new.id.clone(),
                                rec.action.due.to_string(),
                                due.to_string(),
                            ));
                        }
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
        return Ok(Some(new.id));
    };
    if tx.record(&new.id)?.is_some() {
        return Ok(Some(new.id));
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
    Ok(Some(new.id))
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

fn illegal(a: &Action, verb: &'static str, missing: impl Into<Text>) -> RegisterError {
    RegisterError::Illegal {
        id: a.id.clone(),
        verb,
        status: a.status,
        missing: missing.into(),
    }
}

fn final_message(a: &Action) -> Text {
    match a.status {
        ActionStatus::Closed => Text::new(Say::IllClosed).with(
            "date",
            a.closed_on.map_or_else(|| "?".into(), |d| d.to_string()),
        ),
        _ => Text::new(Say::IllCancelled).with("reason", &a.cancel_reason),
    }
}

/// The plan fields still empty: correction, root cause, corrective action.
pub fn missing_plan(a: &Action) -> Vec<Text> {
    let mut m = Vec::new();
    if a.correction.trim().is_empty() {
        m.push(Text::new(Say::FieldCorrection));
    }
    if a.root_cause.trim().is_empty() {
        m.push(Text::new(Say::FieldRootCause));
    }
    if a.corrective_action.trim().is_empty() {
        m.push(Text::new(Say::FieldAction));
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
            Text::new(Say::IllKeepPlan).with_list("fields", &missing),
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
                Text::new(Say::IllPlanFirst).with_list("fields", &missing_plan(a)),
            ));
        }
        ActionStatus::Implemented | ActionStatus::Verified => {
            return Err(illegal(
                a,
                "implement",
                Text::new(Say::IllImplementedOn).with(
                    "date",
                    a.implemented_on
                        .map_or_else(|| "?".into(), |d| d.to_string()),
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
            return Err(illegal(a, "verify", Text::new(Say::IllNotImplemented)));
        }
        ActionStatus::Verified => {
            return Err(illegal(a, "verify", Text::new(Say::IllVerified)));
        }
        _ => return Err(illegal(a, "verify", final_message(a))),
    }
    if v.method.trim().is_empty() {
        return Err(illegal(a, "verify", Text::new(Say::IllNoMethod)));
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
                        return Err(illegal(a, "reopen", Text::new(Say::IllNoDue)));
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
            return Err(illegal(a, "close", Text::new(Say::IllNoVerification)));
        }
        ActionStatus::Open | ActionStatus::Planned | ActionStatus::Verified => {
            return Err(illegal(a, "close", Text::new(Say::IllNothingDone)));
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
        return Err(illegal(a, "cancel", Text::new(Say::IllNoReason)));
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
                Diagnostic::error(loc("id"), Text::new(Say::NoSuchAction).with("id", &row.id))
                    .with_hint(Text::new(Say::NoSuchActionHint)),
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
                    Text::new(Say::IllMissing).with_list("fields", &missing_plan(&next)),
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
