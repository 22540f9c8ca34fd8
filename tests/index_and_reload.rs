//! The index on disk (reused, rebuilt, damaged, shared) and reload without downtime.

use std::fs;
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;

use careerbot::content::{load_dir, LoadOptions, Severity};
use careerbot::search::disk::{open_or_build, IndexAction};
use careerbot::search::SearchRequest;
use careerbot::snapshot::{ReloadOutcome, Settings, Store, Trigger};
use tempfile::TempDir;

/// A small career document whose body carries `word`.
fn career(number: u32, name: &str, word: &str) -> String {
    format!(
        "---\ntitle: \"{number}. {name}\"\ndescription: \"Career Path for a {name}\"\nlang: en\n---\n# {number}. {name}\n\n\
         ## Role Definition & Responsibilities:\n\n### Definition:\n* **Definition:** A {name} works with {word} every day.\n\n\
         ## GPT Prompts\n1. \"Explain what a {name} does with {word}.\"\n\n## Future Reading Links\n1. [Docs](https://example.com/{number}): About {word}.\n"
    )
}

fn content_dir(files: &[(&str, String)]) -> TempDir {
    let dir = TempDir::new().unwrap();
    for (name, text) in files {
        fs::write(dir.path().join(name), text).unwrap();
    }
    dir
}

fn library(dir: &Path) -> careerbot::content::Library {
    load_dir(dir, &LoadOptions::default()).unwrap()
}

#[test]
fn a_matching_index_is_reused_and_a_stale_one_rebuilt() {
    let content = content_dir(&[("1-Alpha_Engineer.md", career(1, "Alpha Engineer", "zebra"))]);
    let index = TempDir::new().unwrap();
    let lib = library(content.path());

    let first = open_or_build(index.path(), &lib, false).unwrap();
    assert_eq!(first.action, IndexAction::Built { reason: "no index yet".into() });
    assert!(first.warnings.is_empty(), "{:?}", first.warnings);
    drop(first);

    let second = open_or_build(index.path(), &lib, false).unwrap();
    assert_eq!(second.action, IndexAction::Reused);
    assert_eq!(second.index.find(&SearchRequest { text: "zebra", limit: 5, ..Default::default() }).unwrap().len(), 5);
    drop(second);

    fs::write(content.path().join("2-Beta_Engineer.md"), career(2, "Beta Engineer", "yak")).unwrap();
    let changed = open_or_build(index.path(), &library(content.path()), false).unwrap();
    assert_eq!(changed.action, IndexAction::Built { reason: "content changed since the index was built".into() });
    // The old generation is gone; one generation and the manifest remain.
    let generations = fs::read_dir(index.path())
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with("gen-"))
        .count();
    assert_eq!(generations, 1);

    let forced = open_or_build(index.path(), &library(content.path()), true).unwrap();
    assert_eq!(forced.action, IndexAction::Built { reason: "rebuild requested".into() });
}

fn the_generation(index: &Path) -> std::path::PathBuf {
    fs::read_dir(index)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .find(|p| p.file_name().unwrap().to_string_lossy().starts_with("gen-"))
        .unwrap()
}

#[test]
fn a_corrupt_index_is_rebuilt_with_a_warning() {
    let content = content_dir(&[("1-Alpha_Engineer.md", career(1, "Alpha Engineer", "zebra"))]);
    let lib = library(content.path());

    // Damaged segment files.
    let index = TempDir::new().unwrap();
    drop(open_or_build(index.path(), &lib, false).unwrap());
    let generation = the_generation(index.path());
    for entry in fs::read_dir(&generation).unwrap().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.ends_with(".idx") || name.ends_with(".store") || name.ends_with(".term") {
            fs::write(entry.path(), b"not an index file at all").unwrap();
        }
    }
    let reopened = open_or_build(index.path(), &lib, false).unwrap();
    assert_eq!(reopened.action, IndexAction::Built { reason: "index was damaged".into() });
    assert!(reopened.warnings.iter().any(|w| w.contains("damaged")), "{:?}", reopened.warnings);
    assert_eq!(reopened.index.find(&SearchRequest { text: "zebra", limit: 5, ..Default::default() }).unwrap().len(), 5);
    drop(reopened);
    assert_eq!(open_or_build(index.path(), &lib, false).unwrap().action, IndexAction::Reused);

    // meta.json missing (a partial copy).
    fs::remove_file(the_generation(index.path()).join("meta.json")).unwrap();
    assert_eq!(
        open_or_build(index.path(), &lib, false).unwrap().action,
        IndexAction::Built { reason: "index was damaged".into() }
    );

    // A manifest that is not ours.
    fs::write(index.path().join("manifest.json"), "{\"hello\": 1}").unwrap();
    let garbage = open_or_build(index.path(), &lib, false).unwrap();
    assert_eq!(garbage.action, IndexAction::Built { reason: "manifest was unreadable".into() });
    assert!(!garbage.warnings.is_empty());
}

