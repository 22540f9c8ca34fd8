//! Content parser speed: one document from bytes, and a whole folder from disk.
//!
//! Run with `cargo bench --bench parse`. The input is the shipped seed document: parsed on its
//! own, and copied 100 times under different numbered names into a temporary folder for
//! `load_dir` (which adds listing, reading, hashing and the duplicate-slug check).

use std::hint::black_box;
use std::path::Path;

use careerbot::content::{load_dir, parse_document, LoadOptions};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};

const SEED: &str = "27-SecOps_Engineer.md";
const COPIES: u32 = 100;

fn seed_bytes() -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("content").join(SEED);
    std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

fn parse_seed(c: &mut Criterion) {
    let bytes = seed_bytes();
    let mut group = c.benchmark_group("parse_document");
    group.throughput(Throughput::Bytes(bytes.len() as u64));
    group.bench_function("secops_engineer", |b| {
        b.iter(|| {
            let parsed = parse_document(black_box(SEED), black_box(&bytes));
            assert!(parsed.document.is_some());
            parsed
        })
    });
    group.finish();
}

fn load_folder(c: &mut Criterion) {
    let bytes = seed_bytes();
    let dir = tempfile::tempdir().expect("tempdir");
    for n in 1..=COPIES {
        let path = dir.path().join(format!("{n}-SecOps_Engineer_{n}.md"));
        std::fs::write(&path, &bytes).unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
    }
    let options = LoadOptions::default();
    // Every copy must load on its own slug, or the benchmark measures error paths.
    let library = load_dir(dir.path(), &options).expect("load");
    assert_eq!(library.documents.len(), COPIES as usize);
    assert!(library.problems.is_empty(), "{:#?}", library.problems);

    let mut group = c.benchmark_group("load_dir");
    group.throughput(Throughput::Bytes(bytes.len() as u64 * u64::from(COPIES)));
    // ~14 ms an iteration: 20 samples fit criterion's default 5 s measurement time.
    group.sample_size(20);
    group.bench_function("seed_x100", |b| b.iter(|| load_dir(black_box(dir.path()), &options).expect("load")));
    group.finish();
}

criterion_group!(benches, parse_seed, load_folder);
criterion_main!(benches);
