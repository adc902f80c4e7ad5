//! The PostgreSQL backend of the register, for a register many offices update at once from
//! different machines. The same tables and rules as the SQLite file (`sqlite.rs`): the schema
//! versioned in a table of its own and migrated forward in one transaction, the history
//! protected by triggers, and every writing transaction serialised behind one advisory lock, as
//! SQLite's `BEGIN IMMEDIATE` serialises them, so two concurrent commands never lose an update.
//!
//! The driver is the synchronous `postgres` crate: the [`Store`]/[`Tx`] interface is
//! synchronous and one command is one short transaction, so an async driver would only add a
//! runtime to block on. Connections are plain TCP or Unix sockets (no TLS yet): settings come
//! from the URL, then from the usual `PG*` variables.

use super::attachments::Attachment;
use super::pg_tls;
use super::sqlite::split_list;
use super::store::{Mode, Store, Tx};
use super::users::{Role, User};
use super::{
    Action, ActionStatus, AuditRecord, AuditedDepartment, Date, Event, FindingRecord, Policy,
    Record, RegisterError, ServerProblem, Verdict,
};
use crate::model::Outcome;
use postgres::error::SqlState;
use postgres::types::ToSql;
use postgres::{Client, Config, Row, Statement};
use std::collections::HashMap;
use std::time::Duration;
use tokio_postgres_rustls::MakeRustlsConnect;

/// Schema migrations, one per entry of [`super::sqlite::MIGRATIONS`] and with the same number:
/// entry `i` takes a register from version `i` to `i + 1`. A migration added to SQLite's list
/// is added here at the same place (a test checks that both lists have the same length).
/// Never edit a shipped entry; append a new one.
pub const MIGRATIONS: &[&str] = &[
    // 0 -> 1: the register's tables, the history append-only, nothing deleted.
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
    ineffective_count   BIGINT NOT NULL,
    closed_on           TEXT,
    cancel_reason       TEXT NOT NULL,
    revision            BIGINT NOT NULL
);
CREATE INDEX actions_status ON actions (status);
CREATE TABLE events (
    seq       BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    action_id TEXT REFERENCES actions (id),
    at        TEXT NOT NULL,
    by        TEXT NOT NULL,
    field     TEXT NOT NULL,
    old       TEXT,
    new       TEXT,
    note      TEXT NOT NULL
);
CREATE INDEX events_action ON events (action_id, seq);
CREATE FUNCTION isoaudit_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '%', TG_ARGV[0];
END
$$;
CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON events
    FOR EACH STATEMENT EXECUTE FUNCTION isoaudit_refuse('the history is append-only');
CREATE TRIGGER actions_no_delete BEFORE DELETE OR TRUNCATE ON actions
    FOR EACH STATEMENT EXECUTE FUNCTION isoaudit_refuse('actions are never deleted; cancel them');
CREATE TRIGGER findings_no_delete BEFORE DELETE OR TRUNCATE ON findings
    FOR EACH STATEMENT EXECUTE FUNCTION isoaudit_refuse('findings are never deleted');
CREATE TRIGGER audits_no_delete BEFORE DELETE OR TRUNCATE ON audits
    FOR EACH STATEMENT EXECUTE FUNCTION isoaudit_refuse('audits are never deleted');
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
    disabled   BOOLEAN NOT NULL
);
CREATE INDEX findings_scope ON findings (lower(office_code), department);
CREATE TRIGGER users_no_delete BEFORE DELETE OR TRUNCATE ON users
    FOR EACH STATEMENT EXECUTE FUNCTION isoaudit_refuse('users are never deleted; disable them');
CREATE TABLE attachments (
    seq       BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    action_id TEXT NOT NULL REFERENCES actions (id),
    sha256    TEXT NOT NULL,
    name      TEXT NOT NULL,
    size      BIGINT NOT NULL,
    at        TEXT NOT NULL,
    by        TEXT NOT NULL
);
CREATE INDEX attachments_action ON attachments (action_id, seq);
CREATE TRIGGER attachments_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON attachments
    FOR EACH STATEMENT EXECUTE FUNCTION isoaudit_refuse('attachments are never changed or deleted');
"#,
    // 4 -> 5: a user's display name, the name checklists give them (an auditor sees the
    // findings whose auditor is this name); empty for users added before. And whether they must
    // choose a new password at their next login (an initial one from `users import`).
    r#"
ALTER TABLE users ADD COLUMN display_name TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN must_change BOOLEAN NOT NULL DEFAULT false;
"#,
];

/// The table that marks a database as an isoaudit register and holds its schema version (what
/// `PRAGMA user_version` is to the SQLite file).
const VERSION_TABLE: &str = "isoaudit_register";

/// The advisory lock every writing transaction and every migration takes first (any constant
/// works; this one spells "isoaudit" in ASCII).
const WRITE_LOCK: i64 = 0x6973_6f61_7564_6974;

/// A URL names a PostgreSQL register when it starts with one of these.
pub fn is_url(spec: &str) -> bool {
    let s = spec.trim_start().to_ascii_lowercase();
    s.starts_with("postgres://") || s.starts_with("postgresql://")
}

