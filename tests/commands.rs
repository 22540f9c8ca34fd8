//! The command core on the seed: golden replies, helpful errors, pagination within Discord's
//! limits, page tokens, invocation round trips, autocomplete.

#[path = "support/replies.rs"]
mod replies;

use std::path::{Path, PathBuf};

use careerbot::commands::reply::{limits, paginate, Block};
use careerbot::commands::spec::{OptionType, COMMANDS};
use careerbot::commands::token::PageToken;
use careerbot::commands::{self, Caller, CommandName, Context, Invocation, OptionValue, ParseError, Reply, Settings};
use careerbot::content::{load_dir, LoadOptions};
use careerbot::snapshot::{self, Snapshot, Store};
use proptest::prelude::*;
use replies::assert_within_limits;

fn seed_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("content")
}

fn store() -> Store {
    let library = load_dir(&seed_dir(), &LoadOptions::default()).unwrap();
    let settings = snapshot::Settings {
        content_dir: seed_dir(),
        index_dir: std::env::temp_dir().join("careerbot-test-unused"),
        load: LoadOptions::default(),
    };
    Store::with_snapshot(Snapshot::in_memory(library).unwrap(), settings)
}

fn ask_as(store: &Store, line: &str, caller: Caller) -> Reply {
    let settings = Settings::default();
    let ctx = Context { store, settings: &settings, caller };
    let invocation = Invocation::parse(line).unwrap_or_else(|e| panic!("{line}: {e}"));
    commands::execute(&ctx, &invocation, 0)
}

fn ask(store: &Store, line: &str) -> Reply {
    ask_as(store, line, Caller { moderator: false, user: Some(1), guild: Some(2) })
}

fn all_text(reply: &Reply) -> String {
    reply.pages.join("\n")
}

#[test]
fn career_overview() {
    let store = store();
    let reply = ask(&store, "/career secops");
    assert_within_limits(&reply);
    assert_eq!(reply.title, "27. SecOps Engineer");
    assert_eq!(
        reply.url.as_deref(),
        Some("https://ictasl.github.io/capacity-building/students/career_guidance/career_paths/27-SecOps_Engineer/")
    );
    let text = all_text(&reply);
    assert!(text.starts_with("SecOps Engineers are IT professionals who integrate security practices"), "{text}");
    for key in [
        "`responsibilities`",
        "`education`",
        "`certifications`",
        "`skills`",
        "`tools`",
        "`entry-level`",
        "`portfolio`",
        "`progression`",
        "`specializations`",
        "`job-titles`",
        "`switching`",
        "`senior`",
        "`prompts`",
        "`reading`",
    ] {
        assert!(text.contains(key), "overview lists {key}");
    }
    let fields: Vec<(&str, &str)> = reply.fields.iter().map(|f| (f.name.as_str(), f.value.as_str())).collect();
    assert_eq!(fields, [("Certifications", "9"), ("Prompts", "10"), ("Reading links", "10")]);
    assert!(reply.footer.contains("CC BY 4.0"));
    assert!(!reply.private && !reply.error);
    assert!(reply.menu.iter().any(|m| m.description == "certifications"));
    // Every menu entry opens its section.
    let settings = Settings::default();
    let ctx = Context { store: &store, settings: &settings, caller: Caller::default() };
    let certs = reply.menu.iter().find(|m| m.description == "certifications").unwrap();
    let opened = commands::turn_page(&ctx, &certs.token);
    assert_eq!(opened.title, "27. SecOps Engineer · Vocational Training & SecOps Certifications");
}

#[test]
fn career_by_number_alias_and_typo() {
    let store = store();
    for line in ["/career 27", "/career name:secops-engineer", "/career \"Sec Ops\"", "/career secopps"] {
        assert_eq!(ask(&store, line).title, "27. SecOps Engineer", "{line}");
    }
}

