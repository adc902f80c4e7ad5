//! The corrective-action register: every nonconformity tracked from raised to verified closure,
//! with an append-only history. See DESIGN.md and `isoaudit actions --help`.
//!
//! Layers, so another database can slot in later without touching the workflow or the commands:
//! - [`store`]: the narrow [`Store`]/[`Tx`] interface (the only thing a backend implements);
//! - [`sqlite`]: the SQLite backend (schema, migrations, WAL, locking), the default;
//! - [`postgres`]: the PostgreSQL backend, for a register many offices share ([`pg_tls`] and
//!   [`pgpass`]: its TLS and its password file, as libpq has them);
//! - [`workflow`]: sync, transitions, import — business rules over a `&mut dyn Tx` (a sync
//!   through `batch`, which reads what it needs at once and sends its writes together);
//! - [`stats`]: figures over a list of actions (pure);
//! - [`tracker`]: the Excel tracker departments fill in (export and reading back).

pub mod attachments;
mod batch;
pub mod decisions;
pub mod forms;
pub mod pg_tls;
pub mod pgpass;
pub mod postgres;
pub mod remind;
pub mod sqlite;
pub mod stats;
pub mod store;
pub mod tracker;
pub mod transfer;
pub mod users;
pub mod workflow;

pub use crate::model::Date;
pub use store::{Mode, Store, Tx, with};

use crate::model::Outcome;
use serde::Serialize;
use std::fmt;
use std::path::Path;
use std::str::FromStr;

/// Where an action stands. The only path to `Closed` runs through an effective verification.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ActionStatus {
    /// Raised from a finding; nothing written yet (or reopened after an ineffective verification).
    Open,
    /// Correction, root cause and corrective action written.
    Planned,
    /// The department says it is done.
    Implemented,
    /// Verified effective; ready to close.
    Verified,
    /// Closed by the quality manager. Final.
    Closed,
    /// Cancelled with a reason. Final.
    Cancelled,
}

impl ActionStatus {
    /// Every status, in workflow order.
    pub const ALL: [ActionStatus; 6] = [
        ActionStatus::Open,
        ActionStatus::Planned,
        ActionStatus::Implemented,
        ActionStatus::Verified,
        ActionStatus::Closed,
        ActionStatus::Cancelled,
    ];

    /// Stable machine name (stored, in JSON, in the tracker's dropdown).
    pub fn key(self) -> &'static str {
        match self {
            ActionStatus::Open => "open",
            ActionStatus::Planned => "planned",
            ActionStatus::Implemented => "implemented",
            ActionStatus::Verified => "verified",
            ActionStatus::Closed => "closed",
            ActionStatus::Cancelled => "cancelled",
        }
    }

    /// The Chinese label (also accepted when reading a tracker back).
    pub fn label_zh(self) -> &'static str {
        match self {
            ActionStatus::Open => "待处理",
            ActionStatus::Planned => "已制定措施",
            ActionStatus::Implemented => "已实施",
            ActionStatus::Verified => "已验证有效",
            ActionStatus::Closed => "已关闭",
            ActionStatus::Cancelled => "已取消",
        }
    }

    /// Closed or cancelled: nothing more can happen to it.
    pub fn is_final(self) -> bool {
        matches!(self, ActionStatus::Closed | ActionStatus::Cancelled)
    }
}

impl fmt::Display for ActionStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

impl FromStr for ActionStatus {
    type Err = crate::model::Text;

    /// The key (`implemented`) or the Chinese label (`已实施`), case and spaces ignored.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim().to_lowercase();
        ActionStatus::ALL
            .into_iter()
            .find(|st| st.key() == t || st.label_zh() == t)
            .ok_or_else(|| {
                crate::model::Text::new(crate::model::Say::UnknownStatus)
                    .with("value", s)
                    .with2(
                        "list",
                        ActionStatus::ALL.map(|s| s.key()).join(", "),
                        ActionStatus::ALL.map(|s| s.label_zh()).join("、"),
                    )
            })
    }
}

