//! `/search query:<text> [career] [in]`: the best passages of careers and lessons, each naming
//! its career or lesson and section.

use std::collections::hash_map::Entry;
use std::collections::{HashMap, HashSet};

use crate::catalog::graph::Said;
use crate::catalog::names::Resolution;
use crate::content::{plain_text, Kind, Part};
use crate::search::{self, Among, Found, Hit, HitKind, SearchError, SearchRequest};
use crate::snapshot::Snapshot;

use super::format::quoted;
use super::intent::{self, Question, Want};
use super::invocation::{Invocation, OptionValue};
use super::reply::Draft;
use super::{CommandName, Request};

/// Passages in one answer.
const RESULTS: usize = 5;

/// Answers `/search`.
pub(crate) fn answer(request: &Request<'_>, invocation: &Invocation) -> Draft {
    let query = invocation.text("query").unwrap_or_default();
    if query.is_empty() {
        return Draft::error("Search for what?", "Give some words, e.g. `/search admission controllers`.");
    }
    let mut replay = Invocation::new(CommandName::Search).with("query", OptionValue::String(query.to_string()));
    let career = match invocation.text("career") {
        Some(typed) => match request.document(typed) {
            Ok(doc) => {
                replay.set("career", OptionValue::String(doc.slug.clone()));
                Some(doc)
            }
            Err(error) => return *error,
        },
        None => None,
    };
    let within = match invocation.text("in") {
        Some(typed) => match within(&request.snapshot.library, typed) {
            Some(within) => {
                replay.set("in", OptionValue::String(within.as_str().to_string()));
                within
            }
            None => {
                let tracks: Vec<&str> = request.snapshot.library.tracks.iter().map(|t| t.slug.as_str()).collect();
                return Draft::error(
                    "Search where?",
                    format!(
                        "{} is not a place to search. `in:` takes `careers`, `tracks` or one track: {}.",
                        quoted(typed),
                        tracks.join(", ")
                    ),
                );
            }
        },
        None => Within::Everything,
    };
    let question = intent::understand(&request.snapshot, query);
    let hits = match passages_for(&request.snapshot, &question, query, career.map(|d| d.slug.as_str()), within) {
        Ok(hits) => hits,
        Err(e) => {
            tracing::error!(error = %e, query, "search failed");
            return *super::search_unavailable();
        }
    };
    let scope = match (career, within) {
        (Some(d), _) => format!(" in {}", d.title),
        (None, Within::Everything) => String::new(),
        (None, Within::Careers) => " in the careers".to_string(),
        (None, Within::Tracks) => " in the tracks".to_string(),
        (None, Within::Track(slug)) => {
            format!(" in {}", request.snapshot.library.track(slug).map_or(slug.to_string(), |t| t.title().to_string()))
        }
    };
    // Most words unknown to the library: a question in another language (or none).
    let foreign = request.snapshot.index.unknown_share(query) >= FOREIGN_SHARE;
    if hits.is_empty() && (foreign || search::words::has_sinhala_or_tamil(query)) {
        // Some lessons are translated: a Sinhala or Tamil question is told where they are.
        let translated =
            match request.snapshot.library.tracks.iter().find(|t| t.lessons.iter().any(|l| !l.translations.is_empty()))
            {
                Some(track) if search::words::has_sinhala_or_tamil(query) => format!(
                    " The {} lessons are also in Sinhala and Tamil: `/learn {} lang:si` or `lang:ta`.",
                    track.title(),
                    track.slug
                ),
                _ => String::new(),
            };
        return Draft::error(
            "No results",
            format!("Nothing{scope} matches {}. {FOREIGN_HINT}{translated}", quoted(query)),
        );
    }
    if hits.is_empty() {
        let mut text = format!("Nothing{scope} matches {}.", quoted(query));
        let found = match request.snapshot.catalog.names.resolve(query) {
            Resolution::Found(id, _) => request.snapshot.library.documents.get(id),
            _ => None,
        };
        if let Some(doc) = found {
            text.push_str(&format!(" Looking for the career? `/career {}`", doc.slug));
        } else {
            text.push_str(" Try fewer or other words; `/careers` lists every career.");
        }
        return Draft::error("No results", text);
    }
    let mut draft = Draft::new(format!("Search: {}", super::reply::truncate(query, 80)));
    draft.replay = Some(replay);
    if foreign {
        draft.text(format!("*Most of these words are not in the library. {FOREIGN_HINT}*"));
    }
    if let Some(hint) = hint(request, &question) {
        draft.text(hint);
    }
    for (i, hit) in hits.iter().enumerate() {
        draft.text(passage(i + 1, hit));
    }
    draft
}

