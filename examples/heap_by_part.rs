//! Live heap and time per part of a snapshot: the parsed library, each catalog part, the index,
//! and a whole serving start. A counting allocator, since heap profilers did not see these
//! allocations here.
//!
//! ```sh
//! python3 ../shared/tools/scale_corpus.py content /tmp/lib100 100
//! cargo run --release --example heap_by_part -- /tmp/lib100 /tmp/idx100
//! ```

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicIsize, Ordering};

struct Counting;
static LIVE: AtomicIsize = AtomicIsize::new(0);
static PEAK: AtomicIsize = AtomicIsize::new(0);
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        let n = LIVE.fetch_add(l.size() as isize, Ordering::Relaxed) + l.size() as isize;
        PEAK.fetch_max(n, Ordering::Relaxed);
        System.alloc(l)
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        LIVE.fetch_sub(l.size() as isize, Ordering::Relaxed);
        System.dealloc(p, l)
    }
    unsafe fn realloc(&self, p: *mut u8, l: Layout, n: usize) -> *mut u8 {
        let d = n as isize - l.size() as isize;
        let v = LIVE.fetch_add(d, Ordering::Relaxed) + d;
        PEAK.fetch_max(v, Ordering::Relaxed);
        System.realloc(p, l, n)
    }
}
#[global_allocator]
static A: Counting = Counting;

fn mb() -> String {
    format!(
        "live {:.0} MB peak {:.0} MB",
        LIVE.load(Ordering::Relaxed) as f64 / 1e6,
        PEAK.load(Ordering::Relaxed) as f64 / 1e6
    )
}

/// Runs `part` and prints what it added to the live heap and how long it took.
fn measure<T>(name: &str, part: impl FnOnce() -> T) -> T {
    let (before, started) = (LIVE.load(Ordering::Relaxed), std::time::Instant::now());
    let made = part();
    let added = (LIVE.load(Ordering::Relaxed) - before) as f64 / 1e6;
    println!("{name:<28} +{added:>5.0} MB  {:>10.1?}  ({})", started.elapsed(), mb());
    made
}

fn main() {
    let (Some(dir), Some(idx)) = (std::env::args().nth(1), std::env::args().nth(2)) else {
        eprintln!("usage: heap_by_part CONTENT_DIR INDEX_DIR");
        std::process::exit(2);
    };
    let (dir, idx) = (std::path::PathBuf::from(dir), std::path::PathBuf::from(idx));
    let lib = measure("parsed library", || careerbot::content::load_dir(&dir, &Default::default()).unwrap());
    let cat = measure("names and graph", || careerbot::catalog::Catalog::build(&lib));
    measure("certifications", || cat.certs(&lib));
    measure("profiles", || cat.profiles(&lib));
    measure("ladders", || cat.ladders(&lib));
    measure("overlaps", || cat.overlaps(&lib));
    measure("glossary", || cat.glossary(&lib));
    let opened =
        measure("index opened or built", || careerbot::search::disk::open_or_build(&idx, &lib, false).unwrap());
    drop((opened, cat, lib));
    println!("all dropped: {}", mb());
    let settings = careerbot::snapshot::Settings { content_dir: dir, index_dir: idx, load: Default::default() };
    let store = measure("a serving start", || careerbot::snapshot::Store::open_to_serve(settings).unwrap());
    drop(store);
}
