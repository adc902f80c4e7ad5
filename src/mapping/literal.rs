//! The literal matcher: finds the rules' literal terms in a text, each at the leftmost place it
//! can start, the longest there, without overlaps, ASCII case ignored, Latin-script terms only
//! on word boundaries.
//!
//! An Aho-Corasick automaton over all the terms is costly to build in every process and picks
//! the longest term at a place even when that term then fails its word-boundary check, hiding
//! a shorter one that passes. Here a term can only start
//! where the text's next eight bytes (for terms of eight bytes or more: two Han characters and
//! the start of a third), six bytes (two Han characters) or two bytes (short terms) are those
//! the term begins with, each tested in an 8 KB bit table; only then are the few terms with
//! that beginning compared. Latin-script terms need a word boundary before them, so in ASCII
//! text only word starts are looked at, found sixteen bytes at a time. Chinese text is looked at
//! once per character (3 bytes).
//!
//! The result is the same as "at each character, from the left: the longest term that matches
//! there and passes its word-boundary check; continue after it" (the naive definition the
//! tests compare against).

use crate::text::is_word_char;
use crate::text::{EACH, HIGH};
use wide::u8x16;

/// One literal term: how it is matched, and which rules it belongs to.
#[derive(Debug, Clone)]
pub(crate) struct Literal {
    /// The term as written (without a trailing `*`).
    pub term: String,
    /// Written with a trailing `*`: any continuation of the word matches (`audit*` → auditor).
    pub prefix: bool,
    /// The term starts/ends with an ASCII letter or digit, so a word boundary is required there.
    pub word_start: bool,
    pub word_end: bool,
    pub rules: Vec<usize>,
    /// How many different clauses `rules` belong to.
    pub clauses: u32,
    /// A boilerplate marker (文件编号, Revision history): the scan reports where it is.
    /// A literal that is only a marker has no rules.
    pub marker: Option<super::boilerplate::Kind>,
    /// A word of another subject (`[elsewhere]` in rules.toml): it has no rules.
    pub elsewhere: bool,
}

impl Literal {
    /// A literal of one rule; a term starting or ending with an ASCII letter or digit needs a
    /// word boundary there.
    pub(crate) fn new(term: String, prefix: bool, rule: usize) -> Literal {
        Literal {
            word_start: term
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_alphanumeric()),
            word_end: term
                .chars()
                .last()
                .is_some_and(|c| c.is_ascii_alphanumeric()),
            term,
            prefix,
            rules: vec![rule],
            clauses: 1,
            marker: None,
            elsewhere: false,
        }
    }
}

/// Terms at least this many bytes long are found by their first eight bytes (two Han
/// characters and the start of a third); terms of six or seven bytes by their first six
/// (two Han characters); shorter ones by their first two bytes. The eight-byte key tells
/// 管理评审 from 管理人员 before any term is compared, which saves most candidate checks.
const LONGER: usize = 8;
const LONG: usize = 6;
const TABLE_BITS: u32 = 16;
const TABLE: usize = 1 << TABLE_BITS;

/// One bit per key, and for set bits the bucket of terms that begin with that key (terms of
/// different keys that hash alike share a bucket; every candidate is compared in full).
/// A set bit's bucket is found by its rank among the set bits, so the whole table is 18 KB
/// plus its terms and stays in the cache; a slot array indexed by key (256 KB) and a
/// separate allocation per bucket made a candidate cost several cache misses.
#[derive(Debug, Clone)]
struct Table {
    /// A fixed-size array: the index is masked into range, so the scan loop has no bounds
    /// check for it.
    bits: Box<[u64; TABLE / 64]>,
    /// The number of set bits in the words of `bits` before this one.
    before: Box<[u16; TABLE / 64]>,
    /// Bucket n is `heads[starts[n]..starts[n + 1]]`, longest term first.
    starts: Vec<u32>,
    heads: Vec<Head>,
}

