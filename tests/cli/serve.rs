//! `isoaudit serve` attacked and used through real HTTP on a free loopback port: every route for
//! every role (allowed and forbidden, other departments' and offices' ids), sessions (logout,
//! expiry, a disabled user), CSRF (missing, wrong, a replayed form), HTML and header injection
//! in every field, login throttling, and the workflow a department, an auditor and the quality
//! manager go through. Each test prints how many cases it tried.

use crate::harness::isoaudit;
use isoaudit::model::{AuditInfo, AuditResult, Finding, Location, Outcome, RESULT_SCHEMA_VERSION};
use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};

pub const TODAY: &str = "2026-06-01";
pub const A: &str = "IA01";
/// A department owner of linhu's 行政许可股; its one action.
pub const OWN: &str = "IA01-linhu-NC01";
/// Another department of the same office.
pub const OTHER_DEPT: &str = "IA01-linhu-NC02";
/// A department of the same name in another office.
pub const OTHER_OFFICE: &str = "IA01-anhe-NC01";
pub const IDS: [&str; 3] = [OWN, OTHER_DEPT, OTHER_OFFICE];
/// Text that would run as script, or break out of an attribute or a textarea, if not escaped.
pub const HOSTILE: &str =
    "</textarea><script>alert(1)</script>\"><img src=x onerror=alert(2)>'&amp;";
pub const PASSWORD: &str = "correct horse battery";

/// Every user of the fixture: name, role, office, department, display name. The two auditors
/// of linhu raised one finding each: 李强 the department owner's, 陈静 the other department's.
pub const USERS: [(&str, &str, &str, &str, &str); 7] = [
    ("owner", "dept-owner", "linhu", "行政许可股", ""),
    ("owner-anhe", "dept-owner", "anhe", "行政许可股", ""),
    ("auditor", "auditor", "linhu", "", "李强"),
    ("auditor-chen", "auditor", "linhu", "", "陈静"),
    ("qm", "quality-manager", "linhu", "", ""),
    ("bureau-qm", "quality-manager", "", "", ""),
    ("chief", "reader", "", "", ""),
];

fn finding(office: &str, n: &str, dept: &str, statement: &str) -> Finding {
    Finding {
        id: format!("{A}-{office}-{n}"),
        key: format!("k-{office}-{n}"),
        clause: "7.5.3".parse().unwrap(),
        clause_title_en: "Control of documented information".into(),
        clause_title_zh: "成文信息的控制".into(),
        grade: Outcome::Minor,
        grade_defaulted: false,
        procedure: "QP-01".into(),
        question: "受控文件是否为现行有效版本？".into(),
        evidence: "抽查受理窗口".into(),
        statement: statement.into(),
        department: dept.into(),
        auditor: "李强".into(),
        date: Some("2026-03-17".parse().unwrap()),
        source: Location {
            file: "内审检查表.xlsx".into(),
            sheet: Some("检查表".into()),
            cell: None,
            line: Some(12),
        },
    }
}

fn result(office: &str, ncs: Vec<Finding>) -> AuditResult {
    AuditResult {
        schema_version: RESULT_SCHEMA_VERSION,
        audit: AuditInfo {
            audit_id: A.into(),
            title: "2026年度内部审核".into(),
            office_code: office.into(),
            office_name: office.into(),
            start_date: "2026-03-16".parse().ok(),
            end_date: "2026-03-20".parse().ok(),
            lead_auditor: "王敏".into(),
            ..AuditInfo::default()
        },
        nonconformities: ncs,
        ..AuditResult::default()
    }
}

/// A register with the three actions and the six users, in a temp dir; the department
/// owner's action states hostile text.
pub fn fixture() -> (tempfile::TempDir, PathBuf) {
    fixture_stating(&format!("作废版本仍在使用 {HOSTILE}"))
}

/// The fixture with `statement` as the department owner's finding.
pub fn fixture_stating(statement: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("register.db");
    for (office, ncs) in [
        (
            "linhu",
            vec![
                finding("linhu", "NC01", "行政许可股", statement),
                Finding {
                    auditor: "陈静".into(),
                    ..finding("linhu", "NC02", "综合股", "记录未归档")
                },
            ],
        ),
        (
            "anhe",
            vec![finding("anhe", "NC01", "行政许可股", "未按期评审")],
        ),
    ] {
        let name = format!("{office}.json");
        std::fs::write(
            dir.path().join(&name),
            serde_json::to_vec(&result(office, ncs)).unwrap(),
        )
        .unwrap();
        // Synced by its relative name: the history records where each action came from.
        let o = isoaudit()
            .current_dir(dir.path())
            .env("USER", "王敏")
            .args(["actions", "sync", &name])
            .arg("--register")
            .arg(&db)
            .args(["--today", TODAY])
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    }
    for (name, role, office, dept, display) in USERS {
        add_user(&db, name, role, office, dept, display);
    }
    (dir, db)
}

pub fn add_user(db: &Path, name: &str, role: &str, office: &str, dept: &str, display: &str) {
    let mut args = vec!["users", "add", name, "--role", role];
    if !display.is_empty() {
        args.extend(["--display-name", display]);
    }
    if !office.is_empty() {
        args.extend(["--office", office]);
    }
    if !dept.is_empty() {
        args.extend(["--department", dept]);
    }
    let o = isoaudit()
        .args(&args)
        .arg("--register")
        .arg(db)
        .write_stdin(format!("{PASSWORD}\n"))
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

/// A running `isoaudit serve`, stopped when dropped.
pub struct Server {
    child: Child,
    pub addr: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Start `isoaudit serve` on a free loopback port (port 0: the system picks; the server says
/// which on stderr).
pub fn serve(db: &Path, extra: &[&str]) -> Server {
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("isoaudit"))
        .args([
            "serve",
            "--listen",
            "127.0.0.1:0",
            "--today",
            TODAY,
            "--lang",
            "en",
        ])
        .arg("--register")
        .arg(db)
        .args(extra)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut err = BufReader::new(child.stderr.take().unwrap());
    let mut line = String::new();
    let addr = loop {
        line.clear();
        assert!(
            err.read_line(&mut line).unwrap() > 0,
            "serve stopped: {line}"
        );
        if let Some(rest) = line.split("http://").nth(1) {
            break rest.split('/').next().unwrap().to_string();
        }
    };
    // Keep draining what the server says, so it never blocks on a full pipe.
    std::thread::spawn(move || {
        let mut sink = String::new();
        let _ = err.read_to_string(&mut sink);
    });
    Server { child, addr }
}

#[derive(Debug)]
pub struct Resp {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
    /// The body as sent (downloads are not text).
    pub bytes: Vec<u8>,
}

impl Resp {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The value of the hidden input `name` of the first form that has one.
    pub fn hidden(&self, name: &str) -> Option<String> {
        let pat = format!("name=\"{name}\" value=\"");
        let i = self.body.find(&pat)? + pat.len();
        Some(self.body[i..].split('"').next()?.to_string())
    }
}

fn enc(s: &str) -> String {
    let mut o = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            o.push(b as char);
        } else {
            o.push_str(&format!("%{b:02X}"));
        }
    }
    o
}

/// One HTTP/1.1 request on its own connection; `raw_path` goes out as given.
pub fn request(
    addr: &str,
    method: &str,
    raw_path: &str,
    extra_headers: &[(&str, &str)],
    form: Option<&[(&str, &str)]>,
) -> Resp {
    let body = form
        .map(|f| {
            f.iter()
                .map(|(k, v)| format!("{}={}", enc(k), enc(v)))
                .collect::<Vec<_>>()
                .join("&")
        })
        .unwrap_or_default();
    let mut headers = extra_headers.to_vec();
    if form.is_some() {
        headers.push(("Content-Type", "application/x-www-form-urlencoded"));
    }
    request_raw(
        addr,
        method,
        raw_path,
        &headers,
        form.map(|_| body.as_bytes()),
    )
}

