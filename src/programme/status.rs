//! Where the programme stands on a day: per office × department × clause, when it was last
//! audited, with what result, and by when it must be audited again.
//!
//! The rules, in one place:
//! - Every department's clauses are audited at least once in each cycle (`cycle_months` from
//!   the programme's `start`). Not yet audited in the cycle holding the day: due by the cycle's
//!   last day, overdue after it.
//! - Where the last audit of a cell found a major nonconformity (or one whose action was verified
//!   ineffective, or a minor when the programme asks), it is due again that many months after
//!   that audit, whichever comes first.
//! - A cell audited in this cycle with nothing due again before the cycle ends is done.
//! - An audit covers a cell when one of its department's rows judged the clause or a clause
//!   within it (or the audit recorded a finding there). Coverage is done cells over all cells.

use super::history::{History, PastAudit, PastFinding, worst};
use super::{Programme, add_months};
use crate::model::{ClauseId, Date, Diagnostic, Location, Outcome, Say, Text};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// Where a cell stands in the cycle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DueState {
    /// Audited in this cycle, nothing due again before it ends.
    Done,
    /// To be audited by its due date, still ahead.
    Due,
    /// Its due date has passed.
    Overdue,
}

impl DueState {
    pub const ALL: [DueState; 3] = [DueState::Done, DueState::Due, DueState::Overdue];

    pub fn key(self) -> &'static str {
        match self {
            DueState::Done => "done",
            DueState::Due => "due",
            DueState::Overdue => "overdue",
        }
    }
}

/// Why a cell is audited more often than the cycle asks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RiskReason {
    Major,
    Ineffective,
    Minor,
}

/// The last audit of a cell.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LastAudit {
    pub audit_id: String,
    pub date: Date,
    /// The worst finding of that audit in the cell, else conform.
    pub result: Outcome,
    pub auditors: Vec<String>,
}

/// One office × department × clause.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Cell {
    pub office: String,
    pub department: String,
    pub clause: ClauseId,
    pub last: Option<LastAudit>,
    /// The date by which it must next be audited.
    pub due: Date,
    pub state: DueState,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub risk: Option<RiskReason>,
}

/// Counts and coverage of a group of cells.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Tally {
    pub key: String,
    pub name: String,
    pub cells: usize,
    pub done: usize,
    pub due: usize,
    pub overdue: usize,
    /// Done cells in per cent of all, one decimal.
    pub coverage: f64,
}

impl Tally {
    fn add(&mut self, c: &Cell) {
        self.cells += 1;
        match c.state {
            DueState::Done => self.done += 1,
            DueState::Due => self.due += 1,
            DueState::Overdue => self.overdue += 1,
        }
    }

    fn finish(mut self) -> Tally {
        self.coverage = if self.cells == 0 {
            0.0
        } else {
            (self.done as f64 * 1000.0 / self.cells as f64).round() / 10.0
        };
        self
    }
}

/// The programme's state on `as_of`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProgrammeStatus {
    pub title: String,
    pub as_of: Date,
    pub cycle_months: u32,
    pub cycle_from: Date,
    pub cycle_to: Date,
    pub clauses: Vec<ClauseId>,
    pub total: Tally,
    pub offices: Vec<Tally>,
    pub cells: Vec<Cell>,
    /// The audits of the history that counted (up to `as_of`).
    pub audits: Vec<PastAudit>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub diagnostics: Vec<Diagnostic>,
}

/// A clause judged covers the matrix clause it lies in, and a matrix clause lying in it.
fn touches(judged: &ClauseId, cell: &ClauseId) -> bool {
    judged.is_within(cell) || cell.is_within(judged)
}

/// Whether `a` audited `clause` in `department` (its rows, else its scope, or a finding there).
fn covers(a: &PastAudit, findings: &[&PastFinding], department: &str, clause: &ClauseId) -> bool {
    let by_rows = a.departments.iter().any(|d| {
        d.name == department
            && if d.clauses.is_empty() {
                a.scope.iter().any(|s| touches(s, clause))
            } else {
                d.clauses.iter().any(|s| touches(s, clause))
            }
    });
    by_rows
        || findings
            .iter()
            .any(|f| f.department == department && touches(&f.clause, clause))
}