/// The passages `/search` shows for a question: the best five, one per section.
///
/// The question is read first ([`intent::understand`]): the careers it names, what it wants to
/// know, the words left to search. Then two kinds of candidate meet:
/// - sections the words find (BM25 over the index), weighted by the kind of section the
///   question wants, with the named careers' sections above others' and careers above guides;
///   a listed item (a certification, a link, a prompt) counts for its section, and stands on
///   its own only when the question names it;
/// - sections that answer by their kind alone: the named career's getting-started sections
///   for "how do I become X", its transition advice for "from X to Y", and every other
///   career's advice "To X" from the transition graph.
pub fn passages(snapshot: &Snapshot, query: &str, career: Option<&str>) -> Result<Vec<Hit>, SearchError> {
    passages_within(snapshot, query, career, Within::Everything)
}

/// [`passages`] among careers, tracks or one track only.
pub fn passages_within(
    snapshot: &Snapshot,
    query: &str,
    career: Option<&str>,
    within: Within<'_>,
) -> Result<Vec<Hit>, SearchError> {
    passages_for(snapshot, &intent::understand(snapshot, query), query, career, within)
}

/// Where `/search` looks (its `in:` option).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Within<'a> {
    /// Careers, guides and lessons: what `/search` reads unless told.
    Everything,
    /// The career documents and guides.
    Careers,
    /// Every track's lessons.
    Tracks,
    /// One track's lessons (its slug).
    Track(&'a str),
}

impl Within<'_> {
    /// What `in:` says for it.
    pub fn as_str(&self) -> &str {
        match self {
            Within::Everything => "everything",
            Within::Careers => "careers",
            Within::Tracks => "tracks",
            Within::Track(slug) => slug,
        }
    }
}

/// What a member typed for `in:`: "careers", "tracks" ("courses", "lessons"), or a track by its
/// name, with typos; `None` when it is none of them.
pub fn within<'a>(library: &'a crate::content::Library, typed: &str) -> Option<Within<'a>> {
    let word = typed.trim().to_lowercase();
    match word.as_str() {
        "" | "all" | "everything" | "everywhere" => return Some(Within::Everything),
        "careers" | "career" | "jobs" | "roles" => return Some(Within::Careers),
        "tracks" | "track" | "courses" | "course" | "lessons" | "lesson" => return Some(Within::Tracks),
        _ => {}
    }
    match super::learn::find_track(&library.tracks, typed) {
        super::learn::Found::One(i) => Some(Within::Track(library.tracks[i].slug.as_str())),
        _ => None,
    }
}

/// The command that answers what the question asks better than passages do, when there is one.
fn hint(request: &Request<'_>, question: &Question) -> Option<String> {
    let slug = |id: usize| request.snapshot.library.documents.get(id).map(|d| d.slug.clone());
    match (question.want, question.subjects.first()) {
        (Want::Certifications, Some(&id)) => Some(format!("*Every certification it names: `/certs {}`*", slug(id)?)),
        _ => None,
    }
}

/// [`passages`] for a question already read: the careers' best and the lessons' best, side by
/// side, each lesson weighed against the careers' best match of the words.
fn passages_for(
    snapshot: &Snapshot,
    question: &Question,
    query: &str,
    career: Option<&str>,
    within: Within<'_>,
) -> Result<Vec<Hit>, SearchError> {
    let (mut hits, best_of_careers) = match (within, career) {
        (Within::Everything | Within::Careers, _) | (_, Some(_)) => career_passages(snapshot, question, query, career)?,
        _ => (Vec::new(), None),
    };
    let among = match within {
        _ if career.is_some() => None,
        Within::Everything | Within::Tracks => Some(Among::Tracks),
        Within::Track(slug) => Some(Among::Track(slug)),
        Within::Careers => None,
    };
    if let Some(among) = among {
        let lessons = lesson_passages(snapshot, question, query, among, best_of_careers)?;
        hits = side_by_side(hits, lessons);
    }
    let highlight = if question.words.trim().is_empty() { query } else { question.words.as_str() };
    let mut highlighter = snapshot.index.highlighter(highlight);
    for hit in &mut hits {
        hit.snippet = match &mut highlighter {
            Some(highlighter) => highlighter.snippet(&hit.body),
            None => search::plain_snippet(&hit.body),
        };
    }
    Ok(hits)
}

