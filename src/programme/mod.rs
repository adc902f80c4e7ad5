//! The audit programme (`programme.toml`, ISO 9001 9.2.2, ISO 19011 clause 5): the cycle every
//! office, department and clause must be audited in, the higher frequency where earlier audits
//! found major nonconformities or actions proved ineffective, the offices and their
//! departments, and the auditors with the departments they may not audit.
//!
//! - [`history`]: what was audited when, from the register, the plans and their results;
//! - [`status`]: per office × department × clause, last audited, due or overdue, coverage;
//! - [`propose`]: a year's audits respecting the cycle, the risk and independence;
//! - [`write`]: the workbooks, Markdown, JSON and the proposed `audit.toml` plans.
//!
//! Errors name the file, the line and the key.

pub mod history;
pub mod propose;
pub mod status;
#[cfg(test)]
mod tests_status;
pub mod write;

use crate::catalog::{Catalog, parse_scope};
use crate::model::{ClauseId, Date, Say, Text};
use crate::text::{line_at, toml_error_place};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use toml::Spanned;

/// A programme that cannot be used: the file, the line and the key at fault. The plan's error
/// type, so a programme's error is built and said like a plan's.
pub type ProgrammeError = crate::plan::PlanError;

/// A department of an office, with the clauses it is audited against.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Department {
    pub name: String,
    /// The matrix clauses that apply to it (the programme's, unless the department names its own).
    pub clauses: Vec<ClauseId>,
}

/// An office of the bureau and its departments.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProgrammeOffice {
    pub code: String,
    pub name: String,
    pub departments: Vec<Department>,
    /// Its procedures folder and checklist folders, resolved against the programme's folder,
    /// copied into the plans the programme proposes.
    #[serde(skip)]
    pub procedures: Option<PathBuf>,
    #[serde(skip)]
    pub checklists: Vec<PathBuf>,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub head: String,
}

/// A department named across offices: `(office code, department)`.
pub type Unit = (String, String);

/// An internal auditor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Auditor {
    pub name: String,
    /// The office and department the auditor works in (empty when from outside the bureau).
    pub office: String,
    pub department: String,
    pub qualifications: Vec<String>,
    /// May lead an audit team.
    pub lead: bool,
    /// Departments the auditor may not audit: their own always, then those the file names.
    pub may_not_audit: Vec<Unit>,
    /// Whole offices the auditor may not audit.
    pub may_not_audit_offices: Vec<String>,
}

impl Auditor {
    /// Whether the auditor may audit `department` of `office`: never their own, never one the
    /// programme bars them from.
    pub fn may_audit(&self, office: &str, department: &str) -> bool {
        !self.may_not_audit_offices.iter().any(|o| o == office)
            && !self
                .may_not_audit
                .iter()
                .any(|(o, d)| o == office && d == department)
    }

    /// Why the auditor may not audit `department` of `office`: their own, or barred.
    pub fn conflict(&self, office: &str, department: &str) -> Option<Conflict> {
        if self.office == office && self.department == department {
            Some(Conflict::Own)
        } else if !self.may_audit(office, department) {
            Some(Conflict::Barred)
        } else {
            None
        }
    }
}

/// Why an auditor is not independent of a department.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Conflict {
    /// The auditor works in it.
    Own,
    /// The programme lists it among the departments the auditor may not audit.
    Barred,
}

/// How often, beyond the cycle, a department's clause is audited again after a bad result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Risk {
    /// Months after an audit that found a major nonconformity.
    pub major_months: Option<u32>,
    /// Months after an audit whose nonconformity's action was verified ineffective.
    pub ineffective_months: Option<u32>,
    /// Months after an audit that found a minor nonconformity (off by default).
    pub minor_months: Option<u32>,
}

