//! `synonyms.toml` in the content folder: words that mean the same skill ("k8s" and
//! "Kubernetes", "ML" and "machine learning"), and role names that are not documents but name
//! one ("Security Engineer" → `cybersecurity-engineer`). Kept as content, beside the documents,
//! so moderators edit it like them and `/reload` picks it up.
//!
//! ```toml
//! [skills]
//! kubernetes = ["k8s", "kube"]
//! "machine learning" = ["ml"]
//!
//! [roles]
//! "Security Engineer" = "cybersecurity-engineer"
//! PM = ["product-manager", "project-manager"]   # fits two: members are asked which
//! ```

use std::collections::{BTreeMap, HashMap};

use serde::Deserialize;

use super::Problem;

/// The file's name in the content folder.
pub const FILE: &str = "synonyms.toml";

/// The tables, lowercased.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Synonyms {
    /// A skill as the documents write it, and the other ways members write it.
    pub skills: Vec<(String, Vec<String>)>,
    /// A role's name (lowercase) and the slug of a document it stands for, in the table's
    /// order: a name that fits several careers has one entry for each, the likeliest first.
    pub roles: Vec<(String, String)>,
    /// BLAKE3 of the file, for the content fingerprint (zero when there is no file).
    pub hash: [u8; 32],
    /// Every way of writing a skill → (its position in `skills`, true for the skill's own
    /// name): questions are looked up here word run by word run, not against the whole table.
    phrases: HashMap<String, Vec<(usize, bool)>>,
    /// Words in the longest of `phrases`.
    longest: usize,
    /// A role's name → its entries in `roles` (two names may lowercase alike).
    role_names: HashMap<String, Vec<usize>>,
    /// Other words, as the documents write them, and the ways members write them: read by
    /// /search only ("beginners" finds "foundational" certifications), never taken for skills.
    pub words: Vec<(String, Vec<String>)>,
    /// Every way of writing one of `words` → its position there, as `phrases` for skills.
    word_phrases: HashMap<String, Vec<(usize, bool)>>,
    /// Words in the longest of `word_phrases`.
    word_longest: usize,
}

/// A skill of the table that a member's words name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SkillNamed {
    /// Its position in [`Synonyms::skills`].
    pub skill: usize,
    /// Named as the documents write it.
    pub as_written: bool,
    /// Named by one of its other names.
    pub by_another_name: bool,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    skills: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    roles: BTreeMap<String, Slugs>,
    #[serde(default)]
    words: BTreeMap<String, Vec<String>>,
}

/// A role's value: one slug, or several when the name fits more than one career
/// (`PM = ["product-manager", "project-manager"]`).
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum Slugs {
    One(String),
    Several(Vec<String>),
}

impl Synonyms {
    /// Parses the file. An error names the file and the line.
    pub fn parse(text: &str) -> Result<Synonyms, Problem> {
        let file: File = toml::from_str(text).map_err(|e| {
            let line = e.span().map_or(1, |span| text[..span.start.min(text.len())].matches('\n').count() + 1);
            Problem::error(FILE, line, format!("invalid synonyms table: {}", e.message()))
        })?;
        let lower = |t: &str| t.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
        let table = |entries: BTreeMap<String, Vec<String>>| -> Vec<(String, Vec<String>)> {
            entries
                .into_iter()
                .map(|(name, others)| {
                    (lower(&name), others.iter().map(|o| lower(o)).filter(|o| !o.is_empty()).collect())
                })
                .filter(|(name, _)| !name.is_empty())
                .collect()
        };
        let skills = table(file.skills);
        let words = table(file.words);
        let (phrases, longest) = phrases_of(&skills);
        let (word_phrases, word_longest) = phrases_of(&words);
        let roles: Vec<(String, String)> = file
            .roles
            .into_iter()
            .flat_map(|(role, slugs)| {
                let slugs = match slugs {
                    Slugs::One(slug) => vec![slug],
                    Slugs::Several(slugs) => slugs,
                };
                let role = lower(&role);
                slugs.into_iter().map(move |slug| (role.clone(), slug.trim().to_string()))
            })
            .filter(|(role, slug)| !role.is_empty() && !slug.is_empty())
            .collect();
        let mut role_names: HashMap<String, Vec<usize>> = HashMap::new();
        for (position, (role, _)) in roles.iter().enumerate() {
            role_names.entry(role.clone()).or_default().push(position);
        }
        Ok(Synonyms {
            skills,
            roles,
            hash: *blake3::hash(text.as_bytes()).as_bytes(),
            phrases,
            longest,
            role_names,
            words,
            word_phrases,
            word_longest,
        })
    }

    /// The slugs the table gives for a role's name (lowercase, single spaces), in its order.
    pub fn role(&self, name: &str) -> impl Iterator<Item = &str> {
        self.role_names.get(name).into_iter().flatten().map(|&i| self.roles[i].1.as_str())
    }

    /// The skills that runs of `words` (lowercase, one word each) name, in the table's order.
    pub fn named_in(&self, words: &[String]) -> Vec<SkillNamed> {
        named_in(&self.phrases, self.longest, words)
    }

