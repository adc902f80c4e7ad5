//! The text of `actions list`, `actions show` and `actions stats`, as the terminal shows it.

use crate::model::Lang;
use crate::register::workflow::days_overdue;
use crate::register::{ActionStatus, Date, Event, Record, stats};
use crate::xlsx::display_width;
use std::fmt::Write;

pub(crate) fn pad(s: &str, w: usize) -> String {
    let n = display_width(s);
    format!("{s}{}", " ".repeat(w.saturating_sub(n) + 2))
}

pub(crate) fn status_label(s: ActionStatus, lang: Lang) -> &'static str {
    lang.pick(s.key(), s.label_zh())
}

pub(crate) fn list_text(rs: &[&Record], today: Date, lang: Lang) -> String {
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

pub(crate) fn show_text(r: &Record, history: &[Event], today: Date, lang: Lang) -> String {
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
        let value = |v: &Option<String>| match v {
            Some(v) => crate::register::value_label(&e.field, v, lang).into_owned(),
            None => "—".to_string(),
        };
        let _ = writeln!(
            s,
            "  {}  {}  {}: {} → {}{}",
            e.at,
            e.by,
            crate::register::field_label(&e.field, lang),
            value(&e.old),
            value(&e.new),
            if e.note.is_empty() {
                String::new()
            } else {
                format!("  ({})", e.note)
            }
        );
    }
    s
}

/// One line of `actions stats` (and of the web dashboard): English label, Chinese label, value.
pub(crate) type StatsRow = (&'static str, &'static str, fn(&stats::Figures) -> String);

/// The figures `actions stats` shows, in order; the web dashboard shows the same.
pub(crate) const STATS_ROWS: [StatsRow; 13] = [
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

pub(crate) fn stats_text(st: &stats::Stats, lang: Lang) -> String {
    let groups: Vec<&stats::Figures> = std::iter::once(&st.overall).chain(&st.offices).collect();
    let rows = STATS_ROWS;
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
