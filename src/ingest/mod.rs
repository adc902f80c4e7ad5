//! Checklist ingestion: spreadsheets and CSV in, `Checklist` plus diagnostics out.
//!
//! Not only our own template: in each visible sheet the header row is looked for in the first
//! 20 rows by column titles in both languages; sheets without one (cover, instructions) are
//! skipped. Merged clause and department cells apply to every row they span. Every problem
//! is a diagnostic naming file, sheet and cell with a hint; nothing here panics or prints.

mod delimited;
mod grid;
mod header;
mod rows;
mod summary;
pub mod template;

pub mod vocab;
mod workbook;

pub use grid::{Grid, a1};
pub use header::{Field, HEADER_SEARCH_ROWS, Header, classify, find_header};
pub use summary::{Summary, summarize};

use crate::catalog::Catalog;
use crate::model::{Checklist, ChecklistMeta, Diagnostic, Ingested, Location, Say, Text};
use rows::{Continuation, read_meta, read_rows};

/// File name endings read as workbooks.
const WORKBOOK_EXTENSIONS: &[&str] = &["xlsx", "xlsm", "xls", "ods", "xlsb"];

/// Rows of a sheet without a checklist header searched for cover facts.
const COVER_ROWS: usize = 30;

/// Read one checklist file. I/O problems and unreadable files become diagnostics; the
/// checklist is `None` only when nothing at all could be read.
pub fn read_checklist(path: &std::path::Path, catalog: &Catalog) -> Ingested {
    let name = path.display().to_string();
    let limit = crate::office::MAX_FILE_BYTES;
    if let Ok(m) = std::fs::metadata(path)
        && m.len() > limit
    {
        return Ingested {
            checklist: None,
            diagnostics: vec![
                Diagnostic::error(
                    Location::file(&name),
                    Text::new(Say::FileTooLarge)
                        .with("size", m.len() / (1024 * 1024))
                        .with("limit", limit / (1024 * 1024)),
                )
                .with_hint(Text::new(Say::FileTooLargeHint)),
            ],
        };
    }
    match std::fs::read(path) {
        Ok(bytes) => read_checklist_bytes(&name, &bytes, catalog),
        Err(e) => Ingested {
            checklist: None,
            diagnostics: vec![
                Diagnostic::error(
                    Location::file(&name),
                    Text::new(Say::CannotReadFile).with("reason", e),
                )
                .with_hint(Text::new(Say::CannotReadFileHint)),
            ],
        },
    }
}

/// Read a checklist held in memory; `name` gives the format (by its ending) and is used in
/// every diagnostic.
pub fn read_checklist_bytes(name: &str, bytes: &[u8], catalog: &Catalog) -> Ingested {
    let mut got = read_any(name, bytes, catalog);
    cap_diagnostics(name, &mut got.diagnostics);
    got
}

/// A small table (CSV/TSV of any encoding, or the first visible sheet of a workbook) as rows
/// of text cells with the sheet's name (`None` for CSV), for inputs other than checklists (the
/// review's indicators). `Err` says why nothing could be read.
pub fn read_table(name: &str, bytes: &[u8]) -> Result<(Option<String>, Vec<Vec<String>>), Text> {
    let lower = name.to_lowercase();
    if lower.ends_with(".csv") || lower.ends_with(".tsv") || lower.ends_with(".txt") {
        let d = crate::text::decode(bytes);
        let (grid, _, _, err) =
            delimited::read_text(&d.text, d.encoding, d.had_errors, lower.ends_with(".tsv"));
        match err {
            Some(e) if grid.rows.is_empty() => Err(e.message),
            _ => Ok((None, grid.rows)),
        }
    } else {
        let sheets = workbook::read_sheets(bytes).map_err(|e| e.message)?;
        sheets
            .into_iter()
            .next()
            .map(|s| (s.grid.sheet, s.grid.rows))
            .ok_or_else(|| Text::new(Say::NoVisibleSheet))
    }
}

