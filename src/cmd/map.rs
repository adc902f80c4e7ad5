//! `isoaudit map DIR [--format table|json|md|xlsx] [-o OUT] [--rules FILE] [--force] [--explain]`
//! `isoaudit map --print-terms [--rules FILE]`
//!
//! Scan a folder of procedures and map every document to ISO 9001 clauses, with evidence;
//! then coverage per clause and the gaps. Examples:
//!   isoaudit map samples/bureau/offices/linhu/procedures             readable table on stdout
//!   isoaudit map procedures --format json -o mapping.json            the whole mapping as JSON
//!   isoaudit map procedures --format xlsx -o 映射.xlsx --lang zh       matrix, gaps, evidence sheets
//!   isoaudit map procedures --rules my-rules.toml                    replace the embedded rules
//!   isoaudit map --print-terms > terms.txt                           literal terms, for `rg -F -f`

use super::{Hinted, printer, settings};
use crate::Status;
use crate::catalog::Catalog;
use crate::cli::{GlobalArgs, MapArgs, MapFormat};
use crate::mapping::{Rules, literal_terms};
use crate::model::Mapping;
use crate::model::{Say, Text};
use crate::output::AtomicFile;
use crate::pipeline::{map_folder, map_folder_each};
use crate::report::mapping::{markdown, table, to_workbook};
use crate::xlsx::save;
use anyhow::Context;
use std::io::Write;
use std::path::Path;

