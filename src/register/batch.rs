//! A sync asks the register about one finding at a time; against a database server each
//! question is a round trip, and a sync of 10,000 findings made some 60,000 of them. [`Batched`]
//! sits between the workflow and the backend as a [`Tx`] of its own: it reads what a sync needs
//! (the findings of its results' audits, and those their display numbers name) in one call
//! ([`Tx::findings_for_sync`]), answers the workflow's questions about them from memory, and
//! keeps the new findings, actions
//! and events until a call it cannot answer (or the end), then sends them in one call
//! ([`Tx::put_batch`]). The workflow's code is the same on every backend, and sees what it would
//! have seen asking the database: every write passes through here and is remembered.

use super::attachments::Attachment;
use super::users::User;
use super::{Action, AuditRecord, Event, FindingRecord, Policy, Record, RegisterError, Tx};
use std::collections::{BTreeSet, HashMap};

/// An audit of an office: (audit id, office code).
type Office = (String, String);

pub struct Batched<'a> {
    tx: &'a mut dyn Tx,
    /// Each finding id looked at, as the register holds it with the pending writes applied;
    /// `None`: the register has no finding of that id.
    findings: HashMap<String, Option<FindingRecord>>,
    /// The action of each finding id looked at; `None`: the finding has none.
    actions: HashMap<String, Option<Action>>,
    /// The offices read whole, with the ids of their findings.
    offices: HashMap<Office, BTreeSet<String>>,
    /// The keyed findings of the offices read whole: (audit, office, key) → id.
    keys: HashMap<(String, String, String), String>,
    /// Findings to store, at most once per id (the last wording wins, as in the database).
    pending_findings: Vec<FindingRecord>,
    pending_at: HashMap<String, usize>,
    pending_actions: Vec<Action>,
    /// Events to append, in the order they were recorded (their numbers follow that order).
    pending_events: Vec<Event>,
}

impl<'a> Batched<'a> {
    pub fn new(tx: &'a mut dyn Tx) -> Batched<'a> {
        Batched {
            tx,
            findings: HashMap::new(),
            actions: HashMap::new(),
            offices: HashMap::new(),
            keys: HashMap::new(),
            pending_findings: Vec::new(),
            pending_at: HashMap::new(),
            pending_actions: Vec::new(),
            pending_events: Vec::new(),
        }
    }

    /// Read the findings of the audits of `offices` and those with one of `ids` (results'
    /// display numbers, which may belong to another office), with their actions.
    pub fn load(
        &mut self,
        offices: &[(String, String)],
        ids: &[String],
    ) -> Result<(), RegisterError> {
        let offices: Vec<(String, String)> = offices
            .iter()
            .filter(|o| !self.offices.contains_key(*o))
            .cloned()
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        let ids: Vec<String> = ids
            .iter()
            .filter(|id| !self.findings.contains_key(*id))
            .cloned()
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        if offices.is_empty() && ids.is_empty() {
            return Ok(());
        }
        // The database answers for what it holds: it must hold what was written.
        self.flush()?;
        for o in &offices {
            self.offices.insert(o.clone(), BTreeSet::new());
        }
        for (f, a) in self.tx.findings_for_sync(&offices, &ids)? {
            let office = (f.audit_id.clone(), f.office_code.clone());
            if let Some(held) = self.offices.get_mut(&office) {
                held.insert(f.id.clone());
                if let Some(k) = &f.key {
                    self.keys
                        .insert((office.0, office.1, k.clone()), f.id.clone());
                }
            }
            self.actions.insert(f.id.clone(), a);
            self.findings.insert(f.id.clone(), Some(f));
        }
        for id in ids {
            if !self.findings.contains_key(&id) {
                self.findings.insert(id.clone(), None);
                self.actions.insert(id, None);
            }
        }
        Ok(())
    }

    /// Send the pending writes.
    pub fn flush(&mut self) -> Result<(), RegisterError> {
        if self.pending_findings.is_empty()
            && self.pending_actions.is_empty()
            && self.pending_events.is_empty()
        {
            return Ok(());
        }
        let findings = std::mem::take(&mut self.pending_findings);
        let actions = std::mem::take(&mut self.pending_actions);
        let events = std::mem::take(&mut self.pending_events);
        self.pending_at.clear();
        self.tx.put_batch(&findings, &actions, &events)
    }

    /// The finding `id` as the register holds it, asking the database when not looked at yet.
    fn known(&mut self, id: &str) -> Result<Option<FindingRecord>, RegisterError> {
        if let Some(f) = self.findings.get(id) {
            return Ok(f.clone());
        }
        self.flush()?;
        let f = self.tx.finding(id)?;
        if f.is_none() {
            self.actions.insert(id.to_string(), None);
        }
        self.findings.insert(id.to_string(), f.clone());
        Ok(f)
    }
}

impl Tx for Batched<'_> {
    fn policy(&mut self) -> Result<Policy, RegisterError> {
        self.flush()?;
        self.tx.policy()
    }

