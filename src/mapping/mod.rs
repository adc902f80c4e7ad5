//! Text → clause matches with evidence. Rules are compiled once ([`Rules`]); each document is
//! matched in one pass over its lines (literals through one matcher, literal.rs; the few true
//! regexes behind a prefilter, explicit citations). A hit in the title or the file name counts
//! `title_factor` times, in a heading `heading_factor` times; repeated hits of one rule add
//! less and less, so a long text does not win by length alone. Document in, clauses out: the
//! folder walk, batches and threads are `crate::pipeline`'s.

mod boilerplate;
mod citation;
mod coverage;
mod literal;
pub mod overrides;
mod rules;

pub use citation::{Citation, find as find_citations};
pub use coverage::{CoverageRef, Summaries, coverage_and_gaps};
pub use rules::{EMBEDDED, Rule, Rules, RulesError, Settings, literal_terms};

use crate::catalog::Catalog;
use crate::model::{ClauseId, ClauseMatch, Confidence, DocumentMapping, Evidence, IgnoredLine};
use crate::scan::Extracted;
use crate::text::is_word_char;
use std::borrow::Cow;
use std::collections::BTreeMap;

/// Where in the document a hit was found; the order is the order evidence is shown in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Zone {
    Title,
    Heading,
    Body,
    /// Page headers and footers, document metadata, revision tables (boilerplate.rs): no
    /// weight, unless the document is about documented information.
    Boilerplate,
}

/// How many zones there are: the length of the per-zone count arrays.
const ZONES: usize = 4;

/// One match of a rule (or a citation) in the document. It borrows the line it was found in
/// and the rule's clause: a long document has thousands of hits and only a few become
/// evidence, so the term and snippet strings are made only for those.
#[derive(Debug, Clone)]
struct Hit<'a> {
    clause: Cow<'a, ClauseId>,
    /// Index into `Rules::rules`, or `None` for a citation.
    rule: Option<usize>,
    zone: Zone,
    line: u32,
    /// The line the hit is in (the file name's text for line 0), and where snippets come from.
    text: &'a str,
    shown: &'a str,
    /// The matched term is `text[start..end]`.
    start: usize,
    end: usize,
}

impl Hit<'_> {
    fn term(&self) -> &str {
        &self.text[self.start..self.end]
    }

    /// The words around the hit as a reader sees them (Chinese punctuation back, see
    /// [`crate::text::han_punctuation`]).
    fn snippet(&self) -> String {
        if self.line == 0 {
            crate::text::han_punctuation(self.shown).into_owned()
        } else {
            crate::text::han_punctuation(&snippet_around(self.text, self.start, self.end))
                .into_owned()
        }
    }
}

/// The hits of one document as the scan finds them. Every hit is counted by zone (the score
/// needs the counts: a literal's hits by literal, then added to each of its rules' counts
/// once the scan is done); a literal hit is kept only while it may still become evidence:
/// among the first `max_evidence` different terms (lower-cased) of its clause and zone.
/// Literal hits come in text order and evidence takes a clause's hits zone by zone in line
/// order, dropping terms already shown, so a later literal hit of a clause and zone that has
/// that many terms is never shown. Regex hits (found after all literal ones) and citations
/// are all kept. A Chinese bench document has about 1,600 literal hits; keeping them all
/// made a vector of ~160 KB per document, grown by copying.
struct Hits<'a> {
    list: Vec<Hit<'a>>,
    /// Regex hits by rule (index into `Rules::rules`) and zone; [`Hits::rule_tf`] adds
    /// the literal hits.
    counts: Vec<[u32; ZONES]>,
    /// Literal hits by literal (index into `Rules::literals`) and zone, and the literals hit
    /// so far, in order: a hit is counted once here instead of once for each of its
    /// literal's rules.
    literal_counts: Vec<[u32; ZONES]>,
    literals_hit: Vec<usize>,
    /// The literal hits kept, by clause (`Rules::clause_slot`) and zone: the literal (unless
    /// a `*` one, whose words differ) and the term lower-cased. A literal's next hits are
    /// told by its number, without lower-casing them.
    terms: Vec<[Vec<Kept<'a>>; ZONES]>,
    max: usize,
}

/// A literal hit kept as a possible piece of evidence: its literal (None for a `*` one) and
/// its term, lower-cased.
type Kept<'a> = (Option<usize>, Cow<'a, str>);

impl<'a> Hits<'a> {
    fn new(rules: &Rules) -> Self {
        let clauses = rules.clause_slot.iter().max().map_or(0, |m| m + 1);
        Hits {
            list: Vec::new(),
            counts: vec![[0; ZONES]; rules.rules.len()],
            literal_counts: vec![[0; ZONES]; rules.literals.len()],
            literals_hit: Vec::new(),
            terms: vec![Default::default(); clauses],
            max: rules.settings.max_evidence,
        }
    }

    /// A hit of literal `pattern` in `zone`, counted: whether it is the first hit of that
    /// literal in that zone.
    fn count_literal(&mut self, pattern: usize, zone: Zone) -> bool {
        let counts = &mut self.literal_counts[pattern];
        if *counts == [0; ZONES] {
            self.literals_hit.push(pattern);
        }
        counts[zone as usize] += 1;
        counts[zone as usize] == 1
    }

    /// A hit of rule `r`'s literal (counted already), kept if it may still become evidence.
    /// `slot` is the rule's `Rules::clause_slot`, passed by the caller that has the rules at
    /// hand; `literal` is the literal's number, None for a `*` literal. The hit
    /// itself is made by `make` only when it may be kept.
    fn literal(
        &mut self,
        slot: usize,
        zone: Zone,
        literal: Option<usize>,
        make: impl FnOnce() -> Hit<'a>,
    ) {
        let kept = &mut self.terms[slot][zone as usize];
        if kept.len() < self.max && (literal.is_none() || !kept.iter().any(|k| k.0 == literal)) {
            let hit = make();
            let term = lower_case(&hit.text[hit.start..hit.end]);
            if !kept.iter().any(|k| k.1 == term) {
                kept.push((literal, term));
                self.list.push(hit);
            }
        }
    }

    /// Hits by rule and zone: the regex hits and, for each literal hit, one for every rule of
    /// its literal, divided by how many clauses those rules speak for (a literal that several
    /// clauses' rules share counts for each as a fraction).
    /// Also, for each rule, how many different terms (literals, or its regexes) were hit
    /// outside boilerplate.
    fn rule_tf(&self, rules: &Rules) -> (Vec<[f64; ZONES]>, Vec<u32>) {
        let mut tf: Vec<[f64; ZONES]> = self.counts.iter().map(|c| c.map(f64::from)).collect();
        let mut terms: Vec<u32> = self
            .counts
            .iter()
            .map(|c| u32::from(c[..Zone::Boilerplate as usize].iter().any(|&n| n > 0)))
            .collect();
        for &p in &self.literals_hit {
            let lit = &rules.literals[p];
            let share = 1.0 / f64::from(lit.clauses.max(1));
            let counts = self.literal_counts[p];
            let outside = counts[..Zone::Boilerplate as usize].iter().any(|&n| n > 0);
            for &r in &lit.rules {
                for (t, n) in tf[r].iter_mut().zip(counts) {
                    *t += f64::from(n) * share;
                }
                terms[r] += u32::from(outside);
            }
        }
        (tf, terms)
    }

    /// A hit of a rule's regex: counted and kept.
    fn regex(&mut self, hit: Hit<'a>) {
        let r = hit.rule.expect("a regex hit has a rule");
        self.counts[r][hit.zone as usize] += 1;
        self.list.push(hit);
    }
}

