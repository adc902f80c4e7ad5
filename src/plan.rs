//! The audit plan (`audit.toml`): one audit, every office it covers, where the outputs go, the
//! register to sync and the exit-code gate. Paths in the plan are relative to the plan file.
//! Errors name the key and its line.

use crate::catalog::{Catalog, parse_scope};
use crate::model::{AuditInfo, ClauseId, Date, Exclusion, Lang, Outcome};
use crate::model::{Say, Text};
use crate::report::Format;
use crate::text::{line_at, toml_error_place};
use serde::Deserialize;
use std::path::{Path, PathBuf};
use toml::Spanned;

/// A plan that cannot be used: the file, the line and the key at fault.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}: line {line}: {key}: {message}")]
pub struct PlanError {
    pub file: String,
    pub line: usize,
    pub key: String,
    pub message: Text,
}

impl PlanError {
    /// The error as a catalogue message, said in the reader's language where it is printed.
    pub fn text(&self) -> Text {
        Text::new(Say::PlanAt)
            .with("file", &self.file)
            .with("line", self.line)
            .with("key", &self.key)
            .with_text("message", &self.message)
    }
}

/// One office to audit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Office {
    pub code: String,
    pub name: String,
    /// The procedures folder (absolute, or relative to the current folder), if the plan names one.
    pub procedures: Option<PathBuf>,
    /// Checklist patterns as resolved against the plan's folder.
    pub checklists: Vec<PathBuf>,
    pub head: String,
}

/// `[templates] audit_report = "…docx"`, `nc_reports = "…docx"`: the bureau's own Word forms,
/// filled instead of ours.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TemplatePaths {
    pub audit_report: Option<PathBuf>,
    pub nc_reports: Option<PathBuf>,
    pub corrective_actions: Option<PathBuf>,
}

/// Due-date policy handed to the register.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegisterPlan {
    /// The register's file (relative paths resolved against the plan), or a PostgreSQL URL.
    pub path: PathBuf,
    pub major_days: Option<u32>,
    pub minor_days: Option<u32>,
}

/// Gate levels for `--fail-on` / `[gate] fail_on`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailOn {
    /// Any major nonconformity.
    Major,
    /// Any nonconformity, major or minor.
    Minor,
    /// Any finding at all, observations and OFIs included.
    Any,
}

impl FailOn {
    /// Whether a finding of this grade trips the gate.
    pub fn trips(self, grade: Outcome) -> bool {
        match self {
            FailOn::Major => grade == Outcome::Major,
            FailOn::Minor => grade.is_nonconformity(),
            FailOn::Any => matches!(
                grade,
                Outcome::Major | Outcome::Minor | Outcome::Observation | Outcome::Ofi
            ),
        }
    }

    fn parse(s: &str) -> Option<FailOn> {
        match s.trim().to_lowercase().as_str() {
            "major" => Some(FailOn::Major),
            "minor" => Some(FailOn::Minor),
            "any" => Some(FailOn::Any),
            _ => None,
        }
    }
}

