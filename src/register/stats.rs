//! Register figures a quality manager reports on: backlog, overdue, ageing, time to close,
//! on-time closure, effectiveness and repeat findings, per office and overall. Pure: a list of
//! records and audits in, numbers out; "today" is an argument.

use super::workflow::days_overdue;
use super::{ActionStatus, AuditRecord, Date, Record, Verdict};
use serde::Serialize;
use std::collections::BTreeMap;

/// Open actions by age (days since the finding was raised).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Ageing {
    #[serde(rename = "0-30")]
    pub d0_30: u32,
    #[serde(rename = "31-60")]
    pub d31_60: u32,
    #[serde(rename = "61-90")]
    pub d61_90: u32,
    #[serde(rename = ">90")]
    pub over_90: u32,
}

/// The figures for one office, or for all (`key` = `all`).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Figures {
    pub key: String,
    /// Actions raised, cancelled ones included.
    pub actions: u32,
    pub cancelled: u32,
    /// Not closed and not cancelled.
    pub open: u32,
    /// Open or planned past the due date.
    pub overdue: u32,
    /// overdue / open, percent, one decimal; `None` when nothing is open.
    pub overdue_pct: Option<f64>,
    pub ageing: Ageing,
    pub closed: u32,
    /// Mean of (closed on − raised), days, one decimal.
    pub mean_days_to_close: Option<f64>,
    /// Closed on or before the due date.
    pub closed_on_time: u32,
    pub on_time_pct: Option<f64>,
    /// Verifications recorded (effective plus every ineffective one).
    pub verifications: u32,
    pub effective: u32,
    /// effective / verifications, percent, one decimal.
    pub effectiveness_pct: Option<f64>,
    /// Findings that repeat a finding of an earlier audit (same office, same clause).
    pub repeat_findings: u32,
}

/// A finding that repeats one of an earlier audit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Repeat {
    pub finding: String,
    pub earlier: String,
    pub office: String,
    pub clause: String,
}

/// Everything `actions stats` shows.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Stats {
    pub today: Date,
    pub overall: Figures,
    pub offices: Vec<Figures>,
    pub repeats: Vec<Repeat>,
}

fn pct(num: u32, den: u32) -> Option<f64> {
    (den > 0).then(|| (f64::from(num) * 1000.0 / f64::from(den)).round() / 10.0)
}

/// The figures of `records` on `today`. Audits give the order for repeat findings (by start
/// date, else end date, else earliest finding; then audit id); cancelled actions do not count
/// as repeats.
pub fn compute(records: &[Record], audits: &[AuditRecord], today: Date) -> Stats {
    let repeats = repeats(records, audits);
    let mut groups: BTreeMap<&str, Vec<&Record>> = BTreeMap::new();
    for r in records {
        groups.entry(&r.finding.office_code).or_default().push(r);
    }
    let all: Vec<&Record> = records.iter().collect();
    let mut per_office: BTreeMap<&str, u32> = BTreeMap::new();
    for x in &repeats {
        *per_office.entry(&x.office).or_default() += 1;
    }
    Stats {
        today,
        overall: figures("all", &all, repeats.len() as u32, today),
        offices: groups
            .iter()
            .map(|(k, v)| figures(k, v, per_office.get(k).copied().unwrap_or(0), today))
            .collect(),
        repeats,
    }
}

/// Whether a closed action was closed on or before its due date (`None`: not closed).
pub fn closed_on_time(a: &crate::register::Action) -> Option<bool> {
    match (a.status, a.closed_on) {
        (ActionStatus::Closed, Some(c)) => Some(c <= a.due),
        _ => None,
    }
}

