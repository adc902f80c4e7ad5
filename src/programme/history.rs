//! What was audited when: the register's audits and findings, the audit plans the programme
//! names (their checklists assessed again, no report written) and `result.json` files. One
//! audit of one office counts once: a plan's or a result's reading replaces the register's
//! copy of the same audit, and the register adds which actions were verified ineffective.

use crate::batch::assess_office;
use crate::catalog::Catalog;
use crate::mapping::Rules;
use crate::model::{AuditResult, ClauseId, Date, Diagnostic, Location, Outcome, Say, Text};
use crate::plan::Plan;
use crate::register::{AuditRecord, FindingRecord, Record};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// One department of a past audit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PastDepartment {
    pub name: String,
    /// Clauses its rows judged; empty when the source did not say (then the audit's scope).
    pub clauses: Vec<ClauseId>,
    pub auditors: Vec<String>,
}

/// One past audit of one office.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PastAudit {
    pub audit_id: String,
    pub office_code: String,
    /// The last day of the audit (its start when it has no end).
    pub date: Date,
    pub scope: Vec<ClauseId>,
    pub departments: Vec<PastDepartment>,
    /// Where it was read: the register, a plan or a result file.
    pub source: String,
}

/// One finding of a past audit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PastFinding {
    pub id: String,
    pub audit_id: String,
    pub office_code: String,
    pub department: String,
    pub clause: ClauseId,
    pub grade: Outcome,
    /// Its action was verified ineffective at least once.
    pub ineffective: bool,
}

/// Every past audit and finding, sorted, with the problems met reading them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct History {
    pub audits: Vec<PastAudit>,
    pub findings: Vec<PastFinding>,
    #[serde(skip)]
    pub diagnostics: Vec<Diagnostic>,
    /// Finding ids whose action the register found ineffective.
    #[serde(skip)]
    pub(crate) ineffective: BTreeSet<String>,
}

fn clause_list(ids: &[String]) -> Vec<ClauseId> {
    let mut v: Vec<ClauseId> = ids.iter().filter_map(|s| s.parse().ok()).collect();
    v.sort();
    v.dedup();
    v
}

impl History {
    /// Replace (or add) one audit and its findings.
    fn put(&mut self, audit: PastAudit, findings: Vec<PastFinding>) {
        let key = (audit.audit_id.clone(), audit.office_code.clone());
        self.audits
            .retain(|a| (a.audit_id.as_str(), a.office_code.as_str()) != (&key.0, &key.1));
        self.findings
            .retain(|f| (f.audit_id.as_str(), f.office_code.as_str()) != (&key.0, &key.1));
        self.audits.push(audit);
        self.findings.extend(findings);
    }

    /// The register's audits and findings; which actions were found ineffective.
    pub fn add_register(
        &mut self,
        audits: &[AuditRecord],
        findings: &[FindingRecord],
        records: &[Record],
    ) {
        for r in records {
            if r.action.ineffective_count > 0 {
                self.ineffective.insert(r.finding.id.clone());
            }
        }
        // A management review's decisions are kept like an audit's findings, but audit nothing.
        for a in audits
            .iter()
            .filter(|a| a.source != crate::register::decisions::MANAGEMENT_REVIEW)
        {
            let Some(date) = a.end_date.or(a.start_date) else {
                self.diagnostics.push(Diagnostic::warning(
                    Location::file(Location::REGISTER),
                    Text::new(Say::ProgrammeAuditNoDate)
                        .with("audit", &a.audit_id)
                        .with("office", &a.office_code),
                ));
                continue;
            };
            let fs = findings
                .iter()
                .filter(|f| f.audit_id == a.audit_id && f.office_code == a.office_code)
                .filter_map(|f| {
                    Some(PastFinding {
                        id: f.id.clone(),
                        audit_id: f.audit_id.clone(),
                        office_code: f.office_code.clone(),
                        department: f.department.trim().to_string(),
                        clause: f.clause.parse().ok()?,
                        grade: f.grade,
                        ineffective: false,
                    })
                })
                .collect();
            self.put(
                PastAudit {
                    audit_id: a.audit_id.clone(),
                    office_code: a.office_code.clone(),
                    date,
                    scope: clause_list(&a.scope),
                    departments: a
                        .departments
                        .iter()
                        .map(|d| PastDepartment {
                            name: d.name.trim().to_string(),
                            clauses: clause_list(&d.clauses),
                            auditors: d.auditors.clone(),
                        })
                        .collect(),
                    source: Location::REGISTER.into(),
                },
                fs,
            );
        }
    }

    /// One audit result (`result.json`, or a plan's office assessed again).
    pub fn add_result(&mut self, r: &AuditResult, source: &str) {
        let info = &r.audit;
        let Some(date) = info.end_date.or(info.start_date) else {
            self.diagnostics.push(
                Diagnostic::warning(
                    Location::file(source),
                    Text::new(Say::ProgrammeAuditNoDate)
                        .with("audit", &info.audit_id)
                        .with("office", &info.office_code),
                )
                .with_hint(Text::new(Say::ProgrammeAuditNoDateHint)),
            );
            return;
        };
        let fs = r
            .nonconformities
            .iter()
            .chain(&r.observations)
            .map(|f| PastFinding {
                id: f.id.clone(),
                audit_id: info.audit_id.clone(),
                office_code: info.office_code.clone(),
                department: f.department.trim().to_string(),
                clause: f.clause.clone(),
                grade: f.grade,
                ineffective: false,
            })
            .collect();
        let rec = AuditRecord::from_result(r, source);
        self.put(
            PastAudit {
                audit_id: info.audit_id.clone(),
                office_code: info.office_code.clone(),
                date,
                scope: info.scope.clone(),
                departments: rec
                    .departments
                    .iter()
                    .map(|d| PastDepartment {
                        name: d.name.trim().to_string(),
                        clauses: clause_list(&d.clauses),
                        auditors: d.auditors.clone(),
                    })
                    .collect(),
                source: source.to_string(),
            },
            fs,
        );
    }

