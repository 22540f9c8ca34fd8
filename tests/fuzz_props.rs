//! The proptest variant of each fuzz target in `fuzz/` (see fuzz/README.md): the same inputs,
//! the same checks, a few hundred cases each so they run in every `cargo test`. The fuzzers
//! find bugs; these keep them found.

use std::collections::HashSet;
use std::sync::OnceLock;

use careerbot::commands::reply::{limits, paginate, Block};
use careerbot::commands::spec::COMMANDS;
use careerbot::commands::token::PageToken;
use careerbot::commands::Invocation;
use careerbot::content::{assemble, parse_document, Kind, Severity};
use careerbot::search::{HitKind, SearchRequest};
use careerbot::snapshot::Snapshot;
use proptest::prelude::*;

#[path = "support/replies.rs"]
mod replies;
#[path = "support/whole_bot.rs"]
mod whole_bot;

// ---- parse_document ----

/// Lines of a file as an editor counts them: `\r\n`, `\r` and `\n` each end one.
fn line_count(bytes: &[u8]) -> usize {
    let mut lines = 1;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\r' if bytes.get(i + 1) == Some(&b'\n') => {
                lines += 1;
                i += 1;
            }
            b'\r' | b'\n' => lines += 1,
            _ => {}
        }
        i += 1;
    }
    lines
}

/// What the `parse_document` fuzz target checks.
fn check_parse(name: &str, bytes: &[u8]) -> Result<(), TestCaseError> {
    let parsed = parse_document(name, bytes);
    let lines = line_count(bytes);
    for problem in &parsed.problems {
        prop_assert_eq!(&problem.file, name);
        prop_assert!(problem.line <= lines, "problem line beyond the file's {} lines: {}", lines, problem);
    }
    let has_error = parsed.problems.iter().any(|p| p.severity == Severity::Error);
    prop_assert_eq!(parsed.document.is_some(), !has_error);
    if let Some(document) = &parsed.document {
        let mut keys = HashSet::new();
        for section in &document.sections {
            prop_assert!(keys.insert(section.key.as_str()), "section key {:?} is used twice", section.key);
            prop_assert!((1..=lines).contains(&section.line), "section line {} beyond {}", section.line, lines);
        }
    }
    Ok(())
}

/// Markdown-shaped files: front matter, headings (some repeated), lists, odd line ends.
fn arb_markdown() -> impl Strategy<Value = Vec<u8>> {
    let line = prop_oneof![
        Just("---".to_string()),
        Just("title: \"27. SecOps Engineer\"".to_string()),
        Just("description: Career path".to_string()),
        Just("aliases: [a, b]".to_string()),
        Just("kind: guide".to_string()),
        Just("* TOC\n{:toc}".to_string()),
        "#{1,7} [A-Za-z0-9 :*]{0,20}",
        "\\*\\*[A-Za-z ]{1,20}\\*\\*",
        "[*-] \\*\\*[A-Za-z ]{1,20}:\\*\\* [a-z ]{0,20}",
        "[0-9]{1,2}\\. \"[a-z ]{0,30}\"",
        "- \\[[a-z ]{1,10}\\]\\(https://example\\.com/[a-z]{0,10}\\)",
        "```[a-z]{0,5}",
        "\\PC{0,40}",
        Just(String::new()),
    ];
    let end = prop_oneof![Just("\n"), Just("\r\n"), Just("\r")];
    prop::collection::vec((line, end), 0..40)
        .prop_map(|lines| lines.into_iter().flat_map(|(l, e)| [l, e.to_string()]).collect::<String>().into_bytes())
}

// ---- whole_bot ----

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// The `whole_bot` fuzz target: a library of up to three arbitrary markdown-shaped
    /// documents, every command, option, autocomplete and page over it.
    #[test]
    fn the_whole_bot_answers_over_any_library(files in prop::collection::vec(arb_markdown(), 1..4)) {
        let mut documents = Vec::new();
        let mut problems = Vec::new();
        for (i, bytes) in files.iter().enumerate() {
            let parsed = parse_document(&format!("{}-Fuzz_Document_{i}.md", i + 1), bytes);
            problems.extend(parsed.problems);
            documents.extend(parsed.document);
        }
        let snapshot = Snapshot::in_memory(assemble(documents, problems)).unwrap();
        let settings = careerbot::snapshot::Settings {
            content_dir: "/nonexistent".into(),
            index_dir: "/nonexistent".into(),
            load: Default::default(),
        };
        let store = careerbot::snapshot::Store::with_snapshot(snapshot, settings);
        whole_bot::every_command(&store, whole_bot::Reach { documents: 3, sections: 6, pages: 2 }, |_| {});
    }
}

