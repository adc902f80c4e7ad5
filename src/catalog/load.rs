use super::Catalog;
use crate::model::{Clause, ClauseId};
use crate::text::line_at;
use serde::Deserialize;
use std::collections::BTreeMap;

/// A catalog file that cannot be used; messages name the file, line and clause id.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CatalogError {
    #[error("{file}: {message}")]
    Io { file: String, message: String },
    #[error("{file}: line {line}: {message}")]
    Syntax {
        file: String,
        line: usize,
        message: String,
    },
    #[error("{file}: line {line}: clause {id}: {message}")]
    Invalid {
        file: String,
        line: usize,
        id: String,
        message: String,
    },
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CatalogFile {
    #[serde(default)]
    edition: String,
    #[serde(default)]
    edition_zh: String,
    clause: Vec<RawClause>,
}

/// Ids are read as strings first so a bad id is reported with its line, not as a parse error.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawClause {
    id: toml::Spanned<String>,
    #[serde(default)]
    title_en: String,
    #[serde(default)]
    title_zh: String,
    #[serde(default)]
    untitled: bool,
    #[serde(default)]
    search: Vec<String>,
    #[serde(default)]
    iso9001_2008: Vec<String>,
    #[serde(default)]
    documented_information: Vec<crate::model::DocumentedInfo>,
    note_en: Option<String>,
    note_zh: Option<String>,
}

impl Catalog {
    /// Parse and validate a catalog: unique ids, every parent present, titles in both languages.
    pub fn parse(src: &str, file: &str) -> Result<Catalog, CatalogError> {
        let raw: CatalogFile = toml::from_str(src).map_err(|e| CatalogError::Syntax {
            file: file.to_string(),
            line: e.span().map_or(0, |s| line_at(src, s.start)),
            message: e.message().to_string(),
        })?;
        let mut clauses = BTreeMap::new();
        // Where each clause's id is written, for an error found after all are read.
        let mut at: BTreeMap<ClauseId, usize> = BTreeMap::new();
        for r in raw.clause {
            let start = r.id.span().start;
            let raw_id = r.id.into_inner();
            let invalid = |message: String| CatalogError::Invalid {
                file: file.to_string(),
                line: line_at(src, start),
                id: raw_id.clone(),
                message,
            };
            let id: ClauseId = raw_id.parse().map_err(|e| invalid(format!("{e}")))?;
            if r.title_en.trim().is_empty() || r.title_zh.trim().is_empty() {
                return Err(invalid(
                    "needs a non-empty title_en and title_zh".to_string(),
                ));
            }
            let clause = Clause {
                id: id.clone(),
                title_en: r.title_en,
                title_zh: r.title_zh,
                untitled: r.untitled,
                search: r.search,
                iso9001_2008: r.iso9001_2008,
                documented_information: r.documented_information,
                note_en: r.note_en,
                note_zh: r.note_zh,
            };
            if clauses.insert(id.clone(), clause).is_some() {
                return Err(invalid("appears more than once".to_string()));
            }
            at.insert(id, start);
        }
        if clauses.is_empty() {
            return Err(CatalogError::Syntax {
                file: file.to_string(),
                line: 1,
                message: "no [[clause]] entries".to_string(),
            });
        }
        // An untitled paragraph correlates with the 2008 clauses its parent does, as it takes the
        // parent's titles: 6.1.1 and 6.1.2 say what 6.1 says.
        let ids: Vec<ClauseId> = clauses.keys().cloned().collect();
        for id in &ids {
            let inherit = match (clauses.get(id), id.parent()) {
                (Some(c), Some(p)) if c.untitled && c.iso9001_2008.is_empty() => {
                    clauses.get(&p).map(|p| p.iso9001_2008.clone())
                }
                _ => None,
            };
            if let (Some(v), Some(c)) = (inherit, clauses.get_mut(id)) {
                c.iso9001_2008 = v;
            }
        }
        for id in clauses.keys() {
            if let Some(p) = id.parent()
                && !clauses.contains_key(&p)
            {
                return Err(CatalogError::Invalid {
                    file: file.to_string(),
                    line: at.get(id).map_or(0, |&s| line_at(src, s)),
                    id: id.to_string(),
                    message: format!("its parent clause {p} is missing"),
                });
            }
        }
        Ok(Catalog {
            edition: raw.edition,
            edition_zh: raw.edition_zh,
            clauses,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_name_line_and_id() {
        let src = "[[clause]]\nid = \"4\"\ntitle_en = \"A\"\ntitle_zh = \"甲\"\n\n[[clause]]\nid = \"4\"\ntitle_en = \"B\"\ntitle_zh = \"乙\"\n";
        let e = Catalog::parse(src, "c.toml").unwrap_err().to_string();
        assert_eq!(e, "c.toml: line 7: clause 4: appears more than once");

        let src = "[[clause]]\nid = \"4.1\"\ntitle_en = \"A\"\ntitle_zh = \"甲\"\n";
        let e = Catalog::parse(src, "c.toml").unwrap_err().to_string();
        assert_eq!(
            e,
            "c.toml: line 2: clause 4.1: its parent clause 4 is missing"
        );

        let src = "[[clause]]\nid = \"4\"\ntitle_en = \"A\"\ntitle_zh = \"\"\n";
        let e = Catalog::parse(src, "c.toml").unwrap_err().to_string();
        assert!(e.contains("line 2: clause 4: needs a non-empty"), "{e}");

        let src = "[[clause]]\nid = \"4.x\"\ntitle_en = \"A\"\ntitle_zh = \"甲\"\n";
        let e = Catalog::parse(src, "c.toml").unwrap_err().to_string();
        assert!(e.starts_with("c.toml: line 2: clause 4.x:"), "{e}");

        let e = Catalog::parse("[[clause]\n", "c.toml")
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("c.toml: line 1:"), "{e}");
    }
}
