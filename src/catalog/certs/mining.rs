//! Reading certification names out of prose: a body's sentences, the forms a name takes (see
//! [`super`]), and every place in a library's text where a known name stands.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use rayon::prelude::*;

use crate::content::{plain_text, Document, Library, Section};

use super::index::{cert_key, VENDORS};
use super::{Mention, Place};
use crate::catalog::keys::without_qualifier;
use crate::content::Part;

/// Characters of a sentence kept before and after a name it mentions: more than a listing
/// shows (`/certs name:` cuts at 120 before and 160 after).
const MENTION_CONTEXT: usize = 150;

/// The part of `sentence` around `name` that a mention keeps, and where the name is in it: a
/// sentence of a megabyte that names a certification 40,000 times is not kept 40,000 times.
fn around(sentence: &str, name: std::ops::Range<usize>) -> (String, std::ops::Range<usize>) {
    let before = &sentence[..name.start];
    let start = before.char_indices().rev().nth(MENTION_CONTEXT - 1).map_or(0, |(at, _)| at);
    let after = &sentence[name.end..];
    let end = name.end + after.char_indices().nth(MENTION_CONTEXT + 50).map_or(after.len(), |(at, _)| at);
    (sentence[start..end].to_string(), name.start - start..name.end - start)
}

/// One document's findings: mentions of known certifications (by id), and sentences that
/// speak of certifications by their maker's name only.
pub(super) type DocumentMentions = (Vec<(usize, Mention)>, Vec<Mention>);

/// A name to look for in text: (its text, the entry it names, whether its case matters).
pub(super) type Term = (String, usize, bool);

/// Scans every sentence of the library for every term, document by document on every core:
/// for each document (in library order), the places its text names a term's entry, and, when
/// it names none and lists none, its sentences that speak of certifications by a maker's name.
pub(super) fn find_mentions(library: &Library, terms: &[Term]) -> Vec<DocumentMentions> {
    let mut terms = terms.to_vec();
    // Longer names are not looked for: no certification's name is that long, and the
    // automaton grows with the square of a name's length (2 s for one hostile 5,000-letter
    // name).
    terms.retain(|(term, _, _)| term.len() <= MAX_NAME_BYTES);
    // One DFA over all the text of the library, blind to ASCII case; a term whose case
    // matters is checked after.
    let matcher = AhoCorasickBuilder::new()
        .kind(Some(AhoCorasickKind::DFA))
        .ascii_case_insensitive(true)
        .match_kind(MatchKind::LeftmostLongest)
        .build(terms.iter().map(|(t, _, _)| t.as_str()))
        .ok();
    // Every name each certification is looked for under, to tell its abbreviation from the
    // same letters spelling something else ("critical path method (CPM)").
    let mut names_of: HashMap<usize, Vec<String>> = HashMap::new();
    for (term, id, _) in &terms {
        names_of.entry(*id).or_default().push(term.to_lowercase());
    }
    library
        .documents
        .par_iter()
        .map(|doc| {
            let mut mentions: Vec<(usize, Mention)> = Vec::new();
            let mut by_maker: Vec<Mention> = Vec::new();
            let mut seen: HashSet<(usize, &str, usize)> = HashSet::new();
            let sections: Vec<(&Section, String)> = plain_texts(doc).collect();
            let mut order = 0;
            for (section, text) in &sections {
                let kind = kind_of_section(section);
                // One pass of each matcher over the section (short sentences one by one
                // cost more in calls than in bytes); a match counts inside one sentence.
                let sentences = sentences(text);
                let spans: Vec<std::ops::Range<usize>> = sentences.iter().map(|s| offset_in(text, s)).collect();
                let mut found_in: Vec<Vec<(std::ops::Range<usize>, usize)>> = vec![Vec::new(); sentences.len()];
                for m in matcher.iter().flat_map(|matcher| matcher.find_iter(text.as_str())) {
                    let (term, id, case_matters) = &terms[m.pattern().as_usize()];
                    if *case_matters && &text[m.range()] != term {
                        continue;
                    }
                    let k = spans.partition_point(|span| span.end <= m.start());
                    let Some(span) = spans.get(k).filter(|span| span.start <= m.start() && m.end() <= span.end) else {
                        continue;
                    };
                    let (start, end) = (m.start() - span.start, m.end() - span.start);
                    if whole_word(sentences[k], start, end) {
                        found_in[k].push((start..end, *id));
                    }
                }
                // Labels of certifications in this section ("Cisco Certifications: CCNA, …"):
                // a family of the same name elsewhere in it ("Cisco certifications are
                // benchmarks") is that group again, not one more certification.
                let labels: HashSet<String> = sentences
                    .iter()
                    .filter_map(|s| label(s))
                    .filter(|l| names_certifications(l))
                    .map(cert_key)
                    .collect();
                // A sentence without a label of its own carries on the one its line opened
                // with ("To Product Manager: Develop … . Consider … (e.g., Pragmatic …)").
                let mut line_label: Option<&str> = None;
                for (k, (sentence, mut found)) in sentences.iter().copied().zip(found_in).enumerate() {
                    let same_line = k > 0 && !text[spans[k - 1].end..spans[k].start].contains('\n');
                    let label = label(sentence).or(line_label.filter(|_| same_line));
                    line_label = label;
                    let place = place_of(kind, label);
                    let group = label.filter(|l| names_certifications(l)).map(str::to_string);
                    // Overlaps (an abbreviation inside a name): the longer span wins.
                    found.sort_by_key(|(range, _)| (range.start, std::cmp::Reverse(range.end)));
                    let mut end = 0;
                    for (range, id) in found {
                        if range.start < end {
                            continue;
                        }
                        end = range.end;
                        let name = &sentence[range.clone()];
                        if let Some(spelled) = spelled_out_before(sentence, range.clone()) {
                            if !names_of.get(&id).is_some_and(|names| names.contains(&spelled.to_lowercase())) {
                                continue;
                            }
                        }
                        if is_family(name)
                            && (sentence[range.end..].trim_start().starts_with(':') || labels.contains(&cert_key(name)))
                        {
                            continue;
                        }
                        if !seen.insert((id, section.key.as_str(), range.start ^ sentence.len())) {
                            continue;
                        }
                        let hint = hint_after(&sentence[range.end..]);
                        let (sentence, at) = around(sentence, range);
                        order += 1;
                        let mention = Mention {
                            career: doc.slug.clone(),
                            section: section.key.clone(),
                            sentence,
                            at,
                            place: place.clone(),
                            group: group.clone(),
                            hint,
                            order,
                        };
                        mentions.push((id, mention));
                    }
                }
            }
            if mentions.is_empty() && doc.certifications.is_empty() {
                for (section, text) in &sections {
                    let kind = kind_of_section(section);
                    for sentence in sentences(text) {
                        if let Some(at) = speaks_of_certifications_by_name(sentence) {
                            order += 1;
                            by_maker.push(Mention {
                                career: doc.slug.clone(),
                                section: section.key.clone(),
                                sentence: sentence.to_string(),
                                at,
                                place: place_of(kind, label(sentence)),
                                group: None,
                                hint: None,
                                order,
                            });
                        }
                    }
                }
            }
            (mentions, by_maker)
        })
        .collect()
}

