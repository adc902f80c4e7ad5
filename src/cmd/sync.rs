//! Raising corrective actions from audit results, shared by `isoaudit actions sync` and
//! `isoaudit audit --register`: the same transaction, the same messages, the same exit status
//! either way.

use super::printer;
use crate::Status;
use crate::model::{Diagnostic, Lang};
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
    lang: Lang,
) -> anyhow::Result<Status> {
    let rep = with(store, Mode::Write, |tx| {
        workflow::sync(tx, inputs, o, actor)
    })
    .map_err(|e| super::reg_err_in(e, lang))?;
    diags.extend(rep.diagnostics.iter().cloned());
    printer::diagnostics(&diags, lang);
    printer::err(&sync_changes(&rep, lang));
    printer::note(
        quiet,
        &printer::say(
            printer::M.sync_summary,
            lang,
            &[
                ("files", &inputs.len()),
                ("added", &rep.added.len()),
                ("unchanged", &rep.unchanged),
                ("changed", &rep.changed.len()),
                ("untracked", &rep.untracked),
            ],
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
fn sync_changes(rep: &workflow::SyncReport, lang: Lang) -> String {
    let mut s = String::new();
    let mut line = |l: String| {
        s.push_str(&l);
        s.push('\n');
    };
    for c in &rep.changed {
        let fields: Vec<&str> = c.fields.iter().map(|f| f.0.as_str()).collect();
        line(printer::say(
            printer::M.sync_wording,
            lang,
            &[
                ("source", &c.source),
                ("id", &c.id),
                ("fields", &fields.join(", ")),
            ],
        ));
        for (field, old, new) in &c.fields {
            if field == "clause" || field == "grade" {
                line(printer::say(
                    printer::M.sync_field,
                    lang,
                    &[
                        ("source", &c.source),
                        ("id", &c.id),
                        ("field", field),
                        ("new", new),
                        ("old", old),
                    ],
                ));
            }
        }
    }
    for (id, old, new) in &rep.due_changed {
        line(printer::say(
            printer::M.sync_due,
            lang,
            &[("id", id), ("old", old), ("new", new)],
        ));
    }
    for r in &rep.relabelled {
        line(printer::say(
            printer::M.sync_relabelled,
            lang,
            &[("source", &r.source), ("shown", &r.shown_as), ("id", &r.id)],
        ));
    }
    for m in &rep.missing {
        line(printer::say(printer::M.sync_missing, lang, &[("id", m)]));
    }
    s
}
