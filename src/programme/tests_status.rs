//! The programme's rules on constructed histories: what is done, due and overdue, the coverage,
//! and a proposed year that covers the cycle with independent auditors.

use super::Programme;
use super::history::{History, PastAudit, PastDepartment, PastFinding};
use super::propose::{AuditKind, propose};
use super::status::{DueState, RiskReason, compute};
use crate::catalog::Catalog;
use crate::model::{ClauseId, Date, Outcome};
use std::collections::BTreeSet;
use std::path::Path;

const PROGRAMME: &str = r#"
[programme]
start = 2026-01-01
cycle_months = 12
clauses = "7.5, 8.5, 9.2"
audit_prefix = "T"

[risk]
major_months = 6
ineffective_months = 6

[[office]]
code = "hq"
departments = ["甲科", { name = "乙科", clauses = "8.5" }]

[[office]]
code = "xi"
departments = ["丙股"]

[[auditor]]
name = "A"
office = "hq"
department = "甲科"
lead = true

[[auditor]]
name = "B"
office = "hq"
department = "乙科"

[[auditor]]
name = "C"
office = "xi"
department = "丙股"
may_not_audit = ["hq/乙科"]
"#;

fn programme() -> Programme {
    Programme::parse(PROGRAMME, Path::new("programme.toml"), &Catalog::embedded()).unwrap()
}

fn d(s: &str) -> Date {
    s.parse().unwrap()
}

fn c(s: &str) -> ClauseId {
    s.parse().unwrap()
}

fn dept(name: &str, clauses: &[&str]) -> PastDepartment {
    PastDepartment {
        name: name.into(),
        clauses: clauses.iter().map(|x| c(x)).collect(),
        auditors: vec!["C".into()],
    }
}

fn audit(id: &str, date: &str, departments: Vec<PastDepartment>) -> PastAudit {
    PastAudit {
        audit_id: id.into(),
        office_code: "hq".into(),
        date: d(date),
        scope: Vec::new(),
        departments,
        source: "test".into(),
    }
}

fn finding(
    id: &str,
    audit: &str,
    department: &str,
    clause: &str,
    grade: Outcome,
    ineffective: bool,
) -> PastFinding {
    PastFinding {
        id: id.into(),
        audit_id: audit.into(),
        office_code: "hq".into(),
        department: department.into(),
        clause: c(clause),
        grade,
        ineffective,
    }
}

/// X1 (2025): 甲科 7.5 and 8.5, 乙科 8.5 with a major. X2 (2026-03-20): 甲科 7.5 with a minor
/// whose action proved ineffective, 乙科 8.5 conform.
fn history() -> History {
    History {
        audits: vec![
            audit(
                "X1",
                "2025-06-10",
                vec![dept("甲科", &["7.5.3", "8.5.1"]), dept("乙科", &["8.5.1"])],
            ),
            audit(
                "X2",
                "2026-03-20",
                vec![dept("甲科", &["7.5.1"]), dept("乙科", &["8.5.2"])],
            ),
        ],
        findings: vec![
            finding("X1-hq-NC01", "X1", "乙科", "8.5.1", Outcome::Major, false),
            finding("X2-hq-NC01", "X2", "甲科", "7.5.1", Outcome::Minor, true),
        ],
        ..Default::default()
    }
    .finish()
}

fn cell<'a>(
    s: &'a super::status::ProgrammeStatus,
    office: &str,
    dept: &str,
    clause: &str,
) -> &'a super::status::Cell {
    s.cells
        .iter()
        .find(|x| x.office == office && x.department == dept && x.clause == c(clause))
        .unwrap()
}