impl Table {
    /// The table of `entries` (key, head), in any order.
    fn new(mut entries: Vec<(usize, Head)>) -> Table {
        // By key, and within a key longest first (equal lengths by id), so the first term of
        // a bucket that fits is the one to take.
        entries.sort_by_key(|(h, head)| (*h, std::cmp::Reverse(head.len), head.literal));
        let mut bits = Box::new([0u64; TABLE / 64]);
        let mut starts = Vec::new();
        for (n, (h, _)) in entries.iter().enumerate() {
            if n == 0 || entries[n - 1].0 != *h {
                starts.push(n as u32);
            }
            bits[h >> 6] |= 1 << (h & 63);
        }
        starts.push(entries.len() as u32);
        let mut before = Box::new([0u16; TABLE / 64]);
        let mut count = 0;
        for (w, word) in bits.iter().enumerate() {
            before[w] = count;
            count += word.count_ones() as u16;
        }
        Table {
            bits,
            before,
            starts,
            heads: entries.into_iter().map(|(_, head)| head).collect(),
        }
    }

    #[inline]
    fn has(&self, h: usize) -> bool {
        bit(&self.bits, h)
    }

    /// The terms of key `h` (none when its bit is clear).
    #[inline]
    fn bucket(&self, h: usize) -> &[Head] {
        let w = (h >> 6) % (TABLE / 64);
        let bit = 1u64 << (h & 63);
        if self.bits[w] & bit == 0 {
            return &[];
        }
        let n = self.before[w] as usize + sparse_count_ones(self.bits[w] & (bit - 1));
        &self.heads[self.starts[n] as usize..self.starts[n + 1] as usize]
    }
}

/// The set bits of `x`, one step a bit. x86-64's baseline has no popcnt instruction, and
/// `count_ones` there is a dozen operations; a table word has one set bit or none below a
/// given bit most of the time (the shipped rules' 1,139 terms set at most that many bits of
/// a table's 65,536).
#[inline]
fn sparse_count_ones(mut x: u64) -> usize {
    let mut n = 0;
    while x != 0 {
        x &= x - 1;
        n += 1;
    }
    n
}

/// Bit `h` of a table's bits; the index is masked into range, so there is no bounds check.
#[inline]
fn bit(bits: &[u64; TABLE / 64], h: usize) -> bool {
    bits[(h >> 6) % (TABLE / 64)] & (1 << (h & 63)) != 0
}

/// A term's first eight bytes (ASCII lower-cased) as one number, and the mask of those it
/// has: most terms are told apart from the text by one comparison. The next eight bytes the
/// same way (`mask2` 0 for a term of eight bytes or fewer), so that a Chinese term of three
/// to five characters is compared in two steps, not byte by byte after its first eight. The
/// word-boundary flags are copied from
/// the literal so a candidate is checked without looking it up.
#[derive(Debug, Clone, Copy)]
struct Head {
    word: u64,
    mask: u64,
    word2: u64,
    mask2: u64,
    len: u32,
    literal: u32,
    word_start: bool,
    /// A word boundary is needed after the term (word_end and not a `*` term).
    word_end: bool,
}

/// The compiled matcher, built once from the rules' literals.
#[derive(Debug, Clone)]
pub(crate) struct LiteralMatcher {
    /// Some term starts with this byte (ASCII lower-cased).
    first: [bool; 256],
    /// The first six bytes of every term of six bytes or more (`long` and `longer`): one
    /// test that most places of a text fail before the two tables are asked.
    prefix6: Box<[u64; TABLE / 64]>,
    longer: Table,
    long: Table,
    short: Table,
    /// Buckets of one-byte terms, by their byte (lower-cased).
    single: Vec<Vec<Head>>,
    /// The keys of `short` and, for each one-byte term, every two bytes it begins: one test
    /// for "may a term shorter than six bytes start here".
    short_start: Box<[u64; TABLE / 64]>,
    /// The same for three bytes, hashed: asked only where `short_start` passed. English
    /// words that begin like a short term (`au…` like `audit`, `fo…` like `forms`, `tr…`)
    /// were three in four of the candidates compared in full.
    short3: Box<[u64; TABLE / 64]>,
    /// Bit n: U+3000 + n is a word letter (of U+3000..U+303F).
    cjk_punctuation_words: u64,
    /// Some term shorter than six bytes starts with a non-ASCII character (a single Han
    /// character, `Ä…`); when none does, Chinese text only needs the two long tables.
    short_multibyte: bool,
    /// Every term that starts with an ASCII byte starts with a letter or digit: in ASCII text
    /// only word starts need a look (the shipped rules; a user rule may start with `(`).
    ascii_words_only: bool,
}

