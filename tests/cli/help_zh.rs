//! The command line's own help in the reader's language: `--lang zh` or a zh locale gives
//! Chinese headings and helps, `--lang en` English whatever the locale, and the exit codes of
//! help and of a wrong command line are the same in both.

use crate::harness::isoaudit;

/// isoaudit with `args`, under `locale` (LANG) if one is given.
fn run(args: &[&str], locale: Option<&str>) -> assert_cmd::assert::Assert {
    let mut c = isoaudit();
    if let Some(l) = locale {
        c.env("LANG", l);
    }
    c.args(args).assert()
}

fn stdout(args: &[&str], locale: Option<&str>) -> String {
    let out = run(args, locale).success().get_output().stdout.clone();
    String::from_utf8(out).unwrap()
}

/// `text` holds every one of `present` and none of `absent`.
fn says(text: &str, present: &[&str], absent: &[&str]) {
    for p in present {
        assert!(text.contains(p), "{p:?} missing:\n{text}");
    }
    for a in absent {
        assert!(!text.contains(a), "{a:?} in:\n{text}");
    }
}

#[test]
fn map_help_is_chinese_with_lang_zh() {
    let help = stdout(&["--lang", "zh", "map", "--help"], None);
    says(
        &help,
        &[
            "用法: isoaudit map",
            "参数:",
            "选项:",
            "将程序文件目录映射到 ISO 9001 条款",
            "输出格式",
            "可选值:",
            "完整的映射结果",
            "[默认: table]",
            "显示帮助",
            "示例：",
            "isoaudit map procedures --format json -o mapping.json",
        ],
        &[
            "Usage:",
            "Options:",
            "Arguments:",
            "Map a folder of procedures",
            "Output format",
            "Possible values",
            "A readable table on stdout",
            "[default:",
            "Print help",
            "Examples:",
            "Overwrite OUT if it exists",
        ],
    );
}

#[test]
fn root_help_is_chinese_under_a_zh_locale() {
    let help = stdout(&["--help"], Some("zh_CN.UTF-8"));
    says(
        &help,
        &[
            "用法: isoaudit",
            "命令:",
            "选项:",
            "纠正措施登记册",
            "显示本帮助，或所给子命令的帮助",
            "显示版本",
            "[可选值: en, zh]",
        ],
        &[
            "Usage:",
            "Commands:",
            "Options:",
            "Corrective-action register",
            "Print this message",
            "Print version",
            "possible values",
            "internal audits:",
        ],
    );
    // `help map` is the long help of map, in Chinese too.
    let help = stdout(&["help", "map"], Some("zh_CN.UTF-8"));
    assert!(help.contains("可选值:"), "{help}");
    assert!(!help.contains("Output format"), "{help}");
}

#[test]
fn lang_en_gives_english_help_under_a_zh_locale() {
    let help = stdout(&["--lang", "en", "map", "--help"], Some("zh_CN.UTF-8"));
    assert!(help.contains("Usage: isoaudit map"), "{help}");
    assert!(help.contains("Output format"), "{help}");
    assert!(!help.contains("选项"), "{help}");
    let help = stdout(&["actions", "--lang=en", "-h"], Some("zh_CN.UTF-8"));
    assert!(help.contains("Corrective-action register"), "{help}");
    // Without flag or locale: English.
    let help = stdout(&["review", "--help"], None);
    assert!(help.contains("First day of the period"), "{help}");
}

