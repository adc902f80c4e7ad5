//! The Excel tracker departments answer in: one row per open action, the id and revision locked,
//! the fields a department fills in unlocked, a status dropdown, overdue rows coloured, a summary
//! sheet with the figures and a chart, and a hidden protected snapshot of what was exported so
//! reading it back can tell what the department changed.

use super::stats::{Figures, Stats};
use super::workflow::{TrackerRow, TrackerValues, days_overdue};
use super::{ActionStatus, Date, Record};
use crate::model::{Diagnostic, Location, Say, Text};
use crate::xlsx::{display_width, fit_columns, fit_widths, fix_properties, text};
use calamine::{Data, Reader};
use rust_xlsxwriter::{
    Chart, ChartType, Color, DataValidation, Format, FormatBorder, ProtectionOptions, Workbook,
    XlsxError,
};
use std::collections::BTreeMap;
use std::path::Path;

/// The sheet departments fill in.
pub const SHEET: &str = "纠正措施 Actions";
/// The figures and chart.
pub const SUMMARY: &str = "汇总 Summary";
/// The hidden copy of the exported values.
pub const SNAPSHOT: &str = "snapshot";

/// Columns of the actions sheet: key, header, unlocked (a department fills it in).
pub const COLUMNS: [(&str, &str, bool); 16] = [
    ("id", "编号 ID", false),
    ("revision", "版本 Revision", false),
    ("office", "单位 Office", false),
    ("clause", "条款 Clause", false),
    ("grade", "等级 Grade", false),
    ("department", "部门 Department", false),
    ("statement", "不符合描述 Nonconformity", false),
    ("raised", "提出日期 Raised", false),
    ("due", "完成期限 Due", false),
    ("overdue", "逾期天数 Days overdue", false),
    ("owner", "责任人 Owner", true),
    ("correction", "纠正 Correction", true),
    ("root_cause", "原因分析 Root cause", true),
    ("corrective_action", "纠正措施 Corrective action", true),
    ("status", "状态 Status", true),
    ("implementation_note", "实施情况 Implementation", true),
];

/// The snapshot sheet: id, revision and the editable fields as exported.
const SNAPSHOT_COLUMNS: [&str; 8] = [
    "id",
    "revision",
    "owner",
    "correction",
    "root_cause",
    "corrective_action",
    "status",
    "implementation_note",
];

/// Open actions above which the tracker's sheets stream their rows (low-memory mode).
const LARGE_TRACKER: usize = 10_000;

fn col(key: &str) -> u16 {
    COLUMNS
        .iter()
        .position(|c| c.0 == key)
        .expect("known column") as u16
}

