//! `isoaudit audit PLAN` through the real binary, on the sample bureau.

use crate::harness::isoaudit;
use calamine::{Data, Range, Reader, open_workbook_auto};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

const OFFICES: [&str; 3] = ["hq", "linhu", "anhe"];

fn samples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/bureau")
}

fn sheet(path: &Path, name: &str) -> Range<Data> {
    let mut wb = open_workbook_auto(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    wb.worksheet_range(name).unwrap()
}

fn num(d: &Data) -> u32 {
    match d {
        Data::Float(f) => *f as u32,
        Data::Int(i) => *i as u32,
        other => panic!("not a number: {other:?}"),
    }
}

/// Label → count from the Summary sheet of one office's nc-report.xlsx.
fn office_counts(xlsx: &Path) -> BTreeMap<String, u32> {
    let mut got = BTreeMap::new();
    for row in sheet(xlsx, "Summary").rows() {
        if let (Data::String(k), Data::Float(n)) = (&row[0], &row[1]) {
            got.entry(k.clone()).or_insert(*n as u32);
        }
    }
    got
}

/// Copy a folder tree (the samples are read-only in CI's copy of shared/; ours are not, but
/// tests must never write into the repository).
fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let dest = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_tree(&e.path(), &dest);
        } else {
            std::fs::copy(e.path(), dest).unwrap();
        }
    }
}

#[test]
fn sample_plan_runs_clean_and_the_summary_adds_up() {
    let d = tempfile::tempdir().unwrap();
    let out = d.path().join("out");
    let run = isoaudit()
        .args(["audit", "--lang", "en", "--quiet"])
        .arg(samples())
        .arg("-o")
        .arg(&out)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(0), "{stderr}");

    let mut sum: BTreeMap<&str, u32> = BTreeMap::new();
    let mut nc_rows = 0;
    for code in OFFICES {
        let dir = out.join(code);
        for f in ["nc-report.xlsx", "report.md", "result.json"] {
            assert!(dir.join(f).is_file(), "{code}/{f} written");
        }
        let c = office_counts(&dir.join("nc-report.xlsx"));
        for (k, label) in [
            ("major", "major NC"),
            ("minor", "minor NC"),
            ("obs", "observation"),
            ("ofi", "OFI"),
        ] {
            *sum.entry(k).or_default() += c.get(label).copied().unwrap_or(0);
        }
        nc_rows += sheet(&dir.join("nc-report.xlsx"), "Nonconformities").height() - 1;
    }
    assert!(
        sum["major"] >= 1 && sum["minor"] >= 2,
        "the samples show a major and minors: {sum:?}"
    );

    let summary = out.join("summary.xlsx");
    let offices = sheet(&summary, "Offices");
    let rows: Vec<&[Data]> = offices.rows().skip(1).collect();
    assert_eq!(rows.len(), 3);
    let codes: Vec<String> = rows.iter().map(|r| r[0].to_string()).collect();
    assert_eq!(codes, OFFICES);
    let col_sum = |c: usize| rows.iter().map(|r| num(&r[c])).sum::<u32>();
    assert_eq!(col_sum(2), sum["major"]);
    assert_eq!(col_sum(3), sum["minor"]);
    assert_eq!(col_sum(4), sum["obs"]);
    assert_eq!(col_sum(5), sum["ofi"]);
    let all_ncs = sheet(&summary, "Nonconformities");
    assert_eq!(all_ncs.height() - 1, nc_rows);
    assert_eq!(nc_rows as u32, sum["major"] + sum["minor"]);

    let md = std::fs::read_to_string(out.join("summary.md")).unwrap();
    for code in OFFICES {
        assert!(
            md.contains(&format!("| {code} |")),
            "summary.md lists {code}"
        );
    }
}

#[test]
fn same_plan_same_bytes() {
    let d = tempfile::tempdir().unwrap();
    let run = |o: &str| {
        isoaudit()
            .args(["audit", "--quiet"])
            .arg(samples())
            .arg("-o")
            .arg(d.path().join(o))
            .assert()
            .code(0);
    };
    run("a");
    run("b");
    for f in [
        "summary.xlsx",
        "summary.md",
        "linhu/nc-report.xlsx",
        "linhu/report.md",
        "hq/result.json",
    ] {
        let a = std::fs::read(d.path().join("a").join(f)).unwrap();
        let b = std::fs::read(d.path().join("b").join(f)).unwrap();
        assert!(a == b, "{f} differs between two runs");
    }
}

