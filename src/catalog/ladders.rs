//! Career ladders as the pages write them, read into what they are: rungs (a level and the job
//! titles it holds), notes about the ladder ("Salary Progression: generally, salary increases…"),
//! and specialisations (a name and what it means). Pages write all three as the same bullets,
//! and some put a specialisation's name and its description in two bullets, so the reading is
//! by shape: a rung's text is a list of titles; anything else with a label is a note; a bullet
//! that ends with ':' names the specialisation the bullets after it describe.
//!
//! Made once per snapshot ([`crate::catalog::Catalog::ladders`]); `/ladder` and its picture
//! read it.

use crate::content::{list_items, plain_text, Document, Library, ListItem, Part};

/// One level of a ladder and the titles it holds.
#[derive(Debug, Clone, PartialEq)]
pub struct Rung {
    /// The level's name ("Entry-Level"); none when the page lists titles without naming the
    /// level ("Examples of Job Titles at Each Stage").
    pub level: Option<String>,
    /// What the page says about the level in parentheses after its name.
    pub qualifier: Option<String>,
    /// The titles, as the page writes them ("Junior SecOps Engineer").
    pub titles: Vec<String>,
}

/// A labelled bullet among the rungs that is prose, not titles.
#[derive(Debug, Clone, PartialEq)]
pub struct Note {
    /// Its label ("Salary Progression"), if it has one.
    pub label: Option<String>,
    /// Its text, as plain text.
    pub text: String,
}

/// One specialisation a page offers.
#[derive(Debug, Clone, PartialEq)]
pub struct Specialisation {
    /// Its name ("Frontend Specialization").
    pub name: String,
    /// What the page says it is (empty when the page only names it).
    pub description: String,
    /// Areas the page lists under it ("Natural Language Processing (NLP)").
    pub areas: Vec<String>,
}

/// Everything a career's page says about its ladder.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Ladder {
    /// Rungs of the ladder section ("Typical Career Ladder"), lowest first.
    pub levels: Vec<Rung>,
    /// Rungs of the job-titles section ("Examples of Job Titles at Each Stage").
    pub stages: Vec<Rung>,
    /// Notes of either section.
    pub notes: Vec<Note>,
    /// The specialisations section, read.
    pub specialisations: Vec<Specialisation>,
    /// Section keys of the ladder, job-titles and specialisations sections (for `/career`).
    pub levels_key: Option<String>,
    /// See `levels_key`.
    pub stages_key: Option<String>,
    /// See `levels_key`.
    pub specialisations_key: Option<String>,
}

impl Ladder {
    /// Reads a document's ladder.
    pub fn read(doc: &Document) -> Ladder {
        let mut ladder = Ladder::default();
        if let Some(section) = doc.part(Part::Ladder) {
            let (rungs, notes) = rungs_and_notes(&list_items(&section.body));
            ladder.levels = rungs;
            ladder.notes.extend(notes);
            ladder.levels_key = Some(section.key.clone());
        }
        if let Some(section) = doc.part(Part::JobTitles) {
            let (rungs, notes) = rungs_and_notes(&list_items(&section.body));
            ladder.stages = rungs;
            ladder.notes.extend(notes);
            ladder.stages_key = Some(section.key.clone());
        }
        if let Some(section) = doc.part(Part::Specializations) {
            ladder.specialisations = specialisations(&list_items(&section.body));
            ladder.specialisations_key = Some(section.key.clone());
        }
        ladder
    }

    /// The rungs to draw: the ladder's named levels, else the job titles' named stages.
    pub fn named_rungs(&self) -> Vec<&Rung> {
        [&self.levels, &self.stages]
            .into_iter()
            .map(|rungs| rungs.iter().filter(|r| r.level.is_some()).collect::<Vec<_>>())
            .find(|rungs| !rungs.is_empty())
            .unwrap_or_default()
    }

    /// Whether the page says anything about a ladder.
    pub fn is_empty(&self) -> bool {
        self.levels.is_empty() && self.stages.is_empty() && self.notes.is_empty() && self.specialisations.is_empty()
    }
}

