//! The parts of a career path: which section is which, and the structured lists inside them
//! (certifications, prompts, reading links). Real documents name the same part many ways, so
//! everything here matches on normalised heading words, never on exact text.

use std::collections::{HashMap, HashSet};

use super::markdown::{self, Block, RawSection};
use super::{Certification, Kind, Link, Section, Text};

/// A recognised part of a career path. Each has a short stable key for commands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Part {
    /// Text under the document title, before the first section.
    Overview,
    /// "Role Definition & Responsibilities".
    Role,
    /// "Definition".
    Definition,
    /// "Responsibilities", "Daily Tasks".
    Responsibilities,
    /// "Getting Started".
    GettingStarted,
    /// "Educational Background".
    Education,
    /// "Vocational Training & Certifications".
    Certifications,
    /// "Key Skills Required".
    Skills,
    /// "Technical Skills".
    TechnicalSkills,
    /// "Soft Skills".
    SoftSkills,
    /// "Recommended Technologies and Tools to Learn".
    Tools,
    /// "Entry-Level Positions".
    EntryLevel,
    /// "Portfolio Building Tips".
    Portfolio,
    /// "Project Ideas".
    Projects,
    /// "Progression Paths".
    Progression,
    /// "Typical Career Ladder".
    Ladder,
    /// "Potential Specialization Areas".
    Specializations,
    /// "Examples of Job Titles at Each Stage".
    JobTitles,
    /// "Switching Careers".
    Switching,
    /// "Common Transition Paths".
    Transitions,
    /// "Skills Transferable to Other Roles".
    TransferableSkills,
    /// "Additional Skills/Training Needed to Switch".
    SwitchTraining,
    /// "On Being a Senior …".
    Senior,
    /// "Advanced Technical Skills for Senior Level".
    SeniorSkills,
    /// "Leadership and Mentorship Expectations".
    Leadership,
    /// "Strategic Contributions Expected".
    Strategy,
    /// "GPT Prompts", "Prompts".
    Prompts,
    /// "Future Reading Links", "Further Reading Links".
    Reading,
}

impl Part {
    /// Every part, in the order a career path usually presents them.
    pub const ALL: [Part; 28] = [
        Part::Overview,
        Part::Role,
        Part::Definition,
        Part::Responsibilities,
        Part::GettingStarted,
        Part::Education,
        Part::Certifications,
        Part::Skills,
        Part::TechnicalSkills,
        Part::SoftSkills,
        Part::Tools,
        Part::EntryLevel,
        Part::Portfolio,
        Part::Projects,
        Part::Progression,
        Part::Ladder,
        Part::Specializations,
        Part::JobTitles,
        Part::Switching,
        Part::Transitions,
        Part::TransferableSkills,
        Part::SwitchTraining,
        Part::Senior,
        Part::SeniorSkills,
        Part::Leadership,
        Part::Strategy,
        Part::Prompts,
        Part::Reading,
    ];

