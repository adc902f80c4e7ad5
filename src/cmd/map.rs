//! `isoaudit map DIR [--format table|json|md|xlsx] [-o OUT] [--rules FILE] [--force]`
//! `isoaudit map --print-terms [--rules FILE]`
//!
//! Scan a folder of procedures and map every document to ISO 9001 clauses, with evidence;
//! then coverage per clause and the gaps. Examples:
//!   isoaudit map samples/bureau/offices/linhu/procedures             readable table on stdout
//!   isoaudit map procedures --format json -o mapping.json            the whole mapping as JSON
//!   isoaudit map procedures --format xlsx -o 映射.xlsx --lang zh       matrix, gaps, evidence sheets
//!   isoaudit map procedures --rules my-rules.toml                    replace the embedded rules
//!   isoaudit map --print-terms > terms.txt                           literal terms, for `rg -F -f`

use super::{Hinted, load_catalog, print_out};
use crate::Status;
use crate::catalog::Catalog;
use crate::cli::{GlobalArgs, MapArgs, MapFormat};
use crate::mapping::{Rules, literal_terms, map_folder, map_folder_each};
use crate::model::{GapKind, Lang, Mapping};
use crate::output::AtomicFile;
use crate::xlsx::{display_width, fit_columns, fix_properties, save, text};
use anyhow::Context;
use rust_xlsxwriter::{
    ConditionalFormatCell, ConditionalFormatCellRule, Format, FormatAlign, Workbook,
};
use std::fmt::Write as _;
use std::io::Write;
use std::path::Path;

pub fn run(g: &GlobalArgs, a: MapArgs) -> anyhow::Result<Status> {
    let rules = match &a.rules {
        Some(p) => Rules::load(p).map_err(|e| Hinted {
            message: e.to_string(),
            hint: e.hint().to_string(),
        })?,
        None => Rules::embedded(),
    };
    if a.print_terms {
        let mut s = literal_terms(&rules).join("\n");
        s.push('\n');
        print_out(&s)?;
        return Ok(Status::Clean);
    }
    let dir = a.dir.as_deref().context("no folder given")?;
    if !dir.is_dir() {
        return Err(Hinted {
            message: format!("{}: not a folder", dir.display()),
            hint: "give the folder that holds the procedures, e.g. samples/bureau/offices/linhu/procedures".into(),
        }
        .into());
    }
    if a.format == MapFormat::Xlsx && a.output.is_none() {
        return Err(Hinted {
            message: "--format xlsx needs an output file".into(),
            hint: "add -o mapping.xlsx".into(),
        }
        .into());
    }
    if let Some(out) = &a.output {
        crate::output::check_new(out, a.force).map_err(|e| Hinted {
            message: e.to_string(),
            hint: e.hint().unwrap_or("choose another name").to_string(),
        })?;
    }
    let catalog = load_catalog(g)?;
    let lang = g.lang();
    // A third-party parser that panics is caught and reported as an unreadable file; keep the
    // default hook from also printing a backtrace for it.
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    // JSON is written while the folder is mapped, so memory stays flat for any folder size;
    // the other formats lay out the whole mapping and are made after it.
    let streamed = if a.format == MapFormat::Json {
        Some(map_json(
            dir,
            &rules,
            &catalog,
            a.output.as_deref(),
            a.force,
        ))
    } else {
        None
    };
    let mapped = match streamed {
        Some(r) => r,
        None => {
            let m = map_folder(dir, &rules, &catalog);
            let n = m.documents.len();
            Ok((m, n))
        }
    };
    std::panic::set_hook(hook);
    let (mapping, documents) = mapped?;

    for d in &mapping.diagnostics {
        if d.is_error() || !g.quiet {
            eprintln!("{d}");
        }
    }
    match a.format {
        MapFormat::Json => {}
        MapFormat::Xlsx => {
            let out = a.output.as_deref().expect("checked above");
            write_xlsx(&mapping, &catalog, &rules, lang, out, a.force)?;
        }
        f => {
            let s = match f {
                MapFormat::Md => markdown(&mapping, &catalog, lang),
                _ => table(&mapping, &catalog, lang),
            };
            match &a.output {
                Some(out) => crate::output::write_atomic(out, s.as_bytes(), a.force)
                    .with_context(|| format!("cannot write {}", out.display()))?,
                None => print_out(&s)?,
            }
        }
    }
    if !g.quiet {
        eprintln!(
            "{} documents mapped, {} unreadable, {} gaps",
            documents,
            mapping.unreadable.len(),
            mapping.gaps.len()
        );
    }
    Ok(if mapping.diagnostics.iter().any(|d| d.is_error()) {
        Status::HadErrors
    } else {
        Status::Clean
    })
}

