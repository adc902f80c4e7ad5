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
use crate::cli::{GlobalArgs, ReviewAction, ReviewArgs, ReviewRecordArgs};
use crate::model::{Say, Text};
use crate::register::{self, Mode, with};
use crate::review::{self, Period, write};

pub fn run(g: &GlobalArgs, a: ReviewArgs) -> anyhow::Result<Status> {
    let lang = settings::lang(g, None);
    if let Some(ReviewAction::Record(r)) = a.action {
        return record(g, r, lang);
    }
    // clap requires these without a subcommand.
    let (Some(from), Some(to), Some(output)) = (a.from, a.to, a.output.clone()) else {
        return Err(Hinted::new(
            "review needs --from, --to and -o",
            "e.g. isoaudit review --from 2026-01-01 --to 2026-12-31 -o review-2026",
        )
        .into());
    };
    let a = Resolved {
        from,
        to,
        output,
        previous_from: a.previous_from,
        previous_to: a.previous_to,
        indicators: a.indicators,
        register: a.register,
        force: a.force,
    };
    if a.from > a.to {
        return Err(Hinted::new(
            Text::new(Say::PeriodBackwards)
                .with("from", a.from)
                .with("to", a.to),
            Text::new(Say::PeriodBackwardsHint),
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
                Text::new(Say::PreviousBackwards)
                    .with("from", from)
                    .with("to", to),
                Text::new(Say::PreviousBackwardsHint),
            )
            .into());
        }
        _ => period.previous(),
    };
    let names = [write::workbook_name(lang), "review.md", "review.json"];
    let mut inputs: Vec<(&std::path::Path, Say)> = vec![(a.register.as_path(), Say::TheRegister)];
    if let Some(i) = &a.indicators {
        inputs.push((i.as_path(), Say::TheIndicators));
    }
    // Nothing is written unless every file may be.
    for n in names {
        let out = a.output.join(n);
        crate::output::refuse_inputs(&out, &inputs)
            .and_then(|()| crate::output::check_new(&out, a.force))
            .map_err(super::output_err)?;
    }
    let mut store = register::open_read(&a.register).map_err(|e| reg_err_in(e, lang))?;
    let (findings, records, audits) =
        with(store.as_mut(), Mode::Read, |tx| review::inputs(tx, None))
            .map_err(|e| reg_err_in(e, lang))?;
    let (indicators, diags) = match &a.indicators {
        Some(p) => review::indicators::read(p),
        None => (Vec::new(), Vec::new()),
    };
    printer::diagnostics(&diags, lang);
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
    .map_err(super::output_err)?;
    crate::output::write_atomic(
        &a.output.join(names[2]),
        write::json(&r, lang).as_bytes(),
        a.force,
    )
    .map_err(super::output_err)?;
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

/// The arguments of a review once clap has required them.
struct Resolved {
    from: crate::model::Date,
    to: crate::model::Date,
    output: std::path::PathBuf,
    previous_from: Option<crate::model::Date>,
    previous_to: Option<crate::model::Date>,
    indicators: Option<std::path::PathBuf>,
    register: std::path::PathBuf,
    force: bool,
}

/// `review record`: one decision, or a sheet of them, into the register as actions, in one
/// transaction. A decision already recorded (a sheet read again) is left as it is.
fn record(g: &GlobalArgs, r: ReviewRecordArgs, lang: crate::model::Lang) -> anyhow::Result<Status> {
    use register::decisions::{self, Decision};
    let actor = settings::actor(r.by.as_deref(), r.today);
    let (review_id, office_code) = (r.review.trim().to_string(), r.office.trim().to_string());
    if review_id.is_empty() || office_code.is_empty() {
        return Err(Hinted::new(
            "--review and --office must not be empty",
            "e.g. --review MR-2026 --office hq",
        )
        .into());
    }
    let (list, diags) = match &r.sheet {
        Some(path) => {
            let name = path.display().to_string();
            match crate::office::read_limited(path)
                .and_then(|bytes| crate::ingest::read_table(&name, &bytes))
            {
                Ok((sheet, rows)) => decisions::parse_sheet(
                    &name,
                    sheet.as_deref(),
                    &rows,
                    &review_id,
                    &office_code,
                    r.date,
                ),
                Err(e) => {
                    return Err(Hinted::new(
                        format!("{name}: cannot read the decisions: {e}"),
                        "give a .csv or .xlsx with a header row decision,owner,due",
                    )
                    .into());
                }
            }
        }
        None => (
            vec![Decision {
                review_id: review_id.clone(),
                office_code: office_code.clone(),
                date: r.date,
                statement: r.decision.clone().unwrap_or_default(),
                clause: r.clause.trim().to_string(),
                owner: r.owner.clone().unwrap_or_default(),
                due: r.due.unwrap_or(r.date),
                department: r.department.clone(),
            }],
            Vec::new(),
        ),
    };
    printer::diagnostics(&diags, lang);
    let from_sheet = r.sheet.is_some();
    let mut store = register::open(&r.register, true).map_err(|e| reg_err_in(e, lang))?;
    let done = with(store.as_mut(), Mode::Write, |tx| {
        let mut done: Vec<(String, _, bool)> = Vec::new();
        for d in &list {
            match decisions::already_recorded(tx, d)? {
                Some(id) if from_sheet => done.push((id, d, false)),
                _ => done.push((decisions::record(tx, d, &actor)?, d, true)),
            }
        }
        Ok(done)
    })
    .map_err(|e| reg_err_in(e, lang))?;
    let mut out = String::new();
    for (id, d, new) in &done {
        let key = if *new {
            printer::M.decision_recorded
        } else {
            printer::M.decision_known
        };
        printer::note(
            g.quiet,
            &printer::say(
                key,
                lang,
                &[("id", id), ("owner", &d.owner.trim()), ("due", &d.due)],
            ),
        );
        out.push_str(id);
        out.push('\n');
    }
    printer::out(&out)?;
    Ok(if diags.iter().any(|d| d.is_error()) {
        Status::HadErrors
    } else {
        Status::Clean
    })
}
