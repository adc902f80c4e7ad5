//! Every clap type of the command line, with help text and worked examples. What the user
//! typed is parsed here; `cmd/settings.rs` resolves it, once, against the plan and the
//! environment.

use crate::model::{Date, Lang};
use crate::plan::FailOn;
use crate::report::Format;
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

impl From<LangArg> for Lang {
    fn from(l: LangArg) -> Lang {
        match l {
            LangArg::En => Lang::En,
            LangArg::Zh => Lang::Zh,
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Browse the ISO 9001:2015 clause catalog (English and GB/T 19001-2016 titles).
    Clauses(ClausesArgs),
    /// Write a blank checklist workbook, or check filled checklists (xlsx, xls, ods, csv).
    Checklist(ChecklistArgs),
    /// Map a folder of procedures to ISO 9001 clauses, with evidence, coverage and gaps.
    Map(MapArgs),
    /// Write our default Word form as a .docx, for a bureau to make its own (then name it in
    /// the plan's [templates]).
    Template(TemplateArgs),
    /// Build the nonconformity report (xlsx, Markdown, JSON) from filled checklists.
    Report(ReportArgs),
    /// Audit every office of a plan in one run: per-office reports plus one consolidated summary.
    Audit(AuditArgs),
    /// Corrective-action register: raise actions from audit results, track them to verified closure.
    Actions(ActionsArgs),
    /// Build the management-review input (管理评审输入) of a period from the register and the
    /// office's indicators: audit results, nonconformities and actions, indicators, OFIs.
    Review(ReviewArgs),
    /// The audit programme (programme.toml): what each office, department and clause is due
    /// for in the cycle, and a year's audits proposed with independent auditors.
    Programme(ProgrammeArgs),
    /// The people who may use `isoaudit serve`: add, change password, disable, list.
    Users(UsersArgs),
    /// Serve the register as web pages: departments update their own actions, auditors verify,
    /// the quality manager sees the dashboard.
    Serve(ServeArgs),
}

/// What `actions export` writes.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum ExportFormat {
    Xlsx,
    Docx,
}

/// Which Word form.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum TemplateKind {
    /// 内部审核报告: the audit report.
    AuditReport,
    /// 不符合报告: one page per nonconformity.
    NcReports,
    /// 纠正措施报告: one page per corrective action, from the register.
    CorrectiveActions,
    /// 年度内部审核方案: the year's audits, from `programme plan`.
    AuditProgramme,
}

#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  isoaudit template nc-reports --lang zh -o QR-08不符合报告.docx\n  isoaudit template audit-report -o audit-report.docx\n\nEdit the form in Word or WPS (numbering, logo, layout), keep its placeholders ({{id}}, {{statement}}, …;\n{{#ncs/page}} … {{/ncs}} repeats a page per nonconformity) and name it in the plan:\n  [templates]\n  nc_reports = \"QR-08不符合报告.docx\"\n  audit_report = \"内部审核报告.docx\""
)]
pub struct TemplateArgs {
    #[arg(value_enum)]
    pub kind: TemplateKind,
    /// The .docx to write.
    #[arg(short, long = "output", value_name = "FILE.docx")]
    pub output: PathBuf,
    /// Overwrite FILE if it exists.
    #[arg(long)]
    pub force: bool,
}

/// A report file kind for `--format`.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum ReportFormatArg {
    Xlsx,
    Md,
    Json,
    /// Word: the audit report and one form per nonconformity.
    Docx,
    /// A self-contained page for the browser.
    Html,
}

impl From<ReportFormatArg> for Format {
    fn from(f: ReportFormatArg) -> Format {
        match f {
            ReportFormatArg::Xlsx => Format::Xlsx,
            ReportFormatArg::Md => Format::Md,
            ReportFormatArg::Json => Format::Json,
            ReportFormatArg::Docx => Format::Docx,
            ReportFormatArg::Html => Format::Html,
        }
    }
}

/// Gate levels for `--fail-on`.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum FailOnArg {
    /// Any major nonconformity.
    Major,
    /// Any nonconformity, major or minor.
    Minor,
    /// Any finding at all, observations and OFIs included.
    Any,
}

