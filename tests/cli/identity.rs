//! A finding keeps its identity (issue 21): editing a checklist and syncing again never moves
//! an action to another finding.

use assert_cmd::Command;
use std::path::{Path, PathBuf};

const SAMPLE: &str = "samples/bureau/offices/anhe/checklists/安河区局内审检查表.csv";
const NAME: &str = "安河区局内审检查表.csv";

thread_local! {
    /// The register the running test uses: `reg.db` in its folder, or a PostgreSQL database
    /// (each test runs on both backends, each on a thread of its own).
    static REGISTER: std::cell::RefCell<String> = std::cell::RefCell::new("reg.db".into());
}

fn register() -> String {
    REGISTER.with(|r| r.borrow().clone())
}

fn bin(dir: &Path) -> Command {
    let mut c = Command::cargo_bin("isoaudit").unwrap();
    c.current_dir(dir)
        .env_remove("ISOAUDIT_REGISTER")
        .env("PGPASSWORD", crate::pg::PASSWORD);
    c
}

/// The sample checklist as UTF-8 lines.
fn sample_lines() -> Vec<String> {
    let bytes = std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join(SAMPLE)).unwrap();
    let (text, _, bad) = encoding_rs::GBK.decode(&bytes);
    assert!(!bad);
    text.lines().map(str::to_string).collect()
}

fn write_checklist(dir: &Path, lines: &[String]) -> PathBuf {
    std::fs::create_dir_all(dir).unwrap();
    let p = dir.join(NAME);
    std::fs::write(&p, lines.join("\n") + "\n").unwrap();
    p
}

fn report(dir: &Path, checklist: &Path, out: &str, force: bool) {
    let mut c = bin(dir);
    c.args(["--quiet", "report"])
        .arg(checklist)
        .args(["--office", "anhe", "--format", "json", "-o", out]);
    if force {
        c.arg("--force");
    }
    c.assert().success();
}

