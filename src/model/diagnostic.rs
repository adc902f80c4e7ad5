use super::{Lang, Say, Text};
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
    /// What the file name of a diagnostic about the audit as a whole (no date, no id) says.
    pub const AUDIT: &'static str = "(audit)";

    /// What the file name of a diagnostic about the register (a server's or a file's, not
    /// named: its URL may hold a password) says.
    pub const REGISTER: &'static str = "register";

    /// The place of a diagnostic about the audit as a whole.
    pub fn audit() -> Self {
        Location::file(Self::AUDIT)
    }

    pub fn file(file: impl Into<String>) -> Self {
        Location {
            file: file.into(),
            ..Default::default()
        }
    }
}

impl Location {
    /// The file as a reader sees it: its name, or "(audit)" in `lang` for the audit as a whole,
    /// "the register" for the register.
    pub fn file_label(&self, lang: Lang) -> String {
        if self.file == Self::AUDIT {
            Text::new(Say::AtAudit).render(lang)
        } else if self.file == Self::REGISTER {
            Text::new(Say::TheRegister).render(lang)
        } else {
            self.file.clone()
        }
    }

    /// `内审检查表.xlsx：工作表 检查表，单元格 E14` in `lang`.
    pub fn render(&self, lang: Lang) -> String {
        let at = match (&self.sheet, &self.cell, self.line) {
            (Some(s), Some(c), _) => Text::new(Say::AtSheetCell).with("sheet", s).with("cell", c),
            (Some(s), None, Some(l)) => Text::new(Say::AtSheetRow).with("sheet", s).with("row", l),
            (Some(s), None, None) => Text::new(Say::AtSheet).with("sheet", s),
            (None, Some(c), _) => Text::new(Say::AtCell).with("cell", c),
            (None, None, Some(l)) => Text::new(Say::AtLine).with("line", l),
            (None, None, None) => Text::new(Say::Verbatim).with("text", ""),
        };
        format!("{}{}", self.file_label(lang), at.render(lang))
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(Lang::En))
    }
}

/// A problem found in one input. The run goes on; the exit code remembers errors.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Diagnostic {
    pub severity: Severity,
    pub location: Location,
    pub message: Text,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hint: Option<Text>,
}

impl Diagnostic {
    pub fn error(location: Location, message: impl Into<Text>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            location,
            message: message.into(),
            hint: None,
        }
    }

    pub fn warning(location: Location, message: impl Into<Text>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            location,
            message: message.into(),
            hint: None,
        }
    }

    pub fn with_hint(mut self, hint: impl Into<Text>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl Diagnostic {
    /// `错误：内审检查表.xlsx：工作表 检查表，单元格 E14：未知的结论“合格?”` and, where there is
    /// one, a second line `提示：…`, in `lang`.
    pub fn render(&self, lang: Lang) -> String {
        let level = match self.severity {
            Severity::Error => Say::LevelError,
            Severity::Warning => Say::LevelWarning,
        };
        let mut s = Text::new(Say::DiagnosticLine)
            .with_text("level", &Text::new(level))
            .with("location", self.location.render(lang))
            .with("message", self.message.render(lang))
            .render(lang);
        if let Some(h) = &self.hint {
            s.push('\n');
            s.push_str(
                &Text::new(Say::HintLine)
                    .with("hint", h.render(lang))
                    .render(lang),
            );
        }
        s
    }

    /// The diagnostic with its message and hint as words of `lang`, for a file people read.
    pub fn said(&self, lang: Lang) -> Diagnostic {
        Diagnostic {
            message: self.message.said(lang),
            hint: self.hint.as_ref().map(|h| h.said(lang)),
            ..self.clone()
        }
    }

    /// The message and its hint on one line, for a table cell: `message (hint)`.
    pub fn message_and_hint(&self, lang: Lang) -> String {
        match &self.hint {
            Some(h) => Text::new(Say::WithHint)
                .with_text("message", &self.message)
                .with_text("hint", h)
                .render(lang),
            None => self.message.render(lang),
        }
    }
}

/// English, for logs and tests; readers get [`Diagnostic::render`] in their language.
impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(Lang::En))
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

    /// The same diagnostic in Chinese: level, place, message and hint all in the reader's
    /// language, the values (file, sheet, cell, the cell's text) as they were.
    #[test]
    fn renders_in_the_readers_language() {
        let d = Diagnostic::error(
            Location {
                file: "内审检查表.xlsx".into(),
                sheet: Some("检查表".into()),
                cell: Some("E14".into()),
                line: Some(14),
            },
            Text::new(Say::UnknownResult).with("value", "合格?"),
        )
        .with_hint(Text::new(Say::UnknownResultHint));
        let zh = d.render(Lang::Zh);
        assert!(
            zh.starts_with("错误：内审检查表.xlsx：工作表 检查表，单元格 E14：无法识别的结论“合格?”\n提示：请使用以下之一：符合"),
            "{zh}"
        );
        assert!(
            d.render(Lang::En)
                .starts_with("error: 内审检查表.xlsx: sheet 检查表, cell E14: unknown result \"合格?\"\nhint: use one of")
        );
        let at = Location {
            file: "a.csv".into(),
            line: Some(3),
            ..Default::default()
        };
        assert_eq!(at.render(Lang::Zh), "a.csv：第 3 行");
        assert_eq!(Location::audit().render(Lang::Zh), "（审核）");
    }
}