/// Map one extracted document. `path` is the document's path relative to the scanned folder
/// (`/` separators); its file name counts as a title. Only clauses in `catalog` are kept.
pub fn map_document(
    path: &str,
    ex: &Extracted,
    rules: &Rules,
    catalog: &Catalog,
) -> DocumentMapping {
    let mut hits = Hits::new(rules);
    // The file name, without extension and with separators as spaces, is a title line (line 0).
    let file = path.rsplit('/').next().unwrap_or(path);
    let stem = file.rsplit_once('.').map_or(file, |(s, _)| s);
    let stem_text = crate::text::normalize(&stem.replace(['_', '-', '.'], " "));
    scan_line(&stem_text, 0, Zone::Title, file, rules, catalog, &mut hits);

    let heading_lines: BTreeMap<u32, &str> =
        ex.headings.iter().map(|(l, h)| (*l, h.as_str())).collect();
    let text = ex.text.as_str();
    // Where the lines start: as the text builder wrote them, or found here for a document
    // made some other way.
    let found_starts;
    let starts: &[usize] = if ex.line_starts.is_empty() && !text.is_empty() {
        found_starts = crate::scan::line_starts(text);
        &found_starts
    } else {
        &ex.line_starts
    };
    // Line `n` (from 1) as a byte range, without its line end.
    let line_range = |n: u32| {
        let (start, line) = LineCursor::line(text, starts, n as usize - 1);
        (start, start + line.len())
    };
    // The title line among the first twelve.
    let title_line = (1..=starts.len().min(12)).find_map(|i| {
        let (_, line) = LineCursor::line(text, starts, i - 1);
        (!ex.title.is_empty() && line.trim() == ex.title).then_some(i as u32)
    });
    // Zones as the literal scan sees them (boilerplate is known after it).
    let scan_zone = |n: u32| {
        if Some(n) == title_line {
            Zone::Title
        } else if heading_lines.contains_key(&n) {
            Zone::Heading
        } else {
            Zone::Body
        }
    };
    // The byte ranges of the title line and the heading lines, in order, with their zones: a
    // literal match's zone is told from where it starts, and its line is looked for only when
    // the match may be kept (most matches are only counted).
    let mut zone_lines: Vec<u32> = heading_lines.keys().copied().chain(title_line).collect();
    zone_lines.sort_unstable();
    zone_lines.dedup();
    let zone_ranges: Vec<(usize, usize, Zone)> = zone_lines
        .into_iter()
        .map(|n| {
            let (s, e) = line_range(n);
            (s, e, scan_zone(n))
        })
        .collect();
    // The whole text goes through each matcher once instead of line by line: the cost of
    // starting a search on every short line was most of the matching time. Hits come out in
    // the same order as a line-by-line scan (literals, then regexes, then citations, each
    // in text order), and `score` only sorts them stably, so the mapping is the same.
    // No literal spans a line break (`Rules::parse` refuses one), so every match lies within
    // one line and is the match a scan of that line finds.
    let mut cursor = LineCursor::new(text, starts);
    let mut next_range = 0;
    let mut markers: Vec<(usize, boilerplate::Kind)> = Vec::new();
    rules
        .matcher
        .for_each(text, &rules.literals, |p, start, end| {
            while zone_ranges.get(next_range).is_some_and(|r| r.1 <= start) {
                next_range += 1;
            }
            let zone = match zone_ranges.get(next_range) {
                Some(&(s, _, z)) if s <= start => z,
                _ => Zone::Body,
            };
            if let Some(kind) = rules.literals[p].marker {
                markers.push((start, kind));
            }
            literal_hit(p, zone, rules, &mut hits, || {
                let (n, line, at) = cursor.locate(start);
                Found {
                    line,
                    start: start - at,
                    end: end - at,
                    pattern: p,
                    n,
                    zone,
                    shown: line,
                }
            });
        });
    // Page headers and footers, metadata, revision tables (sorted line numbers, never the
    // title line): their literal hits move to the Boilerplate zone, found again by a scan of
    // those few lines.
    let boiler: Vec<u32> = if rules.settings.boilerplate {
        let heads: Vec<u32> = heading_lines.keys().copied().collect();
        let marker_lines: Vec<(u32, boilerplate::Kind)> = markers
            .iter()
            .map(|&(pos, k)| (starts.partition_point(|&s| s <= pos) as u32, k))
            .collect();
        let mut b = boilerplate::lines(text, starts, &heads, &marker_lines);
        b.retain(|&n| Some(n) != title_line);
        b
    } else {
        Vec::new()
    };
    for &n in &boiler {
        let was = scan_zone(n) as usize;
        let (s, e) = line_range(n);
        rules
            .matcher
            .for_each(&text[s..e], &rules.literals, |p, _, _| {
                let c = &mut hits.literal_counts[p];
                c[was] = c[was].saturating_sub(1);
                c[Zone::Boilerplate as usize] += 1;
            });
    }
    if !boiler.is_empty() {
        for h in hits.list.iter_mut() {
            if boiler.binary_search(&h.line).is_ok() {
                h.zone = Zone::Boilerplate;
            }
        }
    }
    let zone = |n: u32| {
        if boiler.binary_search(&n).is_ok() {
            Zone::Boilerplate
        } else {
            scan_zone(n)
        }
    };
    // True regexes only come with user rules; they keep the line-by-line scan.
    if let (Some(pre), Some(set)) = (&rules.prefilter, &rules.set) {
        for (i, line) in text.lines().enumerate() {
            let n = i as u32 + 1;
            if pre.is_match(line) {
                regex_hits(line, n, zone(n), line, set, rules, &mut hits);
            }
        }
    }
    // Citations: only lines holding a word every citation contains (no Chinese one in a text
    // whose characters are all one byte).
    let chars = text.chars().count();
    let mut cursor = LineCursor::new(text, starts);
    let mut last_line = 0;
    let mut edition = None;
    for pos in citation::keyword_positions(text, chars == text.len()) {
        let (n, line, _) = cursor.locate(pos);
        if n != last_line {
            last_line = n;
            citation_hits(line, n, zone(n), line, catalog, &mut hits);
            // The newest edition named decides: a 2016 procedure may name the 2008 one it
            // replaces.
            edition = edition.max(citation::edition(line));
        }
    }
    if let Some(year) = edition {
        for &n in heading_lines.keys() {
            if zone(n) == Zone::Heading {
                let (_, line) = LineCursor::line(text, starts, n as usize - 1);
                numbered_heading_hits(line, n, year, rules, catalog, &mut hits);
            }
        }
    }
    let named = [stem_text.as_str(), ex.title.as_str()]
        .into_iter()
        .find_map(|t| named_after(t, catalog))
        // Only a clause the rules know (a rules file can narrow the mapping to a few clauses).
        .filter(|id| rules.rules.iter().any(|r| &r.clause == id));
    let manual = [stem_text.as_str(), ex.title.as_str()]
        .into_iter()
        .any(is_manual);
    // The file name and the title line were scanned in the title zone: a word of another
    // subject counted there puts the document about that subject.
    let elsewhere =
        hits.literals_hit.iter().any(|&p| {
            rules.literals[p].elsewhere && hits.literal_counts[p][Zone::Title as usize] > 0
        }) || mostly_elsewhere(&hits, rules);
    let mut clauses = score(
        hits,
        rules,
        &heading_lines,
        text.len(),
        named.as_ref(),
        manual,
        elsewhere,
    );
    if !ex.pages.is_empty() {
        for e in clauses.iter_mut().flat_map(|c| c.evidence.iter_mut()) {
            e.page = ex.page_of(e.line);
        }
    }
    // A glossary defines the standard's words, every clause's among them, and addresses
    // none: only what it cites explicitly stays.
    if [stem_text.as_str(), ex.title.as_str()]
        .into_iter()
        .any(is_glossary)
    {
        clauses.retain(|c| c.evidence.iter().any(|e| e.rule == "citation"));
    }
    let ignored = if rules.settings.explain {
        boiler
            .iter()
            .take(20)
            .map(|&n| IgnoredLine {
                line: n,
                text: LineCursor::line(text, starts, n as usize - 1)
                    .1
                    .trim()
                    .to_string(),
            })
            .collect()
    } else {
        Vec::new()
    };
    DocumentMapping {
        path: path.to_string(),
        format: ex.format.clone(),
        encoding: ex.encoding.clone(),
        title: crate::text::han_punctuation(&ex.title).into_owned(),
        chars,
        clauses,
        ignored,
    }
}

/// Words of other subjects outnumber the standard's own specific words in the headings and
/// body: the document is about that subject (a privacy policy that never names itself one).
fn mostly_elsewhere(hits: &Hits, rules: &Rules) -> bool {
    let text_zones = |p: usize| {
        let c = hits.literal_counts[p];
        c[Zone::Heading as usize] + c[Zone::Body as usize]
    };
    let (mut other, mut ours) = (0, 0);
    for &p in &hits.literals_hit {
        let lit = &rules.literals[p];
        if lit.elsewhere {
            other += text_zones(p);
        } else if lit
            .rules
            .iter()
            .any(|&r| rules.rules[r].weight > rules.settings.generic_weight)
        {
            ours += text_zones(p);
        }
    }
    other >= MOSTLY_ELSEWHERE_MIN && other > ours
}

/// Fewer words of another subject than this say nothing of what a document is about.
const MOSTLY_ELSEWHERE_MIN: u32 = 5;

/// A document this long (bytes of text) is mapped section by section like a manual.
const LONG_DOCUMENT: usize = 40_000;

/// A title that names a manual (质量手册, 管理手册, quality manual, Handbuch): its sections
/// each cover their own clauses.
fn is_manual(title: &str) -> bool {
    const MANUAL: &[&str] = &["手册", "manual", "handbook", "handbuch"];
    let t = crate::text::normalize(title).to_lowercase();
    MANUAL.iter().any(|m| t.contains(m))
}

/// A title that names a glossary: terms and definitions, abbreviations (术语和定义, 缩略语,
/// Begriffe und Abkürzungen), and nothing else of substance.
fn is_glossary(title: &str) -> bool {
    const GLOSSARY: &[&str] = &[
        "glossary",
        "terms and definitions",
        "terms and abbreviations",
        "definitions and abbreviations",
        "abbreviations",
        "acronyms",
        "术语和定义",
        "术语与定义",
        "术语及定义",
        "名词解释",
        "缩略语",
        "术语表",
        "begriffe und abkürzungen",
        "begriffe und definitionen",
        "abkürzungsverzeichnis",
        "glossar",
    ];
    let t = crate::text::normalize(title).to_lowercase();
    GLOSSARY.iter().any(|g| t.contains(g))
}

