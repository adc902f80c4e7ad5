//! The auditor's corrections to a folder's mapping: `isoaudit-overrides.toml` in the folder
//! (the office's procedures), read by every command that maps a folder (`map`, `report
//! --docs`, `audit`). Each entry names a document (its path relative to the folder, `/`
//! separators) and the clauses to add or remove, with who decided and why. An added clause is
//! listed with confidence `confirmed` and the auditor's words as its evidence; coverage and
//! gaps are computed from the corrected mapping.
//!
//! ```toml
//! [[override]]
//! document = "LHZJ-QP-07 投诉处理程序.docx"
//! add = ["8.2.1"]
//! remove = ["8.1"]
//! by = "王敏"
//! why = "第5条规定了向投诉人反馈处理结果"
//! ```

use crate::catalog::Catalog;
use crate::model::{ClauseId, ClauseMatch, Confidence, DocumentMapping, Evidence};
use serde::Deserialize;
use std::collections::BTreeMap;

/// The file name the mapper looks for in the folder it maps (and does not map as a document).
pub const FILE: &str = "isoaudit-overrides.toml";

/// An overrides file that cannot be used; the message names the file and the entry.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}: {message}")]
pub struct OverridesError {
    pub file: String,
    pub message: crate::model::Text,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct OverridesFile {
    #[serde(rename = "override", default)]
    overrides: Vec<Entry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    document: String,
    #[serde(default)]
    add: Vec<String>,
    #[serde(default)]
    remove: Vec<String>,
    by: String,
    why: String,
}

/// One document's corrections.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Correction {
    pub add: Vec<ClauseId>,
    pub remove: Vec<ClauseId>,
    pub by: String,
    pub why: String,
}

/// The corrections of a folder, by document path.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Overrides {
    pub documents: BTreeMap<String, Correction>,
}

impl Overrides {
    /// Parse an overrides file; `file` names it in errors. Clause ids must be in `catalog`.
    pub fn parse(src: &str, file: &str, catalog: &Catalog) -> Result<Overrides, OverridesError> {
        use crate::model::{Say, Text};
        let err = |message: Text| OverridesError {
            file: file.to_string(),
            message,
        };
        let raw: OverridesFile = toml::from_str(src)
            .map_err(|e| err(Text::new(Say::OvNotToml).with("reason", e.message().trim())))?;
        let mut out = Overrides::default();
        for (i, e) in raw.overrides.into_iter().enumerate() {
            let entry = |key| {
                Text::new(key)
                    .with("n", i + 1)
                    .with("document", &e.document)
            };
            let ids = |list: &[String]| -> Result<Vec<ClauseId>, OverridesError> {
                list.iter()
                    .map(|c| {
                        c.parse::<ClauseId>()
                            .ok()
                            .filter(|id| catalog.contains(id))
                            .ok_or_else(|| err(entry(Say::OvUnknownClause).with("clause", c)))
                    })
                    .collect()
            };
            if e.by.trim().is_empty() || e.why.trim().is_empty() {
                return Err(err(entry(Say::OvWhoWhy)));
            }
            let c = Correction {
                add: ids(&e.add)?,
                remove: ids(&e.remove)?,
                by: e.by.trim().to_string(),
                why: e.why.trim().to_string(),
            };
            let path = e.document.replace('\\', "/");
            if out.documents.insert(path, c).is_some() {
                return Err(err(entry(Say::OvTwice)));
            }
        }
        Ok(out)
    }