/// A history event's field as the reader says it (`root_cause` → 原因分析); a field the
/// register does not name here is shown as stored.
pub fn field_label(field: &str, lang: crate::model::Lang) -> &str {
    let (en, zh) = match field.trim_start_matches("finding.") {
        "status" => ("status", "状态"),
        "owner" => ("owner", "责任人"),
        "due" => ("due date", "完成期限"),
        "correction" => ("correction", "纠正"),
        "root_cause" => ("root cause", "原因分析"),
        "corrective_action" => ("corrective action", "纠正措施"),
        "implementation_note" => ("implementation", "实施情况"),
        "implemented_on" => ("implemented on", "实施日期"),
        "verified_by" => ("verified by", "验证人"),
        "verified_on" => ("verified on", "验证日期"),
        "verification_method" => ("verification method", "验证方法"),
        "verification_note" => ("verification note", "验证说明"),
        "verification" => ("verification", "验证"),
        "verdict" => ("verdict", "验证结论"),
        "ineffective_count" => ("found ineffective", "验证无效次数"),
        "closed_on" => ("closed on", "关闭日期"),
        "cancel_reason" => ("cancelled because", "取消原因"),
        "clause" => ("clause", "条款"),
        "grade" => ("grade", "性质"),
        "statement" => ("statement", "不符合描述"),
        "evidence" => ("evidence", "客观证据"),
        "department" => ("department", "部门"),
        "procedure" => ("procedure", "程序文件"),
        "raised" => ("raised", "提出日期"),
        "attachment" => ("file attached", "附件"),
        "extension_request" => ("later due date asked", "申请延期"),
        _ => return field,
    };
    lang.pick(en, zh)
}

/// A history event's value as the reader says it: a status by its word in `lang`.
pub fn value_label<'a>(
    field: &str,
    value: &'a str,
    lang: crate::model::Lang,
) -> std::borrow::Cow<'a, str> {
    match (field, value.parse::<ActionStatus>()) {
        ("status", Ok(s)) => lang.pick(s.key(), s.label_zh()).to_string().into(),
        _ => value.into(),
    }
}

/// The outcome of an effectiveness verification.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    Effective,
    Ineffective,
}

impl Verdict {
    /// Stable machine name.
    pub fn key(self) -> &'static str {
        match self {
            Verdict::Effective => "effective",
            Verdict::Ineffective => "ineffective",
        }
    }
}

/// Days allowed to implement an action, counted from the finding's date, per grade.
/// `None` for observations and OFIs means they raise no action.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Policy {
    pub major_days: u32,
    pub minor_days: u32,
    pub observation_days: Option<u32>,
    pub ofi_days: Option<u32>,
}

impl Default for Policy {
    /// Major 30 days, minor 60 days, observations and OFIs not tracked.
    fn default() -> Self {
        Policy {
            major_days: 30,
            minor_days: 60,
            observation_days: None,
            ofi_days: None,
        }
    }
}

impl Policy {
    /// Days allowed for a finding of `grade`, `None` when the policy does not track it.
    pub fn days(&self, grade: Outcome) -> Option<u32> {
        match grade {
            Outcome::Major => Some(self.major_days),
            Outcome::Minor => Some(self.minor_days),
            Outcome::Observation => self.observation_days,
            Outcome::Ofi => self.ofi_days,
            _ => None,
        }
    }
}

/// One audit of one office, as synced.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct AuditRecord {
    pub audit_id: String,
    pub office_code: String,
    pub office_name: String,
    pub title: String,
    pub start_date: Option<Date>,
    pub end_date: Option<Date>,
    /// The result file it was last synced from.
    pub source: String,
    /// The clauses in the audit's scope (expanded, sorted); empty for audits synced before
    /// the register kept it.
    pub scope: Vec<String>,
    pub lead_auditor: String,
    pub team: Vec<String>,
    /// The departments its checklists audited, each with the clauses judged and who audited.
    pub departments: Vec<AuditedDepartment>,
}

