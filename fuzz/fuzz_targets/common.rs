//! Shared by the targets: the panic policy and the embedded catalog.

use std::sync::{Once, OnceLock};

/// The tool runs third-party parsers (calamine, lopdf, zip) under `catch_unwind` and turns
/// their panics into "the file is corrupt" diagnostics: that is the promised behaviour, so
/// such a panic is not a finding here. A panic anywhere else (our code, or std called from our
/// code) is a bug: abort so libFuzzer records the input. libfuzzer-sys's own hook would abort
/// on every panic, caught or not, and stop the run at the first calamine quirk.
pub fn install_panic_policy() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        std::panic::set_hook(Box::new(|info| {
            let file = info.location().map(|l| l.file()).unwrap_or("");
            let third_party = file.contains("/.cargo/registry/") || file.contains("/rustc/");
            if third_party && std::env::var_os("FUZZ_STRICT").is_none() {
                return;
            }
            eprintln!("panic: {info}");
            std::process::abort();
        }));
    });
}

/// The embedded clause catalog, built once. (Not every target uses it.)
#[allow(dead_code)]
pub fn catalog() -> &'static isoaudit::catalog::Catalog {
    static C: OnceLock<isoaudit::catalog::Catalog> = OnceLock::new();
    C.get_or_init(isoaudit::catalog::Catalog::embedded)
}