/// What a section is to the career it belongs to, for the mentions in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SectionKind {
    /// Education, training, certifications: the career's own advice on them.
    Own,
    /// Switching careers: advice about moving to another.
    Switching,
    /// Anything else.
    Other,
}

/// Reads a section by its part and the headings above it: a "Vocational Training &
/// Bootcamps" heading no part names is still training.
fn kind_of_section(section: &Section) -> SectionKind {
    let parts: Vec<Option<Part>> = section.path.iter().map(|h| Part::of_heading(h)).collect();
    let switching = [Part::Switching, Part::Transitions, Part::TransferableSkills, Part::SwitchTraining];
    if parts.iter().flatten().any(|p| switching.contains(p)) {
        return SectionKind::Switching;
    }
    let heading = section.heading().to_lowercase();
    let own = matches!(section.part, Some(Part::Education | Part::Certifications | Part::GettingStarted))
        || ["vocational", "bootcamp", "training", "education"].iter().any(|w| heading.contains(w));
    if own {
        SectionKind::Own
    } else {
        SectionKind::Other
    }
}

/// The label a sentence opens with ("AWS Certifications: …", "To Security Engineer: …"): the
/// text before its first colon, when that is a few words and no sentence of its own.
/// A label over job titles ("Typical Entry-Level Job Titles", "Entry-Level Positions").
fn names_jobs(label: &str) -> bool {
    let lower = label.to_lowercase();
    ["titles", "positions", "roles"].iter().any(|w| lower.trim_end().ends_with(w))
}

fn label(sentence: &str) -> Option<&str> {
    let (label, rest) = sentence.split_once(':')?;
    let label = label.trim();
    let words = label.split_whitespace().count();
    // "Microsoft Certified: Azure …" is a name, not a label.
    let a_name = label.ends_with("Certified");
    (!label.is_empty() && words <= 8 && !label.contains(['.', ';', '!', '?']) && !rest.is_empty() && !a_name)
        .then_some(label)
}

/// Where a mention stands, from its section and its sentence's label: a sentence that opens
/// "To <career>:" is advice about moving anywhere it stands.
fn place_of(kind: SectionKind, label: Option<&str>) -> Place {
    let to = label.and_then(|l| l.strip_prefix("To ").or_else(|| l.strip_prefix("to ")));
    if let Some(to) = to {
        return Place::Moving { to: Some(without_qualifier(to)).filter(|t| !t.is_empty()) };
    }
    match kind {
        SectionKind::Own => Place::Own,
        SectionKind::Other => Place::Elsewhere,
        SectionKind::Switching => {
            Place::Moving { to: label.map(without_qualifier).filter(|t| !t.is_empty() && !names_certifications(t)) }
        }
    }
}

/// "AWS Certifications", "ISTQB (…) Certifications": a label that names a group of
/// certifications (not one certification's name: "Certified Software Quality Analyst (CSQA)").
fn names_certifications(label: &str) -> bool {
    is_family(&without_qualifier(label))
}

/// A name that stands for a family of certifications ("DevOps Institute certifications").
pub(super) fn is_family(name: &str) -> bool {
    let lower = name.trim_end().to_ascii_lowercase();
    lower.ends_with("certifications") || lower.ends_with("certificates")
}

/// What a page says in parentheses right after a name: "(foundational)", "(popular entry
/// point)", "(CISSP - more advanced, often for senior roles)" → "more advanced, …". Not an
/// abbreviation alone, nor a long aside.
fn hint_after(after: &str) -> Option<String> {
    let inner = after.strip_prefix(" (").or_else(|| after.strip_prefix('('))?;
    let inner = &inner[..matching_close(inner, ')')];
    let inner = match inner.split_once([' ', ',']) {
        Some((first, rest)) if is_abbreviation(first) => rest.trim_start_matches([' ', '-', '–', ',']).trim(),
        _ if is_abbreviation(inner.trim()) => return None,
        _ => inner.trim(),
    };
    (!inner.is_empty() && inner.chars().count() <= 60).then(|| inner.to_string())
}

