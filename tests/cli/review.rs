//! `isoaudit review …` through the real binary: a register built from constructed results with
//! known dates (findings before, in and after the period; actions updated, verified, closed,
//! one closed only after the period), the review's figures against hand-computed ones, the
//! workbook read back, the Markdown's headings, an indicators file with a bad row, and the
//! same inputs giving the same bytes.

use assert_cmd::Command;
use calamine::{Data, Reader};
use isoaudit::model::{AuditInfo, AuditResult, Finding, Location, Outcome, RESULT_SCHEMA_VERSION};
use std::path::{Path, PathBuf};

thread_local! {
    /// The PostgreSQL database the running test uses, if it runs on PostgreSQL (each test runs
    /// on both backends, each on a thread of its own); else `register.db` in its folder.
    static POSTGRES: std::cell::RefCell<Option<String>> = const { std::cell::RefCell::new(None) };
}

struct Reg {
    dir: tempfile::TempDir,
    register: std::ffi::OsString,
}

impl Reg {
    fn new() -> Reg {
        let dir = tempfile::tempdir().unwrap();
        let register = POSTGRES
            .with(|p| p.borrow().clone())
            .map_or_else(|| dir.path().join("register.db").into(), Into::into);
        Reg { dir, register }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn cmd(&self) -> Command {
        let mut c = Command::cargo_bin("isoaudit").unwrap();
        c.current_dir(self.dir.path())
            .env("ISOAUDIT_REGISTER", &self.register)
            .env("PGPASSWORD", crate::pg::PASSWORD)
            .env("USER", "王敏")
            .env_remove("LANG")
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES");
        c
    }

    /// `actions ARGS --today TODAY`, which must succeed.
    fn act(&self, today: &str, args: &[&str]) {
        let out = self
            .cmd()
            .arg("actions")
            .args(args)
            .args(["--today", today])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    fn sync(&self, today: &str, name: &str, r: &AuditResult) {
        let p = self.path(name);
        std::fs::write(&p, serde_json::to_vec(r).unwrap()).unwrap();
        self.act(today, &["sync", p.to_str().unwrap()]);
    }

    /// `review ARGS`: (exit code, stdout, stderr).
    fn review(&self, args: &[&str]) -> (i32, String, String) {
        let out = self.cmd().arg("review").args(args).output().unwrap();
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8(out.stdout).unwrap(),
            String::from_utf8(out.stderr).unwrap(),
        )
    }
}

fn finding(
    audit: &str,
    office: &str,
    id: &str,
    clause: &str,
    grade: Outcome,
    date: Option<&str>,
) -> Finding {
    Finding {
        id: format!("{audit}-{office}-{id}"),
        key: format!("k-{id}"),
        clause: clause.parse().unwrap(),
        clause_title_en: String::new(),
        clause_title_zh: String::new(),
        grade,
        grade_defaulted: false,
        procedure: String::new(),
        question: String::new(),
        evidence: format!("{id}: 抽查案卷"),
        statement: format!("{id}: 受理登记|未按程序"),
        department: "综合股".into(),
        auditor: "李强".into(),
        date: date.map(|d| d.parse().unwrap()),
        source: Location {
            file: "内审检查表.xlsx".into(),
            sheet: Some("检查表".into()),
            cell: None,
            line: Some(12),
        },
    }
}

fn result(
    audit: &str,
    office: &str,
    start: &str,
    end: &str,
    ncs: Vec<Finding>,
    obs: Vec<Finding>,
) -> AuditResult {
    AuditResult {
        schema_version: RESULT_SCHEMA_VERSION,
        audit: AuditInfo {
            audit_id: audit.into(),
            title: format!("{} 内部审核", &audit[5..9]),
            office_code: office.into(),
            office_name: if office == "hq" {
                "市局机关"
            } else {
                "临湖县局"
            }
            .into(),
            start_date: start.parse().ok(),
            end_date: end.parse().ok(),
            lead_auditor: "王敏".into(),
            ..AuditInfo::default()
        },
        nonconformities: ncs,
        observations: obs,
        ..AuditResult::default()
    }
}

const A25: &str = "DGZJ-2025-IA01";
const A26: &str = "DGZJ-2026-IA01";
const A27: &str = "DGZJ-2027-IA01";

/// The register: 2025 (the previous period), 2026 (the period), 2027 (after it).
fn build() -> Reg {
    let reg = Reg::new();
    reg.act("2025-01-01", &["policy", "--ofi", "90"]);
    let plan = ["--correction", "c", "--root-cause", "r", "--action", "a"];
    let up = |today: &str, id: &str| reg.act(today, &[&["update", id][..], &plan].concat());
    let verify =
        |today: &str, id: &str, v: &str| reg.act(today, &["verify", id, v, "--method", "抽查"]);

    reg.sync(
        "2025-03-22",
        "r25.json",
        &result(
            A25,
            "hq",
            "2025-03-17",
            "2025-03-21",
            vec![
                finding(
                    A25,
                    "hq",
                    "NC01",
                    "7.5.3",
                    Outcome::Minor,
                    Some("2025-03-18"),
                ),
                finding(
                    A25,
                    "hq",
                    "NC02",
                    "8.5.1",
                    Outcome::Major,
                    Some("2025-03-19"),
                ),
            ],
            vec![],
        ),
    );
    // 2025 NC01 (minor, due 2025-05-17): closed on time. NC02 (major, due 2025-04-18):
    // ineffective once, closed late.
    let n = format!("{A25}-hq-NC01");
    up("2025-04-01", &n);
    reg.act("2025-04-20", &["implement", &n]);
    verify("2025-05-01", &n, "--effective");
    reg.act("2025-05-10", &["close", &n]);
    let n = format!("{A25}-hq-NC02");
    up("2025-04-01", &n);
    reg.act("2025-04-10", &["implement", &n]);
    verify("2025-05-01", &n, "--ineffective");
    up("2025-05-05", &n);
    reg.act("2025-05-20", &["implement", &n]);
    verify("2025-06-01", &n, "--effective");
    reg.act("2025-06-10", &["close", &n]);

    reg.sync(
        "2026-03-21",
        "hq26.json",
        &result(
            A26,
            "hq",
            "2026-03-16",
            "2026-03-20",
            vec![finding(
                A26,
                "hq",
                "NC01",
                "7.5.3",
                Outcome::Minor,
                Some("2026-03-17"),
            )],
            vec![
                finding(A26, "hq", "OF01", "9.3", Outcome::Ofi, Some("2026-03-18")),
                // Not tracked by the policy: counted as a finding, raises no action.
                finding(
                    A26,
                    "hq",
                    "OB01",
                    "7.1.5",
                    Outcome::Observation,
                    Some("2026-03-18"),
                ),
            ],
        ),
    );
    reg.sync(
        "2026-03-21",
        "linhu26.json",
        &result(
            A26,
            "linhu",
            "2026-03-16",
            "2026-03-20",
            vec![
                finding(
                    A26,
                    "linhu",
                    "NC01",
                    "9.2",
                    Outcome::Major,
                    Some("2026-03-18"),
                ),
                finding(A26, "linhu", "NC02", "7.2", Outcome::Minor, None),
                finding(
                    A26,
                    "linhu",
                    "NC03",
                    "7.5.3",
                    Outcome::Minor,
                    Some("2026-05-20"),
                ),
            ],
            vec![],
        ),
    );
    // hq NC01 (minor, due 2026-05-16): closed on time, 54 days after it was raised.
    let n = format!("{A26}-hq-NC01");
    up("2026-03-25", &n);
    reg.act("2026-04-20", &["implement", &n]);
    verify("2026-05-01", &n, "--effective");
    reg.act("2026-05-10", &["close", &n]);
    // linhu NC01 (major): ineffective once, then effective in June, closed only in 2027.
    let n = format!("{A26}-linhu-NC01");
    up("2026-03-25", &n);
    reg.act("2026-04-10", &["implement", &n]);
    verify("2026-04-20", &n, "--ineffective");
    up("2026-04-25", &n);
    reg.act("2026-05-15", &["implement", &n]);
    verify("2026-06-01", &n, "--effective");
    reg.act("2027-01-05", &["close", &n]);
    reg.act(
        "2026-03-25",
        &["cancel", &format!("{A26}-linhu-NC02"), "--reason", "重复"],
    );
    // linhu NC03 (due 2026-07-19) and the OFI (due 2026-06-16) stay open: overdue on 12-31.

    reg.sync(
        "2027-01-12",
        "linhu27.json",
        &result(
            A27,
            "linhu",
            "2027-01-10",
            "2027-01-11",
            vec![finding(
                A27,
                "linhu",
                "NC01",
                "8.5.1",
                Outcome::Minor,
                Some("2027-01-10"),
            )],
            vec![],
        ),
    );
    reg
}

fn indicators(reg: &Reg) -> PathBuf {
    // GBK, as Excel saves a Chinese CSV; line 4 has a value that is no number.
    let text = "指标,期间,数值,目标值\r\n办结时限达标率,2026,98.5%,≥95%\r\n好差评满意率,2026,93,≥95\r\n投诉数,2026,三,≤5\r\n投诉数（件）,2026,3,≤5\r\n";
    let (bytes, _, bad) = encoding_rs::GBK.encode(text);
    assert!(!bad);
    let p = reg.path("指标.csv");
    std::fs::write(&p, &bytes).unwrap();
    p
}

fn read_book(p: &Path) -> Vec<(String, calamine::Range<Data>)> {
    let mut b = calamine::open_workbook_auto(p).unwrap();
    b.worksheets()
}

fn cell(r: &calamine::Range<Data>, row: u32, col: u32) -> String {
    match r.get_value((row, col)) {
        Some(Data::String(s)) => s.clone(),
        Some(Data::Float(f)) => format!("{f}"),
        Some(Data::Int(i)) => i.to_string(),
        _ => String::new(),
    }
}

fn calamine_type(r: &calamine::Range<Data>, row: u32, col: u32) -> &'static str {
    match r.get_value((row, col)) {
        Some(Data::String(_)) => "string",
        Some(Data::Float(_)) | Some(Data::Int(_)) => "number",
        _ => "other",
    }
}

