//! `isoaudit programme …` and the independence check of `audit`, through the real binary on the
//! sample bureau (its programme, two cycles of checklists, one auditor on her own department)
//! and on a register: the status's figures against its own cells, the workbooks read back, the
//! proposed plans run as they are and never overwritten, and bad programmes named by line.

use crate::harness::{isoaudit, root, zip_part};
use calamine::{Data, Reader};
use serde_json::Value;
use std::path::{Path, PathBuf};

fn bureau() -> PathBuf {
    root().join("samples/bureau")
}

fn run(args: &[&str], dir: &Path) -> (i32, String, String) {
    let out = isoaudit()
        .current_dir(dir)
        .env("ISOAUDIT_REGISTER", dir.join("none.db"))
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn cell<'a>(cells: &'a [Value], office: &str, dept: &str, clause: &str) -> &'a Value {
    cells
        .iter()
        .find(|c| c["office"] == office && c["department"] == dept && c["clause"] == clause)
        .unwrap_or_else(|| panic!("no cell {office}/{dept}/{clause}"))
}

#[test]
fn status_of_the_sample_bureau_adds_up() {
    let d = tempfile::tempdir().unwrap();
    let b = bureau();
    let (code, out, err) = run(
        &[
            "programme",
            "status",
            b.to_str().unwrap(),
            "--as-of",
            "2026-12-31",
            "--json",
        ],
        d.path(),
    );
    assert_eq!(code, 0, "{err}");
    let s: Value = serde_json::from_str(&out).unwrap();
    let cells = s["cells"].as_array().unwrap();
    let count = |state: &str| cells.iter().filter(|c| c["state"] == state).count();
    let (done, due, overdue) = (count("done"), count("due"), count("overdue"));
    assert_eq!(s["total"]["cells"], cells.len());
    assert_eq!(
        (
            s["total"]["done"].as_u64(),
            s["total"]["due"].as_u64(),
            s["total"]["overdue"].as_u64()
        ),
        (Some(done as u64), Some(due as u64), Some(overdue as u64))
    );
    let pct = (done as f64 * 1000.0 / cells.len() as f64).round() / 10.0;
    assert_eq!(s["total"]["coverage"].as_f64(), Some(pct));
    // Both cycles counted: the 2025 and 2026 audits of three offices.
    let ids: Vec<&str> = s["audits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["audit_id"].as_str().unwrap())
        .collect();
    assert_eq!(ids.iter().filter(|i| **i == "DGZJ-2025-IA01").count(), 3);
    assert_eq!(ids.iter().filter(|i| **i == "DGZJ-2026-IA01").count(), 3);
    // anhe 执法大队: the major of 2026-03-20 asks for 8.5 again within six months.
    let x = cell(cells, "anhe", "执法大队", "8.5");
    assert_eq!(
        (x["state"].as_str(), x["due"].as_str(), x["risk"].as_str()),
        (Some("overdue"), Some("2026-09-20"), Some("major"))
    );
    assert_eq!(x["last"]["result"], "major");
    assert_eq!(x["last"]["auditors"][0], "Zhang Wei");
    // linhu 行政许可股: the 2025 major at 8.5 was not audited again in 2026.
    let x = cell(cells, "linhu", "行政许可股", "8.5");
    assert_eq!(
        (x["state"].as_str(), x["due"].as_str()),
        (Some("overdue"), Some("2025-10-18"))
    );
    assert_eq!(x["last"]["audit_id"], "DGZJ-2025-IA01");
    // hq 办公室 7.5: a minor in 2026, nothing more due this cycle.
    let x = cell(cells, "hq", "办公室", "7.5");
    assert_eq!(x["state"], "done");
    assert_eq!(x["last"]["result"], "minor");
    assert_eq!(overdue, 2);

    // Earlier than the first audit of 2026 nothing of this cycle is done.
    let (_, out, _) = run(
        &[
            "programme",
            "status",
            b.to_str().unwrap(),
            "--as-of",
            "2026-02-01",
            "--json",
        ],
        d.path(),
    );
    let s: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(s["total"]["done"], 0);
    assert_eq!(s["total"]["coverage"].as_f64(), Some(0.0));

    // The terminal summary says the same.
    let (_, out, _) = run(
        &[
            "programme",
            "status",
            b.to_str().unwrap(),
            "--as-of",
            "2026-12-31",
            "--lang",
            "zh",
        ],
        d.path(),
    );
    assert!(
        out.contains(&format!("已完成 {done} 项（{pct:.1}%）")),
        "{out}"
    );
    assert!(
        out.contains("已逾期：anhe 执法大队 8.5（应审日期 2026-09-20"),
        "{out}"
    );
}

#[test]
fn status_files_read_back() {
    let d = tempfile::tempdir().unwrap();
    let b = bureau();
    let outdir = d.path().join("status");
    let args = [
        "programme",
        "status",
        b.to_str().unwrap(),
        "--as-of",
        "2026-12-31",
        "--lang",
        "zh",
        "-o",
        outdir.to_str().unwrap(),
    ];
    let (code, _, err) = run(&args, d.path());
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("已写入"), "{err}");
    let json: Value = serde_json::from_str(
        &std::fs::read_to_string(outdir.join("programme-status.json")).unwrap(),
    )
    .unwrap();
    let mut wb = calamine::open_workbook_auto(outdir.join("审核覆盖矩阵.xlsx")).unwrap();
    assert_eq!(wb.sheet_names(), ["汇总", "覆盖矩阵", "明细", "审核记录"]);
    let m = wb.worksheet_range("覆盖矩阵").unwrap();
    let header: Vec<String> = m
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert_eq!(header[0], "单位");
    let col = header.iter().position(|h| h.starts_with("8.5\n")).unwrap();
    let row = m
        .rows()
        .position(|r| {
            r[0] == Data::String("安河区局".into()) && r[1] == Data::String("执法大队".into())
        })
        .unwrap();
    assert_eq!(
        m.get((row, col)).unwrap().to_string(),
        "2026-09-20 严重不符合"
    );
    // One row per office and department, one column per clause of the programme.
    assert_eq!(m.height(), 1 + 14);
    assert_eq!(m.width(), 2 + json["clauses"].as_array().unwrap().len());
    let cells = wb.worksheet_range("明细").unwrap();
    assert_eq!(cells.height(), 1 + json["cells"].as_array().unwrap().len());
    let overdue = cells
        .rows()
        .filter(|r| r.get(10) == Some(&Data::String("已逾期".into())))
        .count();
    assert_eq!(overdue, 2);
    let summary = wb.worksheet_range("汇总").unwrap();
    let total = summary
        .rows()
        .find(|r| r[0] == Data::String("全部单位".into()))
        .unwrap();
    assert_eq!(
        total[5],
        Data::Float(json["total"]["coverage"].as_f64().unwrap())
    );
    let md = std::fs::read_to_string(outdir.join("programme-status.md")).unwrap();
    assert!(md.contains("## 已逾期 (2)"), "{md}");
    assert!(md.contains("| 安河区局 | 执法大队 | 8.5 "), "{md}");
    // Same inputs, same bytes; a second run needs --force.
    let before = std::fs::read(outdir.join("审核覆盖矩阵.xlsx")).unwrap();
    let (code, _, err) = run(&args, d.path());
    assert_eq!(code, 2);
    // Refused in the reader's language, the hint too.
    assert!(err.contains("审核覆盖矩阵.xlsx：已存在"), "{err}");
    assert!(err.contains("提示：加 --force 覆盖"), "{err}");
    assert!(!err.contains("already exists"), "{err}");
    let mut again = args.to_vec();
    again.push("--force");
    assert_eq!(run(&again, d.path()).0, 0);
    assert_eq!(
        std::fs::read(outdir.join("审核覆盖矩阵.xlsx")).unwrap(),
        before
    );
}

