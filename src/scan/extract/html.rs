//! HTML: the visible text, with `h1`–`h6` (and `<title>`) kept as headings and block elements
//! as paragraph breaks; `script`, `style` and the rest of `head` are dropped. A small tag
//! scanner is enough for keyword mapping and, unlike a DOM parser, never fails on bad markup.
//! The bytes are decoded first (BOM, then `<meta charset>`, then detection), because pages in
//! GBK are common.

use super::{Block, build};
use crate::model::{Say, Text};
use crate::scan::Extracted;

pub(super) fn extract(bytes: &[u8], ext: &str) -> Result<Extracted, Text> {
    let (text, encoding) = decode_html(bytes);
    let blocks = blocks(&text);
    if blocks.iter().all(|b| b.text.trim().is_empty()) {
        return Err(Text::new(Say::EmptyPage));
    }
    Ok(build(blocks, ext, encoding))
}

fn decode_html(bytes: &[u8]) -> (String, &'static str) {
    if encoding_rs::Encoding::for_bom(bytes).is_none() {
        let head = String::from_utf8_lossy(&bytes[..bytes.len().min(1024)]).to_ascii_lowercase();
        if let Some(i) = head.find("charset=") {
            let label: String = head[i + 8..]
                .trim_start_matches(['"', '\''])
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
                .collect();
            if let Some(enc) = encoding_rs::Encoding::for_label(label.as_bytes()) {
                let (t, _) = enc.decode_without_bom_handling(bytes);
                return (t.into_owned(), enc.name());
            }
        }
    }
    let d = crate::text::decode(bytes);
    (d.text, d.encoding)
}

const BLOCK_TAGS: &[&str] = &[
    "p",
    "div",
    "br",
    "li",
    "ul",
    "ol",
    "tr",
    "table",
    "section",
    "article",
    "header",
    "footer",
    "blockquote",
    "pre",
    "dd",
    "dt",
    "dl",
    "hr",
    "main",
    "nav",
    "aside",
    "figure",
    "figcaption",
    "form",
    "caption",
    "tbody",
    "thead",
];
const HIDDEN_TAGS: &[&str] = &["script", "style", "noscript", "template", "svg", "head"];

fn blocks(html: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut heading: Option<u32> = None;
    let mut hidden: Option<String> = None;
    let mut in_title = false;
    let mut title = String::new();
    let mut i = 0;
    let b = html.as_bytes();
    let flush = |cur: &mut String, heading: Option<u32>, out: &mut Vec<Block>| {
        let t = cur.split_whitespace().collect::<Vec<_>>().join(" ");
        cur.clear();
        if !t.is_empty() {
            out.push(match heading {
                Some(l) => Block::heading(l, t),
                None => Block::para(t),
            });
        }
    };
    while i < b.len() {
        if b[i] == b'<' {
            if html[i..].starts_with("<!--") {
                i = html[i..].find("-->").map_or(b.len(), |k| i + k + 3);
                continue;
            }
            // A tag left open at the end of the text runs to the end: slicing one byte short of
            // it could cut a multi-byte character (found by fuzzing: `<a中`).
            let (tag, end) = match html[i..].find('>') {
                Some(k) => (&html[i + 1..i + k], i + k + 1),
                None => (&html[i + 1..], b.len()),
            };
            i = end;
            let closing = tag.starts_with('/');
            let name: String = tag
                .trim_start_matches('/')
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric())
                .collect::<String>()
                .to_ascii_lowercase();
            if let Some(h) = &hidden {
                if closing && &name == h {
                    hidden = None;
                }
                // <title> lives in <head>: read it even though head is hidden.
                if name == "title" {
                    in_title = !closing;
                }
                continue;
            }
            if !closing && HIDDEN_TAGS.contains(&name.as_str()) && !tag.ends_with('/') {
                hidden = Some(name);
                continue;
            }
            if name == "title" {
                in_title = !closing;
                continue;
            }
            let level = name
                .strip_prefix('h')
                .and_then(|d| d.parse::<u32>().ok())
                .filter(|d| (1..=6).contains(d));
            if let Some(l) = level {
                flush(&mut cur, heading, &mut out);
                heading = if closing { None } else { Some(l) };
            } else if BLOCK_TAGS.contains(&name.as_str()) {
                flush(&mut cur, heading, &mut out);
            } else if name == "td" || name == "th" {
                cur.push_str(" \t ");
            }
            continue;
        }
        let next = html[i..].find('<').map_or(b.len(), |k| i + k);
        let text = unescape(&html[i..next]);
        if in_title {
            title.push_str(&text);
        } else if hidden.is_none() {
            cur.push_str(&text);
        }
        i = next;
    }
    flush(&mut cur, heading, &mut out);
    let title = title.split_whitespace().collect::<Vec<_>>().join(" ");
    if !title.is_empty() {
        out.insert(0, Block::heading(1, title));
    }
    out
}

