//! Auditor independence (ISO 9001 9.2.2 c): every department's auditors, as the checklist
//! rows name them, checked against the programme's auditors (the plan's `[programme] path`,
//! else `programme.toml` beside the plan). `audit` and `report --plan` warn of each auditor
//! on a department they work in or may not audit.

use super::{Hinted, printer};
use crate::catalog::Catalog;
use crate::model::{AuditResult, Lang};
use crate::plan::Plan;
use crate::programme::{Conflict, Programme};

/// Warn of every conflict in `results`; true when a programme the plan names could not be
/// read (said as an error).
pub fn warn(plan: &Plan, catalog: &Catalog, results: &[&AuditResult], lang: Lang) -> bool {
    let beside = plan
        .file
        .parent()
        .map(|d| d.join("programme.toml"))
        .filter(|p| p.is_file());
    let Some(path) = plan.programme.clone().or(beside) else {
        return false;
    };
    let programme = match Programme::load(&path, catalog) {
        Ok(p) => p,
        Err(e) => {
            printer::error(
                &Hinted::new(
                    e.text(),
                    printer::say(printer::M.programme_fix_hint, lang, &[]),
                )
                .into(),
                lang,
            );
            return true;
        }
    };
    let shown = path.display().to_string();
    let mut lines = String::new();
    for r in results {
        let office = &r.audit.office_code;
        for b in programme.independence(office, &r.figures.by_department) {
            let key = match b.conflict {
                Some(Conflict::Own) => printer::M.independence_own,
                Some(Conflict::Barred) => printer::M.independence_barred,
                None => printer::M.independence_unknown,
            };
            lines.push_str(&printer::say(
                key,
                lang,
                &[
                    ("office", office),
                    ("auditor", &b.auditor),
                    ("department", &b.department),
                    ("programme", &shown),
                ],
            ));
            lines.push('\n');
        }
    }
    printer::err(&lines);
    false
}
