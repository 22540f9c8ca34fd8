//! `/learn [track] [lesson] [section] [lang:]`: the study tracks, a track's outline, a lesson or
//! one of its sections with the previous and next lesson a press away; and `/define term`: what
//! the tracks' glossaries and lessons say a term is.

use std::collections::HashSet;

use crate::catalog::glossary::Definition;
use crate::catalog::keys::{fold, typos, within};
use crate::content::{Document, Lesson, Section, Track};
use crate::picture::{MapModule, Sketch};

use super::career::{find_section, section_text};
use super::format::quoted;
use super::invocation::{Invocation, OptionValue};
use super::reply::{self, Draft, MenuOption};
use super::token::PageToken;
use super::{CommandName, Request};

/// The languages lessons may be asked in: code, English name, own name.
pub const LANGUAGES: &[(&str, &str, &str)] =
    &[("en", "English", "English"), ("si", "Sinhala", "සිංහල"), ("ta", "Tamil", "தமிழ்")];

/// What a typed name found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Found {
    /// One, by its position.
    One(usize),
    /// Several fit equally: ask which.
    Several(Vec<usize>),
    /// None; the closest, if any.
    Nothing(Vec<usize>),
}

/// The words of a name, folded: "Full Stack, Cloud-Native" → ["full", "stack", "cloud", "native"].
fn words_of(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_lowercase).collect()
}

/// Finds a track by its folder name, its title, the start of their words ("full stack",
/// "freelance", "ai"), its place in `/learn`'s list, or with a slip ("frelancing").
pub fn find_track(tracks: &[Track], typed: &str) -> Found {
    let wanted = fold(typed);
    if wanted.is_empty() {
        return Found::Nothing(Vec::new());
    }
    if let Ok(n) = typed.trim().trim_start_matches('#').parse::<usize>() {
        return if (1..=tracks.len()).contains(&n) { Found::One(n - 1) } else { Found::Nothing(Vec::new()) };
    }
    if let Some(i) = tracks.iter().position(|t| fold(&t.slug) == wanted || fold(t.title()) == wanted) {
        return Found::One(i);
    }
    let typed_words = words_of(typed);
    let names = |t: &Track| [words_of(&t.slug), words_of(t.title())];
    let starts: Vec<usize> = (0..tracks.len())
        .filter(|&i| {
            // "fullstack" starts "fullstackdevelopment".
            (wanted.len() >= 3 && fold(&tracks[i].slug).starts_with(&wanted))
                || names(&tracks[i]).iter().any(|words| {
                    typed_words.iter().all(|w| words.iter().any(|tw| tw.starts_with(w.as_str()) && w.len() >= 2))
                })
        })
        .collect();
    match starts.len() {
        1 => return Found::One(starts[0]),
        n if n > 1 => return Found::Several(starts),
        _ => {}
    }
    let most = typos(wanted.chars().count());
    let close: Vec<usize> = (0..tracks.len())
        .filter(|&i| {
            let t = &tracks[i];
            within(&fold(&t.slug), &wanted, most)
                || names(t).iter().any(|words| {
                    typed_words.iter().all(|w| {
                        words.iter().any(|tw| {
                            let most = typos(w.chars().count());
                            // "freelance" for "freelancing": the start of the word, with a slip.
                            let start: String = tw.chars().take(w.chars().count()).collect();
                            most > 0 && (within(tw, w, most) || within(&start, w, most))
                                || tw.starts_with(w.as_str()) && w.len() >= 3
                        })
                    })
                })
        })
        .collect();
    match close.len() {
        1 => Found::One(close[0]),
        0 => Found::Nothing(Vec::new()),
        _ => Found::Several(close),
    }
}

/// True when `text` names a track outright (for reading a terminal line: the words of a track's
/// name are one value).
pub fn names_track(tracks: &[Track], text: &str) -> bool {
    !text.trim().is_empty() && !matches!(find_track(tracks, text), Found::Nothing(_))
}

/// A lesson's title without the number the page puts before it ("1.3.3 Web Accessibility " →
/// "Web Accessibility").
pub fn lesson_title(lesson: &Lesson) -> String {
    title_without_number(&lesson.document.title)
}

