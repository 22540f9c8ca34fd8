//! What the library's courses define (`/define`): the entries of glossary pages, sentences that
//! define a term ("**Cross-Site Request Forgery (CSRF)** is a vulnerability where …"), and
//! bold-labelled list items ("**Statement of Work (SOW):** Formal project agreement …"), each
//! citing its lesson and section. Found by term, abbreviation, the words of the term and typos,
//! through the same normaliser as every other name ([`super::keys`]).

use std::collections::HashMap;

use rayon::prelude::*;

use crate::content::text::Text;
use crate::content::tracks::Lesson;
use crate::content::{list_items, plain_text, Library};

use super::keys::{abbreviation, fold, key, typos, within, without_qualifier};

/// How a lesson gives a definition; the order is the order of trust.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Source {
    /// An entry of a page that is a glossary.
    Glossary,
    /// A bold label over its definition ("**Term:** …", "**Definition:** …", a table's row),
    /// in any lesson.
    Label,
    /// A sentence that says what the term is ("Term is …"), which may also be a remark about
    /// it ("Information security is a critical concern …"): trusted least.
    Sentence,
}

/// One defined term. Its term and text are ranges of the section's body where the page gives
/// them word for word (nine in ten), so a large library's glossary holds no second copy of its
/// pages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Definition {
    /// The term as the page writes it: "Statement of Work (SOW)".
    pub term: Text,
    /// What the page says it is (plain text, one paragraph).
    pub text: Text,
    /// Where: the track's position in the library.
    pub track: usize,
    /// Position of the lesson in its track.
    pub lesson: usize,
    /// Position of the section that holds it in the lesson's sections.
    pub section: u32,
    /// How the page gives it.
    pub source: Source,
    /// The lesson is about the term: its title names it.
    about: bool,
    /// The text opens by saying what the term is (see [`opens_by_defining`]).
    opens_by_defining: bool,
}

/// Every definition of the library's tracks, looked up by key.
#[derive(Debug, Default)]
pub struct Glossary {
    entries: Vec<Definition>,
    /// Term key, its abbreviation and its key without the qualifier → entries.
    by_key: HashMap<String, Vec<u32>>,
}

/// Words that start a sentence without naming a term ("This is …", "It is …").
const NOT_TERMS: &[&str] = &[
    "this",
    "that",
    "it",
    "there",
    "here",
    "these",
    "those",
    "what",
    "which",
    "who",
    "why",
    "how",
    "the goal",
    "the aim",
    "the purpose",
    "the idea",
    "the key",
    "the result",
    "the answer",
    "the following",
    "one",
    "each",
    "everyone",
    "security",
    "your",
    "our",
    "their",
    "my",
];

/// The longest term a definition may name, in words.
const MOST_TERM_WORDS: usize = 8;

impl Glossary {
    /// Reads every lesson of every track.
    pub fn build(library: &Library) -> Glossary {
        // Lessons read on every core, their definitions kept in library order.
        let lessons: Vec<(usize, usize, &Lesson)> = library
            .tracks
            .iter()
            .enumerate()
            .flat_map(|(t, track)| track.lessons.iter().enumerate().map(move |(l, lesson)| (t, l, lesson)))
            .collect();
        let read: Vec<Vec<Definition>> =
            lessons.par_iter().map(|&(t, l, lesson)| definitions_of(t, l, lesson)).collect();
        let mut glossary = Glossary::default();
        read.into_iter().flatten().for_each(|definition| glossary.push(definition));
        glossary
    }

    fn push(&mut self, definition: Definition) {
        let at = self.entries.len() as u32;
        let term = &*definition.term;
        let mut keys = vec![key(term), fold(term)];
        keys.extend(abbreviation(term));
        // "SEO (Search Engine Optimization)": the spelled-out form in the qualifier finds it.
        if let Some(inner) = term.rsplit_once('(').and_then(|(_, rest)| rest.split_once(')')).map(|(inner, _)| inner) {
            if inner.split_whitespace().count() >= 2 {
                keys.push(fold(inner));
            }
        }
        // "Kubernetes - The Container Orchestrator", "Upwork/Fiverr": each name finds it.
        if let Some((head, _)) = term.split_once(" - ") {
            keys.push(key(head));
        }
        if term.contains('/') && !term.contains(' ') {
            keys.extend(term.split('/').map(key));
        }
        // Plural or not: "token generations", "SLOs".
        let singulars: Vec<String> =
            keys.iter().filter_map(|k| k.strip_suffix('s')).filter(|k| k.len() >= 3).map(str::to_string).collect();
        keys.extend(singulars);
        keys.sort();
        keys.dedup();
        for k in keys.into_iter().filter(|k| !k.is_empty()) {
            self.by_key.entry(k).or_default().push(at);
        }
        self.entries.push(definition);
    }