/// Every document's ladder, by document index.
#[derive(Debug, Default)]
pub struct Ladders {
    by_document: Vec<Ladder>,
}

impl Ladders {
    /// Reads the ladder of every document of `library`.
    pub fn build(library: &Library) -> Ladders {
        Ladders { by_document: library.documents.iter().map(Ladder::read).collect() }
    }

    /// The ladder of document `index` (empty for an index the library does not have).
    pub fn of(&self, index: usize) -> &Ladder {
        static EMPTY: Ladder = Ladder {
            levels: Vec::new(),
            stages: Vec::new(),
            notes: Vec::new(),
            specialisations: Vec::new(),
            levels_key: None,
            stages_key: None,
            specialisations_key: None,
        };
        self.by_document.get(index).unwrap_or(&EMPTY)
    }
}

/// A job title a page gives its own career, read for the name index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JobTitle {
    /// The title without what the page adds in parentheses ("Junior Data Engineer").
    pub title: String,
    /// An abbreviation the page gives after it ("Site Reliability Engineer (SRE)" → "SRE").
    pub abbreviation: Option<String>,
    /// True when the page qualifies the title with a focus or a path ("Security Engineer
    /// (Infrastructure focus)", "QA Tester (often a stepping stone…)"): the title of another
    /// career seen from this page, unless no page gives it plainly.
    pub qualified: bool,
}

/// Every job title a page gives its career: the titles of its ladder and job-titles rungs and
/// of the entry-level section's "Job Titles" bullet, in page order.
pub fn job_titles(doc: &Document) -> Vec<JobTitle> {
    let ladder = Ladder::read(doc);
    let mut raw: Vec<String> =
        ladder.levels.iter().chain(&ladder.stages).flat_map(|rung| rung.titles.iter().cloned()).collect();
    if let Some(section) = doc.part(Part::EntryLevel) {
        for item in list_items(&section.body) {
            let (label, text) = labelled(&item);
            if label.is_some_and(|l| l.to_lowercase().contains("title")) {
                // The list ends where a sentence after it starts ("… Manager.  Note: …").
                let list = first_sentence(&text);
                raw.extend(split_list(list).into_iter().filter(|t| is_title(&without_parentheses(t).0)));
            }
        }
    }
    let mut out: Vec<JobTitle> = Vec::new();
    for text in raw {
        let text = text.trim_end_matches('.').trim();
        let (outer, inner) = without_parentheses(text);
        let ends_with_parenthesis = text.ends_with(')');
        let title = match inner {
            None => JobTitle { title: outer, abbreviation: None, qualified: false },
            Some(inner) if is_abbreviation(&inner) => {
                JobTitle { title: outer, abbreviation: ends_with_parenthesis.then_some(inner), qualified: false }
            }
            // "SDET (Software Development Engineer in Test)": the title is the abbreviation.
            Some(_) if is_abbreviation(&outer) => JobTitle { title: outer, abbreviation: None, qualified: false },
            Some(inner) => {
                let inner = inner.to_lowercase();
                let a_level = inner.starts_with("entry") || inner.starts_with("level");
                JobTitle { title: outer, abbreviation: None, qualified: !a_level }
            }
        };
        if !title.title.is_empty() && !out.contains(&title) {
            out.push(title);
        }
    }
    out
}

/// "SRE", "SDET", "APM": one word of capitals (and digits).
fn is_abbreviation(text: &str) -> bool {
    let letters = text.chars().filter(|c| c.is_alphabetic()).count();
    (2..=6).contains(&letters)
        && !text.contains(char::is_whitespace)
        && text.chars().all(|c| c.is_uppercase() || c.is_ascii_digit() || c == '+' || c == '/')
}

/// The text up to its first sentence end outside parentheses.
fn first_sentence(text: &str) -> &str {
    let mut depth = 0i32;
    let bytes: Vec<(usize, char)> = text.char_indices().collect();
    for (n, &(i, c)) in bytes.iter().enumerate() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            '.' if depth <= 0 && bytes.get(n + 1).is_some_and(|(_, next)| next.is_whitespace()) => return &text[..i],
            _ => {}
        }
    }
    text
}