#[test]
fn a_foreign_folder_is_built_beside_and_left_alone() {
    let content = content_dir(&[("1-Alpha_Engineer.md", career(1, "Alpha Engineer", "zebra"))]);
    let index = TempDir::new().unwrap();
    fs::write(index.path().join("notes.txt"), "someone's notes").unwrap();
    fs::create_dir(index.path().join("photos")).unwrap();
    let opened = open_or_build(index.path(), &library(content.path()), false).unwrap();
    assert!(matches!(opened.action, IndexAction::Built { .. }));
    assert!(opened.warnings.iter().any(|w| w.contains("no manifest.json")), "{:?}", opened.warnings);
    assert_eq!(fs::read_to_string(index.path().join("notes.txt")).unwrap(), "someone's notes");
    assert!(index.path().join("photos").is_dir());
}

#[test]
fn an_unusable_index_folder_falls_back_to_memory() {
    let content = content_dir(&[("1-Alpha_Engineer.md", career(1, "Alpha Engineer", "zebra"))]);
    let dir = TempDir::new().unwrap();
    let not_a_folder = dir.path().join("index");
    fs::write(&not_a_folder, "a file where the folder should be").unwrap();
    let opened = open_or_build(&not_a_folder, &library(content.path()), false).unwrap();
    assert!(matches!(opened.action, IndexAction::InMemory { .. }));
    assert_eq!(opened.index.find(&SearchRequest { text: "zebra", limit: 5, ..Default::default() }).unwrap().len(), 5);
}

#[test]
fn two_builders_on_one_folder_leave_a_working_index() {
    let content = content_dir(&[("1-Alpha_Engineer.md", career(1, "Alpha Engineer", "zebra"))]);
    let index = TempDir::new().unwrap();
    let lib = Arc::new(library(content.path()));
    let builders: Vec<_> = (0..4)
        .map(|_| {
            let lib = Arc::clone(&lib);
            let dir = index.path().to_path_buf();
            std::thread::spawn(move || {
                let opened = open_or_build(&dir, &lib, true).unwrap();
                assert!(!matches!(opened.action, IndexAction::InMemory { .. }), "{:?}", opened.action);
                opened.index.find(&SearchRequest { text: "zebra", limit: 5, ..Default::default() }).unwrap().len()
            })
        })
        .collect();
    for builder in builders {
        assert_eq!(builder.join().unwrap(), 5);
    }
    assert_eq!(open_or_build(index.path(), &lib, false).unwrap().action, IndexAction::Reused);
}

fn store(content: &Path, index: &Path) -> Store {
    let settings =
        Settings { content_dir: content.to_path_buf(), index_dir: index.to_path_buf(), load: LoadOptions::default() };
    Store::open(settings, false).unwrap().0
}

