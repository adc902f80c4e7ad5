//! The clause catalog: load and validate `clauses.toml`, look clauses up, search titles in both
//! languages, map ISO 9001:2008 references, and expand audit scopes.

mod load;
mod questions;
mod scope;

pub use load::CatalogError;
pub use questions::{EMBEDDED_QUESTIONS, Question, QuestionBank, QuestionError};
pub use scope::{ScopeError, parse_scope};

use crate::model::{Clause, ClauseId};
use crate::text::normalize_for_search;
use std::collections::BTreeMap;

/// The catalog shipped in the binary.
pub const EMBEDDED: &str = include_str!("../../checklists/iso9001-2015/clauses.toml");

/// The clauses of one edition of the standard, ordered by id.
#[derive(Debug, Clone)]
pub struct Catalog {
    pub edition: String,
    pub edition_zh: String,
    clauses: BTreeMap<ClauseId, Clause>,
}

/// An id that is well formed but not in the catalog, or not well formed at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown clause \"{text}\"")]
pub struct UnknownClause {
    pub text: String,
    /// The nearest valid ids, to offer as a hint.
    pub nearest: Vec<ClauseId>,
}

impl UnknownClause {
    pub fn hint(&self) -> String {
        if self.nearest.is_empty() {
            "run `isoaudit clauses` to list the clauses".to_string()
        } else {
            let ids: Vec<String> = self.nearest.iter().map(|c| c.to_string()).collect();
            format!(
                "did you mean {}? `isoaudit clauses` lists them all",
                ids.join(", ")
            )
        }
    }
}

/// The hint for a clause number the catalog lacks: the nearest ids, else where to look.
pub fn nearest_hint(nearest: &[ClauseId]) -> crate::model::Text {
    use crate::model::{Say, Text};
    if nearest.is_empty() {
        Text::new(Say::ClausesListHint)
    } else {
        let ids: Vec<String> = nearest.iter().map(|c| c.to_string()).collect();
        Text::new(Say::ClauseNearestHint).with("ids", ids.join(", "))
    }
}

impl Catalog {
    /// The embedded ISO 9001:2015 catalog. It is validated by the test suite, so failing here
    /// would be a build defect, not a user error.
    pub fn embedded() -> Catalog {
        Catalog::parse(EMBEDDED, "clauses.toml (embedded)")
            .expect("the embedded catalog is validated by tests")
    }

    /// Load a catalog file, or the embedded one when `path` is `None`.
    pub fn load_or_embedded(path: Option<&std::path::Path>) -> Result<Catalog, CatalogError> {
        match path {
            None => Ok(Catalog::embedded()),
            Some(p) => {
                let src = std::fs::read_to_string(p).map_err(|e| CatalogError::Io {
                    file: p.display().to_string(),
                    message: e.to_string(),
                })?;
                Catalog::parse(&src, &p.display().to_string())
            }
        }
    }

    pub fn len(&self) -> usize {
        self.clauses.len()
    }

    pub fn is_empty(&self) -> bool {
        self.clauses.is_empty()
    }

    /// Every clause in numeric order.
    pub fn iter(&self) -> impl Iterator<Item = &Clause> {
        self.clauses.values()
    }

    pub fn get(&self, id: &ClauseId) -> Option<&Clause> {
        self.clauses.get(id)
    }

    pub fn contains(&self, id: &ClauseId) -> bool {
        self.clauses.contains_key(id)
    }

    /// Look up a clause written by a user; an unknown one comes back with the nearest ids.
    pub fn resolve(&self, text: &str) -> Result<&Clause, UnknownClause> {
        text.trim()
            .parse::<ClauseId>()
            .ok()
            .and_then(|id| self.clauses.get(&id))
            .ok_or_else(|| UnknownClause {
                text: text.trim().to_string(),
                nearest: self.nearest(text),
            })
    }

