//! `/career name:<career> [section:<section>]`: an overview, or one section.

use crate::catalog::names::{compact, distance};
use crate::content::{Document, Section};

use super::format::quoted;
use super::invocation::{Invocation, OptionValue};
use super::reply::{self, Draft, MenuOption};
use super::token::PageToken;
use super::{CommandName, Request};

/// Answers `/career`.
pub(crate) fn answer(request: &Request<'_>, invocation: &Invocation) -> Draft {
    let doc = match request.document(invocation.text("name").unwrap_or_default()) {
        Ok(doc) => doc,
        Err(error) => return *error,
    };
    match invocation.text("section") {
        None => overview(request, doc),
        Some(typed) => match find_section(doc, typed) {
            Some(section) => section_answer(request, doc, section),
            None => Draft::error(
                "No such section",
                format!(
                    "{} has no section {}. Try one of: {}.",
                    doc.title,
                    quoted(typed),
                    main_sections(doc).iter().map(|s| format!("`{}`", s.key)).collect::<Vec<_>>().join(", ")
                ),
            ),
        },
    }
}

/// The invocation that shows a section (for tokens and the menu).
fn section_invocation(doc: &Document, key: Option<&str>) -> Invocation {
    let mut invocation = Invocation::new(CommandName::Career).with("name", OptionValue::String(doc.slug.clone()));
    if let Some(key) = key {
        invocation.set("section", OptionValue::String(key.to_string()));
    }
    invocation
}

/// Sections worth listing: the first two levels under the title, plus any recognised part.
fn main_sections(doc: &Document) -> Vec<&Section> {
    doc.sections.iter().filter(|s| s.path.len() <= 2 || s.part.is_some()).collect()
}

fn overview(request: &Request<'_>, doc: &Document) -> Draft {
    let mut draft = Draft::new(Request::numbered_title(doc));
    draft.url = request.source_url(doc);
    draft.replay = Some(section_invocation(doc, None));
    if let Some(definition) = &doc.definition {
        draft.text(reply::truncate(definition, 1200));
    } else if !doc.description.is_empty() {
        draft.text(doc.description.clone());
    }
    let mut list = String::from("**Sections** — open one with `/career ");
    list.push_str(&doc.slug);
    list.push_str(" <section>`\n");
    for section in main_sections(doc) {
        let indent = "  ".repeat(section.path.len().saturating_sub(1));
        list.push_str(&format!("{indent}• `{}` {}\n", section.key, section.heading()));
    }
    draft.text(list);
    if let Some(tracks) = tracks_for(request, doc) {
        draft.text(tracks);
    }
    draft.field("Certifications", doc.certifications.len().to_string());
    draft.field("Prompts", doc.prompts.len().to_string());
    draft.field("Reading links", doc.links.len().to_string());
    if let Some(url) = request.source_url(doc) {
        draft.link_button("Read the full page", url);
    }
    let version = request.snapshot.version();
    draft.menu = main_sections(doc)
        .into_iter()
        .filter_map(|s| {
            let token =
                PageToken { version: version.to_string(), page: 0, invocation: section_invocation(doc, Some(&s.key)) }
                    .encode()?;
            Some(MenuOption {
                label: reply::truncate(s.heading(), reply::limits::SELECT_TEXT),
                description: reply::truncate(&s.key, reply::limits::SELECT_TEXT),
                token,
            })
        })
        .take(reply::limits::SELECT_OPTIONS)
        .collect();
    draft
}

/// The study tracks that teach what the career asks for, read from both (see
/// [`crate::catalog::overlaps`]), each with what they share and the first lesson.
fn tracks_for(request: &Request<'_>, doc: &Document) -> Option<String> {
    let library = &request.snapshot.library;
    let position = library.position(&doc.slug)?;
    let pointers = request.snapshot.catalog.overlaps(library).tracks_for(position);
    if pointers.is_empty() {
        return None;
    }
    let mut text = String::from("**Study tracks** that teach what it asks for\n");
    for pointer in pointers.iter().take(SHOWN_TRACKS) {
        let track = &library.tracks[pointer.track];
        let start = track.lessons.first().map(|l| format!(" · start: `/learn {} {}`", track.slug, l.number));
        text.push_str(&format!(
            "📘 **{}**: teaches {}{}\n",
            track.title(),
            reply::truncate(&pointer.shared.join(", "), 120),
            start.unwrap_or_default()
        ));
    }
    Some(text)
}

