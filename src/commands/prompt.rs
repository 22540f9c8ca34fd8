//! `/prompt [career] [number] [topic] [context] [track] [lesson]`: ready-made prompts as copyable code blocks,
//! one of them personalised with "About me", with buttons that open it in an LLM chat.

use crate::catalog::keys::stem;
use crate::content::{Document, Lesson, Track};
use crate::search::{HitKind, SearchRequest};

use super::format::{quoted, url_encode};
use super::invocation::{Invocation, OptionValue};
use super::learn;
use super::reply::Draft;
use super::{CommandName, Request};

/// Prompts shown for a topic search across careers.
const TOPIC_RESULTS: usize = 5;

/// Answers `/prompt`.
pub(crate) fn answer(request: &Request<'_>, invocation: &Invocation) -> Draft {
    let topic = invocation.text("topic");
    let context = invocation.text("context");
    if let Some(track) = invocation.text("track") {
        return track_prompts(request, invocation, track);
    }
    let Some(typed) = invocation.text("career") else {
        return match topic {
            Some(topic) => across_careers(request, topic),
            None => Draft::error(
                "Which career?",
                "Name a career (`/prompt secops`) or a topic (`/prompt topic:portfolio`).",
            ),
        };
    };
    let doc = match request.document(typed) {
        Ok(doc) => doc,
        Err(error) => return *error,
    };
    if doc.prompts.is_empty() {
        let mut draft = Draft::new(format!("Prompts · {}", Request::numbered_title(doc)));
        draft.url = request.source_url(doc);
        draft.text(format!(
            "{} has no prompts. `/prompt topic:<topic>` finds prompts about a topic in every career, and `/career {}` opens this one.",
            doc.title, doc.slug
        ));
        return draft;
    }
    if let Some(number) = invocation.integer("number") {
        return match usize::try_from(number).ok().filter(|n| (1..=doc.prompts.len()).contains(n)) {
            Some(n) => single(request, doc, n, context),
            None => Draft::error(
                "No such prompt",
                format!("{} has prompts 1–{}; {} is not one of them.", doc.title, doc.prompts.len(), number),
            ),
        };
    }
    // The page buttons replay the whole invocation (topic and context too): every page is then
    // cut as this one is, notice and hint included. A context too long for a token keeps the
    // answer to its first page (see `Draft::finish`).
    let mut replay = Invocation::new(CommandName::Prompt).with("career", OptionValue::String(doc.slug.clone()));
    if let Some(context) = context {
        replay.set("context", OptionValue::String(context.to_string()));
    }
    let mut notice = None;
    let numbers: Vec<usize> = match topic {
        None => (1..=doc.prompts.len()).collect(),
        Some(topic) => {
            replay.set("topic", OptionValue::String(topic.to_string()));
            let hits = match request.search(&SearchRequest {
                text: topic,
                career: Some(&doc.slug),
                kinds: &[HitKind::Prompt],
                snippets: false,
                limit: doc.prompts.len(),
                ..SearchRequest::default()
            }) {
                Ok(hits) => hits,
                Err(unavailable) => return *unavailable,
            };
            if hits.is_empty() {
                // Nothing on that topic: all of them, said so, rather than nothing.
                notice = Some(format!("No prompt of {} is about {}; here are all of them.", doc.title, quoted(topic)));
                (1..=doc.prompts.len()).collect()
            } else {
                hits.iter().map(|h| h.item + 1).collect()
            }
        }
    };
    if numbers.len() == 1 {
        return single(request, doc, numbers[0], context);
    }
    let mut draft = Draft::new(format!("Prompts · {}", Request::numbered_title(doc)));
    draft.url = request.source_url(doc);
    draft.replay = Some(replay);
    draft.notice = notice;
    let hint = if context.is_some() {
        format!(
            "Pick one with `number:` to get it with your context, e.g. `/prompt {} {} context:…`.",
            doc.slug, numbers[0]
        )
    } else {
        format!("Copy one, or pick it with `/prompt {} <number>` for buttons that open it in an AI chat.", doc.slug)
    };
    draft.text(hint);
    for n in numbers {
        draft.labelled_code(format!("**{n}.**"), doc.prompts[n - 1].to_string());
    }
    draft
}

/// Longest "About me" kept (the option's limit in Discord; the terminal is cut to it too).
const MAX_CONTEXT: usize = 300;

/// The prompt with the member's context appended as an "About me" paragraph (one line, at
/// most `MAX_CONTEXT` characters).
pub fn personalised(prompt: &str, context: Option<&str>) -> String {
    match context {
        Some(context) => {
            let line = context.split_whitespace().collect::<Vec<_>>().join(" ");
            format!("{prompt}\n\nAbout me: {}", super::reply::truncate(&line, MAX_CONTEXT))
        }
        None => prompt.to_string(),
    }
}

fn single(request: &Request<'_>, doc: &Document, number: usize, context: Option<&str>) -> Draft {
    let title = format!("Prompt {number} · {}", Request::numbered_title(doc));
    single_prompt(request, doc, title, &format!("/prompt {} {number}", doc.slug), number, context)
}

