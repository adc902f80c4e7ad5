//! OpenDocument text: `content.xml`, where `text:h` is a heading (with its outline level) and
//! `text:p` a paragraph; `text:tab`, `text:s text:c="N"` and `text:line-break` are whitespace.

use super::docx::{attr, entity};
use super::{Block, build};
use crate::model::{Say, Text};
use crate::office::Zip;
use crate::scan::Extracted;
use quick_xml::Reader;
use quick_xml::events::Event;

pub(super) fn extract(bytes: &[u8], ext: &str) -> Result<Extracted, Text> {
    let mut z = Zip::open(bytes, "OpenDocument")?;
    let xml = z.text("content.xml")?.ok_or_else(|| {
        Text::new(Say::DamagedOdt).with_text(
            "reason",
            &Text::new(Say::PartMissing).with("part", "content.xml"),
        )
    })?;
    let mut r = Reader::from_str(&xml);
    let mut blocks = Vec::new();
    // (text, heading level) of the open paragraphs; notes nest paragraphs inside paragraphs.
    let mut stack: Vec<(String, Option<u32>)> = Vec::new();
    let mut warnings = Vec::new();
    loop {
        let ev = match r.read_event() {
            Ok(ev) => ev,
            Err(e) if blocks.is_empty() => {
                return Err(Text::new(Say::DamagedOdt).with_text(
                    "reason",
                    &Text::new(Say::XmlError)
                        .with("part", "content.xml")
                        .with("reason", e),
                ));
            }
            Err(e) => {
                warnings.push(
                    Text::new(Say::XmlErrorLost)
                        .with("part", "content.xml")
                        .with("reason", e),
                );
                break;
            }
        };
        match ev {
            Event::Start(e) => match e.local_name().as_ref() {
                "h" => {
                    let lvl = attr(&e, "outline-level").and_then(|v| v.parse().ok());
                    stack.push((String::new(), Some(lvl.unwrap_or(1))));
                }
                "p" => stack.push((String::new(), None)),
                _ => {}
            },
            Event::Empty(e) => {
                let s = match e.local_name().as_ref() {
                    "tab" => "\t".to_string(),
                    "line-break" => "\n".to_string(),
                    "s" => {
                        let n = attr(&e, "c").and_then(|v| v.parse().ok()).unwrap_or(1usize);
                        " ".repeat(n.min(64))
                    }
                    _ => String::new(),
                };
                if let Some(p) = stack.last_mut() {
                    p.0.push_str(&s);
                }
            }
            Event::Text(t) => {
                if let Some(p) = stack.last_mut() {
                    p.0.push_str(&t.xml10_content());
                }
            }
            Event::GeneralRef(g) => {
                if let Some(p) = stack.last_mut() {
                    p.0.push_str(&entity(&g));
                }
            }
            Event::End(e) if matches!(e.local_name().as_ref(), "h" | "p") => {
                if let Some((text, level)) = stack.pop() {
                    if let Some(outer) = stack.last_mut() {
                        outer.0.push(' ');
                        outer.0.push_str(&text);
                    } else {
                        blocks.push(match level {
                            Some(l) => Block::heading(l, text),
                            None => Block::para(text),
                        });
                    }
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if blocks.iter().all(|b| b.text.trim().is_empty()) {
        return Err(Text::new(Say::EmptyDocument));
    }
    let mut e = build(blocks, ext, "OpenDocument");
    e.warnings.extend(warnings);
    Ok(e)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn odt(content: &str) -> Vec<u8> {
        let mut buf = std::io::Cursor::new(Vec::new());
        let mut z = zip::ZipWriter::new(&mut buf);
        let opts = zip::write::SimpleFileOptions::default();
        z.start_file("mimetype", opts).unwrap();
        z.write_all(b"application/vnd.oasis.opendocument.text")
            .unwrap();
        z.start_file("content.xml", opts).unwrap();
        z.write_all(content.as_bytes()).unwrap();
        z.finish().unwrap();
        buf.into_inner()
    }

    #[test]
    fn headings_paragraphs_and_spaces() {
        let xml = r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="o" xmlns:text="t"><office:body><office:text>
<text:h text:outline-level="1">管理评审程序</text:h>
<text:p>评审输入<text:tab/>评审输出<text:s text:c="2"/>A &amp; B<text:line-break/>下一行</text:p>
</office:text></office:body></office:document-content>"#;
        let e = extract(&odt(xml), "odt").unwrap();
        assert_eq!(e.title, "管理评审程序");
        assert_eq!(e.headings, vec![(1, "管理评审程序".to_string())]);
        assert_eq!(e.text, "管理评审程序\n评审输入\t评审输出  A & B\n下一行\n");
        assert!(extract(&odt("<office:document-content/>"), "odt").is_err());
        assert!(
            extract(b"not a zip", "odt")
                .unwrap_err()
                .to_string()
                .starts_with("damaged")
        );
    }
}
