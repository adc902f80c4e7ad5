//! Workbooks (xlsx, xlsm, xls, ods, xlsb) through calamine: visible worksheets to grids, with
//! merged regions filled, and one clear error for a file that cannot be opened at all.

use super::grid::Grid;
use super::rows::Continuation;
use calamine::{Data, Reader, SheetType, SheetVisible, Sheets};
use std::io::Cursor;

/// Rows of one sheet read at most. A checklist has hundreds; calamine builds a dense grid of
/// every cell between the first and the last, so without a bound one cell at `XFD1048576`
/// would ask for 17 billion cells and abort the process.
pub const MAX_SHEET_ROWS: u32 = 100_000;
/// Rows with content read from one workbook at most, all its sheets together: without it, a
/// 393 KB workbook of 12 sheets of 100,000 rows took 1.7 GB.
pub const MAX_WORKBOOK_ROWS: u32 = MAX_SHEET_ROWS;
/// Columns of one sheet read at most (a checklist has a dozen).
pub const MAX_SHEET_COLUMNS: u32 = 64;

/// One visible worksheet read into a grid.
pub struct SheetGrid {
    pub grid: Grid,
    pub continuation: Continuation,
    /// Cells beyond [`MAX_SHEET_ROWS`] or [`MAX_SHEET_COLUMNS`] were present and not read.
    pub cut: bool,
}

/// Why a workbook could not be opened; the message is shown after the file name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenError {
    pub message: String,
    pub hint: String,
}

const OLE2_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// True when the bytes hold a UTF-16LE stream name such as `EncryptionInfo`: an encrypted
/// OOXML package inside an OLE2 container, which is what Excel writes for a password.
fn has_utf16_name(bytes: &[u8], name: &str) -> bool {
    let needle: Vec<u8> = name.encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
    bytes.windows(needle.len()).any(|w| w == needle.as_slice())
}

/// Open the workbook and read every visible worksheet. Panics inside calamine (a bug on some
/// malformed input) are caught and reported as a corrupt file.
pub fn read_sheets(bytes: &[u8]) -> Result<Vec<SheetGrid>, OpenError> {
    let not_readable = |message: String| OpenError {
        message,
        hint: "open it in Excel or WPS and save it again as .xlsx, then check that copy".into(),
    };
    if bytes.is_empty() {
        return Err(OpenError {
            message: "empty file".into(),
            hint: "the file has no content; was it saved completely?".into(),
        });
    }
    if bytes.starts_with(OLE2_MAGIC) && has_utf16_name(bytes, "EncryptionInfo") {
        return Err(OpenError {
            message: "the workbook is encrypted (password protected)".into(),
            hint: "open it with the password and save an unprotected copy, then check that copy"
                .into(),
        });
    }
    let owned = bytes.to_vec();
    let result = std::panic::catch_unwind(move || read_all(owned));
    match result {
        Ok(Ok(sheets)) => Ok(sheets),
        Ok(Err(e)) => Err(not_readable(e)),
        Err(_) => Err(not_readable(
            "the workbook is corrupt (the spreadsheet reader failed on it)".into(),
        )),
    }
}