/// The row whose first cell is `label`: its cells.
fn row_of(r: &calamine::Range<Data>, label: &str) -> Vec<String> {
    let (h, w) = r.get_size();
    (0..h as u32)
        .find(|&i| cell(r, i, 0) == label)
        .map(|i| (0..w as u32).map(|c| cell(r, i, c)).collect())
        .unwrap_or_else(|| panic!("no row {label}"))
}

fn review_figures_equal_hand_computed_ones() {
    let reg = build();
    let ind = indicators(&reg);
    let (code, _, err) = reg.review(&[
        "--from",
        "2026-01-01",
        "--to",
        "2026-12-31",
        "--indicators",
        ind.to_str().unwrap(),
        "--lang",
        "zh",
        "-o",
        "out",
    ]);
    // The bad indicator row is reported with its file and line; the rest is written.
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("指标.csv：第 4 行：投诉数：数值“三”不是数字"),
        "{err}"
    );
    assert!(err.contains("提示："), "{err}");
    let out = reg.path("out");
    let j: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("review.json")).unwrap()).unwrap();
    // The previous period is the year before.
    assert_eq!(
        j["previous"],
        serde_json::json!({"from": "2025-01-01", "to": "2025-12-31"})
    );
    // Audits: hq and linhu in 2026; hq in 2025; 2027 is outside.
    assert_eq!(j["audits"].as_array().unwrap().len(), 2);
    assert_eq!(j["audits_previous"], 1);
    // Findings raised in 2026: linhu major; hq minor, linhu NC02 (cancelled) and NC03 minor; hq OFI.
    assert_eq!(
        j["findings"]["current"],
        serde_json::json!({"major": 1, "minor": 3, "observation": 1, "ofi": 1})
    );
    assert_eq!(
        j["findings"]["previous"],
        serde_json::json!({"major": 1, "minor": 1, "observation": 0, "ofi": 0})
    );
    let keys = |v: &serde_json::Value| -> Vec<String> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|c| c["key"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(keys(&j["by_office"]), ["hq", "linhu"]);
    assert_eq!(j["by_office"][1]["current"]["minor"], 2);
    assert_eq!(keys(&j["by_chapter"]), ["7", "8", "9"]);
    assert_eq!(
        j["by_chapter"][0]["current"]["minor"], 3,
        "7.5.3, 7.2, 7.5.3"
    );
    assert_eq!(j["by_chapter"][1]["previous"]["major"], 1, "8.5.1 in 2025");
    assert_eq!(
        j["by_chapter"][2]["current"],
        serde_json::json!({"major": 1, "minor": 0, "observation": 0, "ofi": 1})
    );
    let a = &j["actions"];
    assert_eq!(a["actions"], 5);
    assert_eq!(a["cancelled"], 1);
    // On 2026-12-31 linhu NC01 was verified, not yet closed: open, but not overdue.
    assert_eq!(a["open"], 3);
    assert_eq!(a["overdue"], 2, "linhu NC03 and the OFI");
    assert_eq!(a["overdue_pct"], 66.7);
    assert_eq!(
        a["ageing"],
        serde_json::json!({"0-30": 0, "31-60": 0, "61-90": 0, ">90": 3})
    );
    assert_eq!(a["closed"], 1);
    assert_eq!(a["closed_on_time"], 1);
    assert_eq!(a["on_time_pct"], 100.0);
    assert_eq!(a["mean_days_to_close"], 54.0);
    assert_eq!(a["verifications"], 3, "hq NC01 once, linhu NC01 twice");
    assert_eq!(a["effective"], 2);
    assert_eq!(a["effectiveness_pct"], 66.7);
    assert_eq!(a["repeat_findings"], 1);
    assert_eq!(
        j["repeats"],
        serde_json::json!([{"finding": format!("{A26}-hq-NC01"), "earlier": format!("{A25}-hq-NC01"), "office": "hq", "clause": "7.5.3"}])
    );
    let p = &j["actions_previous"];
    assert_eq!(
        (p["actions"].clone(), p["closed"].clone()),
        (2.into(), 2.into())
    );
    assert_eq!(p["on_time_pct"], 50.0);
    assert_eq!(p["effectiveness_pct"], 66.7);
    assert_eq!(p["mean_days_to_close"], 68.0, "(53 + 83) / 2");
    // OFIs raised in the period.
    assert_eq!(j["ofis"].as_array().unwrap().len(), 1);
    assert_eq!(j["ofis"][0]["id"], format!("{A26}-hq-OF01"));
    // Indicators: three rows read, compared with their targets.
    let ind = j["indicators"].as_array().unwrap();
    assert_eq!(ind.len(), 3);
    let met: Vec<_> = ind.iter().map(|i| i["met"].clone()).collect();
    assert_eq!(met, [true, false, true]);
    assert_eq!(ind[2]["target"]["direction"], "atmost");

    // The workbook, read back.
    let book = read_book(&out.join("管理评审输入.xlsx"));
    let names: Vec<&str> = book.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "审核结果",
            "不符合及纠正措施",
            "监视和测量",
            "改进机会",
            "评审措施跟踪"
        ]
    );
    let audits = &book[0].1;
    assert_eq!(row_of(audits, "严重不符合")[1..4], ["1", "1", "0"]);
    assert_eq!(row_of(audits, "审核发现合计")[1..4], ["6", "2", "+4"]);
    let ncs = &book[1].1;
    assert_eq!(row_of(ncs, "按期关闭率（%）")[1..3], ["100", "50"]);
    assert_eq!(
        row_of(ncs, "有效率（占验证次数，%）")[1..3],
        ["66.7", "66.7"]
    );
    assert_eq!(row_of(ncs, "期末已逾期")[1..3], ["2", "0"]);
    let ind = &book[2].1;
    assert_eq!(
        row_of(ind, "办结时限达标率"),
        ["办结时限达标率", "2026", "98.5", "95", "达标", "≥95%"]
    );
    assert_eq!(row_of(ind, "好差评满意率")[4], "未达标");
    let ofis = &book[3].1;
    assert_eq!(cell(ofis, 1, 0), format!("{A26}-hq-OF01"));
    // The chart is a native one.
    let bytes = std::fs::read(out.join("管理评审输入.xlsx")).unwrap();
    assert!(bytes.windows(20).any(|w| w == b"xl/charts/chart1.xml"));
    assert!(bytes.windows(20).any(|w| w == b"xl/charts/chart2.xml"));
    // Clauses stay text.
    assert_eq!(
        calamine_type(ofis, 1, 2),
        "string",
        "clause 9.3 stays text in the OFI sheet"
    );

    // The Markdown: the headings in Chinese, user text escaped.
    let md = std::fs::read_to_string(out.join("review.md")).unwrap();
    for h in [
        "# 管理评审输入",
        "## 1 内部审核结果",
        "## 2 不符合及纠正措施",
        "## 3 监视和测量结果",
        "## 4 改进机会",
    ] {
        assert!(
            md.contains(&format!("\n{h}\n")) || md.starts_with(&format!("{h}\n")),
            "{h}\n{md}"
        );
    }
    assert!(md.contains("OF01: 受理登记\\|未按程序"), "{md}");
    assert!(md.contains("| 按期关闭率（%） | 100.0 | 50.0 |"), "{md}");
    assert!(md.contains("- 评审期间：2026-01-01 – 2026-12-31\n"), "{md}");
    assert!(md.contains("## 输入问题"), "{md}");
    assert_eq!(j["diagnostics"].as_array().unwrap().len(), 1);
}

