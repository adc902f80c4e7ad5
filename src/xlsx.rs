//! What every workbook isoaudit writes has in common: user text always written as text (never a
//! formula), column widths that fit Chinese, fixed document properties so the same inputs give
//! the same bytes, and an atomic save.

use crate::output::{OutputError, write_atomic};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, Worksheet, XlsxError};
use std::path::Path;

/// Display width of a string in "character" units: East Asian wide characters count 2.
/// rust_xlsxwriter's autofit charges a CJK character like a Latin one, so Chinese columns
/// come out half as wide as they should (rust-stack.md §2.2).
pub fn display_width(s: &str) -> usize {
    s.lines()
        .map(|l| l.chars().map(|c| if is_wide(c) { 2 } else { 1 }).sum())
        .max()
        .unwrap_or(0)
}

fn is_wide(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x115F | 0x2E80..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF
        | 0xA000..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6 | 0x20000..=0x3FFFD)
}

/// Characters one Excel cell holds; rust_xlsxwriter refuses a longer string.
pub const MAX_CELL_CHARS: usize = 32_767;

/// Write user text as a string cell. `write_string` never makes a formula, so a finding that
/// begins with `=`, `+`, `-` or `@` stays text in Excel. Text longer than a cell holds is cut
/// (ending in `…`) rather than failing the whole workbook.
pub fn text(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    s: &str,
    fmt: &Format,
) -> Result<(), XlsxError> {
    if s.is_empty() {
        ws.write_blank(row, col, fmt)?;
    } else {
        ws.write_string_with_format(row, col, fit_cell(s).as_ref(), fmt)?;
    }
    Ok(())
}

/// `s` cut to what one cell holds.
pub fn fit_cell(s: &str) -> std::borrow::Cow<'_, str> {
    match s.char_indices().nth(MAX_CELL_CHARS) {
        None => s.into(),
        Some(_) => {
            let end = s
                .char_indices()
                .nth(MAX_CELL_CHARS - 1)
                .map_or(s.len(), |(i, _)| i);
            format!("{}…", &s[..end]).into()
        }
    }
}

/// Set each column's width from the widest of its texts, bounded to `[min, max]` characters.
pub fn fit_columns(ws: &mut Worksheet, columns: &[Vec<&str>], min: usize, max: usize) {
    for (i, texts) in columns.iter().enumerate() {
        let w = texts.iter().map(|t| display_width(t)).max().unwrap_or(0);
        let w = (w + 2).clamp(min, max);
        let _ = ws.set_column_width(i as u16, w as f64);
    }
}

/// [`fit_columns`] from each column's widest display width, already measured.
pub fn fit_widths(ws: &mut Worksheet, widths: &[usize], min: usize, max: usize) {
    for (i, w) in widths.iter().enumerate() {
        let _ = ws.set_column_width(i as u16, (w + 2).clamp(min, max) as f64);
    }
}

/// Fix the workbook's creation date (from the audit, never the clock) so output is reproducible.
/// `date` is `YYYY-MM-DD`; anything else falls back to 2000-01-01.
pub fn fix_properties(wb: &mut Workbook, title: &str, date: Option<&str>) {
    let dt = date
        .and_then(|d| {
            let mut p = d.split('-').map(|x| x.parse::<u16>().ok());
            let (y, m, dd) = (p.next()??, p.next()??, p.next()??);
            ExcelDateTime::from_ymd(y, m as u8, dd as u8).ok()
        })
        .unwrap_or_else(|| ExcelDateTime::from_ymd(2000, 1, 1).expect("valid date"));
    let props = rust_xlsxwriter::DocProperties::new()
        .set_title(title)
        .set_author("isoaudit")
        .set_creation_datetime(&dt);
    wb.set_properties(&props);
}

#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    #[error("{path}: cannot build the workbook: {source}")]
    Xlsx {
        path: String,
        #[source]
        source: XlsxError,
    },
    #[error(transparent)]
    Output(#[from] OutputError),
}

/// Build the workbook in memory and write it atomically.
pub fn save(wb: &mut Workbook, path: &Path, force: bool) -> Result<(), SaveError> {
    crate::output::check_new(path, force)?;
    // Deflate level 1 instead of rust_xlsxwriter's default 6: compressing the XML parts was
    // 10 % of the instructions of a 10-office audit (153 M of 1,497 M). Level 1: 1,376 M in
    // all, the workbooks 340 KB -> 471 KB together (README, Performance).
    wb.set_zip_compression_level(1);
    let bytes = wb.save_to_buffer().map_err(|source| SaveError::Xlsx {
        path: path.display().to_string(),
        source,
    })?;
    write_atomic(path, &bytes, force)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wide_characters_count_double() {
        assert_eq!(display_width("成文信息"), 8);
        assert_eq!(display_width("7.5 成文"), 8);
        assert_eq!(display_width("ab\n成文信息的控制"), 14);
    }

    #[test]
    fn long_text_is_cut_to_one_cell() {
        let long = "测".repeat(MAX_CELL_CHARS + 10);
        let cut = fit_cell(&long);
        assert_eq!(cut.chars().count(), MAX_CELL_CHARS);
        assert!(cut.ends_with('…'));
        assert_eq!(fit_cell("short"), "short");
        let mut wb = Workbook::new();
        let ws = wb.add_worksheet();
        text(ws, 0, 0, &long, &Format::new()).unwrap();
    }

    #[test]
    fn same_inputs_same_bytes() {
        let build = || {
            let mut wb = Workbook::new();
            fix_properties(&mut wb, "t", Some("2026-03-01"));
            let ws = wb.add_worksheet();
            text(ws, 0, 0, "=1+1", &Format::new()).unwrap();
            wb.save_to_buffer().unwrap()
        };
        assert_eq!(build(), build());
    }
}