#[test]
fn the_plan_is_independent_covers_the_year_and_its_audit_files_run() {
    let d = tempfile::tempdir().unwrap();
    let b = bureau();
    let outdir = d.path().join("plan");
    let args = [
        "programme",
        "plan",
        b.to_str().unwrap(),
        "--year",
        "2027",
        "--lang",
        "en",
        "-o",
        outdir.to_str().unwrap(),
    ];
    let (code, _, err) = run(&args, d.path());
    assert_eq!(code, 0, "{err}");
    let y: Value =
        serde_json::from_str(&std::fs::read_to_string(outdir.join("programme-plan.json")).unwrap())
            .unwrap();
    let audits = y["audits"].as_array().unwrap();
    let programme: Value = {
        let (_, out, _) = run(
            &[
                "programme",
                "status",
                b.to_str().unwrap(),
                "--as-of",
                "2027-01-01",
                "--json",
            ],
            d.path(),
        );
        serde_json::from_str(&out).unwrap()
    };
    // Every cell of the 2027 cycle is in one of the year's cycle audits.
    for c in programme["cells"].as_array().unwrap() {
        let found = audits
            .iter()
            .filter(|a| a["kind"] == "cycle" && a["office"] == c["office"])
            .any(|a| {
                a["departments"].as_array().unwrap().iter().any(|x| {
                    x["department"] == c["department"]
                        && x["clauses"].as_array().unwrap().contains(&c["clause"])
                })
            });
        assert!(found, "not planned: {c}");
    }
    // The sample's auditors and where they work: nobody on their own department, nor 李强 on
    // hq's 稽查支队.
    let works_in = [
        ("王敏", "hq", "办公室"),
        ("李强", "hq", "法规科"),
        ("陈静", "hq", "质量科"),
        ("Zhang Wei", "anhe", "办公室"),
        ("赵磊", "linhu", "综合股"),
        ("孙芳", "anhe", "审批服务科"),
    ];
    for a in audits {
        for x in a["departments"].as_array().unwrap() {
            let who = x["auditor"].as_str().expect("an auditor");
            let own = works_in.iter().find(|w| w.0 == who).unwrap();
            assert!(
                !(a["office"] == own.1 && x["department"] == own.2),
                "{who} on own {}",
                x["department"]
            );
            assert!(!(who == "李强" && a["office"] == "hq" && x["department"] == "稽查支队"));
        }
    }
    // The majors ask for follow-ups.
    let follow: Vec<(&str, u64)> = audits
        .iter()
        .filter(|a| a["kind"] == "follow_up")
        .map(|a| (a["office"].as_str().unwrap(), a["month"].as_u64().unwrap()))
        .collect();
    assert!(
        follow.contains(&("anhe", 7)) && follow.contains(&("linhu", 7)),
        "{follow:?}"
    );
    // The workbook: a row per audit and department.
    let mut wb = calamine::open_workbook_auto(outdir.join("annual-audit-programme.xlsx")).unwrap();
    assert_eq!(wb.sheet_names(), ["Audits", "Calendar", "Auditors"]);
    let rows = wb.worksheet_range("Audits").unwrap();
    let n: usize = audits
        .iter()
        .map(|a| a["departments"].as_array().unwrap().len())
        .sum();
    assert_eq!(rows.height(), 1 + n);
    assert_eq!(
        rows.get((1, 0)).unwrap().to_string(),
        audits[0]["id"].as_str().unwrap()
    );
    // The Word form: a row per audit, from our form or the bureau's own.
    let doc = zip_part(
        &outdir.join("annual-audit-programme.docx"),
        "word/document.xml",
    );
    for a in audits {
        assert!(doc.contains(a["id"].as_str().unwrap()), "{}", a["id"]);
    }
    assert!(!doc.contains("{{"), "placeholders left");
    let form = d.path().join("form.docx");
    let (code, _, err) = run(
        &[
            "template",
            "audit-programme",
            "--lang",
            "zh",
            "-o",
            form.to_str().unwrap(),
        ],
        d.path(),
    );
    assert_eq!(code, 0, "{err}");
    let zh = d.path().join("plan-zh");
    let (code, _, err) = run(
        &[
            "programme",
            "plan",
            b.to_str().unwrap(),
            "--year",
            "2027",
            "--lang",
            "zh",
            "-o",
            zh.to_str().unwrap(),
            "--template",
            form.to_str().unwrap(),
        ],
        d.path(),
    );
    assert_eq!(code, 0, "{err}");
    let doc = zip_part(&zh.join("年度内部审核方案.docx"), "word/document.xml");
    assert!(
        doc.contains("2027 年度内部审核方案") && doc.contains(audits[0]["id"].as_str().unwrap())
    );
    // Each proposed plan runs as written.
    let first = audits[0]["id"].as_str().unwrap();
    let plan = outdir.join("plans").join(first).join("audit.toml");
    let text = std::fs::read_to_string(&plan).unwrap();
    assert!(text.contains(&format!("id = \"{first}\"")), "{text}");
    let (code, _, err) = run(
        &[
            "audit",
            plan.to_str().unwrap(),
            "-o",
            d.path().join("out").to_str().unwrap(),
            "--format",
            "json",
        ],
        d.path(),
    );
    assert_ne!(code, 2, "{err}");
    // A plan file that exists is kept, even with --force: the team may have edited it.
    std::fs::write(&plan, "# edited\n").unwrap();
    let files = [
        "annual-audit-programme.xlsx",
        "annual-audit-programme.docx",
        "programme-plan.json",
        "programme-plan.md",
    ];
    let before: Vec<Vec<u8>> = files
        .iter()
        .map(|f| std::fs::read(outdir.join(f)).unwrap())
        .collect();
    let mut again = args.to_vec();
    again.push("--force");
    let (code, _, err) = run(&again, d.path());
    assert_eq!(code, 0, "{err}");
    // Same inputs, same bytes.
    for (f, b) in files.iter().zip(&before) {
        assert_eq!(&std::fs::read(outdir.join(f)).unwrap(), b, "{f}");
    }
    assert!(err.contains("kept as it is"), "{err}");
    assert_eq!(std::fs::read_to_string(&plan).unwrap(), "# edited\n");
}