fn figures(key: &str, rs: &[&Record], repeats: u32, today: Date) -> Figures {
    let mut f = Figures {
        key: key.to_string(),
        ..Figures::default()
    };
    let mut days_to_close = Vec::new();
    for r in rs {
        let a = &r.action;
        f.actions += 1;
        match a.status {
            ActionStatus::Cancelled => f.cancelled += 1,
            ActionStatus::Closed => {
                f.closed += 1;
                if let Some(c) = a.closed_on {
                    days_to_close.push(c.days_since(r.finding.raised));
                }
                if closed_on_time(a) == Some(true) {
                    f.closed_on_time += 1;
                }
            }
            _ => {
                f.open += 1;
                if days_overdue(a, today).is_some() {
                    f.overdue += 1;
                }
                match today.days_since(r.finding.raised) {
                    ..=30 => f.ageing.d0_30 += 1,
                    31..=60 => f.ageing.d31_60 += 1,
                    61..=90 => f.ageing.d61_90 += 1,
                    _ => f.ageing.over_90 += 1,
                }
            }
        }
        let eff = u32::from(a.verdict == Some(Verdict::Effective));
        f.effective += eff;
        // Saturating: the count comes from the database, where any number can be written.
        f.verifications = f
            .verifications
            .saturating_add(eff)
            .saturating_add(a.ineffective_count);
    }
    f.overdue_pct = pct(f.overdue, f.open);
    f.on_time_pct = pct(f.closed_on_time, f.closed);
    f.effectiveness_pct = pct(f.effective, f.verifications);
    f.mean_days_to_close = (!days_to_close.is_empty()).then(|| {
        let sum: i64 = days_to_close.iter().sum();
        (sum as f64 * 10.0 / days_to_close.len() as f64).round() / 10.0
    });
    f.repeat_findings = repeats;
    f
}