/// The certification names a document's prose gives (lists aside), with an issuer where the
/// sentence gives one, in order.
pub(super) fn names_in_document(doc: &Document) -> Vec<(String, Option<String>)> {
    let mut names = Vec::new();
    for (_, text) in plain_texts(doc) {
        for sentence in sentences(&text).into_iter().filter(|s| may_name_certifications(s)) {
            // "Typical Entry-Level Job Titles: Associate Product Manager (APM), …" names jobs.
            if label(sentence).is_some_and(names_jobs) {
                continue;
            }
            names.extend(names_in(sentence));
            names.extend(families_in(sentence).into_iter().map(|family| (family, None)));
        }
    }
    names
}

/// Words that make a run of capitalised words an organisation's name ("DevOps Institute").
const ORGANISATION_WORDS: &[&str] =
    &["Institute", "Foundation", "Alliance", "Council", "Association", "Society", "Board"];

/// Generic references to a maker's certifications, as written: "DevOps Institute
/// certifications", "AWS, GCP, Azure DevOps Engineer certifications". The capitalised words
/// right before "certifications" (and makers listed before them with commas) must name a
/// maker: a vendor, an organisation, an abbreviation. A label that opens a list ("Cisco
/// Certifications: CCNA, …") is no reference: its items are.
fn families_in(sentence: &str) -> Vec<String> {
    let words = split_words(sentence);
    let is_maker = |w: &str| {
        VENDOR_WORDS.contains(&w)
            || ORGANISATION_WORDS.contains(&w)
            || w == "GCP"
            || (is_abbreviation(w) && !NOT_CERTIFICATIONS.contains(&w))
    };
    let mut out = Vec::new();
    for (k, word) in words.iter().enumerate() {
        if !word.text.eq_ignore_ascii_case("certifications") || word.stop == Some(':') || k == 0 {
            continue;
        }
        let mut from = k;
        while from > 0 {
            let before = &words[from - 1];
            let joins = capitalised(before.text)
                && !SENTENCE_OPENERS.contains(&before.text)
                && before.stop.is_none()
                && !before.closes
                && !before.text.starts_with("Certif");
            if !joins {
                break;
            }
            from -= 1;
            if before.opens {
                break;
            }
        }
        // The words right before it name a maker ("Agile" in "PMP, Agile certifications"
        // does not, and the list is no reference).
        if from == k || !words[from..k].iter().any(|w| is_maker(w.text)) {
            continue;
        }
        // Makers listed before it: "(AWS, GCP, Azure DevOps Engineer certifications)".
        while from > 0 && from < k && !words[from].opens {
            let before = &words[from - 1];
            if !(before.stop == Some(',') && !before.closes && is_maker(before.text)) {
                break;
            }
            from -= 1;
            if before.opens {
                break;
            }
        }
        out.push(sentence[words[from].start..word.end].to_string());
    }
    out
}

/// Names longer than this are not looked for in text (see `find_mentions`).
const MAX_NAME_BYTES: usize = 200;

/// Vendor words as they are written, for reading names out of prose.
const VENDOR_WORDS: &[&str] = &[
    "AWS",
    "Amazon",
    "Microsoft",
    "Azure",
    "Google",
    "Cisco",
    "CompTIA",
    "Red",
    "Oracle",
    "HashiCorp",
    "Salesforce",
    "GIAC",
    "ISACA",
    "ISTQB",
    "Juniper",
    "VMware",
    "Tableau",
    "Snowflake",
    "Databricks",
    "Offensive",
    "EC-Council",
    "PMI",
    "Scrum",
    "Linux",
    "Unity",
    "Unreal",
];

/// Words that end a vendor's certification name.
const LEVELS: &[&str] = &[
    "Associate",
    "Expert",
    "Professional",
    "Specialty",
    "Fundamentals",
    "Practitioner",
    "Leader",
    "Foundation",
    "Level",
    "Essentials",
];

/// Words that make a name before `(ABBR)` a certification's.
const CERT_WORDS: &[&str] = &[
    "Certified",
    "Certification",
    "Certificate",
    "Professional",
    "Associate",
    "Expert",
    "Practitioner",
    "Essentials",
    "Hacker",
    "Auditor",
];

/// Abbreviations of technologies and roles that come before "certification" without being
/// one ("a SQL certification", "DBA certification").
const NOT_CERTIFICATIONS: &[&str] = &[
    "SQL", "IT", "OS", "API", "AWS", "GCP", "DBA", "UX", "UI", "QA", "BI", "ML", "AI", "ETL", "CI", "CD", "HR", "PM",
    "SRE", "IoT", "MySQL", "NoSQL", "CRM", "ERP", "SaaS", "DevOps",
];

/// The words an abbreviation in parentheses spells out, when the words right before it do:
/// "critical path method" for the "CPM" of "critical path method (CPM)".
fn spelled_out_before(sentence: &str, abbreviation: std::ops::Range<usize>) -> Option<&str> {
    let before = sentence[..abbreviation.start].strip_suffix('(')?.trim_end();
    sentence[abbreviation.end..].starts_with(')').then_some(())?;
    let letters: Vec<char> =
        sentence[abbreviation].chars().filter(|c| c.is_alphabetic()).flat_map(char::to_lowercase).collect();
    if letters.len() < 2 {
        return None;
    }
    // The last words before it, one per letter, each starting with its letter.
    let mut start = before.len();
    for &letter in letters.iter().rev() {
        let word_start = before[..start].trim_end().rfind(|c: char| c.is_whitespace()).map_or(0, |i| i + 1);
        let word = before[word_start..start].trim();
        if !word.chars().next().is_some_and(|c| c.to_lowercase().eq(std::iter::once(letter))) {
            return None;
        }
        start = word_start;
    }
    Some(before[start..].trim())
}

