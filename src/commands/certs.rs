//! `/certs career:<career> [group]`: the certification list, grouped, with issuers; for a
//! career without one, the passages that mention certifications.

use crate::content::{Certification, Document};
use crate::search::resolve::compact;
use crate::search::{HitKind, SearchRequest};

use super::format::quoted;
use super::invocation::{Invocation, OptionValue};
use super::reply::{self, Draft};
use super::{CommandName, Request};

/// Heading for certifications listed without a sub-heading.
const UNGROUPED: &str = "Certifications";

/// The groups of a career's certifications, in order.
pub(crate) fn groups(doc: &Document) -> Vec<&str> {
    let mut out: Vec<&str> = Vec::new();
    for cert in &doc.certifications {
        let group = cert.group.as_deref().unwrap_or(UNGROUPED);
        if !out.contains(&group) {
            out.push(group);
        }
    }
    out
}

/// Answers `/certs`.
pub(crate) fn answer(request: &Request<'_>, invocation: &Invocation) -> Draft {
    let doc = match request.career(invocation.text("career").unwrap_or_default()) {
        Ok(doc) => doc,
        Err(error) => return *error,
    };
    let mut replay = Invocation::new(CommandName::Certs).with("career", OptionValue::String(doc.slug.clone()));
    if doc.certifications.is_empty() {
        let mut draft = mentions(request, doc);
        draft.replay = Some(replay);
        return draft;
    }
    let wanted_group = invocation.text("group");
    let all_groups = groups(doc);
    let shown: Vec<&str> = match wanted_group {
        None => all_groups.clone(),
        Some(typed) => {
            let wanted = compact(typed);
            let matching: Vec<&str> = all_groups.iter().copied().filter(|g| compact(g).contains(&wanted)).collect();
            if matching.is_empty() {
                return Draft::error(
                    "No such group",
                    format!(
                        "{} has no certification group {}. Groups: {}.",
                        doc.title,
                        quoted(typed),
                        all_groups.iter().map(|g| format!("`{g}`")).collect::<Vec<_>>().join(", ")
                    ),
                );
            }
            replay.set("group", OptionValue::String(typed.to_string()));
            matching
        }
    };
    let mut draft = Draft::new(format!("Certifications · {}", Request::numbered_title(doc)));
    draft.url = request.source_url(doc);
    draft.replay = Some(replay);
    for group in shown {
        let mut text = String::new();
        if all_groups.len() > 1 || group != UNGROUPED {
            text.push_str(&format!("**{group}**\n"));
        }
        for cert in doc.certifications.iter().filter(|c| c.group.as_deref().unwrap_or(UNGROUPED) == group) {
            text.push_str(&line(cert));
            text.push('\n');
        }
        draft.text(text);
    }
    draft.field("Certifications", doc.certifications.len().to_string());
    draft
}

/// `• **Name** — Issuer: summary`, the summary cut to one sentence's worth.
fn line(cert: &Certification) -> String {
    let mut line = format!("• **{}**", cert.name);
    if let Some(issuer) = &cert.issuer {
        line.push_str(&format!(" — {}", issuer));
    }
    if !cert.summary.is_empty() {
        line.push_str(": ");
        line.push_str(&reply::truncate(&cert.summary, 200));
    }
    line
}

/// A career without a certification list: where its text mentions certifications.
fn mentions(request: &Request<'_>, doc: &Document) -> Draft {
    let hits = match request.search(&SearchRequest {
        text: "certification certified certificate CompTIA AWS Azure",
        career: Some(&doc.slug),
        kinds: &[HitKind::Section, HitKind::Link, HitKind::Prompt],
        doc_kind: None,
        limit: 5,
    }) {
        Ok(hits) => hits,
        Err(unavailable) => return *unavailable,
    };
    let mut draft = Draft::new(format!("Certification mentions · {}", Request::numbered_title(doc)));
    draft.url = request.source_url(doc);
    if hits.is_empty() {
        draft.text(format!("{} has no certification list, and its text does not mention certifications.", doc.title));
        return draft;
    }
    draft.text(format!("{} has no certification list. Its text mentions certifications here:", doc.title));
    for hit in hits {
        draft.text(format!(
            "**{}** (`/career {} {}`)\n{}",
            hit.path.join(" › "),
            doc.slug,
            hit.section_key,
            hit.snippet
        ));
    }
    draft
}
