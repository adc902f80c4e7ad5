use super::{ClauseId, Date, Diagnostic, Gap, Location, Outcome};
use serde::{Deserialize, Serialize};

/// Version of the `result.json` layout. Bump on any breaking change; readers check it.
pub const RESULT_SCHEMA_VERSION: u32 = 1;

/// Who, what and when of one audit of one office.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct AuditInfo {
    pub audit_id: String,
    #[serde(default)]
    pub title: String,
    /// Short code of the office (`linhu`), used in finding ids and output folders.
    pub office_code: String,
    /// Office name (临湖县局).
    #[serde(default)]
    pub office_name: String,
    /// Audit criteria: the standard and the office's own documents.
    #[serde(default)]
    pub criteria: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_date: Option<Date>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_date: Option<Date>,
    #[serde(default)]
    pub lead_auditor: String,
    #[serde(default)]
    pub team: Vec<String>,
    #[serde(default)]
    pub auditee_representative: String,
    /// Clauses in scope (expanded, sorted).
    #[serde(default)]
    pub scope: Vec<ClauseId>,
    /// Clauses excluded, with the justification.
    #[serde(default)]
    pub exclusions: Vec<Exclusion>,
}

impl AuditInfo {
    /// The audit's dates as shown in reports: `2026-03-16 – 2026-03-20`, one date for a
    /// one-day audit, empty when none is known.
    pub fn period(&self) -> String {
        match (self.start_date, self.end_date) {
            (Some(a), Some(b)) if a != b => format!("{a} – {b}"),
            (Some(a), _) | (None, Some(a)) => a.to_string(),
            (None, None) => String::new(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Exclusion {
    pub id: ClauseId,
    pub justification: String,
}

/// A nonconformity, observation or opportunity for improvement raised by the audit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    /// `<audit id>-<office code>-NC<nn>` (or `OB`/`OFI`), stable for the same inputs: the
    /// display number. Edits elsewhere in a checklist can move it; the key does not move.
    pub id: String,
    /// The finding's identity within its audit and office: a checksum of its checklist file
    /// name, sheet and the row's own question (see `assess::row_keys`). The register matches
    /// findings by it. Empty in results written before keys existed.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub key: String,
    pub clause: ClauseId,
    pub clause_title_en: String,
    pub clause_title_zh: String,
    /// Major, minor, observation or ofi.
    pub grade: Outcome,
    /// True when the checklist said only 不符合 and the grade defaulted to minor.
    #[serde(default)]
    pub grade_defaulted: bool,
    /// The office's own procedure when that is the criterion.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub procedure: String,
    /// The question asked.
    #[serde(default)]
    pub question: String,
    /// Objective evidence: what was seen, where, when, who.
    pub evidence: String,
    /// The statement of the nonconformity.
    pub statement: String,
    pub department: String,
    pub auditor: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<Date>,
    /// File, sheet, row.
    pub source: Location,
}

/// A checklist row that could not be assessed as written and needs the auditor's attention.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttentionRow {
    /// The clause as written.
    pub clause: String,
    /// The result the row was read as, by its key (`minor`, `not_audited`), like a finding's
    /// grade: a word of no language (what was written is in the reason).
    #[serde(default)]
    pub result: String,
    /// What is wrong.
    pub reason: super::Text,
    pub source: Location,
}

/// A judged row whose clause is not an ISO 9001 clause (a checklist of another standard cites
/// ISO 27001's `A.5.1`): kept in the report as it was written, as "clause not in the catalog",
/// and counted in no ISO 9001 figure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutsideFinding {
    /// The clause as written.
    pub clause: String,
    pub grade: Outcome,
    #[serde(default)]
    pub question: String,
    pub evidence: String,
    pub statement: String,
    pub department: String,
    pub auditor: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<Date>,
    pub source: Location,
}

/// Per clause in scope: how many rows audited it and with what results.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClauseCoverage {
    pub id: ClauseId,
    /// The clause's titles, so reports need no catalog.
    #[serde(default)]
    pub title_en: String,
    #[serde(default)]
    pub title_zh: String,
    pub rows: u32,
    /// Count of rows per result key (`conform`, `minor`, …), only non-zero ones.
    pub results: std::collections::BTreeMap<Outcome, u32>,
}

/// Several minors against one clause in one department: maybe systemic, the auditor judges.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SystemicFlag {
    pub clause: ClauseId,
    pub department: String,
    pub findings: Vec<String>,
}

/// A mapping gap offered to the auditor as a possible finding. Never counted as an NC.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CandidateGap {
    pub gap: Gap,
    pub needs_confirmation: bool,
}

/// Conformity figures for one group (chapter or department).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Conformity {
    /// `4`..`10` or a department name.
    pub key: String,
    /// A chapter's title, from the catalog (a scope of single clauses leaves the chapter's
    /// own clause out of the coverage, where reports used to find it).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub title_en: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub title_zh: String,
    pub audited: u32,
    pub conform: u32,
    pub minor: u32,
    pub major: u32,
    pub observation: u32,
    pub ofi: u32,
    /// conform / (conform + minor + major), as a percentage with one decimal; `None` when nothing was judged.
    pub rate: Option<f64>,
    /// Per department only: the auditors its rows name, sorted. The audit programme reads
    /// them for independence and for who audited what.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub auditors: Vec<String>,
    /// Per department only: the clauses its rows judged (N/A included: the auditor looked),
    /// sorted. The audit programme's "last audited" reads them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub clauses: Vec<ClauseId>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Figures {
    pub rows: u32,
    pub by_result: std::collections::BTreeMap<Outcome, u32>,
    pub by_chapter: Vec<Conformity>,
    pub by_department: Vec<Conformity>,
}

/// Everything one audit of one office found: the input of every report and of the register.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct AuditResult {
    pub schema_version: u32,
    pub audit: AuditInfo,
    /// Checklist files read.
    pub checklists: Vec<String>,
    /// Nonconformities (major and minor), ordered by clause then source row.
    pub nonconformities: Vec<Finding>,
    /// Observations and opportunities for improvement.
    pub observations: Vec<Finding>,
    pub systemic: Vec<SystemicFlag>,
    pub coverage: Vec<ClauseCoverage>,
    /// Clauses in scope that no checklist row audited.
    pub not_audited: Vec<ClauseId>,
    /// Rows that could not be assessed as written (an unreadable result, a nonconformity
    /// without a statement): neither findings nor "not audited"; the auditor must fix them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attention: Vec<AttentionRow>,
    /// Findings against clauses that are not in the catalog (another standard's), in row order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub outside_catalog: Vec<OutsideFinding>,
    pub candidate_gaps: Vec<CandidateGap>,
    pub figures: Figures,
    /// Documents that could not be read when mapping with `--docs`.
    #[serde(default)]
    pub unreadable_documents: Vec<super::Unreadable>,
    pub diagnostics: Vec<Diagnostic>,
}
