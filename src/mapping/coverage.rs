//! Coverage and gaps of a whole folder, from compact summaries of its documents. A folder of
//! forty thousand procedures must not hold forty thousand mappings, nor a string per document
//! and clause, until the report is written: [`Summaries`] keeps every path once, in one
//! buffer, and per area (the first two parts of a clause number) a document's matches lie in
//! one fixed-size record (document index, best score, area, subject named). The coverage
//! lists are built from it clause by clause while they are written ([`Summaries::coverage`]).

use crate::catalog::Catalog;
use crate::model::{
    ClauseId, ClauseMatch, Confidence, Coverage, DocumentMapping, DocumentedKind, Gap, GapKind,
};
use serde::ser::{Serialize, SerializeStruct, Serializer};

/// The first two parts of a clause number, zero-padded: `7.5.3` is `[7, 5]`, `7` is `[7, 0]`.
/// Coverage and gaps only ask whether a match lies within a clause of depth one or two (a
/// second-level clause, or the [`level2`] area of a duty), and for those areas the first two
/// parts decide it; so a document keeps one record per area, not per clause.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Area([u8; 2]);

impl Area {
    fn of(id: &ClauseId) -> Area {
        let mut k = [0; 2];
        for (k, p) in k.iter_mut().zip(id.parts()) {
            *k = *p;
        }
        Area(k)
    }

    /// [`ClauseId::is_within`] for an `area` of depth one or two: every part `area` has,
    /// `self` has too.
    fn is_within(self, area: Area) -> bool {
        self.0.iter().zip(area.0).all(|(a, b)| b == 0 || *a == b)
    }
}

/// What coverage and gaps need of the clause matches of one document within one [`Area`].
#[derive(Debug, Clone, Copy)]
struct Entry {
    /// Index of the document, in the order they were added.
    doc: u32,
    /// The best score among the matches.
    score: u32,
    area: Area,
    /// Some match names the clause's subject ([`names_subject`]).
    named: bool,
    /// Some match is more than weak (strong, likely, or confirmed by the auditor).
    trusted: bool,
}

/// What coverage and gaps need of every document of a folder, in a few fixed-size records per
/// document: its path (once, in a shared buffer) and per area its matches lie in the best
/// score and whether one names the subject. Documents are numbered in the order they are added.
#[derive(Debug, Default)]
pub struct Summaries {
    /// Every document's path, one after another; document `i`'s ends at `ends[i]`.
    paths: String,
    ends: Vec<usize>,
    /// The documents' matches per area, grouped by document in document order.
    entries: Vec<Entry>,
}

impl Summaries {
    /// Summaries of `docs`, in their order.
    pub fn of(docs: &[DocumentMapping]) -> Summaries {
        let mut s = Summaries::default();
        for d in docs {
            s.add(d);
        }
        s
    }

    /// Keep what coverage and gaps need of `d`, as the next document.
    pub fn add(&mut self, d: &DocumentMapping) {
        // A folder of four billion files cannot be walked in memory anyway (the file list
        // alone would need hundreds of gigabytes), so a u32 index is enough.
        let doc = self.ends.len() as u32;
        self.paths.push_str(&d.path);
        self.ends.push(self.paths.len());
        let first = self.entries.len();
        for m in &d.clauses {
            let area = Area::of(&m.id);
            let named = names_subject(m);
            let trusted = m.confidence != Confidence::Weak;
            match self.entries[first..].iter_mut().find(|e| e.area == area) {
                Some(e) => {
                    e.score = e.score.max(m.score);
                    e.named |= named;
                    e.trusted |= trusted;
                }
                None => self.entries.push(Entry {
                    doc,
                    score: m.score,
                    area,
                    named,
                    trusted,
                }),
            }
        }
    }

    /// The path of document `doc`.
    fn path(&self, doc: u32) -> &str {
        let i = doc as usize;
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        &self.paths[start..self.ends[i]]
    }

