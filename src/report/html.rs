//! `report.html` and `summary.html`: the Markdown report as a page for the browser, self-contained
//! (no network: styles, the chart and the little script are inline), with tables that sort and
//! filter, a chart of the results as inline SVG, and a print stylesheet for clean A4 pages.
//!
//! The page is made from the Markdown itself, so both say exactly the same: our Markdown is a
//! small known subset (headings, tables, lists, paragraphs) whose user text is already escaped
//! (`&`, `<`, `>` as entities, `|` and `\` with a backslash), which stays escaped here.

use crate::model::{AuditResult, Lang, Outcome};
use std::fmt::Write;

/// The audit report of one office as a page.
pub fn to_html(r: &AuditResult, lang: Lang) -> String {
    let md = super::to_markdown(r, lang);
    let nc_heading = format!("## {} ", super::pick(super::markdown::L.nc_report, lang));
    let title = format!(
        "{} — {}",
        super::pick(super::markdown::L.title, lang),
        r.audit.office_name
    );
    let chart = results_chart(r, lang);
    let counts = super::pick(super::markdown::L.counts, lang);
    page(
        &title,
        lang,
        &body(&md, &nc_heading, Some((counts, chart.as_str()))),
    )
}

/// The bureau's summary as a page.
pub fn summary_html(results: &[&AuditResult], lang: Lang) -> String {
    let md = super::summary::summary_markdown(results, lang);
    let title = md
        .lines()
        .next()
        .unwrap_or_default()
        .trim_start_matches('#')
        .trim()
        .to_string();
    page(&unescape_md(&title), lang, &body(&md, "\u{0}", None))
}

/// A Markdown-escaped text as HTML text: backslash escapes resolved (and made safe for HTML),
/// entities and `<br>` kept.
fn unescape_md(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('<') => out.push_str("&lt;"),
                Some('>') => out.push_str("&gt;"),
                Some('&') => out.push_str("&amp;"),
                Some('"') => out.push_str("&quot;"),
                Some(n) => out.push(n),
                None => out.push('\\'),
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// The cells of a Markdown table row (`| a | b\\|c |`), still escaped.
fn cells(line: &str) -> Vec<String> {
    let inner = line.trim().trim_start_matches('|');
    let inner = inner.strip_suffix('|').unwrap_or(inner);
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                cur.push('\\');
                if let Some(n) = chars.next() {
                    cur.push(n);
                }
            }
            '|' => out.push(std::mem::take(&mut cur)),
            c => cur.push(c),
        }
    }
    out.push(cur);
    out.into_iter().map(|c| c.trim().to_string()).collect()
}

/// The page body from our Markdown. Headings starting with `nc_heading` are marked as one
/// nonconformity report each (`data-nc`); a chart `(heading, svg)` goes after the first table
/// under a heading that holds `heading`.
fn body(md: &str, nc_heading: &str, chart: Option<(&str, &str)>) -> String {
    let mut out = String::new();
    let mut lines = md.lines().peekable();
    let mut chart = chart;
    let mut under_chart_heading = false;
    let mut in_list = false;
    while let Some(line) = lines.next() {
        let close_list = |out: &mut String, in_list: &mut bool| {
            if *in_list {
                out.push_str("</ul>\n");
                *in_list = false;
            }
        };
        if let Some(item) = line.strip_prefix("- ") {
            if !in_list {
                out.push_str("<ul>\n");
                in_list = true;
            }
            let _ = writeln!(out, "<li>{}</li>", unescape_md(item));
            continue;
        }
        close_list(&mut out, &mut in_list);
        if line.trim().is_empty() {
            continue;
        }
        let level = line.chars().take_while(|&c| c == '#').count();
        if (1..=4).contains(&level) && line[level..].starts_with(' ') {
            let text = unescape_md(line[level..].trim());
            let mark = if line.starts_with(nc_heading) {
                " data-nc"
            } else {
                ""
            };
            under_chart_heading = chart.is_some_and(|(h, _)| text.contains(h));
            let _ = writeln!(out, "<h{level}{mark}>{text}</h{level}>");
            continue;
        }
        if line.starts_with('|') {
            let head = cells(line);
            // The rule under the header row.
            lines.next_if(|l| l.starts_with("| ---") || l.starts_with("|---"));
            let mut rows = Vec::new();
            while let Some(l) = lines.next_if(|l| l.starts_with('|')) {
                rows.push(cells(l));
            }
            out.push_str(&table(&head, &rows));
            if under_chart_heading && let Some((_, svg)) = chart.take() {
                out.push_str(svg);
            }
            continue;
        }
        let _ = writeln!(out, "<p>{}</p>", unescape_md(line));
    }
    if in_list {
        out.push_str("</ul>\n");
    }
    out
}

/// A table that sorts by a click on its header; a long one gets a filter box.
fn table(head: &[String], rows: &[Vec<String>]) -> String {
    let mut t = String::from("<div class=\"table\">");
    if rows.len() > 5 {
        t.push_str(
            "<input class=\"filter\" type=\"search\" placeholder=\"⌕\" aria-label=\"filter\">",
        );
    }
    t.push_str("<table class=\"sortable\">\n<thead><tr>");
    for h in head {
        let _ = write!(t, "<th>{}</th>", unescape_md(h));
    }
    t.push_str("</tr></thead>\n<tbody>\n");
    for r in rows {
        t.push_str("<tr>");
        for c in r {
            let _ = write!(t, "<td>{}</td>", unescape_md(c));
        }
        t.push_str("</tr>\n");
    }
    t.push_str("</tbody></table></div>\n");
    t
}

