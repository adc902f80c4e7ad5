use super::{ClauseId, Diagnostic};
use serde::{Deserialize, Serialize};

/// Where one piece of evidence for a mapping was found, and what it says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evidence {
    /// The matched term or citation as it appears in the text.
    pub term: String,
    /// The rule that matched (rule id in rules.toml, or `citation`).
    pub rule: String,
    /// 1-based line number in the extracted text; 0 when the match is in the file name.
    pub line: u32,
    /// The page of a PDF the line is on (PDFs read page by page).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
    /// The nearest heading above the match, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub heading: Option<String>,
    /// A short snippet around the match.
    pub snippet: String,
}

/// One clause a document addresses, with its score and evidence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClauseMatch {
    pub id: ClauseId,
    /// Summed rule weights; higher is stronger.
    pub score: u32,
    /// How strong the evidence is, in one word for the auditor.
    #[serde(default)]
    pub confidence: Confidence,
    pub evidence: Vec<Evidence>,
}

/// How strong the evidence for a listed clause is: `strong` (the document is named after the
/// clause, cites it, or its score is well above the listing threshold), `likely`, or `weak`
/// (just over the threshold: worth an auditor's look before it counts), or `confirmed` by
/// the auditor (the folder's overrides file).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Confidence {
    Strong,
    #[default]
    Likely,
    Weak,
    /// Added or confirmed by the auditor in the folder's overrides file.
    Confirmed,
}

impl Confidence {
    /// The word shown in outputs, in the language asked for.
    pub fn word(self, zh: bool) -> &'static str {
        match (self, zh) {
            (Confidence::Strong, false) => "strong",
            (Confidence::Likely, false) => "likely",
            (Confidence::Weak, false) => "weak",
            (Confidence::Strong, true) => "强",
            (Confidence::Likely, true) => "较可能",
            (Confidence::Weak, true) => "弱",
            (Confidence::Confirmed, false) => "confirmed by the auditor",
            (Confidence::Confirmed, true) => "审核员确认",
        }
    }
}

/// One document of the scanned folder and the clauses it maps to (best first).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DocumentMapping {
    /// Relative to the scanned folder, `/` separators.
    pub path: String,
    /// `docx`, `md`, `txt`, `pdf`, …
    pub format: String,
    /// Detected text encoding for text formats (`UTF-8`, `GBK`, …), else the container format.
    pub encoding: String,
    /// The document's title (first heading, or the file name).
    pub title: String,
    /// Characters of extracted text.
    pub chars: usize,
    pub clauses: Vec<ClauseMatch>,
    /// With `map --explain`: the boilerplate lines left out of the evidence (page headers and
    /// footers, metadata, revision tables), at most 20, as line number and text.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ignored: Vec<IgnoredLine>,
}

/// A line the mapper gave no weight, and why (`map --explain`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IgnoredLine {
    pub line: u32,
    pub text: String,
}

/// A file that could not be read, with the reason. Never silently dropped.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unreadable {
    pub path: String,
    pub reason: super::Text,
}

/// Documents covering one clause.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Coverage {
    pub id: ClauseId,
    /// Paths of documents mapped to this clause, strongest first.
    pub documents: Vec<String>,
}

/// What the mapping found missing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Gap {
    pub id: ClauseId,
    pub kind: GapKind,
    /// Our own words on what is missing.
    pub detail: String,
    /// The same in Chinese.
    #[serde(default)]
    pub detail_zh: String,
}

impl Gap {
    /// The detail in the report's language.
    pub fn detail(&self, lang: super::Lang) -> &str {
        match lang {
            super::Lang::Zh if !self.detail_zh.is_empty() => &self.detail_zh,
            _ => &self.detail,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GapKind {
    /// No document maps to the clause.
    NotCovered,
    /// The standard requires documented information here and no document looks like it.
    MissingDocumentedInformation,
    /// Documents map to the clause only on weak evidence (which is right far less often than
    /// not): a gap until the auditor confirms a document in the overrides file.
    OnlyWeak,
}

/// The mapping of one folder of procedures to clauses.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Mapping {
    /// The folder scanned, as given.
    pub root: String,
    pub documents: Vec<DocumentMapping>,
    pub coverage: Vec<Coverage>,
    pub gaps: Vec<Gap>,
    pub unreadable: Vec<Unreadable>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub diagnostics: Vec<Diagnostic>,
}
