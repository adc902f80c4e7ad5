//! Workbooks (xlsx, xlsm, xls, ods, xlsb) through calamine, opened only after the container is
//! proven safe, with every sheet read to bounded rows and columns and every calamine panic
//! turned into a reason.

use super::{Container, check_container, is_encrypted, panic_message};
use crate::model::{Say, Text};
use calamine::{Data, Reader, Sheets};
use std::io::Cursor;
use std::panic::{AssertUnwindSafe, catch_unwind};

/// Rows of one sheet read at most. A checklist has hundreds; calamine builds a dense grid of
/// every cell between the first and the last, so without a bound one cell at `XFD1048576`
/// would ask for 17 billion cells and abort the process.
pub const MAX_SHEET_ROWS: u32 = 100_000;
/// Rows with content read from one workbook at most, all its sheets together: without it, a
/// 393 KB workbook of 12 sheets of 100,000 rows took 1.7 GB.
pub const MAX_WORKBOOK_ROWS: u32 = MAX_SHEET_ROWS;
/// Columns of one sheet read at most (a checklist has a dozen).
pub const MAX_SHEET_COLUMNS: u32 = 64;

/// An opened workbook.
pub type Book = Sheets<Cursor<Vec<u8>>>;

/// Why a workbook could not be opened: what kind of trouble, the message shown after the file
/// name, and a hint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenError {
    pub kind: OpenErrorKind,
    pub message: Text,
    pub hint: Text,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpenErrorKind {
    /// Zero bytes.
    Empty,
    /// Password protected.
    Encrypted,
    /// Beyond the limits (a decompression bomb).
    Refused,
    /// Neither a zip package nor an OLE2 file.
    NotSpreadsheet,
    /// A container the reader could not make sense of (truncated, corrupt, a loop).
    Damaged,
}

/// An opened workbook, and whether any of its parts names merged cells (when none does, the
/// reader can skip calamine's second parse of every sheet looking for them).
pub struct Opened {
    pub book: Book,
    pub container: Container,
    pub has_merged_cells: bool,
}

/// Open a workbook from its bytes, after the container checks; a panic inside calamine is
/// caught and reported as a damaged file.
pub fn open_workbook(bytes: &[u8]) -> Result<Opened, OpenError> {
    let err = |kind, message: Text, hint: Say| OpenError {
        kind,
        message,
        hint: Text::new(hint),
    };
    let resave = Say::WorkbookResaveHint;
    if bytes.is_empty() {
        return Err(err(
            OpenErrorKind::Empty,
            Text::new(Say::WorkbookEmpty),
            Say::WorkbookEmptyHint,
        ));
    }
    if is_encrypted(bytes) {
        return Err(err(
            OpenErrorKind::Encrypted,
            Text::new(Say::WorkbookEncrypted),
            Say::WorkbookEncryptedHint,
        ));
    }
    let container = Container::of(bytes);
    if container == Container::Other {
        return Err(err(
            OpenErrorKind::NotSpreadsheet,
            Text::new(Say::WorkbookNotSpreadsheet),
            resave,
        ));
    }
    let has_merged_cells = check_container(bytes, "workbook", b"mergeCells").map_err(|e| {
        let kind = if matches!(
            e.key,
            Say::ZipPartTooBig | Say::ZipTooBig | Say::ZipPartInflates | Say::ZipInflates
        ) {
            OpenErrorKind::Refused
        } else {
            OpenErrorKind::Damaged
        };
        err(kind, e, resave)
    })? || container == Container::Ole;
    let owned = bytes.to_vec();
    match catch_unwind(move || calamine::open_workbook_auto_from_rs(Cursor::new(owned))) {
        Ok(Ok(book)) => Ok(Opened {
            book,
            container,
            has_merged_cells,
        }),
        Ok(Err(_)) => Err(err(
            OpenErrorKind::Damaged,
            explain_open_failure(bytes, container),
            resave,
        )),
        Err(p) => Err(err(
            OpenErrorKind::Damaged,
            Text::new(Say::WorkbookCorrupt).with("reason", panic_message(&*p)),
            resave,
        )),
    }
}