/// Splits a ladder section's bullets into rungs and notes. A label with nothing after it heads
/// the deeper bullets that follow (`* **Entry-Level:**` then `  * Junior Developer`).
fn rungs_and_notes(items: &[ListItem]) -> (Vec<Rung>, Vec<Note>) {
    let (mut rungs, mut notes) = (Vec::new(), Vec::new());
    let mut i = 0;
    while i < items.len() {
        let item = &items[i];
        let (label, mut text) = labelled(item);
        let mut next = i + 1;
        if text.is_empty() {
            let nested: Vec<String> = items[next..]
                .iter()
                .take_while(|deeper| deeper.indent > item.indent)
                .map(|deeper| plain_text(&deeper.text))
                .collect();
            next += nested.len();
            text = nested.join(", ");
        }
        i = next;
        if text.is_empty() && label.is_none() {
            continue;
        }
        let titles = split_list(&text);
        if is_title_list(&titles) {
            let (level, qualifier) = match label {
                Some(label) => {
                    let (name, qualifier) = without_parentheses(&label);
                    (Some(name), qualifier)
                }
                None => (None, None),
            };
            let titles = titles.iter().map(|t| t.trim_end_matches('.').trim().to_string()).collect();
            rungs.push(Rung { level, qualifier, titles });
        } else if !text.is_empty() {
            // A level the page gives only a remark ("*(Less common for …)*") is a note.
            let text = text.trim_matches(['*', '_', '.']).trim().to_string();
            notes.push(Note { label, text });
        }
    }
    (rungs, notes)
}

/// Reads a specialisations section: `**Name:** description` and `Name: description` bullets,
/// and a bullet ending in ':' whose following bullets describe it; bullets nested under a
/// description are its areas.
fn specialisations(items: &[ListItem]) -> Vec<Specialisation> {
    let mut out: Vec<Specialisation> = Vec::new();
    // The indent of the bullet that holds the current specialisation's description.
    let mut described_at: Option<usize> = None;
    // Whether the last specialisation still waits for its description.
    let mut open = false;
    for item in items {
        let plain = plain_text(&item.text).trim().to_string();
        if let (Some(described), Some(last)) = (described_at, out.last_mut()) {
            if item.indent > described {
                let (area, _) = name_and_rest(&plain).unwrap_or((plain.clone(), String::new()));
                last.areas.push(area.trim_end_matches([':', '.']).to_string());
                continue;
            }
        }
        let names_one = plain.strip_suffix(':').map(str::trim).filter(|name| is_title(&without_parentheses(name).0));
        if open && item.label.is_none() && names_one.is_none() {
            // The bullet after a name is its description.
            if let Some(last) = out.last_mut() {
                last.description = plain;
            }
            open = false;
            described_at = Some(item.indent);
            continue;
        }
        let heading = match &item.label {
            Some(label) => Some((plain_text(label).trim().to_string(), plain.clone())),
            None => names_one.map(|name| (name.to_string(), String::new())).or_else(|| name_and_rest(&plain)),
        };
        match heading {
            Some((name, description)) => {
                open = description.is_empty();
                described_at = (!open).then_some(item.indent);
                out.push(Specialisation { name, description, areas: Vec::new() });
            }
            None if is_title(&plain) => {
                // One of a bare list of names.
                out.push(Specialisation { name: plain, description: String::new(), areas: Vec::new() });
                described_at = Some(item.indent);
                open = false;
            }
            None => {
                // A second paragraph of the same description; prose before any name is none.
                if let (Some(last), true) = (out.last_mut(), described_at == Some(item.indent)) {
                    last.description.push(' ');
                    last.description.push_str(&plain);
                }
            }
        }
    }
    out.retain(|s| !s.name.is_empty());
    out
}

/// The item's label (bold, or a short title before ': ') and its text, as plain text.
fn labelled(item: &ListItem) -> (Option<String>, String) {
    let text = plain_text(&item.text).trim().to_string();
    if let Some(label) = &item.label {
        return (Some(plain_text(label).trim().to_string()), text);
    }
    match name_and_rest(&text) {
        Some((label, rest)) => (Some(label), rest),
        None => match text.strip_suffix(':') {
            Some(label) if is_title(label) => (Some(label.trim().to_string()), String::new()),
            _ => (None, text),
        },
    }
}

