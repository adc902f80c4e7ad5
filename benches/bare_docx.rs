//! Baseline for docx extraction: open each .docx in a folder, inflate `word/document.xml` and
//! walk its XML events collecting `w:t` text, nothing else. Run by benches/run.sh:
//!   cargo bench --bench bare_docx -- DIR

mod common;

use quick_xml::Reader;
use quick_xml::events::Event;
use std::io::Read;

fn main() {
    let files = common::files_with_extension("bare_docx", "docx");
    let mut text_bytes = 0usize;
    for f in &files {
        let file = std::fs::File::open(f).expect("a file");
        let mut zip = zip::ZipArchive::new(std::io::BufReader::new(file)).expect("a zip");
        let mut xml = String::new();
        zip.by_name("word/document.xml")
            .expect("a main part")
            .read_to_string(&mut xml)
            .expect("UTF-8 XML");
        let mut r = Reader::from_str(&xml);
        let mut in_t = false;
        loop {
            match r.read_event() {
                Ok(Event::Start(e)) => in_t = e.local_name().as_ref() == "t",
                Ok(Event::End(_)) => in_t = false,
                Ok(Event::Text(t)) if in_t => text_bytes += t.xml10_content().len(),
                Ok(Event::Eof) | Err(_) => break,
                _ => {}
            }
        }
    }
    println!("{} docx, {text_bytes} bytes of text", files.len());
}
