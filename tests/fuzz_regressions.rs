//! Inputs the fuzz targets in `fuzz/` found to break a promise, one test per bug, each with
//! the input as the fuzzer found it and the smallest form of it. See fuzz/README.md.

use careerbot::commands::reply::{limits, paginate, Block};
use careerbot::commands::token::{PageToken, TokenError};
use careerbot::commands::Invocation;

/// A token with the checksum `PageToken::encode` would give it.
fn signed(body: &str) -> String {
    format!("{body}|{}", &blake3::hash(body.as_bytes()).to_hex()[..4])
}

fn assert_pages_ok(blocks: &[Block], first: usize, later: usize) {
    let pages = paginate(blocks, first, later);
    for (i, page) in pages.iter().enumerate() {
        let budget = if i == 0 { first } else { later };
        assert!(limits::len(page) <= budget, "page {i} over budget: {blocks:?}");
        assert_eq!(page.matches("```").count() % 2, 0, "page {i} leaves a code block open: {page:?}");
    }
    // Every backtick is still shown (as text, kept apart by zero-width spaces).
    let ticks = |t: &str| t.matches('`').count();
    let given: usize = blocks
        .iter()
        .map(|b| match b {
            Block::Text { text } => ticks(text),
            Block::Code { label, code } => ticks(label.as_deref().unwrap_or_default()) + ticks(code),
        })
        .sum();
    let fences = |b: &Block| usize::from(matches!(b, Block::Code { .. })) * 6;
    let shown: usize = pages.iter().map(|p| ticks(p)).sum();
    assert_eq!(shown, given + blocks.iter().map(fences).sum::<usize>(), "{pages:?}");
}

/// paginate: a run of four or more backticks kept three of them after the zero-width space
/// went in (`break_fences` replaced once: "````" → "`\u{200b}```"), opening a code block
/// that swallowed the rest of the message.
#[test]
fn paginate_four_backticks_opened_a_code_block() {
    // As found (fuzz/artifacts/paginate/crash-9e2ae8df…): budgets 500/500.
    let found = [
        Block::Text { text: "\u{12} \n".into() },
        Block::Text { text: "te-\n````".into() },
        Block::Text { text: String::new() },
    ];
    assert_pages_ok(&found, 500, 500);
    // Smallest (also in tests/fuzz_props.proptest-regressions), and longer runs anywhere.
    assert_pages_ok(&[Block::Text { text: "````".into() }], 500, 500);
    for n in 4..=12 {
        let run = "`".repeat(n);
        assert_pages_ok(&[Block::Text { text: format!("a {run} b") }], 500, 500);
        assert_pages_ok(&[Block::Code { label: Some(run.clone()), code: run.clone() }], 500, 500);
        assert_pages_ok(&[Block::Code { label: None, code: format!("x\n{run}\ny") }], 500, 500);
    }
}

/// Invocation::to_line: a value with a curly quote was printed bare (`name:a”b`), and `“`
/// or `”` opens a quote when the line is read back (UnclosedQuote); inside double quotes an
/// unescaped `”` closes the quote early.
#[test]
fn invocation_curly_quotes_in_a_value_did_not_print_back() {
    // As found (fuzz/artifacts/invocation/crash-f7ed92c6…).
    let found = "/career 'x\\ \" /ps\u{201d}\"career 'x\\ \" /b\"";
    for line in [
        found,
        "/career 'a\u{201d}b'",
        "/career 'a\u{201c}b'",
        "/career '\u{201c}'",
        "/search 'say \u{201d}hi\u{201d}'",
    ] {
        let invocation = Invocation::parse(line).unwrap_or_else(|e| panic!("{line:?}: {e}"));
        let printed = invocation.to_line();
        assert_eq!(Invocation::parse(&printed), Ok(invocation), "{line:?} printed as {printed:?}");
    }
}

