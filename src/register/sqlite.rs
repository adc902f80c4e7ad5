//! The SQLite backend of the register: one file, WAL mode so readers never block the writer,
//! a busy timeout and `BEGIN IMMEDIATE` so concurrent writers queue instead of failing, the
//! schema versioned with `PRAGMA user_version` and migrated forward after keeping a copy.

use super::attachments::Attachment;
use super::store::{Mode, Store, Tx};
use super::users::{Role, User};
use super::{
    Action, ActionStatus, AuditRecord, AuditedDepartment, Date, Event, FindingRecord, Policy,
    Record, RegisterError, Verdict,
};
use crate::model::Outcome;
use rusqlite::types::Value;
use rusqlite::{
    Connection, OpenFlags, OptionalExtension, Row, TransactionBehavior, params, params_from_iter,
};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Schema migrations: entry `i` takes a register from version `i` to `i + 1`.
/// Never edit a shipped entry; append a new one.
pub const MIGRATIONS: &[&str] = &[
    r#"
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE audits (
    audit_id    TEXT NOT NULL,
    office_code TEXT NOT NULL,
    office_name TEXT NOT NULL,
    title       TEXT NOT NULL,
    start_date  TEXT,
    end_date    TEXT,
    source      TEXT NOT NULL,
    PRIMARY KEY (audit_id, office_code)
);
CREATE TABLE findings (
    id          TEXT PRIMARY KEY,
    audit_id    TEXT NOT NULL,
    office_code TEXT NOT NULL,
    clause      TEXT NOT NULL,
    grade       TEXT NOT NULL CHECK (grade IN ('major', 'minor', 'observation', 'ofi')),
    statement   TEXT NOT NULL,
    evidence    TEXT NOT NULL,
    department  TEXT NOT NULL,
    auditor     TEXT NOT NULL,
    procedure   TEXT NOT NULL,
    raised      TEXT NOT NULL,
    source      TEXT NOT NULL,
    FOREIGN KEY (audit_id, office_code) REFERENCES audits (audit_id, office_code)
);
CREATE INDEX findings_office_clause ON findings (office_code, clause);
CREATE TABLE actions (
    id                  TEXT PRIMARY KEY REFERENCES findings (id),
    status              TEXT NOT NULL CHECK (status IN
                        ('open', 'planned', 'implemented', 'verified', 'closed', 'cancelled')),
    owner               TEXT NOT NULL,
    due                 TEXT NOT NULL,
    correction          TEXT NOT NULL,
    root_cause          TEXT NOT NULL,
    corrective_action   TEXT NOT NULL,
    implemented_on      TEXT,
    implementation_note TEXT NOT NULL,
    verified_on         TEXT,
    verified_by         TEXT NOT NULL,
    verification_method TEXT NOT NULL,
    verification_note   TEXT NOT NULL,
    verdict             TEXT CHECK (verdict IN ('effective', 'ineffective')),
    ineffective_count   INTEGER NOT NULL,
    closed_on           TEXT,
    cancel_reason       TEXT NOT NULL,
    revision            INTEGER NOT NULL
);
CREATE INDEX actions_status ON actions (status);
CREATE TABLE events (
    seq       INTEGER PRIMARY KEY AUTOINCREMENT,
    action_id TEXT REFERENCES actions (id),
    at        TEXT NOT NULL,
    by        TEXT NOT NULL,
    field     TEXT NOT NULL,
    old       TEXT,
    new       TEXT,
    note      TEXT NOT NULL
);
CREATE INDEX events_action ON events (action_id, seq);
CREATE TRIGGER events_append_only BEFORE UPDATE ON events
    BEGIN SELECT RAISE(ABORT, 'the history is append-only'); END;
CREATE TRIGGER events_no_delete BEFORE DELETE ON events
    BEGIN SELECT RAISE(ABORT, 'the history is append-only'); END;
CREATE TRIGGER actions_no_delete BEFORE DELETE ON actions
    BEGIN SELECT RAISE(ABORT, 'actions are never deleted; cancel them'); END;
CREATE TRIGGER findings_no_delete BEFORE DELETE ON findings
    BEGIN SELECT RAISE(ABORT, 'findings are never deleted'); END;
CREATE TRIGGER audits_no_delete BEFORE DELETE ON audits
    BEGIN SELECT RAISE(ABORT, 'audits are never deleted'); END;
"#,
    // 1 -> 2: a finding's identity is its key (a checksum of its checklist row), not its
    // display number; one key per audit and office.
    r#"
ALTER TABLE findings ADD COLUMN key TEXT;
CREATE UNIQUE INDEX findings_key ON findings (audit_id, office_code, key) WHERE key IS NOT NULL;
"#,
    // 2 -> 3: what each audit covered and who audited it, the history of the audit programme.
    // Lists are kept as text: clause ids joined by ',', names joined by a line feed.
    r#"
ALTER TABLE audits ADD COLUMN scope TEXT NOT NULL DEFAULT '';
ALTER TABLE audits ADD COLUMN lead_auditor TEXT NOT NULL DEFAULT '';
ALTER TABLE audits ADD COLUMN team TEXT NOT NULL DEFAULT '';
CREATE TABLE audit_departments (
    audit_id    TEXT NOT NULL,
    office_code TEXT NOT NULL,
    department  TEXT NOT NULL,
    clauses     TEXT NOT NULL,
    auditors    TEXT NOT NULL,
    PRIMARY KEY (audit_id, office_code, department),
    FOREIGN KEY (audit_id, office_code) REFERENCES audits (audit_id, office_code)
);
"#,
    // 3 -> 4: the users of `isoaudit serve` (role, office, department, page language, Argon2id
    // hash; never deleted: a user who leaves is disabled, and the history keeps their name), and
    // the evidence files attached to actions (content stored by hash beside the register).
    r#"
CREATE TABLE users (
    name       TEXT PRIMARY KEY,
    role       TEXT NOT NULL CHECK (role IN ('dept-owner', 'auditor', 'quality-manager', 'reader')),
    office     TEXT NOT NULL,
    department TEXT NOT NULL,
    lang       TEXT NOT NULL CHECK (lang IN ('zh', 'en')),
    password   TEXT NOT NULL,
    disabled   INTEGER NOT NULL CHECK (disabled IN (0, 1))
);
CREATE INDEX findings_scope ON findings (office_code COLLATE NOCASE, department);
CREATE TRIGGER users_no_delete BEFORE DELETE ON users
    BEGIN SELECT RAISE(ABORT, 'users are never deleted; disable them'); END;
CREATE TABLE attachments (
    seq       INTEGER PRIMARY KEY AUTOINCREMENT,
    action_id TEXT NOT NULL REFERENCES actions (id),
    sha256    TEXT NOT NULL,
    name      TEXT NOT NULL,
    size      INTEGER NOT NULL,
    at        TEXT NOT NULL,
    by        TEXT NOT NULL
);
CREATE INDEX attachments_action ON attachments (action_id, seq);
CREATE TRIGGER attachments_append_only BEFORE UPDATE ON attachments
    BEGIN SELECT RAISE(ABORT, 'attachments are never changed'); END;
CREATE TRIGGER attachments_no_delete BEFORE DELETE ON attachments
    BEGIN SELECT RAISE(ABORT, 'attachments are never deleted'); END;
"#,
    // 4 -> 5: a user's display name, the name checklists give them (an auditor sees the
    // findings whose auditor is this name); empty for users added before. And whether they must
    // choose a new password at their next login (an initial one from `users import`).
    r#"
ALTER TABLE users ADD COLUMN display_name TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN must_change INTEGER NOT NULL DEFAULT 0 CHECK (must_change IN (0, 1));
"#,
];

