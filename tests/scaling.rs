//! Scaling check: what should not grow with the library does not. Ratios, not absolute times,
//! so that it holds on a slow or busy machine: an exact name resolved, and `/career` answered,
//! on the library copied 100 times (3,500 documents) take at most 3× as long as on the shipped
//! 35. Both libraries are measured in turns, round after round, so that a machine busy with
//! other work slows both alike; the medians are compared.
//!
//! And a reload of a large library swaps in without pausing answers: while it builds, members
//! keep getting answers, none waiting for the build.

#[path = "support/scale.rs"]
mod scale;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use careerbot::catalog::names::Resolution;
use careerbot::commands::{self, Caller, Context, Settings};
use careerbot::content::{load_dir, LoadOptions};
use careerbot::snapshot::{self, ReloadOutcome, Snapshot, Store, Trigger};

fn content() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("content")
}

fn store_of(dir: &Path, index_dir: &Path) -> Store {
    let library = load_dir(dir, &LoadOptions::default()).expect("library");
    let settings = snapshot::Settings {
        content_dir: dir.to_path_buf(),
        index_dir: index_dir.to_path_buf(),
        load: LoadOptions::default(),
    };
    Store::with_snapshot(Snapshot::in_memory(library).expect("index"), settings)
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

/// The time of `f`, as the least of a few tries (one try is below the clock's grain).
fn time(mut f: impl FnMut()) -> Duration {
    (0..3)
        .map(|_| {
            let started = Instant::now();
            for _ in 0..20 {
                f();
            }
            started.elapsed() / 20
        })
        .min()
        .unwrap_or_default()
}

fn answer(store: &Store, line: &str) -> String {
    let settings = Settings::default();
    let ctx = Context { store, settings: &settings, caller: Caller::default() };
    let snapshot = store.snapshot();
    let invocation = commands::parse_line(&snapshot, line).expect(line);
    commands::execute(&ctx, &invocation, 0).title
}

/// The two tests take turns: a reload building beside the timings would skew them.
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

#[test]
fn exact_names_and_career_answers_cost_no_more_on_a_hundred_times_the_library() {
    let _turn = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let scaled = tempfile::tempdir().expect("temp folder");
    let written = scale::scale_library(&content(), scaled.path(), 100);
    assert!(written >= 3_500, "{written} documents");
    let index = tempfile::tempdir().expect("temp folder");
    let small = store_of(&content(), index.path());
    let large = store_of(scaled.path(), index.path());
    assert_eq!(small.snapshot().library.documents.len() * 100, large.snapshot().library.documents.len());

    type Check<'a> = (&'a str, &'a dyn Fn(&Store));
    let checks: [Check; 4] = [
        ("resolve \"secops engineer\"", &|store: &Store| {
            let snapshot = store.snapshot();
            assert!(matches!(snapshot.catalog.names.resolve("secops engineer"), Resolution::Found(..)));
        }),
        ("resolve \"27\"", &|store: &Store| {
            let snapshot = store.snapshot();
            assert!(matches!(snapshot.catalog.names.resolve("27"), Resolution::Found(..)));
        }),
        ("/career secops", &|store: &Store| {
            assert_eq!(answer(store, "/career secops"), "27. SecOps Engineer");
        }),
        ("/career 27 certifications", &|store: &Store| {
            assert!(answer(store, "/career 27 certifications").starts_with("27. SecOps Engineer · "));
        }),
    ];
    for (what, check) in checks {
        let (mut on_small, mut on_large) = (Vec::new(), Vec::new());
        for _ in 0..15 {
            on_small.push(time(|| check(&small)));
            on_large.push(time(|| check(&large)));
        }
        let (small_median, large_median) = (median(on_small), median(on_large));
        let ratio = large_median.as_secs_f64() / small_median.as_secs_f64().max(1e-9);
        eprintln!("{what}: {small_median:?} on 35 documents, {large_median:?} on 3,500 ({ratio:.2}×)");
        assert!(
            ratio <= 3.0,
            "{what} took {ratio:.1}× as long on 3,500 documents ({large_median:?}) as on 35 ({small_median:?})"
        );
    }
}

#[test]
fn a_reload_of_a_large_library_does_not_pause_answers() {
    let _turn = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let scaled = tempfile::tempdir().expect("temp folder");
    // Three copies: a reload that takes seconds in a debug build, long enough to answer through.
    scale::scale_library(&content(), scaled.path(), 3);
    let index = tempfile::tempdir().expect("temp folder");
    let store = Arc::new(store_of(scaled.path(), index.path()));
    let before = answer(&store, "/career secops");
    // One more document, so that the reload has something new to swap in.
    std::fs::write(
        scaled.path().join("9999-Reload_Marker_Engineer.md"),
        std::fs::read_to_string(content().join("27-SecOps_Engineer.md"))
            .expect("read")
            .replace("27. SecOps Engineer", "9999. Reload Marker Engineer")
            .replace("27-SecOps_Engineer", "9999-Reload_Marker_Engineer"),
    )
    .expect("write");

    let reloading = Arc::new(AtomicBool::new(true));
    let reloader = {
        let (store, reloading) = (Arc::clone(&store), Arc::clone(&reloading));
        std::thread::spawn(move || {
            let started = Instant::now();
            let report = store.reload(Trigger::Terminal);
            reloading.store(false, Ordering::SeqCst);
            (report, started.elapsed())
        })
    };
    // Answers while the reload builds: each one timed.
    let mut during: Vec<Duration> = Vec::new();
    while reloading.load(Ordering::SeqCst) {
        let started = Instant::now();
        assert_eq!(answer(&store, "/career secops"), before);
        during.push(started.elapsed());
    }
    let (report, took) = reloader.join().expect("the reload thread");
    assert_eq!(report.outcome, ReloadOutcome::Swapped);
    assert!(answer(&store, "/career reload marker").contains("Reload Marker Engineer"), "the reload swapped in");
    let slowest = during.iter().max().copied().unwrap_or_default();
    eprintln!("{} answers during a reload of {took:?}; slowest {slowest:?}", during.len());
    // Not paused: many answers were given while it built, and none waited for the build.
    assert!(during.len() >= 10, "only {} answers during a reload of {took:?}", during.len());
    assert!(slowest < took / 2, "an answer took {slowest:?} during a reload of {took:?}");
}