/// ASCII letters of eight bytes lower-cased at once; other bytes (UTF-8 included) unchanged.
#[inline]
fn fold(x: u64) -> u64 {
    let low = x & !HIGH;
    // The high bit of each byte is set where the byte is >= 'A', and where it is > 'Z'.
    let from_a = low + 0x3F3F_3F3F_3F3F_3F3F;
    let past_z = low + 0x2525_2525_2525_2525;
    let upper = from_a & !past_z & !x & HIGH;
    x | (upper >> 2)
}

/// The number a place is looked up by in the tables: its eight bytes with bit 5 of each set.
/// ASCII letters come out lower-case by one `or` (cheaper than exact folding at each word start
/// and each Han character); bytes that differ only in that bit (`@` and `` ` ``,
/// a line feed and `*`, pairs of UTF-8 continuation bytes) share a key, which lets a few more
/// places through to [`LiteralMatcher::at`], where the text itself is folded exactly and
/// compared.
#[inline]
fn key(x: u64) -> u64 {
    x | 0x2020_2020_2020_2020
}

/// The eight bytes at `i` as a little-endian number, zeros past the end.
#[inline]
fn load(b: &[u8], i: usize) -> u64 {
    match b.get(i..i + 8) {
        Some(w) => u64::from_le_bytes(w.try_into().expect("eight bytes")),
        None => {
            let mut buf = [0u8; 8];
            buf[..b.len() - i].copy_from_slice(&b[i..]);
            u64::from_le_bytes(buf)
        }
    }
}

/// Whether the character before `end` is a letter or digit of a word. A term mostly ends in
/// a Han character or an ASCII letter, told by a byte without the Unicode tables (the lookup
/// for every Han ending showed in profiles).
#[inline]
fn word_letter_before(text: &str, end: usize) -> bool {
    let b = text.as_bytes();
    if end >= 3 && (0xE4..=0xE9).contains(&b[end - 3]) {
        // A lead byte three before a char boundary: the last character is U+4000..U+9FFF.
        return false;
    }
    match end.checked_sub(1).map(|k| b[k]) {
        None => false,
        Some(last) if last.is_ascii() => last.is_ascii_alphanumeric(),
        Some(_) => text[..end].chars().next_back().is_some_and(is_word_char),
    }
}

/// The high bit of each of eight bytes that is an ASCII letter or digit.
#[inline]
fn ascii_alnum(x: u64) -> u64 {
    // Per byte, without carries into the next byte (every sum stays below 0x100): the high
    // bit of `v + (0x80 - lo)` is set where v >= lo, that of `v + (0x7F - hi)` where v > hi.
    let ascii = x & !HIGH;
    let lower = ascii | (0x20 * EACH);
    let letter = (lower + 0x1F * EACH) & !(lower + 0x05 * EACH);
    let digit = (ascii + 0x50 * EACH) & !(ascii + 0x46 * EACH);
    (letter | digit) & !x & HIGH
}

/// All ones in each of sixteen bytes that lies in `from..from + len`: the byte minus the
/// range's start, below the range's length.
#[inline]
fn in_range16(v: u8x16, from: u8, len: u8) -> u8x16 {
    (v - u8x16::splat(from)).simd_lt(u8x16::splat(len))
}

/// Bit n set where byte n of `v` is an ASCII letter or digit: two range tests of sixteen
/// bytes at once.
#[inline]
fn ascii_alnum16(v: u8x16) -> u32 {
    let letter = in_range16(v | u8x16::splat(0x20), b'a', 26);
    (letter | in_range16(v, b'0', 10)).to_bitmask()
}

/// The first index at or after `i` whose byte is not an ASCII letter or digit, eight bytes
/// at a time: English words are skipped without a branch per letter.
#[inline]
fn ascii_word_end(b: &[u8], mut i: usize) -> usize {
    while let Some(w) = b.get(i..i + 8) {
        let stop = !ascii_alnum(u64::from_le_bytes(w.try_into().expect("eight bytes"))) & HIGH;
        if stop != 0 {
            return i + (stop.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while i < b.len() && b[i].is_ascii_alphanumeric() {
        i += 1;
    }
    i
}

#[inline]
fn longer_key(k: u64) -> usize {
    (k.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - TABLE_BITS)) as usize
}

#[inline]
fn long_key(k: u64) -> usize {
    ((k & 0xFFFF_FFFF_FFFF).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - TABLE_BITS)) as usize
}

#[inline]
fn short3_key(k: u64) -> usize {
    ((k & 0xFF_FFFF).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - TABLE_BITS)) as usize
}

