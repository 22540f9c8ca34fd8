//! Study-plan checklists judged against the pages, by hand:
//!
//! - `tests/relevance/checklists.toml`: every item of every career's checklist graded `real` (a
//!   thing one can learn, use or earn, named as the page names it) or `junk` (a category
//!   label, a qualifier, a sentence fragment, half of a split name). An item nobody graded
//!   fails the test: the set stays whole as the reading changes.
//! - `tests/relevance/checklist_recall.toml`: for 8 careers, what the page asks a learner to
//!   know (certifications, skills, tools, projects), written from the page alone. An item is
//!   recalled when a member typing its name ticks an item of the checklist
//!   ([`careerbot::catalog::checklists::find_in`], the reading `/plan done` uses).
//!
//! Figures (precision over every graded item / recall over the hand lists). Before issue 24:
//! 0.861 / 0.810. Now: 0.961 / 0.905 (1,955 items; 458 of 506 recalled). The last steps: a
//! checklist's certifications include those its own education sections name in their text
//! (/certs's own list), and tools sections' lowercase names (npm, ping, draw.io) are read.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::OnceLock;

use careerbot::catalog::checklists::{find_in, Found};
use careerbot::content::{load_dir, Kind, LoadOptions};
use careerbot::snapshot::Snapshot;

/// Precision over every graded item of every career, at least.
const PRECISION_FLOOR: f64 = 0.95;
/// Recall over the hand lists of the 8 careers, at least.
const RECALL_FLOOR: f64 = 0.90;
/// The lists of a hand list that recall counts.
const COUNTED: [&str; 4] = ["certifications", "skills", "tools", "projects"];

fn snapshot() -> &'static Snapshot {
    static SNAPSHOT: OnceLock<Snapshot> = OnceLock::new();
    SNAPSHOT.get_or_init(|| {
        let library =
            load_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("content"), &LoadOptions::default()).unwrap();
        Snapshot::in_memory(library).unwrap()
    })
}

fn judged(file: &str) -> BTreeMap<String, HashMap<String, Vec<String>>> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/relevance").join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The names on a career's checklist, once each.
fn checklist_names(position: usize) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for (_, item) in snapshot().checklist(position).items() {
        if !names.contains(&item.name) {
            names.push(item.name.clone());
        }
    }
    names
}

#[test]
fn every_checklist_item_is_graded_and_nearly_all_are_real() {
    let grades = judged("checklists.toml");
    let library = &snapshot().library;
    let (mut real, mut graded) = (0usize, 0usize);
    let (mut ungraded, mut junk, mut careers_missing) = (Vec::new(), Vec::new(), Vec::new());
    for (position, doc) in library.documents.iter().enumerate().filter(|(_, d)| d.kind == Kind::Career) {
        let Some(grade) = grades.get(&doc.slug) else {
            careers_missing.push(doc.slug.clone());
            continue;
        };
        let is = |list: &str, name: &str| grade.get(list).is_some_and(|names| names.iter().any(|n| n == name));
        let names = checklist_names(position);
        assert!(!names.is_empty(), "{}: an empty checklist", doc.slug);
        for name in names {
            match (is("real", &name), is("junk", &name)) {
                (true, false) => {
                    real += 1;
                    graded += 1;
                }
                (false, true) => {
                    junk.push(format!("{}: {name}", doc.slug));
                    graded += 1;
                }
                (true, true) => panic!("{}: {name:?} is graded both real and junk", doc.slug),
                (false, false) => ungraded.push(format!("{}: {name}", doc.slug)),
            }
        }
    }
    assert!(careers_missing.is_empty(), "careers with no grades: {careers_missing:?}");
    assert!(ungraded.is_empty(), "{} items nobody graded:\n{}", ungraded.len(), ungraded.join("\n"));
    let precision = real as f64 / graded as f64;
    println!("checklists: {graded} items, {real} real, precision {precision:.3}");
    assert!(
        precision >= PRECISION_FLOOR,
        "precision {precision:.3} < {PRECISION_FLOOR}; the {} junk items:\n{}",
        junk.len(),
        junk.join("\n")
    );
}

#[test]
fn what_eight_pages_ask_a_learner_to_know_is_on_their_checklists() {
    let wanted = judged("checklist_recall.toml");
    assert!(wanted.len() >= 8, "hand lists for {} careers", wanted.len());
    let library = &snapshot().library;
    let (mut asked, mut found, mut missed) = (0usize, 0usize, Vec::new());
    for (slug, lists) in &wanted {
        let position = library.position(slug).unwrap_or_else(|| panic!("{slug}: no such career"));
        let checklist = snapshot().checklist(position);
        let (mut career_asked, mut career_found) = (0usize, 0usize);
        // Labels of tool lists, degrees and the like are in the file for the record, not asked.
        for (list, names) in lists.iter().filter(|(list, _)| COUNTED.contains(&list.as_str())) {
            for name in names {
                career_asked += 1;
                match find_in(checklist.items(), name) {
                    Found::Items(_) => career_found += 1,
                    other => missed.push(format!("{slug} {list}: {name} ({})", reading(&other))),
                }
            }
        }
        println!("{slug}: {career_found}/{career_asked}");
        asked += career_asked;
        found += career_found;
    }
    let recall = found as f64 / asked as f64;
    println!("recall {found}/{asked} = {recall:.3}");
    assert!(recall >= RECALL_FLOOR, "recall {recall:.3} < {RECALL_FLOOR}; missed:\n{}", missed.join("\n"));
}

fn reading(found: &Found<'_>) -> String {
    match found {
        Found::Items(_) => "found".into(),
        Found::OneOf(names) => format!("could be {}", names.join(" or ")),
        Found::Nothing => "nothing".into(),
    }
}
