//! The mapping of a procedures folder (`isoaudit map`) as a readable table, Markdown, or a
//! workbook (document × clause matrix, gaps, evidence, unreadable files). Like the other
//! reports, these never re-read a source document: everything comes from the [`Mapping`].

use super::{markdown_cell as md_cell, markdown_head as md_head, markdown_row as md_row};
use crate::catalog::Catalog;
use crate::mapping::Rules;
use crate::model::{GapKind, Lang, Mapping};
use crate::xlsx::{display_width, fit_columns, fix_properties, text};
use rust_xlsxwriter::{
    ConditionalFormatCell, ConditionalFormatCellRule, Format, FormatAlign, Workbook, XlsxError,
};
use std::fmt::Write as _;

fn title<'a>(catalog: &'a Catalog, id: &crate::model::ClauseId, lang: Lang) -> &'a str {
    catalog.get(id).map_or("", |c| c.title(lang))
}

/// The gap's text in the chosen language: the catalog's own words for documented information.
fn gap_text(catalog: &Catalog, gap: &crate::model::Gap, lang: Lang) -> String {
    match gap.kind {
        GapKind::NotCovered => lang
            .pick("no document maps to this clause", "没有文件对应本条款")
            .to_string(),
        GapKind::OnlyWeak => gap.detail(lang).to_string(),
        GapKind::MissingDocumentedInformation => {
            let duty = catalog.get(&gap.id).and_then(|c| {
                c.documented_information
                    .iter()
                    .find(|d| d.kind == crate::model::DocumentedKind::Maintain)
            });
            let what = duty.map_or(gap.detail.as_str(), |d| lang.pick(&d.en, &d.zh));
            format!(
                "{}{what}",
                lang.pick(
                    "required documented information not found: ",
                    "未发现要求保持的成文信息："
                )
            )
        }
    }
}

/// The section a piece of evidence lies in, for a reader who wants to know which part of a
/// manual covers the clause: ` · <heading>`, or nothing outside any heading or when the term
/// is the heading itself.
fn section(e: &crate::model::Evidence) -> String {
    match e.heading.as_deref() {
        Some(h) if !h.trim().is_empty() && h.trim() != e.term => {
            format!(" · {}", truncate(h.trim(), 24))
        }
        _ => String::new(),
    }
}

/// Where a piece of evidence is: its line, and its page in a PDF (`p. 3, line 45`, `第3页 行 45`);
/// line 0 is the title or file name.
fn place(e: &crate::model::Evidence, lang: Lang) -> String {
    if e.line == 0 {
        return lang.pick("file name", "文件名").to_string();
    }
    match e.page {
        Some(p) => match lang {
            Lang::Zh => format!("第{p}页 行 {}", e.line),
            Lang::En => format!("p. {p}, line {}", e.line),
        },
        None => format!("{} {}", lang.pick("line", "行"), e.line),
    }
}

fn pad(s: &str, width: usize) -> String {
    let w = display_width(s);
    format!("{s}{}", " ".repeat(width.saturating_sub(w)))
}

