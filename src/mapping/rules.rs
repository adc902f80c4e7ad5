//! Mapping rules (`checklists/iso9001-2015/rules.toml`): per clause, words with weights. They
//! are compiled once: every plain literal of every rule goes into one [`LiteralMatcher`] (ASCII
//! case-insensitive, see literal.rs), and only the true regexes go into a small `RegexSet`
//! behind a combined prefilter (rust-stack.md §3: one big RegexSet ran at ~25 MB/s). Unicode
//! `\b` is refused: on Chinese text it drops the regex engine onto its slowest path, and
//! Chinese has no word boundaries anyway.

use super::literal::{Literal, LiteralMatcher};
use crate::model::ClauseId;
use regex::{Regex, RegexSet, RegexSetBuilder};
use serde::Deserialize;
use std::path::Path;

/// The rules shipped in the binary.
pub const EMBEDDED: &str = include_str!("../../checklists/iso9001-2015/rules.toml");

/// A rule file that cannot be used. Messages name the file and the rule id.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RulesError {
    #[error("{file}: cannot be read: {message}")]
    Io { file: String, message: String },
    #[error("{file}: not valid TOML: {message}")]
    Syntax { file: String, message: String },
    #[error("{file}: rule \"{rule}\": {message}")]
    Rule {
        file: String,
        rule: String,
        message: String,
    },
    #[error("{file}: {message}")]
    Other { file: String, message: String },
}

impl RulesError {
    /// A hint line for the user.
    pub fn hint(&self) -> &'static str {
        match self {
            RulesError::Rule { .. } => {
                "each [[rule]] needs a unique id, a clause such as \"9.2\", a weight of 1 to 100 and at least one literal or regex; write (?-u:\\b) instead of \\b"
            }
            _ => "see checklists/iso9001-2015/rules.toml for the format",
        }
    }
}

/// Scoring settings (`[settings]` in rules.toml).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// A clause is listed for a document when its score reaches this…
    pub threshold: u32,
    /// …and at least this percentage of the document's best score.
    pub min_share: u32,
    /// In a quality manual, which covers most of the standard, this percentage instead.
    #[serde(default = "default_manual_share")]
    pub manual_share: u32,
    /// Multiplier for a hit in the title or the file name.
    pub title_factor: u32,
    /// Multiplier for a hit in a heading.
    pub heading_factor: u32,
    /// Weight of an explicit clause citation (`ISO 9001:2015 7.5.3`, `依据标准7.5条`).
    pub citation_weight: u32,
    /// At most this many evidence items per clause.
    pub max_evidence: usize,
    /// At most this many clauses listed per document.
    pub max_clauses: usize,
    /// Saturation of repeated hits (BM25's k1): a rule's body score tends to (k1 + 1) times
    /// its weight however often it is hit.
    #[serde(default = "default_k1")]
    pub k1: f64,
    /// Length normalisation (BM25's b): 0 ignores the document's length, 1 divides by it.
    #[serde(default = "default_b")]
    pub b: f64,
    /// The length (bytes of text) of a typical procedure, at which a hit counts as written.
    #[serde(default = "default_avg_len")]
    pub avg_len: f64,
    /// Added to a clause whose own name (a rule of weight `name_weight` or more) is in the
    /// title or file name: a document named after a clause ranks it first.
    #[serde(default = "default_named_bonus")]
    pub named_bonus: u32,
    /// Rules of at least this weight name their clause; rules of at most `generic_weight`
    /// only lean towards it and count only when the clause has other evidence.
    #[serde(default = "default_name_weight")]
    pub name_weight: u32,
    #[serde(default = "default_generic_weight")]
    pub generic_weight: u32,
    /// Confidence: `strong` from this many times the threshold (or named, or cited), `likely`
    /// from `likely_at` times, `weak` below.
    #[serde(default = "default_strong_at")]
    pub strong_at: f64,
    #[serde(default = "default_likely_at")]
    pub likely_at: f64,
    /// Leave page headers and footers, document metadata and revision tables out.
    #[serde(default = "default_true")]
    pub boilerplate: bool,
    /// Keep the boilerplate lines in each document's mapping (`map --explain`); set by the
    /// command, not by the file.
    #[serde(skip)]
    pub explain: bool,
}

