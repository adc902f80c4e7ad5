//! One reader per format. Each reader turns bytes into [`Block`]s (headings and paragraphs);
//! [`build`] normalises them into the [`Extracted`] text with heading line numbers, the same way
//! for every format.

mod docx;
mod html;
mod odt;
mod pdf;
mod sheet;
mod text;

use super::{Extracted, MAX_TEXT_BYTES};
use crate::model::{Say, Text};
use crate::text::{normalize_cow, normalize_lines};
use std::borrow::Cow;

/// A unit of extracted text: a heading (with its level, 1 = title) or a paragraph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Block {
    pub heading: Option<u32>,
    pub text: String,
    /// The first block of a PDF page: its page number.
    pub page: Option<u32>,
}

impl Block {
    pub fn para(text: impl Into<String>) -> Block {
        Block {
            heading: None,
            text: text.into(),
            page: None,
        }
    }

    pub fn heading(level: u32, text: impl Into<String>) -> Block {
        Block {
            heading: Some(level),
            text: text.into(),
            page: None,
        }
    }
}

/// Pick the reader from the file name's extension.
pub(crate) fn by_extension(name: &str, bytes: &[u8]) -> Result<Extracted, Text> {
    let ext = name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "txt" | "text" | "md" | "markdown" => text::plain(bytes, &ext_or(&ext, "txt")),
        "csv" | "tsv" => text::csv(bytes, &ext),
        "html" | "htm" | "xhtml" => html::extract(bytes, &ext),
        "docx" | "docm" | "dotx" => docx::extract(bytes, &ext),
        "odt" | "ott" => odt::extract(bytes, &ext),
        "xlsx" | "xlsm" | "xls" | "xlsb" | "ods" => sheet::extract(bytes, &ext),
        "pdf" => pdf::extract(bytes),
        "doc" | "dot" => Err(Text::new(Say::NotReadDoc)),
        "wps" | "wpt" | "et" | "dps" => Err(Text::new(Say::NotReadWps).with("ext", &ext)),
        "rtf" => Err(Text::new(Say::NotReadRtf)),
        "ppt" | "pptx" | "odp" => Err(Text::new(Say::NotReadPresentation).with("ext", &ext)),
        "png" | "jpg" | "jpeg" | "gif" | "bmp" | "tif" | "tiff" | "webp" | "svg" | "heic" => {
            Err(Text::new(Say::NotReadImage).with("ext", &ext))
        }
        "" if looks_like_text(bytes) => text::plain(bytes, "txt"),
        "" => Err(Text::new(Say::NotReadNoExtension)),
        other => Err(Text::new(Say::NotReadFormat).with("ext", other)),
    }
}

fn ext_or(ext: &str, default: &str) -> String {
    match ext {
        "markdown" => "md".into(),
        "text" => default.into(),
        e => e.into(),
    }
}

/// Plain text without an extension (`LICENSE`, `README`): no NUL bytes and decodes cleanly.
fn looks_like_text(bytes: &[u8]) -> bool {
    !bytes.is_empty()
        && !bytes[..bytes.len().min(8192)].contains(&0)
        && !crate::text::decode(&bytes[..bytes.len().min(65536)]).had_errors
}

/// Normalise blocks into the document text. Headings get a line of their own and are recorded
/// with their line number; paragraphs are normalised on their own, so Han characters broken
/// across lines inside a paragraph are joined but separate paragraphs never run together.
pub(crate) fn build(blocks: Vec<Block>, format: &str, encoding: &str) -> Extracted {
    let mut b = Builder::new(format, encoding, 0);
    for block in &blocks {
        if let Some(page) = block.page {
            let next = b.out.line_starts.len() as u32 + 1;
            b.out.pages.push((next, page));
        }
        if !b.push(block.heading, &block.text) {
            break;
        }
    }
    b.finish()
}

/// What the plain-text reader knows of a paragraph that is `text[base..]` of its text.
pub(crate) struct SliceLines<'a> {
    /// Where the paragraph starts in the reader's text.
    pub base: usize,
    /// Where each of its lines starts in the reader's text, in order.
    pub starts: &'a [usize],
    /// Some line of it ends in a character after which a line break may be joined: false
    /// when every line but the last ends in one [`crate::text::keeps_break`] is true for.
    pub breaks_may_join: bool,
}

