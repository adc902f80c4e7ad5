//! Folder walk → documents. `walk` lists the files of a folder in a fixed order; `extract`
//! turns one file into normalised text with its headings, one module per format under
//! `extract/`. A file that cannot be read comes back as an `Err(reason)`, never a panic: every
//! third-party parser runs under `catch_unwind`, and sizes are bounded so a decompression bomb
//! or a huge file is refused with a reason instead of eating the machine.

mod extract;

pub(crate) use extract::METADATA_FIELDS;

pub use crate::model::Unreadable;
use crate::model::{Say, Text};
use std::io::Read;
use std::path::{Path, PathBuf};

pub use crate::office::MAX_FILE_BYTES;
/// Extracted text beyond this many bytes is cut off (with a warning).
pub const MAX_TEXT_BYTES: usize = 8 * 1024 * 1024;

/// The text of one document, ready for matching.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Extracted {
    /// NFKC-normalised text, LF line ends, Han line breaks joined inside paragraphs.
    pub text: String,
    /// `docx`, `md`, `txt`, `pdf`, …
    pub format: String,
    /// Detected encoding for text formats (`UTF-8`, `GBK`, …), else the container (`OOXML`, `PDF`).
    pub encoding: String,
    /// First heading near the top, else the first short line, else empty.
    pub title: String,
    /// Headings: (1-based line in `text`, heading text), in order.
    pub headings: Vec<(u32, String)>,
    /// The byte offset in `text` at which each line starts (line n at index n - 1, lines as
    /// `str::lines` counts them), written as the text is: the mapping finds the line of a
    /// match, and the zone of a heading, without searching the text for line ends.
    pub line_starts: Vec<usize>,
    /// Things the reader noticed but that did not stop it (text cut at the size limit, …).
    pub warnings: Vec<Text>,
    /// For a PDF read page by page: (first line, page number) of each page with text, in
    /// order, so evidence can name its page.
    pub pages: Vec<(u32, u32)>,
}

impl Extracted {
    /// The page line `n` lies on, when the reader knows pages.
    pub fn page_of(&self, n: u32) -> Option<u32> {
        let k = self.pages.partition_point(|&(first, _)| first <= n);
        (n > 0 && k > 0).then(|| self.pages[k - 1].1)
    }
}

/// The start of every line of `text`, as [`Extracted::line_starts`] holds them.
pub fn line_starts(text: &str) -> Vec<usize> {
    if text.is_empty() {
        return Vec::new();
    }
    // The first line, and one after every line end but a last one.
    let after_ends = memchr::memchr_iter(b'\n', text.as_bytes()).map(|k| k + 1);
    std::iter::once(0)
        .chain(after_ends.filter(|&k| k < text.len()))
        .collect()
}

/// Walk `dir` recursively in a deterministic (sorted) order. Symbolic links are not followed;
/// hidden files and folders, Office lock files (`~$…`) and temp files (`~…`, `*.tmp`, `*~`)
/// are skipped. Entries that cannot be read (permissions, broken links) are returned as
/// unreadable, with paths relative to `dir`.
pub fn walk(dir: &Path) -> (Vec<PathBuf>, Vec<Unreadable>) {
    let mut files = Vec::new();
    let mut bad = Vec::new();
    for entry in walk_iter(dir) {
        match entry {
            Ok(p) => files.push(p),
            Err(u) => bad.push(u),
        }
    }
    (files, bad)
}

