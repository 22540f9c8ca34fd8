//! The product: what every command answers. Written once, free of Discord and of tantivy
//! types: an [`Invocation`] goes in, a [`Reply`] comes out, and the terminal and Discord
//! layers only translate.
//!
//! - [`spec`]: the command definitions (one source of truth).
//! - [`invocation`]: a command with its options; the terminal line syntax.
//! - [`reply`]: the answer, cut into pages within Discord's limits.
//! - [`token`]: what a button may run (page tokens, confirmations).
//! - one module per command family: [`career`], [`certs`], [`prompt`], [`find`], [`listing`],
//!   and [`explore`] (`/match`, `/compare`, `/path`, `/ladder`).

pub mod career;
pub mod certs;
pub mod explore;
pub mod find;
pub mod format;
pub mod intent;
pub mod invocation;
pub mod learn;
pub mod listing;
pub mod plan;
pub mod prompt;
pub mod reply;
pub mod spec;
pub mod token;

use std::sync::Arc;

use crate::catalog::names::{compact, MatchRank, Resolution};
use crate::content::{Document, Kind};
use crate::search::{Hit, SearchRequest};
use crate::snapshot::{Snapshot, Store};
pub use invocation::{Invocation, OptionValue, ParseError};
pub use reply::{Draft, Reply};
pub use spec::{CommandName, Completion, COMMANDS};
pub use token::{Button, PageToken};

/// Settings the answers use (from the `[site]` and `[prompts]` config sections).
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    /// Public site the documents' permalinks are relative to.
    pub site_url: String,
    /// Attribution shown under every answer.
    pub attribution: String,
    /// "Open in …" buttons for prompts: label and URL template with `{prompt}`.
    pub llm_links: Vec<(String, String)>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            site_url: "https://ictasl.github.io/capacity-building".to_string(),
            attribution: "Career paths and study tracks © National Digital Capacity Library, Sri Lanka · CC BY 4.0"
                .to_string(),
            llm_links: vec![
                ("Open in ChatGPT".to_string(), "https://chatgpt.com/?q={prompt}".to_string()),
                ("Open in Claude".to_string(), "https://claude.ai/new?q={prompt}".to_string()),
            ],
        }
    }
}

/// Who is asking.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Caller {
    /// May run `/reload` (the terminal always may).
    pub moderator: bool,
    /// Member id, when known.
    pub user: Option<u64>,
    /// Server id, when asked in a server.
    pub guild: Option<u64>,
}

/// Everything a command may read.
pub struct Context<'a> {
    /// The store (for `/reload`); every other command reads one snapshot of it.
    pub store: &'a Store,
    /// Answer settings.
    pub settings: &'a Settings,
    /// Who asks.
    pub caller: Caller,
}

/// What one command needs while it answers: one snapshot for the whole request.
pub(crate) struct Request<'a> {
    pub snapshot: Arc<Snapshot>,
    pub settings: &'a Settings,
    /// The invocation being answered: "Which career?" offers it again with each choice.
    pub asked: Option<Invocation>,
}

