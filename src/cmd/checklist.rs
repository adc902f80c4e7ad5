//! `isoaudit checklist new [--scope 4-10|7.5,8.4] [--lang zh|en] [--office NAME] [--audit-id ID]
//!                         [--date YYYY-MM-DD] -o FILE.xlsx [--force]`
//! `isoaudit checklist check FILE... [--json]`
//!
//! Prepare the checklist auditors fill in, and read back any reasonable filled checklist.
//! Examples:
//!   isoaudit checklist new --scope 4-10 --lang zh --office 临湖县局 -o 内审检查表.xlsx
//!   isoaudit checklist new --scope 7.5,8.4,9.2 -o checklist.xlsx --force
//!   isoaudit checklist check 内审检查表.xlsx anhe.csv     diagnostics on stderr, summaries on stdout
//!   isoaudit checklist check *.xlsx --json > parsed.json  parsed checklists on stdout
//!
//! Exit status: 0 when every file reads without errors, 2 when any has one.

use super::{Hinted, printer, settings};
use crate::Status;
use crate::catalog::{QuestionBank, parse_scope};
use crate::cli::{
    ChecklistAction, ChecklistArgs, ChecklistCheckArgs, ChecklistNewArgs, GlobalArgs,
};
use crate::ingest::template::{BlankSettings, blank_checklist, sheet_names};
use crate::ingest::{Summary, read_checklist, summarize};
use crate::model::{Checklist, Diagnostic, Lang};
use crate::model::{Say, Text};
use rayon::prelude::*;
use serde::Serialize;

pub fn run(g: &GlobalArgs, a: ChecklistArgs) -> anyhow::Result<Status> {
    match a.action {
        ChecklistAction::New(n) => new(g, n),
        ChecklistAction::Check(c) => check(g, c),
    }
}

fn new(g: &GlobalArgs, a: ChecklistNewArgs) -> anyhow::Result<Status> {
    let catalog = settings::catalog(g)?;
    let lang = settings::lang(g, None);
    let scope = parse_scope(&catalog, &a.scope)
        .map_err(|e| Hinted::new(e.text(), Text::new(Say::ScopeNewHint)))?;
    let bank = QuestionBank::embedded();
    let settings = BlankSettings {
        lang,
        scope,
        scope_text: a.scope.clone(),
        office: a.office,
        audit_id: a.audit_id,
        date: a.date,
    };
    let (mut wb, n) = blank_checklist(&catalog, &bank, &settings)?;
    if let Err(e) = crate::xlsx::save(&mut wb, &a.output, a.force) {
        return Err(match &e {
            crate::xlsx::SaveError::Output(o) if o.hint().is_some() => Hinted::new(
                o.text(),
                o.hint_text()
                    .unwrap_or_else(|| Text::new(Say::WritableHint)),
            )
            .into(),
            _ => anyhow::Error::new(e),
        });
    }
    let wrote = match lang {
        Lang::En => format!(
            "wrote {}: {n} questions on sheet {}",
            a.output.display(),
            sheet_names(lang)[1]
        ),
        Lang::Zh => format!(
            "已写入 {}：工作表“{}”共 {n} 个审核问题",
            a.output.display(),
            sheet_names(lang)[1]
        ),
    };
    printer::note(g.quiet, &wrote);
    Ok(Status::Clean)
}

/// One file as `--json` prints it.
#[derive(Serialize)]
struct FileJson {
    file: String,
    checklist: Option<Checklist>,
    summary: Option<Summary>,
    diagnostics: Vec<Diagnostic>,
}

/// One file as `check` prints it.
struct Checked {
    diagnostics: String,
    failed: bool,
    summary: String,
    json: Result<Option<serde_json::Value>, serde_json::Error>,
}

fn check(g: &GlobalArgs, a: ChecklistCheckArgs) -> anyhow::Result<Status> {
    let catalog = settings::catalog(g)?;
    let lang = settings::lang(g, None);
    // Files are independent: read them on every core, report them in the order given. Each
    // file is reduced to what is printed as soon as it is read, so memory does not grow with
    // the number of workbooks (the whole checklist is kept only for --json).
    let checked: Vec<Checked> = a
        .files
        .par_iter()
        .map(|path| {
            let file = path.display().to_string();
            let got = read_checklist(path, &catalog);
            let json = if a.json {
                // Messages as words of the reader's language: the JSON is read by people too.
                let checklist = got.checklist.as_ref().map(|c| {
                    let mut c = c.clone();
                    for r in &mut c.rows {
                        r.attention = r.attention.as_ref().map(|t| t.said(lang));
                    }
                    c
                });
                Some(serde_json::to_value(FileJson {
                    file: file.clone(),
                    checklist,
                    summary: got.checklist.as_ref().map(summarize),
                    diagnostics: got.diagnostics.iter().map(|d| d.said(lang)).collect(),
                }))
                .transpose()
            } else {
                Ok(None)
            };
            Checked {
                diagnostics: got
                    .diagnostics
                    .iter()
                    .map(|d| format!("{}\n", d.render(lang)))
                    .collect(),
                failed: got.checklist.is_none() || got.diagnostics.iter().any(|d| d.is_error()),
                summary: printer::summary_text(&file, &got, lang),
                json,
            }
        })
        .collect();
    let mut status = Status::Clean;
    let mut summaries = String::new();
    let mut json = Vec::new();
    for c in checked {
        printer::err(&c.diagnostics);
        if c.failed {
            status = Status::HadErrors;
        }
        summaries.push_str(&c.summary);
        if let Some(v) = c.json? {
            json.push(v);
        }
    }
    if a.json {
        printer::out(&(serde_json::to_string_pretty(&json)? + "\n"))?;
        if !g.quiet {
            printer::err(&summaries);
        }
    } else {
        printer::out(&summaries)?;
    }
    Ok(status)
}
