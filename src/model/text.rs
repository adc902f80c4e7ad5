//! A sentence not yet in any language: a key of the message catalogue and the values for its
//! places. Every stage carries these (diagnostics, unreadable documents) and whoever prints or
//! writes them picks the reader's language, so a Chinese report never holds an English
//! sentence made three stages earlier.
//!
//! The key type lives here, low in the crate, so that readers and assessors can name a message
//! without depending on the printer; the words of each key are in the one catalogue,
//! `src/cmd/printer/messages.rs`, which implements [`Say::words`] (the compiler refuses a key
//! without words there).

use super::Lang;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// One value for a place of a message: the same in both languages (a file name, a cell's
/// text, a number), or its English and its Chinese (a result's label, a nested message).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Arg {
    One(String),
    Two([String; 2]),
}

impl Arg {
    fn pick(&self, lang: Lang) -> &str {
        match self {
            Arg::One(s) => s,
            Arg::Two([en, zh]) => lang.pick(en, zh),
        }
    }
}

/// The English of a value (a count or a name reads the same in both).
impl fmt::Display for Arg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.pick(Lang::En))
    }
}

/// A message: its catalogue key and the values for its `{places}`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Text {
    pub key: Say,
    pub args: BTreeMap<String, Arg>,
}

/// A keyed message as `{"key", "args"}`; verbatim text (what a file is written with, see
/// [`Text::said`]) as the plain string it is.
impl Serialize for Text {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        if self.key == Say::Verbatim {
            let t = self
                .args
                .get("text")
                .map(|a| a.pick(Lang::En))
                .unwrap_or("");
            return s.serialize_str(t);
        }
        let mut st = s.serialize_struct("Text", 2)?;
        st.serialize_field("key", &self.key)?;
        if !self.args.is_empty() {
            st.serialize_field("args", &self.args)?;
        }
        st.end()
    }
}

impl Text {
    pub fn new(key: Say) -> Self {
        Text {
            key,
            args: BTreeMap::new(),
        }
    }

    /// Text that came from elsewhere (a driver's error, an older `result.json`), shown as it is.
    pub fn verbatim(s: impl Into<String>) -> Self {
        Text::new(Say::Verbatim).with("text", s.into())
    }

    /// Fill the place `{name}` with a value that reads the same in both languages.
    pub fn with(mut self, name: &str, value: impl fmt::Display) -> Self {
        self.args
            .insert(name.to_string(), Arg::One(value.to_string()));
        self
    }

    /// Fill the place `{name}` with a value that has an English and a Chinese.
    pub fn with2(mut self, name: &str, en: impl Into<String>, zh: impl Into<String>) -> Self {
        self.args
            .insert(name.to_string(), Arg::Two([en.into(), zh.into()]));
        self
    }

    /// Fill the place `{name}` with another message.
    pub fn with_text(self, name: &str, t: &Text) -> Self {
        self.with2(name, t.render(Lang::En), t.render(Lang::Zh))
    }

    /// Fill the place `{name}` with several messages, one after the other.
    pub fn with_texts(self, name: &str, ts: &[Text]) -> Self {
        let all = |lang| ts.iter().map(|t| t.render(lang)).collect::<Vec<_>>();
        self.with2(name, all(Lang::En).join("; "), all(Lang::Zh).join("；"))
    }

    /// Fill the place `{name}` with a list of short messages (`a, b` / `a、b`).
    pub fn with_list(self, name: &str, ts: &[Text]) -> Self {
        let all = |lang| ts.iter().map(|t| t.render(lang)).collect::<Vec<_>>();
        self.with2(name, all(Lang::En).join(", "), all(Lang::Zh).join("、"))
    }

    /// The message as words of `lang`: what a file written for a reader holds.
    pub fn said(&self, lang: Lang) -> Text {
        Text::verbatim(self.render(lang))
    }

    /// The message in `lang`, its places filled.
    pub fn render(&self, lang: Lang) -> String {
        fill(self.key.words(), lang, |name| {
            self.args.get(name).map(|a| a.pick(lang).to_string())
        })
    }
}

