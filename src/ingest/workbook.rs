//! Workbooks (xlsx, xlsm, xls, ods, xlsb) through calamine: visible worksheets to grids, with
//! merged regions filled, and one clear error for a file that cannot be opened at all.

use super::grid::Grid;
use super::rows::Continuation;
use calamine::{Data, Reader, SheetType, SheetVisible, Sheets};
use std::io::Cursor;

/// One visible worksheet read into a grid.
pub struct SheetGrid {
    pub grid: Grid,
    pub continuation: Continuation,
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
    let mut wb = calamine::open_workbook_auto_from_rs(Cursor::new(bytes.clone()))
        .map_err(|_| explain_open_failure(&bytes, ole2, zip))?;
    let metas: Vec<calamine::Sheet> = wb.sheets_metadata().to_vec();
    let mut out = Vec::new();
    for m in metas {
        // Hidden sheets hold lookup lists and old versions, not the checklist.
        if m.visible != SheetVisible::Visible || m.typ != SheetType::WorkSheet {
            continue;
        }
        let Ok(range) = wb.worksheet_range(&m.name) else {
            continue;
        };
        let mut grid = Grid {
            sheet: Some(m.name.clone()),
            rows: range_rows(&range),
        };
        let merges: Option<Vec<calamine::Dimensions>> = match &mut wb {
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
        out.push(SheetGrid { grid, continuation });
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

/// A calamine range as absolute rows of text (row 0 = spreadsheet row 1).
fn range_rows(range: &calamine::Range<Data>) -> Vec<Vec<String>> {
    let Some((r0, c0)) = range.start() else {
        return Vec::new();
    };
    let mut rows: Vec<Vec<String>> = vec![Vec::new(); r0 as usize];
    for row in range.rows() {
        let mut cells = vec![String::new(); c0 as usize];
        cells.extend(row.iter().map(cell_text));
        while cells.last().is_some_and(|s| s.is_empty()) {
            cells.pop();
        }
        rows.push(cells);
    }
    rows
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
