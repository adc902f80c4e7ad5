//! `isoaudit audit PLAN.toml|DIR [-o OUTDIR] [--fail-on major|minor|any] [--format …] [--force]`
//!
//! Audit every office of a plan in one run. Examples:
//!   isoaudit audit samples/bureau -o out                 the sample bureau, three offices
//!   isoaudit audit plan.toml -o out --fail-on major      exit 1 when any office has a major NC
//!
//! stdout lists the files written; the progress bar (on a terminal only), diagnostics and the
//! closing summary table go to stderr. Exit 2 when any input could not be read (every other
//! office is still reported), else 1 when the gate trips, else 0.

use super::actions::{reg_err, today, who};
use super::{Hinted, load_catalog, print_out};
use crate::Status;
use crate::batch::{
    BatchSettings, OfficeRun, count, default_outdir, existing_outputs, gate_trips, run_plan,
};
use crate::cli::{AuditArgs, GlobalArgs, ReportFormatArg};
use crate::mapping::Rules;
use crate::model::{Diagnostic, Lang, Outcome};
use crate::plan::Plan;
use crate::register::workflow::{self, PolicyOverride, SyncInput};
use crate::register::{self, Actor, Mode, with};
use crate::report::Format;
use crate::xlsx::display_width;
use std::io::IsTerminal;

pub fn run(g: &GlobalArgs, a: AuditArgs) -> anyhow::Result<Status> {
    let catalog = load_catalog(g)?;
    let plan = Plan::load(&a.plan, &catalog).map_err(|e| Hinted {
        message: e.to_string(),
        hint: "see samples/bureau/audit.toml for a complete plan".into(),
    })?;
    let lang = match (g.lang, plan.lang.as_deref()) {
        (None, Some("zh")) => Lang::Zh,
        (None, Some("en")) => Lang::En,
        _ => g.lang(),
    };
    let formats = resolve_formats(&a.format, &plan.formats)?;
    let settings = BatchSettings {
        outdir: a.output.clone().unwrap_or_else(|| default_outdir(&plan)),
        formats,
        lang,
        force: a.force,
    };
    // The run owns its output folder: a second run into it at the same time is refused (before
    // the check below, so two runs cannot both find the folder free and mix their files).
    let _lock = crate::output::FolderLock::acquire(&settings.outdir).map_err(|e| Hinted {
        message: e.to_string(),
        hint: e.hint().unwrap_or("choose another -o folder").to_string(),
    })?;
    let existing = existing_outputs(&plan, &settings);
    if !a.force && !existing.is_empty() {
        return Err(Hinted {
            message: format!(
                "{} already exists ({} report files in all)",
                existing[0].display(),
                existing.len()
            ),
            hint: "pass --force to overwrite them, or choose another -o folder".into(),
        }
        .into());
    }
    let rules = Rules::embedded();

    let bar = (!g.quiet && std::io::stderr().is_terminal()).then(|| {
        let b = indicatif::ProgressBar::new(plan.offices.len() as u64);
        b.set_style(
            indicatif::ProgressStyle::with_template(
                "{spinner} offices {pos}/{len} {wide_bar} {msg}",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        b.enable_steady_tick(std::time::Duration::from_millis(120));
        b
    });
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
            problems.push_str(&format!("{}: {d}\n", r.result.audit.office_code));
        }
        if let Some(e) = &r.write_error {
            problems.push_str(&format!("{}: error: {e}\n", r.result.audit.office_code));
        }
        for p in &r.written {
            out.push_str(&format!("{}\n", p.display()));
        }
    }
    eprint!("{problems}");
    let summary_error = match batch.summary {
        Ok(paths) => {
            for p in paths {
                out.push_str(&format!("{}\n", p.display()));
            }
            None
        }
        Err(e) => {
            eprintln!("error: {e}");
            Some(e)
        }
    };
    print_out(&out)?;
    if !g.quiet {
        eprint!("{}", summary_table(&runs, lang));
    }

    let register_failed = match sync_register(&a, &plan, &runs, g.quiet) {
        Ok(had_errors) => had_errors,
        Err(e) => {
            eprintln!("error: {e:#}");
            if let Some(h) = e.downcast_ref::<Hinted>() {
                eprintln!("hint: {}", h.hint);
            }
            true
        }
    };

    let errors: usize = runs.iter().map(OfficeRun::errors).sum::<usize>()
        + usize::from(summary_error.is_some())
        + usize::from(register_failed);
    let gate = a.fail_on.or(plan.fail_on);
    Ok(if errors > 0 {
        Status::HadErrors
    } else if gate.is_some_and(|g| gate_trips(&runs, g)) {
        Status::GateTripped
    } else {
        Status::Clean
    })
}