/// The readable table: per document its clauses with the first evidence, then coverage, gaps
/// and unreadable files.
pub fn table(m: &Mapping, catalog: &Catalog, lang: Lang) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{} {} ({} {}, {} {})\n",
        lang.pick("Procedure mapping of", "程序文件映射："),
        m.root,
        m.documents.len(),
        lang.pick(
            if m.documents.len() == 1 {
                "document"
            } else {
                "documents"
            },
            "份文件"
        ),
        m.unreadable.len(),
        lang.pick("unreadable", "份无法读取")
    );
    for d in &m.documents {
        let _ = writeln!(s, "{}  [{}, {}]  {}", d.path, d.format, d.encoding, d.title);
        if d.clauses.is_empty() {
            let _ = writeln!(
                s,
                "  {}",
                lang.pick("(no clause above the threshold)", "（无达到阈值的条款）")
            );
        }
        for l in &d.ignored {
            let _ = writeln!(
                s,
                "  {} {} {}: {}",
                lang.pick("ignored, boilerplate:", "已忽略（版式信息）："),
                lang.pick("line", "行"),
                l.line,
                truncate(&l.text, 60)
            );
        }
        for c in &d.clauses {
            let ev: Vec<String> = c
                .evidence
                .iter()
                .take(3)
                .map(|e| format!("{} ({}{})", e.term, place(e, lang), section(e)))
                .collect();
            let _ = writeln!(
                s,
                "  {} {} {:>4} {}  {}",
                pad(&c.id.to_string(), 8),
                pad(&truncate(title(catalog, &c.id, lang), 36), 38),
                c.score,
                pad(c.confidence.word(lang == Lang::Zh), 6),
                ev.join(", ")
            );
        }
        s.push('\n');
    }
    let _ = writeln!(s, "{}", lang.pick("Coverage", "条款覆盖"));
    for c in &m.coverage {
        let _ = writeln!(
            s,
            "  {} {} {:>2}  {}",
            pad(&c.id.to_string(), 6),
            pad(&truncate(title(catalog, &c.id, lang), 36), 38),
            c.documents.len(),
            c.documents.join(", ")
        );
    }
    let _ = writeln!(s, "\n{} ({})", lang.pick("Gaps", "缺口"), m.gaps.len());
    for g in &m.gaps {
        let _ = writeln!(
            s,
            "  {} {}  {}",
            pad(&g.id.to_string(), 6),
            pad(&truncate(title(catalog, &g.id, lang), 36), 38),
            gap_text(catalog, g, lang)
        );
    }
    if !m.unreadable.is_empty() {
        let _ = writeln!(
            s,
            "\n{} ({})",
            lang.pick("Unreadable", "无法读取"),
            m.unreadable.len()
        );
        for u in &m.unreadable {
            let _ = writeln!(s, "  {}  {}", u.path, u.reason.render(lang));
        }
    }
    s
}

fn truncate(s: &str, width: usize) -> String {
    if display_width(s) <= width {
        return s.to_string();
    }
    let mut out = String::new();
    for c in s.chars() {
        if display_width(&out) + display_width(&c.to_string()) > width - 1 {
            break;
        }
        out.push(c);
    }
    out.push('…');
    out
}

/// Markdown: a table per document, then coverage, gaps and unreadable files.
pub fn markdown(m: &Mapping, catalog: &Catalog, lang: Lang) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "# {} {}\n",
        lang.pick("Procedure mapping of", "程序文件映射："),
        md_cell(&m.root)
    );
    let _ = writeln!(s, "## {}\n", lang.pick("Documents", "文件"));
    // Chinese text takes the full-width colon.
    let colon = lang.pick(": ", "：");
    for d in &m.documents {
        let _ = writeln!(s, "### {}\n", md_cell(&d.path));
        let _ = writeln!(
            s,
            "{}{colon}{} · {}{colon}{} · {}{colon}{}\n",
            lang.pick("Title", "标题"),
            md_cell(&d.title),
            lang.pick("format", "格式"),
            d.format,
            lang.pick("encoding", "编码"),
            d.encoding,
        );
        if d.clauses.is_empty() {
            let _ = writeln!(
                s,
                "{}\n",
                lang.pick("No clause above the threshold.", "无达到阈值的条款。")
            );
            continue;
        }
        // The score column is right-aligned, which the shared header helper does not do.
        let _ = writeln!(
            s,
            "| {} | {} | {} | {} |\n| --- | --- | ---: | --- |",
            lang.pick("clause", "条款"),
            lang.pick("title", "标题"),
            lang.pick("score", "得分"),
            lang.pick("evidence", "证据")
        );
        for c in &d.clauses {
            let ev: Vec<String> = c
                .evidence
                .iter()
                .map(|e| {
                    // A hit in a heading line: the snippet is the heading, said once.
                    let within = if e.heading.as_deref().map(str::trim) == Some(e.snippet.trim()) {
                        String::new()
                    } else {
                        section(e)
                    };
                    format!(
                        "{} ({}{within}{colon}{})",
                        e.term,
                        place(e, lang),
                        e.snippet
                    )
                })
                .collect();
            md_row(
                &mut s,
                &[
                    &c.id.to_string(),
                    &md_cell(title(catalog, &c.id, lang)),
                    &match lang {
                        Lang::Zh => format!("{}（{}）", c.score, c.confidence.word(true)),
                        Lang::En => format!("{} ({})", c.score, c.confidence.word(false)),
                    },
                    &md_cell(&ev.join(lang.pick("; ", "；"))),
                ],
            );
        }
        s.push('\n');
    }
    let _ = writeln!(s, "## {}\n", lang.pick("Coverage", "条款覆盖"));
    md_head(
        &mut s,
        &[
            lang.pick("clause", "条款"),
            lang.pick("title", "标题"),
            lang.pick("documents", "文件"),
        ],
    );
    for c in &m.coverage {
        md_row(
            &mut s,
            &[
                &c.id.to_string(),
                &md_cell(title(catalog, &c.id, lang)),
                &md_cell(&c.documents.join(", ")),
            ],
        );
    }
    let _ = writeln!(s, "\n## {}\n", lang.pick("Gaps", "缺口"));
    if m.gaps.is_empty() {
        let _ = writeln!(s, "{}", lang.pick("None.", "无。"));
    } else {
        md_head(
            &mut s,
            &[
                lang.pick("clause", "条款"),
                lang.pick("title", "标题"),
                lang.pick("gap", "缺口"),
            ],
        );
        for g in &m.gaps {
            md_row(
                &mut s,
                &[
                    &g.id.to_string(),
                    &md_cell(title(catalog, &g.id, lang)),
                    &md_cell(&gap_text(catalog, g, lang)),
                ],
            );
        }
    }
    if !m.unreadable.is_empty() {
        let _ = writeln!(
            s,
            "\n## {}\n",
            lang.pick("Unreadable files", "无法读取的文件")
        );
        md_head(
            &mut s,
            &[lang.pick("file", "文件"), lang.pick("reason", "原因")],
        );
        for u in &m.unreadable {
            md_row(
                &mut s,
                &[&md_cell(&u.path), &md_cell(&u.reason.render(lang))],
            );
        }
    }
    s
}