/// True for what careers' pages answer and lessons rarely do: pay, first jobs, certifications,
/// degrees, a move between careers ("docker vs kubernetes" compares no careers: lessons answer).
fn is_about_careers(want: Want) -> bool {
    matches!(want, Want::Move | Want::Salary | Want::EntryLevel | Want::Certifications | Want::Education)
}

/// The best [`RESULTS`] of careers' and lessons' passages (each list best first): by score, but
/// each kind keeps [`EACH_KIND_KEEPS`] places for passages of at least [`KEPT_FROM`] of the best
/// score, so that a question both
/// answer ("terraform", "threat modeling") shows the careers that use it and the lessons that
/// teach it.
fn side_by_side(careers: Vec<Hit>, lessons: Vec<Hit>) -> Vec<Hit> {
    let top = careers.first().map_or(0.0, |h| h.score).max(lessons.first().map_or(0.0, |h| h.score));
    let keep = |list: &[Hit]| list.iter().filter(|h| h.score >= KEPT_FROM * top).count().min(EACH_KIND_KEEPS);
    let (keep_careers, keep_lessons) = (keep(&careers), keep(&lessons));
    let mut all: Vec<(bool, Hit)> =
        careers.into_iter().map(|h| (false, h)).chain(lessons.into_iter().map(|h| (true, h))).collect();
    all.sort_by(|a, b| b.1.score.total_cmp(&a.1.score));
    let mut shown: Vec<(bool, Hit)> = Vec::new();
    let (mut careers_shown, mut lessons_shown) = (0, 0);
    for (lesson, hit) in all {
        // Places left once the other kind's kept places are counted out.
        let kept_for_other = if lesson {
            keep_careers.saturating_sub(careers_shown)
        } else {
            keep_lessons.saturating_sub(lessons_shown)
        };
        if shown.len() + kept_for_other < RESULTS {
            if lesson {
                lessons_shown += 1;
            } else {
                careers_shown += 1;
            }
            shown.push((lesson, hit));
        }
    }
    shown.into_iter().map(|(_, hit)| hit).take(RESULTS).collect()
}

/// Lesson sections found by the question's words, at most [`RESULTS`], scored as a career's
/// section found by its words alone would be: the match over `scale` (the careers' best match,
/// when careers were searched; else the lessons' best), weighed by how many of the question's
/// words each holds and by how much the question is about careers.
fn lesson_passages(
    snapshot: &Snapshot,
    question: &Question,
    query: &str,
    among: Among<'_>,
    scale: Option<f32>,
) -> Result<Vec<Hit>, SearchError> {
    let library = &snapshot.library;
    let request = |text| SearchRequest { text, among, limit: CANDIDATES, ..SearchRequest::default() };
    let mut found = snapshot.index.find(&request(&question.words))?;
    if found.is_empty() {
        // What was read out of the question found nothing ("how to become a data engineer" is
        // a career's name and asking words): the words as typed.
        found = snapshot.index.find(&request(query))?;
    }
    let best = scale.or_else(|| found.first().map(|f| f.score)).unwrap_or(1.0).max(f32::EPSILON);
    // One candidate per section: a prompt or link counts, a little, for its section.
    let mut by_section: Vec<(Found, f32)> = Vec::new();
    for matched in found {
        let evidence = matched.score / best * if matched.entry.kind == HitKind::Section { 1.0 } else { ITEM };
        let section = Found { entry: search::Entry { kind: HitKind::Section, item: 0, ..matched.entry }, score: 0.0 };
        match by_section.iter_mut().find(|(f, _)| f.entry == section.entry) {
            Some((_, score)) => *score = score.max(evidence),
            None => by_section.push((section, evidence)),
        }
    }
    // The best by their words are weighed by how many of the question's words they hold
    // (reading a section's words costs): as many as careers' passages are.
    by_section.sort_by(|a, b| b.1.total_cmp(&a.1));
    by_section.truncate(CANDIDATES);
    let asked = asked_stems(snapshot, question);
    // A lesson answers a question about careers less often than the careers' own pages do.
    let about_careers = if !question.subjects.is_empty() {
        LESSON_BESIDE_NAMED_CAREERS
    } else if is_about_careers(question.want) {
        LESSON_FOR_CAREER_QUESTIONS
    } else {
        1.0
    };
    let mut hits: Vec<Hit> = by_section
        .into_iter()
        .filter_map(|(found, evidence)| {
            let page = library.page(found.entry.page)?;
            let at = found.entry.section as usize;
            if is_only_headings(page, at) {
                return None;
            }
            let share = if asked.len() >= 2 { share_held(snapshot, &asked, &page.sections[at]) } else { 1.0 };
            // A passage that holds one word of a question of several is rarely about it.
            if share < MIN_LESSON_SHARE {
                return None;
            }
            let section = &page.sections[at];
            // A lesson's prompts and reading list answer a question that asks for them.
            let list = match section.part {
                Some(part @ (Part::Prompts | Part::Reading)) if !question.parts.contains(&part) => LESSON_LIST,
                _ => 1.0,
            };
            let mut hit = search::hit(library, &found)?;
            hit.score = evidence * about_careers * list * (1.0 - COVERAGE + COVERAGE * share);
            Some(hit)
        })
        .collect();
    hits.sort_by(|a, b| b.score.total_cmp(&a.score));
    hits.truncate(RESULTS);
    Ok(hits)
}

