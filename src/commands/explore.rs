//! The career explorer: `/match about`, `/compare a b`, `/path from to` and `/ladder career`, answered from
//! the catalog made at load (profiles, the transition graph, the certification vocabulary).

use std::collections::HashSet;

use crate::catalog::graph::{Edge, Said, Target};
use crate::catalog::profiles::Item;
use crate::content::{labelled_items, plain_text, Document, Part};
use crate::picture::{Sketch, Stop};

use super::invocation::{Invocation, OptionValue};
use super::reply::{self, Draft};
use super::{CommandName, Request};

/// How many items a list shows before "and N more".
const LIST: usize = 12;
/// Longest passage quoted from a document in these answers.
const PASSAGE: usize = 600;

/// The two careers of a two-career command, or the answer that says what is wrong.
fn two(request: &Request<'_>, invocation: &Invocation, a: &str, b: &str) -> Result<(usize, usize), Box<Draft>> {
    let first = request.career(invocation.text(a).unwrap_or_default())?;
    let second = request.career(invocation.text(b).unwrap_or_default())?;
    let position = |doc: &Document| request.snapshot.library.position(&doc.slug).unwrap_or_default();
    let (first, second) = (position(first), position(second));
    if first == second {
        let documents = &request.snapshot.library.documents;
        let title = &documents[first].title;
        let other =
            documents.iter().find(|d| d.kind == crate::content::Kind::Career && d.slug != documents[first].slug);
        let example = format!(
            "/{} {} {}",
            invocation.command.as_str(),
            documents[first].slug,
            other.map_or("cloud-engineer", |d| d.slug.as_str())
        );
        return Err(Box::new(Draft::error(
            "The same career twice",
            format!("Both name **{title}**. Pick two different careers, e.g. `{example}`."),
        )));
    }
    Ok((first, second))
}

/// "a, b, c and 4 more".
fn listed<'a>(items: impl Iterator<Item = &'a str>) -> String {
    listed_up_to(items, LIST)
}

/// [`listed`] with `most` shown.
fn listed_up_to<'a>(items: impl Iterator<Item = &'a str>, most: usize) -> String {
    let items: Vec<&str> = items.collect();
    if items.is_empty() {
        return "—".to_string();
    }
    // Names from the documents; every reply's text is made safe where it is finished.
    let shown = items.iter().take(most).copied().collect::<Vec<_>>().join(", ");
    match items.len().saturating_sub(most) {
        0 => shown,
        more => format!("{shown} and {more} more"),
    }
}

/// The first sentence of a definition, on one line.
fn one_line_definition(doc: &Document) -> String {
    let text = plain_text(doc.definition.as_deref().unwrap_or(&doc.description));
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let first = match text.find(". ") {
        Some(end) => &text[..=end],
        None => text.as_str(),
    };
    reply::truncate(first, 300)
}

/// Certification ids a career lists or names.
fn certifications(request: &Request<'_>, doc: &Document) -> Vec<usize> {
    let certs = request.snapshot.certs();
    let mut ids: Vec<usize> = doc.certifications.iter().filter_map(|c| certs.find(&c.name).ok()).collect();
    ids.extend(certs.named_by(&doc.slug).iter().map(|n| n.cert));
    let mut seen = HashSet::new();
    ids.retain(|id| seen.insert(*id));
    ids
}

