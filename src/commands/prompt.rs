//! `/prompt [career] [number] [topic] [context]`: ready-made prompts as copyable code blocks,
//! one of them personalised with "About me", with buttons that open it in an LLM chat.

use crate::content::Document;
use crate::search::{HitKind, SearchRequest};

use super::format::{quoted, url_encode};
use super::invocation::{Invocation, OptionValue};
use super::reply::Draft;
use super::{CommandName, Request};

/// Prompts shown for a topic search across careers.
const TOPIC_RESULTS: usize = 5;

/// Answers `/prompt`.
pub(crate) fn answer(request: &Request<'_>, invocation: &Invocation) -> Draft {
    let topic = invocation.text("topic");
    let context = invocation.text("context");
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
        draft.labelled_code(format!("**{n}.**"), doc.prompts[n - 1].clone());
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
    let text = personalised(&doc.prompts[number - 1], context);
    let mut draft = Draft::new(format!("Prompt {number} · {}", Request::numbered_title(doc)));
    draft.url = request.source_url(doc);
    draft.code(text.clone());
    if context.is_none() {
        draft.text(format!("Add `context:` to make it about you, e.g. `/prompt {} {number} context:\"I'm a sysadmin with 5 years of Linux\"`.", doc.slug));
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

fn across_careers(request: &Request<'_>, topic: &str) -> Draft {
    let hits = match request.search(&SearchRequest {
        text: topic,
        career: None,
        kinds: &[HitKind::Prompt],
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
        let Some(doc) = request.snapshot.library.get(&hit.career) else { continue };
        let Some(prompt) = doc.prompts.get(hit.item) else { continue };
        draft.labelled_code(
            format!("**{} · prompt {}** (`/prompt {} {}`)", doc.title, hit.item + 1, doc.slug, hit.item + 1),
            prompt.clone(),
        );
    }
    draft
}
