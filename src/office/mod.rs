//! The one guarded way to open an untrusted Office container: a zip package (xlsx, ods, docx,
//! odt) or an OLE2 compound file (xls, or an encrypted OOXML file). Every reader — checklists,
//! the document scan, the tracker import — opens workbooks and zip parts through here, so the
//! size limits, the decompression-bomb check, the sector-chain guard, the encryption policy
//! and the catch of a third-party panic are decided in one place.

mod ole;
mod workbook;
mod zip;

pub use workbook::{
    Book, MAX_SHEET_COLUMNS, MAX_SHEET_ROWS, MAX_WORKBOOK_ROWS, OpenError, OpenErrorKind, Opened,
    bounded_range, bounded_rows, cell_text, open_workbook,
};
pub(crate) use zip::{Zip, rels_of, resolve};

/// Files larger than this are not read at all (bytes on disk).
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;
/// Largest decompressed part of a zip container (docx, odt, xlsx, ods) we inflate.
pub const MAX_PART_BYTES: u64 = 32 * 1024 * 1024;
/// Largest total decompressed size of one zip container.
pub const MAX_UNPACKED_BYTES: u64 = 128 * 1024 * 1024;

/// OLE2 compound file signature: legacy `.xls`, and also what an encrypted OOXML file is.
const OLE2_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// What kind of container the bytes are, told from their first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Container {
    /// An OLE2 compound file: a legacy `.xls`, or an OOXML package encrypted with a password.
    Ole,
    /// A zip package.
    Zip,
    /// Neither.
    Other,
}

impl Container {
    pub fn of(bytes: &[u8]) -> Container {
        if bytes.starts_with(OLE2_MAGIC) {
            Container::Ole
        } else if bytes.starts_with(b"PK\x03\x04") {
            Container::Zip
        } else {
            Container::Other
        }
    }
}

/// True for an OOXML file encrypted with a password: Excel and Word then write an OLE2 file
/// holding an `EncryptionInfo` stream. One policy for every reader.
pub fn is_encrypted(bytes: &[u8]) -> bool {
    Container::of(bytes) == Container::Ole && has_utf16_name(bytes, "EncryptionInfo")
}

/// True when the bytes hold a UTF-16LE stream name such as `EncryptionInfo`.
fn has_utf16_name(bytes: &[u8], name: &str) -> bool {
    let needle: Vec<u8> = name.encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
    memchr::memmem::find(bytes, &needle).is_some()
}

/// Check, before a third-party reader sees them, that the bytes of a container are safe to hand
/// over: a zip package really unpacks within the limits (inflated into nothing: its headers may
/// lie), an OLE2 file's sector chains do not loop. `what` names the file's kind in the reason.
/// Returns whether `needle` occurs in some zip part (false for an empty needle or an OLE file),
/// so a reader learns in the same pass what it need not look for again.
pub fn check_container(
    bytes: &[u8],
    what: &str,
    needle: &[u8],
) -> Result<bool, crate::model::Text> {
    match Container::of(bytes) {
        Container::Zip => zip::check_inflated_finding(bytes, what, needle),
        Container::Ole => ole::check_chains(bytes).map(|()| false),
        Container::Other => Ok(false),
    }
}

/// The message of a caught panic, for the reason shown with the file.
pub(crate) fn panic_message(p: &(dyn std::any::Any + Send)) -> String {
    p.downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| p.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".into())
}

/// Read a file of at most [`MAX_FILE_BYTES`]; the reason (size or I/O error) when it cannot be.
pub fn read_limited(path: &std::path::Path) -> Result<Vec<u8>, crate::model::Text> {
    use crate::model::{Say, Text};
    use std::io::Read;
    let unreadable = |e: std::io::Error| Text::new(Say::CannotBeRead).with("reason", e);
    let file = std::fs::File::open(path).map_err(unreadable)?;
    let mut bytes = Vec::new();
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(unreadable)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(Text::new(Say::FileTooLargeLimit).with("limit", MAX_FILE_BYTES / (1024 * 1024)));
    }
    Ok(bytes)
}