/// A specific reason for a file calamine could not open, from its typed readers.
fn explain_open_failure(bytes: &[u8], container: Container) -> Text {
    use calamine::{Ods, Xls, Xlsx, open_workbook_from_rs};
    let c = || Cursor::new(bytes.to_vec());
    let find = |needle: &[u8]| memchr::memmem::find(bytes, needle).is_some();
    match container {
        Container::Ole => match open_workbook_from_rs::<Xls<_>, _>(c()) {
            Err(e) => Text::new(Say::WorkbookNotReadable)
                .with("format", "xls")
                .with("reason", e),
            Ok(_) => Text::new(Say::WorkbookCannotOpen),
        },
        Container::Zip if find(b"word/document.xml") => Text::new(Say::WorkbookIsWord),
        Container::Zip if find(b"opendocument.spreadsheet") => {
            match open_workbook_from_rs::<Ods<_>, _>(c()) {
                Err(e) => Text::new(Say::WorkbookNotReadable)
                    .with("format", "ods")
                    .with("reason", e),
                Ok(_) => Text::new(Say::WorkbookCannotOpen),
            }
        }
        Container::Zip => match open_workbook_from_rs::<Xlsx<_>, _>(c()) {
            Err(e) => Text::new(Say::WorkbookNotReadable)
                .with("format", "xlsx")
                .with("reason", e),
            Ok(_) => Text::new(Say::WorkbookCannotOpen),
        },
        Container::Other => Text::new(Say::NotASpreadsheet),
    }
}

/// Visit the cells of sheet `name` in row order (absolute 0-based row and column), at most
/// [`MAX_SHEET_ROWS`] × [`MAX_SHEET_COLUMNS`]; true when cells beyond were present and not
/// visited. xlsx and xlsb are streamed cell by cell so nothing beyond the bounds is ever
/// allocated; xls (at most 65,536 × 256 by format) and ods (capped by calamine) go through a
/// range. A panic inside calamine is the error.
/// `visit` returns false to stop the sheet there (counted as cut).
fn visit_cells(
    wb: &mut Book,
    name: &str,
    mut visit: impl FnMut(u32, u32, &Data) -> bool,
) -> Result<bool, String> {
    let mut cut = false;
    let mut put = |r: u32, c: u32, d: &Data| -> bool {
        if r >= MAX_SHEET_ROWS {
            cut = true;
            return false;
        }
        if c >= MAX_SHEET_COLUMNS {
            cut = true;
            return true;
        }
        if !visit(r, c, d) {
            cut = true;
            return false;
        }
        true
    };
    let outcome = catch_unwind(AssertUnwindSafe(|| -> Result<(), String> {
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
                let (r0, c0) = range.start().unwrap_or((0, 0));
                for (r, c, d) in range.used_cells() {
                    if !put(r0 + r as u32, c0 + c as u32, d) {
                        break;
                    }
                }
            }
        }
        Ok(())
    }));
    match outcome {
        Ok(Ok(())) => Ok(cut),
        Ok(Err(e)) => Err(e),
        Err(p) => Err(format!(
            "the spreadsheet reader failed on this sheet ({})",
            panic_message(&*p)
        )),
    }
}

/// The cells of sheet `name` as absolute rows of text (row 0 = spreadsheet row 1), bounded as
/// [`visit_cells`] says; the flag says cells beyond were dropped. At most `budget` rows with
/// content are kept (what the workbook's earlier sheets left of [`MAX_WORKBOOK_ROWS`]); the
/// flag also says when that stopped the sheet.
pub fn bounded_rows(
    wb: &mut Book,
    name: &str,
    budget: u32,
) -> Result<(Vec<Vec<String>>, bool), String> {
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut filled = 0u32;
    let cut = visit_cells(wb, name, |r, c, d| {
        let text = cell_text(d);
        if text.is_empty() {
            return true;
        }
        let (r, c) = (r as usize, c as usize);
        if rows.get(r).is_none_or(Vec::is_empty) {
            if filled >= budget {
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
    })?;
    Ok((rows, cut))
}

/// The cells of sheet `name` as a calamine range of typed values, bounded as [`visit_cells`]
/// says; the flag says cells beyond were dropped.
pub fn bounded_range(wb: &mut Book, name: &str) -> Result<(calamine::Range<Data>, bool), String> {
    let mut cells = Vec::new();
    let cut = visit_cells(wb, name, |r, c, d| {
        if *d != Data::Empty {
            cells.push(calamine::Cell::new((r, c), d.clone()));
        }
        true
    })?;
    Ok((calamine::Range::from_sparse(cells), cut))
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
