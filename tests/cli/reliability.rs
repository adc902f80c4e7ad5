//! Nothing the user owns is destroyed, and no silent drop (issue 21): outputs owned by their
//! run, never over an input or a non-regular file, the register left alone when it is not
//! one, read-only registers readable, stale temp files cleaned, the same exit code for the
//! same problem whichever command meets it.

use assert_cmd::Command;
use std::path::{Path, PathBuf};

fn bin(dir: &Path) -> Command {
    let mut c = Command::cargo_bin("isoaudit").unwrap();
    c.current_dir(dir)
        .env_remove("ISOAUDIT_REGISTER")
        .env_remove("LANG")
        .env_remove("LC_ALL");
    c
}

fn samples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/bureau")
}

fn stderr(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A register with the anhe sample's actions in it, at `dir/reg.db`.
fn register(dir: &Path) -> PathBuf {
    let cl = samples().join("offices/anhe/checklists/安河区局内审检查表.csv");
    bin(dir)
        .args(["--quiet", "report"])
        .arg(&cl)
        .args(["--office", "anhe", "--format", "json", "-o", "out"])
        .assert()
        .success();
    bin(dir)
        .args([
            "--quiet",
            "actions",
            "sync",
            "out/result.json",
            "--register",
            "reg.db",
        ])
        .args(["--today", "2026-03-25"])
        .assert()
        .success();
    dir.join("reg.db")
}

#[test]
fn two_audits_into_one_folder_at_once_never_both_succeed() {
    let tmp = tempfile::tempdir().unwrap();
    for round in 0..3 {
        let out = tmp.path().join(format!("out{round}"));
        let spawn = || {
            std::process::Command::new(assert_cmd::cargo::cargo_bin!("isoaudit"))
                .args(["--quiet", "--lang", "en", "audit"])
                .arg(samples())
                .arg("-o")
                .arg(&out)
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        };
        let (a, b) = (spawn(), spawn());
        let (a, b) = (a.wait_with_output().unwrap(), b.wait_with_output().unwrap());
        let ok = [&a, &b].iter().filter(|o| o.status.success()).count();
        assert_eq!(ok, 1, "round {round}: {}\n{}", stderr(&a), stderr(&b));
        let loser = if a.status.success() { &b } else { &a };
        assert_eq!(loser.status.code(), Some(2));
        let e = stderr(loser);
        assert!(
            e.contains("another isoaudit run is writing into this folder")
                || e.contains("already exists"),
            "{e}"
        );
        // The winner's set is whole: every office's three files, no temp file left.
        for code in ["hq", "linhu", "anhe"] {
            for f in ["nc-report.xlsx", "report.md", "result.json"] {
                assert!(out.join(code).join(f).is_file());
            }
            let temps = std::fs::read_dir(out.join(code))
                .unwrap()
                .filter(|e| {
                    e.as_ref()
                        .unwrap()
                        .file_name()
                        .to_string_lossy()
                        .ends_with(".tmp")
                })
                .count();
            assert_eq!(temps, 0);
        }
    }
}

/// The refusal names what the output would have overwritten in the reader's language: the
/// register, the indicators file, a device.
#[test]
fn refusals_name_the_input_in_chinese() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    register(dir);
    let zh = |args: &[&str]| {
        let o = bin(dir)
            .arg("--lang")
            .arg("zh")
            .args(args)
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        stderr(&o)
    };
    let e = zh(&["actions", "export", "-o", "reg.db", "--register", "reg.db"]);
    assert!(
        e.contains("reg.db：是本命令读取的登记册，不会被覆盖"),
        "{e}"
    );
    std::fs::create_dir(dir.join("rev")).unwrap();
    std::fs::write(dir.join("rev/review.md"), "指标,期间,数值,目标值\n").unwrap();
    let e = zh(&[
        "review",
        "--register",
        "reg.db",
        "--indicators",
        "rev/review.md",
        "--from",
        "2026-01-01",
        "--to",
        "2026-12-31",
        "-o",
        "rev",
    ]);
    assert!(e.contains("是本命令读取的指标文件"), "{e}");
    #[cfg(unix)]
    {
        let e = zh(&[
            "actions",
            "export",
            "-o",
            "/dev/null",
            "--force",
            "--register",
            "reg.db",
        ]);
        assert!(e.contains("/dev/null：是设备文件，不是普通文件"), "{e}");
    }
}

