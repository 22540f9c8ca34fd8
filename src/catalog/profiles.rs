//! Career profiles: what each career asks for, as items that can be compared across documents.
//!
//! From a career's skills sections come its skills (the bold labels: "Cloud Platforms",
//! "Scripting"); from its skills and tools sections its tools (the names those sections list:
//! "Terraform", "GitHub Actions"); from its entry-level section the job titles. Items match
//! across documents by a normalised key: case, punctuation and "(…)" qualifiers ignored, so
//! "Terraform (industry standard)" in one document and "terraform" in another are one tool.

use std::collections::{HashMap, HashSet};

use rayon::prelude::*;

use super::keys::key;
use super::keys::{stem, without_qualifier, Meaning};
use crate::content::{labelled_items, list_items, plain_text, Document, Kind, Library, Part, Synonyms};

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

/// What a profile's skills and tools mean ([`Meaning`]), read once to compare it with another.
pub struct Meanings {
    skills: Vec<Meaning>,
    tools: Vec<Meaning>,
}

impl Meanings {
    /// True when the profile holds a skill meaning what `skill` does (loosely: labels are
    /// phrases), or a tool of that very name ("IaC" for "Infrastructure as Code").
    pub fn has_skill(&self, skill: &Meaning) -> bool {
        self.skills.iter().any(|m| m.same_as(skill, true)) || self.tools.iter().any(|m| m.same_as(skill, false))
    }

    /// True when the profile holds this tool, by any of its names.
    pub fn has_tool(&self, tool: &Meaning) -> bool {
        self.tools.iter().chain(&self.skills).any(|m| m.same_as(tool, false))
    }
}

/// A profile's skills and tools split by whether another profile holds them ([`Profile::against`]).
#[derive(Debug, Default)]
pub struct Split<'a> {
    /// Skills the other profile holds under some name.
    pub shared_skills: Vec<&'a Item>,
    /// Tools the other profile holds.
    pub shared_tools: Vec<&'a Item>,
    /// Skills it does not.
    pub own_skills: Vec<&'a Item>,
    /// Tools it does not.
    pub own_tools: Vec<&'a Item>,
}

/// The sections whose words [`Profile::mentions`] knows.
const KNOWS_PARTS: [Part; 4] = [Part::Responsibilities, Part::TechnicalSkills, Part::Tools, Part::Skills];

impl Profile {
    /// What its skills and tools mean, read through the library's synonyms.
    pub fn meanings(&self, synonyms: &Synonyms) -> Meanings {
        let read = |items: &[Item]| items.iter().map(|i| Meaning::of(i.name(), synonyms)).collect();
        Meanings { skills: read(&self.skills), tools: read(&self.tools) }
    }