/// [`build`] one block at a time, for a reader that can hand over its blocks as borrowed text
/// instead of collecting them first (plain text).
pub(crate) struct Builder {
    out: Extracted,
    /// The first short line near the top: the title when no heading is.
    first_short: Option<String>,
    /// The text passed [`MAX_TEXT_BYTES`]; later blocks are dropped.
    full: bool,
}

impl Builder {
    /// An empty document; `size_hint` is the expected text length in bytes.
    pub fn new(format: &str, encoding: &str, size_hint: usize) -> Builder {
        Builder {
            out: Extracted {
                text: String::with_capacity(size_hint.min(MAX_TEXT_BYTES) + 16),
                // A line every 100 bytes or so, as procedures are written.
                line_starts: Vec::with_capacity(size_hint.min(MAX_TEXT_BYTES) / 100 + 16),
                format: format.to_string(),
                encoding: encoding.to_string(),
                ..Default::default()
            },
            first_short: None,
            full: false,
        }
    }

    /// Add a heading (`Some(level)`) or a paragraph. False once the text is over the limit:
    /// this block and all later ones are dropped, with one warning.
    pub fn push(&mut self, heading: Option<u32>, text: &str) -> bool {
        self.push_block(heading, text, None)
    }

    /// Add a paragraph that is a slice of the reader's text, with what the reader knows of its
    /// lines. When normalising leaves it as it is, its lines start where the reader found
    /// them, and it is not searched for line breaks a second time (that search was a pass
    /// over every plain-text document).
    pub fn push_lines(&mut self, text: &str, lines: SliceLines) -> bool {
        self.push_block(None, text, Some(lines))
    }

    fn push_block(&mut self, heading: Option<u32>, text: &str, lines: Option<SliceLines>) -> bool {
        if self.full {
            return false;
        }
        let out = &mut self.out;
        if out.text.len() > MAX_TEXT_BYTES {
            out.warnings
                .push(Text::new(Say::TextCutOff).with("size", MAX_TEXT_BYTES / (1024 * 1024)));
            self.full = true;
            return false;
        }
        let norm = match &lines {
            Some(l) => normalize_lines(text, l.breaks_may_join),
            None => normalize_cow(text),
        };
        let trimmed = norm.trim_end_matches(['\n', ' ', '\t']);
        if heading.is_some() {
            let h = collapse_spaces(trimmed);
            if h.is_empty() {
                return true;
            }
            out.line_starts.push(out.text.len());
            out.text.push_str(&h);
            out.text.push('\n');
            // Its line number: lines are counted by their starts.
            let n = out.line_starts.len() as u32;
            if out.title.is_empty() && n <= 12 {
                out.title = h.clone();
            }
            out.headings.push((n, h));
            return true;
        }
        // Only lines 1..=12 of the document can give the title; the paragraph goes into the
        // text whole, one line per `\n` in it.
        let mut line = out.line_starts.len();
        if self.first_short.is_none() && line < 12 {
            for l in trimmed.split('\n') {
                line += 1;
                if line > 12 {
                    break;
                }
                let t = l.trim();
                // A rule (`---`, front matter fences), a table row, a sentence or a lone number
                // is no title.
                if is_title_line(t) && t.chars().filter(|c| c.is_alphabetic()).count() >= 2 {
                    self.first_short = Some(t.to_string());
                    break;
                }
            }
        }
        // The paragraph's lines: one at its start and one after each `\n` in it.
        let at = out.text.len();
        match lines {
            // Unchanged by normalising (a borrow is the text itself) and by the trim.
            Some(l) if matches!(norm, Cow::Borrowed(_)) && trimmed.len() == text.len() => {
                out.line_starts
                    .extend(l.starts.iter().map(|&s| at + (s - l.base)));
            }
            _ => {
                out.line_starts.push(at);
                out.line_starts
                    .extend(memchr::memchr_iter(b'\n', trimmed.as_bytes()).map(|k| at + k + 1));
            }
        }
        out.text.push_str(trimmed);
        out.text.push('\n');
        true
    }

