//! `isoaudit actions sync|policy|list|show|update|implement|verify|close|cancel|stats|export|import`
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
//!
//! `--register DB` (or ISOAUDIT_REGISTER) picks the register, `--by NAME` who acts (default: the
//! OS user), `--today YYYY-MM-DD` the date (default: the system date — the one place the clock is
//! read). Each command is one transaction.

use super::{Hinted, print_out};
use crate::Status;
use crate::cli::{ActionsArgs, ActionsCommand, GlobalArgs, PolicyArgs};
use crate::model::{ClauseId, Diagnostic, Lang};
use crate::register::workflow::{
    self, Edit, Filter, PolicyOverride, SyncInput, Verification, days_overdue,
};
use crate::register::{
    self, ActionStatus, Actor, Date, Event, Mode, Record, RegisterError, Store, Verdict, stats,
    tracker, with,
};
use crate::xlsx::display_width;
use anyhow::Context;
use serde::Serialize;
use std::fmt::Write;
use std::path::{Path, PathBuf};

pub(crate) fn reg_err(e: RegisterError) -> anyhow::Error {
    match e.hint() {
        Some(hint) => Hinted {
            message: e.to_string(),
            hint,
        }
        .into(),
        None => anyhow::Error::new(e),
    }
}

fn parse_date(s: &str, what: &str) -> anyhow::Result<Date> {
    s.parse::<Date>().map_err(|e| {
        Hinted {
            message: format!("{what}: {e}"),
            hint: "write dates as YYYY-MM-DD".into(),
        }
        .into()
    })
}

fn days_or_off(s: &Option<String>, what: &str) -> anyhow::Result<Option<Option<u32>>> {
    match s.as_deref().map(str::trim) {
        None => Ok(None),
        Some("off") | Some("none") => Ok(Some(None)),
        Some(v) => v.parse::<u32>().map(|d| Some(Some(d))).map_err(|_| {
            Hinted {
                message: format!("--{what} {v}: expected a number of days or `off`"),
                hint: format!("e.g. --{what} 90, or --{what} off to stop tracking"),
            }
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
            return Err(Hinted {
                message: format!("--{what} {d}: more than {MAX_POLICY_DAYS} days (ten years)"),
                hint: format!("give the days allowed to implement an action, e.g. --{what} 60"),
            }
            .into());
        }
    }
    Ok(o)
}

/// Who acts: `--by`, else the OS user.
pub(crate) fn who(by: &Option<String>) -> String {
    by.clone()
        .filter(|s| !s.trim().is_empty())
        .or_else(|| std::env::var("USER").ok().filter(|s| !s.is_empty()))
        .or_else(|| std::env::var("USERNAME").ok().filter(|s| !s.is_empty()))
        .unwrap_or_else(|| "unknown".into())
}

/// `--today`, else the system date (UTC). The only place the register's dates meet the clock.
pub(crate) fn today(t: &Option<String>) -> anyhow::Result<Date> {
    match t {
        Some(s) => parse_date(s, "--today"),
        None => {
            let secs = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_secs() as i64)
                .unwrap_or(0);
            Ok(Date::from_unix_seconds(secs))
        }
    }
}

