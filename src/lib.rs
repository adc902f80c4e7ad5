//! isoaudit: ISO 9001:2015 (GB/T 19001-2016) internal audits, from checklist to verified
//! corrective action. The library knows nothing of the terminal; `cmd/` prints.
//!
//! Data flows one way (see DESIGN.md): ingest/scan → mapping → assess → report/register.

pub mod assess;
pub mod batch;
pub mod catalog;
pub mod cli;
pub mod cli_zh;
pub mod cli_zh_errors;
pub mod cmd;
pub mod ingest;
pub mod mapping;
pub mod model;
pub mod office;
pub mod output;
pub mod pipeline;
pub mod plan;
pub mod programme;
pub mod register;
pub mod report;
pub mod review;
pub mod scan;
pub mod serve;
pub mod text;
pub mod xlsx;

/// Seeded pseudo-random numbers for the tests that compare a fast path with a reference on
/// many generated inputs (the same inputs on every run).
#[cfg(test)]
pub(crate) struct TestRng(u64);

#[cfg(test)]
impl TestRng {
    pub(crate) fn new(seed: u64) -> Self {
        TestRng(seed)
    }

    /// A number below `n` (a 64-bit LCG, its high bits).
    pub(crate) fn below(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) as usize % n
    }
}

use std::ffi::OsString;
use std::process::ExitCode;

/// How a command ended, beyond "it failed to run at all".
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Status {
    /// Everything read and done.
    Clean,
    /// Done, but the `--fail-on` gate found findings at or above its level.
    GateTripped,
    /// Done for what could be read; some inputs had errors (reported).
    HadErrors,
}

impl Status {
    pub fn exit_code(self) -> ExitCode {
        match self {
            Status::Clean => ExitCode::SUCCESS,
            Status::GateTripped => ExitCode::from(1),
            Status::HadErrors => ExitCode::from(2),
        }
    }
}

/// A third-party parser that panics on a bad file is caught and the file reported as unreadable;
/// its panic message would only be noise. A panic in isoaudit's own code is a bug and is printed
/// as usual. Told apart by where the panic was raised: our sources are compiled from `src/`.
fn quiet_third_party_panics() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if info.location().is_some_and(|l| is_own_source(l.file())) {
            default(info);
        }
    }));
}

fn is_own_source(file: &str) -> bool {
    file.starts_with("src/") || file.starts_with("src\\")
}

/// Run the command line `args` (program name first) and return the process exit code.
pub fn run<I, T>(args: I) -> ExitCode
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let args: Vec<OsString> = args.into_iter().map(Into::into).collect();
    let cli = match parse(&args) {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return match e.kind() {
                clap::error::ErrorKind::DisplayHelp | clap::error::ErrorKind::DisplayVersion => {
                    ExitCode::SUCCESS
                }
                _ => ExitCode::from(2),
            };
        }
    };
    quiet_third_party_panics();
    // The language of the flag or the locale: a plan's may not have been read.
    let lang = cmd::settings::lang(&cli.global, None);
    register::pgpass::on_warning(|d| {
        cmd::printer::diagnostics([d], cmd::settings::resolved_lang(model::Lang::En))
    });
    match cmd::dispatch(cli) {
        Ok(status) => status.exit_code(),
        Err(e) => {
            cmd::printer::error(&e, cmd::settings::resolved_lang(lang));
            ExitCode::from(2)
        }
    }
}

/// The command line parsed by the command of the help's language, so help, usage, headings
/// and the messages of a wrong command line are in the reader's language while what is parsed
/// stays the same.
fn parse(args: &[OsString]) -> Result<cli::Cli, ParseError> {
    use clap::{CommandFactory, FromArgMatches};
    match help_lang(args) {
        model::Lang::Zh => {
            let mut cmd = cli_zh::localize(cli::Cli::command());
            let mut matches = cmd
                .try_get_matches_from_mut(args)
                .map_err(|e| ParseError::Zh(e.apply()))?;
            cli::Cli::from_arg_matches_mut(&mut matches)
                .map_err(|e| ParseError::Zh(cli_zh_errors::from_derive(e, &mut cmd)))
        }
        model::Lang::En => {
            let mut cmd = cli::Cli::command();
            let mut matches = cmd.try_get_matches_from_mut(args).map_err(ParseError::En)?;
            cli::Cli::from_arg_matches_mut(&mut matches)
                .map_err(|e| ParseError::En(e.format(&mut cmd)))
        }
    }
}

