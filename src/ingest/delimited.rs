//! CSV and TSV checklists: bytes of unknown encoding decoded first (Chinese Excel saves CSV as
//! GBK), then split with the csv crate.

use super::grid::Grid;
use crate::model::{Say, Text};

/// The delimiter a text most likely uses: the one among comma, tab and semicolon that occurs
/// most often in the first lines.
fn sniff_delimiter(text: &str, tsv: bool) -> u8 {
    if tsv {
        return b'\t';
    }
    let head: String = text.lines().take(20).collect::<Vec<_>>().join("\n");
    let count = |c: char| head.matches(c).count();
    let (comma, tab, semi) = (count(','), count('\t'), count(';'));
    if tab > comma && tab >= semi {
        b'\t'
    } else if semi > comma && semi > tab {
        b';'
    } else {
        b','
    }
}

/// Rows read from one CSV at most, as for a sheet of a workbook.
pub const MAX_ROWS: usize = crate::office::MAX_SHEET_ROWS as usize;

/// Cells of one row kept at most, as for a sheet of a workbook.
const MAX_COLUMNS: usize = crate::office::MAX_SHEET_COLUMNS as usize;

/// Cells on one line of a CSV at most.
pub const MAX_CELLS_PER_LINE: usize = 4096;

/// A problem splitting the CSV: the 1-based line where it starts, and what it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SplitError {
    pub line: Option<u32>,
    pub message: crate::model::Text,
}

/// The decoded text as a grid, with the encoding used, whether bytes were invalid, and what
/// stopped or spoiled the split. A quote that is never closed, or one that swallows what look
/// like whole rows, is an error naming the line it opens on: the csv crate reads it quietly as
/// one long cell, and the rows after it were lost without a word.
#[cfg(test)]
pub fn read_grid(bytes: &[u8], tsv: bool) -> (Grid, &'static str, bool, Option<SplitError>) {
    let decoded = crate::text::decode(bytes);
    read_text(&decoded.text, decoded.encoding, decoded.had_errors, tsv)
}

/// [`read_grid`] of text already decoded as `encoding`.
pub fn read_text(
    text: &str,
    encoding: &'static str,
    had_errors: bool,
    tsv: bool,
) -> (Grid, &'static str, bool, Option<SplitError>) {
    let delim = sniff_delimiter(text, tsv);
    // A line of thousands of cells is no checklist: refused before the csv crate makes a
    // record of millions of fields (a 62 MB file of commas took 3.7 GB).
    for (i, line) in text.lines().enumerate() {
        if memchr::memchr_iter(delim, line.as_bytes())
            .nth(MAX_CELLS_PER_LINE)
            .is_some()
        {
            return (
                Grid {
                    sheet: None,
                    rows: Vec::new(),
                },
                encoding,
                had_errors,
                Some(SplitError {
                    line: u32::try_from(i + 1).ok(),
                    message: Text::new(Say::CsvTooManyCells).with("max", MAX_CELLS_PER_LINE),
                }),
            );
        }
    }
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delim)
        .from_reader(text.as_bytes());
    let mut rows: Vec<Vec<String>> = Vec::new();
    // Where each record starts: (line, byte).
    let mut starts: Vec<(u64, usize)> = Vec::new();
    let mut error = None;
    let mut rec = csv::StringRecord::new();
    let mut cut_columns = false;
    loop {
        let at = rdr.position().clone();
        match rdr.read_record(&mut rec) {
            Ok(false) => break,
            Ok(true) => {
                if rows.len() == MAX_ROWS {
                    error = Some(SplitError {
                        line: u32::try_from(at.line()).ok(),
                        message: Text::new(Say::CsvTooManyRows).with("max", MAX_ROWS),
                    });
                    break;
                }
                starts.push((at.line(), at.byte() as usize));
                // Columns past the sheet cap are not kept (a checklist has a dozen).
                if rec.iter().skip(MAX_COLUMNS).any(|c| !c.trim().is_empty()) {
                    cut_columns = true;
                }
                rows.push(
                    rec.iter()
                        .take(MAX_COLUMNS)
                        .map(|s| s.to_string())
                        .collect(),
                );
            }
            Err(e) => {
                error = Some(SplitError {
                    line: e.position().and_then(|p| u32::try_from(p.line()).ok()),
                    message: Text::verbatim(e.to_string()),
                });
                break;
            }
        }
    }
    if error.is_none() {
        error = swallowing_quote(text, delim, &rows, &starts);
    }
    if error.is_none() && cut_columns {
        error = Some(SplitError {
            line: None,
            message: Text::new(Say::CsvPastColumn).with("max", MAX_COLUMNS),
        });
    }
    (Grid { sheet: None, rows }, encoding, had_errors, error)
}