/// One department of an audit: what its checklist rows judged and who audited it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct AuditedDepartment {
    pub name: String,
    /// Clause ids judged (a result other than not audited), sorted.
    pub clauses: Vec<String>,
    /// Auditors the rows name, sorted.
    pub auditors: Vec<String>,
}

impl AuditRecord {
    /// The audit's facts as the register keeps them, from an audit result.
    pub fn from_result(r: &crate::model::AuditResult, source: &str) -> AuditRecord {
        let info = &r.audit;
        AuditRecord {
            audit_id: info.audit_id.clone(),
            office_code: info.office_code.clone(),
            office_name: info.office_name.clone(),
            title: info.title.clone(),
            start_date: info.start_date,
            end_date: info.end_date,
            source: source.to_string(),
            scope: info.scope.iter().map(|c| c.to_string()).collect(),
            lead_auditor: info.lead_auditor.clone(),
            team: info.team.clone(),
            departments: r
                .figures
                .by_department
                .iter()
                .filter(|d| !d.key.trim().is_empty())
                .map(|d| AuditedDepartment {
                    name: d.key.clone(),
                    clauses: d.clauses.iter().map(|c| c.to_string()).collect(),
                    auditors: d.auditors.clone(),
                })
                .collect(),
        }
    }
}

/// A finding as last synced: the wording the action was raised against.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FindingRecord {
    /// `<audit id>-<office code>-NC<nn>`; also the id of its action. The display number the
    /// finding had when first synced, kept for good whatever later reports number it.
    pub id: String,
    /// The finding's identity within its audit and office (`Finding::key`); `None` for findings
    /// synced before keys existed (matched by id once, then given the key).
    pub key: Option<String>,
    pub audit_id: String,
    pub office_code: String,
    pub clause: String,
    pub grade: Outcome,
    pub statement: String,
    pub evidence: String,
    pub department: String,
    pub auditor: String,
    pub procedure: String,
    /// The finding's date, else the audit's end (or start) date: due dates count from here.
    pub raised: Date,
    /// File, sheet and row of the checklist it came from.
    pub source: String,
}

/// The corrective action of one finding. Its id is the finding's id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Action {
    pub id: String,
    pub status: ActionStatus,
    pub owner: String,
    pub due: Date,
    pub correction: String,
    pub root_cause: String,
    pub corrective_action: String,
    pub implemented_on: Option<Date>,
    pub implementation_note: String,
    pub verified_on: Option<Date>,
    pub verified_by: String,
    pub verification_method: String,
    pub verification_note: String,
    pub verdict: Option<Verdict>,
    /// How many verifications found it ineffective (each one reopened it).
    pub ineffective_count: u32,
    pub closed_on: Option<Date>,
    pub cancel_reason: String,
    /// Bumped by every change; the tracker carries it to detect conflicting edits.
    pub revision: u32,
}

impl Action {
    /// A fresh action as `sync` raises it: open, nothing written yet, revision 1.
    pub fn new(id: &str, due: Date) -> Action {
        Action {
            id: id.to_string(),
            status: ActionStatus::Open,
            owner: String::new(),
            due,
            correction: String::new(),
            root_cause: String::new(),
            corrective_action: String::new(),
            implemented_on: None,
            implementation_note: String::new(),
            verified_on: None,
            verified_by: String::new(),
            verification_method: String::new(),
            verification_note: String::new(),
            verdict: None,
            ineffective_count: 0,
            closed_on: None,
            cancel_reason: String::new(),
            revision: 1,
        }
    }
}

/// An action with the finding it answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Record {
    pub finding: FindingRecord,
    pub action: Action,
}