    /// The documents that map to `area` (of depth one or two) or a clause within it,
    /// strongest first (each by its best score there), ties by path.
    fn documents_for(&self, area: &ClauseId) -> Vec<u32> {
        debug_assert!(area.depth() <= 2);
        let area = Area::of(area);
        // (best score, document); entries come grouped by document.
        let mut best: Vec<(u32, u32)> = Vec::new();
        for e in self.entries.iter().filter(|e| e.area.is_within(area)) {
            match best.last_mut() {
                Some(b) if b.1 == e.doc => b.0 = b.0.max(e.score),
                _ => best.push((e.score, e.doc)),
            }
        }
        best.sort_by(|a, b| {
            b.0.cmp(&a.0)
                .then_with(|| self.path(a.1).cmp(self.path(b.1)))
        });
        best.into_iter().map(|(_, d)| d).collect()
    }

    /// Some document maps to `area` (of depth one or two) or a clause within it.
    fn covers(&self, area: &ClauseId) -> bool {
        debug_assert!(area.depth() <= 2);
        let area = Area::of(area);
        self.entries.iter().any(|e| e.area.is_within(area))
    }

    /// The strongest document mapping to `area` (of depth one or two) when every mapping
    /// there is weak; None when one is trusted or none exists.
    fn only_weak(&self, area: &ClauseId) -> Option<u32> {
        let area = Area::of(area);
        let mut within = self.entries.iter().filter(|e| e.area.is_within(area));
        if within.clone().any(|e| e.trusted) {
            return None;
        }
        within
            .by_ref()
            .max_by(|a, b| {
                a.score
                    .cmp(&b.score)
                    .then_with(|| self.path(b.doc).cmp(self.path(a.doc)))
            })
            .map(|e| e.doc)
    }

    /// Some document looks like the documented information of `area` (of depth one or two):
    /// it maps to a clause within it and names the subject.
    fn looks_like(&self, area: &ClauseId) -> bool {
        debug_assert!(area.depth() <= 2);
        let area = Area::of(area);
        self.entries
            .iter()
            .any(|e| e.named && e.area.is_within(area))
    }

    /// Coverage of every second-level clause, in catalog order, one clause at a time: each
    /// item holds only that clause's document indices, and its paths are borrowed.
    pub fn coverage<'a>(&'a self, catalog: &'a Catalog) -> impl Iterator<Item = CoverageRef<'a>> {
        catalog
            .iter()
            .filter(|c| c.id.depth() == 2)
            .map(move |c| CoverageRef {
                id: &c.id,
                docs: self.documents_for(&c.id),
                summaries: self,
            })
    }

    /// The gaps: second-level clauses no document maps to, and documented information the
    /// standard asks to maintain that no document looks like; by clause, then kind.
    pub fn gaps(&self, catalog: &Catalog) -> Vec<Gap> {
        let mut gaps = Vec::new();
        for c in catalog.iter().filter(|c| c.id.depth() == 2) {
            if !self.covers(&c.id) {
                gaps.push(Gap {
                    id: c.id.clone(),
                    kind: GapKind::NotCovered,
                    detail: format!("no document maps to {} {}", c.id, c.title_en),
                    detail_zh: format!("没有程序文件对应 {} {}", c.id, c.title_zh),
                });
            } else if let Some(doc) = self.only_weak(&c.id) {
                gaps.push(only_weak_gap(c, self.path(doc)));
            }
        }
        for c in catalog.iter() {
            let Some(duty) = c
                .documented_information
                .iter()
                .find(|d| d.kind == DocumentedKind::Maintain)
            else {
                continue;
            };
            if !self.looks_like(&level2(&c.id)) {
                gaps.push(Gap {
                    id: c.id.clone(),
                    kind: GapKind::MissingDocumentedInformation,
                    detail: duty.en.clone(),
                    detail_zh: duty.zh.clone(),
                });
            }
        }
        gaps.sort_by(|a, b| a.id.cmp(&b.id).then(a.kind.cmp(&b.kind)));
        gaps
    }
}

/// The coverage of one clause, its paths borrowed from the [`Summaries`]. It serializes
/// exactly as the [`Coverage`] it stands for.
pub struct CoverageRef<'a> {
    /// The second-level clause.
    pub id: &'a ClauseId,
    /// Indices of the documents mapped to it, strongest first.
    docs: Vec<u32>,
    summaries: &'a Summaries,
}