fn title_without_number(title: &str) -> String {
    let t = title.trim();
    let rest = t.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.');
    // "6.1 Glossary", "2. Beginner": a number with a dot; "2024 Trends" keeps its year.
    let dotted = t[..t.len() - rest.len()].contains('.');
    let rest = if dotted && rest.starts_with([' ', ':', '-']) { rest } else { t };
    rest.trim_start_matches([' ', ':', '-']).trim().to_string()
}

/// "2.3", "2-3", "lesson 2.3", "#2.3" → "2.3"; `None` for text that is not a number.
fn typed_number(typed: &str) -> Option<String> {
    let t = typed.trim().to_lowercase();
    let t = t.strip_prefix("lesson").unwrap_or(&t).trim().trim_start_matches('#');
    let pieces: Vec<&str> = t.split(['.', '-', '_', ' ']).filter(|p| !p.is_empty()).collect();
    (!pieces.is_empty() && pieces.iter().all(|p| p.chars().all(|c| c.is_ascii_digit()))).then(|| {
        pieces
            .iter()
            .map(|p| p.trim_start_matches('0').to_string())
            .map(|p| if p.is_empty() { "0".into() } else { p })
            .collect::<Vec<_>>()
            .join(".")
    })
}

/// Finds a lesson of a track by its number (`2.3`), its file name, its title, the words of its
/// title, or with a slip in them.
pub fn find_lesson(track: &Track, typed: &str) -> Found {
    let lessons = &track.lessons;
    if let Some(number) = typed_number(typed) {
        return match lessons.iter().position(|l| l.number == number) {
            Some(i) => Found::One(i),
            None => Found::Nothing(Vec::new()),
        };
    }
    let wanted = fold(typed);
    if wanted.is_empty() {
        return Found::Nothing(Vec::new());
    }
    let stem_words = |l: &Lesson| {
        let name = l.stem.rsplit('/').next().unwrap_or(&l.stem);
        words_of(name).into_iter().filter(|w| !w.chars().all(|c| c.is_ascii_digit())).collect::<Vec<_>>()
    };
    if let Some(i) = lessons
        .iter()
        .position(|l| fold(&l.stem) == wanted || fold(&lesson_title(l)) == wanted || stem_words(l).concat() == wanted)
    {
        return Found::One(i);
    }
    let typed_words: Vec<String> = words_of(typed).into_iter().filter(|w| !SMALL_WORDS.contains(&w.as_str())).collect();
    if typed_words.is_empty() {
        return Found::Nothing(Vec::new());
    }
    // Its title, its file name, and the words the index links it with ("Internet Safety -
    // Advanced" for a page titled "Internet Safety").
    let names =
        |l: &Lesson| [words_of(&lesson_title(l)), stem_words(l), words_of(l.link_text.as_deref().unwrap_or_default())];
    let holding = |close: &dyn Fn(&str, &str) -> bool| -> Vec<usize> {
        (0..lessons.len())
            .filter(|&i| {
                names(&lessons[i]).iter().any(|words| typed_words.iter().all(|w| words.iter().any(|tw| close(tw, w))))
            })
            .collect()
    };
    let exact = holding(&|title_word, word| title_word == word || title_word.starts_with(word) && word.len() >= 3);
    let found = if exact.is_empty() {
        holding(&|title_word, word| {
            let most = typos(word.chars().count());
            title_word == word || (most > 0 && within(title_word, word, most))
        })
    } else {
        exact
    };
    match found.len() {
        0 => Found::Nothing(Vec::new()),
        1 => Found::One(found[0]),
        // The one whose title has fewest other words is what was meant ("api security" is
        // API Security, not "API Security in Mobile Apps").
        _ => {
            let extra = |i: usize| words_of(&lesson_title(&lessons[i])).len();
            let least = found.iter().map(|&i| extra(i)).min().unwrap_or(0);
            let best: Vec<usize> = found.iter().copied().filter(|&i| extra(i) == least).collect();
            if best.len() == 1 {
                Found::One(best[0])
            } else {
                Found::Several(found)
            }
        }
    }
}

/// Words a member adds that name nothing ("the lesson on api security").
const SMALL_WORDS: &[&str] = &["the", "a", "an", "of", "on", "in", "and", "to", "for", "lesson", "about", "what", "is"];

/// A language typed as `si`, `sinhala` or `සිංහල` → its code.
pub fn language(typed: &str) -> Option<&'static str> {
    let t = typed.trim().to_lowercase();
    LANGUAGES.iter().find(|(code, english, own)| t == *code || t == english.to_lowercase() || t == *own).map(|l| l.0)
}

