//! docx by hand with zip + quick-xml: the main part found through `_rels/.rels` (a renamed
//! `document.xml` still works; Strict OOXML relationship types too), body paragraphs and
//! tables, then headers, footers and notes. Tracked deletions (`w:delText`) and field codes
//! (`w:instrText`) are not text; the fallback copy of a text box (`mc:Fallback`) is skipped so
//! it is not read twice. Heading styles (`Heading1`, `Title`, Chinese Word's `1`, `2`, or an
//! outline level) make headings.

use super::{Block, build};
use crate::model::{Say, Text};
use crate::office::{Zip, rels_of, resolve};
use crate::scan::Extracted;
use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

pub(super) fn extract(bytes: &[u8], ext: &str) -> Result<Extracted, Text> {
    let mut z = Zip::open(bytes, "Word")?;
    let main = main_part(&mut z)?;
    let xml = z.text(&main)?.ok_or_else(|| {
        Text::new(Say::DamagedWord)
            .with_text("reason", &Text::new(Say::PartMissing).with("part", &main))
    })?;
    let (mut blocks, err) = paragraphs(&xml);
    let mut warnings = Vec::new();
    if let Some(e) = err {
        if blocks.is_empty() {
            return Err(Text::new(Say::DamagedWord).with_text(
                "reason",
                &Text::new(Say::XmlError)
                    .with("part", &main)
                    .with("reason", e),
            ));
        }
        warnings.push(
            Text::new(Say::XmlErrorLost)
                .with("part", &main)
                .with("reason", e),
        );
    }
    // Headers, footers and notes: after the body, in a fixed order.
    let mut extra: Vec<String> = Vec::new();
    if let Some(rels) = z.text(&rels_of(&main))? {
        for (kind, target) in relationships(&rels) {
            let k = kind.rsplit('/').next().unwrap_or("");
            if matches!(k, "header" | "footer" | "footnotes" | "endnotes") {
                extra.push(resolve(&main, &target));
            }
        }
    }
    extra.sort();
    extra.dedup();
    for part in extra {
        if let Some(x) = z.text(&part)? {
            let (b, err) = paragraphs(&x);
            blocks.extend(b);
            if let Some(e) = err {
                warnings.push(
                    Text::new(Say::XmlError)
                        .with("part", &part)
                        .with("reason", e),
                );
            }
        }
    }
    if blocks.iter().all(|b| b.text.trim().is_empty()) {
        return Err(Text::new(Say::EmptyDocument));
    }
    let mut e = build(blocks, ext, "OOXML");
    e.warnings.extend(warnings);
    Ok(e)
}

/// The main document part named by the package relationships, else `word/document.xml`.
fn main_part(z: &mut Zip) -> Result<String, Text> {
    if let Some(rels) = z.text("_rels/.rels")? {
        for (kind, target) in relationships(&rels) {
            if kind.ends_with("/officeDocument") {
                return Ok(resolve("", &target));
            }
        }
    }
    let names = z.names();
    if names
        .iter()
        .any(|n| n.eq_ignore_ascii_case("word/document.xml"))
    {
        return Ok("word/document.xml".into());
    }
    Err(Text::new(Say::DamagedWordNoMain))
}

/// `(Type, Target)` of every `Relationship` in a `.rels` part.
pub(super) fn relationships(xml: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut r = Reader::from_str(xml);
    loop {
        match r.read_event() {
            Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref() == "Relationship" => {
                let kind = attr(&e, "Type").unwrap_or_default();
                let target = attr(&e, "Target").unwrap_or_default();
                let external = attr(&e, "TargetMode").is_some_and(|m| m == "External");
                if !external {
                    out.push((kind, target));
                }
            }
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
    }
    out
}

/// An attribute's value by qualified name (`w:val`) or local name (`val`).
pub(super) fn attr(e: &BytesStart, name: &str) -> Option<String> {
    e.attributes().with_checks(false).flatten().find_map(|a| {
        let key = a.key.as_ref();
        let local = key.rsplit(':').next().unwrap_or(key);
        (key == name || local == name).then(|| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .map(|v| v.into_owned())
                .unwrap_or_else(|_| a.value.clone().into_owned())
        })
    })
}

/// Text of a character or predefined entity reference (`&amp;`, `&#20013;`).
pub(super) fn entity(r: &quick_xml::events::BytesRef) -> String {
    if let Ok(Some(c)) = r.resolve_char_ref() {
        return c.to_string();
    }
    let name = r.xml10_content();
    quick_xml::escape::resolve_predefined_entity(&name)
        .unwrap_or("")
        .to_string()
}

/// A paragraph being collected: its text and heading level.
#[derive(Default)]
struct Para {
    text: String,
    level: Option<u32>,
}

