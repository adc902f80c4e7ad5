//! Checklist workbooks (xlsx, xlsm, xls, ods, xlsb): visible worksheets to grids, with merged
//! regions filled. Opening and the bounds are the guarded opener's (`crate::office`).

use super::grid::Grid;
use super::rows::Continuation;
use crate::office::{self, OpenError};
use calamine::{Reader, SheetType, SheetVisible, Sheets};

/// One visible worksheet read into a grid.
pub struct SheetGrid {
    pub grid: Grid,
    pub continuation: Continuation,
    /// Cells beyond [`office::MAX_SHEET_ROWS`] or [`office::MAX_SHEET_COLUMNS`] were present and
    /// not read.
    pub cut: bool,
}

/// Open the workbook (through the guarded opener) and read every visible worksheet.
pub fn read_sheets(bytes: &[u8]) -> Result<Vec<SheetGrid>, OpenError> {
    let opened = office::open_workbook(bytes)?;
    Ok(read_all(opened))
}

fn read_all(opened: office::Opened) -> Vec<SheetGrid> {
    let office::Opened {
        book: mut wb,
        has_merged_cells,
        ..
    } = opened;
    let metas: Vec<calamine::Sheet> = wb.sheets_metadata().to_vec();
    let mut out = Vec::new();
    let mut budget = office::MAX_WORKBOOK_ROWS;
    for m in metas {
        // Hidden sheets hold lookup lists and old versions, not the checklist.
        if m.visible != SheetVisible::Visible || m.typ != SheetType::WorkSheet {
            continue;
        }
        let Ok((rows, cut)) = office::bounded_rows(&mut wb, &m.name, budget) else {
            continue;
        };
        let used = rows.iter().filter(|r| !r.is_empty()).count() as u32;
        budget = budget.saturating_sub(used);
        let mut grid = Grid {
            sheet: Some(m.name.clone()),
            rows,
        };
        let merges: Option<Vec<calamine::Dimensions>> = match &mut wb {
            Sheets::Xlsx(_) if !has_merged_cells => Some(Vec::new()),
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
    out
}

#[cfg(test)]
mod cap_tests {
    use super::*;

    /// Many full sheets: the rows of all of them together are capped, and the sheet the cap
    /// stopped says so.
    #[test]
    fn rows_are_capped_per_workbook_not_only_per_sheet() {
        let mut wb = rust_xlsxwriter::Workbook::new();
        let per_sheet = crate::office::MAX_WORKBOOK_ROWS / 2 - 1;
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
        assert_eq!(
            rows.iter().sum::<usize>(),
            crate::office::MAX_WORKBOOK_ROWS as usize
        );
        assert_eq!(rows[0], per_sheet as usize);
        assert_eq!(
            sheets.iter().map(|s| s.cut).collect::<Vec<_>>(),
            [false, false, true]
        );
    }
}