// ---- invocation ----

fn arb_line() -> impl Strategy<Value = String> {
    let command = "/?(career|certs|prompt|search|careers|help|reload|CAREER|carer)";
    // Value text full of what word splitting cares about: spaces, quotes, escapes, colons.
    let text = "[a-z0-9 :#@<>\"'\\\\“”]{0,8}";
    let quotes = prop_oneof![Just(("\"", "\"")), Just(("'", "'")), Just(("“", "”")), Just(("\"", "”")), Just(("", ""))];
    let value = (quotes, text).prop_map(|((open, close), text)| format!("{open}{text}{close}"));
    let name = prop_oneof![
        Just(String::new()),
        "(name|section|career|group|number|topic|context|query|private|mention|NAME|colour):",
    ];
    let word = prop_oneof![
        (name, value).prop_map(|(name, value)| format!("{name}{value}")),
        "(secops|<@123>|[0-9#+-]{1,4}|true|no|on|0)",
        "\\PC{0,8}",
    ];
    (command, prop::collection::vec(word, 0..6)).prop_map(|(command, words)| format!("{command} {}", words.join(" ")))
}

// ---- search_query ----

fn snapshot() -> &'static Snapshot {
    static SNAPSHOT: OnceLock<Snapshot> = OnceLock::new();
    SNAPSHOT.get_or_init(|| {
        let parsed = parse_document("27-SecOps_Engineer.md", include_bytes!("../content/27-SecOps_Engineer.md"));
        Snapshot::in_memory(assemble(parsed.document.into_iter().collect(), parsed.problems)).unwrap()
    })
}

fn arb_query() -> impl Strategy<Value = String> {
    let word = prop_oneof![
        "(admission|controllers|security|incident|response|SIEM|kubernetes|the|a|as|code|secops|prompt)",
        "(securty|incidnet|kubernets|portfoilo)",
        Just("\"".to_string()),
        Just("“".to_string()),
        Just("„".to_string()),
        "\\PC{0,12}",
        "[İıßﬁ😀é]{1,4}",
    ];
    prop::collection::vec(word, 0..12).prop_map(|words| words.join(" "))
}

// ---- paginate ----

fn arb_block() -> impl Strategy<Value = Block> {
    let line = prop_oneof![
        "[a-zA-Z ]{0,80}",
        "`{1,7}[a-z]{0,5}",
        " *```[a-z +]{0,8}",
        "\\PC{0,200}",
        "[a-z`]{1,10}( [a-z`]{1,10}){0,200}",
        "\\[[a-z ]{1,30}\\]\\(https://example\\.com/[a-z]{1,40}\\)",
        "[😀é中`]{0,1500}",
    ];
    prop_oneof![
        prop::collection::vec(line.clone(), 0..12).prop_map(|lines| Block::Text { text: lines.join("\n") }),
        (
            prop::option::of(prop_oneof!["[a-z]{1,10}", "[a-z`]{0,300}", "(```[a-z]{0,2}){1,150}"]),
            prop::collection::vec(line, 0..16)
        )
            .prop_map(|(label, lines)| Block::Code { label, code: lines.join("\n") }),
    ]
}

// ---- page_token ----

/// Token-shaped text: a prefix, version, page and command (mostly right), then options of
/// that command (mostly) with values of their type (mostly) and escapes; or junk.
fn arb_token_body() -> impl Strategy<Value = String> {
    let head = (
        prop_oneof![4 => Just("cb1"), 1 => Just("cb2")],
        prop_oneof!["[0-9a-f]{8}", "[0-9a-fA-Fg]{0,9}"],
        prop_oneof!["[0-9]{1,3}", "[+0-9-]{0,5}"],
        0..COMMANDS.len(),
    );
    let value = "(true|false|[0-9]{1,3}|-[0-9]|%25|%7C|%|%2|[a-z %|=]{0,6}|\\PC{0,6})";
    let option = (any::<prop::sample::Index>(), prop_oneof![6 => Just(true), 1 => Just(false)], value);
    let token = (head, prop::collection::vec(option, 0..4)).prop_map(|((prefix, version, page, command), options)| {
        let spec = &COMMANDS[command];
        let mut parts = vec![prefix.to_string(), version, page, spec.name.to_string()];
        for (pick, known, value) in options {
            let name = if known && !spec.options.is_empty() { pick.get(spec.options).name } else { "colour" };
            parts.push(format!("{name}={value}"));
        }
        parts.join("|")
    });
    prop_oneof![4 => token, 1 => "[a-z0-9|=%]{0,40}"]
}

