//! A guard for OLE2 compound files (legacy `.xls`) before calamine opens them. calamine follows
//! sector chains without noticing a loop: a damaged or crafted file whose chain points back on
//! itself makes it grow a buffer until the allocation fails, which aborts the whole process
//! (found by fuzzing; see tests/fixtures/fuzz/README.md). Here every chain calamine will
//! follow is walked first, with a step bound, and a looping one refuses the file.

/// Ids at and above this are markers (end of chain, free, FAT sector …), not sectors.
const RESERVED: u32 = 0xFFFF_FFFA;

fn u16_at(b: &[u8], i: usize) -> Option<u16> {
    Some(u16::from_le_bytes(b.get(i..i + 2)?.try_into().ok()?))
}

fn u32_at(b: &[u8], i: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(i..i + 4)?.try_into().ok()?))
}

/// `Err(reason)` when a sector chain of the compound file loops. Structural damage that
/// calamine reports by itself (a sector beyond the end, a bad header) is left to it.
pub fn check_chains(bytes: &[u8]) -> Result<(), crate::model::Text> {
    let looping = || Err(crate::model::Text::new(crate::model::Say::OleLoops));
    let Some(shift) = u16_at(bytes, 30) else {
        return Ok(());
    };
    if shift != 9 && shift != 12 {
        return Ok(());
    }
    let size = 1usize << shift;
    let sector = |id: u32| -> Option<&[u8]> {
        let start = (id as usize + 1).checked_mul(size)?;
        bytes.get(start..start.checked_add(size)?)
    };
    // Sectors in the file: no chain without a loop can be longer.
    let max_steps = bytes.len() / size + 1;

    // The FAT sector ids: 109 in the header, then the DIFAT chain (itself bounded).
    let mut fat_ids: Vec<u32> = (0..109).filter_map(|i| u32_at(bytes, 76 + 4 * i)).collect();
    let mut difat = u32_at(bytes, 68).unwrap_or(RESERVED);
    let mut steps = 0;
    while difat < RESERVED {
        steps += 1;
        if steps > max_steps {
            return looping();
        }
        let Some(s) = sector(difat) else {
            return Ok(());
        };
        let ids: Vec<u32> = (0..size / 4).filter_map(|i| u32_at(s, 4 * i)).collect();
        let (next, rest) = ids.split_last().expect("a sector holds at least one id");
        fat_ids.extend_from_slice(rest);
        difat = *next;
    }
    let mut fat: Vec<u32> = Vec::new();
    for id in fat_ids.into_iter().filter(|&id| id < RESERVED) {
        let Some(s) = sector(id) else {
            return Ok(());
        };
        fat.extend((0..size / 4).filter_map(|i| u32_at(s, 4 * i)));
    }
    // Walk one chain; false when it is longer than the file has sectors.
    let ends = |start: u32| {
        let mut id = start;
        for _ in 0..=max_steps {
            match fat.get(id as usize) {
                Some(&next) => id = next,
                None => return true,
            }
        }
        false
    };
    let dir_start = u32_at(bytes, 48).unwrap_or(RESERVED);
    let mini_fat_start = u32_at(bytes, 60).unwrap_or(RESERVED);
    if !ends(dir_start) || !ends(mini_fat_start) {
        return looping();
    }
    // Every directory entry's stream (the root's is the mini stream).
    let mut id = dir_start;
    let mut dirs = 0;
    while let Some(s) = (id < RESERVED).then(|| sector(id)).flatten() {
        for entry in s.chunks_exact(128) {
            let start = u32_at(entry, 116).unwrap_or(RESERVED);
            if !ends(start) {
                return looping();
            }
        }
        dirs += 1;
        if dirs > max_steps {
            return looping();
        }
        id = fat.get(id as usize).copied().unwrap_or(RESERVED);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn corpus_xls_files_pass_and_a_loop_is_refused() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/corpus/office-files/calamine-mit");
        let mut seen = 0;
        for f in std::fs::read_dir(&dir).unwrap() {
            let p = f.unwrap().path();
            if p.extension().is_some_and(|e| e == "xls") {
                let b = std::fs::read(&p).unwrap();
                assert_eq!(check_chains(&b), Ok(()), "{}", p.display());
                seen += 1;
            }
        }
        assert!(seen >= 5);
        let bad = std::fs::read(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/fixtures/fuzz/checklist/xls-directory-chain-loop"),
        )
        .unwrap();
        assert!(
            check_chains(&bad[1..])
                .unwrap_err()
                .to_string()
                .contains("loops")
        );
    }
}
