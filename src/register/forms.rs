//! The 纠正措施报告 (corrective-action report) of actions in the register, as values for the
//! Word form (`report::docx`): what the register knows of each action, in the reader's language.

use super::{Event, Record, Verdict};
use crate::model::Lang;
use std::collections::BTreeMap;

/// One form's values per action: `id`, `clause`, `grade`, `department`, `statement`, `evidence`,
/// `auditor`, `raised`, `owner`, `due`, `status`, `correction`, `root_cause`, `action`,
/// `implemented`, `implementation_note`, `verified`, `verified_by`, `method`, `verdict`,
/// `history` (one line per change).
pub fn action_values(
    records: &[(Record, Vec<Event>)],
    lang: Lang,
) -> Vec<BTreeMap<String, String>> {
    records
        .iter()
        .map(|(r, events)| {
            let a = &r.action;
            let f = &r.finding;
            let date = |d: Option<crate::model::Date>| d.map(|d| d.to_string()).unwrap_or_default();
            let verdict = match a.verdict {
                Some(Verdict::Effective) => lang.pick("effective", "有效"),
                Some(Verdict::Ineffective) => lang.pick("not effective", "无效"),
                None => "",
            };
            let history: Vec<String> = events
                .iter()
                .map(|e| {
                    let v = |x: &String| super::value_label(&e.field, x, lang).into_owned();
                    let change = match (&e.old, &e.new) {
                        (Some(o), Some(n)) => format!("{} → {}", v(o), v(n)),
                        (None, Some(n)) => v(n),
                        (Some(o), None) => format!("{} →", v(o)),
                        (None, None) => String::new(),
                    };
                    let note = if e.note.is_empty() {
                        String::new()
                    } else {
                        format!(" ({})", e.note)
                    };
                    format!(
                        "{} {} {}: {change}{note}",
                        e.at,
                        e.by,
                        super::field_label(&e.field, lang)
                    )
                })
                .collect();
            BTreeMap::from(
                [
                    ("id", a.id.clone()),
                    ("clause", f.clause.clone()),
                    ("grade", f.grade.label(lang).to_string()),
                    ("department", f.department.clone()),
                    ("statement", f.statement.clone()),
                    ("evidence", f.evidence.clone()),
                    ("auditor", f.auditor.clone()),
                    ("raised", f.raised.to_string()),
                    ("owner", a.owner.clone()),
                    ("due", a.due.to_string()),
                    (
                        "status",
                        lang.pick(a.status.key(), a.status.label_zh()).to_string(),
                    ),
                    ("correction", a.correction.clone()),
                    ("root_cause", a.root_cause.clone()),
                    ("action", a.corrective_action.clone()),
                    ("implemented", date(a.implemented_on)),
                    ("implementation_note", a.implementation_note.clone()),
                    ("verified", date(a.verified_on)),
                    ("verified_by", a.verified_by.clone()),
                    ("method", a.verification_method.clone()),
                    ("verdict", verdict.to_string()),
                    ("history", history.join("\n")),
                ]
                .map(|(k, v)| (k.to_string(), v)),
            )
        })
        .collect()
}