/// What the `page_token` fuzz target checks, on a token as given.
fn check_token(token: &str) -> Result<(), TestCaseError> {
    if let Ok(decoded) = PageToken::decode(token) {
        let encoded = decoded.encode();
        prop_assert!(encoded.is_some(), "{:?} decoded to {:?}, which does not encode", token, decoded);
        prop_assert_eq!(PageToken::decode(&encoded.unwrap()), Ok(decoded));
    }
    Ok(())
}

/// The body with the checksum a token made by `encode` carries.
fn with_check(body: &str) -> String {
    format!("{body}|{}", &blake3::hash(body.as_bytes()).to_hex()[..4])
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn parse_document_holds_its_promises(
        bytes in prop_oneof![prop::collection::vec(any::<u8>(), 0..600), arb_markdown()],
        name in prop_oneof![Just("50-Fuzz_Target.md".to_string()), "\\PC{0,30}"],
    ) {
        check_parse(&name, &bytes)?;
    }

    #[test]
    fn parsed_invocations_print_back_to_themselves(line in arb_line()) {
        let _ = Invocation::parse_partial(&line);
        if let Ok(invocation) = Invocation::parse(&line) {
            let printed = invocation.to_line();
            prop_assert_eq!(Invocation::parse(&printed), Ok(invocation), "{:?} printed as {:?}", line, printed);
        }
    }

    #[test]
    fn any_query_is_answered_within_the_limit(text in arb_query(), flags in any::<u8>(), limit in 1usize..=120, neighbours in any::<bool>()) {
        const KINDS: [HitKind; 4] = [HitKind::Section, HitKind::Certification, HitKind::Prompt, HitKind::Link];
        let kinds: Vec<HitKind> = KINDS.iter().enumerate().filter(|(i, _)| flags & (1 << i) != 0).map(|(_, k)| *k).collect();
        let doc_kind = [None, Some(Kind::Career), Some(Kind::Guide), None][usize::from((flags >> 4) & 3)];
        let career = [None, Some("secops-engineer"), Some("no-such-career"), Some(text.as_str())][usize::from(flags >> 6)];
        let request = SearchRequest {
            text: &text,
            career,
            kinds: &kinds,
            doc_kind,
            among: careerbot::search::Among::Everything,
            parts: &[],
            snippets: true,
            limit,
            neighbours,
        };
        let hits = snapshot().search(&request);
        prop_assert!(hits.is_ok(), "{:?}: {:?}", request, hits.err());
        let hits = hits.unwrap();
        prop_assert!(hits.len() <= limit.min(100));
        for hit in &hits {
            prop_assert!(career.is_none_or(|c| c == hit.career));
            prop_assert!(kinds.is_empty() || kinds.contains(&hit.kind));
            prop_assert!(doc_kind != Some(Kind::Guide), "the seed is a career: {:?}", hit);
        }
    }

    #[test]
    fn pages_fit_their_budget_and_close_their_fences(
        blocks in prop::collection::vec(arb_block(), 0..6),
        first in 500usize..=4096,
        later in 500usize..=4096,
    ) {
        let pages = paginate(&blocks, first, later);
        prop_assert!(!pages.is_empty());
        for (i, page) in pages.iter().enumerate() {
            let budget = if i == 0 { first } else { later };
            prop_assert!(limits::len(page) <= budget, "page {} is {} long, budget {}", i, limits::len(page), budget);
            prop_assert_eq!(page.matches("```").count() % 2, 0, "page {} leaves a code block open: {:?}", i, page);
        }
    }

    #[test]
    fn decoded_page_tokens_encode_to_themselves(body in prop_oneof![arb_token_body(), "\\PC{0,110}"]) {
        check_token(&body)?;
        check_token(&with_check(&body))?;
    }
}
