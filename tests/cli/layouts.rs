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
        .args(["--lang", "zh", "--format", "json,md", "-o"])
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
}