/// Diagnostics kept per checklist file at most; the rest are counted in one more line (a file
/// of 100,000 bad rows wrote 1.9 million lines, 518 MB, to stderr).
pub const MAX_DIAGNOSTICS_PER_FILE: usize = 200;

/// Keep the first [`MAX_DIAGNOSTICS_PER_FILE`] diagnostics (errors first, then by place) and
/// say how many more there were; an error among those left out keeps the line an error.
fn cap_diagnostics(name: &str, diags: &mut Vec<Diagnostic>) {
    cap_counting(name, diags, (0, 0));
}

/// [`cap_diagnostics`], adding `earlier` (problems, errors) already left out of this file.
fn cap_counting(name: &str, diags: &mut Vec<Diagnostic>, earlier: (usize, usize)) {
    if diags.len() <= MAX_DIAGNOSTICS_PER_FILE && earlier.0 == 0 {
        return;
    }
    diags.sort();
    let rest = if diags.len() > MAX_DIAGNOSTICS_PER_FILE {
        diags.split_off(MAX_DIAGNOSTICS_PER_FILE)
    } else {
        Vec::new()
    };
    let n = rest.len() + earlier.0;
    let errors = rest.iter().filter(|d| d.is_error()).count() + earlier.1;
    let line = Text::new(Say::MoreProblems)
        .with("n", n)
        .with("errors", errors)
        .with("warnings", n - errors)
        .with("shown", MAX_DIAGNOSTICS_PER_FILE);
    let hint = Text::new(Say::MoreProblemsHint);
    diags.push(if errors > 0 {
        Diagnostic::error(Location::file(name), line).with_hint(hint)
    } else {
        Diagnostic::warning(Location::file(name), line).with_hint(hint)
    });
}

/// [`cap_diagnostics`] for every file the diagnostics name (an assessment adds its own to
/// what ingestion kept); what ingestion already left out is counted in the one line.
pub fn cap_diagnostics_per_file(diags: &mut Vec<Diagnostic>) {
    let mut by_file: std::collections::BTreeMap<String, Vec<Diagnostic>> =
        std::collections::BTreeMap::new();
    for d in diags.drain(..) {
        by_file.entry(d.location.file.clone()).or_default().push(d);
    }
    for (file, mut v) in by_file {
        // The line of an earlier cap carries its counts.
        let mut earlier = (0, 0);
        v.retain(|d| {
            if d.message.key != Say::MoreProblems {
                return true;
            }
            let num = |name: &str| {
                d.message
                    .args
                    .get(name)
                    .map(|a| a.to_string().parse::<usize>().unwrap_or(0))
                    .unwrap_or(0)
            };
            earlier.0 += num("n");
            earlier.1 += num("errors");
            false
        });
        cap_counting(&file, &mut v, earlier);
        diags.extend(v);
    }
}

fn read_any(name: &str, bytes: &[u8], catalog: &Catalog) -> Ingested {
    let ext = std::path::Path::new(name)
        .extension()
        .and_then(|e| e.to_str())
        .map(|e| e.to_ascii_lowercase())
        .unwrap_or_default();
    if ext == "csv" || ext == "tsv" {
        read_delimited(name, bytes, ext == "tsv", catalog)
    } else if WORKBOOK_EXTENSIONS.contains(&ext.as_str()) {
        read_workbook(name, bytes, catalog)
    } else {
        Ingested {
            checklist: None,
            diagnostics: vec![
                Diagnostic::error(Location::file(name), Text::new(Say::NotASpreadsheet))
                    .with_hint(Text::new(Say::NotASpreadsheetHint)),
            ],
        }
    }
}