fn read_all(bytes: Vec<u8>) -> Result<Vec<SheetGrid>, String> {
    let ole2 = bytes.starts_with(OLE2_MAGIC);
    let zip = bytes.starts_with(b"PK\x03\x04");
    // calamine inflates parts without a bound: check first that none is a bomb. The same pass
    // tells whether any part names merged cells; when none does, calamine's second parse of
    // every sheet looking for them (a quarter of reading a checklist) is skipped.
    let merged_cells_somewhere = if zip {
        crate::scan::check_zip_container_finding(&bytes, "workbook", b"mergeCells")?
    } else {
        true
    };
    if ole2 {
        super::ole::check_chains(&bytes)?;
    }
    let mut wb = calamine::open_workbook_auto_from_rs(Cursor::new(bytes.clone()))
        .map_err(|_| explain_open_failure(&bytes, ole2, zip))?;
    let metas: Vec<calamine::Sheet> = wb.sheets_metadata().to_vec();
    let mut out = Vec::new();
    let mut budget = MAX_WORKBOOK_ROWS;
    for m in metas {
        // Hidden sheets hold lookup lists and old versions, not the checklist.
        if m.visible != SheetVisible::Visible || m.typ != SheetType::WorkSheet {
            continue;
        }
        let Ok((rows, cut)) = bounded_rows(&mut wb, &m.name, budget) else {
            continue;
        };
        let used = rows.iter().filter(|r| !r.is_empty()).count() as u32;
        budget = budget.saturating_sub(used);
        let mut grid = Grid {
            sheet: Some(m.name.clone()),
            rows,
        };
        let merges: Option<Vec<calamine::Dimensions>> = match &mut wb {
            Sheets::Xlsx(_) if !merged_cells_somewhere => Some(Vec::new()),
            Sheets::Xlsx(x) => x.merge_cells_by_sheet_name(&m.name).ok(),
            Sheets::Xls(x) => x.merge_cells_by_sheet_name(&m.name).ok(),
            _ => None,
        };
        let continuation = match merges {
            Some(regions) => {
                let r: Vec<_> = regions.iter().map(|d| (d.start, d.end)).collect();
                grid.fill_merged(&r);
                Continuation::MergedOnly
            }
            // ODS and XLSB keep no merge information calamine can give us.
            None => Continuation::BlankContinues,
        };
        out.push(SheetGrid {
            grid,
            continuation,
            cut,
        });
    }
    Ok(out)
}

/// A specific reason for a file calamine could not open, from its typed readers.
fn explain_open_failure(bytes: &[u8], ole2: bool, zip: bool) -> String {
    use calamine::{Ods, Xls, Xlsx, open_workbook_from_rs};
    let c = || Cursor::new(bytes.to_vec());
    if ole2 {
        return match open_workbook_from_rs::<Xls<_>, _>(c()) {
            Err(e) => {
                format!("not a readable xls workbook ({e}); the file may be truncated or corrupt")
            }
            Ok(_) => "cannot open the workbook".into(),
        };
    }
    if zip {
        if find_subslice(bytes, b"word/document.xml") {
            return "a Word document, not a spreadsheet".into();
        }
        if find_subslice(bytes, b"opendocument.spreadsheet") {
            return match open_workbook_from_rs::<Ods<_>, _>(c()) {
                Err(e) => format!("not a readable ods workbook ({e})"),
                Ok(_) => "cannot open the workbook".into(),
            };
        }
        return match open_workbook_from_rs::<Xlsx<_>, _>(c()) {
            Err(e) => {
                format!("not a readable xlsx workbook ({e}); the file may be truncated or corrupt")
            }
            Ok(_) => "cannot open the workbook".into(),
        };
    }
    "not a spreadsheet: the file holds no xls, xlsx or ods content (truncated, or another kind of file renamed)".into()
}