pub(crate) fn language_name(code: &str) -> &'static str {
    LANGUAGES.iter().find(|l| l.0 == code).map_or("English", |l| l.1)
}

/// Answers `/learn`.
pub(crate) fn answer(ctx: &super::Context<'_>, request: &Request<'_>, invocation: &Invocation) -> Draft {
    let tracks = &request.snapshot.library.tracks;
    let lang = match invocation.text("lang") {
        None => None,
        Some(typed) => match language(typed) {
            Some(code) => Some(code),
            None => {
                return Draft::error(
                    "No such language",
                    format!(
                        "Lessons are in English, and some in Sinhala (`si`) and Tamil (`ta`); not {}.",
                        quoted(typed)
                    ),
                )
            }
        },
    };
    let Some(typed_track) = invocation.text("track") else { return list(request) };
    let track = match find_track(tracks, typed_track) {
        Found::One(i) => &tracks[i],
        Found::Several(ids) => {
            let mut draft = Draft::error(
                "Which track?",
                format!(
                    "{} fits {}. Which one?\n{}",
                    quoted(typed_track),
                    ids.len(),
                    ids.iter()
                        .map(|&i| format!("• **{}**: `/learn {}`", tracks[i].title(), tracks[i].slug))
                        .collect::<Vec<_>>()
                        .join("\n")
                ),
            );
            draft.menu = ids.iter().filter_map(|&i| track_option(request, &tracks[i])).collect();
            return draft;
        }
        Found::Nothing(_) => {
            return Draft::error(
                "No such track",
                format!("No track matches {}. `/learn` lists them: {}.", quoted(typed_track), track_slugs(tracks)),
            )
        }
    };
    let Some(typed_lesson) = invocation.text("lesson") else {
        let done = super::plan::lessons_done(ctx, track);
        return outline(request, track, &done);
    };
    let typed_section = invocation.text("section");
    // Words typed without `name:` fill the options in turn: "api security" may be a lesson
    // and a section or one lesson's two words. The reading that finds a section wins.
    let joined = typed_section.map(|s| format!("{typed_lesson} {s}"));
    let lesson_alone = find_lesson(track, typed_lesson);
    let (found, section) = match (&lesson_alone, typed_section, &joined) {
        (Found::One(i), Some(s), Some(joined)) if find_section(&track.lessons[*i].document, s).is_none() => {
            match find_lesson(track, joined) {
                found @ Found::One(_) => (found, None),
                _ => (lesson_alone.clone(), typed_section),
            }
        }
        (Found::One(_), _, _) => (lesson_alone.clone(), typed_section),
        (_, Some(_), Some(joined)) => (find_lesson(track, joined), None),
        _ => (lesson_alone.clone(), None),
    };
    let at = match found {
        Found::One(i) => i,
        Found::Several(ids) => {
            let mut text =
                format!("{} fits {} lessons of {}. Which one?", quoted(typed_lesson), ids.len(), track.title());
            for &i in ids.iter().take(10) {
                let l = &track.lessons[i];
                text.push_str(&format!("\n• `{}` {}: `/learn {} {}`", l.number, lesson_title(l), track.slug, l.number));
            }
            let mut draft = Draft::error("Which lesson?", text);
            draft.menu = ids.iter().filter_map(|&i| lesson_option(request, track, &track.lessons[i], lang)).collect();
            return draft;
        }
        Found::Nothing(_) => {
            return Draft::error(
                "No such lesson",
                format!(
                    "{} has no lesson {}. `/learn {}` shows its outline, with each lesson's number.",
                    track.title(),
                    quoted(typed_lesson),
                    track.slug
                ),
            )
        }
    };
    lesson_answer(request, track, at, section, lang)
}

fn track_slugs(tracks: &[Track]) -> String {
    tracks.iter().map(|t| format!("`{}`", t.slug)).collect::<Vec<_>>().join(", ")
}

fn learn_invocation(track: &Track, lesson: Option<&Lesson>, section: Option<&str>, lang: Option<&str>) -> Invocation {
    let mut invocation = Invocation::new(CommandName::Learn).with("track", OptionValue::String(track.slug.clone()));
    if let Some(lesson) = lesson {
        invocation.set("lesson", OptionValue::String(lesson.number.clone()));
    }
    if let Some(section) = section {
        invocation.set("section", OptionValue::String(section.to_string()));
    }
    if let Some(lang) = lang {
        invocation.set("lang", OptionValue::String(lang.to_string()));
    }
    invocation
}

