use super::*;
use crate::catalog::parse_scope;
use crate::model::{Checklist, ChecklistMeta, Gap, GapKind, Unreadable};

fn id(s: &str) -> ClauseId {
    s.parse().unwrap()
}

fn row(file: &str, line: u32, clause: &str, outcome: Outcome, dept: &str) -> ChecklistRow {
    ChecklistRow {
        source: Location {
            line: Some(line),
            ..Location::file(file)
        },
        no: None,
        clause: clause.parse().ok(),
        clause_text: clause.to_string(),
        question: format!("q{line}"),
        evidence: format!("e{line}"),
        outcome,
        graded: true,
        finding: format!("f{line}"),
        department: dept.to_string(),
        auditor: "李强".to_string(),
        date: None,
        procedure: String::new(),
        notes: String::new(),
        attention: None,
    }
}

fn ingested(file: &str, rows: Vec<ChecklistRow>) -> Ingested {
    Ingested {
        checklist: Some(Checklist {
            file: file.to_string(),
            meta: ChecklistMeta::default(),
            rows,
        }),
        diagnostics: vec![],
    }
}

fn info(scope: &str) -> AuditInfo {
    AuditInfo {
        audit_id: "DGZJ-2026-IA01".into(),
        office_code: "linhu".into(),
        scope: parse_scope(&Catalog::embedded(), scope).unwrap(),
        ..Default::default()
    }
}

fn run(audit: &AuditInfo, lists: &[Ingested], mapping: Option<&Mapping>) -> AuditResult {
    let catalog = Catalog::embedded();
    assess(&AssessInput {
        audit,
        checklists: lists,
        mapping,
        catalog: &catalog,
    })
}

#[test]
fn ids_follow_clause_then_source_and_series_are_apart() {
    use Outcome::*;
    let mut ungraded = row("b.csv", 2, "7.5.3", Minor, "办公室");
    ungraded.graded = false;
    let lists = [
        ingested(
            "b.csv",
            vec![ungraded, row("b.csv", 3, "10.2", Ofi, "办公室")],
        ),
        ingested(
            "a.csv",
            vec![
                row("a.csv", 5, "7.5.3", Major, "综合股"),
                row("a.csv", 2, "9.2", Minor, "综合股"),
                row("a.csv", 3, "7.1.5", Observation, "综合股"),
                row("a.csv", 4, "4.1", Conform, "综合股"),
            ],
        ),
    ];
    let r = run(&info("4-10"), &lists, None);
    let ncs: Vec<(&str, String, &str)> = r
        .nonconformities
        .iter()
        .map(|f| (f.id.as_str(), f.clause.to_string(), f.source.file.as_str()))
        .collect();
    assert_eq!(
        ncs,
        [
            ("DGZJ-2026-IA01-linhu-NC01", "7.5.3".to_string(), "a.csv"),
            ("DGZJ-2026-IA01-linhu-NC02", "7.5.3".to_string(), "b.csv"),
            ("DGZJ-2026-IA01-linhu-NC03", "9.2".to_string(), "a.csv"),
        ]
    );
    assert!(r.nonconformities[1].grade_defaulted);
    assert!(!r.nonconformities[0].grade_defaulted);
    assert_eq!(r.nonconformities[0].clause_title_zh, "成文信息的控制");
    assert_eq!(
        r.nonconformities[0].clause_title_en,
        "Control of documented information"
    );
    let obs: Vec<&str> = r.observations.iter().map(|f| f.id.as_str()).collect();
    assert_eq!(
        obs,
        ["DGZJ-2026-IA01-linhu-OB01", "DGZJ-2026-IA01-linhu-OFI01"]
    );
    assert_eq!(r.checklists, ["a.csv", "b.csv"]);
    // Undated rows and no audit date: one warning, as the register could count no due date.
    assert_eq!(r.diagnostics.len(), 1, "{:?}", r.diagnostics);
    assert!(
        r.diagnostics[0]
            .message
            .to_string()
            .starts_with("no audit date: 5 finding(s)")
    );
    // Input order does not change ids.
    let swapped = [lists[1].clone(), lists[0].clone()];
    assert_eq!(run(&info("4-10"), &swapped, None), r);
}

#[test]
fn several_minors_same_clause_and_department_are_flagged_not_regraded() {
    use Outcome::*;
    let lists = [ingested(
        "a.csv",
        vec![
            row("a.csv", 2, "8.5.1", Minor, "行政许可股"),
            row("a.csv", 3, "8.5.1", Minor, "行政许可股"),
            row("a.csv", 4, "8.5.1", Minor, "稽查大队"),
            row("a.csv", 5, "8.5.1", Major, "行政许可股"),
        ],
    )];
    let r = run(&info("4-10"), &lists, None);
    assert_eq!(r.systemic.len(), 1);
    assert_eq!(r.systemic[0].department, "行政许可股");
    assert_eq!(
        r.systemic[0].findings,
        ["DGZJ-2026-IA01-linhu-NC01", "DGZJ-2026-IA01-linhu-NC02"]
    );
    let minors = r
        .nonconformities
        .iter()
        .filter(|f| f.grade == Minor)
        .count();
    assert_eq!(minors, 3, "grades are left as the auditor wrote them");
}

