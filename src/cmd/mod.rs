//! One file per command: arguments → settings → library calls → output. No domain logic here;
//! this is the only layer that prints.

mod actions;
mod audit;
mod checklist;
mod clauses;
mod map;
mod report;

use crate::Status;
use crate::catalog::Catalog;
use crate::cli::{Cli, Command, GlobalArgs};
use anyhow::Context;

/// An error with a hint line for the user (`error: …` then `hint: …`).
#[derive(Debug)]
pub struct Hinted {
    pub message: String,
    pub hint: String,
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
        Command::Checklist(a) => checklist::run(&cli.global, a),
        Command::Map(a) => map::run(&cli.global, a),
    }
}

/// The catalog named by `--catalog`, else the embedded one.
pub(crate) fn load_catalog(g: &GlobalArgs) -> anyhow::Result<Catalog> {
    Catalog::load_or_embedded(g.catalog.as_deref()).context("cannot load the clause catalog")
}

/// Write `s` to stdout, ignoring a closed pipe (`isoaudit … | head`).
pub(crate) fn print_out(s: &str) -> anyhow::Result<()> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    match out.write_all(s.as_bytes()).and_then(|_| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        r => r.context("cannot write to stdout"),
    }
}
