//! What adversarial documents of 0.25 and 1 MB cost, shape by shape, from the file to every
//! command's answer (load, index build on disk, catalog, commands): wall time (the fastest of
//! the runs), bytes allocated and the most held at once, and how much more the 1 MB one costs.
//! Linear work gives 4x (a little less: opening a store costs the same for both).
//!
//! `cargo bench --bench linear`: 3 runs a document, and fails when a shape's allocations or
//! peak grow more than 6x, or its time more than 8x (time is noisier; what grew with the
//! square of the size grew 16x and more). Without `--bench` (`cargo test --benches`, CI's
//! smoke run of every bench) one run of documents of 32 and 128 KiB, allocations and peak
//! checked: a debug build, and tests/linear_content.rs checks the same in `cargo test`.

#[path = "../tests/support/adversarial.rs"]
mod adversarial;
#[path = "../tests/support/cost.rs"]
mod cost;
#[path = "../tests/support/replies.rs"]
mod replies;
#[path = "../tests/support/whole_bot.rs"]
mod whole_bot;

use std::time::Duration;

use cost::{cost_of, Cost, Counting};

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// The largest a document may be (`max_file_bytes`'s default).
const LARGE: usize = careerbot::content::DEFAULT_MAX_FILE_BYTES as usize;
/// The large document of a short run.
const SHORT_LARGE: usize = 128 * 1024;

/// The cheapest of `runs` (each figure on its own: the fastest run need not allocate least).
fn best_of(runs: usize, document: &str) -> Cost {
    (0..runs)
        .map(|_| cost_of(document))
        .reduce(|a, b| Cost {
            allocated: a.allocated.min(b.allocated),
            peak: a.peak.min(b.peak),
            wall: a.wall.min(b.wall),
        })
        .expect("at least one run")
}

fn micros(d: Duration) -> u64 {
    d.as_micros() as u64
}

fn main() {
    // `cargo bench` passes `--bench`; anything else is a short run.
    let smoke = !std::env::args().any(|a| a == "--bench");
    let (runs, large_bytes) = if smoke { (1, SHORT_LARGE) } else { (3, LARGE) };
    let small_bytes = large_bytes / 4;
    let base = best_of(runs, &(adversarial::SHAPES[0].document)(0));
    println!(
        "{:<32} {:>10} {:>10} {:>6}   {:>9} {:>9} {:>6}   {:>9} {:>9} {:>6}",
        format!("shape ({} KiB -> {} KiB)", small_bytes / 1024, large_bytes / 1024),
        "time",
        "",
        "x",
        "allocated",
        "",
        "x",
        "peak",
        "",
        "x"
    );
    let mut worst = (0.0f64, 0.0f64, 0.0f64);
    let mut failures = Vec::new();
    for shape in adversarial::SHAPES {
        let small = best_of(runs, &(shape.document)(small_bytes));
        let large = best_of(runs, &(shape.document)(large_bytes));
        // As measured: what an empty page costs is in both (the time of opening a store is
        // too noisy to take away), so linear work shows a little under 4x.
        let ratio = |small: u64, large: u64| large as f64 / small.max(1) as f64;
        let time = ratio(micros(small.wall), micros(large.wall));
        let allocated = ratio(small.allocated, large.allocated);
        let peak = ratio(small.peak, large.peak);
        println!(
            "{:<32} {:>8.0}ms {:>8.0}ms {time:>5.2}x   {:>7.1}MB {:>7.1}MB {allocated:>5.2}x   {:>7.1}MB {:>7.1}MB {peak:>5.2}x",
            shape.name,
            small.wall.as_secs_f64() * 1e3,
            large.wall.as_secs_f64() * 1e3,
            small.allocated as f64 / 1e6,
            large.allocated as f64 / 1e6,
            small.peak as f64 / 1e6,
            large.peak as f64 / 1e6,
        );
        worst = (worst.0.max(time), worst.1.max(allocated), worst.2.max(peak));
        if (time > 8.0 && !smoke) || allocated > 6.0 || peak > 6.0 {
            failures.push(shape.name);
        }
    }
    println!(
        "worst growth: time {:.2}x, allocated {:.2}x, peak {:.2}x (an empty page: {:.0} ms, {:.1} MB allocated)",
        worst.0,
        worst.1,
        worst.2,
        base.wall.as_secs_f64() * 1e3,
        base.allocated as f64 / 1e6
    );
    assert!(failures.is_empty(), "not linear in the document's size: {failures:?}");
}
