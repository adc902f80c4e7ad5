//! txt, md and csv: decode bytes of unknown encoding (UTF-8 with or without BOM, UTF-16,
//! GBK/GB18030, Big5), then split into headings and paragraphs.

use super::{Block, build, looks_like_heading};
use crate::scan::Extracted;
use crate::text::decode;

/// txt and md. Markdown headings (`#`) and numbered section lines become headings; runs of
/// other lines are paragraphs. Markdown markup that would hide words (`**`, `|`, backticks)
/// is left in: it does not stop a match.
pub(super) fn plain(bytes: &[u8], format: &str) -> Result<Extracted, String> {
    let d = decode(bytes);
    if d.text.trim().is_empty() {
        return Err("no text: the file is empty".into());
    }
    let md = format == "md";
    let mut blocks = Vec::new();
    let mut para = String::new();
    let flush = |para: &mut String, blocks: &mut Vec<Block>| {
        if !para.is_empty() {
            blocks.push(Block::para(std::mem::take(para)));
        }
    };
    for raw in d.text.lines() {
        let line = raw.trim_end();
        let first = blocks.iter().all(|b: &Block| b.text.is_empty()) && para.is_empty();
        let heading = if md {
            md_heading(line)
        } else {
            looks_like_heading(line).map(|l| (l, line.trim().to_string()))
        }
        .or_else(|| (first && is_title_line(line)).then(|| (1, line.trim().to_string())));
        match heading {
            Some((level, text)) => {
                flush(&mut para, &mut blocks);
                blocks.push(Block::heading(level, text));
            }
            None if line.trim().is_empty() => {
                flush(&mut para, &mut blocks);
                blocks.push(Block::para(""));
            }
            None => {
                if !para.is_empty() {
                    para.push('\n');
                }
                para.push_str(line);
            }
        }
    }
    flush(&mut para, &mut blocks);
    let mut e = build(blocks, format, d.encoding);
    if d.had_errors {
        e.warnings.push(format!(
            "some bytes are not valid {}; they were replaced",
            d.encoding
        ));
    }
    Ok(e)
}

/// The first line of a plain text file is its title when it is short and not a sentence.
fn is_title_line(line: &str) -> bool {
    let t = line.trim();
    let n = t.chars().count();
    (2..=60).contains(&n)
        && !t.ends_with(['。', '.', ',', '，', ';', '；', ':', '：'])
        && !t.starts_with(['<', '|', '-', '*', '{', '!', '['])
}

/// `## Title` → (2, "Title"); setext and other forms are treated as text.
fn md_heading(line: &str) -> Option<(u32, String)> {
    let t = line.trim_start();
    let hashes = t.chars().take_while(|&c| c == '#').count();
    if (1..=6).contains(&hashes) {
        let rest = &t[hashes..];
        if rest.is_empty() || rest.starts_with([' ', '\t']) {
            let text = rest.trim().trim_end_matches('#').trim();
            return (!text.is_empty()).then(|| (hashes as u32, text.to_string()));
        }
    }
    None
}

/// csv/tsv: every record becomes one line of its non-empty cells joined by tabs (quoted cells
/// with line breaks stay one record). A file the csv reader rejects is read as plain text.
pub(super) fn csv(bytes: &[u8], format: &str) -> Result<Extracted, String> {
    let d = decode(bytes);
    if d.text.trim().is_empty() {
        return Err("no text: the file is empty".into());
    }
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(if format == "tsv" { b'\t' } else { b',' })
        .from_reader(d.text.as_bytes());
    let mut blocks = Vec::new();
    for rec in rdr.records() {
        match rec {
            Ok(r) => {
                let cells: Vec<&str> = r.iter().map(str::trim).filter(|c| !c.is_empty()).collect();
                blocks.push(Block::para(cells.join("\t")));
            }
            Err(_) => {
                return plain(bytes, "txt").map(|mut e| {
                    e.format = format.to_string();
                    e.warnings.push("not valid CSV; read as plain text".into());
                    e
                });
            }
        }
    }
    Ok(build(blocks, format, d.encoding))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_headings_and_gbk_text() {
        let e = plain(
            "# 内部审核程序\n\n## 1 目的\n本程序规定\n内部审核。\n".as_bytes(),
            "md",
        )
        .unwrap();
        assert_eq!(e.title, "内部审核程序");
        assert_eq!(e.headings[1].1, "1 目的");
        assert!(e.text.contains("本程序规定内部审核。"));

        let (gbk, _, _) = encoding_rs::GBK.encode("文件控制程序\r\n1 目的\r\n规范文件的控制。\r\n");
        let e = plain(&gbk, "txt").unwrap();
        assert_eq!(e.encoding, "GBK");
        assert_eq!(e.title, "文件控制程序");
        assert!(e.headings.iter().any(|(_, h)| h == "1 目的"));
        assert!(!e.text.contains('\r'));
    }

    #[test]
    fn csv_records_become_lines() {
        let e = csv("条款,要求\n7.5,\"文件\n控制\"\n".as_bytes(), "csv").unwrap();
        assert_eq!(e.text, "条款\t要求\n7.5\t文件控制\n");
        assert!(plain(b"  \n", "txt").is_err());
    }
}
