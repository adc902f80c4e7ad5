//! Filling a Word document's main part (`word/document.xml`) from a template with placeholders,
//! so every office can number and design its own forms.
//!
//! - `{{name}}` anywhere in the text is replaced by the value of `name` (escaped; line breaks
//!   become Word line breaks).
//! - `{{#name}}` … `{{/name}}` repeats what lies between for every item of the list `name`;
//!   inside, `{{field}}` is looked up in the item first, then outside it. When both markers sit
//!   in one table row, the row repeats; otherwise the paragraphs between the markers' own
//!   paragraphs do (the markers' paragraphs are dropped). `{{#name/page}}` puts each item after
//!   the first on a new page.
//!
//! Word splits what a person typed into several runs (spelling marks, a change of font), so a
//! paragraph whose text holds `{{` is first joined into its first run: the placeholder is found
//! however it was typed. An unknown placeholder or a block that does not close is an error
//! naming it.

use std::collections::BTreeMap;

/// What a template is filled with.
#[derive(Debug, Clone, Default)]
pub struct Values {
    pub fields: BTreeMap<String, String>,
    pub lists: BTreeMap<String, Vec<BTreeMap<String, String>>>,
}

/// Why a template cannot be filled.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TemplateError {
    #[error("unknown placeholder {{{{{0}}}}}")]
    Unknown(String),
    #[error("{{{{#{0}}}}} is not closed by {{{{/{0}}}}}")]
    Unclosed(String),
    #[error("unknown list {{{{#{0}}}}}")]
    UnknownList(String),
    #[error("a placeholder is not closed: {0}")]
    Broken(String),
}

impl TemplateError {
    /// The error as a catalogue message, said in the reader's language where it is printed.
    pub fn text(&self) -> crate::model::Text {
        use crate::model::{Say, Text};
        match self {
            TemplateError::Unknown(n) => Text::new(Say::TplUnknown).with("name", n),
            TemplateError::Unclosed(n) => Text::new(Say::TplUnclosed).with("name", n),
            TemplateError::UnknownList(n) => Text::new(Say::TplUnknownList).with("name", n),
            TemplateError::Broken(t) => Text::new(Say::TplBroken).with("text", t),
        }
    }
}

/// Fill `xml` (a `word/document.xml`) with `values`. The template is read once, left to
/// right: what a value brings in (a cell that holds `{{…}}`) is never read as a placeholder.
pub fn fill(xml: &str, values: &Values) -> Result<String, TemplateError> {
    let xml = join_placeholder_runs(xml);
    let mut out = String::with_capacity(xml.len() * 2);
    let mut pos = 0;
    while let Some(k) = xml[pos..].find("{{#") {
        let block = find_block(&xml, pos + k, values)?;
        out.push_str(&replace_fields(
            &xml[pos..block.start],
            &values.fields,
            None,
        )?);
        for (i, item) in block.items.iter().enumerate() {
            if block.paged && i > 0 {
                out.push_str(PAGE_BREAK);
            }
            out.push_str(&replace_fields(&block.body, &values.fields, Some(item))?);
        }
        pos = block.end;
    }
    out.push_str(&replace_fields(&xml[pos..], &values.fields, None)?);
    Ok(out)
}

/// Every `<w:p …>…</w:p>` whose text holds `{{` gets all its text in its first `<w:t>`.
fn join_placeholder_runs(xml: &str) -> String {
    let mut out = String::with_capacity(xml.len());
    let mut rest = xml;
    while let Some(start) = find_paragraph(rest) {
        let Some(len) = rest[start..].find("</w:p>") else {
            break;
        };
        let end = start + len + "</w:p>".len();
        out.push_str(&rest[..start]);
        out.push_str(&join_runs(&rest[start..end]));
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// The start of the next `<w:p>` or `<w:p …>` (not `<w:pPr>`, `<w:proofErr>`, …).
fn find_paragraph(s: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(k) = s[from..].find("<w:p") {
        let at = from + k;
        match s.as_bytes().get(at + 4) {
            Some(b'>') | Some(b' ') => return Some(at),
            _ => from = at + 4,
        }
    }
    None
}

/// The `(content start, content end)` of every `<w:t>` element in `p`.
fn text_spans(p: &str) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut from = 0;
    while let Some(k) = p[from..].find("<w:t") {
        let at = from + k;
        let after = p.as_bytes().get(at + 4).copied();
        let Some(close) = p[at..].find('>') else {
            break;
        };
        let open_end = at + close + 1;
        if !matches!(after, Some(b'>') | Some(b' ')) || p[..open_end].ends_with("/>") {
            from = open_end;
            continue;
        }
        let Some(e) = p[open_end..].find("</w:t>") else {
            break;
        };
        spans.push((open_end, open_end + e));
        from = open_end + e;
    }
    spans
}

/// A placeholder split across text elements is moved whole into the element it starts in;
/// the runs around it keep their own formatting.
fn join_runs(p: &str) -> String {
    let spans = text_spans(p);
    if spans.len() < 2 || !p.contains("{{") && !p.contains('{') {
        return p.to_string();
    }
    let mut texts: Vec<String> = spans.iter().map(|&(a, b)| p[a..b].to_string()).collect();
    let open = |s: &str| s.matches("{{").count() > s.matches("}}").count() || s.ends_with('{');
    let mut i = 0;
    while i < texts.len() {
        let mut j = i + 1;
        while open(&texts[i]) && j < texts.len() {
            let next = std::mem::take(&mut texts[j]);
            texts[i].push_str(&next);
            j += 1;
        }
        i = j;
    }
    let mut out = String::with_capacity(p.len());
    let mut last = 0;
    for (&(a, b), t) in spans.iter().zip(&texts) {
        // An element that now holds more text must keep its spaces.
        let open_tag = &p[last..a];
        if t.as_str() != &p[a..b] && open_tag.ends_with("<w:t>") {
            out.push_str(&open_tag[..open_tag.len() - "<w:t>".len()]);
            out.push_str("<w:t xml:space=\"preserve\">");
        } else {
            out.push_str(open_tag);
        }
        out.push_str(t);
        last = b;
    }
    out.push_str(&p[last..]);
    out
}

/// A repeated block of the template: the bytes it replaces, what repeats, and for what.
struct Block<'v> {
    start: usize,
    end: usize,
    body: String,
    items: &'v [BTreeMap<String, String>],
    paged: bool,
}