fn read_workbook(name: &str, bytes: &[u8], catalog: &Catalog) -> Ingested {
    let sheets = match workbook::read_sheets(bytes) {
        Ok(s) => s,
        Err(e) => {
            return Ingested {
                checklist: None,
                diagnostics: vec![
                    Diagnostic::error(Location::file(name), e.message).with_hint(e.hint),
                ],
            };
        }
    };
    let mut diags = Vec::new();
    for s in sheets.iter().filter(|s| s.cut) {
        diags.push(
            Diagnostic::warning(
                Location {
                    file: name.to_string(),
                    sheet: s.grid.sheet.clone(),
                    cell: None,
                    line: None,
                },
                Text::new(Say::SheetCut)
                    .with("rows", crate::office::MAX_SHEET_ROWS)
                    .with("columns", crate::office::MAX_SHEET_COLUMNS)
                    .with("total", crate::office::MAX_WORKBOOK_ROWS),
            )
            .with_hint(Text::new(Say::SheetCutHint)),
        );
    }
    let grids: Vec<(Grid, Continuation)> = sheets
        .into_iter()
        .map(|s| (s.grid, s.continuation))
        .collect();
    assemble(name, grids, catalog, diags)
}

fn read_delimited(name: &str, bytes: &[u8], tsv: bool, catalog: &Catalog) -> Ingested {
    let decoded = crate::text::decode(bytes);
    let got = read_decoded(
        name,
        &decoded.text,
        decoded.encoding,
        decoded.had_errors,
        tsv,
        catalog,
    );
    if !has_no_header(&got) {
        return got;
    }
    // No header: the bytes may be UTF-16 without a BOM that the general detection missed.
    if let Some((text, enc)) = delimited::as_utf16(bytes) {
        let mut retry = read_decoded(name, &text, enc, false, tsv, catalog);
        if !has_no_header(&retry) {
            retry.diagnostics.push(
                Diagnostic::warning(
                    Location::file(name),
                    Text::new(Say::CsvReadAs).with("encoding", enc),
                )
                .with_hint(Text::new(Say::CsvReadAsHint)),
            );
            retry.diagnostics.sort();
            return retry;
        }
    }
    // Lines of two encodings: each read in its own, and said so.
    if let Some((text, what)) = delimited::as_mixed_lines(bytes) {
        let mut retry = read_decoded(name, &text, "UTF-8", false, tsv, catalog);
        if !has_no_header(&retry) {
            retry.diagnostics.push(
                Diagnostic::warning(Location::file(name), what)
                    .with_hint(Text::new(Say::CsvMixedHint)),
            );
            retry.diagnostics.sort();
            return retry;
        }
    }
    // Say what the text was taken for: a header in another encoding looks like no header.
    let mut got = got;
    let (lines, n) = delimited::undecoded_lines(&decoded.text, 5);
    for d in got.diagnostics.iter_mut() {
        if is_no_header(d) {
            d.message = if n > 0 {
                let list: Vec<String> = lines.iter().map(usize::to_string).collect();
                Text::new(Say::NoHeaderUndecoded)
                    .with(
                        "lines",
                        format!(
                            "{}{}",
                            list.join(", "),
                            if n > lines.len() { ", …" } else { "" }
                        ),
                    )
                    .with("n", n)
            } else {
                Text::new(Say::NoHeaderEncoding)
            }
            .with_text("message", &d.message)
            .with("encoding", decoded.encoding);
        }
    }
    got
}

fn has_no_header(i: &Ingested) -> bool {
    i.diagnostics.iter().any(is_no_header)
}

fn is_no_header(d: &Diagnostic) -> bool {
    matches!(d.message.key, Say::NoHeader | Say::NoHeaderSheets)
}

fn read_decoded(
    name: &str,
    text: &str,
    encoding: &'static str,
    had_errors: bool,
    tsv: bool,
    catalog: &Catalog,
) -> Ingested {
    let (grid, encoding, had_errors, error) = delimited::read_text(text, encoding, had_errors, tsv);
    let mut diags = Vec::new();
    if had_errors {
        let (lines, n) = delimited::undecoded_lines(text, 5);
        let list: Vec<String> = lines.iter().map(usize::to_string).collect();
        diags.push(
            Diagnostic::warning(
                Location::file(name),
                Text::new(Say::CsvReplaced).with("encoding", encoding).with(
                    "lines",
                    format!(
                        "{}{}",
                        list.join(", "),
                        if n > lines.len() { ", …" } else { "" }
                    ),
                ),
            )
            .with_hint(Text::new(Say::CsvMixedHint)),
        );
    }
    if let Some(e) = error {
        diags.push(
            Diagnostic::error(
                Location {
                    line: e.line,
                    ..Location::file(name)
                },
                Text::new(Say::CsvCannotSplit).with_text("reason", &e.message),
            )
            .with_hint(Text::new(Say::CsvSplitHint)),
        );
    }
    assemble(
        name,
        vec![(grid, Continuation::BlankContinues)],
        catalog,
        diags,
    )
}