/// "Name (ABBR)" or "Name - ABBR" → ("Name", Some("ABBR")); a bare abbreviation is its own.
pub(super) fn split_abbreviation(name: &str) -> (String, Option<String>) {
    // A registered mark after the name ("(PMP)®") is no part of it.
    let name = name.trim().trim_end_matches([':', ',', ';', '.', '®', '™']).trim();
    if name.ends_with(')') {
        if let Some(open) = name.rfind('(') {
            let inner = name[open + 1..name.len() - 1].trim();
            let before = name[..open].trim();
            if is_abbreviation(inner) && !before.is_empty() {
                return (before.to_string(), Some(inner.to_string()));
            }
        }
    }
    for sep in [" - ", " – "] {
        if let Some((before, after)) = name.rsplit_once(sep) {
            if is_abbreviation(after.trim()) {
                return (before.trim().to_string(), Some(after.trim().to_string()));
            }
        }
    }
    if is_abbreviation(name) {
        return (name.to_string(), Some(name.to_string()));
    }
    (name.to_string(), None)
}

/// "CISSP", "CySA+", "PMI-ACP", "CCNA": 2–10 characters, a capital first, mostly capitals or
/// ending in "+", no spaces.
pub(super) fn is_abbreviation(text: &str) -> bool {
    let n = text.chars().count();
    if !(2..=10).contains(&n) || text.contains(char::is_whitespace) {
        return false;
    }
    if !text.starts_with(|c: char| c.is_ascii_uppercase()) {
        return false;
    }
    if !text.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '/')) {
        return false;
    }
    let upper = text.chars().filter(|c| c.is_ascii_uppercase()).count();
    let lower = text.chars().filter(|c| c.is_ascii_lowercase()).count();
    (upper >= 2 && lower <= 1) || (text.ends_with('+') && upper >= 1 && n >= 4)
}

fn whole_word(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    !before.is_some_and(|c| c.is_alphanumeric()) && !after.is_some_and(|c| c.is_alphanumeric() || c == '+')
}

/// Where `part`, a slice of `text`, lies in it.
fn offset_in(text: &str, part: &str) -> std::ops::Range<usize> {
    let start = (part.as_ptr() as usize).saturating_sub(text.as_ptr() as usize).min(text.len());
    start..start + part.len()
}

/// Each section of a document with its text as plain text, in order.
pub(super) fn plain_texts(doc: &Document) -> impl Iterator<Item = (&Section, String)> + '_ {
    doc.sections.iter().map(|s| (s, plain_text(&s.body)))
}

/// A body's sentences: each line (a list item, a paragraph line), cut after `. `, `! `, `? `
/// where the next word starts with a capital. List markers dropped.
pub fn sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    for line in text.lines() {
        let line = line.trim();
        let line = ["* ", "- ", "+ "].iter().find_map(|m| line.strip_prefix(m)).unwrap_or(line).trim();
        let line = line.trim_start_matches(|c: char| c.is_ascii_digit()).trim_start_matches(['.', ')']).trim();
        if line.is_empty() {
            continue;
        }
        let mut start = 0;
        let bytes = line.as_bytes();
        // Bytes, not chars: the marks are ASCII, and every line of the library passes here.
        for i in memchr::memchr3_iter(b'.', b'!', b'?', bytes) {
            if bytes.get(i + 1) == Some(&b' ') {
                let next = line[i + 2..].chars().next();
                // Not after "e.g." or "etc.": those are not sentence ends.
                let word_before = line[..i].rsplit(' ').next().unwrap_or_default();
                if next.is_some_and(|n| n.is_uppercase()) && !matches!(word_before, "e.g" | "i.e" | "etc" | "vs") {
                    out.push(line[start..=i].trim());
                    start = i + 2;
                }
            }
        }
        if start < line.len() {
            out.push(line[start..].trim());
        }
    }
    out
}

/// A word of a sentence: its text without surrounding punctuation, where it is, and what
/// punctuation ends it.
#[derive(Debug, Clone)]
struct Word<'a> {
    text: &'a str,
    start: usize,
    end: usize,
    /// The word opens a parenthesis: `(AWS`.
    opens: bool,
    /// A parenthesis closes after the word: `CISSP)`.
    closes: bool,
    /// Punctuation after the word that ends a name (`,` `;` `.` `:` `)`).
    stop: Option<char>,
}

fn split_words(sentence: &str) -> Vec<Word<'_>> {
    let mut words = Vec::new();
    let mut offset = 0;
    for raw in sentence.split(' ') {
        let start = offset;
        offset += raw.len() + 1;
        if raw.is_empty() {
            continue;
        }
        if raw.starts_with("(ISC)") {
            let text = raw.trim_end_matches([',', ';', '.', ':', ')']);
            let text = if text.ends_with(')') && !text.ends_with("(ISC)") { text.trim_end_matches(')') } else { text };
            words.push(Word { text, start, end: start + text.len(), opens: false, closes: false, stop: None });
            continue;
        }
        let opens = raw.starts_with('(');
        let core_start = raw.len() - raw.trim_start_matches(['(', '"', '“', '\'']).len();
        let trimmed = raw.trim_end_matches([',', ';', '.', ':', ')', '"', '”', '\'', '!', '?', '®', '™']);
        let stop = raw[trimmed.len()..].chars().find(|c| matches!(c, ',' | ';' | '.' | ':' | ')'));
        let text = &trimmed[core_start.min(trimmed.len())..];
        if text.is_empty() {
            continue;
        }
        let closes = raw[trimmed.len()..].contains(')');
        words.push(Word { text, start: start + core_start, end: start + trimmed.len(), opens, closes, stop });
    }
    words
}

const CONNECTORS: &[&str] = &["of", "for", "and", "&", "in", "on", "–", "-", "—"];

