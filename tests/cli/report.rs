//! `isoaudit report` through the real binary: the workbook read back with calamine, the
//! Markdown and the JSON checked against the input checklists in tests/fixtures/report/.

use assert_cmd::Command;
use calamine::{Data, Reader, open_workbook_auto};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

const GOOD: [&str; 2] = ["linhu-综合股.csv", "linhu-licensing.csv"];
const BROKEN: &str = "linhu-broken.csv";

/// A temp dir holding copies of the fixtures, so the paths in reports are short and the same
/// in every run.
fn workspace() -> tempfile::TempDir {
    let d = tempfile::tempdir().unwrap();
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/report");
    for f in GOOD.iter().chain([&BROKEN]) {
        std::fs::copy(src.join(f), d.path().join(f)).unwrap();
    }
    d
}

fn report(dir: &Path, files: &[&str], extra: &[&str]) -> std::process::Output {
    let mut c = Command::cargo_bin("isoaudit").unwrap();
    c.current_dir(dir)
        .env_remove("LANG")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .arg("report")
        .args(files)
        .args(["--audit-id", "DGZJ-2026-IA01", "--office", "linhu"])
        .args(extra);
    if !extra.contains(&"--date") {
        c.args(["--date", "2026-03-16"]);
    }
    c.output().unwrap()
}

fn sheet(path: &Path, name: &str) -> calamine::Range<Data> {
    let mut wb = open_workbook_auto(path).unwrap();
    wb.worksheet_range(name)
        .unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// Counts by result straight from the CSV files, with this test's own reading of the
/// vocabulary the fixtures use (English result labels as the report writes them).
fn counts_from_inputs(dir: &Path, files: &[&str]) -> BTreeMap<&'static str, u32> {
    let mut m = BTreeMap::new();
    for f in files {
        let text = std::fs::read_to_string(dir.join(f)).unwrap();
        let mut rdr = csv::Reader::from_reader(text.as_bytes());
        for rec in rdr.records() {
            let rec = rec.unwrap();
            let label = match rec.get(3).unwrap().trim() {
                "符合" | "conform" => "conform",
                "一般不符合" | "不符合" | "minor" => "minor NC",
                "严重不符合" | "major" => "major NC",
                "观察项" | "observation" => "observation",
                "改进机会" | "OFI" => "OFI",
                "不适用" => "N/A",
                "" => "not audited",
                other => panic!("fixture result {other} not in this test's table"),
            };
            *m.entry(label).or_default() += 1;
        }
    }
    m
}

fn string_cells(r: &calamine::Range<Data>, col: usize) -> Vec<String> {
    r.rows()
        .skip(1)
        .map(|row| match &row[col] {
            Data::String(s) => s.clone(),
            other => panic!("expected text, got {other:?}"),
        })
        .collect()
}

