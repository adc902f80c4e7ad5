//! Checklists as other offices write them, one fixture per layout (`tests/fixtures/layouts`).

use crate::harness::{isoaudit, root};

fn layout(name: &str) -> std::path::PathBuf {
    root().join("tests/fixtures/layouts").join(name)
}

/// Rows citing another standard's clauses (ISO 27001's Annex A) keep their findings, as
/// "clause not in the catalog", outside every ISO 9001 figure; the file gets one note, not an
/// error per row, and the run ends clean.
#[test]
fn another_standards_clauses_keep_their_findings_with_one_note() {
    let d = tempfile::tempdir().unwrap();
    let out = d.path().join("out");
    let run = isoaudit()
        .args([
            "report",
            "--audit-id",
            "T1",
            "--office",
            "it",
            "--date",
            "2026-03-01",
        ])
        .args(["--lang", "zh", "--format", "json,md,xlsx", "-o"])
        .arg(&out)
        .arg(layout("iso27001-annex-a.csv"))
        .output()
        .unwrap();
    let stderr = String::from_utf8(run.stderr).unwrap();
    assert_eq!(run.status.code(), Some(0), "{stderr}");
    let v: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("result.json")).unwrap()).unwrap();
    let kept: Vec<(&str, &str)> = v["outside_catalog"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["clause"].as_str().unwrap(), f["grade"].as_str().unwrap()))
        .collect();
    assert_eq!(
        kept,
        [
            ("A.5.1", "minor"),
            ("A.5.15", "observation"),
            ("A.8.24", "major")
        ]
    );
    assert_eq!(v["nonconformities"].as_array().unwrap().len(), 0);
    assert_eq!(
        v["figures"]["rows"], 1,
        "only the 4.1 row is an ISO 9001 row"
    );
    let diags = v["diagnostics"].as_array().unwrap();
    let notes: Vec<&serde_json::Value> = diags
        .iter()
        .filter(|d| d["message"].as_str().unwrap().contains("A.5.1"))
        .collect();
    assert_eq!(notes.len(), 1, "{diags:#?}");
    assert_eq!(notes[0]["severity"], "warning");
    assert!(
        notes[0]["message"]
            .as_str()
            .unwrap()
            .contains("不是 ISO 9001 的条款")
    );
    assert!(
        !diags.iter().any(|d| d["severity"] == "error"),
        "{diags:#?}"
    );
    let md = std::fs::read_to_string(out.join("report.md")).unwrap();
    assert!(md.contains("条款不在目录中的审核发现"), "{md}");
    assert!(md.contains("| A.8.24 | 严重不符合 | Customer data is stored unencrypted"));
    assert_eq!(stderr.matches("A.5.1,").count(), 1, "{stderr}");
    // The workbook has them on a sheet of their own.
    use calamine::Reader;
    let mut wb = calamine::open_workbook_auto(out.join("nc-report.xlsx")).unwrap();
    let sheet = wb.worksheet_range("条款不在目录中").unwrap();
    let rows: Vec<(String, String)> = sheet
        .rows()
        .skip(1)
        .map(|r| (r[0].to_string(), r[1].to_string()))
        .collect();
    assert_eq!(
        rows,
        [
            ("A.5.1".to_string(), "一般不符合".to_string()),
            ("A.5.15".to_string(), "观察项".to_string()),
            ("A.8.24".to_string(), "严重不符合".to_string()),
        ]
    );
}

/// The rows of `checklist check --json` on a fixture: (clause, outcome, graded), the exit code
/// and stderr.
fn check(name: &str) -> (Option<i32>, Vec<(String, String, bool)>, String) {
    let o = isoaudit()
        .args(["checklist", "check", "--json"])
        .arg(layout(name))
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let rows = v[0]["checklist"]["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["clause"].as_str().unwrap_or("").to_string(),
                r["outcome"].as_str().unwrap().to_string(),
                r["graded"].as_bool().unwrap(),
            )
        })
        .collect();
    (
        o.status.code(),
        rows,
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

/// 审核要素 holds the clause ("7.5.3 成文信息的控制") beside a 审核内容 question column; √ conforms,
/// × is an ungraded nonconformity whose statement is under 存在问题.
#[test]
fn an_element_column_with_ticks_and_crosses() {
    let (code, rows, err) = check("element-judgement.csv");
    assert_eq!(code, Some(0), "{err}");
    let want = |c: &str, o: &str, g: bool| (c.to_string(), o.to_string(), g);
    assert_eq!(
        rows,
        [
            want("7.5.3", "conform", true),
            want("7.2", "minor", false),
            want("9.2", "conform", true),
        ]
    );
}

/// A compliance checklist: Compliant conforms, Non-compliant is an ungraded nonconformity.
#[test]
fn a_compliance_checklist() {
    let (code, rows, err) = check("compliance.csv");
    assert_eq!(code, Some(0), "{err}");
    let want = |c: &str, o: &str, g: bool| (c.to_string(), o.to_string(), g);
    assert_eq!(
        rows,
        [want("7.5.3", "minor", false), want("9.2", "conform", true)]
    );
}
