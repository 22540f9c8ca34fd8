//! The relevance harness: /search on the judged questions (`tests/relevance/questions.toml`)
//! beside a plain BM25 baseline (tantivy with default settings over the same sections), in one
//! run. Prints nDCG@5 (a section repeated in one top five scored 0), precision@1, both per
//! question type, and the questions with no relevant answer. `-- --each` adds every question's
//! top five with their grades.
//!
//! `cargo bench --bench relevance` (or `-- --each`).

#[path = "../tests/support/relevance.rs"]
mod relevance;

use std::path::Path;

use careerbot::commands::find::passages;
use careerbot::content::{load_dir, LoadOptions};
use careerbot::snapshot::Snapshot;

fn main() {
    let library =
        load_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("content"), &LoadOptions::default()).expect("content/");
    let baseline = relevance::Baseline::build(&library);
    let snapshot = Snapshot::in_memory(library).expect("index");
    let each = std::env::args().any(|a| a == "--each");
    for (name, questions) in [
        ("judged questions", relevance::questions()),
        ("holdout questions", relevance::holdout()),
        ("members' questions", relevance::members()),
        ("course questions", relevance::courses()),
    ] {
        let ours = relevance::score(&questions, &snapshot.library, |text| {
            passages(&snapshot, text, None).expect("search").into_iter().map(|h| (h.career, h.section_key)).collect()
        });
        let theirs = relevance::score(&questions, &snapshot.library, |text| baseline.answer(text));
        println!("== {} {name}\n", questions.len());
        print!("{}", relevance::report(&ours, &theirs));
        if each {
            for (a, b) in ours.iter().zip(&theirs) {
                println!("\n{} [{}] {}  nDCG {:.2} (baseline {:.2})", a.id, a.kind, a.text, a.ndcg, b.ndcg);
                for (answer, grade) in a.answers.iter().zip(&a.grades) {
                    println!("   {grade} {answer}");
                }
            }
        }
        println!();
    }
}
