use encoding_rs::{Encoding, UTF_8};
use std::borrow::Cow;

/// Text decoded from bytes, with the encoding that was used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    /// The WHATWG name of the encoding (`UTF-8`, `GBK`, `UTF-16LE`, `Big5`, …).
    pub encoding: &'static str,
    /// A byte sequence was invalid and replaced with U+FFFD.
    pub had_errors: bool,
}

/// Decode bytes whose encoding is unknown: BOM first, then strict UTF-8, then chardetng.
///
/// No TLD hint is given to chardetng: a `.cn` hint turns Big5 text into GBK. GB18030 text decodes through encoding_rs's GBK
/// decoder, which is the GB18030 decoder, so 4-byte sequences come out right.
pub fn decode(bytes: &[u8]) -> Decoded {
    with_decoded(bytes, |d| Decoded {
        text: d.text.into_owned(),
        encoding: d.encoding,
        had_errors: d.had_errors,
    })
}

/// [`Decoded`] that borrows its text (the bytes when they already are the UTF-8 text: UTF-8
/// files, and ASCII-only text in any encoding), so a large file is not copied before it is
/// read.
pub(crate) struct DecodedCow<'a> {
    pub text: Cow<'a, str>,
    pub encoding: &'static str,
    pub had_errors: bool,
}

/// `f` of the text [`decode`] gives, without its copy when the bytes already are the UTF-8 text.
pub(crate) fn with_decoded<R>(bytes: &[u8], f: impl FnOnce(DecodedCow<'_>) -> R) -> R {
    match unicode_text(bytes) {
        Ok(d) => f(d),
        Err(enc) => f(decoded_as(bytes, enc)),
    }
}

/// `bytes` decoded by encoding_rs as `enc` (no BOM looked for).
fn decoded_as<'a>(bytes: &'a [u8], enc: &'static Encoding) -> DecodedCow<'a> {
    let (text, had_errors) = enc.decode_without_bom_handling(bytes);
    DecodedCow {
        text,
        encoding: enc.name(),
        had_errors,
    }
}

/// The text of bytes in a Unicode encoding (with a BOM, UTF-16 without one, UTF-8); otherwise
/// the legacy encoding they are guessed to be in.
fn unicode_text(bytes: &[u8]) -> Result<DecodedCow<'_>, &'static Encoding> {
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        return Ok(decoded_as(&bytes[bom_len..], enc));
    }
    if let Some(enc) = utf16_without_bom(bytes) {
        return Ok(decoded_as(bytes, enc));
    }
    // simdutf8 accepts exactly what `std::str::from_utf8` accepts, several times faster on
    // Chinese text (std's validation is fast only for ASCII).
    if let Ok(s) = simdutf8::basic::from_utf8(bytes) {
        return Ok(DecodedCow {
            text: Cow::Borrowed(s),
            encoding: UTF_8.name(),
            had_errors: false,
        });
    }
    Err(guess_legacy(bytes))
}

/// UTF-16 without a BOM (some "Unicode text" exports): many NULs on one side of each pair.
/// Checked before UTF-8 because such bytes are also valid UTF-8.
fn utf16_without_bom(bytes: &[u8]) -> Option<&'static Encoding> {
    let sample = &bytes[..bytes.len().min(4096) & !1];
    // Text without a NUL byte in its first 4 KB (all text but UTF-16) needs no counting: one
    // vector search instead of two passes over the sample.
    if sample.len() < 4 || memchr::memchr(0, sample).is_none() {
        return None;
    }
    let even_nul = sample.iter().step_by(2).filter(|&&b| b == 0).count();
    let odd_nul = sample
        .iter()
        .skip(1)
        .step_by(2)
        .filter(|&&b| b == 0)
        .count();
    let half = sample.len() / 2;
    if odd_nul * 3 > half && even_nul * 10 < half {
        Some(encoding_rs::UTF_16LE)
    } else if even_nul * 3 > half && odd_nul * 10 < half {
        Some(encoding_rs::UTF_16BE)
    } else {
        None
    }
}

/// Non-ASCII bytes the detector sees before it guesses. chardetng scores every candidate
/// encoding on every byte it is fed (80–150 ns a byte), which costs more than decoding and
/// matching the whole file. 512 non-ASCII bytes (about 250 Chinese characters) give the
/// guess the whole file gives on all 248 legacy-encoded files of a check made for this
/// (GBK, GB18030, Big5, Shift_JIS, EUC-JP, EUC-KR, windows-1250/1252, ISO-8859-2; 217 of
/// them real web pages, feeds and texts): Chinese and Japanese settle within 64, Korean
/// within 384, a Hungarian page needed 512. Fewer is not safe: at 128 two Korean texts
/// were still taken for GBK.
const DETECT_NON_ASCII: usize = 512;

fn guess_legacy(bytes: &[u8]) -> &'static Encoding {
    let mut det = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    // The prefix that holds DETECT_NON_ASCII non-ASCII bytes, fed in one call; a prefix is
    // fed with `last = false`, so a character cut at its end is not taken for an error.
    let cut = bytes
        .iter()
        .enumerate()
        .filter(|(_, b)| !b.is_ascii())
        .nth(DETECT_NON_ASCII)
        .map_or(bytes.len(), |(i, _)| i);
    det.feed(&bytes[..cut], cut == bytes.len());
    det.guess(None, chardetng::Utf8Detection::Allow)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_common_encodings() {
        let s = "质量手册 内部审核 不符合报告 纠正措施 文件控制程序";
        let (gbk, _, _) = encoding_rs::GBK.encode(s);
        let d = decode(&gbk);
        assert_eq!(d.text, s);
        assert_eq!(d.encoding, "GBK");

        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend_from_slice(s.as_bytes());
        assert_eq!(decode(&bom).text, s);

        let mut u16le = vec![0xFF, 0xFE];
        for u in s.encode_utf16() {
            u16le.extend_from_slice(&u.to_le_bytes());
        }
        let d = decode(&u16le);
        assert_eq!((d.text.as_str(), d.encoding), (s, "UTF-16LE"));

        let plain: Vec<u8> = "clause,result\n7.5,OK\n"
            .encode_utf16()
            .flat_map(|u| u.to_le_bytes())
            .collect();
        assert_eq!(decode(&plain).text, "clause,result\n7.5,OK\n");
    }

    #[test]
    fn gb18030_four_byte_sequences() {
        let s = "符合性 𠀀 €";
        let (b, _, _) = encoding_rs::GB18030.encode(s);
        let d = decode(&b);
        assert_eq!(d.text, s);
        assert!(!d.had_errors);
    }
}