    /// The short key members type: `/career secops certifications`.
    pub fn key(self) -> &'static str {
        match self {
            Part::Overview => "overview",
            Part::Role => "role",
            Part::Definition => "definition",
            Part::Responsibilities => "responsibilities",
            Part::GettingStarted => "getting-started",
            Part::Education => "education",
            Part::Certifications => "certifications",
            Part::Skills => "skills",
            Part::TechnicalSkills => "technical-skills",
            Part::SoftSkills => "soft-skills",
            Part::Tools => "tools",
            Part::EntryLevel => "entry-level",
            Part::Portfolio => "portfolio",
            Part::Projects => "projects",
            Part::Progression => "progression",
            Part::Ladder => "ladder",
            Part::Specializations => "specializations",
            Part::JobTitles => "job-titles",
            Part::Switching => "switching",
            Part::Transitions => "transitions",
            Part::TransferableSkills => "transferable-skills",
            Part::SwitchTraining => "switch-training",
            Part::Senior => "senior",
            Part::SeniorSkills => "senior-skills",
            Part::Leadership => "leadership",
            Part::Strategy => "strategy",
            Part::Prompts => "prompts",
            Part::Reading => "reading",
        }
    }

    /// The parts a section of this part sits under in a career path's outline ("Technical
    /// Skills" under "Key Skills Required"); empty for the parts that head the outline.
    pub fn parents(self) -> &'static [Part] {
        match self {
            Part::Definition | Part::Responsibilities => &[Part::Role],
            Part::Education
            | Part::Certifications
            | Part::Skills
            | Part::Tools
            | Part::EntryLevel
            | Part::Portfolio => &[Part::GettingStarted],
            Part::TechnicalSkills | Part::SoftSkills => &[Part::Skills],
            Part::Projects => &[Part::Portfolio],
            Part::Ladder | Part::Specializations | Part::JobTitles => &[Part::Progression],
            Part::Transitions | Part::TransferableSkills | Part::SwitchTraining => &[Part::Switching],
            Part::SeniorSkills | Part::Leadership | Part::Strategy => &[Part::Senior],
            Part::Overview
            | Part::Role
            | Part::GettingStarted
            | Part::Progression
            | Part::Switching
            | Part::Senior
            | Part::Prompts
            | Part::Reading => &[],
        }
    }

    /// Recognises a heading. Rules are tried in order; the first that matches wins, so more
    /// specific names ("Technical Skills") come before general ones ("Skills").
    pub fn of_heading(heading: &str) -> Option<Part> {
        let h = normalize(heading);
        let has = |needle: &str| h.contains(needle);
        let part = if has("prompt") {
            Part::Prompts
        } else if has("reading") || h.ends_with(" links") || h == "links" {
            Part::Reading
        } else if has("certification") {
            Part::Certifications
        } else if h.starts_with("on being") {
            Part::Senior
        } else if has("advanced technical skills") {
            Part::SeniorSkills
        } else if has("leadership and mentorship") || has("mentorship expectations") {
            Part::Leadership
        } else if has("strategic contribution") {
            Part::Strategy
        } else if has("role definition") {
            Part::Role
        } else if has("definition") {
            Part::Definition
        } else if has("responsibilit") || has("daily tasks") {
            Part::Responsibilities
        } else if has("getting started") {
            Part::GettingStarted
        } else if has("education") {
            Part::Education
        } else if has("technical skills") {
            Part::TechnicalSkills
        } else if has("soft skills") {
            Part::SoftSkills
        } else if has("transferable") {
            Part::TransferableSkills
        } else if has("needed to switch") || has("additional skills") {
            Part::SwitchTraining
        } else if has("skills") && (has("key") || has("required")) {
            Part::Skills
        } else if h.split(' ').any(|w| matches!(w, "tools" | "technologies")) || has("tech stack") {
            Part::Tools
        } else if has("entry level position") {
            Part::EntryLevel
        } else if has("portfolio") {
            Part::Portfolio
        } else if has("project ideas") {
            Part::Projects
        } else if has("career ladder") {
            Part::Ladder
        } else if has("progression") {
            Part::Progression
        } else if has("speciali") {
            Part::Specializations
        } else if has("job titles") {
            Part::JobTitles
        } else if has("transition") {
            Part::Transitions
        } else if has("switching") {
            Part::Switching
        } else {
            return None;
        };
        Some(part)
    }
}

/// Lowercase words of a heading, `&` read as "and", other punctuation as spaces.
fn normalize(text: &str) -> String {
    let text = text.to_lowercase().replace('&', " and ");
    text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect::<Vec<_>>().join(" ")
}

/// Names that head a top-level part even when written as a bold line (`**Getting Started:**`).
pub(super) fn is_top_level_name(text: &str) -> bool {
    matches!(
        Part::of_heading(text),
        Some(
            Part::GettingStarted
                | Part::Progression
                | Part::Switching
                | Part::Role
                | Part::Prompts
                | Part::Reading
                | Part::Senior
        )
    ) && normalize(text).split(' ').count() <= 5
}

