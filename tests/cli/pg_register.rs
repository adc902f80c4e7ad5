//! What only the PostgreSQL register has to show, on a real server (tests/cli/pg.rs): its schema
//! versioned and refused when newer or foreign, the history protected by the server, clear
//! errors for the ways a connection fails (never the password), eight processes of mixed
//! commands losing nothing, a client killed with SIGKILL in the middle of a sync or an import
//! leaving the register as before or after, the sample audit giving the same register on both
//! backends, and `actions migrate` between them. The workflow tests themselves run on both
//! backends (actions.rs, identity.rs, review.rs).

use crate::harness::rewrite;
use crate::pg::{PASSWORD, Server};
use crate::register_robustness::{A, audit, edit};
use isoaudit::register::postgres::{MIGRATIONS, PgStore};
use isoaudit::register::{Event, Mode, RegisterError, ServerProblem, with};
use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::Instant;

const BIN: &str = env!("CARGO_BIN_EXE_isoaudit");

/// `isoaudit actions ARGS --today TODAY` on `url` as `user`, run in `dir`, not yet started.
fn cmd(dir: &Path, url: &str, user: &str, today: &str, args: &[&str]) -> Command {
    let mut c = Command::new(BIN);
    c.current_dir(dir)
        .arg("actions")
        .args(args)
        .args(["--today", today])
        .env("ISOAUDIT_REGISTER", url)
        .env("PGPASSWORD", PASSWORD)
        .env("USER", user)
        .env_remove("LANG")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .stdin(Stdio::null());
    c
}

