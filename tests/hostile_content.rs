//! Hostile content: broken, huge, binary, tricky and malicious documents, each beside a good
//! one, through the public API only.
//!
//! For every case:
//! - (a) loading never panics, and the problem names the file, a line (> 0 where a line means
//!   something, 0 for whole-file problems) and says what is wrong;
//! - (b) the good document in the same folder still loads;
//! - (c) a [`Store::reload`] that meets the file keeps the old content serving when the problem
//!   is an error (`Rejected`, same version), swaps it in when it is only a warning, and changes
//!   nothing when the file is skipped;
//! - every document that serves afterwards answers `/career` (overview, every page, a few
//!   sections, the section menu), `/certs`, `/prompt` and `/search` within Discord's limits,
//!   with no link whose scheme is not http(s) and no `@everyone`/`@here` outside code.
//!
//! Small text fixtures live in `tests/fixtures/hostile/` (see the README there); everything big,
//! binary, invalid UTF-8 or that is a symlink is generated into a temporary folder here.

#[path = "support/replies.rs"]
mod replies;
#[path = "support/whole_bot.rs"]
mod whole_bot;

use std::fs;
use std::path::{Path, PathBuf};

use careerbot::commands::token::PageToken;
use careerbot::commands::{self, Caller, CommandName, Context, Invocation, OptionValue, Reply, Settings};
use careerbot::content::{load_dir, Library, LoadOptions, Severity, DEFAULT_MAX_FILE_BYTES};
use careerbot::snapshot::{self, ReloadOutcome, ReloadReport, Snapshot, Store, Trigger};
use replies::{assert_within_limits, outside_code};
use tempfile::TempDir;
use whole_bot::Reach;

// ---------------------------------------------------------------------------------------------
// Folders, fixtures and the good neighbour

/// The good document every case puts beside the bad one.
const GOOD_FILE: &str = "1-Steady_Engineer.md";
const GOOD_SLUG: &str = "steady-engineer";

fn good_doc() -> String {
    "---\ntitle: \"1. Steady Engineer\"\ndescription: \"Career Path for a Steady Engineer\"\n\
     permalink: /students/career_paths/1-Steady_Engineer/\nlang: en\n---\n# 1. Steady Engineer\n\n\
     ## Role Definition & Responsibilities:\n\n### Definition:\n* **Definition:** A Steady Engineer keeps \
     zeppelins flying every day.\n\n## Vocational Training & Certifications:\n* **Zeppelin Pilot (ZPL) \
     (Air Guild):** Flying basics.\n\n## GPT Prompts\n1. \"Explain what a Steady Engineer does.\"\n\
     2. \"Plan my first year as a Steady Engineer.\"\n\n## Future Reading Links\n\
     1. [Zeppelins](https://example.com/zeppelins): All about them.\n"
        .to_string()
}

/// `root/content` (the content folder, with the good document), `root/outside` (a folder a
/// symlink may point at) and `root/index`.
struct Folder {
    _root: TempDir,
    content: PathBuf,
    outside: PathBuf,
    index: PathBuf,
}

impl Folder {
    fn new() -> Folder {
        let root = TempDir::new().expect("tempdir");
        let content = root.path().join("content");
        let outside = root.path().join("outside");
        let index = root.path().join("index");
        for dir in [&content, &outside, &index] {
            fs::create_dir(dir).expect("mkdir");
        }
        write(&content, GOOD_FILE, good_doc());
        // A document a symlink might leak in from outside the content folder.
        write(
            &outside,
            "99-Secret_Engineer.md",
            "---\ntitle: \"99. Secret Engineer\"\n---\n# 99. Secret Engineer\n\n## Definition:\nOUTSIDE-SECRET\n",
        );
        Folder { _root: root, content, outside, index }
    }

    fn settings(&self) -> snapshot::Settings {
        snapshot::Settings {
            content_dir: self.content.clone(),
            index_dir: self.index.clone(),
            load: LoadOptions::default(),
        }
    }

    /// A store serving what the folder holds now.
    fn store(&self) -> Store {
        let library = load(&self.content);
        assert!(library.problems.is_empty(), "the starting folder is clean: {:#?}", library.problems);
        Store::with_snapshot(Snapshot::in_memory(library).expect("index"), self.settings())
    }
}

fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) {
    fs::write(dir.join(name), bytes).unwrap_or_else(|e| panic!("cannot write {name}: {e}"));
}

fn load(dir: &Path) -> Library {
    load_dir(dir, &LoadOptions::default()).unwrap_or_else(|e| panic!("{e}"))
}

fn fixture(name: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/hostile").join(name);
    let bytes = fs::read(&path).unwrap_or_else(|e| panic!("cannot read fixture {}: {e}", path.display()));
    // Whatever a checkout did to line endings, the fixture is the LF file.
    match String::from_utf8(bytes) {
        Ok(text) => text.replace("\r\n", "\n").into_bytes(),
        Err(e) => e.into_bytes(),
    }
}

/// Copies a fixture into the content folder under its own name.
fn copy_fixture(f: &Folder, name: &str) {
    write(&f.content, name, fixture(name));
}

// ---------------------------------------------------------------------------------------------
// What a case expects

