//! txt, md and csv: decode bytes of unknown encoding (UTF-8 with or without BOM, UTF-16,
//! GBK/GB18030, Big5), then split into headings and paragraphs.

use super::{
    Block, Builder, SliceLines, build, is_title_line, looks_like_heading, names_a_document,
};
use crate::model::{Say, Text};
use crate::scan::Extracted;
use crate::text::{DecodedCow, decode, with_decoded};

/// txt and md. Markdown headings (`#`) and numbered section lines become headings; runs of
/// other lines are paragraphs. Markdown markup that would hide words (`**`, `|`, backticks)
/// is left in: it does not stop a match.
pub(super) fn plain(bytes: &[u8], format: &str) -> Result<Extracted, Text> {
    with_decoded(bytes, |d| plain_text(&d, format))
}

fn plain_text(d: &DecodedCow, format: &str) -> Result<Extracted, Text> {
    let text: &str = &d.text;
    if text.trim().is_empty() {
        return Err(Text::new(Say::EmptyDocument));
    }
    let md = format == "md";
    let mut out = Builder::new(format, d.encoding, text.len());
    let mut para = Para::new();
    // A heading or a paragraph line was seen: only the first line may be a title line.
    let mut seen = false;
    // Each line with its byte offset in `text`, so a paragraph can be a slice of it. The lines
    // are those of `str::lines` (split at `\n`, a `\r` before it dropped, no empty last
    // line), found with memchr.
    let ends = memchr::memchr_iter(b'\n', text.as_bytes()).chain(
        (!text.ends_with('\n')).then_some(text.len()), // an unterminated last line
    );
    let front = if md { front_matter(text) } else { None };
    let mut off = 0;
    for (k, end) in ends.enumerate() {
        let line_no = k + 1;
        let raw = &text[off..end];
        let raw = if end < text.len() {
            raw.strip_suffix('\r').unwrap_or(raw)
        } else {
            raw
        };
        let line_off = off;
        off = end + 1;
        let line = raw.trim_end();
        // The line trimmed once for the tests below, not again by each of them.
        let t = line.trim_start();
        // Front matter: its title is the document's; its other fields (dates, layout, review
        // cycles) are no part of the text, but keep their lines so line numbers hold.
        if let Some(f) = front.as_ref().filter(|f| line_no <= f.last_line) {
            para.flush(text, &mut out);
            match (line_no == f.title_line).then_some(f.title.as_str()) {
                Some(title) => out.push(Some(1), title),
                None => out.push(None, ""),
            };
            seen |= line_no == f.title_line;
            continue;
        }
        // A heading the site fills in from the front matter stands for the title given there.
        if md && t.starts_with('#') && is_template_expression(t.trim_start_matches('#')) {
            para.flush(text, &mut out);
            out.push(None, "");
            continue;
        }
        let heading = if md {
            md_heading(line)
        } else {
            looks_like_heading(t).map(|l| (l, t.to_string()))
        }
        .or_else(|| (!seen && is_title_line(t)).then(|| (1, t.to_string())))
        // A document's name under a letterhead keeps a line of its own (not joined to the
        // lines around it), so it can be the title.
        .or_else(|| (!md && line_no <= 12 && names_a_document(t)).then(|| (1, t.to_string())));
        match heading {
            Some((level, h)) => {
                para.flush(text, &mut out);
                out.push(Some(level), &h);
                seen = true;
            }
            None if t.is_empty() => {
                para.flush(text, &mut out);
                out.push(None, "");
            }
            None => {
                para.add(text, line_off, line);
                seen = true;
            }
        }
    }
    para.flush(text, &mut out);
    let mut e = out.finish();
    if d.had_errors {
        e.warnings
            .push(Text::new(Say::TextReplaced).with("encoding", d.encoding));
    }
    Ok(e)
}

/// The paragraph being gathered: its lines joined by `\n`. While each line follows the one
/// before with just a `\n` between them (no trailing blanks, no CR) it is a slice of the text,
/// `text[start..end]`, and the start of each of its lines is kept, so the builder need not
/// search it for line breaks again; otherwise a copy.
struct Para {
    body: Body,
    /// While `body` is a slice: where each of its lines starts in the text.
    starts: Vec<usize>,
    /// While `body` is a slice: a line of it ends in a character after which a line break
    /// may be joined (Han, or one NFKC may make so), see [`crate::text::keeps_break`].
    breaks_may_join: bool,
}

enum Body {
    Empty,
    Slice(usize, usize),
    Joined(String),
}

impl Para {
    fn new() -> Para {
        Para {
            body: Body::Empty,
            starts: Vec::new(),
            breaks_may_join: false,
        }
    }