fn ok(out: Output, what: &str) -> String {
    assert!(
        out.status.success(),
        "{what} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn db_name(url: &str) -> &str {
    url.rsplit('/').next().unwrap()
}

/// Every row of the register's tables and its schema version, in a fixed order.
fn dump(server: &Server, url: &str) -> String {
    let mut c = server.connect(db_name(url));
    let mut s = String::new();
    for (t, order) in [
        ("isoaudit_register", "version"),
        ("settings", "key"),
        ("audits", "audit_id, office_code"),
        ("findings", "id"),
        ("actions", "id"),
        ("events", "seq"),
    ] {
        let q = format!("SELECT row_to_json(t)::text FROM {t} t ORDER BY {order}");
        for r in c.query(&q, &[]).unwrap() {
            s.push_str(&format!("{t}: {}\n", r.get::<_, String>(0)));
        }
    }
    s
}

fn with_password(url: &str) -> String {
    url.replacen("isoaudit@", &format!("isoaudit:{PASSWORD}@"), 1)
}

#[test]
fn one_migration_per_sqlite_migration() {
    // The lead ports every SQLite migration here at the same number.
    assert_eq!(
        MIGRATIONS.len(),
        isoaudit::register::sqlite::MIGRATIONS.len()
    );
}

#[test]
fn migrates_forward_and_refuses_newer_or_foreign_databases_untouched() {
    let Some(server) = crate::pg::server("migrates_forward") else {
        return;
    };
    let url = with_password(&server.database());
    let v1 = &["CREATE TABLE t (x BIGINT); INSERT INTO t VALUES (7);"];
    drop(PgStore::open_with(&url, true, v1).unwrap());
    let v2 = &[
        v1[0],
        "ALTER TABLE t ADD COLUMN y TEXT NOT NULL DEFAULT 'z';",
    ];
    drop(PgStore::open_with(&url, false, v2).unwrap());
    let mut c = server.connect(db_name(&url));
    let row = c.query_one("SELECT x, y FROM t", &[]).unwrap();
    assert_eq!(
        (row.get::<_, i64>(0), row.get::<_, String>(1)),
        (7, "z".into())
    );
    let v: i64 = c
        .query_one("SELECT version FROM isoaudit_register", &[])
        .unwrap()
        .get(0);
    assert_eq!(v, 2);
    // A register written by a newer isoaudit: refused, nothing changed.
    c.batch_execute("UPDATE isoaudit_register SET version = 99")
        .unwrap();
    let before = dump_all(&mut c);
    let e = PgStore::open(&url, true).err().unwrap();
    assert!(
        matches!(e, RegisterError::NewerSchema { found: 99, .. }),
        "{e}"
    );
    assert_eq!(dump_all(&mut c), before);

    // Another program's database: refused, nothing created in it.
    let other = with_password(&server.database());
    let mut o = server.connect(db_name(&other));
    o.batch_execute("CREATE TABLE invoices (id INT); INSERT INTO invoices VALUES (1);")
        .unwrap();
    let before = dump_all(&mut o);
    let e = PgStore::open(&other, true).err().unwrap();
    assert!(
        matches!(
            e,
            RegisterError::Server {
                problem: ServerProblem::Foreign,
                ..
            }
        ),
        "{e}"
    );
    assert_eq!(dump_all(&mut o), before);
    // An empty database is no register until something creates one.
    let empty = with_password(&server.database());
    assert!(matches!(
        PgStore::open(&empty, false).err().unwrap(),
        RegisterError::Missing { .. }
    ));
}

/// Every table of the public schema and its rows.
fn dump_all(c: &mut postgres::Client) -> String {
    let tables: Vec<String> = c
        .query(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename",
            &[],
        )
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    let mut s = String::new();
    for t in tables {
        for r in c
            .query(
                &format!("SELECT row_to_json(t)::text FROM {t} t ORDER BY 1"),
                &[],
            )
            .unwrap()
        {
            s.push_str(&format!("{t}: {}\n", r.get::<_, String>(0)));
        }
    }
    s
}

#[test]
fn history_cannot_be_rewritten_and_nothing_deleted() {
    let Some(server) = crate::pg::server("history_cannot_be_rewritten") else {
        return;
    };
    let url = with_password(&server.database());
    let mut s = PgStore::open(&url, true).unwrap();
    with(&mut s, Mode::Write, |tx| {
        tx.append_event(&Event {
            seq: 0,
            action_id: None,
            at: "2026-03-20".parse().unwrap(),
            by: "王敏".into(),
            field: "policy.major_days".into(),
            old: Some("30".into()),
            new: Some("20".into()),
            note: String::new(),
        })
    })
    .unwrap();
    let mut c = server.connect(db_name(&url));
    for sql in [
        "UPDATE events SET by = 'x'",
        "DELETE FROM events",
        "TRUNCATE events",
        "DELETE FROM actions",
        "DELETE FROM findings",
        "DELETE FROM audits",
    ] {
        let e = c
            .batch_execute(sql)
            .err()
            .unwrap_or_else(|| panic!("{sql}"));
        let msg = e.as_db_error().unwrap().message().to_string();
        assert!(
            msg.contains("append-only") || msg.contains("never deleted"),
            "{sql}: {msg}"
        );
    }
    let n: i64 = c
        .query_one("SELECT count(*) FROM events", &[])
        .unwrap()
        .get(0);
    assert_eq!(n, 1);
    // Dry runs and failed bodies leave nothing.
    let p = isoaudit::register::Policy {
        major_days: 10,
        ..Default::default()
    };
    with(&mut s, Mode::DryRun, |tx| tx.put_policy(&p)).unwrap();
    let r: Result<(), _> = with(&mut s, Mode::Write, |tx| {
        tx.put_policy(&p)?;
        Err(RegisterError::Invalid("stop".into()))
    });
    assert!(r.is_err());
    assert_eq!(
        with(&mut s, Mode::Read, |tx| tx.policy()).unwrap(),
        Default::default()
    );
}

/// Run `actions list` on `url` in `lang`; its stderr, with exit status 2 asserted.
fn list_fails(url: &str, password: Option<&str>, lang: Option<&str>) -> String {
    let mut c = Command::new(BIN);
    c.args(["actions", "list", "--register", url])
        .env_remove("PGPASSWORD")
        .env_remove("LANG")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES");
    if let Some(p) = password {
        c.env("PGPASSWORD", p);
    }
    if let Some(l) = lang {
        c.env("LANG", l);
    }
    let out = c.output().unwrap();
    assert_eq!(out.status.code(), Some(2), "{url}");
    assert!(out.stdout.is_empty());
    String::from_utf8(out.stderr).unwrap()
}

#[test]
fn connection_failures_are_said_plainly_in_both_languages_without_the_password() {
    let Some(server) = crate::pg::server("connection_failures") else {
        return;
    };
    let url = server.database();
    let port = server.port;
    // A port nobody listens on: the one a listener just gave back.
    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let cases: [(String, Option<&str>, &str, &str, &str); 5] = [
        (
            url.clone(),
            Some("wrong-password"),
            "refused the user name or password",
            "拒绝了用户名或密码",
            "PGPASSWORD",
        ),
        (
            format!(
                "postgres://isoaudit:hunter2-in-url@127.0.0.1:{port}/{}",
                db_name(&url)
            ),
            None,
            "refused the user name or password",
            "拒绝了用户名或密码",
            "PGPASSWORD",
        ),
        (
            format!("postgres://isoaudit@127.0.0.1:{port}/no_such_db"),
            Some(PASSWORD),
            "has no such database",
            "没有这个数据库",
            "createdb",
        ),
        (
            format!("postgres://isoaudit:{PASSWORD}@127.0.0.1:{closed}/x"),
            None,
            "cannot reach the PostgreSQL server",
            "无法连接 PostgreSQL 服务器",
            "PGHOST",
        ),
        (
            format!("postgres://isoaudit:{PASSWORD}@127.0.0.1:{port}/postgres"),
            None,
            "no register here",
            "此处没有登记册",
            "isoaudit actions sync",
        ),
    ];
    for (u, pw, en, zh, hint) in &cases {
        for (lang, want) in [(None, en), (Some("zh_CN.UTF-8"), zh)] {
            let err = list_fails(u, *pw, lang);
            let (error, hint_word) = match lang {
                None => ("error: ", "hint: "),
                Some(_) => ("错误：", "提示："),
            };
            assert!(err.starts_with(error), "{err}");
            assert!(err.contains(*want), "{u}: {err}");
            assert!(err.contains(hint_word) && err.contains(*hint), "{u}: {err}");
            for secret in [PASSWORD, "hunter2-in-url", "wrong-password"] {
                assert!(
                    !err.contains(secret),
                    "{u}: the password was printed: {err}"
                );
            }
            // No driver debug dump: no struct syntax, no backtrace.
            assert!(
                !err.contains("DbError") && !err.contains(" { ") && err.lines().count() == 2,
                "{u}: {err}"
            );
        }
    }
    // Another program's database, said in Chinese.
    let other = server.database();
    server
        .connect(db_name(&other))
        .batch_execute("CREATE TABLE invoices (id INT)")
        .unwrap();
    let err = list_fails(&other, Some(PASSWORD), Some("zh_CN.UTF-8"));
    assert!(err.contains("不是 isoaudit 登记册"), "{err}");
    assert!(err.contains("createdb isoaudit"), "{err}");
}

#[test]
fn a_writer_kept_waiting_by_another_says_so() {
    let Some(server) = crate::pg::server("a_writer_kept_waiting") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let url = server.database();
    ok(
        cmd(d, &url, "王敏", "2026-03-21", &["policy", "--major", "20"])
            .output()
            .unwrap(),
        "policy",
    );
    // Another client holds the register's write lock; this writer gives up after 1 s, the
    // limit the URL sets (30 s without it).
    let mut other = server.connect(db_name(&url));
    other
        .query_one("SELECT pg_advisory_lock($1)", &[&0x6973_6f61_7564_6974_i64])
        .unwrap();
    let waiting = format!("{url}?options=-c%20lock_timeout%3D1s");
    for (lang, want) in [
        ("C", "kept the register locked"),
        ("zh_CN.UTF-8", "占用登记册"),
    ] {
        let out = cmd(
            d,
            &waiting,
            "王敏",
            "2026-03-21",
            &["policy", "--major", "25"],
        )
        .env("LANG", lang)
        .output()
        .unwrap();
        assert_eq!(out.status.code(), Some(2));
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(want) && err.lines().count() == 2, "{err}");
    }
    drop(other);
    let shown = ok(
        cmd(d, &url, "王敏", "2026-03-21", &["policy"])
            .output()
            .unwrap(),
        "policy",
    );
    assert!(shown.contains("major: 20 days"), "{shown}");
}