#[test]
fn audit_warns_of_an_auditor_on_her_own_department() {
    let d = tempfile::tempdir().unwrap();
    let b = bureau();
    let (code, _, err) = run(
        &[
            "audit",
            b.to_str().unwrap(),
            "-o",
            d.path().join("out").to_str().unwrap(),
            "--format",
            "json",
            "--lang",
            "en",
        ],
        d.path(),
    );
    assert_eq!(code, 0, "{err}");
    let warnings: Vec<&str> = err
        .lines()
        .filter(|l| l.contains("the department they work in"))
        .collect();
    assert_eq!(warnings.len(), 1, "{err}");
    assert!(
        warnings[0].starts_with("warning: hq: 陈静 audited 质量科, the department they work in"),
        "{err}"
    );

    // One office through `report --plan`: the same warning.
    let hq = b.join("offices/hq/checklists/hq-internal-audit-checklist-2026.xlsx");
    let (code, _, err) = run(
        &[
            "report",
            hq.to_str().unwrap(),
            "--plan",
            b.join("audit.toml").to_str().unwrap(),
            "--office",
            "hq",
            "--format",
            "json",
            "-o",
            d.path().join("hq").to_str().unwrap(),
            "--lang",
            "en",
        ],
        d.path(),
    );
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("warning: hq: 陈静 audited 质量科, the department they work in"),
        "{err}"
    );

    // A plan naming a broken programme: the error names its file and line; the audit still runs.
    let plan = d.path().join("audit.toml");
    let text = std::fs::read_to_string(b.join("audit.toml"))
        .unwrap()
        .replace("\"offices/", &format!("\"{}/offices/", b.display()));
    std::fs::write(
        &plan,
        format!("{text}\n[programme]\npath = \"programme.toml\"\n"),
    )
    .unwrap();
    std::fs::write(
        d.path().join("programme.toml"),
        "[programme]\nstart = 2026-01-01\ncycle_months = 0\n",
    )
    .unwrap();
    let (code, _, err) = run(
        &[
            "audit",
            plan.to_str().unwrap(),
            "-o",
            d.path().join("out2").to_str().unwrap(),
            "--format",
            "json",
        ],
        d.path(),
    );
    assert_eq!(code, 2, "{err}");
    // Said in the plan's language (the sample plan's `[output] lang` is Chinese).
    assert!(
        err.contains("programme.toml：第 3 行：programme.cycle_months：0 不是 1 至 120 之间的月数"),
        "{err}"
    );
    assert!(d.path().join("out2/hq/result.json").exists());
}

