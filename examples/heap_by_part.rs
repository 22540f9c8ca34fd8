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

fn main() {
    let (Some(dir), Some(idx)) = (std::env::args().nth(1), std::env::args().nth(2)) else {
        eprintln!("usage: heap_by_part CONTENT_DIR INDEX_DIR");
        std::process::exit(2);
    };
    let (dir, idx) = (std::path::PathBuf::from(dir), std::path::PathBuf::from(idx));
    let t = std::time::Instant::now();
    let lib = careerbot::content::load_dir(&dir, &Default::default()).unwrap();
    println!("load_dir {:?} {}", t.elapsed(), mb());
    let base = LIVE.load(Ordering::Relaxed);
    let clock = std::cell::Cell::new(std::time::Instant::now());
    let step = |name: &str, before: isize| {
        println!(
            "{name}: +{:.0} MB  ({}) {:?}",
            (LIVE.load(Ordering::Relaxed) - before) as f64 / 1e6,
            mb(),
            clock.get().elapsed()
        );
        clock.set(std::time::Instant::now());
    };
    let cat = careerbot::catalog::Catalog::build(&lib);
    step("catalog names+graph", base);
    let b = LIVE.load(Ordering::Relaxed);
    cat.certs(&lib);
    step("certs", b);
    let b = LIVE.load(Ordering::Relaxed);
    cat.profiles(&lib);
    step("profiles", b);
    let b = LIVE.load(Ordering::Relaxed);
    cat.ladders(&lib);
    step("ladders", b);
    let b = LIVE.load(Ordering::Relaxed);
    cat.overlaps(&lib);
    step("overlaps", b);
    let b = LIVE.load(Ordering::Relaxed);
    cat.glossary(&lib);
    step("glossary", b);
    println!("glossary {} entries", cat.glossary(&lib).all().len());
    if std::env::var("ONLY").is_ok() {
        return;
    }
    let b = LIVE.load(Ordering::Relaxed);
    let opened = careerbot::search::disk::open_or_build(&idx, &lib, false).unwrap();
    step("index open", b);
    drop(opened);
    drop(cat);
    drop(lib);
    println!("after drop {}", mb());
    let settings =
        careerbot::snapshot::Settings { content_dir: dir.clone(), index_dir: idx.clone(), load: Default::default() };
    let t = std::time::Instant::now();
    let (store, _) = careerbot::snapshot::Store::open_to_serve(settings).unwrap();
    println!("open_to_serve {:?} {}", t.elapsed(), mb());
    let snap = store.snapshot();
    let lib = &snap.library;
    fn st(s: &str) -> usize {
        if s.is_empty() {
            0
        } else {
            s.len() + 16
        }
    }
    let (mut head, mut secs, mut paths, mut keys, mut prompts, mut links, mut certs, mut defs, mut aliases) =
        (0, 0, 0, 0, 0, 0, 0, 0, 0);
    for (_, d) in lib.pages() {
        head += std::mem::size_of::<careerbot::content::Document>()
            + st(&d.file)
            + st(&d.slug)
            + st(&d.title)
            + st(&d.description)
            + d.permalink.as_deref().map_or(0, st)
            + d.lang.as_deref().map_or(0, st);
        defs += d.definition.as_deref().map_or(0, st);
        aliases += d.aliases.iter().map(|a| 24 + st(a)).sum::<usize>();
        secs += d.sections.capacity() * std::mem::size_of::<careerbot::content::Section>();
        paths += d
            .sections
            .iter()
            .map(|s| s.path.capacity() * 24 + s.path.iter().map(|p| st(p)).sum::<usize>())
            .sum::<usize>();
        keys += d.sections.iter().map(|s| st(&s.key) + st(&s.anchor)).sum::<usize>();
        prompts += d.prompts.iter().map(|p| 24 + st(p)).sum::<usize>();
        links += d.links.iter().map(|l| 72 + st(&l.title) + st(&l.url) + st(&l.summary)).sum::<usize>();
        certs += d.certifications.len() * std::mem::size_of::<careerbot::content::Certification>();
    }
    let m = |x: usize| x / 1_000_000;
    println!("library estimate MB: doc heads {} defs {} aliases {} sections {} paths {} keys+anchors {} prompts {} links {} certs {}", m(head), m(defs), m(aliases), m(secs), m(paths), m(keys), m(prompts), m(links), m(certs));
}
