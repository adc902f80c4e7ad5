//! Writing files the user will own: atomically (temp file in the same folder, then rename),
//! never over an existing file unless asked, and never outside the folder we were given.

use crate::model::Say;
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    #[error("{0}: already exists")]
    Exists(String),
    /// Only regular files are ever replaced, `--force` or not.
    #[error("{path}: is a {}, not a regular file; it is never replaced", kind.words()[0])]
    NotRegular { path: String, kind: Say },
    /// `-o -` for an output that cannot go to stdout.
    #[error("-o -: {} cannot be written to stdout", .0.words()[0])]
    Stdout(Say),
    /// An output that is also an input of the same run.
    #[error("{output}: is {} this command reads; it is never written over", what.words()[0])]
    IsInput { output: String, what: Say },
    /// Another run holds the output folder.
    #[error("{0}: another isoaudit run is writing into this folder")]
    Busy(String),
    #[error("{path}: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
}

impl OutputError {
    pub fn hint(&self) -> Option<&'static str> {
        match self {
            OutputError::Exists(_) => Some("pass --force to overwrite it, or choose another name"),
            OutputError::NotRegular { .. } | OutputError::IsInput { .. } => {
                Some("choose another output name")
            }
            OutputError::Stdout(_) => Some("give a file or folder name with -o"),
            OutputError::Busy(_) => {
                Some("wait for the other run to finish, or choose another -o folder")
            }
            OutputError::Io { .. } => None,
        }
    }
}

impl OutputError {
    /// The error as a catalogue message, said in the reader's language where it is printed.
    pub fn text(&self) -> crate::model::Text {
        use crate::model::{Say, Text};
        match self {
            OutputError::Exists(p) => Text::new(Say::OutExists).with("path", p),
            OutputError::NotRegular { path, kind } => Text::new(Say::OutNotRegular)
                .with("path", path)
                .with_text("kind", &Text::new(*kind)),
            OutputError::Stdout(what) => {
                Text::new(Say::OutStdout).with_text("what", &Text::new(*what))
            }
            OutputError::IsInput { output, what } => Text::new(Say::OutIsInput)
                .with("path", output)
                .with_text("what", &Text::new(*what)),
            OutputError::Busy(p) => Text::new(Say::OutBusy).with("path", p),
            OutputError::Io { path, source } => Text::new(Say::OutIo)
                .with("path", path)
                .with("reason", source),
        }
    }

    /// [`OutputError::hint`] as a catalogue message.
    pub fn hint_text(&self) -> Option<crate::model::Text> {
        use crate::model::{Say, Text};
        Some(Text::new(match self {
            OutputError::Exists(_) => Say::OutExistsHint,
            OutputError::NotRegular { .. } | OutputError::IsInput { .. } => Say::OutChooseAnother,
            OutputError::Stdout(_) => Say::OutStdoutHint,
            OutputError::Busy(_) => Say::OutBusyHint,
            OutputError::Io { .. } => return None,
        }))
    }
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> OutputError + '_ {
    move |source| OutputError::Io {
        path: path.display().to_string(),
        source,
    }
}

/// Refuse to go on when `path` exists and `force` is false, when it exists and is anything but
/// a regular file (a symlink, folder, FIFO, device node: never replaced, even with `force`), and
/// when it is `-` (callers whose format streams handle `-` as stdout before asking).
pub fn check_new(path: &Path, force: bool) -> Result<(), OutputError> {
    if path.as_os_str() == "-" {
        return Err(OutputError::Stdout(Say::ThisFormat));
    }
    match std::fs::symlink_metadata(path) {
        Ok(m) if !m.file_type().is_file() => Err(OutputError::NotRegular {
            path: path.display().to_string(),
            kind: kind(&m.file_type()),
        }),
        Ok(_) if !force => Err(OutputError::Exists(path.display().to_string())),
        _ => Ok(()),
    }
}

/// What a file that is not a regular file is, in words.
fn kind(t: &std::fs::FileType) -> Say {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return Say::KindFifo;
        }
        if t.is_block_device() || t.is_char_device() {
            return Say::KindDevice;
        }
        if t.is_socket() {
            return Say::KindSocket;
        }
    }
    if t.is_symlink() {
        Say::KindSymlink
    } else if t.is_dir() {
        Say::KindFolder
    } else {
        Say::KindSpecialFile
    }
}

