//! The management-review input (ISO 9001 9.3.2, in our own words): what the register and the
//! office's indicators say about one period, compared with the period before. Pure: records,
//! audits and indicator rows in, figures out; the dates come from the arguments, never the clock.
//!
//! The corrective-action figures are [`stats::compute`]'s, over the actions raised in the
//! period, counted on the period's last day; repeat findings are `stats`'s too (found over the
//! whole register up to the period's end, kept when the repeating finding is in the period).

pub mod indicators;
pub mod write;

use crate::model::{ClauseId, Date, Diagnostic, Outcome};
use crate::register::decisions::{MANAGEMENT_REVIEW, is_decision};
use crate::register::stats::{self, Figures};
use crate::register::{
    ActionStatus, AuditRecord, FindingRecord, Record, RegisterError, Tx, Verdict,
};
use serde::Serialize;
use std::collections::BTreeMap;

pub use indicators::{Indicator, Target};

/// A closed range of days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Period {
    pub from: Date,
    pub to: Date,
}

impl Period {
    pub fn contains(&self, d: Date) -> bool {
        self.from <= d && d <= self.to
    }

    /// Days in the period, both ends counted.
    pub fn days(&self) -> i64 {
        self.to.days_since(self.from) + 1
    }

    /// The period of the same length that ends the day before this one starts.
    pub fn previous(&self) -> Period {
        let to = self.from.add_days(-1);
        Period {
            from: to.add_days(-(self.days() - 1)),
            to,
        }
    }
}

/// Findings by grade (the grades the register keeps).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Grades {
    pub major: u32,
    pub minor: u32,
    pub observation: u32,
    pub ofi: u32,
}

impl Grades {
    fn add(&mut self, g: Outcome) {
        match g {
            Outcome::Major => self.major += 1,
            Outcome::Minor => self.minor += 1,
            Outcome::Observation => self.observation += 1,
            Outcome::Ofi => self.ofi += 1,
            _ => {}
        }
    }

    /// Nonconformities: major plus minor.
    pub fn ncs(&self) -> u32 {
        self.major + self.minor
    }

    pub fn total(&self) -> u32 {
        self.major + self.minor + self.observation + self.ofi
    }
}

/// One row of a comparison: this period and the one before.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Compared {
    /// Office code, or clause chapter (`4` … `10`), or `all`.
    pub key: String,
    pub current: Grades,
    pub previous: Grades,
}

/// One audit of one office held in the period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditLine {
    pub audit_id: String,
    pub office_code: String,
    pub office_name: String,
    pub title: String,
    pub start_date: Option<Date>,
    pub end_date: Option<Date>,
}

/// An opportunity for improvement raised in the period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Ofi {
    pub id: String,
    pub office_code: String,
    pub clause: String,
    pub department: String,
    pub raised: Date,
    pub statement: String,
}

/// One calendar quarter of the period: the audit findings raised in it, the actions raised
/// and closed in it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Quarter {
    /// `2026 Q1`.
    pub key: String,
    pub findings: Grades,
    pub actions_raised: u32,
    pub actions_closed: u32,
}

/// What the root causes written for the period's actions come down to, by the words they use
/// (the first category whose words appear; see [`cause_category`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Cause {
    /// Awareness, training, competence.
    People,
    /// Procedures and documents missing, unclear or out of date.
    Documents,
    /// How the work is done: steps, checks, responsibilities.
    Process,
    /// Equipment, systems, staffing, money.
    Resources,
    /// Supervision and monitoring.
    Supervision,
    /// Written, but none of the above.
    Other,
    /// No root cause written yet.
    NotWritten,
}

impl Cause {
    pub const ALL: [Cause; 7] = [
        Cause::People,
        Cause::Documents,
        Cause::Process,
        Cause::Resources,
        Cause::Supervision,
        Cause::Other,
        Cause::NotWritten,
    ];
}

/// The category of a root cause, by the first list of words it contains (Chinese and English,
/// case ignored). The words are a starting point for a bureau's own analysis, not a verdict.
pub fn cause_category(text: &str) -> Cause {
    const WORDS: [(Cause, &[&str]); 5] = [
        (
            Cause::People,
            &[
                "培训",
                "意识",
                "能力",
                "新上岗",
                "新调入",
                "疏忽",
                "不熟悉",
                "经验",
                "training",
                "aware",
                "competen",
                "skill",
            ],
        ),
        (
            Cause::Documents,
            &[
                "程序文件",
                "文件",
                "制度",
                "规定不",
                "规范",
                "作业指导",
                "表单",
                "procedure",
                "document",
                "instruction",
            ],
        ),
        (
            Cause::Process,
            &[
                "流程",
                "环节",
                "复核",
                "审核",
                "职责",
                "分工",
                "交接",
                "方法",
                "process",
                "step",
                "review",
                "responsib",
                "handover",
            ],
        ),
        (
            Cause::Resources,
            &[
                "设备",
                "系统",
                "器具",
                "人手",
                "人员不足",
                "经费",
                "资源",
                "场地",
                "equipment",
                "system",
                "resource",
                "staff",
            ],
        ),
        (
            Cause::Supervision,
            &[
                "监督",
                "检查",
                "考核",
                "督促",
                "跟踪",
                "monitor",
                "supervis",
                "oversight",
            ],
        ),
    ];
    let t = text.trim().to_lowercase();
    if t.is_empty() {
        return Cause::NotWritten;
    }
    WORDS
        .iter()
        .find(|(_, ws)| ws.iter().any(|w| t.contains(w)))
        .map_or(Cause::Other, |(c, _)| *c)
}