#[test]
fn gate_trips_on_findings() {
    let d = tempfile::tempdir().unwrap();
    isoaudit()
        .args(["audit", "--quiet", "--fail-on", "major"])
        .arg(samples())
        .arg("-o")
        .arg(d.path().join("o"))
        .assert()
        .code(1);
}

#[test]
fn broken_inputs_are_reported_and_the_other_offices_still_run() {
    let d = tempfile::tempdir().unwrap();
    let bureau = d.path().join("bureau");
    copy_tree(&samples(), &bureau);
    // anhe: a corrupt checklist beside its good ones; hq: its procedures folder is gone.
    std::fs::write(
        bureau.join("offices/anhe/checklists/损坏的检查表.xlsx"),
        b"PK\x03\x04 this is not really a workbook",
    )
    .unwrap();
    std::fs::remove_dir_all(bureau.join("offices/hq/procedures")).unwrap();

    let out = d.path().join("out");
    let run = isoaudit()
        .args(["audit", "--lang", "en"])
        .arg(&bureau)
        .arg("-o")
        .arg(&out)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("损坏的检查表.xlsx"),
        "names the corrupt checklist: {stderr}"
    );
    assert!(
        stderr.contains("procedures folder not found"),
        "names the missing folder: {stderr}"
    );
    for code in OFFICES {
        assert!(
            out.join(code).join("nc-report.xlsx").is_file(),
            "{code} still reported"
        );
    }
    let problems = sheet(&out.join("summary.xlsx"), "Problems");
    let text: Vec<String> = problems
        .rows()
        .map(|r| {
            r.iter()
                .map(|c| c.to_string())
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect();
    assert!(
        text.iter()
            .any(|l| l.starts_with("anhe error") && l.contains("损坏的检查表.xlsx")),
        "{text:?}"
    );
    assert!(
        text.iter()
            .any(|l| l.starts_with("hq error") && l.contains("procedures")),
        "{text:?}"
    );
}

#[test]
fn plan_errors_name_key_and_line() {
    let d = tempfile::tempdir().unwrap();
    let plan = d.path().join("audit.toml");
    std::fs::write(
        &plan,
        "[audit]\nid = \"X\"\nscope = \"4-12\"\n\n[[office]]\ncode = \"a\"\nchecklists = [\"c\"]\n",
    )
    .unwrap();
    let run = isoaudit().arg("audit").arg(&plan).output().unwrap();
    assert_eq!(run.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(stderr.contains("line 3: audit.scope"), "{stderr}");
}

#[test]
fn existing_reports_are_kept_without_force() {
    let d = tempfile::tempdir().unwrap();
    let out = d.path().join("out");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join("summary.md"), "mine").unwrap();
    let run = isoaudit()
        .args(["audit", "--quiet"])
        .arg(samples())
        .arg("-o")
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&run.stderr).contains("--force"));
    assert_eq!(
        std::fs::read_to_string(out.join("summary.md")).unwrap(),
        "mine"
    );
}

#[test]
fn register_is_synced_once_per_nonconformity() {
    let d = tempfile::tempdir().unwrap();
    let db = d.path().join("register.db");
    for (i, expect) in [
        (1, "9 action(s) raised, 0 finding(s) unchanged"),
        (2, "0 action(s) raised"),
    ] {
        let run = isoaudit()
            .args([
                "audit",
                "--lang",
                "en",
                "--today",
                "2026-03-21",
                "--by",
                "王敏",
            ])
            .arg(samples())
            .arg("-o")
            .arg(d.path().join(format!("out{i}")))
            .arg("--register")
            .arg(&db)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&run.stderr);
        assert_eq!(run.status.code(), Some(0), "{stderr}");
        assert!(stderr.contains(expect), "run {i}: {stderr}");
    }
    let list = isoaudit()
        .args([
            "actions",
            "list",
            "--json",
            "--today",
            "2026-03-21",
            "--register",
        ])
        .arg(&db)
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&list.stdout).unwrap();
    let ids: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids.len(), 9, "{ids:?}");
    assert!(ids.iter().any(|i| i.starts_with("DGZJ-2026-IA01-anhe-NC")));
}