/// With `--register` or the plan's `[register]`, raise one action per nonconformity of every
/// office in one transaction (idempotent by finding key, like `isoaudit actions sync`).
/// `Ok(true)` when some finding could not be synced (an error, as with `actions sync`).
fn sync_register(
    a: &AuditArgs,
    plan: &Plan,
    runs: &[OfficeRun],
    quiet: bool,
) -> anyhow::Result<bool> {
    let path = match (&a.register, &plan.register) {
        (Some(p), _) => p.clone(),
        (None, Some(r)) => r.path.clone(),
        (None, None) => return Ok(false),
    };
    let actor = Actor {
        by: who(&a.by),
        today: today(&a.today)?,
    };
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
    let mut store = register::open(&path, true).map_err(reg_err)?;
    let rep = with(store.as_mut(), Mode::Write, |tx| {
        workflow::sync(tx, &inputs, &o, &actor)
    })
    .map_err(reg_err)?;
    for d in &rep.diagnostics {
        eprintln!("{d}");
    }
    super::actions::print_sync_changes(&rep);
    if !quiet {
        eprintln!(
            "register {}: {} action(s) raised, {} unchanged",
            path.display(),
            rep.added.len(),
            rep.unchanged
        );
    }
    // A finding the register could not take is an error, as with `isoaudit actions sync`.
    Ok(rep.diagnostics.iter().any(Diagnostic::is_error))
}

fn resolve_formats(cli: &[ReportFormatArg], plan: &[String]) -> anyhow::Result<Vec<Format>> {
    if !cli.is_empty() {
        return Ok(cli
            .iter()
            .map(|f| match f {
                ReportFormatArg::Xlsx => Format::Xlsx,
                ReportFormatArg::Md => Format::Md,
                ReportFormatArg::Json => Format::Json,
            })
            .collect());
    }
    if plan.is_empty() {
        return Ok(Format::ALL.to_vec());
    }
    plan.iter()
        .map(|f| match f.trim().to_lowercase().as_str() {
            "xlsx" => Ok(Format::Xlsx),
            "md" | "markdown" => Ok(Format::Md),
            "json" => Ok(Format::Json),
            other => Err(Hinted {
                message: format!("[output] formats: unknown format \"{other}\""),
                hint: "use xlsx, md and json".into(),
            }
            .into()),
        })
        .collect()
}

/// The closing table on stderr: one line per office, then the totals. Columns are padded by
/// display width, so Chinese office names and headings line up.
fn summary_table(runs: &[OfficeRun], lang: Lang) -> String {
    let head = match lang {
        Lang::En => [
            "office", "major", "minor", "obs", "OFI", "conform%", "errors",
        ],
        Lang::Zh => ["单位", "严重", "一般", "观察", "改进", "符合率%", "错误"],
    };
    let lines =
        crate::report::summary::office_lines(&runs.iter().map(|r| &r.result).collect::<Vec<_>>());
    let mut rows: Vec<[String; 7]> = vec![head.map(String::from)];
    for (l, r) in lines.iter().zip(runs) {
        rows.push([
            l.code.clone(),
            l.major.to_string(),
            l.minor.to_string(),
            l.observation.to_string(),
            l.ofi.to_string(),
            l.rate.map_or("-".into(), |r| format!("{r:.1}")),
            r.errors().to_string(),
        ]);
    }
    rows.push([
        lang.pick("total", "合计").to_string(),
        count(runs, Outcome::Major).to_string(),
        count(runs, Outcome::Minor).to_string(),
        count(runs, Outcome::Observation).to_string(),
        count(runs, Outcome::Ofi).to_string(),
        String::new(),
        runs.iter()
            .map(OfficeRun::errors)
            .sum::<usize>()
            .to_string(),
    ]);
    let width = |c: usize| rows.iter().map(|r| display_width(&r[c])).max().unwrap_or(0);
    let widths: Vec<usize> = (0..7).map(width).collect();
    let mut s = String::from("\n");
    for r in &rows {
        for (c, cell) in r.iter().enumerate() {
            let pad = " ".repeat(widths[c] - display_width(cell));
            if c == 0 {
                s.push_str(&format!("{cell}{pad}"));
            } else {
                s.push_str(&format!("  {pad}{cell}"));
            }
        }
        s.push('\n');
    }
    s
}