impl From<FailOnArg> for FailOn {
    fn from(f: FailOnArg) -> FailOn {
        match f {
            FailOnArg::Major => FailOn::Major,
            FailOnArg::Minor => FailOn::Minor,
            FailOnArg::Any => FailOn::Any,
        }
    }
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
    after_help = "Examples:\n  isoaudit report checklists/*.csv --audit-id DGZJ-2026-IA01 --office linhu -o out\n  isoaudit report 内审检查表.csv --scope 7.5,8.4 --lang zh --format xlsx,md -o out --force\n  isoaudit report samples/bureau/offices/linhu/checklists/* --plan samples/bureau/audit.toml --office linhu --docs samples/bureau/offices/linhu/procedures -o out\n\nWrites nc-report.xlsx, report.md and result.json into OUTDIR. Exit code 2 when a checklist had errors\n(the report still shows what could be read, and the errors in its Diagnostics sheet)."
)]
pub struct ReportArgs {
    /// Filled checklists: xlsx, xlsm, xls, ods, csv or tsv, Chinese or English headers.
    #[arg(required = true, value_name = "CHECKLIST")]
    pub checklists: Vec<PathBuf>,
    /// Clauses in scope, e.g. 4-10 or 7.5,8.4 (default: the whole standard).
    #[arg(long)]
    pub scope: Option<String>,
    /// Audit id used in finding ids (default: the checklists' own, else AUDIT).
    #[arg(long = "audit-id", value_name = "ID")]
    pub audit_id: Option<String>,
    /// Office code used in finding ids, e.g. linhu (with --plan: the plan's office of that code).
    #[arg(long, value_name = "CODE")]
    pub office: Option<String>,
    /// The office's procedures folder: map it and list its gaps as candidate findings.
    #[arg(long, value_name = "DIR")]
    pub docs: Option<PathBuf>,
    /// Mapping rules for --docs instead of the embedded ones (default: the plan's [mapping] rules).
    #[arg(long, value_name = "FILE")]
    pub rules: Option<PathBuf>,
    /// Take the audit's facts (id, title, criteria, dates, team, scope, exclusions) from this plan.
    #[arg(long, value_name = "audit.toml")]
    pub plan: Option<PathBuf>,
    /// Audit date YYYY-MM-DD (default: the dates the checklists record).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub date: Option<Date>,
    /// Which files to write (default: the plan's [output] formats, else xlsx,md,json).
    #[arg(long, value_enum, value_delimiter = ',')]
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
    after_help = "Examples:\n  isoaudit map samples/bureau/offices/linhu/procedures\n  isoaudit map procedures --format json -o mapping.json\n  isoaudit map procedures --format xlsx -o 映射.xlsx --lang zh\n  isoaudit map procedures --rules my-rules.toml\n  isoaudit map --print-terms > terms.txt\n\nCorrections: an isoaudit-overrides.toml in DIR ([[override]] with document, add, remove, by,\nwhy) adds or removes clauses of a document; map, report --docs and audit show them as\nconfirmed by the auditor."
)]
pub struct MapArgs {
    /// Folder of procedures (txt, md, csv, html, docx, odt, xlsx/xls/ods, pdf), scanned recursively;
    /// or one document.
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
    /// Show, per document, the boilerplate lines left out of the evidence (page headers and
    /// footers, document metadata, revision tables).
    #[arg(long)]
    pub explain: bool,
}