/// One line of history. Never updated, never deleted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Event {
    /// Order of recording.
    pub seq: i64,
    /// The action concerned; `None` for register-wide changes (the policy).
    pub action_id: Option<String>,
    /// The date the change was recorded (`--today`).
    pub at: Date,
    /// Who (`--by`, else the OS user).
    pub by: String,
    pub field: String,
    pub old: Option<String>,
    pub new: Option<String>,
    pub note: String,
}

/// Who is acting and on what date: stamped on every event a command records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub by: String,
    pub today: Date,
}

/// Everything that can go wrong in the register, with the register path where it matters.
#[derive(Debug, thiserror::Error)]
pub enum RegisterError {
    #[error("{path}: {source}")]
    Db {
        path: String,
        #[source]
        source: rusqlite::Error,
    },
    #[error(
        "{path}: register schema version {found} is newer than this isoaudit understands ({supported}); the file was left untouched"
    )]
    NewerSchema {
        path: String,
        found: i64,
        supported: i64,
    },
    #[error("{path}: no register here")]
    Missing { path: String },
    #[error("{path}: cannot keep a copy before migrating: {source}")]
    Backup {
        path: String,
        #[source]
        source: rusqlite::Error,
    },
    #[error("no action \"{0}\" in the register")]
    NotFound(String),
    #[error("\"{0}\" matches several actions: {1}")]
    Ambiguous(String, String),
    #[error("{id}: cannot {verb} an action that is {status}: {missing}")]
    Illegal {
        id: String,
        verb: &'static str,
        status: ActionStatus,
        missing: crate::model::Text,
    },
    #[error("{0}")]
    Invalid(String),
    #[error("{id}: changed by someone else while this command ran (revision {expected} expected)")]
    Stale { id: String, expected: u32 },
    #[error("the password is too short: at least {min} characters")]
    PasswordTooShort { min: usize },
    /// A PostgreSQL register could not be used. `target` never carries the password.
    #[error("{target}: {}{}", .problem.describe(), if .detail.is_empty() { String::new() } else { format!(" ({})", .detail) })]
    Server {
        target: String,
        problem: ServerProblem,
        detail: String,
    },
}

/// What went wrong with a PostgreSQL register, in the user's terms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ServerProblem {
    /// No server answers at that address (refused, timed out, no such host).
    Unreachable,
    /// The server refused the user name or password.
    Auth,
    /// The server has no database of that name.
    NoDatabase,
    /// The database holds another program's tables.
    Foreign,
    /// The register's address is not a PostgreSQL URL.
    BadUrl,
    /// Another command held the register's write lock longer than a writer waits (30 s).
    Busy,
    /// A statement failed on the server.
    Failed,
    /// TLS was required and the server does not accept it.
    TlsRefused,
    /// The server's certificate is not signed by a trusted authority (or expired, revoked).
    TlsUntrusted,
    /// The server's certificate names another host (`verify-full`).
    TlsWrongHost,
    /// The file of trusted authorities cannot be read.
    TlsRootCert,
    /// The TLS handshake failed otherwise.
    TlsFailed,
}