    /// Every definition.
    pub fn all(&self) -> &[Definition] {
        &self.entries
    }

    /// How many terms a track defines in a glossary or a defining sentence (bold labels
    /// elsewhere are not counted: they are definitions in passing).
    pub fn terms_of(&self, track: usize) -> usize {
        let mut keys: Vec<String> = self
            .entries
            .iter()
            .filter(|d| d.track == track && d.source != Source::Label)
            .map(|d| key(&d.term))
            .collect();
        keys.sort();
        keys.dedup();
        keys.len()
    }

    /// The definitions of what a member typed, best first: the exact term or its abbreviation,
    /// then a term with a slip or two, then terms holding every word typed. Within each, a
    /// glossary before a sentence before a label, and `track` (when given) first.
    pub fn find<'a>(&'a self, typed: &str, track: Option<usize>) -> Vec<&'a Definition> {
        let sorted = |found: Vec<&'a Definition>| best_first(found, track);
        let wanted = key(typed);
        if wanted.is_empty() {
            return Vec::new();
        }
        let singular = wanted.strip_suffix('s').filter(|k| k.len() >= 4).unwrap_or(&wanted);
        for k in [wanted.as_str(), singular] {
            if let Some(ids) = self.by_key.get(k) {
                return sorted(ids.iter().map(|&i| &self.entries[i as usize]).collect());
            }
        }
        let most = typos(wanted.chars().count());
        if most > 0 {
            let close: Vec<&Definition> = self
                .by_key
                .iter()
                .filter(|(k, _)| within(k, &wanted, most))
                .flat_map(|(_, ids)| ids.iter().map(|&i| &self.entries[i as usize]))
                .collect();
            if !close.is_empty() {
                return sorted(close);
            }
        }
        let words: Vec<String> =
            typed.split(|c: char| !c.is_alphanumeric()).filter(|w| w.len() >= 3).map(str::to_lowercase).collect();
        if words.is_empty() {
            return Vec::new();
        }
        let holding: Vec<&Definition> = self
            .entries
            .iter()
            .filter(|d| {
                let term = d.term.to_lowercase();
                words.iter().all(|w| term.contains(w.as_str()))
            })
            .collect();
        sorted(holding)
    }

    /// Terms close to what was typed, for "did you mean": those sharing its start or a word.
    pub fn suggest(&self, typed: &str, most: usize) -> Vec<&str> {
        let wanted = key(typed);
        let start: String = wanted.chars().take(3).collect();
        let mut out: Vec<&str> = Vec::new();
        for d in &self.entries {
            if d.source == Source::Label {
                continue;
            }
            if !start.is_empty() && key(&d.term).starts_with(&start) && !out.contains(&&*d.term) {
                out.push(&d.term);
            }
        }
        out.truncate(most);
        out
    }
}

/// What the lesson at `lesson` of the track at `track` defines, in page order.
fn definitions_of(track: usize, at: usize, lesson: &Lesson) -> Vec<Definition> {
    let mut out = Vec::new();
    let doc = &lesson.document;
    let title = fold(&doc.title);
    let is_glossary = doc.title.to_lowercase().contains("glossary");
    for (s, section) in doc.sections.iter().enumerate() {
        let entry = |term: &str, text: &str, source: Source| {
            let term = section.body.part_or_owned(term.trim().trim_end_matches(':').trim());
            let text = section.body.part_or_owned(plain_text(text).trim());
            let head = key(term.split_once(" - ").map_or(&*term, |(head, _)| head));
            Definition {
                about: head.len() >= 3 && title.contains(&head),
                opens_by_defining: opens_by_defining(&term, &text),
                term,
                text,
                track,
                lesson: at,
                section: s as u32,
                source,
            }
        };
        let labelled = if is_glossary { Source::Glossary } else { Source::Label };
        // "### Zero-Shot Prompting" over "**Definition:** …": the heading is the term.
        let heading = term_of_heading(section.heading());
        for item in list_items(&section.body) {
            let Some(label) = &item.label else { continue };
            if let Some(term) = labelled_term(label, &item.text, heading.as_deref()) {
                out.push(entry(&term, &item.text, labelled));
            }
        }
        for row in table_rows(&section.body) {
            if let [term, text, ..] = row.as_slice() {
                let term = term.trim_matches('*').trim();
                if is_term(term) && text.split_whitespace().count() >= 4 && !is_header_cell(term) {
                    out.push(entry(term, text, labelled));
                }
            }
        }
        for (term, sentence, source) in defining_sentences(&section.body, heading.as_deref()) {
            out.push(entry(&term, &sentence, source));
        }
    }
    out
}

