//! Helpers shared by the register's integration tests.

use calamine::{Data, Reader};
use std::collections::BTreeMap;
use std::path::Path;

/// Rewrite a workbook as a department's spreadsheet program would: the same sheets and values,
/// with `edits` (sheet, row, column) → text applied.
pub fn rewrite(src: &Path, out: &Path, edits: &BTreeMap<(String, u32, u16), String>) {
    let mut book = calamine::open_workbook_auto(src).unwrap();
    let mut wb = rust_xlsxwriter::Workbook::new();
    for (name, range) in book.worksheets() {
        let ws = wb.add_worksheet().set_name(&name).unwrap();
        let (r0, c0) = range.start().unwrap_or((0, 0));
        for (r, row) in range.rows().enumerate() {
            for (c, v) in row.iter().enumerate() {
                let (r, c) = (r0 + r as u32, (c0 + c as u32) as u16);
                match v {
                    Data::String(s) => {
                        ws.write_string(r, c, s).unwrap();
                    }
                    Data::Float(f) => {
                        ws.write_number(r, c, *f).unwrap();
                    }
                    Data::Int(i) => {
                        ws.write_number(r, c, *i as f64).unwrap();
                    }
                    _ => {}
                }
            }
        }
        for ((sheet, r, c), v) in edits {
            if *sheet == name {
                ws.write_string(*r, *c, v).unwrap();
            }
        }
    }
    wb.save(out).unwrap();
}