fn token(request: &Request<'_>, invocation: Invocation) -> Option<String> {
    PageToken { version: request.snapshot.version().to_string(), page: 0, invocation }.encode()
}

fn track_option(request: &Request<'_>, track: &Track) -> Option<MenuOption> {
    Some(MenuOption {
        label: reply::truncate(track.title(), reply::limits::SELECT_TEXT),
        description: reply::truncate(
            &format!("{} · {} lessons", track.slug, track.lessons.len()),
            reply::limits::SELECT_TEXT,
        ),
        token: token(request, learn_invocation(track, None, None, None))?,
    })
}

fn lesson_option(request: &Request<'_>, track: &Track, lesson: &Lesson, lang: Option<&str>) -> Option<MenuOption> {
    Some(MenuOption {
        label: reply::truncate(&format!("{} {}", lesson.number, lesson_title(lesson)), reply::limits::SELECT_TEXT),
        description: reply::truncate(&lesson.document.description, reply::limits::SELECT_TEXT),
        token: token(request, learn_invocation(track, Some(lesson), None, lang))?,
    })
}

/// `/learn` alone: every track, with its lessons and a line about it.
fn list(request: &Request<'_>) -> Draft {
    let tracks = &request.snapshot.library.tracks;
    let mut draft = Draft::new("Study tracks");
    draft.replay = Some(Invocation::new(CommandName::Learn));
    if tracks.is_empty() {
        draft.text("This library has no study tracks.");
        return draft;
    }
    draft.text("Open one with `/learn <track>`; a lesson with `/learn <track> <number>`.");
    for (i, track) in tracks.iter().enumerate() {
        let languages: Vec<&str> = {
            let mut langs: Vec<&str> = track
                .lessons
                .iter()
                .flat_map(|l| &l.translations)
                .filter_map(|d| d.lang.as_deref())
                .map(language_name)
                .collect();
            langs.sort_unstable();
            langs.dedup();
            langs
        };
        let translated =
            if languages.is_empty() { String::new() } else { format!(" · also in {}", languages.join(", ")) };
        draft.text(format!(
            "**{}. {}** · `{}` · {} lessons{translated}\n{}",
            i + 1,
            track.title(),
            track.slug,
            track.lessons.len(),
            reply::truncate(&track.overview.description, 200)
        ));
    }
    draft.menu = tracks.iter().filter_map(|t| track_option(request, t)).take(reply::limits::SELECT_OPTIONS).collect();
    draft
}

/// The track's map: each module a row of its lessons, those `done` (progress item ids) ticked.
pub fn track_map_of(track: &Track, done: &HashSet<String>) -> Sketch {
    let mut modules: Vec<MapModule> = Vec::new();
    let mut module_of = None;
    for lesson in &track.lessons {
        if modules.is_empty() || lesson.module != module_of {
            module_of = lesson.module;
            let name = match lesson.module.and_then(|m| track.modules.get(m)) {
                // "Beginner Level: Taking Your First Steps …" is "Beginner Level" on a map.
                Some(module) => module.title.split_once(": ").map_or(module.title.as_str(), |(head, _)| head),
                None if track.modules.is_empty() => "",
                None => "More pages",
            };
            modules.push(MapModule { name: name.to_string(), lessons: Vec::new() });
        }
        let ticked = done.contains(&super::plan::lesson_item(track, lesson));
        if let Some(module) = modules.last_mut() {
            module.lessons.push((lesson.number.clone(), ticked));
        }
    }
    Sketch::TrackMap { track: track.title().to_string(), modules }
}

