//! Folder orchestration for mapping: walk a folder, extract and map its files on rayon's
//! workers in batches, hand each document on in path order and keep the coverage summaries.
//! The mapping itself (`crate::mapping::map_document`) knows nothing of folders or threads.
//! [`map_folder`] streams: rayon workers each extract and map one file and keep only its
//! [`DocumentMapping`].

use crate::catalog::Catalog;
use crate::mapping::overrides::{self, Overrides};
use crate::mapping::{Rules, Summaries, map_document};
use crate::model::{Diagnostic, DocumentMapping, Location, Mapping, Say, Text, Unreadable};
use crate::scan;
use rayon::prelude::*;
use std::path::Path;

/// What happened to one file of the folder.
enum FileResult<T> {
    /// The document, its extraction warnings, what the caller's `prepare` made of it, and
    /// whether the auditor's overrides corrected it.
    Mapped(DocumentMapping, Vec<Diagnostic>, T, bool),
    Unreadable(Unreadable, Diagnostic),
}

/// Scan `dir` and map every document, file by file in parallel (memory holds one extracted
/// text per worker, never the whole folder). Unreadable files are listed with their reason;
/// coverage and gaps are computed over the whole folder.
pub fn map_folder(dir: &Path, rules: &Rules, catalog: &Catalog) -> Mapping {
    let mut documents = Vec::new();
    let done = map_folder_each(
        dir,
        rules,
        catalog,
        |_| (),
        |d, ()| {
            documents.push(d);
            Ok::<(), std::convert::Infallible>(())
        },
    );
    let (mut m, summaries) = match done {
        Ok(r) => r,
        Err(never) => match never {},
    };
    m.documents = documents;
    m.coverage = summaries
        .coverage(catalog)
        .map(|c| c.to_coverage())
        .collect();
    m
}

/// Files mapped in parallel before their results are handed on in order: large enough that
/// both cores stay busy to the end of a batch, small enough that the results of a batch are
/// a few megabytes at most (two batches' are alive at once while one is handed on and the
/// next mapped).
const BATCH_FILES: usize = 256;