#[inline]
fn short_key(k: u64) -> usize {
    (k & 0xFFFF) as usize
}

impl LiteralMatcher {
    pub(crate) fn new(literals: &[Literal]) -> LiteralMatcher {
        let mut first = [false; 256];
        let (mut longer, mut long, mut short) = (Vec::new(), Vec::new(), Vec::new());
        let mut prefix6 = Box::new([0u64; TABLE / 64]);
        let mut single = vec![Vec::new(); 256];
        for (id, lit) in literals.iter().enumerate() {
            let t = lit.term.as_bytes();
            let k = fold(load(t, 0));
            // The tables are keyed as the text is looked up.
            let q = key(load(t, 0));
            let mask_of = |n: usize| {
                if n >= 8 {
                    u64::MAX
                } else {
                    (1u64 << (8 * n)) - 1
                }
            };
            let mask2 = mask_of(t.len().saturating_sub(8));
            let head = Head {
                word: k,
                mask: mask_of(t.len()),
                word2: if t.len() > 8 {
                    fold(load(t, 8)) & mask2
                } else {
                    0
                },
                mask2,
                len: t.len() as u32,
                literal: id as u32,
                word_start: lit.word_start,
                word_end: lit.word_end && !lit.prefix,
            };
            first[t[0].to_ascii_lowercase() as usize] = true;
            if t.len() >= LONG {
                let h = long_key(q);
                prefix6[h >> 6] |= 1 << (h & 63);
            }
            if t.len() >= LONGER {
                longer.push((longer_key(q), head));
            } else if t.len() >= LONG {
                long.push((long_key(q), head));
            } else if t.len() >= 2 {
                short.push((short_key(q), head));
            } else {
                single[t[0].to_ascii_lowercase() as usize].push(head);
            }
        }
        // Longest first, so the first term that fits is the one to take; equal lengths by id.
        for v in &mut single {
            v.sort_by_key(|h: &Head| (std::cmp::Reverse(h.len), h.literal));
        }
        let short = Table::new(short);
        let mut short_start = short.bits.clone();
        for (c, _) in single.iter().enumerate().filter(|(_, v)| !v.is_empty()) {
            for next in 0..256 {
                let h = (c | 0x20) | next << 8;
                short_start[h >> 6] |= 1 << (h & 63);
            }
        }
        let mut short3 = Box::new([0u64; TABLE / 64]);
        for lit in literals.iter().filter(|l| l.term.len() < LONG) {
            let k = key(load(lit.term.as_bytes(), 0));
            // A term of one or two bytes may be followed by any byte.
            let known = lit.term.len().min(3);
            for rest in 0..1u64 << (8 * (3 - known)) {
                let key = (k & ((1 << (8 * known)) - 1)) | rest << (8 * known);
                let h = short3_key(key);
                short3[h >> 6] |= 1 << (h & 63);
            }
        }
        LiteralMatcher {
            first,
            prefix6,
            longer: Table::new(longer),
            long: Table::new(long),
            short,
            single,
            short_start,
            short3,
            cjk_punctuation_words: (0..64u32)
                .filter(|n| char::from_u32(0x3000 + n).is_some_and(is_word_char))
                .fold(0, |m, n| m | 1 << n),
            short_multibyte: literals
                .iter()
                .any(|l| l.term.len() < LONG && !l.term.as_bytes()[0].is_ascii()),
            ascii_words_only: literals.iter().all(|l| {
                let c = l.term.as_bytes()[0];
                !c.is_ascii() || c.is_ascii_alphanumeric()
            }),
        }
    }