/// The register in one SQLite file.
pub struct SqliteStore {
    conn: Connection,
    path: String,
}

impl SqliteStore {
    /// Open the register at `path`. With `create`, a missing file is created; either way the
    /// schema is brought up to date (after copying the file aside), and a register written by a
    /// newer isoaudit is refused without being changed.
    pub fn open(path: &Path, create: bool) -> Result<SqliteStore, RegisterError> {
        Self::open_with(path, create, MIGRATIONS)
    }

    /// [`open`](Self::open) with an explicit migration list (tests exercise the machinery).
    pub fn open_with(
        path: &Path,
        create: bool,
        migrations: &[&str],
    ) -> Result<SqliteStore, RegisterError> {
        let p = path.display().to_string();
        let db = |source| RegisterError::Db {
            path: p.clone(),
            source,
        };
        if !path.exists() && !create {
            return Err(RegisterError::Missing { path: p });
        }
        let latest = migrations.len() as i64;
        if path.exists() {
            // Look before touching: switching to WAL would already rewrite the header.
            let ro =
                Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY).map_err(db)?;
            ro.busy_timeout(Duration::from_secs(10)).map_err(db)?;
            let found: i64 = ro
                .pragma_query_value(None, "user_version", |r| r.get(0))
                .map_err(db)?;
            if found > latest {
                return Err(RegisterError::NewerSchema {
                    path: p,
                    found,
                    supported: latest,
                });
            }
            if found < 0 {
                return Err(not_a_register(&p, found));
            }
            // Another program's database: refused before anything (WAL) changes its header.
            if found == 0 && table_count(&ro).map_err(db)? > 0 {
                return Err(foreign(&p));
            }
        }
        let conn = Connection::open(path).map_err(db)?;
        conn.busy_timeout(Duration::from_secs(30)).map_err(db)?;
        let mode: String = conn
            .pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get(0))
            .map_err(db)?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(RegisterError::Invalid(format!(
                "{p}: cannot switch the register to WAL mode (got {mode})"
            )));
        }
        conn.pragma_update(None, "foreign_keys", "ON").map_err(db)?;
        let mut store = SqliteStore { conn, path: p };
        store.migrate(path, migrations)?;
        Ok(store)
    }

    /// Open the register at `path` for reading only (`list`, `show`, `stats`, `export`): nothing
    /// in the file changes, and a register on read-only media or without write permission
    /// reads. A register whose schema is older than this isoaudit's is migrated first, which
    /// needs write access once.
    pub fn open_read(path: &Path) -> Result<SqliteStore, RegisterError> {
        // Where the file can be written, the usual way: the WAL is checkpointed and its side
        // files removed on close, as after any other command.
        match Self::open(path, false) {
            Err(RegisterError::Db { .. }) => {}
            other => return other,
        }
        let p = path.display().to_string();
        let db = |source| RegisterError::Db {
            path: p.clone(),
            source,
        };
        if !path.exists() {
            return Err(RegisterError::Missing { path: p });
        }
        let latest = MIGRATIONS.len() as i64;
        let look = |conn: &Connection| -> rusqlite::Result<(i64, i64)> {
            conn.busy_timeout(Duration::from_secs(10))?;
            let v = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
            Ok((v, table_count(conn)?))
        };
        let ro = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_URI;
        let mut conn = Connection::open_with_flags(path, ro).map_err(db)?;
        let (found, tables) = match look(&conn) {
            Ok(v) => v,
            // A WAL register in a folder we cannot write: SQLite cannot make its shared-memory
            // file. Nobody can be writing it either, so read it as immutable.
            Err(_) => {
                let mut uri = b"file:".to_vec();
                for &b in path.as_os_str().as_encoded_bytes() {
                    match b {
                        b'?' | b'#' | b'%' => uri.extend(format!("%{b:02X}").bytes()),
                        _ => uri.push(b),
                    }
                }
                uri.extend(b"?immutable=1");
                let uri = String::from_utf8_lossy(&uri).into_owned();
                conn = Connection::open_with_flags(&uri, ro).map_err(db)?;
                look(&conn).map_err(db)?
            }
        };
        if found > latest {
            return Err(RegisterError::NewerSchema {
                path: p,
                found,
                supported: latest,
            });
        }
        if found < 0 {
            return Err(not_a_register(&p, found));
        }
        if found == 0 {
            return Err(if tables > 0 {
                foreign(&p)
            } else {
                RegisterError::Missing { path: p }
            });
        }
        if found < latest {
            drop(conn);
            return Self::open(path, false);
        }
        Ok(SqliteStore { conn, path: p })
    }

    fn db(&self) -> impl Fn(rusqlite::Error) -> RegisterError + '_ {
        move |source| RegisterError::Db {
            path: self.path.clone(),
            source,
        }
    }

    fn user_version(&self) -> Result<i64, RegisterError> {
        self.conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .map_err(self.db())
    }

    fn migrate(&mut self, path: &Path, migrations: &[&str]) -> Result<(), RegisterError> {
        let latest = migrations.len() as i64;
        let v = self.user_version()?;
        if v == latest {
            return Ok(());
        }
        // open_with looked at the file's header already; a newer version seen only now (it was
        // still in the WAL) is refused here, before a copy is made.
        if v > latest {
            return Err(RegisterError::NewerSchema {
                path: self.path.clone(),
                found: v,
                supported: latest,
            });
        }
        if v > 0 {
            self.backup(path, v)?;
        }
        let p = self.path.clone();
        let db = |source| RegisterError::Db {
            path: p.clone(),
            source,
        };
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(db)?;
        // Another process may have migrated while we waited for the lock.
        let v: i64 = tx
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .map_err(db)?;
        if v > latest {
            return Err(RegisterError::NewerSchema {
                path: p,
                found: v,
                supported: latest,
            });
        }
        // Checked here too: it indexes the migration list below.
        if v < 0 {
            return Err(not_a_register(&p, v));
        }
        if v == 0 {
            let tables: i64 = tx
                .query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get(0))
                .map_err(db)?;
            if tables > 0 {
                return Err(RegisterError::Invalid(format!(
                    "{p}: this SQLite file is not an isoaudit register (it has tables but no register schema version)"
                )));
            }
        }
        for m in &migrations[v as usize..] {
            tx.execute_batch(m).map_err(db)?;
        }
        tx.pragma_update(None, "user_version", latest).map_err(db)?;
        tx.commit().map_err(db)?;
        Ok(())
    }

    /// Keep a consistent copy (`VACUUM INTO`, safe under WAL) named after the old version,
    /// never over an earlier copy.
    fn backup(&self, path: &Path, version: i64) -> Result<PathBuf, RegisterError> {
        let mut n = 0;
        let target = loop {
            let suffix = if n == 0 {
                format!(".v{version}.bak")
            } else {
                format!(".v{version}.{n}.bak")
            };
            let mut name = path.as_os_str().to_owned();
            name.push(suffix);
            let t = PathBuf::from(name);
            if !t.exists() {
                break t;
            }
            n += 1;
        };
        self.conn
            .execute("VACUUM INTO ?1", [target.display().to_string()])
            .map_err(|source| RegisterError::Backup {
                path: self.path.clone(),
                source,
            })?;
        Ok(target)
    }
}

