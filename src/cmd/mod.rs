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
mod serve;
mod settings;
mod sync;
mod template;
mod users;

use crate::Status;
use crate::cli::{Cli, Command};

/// An error with a hint line for the user (`error: …` then `hint: …`).
#[derive(Debug)]
pub struct Hinted {
    pub message: String,
    pub hint: String,
}

impl Hinted {
    pub fn new(message: impl Into<String>, hint: impl Into<String>) -> Hinted {
        Hinted {
            message: message.into(),
            hint: hint.into(),
        }
    }
}

impl std::fmt::Display for Hinted {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
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
        Command::Users(a) => users::run(&cli.global, a),
        Command::Serve(a) => serve::run(&cli.global, a),
    }
}

/// A register error as the user sees it: its message, and its hint where it has one.
pub(crate) fn reg_err(e: crate::register::RegisterError) -> anyhow::Error {
    match e.hint() {
        Some(hint) => Hinted {
            message: e.to_string(),
            hint,
        }
        .into(),
        None => anyhow::Error::new(e),
    }
}