fn a_given_previous_period_and_english() {
    let reg = build();
    let (code, _, err) = reg.review(&[
        "--from",
        "2026-01-01",
        "--to",
        "2026-06-30",
        "--previous-from",
        "2025-03-01",
        "--previous-to",
        "2025-03-31",
        "--lang",
        "en",
        "-o",
        "out",
    ]);
    assert_eq!(code, 0, "{err}");
    let out = reg.path("out");
    assert!(out.join("management-review-input.xlsx").exists());
    let j: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("review.json")).unwrap()).unwrap();
    assert_eq!(j["previous"]["from"], "2025-03-01");
    assert_eq!(j["findings"]["previous"]["major"], 1);
    // On 2025-03-31 nothing of 2025 was closed yet; on 2026-06-30 linhu NC03 was not yet due.
    assert_eq!(j["actions_previous"]["closed"], 0);
    assert_eq!(j["actions"]["overdue"], 1, "the OFI, due 2026-06-16");
    let md = std::fs::read_to_string(out.join("review.md")).unwrap();
    assert!(md.contains("## 1 Results of internal audits"), "{md}");
    assert!(md.contains("No indicators supplied"), "{md}");
    // Nothing is overwritten without --force.
    let (code, _, err) = reg.review(&[
        "--from",
        "2026-01-01",
        "--to",
        "2026-06-30",
        "--lang",
        "en",
        "-o",
        "out",
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("--force"), "{err}");
}

