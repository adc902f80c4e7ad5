//! Every word in the reader's language: the sample bureau audited in Chinese and in English,
//! every output read back (workbooks through calamine, Word's XML text, the page's text, the
//! Markdown, the JSON's messages, the terminal), and every word checked against the sample
//! data's own text. A Chinese report may hold English only where the bureau wrote it (the
//! hq office keeps an English checklist) or where it is a name (ISO, GB/T, PDF, file types).

use crate::harness::{isoaudit, root, zip_part};
use calamine::{Reader, open_workbook_auto};
use regex::Regex;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Names and notations that read the same in a Chinese text: standards, formats, units, the
/// tool's own name, the series tags of finding numbers (`…-NC01`, `-OB01`, `-OFI01`) and the
/// names of the files it writes (`nc-report.xlsx`, `result.json`).
const NAMES: &[&str] = &[
    "ISO", "GB", "PDF", "OCR", "WPS", "Office", "Word", "Excel", "CSV", "UTF", "xlsx", "docx",
    "md", "json", "html", "pdf", "wps", "csv", "isoaudit", "MB", "NC", "OB", "OFI", "nc", "result",
];

fn samples() -> PathBuf {
    root().join("samples/bureau")
}

/// Every file under `dir`, sorted.
fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                todo.push(p);
            } else {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// The text of a workbook: its sheet names and every cell, one per line.
fn workbook_text(path: &Path) -> String {
    let mut wb = open_workbook_auto(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut s = String::new();
    for name in wb.sheet_names() {
        s.push_str(&name);
        s.push('\n');
        let range = wb.worksheet_range(&name).unwrap();
        for row in range.rows() {
            for c in row {
                s.push_str(&c.to_string());
                s.push('\n');
            }
        }
    }
    s
}

/// The text of a Word file's body, headers and footers: the runs' text, one per line.
fn docx_text(path: &Path) -> String {
    let z = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let parts: Vec<String> = z
        .file_names()
        .filter_map(Result::ok)
        .map(|n| n.to_string())
        .filter(|n| {
            n.starts_with("word/")
                && n.ends_with(".xml")
                && (n.contains("document") || n.contains("header") || n.contains("footer"))
        })
        .collect();
    let run = Regex::new(r"<w:t(?: [^>]*)?>([^<]*)</w:t>").unwrap();
    let mut s = String::new();
    for p in parts {
        for c in run.captures_iter(&zip_part(path, &p)) {
            s.push_str(&unescape(&c[1]));
            s.push('\n');
        }
    }
    s
}

/// The text a browser shows: no script, no style, no tags.
fn html_text(src: &str) -> String {
    let code = Regex::new(r"(?s)<script.*?</script>|<style.*?</style>").unwrap();
    let tag = Regex::new(r"<[^>]+>").unwrap();
    unescape(&tag.replace_all(&code.replace_all(src, ""), "\n"))
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// The strings of a result.json that people read: messages, hints and reasons.
fn json_messages(v: &serde_json::Value, key: Option<&str>, out: &mut String) {
    match v {
        serde_json::Value::Object(m) => m.iter().for_each(|(k, x)| json_messages(x, Some(k), out)),
        serde_json::Value::Array(a) => a.iter().for_each(|x| json_messages(x, key, out)),
        serde_json::Value::String(s) if matches!(key, Some("message" | "hint" | "reason")) => {
            out.push_str(s);
            out.push('\n');
        }
        _ => {}
    }
}

/// The text of every output of a run, by file.
fn outputs(out: &Path) -> Vec<(PathBuf, String)> {
    files(out)
        .into_iter()
        // The marker that tells a later run the folder is isoaudit's: not a report.
        .filter(|p| !p.ends_with(".isoaudit-output"))
        .map(|p| {
            let ext = p.extension().and_then(|e| e.to_str()).unwrap_or("");
            let text = match ext {
                "xlsx" => workbook_text(&p),
                "docx" => docx_text(&p),
                "html" => html_text(&std::fs::read_to_string(&p).unwrap()),
                "json" => {
                    let v: serde_json::Value =
                        serde_json::from_slice(&std::fs::read(&p).unwrap()).unwrap();
                    let mut s = String::new();
                    json_messages(&v, None, &mut s);
                    s
                }
                _ => std::fs::read_to_string(&p).unwrap(),
            };
            (p, text)
        })
        .collect()
}

/// The sample data's own text: the plan's values, every checklist cell, every procedure's
/// text, and the paths of all of them (file names show in reports).
fn sample_text(out: &Path) -> String {
    let mut s = out.display().to_string();
    s.push('\n');
    s.push_str(&samples().display().to_string());
    let plan: toml::Value =
        toml::from_str(&std::fs::read_to_string(samples().join("audit.toml")).unwrap()).unwrap();
    fn values(v: &toml::Value, s: &mut String) {
        match v {
            toml::Value::String(x) => {
                s.push_str(x);
                s.push('\n');
            }
            toml::Value::Array(a) => a.iter().for_each(|x| values(x, s)),
            toml::Value::Table(t) => t.values().for_each(|x| values(x, s)),
            _ => {}
        }
    }
    values(&plan, &mut s);
    // The programme beside the plan is named by its path in the independence warnings.
    s.push_str(&samples().join("programme.toml").display().to_string());
    s.push('\n');
    for p in files(&samples().join("offices")) {
        s.push_str(&p.display().to_string());
        s.push('\n');
        match p.extension().and_then(|e| e.to_str()).unwrap_or("") {
            "xlsx" => s.push_str(&workbook_text(&p)),
            "docx" => s.push_str(&docx_text(&p)),
            // The bureau's CSV files are in GBK, as Excel saves them in China.
            "md" | "txt" | "csv" | "html" => {
                let bytes = std::fs::read(&p).unwrap();
                match std::str::from_utf8(&bytes) {
                    Ok(t) => s.push_str(t),
                    Err(_) => s.push_str(&encoding_rs::GB18030.decode(&bytes).0),
                }
            }
            _ => {}
        }
        s.push('\n');
    }
    s
}

/// Run the sample audit in `lang` with every format: (output folder, stdout, stderr).
fn audit(dir: &Path, lang: &str) -> (PathBuf, String, String) {
    let out = dir.join(format!("out-{lang}"));
    let run = isoaudit()
        .args([
            "audit",
            "--lang",
            lang,
            "--format",
            "xlsx,md,json,docx,html",
        ])
        .arg(samples())
        .arg("-o")
        .arg(&out)
        .output()
        .unwrap();
    let stderr = String::from_utf8(run.stderr).unwrap();
    assert!(run.status.success(), "{stderr}");
    (out, String::from_utf8(run.stdout).unwrap(), stderr)
}

#[test]
fn a_chinese_audit_writes_no_english_word_of_its_own() {
    let d = tempfile::tempdir().unwrap();
    let (out, stdout, stderr) = audit(d.path(), "zh");
    let word = Regex::new(r"[A-Za-z]{2,}").unwrap();
    let data: BTreeSet<String> = word
        .find_iter(&sample_text(&out))
        .map(|m| m.as_str().to_string())
        .collect();
    let mut texts = outputs(&out);
    assert!(texts.len() >= 15, "{texts:?}");
    texts.push(("stdout".into(), stdout));
    texts.push(("stderr".into(), stderr));
    let mut bad = Vec::new();
    for (file, text) in &texts {
        let english: BTreeSet<&str> = word
            .find_iter(text)
            .map(|m| m.as_str())
            .filter(|w| !data.contains(*w) && !NAMES.contains(w))
            .collect();
        if !english.is_empty() {
            bad.push(format!("{}: {english:?}", file.display()));
        }
    }
    assert!(
        bad.is_empty(),
        "English outside the sample's data:\n{}",
        bad.join("\n")
    );
}

#[test]
fn an_english_audit_writes_no_chinese_of_its_own() {
    let d = tempfile::tempdir().unwrap();
    let (out, stdout, stderr) = audit(d.path(), "en");
    let data = sample_text(&out);
    // A run of Han characters the data does not hold came from the tool.
    let han = Regex::new(r"\p{Han}+").unwrap();
    let mut texts: Vec<(PathBuf, String)> = outputs(&out)
        .into_iter()
        // result.json carries both titles of each clause by design; the Word forms are
        // checked through their own test of both languages.
        .filter(|(p, _)| p.extension().is_some_and(|e| e == "md" || e == "html"))
        .collect();
    texts.push(("stdout".into(), stdout));
    texts.push(("stderr".into(), stderr));
    let mut bad = Vec::new();
    for (file, text) in &texts {
        let chinese: BTreeSet<&str> = han
            .find_iter(text)
            .map(|m| m.as_str())
            .filter(|w| !data.contains(*w))
            .collect();
        if !chinese.is_empty() {
            bad.push(format!("{}: {chinese:?}", file.display()));
        }
    }
    assert!(
        bad.is_empty(),
        "Chinese outside the sample's data:\n{}",
        bad.join("\n")
    );
}

/// An error that ends a command is said in the plan's language (the sample bureau's is zh):
/// a second run into the same folder is refused in Chinese, with its hint.
#[test]
fn an_error_is_said_in_the_plans_language() {
    let d = tempfile::tempdir().unwrap();
    let out = d.path().join("out");
    let run = || {
        isoaudit()
            .args(["audit", "--quiet", "--format", "md"])
            .arg(samples())
            .arg("-o")
            .arg(&out)
            .output()
            .unwrap()
    };
    assert!(run().status.success());
    let again = run();
    assert_eq!(again.status.code(), Some(2));
    let err = String::from_utf8(again.stderr).unwrap();
    assert!(err.starts_with("错误："), "{err}");
    assert!(err.contains("已存在（共 "), "{err}");
    assert!(err.contains("\n提示：加 --force 覆盖"), "{err}");
}
