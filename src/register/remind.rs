//! `actions remind`: one overdue notice per department with actions past their due date, for
//! offices that do not use the web pages. Grouping is here; the Word letter is
//! `report::docx::overdue_notices` (the same fill engine as the other forms), the workbook has a
//! sheet per department.

use super::workflow::days_overdue;
use super::{Date, Record, field_label};
use crate::model::Lang;
use crate::xlsx;
use rust_xlsxwriter::{Format, Workbook, XlsxError};
use std::collections::BTreeMap;

/// The overdue actions of one department of one office, most overdue first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub office: String,
    pub department: String,
    /// (action, days overdue)
    pub actions: Vec<(Record, i64)>,
}

/// The notices due on `as_of`, ordered by office then department.
pub fn notices(records: &[Record], as_of: Date) -> Vec<Notice> {
    let mut groups: BTreeMap<(String, String), Vec<(Record, i64)>> = BTreeMap::new();
    for r in records {
        if let Some(d) = days_overdue(&r.action, as_of) {
            let dept = r.finding.department.trim().to_string();
            groups
                .entry((r.finding.office_code.clone(), dept))
                .or_default()
                .push((r.clone(), d));
        }
    }
    groups
        .into_iter()
        .map(|((office, department), mut actions)| {
            actions.sort_by(|a, b| {
                b.1.cmp(&a.1)
                    .then_with(|| a.0.action.id.cmp(&b.0.action.id))
            });
            Notice {
                office,
                department,
                actions,
            }
        })
        .collect()
}

fn dept_name(n: &Notice, lang: Lang) -> String {
    if n.department.is_empty() {
        lang.pick("(no department)", "（未注明部门）").to_string()
    } else {
        n.department.clone()
    }
}

/// The values of the Word letter: one item per notice.
pub fn docx_items(ns: &[Notice], as_of: Date, lang: Lang) -> Vec<BTreeMap<String, String>> {
    ns.iter()
        .map(|n| {
            let lines: Vec<String> = n
                .actions
                .iter()
                .map(|(r, d)| {
                    format!(
                        "{}　{} {}　{} {}　{}",
                        r.action.id,
                        field_label("clause", lang),
                        r.finding.clause,
                        field_label("due", lang),
                        r.action.due,
                        lang.pick(&format!("{d} days late"), &format!("逾期 {d} 天")),
                    ) + &if r.action.owner.is_empty() {
                        String::new()
                    } else {
                        format!("　{} {}", field_label("owner", lang), r.action.owner)
                    } + "\n"
                        + &r.finding.statement
                })
                .collect();
            BTreeMap::from([
                ("office".to_string(), n.office.clone()),
                ("department".to_string(), dept_name(n, lang)),
                ("as_of".to_string(), as_of.to_string()),
                ("count".to_string(), n.actions.len().to_string()),
                ("actions".to_string(), lines.join("\n\n")),
            ])
        })
        .collect()
}

/// A sheet name from `office` and `department`: Excel's forbidden characters replaced, at most
/// 31 characters, unique in the workbook.
fn sheet_name(n: &Notice, lang: Lang, taken: &mut Vec<String>) -> String {
    let raw = format!("{} {}", n.office, dept_name(n, lang));
    let clean: String = raw
        .chars()
        .map(|c| {
            if matches!(c, '[' | ']' | ':' | '*' | '?' | '/' | '\\') || c.is_control() {
                '_'
            } else {
                c
            }
        })
        .collect();
    let clean = clean.trim_matches('\'').to_string();
    let mut k = 1;
    loop {
        let suffix = if k == 1 {
            String::new()
        } else {
            format!(" ({k})")
        };
        let keep = 31 - suffix.chars().count();
        let name: String = clean.chars().take(keep).collect::<String>() + &suffix;
        if !taken.iter().any(|t| t.eq_ignore_ascii_case(&name)) {
            taken.push(name.clone());
            return name;
        }
        k += 1;
    }
}