#[test]
fn career_sections_keep_bold_labels() {
    let store = store();
    let reply = ask(&store, "/career secops certifications");
    assert_within_limits(&reply);
    let text = all_text(&reply);
    assert!(text.contains("* **CompTIA Security+:**"), "{text}");
    assert!(reply.url.as_deref().unwrap().ends_with("#vocational-training--secops-certifications"));
    // A parent section shows its sub-sections.
    let skills = all_text(&ask(&store, "/career secops skills"));
    assert!(skills.contains("**Technical Skills**") && skills.contains("**Soft Skills**"), "{skills}");
    // Synonyms and headings work as keys.
    assert_eq!(ask(&store, "/career secops certs").title, reply.title);
    assert_eq!(
        ask(&store, "/career secops section:\"Key Skills Required\"").title,
        "27. SecOps Engineer · Key Skills Required"
    );
}

#[test]
fn a_long_section_is_paged_and_every_page_turns() {
    let store = store();
    let reply = ask(&store, "/career secops responsibilities");
    assert_within_limits(&reply);
    assert!(reply.pages.len() >= 2, "Responsibilities is longer than one embed");
    let settings = Settings::default();
    let ctx = Context { store: &store, settings: &settings, caller: Caller::default() };
    let mut seen = vec![reply.pages[0].clone()];
    let mut current = reply.clone();
    while let Some(next) = current.next.clone() {
        current = commands::turn_page(&ctx, &next);
        assert_within_limits(&current);
        seen.push(current.pages[current.page].clone());
    }
    assert_eq!(seen, reply.pages);
    let back = commands::turn_page(&ctx, current.prev.as_ref().unwrap());
    assert_eq!(back.page, current.page - 1);
}

#[test]
fn unknown_career_gets_did_you_mean() {
    let store = store();
    let reply = ask(&store, "/career secopz");
    assert!(reply.error && reply.private);
    assert_eq!(all_text(&reply), "No career matches 'secopz'. Did you mean **SecOps Engineer**?");
    let nothing = ask(&store, "/career underwater-basket-weaving");
    assert!(all_text(&nothing).contains("`/careers` lists them all"));
}

#[test]
fn unknown_section_lists_the_valid_ones() {
    let store = store();
    let reply = ask(&store, "/career secops section:hobbies");
    assert!(reply.error);
    let text = all_text(&reply);
    assert!(
        text.starts_with(
            "SecOps Engineer has no section 'hobbies'. Try one of: `role`, `definition`, `responsibilities`"
        ),
        "{text}"
    );
}

#[test]
fn certs_grouped_with_issuers() {
    let store = store();
    let reply = ask(&store, "/certs secops");
    assert_within_limits(&reply);
    assert_eq!(reply.title, "Certifications · 27. SecOps Engineer");
    let text = all_text(&reply);
    assert_eq!(text.matches("• **").count(), 9);
    assert!(
        text.contains("• **Certified Kubernetes Security Specialist (CKSS)** — CNCF: Focuses on Kubernetes security")
    );
    assert!(!text.contains("Self-Learning"));
    let bad = ask(&store, "/certs secops group:advanced");
    assert!(bad.error && all_text(&bad).contains("Groups: `Certifications`"));
}

#[test]
fn prompts_as_code_blocks_with_numbers_and_context() {
    let store = store();
    let list = ask(&store, "/prompt secops");
    assert_within_limits(&list);
    let text = all_text(&list);
    assert_eq!(text.matches("```").count(), 20, "ten code blocks");
    assert!(text.contains("**10.**\n```\nDevelop a beginner-friendly tutorial"));

    let one = ask(&store, "/prompt secops 3 context:\"I'm a sysadmin with 5 years of Linux\"");
    assert_within_limits(&one);
    let text = all_text(&one);
    assert!(text.starts_with("```\nCreate a guide for building a strong portfolio as a SecOps Engineer"));
    assert!(text.contains("\n\nAbout me: I'm a sysadmin with 5 years of Linux\n```"));
    let labels: Vec<&str> = one.buttons.iter().map(|b| b.label.as_str()).collect();
    assert_eq!(labels, ["Open in ChatGPT", "Open in Claude"]);
    assert!(one.buttons[0].url.starts_with("https://chatgpt.com/?q=Create%20a%20guide"));
    assert!(one.buttons[1].url.contains("About%20me%3A%20I%27m%20a%20sysadmin"));

    for bad in ["/prompt secops 0", "/prompt secops 999999", "/prompt secops -3"] {
        let reply = ask(&store, bad);
        assert!(reply.error, "{bad}");
        assert!(all_text(&reply).contains("has prompts 1–10"), "{bad}");
    }
}