/// Gives each section its part and a key unique within the document: the part's key for the
/// first section of that part, else the heading's words ([`key_words`]); a key already taken
/// gets its parent's key in front (`portfolio-project-ideas`), and only if that is taken too,
/// a number. Keys depend only on the document, so they stay the same across reloads.
pub(super) fn classify(mut raw: Vec<RawSection>) -> Vec<Section> {
    let mut used: HashSet<String> = HashSet::new();
    // The number the next repeat of a key gets (`{key}-{n}`).
    let mut next_number: HashMap<String, usize> = HashMap::new();
    // Key of the section at each depth of the path, for the parent prefix.
    let mut keys_by_depth: Vec<String> = Vec::new();
    // The document's bodies in one buffer (see `Text::shared`).
    let bodies = Text::shared(raw.iter_mut().map(|s| std::mem::take(&mut s.body)).collect());
    raw.into_iter()
        .zip(bodies)
        .map(|(s, body)| {
            let heading = s.path.last().cloned().unwrap_or_default();
            let part = if s.anchor == "overview" && s.path.len() == 1 && s.level == 1 {
                Some(Part::Overview)
            } else {
                Part::of_heading(&heading)
            };
            let own = match part {
                Some(p) if !used.contains(p.key()) => p.key().to_string(),
                _ => key_words(&heading),
            };
            let depth = s.path.len().saturating_sub(1);
            let mut key = own.clone();
            if used.contains(&key) {
                if let Some(parent) = depth.checked_sub(1).and_then(|d| keys_by_depth.get(d)) {
                    key = format!("{parent}-{own}");
                }
            }
            if used.contains(&key) {
                // Numbers go on from the last one given to this base: 8,000 repeats of a
                // heading count up from 2 once, not once per repeat.
                let next = next_number.entry(key.clone()).or_insert(2);
                while used.contains(&format!("{key}-{next}")) {
                    *next += 1;
                }
                key = format!("{key}-{next}");
                *next += 1;
            }
            used.insert(key.clone());
            keys_by_depth.truncate(depth);
            keys_by_depth.push(key.clone());
            Section { path: s.path, level: s.level, anchor: s.anchor, key, part, body, line: s.line }
        })
        .collect()
}

/// Words that say little in a key.
const KEY_STOP_WORDS: &[&str] = &["a", "an", "and", "at", "for", "in", "of", "on", "or", "the", "to", "with", "your"];

/// Words in a key at most.
const KEY_WORDS: usize = 4;

/// A short key from a heading: its number, a tagline after `:` or ` - `, and `(…)` asides
/// dropped; lowercase letters and digits of any script; at most four words (small words
/// dropped first) joined by single hyphens. "Basic Git Commands - Your Code Time Machine Controls" →
/// `basic-git-commands`; "Chief Technology Officer (CTO): The Architect…" →
/// `chief-technology-officer`.
pub fn key_words(heading: &str) -> String {
    let (_, text) = strip_number_prefix(heading);
    let text = [": ", " - ", " – ", " — "]
        .iter()
        .filter_map(|sep| text.split_once(sep).map(|(head, _)| head))
        .filter(|head| head.split_whitespace().count() >= 1)
        .min_by_key(|head| head.len())
        .unwrap_or(text);
    let mut plain = String::with_capacity(text.len());
    let mut depth = 0usize;
    for c in text.chars() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth = depth.saturating_sub(1),
            c if depth == 0 => plain.extend(c.to_lowercase()),
            _ => {}
        }
    }
    let plain = super::without_joiners(&plain);
    let all: Vec<&str> = plain.split(|c: char| !super::is_word_char(c)).filter(|w| !w.is_empty()).collect();
    // Small words stay in a short key ("what-to-focus-on") and go from a long one.
    let meaningful: Vec<&str> = all.iter().copied().filter(|w| !KEY_STOP_WORDS.contains(w)).collect();
    let words = if all.len() <= KEY_WORDS || meaningful.is_empty() { all } else { meaningful };
    let key = words.into_iter().take(KEY_WORDS).collect::<Vec<_>>().join("-");
    if key.is_empty() {
        "section".to_string()
    } else {
        key
    }
}

/// Career or guide, when the front matter does not say: a role's path has role sections.
pub(super) fn guess_kind(description: &Option<String>, sections: &[Section]) -> Kind {
    let described_as_career = description.as_deref().is_some_and(|d| normalize(d).starts_with("career path"));
    let has_role_parts = sections.iter().any(|s| {
        matches!(
            s.part,
            Some(
                Part::Role
                    | Part::Definition
                    | Part::Responsibilities
                    | Part::EntryLevel
                    | Part::Ladder
                    | Part::Progression
            )
        )
    });
    if described_as_career || has_role_parts {
        Kind::Career
    } else {
        Kind::Guide
    }
}

/// The definition a document opens with, whatever its form, as one paragraph of markdown:
/// 1. a "Definition" section: its first paragraph;
/// 2. a bold label `**Definition:** …` (a line or a list item) in the role's section;
/// 3. the first paragraph under the role heading;
/// 4. the first paragraph of the document (a guide, or a career without a role section).
///
/// A bold label in front is dropped, and so is a list marker: the definition reads as prose.
pub(super) fn definition(sections: &[Section]) -> Option<String> {
    if let Some(text) = part_sections(sections, Part::Definition).iter().find_map(|s| first_paragraph(&s.body)) {
        return Some(text);
    }
    let role = part_sections(sections, Part::Role);
    let labelled = role.iter().flat_map(|s| markdown::blocks(&s.body)).find_map(|block| {
        let text = match block {
            Block::Item(item) => item.text,
            Block::Text(text) => text,
        };
        match bold_label(&text) {
            Some((label, rest)) if normalize(label) == "definition" && !rest.is_empty() => Some(rest.to_string()),
            _ => None,
        }
    });
    if labelled.is_some() {
        return labelled;
    }
    if let Some(text) = role.iter().find_map(|s| first_paragraph(&s.body)) {
        return Some(text);
    }
    sections.iter().find_map(|s| first_paragraph(&s.body))
}

