//! What every integration test shares: the binary run in a clean environment, the project's
//! folders, the shipped third-party fixtures and the optional full corpus, and a tracker
//! rewritten as a department's spreadsheet program would.

use assert_cmd::Command;
use calamine::{Data, Reader};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The real `isoaudit` binary, with no locale in its environment (labels default to English).
pub fn isoaudit() -> Command {
    let mut c = Command::cargo_bin("isoaudit").unwrap();
    c.env_remove("LANG")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES");
    c
}

/// The project's root folder.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The third-party files the tests ship, with their licences (`tests/fixtures/corpus`).
pub fn fixtures() -> PathBuf {
    root().join("tests/fixtures/corpus")
}

/// The text of part `name` of the zip package (xlsx, docx) at `path`.
pub fn zip_part(path: &Path, name: &str) -> String {
    let mut z = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut s = String::new();
    std::io::Read::read_to_string(&mut z.by_name(name).unwrap(), &mut s).unwrap();
    s
}

/// The full third-party corpus, only when `ISOAUDIT_CORPUS` names it (`.ci/run` sets it);
/// otherwise the test says on stderr that it is skipped (written past the test harness's
/// capture, so the user sees it).
pub fn full_corpus(test: &str) -> Option<PathBuf> {
    use std::io::Write;
    match std::env::var_os("ISOAUDIT_CORPUS") {
        Some(dir) if !dir.is_empty() => Some(PathBuf::from(dir)),
        _ => {
            let _ = writeln!(
                std::io::stderr(),
                "{test}: skipped, set ISOAUDIT_CORPUS=DIR to run it on the full corpus"
            );
            None
        }
    }
}

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