/// PageToken::decode: accepted `private=`/`mention=` parts that `encode` never writes (they
/// stay with the message), so a made-up token could point an answer at any member, and the
/// token did not re-encode to itself.
#[test]
fn page_token_with_mention_or_private_is_refused() {
    // As found (fuzz/artifacts/page_token/crash-508d4ae1…, checksum fixed by the target).
    assert_eq!(PageToken::decode("cb1|12|2|prompt|mention=6|c021"), Err(TokenError::Invalid));
    for body in
        ["cb1|abcdef12|0|career|name=secops|mention=123456789", "cb1|abcdef12|1|career|name=secops|private=true"]
    {
        assert_eq!(PageToken::decode(&signed(body)), Err(TokenError::Invalid), "{body}");
    }
    // The same token without them is fine.
    assert!(PageToken::decode(&signed("cb1|abcdef12|0|career|name=secops")).is_ok());
}

/// paginate: a code block's label was measured before its backticks were broken up, so a
/// label with "```" in it, put above the block on the same unit, made the unit (and its page)
/// longer than the budget by one zero-width space per fence.
#[test]
fn paginate_label_with_fences_was_measured_too_short() {
    // As found (fuzz/artifacts/paginate/crash-3ccaf523…): budgets 756 and 716; page 1 was 743 long.
    let found = [
        Block::Text { text: "\0\0``````````````````````````````````````````:/ ``````{:toc}```````````\0\u{1}".into() },
        Block::Text { text: "\0\0\0\0\0".into() },
        Block::Code { label: None, code: "*1".into() },
        Block::Text { text: "\0😀".into() },
        Block::Code {
            label: Some("\0cIodaliases: dk](hter\n````````````````````````````````````````````````````````````````````````````````````[`````````````````````````````````````[``````````````'`f\0\0`````:/ ````````````title: ````````````````````````````````````````````````````````````````````````````````e)/```````\u{1}\0\0\0\"`````````````````````````````````````````:/`````````````title: `````````````````````````````````````e)/````````````](```````````````````````````````e)/`````````````````````````'````````".into()),
            code: String::new(),
        },
        Block::Code { label: Some(String::new()), code: String::new() },
        Block::Code { label: Some(String::new()), code: String::new() },
        Block::Code { label: None, code: "```````````````".into() },
    ];
    assert_pages_ok(&found, 756, 716);
    // Smallest shape: a label of fences that fits only when measured before they are broken.
    let label = "```".repeat(150);
    let blocks = [Block::Code { label: Some(label), code: "x".into() }];
    assert_pages_ok(&blocks, 500, 500);
    for first in [500, 716, 1200] {
        let blocks = [
            Block::Text { text: "intro ".repeat(100) },
            Block::Code { label: Some(format!("**3.** {}", "```".repeat(60))), code: "line\n".repeat(40) },
        ];
        assert_pages_ok(&blocks, first, 716);
    }
}

/// whole_bot: a heading of 108 letters made a section key longer than the 100 characters
/// Discord takes as an autocomplete value, and Discord refuses the whole list for one such
/// choice. Such a choice is now left out; the others are offered, and the section still opens
/// when its key is typed.
#[test]
fn autocomplete_never_offers_a_value_longer_than_discord_takes() {
    use careerbot::commands::{self, Caller, Context, OptionValue, Settings};
    use careerbot::content::{assemble, parse_document};
    use careerbot::snapshot::{Settings as StoreSettings, Snapshot, Store};

    // As found (fuzz/artifacts/whole_bot/crash-be9c247c…), and its smallest form.
    let found = format!(
        "---\ntitle: \"87. Same Role\"\ndath: the second of two files with one slug\"\n---\n# 87. Same 7. Same Role\n\n## Definition:\nT: \"Career Path: the secon' of two files with one slug\"\n---\n# 87. Sjme Role\n\n## De{}finition:\nThe second file with this slug.\n",
        "D".repeat(108)
    );
    let smallest =
        format!("---\ntitle: \"1. Role\"\n---\n# 1. Role\n\n## {}\nText.\n\n## Short\nText.\n", "Long".repeat(30));
    for text in [found, smallest] {
        let parsed = parse_document("1-Fuzz_Document_0.md", text.as_bytes());
        let library = assemble(parsed.document.into_iter().collect(), parsed.problems);
        let slug = library.documents[0].slug.clone();
        let long_key = library.documents[0].sections.iter().map(|s| s.key.clone()).max_by_key(|k| k.len()).unwrap();
        assert!(limits::len(&long_key) > limits::CHOICE_VALUE, "the case needs a long key: {long_key}");
        let store = Store::with_snapshot(
            Snapshot::in_memory(library).unwrap(),
            StoreSettings {
                content_dir: "/nonexistent".into(),
                index_dir: "/nonexistent".into(),
                load: Default::default(),
            },
        );
        let snapshot = store.snapshot();
        let partial = Invocation::new(commands::CommandName::Career).with("name", OptionValue::String(slug.clone()));
        for typed in ["", "de", "long"] {
            let choices = commands::complete(&snapshot, &partial, "section", typed);
            assert!(choices.iter().all(|c| match &c.value {
                OptionValue::String(v) => limits::len(v) <= limits::CHOICE_VALUE,
                _ => true,
            }));
        }
        assert!(!commands::complete(&snapshot, &partial, "section", "").is_empty(), "the other sections are offered");
        let settings = Settings::default();
        let ctx = Context { store: &store, settings: &settings, caller: Caller::default() };
        let typed = partial.clone().with("section", OptionValue::String(long_key.clone()));
        assert!(!commands::execute(&ctx, &typed, 0).error, "the section opens when typed");
    }
}