/// The first paragraph of a body that says something: the first list item or run of prose
/// lines, skipping lines that are only a label (`**Responsibilities:**`); its bold label, if
/// it opens with one, dropped.
fn first_paragraph(body: &str) -> Option<String> {
    let mut paragraph: Vec<&str> = Vec::new();
    for line in body.lines() {
        let t = line.trim();
        if t.is_empty() {
            if paragraph.is_empty() {
                continue;
            }
            break;
        }
        if t.starts_with("```") || t.starts_with('|') || t.starts_with('>') {
            if paragraph.is_empty() {
                continue;
            }
            break;
        }
        let item = ["* ", "- ", "+ "].iter().find_map(|m| t.strip_prefix(m)).map(str::trim);
        match item {
            Some(item) if paragraph.is_empty() => {
                if bold_label(item).is_some_and(|(_, rest)| rest.is_empty()) {
                    continue;
                }
                paragraph.push(item);
                break;
            }
            Some(_) => break,
            None if bold_label(t).is_some_and(|(_, rest)| rest.is_empty()) => {
                if paragraph.is_empty() {
                    continue;
                }
                break;
            }
            None => paragraph.push(t),
        }
    }
    let text = paragraph.join(" ");
    let text = match bold_label(&text) {
        Some((_, rest)) if !rest.is_empty() => rest.to_string(),
        _ => text,
    };
    let text = text.trim();
    (text.split_whitespace().count() >= 3).then(|| text.to_string())
}

/// A part's section and everything under it.
fn part_sections(sections: &[Section], part: Part) -> Vec<&Section> {
    let Some(root) = sections.iter().find(|s| s.part == Some(part)) else {
        return Vec::new();
    };
    sections
        .iter()
        .filter(|s| std::ptr::eq(*s, root) || (s.path.len() > root.path.len() && s.path.starts_with(&root.path)))
        .collect()
}

/// `Label: rest` → ("Label", "rest"); text without such a label is all label. The colon of a
/// vendor's naming scheme ("Microsoft Certified: Azure Administrator Associate") is part of
/// the name, not the end of the label.
fn plain_label(text: &str) -> (&str, &str) {
    let mut from = 0;
    while let Some(i) = text[from..].find(": ") {
        let at = from + i;
        if text[..at].ends_with(" Certified") {
            from = at + 2;
            continue;
        }
        // A label of a long certification name with its issuer in parentheses runs past 100
        // characters ("Certified Business Analysis Professional (CBAP) (IIBA - International
        // Institute of Business Analysis): …"); a colon inside parentheses is not the end.
        let open = text[..at].matches('(').count() > text[..at].matches(')').count();
        if open {
            from = at + 2;
            continue;
        }
        if at <= 160 {
            return (&text[..at], &text[at + 2..]);
        }
        break;
    }
    (text, "")
}

/// The list items of a body as (bold label, text after it): `* **To Cloud Engineer:** Learn …`
/// → (Some("To Cloud Engineer"), "Learn …"); an item without a bold label has none. Items
/// nested under a label-only item ("**Technical Skills:**" with items under it) are items too.
pub fn labelled_items(body: &str) -> Vec<(Option<String>, String)> {
    list_items(body).into_iter().map(|item| (item.label, item.text)).collect()
}

/// One list item of a body, as [`list_items`] gives it.
#[derive(Debug, Clone, PartialEq)]
pub struct ListItem {
    /// Columns of indent before the marker: a nested item has more than its parent.
    pub indent: usize,
    /// The bold label (`**Label:**`), if the item opens with one.
    pub label: Option<String>,
    /// The text after the label (all of it when there is none).
    pub text: String,
}