fn same_inputs_same_bytes() {
    let reg = build();
    let ind = indicators(&reg);
    for o in ["a", "b"] {
        reg.review(&[
            "--from",
            "2026-01-01",
            "--to",
            "2026-12-31",
            "--indicators",
            ind.to_str().unwrap(),
            "--lang",
            "zh",
            "-o",
            o,
        ]);
    }
    for f in ["管理评审输入.xlsx", "review.md", "review.json"] {
        let a = std::fs::read(reg.path("a").join(f)).unwrap();
        let b = std::fs::read(reg.path("b").join(f)).unwrap();
        assert!(a == b, "{f} differs");
    }
}

fn bad_dates_name_the_argument() {
    let reg = build();
    let (code, _, err) = reg.review(&["--from", "2026-13-01", "--to", "2026-12-31", "-o", "out"]);
    assert_eq!(code, 2);
    assert!(err.contains("--from"), "{err}");
    let (code, _, err) = reg.review(&["--from", "2026-12-01", "--to", "2026-01-31", "-o", "out"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("is after --to") && err.contains("hint:"),
        "{err}"
    );
    assert!(!reg.path("out").exists());
}

fn indicators_from_a_workbook_with_english_headers() {
    let reg = build();
    let p = reg.path("indicators.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for (c, h) in ["Indicator", "Period", "Value", "Target"]
        .iter()
        .enumerate()
    {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    ws.write_string(1, 0, "Complaints").unwrap();
    ws.write_string(1, 1, "2026 Q1").unwrap();
    ws.write_number(1, 2, 4.0).unwrap();
    ws.write_string(1, 3, "<=5").unwrap();
    ws.write_string(2, 0, "Satisfaction").unwrap();
    ws.write_string(2, 1, "2026 Q1").unwrap();
    ws.write_number(2, 2, 91.0).unwrap();
    ws.write_string(2, 3, "soon").unwrap();
    wb.save(&p).unwrap();
    let (code, _, err) = reg.review(&[
        "--from",
        "2026-01-01",
        "--to",
        "2026-03-31",
        "--indicators",
        p.to_str().unwrap(),
        "--lang",
        "en",
        "-o",
        "out",
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains(
            "indicators.xlsx: sheet Sheet1, row 3: Satisfaction: target \"soon\" is not a number"
        ),
        "{err}"
    );
    let j: serde_json::Value =
        serde_json::from_slice(&std::fs::read(reg.path("out/review.json")).unwrap()).unwrap();
    let ind = j["indicators"].as_array().unwrap();
    assert_eq!(ind.len(), 1);
    assert_eq!(ind[0]["indicator"], "Complaints");
    assert_eq!(ind[0]["met"], true);
    let book = read_book(&reg.path("out/management-review-input.xlsx"));
    assert_eq!(book[2].0, "Indicators");
    assert_eq!(row_of(&book[2].1, "Complaints")[2..5], ["4", "5", "yes"]);
}

/// Review decisions (9.3.3) recorded as actions: tracked by `actions`, listed by the next
/// review with their status on the period's last day, and never counted as audit findings.
#[test]
fn review_decisions_are_tracked_and_read_back() {
    let reg = build();
    let before = {
        let out = reg.path("before");
        let (code, _, err) = reg.review(&[
            "--from",
            "2026-01-01",
            "--to",
            "2026-12-31",
            "-o",
            out.to_str().unwrap(),
        ]);
        assert_eq!(code, 0, "{err}");
        std::fs::read_to_string(out.join("review.json")).unwrap()
    };
    let before: serde_json::Value = serde_json::from_str(&before).unwrap();
    assert_eq!(before["decisions"], serde_json::json!([]));
    let record = |decision: &str, due: &str| {
        let out = reg
            .cmd()
            .args([
                "review",
                "record",
                "--review",
                "MR-2025",
                "--office",
                "hq",
                "--date",
                "2025-12-20",
            ])
            .args([
                "--decision",
                decision,
                "--owner",
                "办公室",
                "--due",
                due,
                "--today",
                "2025-12-20",
            ])
            .output()
            .unwrap();
        (
            out.status.code(),
            String::from_utf8(out.stdout).unwrap(),
            String::from_utf8(out.stderr).unwrap(),
        )
    };
    let (code, id1, err) = record("推行电子档案系统", "2026-06-30");
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(id1.trim(), "MR-2025-hq-MR01");
    let (_, id2, _) = record("修订投诉处理程序", "2026-03-31");
    assert_eq!(id2.trim(), "MR-2025-hq-MR02");
    // The same decision twice, and an audit's id, are refused.
    let (code, _, err) = record("推行电子档案系统", "2026-06-30");
    assert_eq!(code, Some(2));
    assert!(err.contains("already has this decision"), "{err}");
    let out = reg
        .cmd()
        .args([
            "review",
            "record",
            "--review",
            A26,
            "--office",
            "hq",
            "--date",
            "2026-12-20",
        ])
        .args(["--decision", "x", "--owner", "y", "--due", "2026-12-31"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("an audit's id"));
    // Tracked like any other action: planned, implemented, verified effective, closed.
    reg.act(
        "2026-02-01",
        &[
            "update",
            "MR01",
            "--correction",
            "采购系统",
            "--root-cause",
            "纸质归档",
            "--action",
            "上线电子档案",
        ],
    );
    reg.act("2026-05-10", &["implement", "MR01", "--note", "已上线"]);
    reg.act(
        "2026-05-20",
        &["verify", "MR01", "--effective", "--method", "抽查"],
    );
    reg.act("2026-05-21", &["close", "MR01"]);
    let out = reg.path("after");
    let (code, _, err) = reg.review(&[
        "--from",
        "2026-01-01",
        "--to",
        "2026-12-31",
        "-o",
        out.to_str().unwrap(),
        "--lang",
        "zh",
    ]);
    assert_eq!(code, 0, "{err}");
    let after: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("review.json")).unwrap()).unwrap();
    let d = after["decisions"].as_array().unwrap();
    let got: Vec<(&str, &str, bool)> = d
        .iter()
        .map(|x| {
            (
                x["id"].as_str().unwrap(),
                x["status"].as_str().unwrap(),
                x["overdue"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("MR-2025-hq-MR01", "closed", false),
            ("MR-2025-hq-MR02", "open", true)
        ]
    );
    // The audit figures are those without the decisions.
    for key in [
        "findings",
        "by_office",
        "by_chapter",
        "actions",
        "actions_previous",
        "audits",
        "ofis",
    ] {
        assert_eq!(after[key], before[key], "{key}");
    }
    let book = read_book(&out.join("管理评审输入.xlsx"));
    let sheet = &book.iter().find(|(n, _)| n == "评审措施跟踪").unwrap().1;
    assert_eq!(row_of(sheet, "MR-2025-hq-MR02")[6], "待处理，已逾期");
    let md = std::fs::read_to_string(out.join("review.md")).unwrap();
    assert!(md.contains("## 5 以往管理评审所采取措施的情况"), "{md}");
}

/// The period quarter by quarter adds up to the period's figures, and a root cause is counted
/// under the category its words name.
#[test]
fn quarters_and_root_cause_categories() {
    let reg = build();
    let n = format!("{A26}-linhu-NC03");
    reg.act(
        "2026-06-02",
        &[
            "update",
            &n,
            "--root-cause",
            "新调入人员未经岗前培训，不熟悉归档要求",
        ],
    );
    let out = reg.path("q");
    let (code, _, err) = reg.review(&[
        "--from",
        "2026-01-01",
        "--to",
        "2026-12-31",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    let j: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("review.json")).unwrap()).unwrap();
    let q = j["quarters"].as_array().unwrap();
    let keys: Vec<&str> = q.iter().map(|x| x["key"].as_str().unwrap()).collect();
    assert_eq!(keys, ["2026 Q1", "2026 Q2", "2026 Q3", "2026 Q4"]);
    let sum = |f: &dyn Fn(&serde_json::Value) -> u64| q.iter().map(f).sum::<u64>();
    let total = |g: &serde_json::Value| {
        ["major", "minor", "observation", "ofi"]
            .iter()
            .map(|k| g[k].as_u64().unwrap())
            .sum::<u64>()
    };
    assert_eq!(
        sum(&|x| total(&x["findings"])),
        total(&j["findings"]["current"])
    );
    assert_eq!(
        sum(&|x| x["actions_raised"].as_u64().unwrap()),
        j["actions"]["actions"].as_u64().unwrap()
    );
    let causes = j["causes"].as_array().unwrap();
    let people = causes.iter().find(|c| c["cause"] == "people").unwrap();
    assert_eq!(people["actions"], serde_json::json!([n]));
    let counted: usize = causes
        .iter()
        .map(|c| c["actions"].as_array().unwrap().len())
        .sum();
    let (a, cancelled) = (
        j["actions"]["actions"].as_u64().unwrap(),
        j["actions"]["cancelled"].as_u64().unwrap(),
    );
    assert_eq!(counted as u64, a - cancelled);
    let md = std::fs::read_to_string(out.join("review.md")).unwrap();
    assert!(md.contains("### Quarter by quarter"), "{md}");
    assert!(
        md.contains(&format!(
            "| People: awareness, training, competence | 1 | {n} |"
        )),
        "{md}"
    );
}

/// A sheet of decisions: each good row recorded once however often the sheet is read, a bad
/// row named by its line.
#[test]
fn a_decisions_sheet_is_recorded_once() {
    let reg = build();
    let sheet = reg.path("管理评审决定.csv");
    std::fs::write(
        &sheet,
        "决定,责任人,完成期限,部门\n推行电子档案系统,办公室,2027-06-30,办公室\n修订投诉处理程序,法规科,2027/3/31,法规科\n增加培训,,2027-05-01,\n",
    )
    .unwrap();
    let record = || {
        let out = reg
            .cmd()
            .args([
                "review",
                "record",
                "--review",
                "MR-2026",
                "--office",
                "hq",
                "--date",
                "2026-12-28",
            ])
            .args(["--sheet", sheet.to_str().unwrap(), "--today", "2026-12-28"])
            .output()
            .unwrap();
        (
            out.status.code(),
            String::from_utf8(out.stdout).unwrap(),
            String::from_utf8(out.stderr).unwrap(),
        )
    };
    let (code, ids, err) = record();
    assert_eq!(code, Some(2), "{err}");
    assert_eq!(ids, "MR-2026-hq-MR01\nMR-2026-hq-MR02\n");
    assert!(
        err.contains("管理评审决定.csv: line 4: a decision needs its text and an owner"),
        "{err}"
    );
    let (_, again, err) = record();
    assert_eq!(again, ids);
    assert_eq!(err.matches("already recorded").count(), 2, "{err}");
    let out = reg
        .cmd()
        .args(["actions", "show", "MR02", "--today", "2027-01-02"])
        .output()
        .unwrap();
    let shown = String::from_utf8(out.stdout).unwrap();
    assert!(
        shown.contains("修订投诉处理程序") && shown.contains("2027-03-31"),
        "{shown}"
    );
}
/// Each test twice: on a SQLite file and on a PostgreSQL database.
macro_rules! on_both_backends {
    ($($name:ident),* $(,)?) => {
        mod on_sqlite {
            $(#[test]
            fn $name() {
                super::$name()
            })*
        }
        mod on_postgres {
            $(#[test]
            fn $name() {
                if let Some(server) = crate::pg::server(stringify!($name)) {
                    let url = server.database();
                    super::POSTGRES.with(|p| *p.borrow_mut() = Some(url));
                    super::$name()
                }
            })*
        }
    };
}

on_both_backends!(
    review_figures_equal_hand_computed_ones,
    a_given_previous_period_and_english,
    same_inputs_same_bytes,
    bad_dates_name_the_argument,
    indicators_from_a_workbook_with_english_headers,
);