/// Like [`map_folder`], but each document's mapping is handed to `each` in path order as soon
/// as it is made, and only a compact summary of it is kept ([`Summaries`]). The mapping
/// returned has its gaps but neither `documents` nor `coverage`: the coverage comes from the
/// summaries returned beside it ([`Summaries::coverage`]), clause by clause, when it is
/// written. Memory stays flat however many files the folder holds, so a caller can stream the
/// documents out (`isoaudit map --format json`). `prepare` runs on the workers beside the
/// mapping (the JSON of a document is made there: made by `each`, one document after the
/// other, it was serial work between batches); `each` gets the document and what `prepare`
/// made of it. The first error of `each` stops the run and is returned (a batch being mapped
/// then is finished and dropped).
pub fn map_folder_each<T: Send, E>(
    dir: &Path,
    rules: &Rules,
    catalog: &Catalog,
    prepare: impl Fn(&DocumentMapping) -> T + Sync,
    mut each: impl FnMut(DocumentMapping, T) -> Result<(), E>,
) -> Result<(Mapping, Summaries), E> {
    let mut m = Mapping {
        root: dir.display().to_string(),
        ..Default::default()
    };
    // Entries the walk could not read are listed before the files' own diagnostics.
    let mut walk_diagnostics = Vec::new();
    // The auditor's corrections (isoaudit-overrides.toml in the folder): a file that cannot
    // be used is an error, and the mapping goes on without it.
    let override_path = dir.join(overrides::FILE);
    let corrections = if override_path.is_file() {
        let file = overrides::FILE;
        match std::fs::read_to_string(&override_path)
            .map_err(|e| overrides::OverridesError {
                file: file.to_string(),
                message: Text::new(Say::CannotBeRead).with("reason", e),
            })
            .and_then(|src| Overrides::parse(&src, file, catalog))
        {
            Ok(o) => o,
            Err(e) => {
                walk_diagnostics.push(
                    Diagnostic::error(Location::file(file), e.message)
                        .with_hint(Text::new(Say::OverridesBrokenHint)),
                );
                Overrides::default()
            }
        }
    } else {
        Overrides::default()
    };
    let mut corrected = std::collections::BTreeSet::new();
    let mut summaries = Summaries::default();
    // The folder is walked as it is mapped, a batch at a time: the list of all its files is
    // never held (at 40,000 files it was most of the memory that grew with the folder).
    let mut walker = scan::walk_iter(dir);
    let mut walk_unreadable = Vec::new();
    // Walk to the next batch of files (none left: empty).
    let mut walk = |batch: &mut Vec<std::path::PathBuf>| {
        batch.clear();
        for entry in walker.by_ref() {
            match entry {
                Ok(p) => {
                    if p == override_path {
                        continue;
                    }
                    batch.push(p);
                    if batch.len() == BATCH_FILES {
                        break;
                    }
                }
                Err(u) => {
                    walk_diagnostics.push(unreadable_diagnostic(&u.path, &u.reason));
                    walk_unreadable.push(u);
                }
            }
        }
    };
    // Map a batch on the pool's workers.
    let map_batch = |batch: &[std::path::PathBuf]| {
        batch
            .par_iter()
            .map(|p| map_file(dir, p, rules, catalog, &corrections, &prepare))
            .collect::<Vec<FileResult<T>>>()
    };
    let mut batch = Vec::with_capacity(BATCH_FILES);
    walk(&mut batch);
    // Called from outside a rayon pool (`isoaudit map`), the results of the batch before are
    // handed on by this thread, and the files of the next batch walked to, while another
    // thread has the workers map this batch: handed on between batches, with both workers
    // idle, they were 1.6 % of the samples of a perf profile of the 988 MB bench run, all of
    // them on the calling thread; the walk, done between batches too, kept the workers
    // waiting for each batch's 256 paths.
    // Called on a pool's worker (`audit` maps its offices in parallel), batches go one after
    // the other: a worker must not wait for a thread of its own (were every worker waiting,
    // nothing would run the batches they wait for), and the other offices keep the cores
    // busy meanwhile.
    if rayon::current_thread_index().is_some() {
        while !batch.is_empty() {
            let results = map_batch(&batch);
            hand_on(results, &mut m, &mut summaries, &mut corrected, &mut each)?;
            walk(&mut batch);
        }
    } else {
        let mut pending: Vec<FileResult<T>> = Vec::new();
        let mut next = Vec::with_capacity(BATCH_FILES);
        while !batch.is_empty() {
            let (results, handed) = std::thread::scope(|s| {
                let mapping = s.spawn(|| map_batch(&batch));
                let handed = hand_on(
                    std::mem::take(&mut pending),
                    &mut m,
                    &mut summaries,
                    &mut corrected,
                    &mut each,
                );
                walk(&mut next);
                let results = mapping
                    .join()
                    .unwrap_or_else(|p| std::panic::resume_unwind(p));
                (results, handed)
            });
            handed?;
            pending = results;
            std::mem::swap(&mut batch, &mut next);
        }
        hand_on(pending, &mut m, &mut summaries, &mut corrected, &mut each)?;
    }
    for path in corrections.documents.keys() {
        if !corrected.contains(path) {
            m.diagnostics.push(Diagnostic::warning(
                Location::file(overrides::FILE),
                Text::new(Say::OverrideNoDocument).with("path", path),
            ));
        }
    }
    m.unreadable.extend(walk_unreadable);
    m.diagnostics.splice(0..0, walk_diagnostics);
    m.unreadable.sort_by(|a, b| a.path.cmp(&b.path));
    m.gaps = summaries.gaps(catalog);
    Ok((m, summaries))
}

/// Hand the results of one batch on in path order: each mapped document to `each` (after its
/// summary is kept), each unreadable file to the mapping's lists.
fn hand_on<T, E>(
    results: Vec<FileResult<T>>,
    m: &mut Mapping,
    summaries: &mut Summaries,
    corrected: &mut std::collections::BTreeSet<String>,
    each: &mut impl FnMut(DocumentMapping, T) -> Result<(), E>,
) -> Result<(), E> {
    for r in results {
        match r {
            FileResult::Mapped(d, diags, t, was_corrected) => {
                if was_corrected {
                    corrected.insert(d.path.clone());
                }
                summaries.add(&d);
                m.diagnostics.extend(diags);
                each(d, t)?;
            }
            FileResult::Unreadable(u, d) => {
                m.unreadable.push(u);
                m.diagnostics.push(d);
            }
        }
    }
    Ok(())
}