#[test]
fn workbook_counts_equal_the_input_counts() {
    let d = workspace();
    let out = report(d.path(), &GOOD, &["-o", "out"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let expected = counts_from_inputs(d.path(), &GOOD);
    assert_eq!(expected["minor NC"], 4, "fixture sanity");
    let xlsx = d.path().join("out/nc-report.xlsx");
    let summary = sheet(&xlsx, "Summary");
    let mut got: BTreeMap<String, u32> = BTreeMap::new();
    for row in summary.rows() {
        if let (Data::String(k), Data::Float(n)) = (&row[0], &row[1]) {
            got.insert(k.clone(), *n as u32);
        }
    }
    for label in [
        "conform",
        "minor NC",
        "major NC",
        "observation",
        "OFI",
        "N/A",
        "not audited",
    ] {
        assert_eq!(
            got.get(label).copied().unwrap_or(u32::MAX),
            expected.get(label).copied().unwrap_or(0),
            "{label}"
        );
    }
    assert_eq!(got["Total"], expected.values().sum::<u32>());
    let ncs = sheet(&xlsx, "Nonconformities");
    assert_eq!(
        ncs.height() as u32 - 1,
        expected["minor NC"] + expected["major NC"]
    );
    let obs = sheet(&xlsx, "Observations & OFIs");
    assert_eq!(
        obs.height() as u32 - 1,
        expected["observation"] + expected["OFI"]
    );
    // The register columns the corrective action needs are there and empty.
    let head: Vec<String> = ncs
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    for h in [
        "Correction",
        "Root cause",
        "Corrective action",
        "Owner",
        "Due date",
        "Verification",
    ] {
        let col = head
            .iter()
            .position(|x| x == h)
            .unwrap_or_else(|| panic!("{h}"));
        assert!(
            ncs.rows()
                .skip(1)
                .all(|r| r.get(col).is_none_or(|c| *c == Data::Empty))
        );
    }
    // The clause title in the reader's language, and the grade of the plain 不符合 row says
    // it was defaulted.
    let row = ncs
        .rows()
        .find(|r| r[8].to_string().starts_with("作废文件未标识"))
        .unwrap();
    assert_eq!(row[2].to_string(), "Control of documented information");
    assert_eq!(
        row[3].to_string(),
        "minor NC (no grade written; treated as minor)"
    );
    // Coverage and the JSON agree with the workbook.
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(d.path().join("out/result.json")).unwrap()).unwrap();
    assert_eq!(json["schema_version"], 1);
    assert_eq!(json["figures"]["by_result"]["minor"], 4);
    let cov = sheet(&xlsx, "Coverage");
    assert_eq!(cov.height() - 1, json["coverage"].as_array().unwrap().len());
    assert_eq!(cov.height() - 1, 91, "whole standard in scope by default");
}

#[test]
fn ids_and_bytes_are_stable_across_runs() {
    let d = workspace();
    assert!(report(d.path(), &GOOD, &["-o", "a"]).status.success());
    // Reversed input order, another folder: same ids, same bytes.
    let reversed = [GOOD[1], GOOD[0]];
    assert!(report(d.path(), &reversed, &["-o", "b"]).status.success());
    for f in ["nc-report.xlsx", "report.md", "result.json"] {
        let a = std::fs::read(d.path().join("a").join(f)).unwrap();
        let b = std::fs::read(d.path().join("b").join(f)).unwrap();
        assert!(a == b, "{f} differs between runs");
    }
    let ids = string_cells(
        &sheet(&d.path().join("a/nc-report.xlsx"), "Nonconformities"),
        0,
    );
    let want: Vec<String> = (1..=5)
        .map(|n| format!("DGZJ-2026-IA01-linhu-NC{n:02}"))
        .collect();
    assert_eq!(ids, want);
    let clauses = string_cells(
        &sheet(&d.path().join("a/nc-report.xlsx"), "Nonconformities"),
        1,
    );
    assert_eq!(clauses, ["7.1.5.2", "7.5.3", "7.5.3", "8.5.1", "8.5.1"]);
}

#[test]
fn markdown_has_every_nonconformity_and_the_report_contents() {
    let d = workspace();
    assert!(
        report(d.path(), &GOOD, &["-o", "out", "--format", "md,json"])
            .status
            .success()
    );
    assert!(!d.path().join("out/nc-report.xlsx").exists());
    let md = std::fs::read_to_string(d.path().join("out/report.md")).unwrap();
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(d.path().join("out/result.json")).unwrap()).unwrap();
    let ncs = json["nonconformities"].as_array().unwrap();
    assert_eq!(ncs.len(), 5);
    for nc in ncs {
        let id = nc["id"].as_str().unwrap();
        assert!(
            md.contains(&format!("## Nonconformity report {id}")),
            "{id}"
        );
    }
    for section in [
        "Audit objectives",
        "Audit scope",
        "Audit criteria",
        "Audit team and auditees",
        "Dates and places",
        "Audit findings",
        "Audit conclusions",
        "Degree to which the audit criteria are fulfilled",
        "Sampling statement",
    ] {
        assert!(md.contains(section), "{section}");
    }
    // User text cannot break a table or inject HTML.
    assert!(md.contains("抽查电子天平台账\\|编号 T-03 的检定证书过期 &lt;3个月&gt;"));
    assert!(md.contains("(no grade written; treated as minor)"));
    assert!(md.contains("DGZJ-2026-IA01-linhu-NC04, DGZJ-2026-IA01-linhu-NC05"));
}