/// The connection settings of `url`, completed from `PGHOST`, `PGPORT`, `PGUSER`, `PGPASSWORD`,
/// `PGDATABASE`, `PGCONNECT_TIMEOUT` and `PGAPPNAME` where the URL leaves them out, as libpq does.
/// The TLS parameters (`sslmode`, `sslrootcert`) are read by [`pg_tls::split`], not here.
pub fn config(url: &str) -> Result<Config, RegisterError> {
    let (url, _) = pg_tls::split(url)?;
    let mut c: Config = url.parse().map_err(|_| RegisterError::Server {
        // The URL may carry a password: only its scheme is repeated.
        target: "postgres://…".into(),
        problem: ServerProblem::BadUrl,
        detail: String::new(),
    })?;
    let env = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
    if c.get_hosts().is_empty() {
        match env("PGHOST") {
            Some(h) => {
                for h in h.split(',') {
                    c.host(h.trim());
                }
            }
            // libpq's default on Debian: the server's Unix socket, else TCP on this machine.
            None if std::path::Path::new("/var/run/postgresql").is_dir() => {
                c.host_path("/var/run/postgresql");
            }
            None => {
                c.host("localhost");
            }
        }
    }
    if c.get_ports().is_empty()
        && let Some(p) = env("PGPORT")
    {
        let port = p.parse().map_err(|_| RegisterError::Server {
            target: describe(&c),
            problem: ServerProblem::BadUrl,
            detail: format!("PGPORT={p}"),
        })?;
        c.port(port);
    }
    if c.get_user().is_none() {
        let user = env("PGUSER")
            .or_else(|| env("USER"))
            .unwrap_or_else(|| "postgres".into());
        c.user(&user);
    }
    if c.get_password().is_none()
        && let Some(p) = env("PGPASSWORD")
    {
        c.password(p);
    }
    if c.get_dbname().is_none()
        && let Some(d) = env("PGDATABASE")
    {
        c.dbname(&d);
    }
    if c.get_password().is_none() {
        // libpq matches a socket connection's lines under "localhost".
        let host = match c.get_hosts().first() {
            Some(postgres::config::Host::Tcp(h)) => h.clone(),
            _ => "localhost".to_string(),
        };
        let port = c.get_ports().first().copied().unwrap_or(5432);
        let user = c.get_user().unwrap_or("").to_string();
        let db = c.get_dbname().unwrap_or(&user).to_string();
        if let Some(p) = super::pgpass::password(&host, port, &db, &user) {
            c.password(p);
        }
    }
    if c.get_connect_timeout().is_none() {
        let secs = env("PGCONNECT_TIMEOUT")
            .and_then(|s| s.parse().ok())
            .unwrap_or(10);
        c.connect_timeout(Duration::from_secs(secs));
    }
    if c.get_application_name().is_none() {
        c.application_name(&env("PGAPPNAME").unwrap_or_else(|| "isoaudit".into()));
    }
    Ok(c)
}

/// The register's address for messages: user, host, port and database, never the password.
pub fn describe(c: &Config) -> String {
    let host = match c.get_hosts().first() {
        Some(postgres::config::Host::Tcp(h)) => h.clone(),
        Some(postgres::config::Host::Unix(p)) => p.display().to_string(),
        None => "localhost".into(),
    };
    let port = c.get_ports().first().copied().unwrap_or(5432);
    let user = c.get_user().unwrap_or("");
    let db = c.get_dbname().unwrap_or(user);
    format!("postgres://{user}@{host}:{port}/{db}")
}

/// What a failed connection means to the user: the server's class of error, never its dump.
fn connect_error(target: &str, e: &postgres::Error) -> RegisterError {
    let (problem, detail) = match e.code() {
        Some(c)
            if *c == SqlState::INVALID_PASSWORD
                || *c == SqlState::INVALID_AUTHORIZATION_SPECIFICATION =>
        {
            (ServerProblem::Auth, String::new())
        }
        Some(c) if *c == SqlState::INVALID_CATALOG_NAME => {
            (ServerProblem::NoDatabase, String::new())
        }
        Some(_) => (
            ServerProblem::Failed,
            e.as_db_error()
                .map(|d| d.message().to_string())
                .unwrap_or_default(),
        ),
        None => {
            // An I/O error's own words ("Connection refused") say which part failed; the
            // driver's configuration error says when the server asked for a missing password.
            let cause = std::error::Error::source(e)
                .map(|s| s.to_string())
                .unwrap_or_default();
            if let Some(p) = pg_tls::handshake_problem(e) {
                let detail = if p == ServerProblem::TlsFailed {
                    cause
                } else {
                    String::new()
                };
                (p, detail)
            } else if cause.contains("server does not support TLS") {
                (ServerProblem::TlsRefused, String::new())
            } else if cause.contains("password missing") {
                (ServerProblem::Auth, cause)
            } else if e.to_string().starts_with("authentication error") {
                (ServerProblem::Auth, String::new())
            } else {
                (ServerProblem::Unreachable, cause)
            }
        }
    };
    RegisterError::Server {
        target: target.to_string(),
        problem,
        detail,
    }
}

/// A failed statement: the server's message (a trigger's refusal, a constraint), else the
/// driver's one-line description, never a debug dump.
fn query_error(target: &str, e: postgres::Error) -> RegisterError {
    let detail = match e.as_db_error() {
        Some(d) => d.message().to_string(),
        None => match std::error::Error::source(&e) {
            Some(s) => format!("{e}: {s}"),
            None => e.to_string(),
        },
    };
    if e.code() == Some(&SqlState::LOCK_NOT_AVAILABLE) {
        return RegisterError::Server {
            target: target.to_string(),
            problem: ServerProblem::Busy,
            detail: String::new(),
        };
    }
    let problem =
        if e.is_closed() || e.as_db_error().is_none() && e.to_string().contains("communicating") {
            ServerProblem::Unreachable
        } else {
            ServerProblem::Failed
        };
    RegisterError::Server {
        target: target.to_string(),
        problem,
        detail,
    }
}

/// The register in one PostgreSQL database.
pub struct PgStore {
    client: Client,
    target: String,
    statements: HashMap<&'static str, Statement>,
}

impl PgStore {
    /// Connect to the register at `url`. With `create`, a database without a register gets the
    /// schema; either way the schema is brought up to date, and a register written by a newer
    /// isoaudit, or a database of another program, is refused without being changed.
    pub fn open(url: &str, create: bool) -> Result<PgStore, RegisterError> {
        Self::open_with(url, create, MIGRATIONS)
    }