/// `Name: rest` when what comes before the colon (outside parentheses) reads as a name.
fn name_and_rest(text: &str) -> Option<(String, String)> {
    let mut depth = 0i32;
    for (i, c) in text.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            ':' if depth <= 0 => {
                let (name, rest) = (text[..i].trim(), text[i + 1..].trim());
                return (!name.is_empty() && !rest.is_empty() && is_title(without_parentheses(name).0.as_str()))
                    .then(|| (name.to_string(), rest.to_string()));
            }
            _ => {}
        }
    }
    None
}

/// Splits a list at commas, semicolons and arrows (`A -> B -> C`, a path) outside parentheses.
fn split_list(text: &str) -> Vec<String> {
    let text = text.replace("->", "→");
    let text = text.as_str();
    let mut pieces = Vec::new();
    let (mut depth, mut start) = (0i32, 0);
    for (i, c) in text.char_indices() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth -= 1,
            ',' | ';' | '→' if depth <= 0 => {
                pieces.push(text[start..i].trim().to_string());
                start = i + c.len_utf8();
            }
            _ => {}
        }
    }
    pieces.push(text[start..].trim().to_string());
    pieces.retain(|p| !p.is_empty());
    pieces
}

/// "Name (what the page adds)" → ("Name", Some("what the page adds")).
fn without_parentheses(text: &str) -> (String, Option<String>) {
    match (text.find('('), text.rfind(')')) {
        (Some(open), Some(close)) if open < close && open > 0 => {
            let inner = text[open + 1..close].trim();
            let outer = format!("{} {}", text[..open].trim(), text[close + 1..].trim());
            (outer.trim().to_string(), (!inner.is_empty()).then(|| inner.to_string()))
        }
        _ => (text.trim().to_string(), None),
    }
}

/// Whether most of a list's pieces are titles, the first among them: a rung. A sentence split
/// at its commas ("Generally, salary increases with each level, often…") is not.
fn is_title_list(pieces: &[String]) -> bool {
    let Some(first) = pieces.first() else { return false };
    let titles = pieces.iter().filter(|p| is_title(&without_parentheses(p).0)).count();
    is_title(&without_parentheses(first).0) && titles * 3 >= pieces.len() * 2
}

/// Words that join a title's words without capitals ("Director of Engineering").
const JOINERS: &[&str] =
    &["of", "and", "the", "for", "in", "on", "with", "to", "a", "an", "or", "&", "at", "vs", "vs.", "-", "/"];

/// Words of prose, never of a job title.
const PROSE: &[&str] = &[
    "is",
    "are",
    "was",
    "be",
    "can",
    "will",
    "may",
    "should",
    "from",
    "often",
    "generally",
    "usually",
    "many",
    "most",
    "each",
    "you",
    "your",
    "their",
    "this",
    "that",
    "these",
    "become",
    "choose",
    "increase",
    "increases",
    "more",
];

/// Whether a piece of text reads as a job title or a level's name: a few words, in title case
/// ("Senior Full Stack Developer", "iOS Engineer II"), or a few lower-case words of no prose.
fn is_title(text: &str) -> bool {
    let text = text.trim().trim_end_matches('.').trim();
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.is_empty() || words.len() > 8 || text.contains(". ") || !text.chars().any(char::is_alphabetic) {
        return false;
    }
    let lower = |w: &str| w.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase();
    if words.iter().any(|w| PROSE.contains(&lower(w).as_str())) {
        return false;
    }
    let capitalised = words
        .iter()
        .filter(|w| !JOINERS.contains(&lower(w).as_str()))
        .all(|w| w.chars().any(|c| c.is_uppercase() || c.is_ascii_digit()));
    capitalised || words.len() <= 4
}

#[cfg(test)]
mod tests {
    use super::*;

    fn items(body: &str) -> Vec<ListItem> {
        list_items(body)
    }

