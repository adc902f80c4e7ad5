use serde::{Deserialize, Serialize};
use std::fmt;

/// The result of one checklist row: the vocabulary table of DESIGN.md.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Conform,
    Minor,
    Major,
    Observation,
    Ofi,
    NotApplicable,
    NotAudited,
}

impl Outcome {
    pub const ALL: [Outcome; 7] = [
        Outcome::Conform,
        Outcome::Minor,
        Outcome::Major,
        Outcome::Observation,
        Outcome::Ofi,
        Outcome::NotApplicable,
        Outcome::NotAudited,
    ];

    /// The word a report uses.
    pub fn label(self, lang: super::Lang) -> &'static str {
        use Outcome::*;
        match (self, lang) {
            (Conform, super::Lang::En) => "conform",
            (Minor, super::Lang::En) => "minor NC",
            (Major, super::Lang::En) => "major NC",
            (Observation, super::Lang::En) => "observation",
            (Ofi, super::Lang::En) => "OFI",
            (NotApplicable, super::Lang::En) => "N/A",
            (NotAudited, super::Lang::En) => "not audited",
            (Conform, super::Lang::Zh) => "符合",
            (Minor, super::Lang::Zh) => "一般不符合",
            (Major, super::Lang::Zh) => "严重不符合",
            (Observation, super::Lang::Zh) => "观察项",
            (Ofi, super::Lang::Zh) => "改进机会",
            (NotApplicable, super::Lang::Zh) => "不适用",
            (NotAudited, super::Lang::Zh) => "未审核",
        }
    }

    /// A nonconformity (minor or major).
    pub fn is_nonconformity(self) -> bool {
        matches!(self, Outcome::Minor | Outcome::Major)
    }

    /// Audited and judged (conform or a finding), as opposed to N/A or not audited.
    pub fn is_audited(self) -> bool {
        !matches!(self, Outcome::NotApplicable | Outcome::NotAudited)
    }

    /// Stable machine name, as in JSON.
    pub fn key(self) -> &'static str {
        use Outcome::*;
        match self {
            Conform => "conform",
            Minor => "minor",
            Major => "major",
            Observation => "observation",
            Ofi => "ofi",
            NotApplicable => "not_applicable",
            NotAudited => "not_audited",
        }
    }
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}
