//! `isoaudit actions sync|policy|list|show|update|implement|verify|close|cancel|stats|export|import|remind`
//!
//! The corrective-action register. Examples:
//!   isoaudit actions sync out/*/result.json            one action per nonconformity, idempotent
//!   isoaudit actions policy --major 20 --minor 45      days allowed per grade, kept in the register
//!   isoaudit actions list --overdue --office linhu     what is late
//!   isoaudit actions show linhu-NC01                   one action with its history
//!   isoaudit actions update linhu-NC01 --owner 张伟 --correction … --root-cause … --action …
//!   isoaudit actions implement linhu-NC01 --note …     then verify --effective|--ineffective, close
//!   isoaudit actions stats --json                      backlog, overdue, ageing, effectiveness, repeats
//!   isoaudit actions export -o tracker.xlsx            departments fill it in …
//!   isoaudit actions import tracker.xlsx --dry-run     … and it is read back, conflicts refused
//!   isoaudit actions remind --as-of 2026-06-01 -o notices   one overdue notice per department
//!
//! `--register DB` (or ISOAUDIT_REGISTER) picks the register, `--by NAME` who acts (default: the
//! OS user), `--today YYYY-MM-DD` the date (default: the system date — the one place the clock is
//! read). Each command is one transaction.

use super::{Hinted, printer, reg_err_in, settings, sync};
use crate::Status;
use crate::cli::{ActionsArgs, ActionsCommand, ExportFormat, GlobalArgs, PolicyArgs};
use crate::model::{ClauseId, Diagnostic, Lang};
use crate::model::{Say, Text};
use crate::register::workflow::{
    self, Edit, Filter, PolicyOverride, SyncInput, Verification, days_overdue,
};
use crate::register::{
    self, ActionStatus, Actor, Date, Event, Mode, Record, RegisterError, Store, Verdict, stats,
    tracker, with,
};
use anyhow::Context;
use serde::Serialize;
use std::fmt::Write;
use std::path::{Path, PathBuf};

fn days_or_off(s: &Option<String>, what: &str) -> anyhow::Result<Option<Option<u32>>> {
    match s.as_deref().map(str::trim) {
        None => Ok(None),
        Some("off") | Some("none") => Ok(Some(None)),
        Some(v) => v.parse::<u32>().map(|d| Some(Some(d))).map_err(|_| {
            Hinted::new(
                Text::new(Say::DaysOrOff)
                    .with("what", what)
                    .with("value", v),
                Text::new(Say::DaysOrOffHint).with("what", what),
            )
            .into()
        }),
    }
}

/// The longest period a policy may allow. Anything longer is a typo, and would push due dates
/// towards 9999-12-31, where dates stop.
const MAX_POLICY_DAYS: u32 = 3650;

fn policy_override(p: &PolicyArgs) -> anyhow::Result<PolicyOverride> {
    let o = PolicyOverride {
        major: p.major,
        minor: p.minor,
        observation: days_or_off(&p.observation, "observation")?,
        ofi: days_or_off(&p.ofi, "ofi")?,
    };
    for (what, d) in [
        ("major", o.major),
        ("minor", o.minor),
        ("observation", o.observation.flatten()),
        ("ofi", o.ofi.flatten()),
    ] {
        if let Some(d) = d.filter(|d| *d > MAX_POLICY_DAYS) {
            return Err(Hinted::new(
                Text::new(Say::DaysTooMany)
                    .with("what", what)
                    .with("days", d)
                    .with("max", MAX_POLICY_DAYS),
                Text::new(Say::DaysTooManyHint).with("what", what),
            )
            .into());
        }
    }
    Ok(o)
}