/// Tracks named under a career's overview at most.
const SHOWN_TRACKS: usize = 2;

fn section_answer(request: &Request<'_>, doc: &Document, section: &Section) -> Draft {
    let mut draft = Draft::new(format!("{} · {}", Request::numbered_title(doc), section.heading()));
    draft.url = request.source_url(doc).map(|u| format!("{u}#{}", section.anchor));
    draft.replay = Some(section_invocation(doc, Some(&section.key)));
    section_text(&mut draft, doc, section);
    if let Some(url) = draft.url.clone() {
        draft.link_button("Read on the site", url);
    }
    draft
}

/// A section as its answer shows it, a career's or a lesson's: where it stands, its text, and
/// its sub-sections under their headings.
pub(crate) fn section_text(draft: &mut Draft, doc: &Document, section: &Section) {
    if section.path.len() > 1 {
        draft.text(format!("*{}*", section.path.join(" › ")));
    }
    let mut has_text = !section.body.trim().is_empty();
    if has_text {
        draft.text(section.body.to_string());
    }
    for child in doc.children(section) {
        let mut text = format!("**{}**", child.heading());
        if !child.body.trim().is_empty() {
            has_text = true;
            text.push('\n');
            text.push_str(&child.body);
        }
        draft.text(text);
    }
    if !has_text {
        draft.text("*(This section has no text.)*");
    }
}

/// Words members use for sections, beside the keys.
const SYNONYMS: &[(&str, &str)] = &[
    ("certs", "certifications"),
    ("certificates", "certifications"),
    ("certification", "certifications"),
    ("jobs", "job-titles"),
    ("titles", "job-titles"),
    ("salary", "entry-level"),
    ("salaries", "entry-level"),
    ("entry", "entry-level"),
    ("links", "reading"),
    ("resources", "reading"),
    ("reading-links", "reading"),
    ("prompt", "prompts"),
    ("gpt", "prompts"),
    ("specialisations", "specializations"),
    ("specialization", "specializations"),
    ("career-ladder", "ladder"),
    ("transition", "transitions"),
    ("technologies", "tools"),
    ("projects", "projects"),
    ("degree", "education"),
    ("about", "definition"),
    ("what", "definition"),
];

/// Finds a section by key, anchor, heading words, synonym or a one-letter typo.
pub fn find_section<'a>(doc: &'a Document, typed: &str) -> Option<&'a Section> {
    let wanted = compact(typed);
    if wanted.is_empty() {
        return None;
    }
    let by_key = |key: &str| doc.sections.iter().find(|s| compact(&s.key) == compact(key));
    if let Some(s) = doc
        .sections
        .iter()
        .find(|s| compact(&s.key) == wanted || compact(&s.anchor) == wanted || compact(s.heading()) == wanted)
    {
        return Some(s);
    }
    if let Some(s) = SYNONYMS.iter().find(|(word, _)| compact(word) == wanted).and_then(|(_, key)| by_key(key)) {
        return Some(s);
    }
    let prefixed: Vec<&Section> = doc.sections.iter().filter(|s| compact(&s.key).starts_with(&wanted)).collect();
    if prefixed.len() == 1 {
        return Some(prefixed[0]);
    }
    let words: Vec<String> =
        typed.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_lowercase).collect();
    if let Some(s) = doc.sections.iter().find(|s| {
        let heading = s.heading().to_lowercase();
        words.iter().all(|w| heading.contains(w.as_str()))
    }) {
        return Some(s);
    }
    if wanted.chars().count() >= 5 {
        return doc.sections.iter().find(|s| distance(&compact(&s.key), &wanted) <= 1);
    }
    None
}

/// Sections for autocomplete: keys starting with what was typed first, then others that
/// contain it.
pub(crate) fn section_choices<'a>(doc: &'a Document, typed: &str) -> Vec<&'a Section> {
    let wanted = compact(typed);
    let mut starts: Vec<&Section> = Vec::new();
    let mut contains: Vec<&Section> = Vec::new();
    for s in &doc.sections {
        let key = compact(&s.key);
        if key.starts_with(&wanted) {
            starts.push(s);
        } else if key.contains(&wanted) || compact(s.heading()).contains(&wanted) {
            contains.push(s);
        }
    }
    // With nothing typed, the main sections come first.
    if wanted.is_empty() {
        starts.sort_by_key(|s| (s.part.is_none(), s.path.len() > 2));
    }
    starts.extend(contains);
    starts
}