/// Documents above which the matrix and evidence sheets stream their rows (low-memory mode).
const LARGE_MAPPING: usize = 10_000;

/// The workbook: a document × clause matrix (best score within each second-level clause, with
/// conditional colours), then the gaps, the evidence and the unreadable files.
pub fn to_workbook(
    m: &Mapping,
    catalog: &Catalog,
    rules: &Rules,
    lang: Lang,
) -> Result<Workbook, XlsxError> {
    let mut wb = Workbook::new();
    fix_properties(
        &mut wb,
        lang.pick("Procedure mapping", "程序文件映射"),
        None,
    );
    let head = Format::new()
        .set_bold()
        .set_background_color(0xD9E1F2)
        .set_text_wrap();
    let plain = Format::new();
    let num = Format::new().set_align(FormatAlign::Center);
    let clauses: Vec<&crate::model::Clause> =
        catalog.iter().filter(|c| c.id.depth() == 2).collect();

    // A mapping of many documents streams the rows of its two long sheets to temp files
    // instead of holding every cell (100,000 tiny files took 847 MB). Rows go in order.
    let large = m.documents.len() > LARGE_MAPPING;
    // Matrix
    let ws = if large {
        wb.add_worksheet_with_low_memory()?
    } else {
        wb.add_worksheet()
    };
    ws.set_name(lang.pick("Matrix", "映射矩阵"))?;
    // Row 0 is laid out before any row is written: a streamed row cannot be changed later.
    ws.set_row_height(0, 60)?;
    text(ws, 0, 0, lang.pick("document", "文件"), &head)?;
    text(ws, 0, 1, lang.pick("title", "标题"), &head)?;
    for (j, c) in clauses.iter().enumerate() {
        text(
            ws,
            0,
            (j + 2) as u16,
            &format!("{} {}", c.id, c.title(lang)),
            &head,
        )?;
        ws.set_column_width((j + 2) as u16, 9)?;
    }
    for (i, d) in m.documents.iter().enumerate() {
        let r = (i + 1) as u32;
        text(ws, r, 0, &d.path, &plain)?;
        text(ws, r, 1, &d.title, &plain)?;
        for (j, c) in clauses.iter().enumerate() {
            if let Some(score) = d
                .clauses
                .iter()
                .filter(|x| x.id.is_within(&c.id))
                .map(|x| x.score)
                .max()
            {
                ws.write_number_with_format(r, (j + 2) as u16, score as f64, &num)?;
            }
        }
    }
    let last_row = m.documents.len().max(1) as u32;
    let last_col = (clauses.len() + 1) as u16;
    let strong = rules.settings.threshold * 4;
    ws.add_conditional_format(
        1,
        2,
        last_row,
        last_col,
        &ConditionalFormatCell::new()
            .set_rule(ConditionalFormatCellRule::GreaterThanOrEqualTo(strong))
            .set_format(Format::new().set_background_color(0x63BE7B)),
    )?;
    ws.add_conditional_format(
        1,
        2,
        last_row,
        last_col,
        &ConditionalFormatCell::new()
            .set_rule(ConditionalFormatCellRule::Between(
                rules.settings.threshold,
                strong - 1,
            ))
            .set_format(Format::new().set_background_color(0xC6EFCE)),
    )?;
    ws.set_freeze_panes(1, 2)?;
    let paths: Vec<&str> = m.documents.iter().map(|d| d.path.as_str()).collect();
    let titles: Vec<&str> = m.documents.iter().map(|d| d.title.as_str()).collect();
    fit_columns(ws, &[paths, titles], 12, 50);

    // Gaps
    let ws = wb.add_worksheet();
    ws.set_name(lang.pick("Gaps", "缺口"))?;
    let hdr = [
        lang.pick("clause", "条款"),
        lang.pick("title", "标题"),
        lang.pick("kind", "类型"),
        lang.pick("gap", "缺口说明"),
    ];
    for (j, h) in hdr.iter().enumerate() {
        text(ws, 0, j as u16, h, &head)?;
    }
    let mut cols: Vec<Vec<String>> = vec![Vec::new(); 4];
    for (i, g) in m.gaps.iter().enumerate() {
        let kind = match g.kind {
            GapKind::NotCovered => lang.pick("not covered", "未覆盖"),
            GapKind::MissingDocumentedInformation => {
                lang.pick("documented information missing", "缺少成文信息")
            }
            GapKind::OnlyWeak => lang.pick("only weak evidence", "仅有弱证据"),
        };
        let row = [
            g.id.to_string(),
            title(catalog, &g.id, lang).to_string(),
            kind.to_string(),
            gap_text(catalog, g, lang),
        ];
        for (j, v) in row.iter().enumerate() {
            text(ws, (i + 1) as u32, j as u16, v, &plain)?;
            cols[j].push(v.clone());
        }
    }
    let refs: Vec<Vec<&str>> = cols
        .iter()
        .map(|c| c.iter().map(String::as_str).collect())
        .collect();
    fit_columns(ws, &refs, 8, 60);

    // Evidence
    let ws = if large {
        wb.add_worksheet_with_low_memory()?
    } else {
        wb.add_worksheet()
    };
    ws.set_name(lang.pick("Evidence", "证据"))?;
    let hdr = [
        lang.pick("document", "文件"),
        lang.pick("clause", "条款"),
        lang.pick("score", "得分"),
        lang.pick("term", "匹配词"),
        lang.pick("rule", "规则"),
        lang.pick("line", "行"),
        lang.pick("page", "页码"),
        lang.pick("heading", "所在标题"),
        lang.pick("snippet", "摘录"),
    ];
    for (j, h) in hdr.iter().enumerate() {
        text(ws, 0, j as u16, h, &head)?;
    }
    let mut r = 1u32;
    for d in &m.documents {
        for c in &d.clauses {
            for e in &c.evidence {
                text(ws, r, 0, &d.path, &plain)?;
                text(ws, r, 1, &c.id.to_string(), &plain)?;
                ws.write_number(r, 2, c.score as f64)?;
                text(ws, r, 3, &e.term, &plain)?;
                text(ws, r, 4, &e.rule, &plain)?;
                if e.line == 0 {
                    text(ws, r, 5, &place(e, lang), &plain)?;
                } else {
                    ws.write_number(r, 5, e.line as f64)?;
                }
                if let Some(p) = e.page {
                    ws.write_number(r, 6, p as f64)?;
                }
                text(ws, r, 7, e.heading.as_deref().unwrap_or(""), &plain)?;
                text(ws, r, 8, &e.snippet, &plain)?;
                r += 1;
            }
        }
    }
    for (j, w) in [30.0, 8.0, 7.0, 16.0, 24.0, 8.0, 6.0, 24.0, 60.0]
        .iter()
        .enumerate()
    {
        ws.set_column_width(j as u16, *w)?;
    }
    ws.set_freeze_panes(1, 0)?;

    // Unreadable
    let ws = wb.add_worksheet();
    ws.set_name(lang.pick("Unreadable", "无法读取"))?;
    text(ws, 0, 0, lang.pick("file", "文件"), &head)?;
    text(ws, 0, 1, lang.pick("reason", "原因"), &head)?;
    for (i, u) in m.unreadable.iter().enumerate() {
        text(ws, (i + 1) as u32, 0, &u.path, &plain)?;
        text(ws, (i + 1) as u32, 1, &u.reason.render(lang), &plain)?;
    }
    ws.set_column_width(0, 40)?;
    ws.set_column_width(1, 80)?;

    Ok(wb)
}