/// clap's error (or help, or version) in the language it was parsed in.
enum ParseError {
    En(clap::Error),
    Zh(clap::error::Error<cli_zh_errors::Chinese>),
}

impl ParseError {
    fn kind(&self) -> clap::error::ErrorKind {
        match self {
            ParseError::En(e) => e.kind(),
            ParseError::Zh(e) => e.kind(),
        }
    }

    fn print(&self) -> std::io::Result<()> {
        match self {
            ParseError::En(e) => e.print(),
            ParseError::Zh(e) => e.print(),
        }
    }
}

/// The language of the help, decided before parsing (a help request ends parsing early):
/// the last `--lang` before `--`, else the locale.
fn help_lang(args: &[OsString]) -> model::Lang {
    let mut said = Vec::new();
    let mut it = args.iter().skip(1).map(|a| a.to_str().unwrap_or(""));
    while let Some(a) = it.next() {
        match a {
            "--" => break,
            "--lang" => said.push(it.next().unwrap_or("")),
            _ => {
                if let Some(v) = a.strip_prefix("--lang=") {
                    said.push(v);
                }
            }
        }
    }
    // The last one said wins, as clap takes it.
    said.last()
        .and_then(|k| model::Lang::from_key(k))
        .unwrap_or_else(cmd::settings::lang_from_locale)
}

#[cfg(test)]
mod tests {
    #[test]
    fn own_panics_are_told_from_third_party_ones() {
        // The location of a panic raised here is this file, as the hook sees it.
        let here = std::panic::Location::caller().file();
        assert!(super::is_own_source(here), "{here}");
        assert!(!super::is_own_source(
            "/root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/lopdf-0.47.0/src/parser.rs"
        ));
        assert!(!super::is_own_source("library/core/src/slice/index.rs"));
    }

    #[test]
    fn english_errors_are_clap_own_and_chinese_ones_are_chinese() {
        use clap::CommandFactory;
        let lines: &[&[&str]] = &[
            &["map", "--bogus"],
            &["map", "d", "--formt", "json"],
            &["map", "d", "--format", "mdd"],
            &["clauses", "shwo"],
            &["map"],
            &["review", "--from", "2026-01-01"],
            &["programme", "plan", "--year", "99999", "-o", "p"],
            &["map", "d", "--force=yes"],
            &["actions", "verify", "X", "--effective", "--ineffective"],
            &["users"],
        ];
        for line in lines {
            for lang in ["en", "zh"] {
                let args: Vec<std::ffi::OsString> = ["isoaudit", "--lang", lang]
                    .iter()
                    .chain(line.iter())
                    .map(Into::into)
                    .collect();
                let clap_own = crate::cli::Cli::command()
                    .try_get_matches_from(&args)
                    .unwrap_err();
                match (lang, super::parse(&args)) {
                    ("en", Err(super::ParseError::En(e))) => {
                        assert_eq!(e.kind(), clap_own.kind(), "{line:?}");
                        assert_eq!(
                            e.render().ansi().to_string(),
                            clap_own.render().ansi().to_string(),
                            "{line:?}"
                        );
                    }
                    ("zh", Err(super::ParseError::Zh(e))) => {
                        assert_eq!(e.kind(), clap_own.kind(), "{line:?}");
                        let text = e.render().to_string();
                        assert!(!text.contains("Usage:"), "{line:?}:\n{text}");
                        assert!(!text.contains("error:"), "{line:?}:\n{text}");
                    }
                    (_, other) => panic!("{lang} {line:?}: {}", other.is_ok()),
                }
            }
        }
    }

    #[test]
    fn the_help_language_is_the_flag_before_the_locale() {
        use crate::model::Lang;
        let lang = |a: &[&str]| {
            let args: Vec<std::ffi::OsString> = std::iter::once("isoaudit")
                .chain(a.iter().copied())
                .map(Into::into)
                .collect();
            super::help_lang(&args)
        };
        assert_eq!(lang(&["--lang", "zh", "map", "--help"]), Lang::Zh);
        assert_eq!(lang(&["map", "--lang=zh", "--help"]), Lang::Zh);
        assert_eq!(lang(&["--lang", "en", "map", "--lang", "zh"]), Lang::Zh);
        assert_eq!(lang(&["--lang", "zh", "map", "--lang", "en"]), Lang::En);
        assert_eq!(lang(&["map", "--lang=en"]), Lang::En);
        // After `--` it is an operand, not the flag.
        assert_eq!(
            lang(&["--lang=en", "clauses", "find", "--", "--lang=zh"]),
            Lang::En
        );
    }
}