/// `--format json`, streamed to the output file (written atomically) or to stdout. Returns the
/// mapping without its documents, and how many documents were written.
fn map_json(
    dir: &Path,
    rules: &Rules,
    catalog: &Catalog,
    output: Option<&Path>,
    force: bool,
) -> anyhow::Result<(Mapping, usize)> {
    match output {
        Some(out) => {
            let mut f = AtomicFile::create(out, force).map_err(|e| Hinted {
                message: e.to_string(),
                hint: e.hint().unwrap_or("choose another name").to_string(),
            })?;
            let r = stream_json(&mut f, dir, rules, catalog)
                .with_context(|| format!("cannot write {}", out.display()))?;
            f.commit()
                .with_context(|| format!("cannot write {}", out.display()))?;
            Ok(r)
        }
        None => {
            let mut w = QuietPipe {
                inner: std::io::BufWriter::new(std::io::stdout().lock()),
                closed: false,
            };
            let r = stream_json(&mut w, dir, rules, catalog).context("cannot write to stdout")?;
            w.flush().context("cannot write to stdout")?;
            Ok(r)
        }
    }
}

/// Stdout that stops writing, without an error, once the reader has gone (`| head`): the
/// mapping still runs to the end so diagnostics and the exit status stay right.
struct QuietPipe<W: Write> {
    inner: W,
    closed: bool,
}

impl<W: Write> Write for QuietPipe<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.closed {
            return Ok(buf.len());
        }
        match self.inner.write(buf) {
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {
                self.closed = true;
                Ok(buf.len())
            }
            r => r,
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        if self.closed {
            return Ok(());
        }
        match self.inner.flush() {
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {
                self.closed = true;
                Ok(())
            }
            r => r,
        }
    }
}

/// Write the mapping of `dir` as pretty JSON, each document as soon as it is mapped: the same
/// bytes as `serde_json::to_string_pretty` of the whole mapping plus a newline, without ever
/// holding every document.
fn stream_json(
    w: &mut impl Write,
    dir: &Path,
    rules: &Rules,
    catalog: &Catalog,
) -> std::io::Result<(Mapping, usize)> {
    const KEY: &str = "\"documents\": [";
    let missing = || std::io::Error::other("the JSON of a mapping has no documents array");
    let head = serde_json::to_string_pretty(&Mapping {
        root: dir.display().to_string(),
        ..Default::default()
    })?;
    let cut = head.find(KEY).ok_or_else(missing)? + KEY.len();
    w.write_all(&head.as_bytes()[..cut])?;
    let mut n = 0;
    let m = map_folder_each(dir, rules, catalog, |d| -> std::io::Result<()> {
        w.write_all(if n == 0 { b"\n" } else { b",\n" })?;
        // Pretty JSON holds no raw line break inside a string, so indenting every line nests
        // the document two levels deep exactly as serde_json would.
        let s = serde_json::to_string_pretty(&d)?;
        for (i, line) in s.split('\n').enumerate() {
            if i > 0 {
                w.write_all(b"\n")?;
            }
            w.write_all(b"    ")?;
            w.write_all(line.as_bytes())?;
        }
        n += 1;
        Ok(())
    })?;
    let tail = serde_json::to_string_pretty(&m)?;
    let cut = tail.find(KEY).ok_or_else(missing)? + KEY.len();
    if n > 0 {
        w.write_all(b"\n  ")?;
    }
    w.write_all(&tail.as_bytes()[cut..])?;
    w.write_all(b"\n")?;
    Ok((m, n))
}