    /// Add `line`, which starts at byte `off` of `text`.
    fn add(&mut self, text: &str, off: usize, line: &str) {
        let end = off + line.len();
        // The break after the last line is not the paragraph's: it is looked at all the same.
        self.breaks_may_join |= !line
            .chars()
            .next_back()
            .is_some_and(crate::text::keeps_break);
        self.body = match std::mem::replace(&mut self.body, Body::Empty) {
            Body::Empty => {
                self.starts.push(off);
                Body::Slice(off, end)
            }
            // Only the `\n` lies between the previous line's end and this line.
            Body::Slice(start, prev_end) if off == prev_end + 1 => {
                self.starts.push(off);
                Body::Slice(start, end)
            }
            Body::Slice(start, prev_end) => {
                let mut j = text[start..prev_end].to_string();
                j.push('\n');
                j.push_str(line);
                Body::Joined(j)
            }
            Body::Joined(mut j) => {
                j.push('\n');
                j.push_str(line);
                Body::Joined(j)
            }
        };
    }

    /// Hand the paragraph, if any, to the builder and start a new one.
    fn flush(&mut self, text: &str, out: &mut Builder) {
        match std::mem::replace(&mut self.body, Body::Empty) {
            Body::Empty => {}
            Body::Slice(start, end) => {
                let lines = SliceLines {
                    base: start,
                    starts: &self.starts,
                    breaks_may_join: self.breaks_may_join,
                };
                out.push_lines(&text[start..end], lines);
            }
            Body::Joined(j) => {
                out.push(None, &j);
            }
        }
        self.starts.clear();
        self.breaks_may_join = false;
    }
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

/// A Markdown file's YAML front matter (`---` lines around `key: value` fields, as static site
/// generators write it): where it ends and its title (`title:`, else `name:`).
struct FrontMatter {
    last_line: usize,
    title_line: usize,
    title: String,
}

fn front_matter(text: &str) -> Option<FrontMatter> {
    let mut lines = text.lines();
    if lines.next()?.trim_end() != "---" {
        return None;
    }
    let (mut title, mut name) = (None, None);
    // A front matter is short; a `---` much later is a rule in the text.
    for (i, l) in lines.take(60).enumerate() {
        let n = i + 2;
        let l = l.trim_end();
        if l == "---" || l == "..." {
            let (title_line, title) = title.or(name).unwrap_or((0, String::new()));
            return Some(FrontMatter {
                last_line: n,
                title_line,
                title,
            });
        }
        // A list item or an indented line continues a field; any other line must be a
        // `key: value` field, or this was a rule at the top of the text, not front matter.
        if l.is_empty() || l.starts_with([' ', '\t']) || l.starts_with("- ") {
            continue;
        }
        let (key, value) = l.split_once(':')?;
        if key.is_empty()
            || !key
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "_-".contains(c))
        {
            return None;
        }
        let value = value.trim().trim_matches(['"', '\'']).trim();
        if value.is_empty() {
            continue;
        }
        match key {
            "title" if title.is_none() => title = Some((n, value.to_string())),
            "name" if name.is_none() => name = Some((n, value.to_string())),
            _ => {}
        }
    }
    None
}

/// A heading that is only a template expression (`<%= current_page.data.title %>`,
/// `{{ page.title }}`): the site fills it in from the front matter; as text it says nothing.
fn is_template_expression(h: &str) -> bool {
    let h = h.trim();
    (h.starts_with("<%") && h.ends_with("%>")) || (h.starts_with("{{") && h.ends_with("}}"))
}