#[test]
fn the_register_keeps_what_each_audit_covered() {
    let d = tempfile::tempdir().unwrap();
    let b = bureau();
    let reg = d.path().join("reg.db");
    let (code, _, err) = run(
        &[
            "audit",
            b.to_str().unwrap(),
            "-o",
            d.path().join("out").to_str().unwrap(),
            "--format",
            "json",
            "--register",
            reg.to_str().unwrap(),
            "--today",
            "2026-03-25",
        ],
        d.path(),
    );
    assert_eq!(code, 0, "{err}");
    // The same programme without its [history]: the register is the only history.
    let text = std::fs::read_to_string(b.join("programme.toml")).unwrap();
    let text = &text[..text.find("[history]").unwrap()];
    std::fs::write(d.path().join("programme.toml"), text).unwrap();
    let (code, out, err) = run(
        &[
            "programme",
            "status",
            "--register",
            reg.to_str().unwrap(),
            "--as-of",
            "2026-12-31",
            "--json",
        ],
        d.path(),
    );
    assert_eq!(code, 0, "{err}");
    let s: Value = serde_json::from_str(&out).unwrap();
    let sources: Vec<&str> = s["audits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["source"].as_str().unwrap())
        .collect();
    assert_eq!(sources, ["register"; 3]);
    let x = cell(s["cells"].as_array().unwrap(), "hq", "质量科", "6.2");
    assert_eq!(x["last"]["audit_id"], "DGZJ-2026-IA01");
    assert_eq!(x["last"]["auditors"], serde_json::json!(["陈静"]));
    let x = cell(s["cells"].as_array().unwrap(), "anhe", "执法大队", "8.5");
    assert_eq!(
        (x["state"].as_str(), x["last"]["result"].as_str()),
        (Some("overdue"), Some("major"))
    );
    // The register's audits table, read directly: scope, lead and team kept.
    let c = rusqlite::Connection::open(&reg).unwrap();
    let (scope, lead, team): (String, String, String) = c
        .query_row(
            "SELECT scope, lead_auditor, team FROM audits WHERE office_code = 'linhu'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert!(
        scope.starts_with("4,4.1,4.2") && !scope.contains(",8.3,"),
        "{scope}"
    );
    assert_eq!(
        (lead.as_str(), team.as_str()),
        ("王敏", "李强\n陈静\nZhang Wei")
    );
    let n: i64 = c
        .query_row(
            "SELECT count(*) FROM audit_departments WHERE office_code = 'linhu'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(n, 4);
}

#[test]
fn bad_programmes_are_named_by_file_and_line() {
    let d = tempfile::tempdir().unwrap();
    let cases = [
        (
            "[programme]\nstart = 2026-01-01\n\n[[office]]\ncode = \"hq\"\ndepartments = [\"办公室\"]\n\n[[auditor]]\nname = \"王敏\"\noffice = \"hq\"\ndepartment = \"财务科\"\n",
            "line 11: auditor.department: office \"hq\" has no department \"财务科\"",
        ),
        (
            "[programme]\nstart = 2026-01-01\nclauses = \"12\"\n",
            "line 3: programme.clauses",
        ),
        (
            "[programme]\nstart = \"next year\"\n",
            "line 2: programme.start: \"next year\" is not a calendar date",
        ),
        (
            "[programme]\nstart = 2026-01-01\n[[office]]\ncode = \"hq\"\ndepartments = []\n",
            "line 3: office.departments: office hq lists no departments",
        ),
        (
            "[programme]\nstart = 2026-01-01\nlang = \"fr\"\n",
            "line 3: programme.lang: use zh or en",
        ),
    ];
    for (text, expect) in cases {
        std::fs::write(d.path().join("programme.toml"), text).unwrap();
        let (code, out, err) = run(&["programme", "status", "--as-of", "2026-06-01"], d.path());
        assert_eq!(code, 2, "{err}");
        assert!(out.is_empty());
        assert!(err.starts_with("error: programme.toml: "), "{err}");
        assert!(err.contains(expect), "{expect}: {err}");
        assert!(err.contains("hint: "), "{err}");
    }
}

/// A broken programme is refused in the reader's language: with `--lang zh` the sentence, the
/// line and the hint are Chinese and name the file, line and key; the same file with `--lang en`
/// gives the English sentence.
#[test]
fn bad_programmes_are_refused_in_the_readers_language() {
    let d = tempfile::tempdir().unwrap();
    let good = "[programme]\nstart = 2026-01-01\nclauses = \"7.5, 9.2\"\n\n[[office]]\ncode = \"hq\"\ndepartments = [\"办公室\", \"计量科\"]\n\n[[auditor]]\nname = \"王敏\"\noffice = \"hq\"\ndepartment = \"办公室\"\nmay_not_audit = [\"计量科\"]\n";
    // (the broken file, the line and key at fault, the Chinese sentence, the English sentence)
    let cases = [
        (
            good.replace(
                "start = 2026-01-01",
                "start = 2026-01-01\ncycle_months = 200",
            ),
            3,
            "programme.cycle_months",
            "200 不是 1 至 120 之间的月数",
            "200 is not a number of months from 1 to 120",
        ),
        (
            good.replace(
                "[[auditor]]",
                "[[office]]\ncode = \"hq\"\ndepartments = [\"办公室\"]\n\n[[auditor]]",
            ),
            10,
            "office.code",
            "“hq”出现了两次",
            "\"hq\" appears twice",
        ),
        (
            good.replace("office = \"hq\"", "office = \"xq\""),
            11,
            "auditor.office",
            "审核方案中没有单位“xq”",
            "no office \"xq\" in the programme",
        ),
        (
            good.replace("\"7.5, 9.2\"", "\"7.5, 99.9\""),
            3,
            "programme.clauses",
            "审核范围“7.5, 99.9”：无法识别的条款“99.9”；是否指",
            "scope \"7.5, 99.9\": unknown clause \"99.9\"; did you mean",
        ),
        (
            good.replace("[\"计量科\"]", "[\"法规科\"]"),
            13,
            "auditor.may_not_audit",
            "单位“hq”没有部门“法规科”（请写“单位/部门”",
            "office \"hq\" has no department \"法规科\" (write \"office/department\"",
        ),
    ];
    for (text, line, key, zh, en) in &cases {
        std::fs::write(d.path().join("programme.toml"), text).unwrap();
        let status = |lang: &str| {
            let args = [
                "--lang",
                lang,
                "programme",
                "status",
                "--as-of",
                "2026-06-01",
            ];
            run(&args, d.path())
        };
        let (code, out, err) = status("zh");
        assert_eq!(code, 2, "{err}");
        assert!(out.is_empty(), "{out}");
        let said = format!("错误：programme.toml：第 {line} 行：{key}：{zh}");
        assert!(err.starts_with(&said), "{said}: {err}");
        assert!(err.contains("\n提示："), "{err}");
        // The key is the file's own word (`cycle_months`), not the tool's.
        let words = err.replace(key, "");
        for w in [
            "appears",
            "twice",
            "no office",
            "months",
            "line",
            "error",
            "hint",
        ] {
            assert!(!words.contains(w), "{w:?} in {err}");
        }
        let (code, out, err) = status("en");
        assert_eq!(code, 2, "{err}");
        assert!(out.is_empty(), "{out}");
        let said = format!("error: programme.toml: line {line}: {key}: {en}");
        assert!(err.starts_with(&said), "{said}: {err}");
        assert!(err.contains("\nhint: "), "{err}");
        assert!(!err.contains(zh), "{err}");
    }
}

/// The programme's `lang` says what its commands write when no `--lang` does: the sample's
/// programme is Chinese, and `--lang en` still gives English.
#[test]
fn the_programme_names_its_language() {
    let d = tempfile::tempdir().unwrap();
    let b = bureau();
    let b = b.to_str().unwrap();
    let (code, out, err) = run(
        &["programme", "status", b, "--as-of", "2026-12-31"],
        d.path(),
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("已完成") && out.contains("已逾期"), "{out}");
    assert!(!out.contains(" done ("), "{out}");
    let (code, out, err) = run(
        &[
            "--lang",
            "en",
            "programme",
            "status",
            b,
            "--as-of",
            "2026-12-31",
        ],
        d.path(),
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.contains(" done (") && !out.contains("已完成"), "{out}");
}

/// A register written before audits kept their scope (schema 2) is migrated on first use, a
/// copy kept beside it; its audits count through their findings.
#[test]
fn an_older_register_is_migrated_and_its_findings_count() {
    use isoaudit::register::sqlite::{MIGRATIONS, SqliteStore};
    let d = tempfile::tempdir().unwrap();
    let reg = d.path().join("old.db");
    drop(SqliteStore::open_with(&reg, true, &MIGRATIONS[..2]).unwrap());
    let c = rusqlite::Connection::open(&reg).unwrap();
    c.execute_batch(
        "INSERT INTO audits VALUES ('IA-2026', 'anhe', '安河区局', 't', '2026-03-16', '2026-03-20', 'r.json');
         INSERT INTO findings (id, audit_id, office_code, clause, grade, statement, evidence, department, auditor, procedure, raised, source)
         VALUES ('IA-2026-anhe-NC01', 'IA-2026', 'anhe', '8.5.1', 'major', 's', 'e', '执法大队', 'Zhang Wei', '', '2026-03-18', 'x');",
    )
    .unwrap();
    drop(c);
    let text = std::fs::read_to_string(bureau().join("programme.toml")).unwrap();
    std::fs::write(
        d.path().join("programme.toml"),
        &text[..text.find("[history]").unwrap()],
    )
    .unwrap();
    let (code, out, err) = run(
        &[
            "programme",
            "status",
            "--register",
            reg.to_str().unwrap(),
            "--as-of",
            "2026-12-31",
            "--json",
        ],
        d.path(),
    );
    assert_eq!(code, 0, "{err}");
    assert!(d.path().join("old.db.v2.bak").exists());
    let s: Value = serde_json::from_str(&out).unwrap();
    let x = cell(s["cells"].as_array().unwrap(), "anhe", "执法大队", "8.5");
    assert_eq!(
        (x["state"].as_str(), x["due"].as_str()),
        (Some("overdue"), Some("2026-09-20"))
    );
    assert_eq!(x["last"]["audit_id"], "IA-2026");
    // Only its finding says what it audited: nothing else counts as done.
    assert_eq!(
        (s["total"]["done"].as_u64(), s["total"]["overdue"].as_u64()),
        (Some(0), Some(1))
    );
}