    /// The document, its title the first heading near the top or else the first short line.
    pub fn finish(self) -> Extracted {
        let mut out = self.out;
        if out.title.is_empty() {
            out.title = self.first_short.unwrap_or_default();
        }
        if (is_letterhead(&out.title) || is_page_header(&out.title))
            && let Some(t) = out.text.lines().take(12).find_map(document_name_in)
        {
            out.title = t.to_string();
        }
        out
    }
}

/// A first line that names the organisation or the kind of file (`东港市印刷有限公司`,
/// `程序文件`, `受控文件`) rather than the document: a printed procedure's letterhead.
fn is_letterhead(title: &str) -> bool {
    const ORGANISATION: &[&str] = &[
        "公司",
        "集团",
        "局",
        "厂",
        "中心",
        "研究院",
        "研究所",
        "委员会",
        "大学",
        "学校",
        "医院",
    ];
    const KIND: &[&str] = &[
        "程序文件",
        "管理制度",
        "受控文件",
        "质量管理体系文件",
        "体系文件",
        "作业文件",
    ];
    let t = title.trim();
    ORGANISATION.iter().any(|o| t.ends_with(o)) || KIND.contains(&t)
}

/// The fields of a controlled document's metadata as the normalised text holds them, lower-cased
/// and with NFKC's ASCII colon (`文件编号`, `版本:` for 版本：, `Document No`, `Approved by`): a
/// short line holding one is metadata (the mapper's boilerplate), and a first line holding one
/// is a page header, not the document's title.
pub(crate) const METADATA_FIELDS: &[&str] = &[
    // Chinese.
    "文件编号",
    "文件编码",
    "文件代码",
    "文件代号",
    "版本号",
    "版本:",
    "版次",
    "修订号",
    "修改号",
    "修订状态",
    "修改状态",
    "页码",
    "页次",
    "受控状态",
    "受控号",
    "受控编号",
    "分发号",
    "发放号",
    "编制:",
    "编制人",
    "审核:",
    "审核人:",
    "批准:",
    "批准人",
    "会签:",
    "生效日期",
    "实施日期",
    "发布日期",
    "编制日期",
    "批准日期",
    "编号:",
    // English and German.
    "document number",
    "document no",
    "doc no",
    "doc. no",
    "document id:",
    "revision:",
    "revision no",
    "rev.:",
    "version:",
    "version no",
    "approved by",
    "reviewed by",
    "prepared by",
    "authored by",
    "effective date",
    "issue date",
    "date of issue",
    "last reviewed",
    "next review",
    "review date",
    "document owner",
    "page:",
    "dokumentennummer",
    "dokument-nr",
    "freigegeben von",
    "erstellt von",
    "geprüft von",
    "gültig ab",
];

/// A line of a printed procedure's page header: a metadata field (`文件编号:QP-12`, `版本:A/0`)
/// or a page number (`第1页 共3页`). It is not the document's title.
fn is_page_header(line: &str) -> bool {
    let lower = line.to_lowercase();
    // 第 3 页: a page number.
    let page = lower.split('第').skip(1).any(|r| {
        let r = r.trim_start();
        r.starts_with(|c: char| c.is_ascii_digit())
            && r.trim_start_matches(|c: char| c.is_ascii_digit() || c == ' ')
                .starts_with('页')
    });
    page || METADATA_FIELDS.iter().any(|f| lower.contains(f))
}

/// The document's name in a line near the top: the line itself, or in a page header that
/// sets it among its fields (`设备管理程序 版本：A/0 第1页 共3页`), the part that names one.
fn document_name_in(line: &str) -> Option<&str> {
    let line = line.trim();
    if names_a_document(line) {
        return Some(line);
    }
    // Only Chinese names are told apart by spaces: an English one has spaces inside.
    if line.chars().any(crate::text::is_han) {
        return line.split_whitespace().find(|w| names_a_document(w));
    }
    None
}