/// One request with a body of its own making (`Content-Length` is added).
pub fn request_raw(
    addr: &str,
    method: &str,
    raw_path: &str,
    extra_headers: &[(&str, &str)],
    body: Option<&[u8]>,
) -> Resp {
    let mut s = TcpStream::connect(addr).unwrap();
    let mut req = format!("{method} {raw_path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    for (k, v) in extra_headers {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    if let Some(b) = body {
        req.push_str(&format!("Content-Length: {}\r\n", b.len()));
    }
    req.push_str("\r\n");
    let mut out = req.into_bytes();
    out.extend_from_slice(body.unwrap_or_default());
    // The server may answer (413) and close before it has read a large body.
    let _ = s.write_all(&out);
    let mut raw = Vec::new();
    let _ = s.read_to_end(&mut raw);
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap();
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .unwrap()
        .split(' ')
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect();
    let start = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .map_or(raw.len(), |i| i + 4);
    Resp {
        status,
        headers,
        body: body.to_string(),
        bytes: raw[start..].to_vec(),
    }
}

/// A browser: keeps cookies.
pub struct Client {
    pub addr: String,
    pub cookies: BTreeMap<String, String>,
}

impl Client {
    pub fn new(server: &Server) -> Client {
        Client {
            addr: server.addr.clone(),
            cookies: BTreeMap::new(),
        }
    }

    fn send(&mut self, method: &str, path: &str, form: Option<&[(&str, &str)]>) -> Resp {
        let cookie = self
            .cookies
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ");
        let headers: Vec<(&str, &str)> = if cookie.is_empty() {
            vec![]
        } else {
            vec![("Cookie", cookie.as_str())]
        };
        let r = request(&self.addr, method, path, &headers, form);
        for (k, v) in &r.headers {
            if k.eq_ignore_ascii_case("set-cookie") {
                let (name, rest) = v.split_once('=').unwrap();
                let value = rest.split(';').next().unwrap();
                if v.contains("Max-Age=0") {
                    self.cookies.remove(name);
                } else {
                    self.cookies.insert(name.into(), value.into());
                }
            }
        }
        r
    }

    pub fn get(&mut self, path: &str) -> Resp {
        self.send("GET", path, None)
    }

