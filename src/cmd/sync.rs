//! Raising corrective actions from audit results, shared by `isoaudit actions sync` and
//! `isoaudit audit --register`: the same transaction, the same messages, the same exit status
//! either way.

use super::{printer, reg_err};
use crate::Status;
use crate::model::Diagnostic;
use crate::register::workflow::{self, PolicyOverride, SyncInput};
use crate::register::{Actor, Mode, Store, with};

/// Sync `inputs` into the register in one transaction and report on stderr; `diags` are the
/// problems met reading the inputs. Errors (from reading or from the sync) make the status
/// `HadErrors`.
pub(super) fn run(
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
    printer::diagnostics(&diags);
    printer::err(&sync_changes(&rep));
    printer::note(
        quiet,
        &format!(
            "synced {} file(s): {} action(s) raised, {} finding(s) unchanged, {} wording changed, {} not tracked by the policy",
            inputs.len(),
            rep.added.len(),
            rep.unchanged,
            rep.changed.len(),
            rep.untracked
        ),
    );
    Ok(if diags.iter().any(Diagnostic::is_error) {
        Status::HadErrors
    } else {
        Status::Clean
    })
}

/// The warnings of a sync that are not diagnostics: changed wording, clause or grade, other
/// display numbers, due dates counted again, findings no longer listed.
fn sync_changes(rep: &workflow::SyncReport) -> String {
    use std::fmt::Write;
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
    s
}
