//! How a command reaches a PostgreSQL register, on the real servers of tests/cli/pg.rs: TLS
//! (its TLS server refuses unencrypted TCP) with `sslmode` and `sslrootcert` from the URL or
//! `PGSSLMODE`/`PGSSLROOTCERT`, the certificate checked as `verify-ca` and `verify-full` say;
//! the password from the password file (`PGPASSFILE`) when nothing else gives one; and each
//! way it fails said plainly in both languages with a hint, never the driver's words.

use crate::pg::PASSWORD;
use crate::register_robustness::audit;
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_isoaudit");

/// `isoaudit actions ARGS --register URL` with `env` set (and PGPASSWORD), in `lang`.
fn run(url: &str, args: &[&str], env: &[(&str, &str)], lang: Option<&str>) -> Output {
    let mut c = Command::new(BIN);
    c.arg("actions")
        .args(args)
        .args(["--register", url, "--today", "2026-06-01"])
        .env("PGPASSWORD", PASSWORD)
        .env("HOME", "/nonexistent")
        .env_remove("PGSSLMODE")
        .env_remove("PGSSLROOTCERT")
        .env_remove("LANG")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES");
    for (k, v) in env {
        c.env(k, v);
    }
    if let Some(l) = lang {
        c.env("LANG", l);
    }
    c.output().unwrap()
}

