//! `SearchIndex::search` on arbitrary text over the seed document, with filters and a limit
//! taken from the first two bytes: never errors, never panics, at most `limit` hits, and every
//! hit passes the filters.
//!
//! Input layout: `flags, limit, text…` where flags bits 0–3 pick hit kinds, bits 4–5 the
//! document kind and bits 6–7 the career filter.
#![no_main]

use std::sync::OnceLock;

use careerbot::content::{assemble, parse_document, Kind};
use careerbot::search::{HitKind, SearchRequest};
use careerbot::snapshot::Snapshot;
use libfuzzer_sys::fuzz_target;

const SEED_NAME: &str = "27-SecOps_Engineer.md";
const SEED: &str = include_str!("../../content/27-SecOps_Engineer.md");

fn snapshot() -> &'static Snapshot {
    static SNAPSHOT: OnceLock<Snapshot> = OnceLock::new();
    SNAPSHOT.get_or_init(|| {
        let parsed = parse_document(SEED_NAME, SEED.as_bytes());
        let document = parsed.document.expect("the seed document parses");
        Snapshot::in_memory(assemble(vec![document], parsed.problems)).expect("index the seed")
    })
}

const KINDS: [HitKind; 4] = [HitKind::Section, HitKind::Certification, HitKind::Prompt, HitKind::Link];

fuzz_target!(|data: &[u8]| {
    let [flags, limit, text @ ..] = data else { return };
    let text = String::from_utf8_lossy(text);
    let kinds: Vec<HitKind> =
        KINDS.iter().enumerate().filter(|(i, _)| flags & (1 << i) != 0).map(|(_, k)| *k).collect();
    let doc_kind = match (flags >> 4) & 3 {
        1 => Some(Kind::Career),
        2 => Some(Kind::Guide),
        _ => None,
    };
    let career = match flags >> 6 {
        1 => Some("secops-engineer"),
        2 => Some("no-such-career"),
        3 => Some(text.as_ref()),
        _ => None,
    };
    // 1..=120: beyond 100 the index caps the limit. (0 is treated as 1 by design.)
    let limit = 1 + *limit as usize % 120;
    // Neighbouring pairs (questions) or not (`/match`): both query shapes.
    let neighbours = limit % 2 == 0;
    let request =
        SearchRequest { text: &text, career, kinds: &kinds, doc_kind, parts: &[], snippets: true, limit, neighbours };
    let hits = snapshot().search(&request).unwrap_or_else(|e| panic!("{request:?}: {e}"));
    assert!(hits.len() <= limit.min(100), "{} hits for limit {limit}", hits.len());
    for hit in &hits {
        if let Some(career) = career {
            assert_eq!(hit.career, career);
        }
        if !kinds.is_empty() {
            assert!(kinds.contains(&hit.kind), "{:?} not in {kinds:?}", hit.kind);
        }
        if doc_kind == Some(Kind::Guide) {
            panic!("the seed is a career, not a guide: {hit:?}");
        }
    }
});
