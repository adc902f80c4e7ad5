//! The one narrow interface between the register's rules and its database. A backend implements
//! [`Store`] (transactions) and [`Tx`] (the handful of reads and writes the workflow needs).
//! There is deliberately no delete: cancelling is a status, history is append-only.

use super::attachments::Attachment;
use super::users::User;
use super::{Action, AuditRecord, Event, FindingRecord, Policy, Record, RegisterError};

/// How a transaction ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Read only: a consistent snapshot, no lock held against writers.
    Read,
    /// Read and write, serialised with other writers; committed when the body succeeds.
    Write,
    /// Like `Write`, but always rolled back (`--dry-run`).
    DryRun,
}

/// A register backend: runs a body inside one transaction.
pub trait Store {
    /// Run `body` in one transaction of `mode`. The body's error rolls everything back.
    fn transaction(
        &mut self,
        mode: Mode,
        body: &mut dyn FnMut(&mut dyn Tx) -> Result<(), RegisterError>,
    ) -> Result<(), RegisterError>;
}

/// Run `f` inside one transaction of `store` and return its value.
pub fn with<T>(
    store: &mut dyn Store,
    mode: Mode,
    f: impl FnOnce(&mut dyn Tx) -> Result<T, RegisterError>,
) -> Result<T, RegisterError> {
    let mut f = Some(f);
    let mut out = None;
    store.transaction(mode, &mut |tx| {
        let f = f.take().expect("the body runs once");
        out = Some(f(tx)?);
        Ok(())
    })?;
    Ok(out.expect("the body ran"))
}

/// The operations of one transaction.
pub trait Tx {
    /// The due-date policy stored in the register (defaults when never set).
    fn policy(&mut self) -> Result<Policy, RegisterError>;
    /// Store the policy.
    fn put_policy(&mut self, p: &Policy) -> Result<(), RegisterError>;
    /// Insert or update one audit of one office.
    fn put_audit(&mut self, a: &AuditRecord) -> Result<(), RegisterError>;
    /// Every audit, ordered by audit id then office.
    fn audits(&mut self) -> Result<Vec<AuditRecord>, RegisterError>;
    /// One finding by id.
    fn finding(&mut self, id: &str) -> Result<Option<FindingRecord>, RegisterError>;
    /// The finding of one audit of one office with this key.
    fn finding_by_key(
        &mut self,
        audit_id: &str,
        office_code: &str,
        key: &str,
    ) -> Result<Option<FindingRecord>, RegisterError>;
    /// Every finding of one audit of one office, ordered by id.
    fn findings_of(
        &mut self,
        audit_id: &str,
        office_code: &str,
    ) -> Result<Vec<FindingRecord>, RegisterError>;
    /// Insert a new finding, or replace the stored wording of an existing one (a stored key is
    /// kept when the new record has none).
    fn put_finding(&mut self, f: &FindingRecord) -> Result<(), RegisterError>;
    /// One action with its finding.
    fn record(&mut self, id: &str) -> Result<Option<Record>, RegisterError>;
    /// Every action with its finding, ordered by id.
    fn records(&mut self) -> Result<Vec<Record>, RegisterError>;
    /// Insert the action of a finding (its revision is 1).
    fn insert_action(&mut self, a: &Action) -> Result<(), RegisterError>;
    /// Store a changed action whose `revision` is one more than the stored one; anything else
    /// means someone changed it meanwhile and is refused with [`RegisterError::Stale`].
    fn update_action(&mut self, a: &Action) -> Result<(), RegisterError>;
    /// Append one event (its `seq` is assigned by the store).
    fn append_event(&mut self, e: &Event) -> Result<(), RegisterError>;
    /// Append an event with the `seq` it had in another register (copying a register into an
    /// empty one, where the numbers are free); later events are numbered after it.
    fn copy_event(&mut self, e: &Event) -> Result<(), RegisterError>;
    /// The history of one action (`None`: register-wide events), oldest first.
    fn events(&mut self, action_id: Option<&str>) -> Result<Vec<Event>, RegisterError>;