/// `/learn track`: the outline, module by module, each lesson with the number that opens it,
/// and the track's map with the lessons the asking member ticked (`done`).
fn outline(request: &Request<'_>, track: &Track, done: &HashSet<String>) -> Draft {
    let mut draft = Draft::new(track.title().to_string());
    draft.picture = Some(track_map_of(track, done));
    draft.url = request.source_url(&track.overview);
    draft.replay = Some(learn_invocation(track, None, None, None));
    if !track.overview.description.is_empty() {
        draft.text(track.overview.description.clone());
    }
    draft.text(format!("Open a lesson with `/learn {} <number>`.", track.slug));
    let mut block = String::new();
    let mut module_shown = None;
    for lesson in &track.lessons {
        if lesson.module != module_shown {
            module_shown = lesson.module;
            if !block.is_empty() {
                draft.text(std::mem::take(&mut block));
            }
            if let Some(module) = lesson.module.and_then(|m| track.modules.get(m)) {
                // A module whose first lesson is its own page (numbered tracks) is that line.
                let own_page = lesson.depth == 1 && lesson.number == module.number.to_string();
                if !own_page {
                    block.push_str(&format!("**{}**\n", module.title));
                }
            }
        }
        let indent = "\u{2003}".repeat(lesson.depth.saturating_sub(1));
        let line = format!("`{}` {}", lesson.number, lesson_title(lesson));
        if lesson.depth == 1 && !track.modules.is_empty() && lesson.module.is_some() {
            block.push_str(&format!("**{line}**\n"));
        } else {
            block.push_str(&format!("{indent}{line}\n"));
        }
    }
    if !block.is_empty() {
        draft.text(block);
    }
    if let Some(careers) = careers_served(request, track) {
        draft.text(careers);
    }
    draft.field("Lessons", track.lessons.len().to_string());
    if !track.modules.is_empty() {
        draft.field("Modules", track.modules.len().to_string());
    }
    let prompts: usize = track.lessons.iter().map(|l| l.document.prompts.len()).sum();
    draft.field("Prompts", prompts.to_string());
    if let Some(url) = request.source_url(&track.overview) {
        draft.link_button("Read on the site", url);
    }
    draft.menu = track
        .lessons
        .iter()
        .filter_map(|l| lesson_option(request, track, l, None))
        .take(reply::limits::SELECT_OPTIONS)
        .collect();
    draft
}

/// The careers whose skills and tools the track teaches (see [`crate::catalog::overlaps`]), each
/// with what they share.
fn careers_served(request: &Request<'_>, track: &Track) -> Option<String> {
    let library = &request.snapshot.library;
    let position = library.tracks.iter().position(|t| t.slug == track.slug)?;
    let pointers = request.snapshot.catalog.overlaps(library).careers_for(position);
    if pointers.is_empty() {
        return None;
    }
    let mut text = String::from("**Careers it serves**\n");
    for pointer in pointers {
        let career = &library.documents[pointer.career];
        text.push_str(&format!(
            "• **{}** (`/career {}`): shares {}\n",
            career.title,
            career.slug,
            reply::truncate(&pointer.shared.join(", "), 120)
        ));
    }
    Some(text)
}

