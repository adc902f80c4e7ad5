//! The audit-plan parser (TOML with our own checks) on arbitrary text.
#![no_main]

mod common;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    common::install_panic_policy();
    let src = String::from_utf8_lossy(data);
    let path = std::path::Path::new("plans/audit.toml");
    match isoaudit::plan::Plan::parse(&src, path, common::catalog()) {
        Ok(plan) => {
            // Office codes name output folders: they must never climb out of one.
            for o in &plan.offices {
                assert!(!o.code.is_empty() && !o.code.contains(['/', '\\', '.']), "{}", o.code);
            }
        }
        Err(e) => assert!(e.to_string().contains("audit.toml"), "{e}"),
    }
});