/// The list items of a body with their indent, for readers that need the nesting (ladders,
/// specialisations); loose text between them is left out.
pub fn list_items(body: &str) -> Vec<ListItem> {
    markdown::blocks(body)
        .into_iter()
        .filter_map(|block| match block {
            Block::Item(item) => Some(item),
            Block::Text(_) => None,
        })
        .map(|item| match bold_label(&item.text) {
            Some((label, rest)) => {
                ListItem { indent: item.indent, label: Some(label.to_string()), text: rest.to_string() }
            }
            None => ListItem { indent: item.indent, label: None, text: item.text },
        })
        .collect()
}

/// `**Label:** rest` → ("Label", "rest").
fn bold_label(text: &str) -> Option<(&str, &str)> {
    let inner = text.strip_prefix("**")?;
    let (label, rest) = inner.split_once("**")?;
    let label = label.trim().trim_end_matches(':').trim();
    let rest = rest.trim_start().trim_start_matches(':').trim();
    (!label.is_empty()).then_some((label, rest))
}

/// Items under a certifications heading that are about learning, not a certificate.
fn is_not_a_certification(label: &str) -> bool {
    let l = normalize(label);
    ["self learning", "online resources", "learning path", "bootcamp", "resources", "self study"]
        .iter()
        .any(|w| l.contains(w))
}

/// Certifications from the certifications section: bold-label items, or plain items grouped by
/// sub-headings (or by a bold label item that nests them).
pub(super) fn certifications(sections: &[Section]) -> Vec<Certification> {
    let mut out = Vec::new();
    let scope = part_sections(sections, Part::Certifications);
    let root_depth = scope.first().map_or(0, |s| s.path.len());
    for section in scope {
        let heading_group = (section.path.len() > root_depth).then(|| section.heading().to_string());
        // A label item with nothing after it heads the more-indented items that follow.
        let mut label_group: Option<(usize, String)> = None;
        for block in markdown::blocks(&section.body) {
            let Block::Item(item) = block else { continue };
            if let Some((indent, _)) = &label_group {
                if item.indent <= *indent {
                    label_group = None;
                }
            }
            let (label, rest) = match bold_label(&item.text) {
                Some((label, rest)) => (label, rest),
                None => plain_label(&item.text),
            };
            if is_not_a_certification(label) || label.split_whitespace().count() > 25 {
                continue;
            }
            if rest.is_empty() && bold_label(&item.text).is_some() && label_group.is_none() {
                label_group = Some((item.indent, label.to_string()));
                continue;
            }
            let (name, issuer, note) = split_issuer(label);
            if name.is_empty() {
                continue;
            }
            let summary = match (note.is_empty(), rest.is_empty()) {
                (true, _) => rest.to_string(),
                (false, true) => capitalize(&note),
                (false, false) => format!("{}. {rest}", capitalize(&note)),
            };
            let group = label_group.as_ref().map(|(_, g)| g.clone()).or_else(|| heading_group.clone());
            out.push(Certification { name, issuer, group, summary });
        }
    }
    out
}

/// Organisations that issue certifications, for items that name one in a single parenthesis.
const ISSUERS: &[&str] = &[
    "adobe",
    "amazon web services",
    "apple",
    "aws",
    "axelos",
    "check point",
    "cisco",
    "cloud security alliance",
    "cncf",
    "comptia",
    "csa",
    "databricks",
    "ec-council",
    "fortinet",
    "giac",
    "google",
    "google cloud",
    "hashicorp",
    "iapp",
    "ibm",
    "iiba",
    "isaca",
    "isc2",
    "istqb",
    "juniper",
    "linux foundation",
    "meta",
    "microsoft",
    "nvidia",
    "offensive security",
    "oracle",
    "palo alto networks",
    "peoplecert",
    "pmi",
    "red hat",
    "salesforce",
    "sans",
    "sans institute",
    "scrum alliance",
    "scrum.org",
    "snowflake",
    "tableau",
    "the open group",
    "unity",
    "vmware",
];

/// Splits a certification label into name, issuer and a trailing note:
/// `Certified Ethical Hacker (CEH) (EC-Council) - optional` → ("Certified Ethical Hacker (CEH)",
/// Some("EC-Council"), "optional").
fn split_issuer(label: &str) -> (String, Option<String>, String) {
    let label = label.trim().trim_end_matches(':').trim();
    let (head, mut note) = split_note(label);
    let head = head.trim();
    for isc in ["(ISC)²", "(ISC)2", "(ISC2)"] {
        if let Some(name) = head.strip_suffix(isc) {
            return (name.trim().to_string(), Some("(ISC)²".to_string()), note);
        }
    }
    let Some(open) = last_paren_group(head) else {
        return (head.to_string(), None, note);
    };
    let inner = head[open + 1..head.len() - 1].trim();
    let before = head[..open].trim();
    if before.is_empty() {
        return (head.to_string(), None, note);
    }
    if before.ends_with(')') || ISSUERS.contains(&inner.to_lowercase().as_str()) {
        return (before.to_string(), Some(inner.to_string()), note);
    }
    if let Some((abbr, rest)) = inner.split_once(" - ").or_else(|| inner.split_once(" – ")) {
        note = join_note(rest.trim(), &note);
        return (format!("{before} ({})", abbr.trim()), None, note);
    }
    if inner.starts_with(|c: char| c.is_lowercase()) || inner.starts_with("e.g.") {
        note = join_note(inner, &note);
        return (before.to_string(), None, note);
    }
    (head.to_string(), None, note)
}

