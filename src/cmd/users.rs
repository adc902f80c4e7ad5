//! `isoaudit users add|passwd|disable|list`: the people who may use `isoaudit serve`.
//!
//!   isoaudit users add zhangwei --role dept-owner --office linhu --department 行政许可股
//!   isoaudit users passwd zhangwei          (asked twice on a terminal, else read from stdin)
//!   isoaudit users disable zhangwei
//!   isoaudit users list --json
//!
//! Passwords are never arguments: they would stay in the shell's history and show in `ps`.

use super::printer::{self, M, say};
use super::{Hinted, reg_err, settings};
use crate::Status;
use crate::cli::{GlobalArgs, UsersArgs, UsersCommand};
use crate::model::Lang;
use crate::register::users::{self, Role, User};
use crate::register::{self, Mode, RegisterError, with};
use std::io::{BufRead, IsTerminal};

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
            users::check_name(&name)
                .map_err(|e| Hinted::new(e.to_string(), "e.g. zhangwei, zhang.wei or 张伟"))?;
            let role: Role = role
                .parse()
                .map_err(|e: String| Hinted::new(e, "e.g. --role dept-owner"))?;
            let office = office.unwrap_or_default().trim().to_string();
            let department = department.unwrap_or_default().trim().to_string();
            if role == Role::DeptOwner && (office.is_empty() || department.is_empty()) {
                return Err(Hinted::new(
                    "a dept-owner needs --office and --department",
                    "e.g. --office linhu --department 行政许可股 (the department as the findings name it)",
                )
                .into());
            }
            if role != Role::DeptOwner && !department.is_empty() {
                return Err(Hinted::new(
                    format!("--department is for dept-owners, not for a {role}"),
                    "leave --department out",
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
        UsersCommand::Passwd { name } => {
            let mut store = register::open(&a.register, false).map_err(reg_err)?;
            let mut u = find(store.as_mut(), &name, lang)?;
            u.password_hash =
                users::hash_password(&read_password(&name, lang)?).map_err(reg_err)?;
            u.disabled = false;
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
            return Err(Hinted::new(say(M.password_mismatch, lang, &[]), "type it again").into());
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
