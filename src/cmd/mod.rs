//! One file per command: arguments → settings → library calls → output. No domain logic here;
//! this is the only layer that prints.

mod actions;
mod audit;
mod checklist;
mod clauses;
mod map;
pub mod printer;
mod report;
mod review;
pub(crate) mod settings;
mod sync;
mod template;

use crate::Status;
use crate::cli::{Cli, Command};

/// An error with a hint line for the user (`error: …` then `hint: …`), both said in the
/// reader's language where they are catalogue messages.
#[derive(Debug)]
pub struct Hinted {
    pub message: crate::model::Text,
    pub hint: crate::model::Text,
}

impl Hinted {
    pub fn new(
        message: impl Into<crate::model::Text>,
        hint: impl Into<crate::model::Text>,
    ) -> Hinted {
        Hinted {
            message: message.into(),
            hint: hint.into(),
        }
    }
}

/// English, for the error chain; the printer says it in the reader's language.
impl std::fmt::Display for Hinted {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message.render(crate::model::Lang::En))
    }
}

impl std::error::Error for Hinted {}

pub fn dispatch(cli: Cli) -> anyhow::Result<Status> {
    match cli.command {
        Command::Clauses(a) => clauses::run(&cli.global, a),
        Command::Audit(a) => audit::run(&cli.global, a),
        Command::Report(a) => report::run(&cli.global, a),
        Command::Actions(a) => actions::run(&cli.global, a),
        Command::Review(a) => review::run(&cli.global, a),
        Command::Checklist(a) => checklist::run(&cli.global, a),
        Command::Map(a) => map::run(&cli.global, a),
        Command::Template(a) => template::run(&cli.global, a),
    }
}

/// A register error as the user sees it: its message, and its hint where it has one.
pub(crate) fn reg_err(e: crate::register::RegisterError) -> anyhow::Error {
    match e.hint_text() {
        Some(hint) => Hinted::new(e.text(), hint).into(),
        None => anyhow::Error::new(e),
    }
}