/// One prompt of a page (a career's or a lesson's), personalised, with its "open in" buttons;
/// `command` opens it again (`/prompt secops 3`).
fn single_prompt(
    request: &Request<'_>,
    doc: &Document,
    title: String,
    command: &str,
    number: usize,
    context: Option<&str>,
) -> Draft {
    let text = personalised(&doc.prompts[number - 1], context);
    let mut draft = Draft::new(title);
    draft.url = request.source_url(doc);
    draft.code(text.clone());
    if context.is_none() {
        draft.text(format!(
            "Add `context:` to make it about you, e.g. `{command} context:\"I'm a sysadmin with 5 years of Linux\"`."
        ));
    }
    for (label, template) in &request.settings.llm_links {
        draft.link_button(label.clone(), template.replace("{prompt}", &url_encode(&text)));
    }
    if draft.buttons.is_empty() && !request.settings.llm_links.is_empty() {
        draft.text("*(Too long for an \"open in chat\" button: copy it instead.)*");
    }
    // Single prompts fit one page; no replay needed (and context may not fit a token).
    draft
}

/// `topic:` alone: the prompts of careers and lessons about it, best first, each with the
/// command that opens it.
fn across_careers(request: &Request<'_>, topic: &str) -> Draft {
    let hits = match request.search(&SearchRequest {
        text: topic,
        career: None,
        kinds: &[HitKind::Prompt],
        among: crate::search::Among::Everything,
        snippets: false,
        limit: TOPIC_RESULTS,
        ..SearchRequest::default()
    }) {
        Ok(hits) => hits,
        Err(unavailable) => return *unavailable,
    };
    if hits.is_empty() {
        return Draft::error(
            "No matching prompt",
            format!("No prompt is about {}. Try other words, or `/search`.", quoted(topic)),
        );
    }
    let mut draft = Draft::new(format!("Prompts about {}", super::reply::truncate(topic, 60)));
    draft.replay = Some(Invocation::new(CommandName::Prompt).with("topic", OptionValue::String(topic.to_string())));
    for hit in hits {
        let number = hit.item + 1;
        if let Some(lesson) = &hit.lesson {
            draft.labelled_code(
                format!(
                    "**📘 {} {} · prompt {}** (`/prompt track:{} lesson:{} number:{}`)",
                    lesson.number, lesson.title, number, lesson.track, lesson.number, number
                ),
                hit.body.clone(),
            );
            continue;
        }
        let Some(doc) = request.snapshot.library.get(&hit.career) else { continue };
        let Some(prompt) = doc.prompts.get(hit.item) else { continue };
        draft.labelled_code(
            format!("**{} · prompt {number}** (`/prompt {} {number}`)", doc.title, doc.slug),
            prompt.to_string(),
        );
    }
    draft
}

/// Prompts of a track found for a topic across its lessons.
const TRACK_TOPIC_RESULTS: usize = 10;

/// `/prompt track:… [lesson:…] [number] [topic] [context]`: a lesson's prompts as a career's
/// are, one of them by number; a track's prompts about a topic; or which lessons have prompts.
fn track_prompts(request: &Request<'_>, invocation: &Invocation, typed_track: &str) -> Draft {
    let tracks = &request.snapshot.library.tracks;
    let track = match learn::find_track(tracks, typed_track) {
        learn::Found::One(i) => &tracks[i],
        _ => {
            return Draft::error(
                "No such track",
                format!("No track matches {}. `/learn` lists them.", quoted(typed_track)),
            )
        }
    };
    let (topic, context) = (invocation.text("topic"), invocation.text("context"));
    // `/prompt track:freelancing lesson:2.3 4`: the number, typed where a career would go.
    let number = invocation.integer("number").or_else(|| invocation.text("career").and_then(|c| c.trim().parse().ok()));
    let Some(typed_lesson) = invocation.text("lesson") else {
        return match topic {
            Some(topic) => track_topic(request, track, topic),
            None => lessons_with_prompts(track),
        };
    };
    let lesson = match learn::find_lesson(track, typed_lesson) {
        learn::Found::One(i) => &track.lessons[i],
        _ => {
            return Draft::error(
                "No such lesson",
                format!(
                    "{} has no lesson {}. `/learn {}` lists them.",
                    track.title(),
                    quoted(typed_lesson),
                    track.slug
                ),
            )
        }
    };
    let doc = &lesson.document;
    let heading = format!("{} {}", lesson.number, learn::lesson_title(lesson));
    let base = format!("/prompt track:{} lesson:{}", track.slug, lesson.number);
    if doc.prompts.is_empty() {
        return Draft::error(
            "No prompts",
            format!(
                "Lesson {heading} has no prompts. `/prompt track:{}` lists the lessons that have some.",
                track.slug
            ),
        );
    }
    if let Some(n) = number {
        return match usize::try_from(n).ok().filter(|n| (1..=doc.prompts.len()).contains(n)) {
            Some(n) => single_prompt(
                request,
                doc,
                format!("Prompt {n} · {heading}"),
                &format!("{base} number:{n}"),
                n,
                context,
            ),
            None => Draft::error(
                "No such prompt",
                format!("Lesson {heading} has prompts 1–{}; {n} is not one of them.", doc.prompts.len()),
            ),
        };
    }
    let mut draft = Draft::new(format!("Prompts · {heading}"));
    draft.url = request.source_url(doc);
    let mut replay = Invocation::new(CommandName::Prompt)
        .with("track", OptionValue::String(track.slug.clone()))
        .with("lesson", OptionValue::String(lesson.number.clone()));
    if let Some(topic) = topic {
        replay.set("topic", OptionValue::String(topic.to_string()));
    }
    draft.replay = Some(replay);
    let about: Vec<usize> = match topic {
        Some(topic) => {
            let found: Vec<usize> =
                (0..doc.prompts.len()).filter(|&i| about_topic(&doc.prompts[i], topic) > 0).collect();
            if found.is_empty() {
                draft.notice =
                    Some(format!("No prompt of this lesson is about {}; here are all of them.", quoted(topic)));
                (0..doc.prompts.len()).collect()
            } else {
                found
            }
        }
        None => (0..doc.prompts.len()).collect(),
    };
    draft.text(format!("Copy one, or pick it with `{base} number:<n>` for buttons that open it in an AI chat."));
    for i in about {
        draft.labelled_code(format!("**{}.**", i + 1), doc.prompts[i].to_string());
    }
    draft
}