    fn put_policy(&mut self, p: &Policy) -> Result<(), RegisterError> {
        self.flush()?;
        self.tx.put_policy(p)
    }

    fn put_audit(&mut self, a: &AuditRecord) -> Result<(), RegisterError> {
        // Not a read, and the pending findings name audits already stored: nothing to send.
        self.tx.put_audit(a)
    }

    fn audits(&mut self) -> Result<Vec<AuditRecord>, RegisterError> {
        self.flush()?;
        self.tx.audits()
    }

    fn finding(&mut self, id: &str) -> Result<Option<FindingRecord>, RegisterError> {
        self.known(id)
    }

    fn finding_by_key(
        &mut self,
        audit_id: &str,
        office_code: &str,
        key: &str,
    ) -> Result<Option<FindingRecord>, RegisterError> {
        if self
            .offices
            .contains_key(&(audit_id.to_string(), office_code.to_string()))
        {
            let k = (
                audit_id.to_string(),
                office_code.to_string(),
                key.to_string(),
            );
            return Ok(match self.keys.get(&k) {
                Some(id) => self.findings.get(id).cloned().flatten(),
                None => None,
            });
        }
        self.flush()?;
        self.tx.finding_by_key(audit_id, office_code, key)
    }

    fn findings_of(
        &mut self,
        audit_id: &str,
        office_code: &str,
    ) -> Result<Vec<FindingRecord>, RegisterError> {
        if let Some(ids) = self
            .offices
            .get(&(audit_id.to_string(), office_code.to_string()))
        {
            return Ok(ids
                .iter()
                .filter_map(|id| self.findings.get(id).cloned().flatten())
                .collect());
        }
        self.flush()?;
        self.tx.findings_of(audit_id, office_code)
    }

    fn put_finding(&mut self, f: &FindingRecord) -> Result<(), RegisterError> {
        // What the database makes of it: an existing finding keeps its audit and office (the
        // upsert does not change them) and its key when the new record has none.
        let stored = match self.known(&f.id)? {
            Some(old) => {
                if let Some(k) = &old.key {
                    self.keys
                        .remove(&(old.audit_id.clone(), old.office_code.clone(), k.clone()));
                }
                FindingRecord {
                    audit_id: old.audit_id,
                    office_code: old.office_code,
                    key: f.key.clone().or(old.key),
                    ..f.clone()
                }
            }
            None => f.clone(),
        };
        let office = (stored.audit_id.clone(), stored.office_code.clone());
        if let Some(ids) = self.offices.get_mut(&office) {
            ids.insert(stored.id.clone());
            if let Some(k) = &stored.key {
                self.keys
                    .insert((office.0, office.1, k.clone()), stored.id.clone());
            }
        }
        match self.pending_at.get(&stored.id) {
            Some(&i) => self.pending_findings[i] = stored.clone(),
            None => {
                self.pending_at
                    .insert(stored.id.clone(), self.pending_findings.len());
                self.pending_findings.push(stored.clone());
            }
        }
        self.findings.insert(stored.id.clone(), Some(stored));
        Ok(())
    }

    fn record(&mut self, id: &str) -> Result<Option<Record>, RegisterError> {
        if let Some(f) = self.findings.get(id) {
            let Some(f) = f else { return Ok(None) };
            if let Some(a) = self.actions.get(id) {
                return Ok(a.as_ref().map(|a| Record {
                    finding: f.clone(),
                    action: a.clone(),
                }));
            }
        }
        self.flush()?;
        let r = self.tx.record(id)?;
        if let Some(r) = &r {
            self.findings
                .insert(id.to_string(), Some(r.finding.clone()));
            self.actions.insert(id.to_string(), Some(r.action.clone()));
        } else if matches!(self.findings.get(id), Some(Some(_))) {
            self.actions.insert(id.to_string(), None);
        }
        Ok(r)
    }