/// Eight processes at once, each running 200 commands against one register: updates of eight
/// actions they all share, syncs of the same audit again, and export → edit → import of an
/// action of their own. Every update and every imported row must be there at the end, each as
/// one revision and one line of history.
#[test]
fn eight_processes_of_two_hundred_mixed_commands_lose_nothing() {
    let Some(server) = crate::pg::server("eight_processes") else {
        return;
    };
    const WORKERS: usize = 8;
    const STEPS: usize = 200;
    let url = server.database();
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let f = "linhu.json";
    let result = audit("linhu", 8 + WORKERS, 0, "v1");
    std::fs::write(d.join(f), serde_json::to_vec(&result).unwrap()).unwrap();
    ok(
        cmd(d, &url, "王敏", "2026-03-21", &["sync", f])
            .output()
            .unwrap(),
        "sync",
    );
    let id = |i: usize| format!("{A}-linhu-NC{i:03}");
    // Shared actions NC001..NC008; worker k's own action NC(9 + k), row 9 + k of the tracker.
    let own = |k: usize| 9 + k;
    let started = Instant::now();
    let counts: Vec<(usize, usize, usize)> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..WORKERS)
            .map(|k| {
                let (url, id) = (&url, &id);
                s.spawn(move || {
                    let user = format!("user{k}");
                    let (mut updates, mut imports, mut syncs) = (0, 0, 0);
                    for j in 0..STEPS {
                        let run = |args: &[&str]| {
                            ok(
                                cmd(d, url, &user, "2026-03-25", args).output().unwrap(),
                                &format!("worker {k} step {j} {args:?}"),
                            )
                        };
                        match j % 10 {
                            0 => {
                                run(&["sync", f]);
                                syncs += 1;
                            }
                            5 => {
                                let (t, e) = (format!("t{k}.xlsx"), format!("e{k}.xlsx"));
                                run(&["export", "-o", &t, "--force"]);
                                let edits: BTreeMap<_, _> =
                                    [edit(own(k) as u32, "owner", format!("imp{k}-{j}"))]
                                        .into_iter()
                                        .collect();
                                rewrite(&d.join(&t), &d.join(&e), &edits);
                                let out = run(&["import", &e]);
                                assert!(out.contains(&id(own(k))), "{out}");
                                imports += 1;
                            }
                            _ => {
                                let target = id(1 + (j + k) % 8);
                                run(&["update", &target, "--owner", &format!("w{k}-{j}")]);
                                updates += 1;
                            }
                        }
                    }
                    (updates, imports, syncs)
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let updates: usize = counts.iter().map(|c| c.0).sum();
    let imports: usize = counts.iter().map(|c| c.1).sum();
    let mut c = server.connect(db_name(&url));
    // Every update: one revision of a shared action and one owner line in its history.
    let revisions: i64 = c
        .query_one(
            "SELECT sum(revision - 1)::bigint FROM actions WHERE id <= $1",
            &[&id(8)],
        )
        .unwrap()
        .get(0);
    assert_eq!(revisions as usize, updates);
    for k in 0..WORKERS {
        for j in 0..STEPS {
            let (target, new) = match j % 10 {
                0 => continue,
                5 => (id(own(k)), format!("imp{k}-{j}")),
                _ => (id(1 + (j + k) % 8), format!("w{k}-{j}")),
            };
            let n: i64 = c
                .query_one(
                    "SELECT count(*) FROM events WHERE action_id = $1 AND field = 'owner' \
                     AND new = $2 AND by = $3",
                    &[&target, &new, &format!("user{k}")],
                )
                .unwrap()
                .get(0);
            assert_eq!(n, 1, "{target} {new}");
        }
        let rev: i64 = c
            .query_one("SELECT revision FROM actions WHERE id = $1", &[&id(own(k))])
            .unwrap()
            .get(0);
        assert_eq!(rev as usize, 1 + imports / WORKERS, "{}", id(own(k)));
    }
    // The syncs of an unchanged audit added nothing.
    let actions: i64 = c
        .query_one("SELECT count(*) FROM actions", &[])
        .unwrap()
        .get(0);
    assert_eq!(actions as usize, 8 + WORKERS);
    eprintln!(
        "{WORKERS} processes × {STEPS} commands ({updates} updates, {imports} imports, {} syncs) in {:.1?}",
        counts.iter().map(|c| c.2).sum::<usize>(),
        started.elapsed()
    );
}

/// `args` run on copies of the register `pristine` (`CREATE DATABASE … TEMPLATE`) and killed
/// with SIGKILL at delays spread from 0 to 1.5 × its normal duration: the register must be each
/// time exactly as before or as after, and open again. Some kills must land while the client
/// holds the write lock, or the loop proves little.
fn kill_loop(server: &Server, d: &Path, pristine: &str, args: &[&str], label: &str) {
    let before = dump(server, pristine);
    let n = std::cell::Cell::new(0);
    let copy = || -> String {
        n.set(n.get() + 1);
        let name = format!("{}_{label}{}", db_name(pristine), n.get());
        server
            .connect("postgres")
            .batch_execute(&format!(
                "CREATE DATABASE {name} TEMPLATE {}",
                db_name(pristine)
            ))
            .unwrap();
        server.url(&name)
    };
    // The reference run on a copy: the state after, and how long the command takes.
    let reference = copy();
    let t = Instant::now();
    ok(
        cmd(d, &reference, "王敏", "2026-03-25", args)
            .output()
            .unwrap(),
        label,
    );
    let normal = t.elapsed();
    let after = dump(server, &reference);
    assert_ne!(
        before, after,
        "{label}: the command must change the register"
    );

    const LOCK: i64 = 0x6973_6f61_7564_6974;
    let iterations = 24;
    let (mut before_n, mut after_n, mut in_write) = (0, 0, 0);
    for i in 0..iterations {
        let url = copy();
        let delay = normal.mul_f64(1.5 * f64::from(i) / f64::from(iterations - 1));
        let mut child = cmd(d, &url, "王敏", "2026-03-25", args)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(delay);
        if child.try_wait().unwrap().is_none() {
            // Does the client hold the register's write lock right now?
            let mut probe = server.connect(db_name(&url));
            let free: bool = probe
                .query_one("SELECT pg_try_advisory_lock($1)", &[&LOCK])
                .unwrap()
                .get(0);
            child.kill().unwrap();
            if free {
                probe
                    .query_one("SELECT pg_advisory_unlock($1)", &[&LOCK])
                    .unwrap();
            } else {
                in_write += 1;
            }
        }
        child.wait().unwrap();
        let now = dump(server, &url);
        if now == before {
            before_n += 1;
        } else if now == after {
            after_n += 1;
        } else {
            panic!("{label}: iteration {i}, delay {delay:?}: neither the state before nor after");
        }
        // And isoaudit opens it again (the server has rolled the killed transaction back).
        ok(
            cmd(d, &url, "王敏", "2026-03-25", &["stats", "--json"])
                .output()
                .unwrap(),
            "stats after a kill",
        );
    }
    eprintln!(
        "{label} killed on PostgreSQL: {iterations} runs (normal {normal:.1?}): {in_write} killed holding the write lock; before {before_n}, after {after_n}"
    );
    assert!(
        before_n > 0 && in_write > 0,
        "{label}: the kills proved little"
    );
}

#[test]
fn a_sync_killed_mid_transaction_leaves_the_register_before_or_after() {
    let Some(server) = crate::pg::server("a_sync_killed") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let pristine = server.database();
    let hq = audit("hq", 20, 0, "v1");
    std::fs::write(d.join("hq.json"), serde_json::to_vec(&hq).unwrap()).unwrap();
    ok(
        cmd(d, &pristine, "王敏", "2026-03-21", &["sync", "hq.json"])
            .output()
            .unwrap(),
        "sync",
    );
    let linhu = audit("linhu", 300, 20, "v1");
    std::fs::write(d.join("linhu.json"), serde_json::to_vec(&linhu).unwrap()).unwrap();
    kill_loop(
        server,
        d,
        &pristine,
        &["sync", "linhu.json", "--observation", "90"],
        "sync",
    );
}

#[test]
fn an_import_killed_mid_transaction_leaves_the_register_before_or_after() {
    let Some(server) = crate::pg::server("an_import_killed") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let pristine = server.database();
    let linhu = audit("linhu", 300, 0, "v1");
    std::fs::write(d.join("linhu.json"), serde_json::to_vec(&linhu).unwrap()).unwrap();
    for args in [
        &["sync", "linhu.json"][..],
        &["export", "-o", "tracker.xlsx"],
    ] {
        ok(
            cmd(d, &pristine, "王敏", "2026-03-22", args)
                .output()
                .unwrap(),
            "setup",
        );
    }
    let mut edits = BTreeMap::new();
    for r in 1..=300u32 {
        edits.extend([
            edit(r, "owner", format!("负责人{r}")),
            edit(r, "correction", format!("第{r}项：已收回作废文件")),
            edit(r, "root_cause", "发放回收台账未逐项核对"),
            edit(r, "corrective_action", "修订文件控制程序，增加回收核对步骤"),
        ]);
    }
    rewrite(&d.join("tracker.xlsx"), &d.join("edited.xlsx"), &edits);
    kill_loop(server, d, &pristine, &["import", "edited.xlsx"], "import");
}

/// Every row of every table of the SQLite register at `path`, in a fixed order.
fn sqlite_dump(path: &Path) -> String {
    let c = rusqlite::Connection::open(path).unwrap();
    let mut s = String::new();
    for (t, order) in [
        ("settings", "key"),
        ("audits", "audit_id, office_code"),
        ("findings", "id"),
        ("actions", "id"),
        ("events", "seq"),
    ] {
        let mut st = c
            .prepare(&format!("SELECT * FROM {t} ORDER BY {order}"))
            .unwrap();
        let n = st.column_count();
        let rows: Vec<String> = st
            .query_map([], |r| {
                (0..n)
                    .map(|i| Ok(format!("{:?}", r.get_ref(i)?)))
                    .collect::<rusqlite::Result<Vec<_>>>()
                    .map(|v| v.join("|"))
            })
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        for r in rows {
            s.push_str(&format!("{t}: {r}\n"));
        }
    }
    s
}

/// The sample bureau's audit raises the same actions with `--register postgres://…` as with a
/// SQLite file; `actions migrate` copies the SQLite register into PostgreSQL and back exactly.
#[test]
fn the_sample_audit_gives_the_same_register_on_both_backends_and_migrates_back_exactly() {
    let Some(server) = crate::pg::server("the_sample_audit") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let bureau = crate::harness::root().join("samples/bureau");
    let file = d.join("sample.db");
    let url = server.database();
    let file_spec = file.to_str().unwrap().to_string();
    for (out, register) in [("out-sqlite", &file_spec), ("out-pg", &url)] {
        let o = Command::new(BIN)
            .arg("audit")
            .arg(&bureau)
            .arg("-o")
            .arg(d.join(out))
            .args([
                "--register",
                register,
                "--today",
                "2026-05-01",
                "--by",
                "王敏",
            ])
            .env("PGPASSWORD", PASSWORD)
            .env_remove("LANG")
            .output()
            .unwrap();
        assert!(
            matches!(o.status.code(), Some(0 | 1)),
            "{register}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
    }
    let read = |spec: &str, args: &[&str]| {
        ok(
            cmd(d, spec, "王敏", "2026-05-01", args).output().unwrap(),
            &format!("{spec} {args:?}"),
        )
    };
    let listed = read(&file_spec, &["list", "--json"]);
    let ids: Vec<String> = serde_json::from_str::<serde_json::Value>(&listed)
        .unwrap()
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_str().unwrap().to_string())
        .collect();
    assert!(ids.len() >= 5, "{listed}");
    assert_eq!(read(&url, &["list", "--json"]), listed);
    assert_eq!(
        read(&url, &["stats", "--json"]),
        read(&file_spec, &["stats", "--json"])
    );
    for id in &ids {
        assert_eq!(
            read(&url, &["show", id, "--json"]),
            read(&file_spec, &["show", id, "--json"])
        );
    }

    // Some work on the file register, then SQLite → PostgreSQL → SQLite.
    read(
        &file_spec,
        &[
            "update",
            &ids[0],
            "--owner",
            "张伟",
            "--correction",
            "已收回",
        ],
    );
    read(&file_spec, &["cancel", &ids[1], "--reason", "重复"]);
    read(&file_spec, &["policy", "--major", "20"]);
    let copy = server.database();
    let back = d.join("back.db");
    let migrate = |from: &str, to: &str| {
        let out = cmd(
            d,
            &file_spec,
            "王敏",
            "2026-05-01",
            &["migrate", "--from", from, "--to", to],
        )
        .output()
        .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stderr).unwrap()
    };
    let said = migrate(&file_spec, &with_password(&copy));
    let events = sqlite_dump(&file)
        .lines()
        .filter(|l| l.starts_with("events:"))
        .count();
    assert!(
        said.contains(&format!(
            "{} action(s), {events} history line(s)",
            ids.len()
        )),
        "{said}"
    );
    assert!(!said.contains(PASSWORD), "{said}");
    migrate(&copy, back.to_str().unwrap());
    assert_eq!(sqlite_dump(&back), sqlite_dump(&file));
    assert_eq!(
        read(&copy, &["list", "--json"]),
        read(&file_spec, &["list", "--json"])
    );
    // A register that is not empty is never copied into.
    let out = cmd(
        d,
        &file_spec,
        "王敏",
        "2026-05-01",
        &["migrate", "--from", &file_spec, "--to", &copy],
    )
    .output()
    .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not empty"));
}

/// A user's display name (migration 5) is kept by PostgreSQL as by SQLite: written, replaced by
/// the upsert, read back.
#[test]
fn users_keep_their_display_name() {
    use isoaudit::register::users::{Role, User};
    let Some(server) = crate::pg::server("users_display_name") else {
        return;
    };
    let url = with_password(&server.database());
    let mut s = PgStore::open(&url, true).unwrap();
    let u = User {
        name: "chen".into(),
        role: Role::Auditor,
        office: "hq".into(),
        department: String::new(),
        lang: "zh".into(),
        password_hash: "$argon2id$x".into(),
        disabled: false,
        display_name: "陈静".into(),
        must_change: true,
    };
    with(&mut s, Mode::Write, |tx| tx.put_user(&u)).unwrap();
    let got = with(&mut s, Mode::Read, |tx| tx.user("chen"))
        .unwrap()
        .unwrap();
    assert_eq!(got.display_name, "陈静");
    assert!(got.must_change);
    let renamed = User {
        display_name: "Chen Jing".into(),
        must_change: false,
        ..u
    };
    with(&mut s, Mode::Write, |tx| tx.put_user(&renamed)).unwrap();
    let all = with(&mut s, Mode::Read, |tx| tx.users()).unwrap();
    assert_eq!(all, vec![renamed]);
}

/// The events of one field, read in one statement, are the ones written with that field, whole
/// and in order (the quality manager's to-do page reads the extension requests this way).
#[test]
fn events_of_one_field_in_one_statement() {
    let Some(server) = crate::pg::server("events_of_field") else {
        return;
    };
    let url = with_password(&server.database());
    let mut s = PgStore::open(&url, true).unwrap();
    let event = |field: &str, new: &str| Event {
        seq: 0,
        action_id: None,
        at: "2026-03-20".parse().unwrap(),
        by: "王敏".into(),
        field: field.into(),
        old: None,
        new: Some(new.into()),
        note: "说明".into(),
    };
    with(&mut s, Mode::Write, |tx| {
        for (f, v) in [("a", "1"), ("b", "2"), ("a", "3")] {
            tx.append_event(&event(f, v))?;
        }
        Ok(())
    })
    .unwrap();
    let got = with(&mut s, Mode::Read, |tx| tx.events_of_field("a")).unwrap();
    let seen: Vec<(&str, Option<&str>, &str)> = got
        .iter()
        .map(|e| (e.field.as_str(), e.new.as_deref(), e.note.as_str()))
        .collect();
    assert_eq!(seen, [("a", Some("1"), "说明"), ("a", Some("3"), "说明")]);
    assert!(got[0].seq < got[1].seq);
}

/// An office's and a department's actions read with a WHERE clause are the ones the trait's plain
/// filter keeps, whatever the case of the office or the spaces around the department.
#[test]
fn records_of_one_office_are_the_filters() {
    use isoaudit::register::store::in_scope;
    let Some(server) = crate::pg::server("records_of") else {
        return;
    };
    let url = with_password(&server.database());
    let dir = tempfile::tempdir().unwrap();
    for (office, n) in [("linhu", 9), ("hq", 5)] {
        let file = dir.path().join(format!("{office}.json"));
        std::fs::write(
            &file,
            serde_json::to_vec(&audit(office, n, 0, "v1")).unwrap(),
        )
        .unwrap();
        ok(
            cmd(
                dir.path(),
                &url,
                "王敏",
                "2026-06-01",
                &["sync", file.to_str().unwrap()],
            )
            .output()
            .unwrap(),
            "sync",
        );
    }
    let mut s = PgStore::open(&url, false).unwrap();
    let all = with(&mut s, Mode::Read, |tx| tx.records()).unwrap();
    assert_eq!(all.len(), 14);
    let dept = all[0].finding.department.clone();
    let padded = format!(" {dept}  ");
    for office in [
        None,
        Some("linhu"),
        Some("LINHU"),
        Some("hq"),
        Some("nowhere"),
    ] {
        for department in [None, Some(dept.as_str()), Some(padded.as_str()), Some("x")] {
            let got = with(&mut s, Mode::Read, |tx| tx.records_of(office, department)).unwrap();
            let want: Vec<&isoaudit::register::Record> = all
                .iter()
                .filter(|r| in_scope(r, office, department))
                .collect();
            assert_eq!(
                got.iter().collect::<Vec<_>>(),
                want,
                "{office:?} {department:?}"
            );
        }
    }
}