/// A lesson (or one of its sections), in the language asked when it has one.
fn lesson_answer(request: &Request<'_>, track: &Track, at: usize, section: Option<&str>, lang: Option<&str>) -> Draft {
    let lesson = &track.lessons[at];
    let (doc, fallback) = match lang {
        Some(code) => match lesson.in_lang(code) {
            Some(doc) => (doc, None),
            None => (&lesson.document, Some(code)),
        },
        None => (&lesson.document, None),
    };
    let title = format!("{} {}", lesson.number, title_without_number(&doc.title));
    let section = match section {
        Some(typed) => match find_section(doc, typed) {
            Some(section) => Some(section),
            None => {
                return Draft::error(
                    "No such section",
                    format!(
                        "Lesson {} has no section {}. Try one of: {}.",
                        lesson.number,
                        quoted(typed),
                        main_sections(doc)
                            .iter()
                            .take(12)
                            .map(|s| format!("`{}`", s.key))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                )
            }
        },
        None => None,
    };
    let mut draft = Draft::new(match section {
        Some(s) => format!("{title} · {}", s.heading()),
        None => title,
    });
    let page_url = request.source_url(doc);
    draft.url = match section {
        Some(s) => page_url.as_ref().map(|u| format!("{u}#{}", s.anchor)),
        None => page_url.clone(),
    };
    draft.replay = Some(learn_invocation(track, Some(lesson), section.map(|s| s.key.as_str()), lang));
    if let Some(code) = fallback {
        draft.notice = Some(format!("This lesson has no {} translation; here it is in English.", language_name(code)));
    }
    let module =
        lesson.module.and_then(|m| track.modules.get(m)).map(|m| format!(" › {}", m.title)).unwrap_or_default();
    draft.text(format!("*{}{module}* · lesson {} of {}", track.title(), at + 1, track.lessons.len()));
    match section {
        Some(section) => section_text(&mut draft, doc, section),
        None => {
            if !doc.description.is_empty() {
                draft.text(doc.description.clone());
            }
            let sections = main_sections(doc);
            if !sections.is_empty() {
                let mut list =
                    format!("**Sections** — open one with `/learn {} {} <section>`\n", track.slug, lesson.number);
                for section in &sections {
                    let indent = "\u{2003}".repeat(section.path.len().saturating_sub(1));
                    list.push_str(&format!("{indent}• `{}` {}\n", section.key, section.heading()));
                }
                draft.text(list);
            }
            if !doc.prompts.is_empty() {
                draft.field(
                    "Prompts",
                    format!("{} · `/prompt track:{} lesson:{}`", doc.prompts.len(), track.slug, lesson.number),
                );
            }
            let others: Vec<&str> = lesson.translations.iter().filter_map(|d| d.lang.as_deref()).collect();
            if !others.is_empty() && lang.is_none() {
                let list: Vec<String> = others.iter().map(|c| format!("{} (`lang:{c}`)", language_name(c))).collect();
                draft.field("Also in", list.join(", "));
            }
            let version = request.snapshot.version().to_string();
            draft.menu = sections
                .iter()
                .filter_map(|s| {
                    let invocation = learn_invocation(track, Some(lesson), Some(&s.key), lang);
                    Some(MenuOption {
                        label: reply::truncate(s.heading(), reply::limits::SELECT_TEXT),
                        description: reply::truncate(&s.key, reply::limits::SELECT_TEXT),
                        token: PageToken { version: version.clone(), page: 0, invocation }.encode()?,
                    })
                })
                .take(reply::limits::SELECT_OPTIONS)
                .collect();
        }
    }
    if let Some(url) = page_url {
        draft.link_button("Read on the site", url);
    }
    // The arrow stays whatever the title's length: the label is cut before it.
    let label = |lesson: &Lesson| reply::truncate(&format!("{} {}", lesson.number, lesson_title(lesson)), 60);
    if at > 0 {
        let previous = &track.lessons[at - 1];
        draft.steps.push((format!("◀ {}", label(previous)), learn_invocation(track, Some(previous), None, lang)));
    }
    if let Some(next) = track.lessons.get(at + 1) {
        draft.steps.push((format!("{} ▶", label(next)), learn_invocation(track, Some(next), None, lang)));
    }
    draft
}

/// Sections worth listing: the first two levels under the title.
fn main_sections(doc: &Document) -> Vec<&Section> {
    doc.sections.iter().filter(|s| s.path.len() <= 2 && !s.heading().trim().is_empty()).collect()
}

/// Where a definition stands, as a member reads it and as the command that opens it.
fn citation(request: &Request<'_>, definition: &Definition) -> Option<(String, String, Option<String>)> {
    let track = request.snapshot.library.tracks.get(definition.track)?;
    let lesson = track.lessons.get(definition.lesson)?;
    let section = lesson.document.sections.get(definition.section as usize);
    let heading = section.map(|s| format!(" › {}", s.heading())).unwrap_or_default();
    let shown = format!("{} › {} {}{heading}", track.title(), lesson.number, lesson_title(lesson));
    let command = format!("/learn {} {} {}", track.slug, lesson.number, section.map_or("", |s| s.key.as_str()));
    let url = request.source_url(&lesson.document).map(|u| match section {
        Some(s) => format!("{u}#{}", s.anchor),
        None => u,
    });
    Some((shown, command, url))
}

/// Answers `/define`.
pub(crate) fn define(request: &Request<'_>, invocation: &Invocation) -> Draft {
    let typed = invocation.text("term").unwrap_or_default();
    let library = &request.snapshot.library;
    let lang = invocation.text("lang").and_then(language).filter(|&code| code != "en");
    let track = match invocation.text("track") {
        None => None,
        Some(typed_track) => match find_track(&library.tracks, typed_track) {
            Found::One(i) => Some(i),
            _ => {
                return Draft::error(
                    "No such track",
                    format!("No track matches {}. Tracks: {}.", quoted(typed_track), track_slugs(&library.tracks)),
                )
            }
        },
    };
    let glossary = request.snapshot.catalog.glossary(library);
    let found = glossary.find(asked_term(typed), track);
    let Some(best) = found.first() else {
        let close = glossary.suggest(typed, 5);
        let hint = if close.is_empty() {
            String::new()
        } else {
            format!(" Close: {}.", close.iter().map(|t| format!("`{t}`")).collect::<Vec<_>>().join(", "))
        };
        return Draft::error(
            "Not defined",
            format!(
                "No lesson defines {}.{hint} `/search {}` finds every passage that mentions it.",
                quoted(typed),
                super::format::escape_markdown(typed.trim())
            ),
        );
    };
    let mut draft = Draft::new(best.term.to_string());
    let mut replay = Invocation::new(CommandName::Define).with("term", OptionValue::String(typed.to_string()));
    if let Some(t) = invocation.text("track") {
        replay.set("track", OptionValue::String(t.to_string()));
    }
    if let Some(code) = lang {
        replay.set("lang", OptionValue::String(code.to_string()));
    }
    draft.replay = Some(replay);
    draft.text(reply::truncate(&best.text, 1500));
    if let Some(code) = lang {
        // The glossaries are English; the lesson may be translated.
        let lesson = library.tracks.get(best.track).and_then(|t| Some((t, t.lessons.get(best.lesson)?)));
        draft.text(match lesson {
            Some((track, lesson)) if lesson.in_lang(code).is_some() => format!(
                "*{} is written in English here; the lesson is also in {}: `/learn {} {} lang:{code}`*",
                best.term,
                language_name(code),
                track.slug,
                lesson.number
            ),
            _ => format!("*Not in {}: the definition and its lesson are in English.*", language_name(code)),
        });
    }
    if let Some((shown, command, url)) = citation(request, best) {
        draft.text(format!("— *{shown}*\n`{command}`"));
        draft.url = url.clone();
        if let Some(url) = url {
            draft.link_button("Read the lesson", url);
        }
    }
    let others: Vec<String> = found
        .iter()
        .skip(1)
        .filter(|d| (d.track, d.lesson) != (best.track, best.lesson))
        .filter_map(|d| citation(request, d))
        .map(|(shown, command, _)| format!("• {shown}: `{command}`"))
        .take(4)
        .collect();
    if !others.is_empty() {
        draft.text(format!("**Also defined in**\n{}", others.join("\n")));
    }
    draft
}

/// The term in a question as members ask it: "what's csrf", "what does SOW mean?", "meaning
/// of scope creep" → the term alone.
fn asked_term(typed: &str) -> &str {
    let mut t = typed.trim().trim_end_matches(['?', '.', '!']).trim();
    for opening in [
        "what's ",
        "whats ",
        "what is a ",
        "what is an ",
        "what is ",
        "what are ",
        "what does ",
        "define ",
        "meaning of ",
        "definition of ",
    ] {
        if t.len() > opening.len() && t[..opening.len()].eq_ignore_ascii_case(opening) {
            t = t[opening.len()..].trim();
            break;
        }
    }
    for ending in [" mean", " means", " stand for"] {
        if t.len() > ending.len() && t[t.len() - ending.len()..].eq_ignore_ascii_case(ending) {
            t = t[..t.len() - ending.len()].trim();
        }
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_question_is_read_for_its_term() {
        assert_eq!(asked_term("what's csrf"), "csrf");
        assert_eq!(asked_term("What does SOW mean?"), "SOW");
        assert_eq!(asked_term("meaning of scope creep"), "scope creep");
        assert_eq!(asked_term("phishing"), "phishing");
    }

    #[test]
    fn numbers_are_read_as_members_type_them() {
        assert_eq!(typed_number("2.3").as_deref(), Some("2.3"));
        assert_eq!(typed_number("lesson 2-3-1").as_deref(), Some("2.3.1"));
        assert_eq!(typed_number("#4").as_deref(), Some("4"));
        assert_eq!(typed_number("api security"), None);
    }

    #[test]
    fn titles_lose_the_number_the_page_puts_first() {
        assert_eq!(title_without_number("1.3.3 Web Accessibility "), "Web Accessibility");
        assert_eq!(title_without_number("6.1 Glossary: Key Terms"), "Glossary: Key Terms");
        assert_eq!(title_without_number("API Security"), "API Security");
        assert_eq!(title_without_number("2024 Trends"), "2024 Trends");
    }
}
