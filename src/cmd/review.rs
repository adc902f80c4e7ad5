//! `isoaudit review --from DATE --to DATE [--indicators FILE] -o DIR`
//!
//! The management-review input of a period. Examples:
//!   isoaudit review --from 2026-01-01 --to 2026-12-31 -o review-2026
//!   isoaudit review --from 2026-01-01 --to 2026-06-30 --indicators 指标.csv --lang zh -o out
//!
//! Reads the register (read-only) and the indicators, writes the workbook, `review.md` and
//! `review.json`. The dates are the arguments: the same register and period give the same bytes.

use super::{Hinted, printer, reg_err_in, settings};
use crate::Status;
use crate::cli::{GlobalArgs, ReviewArgs};
use crate::register::{self, Mode, with};
use crate::review::{self, Period, write};

pub fn run(g: &GlobalArgs, a: ReviewArgs) -> anyhow::Result<Status> {
    let lang = settings::lang(g, None);
    if a.from > a.to {
        return Err(Hinted::new(
            format!("--from {} is after --to {}", a.from, a.to),
            "give the first day of the period, then the last, e.g. --from 2026-01-01 --to 2026-12-31",
        )
        .into());
    }
    let period = Period {
        from: a.from,
        to: a.to,
    };
    let previous = match (a.previous_from, a.previous_to) {
        (Some(from), Some(to)) if from <= to => Period { from, to },
        (Some(from), Some(to)) => {
            return Err(Hinted::new(
                format!("--previous-from {from} is after --previous-to {to}"),
                "give the first day of the period to compare with, then the last",
            )
            .into());
        }
        _ => period.previous(),
    };
    let outdir_error = |e: crate::output::OutputError| {
        Hinted::new(
            e.to_string(),
            e.hint().unwrap_or("choose another -o folder").to_string(),
        )
    };
    let names = [write::workbook_name(lang), "review.md", "review.json"];
    let mut inputs: Vec<(&std::path::Path, &str)> = vec![(a.register.as_path(), "the register")];
    if let Some(i) = &a.indicators {
        inputs.push((i.as_path(), "the indicators"));
    }
    // Nothing is written unless every file may be.
    for n in names {
        let out = a.output.join(n);
        crate::output::refuse_inputs(&out, &inputs)
            .and_then(|()| crate::output::check_new(&out, a.force))
            .map_err(outdir_error)?;
    }
    let mut store = register::open_read(&a.register).map_err(|e| reg_err_in(e, lang))?;
    let (findings, records, audits) = with(store.as_mut(), Mode::Read, |tx| {
        let audits = tx.audits()?;
        let mut findings = Vec::new();
        for a in &audits {
            findings.extend(tx.findings_of(&a.audit_id, &a.office_code)?);
        }
        Ok((findings, tx.records()?, audits))
    })
    .map_err(|e| reg_err_in(e, lang))?;
    let (indicators, diags) = match &a.indicators {
        Some(p) => review::indicators::read(p),
        None => (Vec::new(), Vec::new()),
    };
    printer::diagnostics(&diags);
    let had_errors = diags.iter().any(|d| d.is_error());
    let r = review::compute(
        &findings, &records, &audits, period, previous, indicators, diags,
    );
    std::fs::create_dir_all(&a.output).map_err(|e| {
        Hinted::new(
            format!("{}: cannot create the folder: {e}", a.output.display()),
            "choose another -o folder",
        )
    })?;
    let mut wb = write::workbook(&r, lang)
        .map_err(|e| anyhow::anyhow!("cannot build the review workbook: {e}"))?;
    crate::xlsx::save(&mut wb, &a.output.join(names[0]), a.force)?;
    crate::output::write_atomic(
        &a.output.join(names[1]),
        write::markdown(&r, lang).as_bytes(),
        a.force,
    )
    .map_err(outdir_error)?;
    crate::output::write_atomic(
        &a.output.join(names[2]),
        write::json(&r).as_bytes(),
        a.force,
    )
    .map_err(outdir_error)?;
    printer::note(
        g.quiet,
        &printer::say(
            printer::M.wrote_review,
            lang,
            &[
                ("dir", &a.output.display()),
                ("audits", &r.audits.len()),
                ("findings", &r.findings.current.total()),
                ("indicators", &r.indicators.len()),
            ],
        ),
    );
    Ok(if had_errors {
        Status::HadErrors
    } else {
        Status::Clean
    })
}
