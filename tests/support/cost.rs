//! What one adversarial document costs the whole road, from the file to every command's answer:
//! the bytes allocated in all (a measure of work that a busy machine does not change), the
//! most held at once, and the wall time. A binary that uses it installs [`Counting`] as its
//! global allocator and measures one document at a time.
#![allow(dead_code)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use careerbot::content::LoadOptions;
use careerbot::snapshot::{self, Store};

use crate::whole_bot::{self, Reach};

/// The system allocator, counting.
pub struct Counting;

static ALLOCATED: AtomicU64 = AtomicU64::new(0);
static LIVE: AtomicU64 = AtomicU64::new(0);
static PEAK: AtomicU64 = AtomicU64::new(0);

fn grew(bytes: usize) {
    ALLOCATED.fetch_add(bytes as u64, Ordering::Relaxed);
    let live = LIVE.fetch_add(bytes as u64, Ordering::Relaxed) + bytes as u64;
    PEAK.fetch_max(live, Ordering::Relaxed);
}

fn shrank(bytes: usize) {
    LIVE.fetch_sub(bytes as u64, Ordering::Relaxed);
}

// SAFETY: every call is passed to the system allocator unchanged; only counters are added.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        grew(layout.size());
        System.alloc(layout)
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        grew(layout.size());
        System.alloc_zeroed(layout)
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        shrank(layout.size());
        System.dealloc(ptr, layout)
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        grew(new_size);
        shrank(layout.size());
        System.realloc(ptr, layout, new_size)
    }
}

/// What one document cost.
#[derive(Debug, Clone, Copy)]
pub struct Cost {
    /// Bytes allocated in all.
    pub allocated: u64,
    /// The most bytes held at once, above what was held before.
    pub peak: u64,
    /// Wall time.
    pub wall: Duration,
}

/// How much of a document the commands are asked about: a few sections and pages, so that
/// the number of commands does not grow with the document (each one's answer may).
pub const REACH: Reach = Reach { documents: 2, sections: 3, pages: 2 };

/// Writes `document` beside a small good one into a new content folder, then loads it, builds
/// its index on disk, opens the store and answers every command about both documents.
pub fn cost_of(document: &str) -> Cost {
    let root = tempfile::tempdir().expect("tempdir");
    let content = root.path().join("content");
    let index = root.path().join("index");
    std::fs::create_dir_all(&content).expect("mkdir");
    write(&content, "1-Adversarial.md", document);
    write(&content, "2-Steady_Engineer.md", GOOD);
    let settings = snapshot::Settings { content_dir: content, index_dir: index, load: LoadOptions::default() };

    let live_before = LIVE.load(Ordering::Relaxed);
    PEAK.store(live_before, Ordering::Relaxed);
    let allocated_before = ALLOCATED.load(Ordering::Relaxed);
    let started = Instant::now();
    let (store, report) = Store::open(settings, true).unwrap_or_else(|e| panic!("the store opens: {e}"));
    assert_eq!(report.documents, 2, "both documents load: {report:#?}");
    let asked = whole_bot::every_command(&store, REACH, |_| {});
    assert!(asked > 0);
    drop(store);
    let wall = started.elapsed();
    Cost {
        allocated: ALLOCATED.load(Ordering::Relaxed) - allocated_before,
        peak: PEAK.load(Ordering::Relaxed).saturating_sub(live_before),
        wall,
    }
}

fn write(dir: &Path, name: &str, text: &str) {
    std::fs::write(dir.join(name), text).unwrap_or_else(|e| panic!("cannot write {name}: {e}"));
}

/// The good neighbour every adversarial document is loaded beside.
const GOOD: &str = "---\ntitle: \"2. Steady Engineer\"\ndescription: \"Career Path for a Steady Engineer\"\n\
    permalink: /students/career_paths/2-Steady_Engineer/\nlang: en\n---\n# 2. Steady Engineer\n\n\
    ## Role Definition & Responsibilities:\n\n### Definition:\n* **Definition:** A Steady Engineer keeps \
    zeppelins flying every day.\n\n## Vocational Training & Certifications:\n* **Zeppelin Pilot (ZPL) \
    (Air Guild):** Flying basics.\n\n## GPT Prompts\n1. \"Explain what a Steady Engineer does.\"\n\n\
    ## Future Reading Links\n1. [Zeppelins](https://example.com/zeppelins): All about them.\n";

/// How much more the large document cost than the small one, each less what a document of
/// (almost) nothing costs: work in proportion to size gives the ratio of the sizes.
pub fn growth(base: u64, small: u64, large: u64) -> f64 {
    large.saturating_sub(base) as f64 / small.saturating_sub(base).max(1) as f64
}
