//! `/ladder`'s reading of the pages against a judged set (`tests/relevance/ladders.toml`, read
//! from the raw pages by hand): which bullets are rungs (levels with titles), which are notes
//! about the ladder, and which specialisations a page offers, for every document.

use std::collections::BTreeSet;
use std::path::Path;

use careerbot::catalog::ladders::Ladder;
use careerbot::content::{load_dir, LoadOptions};

#[derive(serde::Deserialize)]
struct Judged {
    document: Vec<Page>,
}

#[derive(serde::Deserialize)]
struct Page {
    file: String,
    levels: Vec<String>,
    stages: Vec<String>,
    #[serde(default)]
    unnamed_stages: usize,
    notes: Vec<String>,
    specialisations: Vec<String>,
    #[serde(default)]
    areas: Vec<String>,
}

/// Found and expected counts of one kind of thing, over the whole library.
#[derive(Default)]
struct Tally {
    expected: usize,
    found: usize,
    right: usize,
    wrong: Vec<String>,
}

impl Tally {
    /// Adds one page: `found` and `expected` are compared as sets of (page, name).
    fn add(&mut self, file: &str, found: Vec<String>, expected: &[String]) {
        let expected: BTreeSet<&str> = expected.iter().map(String::as_str).collect();
        let found: BTreeSet<String> = found.into_iter().collect();
        self.expected += expected.len();
        self.found += found.len();
        for name in &found {
            if expected.contains(name.as_str()) {
                self.right += 1;
            } else {
                self.wrong.push(format!("{file}: found {name:?}"));
            }
        }
        for name in expected.iter().filter(|name| !found.contains(**name)) {
            self.wrong.push(format!("{file}: missed {name:?}"));
        }
    }

    fn precision(&self) -> f64 {
        if self.found == 0 {
            1.0
        } else {
            self.right as f64 / self.found as f64
        }
    }

    fn recall(&self) -> f64 {
        if self.expected == 0 {
            1.0
        } else {
            self.right as f64 / self.expected as f64
        }
    }

    fn line(&self, what: &str) -> String {
        format!(
            "{what}: {} judged, {} found, precision {:.3}, recall {:.3}\n  {}",
            self.expected,
            self.found,
            self.precision(),
            self.recall(),
            self.wrong.join("\n  ")
        )
    }
}

fn named(rungs: &[careerbot::catalog::ladders::Rung]) -> Vec<String> {
    rungs.iter().filter_map(|rung| rung.level.clone()).collect()
}

fn outside_parentheses(text: &str) -> String {
    let mut depth = 0i32;
    text.chars()
        .filter(|c| {
            match c {
                '(' => depth += 1,
                ')' => depth -= 1,
                _ => return depth <= 0,
            }
            false
        })
        .collect()
}

#[test]
fn rungs_notes_and_specialisations_match_the_judged_pages() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let judged: Judged = toml::from_str(&std::fs::read_to_string(root.join("tests/relevance/ladders.toml")).unwrap())
        .expect("tests/relevance/ladders.toml");
    let library = load_dir(&root.join("content"), &LoadOptions::default()).unwrap();
    assert_eq!(judged.document.len(), library.documents.len(), "the judged set covers every document");

    let (mut rungs, mut notes, mut specialisations, mut areas) =
        (Tally::default(), Tally::default(), Tally::default(), Tally::default());
    let mut shapes = Vec::new();
    for page in &judged.document {
        let doc = library.documents.iter().find(|d| d.file.ends_with(&page.file)).expect(&page.file);
        let ladder = Ladder::read(doc);
        let levels: Vec<String> = named(&ladder.levels).into_iter().map(|l| format!("ladder: {l}")).collect();
        let stages: Vec<String> = named(&ladder.stages).into_iter().map(|l| format!("titles: {l}")).collect();
        let expected: Vec<String> = page
            .levels
            .iter()
            .map(|l| format!("ladder: {l}"))
            .chain(page.stages.iter().map(|l| format!("titles: {l}")))
            .collect();
        rungs.add(&page.file, levels.into_iter().chain(stages).collect(), &expected);
        // Order matters on a ladder: the named levels in page order.
        let order: Vec<String> = named(&ladder.levels);
        if order.iter().all(|l| page.levels.contains(l)) && order.len() == page.levels.len() && order != page.levels {
            shapes.push(format!("{}: levels out of order {order:?}", page.file));
        }
        let unnamed = ladder.stages.iter().filter(|rung| rung.level.is_none()).count();
        if unnamed != page.unnamed_stages {
            shapes.push(format!("{}: {unnamed} unnamed stages, judged {}", page.file, page.unnamed_stages));
        }
        for rung in ladder.levels.iter().chain(&ladder.stages) {
            for title in &rung.titles {
                // What a title says in parentheses is the page's remark on it, not its name.
                let words = outside_parentheses(title).split_whitespace().count();
                if words == 0 || words > 10 {
                    shapes.push(format!("{}: a title of {words} words in {:?}: {title:?}", page.file, rung.level));
                }
            }
        }
        notes.add(&page.file, ladder.notes.iter().filter_map(|n| n.label.clone()).collect(), &page.notes);
        specialisations.add(
            &page.file,
            ladder.specialisations.iter().map(|s| s.name.clone()).collect(),
            &page.specialisations,
        );
        areas.add(&page.file, ladder.specialisations.iter().flat_map(|s| s.areas.clone()).collect(), &page.areas);
    }
    let report =
        [rungs.line("rungs"), notes.line("notes"), specialisations.line("specialisations"), areas.line("areas")]
            .join("\n")
            + "\n"
            + &shapes.join("\n");
    println!("{report}");
    assert!(rungs.expected >= 250 && specialisations.expected >= 180, "the judged set shrank\n{report}");
    assert!(rungs.precision() >= 0.98 && rungs.recall() >= 0.98, "{report}");
    assert!(notes.precision() >= 0.95 && notes.recall() >= 0.95, "{report}");
    assert!(specialisations.precision() >= 0.98 && specialisations.recall() >= 0.98, "{report}");
    assert!(areas.precision() >= 0.95 && areas.recall() >= 0.95, "{report}");
    assert!(shapes.is_empty(), "{report}");
}