    /// [`open`](Self::open) with an explicit migration list (tests exercise the machinery).
    pub fn open_with(
        url: &str,
        create: bool,
        migrations: &[&str],
    ) -> Result<PgStore, RegisterError> {
        let mut config = config(url)?;
        let target = describe(&config);
        let (_, mut tls) = pg_tls::split(url)?;
        // A Unix socket is never encrypted: libpq ignores sslmode there, and so does this.
        if config
            .get_hosts()
            .iter()
            .all(|h| matches!(h, postgres::config::Host::Unix(_)))
        {
            tls = pg_tls::Tls {
                mode: pg_tls::SslMode::Disable,
                root_cert: None,
            };
        }
        config.ssl_mode(tls.driver_mode());
        let connector = MakeRustlsConnect::new(tls.client_config(&target)?);
        let mut client = config
            .connect(connector)
            .map_err(|e| connect_error(&target, &e))?;
        // A writer waits for the register's lock at most as long as SQLite's busy timeout,
        // then fails with a message, instead of hanging behind a stalled client (unless the
        // URL's options set another limit).
        if !config
            .get_options()
            .is_some_and(|o| o.contains("lock_timeout"))
        {
            client
                .batch_execute("SET lock_timeout = '30s'")
                .map_err(|e| query_error(&target, e))?;
        }
        let mut store = PgStore {
            client,
            target,
            statements: HashMap::new(),
        };
        store.migrate(create, migrations)?;
        Ok(store)
    }

    /// The register's address for messages (no password).
    pub fn target(&self) -> &str {
        &self.target
    }

    /// The schema version: `None` for a database without the version table.
    fn version(tx: &mut postgres::Transaction<'_>) -> Result<Option<i64>, postgres::Error> {
        let has = tx
            .query_one("SELECT to_regclass($1) IS NOT NULL", &[&VERSION_TABLE])?
            .get::<_, bool>(0);
        if !has {
            return Ok(None);
        }
        let row = tx.query_opt(&format!("SELECT version FROM {VERSION_TABLE}"), &[])?;
        Ok(Some(row.map_or(0, |r| r.get::<_, i64>(0))))
    }

    fn migrate(&mut self, create: bool, migrations: &[&str]) -> Result<(), RegisterError> {
        let latest = migrations.len() as i64;
        let target = self.target.clone();
        let db = |e| query_error(&target, e);
        // An up-to-date register, the usual case, is seen without queueing behind writers.
        {
            let mut look = self.client.transaction().map_err(db)?;
            if Self::version(&mut look).map_err(db)? == Some(latest) {
                return look.commit().map_err(db);
            }
        }
        let mut tx = self.client.transaction().map_err(db)?;
        // One migrator at a time, and no writer while the schema changes.
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&WRITE_LOCK])
            .map_err(db)?;
        let found = Self::version(&mut tx).map_err(db)?;
        let v = match found {
            Some(v) => v,
            None => {
                // Tables of the current schema search path that are not ours.
                let tables: i64 = tx
                    .query_one(
                        "SELECT count(*) FROM pg_catalog.pg_tables WHERE schemaname = current_schema()",
                        &[],
                    )
                    .map_err(db)?
                    .get(0);
                if tables > 0 {
                    return Err(RegisterError::Server {
                        target,
                        problem: ServerProblem::Foreign,
                        detail: String::new(),
                    });
                }
                if !create {
                    return Err(RegisterError::Missing { path: target });
                }
                0
            }
        };
        if v > latest {
            return Err(RegisterError::NewerSchema {
                path: target,
                found: v,
                supported: latest,
            });
        }
        if v < 0 {
            return Err(RegisterError::Server {
                target,
                problem: ServerProblem::Foreign,
                detail: format!("schema version {v}"),
            });
        }
        if v == latest && found.is_some() {
            return tx.commit().map_err(db);
        }
        if found.is_none() {
            tx.batch_execute(&format!(
                "CREATE TABLE {VERSION_TABLE} (version BIGINT NOT NULL); \
                 INSERT INTO {VERSION_TABLE} (version) VALUES (0);"
            ))
            .map_err(db)?;
        }
        for m in &migrations[v as usize..] {
            tx.batch_execute(m).map_err(db)?;
        }
        tx.execute(
            &format!("UPDATE {VERSION_TABLE} SET version = $1"),
            &[&latest],
        )
        .map_err(db)?;
        tx.commit().map_err(db)
    }
}

impl Store for PgStore {
    fn transaction(
        &mut self,
        mode: Mode,
        body: &mut dyn FnMut(&mut dyn Tx) -> Result<(), RegisterError>,
    ) -> Result<(), RegisterError> {
        let target = self.target.clone();
        let db = |e| query_error(&target, e);
        let mut tx = match mode {
            // One snapshot for the whole command: a list and its counts agree.
            Mode::Read => self
                .client
                .build_transaction()
                .isolation_level(postgres::IsolationLevel::RepeatableRead)
                .read_only(true)
                .start()
                .map_err(db)?,
            Mode::Write | Mode::DryRun => {
                let mut tx = self.client.transaction().map_err(db)?;
                // Writers queue here, as behind SQLite's write lock; each statement after it
                // (READ COMMITTED) sees everything committed before the lock was granted.
                tx.execute("SELECT pg_advisory_xact_lock($1)", &[&WRITE_LOCK])
                    .map_err(db)?;
                tx
            }
        };
        let mut t = PgTx {
            tx: &mut tx,
            target: &target,
            statements: &mut self.statements,
        };
        // On error the Transaction is dropped, which rolls back.
        body(&mut t)?;
        match mode {
            Mode::DryRun => tx.rollback().map_err(db),
            Mode::Read | Mode::Write => tx.commit().map_err(db),
        }
    }
}

struct PgTx<'a, 'c> {
    tx: &'a mut postgres::Transaction<'c>,
    target: &'a str,
    statements: &'a mut HashMap<&'static str, Statement>,
}