    #[test]
    fn titles_are_rungs_and_prose_is_a_note() {
        let body = "* **Entry-Level:** Junior Developer, Associate Engineer.\n\
                    * **Research Path (less common):** Research Scientist, Research Engineer (closer to research)\n\
                    * **Salary Progression:** Generally, salary increases with each level, often significantly.\n\
                    * **Freelance Consultant:** Many experienced developers choose a freelance career\n";
        let (rungs, notes) = rungs_and_notes(&items(body));
        assert_eq!(rungs.len(), 2, "{rungs:?}");
        assert_eq!(rungs[0].level.as_deref(), Some("Entry-Level"));
        assert_eq!(rungs[0].titles, ["Junior Developer", "Associate Engineer"]);
        assert_eq!(rungs[1].level.as_deref(), Some("Research Path"));
        assert_eq!(rungs[1].qualifier.as_deref(), Some("less common"));
        let labels: Vec<_> = notes.iter().map(|n| n.label.as_deref().unwrap()).collect();
        assert_eq!(labels, ["Salary Progression", "Freelance Consultant"]);
    }

    #[test]
    fn a_level_may_nest_its_titles_and_lower_case_titles_are_titles() {
        let body =
            "* Entry level:\n  * junior developer\n  * developer\n* Senior: staff engineer, principal engineer\n";
        let (rungs, notes) = rungs_and_notes(&items(body));
        assert!(notes.is_empty(), "{notes:?}");
        assert_eq!(rungs[0].level.as_deref(), Some("Entry level"));
        assert_eq!(rungs[0].titles, ["junior developer", "developer"]);
        assert_eq!(rungs[1].titles, ["staff engineer", "principal engineer"]);
    }

    #[test]
    fn a_name_bullet_and_its_description_bullet_are_one_specialisation() {
        let body = "1. Frontend Specialization:\n* Deep dive into React.\n\n2. Technical Specialization:\n\
                    * Focusing on an area like:\n    * Natural Language Processing (NLP): Text analysis.\n    \
                    * Computer Vision: Images.\n\n3. Security:\n* Become security-focused.\n";
        let found = specialisations(&items(body));
        let names: Vec<_> = found.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["Frontend Specialization", "Technical Specialization", "Security"]);
        assert_eq!(found[0].description, "Deep dive into React.");
        assert_eq!(found[1].areas, ["Natural Language Processing (NLP)", "Computer Vision"]);
        assert_eq!(found[2].description, "Become security-focused.");
    }

    #[test]
    fn labelled_and_bare_specialisations() {
        let body = "* **Cloud Security:** Securing cloud platforms.\n* Network Security: Firewalls and more.\n\
                    * Incident Response\n* Forensics\n";
        let found = specialisations(&items(body));
        let names: Vec<_> = found.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["Cloud Security", "Network Security", "Incident Response", "Forensics"]);
        assert_eq!(found[1].description, "Firewalls and more.");
    }

    #[test]
    fn job_titles_read_abbreviations_levels_and_qualified_titles() {
        let mut doc = crate::content::parse_document(
            "9-Game.md",
            "---\ntitle: Game\n---\n# Game\n## Entry-Level Positions:\n* **Typical Entry-Level Job Titles:** \
             Junior Programmer, Site Reliability Engineer (SRE), ETL Developer (entry-level), QA Tester (often a \
             stepping stone), SDET (Software Development Engineer in Test), Manager.  Note: Direct entry is rare, \
             Nobody.\n"
                .as_bytes(),
        )
        .document
        .expect("a document");
        doc.kind = crate::content::Kind::Career;
        let titles = job_titles(&doc);
        let read: Vec<(&str, Option<&str>, bool)> =
            titles.iter().map(|t| (t.title.as_str(), t.abbreviation.as_deref(), t.qualified)).collect();
        assert_eq!(
            read,
            [
                ("Junior Programmer", None, false),
                ("Site Reliability Engineer", Some("SRE"), false),
                ("ETL Developer", None, false),
                ("QA Tester", None, true),
                ("SDET", None, false),
                ("Manager", None, false),
            ]
        );
    }
}
