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

/// Lowercase letters and digits, `+` and `#` kept: `Sec Ops-Engineer` → `secopsengineer`,
/// `C++` → `c++`.
pub fn fold(text: &str) -> String {
    text.chars().filter(|c| c.is_alphanumeric() || matches!(c, '+' | '#')).flat_map(char::to_lowercase).collect()
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