#[test]
fn findings_that_look_like_formulas_stay_text() {
    let d = workspace();
    assert!(report(d.path(), &GOOD, &["-o", "out"]).status.success());
    let xlsx = d.path().join("out/nc-report.xlsx");
    let ncs = sheet(&xlsx, "Nonconformities");
    let statements: Vec<&Data> = ncs.rows().skip(1).map(|r| &r[8]).collect();
    for prefix in ["=", "+", "@"] {
        assert!(
            statements
                .iter()
                .any(|c| matches!(c, Data::String(s) if s.starts_with(prefix))),
            "a statement starting with {prefix} as a string cell: {statements:?}"
        );
    }
    let mut wb = open_workbook_auto(&xlsx).unwrap();
    let formulas = wb.worksheet_formula("Nonconformities").unwrap();
    assert!(formulas.used_cells().next().is_none(), "no formula cells");
    let obs = sheet(&xlsx, "Observations & OFIs");
    assert!(
        obs.rows()
            .any(|r| matches!(&r[8], Data::String(s) if s.starts_with("-Consider")))
    );
}

#[test]
fn a_broken_checklist_still_yields_a_report_and_exit_code_2() {
    let d = workspace();
    let files = [GOOD[0], GOOD[1], BROKEN];
    let out = report(d.path(), &files, &["-o", "out"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("linhu-broken.csv, cell D3: unknown result \"合格?\""),
        "{stderr}"
    );
    let xlsx = d.path().join("out/nc-report.xlsx");
    let diags = sheet(&xlsx, "Diagnostics");
    let rows: Vec<(String, String, String)> = diags
        .rows()
        .skip(1)
        .map(|r| (r[0].to_string(), r[1].to_string(), r[3].to_string()))
        .collect();
    let want = |line: &str| ("error".to_string(), BROKEN.to_string(), line.to_string());
    assert_eq!(rows, [want("A2"), want("D3"), want("A5")]);
    // What could be read is reported: the good row of the broken file counts.
    let summary = sheet(&xlsx, "Summary");
    let conform = summary
        .rows()
        .find(|r| r[0] == Data::String("conform".into()))
        .map(|r| r[1].clone())
        .unwrap();
    let expected = counts_from_inputs(d.path(), &GOOD)["conform"] + 1;
    assert_eq!(conform, Data::Float(expected as f64));
    assert_eq!(sheet(&xlsx, "Nonconformities").height(), 6);
    let md = std::fs::read_to_string(d.path().join("out/report.md")).unwrap();
    assert!(md.contains("## 11. Input problems"));
}

#[test]
fn lang_zh_switches_every_label() {
    let d = workspace();
    assert!(
        report(d.path(), &GOOD, &["-o", "out", "--lang", "zh"])
            .status
            .success()
    );
    let xlsx: PathBuf = d.path().join("out/nc-report.xlsx");
    let wb = open_workbook_auto(&xlsx).unwrap();
    assert_eq!(
        wb.sheet_names(),
        [
            "汇总",
            "不符合项",
            "观察项与改进机会",
            "条款覆盖",
            "待确认差距",
            "诊断信息"
        ]
    );
    let ncs = sheet(&xlsx, "不符合项");
    let head: Vec<String> = ncs
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert_eq!(head[0], "编号");
    assert!(head.contains(&"纠正措施".to_string()) && head.contains(&"原因分析".to_string()));
    assert_eq!(ncs.rows().nth(1).unwrap()[3].to_string(), "严重不符合");
    let md = std::fs::read_to_string(d.path().join("out/report.md")).unwrap();
    for label in [
        "# 内部审核报告",
        "## 不符合报告 DGZJ-2026-IA01-linhu-NC01",
        "| 受审核部门 |",
        "| 审核准则/条款 | 7.1.5.2 测量溯源 |",
        "| 不符合事实描述 |",
        "| 不符合性质 | 严重不符合 |",
        "| 审核员/日期 | 李强 / 2026-03-16 |",
        "| 受审核方确认 |",
        "| 纠正 |",
        "| 原因分析 |",
        "| 纠正措施 |",
        "| 验证 |",
        "抽样声明",
        "（未注明性质，按一般不符合处理）",
    ] {
        assert!(md.contains(label), "{label}");
    }
    for english in [
        "Nonconformity report",
        "Audit scope",
        "Sampling",
        "minor NC",
    ] {
        assert!(!md.contains(english), "{english} left in the zh report");
    }
}

#[test]
fn existing_reports_are_kept_without_force() {
    let d = workspace();
    assert!(
        report(d.path(), &GOOD[..1], &["-o", "out"])
            .status
            .success()
    );
    let before = std::fs::read(d.path().join("out/result.json")).unwrap();
    let out = report(d.path(), &GOOD, &["-o", "out"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--force"));
    assert_eq!(
        std::fs::read(d.path().join("out/result.json")).unwrap(),
        before
    );
    assert!(
        report(d.path(), &GOOD, &["-o", "out", "--force"])
            .status
            .success()
    );
    assert_ne!(
        std::fs::read(d.path().join("out/result.json")).unwrap(),
        before
    );
    let bad = report(d.path(), &GOOD, &["-o", "x", "--date", "16.3.2026"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(!d.path().join("x").exists());
}

/// `--plan` supplies the audit's facts and `--docs` the procedure mapping: its gaps become
/// candidate findings for the auditor to confirm, never nonconformities.
#[test]
fn plan_and_docs_give_audit_facts_and_candidate_gaps() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/bureau");
    let d = tempfile::tempdir().unwrap();
    let checklist = root.join("offices/linhu/checklists/临湖县局内审检查表.xlsx");
    let run = |extra: &[&str], out: &str| {
        let o = Command::cargo_bin("isoaudit")
            .unwrap()
            .args(["report", "--lang", "en", "--office", "linhu", "--plan"])
            .arg(root.join("audit.toml"))
            .arg(&checklist)
            .args(extra)
            .arg("-o")
            .arg(d.path().join(out))
            .output()
            .unwrap();
        assert_eq!(
            o.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
        d.path().join(out).join("nc-report.xlsx")
    };
    let docs = root.join("offices/linhu/procedures");
    let with_docs = run(&["--docs", docs.to_str().unwrap()], "with");
    let without = run(&[], "without");

    let gaps = sheet(&with_docs, "Candidate gaps");
    let clauses: Vec<String> = gaps.rows().skip(1).map(|r| r[0].to_string()).collect();
    for id in ["5.2.2", "6.2.1"] {
        assert!(
            clauses.iter().any(|c| c == id),
            "gap {id} listed: {clauses:?}"
        );
    }
    assert!(sheet(&without, "Candidate gaps").height() <= 1);
    let ncs = |p: &Path| sheet(p, "Nonconformities").height();
    assert_eq!(
        ncs(&with_docs),
        ncs(&without),
        "gaps are never counted as NCs"
    );

    let md = std::fs::read_to_string(d.path().join("with/report.md")).unwrap();
    assert!(
        md.contains("DGZJ-2026-IA01-linhu-NC01"),
        "ids from the plan's audit id"
    );
    assert!(md.contains("王敏"), "lead auditor from the plan");
}

/// One date type, validated where a date enters: an impossible `--date`, a plan date and a
/// checklist row date each give a clear message naming the place, not a refusal three
/// commands later; a row date written the way people write it is read.
#[test]
fn impossible_dates_are_named_where_they_enter() {
    let d = workspace();
    let o = report(d.path(), &GOOD, &["--date", "2026-02-30", "-o", "out"]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("'2026-02-30' for '--date <YYYY-MM-DD>'") && err.contains("not a date"),
        "{err}"
    );
    assert!(!d.path().join("out").exists());

    std::fs::write(
        d.path().join("audit.toml"),
        "[audit]\nid = \"A1\"\nstart = \"2026-13-45\"\n",
    )
    .unwrap();
    let o = report(d.path(), &GOOD, &["--plan", "audit.toml", "-o", "out"]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("audit.toml: line 3: audit.start: \"2026-13-45\" is not a calendar date"),
        "{err}"
    );

    std::fs::write(
        d.path().join("dated.csv"),
        "条款,问题,结果,日期\n7.5.3,文件是否受控,符合,2026-02-30\n8.2.1,咨询是否答复,符合,2026年3月5日\n",
    )
    .unwrap();
    let o = report(
        d.path(),
        &["dated.csv"],
        &["--date", "2026-03-05", "--format", "json", "-o", "dated"],
    );
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("dated.csv, cell D2: \"2026-02-30\" is not a calendar date"),
        "{err}"
    );
    assert!(!err.contains("cell D3"), "{err}");
}

/// Options resolved once, the same for every command: `report --plan` writes in the plan's
/// `[output] lang` (a flag still wins), and `--rules` reaches the mapping of `report --docs`
/// and of `audit`, as it does `map`'s.
#[test]
fn plan_language_and_rules_apply_to_report_and_audit() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/bureau");
    let d = tempfile::tempdir().unwrap();
    let checklist = root.join("offices/linhu/checklists/临湖县局内审检查表.xlsx");
    let report = |extra: &[&str], out: &str| {
        Command::cargo_bin("isoaudit")
            .unwrap()
            .env_remove("LANG")
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .args(["report", "--office", "linhu", "--format", "md", "--plan"])
            .arg(root.join("audit.toml"))
            .arg(&checklist)
            .args(extra)
            .arg("-o")
            .arg(d.path().join(out))
            .output()
            .unwrap()
    };
    // The sample plan says lang = "zh"; the locale says nothing.
    let o = report(&[], "plan-lang");
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let md = std::fs::read_to_string(d.path().join("plan-lang/report.md")).unwrap();
    assert!(
        md.starts_with("# 内部审核报告"),
        "{}",
        &md[..80.min(md.len())]
    );
    let o = report(&["--lang", "en"], "flag-lang");
    assert_eq!(o.status.code(), Some(0));
    let md = std::fs::read_to_string(d.path().join("flag-lang/report.md")).unwrap();
    assert!(
        md.starts_with("# Internal audit report"),
        "{}",
        &md[..80.min(md.len())]
    );

    // Rules that cannot be read stop report --docs and audit with the rules file named.
    let bad = d.path().join("bad-rules.toml");
    std::fs::write(&bad, "[[rule]]\nid = 1\n").unwrap();
    let docs = root.join("offices/linhu/procedures");
    let o = report(
        &[
            "--docs",
            docs.to_str().unwrap(),
            "--rules",
            bad.to_str().unwrap(),
        ],
        "bad-rules",
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("bad-rules.toml"));
    let o = Command::cargo_bin("isoaudit")
        .unwrap()
        .arg("audit")
        .arg(&root)
        .arg("-o")
        .arg(d.path().join("audit-out"))
        .arg("--rules")
        .arg(&bad)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("bad-rules.toml"));
    assert!(!d.path().join("audit-out").exists());
}

/// Workbooks that print: every sheet A4 landscape, one page wide, the header row repeated,
/// page numbers in the footer; a nonconformity's row as high as its wrapped statement.
#[test]
fn workbooks_print_on_a4_with_rows_as_high_as_their_text() {
    let d = workspace();
    let o = report(d.path(), &GOOD, &["--format", "xlsx", "-o", "out"]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let path = d.path().join("out/nc-report.xlsx");
    let part = |name: &str| crate::harness::zip_part(&path, name);
    let sheets = (1..=6)
        .map(|i| format!("xl/worksheets/sheet{i}.xml"))
        .collect::<Vec<_>>();
    assert!(sheets.len() >= 6);
    for s in &sheets {
        let xml = part(s);
        assert!(xml.contains(r#"<pageSetUpPr fitToPage="1"/>"#), "{s}");
        assert!(
            xml.contains(r#"paperSize="9" fitToHeight="0" orientation="landscape""#),
            "{s}"
        );
        assert!(
            xml.contains("<oddFooter>&amp;C&amp;P / &amp;N</oddFooter>"),
            "{s}"
        );
    }
    let workbook = part("xl/workbook.xml");
    assert!(workbook.contains("_xlnm.Print_Titles"), "{workbook}");
    // The nonconformities sheet: a long statement's row is taller than one line.
    let ncs = part("xl/worksheets/sheet2.xml");
    let row2 = ncs.split(r#"<row r="2""#).nth(1).unwrap();
    let tag = &row2[..row2.find('>').unwrap()];
    assert!(tag.contains("customHeight=\"1\""), "{tag}");
    // One colour per result in every chart: minor orange, major red, observation yellow, OFI
    // blue; counts in whole numbers.
    let chart = part("xl/charts/chart1.xml");
    for rgb in ["ED7D31", "C00000", "FFC000", "4472C4"] {
        assert!(
            chart.contains(&format!("<a:srgbClr val=\"{rgb}\"")),
            "{rgb}"
        );
    }
    assert!(chart.contains(r#"formatCode="0""#), "whole-number axis");
}

/// What a checklist's cover says is read as written: the scope of a partial audit is the
/// audit's scope, and the lead marked in the team is the lead, not another member.
#[test]
fn cover_scope_and_team_are_read_as_written() {
    let d = tempfile::tempdir().unwrap();
    let list = d.path().join("checklist.xlsx");
    crate::harness::isoaudit()
        .args([
            "checklist",
            "new",
            "--lang",
            "zh",
            "--scope",
            "7.5,8.2-8.5,9.2,10.2",
            "--office",
            "临湖县局",
            "--date",
            "2026-03-16",
            "-o",
        ])
        .arg(&list)
        .assert()
        .success();
    // The auditor fills in the team on the cover as offices write it.
    let mut edits = std::collections::BTreeMap::new();
    let cover = read_cover(&list);
    let row = cover
        .iter()
        .position(|r| r.first().is_some_and(|c| c == "审核组" || c == "审核员"))
        .expect("a team row on the cover");
    edits.insert(
        ("封面".to_string(), row as u32, 1u16),
        "张伟（组长）、李娜".to_string(),
    );
    let filled = d.path().join("filled.xlsx");
    crate::harness::rewrite(&list, &filled, &edits);
    let o = crate::harness::isoaudit()
        .current_dir(d.path())
        .args([
            "report",
            "filled.xlsx",
            "--office",
            "linhu",
            "--format",
            "json",
            "-o",
            "out",
        ])
        .output()
        .unwrap();
    assert!(
        o.status.code() == Some(0) || o.status.code() == Some(2),
        "{o:?}"
    );
    let v: serde_json::Value =
        serde_json::from_slice(&std::fs::read(d.path().join("out/result.json")).unwrap()).unwrap();
    let scope: Vec<&str> = v["audit"]["scope"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap())
        .collect();
    assert!(scope.contains(&"7.5.3") && scope.contains(&"8.4.1") && scope.contains(&"10.2"));
    assert!(
        !scope.contains(&"4.1") && !scope.contains(&"8.1"),
        "{scope:?}"
    );
    assert_eq!(v["audit"]["lead_auditor"], "张伟");
    assert_eq!(v["audit"]["team"], serde_json::json!(["李娜"]));
}

fn read_cover(path: &Path) -> Vec<Vec<String>> {
    let mut wb = open_workbook_auto(path).unwrap();
    let r = wb.worksheet_range("封面").unwrap();
    r.rows()
        .map(|row| row.iter().map(|c| c.to_string()).collect())
        .collect()
}
