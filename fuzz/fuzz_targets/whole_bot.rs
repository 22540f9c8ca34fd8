//! The whole bot over a library made of arbitrary documents: parse them, index them in memory,
//! then run every command, option and autocomplete of the spec over what loads, and turn every
//! page (`tests/support/whole_bot.rs`, shared with the test suites).
//!
//! Input layout: up to four documents separated by the byte 0x1E (record separator), each
//! parsed under its own numbered file name, so one input can hold a good document beside a bad
//! one and two that collide.
//!
//! Checks: nothing panics (parse, index, any command, any autocomplete, any page); every answer
//! fits every Discord limit; page buttons turn to the pages the answer had.
#![no_main]

#[path = "../../tests/support/replies.rs"]
mod replies;
#[path = "../../tests/support/whole_bot.rs"]
mod whole_bot;

use careerbot::content::{assemble, parse_document};
use careerbot::snapshot::{Settings, Snapshot, Store};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut documents = Vec::new();
    let mut problems = Vec::new();
    for (i, bytes) in data.split(|&b| b == 0x1E).take(4).enumerate() {
        let parsed = parse_document(&format!("{}-Fuzz_Document_{i}.md", i + 1), bytes);
        problems.extend(parsed.problems);
        documents.extend(parsed.document);
    }
    let library = assemble(documents, problems);
    let snapshot = Snapshot::in_memory(library).expect("an in-memory index always builds");
    let settings = Settings {
        content_dir: "/nonexistent".into(),
        index_dir: "/nonexistent".into(),
        load: Default::default(),
    };
    let store = Store::with_snapshot(snapshot, settings);
    let reach = whole_bot::Reach { documents: 4, sections: 6, pages: 2 };
    whole_bot::every_command(&store, reach, |_| {});
});