/// Definitions in the order [`Glossary::find`] gives them, one per term and lesson: the track
/// asked for, a lesson about the term (its title names it), the most trusted source, a text
/// that opens by saying what the term is, a term that spells its abbreviation out, the shortest
/// term (the exact one before "… Scanning").
fn best_first(mut found: Vec<&Definition>, track: Option<usize>) -> Vec<&Definition> {
    // Each key once per definition (it allocates): a large library defines a term hundreds of
    // times over.
    found.sort_by_cached_key(|d| {
        let spells_out = d.term.contains('(');
        (track.is_some_and(|t| t != d.track), !d.about, d.source, !d.opens_by_defining, !spells_out, key(&d.term).len())
    });
    found.dedup_by(|a, b| key(&a.term) == key(&b.term) && a.track == b.track && a.lesson == b.lesson);
    found
}

/// True when a definition's text opens with its term and a verb that defines: "Kubernetes is
/// an open-source platform …", not "Kubernetes can run on …".
fn opens_by_defining(term: &str, text: &str) -> bool {
    let Some(verb_at) = DEFINING_VERBS.iter().filter_map(|v| text.find(&format!(" {v}"))).min() else { return false };
    let subject = key(&text[..verb_at]);
    // "Kubernetes - The Container Orchestrator" is about Kubernetes.
    let head = key(term.split_once(" - ").map_or(term, |(head, _)| head));
    !head.is_empty() && (subject.ends_with(&head) || abbreviation(term).is_some_and(|a| subject == a))
}

/// Verbs that say what a term is.
const DEFINING_VERBS: &[&str] = &["is ", "are ", "refers to ", "means ", "stands for ", "involves "];

/// Labels that introduce the definition of what the section is about.
const DEFINITION_LABELS: &[&str] = &["definition", "meaning", "what it is", "what is it"];

/// The term a labelled item defines: its label, when it names a term and the text says
/// something (not an example in quotes); the section's when the label is "Definition".
fn labelled_term(label: &str, text: &str, heading: Option<&str>) -> Option<String> {
    let text = text.trim();
    if text.split_whitespace().count() < 3 || text.starts_with(['"', '“', '\'', '`']) {
        return None;
    }
    let bare = label.trim().trim_end_matches(':').trim();
    if DEFINITION_LABELS.contains(&bare.to_lowercase().as_str()) {
        // "**Definition:** ChatGPT is a type of AI …" defines its own subject; "In zero-shot
        // prompting, you …" the section's.
        let own = defining_sentences(text, None).into_iter().next().map(|(term, _, _)| term);
        return own.or_else(|| heading.map(str::to_string));
    }
    let asked = what_is(bare).unwrap_or(bare);
    is_term(asked).then(|| asked.to_string())
}

/// "What is Site Reliability Engineering (SRE)? - Software Engineering" → the term asked
/// about.
fn what_is(text: &str) -> Option<&str> {
    let lower = text.to_lowercase();
    let start = ["what is a ", "what is an ", "what is ", "what are "].iter().find(|p| lower.starts_with(*p))?.len();
    let rest = &text[start..];
    let end = rest.find('?').unwrap_or(rest.len());
    Some(rest[..end].trim()).filter(|t| !t.is_empty())
}

/// The term a heading names, for the definitions under it: "Zero-Shot Prompting", "What is
/// Phishing?" → "Phishing"; `None` for a heading that is a sentence or a step.
fn term_of_heading(heading: &str) -> Option<String> {
    let heading = heading.trim().trim_start_matches(|c: char| c.is_ascii_digit() || c == '.').trim();
    let term = what_is(heading).unwrap_or(heading).trim_end_matches([':', '?']).trim();
    is_term(term).then(|| term.to_string())
}

/// The cells of a markdown table's rows, header and rule rows left out.
fn table_rows(body: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut in_table = false;
    for line in body.lines() {
        let line = line.trim();
        if !line.starts_with('|') {
            in_table = false;
            continue;
        }
        let cells: Vec<String> = line.trim_matches('|').split('|').map(|c| c.trim().to_string()).collect();
        let rule = cells.iter().all(|c| c.chars().all(|ch| matches!(ch, '-' | ':' | ' ')));
        if !in_table {
            in_table = true; // the header
            continue;
        }
        if !rule {
            rows.push(cells);
        }
    }
    rows
}

fn is_header_cell(cell: &str) -> bool {
    matches!(cell.to_lowercase().as_str(), "term" | "technique" | "name" | "concept" | "type")
}

