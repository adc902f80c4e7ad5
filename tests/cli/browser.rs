//! `isoaudit serve` in a real headless Chromium, driven through its DevTools protocol over a
//! websocket: a department owner logs in, writes the plan and implements; the auditor verifies
//! ineffective and the action reopens; the quality manager's dashboard shows it. Nothing in the
//! browser's console is an error. Screenshots are left in `target/serve-e2e/`. Skipped, saying
//! so, where Chromium is not installed (`.ci/run` installs it).

use crate::harness::root;
use crate::serve::{OWN, PASSWORD, fixture_stating, serve};
use serde_json::{Value, json};
use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};
use tungstenite::stream::MaybeTlsStream;
use tungstenite::{Message, WebSocket};

fn chromium_bin() -> Option<PathBuf> {
    let found = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|d| d.join("chromium"))
            .find(|p| p.is_file())
    });
    if found.is_none() {
        let _ = writeln!(
            std::io::stderr(),
            "serve_in_a_real_browser: skipped, chromium is not installed"
        );
    }
    found
}

struct Browser {
    child: Child,
    _profile: tempfile::TempDir,
    ws: WebSocket<MaybeTlsStream<TcpStream>>,
    next: u64,
    session: String,
    /// Console errors, exceptions and failed loads seen so far.
    errors: Vec<String>,
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Browser {
    fn start(bin: &Path) -> Browser {
        let profile = tempfile::tempdir().unwrap();
        let mut child = std::process::Command::new(bin)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--remote-debugging-port=0",
                "--window-size=1200,900",
            ])
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .arg("about:blank")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut err = BufReader::new(child.stderr.take().unwrap());
        let mut line = String::new();
        let url = loop {
            line.clear();
            assert!(err.read_line(&mut line).unwrap() > 0, "chromium stopped");
            if let Some(i) = line.find("ws://") {
                break line[i..].trim().to_string();
            }
        };
        std::thread::spawn(move || {
            let mut sink = Vec::new();
            let _ = std::io::Read::read_to_end(&mut err, &mut sink);
        });
        let (ws, _) = tungstenite::connect(url.as_str()).unwrap();
        if let MaybeTlsStream::Plain(s) = ws.get_ref() {
            s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
        }
        let mut b = Browser {
            child,
            _profile: profile,
            ws,
            next: 0,
            session: String::new(),
            errors: Vec::new(),
        };
        let target = b.call("Target.createTarget", json!({"url": "about:blank"}));
        let attached = b.call(
            "Target.attachToTarget",
            json!({"targetId": target["targetId"], "flatten": true}),
        );
        b.session = attached["sessionId"].as_str().unwrap().to_string();
        for m in ["Page.enable", "Runtime.enable", "Log.enable"] {
            b.call(m, json!({}));
        }
        b.call(
            "Emulation.setDeviceMetricsOverride",
            json!({"width": 1200, "height": 900, "deviceScaleFactor": 1, "mobile": false}),
        );
        b
    }

    fn read(&mut self) -> Value {
        loop {
            match self.ws.read().unwrap() {
                Message::Text(t) => {
                    let v: Value = serde_json::from_str(&t).unwrap();
                    self.note(&v);
                    return v;
                }
                Message::Close(_) => panic!("chromium closed the connection"),
                _ => {}
            }
        }
    }

    /// Keep what the page said in its console that is an error.
    fn note(&mut self, v: &Value) {
        let p = &v["params"];
        match v["method"].as_str() {
            Some("Runtime.exceptionThrown") => self.errors.push(p.to_string()),
            Some("Runtime.consoleAPICalled") if p["type"] == "error" => {
                self.errors.push(p.to_string())
            }
            Some("Log.entryAdded") if p["entry"]["level"] == "error" => {
                self.errors.push(p["entry"].to_string())
            }
            _ => {}
        }
    }

    fn call(&mut self, method: &str, params: Value) -> Value {
        self.next += 1;
        let id = self.next;
        let mut msg = json!({"id": id, "method": method, "params": params});
        if !self.session.is_empty() {
            msg["sessionId"] = json!(self.session);
        }
        self.ws.send(Message::text(msg.to_string())).unwrap();
        loop {
            let v = self.read();
            if v["id"] == id {
                assert!(v.get("error").is_none(), "{method}: {v}");
                return v["result"].clone();
            }
        }
    }

    fn eval(&mut self, js: &str) -> Value {
        let r = self.call(
            "Runtime.evaluate",
            json!({"expression": js, "returnByValue": true, "awaitPromise": true}),
        );
        assert!(r.get("exceptionDetails").is_none(), "{js}: {r}");
        r["result"]["value"].clone()
    }

    /// Run `js` (which navigates: a click, a submit) and wait until the next page has loaded.
    fn navigating(&mut self, js: &str) {
        self.eval(js);
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            assert!(Instant::now() < deadline, "no page load after {js}");
            let v = self.read();
            if v["method"] == "Page.loadEventFired" {
                return;
            }
        }
    }

    fn goto(&mut self, url: &str) {
        self.call("Page.navigate", json!({"url": url}));
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            assert!(Instant::now() < deadline, "no page load of {url}");
            if self.read()["method"] == "Page.loadEventFired" {
                return;
            }
        }
    }

    /// Type into the field matched by `selector` as a person would leave it.
    fn fill(&mut self, selector: &str, value: &str) {
        let js = format!(
            "(() => {{ const e = document.querySelector({}); e.value = {}; return !!e; }})()",
            json!(selector),
            json!(value)
        );
        assert_eq!(self.eval(&js), json!(true), "{selector}");
    }

    fn text(&mut self, selector: &str) -> String {
        let js = format!(
            "(() => {{ const e = document.querySelector({}); return e ? e.innerText : null; }})()",
            json!(selector)
        );
        self.eval(&js).as_str().unwrap_or_default().to_string()
    }

    fn screenshot(&mut self, name: &str) -> PathBuf {
        let r = self.call(
            "Page.captureScreenshot",
            json!({"format": "png", "captureBeyondViewport": true}),
        );
        let png = base64_decode(r["data"].as_str().unwrap());
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
        let dir = root().join("target/serve-e2e");
        std::fs::create_dir_all(&dir).unwrap();
        let p = dir.join(name);
        std::fs::write(&p, png).unwrap();
        p
    }

    fn login(&mut self, base: &str, user: &str) {
        self.goto(&format!("{base}/login?lang=en"));
        self.fill("#user", user);
        self.fill("#password", PASSWORD);
        self.navigating("document.querySelector('#login').click()");
    }

    fn logout(&mut self) {
        self.navigating("document.querySelector('form[action=\"/logout\"] button').click()");
    }
}