fn capitalised(word: &str) -> bool {
    word.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit()) || word.starts_with("(ISC)")
}

/// Words that open a sentence without being part of a name after them.
const SENTENCE_OPENERS: &[&str] = &[
    "Obtain",
    "Consider",
    "Pursue",
    "Earn",
    "Get",
    "Gain",
    "Key",
    "Like",
    "Popular",
    "Relevant",
    "The",
    "A",
    "An",
    "Certifications",
    "Certification",
    "Industry",
    "Some",
    "Vendor",
    "Specific",
    "Such",
    "Including",
    "Also",
    "E.g",
    "Eg",
    "For",
    "Especially",
    "Learn",
    "Deepen",
    "Focus",
    "Develop",
];

/// Names of certifications in one sentence of prose (see the module documentation), with an
/// issuer when the sentence gives one ("Cisco Certifications: CCNA" → CCNA by Cisco).
/// False when [`names_in`] cannot find a name in `sentence`: every form it reads holds a maker's
/// word, a word of certification names ("Professional"), "(ISC)", a "+", or a word for
/// certification or exam. Most sentences hold none and are passed over without being split
/// into words.
pub(super) fn may_name_certifications(sentence: &str) -> bool {
    static MAKERS_AND_MARKS: LazyLock<Option<AhoCorasick>> =
        LazyLock::new(|| AhoCorasick::new(VENDOR_WORDS.iter().chain(CERT_WORDS).copied().chain(["(ISC)", "+"])).ok());
    static CERTIFICATION_WORDS: LazyLock<Option<AhoCorasick>> =
        LazyLock::new(|| AhoCorasickBuilder::new().ascii_case_insensitive(true).build(["certif", "exam"]).ok());
    [&MAKERS_AND_MARKS, &CERTIFICATION_WORDS].iter().any(|cues| cues.as_ref().is_none_or(|ac| ac.is_match(sentence)))
}

pub(super) fn names_in(sentence: &str) -> Vec<(String, Option<String>)> {
    let words = split_words(sentence);
    let mut out: Vec<(String, Option<String>)> = Vec::new();
    let span = |from: usize, to: usize| sentence[words[from].start..words[to].end].to_string();
    // Runs of capitalised words (connectors inside), cut at punctuation and parentheses.
    let mut runs: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    while i < words.len() {
        // A run may open a parenthesis ("(AWS Certified Developer, …"), never cross one.
        if !capitalised(words[i].text) || (words[i].opens && words[i].closes) {
            i += 1;
            continue;
        }
        let start = i;
        let mut end = i;
        while end < words.len() {
            let w = &words[end];
            let stops = w.closes || w.stop.is_some_and(|c| !(c == ':' && w.text == "Certified"));
            if stops || end + 1 >= words.len() {
                break;
            }
            let next = &words[end + 1];
            let joins = capitalised(next.text) || CONNECTORS.contains(&next.text);
            if !joins || next.opens {
                break;
            }
            end += 1;
        }
        while end > start && CONNECTORS.contains(&words[end].text) {
            end -= 1;
        }
        runs.push((start, end));
        i = end + 1;
    }
    for &(start, end) in &runs {
        let texts: Vec<&str> = words[start..=end].iter().map(|w| w.text).collect();
        let mut from = start;
        while from < end && SENTENCE_OPENERS.contains(&words[from].text) {
            from += 1;
        }
        let vendor_at = (from..=end).find(|&k| VENDOR_WORDS.contains(&words[k].text));
        // The abbreviation in parentheses right after the run, which the name keeps
        // ("Certified ScrumMaster (CSM)" is one certification, not two).
        let abbreviated = |name: String| match words.get(end + 1) {
            Some(next) if next.opens && next.closes && is_abbreviation(next.text.trim_start_matches('(')) => {
                format!("{name} ({})", next.text.trim_start_matches('('))
            }
            _ => name,
        };
        // "… Certified …": the run (its opening words aside), with a name after "Certified".
        if let Some(certified) = texts.iter().position(|t| *t == "Certified") {
            if end > start + certified {
                out.push((abbreviated(span(from.min(start + certified), end)), None));
                continue;
            }
        }
        // A vendor's name ending in a level word ("Azure Solutions Architect Expert"), or in
        // Google's order ("Google Professional Cloud Network Engineer").
        if let Some(vendor) = vendor_at {
            let levels: Vec<usize> = (vendor + 1..=end).filter(|&k| LEVELS.contains(&words[k].text)).collect();
            if levels.last() == Some(&end) || (!levels.is_empty() && end >= vendor + 3) {
                out.push((abbreviated(span(vendor, end)), None));
                continue;
            }
        }
        // A "+" name: "CompTIA Security+", "Network+" (not an expansion in parentheses:
        // "CySA+ (Cybersecurity Analyst+)").
        for k in from..=end {
            let w = words[k].text;
            if w.ends_with('+') && w.trim_end_matches('+').chars().filter(|c| c.is_alphabetic()).count() >= 3 {
                let vendor = k > from && VENDOR_WORDS.contains(&words[k - 1].text);
                if words[k].closes && !vendor {
                    continue;
                }
                out.push((span(if vendor { k - 1 } else { k }, k), None));
            }
        }
        // A name before "(ABBR)", or an abbreviation before "(a name)".
        if let Some(next) = words.get(end + 1) {
            let abbreviation = next.text.trim_start_matches('(');
            if next.opens
                && next.closes
                && is_abbreviation(abbreviation)
                && texts.iter().any(|t| CERT_WORDS.contains(t))
            {
                out.push((format!("{} ({abbreviation})", span(from, end)), None));
                continue;
            }
            if start == end && is_abbreviation(words[start].text) && next.opens {
                // "PMP (Project Management Professional)": the parenthesis holds the name.
                // A name of a dozen words at most: an unclosed "(" is not read to the end of
                // the sentence once per abbreviation.
                let close =
                    (end + 1..words.len().min(end + 13)).find(|&k| words[k].stop == Some(')')).unwrap_or(end + 1);
                let inner = sentence[next.start..words[close].end].trim_start_matches('(').to_string();
                if inner.split_whitespace().any(|w| CERT_WORDS.contains(&w)) {
                    out.push((format!("{inner} ({})", words[start].text), None));
                    continue;
                }
            }
        }
        // "(ISC)² CISSP" and the like.
        if texts.first().is_some_and(|t| t.starts_with("(ISC)")) && end > start {
            out.push((span(start + 1, end), Some("(ISC)²".to_string())));
        }
    }
    // An abbreviation right before "certification" or "exam": "the CKA certification".
    for pair in words.windows(2) {
        let next = pair[1].text;
        if is_abbreviation(pair[0].text)
            && !(pair[0].opens || pair[0].closes)
            && ["certification", "certificate", "exam"].iter().any(|w| next.eq_ignore_ascii_case(w))
            && !VENDOR_WORDS.contains(&pair[0].text)
            && !NOT_CERTIFICATIONS.contains(&pair[0].text)
        {
            out.push((pair[0].text.to_string(), None));
        }
    }
    out.extend(listed_after_certifications(sentence));
    out.retain(|(name, _)| is_certification_name(name));
    let mut seen = HashSet::new();
    out.retain(|(name, _)| seen.insert(cert_key(name)));
    out
}