/// Refuse an output that is one of the run's inputs (the register, a checklist): the same
/// file, whatever path names it. `inputs` pairs a path with what it is (`Say::TheRegister`).
pub fn refuse_inputs(output: &Path, inputs: &[(&Path, Say)]) -> Result<(), OutputError> {
    // An output not there yet is named by its folder's real path and its own name.
    let out = match std::fs::canonicalize(output) {
        Ok(p) => p,
        Err(_) => {
            let parent = match output.parent() {
                Some(d) if !d.as_os_str().is_empty() => d,
                _ => Path::new("."),
            };
            match (std::fs::canonicalize(parent), output.file_name()) {
                (Ok(d), Some(n)) => d.join(n),
                _ => return Ok(()),
            }
        }
    };
    for (input, what) in inputs {
        if let Ok(i) = std::fs::canonicalize(input) {
            // A SQLite register is also its -wal, -shm and -journal files.
            let same = out == i
                || ["-wal", "-shm", "-journal"].iter().any(|x| {
                    let mut s = i.as_os_str().to_owned();
                    s.push(x);
                    out == Path::new(&s)
                });
            if same {
                return Err(OutputError::IsInput {
                    output: output.display().to_string(),
                    what: *what,
                });
            }
        }
    }
    Ok(())
}

/// Temp files a killed run left in `dir` (`.isoaudit-*.tmp`): removed when no run holds them
/// (each is locked while written) and they are over a minute old. Best effort: what cannot be
/// removed stays. Returns how many were removed.
pub fn clean_stale_temps(dir: &Path) -> usize {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return 0;
    };
    let mut n = 0;
    for e in rd.flatten() {
        let name = e.file_name();
        let name = name.to_string_lossy();
        if !(name.starts_with(".isoaudit-") && name.ends_with(".tmp")) {
            continue;
        }
        let Ok(m) = std::fs::symlink_metadata(e.path()) else {
            continue;
        };
        let old = m
            .modified()
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age.as_secs() >= 60);
        if !m.file_type().is_file() || !old {
            continue;
        }
        let Ok(f) = std::fs::File::open(e.path()) else {
            continue;
        };
        if f.try_lock().is_ok() && std::fs::remove_file(e.path()).is_ok() {
            n += 1;
        }
    }
    n
}

/// The file that marks a folder as an isoaudit output folder: a folder holding it is never
/// read as procedures (a `-o` inside the procedures folder, or the default `./out` beside a
/// plan that sits there, would otherwise map the run's own earlier reports).
pub const OUTPUT_MARKER: &str = ".isoaudit-output";

/// True for what a walk over procedures must not read: a folder that holds [`OUTPUT_MARKER`],
/// and a report this tool wrote beside the marker (when the output folder is the walked
/// folder itself).
pub fn is_output_folder(e: &walkdir::DirEntry) -> bool {
    const OURS: [&str; 5] = [
        "nc-report.xlsx",
        "report.md",
        "result.json",
        "summary.xlsx",
        "summary.md",
    ];
    if e.file_type().is_dir() {
        return e.path().join(OUTPUT_MARKER).is_file();
    }
    OURS.iter().any(|n| e.file_name() == *n)
        && e.path()
            .parent()
            .is_some_and(|d| d.join(OUTPUT_MARKER).is_file())
}

/// Mark `dir` as an output folder (see [`OUTPUT_MARKER`]); kept when already there.
fn mark_output_folder(dir: &Path) -> Result<(), OutputError> {
    let p = dir.join(OUTPUT_MARKER);
    match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&p)
    {
        Ok(mut f) => f
            .write_all(
                b"isoaudit writes its reports here; this folder is never read as procedures.\n",
            )
            .map_err(io(&p)),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(io(&p)(e)),
    }
}

/// A run's hold on its output folder: an advisory lock on `.isoaudit.lock` in it, released
/// when dropped (the file removed) or when the process dies (the file stays, unlocked, and the
/// next run takes it). A second run into the same folder at the same time is refused.
pub struct FolderLock {
    file: std::fs::File,
    path: PathBuf,
}