impl PgTx<'_, '_> {
    fn db(&self) -> impl Fn(postgres::Error) -> RegisterError + '_ {
        move |e| query_error(self.target, e)
    }

    /// The prepared statement of `sql`, prepared once per connection.
    fn stmt(&mut self, sql: &'static str) -> Result<Statement, RegisterError> {
        if let Some(s) = self.statements.get(sql) {
            return Ok(s.clone());
        }
        let s = self.tx.prepare(sql).map_err(self.db())?;
        self.statements.insert(sql, s.clone());
        Ok(s)
    }

    fn query(
        &mut self,
        sql: &'static str,
        params: &[&(dyn ToSql + Sync)],
    ) -> Result<Vec<Row>, RegisterError> {
        let s = self.stmt(sql)?;
        self.tx.query(&s, params).map_err(self.db())
    }

    fn execute(
        &mut self,
        sql: &'static str,
        params: &[&(dyn ToSql + Sync)],
    ) -> Result<u64, RegisterError> {
        let s = self.stmt(sql)?;
        self.tx.execute(&s, params).map_err(self.db())
    }

    fn bad(&self, column: &str, value: &str) -> RegisterError {
        RegisterError::Invalid(format!(
            "{}: column {column}: unexpected value \"{value}\"",
            self.target
        ))
    }

    fn text(&self, r: &Row, c: &str) -> Result<String, RegisterError> {
        r.try_get(c).map_err(self.db())
    }

    fn opt_text(&self, r: &Row, c: &str) -> Result<Option<String>, RegisterError> {
        r.try_get(c).map_err(self.db())
    }

    fn parsed<T: std::str::FromStr>(&self, r: &Row, c: &str) -> Result<T, RegisterError> {
        let s = self.text(r, c)?;
        s.parse().map_err(|_| self.bad(c, &s))
    }

    fn opt_date(&self, r: &Row, c: &str) -> Result<Option<Date>, RegisterError> {
        match self.opt_text(r, c)? {
            None => Ok(None),
            Some(s) => s.parse().map(Some).map_err(|_| self.bad(c, &s)),
        }
    }

    fn count(&self, r: &Row, c: &str) -> Result<u32, RegisterError> {
        let n: i64 = r.try_get(c).map_err(self.db())?;
        u32::try_from(n).map_err(|_| self.bad(c, &n.to_string()))
    }

    fn event_row(&self, r: &Row) -> Result<Event, RegisterError> {
        Ok(Event {
            seq: r.try_get("seq").map_err(self.db())?,
            action_id: self.opt_text(r, "action_id")?,
            at: self.parsed(r, "at")?,
            by: self.text(r, "by")?,
            field: self.text(r, "field")?,
            old: self.opt_text(r, "old")?,
            new: self.opt_text(r, "new")?,
            note: self.text(r, "note")?,
        })
    }

    fn user_row(&self, r: &Row) -> Result<User, RegisterError> {
        Ok(User {
            name: self.text(r, "name")?,
            role: self.parsed::<Role>(r, "role")?,
            office: self.text(r, "office")?,
            department: self.text(r, "department")?,
            lang: self.text(r, "lang")?,
            password_hash: self.text(r, "password")?,
            disabled: r.try_get("disabled").map_err(self.db())?,
            display_name: self.text(r, "display_name")?,
            must_change: r.try_get("must_change").map_err(self.db())?,
        })
    }

    fn audit_row(&self, r: &Row) -> Result<AuditRecord, RegisterError> {
        Ok(AuditRecord {
            audit_id: self.text(r, "audit_id")?,
            office_code: self.text(r, "office_code")?,
            office_name: self.text(r, "office_name")?,
            title: self.text(r, "title")?,
            start_date: self.opt_date(r, "start_date")?,
            end_date: self.opt_date(r, "end_date")?,
            source: self.text(r, "source")?,
            scope: split_list(&self.text(r, "scope")?, ','),
            lead_auditor: self.text(r, "lead_auditor")?,
            team: split_list(&self.text(r, "team")?, '\n'),
            departments: Vec::new(),
        })
    }

    fn finding_row(&self, r: &Row) -> Result<FindingRecord, RegisterError> {
        let grade = self.text(r, "grade")?;
        Ok(FindingRecord {
            id: self.text(r, "id")?,
            key: self.opt_text(r, "key")?,
            audit_id: self.text(r, "audit_id")?,
            office_code: self.text(r, "office_code")?,
            clause: self.text(r, "clause")?,
            grade: Outcome::ALL
                .into_iter()
                .find(|o| o.key() == grade)
                .ok_or_else(|| self.bad("grade", &grade))?,
            statement: self.text(r, "statement")?,
            evidence: self.text(r, "evidence")?,
            department: self.text(r, "department")?,
            auditor: self.text(r, "auditor")?,
            procedure: self.text(r, "procedure")?,
            raised: self.parsed(r, "raised")?,
            source: self.text(r, "source")?,
        })
    }

    fn action_row(&self, r: &Row) -> Result<Action, RegisterError> {
        let verdict = match self.opt_text(r, "verdict")?.as_deref() {
            None => None,
            Some("effective") => Some(Verdict::Effective),
            Some("ineffective") => Some(Verdict::Ineffective),
            Some(v) => return Err(self.bad("verdict", v)),
        };
        Ok(Action {
            id: self.text(r, "id")?,
            status: self.parsed::<ActionStatus>(r, "status")?,
            owner: self.text(r, "owner")?,
            due: self.parsed(r, "due")?,
            correction: self.text(r, "correction")?,
            root_cause: self.text(r, "root_cause")?,
            corrective_action: self.text(r, "corrective_action")?,
            implemented_on: self.opt_date(r, "implemented_on")?,
            implementation_note: self.text(r, "implementation_note")?,
            verified_on: self.opt_date(r, "verified_on")?,
            verified_by: self.text(r, "verified_by")?,
            verification_method: self.text(r, "verification_method")?,
            verification_note: self.text(r, "verification_note")?,
            verdict,
            ineffective_count: self.count(r, "ineffective_count")?,
            closed_on: self.opt_date(r, "closed_on")?,
            cancel_reason: self.text(r, "cancel_reason")?,
            revision: self.count(r, "revision")?,
        })
    }

    fn record_row(&self, r: &Row) -> Result<Record, RegisterError> {
        Ok(Record {
            finding: self.finding_row(r)?,
            action: self.action_row(r)?,
        })
    }

    fn write_action(&mut self, sql: &'static str, a: &Action) -> Result<u64, RegisterError> {
        let text = |d: Option<Date>| d.map(|d| d.to_string());
        let (implemented_on, verified_on, closed_on) = (
            text(a.implemented_on),
            text(a.verified_on),
            text(a.closed_on),
        );
        let due = a.due.to_string();
        let verdict = a.verdict.map(|v| v.key());
        let (count, revision) = (i64::from(a.ineffective_count), i64::from(a.revision));
        self.execute(
            sql,
            &[
                &a.id,
                &a.status.key(),
                &a.owner,
                &due,
                &a.correction,
                &a.root_cause,
                &a.corrective_action,
                &implemented_on,
                &a.implementation_note,
                &verified_on,
                &a.verified_by,
                &a.verification_method,
                &a.verification_note,
                &verdict,
                &count,
                &closed_on,
                &a.cancel_reason,
                &revision,
            ],
        )
    }
}