#[test]
fn status_on_a_constructed_history() {
    let p = programme();
    let s = compute(&p, &history(), d("2026-10-01"));
    assert_eq!(
        (s.cycle_from, s.cycle_to),
        (d("2026-01-01"), d("2026-12-31"))
    );
    // 甲科 × 3 clauses, 乙科 × 1, 丙股 × 3.
    assert_eq!(s.cells.len(), 7);

    // Audited this cycle, but its action proved ineffective: due 6 months after, now past.
    let x = cell(&s, "hq", "甲科", "7.5");
    assert_eq!(
        (x.state, x.due, x.risk),
        (
            DueState::Overdue,
            d("2026-09-20"),
            Some(RiskReason::Ineffective)
        )
    );
    let last = x.last.as_ref().unwrap();
    assert_eq!(
        (last.audit_id.as_str(), last.result),
        ("X2", Outcome::Minor)
    );

    // Audited in the last cycle only: due by this cycle's end.
    let x = cell(&s, "hq", "甲科", "8.5");
    assert_eq!((x.state, x.due), (DueState::Due, d("2026-12-31")));
    assert_eq!(x.last.as_ref().unwrap().audit_id, "X1");

    // Never audited.
    let x = cell(&s, "hq", "甲科", "9.2");
    assert_eq!(
        (x.state, x.due, x.last.is_none()),
        (DueState::Due, d("2026-12-31"), true)
    );

    // Major in 2025, audited again conform in 2026: done, next due at the next cycle's end.
    let x = cell(&s, "hq", "乙科", "8.5");
    assert_eq!(
        (x.state, x.due, x.risk),
        (DueState::Done, d("2027-12-31"), None)
    );

    assert_eq!((s.total.done, s.total.due, s.total.overdue), (1, 5, 1));
    assert_eq!(s.total.coverage, 14.3); // 1 of 7
    assert_eq!(s.offices[0].coverage, 25.0); // hq: 1 of 4
    assert_eq!(s.offices[1].coverage, 0.0);

    // Earlier in the year the ineffective action's re-audit is still ahead.
    let s = compute(&p, &history(), d("2026-06-01"));
    assert_eq!(cell(&s, "hq", "甲科", "7.5").state, DueState::Due);
    // Before X2 the major of X1 is what counts: overdue since 2025-12-10.
    let s = compute(&p, &history(), d("2026-02-01"));
    let x = cell(&s, "hq", "乙科", "8.5");
    assert_eq!(
        (x.state, x.due, x.risk),
        (DueState::Overdue, d("2025-12-10"), Some(RiskReason::Major))
    );
    assert_eq!(s.total.done, 0);
}

#[test]
fn the_proposed_year_covers_the_cycle_with_independent_auditors() {
    let p = programme();
    let y = propose(&p, &history(), 2027);
    // Every cell of the programme is in a cycle audit of the year.
    let mut wanted: BTreeSet<(String, String, ClauseId)> = BTreeSet::new();
    for o in &p.offices {
        for dd in &o.departments {
            for cl in &dd.clauses {
                wanted.insert((o.code.clone(), dd.name.clone(), cl.clone()));
            }
        }
    }
    let mut got = BTreeSet::new();
    for a in y.audits.iter().filter(|a| a.kind == AuditKind::Cycle) {
        for x in &a.departments {
            for cl in &x.clauses {
                got.insert((a.office.clone(), x.department.clone(), cl.clone()));
            }
        }
    }
    assert_eq!(got, wanted);
    // Nobody audits a department they belong to or are barred from; every department has
    // someone (C may not audit 乙科, B belongs to it: A does).
    for a in &y.audits {
        for x in &a.departments {
            let who = x.auditor.as_deref().expect("an independent auditor");
            let aud = p.auditor(who).unwrap();
            assert!(
                aud.conflict(&a.office, &x.department).is_none(),
                "{who} on {}/{}",
                a.office,
                x.department
            );
            assert!(a.team.iter().any(|t| t == who));
        }
        assert!(a.lead.is_some());
        assert_eq!(a.start.ymd().1, a.month);
    }
    let b = y
        .audits
        .iter()
        .flat_map(|a| &a.departments)
        .find(|x| x.department == "乙科")
        .unwrap();
    assert_eq!(b.auditor.as_deref(), Some("A"));
    // 甲科 7.5's ineffective action asks for a follow-up six months after its cycle audit.
    let first = y
        .audits
        .iter()
        .find(|a| a.office == "hq" && a.kind == AuditKind::Cycle)
        .unwrap();
    let follow = y
        .audits
        .iter()
        .find(|a| a.office == "hq" && a.kind == AuditKind::FollowUp)
        .unwrap();
    assert_eq!(follow.month, first.month + 6);
    assert_eq!(follow.clauses, vec![c("7.5")]);
    // Overdue at the start of the year: the office's cycle audit is in January.
    assert_eq!(first.month, 1);
    // Ids follow the month, then the office.
    let ids: Vec<&str> = y.audits.iter().map(|a| a.id.as_str()).collect();
    let mut sorted = ids.clone();
    sorted.sort();
    assert_eq!(ids, sorted);
    assert!(ids[0].starts_with("T-2027-IA01"));
}

