//! A batch audit: the same library calls for every office of a plan, offices in parallel
//! (rayon); once every office is assessed, one consolidated summary, written while the
//! offices' own reports are. One broken office never stops the others: its problems become
//! diagnostics in its own result, and the summary lists them.

use crate::assess::{AssessInput, assess};
use crate::catalog::Catalog;
use crate::mapping::Rules;
use crate::model::{AuditResult, Diagnostic, Ingested, Location, Outcome, Say, Text};
use crate::output::safe_name;
use crate::pipeline::map_folder;
use crate::plan::{FailOn, Office, Plan, expand_checklists};
use crate::report::{Format, ReportError, write_reports};
use rayon::prelude::*;
use std::path::{Path, PathBuf};

/// What one office's run produced.
#[derive(Debug)]
pub struct OfficeRun {
    pub result: AuditResult,
    /// Report files written for the office.
    pub written: Vec<PathBuf>,
    /// The reports could not be written (the result is still in the summary).
    pub write_error: Option<String>,
}

impl OfficeRun {
    pub fn errors(&self) -> usize {
        self.result
            .diagnostics
            .iter()
            .filter(|d| d.is_error())
            .count()
            + usize::from(self.write_error.is_some())
    }
}

/// Settings of one batch run, resolved from the plan and the command line.
#[derive(Debug, Clone)]
pub struct BatchSettings {
    pub outdir: PathBuf,
    pub formats: Vec<Format>,
    pub lang: crate::model::Lang,
    pub templates: crate::report::Templates,
    pub force: bool,
}

/// Assess one office: map its procedures, ingest its checklists, assess.
pub fn assess_office(
    plan: &Plan,
    office: &Office,
    catalog: &Catalog,
    rules: &Rules,
) -> AuditResult {
    let plan_file = plan.file.display().to_string();
    let mut problems: Vec<Diagnostic> = Vec::new();

    let mapping = match &office.procedures {
        None => None,
        Some(dir) if dir.is_dir() => Some(map_folder(dir, rules, catalog)),
        Some(dir) => {
            problems.push(
                Diagnostic::error(
                    Location::file(dir.display().to_string()),
                    Text::new(Say::ProceduresNotFound).with("office", &office.code),
                )
                .with_hint(
                    Text::new(Say::ProceduresNotFoundHint)
                        .with("office", &office.code)
                        .with("plan", &plan_file),
                ),
            );
            None
        }
    };

    let (files, unmatched) = expand_checklists(&office.checklists);
    for p in unmatched {
        problems.push(
            Diagnostic::error(
                Location::file(p.display().to_string()),
                Text::new(Say::NoChecklistHere).with("office", &office.code),
            )
            .with_hint(
                Text::new(Say::NoChecklistHereHint)
                    .with("office", &office.code)
                    .with("plan", &plan_file),
            ),
        );
    }
    if office.checklists.is_empty() {
        problems.push(
            Diagnostic::error(
                Location::file(plan_file.clone()),
                Text::new(Say::NoChecklistsNamed).with("office", &office.code),
            )
            .with_hint(Text::new(Say::NoChecklistsNamedHint)),
        );
    }
    let ingested: Vec<Ingested> = files
        .par_iter()
        .map(|f| crate::ingest::read_checklist(f, catalog))
        .collect();

    let audit = plan.audit_for(office);
    let mut result = assess(&AssessInput {
        audit: &audit,
        checklists: &ingested,
        mapping: mapping.as_ref(),
        catalog,
    });
    // assess carries the mapping's own diagnostics (unreadable documents among them).
    result.diagnostics.extend(problems);
    result.diagnostics.sort();
    result
}

/// Write one office's reports into `<outdir>/<office code>/`: the files written, or why not.
fn write_office(
    office: &Office,
    result: &AuditResult,
    settings: &BatchSettings,
) -> (Vec<PathBuf>, Option<String>) {
    let dir = settings.outdir.join(safe_name(&office.code));
    match write_reports(
        result,
        &settings.formats,
        settings.lang,
        &settings.templates,
        &dir,
        settings.force,
    ) {
        Ok(w) => (w, None),
        Err(e) => (Vec::new(), Some(with_hint(&e, settings.lang))),
    }
}

/// Why an office's reports were not written, and what to do, in the reader's language.
fn with_hint(e: &ReportError, lang: crate::model::Lang) -> String {
    match e.hint_text() {
        Some(h) => crate::model::Text::new(crate::model::Say::WithHint)
            .with_text("message", &e.text())
            .with_text("hint", &h)
            .render(lang),
        None => e.text().render(lang),
    }
}

/// What a batch run produced: each office's run, in plan order, and the summary files.
#[derive(Debug)]
pub struct BatchRun {
    pub offices: Vec<OfficeRun>,
    pub summary: Result<Vec<PathBuf>, crate::xlsx::SaveError>,
}