    fn records(&mut self) -> Result<Vec<Record>, RegisterError> {
        self.flush()?;
        self.tx.records()
    }

    fn insert_action(&mut self, a: &Action) -> Result<(), RegisterError> {
        // Kept for later only when it is sure to go in: its finding is there and it has no
        // action yet; anything else is the database's to refuse, now.
        let ready = self.known(&a.id)?.is_some() && matches!(self.actions.get(&a.id), Some(None));
        if !ready {
            self.flush()?;
            self.tx.insert_action(a)?;
        } else {
            self.pending_actions.push(a.clone());
        }
        self.actions.insert(a.id.clone(), Some(a.clone()));
        Ok(())
    }

    fn update_action(&mut self, a: &Action) -> Result<(), RegisterError> {
        self.flush()?;
        self.tx.update_action(a)?;
        self.actions.insert(a.id.clone(), Some(a.clone()));
        Ok(())
    }

    fn append_event(&mut self, e: &Event) -> Result<(), RegisterError> {
        self.pending_events.push(e.clone());
        Ok(())
    }

    fn copy_event(&mut self, e: &Event) -> Result<(), RegisterError> {
        self.flush()?;
        self.tx.copy_event(e)
    }

    fn events(&mut self, action_id: Option<&str>) -> Result<Vec<Event>, RegisterError> {
        self.flush()?;
        self.tx.events(action_id)
    }

    fn records_of(
        &mut self,
        office: Option<&str>,
        department: Option<&str>,
    ) -> Result<Vec<Record>, RegisterError> {
        self.flush()?;
        self.tx.records_of(office, department)
    }

    fn events_of_field(&mut self, field: &str) -> Result<Vec<Event>, RegisterError> {
        self.flush()?;
        self.tx.events_of_field(field)
    }

    fn add_attachment(&mut self, a: &Attachment) -> Result<(), RegisterError> {
        self.flush()?;
        self.tx.add_attachment(a)
    }

    fn attachments(&mut self, action_id: &str) -> Result<Vec<Attachment>, RegisterError> {
        self.flush()?;
        self.tx.attachments(action_id)
    }

    fn user(&mut self, name: &str) -> Result<Option<User>, RegisterError> {
        self.flush()?;
        self.tx.user(name)
    }

    fn users(&mut self) -> Result<Vec<User>, RegisterError> {
        self.flush()?;
        self.tx.users()
    }

    fn put_user(&mut self, u: &User) -> Result<(), RegisterError> {
        self.flush()?;
        self.tx.put_user(u)
    }

    fn findings_for_sync(
        &mut self,
        offices: &[(String, String)],
        ids: &[String],
    ) -> Result<Vec<(FindingRecord, Option<Action>)>, RegisterError> {
        self.flush()?;
        self.tx.findings_for_sync(offices, ids)
    }