#[test]
fn reload_reports_added_removed_and_changed() {
    let content = content_dir(&[
        ("1-Alpha_Engineer.md", career(1, "Alpha Engineer", "zebra")),
        ("2-Beta_Engineer.md", career(2, "Beta Engineer", "yak")),
    ]);
    let index = TempDir::new().unwrap();
    let store = store(content.path(), index.path());
    let before = store.snapshot().version().to_string();

    let unchanged = store.reload(Trigger::Terminal);
    assert_eq!(unchanged.outcome, ReloadOutcome::Unchanged);

    fs::remove_file(content.path().join("2-Beta_Engineer.md")).unwrap();
    fs::write(content.path().join("1-Alpha_Engineer.md"), career(1, "Alpha Engineer", "okapi")).unwrap();
    fs::write(content.path().join("3-Gamma_Engineer.md"), career(3, "Gamma Engineer", "gnu")).unwrap();
    let report = store.reload(Trigger::Terminal);
    assert_eq!(report.outcome, ReloadOutcome::Swapped);
    assert_eq!(report.added, ["gamma-engineer"]);
    assert_eq!(report.removed, ["beta-engineer"]);
    assert_eq!(report.changed, ["alpha-engineer"]);
    assert_eq!((report.documents, report.careers), (2, 2));
    assert_eq!(report.previous_version, before);
    assert_ne!(report.version, before);
    assert_eq!(store.snapshot().version(), report.version);
    let hits = store.snapshot().search(&SearchRequest { text: "okapi", limit: 5, ..Default::default() }).unwrap();
    assert!(!hits.is_empty());
}

#[test]
fn a_reload_with_a_broken_file_keeps_the_old_content() {
    let content = content_dir(&[("1-Alpha_Engineer.md", career(1, "Alpha Engineer", "zebra"))]);
    let index = TempDir::new().unwrap();
    let store = store(content.path(), index.path());
    let version = store.snapshot().version().to_string();

    fs::write(content.path().join("1-Alpha_Engineer.md"), career(1, "Alpha Engineer", "okapi")).unwrap();
    fs::write(
        content.path().join("2-Broken.md"),
        "---\ntitle: \"2. Broken\"\ndescription: [never closed\nlang: en\n---\n# 2. Broken\n",
    )
    .unwrap();
    let report = store.reload(Trigger::Terminal);
    assert_eq!(report.outcome, ReloadOutcome::Rejected);
    let problem = report.problems.iter().find(|p| p.severity == Severity::Error).expect("an error");
    assert_eq!(problem.file, "2-Broken.md");
    assert!(problem.line >= 3 && problem.line <= 5, "{problem}");
    assert_eq!(store.snapshot().version(), version);
    let snapshot = store.snapshot();
    let search = |text| snapshot.search(&SearchRequest { text, limit: 5, ..Default::default() }).unwrap();
    assert!(!search("zebra").is_empty(), "old content still serves");
    assert!(search("okapi").is_empty(), "new content did not sneak in");
}

#[test]
fn at_first_start_broken_documents_are_left_out_and_the_rest_serve() {
    let content = content_dir(&[
        ("1-Alpha_Engineer.md", career(1, "Alpha Engineer", "zebra")),
        ("2-Broken.md", "---\ntitle: [\n---\n# Broken\n".to_string()),
    ]);
    let index = TempDir::new().unwrap();
    let settings = Settings {
        content_dir: content.path().to_path_buf(),
        index_dir: index.path().to_path_buf(),
        load: LoadOptions::default(),
    };
    let (store, report) = Store::open(settings, false).unwrap();
    assert_eq!(report.documents, 1);
    assert!(report.problems.iter().any(|p| p.file == "2-Broken.md" && p.severity == Severity::Error));
    assert_eq!(store.snapshot().library.documents[0].slug, "alpha-engineer");
}

