//! The one normaliser: how the names of careers, checklist items, skills, tools and
//! certifications are compared. Everything that asks "are these the same thing?" folds both
//! sides here, so an item `/plan` ticks, a tool `/compare` counts as shared and a name `/career`
//! finds are read the same way.
//!
//! - [`fold`]: case, spaces and punctuation ignored, `+` and `#` kept ("C++" is not "C").
//! - [`key`]: [`fold`] of a name without its "(…)" qualifier: "Terraform (industry standard)"
//!   and "terraform" are one tool.
//! - [`qualified_key`]: [`fold`] with the qualifier kept: what tells "AWS Certified Solutions
//!   Architect (Associate)" from "(Professional)".
//! - [`typos`]: how many slips a typed key of that length may hold, and [`within`] whether two
//!   keys are that close.

/// Lowercase letters and digits (with the marks written in a word: Sinhala and Tamil vowel
/// signs), `+` and `#` kept, joiners dropped: `Sec Ops-Engineer` → `secopsengineer`, `C++` →
/// `c++`.
pub fn fold(text: &str) -> String {
    text.chars()
        .filter(|&c| (crate::content::is_word_char(c) && !crate::content::is_joiner(c)) || matches!(c, '+' | '#'))
        .flat_map(char::to_lowercase)
        .collect()
}

/// The key of a name: [`fold`] without its "(…)" qualifier.
pub fn key(name: &str) -> String {
    fold(&without_qualifier(name))
}

/// The key of a name with its "(…)" qualifier kept.
pub fn qualified_key(name: &str) -> String {
    fold(name)
}

/// "Security Engineer (General Cybersecurity Focus)" → "Security Engineer".
pub fn without_qualifier(label: &str) -> String {
    let mut out = String::with_capacity(label.len());
    let mut depth = 0usize;
    for c in label.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            c if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ").trim_end_matches(':').trim().to_string()
}

/// The abbreviation a name carries in its qualifier, folded: "Certified Ethical Hacker (CEH)" →
/// "ceh". Only a single word with at least two capitals counts: "(Associate)" is a level, not a
/// name for the thing.
pub fn abbreviation(name: &str) -> Option<String> {
    let inner = name.rsplit_once('(')?.1.split_once(')')?.0.trim();
    let single = !inner.is_empty() && !inner.contains(char::is_whitespace);
    (single && inner.chars().filter(|c| c.is_uppercase()).count() >= 2).then(|| fold(inner))
}

/// Slips a typed key of this many characters may hold and still mean a name: none in a short
/// key (where one letter makes another word: "ceh", "cism"), one from 4 characters, two from 10.
pub fn typos(len: usize) -> usize {
    match len {
        0..=3 => 0,
        4..=9 => 1,
        _ => 2,
    }
}

/// True when `a` becomes `b` by at most `most` single-character edits (insert, delete,
/// substitute, or swap of two neighbours).
pub fn within(a: &str, b: &str, most: usize) -> bool {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    if a.len().abs_diff(b.len()) > most {
        return false;
    }
    // Optimal string alignment distance, three rows; a row's minimum bounds the rest.
    let mut before: Vec<usize> = Vec::new();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for i in 1..=a.len() {
        let mut row = vec![i; b.len() + 1];
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            row[j] = (previous[j] + 1).min(row[j - 1] + 1).min(previous[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                row[j] = row[j].min(before[j - 2] + 1);
            }
        }
        if row.iter().min().is_some_and(|&m| m > most) {
            return false;
        }
        before = std::mem::replace(&mut previous, row);
    }
    previous[b.len()] <= most
}

/// What a skill or tool means, for comparing careers by meaning rather than spelling: its
/// canonical name (through the synonyms table: "AWS" and "Amazon Web Services" are one), and
/// the concepts of its name (content words, lightly stemmed, generic words such as "skills" or
/// "fundamentals" left out, other names expanded: "IaC" holds "infrastructure" and "code").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Meaning {
    canonical: String,
    concepts: Vec<String>,
}

/// Words that say what kind of thing a name is, not what it is about.
const GENERIC: &[&str] = &[
    "a",
    "an",
    "and",
    "or",
    "of",
    "the",
    "in",
    "on",
    "for",
    "with",
    "to",
    "as",
    "&",
    "skill",
    "tool",
    "technology",
    "technologie",
    "fundamental",
    "basic",
    "principle",
    "concept",
    "knowledge",
    "understanding",
    "proficiency",
    "expertise",
    "familiarity",
    "experience",
    "strong",
    "advanced",
    "ability",
    "abilitie",
    "methodology",
    "methodologie",
    "method",
    "practice",
    "technique",
    "essential",
    "core",
    "key",
    "solid",
];

impl Meaning {
    /// The meaning of a name, read through `synonyms`.
    pub fn of(name: &str, synonyms: &crate::content::Synonyms) -> Meaning {
        let bare = without_qualifier(name).to_lowercase();
        let words: Vec<String> = bare
            .split(|c: char| !(c.is_alphanumeric() || matches!(c, '+' | '#' | '.')))
            .map(|w| w.trim_matches('.'))
            .filter(|w| !w.is_empty())
            .map(str::to_string)
            .collect();
        let named = synonyms.named_in(&words);
        // The whole name is a skill of the table, or another name for one.
        let whole = words.join(" ");
        let canonical = named
            .iter()
            .map(|n| &synonyms.skills[n.skill])
            .find(|(skill, others)| *skill == whole || others.contains(&whole))
            .map_or_else(|| fold(&whole), |(skill, _)| fold(skill));
        let expanded = named.iter().filter(|n| n.by_another_name).flat_map(|n| synonyms.skills[n.skill].0.split(' '));
        let mut concepts: Vec<String> = words
            .iter()
            .map(String::as_str)
            .chain(expanded)
            .map(stem)
            .filter(|w| !GENERIC.contains(&w.as_str()))
            .collect();
        concepts.sort();
        concepts.dedup();
        Meaning { canonical, concepts }
    }

