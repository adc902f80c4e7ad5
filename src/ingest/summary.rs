//! Counts of one checklist: rows, results by value, nonconformities by grade.

use crate::model::{Checklist, Outcome};
use serde::Serialize;
use std::collections::BTreeMap;

/// What `checklist check` reports per file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct Summary {
    pub rows: u32,
    /// Rows per result, only non-zero ones, in vocabulary order.
    pub by_result: BTreeMap<Outcome, u32>,
    pub major: u32,
    pub minor: u32,
    /// Minors written without a grade (plain 不符合), counted in `minor`.
    pub ungraded: u32,
}

/// Count a checklist's rows.
pub fn summarize(c: &Checklist) -> Summary {
    let mut s = Summary {
        rows: c.rows.len() as u32,
        ..Default::default()
    };
    for r in &c.rows {
        *s.by_result.entry(r.outcome).or_default() += 1;
        match r.outcome {
            Outcome::Major => s.major += 1,
            Outcome::Minor => {
                s.minor += 1;
                if !r.graded {
                    s.ungraded += 1;
                }
            }
            _ => {}
        }
    }
    s
}