fn days_text(d: Option<u32>) -> String {
    d.map_or_else(|| "off".to_string(), |d| d.to_string())
}

const RECORD_SELECT_ALL: &str = "SELECT f.id, f.audit_id, f.office_code, f.clause, f.grade, \
     f.statement, f.evidence, f.department, f.auditor, f.procedure, f.raised, f.source, f.key, \
     a.status, a.owner, a.due, a.correction, a.root_cause, a.corrective_action, a.implemented_on, \
     a.implementation_note, a.verified_on, a.verified_by, a.verification_method, \
     a.verification_note, a.verdict, a.ineffective_count, a.closed_on, a.cancel_reason, \
     a.revision FROM actions a JOIN findings f ON f.id = a.id ORDER BY a.id";

const RECORD_SELECT_ONE: &str = "SELECT f.id, f.audit_id, f.office_code, f.clause, f.grade, \
     f.statement, f.evidence, f.department, f.auditor, f.procedure, f.raised, f.source, f.key, \
     a.status, a.owner, a.due, a.correction, a.root_cause, a.corrective_action, a.implemented_on, \
     a.implementation_note, a.verified_on, a.verified_by, a.verification_method, \
     a.verification_note, a.verdict, a.ineffective_count, a.closed_on, a.cancel_reason, \
     a.revision FROM actions a JOIN findings f ON f.id = a.id WHERE a.id = $1";

/// [`RECORD_SELECT_ALL`] of one office and one department, each optional: a superset of what
/// [`super::store::in_scope`] keeps (`lower` folds at least ASCII case), read through the
/// findings_scope index.
const RECORD_SELECT_SCOPE: &str = "SELECT f.id, f.audit_id, f.office_code, f.clause, f.grade, \
     f.statement, f.evidence, f.department, f.auditor, f.procedure, f.raised, f.source, f.key, \
     a.status, a.owner, a.due, a.correction, a.root_cause, a.corrective_action, a.implemented_on, \
     a.implementation_note, a.verified_on, a.verified_by, a.verification_method, \
     a.verification_note, a.verdict, a.ineffective_count, a.closed_on, a.cancel_reason, \
     a.revision FROM actions a JOIN findings f ON f.id = a.id \
     WHERE ($1::text IS NULL OR lower(f.office_code) = lower($1::text)) \
     AND ($2::text IS NULL OR btrim(f.department, ' ') = btrim($2::text, ' ')) ORDER BY a.id";

impl Tx for PgTx<'_, '_> {
    fn policy(&mut self) -> Result<Policy, RegisterError> {
        let mut p = Policy::default();
        let rows = self.query(
            "SELECT key, value FROM settings WHERE key LIKE 'policy.%'",
            &[],
        )?;
        for row in rows {
            let (k, v) = (self.text(&row, "key")?, self.text(&row, "value")?);
            let bad = || RegisterError::Invalid(format!("{}: bad setting {k} = {v}", self.target));
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
            self.execute(
                "INSERT INTO settings (key, value) VALUES ($1, $2) \
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                &[&k, &v],
            )?;
        }
        Ok(())
    }

    fn put_audit(&mut self, a: &AuditRecord) -> Result<(), RegisterError> {
        let (start, end) = (
            a.start_date.map(|d| d.to_string()),
            a.end_date.map(|d| d.to_string()),
        );
        let (scope, team) = (a.scope.join(","), a.team.join("\n"));
        self.execute(
            "INSERT INTO audits (audit_id, office_code, office_name, title, start_date, end_date, source, \
             scope, lead_auditor, team) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) \
             ON CONFLICT (audit_id, office_code) DO UPDATE SET office_name = excluded.office_name, \
             title = excluded.title, start_date = excluded.start_date, end_date = excluded.end_date, \
             source = excluded.source, scope = excluded.scope, lead_auditor = excluded.lead_auditor, \
             team = excluded.team",
            &[
                &a.audit_id,
                &a.office_code,
                &a.office_name,
                &a.title,
                &start,
                &end,
                &a.source,
                &scope,
                &a.lead_auditor,
                &team,
            ],
        )?;
        // The departments are what the latest sync of this result says, so they are replaced.
        self.execute(
            "DELETE FROM audit_departments WHERE audit_id = $1 AND office_code = $2",
            &[&a.audit_id, &a.office_code],
        )?;
        // In one statement (one round trip per audit, however many departments).
        // A department listed twice (a hand-edited result) keeps its last row, as one upsert
        // after another would; one statement may not touch a row twice.
        let mut last: HashMap<&str, &AuditedDepartment> = HashMap::new();
        for d in &a.departments {
            last.insert(d.name.as_str(), d);
        }
        let departments: Vec<&AuditedDepartment> = last.into_values().collect();
        let names: Vec<&str> = departments.iter().map(|d| d.name.as_str()).collect();
        let clauses: Vec<String> = departments.iter().map(|d| d.clauses.join(",")).collect();
        let auditors: Vec<String> = departments.iter().map(|d| d.auditors.join("\n")).collect();
        if !names.is_empty() {
            self.execute(
                "INSERT INTO audit_departments (audit_id, office_code, department, clauses, auditors) \
                 SELECT $1, $2, d, c, a FROM unnest($3::text[], $4::text[], $5::text[]) AS t (d, c, a) \
                 ON CONFLICT (audit_id, office_code, department) DO UPDATE SET \
                 clauses = excluded.clauses, auditors = excluded.auditors",
                &[&a.audit_id, &a.office_code, &names, &clauses, &auditors],
            )?;
        }
        Ok(())
    }

