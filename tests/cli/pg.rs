//! A real PostgreSQL server for the tests that run the register on PostgreSQL: started once per
//! test process (`initdb` into a temp folder, `pg_ctl start` on a free port of 127.0.0.1 with
//! the socket in that folder), as an unprivileged user when the tests run as root (the server
//! refuses root), and stopped by a watcher when the test process ends. Each test gets a
//! database of its own. Without PostgreSQL installed the tests say so on stderr and skip,
//! unless `ISOAUDIT_REQUIRE_POSTGRES` is set (`.ci/run`), where they fail.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU32, Ordering};

/// The password of the test server's superuser, given to the commands in `PGPASSWORD`.
pub const PASSWORD: &str = "isoaudit-test-secret";
/// The test server's superuser.
pub const USER: &str = "isoaudit";

pub struct Server {
    pub port: u16,
    /// The server's folder (its socket, and the TLS server's certificates).
    pub dir: PathBuf,
    /// Only TLS over TCP: the admin connection goes through the Unix socket.
    tls: bool,
    next: AtomicU32,
}

static SERVER: OnceLock<Result<Server, String>> = OnceLock::new();
static TLS_SERVER: OnceLock<Result<Server, String>> = OnceLock::new();

/// The server, started on first use; `None` (said on stderr) when PostgreSQL is not installed.
pub fn server(test: &str) -> Option<&'static Server> {
    said(test, SERVER.get_or_init(|| start(false)))
}

/// A second server that takes TCP connections over TLS only (`hostssl` in pg_hba.conf), with a
/// certificate for `localhost` signed by a test authority (`ca.crt` in its folder; another
/// authority's certificate, `other-ca.crt`, beside it), both made by the `openssl` program;
/// `None` (said on stderr) when PostgreSQL or openssl is missing.
pub fn tls_server(test: &str) -> Option<&'static Server> {
    said(test, TLS_SERVER.get_or_init(|| start(true)))
}

fn said(test: &str, s: &'static Result<Server, String>) -> Option<&'static Server> {
    match s {
        Ok(s) => Some(s),
        Err(why) => {
            if std::env::var_os("ISOAUDIT_REQUIRE_POSTGRES").is_some() {
                panic!("{test}: PostgreSQL is required here: {why}");
            }
            let _ = writeln!(
                std::io::stderr(),
                "{test}: skipped on PostgreSQL: {why} (install the postgresql package to run it)"
            );
            None
        }
    }
}

impl Server {
    /// A fresh, empty database; its URL (without the password).
    pub fn database(&self) -> String {
        let n = self.next.fetch_add(1, Ordering::SeqCst);
        let name = format!("reg{n}");
        self.admin()
            .batch_execute(&format!("CREATE DATABASE {name}"))
            .unwrap();
        self.url(&name)
    }

    /// The URL of database `name`, without the password.
    pub fn url(&self, name: &str) -> String {
        format!("postgres://{USER}@127.0.0.1:{}/{name}", self.port)
    }

    /// A connection to database `name` as the superuser.
    pub fn connect(&self, name: &str) -> postgres::Client {
        let mut c = postgres::Config::new();
        if self.tls {
            c.host_path(&self.dir);
        } else {
            c.host("127.0.0.1");
        }
        c.port(self.port)
            .user(USER)
            .password(PASSWORD)
            .dbname(name)
            .connect(postgres::NoTls)
            .unwrap()
    }

    fn admin(&self) -> postgres::Client {
        self.connect("postgres")
    }
}

/// The folder of PostgreSQL's programs: on PATH, else Debian's /usr/lib/postgresql/N/bin.
fn bin_dir() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("PATH") {
        for d in std::env::split_paths(&path) {
            if d.join("initdb").is_file() && d.join("pg_ctl").is_file() {
                return Some(d);
            }
        }
    }
    let mut found: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path().join("bin")))
        .filter(|d| d.join("initdb").is_file())
        .collect();
    found.sort();
    found.pop()
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false)
}

/// `program args` as the server's user: `nobody` when we are root, else ourselves.
fn as_server_user(root: bool, program: &Path) -> Command {
    if root {
        let mut c = Command::new("runuser");
        c.args(["-u", "nobody", "--"]).arg(program);
        c
    } else {
        Command::new(program)
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// `openssl ARGS` in `dir`; its error output when it fails.
fn openssl(dir: &Path, args: &[&str]) -> Result<(), String> {
    let out = Command::new("openssl")
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("openssl not found ({e})"))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(format!(
            "openssl {}: {}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr)
        ))
    }
}