impl Request<'_> {
    /// The public page of a document.
    pub fn source_url(&self, doc: &Document) -> Option<String> {
        doc.permalink
            .as_ref()
            .map(|p| format!("{}/{}", self.settings.site_url.trim_end_matches('/'), p.trim_start_matches('/')))
    }

    /// "27. SecOps Engineer".
    pub fn numbered_title(doc: &Document) -> String {
        match doc.number {
            Some(n) => format!("{n}. {}", doc.title),
            None => doc.title.clone(),
        }
    }

    /// Searches the index. A failure (the index files unreadable) is logged here, once, and
    /// becomes the answer every command gives for it: never an empty result that would read as
    /// "nothing matches".
    pub fn search(&self, search: &SearchRequest<'_>) -> Result<Vec<Hit>, Box<Draft>> {
        self.snapshot.index.search(&self.snapshot.library, search).map_err(|e| {
            tracing::error!(error = %e, query = search.text, "search failed");
            search_unavailable()
        })
    }

    /// Finds the career a member typed, or the helpful error answer. For commands that need a
    /// career (`/plan`, `/compare`, `/path`, `/ladder`, `/certs`, …): a guide is refused with
    /// what it is and where to read it.
    pub fn career(&self, typed: &str) -> Result<&Document, Box<Draft>> {
        let doc = self.document(typed)?;
        if doc.kind == Kind::Guide {
            let command = self.asked.as_ref().map_or("this command", |i| i.command.as_str());
            return Err(Box::new(Draft::error(
                "A guide, not a career",
                format!(
                    "**{}** is a guide, not a career: `/{command}` needs a career. Read it with `/career {}`, \
                     or search it with `/search <words> career:{}`; `/careers` lists the careers.",
                    doc.title, doc.slug, doc.slug
                ),
            )));
        }
        Ok(doc)
    }

    /// Finds the document (a career or a guide) a member typed, for commands that read any
    /// document (`/career`, `/prompt`, `/search career:`), or the helpful error answer. A
    /// name that fits several asks which, with each as a choice.
    pub fn document(&self, typed: &str) -> Result<&Document, Box<Draft>> {
        // The snapshot outlives this borrow: Arc inside self.
        let documents = &self.snapshot.library.documents;
        let docs = |ids: &[usize]| ids.iter().filter_map(|&i| documents.get(i)).collect::<Vec<&Document>>();
        let shown = format::quoted(typed);
        match self.snapshot.catalog.names.resolve(typed) {
            Resolution::Found(id, _) => documents
                .get(id)
                .ok_or_else(|| Box::new(Draft::error("No such career", "That career is gone since the last reload."))),
            Resolution::Ambiguous(ids, count) => {
                let docs = docs(&ids);
                let more = if count > docs.len() { format!(" and {} more", count - docs.len()) } else { String::new() };
                let choices = self.choices(typed, &docs);
                let mut text = format!("{shown} fits {}{more}. Which one?", format::name_list(&docs));
                for (doc, line) in docs.iter().zip(&choices) {
                    text.push_str(&format!("\n• **{}**: `{line}`", Request::numbered_title(doc)));
                }
                let mut draft = Draft::error("Which career?", text);
                draft.menu = self.choice_menu(typed, &docs);
                Err(Box::new(draft))
            }
            Resolution::Unknown(ids) if !ids.is_empty() => Err(Box::new(Draft::error(
                "No such career",
                format!(
                    "No career matches {shown}. Did you mean {}?",
                    format::name_list(&docs(&ids[..ids.len().min(3)]))
                ),
            ))),
            Resolution::Unknown(_) => Err(Box::new(Draft::error(
                "No such career",
                format!("No career matches {shown}. `/careers` lists them all."),
            ))),
        }
    }

    /// The invocation asked, with the option that held `typed` naming `doc` instead.
    fn asked_with(&self, typed: &str, doc: &Document) -> Invocation {
        let mut invocation = self.asked.clone().unwrap_or_else(|| Invocation::new(CommandName::Career));
        let option = invocation
            .options
            .iter()
            .find(|(_, v)| matches!(v, OptionValue::String(s) if s.trim() == typed))
            .map_or_else(|| "name".to_string(), |(n, _)| n.clone());
        invocation.set(&option, OptionValue::String(doc.slug.clone()));
        invocation
    }

    /// The command lines that ask again with each document instead of `typed`.
    fn choices(&self, typed: &str, docs: &[&Document]) -> Vec<String> {
        docs.iter().map(|doc| self.asked_with(typed, doc).to_line()).collect()
    }

    /// A menu with each document as a choice, when the command may be replayed by a button.
    fn choice_menu(&self, typed: &str, docs: &[&Document]) -> Vec<reply::MenuOption> {
        let version = self.snapshot.version();
        docs.iter()
            .filter_map(|doc| {
                let invocation = self.asked_with(typed, doc);
                if !token::replayable(&invocation) {
                    return None;
                }
                let token = PageToken { version: version.to_string(), page: 0, invocation }.encode()?;
                Some(reply::MenuOption {
                    label: reply::truncate(&Request::numbered_title(doc), reply::limits::SELECT_TEXT),
                    description: reply::truncate(&doc.slug, reply::limits::SELECT_TEXT),
                    token,
                })
            })
            .collect()
    }
}

/// The answer to a search that failed (the failure is logged where it happened).
pub(crate) fn search_unavailable() -> Box<Draft> {
    Box::new(Draft::error(
        "Search is unavailable",
        "Search is unavailable right now; try again in a moment. If it keeps failing, a moderator can `/reload`.",
    ))
}