fn sync(dir: &Path, result: &str) -> String {
    let out = bin(dir)
        .args(["--quiet", "actions", "sync", result])
        .args([
            "--register",
            &register(),
            "--today",
            "2026-03-25",
            "--by",
            "t",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Every action of the register: id → (clause, grade, statement, due, status).
fn actions(dir: &Path) -> Vec<(String, String, String, String, String, String)> {
    let out = bin(dir)
        .args(["actions", "list", "--json", "--register", &register()])
        .args(["--today", "2026-03-25"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    v.as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let f = &r["finding"];
            let a = r;
            let s = |v: &serde_json::Value| v.as_str().unwrap_or_default().to_string();
            (
                s(&a["id"]),
                s(&f["clause"]),
                s(&f["grade"]),
                s(&f["statement"]),
                s(&a["due"]),
                s(&a["status"]),
            )
        })
        .collect()
}

fn history(dir: &Path, id: &str) -> serde_json::Value {
    let out = bin(dir)
        .args(["actions", "show", id, "--json", "--register", &register()])
        .args(["--today", "2026-03-25"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn edited_checklist_keeps_every_action_on_its_finding() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let lines = sample_lines();
    let v1 = write_checklist(&dir.join("v1"), &lines);
    report(dir, &v1, "out1", false);
    sync(dir, "out1/result.json");
    let before = actions(dir);
    // 8.2.2 minor, 8.5.1 major, 8.5.4 minor.
    let clauses: Vec<&str> = before.iter().map(|a| a.1.as_str()).collect();
    assert_eq!(clauses, ["8.2.2", "8.5.1", "8.5.4"], "{before:?}");
    let id_of = |clause: &str| before.iter().find(|a| a.1 == clause).unwrap().0.clone();
    let (nc_822, nc_851, nc_854) = (id_of("8.2.2"), id_of("8.5.1"), id_of("8.5.4"));
    // The department starts on the 8.5.4 action.
    bin(dir)
        .args([
            "actions",
            "update",
            &nc_854,
            "--owner",
            "张伟",
            "--register",
            &register(),
        ])
        .args(["--today", "2026-03-25", "--by", "t"])
        .assert()
        .success();

    // The auditor edits the checklist: 8.2.2 becomes 符合, 8.5.1 is regraded major → minor, a
    // new nonconformity against 4.1 is inserted above every other row.
    let mut edited = Vec::new();
    let header = lines.iter().position(|l| l.starts_with("条款号,")).unwrap();
    for (i, l) in lines.iter().enumerate() {
        let mut l = l.clone();
        if l.starts_with("8.2.2,") {
            l = l.replacen(",一般不符合,", ",符合,", 1);
        }
        if l.starts_with("8.5.1,") {
            l = l.replacen(",严重不符合,", ",一般不符合,", 1);
        }
        edited.push(l);
        if i == header {
            edited.push(
                "4.1,是否确定了内外部因素？,未见内外部因素的识别记录。,一般不符合,未识别影响体系的内外部因素。,办公室,李强,"
                    .to_string(),
            );
        }
    }
    assert_ne!(edited, lines);
    let v2 = write_checklist(&dir.join("v2"), &edited);
    // A fresh output folder: the report numbers the findings afresh (4.1 is its NC01).
    report(dir, &v2, "out2", false);
    let result: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("out2/result.json")).unwrap()).unwrap();
    let shown: Vec<(&str, &str)> = result["nonconformities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["id"].as_str().unwrap(), f["clause"].as_str().unwrap()))
        .collect();
    assert_eq!(shown[0].1, "4.1");
    assert_eq!(
        shown[0].0, nc_822,
        "the report reuses the number positionally"
    );

    let err = sync(dir, "out2/result.json");
    let after = actions(dir);
    // Every action keeps its finding: same clause, same statement.
    for b in &before {
        let a = after.iter().find(|a| a.0 == b.0).unwrap();
        assert_eq!((&a.1, &a.3), (&b.1, &b.3), "{} moved: {after:?}", b.0);
    }
    // 8.2.2 is no longer listed: kept and reported, never handed to the 4.1 finding.
    assert!(
        err.contains(&format!("{nc_822}: no longer in its audit's result")),
        "{err}"
    );
    // 8.5.1 regraded: said so, in its history, due date counted again (major 30 → minor 60
    // days from the audit date 2026-03-18).
    let a851 = after.iter().find(|a| a.0 == nc_851).unwrap();
    assert_eq!(a851.2, "minor");
    assert_eq!(a851.4, "2026-05-17", "{after:?}");
    assert!(
        err.contains(&format!(
            "{nc_851}: the same finding now has grade minor (was major)"
        )),
        "{err}"
    );
    let h = history(dir, &nc_851);
    let fields: Vec<&str> = h["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert!(
        fields.contains(&"finding.grade") && fields.contains(&"due"),
        "{fields:?}"
    );
    // 8.5.4 keeps the department's work.
    let a854 = after.iter().find(|a| a.0 == nc_854).unwrap();
    assert_eq!(history(dir, &nc_854)["owner"], "张伟");
    assert_eq!(a854.1, "8.5.4");
    // The new 4.1 finding gets a number never used before, and the note says so.
    let new: Vec<_> = after.iter().filter(|a| a.1 == "4.1").collect();
    assert_eq!(new.len(), 1, "{after:?}");
    assert!(!before.iter().any(|b| b.0 == new[0].0), "{after:?}");
    assert!(
        err.contains("in the register; its action keeps that id"),
        "{err}"
    );

    // Syncing the same result again changes nothing.
    let again = sync(dir, "out2/result.json");
    assert_eq!(actions(dir), after);
    assert!(!again.contains("changed"), "{again}");

    // Re-running the report over the first folder keeps its numbers: 8.5.1 and 8.5.4 keep
    // theirs, 8.2.2's number is not reused, the new finding takes the next one.
    report(dir, &v2, "out1", true);
    let result: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("out1/result.json")).unwrap()).unwrap();
    let kept: Vec<(String, String)> = result["nonconformities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["clause"].as_str().unwrap().to_string(),
                f["id"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert!(
        kept.contains(&("8.5.1".to_string(), nc_851.clone())),
        "{kept:?}"
    );
    assert!(
        kept.contains(&("8.5.4".to_string(), nc_854.clone())),
        "{kept:?}"
    );
    assert!(!kept.iter().any(|k| k.1 == nc_822), "{kept:?}");
}

fn duplicate_finding_ids_in_one_result_are_an_error() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let v1 = write_checklist(&dir.join("v1"), &sample_lines());
    report(dir, &v1, "out", false);
    let p = dir.join("out/result.json");
    let mut v: serde_json::Value = serde_json::from_slice(&std::fs::read(&p).unwrap()).unwrap();
    let ncs = v["nonconformities"].as_array_mut().unwrap();
    let first = ncs[0]["id"].clone();
    ncs[1]["id"] = first.clone();
    std::fs::write(&p, serde_json::to_vec(&v).unwrap()).unwrap();
    let out = bin(dir)
        .args([
            "actions",
            "sync",
            "out/result.json",
            "--register",
            &register(),
        ])
        .args(["--today", "2026-03-25"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!(
            "lists findings more than once: id {} (2 times)",
            first.as_str().unwrap()
        )),
        "{err}"
    );
    assert!(!err.contains("wording changed since"), "{err}");
}

fn a_clause_corrected_on_the_same_row_is_said_and_kept_in_history() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let lines = sample_lines();
    let v1 = write_checklist(&dir.join("v1"), &lines);
    report(dir, &v1, "out1", false);
    sync(dir, "out1/result.json");
    let before = actions(dir);
    let id = before.iter().find(|a| a.1 == "8.5.4").unwrap().0.clone();
    // The auditor corrects the clause of that row: 8.5.4 → 8.5.1 (same question, same row).
    let edited: Vec<String> = lines
        .iter()
        .map(|l| {
            if l.starts_with("8.5.4,") {
                l.replacen("8.5.4,", "8.5.1,", 1)
            } else {
                l.clone()
            }
        })
        .collect();
    let v2 = write_checklist(&dir.join("v2"), &edited);
    report(dir, &v2, "out2", false);
    let err = sync(dir, "out2/result.json");
    assert!(
        err.contains(&format!(
            "{id}: the same finding now has clause 8.5.1 (was 8.5.4)"
        )),
        "{err}"
    );
    let after = actions(dir);
    assert_eq!(after.len(), before.len());
    assert_eq!(after.iter().find(|a| a.0 == id).unwrap().1, "8.5.1");
    let h = history(dir, &id);
    assert!(
        h["history"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["field"] == "finding.clause" && e["old"] == "8.5.4" && e["new"] == "8.5.1"),
        "{h}"
    );
}

/// A result written before keys existed: matched by number, and a number that now names
/// another clause is refused, never attached.
fn a_keyless_number_that_names_another_clause_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let v1 = write_checklist(&dir.join("v1"), &sample_lines());
    report(dir, &v1, "out", false);
    let p = dir.join("out/result.json");
    let mut v: serde_json::Value = serde_json::from_slice(&std::fs::read(&p).unwrap()).unwrap();
    for f in v["nonconformities"].as_array_mut().unwrap() {
        f.as_object_mut().unwrap().remove("key");
    }
    std::fs::write(&p, serde_json::to_vec(&v).unwrap()).unwrap();
    let err = sync(dir, "out/result.json");
    assert!(
        err.contains("no finding keys (written by an older isoaudit)"),
        "{err}"
    );
    let before = actions(dir);
    let first = v["nonconformities"][0]["id"].as_str().unwrap().to_string();
    v["nonconformities"][0]["clause"] = "4.1".into();
    std::fs::write(&p, serde_json::to_vec(&v).unwrap()).unwrap();
    let out = bin(dir)
        .args([
            "--quiet",
            "actions",
            "sync",
            "out/result.json",
            "--register",
            &register(),
        ])
        .args(["--today", "2026-03-25"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!(
            "finding {first}: {first} was registered as clause 8.2.2"
        )),
        "{err}"
    );
    assert_eq!(actions(dir), before, "nothing attached to another clause");
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
                    super::REGISTER.with(|r| *r.borrow_mut() = url);
                    super::$name()
                }
            })*
        }
    };
}

on_both_backends!(
    edited_checklist_keeps_every_action_on_its_finding,
    duplicate_finding_ids_in_one_result_are_an_error,
    a_clause_corrected_on_the_same_row_is_said_and_kept_in_history,
    a_keyless_number_that_names_another_clause_is_refused,
);