/// The clause a document is named after: its title (or file name), without document codes,
/// numbers and a word such as 程序 / procedure, is a clause's title in the catalog, English or
/// Chinese (chapters, untitled paragraphs and "General" left out).
fn named_after(title: &str, catalog: &Catalog) -> Option<ClauseId> {
    const SUFFIXES: &[&str] = &[
        "控制程序",
        "管理程序",
        "工作程序",
        "程序文件",
        "程序",
        "管理办法",
        "管理制度",
        "实施细则",
        "工作规范",
        "管理规定",
        "制度",
        "规定",
        "办法",
        "规范",
        "procedures",
        "procedure",
        "process",
        "programme",
        "program",
        "plan",
        "guidelines",
        "guideline",
        "sop",
        "verfahren",
        "prozess",
    ];
    let lower = crate::text::normalize(title).to_lowercase();
    // Leading tokens that hold a digit (document codes, chapter numbers) go.
    let mut words: Vec<&str> = lower
        .split(|c: char| c.is_whitespace() || c == '_')
        .filter(|w| !w.is_empty())
        .collect();
    while words
        .first()
        .is_some_and(|w| w.chars().any(|c| c.is_ascii_digit()))
    {
        words.remove(0);
    }
    let mut t = words.join(" ");
    for _ in 0..2 {
        let trimmed = t.trim_matches(|c: char| !c.is_alphanumeric());
        let cut = SUFFIXES
            .iter()
            .find_map(|s| trimmed.strip_suffix(s))
            .unwrap_or(trimmed);
        t = cut.trim().to_string();
    }
    if t.chars().count() < 2 {
        return None;
    }
    catalog
        .iter()
        .filter(|c| c.id.depth() >= 2 && !c.untitled)
        .find(|c| {
            let en = c.title_en.to_lowercase();
            en != "general"
                && c.title_zh != "总则"
                && (en == t || crate::text::normalize(&c.title_zh) == t)
        })
        .map(|c| c.id.clone())
}

/// Finds the line of each position asked for, positions coming in increasing order, by
/// walking forward through the starts of the text's lines (`Extracted::line_starts`); lines
/// are numbered from 1 as `str::lines` counts them. A line is cut out once, however many
/// positions it holds, without searching the text for line ends.
struct LineCursor<'a> {
    text: &'a str,
    starts: &'a [usize],
    /// Index into `starts` of the current line, and the line without its end.
    at: usize,
    line: &'a str,
}

impl<'a> LineCursor<'a> {
    fn new(text: &'a str, starts: &'a [usize]) -> Self {
        let mut c = LineCursor {
            text,
            starts,
            at: 0,
            line: "",
        };
        c.cut();
        c
    }

    /// Line `i` (from 0) of `text`, whose lines start at `starts`: its offset, and the line
    /// without its end.
    fn line(text: &'a str, starts: &[usize], i: usize) -> (usize, &'a str) {
        let start = starts[i];
        let end = starts.get(i + 1).map_or(text.len(), |&s| s);
        let line = &text[start..end];
        let line = line.strip_suffix('\n').unwrap_or(line);
        (start, line.strip_suffix('\r').unwrap_or(line))
    }

    fn cut(&mut self) {
        if self.at < self.starts.len() {
            self.line = Self::line(self.text, self.starts, self.at).1;
        }
    }

    /// (line number, the line without its end, byte offset of the line in the text).
    #[inline]
    fn locate(&mut self, pos: usize) -> (u32, &'a str, usize) {
        let was = self.at;
        while self.starts.get(self.at + 1).is_some_and(|&s| s <= pos) {
            self.at += 1;
        }
        if self.at != was {
            self.cut();
        }
        let start = self.starts.get(self.at).copied().unwrap_or(0);
        (self.at as u32 + 1, self.line, start)
    }
}

/// Every hit in one line: literals, regexes, citations. `shown` is the text snippets come from
/// (the file name for line 0).
fn scan_line<'a>(
    line: &'a str,
    n: u32,
    zone: Zone,
    shown: &'a str,
    rules: &'a Rules,
    catalog: &Catalog,
    hits: &mut Hits<'a>,
) {
    rules
        .matcher
        .for_each(line, &rules.literals, |p, start, end| {
            literal_hit(p, zone, rules, hits, || Found {
                line,
                start,
                end,
                pattern: p,
                n,
                zone,
                shown,
            });
        });
    if let (Some(pre), Some(set)) = (&rules.prefilter, &rules.set)
        && pre.is_match(line)
    {
        regex_hits(line, n, zone, shown, set, rules, hits);
    }
    citation_hits(line, n, zone, shown, catalog, hits);
}

/// A match of a literal as the scan reports it: literal `pattern` (index into
/// `Rules::literals`) at `line[start..end]`, line `n`, in `zone`; `shown` is the text snippets
/// come from (the file name for line 0). Word boundaries are checked already.
#[derive(Clone, Copy)]
struct Found<'a> {
    line: &'a str,
    start: usize,
    end: usize,
    pattern: usize,
    n: u32,
    zone: Zone,
    shown: &'a str,
}

/// Count a match of literal `pattern` in `zone` and keep its hits that may become evidence;
/// `found` makes the match, which needs its line, only then. Inlined into the scan: most
/// matches are only counted, and a call for each shows in a profile.
#[inline(always)]
fn literal_hit<'a>(
    pattern: usize,
    zone: Zone,
    rules: &'a Rules,
    hits: &mut Hits<'a>,
    found: impl FnOnce() -> Found<'a>,
) {
    // A later hit of a literal (not a `*` one) in a zone is never kept: its term, lower-cased,
    // is that of the first, which each of the literal's rules either kept or did not keep
    // because its clause and zone had that term or all its terms; nothing is taken away
    // from those. Chinese text has a match every 63 bytes, nearly all such later hits.
    if hits.count_literal(pattern, zone) || rules.literals[pattern].prefix {
        keep_literal_hit(found(), rules, hits);
    }
}

/// The part of [`literal_hit`] for a match that may be kept, out of the scan loop: one hit
/// for each rule of the literal; a `*` literal takes the rest of its word.
#[inline(never)]
fn keep_literal_hit<'a>(f: Found<'a>, rules: &'a Rules, hits: &mut Hits<'a>) {
    let lit = &rules.literals[f.pattern];
    for &r in &lit.rules {
        hits.literal(
            rules.clause_slot[r],
            f.zone,
            (!lit.prefix).then_some(f.pattern),
            || Hit {
                clause: Cow::Borrowed(&rules.rules[r].clause),
                rule: Some(r),
                zone: f.zone,
                line: f.n,
                text: f.line,
                shown: f.shown,
                start: f.start,
                end: if lit.prefix {
                    word_end(f.line, f.end)
                } else {
                    f.end
                },
            },
        );
    }
}

/// The hits of the rules' regexes in one line.
fn regex_hits<'a>(
    line: &'a str,
    n: u32,
    zone: Zone,
    shown: &'a str,
    set: &regex::RegexSet,
    rules: &'a Rules,
    hits: &mut Hits<'a>,
) {
    for i in set.matches(line).iter() {
        let (re, r) = &rules.regexes[i];
        for m in re.find_iter(line) {
            hits.regex(Hit {
                clause: Cow::Borrowed(&rules.rules[*r].clause),
                rule: Some(*r),
                zone,
                line: n,
                text: line,
                shown,
                start: m.start(),
                end: m.end(),
            });
        }
    }
}

/// The hits of explicit clause citations in one line.
fn citation_hits<'a>(
    line: &'a str,
    n: u32,
    zone: Zone,
    shown: &'a str,
    catalog: &Catalog,
    hits: &mut Hits<'a>,
) {
    for c in citation::find(line) {
        let ids: Vec<ClauseId> = if c.year == Some(2008) {
            catalog
                .from_2008(&c.clause)
                .into_iter()
                .map(|x| x.id.clone())
                .collect()
        } else {
            c.clause
                .parse::<ClauseId>()
                .ok()
                .filter(|id| catalog.contains(id))
                .into_iter()
                .collect()
        };
        for id in ids {
            hits.list.push(Hit {
                clause: Cow::Owned(id),
                rule: None,
                zone,
                line: n,
                text: line,
                shown,
                start: c.start,
                end: c.end,
            });
        }
    }
}