/// Items of a list that "certifications" introduce: "certifications (Security+, CEH, OSCP,
/// CISSP)", "Cisco Certifications: CCNA (entry-level), CCNP (professional)".
///
/// Linear in the sentence: a list ends where the next "certifications" that opens a list
/// starts, so every byte is split into items once however many lists a sentence strings
/// together (a sentence of 40,000 "certifications (CISSP, " once split the rest of itself for
/// each).
fn listed_after_certifications(sentence: &str) -> Vec<(String, Option<String>)> {
    // ASCII case only: offsets in `lower` are offsets in `sentence` ('İ' lowercases longer).
    let lower = sentence.to_ascii_lowercase();
    // Each "certification(s)" that opens a list: where the word starts, where its list starts,
    // and what closes the list.
    let mut lists: Vec<(usize, usize, Option<char>)> = Vec::new();
    let mut word_end = 0;
    for at in memchr::memmem::find_iter(lower.as_bytes(), "certification") {
        if at < word_end {
            continue; // inside the word before ("certificationcertification…")
        }
        word_end = at + lower[at..].find(|c: char| !c.is_alphabetic()).unwrap_or(lower.len() - at);
        let rest = sentence[word_end..].trim_start();
        let rest_at = sentence.len() - rest.len();
        let opened = if rest.starts_with('(') {
            Some((1, Some(')')))
        } else if rest.starts_with(':') {
            Some((1, None))
        } else {
            ["include:", "like", "such as", "including"].iter().find(|p| rest.starts_with(*p)).map(|p| (p.len(), None))
        };
        if let Some((skip, closing)) = opened {
            lists.push((at, rest_at + skip, closing));
        }
    }
    let mut out: Vec<(String, Option<String>)> = Vec::new();
    let mut seen = HashSet::new();
    let mut previous_end = 0;
    for (n, &(at, list_start, closing)) in lists.iter().enumerate() {
        // The vendor the heading names ("Cisco Certifications:"): the word before, looked for
        // only since the previous list's word, so no byte is read back twice.
        let issuer = sentence[previous_end.min(at)..at]
            .split_whitespace()
            .next_back()
            .filter(|w| VENDOR_WORDS.contains(w))
            .map(str::to_string);
        let limit = lists.get(n + 1).map_or(sentence.len(), |next| next.0).max(list_start);
        previous_end = list_start;
        let list = &sentence[list_start..limit];
        let end = match closing {
            Some(close) => matching_close(list, close),
            None => list.find(['.', ';']).unwrap_or(list.len()),
        };
        for item in split_items(&list[..end]) {
            if let Some(name) = listed_name(item) {
                if seen.insert(cert_key(&name)) {
                    out.push((name, issuer.clone()));
                }
            }
        }
    }
    out
}

/// The certification an item of such a list names, if it names one.
fn listed_name(item: &str) -> Option<String> {
    let item = item
        .trim()
        .trim_start_matches("e.g.,")
        .trim_start_matches("e.g.")
        .trim_start_matches("like ")
        .trim_start_matches("such as ")
        .trim();
    let item = without_qualifier(item);
    let item = match item.to_ascii_lowercase().find("certifica") {
        Some(at) => item[..at].trim().to_string(),
        None => item,
    };
    // A note after a dash is not part of the name ("JNCIE - similar to Cisco"); a name part is
    // ("Solutions Architect – Associate").
    let item = [" - ", " – ", " — "].iter().fold(item.as_str(), |item, sep| match item.split_once(sep) {
        Some((name, note)) if note.starts_with(|c: char| c.is_lowercase()) => name,
        _ => item,
    });
    let item = item.trim().trim_end_matches([',', '.', ';', ':']).trim();
    // A name, not a family ("Agile/Scrum certifications") or a tool: an abbreviation, a "+"
    // name, a vendor's, or one with a certification word.
    let words: Vec<&str> = item.split_whitespace().collect();
    let names_one = (is_abbreviation(item) && !NOT_CERTIFICATIONS.contains(&item))
        || item.ends_with('+')
        || words.iter().any(|w| CERT_WORDS.contains(w) || LEVELS.contains(w));
    (words.len() <= 7 && names_one).then(|| item.to_string())
}