fn table_count(conn: &Connection) -> rusqlite::Result<i64> {
    conn.query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get(0))
}

/// Another program's SQLite database (tables, but no register schema version).
fn foreign(path: &str) -> RegisterError {
    RegisterError::Invalid(format!(
        "{path}: this SQLite file is not an isoaudit register (it has tables but no register schema version); the file was left untouched"
    ))
}

/// A SQLite file whose schema version no isoaudit ever wrote (they count up from 1).
fn not_a_register(path: &str, version: i64) -> RegisterError {
    RegisterError::Invalid(format!(
        "{path}: this SQLite file is not an isoaudit register (schema version {version}); the file was left untouched"
    ))
}

impl Store for SqliteStore {
    fn transaction(
        &mut self,
        mode: Mode,
        body: &mut dyn FnMut(&mut dyn Tx) -> Result<(), RegisterError>,
    ) -> Result<(), RegisterError> {
        let path = self.path.clone();
        let db = |source| RegisterError::Db {
            path: path.clone(),
            source,
        };
        let behavior = match mode {
            Mode::Read => TransactionBehavior::Deferred,
            Mode::Write | Mode::DryRun => TransactionBehavior::Immediate,
        };
        let tx = self.conn.transaction_with_behavior(behavior).map_err(db)?;
        let mut t = SqliteTx {
            tx: &tx,
            path: &path,
        };
        // On error the Transaction is dropped, which rolls back.
        body(&mut t)?;
        match mode {
            Mode::DryRun => tx.rollback().map_err(db),
            Mode::Read | Mode::Write => tx.commit().map_err(db),
        }
    }
}

struct SqliteTx<'a> {
    tx: &'a rusqlite::Transaction<'a>,
    path: &'a str,
}

impl SqliteTx<'_> {
    fn db(&self) -> impl Fn(rusqlite::Error) -> RegisterError + '_ {
        move |source| RegisterError::Db {
            path: self.path.to_string(),
            source,
        }
    }
}

fn date_text(d: Option<Date>) -> Option<String> {
    d.map(|d| d.to_string())
}

/// The eighteen columns of `actions` in table order (`?1` … `?18`), for INSERT and UPDATE alike.
fn action_values(a: &Action) -> [Value; 18] {
    [
        a.id.clone().into(),
        a.status.key().to_string().into(),
        a.owner.clone().into(),
        a.due.to_string().into(),
        a.correction.clone().into(),
        a.root_cause.clone().into(),
        a.corrective_action.clone().into(),
        date_text(a.implemented_on).into(),
        a.implementation_note.clone().into(),
        date_text(a.verified_on).into(),
        a.verified_by.clone().into(),
        a.verification_method.clone().into(),
        a.verification_note.clone().into(),
        a.verdict.map(|v| v.key().to_string()).into(),
        a.ineffective_count.into(),
        date_text(a.closed_on).into(),
        a.cancel_reason.clone().into(),
        a.revision.into(),
    ]
}

