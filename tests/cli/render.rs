//! What a person sees: the HTML report in a real headless Chromium and the Word forms printed by
//! LibreOffice. Each test is skipped, saying so on stderr, where its program is not installed
//! (`.ci/run` installs both). Screenshots and PDFs are left in `target/render/`.

use crate::harness::{isoaudit, root};
use std::path::{Path, PathBuf};
use std::process::Command;

/// The program's path, or `None` after saying on stderr that `test` is skipped.
fn program(name: &str, test: &str) -> Option<PathBuf> {
    use std::io::Write;
    let found = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|d| d.join(name))
            .find(|p| p.is_file())
    });
    if found.is_none() {
        let _ = writeln!(
            std::io::stderr(),
            "{test}: skipped, {name} is not installed"
        );
    }
    found
}

/// The sample bureau audited into `out` with the given formats.
fn audit_samples(out: &Path, formats: &str) {
    let o = isoaudit()
        .arg("audit")
        .arg(root().join("samples/bureau"))
        .arg("-o")
        .arg(out)
        .args(["--format", formats, "--force"])
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
}

fn nc_count(office_dir: &Path) -> usize {
    let v: serde_json::Value =
        serde_json::from_slice(&std::fs::read(office_dir.join("result.json")).unwrap()).unwrap();
    v["nonconformities"].as_array().unwrap().len()
}

/// Pages of a PDF: its page objects (`/Type /Page`, not the `/Type /Pages` tree nodes).
fn pdf_pages(pdf: &Path) -> usize {
    let page = regex::bytes::Regex::new(r"/Type\s*/Page[^s]").unwrap();
    page.find_iter(&std::fs::read(pdf).unwrap()).count()
}

fn render_dir() -> PathBuf {
    let d = root().join("target/render");
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// Chromium as a test drives it: headless, no sandbox (CI runs as root), no network at all.
fn chromium(bin: &Path) -> Command {
    let profile = tempfile::tempdir().unwrap().keep();
    let mut c = Command::new(bin);
    c.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--enable-logging=stderr",
        "--v=0",
    ])
    .arg(format!("--user-data-dir={}", profile.display()));
    c
}

/// The HTML report loads in a real browser with no script error; the nonconformities in the
/// page are those of result.json; it prints to A4 with a page per nonconformity report.
#[test]
fn html_report_in_a_real_browser() {
    let Some(bin) = program("chromium", "html_report_in_a_real_browser") else {
        return;
    };
    let d = tempfile::tempdir().unwrap();
    let out = d.path().join("out");
    audit_samples(&out, "json,html");
    assert!(out.join("summary.html").is_file());
    let dir = out.join("linhu");
    let url = format!("file://{}", dir.join("report.html").display());
    let dom = chromium(&bin).arg("--dump-dom").arg(&url).output().unwrap();
    let stderr = String::from_utf8_lossy(&dom.stderr);
    assert!(dom.status.success(), "{stderr}");
    assert!(!stderr.contains("Uncaught"), "a script error: {stderr}");
    let html = String::from_utf8_lossy(&dom.stdout);
    assert_eq!(
        html.matches("<h2 data-nc").count(),
        nc_count(&dir),
        "{html}"
    );
    assert!(html.contains("<svg"));
    for remote in ["src=\"http", "href=\"http", "url(http", "@import"] {
        assert!(!html.contains(remote), "nothing from the network: {remote}");
    }

    let shot = render_dir().join("report-linhu.png");
    let o = chromium(&bin)
        .arg(format!("--screenshot={}", shot.display()))
        .arg("--window-size=1200,1600")
        .arg(&url)
        .output()
        .unwrap();
    assert!(o.status.success() && shot.is_file());

    let pdf = render_dir().join("report-linhu.pdf");
    let o = chromium(&bin)
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg("--no-pdf-header-footer")
        .arg(&url)
        .output()
        .unwrap();
    assert!(o.status.success() && pdf.is_file());
    let pages = pdf_pages(&pdf);
    assert!(
        pages > nc_count(&dir) && pages < 20,
        "{pages} pages for {} nonconformities",
        nc_count(&dir)
    );
}

/// LibreOffice prints 不符合报告.docx on exactly one A4 page per nonconformity, and the audit
/// report with its cover.
#[test]
fn word_forms_print_one_page_per_nonconformity() {
    let Some(bin) = program("soffice", "word_forms_print_one_page_per_nonconformity") else {
        return;
    };
    let d = tempfile::tempdir().unwrap();
    let out = d.path().join("out");
    audit_samples(&out, "json,docx");
    let pdfs = render_dir().join("docx");
    let profile = tempfile::tempdir().unwrap();
    for office in ["hq", "linhu", "anhe"] {
        let dir = out.join(office);
        let o = Command::new(&bin)
            .arg(format!(
                "-env:UserInstallation=file://{}",
                profile.path().display()
            ))
            .args(["--headless", "--convert-to", "pdf", "--outdir"])
            .arg(pdfs.join(office))
            .arg(dir.join("不符合报告.docx"))
            .arg(dir.join("内部审核报告.docx"))
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        assert_eq!(
            pdf_pages(&pdfs.join(office).join("不符合报告.pdf")),
            nc_count(&dir),
            "{office}"
        );
        assert!(pdf_pages(&pdfs.join(office).join("内部审核报告.pdf")) >= 2);
    }
}
