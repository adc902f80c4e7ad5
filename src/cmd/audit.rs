//! `isoaudit audit PLAN.toml|DIR [-o OUTDIR] [--fail-on major|minor|any] [--format …] [--force]`
//!
//! Audit every office of a plan in one run. Examples:
//!   isoaudit audit samples/bureau -o out                 the sample bureau, three offices
//!   isoaudit audit plan.toml -o out --fail-on major      exit 1 when any office has a major NC
//!
//! stdout lists the files written; the progress bar (on a terminal only), diagnostics and the
//! closing summary table go to stderr. Exit 2 when any input could not be read (every other
//! office is still reported), else 1 when the gate trips, else 0.

use super::{Hinted, load_catalog, print_out};
use crate::Status;
use crate::batch::{
    BatchSettings, OfficeRun, count, default_outdir, existing_outputs, gate_trips, run_plan,
    write_summary,
};
use crate::cli::{AuditArgs, GlobalArgs, ReportFormatArg};
use crate::mapping::Rules;
use crate::model::{Lang, Outcome};
use crate::plan::Plan;
use crate::report::Format;
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
            indicatif::ProgressStyle::with_template("{spinner} offices {pos}/{len} {wide_bar} {msg}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        b.enable_steady_tick(std::time::Duration::from_millis(120));
        b
    });
    let runs = run_plan(&plan, &catalog, &rules, &settings, &|o| {
        if let Some(b) = &bar {
            b.set_message(o.code.clone());
            b.inc(1);
        }
    });
    if let Some(b) = bar {
        b.finish_and_clear();
    }

    let mut out = String::new();
    for r in &runs {
        for d in &r.result.diagnostics {
            eprintln!("{}: {d}", r.result.audit.office_code);
        }
        for u in &r.result.unreadable_documents {
            eprintln!(
                "{}: warning: {}: unreadable: {}",
                r.result.audit.office_code, u.path, u.reason
            );
        }
        if let Some(e) = &r.write_error {
            eprintln!("{}: error: {e}", r.result.audit.office_code);
        }
        for p in &r.written {
            out.push_str(&format!("{}\n", p.display()));
        }
    }
    let summary_error = match write_summary(&runs, &settings) {
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

    let errors: usize = runs.iter().map(OfficeRun::errors).sum::<usize>()
        + usize::from(summary_error.is_some());
    let gate = a.fail_on.or(plan.fail_on);
    Ok(if errors > 0 {
        Status::HadErrors
    } else if gate.is_some_and(|g| gate_trips(&runs, g)) {
        Status::GateTripped
    } else {
        Status::Clean
    })
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

/// The closing table on stderr: one line per office, then the totals.
fn summary_table(runs: &[OfficeRun], lang: Lang) -> String {
    let head = match lang {
        Lang::En => ["office", "major", "minor", "obs", "OFI", "conform%", "errors"],
        Lang::Zh => ["单位", "严重", "一般", "观察", "改进", "符合率%", "错误"],
    };
    let mut s = format!(
        "\n{:<12} {:>6} {:>6} {:>6} {:>6} {:>9} {:>7}\n",
        head[0], head[1], head[2], head[3], head[4], head[5], head[6]
    );
    let lines = crate::report::summary::office_lines(
        &runs.iter().map(|r| r.result.clone()).collect::<Vec<_>>(),
    );
    for (l, r) in lines.iter().zip(runs) {
        s.push_str(&format!(
            "{:<12} {:>6} {:>6} {:>6} {:>6} {:>9} {:>7}\n",
            l.code,
            l.major,
            l.minor,
            l.observation,
            l.ofi,
            l.rate.map_or("-".into(), |r| format!("{r:.1}")),
            r.errors()
        ));
    }
    s.push_str(&format!(
        "{:<12} {:>6} {:>6} {:>6} {:>6}\n",
        lang.pick("total", "合计"),
        count(runs, Outcome::Major),
        count(runs, Outcome::Minor),
        count(runs, Outcome::Observation),
        count(runs, Outcome::Ofi)
    ));
    s
}