    /// Sort, and mark the findings whose action the register found ineffective.
    pub fn finish(mut self) -> History {
        for f in &mut self.findings {
            f.ineffective |= self.ineffective.contains(&f.id);
        }
        self.audits.sort_by(|a, b| {
            (a.date, &a.audit_id, &a.office_code).cmp(&(b.date, &b.audit_id, &b.office_code))
        });
        self.findings.sort_by(|a, b| a.id.cmp(&b.id));
        self.diagnostics.sort();
        self
    }

    /// The audits and findings up to `day` only.
    pub fn until(&self, day: Date) -> History {
        let audits: Vec<PastAudit> = self
            .audits
            .iter()
            .filter(|a| a.date <= day)
            .cloned()
            .collect();
        let kept: BTreeSet<(&str, &str)> = audits
            .iter()
            .map(|a| (a.audit_id.as_str(), a.office_code.as_str()))
            .collect();
        let findings = self
            .findings
            .iter()
            .filter(|f| kept.contains(&(f.audit_id.as_str(), f.office_code.as_str())))
            .cloned()
            .collect();
        History {
            audits,
            findings,
            diagnostics: Vec::new(),
            ineffective: BTreeSet::new(),
        }
    }
}

/// Every `result.json` under `path` (or `path` itself), sorted.
fn result_files(path: &Path, out: &mut Vec<PathBuf>, depth: usize) {
    if path.is_file() {
        out.push(path.to_path_buf());
        return;
    }
    if depth > 4 {
        return;
    }
    let Ok(rd) = std::fs::read_dir(path) else {
        return;
    };
    let mut entries: Vec<PathBuf> = rd.flatten().map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            result_files(&p, out, depth + 1);
        } else if p.file_name().is_some_and(|n| n == "result.json") {
            out.push(p);
        }
    }
}

/// Read the `result.json` files under each of `paths` into `h`.
pub fn add_result_files(h: &mut History, paths: &[PathBuf]) {
    for p in paths {
        if !p.exists() {
            h.diagnostics.push(
                Diagnostic::error(
                    Location::file(p.display().to_string()),
                    Text::new(Say::ProgrammeResultsMissing),
                )
                .with_hint(Text::new(Say::ProgrammeResultsHint)),
            );
            continue;
        }
        let mut files = Vec::new();
        result_files(p, &mut files, 0);
        if files.is_empty() {
            h.diagnostics.push(
                Diagnostic::warning(
                    Location::file(p.display().to_string()),
                    Text::new(Say::ProgrammeNoResults),
                )
                .with_hint(Text::new(Say::ProgrammeResultsHint)),
            );
        }
        for f in files {
            let name = f.display().to_string();
            let read = std::fs::read(&f)
                .map_err(|e| e.to_string())
                .and_then(|b| serde_json::from_slice::<AuditResult>(&b).map_err(|e| e.to_string()));
            match read {
                Ok(r) if r.schema_version == crate::model::RESULT_SCHEMA_VERSION => {
                    h.add_result(&r, &name)
                }
                Ok(r) => h.diagnostics.push(
                    Diagnostic::error(
                        Location::file(name),
                        Text::new(Say::ProgrammeResultVersion).with("version", r.schema_version),
                    )
                    .with_hint(Text::new(Say::ProgrammeResultVersionHint)),
                ),
                Err(e) => h.diagnostics.push(
                    Diagnostic::error(
                        Location::file(name),
                        Text::new(Say::ProgrammeNotAResult).with("reason", e),
                    )
                    .with_hint(Text::new(Say::ProgrammeNotAResultHint)),
                ),
            }
        }
    }
}

/// Assess the checklists of each plan again (no procedures mapped, no file written) into `h`.
pub fn add_plans(h: &mut History, plans: &[PathBuf], catalog: &Catalog, rules: &Rules) {
    for p in plans {
        let plan = match Plan::load(p, catalog) {
            Ok(plan) => plan,
            Err(e) => {
                h.diagnostics.push(
                    Diagnostic::error(Location::file(e.file.clone()), e.text())
                        .with_hint(Text::new(Say::ProgrammeHistoryPlanHint)),
                );
                continue;
            }
        };
        for o in &plan.offices {
            let mut office = o.clone();
            office.procedures = None;
            let r = assess_office(&plan, &office, catalog, rules);
            for d in r.diagnostics.iter().filter(|d| d.is_error()) {
                h.diagnostics.push(d.clone());
            }
            h.add_result(&r, &format!("{} ({})", plan.file.display(), o.code));
        }
    }
}

/// The worst result of a list of findings: major, minor, observation, OFI, else conform.
pub fn worst(grades: impl IntoIterator<Item = Outcome>) -> Outcome {
    let rank = |o: Outcome| match o {
        Outcome::Major => 4,
        Outcome::Minor => 3,
        Outcome::Observation => 2,
        Outcome::Ofi => 1,
        _ => 0,
    };
    grades
        .into_iter()
        .max_by_key(|o| rank(*o))
        .filter(|o| rank(*o) > 0)
        .unwrap_or(Outcome::Conform)
}

/// Audits per office, for lookups.
pub fn by_office(h: &History) -> BTreeMap<&str, Vec<&PastAudit>> {
    let mut m: BTreeMap<&str, Vec<&PastAudit>> = BTreeMap::new();
    for a in &h.audits {
        m.entry(a.office_code.as_str()).or_default().push(a);
    }
    m
}