#[test]
fn export_over_the_register_or_a_device_or_to_stdout_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let db = register(dir);
    let before = std::fs::read(&db).unwrap();
    for target in ["reg.db", "./reg.db", "reg.db-wal"] {
        let o = bin(dir)
            .args([
                "actions",
                "export",
                "-o",
                target,
                "--force",
                "--register",
                "reg.db",
            ])
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(2), "{target}");
        assert!(
            stderr(&o).contains("is the register this command reads"),
            "{}",
            stderr(&o)
        );
    }
    assert_eq!(std::fs::read(&db).unwrap(), before);
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let o = bin(dir)
            .args([
                "actions",
                "export",
                "-o",
                "/dev/null",
                "--force",
                "--register",
                "reg.db",
            ])
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(2));
        assert!(
            stderr(&o).contains("is a device, not a regular file"),
            "{}",
            stderr(&o)
        );
        let m = std::fs::symlink_metadata("/dev/null").unwrap();
        assert!(m.file_type().is_char_device());
        // A symlink is not followed nor replaced.
        std::fs::write(dir.join("mine.txt"), b"mine").unwrap();
        std::os::unix::fs::symlink(dir.join("mine.txt"), dir.join("link.xlsx")).unwrap();
        let o = bin(dir)
            .args([
                "actions",
                "export",
                "-o",
                "link.xlsx",
                "--force",
                "--register",
                "reg.db",
            ])
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(2));
        assert!(stderr(&o).contains("symbolic link"), "{}", stderr(&o));
        assert_eq!(std::fs::read(dir.join("mine.txt")).unwrap(), b"mine");
    }
    let o = bin(dir)
        .args(["actions", "export", "-o", "-", "--register", "reg.db"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("cannot be written to stdout"),
        "{}",
        stderr(&o)
    );
    assert!(o.stdout.is_empty());
}

#[test]
fn a_foreign_sqlite_file_is_refused_before_anything_changes_it() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let p = dir.join("other.db");
    rusqlite::Connection::open(&p)
        .unwrap()
        .execute_batch("CREATE TABLE notes (x TEXT); INSERT INTO notes VALUES ('keep');")
        .unwrap();
    let before = std::fs::read(&p).unwrap();
    // Header bytes 18-19 are 1, 1 (rollback journal); WAL would make them 2, 2.
    assert_eq!(&before[18..20], &[1, 1]);
    let r = samples().join("offices/anhe/checklists/安河区局内审检查表.csv");
    bin(dir)
        .args(["--quiet", "report"])
        .arg(&r)
        .args(["--office", "anhe", "--format", "json", "-o", "out"])
        .assert()
        .success();
    for args in [
        vec!["actions", "sync", "out/result.json"],
        vec!["actions", "list"],
        vec!["actions", "stats"],
        vec!["actions", "policy", "--major", "20"],
    ] {
        let o = bin(dir)
            .args(&args)
            .args(["--register", "other.db"])
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(
            stderr(&o).contains("not an isoaudit register"),
            "{}",
            stderr(&o)
        );
        assert_eq!(std::fs::read(&p).unwrap(), before, "{args:?}");
    }
    assert!(!dir.join("other.db-wal").exists());
}

/// `chattr +i` on a path until dropped: nothing, root included, may write it.
struct Immutable(Vec<PathBuf>);

impl Immutable {
    fn set(paths: &[&Path]) -> Option<Immutable> {
        let mut done = Immutable(Vec::new());
        for p in paths {
            let ok = std::process::Command::new("chattr")
                .arg("+i")
                .arg(p)
                .stderr(std::process::Stdio::null())
                .status()
                .is_ok_and(|s| s.success());
            if !ok {
                return None;
            }
            done.0.push(p.to_path_buf());
        }
        Some(done)
    }
}

impl Drop for Immutable {
    fn drop(&mut self) {
        for p in &self.0 {
            let _ = std::process::Command::new("chattr")
                .arg("-i")
                .arg(p)
                .status();
        }
    }
}