/// [`walk`] one entry at a time: a file's path, or an entry that cannot be read. Only the
/// folders on the way down are held, never the whole list, so a caller that maps files as
/// they come keeps its memory flat however many files the tree holds.
pub fn walk_iter(dir: &Path) -> impl Iterator<Item = Result<PathBuf, Unreadable>> + '_ {
    walkdir::WalkDir::new(dir)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            e.depth() == 0
                || !(skipped_name(&e.file_name().to_string_lossy())
                    || crate::output::is_output_folder(e))
        })
        .filter_map(move |entry| match entry {
            Ok(e) if e.file_type().is_file() => Some(Ok(e.into_path())),
            // Said, not silently dropped: a link may point anywhere, even back up the tree.
            Ok(e) if e.depth() > 0 && e.path_is_symlink() => Some(Err(Unreadable {
                path: relative(dir, e.path()),
                reason: Text::new(Say::NotReadSymlink),
            })),
            Ok(_) => None,
            Err(e) => {
                let path = e
                    .path()
                    .map(|p| relative(dir, p))
                    .unwrap_or_else(|| dir.display().to_string());
                Some(Err(Unreadable {
                    path,
                    reason: Text::new(Say::CannotBeRead).with(
                        "reason",
                        e.io_error()
                            .map_or_else(|| e.to_string(), |io| io.to_string()),
                    ),
                }))
            }
        })
}

/// Hidden entries, Office lock files and temp files: never documents.
fn skipped_name(name: &str) -> bool {
    let lower = name.to_lowercase();
    name.starts_with('.')
        || name.starts_with('~')
        || name.ends_with('~')
        || lower.ends_with(".tmp")
        || lower.ends_with(".bak")
        || lower == "thumbs.db"
        || lower == "desktop.ini"
}

/// `path` relative to `root`, with `/` separators (the form reports show).
pub fn relative(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if parts.is_empty() {
        path.display().to_string()
    } else {
        parts.join("/")
    }
}

