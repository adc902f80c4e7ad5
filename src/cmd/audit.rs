//! `isoaudit audit PLAN.toml|DIR [-o OUTDIR] [--fail-on major|minor|any] [--format …] [--force]`
//!
//! Audit every office of a plan in one run. Examples:
//!   isoaudit audit samples/bureau -o out                 the sample bureau, three offices
//!   isoaudit audit plan.toml -o out --fail-on major      exit 1 when any office has a major NC
//!
//! stdout lists the files written; the progress bar (on a terminal only), diagnostics and the
//! closing summary table go to stderr. Exit 2 when any input could not be read (every other
//! office is still reported), else 1 when the gate trips, else 0.

use super::{Hinted, printer, reg_err_in, settings, sync};
use crate::Status;
use crate::batch::{
    BatchSettings, OfficeRun, default_outdir, existing_outputs, gate_trips, run_plan,
};
use crate::cli::{AuditArgs, GlobalArgs};
use crate::model::Lang;
use crate::model::{Say, Text};
use crate::plan::{FailOn, Plan};
use crate::register;
use crate::register::workflow::{PolicyOverride, SyncInput};

pub fn run(g: &GlobalArgs, a: AuditArgs) -> anyhow::Result<Status> {
    let catalog = settings::catalog(g)?;
    let plan = Plan::load(&a.plan, &catalog)
        .map_err(|e| Hinted::new(e.text(), Text::new(Say::PlanHint)))?;
    let lang = settings::lang(g, plan.lang);
    let rules = settings::rules(a.rules.as_deref(), plan.rules.as_deref())?;
    let settings = BatchSettings {
        outdir: a.output.clone().unwrap_or_else(|| default_outdir(&plan)),
        formats: settings::formats(&a.format, &plan.formats),
        lang,
        templates: settings::templates(Some(&plan.templates))?,
        force: a.force,
    };
    // The run owns its output folder: a second run into it at the same time is refused (before
    // the check below, so two runs cannot both find the folder free and mix their files).
    let _lock = crate::output::FolderLock::acquire(&settings.outdir).map_err(super::output_err)?;
    let existing = existing_outputs(&plan, &settings);
    if !a.force && !existing.is_empty() {
        return Err(Hinted::new(
            Text::new(Say::OutReportsExist)
                .with("path", existing[0].display())
                .with("n", existing.len()),
            Text::new(Say::OutReportsExistHint),
        )
        .into());
    }

    let bar = printer::progress(
        g.quiet,
        plan.offices.len() as u64,
        // The bar's own places are left for indicatif to fill.
        &Text::new(Say::ProgressOffices).render(lang),
    );
    let batch = run_plan(&plan, &catalog, &rules, &settings, &|o| {
        if let Some(b) = &bar {
            b.set_message(o.code.clone());
            b.inc(1);
        }
    });
    if let Some(b) = bar {
        b.finish_and_clear();
    }

    let runs = batch.offices;
    let mut out = String::new();
    // Diagnostics go to stderr in one write: unbuffered, each piece of each line was a
    // system call of its own (thousands for a large batch).
    let mut problems = String::new();
    for r in &runs {
        for d in &r.result.diagnostics {
            problems.push_str(&format!(
                "{}: {}\n",
                r.result.audit.office_code,
                d.render(lang)
            ));
        }
        if let Some(e) = &r.write_error {
            problems.push_str(&format!(
                "{}: {}\n",
                r.result.audit.office_code,
                crate::model::Text::new(crate::model::Say::ErrorLine)
                    .with("message", e)
                    .render(lang)
            ));
        }
        for p in &r.written {
            out.push_str(&format!("{}\n", p.display()));
        }
    }
    printer::err(&problems);
    let summary_error = match batch.summary {
        Ok(paths) => {
            for p in paths {
                out.push_str(&format!("{}\n", p.display()));
            }
            None
        }
        Err(e) => {
            printer::errln(
                &crate::model::Text::new(crate::model::Say::ErrorLine)
                    .with("message", &e)
                    .render(lang),
            );
            Some(e)
        }
    };
    printer::out(&out)?;
    if !g.quiet {
        printer::err(&printer::summary_table(&runs, lang));
    }

    let results: Vec<&crate::model::AuditResult> = runs.iter().map(|r| &r.result).collect();
    let independence_failed = super::independence::warn(&plan, &catalog, &results, lang);

    // The register's errors count like any other input's: the same exit status as a direct
    // `actions sync` of the same results.
    let register_failed = match sync_register(&a, &plan, &runs, g.quiet, lang) {
        Ok(status) => status == Status::HadErrors,
        Err(e) => {
            printer::error(&e, lang);
            true
        }
    };

    let errors: usize = runs.iter().map(OfficeRun::errors).sum::<usize>()
        + usize::from(summary_error.is_some())
        + usize::from(register_failed)
        + usize::from(independence_failed);
    let gate = a.fail_on.map(FailOn::from).or(plan.fail_on);
    Ok(if errors > 0 {
        Status::HadErrors
    } else if gate.is_some_and(|g| gate_trips(&runs, g)) {
        Status::GateTripped
    } else {
        Status::Clean
    })
}

/// With `--register` or the plan's `[register]`, raise one action per nonconformity of every
/// office in one transaction, exactly as `isoaudit actions sync` of their results would.
fn sync_register(
    a: &AuditArgs,
    plan: &Plan,
    runs: &[OfficeRun],
    quiet: bool,
    lang: Lang,
) -> anyhow::Result<Status> {
    let path = match (&a.register, &plan.register) {
        (Some(p), _) => p.clone(),
        (None, Some(r)) => r.path.clone(),
        (None, None) => return Ok(Status::Clean),
    };
    let actor = settings::actor(a.by.as_deref(), a.today);
    let o = PolicyOverride {
        major: plan.register.as_ref().and_then(|r| r.major_days),
        minor: plan.register.as_ref().and_then(|r| r.minor_days),
        ..Default::default()
    };
    let inputs: Vec<SyncInput> = runs
        .iter()
        .map(|r| SyncInput {
            source: format!("{}/result.json", r.result.audit.office_code),
            result: r.result.clone(),
        })
        .collect();
    let mut store = register::open(&path, true).map_err(|e| reg_err_in(e, lang))?;
    sync::run(store.as_mut(), &inputs, Vec::new(), &o, &actor, quiet, lang)
}
