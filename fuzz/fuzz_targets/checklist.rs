//! Checklist ingestion from bytes: the first byte picks the file type, the rest is the file.
#![no_main]

mod common;
use libfuzzer_sys::fuzz_target;

const EXTENSIONS: [&str; 4] = ["xlsx", "ods", "csv", "xls"];

fuzz_target!(|data: &[u8]| {
    common::install_panic_policy();
    let Some((&pick, bytes)) = data.split_first() else {
        return;
    };
    let name = format!("fuzz.{}", EXTENSIONS[pick as usize % EXTENSIONS.len()]);
    let got = isoaudit::ingest::read_checklist_bytes(&name, bytes, common::catalog());
    // Every diagnostic names the file it is about.
    for d in &got.diagnostics {
        assert!(d.to_string().contains(&name), "{d}");
    }
});
