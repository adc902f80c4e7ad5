//! What every workbook isoaudit writes has in common: user text always written as text (never a
//! formula), column widths that fit Chinese, fixed document properties so the same inputs give
//! the same bytes, and an atomic save.

use crate::model::Date;
use crate::output::{OutputError, write_atomic};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, Worksheet, XlsxError};
use std::path::Path;

/// Display width of a string in "character" units: East Asian wide characters count 2.
/// rust_xlsxwriter's autofit charges a CJK character like a Latin one, so Chinese columns
/// come out half as wide as they should (rust-stack.md §2.2).
pub fn display_width(s: &str) -> usize {
    use unicode_width::UnicodeWidthStr;
    s.lines().map(UnicodeWidthStr::width).max().unwrap_or(0)
}

/// The A1 name of a 0-based cell: `(13, 5)` is `F14` (a CSV may have more columns than a
/// sheet; they are named on, to `u16::MAX`).
pub fn a1(row: u32, col: u32) -> String {
    let col = u16::try_from(col).unwrap_or(u16::MAX);
    rust_xlsxwriter::utility::row_col_to_cell(row.min(u32::MAX - 1), col)
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

/// Set each column's width from the widest of its texts, bounded to `[min, max]` characters;
/// the widths set.
pub fn fit_columns(
    ws: &mut Worksheet,
    columns: &[Vec<&str>],
    min: usize,
    max: usize,
) -> Vec<usize> {
    let mut widths = Vec::with_capacity(columns.len());
    for (i, texts) in columns.iter().enumerate() {
        let w = texts.iter().map(|t| display_width(t)).max().unwrap_or(0);
        let w = (w + 2).clamp(min, max);
        let _ = ws.set_column_width(i as u16, w as f64);
        widths.push(w);
    }
    widths
}

/// Points per line of wrapped 11-point text (Chinese needs a little more than Latin).
const LINE_POINTS: f64 = 15.5;

/// Set the height of row `row` so its wrapped cells show whole: the lines a cell takes at
/// its column's width, for the tallest cell. Spreadsheet programs do not grow a row for
/// wrapped text that a program wrote, so without this a statement shows as its first line.
pub fn fit_row_height(
    ws: &mut Worksheet,
    row: u32,
    cells: &[String],
    widths: &[usize],
) -> Result<(), XlsxError> {
    let lines = cells
        .iter()
        .zip(widths)
        .map(|(text, &w)| {
            let room = w.saturating_sub(1).max(1);
            text.lines()
                .map(|l| display_width(l).div_ceil(room).max(1))
                .sum::<usize>()
                .max(1)
        })
        .max()
        .unwrap_or(1)
        .min(40);
    if lines > 1 {
        ws.set_row_height(row, lines as f64 * LINE_POINTS)?;
    }
    Ok(())
}

/// How every sheet prints: A4 landscape, one page wide, the header row repeated on every page,
/// narrow margins, page numbers in the footer ("3 / 7" reads the same in both languages).
fn print_setup(ws: &mut Worksheet) {
    const A4: u8 = 9;
    ws.set_paper_size(A4)
        .set_landscape()
        .set_print_fit_to_pages(1, 0)
        .set_margins(0.4, 0.4, 0.6, 0.6, 0.3, 0.3)
        .set_footer("&C&P / &N");
    let _ = ws.set_repeat_rows(0, 0);
}

/// [`fit_columns`] from each column's widest display width, already measured.
pub fn fit_widths(ws: &mut Worksheet, widths: &[usize], min: usize, max: usize) {
    for (i, w) in widths.iter().enumerate() {
        let _ = ws.set_column_width(i as u16, (w + 2).clamp(min, max) as f64);
    }
}

/// Fix the workbook's creation date (from the audit, never the clock) so output is reproducible;
/// without a date, 2000-01-01.
pub fn fix_properties(wb: &mut Workbook, title: &str, date: Option<Date>) {
    let dt = date
        .and_then(|d| {
            let (y, m, dd) = d.ymd();
            ExcelDateTime::from_ymd(u16::try_from(y).ok()?, m as u8, dd as u8).ok()
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
/// The bytes of the workbook as [`save`] writes them (set up for print): what `serve` sends as
/// a download is the file the CLI writes.
pub fn to_bytes(wb: &mut Workbook) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    for ws in wb.worksheets_mut() {
        print_setup(ws);
    }
    // Deflate level 1 instead of rust_xlsxwriter's default 6: compressing the XML parts was a
    // tenth of an audit's work, for workbooks only a third smaller.
    wb.set_zip_compression_level(1);
    wb.save_to_buffer()
}

pub fn save(wb: &mut Workbook, path: &Path, force: bool) -> Result<(), SaveError> {
    crate::output::check_new(path, force)?;
    let bytes = to_bytes(wb).map_err(|source| SaveError::Xlsx {
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
            fix_properties(&mut wb, "t", "2026-03-01".parse().ok());
            let ws = wb.add_worksheet();
            text(ws, 0, 0, "=1+1", &Format::new()).unwrap();
            wb.save_to_buffer().unwrap()
        };
        assert_eq!(build(), build());
    }
}
