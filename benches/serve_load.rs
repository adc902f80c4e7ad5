//! Load on `isoaudit serve`: one thread per user of the register (logs in, then browses and
//! updates as its role does, with a think time between clicks) for a fixed time; prints request
//! counts, requests per second and p50/p99 latency of page loads and of posted changes, then
//! checks the register for lost updates (every change the server accepted is in the history).
//! Run by `benches/serve_load.sh`, which builds the register, the users and the server.
//!
//!   serve_load ADDR DB SECONDS THINK_MS
//!
//! DB is the register the server serves, a SQLite file or a postgres:// URL: the users and the
//! history are read through isoaudit's own register, so either backend is checked the same way.

use isoaudit::register::{self, Event, Mode, with};
use std::io::{Read, Write};
use std::net::TcpStream;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const PASSWORD: &str = "bench password 1";

struct Resp {
    status: u16,
    cookies: Vec<(String, String)>,
    body: String,
}

fn enc(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.') {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

fn request(
    addr: &str,
    method: &str,
    path: &str,
    cookie: &str,
    form: &[(&str, &str)],
) -> std::io::Result<Resp> {
    let mut s = TcpStream::connect(addr)?;
    s.set_read_timeout(Some(Duration::from_secs(30)))?;
    let body = form
        .iter()
        .map(|(k, v)| format!("{}={}", enc(k), enc(v)))
        .collect::<Vec<_>>()
        .join("&");
    let mut req = format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    if !cookie.is_empty() {
        req.push_str(&format!("Cookie: {cookie}\r\n"));
    }
    if method == "POST" {
        req.push_str(&format!(
            "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n",
            body.len()
        ));
    }
    req.push_str("\r\n");
    req.push_str(&body);
    s.write_all(req.as_bytes())?;
    let mut raw = Vec::new();
    s.read_to_end(&mut raw)?;
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let cookies = lines
        .filter_map(|l| l.split_once(':'))
        .filter(|(k, _)| k.eq_ignore_ascii_case("set-cookie"))
        .filter_map(|(_, v)| {
            let (n, rest) = v.trim().split_once('=')?;
            Some((n.to_string(), rest.split(';').next()?.to_string()))
        })
        .collect();
    Ok(Resp {
        status,
        cookies,
        body: body.to_string(),
    })
}

fn hidden(body: &str, name: &str) -> Option<String> {
    let pat = format!("name=\"{name}\" value=\"");
    let i = body.find(&pat)? + pat.len();
    Some(body[i..].split('"').next()?.to_string())
}

fn hrefs(body: &str) -> Vec<String> {
    body.split("href=\"/actions/")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .map(|s| format!("/actions/{s}"))
        .collect()
}

#[derive(Default)]
struct Tally {
    /// (kind of page, milliseconds)
    pages: Vec<(&'static str, f64)>,
    posts: Vec<f64>,
    errors: Vec<String>,
    conflicts: u64,
    /// (user, changes the server accepted)
    accepted: Vec<(String, u64)>,
}

struct Rng(u64);
impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n.max(1) as u64) as usize
    }
}