    /// What `self` asks for that `other` holds under any name, and what it does not: its skills
    /// and tools split in two, in order (see [`Meanings`]).
    pub fn against<'a>(&'a self, other: &Meanings, synonyms: &Synonyms) -> Split<'a> {
        let mut split = Split::default();
        for (item, skill) in self.skills.iter().map(|i| (i, true)).chain(self.tools.iter().map(|i| (i, false))) {
            let meaning = Meaning::of(item.name(), synonyms);
            let held = if skill { other.has_skill(&meaning) } else { other.has_tool(&meaning) };
            let (skills, tools) = if held {
                (&mut split.shared_skills, &mut split.shared_tools)
            } else {
                (&mut split.own_skills, &mut split.own_tools)
            };
            if skill {
                skills.push(item)
            } else {
                tools.push(item)
            }
        }
        split
    }

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
            (Some(word), None) => self.words.binary_search(&word_hash(&stem(&word))).is_ok(),
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
        let read: Vec<(Profile, Vec<Unsure>)> =
            library.documents.par_iter().map(|doc| profile(doc, &phrases)).collect();
        // A tool a skill's qualifier names without looking like one ("Git", "Kubernetes") is
        // taken when some career lists it among its tools in so many words.
        let known: HashSet<String> =
            read.iter().flat_map(|(p, _)| p.tools.iter().map(|t| t.key().to_string())).collect();
        let accepted: Vec<Vec<Unsure>> = read
            .iter()
            .map(|(_, unsure)| unsure.iter().filter(|u| known.contains(u.item.key())).cloned().collect())
            .collect();
        let profiles: Vec<Profile> = read
            .into_iter()
            .zip(accepted)
            .map(|((mut profile, _), accepted)| {
                // "TensorFlow/PyTorch", "Jest/Mocha": two tools, when each is one on some page;
                // "TCP/IP", "CI/CD" stay whole.
                let split: Vec<Item> = profile
                    .tools
                    .iter()
                    .flat_map(|tool| {
                        let parts: Vec<&str> = tool.name().split('/').map(str::trim).collect();
                        let known_parts = parts.len() > 1 && parts.iter().all(|p| known.contains(&key(p)));
                        if known_parts {
                            parts.into_iter().map(|p| Item::new(p, &key(p))).collect::<Vec<_>>()
                        } else {
                            vec![tool.clone()]
                        }
                    })
                    .collect();
                let mut seen = HashSet::new();
                profile.tools = split.into_iter().filter(|t| seen.insert(t.key().to_string())).collect();
                let mut taken: HashSet<String> = profile.tools.iter().map(|t| t.key().to_string()).collect();
                // Back to front, so each place is still where the qualifier was read.
                for unsure in accepted.into_iter().rev() {
                    if taken.insert(unsure.item.key().to_string()) {
                        profile.tools.insert(unsure.at.min(profile.tools.len()), unsure.item);
                    }
                }
                profile.tools.shrink_to_fit();
                profile
            })
            .collect();
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

/// A tool named only in a skill's qualifier, without the look of one: taken if another page
/// lists it ([`Profiles::build`]), at the place it was read (`at`, an index into the tools).
#[derive(Debug, Clone)]
struct Unsure {
    at: usize,
    item: Item,
}

/// Lists [`profile`] adds to.
const SKILL: usize = 0;
const TOOL: usize = 1;
const TITLE: usize = 2;
const UNSURE_TOOL: usize = 3;

