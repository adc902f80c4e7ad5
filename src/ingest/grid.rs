//! A sheet as a grid of text cells, whatever it was read from.

/// A merged region: `(first row, first column)` and `(last row, last column)`, 0-based.
pub type Region = ((u32, u32), (u32, u32));

/// One sheet's cells as text. Row 0 is spreadsheet row 1 and column 0 is column A, so
/// positions convert straight to A1 references.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Grid {
    /// Sheet name; `None` for CSV/TSV, which have no sheets.
    pub sheet: Option<String>,
    pub rows: Vec<Vec<String>>,
}

impl Grid {
    /// The cell at `(row, col)`, empty outside the grid.
    pub fn get(&self, row: usize, col: usize) -> &str {
        self.rows
            .get(row)
            .and_then(|r| r.get(col))
            .map_or("", |s| s.as_str())
    }

    /// Copy the value of each vertically merged region's top-left cell down its first column,
    /// so a clause or department merged over several rows applies to each row. Horizontal
    /// spreads are left alone: a title merged across the sheet must not look like a header.
    pub fn fill_merged(&mut self, regions: &[Region]) {
        for &((r0, c0), (r1, _)) in regions {
            let (r0, c0, r1) = (r0 as usize, c0 as usize, r1 as usize);
            let v = self.get(r0, c0).to_string();
            if v.is_empty() {
                continue;
            }
            for r in r0 + 1..=r1.min(self.rows.len().saturating_sub(1)) {
                let row = &mut self.rows[r];
                if row.len() <= c0 {
                    row.resize(c0 + 1, String::new());
                }
                if row[c0].is_empty() {
                    row[c0] = v.clone();
                }
            }
        }
    }
}

/// The A1 name of a 0-based cell: `(13, 5)` is `F14`.
pub fn a1(row: usize, col: usize) -> String {
    crate::xlsx::a1(
        u32::try_from(row).unwrap_or(u32::MAX - 1),
        u32::try_from(col).unwrap_or(u32::MAX),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a1_names() {
        assert_eq!(a1(0, 0), "A1");
        assert_eq!(a1(13, 5), "F14");
        assert_eq!(a1(0, 25), "Z1");
        assert_eq!(a1(0, 26), "AA1");
        assert_eq!(a1(9, 701), "ZZ10");
        assert_eq!(a1(0, 702), "AAA1");
    }

    #[test]
    fn merged_regions_fill_down_only() {
        let mut g = Grid {
            sheet: None,
            rows: vec![
                vec!["title".into(), String::new()],
                vec!["7.5".into(), "a".into()],
                vec![String::new(), "b".into()],
                vec![String::new()],
            ],
        };
        g.fill_merged(&[((0, 0), (0, 1)), ((1, 0), (3, 0))]);
        assert_eq!(g.get(0, 1), "");
        assert_eq!(g.get(2, 0), "7.5");
        assert_eq!(g.get(3, 0), "7.5");
    }
}