/// A resolved plan: every path absolute or relative to the current folder, the scope expanded.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    pub file: PathBuf,
    /// Audit facts common to every office; `office_code`/`office_name` are filled per office.
    pub audit: AuditInfo,
    pub offices: Vec<Office>,
    pub output_dir: Option<PathBuf>,
    /// `[output] formats`; empty when the plan names none.
    pub formats: Vec<Format>,
    pub lang: Option<Lang>,
    /// `[mapping] rules`: the mapping rules to use instead of the embedded ones.
    pub rules: Option<PathBuf>,
    /// `[templates]`: the bureau's own Word forms.
    pub templates: TemplatePaths,
    pub register: Option<RegisterPlan>,
    pub fail_on: Option<FailOn>,
    /// `[programme] path`: the audit programme whose auditors the audit's independence is
    /// checked against (default: `programme.toml` beside the plan, when there is one).
    pub programme: Option<PathBuf>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPlan {
    audit: Spanned<RawAudit>,
    #[serde(default)]
    office: Vec<Spanned<RawOffice>>,
    output: Option<RawOutput>,
    mapping: Option<RawMapping>,
    templates: Option<TemplatePaths>,
    register: Option<Spanned<RawRegister>>,
    gate: Option<RawGate>,
    programme: Option<RawProgrammeRef>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawProgrammeRef {
    path: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAudit {
    id: Spanned<String>,
    #[serde(default)]
    title: String,
    #[serde(default)]
    criteria: Vec<String>,
    start: Option<Spanned<toml::Value>>,
    end: Option<Spanned<toml::Value>>,
    #[serde(default)]
    lead_auditor: String,
    #[serde(default)]
    team: Vec<String>,
    scope: Option<Spanned<String>>,
    #[serde(default)]
    exclusions: Vec<Spanned<RawExclusion>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawExclusion {
    clause: Spanned<String>,
    #[serde(default)]
    justification: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOffice {
    code: Spanned<String>,
    #[serde(default)]
    name: String,
    procedures: Option<String>,
    #[serde(default)]
    checklists: Vec<String>,
    #[serde(default)]
    head: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOutput {
    dir: Option<String>,
    formats: Option<Vec<Spanned<String>>>,
    lang: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMapping {
    rules: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRegister {
    path: Option<String>,
    major_days: Option<u32>,
    minor_days: Option<u32>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGate {
    fail_on: Option<Spanned<String>>,
}

/// A TOML date (`2026-03-16`) or a string holding one, if it is a calendar date.
fn plan_date(v: &toml::Value) -> Option<Date> {
    match v {
        toml::Value::Datetime(d) if d.time.is_none() && d.offset.is_none() => {
            d.to_string().parse().ok()
        }
        toml::Value::String(s) => s.parse().ok(),
        _ => None,
    }
}

impl Plan {
    /// Read a plan: `path` is the plan file, or a folder holding `audit.toml`.
    pub fn load(path: &Path, catalog: &Catalog) -> Result<Plan, PlanError> {
        let file = if path.is_dir() {
            path.join("audit.toml")
        } else {
            path.to_path_buf()
        };
        let src = std::fs::read_to_string(&file).map_err(|e| PlanError {
            file: file.display().to_string(),
            line: 0,
            key: "(file)".into(),
            message: Text::verbatim(e.to_string()),
        })?;
        Plan::parse(&src, &file, catalog)
    }

    /// Parse plan text; `file` names it in errors and anchors its relative paths.
    pub fn parse(src: &str, file: &Path, catalog: &Catalog) -> Result<Plan, PlanError> {
        let fname = file.display().to_string();
        let err = |pos: usize, key: &str, message: Text| PlanError {
            file: fname.clone(),
            line: line_at(src, pos),
            key: key.to_string(),
            message,
        };
        let raw: RawPlan = toml::from_str(src).map_err(|e| {
            let (pos, key) = toml_error_place(&e);
            err(pos, &key, Text::verbatim(e.message().trim()))
        })?;
        let base = file.parent().unwrap_or(Path::new("")).to_path_buf();
        let rel = |p: &str| base.join(p);

        let audit_span = raw.audit.span();
        let a = raw.audit.into_inner();
        let id = a.id.get_ref().trim().to_string();
        if id.is_empty() {
            return Err(err(
                a.id.span().start,
                "audit.id",
                Text::new(Say::PlanEmptyId),
            ));
        }
        let date =
            |v: &Option<Spanned<toml::Value>>, key: &str| -> Result<Option<Date>, PlanError> {
                match v {
                    None => Ok(None),
                    Some(s) => plan_date(s.get_ref()).map(Some).ok_or_else(|| {
                        err(
                            s.span().start,
                            key,
                            Text::new(Say::PlanNotADate).with("value", s.get_ref()),
                        )
                    }),
                }
            };
        let start_date = date(&a.start, "audit.start")?;
        let end_date = date(&a.end, "audit.end")?;
        if let (Some(s), Some(e)) = (&start_date, &end_date)
            && e < s
        {
            let pos = a.end.as_ref().map_or(audit_span.start, |x| x.span().start);
            return Err(err(
                pos,
                "audit.end",
                Text::new(Say::PlanEndBeforeStart)
                    .with("end", e)
                    .with("start", s),
            ));
        }
        let mut scope = match &a.scope {
            None => parse_scope(catalog, "").expect("the whole catalog is a valid scope"),
            Some(s) => parse_scope(catalog, s.get_ref())
                .map_err(|e| err(s.span().start, "audit.scope", e.message))?,
        };
        let mut exclusions = Vec::new();
        for x in &a.exclusions {
            let x_ref = x.get_ref();
            let c = catalog.resolve(x_ref.clause.get_ref()).map_err(|e| {
                err(
                    x_ref.clause.span().start,
                    "audit.exclusions.clause",
                    Text::new(Say::PlanUnknownClause)
                        .with("value", &e.text)
                        .with_text("hint", &crate::catalog::nearest_hint(&e.nearest)),
                )
            })?;
            if x_ref.justification.trim().is_empty() {
                return Err(err(
                    x.span().start,
                    "audit.exclusions.justification",
                    Text::new(Say::PlanNeedsJustification).with("clause", &c.id),
                ));
            }
            let cid: ClauseId = c.id.clone();
            scope.retain(|s| !s.is_within(&cid));
            exclusions.push(Exclusion {
                id: cid,
                justification: x_ref.justification.trim().to_string(),
            });
        }

        let mut offices: Vec<Office> = Vec::new();
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
                    Text::new(Say::PlanBadCode).with("code", &code),
                ));
            }
            if offices.iter().any(|x| x.code == code) {
                return Err(err(
                    r.code.span().start,
                    "office.code",
                    Text::new(Say::PlanCodeTwice).with("code", &code),
                ));
            }
            offices.push(Office {
                name: if r.name.trim().is_empty() {
                    code.clone()
                } else {
                    r.name.trim().to_string()
                },
                code,
                procedures: r.procedures.as_deref().map(rel),
                checklists: r.checklists.iter().map(|c| rel(c)).collect(),
                head: r.head.trim().to_string(),
            });
        }
        if offices.is_empty() {
            return Err(err(src.len(), "office", Text::new(Say::PlanNoOffice)));
        }

        let (output_dir, formats, lang) = match raw.output {
            None => (None, Vec::new(), None),
            Some(o) => {
                let lang = match &o.lang {
                    None => None,
                    Some(l) => Some(Lang::from_key(l.get_ref()).ok_or_else(|| {
                        err(l.span().start, "output.lang", Text::new(Say::PlanLang))
                    })?),
                };
                let mut formats = Vec::new();
                for f in o.formats.unwrap_or_default() {
                    formats.push(Format::parse(f.get_ref()).ok_or_else(|| {
                        err(
                            f.span().start,
                            "output.formats",
                            Text::new(Say::PlanFormat).with("value", f.get_ref()),
                        )
                    })?);
                }
                (o.dir.as_deref().map(rel), formats, lang)
            }
        };
        let rules = raw.mapping.and_then(|m| m.rules).map(|r| rel(&r));
        let templates = raw.templates.unwrap_or_default();
        let templates = TemplatePaths {
            audit_report: templates.audit_report.map(|p| base.join(p)),
            nc_reports: templates.nc_reports.map(|p| base.join(p)),
            corrective_actions: templates.corrective_actions.map(|p| base.join(p)),
        };
        let register = raw.register.map(|r| {
            let r = r.into_inner();
            RegisterPlan {
                // A PostgreSQL URL is an address, not a file beside the plan.
                path: match r.path.as_deref().unwrap_or("isoaudit.db") {
                    url if crate::register::postgres::is_url(url) => PathBuf::from(url),
                    file => rel(file),
                },
                major_days: r.major_days,
                minor_days: r.minor_days,
            }
        });
        let fail_on =
            match raw.gate.and_then(|g| g.fail_on) {
                None => None,
                Some(f) => Some(FailOn::parse(f.get_ref()).ok_or_else(|| {
                    err(f.span().start, "gate.fail_on", Text::new(Say::PlanFailOn))
                })?),
            };
        Ok(Plan {
            file: file.to_path_buf(),
            audit: AuditInfo {
                audit_id: id,
                title: a.title.trim().to_string(),
                office_code: String::new(),
                office_name: String::new(),
                criteria: a.criteria,
                start_date,
                end_date,
                lead_auditor: a.lead_auditor.trim().to_string(),
                team: a.team,
                auditee_representative: String::new(),
                scope,
                exclusions,
            },
            offices,
            output_dir,
            formats,
            lang,
            rules,
            templates,
            register,
            fail_on,
            programme: raw.programme.map(|p| rel(&p.path)),
        })
    }

    /// The audit facts for one office of the plan.
    pub fn audit_for(&self, office: &Office) -> AuditInfo {
        AuditInfo {
            office_code: office.code.clone(),
            office_name: office.name.clone(),
            auditee_representative: office.head.clone(),
            ..self.audit.clone()
        }
    }
}

/// Expand checklist patterns: a folder gives every spreadsheet or CSV in it; a `*`/`?` in the
/// file-name part matches within its folder; anything else is taken as a file. Sorted; a
/// pattern matching nothing is returned in `unmatched`.
pub fn expand_checklists(patterns: &[PathBuf]) -> (Vec<PathBuf>, Vec<PathBuf>) {
    const KINDS: &[&str] = &["xlsx", "xlsm", "xls", "ods", "csv", "tsv"];
    let mut found = Vec::new();
    let mut unmatched = Vec::new();
    for p in patterns {
        let name = p.file_name().map(|n| n.to_string_lossy().to_string());
        let wild = name.as_deref().is_some_and(|n| n.contains(['*', '?']));
        let mut hits: Vec<PathBuf> = Vec::new();
        if p.is_dir() || wild {
            let (dir, pat) = if wild {
                (
                    p.parent().unwrap_or(Path::new(".")).to_path_buf(),
                    name.clone(),
                )
            } else {
                (p.clone(), None)
            };
            if let Ok(rd) = std::fs::read_dir(&dir) {
                for e in rd.flatten() {
                    let f = e.file_name().to_string_lossy().to_string();
                    if f.starts_with('.') || f.starts_with("~$") || !e.path().is_file() {
                        continue;
                    }
                    let ext = Path::new(&f)
                        .extension()
                        .map(|x| x.to_string_lossy().to_lowercase())
                        .unwrap_or_default();
                    let take = match &pat {
                        Some(pat) => wildcard(pat, &f),
                        None => KINDS.contains(&ext.as_str()),
                    };
                    if take {
                        hits.push(e.path());
                    }
                }
            }
        } else if p.exists() {
            hits.push(p.clone());
        }
        if hits.is_empty() {
            unmatched.push(p.clone());
        }
        found.extend(hits);
    }
    found.sort();
    found.dedup();
    (found, unmatched)
}

/// `*` matches any run of characters, `?` one character; case-insensitive.
fn wildcard(pattern: &str, name: &str) -> bool {
    let p: Vec<char> = pattern.to_lowercase().chars().collect();
    let n: Vec<char> = name.to_lowercase().chars().collect();
    let (mut pi, mut ni, mut star, mut mark) = (0, 0, None, 0);
    while ni < n.len() {
        if pi < p.len() && (p[pi] == '?' || p[pi] == n[ni]) {
            pi += 1;
            ni += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some(pi);
            mark = ni;
            pi += 1;
        } else if let Some(s) = star {
            pi = s + 1;
            mark += 1;
            ni = mark;
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|&c| c == '*')
}

#[cfg(test)]
mod tests {
    use super::*;

    const PLAN: &str = r#"
[audit]
id = "DGZJ-2026-IA01"
title = "2026 internal audit"
start = 2026-03-16
end = "2026-03-20"
lead_auditor = "王敏"
team = ["李强", "陈静"]
scope = "4-10"
exclusions = [{ clause = "8.3", justification = "no design of services" }]

[[office]]
code = "linhu"
name = "临湖县局"
procedures = "offices/linhu/procedures"
checklists = ["offices/linhu/checklists/*.xlsx"]

[gate]
fail_on = "major"
"#;

    fn cat() -> Catalog {
        Catalog::embedded()
    }

    #[test]
    fn a_register_file_is_beside_the_plan_and_a_url_is_kept_as_written() {
        let with = |path: &str| {
            let text = format!("{PLAN}\n[register]\npath = \"{path}\"\n");
            Plan::parse(&text, Path::new("bureau/audit.toml"), &cat())
                .unwrap()
                .register
                .unwrap()
                .path
        };
        assert_eq!(with("reg.db"), Path::new("bureau/reg.db"));
        assert_eq!(
            with("postgres://quality@db.bureau.local/isoaudit"),
            Path::new("postgres://quality@db.bureau.local/isoaudit")
        );
        assert_eq!(
            with("postgresql://db/isoaudit").to_str(),
            Some("postgresql://db/isoaudit")
        );
    }

    #[test]
    fn parses_and_resolves() {
        let p = Plan::parse(PLAN, Path::new("bureau/audit.toml"), &cat()).unwrap();
        assert_eq!(p.audit.audit_id, "DGZJ-2026-IA01");
        assert_eq!(p.audit.start_date.unwrap().to_string(), "2026-03-16");
        assert_eq!(p.audit.end_date.unwrap().to_string(), "2026-03-20");
        assert_eq!(p.audit.scope.len(), 91 - 7);
        assert!(
            !p.audit
                .scope
                .iter()
                .any(|c| c.to_string().starts_with("8.3"))
        );
        assert_eq!(
            p.offices[0].procedures.as_deref(),
            Some(Path::new("bureau/offices/linhu/procedures"))
        );
        assert_eq!(p.fail_on, Some(FailOn::Major));
        let a = p.audit_for(&p.offices[0]);
        assert_eq!(
            (a.office_code.as_str(), a.office_name.as_str()),
            ("linhu", "临湖县局")
        );
    }

    #[test]
    fn errors_name_key_and_line() {
        let bad = PLAN.replace("scope = \"4-10\"", "scope = \"4-11\"");
        let e = Plan::parse(&bad, Path::new("a.toml"), &cat()).unwrap_err();
        assert_eq!((e.line, e.key.as_str()), (9, "audit.scope"), "{e}");

        let bad = PLAN.replace("fail_on = \"major\"", "fail_on = \"severe\"");
        let e = Plan::parse(&bad, Path::new("a.toml"), &cat()).unwrap_err();
        assert_eq!((e.line, e.key.as_str()), (19, "gate.fail_on"), "{e}");

        let bad = PLAN.replace("end = \"2026-03-20\"", "end = \"20.3.2026\"");
        let e = Plan::parse(&bad, Path::new("a.toml"), &cat()).unwrap_err();
        assert_eq!((e.line, e.key.as_str()), (6, "audit.end"), "{e}");
        assert_eq!(
            e.text().render(Lang::Zh),
            "a.toml：第 6 行：audit.end：\"20.3.2026\" 不是有效日期（应为 年-月-日，如 2026-03-16）"
        );

        let bad = PLAN.replace("lead_auditor", "lead_auditr");
        let e = Plan::parse(&bad, Path::new("a.toml"), &cat()).unwrap_err();
        assert_eq!(e.line, 7, "{e}");
        assert!(e.to_string().contains("lead_auditr"), "{e}");

        let bad = PLAN.replace("code = \"linhu\"", "code = \"../x\"");
        let e = Plan::parse(&bad, Path::new("a.toml"), &cat()).unwrap_err();
        assert_eq!(e.key, "office.code");
    }

    #[test]
    fn wildcards() {
        assert!(wildcard("*.xlsx", "检查表.XLSX"));
        assert!(wildcard("a?c*", "abcdef"));
        assert!(!wildcard("*.xlsx", "a.xls"));
        assert!(wildcard("*", ""));
    }

    #[test]
    fn expands_patterns() {
        let d = tempfile::tempdir().unwrap();
        for f in ["b.xlsx", "a.csv", "~$a.xlsx", "notes.txt"] {
            std::fs::write(d.path().join(f), b"x").unwrap();
        }
        let (found, missing) = expand_checklists(&[
            d.path().to_path_buf(),
            d.path().join("*.xlsx"),
            d.path().join("none-*.xls"),
        ]);
        let names: Vec<String> = found
            .iter()
            .map(|p| p.file_name().unwrap().to_string_lossy().to_string())
            .collect();
        assert_eq!(names, ["a.csv", "b.xlsx"]);
        assert_eq!(missing.len(), 1);
    }
}