/// Stored text back into a value; bad stored data is an error, never a panic.
fn parse_col<T: std::str::FromStr>(row: &Row, idx: &str) -> rusqlite::Result<T> {
    let s: String = row.get(idx)?;
    s.parse().map_err(|_| {
        rusqlite::Error::FromSqlConversionFailure(
            0,
            rusqlite::types::Type::Text,
            format!("column {idx}: unexpected value \"{s}\"").into(),
        )
    })
}

fn parse_opt_date(row: &Row, idx: &str) -> rusqlite::Result<Option<Date>> {
    let s: Option<String> = row.get(idx)?;
    s.map(|s| {
        s.parse().map_err(|e: crate::model::DateError| {
            rusqlite::Error::FromSqlConversionFailure(
                0,
                rusqlite::types::Type::Text,
                e.to_string().into(),
            )
        })
    })
    .transpose()
}

fn outcome_from_key(s: &str) -> Option<Outcome> {
    Outcome::ALL.into_iter().find(|o| o.key() == s)
}

struct OutcomeKey(Outcome);
impl std::str::FromStr for OutcomeKey {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, ()> {
        outcome_from_key(s).map(OutcomeKey).ok_or(())
    }
}

struct VerdictKey(Verdict);
impl std::str::FromStr for VerdictKey {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, ()> {
        match s {
            "effective" => Ok(VerdictKey(Verdict::Effective)),
            "ineffective" => Ok(VerdictKey(Verdict::Ineffective)),
            _ => Err(()),
        }
    }
}

fn audit_row(r: &Row) -> rusqlite::Result<AuditRecord> {
    Ok(AuditRecord {
        audit_id: r.get("audit_id")?,
        office_code: r.get("office_code")?,
        office_name: r.get("office_name")?,
        title: r.get("title")?,
        start_date: parse_opt_date(r, "start_date")?,
        end_date: parse_opt_date(r, "end_date")?,
        source: r.get("source")?,
        scope: split_list(&r.get::<_, String>("scope")?, ','),
        lead_auditor: r.get("lead_auditor")?,
        team: split_list(&r.get::<_, String>("team")?, '\n'),
        departments: Vec::new(),
    })
}

/// A stored list back into its items (the empty text is the empty list).
pub(super) fn split_list(s: &str, sep: char) -> Vec<String> {
    s.split(sep)
        .filter(|x| !x.is_empty())
        .map(str::to_string)
        .collect()
}

fn finding_row(r: &Row) -> rusqlite::Result<FindingRecord> {
    Ok(FindingRecord {
        id: r.get("id")?,
        audit_id: r.get("audit_id")?,
        office_code: r.get("office_code")?,
        clause: r.get("clause")?,
        grade: parse_col::<OutcomeKey>(r, "grade")?.0,
        statement: r.get("statement")?,
        evidence: r.get("evidence")?,
        department: r.get("department")?,
        auditor: r.get("auditor")?,
        procedure: r.get("procedure")?,
        raised: parse_col(r, "raised")?,
        source: r.get("source")?,
        key: r.get("key")?,
    })
}

fn action_row(r: &Row) -> rusqlite::Result<Action> {
    let verdict: Option<String> = r.get("verdict")?;
    let verdict = match verdict {
        None => None,
        Some(v) => Some(
            v.parse::<VerdictKey>()
                .map_err(|_| {
                    rusqlite::Error::FromSqlConversionFailure(
                        0,
                        rusqlite::types::Type::Text,
                        format!("unexpected verdict \"{v}\"").into(),
                    )
                })?
                .0,
        ),
    };
    Ok(Action {
        id: r.get("id")?,
        status: parse_col::<ActionStatus>(r, "status")?,
        owner: r.get("owner")?,
        due: parse_col(r, "due")?,
        correction: r.get("correction")?,
        root_cause: r.get("root_cause")?,
        corrective_action: r.get("corrective_action")?,
        implemented_on: parse_opt_date(r, "implemented_on")?,
        implementation_note: r.get("implementation_note")?,
        verified_on: parse_opt_date(r, "verified_on")?,
        verified_by: r.get("verified_by")?,
        verification_method: r.get("verification_method")?,
        verification_note: r.get("verification_note")?,
        verdict,
        ineffective_count: r.get("ineffective_count")?,
        closed_on: parse_opt_date(r, "closed_on")?,
        cancel_reason: r.get("cancel_reason")?,
        revision: r.get("revision")?,
    })
}

const RECORD_SELECT: &str = "SELECT f.id, f.audit_id, f.office_code, f.clause, f.grade, f.statement, \
     f.evidence, f.department, f.auditor, f.procedure, f.raised, f.source, f.key, a.status, a.owner, \
     a.due, a.correction, a.root_cause, a.corrective_action, a.implemented_on, \
     a.implementation_note, a.verified_on, a.verified_by, a.verification_method, \
     a.verification_note, a.verdict, a.ineffective_count, a.closed_on, a.cancel_reason, \
     a.revision FROM actions a JOIN findings f ON f.id = a.id";

fn record_row(r: &Row) -> rusqlite::Result<Record> {
    Ok(Record {
        finding: finding_row(r)?,
        action: action_row(r)?,
    })
}

fn days_text(d: Option<u32>) -> String {
    d.map_or_else(|| "off".to_string(), |d| d.to_string())
}

fn user_row(r: &Row) -> rusqlite::Result<User> {
    Ok(User {
        name: r.get("name")?,
        role: parse_col::<Role>(r, "role")?,
        office: r.get("office")?,
        department: r.get("department")?,
        lang: r.get("lang")?,
        password_hash: r.get("password")?,
        disabled: r.get::<_, i64>("disabled")? != 0,
        display_name: r.get("display_name")?,
        must_change: r.get::<_, i64>("must_change")? != 0,
    })
}