    /// Post a file as a browser's upload form does (multipart), with these other fields.
    pub fn upload(
        &mut self,
        path: &str,
        fields: &[(&str, &str)],
        name: &str,
        bytes: &[u8],
    ) -> Resp {
        let b = "----isoaudit-test-boundary";
        let mut body = Vec::new();
        for (k, v) in fields {
            body.extend(
                format!("--{b}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n")
                    .bytes(),
            );
        }
        body.extend(
            format!("--{b}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n").bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend(format!("\r\n--{b}--\r\n").bytes());
        let cookie = self
            .cookies
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ");
        let ct = format!("multipart/form-data; boundary={b}");
        request_raw(
            &self.addr,
            "POST",
            path,
            &[("Cookie", &cookie), ("Content-Type", &ct)],
            Some(&body),
        )
    }

    pub fn post(&mut self, path: &str, form: &[(&str, &str)]) -> Resp {
        self.send("POST", path, Some(form))
    }

    /// Log in as `user` through the login form; the answer to the form's post.
    pub fn login(&mut self, user: &str, password: &str) -> Resp {
        let page = self.get("/login");
        assert_eq!(page.status, 200);
        let token = page.hidden("token").unwrap();
        self.post(
            "/login",
            &[("user", user), ("password", password), ("token", &token)],
        )
    }

    pub fn logged_in(server: &Server, user: &str) -> Client {
        let mut c = Client::new(server);
        let r = c.login(user, PASSWORD);
        assert_eq!(r.status, 303, "{user} logs in: {}", r.body);
        c
    }

    /// The CSRF token and revision on an action's page.
    pub fn form_of(&mut self, id: &str) -> (String, String) {
        let p = self.get(&format!("/actions/{id}"));
        assert_eq!(p.status, 200, "{id}");
        (p.hidden("csrf").unwrap(), p.hidden("rev").unwrap())
    }

    /// The CSRF token of any page the user may open.
    pub fn csrf(&mut self) -> String {
        let p = self.get("/");
        let p = self.get(p.header("location").unwrap_or("/todo"));
        p.hidden("csrf").unwrap()
    }
}

/// Every table of the register, in order: to prove refused requests changed nothing.
fn dump(db: &Path) -> String {
    let c = rusqlite::Connection::open(db).unwrap();
    let mut s = String::new();
    for (t, order) in [
        ("actions", "id"),
        ("events", "seq"),
        ("users", "name"),
        ("attachments", "seq"),
    ] {
        let mut st = c
            .prepare(&format!("SELECT * FROM {t} ORDER BY {order}"))
            .unwrap();
        let n = st.column_count();
        let rows = st
            .query_map([], |r| {
                (0..n)
                    .map(|i| r.get_ref(i).map(|v| format!("{v:?}")))
                    .collect::<Result<Vec<_>, _>>()
            })
            .unwrap();
        for r in rows {
            s.push_str(&format!("{t}: {}\n", r.unwrap().join("|")));
        }
    }
    s
}

fn say_count(test: &str, n: usize) {
    let _ = writeln!(std::io::stderr(), "{test}: {n} cases tried");
}

/// Which of the three actions each user may open.
fn sees(user: &str, id: &str) -> bool {
    match user {
        "owner" => id == OWN,
        "owner-anhe" => id == OTHER_OFFICE,
        // An auditor: the findings they raised.
        "auditor" => id == OWN,
        "auditor-chen" => id == OTHER_DEPT,
        "qm" => id != OTHER_OFFICE,
        "bureau-qm" => true,
        _ => false,
    }
}

/// The report pages: the index, the audit of each office, the review and its workbook.
const REPORTS: [&str; 5] = [
    "/reports",
    "/reports/audits/IA01/linhu",
    "/reports/audits/IA01/anhe",
    "/reports/review?from=2026-01-01&to=2026-05-31",
    "/reports/review.xlsx?from=2026-01-01&to=2026-05-31",
];

const VERBS: [&str; 7] = [
    "update",
    "implement",
    "verify",
    "close",
    "cancel",
    "extension",
    "approve",
];

fn role_may(role: &str, verb: &str) -> bool {
    match verb {
        "update" | "implement" => matches!(role, "dept-owner" | "quality-manager"),
        "extension" => role == "dept-owner",
        "verify" => matches!(role, "auditor" | "quality-manager"),
        _ => role == "quality-manager",
    }
}

#[test]
fn every_route_for_every_role() {
    let (_dir, db) = fixture();
    let server = serve(&db, &[]);
    let before = dump(&db);
    let mut cases = 0;

    // Nobody logged in: every page leads to the login, every post too.
    let mut anon = Client::new(&server);
    for path in ["/", "/todo", "/actions", "/dashboard", "/password"]
        .into_iter()
        .chain(REPORTS)
        .map(String::from)
        .chain(IDS.iter().map(|id| format!("/actions/{id}")))
    {
        let r = anon.get(&path);
        assert_eq!(
            (r.status, r.header("location")),
            (303, Some("/login")),
            "{path}"
        );
        cases += 1;
    }
    for id in IDS {
        for verb in VERBS {
            let r = anon.post(&format!("/actions/{id}/{verb}"), &[("rev", "1")]);
            assert_eq!(r.status, 303, "anonymous {verb} {id}");
            cases += 1;
        }
    }
    let r = anon.post(
        "/password",
        &[
            ("current", PASSWORD),
            ("new", "x y z w v"),
            ("again", "x y z w v"),
        ],
    );
    assert_eq!(r.header("location"), Some("/login"));
    cases += 1;
    assert_eq!(anon.get("/nowhere").status, 404);
    cases += 1;

    for (user, role, _, _, _) in USERS {
        let mut c = Client::logged_in(&server, user);
        let reader = role == "reader";
        let home = c.get("/");
        assert_eq!(
            home.header("location"),
            Some(if reader { "/dashboard" } else { "/todo" }),
            "{user}"
        );
        let todo = c.get("/todo");
        assert_eq!(todo.status, if reader { 303 } else { 200 }, "{user} /todo");
        let list = c.get("/actions");
        assert_eq!(
            list.status,
            if reader { 403 } else { 200 },
            "{user} /actions"
        );
        cases += 3;
        for id in IDS {
            // Lists and to-dos name only what the user may open.
            if !reader {
                assert_eq!(list.body.contains(id), sees(user, id), "{user} list {id}");
                assert!(
                    sees(user, id) || !todo.body.contains(id),
                    "{user} todo {id}"
                );
                cases += 2;
            }
            let page = c.get(&format!("/actions/{id}"));
            assert_eq!(
                page.status,
                if sees(user, id) { 200 } else { 404 },
                "{user} GET {id}"
            );
            cases += 1;
        }
        let dash = c.get("/dashboard");
        let may_dash = matches!(role, "quality-manager" | "reader");
        assert_eq!(
            dash.status,
            if may_dash { 200 } else { 403 },
            "{user} dashboard"
        );
        cases += 1;
        // The tracker: the quality manager's, of what they answer for.
        let export = c.get("/export");
        if role == "quality-manager" {
            assert_eq!(export.status, 200, "{user} export");
            let tracker = _dir.path().join(format!("{user}.xlsx"));
            std::fs::write(&tracker, &export.bytes).unwrap();
            let strings = crate::harness::zip_part(&tracker, "xl/sharedStrings.xml");
            for id in IDS {
                assert_eq!(strings.contains(id), sees(user, id), "{user} export {id}");
            }
        } else {
            assert_eq!(export.status, 403, "{user} export");
        }
        cases += 2;
        // The reports: the quality manager's and the reader's, an audit of another office 404.
        let reads_reports = matches!(role, "quality-manager" | "reader");
        for path in REPORTS {
            let r = c.get(path);
            let expected = if !reads_reports {
                403
            } else if path.ends_with("/anhe") && user == "qm" {
                404
            } else {
                200
            };
            assert_eq!(r.status, expected, "{user} {path}");
            cases += 1;
            if r.status == 200 && !path.contains(".xlsx") {
                // Nothing of an office the user does not answer for, on any report page.
                if user == "qm" {
                    assert!(!r.body.contains("anhe"), "{user} {path} names anhe");
                } else if !path.contains("/audits/") {
                    assert!(r.body.contains("anhe"), "{user} {path} leaves anhe out");
                }
                cases += 1;
            }
        }
        if reads_reports {
            assert_eq!(c.get("/reports/audits/IA01/nowhere").status, 404);
            assert_eq!(c.get("/reports/audits/IA99/linhu").status, 404);
            assert_eq!(c.get("/reports/review?from=2026-13-01").status, 400);
            assert_eq!(
                c.get("/reports/review?from=2026-06-01&to=2026-01-01")
                    .status,
                400
            );
            cases += 4;
        }
        let csrf = c.csrf();
        for id in IDS {
            for verb in VERBS {
                let expected = if !sees(user, id) {
                    404
                } else if !role_may(role, verb) {
                    403
                } else {
                    continue;
                };
                let r = c.post(
                    &format!("/actions/{id}/{verb}"),
                    &[
                        ("csrf", &csrf),
                        ("rev", "1"),
                        ("owner", "x"),
                        ("correction", "x"),
                        ("root_cause", "x"),
                        ("corrective_action", "x"),
                        ("verdict", "effective"),
                        ("method", "x"),
                        ("reason", "x"),
                        ("due", "2026-12-31"),
                    ],
                );
                assert_eq!(r.status, expected, "{user} {verb} {id}: {}", r.body);
                assert!(!r.body.contains("2026-12-31"), "{user} {verb} {id} leaks");
                cases += 1;
            }
        }
        // A department owner may not move a due date themselves: they ask for an extension.
        if role == "dept-owner" {
            let mine = if user == "owner" { OWN } else { OTHER_OFFICE };
            let (csrf, rev) = c.form_of(mine);
            let r = c.post(
                &format!("/actions/{mine}/update"),
                &[("csrf", &csrf), ("rev", &rev), ("due", "2027-01-31")],
            );
            assert_eq!(r.status, 403, "{user} moves the due date");
            cases += 1;
        }
        // An unknown verb is nothing.
        let r = c.post(
            &format!("/actions/{OWN}/delete"),
            &[("csrf", &csrf), ("rev", "1")],
        );
        assert_eq!(r.status, 404);
        cases += 1;
    }
    assert_eq!(dump(&db), before, "a refused request changed the register");
    say_count("every_route_for_every_role", cases);
}

#[test]
fn sessions_csrf_and_replays() {
    let (_dir, db) = fixture();
    let server = serve(&db, &[]);
    let mut cases = 0;

    // The session cookie: HttpOnly, SameSite=Strict, an expiry; not Secure over plain loopback.
    let mut c = Client::new(&server);
    let r = c.login("owner", PASSWORD);
    let set = r
        .headers
        .iter()
        .find(|(k, v)| k.eq_ignore_ascii_case("set-cookie") && v.starts_with("isoaudit_session="))
        .map(|(_, v)| v.clone())
        .unwrap();
    for attr in ["HttpOnly", "SameSite=Strict", "Max-Age=28800", "Path=/"] {
        assert!(set.contains(attr), "{set}");
        cases += 1;
    }
    assert!(!set.contains("Secure"), "{set}");
    // Security headers on every answer.
    let page = c.get(&format!("/actions/{OWN}"));
    for (h, v) in [
        ("content-security-policy", "default-src 'none'"),
        ("x-frame-options", "DENY"),
        ("x-content-type-options", "nosniff"),
        ("cache-control", "no-store"),
    ] {
        assert!(page.header(h).is_some_and(|x| x.contains(v)), "{h}");
        cases += 1;
    }

    // Missing and wrong CSRF tokens change nothing.
    let before = dump(&db);
    let (csrf, rev) = c.form_of(OWN);
    let plan = |csrf: &str| {
        vec![
            ("csrf".to_string(), csrf.to_string()),
            ("rev".to_string(), rev.clone()),
            ("correction".to_string(), "收回作废版本".to_string()),
            ("root_cause".to_string(), "发放记录未更新".to_string()),
            (
                "corrective_action".to_string(),
                "修订文件控制程序".to_string(),
            ),
        ]
    };
    let as_ref = |v: &Vec<(String, String)>| -> Vec<(String, String)> { v.clone() };
    for bad in ["", "0000", &"a".repeat(64), &csrf[..63]] {
        let f = as_ref(&plan(bad));
        let f: Vec<(&str, &str)> = f.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        let f: Vec<(&str, &str)> = if bad.is_empty() { f[1..].to_vec() } else { f };
        let r = c.post(&format!("/actions/{OWN}/update"), &f);
        assert_eq!(r.status, 403, "csrf {bad:?}");
        cases += 1;
    }
    // Another user's token is not this user's.
    let mut other = Client::logged_in(&server, "qm");
    let (other_csrf, _) = other.form_of(OWN);
    let f = plan(&other_csrf);
    let f: Vec<(&str, &str)> = f.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    assert_eq!(c.post(&format!("/actions/{OWN}/update"), &f).status, 403);
    cases += 1;
    assert_eq!(dump(&db), before);

    // The right token saves; the same form sent again is a replay and is refused.
    let f = plan(&csrf);
    let f: Vec<(&str, &str)> = f.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let r = c.post(&format!("/actions/{OWN}/update"), &f);
    assert_eq!(r.status, 303, "{}", r.body);
    let after_one = dump(&db);
    let r = c.post(&format!("/actions/{OWN}/update"), &f);
    assert_eq!(r.status, 409, "replayed form");
    assert_eq!(dump(&db), after_one, "the replay changed nothing");
    cases += 2;

    // Logout ends the session; its cookie is worth nothing afterwards.
    let stolen = c.cookies.clone();
    let csrf = c.csrf();
    assert_eq!(c.post("/logout", &[("csrf", &csrf)]).status, 303);
    let mut thief = Client::new(&server);
    thief.cookies = stolen;
    assert_eq!(thief.get("/todo").header("location"), Some("/login"));
    cases += 2;

    // A disabled user's open session ends at the next request, and logins are refused.
    let mut a = Client::logged_in(&server, "auditor");
    assert_eq!(a.get("/todo").status, 200);
    let o = isoaudit()
        .args(["users", "disable", "auditor", "--register"])
        .arg(&db)
        .output()
        .unwrap();
    assert!(o.status.success());
    assert_eq!(a.get("/todo").header("location"), Some("/login"));
    assert_eq!(Client::new(&server).login("auditor", PASSWORD).status, 401);
    cases += 2;

    // A login form posted without its token cookie (from another site) is refused.
    let page = Client::new(&server).get("/login");
    let token = page.hidden("token").unwrap();
    let r = request(
        &server.addr,
        "POST",
        "/login",
        &[],
        Some(&[("user", "qm"), ("password", PASSWORD), ("token", &token)]),
    );
    assert_eq!(r.status, 403);
    assert!(
        r.header("set-cookie")
            .is_none_or(|v| !v.starts_with("isoaudit_session"))
    );
    cases += 1;

    // An expired session leads back to the login.
    let short = serve(&db, &["--session-seconds", "1"]);
    let mut s = Client::logged_in(&short, "qm");
    assert_eq!(s.get("/todo").status, 200);
    std::thread::sleep(std::time::Duration::from_millis(1500));
    assert_eq!(s.get("/todo").header("location"), Some("/login"));
    cases += 1;

    // Behind a TLS proxy the cookie is Secure.
    let proxied = serve(&db, &["--behind-proxy"]);
    let r = Client::new(&proxied).login("qm", PASSWORD);
    assert!(
        r.header("set-cookie")
            .is_some_and(|v| v.contains("; Secure"))
    );
    cases += 1;

    // Beyond loopback only behind a proxy.
    let o = isoaudit()
        .args(["serve", "--listen", "0.0.0.0:0", "--register"])
        .arg(&db)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("--behind-proxy"));
    cases += 1;
    say_count("sessions_csrf_and_replays", cases);
}

