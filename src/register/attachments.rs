//! Evidence files attached to an action (a scan of the signed form, a photo of the corrected
//! window). The bytes are stored once per content, named by their SHA-256, in a folder beside
//! the register (`isoaudit.db.files/ab/abcdef…`); the register keeps who attached what, when,
//! under which name ([`Attachment`]), and the history says so. Nothing is ever deleted.

use super::{Date, RegisterError};
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

/// One file attached to one action.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Attachment {
    /// Order of attaching, register-wide; assigned by the store (0 before).
    pub seq: i64,
    pub action_id: String,
    /// SHA-256 of the content, lowercase hex: also its file name in the store.
    pub sha256: String,
    /// The name it was uploaded under (cleaned: no folders, no control characters).
    pub name: String,
    pub size: u64,
    pub at: Date,
    pub by: String,
}

/// The folder of the attachments of the register at `register`: beside a register file; for a
/// PostgreSQL register, `isoaudit-files/<host>-<database>` in the folder `serve` runs in (the
/// database keeps who attached what; the bytes stay on the machine that received them).
pub fn folder(register: &Path) -> PathBuf {
    if let Some(url) = super::postgres_url(register) {
        // The server's own reading of the URL (and the PG* variables) names the folder.
        let (host, db) = super::postgres::config(url).map_or_else(
            |_| ("postgres".to_string(), String::new()),
            |c| {
                let host = match c.get_hosts().first() {
                    Some(postgres::config::Host::Tcp(h)) => h.clone(),
                    _ => "localhost".to_string(),
                };
                (host, c.get_dbname().unwrap_or("").to_string())
            },
        );
        let name: String = format!("{host}-{db}")
            .chars()
            .map(|c| {
                if c.is_alphanumeric() || c == '.' {
                    c
                } else {
                    '-'
                }
            })
            .collect();
        return Path::new("isoaudit-files").join(name);
    }
    let mut name = register.as_os_str().to_owned();
    name.push(".files");
    PathBuf::from(name)
}

/// The hex SHA-256 of `bytes`.
pub fn sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Where the content of hash `sha` lives (`None` for anything that is not a SHA-256 in hex, so
/// that a stored value can never point outside the folder).
pub fn path_of(folder: &Path, sha: &str) -> Option<PathBuf> {
    (sha.len() == 64
        && sha
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)))
    .then(|| folder.join(&sha[..2]).join(sha))
}

/// Store `bytes` by content (once: the same content is written once) and return its hash.
pub fn store(folder: &Path, bytes: &[u8]) -> Result<String, RegisterError> {
    let sha = sha256(bytes);
    let p = path_of(folder, &sha).expect("a fresh hash is valid");
    if !p.exists() {
        let io = |e: std::io::Error| {
            RegisterError::Invalid(format!("{}: cannot store an attachment: {e}", p.display()))
        };
        let dir = p.parent().expect("the path has a folder");
        std::fs::create_dir_all(dir).map_err(io)?;
        // Written to a temporary file and renamed, so a half-written file never has the name.
        let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(io)?;
        std::io::Write::write_all(&mut tmp, bytes).map_err(io)?;
        tmp.persist(&p).map_err(|e| io(e.error))?;
    }
    Ok(sha)
}

/// A file name as uploaded, made safe to show and to send back: the last path component,
/// without control characters, quotes or backslashes, at most 120 characters.
pub fn clean_name(name: &str) -> String {
    let last = name.rsplit(['/', '\\']).next().unwrap_or("");
    let s: String = last
        .chars()
        .filter(|c| {
            !c.is_control()
                && !matches!(c, '"' | '\\' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
        })
        .take(120)
        .collect();
    let s = s.trim().trim_start_matches('.').to_string();
    if s.is_empty() { "file".to_string() } else { s }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Beside a register file; for a server's register, named by its host and database, never
    /// by its password.
    #[test]
    fn the_folder_of_a_file_and_of_a_server() {
        assert_eq!(
            folder(Path::new("d/reg.db")),
            PathBuf::from("d/reg.db.files")
        );
        let f = folder(Path::new("postgres://u:secret@db.example:5433/isoaudit"));
        assert_eq!(f, Path::new("isoaudit-files").join("db.example-isoaudit"));
        assert!(!f.display().to_string().contains("secret"));
    }

    #[test]
    fn stored_once_by_content_and_names_cleaned() {
        let d = tempfile::tempdir().unwrap();
        let a = store(d.path(), b"scan").unwrap();
        let b = store(d.path(), b"scan").unwrap();
        assert_eq!(a, b);
        assert_eq!(
            std::fs::read(path_of(d.path(), &a).unwrap()).unwrap(),
            b"scan"
        );
        assert!(path_of(d.path(), "../../etc/passwd").is_none());
        assert!(path_of(d.path(), &"A".repeat(64)).is_none());
        assert_eq!(clean_name("C:\\Users\\x\\签字.pdf"), "签字.pdf");
        assert_eq!(clean_name("../../a\r\nb\".png"), "ab.png");
        assert_eq!(clean_name(".."), "file");
    }
}