fn profile(doc: &Document, phrases: &Phrases<'_>) -> (Profile, Vec<Unsure>) {
    let mut profile = Profile::default();
    let mut unsure = Vec::new();
    if doc.kind != Kind::Career {
        return (profile, unsure);
    }
    let mut seen: [HashSet<String>; 4] = Default::default();
    let mut add = |list: usize, name: &str, profile: &mut Profile| {
        let name = without_qualifier(name);
        let name = name.trim_end_matches(|c: char| !c.is_alphanumeric() && c != '+' && c != '#');
        // A leading dot right before a letter is part of the name (".NET"); any other is not.
        let name = name.trim_start_matches(|c: char| !c.is_alphanumeric() && c != '.' && c != '#');
        let name = if name.starts_with('.') && !name[1..].starts_with(char::is_alphanumeric) {
            name.trim_start_matches(|c: char| !c.is_alphanumeric())
        } else {
            name
        };
        let key = key(name);
        if key.len() < 2 || key.len() > 60 || !seen[list].insert(key.clone()) {
            return;
        }
        let item = Item::new(name, &key);
        match list {
            SKILL => profile.skills.push(item),
            TOOL => profile.tools.push(item),
            TITLE => profile.entry_titles.push(item),
            _ => unsure.push(Unsure { at: profile.tools.len(), item }),
        }
    };
    // A heading under the skills section without a part of its own ("Product Management
    // Skills", "Leadership & Management Skills") holds skills as its technical-skills
    // neighbour does.
    let mut skills_depth: Option<usize> = None;
    for section in &doc.sections {
        let depth = section.path.len();
        if skills_depth.is_some_and(|d| depth <= d) {
            skills_depth = None;
        }
        if section.part == Some(Part::Skills) {
            skills_depth = Some(depth);
        }
        let part = match section.part {
            Some(part) => part,
            None if skills_depth.is_some() => Part::TechnicalSkills,
            None => continue,
        };
        let items = labelled_items(&section.body);
        match part {
            Part::Skills | Part::TechnicalSkills | Part::SoftSkills => {
                let in_bold = labels_in_bold(&section.body);
                for item in list_items(&section.body) {
                    // A nested item ("* C++: Used for system programming") is a detail of its
                    // parent's skill: its label is no skill of its own.
                    let (label, text) = match &item.label {
                        Some(label) => (Some(label.as_str()), item.text.as_str()),
                        None if item.indent == 0 && !in_bold => plain_label(&item.text),
                        None => (None, under_a_heading(&item.text)),
                    };
                    let plain = item.label.is_none() && label.is_some();
                    let soft = part == Part::SoftSkills || label.is_some_and(is_soft_skills_label);
                    match label {
                        // "Soft Skills: Problem-solving, communication, teamwork": a label over
                        // a list of skills, each of them one.
                        Some(label) if is_soft_skills_label(label) => {
                            for skill in listed_skills(text) {
                                add(SKILL, &skill, &mut profile);
                            }
                            continue;
                        }
                        Some(label) => {
                            // "**Programming Languages:** Python, R, SQL": the heading of a
                            // list of tools, and a label over nested items, are no skills.
                            // A label written without bold over several things ("Backend:
                            // Proficiency in … Experience with … API design …") names the area
                            // they belong to, as a heading would; a bold label over prose is
                            // the skill the prose explains.
                            let area = plain && lists_several(text);
                            if !text.trim().is_empty() && !heads_a_list(label, text) && !area {
                                add(SKILL, label, &mut profile);
                            }
                            // "Security Automation and Scripting (Python, Bash, PowerShell)": the
                            // qualifier may name tools; "(Technical and Non-Technical)", "(Often
                            // Expected)" only say how far the skill goes.
                            if !soft {
                                for (tool, list) in tools_in_qualifiers(label) {
                                    add(list, tool, &mut profile);
                                }
                            }
                        }
                        None => {}
                    }
                    if !soft {
                        for tool in named_things(&plain_text(text)) {
                            add(TOOL, tool, &mut profile);
                        }
                    }
                }
            }
            Part::Tools => {
                let in_bold = labels_in_bold(&section.body);
                for (label, text) in &items {
                    let (label, text) = match label {
                        Some(label) => (Some(label.as_str()), text.as_str()),
                        None if !in_bold => plain_label(text),
                        // "* Web Development (Frontend): React, Angular" under a bold label:
                        // the heading of a sub-list, no tool.
                        None => (None, under_a_heading(text)),
                    };
                    // "Spreadsheet Software (Excel, Google Sheets)": the label's qualifier
                    // names tools, as a skill's may.
                    for (tool, list) in label.map(tools_in_qualifiers).unwrap_or_default() {
                        add(list, tool, &mut profile);
                    }
                    let text = plain_text(text);
                    for tool in named_things(&text).chain(lowercase_tools(&text)) {
                        add(TOOL, tool, &mut profile);
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
                                add(TITLE, title, &mut profile);
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
    // A word the page says once in passing ("the Red Hat family") says little about the
    // career; one it names a skill or tool with, or says again, does. Stems count too, so
    // "networking" finds "network".
    let named = profile.skills.iter().chain(&profile.tools).chain(&profile.entry_titles).map(Item::name);
    let mut hashes: Vec<u32> = named.flat_map(words).map(|w| word_hash(&stem(&w))).collect();
    let mut said: Vec<u32> = texts().flat_map(words).map(|w| word_hash(&stem(&w))).collect();
    said.sort_unstable();
    hashes.extend(said.chunk_by(|a, b| a == b).filter(|run| run.len() > 1).map(|run| run[0]));
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
    (profile, unsure)
}

/// An item's label written without bold ("Frontend: HTML, CSS, JavaScript."): a few
/// capitalised words before a colon that opens the item. `(None, text)` when there is none.
pub(crate) fn plain_label(text: &str) -> (Option<&str>, &str) {
    let Some((label, rest)) = text.split_once(':') else { return (None, text) };
    let label = label.trim();
    let words: Vec<&str> = label.split_whitespace().collect();
    let short = (1..=5).contains(&words.len()) && !label.contains(['.', ',', ';', '*', '`', '[']);
    let capitalised = words.first().and_then(|w| w.chars().next()).is_some_and(char::is_uppercase);
    if short && capitalised {
        (Some(label), rest.trim())
    } else {
        (None, text)
    }
}

/// The text of a sub-list item without its plain label when the label heads a list of names
/// ("Web Development (Frontend): React, Angular"); the whole text when the label is what the
/// item is about ("C++: Used for system programming").
fn under_a_heading(text: &str) -> &str {
    match plain_label(text) {
        (Some(_), rest)
            if rest.split([',', '.', ';']).next().is_some_and(|first| named_things(first).next().is_some()) =>
        {
            rest
        }
        _ => text,
    }
}

/// True when a skill's label heads a list of tools rather than naming a skill: a short label
/// naming a kind of tool ("**CI/CD Tools:** Jenkins, GitLab CI…", "**Programming Languages:**
/// Proficiency in … Common languages include:" over a nested list), or any label over text
/// that opens with nothing but names ("Frontend: HTML, CSS, JavaScript."). A skill's text is
/// prose that may name tools in passing ("Proficiency in scripting languages (Python, Bash)…").
fn heads_a_list(label: &str, text: &str) -> bool {
    names_a_kind_of_tool(label) || opens_with_names(text)
}

/// Words that name a kind of tool ("systems" and "technologies" name areas one studies too:
/// "Database Systems", "Virtualization Technologies").
const KINDS_OF_TOOL: &[&str] = &["languages", "tools", "platforms", "frameworks", "engines", "libraries", "sdks"];

/// "Programming Languages", "CI/CD Tools", "Monitoring & Logging Tools": a short label (three
/// words of content at most) ending in a kind of tool names a kind, not a skill.
fn names_a_kind_of_tool(label: &str) -> bool {
    let bare = without_qualifier(label).to_lowercase();
    let words: Vec<&str> =
        bare.split_whitespace().filter(|w| !matches!(*w, "and" | "&" | "as" | "of" | "for")).collect();
    words.len() <= 3 && words.last().is_some_and(|last| KINDS_OF_TOOL.contains(last))
}

/// True when a text lists three things or more: its pieces between sentence ends (a period
/// before a space, so "Vue.js" is one), commas and semicolons, outside parentheses ("Relational (SQL - MySQL, PostgreSQL) and NoSQL databases.
/// Database design, querying, and management." is four; "Git (and platforms like GitHub,
/// GitLab)." is one).
fn lists_several(text: &str) -> bool {
    let bare = without_qualifier(&plain_text(text)).replace(". ", "; ");
    bare.split([',', ';'])
        .filter(|piece| piece.trim().trim_start_matches("and ").split_whitespace().next().is_some())
        .count()
        >= 3
}

/// True when a text's first sentence is nothing but names.
fn opens_with_names(text: &str) -> bool {
    let first = sentences(text).next().unwrap_or_default();
    let bare = without_qualifier(first);
    let pieces: Vec<&str> = bare
        .split([',', ';'])
        .flat_map(|piece| piece.split(" and ").flat_map(|p| p.split(" or ")))
        .map(|piece| piece.trim().trim_end_matches('.').trim())
        .filter(|piece| !piece.is_empty() && *piece != "etc")
        .collect();
    pieces.len() >= 2 && pieces.iter().all(|piece| named_things(piece).next() == Some(piece))
}

/// True when a body's list items label themselves in bold: a page that does is read by its
/// bold labels alone, and a "Note: …" among its items is no label.
pub(crate) fn labels_in_bold(body: &str) -> bool {
    list_items(body).iter().any(|item| item.label.is_some())
}

/// "Soft Skills", "Soft skills (essential)": a label over a list of soft skills ("Interpersonal
/// Skills and Empathy" is one skill).
fn is_soft_skills_label(label: &str) -> bool {
    let label = label.to_lowercase();
    label.starts_with("soft skill")
}

/// The skills of a list written as prose ("Problem-solving, communication (written and
/// verbal), teamwork, attention to detail."): each piece between commas, its "(…)" dropped,
/// as long as it is a few words and not a sentence; the first letter made a capital, as the
/// checklist shows every other item.
fn listed_skills(text: &str) -> Vec<String> {
    let text = plain_text(text);
    let first_sentence = text.split(". ").next().unwrap_or_default();
    without_qualifier(first_sentence)
        .split([',', ';'])
        .map(|piece| piece.trim().trim_start_matches("and ").trim_end_matches('.').trim())
        .filter(|piece| (1..=4).contains(&piece.split_whitespace().count()) && piece.len() <= 40)
        .map(|piece| {
            let mut chars = piece.chars();
            chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
        })
        .collect()
}

/// The tools a label's parentheses name, each with the list it goes to. A list of names
/// ("(Python, Bash, PowerShell)") gives tools, those that look like one for sure; one name
/// alone ("(Kubernetes)", "(IT Projects Context)") may only say what the skill is about, so it
/// is a tool only when some page lists it among its tools. The label's own abbreviation
/// ("Software Development Lifecycle (SDLC)") is none.
fn tools_in_qualifiers(label: &str) -> Vec<(&str, usize)> {
    let mut out = Vec::new();
    let mut rest = label;
    while let Some(open) = rest.find('(') {
        let close = rest[open..].find(')').map_or(rest.len(), |c| open + c);
        let inside = &rest[open + 1..close];
        let before = &label[..label.len() - rest.len() + open];
        let names: Vec<&str> = named_things(inside).collect();
        let own_abbreviation = names.len() == 1 && abbreviates(names[0], before);
        if !own_abbreviation {
            // Listed with commas: a dash only qualifies ("(IT/Software Domain - General …)").
            let several = names.len() > 1 && inside.contains([',', ';']);
            for name in names {
                let list = if several && looks_like_a_product(name) { TOOL } else { UNSURE_TOOL };
                out.push((name, list));
            }
        }
        rest = rest.get(close + 1..).unwrap_or_default();
    }
    out
}

/// True when `short`, in capitals, abbreviates `words`: it starts with their first letter and
/// its letters come in their order ("SDLC" of "Software Development Lifecycle", "SIEM" of
/// "Security Information and Event Management"; not "AWS" of "Cloud Security").
fn abbreviates(short: &str, words: &str) -> bool {
    let is_capitals = short.chars().count() >= 2 && short.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit());
    let letters = words.trim().to_lowercase();
    let mut rest = letters.chars();
    is_capitals
        && letters.chars().next() == short.chars().next().map(|c| c.to_ascii_lowercase())
        && short.chars().map(|c| c.to_ascii_lowercase()).all(|c| rest.any(|l| l == c))
}

/// A name that reads as a product, language or standard rather than a plain word: an
/// abbreviation ("SIEM", "IaC"), a capital or digit inside a word ("PowerShell", "S3"), or `+`,
/// `#`, `.` in it ("C++", "Node.js"). What a skill's qualifier lists is taken as tools only when
/// it looks like this, so "(Technical and Non-Technical)" and "(Finance, Healthcare)" are not.
fn looks_like_a_product(name: &str) -> bool {
    name.split_whitespace().any(|word| {
        let inner = word.chars().skip(1);
        word.chars().filter(|c| c.is_uppercase()).count() >= 2
            || inner.clone().any(|c| c.is_uppercase() || c.is_ascii_digit())
            || word.contains(['+', '#', '.'])
    })
}

/// Names in a list written as prose: the pieces between commas, semicolons, "and",
/// "or" and parentheses whose every word is capitalised or an abbreviation ("Terraform",
/// "AWS CloudFormation", "GitHub Actions"), up to four words; "e.g." and "etc." dropped.
pub fn named_things(text: &str) -> impl Iterator<Item = &str> + '_ {
    let makers = single_asides(text);
    text.split([',', ';', '(', ')', ':', '\n'])
        .filter(move |piece| !makers.contains(&(piece.as_ptr() as usize - text.as_ptr() as usize)))
        .flat_map(sentences)
        .flat_map(|piece| piece.split(" - ").flat_map(|p| p.split(" – ")))
        // "Security Information and Event Management" after "SIEM": the abbreviation's long
        // form, one name, not "Security Information" and "Event Management".
        .filter(move |piece| !spells_an_abbreviation_of(piece, text))
        // "Java with Spring Boot", "Comfort with data": what follows "with" may be a name; what
        // comes before it, named or not, is said elsewhere in the list if it is one.
        .map(|piece| piece.rsplit(" with ").next().unwrap_or(piece))
        .flat_map(|piece| piece.split(" and ").flat_map(|p| p.split(" or ")))
        .map(|piece| {
            let piece = piece.trim();
            // ". Jenkins" opens a sentence; ".NET" is a name.
            let named_with_a_dot = piece.strip_prefix('.').is_some_and(|rest| rest.starts_with(char::is_alphanumeric));
            let piece = if named_with_a_dot { piece } else { piece.trim_start_matches(['.', ' ']) };
            let piece = piece.strip_prefix("e.g.").or_else(|| piece.strip_prefix("E.g.")).unwrap_or(piece);
            piece.trim().trim_end_matches("etc.").trim().trim_end_matches('.').trim()
        })
        .filter(|piece| {
            let words: Vec<&str> = piece.split_whitespace().collect();
            (1..=4).contains(&words.len())
                && piece.len() <= 40
                && words.iter().all(|w| capitalised(w))
                && !NOT_NAMES.contains(&words[0])
                && !(words.len() == 1 && NOT_NAMES_ALONE.contains(&words[0]))
        })
}

/// Tools a tools section names in lowercase, as command-line tools are written: a list of
/// single words after a plural ("network diagnostic tools (ping, traceroute, nslookup)"), or one word with a
/// dot or slash among other names ("Lucidchart, draw.io, Miro", "Git, Docker,
/// npm/yarn/pip/maven": each of those). A path ("/var/log/syslog") is none.
pub fn lowercase_tools(text: &str) -> impl Iterator<Item = &str> + '_ {
    text.split(['(', ')', ':', ';', '\n']).flat_map(|segment| {
        let pieces: Vec<&str> = segment
            .split(',')
            .map(|p| {
                let p = p.trim();
                let p = p
                    .strip_prefix("e.g.")
                    .or_else(|| p.strip_prefix("and "))
                    .or_else(|| p.strip_prefix("or "))
                    .unwrap_or(p);
                p.trim().trim_end_matches("etc.").trim().trim_end_matches('.')
            })
            .filter(|p| !p.is_empty())
            .collect();
        let single = |p: &&str| !p.contains(char::is_whitespace);
        // Single words after a plural ("tools (ping, traceroute)") are what it lists; after a
        // name ("Ansible (agentless, popular)") they say what the name is like.
        let start = segment.as_ptr() as usize - text.as_ptr() as usize;
        let after_plural = text[..start.saturating_sub(1)]
            .split_whitespace()
            .next_back()
            .is_some_and(|w| w.len() > 3 && w.ends_with('s'));
        let all_single = after_plural && pieces.len() >= 2 && pieces.iter().all(single);
        let names = named_things(segment).count();
        let taken: Vec<&str> = pieces
            .into_iter()
            .filter(|p| single(p) && p.starts_with(|c: char| c.is_ascii_lowercase()))
            .filter(|p| all_single || (names >= 1 && p.contains(['.', '/'])))
            .flat_map(|p| p.split('/'))
            .filter(|t| {
                (2..=20).contains(&t.len())
                    && t.starts_with(|c: char| c.is_ascii_lowercase())
                    && t.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '+'))
                    && !matches!(*t, "etc" | "e.g" | "i.e" | "and" | "or" | "etc.")
            })
            .collect();
        taken
    })
}