/// The 1-based numbers of the lines of `text` holding a replacement character (bytes that did
/// not decode), the first `max` of them, and how many there are in all.
pub fn undecoded_lines(text: &str, max: usize) -> (Vec<usize>, usize) {
    let hits: Vec<usize> = text
        .lines()
        .enumerate()
        .filter(|(_, l)| l.contains('\u{FFFD}'))
        .map(|(i, _)| i + 1)
        .collect();
    let n = hits.len();
    (hits.into_iter().take(max).collect(), n)
}

/// `bytes` whose lines are some UTF-8 and some GBK (a file pasted together from two sources):
/// each line decoded in its own encoding, with a sentence saying which lines are which. `None`
/// unless both kinds occur and every line decodes in one of them.
pub fn as_mixed_lines(bytes: &[u8]) -> Option<(String, crate::model::Text)> {
    let mut text = String::with_capacity(bytes.len() * 3 / 2);
    let (mut utf8, mut gbk): (Vec<usize>, Vec<usize>) = (Vec::new(), Vec::new());
    for (i, line) in bytes.split_inclusive(|&b| b == b'\n').enumerate() {
        if let Ok(s) = std::str::from_utf8(line) {
            if !s.is_ascii() {
                utf8.push(i + 1);
            }
            text.push_str(s);
        } else {
            let s = encoding_rs::GBK.decode_without_bom_handling_and_without_replacement(line)?;
            gbk.push(i + 1);
            text.push_str(&s);
        }
    }
    if utf8.is_empty() || gbk.is_empty() {
        return None;
    }
    let list = |v: &[usize]| {
        let mut s: Vec<String> = v.iter().take(5).map(usize::to_string).collect();
        if v.len() > 5 {
            s.push("…".into());
        }
        s.join(", ")
    };
    Some((
        text,
        crate::model::Text::new(crate::model::Say::CsvMixed)
            .with("gbk", gbk.len())
            .with("gbk_lines", list(&gbk))
            .with("utf8", utf8.len())
            .with("utf8_lines", list(&utf8)),
    ))
}

/// `bytes` as UTF-16 without a BOM, little- or big-endian, when they decode cleanly as one and
/// hold a line break: what a "Unicode text" export of Chinese text looks like (few NUL bytes,
/// so the general detection does not see it).
pub fn as_utf16(bytes: &[u8]) -> Option<(String, &'static str)> {
    if bytes.len() < 4 || bytes.len() % 2 == 1 {
        return None;
    }
    [encoding_rs::UTF_16LE, encoding_rs::UTF_16BE]
        .into_iter()
        .find_map(|enc| {
            enc.decode_without_bom_handling_and_without_replacement(bytes)
                .filter(|t| t.contains('\n') && !t.contains('\0'))
                .map(|t| (t.into_owned(), enc.name()))
        })
}

