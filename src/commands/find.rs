//! `/search query:<text> [career]`: the best passages, each naming its career and section.

use std::collections::HashSet;

use crate::catalog::names::Resolution;
use crate::search::{Hit, HitKind, SearchRequest};

use super::format::quoted;
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
        Some(typed) => match request.career(typed) {
            Ok(doc) => {
                replay.set("career", OptionValue::String(doc.slug.clone()));
                Some(doc)
            }
            Err(error) => return *error,
        },
        None => None,
    };
    let hits = match request.search(&SearchRequest {
        text: query,
        career: career.map(|d| d.slug.as_str()),
        kinds: &[],
        doc_kind: None,
        limit: RESULTS + 3,
    }) {
        Ok(hits) => hits,
        Err(unavailable) => return *unavailable,
    };
    let hits = distinct(hits);
    let scope = career.map(|d| format!(" in {}", d.title)).unwrap_or_default();
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
    for (i, hit) in hits.iter().enumerate() {
        draft.text(passage(i + 1, hit));
    }
    draft
}

/// Drops a section's hit when one of its items (a prompt, a link) is already shown, and
/// repeats of one passage; keeps the best five.
fn distinct(hits: Vec<Hit>) -> Vec<Hit> {
    let mut shown_sections: HashSet<(String, String)> = HashSet::new();
    let mut out: Vec<Hit> = Vec::new();
    for hit in hits {
        let section = (hit.career.clone(), hit.section_key.clone());
        if hit.kind == HitKind::Section && shown_sections.contains(&section) {
            continue;
        }
        shown_sections.insert(section);
        out.push(hit);
        if out.len() == RESULTS {
            break;
        }
    }
    out
}

fn passage(n: usize, hit: &Hit) -> String {
    let (what, open) = match hit.kind {
        HitKind::Prompt => (format!("Prompt {}", hit.item + 1), format!("/prompt {} {}", hit.career, hit.item + 1)),
        HitKind::Certification => ("Certification".to_string(), format!("/certs {}", hit.career)),
        HitKind::Link => ("Reading link".to_string(), format!("/career {} {}", hit.career, hit.section_key)),
        HitKind::Section => (hit.path.join(" › "), format!("/career {} {}", hit.career, hit.section_key)),
    };
    format!("**{n}. {} › {what}**\n{}\n`{open}`", hit.career_title, hit.snippet)
}
