//! The password file libpq reads when neither the URL nor `PGPASSWORD` gives a password:
//! `PGPASSFILE`, else `~/.pgpass`, one `host:port:database:user:password` per line, `*` for any
//! value of a field, `\:` and `\\` for a colon and a backslash, `#` starting a comment; the first
//! line that matches wins. A file that its group or others can read is ignored with a warning,
//! as libpq does, since the passwords in it are not kept secret.

use crate::model::{Diagnostic, Location, Say, Text};
use std::path::PathBuf;
use std::sync::OnceLock;

/// Who says a warning met while reading connection settings: the register writes nothing
/// itself; the command line sets this to its printer.
static WARN: OnceLock<fn(&Diagnostic)> = OnceLock::new();

/// Say the register's warnings through `f` (set once, by the program's entry point).
pub fn on_warning(f: fn(&Diagnostic)) {
    let _ = WARN.set(f);
}

fn warn(d: Diagnostic) {
    if let Some(f) = WARN.get() {
        f(&d);
    }
}

/// Where the password file is.
fn path() -> Option<PathBuf> {
    let env = |k: &str| std::env::var_os(k).filter(|v| !v.is_empty());
    env("PGPASSFILE")
        .map(PathBuf::from)
        .or_else(|| env("HOME").map(|h| PathBuf::from(h).join(".pgpass")))
}

/// The password the password file gives for `host`, `port`, `database` and `user`, if any.
pub fn password(host: &str, port: u16, database: &str, user: &str) -> Option<String> {
    let path = path()?;
    let meta = std::fs::metadata(&path).ok()?;
    if !meta.is_file() {
        return None;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // Said once, however many times a command reads its connection settings.
        static SAID: std::sync::Once = std::sync::Once::new();
        if meta.permissions().mode() & 0o077 != 0 {
            SAID.call_once(|| {
                warn(
                    Diagnostic::warning(
                        Location::file(path.display().to_string()),
                        Text::new(Say::PgPassOpen),
                    )
                    .with_hint(
                        Text::new(Say::PgPassOpenHint).with("path", path.display().to_string()),
                    ),
                )
            });
            return None;
        }
    }
    let text = std::fs::read_to_string(&path).ok()?;
    lookup(&text, host, &port.to_string(), database, user)
}

/// The first line of `text` that matches, its password.
fn lookup(text: &str, host: &str, port: &str, database: &str, user: &str) -> Option<String> {
    for line in text.lines() {
        let line = line.trim_end_matches('\r');
        if line.starts_with('#') {
            continue;
        }
        let f = fields(line);
        if f.len() < 5 {
            continue;
        }
        let m = |pattern: &str, value: &str| pattern == "*" || pattern == value;
        if m(&f[0], host) && m(&f[1], port) && m(&f[2], database) && m(&f[3], user) {
            return Some(f[4].clone());
        }
    }
    None
}

/// A line cut at its unescaped colons, the escapes taken out.
fn fields(line: &str) -> Vec<String> {
    let mut out = vec![String::new()];
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                if let Some(n) = chars.next() {
                    out.last_mut().expect("one field at least").push(n);
                }
            }
            ':' => out.push(String::new()),
            c => out.last_mut().expect("one field at least").push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_matching_line_gives_the_password() {
        let file = "# host:port:database:user:password\n\
                    db.bureau.local:5432:isoaudit:quality:first\r\n\
                    db.bureau.local:5433:*:quality:other-port\n\
                    *:*:isoaudit:*:any\\:host\\\\x\n\
                    *:*:*:quality:fallback:ignored\n\
                    short:line\n";
        let get = |h, p, d, u| lookup(file, h, p, d, u);
        assert_eq!(
            get("db.bureau.local", "5432", "isoaudit", "quality").as_deref(),
            Some("first")
        );
        assert_eq!(
            get("db.bureau.local", "5433", "reg", "quality").as_deref(),
            Some("other-port")
        );
        assert_eq!(
            get("elsewhere", "5432", "isoaudit", "reader").as_deref(),
            Some("any:host\\x")
        );
        assert_eq!(
            get("elsewhere", "5432", "reg", "quality").as_deref(),
            Some("fallback")
        );
        assert_eq!(get("elsewhere", "5432", "reg", "reader"), None);
        assert_eq!(fields("a\\:b:c"), ["a:b", "c"]);
    }
}
