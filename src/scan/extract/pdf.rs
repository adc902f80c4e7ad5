//! PDF text layer through lopdf (it reads Chinese fonts with predefined CMaps such as
//! STSong-Light + UniGB-UCS2-H, where pdf-extract panics). Each page's content is inflated with
//! a size limit. A PDF whose pages give (almost) no text, or mostly U+FFFD and private-use
//! code points, is a scan or has no usable text layer: reported, never mapped as empty.
//! The caller runs this under `catch_unwind`.

use super::{Block, build, is_title_line, looks_like_heading};
use crate::office::MAX_PART_BYTES;
use crate::scan::Extracted;

pub(super) fn extract(bytes: &[u8]) -> Result<Extracted, String> {
    if !bytes.starts_with(b"%PDF")
        && !bytes[..bytes.len().min(1024)]
            .windows(4)
            .any(|w| w == b"%PDF")
    {
        return Err("damaged PDF: no %PDF header".into());
    }
    let doc = lopdf::Document::load_mem(bytes).map_err(|e| {
        let s = e.to_string();
        if s.to_lowercase().contains("encrypt") || s.to_lowercase().contains("password") {
            format!("encrypted: password-protected PDF ({s})")
        } else {
            format!("damaged PDF: {s}")
        }
    })?;
    if doc.is_encrypted() {
        return Err("encrypted: password-protected PDF".into());
    }
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    if pages.is_empty() {
        return Err("no text layer: the PDF has no pages".into());
    }
    let mut blocks = Vec::new();
    let mut warnings = Vec::new();
    for p in &pages {
        let text = match doc.extract_text_with_limit(&[*p], MAX_PART_BYTES as usize) {
            Ok(t) => t,
            Err(e) => {
                warnings.push(format!("page {p}: no text read ({e})"));
                continue;
            }
        };
        let mut para = String::new();
        for line in text.lines() {
            let first = blocks.is_empty() && para.is_empty() && !line.trim().is_empty();
            let heading =
                looks_like_heading(line).or_else(|| (first && is_title_line(line)).then_some(1));
            if let Some(level) = heading {
                if !para.is_empty() {
                    blocks.push(Block::para(std::mem::take(&mut para)));
                }
                blocks.push(Block::heading(level, line.trim()));
            } else if line.trim().is_empty() {
                if !para.is_empty() {
                    blocks.push(Block::para(std::mem::take(&mut para)));
                }
            } else {
                if !para.is_empty() {
                    para.push('\n');
                }
                para.push_str(line.trim_end());
            }
        }
        if !para.is_empty() {
            blocks.push(Block::para(para));
        }
    }
    let all: String = blocks.iter().map(|b| b.text.as_str()).collect();
    let readable = all
        .chars()
        .filter(|c| c.is_alphanumeric() && !is_junk(*c))
        .count();
    let junk = all.chars().filter(|c| is_junk(*c)).count();
    if readable < 16 {
        return Err(format!(
            "no text layer: {} page(s) but no text (a scan? isoaudit does not do OCR)",
            pages.len()
        ));
    }
    if junk * 3 > readable {
        return Err("no usable text layer: the fonts carry no character mapping (text comes out as U+FFFD or private-use code points)".into());
    }
    let mut e = build(blocks, "pdf", "PDF");
    e.warnings.extend(warnings);
    Ok(e)
}

fn is_junk(c: char) -> bool {
    c == '\u{FFFD}' || ('\u{E000}'..='\u{F8FF}').contains(&c)
}