/// Paragraph blocks of one WordprocessingML part; table rows become one line, cells tab-separated.
/// The second value is the XML error that stopped the reader, if any.
fn paragraphs(xml: &str) -> (Vec<Block>, Option<String>) {
    let mut r = Reader::from_str(xml);
    let mut blocks = Vec::new();
    let mut stack: Vec<Para> = Vec::new();
    let mut in_t = false;
    let mut in_tabs = 0u32;
    let mut fallback = 0u32;
    let mut tables = 0u32;
    let mut cell = String::new();
    let mut row: Vec<String> = Vec::new();
    let push_text = |stack: &mut Vec<Para>, s: &str| {
        if let Some(p) = stack.last_mut() {
            p.text.push_str(s);
        }
    };
    loop {
        let ev = match r.read_event() {
            Ok(ev) => ev,
            Err(e) => return (blocks, Some(e.to_string())),
        };
        match ev {
            Event::Start(e) => match e.local_name().as_ref() {
                "p" if fallback == 0 => stack.push(Para::default()),
                "t" => in_t = true,
                "tabs" => in_tabs += 1,
                "Fallback" => fallback += 1,
                "tbl" => tables += 1,
                _ => {}
            },
            Event::Empty(e) if fallback == 0 => match e.local_name().as_ref() {
                "tab" if in_tabs == 0 => push_text(&mut stack, "\t"),
                "br" | "cr" => push_text(&mut stack, "\n"),
                "pStyle" => {
                    if let (Some(v), Some(p)) = (attr(&e, "val"), stack.last_mut()) {
                        p.level = p.level.or(style_level(&v));
                    }
                }
                "outlineLvl" => {
                    let lvl = attr(&e, "val").and_then(|v| v.parse::<u32>().ok());
                    if let (Some(l), Some(p)) = (lvl, stack.last_mut())
                        && l < 9
                    {
                        p.level = p.level.or(Some(l + 1));
                    }
                }
                _ => {}
            },
            Event::Text(t) if in_t && fallback == 0 => push_text(&mut stack, &t.xml10_content()),
            Event::CData(t) if in_t && fallback == 0 => push_text(&mut stack, &t.xml10_content()),
            Event::GeneralRef(g) if in_t && fallback == 0 => push_text(&mut stack, &entity(&g)),
            Event::End(e) => match e.local_name().as_ref() {
                "t" => in_t = false,
                "tabs" => in_tabs = in_tabs.saturating_sub(1),
                "Fallback" => fallback = fallback.saturating_sub(1),
                "p" if fallback == 0 => {
                    let Some(p) = stack.pop() else { continue };
                    if tables > 0 && stack.is_empty() {
                        if !cell.is_empty() && !p.text.is_empty() {
                            cell.push(' ');
                        }
                        cell.push_str(p.text.trim());
                    } else if let Some(outer) = stack.last_mut() {
                        // A text box paragraph inside a run of an outer paragraph.
                        outer.text.push(' ');
                        outer.text.push_str(&p.text);
                    } else {
                        blocks.push(match p.level {
                            Some(l) => Block::heading(l, p.text),
                            None => Block::para(p.text),
                        });
                    }
                }
                "tc" if tables > 0 => row.push(std::mem::take(&mut cell)),
                "tr" if tables > 0 => {
                    let cells: Vec<String> = std::mem::take(&mut row)
                        .into_iter()
                        .filter(|c| !c.is_empty())
                        .collect();
                    if !cells.is_empty() {
                        blocks.push(Block::para(cells.join("\t")));
                    }
                }
                "tbl" => tables = tables.saturating_sub(1),
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    (blocks, None)
}

/// Heading level of a paragraph style id: `Heading2` → 2, `Title` → 1, Chinese Word's `2` → 2.
fn style_level(style: &str) -> Option<u32> {
    let s = style.to_ascii_lowercase();
    if s == "title" || s == "标题" {
        return Some(1);
    }
    let rest = s
        .strip_prefix("heading")
        .or_else(|| s.strip_prefix("标题"))
        .unwrap_or(&s);
    let rest = rest.trim();
    match rest.parse::<u32>() {
        Ok(n @ 1..=9) => Some(n),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_tables_deletions_and_styles() {
        let xml = r#"<w:document xmlns:w="x"><w:body>
<w:p><w:pPr><w:pStyle w:val="Heading1"/><w:tabs><w:tab w:val="left"/></w:tabs></w:pPr><w:r><w:t>内部</w:t></w:r><w:r><w:t>审核</w:t></w:r></w:p>
<w:p><w:r><w:t>A</w:t><w:tab/><w:t>B &amp; C</w:t><w:delText>deleted</w:delText><w:instrText>PAGE</w:instrText></w:r></w:p>
<w:tbl><w:tr><w:tc><w:p><w:r><w:t>x</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>y</w:t></w:r></w:p></w:tc></w:tr></w:tbl>
<w:p><w:pPr><w:pStyle w:val="2"/></w:pPr><w:r><w:t>目的</w:t></w:r></w:p>
</w:body></w:document>"#;
        let (b, err) = paragraphs(xml);
        assert!(err.is_none());
        assert_eq!(
            b,
            vec![
                Block::heading(1, "内部审核"),
                Block::para("A\tB & C"),
                Block::para("x\ty"),
                Block::heading(2, "目的"),
            ]
        );
    }
}