#[test]
fn rows_without_a_known_clause_become_diagnostics_once() {
    use Outcome::*;
    let mut lists = [ingested(
        "a.csv",
        vec![
            row("a.csv", 2, "7.9", Minor, "办公室"),
            row("a.csv", 3, "", Conform, "办公室"),
            row("a.csv", 4, "7.5", Conform, "办公室"),
            row("a.csv", 5, "12.1", Minor, "办公室"),
        ],
    )];
    // Ingestion already reported line 5; assess must not repeat it.
    lists[0].diagnostics.push(Diagnostic::error(
        Location {
            line: Some(5),
            ..Location::file("a.csv")
        },
        "unknown clause \"12.1\"",
    ));
    let r = run(&info("4-10"), &lists, None);
    assert!(r.nonconformities.is_empty());
    assert_eq!(r.figures.rows, 1);
    let lines: Vec<Option<u32>> = r.diagnostics.iter().map(|d| d.location.line).collect();
    assert_eq!(lines, [Some(2), Some(3), Some(5)]);
    assert!(r.diagnostics.iter().all(|d| d.is_error()));
    assert!(r.diagnostics[0].message.to_string().contains("7.9"));
    assert!(
        r.diagnostics[0]
            .hint
            .as_ref()
            .unwrap()
            .to_string()
            .contains("7.5")
    );
}

#[test]
fn coverage_rolls_up_but_a_parent_row_does_not_cover_its_children() {
    use Outcome::*;
    let lists = [ingested(
        "a.csv",
        vec![
            row("a.csv", 2, "7.5.3.1", Minor, "办公室"),
            row("a.csv", 3, "7.5", Conform, "办公室"),
            row("a.csv", 4, "8.4.1", NotAudited, "办公室"),
        ],
    )];
    let r = run(&info("7.5,8.4"), &lists, None);
    let cov: BTreeMap<String, u32> = r
        .coverage
        .iter()
        .map(|c| (c.id.to_string(), c.rows))
        .collect();
    assert_eq!(cov["7.5"], 2);
    assert_eq!(cov["7.5.3"], 1);
    assert_eq!(cov["7.5.3.1"], 1);
    assert_eq!(cov["7.5.1"], 0);
    assert_eq!(cov["8.4.1"], 1);
    let na: Vec<String> = r.not_audited.iter().map(|c| c.to_string()).collect();
    assert_eq!(
        na,
        [
            "7.5.1", "7.5.2", "7.5.3.2", "8.4", "8.4.1", "8.4.2", "8.4.3"
        ]
    );
    let c75 = r.coverage.iter().find(|c| c.id == id("7.5")).unwrap();
    assert_eq!(c75.results[&Minor], 1);
    assert_eq!(c75.results[&Conform], 1);
}

#[test]
fn figures_by_result_chapter_and_department() {
    use Outcome::*;
    let lists = [ingested(
        "a.csv",
        vec![
            row("a.csv", 2, "7.5.3", Conform, "办公室"),
            row("a.csv", 3, "7.5.3", Conform, "办公室"),
            row("a.csv", 4, "7.2", Minor, "办公室"),
            row("a.csv", 5, "9.2", Observation, "稽查大队"),
            row("a.csv", 6, "9.2", NotApplicable, "稽查大队"),
        ],
    )];
    let r = run(&info("4-10"), &lists, None);
    let f = &r.figures;
    assert_eq!(f.rows, 5);
    assert_eq!(f.by_result[&Conform], 2);
    assert_eq!(f.by_result[&Minor], 1);
    assert!(!f.by_result.contains_key(&Major));
    let keys: Vec<&str> = f.by_chapter.iter().map(|c| c.key.as_str()).collect();
    assert_eq!(keys, ["4", "5", "6", "7", "8", "9", "10"]);
    let ch7 = &f.by_chapter[3];
    assert_eq!((ch7.audited, ch7.conform, ch7.minor), (3, 2, 1));
    assert_eq!(ch7.rate, Some(66.7));
    assert_eq!(f.by_chapter[5].rate, None, "an observation is not judged");
    assert_eq!(f.by_chapter[5].audited, 1);
    let depts: Vec<&str> = f.by_department.iter().map(|c| c.key.as_str()).collect();
    assert_eq!(depts, ["办公室", "稽查大队"]);
}

#[test]
fn mapping_gaps_are_candidates_never_nonconformities() {
    let gap = |c: &str, kind| Gap {
        id: id(c),
        kind,
        detail: "no document".into(),
        detail_zh: String::new(),
    };
    let mapping = Mapping {
        root: "procedures".into(),
        gaps: vec![
            gap("8.4.1", GapKind::NotCovered),
            gap("7.5.3", GapKind::MissingDocumentedInformation),
            gap("9.2", GapKind::NotCovered),
        ],
        unreadable: vec![Unreadable {
            path: "x.doc".into(),
            reason: "encrypted".into(),
        }],
        ..Default::default()
    };
    let r = run(&info("7.5,8.4"), &[], Some(&mapping));
    let ids: Vec<String> = r
        .candidate_gaps
        .iter()
        .map(|g| g.gap.id.to_string())
        .collect();
    assert_eq!(ids, ["7.5.3", "8.4.1"], "9.2 is outside the scope");
    assert!(r.candidate_gaps.iter().all(|g| g.needs_confirmation));
    assert!(r.nonconformities.is_empty());
    assert_eq!(r.figures.by_result.get(&Outcome::Minor), None);
    assert_eq!(r.unreadable_documents.len(), 1);
}

