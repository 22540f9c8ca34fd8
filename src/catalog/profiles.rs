//! Career profiles: what each career asks for, as items that can be compared across documents.
//!
//! From a career's skills sections come its skills (the bold labels: "Cloud Platforms",
//! "Scripting"); from its skills and tools sections its tools (the names those sections list:
//! "Terraform", "GitHub Actions"); from its entry-level section the job titles. Items match
//! across documents by a normalised key: case, punctuation and "(…)" qualifiers ignored, so
//! "Terraform (industry standard)" in one document and "terraform" in another are one tool.

use std::collections::{HashMap, HashSet};

use rayon::prelude::*;

pub use super::keys::key;
use super::keys::without_qualifier;
use crate::content::{labelled_items, plain_text, Document, Kind, Library, Part};

/// One item of a profile: how it is shown, and the key it is compared by. Both in one
/// allocation: a large library's profiles hold hundreds of thousands of items.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// The name, then the key.
    both: Box<str>,
    name_len: u32,
}

impl Item {
    /// An item named `name` (qualifier dropped) compared by `key`.
    pub fn new(name: &str, key: &str) -> Item {
        let mut both = String::with_capacity(name.len() + key.len());
        both.push_str(name);
        both.push_str(key);
        Item { both: both.into_boxed_str(), name_len: name.len() as u32 }
    }

    /// As the document writes it, qualifier dropped: "GitHub Actions".
    pub fn name(&self) -> &str {
        &self.both[..self.name_len as usize]
    }

    /// Lowercase letters and digits only: "githubactions".
    pub fn key(&self) -> &str {
        &self.both[self.name_len as usize..]
    }
}

/// What one career asks for.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Profile {
    /// Skill areas (labels of the technical and soft skills items), in document order.
    pub skills: Vec<Item>,
    /// Tools and technologies named in the tools and skills sections, in document order.
    pub tools: Vec<Item>,
    /// Entry-level job titles.
    pub entry_titles: Vec<Item>,
    /// The words of what the career asks one to know and do (its responsibilities, skills and
    /// tools sections and its skill labels), hashed by [`word_hash`], sorted: whether a member's
    /// word is among them costs a binary search, not a scan of those sections.
    words: Vec<u32>,
    /// The skills of several words from the synonyms table ("machine learning") that those
    /// texts hold as a phrase, hashed the same way, sorted.
    phrases: Vec<u32>,
}

/// The sections whose words [`Profile::mentions`] knows.
const KNOWS_PARTS: [Part; 4] = [Part::Responsibilities, Part::TechnicalSkills, Part::Tools, Part::Skills];

impl Profile {
    /// Skills and tools together: everything the career asks one to know.
    pub fn knows(&self) -> impl Iterator<Item = &Item> + '_ {
        self.skills.iter().chain(&self.tools)
    }

    /// True when the career's responsibilities, skills or tools hold `term` as whole words: a
    /// word, or a skill of several words as the synonyms table writes it ("machine learning",
    /// "object-oriented programming"). Those are the terms `/match` looks for; no other
    /// phrase is known here.
    pub fn mentions(&self, term: &str) -> bool {
        let mut words = words(term);
        match (words.next(), words.next()) {
            (None, _) => false,
            (Some(word), None) => self.words.binary_search(&word_hash(&word)).is_ok(),
            (Some(_), Some(_)) => self.phrases.binary_search(&word_hash(term)).is_ok(),
        }
    }
}

/// The words of a text as members and documents write skills: lowercase, letters, digits and
/// `+ # .` kept inside a word ("c++", "c#", "node.js"), a sentence's full stop dropped.
pub(crate) fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !(c.is_alphanumeric() || matches!(c, '+' | '#' | '.')))
        .map(|w| w.trim_matches('.'))
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
}

/// FNV-1a of a word: 4 bytes per distinct word of a career instead of the word itself. A
/// collision can only make a word look present, and [`Profile::mentions`] is a first filter.
fn word_hash(word: &str) -> u32 {
    word.bytes().fold(0x811c_9dc5_u32, |hash, byte| (hash ^ u32::from(byte)).wrapping_mul(0x0100_0193))
}