/// A loaded programme.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Programme {
    #[serde(skip)]
    pub file: PathBuf,
    pub title: String,
    /// The language its outputs are written in when no `--lang` says (`[programme] lang`).
    pub lang: Option<crate::model::Lang>,
    /// Audit ids the plan proposes: `<prefix>-<year>-IA<nn>`.
    pub audit_prefix: String,
    /// Every department's clauses audited at least once in each cycle of this many months.
    pub cycle_months: u32,
    /// First day of the first cycle.
    pub start: Date,
    pub risk: Risk,
    /// The matrix clauses (at the programme's depth, exclusions removed), sorted.
    pub clauses: Vec<ClauseId>,
    pub offices: Vec<ProgrammeOffice>,
    pub auditors: Vec<Auditor>,
    /// Audit plans whose checklists are history (resolved against the programme's folder).
    #[serde(skip)]
    pub history_plans: Vec<PathBuf>,
    /// Folders or files of `result.json` that are history.
    #[serde(skip)]
    pub history_results: Vec<PathBuf>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawProgramme {
    programme: Spanned<RawHead>,
    risk: Option<RawRisk>,
    #[serde(default)]
    office: Vec<Spanned<RawOffice>>,
    #[serde(default)]
    auditor: Vec<Spanned<RawAuditor>>,
    history: Option<RawHistory>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawHead {
    #[serde(default)]
    title: String,
    audit_prefix: Option<Spanned<String>>,
    cycle_months: Option<Spanned<i64>>,
    start: Option<Spanned<toml::Value>>,
    clauses: Option<Spanned<String>>,
    depth: Option<Spanned<i64>>,
    #[serde(default)]
    exclusions: Vec<Spanned<String>>,
    /// The language of what the programme's commands write (`zh` or `en`), like a plan's
    /// `[output] lang`.
    lang: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRisk {
    major_months: Option<Spanned<i64>>,
    ineffective_months: Option<Spanned<i64>>,
    minor_months: Option<Spanned<i64>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOffice {
    code: Spanned<String>,
    #[serde(default)]
    name: String,
    #[serde(default)]
    head: String,
    procedures: Option<String>,
    #[serde(default)]
    checklists: Vec<String>,
    #[serde(default)]
    departments: Vec<Spanned<RawDepartment>>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum RawDepartment {
    Name(String),
    Full {
        name: String,
        clauses: Option<String>,
    },
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAuditor {
    name: Spanned<String>,
    #[serde(default)]
    office: Option<Spanned<String>>,
    #[serde(default)]
    department: Option<Spanned<String>>,
    #[serde(default)]
    qualifications: Vec<String>,
    #[serde(default)]
    lead: bool,
    #[serde(default)]
    may_not_audit: Vec<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawHistory {
    #[serde(default)]
    plans: Vec<String>,
    #[serde(default)]
    results: Vec<String>,
}

/// A TOML date (`2026-01-01`) or a string holding one.
fn toml_date(v: &toml::Value) -> Option<Date> {
    match v {
        toml::Value::Datetime(d) if d.time.is_none() && d.offset.is_none() => {
            d.to_string().parse().ok()
        }
        toml::Value::String(s) => s.parse().ok(),
        _ => None,
    }
}

/// The TOML reader's complaint as a catalogue message: an unknown or a missing key said in the
/// reader's language, anything else (a syntax error) quoted as the reader wrote it.
fn toml_message(message: &str) -> Text {
    let message = message.trim();
    let quoted: Vec<&str> = message.split('`').skip(1).step_by(2).collect();
    if message.starts_with("unknown field `") && quoted.len() > 1 {
        let keys: Vec<String> = quoted[1..].iter().map(|k| format!("`{k}`")).collect();
        Text::new(Say::ProgrammeUnknownKey)
            .with("key", quoted[0])
            .with2("keys", keys.join(", "), keys.join("、"))
    } else if message.starts_with("missing field `") && quoted.len() == 1 {
        Text::new(Say::ProgrammeMissingKey).with("key", quoted[0])
    } else {
        Text::new(Say::ProgrammeNotRead).with("reason", message)
    }
}

/// The date `months` calendar months after `d`, its day held within the month (31 January and
/// one month is 28 or 29 February).
pub fn add_months(d: Date, months: i64) -> Date {
    let (y, m, day) = d.ymd();
    let total = i64::from(y) * 12 + i64::from(m) - 1 + months;
    let (ny, nm) = (total.div_euclid(12), total.rem_euclid(12) + 1);
    let ny = ny.clamp(0, 9999) as i32;
    (1..=day)
        .rev()
        .find_map(|dd| Date::from_ymd(ny, nm as u32, dd))
        .unwrap_or(d)
}

/// The matrix clauses of a scope: each clause cut to `depth` levels (7.5.3 → 7.5 at depth 2),
/// a shallower clause kept when it has nothing below it.
fn matrix_clauses(catalog: &Catalog, scope: &[ClauseId], depth: usize) -> Vec<ClauseId> {
    let mut out: Vec<ClauseId> = Vec::new();
    for c in scope {
        let cut = if c.depth() > depth {
            let mut p = c.clone();
            while p.depth() > depth {
                match p.parent() {
                    Some(q) => p = q,
                    None => break,
                }
            }
            p
        } else if c.depth() == depth || catalog.is_leaf(c) {
            c.clone()
        } else {
            continue;
        };
        out.push(cut);
    }
    out.sort();
    out.dedup();
    out
}

/// An auditor named on a department's checklist rows who is not independent of it, or whom
/// the programme does not know.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Breach {
    pub office: String,
    pub department: String,
    pub auditor: String,
    /// `None`: the programme lists no auditor of that name.
    pub conflict: Option<Conflict>,
}

impl Programme {
    /// Every auditor the departments of one office's audit name, checked against the programme:
    /// the conflicts, and the auditors it does not list. Sorted.
    pub fn independence(
        &self,
        office: &str,
        departments: &[crate::model::Conformity],
    ) -> Vec<Breach> {
        let mut out = Vec::new();
        for d in departments {
            for name in &d.auditors {
                let conflict = match self.auditor(name) {
                    None => None,
                    Some(a) => match a.conflict(office, d.key.trim()) {
                        None => continue,
                        c => c,
                    },
                };
                out.push(Breach {
                    office: office.to_string(),
                    department: d.key.trim().to_string(),
                    auditor: name.clone(),
                    conflict,
                });
            }
        }
        out.sort_by(|a, b| {
            (&a.office, &a.department, &a.auditor).cmp(&(&b.office, &b.department, &b.auditor))
        });
        out
    }

    /// Read a programme: `path` is the file, or a folder holding `programme.toml`.
    pub fn load(path: &Path, catalog: &Catalog) -> Result<Programme, ProgrammeError> {
        let file = if path == Path::new(".") {
            PathBuf::from("programme.toml")
        } else if path.is_dir() {
            path.join("programme.toml")
        } else {
            path.to_path_buf()
        };
        let src = std::fs::read_to_string(&file).map_err(|e| ProgrammeError {
            file: file.display().to_string(),
            line: 0,
            key: "(file)".into(),
            message: Text::new(Say::CannotReadFile).with("reason", e),
        })?;
        Programme::parse(&src, &file, catalog)
    }

    /// Parse programme text; `file` names it in errors and anchors its relative paths.
    pub fn parse(src: &str, file: &Path, catalog: &Catalog) -> Result<Programme, ProgrammeError> {
        let fname = file.display().to_string();
        let err = |pos: usize, key: &str, message: Text| ProgrammeError {
            file: fname.clone(),
            line: line_at(src, pos),
            key: key.to_string(),
            message,
        };
        let raw: RawProgramme = toml::from_str(src).map_err(|e| {
            let (pos, key) = toml_error_place(&e);
            err(pos, &key, toml_message(e.message()))
        })?;
        let base = file.parent().unwrap_or(Path::new("")).to_path_buf();
        let head_span = raw.programme.span();
        let head = raw.programme.into_inner();
        let lang =
            match &head.lang {
                None => None,
                Some(l) => Some(crate::model::Lang::from_key(l.get_ref()).ok_or_else(|| {
                    err(l.span().start, "programme.lang", Text::new(Say::PlanLang))
                })?),
            };
        let months = |v: &Option<Spanned<i64>>, key: &str| -> Result<Option<u32>, ProgrammeError> {
            match v {
                None => Ok(None),
                Some(s) if (1..=120).contains(s.get_ref()) => Ok(Some(*s.get_ref() as u32)),
                Some(s) => Err(err(
                    s.span().start,
                    key,
                    Text::new(Say::ProgrammeMonths).with("value", s.get_ref()),
                )),
            }
        };
        let cycle_months = months(&head.cycle_months, "programme.cycle_months")?.unwrap_or(12);
        let start = match &head.start {
            None => {
                return Err(err(
                    head_span.start,
                    "programme.start",
                    Text::new(Say::ProgrammeNoStart),
                ));
            }
            Some(s) => toml_date(s.get_ref()).ok_or_else(|| {
                err(
                    s.span().start,
                    "programme.start",
                    Text::new(Say::PlanNotADate).with("value", s.get_ref()),
                )
            })?,
        };
        let depth = match &head.depth {
            None => 2,
            Some(d) if (1..=4).contains(d.get_ref()) => *d.get_ref() as usize,
            Some(d) => {
                return Err(err(
                    d.span().start,
                    "programme.depth",
                    Text::new(Say::ProgrammeDepth).with("value", d.get_ref()),
                ));
            }
        };
        let mut excluded: Vec<ClauseId> = Vec::new();
        for x in &head.exclusions {
            let c = catalog.resolve(x.get_ref()).map_err(|e| {
                err(
                    x.span().start,
                    "programme.exclusions",
                    Text::new(Say::PlanUnknownClause)
                        .with("value", &e.text)
                        .with_text("hint", &crate::catalog::nearest_hint(&e.nearest)),
                )
            })?;
            excluded.push(c.id.clone());
        }
        let scope_of =
            |spec: &str, pos: usize, key: &str| -> Result<Vec<ClauseId>, ProgrammeError> {
                let mut s = parse_scope(catalog, spec).map_err(|e| err(pos, key, e.text()))?;
                s.retain(|c| !excluded.iter().any(|x| c.is_within(x)));
                let m = matrix_clauses(catalog, &s, depth);
                if m.is_empty() {
                    return Err(err(
                        pos,
                        key,
                        Text::new(Say::ProgrammeNoClauseLeft).with("spec", spec),
                    ));
                }
                Ok(m)
            };
        let clauses = match &head.clauses {
            None => scope_of("4-10", head_span.start, "programme.clauses")?,
            Some(s) => scope_of(s.get_ref(), s.span().start, "programme.clauses")?,
        };
        let audit_prefix = match &head.audit_prefix {
            None => "IA".to_string(),
            Some(p) => {
                let t = p.get_ref().trim();
                if t.is_empty()
                    || !t
                        .chars()
                        .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
                {
                    return Err(err(
                        p.span().start,
                        "programme.audit_prefix",
                        Text::new(Say::ProgrammeBadPrefix).with("value", t),
                    ));
                }
                t.to_string()
            }
        };
        let risk = match &raw.risk {
            None => Risk {
                major_months: Some(6),
                ineffective_months: Some(6),
                minor_months: None,
            },
            Some(r) => Risk {
                major_months: months(&r.major_months, "risk.major_months")?,
                ineffective_months: months(&r.ineffective_months, "risk.ineffective_months")?,
                minor_months: months(&r.minor_months, "risk.minor_months")?,
            },
        };

        let mut offices: Vec<ProgrammeOffice> = Vec::new();
        for o in &raw.office {
            let r = o.get_ref();
            let code = r.code.get_ref().trim().to_string();
            let valid = !code.is_empty()
                && code
                    .chars()
                    .all(|c| c.is_alphanumeric() || c == '-' || c == '_');
            if !valid {
                return Err(err(
                    r.code.span().start,
                    "office.code",
                    Text::new(Say::ProgrammeBadCode).with("code", &code),
                ));
            }
            if offices.iter().any(|x| x.code == code) {
                return Err(err(
                    r.code.span().start,
                    "office.code",
                    Text::new(Say::PlanCodeTwice).with("code", &code),
                ));
            }
            let mut departments: Vec<Department> = Vec::new();
            for d in &r.departments {
                let (name, own) = match d.get_ref() {
                    RawDepartment::Name(n) => (n.trim().to_string(), None),
                    RawDepartment::Full { name, clauses } => {
                        (name.trim().to_string(), clauses.clone())
                    }
                };
                if name.is_empty() {
                    return Err(err(
                        d.span().start,
                        "office.departments",
                        Text::new(Say::ProgrammeDepartmentNoName),
                    ));
                }
                if departments.iter().any(|x| x.name == name) {
                    return Err(err(
                        d.span().start,
                        "office.departments",
                        Text::new(Say::ProgrammeDepartmentTwice)
                            .with("department", &name)
                            .with("office", &code),
                    ));
                }
                let clauses = match own {
                    None => clauses.clone(),
                    Some(spec) => scope_of(&spec, d.span().start, "office.departments.clauses")?,
                };
                departments.push(Department { name, clauses });
            }
            if departments.is_empty() {
                return Err(err(
                    o.span().start,
                    "office.departments",
                    Text::new(Say::ProgrammeNoDepartments).with("office", &code),
                ));
            }
            offices.push(ProgrammeOffice {
                name: if r.name.trim().is_empty() {
                    code.clone()
                } else {
                    r.name.trim().to_string()
                },
                code,
                departments,
                procedures: r.procedures.as_deref().map(|p| base.join(p)),
                checklists: r.checklists.iter().map(|c| base.join(c)).collect(),
                head: r.head.trim().to_string(),
            });
        }
        if offices.is_empty() {
            return Err(err(src.len(), "office", Text::new(Say::ProgrammeNoOffice)));
        }
        let has_dept = |o: &str, d: &str| {
            offices
                .iter()
                .any(|x| x.code == o && x.departments.iter().any(|y| y.name == d))
        };
        let mut auditors: Vec<Auditor> = Vec::new();
        for a in &raw.auditor {
            let r = a.get_ref();
            let name = r.name.get_ref().trim().to_string();
            if name.is_empty() {
                return Err(err(
                    r.name.span().start,
                    "auditor.name",
                    Text::new(Say::PlanEmptyId),
                ));
            }
            if auditors.iter().any(|x| x.name == name) {
                return Err(err(
                    r.name.span().start,
                    "auditor.name",
                    Text::new(Say::PlanCodeTwice).with("code", &name),
                ));
            }
            let office = r
                .office
                .as_ref()
                .map(|s| s.get_ref().trim().to_string())
                .unwrap_or_default();
            let department = r
                .department
                .as_ref()
                .map(|s| s.get_ref().trim().to_string())
                .unwrap_or_default();
            if !office.is_empty() && !offices.iter().any(|x| x.code == office) {
                let pos = r.office.as_ref().map_or(a.span().start, |s| s.span().start);
                return Err(err(
                    pos,
                    "auditor.office",
                    Text::new(Say::ProgrammeUnknownOffice).with("office", &office),
                ));
            }
            if !department.is_empty() && !has_dept(&office, &department) {
                let pos = r
                    .department
                    .as_ref()
                    .map_or(a.span().start, |s| s.span().start);
                return Err(err(
                    pos,
                    "auditor.department",
                    Text::new(Say::ProgrammeUnknownDepartment)
                        .with("office", &office)
                        .with("department", &department),
                ));
            }
            let mut may_not_audit: Vec<Unit> = Vec::new();
            let mut may_not_audit_offices: Vec<String> = Vec::new();
            if !department.is_empty() {
                may_not_audit.push((office.clone(), department.clone()));
            }
            for m in &r.may_not_audit {
                let t = m.get_ref().trim();
                let unit = match t.split_once('/') {
                    Some((o, "*")) => {
                        if !offices.iter().any(|x| x.code == o.trim()) {
                            return Err(err(
                                m.span().start,
                                "auditor.may_not_audit",
                                Text::new(Say::ProgrammeUnknownOffice).with("office", o.trim()),
                            ));
                        }
                        may_not_audit_offices.push(o.trim().to_string());
                        continue;
                    }
                    Some((o, d)) => (o.trim().to_string(), d.trim().to_string()),
                    None => (office.clone(), t.to_string()),
                };
                if !has_dept(&unit.0, &unit.1) {
                    return Err(err(
                        m.span().start,
                        "auditor.may_not_audit",
                        Text::new(Say::ProgrammeMayNotAuditForms).with_text(
                            "message",
                            &Text::new(Say::ProgrammeUnknownDepartment)
                                .with("office", &unit.0)
                                .with("department", &unit.1),
                        ),
                    ));
                }
                if !may_not_audit.contains(&unit) {
                    may_not_audit.push(unit);
                }
            }
            auditors.push(Auditor {
                name,
                office,
                department,
                qualifications: r
                    .qualifications
                    .iter()
                    .map(|q| q.trim().to_string())
                    .collect(),
                lead: r.lead,
                may_not_audit,
                may_not_audit_offices,
            });
        }
        let (history_plans, history_results) = match raw.history {
            None => (Vec::new(), Vec::new()),
            Some(h) => (
                h.plans.iter().map(|p| base.join(p)).collect(),
                h.results.iter().map(|p| base.join(p)).collect(),
            ),
        };
        Ok(Programme {
            file: file.to_path_buf(),
            title: head.title.trim().to_string(),
            lang,
            audit_prefix,
            cycle_months,
            start,
            risk,
            clauses,
            offices,
            auditors,
            history_plans,
            history_results,
        })
    }

    /// The programme's auditor of this name (names match as written, spaces trimmed).
    pub fn auditor(&self, name: &str) -> Option<&Auditor> {
        let n = name.trim();
        self.auditors.iter().find(|a| a.name == n)
    }

    /// The cycle holding `day`: its first and last day. Days before the programme's start
    /// belong to the first cycle.
    pub fn cycle_of(&self, day: Date) -> (Date, Date) {
        let n = i64::from(self.cycle_months);
        let mut k = 0i64;
        while add_months(self.start, (k + 1) * n) <= day && k < 10_000 {
            k += 1;
        }
        let from = add_months(self.start, k * n);
        (from, add_months(self.start, (k + 1) * n).add_days(-1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Lang;

    fn parse(src: &str) -> Result<Programme, ProgrammeError> {
        Programme::parse(src, Path::new("programme.toml"), &Catalog::embedded())
    }

    const MINIMAL: &str = r#"
[programme]
start = 2026-01-01
clauses = "7.5, 8.5, 9.2"

[[office]]
code = "hq"
departments = ["办公室", { name = "计量科", clauses = "8.5" }]

[[auditor]]
name = "陈静"
office = "hq"
department = "办公室"
may_not_audit = ["计量科"]
"#;

    #[test]
    fn a_minimal_programme_reads() {
        let p = parse(MINIMAL).unwrap();
        assert_eq!(p.cycle_months, 12);
        let ids: Vec<String> = p.clauses.iter().map(|c| c.to_string()).collect();
        assert_eq!(ids, ["7.5", "8.5", "9.2"]);
        assert_eq!(p.offices[0].departments[1].clauses.len(), 1);
        let a = &p.auditors[0];
        assert_eq!(a.conflict("hq", "办公室"), Some(Conflict::Own));
        assert_eq!(a.conflict("hq", "计量科"), Some(Conflict::Barred));
    }

    #[test]
    fn bad_input_names_the_line_and_key() {
        let bad = MINIMAL.replace(
            "may_not_audit = [\"计量科\"]",
            "may_not_audit = [\"法规科\"]",
        );
        let e = parse(&bad).unwrap_err();
        assert_eq!(
            (e.line, e.key.as_str()),
            (14, "auditor.may_not_audit"),
            "{e}"
        );
        let e =
            parse(&MINIMAL.replace("start = 2026-01-01", "start = \"2026-13-01\"")).unwrap_err();
        assert_eq!((e.line, e.key.as_str()), (3, "programme.start"), "{e}");
        let e = parse(&MINIMAL.replace("department = \"办公室\"", "department = \"财务科\""))
            .unwrap_err();
        assert_eq!(e.key, "auditor.department", "{e}");
        assert!(
            e.to_string().starts_with("programme.toml: line 13: "),
            "{e}"
        );
        let e = parse(&MINIMAL.replace("[[auditor]]", "[[auditors]]")).unwrap_err();
        assert!(e.message.render(Lang::En).contains("auditors"), "{e}");
        assert!(
            e.message
                .render(Lang::Zh)
                .starts_with("无法识别的键 `auditors`；此处可用的键：`programme`、"),
            "{e}"
        );
        let e = parse("[programme]\ntitle = \"x\"\n[[office]]\ndepartments = [\"办公室\"]\n")
            .unwrap_err();
        assert_eq!(e.message.render(Lang::Zh), "缺少 `code`", "{e}");
        let e = parse("[programme\n").unwrap_err();
        assert!(
            e.message
                .render(Lang::Zh)
                .starts_with("无法作为审核方案读取："),
            "{e}"
        );
    }

    /// An error is said in either language, the file, line and key in both; audits read from
    /// the register name it in the reader's language.
    #[test]
    fn errors_are_said_in_the_readers_language() {
        let e = parse(&MINIMAL.replace("start = 2026-01-01", "start = 2026-01-01\ndepth = 7"))
            .unwrap_err();
        assert_eq!(
            e.text().render(Lang::Zh),
            "programme.toml：第 4 行：programme.depth：7 不是 1（章）至 4 之间的条款层级"
        );
        assert_eq!(
            e.text().render(Lang::En),
            "programme.toml: line 4: programme.depth: 7 is not a clause depth from 1 (chapters) to 4"
        );
        assert_eq!(e.text().render(Lang::En), e.to_string());
        let e = parse(&MINIMAL.replace("exclusions", "x").replace(
            "clauses = \"7.5, 8.5, 9.2\"",
            "clauses = \"7.5, 8.5, 9.2\"\nexclusions = [\"8.55\"]",
        ))
        .unwrap_err();
        assert_eq!(e.key, "programme.exclusions", "{e}");
        assert!(
            e.text()
                .render(Lang::Zh)
                .contains("无法识别的条款“8.55”；是否指"),
            "{e}"
        );
        let register = crate::model::Location::file(crate::model::Location::REGISTER);
        assert_eq!(register.file_label(Lang::Zh), "登记册");
    }

    #[test]
    fn cycles_and_months() {
        let p = parse(MINIMAL).unwrap();
        let d = |s: &str| s.parse::<Date>().unwrap();
        assert_eq!(
            p.cycle_of(d("2026-03-16")),
            (d("2026-01-01"), d("2026-12-31"))
        );
        assert_eq!(
            p.cycle_of(d("2027-01-01")),
            (d("2027-01-01"), d("2027-12-31"))
        );
        assert_eq!(
            p.cycle_of(d("2025-05-01")),
            (d("2026-01-01"), d("2026-12-31"))
        );
        assert_eq!(add_months(d("2026-01-31"), 1), d("2026-02-28"));
        assert_eq!(add_months(d("2026-09-20"), -6), d("2026-03-20"));
    }
}