/// `pair`'s words in `lang` with each `{name}` replaced by `value(name)` (left as it is when
/// there is no value, so a missing argument shows instead of vanishing).
pub fn fill(pair: [&'static str; 2], lang: Lang, value: impl Fn(&str) -> Option<String>) -> String {
    let template = lang.pick(pair[0], pair[1]);
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}').map(|close| (&after[..close], close)) {
            // `{{` before a name is a literal brace (Word placeholders are written `{{id}}`).
            Some((name, close))
                if !name.is_empty()
                    && !name.contains(char::is_whitespace)
                    && !name.contains('{') =>
            {
                match value(name) {
                    Some(v) => out.push_str(&v),
                    None => out.push_str(&rest[open..open + close + 2]),
                }
                rest = &after[close + 1..];
            }
            _ => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// English, for logs and tests; readers get [`Text::render`] in their language.
impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(Lang::En))
    }
}

impl From<String> for Text {
    fn from(s: String) -> Self {
        Text::verbatim(s)
    }
}

impl From<&str> for Text {
    fn from(s: &str) -> Self {
        Text::verbatim(s)
    }
}

/// A `result.json` written before messages carried keys holds plain strings: they read back
/// as verbatim text.
impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        struct Keyed {
            key: Say,
            #[serde(default)]
            args: BTreeMap<String, Arg>,
        }
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Wire {
            Keyed(Keyed),
            Plain(String),
        }
        Ok(match Wire::deserialize(d)? {
            Wire::Keyed(k) => Text {
                key: k.key,
                args: k.args,
            },
            Wire::Plain(s) => Text::verbatim(s),
        })
    }
}