#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  isoaudit audit samples/bureau -o out\n  isoaudit audit plan.toml -o out --fail-on major --force\n  isoaudit audit samples/bureau -o out --register isoaudit.db\n\nWrites OUTDIR/<office code>/{nc-report.xlsx,report.md,result.json} for every office and\nOUTDIR/summary.xlsx and OUTDIR/summary.md for the whole bureau.\nExit codes: 0 clean; 1 the --fail-on gate found findings; 2 some input could not be read."
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
    pub fail_on: Option<FailOnArg>,
    /// Which files to write per office (default: the plan's [output] formats, else all).
    #[arg(long, value_enum, value_delimiter = ',')]
    pub format: Vec<ReportFormatArg>,
    /// Mapping rules instead of the embedded ones (default: the plan's [mapping] rules).
    #[arg(long, value_name = "FILE")]
    pub rules: Option<PathBuf>,
    /// Overwrite reports already in OUTDIR.
    #[arg(long)]
    pub force: bool,
    /// Sync every office's nonconformities into this corrective-action register, a SQLite file
    /// or a postgres:// URL (overrides the plan's [register] path).
    #[arg(long, value_name = "DB")]
    pub register: Option<PathBuf>,
    /// The date recorded in the register's history (default: the system date).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub today: Option<Date>,
    /// Who syncs, recorded in the register's history (default: the OS user).
    #[arg(long, value_name = "NAME")]
    pub by: Option<String>,
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
    after_help = "Examples:\n  isoaudit actions sync out/linhu/result.json\n  isoaudit actions list --overdue --today 2026-05-01\n  isoaudit actions update linhu-NC01 --owner 张伟 --correction … --root-cause … --action …\n  isoaudit actions implement linhu-NC01 --note \"新版受理登记表已启用\"\n  isoaudit actions verify linhu-NC01 --effective --method \"抽查5月案卷\"\n  isoaudit actions close linhu-NC01\n  isoaudit actions stats --json\n  isoaudit actions export -o tracker.xlsx\n  isoaudit actions import tracker.xlsx --dry-run"
)]
pub struct ActionsArgs {
    /// The register: a SQLite file, or a PostgreSQL URL (postgres://USER@HOST:PORT/DATABASE,
    /// password in PGPASSWORD). Created by `sync` or `policy` when missing.
    #[arg(
        long,
        global = true,
        env = "ISOAUDIT_REGISTER",
        default_value = "isoaudit.db",
        value_name = "DB"
    )]
    pub register: PathBuf,
    /// Who is acting, recorded in the history (default: the OS user).
    #[arg(long, global = true, value_name = "NAME")]
    pub by: Option<String>,
    /// The date to act and count on, YYYY-MM-DD (default: the system date).
    #[arg(long, global = true, value_name = "YYYY-MM-DD")]
    pub today: Option<Date>,
    #[command(subcommand)]
    pub command: ActionsCommand,
}

