//! What the bench binaries share: the folder named on the command line, and its files with
//! one extension, sorted (the same list for isoaudit and its baseline).

use std::path::PathBuf;

/// The files ending in `.ext` of the folder given as the first argument, sorted by path.
pub fn files_with_extension(program: &str, ext: &str) -> Vec<PathBuf> {
    let dir = std::env::args()
        .nth(1)
        .unwrap_or_else(|| panic!("usage: {program} DIR"));
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("readable folder")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == ext))
        .collect();
    files.sort();
    files
}
