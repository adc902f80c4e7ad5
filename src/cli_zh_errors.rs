//! clap's messages for a wrong command line, in Chinese: a formatter for `Error::apply` that
//! says each kind of error in one Chinese sentence from the error's context, with clap's
//! suggestions, its usage fitted to what was typed, and the pointer to `--help`.

use clap::Command;
use clap::builder::StyledStr;
use clap::builder::styling::Styles;
use clap::error::{ContextKind, ContextValue, Error, ErrorFormatter, ErrorKind};
use std::fmt::Write as _;

/// clap's `RichFormatter` in Chinese.
pub struct Chinese;

/// clap's default styles: an error's own are private, and cli.rs sets none other.
const STYLES: Styles = Styles::styled();

impl ErrorFormatter for Chinese {
    fn format_error(error: &Error<Self>) -> StyledStr {
        let (bad, lit, ok) = (STYLES.get_error(), STYLES.get_literal(), STYLES.get_valid());
        let mut out = StyledStr::new();
        let _ = write!(out, "{bad}错误：{bad:#}");
        out.push_str(&sentence(error).unwrap_or_else(|| fallback(error)));
        let tips = tips(error);
        if !tips.is_empty() {
            out.push_str("\n");
        }
        for tip in tips {
            let _ = write!(out, "\n  {ok}提示：{ok:#}{tip}");
        }
        if let Some(ContextValue::StyledStr(usage)) = error.get(ContextKind::Usage) {
            out.push_str("\n\n");
            out.push_str(&usage_zh(usage));
        }
        // Every command of the Chinese tree has its own `--help` flag.
        let _ = write!(out, "\n\n更多信息请用 '{lit}--help{lit:#}'。\n");
        out
    }
}

/// The error of `from_arg_matches`, which clap gives as an English message, as a Chinese
/// error of the same kind with that message as its detail and the command's usage.
pub fn from_derive(e: clap::Error, cmd: &mut Command) -> Error<Chinese> {
    let said = e.render().to_string();
    let detail = said.strip_prefix("error: ").unwrap_or(&said).trim_end();
    let mut zh = Error::<Chinese>::new(e.kind()).with_cmd(cmd);
    zh.insert(
        ContextKind::Custom,
        ContextValue::String(detail.to_string()),
    );
    zh.insert(
        ContextKind::Usage,
        ContextValue::StyledStr(cmd.render_usage()),
    );
    zh
}

fn text(e: &Error<Chinese>, kind: ContextKind) -> Option<&str> {
    match e.get(kind) {
        Some(ContextValue::String(s)) => Some(s),
        _ => None,
    }
}

fn number(e: &Error<Chinese>, kind: ContextKind) -> Option<isize> {
    match e.get(kind) {
        Some(ContextValue::Number(n)) => Some(*n),
        _ => None,
    }
}

fn strings(e: &Error<Chinese>, kind: ContextKind) -> Vec<String> {
    match e.get(kind) {
        Some(ContextValue::String(s)) => vec![s.clone()],
        Some(ContextValue::Strings(v)) => v.clone(),
        _ => Vec::new(),
    }
}