fn attachment_row(r: &Row) -> rusqlite::Result<Attachment> {
    Ok(Attachment {
        seq: r.get("seq")?,
        action_id: r.get("action_id")?,
        sha256: r.get("sha256")?,
        name: r.get("name")?,
        size: r.get::<_, i64>("size")?.max(0) as u64,
        at: parse_col(r, "at")?,
        by: r.get("by")?,
    })
}

impl Tx for SqliteTx<'_> {
    fn add_attachment(&mut self, a: &Attachment) -> Result<(), RegisterError> {
        self.tx
            .execute(
                "INSERT INTO attachments (action_id, sha256, name, size, at, by) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![
                    a.action_id,
                    a.sha256,
                    a.name,
                    i64::try_from(a.size).unwrap_or(i64::MAX),
                    a.at.to_string(),
                    a.by
                ],
            )
            .map_err(self.db())?;
        Ok(())
    }

    fn attachments(&mut self, action_id: &str) -> Result<Vec<Attachment>, RegisterError> {
        let mut st = self
            .tx
            .prepare("SELECT * FROM attachments WHERE action_id = ?1 ORDER BY seq")
            .map_err(self.db())?;
        let rows = st
            .query_map([action_id], attachment_row)
            .map_err(self.db())?;
        rows.collect::<Result<_, _>>().map_err(self.db())
    }

    fn user(&mut self, name: &str) -> Result<Option<User>, RegisterError> {
        self.tx
            .query_row("SELECT * FROM users WHERE name = ?1", [name], user_row)
            .optional()
            .map_err(self.db())
    }

    fn users(&mut self) -> Result<Vec<User>, RegisterError> {
        let mut st = self
            .tx
            .prepare("SELECT * FROM users ORDER BY name")
            .map_err(self.db())?;
        let rows = st.query_map([], user_row).map_err(self.db())?;
        rows.collect::<Result<_, _>>().map_err(self.db())
    }

    fn put_user(&mut self, u: &User) -> Result<(), RegisterError> {
        self.tx
            .execute(
                "INSERT INTO users \
                 (name, role, office, department, lang, password, disabled, display_name, \
                 must_change) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) \
                 ON CONFLICT (name) DO UPDATE SET role = excluded.role, office = excluded.office, \
                 department = excluded.department, lang = excluded.lang, \
                 password = excluded.password, disabled = excluded.disabled, \
                 display_name = excluded.display_name, must_change = excluded.must_change",
                params![
                    u.name,
                    u.role.key(),
                    u.office,
                    u.department,
                    u.lang,
                    u.password_hash,
                    i64::from(u.disabled),
                    u.display_name,
                    i64::from(u.must_change)
                ],
            )
            .map_err(self.db())?;
        Ok(())
    }

    fn policy(&mut self) -> Result<Policy, RegisterError> {
        let mut p = Policy::default();
        let mut st = self
            .tx
            .prepare("SELECT key, value FROM settings WHERE key LIKE 'policy.%'")
            .map_err(self.db())?;
        let rows = st
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))
            .map_err(self.db())?;
        for row in rows {
            let (k, v) = row.map_err(self.db())?;
            let bad = || RegisterError::Invalid(format!("{}: bad setting {k} = {v}", self.path));
            let days = |v: &str| -> Result<Option<u32>, RegisterError> {
                if v == "off" {
                    Ok(None)
                } else {
                    v.parse().map(Some).map_err(|_| bad())
                }
            };
            match k.as_str() {
                "policy.major_days" => p.major_days = days(&v)?.ok_or_else(bad)?,
                "policy.minor_days" => p.minor_days = days(&v)?.ok_or_else(bad)?,
                "policy.observation_days" => p.observation_days = days(&v)?,
                "policy.ofi_days" => p.ofi_days = days(&v)?,
                _ => {}
            }
        }
        Ok(p)
    }

    fn put_policy(&mut self, p: &Policy) -> Result<(), RegisterError> {
        for (k, v) in [
            ("policy.major_days", p.major_days.to_string()),
            ("policy.minor_days", p.minor_days.to_string()),
            ("policy.observation_days", days_text(p.observation_days)),
            ("policy.ofi_days", days_text(p.ofi_days)),
        ] {
            self.tx
                .execute(
                    "INSERT INTO settings (key, value) VALUES (?1, ?2) \
                     ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                    params![k, v],
                )
                .map_err(self.db())?;
        }
        Ok(())
    }

    fn put_audit(&mut self, a: &AuditRecord) -> Result<(), RegisterError> {
        self.tx
            .execute(
                "INSERT INTO audits (audit_id, office_code, office_name, title, start_date, end_date, source, \
                 scope, lead_auditor, team) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) \
                 ON CONFLICT (audit_id, office_code) DO UPDATE SET office_name = excluded.office_name, \
                 title = excluded.title, start_date = excluded.start_date, end_date = excluded.end_date, \
                 source = excluded.source, scope = excluded.scope, lead_auditor = excluded.lead_auditor, \
                 team = excluded.team",
                params![
                    a.audit_id,
                    a.office_code,
                    a.office_name,
                    a.title,
                    date_text(a.start_date),
                    date_text(a.end_date),
                    a.source,
                    a.scope.join(","),
                    a.lead_auditor,
                    a.team.join("\n"),
                ],
            )
            .map_err(self.db())?;
        // The departments are what the latest sync of this result says, so they are replaced.
        self.tx
            .execute(
                "DELETE FROM audit_departments WHERE audit_id = ?1 AND office_code = ?2",
                params![a.audit_id, a.office_code],
            )
            .map_err(self.db())?;
        for d in &a.departments {
            self.tx
                .execute(
                    "INSERT INTO audit_departments (audit_id, office_code, department, clauses, auditors) \
                     VALUES (?1, ?2, ?3, ?4, ?5) \
                     ON CONFLICT (audit_id, office_code, department) DO UPDATE SET \
                     clauses = excluded.clauses, auditors = excluded.auditors",
                    params![
                        a.audit_id,
                        a.office_code,
                        d.name,
                        d.clauses.join(","),
                        d.auditors.join("\n")
                    ],
                )
                .map_err(self.db())?;
        }
        Ok(())
    }

    fn audits(&mut self) -> Result<Vec<AuditRecord>, RegisterError> {
        let mut st = self
            .tx
            .prepare("SELECT * FROM audits ORDER BY audit_id, office_code")
            .map_err(self.db())?;
        let mut v = st
            .query_map([], audit_row)
            .map_err(self.db())?
            .collect::<Result<Vec<_>, _>>()
            .map_err(self.db())?;
        let mut st = self
            .tx
            .prepare("SELECT * FROM audit_departments ORDER BY audit_id, office_code, department")
            .map_err(self.db())?;
        let rows = st
            .query_map([], |r| {
                Ok((
                    r.get::<_, String>("audit_id")?,
                    r.get::<_, String>("office_code")?,
                    AuditedDepartment {
                        name: r.get("department")?,
                        clauses: split_list(&r.get::<_, String>("clauses")?, ','),
                        auditors: split_list(&r.get::<_, String>("auditors")?, '\n'),
                    },
                ))
            })
            .map_err(self.db())?
            .collect::<Result<Vec<_>, _>>()
            .map_err(self.db())?;
        for (audit_id, office_code, d) in rows {
            if let Some(a) = v
                .iter_mut()
                .find(|a| a.audit_id == audit_id && a.office_code == office_code)
            {
                a.departments.push(d);
            }
        }
        Ok(v)
    }

    fn finding(&mut self, id: &str) -> Result<Option<FindingRecord>, RegisterError> {
        self.tx
            .query_row("SELECT * FROM findings WHERE id = ?1", [id], finding_row)
            .optional()
            .map_err(self.db())
    }

    fn put_finding(&mut self, f: &FindingRecord) -> Result<(), RegisterError> {
        self.tx
            .execute(
                "INSERT INTO findings (id, audit_id, office_code, clause, grade, statement, evidence, \
                 department, auditor, procedure, raised, source, key) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13) \
                 ON CONFLICT (id) DO UPDATE SET clause = excluded.clause, grade = excluded.grade, \
                 statement = excluded.statement, evidence = excluded.evidence, \
                 department = excluded.department, auditor = excluded.auditor, \
                 procedure = excluded.procedure, raised = excluded.raised, source = excluded.source, \
                 key = coalesce(excluded.key, key)",
                params![
                    f.id,
                    f.audit_id,
                    f.office_code,
                    f.clause,
                    f.grade.key(),
                    f.statement,
                    f.evidence,
                    f.department,
                    f.auditor,
                    f.procedure,
                    f.raised.to_string(),
                    f.source,
                    f.key
                ],
            )
            .map_err(self.db())?;
        Ok(())
    }

    fn finding_by_key(
        &mut self,
        audit_id: &str,
        office_code: &str,
        key: &str,
    ) -> Result<Option<FindingRecord>, RegisterError> {
        self.tx
            .query_row(
                "SELECT * FROM findings WHERE audit_id = ?1 AND office_code = ?2 AND key = ?3",
                [audit_id, office_code, key],
                finding_row,
            )
            .optional()
            .map_err(self.db())
    }

    fn findings_of(
        &mut self,
        audit_id: &str,
        office_code: &str,
    ) -> Result<Vec<FindingRecord>, RegisterError> {
        let mut st = self
            .tx
            .prepare("SELECT * FROM findings WHERE audit_id = ?1 AND office_code = ?2 ORDER BY id")
            .map_err(self.db())?;
        let v = st
            .query_map([audit_id, office_code], finding_row)
            .map_err(self.db())?
            .collect::<Result<Vec<_>, _>>()
            .map_err(self.db())?;
        Ok(v)
    }

    fn record(&mut self, id: &str) -> Result<Option<Record>, RegisterError> {
        self.tx
            .query_row(
                &format!("{RECORD_SELECT} WHERE a.id = ?1"),
                [id],
                record_row,
            )
            .optional()
            .map_err(self.db())
    }

    fn records(&mut self) -> Result<Vec<Record>, RegisterError> {
        let mut st = self
            .tx
            .prepare(&format!("{RECORD_SELECT} ORDER BY a.id"))
            .map_err(self.db())?;
        let v = st
            .query_map([], record_row)
            .map_err(self.db())?
            .collect::<Result<Vec<_>, _>>()
            .map_err(self.db())?;
        Ok(v)
    }

    fn records_of(
        &mut self,
        office: Option<&str>,
        department: Option<&str>,
    ) -> Result<Vec<Record>, RegisterError> {
        // NOCASE folds ASCII only and trim() strips spaces only: the same comparison as
        // `store::in_scope`. Only the conditions given are written, so that the office's
        // comparison can use the findings_scope index.
        let mut sql = format!("{RECORD_SELECT} WHERE 1");
        let mut args: Vec<&str> = Vec::new();
        if let Some(o) = office {
            args.push(o);
            sql.push_str(&format!(
                " AND f.office_code = ?{} COLLATE NOCASE",
                args.len()
            ));
        }
        if let Some(d) = department {
            args.push(d);
            sql.push_str(&format!(
                " AND trim(f.department, ' ') = trim(?{}, ' ')",
                args.len()
            ));
        }
        sql.push_str(" ORDER BY a.id");
        let mut st = self.tx.prepare(&sql).map_err(self.db())?;
        let v = st
            .query_map(params_from_iter(args), record_row)
            .map_err(self.db())?
            .collect::<Result<Vec<_>, _>>()
            .map_err(self.db())?;
        Ok(v)
    }

    fn insert_action(&mut self, a: &Action) -> Result<(), RegisterError> {
        self.tx
            .execute(
                "INSERT INTO actions (id, status, owner, due, correction, root_cause, corrective_action, \
                 implemented_on, implementation_note, verified_on, verified_by, verification_method, \
                 verification_note, verdict, ineffective_count, closed_on, cancel_reason, revision) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)",
                params_from_iter(action_values(a)),
            )
            .map_err(self.db())?;
        Ok(())
    }

    fn update_action(&mut self, a: &Action) -> Result<(), RegisterError> {
        let n = self
            .tx
            .execute(
                "UPDATE actions SET status = ?2, owner = ?3, due = ?4, correction = ?5, root_cause = ?6, \
                 corrective_action = ?7, implemented_on = ?8, implementation_note = ?9, verified_on = ?10, \
                 verified_by = ?11, verification_method = ?12, verification_note = ?13, verdict = ?14, \
                 ineffective_count = ?15, closed_on = ?16, cancel_reason = ?17, revision = ?18 \
                 WHERE id = ?1 AND revision = ?18 - 1",
                params_from_iter(action_values(a)),
            )
            .map_err(self.db())?;
        if n != 1 {
            return Err(RegisterError::Stale {
                id: a.id.clone(),
                expected: a.revision.saturating_sub(1),
            });
        }
        Ok(())
    }

    fn append_event(&mut self, e: &Event) -> Result<(), RegisterError> {
        self.tx
            .execute(
                "INSERT INTO events (action_id, at, by, field, old, new, note) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![
                    e.action_id,
                    e.at.to_string(),
                    e.by,
                    e.field,
                    e.old,
                    e.new,
                    e.note
                ],
            )
            .map_err(self.db())?;
        Ok(())
    }

    fn copy_event(&mut self, e: &Event) -> Result<(), RegisterError> {
        self.tx
            .execute(
                "INSERT INTO events (seq, action_id, at, by, field, old, new, note) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![
                    e.seq,
                    e.action_id,
                    e.at.to_string(),
                    e.by,
                    e.field,
                    e.old,
                    e.new,
                    e.note
                ],
            )
            .map_err(self.db())?;
        Ok(())
    }

    fn events(&mut self, action_id: Option<&str>) -> Result<Vec<Event>, RegisterError> {
        let mut st = self
            .tx
            .prepare("SELECT * FROM events WHERE action_id IS ?1 ORDER BY seq")
            .map_err(self.db())?;
        let v = st
            .query_map([action_id], event_row)
            .map_err(self.db())?
            .collect::<Result<Vec<_>, _>>()
            .map_err(self.db())?;
        Ok(v)
    }

    fn events_of_field(&mut self, field: &str) -> Result<Vec<Event>, RegisterError> {
        let mut st = self
            .tx
            .prepare("SELECT * FROM events WHERE field = ?1 ORDER BY seq")
            .map_err(self.db())?;
        let v = st
            .query_map([field], event_row)
            .map_err(self.db())?
            .collect::<Result<Vec<_>, _>>()
            .map_err(self.db())?;
        Ok(v)
    }
}