fn join_note(first: &str, second: &str) -> String {
    match (first.is_empty(), second.is_empty()) {
        (_, true) => first.to_string(),
        (true, false) => second.to_string(),
        (false, false) => format!("{first}; {second}"),
    }
}

/// `Name (X) - a note` → ("Name (X)", "a note"), splitting only outside parentheses.
fn split_note(label: &str) -> (&str, String) {
    let mut depth = 0i32;
    for (i, c) in label.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            ' ' if depth == 0 => {
                let rest = &label[i..];
                for sep in [" - ", " – ", " — "] {
                    // Only a lowercase word after the dash is a note: "- optional, but…".
                    // "AWS Certified Security – Specialty" is one name.
                    match rest.strip_prefix(sep) {
                        Some(note) if note.starts_with(|c: char| c.is_lowercase()) => {
                            return (&label[..i], note.trim().to_string());
                        }
                        _ => {}
                    }
                }
            }
            _ => {}
        }
    }
    (label, String::new())
}

/// Byte index of the `(` that opens the parenthesis group ending the text, if it ends in one.
fn last_paren_group(text: &str) -> Option<usize> {
    if !text.ends_with(')') {
        return None;
    }
    let mut depth = 0i32;
    for (i, c) in text.char_indices().rev() {
        match c {
            ')' => depth += 1,
            '(' => {
                depth -= 1;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
    }
    None
}

fn capitalize(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The prompts, in order: every list item of the prompts section, quotes removed. A section
/// written as loose quoted lines instead of a list works too.
pub(super) fn prompts(sections: &[Section]) -> Vec<Text> {
    let mut out = Vec::new();
    for section in part_sections(sections, Part::Prompts) {
        let blocks = markdown::blocks(&section.body);
        let has_items = blocks.iter().any(|b| matches!(b, Block::Item(_)));
        for block in blocks {
            let text = match block {
                Block::Item(item) => item.text,
                Block::Text(text) if !has_items && is_quoted(&text) => text,
                Block::Text(_) => continue,
            };
            let text = match bold_label(&text) {
                Some((_, rest)) if !rest.is_empty() => rest.to_string(),
                _ => text,
            };
            let prompt = strip_quotes(&text);
            if !prompt.is_empty() {
                out.push(section.body.part_or_owned(prompt));
            }
        }
    }
    out
}

const OPEN_QUOTES: [char; 3] = ['"', '“', '\''];
const CLOSE_QUOTES: [char; 3] = ['"', '”', '\''];

fn is_quoted(text: &str) -> bool {
    let t = text.trim();
    t.starts_with(OPEN_QUOTES) && t.trim_end_matches('.').ends_with(CLOSE_QUOTES)
}

/// `"Describe …"` → `Describe …`; text not wrapped in quotes is left as it is.
fn strip_quotes(text: &str) -> &str {
    let t = text.trim();
    if is_quoted(t) {
        let t = t.trim_end_matches('.');
        let inner = &t[t.chars().next().map_or(0, char::len_utf8)..];
        let inner = inner.strip_suffix(CLOSE_QUOTES).unwrap_or(inner);
        return inner.trim();
    }
    t
}

/// The reading links: each item's first markdown link (or bare URL), with the text after it.
pub(super) fn links(sections: &[Section]) -> Vec<Link> {
    let mut out = Vec::new();
    for section in part_sections(sections, Part::Reading) {
        for block in markdown::blocks(&section.body) {
            let text = match block {
                Block::Item(item) => item.text,
                Block::Text(text) => text,
            };
            if let Some((title, url, summary)) = parse_link(&text) {
                let body = &section.body;
                out.push(Link {
                    title: body.part_or_owned(&title),
                    url: body.part_or_owned(&url),
                    summary: body.part_or_owned(&summary),
                });
            }
        }
    }
    out.shrink_to_fit();
    out
}

/// A reading item's link: (title, url, the text after it).
fn parse_link(text: &str) -> Option<(String, String, String)> {
    if let Some((title, url, after)) = markdown_link(text) {
        let title = title.replace("**", "").trim().to_string();
        return Some((if title.is_empty() { url.clone() } else { title }, url, summary_after(after)));
    }
    let start = text.find("https://").or_else(|| text.find("http://"))?;
    let end = text[start..].find(|c: char| c.is_whitespace() || c == '>' || c == ')').map_or(text.len(), |e| start + e);
    let url = text[start..end].trim_end_matches(['.', ',']).to_string();
    let before = text[..start].trim().trim_end_matches(['<', '(']).trim().trim_end_matches([':', '-', '–']).trim();
    let title = before.replace("**", "");
    Some((if title.is_empty() { url.clone() } else { title }, url, summary_after(&text[end..])))
}

/// `[title](url)` anywhere in the text → (title, url, text after). Nested brackets and
/// parentheses inside the URL are balanced.
fn markdown_link(text: &str) -> Option<(String, String, &str)> {
    let open = text.find('[')?;
    let mut depth = 0i32;
    let mut close = None;
    for (i, c) in text[open..].char_indices() {
        match c {
            '[' => depth += 1,
            ']' => {
                depth -= 1;
                if depth == 0 {
                    close = Some(open + i);
                    break;
                }
            }
            _ => {}
        }
    }
    let close = close?;
    let after_bracket = &text[close + 1..];
    let url_part = after_bracket.strip_prefix('(')?;
    let mut depth = 1i32;
    for (i, c) in url_part.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth == 0 {
                    let url = url_part[..i].trim().trim_matches(['<', '>']).to_string();
                    let title = text[open + 1..close].to_string();
                    return Some((title, url, &url_part[i + 1..]));
                }
            }
            _ => {}
        }
    }
    None
}