/// Why a validator refused a value, in Chinese: our date's error, or clap's range check
/// ("99 is not in 1900..=9999"); None for a message we do not know.
fn why_invalid(source: &(dyn std::error::Error + 'static)) -> Option<String> {
    if source.downcast_ref::<crate::model::DateError>().is_some() {
        return Some("不是日期（格式 YYYY-MM-DD，例如 2026-03-20）".to_string());
    }
    if let Some(e) = source.downcast_ref::<std::num::ParseIntError>() {
        return Some(
            match e.kind() {
                std::num::IntErrorKind::PosOverflow | std::num::IntErrorKind::NegOverflow => {
                    "数值太大"
                }
                _ => "不是整数",
            }
            .to_string(),
        );
    }
    let text = source.to_string();
    let (_, range) = text.split_once(" is not in ")?;
    let (low, high) = range.split_once("..=")?;
    let number = |t: &str| t.trim().parse::<i64>().ok();
    Some(format!("应在 {} 到 {} 之间", number(low)?, number(high)?))
}

/// The error in one Chinese sentence, or None when its context lacks what the sentence names.
fn sentence(e: &Error<Chinese>) -> Option<String> {
    let (bad, lit, ok) = (
        STYLES.get_invalid(),
        STYLES.get_literal(),
        STYLES.get_valid(),
    );
    let arg = || text(e, ContextKind::InvalidArg);
    let value = || text(e, ContextKind::InvalidValue);
    let quoted = |v: &[String], style| {
        v.iter()
            .map(|v| format!("{style}{v}{style:#}"))
            .collect::<Vec<_>>()
    };
    let s = match e.kind() {
        ErrorKind::UnknownArgument => format!("未知参数 '{bad}{}{bad:#}'", arg()?),
        ErrorKind::InvalidSubcommand => format!(
            "未知子命令 '{bad}{}{bad:#}'",
            text(e, ContextKind::InvalidSubcommand)?
        ),
        ErrorKind::InvalidValue => {
            let (arg, value) = (arg()?, value()?);
            let mut s = if value.is_empty() {
                format!("'{bad}{arg}{bad:#}' 需要一个值，但没有给出")
            } else {
                format!("'{lit}{arg}{lit:#}' 的值 '{bad}{value}{bad:#}' 无效")
            };
            let valid = strings(e, ContextKind::ValidValue);
            if !valid.is_empty() {
                let _ = write!(s, "\n  [可选值：{}]", quoted(&valid, ok).join(", "));
            }
            s
        }
        // The validator's own message is English: what it says is said again in Chinese where
        // we know it (a date, a number out of its range), else the value and the argument.
        ErrorKind::ValueValidation => {
            let mut s = format!(
                "'{lit}{}{lit:#}' 的值 '{bad}{}{bad:#}' 无效",
                arg()?,
                value()?
            );
            if let Some(why) = std::error::Error::source(e).and_then(why_invalid) {
                let _ = write!(s, "：{why}");
            }
            s
        }
        ErrorKind::MissingRequiredArgument => {
            let missing = strings(e, ContextKind::InvalidArg);
            if missing.is_empty() {
                return None;
            }
            let mut s = String::from("缺少以下必需的参数：");
            for m in quoted(&missing, ok) {
                let _ = write!(s, "\n  {m}");
            }
            s
        }
        ErrorKind::MissingSubcommand => {
            let mut s = format!(
                "'{bad}{}{bad:#}' 需要一个子命令，但没有给出",
                text(e, ContextKind::InvalidSubcommand)?
            );
            let valid = strings(e, ContextKind::ValidSubcommand);
            if !valid.is_empty() {
                let _ = write!(s, "\n  [子命令：{}]", quoted(&valid, ok).join(", "));
            }
            s
        }
        ErrorKind::NoEquals => format!("给 '{bad}{}{bad:#}' 赋值时须用等号（=）", arg()?),
        // Also a value given to a flag, as `--force=yes`.
        ErrorKind::TooManyValues => format!(
            "'{lit}{}{lit:#}' 不接受更多的值，多出了 '{bad}{}{bad:#}'",
            arg()?,
            value()?
        ),
        ErrorKind::TooFewValues => format!(
            "'{lit}{}{lit:#}' 至少需要 {ok}{}{ok:#} 个值，只给出了 {bad}{}{bad:#} 个",
            arg()?,
            number(e, ContextKind::MinValues)?,
            number(e, ContextKind::ActualNumValues)?
        ),
        ErrorKind::WrongNumberOfValues => format!(
            "'{lit}{}{lit:#}' 需要 {ok}{}{ok:#} 个值，但给出了 {bad}{}{bad:#} 个",
            arg()?,
            number(e, ContextKind::ExpectedNumValues)?,
            number(e, ContextKind::ActualNumValues)?
        ),
        ErrorKind::ArgumentConflict => conflict(e)?,
        ErrorKind::InvalidUtf8 => String::from("参数中有无效的 UTF-8 字节"),
        _ => return None,
    };
    Some(s)
}

fn conflict(e: &Error<Chinese>) -> Option<String> {
    let bad = STYLES.get_invalid();
    let prior = e.get(ContextKind::PriorArg);
    let (what, name) = match (
        text(e, ContextKind::InvalidArg),
        text(e, ContextKind::InvalidSubcommand),
    ) {
        (Some(arg), _) => {
            if prior == Some(&ContextValue::String(arg.to_string())) {
                return Some(format!("参数 '{bad}{arg}{bad:#}' 不能多次使用"));
            }
            ("参数", arg)
        }
        (None, Some(sub)) => ("子命令", sub),
        (None, None) => return None,
    };
    let with = match prior {
        Some(ContextValue::String(p)) => format!(" '{bad}{p}{bad:#}' 同时使用"),
        Some(ContextValue::Strings(ps)) => {
            let mut s = String::from("以下参数同时使用：");
            for p in ps {
                let _ = write!(s, "\n  {bad}{p}{bad:#}");
            }
            s
        }
        _ => String::from("已给出的其他参数同时使用"),
    };
    Some(format!("{what} '{bad}{name}{bad:#}' 不能与{with}"))
}

/// A kind or context this file does not know: a Chinese sentence, then clap's English detail.
fn fallback(e: &Error<Chinese>) -> String {
    let detail = text(e, ContextKind::Custom)
        .map(str::to_string)
        .or_else(|| std::error::Error::source(e).map(|s| s.to_string()))
        .or_else(|| e.kind().as_str().map(str::to_string))
        .unwrap_or_default();
    if detail.is_empty() {
        String::from("命令行有误")
    } else {
        format!("命令行有误：{detail}")
    }
}

/// clap's suggestions, each one line after `提示：`.
fn tips(e: &Error<Chinese>) -> Vec<String> {
    let ok = STYLES.get_valid();
    let mut out = Vec::new();
    for (kind, what) in [
        (ContextKind::SuggestedSubcommand, "子命令"),
        (ContextKind::SuggestedArg, "参数"),
        (ContextKind::SuggestedValue, "值"),
    ] {
        let similar = strings(e, kind);
        if !similar.is_empty() {
            let list: Vec<_> = similar.iter().map(|s| format!("'{ok}{s}{ok:#}'")).collect();
            out.push(format!("有相近的{what}：{}", list.join("、")));
        }
    }
    if let Some(ContextValue::StyledStrs(said)) = e.get(ContextKind::Suggested) {
        out.extend(said.iter().map(|s| tip_zh(&s.to_string())));
    }
    out
}

/// clap's three free-text suggestions by their fixed English words; another stays as clap
/// says it.
fn tip_zh(tip: &str) -> String {
    if let Some((what, how)) = tip
        .strip_prefix("to pass ")
        .and_then(|r| r.split_once(" as a value, use "))
    {
        return format!("要将 {what} 作为值传入，请用 {how}");
    }
    if let Some(sub) = tip
        .strip_prefix("subcommand ")
        .and_then(|r| r.strip_suffix(" exists; to use it, remove the '--' before it"))
    {
        return format!("子命令 {sub} 存在；要使用它，请去掉其前面的 '--'");
    }
    if let Some(what) = tip.strip_suffix(" exists") {
        return format!("存在 {what}");
    }
    tip.to_string()
}

/// clap's usage fitted to what was typed, with its heading and `[OPTIONS]` in Chinese and its
/// styles kept (the printer drops them where stderr is not a terminal).
fn usage_zh(usage: &StyledStr) -> String {
    let ansi = usage.ansi().to_string();
    let ansi = match ansi.find("Usage:") {
        Some(i) => {
            let mut rest = &ansi[i + "Usage:".len()..];
            let mut codes = String::new();
            // The heading's reset comes before the space that ends it.
            while rest.starts_with('\x1b') {
                let end = rest.find('m').map_or(rest.len(), |e| e + 1);
                codes.push_str(&rest[..end]);
                rest = &rest[end..];
            }
            let rest = rest.strip_prefix(' ').unwrap_or(rest);
            format!("{}用法：{codes}{rest}", &ansi[..i])
        }
        None => ansi,
    };
    crate::cli_zh::usage_words(&ansi)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::Cli;
    use clap::CommandFactory;

    /// clap's English words, none of which a Chinese error may say.
    const ENGLISH: &[&str] = &[
        "error:",
        "unexpected argument",
        "found",
        "Usage:",
        "For more information",
        "tip:",
        "possible values",
        "required",
        "[OPTIONS]",
    ];

    fn args(line: &[&str]) -> Vec<String> {
        std::iter::once("isoaudit")
            .chain(line.iter().copied())
            .map(String::from)
            .collect()
    }

    /// The Chinese error of `line` through the real parser, and its kind, as plain text.
    fn zh(line: &[&str]) -> (ErrorKind, String) {
        let e = crate::cli_zh::localize(Cli::command())
            .try_get_matches_from(args(line))
            .expect_err("a wrong command line")
            .apply::<Chinese>();
        (e.kind(), e.render().to_string())
    }

    fn says(line: &[&str], kind: ErrorKind, words: &[&str]) {
        let (k, text) = zh(line);
        assert_eq!(k, kind, "{line:?}:\n{text}");
        assert!(text.starts_with("错误："), "{line:?}:\n{text}");
        assert!(
            text.ends_with("更多信息请用 '--help'。\n"),
            "{line:?}:\n{text}"
        );
        assert!(!text.contains('\x1b'), "{line:?}:\n{text:?}");
        for w in words {
            assert!(text.contains(w), "{line:?}: {w:?} missing:\n{text}");
        }
        for en in ENGLISH {
            assert!(!text.contains(en), "{line:?} says {en:?}:\n{text}");
        }
    }

    #[test]
    fn unknown_argument_with_its_suggestion() {
        says(
            &["map", "d", "--formt", "json"],
            ErrorKind::UnknownArgument,
            &[
                "错误：未知参数 '--formt'",
                "提示：有相近的参数：'--format'",
                // clap's usage fitted to what was typed.
                "用法：isoaudit map --format <FORMAT> <DIR>",
            ],
        );
        says(
            &["map", "--bogus"],
            ErrorKind::UnknownArgument,
            &[
                "错误：未知参数 '--bogus'",
                "提示：要将 '--bogus' 作为值传入，请用 '-- --bogus'",
                "用法：isoaudit map [选项] [DIR]",
            ],
        );
    }

    #[test]
    fn invalid_value_with_the_possible_values_and_the_suggestion() {
        says(
            &["map", "d", "--format", "mdd"],
            ErrorKind::InvalidValue,
            &[
                "'--format <FORMAT>' 的值 'mdd' 无效",
                "[可选值：table, json, md, xlsx]",
                "提示：有相近的值：'md'",
            ],
        );
        says(
            &["map", "d", "--format"],
            ErrorKind::InvalidValue,
            &["'--format <FORMAT>' 需要一个值，但没有给出"],
        );
    }

    #[test]
    fn invalid_subcommand_with_its_suggestion() {
        says(
            &["clauses", "shwo"],
            ErrorKind::InvalidSubcommand,
            &["未知子命令 'shwo'", "提示：有相近的子命令：'show'"],
        );
        says(&["nosuch"], ErrorKind::InvalidSubcommand, &["'nosuch'"]);
    }

    #[test]
    fn missing_arguments_and_subcommands() {
        says(
            &["review", "--from", "2026-01-01"],
            ErrorKind::MissingRequiredArgument,
            &["缺少以下必需的参数：", "--to <YYYY-MM-DD>"],
        );
        says(
            &["map"],
            ErrorKind::MissingRequiredArgument,
            &["缺少以下必需的参数：", "<DIR>"],
        );
        // A command that only has subcommands shows its help (already Chinese) instead.
        let e = crate::cli_zh::localize(Cli::command())
            .try_get_matches_from(args(&["users"]))
            .unwrap_err()
            .apply::<Chinese>();
        assert_eq!(
            e.kind(),
            ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
        );
        let help = e.render().to_string();
        assert!(help.contains("用法: isoaudit users"), "{help}");
        assert!(!help.contains("Usage:"), "{help}");
    }

    #[test]
    fn missing_subcommand_names_the_command() {
        // With an option but no subcommand, clap says so rather than showing the help.
        says(
            &["users", "--register", "r.db"],
            ErrorKind::MissingSubcommand,
            &[
                "错误：'isoaudit users' 需要一个子命令，但没有给出",
                "[子命令：add, import, passwd, disable, list, help]",
                "用法：isoaudit users [选项] <命令>",
            ],
        );
    }

    #[test]
    fn value_validation_keeps_the_value_and_the_argument() {
        says(
            &["programme", "plan", "--year", "99999", "-o", "p"],
            ErrorKind::ValueValidation,
            &["'--year <YYYY>' 的值 '99999' 无效：应在 1900 到 9999 之间"],
        );
        says(
            &["checklist", "new", "--date", "2026-13-01"],
            ErrorKind::ValueValidation,
            &[
                "'--date <YYYY-MM-DD>' 的值 '2026-13-01' 无效：不是日期（格式 YYYY-MM-DD，例如 2026-03-20）",
            ],
        );
        says(
            &["serve", "--max-upload-mb", "abc"],
            ErrorKind::ValueValidation,
            &["'--max-upload-mb <MB>' 的值 'abc' 无效：不是整数"],
        );
    }

    #[test]
    fn value_counts_equals_and_conflicts() {
        // A value given to a flag is clap's TooManyValues.
        says(
            &["map", "d", "--force=yes"],
            ErrorKind::TooManyValues,
            &["'--force' 不接受更多的值，多出了 'yes'"],
        );
        says(
            &["actions", "verify", "X", "--effective", "--ineffective"],
            ErrorKind::ArgumentConflict,
            &["参数 '--effective' 不能与 '--ineffective' 同时使用"],
        );
        says(
            &["map", "d", "--format", "json", "--format", "md"],
            ErrorKind::ArgumentConflict,
            &["参数 '--format <FORMAT>' 不能多次使用"],
        );
        // NoEquals and the value counts come from clap settings cli.rs does not use.
        let e = |line: &[&str], cmd: Command| {
            let e = cmd
                .try_get_matches_from(line)
                .unwrap_err()
                .apply::<Chinese>();
            let text = e.render().to_string();
            for en in ENGLISH {
                assert!(!text.contains(en), "says {en:?}:\n{text}");
            }
            (e.kind(), text)
        };
        let arg = || clap::Arg::new("x").long("x");
        let (k, t) = e(
            &["p", "--x", "1"],
            Command::new("p").arg(arg().require_equals(true)),
        );
        assert_eq!(k, ErrorKind::NoEquals, "{t}");
        assert!(t.contains("给 '--x=<x>' 赋值时须用等号"), "{t}");
        let (k, t) = e(
            &["p", "--x", "1"],
            Command::new("p").arg(arg().num_args(2..)),
        );
        assert_eq!(k, ErrorKind::TooFewValues, "{t}");
        assert!(t.contains("至少需要 2 个值，只给出了 1 个"), "{t}");
        let (k, t) = e(
            &["p", "--x", "1", "2", "3", "--x", "1"],
            Command::new("p").arg(arg().num_args(3).action(clap::ArgAction::Append)),
        );
        assert_eq!(k, ErrorKind::WrongNumberOfValues, "{t}");
        assert!(t.contains("需要 3 个值，但给出了 1 个"), "{t}");
    }

    #[cfg(unix)]
    #[test]
    fn invalid_utf8() {
        use std::ffi::OsString;
        use std::os::unix::ffi::OsStringExt;
        let line: Vec<OsString> = vec![
            "isoaudit".into(),
            "clauses".into(),
            "find".into(),
            OsString::from_vec(vec![0xff, 0xfe]),
        ];
        let e = crate::cli_zh::localize(Cli::command())
            .try_get_matches_from(line)
            .unwrap_err()
            .apply::<Chinese>();
        assert_eq!(e.kind(), ErrorKind::InvalidUtf8);
        let text = e.render().to_string();
        assert!(text.starts_with("错误：参数中有无效的 UTF-8"), "{text}");
    }

    #[test]
    fn another_kind_says_clap_detail_after_a_chinese_sentence() {
        let mut cmd = crate::cli_zh::localize(Cli::command());
        let e = from_derive(clap::Error::raw(ErrorKind::Io, "something broke"), &mut cmd);
        let text = e.render().to_string();
        assert!(
            text.starts_with("错误：命令行有误：something broke\n\n用法：isoaudit"),
            "{text}"
        );
        let e = Error::<Chinese>::new(ErrorKind::Format);
        assert_eq!(
            e.render().to_string(),
            "错误：命令行有误\n\n更多信息请用 '--help'。\n"
        );
    }

    #[test]
    fn usage_lines_keep_their_styles_and_indent() {
        let mut usage = StyledStr::new();
        let h = STYLES.get_usage();
        let _ = write!(
            usage,
            "{h}Usage:{h:#} isoaudit actions [OPTIONS] <COMMAND>\n       isoaudit actions list"
        );
        let zh = usage_zh(&usage);
        assert_eq!(
            zh,
            format!("{h}用法：{h:#}isoaudit actions [选项] <COMMAND>\n      isoaudit actions list")
        );
    }
}