    fn audits(&mut self) -> Result<Vec<AuditRecord>, RegisterError> {
        let rows = self.query("SELECT * FROM audits ORDER BY audit_id, office_code", &[])?;
        let mut v = rows
            .iter()
            .map(|r| self.audit_row(r))
            .collect::<Result<Vec<_>, _>>()?;
        let rows = self.query(
            "SELECT * FROM audit_departments ORDER BY audit_id, office_code, department",
            &[],
        )?;
        for r in &rows {
            let (audit_id, office_code) = (self.text(r, "audit_id")?, self.text(r, "office_code")?);
            let d = AuditedDepartment {
                name: self.text(r, "department")?,
                clauses: split_list(&self.text(r, "clauses")?, ','),
                auditors: split_list(&self.text(r, "auditors")?, '\n'),
            };
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
        let rows = self.query("SELECT * FROM findings WHERE id = $1", &[&id])?;
        rows.first().map(|r| self.finding_row(r)).transpose()
    }

    fn finding_by_key(
        &mut self,
        audit_id: &str,
        office_code: &str,
        key: &str,
    ) -> Result<Option<FindingRecord>, RegisterError> {
        let rows = self.query(
            "SELECT * FROM findings WHERE audit_id = $1 AND office_code = $2 AND key = $3",
            &[&audit_id, &office_code, &key],
        )?;
        rows.first().map(|r| self.finding_row(r)).transpose()
    }

    fn findings_of(
        &mut self,
        audit_id: &str,
        office_code: &str,
    ) -> Result<Vec<FindingRecord>, RegisterError> {
        let rows = self.query(
            "SELECT * FROM findings WHERE audit_id = $1 AND office_code = $2 ORDER BY id",
            &[&audit_id, &office_code],
        )?;
        rows.iter().map(|r| self.finding_row(r)).collect()
    }

    fn put_finding(&mut self, f: &FindingRecord) -> Result<(), RegisterError> {
        let raised = f.raised.to_string();
        self.execute(
            "INSERT INTO findings (id, audit_id, office_code, clause, grade, statement, evidence, \
             department, auditor, procedure, raised, source, key) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) \
             ON CONFLICT (id) DO UPDATE SET clause = excluded.clause, grade = excluded.grade, \
             statement = excluded.statement, evidence = excluded.evidence, \
             department = excluded.department, auditor = excluded.auditor, \
             procedure = excluded.procedure, raised = excluded.raised, source = excluded.source, \
             key = coalesce(excluded.key, findings.key)",
            &[
                &f.id,
                &f.audit_id,
                &f.office_code,
                &f.clause,
                &f.grade.key(),
                &f.statement,
                &f.evidence,
                &f.department,
                &f.auditor,
                &f.procedure,
                &raised,
                &f.source,
                &f.key,
            ],
        )?;
        Ok(())
    }

    fn record(&mut self, id: &str) -> Result<Option<Record>, RegisterError> {
        let rows = self.query(RECORD_SELECT_ONE, &[&id])?;
        rows.first().map(|r| self.record_row(r)).transpose()
    }

    fn records(&mut self) -> Result<Vec<Record>, RegisterError> {
        let rows = self.query(RECORD_SELECT_ALL, &[])?;
        rows.iter().map(|r| self.record_row(r)).collect()
    }

    /// One office's actions read as such rather than all of them filtered here (`serve` asks for
    /// a department's or an office's on every list page); the trait's filter after the query
    /// keeps the comparison exactly [`super::store::in_scope`]'s.
    fn records_of(
        &mut self,
        office: Option<&str>,
        department: Option<&str>,
    ) -> Result<Vec<Record>, RegisterError> {
        let rows = self.query(RECORD_SELECT_SCOPE, &[&office, &department])?;
        let mut out = Vec::with_capacity(rows.len());
        for r in &rows {
            let rec = self.record_row(r)?;
            if super::store::in_scope(&rec, office, department) {
                out.push(rec);
            }
        }
        Ok(out)
    }

    fn insert_action(&mut self, a: &Action) -> Result<(), RegisterError> {
        self.write_action(
            "INSERT INTO actions (id, status, owner, due, correction, root_cause, corrective_action, \
             implemented_on, implementation_note, verified_on, verified_by, verification_method, \
             verification_note, verdict, ineffective_count, closed_on, cancel_reason, revision) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)",
            a,
        )?;
        Ok(())
    }

    fn update_action(&mut self, a: &Action) -> Result<(), RegisterError> {
        let n = self.write_action(
            "UPDATE actions SET status = $2, owner = $3, due = $4, correction = $5, root_cause = $6, \
             corrective_action = $7, implemented_on = $8, implementation_note = $9, verified_on = $10, \
             verified_by = $11, verification_method = $12, verification_note = $13, verdict = $14, \
             ineffective_count = $15, closed_on = $16, cancel_reason = $17, revision = $18::bigint \
             WHERE id = $1 AND revision = $18::bigint - 1",
            a,
        )?;
        if n != 1 {
            return Err(RegisterError::Stale {
                id: a.id.clone(),
                expected: a.revision.saturating_sub(1),
            });
        }
        Ok(())
    }

    fn append_event(&mut self, e: &Event) -> Result<(), RegisterError> {
        let at = e.at.to_string();
        self.execute(
            "INSERT INTO events (action_id, at, by, field, old, new, note) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
            &[&e.action_id, &at, &e.by, &e.field, &e.old, &e.new, &e.note],
        )?;
        Ok(())
    }

    fn copy_event(&mut self, e: &Event) -> Result<(), RegisterError> {
        let at = e.at.to_string();
        self.execute(
            "INSERT INTO events (seq, action_id, at, by, field, old, new, note) \
             OVERRIDING SYSTEM VALUE VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            &[
                &e.seq,
                &e.action_id,
                &at,
                &e.by,
                &e.field,
                &e.old,
                &e.new,
                &e.note,
            ],
        )?;
        // The next event recorded here is numbered after the copied ones.
        self.query(
            "SELECT setval(pg_get_serial_sequence('events', 'seq'), $1)",
            &[&e.seq],
        )?;
        Ok(())
    }

