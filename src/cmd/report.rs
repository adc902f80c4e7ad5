//! `isoaudit report CHECKLIST... [--plan audit.toml] [--docs DIR] [--scope …] [--audit-id ID]
//!                 [--office CODE] [--date YYYY-MM-DD] [--lang zh|en] [--format xlsx,md,json]
//!                 -o OUTDIR [--force]`
//!
//! Read the filled checklists, assess them, write the nonconformity report. Examples:
//!   isoaudit report checklists/*.csv --audit-id DGZJ-2026-IA01 --office linhu -o out
//!   isoaudit report 内审检查表.csv --scope 7.5,8.4 --lang zh --format xlsx,md -o out --force
//!
//! stdout lists the files written; diagnostics and a one-line summary go to stderr. Exit code 2
//! when any checklist had errors: the report still holds what could be read, the errors included.

use super::{Hinted, load_catalog, print_out};
use crate::Status;
use crate::assess::{AssessInput, assess, is_iso_date};
use crate::catalog::parse_scope;
use crate::cli::{GlobalArgs, ReportArgs, ReportFormatArg};
use crate::ingest::read_checklist;
use crate::mapping::Rules;
use crate::model::{AuditInfo, Ingested, Outcome};
use crate::pipeline::map_folder;
use crate::plan::Plan;
use crate::report::{Format, write_reports};

pub fn run(g: &GlobalArgs, a: ReportArgs) -> anyhow::Result<Status> {
    let catalog = load_catalog(g)?;
    let lang = g.lang();
    if let Some(d) = &a.date
        && !is_iso_date(d)
    {
        return Err(Hinted {
            message: format!("--date \"{d}\" is not a date"),
            hint: "write it as YYYY-MM-DD, e.g. --date 2026-03-16".into(),
        }
        .into());
    }
    let scope = parse_scope(&catalog, a.scope.as_deref().unwrap_or("")).map_err(|e| Hinted {
        message: e.to_string(),
        hint: "write clauses and ranges, e.g. --scope 4-10 or --scope 7.5,8.4".into(),
    })?;
    let formats: Vec<Format> = a
        .format
        .iter()
        .map(|f| match f {
            ReportFormatArg::Xlsx => Format::Xlsx,
            ReportFormatArg::Md => Format::Md,
            ReportFormatArg::Json => Format::Json,
        })
        .collect();

    let ingested: Vec<Ingested> = a
        .checklists
        .iter()
        .map(|p| read_checklist(p, &catalog))
        .collect();
    let mut audit = match &a.plan {
        None => AuditInfo {
            scope,
            ..Default::default()
        },
        Some(p) => {
            let plan = Plan::load(p, &catalog).map_err(|e| Hinted {
                message: e.to_string(),
                hint: "see samples/bureau/audit.toml for a complete plan".into(),
            })?;
            let office = a
                .office
                .as_ref()
                .and_then(|code| plan.offices.iter().find(|o| &o.code == code));
            let mut info = match office {
                Some(o) => plan.audit_for(o),
                None => plan.audit.clone(),
            };
            if a.scope.is_some() {
                info.scope = scope;
            }
            info
        }
    };
    if let Some(id) = &a.audit_id {
        audit.audit_id.clone_from(id);
    }
    if let Some(code) = &a.office {
        audit.office_code.clone_from(code);
    }
    if a.date.is_some() {
        audit.start_date.clone_from(&a.date);
        audit.end_date.clone_from(&a.date);
    }
    let mapping = match &a.docs {
        None => None,
        Some(dir) if dir.is_dir() => Some(map_folder(dir, &Rules::embedded(), &catalog)),
        Some(dir) => {
            return Err(Hinted {
                message: format!("{}: not a folder", dir.display()),
                hint: "give the folder that holds the office's procedures".into(),
            }
            .into());
        }
    };
    let result = assess(&AssessInput {
        audit: &audit,
        checklists: &ingested,
        mapping: mapping.as_ref(),
        catalog: &catalog,
    });

    for d in &result.diagnostics {
        eprintln!("{d}");
    }
    let written =
        write_reports(&result, &formats, lang, &a.output, a.force).map_err(|e| match e.hint() {
            Some(h) => anyhow::Error::new(Hinted {
                message: e.to_string(),
                hint: h.into(),
            }),
            None => anyhow::Error::new(e),
        })?;
    let mut out = String::new();
    for p in &written {
        out.push_str(&p.display().to_string());
        out.push('\n');
    }
    print_out(&out)?;

    let errors = result.diagnostics.iter().filter(|d| d.is_error()).count();
    if !g.quiet {
        let n = |o| result.figures.by_result.get(&o).copied().unwrap_or(0);
        eprintln!(
            "{}-{}: {} rows, {} nonconformities ({} major, {} minor), {} observations, {} OFIs, {} clauses in scope not audited, {} errors",
            result.audit.audit_id,
            result.audit.office_code,
            result.figures.rows,
            result.nonconformities.len(),
            n(Outcome::Major),
            n(Outcome::Minor),
            n(Outcome::Observation),
            n(Outcome::Ofi),
            result.not_audited.len(),
            errors
        );
    }
    Ok(if errors > 0 {
        Status::HadErrors
    } else {
        Status::Clean
    })
}
