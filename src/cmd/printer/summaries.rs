//! The closing summaries on stderr: per checklist (`checklist check`) and per office (`audit`).

use crate::batch::{OfficeRun, count};
use crate::ingest::summarize;
use crate::model::{Lang, Outcome};
use crate::xlsx::display_width;
use std::fmt::Write;

/// The per-file summary: rows, results by value, nonconformities by grade, diagnostics.
pub(crate) fn summary_text(file: &str, got: &crate::model::Ingested, lang: Lang) -> String {
    let mut s = String::new();
    let errors = got.diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = got.diagnostics.len() - errors;
    let Some(c) = &got.checklist else {
        let _ = writeln!(s, "{file}: {}", lang.pick("not read", "无法读取"));
        return s;
    };
    let sum = summarize(c);
    let _ = match lang {
        Lang::En => writeln!(s, "{file}: {} rows", sum.rows),
        Lang::Zh => writeln!(s, "{file}：{} 行", sum.rows),
    };
    let results: Vec<String> = Outcome::ALL
        .iter()
        .filter_map(|o| {
            sum.by_result
                .get(o)
                .map(|n| format!("{} {n}", o.label(lang)))
        })
        .collect();
    let none = lang.pick("none", "无");
    let results = if results.is_empty() {
        none.to_string()
    } else {
        results.join(lang.pick(", ", "，"))
    };
    let ncs = sum.major + sum.minor;
    let _ = match lang {
        Lang::En => {
            let mut line = format!(
                "  results: {results}\n  nonconformities: {ncs} (major {}, minor {}",
                sum.major, sum.minor
            );
            if sum.ungraded > 0 {
                let _ = write!(
                    line,
                    "; {} written without a grade, counted as minor",
                    sum.ungraded
                );
            }
            writeln!(s, "{line})\n  {errors} errors, {warnings} warnings")
        }
        Lang::Zh => {
            let mut line = format!(
                "  结论：{results}\n  不符合项：{ncs}（严重 {}，一般 {}",
                sum.major, sum.minor
            );
            if sum.ungraded > 0 {
                let _ = write!(line, "；其中 {} 项未写明程度，按一般计", sum.ungraded);
            }
            writeln!(s, "{line}）\n  错误 {errors} 个，警告 {warnings} 个")
        }
    };
    s
}

/// The closing table on stderr: one line per office, then the totals. Columns are padded by
/// display width, so Chinese office names and headings line up.
pub(crate) fn summary_table(runs: &[OfficeRun], lang: Lang) -> String {
    let head = match lang {
        Lang::En => [
            "office", "major", "minor", "obs", "OFI", "conform%", "errors",
        ],
        Lang::Zh => ["单位", "严重", "一般", "观察", "改进", "符合率%", "错误"],
    };
    let lines =
        crate::report::summary::office_lines(&runs.iter().map(|r| &r.result).collect::<Vec<_>>());
    let mut rows: Vec<[String; 7]> = vec![head.map(String::from)];
    for (l, r) in lines.iter().zip(runs) {
        rows.push([
            l.code.clone(),
            l.major.to_string(),
            l.minor.to_string(),
            l.observation.to_string(),
            l.ofi.to_string(),
            l.rate.map_or("-".into(), |r| format!("{r:.1}")),
            r.errors().to_string(),
        ]);
    }
    rows.push([
        lang.pick("total", "合计").to_string(),
        count(runs, Outcome::Major).to_string(),
        count(runs, Outcome::Minor).to_string(),
        count(runs, Outcome::Observation).to_string(),
        count(runs, Outcome::Ofi).to_string(),
        String::new(),
        runs.iter()
            .map(OfficeRun::errors)
            .sum::<usize>()
            .to_string(),
    ]);
    let width = |c: usize| rows.iter().map(|r| display_width(&r[c])).max().unwrap_or(0);
    let widths: Vec<usize> = (0..7).map(width).collect();
    let mut s = String::from("\n");
    for r in &rows {
        for (c, cell) in r.iter().enumerate() {
            let pad = " ".repeat(widths[c] - display_width(cell));
            if c == 0 {
                s.push_str(&format!("{cell}{pad}"));
            } else {
                s.push_str(&format!("  {pad}{cell}"));
            }
        }
        s.push('\n');
    }
    s
}
