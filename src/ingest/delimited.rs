//! CSV and TSV checklists: bytes of unknown encoding decoded first (Chinese Excel saves CSV as
//! GBK), then split with the csv crate.

use super::grid::Grid;

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

/// The decoded text as a grid, with the encoding used and whether bytes were invalid.
pub fn read_grid(bytes: &[u8], tsv: bool) -> (Grid, &'static str, bool, Option<String>) {
    let decoded = crate::text::decode(bytes);
    let delim = sniff_delimiter(&decoded.text, tsv);
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delim)
        .from_reader(decoded.text.as_bytes());
    let mut rows = Vec::new();
    let mut error = None;
    for rec in rdr.records() {
        match rec {
            Ok(r) => rows.push(r.iter().map(|s| s.to_string()).collect()),
            Err(e) => {
                error = Some(e.to_string());
                break;
            }
        }
    }
    (
        Grid { sheet: None, rows },
        decoded.encoding,
        decoded.had_errors,
        error,
    )
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
        assert_eq!(g.get(1, 1), "抽查,文件\n第二行");
        assert_eq!(g.get(1, 2), "符合");
    }

    #[test]
    fn delimiters() {
        assert_eq!(sniff_delimiter("a\tb\tc\n1\t2\t3", false), b'\t');
        assert_eq!(sniff_delimiter("a;b;c\n1;2;3", false), b';');
        assert_eq!(sniff_delimiter("a,b;c", false), b',');
        assert_eq!(sniff_delimiter("a,b,c", true), b'\t');
    }
}