/// Answers `/compare a:<career> b:<career>`.
pub(crate) fn compare(request: &Request<'_>, invocation: &Invocation) -> Draft {
    let (a, b) = match two(request, invocation, "a", "b") {
        Ok(pair) => pair,
        Err(answer) => return *answer,
    };
    let library = &request.snapshot.library;
    let (doc_a, doc_b) = (&library.documents[a], &library.documents[b]);
    let profiles = request.snapshot.profiles();
    let (pa, pb) = (profiles.of(a), profiles.of(b));
    let mut draft = Draft::new(format!("{} vs {}", doc_a.title, doc_b.title));
    draft.replay = Some(
        Invocation::new(CommandName::Compare)
            .with("a", OptionValue::String(doc_a.slug.clone()))
            .with("b", OptionValue::String(doc_b.slug.clone())),
    );
    draft.text(format!(
        "**{}**: {}\n**{}**: {}",
        doc_a.title,
        one_line_definition(doc_a),
        doc_b.title,
        one_line_definition(doc_b)
    ));
    // Matched by meaning, through the synonyms /match reads: "Infrastructure as Code Tools"
    // on one page is "Infrastructure as Code" on the other.
    let synonyms = &library.synonyms;
    let (a_split, b_split) =
        (pa.against(&pb.meanings(synonyms), synonyms), pb.against(&pa.meanings(synonyms), synonyms));
    fn names<'a>(items: &[&'a Item]) -> Vec<&'a str> {
        items.iter().map(|i| i.name()).collect()
    }
    let side_by_side = |what: &str, shared: &[&Item], only_a: &[&Item], only_b: &[&Item]| {
        format!(
            "**{what} both need**: {}\n**Only {}**: {}\n**Only {}**: {}",
            // What they share is the point of the comparison: shown in full, or nearly.
            listed_up_to(names(shared).into_iter(), 3 * LIST),
            doc_a.title,
            listed(names(only_a).into_iter()),
            doc_b.title,
            listed(names(only_b).into_iter()),
        )
    };
    draft.text(side_by_side("Skills", &a_split.shared_skills, &a_split.own_skills, &b_split.own_skills));
    draft.text(side_by_side("Tools", &a_split.shared_tools, &a_split.own_tools, &b_split.own_tools));
    let certs = request.snapshot.certs();
    let (ca, cb) = (certifications(request, doc_a), certifications(request, doc_b));
    let name = |id: &usize| certs.get(*id).map_or("", |c| c.name.as_str());
    draft.text(format!(
        "**Certifications both name**: {}\n**Only {}**: {}\n**Only {}**: {}",
        listed(ca.iter().filter(|id| cb.contains(id)).map(name)),
        doc_a.title,
        listed(ca.iter().filter(|id| !cb.contains(id)).map(name)),
        doc_b.title,
        listed(cb.iter().filter(|id| !ca.contains(id)).map(name)),
    ));
    draft.text(format!(
        "**Entry-level titles**\n{}: {}\n{}: {}",
        doc_a.title,
        listed(pa.entry_titles.iter().map(|i| i.name())),
        doc_b.title,
        listed(pb.entry_titles.iter().map(|i| i.name())),
    ));
    let graph = &request.snapshot.catalog.graph;
    let moves: Vec<String> = [(a, b, doc_a, doc_b), (b, a, doc_b, doc_a)]
        .into_iter()
        .filter(|(from, to, _, _)| graph.direct(*from, *to).is_some())
        .map(|(_, _, from, to)| format!("{} → {}: `/path {} {}`", from.title, to.title, from.slug, to.slug))
        .collect();
    draft.text(if moves.is_empty() {
        format!(
            "**Transitions**: the library describes no direct move between them; `/path {} {}` looks for a route.",
            doc_a.slug, doc_b.slug
        )
    } else {
        format!("**Transitions** the library describes\n{}", moves.join("\n"))
    });
    draft
}