/// A root-cause category with the actions in it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CauseLine {
    pub cause: Cause,
    pub actions: Vec<String>,
}

/// The calendar quarters a period touches, each cut to the period.
fn quarters_of(p: Period) -> Vec<(String, Period)> {
    let mut out = Vec::new();
    let (mut y, m, _) = p.from.ymd();
    let mut q = (m - 1) / 3;
    while out.len() < 400 {
        let Some(start) = Date::from_ymd(y, q * 3 + 1, 1) else {
            break;
        };
        if start > p.to {
            break;
        }
        let next = if q == 3 {
            Date::from_ymd(y + 1, 1, 1)
        } else {
            Date::from_ymd(y, q * 3 + 4, 1)
        };
        let Some(next) = next else { break };
        out.push((
            format!("{y} Q{}", q + 1),
            Period {
                from: start.max(p.from),
                to: next.add_days(-1).min(p.to),
            },
        ));
        if q == 3 {
            q = 0;
            y += 1;
        } else {
            q += 1;
        }
    }
    out
}

/// A decision of an earlier management review and where its action stands (9.3.2 a).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DecisionLine {
    pub id: String,
    /// The review's id.
    pub review: String,
    pub decided: Date,
    pub statement: String,
    pub owner: String,
    pub due: Date,
    /// As it stood on the period's last day.
    pub status: ActionStatus,
    /// Not done and past its due date on the period's last day.
    pub overdue: bool,
}

/// Everything the review input holds.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Review {
    pub period: Period,
    pub previous: Period,
    /// Audits held in the period (by start date, else end date).
    pub audits: Vec<AuditLine>,
    pub audits_previous: u32,
    /// Findings raised in each period, overall.
    pub findings: Compared,
    pub by_office: Vec<Compared>,
    pub by_chapter: Vec<Compared>,
    /// `actions stats` figures of the actions raised in the period, on its last day.
    pub actions: Figures,
    /// The same for the previous period, on its last day.
    pub actions_previous: Figures,
    /// Repeat findings raised in the period: (finding, the earlier one it repeats).
    pub repeats: Vec<stats::Repeat>,
    pub indicators: Vec<Indicator>,
    pub ofis: Vec<Ofi>,
    /// Decisions of management reviews up to the period's end, with their actions' status.
    pub decisions: Vec<DecisionLine>,
    /// The period quarter by quarter.
    pub quarters: Vec<Quarter>,
    /// The root causes of the actions raised in the period, by category (empty ones left out).
    pub causes: Vec<CauseLine>,
    /// Problems in the inputs (indicator rows left out), also said on stderr.
    pub diagnostics: Vec<Diagnostic>,
}

/// An action as it stood at the end of `day`, as far as the register's dates tell: a closure
/// after it did not yet count, nor an effective verdict given after it. (Ineffective
/// verifications carry no date of their own in the action; they count as recorded.)
fn as_of(r: &Record, day: Date) -> Record {
    let mut r = r.clone();
    let a = &mut r.action;
    if a.closed_on.is_some_and(|c| c > day) {
        a.closed_on = None;
        a.status = ActionStatus::Verified;
    }
    if a.verified_on.is_some_and(|v| v > day) && a.verdict == Some(Verdict::Effective) {
        a.verdict = None;
        a.verified_on = None;
        if a.status == ActionStatus::Verified {
            a.status = ActionStatus::Implemented;
        }
    }
    if a.implemented_on.is_some_and(|d| d > day) && a.status == ActionStatus::Implemented {
        a.status = ActionStatus::Planned;
    }
    r
}

/// The clause chapter of a clause id (`7.5.3` → `7`), `?` when it is not one.
fn chapter(clause: &str) -> String {
    clause
        .parse::<ClauseId>()
        .map(|c| c.chapter().to_string())
        .unwrap_or_else(|_| "?".into())
}

/// When an audit took place: its start, else its end.
fn held(a: &AuditRecord) -> Option<Date> {
    a.start_date.or(a.end_date)
}