/// The first record whose quoted cell runs on past where it should have closed: an odd number
/// of quotes from the last record to the end of the file (never closed), or a cell holding
/// line breaks followed by lines with as many delimiters as a row has (it swallowed rows).
fn swallowing_quote(
    text: &str,
    delim: u8,
    rows: &[Vec<String>],
    starts: &[(u64, usize)],
) -> Option<SplitError> {
    let width = rows.iter().map(Vec::len).max().unwrap_or(0);
    let row_like = width.saturating_sub(2).max(2);
    let delim = delim as char;
    for (i, row) in rows.iter().enumerate() {
        let (line, byte) = starts[i];
        let end = starts.get(i + 1).map_or(text.len(), |s| s.1);
        let raw = text.get(byte..end).unwrap_or("");
        let lines = raw.trim_end_matches(['\r', '\n']).matches('\n').count() + 1;
        if lines == 1 {
            continue;
        }
        let last = i + 1 == rows.len();
        let unclosed = last && raw.matches('"').count() % 2 == 1;
        let swallowed = row.iter().any(|cell| {
            cell.contains('\n')
                && cell
                    .lines()
                    .skip(1)
                    .any(|l| l.matches(delim).count() >= row_like)
        });
        if unclosed || swallowed {
            let to = line as usize + lines - 1;
            return Some(SplitError {
                line: u32::try_from(line).ok(),
                message: Text::new(if unclosed {
                    Say::CsvRunOnUnclosed
                } else {
                    Say::CsvRunOn
                })
                .with("to", to)
                .with("lines", lines),
            });
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gbk_csv_with_quoted_newlines() {
        let s = "条款,审核内容,结论\r\n7.5.3,\"抽查,文件\n第二行\",符合\r\n";
        let (b, _, _) = encoding_rs::GBK.encode(s);
        let (g, enc, bad, err) = read_grid(&b, false);
        assert_eq!((enc, bad, err), ("GBK", false, None));
        assert_eq!(g.rows.len(), 2);
        assert_eq!(g.get(1, 1), "抽查,文件\n第二行");
        assert_eq!(g.get(1, 2), "符合");
    }

    #[test]
    fn an_unclosed_quote_is_an_error_naming_its_line() {
        let s = "条款,审核内容,结论,描述\n7.4,公示,符合,\n7.5.3,\"文件,一般不符合,作废\n8.5.1,执法,严重不符合,未审核\n9.2,审核,严重不符合,无计划\n";
        let (g, _, _, err) = read_grid(s.as_bytes(), false);
        let err = err.expect("an error");
        assert_eq!(err.line, Some(3), "{err:?}");
        assert!(
            err.message.to_string().contains("runs on to line 5"),
            "{}",
            err.message
        );
        assert!(
            err.message.to_string().contains("quote never closed"),
            "{}",
            err.message
        );
        assert_eq!(g.rows.len(), 3);
        // A quote closed later on, after swallowing rows, is caught too.
        let s = "a,b,c,d\n1,\"x\n2,y,z,w\n3,q\",r,s\n4,e,f,g\n";
        let (_, _, _, err) = read_grid(s.as_bytes(), false);
        assert_eq!(err.map(|e| e.line), Some(Some(2)));
        // A cell with line breaks of its own is fine.
        let s = "a,b,c,d\n1,\"第一行\n第二行\n第三行\",r,s\n";
        assert_eq!(read_grid(s.as_bytes(), false).3, None);
    }

    #[test]
    fn rows_past_the_cap_are_not_read_and_said_so() {
        let mut s = String::from("a,b\n");
        for i in 0..MAX_ROWS + 5 {
            s.push_str(&format!("{i},x\n"));
        }
        let (g, _, _, err) = read_grid(s.as_bytes(), false);
        assert_eq!(g.rows.len(), MAX_ROWS);
        let err = err.unwrap();
        assert!(
            err.message.to_string().starts_with("more than 100000 rows"),
            "{}",
            err.message
        );
        assert_eq!(err.line, Some(MAX_ROWS as u32 + 1));
    }

    #[test]
    fn utf16_without_bom_and_undecoded_lines() {
        let s = "条款,审核内容,结论\n7.5.3,文件,符合\n";
        let le: Vec<u8> = s.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let be: Vec<u8> = s.encode_utf16().flat_map(u16::to_be_bytes).collect();
        assert_eq!(as_utf16(&le), Some((s.to_string(), "UTF-16LE")));
        assert_eq!(as_utf16(&be).map(|x| x.1), Some("UTF-16BE"));
        assert_eq!(as_utf16(s.as_bytes()), None);
        assert_eq!(
            undecoded_lines("a\nb\u{FFFD}\nc\n\u{FFFD}", 1),
            (vec![2], 2)
        );
    }

    #[test]
    fn a_line_of_thousands_of_cells_is_refused() {
        let s = format!("a,b\n{}\n", ",".repeat(MAX_CELLS_PER_LINE + 1));
        let (g, _, _, err) = read_grid(s.as_bytes(), false);
        assert!(g.rows.is_empty());
        assert_eq!(err.unwrap().line, Some(2));
    }

    #[test]
    fn delimiters() {
        assert_eq!(sniff_delimiter("a\tb\tc\n1\t2\t3", false), b'\t');
        assert_eq!(sniff_delimiter("a;b;c\n1;2;3", false), b';');
        assert_eq!(sniff_delimiter("a,b;c", false), b',');
        assert_eq!(sniff_delimiter("a,b,c", true), b'\t');
    }
}
