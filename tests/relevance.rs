//! /search on judged questions (`tests/relevance/questions.toml`, written from the documents
//! before the ranking was tuned): nDCG@5 with repeats scored 0, precision@1, and every question
//! with something relevant in its top five, against a plain BM25 baseline over the same
//! sections. `cargo bench --bench relevance` prints the whole table.

#[path = "support/relevance.rs"]
mod relevance;

use std::path::Path;

use careerbot::commands::find::passages;
use careerbot::content::{load_dir, LoadOptions};
use careerbot::snapshot::Snapshot;

#[test]
fn search_ranks_the_judged_questions_above_the_baseline() {
    let library = load_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("content"), &LoadOptions::default()).unwrap();
    let questions = relevance::questions();
    assert!(questions.len() >= 40);
    let baseline = relevance::Baseline::build(&library);
    let snapshot = Snapshot::in_memory(library).unwrap();
    let ours = relevance::score(&questions, &snapshot.library, |text| {
        passages(&snapshot, text, None).unwrap().into_iter().map(|h| (h.career, h.section_key)).collect()
    });
    let theirs = relevance::score(&questions, &snapshot.library, |text| baseline.answer(text));
    let report = relevance::report(&ours, &theirs);
    println!("{report}");
    let (a, b) = (relevance::summary(&ours), relevance::summary(&theirs));
    assert!(a.ndcg >= 0.75, "nDCG@5 {:.3} under 0.75\n{report}", a.ndcg);
    assert!(a.ndcg >= b.ndcg + 0.10, "nDCG@5 {:.3} not 0.10 above the baseline's {:.3}\n{report}", a.ndcg, b.ndcg);
    assert!(a.p1 >= 0.60, "P@1 {:.3} under 0.60\n{report}", a.p1);
    assert!(a.none.is_empty(), "questions with no relevant answer:\n{report}");
}