/// A test authority (`ca.crt`), another one nobody trusts (`other-ca.crt`), and the server's
/// key and certificate for `localhost` signed by the first, all P-256 and valid for two days.
fn certificates(dir: &Path) -> Result<(), String> {
    for (name, cn) in [
        ("ca", "isoaudit test authority"),
        ("other-ca", "someone else"),
    ] {
        let (key, crt, subj) = (
            format!("{name}.key"),
            format!("{name}.crt"),
            format!("/CN={cn}"),
        );
        openssl(
            dir,
            &[
                "req",
                "-x509",
                "-new",
                "-nodes",
                "-newkey",
                "ec",
                "-pkeyopt",
                "ec_paramgen_curve:prime256v1",
                "-keyout",
                &key,
                "-out",
                &crt,
                "-days",
                "2",
                "-subj",
                &subj,
                "-addext",
                "basicConstraints=critical,CA:TRUE",
                "-addext",
                "keyUsage=critical,keyCertSign,cRLSign",
            ],
        )?;
    }
    openssl(
        dir,
        &[
            "req",
            "-new",
            "-nodes",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
            "-keyout",
            "server.key",
            "-out",
            "server.csr",
            "-subj",
            "/CN=localhost",
        ],
    )?;
    std::fs::write(
        dir.join("server.ext"),
        "subjectAltName=DNS:localhost\nbasicConstraints=CA:FALSE\n\
         keyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n",
    )
    .map_err(|e| e.to_string())?;
    openssl(
        dir,
        &[
            "x509",
            "-req",
            "-in",
            "server.csr",
            "-CA",
            "ca.crt",
            "-CAkey",
            "ca.key",
            "-CAcreateserial",
            "-out",
            "server.crt",
            "-days",
            "2",
            "-extfile",
            "server.ext",
        ],
    )?;
    // The server refuses a key others can read.
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(
        dir.join("server.key"),
        std::fs::Permissions::from_mode(0o600),
    )
    .map_err(|e| e.to_string())
}

fn start(tls: bool) -> Result<Server, String> {
    let bin = bin_dir().ok_or("initdb and pg_ctl not found")?;
    let root = is_root();
    // As root, /tmp: a TMPDIR under root's home is not reachable by the server's user.
    let base = if root {
        PathBuf::from("/tmp")
    } else {
        std::env::temp_dir()
    };
    let dir = base.join(format!(
        "isoaudit-pg{}-{}",
        if tls { "-tls" } else { "" },
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let pwfile = dir.join("pw");
    std::fs::write(&pwfile, PASSWORD).map_err(|e| e.to_string())?;
    if tls {
        certificates(&dir)?;
    }
    if root {
        let ok = Command::new("chown")
            .args(["-R", "nobody"])
            .arg(&dir)
            .status()
            .map_err(|e| e.to_string())?;
        if !ok.success() {
            return Err("cannot hand the server's folder to user nobody".into());
        }
    }
    let data = dir.join("data");
    let out = as_server_user(root, &bin.join("initdb"))
        .arg("-D")
        .arg(&data)
        .args(["-U", USER, "-A", "scram-sha-256", "-E", "UTF8", "--no-sync"])
        .arg(format!("--pwfile={}", pwfile.display()))
        .current_dir(&dir)
        .output()
        .map_err(|e| e.to_string())?;
    if !out.status.success() {
        return Err(format!(
            "initdb failed: {}",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    let mut options = String::new();
    if tls {
        // TCP only over TLS; the Unix socket for the tests' own admin connection.
        std::fs::write(
            data.join("pg_hba.conf"),
            "local all all scram-sha-256\nhostssl all all 127.0.0.1/32 scram-sha-256\n",
        )
        .map_err(|e| e.to_string())?;
        options = format!(
            " -c ssl=on -c ssl_cert_file={d}/server.crt -c ssl_key_file={d}/server.key",
            d = dir.display()
        );
    }
    // A port taken between our look and the server's bind: try another.
    for _ in 0..5 {
        let port = free_port();
        let out = as_server_user(root, &bin.join("pg_ctl"))
            .arg("-D")
            .arg(&data)
            .arg("-o")
            .arg(format!(
                "-p {port} -k {} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=100{options}",
                dir.display()
            ))
            .arg("-l")
            .arg(dir.join("log"))
            .args(["-w", "start"])
            .current_dir(&dir)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .map_err(|e| e.to_string())?;
        if out.success() {
            watch(root, &bin, &dir);
            return Ok(Server {
                port,
                dir,
                tls,
                next: AtomicU32::new(0),
            });
        }
    }
    Err(format!(
        "the server did not start: {}",
        std::fs::read_to_string(dir.join("log")).unwrap_or_default()
    ))
}

/// Stop the server and remove its folder once this test process has ended, however it ends.
fn watch(root: bool, bin: &Path, dir: &Path) {
    let stop = format!(
        "{}{} -D {} -m immediate stop",
        if root { "runuser -u nobody -- " } else { "" },
        bin.join("pg_ctl").display(),
        dir.join("data").display()
    );
    let script = format!(
        "while kill -0 {pid} 2>/dev/null; do sleep 1; done; {stop} >/dev/null 2>&1; rm -rf {dir}",
        pid = std::process::id(),
        dir = dir.display()
    );
    let _ = Command::new("setsid")
        .args(["sh", "-c", &script])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn();
}
