//! What both readers (checklist ingestion and the document scan) share: decoding bytes of
//! unknown encoding, and normalising text before it is matched.

mod decode;
mod normalize;
mod position;

pub(crate) use decode::decode_cow;
pub use decode::{Decoded, decode};
pub(crate) use normalize::normalize_cow;
pub use normalize::{canonical_terms, is_han, join_han_breaks, normalize, normalize_for_search};
pub use position::{line_at, line_of_id};