fn default_k1() -> f64 {
    1.2
}
fn default_b() -> f64 {
    0.75
}
fn default_avg_len() -> f64 {
    12_000.0
}
fn default_manual_share() -> u32 {
    15
}
fn default_named_bonus() -> u32 {
    30
}
fn default_name_weight() -> u32 {
    8
}
fn default_generic_weight() -> u32 {
    3
}
fn default_strong_at() -> f64 {
    3.0
}
fn default_likely_at() -> f64 {
    1.5
}
fn default_true() -> bool {
    true
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RulesFile {
    settings: Settings,
    #[serde(rename = "rule", default)]
    rules: Vec<RuleFile>,
    #[serde(default)]
    elsewhere: Words,
    #[serde(default)]
    neutral: Words,
}

/// A list of words that hold a clause's word without meaning it: matched like the rules' terms,
/// so they take their place in the text, and weigh nothing. `[elsewhere]`: words of other
/// subjects (occupational safety, fire, environment, information security, office
/// administration; 安全生产 holds 生产): a document whose title holds one is about that subject
/// and lists only the clauses its text plainly addresses. `[neutral]`: words about nothing the
/// mapper weighs either way (服务器 holds 服务, 医疗机构设置 holds 机构设置).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Words {
    #[serde(default)]
    literals: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleFile {
    id: String,
    clause: String,
    weight: u32,
    #[serde(default)]
    literals: Vec<String>,
    #[serde(default)]
    regex: Vec<String>,
}

/// One rule after validation.
#[derive(Debug, Clone)]
pub struct Rule {
    pub id: String,
    pub clause: ClauseId,
    pub weight: u32,
}

/// Rules compiled once, shared by every worker.
#[derive(Debug, Clone)]
pub struct Rules {
    pub settings: Settings,
    pub rules: Vec<Rule>,
    pub(crate) literals: Vec<Literal>,
    pub(crate) matcher: LiteralMatcher,
    /// Combined prefilter of all regexes, the set that says which matched, and each regex
    /// with its rule for the positions.
    pub(crate) prefilter: Option<Regex>,
    pub(crate) set: Option<RegexSet>,
    pub(crate) regexes: Vec<(Regex, usize)>,
    /// For each rule, its clause's number among the rules' distinct clauses.
    pub(crate) clause_slot: Vec<usize>,
}

impl Rules {
    /// The embedded rules. They are validated by the test suite, so failing here is a build
    /// defect, not a user error.
    pub fn embedded() -> Rules {
        Rules::parse(EMBEDDED, "rules.toml (embedded)")
            .expect("embedded rules are validated by tests")
    }

    /// Load a rule file (`--rules FILE`), replacing the embedded rules.
    pub fn load(path: &Path) -> Result<Rules, RulesError> {
        let file = path.display().to_string();
        let src = std::fs::read_to_string(path).map_err(|e| RulesError::Io {
            file: file.clone(),
            message: e.to_string(),
        })?;
        Rules::parse(&src, &file)
    }

    /// Parse and compile rules from TOML text; `file` names the source in errors.
    pub fn parse(src: &str, file: &str) -> Result<Rules, RulesError> {
        let raw: RulesFile = toml::from_str(src).map_err(|e| RulesError::Syntax {
            file: file.to_string(),
            message: e.message().to_string(),
        })?;
        let rule_err = |rule: &str, message: String| RulesError::Rule {
            file: file.to_string(),
            rule: rule.to_string(),
            message,
        };
        if raw.rules.is_empty() {
            return Err(RulesError::Other {
                file: file.to_string(),
                message: "no [[rule]] entries".into(),
            });
        }
        if raw.settings.title_factor == 0 || raw.settings.heading_factor == 0 {
            return Err(RulesError::Other {
                file: file.to_string(),
                message: "title_factor and heading_factor must be at least 1".into(),
            });
        }
        let mut rules: Vec<Rule> = Vec::new();
        let mut literals: Vec<Literal> = Vec::new();
        let mut literal_of: std::collections::HashMap<(String, bool), usize> =
            std::collections::HashMap::new();
        let mut regex_src: Vec<(String, usize)> = Vec::new();
        let mut seen = std::collections::BTreeSet::new();
        for (i, r) in raw.rules.iter().enumerate() {
            if r.id.trim().is_empty() {
                return Err(rule_err(&format!("#{}", i + 1), "empty id".into()));
            }
            if !seen.insert(r.id.clone()) {
                return Err(rule_err(&r.id, "duplicate id".into()));
            }
            let clause: ClauseId = r
                .clause
                .parse()
                .map_err(|e: crate::model::ClauseIdError| rule_err(&r.id, e.to_string()))?;
            if !(1..=100).contains(&r.weight) {
                return Err(rule_err(
                    &r.id,
                    format!("weight {} is not between 1 and 100", r.weight),
                ));
            }
            if r.literals.is_empty() && r.regex.is_empty() {
                return Err(rule_err(&r.id, "no literals and no regex".into()));
            }
            for lit in &r.literals {
                let prefix = lit.ends_with('*');
                let term = crate::text::normalize(lit.trim_end_matches('*').trim());
                if term.is_empty() {
                    return Err(rule_err(&r.id, "empty literal".into()));
                }
                if term.contains('\n') {
                    return Err(rule_err(&r.id, format!("literal \"{lit}\" spans lines")));
                }
                // One literal per term (ASCII case ignored, as the matcher does) and `*`, found
                // through a map: a search of the list for each of 1,139 terms showed at start-up.
                match literal_of.entry((term.to_ascii_lowercase(), prefix)) {
                    std::collections::hash_map::Entry::Occupied(e) => {
                        let l = &mut literals[*e.get()];
                        // A term listed twice for one clause would count twice for it; this
                        // rule (number i) is not in `rules` yet.
                        let same_clause = |o: usize| o == i || rules[o].clause == clause;
                        if let Some(&other) = l.rules.iter().find(|&&o| same_clause(o)) {
                            let other_id = if other == i { &r.id } else { &rules[other].id };
                            return Err(rule_err(
                                &r.id,
                                format!(
                                    "literal \"{lit}\" is listed twice for clause {} (also in rule \"{other_id}\")",
                                    r.clause
                                ),
                            ));
                        }
                        l.rules.push(i);
                    }
                    std::collections::hash_map::Entry::Vacant(e) => {
                        e.insert(literals.len());
                        literals.push(Literal::new(term, prefix, i));
                    }
                }
            }
            for re in &r.regex {
                check_no_unicode_boundary(re).map_err(|m| rule_err(&r.id, m))?;
                regex::RegexBuilder::new(re)
                    .case_insensitive(true)
                    .build()
                    .map_err(|e| rule_err(&r.id, format!("bad regex \"{re}\": {e}")))?;
                regex_src.push((re.clone(), i));
            }
            rules.push(Rule {
                id: r.id.clone(),
                clause,
                weight: r.weight,
            });
        }
        let listed = [
            ("elsewhere", true, &raw.elsewhere.literals),
            ("neutral", false, &raw.neutral.literals),
        ];
        for (section, elsewhere, list) in listed {
            for lit in list {
                let prefix = lit.ends_with('*');
                let term = crate::text::normalize(lit.trim_end_matches('*').trim());
                if term.is_empty() || term.contains('\n') {
                    return Err(RulesError::Other {
                        file: file.to_string(),
                        message: format!("[{section}]: literal \"{lit}\" is empty or spans lines"),
                    });
                }
                match literal_of.entry((term.to_ascii_lowercase(), prefix)) {
                    std::collections::hash_map::Entry::Occupied(_) => {
                        return Err(RulesError::Other {
                            file: file.to_string(),
                            message: format!(
                                "[{section}]: \"{lit}\" is also a rule's literal or listed twice"
                            ),
                        });
                    }
                    std::collections::hash_map::Entry::Vacant(e) => {
                        e.insert(literals.len());
                        let mut l = Literal::new(term, prefix, 0);
                        l.rules.clear();
                        l.elsewhere = elsewhere;
                        literals.push(l);
                    }
                }
            }
        }
        // The boilerplate markers (fields and blocks) go through the same matcher: where they
        // are comes with the one scan of the text.
        if raw.settings.boilerplate {
            for (m, kind) in super::boilerplate::markers() {
                if kind == super::boilerplate::Kind::Column {
                    continue;
                }
                let term = crate::text::normalize(m);
                match literal_of.entry((term.to_ascii_lowercase(), false)) {
                    std::collections::hash_map::Entry::Occupied(e) => {
                        literals[*e.get()].marker = Some(kind);
                    }
                    std::collections::hash_map::Entry::Vacant(e) => {
                        e.insert(literals.len());
                        let mut l = Literal::new(term, false, 0);
                        l.rules.clear();
                        l.marker = Some(kind);
                        literals.push(l);
                    }
                }
            }
        }
        // How many clauses each literal speaks for: a term shared by several clauses' rules
        // says less about each (its hits are divided among them).
        for l in &mut literals {
            let mut cs: Vec<&ClauseId> = l.rules.iter().map(|&r| &rules[r].clause).collect();
            cs.sort();
            cs.dedup();
            l.clauses = cs.len() as u32;
        }
        let matcher = LiteralMatcher::new(&literals);
        let (prefilter, set, regexes) = if regex_src.is_empty() {
            (None, None, Vec::new())
        } else {
            let combined = regex_src
                .iter()
                .map(|(r, _)| format!("(?:{r})"))
                .collect::<Vec<_>>()
                .join("|");
            let build = |s: &str| {
                regex::RegexBuilder::new(s)
                    .case_insensitive(true)
                    .build()
                    .map_err(|e| RulesError::Other {
                        file: file.to_string(),
                        message: format!("cannot combine the regexes: {e}"),
                    })
            };
            let set = RegexSetBuilder::new(regex_src.iter().map(|(r, _)| r))
                .case_insensitive(true)
                .build()
                .map_err(|e| RulesError::Other {
                    file: file.to_string(),
                    message: format!("cannot build the regex set: {e}"),
                })?;
            let each = regex_src
                .iter()
                .map(|(r, i)| build(r).map(|re| (re, *i)))
                .collect::<Result<Vec<_>, _>>()?;
            (Some(build(&combined)?), Some(set), each)
        };
        let mut clauses: Vec<&ClauseId> = rules.iter().map(|r| &r.clause).collect();
        clauses.sort();
        clauses.dedup();
        let clause_slot = rules
            .iter()
            .map(|r| clauses.binary_search(&&r.clause).expect("listed"))
            .collect();
        Ok(Rules {
            settings: raw.settings,
            clause_slot,
            rules,
            literals,
            matcher,
            prefilter,
            set,
            regexes,
        })
    }
}

/// Refuse a bare `\b` or `\B` (Unicode word boundary); `(?-u:\b)` is the ASCII one.
fn check_no_unicode_boundary(re: &str) -> Result<(), String> {
    let stripped = re.replace(r"(?-u:\b)", "").replace(r"(?-u:\B)", "");
    let bytes = stripped.as_bytes();
    let mut i = 0;
    while i + 1 < bytes.len() {
        if bytes[i] == b'\\' {
            if bytes[i + 1] == b'b' || bytes[i + 1] == b'B' {
                return Err(format!(
                    "regex \"{re}\" uses a Unicode word boundary \\{}; write (?-u:\\{}) or leave it out (it is very slow on Chinese text)",
                    bytes[i + 1] as char,
                    bytes[i + 1] as char
                ));
            }
            i += 2;
        } else {
            i += 1;
        }
    }
    Ok(())
}

/// Every literal term of the rules, one per entry, sorted and deduplicated (for `rg -F -f`).
pub fn literal_terms(rules: &Rules) -> Vec<String> {
    let mut v: Vec<String> = rules
        .literals
        .iter()
        .filter(|l| !l.rules.is_empty())
        .map(|l| l.term.clone())
        .collect();
    v.sort();
    v.dedup();
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEAD: &str = "[settings]\nthreshold = 5\nmin_share = 20\ntitle_factor = 3\nheading_factor = 2\ncitation_weight = 10\nmax_evidence = 3\nmax_clauses = 5\n";

    #[test]
    fn embedded_rules_compile() {
        let r = Rules::embedded();
        assert!(r.rules.len() > 60, "{}", r.rules.len());
        assert!(literal_terms(&r).len() > 300);
    }

    #[test]
    fn bad_rules_name_the_rule() {
        let bad = |body: &str| {
            Rules::parse(&format!("{HEAD}{body}"), "r.toml")
                .unwrap_err()
                .to_string()
        };
        let e =
            bad("[[rule]]\nid = \"ia\"\nclause = \"9.2\"\nweight = 5\nregex = ['\\baudit\\b']\n");
        assert!(
            e.contains("rule \"ia\"") && e.contains("Unicode word boundary"),
            "{e}"
        );
        let e = bad("[[rule]]\nid = \"x\"\nclause = \"9.x\"\nweight = 5\nliterals = [\"a\"]\n");
        assert!(e.contains("rule \"x\""), "{e}");
        let e = bad("[[rule]]\nid = \"y\"\nclause = \"9.2\"\nweight = 5\nregex = ['(']\n");
        assert!(e.contains("rule \"y\"") && e.contains("bad regex"), "{e}");
        let e = bad("[[rule]]\nid = \"z\"\nclause = \"9.2\"\nweight = 0\nliterals = [\"a\"]\n");
        assert!(e.contains("rule \"z\""), "{e}");
        let e = bad(
            "[[rule]]\nid = \"a\"\nclause = \"9.2\"\nweight = 5\nliterals = [\"audit\"]\n\
             [[rule]]\nid = \"b\"\nclause = \"9.2\"\nweight = 3\nliterals = [\"Audit\"]\n",
        );
        assert!(
            e.contains("rule \"b\"") && e.contains("also in rule \"a\""),
            "{e}"
        );
        // Twice in one rule: refused the same way (it panicked, the rule not yet in the list).
        let e = bad(
            "[[rule]]\nid = \"c\"\nclause = \"9.2\"\nweight = 5\nliterals = [\"audit\", \"AUDIT\"]\n",
        );
        assert!(
            e.contains("rule \"c\"") && e.contains("listed twice"),
            "{e}"
        );
        // A word both of a clause and of another subject would count and not count.
        let e = bad(
            "[[rule]]\nid = \"ia\"\nclause = \"9.2\"\nweight = 5\nliterals = [\"audit\"]\n\
             [elsewhere]\nliterals = [\"Audit\"]\n",
        );
        assert!(e.contains("[elsewhere]") && e.contains("\"Audit\""), "{e}");
        let ok = Rules::parse(
            &format!(
                "{HEAD}[[rule]]\nid = \"ok\"\nclause = \"9.2\"\nweight = 5\nregex = ['(?-u:\\b)audit(?-u:\\b)']\n"
            ),
            "r.toml",
        );
        assert!(ok.is_ok());
    }
}
