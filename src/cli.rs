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
    /// Build the nonconformity report (xlsx, Markdown, JSON) from filled checklists.
    Report(ReportArgs),
    /// Audit every office of a plan in one run: per-office reports plus one consolidated summary.
    Audit(AuditArgs),
}

/// A report file kind for `--format`.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum ReportFormatArg {
    Xlsx,
    Md,
    Json,
}

#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  isoaudit report checklists/*.csv --audit-id DGZJ-2026-IA01 --office linhu -o out\n  isoaudit report 内审检查表.csv --scope 7.5,8.4 --lang zh --format xlsx,md -o out --force\n\nWrites nc-report.xlsx, report.md and result.json into OUTDIR. Exit code 2 when a checklist had errors\n(the report still shows what could be read, and the errors in its Diagnostics sheet)."
)]
pub struct ReportArgs {
    /// Filled checklists (CSV with the columns 条款,审核内容,审核记录,结论,不符合描述,部门,审核员).
    #[arg(required = true, value_name = "CHECKLIST")]
    pub checklists: Vec<PathBuf>,
    /// Clauses in scope, e.g. 4-10 or 7.5,8.4 (default: the whole standard).
    #[arg(long)]
    pub scope: Option<String>,
    /// Audit id used in finding ids (default: the checklists' own, else AUDIT).
    #[arg(long = "audit-id", value_name = "ID")]
    pub audit_id: Option<String>,
    /// Office code used in finding ids, e.g. linhu.
    #[arg(long, value_name = "CODE")]
    pub office: Option<String>,
    /// Audit date YYYY-MM-DD (default: the dates the checklists record).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub date: Option<String>,
    /// Which files to write.
    #[arg(
        long,
        value_enum,
        value_delimiter = ',',
        default_value = "xlsx,md,json"
    )]
    pub format: Vec<ReportFormatArg>,
    /// Output folder (created if missing).
    #[arg(short, long = "output", value_name = "OUTDIR")]
    pub output: PathBuf,
    /// Overwrite reports already in OUTDIR.
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  isoaudit audit samples/bureau -o out\n  isoaudit audit plan.toml -o out --fail-on major --force\n\nWrites OUTDIR/<office code>/{nc-report.xlsx,report.md,result.json} for every office and\nOUTDIR/summary.xlsx and OUTDIR/summary.md for the whole bureau.\nExit codes: 0 clean; 1 the --fail-on gate found findings; 2 some input could not be read."
)]
pub struct AuditArgs {
    /// The plan file (audit.toml), or a folder holding one.
    #[arg(value_name = "PLAN")]
    pub plan: PathBuf,
    /// Output folder (default: the plan's [output] dir, else ./out).
    #[arg(short, long = "output", value_name = "OUTDIR")]
    pub output: Option<PathBuf>,
    /// Exit 1 when findings at this level exist and nothing else failed (overrides [gate]).
    #[arg(long = "fail-on", value_enum, value_name = "LEVEL")]
    pub fail_on: Option<crate::plan::FailOn>,
    /// Which files to write per office (default: the plan's [output] formats, else all).
    #[arg(long, value_enum, value_delimiter = ',')]
    pub format: Vec<ReportFormatArg>,
    /// Overwrite reports already in OUTDIR.
    #[arg(long)]
    pub force: bool,
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
