//! GBK text decoded through a table of its two-byte characters, for the usual file: ASCII and
//! two-byte characters only. Each entry is made by encoding_rs itself (the two-byte sequence
//! decoded alone) the first time a thread meets that sequence, so the text is the one
//! encoding_rs gives; a file with anything else (four-byte GB18030 sequences, a lone or
//! invalid byte) is left to encoding_rs whole. encoding_rs spends about 56 instructions a
//! Chinese character; this loop copies its bytes from the table (the 1,250 GBK bench files,
//! one thread, six interleaved pairs: CPU median 1.270 s -> 1.141 s, the JSON identical).

use encoding_rs::GBK;
use std::cell::RefCell;

/// The last byte of an entry not looked up yet; otherwise it holds the length of the UTF-8
/// bytes before it, 0 for a sequence that is not one character of two or three bytes.
const UNKNOWN: u8 = 0xFF;

/// An entry for every pair of bytes (lead, then trail), so that the index needs neither a
/// range test nor a bounds check; only leads of 80..FF are looked up.
type Table = [[u8; 4]; 1 << 16];

thread_local! {
    /// Per thread, filled as sequences are met: a folder of Chinese text uses a few thousand
    /// of the 24,000 two-byte characters (making them all up front cost more than decoding 25
    /// bench files).
    static TABLE: RefCell<Box<Table>> = RefCell::new(
        vec![[0, 0, 0, UNKNOWN]; 1 << 16].try_into().expect("the table's size"),
    );
}

/// The entry of the sequence `lead`, `trail`: the character's UTF-8 bytes and their length
/// (0 when they are not one character of two or three bytes: a four-byte GB18030 sequence
/// begins with such a pair; 80, FF, or a lead byte before a byte that is no trail byte, is an
/// error).
fn entry(lead: u8, trail: u8) -> [u8; 4] {
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
    e
}

/// The text of GBK `bytes` when they hold only ASCII and two-byte characters, else None.
pub(super) fn decode(bytes: &[u8]) -> Option<String> {
    TABLE.with_borrow_mut(|table| {
        // At most three bytes out for two in, one for one; written by index (a character's
        // three table bytes at once, the next one overwriting what a shorter one left).
        let mut out = vec![0u8; bytes.len() / 2 * 3 + 3];
        let buf = &mut out[..];
        let mut o = 0;
        let mut rest = bytes;
        while let [lead, tail @ ..] = rest {
            if *lead < 0x80 {
                *buf.get_mut(o)? = *lead;
                o += 1;
                rest = tail;
                continue;
            }
            let [trail, tail @ ..] = tail else {
                return None;
            };
            let slot = &mut table[usize::from(*lead) << 8 | usize::from(*trail)];
            if slot[3] == UNKNOWN {
                *slot = entry(*lead, *trail);
            }
            let e = *slot;
            if e[3] == 0 {
                return None;
            }
            buf.get_mut(o..o + 3)?.copy_from_slice(&e[..3]);
            o += usize::from(e[3]);
            rest = tail;
        }
        // Valid by construction (ASCII bytes and whole characters); checked all the same,
        // with the fast check, since this crate has no unsafe code to skip it.
        simdutf8::basic::from_utf8(&out[..o]).ok().map(String::from)
    })
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
