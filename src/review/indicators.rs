//! The monitoring and measurement results an office supplies: a CSV (any encoding) or a
//! workbook with a header row naming the columns indicator, period, value and target, in
//! English or Chinese (指标, 期间, 数值, 目标值). A target may carry its direction: `≥95%`,
//! `>=95`, `≤5`, `<=5` (no sign: higher is better). A row that cannot be read is a diagnostic
//! naming the file and line; the other rows are kept.

use crate::model::{Diagnostic, Location, Say, Text};
use serde::Serialize;

/// Which way an indicator should go.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    /// The value should reach the target or more (`≥`).
    AtLeast,
    /// The value should stay at the target or less (`≤`).
    AtMost,
}

/// A target and its direction.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Target {
    pub value: f64,
    pub direction: Direction,
}

/// One indicator of one period.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Indicator {
    pub indicator: String,
    pub period: String,
    pub value: f64,
    /// The value as written (`98.5%`).
    pub value_text: String,
    pub target: Option<Target>,
    /// The target as written (`≥95%`).
    pub target_text: String,
    /// Whether the value meets the target; `None` without a target.
    pub met: Option<bool>,
    /// The file and line it was read from.
    pub line: u32,
}

const INDICATOR: &[&str] = &["indicator", "指标", "指标名称", "名称"];
const PERIOD: &[&str] = &["period", "期间", "统计期间", "时间", "月份", "季度"];
const VALUE: &[&str] = &["value", "actual", "数值", "实际值", "完成值", "结果"];
const TARGET: &[&str] = &["target", "目标值", "目标"];

fn is_header(cell: &str, names: &[&str]) -> bool {
    let c = crate::text::normalize(cell).to_lowercase();
    let c = c.trim();
    names.contains(&c)
}

/// A number as written: `98.5`, `98.5%`, `1,234`, full-width digits; `None` otherwise.
fn number(s: &str) -> Option<f64> {
    let t = crate::text::normalize(s);
    let t = t.trim().trim_end_matches('%').replace(',', "");
    let t = t.trim();
    if t.is_empty() {
        return None;
    }
    t.parse::<f64>().ok().filter(|v| v.is_finite())
}

/// A target as written: a number with an optional `≥ >= ≤ <=` before it.
fn target(s: &str) -> Option<Target> {
    let t = crate::text::normalize(s);
    let t = t.trim();
    let (direction, rest) = if let Some(r) = t.strip_prefix('≥').or(t.strip_prefix(">=")) {
        (Direction::AtLeast, r)
    } else if let Some(r) = t.strip_prefix('≤').or(t.strip_prefix("<=")) {
        (Direction::AtMost, r)
    } else {
        (Direction::AtLeast, t)
    };
    number(rest).map(|value| Target { value, direction })
}

/// The indicators of one table (`rows` as read, row 0 = line 1; `sheet` when it is a
/// workbook's), with a diagnostic per row that could not be read and one when the header is
/// missing.
pub fn parse(
    file: &str,
    sheet: Option<&str>,
    rows: &[Vec<String>],
) -> (Vec<Indicator>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let at = |line: usize| Location {
        file: file.to_string(),
        sheet: sheet.map(str::to_string),
        line: u32::try_from(line).ok(),
        ..Location::default()
    };
    let find = |row: &[String], names: &[&str]| row.iter().position(|c| is_header(c, names));
    let header = rows.iter().enumerate().find_map(|(i, r)| {
        Some((i, find(r, INDICATOR)?, find(r, VALUE)?))
            .map(|(i, ind, val)| (i, ind, val, find(r, PERIOD), find(r, TARGET)))
    });
    let Some((h, ci, cv, cp, ct)) = header else {
        diags.push(
            Diagnostic::error(Location::file(file), Text::new(Say::IndicatorsNoHeader))
                .with_hint(Text::new(Say::IndicatorsNoHeaderHint)),
        );
        return (Vec::new(), diags);
    };
    let cell = |r: &[String], c: Option<usize>| {
        c.and_then(|c| r.get(c))
            .map(|s| s.trim().to_string())
            .unwrap_or_default()
    };
    let mut out = Vec::new();
    for (i, r) in rows.iter().enumerate().skip(h + 1) {
        if r.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let line = i + 1;
        let name = cell(r, Some(ci));
        let value_text = cell(r, Some(cv));
        let target_text = cell(r, ct);
        if name.is_empty() {
            diags.push(
                Diagnostic::error(at(line), Text::new(Say::IndicatorNoName))
                    .with_hint(Text::new(Say::IndicatorNoNameHint)),
            );
            continue;
        }
        let Some(value) = number(&value_text) else {
            diags.push(
                Diagnostic::error(
                    at(line),
                    Text::new(Say::IndicatorValueNaN)
                        .with("name", &name)
                        .with("value", &value_text),
                )
                .with_hint(Text::new(Say::IndicatorValueNaNHint)),
            );
            continue;
        };
        let t = if target_text.is_empty() {
            None
        } else {
            match target(&target_text) {
                Some(t) => Some(t),
                None => {
                    diags.push(
                        Diagnostic::error(
                            at(line),
                            Text::new(Say::IndicatorTargetNaN)
                                .with("name", &name)
                                .with("value", &target_text),
                        )
                        .with_hint(Text::new(Say::IndicatorTargetNaNHint)),
                    );
                    continue;
                }
            }
        };
        let met = t.map(|t| match t.direction {
            Direction::AtLeast => value >= t.value,
            Direction::AtMost => value <= t.value,
        });
        out.push(Indicator {
            indicator: name,
            period: cell(r, cp),
            value,
            value_text,
            target: t,
            target_text,
            met,
            line: line as u32,
        });
    }
    (out, diags)
}

/// Read and parse the indicators file at `path`; a file that cannot be read is one diagnostic.
pub fn read(path: &std::path::Path) -> (Vec<Indicator>, Vec<Diagnostic>) {
    let name = path.display().to_string();
    let rows = crate::office::read_limited(path)
        .and_then(|bytes| crate::ingest::read_table(&name, &bytes));
    match rows {
        Ok((sheet, rows)) => parse(&name, sheet.as_deref(), &rows),
        Err(e) => (
            Vec::new(),
            vec![
                Diagnostic::error(
                    Location::file(&name),
                    Text::new(Say::IndicatorsUnreadable).with_text("reason", &e),
                )
                .with_hint(Text::new(Say::IndicatorsUnreadableHint)),
            ],
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(s: &str) -> Vec<Vec<String>> {
        s.lines()
            .map(|l| l.split(',').map(str::to_string).collect())
            .collect()
    }

    #[test]
    fn chinese_headers_directions_and_a_bad_row() {
        let (got, d) = parse(
            "指标.csv",
            None,
            &rows(
                "指标,期间,数值,目标值\n办结时限达标率,2026,98.5%,≥95%\n投诉数,2026,7,≤5\n好差评满意率,2026,九十,≥90%\n",
            ),
        );
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].met, Some(true));
        assert_eq!(got[1].met, Some(false));
        assert_eq!(got[1].target.unwrap().direction, Direction::AtMost);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].location.line, Some(4));
        assert!(
            d[0].to_string()
                .starts_with("error: 指标.csv: line 4: 好差评满意率"),
            "{}",
            d[0]
        );
    }
}