/// A heading numbered by the standard in a document that names the standard's edition: `8.2.2
/// 内部审核` under GB/T 19001-2008 is a citation of 2008 8.2.2 (2015 9.2, through the catalog's
/// correlation); under the 2015/2016 edition, of the number itself. The heading's words must
/// agree (a rule of the clause, or of a clause within it or around it, or the clause's title,
/// in them), so a procedure's own section numbers (`5.2 工作程序`) are not taken for clauses.
fn numbered_heading_hits<'a>(
    line: &'a str,
    n: u32,
    year: u16,
    rules: &Rules,
    catalog: &Catalog,
    hits: &mut Hits<'a>,
) {
    let Some((number, start, end, words)) = citation::heading_number(line) else {
        return;
    };
    let ids: Vec<ClauseId> = if year < 2015 {
        catalog
            .from_2008(number)
            .into_iter()
            .map(|c| c.id.clone())
            .collect()
    } else {
        number
            .parse::<ClauseId>()
            .ok()
            .filter(|id| catalog.contains(id))
            .into_iter()
            .collect()
    };
    if ids.is_empty() {
        return;
    }
    let mut said: Vec<&ClauseId> = Vec::new();
    rules.matcher.for_each(words, &rules.literals, |p, _, _| {
        said.extend(
            rules.literals[p]
                .rules
                .iter()
                .map(|&r| &rules.rules[r].clause),
        );
    });
    let lower = crate::text::normalize(words).to_lowercase();
    let agrees = |id: &ClauseId| {
        said.iter().any(|c| c.is_within(id) || id.is_within(c))
            || catalog.get(id).is_some_and(|c| {
                let zh = crate::text::normalize(&c.title_zh);
                let en = c.title_en.to_lowercase();
                !c.untitled
                    && (lower.contains(&zh)
                        || (zh.contains(&lower) && lower.chars().count() >= 4)
                        || (en.len() >= 4 && lower.contains(&en)))
            })
    };
    for id in ids.into_iter().filter(|id| agrees(id)) {
        hits.list.push(Hit {
            clause: Cow::Owned(id),
            rule: None,
            zone: Zone::Heading,
            line: n,
            text: line,
            shown: line,
            start,
            end,
        });
    }
}

fn word_end(line: &str, from: usize) -> usize {
    line[from..]
        .char_indices()
        .find(|(_, c)| !is_word_char(*c))
        .map_or(line.len(), |(i, _)| from + i)
}

/// `s` in lower case, borrowed when that changes nothing: text of ASCII without capitals and
/// Han characters (most terms, looked at once per hit of a clause until its evidence is
/// complete) skips the Unicode case tables.
fn lower_case(s: &str) -> Cow<'_, str> {
    if s.chars()
        .all(|c| (c.is_ascii() && !c.is_ascii_uppercase()) || crate::text::is_han(c))
    {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(s.to_lowercase())
    }
}

/// About 24 characters either side of the match, on char boundaries, trimmed.
fn snippet_around(line: &str, start: usize, end: usize) -> String {
    const SIDE: usize = 24;
    let s = line[..start]
        .char_indices()
        .rev()
        .nth(SIDE - 1)
        .map_or(0, |(i, _)| i);
    let e = line[end..]
        .char_indices()
        .nth(SIDE)
        .map_or(line.len(), |(i, _)| end + i);
    let mut out = String::new();
    if s > 0 {
        out.push('…');
    }
    out.push_str(line[s..e].trim());
    if e < line.len() {
        out.push('…');
    }
    out
}

/// Sum the hits into clause scores and pick the evidence.
///
/// Each rule of a clause scores by zone, like a term of BM25: in the title (or file name) its
/// weight times `title_factor`, once; in headings its weight times `heading_factor`, and in
/// the body its weight, each saturating with repetition, (k1 + 1)·tf / (tf + k1·norm), where
/// the body's norm grows with the document's length (`b`, `avg_len`): a word said twice in a
/// page counts more than twice in a law of sixty pages. A hit of a term that several clauses'
/// rules share counts for each of them divided by how many they are (a word common to many
/// subjects tells little). Rules of `generic_weight` or less count only for a clause that has
/// other evidence; a clause whose own name is in the title gets `named_bonus`. Boilerplate
/// counts nothing, except in a document about documented information, where it is body text.
/// A document about another subject (`elsewhere`: 安全生产管理制度, Information Security Policy)
/// lists only the clauses its title names or it cites: its roles, risks and training are
/// those of that other system.
fn score(
    hits: Hits,
    rules: &Rules,
    headings: &BTreeMap<u32, &str>,
    text_len: usize,
    named: Option<&ClauseId>,
    manual: bool,
    elsewhere: bool,
) -> Vec<ClauseMatch> {
    let st = &rules.settings;
    let (tf, terms) = hits.rule_tf(rules);
    let hits = hits.list;
    // A document about documented information: a 7.5 rule hit in the title.
    let about_documents = rules.rules.iter().zip(&tf).any(|(r, t)| {
        t[Zone::Title as usize] > 0.0 && {
            let id = r.clause.to_string();
            id == "7.5" || id.starts_with("7.5.")
        }
    });
    let norm = 1.0 - st.b + st.b * (text_len as f64 / st.avg_len).max(0.1);
    let sat = |tf: f64, norm: f64| {
        if tf <= 0.0 {
            0.0
        } else {
            (st.k1 + 1.0) * tf / (tf + st.k1 * norm)
        }
    };
    // Points of `weight` for `t` hits (by zone).
    let points = |weight: f64, t: &[f64; ZONES]| {
        let mut body = t[Zone::Body as usize];
        if about_documents {
            body += t[Zone::Boilerplate as usize];
        }
        let title = if t[Zone::Title as usize] > 0.0 {
            st.title_factor as f64
        } else {
            0.0
        };
        weight
            * (title
                + st.heading_factor as f64 * sat(t[Zone::Heading as usize], 1.0)
                + sat(body, norm))
    };
    #[derive(Default, Clone, Copy)]
    struct Sum {
        specific: f64,
        generic: f64,
        named: bool,
        /// A heading names the clause: a section of the document is about it.
        headed: bool,
        cited: bool,
        /// A rule of the clause (not a generic one) is hit in the title or a heading.
        placed: bool,
        /// … in the title or the file name.
        titled: bool,
        /// Different terms of the clause's rules hit outside boilerplate.
        terms: u32,
    }
    let mut sums: BTreeMap<ClauseId, Sum> = BTreeMap::new();
    for (r, t) in tf.iter().enumerate() {
        if t.iter().all(|&x| x == 0.0) {
            continue;
        }
        let rule = &rules.rules[r];
        let p = points(rule.weight as f64, t);
        if p == 0.0 {
            continue;
        }
        let e = sums.entry(rule.clause.clone()).or_default();
        e.terms += terms[r];
        if rule.weight <= st.generic_weight {
            e.generic += p;
        } else {
            e.specific += p;
            e.titled |= t[Zone::Title as usize] > 0.0;
            e.placed |= e.titled || t[Zone::Heading as usize] > 0.0;
        }
        if rule.weight >= st.name_weight && t[Zone::Title as usize] > 0.0 {
            e.named = true;
        }
        if rule.weight >= st.name_weight && t[Zone::Heading as usize] > 0.0 {
            e.headed = true;
        }
    }
    // Citations: a page header's citation is a statement of the clause, so boilerplate counts
    // as body here.
    let mut citation_tf: BTreeMap<&ClauseId, [f64; ZONES]> = BTreeMap::new();
    for h in hits.iter().filter(|h| h.rule.is_none()) {
        let z = if h.zone == Zone::Boilerplate {
            Zone::Body
        } else {
            h.zone
        };
        citation_tf.entry(&*h.clause).or_insert([0.0; ZONES])[z as usize] += 1.0;
    }
    for (clause, t) in citation_tf {
        let e = sums.entry(clause.clone()).or_default();
        e.specific += points(st.citation_weight as f64, &t);
        e.cited = true;
    }
    // A title that is the clause's own title in the catalog ("Communication", "内部审核程序").
    if let Some(id) = named {
        let e = sums.entry(id.clone()).or_default();
        if !e.named {
            e.specific += (st.name_weight * st.title_factor) as f64;
            e.named = true;
        }
    }
    let mut scores: BTreeMap<ClauseId, f64> = sums
        .iter()
        // Evidence enough to list: the clause is in the title or a heading, cited, or at least
        // two of its terms are used; one word, however often repeated, is not enough.
        .filter(|(_, s)| s.specific > 0.0 && (s.named || s.placed || s.cited || s.terms >= 2))
        .map(|(id, s)| {
            let bonus = if s.named { st.named_bonus as f64 } else { 0.0 };
            (id.clone(), s.specific + s.generic + bonus)
        })
        .collect();
    roll_up(&mut scores, st.threshold as f64);
    let threshold = st.threshold as f64;
    let best = scores.values().copied().fold(0.0, f64::max);
    // Listed: over the threshold, and either near the best clause or the subject of a section
    // (a manual or a long document covers several clauses, each under its own heading).
    // Sections count so only in a manual (so titled) or a long document, not named after one
    // clause (a chapter named after its clause has headings for that clause's aspects, which
    // name other clauses), whose headings name three clauses or more.
    let sectioned = (manual || text_len >= LONG_DOCUMENT)
        && !sums.values().any(|s| s.named)
        && sums.values().filter(|s| s.headed).count() >= 3;
    let headed = |id: &ClauseId| sectioned && sums.get(id).is_some_and(|s| s.headed);
    // A manual covers most of the standard: manual_share, five times max_clauses.
    let (min_share, max_clauses) = if manual {
        (st.manual_share as f64, st.max_clauses * 5)
    } else {
        (st.min_share as f64, st.max_clauses)
    };
    // Beside the best clause, one whose words are in the title is listed whatever its share:
    // a second clause so found was right three times in four on the collections tuned on.
    let titled = |id: &ClauseId| sums.get(id).is_some_and(|s| s.titled);
    let mut listed: Vec<(ClauseId, f64)> = scores
        .into_iter()
        .filter(|(id, s)| {
            *s >= threshold && (s * 100.0 >= best * min_share || headed(id) || titled(id))
        })
        .filter(|(id, _)| !elsewhere || sums.get(id).is_some_and(|s| s.named || s.cited))
        .collect();
    listed.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    listed.truncate(max_clauses);
    // The confidence word: named or cited, or by score against the threshold.
    let confidence_of = |id: &ClauseId, score: f64| {
        let sum = sums.get(id).copied().unwrap_or_default();
        if sum.named || sum.cited || score >= st.strong_at * threshold {
            Confidence::Strong
        } else if score >= st.likely_at * threshold {
            Confidence::Likely
        } else {
            Confidence::Weak
        }
    };
    // Beside the document's best clause, a weak one (right a third of the time on the
    // collections tuned on) is not listed.
    let mut k = 0;
    listed.retain(|(id, s)| {
        k += 1;
        k == 1 || confidence_of(id, *s) != Confidence::Weak
    });

    // The hits of each listed clause, in hit order, sorted out in one pass over the hits.
    let slot_of = |id: &ClauseId| listed.iter().position(|(l, _)| l == id);
    let rule_slot: Vec<Option<usize>> = rules.rules.iter().map(|r| slot_of(&r.clause)).collect();
    let mut by_clause: Vec<Vec<&Hit>> = vec![Vec::new(); listed.len()];
    for h in &hits {
        if h.zone == Zone::Boilerplate && h.rule.is_some() && !about_documents {
            continue;
        }
        let slot = match h.rule {
            Some(r) => rule_slot[r],
            None => slot_of(&h.clause),
        };
        if let Some(i) = slot {
            by_clause[i].push(h);
        }
    }
    // A clause listed by rolling up its sub-clauses has no hits of its own: its evidence is
    // theirs, so no clause is shown without the words that put it there.
    for (i, (id, _)) in listed.iter().enumerate() {
        if by_clause[i].is_empty() {
            by_clause[i] = hits
                .iter()
                .filter(|h| !(h.zone == Zone::Boilerplate && h.rule.is_some() && !about_documents))
                .filter(|h| {
                    let clause: &ClauseId = h.rule.map_or(&h.clause, |r| &rules.rules[r].clause);
                    clause != id && clause.is_within(id)
                })
                .collect();
        }
    }

    listed
        .into_iter()
        .zip(by_clause)
        .map(|((id, score), mut hs)| {
            let confidence = confidence_of(&id, score);
            // Citations and title hits first, then headings, then body; earliest first.
            hs.sort_by_key(|h| (h.rule.is_some(), h.zone, h.line));
            let mut seen = std::collections::BTreeSet::new();
            let evidence = hs
                .into_iter()
                .filter(|h| seen.insert(lower_case(h.term())))
                .take(st.max_evidence)
                .map(|h| Evidence {
                    rule: h
                        .rule
                        .map_or_else(|| "citation".to_string(), |r| rules.rules[r].id.clone()),
                    heading: if h.line == 0 {
                        None
                    } else {
                        headings
                            .range(..=h.line)
                            .next_back()
                            .map(|(_, t)| crate::text::han_punctuation(t).into_owned())
                    },
                    term: h.term().to_string(),
                    line: h.line,
                    page: None,
                    snippet: h.snippet(),
                })
                .collect();
            ClauseMatch {
                id,
                score: score.round() as u32,
                confidence,
                evidence,
            }
        })
        .collect()
}