/// Answers `/path from:<career> to:<career>`.
pub(crate) fn path(request: &Request<'_>, invocation: &Invocation) -> Draft {
    if let Some(answer) = from_outside(request, invocation) {
        return answer;
    }
    let (from, to) = match two(request, invocation, "from", "to") {
        Ok(pair) => pair,
        Err(answer) => return *answer,
    };
    let library = &request.snapshot.library;
    let (doc_from, doc_to) = (&library.documents[from], &library.documents[to]);
    let graph = &request.snapshot.catalog.graph;
    let mut draft = Draft::new(format!("From {} to {}", doc_from.title, doc_to.title));
    draft.replay = Some(
        Invocation::new(CommandName::Path)
            .with("from", OptionValue::String(doc_from.slug.clone()))
            .with("to", OptionValue::String(doc_to.slug.clone())),
    );
    if let Some(edge) = graph.direct(from, to) {
        draft.picture = Some(Sketch::Route { stops: stops(request, from, &[(Some(edge), to)]), described: true });
        draft.text(format!("{}'s page describes this move.", doc_from.title));
        step(request, &mut draft, edge);
        if let Some(transferable) = doc_from.part(Part::TransferableSkills) {
            let items: Vec<String> = labelled_items(&transferable.body)
                .into_iter()
                .take(8)
                .map(|(label, text)| match label {
                    Some(label) => format!("• **{label}**: {}", reply::truncate(&plain_text(&text), 160)),
                    None => format!("• {}", reply::truncate(&plain_text(&text), 160)),
                })
                .collect();
            if !items.is_empty() {
                draft.text(format!("**Skills that carry over**\n{}", items.join("\n")));
            }
        }
    } else if let Some(route) = graph.route(from, to, 3) {
        let reached: Vec<(Option<&Edge>, usize)> = route
            .iter()
            .filter_map(|e| match e.to {
                Target::Career(id) => Some((Some(*e), id)),
                Target::Role(_) => None,
            })
            .collect();
        let route_stops = stops(request, from, &reached);
        let names: Vec<&str> = route_stops.iter().map(|stop| stop.career.as_str()).collect();
        draft.text(format!(
            "The library describes no direct move; this route takes {} steps: **{}**",
            route.len(),
            names.join(" → ")
        ));
        for edge in route {
            step(request, &mut draft, edge);
        }
        draft.picture = Some(Sketch::Route { stops: route_stops, described: true });
    } else {
        // No route: the picture shows the gap and what the target asks for.
        draft.picture = Some(Sketch::Route { stops: stops(request, from, &[(None, to)]), described: false });
        let closest = request.snapshot.profiles().closest(to, from, 3);
        let list: Vec<String> = closest
            .iter()
            .map(|&(id, shared)| {
                let doc = &library.documents[id];
                format!(
                    "• **{}** ({shared} skills and tools in common): `/path {} {}`",
                    doc.title, doc_from.slug, doc.slug
                )
            })
            .collect();
        draft.text(format!(
            "The library describes no route from {} to {} in three steps or fewer. Careers closest to {} by skills and tools:\n{}",
            doc_from.title,
            doc_to.title,
            doc_to.title,
            list.join("\n")
        ));
    }
    let needed = not_held(request, from, to);
    draft.text(format!(
        "**{} asks for what {}'s page does not list**\n{}",
        doc_to.title,
        doc_from.title,
        listed(needed.into_iter())
    ));
    draft
}

/// `/path` from where the library has no page ("teacher", "accountant") to a career: no route
/// to draw, but what the target asks for, and `/match` to find careers that fit the member.
/// `None` when the start is a career, or close to one ("did you mean" answers that).
fn from_outside(request: &Request<'_>, invocation: &Invocation) -> Option<Draft> {
    let typed = invocation.text("from")?;
    let crate::catalog::names::Resolution::Unknown(close) = request.snapshot.catalog.names.resolve(typed) else {
        return None;
    };
    if !close.is_empty() || crate::catalog::keys::fold(typed).is_empty() {
        return None;
    }
    let doc = request.career(invocation.text("to")?).ok()?;
    let position = request.snapshot.library.position(&doc.slug)?;
    let profile = request.snapshot.profiles().of(position);
    let mut draft = Draft::new(format!("From {} to {}", typed.trim(), doc.title));
    draft.text(format!(
        "{} is not a career the library describes, so there is no route from it to draw. \
         Tell `/match` what you know and like (`/match I teach maths and like explaining things`) \
         to see which careers fit what you already have.",
        super::format::quoted(typed.trim())
    ));
    draft.text(format!(
        "**What {} asks for**\n**Skills**: {}\n**Tools**: {}\n**Entry-level titles**: {}",
        doc.title,
        listed(profile.skills.iter().map(Item::name)),
        listed(profile.tools.iter().map(Item::name)),
        listed(profile.entry_titles.iter().map(Item::name)),
    ));
    draft.text(format!(
        "*Then: `/career {0}` to read it, `/plan set career:{0}` to follow it, `/certs {0}` for its certifications.*",
        doc.slug
    ));
    Some(draft)
}