/// The Word documents of every office: the audit report, and one 不符合报告 page per
/// nonconformity of result.json, each with its id and statement; then the same with the
/// bureau's own form, exported, edited as an office would and named in the plan.
#[test]
fn word_documents_for_every_office_and_a_bureaus_own_form() {
    let d = tempfile::tempdir().unwrap();
    let out = d.path().join("out");
    let o = isoaudit()
        .arg("audit")
        .arg(samples())
        .arg("-o")
        .arg(&out)
        .args(["--format", "json,docx"])
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    for office in OFFICES {
        let dir = out.join(office);
        let result: serde_json::Value =
            serde_json::from_slice(&std::fs::read(dir.join("result.json")).unwrap()).unwrap();
        let ncs = result["nonconformities"].as_array().unwrap();
        assert!(!ncs.is_empty());
        let doc = crate::harness::zip_part(&dir.join("不符合报告.docx"), "word/document.xml");
        assert_eq!(
            doc.matches(r#"<w:br w:type="page"/>"#).count(),
            ncs.len() - 1,
            "{office}: one page per NC"
        );
        for nc in ncs {
            assert!(doc.contains(nc["id"].as_str().unwrap()), "{office}");
            let first_line = nc["statement"].as_str().unwrap().lines().next().unwrap();
            let escaped = first_line
                .replace('&', "&amp;")
                .replace('<', "&lt;")
                .replace('>', "&gt;")
                .replace('"', "&quot;");
            assert!(doc.contains(&escaped), "{office}: {first_line}");
        }
        let report = crate::harness::zip_part(&dir.join("内部审核报告.docx"), "word/document.xml");
        assert!(report.contains("内部审核报告") && report.contains("批准"));
        assert!(!report.contains("{{") && !doc.contains("{{"));
    }

    // The bureau's own form: ours exported, renumbered, named in a copy of the plan.
    let bureau = d.path().join("bureau");
    copy_tree(&samples(), &bureau);
    let form = bureau.join("QR-08.docx");
    isoaudit()
        .args(["template", "nc-reports", "--lang", "zh", "-o"])
        .arg(&form)
        .assert()
        .success();
    let xml = crate::harness::zip_part(&form, "word/document.xml").replacen(
        "不符合报告</w:t>",
        "QR-08 不符合报告（第 {{id}} 号）</w:t>",
        1,
    );
    rewrite_part(&form, "word/document.xml", &xml);
    let plan = std::fs::read_to_string(bureau.join("audit.toml")).unwrap()
        + "\n[templates]\nnc_reports = \"QR-08.docx\"\n";
    std::fs::write(bureau.join("audit.toml"), plan).unwrap();
    let out2 = d.path().join("out2");
    let o = isoaudit()
        .arg("audit")
        .arg(&bureau)
        .arg("-o")
        .arg(&out2)
        .args(["--format", "docx"])
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let doc = crate::harness::zip_part(&out2.join("linhu/不符合报告.docx"), "word/document.xml");
    assert!(
        doc.contains("QR-08 不符合报告（第 DGZJ-2026-IA01-linhu-NC01 号）"),
        "{doc}"
    );

    // A placeholder the tool does not know stops nothing else, and is named.
    let bad = crate::harness::zip_part(&form, "word/document.xml").replacen(
        "{{department}}",
        "{{科室}}",
        1,
    );
    rewrite_part(&form, "word/document.xml", &bad);
    let o = isoaudit()
        .arg("audit")
        .arg(&bureau)
        .arg("-o")
        .arg(d.path().join("out3"))
        .args(["--format", "json,docx"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("QR-08.docx：无法识别的占位符 {{科室}}（请保持"),
        "{err}"
    );
}

/// Replace one part of a zip package, keeping the others.
fn rewrite_part(path: &Path, name: &str, text: &str) {
    use std::io::{Read, Write};
    let bytes = std::fs::read(path).unwrap();
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..z.len() {
        let mut f = z.by_index(i).unwrap();
        let n = String::from_utf8_lossy(f.name_raw()).into_owned();
        let mut b = Vec::new();
        f.read_to_end(&mut b).unwrap();
        out.start_file(n.as_str(), zip::write::SimpleFileOptions::default())
            .unwrap();
        out.write_all(if n == name { text.as_bytes() } else { &b })
            .unwrap();
    }
    std::fs::write(path, out.finish().unwrap().into_inner()).unwrap();
}