/// How many of a topic's words (stemmed, three letters or more) a prompt holds; 0 unless it
/// holds every one.
fn about_topic(prompt: &str, topic: &str) -> usize {
    let words = |text: &str| -> Vec<String> {
        text.split(|c: char| !c.is_alphanumeric()).filter(|w| w.chars().count() >= 3).map(stem).collect()
    };
    let wanted = words(topic);
    let have = words(prompt);
    let held = wanted.iter().filter(|w| have.iter().any(|h| h.starts_with(w.as_str()))).count();
    if !wanted.is_empty() && held == wanted.len() {
        held
    } else {
        0
    }
}

/// A track's prompts about a topic, in lesson order, each with the command that opens it.
fn track_topic(request: &Request<'_>, track: &Track, topic: &str) -> Draft {
    let found: Vec<(&Lesson, usize)> = track
        .lessons
        .iter()
        .flat_map(|l| (0..l.document.prompts.len()).map(move |i| (l, i)))
        .filter(|(l, i)| about_topic(&l.document.prompts[*i], topic) > 0)
        .collect();
    if found.is_empty() {
        return Draft::error(
            "No matching prompt",
            format!(
                "No prompt of {} is about {}. `/prompt track:{}` lists the lessons with prompts.",
                track.title(),
                quoted(topic),
                track.slug
            ),
        );
    }
    let mut draft = Draft::new(format!("Prompts about {} · {}", super::reply::truncate(topic, 40), track.title()));
    draft.url = request.source_url(&track.overview);
    draft.replay = Some(
        Invocation::new(CommandName::Prompt)
            .with("track", OptionValue::String(track.slug.clone()))
            .with("topic", OptionValue::String(topic.to_string())),
    );
    if found.len() > TRACK_TOPIC_RESULTS {
        draft.notice = Some(format!(
            "{} prompts are about it; here are the first {TRACK_TOPIC_RESULTS}, in lesson order.",
            found.len()
        ));
    }
    for (lesson, i) in found.into_iter().take(TRACK_TOPIC_RESULTS) {
        draft.labelled_code(
            format!(
                "**{} {} · prompt {}** (`/prompt track:{} lesson:{} number:{}`)",
                lesson.number,
                learn::lesson_title(lesson),
                i + 1,
                track.slug,
                lesson.number,
                i + 1
            ),
            lesson.document.prompts[i].to_string(),
        );
    }
    draft
}

/// Which lessons of a track have prompts, and how many.
fn lessons_with_prompts(track: &Track) -> Draft {
    let mut draft = Draft::new(format!("Prompts · {}", track.title()));
    draft.replay = Some(Invocation::new(CommandName::Prompt).with("track", OptionValue::String(track.slug.clone())));
    let total: usize = track.lessons.iter().map(|l| l.document.prompts.len()).sum();
    draft.text(format!(
        "{total} prompts in {} lessons. Open a lesson's with `/prompt track:{} lesson:<number>`, or find some with `topic:`.",
        track.lessons.iter().filter(|l| !l.document.prompts.is_empty()).count(),
        track.slug
    ));
    let lines: Vec<String> = track
        .lessons
        .iter()
        .filter(|l| !l.document.prompts.is_empty())
        .map(|l| format!("`{}` {} — {} prompts", l.number, learn::lesson_title(l), l.document.prompts.len()))
        .collect();
    for chunk in lines.chunks(15) {
        draft.text(chunk.join("\n"));
    }
    draft
}
