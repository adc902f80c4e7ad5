//! Writing files the user will own: atomically (temp file in the same folder, then rename),
//! never over an existing file unless asked, and never outside the folder we were given.

use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    #[error("{0}: already exists")]
    Exists(String),
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
            OutputError::Io { .. } => None,
        }
    }
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> OutputError + '_ {
    move |source| OutputError::Io {
        path: path.display().to_string(),
        source,
    }
}

/// Refuse to go on when `path` exists and `force` is false.
pub fn check_new(path: &Path, force: bool) -> Result<(), OutputError> {
    if !force && path.exists() {
        return Err(OutputError::Exists(path.display().to_string()));
    }
    Ok(())
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
        let tmp = tempfile::Builder::new()
            .prefix(".isoaudit-")
            .suffix(".tmp")
            .tempfile_in(&dir)
            .map_err(io(&dir))?;
        Ok(AtomicFile {
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
        tmp.persist(&path).map_err(|e| OutputError::Io {
            path: path.display().to_string(),
            source: e.error,
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

    #[test]
    fn names_cannot_escape() {
        assert_eq!(safe_name("../etc/passwd"), "_._etc_passwd");
        assert_eq!(safe_name("a/b\\c"), "a_b_c");
        assert_eq!(safe_name(".."), "_.");
        assert_eq!(safe_name(""), "_");
        assert_eq!(safe_name("临湖县局"), "临湖县局");
    }
}