#[test]
fn a_department_nobody_may_audit_is_said() {
    let src = PROGRAMME.replace("may_not_audit = [\"hq/乙科\"]", "may_not_audit = [\"hq/乙科\", \"hq/甲科\"]")
        .replace("name = \"A\"\noffice = \"hq\"\ndepartment = \"甲科\"\nlead = true", "name = \"A\"\noffice = \"hq\"\ndepartment = \"甲科\"\nlead = true\nmay_not_audit = [\"乙科\"]");
    let p = Programme::parse(&src, Path::new("programme.toml"), &Catalog::embedded()).unwrap();
    let y = propose(&p, &History::default(), 2027);
    let x = y
        .audits
        .iter()
        .flat_map(|a| &a.departments)
        .find(|x| x.department == "乙科")
        .unwrap();
    assert_eq!(x.auditor, None);
    assert!(
        y.diagnostics
            .iter()
            .any(|d| d.message.render(crate::model::Lang::En).contains("hq/乙科")),
        "{:?}",
        y.diagnostics
    );
    // 甲科: A belongs, C is barred; B may.
    let x = y
        .audits
        .iter()
        .flat_map(|a| &a.departments)
        .find(|x| x.department == "甲科")
        .unwrap();
    assert_eq!(x.auditor.as_deref(), Some("B"));
}

/// A proposed plan reads back as the plan it says, whatever the names hold: a line break in a
/// name never turns into a setting.
#[test]
fn a_proposed_plan_reads_back_whatever_the_names() {
    let src = PROGRAMME
        .replace(
            "code = \"hq\"\n",
            "code = \"hq\"\nname = \"甲\\n[gate]\\nfail_on = \\\"any\\\"\"\n",
        )
        .replace(
            "departments = [\"甲科\",",
            "departments = [\"甲科\\n[output]\",",
        )
        .replace("department = \"甲科\"", "department = \"甲科\\n[output]\"");
    let p = Programme::parse(&src, Path::new("/b/programme.toml"), &Catalog::embedded()).unwrap();
    let y = propose(&p, &History::default(), 2027);
    let a = y.audits.iter().find(|a| a.office == "hq").unwrap();
    let o = &p.offices[0];
    assert!(o.name.contains('\n') && o.departments[0].name.contains('\n'));
    let text = super::write::audit_toml(a, o, &p, Path::new("/b/plans/x"), crate::model::Lang::Zh);
    let plan = crate::plan::Plan::parse(
        &text,
        Path::new("/b/plans/x/audit.toml"),
        &Catalog::embedded(),
    )
    .unwrap();
    assert_eq!(plan.fail_on, None);
    assert_eq!(plan.offices[0].name, o.name);
    assert_eq!(plan.audit.audit_id, a.id);
    assert_eq!(plan.audit.lead_auditor, a.lead.clone().unwrap());
    assert_eq!(
        plan.programme.as_deref(),
        Some(Path::new("/b/plans/x/../../programme.toml"))
    );
    let scope: Vec<ClauseId> = a.clauses.clone();
    assert!(
        scope
            .iter()
            .all(|c| plan.audit.scope.iter().any(|s| s.is_within(c)))
    );
}
