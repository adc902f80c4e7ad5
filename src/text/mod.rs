//! What both readers (checklist ingestion and the document scan) share: decoding bytes of
//! unknown encoding, and normalising text before it is matched.

mod buffer;
mod decode;
mod normalize;
mod position;

#[cfg(test)]
pub(crate) use buffer::KEPT_BYTES;
pub(crate) use buffer::with_kept_buffer;
pub use decode::{Decoded, decode};
pub(crate) use decode::{DecodedCow, with_decoded};
pub use normalize::{
    canonical_terms, han_punctuation, is_han, is_word_char, join_han_breaks, normalize,
    normalize_for_search,
};
pub(crate) use normalize::{keeps_break, normalize_cow, normalize_lines};
pub use position::{line_at, toml_error_place};

/// Eight bytes at once (SWAR): the high bit of every byte, and 1 in every byte.
pub(crate) const HIGH: u64 = 0x8080_8080_8080_8080;
pub(crate) const EACH: u64 = 0x0101_0101_0101_0101;
