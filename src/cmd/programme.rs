//! `isoaudit programme status|plan [PROGRAMME] …`
//!
//! The audit programme. Examples:
//!   isoaudit programme status samples/bureau --as-of 2026-12-31
//!   isoaudit programme status samples/bureau --register isoaudit.db -o status
//!   isoaudit programme plan samples/bureau --year 2027 -o plan-2027
//!
//! Reads the programme, the register (read-only, when it exists), the plans the programme's
//! `[history]` names and `--results`; prints or writes the status, or the proposed year.

use super::{Hinted, output_err, printer, reg_err, reg_err_in, settings};
use crate::Status;
use crate::catalog::Catalog;
use crate::cli::{GlobalArgs, ProgrammeAction, ProgrammeArgs, ProgrammeInputs};
use crate::model::{Lang, Say, Text};
use crate::programme::history::{self, History};
use crate::programme::{Programme, propose, status, write};
use crate::register::{self, Mode, with};
use std::path::Path;

pub fn run(g: &GlobalArgs, a: ProgrammeArgs) -> anyhow::Result<Status> {
    let catalog = settings::catalog(g)?;
    let lang = settings::lang(g, None);
    match a.action {
        ProgrammeAction::Status(s) => {
            let (p, h) = inputs(&s.inputs, &catalog, lang)?;
            let lang = settings::lang(g, p.lang);
            let as_of = s.as_of.unwrap_or_else(|| settings::actor(None, None).today);
            let st = status::compute(&p, &h, as_of);
            printer::diagnostics(&st.diagnostics, lang);
            let had_errors = st.diagnostics.iter().any(|d| d.is_error());
            if let Some(dir) = &s.output {
                let names = [
                    write::status_workbook_name(lang),
                    "programme-status.md",
                    "programme-status.json",
                ];
                prepare(dir, &names, &s.inputs, &p, s.force)?;
                let mut wb = write::status_workbook(&st, &p, &catalog, lang)
                    .map_err(|e| unbuilt(&dir.join(names[0]), e))?;
                crate::xlsx::save(&mut wb, &dir.join(names[0]), s.force).map_err(unsaved)?;
                save(
                    &dir.join(names[1]),
                    &write::status_markdown(&st, &p, &catalog, lang),
                    s.force,
                )?;
                save(&dir.join(names[2]), &write::status_json(&st), s.force)?;
                printer::note(
                    g.quiet,
                    &printer::say(
                        printer::M.wrote_programme_status,
                        lang,
                        &[
                            ("dir", &dir.display()),
                            ("pct", &format!("{:.1}", st.total.coverage)),
                            ("cells", &st.total.cells),
                            ("overdue", &st.total.overdue),
                        ],
                    ),
                );
            }
            if s.json {
                use std::io::Write;
                let mut o = printer::stdout_stream();
                let _ = o.write_all(write::status_json(&st).as_bytes());
                let _ = o.flush();
            } else if s.output.is_none() {
                printer::out(&summary(&st, &p, lang))?;
            }
            Ok(if had_errors {
                Status::HadErrors
            } else {
                Status::Clean
            })
        }
        ProgrammeAction::Plan(pa) => {
            let (p, h) = inputs(&pa.inputs, &catalog, lang)?;
            let lang = settings::lang(g, p.lang);
            let y = propose::propose(&p, &h, pa.year);
            let mut diags = h.diagnostics.clone();
            diags.extend(y.diagnostics.iter().cloned());
            printer::diagnostics(&diags, lang);
            let had_errors = diags.iter().any(|d| d.is_error());
            let names = [
                write::plan_workbook_name(lang),
                "programme-plan.md",
                "programme-plan.json",
                write::plan_docx_name(lang),
            ];
            let form = settings::template_file(pa.template.as_deref())?;
            let dir = &pa.output;
            prepare(dir, &names, &pa.inputs, &p, pa.force)?;
            let mut wb =
                write::plan_workbook(&y, &p, lang).map_err(|e| unbuilt(&dir.join(names[0]), e))?;
            crate::xlsx::save(&mut wb, &dir.join(names[0]), pa.force).map_err(unsaved)?;
            save(
                &dir.join(names[1]),
                &write::plan_markdown(&y, &p, lang),
                pa.force,
            )?;
            save(&dir.join(names[2]), &write::plan_json(&y), pa.force)?;
            let docx = crate::report::docx::audit_programme(
                &write::plan_docx_values(&y, &p, lang),
                lang,
                crate::model::Date::from_ymd(y.year, 1, 1),
                form.as_ref()
                    .map(|f| crate::report::docx::Template {
                        path: &f.path,
                        bytes: &f.bytes,
                    })
                    .as_ref(),
            )
            .map_err(|e| {
                let message = match &e {
                    crate::report::docx::DocxError::Template { path, message } => {
                        Text::new(Say::TplAt)
                            .with("path", path)
                            .with_text("message", message)
                    }
                    crate::report::docx::DocxError::Package(_) => Text::verbatim(e.to_string()),
                };
                Hinted::new(message, Text::new(Say::ProgrammeTplHint))
            })?;
            crate::output::write_atomic(&dir.join(names[3]), &docx, pa.force)
                .map_err(output_err)?;
            let (mut written, mut kept) = (0usize, 0usize);
            for a in &y.audits {
                let o = p
                    .offices
                    .iter()
                    .find(|o| o.code == a.office)
                    .expect("proposed from the programme");
                let pdir = dir.join("plans").join(&a.id);
                let file = pdir.join("audit.toml");
                if file.exists() || file.symlink_metadata().is_ok() {
                    kept += 1;
                    printer::note(
                        g.quiet,
                        &printer::say(printer::M.plan_kept, lang, &[("path", &file.display())]),
                    );
                    continue;
                }
                std::fs::create_dir_all(&pdir).map_err(|e| uncreated(&pdir, e))?;
                save(&file, &write::audit_toml(a, o, &p, &pdir, lang), false)?;
                written += 1;
            }
            printer::note(
                g.quiet,
                &printer::say(
                    printer::M.wrote_programme_plan,
                    lang,
                    &[
                        ("dir", &dir.display()),
                        ("audits", &y.audits.len()),
                        ("year", &y.year),
                        ("plans", &written),
                        ("kept", &kept),
                    ],
                ),
            );
            Ok(if had_errors {
                Status::HadErrors
            } else {
                Status::Clean
            })
        }
    }
}

