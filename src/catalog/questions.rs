//! The audit question bank (`questions.toml`): our own questions for every auditable clause,
//! in English and Chinese, each with the evidence to sample.

use super::Catalog;
use crate::model::{ClauseId, Lang};
use serde::Deserialize;
use std::collections::BTreeSet;

/// The question bank shipped in the binary.
pub const EMBEDDED_QUESTIONS: &str = include_str!("../../checklists/iso9001-2015/questions.toml");

/// One audit question with the evidence an auditor should sample.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Question {
    /// Stable id, `Q-7.5.3.1-1`.
    pub id: String,
    pub clause: ClauseId,
    pub en: String,
    pub zh: String,
    pub evidence_en: String,
    pub evidence_zh: String,
}

impl Question {
    /// The question in `lang`.
    pub fn text(&self, lang: Lang) -> &str {
        lang.pick(&self.en, &self.zh)
    }

    /// The evidence to sample in `lang`.
    pub fn evidence(&self, lang: Lang) -> &str {
        lang.pick(&self.evidence_en, &self.evidence_zh)
    }
}

/// All questions, ordered by clause then as written in the file.
#[derive(Debug, Clone)]
pub struct QuestionBank {
    questions: Vec<Question>,
}

/// A question bank that cannot be used; the message names the file, line and question id.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QuestionError {
    #[error("{file}: line {line}: {message}")]
    Syntax {
        file: String,
        line: usize,
        message: String,
    },
    #[error("{file}: line {line}: question {id}: {message}")]
    Invalid {
        file: String,
        line: usize,
        id: String,
        message: String,
    },
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct BankFile {
    question: Vec<RawQuestion>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawQuestion {
    id: toml::Spanned<String>,
    clause: String,
    #[serde(default)]
    en: String,
    #[serde(default)]
    zh: String,
    #[serde(default)]
    evidence_en: String,
    #[serde(default)]
    evidence_zh: String,
}

impl QuestionBank {
    /// The embedded bank, validated against the embedded catalog. Tests validate it, so a
    /// failure here is a build defect, not a user error.
    pub fn embedded() -> QuestionBank {
        QuestionBank::parse(
            EMBEDDED_QUESTIONS,
            "questions.toml (embedded)",
            &Catalog::embedded(),
        )
        .expect("the embedded question bank is validated by tests")
    }

    /// Parse and validate a bank: unique ids, every clause in `catalog`, all four texts present.
    pub fn parse(src: &str, file: &str, catalog: &Catalog) -> Result<QuestionBank, QuestionError> {
        let raw: BankFile = toml::from_str(src).map_err(|e| QuestionError::Syntax {
            file: file.to_string(),
            line: e.span().map_or(0, |s| crate::text::line_at(src, s.start)),
            message: e.message().to_string(),
        })?;
        let mut seen = BTreeSet::new();
        let mut questions = Vec::with_capacity(raw.question.len());
        for r in raw.question {
            let start = r.id.span().start;
            let id = r.id.into_inner();
            let invalid = |message: String| QuestionError::Invalid {
                file: file.to_string(),
                line: crate::text::line_at(src, start),
                id: id.clone(),
                message,
            };
            if id.trim().is_empty() {
                return Err(invalid("needs a non-empty id".into()));
            }
            if !seen.insert(id.clone()) {
                return Err(invalid("appears more than once".into()));
            }
            let clause = catalog
                .resolve(&r.clause)
                .map_err(|e| invalid(format!("{e}; {}", e.hint())))?
                .id
                .clone();
            for (name, v) in [
                ("en", &r.en),
                ("zh", &r.zh),
                ("evidence_en", &r.evidence_en),
                ("evidence_zh", &r.evidence_zh),
            ] {
                if v.trim().is_empty() {
                    return Err(invalid(format!("needs a non-empty {name}")));
                }
            }
            questions.push(Question {
                id,
                clause,
                en: r.en,
                zh: r.zh,
                evidence_en: r.evidence_en,
                evidence_zh: r.evidence_zh,
            });
        }
        // Stable sort: by clause, file order within a clause.
        questions.sort_by(|a, b| a.clause.cmp(&b.clause));
        Ok(QuestionBank { questions })
    }

    /// Every question, by clause.
    pub fn iter(&self) -> impl Iterator<Item = &Question> {
        self.questions.iter()
    }

    pub fn len(&self) -> usize {
        self.questions.len()
    }

    pub fn is_empty(&self) -> bool {
        self.questions.is_empty()
    }

    /// Questions whose clause is in `scope` (an expanded scope from `parse_scope`).
    pub fn in_scope<'a>(&'a self, scope: &'a [ClauseId]) -> impl Iterator<Item = &'a Question> {
        self.questions
            .iter()
            .filter(move |q| scope.binary_search(&q.clause).is_ok())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_bank_covers_every_leaf() {
        let c = Catalog::embedded();
        let b = QuestionBank::embedded();
        for leaf in c.leaves() {
            assert!(
                b.iter().any(|q| q.clause == leaf.id),
                "no question for leaf clause {}",
                leaf.id
            );
        }
        assert!(b.len() >= c.leaves().count());
        // Chinese questions are Chinese, English ones are not.
        for q in b.iter() {
            assert!(q.zh.chars().any(crate::text::is_han), "{}", q.id);
            assert!(!q.en.chars().any(crate::text::is_han), "{}", q.id);
            // evidence_en may gloss a local term in Chinese (案卷评查), so it is not checked.
        }
    }

    #[test]
    fn errors_name_file_line_and_id() {
        let c = Catalog::embedded();
        let q = |id: &str, clause: &str| {
            format!(
                "[[question]]\nid = \"{id}\"\nclause = \"{clause}\"\nen = \"a\"\nzh = \"甲\"\nevidence_en = \"b\"\nevidence_zh = \"乙\"\n"
            )
        };
        let src = q("A", "7.5") + &q("B", "7.9");
        let e = QuestionBank::parse(&src, "q.toml", &c)
            .unwrap_err()
            .to_string();
        assert!(
            e.starts_with("q.toml: line 9: question B: unknown clause \"7.9\""),
            "{e}"
        );
        let src = q("A", "7.5") + &q("A", "7.5");
        let e = QuestionBank::parse(&src, "q.toml", &c)
            .unwrap_err()
            .to_string();
        assert_eq!(e, "q.toml: line 9: question A: appears more than once");
        let src = q("A", "7.5").replace("zh = \"甲\"", "zh = \" \"");
        let e = QuestionBank::parse(&src, "q.toml", &c)
            .unwrap_err()
            .to_string();
        assert_eq!(e, "q.toml: line 2: question A: needs a non-empty zh");
        let e = QuestionBank::parse("[[question]\n", "q.toml", &c)
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("q.toml: line 1:"), "{e}");
    }

    #[test]
    fn scope_filters() {
        let c = Catalog::embedded();
        let b = QuestionBank::embedded();
        let s = crate::catalog::parse_scope(&c, "7.5").unwrap();
        let ids: Vec<String> = b.in_scope(&s).map(|q| q.clause.to_string()).collect();
        assert_eq!(ids, ["7.5.1", "7.5.2", "7.5.3.1", "7.5.3.2"]);
    }
}
