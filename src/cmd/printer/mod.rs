//! The one module that writes to the terminal: data to stdout, everything else (diagnostics,
//! errors with their hints, summaries, the progress bar) to stderr. Text that came from files
//! (names, cells, paths) is data: every control character is shown escaped, so a received file
//! can neither clear the screen nor rewrite the terminal's title.

mod actions;
mod clauses;
mod messages;
mod summaries;

pub(crate) use messages::{L as M, say};

pub(crate) use actions::{STATS_ROWS, list_text, show_text, stats_text};
pub(crate) use clauses::{show as clause_text, tree_line};
pub(crate) use summaries::{summary_table, summary_text};

use super::Hinted;
use crate::model::Diagnostic;
use std::borrow::Cow;
use std::io::{IsTerminal, Write};

/// `s` with every control character (C0 but line feed and tab, DEL, C1) and every bidirectional
/// override shown as `\u{..}`: visible, and harmless to the terminal.
pub fn safe(s: &str) -> Cow<'_, str> {
    let harmful = |c: char| {
        (c.is_control() && c != '\n' && c != '\t')
            || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
    };
    if !s.chars().any(harmful) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if harmful(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Write `s` to stdout, made safe, ignoring a closed pipe (`isoaudit … | head`).
pub fn out(s: &str) -> anyhow::Result<()> {
    use anyhow::Context;
    let mut o = std::io::stdout().lock();
    match o.write_all(safe(s).as_bytes()).and_then(|_| o.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        r => r.context("cannot write to stdout"),
    }
}

/// Stdout for a long stream of data that needs no escaping (JSON), buffered; it stops
/// writing, without an error, once the reader has gone (`| head`), so the run still ends with
/// the right diagnostics and exit status.
pub fn stdout_stream() -> impl Write {
    QuietPipe {
        inner: std::io::BufWriter::new(std::io::stdout().lock()),
        closed: false,
    }
}

/// A writer that swallows what comes after a broken pipe.
struct QuietPipe<W: Write> {
    inner: W,
    closed: bool,
}

impl<W: Write> Write for QuietPipe<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.closed {
            return Ok(buf.len());
        }
        match self.inner.write(buf) {
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {
                self.closed = true;
                Ok(buf.len())
            }
            r => r,
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        if self.closed {
            return Ok(());
        }
        match self.inner.flush() {
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {
                self.closed = true;
                Ok(())
            }
            r => r,
        }
    }
}

/// Write `s` to stderr in one write, made safe. Unbuffered stderr otherwise makes every piece
/// of every line a system call of its own.
pub fn err(s: &str) {
    let _ = std::io::stderr().lock().write_all(safe(s).as_bytes());
}

/// `s` and a line end to stderr, made safe.
pub fn errln(s: &str) {
    err(&format!("{s}\n"));
}

/// A line for stderr that `--quiet` silences (a summary, a count).
pub fn note(quiet: bool, line: &str) {
    if !quiet {
        err(&format!("{line}\n"));
    }
}

/// Diagnostics in the reader's language, one per line, in one write.
pub fn diagnostics<'a>(ds: impl IntoIterator<Item = &'a Diagnostic>, lang: crate::model::Lang) {
    let mut s = String::new();
    for d in ds {
        s.push_str(&d.render(lang));
        s.push('\n');
    }
    if !s.is_empty() {
        err(&s);
    }
}

/// An error that ends a command: `error: …` with its causes, then `hint: …` where it has one.
/// A cause already said by the message before it is not said again (an I/O error whose
/// context names the same path).
pub fn error(e: &anyhow::Error, lang: crate::model::Lang) {
    use crate::model::{Say, Text};
    let mut msg = String::new();
    for cause in e.chain() {
        // A catalogue message is said in the reader's language; others as they are.
        let c = match cause.downcast_ref::<Hinted>() {
            Some(h) => h.message.render(lang),
            None => cause.to_string(),
        };
        if msg.contains(&c) {
            continue;
        }
        if !msg.is_empty() {
            msg.push_str(": ");
        }
        msg.push_str(&c);
    }
    let mut s = Text::new(Say::ErrorLine).with("message", msg).render(lang);
    s.push('\n');
    if let Some(h) = e.downcast_ref::<Hinted>() {
        s.push_str(
            &Text::new(Say::HintLine)
                .with("hint", h.hint.render(lang))
                .render(lang),
        );
        s.push('\n');
    }
    err(&s);
}

/// A progress bar on stderr, only on a terminal and without `--quiet`.
pub fn progress(quiet: bool, len: u64, template: &str) -> Option<indicatif::ProgressBar> {
    (!quiet && std::io::stderr().is_terminal()).then(|| {
        let b = indicatif::ProgressBar::new(len);
        b.set_style(
            indicatif::ProgressStyle::with_template(template)
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        b.enable_steady_tick(std::time::Duration::from_millis(120));
        b
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_shown_not_obeyed() {
        assert_eq!(safe("临湖县局 ok\tx\n"), "临湖县局 ok\tx\n");
        assert_eq!(safe("a\x1b]0;pwned\x07b"), "a\\u{1b}]0;pwned\\u{7}b");
        assert_eq!(safe("x\ry"), "x\\u{d}y");
        assert_eq!(safe("\u{9b}2J"), "\\u{9b}2J");
        assert_eq!(safe("abc\u{202E}fdp.exe"), "abc\\u{202e}fdp.exe");
        assert_eq!(safe("\x7f"), "\\u{7f}");
    }
}
