//! The whole-bot check: every command of the spec, with every option filled from the library
//! (each document's name, each of its sections, prompt numbers, certification groups, words of
//! its text), every autocomplete, and the page buttons of every reply, over whatever a store
//! serves. Driven by the spec, so a new command or option is covered without a change here.
//!
//! Used by the hostile-content suite (each hostile document), the golden suite over the shipped
//! library, the fuzz target `whole_bot` and its proptest variant. It asserts what holds for
//! every reply (no panic, every Discord limit, page buttons that turn) and hands each reply to
//! the caller for checks of its own.
#![allow(dead_code)]

use careerbot::commands::spec::{Completion, OptionType, COMMANDS};
use careerbot::commands::token::PageToken;
use careerbot::commands::{self, Caller, CommandName, Context, Invocation, OptionValue, Reply, Settings};
use careerbot::content::Document;
use careerbot::snapshot::Store;

use crate::replies::assert_within_limits;

/// Limits on how much of a large library is asked (the fuzz target keeps runs fast).
#[derive(Debug, Clone, Copy)]
pub struct Reach {
    /// Documents asked about (the first ones).
    pub documents: usize,
    /// Sections opened per document.
    pub sections: usize,
    /// Pages turned per reply.
    pub pages: usize,
}

impl Reach {
    /// Everything.
    pub const ALL: Reach = Reach { documents: usize::MAX, sections: usize::MAX, pages: 3 };
}

/// One command asked by the check, with its answer.
pub struct Asked {
    /// The invocation as a line.
    pub line: String,
    /// The document it is about, if any.
    pub document: Option<String>,
    /// The answer (first page shown; every page inside).
    pub reply: Reply,
}

/// Runs every command and autocomplete over what `store` serves; calls `check` with each answer
/// (and each page turned to). Returns how many commands were asked.
pub fn every_command(store: &Store, reach: Reach, mut check: impl FnMut(&Asked)) -> usize {
    let settings = Settings::default();
    let ctx =
        Context { store, settings: &settings, caller: Caller { moderator: false, user: Some(1), guild: Some(2) } };
    let snapshot = store.snapshot();
    let documents: Vec<&Document> = snapshot.library.documents.iter().take(reach.documents).collect();
    let mut asked = 0;
    let mut ask = |invocation: Invocation, document: Option<&Document>| {
        let line = invocation.to_line();
        let reply = commands::execute(&ctx, &invocation, 0);
        assert_within_limits(&reply);
        assert!(!reply.title.trim().is_empty(), "{line}: an answer without a title");
        let record = Asked { line: line.clone(), document: document.map(|d| d.slug.clone()), reply };
        check(&record);
        turn_pages(&ctx, &record, reach.pages, &mut check);
        asked += 1;
    };
    for spec in COMMANDS.iter().filter(|s| !s.moderator_only) {
        if !spec.options.iter().any(|o| o.completion == Some(Completion::Career)) {
            // Commands about no document: as they are, and with a text option from each document.
            ask(Invocation::new(spec.command), None);
            for doc in &documents {
                if let Some(invocation) = with_text(spec.command, doc) {
                    ask(invocation, Some(doc));
                }
            }
            continue;
        }
        for (i, doc) in documents.iter().enumerate() {
            let other = documents[(i + 1) % documents.len()];
            for invocation in about(spec.command, doc, other, reach) {
                ask(invocation, Some(doc));
            }
        }
    }
    for doc in &documents {
        autocomplete_everything(store, doc);
    }
    asked
}

/// Words a member might type about a document: the first word of its title, of a heading, and
/// of its text.
fn words_of(doc: &Document) -> Vec<String> {
    let first_word =
        |text: &str| text.split(|c: char| !c.is_alphanumeric()).find(|w| w.chars().count() >= 3).map(str::to_string);
    let mut words: Vec<String> = Vec::new();
    words.extend(first_word(&doc.title));
    words.extend(doc.sections.get(1).and_then(|s| first_word(s.heading())));
    words.extend(doc.sections.iter().find_map(|s| first_word(&s.body)));
    words.dedup();
    if words.is_empty() {
        words.push(doc.title.clone());
    }
    words
}

/// The invocation of a command that names no career, with its first text option filled from the
/// document (`/search <word>`, `/prompt topic:<word>`).
fn with_text(command: CommandName, doc: &Document) -> Option<Invocation> {
    let spec = commands::spec::spec(command);
    let option = spec.options.iter().find(|o| o.kind == OptionType::String && o.completion.is_none())?;
    let mut invocation = Invocation::new(command);
    invocation.set(option.name, OptionValue::String(words_of(doc).join(" ")));
    Some(invocation)
}