/// Run every office in parallel, in plan order in the output, and write the summary.
/// `on_office` is called as each office is assessed (for a progress bar).
///
/// The summary needs only the assessments, so it is written while the offices' report files
/// are: built after them it ran on one core at the end (25 ms of a 180 ms run of 10
/// offices, the other core idle).
pub fn run_plan(
    plan: &Plan,
    catalog: &Catalog,
    rules: &Rules,
    settings: &BatchSettings,
    on_office: &(dyn Fn(&Office) + Sync),
) -> BatchRun {
    let run = || {
        let results: Vec<AuditResult> = plan
            .offices
            .par_iter()
            .map(|o| {
                let mut r = assess_office(plan, o, catalog, rules);
                // A re-run over an earlier run's folder keeps its finding numbers.
                let dir = settings.outdir.join(safe_name(&o.code));
                crate::report::keep_earlier_labels(&mut r, &dir);
                on_office(o);
                r
            })
            .collect();
        let (summary, written): (_, Vec<_>) = rayon::join(
            || write_summary(&results.iter().collect::<Vec<_>>(), settings),
            || {
                plan.offices
                    .par_iter()
                    .zip(&results)
                    .map(|(o, r)| write_office(o, r, settings))
                    .collect()
            },
        );
        let offices = results
            .into_iter()
            .zip(written)
            .map(|(result, (written, write_error))| OfficeRun {
                result,
                written,
                write_error,
            })
            .collect();
        BatchRun { offices, summary }
    };
    match batch_pool() {
        Some(pool) => pool.install(run),
        None => run(),
    }
}

/// Offices run on one worker more than there are cores. A worker often waits for the disk
/// (each report is synced before it is renamed into place, checklists and procedures are
/// read), and while it waits the extra worker keeps its core busy. On 2 cores, 160 generated
/// offices, six runs of each binary interleaved: wall 2.83 s -> 2.69 s on average with the
/// same CPU time (4.79 s), faster in five of the six pairs (README, Performance).
/// `RAYON_NUM_THREADS` still decides when set.
fn batch_pool() -> Option<rayon::ThreadPool> {
    if std::env::var_os("RAYON_NUM_THREADS").is_some() {
        return None;
    }
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    rayon::ThreadPoolBuilder::new()
        .num_threads(cores + 1)
        .build()
        .ok()
}

/// Write `summary.xlsx` and `summary.md` (and `summary.html` when HTML is asked for) into the
/// output folder.
fn write_summary(
    results: &[&AuditResult],
    settings: &BatchSettings,
) -> Result<Vec<PathBuf>, crate::xlsx::SaveError> {
    let xlsx = settings.outdir.join("summary.xlsx");
    let md = settings.outdir.join("summary.md");
    // The two files are independent: build them on both cores.
    let (wrote_xlsx, wrote_md) = rayon::join(
        || {
            crate::report::summary::write_summary_xlsx(
                results,
                settings.lang,
                &xlsx,
                settings.force,
            )
        },
        || {
            let text = crate::report::summary::summary_markdown(results, settings.lang);
            crate::output::write_atomic(&md, text.as_bytes(), settings.force)
        },
    );
    wrote_xlsx?;
    wrote_md?;
    let mut written = vec![xlsx, md];
    if settings.formats.contains(&crate::report::Format::Html) {
        let html = settings.outdir.join("summary.html");
        let text = crate::report::html::summary_html(results, settings.lang);
        crate::output::write_atomic(&html, text.as_bytes(), settings.force)?;
        written.push(html);
    }
    Ok(written)
}

/// Whether the gate trips on any office's findings.
pub fn gate_trips(runs: &[OfficeRun], gate: FailOn) -> bool {
    runs.iter().any(|r| {
        r.result
            .nonconformities
            .iter()
            .chain(&r.result.observations)
            .any(|f| gate.trips(f.grade))
    })
}

/// Every output the run would write, to refuse the run before any work when one exists.
pub fn existing_outputs(plan: &Plan, settings: &BatchSettings) -> Vec<PathBuf> {
    let mut all: Vec<PathBuf> = vec![
        settings.outdir.join("summary.xlsx"),
        settings.outdir.join("summary.md"),
        settings.outdir.join("summary.html"),
    ];
    for o in &plan.offices {
        let dir = settings.outdir.join(safe_name(&o.code));
        all.extend(
            settings
                .formats
                .iter()
                .flat_map(|f| f.file_names(settings.lang))
                .map(|name| dir.join(name)),
        );
    }
    all.into_iter().filter(|p| p.exists()).collect()
}

/// Count of findings of one grade over all offices.
pub fn count(runs: &[OfficeRun], grade: Outcome) -> usize {
    runs.iter()
        .flat_map(|r| {
            r.result
                .nonconformities
                .iter()
                .chain(&r.result.observations)
        })
        .filter(|f| f.grade == grade)
        .count()
}

/// The folder a plan's relative output dir resolves against when no `-o` is given.
pub fn default_outdir(plan: &Plan) -> PathBuf {
    plan.output_dir
        .clone()
        .unwrap_or_else(|| Path::new("out").to_path_buf())
}
