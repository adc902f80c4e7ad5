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
    /// Map a folder of procedures to ISO 9001 clauses, with evidence, coverage and gaps.
    Map(MapArgs),
}

/// Output format of `isoaudit map`.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum MapFormat {
    /// A readable table on stdout.
    Table,
    /// The whole mapping: documents, coverage, gaps, unreadable files.
    Json,
    /// Markdown tables.
    Md,
    /// A workbook: document × clause matrix, gaps, evidence (needs -o).
    Xlsx,
}

#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  isoaudit map samples/bureau/offices/linhu/procedures\n  isoaudit map procedures --format json -o mapping.json\n  isoaudit map procedures --format xlsx -o 映射.xlsx --lang zh\n  isoaudit map procedures --rules my-rules.toml\n  isoaudit map --print-terms > terms.txt"
)]
pub struct MapArgs {
    /// Folder of procedures (txt, md, csv, html, docx, odt, xlsx/xls/ods, pdf), scanned recursively.
    #[arg(required_unless_present = "print_terms")]
    pub dir: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    pub format: MapFormat,
    /// Write to this file instead of stdout (required for xlsx).
    #[arg(short = 'o', long = "output", value_name = "OUT")]
    pub output: Option<PathBuf>,
    /// Mapping rules to use instead of the embedded ones (see checklists/iso9001-2015/rules.toml).
    #[arg(long, value_name = "FILE")]
    pub rules: Option<PathBuf>,
    /// Overwrite OUT if it exists.
    #[arg(long)]
    pub force: bool,
    /// Print the literal terms of the rules, one per line (for `rg -c -F -f TERMS`), and exit.
    #[arg(long)]
    pub print_terms: bool,
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
