//! `isoaudit users add|passwd|disable|list`: the people who may use `isoaudit serve`.
//!
//!   isoaudit users add zhangwei --role dept-owner --office linhu --department 行政许可股
//!   isoaudit users passwd zhangwei          (asked twice on a terminal, else read from stdin)
//!   isoaudit users disable zhangwei
//!   isoaudit users list --json
//!   isoaudit users import samples/bureau/users.toml --passwords-out initial-passwords.txt
//!
//! Passwords are never arguments: they would stay in the shell's history and show in `ps`.

use super::printer::{self, M, say};
use super::{Hinted, reg_err, settings};
use crate::Status;
use crate::cli::{GlobalArgs, UsersArgs, UsersCommand};
use crate::model::Lang;
use crate::model::{Diagnostic, Location};
use crate::register::users::{self, Role, User};
use crate::register::{self, Mode, RegisterError, with};
use std::io::{BufRead, IsTerminal, Write};
use std::path::Path;

pub fn run(g: &GlobalArgs, a: UsersArgs) -> anyhow::Result<Status> {
    let lang = settings::lang(g, None);
    match a.command {
        UsersCommand::Add {
            name,
            role,
            office,
            department,
            page_lang,
            display_name,
        } => {
            users::check_name(&name).map_err(|_| {
                Hinted::new(
                    say(M.user_bad_name, lang, &[("name", &name.escape_debug())]),
                    say(M.user_bad_name_hint, lang, &[]),
                )
            })?;
            let role: Role = role.parse().map_err(|_| {
                Hinted::new(
                    say(M.user_bad_role, lang, &[("name", &name), ("role", &role)]),
                    say(M.user_bad_role_hint, lang, &[]),
                )
            })?;
            let office = office.unwrap_or_default().trim().to_string();
            let department = department.unwrap_or_default().trim().to_string();
            if role == Role::DeptOwner && (office.is_empty() || department.is_empty()) {
                return Err(Hinted::new(
                    say(M.user_owner_needs, lang, &[("name", &name)]),
                    say(M.user_add_owner_hint, lang, &[]),
                )
                .into());
            }
            if role != Role::DeptOwner && !department.is_empty() {
                return Err(Hinted::new(
                    say(
                        M.user_dept_not_owner,
                        lang,
                        &[("name", &name), ("role", &role.label(lang))],
                    ),
                    say(M.user_add_dept_hint, lang, &[]),
                )
                .into());
            }
            let mut store = register::open(&a.register, true).map_err(reg_err)?;
            if with(store.as_mut(), Mode::Read, |tx| tx.user(&name))
                .map_err(reg_err)?
                .is_some()
            {
                return Err(Hinted::new(
                    say(M.user_exists, lang, &[("name", &name)]),
                    "`isoaudit users passwd NAME` sets a new password",
                )
                .into());
            }
            let hash = users::hash_password(&read_password(&name, lang)?).map_err(reg_err)?;
            let u = User {
                name: name.clone(),
                role,
                office: office.clone(),
                department: department.clone(),
                lang: Lang::from(page_lang).key().into(),
                password_hash: hash,
                disabled: false,
                display_name: display_name.unwrap_or_default().trim().to_string(),
                must_change: false,
            };
            with(store.as_mut(), Mode::Write, |tx| {
                // Checked again inside the write: another `users add` may have raced us.
                if tx.user(&name)?.is_some() {
                    return Err(RegisterError::Invalid(say(
                        M.user_exists,
                        lang,
                        &[("name", &name)],
                    )));
                }
                tx.put_user(&u)
            })
            .map_err(reg_err)?;
            let office = if office.is_empty() {
                say(M.every_office, lang, &[])
            } else {
                office
            };
            printer::note(
                g.quiet,
                &say(
                    M.user_added,
                    lang,
                    &[
                        ("name", &name),
                        ("role", &role.label(lang)),
                        ("office", &office),
                        (
                            "department",
                            &if department.is_empty() {
                                "-"
                            } else {
                                &department
                            },
                        ),
                    ],
                ),
            );
            Ok(Status::Clean)
        }
        UsersCommand::Import {
            file,
            passwords_out,
        } => import(g, &a.register, &file, passwords_out.as_deref(), lang),
        UsersCommand::Passwd { name } => {
            let mut store = register::open(&a.register, false).map_err(reg_err)?;
            let mut u = find(store.as_mut(), &name, lang)?;
            u.password_hash =
                users::hash_password(&read_password(&name, lang)?).map_err(reg_err)?;
            u.disabled = false;
            u.must_change = false;
            with(store.as_mut(), Mode::Write, |tx| tx.put_user(&u)).map_err(reg_err)?;
            printer::note(g.quiet, &say(M.user_password, lang, &[("name", &name)]));
            Ok(Status::Clean)
        }
        UsersCommand::Disable { name } => {
            let mut store = register::open(&a.register, false).map_err(reg_err)?;
            let mut u = find(store.as_mut(), &name, lang)?;
            u.disabled = true;
            with(store.as_mut(), Mode::Write, |tx| tx.put_user(&u)).map_err(reg_err)?;
            printer::note(g.quiet, &say(M.user_disabled, lang, &[("name", &name)]));
            Ok(Status::Clean)
        }
        UsersCommand::List { json } => {
            let mut store = register::open_read(&a.register).map_err(reg_err)?;
            let all = with(store.as_mut(), Mode::Read, |tx| tx.users()).map_err(reg_err)?;
            if json {
                printer::out(&(serde_json::to_string_pretty(&all)? + "\n"))?;
            } else if all.is_empty() {
                printer::note(g.quiet, &say(M.users_none, lang, &[]));
            } else {
                let mut s = String::new();
                for u in &all {
                    s.push_str(&format!(
                        "{}\t{}\t{}\t{}\t{}\t{}{}\n",
                        u.name,
                        u.role,
                        if u.office.is_empty() { "*" } else { &u.office },
                        if u.department.is_empty() {
                            "-"
                        } else {
                            &u.department
                        },
                        u.lang,
                        if u.display_name.is_empty() {
                            "-"
                        } else {
                            &u.display_name
                        },
                        if u.disabled { "\tdisabled" } else { "" }
                    ));
                }
                printer::out(&s)?;
            }
            Ok(Status::Clean)
        }
    }
}