/// The keys of the message catalogue. The words are in `src/cmd/printer/messages.rs`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Say {
    Verbatim,
    LevelError,
    LevelWarning,
    DiagnosticLine,
    ErrorLine,
    ProgressOffices,
    WithHint,
    HintLine,
    AtSheet,
    AtSheetCell,
    AtSheetRow,
    AtCell,
    AtLine,
    AtAudit,
    FileTooLarge,
    CannotReadFile,
    CannotReadFileHint,
    NotASpreadsheet,
    NotASpreadsheetHint,
    SheetCut,
    SheetCutHint,
    CsvReadAs,
    CsvReadAsHint,
    CsvMixed,
    CsvSplitHint,
    FileTooLargeHint,
    CsvMixedHint,
    CsvReplaced,
    CsvCannotSplit,
    CsvTooManyCells,
    CsvTooManyRows,
    CsvPastColumn,
    CsvRunOn,
    CsvRunOnUnclosed,
    BlankTemplate,
    BlankTemplateHint,
    EmptyChecklist,
    EmptyChecklistHint,
    NoHeader,
    NoHeaderSheets,
    NoHeaderEncoding,
    NoHeaderUndecoded,
    NoHeaderHint,
    MoreProblems,
    MoreProblemsHint,
    RowNoClause,
    RowNoClauseHint,
    UnknownResult,
    UnknownResultHint,
    NoStatement,
    NoStatementHint,
    NoEvidence,
    NoEvidenceHint,
    SameQuestion,
    SameQuestionHint,
    NotADate,
    NotADateHint,
    ClauseUnknown,
    ClauseUnknownHint,
    ClauseNearestHint,
    ClausesListHint,
    ClausesOutsideCatalog,
    ClausesOutsideCatalogHint,
    ClauseExcluded,
    ClauseOutsideScope,
    ClauseOutsideScopeHint,
    NoAuditDate,
    NoAuditDateHint,
    NoAuditId,
    NoAuditIdHint,
    NoOfficeCode,
    NoOfficeCodeHint,
    ScopeUnreadable,
    ScopeUnreadableHint,
    RowNoClauseNotAssessed,
    RowNoClauseNotAssessedHint,
    UnknownClauseNotAssessed,
    ProceduresNotFound,
    ProceduresNotFoundHint,
    NoChecklistHere,
    NoChecklistHereHint,
    NoChecklistsNamed,
    NoChecklistsNamedHint,
    LabelsCountedAfresh,
    OverridesBrokenHint,
    OverrideNoDocument,
    OvNotToml,
    OvUnknownClause,
    OvWhoWhy,
    OvTwice,
    Unreadable,
    UnreadableHint,
    NotMapped,
    MapperCrashed,
    NotReadDoc,
    NotReadWps,
    NotReadRtf,
    NotReadPresentation,
    NotReadImage,
    NotReadNoExtension,
    NotReadFormat,
    NotReadSymlink,
    EmptyFile,
    EmptyDocument,
    EmptyPage,
    EmptyWorkbook,
    CannotBeRead,
    ReaderCrashed,
    EncryptedWorkbook,
    EncryptedPdf,
    DamagedWorkbook,
    DamagedWord,
    DamagedWordNoMain,
    DamagedOdt,
    DamagedPdf,
    NoPdfHeader,
    PartMissing,
    NoPdfPages,
    PdfNoText,
    PdfNoUsableText,
    TextReplaced,
    NotCsvReadAsText,
    SheetUnreadable,
    SheetPartlyRead,
    XmlErrorLost,
    XmlError,
    TextCutOff,
    PdfPagesCut,
    PdfPageNoText,
    PdfPartsNoText,
    IndicatorsNoHeader,
    IndicatorsNoHeaderHint,
    IndicatorNoName,
    IndicatorNoNameHint,
    IndicatorValueNaN,
    IndicatorValueNaNHint,
    IndicatorTargetNaN,
    IndicatorTargetNaNHint,
    IndicatorsUnreadable,
    IndicatorsUnreadableHint,
    ResultCannotRead,
    ResultNotJson,
    ResultGiveHint,
    ResultSchema,
    ResultSchemaHint,
    ResultNoSchema,
    ResultLayout,
    ResultLayoutHint,
    ResultNoIds,
    ResultNoIdsHint,
    ResultDuplicates,
    ResultDuplicatesHint,
    ResultSecond,
    ResultSecondHint,
    ResultNoKeys,
    ResultNoKeysHint,
    FindingNoDate,
    FindingNoDateHint,
    FindingBadGrade,
    FindingNotSynced,
    FindingNotSyncedHint,
    FindingOtherAudit,
    FindingOtherClause,
    TheRegister,
    TheResult,
    TheIndicators,
    AChecklist,
    ThisFormat,
    AFolderOfReports,
    KindFifo,
    KindDevice,
    KindSocket,
    KindSymlink,
    KindFolder,
    KindSpecialFile,
    DueSetByHand,
    NoSuchAction,
    NoSuchActionHint,
    ProgrammeAuditNoDate,
    ProgrammeAuditNoDateHint,
    ProgrammeResultsMissing,
    ProgrammeNoResults,
    ProgrammeResultsHint,
    ProgrammeResultVersion,
    ProgrammeResultVersionHint,
    ProgrammeNotAResult,
    ProgrammeNotAResultHint,
    ProgrammeHistoryPlanHint,
    ProgrammeNoAuditor,
    ProgrammeNoAuditorHint,
    ProgrammeUnlistedDepartment,
    ProgrammeUnlistedDepartmentHint,
    TrackerCannotOpen,
    TrackerGiveHint,
    TrackerNoSheet,
    TrackerNoSheetHint,
    TrackerNoColumn,
    TrackerNoColumnHint,
    TrackerFormula,
    TrackerFormulaHint,
    TrackerErrorValue,
    TrackerDuration,
    TrackerUnknownValue,
    TrackerPlainTextHint,
    TrackerIdChanged,
    TrackerRowNotExported,
    TrackerTamperedHint,
    TrackerNoId,
    TrackerNoIdHint,
    TrackerRevision,
    TrackerRevisionHint,
    TrackerNoStatus,
    TrackerStatusHint,
    TrackerRowDeleted,
    TrackerRowDeletedHint,
    WorkbookEmpty,
    WorkbookEmptyHint,
    WorkbookEncrypted,
    WorkbookEncryptedHint,
    WorkbookNotSpreadsheet,
    WorkbookResaveHint,
    WorkbookCorrupt,
    WorkbookNotReadable,
    WorkbookCannotOpen,
    NoVisibleSheet,
    WorkbookIsWord,
    ZipNotValid,
    ZipPartTooBig,
    ZipTooBig,
    ZipPartDamaged,
    ZipEncrypted,
    ZipPartInflates,
    ZipInflates,
    ZipIndexDamaged,
    OleLoops,
    FileTooLargeLimit,
    KindWord,
    KindOpenDocument,
    KindWorkbook,
    KindTemplate,
    OutExists,
    OutExistsHint,
    OutNotRegular,
    OutStdout,
    OutStdoutHint,
    OutIsInput,
    OutChooseAnother,
    OutBusy,
    OutBusyHint,
    OutIo,
    OutChooseFolder,
    OutReportsExist,
    OutReportsExistHint,
    NotAFolder,
    NoSuchFolderOrFile,
    OfficeFolderHint,
    PlanHint,
    TplUnknown,
    TplUnclosed,
    TplUnknownList,
    TplBroken,
    TplAt,
    TplHint,
    PlanAt,
    PlanUnknownClause,
    PlanEmptyId,
    PlanNotADate,
    PlanEndBeforeStart,
    PlanNeedsJustification,
    PlanBadCode,
    PlanCodeTwice,
    PlanNoOffice,
    PlanLang,
    PlanFormat,
    PlanFailOn,
    ProgrammeMonths,
    ProgrammeNoStart,
    ProgrammeDepth,
    ProgrammeNoClauseLeft,
    ProgrammeBadPrefix,
    ProgrammeBadCode,
    ProgrammeDepartmentNoName,
    ProgrammeDepartmentTwice,
    ProgrammeNoDepartments,
    ProgrammeNoOffice,
    ProgrammeUnknownOffice,
    ProgrammeUnknownDepartment,
    ProgrammeMayNotAuditForms,
    TheProgramme,
    ProgrammeTplHint,
    ProgrammeUnknownKey,
    ProgrammeMissingKey,
    ProgrammeNotRead,
    ScopeAt,
    ScopeBackwards,
    ScopeHint,
    ScopeNewHint,
    DaysOrOff,
    DaysOrOffHint,
    DaysTooMany,
    DaysTooManyHint,
    StatusHint,
    ClauseFlagHint,
    NothingToUpdate,
    NothingToUpdateHint,
    WritableHint,
    No2008Clause,
    No2008ClauseHint,
    NoClauseMatches,
    NoClauseMatchesHint,
    ProceduresFolderHint,
    XlsxNeedsOutput,
    XlsxNeedsOutputHint,
    PeriodBackwards,
    PeriodBackwardsHint,
    PreviousBackwards,
    PreviousBackwardsHint,
    RegNewerSchema,
    RegNewerSchemaHint,
    RegMissing,
    RegMissingHint,
    RegNotFound,
    RegNotFoundHint,
    RegAmbiguous,
    RegAmbiguousHint,
    RegIllegal,
    RegIllegalHint,
    RegStale,
    RegStaleHint,
    RegPasswordShort,
    RegPasswordShortHint,
    PgPassOpen,
    PgPassOpenHint,
    UnknownStatus,
    VerbUpdate,
    VerbPlan,
    VerbImplement,
    VerbVerify,
    VerbClose,
    VerbCancel,
    VerbReopen,
    IllClosed,
    IllCancelled,
    IllKeepPlan,
    IllPlanFirst,
    IllMissing,
    IllImplementedOn,
    IllNotImplemented,
    IllVerified,
    IllNoMethod,
    IllNoDue,
    IllNoVerification,
    IllNothingDone,
    IllNoReason,
    FieldCorrection,
    FieldRootCause,
    FieldAction,
    VerbEmptyPlan,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Places are filled in the reader's language; a place without a value and a Word
    /// placeholder's double braces are left as written.
    #[test]
    fn places_fill_in_the_readers_language() {
        let t = Text::new(Say::NoStatement).with2("result", "minor NC", "一般不符合");
        assert_eq!(t.render(Lang::En), "minor NC without a finding statement");
        assert_eq!(t.render(Lang::Zh), "一般不符合没有不符合事实描述");
        let pair = ["{a} and {b} in {{id}}", "{a}"];
        let got = fill(pair, Lang::En, |n| (n == "a").then(|| "x".to_string()));
        assert_eq!(got, "x and {b} in {{id}}");
        assert_eq!(
            Text::new(Say::ProgressOffices).render(Lang::Zh),
            "{spinner} 单位 {pos}/{len} {wide_bar} {msg}"
        );
    }

    /// A keyed message round-trips through JSON; verbatim text is a plain string, and a plain
    /// string (an older result.json) reads back as verbatim text.
    #[test]
    fn serialises_keyed_and_reads_plain_strings() {
        let t = Text::new(Say::UnknownResult).with("value", "合格?");
        let j = serde_json::to_string(&t).unwrap();
        assert_eq!(j, r#"{"key":"unknown_result","args":{"value":"合格?"}}"#);
        assert_eq!(serde_json::from_str::<Text>(&j).unwrap(), t);
        let v = Text::verbatim("as it was");
        assert_eq!(serde_json::to_string(&v).unwrap(), r#""as it was""#);
        assert_eq!(serde_json::from_str::<Text>(r#""as it was""#).unwrap(), v);
    }
}