#[test]
fn injection_in_every_field_is_inert() {
    let (_dir, db) = fixture();
    let server = serve(&db, &[]);
    let mut cases = 0;
    let mut owner = Client::logged_in(&server, "owner");
    let raw_script = "<script>alert(1)</script>";

    // Text from the audit (the finding's statement) is escaped on the page.
    let page = owner.get(&format!("/actions/{OWN}"));
    assert!(page.body.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(!page.body.contains(raw_script) && !page.body.contains("<img"));
    cases += 1;

    // Every field the owner writes.
    let (csrf, rev) = owner.form_of(OWN);
    let r = owner.post(
        &format!("/actions/{OWN}/update"),
        &[
            ("csrf", &csrf),
            ("rev", &rev),
            ("owner", HOSTILE),
            ("correction", HOSTILE),
            ("root_cause", HOSTILE),
            (
                "corrective_action",
                &format!("{HOSTILE}\r\nSet-Cookie: evil=1"),
            ),
        ],
    );
    assert_eq!(r.status, 303, "{}", r.body);
    assert!(r.header("set-cookie").is_none());
    let (csrf, rev) = owner.form_of(OWN);
    let r = owner.post(
        &format!("/actions/{OWN}/extension"),
        &[
            ("csrf", &csrf),
            ("rev", &rev),
            ("due", "2026-09-30"),
            ("reason", HOSTILE),
        ],
    );
    assert_eq!(r.status, 303, "{}", r.body);
    let (csrf, rev) = owner.form_of(OWN);
    let r = owner.post(
        &format!("/actions/{OWN}/implement"),
        &[
            ("csrf", &csrf),
            ("rev", &rev),
            ("implementation_note", HOSTILE),
        ],
    );
    assert_eq!(r.status, 303, "{}", r.body);
    let mut auditor = Client::logged_in(&server, "auditor");
    let (csrf, rev) = auditor.form_of(OWN);
    let r = auditor.post(
        &format!("/actions/{OWN}/verify"),
        &[
            ("csrf", &csrf),
            ("rev", &rev),
            ("verdict", "effective"),
            ("method", HOSTILE),
            ("note", HOSTILE),
        ],
    );
    assert_eq!(r.status, 303, "{}", r.body);
    cases += 5;
    for c in [&mut owner, &mut auditor] {
        let page = c.get(&format!("/actions/{OWN}"));
        assert!(!page.body.contains(raw_script), "{}", page.body);
        assert!(!page.body.contains("<img"));
        // A break-out would close a textarea that was never opened.
        assert_eq!(
            page.body.matches("<textarea").count(),
            page.body.matches("</textarea>").count()
        );
        assert!(page.body.contains("&lt;/textarea&gt;&lt;script&gt;"));
        let list = c.get("/actions");
        assert!(!list.body.contains(raw_script) && !list.body.contains("<img"));
        cases += 2;
    }
    // The stored text is exactly what was typed (escaping is for the page, not the data).
    let show = isoaudit()
        .args(["actions", "show", OWN, "--json", "--register"])
        .arg(&db)
        .args(["--today", TODAY])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&show.stdout).unwrap();
    assert_eq!(v["verification_method"], HOSTILE);
    assert_eq!(v["owner"], HOSTILE);
    assert_eq!(v["verified_by"], "auditor");
    cases += 1;

    // Header injection through the URL and the login form.
    for path in [
        "/actions/x%0d%0aSet-Cookie:%20evil=1",
        "/actions/%0d%0aLocation:%20http://evil/",
        "/actions/..%2f..%2fetc%2fpasswd",
        "/login?lang=%0d%0aSet-Cookie:%20evil=1",
    ] {
        let r = owner.get(path);
        assert!(matches!(r.status, 200 | 404), "{path}: {}", r.status);
        assert!(
            r.headers
                .iter()
                .all(|(k, v)| !k.eq_ignore_ascii_case("location") || !v.contains("evil"))
        );
        assert!(
            r.headers.iter().all(|(_, v)| !v.contains("evil=1")),
            "{path}"
        );
        cases += 1;
    }
    let r = Client::new(&server).login(&format!("qm\r\nSet-Cookie: evil=1{raw_script}"), PASSWORD);
    assert_eq!(r.status, 401);
    assert!(!r.body.contains(raw_script) && !r.body.contains("evil"));
    assert!(r.headers.iter().all(|(_, v)| !v.contains("evil")));
    cases += 1;
    say_count("injection_in_every_field_is_inert", cases);
}

