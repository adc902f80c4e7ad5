//! Text extraction from bytes: the first byte picks the format, the rest is the file.
#![no_main]

mod common;
use libfuzzer_sys::fuzz_target;

const EXTENSIONS: [&str; 6] = ["docx", "html", "odt", "txt", "md", "pdf"];

fuzz_target!(|data: &[u8]| {
    common::install_panic_policy();
    let Some((&pick, bytes)) = data.split_first() else {
        return;
    };
    let name = format!("fuzz.{}", EXTENSIONS[pick as usize % EXTENSIONS.len()]);
    if let Ok(e) = isoaudit::scan::extract_bytes(&name, bytes) {
        // Heading line numbers point into the text.
        let lines = e.text.lines().count() as u32;
        for (line, _) in &e.headings {
            assert!(*line >= 1 && *line <= lines.max(1), "{line} > {lines}");
        }
    }
});
