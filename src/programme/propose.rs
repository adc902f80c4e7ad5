//! A year's audits proposed from the programme and the history: which office, departments and
//! clauses in which month, and who audits.
//!
//! - Each cycle that falls in the year gets one audit per office covering every department and
//!   clause not yet audited in it. Offices are spread over the cycle's months; an office with
//!   something overdue or due early is audited no later than that.
//! - A cell whose last result asks for a higher frequency (a major nonconformity, an action
//!   verified ineffective) gets a follow-up audit that many months after the cycle audit, when
//!   that still falls in the year and before the office's next cycle audit.
//! - Each department gets one auditor who neither belongs to it nor is barred from it; among
//!   those, the one with the fewest departments so far this year (then one already on the team,
//!   then by name). The lead is a team member who may lead, else the least-loaded who may.

use super::Programme;
use super::history::History;
use super::status::{self, DueState};
use crate::model::{ClauseId, Date, Diagnostic, Location, Say, Text};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// Why an audit is proposed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AuditKind {
    /// The cycle's audit of the office.
    Cycle,
    /// A follow-up where earlier results ask for a higher frequency.
    FollowUp,
}

/// One department of a proposed audit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Assignment {
    pub department: String,
    pub clauses: Vec<ClauseId>,
    /// `None` when no auditor in the programme is independent of the department.
    pub auditor: Option<String>,
}

/// One proposed audit of one office.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProposedAudit {
    pub id: String,
    pub office: String,
    pub office_name: String,
    pub kind: AuditKind,
    pub month: u32,
    pub start: Date,
    pub end: Date,
    pub departments: Vec<Assignment>,
    /// Every clause of the audit, sorted.
    pub clauses: Vec<ClauseId>,
    pub lead: Option<String>,
    /// The lead first, then the others by name.
    pub team: Vec<String>,
}

/// What the year asks of one auditor.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Load {
    pub auditor: String,
    pub audits: usize,
    pub departments: usize,
    pub leads: usize,
}

/// The proposed year.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProposedYear {
    pub title: String,
    pub year: i32,
    pub audits: Vec<ProposedAudit>,
    pub load: Vec<Load>,
    /// The programme's state at the start of the year, which the proposal answers.
    pub coverage_at_start: f64,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub diagnostics: Vec<Diagnostic>,
}

/// The second Monday of a month: far enough in to prepare, the same rule every month.
fn second_monday(year: i32, month: u32) -> Date {
    let first = Date::from_ymd(year, month, 1).expect("a valid month");
    // 1970-01-01 (day 0) was a Thursday; Monday is 4 days later.
    let days = first.days_since(Date::from_ymd(1970, 1, 5).expect("a date"));
    let to_monday = (7 - days.rem_euclid(7)) % 7;
    first.add_days(to_monday + 7)
}

