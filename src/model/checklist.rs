use super::{ClauseId, Date, Diagnostic, Location, Outcome};
use serde::{Deserialize, Serialize};

/// One filled (or blank) audit checklist as read from a workbook or CSV.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Checklist {
    /// The file it came from, as given on the command line or relative to the plan.
    pub file: String,
    /// Cover-sheet facts, where the workbook has them.
    #[serde(default)]
    pub meta: ChecklistMeta,
    pub rows: Vec<ChecklistRow>,
}

/// Facts from a checklist's cover sheet (or its header area); every field optional.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct ChecklistMeta {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub audit_id: Option<String>,
    /// 受审核部门 / office audited.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub office: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub criteria: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<Date>,
    /// The audit team as the cover names it, the lead among them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub auditors: Vec<String>,
    /// The audit scope as the cover writes it (`条款 7.5,8.2-8.5,9.2`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
    /// The one the cover marks as lead (`张伟（组长）`, `Zhang Wei (lead)`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lead_auditor: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auditee_representative: Option<String>,
}

/// One question row of a checklist with what the auditor recorded.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChecklistRow {
    /// File, sheet and 1-based row number (cell left empty).
    pub source: Location,
    /// The row's own number (No. / 序号) as written, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub no: Option<String>,
    /// The clause, when the clause cell could be read.
    pub clause: Option<ClauseId>,
    /// The clause cell as written (`第7.5.3条`, `7.5.3 成文信息的控制`).
    #[serde(default)]
    pub clause_text: String,
    #[serde(default)]
    pub question: String,
    /// The audit record: what the auditor saw (objective evidence).
    #[serde(default)]
    pub evidence: String,
    pub outcome: Outcome,
    /// False when a nonconformity was written without a grade (不符合) and defaulted to minor.
    #[serde(default = "yes")]
    pub graded: bool,
    /// The statement of the finding (不符合描述).
    #[serde(default)]
    pub finding: String,
    #[serde(default)]
    pub department: String,
    #[serde(default)]
    pub auditor: String,
    /// The row's date, where the checklist records one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<Date>,
    /// The office's own procedure named as criterion (e.g. `DG-QP-07 文件控制程序`).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub procedure: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub notes: String,
    /// Why the row cannot be assessed as written (an unreadable result, a nonconformity without
    /// a statement): it needs the auditor's attention, and is neither a finding nor "not
    /// audited".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attention: Option<super::Text>,
}

fn yes() -> bool {
    true
}

/// What ingestion returns for one file: the checklist (possibly partial) and its diagnostics.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Ingested {
    /// `None` when nothing could be read at all (not a spreadsheet, encrypted, corrupt).
    pub checklist: Option<Checklist>,
    pub diagnostics: Vec<Diagnostic>,
}