/// Due-date policy values: days allowed per grade, counted from the finding's date.
#[derive(Debug, Args, Clone, Default)]
pub struct PolicyArgs {
    /// Days for a major nonconformity (default 30).
    #[arg(long, value_name = "DAYS")]
    pub major: Option<u32>,
    /// Days for a minor nonconformity (default 60).
    #[arg(long, value_name = "DAYS")]
    pub minor: Option<u32>,
    /// Track observations with this many days, or `off` (default off).
    #[arg(long, value_name = "DAYS|off")]
    pub observation: Option<String>,
    /// Track opportunities for improvement with this many days, or `off` (default off).
    #[arg(long, value_name = "DAYS|off")]
    pub ofi: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum ActionsCommand {
    /// Raise one action per nonconformity of result.json files (or folders holding them); idempotent.
    Sync {
        /// result.json files, or folders searched for result.json.
        #[arg(required = true, value_name = "RESULT")]
        files: Vec<PathBuf>,
        /// This run's due-date policy (overrides the register's for this sync only).
        #[command(flatten)]
        policy: PolicyArgs,
    },
    /// Show the register's due-date policy, or change it.
    Policy {
        #[command(flatten)]
        policy: PolicyArgs,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// List actions, filtered.
    List {
        /// Only these statuses (repeat or comma-separate): open, planned, implemented, verified, closed, cancelled.
        #[arg(long, value_delimiter = ',', value_name = "S")]
        status: Vec<String>,
        /// Only actions past their due date and not yet implemented.
        #[arg(long)]
        overdue: bool,
        /// Only this office (code, e.g. linhu).
        #[arg(long, value_name = "O")]
        office: Option<String>,
        /// Only this clause and its sub-clauses (7.5 matches 7.5.3).
        #[arg(long, value_name = "C")]
        clause: Option<String>,
        /// Only owners containing this text.
        #[arg(long, value_name = "P")]
        owner: Option<String>,
        /// Only this audit id.
        #[arg(long, value_name = "ID")]
        audit: Option<String>,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Show one action with its finding and full history.
    Show {
        /// Action id (the finding id), or its unique ending such as linhu-NC01.
        id: String,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Set the owner, due date, correction, root cause or corrective action (all three written: planned).
    Update {
        id: String,
        #[arg(long)]
        owner: Option<String>,
        #[arg(long, value_name = "YYYY-MM-DD")]
        due: Option<Date>,
        #[arg(long)]
        correction: Option<String>,
        #[arg(long = "root-cause")]
        root_cause: Option<String>,
        /// The corrective action.
        #[arg(long = "action")]
        action: Option<String>,
        /// Why (kept in the history).
        #[arg(long, default_value = "")]
        note: String,
    },
    /// Record that a planned action was carried out.
    Implement {
        id: String,
        /// What was done, and where the evidence is.
        #[arg(long, default_value = "")]
        note: String,
    },
    /// Record the effectiveness verification of an implemented action.
    Verify {
        id: String,
        /// It worked: the action becomes verified, ready to close.
        #[arg(
            long,
            conflicts_with = "ineffective",
            required_unless_present = "ineffective"
        )]
        effective: bool,
        /// It did not: the action reopens with a new due date.
        #[arg(long)]
        ineffective: bool,
        /// How effectiveness was checked (record review, re-audit, sample of cases …).
        #[arg(long, default_value = "")]
        method: String,
        #[arg(long, default_value = "")]
        note: String,
        /// New due date when ineffective (default: today plus the policy's days for the grade).
        #[arg(long, value_name = "YYYY-MM-DD")]
        due: Option<Date>,
    },
    /// Close an action verified effective.
    Close {
        id: String,
        #[arg(long, default_value = "")]
        note: String,
    },
    /// Cancel an action (raised in error, superseded …); it is kept, never deleted.
    Cancel {
        id: String,
        #[arg(long, required = true)]
        reason: String,
    },
    /// Figures per office and overall: open, overdue, ageing, time to close, effectiveness, repeats.
    Stats {
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Write the Excel tracker of open actions for departments to fill in.
    Export {
        /// With --format docx: the actions whose 纠正措施报告 to write (ids or unique endings);
        /// none for every action.
        ids: Vec<String>,
        #[arg(short, long, value_name = "FILE")]
        output: PathBuf,
        /// xlsx: the tracker departments fill in; docx: the corrective-action report, a page
        /// per action.
        #[arg(long, value_enum, default_value = "xlsx")]
        format: ExportFormat,
        /// A bureau's own 纠正措施报告 form (see `isoaudit template corrective-actions`).
        #[arg(long, value_name = "FORM.docx")]
        template: Option<PathBuf>,
        /// Overwrite an existing file.
        #[arg(long)]
        force: bool,
    },
    /// One overdue notice per department with actions past their due date: a workbook with a
    /// sheet per department and a Word letter with a page per department, in OUTDIR.
    Remind {
        /// Count overdue on this date (default: --today, else the system date).
        #[arg(long = "as-of", value_name = "YYYY-MM-DD")]
        as_of: Option<Date>,
        #[arg(short, long = "output", value_name = "OUTDIR")]
        output: PathBuf,
        /// Overwrite the notices of an earlier run.
        #[arg(long)]
        force: bool,
    },
    /// Read a filled tracker back: validate every row, apply changes, refuse conflicting rows.
    Import {
        file: PathBuf,
        /// Check and report, change nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Copy a whole register into a new, empty one — a SQLite file into PostgreSQL, or back —
    /// and compare every audit, finding, action and event of the copy with the original.
    #[command(
        after_help = "Examples:\n  PGPASSWORD=… isoaudit actions migrate --from isoaudit.db --to postgres://quality@db.example/isoaudit\n  isoaudit actions migrate --from postgres://quality@db.example/isoaudit --to backup.db"
    )]
    Migrate {
        /// The register to copy: a SQLite file or a postgres:// URL.
        #[arg(long, value_name = "DB")]
        from: PathBuf,
        /// The register to create: a new SQLite file, or an empty PostgreSQL database.
        #[arg(long, value_name = "DB")]
        to: PathBuf,
        /// Copy and compare, then roll the copy back.
        #[arg(long)]
        dry_run: bool,
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
    pub date: Option<Date>,
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

#[derive(Debug, Args)]
#[command(
    subcommand_negates_reqs = true,
    args_conflicts_with_subcommands = true,
    after_help = "Examples:\n  isoaudit review --from 2026-01-01 --to 2026-12-31 -o review-2026\n  isoaudit review --from 2026-01-01 --to 2026-06-30 --indicators 指标.csv --lang zh -o out\n  isoaudit review --from 2026-01-01 --to 2026-12-31 --previous-from 2024-01-01 --previous-to 2024-12-31 -o out --force\n\nWrites OUTDIR/管理评审输入.xlsx (management-review-input.xlsx with --lang en), OUTDIR/review.md\nand OUTDIR/review.json. The previous period defaults to the one of the same length just before.\nExit codes: 0 ok; 2 an input had errors (the rest was still written) or the arguments were wrong."
)]
pub struct ReviewArgs {
    /// Record the review's decisions instead of building its input.
    #[command(subcommand)]
    pub action: Option<ReviewAction>,
    /// First day of the period, YYYY-MM-DD.
    #[arg(long, value_name = "YYYY-MM-DD", required = true)]
    pub from: Option<Date>,
    /// Last day of the period, YYYY-MM-DD.
    #[arg(long, value_name = "YYYY-MM-DD", required = true)]
    pub to: Option<Date>,
    /// First day of the period to compare with (default: the same length just before --from).
    #[arg(long, value_name = "YYYY-MM-DD", requires = "previous_to")]
    pub previous_from: Option<Date>,
    /// Last day of the period to compare with.
    #[arg(long, value_name = "YYYY-MM-DD", requires = "previous_from")]
    pub previous_to: Option<Date>,
    /// Monitoring and measurement results: a CSV or workbook with the columns
    /// indicator,period,value,target (or 指标,期间,数值,目标值).
    #[arg(long, value_name = "FILE.csv|xlsx")]
    pub indicators: Option<PathBuf>,
    /// The register: a SQLite file, or a PostgreSQL URL (postgres://USER@HOST/DATABASE).
    #[arg(
        long,
        env = "ISOAUDIT_REGISTER",
        default_value = "isoaudit.db",
        value_name = "DB"
    )]
    pub register: PathBuf,
    /// The folder to write into (created when missing).
    #[arg(short, long, value_name = "DIR", required = true)]
    pub output: Option<PathBuf>,
    /// Overwrite files of an earlier review in the folder.
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Subcommand)]
pub enum ReviewAction {
    /// Record a decision of a management review (ISO 9001 9.3.3) as an action in the register,
    /// of source "management review", tracked like any other; the next review lists it.
    Record(ReviewRecordArgs),
}