pub fn run(g: &GlobalArgs, a: ActionsArgs) -> anyhow::Result<Status> {
    let lang = settings::lang(g, None);
    let actor = settings::actor(a.by.as_deref(), a.today);
    let path = a.register.clone();
    let creates = matches!(
        a.command,
        ActionsCommand::Sync { .. } | ActionsCommand::Policy { .. }
    );
    // Parse the inputs before opening the register, so a bad argument changes nothing.
    if let ActionsCommand::Sync { files, policy } = &a.command {
        let o = policy_override(policy)?;
        let (inputs, diags) = read_results(files);
        let mut store = register::open(&path, creates).map_err(|e| reg_err_in(e, lang))?;
        return sync::run(store.as_mut(), &inputs, diags, &o, &actor, g.quiet, lang);
    }
    if let ActionsCommand::Migrate { from, to, dry_run } = &a.command {
        return migrate(from, to, *dry_run, g.quiet, lang);
    }
    // What only reads opens the register read-only: nothing in it changes, and a register on
    // read-only media or without write permission can still be listed and exported. An export
    // over the register itself is refused before anything is opened.
    if let ActionsCommand::Export { output, force, .. } = &a.command {
        crate::output::refuse_inputs(output, &[(path.as_path(), Say::TheRegister)])
            .and_then(|()| crate::output::check_new(output, *force))
            .map_err(|e| {
                Hinted::new(
                    e.text(),
                    e.hint_text()
                        .unwrap_or_else(|| Text::new(Say::OutChooseAnother)),
                )
            })?;
    }
    let reads_only = matches!(
        a.command,
        ActionsCommand::List { .. }
            | ActionsCommand::Show { .. }
            | ActionsCommand::Stats { .. }
            | ActionsCommand::Export { .. }
    );
    let mut store = if reads_only {
        register::open_read(&path)
    } else {
        register::open(&path, creates)
    }
    .map_err(|e| reg_err_in(e, lang))?;
    let store = store.as_mut();
    match a.command {
        ActionsCommand::Sync { .. } | ActionsCommand::Migrate { .. } => {
            unreachable!("handled above")
        }
        ActionsCommand::Policy { policy, json } => {
            let o = policy_override(&policy)?;
            let p = with(store, Mode::Write, |tx| {
                workflow::set_policy(tx, &o, &actor)
            })
            .map_err(|e| reg_err_in(e, lang))?;
            if json {
                printer::out(&(serde_json::to_string_pretty(&p)? + "\n"))?;
            } else {
                let off = |d: Option<u32>| d.map_or_else(|| "off".into(), |d| format!("{d} days"));
                printer::out(&format!(
                    "major: {} days\nminor: {} days\nobservation: {}\nofi: {}\n",
                    p.major_days,
                    p.minor_days,
                    off(p.observation_days),
                    off(p.ofi_days)
                ))?;
            }
            Ok(Status::Clean)
        }
        ActionsCommand::List {
            status,
            overdue,
            office,
            clause,
            owner,
            audit,
            json,
        } => {
            let status = status
                .iter()
                .map(|s| s.parse::<ActionStatus>())
                .collect::<Result<Vec<_>, _>>()
                .map_err(|e| Hinted::new(e, Text::new(Say::StatusHint)))?;
            let clause = clause
                .map(|c| c.parse::<ClauseId>())
                .transpose()
                .map_err(|e| Hinted::new(e.to_string(), Text::new(Say::ClauseFlagHint)))?;
            let filter = Filter {
                status,
                overdue,
                office,
                clause,
                owner,
                audit,
            };
            let records =
                with(store, Mode::Read, |tx| tx.records()).map_err(|e| reg_err_in(e, lang))?;
            let shown: Vec<&Record> = records
                .iter()
                .filter(|r| filter.matches(r, actor.today))
                .collect();
            if json {
                let v: Vec<RecordJson> =
                    shown.iter().map(|r| record_json(r, actor.today)).collect();
                printer::out(&(serde_json::to_string_pretty(&v)? + "\n"))?;
            } else {
                printer::out(&printer::list_text(&shown, actor.today, lang))?;
            }
            Ok(Status::Clean)
        }
        ActionsCommand::Show { id, json } => {
            let (r, history) = with(store, Mode::Read, |tx| {
                let r = workflow::resolve(tx, &id)?;
                let h = tx.events(Some(&r.action.id))?;
                Ok((r, h))
            })
            .map_err(|e| reg_err_in(e, lang))?;
            if json {
                #[derive(Serialize)]
                struct Show<'a> {
                    #[serde(flatten)]
                    record: RecordJson<'a>,
                    history: &'a [Event],
                }
                let v = Show {
                    record: record_json(&r, actor.today),
                    history: &history,
                };
                printer::out(&(serde_json::to_string_pretty(&v)? + "\n"))?;
            } else {
                printer::out(&printer::show_text(&r, &history, actor.today, lang))?;
            }
            Ok(Status::Clean)
        }
        ActionsCommand::Update {
            id,
            owner,
            due,
            correction,
            root_cause,
            action,
            note,
        } => {
            let edit = Edit {
                owner,
                due,
                correction,
                root_cause,
                corrective_action: action,
                implementation_note: None,
            };
            if edit == Edit::default() {
                return Err(Hinted::new(
                    Text::new(Say::NothingToUpdate),
                    Text::new(Say::NothingToUpdateHint),
                )
                .into());
            }
            transition(store, &id, &actor, g.quiet, lang, |r, _| {
                workflow::apply_edit(&r.action, &edit).map(|a| (a, note.clone()))
            })
        }
        ActionsCommand::Implement { id, note } => {
            transition(store, &id, &actor, g.quiet, lang, |r, _| {
                workflow::apply_implement(&r.action, &note, actor.today).map(|a| (a, String::new()))
            })
        }
        ActionsCommand::Verify {
            id,
            effective,
            ineffective: _,
            method,
            note,
            due,
        } => {
            let new_due = due;
            let v = Verification {
                verdict: if effective {
                    Verdict::Effective
                } else {
                    Verdict::Ineffective
                },
                method,
                note,
                new_due,
            };
            transition(store, &id, &actor, g.quiet, lang, |r, policy| {
                let note = match v.verdict {
                    Verdict::Effective => "verified effective".to_string(),
                    Verdict::Ineffective => {
                        "verified ineffective: reopened, root cause and corrective action to be written again".to_string()
                    }
                };
                workflow::apply_verify(r, &v, policy, &actor).map(|a| (a, note))
            })
        }
        ActionsCommand::Close { id, note } => {
            transition(store, &id, &actor, g.quiet, lang, |r, _| {
                workflow::apply_close(&r.action, actor.today).map(|a| (a, note.clone()))
            })
        }
        ActionsCommand::Cancel { id, reason } => {
            transition(store, &id, &actor, g.quiet, lang, |r, _| {
                workflow::apply_cancel(&r.action, &reason).map(|a| (a, String::new()))
            })
        }
        ActionsCommand::Stats { json } => {
            let (records, audits) = with(store, Mode::Read, |tx| Ok((tx.records()?, tx.audits()?)))
                .map_err(|e| reg_err_in(e, lang))?;
            let s = stats::compute(&records, &audits, actor.today);
            if json {
                printer::out(&(serde_json::to_string_pretty(&s)? + "\n"))?;
            } else {
                printer::out(&printer::stats_text(&s, lang))?;
            }
            Ok(Status::Clean)
        }
        ActionsCommand::Export {
            ids,
            output,
            format: ExportFormat::Docx,
            template,
            force,
        } => {
            let template = settings::template_file(template.as_deref())?;
            let records = with(store, Mode::Read, |tx| {
                let chosen = if ids.is_empty() {
                    tx.records()?
                } else {
                    ids.iter()
                        .map(|id| workflow::resolve(tx, id))
                        .collect::<Result<Vec<_>, _>>()?
                };
                chosen
                    .into_iter()
                    .map(|r| {
                        let h = tx.events(Some(&r.action.id))?;
                        Ok((r, h))
                    })
                    .collect::<Result<Vec<_>, _>>()
            })
            .map_err(|e| reg_err_in(e, lang))?;
            let values = register::forms::action_values(&records, lang);
            let bytes = crate::report::docx::corrective_actions(
                values,
                lang,
                Some(actor.today),
                template
                    .as_ref()
                    .map(|t| crate::report::docx::Template {
                        path: &t.path,
                        bytes: &t.bytes,
                    })
                    .as_ref(),
            )?;
            crate::output::write_atomic(&output, &bytes, force).map_err(|e| {
                Hinted::new(
                    e.text(),
                    e.hint_text()
                        .unwrap_or_else(|| Text::new(Say::OutChooseAnother)),
                )
            })?;
            printer::note(
                g.quiet,
                &printer::say(
                    printer::M.wrote_forms,
                    lang,
                    &[("path", &output.display()), ("n", &records.len())],
                ),
            );
            Ok(Status::Clean)
        }
        ActionsCommand::Export { output, force, .. } => {
            let (records, audits) = with(store, Mode::Read, |tx| Ok((tx.records()?, tx.audits()?)))
                .map_err(|e| reg_err_in(e, lang))?;
            let s = stats::compute(&records, &audits, actor.today);
            let mut wb = tracker::export(&records, &s, actor.today, lang)
                .context("cannot build the tracker workbook")?;
            crate::xlsx::save(&mut wb, &output, force)?;
            let n = records
                .iter()
                .filter(|r| !r.action.status.is_final())
                .count();
            if !g.quiet {
                printer::errln(&printer::say(
                    printer::M.wrote_open_actions,
                    lang,
                    &[("path", &output.display()), ("n", &n)],
                ));
            }
            Ok(Status::Clean)
        }
        ActionsCommand::Remind {
            as_of,
            output,
            force,
        } => {
            let as_of = as_of.unwrap_or(actor.today);
            let records =
                with(store, Mode::Read, |tx| tx.records()).map_err(|e| reg_err_in(e, lang))?;
            let notices = register::remind::notices(&records, as_of);
            std::fs::create_dir_all(&output)
                .with_context(|| format!("cannot create {}", output.display()))?;
            let xlsx_path = output.join(lang.pick("overdue-notices.xlsx", "纠正措施逾期通知.xlsx"));
            let docx_path = output.join(crate::report::docx::Kind::OverdueNotices.file_name(lang));
            let mut wb = register::remind::workbook(&notices, as_of, lang)
                .context("cannot build the notices workbook")?;
            crate::xlsx::save(&mut wb, &xlsx_path, force)?;
            let items = register::remind::docx_items(&notices, as_of, lang);
            let bytes = crate::report::docx::overdue_notices(items, lang, as_of)?;
            crate::output::write_atomic(&docx_path, &bytes, force).map_err(|e| {
                let hint = e.hint().unwrap_or("choose another output folder");
                Hinted::new(e.to_string(), hint)
            })?;
            let overdue: usize = notices.iter().map(|n| n.actions.len()).sum();
            printer::note(
                g.quiet,
                &printer::say(
                    printer::M.wrote_notices,
                    lang,
                    &[
                        ("dir", &output.display()),
                        ("departments", &notices.len()),
                        ("n", &overdue),
                        ("date", &as_of),
                    ],
                ),
            );
            Ok(Status::Clean)
        }
        ActionsCommand::Import { file, dry_run } => {
            import(store, &file, dry_run, &actor, g.quiet, lang)
        }
    }
}