/// The status of every cell of the programme on `as_of`, from the history up to that day.
pub fn compute(p: &Programme, history: &History, as_of: Date) -> ProgrammeStatus {
    let h = history.until(as_of);
    let (cycle_from, cycle_to) = p.cycle_of(as_of);
    let next_end = add_months(cycle_to.add_days(1), i64::from(p.cycle_months)).add_days(-1);
    let mut diagnostics = history.diagnostics.clone();
    let mut cells = Vec::new();
    // Each audit's findings, found once: a cell looks at every audit of its office.
    let mut of_audit: BTreeMap<(&str, &str), Vec<&PastFinding>> = BTreeMap::new();
    for f in &h.findings {
        of_audit
            .entry((f.audit_id.as_str(), f.office_code.as_str()))
            .or_default()
            .push(f);
    }
    for o in &p.offices {
        let audits: Vec<&PastAudit> = h
            .audits
            .iter()
            .filter(|a| a.office_code == o.code)
            .collect();
        for a in &audits {
            for d in &a.departments {
                if !o.departments.iter().any(|x| x.name == d.name) {
                    diagnostics.push(
                        Diagnostic::warning(
                            Location::file(a.source.clone()),
                            Text::new(Say::ProgrammeUnlistedDepartment)
                                .with("audit", &a.audit_id)
                                .with("department", &d.name)
                                .with("office", &o.code),
                        )
                        .with_hint(
                            Text::new(Say::ProgrammeUnlistedDepartmentHint)
                                .with("office", &o.code)
                                .with("programme", p.file.display()),
                        ),
                    );
                }
            }
        }
        for d in &o.departments {
            for c in &d.clauses {
                let mut last: Option<(&PastAudit, Vec<&PastFinding>)> = None;
                for a in &audits {
                    let fs: Vec<&PastFinding> = of_audit
                        .get(&(a.audit_id.as_str(), a.office_code.as_str()))
                        .cloned()
                        .unwrap_or_default();
                    if covers(a, &fs, &d.name, c) {
                        let in_cell: Vec<&PastFinding> = fs
                            .into_iter()
                            .filter(|f| f.department == d.name && touches(&f.clause, c))
                            .collect();
                        // Audits are sorted by date: the last that covers the cell wins.
                        last = Some((a, in_cell));
                    }
                }
                let last = last.map(|(a, fs)| {
                    let result = worst(fs.iter().map(|f| f.grade));
                    let ineffective = fs.iter().any(|f| f.ineffective);
                    let mut risks: Vec<(u32, RiskReason)> = Vec::new();
                    if result == Outcome::Major
                        && let Some(m) = p.risk.major_months
                    {
                        risks.push((m, RiskReason::Major));
                    }
                    if ineffective && let Some(m) = p.risk.ineffective_months {
                        risks.push((m, RiskReason::Ineffective));
                    }
                    if result == Outcome::Minor
                        && let Some(m) = p.risk.minor_months
                    {
                        risks.push((m, RiskReason::Minor));
                    }
                    risks.sort();
                    let auditors = a
                        .departments
                        .iter()
                        .find(|x| x.name == d.name)
                        .map(|x| x.auditors.clone())
                        .unwrap_or_default();
                    (
                        LastAudit {
                            audit_id: a.audit_id.clone(),
                            date: a.date,
                            result,
                            auditors,
                        },
                        risks.first().copied(),
                    )
                });
                let risk = last.as_ref().and_then(|(_, r)| r.map(|r| r.1));
                let (due, done) = match &last {
                    None => (cycle_to, false),
                    Some((l, r)) => {
                        let again = r.map(|(m, _)| add_months(l.date, i64::from(m)));
                        match again {
                            // Audited in this cycle: done unless due again before it ends.
                            _ if l.date >= cycle_from => {
                                let g = again.unwrap_or(next_end).min(next_end);
                                (g, g > cycle_to)
                            }
                            Some(g) => (g.min(cycle_to), false),
                            None => (cycle_to, false),
                        }
                    }
                };
                let state = if done {
                    DueState::Done
                } else if due < as_of {
                    DueState::Overdue
                } else {
                    DueState::Due
                };
                cells.push(Cell {
                    office: o.code.clone(),
                    department: d.name.clone(),
                    clause: c.clone(),
                    last: last.map(|(l, _)| l),
                    due,
                    state,
                    risk,
                });
            }
        }
    }
    let mut total = Tally {
        key: "*".into(),
        ..Default::default()
    };
    let mut offices = Vec::new();
    for o in &p.offices {
        let mut t = Tally {
            key: o.code.clone(),
            name: o.name.clone(),
            ..Default::default()
        };
        for c in cells.iter().filter(|c| c.office == o.code) {
            t.add(c);
            total.add(c);
        }
        offices.push(t.finish());
    }
    let counted: BTreeSet<&str> = p.offices.iter().map(|o| o.code.as_str()).collect();
    diagnostics.sort();
    diagnostics.dedup();
    ProgrammeStatus {
        title: p.title.clone(),
        as_of,
        cycle_months: p.cycle_months,
        cycle_from,
        cycle_to,
        clauses: p.clauses.clone(),
        total: total.finish(),
        offices,
        cells,
        audits: h
            .audits
            .into_iter()
            .filter(|a| counted.contains(a.office_code.as_str()))
            .collect(),
        diagnostics,
    }
}