    /// Call `found(literal, start, end)` for every match in `text`, in order; `end` is the end
    /// of the term itself (a `*` term's continuation is the caller's to add).
    pub(crate) fn for_each(
        &self,
        text: &str,
        literals: &[Literal],
        mut found: impl FnMut(usize, usize, usize),
    ) {
        let b = text.as_bytes();
        let mut i = 0;
        // Whether the character before `i` is a letter or digit of a word (not Han).
        let mut prev_word = false;
        'scan: while i < b.len() {
            let c = b[i];
            if c < 0x80 && self.ascii_words_only && i + 32 <= b.len() && b[i + 1] < 0x80 {
                // ASCII text, sixteen bytes at a time: a term can only start at a letter or
                // digit after a byte that is neither, and only those word starts are looked at.
                // (A lone ASCII byte between Han characters, the `,` of Chinese text, is
                // cheaper to take by itself; the last 32 bytes go through the general path.)
                let mut word = prev_word;
                // Sixteen bytes, and sixteen more for the keys of word starts among them.
                while let Some(w) = b.get(i..i + 32) {
                    let v = u8x16::from(<[u8; 16]>::try_from(&w[..16]).expect("sixteen bytes"));
                    // The bytes before the first non-ASCII one (all sixteen, or fewer).
                    let ascii_len = (v.to_bitmask() | 1 << 16).trailing_zeros();
                    if ascii_len == 0 {
                        break;
                    }
                    // Bit n: byte n is a letter or digit, and not past the ASCII ones.
                    let alnum = ascii_alnum16(v) & ((1 << ascii_len) - 1);
                    let mut starts = alnum & !((alnum << 1) | u32::from(word));
                    while starts != 0 {
                        let off = starts.trailing_zeros() as usize;
                        let at = i + off;
                        // The key made from the text here. Read back from a stack buffer of
                        // folded bytes written by two 16-byte stores, a key that straddled
                        // them could not be forwarded from the stores and stalled the load
                        // (perf: a fifth of the English scan's samples on that one load).
                        let k = key(u64::from_le_bytes(
                            w[off..off + 8].try_into().expect("eight bytes"),
                        ));
                        if self.may_start(k)
                            && let Some((p, end)) = self.at(text, at, k, false, literals, false)
                        {
                            found(p, at, end);
                            prev_word = word_letter_before(text, end);
                            i = end;
                            continue 'scan;
                        }
                        starts &= starts - 1;
                    }
                    // Whether the last byte looked at is a letter or digit.
                    word = (alnum >> (ascii_len - 1)) & 1 == 1;
                    i += ascii_len as usize;
                    if ascii_len < 16 {
                        break;
                    }
                }
                // At a non-ASCII byte, or fewer than 32 bytes from the end: the general path
                // goes on from here.
                prev_word = word;
                continue;
            }
            if c < 0x80 {
                if c.is_ascii_alphanumeric() {
                    if prev_word {
                        // Inside a word no term may start: those that begin with a letter or
                        // digit need a boundary before them, and no other term begins with one.
                        i = ascii_word_end(b, i + 1);
                        continue;
                    }
                } else if !self.first[c as usize] {
                    prev_word = false;
                    i += 1;
                    continue;
                }
            } else if (0xE4..=0xE9).contains(&c) && !self.short_multibyte {
                // A run of Han characters (U+4000..U+9FFF, none a word letter): only a term of
                // the long tables can start in it, so each character costs two table tests.
                let start = i;
                let mut word_before = prev_word;
                loop {
                    let (j, candidate) = self.next_han_candidate(b, i);
                    if j > i {
                        word_before = false;
                    }
                    i = j;
                    if !candidate {
                        break;
                    }
                    let k = key(u64::from_le_bytes(
                        b[i..i + 8].try_into().expect("eight bytes"),
                    ));
                    if let Some((p, end)) = self.at(text, i, k, word_before, literals, true) {
                        found(p, i, end);
                        prev_word = word_letter_before(text, end);
                        i = end;
                        continue 'scan;
                    }
                    word_before = false;
                    i += 3;
                }
                if i > start {
                    prev_word = false;
                    continue;
                }
                // Fewer than eight bytes left: the general path takes this character.
            }
            let k = key(load(b, i));
            let maybe = if c < 0x80 || self.short_multibyte {
                self.may_start(k)
            } else {
                self.may_start_long(k)
            };
            if maybe && let Some((p, end)) = self.at(text, i, k, prev_word, literals, false) {
                found(p, i, end);
                prev_word = word_letter_before(text, end);
                i = end;
                continue;
            }
            if c.is_ascii_alphanumeric() {
                // No term starts at this word's beginning, and none inside it.
                i = ascii_word_end(b, i + 1);
                prev_word = true;
                continue;
            }
            let (len, word) = match c {
                0x00..=0x7F => (1, false),
                // U+4000..U+9FFF: Han ideographs and the hexagram signs, none a word letter.
                0xE4..=0xE9 => (3, false),
                // U+2000..U+203F: general punctuation (“ ” — …), spaces; no word letter.
                0xE2 if b.get(i + 1) == Some(&0x80) => (3, false),
                // U+3000..U+303F: Chinese punctuation (、。《》【】), a few word letters (々).
                0xE3 if b.get(i + 1) == Some(&0x80) => {
                    (3, self.cjk_punctuation_words >> (b[i + 2] & 0x3F) & 1 == 1)
                }
                _ => {
                    let ch = text[i..].chars().next().expect("i is a char boundary");
                    (ch.len_utf8(), is_word_char(ch))
                }
            };
            prev_word = word;
            i += len;
        }
    }

    /// From `i`, in a run of Han characters (lead bytes E4..E9, three bytes each): the first
    /// character where a term of the long tables may start (true), or where the run ends
    /// (false: a byte that is no such lead byte, or fewer than eight bytes left, which the
    /// general path takes). The eight bytes at a character hold its lead byte and the key.
    /// Kept out of line: inside the scan loop the tables' addresses spill to the stack.
    #[inline(never)]
    fn next_han_candidate(&self, b: &[u8], mut i: usize) -> (usize, bool) {
        // One comparison a character for "eight bytes left" (`b.get(i..i + 8)` made two).
        let Some(last) = b.len().checked_sub(8) else {
            return (i, false);
        };
        while i <= last {
            let k = u64::from_le_bytes(b[i..i + 8].try_into().expect("eight bytes"));
            if !(0xE4..=0xE9).contains(&(k as u8)) {
                break;
            }
            if self.may_start_long(key(k)) {
                return (i, true);
            }
            i += 3;
        }
        (i, false)
    }

    /// Whether a term of six bytes or more may start where the [`key`] of the text's next
    /// eight bytes is `k`.
    #[inline]
    fn may_start_long(&self, k: u64) -> bool {
        let h = long_key(k);
        bit(&self.prefix6, h) && (self.long.has(h) || self.longer.has(longer_key(k)))
    }

    /// Whether any term may start where the [`key`] of the text's next eight bytes is `k`.
    #[inline]
    fn may_start(&self, k: u64) -> bool {
        self.may_start_long(k)
            || (bit(&self.short_start, short_key(k)) && bit(&self.short3, short3_key(k)))
    }

    /// The longest term that matches at `i` and keeps its word boundaries: (literal, end).
    /// `k` is the [`key`] of the text's next eight bytes. `in_han_run`: `i` is inside a run of Han
    /// characters, where only the long tables can have a term (no shorter term starts with
    /// a non-ASCII byte there, `short_multibyte` being false). Kept out of line: the scan loop
    /// stays small.
    #[inline(never)]
    fn at(
        &self,
        text: &str,
        i: usize,
        k: u64,
        prev_word: bool,
        literals: &[Literal],
        in_han_run: bool,
    ) -> Option<(usize, usize)> {
        // The tables are looked up by the key; the terms are compared with the text's eight
        // bytes folded exactly.
        let exact = fold(load(text.as_bytes(), i));
        let fit = |heads: &[Head]| fit(heads, text, i, exact, prev_word, literals);
        // Terms of eight bytes or more, of six or seven, shorter ones, one-byte ones: each
        // bucket longest first, so the first term that fits is the longest. A later table is
        // only looked at when the earlier ones have no fit.
        let long =
            fit(self.longer.bucket(longer_key(k))).or_else(|| fit(self.long.bucket(long_key(k))));
        if long.is_some() || in_han_run {
            return long;
        }
        fit(self.short.bucket(short_key(k)))
            .or_else(|| fit(&self.single[text.as_bytes()[i].to_ascii_lowercase() as usize]))
    }
}