/// Where a problem must be.
#[derive(Debug, Clone, Copy)]
enum Lines {
    /// About the whole file: line 0.
    Whole,
    /// Exactly this 1-based line.
    At(usize),
    /// Anywhere in this 1-based range.
    Within(usize, usize),
}

impl Lines {
    fn holds(self, line: usize) -> bool {
        match self {
            Lines::Whole => line == 0,
            Lines::At(n) => line == n,
            Lines::Within(a, b) => line > 0 && (a..=b).contains(&line),
        }
    }
}

/// What loading the bad file must give.
enum Expect {
    /// One error pinned to `line` whose message contains every one of `says`; no document.
    Error { line: Lines, says: &'static [&'static str] },
    /// A document with `slug`, and exactly these warnings (line, words in the message).
    Loads { slug: &'static str, warnings: &'static [(Lines, &'static str)] },
    /// Not loaded, with one warning about the whole file.
    Skipped { says: &'static str },
    /// Not a document at all: no document, no problem.
    Ignored,
}

/// Runs one case: the folder starts with the good document and a store serving it; `make`
/// adds the bad file(s); `file` is the name problems must carry. Returns the folder, the
/// library as loaded, and the store after its reload, for checks of the case's own.
fn case(file: &str, expect: Expect, make: impl FnOnce(&Folder)) -> (Folder, Library, Store) {
    let f = Folder::new();
    let store = f.store();
    let before = store.snapshot().version().to_string();
    make(&f);

    // (a) + (b): load the folder as `careerbot check` and a first start do.
    let library = load(&f.content);
    assert!(library.get(GOOD_SLUG).is_some(), "{file}: the good neighbour still loads: {:#?}", library.problems);
    for problem in &library.problems {
        assert!(!problem.file.is_empty() && !problem.message.trim().is_empty(), "{problem:?}");
        let shown = problem.to_string();
        assert!(shown.starts_with(&format!("{}:{}: ", problem.file, problem.line)), "{shown}");
    }
    let problems: Vec<_> = library.problems.iter().filter(|p| p.file == file).collect();
    assert!(
        library.problems.iter().all(|p| p.file == file),
        "{file}: only the bad file has problems: {:#?}",
        library.problems
    );
    let loaded = library.documents.iter().any(|d| d.file == file);
    match &expect {
        Expect::Error { line, says } => {
            assert_eq!(problems.len(), 1, "{file}: one problem expected: {problems:#?}");
            let p = problems[0];
            assert_eq!(p.severity, Severity::Error, "{p}");
            assert!(line.holds(p.line), "{file}: line {} is not {line:?}: {p}", p.line);
            for word in *says {
                assert!(p.message.to_lowercase().contains(&word.to_lowercase()), "{file}: message lacks '{word}': {p}");
            }
            assert!(!loaded, "{file} has an error but was loaded");
        }
        Expect::Loads { slug, warnings } => {
            assert!(loaded, "{file} should load: {problems:#?}");
            assert_eq!(library.documents.iter().find(|d| d.file == file).map(|d| d.slug.as_str()), Some(*slug));
            assert_eq!(problems.len(), warnings.len(), "{file}: warnings {problems:#?}");
            for (p, (line, says)) in problems.iter().zip(warnings.iter()) {
                assert_eq!(p.severity, Severity::Warning, "{p}");
                assert!(line.holds(p.line), "{file}: line {} is not {line:?}: {p}", p.line);
                assert!(p.message.contains(says), "{file}: message lacks '{says}': {p}");
            }
        }
        Expect::Skipped { says } => {
            assert_eq!(problems.len(), 1, "{file}: one warning expected: {problems:#?}");
            let p = problems[0];
            assert_eq!((p.severity, p.line), (Severity::Warning, 0), "{p}");
            assert!(p.message.contains(says), "{file}: message lacks '{says}': {p}");
            assert!(!loaded, "{file} was skipped but loaded");
        }
        Expect::Ignored => {
            assert!(problems.is_empty(), "{file}: {problems:#?}");
            assert!(!loaded);
        }
    }
    assert!(!library.has_errors() || matches!(expect, Expect::Error { .. }), "{:#?}", library.problems);

    // (c): the reload that meets the file.
    let report = store.reload(Trigger::Terminal);
    assert_eq!(report.problems, library.problems, "{file}: the reload saw what loading saw");
    let after = store.snapshot();
    match &expect {
        Expect::Error { .. } => {
            assert_eq!(report.outcome, ReloadOutcome::Rejected, "{file}: {report:?}");
            assert_eq!(after.version(), before, "{file}: the old content keeps serving");
            assert_eq!(report.version, before);
            assert!(after.library.documents.iter().all(|d| d.file == GOOD_FILE), "{file}: nothing new served");
        }
        Expect::Loads { .. } => {
            assert_eq!(report.outcome, ReloadOutcome::Swapped, "{file}: warnings do not block: {report:?}");
            assert_ne!(after.version(), before);
            assert!(after.library.documents.iter().any(|d| d.file == file), "{file} serves after the reload");
        }
        Expect::Skipped { .. } | Expect::Ignored => {
            assert_eq!(report.outcome, ReloadOutcome::Unchanged, "{file}: {report:?}");
            assert_eq!(after.version(), before);
        }
    }
    assert!(after.library.get(GOOD_SLUG).is_some());
    answers_stay_safe(&store, file);
    (f, library, store)
}

// ---------------------------------------------------------------------------------------------
// Rendering checks

/// No markdown link outside code has a target other than http(s).
fn assert_only_web_links(text: &str, what: &str) {
    let prose = outside_code(text);
    let mut rest = prose.as_str();
    while let Some(at) = rest.find("](") {
        // Markdown readers allow spaces and `<` before a target: `[x]( <javascript:y>)`.
        let target = rest[at + 2..].trim_start().trim_start_matches('<');
        let web = |scheme: &str| target.get(..scheme.len()).is_some_and(|t| t.eq_ignore_ascii_case(scheme));
        assert!(
            web("https://") || web("http://"),
            "{what}: a link to something that is not http(s): …{}…\nin:\n{text}",
            &rest[at.saturating_sub(40)..(at + 40).min(rest.len())]
        );
        rest = &rest[at + 2..];
    }
}

/// No `@everyone`/`@here` that could form a mention, outside code.
fn assert_no_mass_mention(text: &str, what: &str) {
    let prose = outside_code(text);
    for word in ["@everyone", "@here"] {
        assert!(!prose.contains(word), "{what}: '{word}' is shown as it is:\n{text}");
    }
}

fn assert_safe(reply: &Reply, what: &str) {
    assert_within_limits(reply);
    for (i, page) in reply.pages.iter().enumerate() {
        assert_only_web_links(page, &format!("{what} page {i}"));
        assert_no_mass_mention(page, &format!("{what} page {i}"));
    }
    for field in &reply.fields {
        assert_only_web_links(&field.value, what);
        assert_no_mass_mention(&format!("{}\n{}", field.name, field.value), what);
    }
    assert_no_mass_mention(&reply.title, &format!("{what} title"));
    // Menu labels are plain text in a select menu: Discord never reads mentions there.
    if let Some(url) = &reply.url {
        assert!(url.starts_with("https://ictasl.github.io/"), "{what}: title link leaves the site: {url}");
        assert!(!url.chars().any(|c| c.is_whitespace() || c.is_control()), "{what}: {url:?}");
    }
    for b in &reply.buttons {
        assert!(!b.url.chars().any(|c| c.is_whitespace() || c.is_control()), "{what}: {:?}", b.url);
    }
}

/// Checks every page of a reply (a reply carries all of them), then turns the first pages
/// and jumps to the last through the page tokens, as the buttons would.
fn assert_safe_with_pages(ctx: &Context<'_>, reply: &Reply, what: &str) {
    assert_safe(reply, what);
    assert!(reply.pages.len() <= 1000, "{what}: {} pages", reply.pages.len());
    let mut current = reply.clone();
    for turn in 1..reply.pages.len().min(3) {
        let next = current.next.clone().unwrap_or_else(|| panic!("{what}: page {turn} has no button"));
        current = commands::turn_page(ctx, &next);
        assert!(!current.error, "{what}: page {turn} does not turn");
        assert_eq!((current.page, &current.pages), (turn, &reply.pages), "{what}: page {turn}");
        assert_safe(&current, &format!("{what} (page {turn})"));
    }
    if let Some(next) = &reply.next {
        let mut token = PageToken::decode(next).expect("our own token");
        token.page = reply.pages.len() - 1;
        let last = commands::turn_page(ctx, &token.encode().expect("fits"));
        assert_eq!(last.page, reply.pages.len() - 1, "{what}: the last page");
        assert!(last.next.is_none() && last.prev.is_some(), "{what}: the last page has only a back button");
        assert_safe(&last, &format!("{what} (last page)"));
    }
}

fn invocation(command: CommandName, options: &[(&str, OptionValue)]) -> Invocation {
    let mut invocation = Invocation::new(command);
    for (name, value) in options {
        invocation.set(name, value.clone());
    }
    invocation
}

fn text(s: &str) -> OptionValue {
    OptionValue::String(s.to_string())
}

/// The whole-bot check over what serves (every command, option and autocomplete; see
/// `support/whole_bot.rs`), with every answer checked safe; plus searches for the hostile
/// words themselves.
fn answers_stay_safe(store: &Store, case: &str) {
    let reach = Reach { sections: 40, ..Reach::ALL };
    let asked = whole_bot::every_command(store, reach, |asked| {
        let what = format!("{case}: {}", asked.line);
        assert_safe(&asked.reply, &what);
        // Every document serves its overview and sections.
        if asked.line.starts_with("/career ") && !asked.line.contains("no-such-section") {
            assert!(!asked.reply.error, "{what}: {:?}", asked.reply.pages);
        }
    });
    assert!(asked > 0);
    let settings = Settings::default();
    let ctx = Context { store, settings: &settings, caller: Caller::default() };
    for query in ["everyone", "javascript alert", "link", "lol", "Not a heading"] {
        let reply = commands::execute(&ctx, &invocation(CommandName::Search, &[("query", text(query))]), 0);
        assert_safe_with_pages(&ctx, &reply, &format!("{case}: /search {query}"));
    }
}

// ---------------------------------------------------------------------------------------------
// YAML

#[test]
fn broken_yaml_is_an_error_on_its_line() {
    case("80-Broken_Yaml.md", Expect::Error { line: Lines::At(3), says: &["invalid YAML front matter"] }, |f| {
        copy_fixture(f, "80-Broken_Yaml.md")
    });
}

#[test]
fn front_matter_never_closed_is_an_error_on_line_one() {
    case("81-Never_Closed.md", Expect::Error { line: Lines::At(1), says: &["never closed"] }, |f| {
        copy_fixture(f, "81-Never_Closed.md")
    });
}

#[test]
fn tabs_in_yaml_are_an_error_on_the_tabbed_line() {
    case(
        "82-Tabbed_Yaml.md",
        Expect::Error { line: Lines::At(4), says: &["invalid YAML front matter", "cannot start any token"] },
        |f| copy_fixture(f, "82-Tabbed_Yaml.md"),
    );
}

#[test]
fn a_billion_laughs_alias_bomb_is_refused_quickly() {
    // 9^9 "lol"s if expanded; serde_yaml stops at its repetition limit instead.
    case(
        "88-Anchor_Bomb.md",
        Expect::Error { line: Lines::Within(2, 11), says: &["invalid YAML front matter", "repetition limit"] },
        |f| copy_fixture(f, "88-Anchor_Bomb.md"),
    );
}

#[test]
fn yaml_nested_ten_thousand_deep_is_refused() {
    let file = "96-Deep_Yaml.md";
    case(file, Expect::Error { line: Lines::At(3), says: &["invalid YAML front matter", "recursion limit"] }, |f| {
        let yaml = format!("title: \"96. Deep Yaml\"\naliases: {}{}\n", "[".repeat(10_000), "]".repeat(10_000));
        write(&f.content, file, format!("---\n{yaml}---\n# 96. Deep Yaml\n\n## Definition:\nDeep.\n"));
    });
}

#[test]
fn a_title_that_is_a_yaml_list_is_a_warning_and_the_heading_names_it() {
    let (_f, library, _store) = case(
        "89-Listed_Title.md",
        Expect::Loads { slug: "listed-title", warnings: &[(Lines::At(2), "'title' should be text")] },
        |f| copy_fixture(f, "89-Listed_Title.md"),
    );
    assert_eq!(library.get("listed-title").unwrap().title, "Listed Title");
}

#[test]
fn control_characters_in_yaml_are_an_error_on_their_line() {
    let file = "97-Bell_Yaml.md";
    case(file, Expect::Error { line: Lines::At(3), says: &["invalid YAML front matter", "control characters"] }, |f| {
        write(
            &f.content,
            file,
            "---\ntitle: \"97. Bell Yaml\"\ndescription: \"ring \x07 the \x1b[31m bell\"\n---\n# 97. Bell Yaml\n",
        );
    });
}

#[test]
fn empty_front_matter_loads_with_the_heading_as_title() {
    let file = "98-Empty_Yaml.md";
    let (_f, library, _store) = case(file, Expect::Loads { slug: "empty-yaml", warnings: &[] }, |f| {
        write(&f.content, file, "---\n---\n# 98. Empty Yaml\n\n## Definition:\nNothing in the front matter.\n");
    });
    assert_eq!(library.get("empty-yaml").unwrap().title, "Empty Yaml");
}

// ---------------------------------------------------------------------------------------------
// Size, bytes and encodings

#[test]
fn a_five_mib_file_is_refused_without_reading_it_whole() {
    let file = "70-Huge_Role.md";
    case(file, Expect::Error { line: Lines::Whole, says: &["larger than the limit", "max_file_bytes"] }, |f| {
        let mut text = String::from("---\ntitle: \"70. Huge Role\"\n---\n# 70. Huge Role\n\n## Definition:\n");
        let line = "A very long document that repeats itself to fill five mebibytes of text.\n";
        while text.len() < 5 * 1024 * 1024 {
            text.push_str(line);
        }
        assert!(text.len() as u64 > DEFAULT_MAX_FILE_BYTES);
        write(&f.content, file, text);
    });
}

#[test]
fn a_png_is_not_utf8_on_line_one() {
    let file = "71-Picture.md";
    case(file, Expect::Error { line: Lines::At(1), says: &["not valid UTF-8"] }, |f| {
        let mut png = vec![0x89, b'P', b'N', b'G', b'\r', b'\n', 0x1a, b'\n', 0, 0, 0, 13, b'I', b'H', b'D', b'R'];
        png.extend((0..4096u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8));
        write(&f.content, file, png);
    });
}

#[test]
fn a_binary_file_with_nul_bytes_is_an_error_on_the_first_nul() {
    let file = "72-Binary.md";
    case(file, Expect::Error { line: Lines::At(4), says: &["NUL bytes"] }, |f| {
        write(&f.content, file, b"---\ntitle: \"72. Binary\"\n---\nELF\0\0\0\x01\x02\x03 payload\n\0\0".as_slice());
    });
}

#[test]
fn invalid_utf8_is_an_error_on_its_line() {
    let file = "73-Latin_One.md";
    case(file, Expect::Error { line: Lines::At(8), says: &["not valid UTF-8"] }, |f| {
        write(
            &f.content,
            file,
            b"---\ntitle: \"73. Latin One\"\n---\n# 73. Latin One\n\n## Definition:\nFine so far.\nA caf\xe9 role with \xff\xfe bytes.\n"
                .as_slice(),
        );
    });
}

#[test]
fn an_empty_file_loads_from_its_file_name_with_warnings() {
    let (_f, library, _store) = case(
        "83-Empty_Role.md",
        Expect::Loads {
            slug: "empty-role",
            warnings: &[(Lines::At(1), "no front matter"), (Lines::At(1), "document has no sections")],
        },
        |f| copy_fixture(f, "83-Empty_Role.md"),
    );
    let doc = library.get("empty-role").unwrap();
    assert_eq!((doc.title.as_str(), doc.number), ("Empty Role", Some(83)));
}

#[test]
fn only_front_matter_loads_with_a_warning() {
    case(
        "84-Only_Front_Matter.md",
        Expect::Loads { slug: "only-front-matter", warnings: &[(Lines::At(1), "document has no sections")] },
        |f| copy_fixture(f, "84-Only_Front_Matter.md"),
    );
}

#[test]
fn a_bom_and_a_mix_of_crlf_cr_and_lf_parse_like_the_plain_file() {
    let file = "74-Mixed_Endings.md";
    let (_f, library, _store) = case(file, Expect::Loads { slug: "mixed-endings", warnings: &[] }, |f| {
        let mut bytes = vec![0xEF, 0xBB, 0xBF];
        bytes.extend_from_slice(
            b"---\r\ntitle: \"74. Mixed Endings\"\ndescription: \"Career Path with every line ending\"\r\n---\r\n\
              # 74. Mixed Endings\r\r## Definition:\n* **Definition:** Windows\r\nand Unix\rand old Mac.\r\n\r\n\
              ## GPT Prompts\r\n1. \"First prompt.\"\r2. \"Second prompt.\"\n",
        );
        write(&f.content, file, bytes);
    });
    let doc = library.get("mixed-endings").unwrap();
    assert_eq!(doc.title, "Mixed Endings", "the BOM does not hide the front matter");
    assert_eq!(doc.prompts, ["First prompt.", "Second prompt."]);
    assert!(doc.sections.iter().all(|s| !s.body.contains('\r')));
}

#[test]
fn control_characters_in_the_body_load_and_stay_within_limits() {
    let file = "75-Control_Body.md";
    case(file, Expect::Loads { slug: "control-body", warnings: &[] }, |f| {
        write(
            &f.content,
            file,
            "---\ntitle: \"75. Control Body\"\n---\n# 75. Control Body\n\n## Role Definition & Responsibilities:\n\n\
             ### Definition:\n* **Definition:** bell \x07 escape \x1b[31m red \u{202e}reversed\u{202c} \u{200b}zero\u{feff}width \
             backspace\x08 and vertical\x0btab.\n\n## Heading \x1b[2J clear\n\ntext\n\n## GPT Prompts\n1. \"Ring \x07 twice.\"\n",
        );
    });
}

// ---------------------------------------------------------------------------------------------
// Shapes: very many, very long, very deep

#[test]
fn ten_thousand_headings_load_and_page() {
    let file = "76-Many_Headings.md";
    let (_f, library, _store) = case(file, Expect::Loads { slug: "many-headings", warnings: &[] }, |f| {
        let mut text = String::from("---\ntitle: \"76. Many Headings\"\n---\n# 76. Many Headings\n\n");
        for i in 0..10_000 {
            // Half of them share one text: anchors and keys must stay unique.
            let name = if i % 2 == 0 { format!("Heading {i}") } else { "Same Heading".to_string() };
            let level = if i % 4 == 3 { "###" } else { "##" };
            text.push_str(&format!("{level} {name}\nline {i}\n"));
        }
        write(&f.content, file, text);
    });
    let doc = library.get("many-headings").unwrap();
    assert_eq!(doc.sections.len(), 10_000);
    let mut keys: Vec<&str> = doc.sections.iter().map(|s| s.key.as_str()).collect();
    keys.sort_unstable();
    keys.dedup();
    assert_eq!(keys.len(), 10_000, "every section has its own key");
}

#[test]
fn a_heading_of_ten_thousand_hashes_is_text() {
    let file = "77-Hash_Wall.md";
    let (_f, library, _store) = case(file, Expect::Loads { slug: "hash-wall", warnings: &[] }, |f| {
        let wall = "#".repeat(10_000);
        write(
            &f.content,
            file,
            format!("---\ntitle: \"77. Hash Wall\"\n---\n# 77. Hash Wall\n\n## Definition:\n{wall} Title\n\n{wall}\n"),
        );
    });
    let doc = library.get("hash-wall").unwrap();
    assert_eq!(doc.sections.len(), 1, "no heading deeper than six levels");
    assert!(doc.sections[0].body.contains(&"#".repeat(10_000)));
}

#[test]
fn a_line_of_a_hundred_thousand_characters_is_cut_into_pages() {
    let file = "78-Long_Line.md";
    let (_f, library, store) = case(file, Expect::Loads { slug: "long-line", warnings: &[] }, |f| {
        let words: String = (0..12_500).map(|i| format!("word{:03} ", i % 1000)).collect();
        let no_spaces = "x".repeat(100_000);
        let brackets = "[".repeat(50_000) + "](" + &"y".repeat(49_998);
        write(
            &f.content,
            file,
            format!(
                "---\ntitle: \"78. Long Line\"\n---\n# 78. Long Line\n\n## Definition:\n{words}\n\n\
                 ## Wall\n{no_spaces}\n\n## Brackets\n{brackets}\n\n## GPT Prompts\n1. \"{no_spaces}\"\n"
            ),
        );
    });
    let doc = library.get("long-line").unwrap();
    assert_eq!(doc.prompts[0].len(), 100_000);
    let settings = Settings::default();
    let ctx = Context { store: &store, settings: &settings, caller: Caller::default() };
    let wall = commands::execute(
        &ctx,
        &invocation(CommandName::Career, &[("name", text("long-line")), ("section", text("wall"))]),
        0,
    );
    assert!(wall.pages.len() >= 25, "100,000 characters need at least 25 pages: {}", wall.pages.len());
}

#[test]
fn three_hundred_thousand_lines_of_unmatched_brackets_render() {
    // Every `[` line used to send the link filter searching the rest of the document again.
    let file = "79-Bracket_Lines.md";
    case(file, Expect::Loads { slug: "bracket-lines", warnings: &[] }, |f| {
        let lines = "[\n".repeat(300_000);
        write(
            &f.content,
            file,
            format!(
                "---\ntitle: \"79. Bracket Lines\"\n---\n# 79. Bracket Lines\n\n## Definition:\n{lines}\
                 [x](/relative) and [z](https://example.com/z)\n"
            ),
        );
    });
}

#[test]
fn lists_nested_forty_levels_deep_load() {
    let (_f, library, _store) = case("85-Deep_Lists.md", Expect::Loads { slug: "deep-lists", warnings: &[] }, |f| {
        copy_fixture(f, "85-Deep_Lists.md")
    });
    let doc = library.get("deep-lists").unwrap();
    assert!(!doc.certifications.is_empty());
    assert!(!doc.prompts.is_empty());
}

#[test]
fn a_code_fence_never_closed_stays_inside_its_pages() {
    let (_f, library, _store) = case("94-Open_Fence.md", Expect::Loads { slug: "open-fence", warnings: &[] }, |f| {
        copy_fixture(f, "94-Open_Fence.md")
    });
    let doc = library.get("open-fence").unwrap();
    assert!(doc.sections.iter().all(|s| s.heading() != "Not a heading: inside the fence"));
}

// ---------------------------------------------------------------------------------------------
// Names: slugs, odd file names

#[test]
fn two_files_with_one_slug_keep_the_first_and_reject_the_second() {
    let (_f, library, _store) = case(
        "87-Same-Role.md",
        Expect::Error { line: Lines::At(1), says: &["slug 'same-role' is already used by 86-Same_Role.md"] },
        |f| {
            copy_fixture(f, "86-Same_Role.md");
            copy_fixture(f, "87-Same-Role.md");
        },
    );
    assert_eq!(library.get("same-role").map(|d| d.file.as_str()), Some("86-Same_Role.md"));
}

#[test]
fn a_file_named_dot_md_is_not_a_document() {
    case(".md", Expect::Ignored, |f| write(&f.content, ".md", ""));
}

#[test]
fn a_file_named_with_spaces_and_unicode_loads_and_answers_by_its_slug() {
    let file = "95 Ünïcödé Rôle – 🚀.md";
    let (_f, library, store) = case(file, Expect::Loads { slug: "ünïcödé-rôle", warnings: &[] }, |f| {
        write(
            &f.content,
            file,
            "---\ntitle: \"95. Ünïcödé Rôle 🚀\"\n---\n# 95. Ünïcödé Rôle 🚀\n\n## Definition:\nÇa marche.\n",
        );
    });
    assert_eq!(library.get("ünïcödé-rôle").map(|d| d.number), Some(Some(95)));
    let settings = Settings::default();
    let ctx = Context { store: &store, settings: &settings, caller: Caller::default() };
    for typed in ["ünïcödé-rôle", "95", "Ünïcödé Rôle"] {
        let reply = commands::execute(&ctx, &invocation(CommandName::Career, &[("name", text(typed))]), 0);
        assert_eq!(reply.title, "95. Ünïcödé Rôle 🚀", "{typed}");
    }
}

// ---------------------------------------------------------------------------------------------
// Unicode: one case per class of text that changes length, direction or width when read,
// written into every place a document has text (title, headings, definition, certifications,
// prompts, links) and checked with the whole bot.

/// A career whose name and text are `word`, everywhere a document has text.
fn unicode_doc(number: u32, word: &str) -> String {
    format!(
        "---\ntitle: \"{number}. {word} Engineer\"\ndescription: \"Career Path for a {word} Engineer\"\n---\n\
         # {number}. {word} Engineer\n\n## Role Definition & Responsibilities:\n\n### Definition:\n\
         * **Definition:** A {word} Engineer works with {word} every day, and {word}{word} too.\n\n\
         ### {word} Responsibilities:\n* **{word}:** {word} {word}.\n\n\
         ## Vocational Training & Certifications:\n* **{word} Certified Professional ({word}) ({word} Guild):** {word}.\n\n\
         ## Key Skills Required:\n* **{word}:** {word} and Kubernetes.\n\n\
         ## GPT Prompts\n1. \"Explain {word} to me.\"\n\n\
         ## Future Reading Links\n1. [{word}](https://example.com/{number}): About {word}.\n"
    )
}

/// Loads a document made of `word`, reloads it in, and runs the whole bot over it (in `case`),
/// then searches and resolves the word itself.
fn unicode_case(number: u32, word: &str) {
    let file = format!("{number}-Unicode_Engineer.md");
    let (_f, library, store) = case(&file, Expect::Loads { slug: "unicode-engineer", warnings: &[] }, |f| {
        write(&f.content, &file, unicode_doc(number, word))
    });
    let doc = library.get("unicode-engineer").expect("loaded");
    assert!(doc.title.contains(word), "{:?}", doc.title);
    let settings = Settings::default();
    let ctx = Context { store: &store, settings: &settings, caller: Caller::default() };
    let short: String = word.chars().take(60).collect();
    for line in [
        invocation(CommandName::Search, &[("query", text(&short))]),
        invocation(CommandName::Career, &[("name", text(&format!("{short} Engineer")))]),
        invocation(CommandName::Career, &[("name", text(&number.to_string())), ("section", text(&short))]),
        invocation(CommandName::Certs, &[("career", text(&number.to_string()))]),
        invocation(CommandName::Prompt, &[("topic", text(&short))]),
    ] {
        let reply = commands::execute(&ctx, &line, 0);
        assert_safe_with_pages(&ctx, &reply, &format!("{number}: {}", line.to_line()));
    }
}

#[test]
fn unicode_case_mappings_that_change_length() {
    // 'İ' lowercases to two chars (21 of them were a crash); 'ẞ' to 'ß', which uppercases to
    // "SS"; 'ǅ' is title case; final sigma lowercases by position.
    unicode_case(200, &"İ".repeat(21));
    unicode_case(201, &format!("{}İ{}İ", "a".repeat(19), "b".repeat(19)));
    unicode_case(202, "STRAẞE Straße ǄǅǆDŽ ΟΔΟΣ ὈΔΥΣΣΕΎΣ ﬃ ŉ");
}

#[test]
fn unicode_combining_marks() {
    unicode_case(203, "e\u{301}\u{302}\u{303}\u{304}\u{305}\u{306} Z\u{36b}\u{36c}\u{36d}a\u{489}\u{489}\u{489}lgo");
    unicode_case(204, &"a\u{300}".repeat(300));
}

#[test]
fn unicode_zwj_emoji() {
    unicode_case(205, "👩\u{200d}💻 👨\u{200d}👩\u{200d}👧\u{200d}👦 🏳\u{fe0f}\u{200d}🌈 👍🏽 🇱🇰");
}

#[test]
fn unicode_right_to_left_text_and_overrides() {
    unicode_case(206, "مهندس أمن שלום \u{202e}spoces\u{202c} \u{2067}rtl\u{2069}");
}

#[test]
fn unicode_fullwidth_letters() {
    unicode_case(207, "ＳｅｃＯｐｓ Ｋｕｂｅｒｎｅｔｅｓ １２３");
}

#[test]
fn unicode_a_five_thousand_letter_word() {
    unicode_case(208, &"w".repeat(5000));
    unicode_case(209, &"İ".repeat(5000));
}

// ---------------------------------------------------------------------------------------------
// Symlinks and files that are not (or no longer) there

#[cfg(unix)]
#[test]
fn a_symlink_out_of_the_content_folder_is_not_followed() {
    let file = "60-Leak.md";
    let (_f, _library, store) = case(file, Expect::Skipped { says: "outside the content folder" }, |f| {
        std::os::unix::fs::symlink(f.outside.join("99-Secret_Engineer.md"), f.content.join(file)).unwrap();
    });
    assert!(store.snapshot().library.documents.iter().all(|d| !d.sections.iter().any(|s| s.body.contains("SECRET"))));
}

#[cfg(unix)]
#[test]
fn a_symlink_to_a_system_file_is_not_followed() {
    let file = "61-Passwd.md";
    case(file, Expect::Skipped { says: "outside the content folder" }, |f| {
        std::os::unix::fs::symlink("/dev/zero", f.content.join(file)).unwrap();
    });
}

#[cfg(unix)]
#[test]
fn a_dangling_symlink_is_skipped_with_a_warning() {
    // A file that vanished: its name is still listed, its content is gone.
    let file = "x.md";
    case(file, Expect::Skipped { says: "broken symlink" }, |f| {
        std::os::unix::fs::symlink(f.content.join("gone-away.md"), f.content.join(file)).unwrap();
    });
}

#[cfg(unix)]
#[test]
fn a_symlink_loop_is_skipped_with_a_warning() {
    let file = "62-Loop_A.md";
    let (_f, library, _store) = case(file, Expect::Skipped { says: "broken symlink" }, |f| {
        std::os::unix::fs::symlink(f.content.join("62-Loop_B.txt"), f.content.join(file)).unwrap();
        std::os::unix::fs::symlink(f.content.join(file), f.content.join("62-Loop_B.txt")).unwrap();
    });
    assert_eq!(library.documents.len(), 1);
}

#[cfg(unix)]
#[test]
fn a_symlink_to_a_folder_inside_is_skipped_with_a_warning() {
    let file = "63-Folder_Link.md";
    case(file, Expect::Skipped { says: "not to a file" }, |f| {
        fs::create_dir(f.content.join("sub")).unwrap();
        std::os::unix::fs::symlink(f.content.join("sub"), f.content.join(file)).unwrap();
    });
}

#[cfg(unix)]
#[test]
fn a_symlink_to_a_document_inside_the_folder_is_followed() {
    let file = "64-Alias_Link.md";
    case(file, Expect::Loads { slug: "alias-link", warnings: &[] }, |f| {
        fs::create_dir(f.content.join("drafts")).unwrap();
        write(
            &f.content.join("drafts"),
            "draft.md",
            "---\ntitle: \"64. Alias Link\"\n---\n# 64. Alias Link\n\n## Definition:\nLinked in.\n",
        );
        std::os::unix::fs::symlink(f.content.join("drafts/draft.md"), f.content.join(file)).unwrap();
    });
}

#[test]
fn a_folder_named_like_a_document_is_not_a_document() {
    case("x.md", Expect::Ignored, |f| {
        fs::create_dir(f.content.join("x.md")).unwrap();
        write(&f.content.join("x.md"), "inner.md", good_doc());
    });
}

/// The folder changes between two reloads: a file is removed, another turns into a dangling
/// symlink (as if deleted between listing and reading), one into a folder. Each reload serves a
/// whole consistent library; page buttons from before answer from the current content.
#[cfg(unix)]
#[test]
fn files_removed_between_reloads_leave_with_the_next_reload() {
    let f = Folder::new();
    let store = f.store();
    let doc = |n: u32, name: &str| {
        format!("---\ntitle: \"{n}. {name}\"\n---\n# {n}. {name}\n\n## Definition:\nA {name} works here.\n")
    };
    write(&f.content, "2-Brief_Role.md", doc(2, "Brief Role"));
    write(&f.content, "3-Flaky_Role.md", doc(3, "Flaky Role"));
    write(&f.content, "4-Hollow_Role.md", doc(4, "Hollow Role"));
    let first = store.reload(Trigger::Terminal);
    assert_eq!(first.outcome, ReloadOutcome::Swapped, "{first:?}");
    assert_eq!(first.added, ["brief-role", "flaky-role", "hollow-role"]);

    let settings = Settings::default();
    let ctx = Context { store: &store, settings: &settings, caller: Caller::default() };
    let brief = commands::execute(&ctx, &invocation(CommandName::Career, &[("name", text("brief-role"))]), 0);
    let token = brief.menu.first().expect("a section menu").token.clone();

    fs::remove_file(f.content.join("2-Brief_Role.md")).unwrap();
    fs::remove_file(f.content.join("3-Flaky_Role.md")).unwrap();
    std::os::unix::fs::symlink(f.content.join("3-Flaky_Role.gone"), f.content.join("3-Flaky_Role.md")).unwrap();
    fs::remove_file(f.content.join("4-Hollow_Role.md")).unwrap();
    fs::create_dir(f.content.join("4-Hollow_Role.md")).unwrap();
    let second: ReloadReport = store.reload(Trigger::Terminal);
    assert_eq!(second.outcome, ReloadOutcome::Swapped, "{second:?}");
    let mut removed = second.removed.clone();
    removed.sort();
    assert_eq!(removed, ["brief-role", "flaky-role", "hollow-role"]);
    assert!(second.problems.iter().any(|p| p.file == "3-Flaky_Role.md" && p.severity == Severity::Warning));
    assert_eq!(store.snapshot().library.documents.len(), 1);

    let gone = commands::execute(&ctx, &invocation(CommandName::Career, &[("name", text("brief-role"))]), 0);
    assert!(gone.error && gone.title == "No such career", "{gone:?}");
    let old_button = commands::turn_page(&ctx, &token);
    assert!(old_button.error, "a button for a removed career answers with an error, not a panic");
    answers_stay_safe(&store, "removed between reloads");
}

// ---------------------------------------------------------------------------------------------
// Malicious text: links, mentions, paths

#[test]
fn a_permalink_that_climbs_out_stays_on_the_site() {
    let (_f, library, _store) = case("90-Path_Escape.md", Expect::Loads { slug: "path-escape", warnings: &[] }, |f| {
        copy_fixture(f, "90-Path_Escape.md")
    });
    // The link is the site's URL with the path appended: it cannot leave the host.
    assert_eq!(library.get("path-escape").unwrap().permalink.as_deref(), Some("../../../../etc/passwd"));
}

#[test]
fn javascript_and_relative_links_never_become_links() {
    let (_f, library, _store) = case("91-Link_Trap.md", Expect::Loads { slug: "link-trap", warnings: &[] }, |f| {
        copy_fixture(f, "91-Link_Trap.md")
    });
    let doc = library.get("link-trap").unwrap();
    assert_eq!(doc.links.len(), 7, "the links are parsed as written: {:#?}", doc.links);
}

#[test]
fn everyone_and_here_in_content_never_ping() {
    case("92-Everyone_Ping.md", Expect::Loads { slug: "everyone-ping", warnings: &[] }, |f| {
        copy_fixture(f, "92-Everyone_Ping.md")
    });
}