    fn add_attachment(&mut self, a: &Attachment) -> Result<(), RegisterError> {
        let size = i64::try_from(a.size).unwrap_or(i64::MAX);
        let at = a.at.to_string();
        self.execute(
            "INSERT INTO attachments (action_id, sha256, name, size, at, by) \
             VALUES ($1, $2, $3, $4, $5, $6)",
            &[&a.action_id, &a.sha256, &a.name, &size, &at, &a.by],
        )?;
        Ok(())
    }

    fn attachments(&mut self, action_id: &str) -> Result<Vec<Attachment>, RegisterError> {
        let rows = self.query(
            "SELECT * FROM attachments WHERE action_id = $1 ORDER BY seq",
            &[&action_id],
        )?;
        rows.iter()
            .map(|r| {
                let size: i64 = r.try_get("size").map_err(self.db())?;
                Ok(Attachment {
                    seq: r.try_get("seq").map_err(self.db())?,
                    action_id: self.text(r, "action_id")?,
                    sha256: self.text(r, "sha256")?,
                    name: self.text(r, "name")?,
                    size: size.max(0) as u64,
                    at: self.parsed(r, "at")?,
                    by: self.text(r, "by")?,
                })
            })
            .collect()
    }

    fn user(&mut self, name: &str) -> Result<Option<User>, RegisterError> {
        let rows = self.query("SELECT * FROM users WHERE name = $1", &[&name])?;
        rows.first().map(|r| self.user_row(r)).transpose()
    }

    fn users(&mut self) -> Result<Vec<User>, RegisterError> {
        let rows = self.query("SELECT * FROM users ORDER BY name", &[])?;
        rows.iter().map(|r| self.user_row(r)).collect()
    }

    fn put_user(&mut self, u: &User) -> Result<(), RegisterError> {
        self.execute(
            "INSERT INTO users \
             (name, role, office, department, lang, password, disabled, display_name, \
             must_change) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) \
             ON CONFLICT (name) DO UPDATE SET role = excluded.role, office = excluded.office, \
             department = excluded.department, lang = excluded.lang, \
             password = excluded.password, disabled = excluded.disabled, \
             display_name = excluded.display_name, must_change = excluded.must_change",
            &[
                &u.name,
                &u.role.key(),
                &u.office,
                &u.department,
                &u.lang,
                &u.password_hash,
                &u.disabled,
                &u.display_name,
                &u.must_change,
            ],
        )?;
        Ok(())
    }

    fn events(&mut self, action_id: Option<&str>) -> Result<Vec<Event>, RegisterError> {
        // Two statements, so that an action's history is read through its index.
        let rows = match action_id {
            Some(id) => self.query(
                "SELECT * FROM events WHERE action_id = $1 ORDER BY seq",
                &[&id],
            )?,
            None => self.query(
                "SELECT * FROM events WHERE action_id IS NULL ORDER BY seq",
                &[],
            )?,
        };
        rows.iter().map(|r| self.event_row(r)).collect()
    }

    /// One statement instead of the trait's history of every action in turn (a round trip
    /// each): `serve`'s to-do page of a quality manager reads it on every load.
    fn events_of_field(&mut self, field: &str) -> Result<Vec<Event>, RegisterError> {
        let rows = self.query(
            "SELECT * FROM events WHERE field = $1 ORDER BY seq",
            &[&field],
        )?;
        rows.iter().map(|r| self.event_row(r)).collect()
    }

    fn findings_for_sync(
        &mut self,
        offices: &[(String, String)],
        ids: &[String],
    ) -> Result<Vec<(FindingRecord, Option<Action>)>, RegisterError> {
        let audits: Vec<&str> = offices.iter().map(|o| o.0.as_str()).collect();
        let codes: Vec<&str> = offices.iter().map(|o| o.1.as_str()).collect();
        let rows = self.query(FINDINGS_FOR_SYNC, &[&audits, &codes, &ids])?;
        rows.iter()
            .map(|r| {
                let finding = self.finding_row(r)?;
                // The LEFT JOIN leaves an action's columns empty when the finding has none.
                let action = match self.opt_text(r, "status")? {
                    Some(_) => Some(self.action_row(r)?),
                    None => None,
                };
                Ok((finding, action))
            })
            .collect()
    }

