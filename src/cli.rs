//! Every clap type of the command line, with help text and worked examples.
//! Options are resolved once into these plain structs; `cmd/` turns them into library calls.

use crate::model::Lang;
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "isoaudit",
    version,
    about = "ISO 9001:2015 / GB/T 19001-2016 internal audits: clauses, checklists, procedure mapping, nonconformity reports, corrective actions",
    after_help = "Examples:\n  isoaudit clauses show 7.5 --lang zh\n  isoaudit checklist new --scope 4-10 -o 内审检查表.xlsx\n  isoaudit map samples/bureau/offices/linhu/procedures\n  isoaudit audit samples/bureau -o out"
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Args, Clone)]
pub struct GlobalArgs {
    /// Clause catalog to use instead of the embedded ISO 9001:2015 one.
    #[arg(long, global = true, value_name = "FILE")]
    pub catalog: Option<PathBuf>,
    /// Language of labels and titles (default: Chinese where the locale is zh, else English).
    #[arg(long, global = true, value_enum)]
    pub lang: Option<LangArg>,
    /// No progress bars or summaries on stderr.
    #[arg(long, short, global = true)]
    pub quiet: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum LangArg {
    En,
    Zh,
}

impl GlobalArgs {
    /// `--lang`, else the locale (LC_ALL, LC_MESSAGES, LANG starting with `zh`), else English.
    pub fn lang(&self) -> Lang {
        match self.lang {
            Some(LangArg::En) => Lang::En,
            Some(LangArg::Zh) => Lang::Zh,
            None => lang_from_locale(),
        }
    }
}

fn lang_from_locale() -> Lang {
    for var in ["LC_ALL", "LC_MESSAGES", "LANG"] {
        if let Ok(v) = std::env::var(var)
            && !v.is_empty()
        {
            return if v.to_lowercase().starts_with("zh") {
                Lang::Zh
            } else {
                Lang::En
            };
        }
    }
    Lang::En
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Browse the ISO 9001:2015 clause catalog (English and GB/T 19001-2016 titles).
    Clauses(ClausesArgs),
    /// Write a blank checklist workbook, or check filled checklists (xlsx, xls, ods, csv).
    Checklist(ChecklistArgs),
}

#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  isoaudit clauses\n  isoaudit clauses show 7.5 --lang zh\n  isoaudit clauses find 形成文件的信息\n  isoaudit clauses --from-2008 4.2.3\n  isoaudit clauses --json"
)]
pub struct ClausesArgs {
    #[command(subcommand)]
    pub action: Option<ClausesAction>,
    /// Which 2015 clauses an ISO 9001:2008 clause number maps to.
    #[arg(long = "from-2008", value_name = "ID")]
    pub from_2008: Option<String>,
    /// Print JSON (an array of clause objects) instead of text.
    #[arg(long, global = true)]
    pub json: bool,
}

#[derive(Debug, Subcommand)]
pub enum ClausesAction {
    /// List the clause tree (the default).
    List,
    /// Show one clause with its sub-clauses, documented information and 2008 correlation.
    Show {
        /// Clause number, e.g. 7.5 or 8.5.1.
        id: String,
    },
    /// Search ids and titles in both languages (synonyms such as 形成文件的信息 = 成文信息 count as one).
    Find {
        /// Text to search for.
        text: String,
    },
}

#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  isoaudit checklist new --scope 4-10 --lang zh --office 临湖县局 --audit-id DGZJ-2026-IA01 --date 2026-03-16 -o 内审检查表.xlsx\n  isoaudit checklist new --scope 7.5,8.4,9.2 -o checklist.xlsx\n  isoaudit checklist check 内审检查表.xlsx anhe.csv\n  isoaudit checklist check samples/bureau/offices/*/checklists/* --json"
)]
pub struct ChecklistArgs {
    #[command(subcommand)]
    pub action: ChecklistAction,
}

#[derive(Debug, Subcommand)]
pub enum ChecklistAction {
    /// Write a blank checklist: cover, questions for the clauses in scope, instructions.
    New(ChecklistNewArgs),
    /// Read filled checklists, report every problem by file, sheet and cell, and summarise.
    Check(ChecklistCheckArgs),
}

#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  isoaudit checklist new -o checklist.xlsx\n  isoaudit checklist new --scope 7.5,8.4,9.2 --lang zh --office 临湖县局 -o 内审检查表.xlsx"
)]
pub struct ChecklistNewArgs {
    /// Clauses to ask about: a range (4-10, 8.2-8.5) or a list (7.5,8.4,9.2); sub-clauses included.
    #[arg(long, default_value = "4-10")]
    pub scope: String,
    /// Office audited (受审核部门), shown on the cover.
    #[arg(long, value_name = "NAME")]
    pub office: Option<String>,
    /// Audit id, shown on the cover (e.g. DGZJ-2026-IA01).
    #[arg(long = "audit-id", value_name = "ID")]
    pub audit_id: Option<String>,
    /// Audit date, YYYY-MM-DD; also stamped as the workbook's creation date.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub date: Option<String>,
    /// The workbook to write (.xlsx).
    #[arg(short, long, value_name = "FILE.xlsx")]
    pub output: PathBuf,
    /// Overwrite the output file if it exists.
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
#[command(
    after_help = "Exit status: 0 when every file reads clean (warnings allowed), 2 when any file has an error.\n\nExamples:\n  isoaudit checklist check 内审检查表.xlsx\n  isoaudit checklist check a.xlsx b.csv --json > checklists.json"
)]
pub struct ChecklistCheckArgs {
    /// Checklist files: .xlsx, .xlsm, .xls, .ods, .csv, .tsv.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Print the parsed checklists as JSON on stdout (summaries then go to stderr).
    #[arg(long)]
    pub json: bool,
}