fn find(store: &mut dyn register::Store, name: &str, lang: Lang) -> anyhow::Result<User> {
    with(store, Mode::Read, |tx| tx.user(name))
        .map_err(reg_err)?
        .ok_or_else(|| {
            Hinted::new(
                say(M.user_missing, lang, &[("name", &name)]),
                "`isoaudit users list` shows who is there",
            )
            .into()
        })
}

/// The new password: asked twice without echo on a terminal, else the first line of stdin.
fn read_password(name: &str, lang: Lang) -> anyhow::Result<String> {
    let stdin = std::io::stdin();
    if stdin.is_terminal() {
        printer::err(&say(M.password_prompt, lang, &[("name", &name)]));
        let first = rpassword::read_password()?;
        printer::err(&say(M.password_again, lang, &[]));
        let second = rpassword::read_password()?;
        if first != second {
            return Err(Hinted::new(
                say(M.password_mismatch, lang, &[]),
                say(M.password_mismatch_hint, lang, &[]),
            )
            .into());
        }
        return Ok(first);
    }
    let mut line = String::new();
    stdin.lock().read_line(&mut line)?;
    let p = line.trim_end_matches(['\n', '\r']).to_string();
    if p.is_empty() {
        return Err(Hinted::new(
            say(M.password_none, lang, &[]),
            "printf '%s\\n' \"$PASSWORD\" | isoaudit users passwd NAME",
        )
        .into());
    }
    Ok(p)
}

/// A users file: one `[[user]]` table per user.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct UsersFile {
    #[serde(default)]
    user: Vec<toml::Spanned<UserRow>>,
}