fn find_subslice(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

/// The cells of sheet `name` as absolute rows of text (row 0 = spreadsheet row 1), at most
/// [`MAX_SHEET_ROWS`] × [`MAX_SHEET_COLUMNS`]; the flag says cells beyond were dropped.
/// xlsx and xlsb are streamed cell by cell so nothing beyond the bounds is ever allocated;
/// xls (at most 65,536 × 256 by format) and ods (capped by calamine) go through a range.
///
/// At most `budget` rows with content are kept (what the workbook's earlier sheets left of
/// [`MAX_WORKBOOK_ROWS`]); the flag also says when that stopped the sheet.
pub(crate) fn bounded_rows<RS: std::io::Read + std::io::Seek>(
    wb: &mut Sheets<RS>,
    name: &str,
    budget: u32,
) -> Result<(Vec<Vec<String>>, bool), String> {
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut cut = false;
    let mut filled = 0u32;
    let mut put = |r: u32, c: u32, d: &Data| -> bool {
        if r >= MAX_SHEET_ROWS {
            cut = true;
            return false;
        }
        if c >= MAX_SHEET_COLUMNS {
            cut = true;
            return true;
        }
        let text = cell_text(d);
        if text.is_empty() {
            return true;
        }
        let (r, c) = (r as usize, c as usize);
        if rows.get(r).is_none_or(Vec::is_empty) {
            if filled >= budget {
                cut = true;
                return false;
            }
            filled += 1;
        }
        if rows.len() <= r {
            rows.resize_with(r + 1, Vec::new);
        }
        let row = &mut rows[r];
        if row.len() <= c {
            row.resize(c + 1, String::new());
        }
        row[c] = text;
        true
    };
    match wb {
        Sheets::Xlsx(x) => {
            let mut cells = x.worksheet_cells_reader(name).map_err(|e| e.to_string())?;
            while let Some(cell) = cells.next_cell().map_err(|e| e.to_string())? {
                let (r, c) = cell.get_position();
                if !put(r, c, &Data::from(cell.get_value().clone())) {
                    break;
                }
            }
        }
        Sheets::Xlsb(x) => {
            let mut cells = x.worksheet_cells_reader(name).map_err(|e| e.to_string())?;
            while let Some(cell) = cells.next_cell().map_err(|e| e.to_string())? {
                let (r, c) = cell.get_position();
                if !put(r, c, &Data::from(cell.get_value().clone())) {
                    break;
                }
            }
        }
        _ => {
            let range = wb.worksheet_range(name).map_err(|e| e.to_string())?;
            for (r, c, d) in range.used_cells() {
                let (r0, c0) = range.start().unwrap_or((0, 0));
                if !put(r0 + r as u32, c0 + c as u32, d) {
                    break;
                }
            }
        }
    }
    Ok((rows, cut))
}

/// A cell as the text a user sees: whole numbers without `.0`, dates as `YYYY-MM-DD`.
pub fn cell_text(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Float(f) => format!("{f}"),
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(dt) => match dt.as_datetime() {
            Some(t) if t.format("%H:%M:%S").to_string() == "00:00:00" => {
                t.format("%Y-%m-%d").to_string()
            }
            Some(t) => t.format("%Y-%m-%d %H:%M").to_string(),
            None => dt.as_f64().to_string(),
        },
        Data::DateTimeIso(s) | Data::DurationIso(s) => {
            // `2026-03-16T00:00:00` → `2026-03-16`.
            s.strip_suffix("T00:00:00").unwrap_or(s).to_string()
        }
        Data::Error(e) => e.to_string(),
    }
}

#[cfg(test)]
mod cap_tests {
    use super::*;

    /// Many full sheets: the rows of all of them together are capped, and the sheet the cap
    /// stopped says so.
    #[test]
    fn rows_are_capped_per_workbook_not_only_per_sheet() {
        let mut wb = rust_xlsxwriter::Workbook::new();
        let per_sheet = MAX_WORKBOOK_ROWS / 2 - 1;
        for s in 0..3 {
            let ws = wb.add_worksheet();
            ws.set_name(format!("S{s}")).unwrap();
            for r in 0..per_sheet {
                ws.write_number(r, 0, f64::from(r)).unwrap();
            }
        }
        let bytes = wb.save_to_buffer().unwrap();
        let sheets = read_sheets(&bytes).unwrap_or_else(|e| panic!("{}", e.message));
        let rows: Vec<usize> = sheets
            .iter()
            .map(|s| s.grid.rows.iter().filter(|r| !r.is_empty()).count())
            .collect();
        assert_eq!(rows.iter().sum::<usize>(), MAX_WORKBOOK_ROWS as usize);
        assert_eq!(rows[0], per_sheet as usize);
        assert_eq!(
            sheets.iter().map(|s| s.cut).collect::<Vec<_>>(),
            [false, false, true]
        );
    }
}
