//! `isoaudit actions …` through the real binary: sync, the workflow, stats, the Excel round
//! trip and concurrency (kills, more concurrency and newer schemas: register_robustness.rs).
//! Result files are built here from the model types (no dependency on the report code); every
//! command gets `--today`.

use crate::harness::rewrite;
use assert_cmd::Command;
use calamine::{Data, Reader};
use isoaudit::model::{AuditInfo, AuditResult, Finding, Location, Outcome, RESULT_SCHEMA_VERSION};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Where a test's register lives: every register test runs on both backends.
enum Backend {
    Sqlite,
    /// A fresh database on the test process's PostgreSQL server.
    Postgres(String),
}

struct Reg {
    dir: tempfile::TempDir,
    backend: Backend,
}

impl Reg {
    /// A register in a SQLite file.
    fn sqlite() -> Reg {
        Reg {
            dir: tempfile::tempdir().unwrap(),
            backend: Backend::Sqlite,
        }
    }

    /// A register in a fresh PostgreSQL database; `None` (said on stderr) without PostgreSQL.
    fn postgres(test: &str) -> Option<Reg> {
        let server = crate::pg::server(test)?;
        Some(Reg {
            dir: tempfile::tempdir().unwrap(),
            backend: Backend::Postgres(server.database()),
        })
    }

    /// The register's spec, as `--register` takes it.
    fn db(&self) -> std::ffi::OsString {
        match &self.backend {
            Backend::Sqlite => self.dir.path().join("register.db").into(),
            Backend::Postgres(url) => url.into(),
        }
    }