/// Checklist rows from every sheet with a header; cover facts from every sheet.
fn assemble(
    name: &str,
    grids: Vec<(Grid, Continuation)>,
    catalog: &Catalog,
    mut diagnostics: Vec<Diagnostic>,
) -> Ingested {
    let mut meta = ChecklistMeta::default();
    let mut rows = Vec::new();
    let mut found_header = false;
    let mut names = Vec::new();
    let mut outside: Vec<String> = Vec::new();
    for (grid, continuation) in &grids {
        names.push(grid.sheet.clone().unwrap_or_default());
        match find_header(grid) {
            Some(h) => {
                found_header = true;
                read_meta(name, grid, h.row, &mut meta, &mut diagnostics);
                let got = read_rows(name, grid, &h, catalog, *continuation);
                if got.rows.is_empty() {
                    let first = h.columns.iter().map(|&(_, c)| c).min().unwrap_or(0);
                    let at = Location {
                        file: name.to_string(),
                        sheet: grid.sheet.clone(),
                        cell: Some(a1(h.row, first)),
                        line: Some(h.row as u32 + 1),
                    };
                    // A blank template is not a mistake: said, not an error.
                    diagnostics.push(if got.placeholder_rows > 0 {
                        Diagnostic::warning(at, Text::new(Say::BlankTemplate))
                            .with_hint(Text::new(Say::BlankTemplateHint))
                    } else {
                        Diagnostic::error(at, Text::new(Say::EmptyChecklist))
                            .with_hint(Text::new(Say::EmptyChecklistHint))
                    });
                }
                rows.extend(got.rows);
                diagnostics.extend(got.diagnostics);
                outside.extend(got.outside_catalog);
            }
            None => read_meta(name, grid, COVER_ROWS, &mut meta, &mut diagnostics),
        }
    }
    // Said once for the file, not once a row: a checklist of another standard is not wrong.
    if !outside.is_empty() {
        let n = outside.len();
        outside.sort();
        outside.dedup();
        let shown = outside.len().min(5);
        let more = if outside.len() > shown { ", …" } else { "" };
        diagnostics.push(
            Diagnostic::warning(
                Location::file(name),
                Text::new(Say::ClausesOutsideCatalog)
                    .with("n", n)
                    .with("clauses", format!("{}{more}", outside[..shown].join(", "))),
            )
            .with_hint(Text::new(Say::ClausesOutsideCatalogHint)),
        );
    }
    if !found_header {
        let where_ = if grids.iter().any(|(g, _)| g.sheet.is_some()) {
            Text::new(Say::NoHeaderSheets)
                .with("rows", HEADER_SEARCH_ROWS)
                .with("sheets", names.join(", "))
        } else {
            Text::new(Say::NoHeader).with("rows", HEADER_SEARCH_ROWS)
        };
        diagnostics.push(
            Diagnostic::error(Location::file(name), where_).with_hint(Text::new(Say::NoHeaderHint)),
        );
    }
    Ingested {
        checklist: Some(Checklist {
            file: name.to_string(),
            meta,
            rows,
        }),
        diagnostics,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Outcome;

    fn gbk(s: &str) -> Vec<u8> {
        encoding_rs::GBK.encode(s).0.into_owned()
    }

    #[test]
    fn foreign_gbk_csv_with_continuation_and_diagnostics() {
        let c = Catalog::embedded();
        let src = "安河区局内部审核检查表,,,,,\r\n\
审核编号,DGZJ-2026-IA01,,,,\r\n\
条款号,责任部门,审核项目,审核发现,结论,不符合事实\r\n\
第7.5.3条,办公室,文件是否受控,抽查5份均受控,符合,\r\n\
,,作废文件是否收回,窗口仍有旧版表格,不符合,使用了作废的申请表\r\n\
7.9,执法大队,x,y,合格?,\r\n\
8.5.1,执法大队,案件是否法制审核,,严重不符合,\r\n\
,,文件是否受控,再次抽查,符合,\r\n\
审核员签字：,,,,,\r\n";
        let got = read_checklist_bytes("anhe.csv", &gbk(src), &c);
        let cl = got.checklist.unwrap();
        assert_eq!(cl.meta.audit_id.as_deref(), Some("DGZJ-2026-IA01"));
        assert_eq!(cl.rows.len(), 5);
        let r = &cl.rows[1];
        assert_eq!(r.clause.as_ref().unwrap().to_string(), "7.5.3");
        assert_eq!(r.department, "办公室");
        assert_eq!((r.outcome, r.graded), (Outcome::Minor, false));
        assert_eq!(r.source.line, Some(5));
        assert_eq!(cl.rows[2].clause, None);
        assert_eq!(cl.rows[4].clause.as_ref().unwrap().to_string(), "8.5.1");
        assert_eq!(cl.rows[4].department, "执法大队");
        let msgs: Vec<String> = got.diagnostics.iter().map(|d| d.to_string()).collect();
        let want = [
            "error: anhe.csv, cell D7: major NC without evidence",
            "error: anhe.csv, cell F7: major NC without a finding statement",
            "error: anhe.csv, cell A6: unknown clause \"7.9\"",
            "error: anhe.csv, cell E6: unknown result \"合格?\"",
        ];
        for w in want {
            assert!(
                msgs.iter().any(|m| m.starts_with(w)),
                "missing {w} in {msgs:#?}"
            );
        }
        assert_eq!(
            got.diagnostics.iter().filter(|d| d.is_error()).count(),
            4,
            "{msgs:#?}"
        );
    }

    #[test]
    fn no_header_and_not_a_spreadsheet() {
        let c = Catalog::embedded();
        let got = read_checklist_bytes("notes.csv", b"hello,world\n1,2\n", &c);
        assert_eq!(got.diagnostics.len(), 1);
        assert!(
            got.diagnostics[0]
                .message
                .to_string()
                .contains("no checklist header row")
        );
        let got = read_checklist_bytes("a.docx", b"PK\x03\x04", &c);
        assert!(got.checklist.is_none());
        assert_eq!(
            got.diagnostics[0].to_string().lines().next().unwrap(),
            "error: a.docx: not a spreadsheet"
        );
        let got = read_checklist_bytes("a.xlsx", b"garbage", &c);
        assert!(got.checklist.is_none());
        assert_eq!(got.diagnostics.len(), 1);
        let got = read_checklist_bytes("e.csv", "条款,审核内容,结论\n".as_bytes(), &c);
        assert!(
            got.diagnostics[0]
                .to_string()
                .starts_with("error: e.csv, cell A1: empty checklist"),
            "{:?}",
            got.diagnostics
        );
    }

    #[test]
    fn duplicate_questions_warn() {
        let c = Catalog::embedded();
        let src = "条款,审核内容,结论,部门\n7.2,培训记录是否齐全,符合,办公室\n7.2,培训记录是否齐全 ,符合,办公室\n7.2,培训记录是否齐全,符合,法规科\n";
        let got = read_checklist_bytes("d.csv", src.as_bytes(), &c);
        assert_eq!(got.diagnostics.len(), 1, "{:?}", got.diagnostics);
        assert!(!got.diagnostics[0].is_error());
        assert!(got.diagnostics[0].to_string().starts_with(
            "warning: d.csv, cell B3: the same question for the same clause and department as row 2"
        ));
    }
}