fn event_row(r: &Row) -> rusqlite::Result<Event> {
    Ok(Event {
        seq: r.get("seq")?,
        action_id: r.get("action_id")?,
        at: parse_col(r, "at")?,
        by: r.get("by")?,
        field: r.get("field")?,
        old: r.get("old")?,
        new: r.get("new")?,
        note: r.get("note")?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::register::store::with;

    #[test]
    fn migrates_forward_after_keeping_a_copy() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("r.db");
        let v1 = &["CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (7);"];
        drop(SqliteStore::open_with(&p, true, v1).unwrap());
        assert!(
            !d.path().join("r.db.v1.bak").exists(),
            "a new file needs no copy"
        );
        let v2 = &[
            v1[0],
            "ALTER TABLE t ADD COLUMN y TEXT NOT NULL DEFAULT 'z';",
        ];
        let s = SqliteStore::open_with(&p, false, v2).unwrap();
        assert_eq!(s.user_version().unwrap(), 2);
        let y: String = s
            .conn
            .query_row("SELECT y FROM t", [], |r| r.get(0))
            .unwrap();
        assert_eq!(y, "z");
        let bak = Connection::open(d.path().join("r.db.v1.bak")).unwrap();
        let v: i64 = bak
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        assert_eq!(v, 1);
        let x: i64 = bak.query_row("SELECT x FROM t", [], |r| r.get(0)).unwrap();
        assert_eq!(x, 7);
    }

    #[test]
    fn refuses_newer_schema_and_foreign_files_untouched() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("r.db");
        {
            let c = Connection::open(&p).unwrap();
            c.execute_batch("CREATE TABLE t (x); PRAGMA user_version = 99;")
                .unwrap();
        }
        let before = std::fs::read(&p).unwrap();
        let e = SqliteStore::open(&p, true).err().unwrap();
        assert!(
            matches!(e, RegisterError::NewerSchema { found: 99, .. }),
            "{e}"
        );
        assert_eq!(std::fs::read(&p).unwrap(), before);

        let q = d.path().join("other.db");
        Connection::open(&q)
            .unwrap()
            .execute_batch("CREATE TABLE t (x);")
            .unwrap();
        // Refused before anything changes it: no WAL switch (header bytes 18-19), same bytes.
        let before = std::fs::read(&q).unwrap();
        let e = SqliteStore::open(&q, true).err().unwrap();
        assert!(e.to_string().contains("not an isoaudit register"), "{e}");
        assert_eq!(std::fs::read(&q).unwrap(), before);
        let e = SqliteStore::open_read(&q).err().unwrap();
        assert!(e.to_string().contains("not an isoaudit register"), "{e}");
        assert_eq!(std::fs::read(&q).unwrap(), before);
        // A negative user_version once indexed the migration list out of range.
        let n = d.path().join("negative.db");
        Connection::open(&n)
            .unwrap()
            .execute_batch("PRAGMA user_version = -1;")
            .unwrap();
        let before = std::fs::read(&n).unwrap();
        let e = SqliteStore::open(&n, true).err().unwrap();
        assert!(e.to_string().contains("schema version -1"), "{e}");
        assert_eq!(std::fs::read(&n).unwrap(), before);
        let e = SqliteStore::open(&d.path().join("none.db"), false)
            .err()
            .unwrap();
        assert!(matches!(e, RegisterError::Missing { .. }));
    }

    /// The WHERE clause of `records_of` picks what the trait's plain filter picks, and users and
    /// attachments are rows that are never deleted.
    #[test]
    fn scoped_records_users_and_attachments() {
        use crate::register::attachments::Attachment;
        use crate::register::store::in_scope;
        use crate::register::users::{Role, User};
        let d = tempfile::tempdir().unwrap();
        let mut s = SqliteStore::open(&d.path().join("r.db"), true).unwrap();
        let raised: Date = "2026-03-17".parse().unwrap();
        with(&mut s, Mode::Write, |tx| {
            for (n, (office, dept)) in [
                ("linhu", "行政许可股"),
                ("LINHU", " 行政许可股 "),
                ("linhu", "综合股"),
                ("anhe", "行政许可股"),
                ("anhe", ""),
            ]
            .into_iter()
            .enumerate()
            {
                tx.put_audit(&AuditRecord {
                    audit_id: "A".into(),
                    office_code: office.into(),
                    office_name: office.into(),
                    title: String::new(),
                    start_date: None,
                    end_date: None,
                    source: String::new(),
                    ..Default::default()
                })?;
                let id = format!("A-{office}-NC{n}");
                tx.put_finding(&FindingRecord {
                    id: id.clone(),
                    key: None,
                    audit_id: "A".into(),
                    office_code: office.into(),
                    clause: "7.5".into(),
                    grade: Outcome::Minor,
                    statement: String::new(),
                    evidence: String::new(),
                    department: dept.into(),
                    auditor: String::new(),
                    procedure: String::new(),
                    raised,
                    source: String::new(),
                })?;
                tx.insert_action(&Action::new(&id, raised))?;
            }
            let all = tx.records()?;
            for office in [None, Some("linhu"), Some("Linhu"), Some("anhe"), Some("hq")] {
                for dept in [
                    None,
                    Some("行政许可股"),
                    Some("综合股 "),
                    Some(""),
                    Some("x"),
                ] {
                    let want: Vec<String> = all
                        .iter()
                        .filter(|r| in_scope(r, office, dept))
                        .map(|r| r.action.id.clone())
                        .collect();
                    let got: Vec<String> = tx
                        .records_of(office, dept)?
                        .into_iter()
                        .map(|r| r.action.id)
                        .collect();
                    assert_eq!(got, want, "{office:?} {dept:?}");
                }
            }
            let u = User {
                name: "zhang".into(),
                role: Role::DeptOwner,
                office: "linhu".into(),
                department: "综合股".into(),
                lang: "zh".into(),
                password_hash: "$argon2id$x".into(),
                disabled: false,
                display_name: "张伟".into(),
                must_change: true,
            };
            tx.put_user(&u)?;
            tx.put_user(&User {
                disabled: true,
                ..u.clone()
            })?;
            assert_eq!(tx.users()?.len(), 1);
            assert!(tx.user("zhang")?.unwrap().disabled);
            assert_eq!(tx.user("zhang")?.unwrap().display_name, "张伟");
            assert!(tx.user("zhang")?.unwrap().must_change);
            assert!(tx.user("wang")?.is_none());
            tx.add_attachment(&Attachment {
                seq: 0,
                action_id: "A-linhu-NC0".into(),
                sha256: "ab".repeat(32),
                name: "签字.pdf".into(),
                size: 3,
                at: raised,
                by: "zhang".into(),
            })?;
            let a = tx.attachments("A-linhu-NC0")?;
            assert_eq!((a.len(), a[0].seq, a[0].name.as_str()), (1, 1, "签字.pdf"));
            assert!(tx.attachments("A-anhe-NC3")?.is_empty());
            Ok(())
        })
        .unwrap();
        assert!(s.conn.execute("DELETE FROM users", []).is_err());
        assert!(s.conn.execute("DELETE FROM attachments", []).is_err());
        assert!(
            s.conn
                .execute("UPDATE attachments SET name = 'x'", [])
                .is_err()
        );
    }

    #[test]
    fn history_cannot_be_rewritten_and_nothing_deleted() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("r.db");
        let mut s = SqliteStore::open(&p, true).unwrap();
        let mode: String = s
            .conn
            .pragma_query_value(None, "journal_mode", |r| r.get(0))
            .unwrap();
        assert_eq!(mode, "wal");
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
        assert!(s.conn.execute("UPDATE events SET by = 'x'", []).is_err());
        assert!(s.conn.execute("DELETE FROM events", []).is_err());
        let n: i64 = s
            .conn
            .query_row("SELECT count(*) FROM events", [], |r| r.get(0))
            .unwrap();
        assert_eq!(n, 1);
    }

    #[test]
    fn dry_run_and_failed_bodies_roll_back() {
        let d = tempfile::tempdir().unwrap();
        let mut s = SqliteStore::open(&d.path().join("r.db"), true).unwrap();
        let p = Policy {
            major_days: 10,
            ..Policy::default()
        };
        with(&mut s, Mode::DryRun, |tx| tx.put_policy(&p)).unwrap();
        assert_eq!(
            with(&mut s, Mode::Read, |tx| tx.policy()).unwrap(),
            Policy::default()
        );
        let r: Result<(), _> = with(&mut s, Mode::Write, |tx| {
            tx.put_policy(&p)?;
            Err(RegisterError::Invalid("stop".into()))
        });
        assert!(r.is_err());
        assert_eq!(
            with(&mut s, Mode::Read, |tx| tx.policy()).unwrap(),
            Policy::default()
        );
        with(&mut s, Mode::Write, |tx| tx.put_policy(&p)).unwrap();
        assert_eq!(with(&mut s, Mode::Read, |tx| tx.policy()).unwrap(), p);
    }
}