/// One step of a route: what the start's page says it takes, and the certifications named.
fn step(request: &Request<'_>, draft: &mut Draft, edge: &Edge) {
    let library = &request.snapshot.library;
    let from = &library.documents[edge.from];
    let to = match &edge.to {
        Target::Career(id) => library.documents[*id].title.clone(),
        Target::Role(role) => role.clone(),
    };
    let quote = |said: &Said| reply::truncate(&plain_text(&said.text), PASSAGE);
    let mut text = format!("**{} → {to}**", from.title);
    if let Some(training) = &edge.training {
        text.push_str(&format!("\n*What it takes:* {}", quote(training)));
    }
    if let Some(path) = &edge.path {
        text.push_str(&format!("\n*The move:* {}", quote(path)));
    }
    if edge.training.is_none() && edge.path.is_none() {
        if let Some(guide) = &edge.guide {
            text.push_str(&format!("\n*Drawn in a guide:* {}", quote(guide)));
        }
    }
    let named = named_in_step(request, edge);
    if !named.is_empty() {
        text.push_str(&format!(
            "\n*Certifications named:* {}",
            named.iter().map(|n| format!("**{n}**")).collect::<Vec<_>>().join(", ")
        ));
    }
    draft.text(text);
}

/// The certifications a step's own text names (what its start's page says the move takes).
fn named_in_step(request: &Request<'_>, edge: &Edge) -> Vec<String> {
    let from = &request.snapshot.library.documents[edge.from];
    let certs = request.snapshot.certs();
    let said: Vec<String> = edge.training.iter().chain(&edge.path).map(|s| plain_text(&s.text)).collect();
    let mut named: Vec<String> = Vec::new();
    for n in certs.named_by(&from.slug) {
        let Some(cert) = certs.get(n.cert) else { continue };
        let in_step = n.mentions.iter().filter_map(|&m| cert.mentions.get(m)).any(|m| {
            let name = m.sentence.get(m.at.clone()).unwrap_or_default();
            !name.is_empty() && said.iter().any(|s| s.contains(name))
        });
        if in_step && !named.contains(&cert.name) {
            named.push(cert.name.clone());
        }
    }
    named
}

/// What moving from career `from` to career `to` takes, for the route picture: the
/// certifications the step names, else the first few things `to` asks for that `from`'s page
/// does not list.
fn takes(request: &Request<'_>, edge: Option<&Edge>, from: usize, to: usize) -> Vec<String> {
    let named = edge.map(|edge| named_in_step(request, edge)).unwrap_or_default();
    if !named.is_empty() {
        return named.into_iter().take(3).collect();
    }
    not_held(request, from, to).into_iter().map(str::to_string).take(3).collect()
}

/// What career `to` asks for (skills, then tools) that `from`'s page holds under no name.
fn not_held<'a>(request: &'a Request<'_>, from: usize, to: usize) -> Vec<&'a str> {
    let profiles = request.snapshot.profiles();
    let synonyms = &request.snapshot.library.synonyms;
    let split = profiles.of(to).against(&profiles.of(from).meanings(synonyms), synonyms);
    split.own_skills.iter().chain(&split.own_tools).map(|i| i.name()).collect()
}

/// A route picture's stops: the start, then each career reached with what reaching it takes.
fn stops(request: &Request<'_>, start: usize, route: &[(Option<&Edge>, usize)]) -> Vec<Stop> {
    let library = &request.snapshot.library;
    let mut stops = vec![Stop { career: library.documents[start].title.clone(), takes: Vec::new() }];
    let mut at = start;
    for &(edge, to) in route {
        stops.push(Stop { career: library.documents[to].title.clone(), takes: takes(request, edge, at, to) });
        at = to;
    }
    stops
}