/// The profiles of a library, one per document (empty for guides).
#[derive(Debug, Default)]
pub struct Profiles {
    profiles: Vec<Profile>,
    /// Key of a skill or tool → the documents that ask for it, once per item: who shares what
    /// with a career is read from here, not from every profile.
    holders: HashMap<String, Vec<usize>>,
}

impl Profiles {
    /// Reads every career's profile, documents in parallel.
    pub fn build(library: &Library) -> Profiles {
        // The synonyms table's skills of several words, found in each career's texts at once.
        let phrases: Vec<String> = library
            .synonyms
            .skills
            .iter()
            .filter(|(skill, _)| words(skill).nth(1).is_some())
            .map(|(skill, _)| skill.clone())
            .collect();
        let finder = aho_corasick::AhoCorasick::builder().ascii_case_insensitive(true).build(&phrases).ok();
        let phrases = Phrases { finder: finder.as_ref(), hashes: phrases.iter().map(|p| word_hash(p)).collect() };
        let profiles: Vec<Profile> = library.documents.par_iter().map(|doc| profile(doc, &phrases)).collect();
        let mut holders: HashMap<String, Vec<usize>> = HashMap::new();
        for (id, profile) in profiles.iter().enumerate() {
            for item in profile.knows() {
                holders.entry(item.key().to_string()).or_default().push(id);
            }
        }
        Profiles { profiles, holders }
    }

    /// The careers sharing the most skills and tools with `target` (apart from `target` and
    /// `besides`), as (document, items shared), best first, at most `n`.
    pub fn closest(&self, target: usize, besides: usize, n: usize) -> Vec<(usize, usize)> {
        let wanted: HashSet<&str> = self.of(target).knows().map(|i| i.key()).collect();
        let mut shared: HashMap<usize, usize> = HashMap::new();
        for key in wanted {
            for &id in self.holders.get(key).into_iter().flatten() {
                *shared.entry(id).or_default() += 1;
            }
        }
        let mut scored: Vec<(usize, usize)> =
            shared.into_iter().filter(|&(id, _)| id != target && id != besides).collect();
        scored.sort_by(|x, y| y.1.cmp(&x.1).then(x.0.cmp(&y.0)));
        scored.truncate(n);
        scored
    }

    /// The profile of a document (by position); empty when there is none.
    pub fn of(&self, document: usize) -> &Profile {
        static EMPTY: Profile = Profile {
            skills: Vec::new(),
            tools: Vec::new(),
            entry_titles: Vec::new(),
            words: Vec::new(),
            phrases: Vec::new(),
        };
        self.profiles.get(document).unwrap_or(&EMPTY)
    }
}

/// Phrases to look for in a career's texts, and their hashes in the same order.
struct Phrases<'a> {
    finder: Option<&'a aho_corasick::AhoCorasick>,
    hashes: Vec<u32>,
}