    /// The entries of the `[words]` table that runs of `words` name (`skill` is the position in
    /// [`Synonyms::words`]), as [`Synonyms::named_in`] finds skills.
    pub fn words_named_in(&self, words: &[String]) -> Vec<SkillNamed> {
        named_in(&self.word_phrases, self.word_longest, words)
    }

    /// The line of a role's entry, for warnings about it.
    pub fn line_of(text: &str, role: &str) -> usize {
        text.lines()
            .position(|l| l.to_lowercase().trim_start().trim_start_matches('"').starts_with(role))
            .map_or(1, |i| i + 1)
    }
}

/// Every way of writing each entry of a table → (the entry's position, true for its own name),
/// and the most words any of them has.
fn phrases_of(entries: &[(String, Vec<String>)]) -> (HashMap<String, Vec<(usize, bool)>>, usize) {
    let mut phrases: HashMap<String, Vec<(usize, bool)>> = HashMap::new();
    for (position, (name, others)) in entries.iter().enumerate() {
        phrases.entry(name.clone()).or_default().push((position, true));
        for other in others {
            phrases.entry(other.clone()).or_default().push((position, false));
        }
    }
    let longest = phrases.keys().map(|p| p.split(' ').count()).max().unwrap_or(0);
    (phrases, longest)
}

/// The entries that runs of `words` (lowercase, one word each) name, in the table's order.
fn named_in(phrases: &HashMap<String, Vec<(usize, bool)>>, longest: usize, words: &[String]) -> Vec<SkillNamed> {
    let mut named: Vec<SkillNamed> = Vec::new();
    let mut run = String::new();
    for length in 1..=longest.min(words.len()) {
        for window in words.windows(length) {
            run.clear();
            for (i, word) in window.iter().enumerate() {
                if i > 0 {
                    run.push(' ');
                }
                run.push_str(word);
            }
            for &(skill, as_written) in phrases.get(run.as_str()).into_iter().flatten() {
                match named.iter_mut().find(|n| n.skill == skill) {
                    Some(n) => {
                        n.as_written |= as_written;
                        n.by_another_name |= !as_written;
                    }
                    None => named.push(SkillNamed { skill, as_written, by_another_name: !as_written }),
                }
            }
        }
    }
    named.sort_unstable_by_key(|n| n.skill);
    named
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_are_read_lowercased() {
        let s = Synonyms::parse(
            "[skills]\nKubernetes = [\"K8s\"]\n[roles]\n\"Security Engineer\" = \"cybersecurity-engineer\"\n",
        )
        .unwrap();
        assert_eq!(s.skills, [("kubernetes".to_string(), vec!["k8s".to_string()])]);
        assert_eq!(s.roles, [("security engineer".to_string(), "cybersecurity-engineer".to_string())]);
        assert_eq!(s.role("security engineer").collect::<Vec<_>>(), ["cybersecurity-engineer"]);
        assert_eq!(s.role("security").count(), 0);
        let s = Synonyms::parse("[roles]\nPM = [\"product-manager\", \"project-manager\"]\n").unwrap();
        assert_eq!(s.role("pm").collect::<Vec<_>>(), ["product-manager", "project-manager"]);
    }

    #[test]
    fn the_words_table_is_apart_from_skills() {
        let s = Synonyms::parse("[skills]\nkubernetes = [\"k8s\"]\n[words]\nFoundational = [\"Beginners\"]\n").unwrap();
        let words: Vec<String> = ["aws", "beginners"].map(String::from).to_vec();
        let named = s.words_named_in(&words);
        assert_eq!(named.len(), 1);
        assert_eq!(s.words[named[0].skill].0, "foundational");
        assert!(named[0].by_another_name && !named[0].as_written);
        assert!(s.named_in(&words).is_empty(), "a word of [words] is never a skill");
    }

    #[test]
    fn skills_are_found_by_runs_of_words_in_table_order() {
        let s = Synonyms::parse(
            "[skills]\nkubernetes = [\"k8s\"]\n\"machine learning\" = [\"ml\", \"deep learning\"]\nsql = []\n",
        )
        .unwrap();
        let words = |text: &str| text.split(' ').map(str::to_string).collect::<Vec<_>>();
        let named = s.named_in(&words("sql and ml with machine learning on k8s"));
        let skills: Vec<(&str, bool, bool)> =
            named.iter().map(|n| (s.skills[n.skill].0.as_str(), n.as_written, n.by_another_name)).collect();
        assert_eq!(skills, [("kubernetes", false, true), ("machine learning", true, true), ("sql", true, false)]);
        assert!(s.named_in(&words("learning machine")).is_empty());
        assert!(s.named_in(&[]).is_empty());
        assert!(Synonyms::default().named_in(&words("k8s")).is_empty());
    }

    #[test]
    fn a_broken_table_is_an_error_on_its_line() {
        let problem = Synonyms::parse("[skills]\nkubernetes = [\"k8s\"\n").unwrap_err();
        assert_eq!((problem.file.as_str(), problem.line), (FILE, 2), "{problem}");
        let problem = Synonyms::parse("[skillz]\na = [\"b\"]\n").unwrap_err();
        assert!(problem.message.contains("skillz"), "{problem}");
    }
}