    /// Apply the correction of `d`'s document, if any: removed clauses go, added ones are
    /// listed (after the automatic ones) as confirmed by the auditor, or, listed already,
    /// marked so. An added clause whose parent or sub-clause the mapper listed takes that
    /// listing's place with its evidence: the auditor named the same subject more exactly, and
    /// 8.2 beside a confirmed 8.2.1 would count one subject twice. Whether a correction was found.
    pub fn apply(&self, d: &mut DocumentMapping) -> bool {
        let Some(c) = self.documents.get(&d.path) else {
            return false;
        };
        d.clauses.retain(|m| !c.remove.contains(&m.id));
        let evidence = Evidence {
            term: format!("{}: {}", c.by, c.why),
            rule: "override".to_string(),
            line: 0,
            page: None,
            heading: None,
            snippet: format!("confirmed by the auditor (审核员确认) {}: {}", c.by, c.why),
        };
        for id in &c.add {
            let same = d.clauses.iter().position(|m| &m.id == id).or_else(|| {
                d.clauses.iter().position(|m| {
                    m.confidence != Confidence::Confirmed
                        && (id.is_within(&m.id) || m.id.is_within(id))
                })
            });
            match same.map(|i| &mut d.clauses[i]) {
                Some(m) => {
                    m.id = id.clone();
                    m.confidence = Confidence::Confirmed;
                    m.evidence.insert(0, evidence.clone());
                }
                None => d.clauses.push(ClauseMatch {
                    id: id.clone(),
                    score: 0,
                    confidence: Confidence::Confirmed,
                    evidence: vec![evidence.clone()],
                }),
            }
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(path: &str, ids: &[&str]) -> DocumentMapping {
        DocumentMapping {
            path: path.into(),
            format: "txt".into(),
            encoding: "UTF-8".into(),
            title: String::new(),
            chars: 0,
            clauses: ids
                .iter()
                .map(|i| ClauseMatch {
                    id: i.parse().unwrap(),
                    score: 20,
                    confidence: Confidence::Likely,
                    evidence: vec![],
                })
                .collect(),
            ignored: Vec::new(),
        }
    }

    /// One override by 王敏 for `document`: `fields` are its add and remove lines.
    fn one(document: &str, fields: &str) -> Overrides {
        let text = format!(
            "[[override]]\ndocument = \"{document}\"\n{fields}by = \"王敏\"\nwhy = \"第5条\"\n"
        );
        Overrides::parse(&text, "o.toml", &Catalog::embedded()).unwrap()
    }

    fn listed(d: &DocumentMapping) -> Vec<(String, Confidence)> {
        d.clauses
            .iter()
            .map(|c| (c.id.to_string(), c.confidence))
            .collect()
    }

    #[test]
    fn corrections_add_remove_and_confirm() {
        let o = one(
            "a/投诉.txt",
            "add = [\"8.2.1\", \"9.1.2\"]\nremove = [\"8.1\"]\n",
        );
        let mut d = doc("a/投诉.txt", &["9.1.2", "8.1"]);
        assert!(o.apply(&mut d));
        assert_eq!(
            listed(&d),
            [
                ("9.1.2".to_string(), Confidence::Confirmed),
                ("8.2.1".to_string(), Confidence::Confirmed)
            ]
        );
        assert!(d.clauses[1].evidence[0].snippet.contains("王敏"));
        let mut other = doc("b.txt", &["8.1"]);
        assert!(!o.apply(&mut other));
        assert_eq!(other.clauses.len(), 1);
    }

    /// The mapper's 8.2 and the auditor's 8.2.1 are one subject: one line, the auditor's.
    #[test]
    fn a_confirmed_sub_clause_takes_the_place_of_its_parent() {
        let o = one("投诉.txt", "add = [\"8.2.1\", \"8.2.2\", \"9.1\"]\n");
        let mut d = doc("投诉.txt", &["9.1.2", "8.2"]);
        d.clauses[1].evidence.push(Evidence {
            term: "投诉处理".into(),
            rule: "requirements-complaints".into(),
            line: 0,
            page: None,
            heading: None,
            snippet: "投诉处理程序".into(),
        });
        assert!(o.apply(&mut d));
        assert_eq!(
            listed(&d),
            [
                ("9.1".to_string(), Confidence::Confirmed),
                ("8.2.1".to_string(), Confidence::Confirmed),
                ("8.2.2".to_string(), Confidence::Confirmed)
            ]
        );
        let terms: Vec<&str> = d.clauses[1]
            .evidence
            .iter()
            .map(|e| e.term.as_str())
            .collect();
        assert_eq!(terms, ["王敏: 第5条", "投诉处理"]);
    }

    #[test]
    fn bad_files_name_the_entry() {
        let catalog = Catalog::embedded();
        let e = Overrides::parse(
            "[[override]]\ndocument = \"x.txt\"\nadd = [\"11.9\"]\nby = \"a\"\nwhy = \"b\"\n",
            "o.toml",
            &catalog,
        )
        .unwrap_err();
        assert!(
            e.to_string().contains("x.txt") && e.to_string().contains("11.9"),
            "{e}"
        );
        let e = Overrides::parse(
            "[[override]]\ndocument = \"x.txt\"\nadd = [\"9.2\"]\nby = \"\"\nwhy = \"b\"\n",
            "o.toml",
            &catalog,
        )
        .unwrap_err();
        assert!(e.to_string().contains("who decided"), "{e}");
    }
}