/// Parses a terminal line against what a snapshot serves: a career name of several words needs
/// no quotes (`/prompt data scientist 1`), the longest run of words that names one is taken.
/// A run counts when it names a career outright (name, alias, start or words of the title, a
/// role or a page's job title), or with one slip when it is several words that end in a word
/// ("secops enginer"; "data scientist 1" is not a slip of "data scientist").
pub fn parse_line(snapshot: &Snapshot, line: &str) -> Result<Invocation, ParseError> {
    let names = &snapshot.catalog.names;
    // In `/learn` and `/define`, a track's name is read as one value too ("software security").
    let command = line.split_whitespace().next().and_then(CommandName::parse);
    let tracks = match command {
        Some(CommandName::Learn | CommandName::Define) => snapshot.library.tracks.as_slice(),
        _ => &[],
    };
    let names_career = |text: &str| {
        if learn::names_track(tracks, text) {
            return true;
        }
        // "2", "-1": a number (of a prompt), never a slip in a name.
        let ends_in_word = text.rsplit(' ').next().is_some_and(|w| w.chars().any(char::is_alphabetic));
        names.names_any(text, MatchRank::Word)
            || (text.contains(' ')
                && ends_in_word
                && matches!(names.resolve_without_likeness(text), Resolution::Found(_, MatchRank::Typo)))
    };
    Invocation::parse_with(line, &names_career)
}

/// True for the commands that open guides as well as careers; every other command that takes a
/// career refuses a guide ([`Request::career`]) and autocompletes careers only.
pub fn reads_any_document(command: CommandName) -> bool {
    matches!(command, CommandName::Career | CommandName::Prompt | CommandName::Search)
}

/// Answers an invocation, showing `page` (0-based) of the reply.
pub fn execute(ctx: &Context<'_>, invocation: &Invocation, page: usize) -> Reply {
    let preferred = in_preferred_language(ctx, invocation);
    let invocation = preferred.as_ref().unwrap_or(invocation);
    let request = Request { snapshot: ctx.store.snapshot(), settings: ctx.settings, asked: Some(invocation.clone()) };
    let draft = match invocation.command {
        CommandName::Career => career::answer(&request, invocation),
        CommandName::Certs => certs::answer(&request, invocation),
        CommandName::Prompt => prompt::answer(&request, invocation),
        CommandName::Search => find::answer(&request, invocation),
        CommandName::Careers => listing::careers(&request),
        CommandName::Match => explore::match_careers(&request, invocation),
        CommandName::Compare => explore::compare(&request, invocation),
        CommandName::Path => explore::path(&request, invocation),
        CommandName::Ladder => explore::ladder(&request, invocation),
        CommandName::Learn => learn::answer(ctx, &request, invocation),
        CommandName::Define => learn::define(&request, invocation),
        CommandName::Plan => plan::answer(ctx, &request, invocation),
        CommandName::Group => plan::group(ctx, &request, invocation),
        CommandName::Help => listing::help(),
        CommandName::Reload => listing::reload(ctx),
    };
    // `/reload` answers from the snapshot it made; everything else from the request's.
    let version = match invocation.command {
        CommandName::Reload => ctx.store.snapshot().version().to_string(),
        _ => request.snapshot.version().to_string(),
    };
    let mut reply = draft.finish(page, &version, &ctx.settings.attribution);
    reply.private |= answers_privately(invocation, &ctx.caller);
    reply.mention = invocation.user("mention").filter(|_| !reply.error);
    reply
}

/// `/learn` and `/define` without `lang:`, asked by a member who chose a language in this
/// server (`/plan set lang:si`): the invocation with that language (its buttons keep it).
/// `None` when nothing changes, or the choice cannot be read (the answer is then English).
fn in_preferred_language(ctx: &Context<'_>, invocation: &Invocation) -> Option<Invocation> {
    if !matches!(invocation.command, CommandName::Learn | CommandName::Define) || invocation.text("lang").is_some() {
        return None;
    }
    let (plans, guild, user) = (ctx.store.plans()?, ctx.caller.guild?, ctx.caller.user?);
    let lang = plans.language(&plan::guild_key(guild), &user.to_string()).ok()??;
    let mut preferred = invocation.clone();
    preferred.set("lang", invocation::OptionValue::String(lang));
    Some(preferred)
}

/// Whether only the asker sees the answer (the transports defer with the same flag): asked so,
/// a moderator-only command, a member's own plan, and a moderator's `/group`, which counts
/// private plans (what only moderators may see is never posted to the channel).
pub fn answers_privately(invocation: &Invocation, caller: &Caller) -> bool {
    invocation.flag("private")
        || spec::spec(invocation.command).moderator_only
        || invocation.command == CommandName::Plan
        || (invocation.command == CommandName::Group && caller.moderator)
}