fn title<'a>(catalog: &'a Catalog, id: &crate::model::ClauseId, lang: Lang) -> &'a str {
    catalog.get(id).map_or("", |c| c.title(lang))
}

/// The gap's text in the chosen language: the catalog's own words for documented information.
fn gap_text(catalog: &Catalog, gap: &crate::model::Gap, lang: Lang) -> String {
    match gap.kind {
        GapKind::NotCovered => lang
            .pick("no document maps to this clause", "没有文件对应本条款")
            .to_string(),
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

fn pad(s: &str, width: usize) -> String {
    let w = display_width(s);
    format!("{s}{}", " ".repeat(width.saturating_sub(w)))
}

/// The readable table: per document its clauses with the first evidence, then coverage, gaps
/// and unreadable files.
fn table(m: &Mapping, catalog: &Catalog, lang: Lang) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{} {} ({} {}, {} {})\n",
        lang.pick("Procedure mapping of", "程序文件映射："),
        m.root,
        m.documents.len(),
        lang.pick("documents", "份文件"),
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
        for c in &d.clauses {
            let ev: Vec<String> = c
                .evidence
                .iter()
                .take(3)
                .map(|e| {
                    if e.line == 0 {
                        format!("{} ({})", e.term, lang.pick("file name", "文件名"))
                    } else {
                        format!("{} ({} {})", e.term, lang.pick("line", "行"), e.line)
                    }
                })
                .collect();
            let _ = writeln!(
                s,
                "  {} {} {:>4}  {}",
                pad(&c.id.to_string(), 8),
                pad(&truncate(title(catalog, &c.id, lang), 36), 38),
                c.score,
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
            let _ = writeln!(s, "  {}  {}", u.path, u.reason);
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

/// Document names, titles and evidence come from the user's files: escaped like every
/// Markdown table cell the tool writes (pipes, HTML, line breaks).
fn md_cell(s: &str) -> String {
    crate::report::markdown_cell(s)
}

/// Markdown: a table per document, then coverage, gaps and unreadable files.
fn markdown(m: &Mapping, catalog: &Catalog, lang: Lang) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "# {} `{}`\n",
        lang.pick("Procedure mapping of", "程序文件映射："),
        m.root
    );
    let _ = writeln!(s, "## {}\n", lang.pick("Documents", "文件"));
    for d in &m.documents {
        let _ = writeln!(s, "### {}\n", md_cell(&d.path));
        let _ = writeln!(
            s,
            "{}: {} · {}: {} · {}: {}\n",
            lang.pick("Title", "标题"),
            md_cell(&d.title),
            lang.pick("format", "格式"),
            d.format,
            lang.pick("encoding", "编码"),
            d.encoding
        );
        if d.clauses.is_empty() {
            let _ = writeln!(
                s,
                "{}\n",
                lang.pick("No clause above the threshold.", "无达到阈值的条款。")
            );
            continue;
        }
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
                    format!(
                        "{} ({} {}: {})",
                        e.term,
                        lang.pick("line", "行"),
                        e.line,
                        e.snippet
                    )
                })
                .collect();
            let _ = writeln!(
                s,
                "| {} | {} | {} | {} |",
                c.id,
                md_cell(title(catalog, &c.id, lang)),
                c.score,
                md_cell(&ev.join("; "))
            );
        }
        s.push('\n');
    }
    let _ = writeln!(
        s,
        "## {}\n\n| {} | {} | {} |\n| --- | --- | --- |",
        lang.pick("Coverage", "条款覆盖"),
        lang.pick("clause", "条款"),
        lang.pick("title", "标题"),
        lang.pick("documents", "文件")
    );
    for c in &m.coverage {
        let _ = writeln!(
            s,
            "| {} | {} | {} |",
            c.id,
            md_cell(title(catalog, &c.id, lang)),
            md_cell(&c.documents.join(", "))
        );
    }
    let _ = writeln!(s, "\n## {}\n", lang.pick("Gaps", "缺口"));
    if m.gaps.is_empty() {
        let _ = writeln!(s, "{}", lang.pick("None.", "无。"));
    } else {
        let _ = writeln!(
            s,
            "| {} | {} | {} |\n| --- | --- | --- |",
            lang.pick("clause", "条款"),
            lang.pick("title", "标题"),
            lang.pick("gap", "缺口")
        );
        for g in &m.gaps {
            let _ = writeln!(
                s,
                "| {} | {} | {} |",
                g.id,
                md_cell(title(catalog, &g.id, lang)),
                md_cell(&gap_text(catalog, g, lang))
            );
        }
    }
    if !m.unreadable.is_empty() {
        let _ = writeln!(
            s,
            "\n## {}\n\n| {} | {} |\n| --- | --- |",
            lang.pick("Unreadable files", "无法读取的文件"),
            lang.pick("file", "文件"),
            lang.pick("reason", "原因")
        );
        for u in &m.unreadable {
            let _ = writeln!(s, "| {} | {} |", md_cell(&u.path), md_cell(&u.reason));
        }
    }
    s
}