/// The block whose `{{#name}}` marker is at `open`.
fn find_block<'v>(xml: &str, open: usize, values: &'v Values) -> Result<Block<'v>, TemplateError> {
    let Some(close_rel) = xml[open..].find("}}") else {
        return Err(TemplateError::Broken(snippet(xml, open)));
    };
    let tag = xml[open + 3..open + close_rel].trim();
    let (name, paged) = match tag.strip_suffix("/page") {
        Some(n) => (n.trim(), true),
        None => (tag, false),
    };
    let items = values
        .lists
        .get(name)
        .ok_or_else(|| TemplateError::UnknownList(name.to_string()))?;
    let end_marker = format!("{{{{/{name}}}}}");
    let Some(end_rel) = xml[open..].find(&end_marker) else {
        return Err(TemplateError::Unclosed(name.to_string()));
    };
    let end = open + end_rel;
    let open_marker = &xml[open..open + close_rel + 2];
    let broken = |at: usize| TemplateError::Broken(snippet(xml, at));
    // A table row holding both markers repeats as a row.
    let row_start = xml[..open]
        .rfind("<w:tr>")
        .or_else(|| xml[..open].rfind("<w:tr "));
    let row_end = xml[open..]
        .find("</w:tr>")
        .map(|k| open + k + "</w:tr>".len());
    if let (Some(rs), Some(re)) = (row_start, row_end)
        && end < re
        && !xml[rs..open].contains("</w:tr>")
    {
        let body = xml[rs..re]
            .replacen(open_marker, "", 1)
            .replacen(&end_marker, "", 1);
        return Ok(Block {
            start: rs,
            end: re,
            body,
            items,
            paged,
        });
    }
    // Otherwise the paragraphs between the markers' own paragraphs.
    let ps = find_paragraph_before(xml, open).ok_or_else(|| broken(open))?;
    let pe = xml[open..]
        .find("</w:p>")
        .map(|k| open + k + "</w:p>".len())
        .ok_or_else(|| broken(open))?;
    let es = find_paragraph_before(xml, end).ok_or_else(|| broken(end))?;
    let ee = xml[end..]
        .find("</w:p>")
        .map(|k| end + k + "</w:p>".len())
        .ok_or_else(|| broken(end))?;
    let body = if es >= pe {
        xml[pe..es].to_string()
    } else {
        String::new()
    };
    Ok(Block {
        start: ps,
        end: ee,
        body,
        items,
        paged,
    })
}

/// A paragraph holding only a page break.
const PAGE_BREAK: &str = r#"<w:p><w:r><w:br w:type="page"/></w:r></w:p>"#;

fn find_paragraph_before(xml: &str, at: usize) -> Option<usize> {
    let mut end = at;
    while let Some(k) = xml[..end].rfind("<w:p") {
        if matches!(xml.as_bytes().get(k + 4), Some(b'>') | Some(b' ')) {
            return Some(k);
        }
        end = k;
    }
    None
}

fn snippet(xml: &str, at: usize) -> String {
    let end = xml[at..]
        .char_indices()
        .nth(40)
        .map_or(xml.len(), |(k, _)| at + k);
    xml[at..end].to_string()
}