/// Answers a pressed component (a page button, a menu choice, a confirmation) by what its
/// custom id stands for ([`Button::read`]).
pub fn press(ctx: &Context<'_>, custom_id: &str) -> Reply {
    match Button::read(custom_id) {
        Ok(Button::Page(token)) => turn_to(ctx, &token),
        Ok(Button::Confirm(confirmation)) => confirm(ctx, &confirmation),
        Err(refused) => refusal(ctx, &refused),
    }
}

/// Answers a page button or menu choice: the token's command, run again on the current
/// content. A token from older content shows the current content's first page with a note;
/// a token that is not ours, or one for something no button runs (a write, `/reload`), gets a
/// polite refusal; so does a confirmation (see [`press`]).
pub fn turn_page(ctx: &Context<'_>, token: &str) -> Reply {
    match Button::read(token) {
        Ok(Button::Page(token)) => turn_to(ctx, &token),
        Ok(Button::Confirm(_)) => refusal(ctx, &token::TokenError::Invalid),
        Err(refused) => refusal(ctx, &refused),
    }
}

fn refusal(ctx: &Context<'_>, refused: &token::TokenError) -> Reply {
    let draft = match refused {
        token::TokenError::Invalid => {
            Draft::error("This button has expired", "This button is not valid any more. Run the command again.")
        }
        token::TokenError::NotReplayable(command) => {
            Draft::error("Not a button", format!("Run `/{}` itself: a button only shows answers.", command.as_str()))
        }
    };
    draft.finish(0, ctx.store.snapshot().version(), &ctx.settings.attribution)
}

fn turn_to(ctx: &Context<'_>, decoded: &PageToken) -> Reply {
    let current = ctx.store.snapshot().version().to_string();
    if decoded.version == current {
        return execute(ctx, &decoded.invocation, decoded.page);
    }
    let mut reply = execute(ctx, &decoded.invocation, 0);
    if !reply.error {
        let note = "*The content was updated since this message; this is the current version.*\n\n";
        reply.pages[0] = reply::truncate(&format!("{note}{}", reply.pages[0]), reply::limits::DESCRIPTION);
    }
    reply
}

/// Runs a confirmed action for its owner; anyone else pressing the button is refused and
/// nothing runs.
pub fn confirm(ctx: &Context<'_>, confirmation: &token::Confirmation) -> Reply {
    if ctx.caller.user != Some(confirmation.owner) {
        let draft = Draft::error("Not your button", "Only the member who asked for this button can press it.");
        return draft.finish(0, ctx.store.snapshot().version(), &ctx.settings.attribution);
    }
    execute(ctx, &confirmation.action.invocation(), 0)
}

/// One autocomplete suggestion.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Choice {
    /// What the member sees (1–100 chars).
    pub name: String,
    /// What is filled in.
    pub value: OptionValue,
}

/// Autocomplete for the option `focused` of a half-typed invocation: the same suggestions
/// for Discord and for tab completion in `careerbot chat`. At most 25.
pub fn complete(snapshot: &Snapshot, invocation: &Invocation, focused: &str, typed: &str) -> Vec<Choice> {
    complete_from(snapshot, invocation, focused, typed, None)
}

/// [`complete`] for a member: `/plan` items come from their own plan (what is left to do, or
/// what is done for `undo`) when the bot keeps plans.
pub fn complete_for(ctx: &Context<'_>, invocation: &Invocation, focused: &str, typed: &str) -> Vec<Choice> {
    let snapshot = ctx.store.snapshot();
    let own_items = completion_reads_plans(invocation, focused)
        .then(|| match focused {
            "lesson" => plan::lesson_choices(ctx, invocation, typed),
            _ => plan::item_choices(ctx, invocation, typed),
        })
        .flatten();
    complete_from(&snapshot, invocation, focused, typed, own_items)
}

/// True when [`complete_for`] reads the members' database for this option (`/plan` items and
/// lessons from the member's own plan); every other suggestion comes from the snapshot alone.
pub fn completion_reads_plans(invocation: &Invocation, focused: &str) -> bool {
    invocation.command == CommandName::Plan
        && ((focused == "item" && invocation.text("career").is_none())
            || (focused == "lesson" && invocation.text("track").is_none()))
}