impl<'a> CoverageRef<'a> {
    /// Paths of the documents mapped to the clause, strongest first.
    pub fn documents(&self) -> impl Iterator<Item = &'a str> + '_ {
        self.docs.iter().map(|d| self.summaries.path(*d))
    }

    /// The owned [`Coverage`], with a string per document.
    pub fn to_coverage(&self) -> Coverage {
        Coverage {
            id: self.id.clone(),
            documents: self.documents().map(str::to_string).collect(),
        }
    }
}

impl Serialize for CoverageRef<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        /// The paths as a sequence, without collecting them.
        struct Paths<'b, 'a>(&'b CoverageRef<'a>);
        impl Serialize for Paths<'_, '_> {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_seq(self.0.documents())
            }
        }
        // The fields and their order are those of `Coverage`; a test compares the bytes.
        let mut st = s.serialize_struct("Coverage", 2)?;
        st.serialize_field("id", self.id)?;
        st.serialize_field("documents", &Paths(self))?;
        st.end()
    }
}

/// Coverage of every second-level clause, and the gaps: clauses no document maps to, and
/// documented information the standard asks to maintain that no document looks like.
pub fn coverage_and_gaps(docs: &[DocumentMapping], catalog: &Catalog) -> (Vec<Coverage>, Vec<Gap>) {
    let s = Summaries::of(docs);
    let coverage = s.coverage(catalog).map(|c| c.to_coverage()).collect();
    (coverage, s.gaps(catalog))
}

/// The gap of a clause that documents map to only on weak evidence, naming the strongest.
fn only_weak_gap(c: &crate::model::Clause, path: &str) -> Gap {
    Gap {
        id: c.id.clone(),
        kind: GapKind::OnlyWeak,
        detail: format!(
            "only weak evidence maps a document to {} {} (best: {path}); confirm it in isoaudit-overrides.toml or treat the clause as not covered",
            c.id, c.title_en
        ),
        detail_zh: format!(
            "仅有弱证据将文件对应到 {} {}（最强的是 {path}）：请在 isoaudit-overrides.toml 中确认，否则按未覆盖处理",
            c.id, c.title_zh
        ),
    }
}

/// The second-level clause (4.1 … 10.3) a clause belongs to; chapters stay as they are.
fn level2(id: &ClauseId) -> ClauseId {
    let p = id.parts();
    let s: Vec<String> = p.iter().take(2).map(|x| x.to_string()).collect();
    s.join(".")
        .parse()
        .expect("a prefix of a valid id is valid")
}