/// Extract and map one file of the folder.
fn map_file<T>(
    dir: &Path,
    p: &Path,
    rules: &Rules,
    catalog: &Catalog,
    corrections: &Overrides,
    prepare: impl Fn(&DocumentMapping) -> T,
) -> FileResult<T> {
    let rel = scan::relative(dir, p);
    // Extraction contains its own panics; this also contains one in the matcher, so a bug
    // shows as one unreadable file instead of ending the run.
    let mapped = std::panic::catch_unwind(|| {
        scan::extract(p).map(|ex| {
            let diags: Vec<Diagnostic> = ex
                .warnings
                .iter()
                .map(|w| Diagnostic::warning(Location::file(&rel), w.clone()))
                .collect();
            (map_document(&rel, &ex, rules, catalog), diags)
        })
    })
    .unwrap_or_else(|_| Err(Text::new(Say::MapperCrashed)));
    match mapped {
        Ok((mut doc, diags)) => {
            let was_corrected = corrections.apply(&mut doc);
            let t = prepare(&doc);
            FileResult::Mapped(doc, diags, t, was_corrected)
        }
        Err(reason) => {
            let d = unreadable_diagnostic(&rel, &reason);
            FileResult::Unreadable(Unreadable { path: rel, reason }, d)
        }
    }
}

/// Formats isoaudit does not read by design are warnings; damaged, encrypted or crashing files
/// are errors (exit code 2).
fn unreadable_diagnostic(path: &str, reason: &Text) -> Diagnostic {
    let loc = Location::file(path);
    if scan::is_failure(reason) {
        Diagnostic::error(loc, Text::new(Say::Unreadable).with_text("reason", reason))
            .with_hint(Text::new(Say::UnreadableHint))
    } else {
        Diagnostic::warning(loc, Text::new(Say::NotMapped).with_text("reason", reason))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Folders mapped on the workers of the global pool, more at once than it has workers (as
    /// `audit` maps offices when RAYON_NUM_THREADS is set), all finish: a worker never waits
    /// for a thread that needs a worker of that same pool.
    #[test]
    fn folders_mapped_on_every_pool_worker_at_once_finish() {
        let d = tempfile::tempdir().unwrap();
        for i in 0..3 {
            let text = "内部审核程序\n本程序规定内部审核的策划和实施。\n";
            std::fs::write(d.path().join(format!("p{i}.txt")), text).unwrap();
        }
        let dir = d.path().to_path_buf();
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let (rules, catalog) = (Rules::embedded(), Catalog::embedded());
            let folders = rayon::current_num_threads() * 2;
            let docs: Vec<usize> = (0..folders)
                .into_par_iter()
                .map(|_| map_folder(&dir, &rules, &catalog).documents.len())
                .collect();
            tx.send((folders, docs)).unwrap();
        });
        let (folders, docs) = rx
            .recv_timeout(std::time::Duration::from_secs(60))
            .expect("mapping folders on the pool's workers did not finish");
        assert_eq!(docs, vec![3; folders]);
    }

    /// A folder of several batches, with files the walk and the reader turn down among them,
    /// maps the same whether its batches overlap the handing on and the walk (called from
    /// outside a pool, as `isoaudit map`) or go one after the other (on a pool's worker, as
    /// `audit`): every document, in path order, and every unreadable file.
    #[test]
    fn batches_overlapped_or_not_give_the_same_mapping() {
        let d = tempfile::tempdir().unwrap();
        let files = BATCH_FILES * 2 + 7;
        for i in 0..files {
            let sub = d.path().join(format!("d{}", i % 3));
            std::fs::create_dir_all(&sub).unwrap();
            let text = if i % 50 == 0 {
                String::new()
            } else {
                format!("内部审核程序 {i}\n本程序规定内部审核的策划和实施。\n")
            };
            std::fs::write(sub.join(format!("p{i:04}.txt")), text).unwrap();
        }
        #[cfg(unix)]
        std::os::unix::fs::symlink(d.path().join("d0"), d.path().join("link")).unwrap();
        let (rules, catalog) = (Rules::embedded(), Catalog::embedded());
        let overlapped = map_folder(d.path(), &rules, &catalog);
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(2)
            .build()
            .unwrap();
        let in_turn = pool.install(|| map_folder(d.path(), &rules, &catalog));
        assert_eq!(overlapped, in_turn);
        let empty = files.div_ceil(50);
        assert_eq!(overlapped.documents.len(), files - empty);
        assert_eq!(overlapped.unreadable.len(), empty + usize::from(cfg!(unix)));
        let paths: Vec<&str> = overlapped
            .documents
            .iter()
            .map(|d| d.path.as_str())
            .collect();
        assert!(paths.is_sorted(), "{paths:?}");
    }
}