/// The programme and its history: the register when it exists, the programme's `[history]`,
/// then `--results`.
fn inputs(
    i: &ProgrammeInputs,
    catalog: &Catalog,
    lang: Lang,
) -> anyhow::Result<(Programme, History)> {
    let p = Programme::load(&i.programme, catalog).map_err(|e| {
        Hinted::new(
            e.text(),
            printer::say(printer::M.programme_sample_hint, lang, &[]),
        )
    })?;
    let mut h = History::default();
    // A server's register is read whatever it holds; a file only when it exists.
    if register::postgres_url(&i.register).is_some() || i.register.exists() {
        let mut store = register::open_read(&i.register).map_err(|e| reg_err_in(e, lang))?;
        let (audits, findings, records) = with(store.as_mut(), Mode::Read, |tx| {
            let audits = tx.audits()?;
            let mut findings = Vec::new();
            for a in &audits {
                findings.extend(tx.findings_of(&a.audit_id, &a.office_code)?);
            }
            Ok((audits, findings, tx.records()?))
        })
        .map_err(reg_err)?;
        h.add_register(&audits, &findings, &records);
    }
    if !p.history_plans.is_empty() {
        let rules = settings::rules(None, None)?;
        history::add_plans(&mut h, &p.history_plans, catalog, &rules);
    }
    history::add_result_files(&mut h, &p.history_results);
    history::add_result_files(&mut h, &i.results);
    Ok((p, h.finish()))
}