/// One `[[user]]` as written; checked by [`users_of`].
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct UserRow {
    name: String,
    role: String,
    #[serde(default)]
    office: String,
    #[serde(default)]
    department: String,
    #[serde(default)]
    display_name: String,
    #[serde(default)]
    lang: Option<String>,
}

/// The users of a users file with the line each starts on (no password yet), or every problem
/// of it, each named by line with a hint. The same rules as `users add`.
fn users_of(src: &str, file: &str, lang: Lang) -> Result<Vec<(usize, User)>, Vec<Diagnostic>> {
    let at = |line: usize| Location {
        file: file.to_string(),
        line: Some(line as u32),
        ..Location::default()
    };
    let parsed: UsersFile = toml::from_str(src).map_err(|e| {
        let line = e.span().map_or(1, |s| crate::text::line_at(src, s.start));
        vec![
            Diagnostic::error(
                at(line),
                say(M.users_syntax, lang, &[("error", &e.message().trim())]),
            )
            .with_hint(say(M.users_syntax_hint, lang, &[])),
        ]
    })?;
    let mut out: Vec<(usize, User)> = Vec::new();
    let mut bad = Vec::new();
    for row in parsed.user {
        let line = crate::text::line_at(src, row.span().start);
        let r = row.into_inner();
        let name = r.name.trim().to_string();
        let problem = |m: String, h: String| Diagnostic::error(at(line), m).with_hint(h);
        if users::check_name(&name).is_err() {
            bad.push(problem(
                say(M.user_bad_name, lang, &[("name", &name.escape_debug())]),
                say(M.users_syntax_hint, lang, &[]),
            ));
            continue;
        }
        let Ok(role) = r.role.parse::<Role>() else {
            bad.push(problem(
                say(M.user_bad_role, lang, &[("name", &name), ("role", &r.role)]),
                say(M.user_bad_role_hint, lang, &[]),
            ));
            continue;
        };
        let (office, department) = (r.office.trim(), r.department.trim());
        if role == Role::DeptOwner && (office.is_empty() || department.is_empty()) {
            bad.push(problem(
                say(M.user_owner_needs, lang, &[("name", &name)]),
                say(M.user_owner_needs_hint, lang, &[]),
            ));
            continue;
        }
        if role != Role::DeptOwner && !department.is_empty() {
            bad.push(problem(
                say(
                    M.user_dept_not_owner,
                    lang,
                    &[("name", &name), ("role", &role.label(lang))],
                ),
                say(M.user_dept_not_owner_hint, lang, &[]),
            ));
            continue;
        }
        let page_lang = match r.lang.as_deref().map(str::trim) {
            None => Lang::Zh,
            Some(l) => match Lang::from_key(l) {
                Some(l) => l,
                None => {
                    bad.push(problem(
                        say(M.user_bad_lang, lang, &[("name", &name), ("lang", &l)]),
                        say(M.user_bad_lang_hint, lang, &[]),
                    ));
                    continue;
                }
            },
        };
        if let Some((first, _)) = out.iter().find(|(_, u)| u.name == name) {
            bad.push(problem(
                say(M.user_twice, lang, &[("name", &name), ("first", first)]),
                say(M.user_twice_hint, lang, &[]),
            ));
            continue;
        }
        out.push((
            line,
            User {
                name,
                role,
                office: office.to_string(),
                department: department.to_string(),
                lang: page_lang.key().into(),
                password_hash: String::new(),
                disabled: false,
                display_name: r.display_name.trim().to_string(),
                // An initial password was seen by whoever ran the import: the user replaces it.
                must_change: true,
            },
        ));
    }
    if bad.is_empty() { Ok(out) } else { Err(bad) }
}

/// A random initial password: 16 letters and digits without the look-alikes (0/O, 1/l/I), about
/// 92 bits; drawn without bias (bytes past the last whole multiple of the alphabet are skipped).
fn initial_password() -> Result<String, RegisterError> {
    const ALPHABET: &[u8] = b"abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let limit = 256 - 256 % ALPHABET.len();
    let mut out = String::new();
    while out.len() < 16 {
        for b in users::random_bytes::<32>()? {
            if usize::from(b) < limit && out.len() < 16 {
                out.push(char::from(ALPHABET[usize::from(b) % ALPHABET.len()]));
            }
        }
    }
    Ok(out)
}

