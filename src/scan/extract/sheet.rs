//! Spreadsheets (xlsx, xls, xlsb, ods) as documents: every sheet name is a heading and every
//! row one line of its non-empty cells, tab-separated. The workbook is opened through the
//! guarded opener (`crate::office`), like a checklist.

use super::{Block, build};
use crate::model::{Say, Text};
use crate::office::{self, Container, OpenErrorKind};
use crate::scan::Extracted;
use calamine::Reader;

pub(super) fn extract(bytes: &[u8], ext: &str) -> Result<Extracted, Text> {
    let opened = office::open_workbook(bytes).map_err(|e| match e.kind {
        OpenErrorKind::Encrypted => Text::new(Say::EncryptedWorkbook),
        OpenErrorKind::Refused => e.message,
        OpenErrorKind::Empty => Text::new(Say::EmptyFile),
        OpenErrorKind::NotSpreadsheet | OpenErrorKind::Damaged => {
            Text::new(Say::DamagedWorkbook).with_text("reason", &e.message)
        }
    })?;
    let container = opened.container;
    let mut wb = opened.book;
    let mut blocks = Vec::new();
    let mut warnings = Vec::new();
    // Bounded like checklists, per sheet and for the workbook: a sparse sheet must not become
    // a dense grid of billions, nor many full sheets gigabytes.
    let mut budget = office::MAX_WORKBOOK_ROWS;
    for name in wb.sheet_names() {
        let (rows, cut) = match office::bounded_rows(&mut wb, &name, budget) {
            Ok(r) => {
                budget = budget.saturating_sub(r.0.iter().filter(|r| !r.is_empty()).count() as u32);
                r
            }
            Err(e) => {
                warnings.push(
                    Text::new(Say::SheetUnreadable)
                        .with("sheet", &name)
                        .with("reason", e),
                );
                continue;
            }
        };
        if cut {
            warnings.push(Text::new(Say::SheetPartlyRead).with("sheet", &name));
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
            return Err(Text::new(Say::DamagedWorkbook).with_texts("reason", &warnings));
        }
        return Err(Text::new(Say::EmptyWorkbook));
    }
    let encoding = if container == Container::Ole {
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