    /// The register's spec with the PostgreSQL password in it, for commands run without the
    /// environment [`Reg::cmd`] sets.
    fn db_with_password(&self) -> std::ffi::OsString {
        match &self.backend {
            Backend::Sqlite => self.db(),
            Backend::Postgres(url) => url
                .replacen(
                    "isoaudit@",
                    &format!("isoaudit:{}@", crate::pg::PASSWORD),
                    1,
                )
                .into(),
        }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// The binary, run in the temp dir against this register, as user 王敏.
    fn cmd(&self) -> Command {
        let mut c = Command::cargo_bin("isoaudit").unwrap();
        c.current_dir(self.dir.path())
            .env("ISOAUDIT_REGISTER", self.db())
            .env("PGPASSWORD", crate::pg::PASSWORD)
            .env("USER", "王敏")
            .env_remove("LANG")
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES");
        c
    }

    /// Run `actions ARGS --today TODAY`; assert success; return stdout.
    fn ok(&self, today: &str, args: &[&str]) -> String {
        let out = self
            .cmd()
            .arg("actions")
            .args(args)
            .args(["--today", today])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    /// Run and expect exit code 2; return stderr.
    fn fails(&self, today: &str, args: &[&str]) -> String {
        let out = self
            .cmd()
            .arg("actions")
            .args(args)
            .args(["--today", today])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?} should fail");
        String::from_utf8(out.stderr).unwrap()
    }

    fn write_result(&self, name: &str, r: &AuditResult) -> PathBuf {
        let p = self.path(name);
        std::fs::write(&p, serde_json::to_vec_pretty(r).unwrap()).unwrap();
        p
    }

    fn show(&self, id: &str) -> serde_json::Value {
        serde_json::from_str(&self.ok("2026-06-01", &["show", id, "--json"])).unwrap()
    }

    /// Every table, in order: the register's whole content.
    fn dump(&self) -> String {
        const TABLES: [(&str, &str); 5] = [
            ("settings", "key"),
            ("audits", "audit_id, office_code"),
            ("findings", "id"),
            ("actions", "id"),
            ("events", "seq"),
        ];
        let mut s = String::new();
        if let Backend::Postgres(url) = &self.backend {
            let name = url.rsplit('/').next().unwrap();
            let mut c = crate::pg::server("dump").unwrap().connect(name);
            for (t, order) in TABLES {
                let q = format!("SELECT row_to_json(t)::text FROM {t} t ORDER BY {order}");
                for r in c.query(&q, &[]).unwrap() {
                    s.push_str(&format!("{t}: {}\n", r.get::<_, String>(0)));
                }
            }
            return s;
        }
        let c = rusqlite::Connection::open(self.db()).unwrap();
        for (t, order) in TABLES {
            let mut st = c
                .prepare(&format!("SELECT * FROM {t} ORDER BY {order}"))
                .unwrap();
            let n = st.column_count();
            let rows = st
                .query_map([], |r| {
                    let mut v = Vec::new();
                    for i in 0..n {
                        v.push(format!("{:?}", r.get_ref(i)?));
                    }
                    Ok(v.join("|"))
                })
                .unwrap();
            for r in rows {
                s.push_str(&format!("{t}: {}\n", r.unwrap()));
            }
        }
        s
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
        clause_title_en: "Control of documented information".into(),
        clause_title_zh: "成文信息的控制".into(),
        grade,
        grade_defaulted: false,
        procedure: "LHZJ-QP-01 文件控制程序".into(),
        question: "受控文件是否为现行有效版本？".into(),
        evidence: format!("{id}: 抽查受理窗口，发现作废版本登记表仍在使用"),
        statement: format!("{id}: 未按文件控制程序收回作废文件"),
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
            title: "2026年度内部审核".into(),
            office_code: office.into(),
            office_name: "临湖县局".into(),
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

const A: &str = "DGZJ-2026-IA01";

/// linhu: a minor (dated), a major (dated), a minor with no date (audit end date), an observation.
fn linhu() -> AuditResult {
    result(
        A,
        "linhu",
        "2026-03-16",
        "2026-03-20",
        vec![
            finding(
                A,
                "linhu",
                "NC01",
                "7.5.3",
                Outcome::Minor,
                Some("2026-03-17"),
            ),
            finding(
                A,
                "linhu",
                "NC02",
                "8.5.1",
                Outcome::Major,
                Some("2026-03-18"),
            ),
            finding(A, "linhu", "NC03", "9.2", Outcome::Minor, None),
        ],
        vec![finding(
            A,
            "linhu",
            "OB01",
            "7.2",
            Outcome::Observation,
            Some("2026-03-18"),
        )],
    )
}

fn sync_twice_is_the_same_register_and_edits_survive_changed_wording(reg: Reg) {
    let f = reg.write_result("result.json", &linhu());
    reg.ok("2026-03-21", &["sync", f.to_str().unwrap()]);
    let first = reg.dump();
    let list: serde_json::Value =
        serde_json::from_str(&reg.ok("2026-03-21", &["list", "--json"])).unwrap();
    let dues: BTreeMap<String, String> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["id"].as_str().unwrap().to_string(),
                r["due"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    // One action per nonconformity; the observation is not tracked by the default policy.
    // Due dates count from the finding's date (NC03: the audit's end date), never the clock.
    assert_eq!(
        dues,
        BTreeMap::from([
            (format!("{A}-linhu-NC01"), "2026-05-16".to_string()),
            (format!("{A}-linhu-NC02"), "2026-04-17".to_string()),
            (format!("{A}-linhu-NC03"), "2026-05-19".to_string()),
        ])
    );

    let out = reg
        .cmd()
        .args([
            "actions",
            "sync",
            f.to_str().unwrap(),
            "--today",
            "2026-03-25",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("0 action(s) raised, 4 finding(s) unchanged")
    );
    assert_eq!(reg.dump(), first, "a second sync changes nothing");

    // The department edits NC01; then the auditor rewords it in the report and syncs again.
    reg.ok(
        "2026-03-26",
        &[
            "update",
            "linhu-NC01",
            "--owner",
            "张伟",
            "--correction",
            "已收回作废表格",
        ],
    );
    let mut changed = linhu();
    changed.nonconformities[0].statement = "未收回作废的受理登记表（第2版）".into();
    let f2 = reg.write_result("result-v2.json", &changed);
    let out = reg
        .cmd()
        .args([
            "actions",
            "sync",
            f2.to_str().unwrap(),
            "--today",
            "2026-03-27",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!(
            "{A}-linhu-NC01: wording changed since the last sync (statement)"
        )),
        "{err}"
    );
    let v = reg.show("linhu-NC01");
    assert_eq!(v["owner"], "张伟");
    assert_eq!(v["correction"], "已收回作废表格");
    assert_eq!(v["finding"]["statement"], "未收回作废的受理登记表（第2版）");
    let hist = v["history"].as_array().unwrap();
    let ev = hist
        .iter()
        .find(|e| e["field"] == "finding.statement")
        .unwrap();
    assert_eq!(ev["old"], "NC01: 未按文件控制程序收回作废文件");
    // Reported once: the next sync sees no change.
    let again = reg.dump();
    reg.ok("2026-03-28", &["sync", f2.to_str().unwrap()]);
    assert_eq!(reg.dump(), again);

    // Observations are tracked when asked, per run.
    reg.ok(
        "2026-03-28",
        &["sync", f2.to_str().unwrap(), "--observation", "90"],
    );
    assert_eq!(reg.show("linhu-OB01")["due"], "2026-06-16");

    // Another schema version is refused with a clear message; the register is untouched.
    let before = reg.dump();
    let mut v2 = serde_json::to_value(linhu()).unwrap();
    v2["schema_version"] = serde_json::json!(RESULT_SCHEMA_VERSION + 1);
    let p = reg.path("new.json");
    std::fs::write(&p, v2.to_string()).unwrap();
    let err = reg.fails("2026-03-28", &["sync", p.to_str().unwrap()]);
    assert!(
        err.contains(&format!(
            "result schema version {}",
            RESULT_SCHEMA_VERSION + 1
        )),
        "{err}"
    );
    assert_eq!(reg.dump(), before);
}

fn every_legal_and_illegal_transition(reg: Reg) {
    let f = reg.write_result("result.json", &linhu());
    reg.ok("2026-03-21", &["sync", f.to_str().unwrap()]);
    let id = "linhu-NC01";
    let status = |reg: &Reg| reg.show(id)["status"].as_str().unwrap().to_string();

    // open: cannot implement, verify or close; the message names what is missing.
    let e = reg.fails("2026-03-22", &["implement", id]);
    assert!(e.contains("cannot implement an action that is open"), "{e}");
    assert!(
        e.contains(
            "correction (--correction), root cause (--root-cause), corrective action (--action)"
        ),
        "{e}"
    );
    let e = reg.fails(
        "2026-03-22",
        &["verify", id, "--effective", "--method", "抽查"],
    );
    assert!(e.contains("not implemented yet"), "{e}");
    let e = reg.fails("2026-03-22", &["close", id]);
    assert!(
        e.contains("missing: implementation and an effective verification"),
        "{e}"
    );

    // open → (partial plan stays open) → planned
    reg.ok(
        "2026-03-22",
        &[
            "update",
            id,
            "--owner",
            "张伟",
            "--correction",
            "收回作废表格",
        ],
    );
    assert_eq!(status(&reg), "open");
    let e = reg.fails("2026-03-22", &["implement", id]);
    assert!(
        e.contains("missing: root cause (--root-cause), corrective action (--action)"),
        "{e}"
    );
    reg.ok(
        "2026-03-23",
        &[
            "update",
            id,
            "--root-cause",
            "换版时未通知窗口",
            "--action",
            "换版清单增加窗口签收",
        ],
    );
    assert_eq!(status(&reg), "planned");
    let e = reg.fails("2026-03-23", &["update", id, "--action", ""]);
    assert!(e.contains("corrective action (--action)"), "{e}");
    let e = reg.fails("2026-03-23", &["close", id]);
    assert!(e.contains("cannot close"), "{e}");

    // planned → implemented
    reg.ok(
        "2026-04-10",
        &["implement", id, "--note", "4月8日起执行签收"],
    );
    assert_eq!(status(&reg), "implemented");
    let e = reg.fails("2026-04-10", &["implement", id]);
    assert!(e.contains("already implemented on 2026-04-10"), "{e}");
    let e = reg.fails("2026-04-10", &["close", id]);
    assert!(e.contains("missing: an effective verification"), "{e}");
    let e = reg.fails("2026-04-10", &["verify", id, "--effective"]);
    assert!(e.contains("verification method (--method)"), "{e}");

    // implemented → ineffective: reopened, due from the policy (minor 60 days from the
    // verification date), the root cause and action to be written again, history kept.
    reg.ok(
        "2026-04-20",
        &[
            "verify",
            id,
            "--ineffective",
            "--method",
            "抽查4月受理记录",
            "--note",
            "仍有旧表",
        ],
    );
    let v = reg.show(id);
    assert_eq!(v["status"], "open");
    assert_eq!(v["due"], "2026-06-19");
    assert_eq!(v["ineffective_count"], 1);
    assert_eq!(v["root_cause"], "");
    assert_eq!(v["correction"], "收回作废表格");
    let hist = v["history"].as_array().unwrap();
    assert!(hist.iter().any(|e| e["field"] == "root_cause"
        && e["old"] == "换版时未通知窗口"
        && e["new"].is_null()));
    assert!(
        hist.iter()
            .any(|e| e["field"] == "due" && e["old"] == "2026-05-16" && e["new"] == "2026-06-19")
    );

    // again: planned → implemented → verified → closed
    reg.ok(
        "2026-04-21",
        &[
            "update",
            id,
            "--root-cause",
            "窗口无签收台账",
            "--action",
            "建立签收台账并月度核查",
        ],
    );
    assert_eq!(status(&reg), "planned");
    reg.ok("2026-05-05", &["implement", id]);
    reg.ok(
        "2026-05-20",
        &[
            "verify",
            id,
            "--effective",
            "--method",
            "抽查5月全部受理记录",
        ],
    );
    assert_eq!(status(&reg), "verified");
    let e = reg.fails(
        "2026-05-20",
        &["verify", id, "--effective", "--method", "x"],
    );
    assert!(e.contains("already verified effective"), "{e}");
    let e = reg.fails("2026-05-20", &["implement", id]);
    assert!(e.contains("already implemented"), "{e}");
    reg.ok("2026-05-21", &["close", id]);
    let v = reg.show(id);
    assert_eq!(v["status"], "closed");
    assert_eq!(v["closed_on"], "2026-05-21");
    assert_eq!(v["verified_by"], "王敏");

    // closed is final
    for args in [
        vec!["update", id, "--owner", "x"],
        vec!["implement", id],
        vec!["verify", id, "--effective", "--method", "x"],
        vec!["close", id],
        vec!["cancel", id, "--reason", "x"],
    ] {
        let e = reg.fails("2026-05-22", &args);
        assert!(e.contains("closed actions are final"), "{args:?}: {e}");
    }

    // cancel: needs a reason; from open; then final; the action is kept.
    reg.fails("2026-03-22", &["cancel", "linhu-NC02"]);
    let e = reg.fails("2026-03-22", &["cancel", "linhu-NC02", "--reason", " "]);
    assert!(e.contains("missing: the reason"), "{e}");
    reg.ok(
        "2026-03-22",
        &[
            "cancel",
            "linhu-NC02",
            "--reason",
            "与NC01重复",
            "--by",
            "陈静",
        ],
    );
    let v = reg.show("linhu-NC02");
    assert_eq!(v["status"], "cancelled");
    assert_eq!(
        v["history"].as_array().unwrap().last().unwrap()["by"],
        "陈静"
    );
    let e = reg.fails("2026-03-23", &["update", "linhu-NC02", "--owner", "x"]);
    assert!(e.contains("cancelled actions are final"), "{e}");

    // verify --ineffective with an explicit due date; a due date not after today is refused.
    let n3 = "linhu-NC03";
    reg.ok(
        "2026-03-22",
        &[
            "update",
            n3,
            "--correction",
            "a",
            "--root-cause",
            "b",
            "--action",
            "c",
        ],
    );
    reg.ok("2026-03-30", &["implement", n3]);
    let e = reg.fails(
        "2026-04-02",
        &[
            "verify",
            n3,
            "--ineffective",
            "--method",
            "m",
            "--due",
            "2026-04-01",
        ],
    );
    assert!(e.contains("must be after the verification date"), "{e}");
    reg.ok(
        "2026-04-02",
        &[
            "verify",
            n3,
            "--ineffective",
            "--method",
            "m",
            "--due",
            "2026-04-30",
        ],
    );
    assert_eq!(reg.show(n3)["due"], "2026-04-30");

    // Unknown and ambiguous ids.
    let e = reg.fails("2026-04-02", &["show", "linhu-NC99"]);
    assert!(e.contains("no action \"linhu-NC99\""), "{e}");
    let list = reg.ok("2026-04-02", &["list", "--status", "closed,cancelled"]);
    assert!(list.contains(&format!("{A}-linhu-NC01")) && list.contains(&format!("{A}-linhu-NC02")));
    assert!(!list.contains("NC03"), "{list}");
}

/// Read every sheet of a workbook as strings/numbers.
fn read_book(p: &Path) -> Vec<(String, calamine::Range<Data>)> {
    let mut wb = calamine::open_workbook_auto(p).unwrap();
    wb.worksheets()
}

fn col(header: &str) -> u16 {
    isoaudit::register::tracker::COLUMNS
        .iter()
        .position(|c| c.0 == header)
        .unwrap() as u16
}

fn cell(range: &calamine::Range<Data>, r: u32, c: u16) -> String {
    match range.get_value((r, c as u32)) {
        Some(Data::String(s)) => s.clone(),
        Some(Data::Float(f)) => f.to_string(),
        _ => String::new(),
    }
}

fn export_edit_import_round_trip_with_conflict_and_errors(reg: Reg) {
    use isoaudit::register::tracker::{SHEET, SNAPSHOT, SUMMARY};
    let f = reg.write_result("result.json", &linhu());
    reg.ok("2026-03-21", &["sync", f.to_str().unwrap()]);
    reg.ok("2026-03-22", &["cancel", "linhu-NC03", "--reason", "误报"]);
    let xlsx = reg.path("tracker.xlsx");
    reg.ok("2026-04-20", &["export", "-o", xlsx.to_str().unwrap()]);
    // Never over an existing file without --force.
    let e = reg.fails("2026-04-20", &["export", "-o", xlsx.to_str().unwrap()]);
    assert!(e.contains("already exists"), "{e}");

    let book = read_book(&xlsx);
    let names: Vec<&str> = book.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, [SHEET, SUMMARY, SNAPSHOT]);
    let s = &book[0].1;
    assert_eq!(cell(s, 0, 0), "编号 ID");
    assert_eq!(cell(s, 0, col("status")), "状态 Status");
    // Open actions only (NC03 cancelled), sorted by id.
    assert_eq!(s.height(), 3);
    assert_eq!(cell(s, 1, 0), format!("{A}-linhu-NC01"));
    assert_eq!(cell(s, 1, col("revision")), "1");
    assert_eq!(cell(s, 1, col("due")), "2026-05-16");
    assert_eq!(cell(s, 1, col("overdue")), "");
    assert_eq!(cell(s, 2, 0), format!("{A}-linhu-NC02"));
    assert_eq!(
        cell(s, 2, col("overdue")),
        "3",
        "major due 2026-04-17, today 2026-04-20"
    );
    assert_eq!(cell(s, 2, col("status")), "open");
    let summary = &book[1].1;
    assert_eq!(cell(summary, 4, 0), "未关闭 Open");
    assert_eq!(cell(summary, 4, 1), "2");
    assert_eq!(cell(summary, 5, 1), "1", "overdue");
    assert_eq!(cell(summary, 6, 1), "50", "overdue %");
    // Protection, locking, dropdown, colour and the hidden snapshot, from the package XML.
    let xml = |part: &str| {
        let mut z = zip::ZipArchive::new(std::fs::File::open(&xlsx).unwrap()).unwrap();
        let mut s = String::new();
        std::io::Read::read_to_string(&mut z.by_name(part).unwrap(), &mut s).unwrap();
        s
    };
    let sheet1 = xml("xl/worksheets/sheet1.xml");
    assert!(
        sheet1.contains("<sheetProtection"),
        "actions sheet protected"
    );
    assert!(
        sheet1.contains("<dataValidation type=\"list\""),
        "status dropdown"
    );
    assert!(
        xml("xl/styles.xml").contains("locked=\"0\""),
        "unlocked cells exist"
    );
    assert!(xml("xl/styles.xml").contains("FFF8CBAD"), "overdue fill");
    assert!(
        xml("xl/workbook.xml").contains("state=\"hidden\""),
        "snapshot hidden"
    );
    assert!(xml("xl/worksheets/sheet3.xml").contains("<sheetProtection"));
    assert!(
        xml("xl/drawings/drawing1.xml").contains("chart"),
        "summary chart"
    );

    // The department fills in NC01 completely and declares it implemented, and sets an owner
    // on NC02. Meanwhile the quality manager changes NC02 in the register: a conflict.
    let sheet = SHEET.to_string();
    let edits = BTreeMap::from([
        ((sheet.clone(), 1, col("owner")), "张伟".to_string()),
        (
            (sheet.clone(), 1, col("correction")),
            "收回作废表格".to_string(),
        ),
        (
            (sheet.clone(), 1, col("root_cause")),
            "换版未通知窗口".to_string(),
        ),
        (
            (sheet.clone(), 1, col("corrective_action")),
            "换版清单增加签收".to_string(),
        ),
        ((sheet.clone(), 1, col("status")), "已实施".to_string()),
        (
            (sheet.clone(), 1, col("implementation_note")),
            "4月25日已执行".to_string(),
        ),
        ((sheet.clone(), 2, col("owner")), "刘洋".to_string()),
    ]);
    let edited = reg.path("tracker-edited.xlsx");
    rewrite(&xlsx, &edited, &edits);
    reg.ok("2026-04-21", &["update", "linhu-NC02", "--owner", "赵磊"]);

    // Dry run: reports, changes nothing.
    let before = reg.dump();
    let out = reg
        .cmd()
        .args([
            "actions",
            "import",
            edited.to_str().unwrap(),
            "--dry-run",
            "--today",
            "2026-04-26",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "the conflict makes it exit 2");
    assert!(String::from_utf8_lossy(&out.stdout).contains(&format!("would apply {A}-linhu-NC01")));
    assert_eq!(reg.dump(), before);

    let out = reg
        .cmd()
        .args([
            "actions",
            "import",
            edited.to_str().unwrap(),
            "--today",
            "2026-04-26",
            "--by",
            "综合股",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!("row 3: {A}-linhu-NC02: changed in the register since the export (tracker revision 1, register revision 2); not applied: owner")),
        "{err}"
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains(&format!("applied {A}-linhu-NC01")));
    let v = reg.show("linhu-NC01");
    assert_eq!(v["status"], "implemented");
    assert_eq!(v["owner"], "张伟");
    assert_eq!(v["implemented_on"], "2026-04-26");
    assert_eq!(v["implementation_note"], "4月25日已执行");
    let hist = v["history"].as_array().unwrap();
    let imported: Vec<&serde_json::Value> = hist
        .iter()
        .filter(|e| e["note"].as_str().unwrap().starts_with("imported from"))
        .collect();
    assert!(
        imported
            .iter()
            .any(|e| e["field"] == "status" && e["old"] == "open" && e["new"] == "implemented")
    );
    assert!(imported.iter().all(|e| e["by"] == "综合股"));
    assert_eq!(
        reg.show("linhu-NC02")["owner"],
        "赵磊",
        "the conflicting edit was not applied"
    );

    // Importing the same workbook again: NC01's edits are already in the register (unchanged,
    // not a conflict); NC02 still conflicts.
    let again = reg.dump();
    let out = reg
        .cmd()
        .args([
            "actions",
            "import",
            edited.to_str().unwrap(),
            "--today",
            "2026-04-27",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("0 row(s) applied, 1 unchanged, 1 conflict(s), 0 error(s)"),
        "{err}"
    );
    assert!(out.stdout.is_empty());
    assert_eq!(reg.dump(), again);

    // Bad cells are named; nothing else in those rows is applied.
    let bad = reg.path("tracker-bad.xlsx");
    rewrite(
        &xlsx,
        &bad,
        &BTreeMap::from([
            ((sheet.clone(), 1, col("status")), "done".to_string()),
            ((sheet.clone(), 2, col("revision")), "x".to_string()),
        ]),
    );
    let e = reg.fails("2026-04-27", &["import", bad.to_str().unwrap()]);
    assert!(
        e.contains(&format!("sheet {SHEET}, cell O2: unknown status \"done\"")),
        "{e}"
    );
    assert!(
        e.contains(&format!(
            "sheet {SHEET}, cell B3: revision \"x\" is not a whole number"
        )),
        "{e}"
    );
}

fn stats_on_a_register_with_known_dates(reg: Reg) {
    let a25 = "DGZJ-2025-IA01";
    let r25 = result(
        a25,
        "hq",
        "2025-03-17",
        "2025-03-21",
        vec![
            finding(
                a25,
                "hq",
                "NC01",
                "7.5.3",
                Outcome::Minor,
                Some("2025-03-18"),
            ),
            finding(
                a25,
                "hq",
                "NC02",
                "8.5.1",
                Outcome::Major,
                Some("2025-03-19"),
            ),
        ],
        vec![],
    );
    let hq26 = result(
        A,
        "hq",
        "2026-03-16",
        "2026-03-20",
        vec![finding(
            A,
            "hq",
            "NC01",
            "7.5.3",
            Outcome::Minor,
            Some("2026-03-17"),
        )],
        vec![],
    );
    let linhu26 = result(
        A,
        "linhu",
        "2026-03-16",
        "2026-03-20",
        vec![
            finding(
                A,
                "linhu",
                "NC01",
                "9.2",
                Outcome::Major,
                Some("2026-03-18"),
            ),
            finding(A, "linhu", "NC02", "7.2", Outcome::Minor, None),
            finding(
                A,
                "linhu",
                "NC03",
                "7.5.3",
                Outcome::Minor,
                Some("2026-05-20"),
            ),
        ],
        vec![],
    );
    let p25 = reg.write_result("r25.json", &r25);
    reg.ok("2025-03-22", &["sync", p25.to_str().unwrap()]);
    let plan = ["--correction", "c", "--root-cause", "r", "--action", "a"];
    // 2025 NC01 (minor, due 2025-05-17): closed on time, 53 days after it was raised.
    let n = format!("{a25}-hq-NC01");
    reg.ok("2025-04-01", &[&["update", &n][..], &plan].concat());
    reg.ok("2025-04-20", &["implement", &n]);
    reg.ok(
        "2025-05-01",
        &["verify", &n, "--effective", "--method", "m"],
    );
    reg.ok("2025-05-10", &["close", &n]);
    // 2025 NC02 (major, due 2025-04-18): ineffective once (new due 2025-05-31), closed late.
    let n = format!("{a25}-hq-NC02");
    reg.ok("2025-04-01", &[&["update", &n][..], &plan].concat());
    reg.ok("2025-04-10", &["implement", &n]);
    reg.ok(
        "2025-05-01",
        &["verify", &n, "--ineffective", "--method", "m"],
    );
    reg.ok("2025-05-05", &[&["update", &n][..], &plan].concat());
    reg.ok("2025-05-20", &["implement", &n]);
    reg.ok(
        "2025-06-01",
        &["verify", &n, "--effective", "--method", "m"],
    );
    reg.ok("2025-06-10", &["close", &n]);

    let dir = reg.path("out");
    std::fs::create_dir_all(dir.join("hq")).unwrap();
    std::fs::create_dir_all(dir.join("linhu")).unwrap();
    std::fs::write(
        dir.join("hq/result.json"),
        serde_json::to_vec(&hq26).unwrap(),
    )
    .unwrap();
    std::fs::write(
        dir.join("linhu/result.json"),
        serde_json::to_vec(&linhu26).unwrap(),
    )
    .unwrap();
    reg.ok("2026-03-21", &["sync", dir.to_str().unwrap()]);
    // linhu NC01 implemented before its due date; NC02 cancelled; NC03 open and young.
    reg.ok(
        "2026-03-25",
        &[&["update", "linhu-NC01"][..], &plan].concat(),
    );
    reg.ok("2026-04-15", &["implement", "linhu-NC01"]);
    reg.ok("2026-03-25", &["cancel", "linhu-NC02", "--reason", "重复"]);

    let s: serde_json::Value =
        serde_json::from_str(&reg.ok("2026-06-01", &["stats", "--json"])).unwrap();
    let o = &s["overall"];
    assert_eq!(o["actions"], 6);
    assert_eq!(o["cancelled"], 1);
    assert_eq!(o["open"], 3);
    assert_eq!(o["overdue"], 1, "2026 hq NC01, due 2026-05-16");
    assert_eq!(o["overdue_pct"], 33.3);
    assert_eq!(
        o["ageing"],
        serde_json::json!({"0-30": 1, "31-60": 0, "61-90": 2, ">90": 0})
    );
    assert_eq!(o["closed"], 2);
    assert_eq!(o["mean_days_to_close"], 68.0, "(53 + 83) / 2");
    assert_eq!(o["closed_on_time"], 1);
    assert_eq!(o["on_time_pct"], 50.0);
    assert_eq!(o["verifications"], 3);
    assert_eq!(o["effective"], 2);
    assert_eq!(o["effectiveness_pct"], 66.7);
    assert_eq!(o["repeat_findings"], 1);
    assert_eq!(
        s["repeats"],
        serde_json::json!([{"finding": format!("{A}-hq-NC01"), "earlier": format!("{a25}-hq-NC01"), "office": "hq", "clause": "7.5.3"}])
    );
    let offices = s["offices"].as_array().unwrap();
    assert_eq!(offices.len(), 2);
    let hq = &offices[0];
    assert_eq!(hq["key"], "hq");
    assert_eq!(
        (
            hq["open"].clone(),
            hq["overdue"].clone(),
            hq["overdue_pct"].clone()
        ),
        (1.into(), 1.into(), 100.0.into())
    );
    assert_eq!(hq["mean_days_to_close"], 68.0);
    assert_eq!(hq["repeat_findings"], 1);
    let lh = &offices[1];
    assert_eq!(lh["key"], "linhu");
    assert_eq!(
        (
            lh["open"].clone(),
            lh["overdue"].clone(),
            lh["overdue_pct"].clone()
        ),
        (2.into(), 0.into(), 0.0.into())
    );
    assert_eq!(
        lh["ageing"],
        serde_json::json!({"0-30": 1, "31-60": 0, "61-90": 1, ">90": 0})
    );
    assert!(lh["mean_days_to_close"].is_null() && lh["effectiveness_pct"].is_null());
    assert_eq!(
        lh["repeat_findings"], 0,
        "7.5.3 at linhu never occurred in an earlier audit"
    );

    let overdue = reg.ok("2026-06-01", &["list", "--overdue"]);
    assert!(
        overdue.contains(&format!("{A}-hq-NC01")) && overdue.contains("16d"),
        "{overdue}"
    );
    assert!(overdue.contains("1 action(s)"), "{overdue}");
    let by_clause = reg.ok(
        "2026-06-01",
        &["list", "--clause", "7.5", "--office", "hq", "--json"],
    );
    let v: serde_json::Value = serde_json::from_str(&by_clause).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 2);
    let text = reg.ok("2026-06-01", &["stats"]);
    assert!(text.contains("repeat:"), "{text}");
}

fn concurrent_updates_lose_nothing(reg: Reg) {
    let f = reg.write_result("result.json", &linhu());
    reg.ok("2026-03-21", &["sync", f.to_str().unwrap()]);
    let bin = assert_cmd::cargo::cargo_bin("isoaudit");
    let n = 8;
    let children: Vec<std::process::Child> = (0..n)
        .map(|i| {
            let id = if i % 2 == 0 {
                "linhu-NC01"
            } else {
                "linhu-NC02"
            };
            std::process::Command::new(&bin)
                .args([
                    "actions",
                    "update",
                    id,
                    "--owner",
                    &format!("owner{i}"),
                    "--today",
                    "2026-03-22",
                ])
                .env("ISOAUDIT_REGISTER", reg.db())
                .env("PGPASSWORD", crate::pg::PASSWORD)
                .env("USER", format!("user{i}"))
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for c in children {
        let out = c.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    // Every update is one revision and one history line; none was lost.
    for id in ["linhu-NC01", "linhu-NC02"] {
        let v = reg.show(id);
        assert_eq!(v["revision"], 1 + n / 2, "{id}");
        let owners: Vec<&serde_json::Value> = v["history"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["field"] == "owner")
            .collect();
        assert_eq!(owners.len() as u32, n / 2, "{id}");
    }
}

/// The 纠正措施报告 from the register: a page per chosen action, filled with what the register
/// knows (the plan written by `update`, the history).
fn corrective_action_reports_as_word_forms(reg: Reg) {
    use crate::harness::{isoaudit, root};
    let d = tempfile::tempdir().unwrap();
    let db = reg.db_with_password();
    let o = isoaudit()
        .arg("audit")
        .arg(root().join("samples/bureau"))
        .arg("-o")
        .arg(d.path().join("out"))
        .args([
            "--format",
            "json",
            "--today",
            "2026-03-21",
            "--by",
            "王敏",
            "--register",
        ])
        .arg(&db)
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let reg = |args: &[&str]| {
        let o = isoaudit()
            .args([
                "actions",
                "--lang",
                "zh",
                "--today",
                "2026-03-25",
                "--by",
                "张伟",
            ])
            .args(args)
            .arg("--register")
            .arg(&db)
            .output()
            .unwrap();
        assert_eq!(
            o.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
    };
    reg(&[
        "update",
        "linhu-NC01",
        "--owner",
        "计量检定所 刘洋",
        "--correction",
        "停用超期标准器",
        "--root-cause",
        "未建立检定到期提醒",
        "--action",
        "建立到期台账并每月核查",
    ]);
    let out = d.path().join("car.docx");
    reg(&[
        "export",
        "linhu-NC01",
        "linhu-NC02",
        "--format",
        "docx",
        "-o",
        out.to_str().unwrap(),
    ]);
    let doc = crate::harness::zip_part(&out, "word/document.xml");
    assert_eq!(
        doc.matches(r#"<w:br w:type="page"/>"#).count(),
        1,
        "two pages"
    );
    for want in [
        "纠正措施报告",
        "DGZJ-2026-IA01-linhu-NC01",
        "DGZJ-2026-IA01-linhu-NC02",
        "计量检定所 刘洋",
        "未建立检定到期提醒",
        "建立到期台账并每月核查",
        "已制定措施",
        "张伟",
    ] {
        assert!(doc.contains(want), "{want}");
    }
    assert!(!doc.contains("{{"));
}

/// A Chinese tracker says the grade and status in Chinese, offers Chinese statuses in its
/// dropdown, and reads back: a department that picks 已制定措施 plans the action.
fn a_chinese_tracker_round_trips(reg: Reg) {
    use crate::harness::{isoaudit, root};
    let d = tempfile::tempdir().unwrap();
    let db = reg.db_with_password();
    let o = isoaudit()
        .arg("audit")
        .arg(root().join("samples/bureau"))
        .arg("-o")
        .arg(d.path().join("out"))
        .args(["--format", "json", "--today", "2026-03-21", "--register"])
        .arg(&db)
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let tracker = d.path().join("跟踪表.xlsx");
    let o = isoaudit()
        .args([
            "actions",
            "--lang",
            "zh",
            "--today",
            "2026-03-25",
            "export",
            "-o",
        ])
        .arg(&tracker)
        .arg("--register")
        .arg(&db)
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let book = read_book(&tracker);
    let sheet = &book[0].1;
    let (grade, status) = (col("grade"), col("status"));
    let first = sheet.rows().nth(1).unwrap();
    assert!(
        ["一般不符合", "严重不符合"].contains(&first[grade as usize].to_string().as_str()),
        "{:?}",
        first[grade as usize]
    );
    assert_eq!(first[status as usize].to_string(), "待处理");
    // The department plans the first action in Chinese.
    let mut edits = BTreeMap::new();
    let id_col = col("id") as usize;
    let id = first[id_col].to_string();
    for (c, v) in [
        ("owner", "刘洋"),
        ("correction", "停用"),
        ("root_cause", "无提醒"),
        ("corrective_action", "建台账"),
        ("status", "已制定措施"),
    ] {
        edits.insert((book[0].0.clone(), 1u32, col(c)), v.to_string());
    }
    let filled = d.path().join("filled.xlsx");
    rewrite(&tracker, &filled, &edits);
    let o = isoaudit()
        .args(["actions", "--lang", "zh", "--today", "2026-03-26", "import"])
        .arg(&filled)
        .arg("--register")
        .arg(&db)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert!(err.contains("已应用 1 行"), "{err}");
    let o = isoaudit()
        .args(["actions", "show", &id, "--json", "--register"])
        .arg(&db)
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["status"], "planned", "{v}");
    // Its history, as a Chinese reader sees it.
    let o = isoaudit()
        .args(["actions", "--lang", "zh", "show", &id, "--register"])
        .arg(&db)
        .output()
        .unwrap();
    let shown = String::from_utf8_lossy(&o.stdout);
    assert!(shown.contains("状态: 待处理 → 已制定措施"), "{shown}");
    assert!(shown.contains("原因分析: — → 无提醒"), "{shown}");
}

/// Each register test twice: on a SQLite file and on a PostgreSQL database.
macro_rules! on_both_backends {
    ($($name:ident),* $(,)?) => {
        mod on_sqlite {
            $(#[test]
            fn $name() {
                super::$name(super::Reg::sqlite())
            })*
        }
        mod on_postgres {
            $(#[test]
            fn $name() {
                if let Some(reg) = super::Reg::postgres(stringify!($name)) {
                    super::$name(reg)
                }
            })*
        }
    };
}

on_both_backends!(
    sync_twice_is_the_same_register_and_edits_survive_changed_wording,
    every_legal_and_illegal_transition,
    corrective_action_reports_as_word_forms,
    a_chinese_tracker_round_trips,
    export_edit_import_round_trip_with_conflict_and_errors,
    stats_on_a_register_with_known_dates,
    concurrent_updates_lose_nothing,
);