#[test]
fn help_exits_0_and_a_wrong_command_line_2_in_both_languages() {
    for lang in ["zh", "en"] {
        isoaudit().args(["--lang", lang, "-h"]).assert().code(0);
        isoaudit()
            .args(["--lang", lang, "help", "actions", "sync"])
            .assert()
            .code(0);
        isoaudit()
            .args(["--lang", lang, "--version"])
            .assert()
            .code(0);
        isoaudit().args(["--lang", lang, "nosuch"]).assert().code(2);
        isoaudit().args(["--lang", lang, "map"]).assert().code(2);
        isoaudit()
            .args(["--lang", lang, "map", "d", "--format", "pdf"])
            .assert()
            .code(2);
    }
    isoaudit()
        .env("LANG", "zh_CN.UTF-8")
        .args(["review", "--from", "2026-01-01"])
        .assert()
        .code(2);
    // The version is clap's own line, the same in both.
    let v = isoaudit()
        .args(["--lang", "zh", "-V"])
        .output()
        .unwrap()
        .stdout;
    assert!(String::from_utf8(v).unwrap().starts_with("isoaudit "));
}

fn stderr_of_a_wrong_line(args: &[&str], locale: Option<&str>) -> String {
    let out = run(args, locale).code(2).get_output().stderr.clone();
    String::from_utf8(out).unwrap()
}

/// clap's English words, none of which a Chinese error message may say.
const CLAP_ENGLISH: &[&str] = &[
    "error:",
    "unexpected argument",
    "found",
    "Usage:",
    "For more information",
    "tip:",
    "possible values",
    "required",
];

#[test]
fn a_wrong_command_line_is_told_in_chinese_with_lang_zh() {
    let err = stderr_of_a_wrong_line(&["--lang", "zh", "map", "--bogus"], None);
    assert_eq!(
        err,
        "错误：未知参数 '--bogus'\n\n  提示：要将 '--bogus' 作为值传入，请用 '-- --bogus'\n\n\
         用法：isoaudit map [选项] [DIR]\n\n更多信息请用 '--help'。\n"
    );
    let err = stderr_of_a_wrong_line(&["--lang", "zh", "map", "d", "--format", "mdd"], None);
    says(
        &err,
        &[
            "错误：'--format <FORMAT>' 的值 'mdd' 无效",
            "[可选值：table, json, md, xlsx]",
            "提示：有相近的值：'md'",
        ],
        CLAP_ENGLISH,
    );
}

#[test]
fn a_wrong_command_line_is_told_in_chinese_under_a_zh_locale() {
    for (args, zh) in [
        (&["map", "--bogus"][..], "错误：未知参数 '--bogus'"),
        (&["clauses", "shwo"][..], "提示：有相近的子命令：'show'"),
        (
            &["review", "--from", "2026-01-01"][..],
            "错误：缺少以下必需的参数：",
        ),
        (
            &["users", "--register", "r.db"][..],
            "用法：isoaudit users [选项] <命令>",
        ),
    ] {
        let err = stderr_of_a_wrong_line(args, Some("zh_CN.UTF-8"));
        assert!(err.contains(zh), "{args:?}: {zh:?} missing:\n{err}");
        assert!(
            err.ends_with("更多信息请用 '--help'。\n"),
            "{args:?}:\n{err}"
        );
        // stderr is a pipe here: no terminal control codes.
        assert!(!err.contains('\x1b'), "{args:?}:\n{err:?}");
        for en in CLAP_ENGLISH {
            assert!(!err.contains(en), "{args:?}: {en:?} in:\n{err}");
        }
    }
}

#[test]
fn lang_en_keeps_clap_english_errors_under_a_zh_locale() {
    let err = stderr_of_a_wrong_line(&["--lang", "en", "map", "--bogus"], Some("zh_CN.UTF-8"));
    assert_eq!(
        err,
        "error: unexpected argument '--bogus' found\n\n  tip: to pass '--bogus' as a value, use '-- --bogus'\n\n\
         Usage: isoaudit map [OPTIONS] [DIR]\n\nFor more information, try '--help'.\n"
    );
    let err = stderr_of_a_wrong_line(
        &["map", "d", "--formt", "json", "--lang=en"],
        Some("zh_CN.UTF-8"),
    );
    assert!(
        err.contains("tip: a similar argument exists: '--format'"),
        "{err}"
    );
    assert!(!err.contains("错误"), "{err}");
}
