//! `/certs [career] [name] [group]`: certifications, from the library's vocabulary
//! ([`crate::catalog::certs`]).
//!
//! - `career:` with a certification list: the list, grouped, with issuers.
//! - `career:` without a list: the certifications its own education and certification
//!   sections name, in page order under the page's grouping with its hints; then those named
//!   elsewhere on the page, each in its sentence; then those named in advice about moving to
//!   another career, labelled with that career ("named in: moving to Security Engineer").
//!   `name:` labels such a mention the same way. A text that names none
//!   shows its sentences that speak of certifications by a maker's name, or says plainly that
//!   it names none.
//! - `name:`: which careers list that certification and which only name it.
//! - nothing: the certifications the most careers list.

use std::collections::HashSet;
use std::fmt::Write;

use crate::catalog::certs::{Cert, Certifications, Mention, Place, Unfound};
use crate::catalog::names::compact;
use crate::content::{Certification, Document};

use super::format::quoted;
use super::invocation::{Invocation, OptionValue};
use super::reply::{self, Draft};
use super::{CommandName, Request};

/// Heading for certifications listed without a sub-heading.
const UNGROUPED: &str = "Certifications";

/// Certifications shown by `/certs` alone.
const MOST_LISTED: usize = 15;

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
    if let Some(name) = invocation.text("name") {
        return by_name(request, name);
    }
    let Some(typed) = invocation.text("career") else {
        if invocation.text("group").is_some() {
            return Draft::error(
                "Which career?",
                "A group belongs to a career's list: name the career too, e.g. `/certs it-security-specialist group:cloud`.",
            );
        }
        return most_listed(request);
    };
    let doc = match request.career(typed) {
        Ok(doc) => doc,
        Err(error) => return *error,
    };
    let mut replay = Invocation::new(CommandName::Certs).with("career", OptionValue::String(doc.slug.clone()));
    if doc.certifications.is_empty() {
        let mut draft = named_in_text(request, doc);
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

/// A sentence with the certification's name in bold.
fn in_bold(mention: &Mention) -> String {
    let mut out = String::new();
    write_in_bold(&mut out, mention);
    out
}

/// [`in_bold`], written at the end of `out` (a listing of a large library has hundreds).
fn write_in_bold(out: &mut String, mention: &Mention) {
    let sentence = &mention.sentence;
    let at = mention.at.clone();
    let (before, name, after) = match (sentence.get(..at.start), sentence.get(at.clone()), sentence.get(at.end..)) {
        (Some(before), Some(name), Some(after)) => (before, name, after),
        _ => return write_inert(out, &reply::truncate(sentence, 300)),
    };
    // Long sentences are cut around the name.
    write_inert(out, &reply::truncate_start(before, 120));
    out.push_str("**");
    write_inert(out, name);
    out.push_str("**");
    write_inert(out, &reply::truncate(after, 160));
}

/// Content text put inside bold: no `*` or backtick that could end it early. (Links and
/// mentions are made safe where every reply is finished.)
fn inert(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    write_inert(&mut out, text);
    out
}

/// [`inert`], written at the end of `out`.
fn write_inert(out: &mut String, text: &str) {
    if !text.contains(['*', '`']) {
        out.push_str(text);
        return;
    }
    out.extend(text.chars().filter(|&c| c != '*').map(|c| if c == '`' { '\'' } else { c }));
}

/// A career without a certification list: the certifications its text names, in three
/// parts. First those of its own education and certification sections, in page order under
/// the page's own grouping ("AWS Certifications") with its hints ("foundational"); then those
/// named elsewhere on the page; last those named in advice about moving to another career,
/// labelled with that career.
fn named_in_text(request: &Request<'_>, doc: &Document) -> Draft {
    let vocabulary = request.snapshot.certs();
    let mut draft = Draft::new(format!("Certifications · {}", Request::numbered_title(doc)));
    draft.url = request.source_url(doc);
    let named = vocabulary.named_by(&doc.slug);
    if named.is_empty() {
        let makers = vocabulary.by_maker(&doc.slug);
        if makers.is_empty() {
            draft.text(format!(
                "{} has no certification list, and its text names no certification. `/certs` shows the ones most careers list.",
                doc.title
            ));
            return draft;
        }
        draft.text(format!(
            "{} has no certification list, and its text names no certification; it speaks of these:",
            doc.title
        ));
        for mention in makers {
            draft.text(format!("• {} (`/career {} {}`)", in_bold(mention), doc.slug, mention.section));
        }
        return draft;
    }
    // Each certification with its mentions in this document, best placed first.
    let mut own: Vec<(&Cert, Vec<&Mention>)> = Vec::new();
    let mut elsewhere: Vec<(&Cert, Vec<&Mention>)> = Vec::new();
    let mut moving: Vec<(&Cert, Vec<&Mention>)> = Vec::new();
    for entry in named {
        let Some(cert) = vocabulary.get(entry.cert) else { continue };
        let mut mentions: Vec<&Mention> = entry.mentions.iter().filter_map(|&i| cert.mentions.get(i)).collect();
        mentions.sort_by_key(|m| (m.place.rank(), m.order));
        match mentions.first().map(|m| &m.place) {
            Some(Place::Own) => own.push((cert, mentions)),
            Some(Place::Elsewhere) => elsewhere.push((cert, mentions)),
            Some(Place::Moving { .. }) => moving.push((cert, mentions)),
            None => {}
        }
    }
    // The page's own order, so its grouping reads as it does there.
    own.sort_by_key(|(_, mentions)| mentions[0].order);
    if own.is_empty() {
        draft.text(format!(
            "{} has no certification list, and its education and certification sections name none.",
            doc.title
        ));
    } else {
        draft.text(format!(
            "{} has no certification list. Its education and certification sections name these:",
            doc.title
        ));
        let mut group: Option<&str> = None;
        let mut text = String::new();
        for (cert, mentions) in &own {
            let mention = mentions[0];
            if mention.group.is_some() && mention.group.as_deref() != group {
                if !text.is_empty() {
                    draft.text(std::mem::take(&mut text));
                }
                group = mention.group.as_deref();
                let _ = writeln!(
                    text,
                    "**{}** (`/career {} {}`)",
                    inert(group.unwrap_or_default()),
                    doc.slug,
                    mention.section
                );
            }
            if mention.group.is_none() && group.is_some() && !text.is_empty() {
                // Out of the group above: a paragraph of its own.
                draft.text(std::mem::take(&mut text));
            }
            // A name as this page writes it ("Professional Cloud Security Engineer" under its
            // "Google Cloud Certifications"), unless it wrote only an abbreviation.
            let written = mention.sentence.get(mention.at.clone()).filter(|w| w.split_whitespace().count() >= 2);
            let _ = write!(text, "• **{}**", inert(written.unwrap_or(&cert.name)));
            // Not the name again ("PMP (Project Management Professional)").
            if let Some(hint) = mention.hint.as_ref().filter(|h| !cert.name.contains(h.as_str())) {
                let _ = write!(text, " ({})", inert(hint));
            }
            if mention.group.is_none() {
                // Ungrouped: the sentence says what the page says of it.
                group = None;
                let _ = write!(text, "\n  {} (`/career {} {}`)", in_bold(mention), doc.slug, mention.section);
            }
            text.push('\n');
        }
        draft.text(text);
    }
    if !elsewhere.is_empty() {
        let mut text = String::from("**Elsewhere on its page**\n");
        for (cert, mentions) in &elsewhere {
            let mention = mentions[0];
            let times = match mentions.len() {
                1 => String::new(),
                n => format!(" ({n} times)"),
            };
            let _ = writeln!(
                text,
                "• **{}**{times}\n  {} (`/career {} {}`)",
                inert(&cert.name),
                in_bold(mention),
                doc.slug,
                mention.section
            );
        }
        draft.text(text);
    }
    if !moving.is_empty() {
        let mut text = String::from("**Named in advice about moving to another career**\n");
        for (cert, mentions) in &moving {
            let mention = mentions[0];
            let _ = writeln!(
                text,
                "• **{}** ({})\n  {} (`/career {} {}`)",
                inert(&cert.name),
                moving_label(mentions),
                in_bold(mention),
                doc.slug,
                mention.section
            );
        }
        draft.text(text);
    }
    draft.field("Own", own.len().to_string());
    draft.field("Named", named.len().to_string());
    draft
}

/// "named in: moving to Security Engineer, Cloud Engineer", from mentions in advice about
/// moving (the careers as the page names them, each once).
fn moving_label(mentions: &[&Mention]) -> String {
    let mut careers: Vec<&str> = Vec::new();
    for mention in mentions {
        if let Place::Moving { to: Some(to) } = &mention.place {
            if !careers.contains(&to.as_str()) {
                careers.push(to);
            }
        }
    }
    match careers.as_slice() {
        [] => "named in: moving to another career".to_string(),
        careers => format!("named in: moving to {}", inert(&careers.join(", "))),
    }
}

/// The answer when what was typed is no one certification: which of several, or "did you mean".
fn not_one(vocabulary: &Certifications, typed: &str, unfound: Unfound) -> Draft {
    let (several, close) = match unfound {
        Unfound::Several(ids) => (true, ids),
        Unfound::Typos(ids) => (false, ids),
    };
    let names: Vec<String> =
        close.iter().filter_map(|&id| vocabulary.get(id)).take(3).map(|c| format!("**{}**", c.name)).collect();
    if several {
        let more = match close.len() - names.len() {
            0 => String::new(),
            n => format!(" and {n} more"),
        };
        return Draft::error(
            "Which certification?",
            format!(
                "{} starts several names: {}{more}. Give more of the name, or pick one from the list as you type.",
                quoted(typed),
                names.join(", ")
            ),
        );
    }
    let hint = match names.as_slice() {
        [] => "`/certs` lists the ones most careers list.".to_string(),
        names => format!("Did you mean {}?", names.join(", ")),
    };
    Draft::error("No such certification", format!("No certification matches {}. {hint}", quoted(typed)))
}

/// `/certs name:<certification>`: who lists it, who names it.
fn by_name(request: &Request<'_>, typed: &str) -> Draft {
    let vocabulary = request.snapshot.certs();
    let id = match vocabulary.find(typed) {
        Ok(id) => id,
        Err(unfound) => return not_one(vocabulary, typed, unfound),
    };
    let Some(cert) = vocabulary.get(id) else {
        return Draft::error("No such certification", "That certification is gone since the last reload.");
    };
    let library = &request.snapshot.library;
    let mut draft = Draft::new(cert.name.clone());
    draft.replay = Some(Invocation::new(CommandName::Certs).with("name", OptionValue::String(typed.to_string())));
    let mut facts = Vec::new();
    if let Some(issuer) = &cert.issuer {
        facts.push(format!("Issued by {}", inert(issuer)));
    }
    if let Some(abbreviation) = cert.abbreviation.as_deref().filter(|a| !cert.name.starts_with(a)) {
        facts.push(format!("also written {abbreviation}"));
    }
    if !facts.is_empty() {
        draft.text(format!("*{}.*", facts.join("; ")));
    }
    let title = |slug: &str| library.get(slug).map(Request::numbered_title).unwrap_or_else(|| slug.to_string());
    let listing: HashSet<&str> = cert.listed.iter().map(|l| l.career.as_str()).collect();
    if !cert.listed.is_empty() {
        let mut text = String::from("**Listed by**\n");
        // Written in place: a certification of a large library is listed by hundreds.
        for listed in &cert.listed {
            let _ = write!(text, "• **{}**", title(&listed.career));
            if let Some(group) = &listed.group {
                let _ = write!(text, " · {group}");
            }
            if !listed.summary.is_empty() {
                let _ = write!(text, ": {}", reply::truncate(&listed.summary, 200));
            }
            let _ = writeln!(text, " (`/certs {}`)", listed.career);
        }
        draft.text(text);
    }
    // One mention per career, in order (a set, not a search of the list: a certification that
    // hundreds of careers name must not cost hundreds squared).
    // The best placed mention of each career: its own passages before advice about moving.
    let mut best: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    let mut named: Vec<&Mention> = Vec::new();
    for mention in cert.mentions.iter().filter(|m| !listing.contains(m.career.as_str())) {
        match best.get(mention.career.as_str()) {
            Some(&at) if named[at].place.rank() <= mention.place.rank() => {}
            Some(&at) => named[at] = mention,
            None => {
                best.insert(mention.career.as_str(), named.len());
                named.push(mention);
            }
        }
    }
    if !named.is_empty() {
        let mut text = String::from(if cert.listed.is_empty() {
            "**Named in the text of**\n"
        } else {
            "**Also named in the text of**\n"
        });
        for mention in &named {
            let _ = write!(text, "• **{}**", title(&mention.career));
            if matches!(mention.place, Place::Moving { .. }) {
                let _ = write!(text, " ({})", moving_label(&[*mention]));
            }
            text.push_str(": ");
            write_in_bold(&mut text, mention);
            let _ = writeln!(text, " (`/career {} {}`)", mention.career, mention.section);
        }
        draft.text(text);
    }
    draft.field("Listed by", listing.len().to_string());
    draft.field("Named by", named.len().to_string());
    draft
}

/// `/certs` alone: the certifications the most careers list.
fn most_listed(request: &Request<'_>) -> Draft {
    let vocabulary = request.snapshot.certs();
    let mut draft = Draft::new("Certifications most careers list");
    draft.replay = Some(Invocation::new(CommandName::Certs));
    let top: Vec<&Cert> = vocabulary.most_listed().take(MOST_LISTED).collect();
    if top.is_empty() {
        draft.text("No career lists a certification. `/certs career:<career>` shows what a career's text names.");
        return draft;
    }
    let mut text = String::new();
    for cert in top {
        let careers: HashSet<&str> = cert.listed.iter().map(|l| l.career.as_str()).collect();
        let mut careers: Vec<&str> = careers.into_iter().collect();
        careers.sort();
        text.push_str(&format!(
            "• **{}** — listed by {} ({})\n",
            inert(&cert.name),
            careers.len(),
            careers.iter().map(|c| format!("`{c}`")).collect::<Vec<_>>().join(", ")
        ));
    }
    draft.text(text);
    draft.text("`/certs name:<certification>` tells who lists it; `/certs career:<career>` a career's own.");
    draft.field("Certifications known", vocabulary.all().len().to_string());
    draft
}