    fn put_batch(
        &mut self,
        findings: &[FindingRecord],
        actions: &[Action],
        events: &[Event],
    ) -> Result<(), RegisterError> {
        // One statement over arrays, one round trip however long the lists: the findings, their
        // actions and the events in CTEs, whose foreign keys are checked at the statement's end.
        let f = |get: fn(&FindingRecord) -> String| findings.iter().map(get).collect::<Vec<_>>();
        let keys: Vec<Option<String>> = findings.iter().map(|f| f.key.clone()).collect();
        let a = |get: fn(&Action) -> String| actions.iter().map(get).collect::<Vec<_>>();
        let date = |get: fn(&Action) -> Option<Date>| {
            actions
                .iter()
                .map(|a| get(a).map(|d| d.to_string()))
                .collect::<Vec<_>>()
        };
        let number = |get: fn(&Action) -> u32| {
            actions
                .iter()
                .map(|a| i64::from(get(a)))
                .collect::<Vec<_>>()
        };
        let verdicts: Vec<Option<&str>> =
            actions.iter().map(|a| a.verdict.map(|v| v.key())).collect();
        let e = |get: fn(&Event) -> String| events.iter().map(get).collect::<Vec<_>>();
        let opt = |get: fn(&Event) -> Option<String>| events.iter().map(get).collect::<Vec<_>>();
        self.execute(
            PUT_BATCH,
            &[
                &f(|f| f.id.clone()),
                &f(|f| f.audit_id.clone()),
                &f(|f| f.office_code.clone()),
                &f(|f| f.clause.clone()),
                &f(|f| f.grade.key().to_string()),
                &f(|f| f.statement.clone()),
                &f(|f| f.evidence.clone()),
                &f(|f| f.department.clone()),
                &f(|f| f.auditor.clone()),
                &f(|f| f.procedure.clone()),
                &f(|f| f.raised.to_string()),
                &f(|f| f.source.clone()),
                &keys,
                &a(|a| a.id.clone()),
                &a(|a| a.status.key().to_string()),
                &a(|a| a.owner.clone()),
                &a(|a| a.due.to_string()),
                &a(|a| a.correction.clone()),
                &a(|a| a.root_cause.clone()),
                &a(|a| a.corrective_action.clone()),
                &date(|a| a.implemented_on),
                &a(|a| a.implementation_note.clone()),
                &date(|a| a.verified_on),
                &a(|a| a.verified_by.clone()),
                &a(|a| a.verification_method.clone()),
                &a(|a| a.verification_note.clone()),
                &verdicts,
                &number(|a| a.ineffective_count),
                &date(|a| a.closed_on),
                &a(|a| a.cancel_reason.clone()),
                &number(|a| a.revision),
                &opt(|e| e.action_id.clone()),
                &e(|e| e.at.to_string()),
                &e(|e| e.by.clone()),
                &e(|e| e.field.clone()),
                &opt(|e| e.old.clone()),
                &opt(|e| e.new.clone()),
                &e(|e| e.note.clone()),
            ],
        )?;
        Ok(())
    }
}

/// A sync's reading: the findings of its audits and offices and those named by id, with their
/// actions.
const FINDINGS_FOR_SYNC: &str = "SELECT f.id, f.audit_id, f.office_code, f.clause, f.grade, \
     f.statement, f.evidence, f.department, f.auditor, f.procedure, f.raised, f.source, f.key, \
     a.status, a.owner, a.due, a.correction, a.root_cause, a.corrective_action, a.implemented_on, \
     a.implementation_note, a.verified_on, a.verified_by, a.verification_method, \
     a.verification_note, a.verdict, a.ineffective_count, a.closed_on, a.cancel_reason, \
     a.revision FROM findings f LEFT JOIN actions a ON a.id = f.id \
     WHERE (f.audit_id, f.office_code) IN (SELECT * FROM unnest($1::text[], $2::text[])) \
     OR f.id = ANY($3::text[]) ORDER BY f.id";

/// `put_finding`, `insert_action` and `append_event` over arrays, one row per element; the
/// events are numbered in the arrays' order.
const PUT_BATCH: &str = "WITH f AS (INSERT INTO findings (id, audit_id, office_code, clause, \
     grade, statement, evidence, department, auditor, procedure, raised, source, key) \
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], \
     $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[], \
     $13::text[]) \
     ON CONFLICT (id) DO UPDATE SET clause = excluded.clause, grade = excluded.grade, \
     statement = excluded.statement, evidence = excluded.evidence, \
     department = excluded.department, auditor = excluded.auditor, \
     procedure = excluded.procedure, raised = excluded.raised, source = excluded.source, \
     key = coalesce(excluded.key, findings.key)), \
     a AS (INSERT INTO actions (id, status, owner, due, correction, \
     root_cause, corrective_action, implemented_on, implementation_note, verified_on, \
     verified_by, verification_method, verification_note, verdict, ineffective_count, \
     closed_on, cancel_reason, revision) \
     SELECT * FROM unnest($14::text[], $15::text[], $16::text[], $17::text[], $18::text[], \
     $19::text[], $20::text[], $21::text[], $22::text[], $23::text[], $24::text[], $25::text[], \
     $26::text[], $27::text[], $28::bigint[], $29::text[], $30::text[], $31::bigint[])) \
     INSERT INTO events (action_id, at, by, field, old, new, note) \
     SELECT action_id, at, by, field, old, new, note \
     FROM unnest($32::text[], $33::text[], $34::text[], $35::text[], $36::text[], $37::text[], \
     $38::text[]) WITH ORDINALITY AS e (action_id, at, by, field, old, new, note, n) \
     ORDER BY n";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_told_from_paths_and_shown_without_the_password() {
        assert!(is_url("postgres://u@h/db"));
        assert!(is_url("PostgreSQL://u@h/db"));
        assert!(!is_url("postgres.db"));
        assert!(!is_url("/srv/postgres://x"));
        let c = config("postgres://quality:s3cret@db.bureau.local:5433/isoaudit").unwrap();
        assert_eq!(
            describe(&c),
            "postgres://quality@db.bureau.local:5433/isoaudit"
        );
        // A URL that does not parse is not repeated at all: it may hold the password.
        let e = config("postgres://quality:s3cret@db:notaport/isoaudit")
            .err()
            .unwrap();
        assert!(
            matches!(
                e,
                RegisterError::Server {
                    problem: ServerProblem::BadUrl,
                    ..
                }
            ),
            "{e}"
        );
        assert!(!e.to_string().contains("s3cret"), "{e}");
    }
}
