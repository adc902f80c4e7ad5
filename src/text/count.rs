//! Characters of a long text counted 64 bytes at a time.

use wide::u8x16;

/// The number of characters in `s`, as `s.chars().count()` gives it: its bytes less its
/// continuation bytes (80..BF: 80 once masked with C0). Four vectors of sixteen bytes a step,
/// their matches summed lane by lane in bytes and emptied every 63 steps, before a lane can
/// overflow: counting characters was a visible share of mapping a Chinese document.
pub fn count_chars(s: &str) -> usize {
    let b = s.as_bytes();
    let mut chunks = b.chunks_exact(64);
    let mut continuation = 0usize;
    let is_continuation = |c: &[u8]| {
        (u8x16::from(<[u8; 16]>::try_from(c).expect("sixteen bytes")) & u8x16::splat(0xC0))
            .simd_eq(u8x16::splat(0x80))
    };
    loop {
        // In each lane, the continuation bytes seen there (a match is all ones, 255, and
        // subtracting it adds one): at most four a step, so at most 252 in 63 steps.
        let mut lanes = u8x16::splat(0);
        let mut steps = 0;
        for c in chunks.by_ref() {
            lanes -= is_continuation(&c[..16]);
            lanes -= is_continuation(&c[16..32]);
            lanes -= is_continuation(&c[32..48]);
            lanes -= is_continuation(&c[48..]);
            steps += 1;
            if steps == 63 {
                break;
            }
        }
        continuation += lanes
            .to_array()
            .iter()
            .map(|&n| usize::from(n))
            .sum::<usize>();
        if steps < 63 {
            break;
        }
    }
    let tail = chunks
        .remainder()
        .iter()
        .filter(|&&x| x & 0xC0 == 0x80)
        .count();
    b.len() - continuation - tail
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Random strings of one- to four-byte characters, of every length up to and past a full
    /// round of 63 steps of 64 bytes: the count std gives.
    #[test]
    fn count_chars_equals_std() {
        let pool = [
            'a', '\n', 'é', '审', '核', '，', '𠀀', '€', '\u{7F}', '\u{80}',
        ];
        let mut rng = crate::TestRng::new(3);
        for len in (0..150).chain([4031, 4032, 4033, 8200]) {
            for _ in 0..20 {
                let s: String = (0..len).map(|_| pool[rng.below(pool.len())]).collect();
                assert_eq!(count_chars(&s), s.chars().count(), "{len}");
            }
        }
        // Four-byte characters: three lanes in four meet a continuation byte in each of the
        // four vectors of every step, 252 in 63 steps (one step more would wrap to 0).
        let s = "𠀀".repeat(2000);
        assert_eq!(count_chars(&s), 2000);
        let s = "审".repeat(3000);
        assert_eq!(count_chars(&s), 3000);
    }
}