/// A document that addresses two or more sub-clauses of a clause (infrastructure, environment
/// and measuring resources of 7.1) addresses the clause itself: the parent gains half of its
/// children's scores. Chapters (4 … 10) are left alone, or every long document would map to
/// a chapter.
fn roll_up(scores: &mut BTreeMap<ClauseId, f64>, threshold: f64) {
    let mut gains: BTreeMap<ClauseId, (u32, f64)> = BTreeMap::new();
    for (id, s) in scores.iter() {
        if *s < threshold {
            continue;
        }
        if let Some(parent) = id.parent()
            && parent.depth() >= 2
        {
            let g = gains.entry(parent).or_default();
            g.0 += 1;
            g.1 += s;
        }
    }
    for (parent, (children, sum)) in gains {
        if children >= 2 {
            *scores.entry(parent).or_default() += sum / 2.0;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scan;

    /// Positions asked for in increasing order, near and far apart, at and between line ends,
    /// CRLF lines and empty ones: the line `str::lines` gives for each, with its number and
    /// offset.
    #[test]
    fn line_cursor_finds_the_line_of_every_position() {
        let pieces = ["ab", "审核", "\n", "\r\n", "\n\n", " x "];
        let mut rng = crate::TestRng::new(7);
        for _ in 0..300 {
            let text: String = (0..rng.below(30))
                .map(|_| pieces[rng.below(pieces.len())])
                .collect();
            let starts = crate::scan::line_starts(&text);
            let mut cursor = LineCursor::new(&text, &starts);
            let mut pos = 0;
            while pos < text.len() {
                if text.is_char_boundary(pos) {
                    let start = text[..pos].rfind('\n').map_or(0, |k| k + 1);
                    let n = text[..pos].matches('\n').count() as u32 + 1;
                    let line = text[start..].lines().next().unwrap_or("");
                    assert_eq!(cursor.locate(pos), (n, line, start), "{text:?} at {pos}");
                }
                pos += 1 + rng.below(12);
            }
        }
    }

    #[test]
    fn lower_case_equals_to_lowercase() {
        for t in [
            "内部审核",
            "audit-2",
            "Audit",
            "ÄNDERUNG",
            "für",
            "QMS质量",
            "ǅ",
            "İ",
            "",
        ] {
            assert_eq!(lower_case(t), t.to_lowercase(), "{t}");
        }
        assert!(matches!(lower_case("内部审核 plan"), Cow::Borrowed(_)));
    }

    fn map(name: &str, text: &str) -> DocumentMapping {
        let ex = scan::extract_bytes(name, text.as_bytes()).unwrap();
        map_document(name, &ex, &Rules::embedded(), &Catalog::embedded())
    }

    /// Issue 22, listing: beside the document's best clause, a clause only just over the
    /// threshold (weak) is not listed. The same text with the embedded settings lists its
    /// second clause as likely; with `likely_at` raised over that clause's score it is weak
    /// and goes, while the best clause stays, whatever its word.
    #[test]
    fn a_weak_clause_beside_the_best_is_not_listed() {
        let text = "工作安排\n一、每年开展内部审核，审核员按审核方案检查各科室，内审报告报局长。\n\
                    二、审核员参加培训，保存培训记录。\n";
        let ex = scan::extract_bytes("a.txt", text.as_bytes()).unwrap();
        let with = |src: &str| {
            let rules = Rules::parse(src, "r.toml").unwrap();
            map_document("a.txt", &ex, &rules, &Catalog::embedded())
        };
        let d = with(EMBEDDED);
        assert_eq!(ids(&d), ["9.2", "7.2"], "{d:#?}");
        assert_eq!(d.clauses[1].confidence, Confidence::Likely);
        let threshold = Rules::embedded().settings.threshold as f64;
        let second = f64::from(d.clauses[1].score) / threshold;
        let raised = EMBEDDED.replace("likely_at = 1.5", &format!("likely_at = {}", second + 0.1));
        assert_ne!(raised, EMBEDDED);
        let d = with(&raised);
        assert_eq!(ids(&d), ["9.2"], "{d:#?}");
    }

    fn top(d: &DocumentMapping) -> String {
        d.clauses
            .first()
            .map(|c| c.id.to_string())
            .unwrap_or_default()
    }

    #[test]
    fn chinese_procedures_map_to_their_clauses() {
        let d = map(
            "0-sop.md",
            "# 内部审核程序\n\n## 1 目的\n规定内审的策划、实施和报告。\n## 2 审核方案\n每年至少开展一次内部审核，审核员不得审核自己的工作。\n",
        );
        assert_eq!(top(&d), "9.2", "{d:#?}");
        let d = map(
            "新建文档.txt",
            "投诉处理程序\n1 目的\n及时处理服务对象的投诉，提高满意度。\n",
        );
        assert_eq!(top(&d), "9.1.2", "{d:#?}");
        let d = map(
            "a.txt",
            "计量检定工作规范\n1 范围\n本规范适用于强制检定计量器具的检定和校准。\n",
        );
        assert!(top(&d).starts_with("7.1.5"), "{d:#?}");
    }

    #[test]
    fn enterprise_and_traditional_chinese_vocabulary() {
        let d = map(
            "x.txt",
            "內部稽核程序\n一、目的\n規定內部稽核的規劃與執行。\n",
        );
        assert_eq!(top(&d), "9.2", "{d:#?}");
        let d = map(
            "x.txt",
            "客户满意度调查规定\n1 目的\n收集客户反馈，处理客户投诉。\n",
        );
        assert_eq!(top(&d), "9.1.2", "{d:#?}");
        let d = map(
            "x.txt",
            "矯正措施管理辦法\n1 目的\n對不符合事項進行原因分析。\n",
        );
        assert_eq!(top(&d), "10.2", "{d:#?}");
    }

    #[test]
    fn citations_weigh_most_and_evidence_points_at_them() {
        let d = map(
            "x.txt",
            "工作说明\n依据 GB/T 19001-2016 第8.5.1条 开展工作。\n",
        );
        assert_eq!(top(&d), "8.5.1");
        let ev = &d.clauses[0].evidence[0];
        assert_eq!((ev.rule.as_str(), ev.line), ("citation", 2));
        assert!(ev.snippet.contains("8.5.1"));
    }

    /// A document whose line starts were not recorded (made other than by the text builder)
    /// maps as the same document with them: the starts are found from its text.
    #[test]
    fn line_starts_found_when_not_recorded() {
        let text = "# 内部审核程序\n\n## 1 目的\n\n内部审核。审核方案。不合格。纠正措施。\n\nManagement review.\n";
        let ex = scan::extract_bytes("x.md", text.as_bytes()).unwrap();
        let mut bare = ex.clone();
        bare.line_starts.clear();
        let (rules, catalog) = (Rules::embedded(), Catalog::embedded());
        let with = map_document("x.md", &ex, &rules, &catalog);
        assert!(
            with.clauses
                .iter()
                .any(|c| c.evidence.iter().any(|e| e.line > 1))
        );
        assert_eq!(map_document("x.md", &bare, &rules, &catalog), with);
    }

    #[test]
    fn title_counts_more_than_body() {
        let a = map("x.md", "# Management review\n\nText.\n");
        let b = map("x.md", "# Notes\n\nWe hold a management review.\n");
        // One mention in the body is not evidence enough to list the clause at all (issue 22).
        assert!(a.clauses[0].score > b.clauses.first().map_or(0, |c| c.score));
    }

    /// Evidence is each clause's hits zone by zone (title, headings, body), in line order,
    /// each term once, up to max_evidence; the scan keeps only the literal hits that can be
    /// among them, and this is what it must still give.
    #[test]
    fn evidence_takes_zones_in_order_and_each_term_once() {
        let max = Rules::embedded().settings.max_evidence;
        assert_eq!(max, 5, "the expectation below is written for five");
        let d = map(
            "x.md",
            "# 文件控制程序\n\n## 1 档案\n\n档案。文件控制。归档。档案。记录控制。成文信息。\n\n\
             档案管理。成文信息。记录控制。\n",
        );
        let c = d
            .clauses
            .iter()
            .find(|c| c.id.to_string() == "7.5")
            .unwrap();
        let shown: Vec<(&str, u32)> = c
            .evidence
            .iter()
            .map(|e| (e.term.as_str(), e.line))
            .collect();
        assert_eq!(
            shown,
            [
                ("文件控制", 1),
                ("档案", 3),
                ("归档", 5),
                ("记录控制", 5),
                ("成文信息", 5)
            ]
        );
    }

    /// A clause listed because two of its sub-clauses are (7.1 from 7.1.3 and 7.1.5) shows
    /// their evidence: no clause is listed without the words that put it there.
    #[test]
    fn a_rolled_up_clause_shows_its_sub_clauses_evidence() {
        let d = map(
            "x.md",
            "# 设备与计量器具管理程序\n\n## 1 设备管理\n\n设备台账、设备维护保养、执法车辆维修。\n\n\
             ## 2 计量器具\n\n计量器具检定、校准证书、检定周期。\n",
        );
        let listed = ids(&d);
        assert!(listed.contains(&"7.1".to_string()), "{d:#?}");
        for c in &d.clauses {
            assert!(!c.evidence.is_empty(), "{} has no evidence: {d:#?}", c.id);
        }
    }

    /// Issue 22, out of scope: a fire-safety rule and an IT acceptable-use policy speak of
    /// training, inspections and records like any procedure, but are about other subjects;
    /// with the words of those subjects in their titles they list no clause (before: 7.2
    /// likely, 8.5.1 weak). A document of another system named after a clause keeps it, and
    /// 安全生产 no longer reads as 生产管理. Nor does a text whose words are mostly another
    /// subject's, whatever its title.
    #[test]
    fn documents_about_other_subjects_list_only_what_they_plainly_address() {
        let fire = "消防安全管理制度\n1 目的\n为加强本局消防安全管理，预防火灾事故，制定本制度。\n\
                    2 职责\n办公室负责消防设施、器材的日常管理和维护保养。\n3 管理要求\n\
                    3.1 每年组织全体人员进行消防培训和疏散演练，培训记录归档保存。\n\
                    3.2 办公室每月检查灭火器和应急照明，发现问题及时整改。\n4 记录\n\
                    消防设施检查记录、消防培训记录。\n";
        assert_eq!(
            ids(&map("消防安全管理制度.txt", fire)),
            Vec::<String>::new()
        );
        let aup = "# Acceptable Use Policy\n\n## Purpose\nAcceptable use of computers, network \
                   and email. Employees complete security awareness training each year.\n\n\
                   ## Rules\nUse strong passwords. Report suspected malware to the service \
                   desk. Records of acknowledgement are retained.\n\n## Enforcement\n\
                   Violations may lead to disciplinary action.\n";
        assert_eq!(ids(&map("aup.md", aup)), Vec::<String>::new());
        let audit = "信息安全管理体系内部审核程序\n1 目的\n规定内部审核的策划和实施。\n\
                     2 审核方案\n每年制定审核方案，审核员不审核本部门工作。\n";
        assert_eq!(top(&map("x.txt", audit)), "9.2");
        let safety = "安全生产管理制度\n1 目的\n规定本单位安全生产管理要求。\n";
        assert_eq!(ids(&map("x.txt", safety)), Vec::<String>::new());
        // A privacy text whose title does not say so: its own words outnumber the
        // standard's, so the training and records it mentions map nothing.
        let measures = "# Technical and Organisational Measures\n\n## Access\nPersonal data is \
                        protected by encryption and firewalls; passwords are changed yearly.\n\n\
                        ## Staff\nStaff receive data protection training and their training \
                        records and competence are kept; privacy incidents are reported.\n\n\
                        ## Development\nPrivacy by design in software development: personal \
                        data in test data is masked; GDPR records of processing are retained.\n";
        assert_eq!(ids(&map("tom.md", measures)), Vec::<String>::new());
        // A procedure that mentions a password once is still about its own subject.
        let docs = "# Document Control Procedure\n\n## Approval\nDocuments are reviewed and \
                    approved before issue; the document number and revision are recorded.\n\n\
                    ## Storage\nThe document management system is protected by a password.\n";
        assert_eq!(top(&map("dc.md", docs)), "7.5");
    }

    /// A printed procedure whose first line is the company's name and whose file name is a
    /// code: its title is the procedure's name under the letterhead, and the clause it names
    /// comes first and strong (before: the title was the company, 8.7 only `likely`).
    #[test]
    fn the_title_under_a_letterhead_names_the_document() {
        let text = "东港市华彩印刷有限公司\n程序文件\n不合格品控制程序\n\
                    文件编号：HC-QP-13  版本：A/0\n1 目的\n对不合格品进行识别和控制。\n\
                    2 职责\n质检部负责不合格品的标识、隔离和评审；生产部负责返工。\n";
        let d = map("QP-13.txt", text);
        assert_eq!(d.title, "不合格品控制程序");
        assert_eq!(top(&d), "8.7", "{d:#?}");
        assert_eq!(d.clauses[0].confidence, Confidence::Strong, "{d:#?}");
        // A section named 程序 is no document's name, nor a sentence ending in 规定.
        let d = map(
            "x.txt",
            "某某局\n1 目的\n依据《行政许可法》和本局相关规定\n4 程序\n受理。\n",
        );
        assert_eq!(d.title, "某某局");
    }

    /// Issue 22, boilerplate: a printed procedure's first line is its page header (organisation
    /// and 文件编号), its name sits among the header's fields, and its 相关文件 and 质量记录
    /// sections list other procedures by their titles. The name is found in the header, and
    /// the titles listed name no clause of the document: an equipment procedure is 7.1.3, not
    /// 7.5, 8.7 or 10.2. The same titles in the procedure's steps still count.
    #[test]
    fn a_procedures_reference_sections_and_page_header_name_no_clause() {
        let head = "东港市质量技术监督局 文件编号：DG-CX-12\n\
                    设备管理程序 版本：A/0 第1页 共3页\n\
                    1 目的\n对检测设备和办公设备的购置、验收、使用、维护和报废进行控制。\n\
                    2 职责\n办公室负责设备台账；各科室负责本科室设备的日常维护保养。\n\
                    3 工作程序\n3.1 设备购置\n科室提出购置申请，经批准后由办公室组织采购。\n\
                    3.2 设备维护\n使用人员定期维护保养设备，填写维护保养记录。\n";
        let refs = "4 相关文件\n4.1 《文件控制程序》\n4.2 《不合格品控制程序》\n\
                    4.3 《纠正措施控制程序》\n5 质量记录\n5.1 《设备台账》\n5.2 《设备维护保养记录》\n";
        let d = map("DG-CX-12.txt", &format!("{head}{refs}"));
        assert_eq!(d.title, "设备管理程序");
        assert_eq!(top(&d), "7.1.3", "{d:#?}");
        for other in ["7.5", "8.7", "10.2"] {
            assert!(
                !ids(&d).iter().any(|c| c.starts_with(other)),
                "{other}: {d:#?}"
            );
        }
        // Written into its steps, the same references are the procedure's own text.
        let steps = "3.3 设备故障\n故障设备按《不合格品控制程序》标识隔离，不合格品评审后处置；\
                     重复发生的按《纠正措施控制程序》采取纠正措施，分析原因。\n";
        let d = map("DG-CX-12.txt", &format!("{head}{steps}"));
        assert!(ids(&d).contains(&"8.7".to_string()), "{d:#?}");
    }

    fn ids(d: &DocumentMapping) -> Vec<String> {
        d.clauses.iter().map(|c| c.id.to_string()).collect()
    }

    /// Issue 22, boilerplate: the metadata block and page footer of a controlled document
    /// (文件编号, 版本, 编制/审核/批准, 第 N 页 共 M 页, a revision table) say nothing of its
    /// subject: an equipment procedure maps to 7.1.3, not 7.5 or 9.2, and shows none of it
    /// as evidence. In a document about document control the same block counts.
    #[test]
    fn boilerplate_weighs_nothing_except_in_document_control() {
        let block = "文件编号：DG-QP-12  版本：B/1  受控状态：受控\n\
                     编制：李强  审核：王敏  批准：张伟\n\
                     | 版本 | 日期 | 修订内容 | 批准 |\n\
                     | A/0 | 2024-01-02 | 初版发布，文件审核 | 张伟 |\n";
        let footer = "东港市质量技术监督局 第1页 共3页\n";
        let body = "1 目的\n规定设备管理和设施设备的维护，确保办公设备和执法车辆完好。\n\
                    2 职责\n办公室负责设备台账和设备维护保养。\n";
        let text = format!(
            "设备管理程序\n{block}{body}{f}{body}{f2}{body}{f3}",
            f = footer,
            f2 = footer.replace("第1页", "第2页"),
            f3 = footer.replace("第1页", "第3页")
        );
        let d = map("x.txt", &text);
        assert_eq!(top(&d), "7.1.3", "{d:#?}");
        assert!(
            !ids(&d).iter().any(|c| c.starts_with("7.5") || c == "9.2"),
            "{d:#?}"
        );
        assert!(
            d.clauses
                .iter()
                .flat_map(|c| &c.evidence)
                .all(|e| !(2..=5).contains(&e.line)),
            "no evidence from the metadata block: {d:#?}"
        );
        // A page header naming "Document control" on every page: counted as text it made 7.5
        // nearly the top clause of this storage procedure.
        let d = map(
            "x.txt",
            "Storage of goods\n\
             Document control: QP-12   Revision: 3   Approved by: Quality Manager\n\
             1 Purpose\nKeep goods in storage dry and labelled; check the storage area weekly.\n\
             ACME Ltd  Document control QP-12  Page 1 of 3\n\
             2 Handling\nPackaging and handling of stored goods; first in, first out.\n\
             ACME Ltd  Document control QP-12  Page 2 of 3\n\
             3 Records\nStock checks are written in the storage log.\n\
             ACME Ltd  Document control QP-12  Page 3 of 3\n",
        );
        assert_eq!(ids(&d), ["8.5.4"], "{d:#?}");
        let text = format!("文件控制程序\n{block}1 目的\n规定文件的编制、审核、批准和发放。\n");
        let d = map("x.txt", &text);
        assert_eq!(top(&d), "7.5", "{d:#?}");
    }

    /// Issue 22, title: a document named after a clause ranks that clause first, though its
    /// body talks at length of another clause's subject.
    #[test]
    fn a_document_named_after_a_clause_ranks_it_first() {
        let d = map(
            "QP-09 不合格品控制程序.txt",
            "不合格品控制程序\n1 目的\n对不合格的服务结果进行标识和处置。\n\
             2 要求\n发现不合格时采取纠正措施，分析原因，实施纠正措施并验证纠正措施的有效性。\n\
             纠正措施完成后关闭。纠正措施记录归档。\n",
        );
        assert_eq!(top(&d), "8.7", "{d:#?}");
        assert_eq!(d.clauses[0].confidence, Confidence::Strong);
        // The clause's catalog title as the file name is enough, in English too.
        let d = map(
            "0320_Communication.md",
            "# Notes\n\nWho tells whom what, when and how.\n",
        );
        assert_eq!(top(&d), "7.4", "{d:#?}");
    }

    /// Issue 22, listing: a title that names two subjects lists both, though the body is mostly
    /// about the first; under a title of the first alone the second's few words are not enough.
    #[test]
    fn a_second_subject_in_the_title_is_listed() {
        let body = "1 目的\n对产品的进货检验、过程检验和最终检验进行控制，确保只有检验合格的产品才能放行。\n\
                    2 职责\n检验科负责各阶段的检验和试验，填写检验记录；质量负责人批准放行。\n\
                    3 工作程序\n3.1 进货检验：物资到货后，检验员按验收标准抽样检验，合格后办理入库。\n\
                    3.2 过程检验：各工序完成后，检验员按检验规程进行检验，不合格的不得转入下道工序。\n\
                    3.3 最终检验：产品完工后进行最终检验，检验合格并经质量负责人批准后方可放行交付。\n\
                    3.4 检验记录应写明检验依据、检验结果和检验人员，由检验科保存。\n\
                    3.5 检验所用仪器由检验科负责日常维护。\n";
        let d = map(
            "检验和设备管理程序.txt",
            &format!("检验和设备管理程序\n{body}"),
        );
        assert_eq!(ids(&d), ["8.6", "7.1.3"], "{d:#?}");
        let share = f64::from(d.clauses[1].score) * 100.0 / f64::from(d.clauses[0].score);
        assert!(
            share < Rules::embedded().settings.min_share as f64,
            "{d:#?}"
        );
        let d = map("检验程序.txt", &format!("检验程序\n{body}"));
        assert_eq!(ids(&d), ["8.6"], "{d:#?}");
    }

    /// Issue 22, title: the usual names of an enterprise's or an office's 程序文件 rank their
    /// clause first over a body that says nothing particular.
    #[test]
    fn usual_procedure_titles_rank_their_clause() {
        for (title, clause) in [
            ("文件控制程序", "7.5"),
            ("管理评审控制程序", "9.3"),
            ("内部审核控制程序", "9.2"),
            ("基础设施控制程序", "7.1.3"),
            ("监视和测量设备控制程序", "7.1.5"),
            ("与顾客有关的过程控制程序", "8.2"),
            ("设计和开发控制程序", "8.3"),
            ("采购控制程序", "8.4"),
            ("生产过程控制程序", "8.5.1"),
            ("产品标识和可追溯性控制程序", "8.5.2"),
            ("产品防护控制程序", "8.5.4"),
            ("不合格品控制程序", "8.7"),
            ("纠正和预防措施控制程序", "10.2"),
            ("顾客满意度测量控制程序", "9.1.2"),
            ("成品检验规程", "8.6"),
            ("风险和机遇控制程序", "6.1"),
            ("质量目标管理程序", "6.2"),
            ("信息沟通控制程序", "7.4"),
            ("仓库管理制度", "8.5.4"),
            ("生产计划管理程序", "8.1"),
            ("Document Control Procedure", "7.5"),
            ("Calibration Procedure", "7.1.5"),
            ("Control of Nonconforming Product", "8.7"),
            ("Design Control Procedure", "8.3"),
            ("Change Control Procedure", "8.5.6"),
            ("Servicing Procedure", "8.5.5"),
            ("Equipment Maintenance", "7.1.3"),
            ("Process Validation", "8.5.1"),
            ("Receiving Inspection", "8.4"),
            ("Final Inspection and Release", "8.6"),
            // The 2008 edition's names, under which old procedures are still filed.
            ("预防措施控制程序", "6.1"),
            ("Management Responsibility", "5.1"),
            ("Product Realization Planning", "8.1"),
            ("Monitoring and Measurement of Product", "8.6"),
            ("Analysis of Data", "9.1"),
            // A manufacturer's procedures: outsourced work, first-article inspection,
            // customer property, tooling.
            ("外协加工控制程序", "8.4"),
            ("首件检验管理规定", "8.6"),
            ("客户财产管理程序", "8.5.3"),
            ("工装模具管理程序", "7.1.3"),
            // A laboratory's records and a medical-device maker's SOPs.
            ("期间核查记录表", "7.1.5"),
            ("Material Review Board", "8.7"),
            ("Cleanroom Environmental Monitoring", "7.1.4"),
        ] {
            let d = map(
                &format!("{title}.txt"),
                &format!(
                    "{title}\n1 目的\n为规范本单位的相关工作，特制定本文件。\n2 适用范围\n适用于本单位。\n"
                ),
            );
            assert!(
                top(&d) == clause || top(&d).starts_with(&format!("{clause}.")),
                "{title}: {:?}",
                ids(&d)
            );
        }
    }

    /// Issue 22, generic words: a word the standard shares with everyday language (能力,
    /// 培训 once, 不合格, 改进) does not list a clause on its own.
    #[test]
    fn single_generic_words_do_not_list_a_clause() {
        let d = map(
            "车辆使用规定.txt",
            "公务车辆使用规定\n1 驾驶员应具备安全驾驶能力，参加一次安全培训。\n\
             2 车况不合格的车辆不得出车，发现问题及时改进。\n3 执法车辆统一停放，定期维护。\n",
        );
        let listed = ids(&d);
        for c in ["7.2", "10.2", "10.1"] {
            assert!(!listed.contains(&c.to_string()), "{c} listed: {d:#?}");
        }
    }

    /// A word that holds a clause's word and means something else takes its place: 医疗机构设置
    /// is not 机构设置 (5.3), 服务器 not 服务.
    #[test]
    fn neutral_words_hide_the_clause_words_inside_them() {
        let d = map(
            "医疗机构设置规划.md",
            "# 医疗机构设置规划\n\n本市医疗机构设置规划按区域编制，医疗机构设置应当符合规划。\n\
             医疗机构设置审批由卫生健康部门负责，服务器和机房由信息中心维护。\n",
        );
        assert!(!ids(&d).contains(&"5.3".to_string()), "{:?}", ids(&d));
        let without = map(
            "机构设置规划.md",
            "# 机构设置规划\n\n本局机构设置按职能划分，机构设置应当符合规划，职责和权限明确。\n",
        );
        assert_eq!(top(&without), "5.3");
    }

    /// Issue 22, out of scope: a document that does not address the standard gets no clause.
    #[test]
    fn out_of_scope_documents_get_no_clause() {
        for (name, text) in [
            (
                "消防安全管理规定.txt",
                "消防安全管理规定\n1 办公楼内禁止吸烟，禁止私拉电线。\n\
                 2 灭火器每月检查一次压力，疏散通道保持畅通。\n3 发现火情立即拨打119。\n",
            ),
            (
                "annual-leave.md",
                "# Annual leave\n\nStaff take up to 20 days of paid leave a year. Ask your line \
                 manager two weeks ahead; unused days lapse at the end of March.\n",
            ),
        ] {
            let d = map(name, text);
            assert!(d.clauses.is_empty(), "{name}: {d:#?}");
        }
    }

    /// Issue 22, out of scope: a glossary names every clause's subject and addresses none.
    #[test]
    fn a_glossary_gets_no_clause() {
        let d = map(
            "0770_Terms_and_Abbreviations.md",
            "# Terms and Abbreviations\n\n| term | meaning |\n| --- | --- |\n\
             | Internal audit | an audit done by the organization itself; see audit programme |\n\
             | Management review | top management's review of the QMS |\n\
             | Corrective action | action on the root cause of a nonconformity |\n\
             | Supplier | external provider of products or services |\n",
        );
        assert!(d.clauses.is_empty(), "{d:#?}");
    }

    /// Issue 22, sections: a manual lists the clause of each section whose heading names one,
    /// however much longer another section is.
    #[test]
    fn a_manual_lists_the_clause_of_each_section() {
        let d = map(
            "质量手册.md",
            "# 质量手册\n\n## 1 质量管理体系范围\n本局全部行政许可和行政执法工作。\n\n\
             ## 2 质量方针\n依法行政，优质服务。\n\n## 3 质量目标\n办结率100%。\n\n\
             ## 4 内部审核\n每年开展内部审核，审核员独立于受审核部门，编制审核方案和审核计划，\
             审核发现形成审核报告，内部审核结果提交管理评审。\n",
        );
        let listed = ids(&d);
        for c in ["4.3", "5.2", "6.2", "9.2"] {
            assert!(listed.contains(&c.to_string()), "{c} missing: {listed:?}");
        }
        // Each clause's evidence says which section covers it, and the table shows it.
        let m = d
            .clauses
            .iter()
            .find(|c| c.id.to_string() == "9.2")
            .unwrap();
        assert!(
            m.evidence
                .iter()
                .all(|e| e.heading.as_deref() == Some("4 内部审核")),
            "{m:#?}"
        );
        let mapping = crate::model::Mapping {
            documents: vec![d],
            ..Default::default()
        };
        let table =
            crate::report::mapping::table(&mapping, &Catalog::embedded(), crate::model::Lang::Zh);
        assert!(table.contains("· 3 质量目标)"), "{table}");
        assert!(table.contains("· 4 内部审核)"), "{table}");
    }

    /// Issue 22, 2008 citations: a clause number cited from ISO 9001:2008 / GB/T 19001-2008
    /// maps through the catalog's correlation (2008 8.2.2 internal audit is 2015 9.2), never
    /// as if it were a 2015 number (2015 8.2.2 is about requirements).
    #[test]
    fn headings_numbered_by_the_2008_standard_map_through_the_correlation() {
        // An old manual: its sections are numbered by GB/T 19001-2008 (8.2.2 internal audit is
        // 2015 9.2; 7.4 purchasing is 8.4; 4.2.3 document control is 7.5).
        let d = map(
            "公司文件汇编.txt",
            "公司文件汇编\n本文件依据GB/T 19001-2008编制。\n\
             4.2.3 文件控制\n公司的文件经批准后发放。\n\
             7.4 采购\n采购的产品应符合规定的要求，对供方进行评价。\n\
             8.2.2 内部审核\n公司每年进行一次内审。\n",
        );
        let listed = ids(&d);
        for want in ["9.2", "8.4"] {
            assert!(listed.contains(&want.to_string()), "{want}: {listed:?}");
        }
        assert!(listed.iter().any(|c| c.starts_with("7.5")), "{listed:?}");
        // The numbered heading is the evidence: a citation of the 2008 number.
        let m = d
            .clauses
            .iter()
            .find(|c| c.id.to_string() == "8.4")
            .unwrap();
        assert!(
            m.evidence
                .iter()
                .any(|e| e.rule == "citation" && e.term == "7.4" && e.line == 5),
            "{m:#?}"
        );
        assert_eq!(m.confidence, Confidence::Strong);
        // Never read as 2015 numbers: 7.4 communication, 8.2.2 determining requirements.
        for wrong in ["7.4", "8.2.2", "8.2", "4.2"] {
            assert!(!listed.contains(&wrong.to_string()), "{wrong}: {listed:?}");
        }
        // Under the 2016 edition, a procedure's own section numbers are not the standard's:
        // 5.2 工作程序 is not 5.2 policy, 4.1 目的 not 4.1 context.
        let d = map(
            "投诉处理程序.txt",
            "投诉处理程序\n依据GB/T 19001-2016。\n4.1 目的\n规范投诉处理。\n\
             5.2 工作程序\n受理投诉，调查处理，答复投诉人。\n",
        );
        let listed = ids(&d);
        assert!(!listed.contains(&"5.2".to_string()), "{listed:?}");
        assert!(!listed.contains(&"4.1".to_string()), "{listed:?}");
    }

    #[test]
    fn citations_of_the_2008_standard_map_through_the_correlation() {
        let d = map(
            "x.txt",
            "程序文件\nGB/T 19001-2008 8.2.2\n本程序规定工作的安排。\n",
        );
        let listed = ids(&d);
        assert_eq!(top(&d), "9.2", "{d:#?}");
        assert!(!listed.contains(&"8.2.2".to_string()), "{listed:?}");
    }

    #[test]
    fn latin_literals_respect_word_boundaries() {
        let d = map("x.txt", "Notes\nThe auditorium seats many.\n");
        assert!(
            d.clauses.iter().all(|c| c.id.to_string() != "9.2"),
            "{d:#?}"
        );
    }
}