#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  isoaudit review record --review MR-2026 --office hq --date 2026-12-28 --decision \"在全局推行电子档案系统\" --owner 办公室 --due 2027-06-30\n  isoaudit review record --review MR-2026 --office hq --date 2026-12-28 --sheet 管理评审决定.xlsx\n  isoaudit actions list --owner 办公室\n\nThe decision is <review>-<office>-MR<nn> in the register: `isoaudit actions show MR01`."
)]
pub struct ReviewRecordArgs {
    /// The review's id, e.g. MR-2026 (not an audit's id).
    #[arg(long, value_name = "ID")]
    pub review: String,
    /// The office whose review it is (its code).
    #[arg(long, value_name = "CODE")]
    pub office: String,
    /// The review's date, YYYY-MM-DD.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub date: Date,
    /// What was decided.
    #[arg(
        long,
        value_name = "TEXT",
        required_unless_present = "sheet",
        conflicts_with = "sheet"
    )]
    pub decision: Option<String>,
    /// Who carries it out.
    #[arg(
        long,
        value_name = "NAME",
        required_unless_present = "sheet",
        conflicts_with = "sheet"
    )]
    pub owner: Option<String>,
    /// By when, YYYY-MM-DD.
    #[arg(
        long,
        value_name = "YYYY-MM-DD",
        required_unless_present = "sheet",
        conflicts_with = "sheet"
    )]
    pub due: Option<Date>,
    /// A sheet of the review's decisions instead (CSV or workbook; header
    /// decision,owner,due,department,clause or 决定,责任人,完成期限,部门,条款); reading it again
    /// records only the decisions not yet recorded.
    #[arg(long, value_name = "FILE.csv|xlsx")]
    pub sheet: Option<PathBuf>,
    /// The clause it answers.
    #[arg(long, default_value = "9.3.3", value_name = "CLAUSE")]
    pub clause: String,
    /// The department concerned.
    #[arg(long, default_value = "", value_name = "NAME")]
    pub department: String,
    /// The register file (SQLite); created when missing.
    #[arg(
        long,
        env = "ISOAUDIT_REGISTER",
        default_value = "isoaudit.db",
        value_name = "DB"
    )]
    pub register: PathBuf,
    /// Who records it (default: the OS user).
    #[arg(long, value_name = "NAME")]
    pub by: Option<String>,
    /// The date recorded in the history (default: the system date).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub today: Option<Date>,
}