/// Build the tracker of the open actions of `records` on `today`.
pub fn export(
    records: &[Record],
    stats: &Stats,
    today: Date,
    lang: crate::model::Lang,
) -> Result<Workbook, XlsxError> {
    // The grade and the status in the reader's language; reading back accepts either.
    let status_word = |s: ActionStatus| lang.pick(s.key(), s.label_zh());
    let mut wb = Workbook::new();
    fix_properties(
        &mut wb,
        "纠正措施跟踪表 Corrective-action tracker",
        Some(today),
    );
    let open: Vec<&Record> = records
        .iter()
        .filter(|r| !r.action.status.is_final())
        .collect();

    let header = Format::new()
        .set_bold()
        .set_background_color(Color::RGB(0xD9E1F2))
        .set_border(FormatBorder::Thin)
        .set_text_wrap();
    let locked = Format::new().set_text_wrap().set_border(FormatBorder::Thin);
    let unlocked = locked
        .clone()
        .set_unlocked()
        .set_background_color(Color::RGB(0xFFF9E5));
    let red = Color::RGB(0xF8CBAD);
    let locked_late = locked.clone().set_background_color(red);
    let unlocked_late = locked.clone().set_unlocked().set_background_color(red);

    // A large tracker streams its rows to a temp file instead of holding every cell: 100,000
    // open actions took 535 MB in memory. Rows are written in order, as that mode needs.
    let large = open.len() > LARGE_TRACKER;
    let ws = if large {
        wb.add_worksheet_with_low_memory()?
    } else {
        wb.add_worksheet()
    };
    let ws = ws.set_name(SHEET)?;
    for (i, (_, h, _)) in COLUMNS.iter().enumerate() {
        ws.write_string_with_format(0, i as u16, *h, &header)?;
    }
    // The widest text of each column, kept as the rows are written (a copy of every cell for
    // this was a sixth of the memory of exporting 100,000 actions).
    let mut widths: Vec<usize> = COLUMNS.iter().map(|c| display_width(c.1)).collect();
    for (i, r) in open.iter().enumerate() {
        let row = i as u32 + 1;
        let a = &r.action;
        let f = &r.finding;
        let late = days_overdue(a, today);
        let (lf, uf) = if late.is_some() {
            (&locked_late, &unlocked_late)
        } else {
            (&locked, &unlocked)
        };
        let cells: [(&str, String); 16] = [
            ("id", a.id.clone()),
            ("revision", String::new()),
            ("office", f.office_code.clone()),
            ("clause", f.clause.clone()),
            ("grade", f.grade.label(lang).to_string()),
            ("department", f.department.clone()),
            ("statement", f.statement.clone()),
            ("raised", f.raised.to_string()),
            ("due", a.due.to_string()),
            ("overdue", String::new()),
            ("owner", a.owner.clone()),
            ("correction", a.correction.clone()),
            ("root_cause", a.root_cause.clone()),
            ("corrective_action", a.corrective_action.clone()),
            ("status", status_word(a.status).to_string()),
            ("implementation_note", a.implementation_note.clone()),
        ];
        for (c, (key, value)) in cells.iter().enumerate() {
            let fmt = if COLUMNS[c].2 { uf } else { lf };
            match *key {
                "revision" => {
                    ws.write_number_with_format(row, c as u16, f64::from(a.revision), fmt)?;
                }
                "overdue" => match late {
                    Some(d) => {
                        ws.write_number_with_format(row, c as u16, d as f64, fmt)?;
                    }
                    None => {
                        ws.write_blank(row, c as u16, fmt)?;
                    }
                },
                _ => text(ws, row, c as u16, value, fmt)?,
            }
            widths[c] = widths[c].max(display_width(value));
        }
    }
    let last = open.len() as u32;
    if last > 0 {
        let keys: Vec<&str> = ActionStatus::ALL.into_iter().map(status_word).collect();
        let (title, message) = match lang {
            crate::model::Lang::Zh => ("状态", "部门可选“已制定措施”或“已实施”。"),
            crate::model::Lang::En => ("Status", "Departments set planned or implemented."),
        };
        let dv = DataValidation::new()
            .allow_list_strings(&keys)?
            .set_input_title(title)?
            .set_input_message(message)?;
        ws.add_data_validation(1, col("status"), last, col("status"), &dv)?;
        ws.autofilter(0, 0, last, COLUMNS.len() as u16 - 1)?;
    }
    fit_widths(ws, &widths, 8, 50);
    ws.set_freeze_panes(1, 1)?;
    ws.protect_with_options(&ProtectionOptions {
        use_autofilter: true,
        sort: false,
        format_columns: true,
        format_rows: true,
        ..ProtectionOptions::default()
    });

    summary(&mut wb, stats)?;

    let snap = if large {
        wb.add_worksheet_with_low_memory()?
    } else {
        wb.add_worksheet()
    };
    let snap = snap.set_name(SNAPSHOT)?;
    for (i, h) in SNAPSHOT_COLUMNS.iter().enumerate() {
        snap.write_string(0, i as u16, *h)?;
    }
    let plain = Format::new();
    for (i, r) in open.iter().enumerate() {
        let row = i as u32 + 1;
        let a = &r.action;
        text(snap, row, 0, &a.id, &plain)?;
        snap.write_number(row, 1, f64::from(a.revision))?;
        let v = TrackerValues::of(a);
        for (c, s) in [
            &v.owner,
            &v.correction,
            &v.root_cause,
            &v.corrective_action,
            &a.status.key().to_string(),
            &v.implementation_note,
        ]
        .iter()
        .enumerate()
        {
            text(snap, row, c as u16 + 2, s, &plain)?;
        }
    }
    snap.protect();
    snap.set_hidden(true);
    Ok(wb)
}

