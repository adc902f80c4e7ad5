//! One file per command: arguments → settings → library calls → output. No domain logic here;
//! this is the only layer that prints.

mod actions;
mod audit;
mod checklist;
mod clauses;
mod independence;
mod map;
pub mod printer;
mod programme;
mod report;
mod review;
mod serve;
pub(crate) mod settings;
mod sync;
mod template;
mod users;

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
        Command::Programme(a) => programme::run(&cli.global, a),
        Command::Checklist(a) => checklist::run(&cli.global, a),
        Command::Map(a) => map::run(&cli.global, a),
        Command::Template(a) => template::run(&cli.global, a),
        Command::Users(a) => users::run(&cli.global, a),
        Command::Serve(a) => serve::run(&cli.global, a),
    }
}

/// An output that cannot be written (refused, locked, unwritable), said in the reader's
/// language where it is printed, with its hint or else "choose another -o folder".
pub(crate) fn output_err(e: crate::output::OutputError) -> Hinted {
    let hint = e
        .hint_text()
        .unwrap_or_else(|| crate::model::Text::new(crate::model::Say::OutChooseFolder));
    Hinted::new(e.text(), hint)
}

/// A register error as the user sees it: its message, and its hint where it has one.
pub(crate) fn reg_err(e: crate::register::RegisterError) -> anyhow::Error {
    match e.hint_text() {
        Some(hint) => Hinted::new(e.text(), hint).into(),
        None => anyhow::Error::new(e),
    }
}

/// [`reg_err`] with what a PostgreSQL register's server said in the user's language: every
/// command that opens or uses the register reports its errors through here.
pub(crate) fn reg_err_in(
    e: crate::register::RegisterError,
    lang: crate::model::Lang,
) -> anyhow::Error {
    use crate::register::{RegisterError, ServerProblem};
    let RegisterError::Server {
        target,
        problem,
        detail,
    } = &e
    else {
        return reg_err(e);
    };
    let (msg, hint) = match problem {
        ServerProblem::Unreachable => (printer::M.pg_unreachable, printer::M.pg_unreachable_hint),
        ServerProblem::Auth => (printer::M.pg_auth, printer::M.pg_auth_hint),
        ServerProblem::NoDatabase => (printer::M.pg_no_database, printer::M.pg_no_database_hint),
        ServerProblem::Foreign => (printer::M.pg_foreign, printer::M.pg_foreign_hint),
        ServerProblem::BadUrl => (printer::M.pg_bad_url, printer::M.pg_bad_url_hint),
        ServerProblem::Busy => (printer::M.pg_busy, printer::M.pg_busy_hint),
        ServerProblem::Failed => (printer::M.pg_failed, printer::M.pg_failed_hint),
        ServerProblem::TlsRefused => (printer::M.pg_tls_refused, printer::M.pg_tls_refused_hint),
        ServerProblem::TlsUntrusted => (
            printer::M.pg_tls_untrusted,
            printer::M.pg_tls_untrusted_hint,
        ),
        ServerProblem::TlsWrongHost => (printer::M.pg_tls_host, printer::M.pg_tls_host_hint),
        ServerProblem::TlsRootCert => (printer::M.pg_tls_root, printer::M.pg_tls_root_hint),
        ServerProblem::TlsFailed => (printer::M.pg_tls_failed, printer::M.pg_tls_failed_hint),
    };
    let detail = match (detail.is_empty(), lang) {
        (true, _) => String::new(),
        (false, crate::model::Lang::Zh) => format!("（{detail}）"),
        (false, _) => format!(" ({detail})"),
    };
    Hinted {
        message: printer::say(msg, lang, &[("target", target), ("detail", &detail)]).into(),
        hint: printer::say(hint, lang, &[]).into(),
    }
    .into()
}
