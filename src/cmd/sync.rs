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
    let mut warnings = String::new();
    for c in &rep.changed {
        let fields: Vec<&str> = c.fields.iter().map(|f| f.0.as_str()).collect();
        warnings.push_str(&format!(
            "warning: {}: {}: wording changed since the last sync ({}); the action was left as it is\n",
            c.source,
            c.id,
            fields.join(", ")
        ));
    }
    for m in &rep.missing {
        warnings.push_str(&format!(
            "warning: {m}: no longer in its audit's result; kept in the register\n"
        ));
    }
    printer::err(&warnings);
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