#[test]
fn brute_force_is_throttled() {
    let (_dir, db) = fixture();
    let server = serve(&db, &[]);
    let mut cases = 0;
    let mut c = Client::new(&server);
    for i in 0..5 {
        let r = c.login("qm", &format!("guess number {i}"));
        assert_eq!(r.status, 401, "try {i}");
        assert!(!c.cookies.contains_key("isoaudit_session"));
        cases += 1;
    }
    // Now even the right password is refused for a while, with Retry-After.
    let r = c.login("qm", PASSWORD);
    assert_eq!(r.status, 429);
    assert!(
        r.header("retry-after")
            .is_some_and(|s| s.parse::<u64>().unwrap() > 0)
    );
    assert!(!c.cookies.contains_key("isoaudit_session"));
    cases += 1;
    // The name is throttled whatever its case, and an X-Forwarded-For does not reset the count
    // when no proxy is declared.
    let page = Client::new(&server).get("/login");
    let token = page.hidden("token").unwrap();
    let r = request(
        &server.addr,
        "POST",
        "/login",
        &[
            ("Cookie", &format!("isoaudit_login={token}")),
            ("X-Forwarded-For", "10.9.8.7"),
        ],
        Some(&[("user", "QM"), ("password", PASSWORD), ("token", &token)]),
    );
    assert_eq!(r.status, 429);
    cases += 1;
    // Another user from the same address still logs in (the address has room left) …
    let r = Client::new(&server).login("auditor", PASSWORD);
    assert_eq!(r.status, 303);
    cases += 1;
    // … until the address, too, has failed too often.
    let mut tries = 0;
    loop {
        let r = Client::new(&server).login(&format!("nobody{tries}"), "wrong password");
        tries += 1;
        cases += 1;
        if r.status == 429 {
            break;
        }
        assert_eq!(r.status, 401);
        assert!(tries <= 20, "the address is never throttled");
    }
    assert_eq!(Client::new(&server).login("owner", PASSWORD).status, 429);
    cases += 1;
    say_count("brute_force_is_throttled", cases);
}

#[test]
fn a_department_an_auditor_and_the_quality_manager_work_an_action() {
    let (_dir, db) = fixture();
    let server = serve(&db, &[]);
    let mut qm = Client::logged_in(&server, "qm");
    let dash = |qm: &mut Client| {
        let d = qm.get("/dashboard");
        assert_eq!(d.status, 200);
        let row = |label: &str| {
            let i = d.body.find(&format!("<th>{label}</th>")).unwrap();
            let rest = &d.body[i..];
            let end = rest.find("</tr>").unwrap();
            rest[..end]
                .split("<td>")
                .skip(1)
                .map(|c| c.split('<').next().unwrap().to_string())
                .collect::<Vec<_>>()
        };
        (row("有效率 %"), row("逾期"))
    };
    let (eff0, overdue0) = dash(&mut qm);
    assert_eq!(eff0[0], "—");

    let mut owner = Client::logged_in(&server, "owner");
    let (csrf, rev) = owner.form_of(OWN);
    let r = owner.post(
        &format!("/actions/{OWN}/update"),
        &[
            ("csrf", &csrf),
            ("rev", &rev),
            ("owner", "张伟"),
            ("correction", "收回作废版本"),
            ("root_cause", "发放记录未更新"),
            ("corrective_action", "修订文件控制程序"),
        ],
    );
    assert_eq!(r.status, 303, "{}", r.body);
    let (csrf, rev) = owner.form_of(OWN);
    let r = owner.post(
        &format!("/actions/{OWN}/implement"),
        &[
            ("csrf", &csrf),
            ("rev", &rev),
            ("implementation_note", "新版已启用"),
        ],
    );
    assert_eq!(r.status, 303);
    // Implemented: no longer overdue on the dashboard.
    let (_, overdue1) = dash(&mut qm);
    assert_eq!(
        overdue1[0].parse::<u32>().unwrap() + 1,
        overdue0[0].parse::<u32>().unwrap()
    );

    let mut auditor = Client::logged_in(&server, "auditor");
    assert!(
        auditor.get("/todo").body.contains(OWN),
        "waits for verification"
    );
    let (csrf, rev) = auditor.form_of(OWN);
    // A verification without its method is refused by the workflow, as on the CLI.
    let r = auditor.post(
        &format!("/actions/{OWN}/verify"),
        &[("csrf", &csrf), ("rev", &rev), ("verdict", "ineffective")],
    );
    assert_eq!(r.status, 422);
    // Said in the auditor's page language, as the CLI says it.
    assert!(r.body.contains("验证方法"), "{}", r.body);
    assert!(!r.body.contains("verification method"), "{}", r.body);
    let r = auditor.post(
        &format!("/actions/{OWN}/verify"),
        &[
            ("csrf", &csrf),
            ("rev", &rev),
            ("verdict", "ineffective"),
            ("method", "抽查6月案卷3份"),
        ],
    );
    assert_eq!(r.status, 303);
    // Reopened, as the CLI's verify reopens: the same register, the logged-in users as actors.
    let show = isoaudit()
        .args(["actions", "show", OWN, "--json", "--register"])
        .arg(&db)
        .args(["--today", TODAY])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&show.stdout).unwrap();
    assert_eq!(v["status"], "open");
    assert_eq!(v["ineffective_count"], 1);
    assert_eq!(v["due"], "2026-07-31", "today plus the policy's 60 days");
    let by: Vec<&str> = v["history"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["by"].as_str())
        .collect();
    assert!(by.contains(&"owner") && by.contains(&"auditor"), "{by:?}");

    let (eff2, _) = dash(&mut qm);
    assert_eq!(eff2[0], "0", "one verification, not effective");

    // An extension: the owner asks, the quality manager approves, the due date moves.
    let (csrf, rev) = owner.form_of(OWN);
    let r = owner.post(
        &format!("/actions/{OWN}/extension"),
        &[
            ("csrf", &csrf),
            ("rev", &rev),
            ("due", "2026-09-30"),
            ("reason", "需上级审批"),
        ],
    );
    assert_eq!(r.status, 303);
    let again = owner.post(
        &format!("/actions/{OWN}/extension"),
        &[
            ("csrf", &csrf),
            ("rev", &rev),
            ("due", "2026-09-30"),
            ("reason", "需上级审批"),
        ],
    );
    assert_eq!(again.status, 409, "one request at a time");
    // The quality manager's to-do lists it among the extensions waiting for an answer.
    let section = |body: &str| {
        body.split("延期申请待批准")
            .nth(1)
            .and_then(|s| s.split("<h2>").next())
            .unwrap_or_default()
            .to_string()
    };
    assert!(section(&qm.get("/todo").body).contains(OWN));
    let (csrf, rev) = qm.form_of(OWN);
    assert!(
        qm.get(&format!("/actions/{OWN}"))
            .body
            .contains("2026-09-30")
    );
    let r = qm.post(
        &format!("/actions/{OWN}/approve"),
        &[("csrf", &csrf), ("rev", &rev)],
    );
    assert_eq!(r.status, 303);
    let page = owner.get(&format!("/actions/{OWN}"));
    assert!(page.body.contains("2026-09-30") && !page.body.contains("id=\"pending\""));
    assert!(!section(&qm.get("/todo").body).contains(OWN), "answered");
}