/// A new file only the user may read (mode 0600 where there are modes); an existing file is an
/// error, never overwritten.
fn create_private(path: &Path) -> std::io::Result<std::fs::File> {
    let mut o = std::fs::OpenOptions::new();
    o.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut o, 0o600);
    o.open(path)
}

/// `users import FILE [--passwords-out FILE]`: the users of FILE not yet in the register, added
/// in one transaction, each with a random initial password said once (to the new passwords file,
/// else standard output). A bad row stops the whole import before anything is written.
fn import(
    g: &GlobalArgs,
    register_path: &Path,
    file: &Path,
    passwords_out: Option<&Path>,
    lang: Lang,
) -> anyhow::Result<Status> {
    let shown = file.display().to_string();
    let src = std::fs::read_to_string(file).map_err(|e| {
        Hinted::new(
            say(M.users_unreadable, lang, &[("file", &shown), ("error", &e)]),
            say(M.users_syntax_hint, lang, &[]),
        )
    })?;
    let rows = match users_of(&src, &shown, lang) {
        Ok(rows) => rows,
        Err(ds) => {
            printer::diagnostics(&ds, lang);
            return Err(Hinted::new(
                say(
                    M.users_bad_file,
                    lang,
                    &[("file", &shown), ("n", &ds.len())],
                ),
                say(M.users_bad_file_hint, lang, &[]),
            )
            .into());
        }
    };
    if let Some(p) = passwords_out
        && p.exists()
    {
        return Err(Hinted::new(
            say(M.passwords_exists, lang, &[("file", &p.display())]),
            say(M.passwords_exists_hint, lang, &[]),
        )
        .into());
    }
    let mut store = register::open(register_path, true).map_err(reg_err)?;
    let known: Vec<String> = with(store.as_mut(), Mode::Read, |tx| {
        let mut k = Vec::new();
        for (_, u) in &rows {
            if tx.user(&u.name)?.is_some() {
                k.push(u.name.clone());
            }
        }
        Ok(k)
    })
    .map_err(reg_err)?;
    let mut new_users = Vec::new();
    let mut passwords = String::new();
    for (_, mut u) in rows {
        if known.contains(&u.name) {
            printer::note(g.quiet, &say(M.user_known, lang, &[("name", &u.name)]));
            continue;
        }
        let p = initial_password().map_err(reg_err)?;
        u.password_hash = users::hash_password(&p).map_err(reg_err)?;
        passwords.push_str(&format!("{}\t{p}\n", u.name));
        new_users.push(u);
    }
    // The passwords are kept before the users exist, so that no user is added whose password
    // was never said; the file goes again if the register refuses the users.
    if let Some(p) = passwords_out
        && !new_users.is_empty()
    {
        let cannot = |e: std::io::Error| {
            Hinted::new(
                say(
                    M.passwords_cannot,
                    lang,
                    &[("file", &p.display()), ("error", &e)],
                ),
                say(M.passwords_exists_hint, lang, &[]),
            )
        };
        let mut f = create_private(p).map_err(|e| {
            if e.kind() == std::io::ErrorKind::AlreadyExists {
                Hinted::new(
                    say(M.passwords_exists, lang, &[("file", &p.display())]),
                    say(M.passwords_exists_hint, lang, &[]),
                )
            } else {
                cannot(e)
            }
        })?;
        f.write_all(passwords.as_bytes())
            .and_then(|()| f.sync_all())
            .map_err(cannot)?;
    }
    let added = with(store.as_mut(), Mode::Write, |tx| {
        for u in &new_users {
            // Checked again inside the write: a `users add` may have raced us.
            if tx.user(&u.name)?.is_some() {
                return Err(RegisterError::Invalid(say(
                    M.user_exists,
                    lang,
                    &[("name", &u.name)],
                )));
            }
            tx.put_user(u)?;
        }
        Ok(new_users.len())
    });
    let added = match added {
        Ok(n) => n,
        Err(e) => {
            if let Some(p) = passwords_out
                && !new_users.is_empty()
            {
                let _ = std::fs::remove_file(p);
            }
            return Err(reg_err(e));
        }
    };
    if added > 0 {
        match passwords_out {
            Some(p) => printer::note(
                g.quiet,
                &say(
                    M.passwords_written,
                    lang,
                    &[("n", &added), ("file", &p.display())],
                ),
            ),
            None => {
                printer::note(g.quiet, &say(M.passwords_printed, lang, &[("n", &added)]));
                printer::out(&passwords)?;
            }
        }
    }
    printer::note(
        g.quiet,
        &say(
            M.users_imported,
            lang,
            &[("file", &shown), ("added", &added), ("known", &known.len())],
        ),
    );
    Ok(Status::Clean)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sample_users_file_reads_clean() {
        let src = include_str!("../../samples/bureau/users.toml");
        let users = users_of(src, "users.toml", Lang::En).unwrap();
        assert_eq!(users.len(), 14);
        let (line, chen) = users.iter().find(|(_, u)| u.name == "chenjing").unwrap();
        assert_eq!(
            (chen.role, chen.display_name.as_str()),
            (Role::Auditor, "陈静")
        );
        // A row is named by the line its table starts on, or its first key.
        assert!((24..=25).contains(line), "{line}");
        assert!(users.iter().all(|(_, u)| u.password_hash.is_empty()));
    }

    #[test]
    fn every_bad_row_is_named_by_line() {
        let src = "[[user]]\nname = \"ok\"\nrole = \"reader\"\n\n\
                   [[user]]\nname = \"a b\"\nrole = \"reader\"\n\n\
                   [[user]]\nname = \"x\"\nrole = \"admin\"\n\n\
                   [[user]]\nname = \"o\"\nrole = \"dept-owner\"\noffice = \"hq\"\n\n\
                   [[user]]\nname = \"q\"\nrole = \"auditor\"\ndepartment = \"办公室\"\n\n\
                   [[user]]\nname = \"l\"\nrole = \"reader\"\nlang = \"fr\"\n\n\
                   [[user]]\nname = \"ok\"\nrole = \"auditor\"\n";
        let ds = users_of(src, "u.toml", Lang::En).unwrap_err();
        let said: Vec<String> = ds.iter().map(|d| d.render(Lang::En)).collect();
        assert_eq!(ds.len(), 6, "{said:#?}");
        for (d, words) in said.iter().zip([
            "a b",
            "admin",
            "office and department",
            "department is for",
            "\"fr\"",
            "twice",
        ]) {
            assert!(d.contains("u.toml") && d.contains(words), "{d}");
            assert!(d.contains("hint:"), "{d}");
        }
        let lines: Vec<Option<u32>> = ds.iter().map(|d| d.location.line).collect();
        assert!(lines.windows(2).all(|w| w[0] < w[1]), "{lines:?}");
        // A key the file does not know, and a broken line, are named too.
        let ds = users_of(
            "[[user]]\nname = \"a\"\nrole = \"reader\"\npassword = \"x\"\n",
            "u.toml",
            Lang::Zh,
        )
        .unwrap_err();
        assert!(ds[0].render(Lang::Zh).contains("password"), "{:?}", ds[0]);
        let ds = users_of("[[user]]\nname = \"a\n", "u.toml", Lang::En).unwrap_err();
        assert_eq!(ds[0].location.line, Some(2));
    }

    #[test]
    fn initial_passwords_are_long_and_differ() {
        let a = initial_password().unwrap();
        let b = initial_password().unwrap();
        assert_eq!(a.chars().count(), 16);
        assert!(
            a.chars()
                .all(|c| c.is_ascii_alphanumeric() && !"0O1lI".contains(c))
        );
        assert_ne!(a, b);
    }
}
