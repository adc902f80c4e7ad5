use serde::{Deserialize, Serialize};
use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

/// A dotted ISO 9001 clause number such as `7.5.3.1`, ordered numerically
/// (7.10 after 7.9; 10.1 after 9.3). Up to four levels, each part 1..=99.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct ClauseId {
    parts: Vec<u8>,
}

/// Why a string is not a clause id.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("\"{text}\" is not a clause number ({reason})")]
pub struct ClauseIdError {
    pub text: String,
    pub reason: &'static str,
}

impl ClauseId {
    /// The parts of the number: `7.5.3` gives `[7, 5, 3]`.
    pub fn parts(&self) -> &[u8] {
        &self.parts
    }

    /// 1 for `7`, 2 for `7.5`, 4 for `7.5.3.1`.
    pub fn depth(&self) -> usize {
        self.parts.len()
    }

    /// The clause one level up, `None` for a top-level clause.
    pub fn parent(&self) -> Option<ClauseId> {
        (self.parts.len() > 1).then(|| ClauseId {
            parts: self.parts[..self.parts.len() - 1].to_vec(),
        })
    }

    /// The top-level clause (chapter 4..10) this clause belongs to.
    pub fn chapter(&self) -> u8 {
        self.parts[0]
    }

    /// True when `self` is `other` or lies below it (7.5.3 is within 7.5 and within 7.5.3).
    pub fn is_within(&self, other: &ClauseId) -> bool {
        self.parts.starts_with(&other.parts)
    }
}

impl FromStr for ClauseId {
    type Err = ClauseIdError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let err = |reason| ClauseIdError {
            text: s.to_string(),
            reason,
        };
        let t = s.trim();
        if t.is_empty() {
            return Err(err("empty"));
        }
        let mut parts = Vec::new();
        for p in t.split('.') {
            if p.is_empty() || p.len() > 2 || !p.bytes().all(|b| b.is_ascii_digit()) {
                return Err(err("expected numbers separated by dots, like 7.5.3"));
            }
            let n: u8 = p.parse().map_err(|_| err("number too large"))?;
            if n == 0 {
                return Err(err("parts start at 1"));
            }
            parts.push(n);
        }
        if parts.len() > 4 {
            return Err(err("at most four levels"));
        }
        Ok(ClauseId { parts })
    }
}

impl fmt::Display for ClauseId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, p) in self.parts.iter().enumerate() {
            if i > 0 {
                f.write_str(".")?;
            }
            write!(f, "{p}")?;
        }
        Ok(())
    }
}

impl fmt::Debug for ClauseId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ClauseId({self})")
    }
}

impl Ord for ClauseId {
    fn cmp(&self, other: &Self) -> Ordering {
        // Vec<u8> compares element-wise, then by length: 7.5 < 7.5.1 < 7.10.
        self.parts.cmp(&other.parts)
    }
}

impl PartialOrd for ClauseId {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Serialize for ClauseId {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for ClauseId {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// Whether the standard asks to maintain (a document) or retain (a record).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DocumentedKind {
    /// 保持成文信息: a document kept up to date.
    Maintain,
    /// 保留成文信息: a record kept as evidence.
    Retain,
}

/// One documented-information duty of a clause, described in our own words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentedInfo {
    pub kind: DocumentedKind,
    pub en: String,
    pub zh: String,
}

/// One clause of the catalog.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Clause {
    pub id: ClauseId,
    pub title_en: String,
    pub title_zh: String,
    /// A numbered paragraph without a title of its own; the titles are the parent's.
    #[serde(default)]
    pub untitled: bool,
    /// Other names people look the clause up by (文件控制, document control …).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub search: Vec<String>,
    /// ISO 9001:2008 clauses this clause correlates with (ISO/TC 176/SC 2 N1293).
    #[serde(default)]
    pub iso9001_2008: Vec<String>,
    #[serde(default)]
    pub documented_information: Vec<DocumentedInfo>,
    /// A note such as the Amd 1:2024 climate-change addition.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note_en: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note_zh: Option<String>,
}

impl Clause {
    pub fn title(&self, lang: super::Lang) -> &str {
        lang.pick(&self.title_en, &self.title_zh)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(s: &str) -> ClauseId {
        s.parse().unwrap()
    }

    #[test]
    fn orders_numerically() {
        let mut v = [
            id("10.1"),
            id("7.10"),
            id("9.3"),
            id("7.9"),
            id("7.5.3.1"),
            id("7.5"),
        ];
        v.sort();
        let s: Vec<String> = v.iter().map(|c| c.to_string()).collect();
        assert_eq!(s, ["7.5", "7.5.3.1", "7.9", "7.10", "9.3", "10.1"]);
    }

    #[test]
    fn parent_and_depth() {
        assert_eq!(id("7.5.3.1").parent(), Some(id("7.5.3")));
        assert_eq!(id("7").parent(), None);
        assert_eq!(id("7.1.5.2").depth(), 4);
        assert!(id("7.5.3").is_within(&id("7.5")));
        assert!(!id("7.10").is_within(&id("7.1")));
    }

    #[test]
    fn rejects_bad_ids() {
        for bad in ["", "7.", ".7", "7..5", "a.b", "7.0", "1.2.3.4.5", "123"] {
            assert!(bad.parse::<ClauseId>().is_err(), "{bad} should fail");
        }
        assert_eq!(id(" 8.5.1 ").to_string(), "8.5.1");
    }
}
