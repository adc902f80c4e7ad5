//! Zip containers (docx, odt, xlsx, ods) with a guard against decompression bombs: the
//! declared sizes are checked when the archive is opened, and every part is inflated through
//! a reader that stops one byte past the limit, whatever the header claims.

use super::{MAX_PART_BYTES, MAX_UNPACKED_BYTES};
use crate::model::{Say, Text};
use std::io::{Cursor, Read};

/// The kind of file a container is, as a message's place (`Word`, `OpenDocument`, `workbook`).
fn kind(what: &str) -> Text {
    Text::new(match what {
        "Word" => Say::KindWord,
        "OpenDocument" => Say::KindOpenDocument,
        "template" => Say::KindTemplate,
        _ => Say::KindWorkbook,
    })
}

pub(crate) struct Zip<'a> {
    archive: zip::ZipArchive<Cursor<&'a [u8]>>,
}

impl<'a> Zip<'a> {
    /// Open the archive and refuse it when its declared unpacked size is beyond the limits.
    pub fn open(bytes: &'a [u8], what: &str) -> Result<Zip<'a>, Text> {
        let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| {
            Text::new(Say::ZipNotValid)
                .with_text("what", &kind(what))
                .with("reason", e)
        })?;
        let mut total: u64 = 0;
        for i in 0..archive.len() {
            let Ok(f) = archive.by_index_raw(i) else {
                continue;
            };
            total = total.saturating_add(f.size());
            if f.size() > MAX_PART_BYTES {
                return Err(Text::new(Say::ZipPartTooBig)
                    .with("part", String::from_utf8_lossy(f.name_raw()))
                    .with("size", f.size() / (1024 * 1024))
                    .with("limit", MAX_PART_BYTES / (1024 * 1024)));
            }
        }
        if total > MAX_UNPACKED_BYTES {
            return Err(Text::new(Say::ZipTooBig)
                .with_text("what", &kind(what))
                .with("size", total / (1024 * 1024))
                .with("limit", MAX_UNPACKED_BYTES / (1024 * 1024)));
        }
        Ok(Zip { archive })
    }

    /// Names of the parts, as stored (some writers use `\`; callers compare normalised names).
    pub fn names(&self) -> Vec<String> {
        self.archive
            .file_names_raw()
            .map(|n| String::from_utf8_lossy(n).into_owned())
            .collect()
    }

    /// The part `name` as text (`None` when absent). Names are compared case-insensitively and
    /// with `\` read as `/`, because some writers store `word\document.xml`.
    pub fn text(&mut self, name: &str) -> Result<Option<String>, Text> {
        let want = norm(name);
        let names = self.names();
        let Some(index) = names.iter().position(|n| norm(n) == want) else {
            return Ok(None);
        };
        let stored = &names[index];
        let f = self.archive.by_index(index).map_err(|e| {
            Text::new(Say::ZipPartDamaged)
                .with("part", stored)
                .with("reason", e)
        })?;
        if f.encrypted() {
            return Err(Text::new(Say::ZipEncrypted));
        }
        // The declared size is checked against the limit when the archive is opened; it only
        // sizes the buffer, the `take` below still stops a part that lies about it.
        let mut buf = Vec::with_capacity(f.size().min(MAX_PART_BYTES) as usize);
        f.take(MAX_PART_BYTES + 1)
            .read_to_end(&mut buf)
            .map_err(|e| {
                Text::new(Say::ZipPartDamaged)
                    .with("part", stored)
                    .with("reason", e)
            })?;
        if buf.len() as u64 > MAX_PART_BYTES {
            return Err(Text::new(Say::ZipPartInflates)
                .with("part", stored)
                .with("limit", MAX_PART_BYTES / (1024 * 1024)));
        }
        // An XML part may start with a UTF-8 BOM (mammoth's utf8-bom.docx). Valid UTF-8, the
        // usual case, is taken as it is, without a copy.
        let mut s = match String::from_utf8(buf) {
            Ok(s) => s,
            Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
        };
        let bom = s.len() - s.trim_start_matches('\u{feff}').len();
        s.drain(..bom);
        Ok(Some(s))
    }
}