/// Resolve numeric references (`&#20013;`, `&#x4E2D;`) and the common named entities
/// ([`named_entity`]); any other `&name;` stays as written.
fn unescape(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(k) = rest.find('&') {
        out.push_str(&rest[..k]);
        rest = &rest[k..];
        let end = rest[1..]
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '#'))
            .map(|e| e + 1)
            .unwrap_or(rest.len());
        let name = &rest[1..end];
        let decoded = if let Some(num) = name.strip_prefix('#') {
            let n = match num.strip_prefix(['x', 'X']) {
                Some(h) => u32::from_str_radix(h, 16).ok(),
                None => num.parse().ok(),
            };
            n.and_then(char::from_u32).map(|c| c.to_string())
        } else {
            named_entity(name).map(str::to_string)
        };
        match decoded {
            Some(d) if !name.is_empty() => {
                out.push_str(&d);
                rest = &rest[end..];
                rest = rest.strip_prefix(';').unwrap_or(rest);
            }
            _ => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The named entities that occur in office and CMS pages; others stay as written.
fn named_entity(name: &str) -> Option<&'static str> {
    Some(match name {
        "amp" => "&",
        "lt" => "<",
        "gt" => ">",
        "quot" => "\"",
        "apos" => "'",
        "nbsp" | "ensp" | "emsp" | "thinsp" => " ",
        "ldquo" => "\u{201C}",
        "rdquo" => "\u{201D}",
        "lsquo" => "\u{2018}",
        "rsquo" => "\u{2019}",
        "mdash" => "\u{2014}",
        "ndash" => "\u{2013}",
        "hellip" => "\u{2026}",
        "middot" => "\u{00B7}",
        "bull" => "\u{2022}",
        "times" => "\u{00D7}",
        "copy" => "\u{00A9}",
        "reg" => "\u{00AE}",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn visible_text_and_headings() {
        let html = "<html><head><title>QP-03 内部审核</title><style>p{x}</style></head><body>\
<h1>Internal&nbsp;Audit</h1><script>var a='<p>';</script><p>Plan &amp; run</p><!-- note --><table><tr><td>a</td><td>b</td></tr></table></body></html>";
        let b = blocks(html);
        assert_eq!(b[0], Block::heading(1, "QP-03 内部审核"));
        assert_eq!(b[1], Block::heading(1, "Internal Audit"));
        assert_eq!(b[2], Block::para("Plan & run"));
        assert_eq!(b[3].text, "a b");
        assert_eq!(b.len(), 4);
    }

    #[test]
    fn gbk_page_with_meta_charset() {
        let page = "<html><head><meta charset=\"gbk\"></head><body><h2>管理评审</h2></body></html>";
        let (bytes, _, _) = encoding_rs::GBK.encode(page);
        let e = extract(&bytes, "html").unwrap();
        assert_eq!(e.encoding, "GBK");
        assert_eq!(e.headings[0].1, "管理评审");
    }
}
