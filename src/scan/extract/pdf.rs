//! PDF text layer through lopdf (it reads Chinese fonts with predefined CMaps such as
//! STSong-Light + UniGB-UCS2-H, where pdf-extract panics). Each page's content is inflated with
//! a size limit. A PDF whose pages give (almost) no text, or mostly U+FFFD and private-use
//! code points, is a scan or has no usable text layer: reported, never mapped as empty.
//! The caller runs this under `catch_unwind`.

use super::{Block, build, is_title_line, looks_like_heading, names_a_document};
use crate::model::{Say, Text};
use crate::office::MAX_PART_BYTES;
use crate::scan::Extracted;

/// Pages read from one PDF at most; the rest are left out with a warning.
pub(crate) const MAX_PAGES: usize = 10_000;

/// Up to this many pages, each is read on its own (its errors named by page, a paragraph ends
/// with its page). Above it, the pages are read in one pass: lopdf builds its page list anew
/// for every call, so a call per page was quadratic (2,500 pages 0.8 s, 20,000 pages 86 s).
const PAGE_BY_PAGE: usize = 256;

pub(super) fn extract(bytes: &[u8]) -> Result<Extracted, Text> {
    extract_with(bytes, MAX_PAGES)
}

fn extract_with(bytes: &[u8], max_pages: usize) -> Result<Extracted, Text> {
    if !bytes.starts_with(b"%PDF")
        && !bytes[..bytes.len().min(1024)]
            .windows(4)
            .any(|w| w == b"%PDF")
    {
        return Err(Text::new(Say::DamagedPdf).with_text("reason", &Text::new(Say::NoPdfHeader)));
    }
    let doc = lopdf::Document::load_mem(bytes).map_err(|e| {
        let s = e.to_string();
        if s.to_lowercase().contains("encrypt") || s.to_lowercase().contains("password") {
            Text::new(Say::EncryptedPdf)
        } else {
            Text::new(Say::DamagedPdf).with("reason", s)
        }
    })?;
    if doc.is_encrypted() {
        return Err(Text::new(Say::EncryptedPdf));
    }
    let mut pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    if pages.is_empty() {
        return Err(Text::new(Say::NoPdfPages));
    }
    let mut blocks = Vec::new();
    let mut warnings = Vec::new();
    if pages.len() > max_pages {
        warnings.push(
            Text::new(Say::PdfPagesCut)
                .with("max", max_pages)
                .with("pages", pages.len()),
        );
        pages.truncate(max_pages);
    }
    // Each text with its page number when read page by page.
    let texts: Vec<(Option<u32>, String)> = if pages.len() <= PAGE_BY_PAGE {
        pages
            .iter()
            .filter_map(
                |p| match doc.extract_text_with_limit(&[*p], MAX_PART_BYTES as usize) {
                    Ok(t) => Some((Some(*p), t)),
                    Err(e) => {
                        warnings.push(
                            Text::new(Say::PdfPageNoText)
                                .with("page", p)
                                .with("reason", e),
                        );
                        None
                    }
                },
            )
            .collect()
    } else {
        // One pass over every page; a failing page (or font) is one error chunk among them.
        let mut text = String::new();
        let mut failed = 0;
        let mut first = None;
        for chunk in doc.extract_text_chunks_with_limit(&pages, MAX_PART_BYTES as usize) {
            match chunk {
                Ok(t) => text.push_str(&t),
                Err(e) => {
                    failed += 1;
                    first.get_or_insert_with(|| e.to_string());
                }
            }
        }
        if let Some(e) = first {
            warnings.push(
                Text::new(Say::PdfPartsNoText)
                    .with("n", failed)
                    .with("reason", e),
            );
        }
        vec![(None, text)]
    };
    for (page, text) in &texts {
        let first_block = blocks.len();
        let mut para = String::new();
        for line in text.lines() {
            let first = blocks.is_empty() && para.is_empty() && !line.trim().is_empty();
            // A document's name under a letterhead keeps a line of its own, as in plain text.
            let heading = looks_like_heading(line)
                .or_else(|| (first && is_title_line(line)).then_some(1))
                .or_else(|| (blocks.len() < 12 && names_a_document(line.trim())).then_some(1));
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
        if let Some(b) = blocks.get_mut(first_block) {
            b.page = *page;
        }
    }
    let all: String = blocks.iter().map(|b| b.text.as_str()).collect();
    let readable = all
        .chars()
        .filter(|c| c.is_alphanumeric() && !is_junk(*c))
        .count();
    let junk = all.chars().filter(|c| is_junk(*c)).count();
    if readable < 16 {
        return Err(Text::new(Say::PdfNoText).with("pages", pages.len()));
    }
    if junk * 3 > readable {
        return Err(Text::new(Say::PdfNoUsableText));
    }
    let mut e = build(blocks, "pdf", "PDF");
    e.warnings.extend(warnings);
    Ok(e)
}

fn is_junk(c: char) -> bool {
    c == '\u{FFFD}' || ('\u{E000}'..='\u{F8FF}').contains(&c)
}

#[cfg(test)]
mod tests {
    use super::*;
    use lopdf::content::{Content, Operation};
    use lopdf::{Document, Object, Stream, dictionary};

    /// A PDF of `n` pages, page `i` holding one line "Page i: ..." in Helvetica.
    pub(crate) fn pdf_of_pages(n: u32) -> Vec<u8> {
        let mut doc = Document::with_version("1.5");
        let pages_id = doc.new_object_id();
        let font_id = doc.add_object(dictionary! {
            "Type" => "Font",
            "Subtype" => "Type1",
            "BaseFont" => "Helvetica",
        });
        let resources_id = doc.add_object(dictionary! {
            "Font" => dictionary! { "F1" => font_id },
        });
        let mut kids: Vec<Object> = Vec::new();
        for i in 1..=n {
            let content = Content {
                operations: vec![
                    Operation::new("BT", vec![]),
                    Operation::new("Tf", vec!["F1".into(), 12.into()]),
                    Operation::new("Td", vec![72.into(), 720.into()]),
                    Operation::new(
                        "Tj",
                        vec![Object::string_literal(format!(
                            "Page {i}: document control procedure text"
                        ))],
                    ),
                    Operation::new("ET", vec![]),
                ],
            };
            let content_id = doc.add_object(Stream::new(dictionary! {}, content.encode().unwrap()));
            let page_id = doc.add_object(dictionary! {
                "Type" => "Page",
                "Parent" => pages_id,
                "Contents" => content_id,
            });
            kids.push(page_id.into());
        }
        let pages = dictionary! {
            "Type" => "Pages",
            "Kids" => kids,
            "Count" => n as i64,
            "Resources" => resources_id,
            "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
        };
        doc.objects.insert(pages_id, Object::Dictionary(pages));
        let catalog_id = doc.add_object(dictionary! {
            "Type" => "Catalog",
            "Pages" => pages_id,
        });
        doc.trailer.set("Root", catalog_id);
        let mut out = Vec::new();
        doc.save_to(&mut out).unwrap();
        out
    }

    fn text(e: &Extracted) -> String {
        e.text.clone()
    }

    #[test]
    fn pages_over_the_cap_are_left_out_with_a_warning() {
        let pdf = pdf_of_pages(5);
        let e = extract_with(&pdf, 3).unwrap();
        let t = text(&e);
        assert!(t.contains("Page 3:") && !t.contains("Page 4:"), "{t}");
        assert!(
            e.warnings
                .iter()
                .any(|w| w.to_string() == "only the first 3 of 5 pages read (the limit per PDF)"),
            "{:?}",
            e.warnings
        );
        let whole = extract_with(&pdf, MAX_PAGES).unwrap();
        assert!(whole.warnings.is_empty(), "{:?}", whole.warnings);
        assert!(text(&whole).contains("Page 5:"));
    }

    /// Each page's lines know their page, so evidence can say "p. 3"; the file name (line 0)
    /// has none.
    #[test]
    fn lines_know_their_page() {
        let e = extract_with(&pdf_of_pages(3), MAX_PAGES).unwrap();
        for (n, line) in e.text.lines().enumerate() {
            if let Some(i) = line.strip_prefix("Page ").and_then(|r| r.split(':').next()) {
                assert_eq!(
                    e.page_of(n as u32 + 1).map(|p| p.to_string()).as_deref(),
                    Some(i)
                );
            }
        }
        assert_eq!(e.pages.len(), 3, "{:?}", e.pages);
        assert_eq!(e.page_of(0), None);
    }

    /// Above the page-by-page size every page is still read, in order, in one pass.
    #[test]
    fn long_pdfs_are_read_whole_in_one_pass() {
        let n = PAGE_BY_PAGE as u32 + 20;
        let e = extract_with(&pdf_of_pages(n), MAX_PAGES).unwrap();
        let t = text(&e);
        let mut at = 0;
        for i in 1..=n {
            let needle = format!("Page {i}:");
            let found = t[at..].find(&needle).map(|k| k + at);
            assert!(found.is_some(), "page {i} missing or out of order");
            at = found.unwrap();
        }
        assert!(e.warnings.is_empty(), "{:?}", e.warnings);
    }
}