#[test]
fn users_from_the_cli() {
    let (_dir, db) = fixture();
    let users = |args: &[&str], stdin: &str| {
        isoaudit()
            .arg("users")
            .args(args)
            .arg("--register")
            .arg(&db)
            .write_stdin(stdin.to_string())
            .output()
            .unwrap()
    };
    let o = users(&["list", "--json"], "");
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let names: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "auditor",
            "auditor-chen",
            "bureau-qm",
            "chief",
            "owner",
            "owner-anhe",
            "qm"
        ]
    );
    assert_eq!(v[4]["role"], "dept-owner");
    assert_eq!(v[4]["department"], "行政许可股");
    assert_eq!(v[1]["display_name"], "陈静");
    assert!(
        v[4].get("password_hash").is_none(),
        "no hash in the listing"
    );
    // The register keeps an Argon2id hash, never the password.
    let c = rusqlite::Connection::open(&db).unwrap();
    let h: String = c
        .query_row("SELECT password FROM users WHERE name = 'owner'", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert!(h.starts_with("$argon2id$") && !h.contains(PASSWORD));

    for (args, stdin, says) in [
        (
            &["add", "owner", "--role", "reader"][..],
            "another password\n",
            "exists already",
        ),
        (
            &["add", "x", "--role", "admin"][..],
            "another password\n",
            "unknown role",
        ),
        (
            &["add", "x", "--role", "dept-owner", "--office", "linhu"][..],
            "another password\n",
            "--department",
        ),
        (
            &["add", "x y", "--role", "reader"][..],
            "another password\n",
            "user name",
        ),
        (&["add", "x", "--role", "reader"][..], "", "no password"),
        (
            &["add", "x", "--role", "reader"][..],
            "short\n",
            "too short",
        ),
        (
            &["passwd", "nobody"][..],
            "another password\n",
            "no user nobody",
        ),
        (
            &["add", "x", "--role", "reader", "--password", "p"][..],
            "",
            "--password",
        ),
    ] {
        let o = users(args, stdin);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(err.contains(says), "{args:?}: {err}");
    }
    // The same refusals in the reader's language.
    for (args, says) in [
        (&["add", "x", "--role", "admin"][..], "未知角色"),
        (
            &["add", "x", "--role", "dept-owner"][..],
            "部门负责人须填写",
        ),
        (
            &["add", "x", "--role", "reader", "--department", "质量科"][..],
            "去掉 --department",
        ),
        (&["add", "x", "--role", "reader"][..], "密码太短"),
    ] {
        let args = [args, &["--lang", "zh"]].concat();
        // A well-formed row gets as far as the password, which is too short.
        let o = users(&args, "short\n");
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(err.contains(says), "{args:?}: {err}");
        for english in ["unknown", "needs", "leave", "short"] {
            assert!(!err.contains(english), "{args:?}: {err}");
        }
    }
    // A new password works, the old one no longer; passwd also lifts a disable.
    assert!(users(&["disable", "qm"], "").status.success());
    assert!(
        users(&["passwd", "qm"], "a brand new password\n")
            .status
            .success()
    );
    let server = serve(&db, &[]);
    assert_eq!(Client::new(&server).login("qm", PASSWORD).status, 401);
    assert_eq!(
        Client::new(&server)
            .login("qm", "a brand new password")
            .status,
        303
    );
}

/// `actions remind`: one notice per department with overdue actions, a sheet and a page each,
/// and nothing for a date when nothing is late yet.
#[test]
fn remind_writes_one_notice_per_department() {
    use calamine::Reader;
    let (dir, db) = fixture();
    let out = dir.path().join("notices");
    let run = |as_of: &str, force: bool| {
        let mut c = isoaudit();
        c.args(["actions", "remind", "--as-of", as_of, "--lang", "zh", "-o"])
            .arg(&out)
            .arg("--register")
            .arg(&db);
        if force {
            c.arg("--force");
        }
        c.output().unwrap()
    };
    let o = run("2026-06-01", false);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(String::from_utf8_lossy(&o.stderr).contains("3 个部门"));
    let xlsx = out.join("纠正措施逾期通知.xlsx");
    let mut wb: calamine::Xlsx<_> = calamine::open_workbook(&xlsx).unwrap();
    assert_eq!(
        wb.sheet_names(),
        ["anhe 行政许可股", "linhu 综合股", "linhu 行政许可股"]
    );
    let sheet = wb.worksheet_range("linhu 行政许可股").unwrap();
    assert_eq!(sheet.get_value((3, 0)).unwrap().to_string(), OWN);
    assert_eq!(
        sheet.get_value((3, 6)).unwrap().to_string(),
        "16",
        "days late"
    );
    assert!(
        sheet
            .get_value((4, 0))
            .is_none_or(|c| c.to_string().is_empty())
    );
    let doc = crate::harness::zip_part(&out.join("纠正措施逾期通知.docx"), "word/document.xml");
    assert_eq!(
        doc.matches("纠正措施逾期通知").count(),
        3,
        "a page per department"
    );
    assert!(doc.contains(OTHER_DEPT) && doc.contains(OTHER_OFFICE));
    // The finding's text is data in the letter too.
    assert!(doc.contains("&lt;script&gt;") && !doc.contains("<script>"));
    // An earlier run is not overwritten without --force; before anything is late, no notice.
    assert_eq!(run("2026-05-01", false).status.code(), Some(2));
    let o = run("2026-05-01", true);
    assert!(o.status.success());
    let mut wb: calamine::Xlsx<_> = calamine::open_workbook(&xlsx).unwrap();
    assert_eq!(wb.sheet_names().len(), 1);
    let s = wb.worksheet_range(&wb.sheet_names()[0].clone()).unwrap();
    assert_eq!(
        s.get_value((0, 0)).unwrap().to_string(),
        "没有逾期的纠正措施。"
    );
}