#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  isoaudit programme status samples/bureau --as-of 2026-12-31\n  isoaudit programme status samples/bureau --register isoaudit.db -o status --lang zh\n  isoaudit programme plan samples/bureau --year 2027 -o plan-2027\n\nThe programme is programme.toml (see samples/bureau/programme.toml). History comes from the\nregister (--register), the plans the programme's [history] names, and --results folders."
)]
pub struct ProgrammeArgs {
    #[command(subcommand)]
    pub action: ProgrammeAction,
}

#[derive(Debug, Subcommand)]
pub enum ProgrammeAction {
    /// Per office × department × clause: last audited, with what result, due or overdue in
    /// this cycle; coverage in per cent. Prints a summary, or writes the workbook, Markdown
    /// and JSON with -o.
    Status(ProgrammeStatusArgs),
    /// Propose a year's audits (office, departments, clauses, month, auditors) and write the
    /// 年度内部审核方案 and one audit.toml per audit.
    Plan(ProgrammePlanArgs),
}

/// What both programme commands read.
#[derive(Debug, Args)]
pub struct ProgrammeInputs {
    /// The programme: programme.toml, or the folder holding it.
    #[arg(default_value = ".", value_name = "PROGRAMME")]
    pub programme: PathBuf,
    /// The corrective-action register whose audits and findings are history (left out when
    /// the file does not exist).
    #[arg(
        long,
        env = "ISOAUDIT_REGISTER",
        default_value = "isoaudit.db",
        value_name = "DB"
    )]
    pub register: PathBuf,
    /// Folders `isoaudit audit` wrote (or result.json files) whose audits are history too.
    #[arg(long, value_name = "DIR|FILE")]
    pub results: Vec<PathBuf>,
}

#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  isoaudit programme status samples/bureau --as-of 2026-12-31\n  isoaudit programme status programme.toml --json > status.json\n  isoaudit programme status samples/bureau -o status --force\n\nWith -o writes OUTDIR/审核覆盖矩阵.xlsx (audit-coverage.xlsx with --lang en),\nprogramme-status.md and programme-status.json. Exit 2 when an input had errors."
)]
pub struct ProgrammeStatusArgs {
    #[command(flatten)]
    pub inputs: ProgrammeInputs,
    /// The day to report on (default: the system date); history after it is left out.
    #[arg(long = "as-of", value_name = "YYYY-MM-DD")]
    pub as_of: Option<Date>,
    /// Print the status as JSON on stdout.
    #[arg(long)]
    pub json: bool,
    /// The folder to write the workbook, Markdown and JSON into (created when missing).
    #[arg(short, long, value_name = "DIR")]
    pub output: Option<PathBuf>,
    /// Overwrite files of an earlier status in the folder.
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  isoaudit programme plan samples/bureau --year 2027 -o plan-2027\n  isoaudit programme plan programme.toml --year 2027 --register isoaudit.db -o plan-2027 --lang zh\n\nWrites OUTDIR/年度内部审核方案.xlsx (annual-audit-programme.xlsx with --lang en), programme-plan.md,\nprogramme-plan.json and OUTDIR/plans/<audit id>/audit.toml. A plan file that exists is never\noverwritten, --force or not: it may hold the team's edits."
)]
pub struct ProgrammePlanArgs {
    #[command(flatten)]
    pub inputs: ProgrammeInputs,
    /// The year to plan.
    #[arg(long, value_name = "YYYY", value_parser = clap::value_parser!(i32).range(1900..=9999))]
    pub year: i32,
    /// The folder to write into (created when missing).
    #[arg(short, long, value_name = "DIR")]
    pub output: PathBuf,
    /// A bureau's own 年度内部审核方案 form (see `isoaudit template audit-programme`).
    #[arg(long, value_name = "FORM.docx")]
    pub template: Option<PathBuf>,
    /// Overwrite the workbook, Word document, Markdown and JSON of an earlier plan (never the
    /// audit.toml files).
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  isoaudit users add zhangwei --role dept-owner --office linhu --department 行政许可股\n  isoaudit users add wangfang --role auditor --office linhu\n  isoaudit users add liqiang --role quality-manager            (no --office: the whole bureau)\n  printf '%s\\n' \"$PASSWORD\" | isoaudit users passwd zhangwei\n  isoaudit users disable zhangwei\n  isoaudit users list\n\nThe password is asked on the terminal (twice), or read as the first line of standard input\nwhen that is not a terminal; it is never an argument, so it stays out of the shell's history."
)]
pub struct UsersArgs {
    /// The register file (SQLite).
    #[arg(
        long,
        global = true,
        env = "ISOAUDIT_REGISTER",
        default_value = "isoaudit.db",
        value_name = "DB"
    )]
    pub register: PathBuf,
    #[command(subcommand)]
    pub command: UsersCommand,
}

