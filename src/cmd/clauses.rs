//! `isoaudit clauses [list|show ID|find TEXT] [--from-2008 ID] [--lang zh|en] [--json]`
//!
//! Browse the clause catalog. Examples:
//!   isoaudit clauses                     the tree, English or Chinese titles
//!   isoaudit clauses show 7.5 --lang zh  one clause with sub-clauses, duties, 2008 correlation
//!   isoaudit clauses find 形成文件的信息    search titles in both languages, synonyms folded
//!   isoaudit clauses --from-2008 4.2.3   which 2015 clauses an old 2008 reference maps to

use super::{Hinted, printer, settings};
use crate::Status;
use crate::cli::{ClausesAction, ClausesArgs, GlobalArgs};
use crate::model::Clause;
use crate::model::{Say, Text};
use serde::Serialize;
use std::fmt::Write;

/// The JSON shape of one clause (`--json`).
#[derive(Serialize)]
struct ClauseJson<'a> {
    id: String,
    title_en: &'a str,
    title_zh: &'a str,
    untitled: bool,
    parent: Option<String>,
    depth: usize,
    documented_information: &'a [crate::model::DocumentedInfo],
    iso9001_2008: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    note_en: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    note_zh: Option<&'a str>,
}

fn to_json(c: &Clause) -> ClauseJson<'_> {
    ClauseJson {
        id: c.id.to_string(),
        title_en: &c.title_en,
        title_zh: &c.title_zh,
        untitled: c.untitled,
        parent: c.id.parent().map(|p| p.to_string()),
        depth: c.id.depth(),
        documented_information: &c.documented_information,
        iso9001_2008: &c.iso9001_2008,
        note_en: c.note_en.as_deref(),
        note_zh: c.note_zh.as_deref(),
    }
}

pub fn run(g: &GlobalArgs, a: ClausesArgs) -> anyhow::Result<Status> {
    let catalog = settings::catalog(g)?;
    let lang = settings::lang(g, None);
    let selected: Vec<&Clause> = if let Some(r) = &a.from_2008 {
        let found = catalog.from_2008(r);
        if found.is_empty() {
            return Err(Hinted::new(
                Text::new(Say::No2008Clause).with("value", r),
                Text::new(Say::No2008ClauseHint),
            )
            .into());
        }
        found
    } else {
        match &a.action {
            None | Some(ClausesAction::List) => catalog.iter().collect(),
            Some(ClausesAction::Show { id }) => {
                let c = catalog.resolve(id).map_err(|e| {
                    Hinted::new(
                        Text::new(Say::ClauseUnknown).with("value", &e.text),
                        crate::catalog::nearest_hint(&e.nearest),
                    )
                })?;
                if !a.json {
                    printer::out(&printer::clause_text(&catalog, c, lang))?;
                    return Ok(Status::Clean);
                }
                catalog.iter().filter(|x| x.id.is_within(&c.id)).collect()
            }
            Some(ClausesAction::Find { text }) => {
                let found = catalog.find(text);
                if found.is_empty() {
                    return Err(Hinted::new(
                        Text::new(Say::NoClauseMatches).with("value", text),
                        Text::new(Say::NoClauseMatchesHint),
                    )
                    .into());
                }
                found
            }
        }
    };
    if a.json {
        let v: Vec<ClauseJson> = selected.iter().map(|c| to_json(c)).collect();
        printer::out(&(serde_json::to_string_pretty(&v)? + "\n"))?;
    } else {
        let mut s = String::new();
        if let Some(r) = &a.from_2008 {
            let _ = writeln!(
                s,
                "{}",
                lang.pick(
                    &format!("ISO 9001:2008 {r} corresponds to ISO 9001:2015:"),
                    &format!("ISO 9001:2008 第{r}条 对应 GB/T 19001-2016:")
                )
            );
        }
        for c in &selected {
            s.push_str(&printer::tree_line(c, lang));
        }
        printer::out(&s)?;
    }
    Ok(Status::Clean)
}
