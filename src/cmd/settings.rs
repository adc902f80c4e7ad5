//! Options resolved once, in one place: what the user typed, the plan and the environment
//! (locale, clock, OS user) become plain values before a command calls the library. The rule
//! is the same everywhere: a flag wins over the plan, the plan over the environment.

use super::Hinted;
use crate::catalog::Catalog;
use crate::cli::{GlobalArgs, ReportFormatArg};
use crate::mapping::Rules;
use crate::model::{Date, Lang};
use crate::register::Actor;
use crate::report::{Format, TemplateFile, Templates};
use anyhow::Context;
use std::path::Path;

/// The language of every word written: `--lang`, else the plan's `[output] lang`, else the
/// locale (LC_ALL, LC_MESSAGES, LANG starting with `zh`), else English.
pub fn lang(g: &GlobalArgs, plan: Option<Lang>) -> Lang {
    let lang = g
        .lang
        .map(Lang::from)
        .or(plan)
        .unwrap_or_else(lang_from_locale);
    // Kept for the error that may end the command later (a plan's language counts there too).
    RESOLVED.store(lang as u8 + 1, std::sync::atomic::Ordering::Relaxed);
    lang
}

/// The language a command resolved last (0: none yet).
static RESOLVED: std::sync::atomic::AtomicU8 = std::sync::atomic::AtomicU8::new(0);

/// The language to say an error in: the one the command resolved (flag, plan, locale), else
/// `fallback` when it ended before resolving one.
pub fn resolved_lang(fallback: Lang) -> Lang {
    match RESOLVED.load(std::sync::atomic::Ordering::Relaxed) {
        1 => Lang::En,
        2 => Lang::Zh,
        _ => fallback,
    }
}

pub(crate) fn lang_from_locale() -> Lang {
    for var in ["LC_ALL", "LC_MESSAGES", "LANG"] {
        if let Ok(v) = std::env::var(var)
            && !v.is_empty()
        {
            return if v.to_lowercase().starts_with("zh") {
                Lang::Zh
            } else {
                Lang::En
            };
        }
    }
    Lang::En
}

/// The report files to write: `--format`, else the plan's `[output] formats`, else all.
pub fn formats(flag: &[ReportFormatArg], plan: &[Format]) -> Vec<Format> {
    if !flag.is_empty() {
        flag.iter().map(|&f| f.into()).collect()
    } else if !plan.is_empty() {
        plan.to_vec()
    } else {
        Format::ALL.to_vec()
    }
}

/// The mapping rules: `--rules`, else the plan's `[mapping] rules`, else the embedded ones.
pub fn rules(flag: Option<&Path>, plan: Option<&Path>) -> anyhow::Result<Rules> {
    match flag.or(plan) {
        Some(p) => {
            Rules::load(p).map_err(|e| Hinted::new(e.to_string(), e.hint().to_string()).into())
        }
        None => Ok(Rules::embedded()),
    }
}

/// A bureau's Word form, read once; an unreadable one stops the command, named.
pub fn template_file(path: Option<&Path>) -> anyhow::Result<Option<TemplateFile>> {
    let Some(p) = path else { return Ok(None) };
    let bytes = crate::office::read_limited(p).map_err(|e| {
        Hinted::new(
            format!("template {}: {e}", p.display()),
            "name a .docx form (the plan's [templates] are relative to the plan)",
        )
    })?;
    Ok(Some(TemplateFile {
        path: p.display().to_string(),
        bytes,
    }))
}

/// The bureau's Word forms the plan names, read once.
pub fn templates(plan: Option<&crate::plan::TemplatePaths>) -> anyhow::Result<Templates> {
    let read = |p: &Option<std::path::PathBuf>| template_file(p.as_deref());
    Ok(match plan {
        None => Templates::default(),
        Some(t) => Templates {
            audit_report: read(&t.audit_report)?,
            nc_reports: read(&t.nc_reports)?,
            corrective_actions: read(&t.corrective_actions)?,
        },
    })
}

/// The clause catalog named by `--catalog`, else the embedded one.
pub fn catalog(g: &GlobalArgs) -> anyhow::Result<Catalog> {
    Catalog::load_or_embedded(g.catalog.as_deref()).context("cannot load the clause catalog")
}

/// Who acts on the register and when: `--by`, else the OS user; `--today`, else the system
/// date (UTC) — the one place the clock is read.
pub fn actor(by: Option<&str>, today: Option<Date>) -> Actor {
    let by = by
        .map(str::to_string)
        .filter(|s| !s.trim().is_empty())
        .or_else(|| std::env::var("USER").ok().filter(|s| !s.is_empty()))
        .or_else(|| std::env::var("USERNAME").ok().filter(|s| !s.is_empty()))
        .unwrap_or_else(|| "unknown".into());
    let today = today.unwrap_or_else(|| {
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs() as i64)
            .unwrap_or(0);
        Date::from_unix_seconds(secs)
    });
    Actor { by, today }
}