/// The workbook: a document × clause matrix (best score within each second-level clause, with
/// conditional colours), then the gaps, the evidence and the unreadable files.
fn write_xlsx(
    m: &Mapping,
    catalog: &Catalog,
    rules: &Rules,
    lang: Lang,
    out: &std::path::Path,
    force: bool,
) -> anyhow::Result<()> {
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

    // Matrix
    let ws = wb.add_worksheet();
    ws.set_name(lang.pick("Matrix", "映射矩阵"))?;
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
    ws.set_row_height(0, 60)?;
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
    let ws = wb.add_worksheet();
    ws.set_name(lang.pick("Evidence", "证据"))?;
    let hdr = [
        lang.pick("document", "文件"),
        lang.pick("clause", "条款"),
        lang.pick("score", "得分"),
        lang.pick("term", "匹配词"),
        lang.pick("rule", "规则"),
        lang.pick("line", "行"),
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
                ws.write_number(r, 5, e.line as f64)?;
                text(ws, r, 6, e.heading.as_deref().unwrap_or(""), &plain)?;
                text(ws, r, 7, &e.snippet, &plain)?;
                r += 1;
            }
        }
    }
    for (j, w) in [30.0, 8.0, 7.0, 16.0, 24.0, 6.0, 24.0, 60.0]
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
        text(ws, (i + 1) as u32, 1, &u.reason, &plain)?;
    }
    ws.set_column_width(0, 40)?;
    ws.set_column_width(1, 80)?;

    save(&mut wb, out, force).map_err(|e| match e {
        crate::xlsx::SaveError::Output(o) => {
            let hint = o
                .hint()
                .unwrap_or("check the folder exists and is writable")
                .to_string();
            anyhow::Error::new(Hinted {
                message: o.to_string(),
                hint,
            })
        }
        other => anyhow::Error::new(other),
    })?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The streamed JSON is byte for byte the JSON of the whole mapping.
    #[test]
    fn streamed_json_equals_whole_json() {
        let rules = Rules::embedded();
        let catalog = Catalog::embedded();
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/bureau/offices");
        let mut out = Vec::new();
        let (m, n) = stream_json(&mut out, &root, &rules, &catalog).unwrap();
        let whole = map_folder(&root, &rules, &catalog);
        assert!(n > 10 && m.documents.is_empty());
        let mut want = serde_json::to_string_pretty(&whole).unwrap();
        want.push('\n');
        assert_eq!(String::from_utf8(out).unwrap(), want);

        let empty = tempfile::tempdir().unwrap();
        let mut out = Vec::new();
        stream_json(&mut out, empty.path(), &rules, &catalog).unwrap();
        let mut want =
            serde_json::to_string_pretty(&map_folder(empty.path(), &rules, &catalog)).unwrap();
        want.push('\n');
        assert_eq!(String::from_utf8(out).unwrap(), want);
    }
}