/// The figures of the register for `period`, compared with `previous`: `findings` are every
/// finding synced (observations and OFIs too, whether or not the policy raised an action for
/// them), `records` every action with its finding.
pub fn compute(
    findings: &[FindingRecord],
    records: &[Record],
    audits: &[AuditRecord],
    period: Period,
    previous: Period,
    indicators: Vec<Indicator>,
    diagnostics: Vec<Diagnostic>,
) -> Review {
    // Review decisions are tracked as actions but are no audit's findings: they are listed on
    // their own and left out of every audit figure.
    let (decided, records): (Vec<Record>, Vec<Record>) = records
        .iter()
        .cloned()
        .partition(|r| is_decision(&r.finding));
    let records = &records[..];
    let findings: Vec<FindingRecord> = findings
        .iter()
        .filter(|f| !is_decision(f))
        .cloned()
        .collect();
    let findings = &findings[..];
    let audits: Vec<AuditRecord> = audits
        .iter()
        .filter(|a| a.source != MANAGEMENT_REVIEW)
        .cloned()
        .collect();
    let audits = &audits[..];
    let mut decisions: Vec<DecisionLine> = decided
        .iter()
        .filter(|r| r.finding.raised <= period.to)
        .map(|r| {
            let a = as_of(r, period.to).action;
            DecisionLine {
                id: r.finding.id.clone(),
                review: r.finding.audit_id.clone(),
                decided: r.finding.raised,
                statement: r.finding.statement.clone(),
                owner: a.owner.clone(),
                due: a.due,
                status: a.status,
                overdue: crate::register::workflow::days_overdue(&a, period.to).is_some(),
            }
        })
        .collect();
    decisions.sort_by(|a, b| (a.decided, &a.id).cmp(&(b.decided, &b.id)));
    let in_period = |p: Period| -> Vec<Record> {
        records
            .iter()
            .filter(|r| p.contains(r.finding.raised))
            .map(|r| as_of(r, p.to))
            .collect()
    };
    let cur = in_period(period);
    let prev = in_period(previous);
    let raised_in = |p: Period| -> Vec<&FindingRecord> {
        findings.iter().filter(|f| p.contains(f.raised)).collect()
    };
    let (cur_f, prev_f) = (raised_in(period), raised_in(previous));
    let grades = |fs: &[&FindingRecord], key: &dyn Fn(&FindingRecord) -> String| {
        let mut m: BTreeMap<String, Grades> = BTreeMap::new();
        for f in fs {
            m.entry(key(f)).or_default().add(f.grade);
        }
        m
    };
    let compare = |key: &dyn Fn(&FindingRecord) -> String| -> Vec<Compared> {
        let c = grades(&cur_f, key);
        let p = grades(&prev_f, key);
        let mut keys: Vec<&String> = c.keys().chain(p.keys()).collect();
        keys.sort_by(|a, b| natural(a).cmp(&natural(b)));
        keys.dedup();
        keys.into_iter()
            .map(|k| Compared {
                key: k.clone(),
                current: c.get(k).copied().unwrap_or_default(),
                previous: p.get(k).copied().unwrap_or_default(),
            })
            .collect()
    };
    let all = compare(&|_| "all".to_string()).pop().unwrap_or(Compared {
        key: "all".into(),
        current: Grades::default(),
        previous: Grades::default(),
    });
    // Repeats: decided by `stats` over everything raised up to the period's end.
    let upto: Vec<Record> = records
        .iter()
        .filter(|r| r.finding.raised <= period.to)
        .map(|r| as_of(r, period.to))
        .collect();
    let ids: std::collections::BTreeSet<&str> = cur.iter().map(|r| r.finding.id.as_str()).collect();
    let repeats: Vec<stats::Repeat> = stats::compute(&upto, audits, period.to)
        .repeats
        .into_iter()
        .filter(|x| ids.contains(x.finding.as_str()))
        .collect();
    let mut actions = stats::compute(&cur, audits, period.to).overall;
    actions.key = "period".into();
    actions.repeat_findings = repeats.len() as u32;
    let mut actions_previous = stats::compute(&prev, audits, previous.to).overall;
    actions_previous.key = "previous".into();
    let mut audit_lines: Vec<AuditLine> = audits
        .iter()
        .filter(|a| held(a).is_some_and(|d| period.contains(d)))
        .map(|a| AuditLine {
            audit_id: a.audit_id.clone(),
            office_code: a.office_code.clone(),
            office_name: a.office_name.clone(),
            title: a.title.clone(),
            start_date: a.start_date,
            end_date: a.end_date,
        })
        .collect();
    audit_lines.sort_by(|a, b| {
        (a.start_date.or(a.end_date), &a.audit_id, &a.office_code).cmp(&(
            b.start_date.or(b.end_date),
            &b.audit_id,
            &b.office_code,
        ))
    });
    let audits_previous = audits
        .iter()
        .filter(|a| held(a).is_some_and(|d| previous.contains(d)))
        .count() as u32;
    let mut ofis: Vec<Ofi> = cur_f
        .iter()
        .filter(|f| f.grade == Outcome::Ofi)
        .map(|f| Ofi {
            id: f.id.clone(),
            office_code: f.office_code.clone(),
            clause: f.clause.clone(),
            department: f.department.clone(),
            raised: f.raised,
            statement: f.statement.clone(),
        })
        .collect();
    ofis.sort_by(|a, b| (a.raised, &a.id).cmp(&(b.raised, &b.id)));
    let quarters: Vec<Quarter> = quarters_of(period)
        .into_iter()
        .map(|(key, q)| {
            let mut g = Grades::default();
            for f in findings.iter().filter(|f| q.contains(f.raised)) {
                g.add(f.grade);
            }
            Quarter {
                key,
                findings: g,
                actions_raised: records
                    .iter()
                    .filter(|r| q.contains(r.finding.raised))
                    .count() as u32,
                actions_closed: records
                    .iter()
                    .filter(|r| r.action.closed_on.is_some_and(|d| q.contains(d)))
                    .count() as u32,
            }
        })
        .collect();
    let mut causes: Vec<CauseLine> = Cause::ALL
        .iter()
        .map(|&c| CauseLine {
            cause: c,
            actions: cur
                .iter()
                .filter(|r| r.action.status != ActionStatus::Cancelled)
                .filter(|r| cause_category(&r.action.root_cause) == c)
                .map(|r| r.action.id.clone())
                .collect(),
        })
        .collect();
    causes.retain(|c| !c.actions.is_empty());
    Review {
        period,
        previous,
        audits: audit_lines,
        audits_previous,
        findings: all,
        by_office: compare(&|f| f.office_code.clone()),
        by_chapter: compare(&|f| chapter(&f.clause)),
        actions,
        actions_previous,
        repeats,
        indicators,
        ofis,
        decisions,
        quarters,
        causes,
        diagnostics,
    }
}