impl ServerProblem {
    /// What went wrong, in English (the commands say it in the user's language).
    pub fn describe(self) -> &'static str {
        match self {
            ServerProblem::Unreachable => "cannot reach the PostgreSQL server",
            ServerProblem::Auth => "the PostgreSQL server refused the user name or password",
            ServerProblem::NoDatabase => "the PostgreSQL server has no such database",
            ServerProblem::Foreign => {
                "this database is not an isoaudit register (it has tables of another program); it was left untouched"
            }
            ServerProblem::BadUrl => "not a valid PostgreSQL URL",
            ServerProblem::Busy => "another command kept the register locked for 30 seconds",
            ServerProblem::Failed => "the PostgreSQL server refused the command",
            ServerProblem::TlsRefused => {
                "the PostgreSQL server does not accept TLS connections, which sslmode requires"
            }
            ServerProblem::TlsUntrusted => {
                "the PostgreSQL server's certificate is not signed by a trusted authority"
            }
            ServerProblem::TlsWrongHost => {
                "the PostgreSQL server's certificate is for another host name"
            }
            ServerProblem::TlsRootCert => "cannot read the trusted authority's certificate",
            ServerProblem::TlsFailed => "the TLS handshake with the PostgreSQL server failed",
        }
    }

    /// What to do about it, in English.
    pub fn hint(self) -> &'static str {
        match self {
            ServerProblem::Unreachable => {
                "check the host and port in the URL (or PGHOST, PGPORT) and that the server is running and accepts connections from this machine"
            }
            ServerProblem::Auth => {
                "check the user in the URL (or PGUSER) and give the password in PGPASSWORD rather than in the URL"
            }
            ServerProblem::NoDatabase => {
                "create it first (`createdb NAME` as a user allowed to), or name an existing database in the URL"
            }
            ServerProblem::Foreign => {
                "give isoaudit a database of its own (`createdb isoaudit`), or a schema of its own with ?options=-csearch_path%3DNAME"
            }
            ServerProblem::BadUrl => "write it as postgres://USER@HOST:PORT/DATABASE",
            ServerProblem::Busy => {
                "run the command again when the other one (a large sync or import) has finished"
            }
            ServerProblem::Failed => {
                "run the command again; if it fails again, ask the database's administrator"
            }
            ServerProblem::TlsRefused => {
                "ask the server's administrator to turn ssl on, or use sslmode=prefer in the URL (or PGSSLMODE) to fall back to an unencrypted connection"
            }
            ServerProblem::TlsUntrusted => {
                "name the authority that signed the server's certificate with sslrootcert=FILE in the URL (or PGSSLROOTCERT); sslmode=require encrypts without checking it"
            }
            ServerProblem::TlsWrongHost => {
                "connect with the host name the certificate names, or use sslmode=verify-ca to check only who signed it"
            }
            ServerProblem::TlsRootCert => {
                "give a PEM file of the authority's certificate with sslrootcert=FILE in the URL (or PGSSLROOTCERT); without one, ~/.postgresql/root.crt is read"
            }
            ServerProblem::TlsFailed => {
                "check sslmode in the URL (or PGSSLMODE) and the server's TLS settings"
            }
        }
    }
}

impl RegisterError {
    /// A line telling the user what to do next.
    pub fn hint(&self) -> Option<String> {
        match self {
            RegisterError::NewerSchema { .. } => {
                Some("use the isoaudit version that last wrote this register, or a newer one".into())
            }
            RegisterError::Missing { .. } => Some(
                "run `isoaudit actions sync RESULT.json` first, or point --register (ISOAUDIT_REGISTER) at the register".into(),
            ),
            RegisterError::NotFound(_) => Some("`isoaudit actions list` shows the ids".into()),
            RegisterError::Ambiguous(..) => Some("give more of the id".into()),
            RegisterError::Illegal { .. } => Some(
                "the workflow is open → planned → implemented → verified → closed; `isoaudit actions show ID` shows where it stands".into(),
            ),
            RegisterError::Stale { .. } => Some("run the command again".into()),
            RegisterError::PasswordTooShort { .. } => Some(
                "choose a longer one; a few words make a password easy to remember".into(),
            ),
            RegisterError::Server { problem, .. } => Some(problem.hint().into()),
            _ => None,
        }
    }
}