fn ok(out: Output, what: &str) -> String {
    assert!(
        out.status.success(),
        "{what}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The two lines (error, hint) a refused connection prints, in English and in Chinese, each
/// holding its words; no driver dump, no password.
fn fails_with(url: &str, env: &[(&str, &str)], en: [&str; 2], zh: [&str; 2]) {
    for (lang, [msg, hint], [error, hint_word]) in [
        (None, en, ["error: ", "hint: "]),
        (Some("zh_CN.UTF-8"), zh, ["错误：", "提示："]),
    ] {
        let out = run(url, &["list"], env, lang);
        assert_eq!(out.status.code(), Some(2), "{url} {env:?}");
        assert!(out.stdout.is_empty());
        let err = String::from_utf8(out.stderr).unwrap();
        let lines: Vec<&str> = err.lines().collect();
        assert_eq!(lines.len(), 2, "{url}: {err}");
        assert!(
            lines[0].starts_with(error) && lines[0].contains(msg),
            "{url} {env:?}: {err}"
        );
        assert!(
            lines[1].starts_with(hint_word) && lines[1].contains(hint),
            "{url} {env:?}: {err}"
        );
        assert!(
            !err.contains(PASSWORD) && !err.contains(" { ") && !err.contains("Error"),
            "{url}: {err}"
        );
    }
}

#[test]
fn tls_is_used_as_sslmode_says_and_every_failure_is_said_plainly() {
    let Some(server) = crate::pg::tls_server("tls") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("result.json"),
        serde_json::to_vec(&audit("hq", 3, 0, "x")).unwrap(),
    )
    .unwrap();
    let ca = server.dir.join("ca.crt").display().to_string();
    let other = server.dir.join("other-ca.crt").display().to_string();
    let port = server.port;
    let url = server.database();
    let db = url.rsplit('/').next().unwrap().to_string();
    // The certificate names localhost; `hostaddr` keeps the connection on 127.0.0.1.
    let by_name = format!("postgres://isoaudit@localhost:{port}/{db}?hostaddr=127.0.0.1");
    let by_address = format!("postgres://isoaudit@127.0.0.1:{port}/{db}");

    // The server takes TCP over TLS only: every command below that works used TLS.
    let result = dir.path().join("result.json").display().to_string();
    ok(
        run(
            &format!("{by_address}?sslmode=require"),
            &["sync", &result],
            &[],
            None,
        ),
        "sync with sslmode=require",
    );
    let listed = ok(
        run(
            &format!("{by_name}&sslmode=verify-full&sslrootcert={ca}"),
            &["list", "--json"],
            &[],
            None,
        ),
        "verify-full",
    );
    let actions: serde_json::Value = serde_json::from_str(&listed).unwrap();
    assert_eq!(actions.as_array().map(Vec::len), Some(3), "{listed}");
    // From the environment; verify-ca accepts the address the certificate does not name.
    let environments: [(&str, Vec<(&str, &str)>); 3] = [
        (
            &by_name,
            vec![("PGSSLMODE", "verify-full"), ("PGSSLROOTCERT", &ca)],
        ),
        (
            &by_address,
            vec![("PGSSLMODE", "verify-ca"), ("PGSSLROOTCERT", &ca)],
        ),
        // The default (prefer) takes the TLS the server offers.
        (&by_address, vec![]),
    ];
    for (u, env) in environments {
        assert_eq!(ok(run(u, &["list", "--json"], &env, None), u), listed);
    }
    // The URL wins over the environment.
    assert_eq!(
        ok(
            run(
                &format!("{by_address}?sslmode=require"),
                &["list", "--json"],
                &[("PGSSLMODE", "verify-full")],
                None
            ),
            "URL over environment"
        ),
        listed
    );

    // Without TLS the server refuses the connection itself.
    let out = run(
        &format!("{by_address}?sslmode=disable"),
        &["list"],
        &[],
        None,
    );
    assert_eq!(out.status.code(), Some(2));

    fails_with(
        &format!("{by_address}?sslmode=verify-full&sslrootcert={ca}"),
        &[],
        ["certificate is for another host name", "sslmode=verify-ca"],
        ["证书属于另一个主机名", "sslmode=verify-ca"],
    );
    fails_with(
        &by_name,
        &[("PGSSLMODE", "verify-ca"), ("PGSSLROOTCERT", &other)],
        ["not signed by a trusted authority", "sslrootcert=FILE"],
        ["不是由受信任的证书机构签发的", "sslrootcert="],
    );
    // `require` with a root certificate named checks the authority, as libpq does.
    fails_with(
        &format!("{by_address}?sslmode=require&sslrootcert={other}"),
        &[],
        ["not signed by a trusted authority", "sslrootcert=FILE"],
        ["不是由受信任的证书机构签发的", "sslrootcert="],
    );
    // No root certificate named: libpq's ~/.postgresql/root.crt, absent here.
    fails_with(
        &format!("{by_name}&sslmode=verify-full"),
        &[],
        [
            "cannot read the trusted authority's certificate (/nonexistent/.postgresql/root.crt",
            "~/.postgresql/root.crt",
        ],
        [
            "无法读取受信任证书机构的证书（/nonexistent/.postgresql/root.crt",
            "~/.postgresql/root.crt",
        ],
    );
    fails_with(
        &format!("{by_name}&sslmode=sometimes"),
        &[],
        [
            "not a valid PostgreSQL URL (sslmode=sometimes)",
            "postgres://",
        ],
        [
            "不是有效的 PostgreSQL URL（sslmode=sometimes）",
            "postgres://",
        ],
    );
}

#[test]
fn a_server_without_tls_is_refused_when_tls_is_required_but_not_on_its_socket() {
    let Some(server) = crate::pg::server("tls_required") else {
        return;
    };
    let url = server.database();
    for (u, env) in [
        (format!("{url}?sslmode=require"), None),
        (url.clone(), Some(("PGSSLMODE", "require"))),
    ] {
        let env: Vec<(&str, &str)> = env.into_iter().collect();
        fails_with(
            &u,
            &env,
            ["does not accept TLS connections", "sslmode=prefer"],
            ["不接受 TLS 加密连接", "sslmode=prefer"],
        );
    }
    // Over the server's Unix socket sslmode does not apply, as in libpq.
    let dir = tempfile::tempdir().unwrap();
    let result = dir.path().join("result.json");
    std::fs::write(
        &result,
        serde_json::to_vec(&audit("hq", 1, 0, "x")).unwrap(),
    )
    .unwrap();
    let db = url.rsplit('/').next().unwrap();
    let socket = format!(
        "postgres://isoaudit@/{db}?host={}&port={}&sslmode=verify-full",
        server.dir.display(),
        server.port
    );
    ok(
        run(&socket, &["sync", &result.display().to_string()], &[], None),
        "sync over the socket",
    );
}

#[test]
fn the_password_file_is_read_when_nothing_else_gives_a_password() {
    use std::os::unix::fs::PermissionsExt;
    let Some(server) = crate::pg::server("pgpass") else {
        return;
    };
    let url = server.database();
    let db = url.rsplit('/').next().unwrap();
    let port = server.port;
    let dir = tempfile::tempdir().unwrap();
    let result = dir.path().join("result.json");
    std::fs::write(
        &result,
        serde_json::to_vec(&audit("hq", 2, 0, "x")).unwrap(),
    )
    .unwrap();
    let file = dir.path().join("pgpass");
    std::fs::write(
        &file,
        format!(
            "# the test server\n127.0.0.1:1:*:*:wrong-port\n\
             127.0.0.1:{port}:{db}:isoaudit:{PASSWORD}\n*:*:*:*:too-late\n"
        ),
    )
    .unwrap();
    let mode =
        |m: u32| std::fs::set_permissions(&file, std::fs::Permissions::from_mode(m)).unwrap();
    let run = |args: &[&str], password: Option<&str>, lang: Option<&str>| {
        let mut c = Command::new(BIN);
        c.arg("actions")
            .args(args)
            .args(["--register", &url, "--today", "2026-06-01"])
            .env("PGPASSFILE", &file)
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
        c.output().unwrap()
    };
    mode(0o600);
    ok(
        run(&["sync", &result.display().to_string()], None, None),
        "sync with the password file",
    );
    let listed = ok(
        run(&["list", "--json"], None, None),
        "list with the password file",
    );
    assert!(listed.contains("hq"), "{listed}");
    // PGPASSWORD comes first: a wrong one is not mended by the file.
    let out = run(&["list"], Some("wrong-password"), None);
    assert_eq!(out.status.code(), Some(2));
    // Others can read it: ignored, said once with its remedy, and the server asks in vain.
    mode(0o644);
    let shown = file.display().to_string();
    for (lang, warning, words, hint, refused) in [
        (
            None,
            "warning: ",
            "can be read by its group or by others: not used",
            "chmod 600",
            "refused the user name or password",
        ),
        (
            Some("zh_CN.UTF-8"),
            "警告：",
            "密码文件可被同组用户或其他用户读取，未使用",
            "chmod 600",
            "拒绝了用户名或密码",
        ),
    ] {
        let out = run(&["list"], None, lang);
        assert_eq!(out.status.code(), Some(2));
        let err = String::from_utf8(out.stderr).unwrap();
        let warned: Vec<&str> = err.lines().filter(|l| l.contains(words)).collect();
        assert_eq!(warned.len(), 1, "{err}");
        assert!(
            warned[0].starts_with(warning) && warned[0].contains(&shown),
            "{err}"
        );
        assert!(err.contains(&format!("{hint} {shown}")), "{err}");
        assert!(err.contains(refused), "{err}");
        assert!(!err.contains(PASSWORD), "{err}");
    }
}