fn user_loop(
    addr: String,
    name: String,
    role: String,
    until: Instant,
    think: u64,
    seed: u64,
    tally: Arc<Mutex<Tally>>,
) {
    let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    let mut pages = Vec::new();
    let mut posts = Vec::new();
    let mut errors = Vec::new();
    let (mut conflicts, mut accepted) = (0u64, 0u64);
    let timed_get = |path: &str,
                     cookie: &str,
                     pages: &mut Vec<(&'static str, f64)>,
                     errors: &mut Vec<String>| {
        let kind = match path {
            "/dashboard" => "dashboard",
            "/actions" => "action list",
            _ => "action page",
        };
        let t = Instant::now();
        match request(&addr, "GET", path, cookie, &[]) {
            Ok(r) if r.status == 200 => {
                pages.push((kind, t.elapsed().as_secs_f64() * 1000.0));
                Some(r)
            }
            Ok(r) => {
                errors.push(format!("{name} GET {path}: {}", r.status));
                None
            }
            Err(e) => {
                errors.push(format!("{name} GET {path}: {e}"));
                None
            }
        }
    };
    let login = (|| {
        let page = request(&addr, "GET", "/login", "", &[]).ok()?;
        let token = hidden(&page.body, "token")?;
        let r = request(
            &addr,
            "POST",
            "/login",
            &format!("isoaudit_login={token}"),
            &[("user", &name), ("password", PASSWORD), ("token", &token)],
        )
        .ok()?;
        r.cookies
            .into_iter()
            .find(|(n, v)| n == "isoaudit_session" && !v.is_empty())
            .map(|(n, v)| format!("{n}={v}"))
    })();
    let Some(cookie) = login else {
        tally
            .lock()
            .unwrap()
            .errors
            .push(format!("{name}: login failed"));
        return;
    };
    let mut k = 0u64;
    while Instant::now() < until {
        std::thread::sleep(Duration::from_millis(
            think / 2 + rng.below(think as usize + 1) as u64,
        ));
        match role.as_str() {
            "quality-manager" | "reader" => {
                timed_get("/dashboard", &cookie, &mut pages, &mut errors);
            }
            _ => {
                let Some(list) = timed_get("/actions", &cookie, &mut pages, &mut errors) else {
                    continue;
                };
                let ids = hrefs(&list.body);
                if ids.is_empty() {
                    continue;
                }
                let id = &ids[rng.below(ids.len())];
                let Some(page) = timed_get(id, &cookie, &mut pages, &mut errors) else {
                    continue;
                };
                if role != "dept-owner" || rng.below(3) != 0 || !page.body.contains("id=\"update\"")
                {
                    continue;
                }
                let (Some(csrf), Some(rev)) =
                    (hidden(&page.body, "csrf"), hidden(&page.body, "rev"))
                else {
                    continue;
                };
                k += 1;
                let owner = format!("{name}-{k}");
                let t = Instant::now();
                match request(
                    &addr,
                    "POST",
                    &format!("{id}/update"),
                    &cookie,
                    &[("csrf", &csrf), ("rev", &rev), ("owner", &owner)],
                ) {
                    Ok(r) if r.status == 303 => {
                        posts.push(t.elapsed().as_secs_f64() * 1000.0);
                        accepted += 1;
                    }
                    Ok(r) if r.status == 409 => {
                        posts.push(t.elapsed().as_secs_f64() * 1000.0);
                        conflicts += 1;
                    }
                    Ok(r) => errors.push(format!("{name} POST {id}: {}", r.status)),
                    Err(e) => errors.push(format!("{name} POST {id}: {e}")),
                }
            }
        }
    }
    let mut t = tally.lock().unwrap();
    t.pages.extend(pages);
    t.posts.extend(posts);
    t.errors.extend(errors);
    t.conflicts += conflicts;
    t.accepted.push((name, accepted));
}

fn pct(v: &mut [f64], p: f64) -> f64 {
    if v.is_empty() {
        return f64::NAN;
    }
    v.sort_by(|a, b| a.total_cmp(b));
    v[((v.len() as f64 - 1.0) * p).round() as usize]
}

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    if args.len() < 4 {
        eprintln!("usage: serve_load ADDR DB SECONDS THINK_MS");
        std::process::exit(2);
    }
    let (addr, db) = (args[0].clone(), args[1].clone());
    let seconds: u64 = args[2].parse().expect("SECONDS");
    let think: u64 = args[3].parse().expect("THINK_MS");
    let mut store = register::open(std::path::Path::new(&db), false).expect("the register");
    let users: Vec<(String, String)> = with(store.as_mut(), Mode::Read, |tx| tx.users())
        .expect("the users")
        .into_iter()
        .map(|u| (u.name, u.role.key().to_string()))
        .collect();
    let mut owner_events = || -> Vec<Event> {
        with(store.as_mut(), Mode::Read, |tx| tx.events_of_field("owner")).expect("the history")
    };
    let owner_events_before = owner_events().len() as i64;
    let tally = Arc::new(Mutex::new(Tally::default()));
    let start = Instant::now();
    let until = start + Duration::from_secs(seconds);
    let threads: Vec<_> = users
        .iter()
        .enumerate()
        .map(|(i, (name, role))| {
            let (addr, name, role, tally) =
                (addr.clone(), name.clone(), role.clone(), Arc::clone(&tally));
            std::thread::spawn(move || {
                user_loop(addr, name, role, until, think, i as u64 + 1, tally)
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    let wall = start.elapsed().as_secs_f64();
    let mut t = tally.lock().unwrap();
    let requests = t.pages.len() + t.posts.len();
    // Lost updates: every change the server answered 303 must be in the history, by its user.
    let mut lost = 0i64;
    let after = owner_events();
    for (name, n) in &t.accepted {
        let prefix = format!("{name}-");
        let found = after
            .iter()
            .filter(|e| &e.by == name && e.new.as_deref().is_some_and(|v| v.starts_with(&prefix)))
            .count() as i64;
        lost += (*n as i64 - found).max(0);
    }
    let owner_events_after = after.len() as i64;
    let accepted: u64 = t.accepted.iter().map(|(_, n)| n).sum();
    println!(
        "users: {}, seconds: {seconds}, think time: {}-{} ms",
        users.len(),
        think / 2,
        think / 2 + think
    );
    // The machine is shared: what else ran says how far the tail is this server's own.
    if let Ok(l) = std::fs::read_to_string("/proc/loadavg") {
        let l: Vec<&str> = l.split(' ').take(3).collect();
        println!("load average at the end: {}", l.join(" "));
    }
    println!(
        "requests: {requests} in {wall:.1} s: {:.1} req/s",
        requests as f64 / wall
    );
    let n_posts = t.posts.len();
    let mut all: Vec<f64> = t.pages.iter().map(|p| p.1).collect();
    println!(
        "page loads: {}, p50 {:.1} ms, p99 {:.1} ms",
        all.len(),
        pct(&mut all, 0.5),
        pct(&mut all, 0.99)
    );
    for kind in ["action list", "action page", "dashboard"] {
        let mut v: Vec<f64> = t
            .pages
            .iter()
            .filter(|p| p.0 == kind)
            .map(|p| p.1)
            .collect();
        println!(
            "  {kind}: {}, p50 {:.1} ms, p99 {:.1} ms",
            v.len(),
            pct(&mut v, 0.5),
            pct(&mut v, 0.99)
        );
    }
    let conflicts = t.conflicts;
    println!(
        "posted changes: {n_posts} ({accepted} saved, {conflicts} refused as conflicts), p50 {:.1} ms, p99 {:.1} ms",
        pct(&mut t.posts, 0.5),
        pct(&mut t.posts, 0.99)
    );
    println!(
        "errors: {}, lost updates: {lost} (history grew by {} owner changes)",
        t.errors.len(),
        owner_events_after - owner_events_before
    );
    for e in t.errors.iter().take(10) {
        println!("  {e}");
    }
    if !t.errors.is_empty() || lost > 0 {
        std::process::exit(1);
    }
}