#[test]
fn llm_buttons_are_left_out_when_the_url_would_be_too_long() {
    let store = store();
    let context = "x".repeat(300);
    let reply = ask(&store, &format!("/prompt secops 2 context:{context}"));
    assert!(reply.buttons.is_empty());
    assert!(all_text(&reply).contains("copy it instead"));
}

#[test]
fn prompt_topics_search_every_career() {
    let store = store();
    let reply = ask(&store, "/prompt topic:SIEM");
    assert_within_limits(&reply);
    let text = all_text(&reply);
    assert!(
        text.contains("**SecOps Engineer · prompt 10** (`/prompt secops-engineer 10`)") || text.contains("prompt 3"),
        "{text}"
    );
    assert!(ask(&store, "/prompt").error);
}

#[test]
fn search_names_career_and_section() {
    let store = store();
    let reply = ask(&store, "/search admission controllers career:secops");
    assert_within_limits(&reply);
    let text = all_text(&reply);
    assert!(
        text.starts_with("**1. SecOps Engineer › Getting Started › Key Skills Required › Technical Skills**\n"),
        "{text}"
    );
    assert!(text.contains("`/career secops-engineer technical-skills`"));
    assert_eq!(text.matches("\n`/").count(), 5);
    let none = ask(&store, "/search zzzzqqq");
    assert!(none.error && all_text(&none).contains("Nothing matches 'zzzzqqq'"));
    let career_name = ask(&store, "/search secops");
    assert!(!career_name.error);
}

#[test]
fn careers_lists_every_document() {
    let store = store();
    let reply = ask(&store, "/careers");
    let text = all_text(&reply);
    assert!(text.starts_with("**Careers** (28)\n` 4` Full Stack Developer — `full-stack-developer`\n"), "{text}");
    assert!(text.contains("`27` SecOps Engineer — `secops-engineer`\n"), "{text}");
    assert!(text.contains("\n\n**Guides** (7)\n` 1` Introduction — `introduction`\n"), "{text}");
    assert!(text.ends_with("`35` Conclusion — `conclusion`\n\nOpen one with `/career <name or number>`."), "{text}");
    assert_eq!(text.lines().filter(|l| l.contains(" — `")).count(), 35, "{text}");
}

#[test]
fn help_covers_every_command() {
    let store = store();
    let text = all_text(&ask(&store, "/help"));
    for spec in COMMANDS {
        assert!(text.contains(&format!("**/{}**", spec.name)), "{}", spec.name);
    }
}

#[test]
fn reload_is_for_moderators() {
    let store = store();
    let refused = ask(&store, "/reload");
    assert!(refused.error && refused.private);
    assert!(all_text(&refused).contains("Manage Server"));
    let allowed = ask_as(&store, "/reload", Caller { moderator: true, user: Some(1), guild: Some(2) });
    assert!(!allowed.error && allowed.private);
    assert_eq!(allowed.title, "Content unchanged");
}

#[test]
fn private_and_mention_options() {
    let store = store();
    let reply = ask(&store, "/career secops private:true mention:<@123456789>");
    assert!(reply.private && !reply.error);
    assert_eq!(reply.mention, Some(123456789));
    assert_eq!(ask(&store, "/career secopz mention:42").mention, None, "errors are not pointed at anyone");
}