/// Answers `/ladder career:<career>`: the levels and their titles, and the specialisations.
pub(crate) fn ladder(request: &Request<'_>, invocation: &Invocation) -> Draft {
    let doc = match request.career(invocation.text("career").unwrap_or_default()) {
        Ok(doc) => doc,
        Err(error) => return *error,
    };
    let mut draft = Draft::new(format!("{} · career ladder", Request::numbered_title(doc)));
    draft.url = request.source_url(doc);
    draft.replay = Some(Invocation::new(CommandName::Ladder).with("career", OptionValue::String(doc.slug.clone())));
    let position = request.snapshot.library.position(&doc.slug).unwrap_or_default();
    let ladder = request.snapshot.ladders().of(position);
    let levels: Vec<(String, Vec<String>)> = ladder
        .named_rungs()
        .into_iter()
        .map(|rung| (rung.level.clone().unwrap_or_default(), rung.titles.clone()))
        .collect();
    if !levels.is_empty() {
        draft.picture = Some(Sketch::Ladder { career: doc.title.clone(), levels });
    }
    let pointer =
        |key: &Option<String>| key.as_ref().map(|k| format!(" (`/career {} {k}`)", doc.slug)).unwrap_or_default();
    for (heading, rungs, key) in
        [("Levels", &ladder.levels, &ladder.levels_key), ("Job titles", &ladder.stages, &ladder.stages_key)]
    {
        if rungs.is_empty() {
            continue;
        }
        let lines: Vec<String> = rungs
            .iter()
            .map(|rung| {
                let titles = rung.titles.join(", ");
                match (&rung.level, &rung.qualifier) {
                    (Some(level), Some(qualifier)) => format!("**{level}** ({qualifier}): {titles}"),
                    (Some(level), None) => format!("**{level}**: {titles}"),
                    (None, _) => format!("• {titles}"),
                }
            })
            .collect();
        draft.text(format!("__{heading}__{}\n{}", pointer(key), lines.join("\n")));
    }
    if !ladder.notes.is_empty() {
        let lines: Vec<String> = ladder
            .notes
            .iter()
            .map(|note| match &note.label {
                Some(label) => format!("**{label}**: {}", reply::truncate(&note.text, 400)),
                None => format!("• {}", reply::truncate(&note.text, 400)),
            })
            .collect();
        draft.text(format!("__About this ladder__\n{}", lines.join("\n")));
    }
    if !ladder.specialisations.is_empty() {
        let lines: Vec<String> = ladder
            .specialisations
            .iter()
            .map(|s| {
                let mut line = format!("**{}**", s.name);
                if !s.description.is_empty() {
                    line.push_str(&format!(": {}", reply::truncate(&s.description, 300)));
                }
                if !s.areas.is_empty() {
                    line.push_str(&format!(" *Areas:* {}", s.areas.join(", ")));
                }
                line
            })
            .collect();
        draft.text(format!("__Specialisations__{}\n{}", pointer(&ladder.specialisations_key), lines.join("\n")));
    }
    if ladder.is_empty() {
        match doc.part(Part::Progression) {
            Some(section) => {
                draft.text(reply::truncate(&plain_text(&section.body), 1500));
            }
            None => {
                return Draft::error(
                    "No career ladder",
                    format!(
                        "{}'s page describes no career ladder. `/career {}` shows what it has.",
                        doc.title, doc.slug
                    ),
                )
            }
        }
    }
    draft
}

/// How much the search's evidence weighs in `/match`'s order beside the fit (0 to 1 each).
const SEARCH_SHARE: f32 = 1.0;

/// How many careers `/match` shows.
const MATCHES: usize = 5;

/// How much a section of each kind says about what a career asks one to know and do.
fn match_weight(part: Option<Part>) -> f32 {
    match part {
        Some(Part::Skills | Part::TechnicalSkills | Part::Tools) => 1.0,
        Some(Part::Responsibilities | Part::Definition | Part::Role) => 0.8,
        Some(Part::SoftSkills | Part::SeniorSkills) => 0.6,
        Some(Part::EntryLevel | Part::Projects | Part::Portfolio | Part::Specializations) => 0.45,
        Some(Part::Reading | Part::Prompts | Part::Certifications) => 0.1,
        _ => 0.3,
    }
}

/// Words members use to talk about themselves, not about a skill ("I know", "I like").
const ABOUT_ME: &[&str] = &[
    "i",
    "i'm",
    "im",
    "me",
    "my",
    "know",
    "knows",
    "like",
    "likes",
    "love",
    "enjoy",
    "am",
    "want",
    "good",
    "some",
    "also",
    "really",
    "interested",
    "into",
    "bit",
    "little",
    "lot",
    "lots",
    "use",
    "used",
    "using",
    "can",
    "do",
    "doing",
    "experience",
    "years",
    "year",
    // Words that stand for anything ("things I build", "I'm": "m").
    "thing",
    "things",
    "stuff",
    "m",
    "s",
    "who",
    "what",
    "which",
    "for",
    "finding",
    "find",
];

