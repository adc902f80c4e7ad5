//! The people who may use `isoaudit serve`: a name, a role, the office (and, for a department
//! owner, the department) they answer for, the language of their pages, and an Argon2id hash of
//! their password. Managed from the CLI (`isoaudit users …`), stored in the register.

use super::RegisterError;
use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use serde::Serialize;
use std::fmt;
use std::str::FromStr;

/// What a user may see and do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    /// Updates, implements and asks for extensions of their own department's actions.
    DeptOwner,
    /// Verifies implemented actions of their office.
    Auditor,
    /// Everything in their office (or the bureau): dashboard, extensions, close, cancel.
    QualityManager,
    /// The dashboard only.
    Reader,
}

impl Role {
    pub const ALL: [Role; 4] = [
        Role::DeptOwner,
        Role::Auditor,
        Role::QualityManager,
        Role::Reader,
    ];

    /// The stored and typed name (`dept-owner`).
    pub fn key(self) -> &'static str {
        match self {
            Role::DeptOwner => "dept-owner",
            Role::Auditor => "auditor",
            Role::QualityManager => "quality-manager",
            Role::Reader => "reader",
        }
    }

    /// The role as its holder reads it.
    pub fn label(self, lang: crate::model::Lang) -> &'static str {
        match self {
            Role::DeptOwner => lang.pick("department owner", "部门负责人"),
            Role::Auditor => lang.pick("auditor", "内审员"),
            Role::QualityManager => lang.pick("quality manager", "质量负责人"),
            Role::Reader => lang.pick("reader", "查阅人"),
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

impl FromStr for Role {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim().to_lowercase();
        Role::ALL.into_iter().find(|r| r.key() == t).ok_or_else(|| {
            format!(
                "unknown role \"{s}\" (use one of {})",
                Role::ALL.map(|r| r.key()).join(", ")
            )
        })
    }
}

/// One user as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct User {
    /// The login name; unique.
    pub name: String,
    pub role: Role,
    /// The office code the user answers for; empty: every office (bureau-wide).
    pub office: String,
    /// The department whose actions a department owner works on; empty for other roles.
    pub department: String,
    /// `zh` or `en`: the language of the user's pages.
    pub lang: String,
    /// Argon2id in PHC string form (never the password).
    #[serde(skip)]
    pub password_hash: String,
    pub disabled: bool,
    /// The name the checklists give the user (`陈静`), which findings carry as their auditor;
    /// empty: the login name stands for it.
    pub display_name: String,
    /// The password is an initial one (`users import`): `serve` asks for a new one before
    /// anything else.
    pub must_change: bool,
}

impl User {
    /// The user's page language.
    pub fn lang(&self) -> crate::model::Lang {
        crate::model::Lang::from_key(&self.lang).unwrap_or(crate::model::Lang::Zh)
    }

    /// The name findings know the user by: the display name, else the login name.
    pub fn finding_name(&self) -> &str {
        let d = self.display_name.trim();
        if d.is_empty() { &self.name } else { d }
    }

    /// Whether the user answers for `office` (bureau-wide users answer for every office).
    pub fn covers_office(&self, office: &str) -> bool {
        self.office.is_empty() || self.office.eq_ignore_ascii_case(office)
    }
}

/// Whether `name` is one of the auditors a finding's auditor cell names (a cell may name several:
/// `李强、陈静`, `Li Qiang / Chen Jing`); compared trimmed, ASCII case ignored.
pub fn names_auditor(auditor_cell: &str, name: &str) -> bool {
    let name = name.trim();
    !name.is_empty()
        && auditor_cell
            .split(['、', ',', '，', '/', ';', '；', '&'])
            .any(|n| n.trim().eq_ignore_ascii_case(name))
}

/// A login name: letters (any script), digits, `.`, `_`, `-`; 1 to 64 characters. Names show in
/// the history and in URLs of nothing, but a tidy alphabet keeps them out of trouble in both.
pub fn check_name(name: &str) -> Result<(), RegisterError> {
    let ok = !name.is_empty()
        && name.chars().count() <= 64
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '.' | '_' | '-'));
    if ok {
        Ok(())
    } else {
        Err(RegisterError::Invalid(format!(
            "user name \"{}\": use 1 to 64 letters, digits, '.', '_' or '-'",
            name.escape_debug()
        )))
    }
}

/// The shortest password accepted.
pub const MIN_PASSWORD_CHARS: usize = 8;

/// Hash `password` with Argon2id (the crate's defaults: 19 MiB, 2 passes) and a fresh salt.
pub fn hash_password(password: &str) -> Result<String, RegisterError> {
    if password.chars().count() < MIN_PASSWORD_CHARS {
        return Err(RegisterError::PasswordTooShort {
            min: MIN_PASSWORD_CHARS,
        });
    }
    let salt = SaltString::encode_b64(&random_bytes::<16>()?)
        .map_err(|e| RegisterError::Invalid(format!("cannot make a salt: {e}")))?;
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| RegisterError::Invalid(format!("cannot hash the password: {e}")))
}

/// `N` bytes from the operating system's random source (salts, session and CSRF tokens).
pub fn random_bytes<const N: usize>() -> Result<[u8; N], RegisterError> {
    let mut b = [0u8; N];
    getrandom::fill(&mut b)
        .map_err(|e| RegisterError::Invalid(format!("no random numbers from the system: {e}")))?;
    Ok(b)
}

/// Whether `password` matches the stored `hash`; an unreadable hash matches nothing.
pub fn verify_password(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|h| {
        Argon2::default()
            .verify_password(password.as_bytes(), &h)
            .is_ok()
    })
}

/// A hash that matches no password, checked against when the user does not exist so that a
/// login for an unknown name costs as much as one for a known name.
pub fn dummy_hash() -> &'static str {
    static H: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    H.get_or_init(|| hash_password("no such user, no such password").unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_are_argon2id_and_verify() {
        let h = hash_password("correct horse").unwrap();
        assert!(h.starts_with("$argon2id$"), "{h}");
        assert!(verify_password("correct horse", &h));
        assert!(!verify_password("correct hors", &h));
        assert!(!verify_password("correct horse", "not a hash"));
        assert!(hash_password("short").is_err());
    }

    #[test]
    fn names_and_roles() {
        assert!(check_name("zhang.wei").is_ok());
        assert!(check_name("张伟").is_ok());
        assert!(check_name("a b").is_err());
        assert!(check_name("<x>").is_err());
        assert!(check_name("").is_err());
        assert_eq!("Quality-Manager".parse::<Role>(), Ok(Role::QualityManager));
        assert!("admin".parse::<Role>().is_err());
    }

    #[test]
    fn an_auditor_cell_may_name_several() {
        assert!(names_auditor("李强、陈静", "陈静"));
        assert!(names_auditor(" Li Qiang / chen jing ", "Chen Jing"));
        assert!(names_auditor("李强", "李强"));
        assert!(!names_auditor("李强强", "李强"));
        assert!(!names_auditor("", ""));
        assert!(!names_auditor("陈静", " "));
    }
}