#[test]
fn page_tokens_survive_a_restart_and_refuse_forgeries() {
    let store = store();
    let settings = Settings::default();
    let ctx = Context { store: &store, settings: &settings, caller: Caller::default() };
    let reply = ask(&store, "/career secops responsibilities");
    let next = reply.next.clone().unwrap();
    // Another process (a fresh store on the same content) turns the page the same way.
    let other = crate::store();
    let other_ctx = Context { store: &other, settings: &settings, caller: Caller::default() };
    assert_eq!(commands::turn_page(&other_ctx, &next).pages[1], reply.pages[1]);

    for forged in
        ["", "hello", "cb1|zz|1|career|x", &next[..next.len() - 1], &next.replace("|1|", "|2|"), &"x".repeat(200)]
    {
        let answer = commands::turn_page(&ctx, forged);
        assert!(answer.error && answer.private, "{forged:?}");
        assert!(all_text(&answer).contains("not valid any more"));
    }

    // A token from older content answers with the current content and a note.
    let mut old = PageToken::decode(&next).unwrap();
    old.version = "00000000".into();
    let stale = commands::turn_page(&ctx, &old.encode().unwrap());
    assert!(!stale.error);
    assert_eq!(stale.page, 0);
    assert!(stale.pages[0].starts_with("*The content was updated since this message"));
}

#[test]
fn tokens_cannot_reach_reload() {
    let store = store();
    let settings = Settings::default();
    let ctx =
        Context { store: &store, settings: &settings, caller: Caller { moderator: true, user: None, guild: None } };
    let token = PageToken {
        version: store.snapshot().version().to_string(),
        page: 0,
        invocation: Invocation::new(CommandName::Reload),
    };
    let reply = commands::turn_page(&ctx, &token.encode().unwrap());
    assert!(reply.error);
}

#[test]
fn invocations_parse_like_discord() {
    let positional = Invocation::parse("/career secops certifications").unwrap();
    let named = Invocation::parse("/career name:secops section:certifications").unwrap();
    assert_eq!(positional, named);
    assert_eq!(Invocation::parse("career secops").unwrap().command, CommandName::Career);
    let search = Invocation::parse("/search admission controllers career:secops").unwrap();
    assert_eq!(search.text("query"), Some("admission controllers"));
    assert_eq!(search.text("career"), Some("secops"));
    assert_eq!(Invocation::parse("/search title:foo").unwrap().text("query"), Some("title:foo"));
    assert!(
        matches!(Invocation::parse("/carer secops"), Err(ParseError::UnknownCommand(_, close)) if close[0] == "career")
    );
    assert!(matches!(Invocation::parse("/career"), Err(ParseError::Missing { .. })));
    assert!(matches!(Invocation::parse("/career secops colour:blue"), Err(ParseError::UnknownOption { .. })));
    assert!(matches!(Invocation::parse("/prompt secops number:three"), Err(ParseError::BadValue { .. })));
    assert!(matches!(Invocation::parse("/prompt secops \"open"), Err(ParseError::UnclosedQuote)));
    assert!(matches!(Invocation::parse("   "), Err(ParseError::Empty)));
}

/// Issue 24.2: an apostrophe inside a word opened a quote that never closed ("A quote is not
/// closed"). A quote opens only at the start of a word or of an option's value.
#[test]
fn quotes_inside_words_are_text() {
    let cases = [
        ("/match I'm an accountant who likes numbers", "about", "I'm an accountant who likes numbers"),
        ("/search what's devops", "query", "what's devops"),
        ("/search query:what's", "query", "what's"),
        ("/search query:\"what's devops\"", "query", "what's devops"),
        ("/search 'it's done' today", "query", "it's done today"),
        ("/search 'quoted words' more", "query", "quoted words more"),
        ("/search '90s games", "query", "'90s games"),
        ("/search a 5\" screen", "query", "a 5\" screen"),
        ("/search don't isn't won’t", "query", "don't isn't won’t"),
    ];
    for (line, option, value) in cases {
        let invocation = Invocation::parse(line).unwrap_or_else(|e| panic!("{line}: {e}"));
        assert_eq!(invocation.text(option), Some(value), "{line}");
        assert_eq!(Invocation::parse(&invocation.to_line()), Ok(invocation.clone()), "{line} printed back");
    }
    // A quote that opens a word or a value still has to close.
    assert!(matches!(Invocation::parse("/search \"open"), Err(ParseError::UnclosedQuote)));
    assert!(matches!(Invocation::parse("/search query:“open"), Err(ParseError::UnclosedQuote)));
}