/// Starts with a capital or a digit (".NET" after its dot): how names are written.
fn capitalised(word: &str) -> bool {
    word.trim_start_matches('.').chars().next().is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
}

/// Where the one-word asides right after a name start: "SQL Server (Microsoft)", "Keynote
/// (Apple)", "Kotlin (Android)" say who makes a tool or what it runs on, not another tool;
/// an abbreviation or a product ("(GCP)", "(Node.js)") is kept. An aside of several names ("ELK Stack (Elasticsearch, Logstash, Kibana)") lists tools.
fn single_asides(text: &str) -> Vec<usize> {
    let mut found = Vec::new();
    for (at, _) in text.match_indices(" (") {
        let inner_start = at + 2;
        let Some(len) = text[inner_start..].find(')') else { continue };
        let inner = &text[inner_start..inner_start + len];
        let after_a_name = text[..at].rsplit(' ').next().is_some_and(capitalised);
        let one_word = !inner.is_empty() && !inner.contains([' ', ',', ';', '/']);
        // "(GCP)", "(ES6+)", "(Node.js)": another name for the tool, or a tool; kept.
        if after_a_name && one_word && capitalised(inner) && !looks_like_a_product(inner) {
            found.push(inner_start);
        }
    }
    found
}

/// The sentences of a piece of text: a full stop and a space before a capital end one
/// ("Travis CI. Jenkins and GitLab CI are popular"), while "Node.js", "e.g. Docker" and
/// "ASP.NET" stay whole.
fn sentences(piece: &str) -> impl Iterator<Item = &str> + '_ {
    let mut rest = Some(piece);
    std::iter::from_fn(move || {
        let text = rest?;
        let end = text.match_indices(". ").map(|(at, _)| at).find(|&at| {
            let next = text[at + 2..].trim_start().chars().next().is_some_and(char::is_uppercase);
            let word = text[..at].rsplit(' ').next().unwrap_or_default();
            next && !matches!(word, "e.g" | "E.g" | "i.e" | "etc" | "vs")
        });
        match end {
            Some(at) => {
                rest = Some(&text[at + 2..]);
                Some(&text[..at])
            }
            None => {
                rest = None;
                Some(text)
            }
        }
    })
}