fn summary(wb: &mut Workbook, stats: &Stats) -> Result<(), XlsxError> {
    let bold = Format::new().set_bold();
    let header = Format::new()
        .set_bold()
        .set_background_color(Color::RGB(0xD9E1F2))
        .set_border(FormatBorder::Thin);
    let cell = Format::new().set_border(FormatBorder::Thin);
    let ws = wb.add_worksheet().set_name(SUMMARY)?;
    ws.write_string_with_format(0, 0, "纠正措施汇总 Corrective-action summary", &bold)?;
    ws.write_string(1, 0, format!("统计日期 As of {}", stats.today))?;
    let groups: Vec<&Figures> = std::iter::once(&stats.overall)
        .chain(&stats.offices)
        .collect();
    ws.write_string_with_format(3, 0, "指标 Figure", &header)?;
    for (i, g) in groups.iter().enumerate() {
        let name = if g.key == "all" {
            "全部 All"
        } else {
            g.key.as_str()
        };
        ws.write_string_with_format(3, i as u16 + 1, name, &header)?;
    }
    type Get = fn(&Figures) -> Option<f64>;
    let rows: [(&str, Get); 14] = [
        ("未关闭 Open", |f| Some(f64::from(f.open))),
        ("逾期 Overdue", |f| Some(f64::from(f.overdue))),
        ("逾期率 Overdue %", |f| f.overdue_pct),
        ("0–30 天 days", |f| Some(f64::from(f.ageing.d0_30))),
        ("31–60 天 days", |f| Some(f64::from(f.ageing.d31_60))),
        ("61–90 天 days", |f| Some(f64::from(f.ageing.d61_90))),
        (">90 天 days", |f| Some(f64::from(f.ageing.over_90))),
        ("已关闭 Closed", |f| Some(f64::from(f.closed))),
        ("平均关闭天数 Mean days to close", |f| {
            f.mean_days_to_close
        }),
        ("按期关闭率 On-time closure %", |f| f.on_time_pct),
        ("验证次数 Verifications", |f| {
            Some(f64::from(f.verifications))
        }),
        ("有效率 Effectiveness %", |f| f.effectiveness_pct),
        ("重复发生 Repeat findings", |f| {
            Some(f64::from(f.repeat_findings))
        }),
        ("已取消 Cancelled", |f| Some(f64::from(f.cancelled))),
    ];
    let mut widths = vec![vec!["指标 Figure"]];
    for (i, (label, get)) in rows.iter().enumerate() {
        let r = i as u32 + 4;
        ws.write_string_with_format(r, 0, *label, &cell)?;
        widths[0].push(label);
        for (c, g) in groups.iter().enumerate() {
            match get(g) {
                Some(v) => ws.write_number_with_format(r, c as u16 + 1, v, &cell)?,
                None => ws.write_string_with_format(r, c as u16 + 1, "—", &cell)?,
            };
        }
    }
    fit_columns(ws, &widths, 12, 40);
    for c in 1..=groups.len() as u16 {
        ws.set_column_width(c, 12)?;
    }
    // Ageing of open actions, overall: rows 8..=11 (the four buckets).
    let mut chart = Chart::new(ChartType::Column);
    chart
        .title()
        .set_name("未关闭措施账龄 Ageing of open actions");
    chart
        .add_series()
        .set_name("全部 All")
        .set_categories((SUMMARY, 7, 0, 10, 0))
        .set_values((SUMMARY, 7, 1, 10, 1));
    chart.x_axis().set_name("天 Days since raised");
    chart.y_axis().set_name("措施 Actions");
    ws.insert_chart(3, groups.len() as u16 + 2, &chart)?;
    Ok(())
}