/// A store over the seed document with every prompt written three times: answers of several
/// pages of prompts.
fn many_prompts() -> (tempfile::TempDir, careerbot::snapshot::Store) {
    use careerbot::content::{load_dir, LoadOptions};
    use careerbot::snapshot::{Settings as StoreSettings, Snapshot, Store};
    use std::path::Path;

    let dir = tempfile::tempdir().unwrap();
    let seed = Path::new(env!("CARGO_MANIFEST_DIR")).join("content/27-SecOps_Engineer.md");
    let text = std::fs::read_to_string(seed).unwrap();
    let (head, prompts) = text.split_once("## GPT Prompts").expect("the seed has prompts");
    let (prompts, tail) = prompts.split_once("\n## ").unwrap_or((prompts, ""));
    let tripled = format!("{head}## GPT Prompts{prompts}{prompts}{prompts}\n## {tail}");
    std::fs::write(dir.path().join("27-SecOps_Engineer.md"), tripled).unwrap();
    let library = load_dir(dir.path(), &LoadOptions::default()).unwrap();
    let store = Store::with_snapshot(
        Snapshot::in_memory(library).unwrap(),
        StoreSettings { content_dir: dir.path().into(), index_dir: dir.path().join("i"), load: Default::default() },
    );
    (dir, store)
}

/// Turns every page of the answer to `line` with its buttons: each must be the answer's page.
fn assert_pages_turn_the_same(store: &careerbot::snapshot::Store, line: &str) {
    use careerbot::commands::{self, Caller, Context, Settings};
    let settings = Settings::default();
    let ctx = Context { store, settings: &settings, caller: Caller::default() };
    let invocation = commands::parse_line(&store.snapshot(), line).unwrap();
    let reply = commands::execute(&ctx, &invocation, 0);
    assert!(reply.pages.len() > 1, "{line}: the case needs several pages: {}", reply.pages.len());
    let mut token = reply.next.clone();
    let mut page = 1;
    while let Some(next) = token {
        let turned = commands::turn_page(&ctx, &next);
        assert_eq!(turned.pages, reply.pages, "{line}: turning to page {}", page + 1);
        assert_eq!(turned.page, page);
        token = turned.next;
        page += 1;
    }
    assert_eq!(page, reply.pages.len(), "{line}");
}

/// whole_bot: `/prompt career topic:<nothing about it>` answers every prompt with a notice
/// above them, but its page buttons replayed the command without the topic, so the later pages
/// were cut without the notice's room and page 2 started one prompt early. Found with a library
/// whose one document had 38 long prompts (fuzz/artifacts/whole_bot/crash-cbbc23f9…); the
/// shipped SecOps document with its prompts written three times shows it too.
#[test]
fn prompt_pages_without_a_matching_topic_turn_to_the_same_pages() {
    let (_dir, store) = many_prompts();
    assert_pages_turn_the_same(&store, "/prompt secops topic:Definition");
}