/// True when the capitals that open the words of `piece` spell an abbreviation `text` also
/// writes ("Security Information and Event Management" and "SIEM"): the piece is its long form.
fn spells_an_abbreviation_of(piece: &str, text: &str) -> bool {
    let initials: String = piece
        .split(|c: char| c.is_whitespace() || c == '-' || c == '/')
        .filter_map(|w| w.chars().next())
        .filter(|c| c.is_uppercase())
        .collect();
    let words = piece.split_whitespace().count();
    words >= 3
        && initials.len() >= 2
        && text.split(|c: char| !c.is_alphanumeric()).any(|w| w == initials && w != piece.trim())
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

/// Words that are no name standing alone, though a name may start with them: in "Relational
/// (SQL: MySQL, PostgreSQL) and NoSQL" the word names a kind ("Relational Databases" is a
/// name); "Also" opens a sentence.
const NOT_NAMES_ALONE: &[&str] = &["Relational", "Also"];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lowercase_tools_are_lists_after_a_plural_or_names_with_a_dot_or_slash() {
        fn tools(text: &str) -> Vec<&str> {
            lowercase_tools(text).collect()
        }
        assert_eq!(tools("network diagnostic tools (ping, traceroute, nslookup)"), ["ping", "traceroute", "nslookup"]);
        assert_eq!(tools("Git, Docker, npm/yarn/pip/maven, VS Code"), ["npm", "yarn", "pip", "maven"]);
        assert_eq!(tools("Microsoft Visio, Lucidchart, draw.io, Miro"), ["draw.io"]);
        // What a name is like, and paths, are no tools.
        assert!(tools("Ansible (agentless, popular), Puppet").is_empty());
        assert!(tools("Linux system logs (e.g., /var/log/syslog, /var/log/messages)").is_empty());
    }

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