/// A list item's name, or the names it joins with "and"/"or" when each side reads as a
/// certification's name on its own.
pub(super) fn joined_names(name: &str) -> Vec<&str> {
    let names_one = |part: &str| {
        let words: Vec<&str> = part.split_whitespace().collect();
        part.trim_end().ends_with('+')
            || is_abbreviation(part.trim())
            || words.first().is_some_and(|w| VENDOR_WORDS.contains(w))
            || words.iter().any(|w| CERT_WORDS.contains(w))
    };
    for joiner in [" and ", " or "] {
        if let Some((a, b)) = name.split_once(joiner) {
            if names_one(a) && names_one(b) {
                return vec![a.trim(), b.trim()];
            }
        }
    }
    vec![name]
}

/// A sentence about certifications that names makers or products ("… game engines (Unity,
/// Unreal) …"): the span of those names. `None` for a sentence with no such name ("Certificates
/// in specific frameworks are valuable").
fn speaks_of_certifications_by_name(sentence: &str) -> Option<std::ops::Range<usize>> {
    // ASCII case only: offsets in `lower` are offsets in `sentence` ('İ' lowercases longer).
    let lower = sentence.to_ascii_lowercase();
    let at = ["certification", "certificate"].iter().filter_map(|w| lower.find(w)).min()?;
    // The names in the parenthesis that follows, in the same clause: "Certifications within
    // specific game engines (Unity, Unreal)", "Certifications (like those from AWS, …)".
    let after = &sentence[at..];
    let open = after.find('(').filter(|&open| open <= 60 && !after[..open].contains([',', ';', '.']))?;
    let close = matching_close(&after[open + 1..], ')') + open + 1;
    let inside = &after[open + 1..close];
    let words = split_words(inside);
    let named: Vec<&Word> = words
        .iter()
        .filter(|w| capitalised(w.text) && !SENTENCE_OPENERS.contains(&w.text) && !w.text.starts_with("Certif"))
        .collect();
    let base = at + open + 1;
    Some(base + named.first()?.start..base + named.last()?.end)
}

/// Where the parenthesis that `list` is inside closes (its end if never).
fn matching_close(list: &str, close: char) -> usize {
    let mut depth = 0usize;
    for (i, c) in list.char_indices() {
        if c == '(' {
            depth += 1;
        } else if c == close {
            if depth == 0 {
                return i;
            }
            depth -= 1;
        }
    }
    list.len()
}

/// "A, B or C and D" → items, outside parentheses.
fn split_items(list: &str) -> Vec<&str> {
    let mut items = Vec::new();
    let mut depth = 0usize;
    let mut start = 0;
    let bytes = list.as_bytes();
    let mut i = 0;
    while i < list.len() {
        match bytes[i] {
            b'(' => depth += 1,
            b')' => depth = depth.saturating_sub(1),
            b',' if depth == 0 => {
                items.push(&list[start..i]);
                start = i + 1;
            }
            b' ' if depth == 0 => {
                for joiner in [" or ", " and "] {
                    if list[i..].starts_with(joiner) {
                        items.push(&list[start..i]);
                        start = i + joiner.len();
                        i = start - 1;
                        break;
                    }
                }
            }
            _ => {}
        }
        i += 1;
    }
    items.push(&list[start..]);
    items
}