fn summary_after(after: &str) -> String {
    after.trim().trim_start_matches("**").trim_start_matches([':', '-', '–', '—', ' ']).trim().to_string()
}

/// Names that find a document besides its slug: front-matter aliases, the slug without its
/// role word (`secops`), and the number (`27`).
pub(super) fn aliases(front_matter: Vec<String>, slug: &str, number: Option<u32>, title: &str) -> Vec<String> {
    const ROLE_WORDS: &[&str] = &[
        "engineer",
        "developer",
        "specialist",
        "analyst",
        "manager",
        "administrator",
        "architect",
        "designer",
        "scientist",
        "consultant",
        "tester",
        "officer",
        "lead",
        "expert",
    ];
    let mut out: Vec<String> = Vec::new();
    let push = |alias: String, out: &mut Vec<String>| {
        if !alias.is_empty() && alias != slug && !out.iter().any(|a| a.eq_ignore_ascii_case(&alias)) {
            out.push(alias);
        }
    };
    for alias in front_matter {
        push(alias, &mut out);
    }
    let words: Vec<&str> = slug.split('-').collect();
    if words.len() >= 2 && ROLE_WORDS.contains(&words[words.len() - 1]) {
        push(words[..words.len() - 1].join("-"), &mut out);
    }
    if let Some(n) = number {
        push(n.to_string(), &mut out);
    }
    // "Sec Ops" style titles written as one word: `secopsengineer`.
    let joined: String = title.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect();
    if joined != slug.replace('-', "") {
        push(joined, &mut out);
    }
    out
}