/// Read a tracker back: one [`TrackerRow`] per filled row, and a diagnostic naming the cell
/// for every value that cannot be read. Rows with a problem are left out.
pub fn read(path: &Path) -> (Vec<TrackerRow>, Vec<Diagnostic>) {
    let file = path.display().to_string();
    let mut diags = Vec::new();
    let at = |sheet: Option<&str>, cell: Option<String>| Location {
        file: file.clone(),
        sheet: sheet.map(str::to_string),
        cell,
        line: None,
    };
    // A tracker comes back from other people's machines: it is opened like any untrusted
    // workbook, within the size limits and through the guarded opener.
    let opened = crate::office::read_limited(path)
        .map_err(|e| (e, Text::new(Say::TrackerGiveHint)))
        .and_then(|bytes| crate::office::open_workbook(&bytes).map_err(|e| (e.message, e.hint)));
    let mut wb = match opened {
        Ok(o) => o.book,
        Err((message, hint)) => {
            diags.push(
                Diagnostic::error(
                    at(None, None),
                    Text::new(Say::TrackerCannotOpen).with_text("reason", &message),
                )
                .with_hint(hint),
            );
            return (Vec::new(), diags);
        }
    };
    let range = match crate::office::bounded_range(&mut wb, SHEET) {
        Ok((r, _)) => r,
        Err(_) => {
            diags.push(
                Diagnostic::error(
                    at(None, None),
                    Text::new(Say::TrackerNoSheet).with("sheet", SHEET),
                )
                .with_hint(Text::new(Say::TrackerNoSheetHint)),
            );
            return (Vec::new(), diags);
        }
    };
    let snapshot_rows = crate::office::bounded_range(&mut wb, SNAPSHOT)
        .ok()
        .map(|(r, _)| read_snapshot(&r));
    let snapshot: Option<BTreeMap<String, TrackerValues>> =
        snapshot_rows.as_ref().map(|v| v.iter().cloned().collect());
    // Formulas, to tell a cell whose formula has no saved value from an empty one.
    let formulas = wb.worksheet_formula(SHEET).ok();
    let formula_at = |r: u32, c: u32| -> Option<String> {
        formulas
            .as_ref()
            .and_then(|f| f.get_value((r, c)))
            .filter(|s| !s.trim().is_empty())
            .cloned()
    };

    // Columns by header, so a department that moved a column does not break the import.
    let (r0, c0) = range.start().unwrap_or((0, 0));
    let mut index: BTreeMap<&'static str, u32> = BTreeMap::new();
    for (key, h, _) in COLUMNS.iter() {
        let found = (0..range.width() as u32).find(
            |c| matches!(range.get_value((r0, c0 + c)), Some(Data::String(s)) if s.trim() == *h),
        );
        match found {
            Some(c) => {
                index.insert(key, c0 + c);
            }
            None if matches!(
                *key,
                "id" | "revision"
                    | "owner"
                    | "correction"
                    | "root_cause"
                    | "corrective_action"
                    | "status"
                    | "implementation_note"
            ) =>
            {
                diags.push(
                    Diagnostic::error(
                        at(Some(SHEET), Some(a1(r0, 0))),
                        Text::new(Say::TrackerNoColumn).with("column", h),
                    )
                    .with_hint(Text::new(Say::TrackerNoColumnHint)),
                );
            }
            None => {}
        }
    }
    if diags.iter().any(|d| d.is_error()) {
        return (Vec::new(), diags);
    }
    let (rend, _) = range.end().unwrap_or((0, 0));
    let mut rows = Vec::new();
    let mut ids_seen: std::collections::BTreeSet<String> = std::collections::BTreeSet::new();
    for r in r0 + 1..=rend {
        let cellref = |key: &str| a1(r, index[key]);
        let get = |key: &str| range.get_value((r, index[key]));
        let mut bad = false;
        let mut text_of = |key: &str, diags: &mut Vec<Diagnostic>| -> String {
            let value = get(key);
            let blank = match value {
                None | Some(Data::Empty) => true,
                Some(Data::String(s)) => s.trim().is_empty(),
                _ => false,
            };
            if blank && let Some(f) = formula_at(r, index[key]) {
                // Left empty it would empty the field in the register.
                bad = true;
                diags.push(
                    Diagnostic::error(
                        at(Some(SHEET), Some(cellref(key))),
                        Text::new(Say::TrackerFormula).with("formula", f),
                    )
                    .with_hint(Text::new(Say::TrackerFormulaHint)),
                );
                return String::new();
            }
            match value {
                None | Some(Data::Empty) => String::new(),
                Some(Data::DateTime(d)) if !d.is_duration() => {
                    let (y, m, day, h, min, sec, _) = d.to_ymd_hms_milli();
                    if (h, min, sec) == (0, 0, 0) {
                        format!("{y:04}-{m:02}-{day:02}")
                    } else {
                        format!("{y:04}-{m:02}-{day:02} {h:02}:{min:02}")
                    }
                }
                Some(Data::String(s)) => s.trim().to_string(),
                Some(Data::Float(f)) if f.fract() == 0.0 => format!("{}", *f as i64),
                Some(Data::Float(f)) => f.to_string(),
                Some(Data::Int(i)) => i.to_string(),
                Some(Data::Bool(b)) => b.to_string(),
                Some(Data::DateTimeIso(s)) => s.clone(),
                Some(other) => {
                    bad = true;
                    let what = match other {
                        Data::Error(e) => Text::new(Say::TrackerErrorValue).with("value", e),
                        Data::DateTime(_) | Data::DurationIso(_) => Text::new(Say::TrackerDuration),
                        _ => Text::new(Say::TrackerUnknownValue),
                    };
                    diags.push(
                        Diagnostic::error(at(Some(SHEET), Some(cellref(key))), what)
                            .with_hint(Text::new(Say::TrackerPlainTextHint)),
                    );
                    String::new()
                }
            }
        };
        let id = text_of("id", &mut diags);
        let values_raw: Vec<String> = [
            "owner",
            "correction",
            "root_cause",
            "corrective_action",
            "status",
            "implementation_note",
        ]
        .iter()
        .map(|k| text_of(k, &mut diags))
        .collect();
        let revision_text = text_of("revision", &mut diags);
        if !id.is_empty() {
            ids_seen.insert(id.clone());
        }
        // The id cell is locked: it must still hold the id exported in this row. Another id
        // there (the sheet unprotected and edited) would apply this row's edits to that action.
        if !id.is_empty()
            && let Some(snap) = &snapshot_rows
        {
            let exported = snap.get((r - r0 - 1) as usize).map(|(id, _)| id.as_str());
            if exported != Some(id.as_str()) {
                // Reported here; not again as a deleted row.
                if let Some(e) = exported {
                    ids_seen.insert(e.to_string());
                }
                diags.push(
                    Diagnostic::error(
                        at(Some(SHEET), Some(cellref("id"))),
                        match exported {
                            Some(e) => Text::new(Say::TrackerIdChanged)
                                .with("exported", e)
                                .with("id", &id),
                            None => Text::new(Say::TrackerRowNotExported).with("id", &id),
                        },
                    )
                    .with_hint(Text::new(Say::TrackerTamperedHint)),
                );
                continue;
            }
        }
        if id.is_empty() {
            if values_raw.iter().any(|v| !v.is_empty()) || !revision_text.is_empty() {
                diags.push(
                    Diagnostic::error(
                        at(Some(SHEET), Some(cellref("id"))),
                        Text::new(Say::TrackerNoId),
                    )
                    .with_hint(Text::new(Say::TrackerNoIdHint)),
                );
            }
            continue;
        }
        let revision = match revision_text.parse::<u32>() {
            Ok(v) => Some(v),
            Err(_) => {
                diags.push(
                    Diagnostic::error(
                        at(Some(SHEET), Some(cellref("revision"))),
                        Text::new(Say::TrackerRevision).with("value", &revision_text),
                    )
                    .with_hint(Text::new(Say::TrackerRevisionHint)),
                );
                None
            }
        };
        let status = if values_raw[4].is_empty() {
            diags.push(
                Diagnostic::error(
                    at(Some(SHEET), Some(cellref("status"))),
                    Text::new(Say::TrackerNoStatus),
                )
                .with_hint(Text::new(Say::TrackerStatusHint)),
            );
            None
        } else {
            match values_raw[4].parse::<ActionStatus>() {
                Ok(s) => Some(s),
                Err(e) => {
                    diags.push(
                        Diagnostic::error(at(Some(SHEET), Some(cellref("status"))), e)
                            .with_hint(Text::new(Say::TrackerStatusHint)),
                    );
                    None
                }
            }
        };
        let (Some(revision), Some(status)) = (revision, status) else {
            continue;
        };
        if bad {
            continue;
        }
        let cells = [
            "id",
            "owner",
            "correction",
            "root_cause",
            "corrective_action",
            "status",
            "implementation_note",
        ]
        .iter()
        .map(|k| {
            let key: &'static str = COLUMNS.iter().find(|c| c.0 == *k).expect("known").0;
            (key, cellref(k))
        })
        .collect();
        rows.push(TrackerRow {
            row: r + 1,
            exported: snapshot.as_ref().and_then(|s| s.get(&id).cloned()),
            id,
            revision,
            values: TrackerValues {
                owner: values_raw[0].clone(),
                correction: values_raw[1].clone(),
                root_cause: values_raw[2].clone(),
                corrective_action: values_raw[3].clone(),
                status: Some(status),
                implementation_note: values_raw[5].clone(),
            },
            cells,
            sheet: SHEET.to_string(),
            file: file.clone(),
        });
    }
    // Rows deleted from the tracker: reported, nothing applied for them.
    if let Some(snap) = &snapshot_rows {
        for (i, (id, _)) in snap.iter().enumerate() {
            if !ids_seen.contains(id) {
                diags.push(
                    Diagnostic::warning(
                        at(Some(SHEET), Some(a1(r0 + 1 + i as u32, 0))),
                        Text::new(Say::TrackerRowDeleted).with("id", id),
                    )
                    .with_hint(Text::new(Say::TrackerRowDeletedHint)),
                );
            }
        }
    }
    (rows, diags)
}