/// Refuse before writing anything: an output that is an input, or one that exists without
/// `--force`; then make the folder.
fn prepare(
    dir: &Path,
    names: &[&str],
    i: &ProgrammeInputs,
    p: &Programme,
    force: bool,
) -> anyhow::Result<()> {
    let inputs: Vec<(&Path, Say)> = vec![
        (i.register.as_path(), Say::TheRegister),
        (p.file.as_path(), Say::TheProgramme),
    ];
    for n in names {
        let out = dir.join(n);
        crate::output::refuse_inputs(&out, &inputs)
            .and_then(|()| crate::output::check_new(&out, force))
            .map_err(output_err)?;
    }
    std::fs::create_dir_all(dir).map_err(|e| uncreated(dir, e))?;
    Ok(())
}

/// A folder that cannot be made: its path and the system's reason.
fn uncreated(dir: &Path, e: std::io::Error) -> Hinted {
    Hinted::new(
        Text::new(Say::OutIo)
            .with("path", dir.display())
            .with("reason", e),
        Text::new(Say::WritableHint),
    )
}

/// A workbook that cannot be saved: an output refused, or one the writer could not build.
fn unsaved(e: crate::xlsx::SaveError) -> Hinted {
    match e {
        crate::xlsx::SaveError::Output(o) => output_err(o),
        crate::xlsx::SaveError::Xlsx { path, source } => unbuilt(Path::new(&path), source),
    }
}

/// A workbook that cannot be built: its file and the writer's reason.
fn unbuilt(file: &Path, e: impl std::fmt::Display) -> Hinted {
    Hinted::new(
        Text::new(Say::OutIo)
            .with("path", file.display())
            .with("reason", e),
        Text::new(Say::OutChooseFolder),
    )
}

fn save(path: &Path, text: &str, force: bool) -> anyhow::Result<()> {
    crate::output::write_atomic(path, text.as_bytes(), force).map_err(|e| output_err(e).into())
}

/// The status on the terminal: the total, each office, then every overdue cell.
fn summary(s: &status::ProgrammeStatus, p: &Programme, lang: Lang) -> String {
    let mut out = String::new();
    let title = if s.title.is_empty() {
        p.file.display().to_string()
    } else {
        s.title.clone()
    };
    out.push_str(&printer::say(
        printer::M.programme_total,
        lang,
        &[
            ("title", &title),
            ("as_of", &s.as_of),
            ("from", &s.cycle_from),
            ("to", &s.cycle_to),
            ("done", &s.total.done),
            ("cells", &s.total.cells),
            ("pct", &format!("{:.1}", s.total.coverage)),
            ("due", &s.total.due),
            ("overdue", &s.total.overdue),
        ],
    ));
    out.push('\n');
    for t in &s.offices {
        out.push_str(&printer::say(
            printer::M.programme_office,
            lang,
            &[
                ("office", &format!("{} {}", t.key, t.name)),
                ("done", &t.done),
                ("cells", &t.cells),
                ("pct", &format!("{:.1}", t.coverage)),
                ("due", &t.due),
                ("overdue", &t.overdue),
            ],
        ));
        out.push('\n');
    }
    for c in s
        .cells
        .iter()
        .filter(|c| c.state == status::DueState::Overdue)
    {
        let last = c.last.as_ref().map_or_else(
            || crate::report::pick(printer::M.programme_never, lang).to_string(),
            |l| format!("{} {} {}", l.date, l.audit_id, l.result.label(lang)),
        );
        out.push_str(&printer::say(
            printer::M.programme_overdue,
            lang,
            &[
                ("office", &c.office),
                ("department", &c.department),
                ("clause", &c.clause),
                ("due", &c.due),
                ("last", &last),
            ],
        ));
        out.push('\n');
    }
    out
}
