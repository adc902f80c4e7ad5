//! isoaudit's own docx extraction, on one thread like `bare_docx`: every .docx of a folder
//! through `isoaudit::scan::extract` (zip with the bomb guard, relationships, body, headers and
//! footers, headings, NFKC and line joining), no mapping. Run by benches/run.sh next to
//! `bare_docx` over the same files:
//!   cargo bench --bench extract_docx -- DIR

mod common;

fn main() {
    let files = common::files_with_extension("extract_docx", "docx");
    let (mut text_bytes, mut failed) = (0usize, 0usize);
    for f in &files {
        match isoaudit::scan::extract(f) {
            Ok(e) => text_bytes += e.text.len(),
            Err(_) => failed += 1,
        }
    }
    println!(
        "{} docx, {text_bytes} bytes of text, {failed} unreadable",
        files.len()
    );
}
