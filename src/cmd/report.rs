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

use super::{Hinted, printer, settings};
use crate::Status;
use crate::assess::{AssessInput, assess};
use crate::catalog::parse_scope;
use crate::cli::{GlobalArgs, ReportArgs};
use crate::ingest::read_checklist;
use crate::model::{AuditInfo, Ingested, Outcome};
use crate::model::{Say, Text};
use crate::pipeline::map_folder;
use crate::plan::Plan;
use crate::report::write_reports;

pub fn run(g: &GlobalArgs, a: ReportArgs) -> anyhow::Result<Status> {
    let catalog = settings::catalog(g)?;
    let plan = match &a.plan {
        None => None,
        Some(p) => Some(
            Plan::load(p, &catalog).map_err(|e| Hinted::new(e.text(), Text::new(Say::PlanHint)))?,
        ),
    };
    let lang = settings::lang(g, plan.as_ref().and_then(|p| p.lang));
    let formats = settings::formats(&a.format, plan.as_ref().map_or(&[], |p| &p.formats));
    let rules = settings::rules(
        a.rules.as_deref(),
        plan.as_ref().and_then(|p| p.rules.as_deref()),
    )?;
    let templates = settings::templates(plan.as_ref().map(|p| &p.templates))?;
    // Without --scope the audit takes the scope of the plan, else the checklist's cover, else
    // the whole standard (decided when the result is assessed).
    let scope = match &a.scope {
        None => Vec::new(),
        Some(s) => parse_scope(&catalog, s)
            .map_err(|e| Hinted::new(e.text(), Text::new(Say::ScopeHint)))?,
    };

    // The run owns its output folder while it writes; a checklist is never written over.
    let _lock = crate::output::FolderLock::acquire(&a.output).map_err(super::output_err)?;
    for name in formats.iter().flat_map(|f| f.file_names(lang)) {
        let out = a.output.join(name);
        let inputs: Vec<(&std::path::Path, crate::model::Say)> = a
            .checklists
            .iter()
            .map(|c| (c.as_path(), crate::model::Say::AChecklist))
            .collect();
        crate::output::refuse_inputs(&out, &inputs).map_err(super::output_err)?;
    }
    let ingested: Vec<Ingested> = a
        .checklists
        .iter()
        .map(|p| read_checklist(p, &catalog))
        .collect();
    let mut audit = match &plan {
        None => AuditInfo {
            scope,
            ..Default::default()
        },
        Some(plan) => {
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
        audit.start_date = a.date;
        audit.end_date = a.date;
    }
    let mapping = match &a.docs {
        None => None,
        Some(dir) if dir.is_dir() => Some(map_folder(dir, &rules, &catalog)),
        Some(dir) => {
            return Err(Hinted::new(
                Text::new(Say::NotAFolder).with("path", dir.display()),
                Text::new(Say::OfficeFolderHint),
            )
            .into());
        }
    };
    let mut result = assess(&AssessInput {
        audit: &audit,
        checklists: &ingested,
        mapping: mapping.as_ref(),
        catalog: &catalog,
    });
    crate::report::keep_earlier_labels(&mut result, &a.output);

    printer::diagnostics(&result.diagnostics, lang);
    let programme_failed = plan
        .as_ref()
        .is_some_and(|p| super::independence::warn(p, &catalog, &[&result], lang));
    let written = write_reports(&result, &formats, lang, &templates, &a.output, a.force).map_err(
        |e| match e.hint_text() {
            Some(h) => anyhow::Error::new(Hinted::new(e.text(), h)),
            None => anyhow::Error::new(e),
        },
    )?;
    let mut out = String::new();
    for p in &written {
        out.push_str(&p.display().to_string());
        out.push('\n');
    }
    printer::out(&out)?;

    let errors =
        result.diagnostics.iter().filter(|d| d.is_error()).count() + usize::from(programme_failed);
    if !g.quiet {
        let n = |o| result.figures.by_result.get(&o).copied().unwrap_or(0);
        let office = format!("{}-{}", result.audit.audit_id, result.audit.office_code);
        printer::errln(&printer::say(
            printer::M.report_summary,
            lang,
            &[
                ("office", &office),
                ("rows", &result.figures.rows),
                ("ncs", &result.nonconformities.len()),
                ("major", &n(Outcome::Major)),
                ("minor", &n(Outcome::Minor)),
                ("obs", &n(Outcome::Observation)),
                ("ofi", &n(Outcome::Ofi)),
                ("not_audited", &result.not_audited.len()),
                ("errors", &errors),
            ],
        ));
    }
    Ok(if errors > 0 {
        Status::HadErrors
    } else {
        Status::Clean
    })
}
