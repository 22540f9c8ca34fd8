//! Answering a command from invocation line to rendered reply, over a mix of commands on the
//! seed library. Prints p50, p99 and max per command and for the mix.
//!
//! `cargo bench --bench commands` (a plain harness: criterion reports means and medians, the
//! target here is a tail percentile). Target: p99 under 1 ms.

use std::path::Path;
use std::time::{Duration, Instant};

use careerbot::commands::{self, Caller, Context, Invocation, Settings};
use careerbot::content::{load_dir, LoadOptions};
use careerbot::snapshot::{self, Snapshot, Store};
use careerbot::terminal::{render, Style};

const MIX: &[&str] = &[
    "/career secops",
    "/career 27 certifications",
    "/career secops responsibilities",
    "/career secopz",
    "/certs secops",
    "/prompt secops",
    "/prompt secops 3 context:\"I'm a sysadmin with 5 years of Linux\"",
    "/prompt topic:portfolio",
    "/search admission controllers",
    "/search kubernets",
    "/search \"security as code\"",
    "/careers",
    "/help",
];

const ROUNDS: usize = 2_000;

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let at = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[at.min(sorted.len() - 1)]
}

fn main() {
    // `cargo test --benches` runs bench binaries with `--bench` absent; keep that quick.
    let rounds = if std::env::args().any(|a| a == "--bench") { ROUNDS } else { 20 };
    let content = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    let library = load_dir(&content, &LoadOptions::default()).expect("seed content");
    let settings = snapshot::Settings {
        content_dir: content,
        index_dir: std::env::temp_dir().join("careerbot-bench-unused"),
        load: LoadOptions::default(),
    };
    let store = Store::with_snapshot(Snapshot::in_memory(library).expect("index"), settings);
    let answer_settings = Settings::default();
    let ctx = Context { store: &store, settings: &answer_settings, caller: Caller::default() };

    let run = |line: &str| {
        let invocation = Invocation::parse(line).expect("valid invocation");
        let reply = commands::execute(&ctx, &invocation, 0);
        std::hint::black_box(render(&reply, Style::Plain, false));
    };
    for line in MIX {
        run(line); // warm up
    }
    let mut all = Vec::with_capacity(rounds * MIX.len());
    let mut per_command: Vec<Vec<Duration>> = vec![Vec::with_capacity(rounds); MIX.len()];
    for _ in 0..rounds {
        for (i, line) in MIX.iter().enumerate() {
            let started = Instant::now();
            run(line);
            let took = started.elapsed();
            per_command[i].push(took);
            all.push(took);
        }
    }
    println!("{:<62} {:>10} {:>10} {:>10}", "invocation", "p50", "p99", "max");
    for (line, times) in MIX.iter().zip(per_command.iter_mut()) {
        times.sort();
        println!(
            "{:<62} {:>10.1?} {:>10.1?} {:>10.1?}",
            line,
            percentile(times, 0.5),
            percentile(times, 0.99),
            times[times.len() - 1]
        );
    }
    all.sort();
    println!(
        "{:<62} {:>10.1?} {:>10.1?} {:>10.1?}   ({} answers)",
        "mix",
        percentile(&all, 0.5),
        percentile(&all, 0.99),
        all[all.len() - 1],
        all.len()
    );
}