/// The member's words as the documents may write them: each word, and the other names the
/// synonyms table gives for what they wrote ("k8s" → kubernetes, "ml" → machine learning).
fn with_synonyms(request: &Request<'_>, about: &str) -> (Vec<String>, String, HashSet<String>) {
    // Split as the careers' words are (`Profile::mentions` looks these up).
    // Other names are read in all the member's words ("breaking things"), skills in the words
    // that are not about the member.
    let all: Vec<String> = crate::catalog::profiles::words(about).collect();
    let words: Vec<String> = all.iter().filter(|w| !ABOUT_ME.contains(&w.as_str())).cloned().collect();
    let synonyms = &request.snapshot.library.synonyms;
    let named = synonyms.named_in(&all);
    let mut terms: Vec<String> = named.iter().map(|n| synonyms.skills[n.skill].0.clone()).collect();
    // The member's words another name stood for ("fix" for troubleshooting): read, not unknown.
    let read: HashSet<String> = named
        .iter()
        .flat_map(|n| synonyms.skills[n.skill].1.iter())
        .flat_map(|other| other.split(' ').map(str::to_string))
        .filter(|w| words.contains(w))
        .collect();
    let mut query = words.join(" ");
    for term in &terms {
        query.push(' ');
        query.push_str(term);
    }
    // The words the index keeps (not stop words), stemmed with one analyzer.
    let stems = request.snapshot.index.stems_of_each(&words);
    terms.extend(words.iter().zip(&stems).filter(|(_, stems)| !stems.is_empty()).map(|(w, _)| w.clone()));
    let mut seen = HashSet::new();
    terms.retain(|t| seen.insert(t.clone()));
    (terms, query, read)
}

/// Answers `/match about:<text>`: the careers whose skills, tools and responsibilities hold
/// most of what the member says about themselves, ranked per career (not per passage).
pub(crate) fn match_careers(request: &Request<'_>, invocation: &Invocation) -> Draft {
    let about = invocation.text("about").unwrap_or_default();
    let (terms, query, read) = with_synonyms(request, about);
    let found = match request.snapshot.index.find(&crate::search::SearchRequest {
        text: &query,
        doc_kind: Some(crate::content::Kind::Career),
        limit: 100,
        snippets: false,
        neighbours: false,
        ..crate::search::SearchRequest::default()
    }) {
        Ok(found) => found,
        Err(e) => {
            tracing::error!(error = %e, "search failed");
            return *super::search_unavailable();
        }
    };
    let library = &request.snapshot.library;
    // Each career's evidence: its weighted hits, the best counting most (a career with many
    // sections that fit beats one with a single lucky passage, but not by their number alone).
    let mut by_career: std::collections::HashMap<usize, Vec<f32>> = std::collections::HashMap::new();
    for hit in &found {
        // /match reads the documents alone (the request's default).
        let Some(doc) = hit.entry.page.document() else { continue };
        let part =
            library.documents.get(doc).and_then(|d| d.sections.get(hit.entry.section as usize)).and_then(|s| s.part);
        let item = if hit.entry.kind == crate::search::HitKind::Section { 1.0 } else { 0.5 };
        by_career.entry(doc).or_default().push(hit.score * match_weight(part) * item);
    }
    let search_score: std::collections::HashMap<usize, f32> = by_career
        .into_iter()
        .map(|(doc, mut scores)| {
            scores.sort_by(|a, b| b.total_cmp(a));
            (doc, scores.iter().take(4).enumerate().map(|(i, s)| s / (i as f32 + 1.0)).sum())
        })
        .collect();
    let profiles = request.snapshot.profiles();
    let careers: Vec<usize> =
        (0..library.documents.len()).filter(|&d| library.documents[d].kind == crate::content::Kind::Career).collect();
    let fit = Fit::of(&terms, &careers, |doc, term| profiles.of(doc).mentions(term));
    let mut ranked: Vec<(usize, f32, Vec<&str>)> = careers
        .iter()
        .filter_map(|&doc| {
            let (share, matched) = fit.of_career(doc);
            (!matched.is_empty()).then_some((doc, share, matched))
        })
        .collect();
    // Ranked by fit, and among careers that fit alike by how much of their pages say it (the
    // search's evidence, relative to the best): the bar stays the absolute fit.
    let best = search_score.values().copied().fold(f32::EPSILON, f32::max);
    let rank = |(doc, fit, _): &(usize, f32, Vec<&str>)| {
        fit + SEARCH_SHARE * search_score.get(doc).copied().unwrap_or(0.0) / best
    };
    ranked.sort_by(|a, b| rank(b).total_cmp(&rank(a)).then(a.0.cmp(&b.0)));
    let mut draft = Draft::new("Careers that fit");
    draft.replay = Some(Invocation::new(CommandName::Match).with("about", OptionValue::String(about.to_string())));
    let unknown: Vec<&str> = fit.unknown().iter().copied().filter(|w| !read.contains(*w)).collect();
    if ranked.is_empty() {
        draft.text(format!(
            "Nothing in what the careers ask for matches {}. Say what you know, do and like in the words of skills and tools, e.g. `/match I know Python and SQL, I like statistics` or `/match I fix computers and set up networks`.",
            super::format::quoted(about)
        ));
        return draft;
    }
    let mut lines = Vec::new();
    for (n, (doc, share, matched)) in ranked.iter().take(MATCHES).enumerate() {
        let document = &library.documents[*doc];
        let filled = (share * 10.0).round() as usize;
        let bar = format!("{}{}", "█".repeat(filled.min(10)), "░".repeat(10 - filled.min(10)));
        let words = matched.iter().take(8).map(|w| format!("**{w}**")).collect::<Vec<_>>().join(", ");
        lines.push(format!(
            "{}. **{}** `{bar}` {:.0}%\n   matched: {words}\n   `/career {}`",
            n + 1,
            document.title,
            share * 100.0,
            document.slug
        ));
    }
    draft.text(format!(
        "From what you said, best first (the bar is how much of what you said each career asks for):\n\n{}",
        lines.join("\n")
    ));
    if !unknown.is_empty() {
        draft.text(format!(
            "No career asks for {}: left out.",
            unknown.iter().map(|w| format!("*{w}*")).collect::<Vec<_>>().join(", ")
        ));
    }
    draft.text("*Then: `/compare` two of them, or `/path` from where you are.*".to_string());
    draft
}