/// Expand folders to the result.json files below them, then read each; bad files become
/// diagnostics and the others go on.
fn read_results(files: &[PathBuf]) -> (Vec<SyncInput>, Vec<Diagnostic>) {
    let mut paths = Vec::new();
    for f in files {
        if f.is_dir() {
            let mut found: Vec<PathBuf> = walkdir::WalkDir::new(f)
                .into_iter()
                .filter_map(Result::ok)
                .filter(|e| e.file_type().is_file() && e.file_name() == "result.json")
                .map(|e| e.into_path())
                .collect();
            found.sort();
            paths.extend(found);
        } else {
            paths.push(f.clone());
        }
    }
    let mut inputs = Vec::new();
    let mut diags = Vec::new();
    for p in paths {
        match workflow::load_result(&p) {
            Ok(result) => inputs.push(SyncInput {
                source: p.display().to_string(),
                result,
            }),
            Err(d) => diags.push(*d),
        }
    }
    (inputs, diags)
}

/// Resolve `id`, apply `f` to its record, save the difference as history; one transaction.
fn transition(
    store: &mut dyn Store,
    id: &str,
    actor: &Actor,
    quiet: bool,
    lang: Lang,
    f: impl FnOnce(&Record, &register::Policy) -> Result<(register::Action, String), RegisterError>,
) -> anyhow::Result<Status> {
    let (before, after) = with(store, Mode::Write, |tx| {
        let r = workflow::resolve(tx, id)?;
        let policy = tx.policy()?;
        let (next, note) = f(&r, &policy)?;
        let saved = workflow::save(tx, &r.action, next, actor, &note)?;
        Ok((r.action, saved))
    })
    .map_err(|e| reg_err_in(e, lang))?;
    if !quiet {
        let status = |s: ActionStatus| lang.pick(s.key(), s.label_zh());
        if before.revision == after.revision {
            printer::errln(&printer::say(
                printer::M.nothing_changed,
                lang,
                &[("id", &after.id)],
            ));
        } else {
            printer::errln(&printer::say(
                printer::M.transition,
                lang,
                &[
                    ("id", &after.id),
                    ("from", &status(before.status)),
                    ("to", &status(after.status)),
                    ("rev", &after.revision),
                    ("due", &after.due),
                ],
            ));
        }
    }
    Ok(Status::Clean)
}