/// Not a vendor alone, not a generic word, not a sentence.
pub(super) fn is_certification_name(name: &str) -> bool {
    let key = cert_key(name);
    if key.is_empty() || key.len() < 2 || name.split_whitespace().count() > 9 {
        return false;
    }
    let generic = ["certified", "certification", "certifications", "professional", "associate", "expert", "foundation"];
    if generic.contains(&key.as_str()) || VENDORS.contains(&key.as_str()) {
        return false;
    }
    // A vendor and nothing that names a certification: "AWS", "Google Cloud", "Azure".
    let words: Vec<&str> = key.split(' ').collect();
    let vendorish = ["aws", "azure", "gcp", "google", "cloud", "microsoft", "cisco", "comptia", "amazon", "platform"];
    !words.iter().all(|w| vendorish.contains(w))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(sentence: &str) -> Vec<String> {
        names_in(sentence).into_iter().map(|(n, _)| n).collect()
    }

    /// Letters that lowercase longer ('İ' is 2 bytes, "i̇" 3) before "certifications" once
    /// shifted every offset after them.
    #[test]
    fn an_abbreviation_spelling_out_other_words_is_theirs() {
        let sentence = "project scheduling, critical path method (CPM), and resource leveling.";
        let at = sentence.find("CPM").unwrap();
        assert_eq!(spelled_out_before(sentence, at..at + 3), Some("critical path method"));
        let sentence = "Certified Product Manager (CPM)";
        let at = sentence.find("CPM").unwrap();
        assert_eq!(spelled_out_before(sentence, at..at + 3), Some("Certified Product Manager"));
        let sentence = "ISC2's flagship (CISSP) exam";
        let at = sentence.find("CISSP").unwrap();
        assert_eq!(spelled_out_before(sentence, at..at + 5), None);
    }

    #[test]
    fn names_after_letters_that_lowercase_longer_are_read_whole() {
        for before in ["İİİ", "İ", "ẞ Ω"] {
            let sentence = format!("{before} certifications (CISSP, CEH, OSCP) help.");
            assert_eq!(names(&sentence), ["CISSP", "CEH", "OSCP"], "{sentence}");
            let sentence = format!("{before} Certifications within specific game engines (Unity, Unreal) help.");
            let at = speaks_of_certifications_by_name(&sentence).expect("speaks of makers");
            assert_eq!(&sentence[at], "Unity, Unreal", "{sentence}");
        }
    }

    /// Issue 24.8: DevOps's education names its certifications only by their makers.
    #[test]
    fn generic_references_to_a_makers_certifications_are_read_as_written() {
        assert_eq!(
            families_in("Certifications from cloud providers (AWS, GCP, Azure DevOps Engineer certifications) and DevOps specific certifications (e.g., DevOps Institute certifications) are highly regarded."),
            ["AWS, GCP, Azure DevOps Engineer certifications", "DevOps Institute certifications"]
        );
        assert_eq!(families_in("Cisco certifications are industry benchmarks."), ["Cisco certifications"]);
        // A label opens a list; no maker, no reference.
        assert!(families_in("Cisco Certifications: CCNA (entry-level), CCNP").is_empty());
        assert!(
            families_in("Cloud certifications are extremely important, like Agile/Scrum certifications.").is_empty()
        );
        assert!(families_in("Advanced level certifications are available.").is_empty());
        assert!(families_in("Project management skills (PMP, Agile certifications).").is_empty());
    }

    /// Issue 24.8: where a mention stands is read from its section and its sentence's label;
    /// the page's hints come with it.
    #[test]
    fn labels_say_where_a_mention_stands_and_hints_are_kept() {
        assert_eq!(
            label("To Security Engineer:  Obtain security certifications (CISSP)."),
            Some("To Security Engineer")
        );
        assert_eq!(label("Microsoft Certified: Azure Administrator Associate, CompTIA Linux+"), None);
        assert_eq!(
            place_of(SectionKind::Switching, Some("To Security Engineer (Backend Security)")),
            Place::Moving { to: Some("Security Engineer".into()) }
        );
        assert_eq!(
            place_of(SectionKind::Other, Some("To Cloud Engineer")),
            Place::Moving { to: Some("Cloud Engineer".into()) }
        );
        assert_eq!(place_of(SectionKind::Switching, None), Place::Moving { to: None });
        assert_eq!(place_of(SectionKind::Own, Some("AWS Certifications")), Place::Own);
        assert!(names_certifications("ISTQB (International Software Testing Qualifications Board) Certifications"));
        assert!(!names_certifications("Certified Software Quality Analyst (CSQA) by QAI"));
        assert_eq!(hint_after(" (foundational), Azure Administrator Associate").as_deref(), Some("foundational"));
        assert_eq!(
            hint_after(" (CISSP - more advanced, often for senior roles), CEH").as_deref(),
            Some("more advanced, often for senior roles")
        );
        assert_eq!(hint_after(" (CEH) (EC-Council)"), None);
        assert_eq!(hint_after(", CCNP"), None);
    }

    #[test]
    fn names_are_read_out_of_prose_in_the_usual_forms() {
        assert_eq!(
            names("Obtain security certifications (e.g., CISSP, Security+, CEH), learn security frameworks."),
            ["Security+", "CISSP", "CEH"]
        );
        assert_eq!(
            names(
                "Deepen security knowledge, obtain security certifications (Security+, CEH, OSCP, CISSP), focus on it."
            ),
            ["Security+", "CEH", "OSCP", "CISSP"]
        );
        assert_eq!(
            names("AWS Certifications: AWS Certified Cloud Practitioner (foundational), AWS Certified Solutions Architect – Associate (popular entry point)"),
            ["AWS Certified Cloud Practitioner", "AWS Certified Solutions Architect – Associate"]
        );
        assert_eq!(
            names("Cisco Certifications: CCNA (entry-level), CCNP (professional), CCIE (expert - highly regarded)"),
            ["CCNA", "CCNP", "CCIE"]
        );
        assert_eq!(
            names("Certifications like PMP (Project Management Professional) or Agile/Scrum certifications can also be beneficial"),
            ["Project Management Professional (PMP)", "PMP"]
        );
        assert_eq!(names("Red Hat Certified System Administrator (RHCSA), Microsoft Certified: Azure Administrator Associate, CompTIA Linux+"), ["Red Hat Certified System Administrator (RHCSA)", "Microsoft Certified: Azure Administrator Associate", "CompTIA Linux+"]);
        assert_eq!(names("Learn CI/CD pipelines and Kubernetes; consider the CKA certification."), ["CKA"]);
        assert!(names("Cloud Platforms: AWS, Google Cloud, Azure (focus on one initially and expand).").is_empty());
        assert!(names("Security Information and Event Management (SIEM) tools like Splunk.").is_empty());
    }

    /// Lists strung together in one sentence are each read once (round 3: every list was split
    /// again to the sentence's end for each "certifications" in it, 117 s and 24 GB for a
    /// sentence of 40,000): what each names, with the issuer of its own heading.
    #[test]
    fn lists_strung_together_are_each_read_to_the_next() {
        let listed = |sentence: &str| listed_after_certifications(sentence);
        assert_eq!(
            listed("Relevant certifications include: CompTIA Security+, and Cisco certifications: CCNA, CCNP"),
            [
                ("CompTIA Security+".to_string(), None),
                ("CCNA".into(), Some("Cisco".into())),
                ("CCNP".into(), Some("Cisco".into()))
            ]
        );
        // Inside a parenthesis, a "certification" that opens nothing does not end the list.
        assert_eq!(
            names("Get certifications (Security+, the OSCP certification, CISSP) early."),
            ["Security+", "OSCP", "CISSP"]
        );
        let long = "certifications (CISSP, ".repeat(40_000);
        assert_eq!(listed(&long), [("CISSP".to_string(), None)]);
        let glued = "certificationcertifications: CCNA ".repeat(10_000);
        assert_eq!(listed(&glued), [("CCNA".to_string(), None)]);
    }
}