/// The question's words as the index stems them.
fn asked_stems(snapshot: &Snapshot, question: &Question) -> Vec<String> {
    let words: Vec<String> = question.words.split_whitespace().map(str::to_string).collect();
    snapshot.index.stems_of_each(&words).into_iter().flatten().collect()
}

/// The share (0–1) of `asked` (stems) that a section's headings and text hold. Only the words
/// that start as an asked stem does are stemmed (a stem's last letter may differ in its words:
/// "code", "coding"): stemming every word of the few sections weighed was most of a search.
fn share_held(snapshot: &Snapshot, asked: &[String], section: &crate::content::Section) -> f32 {
    if asked.is_empty() {
        return 0.0;
    }
    let starts: Vec<&str> = asked.iter().map(|stem| search::stem_start(stem)).collect();
    let mut candidates: Vec<String> = Vec::new();
    for text in section.path.iter().map(String::as_str).chain([section.body.as_str()]) {
        for word in search::words::words(text) {
            let starts_as_asked =
                starts.iter().any(|start| word.get(..start.len()).is_some_and(|head| head.eq_ignore_ascii_case(start)));
            if starts_as_asked {
                candidates.push(word.to_lowercase());
            }
        }
    }
    candidates.sort_unstable();
    candidates.dedup();
    let held: HashSet<String> = snapshot.index.stems_of_each(&candidates).into_iter().flatten().collect();
    asked.iter().filter(|a| held.contains(*a)).count() as f32 / asked.len() as f32
}