#[derive(Debug, Subcommand)]
pub enum UsersCommand {
    /// Add a user (the password is asked for).
    Add {
        /// The login name.
        name: String,
        /// dept-owner, auditor, quality-manager or reader.
        #[arg(long)]
        role: String,
        /// The office code the user answers for (default: every office).
        #[arg(long, value_name = "CODE")]
        office: Option<String>,
        /// The department whose actions a dept-owner works on (as the findings name it).
        #[arg(long, value_name = "NAME")]
        department: Option<String>,
        /// The language of the user's pages.
        #[arg(long = "page-lang", value_enum, default_value = "zh")]
        page_lang: LangArg,
        /// The name checklists give the user (`陈静`): an auditor sees the findings whose
        /// auditor is this name (default: the login name).
        #[arg(long = "display-name", value_name = "NAME")]
        display_name: Option<String>,
    },
    /// Add the users of a users file (samples/bureau/users.toml) not yet in the register, each
    /// with a random initial password shown once; users already there are left as they are.
    Import {
        /// The users file: one [[user]] table per user (name, role, office, department,
        /// display_name, lang).
        file: PathBuf,
        /// Write the initial passwords to this new file (mode 0600; never overwritten) instead
        /// of standard output.
        #[arg(long = "passwords-out", value_name = "FILE")]
        passwords_out: Option<PathBuf>,
    },
    /// Set a new password (asked for); also lifts a disable.
    Passwd { name: String },
    /// Disable a user: no more logins, open sessions end at their next request.
    Disable { name: String },
    /// Every user with role, office and department.
    List {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  isoaudit serve --register isoaudit.db\n  isoaudit serve --register isoaudit.db --listen 0.0.0.0:8080 --behind-proxy\n\nUsers come from `isoaudit users add`; there is no default account. Without --behind-proxy the\nserver listens on loopback only: across a network it must sit behind a proxy that adds TLS\n(the session cookie is then marked Secure)."
)]
pub struct ServeArgs {
    /// The register file (SQLite).
    #[arg(
        long,
        env = "ISOAUDIT_REGISTER",
        default_value = "isoaudit.db",
        value_name = "DB"
    )]
    pub register: PathBuf,
    /// Address and port to listen on.
    #[arg(long, default_value = "127.0.0.1:8080", value_name = "ADDR:PORT")]
    pub listen: String,
    /// A TLS-terminating reverse proxy stands in front: listening beyond loopback is allowed,
    /// cookies are marked Secure, and the client address is the proxy's X-Forwarded-For.
    #[arg(long)]
    pub behind_proxy: bool,
    /// How long a session lasts after its login, in seconds (default: eight hours).
    #[arg(long, default_value_t = 28_800, value_name = "SECONDS")]
    pub session_seconds: u64,
    /// The date to count due dates and record changes on (default: the system date each day).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub today: Option<Date>,
    /// The largest evidence file accepted, in MB (stored by content beside the register, in
    /// DB.files/).
    #[arg(long, default_value_t = 10, value_name = "MB")]
    pub max_upload_mb: usize,
}