    fn put_batch(
        &mut self,
        findings: &[FindingRecord],
        actions: &[Action],
        events: &[Event],
    ) -> Result<(), RegisterError> {
        self.flush()?;
        self.tx.put_batch(findings, actions, events)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Outcome;
    use crate::register::sqlite::SqliteStore;
    use crate::register::store::{Mode, with};

    fn finding(id: &str, office: &str, key: Option<&str>, statement: &str) -> FindingRecord {
        FindingRecord {
            id: id.into(),
            key: key.map(str::to_string),
            audit_id: "A".into(),
            office_code: office.into(),
            clause: "7.5.3".into(),
            grade: Outcome::Minor,
            statement: statement.into(),
            evidence: "e".into(),
            department: "d".into(),
            auditor: "a".into(),
            procedure: String::new(),
            raised: "2026-03-18".parse().unwrap(),
            source: "s".into(),
        }
    }

    fn event(id: &str, note: &str) -> Event {
        Event {
            seq: 0,
            action_id: Some(id.into()),
            at: "2026-06-01".parse().unwrap(),
            by: "t".into(),
            field: "status".into(),
            old: None,
            new: Some("open".into()),
            note: note.into(),
        }
    }

    /// Every read the sync makes, as one value to compare.
    type Reads = (
        Vec<Option<FindingRecord>>,
        Vec<Option<FindingRecord>>,
        Vec<Vec<FindingRecord>>,
        Vec<Option<Record>>,
    );

    fn reads(tx: &mut dyn Tx) -> Reads {
        let ids = [
            "A-o1-NC01",
            "A-o1-NC02",
            "A-o1-NC03",
            "A-o2-NC01",
            "A-o2-NC09",
            "B",
        ];
        let keys = ["k1", "k2", "k3", "k9"];
        (
            ids.iter().map(|id| tx.finding(id).unwrap()).collect(),
            keys.iter()
                .map(|k| tx.finding_by_key("A", "o1", k).unwrap())
                .collect(),
            ["o1", "o2"]
                .iter()
                .map(|o| tx.findings_of("A", o).unwrap())
                .collect(),
            ids.iter().map(|id| tx.record(id).unwrap()).collect(),
        )
    }

    #[test]
    fn answers_from_memory_what_the_database_answers_after_the_writes() {
        let d = tempfile::tempdir().unwrap();
        let mut store = SqliteStore::open(&d.path().join("r.db"), true).unwrap();
        let due: crate::model::Date = "2026-04-17".parse().unwrap();
        let (held, stored, events) = with(&mut store, Mode::Write, |tx| {
            for office in ["o1", "o2"] {
                tx.put_audit(&AuditRecord {
                    audit_id: "A".into(),
                    office_code: office.into(),
                    ..AuditRecord::default()
                })?;
            }
            // Before: a keyed finding with its action, a keyless one, one in another office.
            tx.put_finding(&finding("A-o1-NC01", "o1", Some("k1"), "old"))?;
            tx.insert_action(&Action::new("A-o1-NC01", due))?;
            tx.put_finding(&finding("A-o1-NC02", "o1", None, "keyless"))?;
            tx.put_finding(&finding("A-o2-NC01", "o2", Some("k1"), "elsewhere"))?;

            let mut b = Batched::new(tx);
            b.load(
                &[("A".into(), "o1".into())],
                &["A-o1-NC01".into(), "A-o2-NC01".into(), "B".into()],
            )?;
            // A new wording without a key keeps the key; a keyless finding gets one; a new
            // finding with its action; the same finding twice (the last wording wins); a
            // finding of another office by id, and one nobody looked at.
            b.put_finding(&finding("A-o1-NC01", "o1", None, "new"))?;
            b.put_finding(&finding("A-o1-NC02", "o1", Some("k2"), "keyless"))?;
            b.put_finding(&finding("A-o1-NC03", "o1", Some("k3"), "first"))?;
            b.put_finding(&finding("A-o1-NC03", "o1", Some("k3"), "second"))?;
            b.insert_action(&Action::new("A-o1-NC03", due))?;
            b.put_finding(&finding("A-o2-NC01", "o1", None, "moved?"))?;
            b.put_finding(&finding("A-o2-NC09", "o2", Some("k9"), "unseen"))?;
            b.append_event(&event("A-o1-NC03", "one"))?;
            b.append_event(&event("A-o1-NC01", "two"))?;
            b.append_event(&event("A-o1-NC03", "three"))?;
            let held = reads(&mut b);
            b.flush()?;
            drop(b);
            let stored = reads(tx);
            let events: Vec<String> = ["A-o1-NC01", "A-o1-NC03"]
                .iter()
                .flat_map(|id| tx.events(Some(id)).unwrap())
                .map(|e| format!("{} {}", e.seq, e.note))
                .collect();
            Ok((held, stored, events))
        })
        .unwrap();
        assert_eq!(held, stored);
        // What the database made of the writes, as the rules of `put_finding` say.
        let (found, by_key, of, records) = stored;
        assert_eq!(found[0].as_ref().unwrap().key.as_deref(), Some("k1"));
        assert_eq!(found[0].as_ref().unwrap().statement, "new");
        assert_eq!(found[2].as_ref().unwrap().statement, "second");
        assert_eq!(found[3].as_ref().unwrap().office_code, "o2");
        assert_eq!(found[5], None);
        assert_eq!(by_key[1].as_ref().unwrap().id, "A-o1-NC02");
        assert_eq!(by_key[3], None, "k9 is a key of office o2");
        assert_eq!(of[0].len(), 3);
        assert_eq!(of[1].len(), 2);
        assert!(records[0].is_some() && records[2].is_some() && records[1].is_none());
        // The events are numbered in the order they were recorded.
        assert_eq!(events, ["2 two", "1 one", "3 three"]);
    }
}