/// The careers' passages for a question, and the best match of its words among them (the
/// scale lessons are weighed on).
fn career_passages(
    snapshot: &Snapshot,
    question: &Question,
    query: &str,
    career: Option<&str>,
) -> Result<(Vec<Hit>, Option<f32>), SearchError> {
    let library = &snapshot.library;
    let mut best_match = None;
    let only = career.and_then(|slug| library.position(slug));
    let mut found = Candidates::default();
    // The careers the question is about: their sections are always weighed, found by the
    // words or not (a named career's "Soft Skills" must not fall outside the global top).
    let subjects: Vec<usize> = match (question.want, question.from, question.to) {
        (Want::Move, Some(from), _) => vec![from],
        (Want::Become | Want::Move, None, Some(to)) => vec![to],
        _ => question.subjects.iter().copied().take(2).collect(),
    };
    let subjects: Vec<usize> = subjects.into_iter().filter(|&s| only.is_none_or(|o| o == s)).collect();
    if !question.words.trim().is_empty() {
        let everywhere = snapshot.index.find(&SearchRequest {
            text: &question.words,
            career,
            limit: CANDIDATES,
            ..SearchRequest::default()
        })?;
        let best = everywhere.first().map_or(1.0, |f| f.score.max(f32::EPSILON));
        best_match = everywhere.first().map(|f| f.score);
        let asked: Vec<String> = question.words.split_whitespace().map(str::to_lowercase).collect();
        let mut matches = everywhere;
        for &subject in &subjects {
            matches.extend(snapshot.index.find(&SearchRequest {
                text: &question.words,
                career: Some(&library.documents[subject].slug),
                limit: CANDIDATES_PER_SUBJECT,
                ..SearchRequest::default()
            })?);
        }
        for matched in matches {
            let Some(doc) = matched.entry.page.document() else { continue };
            let at = (doc, matched.entry.section as usize);
            if library.documents.get(at.0).and_then(|d| d.sections.get(at.1)).is_none() {
                continue;
            }
            let evidence = (matched.score / best).min(1.0);
            // A listed item stands for itself when the question names it; otherwise it counts,
            // a little, for the section it is listed in.
            match search::item_name(library, &matched.entry) {
                None => found.words(at, Shown::Section, evidence),
                Some(name) if names_item(&asked, &name) => match search::hit(library, &matched) {
                    Some(item) => found.words(at, Shown::Item(item), evidence),
                    None => found.words(at, Shown::Section, evidence),
                },
                Some(_) => found.words(at, Shown::Section, evidence * ITEM),
            }
        }
    }
    // Sections that answer by their kind: of the careers the question is about, and any part
    // the question names outright.
    for &subject in &subjects {
        let doc = &library.documents[subject];
        let named = question.parts.iter().map(|&p| (p, 1.0));
        for (part, how_well) in intent::answering_parts(question.want, question.senior).iter().copied().chain(named) {
            if let Some(section) = doc.sections.iter().position(|s| s.part == Some(part)) {
                found.kind((subject, section), Shown::Section, how_well, None);
            }
        }
    }
    // The library's advice for the move itself: the direct step's training and path, and, for
    // "become X", what other careers say it takes to switch to X (about X, so weighed as X's).
    let graph = &snapshot.catalog.graph;
    if let (Some(from), Some(to)) = (question.from, question.to) {
        if let Some(edge) = graph.direct(from, to) {
            for said in edge.training.iter().chain(&edge.path) {
                found.said(snapshot, said, DIRECT_STEP, only);
            }
        }
    }
    if let (Want::Become | Want::Move, Some(to)) = (question.want, question.to) {
        for edge in graph.into(to).filter(|e| Some(e.from) != question.from) {
            if let Some(said) = edge.training.as_ref().or(edge.path.as_ref()) {
                found.said(snapshot, said, ADVICE_TO_SWITCH, only);
            }
        }
    }
    if found.by_section.is_empty() {
        // What was read out of the question found nothing (the career it names is filtered
        // out, say): the plain words, as typed.
        let matches = snapshot.index.find(&SearchRequest {
            text: query,
            career,
            limit: CANDIDATES,
            ..SearchRequest::default()
        })?;
        let best = matches.first().map_or(1.0, |f| f.score.max(f32::EPSILON));
        for matched in matches {
            let Some(doc) = matched.entry.page.document() else { continue };
            let at = (doc, matched.entry.section as usize);
            if library.documents.get(at.0).and_then(|d| d.sections.get(at.1)).is_some() {
                found.words(at, Shown::Section, matched.score / best);
            }
        }
    }
    Ok((found.best(question, snapshot, RESULTS), best_match))
}

/// A question with this share of words the library lacks gets [`FOREIGN_HINT`].
const FOREIGN_SHARE: f32 = 0.6;
/// What to tell a member whose words the library lacks: most often another language.
const FOREIGN_HINT: &str =
    "The career pages are written in English: ask in English, e.g. `/search how to become a data engineer`.";

/// A question of at most this many words (stems) is short enough for a guide's heading to
/// say it is about the question.
const SHORT_QUESTION_WORDS: usize = 8;

/// Heading words of any topic: a guide's heading with only these is not about the question.
const HEADING_WORDS_OF_ANY_TOPIC: &[&str] =
    &["learn", "know", "skills", "key", "things", "concepts", "basic", "essential", "important", "tips", "best"];

/// How many times the shown passages are weighed again by how many of the question's words
/// they hold.
const COVERAGE_CONTENDERS: usize = 4;
/// How much that counts: a passage with none of the words keeps `1 - COVERAGE` of its score.
const COVERAGE: f32 = 0.5;

/// A lesson's prompts or reading list, for a question that does not ask for them.
const LESSON_LIST: f32 = 0.7;
/// Places of the five that careers and lessons each keep when they have that many.
const EACH_KIND_KEEPS: usize = 2;
/// A passage keeps its kind's place when its score is at least this share of the best.
const KEPT_FROM: f32 = 0.5;
/// The least share of a question's words (of two or more) a lesson's passage holds.
const MIN_LESSON_SHARE: f32 = 0.5;
/// A lesson's section, for a question about careers it names: their pages answer first.
const LESSON_BESIDE_NAMED_CAREERS: f32 = 0.5;
/// A lesson's section, for a question of the kind careers' pages answer (how to become, pay,
/// certifications, degrees, first jobs, comparisons).
const LESSON_FOR_CAREER_QUESTIONS: f32 = 0.7;