fn import(
    store: &mut dyn Store,
    file: &Path,
    dry_run: bool,
    actor: &Actor,
    quiet: bool,
    lang: Lang,
) -> anyhow::Result<Status> {
    let (rows, mut diags) = tracker::read(file);
    let mode = if dry_run { Mode::DryRun } else { Mode::Write };
    let rep = with(store, mode, |tx| workflow::import(tx, &rows, actor))
        .map_err(|e| reg_err_in(e, lang))?;
    diags.extend(rep.diagnostics.iter().cloned());
    printer::diagnostics(&diags, lang);
    for c in &rep.conflicts {
        printer::errln(&printer::say(
            printer::M.import_conflict,
            lang,
            &[
                ("file", &file.display()),
                ("row", &c.row),
                ("id", &c.id),
                ("trev", &c.tracker_revision),
                ("rrev", &c.register_revision),
                ("fields", &c.fields.join(", ")),
            ],
        ));
    }
    let mut out = String::new();
    let verb = if dry_run {
        printer::M.would_apply
    } else {
        printer::M.applied
    };
    for (id, fields) in &rep.applied {
        let _ = writeln!(
            out,
            "{} {id}: {}",
            crate::report::pick(verb, lang),
            fields.join(", ")
        );
    }
    printer::out(&out)?;
    if !quiet {
        let dry = if dry_run {
            crate::report::pick(printer::M.dry_run, lang)
        } else {
            ""
        };
        printer::errln(&printer::say(
            printer::M.import_summary,
            lang,
            &[
                ("dry", &dry),
                ("applied", &rep.applied.len()),
                ("unchanged", &rep.unchanged),
                ("conflicts", &rep.conflicts.len()),
                ("errors", &diags.iter().filter(|d| d.is_error()).count()),
            ],
        ));
    }
    if !rep.conflicts.is_empty() || diags.iter().any(Diagnostic::is_error) {
        if !quiet && !rep.conflicts.is_empty() {
            printer::errln(crate::report::pick(printer::M.import_hint, lang));
        }
        return Ok(Status::HadErrors);
    }
    Ok(Status::Clean)
}