/// `27-SecOps_Engineer.md` → (Some(27), "secops-engineer", "SecOps Engineer").
pub(super) fn number_and_slug_from_file(file: &str) -> (Option<u32>, String, String) {
    let stem = file.len().checked_sub(3).filter(|&n| file.is_char_boundary(n)).map_or(file, |n| &file[..n]);
    let digits = stem.len() - stem.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let number = stem[..digits].parse().ok();
    let rest = stem[digits..].trim_start_matches(['-', '_', '.', ' ']);
    let rest = if rest.is_empty() && digits > 0 { stem } else { rest };
    let mut slug = String::with_capacity(rest.len());
    for c in rest.chars() {
        if c.is_alphanumeric() {
            slug.extend(c.to_lowercase());
        } else if !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let slug = slug.trim_matches('-').to_string();
    let title = rest.split(['_', '-', ' ']).filter(|w| !w.is_empty()).collect::<Vec<_>>().join(" ");
    (number, slug, title)
}

/// `27. SecOps Engineer` → (Some(27), "SecOps Engineer"). Text without a number is unchanged.
pub(super) fn strip_number_prefix(text: &str) -> (Option<u32>, &str) {
    let t = text.trim();
    let digits = t.len() - t.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    if digits == 0 {
        return (None, t);
    }
    let rest = &t[digits..];
    for sep in [". ", ") ", " - ", " – ", ": ", "."] {
        if let Some(after) = rest.strip_prefix(sep) {
            return (t[..digits].parse().ok(), after.trim());
        }
    }
    (None, t)
}

/// A heading used as a title: "Introduction :  Unlock Your Future" → "Introduction".
pub(super) fn strip_title_tagline(text: &str) -> &str {
    match text.split_once(':') {
        Some((head, _)) if !head.trim().is_empty() => head.trim(),
        _ => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn issuers_are_split_from_names() {
        let s = |l: &str| split_issuer(l);
        assert_eq!(
            s("Certified Kubernetes Security Specialist (CKSS) (CNCF)"),
            ("Certified Kubernetes Security Specialist (CKSS)".into(), Some("CNCF".into()), String::new())
        );
        assert_eq!(s("Certified Cloud Security Professional (CCSP) (ISC)²").1.as_deref(), Some("(ISC)²"));
        assert_eq!(
            s("CompTIA CySA+ (Cybersecurity Analyst+)"),
            ("CompTIA CySA+ (Cybersecurity Analyst+)".into(), None, String::new())
        );
        let (name, issuer, note) = s("Certified Ethical Hacker (CEH) (EC-Council) - optional, but useful");
        assert_eq!(
            (name.as_str(), issuer.as_deref(), note.as_str()),
            ("Certified Ethical Hacker (CEH)", Some("EC-Council"), "optional, but useful")
        );
        let (name, _, note) = s("Certified Information Security Manager (CISM - management focused)");
        assert_eq!(
            (name.as_str(), note.as_str()),
            ("Certified Information Security Manager (CISM)", "management focused")
        );
    }

    #[test]
    fn file_names_give_number_slug_and_title() {
        assert_eq!(
            number_and_slug_from_file("27-SecOps_Engineer.md"),
            (Some(27), "secops-engineer".into(), "SecOps Engineer".into())
        );
        assert_eq!(number_and_slug_from_file("notes.md"), (None, "notes".into(), "notes".into()));
        assert_eq!(number_and_slug_from_file("42.md").1, "42");
    }

    #[test]
    fn headings_map_to_parts() {
        assert_eq!(Part::of_heading("**GPT Prompts**"), Some(Part::Prompts));
        assert_eq!(Part::of_heading("Further Reading Links:"), Some(Part::Reading));
        assert_eq!(Part::of_heading("Vocational Training & SecOps Certifications"), Some(Part::Certifications));
        assert_eq!(Part::of_heading("Technical Skills"), Some(Part::TechnicalSkills));
        assert_eq!(Part::of_heading("Key Skills Required"), Some(Part::Skills));
        assert_eq!(Part::of_heading("\"On Being a Senior SecOps Engineer\""), Some(Part::Senior));
        assert_eq!(Part::of_heading("Advanced Technical Skills for Senior Level"), Some(Part::SeniorSkills));
    }

    #[test]
    fn keys_are_short_words_without_runs_of_hyphens() {
        assert_eq!(key_words("Basic Git Commands - Your Code Time Machine Controls"), "basic-git-commands");
        assert_eq!(
            key_words("Chief Technology Officer (CTO): The Architect of Innovation"),
            "chief-technology-officer"
        );
        assert_eq!(key_words("Role Definition & Responsibilities"), "role-definition-responsibilities");
        assert_eq!(
            key_words("33. Intersections and Common Career Transitions"),
            "intersections-common-career-transitions"
        );
        assert_eq!(key_words("What to Focus On"), "what-to-focus-on");
        assert_eq!(key_words("Portfolio Focus Shift (Less coding, more leadership)"), "portfolio-focus-shift");
        assert_eq!(key_words("Ünïcödé Rôle"), "ünïcödé-rôle");
        assert_eq!(key_words("¿?"), "section");
        assert_eq!(key_words("The"), "the");
    }

    #[test]
    fn quotes_come_off_prompts() {
        assert_eq!(strip_quotes("\"Describe the role.\""), "Describe the role.");
        assert_eq!(strip_quotes("“Curly quotes”"), "Curly quotes");
        assert_eq!(strip_quotes("no quotes"), "no quotes");
    }
}