/// whole_bot, the same class: `/prompt career context:…` (no number) answers every prompt with
/// a hint about picking one with the context, but its buttons replayed it without the context,
/// so the hint changed and the later pages shifted. Found nine times in the 30-minute run
/// (fuzz/artifacts/whole_bot/crash-62e9916e… and others).
#[test]
fn prompt_pages_with_a_context_turn_to_the_same_pages() {
    let (_dir, store) = many_prompts();
    assert_pages_turn_the_same(&store, "/prompt secops context:\"I'm a sysadmin with 5 years of Linux\"");
}

/// Bug 8 (`whole_bot`; crash `whole_bot/crash-bd05b098…`: the SecOps document with one
/// certification list item cut down to "."). The item became a certification with an empty
/// name, which `/certs name:` autocomplete offered as an empty choice (Discord refuses the whole
/// list). A list item without a letter or digit now names no certification, and autocomplete
/// never offers a choice with an empty name.
#[test]
fn a_certification_item_of_punctuation_only_names_nothing() {
    use careerbot::commands::{self, OptionValue};
    use careerbot::content::{assemble, parse_document};
    use careerbot::snapshot::Snapshot;

    let text = "---\ntitle: \"1. Role\"\n---\n# 1. Role\n\n## Certifications:\n* .\n* **Certified Information Systems Security Professional (CISSP):** Security.\n";
    let parsed = parse_document("1-Fuzz_Document_0.md", text.as_bytes());
    let library = assemble(parsed.document.into_iter().collect(), parsed.problems);
    assert!(
        library.documents[0].certifications.iter().any(|c| c.name.trim() == "."),
        "the case needs the punctuation item: {:?}",
        library.documents[0].certifications
    );
    let snapshot = Snapshot::in_memory(library).unwrap();
    assert!(snapshot.certs().all().iter().all(|c| c.name.chars().any(char::is_alphanumeric)));
    for typed in ["", ".", "c", "cissp"] {
        let choices = commands::complete(&snapshot, &Invocation::new(commands::CommandName::Certs), "name", typed);
        assert!(choices.iter().all(|c| !c.name.trim().is_empty()), "{typed:?}: {choices:?}");
        assert!(typed.is_empty() || typed == "." || !choices.is_empty(), "{typed:?}: nothing offered");
        assert!(choices.iter().all(|c| matches!(&c.value, OptionValue::String(v) if !v.is_empty())));
    }
}

/// Reply::finish: a megabyte of one document's certifications (tests/support/adversarial.rs,
/// found by `cargo bench --bench linear`) made 1,407 pages, and a token names pages below
/// 1,000 only: the last page's button was refused. A reply keeps the pages its tokens can
/// name, and its last one says there is more.
#[test]
fn replies_of_more_pages_than_a_token_names_end_where_tokens_do() {
    use careerbot::commands::reply::Draft;
    use careerbot::commands::token::MOST_PAGES;
    let mut draft = Draft::new("Many");
    draft.replay = Some(Invocation::parse("/certs career:secops").expect("parses"));
    for n in 0..(MOST_PAGES + 400) {
        draft.text(format!("{n}: {}", "x".repeat(3_000)));
    }
    let reply = draft.clone().finish(MOST_PAGES + 50, "a1", "footer");
    assert_eq!(reply.pages.len(), MOST_PAGES);
    assert_eq!(reply.page, MOST_PAGES - 1, "a page past the end shows the last one");
    assert!(reply.pages[MOST_PAGES - 1].contains("narrow the question"), "the last page says there is more");
    let prev = reply.prev.as_deref().expect("the last page turns back");
    assert_eq!(PageToken::decode(prev).expect("a valid token").page, MOST_PAGES - 2);
    let first = draft.finish(0, "a1", "footer");
    let mut last = PageToken::decode(first.next.as_deref().expect("a next button")).expect("valid");
    last.page = MOST_PAGES - 1;
    assert!(last.encode().and_then(|t| PageToken::decode(&t).ok()).is_some(), "the last page's token is accepted");
}
