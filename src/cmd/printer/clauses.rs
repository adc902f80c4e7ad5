//! The clause tree of `clauses list` and one clause of `clauses show`, as the terminal shows them.

use crate::catalog::Catalog;
use crate::model::{Clause, DocumentedKind, Lang};
use std::fmt::Write;

pub(crate) fn tree_line(c: &Clause, lang: Lang) -> String {
    let indent = "  ".repeat(c.id.depth() - 1);
    let title = if c.untitled {
        lang.pick("(untitled paragraph)", "（无标题）").to_string()
    } else {
        c.title(lang).to_string()
    };
    format!("{indent}{:<8} {title}\n", c.id.to_string())
}

pub(crate) fn show(catalog: &Catalog, c: &Clause, lang: Lang) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "{} {}", c.id, c.title(lang));
    let other = match lang {
        Lang::En => &c.title_zh,
        Lang::Zh => &c.title_en,
    };
    let _ = writeln!(s, "  {other}");
    if c.untitled {
        let _ = writeln!(
            s,
            "  {}",
            lang.pick(
                "(a numbered paragraph without a title of its own)",
                "（本条仅有编号，无独立标题）"
            )
        );
    }
    if let Some(p) = c.id.parent().and_then(|p| catalog.get(&p)) {
        let _ = writeln!(
            s,
            "{}: {} {}",
            lang.pick("Parent", "上级条款"),
            p.id,
            p.title(lang)
        );
    }
    let children: Vec<&Clause> = catalog.children(&c.id).collect();
    if !children.is_empty() {
        let _ = writeln!(s, "{}:", lang.pick("Sub-clauses", "下级条款"));
        for ch in children {
            let t = if ch.untitled {
                lang.pick("(untitled paragraph)", "（无标题）")
            } else {
                ch.title(lang)
            };
            let _ = writeln!(s, "  {:<8} {t}", ch.id.to_string());
        }
    }
    let _ = writeln!(
        s,
        "{}:",
        lang.pick("Documented information", "成文信息要求")
    );
    // The clause's own, then its sub-clauses', each named where it is not the clause itself.
    let within: Vec<&Clause> = catalog
        .iter()
        .filter(|x| x.id.is_within(&c.id) && !x.documented_information.is_empty())
        .collect();
    if within.is_empty() {
        let _ = writeln!(
            s,
            "  {}",
            lang.pick(
                "none required by this clause or its sub-clauses",
                "本条及其下级条款未要求成文信息"
            )
        );
    }
    for x in within {
        for d in &x.documented_information {
            let kind = match (d.kind, lang) {
                (DocumentedKind::Maintain, Lang::En) => "maintain",
                (DocumentedKind::Retain, Lang::En) => "retain",
                (DocumentedKind::Maintain, Lang::Zh) => "保持",
                (DocumentedKind::Retain, Lang::Zh) => "保留",
            };
            let at = if x.id == c.id {
                String::new()
            } else {
                format!("{} ", x.id)
            };
            let _ = writeln!(s, "  {at}[{kind}] {}", lang.pick(&d.en, &d.zh));
        }
    }
    let c08 = if c.iso9001_2008.is_empty() {
        lang.pick("none (new in 2015)", "无（2015 版新增）")
            .to_string()
    } else {
        c.iso9001_2008.join(", ")
    };
    let _ = writeln!(
        s,
        "{}: {c08}",
        lang.pick("ISO 9001:2008", "对应 2008 版条款")
    );
    if let (Some(en), Some(zh)) = (&c.note_en, &c.note_zh) {
        let _ = writeln!(s, "{}: {}", lang.pick("Note", "注"), lang.pick(en, zh));
    }
    s
}