#[test]
fn read_only_commands_work_on_a_register_nobody_may_write() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("media");
    std::fs::create_dir(&dir).unwrap();
    let db = register(&dir);
    // Close the WAL as a clean shutdown leaves it: the -wal and -shm files gone.
    let id = {
        let c = rusqlite::Connection::open(&db).unwrap();
        c.pragma_update(None, "journal_mode", "DELETE").unwrap();
        c.query_row("SELECT id FROM actions ORDER BY id LIMIT 1", [], |r| {
            r.get::<_, String>(0)
        })
        .unwrap()
    };
    let c = rusqlite::Connection::open(&db).unwrap();
    c.pragma_update(None, "journal_mode", "WAL").unwrap();
    drop(c);
    let _ = std::fs::remove_file(dir.join("out/result.json"));
    let before = std::fs::read(&db).unwrap();
    let out = tempfile::tempdir().unwrap();
    let tracker = out.path().join("tracker.xlsx");
    let Some(_guard) = Immutable::set(&[&db, &dir]) else {
        eprintln!("skipped: chattr +i is not available here");
        return;
    };
    assert!(
        std::fs::write(dir.join("probe"), b"x").is_err(),
        "the folder is read-only"
    );
    let reg = db.to_str().unwrap();
    for args in [
        vec!["actions", "list"],
        vec!["actions", "show", id.as_str()],
        vec!["actions", "stats", "--json"],
        vec!["actions", "export", "-o", tracker.to_str().unwrap()],
    ] {
        let o = bin(out.path())
            .args(&args)
            .args(["--register", reg, "--today", "2026-03-25"])
            .output()
            .unwrap();
        assert!(o.status.success(), "{args:?}: {}", stderr(&o));
    }
    assert!(tracker.is_file());
    // A command that writes says why it cannot.
    let o = bin(out.path())
        .args([
            "actions",
            "update",
            id.as_str(),
            "--owner",
            "x",
            "--register",
            reg,
        ])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    drop(_guard);
    assert_eq!(std::fs::read(&db).unwrap(), before);
}

#[test]
fn temp_files_a_killed_run_left_are_cleaned_by_the_next_run() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let out = dir.join("out");
    std::fs::create_dir(&out).unwrap();
    let stale = out.join(".isoaudit-Xk3j9a.tmp");
    std::fs::write(&stale, b"half a report").unwrap();
    let hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    std::fs::File::options()
        .write(true)
        .open(&stale)
        .unwrap()
        .set_modified(hour_ago)
        .unwrap();
    let cl = samples().join("offices/anhe/checklists/安河区局内审检查表.csv");
    bin(dir)
        .args(["--quiet", "report"])
        .arg(&cl)
        .args(["--office", "anhe", "--format", "md", "-o", "out"])
        .assert()
        .success();
    assert!(!stale.exists());
    assert!(out.join("report.md").is_file());
}

/// A plan of one office whose checklist and plan carry no date, with a register.
fn undated_plan(dir: &Path) {
    std::fs::create_dir_all(dir.join("procs")).unwrap();
    std::fs::write(dir.join("procs/QP-01 文件控制程序.txt"), "文件控制程序\n").unwrap();
    std::fs::create_dir_all(dir.join("cl")).unwrap();
    std::fs::write(
        dir.join("cl/检查表.csv"),
        "条款号,审核项目,审核发现,结论,不符合事实\n7.5.3,文件是否受控？,作废版本仍在使用。,一般不符合,未收回作废文件。\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("plan.toml"),
        "[audit]\nid = \"IA-X\"\nscope = \"4-10\"\n\n[[office]]\ncode = \"x\"\nname = \"X\"\nprocedures = \"procs\"\nchecklists = [\"cl\"]\n\n[register]\npath = \"reg.db\"\n",
    )
    .unwrap();
}

#[test]
fn no_audit_date_is_the_same_error_for_audit_and_sync_and_report_warns() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    undated_plan(dir);
    let o = bin(dir)
        .args(["--quiet", "audit", "plan.toml", "-o", "out"])
        .output()
        .unwrap();
    let e = stderr(&o);
    assert!(e.contains("no date to count the due date from"), "{e}");
    assert!(
        e.contains("no audit date: 1 finding(s) have no date"),
        "{e}"
    );
    let via_audit = o.status.code();

    let o = bin(dir)
        .args([
            "--quiet",
            "report",
            "cl/检查表.csv",
            "--audit-id",
            "IA-X",
            "--office",
            "x",
        ])
        .args(["--format", "json", "-o", "rep"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("warning: (audit): no audit date"),
        "{}",
        stderr(&o)
    );
    let o = bin(dir)
        .args([
            "--quiet",
            "actions",
            "sync",
            "rep/result.json",
            "--register",
            "r2.db",
        ])
        .output()
        .unwrap();
    assert!(stderr(&o).contains("no date to count the due date from"));
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(via_audit, Some(2), "audit exits as sync does");
}