/// The snapshot's rows in export order (row `i` of the snapshot is row `i` of the actions sheet).
fn read_snapshot(r: &calamine::Range<Data>) -> Vec<(String, TrackerValues)> {
    let s = |v: Option<&Data>| match v {
        Some(Data::String(s)) => s.trim().to_string(),
        _ => String::new(),
    };
    let (r0, c0) = r.start().unwrap_or((0, 0));
    let (rend, _) = r.end().unwrap_or((0, 0));
    let mut out = Vec::new();
    for row in r0 + 1..=rend {
        let get = |c: u32| r.get_value((row, c0 + c));
        let id = s(get(0));
        if id.is_empty() {
            continue;
        }
        out.push((
            id,
            TrackerValues {
                owner: s(get(2)),
                correction: s(get(3)),
                root_cause: s(get(4)),
                corrective_action: s(get(5)),
                status: s(get(6)).parse().ok(),
                implementation_note: s(get(7)),
            },
        ));
    }
    out
}

pub use crate::xlsx::a1;

#[cfg(test)]
mod tests {
    use super::*;

    /// A tracker over the low-memory size streams its rows and still reads back whole.
    #[test]
    fn a_large_tracker_reads_back_whole() {
        use crate::model::Outcome;
        use crate::register::{Action, FindingRecord};
        let today: Date = "2026-06-01".parse().unwrap();
        let records: Vec<Record> = (0..=LARGE_TRACKER)
            .map(|i| {
                let id = format!("IA-o-NC{i:05}");
                Record {
                    finding: FindingRecord {
                        id: id.clone(),
                        key: None,
                        audit_id: "IA".into(),
                        office_code: "o".into(),
                        clause: "7.5.3".into(),
                        grade: Outcome::Minor,
                        statement: format!("第{i}项"),
                        evidence: String::new(),
                        department: String::new(),
                        auditor: String::new(),
                        procedure: String::new(),
                        raised: today,
                        source: String::new(),
                    },
                    action: Action::new(&id, today.add_days(60)),
                }
            })
            .collect();
        let stats = super::super::stats::compute(&records, &[], today);
        let mut wb = export(&records, &stats, today, crate::model::Lang::En).unwrap();
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("t.xlsx");
        wb.save(&p).unwrap();
        let (rows, diags) = read(&p);
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(rows.len(), LARGE_TRACKER + 1);
        assert!(rows.iter().all(|r| r.exported.is_some()));
        assert_eq!(rows[LARGE_TRACKER].id, format!("IA-o-NC{LARGE_TRACKER:05}"));
    }

    #[test]
    fn a1_names() {
        assert_eq!(a1(0, 0), "A1");
        assert_eq!(a1(4, 10), "K5");
        assert_eq!(a1(9, 26), "AA10");
    }
}