/// Propose the audits of `year`.
pub fn propose(p: &Programme, history: &History, year: i32) -> ProposedYear {
    let (first, last) = match (Date::from_ymd(year, 1, 1), Date::from_ymd(year, 12, 31)) {
        (Some(a), Some(b)) => (a, b),
        _ => (Date::MIN, Date::MIN),
    };
    let at_start = status::compute(p, &history.until(first.add_days(-1)), first);
    let mut diagnostics = Vec::new();
    // The cycles (as month ranges of the year) that fall in it.
    let mut windows: Vec<(u32, u32)> = Vec::new();
    let mut day = first;
    while day <= last && windows.len() < 12 {
        let (_, to) = p.cycle_of(day);
        let m_from = day.ymd().1;
        let m_to = if to > last { 12 } else { to.ymd().1 };
        windows.push((m_from, m_to));
        day = to.add_days(1);
    }
    let n = p.offices.len().max(1) as u32;
    // (office, month, kind) -> department -> clauses
    let mut planned: BTreeMap<(u32, String, AuditKind), BTreeMap<String, BTreeSet<ClauseId>>> =
        BTreeMap::new();
    for (i, o) in p.offices.iter().enumerate() {
        let cells: Vec<&status::Cell> = at_start
            .cells
            .iter()
            .filter(|c| c.office == o.code)
            .collect();
        let mut cycle_months: Vec<u32> = Vec::new();
        for (wi, &(m_from, m_to)) in windows.iter().enumerate() {
            let len = m_to - m_from + 1;
            let spread = m_from + ((2 * i as u32 + 1) * len) / (2 * n);
            let needed: Vec<&&status::Cell> = cells
                .iter()
                .filter(|c| wi > 0 || c.state != DueState::Done)
                .collect();
            if needed.is_empty() {
                continue;
            }
            let earliest = needed
                .iter()
                .filter(|_| wi == 0)
                .map(|c| {
                    if c.due < first {
                        m_from
                    } else {
                        c.due.ymd().1.max(m_from)
                    }
                })
                .min()
                .unwrap_or(m_to);
            let month = spread.min(earliest).clamp(m_from, m_to);
            cycle_months.push(month);
            let e = planned
                .entry((month, o.code.clone(), AuditKind::Cycle))
                .or_default();
            for c in needed {
                e.entry(c.department.clone())
                    .or_default()
                    .insert(c.clause.clone());
            }
        }
        // Follow-ups of the cells the history marks as risky.
        for c in cells.iter().filter(|c| c.risk.is_some()) {
            let months = match c.risk {
                Some(status::RiskReason::Major) => p.risk.major_months,
                Some(status::RiskReason::Ineffective) => p.risk.ineffective_months,
                Some(status::RiskReason::Minor) => p.risk.minor_months,
                None => None,
            };
            let Some(r) = months else { continue };
            let mut at = cycle_months.first().copied();
            while let Some(m) = at {
                let next = m + r;
                if next > 12 {
                    break;
                }
                // A cycle audit by then already looks again.
                if cycle_months.iter().any(|&cm| cm > m && cm <= next) {
                    at = cycle_months.iter().copied().find(|&cm| cm > m);
                    continue;
                }
                planned
                    .entry((next, o.code.clone(), AuditKind::FollowUp))
                    .or_default()
                    .entry(c.department.clone())
                    .or_default()
                    .insert(c.clause.clone());
                at = Some(next);
            }
        }
    }
    let mut load: BTreeMap<String, Load> = p
        .auditors
        .iter()
        .map(|a| {
            (
                a.name.clone(),
                Load {
                    auditor: a.name.clone(),
                    ..Default::default()
                },
            )
        })
        .collect();
    let mut audits = Vec::new();
    for (k, ((month, office, kind), depts)) in planned.into_iter().enumerate() {
        let o = p
            .offices
            .iter()
            .find(|x| x.code == office)
            .expect("planned from the programme");
        let mut team: BTreeSet<String> = BTreeSet::new();
        let mut departments = Vec::new();
        for (d, clauses) in depts {
            let pick = p
                .auditors
                .iter()
                .filter(|a| a.conflict(&office, &d).is_none())
                .min_by_key(|a| {
                    (
                        load[&a.name].departments,
                        !team.contains(&a.name),
                        a.name.clone(),
                    )
                })
                .map(|a| a.name.clone());
            match &pick {
                Some(a) => {
                    team.insert(a.clone());
                    load.get_mut(a).expect("an auditor").departments += 1;
                }
                None => diagnostics.push(
                    Diagnostic::warning(
                        Location::file(p.file.display().to_string()),
                        Text::new(Say::ProgrammeNoAuditor)
                            .with("office", &office)
                            .with("department", &d),
                    )
                    .with_hint(Text::new(Say::ProgrammeNoAuditorHint)),
                ),
            }
            departments.push(Assignment {
                department: d,
                clauses: clauses.into_iter().collect(),
                auditor: pick,
            });
        }
        let lead = p
            .auditors
            .iter()
            .filter(|a| a.lead && !a.may_not_audit_offices.contains(&office))
            // Someone from another office first: a lead from the audited office is less free.
            .min_by_key(|a| {
                (
                    a.office == office,
                    !team.contains(&a.name),
                    load[&a.name].leads,
                    load[&a.name].departments,
                    a.name.clone(),
                )
            })
            .map(|a| a.name.clone())
            .or_else(|| team.iter().next().cloned());
        if let Some(l) = &lead {
            team.insert(l.clone());
            if let Some(x) = load.get_mut(l) {
                x.leads += 1;
            }
        }
        for t in &team {
            if let Some(x) = load.get_mut(t) {
                x.audits += 1;
            }
        }
        let mut team_list: Vec<String> = lead.iter().cloned().collect();
        team_list.extend(team.into_iter().filter(|t| Some(t) != lead.as_ref()));
        let mut clauses: Vec<ClauseId> =
            departments.iter().flat_map(|d| d.clauses.clone()).collect();
        clauses.sort();
        clauses.dedup();
        let start = second_monday(year, month);
        audits.push(ProposedAudit {
            id: format!("{}-{year}-IA{:02}", p.audit_prefix, k + 1),
            office: office.clone(),
            office_name: o.name.clone(),
            kind,
            month,
            start,
            end: start.add_days(3),
            departments,
            clauses,
            lead,
            team: team_list,
        });
    }
    ProposedYear {
        title: p.title.clone(),
        year,
        audits,
        load: load.into_values().collect(),
        coverage_at_start: at_start.total.coverage,
        diagnostics,
    }
}