/// The findings, actions and audits a review is computed from.
pub type Inputs = (Vec<FindingRecord>, Vec<Record>, Vec<AuditRecord>);

/// What a review is computed from, read from the register: every audit with its findings and
/// every action, of one office (`None`: the whole bureau; compared as [`Tx::records_of`] does).
/// The CLI's `review` and the web's review page read the register through here.
pub fn inputs(tx: &mut dyn Tx, office: Option<&str>) -> Result<Inputs, RegisterError> {
    let audits: Vec<AuditRecord> = tx
        .audits()?
        .into_iter()
        .filter(|a| office.is_none_or(|o| a.office_code.eq_ignore_ascii_case(o)))
        .collect();
    let mut findings = Vec::new();
    for a in &audits {
        findings.extend(tx.findings_of(&a.audit_id, &a.office_code)?);
    }
    Ok((findings, tx.records_of(office, None)?, audits))
}

/// Sort key that puts chapter 10 after 9: numbers by value, then text.
fn natural(s: &str) -> (u32, &str) {
    (s.parse::<u32>().unwrap_or(u32::MAX), s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn previous_period_has_the_same_length() {
        let p = Period {
            from: "2026-01-01".parse().unwrap(),
            to: "2026-12-31".parse().unwrap(),
        };
        let q = p.previous();
        assert_eq!(q.to.to_string(), "2025-12-31");
        assert_eq!(q.from.to_string(), "2025-01-01");
        assert_eq!(chapter("7.5.3"), "7");
        assert_eq!(chapter("10.2"), "10");
        let qs: Vec<String> = quarters_of(Period {
            from: "2026-02-15".parse().unwrap(),
            to: "2027-01-10".parse().unwrap(),
        })
        .into_iter()
        .map(|(k, p)| format!("{k} {} {}", p.from, p.to))
        .collect();
        assert_eq!(
            qs,
            [
                "2026 Q1 2026-02-15 2026-03-31",
                "2026 Q2 2026-04-01 2026-06-30",
                "2026 Q3 2026-07-01 2026-09-30",
                "2026 Q4 2026-10-01 2026-12-31",
                "2027 Q1 2027-01-01 2027-01-10"
            ]
        );
        assert_eq!(cause_category("新调入人员未经岗前培训"), Cause::People);
        assert_eq!(cause_category("程序文件未规定归档时限"), Cause::Documents);
        assert_eq!(
            cause_category("No second review step before signing"),
            Cause::Process
        );
        assert_eq!(cause_category("  "), Cause::NotWritten);
        assert_eq!(cause_category("天气原因"), Cause::Other);
        let mut k = vec!["10", "4", "9", "?"];
        k.sort_by(|a, b| natural(a).cmp(&natural(b)));
        assert_eq!(k, ["4", "9", "10", "?"]);
    }
}