#[test]
fn queries_during_reloads_each_answer_from_one_whole_snapshot() {
    let content = content_dir(&[("1-Alpha_Engineer.md", career(1, "Alpha Engineer", "zebra"))]);
    let index = TempDir::new().unwrap();
    let store = Arc::new(store(content.path(), index.path()));
    let stop = Arc::new(AtomicBool::new(false));
    let answered = Arc::new(AtomicUsize::new(0));
    let expected = zebra_hits(&store);

    let readers: Vec<_> = (0..4)
        .map(|_| {
            let (store, stop, answered) = (Arc::clone(&store), Arc::clone(&stop), Arc::clone(&answered));
            std::thread::spawn(move || {
                // Bounded: stops when told, or after this many queries whatever happens.
                for _ in 0..200_000 {
                    if stop.load(Ordering::Relaxed) {
                        break;
                    }
                    let snapshot = store.snapshot();
                    let hits =
                        snapshot.search(&SearchRequest { text: "zebra", limit: 10, ..Default::default() }).unwrap();
                    assert_eq!(hits.len(), expected, "every version has exactly one career about zebras");
                    assert!(hits.iter().all(|h| h.career == hits[0].career));
                    for hit in &hits {
                        let doc = snapshot
                            .library
                            .get(&hit.career)
                            .unwrap_or_else(|| panic!("hit {} not in its own snapshot", hit.career));
                        assert!(doc.section(&hit.section_key).is_some());
                    }
                    answered.fetch_add(1, Ordering::Relaxed);
                }
            })
        })
        .collect();

    for round in 0..8 {
        // Alternate which career talks about zebras: a mixed snapshot would find none or two.
        let (alpha, beta) = if round % 2 == 0 { ("okapi", "zebra") } else { ("zebra", "okapi") };
        fs::write(content.path().join("1-Alpha_Engineer.md"), career(1, "Alpha Engineer", alpha)).unwrap();
        fs::write(content.path().join("2-Beta_Engineer.md"), career(2, "Beta Engineer", beta)).unwrap();
        let report = store.reload(Trigger::Terminal);
        assert_eq!(report.outcome, ReloadOutcome::Swapped, "{report:?}");
    }
    stop.store(true, Ordering::Relaxed);
    for reader in readers {
        reader.join().expect("a reader failed");
    }
    assert!(answered.load(Ordering::Relaxed) > 0);
}

fn zebra_hits(store: &Store) -> usize {
    store.snapshot().search(&SearchRequest { text: "zebra", limit: 10, ..Default::default() }).unwrap().len()
}

#[test]
fn two_processes_started_on_one_folder_leave_a_working_index() {
    let content = content_dir(&[("1-Alpha_Engineer.md", career(1, "Alpha Engineer", "zebra"))]);
    let index = TempDir::new().unwrap();
    let run = |extra: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_careerbot"))
            .args(["index", "--content"])
            .arg(content.path())
            .arg("--index")
            .arg(index.path())
            .args(extra)
            .stdout(std::process::Stdio::piped())
            .spawn()
            .unwrap()
    };
    let (a, b) = (run(&["--rebuild"]), run(&["--rebuild"]));
    for child in [a, b] {
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success());
        assert!(
            String::from_utf8_lossy(&out.stdout).starts_with("built the index"),
            "{}",
            String::from_utf8_lossy(&out.stdout)
        );
    }
    let third = run(&[]).wait_with_output().unwrap();
    let text = String::from_utf8_lossy(&third.stdout);
    assert!(text.starts_with("reused the index"), "{text}");
    assert!(text.contains(": 1 documents,"), "{text}");
}

#[test]
fn a_reload_reports_what_happened_to_the_index() {
    let content = content_dir(&[("1-Alpha_Engineer.md", career(1, "Alpha Engineer", "zebra"))]);
    let index = TempDir::new().unwrap();
    let store = store(content.path(), index.path());
    fs::write(content.path().join("2-Beta_Engineer.md"), career(2, "Beta Engineer", "yak")).unwrap();
    let report = store.reload(Trigger::Terminal);
    assert_eq!(report.outcome, ReloadOutcome::Swapped);
    assert_eq!(report.index, Some(IndexAction::Built { reason: "content changed since the index was built".into() }));
    assert!(report.index_warnings.is_empty(), "{:?}", report.index_warnings);

    // The index folder becomes unusable while serving: the next reload still swaps, in memory,
    // and says so (with the warning) instead of hiding it.
    let dir = TempDir::new().unwrap();
    let not_a_folder = dir.path().join("index");
    fs::write(&not_a_folder, "a file where the folder should be").unwrap();
    let settings = Settings { index_dir: not_a_folder, ..store.settings().clone() };
    let store =
        Store::with_snapshot(careerbot::snapshot::Snapshot::in_memory(library(content.path())).unwrap(), settings);
    fs::write(content.path().join("3-Gamma_Engineer.md"), career(3, "Gamma Engineer", "gnu")).unwrap();
    let report = store.reload(Trigger::Terminal);
    assert_eq!(report.outcome, ReloadOutcome::Swapped);
    assert!(matches!(report.index, Some(IndexAction::InMemory { .. })), "{:?}", report.index);
    assert!(!report.index_warnings.is_empty());
    let shown = careerbot::commands::listing::report(&report).finish(0, "v", "");
    assert!(shown.pages[0].contains("in memory only"), "{}", shown.pages[0]);
    let metrics = store.metrics().render();
    assert!(metrics.contains("careerbot_reloads_total{outcome=\"swapped\"} 1"), "{metrics}");
    assert!(metrics.contains("careerbot_reload_duration_seconds_count 1"), "{metrics}");
}

