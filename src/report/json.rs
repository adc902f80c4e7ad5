//! `result.json`: the whole [`AuditResult`], with its `schema_version`, for the register and
//! batch commands.

use crate::model::AuditResult;

/// The result as pretty JSON ending in a newline. Field order is the struct's and maps are
/// BTreeMaps, so the same result gives the same bytes.
pub fn to_json(result: &AuditResult) -> Result<String, serde_json::Error> {
    Ok(serde_json::to_string_pretty(result)? + "\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_with_schema_version() {
        let r = AuditResult {
            schema_version: crate::model::RESULT_SCHEMA_VERSION,
            ..Default::default()
        };
        let s = to_json(&r).unwrap();
        let v: serde_json::Value = serde_json::from_str(&s).unwrap();
        assert_eq!(v["schema_version"], crate::model::RESULT_SCHEMA_VERSION);
        let back: AuditResult = serde_json::from_str(&s).unwrap();
        assert_eq!(back, r);
    }
}