/// Read and extract one file. Files over [`MAX_FILE_BYTES`] are refused before reading.
pub fn extract(path: &Path) -> Result<Extracted, Text> {
    // Opened once and the size taken from the open file: `metadata` and then `fs::read` looked
    // the path up twice.
    let unreadable = |e: std::io::Error| Text::new(Say::CannotBeRead).with("reason", e);
    let mut file = std::fs::File::open(path).map_err(unreadable)?;
    let len = file.metadata().map_err(unreadable)?.len();
    if len > MAX_FILE_BYTES {
        return Err(too_large(len));
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    crate::text::with_kept_buffer(&READ_BUFFER, len as usize, |buf| {
        let n = read_up_to(&mut file, buf).map_err(unreadable)?;
        extract_bytes(&name, &buf[..n])
    })
}

thread_local! {
    /// The bytes of the file being extracted, kept from file to file: `read_to_end` into a
    /// new vector took four system calls a file where one read does (a second `statx` and
    /// an `lseek` for the size it was already given, the read, and one more that returned
    /// nothing to find the end), and an allocation of the file's size.
    static READ_BUFFER: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Read into `buf` until it is full or the file ends: the number of bytes read. A file that
/// grew since its size was taken is read as far as that size.
fn read_up_to(file: &mut std::fs::File, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match file.read(&mut buf[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(n)
}

/// Extract the text of a file named `name` (the extension picks the reader) from its bytes.
/// A panic inside a parser is caught and reported as the reason.
pub fn extract_bytes(name: &str, bytes: &[u8]) -> Result<Extracted, Text> {
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_large(bytes.len() as u64));
    }
    if bytes.is_empty() {
        return Err(Text::new(Say::EmptyFile));
    }
    let outcome = std::panic::catch_unwind(|| extract::by_extension(name, bytes));
    match outcome {
        Ok(r) => r,
        Err(p) => {
            let msg = p
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| p.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".into());
            Err(Text::new(Say::ReaderCrashed).with("reason", msg))
        }
    }
}

/// True when an unreadable reason describes a damaged or failing file rather than a format
/// the tool does not read by design (`.wps`, images, scanned PDFs). Damaged files are errors.
pub fn is_failure(reason: &Text) -> bool {
    match reason.key {
        Say::NotReadDoc
        | Say::NotReadWps
        | Say::NotReadRtf
        | Say::NotReadPresentation
        | Say::NotReadImage
        | Say::NotReadNoExtension
        | Say::NotReadFormat
        | Say::NotReadSymlink
        | Say::EmptyFile
        | Say::EmptyDocument
        | Say::EmptyPage
        | Say::EmptyWorkbook
        | Say::NoPdfPages
        | Say::PdfNoText => false,
        // An older result.json's reasons are plain text.
        Say::Verbatim => {
            let r = reason.render(crate::model::Lang::En);
            !(r.starts_with("not read:") || r.starts_with("no text"))
        }
        _ => true,
    }
}

/// The reason a file over [`MAX_FILE_BYTES`] is refused.
fn too_large(len: u64) -> Text {
    Text::new(Say::FileTooLarge)
        .with("size", len / (1024 * 1024))
        .with("limit", MAX_FILE_BYTES / (1024 * 1024))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn walk_skips_hidden_lock_and_temp_files_and_sorts() {
        let d = tempfile::tempdir().unwrap();
        for f in [
            "b.md",
            "a.txt",
            ".hidden.md",
            "~$lock.docx",
            "x.tmp",
            "keep.md~",
        ] {
            std::fs::write(d.path().join(f), "x").unwrap();
        }
        std::fs::create_dir(d.path().join(".git")).unwrap();
        std::fs::write(d.path().join(".git/c.md"), "x").unwrap();
        std::fs::create_dir(d.path().join("sub")).unwrap();
        std::fs::write(d.path().join("sub/c.md"), "x").unwrap();
        let (files, bad) = walk(d.path());
        let rel: Vec<String> = files.iter().map(|p| relative(d.path(), p)).collect();
        assert_eq!(rel, ["a.txt", "b.md", "sub/c.md"]);
        assert!(bad.is_empty());
    }

    /// Files read one after the other on one thread share its read buffer: a short file
    /// after a long one is read alone, an empty file stays empty, and a file larger than the
    /// buffer kept is read whole.
    #[test]
    fn files_read_in_turn_keep_to_their_own_bytes() {
        let d = tempfile::tempdir().unwrap();
        let long =
            "内部审核程序\n".to_string() + &"本程序规定内部审核的策划和实施。\n".repeat(3000);
        let large = "Large file\n".to_string() + &"The office keeps its records.\n".repeat(200_000);
        assert!(large.len() > crate::text::KEPT_BYTES);
        let files = [
            ("long.txt", long.as_str()),
            ("short.txt", "文件控制程序\n规范文件的控制。\n"),
            ("empty.txt", ""),
            ("large.txt", large.as_str()),
            ("after.md", "# Records\nKept for five years.\n"),
        ];
        for (name, text) in files {
            std::fs::write(d.path().join(name), text).unwrap();
        }
        for (name, text) in files {
            let got = extract(&d.path().join(name));
            if text.is_empty() {
                assert_eq!(
                    got.unwrap_err().to_string(),
                    "no text: empty file (0 bytes)"
                );
            } else {
                assert_eq!(
                    got.unwrap(),
                    extract_bytes(name, text.as_bytes()).unwrap(),
                    "{name}"
                );
            }
        }
    }

    #[cfg(unix)]
    #[test]
    fn walk_does_not_follow_links() {
        let d = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret.md"), "x").unwrap();
        std::os::unix::fs::symlink(outside.path(), d.path().join("link")).unwrap();
        std::fs::write(d.path().join("a.md"), "x").unwrap();
        let (files, bad) = walk(d.path());
        assert_eq!(files.len(), 1);
        assert_eq!(bad.len(), 1);
        assert_eq!(bad[0].path, "link");
    }

    /// A third-party file the tests ship with its licence (`tests/fixtures/corpus`).
    fn corpus(rel: &str) -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/corpus")
            .join(rel)
    }

    #[test]
    fn docx_quirks_from_the_corpus() {
        let e = extract(&corpus(
            "office-files/python-docx-mit/hdr-header-footer.docx",
        ))
        .unwrap();
        assert!(e.text.contains("Header for section-1"), "{}", e.text);
        assert!(e.text.contains("Footer for section"), "{}", e.text);
        let e = extract(&corpus(
            "office-files/docx2python-mit/renamed_document_xml.docx",
        ))
        .unwrap();
        assert!(e.text.contains("This is a link to my website."));
        let e = extract(&corpus("office-files/docx2python-mit/strict.docx")).unwrap();
        assert!(e.text.contains("Bullet1"), "{}", e.text);
        let e = extract(&corpus("office-files/mammoth.js-bsd2/utf8-bom.docx")).unwrap();
        assert!(e.text.contains("byte order mark"));
        let e = extract(&corpus(
            "office-files/docx2python-mit/libreoffice_conversion.docx",
        ))
        .unwrap();
        assert!(e.text.chars().filter(|c| crate::text::is_han(*c)).count() > 500);
    }

    #[test]
    fn pdf_and_spreadsheets_from_the_corpus() {
        let e = extract(&corpus(
            "procedures/handbook-generator-iso9001-mit/test-output/en/iso-9001/pdf/iso-9001_handbook_en.pdf",
        ))
        .unwrap();
        assert_eq!((e.format.as_str(), e.encoding.as_str()), ("pdf", "PDF"));
        assert!(e.text.contains("Internal Audit"));
        let e = extract(&corpus("office-files/calamine-mit/issue_530.xlsx")).unwrap();
        assert!(e.text.contains("出勤分类组织汇总表"));
        let e = extract(&corpus("office-files/calamine-mit/merged_cells.ods")).unwrap();
        assert_eq!(e.format, "ods");
        let e = extract(&corpus("office-files/calamine-mit/any_sheets.xls")).unwrap();
        assert_eq!(e.encoding, "BIFF");
    }

    /// Every corpus file cut short (a damaged download) gives text or a reason, never a panic.
    #[test]
    fn truncated_files_never_panic() {
        let (files, _) = walk(&corpus("office-files"));
        let (more, _) = walk(&corpus(
            "procedures/handbook-generator-iso9001-mit/test-output/en/iso-9001/pdf",
        ));
        assert!(files.len() > 15, "{}", files.len());
        for f in files.iter().chain(&more) {
            let bytes = std::fs::read(f).unwrap();
            let name = f.file_name().unwrap().to_string_lossy();
            for cut in [bytes.len() / 2, bytes.len().saturating_sub(100), 30] {
                let r = extract_bytes(&name, &bytes[..cut.min(bytes.len())]);
                if let Err(reason) = r {
                    assert!(
                        !reason.to_string().contains("crashed"),
                        "{name} cut at {cut}: {reason}"
                    );
                }
            }
        }
    }

    #[test]
    fn zip_bombs_are_refused() {
        use std::io::Write;
        let mut buf = std::io::Cursor::new(Vec::new());
        {
            let mut z = zip::ZipWriter::new(&mut buf);
            let opts = zip::write::SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Deflated)
                .large_file(true);
            z.start_file("word/document.xml", opts).unwrap();
            let zeros = vec![b' '; 1024 * 1024];
            for _ in 0..(crate::office::MAX_PART_BYTES / (1024 * 1024) + 1) {
                z.write_all(&zeros).unwrap();
            }
            z.finish().unwrap();
        }
        let bytes = buf.into_inner();
        assert!(bytes.len() < 1024 * 1024, "{}", bytes.len());
        let e = extract_bytes("bomb.docx", &bytes).unwrap_err();
        assert!(e.to_string().starts_with("refused"), "{e}");
    }

    #[test]
    fn a_panic_becomes_a_reason() {
        let r = std::panic::catch_unwind(|| extract_bytes("x.txt", b"plain"));
        assert!(r.is_ok());
        let e = extract_bytes("big.txt", &vec![b'a'; (MAX_FILE_BYTES + 1) as usize]).unwrap_err();
        assert!(e.to_string().contains("too large"), "{e}");
    }
}