/// The first (longest) of `heads` that matches at `i` and keeps its word boundaries. Inlined
/// into [`LiteralMatcher::at`]: as a call of its own it cost as much as the comparisons.
#[inline(always)]
fn fit(
    heads: &[Head],
    text: &str,
    i: usize,
    k: u64,
    prev_word: bool,
    literals: &[Literal],
) -> Option<(usize, usize)> {
    let b = text.as_bytes();
    for head in heads {
        if k & head.mask != head.word {
            continue;
        }
        let len = head.len as usize;
        let end = i + len;
        if end <= b.len()
            && (len <= 8
                || (fold(load(b, i + 8)) & head.mask2 == head.word2
                    && (len <= 16
                        || b[i + 16..end].eq_ignore_ascii_case(
                            &literals[head.literal as usize].term.as_bytes()[16..],
                        ))))
            && !(head.word_start && prev_word)
            && (!head.word_end || word_end_ok(&text[end..]))
        {
            return Some((head.literal as usize, end));
        }
    }
    None
}

/// After a Latin-script term (`rest` is the text after it): no letter or digit, except a
/// plural `s`/`es`.
fn word_end_ok(rest: &str) -> bool {
    let after = |skip: usize| !rest[skip..].chars().next().is_some_and(is_word_char);
    after(0)
        || (rest.starts_with(['s', 'S']) && after(1))
        || (rest.len() >= 2 && rest.as_bytes()[..2].eq_ignore_ascii_case(b"es") && after(2))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lit(term: &str, prefix: bool) -> Literal {
        Literal::new(term.to_string(), prefix, 0)
    }

    /// The definition: at each character from the left, the longest term (lowest index among
    /// equals) that matches there case-insensitively and keeps its word boundaries.
    fn naive(text: &str, literals: &[Literal]) -> Vec<(usize, usize, usize)> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < text.len() {
            let prev_word = text[..i].chars().next_back().is_some_and(is_word_char);
            let best = literals
                .iter()
                .enumerate()
                .filter(|(_, l)| {
                    let end = i + l.term.len();
                    end <= text.len()
                        && text.as_bytes()[i..end].eq_ignore_ascii_case(l.term.as_bytes())
                        && !(l.word_start && prev_word)
                        && (l.prefix || !l.word_end || word_end_ok(&text[end..]))
                })
                .max_by_key(|(p, l)| (l.term.len(), std::cmp::Reverse(*p)));
            match best {
                Some((p, l)) => {
                    out.push((p, i, i + l.term.len()));
                    i += l.term.len();
                }
                None => i += text[i..].chars().next().map_or(1, char::len_utf8),
            }
        }
        out
    }

    fn fast(text: &str, literals: &[Literal]) -> Vec<(usize, usize, usize)> {
        let m = LiteralMatcher::new(literals);
        let mut out = Vec::new();
        m.for_each(text, literals, |p, s, e| out.push((p, s, e)));
        out
    }

    /// A place whose key is a term's but whose bytes are not (bit 5 of a byte differs: `@` and
    /// `` ` ``; 量 E9 87 8F and 駯 E9 A7 AF) passes the tables and is turned down by the exact
    /// comparison.
    #[test]
    fn a_place_sharing_a_terms_key_is_no_match() {
        let lits = [lit("质量手册", false), lit("a@b", false)];
        assert_eq!(
            key(load("质\u{99EF}手册".as_bytes(), 0)),
            key(load("质量手册".as_bytes(), 0))
        );
        assert_eq!(fast("质\u{99EF}手册 a`b", &lits), vec![]);
        assert_eq!(fast("质量手册 a@b", &lits), naive("质量手册 a@b", &lits));
        assert_eq!(fast("质量手册 a@b", &lits).len(), 2);
    }

    #[test]
    fn fold_lowercases_ascii_letters_only() {
        let x = u64::from_le_bytes(*b"AZaz@[\xC3\x9C");
        assert_eq!(fold(x).to_le_bytes(), *b"azaz@[\xC3\x9C");
        // Every byte value at each of the eight places, between bytes that could carry into
        // it: lower-cased as `to_ascii_lowercase` does, its neighbours untouched.
        for v in 0..=255u8 {
            for at in 0..8 {
                for fill in [b'Z', 0xFF, 0x00, b'a'] {
                    let mut x = [fill; 8];
                    x[at] = v;
                    let want = x.map(|c| c.to_ascii_lowercase());
                    assert_eq!(fold(u64::from_le_bytes(x)).to_le_bytes(), want, "{x:x?}");
                }
            }
        }
    }

    /// Every byte value, at every place of a 20-byte window: the same end as a byte loop.
    #[test]
    fn ascii_word_end_agrees_with_a_byte_loop() {
        for byte in 0..=255u8 {
            for at in 0..20 {
                let mut b = b"Word9word0WORDzz1234".to_vec();
                b[at] = byte;
                for from in 0..b.len() {
                    let want = (from..b.len())
                        .find(|&k| !b[k].is_ascii_alphanumeric())
                        .unwrap_or(b.len());
                    assert_eq!(
                        ascii_word_end(&b, from),
                        want,
                        "{byte:#x} at {at} from {from}"
                    );
                }
            }
        }
    }

    /// The byte shortcuts of the scan: U+4000..U+9FFF and U+2000..U+203F hold no word letter,
    /// and `word_letter_before` agrees with the Unicode tables at every character of a text.
    #[test]
    fn byte_shortcuts_agree_with_is_word_char() {
        let ranges = [0x4000..=0x9FFF, 0x2000..=0x203F];
        for c in ranges.into_iter().flatten().filter_map(char::from_u32) {
            assert!(!is_word_char(c), "{c:?}");
        }
        let text = "审核a1 é—“质量”ß々〇𠀀x。Z9";
        for (end, _) in text.char_indices().skip(1).chain([(text.len(), ' ')]) {
            let want = text[..end].chars().next_back().is_some_and(is_word_char);
            assert_eq!(word_letter_before(text, end), want, "{:?}", &text[..end]);
        }
    }

    #[test]
    fn longest_leftmost_with_boundaries() {
        let lits = vec![
            lit("audit", true),
            lit("internal audit", false),
            lit("内部审核", false),
            lit("审核", false),
            lit("QMS", false),
            lit("plan", false),
            lit("a", false),
        ];
        let text = "Internal Audits; auditorium, qms-plans 内部审核和审核 xaudit plan A";
        let got = fast(text, &lits);
        assert_eq!(got, naive(text, &lits));
        // ASCII letters right after two Han characters are matched in any case.
        let mixed = vec![lit("质量qms", false)];
        assert_eq!(fast("按质量QMS要求", &mixed), [(0, 3, 12)]);
        // A term that starts with punctuation turns the word-start scan of ASCII text off.
        let punct = vec![lit("(a)", false), lit("audit", true), lit("plan", false)];
        let long = "Plans (a) audit(a) plan, replan (A)uditplan (a)";
        assert_eq!(fast(long, &punct), naive(long, &punct));
        assert_eq!(fast(long, &punct).len(), 7);
        let terms: Vec<&str> = got.iter().map(|&(_, s, e)| &text[s..e]).collect();
        assert_eq!(
            terms,
            [
                "Internal Audit",
                "audit",
                "qms",
                "plan",
                "内部审核",
                "审核",
                "plan",
                "A"
            ]
        );
    }

    /// Random texts made of the shipped terms, their pieces, case changes, Latin, German and
    /// Chinese filler: the matcher and the definition agree on every one.
    #[test]
    fn agrees_with_the_definition_on_random_texts() {
        let rules = super::super::Rules::embedded();
        let lits = &rules.literals;
        let fillers = [
            " ", "\n", "x", "é", "Ü", "ß", "的", "和", "，", "。", "々", "〇", "s", "es", "-", "1",
            "ab", "𠀀",
        ];
        let mut seed: u64 = 0x5EED;
        let mut next = |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        };
        for _ in 0..400 {
            let mut text = String::new();
            for _ in 0..40 {
                match next(4) {
                    0 | 1 => {
                        let t = &lits[next(lits.len())].term;
                        let cut = t
                            .char_indices()
                            .map(|(i, _)| i)
                            .nth(next(t.chars().count() + 1))
                            .unwrap_or(t.len());
                        let piece = if next(3) == 0 { &t[..cut] } else { t.as_str() };
                        if next(2) == 0 {
                            text.push_str(&piece.to_uppercase());
                        } else {
                            text.push_str(piece);
                        }
                    }
                    _ => text.push_str(fillers[next(fillers.len())]),
                }
            }
            assert_eq!(fast(&text, lits), naive(&text, lits), "{text:?}");
        }
        // English text: long ASCII runs, so the sixteen-byte steps meet word starts, terms
        // and one non-ASCII letter (é) at every offset.
        let ascii: Vec<&Literal> = lits.iter().filter(|l| l.term.is_ascii()).collect();
        let fillers = [" ", " ", "\n", "x", "s", "-", "1", "ab", ".", "(", "é"];
        for _ in 0..400 {
            let mut text = String::new();
            for _ in 0..30 {
                if next(2) == 0 {
                    let t = &ascii[next(ascii.len())].term;
                    let piece = if next(4) == 0 {
                        &t[..next(t.len() + 1)]
                    } else {
                        t.as_str()
                    };
                    text.push_str(&if next(2) == 0 {
                        piece.to_uppercase()
                    } else {
                        piece.to_string()
                    });
                } else {
                    text.push_str(fillers[next(fillers.len())]);
                }
            }
            assert_eq!(fast(&text, lits), naive(&text, lits), "{text:?}");
        }
    }
}