/// The index's files damaged under a serving bot (a disk error, someone overwriting them):
/// every command that searches says search is unavailable, never "nothing matches". (`/certs`
/// reads the certification vocabulary made at load, not the index.)
#[test]
fn a_search_failure_reads_as_a_failure_in_every_command() {
    use careerbot::commands::{self, Caller, Context, Invocation};
    let content = content_dir(&[("1-Alpha_Engineer.md", career(1, "Alpha Engineer", "zebra"))]);
    let index = TempDir::new().unwrap();
    let store = store(content.path(), index.path());
    // Same length, other bytes: the memory-mapped files now hold garbage.
    for entry in fs::read_dir(the_generation(index.path())).unwrap().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if [".idx", ".term", ".fast", ".pos"].iter().any(|ext| name.ends_with(ext)) {
            let len = fs::metadata(entry.path()).unwrap().len() as usize;
            fs::write(entry.path(), vec![0xA5u8; len]).unwrap();
        }
    }
    assert!(store.snapshot().search(&SearchRequest { text: "zebra", limit: 5, ..Default::default() }).is_err());
    let settings = commands::Settings::default();
    let ctx = Context { store: &store, settings: &settings, caller: Caller::default() };
    for line in ["/search zebra", "/prompt alpha topic:zebra", "/prompt topic:zebra"] {
        let reply = commands::execute(&ctx, &Invocation::parse(line).unwrap(), 0);
        assert!(reply.error, "{line}: {reply:?}");
        assert_eq!(reply.title, "Search is unavailable", "{line}");
        assert!(reply.pages[0].contains("try again"), "{line}: {}", reply.pages[0]);
    }
    // The moderator's /reload repairs it, though the content did not change.
    let moderator = Context { caller: Caller { moderator: true, ..Caller::default() }, ..ctx };
    let reply = commands::execute(&moderator, &Invocation::parse("/reload").unwrap(), 0);
    assert_eq!(reply.title, "Content reloaded", "{reply:?}");
    assert!(reply.pages[0].contains("rebuild requested"), "{}", reply.pages[0]);
    let reply = commands::execute(&ctx, &Invocation::parse("/search zebra").unwrap(), 0);
    assert!(!reply.error, "{reply:?}");
}

/// Every command's answer, as text, for comparing two stores.
fn answers(store: &Store, lines: &[&str]) -> Vec<String> {
    use careerbot::commands::{self, Caller, Context};
    let settings = careerbot::commands::Settings::default();
    let ctx = Context { store, settings: &settings, caller: Caller { moderator: false, user: Some(1), guild: None } };
    lines
        .iter()
        .map(|line| {
            let invocation = commands::parse_line(&store.snapshot(), line).unwrap();
            format!("{:?}", commands::execute(&ctx, &invocation, 0))
        })
        .collect()
}

