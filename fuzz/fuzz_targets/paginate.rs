//! `paginate` on arbitrary blocks and budgets: every page fits its budget and leaves no code
//! block open (the properties tests/commands.rs checks), whatever the text.
//!
//! Budgets are those replies use: 500 (the smallest first page) to 4096 (the description limit).
#![no_main]

use arbitrary::Arbitrary;
use careerbot::commands::reply::{limits, paginate, Block};
use libfuzzer_sys::fuzz_target;

#[derive(Debug, Arbitrary)]
enum FuzzBlock {
    Text(String),
    Code(Option<String>, String),
}

#[derive(Debug, Arbitrary)]
struct Input {
    first: u16,
    later: u16,
    blocks: Vec<FuzzBlock>,
}

fn budget(raw: u16) -> usize {
    500 + raw as usize % (4096 - 500 + 1)
}

fuzz_target!(|input: Input| {
    let (first, later) = (budget(input.first), budget(input.later));
    let blocks: Vec<Block> = input
        .blocks
        .into_iter()
        .map(|b| match b {
            FuzzBlock::Text(text) => Block::Text { text },
            FuzzBlock::Code(label, code) => Block::Code { label, code },
        })
        .collect();
    let pages = paginate(&blocks, first, later);
    assert!(!pages.is_empty());
    for (i, page) in pages.iter().enumerate() {
        let budget = if i == 0 { first } else { later };
        assert!(limits::len(page) <= budget, "page {i} is {} long, budget {budget}", limits::len(page));
        assert_eq!(page.matches("```").count() % 2, 0, "page {i} leaves a code block open: {page:?}");
    }
});