/// Candidates found by the words, before the kinds decide.
const CANDIDATES: usize = 40;
/// Candidates found by the words within each career the question is about.
const CANDIDATES_PER_SUBJECT: usize = 15;
/// A named career's sections count this much more than others'.
const NAMED_CAREER: f32 = 1.6;
/// What a listed item (a certification, a link, a prompt) the question does not name counts
/// for its section: a short entry must not outrank a section that answers.
const ITEM: f32 = 0.4;
/// A career named by one word beside careers named more clearly ("project" in "project ideas
/// for a mobile developer").
const NAMED_BY_A_WORD: f32 = 1.15;
/// Sections of careers the question does not name, when it names some.
const OTHER_CAREER: f32 = 0.75;
/// Guides, for questions about careers.
const GUIDE: f32 = 0.6;
/// The library's own advice for the step the question asks about.
const DIRECT_STEP: f32 = 1.05;
/// Another career's advice on switching to the career the question wants.
const ADVICE_TO_SWITCH: f32 = 0.8;

/// True when an item (a certification, a link, a prompt) is what the question names: the
/// question has every word of the item's name ("splunk documentation"), or an abbreviation the
/// name holds ("CISSP", "PMP"). A word the name merely contains ("agile" in "Agile
/// Certifications (Scrum Master, Product Owner)") does not name it.
fn names_item(asked: &[String], name: &str) -> bool {
    let is_asked = |word: &str| {
        if word.is_ascii() {
            asked.iter().any(|a| a.eq_ignore_ascii_case(word))
        } else {
            asked.contains(&word.to_lowercase())
        }
    };
    let bare: String = {
        let mut depth = 0usize;
        name.chars()
            .filter(|&c| {
                match c {
                    '(' => depth += 1,
                    ')' => depth = depth.saturating_sub(1),
                    _ => return depth == 0,
                }
                false
            })
            .collect()
    };
    let mut name_words =
        bare.split(|c: char| !(c.is_alphanumeric() || c == '+')).filter(|w| w.chars().count() >= 3).peekable();
    let every_word = name_words.peek().is_some() && name_words.all(is_asked);
    // An abbreviation names the item ("CISSP", "(GSEC)"), but not its maker's, written first
    // ("AWS Certified Cloud Practitioner": "AWS" alone names every AWS certification).
    let is_abbreviation = |w: &&str| w.len() >= 2 && w.chars().filter(|c| c.is_ascii_uppercase()).count() >= 2;
    let outside = words_of_name(&bare);
    let makers = match outside.as_slice() {
        [first, _, ..] => Some(*first),
        _ => None,
    };
    let abbreviation = words_of_name(name)
        .into_iter()
        .filter(is_abbreviation)
        .filter(|w| Some(*w) != makers || name.matches(w).count() > 1)
        .any(is_asked);
    every_word || abbreviation
}

/// A section with no text of its own over sub-sections ("Portfolio Building Tips" over "Project
/// Ideas" and "Portfolio Presentation").
fn is_only_headings(doc: &crate::content::Document, at: usize) -> bool {
    let section = &doc.sections[at];
    section.body.trim().is_empty() && doc.children(section).next().is_some()
}

/// The words of an item's name, as [`names_item`] compares them.
fn words_of_name(text: &str) -> Vec<&str> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '+' || c == '-')).filter(|w| !w.is_empty()).collect()
}

/// A section as a passage (its text for the snippet: its own, or its sub-sections' headings).
fn section_hit(snapshot: &Snapshot, position: usize, section: &crate::content::Section, text: Option<&str>) -> Hit {
    let doc = &snapshot.library.documents[position];
    let body = match text {
        Some(text) => plain_text(text),
        None if section.body.trim().is_empty() => {
            doc.children(section).map(|c| c.heading()).collect::<Vec<_>>().join(" · ")
        }
        None => plain_text(&section.body),
    };
    Hit {
        career: doc.slug.clone(),
        career_title: doc.title.clone(),
        lesson: None,
        kind: HitKind::Section,
        path: section.path.clone(),
        section_key: section.key.clone(),
        part: section.part.map_or("", Part::key).to_string(),
        guide: doc.kind == Kind::Guide,
        item: 0,
        score: 0.0,
        snippet: String::new(),
        body,
    }
}

/// Candidate passages, one per section (document and section position), with what speaks for
/// each: how well the words match (0–1, relative to the best match), and how well its kind
/// answers (0–1). A passage's text is made only for the few shown.
#[derive(Default)]
struct Candidates<'a> {
    by_section: HashMap<(usize, usize), Candidate<'a>>,
}

