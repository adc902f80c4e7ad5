//! The register under stress, through the real binary: processes killed with SIGKILL at random
//! points of `actions sync` and `actions import` (the register must hold exactly the state before
//! or after, never a mix), processes updating and importing concurrently (no lost update, no
//! "database is locked" reaching the user), a register from a newer isoaudit (refused, not a byte
//! changed), and values from files or the database that used to panic.
//!
//! The kill loops print what they did (`cargo test --test register_robustness -- --nocapture`).

use crate::harness::rewrite;
use isoaudit::model::{AuditInfo, AuditResult, Finding, Location, Outcome, RESULT_SCHEMA_VERSION};
use isoaudit::register::tracker::{COLUMNS, SHEET};
use rusqlite::Connection;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

pub(crate) const A: &str = "DGZJ-2026-IA01";
const BIN: &str = env!("CARGO_BIN_EXE_isoaudit");

/// A temp dir with `register.db` in it; every command runs there.
struct Reg {
    dir: tempfile::TempDir,
}

impl Reg {
    fn new() -> Reg {
        Reg {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    fn db(&self) -> PathBuf {
        self.path("register.db")
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// `isoaudit actions ARGS --today TODAY` as `user`, not yet started.
    fn cmd(&self, user: &str, today: &str, args: &[&str]) -> Command {
        let mut c = Command::new(BIN);
        c.current_dir(self.dir.path())
            .arg("actions")
            .args(args)
            .args(["--today", today])
            .env("ISOAUDIT_REGISTER", self.db())
            .env("USER", user)
            .env_remove("LANG")
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .stdin(Stdio::null());
        c
    }

    fn run(&self, today: &str, args: &[&str]) -> Output {
        self.cmd("王敏", today, args).output().unwrap()
    }

    /// Run, assert exit 0, return stdout.
    fn ok(&self, today: &str, args: &[&str]) -> String {
        let out = self.run(today, args);
        assert!(
            out.status.success(),
            "{args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    fn write_result(&self, name: &str, r: &AuditResult) -> String {
        std::fs::write(self.path(name), serde_json::to_vec_pretty(r).unwrap()).unwrap();
        name.to_string()
    }

    /// The register file and its WAL side files, removed.
    fn remove_db(&self) {
        for suffix in ["", "-wal", "-shm"] {
            let p = self.path(&format!("register.db{suffix}"));
            if p.exists() {
                std::fs::remove_file(p).unwrap();
            }
        }
    }

    /// Put back a register saved with `std::fs::read` after a clean run (no WAL left over).
    fn restore(&self, bytes: &[u8]) {
        self.remove_db();
        std::fs::write(self.db(), bytes).unwrap();
    }

    /// The register file after a clean run: asserts the WAL was checkpointed and removed, so
    /// the file alone is the whole register.
    fn saved(&self) -> Vec<u8> {
        assert!(!self.path("register.db-wal").exists(), "WAL left behind");
        std::fs::read(self.db()).unwrap()
    }
}

/// Every schema object and every row of every table, in a fixed order: the whole register.
fn dump(c: &Connection) -> String {
    let mut s = format!(
        "user_version {}\n",
        c.pragma_query_value(None, "user_version", |r| r.get::<_, i64>(0))
            .unwrap()
    );
    let mut objects: Vec<(String, String, Option<String>)> = c
        .prepare("SELECT type, name, sql FROM sqlite_schema ORDER BY type, name")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    objects.sort();
    for (kind, name, sql) in &objects {
        s.push_str(&format!(
            "{kind} {name}: {}\n",
            sql.as_deref().unwrap_or("")
        ));
        if kind != "table" {
            continue;
        }
        let mut st = c
            .prepare(&format!("SELECT * FROM \"{name}\" ORDER BY rowid"))
            .unwrap();
        let n = st.column_count();
        let rows = st
            .query_map([], |r| {
                (0..n)
                    .map(|i| Ok(format!("{:?}", r.get_ref(i)?)))
                    .collect::<rusqlite::Result<Vec<_>>>()
                    .map(|v| v.join("|"))
            })
            .unwrap();
        for r in rows {
            s.push_str(&format!("  {}\n", r.unwrap()));
        }
    }
    s
}

fn integrity(c: &Connection) -> String {
    c.prepare("PRAGMA integrity_check")
        .unwrap()
        .query_map([], |r| r.get::<_, String>(0))
        .unwrap()
        .collect::<Result<Vec<_>, _>>()
        .unwrap()
        .join("; ")
}

fn finding(office: &str, id: &str, clause: &str, grade: Outcome, text: &str) -> Finding {
    Finding {
        id: format!("{A}-{office}-{id}"),
        key: format!("k-{id}"),
        clause: clause.parse().unwrap(),
        clause_title_en: "Control of documented information".into(),
        clause_title_zh: "成文信息的控制".into(),
        grade,
        grade_defaulted: false,
        procedure: "LHZJ-QP-01 文件控制程序".into(),
        question: "受控文件是否为现行有效版本？".into(),
        evidence: format!("{id}: 抽查受理窗口，发现作废版本登记表仍在使用 {text}"),
        statement: format!("{id}: 未按文件控制程序收回作废文件 {text}"),
        department: "综合股".into(),
        auditor: "李强".into(),
        date: "2026-03-18".parse().ok(),
        source: Location {
            file: "内审检查表.xlsx".into(),
            sheet: Some("检查表".into()),
            cell: None,
            line: Some(12),
        },
    }
}

/// An audit of `office` with `n` nonconformities (every seventh major) and `obs` observations;
/// `text` goes into every statement and evidence, so a second version can change the wording.
pub(crate) fn audit(office: &str, n: usize, obs: usize, text: &str) -> AuditResult {
    let clauses = ["7.5.3", "8.5.1", "9.2", "7.2", "10.2", "8.2.1", "6.1"];
    let ncs = (1..=n)
        .map(|i| {
            let grade = if i % 7 == 0 {
                Outcome::Major
            } else {
                Outcome::Minor
            };
            finding(office, &format!("NC{i:03}"), clauses[i % 7], grade, text)
        })
        .collect();
    let obs = (1..=obs)
        .map(|i| {
            finding(
                office,
                &format!("OB{i:02}"),
                clauses[i % 7],
                Outcome::Observation,
                text,
            )
        })
        .collect();
    AuditResult {
        schema_version: RESULT_SCHEMA_VERSION,
        audit: AuditInfo {
            audit_id: A.into(),
            title: "2026年度内部审核".into(),
            office_code: office.into(),
            office_name: "临湖县局".into(),
            start_date: "2026-03-16".parse().ok(),
            end_date: "2026-03-20".parse().ok(),
            lead_auditor: "王敏".into(),
            ..AuditInfo::default()
        },
        nonconformities: ncs,
        observations: obs,
        ..AuditResult::default()
    }
}

fn col(key: &str) -> u16 {
    COLUMNS.iter().position(|c| c.0 == key).unwrap() as u16
}

/// One edit of the actions sheet.
pub(crate) fn edit(row: u32, key: &str, v: impl Into<String>) -> ((String, u32, u16), String) {
    ((SHEET.to_string(), row, col(key)), v.into())
}

/// How one killed run ended.
#[derive(Debug, Default)]
struct Tally {
    /// The process had already exited when its kill was due.
    finished: usize,
    /// Killed while it held the register's write lock (a probe could not take it).
    killed_in_write: usize,
    /// Killed at another point (starting, reading input, between steps).
    killed_elsewhere: usize,
    /// Register found in the state before / after the command.
    before: usize,
    after: usize,
}

/// Run `args` `iterations` times from the register `pristine`, killing it with SIGKILL after
/// delays spread evenly from 0 to 1.5 × its normal duration (past the end, so that runs also
/// complete when the machine is busier than during the reference run); after each, the
/// register must pass `PRAGMA integrity_check`, be exactly the state before or after, and open
/// in isoaudit.
fn kill_loop(reg: &Reg, pristine: &[u8], args: &[&str], iterations: u32, label: &str) -> Tally {
    let today = "2026-03-25";
    reg.restore(pristine);
    let before = dump(&Connection::open(reg.db()).unwrap());
    // The reference run, to completion: the state after, and how long the command takes.
    reg.restore(pristine);
    let t = Instant::now();
    let out = reg.cmd("王敏", today, args).output().unwrap();
    let normal = t.elapsed();
    assert!(
        out.status.success(),
        "{label}: reference run failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let after = dump(&Connection::open(reg.db()).unwrap());
    assert_ne!(
        before, after,
        "{label}: the command must change the register"
    );

    let mut tally = Tally::default();
    let started = Instant::now();
    for i in 0..iterations {
        reg.restore(pristine);
        let delay = normal.mul_f64(1.5 * f64::from(i) / f64::from(iterations - 1));
        let mut child = reg
            .cmd("王敏", today, args)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(delay);
        if child.try_wait().unwrap().is_some() {
            tally.finished += 1;
        } else {
            // Is the command inside its write transaction right now? Then this probe cannot
            // take the write lock. It lets go at once, and the kill follows.
            let probe = Connection::open(reg.db()).unwrap();
            probe.busy_timeout(Duration::ZERO).unwrap();
            let in_write = match probe.execute_batch("BEGIN IMMEDIATE") {
                Ok(()) => {
                    probe.execute_batch("ROLLBACK").unwrap();
                    false
                }
                Err(e) if e.sqlite_error_code() == Some(rusqlite::ErrorCode::DatabaseBusy) => true,
                Err(e) => panic!("{label}: probe: {e}"),
            };
            child.kill().unwrap();
            drop(probe);
            if in_write {
                tally.killed_in_write += 1;
            } else {
                tally.killed_elsewhere += 1;
            }
        }
        child.wait().unwrap();

        let c = Connection::open(reg.db()).unwrap();
        assert_eq!(
            integrity(&c),
            "ok",
            "{label}: iteration {i}, delay {delay:?}"
        );
        let now = dump(&c);
        drop(c);
        if now == before {
            tally.before += 1;
        } else if now == after {
            tally.after += 1;
        } else {
            panic!(
                "{label}: iteration {i}, delay {delay:?}: the register is neither the state before nor after"
            );
        }
        // And isoaudit itself opens it.
        let out = reg.run(today, &["stats", "--json"]);
        assert!(
            out.status.success(),
            "{label}: iteration {i}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    eprintln!(
        "{label}: {iterations} runs in {:.1?} (normal duration {normal:.1?}): {} finished before the kill, {} killed holding the write lock, {} killed elsewhere; register found as before {} times, as after {} times",
        started.elapsed(),
        tally.finished,
        tally.killed_in_write,
        tally.killed_elsewhere,
        tally.before,
        tally.after
    );
    // Some kills must land inside the write transaction, or the loop proves little. (How many
    // runs complete depends on the machine's load, so that is printed, not asserted.)
    assert!(tally.before > 0, "{label}: {tally:?}");
    assert!(tally.killed_in_write > 0, "{label}: {tally:?}");
    tally
}

#[test]
fn sync_killed_at_random_points_leaves_the_state_before_or_after() {
    let reg = Reg::new();
    // Before: an earlier audit of hq, with some work done on it.
    let hq = reg.write_result("hq.json", &audit("hq", 20, 0, "v1"));
    reg.ok("2026-03-21", &["sync", &hq]);
    reg.ok(
        "2026-03-22",
        &[
            "update",
            "hq-NC001",
            "--owner",
            "张伟",
            "--correction",
            "已收回",
        ],
    );
    let pristine = reg.saved();
    // The command: the hq audit re-issued with new wording, and 300 findings of linhu.
    let hq2 = reg.write_result("hq2.json", &audit("hq", 25, 0, "v2"));
    let linhu = reg.write_result("linhu.json", &audit("linhu", 300, 20, "v1"));
    kill_loop(
        &reg,
        &pristine,
        &["sync", &hq2, &linhu, "--observation", "90"],
        40,
        "sync",
    );
}

#[test]
fn import_killed_at_random_points_leaves_the_state_before_or_after() {
    let reg = Reg::new();
    let linhu = reg.write_result("linhu.json", &audit("linhu", 300, 0, "v1"));
    reg.ok("2026-03-21", &["sync", &linhu]);
    reg.ok("2026-03-22", &["export", "-o", "tracker.xlsx"]);
    // Every row edited: the plan written (→ planned), every other row also implemented.
    let mut edits = BTreeMap::new();
    for r in 1..=300u32 {
        edits.extend([
            edit(r, "owner", format!("负责人{r}")),
            edit(r, "correction", format!("第{r}项：已收回作废文件")),
            edit(r, "root_cause", "发放回收台账未逐项核对"),
            edit(r, "corrective_action", "修订文件控制程序，增加回收核对步骤"),
        ]);
        if r % 2 == 0 {
            edits.extend([
                edit(r, "status", "implemented"),
                edit(r, "implementation_note", "已培训窗口人员"),
            ]);
        }
    }
    rewrite(&reg.path("tracker.xlsx"), &reg.path("edited.xlsx"), &edits);
    let pristine = reg.saved();
    kill_loop(&reg, &pristine, &["import", "edited.xlsx"], 30, "import");
}

/// One worker's command, as run, with what it printed.
struct Ran {
    worker: usize,
    args: Vec<String>,
    out: Output,
}

/// `workers` processes at once, each running in turn: `update` of its own three actions
/// (writing the plan), `import` of its own tracker (three of its own rows implemented, plus one
/// row of the next worker's first action, which races with that worker's `update`: applied if
/// it comes first, else a reported conflict), and `implement` of its three updated actions.
fn concurrent_round(workers: usize) {
    let reg = Reg::new();
    let f = reg.write_result("linhu.json", &audit("linhu", workers * 6, 0, "v1"));
    reg.ok("2026-03-21", &["sync", &f]);
    reg.ok("2026-03-22", &["export", "-o", "tracker.xlsx"]);
    let id = |i: usize| format!("{A}-linhu-NC{i:03}");
    // Worker k updates NC(6k+1..=6k+3), imports NC(6k+4..=6k+6); its contested row is the
    // first action the next worker updates. Tracker rows follow the ids (row i is NC i).
    let updated = |k: usize| (6 * k + 1..=6 * k + 3).collect::<Vec<_>>();
    let imported = |k: usize| (6 * k + 4..=6 * k + 6).collect::<Vec<_>>();
    let contested = |k: usize| 6 * ((k + 1) % workers) + 1;
    for k in 0..workers {
        let mut edits = BTreeMap::new();
        for i in imported(k) {
            let r = i as u32;
            edits.extend([
                edit(r, "owner", format!("导入{k}-{i}")),
                edit(r, "correction", format!("纠正{i}")),
                edit(r, "root_cause", format!("原因{i}")),
                edit(r, "corrective_action", format!("措施{i}")),
                edit(r, "status", "implemented"),
                edit(r, "implementation_note", format!("实施{i}")),
            ]);
        }
        edits.extend([edit(contested(k) as u32, "owner", format!("争用{k}"))]);
        rewrite(
            &reg.path("tracker.xlsx"),
            &reg.path(&format!("edited{k}.xlsx")),
            &edits,
        );
    }

    let ran: Vec<Ran> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..workers)
            .map(|k| {
                let reg = &reg;
                s.spawn(move || {
                    let u = updated(k);
                    let mut steps: Vec<Vec<String>> = Vec::new();
                    let update = |i: usize| -> Vec<String> {
                        [
                            "update",
                            &id(i),
                            "--owner",
                            &format!("责任人{k}"),
                            "--correction",
                            &format!("纠正{i}"),
                            "--root-cause",
                            &format!("原因{i}"),
                            "--action",
                            &format!("措施{i}"),
                        ]
                        .map(String::from)
                        .to_vec()
                    };
                    // Even workers import first, odd ones update first: each import races
                    // with the next worker's first update, so both outcomes can happen.
                    let import = vec!["import".into(), format!("edited{k}.xlsx")];
                    if k % 2 == 0 {
                        steps.push(import);
                        steps.push(update(u[0]));
                    } else {
                        steps.push(update(u[0]));
                        steps.push(import);
                    }
                    steps.push(update(u[1]));
                    steps.push(update(u[2]));
                    for i in &u {
                        steps.push(vec!["implement".into(), id(*i)]);
                    }
                    steps
                        .into_iter()
                        .map(|args| {
                            let a: Vec<&str> = args.iter().map(String::as_str).collect();
                            let out = reg
                                .cmd(&format!("user{k}"), "2026-03-25", &a)
                                .output()
                                .unwrap();
                            Ran {
                                worker: k,
                                args,
                                out,
                            }
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap())
            .collect()
    });

    // Every process: no lock error, no panic; updates succeed; an import applies its rows and
    // either applies the contested row or reports it as a conflict, nothing else.
    let mut contested_applied = vec![false; workers];
    for r in &ran {
        let err = String::from_utf8_lossy(&r.out.stderr);
        let out = String::from_utf8_lossy(&r.out.stdout);
        let what = format!(
            "worker {} {:?}: {:?}\n{err}",
            r.worker, r.args, r.out.status
        );
        let lower = err.to_lowercase();
        assert!(
            !lower.contains("locked") && !lower.contains("busy") && !lower.contains("panicked"),
            "{what}"
        );
        if r.args[0] != "import" {
            assert!(r.out.status.success(), "{what}");
            continue;
        }
        let k = r.worker;
        let applied: Vec<&str> = out
            .lines()
            .filter_map(|l| l.strip_prefix("applied "))
            .filter_map(|l| l.split(':').next())
            .collect();
        let mut want: Vec<String> = imported(k).into_iter().map(id).collect();
        let c = id(contested(k));
        match r.out.status.code() {
            Some(0) => {
                want.push(c.clone());
                contested_applied[k] = true;
            }
            Some(2) => {
                let errors: Vec<&str> = err.lines().filter(|l| l.starts_with("error:")).collect();
                assert_eq!(errors.len(), 1, "{what}");
                assert!(
                    errors[0].contains(&c)
                        && errors[0].contains("changed in the register since the export"),
                    "{what}"
                );
            }
            _ => panic!("{what}"),
        }
        want.sort();
        let mut got: Vec<String> = applied.iter().map(|s| s.to_string()).collect();
        got.sort();
        assert_eq!(got, want, "{what}\n{out}");
    }

    // The final state and the history hold every change.
    let c = Connection::open(reg.db()).unwrap();
    let action = |i: usize| -> (String, String, String, u32) {
        c.query_row(
            "SELECT status, owner, correction, revision FROM actions WHERE id = ?1",
            [id(i)],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .unwrap()
    };
    let events = |i: usize| -> Vec<(String, String, Option<String>, String)> {
        c.prepare("SELECT by, field, new, note FROM events WHERE action_id = ?1 ORDER BY seq")
            .unwrap()
            .query_map([id(i)], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
            })
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    };
    let has =
        |ev: &[(String, String, Option<String>, String)], by: &str, field: &str, new: &str| {
            ev.iter()
                .any(|e| e.0 == by && e.1 == field && e.2.as_deref() == Some(new))
        };
    for k in 0..workers {
        let user = format!("user{k}");
        for i in updated(k) {
            // The worker whose import races for this action, if any.
            let raced = (0..workers).find(|j| contested(*j) == i);
            let extra = u32::from(raced.is_some_and(|j| contested_applied[j]));
            let (status, owner, correction, revision) = action(i);
            assert_eq!(
                (status.as_str(), owner.as_str(), revision),
                ("implemented", format!("责任人{k}").as_str(), 3 + extra),
                "{}",
                id(i)
            );
            assert_eq!(correction, format!("纠正{i}"));
            let ev = events(i);
            for (field, new) in [
                ("owner", format!("责任人{k}")),
                ("correction", format!("纠正{i}")),
                ("root_cause", format!("原因{i}")),
                ("corrective_action", format!("措施{i}")),
                ("status", "planned".into()),
                ("status", "implemented".into()),
            ] {
                assert!(has(&ev, &user, field, &new), "{}: {field}: {ev:?}", id(i));
            }
            if let Some(j) = raced {
                assert_eq!(
                    has(&ev, &format!("user{j}"), "owner", &format!("争用{j}")),
                    contested_applied[j],
                    "{}: {ev:?}",
                    id(i)
                );
            }
        }
        for i in imported(k) {
            let (status, owner, correction, revision) = action(i);
            assert_eq!(
                (status.as_str(), owner, correction, revision),
                ("implemented", format!("导入{k}-{i}"), format!("纠正{i}"), 2),
                "{}",
                id(i)
            );
            let ev = events(i);
            for (field, new) in [
                ("owner", format!("导入{k}-{i}")),
                ("root_cause", format!("原因{i}")),
                ("status", "implemented".into()),
                ("implementation_note", format!("实施{i}")),
            ] {
                assert!(has(&ev, &user, field, &new), "{}: {field}: {ev:?}", id(i));
            }
            assert!(
                ev.iter().filter(|e| e.0 == user).all(|e| e
                    .3
                    .starts_with(&format!("imported from edited{k}.xlsx row "))),
                "{ev:?}"
            );
        }
    }
    eprintln!(
        "{workers} workers: {} processes, contested rows applied {:?}",
        ran.len(),
        contested_applied
    );
}

#[test]
fn two_processes_updating_and_importing_lose_nothing() {
    // Several rounds, each from a fresh register, for more interleavings.
    for _ in 0..5 {
        concurrent_round(2);
    }
}

#[test]
fn four_processes_updating_and_importing_lose_nothing() {
    // Several rounds, each from a fresh register, for more interleavings.
    for _ in 0..5 {
        concurrent_round(4);
    }
}

#[test]
fn a_register_from_a_newer_isoaudit_is_refused_and_left_byte_for_byte() {
    let reg = Reg::new();
    let f = reg.write_result("linhu.json", &audit("linhu", 3, 0, "v1"));
    reg.ok("2026-03-21", &["sync", &f]);
    reg.ok("2026-03-22", &["export", "-o", "tracker.xlsx"]);
    let newer = isoaudit::register::sqlite::MIGRATIONS.len() as i64 + 1;
    Connection::open(reg.db())
        .unwrap()
        .pragma_update(None, "user_version", newer)
        .unwrap();
    let bytes = reg.saved();
    let message = format!(
        "register schema version {newer} is newer than this isoaudit understands ({}); the file was left untouched",
        newer - 1
    );
    let commands: &[&[&str]] = &[
        &["list"],
        &["list", "--json"],
        &["stats"],
        &["stats", "--json"],
        &["show", "NC001"],
        &["export", "-o", "new.xlsx"],
        &["sync", &f],
        &["policy", "--major", "20"],
        &["update", "NC001", "--owner", "张伟"],
        &["implement", "NC001"],
        &["cancel", "NC001", "--reason", "误报"],
        &["import", "tracker.xlsx"],
        &["import", "tracker.xlsx", "--dry-run"],
    ];
    for args in commands {
        let out = reg.run("2026-03-25", args);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains(&message), "{args:?}: {err}");
        assert!(
            err.contains("hint: use the isoaudit version that last wrote this register"),
            "{args:?}: {err}"
        );
        assert!(out.stdout.is_empty(), "{args:?}");
        assert_eq!(std::fs::read(reg.db()).unwrap(), bytes, "{args:?}");
    }
    assert!(!reg.path("new.xlsx").exists());
    let names: Vec<String> = std::fs::read_dir(reg.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(!names.iter().any(|n| n.ends_with(".bak")), "{names:?}");

    // A schema version no isoaudit writes (negative) is not a register; it once panicked.
    reg.remove_db();
    Connection::open(reg.db())
        .unwrap()
        .pragma_update(None, "user_version", -1)
        .unwrap();
    let bytes = std::fs::read(reg.db()).unwrap();
    for args in [&["list"][..], &["sync", &f]] {
        let out = reg.run("2026-03-25", args);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(
            err.contains("not an isoaudit register (schema version -1)"),
            "{args:?}: {err}"
        );
        assert_eq!(std::fs::read(reg.db()).unwrap(), bytes, "{args:?}");
    }
}

#[test]
fn due_dates_at_the_end_of_the_calendar_still_read_back() {
    let reg = Reg::new();
    let f = reg.write_result("linhu.json", &audit("linhu", 3, 0, "v1"));
    // Four billion days once overflowed the date arithmetic (a panic).
    let out = reg.run("2026-03-21", &["sync", &f, "--major", "4000000000"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("--major 4000000000: more than 3650 days"),
        "{err}"
    );
    assert!(!reg.db().exists(), "a refused argument creates nothing");

    reg.ok("2026-03-21", &["sync", &f]);
    // An ineffective verification near 9999 once stored a five-digit year, after which every
    // list, stats and export failed to read the register.
    let today = "9999-12-01";
    reg.ok(
        today,
        &[
            "update",
            "NC001",
            "--correction",
            "c",
            "--root-cause",
            "r",
            "--action",
            "a",
        ],
    );
    reg.ok(today, &["implement", "NC001"]);
    reg.ok(
        "9999-12-20",
        &["verify", "NC001", "--ineffective", "--method", "抽查"],
    );
    let v: serde_json::Value =
        serde_json::from_str(&reg.ok("9999-12-21", &["show", "NC001", "--json"])).unwrap();
    assert_eq!(v["due"], "9999-12-31");
    assert_eq!(v["status"], "open");

    // A policy written into the file by hand, far beyond the limit: clamped, not a panic.
    Connection::open(reg.db())
        .unwrap()
        .execute(
            "INSERT INTO settings (key, value) VALUES ('policy.minor_days', '4000000000')",
            [],
        )
        .unwrap();
    let g = reg.write_result("hq.json", &audit("hq", 1, 0, "v1"));
    reg.ok("2026-03-21", &["sync", &g]);
    let v: serde_json::Value =
        serde_json::from_str(&reg.ok("2026-03-22", &["show", "hq-NC001", "--json"])).unwrap();
    assert_eq!(v["due"], "9999-12-31");
    let list = reg.ok("2026-03-22", &["list", "--json"]);
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&list)
            .unwrap()
            .as_array()
            .unwrap()
            .len(),
        4
    );
}

#[test]
fn counters_at_their_limit_in_the_database_do_not_panic() {
    let reg = Reg::new();
    let f = reg.write_result("linhu.json", &audit("linhu", 3, 0, "v1"));
    reg.ok("2026-03-21", &["sync", &f]);
    let c = Connection::open(reg.db()).unwrap();
    c.execute(
        "UPDATE actions SET revision = 4294967295 WHERE id LIKE '%NC001'",
        [],
    )
    .unwrap();
    c.execute(
        "UPDATE actions SET ineffective_count = 4294967295 WHERE id NOT LIKE '%NC001'",
        [],
    )
    .unwrap();
    drop(c);
    let before = reg.saved();
    let out = reg.run("2026-03-22", &["update", "NC001", "--owner", "张伟"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("revision 4294967295 cannot be increased"),
        "{err}"
    );
    assert_eq!(std::fs::read(reg.db()).unwrap(), before);
    let s: serde_json::Value =
        serde_json::from_str(&reg.ok("2026-03-22", &["stats", "--json"])).unwrap();
    assert_eq!(s["overall"]["verifications"], 4294967295u64);
    assert_eq!(s["overall"]["open"], 3);
}