/// How well careers fit what a member said: each of their terms weighs by how few careers ask
/// for it (a term every career asks for says little), and a career's fit is the weight of the
/// terms it asks for over the weight of all the terms some career asks for. An absolute
/// measure: 100 % when a career asks for everything said, whichever career comes first.
struct Fit<'t> {
    /// (term, its weight, the careers that ask for it), for terms some career asks for.
    known: Vec<(&'t str, f32, Vec<usize>)>,
    /// Terms no career asks for.
    unknown: Vec<&'t str>,
}

impl<'t> Fit<'t> {
    fn of(terms: &'t [String], careers: &[usize], asks: impl Fn(usize, &str) -> bool) -> Fit<'t> {
        let (mut known, mut unknown) = (Vec::new(), Vec::new());
        for term in terms {
            let holders: Vec<usize> = careers.iter().copied().filter(|&c| asks(c, term)).collect();
            if holders.is_empty() {
                unknown.push(term.as_str());
            } else {
                let weight = (1.0 + careers.len() as f32 / holders.len() as f32).ln();
                known.push((term.as_str(), weight, holders));
            }
        }
        Fit { known, unknown }
    }

    /// A career's fit (0 to 1) and the member's terms it asks for.
    fn of_career(&self, career: usize) -> (f32, Vec<&'t str>) {
        let all: f32 = self.known.iter().map(|(_, w, _)| w).sum();
        let matched: Vec<&(&str, f32, Vec<usize>)> =
            self.known.iter().filter(|(_, _, h)| h.contains(&career)).collect();
        let share = matched.iter().map(|(_, w, _)| w).sum::<f32>() / all.max(f32::EPSILON);
        (share, matched.iter().map(|(t, _, _)| *t).collect())
    }

    /// The member's terms no career asks for.
    fn unknown(&self) -> &[&'t str] {
        &self.unknown
    }
}