#[derive(Serialize)]
struct RecordJson<'a> {
    #[serde(flatten)]
    action: &'a register::Action,
    finding: &'a register::FindingRecord,
    days_overdue: Option<i64>,
}

fn record_json(r: &Record, today: Date) -> RecordJson<'_> {
    RecordJson {
        action: &r.action,
        finding: &r.finding,
        days_overdue: days_overdue(&r.action, today),
    }
}

/// `actions migrate`: the whole register copied into a new one and compared, counts printed.
fn migrate(
    from: &Path,
    to: &Path,
    dry_run: bool,
    quiet: bool,
    lang: Lang,
) -> anyhow::Result<Status> {
    let same = from == to
        || register::postgres_url(from).is_none()
            && register::postgres_url(to).is_none()
            && from
                .canonicalize()
                .ok()
                .is_some_and(|f| to.canonicalize().ok() == Some(f));
    if same {
        return Err(Hinted::new(
            format!(
                "--from and --to are the same register ({})",
                register::display_spec(from)
            ),
            "name a new SQLite file or an empty PostgreSQL database with --to",
        )
        .into());
    }
    // A SQLite target must be a new file: copying into an existing register is refused before
    // it is opened (and so migrated or changed).
    if register::postgres_url(to).is_none() && to.exists() {
        return Err(Hinted::new(
            format!("{}: already exists", to.display()),
            "name a new file with --to",
        )
        .into());
    }
    let mut src = register::open_read(from).map_err(|e| reg_err_in(e, lang))?;
    let mut dst = register::open(to, true).map_err(|e| reg_err_in(e, lang))?;
    let copied = register::transfer::copy(src.as_mut(), dst.as_mut(), dry_run);
    drop(dst);
    let copied = match copied {
        Ok(c) => c,
        Err(e) => {
            // A SQLite file this command created and could not fill is not left behind.
            if register::postgres_url(to).is_none() {
                for suffix in ["", "-wal", "-shm"] {
                    let mut p = to.as_os_str().to_owned();
                    p.push(suffix);
                    let _ = std::fs::remove_file(p);
                }
            }
            return Err(reg_err_in(e, lang));
        }
    };
    printer::note(
        quiet,
        &printer::say(
            printer::M.migrated,
            lang,
            &[
                (
                    "dry",
                    &if dry_run {
                        printer::say(printer::M.dry_run, lang, &[])
                    } else {
                        String::new()
                    },
                ),
                ("from", &register::display_spec(from)),
                ("to", &register::display_spec(to)),
                ("audits", &copied.audits),
                ("findings", &copied.findings),
                ("actions", &copied.actions),
                ("events", &copied.events),
            ],
        ),
    );
    Ok(Status::Clean)
}