impl RegisterError {
    /// The error as a catalogue message, said in the reader's language where it is printed
    /// (a database's own error, and what an illegal step lacks, as they are).
    pub fn text(&self) -> crate::model::Text {
        use crate::model::{Say, Text};
        match self {
            RegisterError::NewerSchema {
                path,
                found,
                supported,
            } => Text::new(Say::RegNewerSchema)
                .with("path", path)
                .with("found", found)
                .with("supported", supported),
            RegisterError::Missing { path } => Text::new(Say::RegMissing).with("path", path),
            RegisterError::NotFound(id) => Text::new(Say::RegNotFound).with("id", id),
            RegisterError::Ambiguous(id, ids) => {
                Text::new(Say::RegAmbiguous).with("id", id).with("ids", ids)
            }
            RegisterError::Illegal {
                id,
                verb,
                status,
                missing,
            } => {
                let verb = match *verb {
                    "update" => Text::new(Say::VerbUpdate),
                    "plan" => Text::new(Say::VerbPlan),
                    "implement" => Text::new(Say::VerbImplement),
                    "verify" => Text::new(Say::VerbVerify),
                    "close" => Text::new(Say::VerbClose),
                    "cancel" => Text::new(Say::VerbCancel),
                    "reopen" => Text::new(Say::VerbReopen),
                    "empty the plan of" => Text::new(Say::VerbEmptyPlan),
                    other => Text::verbatim(other),
                };
                Text::new(Say::RegIllegal)
                    .with("id", id)
                    .with_text("verb", &verb)
                    .with2("status", status.key(), status.label_zh())
                    .with_text("missing", missing)
            }
            RegisterError::Stale { id, expected } => Text::new(Say::RegStale)
                .with("id", id)
                .with("expected", expected),
            RegisterError::PasswordTooShort { min } => {
                Text::new(Say::RegPasswordShort).with("n", min)
            }
            other => Text::verbatim(other.to_string()),
        }
    }

    /// [`RegisterError::hint`] as a catalogue message.
    pub fn hint_text(&self) -> Option<crate::model::Text> {
        use crate::model::{Say, Text};
        Some(Text::new(match self {
            RegisterError::NewerSchema { .. } => Say::RegNewerSchemaHint,
            RegisterError::Missing { .. } => Say::RegMissingHint,
            RegisterError::NotFound(_) => Say::RegNotFoundHint,
            RegisterError::Ambiguous(..) => Say::RegAmbiguousHint,
            RegisterError::Illegal { .. } => Say::RegIllegalHint,
            RegisterError::Stale { .. } => Say::RegStaleHint,
            RegisterError::PasswordTooShort { .. } => Say::RegPasswordShortHint,
            _ => return None,
        }))
    }
}

/// The PostgreSQL URL `spec` names, if it names one (`postgres://…`, `postgresql://…`);
/// anything else is the path of a SQLite file.
pub fn postgres_url(spec: &Path) -> Option<&str> {
    spec.to_str().filter(|s| postgres::is_url(s))
}

/// The register `spec` names, for messages: a PostgreSQL URL without its password.
pub fn display_spec(spec: &Path) -> String {
    match postgres_url(spec) {
        Some(url) => postgres::config(url)
            .map(|c| postgres::describe(&c))
            .unwrap_or_else(|_| "postgres://…".into()),
        None => spec.display().to_string(),
    }
}

/// Open the register `spec` names — a PostgreSQL URL, else a SQLite file — creating and
/// migrating it when `create` is true. The one place that chooses a backend: the commands only
/// ever see the [`Store`] interface.
pub fn open(spec: &Path, create: bool) -> Result<Box<dyn Store>, RegisterError> {
    match postgres_url(spec) {
        Some(url) => Ok(Box::new(postgres::PgStore::open(url, create)?)),
        None => Ok(Box::new(sqlite::SqliteStore::open(spec, create)?)),
    }
}

/// Open the register `spec` names for reading only (see [`sqlite::SqliteStore::open_read`];
/// a PostgreSQL register reads in read-only transactions).
pub fn open_read(spec: &Path) -> Result<Box<dyn Store>, RegisterError> {
    match postgres_url(spec) {
        Some(url) => Ok(Box::new(postgres::PgStore::open(url, false)?)),
        None => Ok(Box::new(sqlite::SqliteStore::open_read(spec)?)),
    }
}