fn profile(doc: &Document, phrases: &Phrases<'_>) -> Profile {
    let mut profile = Profile::default();
    if doc.kind != Kind::Career {
        return profile;
    }
    let mut seen: [HashSet<String>; 3] = Default::default();
    let mut add = |list: usize, name: &str, profile: &mut Profile| {
        let name = without_qualifier(name);
        let name = name.trim_matches(|c: char| !c.is_alphanumeric() && c != '+' && c != '#');
        let key = key(name);
        if key.len() < 2 || key.len() > 60 || !seen[list].insert(key.clone()) {
            return;
        }
        let item = Item::new(name, &key);
        match list {
            0 => profile.skills.push(item),
            1 => profile.tools.push(item),
            _ => profile.entry_titles.push(item),
        }
    };
    for section in &doc.sections {
        let Some(part) = section.part else { continue };
        let items = labelled_items(&section.body);
        match part {
            Part::Skills | Part::TechnicalSkills | Part::SoftSkills => {
                for (label, text) in &items {
                    if let Some(label) = label {
                        add(0, label, &mut profile);
                        // "Security Automation and Scripting (Python, Bash, PowerShell)": the
                        // qualifier names tools; the label itself is a skill, not a list.
                        if let Some((_, qualifier)) = label.split_once('(') {
                            for tool in named_things(qualifier) {
                                add(1, tool, &mut profile);
                            }
                        }
                    }
                    if part != Part::SoftSkills {
                        for tool in named_things(&plain_text(text)) {
                            add(1, tool, &mut profile);
                        }
                    }
                }
            }
            Part::Tools => {
                for (_, text) in &items {
                    for tool in named_things(&plain_text(text)) {
                        add(1, tool, &mut profile);
                    }
                }
            }
            Part::EntryLevel => {
                for (label, text) in &items {
                    let titles = label.as_deref().is_some_and(|l| l.to_lowercase().contains("title"));
                    if titles {
                        for title in plain_text(text).split([',', ';']) {
                            let title = title.trim().trim_end_matches('.').trim();
                            if title.split_whitespace().count() <= 6 {
                                add(2, title, &mut profile);
                            }
                        }
                    }
                }
            }
            _ => {}
        }
    }
    let texts = || {
        doc.sections
            .iter()
            .filter(|s| s.part.is_some_and(|p| KNOWS_PARTS.contains(&p)))
            .map(|s| s.body.as_str())
            .chain(profile.skills.iter().map(|item| item.name()))
    };
    let mut hashes: Vec<u32> = texts().flat_map(words).map(|w| word_hash(&w)).collect();
    let mut found: Vec<u32> = Vec::new();
    if let Some(finder) = phrases.finder {
        for text in texts() {
            for m in finder.find_overlapping_iter(text) {
                let whole = text[..m.start()].chars().next_back().is_none_or(|c| !c.is_alphanumeric())
                    && text[m.end()..].chars().next().is_none_or(|c| !c.is_alphanumeric());
                if whole {
                    found.push(phrases.hashes[m.pattern().as_usize()]);
                }
            }
        }
    }
    for list in [&mut hashes, &mut found] {
        list.sort_unstable();
        list.dedup();
        list.shrink_to_fit();
    }
    profile.words = hashes;
    profile.phrases = found;
    // Kept for the snapshot's life: no room left from growing.
    for list in [&mut profile.skills, &mut profile.tools, &mut profile.entry_titles] {
        list.shrink_to_fit();
    }
    profile
}

/// Names in a list written as prose: the pieces between commas, semicolons, "and",
/// "or" and parentheses whose every word is capitalised or an abbreviation ("Terraform",
/// "AWS CloudFormation", "GitHub Actions"), up to four words; "e.g." and "etc." dropped.
pub fn named_things(text: &str) -> impl Iterator<Item = &str> + '_ {
    text.split([',', ';', '(', ')', ':', '\n'])
        .flat_map(|piece| piece.split(" and ").flat_map(|p| p.split(" or ")))
        .map(|piece| {
            // A piece may start a new sentence (". Jenkins").
            let piece = piece.trim().trim_start_matches(['.', ' ']);
            let piece = piece.strip_prefix("e.g.").or_else(|| piece.strip_prefix("E.g.")).unwrap_or(piece);
            piece.trim().trim_end_matches("etc.").trim().trim_end_matches('.').trim()
        })
        .filter(|piece| {
            let words: Vec<&str> = piece.split_whitespace().collect();
            (1..=4).contains(&words.len())
                && piece.len() <= 40
                && words.iter().all(|w| w.chars().next().is_some_and(|c| c.is_uppercase() || c.is_ascii_digit()))
                && !NOT_NAMES.contains(&words[0])
        })
}

/// Capitalised words that start sentences, not names.
const NOT_NAMES: &[&str] = &[
    "The",
    "A",
    "An",
    "This",
    "These",
    "Focus",
    "Learn",
    "Understanding",
    "Experience",
    "Knowledge",
    "Strong",
    "Basic",
    "Familiarity",
    "Proficiency",
    "Etc",
    "I",
    "E",
    "Tools",
    "Practices",
    "Principles",
    "Concepts",
    "Technologies",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_in_prose_lists_are_the_capitalised_pieces() {
        let found: Vec<&str> = named_things(
            "Terraform (industry standard, multi-cloud support), AWS CloudFormation (AWS specific). Jenkins, GitHub Actions and GitLab CI; e.g. Docker Compose, etc.",
        )
        .collect();
        assert_eq!(
            found,
            ["Terraform", "AWS CloudFormation", "Jenkins", "GitHub Actions", "GitLab CI", "Docker Compose"]
        );
    }
}