pub fn run(g: &GlobalArgs, mut a: MapArgs) -> anyhow::Result<Status> {
    // `-o -` is stdout for the formats that stream (table, md, json); xlsx refuses it below.
    if a.format != MapFormat::Xlsx && a.output.as_deref() == Some(std::path::Path::new("-")) {
        a.output = None;
    }
    let mut rules = settings::rules(a.rules.as_deref(), None)?;
    rules.settings.explain = a.explain;
    if a.print_terms {
        let mut s = literal_terms(&rules).join("\n");
        s.push('\n');
        printer::out(&s)?;
        return Ok(Status::Clean);
    }
    let dir = a.dir.as_deref().context("no folder given")?;
    // One document is mapped as a folder of one (its gaps are then that document's alone).
    if !dir.is_dir() && !dir.is_file() {
        return Err(Hinted::new(
            Text::new(Say::NoSuchFolderOrFile).with("path", dir.display()),
            Text::new(Say::ProceduresFolderHint),
        )
        .into());
    }
    if a.format == MapFormat::Xlsx && a.output.is_none() {
        return Err(Hinted::new(
            Text::new(Say::XlsxNeedsOutput),
            Text::new(Say::XlsxNeedsOutputHint),
        )
        .into());
    }
    if let Some(out) = &a.output {
        crate::output::check_new(out, a.force).map_err(|e| {
            Hinted::new(
                e.text(),
                e.hint_text()
                    .unwrap_or_else(|| Text::new(Say::OutChooseAnother)),
            )
        })?;
    }
    let catalog = settings::catalog(g)?;
    let lang = settings::lang(g, None);
    // JSON is written while the folder is mapped, so memory stays flat for any folder size;
    // the other formats lay out the whole mapping and are made after it.
    let streamed = if a.format == MapFormat::Json {
        Some(map_json(
            dir,
            &rules,
            &catalog,
            a.output.as_deref(),
            a.force,
            lang,
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
    let (mapping, documents) = mapped?;

    printer::diagnostics(
        mapping
            .diagnostics
            .iter()
            .filter(|d| d.is_error() || !g.quiet),
        lang,
    );
    match a.format {
        MapFormat::Json => {}
        MapFormat::Xlsx => {
            let out = a.output.as_deref().expect("checked above");
            let mut wb = to_workbook(&mapping, &catalog, &rules, lang)?;
            save(&mut wb, out, a.force).map_err(|e| match e {
                crate::xlsx::SaveError::Output(o) => anyhow::Error::new(Hinted::new(
                    o.text(),
                    o.hint_text()
                        .unwrap_or_else(|| Text::new(Say::WritableHint)),
                )),
                other => anyhow::Error::new(other),
            })?;
        }
        f => {
            let s = match f {
                MapFormat::Md => markdown(&mapping, &catalog, lang),
                _ => table(&mapping, &catalog, lang),
            };
            match &a.output {
                Some(out) => crate::output::write_atomic(out, s.as_bytes(), a.force)
                    .with_context(|| format!("cannot write {}", out.display()))?,
                None => printer::out(&s)?,
            }
        }
    }
    if !g.quiet {
        printer::errln(&printer::say(
            printer::M.map_summary,
            lang,
            &[
                ("docs", &documents),
                ("bad", &mapping.unreadable.len()),
                ("gaps", &mapping.gaps.len()),
            ],
        ));
    }
    Ok(if mapping.diagnostics.iter().any(|d| d.is_error()) {
        Status::HadErrors
    } else {
        Status::Clean
    })
}

/// `--format json`, streamed to the output file (written atomically) or to stdout. Returns the
/// mapping without its documents and coverage, and how many documents were written.
fn map_json(
    dir: &Path,
    rules: &Rules,
    catalog: &Catalog,
    output: Option<&Path>,
    force: bool,
    lang: crate::model::Lang,
) -> anyhow::Result<(Mapping, usize)> {
    match output {
        Some(out) => {
            let mut f = AtomicFile::create(out, force).map_err(|e| {
                Hinted::new(
                    e.text(),
                    e.hint_text()
                        .unwrap_or_else(|| Text::new(Say::OutChooseAnother)),
                )
            })?;
            let r = stream_json(&mut f, dir, rules, catalog, lang)
                .with_context(|| format!("cannot write {}", out.display()))?;
            f.commit()
                .with_context(|| format!("cannot write {}", out.display()))?;
            Ok(r)
        }
        None => {
            // JSON escapes every control character itself: it streams as it is made.
            let mut w = printer::stdout_stream();
            let r =
                stream_json(&mut w, dir, rules, catalog, lang).context("cannot write to stdout")?;
            w.flush().context("cannot write to stdout")?;
            Ok(r)
        }
    }
}

/// Write the mapping of `dir` as pretty JSON, each document as soon as it is mapped and the
/// coverage clause by clause from the compact summaries: the same bytes as
/// `serde_json::to_string_pretty` of the whole mapping plus a newline, without ever holding
/// every document, nor a path string per document and clause.
fn stream_json(
    w: &mut impl Write,
    dir: &Path,
    rules: &Rules,
    catalog: &Catalog,
    lang: crate::model::Lang,
) -> std::io::Result<(Mapping, usize)> {
    const KEY: &str = "\"documents\": [";
    const COVERAGE: &str = "\"coverage\": [";
    let missing =
        || std::io::Error::other("the JSON of a mapping has no documents or coverage array");
    let head = serde_json::to_string_pretty(&Mapping {
        root: dir.display().to_string(),
        ..Default::default()
    })?;
    let cut = head.find(KEY).ok_or_else(missing)? + KEY.len();
    w.write_all(&head.as_bytes()[..cut])?;
    let mut n = 0;
    // Each document's JSON is made on the workers; here it is only written, in order.
    let (m, summaries) = map_folder_each(
        dir,
        rules,
        catalog,
        item_json,
        |_, json| -> std::io::Result<()> {
            w.write_all(if n == 0 { b"\n" } else { b",\n" })?;
            w.write_all(&json?)?;
            n += 1;
            Ok(())
        },
    )?;
    // The rest is the mapping's own JSON (documents and coverage empty), with the coverage
    // array filled in between.
    let tail = serde_json::to_string_pretty(&said(&m, lang))?;
    let cut = tail.find(KEY).ok_or_else(missing)? + KEY.len();
    let at = cut + tail[cut..].find(COVERAGE).ok_or_else(missing)? + COVERAGE.len();
    if n > 0 {
        w.write_all(b"\n  ")?;
    }
    w.write_all(&tail.as_bytes()[cut..at])?;
    let mut clauses = 0;
    for c in summaries.coverage(catalog) {
        w.write_all(if clauses == 0 { b"\n" } else { b",\n" })?;
        w.write_all(&item_json(&c)?)?;
        clauses += 1;
    }
    if clauses > 0 {
        w.write_all(b"\n  ")?;
    }
    w.write_all(&tail.as_bytes()[at..])?;
    w.write_all(b"\n")?;
    Ok((m, n))
}

/// The mapping with its messages as words of `lang`: the JSON is read by people too.
fn said(m: &Mapping, lang: crate::model::Lang) -> Mapping {
    Mapping {
        diagnostics: m.diagnostics.iter().map(|d| d.said(lang)).collect(),
        unreadable: m
            .unreadable
            .iter()
            .map(|u| crate::model::Unreadable {
                path: u.path.clone(),
                reason: u.reason.said(lang),
            })
            .collect(),
        ..m.clone()
    }
}

/// `value` as pretty JSON nested as an item of an array in the top-level object, four
/// spaces in. Pretty JSON holds no raw line break inside a string, so indenting every line
/// nests it exactly as serde_json would. The JSON is made in memory and indented in one pass:
/// indenting serde_json's many small writes one by one cost a search and a call per token.
fn item_json(value: &impl serde::Serialize) -> serde_json::Result<Vec<u8>> {
    // A mapped document's JSON is a few KB: made in a buffer of that size, not one grown
    // from nothing by doubling.
    let mut json = Vec::with_capacity(8 * 1024);
    serde_json::to_writer_pretty(&mut json, value)?;
    let mut out = Vec::with_capacity(json.len() + json.len() / 8);
    out.extend_from_slice(b"    ");
    let mut from = 0;
    for i in memchr::memchr_iter(b'\n', &json) {
        out.extend_from_slice(&json[from..=i]);
        out.extend_from_slice(b"    ");
        from = i + 1;
    }
    out.extend_from_slice(&json[from..]);
    Ok(out)
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
        let (m, n) =
            stream_json(&mut out, &root, &rules, &catalog, crate::model::Lang::En).unwrap();
        let whole = map_folder(&root, &rules, &catalog);
        assert!(n > 10 && m.documents.is_empty());
        let mut want = serde_json::to_string_pretty(&said(&whole, crate::model::Lang::En)).unwrap();
        want.push('\n');
        assert_eq!(String::from_utf8(out).unwrap(), want);

        let empty = tempfile::tempdir().unwrap();
        let mut out = Vec::new();
        stream_json(
            &mut out,
            empty.path(),
            &rules,
            &catalog,
            crate::model::Lang::En,
        )
        .unwrap();
        let mut want =
            serde_json::to_string_pretty(&map_folder(empty.path(), &rules, &catalog)).unwrap();
        want.push('\n');
        assert_eq!(String::from_utf8(out).unwrap(), want);
    }
}
