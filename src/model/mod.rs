//! Domain types: pure data (serde), no I/O. Every stage of the one-way flow in DESIGN.md
//! passes these values along; only `cmd/` prints them.

mod audit;
mod checklist;
mod clause;
mod date;
mod diagnostic;
mod mapping;
mod outcome;
mod text;

pub use audit::*;
pub use checklist::*;
pub use clause::*;
pub use date::{Date, DateError};
pub use diagnostic::*;
pub use mapping::*;
pub use outcome::*;
pub use text::{Arg, Say, Text, fill};

use serde::{Deserialize, Serialize};

/// Language of every label the tool writes.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default,
)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    En,
    Zh,
}

impl Lang {
    /// Pick the English or the Chinese of a pair.
    pub fn pick<'a>(self, en: &'a str, zh: &'a str) -> &'a str {
        match self {
            Lang::En => en,
            Lang::Zh => zh,
        }
    }

    /// The key a file or a form names the language by: `en`, `zh`.
    pub fn key(self) -> &'static str {
        self.pick("en", "zh")
    }

    /// The language a key names (`en`, `zh`, spaces around ignored), if any.
    pub fn from_key(s: &str) -> Option<Lang> {
        [Lang::En, Lang::Zh]
            .into_iter()
            .find(|l| l.key() == s.trim())
    }
}