/// The workbook: a sheet per notice, one row per overdue action.
pub fn workbook(ns: &[Notice], as_of: Date, lang: Lang) -> Result<Workbook, XlsxError> {
    let mut wb = Workbook::new();
    let head = Format::new()
        .set_bold()
        .set_background_color(0xD9E1F2)
        .set_border(rust_xlsxwriter::FormatBorder::Thin);
    let body = Format::new()
        .set_text_wrap()
        .set_align(rust_xlsxwriter::FormatAlign::Top)
        .set_border(rust_xlsxwriter::FormatBorder::Thin);
    let late = body.clone().set_font_color(0xC00000).set_bold();
    let title_fmt = Format::new().set_bold().set_font_size(14);
    let mut taken = Vec::new();
    let cols = [
        lang.pick("Id", "编号"),
        field_label("clause", lang),
        field_label("grade", lang),
        field_label("statement", lang),
        field_label("owner", lang),
        field_label("due", lang),
        lang.pick("Days late", "逾期天数"),
        field_label("status", lang),
    ];
    for n in ns {
        let ws = wb.add_worksheet();
        ws.set_name(sheet_name(n, lang, &mut taken))?;
        let title = format!(
            "{} — {} {} — {}",
            lang.pick("Overdue corrective actions", "纠正措施逾期通知"),
            n.office,
            dept_name(n, lang),
            as_of
        );
        xlsx::text(ws, 0, 0, &title, &title_fmt)?;
        for (c, h) in cols.iter().enumerate() {
            xlsx::text(ws, 2, c as u16, h, &head)?;
        }
        let mut columns: Vec<Vec<String>> = cols.iter().map(|h| vec![h.to_string()]).collect();
        for (i, (r, d)) in n.actions.iter().enumerate() {
            let row = 3 + i as u32;
            let cells = [
                r.action.id.clone(),
                r.finding.clause.clone(),
                r.finding.grade.label(lang).to_string(),
                r.finding.statement.clone(),
                r.action.owner.clone(),
                r.action.due.to_string(),
                d.to_string(),
                lang.pick(r.action.status.key(), r.action.status.label_zh())
                    .to_string(),
            ];
            for (c, v) in cells.iter().enumerate() {
                let f = if c == 6 { &late } else { &body };
                if c == 6 {
                    ws.write_number_with_format(row, c as u16, *d as f64, f)?;
                } else {
                    xlsx::text(ws, row, c as u16, v, f)?;
                }
                columns[c].push(v.clone());
            }
        }
        let refs: Vec<Vec<&str>> = columns
            .iter()
            .map(|c| c.iter().map(String::as_str).collect())
            .collect();
        xlsx::fit_columns(ws, &refs, 8, 60);
        ws.set_freeze_panes(3, 0)?;
    }
    if ns.is_empty() {
        let ws = wb.add_worksheet();
        xlsx::text(
            ws,
            0,
            0,
            lang.pick("Nothing is overdue.", "没有逾期的纠正措施。"),
            &title_fmt,
        )?;
    }
    xlsx::fix_properties(
        &mut wb,
        lang.pick("Overdue corrective actions", "纠正措施逾期通知"),
        Some(as_of),
    );
    Ok(wb)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Outcome;
    use crate::register::{Action, ActionStatus, FindingRecord};

    fn rec(id: &str, office: &str, dept: &str, due: &str, status: ActionStatus) -> Record {
        let mut a = Action::new(id, due.parse().unwrap());
        a.status = status;
        Record {
            finding: FindingRecord {
                id: id.into(),
                key: None,
                audit_id: "A".into(),
                office_code: office.into(),
                clause: "7.5.3".into(),
                grade: Outcome::Minor,
                statement: "s".into(),
                evidence: "e".into(),
                department: dept.into(),
                auditor: "a".into(),
                procedure: String::new(),
                raised: "2026-01-01".parse().unwrap(),
                source: String::new(),
            },
            action: a,
        }
    }

    #[test]
    fn one_notice_per_department_with_overdue_actions() {
        let rs = vec![
            rec(
                "A-linhu-NC01",
                "linhu",
                "综合股",
                "2026-05-01",
                ActionStatus::Open,
            ),
            rec(
                "A-linhu-NC02",
                "linhu",
                "综合股 ",
                "2026-04-01",
                ActionStatus::Planned,
            ),
            rec(
                "A-linhu-NC03",
                "linhu",
                "行政许可股",
                "2026-05-01",
                ActionStatus::Implemented,
            ),
            rec(
                "A-linhu-NC04",
                "linhu",
                "行政许可股",
                "2026-07-01",
                ActionStatus::Open,
            ),
            rec(
                "A-anhe-NC01",
                "anhe",
                "综合股",
                "2026-05-31",
                ActionStatus::Open,
            ),
        ];
        let ns = notices(&rs, "2026-06-01".parse().unwrap());
        type Got<'a> = (&'a str, &'a str, Vec<(&'a str, i64)>);
        let got: Vec<Got> = ns
            .iter()
            .map(|n| {
                (
                    n.office.as_str(),
                    n.department.as_str(),
                    n.actions
                        .iter()
                        .map(|(r, d)| (r.action.id.as_str(), *d))
                        .collect(),
                )
            })
            .collect();
        assert_eq!(
            got,
            vec![
                ("anhe", "综合股", vec![("A-anhe-NC01", 1)]),
                (
                    "linhu",
                    "综合股",
                    vec![("A-linhu-NC02", 61), ("A-linhu-NC01", 31)]
                ),
            ]
        );
        let mut taken = vec![];
        let long = Notice {
            office: "x".into(),
            department: "a/b:c".repeat(10),
            actions: vec![],
        };
        let a = sheet_name(&long, Lang::Zh, &mut taken);
        let b = sheet_name(&long, Lang::Zh, &mut taken);
        assert_eq!(a.chars().count(), 31);
        assert!(!a.contains('/') && !a.contains(':'));
        assert!(b.ends_with(" (2)") && b.chars().count() <= 31);
    }
}
