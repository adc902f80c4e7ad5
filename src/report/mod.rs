//! Reports: one [`AuditResult`] → `nc-report.xlsx`, `report.md`, `result.json`.
//!
//! Reports never re-read a source file: everything they show is in the result. The same result
//! gives the same bytes (dates come from the audit, never the clock). Labels live in one
//! bilingual table per output (`labels!` below), so `--lang` switches every one of them.

pub mod docx;
pub mod html;
mod json;
pub mod mapping;
mod markdown;
pub(crate) use markdown::esc;
/// Markdown table cells and rows, shared with `map`.
pub(crate) use markdown::{esc as markdown_cell, row as markdown_row, table_head as markdown_head};
pub mod summary;
mod xlsx;

pub use json::to_json;
pub use markdown::to_markdown;
pub use xlsx::to_workbook;

use crate::model::{AuditResult, Lang};
use crate::output::{OutputError, check_new, write_atomic};
use rayon::prelude::*;
use std::path::{Path, PathBuf};

/// Define one output's label table: every label with its English and Chinese side by side,
/// checked by the compiler (a missing label is a build error, not a blank in a report).
macro_rules! labels {
    ($($key:ident: $en:expr, $zh:expr;)*) => {
        /// The labels of this output, English then Chinese.
        pub(crate) struct Labels { $(pub(crate) $key: [&'static str; 2],)* }
        pub(crate) const L: Labels = Labels { $($key: [$en, $zh],)* };
    };
}
pub(crate) use labels;

/// The colour of a result, the same in every chart, matrix and page isoaudit draws: strong
/// (chart bars) and light (cell fills). 严重不符合 red, 一般不符合 orange, 观察项 yellow,
/// 改进机会 blue, 符合 green; grey for what was not judged.
pub(crate) fn outcome_colour(o: crate::model::Outcome) -> (u32, u32) {
    use crate::model::Outcome;
    match o {
        Outcome::Major => (0xC0_00_00, 0xF4_B6_B6),
        Outcome::Minor => (0xED_7D_31, 0xFC_E4_D6),
        Outcome::Observation => (0xFF_C0_00, 0xFF_F2_CC),
        Outcome::Ofi => (0x44_72_C4, 0xDD_EB_F7),
        Outcome::Conform => (0x70_AD_47, 0xE2_EF_DA),
        Outcome::NotApplicable | Outcome::NotAudited => (0xA5_A5_A5, 0xED_ED_ED),
    }
}

/// A chart series' fill in a result's colour.
pub(crate) fn series_fill(o: crate::model::Outcome) -> rust_xlsxwriter::ChartSolidFill {
    let mut fill = rust_xlsxwriter::ChartSolidFill::new();
    fill.set_color(rust_xlsxwriter::Color::RGB(outcome_colour(o).0));
    fill
}

/// The English or Chinese of a label pair.
pub(crate) fn pick(pair: [&'static str; 2], lang: Lang) -> &'static str {
    lang.pick(pair[0], pair[1])
}

/// The Word files an audit writes.
const DOCX_KINDS: [docx::Kind; 2] = [docx::Kind::AuditReport, docx::Kind::NcReports];

/// One kind of report file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Format {
    /// `nc-report.xlsx`: the workbook auditors work in.
    Xlsx,
    /// `report.md`: the audit report to read and sign.
    Md,
    /// `result.json`: the whole result for the register and batch commands.
    Json,
    /// `内部审核报告.docx` and `不符合报告.docx` (one page per nonconformity): what an office
    /// prints, signs and files.
    Docx,
    /// `report.html`: the report for the browser, self-contained, printable.
    Html,
}

impl Format {
    /// Every format, in the order they are written; also what is written when nothing says.
    pub const ALL: [Format; 5] = [
        Format::Xlsx,
        Format::Md,
        Format::Json,
        Format::Docx,
        Format::Html,
    ];

    /// A format as a plan names it (`xlsx`, `md` or `markdown`, `json`; any case).
    pub fn parse(s: &str) -> Option<Format> {
        match s.trim().to_lowercase().as_str() {
            "xlsx" => Some(Format::Xlsx),
            "md" | "markdown" => Some(Format::Md),
            "json" => Some(Format::Json),
            "docx" | "word" => Some(Format::Docx),
            "html" => Some(Format::Html),
            _ => None,
        }
    }

    /// The files this format writes inside the output folder (Word files are named in the
    /// reader's language).
    pub fn file_names(self, lang: Lang) -> Vec<&'static str> {
        match self {
            Format::Xlsx => vec!["nc-report.xlsx"],
            Format::Md => vec!["report.md"],
            Format::Json => vec!["result.json"],
            Format::Html => vec!["report.html"],
            Format::Docx => DOCX_KINDS.iter().map(|k| k.file_name(lang)).collect(),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error(transparent)]
    Output(#[from] OutputError),
    #[error(transparent)]
    Save(#[from] crate::xlsx::SaveError),
    #[error("{path}: cannot build the workbook: {source}")]
    Xlsx {
        path: String,
        #[source]
        source: rust_xlsxwriter::XlsxError,
    },
    #[error("cannot serialise the result: {0}")]
    Json(#[from] serde_json::Error),
    #[error(transparent)]
    Docx(#[from] docx::DocxError),
}

/// A bureau's own Word template, read once: its path (for messages) and bytes.
#[derive(Debug, Clone)]
pub struct TemplateFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// The bureau's own Word forms, where the plan names them; ours otherwise.
#[derive(Debug, Clone, Default)]
pub struct Templates {
    pub audit_report: Option<TemplateFile>,
    pub nc_reports: Option<TemplateFile>,
    pub corrective_actions: Option<TemplateFile>,
}

impl Templates {
    pub fn of(&self, kind: docx::Kind) -> Option<docx::Template<'_>> {
        let t = match kind {
            docx::Kind::AuditReport => &self.audit_report,
            docx::Kind::NcReports => &self.nc_reports,
            docx::Kind::CorrectiveActions => &self.corrective_actions,
            docx::Kind::AuditProgramme => return None,
            // Always ours: a notice is a letter, not a form the bureau numbers.
            docx::Kind::OverdueNotices => return None,
        };
        t.as_ref().map(|t| docx::Template {
            path: &t.path,
            bytes: &t.bytes,
        })
    }
}

impl ReportError {
    /// The error as a catalogue message where it is one of ours (an output that exists, a
    /// template that cannot be filled), said in the reader's language where it is printed.
    pub fn text(&self) -> crate::model::Text {
        use crate::model::{Say, Text};
        match self {
            ReportError::Output(e) | ReportError::Save(crate::xlsx::SaveError::Output(e)) => {
                e.text()
            }
            ReportError::Docx(docx::DocxError::Template { path, message }) => Text::new(Say::TplAt)
                .with("path", path)
                .with_text("message", message),
            other => Text::verbatim(other.to_string()),
        }
    }

    /// [`ReportError::hint`] as a catalogue message.
    pub fn hint_text(&self) -> Option<crate::model::Text> {
        match self {
            ReportError::Output(e) | ReportError::Save(crate::xlsx::SaveError::Output(e)) => {
                e.hint_text()
            }
            ReportError::Docx(docx::DocxError::Template { .. }) => {
                Some(crate::model::Text::new(crate::model::Say::TplHint))
            }
            _ => None,
        }
    }

    /// A line telling the user what to do, where there is one.
    pub fn hint(&self) -> Option<&'static str> {
        match self {
            ReportError::Output(e) => e.hint(),
            ReportError::Save(crate::xlsx::SaveError::Output(e)) => e.hint(),
            _ => None,
        }
    }
}

/// Keep the display numbers (`…-NC03`) a finding had in the `result.json` an earlier run of the
/// same audit of the same office left in `outdir` (see [`crate::assess::keep_labels`]), so a
/// re-run with `--force` after editing the checklist does not renumber findings. An unreadable
/// earlier result is a warning; numbers are then counted afresh.
pub fn keep_earlier_labels(result: &mut AuditResult, outdir: &Path) {
    let path = outdir.join("result.json");
    if !path.is_file() {
        return;
    }
    match crate::register::workflow::load_result(&path) {
        Ok(previous) => crate::assess::keep_labels(result, &previous),
        Err(d) => {
            let mut d = *d;
            d.severity = crate::model::Severity::Warning;
            d.message = crate::model::Text::new(crate::model::Say::LabelsCountedAfresh)
                .with_text("message", &d.message);
            result.diagnostics.push(d);
            result.diagnostics.sort();
        }
    }
}

/// Write the reports of one audit of one office into `outdir` (created if missing) and return
/// the paths written, in [`Format::ALL`] order. Nothing is written when any target exists and
/// `force` is false, so a refused run leaves no half-set of reports behind.
pub fn write_reports(
    result: &AuditResult,
    formats: &[Format],
    lang: Lang,
    templates: &Templates,
    outdir: &Path,
    force: bool,
) -> Result<Vec<PathBuf>, ReportError> {
    // One file at a time: the Word forms are two files of one format, and the form of
    // nonconformities is left out when there is none.
    let mut files: Vec<(Format, Option<docx::Kind>, &'static str)> = Vec::new();
    for f in Format::ALL.into_iter().filter(|f| formats.contains(f)) {
        if f == Format::Docx {
            for kind in DOCX_KINDS {
                if kind == docx::Kind::NcReports && result.nonconformities.is_empty() {
                    continue;
                }
                files.push((f, Some(kind), kind.file_name(lang)));
            }
        } else {
            files.extend(f.file_names(lang).into_iter().map(|name| (f, None, name)));
        }
    }
    for (_, _, name) in &files {
        check_new(&outdir.join(name), force)?;
    }
    // The files are written on the cores that are free: in a batch run this lets an idle
    // core take the workbook of the last office instead of waiting for it.
    files
        .into_par_iter()
        .map(|(f, kind, name)| {
            let path = outdir.join(name);
            match f {
                Format::Xlsx => {
                    let mut wb = to_workbook(result, lang).map_err(|source| ReportError::Xlsx {
                        path: path.display().to_string(),
                        source,
                    })?;
                    crate::xlsx::save(&mut wb, &path, force)?;
                }
                Format::Md => write_atomic(&path, to_markdown(result, lang).as_bytes(), force)?,
                Format::Json => write_atomic(&path, to_json(result, lang)?.as_bytes(), force)?,
                Format::Html => write_atomic(&path, html::to_html(result, lang).as_bytes(), force)?,
                Format::Docx => {
                    let kind = kind.unwrap_or(docx::Kind::AuditReport);
                    let bytes = docx::to_docx(result, kind, lang, templates.of(kind).as_ref())?;
                    write_atomic(&path, &bytes, force)?;
                }
            }
            Ok(path)
        })
        .collect()
}

/// The scope as a reader wants it: the clauses whose parent is not itself in scope
/// (`4, 5, … 10` for the whole standard; `7.5, 8.4` for a partial audit).
pub(crate) fn scope_roots(result: &AuditResult) -> Vec<String> {
    let scope = &result.audit.scope;
    scope
        .iter()
        .filter(|id| id.parent().is_none_or(|p| !scope.contains(&p)))
        .map(|id| id.to_string())
        .collect()
}

/// A chapter's number and title (`7 支持`) in the report's language, for the tables by chapter.
pub(crate) fn chapter_label(result: &AuditResult, key: &str, lang: Lang) -> String {
    let title = match result.figures.by_chapter.iter().find(|c| c.key == key) {
        Some(c) if !c.title_en.is_empty() => lang.pick(&c.title_en, &c.title_zh).to_string(),
        // A result written before chapters carried their titles.
        _ => key
            .parse()
            .map(|id| clause_title(result, &id, lang))
            .unwrap_or_default(),
    };
    format!("{key} {title}").trim().to_string()
}

/// A clause title in the report's language, from the coverage table (the result carries it).
pub(crate) fn clause_title(
    result: &AuditResult,
    id: &crate::model::ClauseId,
    lang: Lang,
) -> String {
    result
        .coverage
        .iter()
        .find(|c| &c.id == id)
        .map(|c| lang.pick(&c.title_en, &c.title_zh).to_string())
        .unwrap_or_default()
}
