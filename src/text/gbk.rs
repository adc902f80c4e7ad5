//! GBK text decoded through a table of its two-byte characters, for the usual file: ASCII and
//! two-byte characters only. Each entry is made by encoding_rs itself (the two-byte sequence
//! decoded alone) the first time a thread meets that sequence, so the text is the one
//! encoding_rs gives; a file with anything else (four-byte GB18030 sequences, a lone or
//! invalid byte) is left to encoding_rs whole. Copying a character's bytes from the table is
//! cheaper than decoding it again for every occurrence.

use encoding_rs::GBK;
use std::cell::RefCell;

/// The last byte of an entry not looked up yet; otherwise it holds the length of the UTF-8
/// bytes before it, 0 for a sequence that is not one character of two or three bytes.
const UNKNOWN: u8 = 0xFF;

/// An entry for every pair of bytes (lead, then trail), so that the index needs neither a
/// range test nor a bounds check; only leads of 80..FF are looked up. An entry is its four
/// bytes as one little-endian number, loaded and stored in one move (as `[u8; 4]` the store
/// was split in three).
type Table = [u32; 1 << 16];

thread_local! {
    /// Per thread, filled as sequences are met: a folder of Chinese text uses a few thousand
    /// of the 24,000 two-byte characters (making them all up front cost more than decoding 25
    /// bench files).
    static TABLE: RefCell<Box<Table>> = RefCell::new(
        vec![u32::from(UNKNOWN) << 24; 1 << 16].try_into().expect("the table's size"),
    );
    /// The text decoded, kept from file to file: a new buffer for each file was zeroed (it is
    /// written by index) and its text then copied into a string of its own.
    static OUT: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

/// The entry of the sequence `lead`, `trail`: the character's UTF-8 bytes and their length
/// (0 when they are not one character of two or three bytes: a four-byte GB18030 sequence
/// begins with such a pair; 80, FF, or a lead byte before a byte that is no trail byte, is an
/// error).
fn entry(lead: u8, trail: u8) -> u32 {
    let pair = [lead, trail];
    let mut e = [0u8; 4];
    let decoded = GBK.decode_without_bom_handling_and_without_replacement(&pair);
    let mut chars = decoded.as_deref().unwrap_or("").chars();
    if let (Some(c), None) = (chars.next(), chars.next())
        && (2..=3).contains(&c.len_utf8())
    {
        c.encode_utf8(&mut e[..3]);
        e[3] = c.len_utf8() as u8;
    }
    u32::from_le_bytes(e)
}

/// `f` of the text of GBK `bytes` when they hold only ASCII and two-byte characters, else
/// of None. The text lives in a buffer of this thread's while `f` runs.
pub(super) fn with_decoded<R>(bytes: &[u8], f: impl FnOnce(Option<&str>) -> R) -> R {
    // At most three bytes out for two in, one for one, and room for the last entry's fourth
    // byte.
    let room = bytes.len() / 2 * 3 + 4;
    super::with_kept_buffer(&OUT, room, |out| {
        // The table is borrowed for the decoding only, never across `f` (see
        // `with_kept_buffer`: no borrow of a thread-local is held across other code).
        let len = TABLE.with_borrow_mut(|table| decode_into(table, bytes, out));
        // Valid by construction (ASCII bytes and whole characters); checked all the same,
        // with the fast check, since this crate has no unsafe code to skip it.
        let text = len.and_then(|len| simdutf8::basic::from_utf8(&out[..len]).ok());
        f(text)
    })
}

/// The text of GBK `bytes` when they hold only ASCII and two-byte characters, else None.
#[cfg(test)]
fn decode(bytes: &[u8]) -> Option<String> {
    with_decoded(bytes, |t| t.map(String::from))
}

/// Decode `bytes` into `out` (large enough, see [`with_decoded`]): the length written, or None for
/// a sequence the table does not take. A character's entry is written whole, four bytes, its
/// length byte overwritten by the next character or cut off at the end: one store and no
/// length-dependent copy.
#[inline(never)]
fn decode_into(table: &mut Table, bytes: &[u8], out: &mut [u8]) -> Option<usize> {
    let mut o = 0;
    let mut rest = bytes;
    // While two bytes are left: one length test for a lead byte and its trail byte.
    while let [lead, trail, tail @ ..] = rest {
        if *lead < 0x80 {
            *out.get_mut(o)? = *lead;
            o += 1;
            rest = &rest[1..];
            continue;
        }
        let slot = &mut table[usize::from(*lead) << 8 | usize::from(*trail)];
        // One test for the usual entry, a known character of two or three bytes.
        if !(2..=3).contains(&(*slot >> 24)) {
            if *slot >> 24 != u32::from(UNKNOWN) {
                return None;
            }
            *slot = entry(*lead, *trail);
            if *slot >> 24 == 0 {
                return None;
            }
        }
        let e = *slot;
        *out.get_mut(o..)?.first_chunk_mut::<4>()? = e.to_le_bytes();
        o += (e >> 24) as usize;
        rest = tail;
    }
    // A last byte: ASCII, or a lead byte without its trail.
    if let [last] = rest {
        if *last >= 0x80 {
            return None;
        }
        *out.get_mut(o)? = *last;
        o += 1;
    }
    Some(o)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reference(bytes: &[u8]) -> Option<String> {
        GBK.decode_without_bom_handling_and_without_replacement(bytes)
            .map(|c| c.into_owned())
    }

    #[test]
    fn every_two_byte_sequence_as_encoding_rs_decodes_it() {
        for lead in 0x80..=0xFFu8 {
            for trail in 0x00..=0xFFu8 {
                let b = [b'a', lead, trail, b'z'];
                if let Some(s) = decode(&b) {
                    assert_eq!(Some(s), reference(&b), "{lead:#x} {trail:#x}");
                }
            }
        }
        // The common characters take the table, not the fallback.
        let (b, _, _) = GBK.encode("质量手册 内部审核 · é");
        assert_eq!(decode(&b).as_deref(), Some("质量手册 内部审核 · é"));
    }

    #[test]
    fn random_bytes_decode_as_encoding_rs_or_are_left_to_it() {
        let pieces: [&[u8]; 10] = [
            b"a",
            b"\n",
            b"\xD6\xCA",
            b"\xC1\xBF",
            b"\x81\x40",
            b"\x81\x30\x81\x30",
            b"\x80",
            b"\xFF",
            b"\xA1",
            b"\xA2\xA0",
        ];
        let mut rng = crate::TestRng::new(11);
        let (mut taken, mut left) = (0, 0);
        for _ in 0..5000 {
            let len = rng.below(12);
            let b: Vec<u8> = (0..len)
                .flat_map(|_| pieces[rng.below(pieces.len())].iter().copied())
                .collect();
            match decode(&b) {
                Some(s) => {
                    taken += 1;
                    assert_eq!(Some(s), reference(&b), "{b:x?}");
                }
                None => left += 1,
            }
        }
        assert!(taken > 100 && left > 100, "{taken} {left}");
    }
}
