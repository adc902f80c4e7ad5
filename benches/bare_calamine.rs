//! Baseline for `isoaudit checklist check`: open every workbook in a folder with calamine and
//! visit every cell of every sheet, doing nothing else. Run by benches/run.sh:
//!   cargo bench --bench bare_calamine -- DIR

mod common;

use calamine::{Data, Reader, open_workbook_auto};

fn main() {
    let files = common::files_with_extension("bare_calamine", "xlsx");
    let (mut cells, mut chars) = (0u64, 0u64);
    for f in &files {
        let mut wb = open_workbook_auto(f).expect("a workbook");
        for name in wb.sheet_names() {
            let range = wb.worksheet_range(&name).expect("a sheet");
            for c in range.used_cells() {
                cells += 1;
                if let Data::String(s) = c.2 {
                    chars += s.len() as u64;
                }
            }
        }
    }
    println!(
        "{} workbooks, {cells} cells, {chars} bytes of text",
        files.len()
    );
}