/// Replace every `{{field}}` with its value from `item`, then `fields`.
fn replace_fields(
    xml: &str,
    fields: &BTreeMap<String, String>,
    item: Option<&BTreeMap<String, String>>,
) -> Result<String, TemplateError> {
    let mut out = String::with_capacity(xml.len());
    let mut rest = xml;
    while let Some(k) = rest.find("{{") {
        out.push_str(&rest[..k]);
        let Some(e) = rest[k..].find("}}") else {
            return Err(TemplateError::Broken(snippet(rest, k)));
        };
        let name = rest[k + 2..k + e].trim();
        let value = item
            .and_then(|i| i.get(name))
            .or_else(|| fields.get(name))
            .ok_or_else(|| TemplateError::Unknown(name.to_string()))?;
        out.push_str(&text_xml(value));
        rest = &rest[k + e + 2..];
    }
    out.push_str(rest);
    Ok(out)
}

/// A value as the content of a `<w:t>`: escaped, its line breaks as Word line breaks, and no
/// character XML 1.0 forbids (a control character from a cell would break the document).
pub fn text_xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\n' => out.push_str("</w:t><w:br/><w:t xml:space=\"preserve\">"),
            '\r' => {}
            '\t' => out.push_str("</w:t><w:tab/><w:t xml:space=\"preserve\">"),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values() -> Values {
        let mut v = Values::default();
        v.fields.insert("office".into(), "临湖县局 & <co>".into());
        let item = |id: &str, text: &str| {
            BTreeMap::from([
                ("id".to_string(), id.to_string()),
                ("text".into(), text.into()),
            ])
        };
        v.lists.insert(
            "ncs".into(),
            vec![item("NC01", "一\n二"), item("NC02", "三")],
        );
        v
    }

    #[test]
    fn fields_split_across_runs_are_found_and_escaped() {
        let xml = r#"<w:body><w:p><w:r><w:rPr><w:b/></w:rPr><w:t>单位：{{off</w:t></w:r><w:proofErr/><w:r><w:t>ice}}</w:t></w:r></w:p></w:body>"#;
        let out = fill(xml, &values()).unwrap();
        assert!(out.contains("单位：临湖县局 &amp; &lt;co&gt;"), "{out}");
        assert!(!out.contains("{{"), "{out}");
        // Runs that hold no part of a placeholder keep their own formatting.
        let xml = r#"<w:p><w:r><w:rPr><w:b/></w:rPr><w:t>单位：</w:t></w:r><w:r><w:t>{{office}}</w:t></w:r></w:p>"#;
        let out = fill(xml, &values()).unwrap();
        assert!(
            out.contains("<w:b/></w:rPr><w:t>单位：</w:t></w:r><w:r><w:t>临湖县局"),
            "{out}"
        );
    }

    #[test]
    fn paragraph_blocks_and_table_rows_repeat() {
        let xml = concat!(
            "<w:body><w:p><w:r><w:t>{{#ncs/page}}</w:t></w:r></w:p>",
            "<w:p><w:r><w:t>{{id}}: {{text}} ({{office}})</w:t></w:r></w:p>",
            "<w:p><w:r><w:t>{{/ncs}}</w:t></w:r></w:p>",
            "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>{{#ncs}}{{id}}</w:t></w:r></w:p></w:tc>",
            "<w:tc><w:p><w:r><w:t>{{text}}{{/ncs}}</w:t></w:r></w:p></w:tc></w:tr></w:tbl></w:body>"
        );
        let out = fill(xml, &values()).unwrap();
        assert_eq!(out.matches("<w:br w:type=\"page\"/>").count(), 1, "{out}");
        assert!(out.contains("NC01: 一</w:t><w:br/><w:t xml:space=\"preserve\">二 (临湖县局"));
        assert_eq!(out.matches("<w:tr>").count(), 2, "{out}");
        assert!(out.contains("<w:t>NC02</w:t>"), "{out}");
        assert!(!out.contains("{{"), "{out}");
    }

    #[test]
    fn unknown_and_unclosed_placeholders_are_named() {
        let v = values();
        assert_eq!(
            fill("<w:p><w:r><w:t>{{审核编号x}}</w:t></w:r></w:p>", &v),
            Err(TemplateError::Unknown("审核编号x".into()))
        );
        assert_eq!(
            fill("<w:p><w:r><w:t>{{#ncs}}</w:t></w:r></w:p>", &v),
            Err(TemplateError::Unclosed("ncs".into()))
        );
        assert_eq!(
            fill("<w:p><w:r><w:t>{{#rows}}{{/rows}}</w:t></w:r></w:p>", &v),
            Err(TemplateError::UnknownList("rows".into()))
        );
        assert!(matches!(
            fill("<w:p><w:r><w:t>{{office</w:t></w:r></w:p>", &v),
            Err(TemplateError::Broken(_))
        ));
    }

    #[test]
    fn values_are_never_read_as_placeholders() {
        let mut v = values();
        v.fields
            .insert("office".into(), "{{#ncs}} {{secret}}".into());
        let out = fill("<w:p><w:r><w:t>{{office}}</w:t></w:r></w:p>", &v).unwrap();
        assert!(out.contains("{{#ncs}} {{secret}}"), "{out}");
    }

    #[test]
    fn control_characters_cannot_break_the_document() {
        assert_eq!(text_xml("a\u{1b}b\u{0}"), "a\u{FFFD}b\u{FFFD}");
    }
}