#[test]
fn evidence_files_only_for_those_who_may_see_them() {
    let (_dir, db) = fixture();
    let server = serve(&db, &["--max-upload-mb", "1"]);
    let mut cases = 0;
    let mut owner = Client::logged_in(&server, "owner");
    let csrf = owner.csrf();
    let scan: Vec<u8> = (0..70_000u32).map(|i| b'a' + (i % 26) as u8).collect();
    let attach = format!("/actions/{OWN}/attach");
    // A name that tries to climb folders, run script and add a header.
    let hostile = "../../<img src=x onerror=alert(1)>签字.pdf";
    let r = owner.upload(&attach, &[("csrf", &csrf)], hostile, &scan);
    assert_eq!(r.status, 303, "{}", r.body);
    cases += 1;
    let page = owner.get(&format!("/actions/{OWN}"));
    let files = page.body.split("id=\"files\"").nth(1).unwrap_or_default();
    assert!(
        files.contains(">&lt;img src=x onerror=alert(1)&gt;签字.pdf</a>"),
        "{files}"
    );
    assert!(!page.body.contains("<img"));
    let href = format!("/actions/{OWN}/files/");
    let i = page.body.find(&href).unwrap() + href.len();
    let seq: String = page.body[i..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    let file = format!("/actions/{OWN}/files/{seq}");
    // Stored once, by content, beside the register.
    let sha = {
        use sha2::Digest;
        sha2::Sha256::digest(&scan)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<String>()
    };
    let mut stored = db.as_os_str().to_owned();
    stored.push(".files");
    let stored = PathBuf::from(stored).join(&sha[..2]).join(&sha);
    assert_eq!(std::fs::read(&stored).unwrap(), scan);
    cases += 2;

    // Downloads: the owner and the office's quality manager; nobody else.
    for (user, status) in [
        ("owner", 200),
        ("qm", 200),
        ("bureau-qm", 200),
        ("auditor", 200),
        ("auditor-chen", 404),
        ("owner-anhe", 404),
        ("chief", 404),
    ] {
        let mut c = Client::logged_in(&server, user);
        let r = c.get(&file);
        assert_eq!(r.status, status, "{user}");
        if status == 200 {
            assert_eq!(r.body.as_bytes(), &scan[..], "{user}");
            let d = r.header("content-disposition").unwrap();
            assert!(d.starts_with("attachment; filename=\""), "{d}");
            assert!(
                !d.contains('<') && !d.contains("..") || d.contains("filename*"),
                "{d}"
            );
            assert_eq!(r.header("content-type"), Some("application/octet-stream"));
        }
        cases += 1;
    }
    assert_eq!(Client::new(&server).get(&file).status, 303);
    // The file is not reachable through another action's address, nor by a made-up number.
    let mut qm = Client::logged_in(&server, "qm");
    assert_eq!(
        qm.get(&format!("/actions/{OTHER_DEPT}/files/{seq}")).status,
        404
    );
    assert_eq!(qm.get(&format!("/actions/{OWN}/files/999")).status, 404);
    assert_eq!(
        qm.get(&format!("/actions/{OWN}/files/..%2f..%2fregister.db"))
            .status,
        404
    );
    cases += 4;

    // Refused uploads: the same file again (a replay), no token, another department's action,
    // a reader, too large.
    let before = dump(&db);
    assert_eq!(
        owner
            .upload(&attach, &[("csrf", &csrf)], "again.pdf", &scan)
            .status,
        409
    );
    assert_eq!(owner.upload(&attach, &[], "x.pdf", b"other").status, 403);
    assert_eq!(
        owner
            .upload(&attach, &[("csrf", "0000")], "x.pdf", b"other")
            .status,
        403
    );
    assert_eq!(
        owner
            .upload(
                &format!("/actions/{OTHER_OFFICE}/attach"),
                &[("csrf", &csrf)],
                "x.pdf",
                b"other"
            )
            .status,
        404
    );
    let mut chief = Client::logged_in(&server, "chief");
    let chief_csrf = chief.get("/dashboard").hidden("csrf").unwrap();
    assert_eq!(
        chief
            .upload(&attach, &[("csrf", &chief_csrf)], "x.pdf", b"other")
            .status,
        404
    );
    let big = vec![7u8; 2 * 1024 * 1024];
    assert_eq!(
        owner
            .upload(&attach, &[("csrf", &csrf)], "big.pdf", &big)
            .status,
        413
    );
    assert_eq!(dump(&db), before, "a refused upload changed the register");
    cases += 6;
    // Listed in the history.
    let show = isoaudit()
        .args(["actions", "show", OWN, "--json", "--register"])
        .arg(&db)
        .args(["--today", TODAY])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&show.stdout).unwrap();
    let e = v["history"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["field"] == "attachment")
        .unwrap();
    assert_eq!(e["by"], "owner");
    assert!(e["note"].as_str().unwrap().contains(&sha));
    cases += 1;
    say_count("evidence_files_only_for_those_who_may_see_them", cases);
}

/// Pages are in the user's language; the switch on every page changes it for good (kept in the
/// register), and only with the session's token.
#[test]
fn pages_in_the_users_language() {
    let (_dir, db) = fixture();
    let server = serve(&db, &[]);
    let mut c = Client::logged_in(&server, "owner");
    let todo = c.get("/todo");
    assert!(todo.body.contains("<html lang=\"zh-CN\">") && todo.body.contains("已逾期"));
    let csrf = todo.hidden("csrf").unwrap();
    assert_eq!(c.post("/lang", &[("lang", "en")]).status, 403, "no token");
    assert_eq!(
        c.post("/lang", &[("csrf", &csrf), ("lang", "fr")]).status,
        400
    );
    assert_eq!(
        c.post("/lang", &[("csrf", &csrf), ("lang", "en")]).status,
        303
    );
    let todo = c.get("/todo");
    assert!(todo.body.contains("<html lang=\"en\">") && todo.body.contains("Overdue"));
    // Kept in the register: a new session is in English too.
    let mut again = Client::logged_in(&server, "owner");
    assert!(again.get("/todo").body.contains("Overdue"));
    let o = isoaudit()
        .args(["users", "list", "--json", "--register"])
        .arg(&db)
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let owner = v
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["name"] == "owner")
        .unwrap();
    assert_eq!(owner["lang"], "en");
    // The login page offers both.
    let login = Client::new(&server).get("/login?lang=en");
    assert!(login.body.contains("Log in") && login.body.contains("中文"));
}