impl FolderLock {
    /// Take the folder (created if missing) for this run, and clean the temp files an earlier,
    /// killed run left in it.
    pub fn acquire(dir: &Path) -> Result<FolderLock, OutputError> {
        if dir.as_os_str() == "-" {
            return Err(OutputError::Stdout(Say::AFolderOfReports));
        }
        std::fs::create_dir_all(dir).map_err(io(dir))?;
        let path = dir.join(".isoaudit.lock");
        loop {
            let file = std::fs::OpenOptions::new()
                .create(true)
                .truncate(false)
                .write(true)
                .open(&path)
                .map_err(io(&path))?;
            match file.try_lock() {
                Ok(()) => {}
                Err(std::fs::TryLockError::WouldBlock) => {
                    return Err(OutputError::Busy(dir.display().to_string()));
                }
                Err(std::fs::TryLockError::Error(e)) => return Err(io(&path)(e)),
            }
            // The run before may have removed the file between our open and our lock: the
            // lock is then on a file nobody else will look at. Take the one now in place.
            if same_file(&file, &path) {
                clean_stale_temps(dir);
                mark_output_folder(dir)?;
                return Ok(FolderLock { file, path });
            }
        }
    }
}

#[cfg(unix)]
fn same_file(f: &std::fs::File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (f.metadata(), std::fs::metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_file(_: &std::fs::File, _: &Path) -> bool {
    true
}

impl Drop for FolderLock {
    fn drop(&mut self) {
        // Removed while still locked, so no run can take the old file after us (see acquire).
        #[cfg(unix)]
        let _ = std::fs::remove_file(&self.path);
        let _ = self.file.unlock();
    }
}

/// Write `bytes` to `path` atomically: a temp file beside it, synced, then renamed over it.
/// A reader sees the old file or the new one, never half of one.
pub fn write_atomic(path: &Path, bytes: &[u8], force: bool) -> Result<(), OutputError> {
    let mut f = AtomicFile::create(path, force)?;
    f.write_all(bytes).map_err(io(path))?;
    f.commit()
}

/// A file written piece by piece (a long JSON document streamed as it is made) and put in
/// place atomically once complete: a buffered temp file beside `path`, synced and renamed over
/// it by [`AtomicFile::commit`]. Dropped without `commit`, the temp file is removed and `path`
/// is left as it was.
pub struct AtomicFile {
    path: PathBuf,
    force: bool,
    tmp: std::io::BufWriter<tempfile::NamedTempFile>,
    /// Bytes written since the temp file was last synced.
    unsynced: usize,
}

/// A long stream is synced every this many bytes as it is written, so the sync in
/// [`AtomicFile::commit`] has little left: the 47 MB JSON of `map` over the 988 MB bench
/// folder took 22-25 ms to sync at the end, with every worker done and waiting; synced as it
/// goes, that time falls while the workers still map.
const SYNC_EVERY: usize = 8 << 20;

impl AtomicFile {
    /// Start writing `path`; refused when it exists and `force` is false.
    pub fn create(path: &Path, force: bool) -> Result<AtomicFile, OutputError> {
        check_new(path, force)?;
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => PathBuf::from("."),
        };
        std::fs::create_dir_all(&dir).map_err(io(&dir))?;
        clean_stale_temps(&dir);
        let tmp = tempfile::Builder::new()
            .prefix(".isoaudit-")
            .suffix(".tmp")
            .tempfile_in(&dir)
            .map_err(io(&dir))?;
        // Held while written, so a run cleaning stale temp files leaves this one alone.
        let _ = tmp.as_file().try_lock();
        Ok(AtomicFile {
            force,
            unsynced: 0,
            path: path.to_path_buf(),
            tmp: std::io::BufWriter::with_capacity(256 * 1024, tmp),
        })
    }

    /// Count `n` more bytes written; sync the temp file once [`SYNC_EVERY`] are.
    fn written(&mut self, n: usize) -> std::io::Result<()> {
        self.unsynced += n;
        if self.unsynced >= SYNC_EVERY {
            self.unsynced = 0;
            self.tmp.flush()?;
            self.tmp.get_ref().as_file().sync_data()?;
        }
        Ok(())
    }

    /// Flush, sync and rename the finished file over `path`.
    pub fn commit(self) -> Result<(), OutputError> {
        let path = self.path;
        let tmp = self.tmp.into_inner().map_err(|e| OutputError::Io {
            path: path.display().to_string(),
            source: e.into_error(),
        })?;
        // Temp files are created private (0600); a report is an ordinary file. Keep the mode
        // of the file being replaced, else give the usual 0644.
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let perms = match std::fs::metadata(&path) {
                Ok(m) => m.permissions(),
                Err(_) => std::fs::Permissions::from_mode(0o644),
            };
            tmp.as_file().set_permissions(perms).map_err(io(&path))?;
        }
        tmp.as_file().sync_all().map_err(io(&path))?;
        // Checked again: the path may have changed since `create` (another run, a symlink).
        check_new(&path, self.force)?;
        let persisted = if self.force {
            tmp.persist(&path)
        } else {
            // Without --force, never over a file that appeared meanwhile (atomic, no race).
            tmp.persist_noclobber(&path)
        };
        persisted.map_err(|e| {
            if e.error.kind() == std::io::ErrorKind::AlreadyExists {
                OutputError::Exists(path.display().to_string())
            } else {
                OutputError::Io {
                    path: path.display().to_string(),
                    source: e.error,
                }
            }
        })?;
        Ok(())
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.tmp.write(buf)?;
        self.written(n)?;
        Ok(n)
    }

    fn write_all(&mut self, buf: &[u8]) -> std::io::Result<()> {
        self.tmp.write_all(buf)?;
        self.written(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.tmp.flush()
    }
}

/// A file or folder name made from user text (an office code, a checklist name) that cannot
/// climb out of the output folder: separators, `..`, control and reserved characters replaced.
pub fn safe_name(name: &str) -> String {
    let mut s: String = name
        .trim()
        .chars()
        .map(|c| match c {
            '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|' => '_',
            c if c.is_control() => '_',
            c => c,
        })
        .collect();
    while s.starts_with('.') {
        s.replace_range(0..1, "_");
    }
    if s.is_empty() {
        s.push('_');
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_overwrite_and_writes_atomically() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("a.txt");
        write_atomic(&p, b"one", false).unwrap();
        let e = write_atomic(&p, b"two", false).unwrap_err();
        assert!(matches!(e, OutputError::Exists(_)));
        assert_eq!(std::fs::read(&p).unwrap(), b"one");
        write_atomic(&p, b"two", true).unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"two");
        let leftovers = std::fs::read_dir(d.path()).unwrap().count();
        assert_eq!(leftovers, 1, "no temp file left behind");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&p).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o644);
        }
    }

    /// A stream longer than two [`SYNC_EVERY`] steps arrives whole (the flushes and syncs on
    /// the way lose or repeat nothing; that the syncs happen is seen with strace, not here);
    /// dropped before `commit`, it leaves the old file as it was.
    #[test]
    fn long_streams_arrive_whole_across_sync_steps() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("long.json");
        std::fs::write(&p, b"old").unwrap();
        let piece: Vec<u8> = (0..=255u8).cycle().take(100_003).collect();
        let pieces = SYNC_EVERY / piece.len() * 2 + 1;
        let mut f = AtomicFile::create(&p, true).unwrap();
        for _ in 0..pieces {
            f.write_all(&piece).unwrap();
        }
        drop(f);
        assert_eq!(std::fs::read(&p).unwrap(), b"old");
        let mut f = AtomicFile::create(&p, true).unwrap();
        for _ in 0..pieces {
            f.write_all(&piece).unwrap();
        }
        f.commit().unwrap();
        let back = std::fs::read(&p).unwrap();
        assert_eq!(back.len(), piece.len() * pieces);
        assert!(back.chunks(piece.len()).all(|c| c == piece.as_slice()));
    }

    #[cfg(unix)]
    #[test]
    fn only_regular_files_are_replaced_and_dash_is_not_a_file() {
        let d = tempfile::tempdir().unwrap();
        let target = d.path().join("target.txt");
        std::fs::write(&target, b"mine").unwrap();
        let link = d.path().join("link.txt");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        let e = write_atomic(&link, b"x", true).unwrap_err();
        assert!(e.to_string().contains("symbolic link"), "{e}");
        assert!(
            std::fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(std::fs::read(&target).unwrap(), b"mine");
        let e = write_atomic(Path::new("/dev/null"), b"x", true).unwrap_err();
        assert!(e.to_string().contains("is a device"), "{e}");
        let e = write_atomic(d.path(), b"x", true).unwrap_err();
        assert!(e.to_string().contains("is a folder"), "{e}");
        let fifo = d.path().join("fifo");
        assert!(
            std::process::Command::new("mkfifo")
                .arg(&fifo)
                .status()
                .unwrap()
                .success()
        );
        let e = write_atomic(&fifo, b"x", true).unwrap_err();
        assert!(e.to_string().contains("is a FIFO"), "{e}");
        let e = write_atomic(Path::new("-"), b"x", true).unwrap_err();
        assert!(matches!(e, OutputError::Stdout(_)), "{e}");
    }

    #[test]
    fn an_output_that_is_an_input_is_refused() {
        let d = tempfile::tempdir().unwrap();
        let db = d.path().join("r.db");
        std::fs::write(&db, b"db").unwrap();
        let other = d.path().join(".").join("r.db");
        let e = refuse_inputs(&other, &[(&db, Say::TheRegister)]).unwrap_err();
        assert!(e.to_string().contains("is the register"), "{e}");
        let wal = d.path().join("r.db-wal");
        assert!(refuse_inputs(&wal, &[(&db, Say::TheRegister)]).is_err());
        std::fs::write(&wal, b"").unwrap();
        assert!(refuse_inputs(&wal, &[(&db, Say::TheRegister)]).is_err());
        assert!(refuse_inputs(&d.path().join("new.xlsx"), &[(&db, Say::TheRegister)]).is_ok());
    }

    #[test]
    fn stale_temp_files_are_cleaned_and_live_ones_kept() {
        let d = tempfile::tempdir().unwrap();
        let stale = d.path().join(".isoaudit-killed.tmp");
        std::fs::write(&stale, b"half").unwrap();
        let hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
        std::fs::File::options()
            .write(true)
            .open(&stale)
            .unwrap()
            .set_modified(hour_ago)
            .unwrap();
        // One being written by another run: locked, so kept even when old.
        let live = d.path().join(".isoaudit-live.tmp");
        std::fs::write(&live, b"half").unwrap();
        let held = std::fs::File::options().write(true).open(&live).unwrap();
        held.set_modified(hour_ago).unwrap();
        held.lock().unwrap();
        // A fresh one (a run that has not locked it yet) is kept too.
        let fresh = d.path().join(".isoaudit-fresh.tmp");
        std::fs::write(&fresh, b"half").unwrap();
        write_atomic(&d.path().join("a.txt"), b"one", false).unwrap();
        assert!(!stale.exists());
        assert!(live.exists() && fresh.exists());
    }

    #[test]
    fn a_second_run_into_the_same_folder_is_refused() {
        let d = tempfile::tempdir().unwrap();
        let out = d.path().join("out");
        let first = FolderLock::acquire(&out).unwrap();
        let e = FolderLock::acquire(&out).err().unwrap();
        assert!(matches!(e, OutputError::Busy(_)), "{e}");
        drop(first);
        let again = FolderLock::acquire(&out).unwrap();
        drop(again);
        #[cfg(unix)]
        assert_eq!(
            std::fs::read_dir(&out)
                .unwrap()
                .map(|e| e.unwrap().file_name().into_string().unwrap())
                .collect::<Vec<_>>(),
            [OUTPUT_MARKER],
            "the lock file is gone, the marker stays"
        );
    }

    #[test]
    fn names_cannot_escape() {
        assert_eq!(safe_name("../etc/passwd"), "_._etc_passwd");
        assert_eq!(safe_name("a/b\\c"), "a_b_c");
        assert_eq!(safe_name(".."), "_.");
        assert_eq!(safe_name(""), "_");
        assert_eq!(safe_name("临湖县局"), "临湖县局");
    }
}