/// A short line, neither a sentence nor a numbered section, whose last word names a kind of
/// document (`不合格品控制程序`, `设备管理制度`, `Document Control Procedure`): the title under a
/// letterhead.
pub(crate) fn names_a_document(line: &str) -> bool {
    const KINDS: &[&str] = &[
        "程序",
        "制度",
        "规定",
        "办法",
        "规范",
        "规程",
        "细则",
        "指导书",
        "手册",
        "记录表",
        "登记表",
        "procedure",
        "policy",
        "manual",
        "instruction",
        "sop",
    ];
    let n = line.chars().count();
    let lower = line.to_lowercase();
    (4..=40).contains(&n)
        && !is_letterhead(line)
        && !line.contains([
            '。', '.', ',', '，', ';', '；', ':', '：', '《', '》', '、', '(', ')', '（', '）',
            '“', '”',
        ])
        && !line.starts_with(|c: char| c.is_ascii_digit() || "第一二三四五六七八九十".contains(c))
        && KINDS.iter().any(|k| lower.ends_with(k))
}

fn collapse_spaces(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The first line of a plain text or PDF document is its title when it is short and not a
/// sentence.
pub(crate) fn is_title_line(line: &str) -> bool {
    let t = line.trim();
    let n = t.chars().count();
    (2..=60).contains(&n)
        && !t.ends_with(['。', '.', ',', '，', ';', '；', ':', '：'])
        && !t.starts_with(['<', '|', '-', '*', '{', '!', '['])
}

/// A numbered paragraph, not a heading: Chinese procedures number every paragraph (`4.1 承办人对
/// 申请材料进行审查，需要现场核查的…`), and a heading has no clause break inside. A comma inside
/// an English heading (`4.2 Roles, duties and authority`) is a list, so only Chinese
/// lines are judged by their commas; a run-in heading (`4.3 办结时限：一般事项在…`) is a
/// paragraph too.
fn is_numbered_sentence(t: &str) -> bool {
    if t.contains(['，', '；', '。']) {
        return true;
    }
    let han = t.chars().any(crate::text::is_han);
    if han && t.contains([',', ';']) {
        return true;
    }
    // Words after a colon: a run-in heading followed by its paragraph.
    t.split_once(['：', ':'])
        .is_some_and(|(_, after)| han && after.trim().chars().count() > 6)
}

/// Heading heuristic for text without markup (txt, pdf): a short line that is numbered like a
/// section (`1 目的`, `4.2 职责`, `第三章 …`, `一、…`, `Chapter 2`) and does not end like a sentence.
pub(crate) fn looks_like_heading(line: &str) -> Option<u32> {
    let t = line.trim();
    // More than 160 bytes is more than 40 characters (4 bytes at most each): most paragraph
    // lines stop here without a character being counted.
    if t.len() > 160 {
        return None;
    }
    // 41 ASCII bytes are 41 characters: an English paragraph line stops here uncounted.
    if t.as_bytes().get(..41).is_some_and(<[u8]>::is_ascii) {
        return None;
    }
    // A line that ends like a sentence is no heading, however long: most paragraph lines
    // stop here before their characters are counted.
    if t.ends_with(['。', '.', ',', '，', ';', '；', ':', '：', '、']) {
        return None;
    }
    // Counted up to 41: a long paragraph line is no heading, and is not counted to its end.
    let n = t.chars().take(41).count();
    if n == 0 || n > 40 {
        return None;
    }
    if is_numbered_sentence(t) {
        return None;
    }
    if let Some(rest) = t.strip_prefix('第') {
        let unit = rest.find(['章', '节', '部']);
        if let Some(i) = unit
            && rest[..i]
                .chars()
                .all(|c| c.is_ascii_digit() || "一二三四五六七八九十百".contains(c))
        {
            return Some(if rest[i..].starts_with('节') { 3 } else { 2 });
        }
    }
    // 一、 二、 …
    let mut chars = t.chars();
    let mut k = 0;
    for c in chars.by_ref() {
        if "一二三四五六七八九十".contains(c) {
            k += 1;
        } else {
            if k > 0 && (c == '、' || c == '.') && n > k + 1 {
                return Some(2);
            }
            break;
        }
    }
    // 1 / 1.2 / 1.2.3 followed by a space or a Han character, then words.
    let digits: String = t
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    if !digits.is_empty() && digits.chars().next().is_some_and(|c| c.is_ascii_digit()) {
        let rest = &t[digits.len()..];
        let depth = digits.trim_end_matches('.').split('.').count() as u32;
        let starts_word = rest.starts_with([' ', '\t', '\u{3000}'])
            || rest.chars().next().is_some_and(crate::text::is_han);
        let parts_ok = digits
            .trim_end_matches('.')
            .split('.')
            .all(|p| !p.is_empty() && p.len() <= 2);
        if starts_word && parts_ok && rest.trim().chars().count() >= 2 && depth <= 4 {
            return Some(depth + 1);
        }
    }
    let lower = t.to_lowercase();
    if ["chapter ", "section ", "appendix", "annex", "附录", "附件"]
        .iter()
        .any(|p| lower.starts_with(p))
    {
        return Some(2);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The fields are compared with normalised, lower-cased text: one written otherwise (a
    /// full-width colon, a capital) could never match.
    #[test]
    fn metadata_fields_are_written_as_the_normalised_text_holds_them() {
        for f in METADATA_FIELDS {
            assert_eq!(crate::text::normalize(f).to_lowercase(), *f, "{f}");
        }
        // A page header of a printed procedure, full-width colons and all, as the text holds it.
        let header = crate::text::normalize("审核人：张三  会签：李四");
        assert!(is_page_header(&header), "{header}");
    }

    #[test]
    fn headings_are_recognised() {
        for h in [
            "1 目的",
            "4.2 职责",
            "第三章 受理",
            "一、总则",
            "2.1 Scope",
            "Chapter 2 Audits",
            "5职责",
            "4.2 Roles, duties and authority",
            "5.3 采购、验收",
        ] {
            assert!(looks_like_heading(h).is_some(), "{h}");
        }
        for p in [
            "本程序适用于本局行政许可事项的受理。",
            "2024.03.15",
            "ISO 9001:2015",
            "100 items were reviewed in total and none of them failed the check at all",
            "1",
            "3.1 申请人提交的申请材料齐全、符合法定形式的,当场出具受理通知书;材",
            "4.1 承办人对申请材料进行审查，需要现场核查的",
            "4.3 办结时限：一般事项在承诺时限10个工作日内办结",
        ] {
            assert!(looks_like_heading(p).is_none(), "{p}");
        }
    }

    #[test]
    fn build_keeps_paragraphs_apart_and_records_headings() {
        let e = build(
            vec![
                Block::heading(1, "内部审核程序"),
                Block::para("本程序规定内部审\n核的策划。"),
                Block::heading(2, "1 目的"),
                Block::para("确保体系有效"),
            ],
            "txt",
            "UTF-8",
        );
        assert_eq!(
            e.text,
            "内部审核程序\n本程序规定内部审核的策划。\n1 目的\n确保体系有效\n"
        );
        assert_eq!(e.title, "内部审核程序");
        assert_eq!(
            e.headings,
            vec![(1, "内部审核程序".into()), (3, "1 目的".into())]
        );
        // The line starts are those of the text, and each heading's line holds just it.
        assert_eq!(e.line_starts, crate::scan::line_starts(&e.text));
        assert_eq!(e.line_starts.len(), e.text.lines().count());
        for (n, h) in &e.headings {
            let at = e.line_starts[*n as usize - 1];
            assert_eq!(e.text[at..].lines().next(), Some(h.as_str()));
        }
    }

    #[test]
    fn unsupported_formats_have_reasons() {
        let e = by_extension("通知.wps", b"\xd0\xcf\x11\xe0").unwrap_err();
        assert!(e.to_string().contains("WPS"), "{e}");
        assert!(!super::super::is_failure(&e));
        let e = by_extension("scan.png", b"\x89PNG").unwrap_err();
        assert!(e.to_string().starts_with("no text"), "{e}");
        let e = by_extension("old.doc", b"\xd0\xcf\x11\xe0").unwrap_err();
        assert!(e.to_string().contains(".docx"), "{e}");
    }
}