    /// The direct sub-clauses of `id`.
    pub fn children<'a>(&'a self, id: &'a ClauseId) -> impl Iterator<Item = &'a Clause> + 'a {
        self.clauses
            .values()
            .filter(move |c| c.id.parent().as_ref() == Some(id))
    }

    /// True when no clause lies below `id`: the level an auditor asks questions at.
    pub fn is_leaf(&self, id: &ClauseId) -> bool {
        self.children(id).next().is_none()
    }

    /// Every clause without sub-clauses, in order.
    pub fn leaves(&self) -> impl Iterator<Item = &Clause> {
        self.clauses.values().filter(|c| self.is_leaf(&c.id))
    }

    /// Up to three valid ids nearest to an unknown one: siblings around it, else its parent
    /// and the parent's first children, else the top-level clauses.
    pub fn nearest(&self, text: &str) -> Vec<ClauseId> {
        let parts: Vec<u32> = text
            .trim()
            .split(['.', '．'])
            .filter_map(|p| p.trim().parse().ok())
            .collect();
        if parts.is_empty() {
            return Vec::new();
        }
        // Walk down the longest existing prefix.
        let mut prefix: Option<ClauseId> = None;
        for n in 1..=parts.len() {
            let s: Vec<String> = parts[..n].iter().map(|p| p.to_string()).collect();
            match s.join(".").parse::<ClauseId>() {
                Ok(id) if self.contains(&id) => prefix = Some(id),
                _ => break,
            }
        }
        let target = parts.get(prefix.as_ref().map_or(0, |p| p.depth())).copied();
        let candidates: Vec<&ClauseId> = match &prefix {
            Some(p) => self.children(p).map(|c| &c.id).collect(),
            None => self.clauses.keys().filter(|c| c.depth() == 1).collect(),
        };
        let mut scored: Vec<(u32, &ClauseId)> = candidates
            .into_iter()
            .map(|c| {
                let last = *c.parts().last().unwrap_or(&0) as u32;
                (target.map_or(last, |t| t.abs_diff(last)), c)
            })
            .collect();
        scored.sort();
        let mut out: Vec<ClauseId> = scored.into_iter().take(3).map(|(_, c)| c.clone()).collect();
        if out.is_empty()
            && let Some(p) = prefix
        {
            out.push(p);
        }
        out.sort();
        out
    }

    /// Clauses whose id or title (either language) contains `query`, synonyms folded
    /// (形成文件的信息 finds 7.5 成文信息).
    pub fn find(&self, query: &str) -> Vec<&Clause> {
        let q = normalize_for_search(query);
        if q.is_empty() {
            return Vec::new();
        }
        self.clauses
            .values()
            .filter(|c| !c.untitled || c.id.to_string().contains(&q))
            .filter(|c| {
                c.id.to_string() == q
                    || c.id.to_string().starts_with(&format!("{q}."))
                    || normalize_for_search(&c.title_en).contains(&q)
                    || normalize_for_search(&c.title_zh).contains(&q)
                    || c.search
                        .iter()
                        .any(|s| normalize_for_search(s).contains(&q))
            })
            .collect()
    }

    /// The 2015 clauses an ISO 9001:2008 clause reference correlates with. An exact reference
    /// (`4.2.3`) matches clauses that name it; a broader one (`4.2`) also matches its sub-references.
    pub fn from_2008(&self, reference: &str) -> Vec<&Clause> {
        let r = reference.trim();
        let exact: Vec<&Clause> = self
            .clauses
            .values()
            .filter(|c| c.iso9001_2008.iter().any(|x| x == r))
            .collect();
        if !exact.is_empty() {
            return exact;
        }
        let prefix = format!("{r}.");
        self.clauses
            .values()
            .filter(|c| c.iso9001_2008.iter().any(|x| x.starts_with(&prefix)))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(s: &str) -> ClauseId {
        s.parse().unwrap()
    }

    #[test]
    fn embedded_catalog_is_complete() {
        let c = Catalog::embedded();
        assert_eq!(c.len(), 91);
        assert_eq!(c.iter().filter(|c| c.id.depth() == 1).count(), 7);
        assert_eq!(c.iter().filter(|c| c.untitled).count(), 16);
        assert_eq!(c.get(&id("7.5")).unwrap().title_zh, "成文信息");
        assert_eq!(
            c.get(&id("5.3")).unwrap().title_zh,
            "组织的岗位、职责和权限"
        );
    }

    #[test]
    fn nearest_ids_for_unknown() {
        let c = Catalog::embedded();
        let e = c.resolve("7.9").unwrap_err();
        assert!(e.nearest.contains(&id("7.5")), "{:?}", e.nearest);
        let e = c.resolve("7.5.4").unwrap_err();
        assert!(e.nearest.contains(&id("7.5.3")), "{:?}", e.nearest);
        assert!(c.resolve("11").is_err());
    }

    /// What auditors type, in both languages, finds the clause they mean.
    #[test]
    fn find_knows_the_words_auditors_use() {
        let c = Catalog::embedded();
        for (q, want) in [
            ("文件控制", "7.5.3"),
            ("记录控制", "7.5.3"),
            ("不合格品", "8.7"),
            ("预防措施", "6.1"),
            ("培训", "7.2"),
            ("内审", "9.2"),
            ("供方", "8.4"),
            ("document control", "7.5.3"),
            ("Control of Records", "7.5.3"),
        ] {
            let ids: Vec<String> = c.find(q).iter().map(|c| c.id.to_string()).collect();
            assert_eq!(ids.first().map(String::as_str), Some(want), "{q}: {ids:?}");
        }
    }

    #[test]
    fn find_folds_synonyms() {
        let c = Catalog::embedded();
        let ids: Vec<String> = c
            .find("形成文件的信息")
            .iter()
            .map(|c| c.id.to_string())
            .collect();
        assert!(ids.contains(&"7.5".to_string()), "{ids:?}");
        assert!(ids.contains(&"7.5.3".to_string()), "{ids:?}");
        let ids: Vec<String> = c.find("角色").iter().map(|c| c.id.to_string()).collect();
        assert_eq!(ids, ["5.3"]);
        let ids: Vec<String> = c
            .find("internal AUDIT")
            .iter()
            .map(|c| c.id.to_string())
            .collect();
        assert_eq!(ids, ["9.2"]);
    }

    #[test]
    fn correlation_with_2008() {
        let c = Catalog::embedded();
        let ids: Vec<String> = c
            .from_2008("4.2.3")
            .iter()
            .map(|c| c.id.to_string())
            .collect();
        assert!(ids.contains(&"7.5.2".to_string()) && ids.contains(&"7.5.3".to_string()));
        let ids: Vec<String> = c
            .from_2008("8.5.2")
            .iter()
            .map(|c| c.id.to_string())
            .collect();
        assert!(ids.contains(&"10.2".to_string()), "{ids:?}");
        assert!(c.from_2008("99.1").is_empty());
    }
}