/// Inflate every part of a zip container into nothing, stopping one byte past the limits,
/// and refuse the container when a part or the whole is beyond them or the archive is damaged.
/// For readers (calamine) that inflate parts themselves without a bound: the declared sizes
/// in the headers may lie, the inflated bytes do not. Also says whether `needle` occurs in some
/// part (false for an empty needle): the one pass that proves the container safe tells a reader
/// what it need not look for again (calamine re-parses a whole sheet to find merged cells that
/// are usually not there).
pub(crate) fn check_inflated_finding(
    bytes: &[u8],
    what: &str,
    needle: &[u8],
) -> Result<bool, Text> {
    let mut zip = Zip::open(bytes, what)?;
    let mut total: u64 = 0;
    let mut sink = Finder {
        needle,
        tail: Vec::new(),
        found: false,
    };
    for i in 0..zip.archive.len() {
        let f = zip.archive.by_index(i).map_err(|e| {
            Text::new(Say::ZipIndexDamaged)
                .with_text("what", &kind(what))
                .with("part", i)
                .with("reason", e)
        })?;
        if f.encrypted() {
            return Err(Text::new(Say::ZipEncrypted));
        }
        let name = String::from_utf8_lossy(f.name_raw()).into_owned();
        sink.tail.clear();
        let n = std::io::copy(&mut f.take(MAX_PART_BYTES + 1), &mut sink).map_err(|e| {
            Text::new(Say::ZipPartDamaged)
                .with("part", &name)
                .with("reason", e)
        })?;
        if n > MAX_PART_BYTES {
            return Err(Text::new(Say::ZipPartInflates)
                .with("part", &name)
                .with("limit", MAX_PART_BYTES / (1024 * 1024)));
        }
        total += n;
        if total > MAX_UNPACKED_BYTES {
            return Err(Text::new(Say::ZipInflates)
                .with_text("what", &kind(what))
                .with("limit", MAX_UNPACKED_BYTES / (1024 * 1024)));
        }
    }
    Ok(sink.found)
}

/// A sink that drops what it is given and notes whether `needle` went through it, also
/// across two writes (it keeps the last bytes of the previous one).
struct Finder<'n> {
    needle: &'n [u8],
    tail: Vec<u8>,
    found: bool,
}

impl std::io::Write for Finder<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let k = self.needle.len();
        if !self.found && k > 0 {
            let mut seam = std::mem::take(&mut self.tail);
            seam.extend_from_slice(&buf[..buf.len().min(k - 1)]);
            self.found = memchr::memmem::find(&seam, self.needle).is_some()
                || memchr::memmem::find(buf, self.needle).is_some();
            // The last k - 1 bytes seen, for a needle split across this write and the next.
            self.tail = if buf.len() >= k - 1 {
                buf[buf.len() + 1 - k..].to_vec()
            } else {
                let cut = seam.len().saturating_sub(k - 1);
                seam.split_off(cut)
            };
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn norm(name: &str) -> String {
    name.trim_start_matches('/')
        .replace('\\', "/")
        .to_lowercase()
}

/// Resolve a relationship target against the folder of the part that points at it
/// (`word/document.xml` + `header1.xml` → `word/header1.xml`; `/word/x.xml` is absolute).
pub(crate) fn resolve(base_part: &str, target: &str) -> String {
    if let Some(abs) = target.strip_prefix('/') {
        return abs.to_string();
    }
    let mut parts: Vec<&str> = base_part.split('/').collect();
    parts.pop();
    for seg in target.split('/') {
        match seg {
            ".." => {
                parts.pop();
            }
            "." | "" => {}
            s => parts.push(s),
        }
    }
    parts.join("/")
}

/// The `_rels` part that belongs to `part` (`word/document.xml` → `word/_rels/document.xml.rels`).
pub(crate) fn rels_of(part: &str) -> String {
    match part.rsplit_once('/') {
        Some((dir, file)) => format!("{dir}/_rels/{file}.rels"),
        None => format!("_rels/{part}.rels"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The needle is found whole, split across writes of any size, and not where it is not.
    #[test]
    fn finder_sees_a_needle_split_across_writes() {
        use std::io::Write;
        let text = b"<sheetData/><x:mergeCells count=\"1\"/>";
        for size in 1..text.len() {
            let mut f = Finder {
                needle: b"mergeCells",
                tail: Vec::new(),
                found: false,
            };
            for chunk in text.chunks(size) {
                f.write_all(chunk).unwrap();
            }
            assert!(f.found, "chunks of {size}");
            let mut f = Finder {
                needle: b"mergeCells",
                tail: Vec::new(),
                found: false,
            };
            for chunk in b"<mergeCel ls/><mergeCell/>".chunks(size) {
                f.write_all(chunk).unwrap();
            }
            assert!(!f.found, "chunks of {size}");
        }
    }

    #[test]
    fn resolves_relationship_targets() {
        assert_eq!(
            resolve("word/document.xml", "header1.xml"),
            "word/header1.xml"
        );
        assert_eq!(resolve("", "word/document.xml"), "word/document.xml");
        assert_eq!(resolve("word/document.xml", "/word/x.xml"), "word/x.xml");
        assert_eq!(resolve("word/a/document.xml", "../b.xml"), "word/b.xml");
        assert_eq!(rels_of("word/document.xml"), "word/_rels/document.xml.rels");
    }
}
