//! `result.json`: the whole [`AuditResult`], with its `schema_version`, for the register and
//! batch commands.

use crate::model::{AuditResult, Lang};

/// The result as pretty JSON ending in a newline, every message (a diagnostic, a hint, why a
/// row or a document was not read) written out in `lang`: the file is read by people too.
/// Field order is the struct's and maps are BTreeMaps, so the same result gives the same bytes.
pub fn to_json(result: &AuditResult, lang: Lang) -> Result<String, serde_json::Error> {
    let mut r = result.clone();
    r.diagnostics = r.diagnostics.iter().map(|d| d.said(lang)).collect();
    for a in &mut r.attention {
        a.reason = a.reason.said(lang);
    }
    for u in &mut r.unreadable_documents {
        u.reason = u.reason.said(lang);
    }
    Ok(serde_json::to_string_pretty(&r)? + "\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Diagnostic, Location, Say, Text};

    #[test]
    fn round_trips_with_schema_version() {
        let r = AuditResult {
            schema_version: crate::model::RESULT_SCHEMA_VERSION,
            ..Default::default()
        };
        let s = to_json(&r, Lang::En).unwrap();
        let v: serde_json::Value = serde_json::from_str(&s).unwrap();
        assert_eq!(v["schema_version"], crate::model::RESULT_SCHEMA_VERSION);
        let back: AuditResult = serde_json::from_str(&s).unwrap();
        assert_eq!(back, r);
    }

    /// A diagnostic is written in the reader's language and reads back as that text.
    #[test]
    fn messages_are_written_in_the_readers_language() {
        let d = Diagnostic::warning(Location::audit(), Text::new(Say::NoAuditDate).with("n", 2))
            .with_hint(Text::new(Say::NoAuditDateHint));
        let r = AuditResult {
            schema_version: crate::model::RESULT_SCHEMA_VERSION,
            diagnostics: vec![d],
            ..Default::default()
        };
        let s = to_json(&r, Lang::Zh).unwrap();
        let v: serde_json::Value = serde_json::from_str(&s).unwrap();
        assert_eq!(
            v["diagnostics"][0]["message"],
            "没有审核日期：2 项审核发现没有日期，无法计算其纠正措施的完成期限"
        );
        assert!(
            v["diagnostics"][0]["hint"]
                .as_str()
                .unwrap()
                .starts_with("请用 --date")
        );
        let back: AuditResult = serde_json::from_str(&s).unwrap();
        assert_eq!(
            back.diagnostics[0].message.render(Lang::En),
            v["diagnostics"][0]["message"]
        );
    }
}