#[test]
fn dates_come_from_the_checklists_when_not_given() {
    let mut a = row("a.csv", 2, "9.2", Outcome::Conform, "办公室");
    let d = |s: &str| Some(s.parse::<crate::model::Date>().unwrap());
    a.date = d("2026-03-18");
    let b = row("a.csv", 3, "9.2", Outcome::Conform, "办公室");
    let mut lists = [ingested("a.csv", vec![a, b])];
    lists[0].checklist.as_mut().unwrap().meta.date = d("2026-03-16");
    let r = run(&info("4-10"), &lists, None);
    assert_eq!(r.audit.start_date, d("2026-03-16"));
    assert_eq!(r.audit.end_date, d("2026-03-18"));
    let mut given = info("4-10");
    given.start_date = d("2026-03-20");
    let r = run(&given, &lists, None);
    assert_eq!(r.audit.start_date, d("2026-03-20"));
    assert_eq!(r.audit.team, ["李强"]);
}

#[test]
fn keys_survive_edits_elsewhere_and_labels_carry_over() {
    use Outcome::*;
    let first = [ingested(
        "a.csv",
        vec![
            row("a.csv", 2, "7.5.3", Minor, "办公室"),
            row("a.csv", 3, "8.5.1", Major, "办公室"),
            row("a.csv", 4, "9.2", Minor, "办公室"),
        ],
    )];
    let r1 = run(&info("4-10"), &first, None);
    // A row inserted at the top, one NC made conform, one regraded; rows keep their questions.
    let mut top = row("a.csv", 2, "4.1", Minor, "办公室");
    top.question = "new".into();
    let shift = |mut r: ChecklistRow| {
        r.source.line = r.source.line.map(|l| l + 1);
        r
    };
    let second = [ingested(
        "a.csv",
        vec![
            top,
            shift(row("a.csv", 2, "7.5.3", Conform, "办公室")),
            shift(row("a.csv", 3, "8.5.1", Minor, "办公室")),
            shift(row("a.csv", 4, "9.2", Minor, "办公室")),
        ],
    )];
    let mut r2 = run(&info("4-10"), &second, None);
    let key = |r: &AuditResult, clause: &str| {
        r.nonconformities
            .iter()
            .find(|f| f.clause.to_string() == clause)
            .map(|f| (f.key.clone(), f.id.clone()))
            .unwrap()
    };
    assert_eq!(key(&r1, "8.5.1").0, key(&r2, "8.5.1").0);
    assert_eq!(key(&r1, "9.2").0, key(&r2, "9.2").0);
    // Positional numbers moved: 4.1 took NC01.
    assert_eq!(key(&r2, "4.1").1, "DGZJ-2026-IA01-linhu-NC01");
    keep_labels(&mut r2, &r1);
    assert_eq!(key(&r2, "8.5.1").1, key(&r1, "8.5.1").1);
    assert_eq!(key(&r2, "9.2").1, key(&r1, "9.2").1);
    // NC01 (7.5.3, now conform) is never reused: the new finding takes NC04.
    assert_eq!(key(&r2, "4.1").1, "DGZJ-2026-IA01-linhu-NC04");
    // Another office's result changes nothing.
    let mut other = r1.clone();
    other.audit.office_code = "anhe".into();
    let before = r2.clone();
    keep_labels(&mut r2, &other);
    assert_eq!(r2, before);
}

/// A scope of single clauses shows only the chapters it reaches into, each with its title.
#[test]
fn chapters_of_a_list_scope_keep_their_titles_and_no_others() {
    let rows = vec![
        row("a.csv", 2, "7.5.3", Outcome::Conform, "办公室"),
        row("a.csv", 3, "8.4.1", Outcome::Minor, "办公室"),
    ];
    let r = run(&info("7.5,8.4"), &[ingested("a.csv", rows)], None);
    let chapters: Vec<(&str, &str, u32)> = r
        .figures
        .by_chapter
        .iter()
        .map(|c| (c.key.as_str(), c.title_zh.as_str(), c.audited))
        .collect();
    assert_eq!(chapters, [("7", "支持", 1), ("8", "运行", 1)]);
    assert_eq!(crate::report::chapter_label(&r, "8", Lang::Zh), "8 运行");
    // The whole standard still shows every chapter.
    let all = run(&info("4-10"), &[], None);
    let keys: Vec<&str> = all
        .figures
        .by_chapter
        .iter()
        .map(|c| c.key.as_str())
        .collect();
    assert_eq!(keys, ["4", "5", "6", "7", "8", "9", "10"]);
}