/// csv/tsv: every record becomes one line of its non-empty cells joined by tabs (quoted cells
/// with line breaks stay one record). A file the csv reader rejects is read as plain text.
pub(super) fn csv(bytes: &[u8], format: &str) -> Result<Extracted, Text> {
    let d = decode(bytes);
    if d.text.trim().is_empty() {
        return Err(Text::new(Say::EmptyDocument));
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
                    e.warnings.push(Text::new(Say::NotCsvReadAsText));
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

    /// A paragraph is a slice of the decoded text when its lines end in a bare `\n`, a copy
    /// when they end in CRLF or trailing blanks; both give the same document.
    #[test]
    fn sliced_and_copied_paragraphs_agree() {
        let lf = "质量手册\n\n本程序规定内部审\n核的策划。\nISO ９００１ text\n  \n1 目的\n确保，体系\n有效\nlast line";
        let crlf = lf.replace('\n', " \t\r\n");
        for format in ["txt", "md"] {
            let a = plain(lf.as_bytes(), format).unwrap();
            let b = plain(crlf.as_bytes(), format).unwrap();
            assert_eq!(a, b, "{format}");
        }
        let e = plain(lf.as_bytes(), "txt").unwrap();
        assert_eq!(
            e.text,
            "质量手册\n\n本程序规定内部审核的策划。\nISO 9001 text\n\n1 目的\n确保,体系有效\nlast line\n"
        );
        assert_eq!(
            e.headings,
            vec![(1, "质量手册".into()), (6, "1 目的".into())]
        );
        // A lone CR inside a line is a line break of the text, not of the reader.
        let e = plain("标题行\nabc\rdef\n".as_bytes(), "txt").unwrap();
        assert_eq!(e.text, "标题行\nabc\ndef\n");
    }

    /// The line starts the builder records (from the paragraph's own lines where normalising
    /// left it as it is, by a search where it did not) are those of the text it built, for
    /// documents of random lines: English, Chinese, headings, blank lines, CRs, trailing
    /// blanks, full-width letters and Han breaks to join. And a paragraph read as a slice of
    /// the text (its breaks looked at only where a line ends in a character that may join)
    /// gives the document that the same lines ending in CRLF, each paragraph a copy
    /// normalised in full, give.
    #[test]
    fn line_starts_are_those_of_the_text() {
        let pool = [
            "The office keeps its files.",
            "各股室负责人对本部门工作进行检查。",
            "内部审",
            "核的策划",
            "1 目的",
            "",
            "  ",
            "ISO ９００１ text",
            "trailing blanks  \t",
            "abc\rdef",
            "内部审\r核的策划。",
            "确保，体系有效，",
            "全角字母Ｅ",
            "空格\u{3000}",
            "\u{F967}合格",
            "# 标题",
            "第三章 受理",
        ];
        let mut rng = crate::TestRng::new(2026);
        for round in 0..2000 {
            let mut doc = String::new();
            for _ in 0..1 + rng.below(14) {
                doc.push_str(pool[rng.below(pool.len())]);
                doc.push_str(if rng.below(5) == 0 { "\r\n" } else { "\n" });
            }
            let format = if round % 2 == 0 { "txt" } else { "md" };
            let Ok(e) = plain(doc.as_bytes(), format) else {
                continue;
            };
            assert_eq!(e.line_starts, crate::scan::line_starts(&e.text), "{doc:?}");
            let crlf = doc.replace("\r\n", "\n").replace('\n', "\r\n");
            let copied = plain(crlf.as_bytes(), format).unwrap();
            assert_eq!(e, copied, "{doc:?}");
        }
    }

    /// The title is the first short line among the first twelve lines of the text, even when
    /// it sits in the middle of a paragraph, and none after line twelve.
    #[test]
    fn title_from_the_first_twelve_lines() {
        let long = "这是一个很长的句子，".repeat(10);
        let mut s = String::new();
        for _ in 0..11 {
            s.push_str(&long);
            s.push('\n');
        }
        let with_short = format!("{s}Short title\n{long}\n");
        let e = plain(with_short.as_bytes(), "md").unwrap();
        assert_eq!(e.title, "Short title");
        let too_late = format!("{s}{long}\nShort title\n");
        let e = plain(too_late.as_bytes(), "md").unwrap();
        assert_eq!(e.title, "");
    }

    /// A handbook page's title is in its front matter, its first heading a template expression
    /// the site fills in; the front matter's other fields are not text, and line numbers hold.
    #[test]
    fn front_matter_gives_the_title() {
        let md = "---\ntitle: How to monitor your service\nlast_reviewed_on: 2025-10-28\n\
                  review_in: 6 months\n---\n\n# <%= current_page.data.title %>\n\n\
                  We use Prometheus.\n";
        let e = plain(md.as_bytes(), "md").unwrap();
        assert_eq!(e.title, "How to monitor your service");
        assert!(
            !e.text.contains("review_in") && !e.text.contains("current_page"),
            "{:?}",
            e.text
        );
        let n = e
            .text
            .lines()
            .position(|l| l == "We use Prometheus.")
            .unwrap();
        assert_eq!(n + 1, 9, "{}", e.text);
        // `name:` when there is no title; `{{ page.title }}` is no heading either.
        let e = plain(
            b"---\nname: Vendor Policy\n---\n# {{ page.title }}\nText.\n",
            "md",
        )
        .unwrap();
        assert_eq!(e.title, "Vendor Policy");
        // A rule at the top with no fields after it is not front matter, even with a rule later.
        let e = plain(b"---\n# Storage\nKeep goods dry.\n", "md").unwrap();
        assert_eq!(e.title, "Storage");
        let e = plain(b"---\n# Storage\nKeep goods dry.\n---\nMore.\n", "md").unwrap();
        assert_eq!(e.title, "Storage");
        assert!(e.text.contains("Keep goods dry."), "{}", e.text);
    }

    #[test]
    fn csv_records_become_lines() {
        let e = csv("条款,要求\n7.5,\"文件\n控制\"\n".as_bytes(), "csv").unwrap();
        assert_eq!(e.text, "条款\t要求\n7.5\t文件控制\n");
        assert!(plain(b"  \n", "txt").is_err());
    }
}