fn base64_decode(s: &str) -> Vec<u8> {
    let val = |c: u8| -> u32 {
        match c {
            b'A'..=b'Z' => u32::from(c - b'A'),
            b'a'..=b'z' => u32::from(c - b'a') + 26,
            b'0'..=b'9' => u32::from(c - b'0') + 52,
            b'+' => 62,
            b'/' => 63,
            _ => panic!("not base64: {c}"),
        }
    };
    let mut out = Vec::with_capacity(s.len() * 3 / 4);
    for chunk in s.as_bytes().chunks(4) {
        let data: Vec<u8> = chunk.iter().copied().filter(|&c| c != b'=').collect();
        let mut n = 0u32;
        for (i, &c) in data.iter().enumerate() {
            n |= val(c) << (18 - 6 * i);
        }
        for i in 0..data.len().saturating_sub(1) {
            out.push((n >> (16 - 8 * i)) as u8);
        }
    }
    out
}

#[test]
fn serve_in_a_real_browser() {
    let Some(bin) = chromium_bin() else {
        return;
    };
    let (_dir, db) = fixture_stating(
        "受理窗口仍在使用已作废的《行政许可申请登记表》（LHZJ-QR-07 第2版），未按文件控制程序收回",
    );
    let server = serve(&db, &[]);
    let base = format!("http://{}", server.addr);
    let mut b = Browser::start(&bin);
    let action = format!("{base}/actions/{OWN}");

    // The quality manager's dashboard before.
    b.login(&base, "qm");
    b.goto(&format!("{base}/dashboard"));
    let before = b.text("#figures");
    b.screenshot("1-dashboard-before.png");
    b.logout();

    // The department owner: the to-do shows the overdue action in red; plan, then implement.
    b.login(&base, "owner");
    assert!(b.text("body").contains(OWN));
    let red = b.eval("getComputedStyle(document.querySelector('tr.overdue td')).color");
    assert_eq!(red, json!("rgb(192, 0, 0)"));
    b.screenshot("2-owner-todo.png");
    b.goto(&action);
    b.fill("#owner", "张伟");
    b.fill("#correction", "收回作废版本，窗口改用现行登记表");
    b.fill("#root_cause", "文件更新后未回收旧版");
    b.fill("#corrective_action", "修订文件控制程序，增加发放回收记录");
    b.navigating("document.querySelector('#update button').click()");
    assert_eq!(b.text("#status"), "已制定措施");
    b.fill("#implementation_note", "新版登记表6月起启用");
    b.navigating("document.querySelector('#implement button').click()");
    assert_eq!(b.text("#status"), "已实施");
    b.screenshot("3-owner-implemented.png");
    b.logout();

    // The auditor finds it ineffective: it reopens.
    b.login(&base, "auditor");
    b.goto(&action);
    b.eval("document.querySelector('#ineffective').checked = true");
    b.fill("#method", "抽查6月案卷3份，仍有旧版登记表");
    b.navigating("document.querySelector('#verify button').click()");
    assert_eq!(b.text("#status"), "待处理");
    b.screenshot("4-auditor-reopened.png");
    b.logout();

    // The quality manager's dashboard has changed.
    b.login(&base, "qm");
    b.goto(&format!("{base}/dashboard"));
    let after = b.text("#figures");
    assert_ne!(before, after);
    assert!(after.contains("有效率 %"), "{after}");
    let shot = b.screenshot("5-dashboard-after.png");
    b.goto(&action);
    b.screenshot("6-qm-action.png");
    assert!(shot.is_file());

    // The audit's report, reached from the reports page: the reopened action, ineffective once.
    b.goto(&format!("{base}/reports"));
    b.navigating("document.querySelector('#audits a').click()");
    let report = b.text("body");
    assert!(report.contains("王敏") && report.contains(OWN), "{report}");
    assert!(report.contains("无效 × 1"), "{report}");
    b.screenshot("7-qm-audit-report.png");
    b.goto(&format!(
        "{base}/reports/review?from=2026-01-01&to=2026-06-01"
    ));
    assert!(b.text("#review").contains("按期关闭率"));
    b.screenshot("8-qm-review.png");
    assert!(b.errors.is_empty(), "console errors: {:?}", b.errors);
}