#[test]
fn dash_means_stdout_where_the_format_streams_else_an_error() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let procs = samples().join("offices/anhe/procedures");
    for format in ["md", "json", "table"] {
        let o = bin(dir)
            .args(["--quiet", "map"])
            .arg(&procs)
            .args(["--format", format, "-o", "-"])
            .output()
            .unwrap();
        assert!(o.status.success(), "{format}: {}", stderr(&o));
        assert!(!o.stdout.is_empty(), "{format}");
        assert!(!dir.join("-").exists(), "{format}: no file named -");
    }
    let o = bin(dir)
        .args(["--quiet", "map"])
        .arg(&procs)
        .args(["--format", "xlsx", "-o", "-"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("cannot be written to stdout"),
        "{}",
        stderr(&o)
    );
    assert!(!dir.join("-").exists());
    // A folder of reports cannot go to stdout either.
    let cl = samples().join("offices/anhe/checklists/安河区局内审检查表.csv");
    let o = bin(dir)
        .args(["report"])
        .arg(&cl)
        .args(["--office", "anhe", "-o", "-"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("a folder of reports cannot be written to stdout"),
        "{}",
        stderr(&o)
    );
    let o = bin(dir)
        .arg("audit")
        .arg(samples())
        .args(["-o", "-"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(!dir.join("-").exists());
}

/// What a rewrite of the tracker puts in one cell.
enum Cell {
    Text(&'static str),
    /// A formula with no saved value (as written by a program that does not calculate).
    Formula(&'static str),
    Date(u16, u8, u8),
}

/// Rewrite a tracker as another program would: every sheet's values, with `edits` applied on
/// the actions sheet, and rows in `drop_rows` left out (0-based).
fn rewrite_tracker(src: &Path, out: &Path, edits: &[(u32, u16, Cell)], drop_rows: &[u32]) {
    use calamine::{Data, Reader};
    let mut book = calamine::open_workbook_auto(src).unwrap();
    let mut wb = rust_xlsxwriter::Workbook::new();
    let date = rust_xlsxwriter::Format::new().set_num_format("yyyy-mm-dd");
    for (name, range) in book.worksheets() {
        let actions = name == "纠正措施 Actions";
        let ws = wb.add_worksheet().set_name(&name).unwrap();
        ws.set_formula_result_default("");
        let mut out_row = 0u32;
        for (r, row) in range.rows().enumerate() {
            let r = r as u32;
            if actions && drop_rows.contains(&r) {
                continue;
            }
            for (c, v) in row.iter().enumerate() {
                let c = c as u16;
                match v {
                    Data::String(s) => {
                        ws.write_string(out_row, c, s).unwrap();
                    }
                    Data::Float(f) => {
                        ws.write_number(out_row, c, *f).unwrap();
                    }
                    Data::Int(i) => {
                        ws.write_number(out_row, c, *i as f64).unwrap();
                    }
                    _ => {}
                }
                if actions && let Some((_, _, e)) = edits.iter().find(|e| e.0 == r && e.1 == c) {
                    match e {
                        Cell::Text(t) => {
                            ws.write_string(out_row, c, *t).unwrap();
                        }
                        Cell::Formula(f) => {
                            ws.write_formula(out_row, c, *f).unwrap();
                        }
                        Cell::Date(y, m, d) => {
                            let dt = rust_xlsxwriter::ExcelDateTime::from_ymd(*y, *m, *d).unwrap();
                            ws.write_datetime_with_format(out_row, c, &dt, &date)
                                .unwrap();
                        }
                    }
                }
            }
            out_row += 1;
        }
    }
    wb.save(out).unwrap();
}

fn column(name: &str) -> u16 {
    [
        "编号 ID",
        "版本 Revision",
        "单位 Office",
        "条款 Clause",
        "等级 Grade",
        "部门 Department",
        "不符合描述 Nonconformity",
        "提出日期 Raised",
        "完成期限 Due",
        "逾期天数 Days overdue",
        "责任人 Owner",
        "纠正 Correction",
        "原因分析 Root cause",
        "纠正措施 Corrective action",
        "状态 Status",
        "实施情况 Implementation",
    ]
    .iter()
    .position(|h| *h == name)
    .unwrap() as u16
}

#[test]
fn tracker_formulas_tampered_ids_deleted_rows_and_dates_are_never_applied_silently() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    register(dir);
    let show = |id: &str| -> serde_json::Value {
        let o = bin(dir)
            .args(["actions", "show", id, "--json", "--register", "reg.db"])
            .output()
            .unwrap();
        serde_json::from_slice(&o.stdout).unwrap()
    };
    // Three open actions, rows 1..=3 of the tracker. Each gets an owner first.
    let ids: Vec<String> = {
        let o = bin(dir)
            .args(["actions", "list", "--json", "--register", "reg.db"])
            .output()
            .unwrap();
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        v.as_array()
            .unwrap()
            .iter()
            .map(|r| r["id"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(ids.len(), 3);
    for id in &ids {
        bin(dir)
            .args([
                "actions",
                "update",
                id,
                "--owner",
                "原负责人",
                "--register",
                "reg.db",
            ])
            .args(["--today", "2026-03-26"])
            .assert()
            .success();
    }
    bin(dir)
        .args(["actions", "export", "-o", "t.xlsx", "--register", "reg.db"])
        .args(["--today", "2026-03-27"])
        .assert()
        .success();
    let owner = column("责任人 Owner");
    let note = column("实施情况 Implementation");
    let id_col = column("编号 ID");
    rewrite_tracker(
        &dir.join("t.xlsx"),
        &dir.join("back.xlsx"),
        &[
            // Row 1: the owner is a formula nobody calculated.
            (1, owner, Cell::Formula("=CONCAT(\"张\",\"伟\")")),
            // Row 2: its locked id changed to row 1's id, and an edit.
            (
                2,
                id_col,
                Cell::Text(Box::leak(ids[0].clone().into_boxed_str())),
            ),
            (2, owner, Cell::Text("冒名")),
            // Row 3 is deleted below; row 1's note is a date cell.
            (1, note, Cell::Date(2026, 4, 20)),
        ],
        &[3],
    );
    let o = bin(dir)
        .args(["actions", "import", "back.xlsx", "--register", "reg.db"])
        .args(["--today", "2026-03-28"])
        .output()
        .unwrap();
    let e = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{e}");
    assert!(e.contains("cell K2: the cell holds a formula (="), "{e}");
    assert!(
        e.contains(&format!(
            "the locked id cell was changed: this row was exported for {}, it now says {}",
            ids[1], ids[0]
        )),
        "{e}"
    );
    assert!(
        e.contains(&format!(
            "{}: exported in this row but no longer in the tracker",
            ids[2]
        )),
        "{e}"
    );
    assert!(
        !e.contains(&format!("{}: exported in this row", ids[1])),
        "{e}"
    );
    assert!(!e.contains("DateTime("), "{e}");
    // Nothing was applied to any of the three.
    for id in &ids {
        assert_eq!(show(id)["owner"], "原负责人", "{id}");
    }
    // A date cell on its own reads as a date.
    rewrite_tracker(
        &dir.join("t.xlsx"),
        &dir.join("dated.xlsx"),
        &[(1, note, Cell::Date(2026, 4, 20))],
        &[],
    );
    let o = bin(dir)
        .args(["actions", "import", "dated.xlsx", "--register", "reg.db"])
        .args(["--today", "2026-03-28"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(show(&ids[0])["implementation_note"], "2026-04-20");
}

#[test]
fn links_and_images_in_user_text_stay_text_in_markdown() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    std::fs::write(
        dir.join("cl.csv"),
        "条款号,审核项目,审核发现,结论,不符合事实,责任部门\n7.5.3,文件是否受控？,见![图](http://evil.example/p.png),一般不符合,详见[通知](http://evil.example/x) *紧急*,[办公室](http://evil.example/d)\n",
    )
    .unwrap();
    bin(dir)
        .args([
            "--quiet",
            "report",
            "cl.csv",
            "--audit-id",
            "IA",
            "--office",
            "x",
        ])
        .args(["--date", "2026-03-18", "--format", "md", "-o", "out"])
        .assert()
        .success();
    let md = std::fs::read_to_string(dir.join("out/report.md")).unwrap();
    assert!(!md.contains("](http"), "{md}");
    assert!(
        md.contains("详见\\[通知\\]\\(http://evil.example/x\\) \\*紧急\\*"),
        "{md}"
    );
    assert!(
        md.contains("见\\!\\[图\\]\\(http://evil.example/p.png\\)"),
        "{md}"
    );

    let procs = dir.join("procs");
    std::fs::create_dir(&procs).unwrap();
    std::fs::write(
        procs.join("[x](http:__evil.example) 文件控制程序.md"),
        "# 文件控制程序\n\n文件的发放和回收。\n",
    )
    .unwrap();
    let o = bin(dir)
        .args(["--quiet", "map", "procs", "--format", "md"])
        .output()
        .unwrap();
    let s = String::from_utf8(o.stdout).unwrap();
    assert!(!s.contains("](http"), "{s}");
    assert!(s.contains("\\[x\\]\\(http:\\_\\_evil.example\\)"), "{s}");
}

#[test]
fn unreadable_results_and_ncs_without_a_statement_need_attention_never_not_audited() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    std::fs::write(
        dir.join("cl.csv"),
        "条款号,审核项目,审核发现,结论,不符合事实\n\
         7.5.3,文件是否受控？,作废版本仍在使用。,待定,\n\
         8.5.1,是否按规范办理？,两件超期。,有问题,超期办结。\n\
         9.2,是否按计划审核？,未见审核记录。,一般不符合,\n\
         7.4,是否公示？,均已公示。,符合,\n",
    )
    .unwrap();
    let o = bin(dir)
        .args([
            "--quiet",
            "report",
            "cl.csv",
            "--audit-id",
            "IA",
            "--office",
            "x",
        ])
        .args(["--date", "2026-03-18", "--scope", "7.4,7.5.3,8.5.1,9.2"])
        .args(["--format", "json,md", "-o", "out"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let v: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("out/result.json")).unwrap()).unwrap();
    let attention: Vec<(&str, &str)> = v["attention"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| (a["clause"].as_str().unwrap(), a["reason"].as_str().unwrap()))
        .collect();
    assert_eq!(
        attention,
        [
            ("7.5.3", "unknown result \"待定\""),
            ("8.5.1", "unknown result \"有问题\""),
            ("9.2", "minor NC without a finding statement"),
        ]
    );
    // The clauses the rows name were looked at (their sub-clauses stay to be audited).
    let not_audited = v["not_audited"].as_array().unwrap();
    for c in ["7.5.3", "8.5.1", "9.2"] {
        assert!(
            !not_audited.contains(&serde_json::json!(c)),
            "{not_audited:?}"
        );
    }
    assert_eq!(v["nonconformities"], serde_json::json!([]));
    assert_eq!(v["figures"]["by_result"], serde_json::json!({"conform": 1}));
    let md = std::fs::read_to_string(dir.join("out/report.md")).unwrap();
    assert!(
        md.contains("### 6.7 Checklist rows needing the auditor's attention")
            || md.contains("### 6.7 需审核员处理的检查项"),
        "{md}"
    );
    assert!(
        !md.contains("# 不符合报告") && !md.contains("# Nonconformity reports"),
        "{md}"
    );
}

#[test]
fn a_csv_quote_that_swallows_rows_is_an_error_naming_its_line() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    std::fs::write(
        dir.join("cl.csv"),
        "条款号,审核项目,审核发现,结论,不符合事实\n\
         7.4,是否公示？,均已公示。,符合,\n\
         7.5.3,\"文件是否受控？,作废版本仍在使用。,严重不符合,未收回作废文件。\n\
         8.5.1,是否按规范办理？,两件超期。,严重不符合,超期办结。\n\
         9.2,是否按计划审核？,未见审核记录。,严重不符合,未按计划审核。\n",
    )
    .unwrap();
    let o = bin(dir)
        .args(["report", "cl.csv", "--audit-id", "IA", "--office", "x"])
        .args(["--date", "2026-03-18", "--format", "json", "-o", "out"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("error: cl.csv: line 3: cannot split the CSV: a quoted cell opened on this line runs on to line 5"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_run_never_maps_its_own_output_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let procs = dir.join("procs");
    std::fs::create_dir(&procs).unwrap();
    std::fs::write(
        procs.join("QP-01 文件控制程序.md"),
        "# 文件控制程序\n\n文件的发放和回收。\n",
    )
    .unwrap();
    let cl = samples().join("offices/anhe/checklists/安河区局内审检查表.csv");
    let gaps = |out: &str| -> usize {
        let v: serde_json::Value =
            serde_json::from_slice(&std::fs::read(dir.join(out).join("result.json")).unwrap())
                .unwrap();
        v["candidate_gaps"].as_array().unwrap().len()
    };
    let run = |out: &str, force: bool| {
        let mut c = bin(dir);
        c.args(["--quiet", "report"]).arg(&cl).args([
            "--office", "anhe", "--docs", "procs", "--format", "json,md", "-o", out,
        ]);
        if force {
            c.arg("--force");
        }
        c.assert().success();
    };
    // Reports written inside the procedures folder, then the same run again: the second run
    // must not map the first one's report.md (which names every clause).
    run("procs/out", false);
    let first = gaps("procs/out");
    run("procs/out", true);
    assert_eq!(gaps("procs/out"), first);
    // Even written into the procedures folder itself.
    run("procs", false);
    let first = gaps("procs");
    run("procs", true);
    assert_eq!(gaps("procs"), first);
    let o = bin(dir)
        .args(["--quiet", "map", "procs", "--format", "json"])
        .output()
        .unwrap();
    let s = String::from_utf8_lossy(&o.stdout);
    assert!(
        !s.contains("report.md") && !s.contains("result.json"),
        "{s}"
    );
}

#[test]
fn csv_encodings_are_named_when_they_are_the_problem() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let text = "条款号,审核项目,审核发现,结论,不符合事实\n7.5.3,文件是否受控？,作废版本仍在使用。,一般不符合,未收回作废文件。\n7.4,是否公示？,均已公示。,符合,\n";
    // UTF-16LE without a byte order mark: read, and said how.
    let le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
    std::fs::write(dir.join("utf16.csv"), le).unwrap();
    let o = bin(dir)
        .args(["checklist", "check", "utf16.csv", "--json"])
        .output()
        .unwrap();
    let e = stderr(&o);
    assert!(o.status.success(), "{e}");
    assert!(e.contains("read as UTF-16LE (no byte order mark)"), "{e}");
    // GBK with a UTF-8 line in it: each line read in its own encoding, and said so.
    let mut mixed = encoding_rs::GBK.encode(text).0.into_owned();
    mixed.extend("8.5.1,是否按规范办理？,两件超期。,符合,\n".as_bytes());
    std::fs::write(dir.join("mixed.csv"), mixed).unwrap();
    let o = bin(dir)
        .args(["checklist", "check", "mixed.csv"])
        .output()
        .unwrap();
    let e = stderr(&o);
    assert!(
        e.contains("the file mixes encodings: 3 line(s) in GBK (1, 2, 3) and 1 in UTF-8 (4)"),
        "{e}"
    );
    assert!(!e.contains("no checklist header"), "{e}");
    // A header in an encoding taken for another: the error says what it was read as.
    let mut garbled = vec![0xFFu8, 0xFE, 0xFD];
    garbled.extend(
        encoding_rs::BIG5
            .encode("條款號,審核項目,結論\n7.5.3,文件,符合\n")
            .0
            .iter(),
    );
    std::fs::write(dir.join("big5.csv"), &garbled[3..]).unwrap();
    let o = bin(dir)
        .args(["checklist", "check", "big5.csv"])
        .output()
        .unwrap();
    let e = stderr(&o);
    if e.contains("no checklist header row") {
        assert!(e.contains("; the file was read as "), "{e}");
    }
}

#[test]
fn diagnostics_are_capped_per_file() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let mut csv = String::from("条款号,审核项目,审核发现,结论,不符合事实\n");
    for i in 0..3000 {
        csv.push_str(&format!("99.{i},问题{i}？,记录,合格?,\n"));
    }
    std::fs::write(dir.join("bad.csv"), csv).unwrap();
    for args in [
        vec!["checklist", "check", "bad.csv"],
        vec![
            "report",
            "bad.csv",
            "--audit-id",
            "IA",
            "--office",
            "x",
            "--date",
            "2026-03-18",
            "--format",
            "json",
            "-o",
            "out",
        ],
    ] {
        let o = bin(dir).args(&args).output().unwrap();
        assert_eq!(o.status.code(), Some(2));
        let e = stderr(&o);
        let problems = e
            .lines()
            .filter(|l| l.starts_with("error:") || l.starts_with("warning:"))
            .count();
        assert!(problems <= 203, "{args:?}: {problems} lines");
        assert!(e.contains("more problem(s) in this file not listed"), "{e}");
        assert_eq!(
            e.matches("more problem(s) in this file not listed").count(),
            1,
            "{e}"
        );
    }
}