    /// True when two names mean one thing: the same canonical name; or, `loosely` (skills,
    /// whose labels are phrases: "Scripting and Automation", "Security Automation and
    /// Scripting"), when the concepts of one are all in the other and make at least half of it,
    /// or the two share two thirds of their concepts. Tools are names, never compared loosely:
    /// "Azure" is not "Azure DevOps".
    pub fn same_as(&self, other: &Meaning, loosely: bool) -> bool {
        if !self.canonical.is_empty() && self.canonical == other.canonical {
            return true;
        }
        if !loosely || self.concepts.is_empty() || other.concepts.is_empty() {
            return false;
        }
        let shared = self.concepts.iter().filter(|c| other.concepts.contains(c)).count();
        let (small, large) =
            (self.concepts.len().min(other.concepts.len()), self.concepts.len().max(other.concepts.len()));
        let union = self.concepts.len() + other.concepts.len() - shared;
        (shared == small && shared * 2 >= large) || shared * 3 >= union * 2
    }
}

/// A light English stem, the same on both sides of every comparison: plurals and "-ing"
/// dropped ("tools" → "tool", "networking" → "network", "programming" → "program").
pub fn stem(word: &str) -> String {
    let w = word.to_lowercase();
    let n = w.chars().count();
    if n > 5 && w.ends_with("ing") {
        let mut base: Vec<char> = w.chars().take(n - 3).collect();
        // "programm" → "program", "scann" → "scan"
        if base.len() > 2 && base[base.len() - 1] == base[base.len() - 2] && !"aeiousl".contains(base[base.len() - 1]) {
            base.pop();
        }
        return base.into_iter().collect();
    }
    if n > 4 && w.ends_with("ies") {
        return format!("{}y", &w[..w.len() - 3]);
    }
    if n > 3 && w.ends_with('s') && !w.ends_with("ss") && !w.ends_with("us") && !w.ends_with("is") {
        return w[..w.len() - 1].to_string();
    }
    w
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_ignore_case_punctuation_and_qualifiers() {
        assert_eq!(key("Terraform (industry standard)"), "terraform");
        assert_eq!(key("GitHub-Actions"), "githubactions");
        assert_eq!(key("C++"), "c++");
        assert_ne!(key("C#"), key("C"));
        assert_eq!(qualified_key("AWS Certified (Associate)"), "awscertifiedassociate");
        assert_eq!(fold("Sec Ops-Engineer"), "secopsengineer");
    }

    #[test]
    fn an_abbreviation_is_one_word_of_capitals_in_the_qualifier() {
        assert_eq!(abbreviation("Certified Ethical Hacker (CEH)").as_deref(), Some("ceh"));
        assert_eq!(abbreviation("Certified Kubernetes Security Specialist (CKSS)").as_deref(), Some("ckss"));
        assert_eq!(abbreviation("AWS Solutions Architect (Associate)"), None);
        assert_eq!(abbreviation("Leadership (Without Direct Authority)"), None);
        assert_eq!(abbreviation("Terraform"), None);
    }

    #[test]
    fn meanings_match_what_pages_write_under_other_names() {
        let synonyms = crate::content::Synonyms::parse(
            "[skills]\n\"infrastructure as code\" = [\"iac\"]\n\"amazon web services\" = [\"aws\"]\n",
        )
        .unwrap();
        let m = |name: &str| Meaning::of(name, &synonyms);
        let same = |a: &str, b: &str, loosely: bool| m(a).same_as(&m(b), loosely);
        assert!(same("Infrastructure as Code Tools", "Infrastructure as Code", true));
        assert!(same("IaC", "Infrastructure as Code", false), "another name is the same thing");
        assert!(same("Scripting and Automation", "Security Automation and Scripting", true));
        assert!(same("Problem-solving and Analytical Skills", "Problem-solving and Analytical Thinking", true));
        assert!(same("AWS", "Amazon Web Services", false));
        assert!(same("Networking Fundamentals", "Networking", true));
        assert!(!same("Azure", "Azure DevOps", false), "tools are names");
        assert!(!same("Security", "Security Automation and Scripting", true), "one word of three");
        assert!(!same("Data Visualization", "Data Pipelines", true));
        assert!(!same("Java", "JavaScript", true));
        assert_eq!(
            (stem("tools"), stem("networking"), stem("programming"), stem("policies")),
            ("tool".into(), "network".into(), "program".into(), "policy".into())
        );
        assert_eq!(
            (stem("analysis"), stem("class"), stem("status")),
            ("analysis".into(), "class".into(), "status".into())
        );
    }

    #[test]
    fn slips_are_edits_and_swaps_bounded_by_length() {
        assert!(within("kubernetes", "kubernetes", 0));
        assert!(within("kubernets", "kubernetes", 1));
        assert!(within("terrafrom", "terraform", 1), "a swap is one slip");
        assert!(within("ansibel", "ansible", 1));
        assert!(!within("python", "jython", 0));
        assert!(!within("docker", "dockerfiles", 2));
        assert!(within("", "ab", 2) && !within("", "abc", 2));
        assert_eq!((typos(3), typos(4), typos(10)), (0, 1, 2));
    }
}
