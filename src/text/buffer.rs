//! Byte buffers kept per thread from one file to the next: the file read and the GBK text
//! decoded each had a new buffer of the file's size (allocated, for GBK zeroed, then freed).

use std::cell::RefCell;
use std::thread::LocalKey;

/// A buffer larger than this after its file (a big PDF or workbook) is given back.
pub(crate) const KEPT_BYTES: usize = 4 * 1024 * 1024;

/// `f` of the first `len` bytes of this thread's buffer `key`: grown to `len` (zeroed) when
/// shorter, and otherwise holding what an earlier file left there, so `f` writes before it
/// reads. The buffer is given back after `f` when over [`KEPT_BYTES`].
///
/// The buffer is taken out of the thread-local while `f` runs, never borrowed across it: `f`
/// calls third-party parsers (lopdf runs rayon inside), and a worker waiting in one may steal
/// another file's job and come back here on the same thread. Holding the borrow, that
/// re-entry panicked with "RefCell already borrowed" (9 of 42 audit runs over folders of large
/// PDFs); taken out, the nested call simply gets a buffer of its own.
pub(crate) fn with_kept_buffer<R>(
    key: &'static LocalKey<RefCell<Vec<u8>>>,
    len: usize,
    f: impl FnOnce(&mut [u8]) -> R,
) -> R {
    let mut buf = key.with_borrow_mut(std::mem::take);
    if buf.len() < len {
        buf.resize(len, 0);
    }
    let r = f(&mut buf[..len]);
    if buf.len() <= KEPT_BYTES {
        // Keep the larger of this buffer and one a nested call may have put back.
        key.with_borrow_mut(|kept| {
            if kept.len() < buf.len() {
                *kept = buf;
            }
        });
    }
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    thread_local! {
        static T: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
    }

    /// A nested call on the same thread (a rayon worker stealing a job while a parser waits)
    /// gets its own buffer instead of panicking, and neither sees the other's bytes change.
    #[test]
    fn re_entry_on_the_same_thread_does_not_panic() {
        let r = with_kept_buffer(&T, 8, |outer| {
            outer.fill(1);
            let inner = with_kept_buffer(&T, 16, |inner| {
                inner.fill(2);
                inner.iter().map(|&b| u32::from(b)).sum::<u32>()
            });
            assert!(outer.iter().all(|&b| b == 1));
            inner
        });
        assert_eq!(r, 32);
        // The larger buffer is kept for the next file.
        assert_eq!(T.with_borrow(|b| b.len()), 16);
    }

    #[test]
    fn large_buffers_are_given_back() {
        with_kept_buffer(&T, KEPT_BYTES + 1, |b| b[0] = 1);
        assert!(T.with_borrow(|b| b.len()) <= KEPT_BYTES);
    }
}