#[test]
fn the_spec_fits_discord() {
    let names: std::collections::HashSet<_> = COMMANDS.iter().map(|c| c.command).collect();
    assert_eq!(names.len(), COMMANDS.len(), "one spec per command");
    for c in COMMANDS {
        let valid_name = |n: &str| {
            (1..=32).contains(&n.len())
                && n.chars().all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '-' || ch == '_')
        };
        assert!(valid_name(c.name), "{}", c.name);
        assert!((1..=100).contains(&c.description.chars().count()), "{}", c.name);
        assert!(c.options.len() <= 25);
        let mut seen_optional = false;
        for o in c.options {
            assert!(valid_name(o.name), "{}.{}", c.name, o.name);
            assert!((1..=100).contains(&o.description.chars().count()), "{}.{}", c.name, o.name);
            assert!(!(o.required && seen_optional), "required options come first in {}", c.name);
            seen_optional |= !o.required;
            assert!(o.completion.is_none() || o.kind != OptionType::Boolean);
        }
    }
}

fn arb_value(kind: OptionType) -> BoxedStrategy<OptionValue> {
    match kind {
        OptionType::String => "[^\\x00]{0,40}".prop_map(OptionValue::String).boxed(),
        OptionType::Integer => any::<i64>().prop_map(OptionValue::Integer).boxed(),
        OptionType::Boolean => any::<bool>().prop_map(OptionValue::Boolean).boxed(),
        OptionType::User => any::<u64>().prop_map(OptionValue::User).boxed(),
    }
}