/// A horizontal bar chart of the checklist rows by result, as inline SVG.
fn results_chart(r: &AuditResult, lang: Lang) -> String {
    let shown: Vec<(Outcome, u32)> = Outcome::ALL
        .into_iter()
        .filter(|o| !matches!(o, Outcome::NotAudited))
        .map(|o| (o, r.figures.by_result.get(&o).copied().unwrap_or(0)))
        .collect();
    let max = shown.iter().map(|&(_, n)| n).max().unwrap_or(0).max(1);
    let (label_w, bar_w, row_h) = (110, 360, 26);
    let height = shown.len() as u32 * row_h + 10;
    let mut svg = format!(
        r#"<figure class="chart"><svg xmlns="http://www.w3.org/2000/svg" width="{}" height="{height}" role="img" aria-label="{}">"#,
        label_w + bar_w + 50,
        super::pick(super::markdown::L.counts, lang)
    );
    for (i, (o, n)) in shown.iter().enumerate() {
        let y = i as u32 * row_h + 5;
        let w = n * bar_w / max;
        let _ = write!(
            svg,
            r##"<text x="{}" y="{}" text-anchor="end">{}</text><rect x="{label_w}" y="{y}" width="{w}" height="{}" fill="#{:06X}"/><text x="{}" y="{}">{n}</text>"##,
            label_w - 8,
            y + 16,
            o.label(lang),
            row_h - 8,
            super::outcome_colour(*o).0,
            label_w + w + 6,
            y + 16,
        );
    }
    svg.push_str("</svg></figure>\n");
    svg
}

pub(crate) const STYLE: &str = r#"
body { font-family: "Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", "SimSun", sans-serif; margin: 2em auto; max-width: 72em; padding: 0 1em; color: #222; line-height: 1.5; }
h1 { border-bottom: 2px solid #333; padding-bottom: .2em; }
h2 { margin-top: 1.6em; border-bottom: 1px solid #ccc; }
table { border-collapse: collapse; width: 100%; margin: .5em 0 1em; font-size: 92%; }
th, td { border: 1px solid #999; padding: .25em .5em; text-align: left; vertical-align: top; }
th { background: #D9E1F2; cursor: pointer; user-select: none; }
th[aria-sort="ascending"]::after { content: " ▲"; }
th[aria-sort="descending"]::after { content: " ▼"; }
input.filter { margin: .3em 0; padding: .2em .4em; width: 16em; }
figure.chart { margin: .5em 0 1.5em; }
figure.chart text { font-size: 13px; }
h2[data-nc] { break-before: page; }
@page { size: A4; margin: 18mm 15mm; }
@media print {
  body { margin: 0; max-width: none; font-size: 10.5pt; }
  input.filter { display: none; }
  th { cursor: auto; }
  tr, figure { break-inside: avoid; }
  thead { display: table-header-group; }
  h1, h2, h3 { break-after: avoid; }
}
"#;

/// Sorting by a header click (numbers as numbers) and filtering by the box above each table.
const SCRIPT: &str = r#"
document.querySelectorAll("table.sortable").forEach(function (table) {
  var body = table.tBodies[0];
  table.querySelectorAll("th").forEach(function (th, col) {
    th.addEventListener("click", function () {
      var asc = th.getAttribute("aria-sort") !== "ascending";
      table.querySelectorAll("th").forEach(function (h) { h.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", asc ? "ascending" : "descending");
      var rows = Array.prototype.slice.call(body.rows);
      rows.sort(function (a, b) {
        var x = a.cells[col] ? a.cells[col].textContent.trim() : "";
        var y = b.cells[col] ? b.cells[col].textContent.trim() : "";
        var nx = parseFloat(x), ny = parseFloat(y);
        var c = (!isNaN(nx) && !isNaN(ny)) ? nx - ny : x.localeCompare(y, "zh");
        return asc ? c : -c;
      });
      rows.forEach(function (r) { body.appendChild(r); });
    });
  });
  var box = table.parentNode.querySelector("input.filter");
  if (box) {
    box.addEventListener("input", function () {
      var q = box.value.toLowerCase();
      Array.prototype.forEach.call(body.rows, function (r) {
        r.style.display = r.textContent.toLowerCase().indexOf(q) >= 0 ? "" : "none";
      });
    });
  }
});
"#;

fn page(title: &str, lang: Lang, body: &str) -> String {
    let lang_tag = match lang {
        Lang::Zh => "zh-CN",
        Lang::En => "en",
    };
    format!(
        "<!DOCTYPE html>\n<html lang=\"{lang_tag}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n{body}<script>{SCRIPT}</script>\n</body>\n</html>\n",
        title.replace('<', "&lt;")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_escapes_stay_safe_in_html() {
        let md = "# T\n\n| a | b |\n| --- | --- |\n| x\\|y | &lt;script&gt;<br>z |\n\n- \\[link\\](http://x) \\\\ end\n";
        let html = body(md, "\u{0}", None);
        assert!(
            html.contains("<td>x|y</td><td>&lt;script&gt;<br>z</td>"),
            "{html}"
        );
        assert!(html.contains("<li>[link](http://x) \\ end</li>"), "{html}");
        assert!(!html.contains("<script>"));
        assert!(!html.contains("href"));
    }
}