#[test]
fn a_serving_bot_reads_section_text_from_the_index_folder_and_answers_the_same() {
    let content = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    let index = TempDir::new().unwrap();
    let settings = || Settings {
        content_dir: content.clone(),
        index_dir: index.path().to_path_buf(),
        load: LoadOptions::default(),
    };
    let one_shot = Store::open(settings(), false).unwrap().0;
    let (serving, report) = Store::open_to_serve(settings()).unwrap();
    assert_eq!(report.action, IndexAction::Reused);
    let (heap, mapped) = (one_shot.snapshot(), serving.snapshot());
    let sections: usize = heap.library.pages().map(|(_, d)| d.sections.len()).sum();
    assert!(sections > 500, "{sections}");
    for ((_, a), (_, b)) in heap.library.pages().zip(mapped.library.pages()) {
        for (x, y) in a.sections.iter().zip(&b.sections) {
            assert!(!x.body.is_mapped() && y.body.is_mapped(), "{} {}", b.file, y.key);
            assert_eq!(x.body.as_str(), y.body.as_str(), "{} {}", b.file, y.key);
        }
        // Prompts and links the page writes word for word are read from the file too.
        assert_eq!(a.prompts, b.prompts, "{}", b.file);
        assert_eq!(a.links, b.links, "{}", b.file);
        let texts = b.prompts.iter().chain(b.links.iter().flat_map(|l| [&l.title, &l.url]));
        let (mapped_texts, all): (usize, usize) = texts.fold((0, 0), |(m, n), t| (m + t.is_mapped() as usize, n + 1));
        assert!(mapped_texts * 10 >= all * 7, "{}: {mapped_texts} of {all} prompts and links mapped", b.file);
    }
    let lines = [
        "/career secops",
        "/career devops skills",
        "/search what does a penetration tester do",
        "/certs cloud",
        "/prompt data scientist 1",
        "/match terraform kubernetes python",
        "/compare devops secops",
        "/path software developer to devops",
        "/learn software-security 2",
        "/define csrf",
        "/define sow",
        "/search csrf in:tracks",
    ];
    assert_eq!(answers(&one_shot, &lines), answers(&serving, &lines));
    // The glossary a serving bot holds reads its definitions from the same file, not from
    // copies on the heap (most are the page's own words; the rest, with markup taken out,
    // are copies).
    let definitions = mapped.catalog.glossary(&mapped.library).all();
    let read_from_file = definitions.iter().filter(|d| d.text.is_mapped() && d.term.is_mapped()).count();
    assert!(read_from_file * 10 >= definitions.len() * 7, "{read_from_file} of {}", definitions.len());

    // A file of bodies that is not the library's (one byte changed) is a damaged index:
    // rebuilt, with a warning, and the answers stay right.
    drop((heap, mapped, serving));
    let bodies = the_generation(index.path()).join("bodies.txt");
    let mut bytes = fs::read(&bodies).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] = if bytes[middle] == b'x' { b'y' } else { b'x' };
    fs::write(&bodies, bytes).unwrap();
    let (repaired, report) = Store::open_to_serve(settings()).unwrap();
    assert_eq!(report.action, IndexAction::Built { reason: "index was damaged".into() });
    assert!(report.warnings.iter().any(|w| w.contains("bodies.txt")), "{:?}", report.warnings);
    assert_eq!(answers(&one_shot, &lines), answers(&repaired, &lines));
}

#[test]
fn a_reload_serves_the_new_text_from_the_new_index_folder() {
    let content = content_dir(&[("1-Alpha_Engineer.md", career(1, "Alpha Engineer", "zebra"))]);
    let index = TempDir::new().unwrap();
    let settings = Settings {
        content_dir: content.path().to_path_buf(),
        index_dir: index.path().to_path_buf(),
        load: LoadOptions::default(),
    };
    let (store, _) = Store::open_to_serve(settings).unwrap();
    fs::write(content.path().join("1-Alpha_Engineer.md"), career(1, "Alpha Engineer", "okapi")).unwrap();
    assert_eq!(store.reload(Trigger::Terminal).outcome, ReloadOutcome::Swapped);
    let snapshot = store.snapshot();
    let doc = &snapshot.library.documents[0];
    assert!(doc.sections.iter().all(|s| s.body.is_mapped()));
    assert!(doc.sections.iter().any(|s| s.body.contains("okapi")));
    assert!(!doc.sections.iter().any(|s| s.body.contains("zebra")));
}