fn arb_invocation() -> impl Strategy<Value = Invocation> {
    (0..COMMANDS.len()).prop_flat_map(|i| {
        let spec = &COMMANDS[i];
        let options: Vec<_> =
            spec.options.iter().map(|o| prop::option::of(arb_value(o.kind)).prop_map(move |v| (o.name, v))).collect();
        options.prop_map(move |values| {
            let mut invocation = Invocation::new(spec.command);
            for (name, value) in values.into_iter().filter_map(|(n, v)| v.map(|v| (n, v))) {
                invocation.set(name, value);
            }
            invocation
        })
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn invocation_lines_round_trip(invocation in arb_invocation()) {
        let line = invocation.to_line();
        let parsed = Invocation::parse_partial(&line).map(|(i, _)| i);
        prop_assert_eq!(parsed, Ok(invocation), "line: {}", line);
    }

    #[test]
    fn any_page_token_round_trips_or_is_refused(invocation in arb_invocation(), page in 0usize..50) {
        let token = PageToken { version: "abcdef12".into(), page, invocation };
        if let Some(encoded) = token.encode() {
            prop_assert!(encoded.len() <= limits::CUSTOM_ID);
            let decoded = PageToken::decode(&encoded).unwrap();
            prop_assert_eq!(decoded.page, page);
            prop_assert_eq!(decoded.invocation.command, token.invocation.command);
        }
    }

    #[test]
    fn decoding_garbage_never_panics(text in "\\PC{0,120}") {
        let _ = PageToken::decode(&text);
    }

    #[test]
    fn replies_to_any_typed_career_fit(name in "\\PC{0,200}", section in "\\PC{0,60}") {
        // One store for all cases: building an index per case would dominate the run.
        static SHARED: std::sync::OnceLock<Store> = std::sync::OnceLock::new();
        let store = SHARED.get_or_init(store);
        let settings = Settings::default();
        let ctx = Context { store, settings: &settings, caller: Caller::default() };
        let invocation = Invocation::new(CommandName::Career)
            .with("name", OptionValue::String(name))
            .with("section", OptionValue::String(section));
        assert_within_limits(&commands::execute(&ctx, &invocation, 0));
    }
}

proptest! {
    // Few, large cases: each reply is many long lines (generating them dominates the time).
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn pages_fit_and_keep_all_the_text(blocks in prop::collection::vec(arb_block(), 0..8), first in 500usize..4000, later in 500usize..4000) {
        let pages = paginate(&blocks, first, later);
        prop_assert!(!pages.is_empty());
        for (i, page) in pages.iter().enumerate() {
            let budget = if i == 0 { first } else { later };
            prop_assert!(limits::len(page) <= budget.max(later.min(first)), "page {} is {} > {}", i, limits::len(page), budget);
            prop_assert_eq!(page.matches("```").count() % 2, 0);
        }
        // Emphasis a page closes or escapes (`**` at a line's end, `\\*`) is markup, not text.
        let squeeze = |t: &str| t.replace('\u{200b}', "").replace("```", "").chars().filter(|c| !c.is_whitespace() && !"*_~|\\".contains(*c)).collect::<String>();
        let whole: String = blocks.iter().map(|b| match b {
            Block::Text { text } => text.clone(),
            Block::Code { label, code } => format!("{}{code}", label.clone().unwrap_or_default()),
        }).collect();
        prop_assert_eq!(squeeze(&pages.concat()), squeeze(&whole));
    }
}

#[test]
fn a_cut_falls_after_a_whole_word() {
    use careerbot::commands::reply::{truncate, truncate_start};
    let sentence = "AWS Certified Security – Specialty, and many others specializing in different cloud domains.";
    assert_eq!(truncate(sentence, 40), "AWS Certified Security – Specialty, and…");
    assert_eq!(truncate_start(sentence, 40), "…in different cloud domains.");
    // One long word is cut where it must.
    assert_eq!(truncate("Supercalifragilistic", 8), "Superca…");
}

#[test]
fn a_page_break_keeps_an_item_with_its_text_and_leaves_no_stub_page() {
    let items: Vec<String> = (0..30)
        .map(|n| format!("• **Certification {n}**\n  …a sentence that names certification {n} among others, long enough to matter."))
        .collect();
    let pages = paginate(&[Block::Text { text: items.join("\n\n") }], 1000, 1000);
    assert!(pages.len() > 2);
    for page in &pages {
        assert!(page.starts_with("• **Certification"), "a page opens with an item's name:\n{page}");
        assert!(page.ends_with("to matter."), "a page ends with an item's text:\n{page}");
    }
    let shortest = pages.iter().map(|p| limits::len(p)).min().unwrap();
    assert!(shortest * 3 >= 1000, "a stub page of {shortest} characters");
    // An unclosed bold from a page is closed on its own line, so no page is left bold.
    let pages = paginate(
        &[Block::Text { text: "**Common Responsibilities:\n* Writing code.\n**Salaries**".into() }],
        1000,
        1000,
    );
    assert_eq!(pages, ["**Common Responsibilities:**\n* Writing code.\n**Salaries**"]);
}

fn arb_block() -> impl Strategy<Value = Block> {
    let line = prop_oneof![
        "[a-zA-Z ]{0,80}",
        "\\PC{0,300}",
        "[a-z]{1,20}( [a-z]{1,20}){0,400}",
        "\\[[a-z ]{1,30}\\]\\(https://example\\.com/[a-z]{1,40}\\)",
        "[😀é中]{0,3000}",
    ];
    prop_oneof![
        prop::collection::vec(line.clone(), 0..12).prop_map(|lines| Block::Text { text: lines.join("\n") }),
        (prop::option::of("[a-z]{1,10}"), prop::collection::vec(line, 0..16))
            .prop_map(|(label, lines)| Block::Code { label, code: lines.join("\n") }),
    ]
}
