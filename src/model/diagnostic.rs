use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// Where something was read from: file, and where known sheet and cell (A1) or line.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default)]
pub struct Location {
    pub file: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sheet: Option<String>,
    /// 1-based row (spreadsheets) or line (text). Declared before `cell` so that derived
    /// ordering sorts diagnostics by row (A5 after D3).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
    /// A1-style cell reference, such as `E14`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cell: Option<String>,
}

impl Location {
    pub fn file(file: impl Into<String>) -> Self {
        Location {
            file: file.into(),
            ..Default::default()
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.file)?;
        if let Some(s) = &self.sheet {
            write!(f, ": sheet {s}")?;
        }
        match (&self.cell, self.line) {
            (Some(c), _) => write!(f, ", cell {c}")?,
            (None, Some(l)) if self.sheet.is_some() => write!(f, ", row {l}")?,
            (None, Some(l)) => write!(f, ": line {l}")?,
            _ => {}
        }
        Ok(())
    }
}

/// A problem found in one input. The run goes on; the exit code remembers errors.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Diagnostic {
    pub severity: Severity,
    pub location: Location,
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
}

impl Diagnostic {
    pub fn error(location: Location, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            location,
            message: message.into(),
            hint: None,
        }
    }

    pub fn warning(location: Location, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            location,
            message: message.into(),
            hint: None,
        }
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// `error: 内审检查表.xlsx: sheet 检查表, cell E14: unknown result "合格?"` then `hint: …`.
impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{level}: {}: {}", self.location, self.message)?;
        if let Some(h) = &self.hint {
            write!(f, "\nhint: {h}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_in_the_house_style() {
        let d = Diagnostic::error(
            Location {
                file: "内审检查表.xlsx".into(),
                sheet: Some("检查表".into()),
                cell: Some("E14".into()),
                line: Some(14),
            },
            "unknown result \"合格?\"",
        )
        .with_hint("use one of …");
        assert_eq!(
            d.to_string(),
            "error: 内审检查表.xlsx: sheet 检查表, cell E14: unknown result \"合格?\"\nhint: use one of …"
        );
        let t = Diagnostic::warning(
            Location {
                file: "a.txt".into(),
                line: Some(3),
                ..Default::default()
            },
            "x",
        );
        assert_eq!(t.to_string(), "warning: a.txt: line 3: x");
    }
}
