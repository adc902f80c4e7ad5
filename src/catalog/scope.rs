use super::Catalog;
use crate::model::{ClauseId, Say, Text};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("scope \"{spec}\": {message}")]
pub struct ScopeError {
    pub spec: String,
    pub message: Text,
}

impl ScopeError {
    /// The error as a catalogue message, said in the reader's language where it is printed.
    pub fn text(&self) -> Text {
        Text::new(Say::ScopeAt)
            .with("spec", &self.spec)
            .with_text("message", &self.message)
    }
}

/// Expand a scope such as `4-10`, `7.5,8.4,9.2` or `8.2-8.5` into every catalog clause it
/// covers (with their sub-clauses), sorted. An empty spec means the whole catalog.
pub fn parse_scope(catalog: &Catalog, spec: &str) -> Result<Vec<ClauseId>, ScopeError> {
    let err = |message: Text| ScopeError {
        spec: spec.to_string(),
        message,
    };
    let resolve = |t: &str| -> Result<ClauseId, ScopeError> {
        catalog.resolve(t).map(|c| c.id.clone()).map_err(|e| {
            err(Text::new(Say::PlanUnknownClause)
                .with("value", &e.text)
                .with_text("hint", &super::nearest_hint(&e.nearest)))
        })
    };
    let mut out: Vec<ClauseId> = Vec::new();
    if spec.trim().is_empty() {
        return Ok(catalog.iter().map(|c| c.id.clone()).collect());
    }
    for item in spec
        .split([',', '，', ';', ' '])
        .filter(|s| !s.trim().is_empty())
    {
        let item = item.trim();
        if let Some((a, b)) = item.split_once(['-', '~', '–']) {
            let (a, b) = (resolve(a)?, resolve(b)?);
            if b < a {
                return Err(err(Text::new(Say::ScopeBackwards).with("range", item)));
            }
            out.extend(
                catalog
                    .iter()
                    .filter(|c| c.id >= a && (c.id <= b || c.id.is_within(&b)))
                    .map(|c| c.id.clone()),
            );
        } else {
            let a = resolve(item)?;
            out.extend(
                catalog
                    .iter()
                    .filter(|c| c.id.is_within(&a))
                    .map(|c| c.id.clone()),
            );
        }
    }
    out.sort();
    out.dedup();
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scopes() {
        let c = Catalog::embedded();
        assert_eq!(parse_scope(&c, "4-10").unwrap().len(), 91);
        let s = parse_scope(&c, "7.5,8.4").unwrap();
        let ids: Vec<String> = s.iter().map(|i| i.to_string()).collect();
        assert_eq!(
            ids,
            [
                "7.5", "7.5.1", "7.5.2", "7.5.3", "7.5.3.1", "7.5.3.2", "8.4", "8.4.1", "8.4.2",
                "8.4.3"
            ]
        );
        let s = parse_scope(&c, "9.2-9.3").unwrap();
        assert_eq!(s.len(), 7);
        assert!(
            parse_scope(&c, "7.9")
                .unwrap_err()
                .to_string()
                .contains("did you mean")
        );
        assert!(parse_scope(&c, "9-4").is_err());
    }
}