/// Every invocation of a command about `doc`: the career options filled (a second career
/// option with `other`), then each other option in turn with each value it can take.
fn about(command: CommandName, doc: &Document, other: &Document, reach: Reach) -> Vec<Invocation> {
    let spec = commands::spec::spec(command);
    let mut base = Invocation::new(command);
    let mut careers = [doc, other].into_iter();
    for option in spec.options.iter().filter(|o| o.completion == Some(Completion::Career)) {
        if let Some(career) = careers.next() {
            base.set(option.name, OptionValue::String(career.slug.clone()));
        }
    }
    // Required text options get a word of the document (`/search query:…`).
    for option in spec.options.iter().filter(|o| o.required && o.completion.is_none()) {
        if option.kind == OptionType::String {
            base.set(option.name, OptionValue::String(words_of(doc).remove(0)));
        }
    }
    let mut out = vec![base.clone()];
    for option in spec.options.iter().filter(|o| o.completion != Some(Completion::Career) && !o.required) {
        let values: Vec<OptionValue> = match (option.completion, option.kind) {
            (Some(Completion::Section), _) => doc
                .sections
                .iter()
                .take(reach.sections)
                .map(|s| OptionValue::String(s.key.clone()))
                .chain([OptionValue::String("no-such-section".into())])
                .collect(),
            (Some(Completion::PromptNumber), _) => {
                let last = doc.prompts.len().max(1) as i64;
                vec![OptionValue::Integer(1), OptionValue::Integer(last), OptionValue::Integer(last + 1)]
            }
            (Some(Completion::CertGroup), _) => {
                let mut groups: Vec<String> = doc.certifications.iter().filter_map(|c| c.group.clone()).collect();
                groups.dedup();
                groups.push("no such group".into());
                groups.into_iter().map(OptionValue::String).collect()
            }
            (Some(_), _) => Vec::new(),
            (None, OptionType::String) => words_of(doc).into_iter().map(OptionValue::String).collect(),
            (None, OptionType::Integer) => vec![OptionValue::Integer(1)],
            (None, OptionType::Boolean) => vec![OptionValue::Boolean(true)],
            (None, OptionType::User) => vec![OptionValue::User(42)],
        };
        for value in values {
            let mut invocation = base.clone();
            invocation.set(option.name, value);
            out.push(invocation);
        }
    }
    out
}

/// Turns the pages of a reply as its buttons would: the next ones, then the last.
fn turn_pages(ctx: &Context<'_>, asked: &Asked, pages: usize, check: &mut impl FnMut(&Asked)) {
    let reply = &asked.reply;
    let mut current = reply.clone();
    for turn in 1..reply.pages.len().min(pages) {
        let next = current.next.clone().unwrap_or_else(|| panic!("{}: page {turn} has no button", asked.line));
        current = commands::turn_page(ctx, &next);
        assert!(!current.error, "{}: page {turn} does not turn", asked.line);
        assert_eq!((current.page, &current.pages), (turn, &reply.pages), "{}: page {turn}", asked.line);
        assert_within_limits(&current);
        check(&Asked {
            line: format!("{} (page {turn})", asked.line),
            document: asked.document.clone(),
            reply: current.clone(),
        });
    }
    if let Some(next) = &reply.next {
        let mut token = PageToken::decode(next).expect("our own token");
        token.page = reply.pages.len() - 1;
        let last = commands::turn_page(ctx, &token.encode().expect("fits"));
        assert_eq!(last.page, reply.pages.len() - 1, "{}: the last page", asked.line);
        assert!(last.next.is_none(), "{}: the last page has no next button", asked.line);
        assert_within_limits(&last);
        check(&Asked { line: format!("{} (last page)", asked.line), document: asked.document.clone(), reply: last });
    }
    for option in reply.menu.iter().take(3) {
        let opened = commands::turn_page(ctx, &option.token);
        assert!(!opened.error, "{}: menu entry {} opens", asked.line, option.label);
        assert_within_limits(&opened);
        check(&Asked {
            line: format!("{} (menu {})", asked.line, option.label),
            document: asked.document.clone(),
            reply: opened,
        });
    }
}

/// Autocomplete for every option that has it, with the document chosen where one is needed:
/// nothing typed, the start of the document's name, a word of its title, and a typo.
fn autocomplete_everything(store: &Store, doc: &Document) {
    let snapshot = store.snapshot();
    let typed: Vec<String> = {
        let slug: String = doc.slug.chars().take(3).collect();
        let mut typo: Vec<char> = doc.slug.chars().collect();
        if typo.len() > 2 {
            typo.swap(1, 2);
        }
        let mut t = vec![String::new(), slug, typo.into_iter().collect()];
        t.extend(words_of(doc));
        t
    };
    for spec in COMMANDS {
        for option in spec.options.iter().filter(|o| o.completion.is_some()) {
            let mut partial = Invocation::new(spec.command);
            for career in
                spec.options.iter().filter(|o| o.completion == Some(Completion::Career) && o.name != option.name)
            {
                partial.set(career.name, OptionValue::String(doc.slug.clone()));
            }
            for typed in &typed {
                let choices = commands::complete(&snapshot, &partial, option.name, typed);
                assert!(choices.len() <= 25, "/{} {}: {} choices", spec.name, option.name, choices.len());
                for choice in &choices {
                    let len = choice.name.encode_utf16().count();
                    assert!((1..=100).contains(&len), "/{} {}: choice name {:?}", spec.name, option.name, choice.name);
                    if let OptionValue::String(value) = &choice.value {
                        assert!(value.encode_utf16().count() <= 100, "/{} {}: value {value:?}", spec.name, option.name);
                    }
                }
            }
        }
    }
}