/// True for a label that names a term: a few words, not a sentence or a step ("Step 1").
fn is_term(label: &str) -> bool {
    let bare = without_qualifier(label);
    let words = bare.split_whitespace().count();
    (1..=MOST_TERM_WORDS).contains(&words)
        && !bare.ends_with(['.', '?', '!'])
        && bare.chars().next().is_some_and(|c| c.is_alphabetic())
        && !NOT_TERMS.contains(&bare.to_lowercase().as_str())
}

/// Sentences that say what a term is: "**Term (ABR)** is …", "The **term** is …", "Term is a
/// …", "Term refers to …", and "Term is …" for the term the section is about, with the term
/// each defines and how far to trust it.
fn defining_sentences(body: &str, heading: Option<&str>) -> Vec<(String, String, Source)> {
    let mut out = Vec::new();
    for line in body.lines() {
        // The list marker goes, not the bold that may follow it ("*   **REST** is …").
        let line = line.trim();
        let line = ["* ", "- ", "+ ", "> "].iter().find_map(|m| line.strip_prefix(m)).unwrap_or(line).trim();
        // A labelled item's text may hold its own defining sentence ("**CSRF Prevention:**
        // **Cross-Site Request Forgery (CSRF)** is …"): read after the label.
        let line = match line.split_once(":**") {
            Some((label, rest)) if label.starts_with("**") && label.len() < 80 => {
                // "**Definition:** In zero-shot prompting, you …" under its term's heading.
                let label = label.trim_start_matches('*').trim().to_lowercase();
                if let Some(term) = heading.filter(|_| DEFINITION_LABELS.contains(&label.as_str())) {
                    if rest.split_whitespace().count() >= 4 {
                        out.push((term.to_string(), plain_text(rest.trim()), Source::Label));
                        continue;
                    }
                }
                rest.trim()
            }
            _ => line,
        };
        // "The **digital footprint** is …", "Your **password** is …".
        let unarticled = ["The ", "A ", "An ", "Your "]
            .iter()
            .find_map(|a| line.strip_prefix(a).filter(|rest| rest.starts_with("**")))
            .unwrap_or(line);
        let bold = unarticled.starts_with("**");
        let (term, rest) = if let Some(after) = unarticled.strip_prefix("**") {
            let Some((term, rest)) = after.split_once("**") else { continue };
            (term.trim().trim_end_matches(':').to_string(), rest.trim_start())
        } else {
            let Some(verb_at) =
                [" is ", " are ", " refers to ", " means "].iter().filter_map(|verb| line.find(verb)).min()
            else {
                continue;
            };
            let term = &line[..verb_at];
            let capitalised = term.chars().next().is_some_and(char::is_uppercase);
            let about_the_section = heading.is_some_and(|h| key(h) == key(term));
            let verb = &line[verb_at + 1..];
            let strong = [" is a ", " is an ", " is the ", " refers to ", " means "]
                .iter()
                .any(|v| line[verb_at..].starts_with(v));
            if !capitalised || term.contains([',', ':', '*', '[', '"']) || !(strong || about_the_section) {
                continue;
            }
            (term.to_string(), verb)
        };
        let rest = rest.trim_start_matches(['(', ')']);
        let defines = DEFINING_VERBS.iter().any(|v| rest.starts_with(v));
        if !defines || !is_term(&term) {
            continue;
        }
        // The sentence whole, its term in it; up to the end of the first sentence or two.
        let sentence = plain_text(line);
        let end = sentence.match_indices(". ").map(|(i, _)| i + 1).find(|&i| i >= 60).unwrap_or(sentence.len());
        // A term the page sets in bold to define it, or the section's own, is meant as a
        // definition; a plain "X is a …" may be a remark.
        let source =
            if bold || heading.is_some_and(|h| key(h) == key(&term)) { Source::Label } else { Source::Sentence };
        out.push((term, sentence[..end].trim().to_string(), source));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_that_define_give_their_term() {
        let body = "*   **CSRF Prevention:** **Cross-Site Request Forgery (CSRF)** is a vulnerability where an attacker tricks a user's browser. More text follows here.\nPhishing is a type of attack that tricks people into giving away secrets.\nThis is not a term.";
        let found = defining_sentences(body, None);
        let terms: Vec<&str> = found.iter().map(|(t, _, _)| t.as_str()).collect();
        assert_eq!(terms, ["Cross-Site Request Forgery (CSRF)", "Phishing"]);
        assert!(found[0].1.starts_with("Cross-Site Request Forgery (CSRF) is a vulnerability"), "{}", found[0].1);
    }

    #[test]
    fn a_term_is_a_few_words_not_a_sentence() {
        assert!(is_term("Statement of Work (SOW)"));
        assert!(!is_term("This"));
        assert!(!is_term("Why a glossary matters to every freelancer who works online today."));
    }
}