    /// The actions of one office (`None`: every office; compared ignoring ASCII case) and, when
    /// given, one department (compared with surrounding spaces trimmed), ordered by id. A plain
    /// filter of [`Tx::records`]; a backend may answer it with a WHERE clause.
    fn records_of(
        &mut self,
        office: Option<&str>,
        department: Option<&str>,
    ) -> Result<Vec<Record>, RegisterError> {
        Ok(self
            .records()?
            .into_iter()
            .filter(|r| in_scope(r, office, department))
            .collect())
    }
    /// Every event of every action that records a change of `field`, oldest first (the
    /// extension requests waiting for the quality manager). A plain filter of the history.
    fn events_of_field(&mut self, field: &str) -> Result<Vec<Event>, RegisterError> {
        let mut out = Vec::new();
        for r in self.records()? {
            out.extend(
                self.events(Some(&r.action.id))?
                    .into_iter()
                    .filter(|e| e.field == field),
            );
        }
        out.sort_by_key(|e| e.seq);
        Ok(out)
    }
    /// Record a file attached to an action (its `seq` is assigned by the store).
    fn add_attachment(&mut self, _a: &Attachment) -> Result<(), RegisterError> {
        Err(RegisterError::Invalid(
            "this register backend does not keep attachments yet".into(),
        ))
    }
    /// The files attached to one action, in the order attached.
    fn attachments(&mut self, _action_id: &str) -> Result<Vec<Attachment>, RegisterError> {
        Ok(Vec::new())
    }
    /// One user of `isoaudit serve` by login name.
    fn user(&mut self, _name: &str) -> Result<Option<User>, RegisterError> {
        Err(no_users())
    }
    /// Every user, ordered by name.
    fn users(&mut self) -> Result<Vec<User>, RegisterError> {
        Err(no_users())
    }
    /// Insert a user, or replace every column of the user of that name (a plain upsert by
    /// name: role, office, department, lang, password hash, disabled).
    fn put_user(&mut self, _u: &User) -> Result<(), RegisterError> {
        Err(no_users())
    }
    /// Every finding of the audits of offices `offices` (audit id, office code), and each
    /// finding whose id is one of `ids` wherever it is, each with its action when it has one,
    /// ordered by id: what a sync of those results reads (a server answers it in one query
    /// instead of a few per finding).
    fn findings_for_sync(
        &mut self,
        offices: &[(String, String)],
        ids: &[String],
    ) -> Result<Vec<(FindingRecord, Option<Action>)>, RegisterError> {
        let mut found = Vec::new();
        let mut have = std::collections::BTreeSet::new();
        for (audit_id, office_code) in offices {
            for f in self.findings_of(audit_id, office_code)? {
                if have.insert(f.id.clone()) {
                    found.push(f);
                }
            }
        }
        for id in ids {
            if have.insert(id.clone())
                && let Some(f) = self.finding(id)?
            {
                found.push(f);
            }
        }
        found.sort_by(|a, b| a.id.cmp(&b.id));
        let mut out = Vec::with_capacity(found.len());
        for f in found {
            let action = self.record(&f.id)?.map(|r| r.action);
            out.push((f, action));
        }
        Ok(out)
    }
    /// Store `findings` as [`Tx::put_finding`] would one after the other (no id twice), then
    /// insert `actions` as [`Tx::insert_action`], then append `events` in their order as
    /// [`Tx::append_event`]. A backend may send each list in one statement.
    fn put_batch(
        &mut self,
        findings: &[FindingRecord],
        actions: &[Action],
        events: &[Event],
    ) -> Result<(), RegisterError> {
        for f in findings {
            self.put_finding(f)?;
        }
        for a in actions {
            self.insert_action(a)?;
        }
        for e in events {
            self.append_event(e)?;
        }
        Ok(())
    }
}

/// Whether `r` belongs to `office` (`None`: any) and `department` (`None`: any), as
/// [`Tx::records_of`] compares them.
pub fn in_scope(r: &Record, office: Option<&str>, department: Option<&str>) -> bool {
    office.is_none_or(|o| r.finding.office_code.eq_ignore_ascii_case(o))
        && department.is_none_or(|d| r.finding.department.trim_matches(' ') == d.trim_matches(' '))
}

/// What a backend that keeps no users answers (the users methods are optional so that a new
/// backend can open registers before it stores users).
fn no_users() -> RegisterError {
    RegisterError::Invalid("this register backend does not keep users yet".into())
}
