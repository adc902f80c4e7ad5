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
    Stats {
        today,
        overall: figures("all", &all, &repeats, today),
        offices: groups
            .iter()
            .map(|(k, v)| figures(k, v, &repeats, today))
            .collect(),
        repeats,
    }
}

fn figures(key: &str, rs: &[&Record], repeats: &[Repeat], today: Date) -> Figures {
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
                    if c <= a.due {
                        f.closed_on_time += 1;
                    }
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
        f.verifications += eff + a.ineffective_count;
    }
    f.overdue_pct = pct(f.overdue, f.open);
    f.on_time_pct = pct(f.closed_on_time, f.closed);
    f.effectiveness_pct = pct(f.effective, f.verifications);
    f.mean_days_to_close = (!days_to_close.is_empty()).then(|| {
        let sum: i64 = days_to_close.iter().sum();
        (sum as f64 * 10.0 / days_to_close.len() as f64).round() / 10.0
    });
    f.repeat_findings = repeats
        .iter()
        .filter(|x| key == "all" || x.office == key)
        .count() as u32;
    f
}

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
    let order = |audit: &str| {
        (
            when.get(audit).or(earliest.get(audit)).copied(),
            audit.to_string(),
        )
    };
    let live: Vec<&Record> = records
        .iter()
        .filter(|r| r.action.status != ActionStatus::Cancelled)
        .collect();
    let mut out = Vec::new();
    for r in &live {
        let f = &r.finding;
        let mine = order(&f.audit_id);
        let earlier = live
            .iter()
            .filter(|o| {
                o.finding.office_code == f.office_code
                    && o.finding.clause == f.clause
                    && o.finding.audit_id != f.audit_id
                    && order(&o.finding.audit_id) < mine
            })
            .max_by_key(|o| (order(&o.finding.audit_id), o.finding.id.clone()));
        if let Some(e) = earlier {
            out.push(Repeat {
                finding: f.id.clone(),
                earlier: e.finding.id.clone(),
                office: f.office_code.clone(),
                clause: f.clause.clone(),
            });
        }
    }
    out.sort_by(|a, b| a.finding.cmp(&b.finding));
    out
}