/// Every live finding with the latest live finding of an earlier audit of the same office and
/// clause. O(n log n): findings are grouped by office and clause and sorted by when their audit
/// took place (comparing every pair took 410 s for 100,000 findings).
fn repeats(records: &[Record], audits: &[AuditRecord]) -> Vec<Repeat> {
    // When each audit took place: its start, else its end, else its earliest finding.
    let mut when: BTreeMap<&str, Date> = BTreeMap::new();
    for a in audits {
        if let Some(d) = a.start_date.or(a.end_date) {
            let e = when.entry(&a.audit_id).or_insert(d);
            *e = (*e).min(d);
        }
    }
    let mut earliest: BTreeMap<&str, Date> = BTreeMap::new();
    for r in records {
        let e = earliest
            .entry(&r.finding.audit_id)
            .or_insert(r.finding.raised);
        *e = (*e).min(r.finding.raised);
    }
    // The order of audits: (date, audit id), computed once per audit.
    let order: BTreeMap<&str, (Option<Date>, &str)> = earliest
        .keys()
        .map(|a| (*a, (when.get(a).or(earliest.get(a)).copied(), *a)))
        .collect();
    // Per office and clause: each live finding with the order of its audit and its id.
    type Member<'a> = (&'a (Option<Date>, &'a str), &'a str, &'a Record);
    let mut groups: BTreeMap<(&str, &str), Vec<Member>> = BTreeMap::new();
    // A management review's decisions repeat nothing an audit found.
    for r in records.iter().filter(|r| {
        r.action.status != ActionStatus::Cancelled && !super::decisions::is_decision(&r.finding)
    }) {
        let f = &r.finding;
        groups
            .entry((&f.office_code, &f.clause))
            .or_default()
            .push((&order[f.audit_id.as_str()], &f.id, r));
    }
    let mut out = Vec::new();
    for mut g in groups.into_values() {
        g.sort_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)));
        // The last finding of the audits before the current one, and the audit it is in.
        let mut before: Option<&Record> = None;
        let mut block_last: Option<&Record> = None;
        let mut block: Option<&(Option<Date>, &str)> = None;
        for (o, _, r) in g {
            if block != Some(o) {
                before = block_last.or(before);
                block = Some(o);
            }
            block_last = Some(r);
            if let Some(e) = before {
                let f = &r.finding;
                out.push(Repeat {
                    finding: f.id.clone(),
                    earlier: e.finding.id.clone(),
                    office: f.office_code.clone(),
                    clause: f.clause.clone(),
                });
            }
        }
    }
    out.sort_by(|a, b| a.finding.cmp(&b.finding));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Outcome;
    use crate::register::{Action, FindingRecord};

    fn rec(audit: &str, office: &str, clause: &str, id: &str, raised: &str) -> Record {
        Record {
            finding: FindingRecord {
                id: format!("{audit}-{office}-{id}"),
                key: None,
                audit_id: audit.into(),
                office_code: office.into(),
                clause: clause.into(),
                grade: Outcome::Minor,
                statement: String::new(),
                evidence: String::new(),
                department: String::new(),
                auditor: String::new(),
                procedure: String::new(),
                raised: raised.parse().unwrap(),
                source: String::new(),
            },
            action: Action::new(&format!("{audit}-{office}-{id}"), raised.parse().unwrap()),
        }
    }

    /// The pairwise definition the grouped one must agree with.
    fn repeats_by_pairs(records: &[Record], audits: &[AuditRecord]) -> Vec<(String, String)> {
        let when = |a: &str| {
            let d = audits
                .iter()
                .filter(|x| x.audit_id == a)
                .filter_map(|x| x.start_date.or(x.end_date))
                .min();
            let e = records
                .iter()
                .filter(|r| r.finding.audit_id == a)
                .map(|r| r.finding.raised)
                .min();
            (d.or(e), a.to_string())
        };
        let live: Vec<&Record> = records
            .iter()
            .filter(|r| r.action.status != ActionStatus::Cancelled)
            .collect();
        let mut out: Vec<(String, String)> = live
            .iter()
            .filter_map(|r| {
                let f = &r.finding;
                live.iter()
                    .filter(|o| {
                        o.finding.office_code == f.office_code
                            && o.finding.clause == f.clause
                            && when(&o.finding.audit_id) < when(&f.audit_id)
                    })
                    .max_by_key(|o| (when(&o.finding.audit_id), o.finding.id.clone()))
                    .map(|e| (f.id.clone(), e.finding.id.clone()))
            })
            .collect();
        out.sort();
        out
    }

    #[test]
    fn grouped_repeats_agree_with_every_pair_compared() {
        let mut rs = Vec::new();
        let audits = ["A1", "A2", "A3"];
        let dates = ["2025-03-01", "2025-09-01", "2026-03-01"];
        for (i, (a, d)) in audits.iter().zip(dates).enumerate() {
            for office in ["hq", "linhu"] {
                for (j, clause) in ["7.5.3", "8.5.1", "9.2"].iter().enumerate() {
                    if (i + j) % 3 != 2 {
                        rs.push(rec(a, office, clause, &format!("NC{j:02}"), d));
                        rs.push(rec(a, office, clause, &format!("NC{:02}", j + 10), d));
                    }
                }
            }
        }
        rs[5].action.status = ActionStatus::Cancelled;
        // A3 has no audit record: ordered by its earliest finding.
        let audit_records: Vec<AuditRecord> = audits[..2]
            .iter()
            .zip(dates)
            .map(|(a, d)| AuditRecord {
                audit_id: a.to_string(),
                office_code: "hq".into(),
                office_name: String::new(),
                title: String::new(),
                start_date: Some(d.parse().unwrap()),
                end_date: None,
                source: String::new(),
                ..Default::default()
            })
            .collect();
        let got: Vec<(String, String)> = repeats(&rs, &audit_records)
            .into_iter()
            .map(|r| (r.finding, r.earlier))
            .collect();
        let mut got_sorted = got.clone();
        got_sorted.sort();
        let want = repeats_by_pairs(&rs, &audit_records);
        assert!(!want.is_empty());
        assert_eq!(got_sorted, want);
    }
}