/// An audit's page shows its facts and every finding with its action's status, on-time closure
/// and verdict, all escaped; the review page and workbook are the CLI's: the workbook the web
/// sends is byte for byte the one `isoaudit review` writes for the same period.
#[test]
fn reports_are_the_registers_and_the_clis() {
    let (dir, db) = fixture();
    let server = serve(&db, &[]);
    // One action closed after an effective verification, one still open: the figures differ.
    let run = |args: &[&str]| {
        let o = isoaudit()
            .args(args)
            .arg("--register")
            .arg(&db)
            .env("USER", "王敏")
            .output()
            .unwrap();
        assert!(
            o.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
    };
    run(&[
        "actions",
        "update",
        OTHER_DEPT,
        "--owner",
        "赵六",
        "--correction",
        "补归档",
        "--root-cause",
        "归档时限未规定",
        "--action",
        "修订记录控制程序",
        "--today",
        "2026-03-25",
    ]);
    run(&[
        "actions",
        "implement",
        OTHER_DEPT,
        "--note",
        "已归档",
        "--today",
        "2026-04-01",
    ]);
    run(&[
        "actions",
        "verify",
        OTHER_DEPT,
        "--effective",
        "--method",
        "抽查",
        "--today",
        "2026-04-10",
    ]);
    run(&["actions", "close", OTHER_DEPT, "--today", "2026-04-11"]);

    let mut qm = Client::logged_in(&server, "qm");
    let page = qm.get("/reports/audits/IA01/linhu");
    assert_eq!(page.status, 200);
    let b = &page.body;
    assert!(b.contains("王敏") && b.contains("2026年度内部审核"), "{b}");
    assert!(b.contains(OWN) && b.contains(OTHER_DEPT) && !b.contains(OTHER_OFFICE));
    assert!(b.contains("行政许可股") && b.contains("综合股") && b.contains("李强"));
    // The hostile statement is shown as text.
    assert!(
        !b.contains("<script>") && b.contains("&lt;script&gt;"),
        "{b}"
    );
    // Closed on time (due from the policy, after 2026-04-11), verified effective.
    let row = b
        .split(OTHER_DEPT)
        .nth(2)
        .unwrap()
        .split("</tr>")
        .next()
        .unwrap();
    assert!(
        row.contains("已关闭") && row.contains(">是<") && row.contains("有效"),
        "{row}"
    );
    // The figures of `actions stats` over the audit's two actions.
    let figures = b.split("id=\"figures\"").nth(1).unwrap();
    assert!(figures.contains("<td>1</td>"), "{figures}");

    // The review page in the user's language, with the CLI's sections.
    let review = qm.get("/reports/review?from=2026-01-01&to=2026-06-01");
    assert_eq!(review.status, 200);
    for h in [
        "1 内部审核结果",
        "2 不符合及纠正措施",
        "按期关闭率（%）",
        "以往管理评审",
    ] {
        assert!(review.body.contains(h), "{h}");
    }
    // The bureau's workbook from the web and from the CLI: the same bytes.
    let mut bureau = Client::logged_in(&server, "bureau-qm");
    let web = bureau.get("/reports/review.xlsx?from=2026-01-01&to=2026-06-01");
    assert_eq!(web.status, 200);
    let out = dir.path().join("review-out");
    let o = isoaudit()
        .args([
            "review",
            "--from",
            "2026-01-01",
            "--to",
            "2026-06-01",
            "--lang",
            "zh",
            "-o",
        ])
        .arg(&out)
        .arg("--register")
        .arg(&db)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let cli = std::fs::read(out.join("管理评审输入.xlsx")).unwrap();
    assert!(
        web.bytes == cli,
        "the web's workbook differs from the CLI's"
    );
    // An office's quality manager gets their office's review only.
    let mine = qm.get("/reports/review.xlsx?from=2026-01-01&to=2026-06-01");
    assert!(mine.bytes != cli && mine.bytes.starts_with(b"PK"));
}

/// The sample bureau's users: imported from the committed file onto the sample audit's register,
/// each with an initial password written once to a new file only its owner reads; imported
/// again, nothing changes and the passwords file is not overwritten; then they log in and each
/// sees what their role and display name give them.
#[test]
fn the_sample_users_log_in_to_the_sample_register() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("isoaudit.db");
    let sample = crate::harness::root().join("samples/bureau");
    let o = isoaudit()
        .arg("audit")
        .arg(&sample)
        .arg("-o")
        .arg(dir.path().join("out"))
        .arg("--register")
        .arg(&db)
        .args(["--today", TODAY, "--quiet"])
        .output()
        .unwrap();
    assert!(
        o.status.code().is_some_and(|c| c <= 2),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let pw = dir.path().join("initial-passwords.txt");
    let import = |out: Option<&Path>| {
        let mut c = isoaudit();
        c.args(["users", "import"])
            .arg(sample.join("users.toml"))
            .arg("--register")
            .arg(&db)
            .args(["--lang", "en"]);
        if let Some(p) = out {
            c.arg("--passwords-out").arg(p);
        }
        c.output().unwrap()
    };
    let o = import(Some(&pw));
    let said = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{said}");
    assert!(o.stdout.is_empty(), "passwords go to the file only");
    assert!(said.contains("14 user(s) added, 0 already"), "{said}");
    let written = std::fs::read_to_string(&pw).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&pw).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    let passwords: BTreeMap<&str, &str> = written
        .lines()
        .map(|l| l.split_once('\t').unwrap())
        .collect();
    assert_eq!(passwords.len(), 14);
    assert!(passwords.values().all(|p| p.len() == 16));
    // Again: nothing added, the file refused before anything is read or written.
    let o = import(Some(&pw));
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("never overwritten"));
    assert_eq!(std::fs::read_to_string(&pw).unwrap(), written);
    let o = import(None);
    let said = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{said}");
    assert!(
        said.contains("0 user(s) added, 14 already") && o.stdout.is_empty(),
        "{said}"
    );

    // A bad row: named by file and line with a hint, in the reader's language; nothing added.
    let bad = dir.path().join("新用户.toml");
    std::fs::write(
        &bad,
        "[[user]]\nname = \"xiaoli\"\nrole = \"reader\"\n\n[[user]]\nname = \"xiaoma\"\nrole = \"dept-owner\"\noffice = \"hq\"\n",
    )
    .unwrap();
    let o = isoaudit()
        .args(["users", "import"])
        .arg(&bad)
        .arg("--register")
        .arg(&db)
        .args(["--lang", "zh"])
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&o.stderr);
    assert!(!o.status.success(), "{said}");
    assert!(
        said.contains("新用户.toml：第 5 行") && said.contains("部门负责人须填写"),
        "{said}"
    );
    assert!(
        said.contains("提示") && said.contains("未添加任何用户"),
        "{said}"
    );
    let o = isoaudit()
        .args(["users", "list", "--register"])
        .arg(&db)
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&o.stdout).contains("xiaoli"));

    let server = serve(&db, &[]);
    // An initial password opens one page only: the one that replaces it.
    let mut first = Client::new(&server);
    assert_eq!(first.login("liuyang", passwords["liuyang"]).status, 303);
    for path in ["/", "/todo", "/actions", "/reports"] {
        let r = first.get(path);
        assert_eq!(
            (r.status, r.header("location")),
            (303, Some("/password")),
            "{path}"
        );
    }
    let page = first.get("/password");
    assert_eq!(page.status, 200);
    let csrf = page.hidden("csrf").unwrap();
    let initial = passwords["liuyang"];
    for (form, status) in [
        (
            vec![
                ("current", initial),
                ("new", "我的新密码2026"),
                ("again", "我的新密码2026"),
            ],
            403,
        ),
        (
            vec![
                ("csrf", &csrf),
                ("current", "wrong one"),
                ("new", "我的新密码2026"),
                ("again", "我的新密码2026"),
            ],
            401,
        ),
        (
            vec![
                ("csrf", &csrf),
                ("current", initial),
                ("new", "我的新密码2026"),
                ("again", "我的新密码2027"),
            ],
            422,
        ),
        (
            vec![
                ("csrf", &csrf),
                ("current", initial),
                ("new", "short"),
                ("again", "short"),
            ],
            422,
        ),
        (
            vec![
                ("csrf", &csrf),
                ("current", initial),
                ("new", initial),
                ("again", initial),
            ],
            422,
        ),
    ] {
        let r = first.post("/password", &form);
        assert_eq!(r.status, status, "{form:?}: {}", r.body);
        assert_eq!(first.get("/todo").header("location"), Some("/password"));
    }
    let changed = |c: &mut Client, user: &str| {
        let csrf = c.get("/password").hidden("csrf").unwrap();
        let new = format!("{user} chose this");
        let r = c.post(
            "/password",
            &[
                ("csrf", &csrf),
                ("current", passwords[user]),
                ("new", &new),
                ("again", &new),
            ],
        );
        assert_eq!(
            (r.status, r.header("location")),
            (303, Some("/")),
            "{user}: {}",
            r.body
        );
    };
    changed(&mut first, "liuyang");
    assert_eq!(first.get("/todo").status, 200);
    assert_eq!(Client::new(&server).login("liuyang", initial).status, 401);
    let login = |user: &str| {
        let mut c = Client::new(&server);
        let r = c.login(user, passwords[user]);
        if r.status == 303 {
            changed(&mut c, user);
        } else {
            // Changed above: the chosen password opens the pages at once.
            let r = c.login(user, &format!("{user} chose this"));
            assert_eq!(r.status, 303, "{user}: {}", r.body);
        }
        c
    };
    // 行政许可股 of linhu: its two findings, nothing else.
    let list = login("liuyang").get("/actions").body;
    assert!(
        list.contains("DGZJ-2026-IA01-linhu-NC03") && list.contains("DGZJ-2026-IA01-linhu-NC04")
    );
    assert_eq!(list.matches("DGZJ-2026-IA01-").count() / 2, 2, "{list}");
    // 李强 raised one finding in anhe and one in linhu; Zhang Wei four in anhe and hq.
    let list = login("liqiang").get("/actions").body;
    assert!(list.contains("anhe-NC01") && list.contains("linhu-NC01"));
    assert!(
        !list.contains("linhu-NC03") && !list.contains("hq-NC01"),
        "{list}"
    );
    let list = login("zhangwei").get("/actions").body;
    assert!(
        list.contains("<html lang=\"en\">")
            && list.contains("hq-NC01")
            && list.contains("anhe-NC02")
    );
    assert!(!list.contains("linhu-NC"), "{list}");
    // The bureau's quality manager and the chief read the three offices' audits.
    for user in ["gaofeng", "huangming"] {
        let reports = login(user).get("/reports").body;
        for office in ["hq", "linhu", "anhe"] {
            assert!(
                reports.contains(&format!("/reports/audits/DGZJ-2026-IA01/{office}")),
                "{user} {office}"
            );
        }
    }
    // linhu's quality manager: linhu's only.
    let reports = login("hejun").get("/reports").body;
    assert!(reports.contains("/DGZJ-2026-IA01/linhu") && !reports.contains("/DGZJ-2026-IA01/hq"));
}