struct Candidate<'a> {
    shown: Shown<'a>,
    words: f32,
    kind: f32,
    /// Weighed as this career's section (another career's advice on switching to it).
    about: Option<usize>,
}

/// What a candidate shows when it is among the best.
enum Shown<'a> {
    /// The section itself.
    Section,
    /// One passage of the section (a transition item's own text).
    Said(&'a str),
    /// A listed item the question names (a certification, a link, a prompt).
    Item(Hit),
}

impl<'a> Candidates<'a> {
    fn entry(&mut self, at: (usize, usize), shown: Shown<'a>) -> &mut Candidate<'a> {
        match self.by_section.entry(at) {
            Entry::Vacant(vacant) => vacant.insert(Candidate { shown, words: 0.0, kind: 0.0, about: None }),
            Entry::Occupied(occupied) => {
                let candidate = occupied.into_mut();
                // The item that stands alone is shown rather than its section.
                if matches!(shown, Shown::Item(_)) && !matches!(candidate.shown, Shown::Item(_)) {
                    candidate.shown = shown;
                }
                candidate
            }
        }
    }

    /// Found by the words.
    fn words(&mut self, at: (usize, usize), shown: Shown<'a>, evidence: f32) {
        let candidate = self.entry(at, shown);
        candidate.words = candidate.words.max(evidence);
    }

    /// Answers by its kind.
    fn kind(&mut self, at: (usize, usize), shown: Shown<'a>, how_well: f32, about: Option<usize>) {
        let candidate = self.entry(at, shown);
        candidate.kind = candidate.kind.max(how_well);
        candidate.about = candidate.about.or(about);
    }

    /// A passage the transition graph holds: the item's own text, in its section.
    fn said(&mut self, snapshot: &Snapshot, said: &'a Said, how_well: f32, only: Option<usize>) {
        if only.is_some_and(|o| o != said.document) {
            return;
        }
        let doc = &snapshot.library.documents[said.document];
        if doc.sections.get(said.at).is_some() {
            self.kind((said.document, said.at), Shown::Said(&said.text), how_well, Some(said.document));
        }
    }

    /// The best `n`: evidence (the stronger of words and kind, with a little of the other) ×
    /// how much a section of its kind counts for the question × how much its career does.
    fn best(self, question: &Question, snapshot: &Snapshot, n: usize) -> Vec<Hit> {
        let documents = &snapshot.library.documents;
        // The question's words as the index stems them, for guide sections headed by one.
        let asked = asked_stems(snapshot, question);
        // Words every kind of heading has ("Key Things to Learn") say nothing of what it is about.
        let generic: Vec<String> = {
            let words: Vec<String> = HEADING_WORDS_OF_ANY_TOPIC.iter().map(|w| w.to_string()).collect();
            snapshot.index.stems_of_each(&words).into_iter().flatten().collect()
        };
        let headed_by_asked = |section: &crate::content::Section| {
            // A long story a member tells has some word of nearly every heading.
            if asked.len() > SHORT_QUESTION_WORDS {
                return false;
            }
            let heading: Vec<String> = section.heading().split_whitespace().map(str::to_string).collect();
            snapshot
                .index
                .stems_of_each(&heading)
                .into_iter()
                .flatten()
                .any(|stem| asked.contains(&stem) && !generic.contains(&stem))
        };
        let mut all: Vec<(f32, (usize, usize), Candidate)> = self
            .by_section
            .into_iter()
            // A section that is only its sub-sections' headings answers nothing itself: its
            // sub-sections are candidates of their own.
            .filter(|&((position, at), _)| !is_only_headings(&documents[position], at))
            .map(|((position, at), c)| {
                let doc = &documents[position];
                let section = &doc.sections[at];
                // A guide's sections are not cut to the parts of a career's page; for a
                // question that names no career, one that the words find answers as a section
                // of the kind it asks for would.
                let part = match (doc.kind, question.careers.is_empty()) {
                    (Kind::Guide, true) if headed_by_asked(section) => {
                        intent::answering_parts(question.want, question.senior)
                            .first()
                            .map(|&(part, _)| part)
                            .or(section.part)
                    }
                    // A career's education section that names its certifications (Cloud
                    // Engineer's "AWS Certifications: …") answers a question about them as a
                    // certifications section would.
                    (Kind::Career, _)
                        if question.want == Want::Certifications
                            && section.part == Some(Part::Education)
                            && section.body.contains("ertification") =>
                    {
                        Some(Part::Certifications)
                    }
                    _ => section.part,
                };
                let weight = intent::weight(question, part, section.heading());
                let careers = match position {
                    _ if question.careers.is_empty() => 1.0,
                    p if question.subjects.contains(&p) => NAMED_CAREER,
                    _ if c.about.is_some() => 1.0,
                    p if question.careers.contains(&p) => NAMED_BY_A_WORD,
                    _ => OTHER_CAREER,
                };
                // Guides answer general questions as well as careers do; a question that
                // names careers wants their own pages first.
                let kind = if doc.kind == Kind::Guide && !question.careers.is_empty() { GUIDE } else { 1.0 };
                let evidence = c.words.max(c.kind) + 0.15 * c.words.min(c.kind);
                (evidence * weight * careers * kind, (position, at), c)
            })
            .collect();
        // Ties in order of career slug and section key, as shown. The best `n` are picked out
        // first: "become X" on a large library has thousands of careers' advice to switch to X.
        let order = |&(p, s): &(usize, usize)| (&documents[p].slug, &documents[p].sections[s].key);
        let better = |a: &(f32, (usize, usize), Candidate), b: &(f32, (usize, usize), Candidate)| {
            b.0.total_cmp(&a.0).then_with(|| order(&a.1).cmp(&order(&b.1)))
        };
        // The best few are weighed again by how many of the question's words each holds: a
        // section with one of them many times ("portfolio" in a short note) is a worse answer
        // than one with all of them ("github portfolio").
        let contenders = (n * COVERAGE_CONTENDERS).max(n);
        if n > 0 && all.len() > contenders {
            all.select_nth_unstable_by(contenders - 1, better);
            all.truncate(contenders);
        }
        if asked.len() >= 2 {
            for (score, (position, at), _) in all.iter_mut() {
                let section = &documents[*position].sections[*at];
                // A guide's section headed by the question's words, for a question about no
                // career, is what guides are for: its few words are the page's way of saying.
                if documents[*position].kind == Kind::Guide && question.careers.is_empty() && headed_by_asked(section) {
                    continue;
                }
                *score *= 1.0 - COVERAGE + COVERAGE * share_held(snapshot, &asked, section);
            }
        }
        all.sort_by(better);
        all.into_iter()
            .take(n)
            .map(|(score, (position, at), c)| {
                let section = &documents[position].sections[at];
                let mut hit = match c.shown {
                    Shown::Item(hit) => hit,
                    Shown::Said(text) => section_hit(snapshot, position, section, Some(text)),
                    Shown::Section => section_hit(snapshot, position, section, None),
                };
                hit.score = score;
                hit
            })
            .collect()
    }
}

fn passage(n: usize, hit: &Hit) -> String {
    if let Some(lesson) = &hit.lesson {
        return lesson_passage(n, hit, lesson);
    }
    let (what, open) = match hit.kind {
        HitKind::Prompt => (format!("Prompt {}", hit.item + 1), format!("/prompt {} {}", hit.career, hit.item + 1)),
        HitKind::Certification => ("Certification".to_string(), format!("/certs {}", hit.career)),
        HitKind::Link => ("Reading link".to_string(), format!("/career {} {}", hit.career, hit.section_key)),
        HitKind::Section => (hit.path.join(" › "), format!("/career {} {}", hit.career, hit.section_key)),
    };
    format!("**{n}. {} › {what}**\n{}\n`{open}`", hit.career_title, hit.snippet)
}

/// A lesson's passage: the track, the lesson's number and title, the section, and the `/learn`
/// line that opens it (in the page's language for a translation).
fn lesson_passage(n: usize, hit: &Hit, lesson: &search::HitLesson) -> String {
    let lang = lesson.lang.as_deref().map(|l| format!(" lang:{l}")).unwrap_or_default();
    // A page's own top heading is its title, said already.
    let path: Vec<&str> =
        hit.path.iter().map(String::as_str).skip_while(|h| h.eq_ignore_ascii_case(&hit.career_title)).collect();
    let section = match path.as_slice() {
        [] => String::new(),
        [.., last] => format!(" › {last}"),
    };
    let open = match path.len() {
        0 => format!("/learn {} {}{lang}", lesson.track, lesson.number),
        _ => format!("/learn {} {} {}{lang}", lesson.track, lesson.number, hit.section_key),
    };
    format!(
        "**{n}. 📘 {} › {} {}{section}**\n{}\n`{open}`",
        lesson.track_title, lesson.number, hit.career_title, hit.snippet
    )
}