pub fn run(g: &GlobalArgs, a: ActionsArgs) -> anyhow::Result<Status> {
    let lang = g.lang();
    let actor = Actor {
        by: who(&a.by),
        today: today(&a.today)?,
    };
    let path = a.register.clone();
    let creates = matches!(
        a.command,
        ActionsCommand::Sync { .. } | ActionsCommand::Policy { .. }
    );
    // Parse the inputs before opening the register, so a bad argument changes nothing.
    if let ActionsCommand::Sync { files, policy } = &a.command {
        let o = policy_override(policy)?;
        let (inputs, diags) = read_results(files);
        let mut store = register::open(&path, creates).map_err(reg_err)?;
        return sync(store.as_mut(), &inputs, diags, &o, &actor, g.quiet);
    }
    // What only reads opens the register read-only: nothing in it changes, and a register on
    // read-only media or without write permission can still be listed and exported. An export
    // over the register itself is refused before anything is opened.
    if let ActionsCommand::Export { output, force } = &a.command {
        crate::output::refuse_inputs(output, &[(path.as_path(), "the register")])
            .and_then(|()| crate::output::check_new(output, *force))
            .map_err(|e| Hinted {
                message: e.to_string(),
                hint: e.hint().unwrap_or("choose another output name").to_string(),
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
    .map_err(reg_err)?;
    let store = store.as_mut();
    match a.command {
        ActionsCommand::Sync { .. } => unreachable!("handled above"),
        ActionsCommand::Policy { policy, json } => {
            let o = policy_override(&policy)?;
            let p = with(store, Mode::Write, |tx| {
                workflow::set_policy(tx, &o, &actor)
            })
            .map_err(reg_err)?;
            if json {
                print_out(&(serde_json::to_string_pretty(&p)? + "\n"))?;
            } else {
                let off = |d: Option<u32>| d.map_or_else(|| "off".into(), |d| format!("{d} days"));
                print_out(&format!(
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
                .map_err(|e| Hinted {
                    message: e,
                    hint: "e.g. --status open,planned".into(),
                })?;
            let clause = clause
                .map(|c| c.parse::<ClauseId>())
                .transpose()
                .map_err(|e| Hinted {
                    message: e.to_string(),
                    hint: "e.g. --clause 7.5".into(),
                })?;
            let filter = Filter {
                status,
                overdue,
                office,
                clause,
                owner,
                audit,
            };
            let records = with(store, Mode::Read, |tx| tx.records()).map_err(reg_err)?;
            let shown: Vec<&Record> = records
                .iter()
                .filter(|r| filter.matches(r, actor.today))
                .collect();
            if json {
                let v: Vec<RecordJson> =
                    shown.iter().map(|r| record_json(r, actor.today)).collect();
                print_out(&(serde_json::to_string_pretty(&v)? + "\n"))?;
            } else {
                print_out(&list_text(&shown, actor.today, lang))?;
            }
            Ok(Status::Clean)
        }
        ActionsCommand::Show { id, json } => {
            let (r, history) = with(store, Mode::Read, |tx| {
                let r = workflow::resolve(tx, &id)?;
                let h = tx.events(Some(&r.action.id))?;
                Ok((r, h))
            })
            .map_err(reg_err)?;
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
                print_out(&(serde_json::to_string_pretty(&v)? + "\n"))?;
            } else {
                print_out(&show_text(&r, &history, actor.today, lang))?;
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
            let due = due.map(|d| parse_date(&d, "--due")).transpose()?;
            let edit = Edit {
                owner,
                due,
                correction,
                root_cause,
                corrective_action: action,
                implementation_note: None,
            };
            if edit == Edit::default() {
                return Err(Hinted {
                    message: "nothing to update".into(),
                    hint: "give --owner, --due, --correction, --root-cause or --action".into(),
                }
                .into());
            }
            transition(store, &id, &actor, g.quiet, |r, _| {
                workflow::apply_edit(&r.action, &edit).map(|a| (a, note.clone()))
            })
        }
        ActionsCommand::Implement { id, note } => {
            transition(store, &id, &actor, g.quiet, |r, _| {
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
            let new_due = due.map(|d| parse_date(&d, "--due")).transpose()?;
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
            transition(store, &id, &actor, g.quiet, |r, policy| {
                let note = match v.verdict {
                    Verdict::Effective => "verified effective".to_string(),
                    Verdict::Ineffective => {
                        "verified ineffective: reopened, root cause and corrective action to be written again".to_string()
                    }
                };
                workflow::apply_verify(r, &v, policy, &actor).map(|a| (a, note))
            })
        }
        ActionsCommand::Close { id, note } => transition(store, &id, &actor, g.quiet, |r, _| {
            workflow::apply_close(&r.action, actor.today).map(|a| (a, note.clone()))
        }),
        ActionsCommand::Cancel { id, reason } => transition(store, &id, &actor, g.quiet, |r, _| {
            workflow::apply_cancel(&r.action, &reason).map(|a| (a, String::new()))
        }),
        ActionsCommand::Stats { json } => {
            let (records, audits) =
                with(store, Mode::Read, |tx| Ok((tx.records()?, tx.audits()?))).map_err(reg_err)?;
            let s = stats::compute(&records, &audits, actor.today);
            if json {
                print_out(&(serde_json::to_string_pretty(&s)? + "\n"))?;
            } else {
                print_out(&stats_text(&s, lang))?;
            }
            Ok(Status::Clean)
        }
        ActionsCommand::Export { output, force } => {
            let (records, audits) =
                with(store, Mode::Read, |tx| Ok((tx.records()?, tx.audits()?))).map_err(reg_err)?;
            let s = stats::compute(&records, &audits, actor.today);
            let mut wb = tracker::export(&records, &s, actor.today)
                .context("cannot build the tracker workbook")?;
            crate::xlsx::save(&mut wb, &output, force)?;
            let n = records
                .iter()
                .filter(|r| !r.action.status.is_final())
                .count();
            if !g.quiet {
                eprintln!("wrote {}: {n} open action(s)", output.display());
            }
            Ok(Status::Clean)
        }
        ActionsCommand::Import { file, dry_run } => import(store, &file, dry_run, &actor, g.quiet),
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

fn sync(
    store: &mut dyn Store,
    inputs: &[SyncInput],
    mut diags: Vec<Diagnostic>,
    o: &PolicyOverride,
    actor: &Actor,
    quiet: bool,
) -> anyhow::Result<Status> {
    let rep = with(store, Mode::Write, |tx| {
        workflow::sync(tx, inputs, o, actor)
    })
    .map_err(reg_err)?;
    diags.extend(rep.diagnostics.iter().cloned());
    for d in &diags {
        eprintln!("{d}");
    }
    print_sync_changes(&rep);
    if !quiet {
        eprintln!(
            "synced {} file(s): {} action(s) raised, {} finding(s) unchanged, {} wording changed, {} not tracked by the policy",
            inputs.len(),
            rep.added.len(),
            rep.unchanged,
            rep.changed.len(),
            rep.untracked
        );
    }
    Ok(if diags.iter().any(Diagnostic::is_error) {
        Status::HadErrors
    } else {
        Status::Clean
    })
}

/// The warnings of a sync that are not diagnostics: changed wording, clause or grade, other
/// display numbers, due dates counted again, findings no longer listed. Shared with `audit`.
pub(crate) fn print_sync_changes(rep: &workflow::SyncReport) {
    let mut s = String::new();
    for c in &rep.changed {
        let fields: Vec<&str> = c.fields.iter().map(|f| f.0.as_str()).collect();
        let _ = writeln!(
            s,
            "warning: {}: {}: wording changed since the last sync ({}); the action was left as it is",
            c.source,
            c.id,
            fields.join(", ")
        );
        for (field, old, new) in &c.fields {
            if field == "clause" || field == "grade" {
                let _ = writeln!(
                    s,
                    "warning: {}: {}: the same finding now has {field} {new} (was {old}); recorded in its history",
                    c.source, c.id
                );
            }
        }
    }
    for (id, old, new) in &rep.due_changed {
        let _ = writeln!(
            s,
            "warning: {id}: grade or date changed: due date counted again, {old} → {new}"
        );
    }
    for r in &rep.relabelled {
        let _ = writeln!(
            s,
            "note: {}: the finding shown as {} is {} in the register; its action keeps that id",
            r.source, r.shown_as, r.id
        );
    }
    for m in &rep.missing {
        let _ = writeln!(
            s,
            "warning: {m}: no longer in its audit's result; kept in the register"
        );
    }
    eprint!("{s}");
}

/// Resolve `id`, apply `f` to its record, save the difference as history; one transaction.
fn transition(
    store: &mut dyn Store,
    id: &str,
    actor: &Actor,
    quiet: bool,
    f: impl FnOnce(&Record, &register::Policy) -> Result<(register::Action, String), RegisterError>,
) -> anyhow::Result<Status> {
    let (before, after) = with(store, Mode::Write, |tx| {
        let r = workflow::resolve(tx, id)?;
        let policy = tx.policy()?;
        let (next, note) = f(&r, &policy)?;
        let saved = workflow::save(tx, &r.action, next, actor, &note)?;
        Ok((r.action, saved))
    })
    .map_err(reg_err)?;
    if !quiet {
        if before.revision == after.revision {
            eprintln!("{}: nothing changed", after.id);
        } else {
            eprintln!(
                "{}: {} → {} (revision {}), due {}",
                after.id, before.status, after.status, after.revision, after.due
            );
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
) -> anyhow::Result<Status> {
    let (rows, mut diags) = tracker::read(file);
    let mode = if dry_run { Mode::DryRun } else { Mode::Write };
    let rep = with(store, mode, |tx| workflow::import(tx, &rows, actor)).map_err(reg_err)?;
    diags.extend(rep.diagnostics.iter().cloned());
    for d in &diags {
        eprintln!("{d}");
    }
    for c in &rep.conflicts {
        eprintln!(
            "error: {}: row {}: {}: changed in the register since the export (tracker revision {}, register revision {}); not applied: {}",
            file.display(),
            c.row,
            c.id,
            c.tracker_revision,
            c.register_revision,
            c.fields.join(", ")
        );
    }
    let mut out = String::new();
    for (id, fields) in &rep.applied {
        let _ = writeln!(
            out,
            "{} {id}: {}",
            if dry_run { "would apply" } else { "applied" },
            fields.join(", ")
        );
    }
    print_out(&out)?;
    if !quiet {
        eprintln!(
            "{}{} row(s) applied, {} unchanged, {} conflict(s), {} error(s)",
            if dry_run {
                "dry run, nothing changed: "
            } else {
                ""
            },
            rep.applied.len(),
            rep.unchanged,
            rep.conflicts.len(),
            diags.iter().filter(|d| d.is_error()).count()
        );
    }
    if !rep.conflicts.is_empty() || diags.iter().any(Diagnostic::is_error) {
        if !quiet && !rep.conflicts.is_empty() {
            eprintln!(
                "hint: export a fresh tracker (`isoaudit actions export`) and re-enter the conflicting rows there"
            );
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

fn pad(s: &str, w: usize) -> String {
    let n = display_width(s);
    format!("{s}{}", " ".repeat(w.saturating_sub(n) + 2))
}

fn status_label(s: ActionStatus, lang: Lang) -> &'static str {
    lang.pick(s.key(), s.label_zh())
}

fn list_text(rs: &[&Record], today: Date, lang: Lang) -> String {
    let head = [
        lang.pick("id", "编号"),
        lang.pick("status", "状态"),
        lang.pick("grade", "等级"),
        lang.pick("clause", "条款"),
        lang.pick("office", "单位"),
        lang.pick("owner", "责任人"),
        lang.pick("due", "期限"),
        lang.pick("overdue", "逾期"),
    ];
    let rows: Vec<[String; 8]> = rs
        .iter()
        .map(|r| {
            [
                r.action.id.clone(),
                status_label(r.action.status, lang).to_string(),
                r.finding.grade.label(lang).to_string(),
                r.finding.clause.clone(),
                r.finding.office_code.clone(),
                r.action.owner.clone(),
                r.action.due.to_string(),
                days_overdue(&r.action, today)
                    .map(|d| format!("{d}d"))
                    .unwrap_or_default(),
            ]
        })
        .collect();
    let mut widths: Vec<usize> = head.iter().map(|h| display_width(h)).collect();
    for r in &rows {
        for (i, c) in r.iter().enumerate() {
            widths[i] = widths[i].max(display_width(c));
        }
    }
    let mut s = String::new();
    let line = |cells: Vec<&str>| {
        let mut l: String = cells
            .iter()
            .enumerate()
            .map(|(i, c)| pad(c, widths[i]))
            .collect();
        l.truncate(l.trim_end().len());
        l + "\n"
    };
    s.push_str(&line(head.to_vec()));
    for r in &rows {
        s.push_str(&line(r.iter().map(String::as_str).collect()));
    }
    let _ = writeln!(s, "{} {}", rows.len(), lang.pick("action(s)", "项措施"));
    s
}

fn show_text(r: &Record, history: &[Event], today: Date, lang: Lang) -> String {
    let (a, f) = (&r.action, &r.finding);
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{}  [{}]  {} {}",
        a.id,
        status_label(a.status, lang),
        lang.pick("revision", "版本"),
        a.revision
    );
    let _ = writeln!(
        s,
        "{}: {}, {} {}, {} {} ({}), {} {}",
        lang.pick("Finding", "不符合项"),
        f.grade.label(lang),
        lang.pick("clause", "条款"),
        f.clause,
        lang.pick("office", "单位"),
        f.office_code,
        f.department,
        lang.pick("raised", "提出"),
        f.raised
    );
    let _ = writeln!(
        s,
        "  {}: {}",
        lang.pick("Statement", "不符合描述"),
        f.statement
    );
    let _ = writeln!(s, "  {}: {}", lang.pick("Evidence", "客观证据"), f.evidence);
    if !f.procedure.is_empty() {
        let _ = writeln!(
            s,
            "  {}: {}",
            lang.pick("Procedure", "程序文件"),
            f.procedure
        );
    }
    let _ = writeln!(s, "  {}: {}", lang.pick("Source", "来源"), f.source);
    let late = days_overdue(a, today)
        .map(|d| {
            format!(
                " ({} {d} {})",
                lang.pick("overdue by", "已逾期"),
                lang.pick("days", "天")
            )
        })
        .unwrap_or_default();
    let _ = writeln!(s, "{}: {}", lang.pick("Owner", "责任人"), a.owner);
    let _ = writeln!(s, "{}: {}{late}", lang.pick("Due", "完成期限"), a.due);
    let _ = writeln!(s, "{}: {}", lang.pick("Correction", "纠正"), a.correction);
    let _ = writeln!(
        s,
        "{}: {}",
        lang.pick("Root cause", "原因分析"),
        a.root_cause
    );
    let _ = writeln!(
        s,
        "{}: {}",
        lang.pick("Corrective action", "纠正措施"),
        a.corrective_action
    );
    if let Some(d) = a.implemented_on {
        let _ = writeln!(
            s,
            "{}: {d} {}",
            lang.pick("Implemented", "实施"),
            a.implementation_note
        );
    }
    if let (Some(d), Some(v)) = (a.verified_on, a.verdict) {
        let _ = writeln!(
            s,
            "{}: {} {d} {} ({}: {}) {}",
            lang.pick("Verification", "有效性验证"),
            v.key(),
            a.verified_by,
            lang.pick("method", "方法"),
            a.verification_method,
            a.verification_note
        );
    }
    if a.ineffective_count > 0 {
        let _ = writeln!(
            s,
            "{}: {}",
            lang.pick("Found ineffective", "验证无效次数"),
            a.ineffective_count
        );
    }
    if let Some(d) = a.closed_on {
        let _ = writeln!(s, "{}: {d}", lang.pick("Closed", "关闭"));
    }
    if !a.cancel_reason.is_empty() {
        let _ = writeln!(
            s,
            "{}: {}",
            lang.pick("Cancelled", "取消原因"),
            a.cancel_reason
        );
    }
    let _ = writeln!(s, "{}:", lang.pick("History", "历史记录"));
    for e in history {
        let _ = writeln!(
            s,
            "  {}  {}  {}: {} → {}{}",
            e.at,
            e.by,
            e.field,
            e.old.as_deref().unwrap_or("—"),
            e.new.as_deref().unwrap_or("—"),
            if e.note.is_empty() {
                String::new()
            } else {
                format!("  ({})", e.note)
            }
        );
    }
    s
}

fn stats_text(st: &stats::Stats, lang: Lang) -> String {
    let groups: Vec<&stats::Figures> = std::iter::once(&st.overall).chain(&st.offices).collect();
    type Row = (&'static str, &'static str, fn(&stats::Figures) -> String);
    let rows: [Row; 13] = [
        ("open", "未关闭", |f| f.open.to_string()),
        ("overdue", "逾期", |f| f.overdue.to_string()),
        ("overdue %", "逾期率 %", |f| {
            f.overdue_pct.map_or("—".into(), |v| v.to_string())
        }),
        ("age 0-30 d", "账龄 0-30 天", |f| {
            f.ageing.d0_30.to_string()
        }),
        ("age 31-60 d", "账龄 31-60 天", |f| {
            f.ageing.d31_60.to_string()
        }),
        ("age 61-90 d", "账龄 61-90 天", |f| {
            f.ageing.d61_90.to_string()
        }),
        ("age >90 d", "账龄 >90 天", |f| {
            f.ageing.over_90.to_string()
        }),
        ("closed", "已关闭", |f| f.closed.to_string()),
        ("mean days to close", "平均关闭天数", |f| {
            f.mean_days_to_close.map_or("—".into(), |v| v.to_string())
        }),
        ("on-time closure %", "按期关闭率 %", |f| {
            f.on_time_pct.map_or("—".into(), |v| v.to_string())
        }),
        ("effectiveness %", "有效率 %", |f| {
            f.effectiveness_pct.map_or("—".into(), |v| v.to_string())
        }),
        ("repeat findings", "重复发生", |f| {
            f.repeat_findings.to_string()
        }),
        ("cancelled", "已取消", |f| f.cancelled.to_string()),
    ];
    let mut s = String::new();
    let _ = writeln!(s, "{} {}", lang.pick("As of", "统计日期"), st.today);
    let first = rows
        .iter()
        .map(|r| display_width(lang.pick(r.0, r.1)))
        .max()
        .unwrap_or(0);
    let mut header = pad("", first);
    for g in &groups {
        header.push_str(&pad(
            if g.key == "all" {
                lang.pick("all", "全部")
            } else {
                &g.key
            },
            10,
        ));
    }
    let _ = writeln!(s, "{}", header.trim_end());
    for (en, zh, get) in rows.iter() {
        let mut l = pad(lang.pick(en, zh), first);
        for g in &groups {
            l.push_str(&pad(&get(g), 10));
        }
        let _ = writeln!(s, "{}", l.trim_end());
    }
    for r in &st.repeats {
        let _ = writeln!(
            s,
            "{} {} ({} {}, {} {})",
            lang.pick("repeat:", "重复:"),
            r.finding,
            lang.pick("earlier", "此前"),
            r.earlier,
            lang.pick("clause", "条款"),
            r.clause
        );
    }
    s
}