/// A clause match names its subject when some evidence is in the file name or in a heading
/// that holds the matched term (a quality manual's `2 质量方针` section counts; a passing
/// mention in body text does not).
fn names_subject(m: &ClauseMatch) -> bool {
    m.evidence.iter().any(|e| {
        e.line == 0
            || e.heading
                .as_deref()
                .is_some_and(|h| h.contains(e.term.as_str()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Evidence;

    /// Coverage and gaps computed straight from the full mappings, with owned clause ids and
    /// strings (the way they were computed before the compact summaries).
    fn reference(docs: &[DocumentMapping], catalog: &Catalog) -> (Vec<Coverage>, Vec<Gap>) {
        let mut coverage = Vec::new();
        let mut gaps = Vec::new();
        for c in catalog.iter().filter(|c| c.id.depth() == 2) {
            let mut found: Vec<(u32, &str)> = docs
                .iter()
                .filter_map(|d| {
                    d.clauses
                        .iter()
                        .filter(|m| m.id.is_within(&c.id))
                        .map(|m| m.score)
                        .max()
                        .map(|s| (s, d.path.as_str()))
                })
                .collect();
            found.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(b.1)));
            let trusted = docs.iter().any(|d| {
                d.clauses
                    .iter()
                    .any(|m| m.id.is_within(&c.id) && m.confidence != Confidence::Weak)
            });
            if found.is_empty() {
                gaps.push(Gap {
                    id: c.id.clone(),
                    kind: GapKind::NotCovered,
                    detail: format!("no document maps to {} {}", c.id, c.title_en),
                    detail_zh: format!("没有程序文件对应 {} {}", c.id, c.title_zh),
                });
            } else if !trusted {
                gaps.push(only_weak_gap(c, found[0].1));
            }
            coverage.push(Coverage {
                id: c.id.clone(),
                documents: found.into_iter().map(|(_, p)| p.to_string()).collect(),
            });
        }
        for c in catalog.iter() {
            let Some(duty) = c
                .documented_information
                .iter()
                .find(|d| d.kind == DocumentedKind::Maintain)
            else {
                continue;
            };
            let area = level2(&c.id);
            let looks = docs.iter().any(|d| {
                d.clauses
                    .iter()
                    .any(|m| m.id.is_within(&area) && names_subject(m))
            });
            if !looks {
                gaps.push(Gap {
                    id: c.id.clone(),
                    kind: GapKind::MissingDocumentedInformation,
                    detail: duty.en.clone(),
                    detail_zh: duty.zh.clone(),
                });
            }
        }
        gaps.sort_by(|a, b| a.id.cmp(&b.id).then(a.kind.cmp(&b.kind)));
        (coverage, gaps)
    }

    fn id(s: &str) -> ClauseId {
        s.parse().unwrap()
    }

    fn evidence(line: u32, term: &str, heading: Option<&str>) -> Evidence {
        Evidence {
            term: term.into(),
            rule: "r".into(),
            line,
            page: None,
            heading: heading.map(str::to_string),
            snippet: String::new(),
        }
    }

    fn doc(path: &str, clauses: &[(&str, u32, Evidence)]) -> DocumentMapping {
        DocumentMapping {
            path: path.into(),
            format: "txt".into(),
            encoding: "UTF-8".into(),
            title: String::new(),
            chars: 0,
            clauses: clauses
                .iter()
                .map(|(c, score, e)| ClauseMatch {
                    id: id(c),
                    score: *score,
                    confidence: Default::default(),
                    evidence: vec![e.clone()],
                })
                .collect(),
            ignored: Vec::new(),
        }
    }

    #[test]
    fn areas_nest_like_clause_ids() {
        let catalog = Catalog::embedded();
        let mut ids: Vec<ClauseId> = catalog.iter().map(|c| c.id.clone()).collect();
        ids.extend(["7.1.5.2", "10.3", "99.99.99.99", "4"].map(id));
        for a in &ids {
            for b in ids.iter().filter(|b| b.depth() <= 2) {
                assert_eq!(
                    Area::of(a).is_within(Area::of(b)),
                    a.is_within(b),
                    "{a} within {b}"
                );
            }
        }
    }

    /// Hand-made mappings for the cases that decide an order or a gap: ties broken by path
    /// (`a-b/…` sorts before `a/…` though a walk lists `a/` first), a document's best score
    /// among several clauses of one area, chapter-level and four-level numbers, a number not
    /// in the catalog, subjects named in the file name, in a heading or only in the body.
    #[test]
    fn compact_summaries_give_the_coverage_and_gaps_of_full_mappings() {
        let catalog = Catalog::embedded();
        let body = |t: &str| evidence(12, t, Some("1 目的"));
        let docs = vec![
            doc("a/x.txt", &[("9.2", 30, evidence(0, "内部审核", None))]),
            doc(
                "a/y.txt",
                &[("7.5.3", 8, body("记录")), ("7.5.2", 20, body("文件"))],
            ),
            doc(
                "a-b/x.txt",
                &[("9.2", 30, body("审核")), ("7", 50, body("支持"))],
            ),
            doc(
                "b.md",
                &[("7.1.5.2", 12, evidence(3, "校准", Some("3 校准")))],
            ),
            doc(
                "c.md",
                &[
                    ("8.5.7", 9, evidence(3, "变更", Some("3 变更"))),
                    ("9.2.2", 4, body("x")),
                ],
            ),
            doc("d.md", &[("7.1.7", 40, evidence(0, "x", None))]),
            doc(
                "e.md",
                &[
                    ("8.4.2", 7, body("供方")),
                    ("8.4", 3, evidence(2, "外部", Some("2 外部供方"))),
                ],
            ),
            doc("empty.txt", &[]),
        ];
        let (coverage, gaps) = coverage_and_gaps(&docs, &catalog);
        assert_eq!((coverage.clone(), gaps.clone()), reference(&docs, &catalog));
        // One record per document and area: a/y.txt's two 7.5 matches, e.md's two 8.4 ones.
        assert_eq!(Summaries::of(&docs).entries.len(), 9);
        // The cases above really occur, so the comparison above decides something.
        let c92 = coverage.iter().find(|c| c.id == id("9.2")).unwrap();
        assert_eq!(c92.documents, ["a-b/x.txt", "a/x.txt", "c.md"]);
        let c75 = coverage.iter().find(|c| c.id == id("7.5")).unwrap();
        assert_eq!(c75.documents, ["a/y.txt"]);
        let c71 = coverage.iter().find(|c| c.id == id("7.1")).unwrap();
        assert_eq!(c71.documents, ["d.md", "b.md"]);
        assert!(gaps.iter().any(|g| g.kind == GapKind::NotCovered));
        assert!(
            gaps.iter()
                .any(|g| g.kind == GapKind::MissingDocumentedInformation)
        );

        let (coverage, gaps) = coverage_and_gaps(&[], &catalog);
        assert_eq!((coverage.clone(), gaps), reference(&[], &catalog));
        assert!(coverage.iter().all(|c| c.documents.is_empty()));
    }

    /// A clause that documents map to only weakly is covered but still a gap, naming the
    /// strongest of them, until one mapping there is more than weak or confirmed.
    #[test]
    fn weak_mappings_alone_leave_a_gap_to_confirm() {
        let catalog = Catalog::embedded();
        let weak = |mut d: DocumentMapping| {
            for m in &mut d.clauses {
                m.confidence = Confidence::Weak;
            }
            d
        };
        let mut docs = vec![
            weak(doc("a.md", &[("8.4.1", 11, evidence(4, "供方", None))])),
            weak(doc("b.md", &[("8.4", 14, evidence(7, "采购", None))])),
            doc("c.md", &[("9.2", 30, evidence(0, "内部审核", None))]),
        ];
        let (coverage, gaps) = coverage_and_gaps(&docs, &catalog);
        assert_eq!((coverage.clone(), gaps.clone()), reference(&docs, &catalog));
        let c84 = coverage.iter().find(|c| c.id == id("8.4")).unwrap();
        assert_eq!(c84.documents, ["b.md", "a.md"]);
        let g = gaps.iter().find(|g| g.id == id("8.4")).unwrap();
        assert_eq!(g.kind, GapKind::OnlyWeak);
        assert!(
            g.detail.contains("b.md") && g.detail_zh.contains("仅有弱证据"),
            "{g:?}"
        );
        assert!(!gaps.iter().any(|g| g.id == id("9.2")));
        // The auditor confirms one: the gap goes.
        docs[0].clauses[0].confidence = Confidence::Confirmed;
        let (_, gaps) = coverage_and_gaps(&docs, &catalog);
        assert_eq!(gaps, reference(&docs, &catalog).1);
        assert!(!gaps.iter().any(|g| g.id == id("8.4")), "{gaps:?}");
    }

    /// The sample bureau's procedures, mapped for real: the folder's coverage and gaps (made
    /// from the summaries kept while mapping) equal those of the full mappings.
    #[test]
    fn sample_bureau_coverage_equals_the_full_mappings() {
        let catalog = Catalog::embedded();
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/bureau/offices");
        let m = crate::pipeline::map_folder(&root, &super::super::Rules::embedded(), &catalog);
        assert!(m.documents.len() > 10);
        assert!(m.coverage.iter().any(|c| c.documents.len() > 1));
        assert_eq!(
            (m.coverage.clone(), m.gaps.clone()),
            reference(&m.documents, &catalog)
        );
    }
}
