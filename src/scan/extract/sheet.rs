//! Spreadsheets (xlsx, xls, xlsb, ods) through calamine: every sheet name is a heading and every
//! row one line of its non-empty cells, tab-separated. Zip-based workbooks pass the same
//! decompression-bomb check as documents before calamine inflates them.

use super::{Block, build};
use crate::scan::Extracted;
use calamine::Reader;
use std::io::Cursor;

/// OLE2 compound file signature: legacy `.xls`, and also what an encrypted OOXML file is.
const OLE_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

pub(super) fn extract(bytes: &[u8], ext: &str) -> Result<Extracted, String> {
    let ole = bytes.starts_with(OLE_MAGIC);
    if ole && matches!(ext, "xlsx" | "xlsm" | "xlsb") {
        return Err("encrypted: password-protected workbook (an OLE container, not a zip)".into());
    }
    if ole {
        crate::ingest::check_ole_chains(bytes)?;
    }
    if !ole && ext != "xls" {
        super::zipped::check_inflated(bytes, "workbook")?;
    }
    let mut wb = calamine::open_workbook_auto_from_rs(Cursor::new(bytes))
        .map_err(|e| format!("damaged workbook: {e}"))?;
    let mut blocks = Vec::new();
    let mut warnings = Vec::new();
    // Bounded like checklists, per sheet and for the workbook: a sparse sheet must not become
    // a dense grid of billions, nor many full sheets gigabytes.
    let mut budget = crate::ingest::MAX_WORKBOOK_ROWS;
    for name in wb.sheet_names() {
        let (rows, cut) = match crate::ingest::bounded_rows(&mut wb, &name, budget) {
            Ok(r) => {
                budget = budget.saturating_sub(r.0.iter().filter(|r| !r.is_empty()).count() as u32);
                r
            }
            Err(e) => {
                warnings.push(format!("sheet {name}: cannot be read: {e}"));
                continue;
            }
        };
        if cut {
            warnings.push(format!(
                "sheet {name}: only the first rows and columns were read"
            ));
        }
        blocks.push(Block::heading(2, name.clone()));
        for row in rows {
            let cells: Vec<String> = row
                .iter()
                .map(|c| c.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect();
            if !cells.is_empty() {
                blocks.push(Block::para(cells.join("\t")));
            }
        }
    }
    if blocks.iter().all(|b| b.heading.is_some()) {
        if !warnings.is_empty() {
            return Err(format!("damaged workbook: {}", warnings.join("; ")));
        }
        return Err("no text: the workbook has no cell text".into());
    }
    let encoding = if ole {
        "BIFF"
    } else if ext == "ods" {
        "OpenDocument"
    } else {
        "OOXML"
    };
    let mut e = build(blocks, ext, encoding);
    e.warnings.extend(warnings);
    Ok(e)
}
