//! Byte buffers kept per thread from one file to the next: the file read and the GBK text
//! decoded each had a new buffer of the file's size (allocated, for GBK zeroed, then freed).

use std::cell::RefCell;
use std::thread::LocalKey;

/// A buffer larger than this after its file (a big PDF or workbook) is given back.
pub(crate) const KEPT_BYTES: usize = 4 * 1024 * 1024;

/// `f` of the first `len` bytes of this thread's buffer `key`: grown to `len` (zeroed) when
/// shorter, and otherwise holding what an earlier file left there, so `f` writes before it
/// reads. The buffer is given back after `f` when over [`KEPT_BYTES`].
pub(crate) fn with_kept_buffer<R>(
    key: &'static LocalKey<RefCell<Vec<u8>>>,
    len: usize,
    f: impl FnOnce(&mut [u8]) -> R,
) -> R {
    key.with_borrow_mut(|buf| {
        if buf.len() < len {
            buf.resize(len, 0);
        }
        let r = f(&mut buf[..len]);
        if buf.len() > KEPT_BYTES {
            *buf = Vec::new();
        }
        r
    })
}