fn complete_from(
    snapshot: &Snapshot,
    invocation: &Invocation,
    focused: &str,
    typed: &str,
    own_items: Option<Vec<(String, String)>>,
) -> Vec<Choice> {
    let spec = spec::spec(invocation.command);
    let Some(option) = spec.option(focused) else { return Vec::new() };
    let library = &snapshot.library;
    let names = &snapshot.catalog.names;
    let chosen_career = || {
        ["name", "career"].iter().filter(|&&o| o != focused).find_map(|o| invocation.text(o)).and_then(|typed| {
            match names.resolve(typed) {
                Resolution::Found(id, _) => library.documents.get(id),
                _ => None,
            }
        })
    };
    let chosen_track = || {
        let typed = invocation.text("track").filter(|_| focused != "track")?;
        match learn::find_track(&library.tracks, typed) {
            learn::Found::One(i) => library.tracks.get(i),
            _ => None,
        }
    };
    let choice =
        |name: String, value: OptionValue| Choice { name: reply::truncate(&name, reply::limits::CHOICE_NAME), value };
    let choices: Vec<Choice> = match option.completion {
        None => Vec::new(),
        Some(Completion::Career) => names
            .suggest_where(typed, reply::limits::CHOICES, &|id| {
                reads_any_document(invocation.command)
                    || library.documents.get(id).is_some_and(|d| d.kind == Kind::Career)
            })
            .into_iter()
            .filter_map(|id| library.documents.get(id))
            .map(|d| choice(Request::numbered_title(d), OptionValue::String(d.slug.clone())))
            .collect(),
        Some(Completion::Section) => match chosen_career() {
            Some(doc) => career::section_choices(doc, typed)
                .into_iter()
                .map(|s| choice(format!("{} — {}", s.key, s.heading()), OptionValue::String(s.key.clone())))
                .collect(),
            None => Vec::new(),
        },
        Some(Completion::PromptNumber) => match chosen_career() {
            Some(doc) => doc
                .prompts
                .iter()
                .enumerate()
                .filter(|(i, p)| {
                    typed.trim().is_empty()
                        || (i + 1).to_string().starts_with(typed.trim())
                        || p.to_lowercase().contains(&typed.trim().to_lowercase())
                })
                .map(|(i, p)| choice(format!("{} · {}", i + 1, p), OptionValue::Integer(i as i64 + 1)))
                .collect(),
            None => Vec::new(),
        },
        Some(Completion::Certification) => {
            let vocabulary = snapshot.certs();
            vocabulary
                .suggest(typed, reply::limits::CHOICES)
                .into_iter()
                .filter_map(|id| vocabulary.get(id))
                .map(|cert| {
                    let value = [Some(cert.name.as_str()), cert.abbreviation.as_deref()]
                        .into_iter()
                        .flatten()
                        .find(|v| reply::limits::len(v) <= reply::limits::CHOICE_NAME)
                        .map(str::to_string)
                        .unwrap_or_else(|| reply::truncate(&cert.name, reply::limits::CHOICE_NAME - 1));
                    choice(cert.name.clone(), OptionValue::String(value))
                })
                .collect()
        }
        Some(Completion::PlanAction) => plan::ACTIONS
            .iter()
            .filter(|a| a.starts_with(typed.trim().to_lowercase().as_str()))
            .map(|a| choice(a.to_string(), OptionValue::String(a.to_string())))
            .collect(),
        Some(Completion::PlanItem) if own_items.is_some() => own_items
            .unwrap_or_default()
            .into_iter()
            .map(|(name, value)| choice(name, OptionValue::String(reply::truncate(&value, 100))))
            .collect(),
        Some(Completion::PlanItem) => match chosen_career() {
            Some(doc) => {
                let position = library.position(&doc.slug).unwrap_or_default();
                plan::typed_items(snapshot.checklist(position), |_| true, typed)
                    .into_iter()
                    .map(|(name, value)| choice(name, OptionValue::String(reply::truncate(&value, 100))))
                    .collect()
            }
            None => Vec::new(),
        },
        Some(Completion::Track) => {
            let tracks = &library.tracks;
            let wanted = crate::catalog::keys::fold(typed);
            let fits: Vec<usize> = match learn::find_track(tracks, typed) {
                _ if wanted.is_empty() => (0..tracks.len()).collect(),
                learn::Found::One(i) => vec![i],
                learn::Found::Several(ids) => ids,
                learn::Found::Nothing(_) => Vec::new(),
            };
            fits.into_iter()
                .map(|i| &tracks[i])
                .map(|t| {
                    choice(format!("{} ({} lessons)", t.title(), t.lessons.len()), OptionValue::String(t.slug.clone()))
                })
                .collect()
        }
        Some(Completion::Lesson) if own_items.is_some() => own_items
            .unwrap_or_default()
            .into_iter()
            .map(|(name, value)| choice(name, OptionValue::String(reply::truncate(&value, 100))))
            .collect(),
        Some(Completion::Lesson) => match chosen_track() {
            Some(track) => {
                let wanted = typed.trim().to_lowercase();
                let fits: Vec<usize> = if wanted.is_empty() || wanted.starts_with(|c: char| c.is_ascii_digit()) {
                    (0..track.lessons.len()).filter(|&i| track.lessons[i].number.starts_with(wanted.as_str())).collect()
                } else {
                    match learn::find_lesson(track, typed) {
                        learn::Found::One(i) => vec![i],
                        learn::Found::Several(ids) => ids,
                        learn::Found::Nothing(_) => Vec::new(),
                    }
                };
                fits.into_iter()
                    .map(|i| &track.lessons[i])
                    .map(|l| {
                        choice(
                            format!("{} {}", l.number, learn::lesson_title(l)),
                            OptionValue::String(l.number.clone()),
                        )
                    })
                    .collect()
            }
            None => Vec::new(),
        },
        Some(Completion::LessonSection) => match chosen_track().zip(invocation.text("lesson")) {
            Some((track, typed_lesson)) => match learn::find_lesson(track, typed_lesson) {
                learn::Found::One(i) => career::section_choices(&track.lessons[i].document, typed)
                    .into_iter()
                    .map(|s| choice(format!("{} — {}", s.key, s.heading()), OptionValue::String(s.key.clone())))
                    .collect(),
                _ => Vec::new(),
            },
            None => Vec::new(),
        },
        Some(Completion::Term) => {
            let glossary = snapshot.catalog.glossary(library);
            let wanted = crate::catalog::keys::fold(typed);
            let mut seen = std::collections::HashSet::new();
            glossary
                .all()
                .iter()
                .filter(|d| d.source != crate::catalog::glossary::Source::Label)
                .filter(|d| crate::catalog::keys::fold(&d.term).contains(&wanted))
                .filter(|d| seen.insert(crate::catalog::keys::key(&d.term)))
                .map(|d| choice(d.term.to_string(), OptionValue::String(reply::truncate(&d.term, 100))))
                .collect()
        }
        Some(Completion::SearchScope) => {
            let wanted = crate::catalog::keys::fold(typed);
            let places = [("Careers only", "careers".to_string()), ("Study tracks only", "tracks".to_string())];
            let tracks = library.tracks.iter().map(|t| (t.title(), t.slug.clone()));
            places
                .into_iter()
                .chain(tracks)
                .filter(|(name, value)| {
                    wanted.is_empty()
                        || crate::catalog::keys::fold(value).starts_with(&wanted)
                        || crate::catalog::keys::fold(name).contains(&wanted)
                })
                .map(|(name, value)| choice(reply::truncate(name, 100), OptionValue::String(value)))
                .collect()
        }
        Some(Completion::Language) => learn::LANGUAGES
            .iter()
            .filter(|(code, english, _)| {
                let t = typed.trim().to_lowercase();
                code.starts_with(&t) || english.to_lowercase().starts_with(&t)
            })
            .map(|(code, english, own)| choice(format!("{english} · {own}"), OptionValue::String(code.to_string())))
            .collect(),
        Some(Completion::CertGroup) => match chosen_career() {
            Some(doc) => certs::groups(doc)
                .into_iter()
                .filter(|g| compact(g).contains(&compact(typed)))
                .map(|g| choice(g.to_string(), OptionValue::String(g.to_string())))
                .collect(),
            None => Vec::new(),
        },
    };
    // Discord refuses the whole list when one choice breaks its limits (a section key made
    // from a 120-letter heading, a name with nothing in it): such a choice is left out, the
    // others are offered.
    choices
        .into_iter()
        .filter(|c| !matches!(&c.value, OptionValue::String(v) if reply::limits::len(v) > reply::limits::CHOICE_VALUE))
        .filter(|c| !c.name.trim().is_empty())
        .take(reply::limits::CHOICES)
        .collect()
}
