//! Speed at library scale: every command from invocation line to rendered reply, on the shipped
//! library (35 documents) and on a generated 100× library (3,500: the real documents copied
//! under new names and numbers by `tests/support/scale.rs`, not random words).
//!
//! For each library it prints: loading (parse), building the index on disk, reopening it, a
//! whole start (`Store::open` with the index reused; and prepared to serve), each command's
//! p50, p99 and max as `serve` answers it (prepared: section bodies read from the index folder),
//! `/search` over the judged questions of tests/relevance (all samples, and the slowest three),
//! autocomplete p50 and p99, whole `careerbot ask` processes with the index reused, and the
//! resident memory of `careerbot serve` once its content is loaded.
//!
//! `cargo bench --bench commands` (a plain harness: the targets are tail percentiles);
//! `-- --copies N` for another scale. Without `--bench` (as `cargo test --benches` runs it), or
//! with `-- --test`, it makes a few rounds on the shipped library only.
//!
//! The 100× library copies the study tracks too (`scale::scale_tracks`: 18,400 pages), as the
//! project's generator does.
//!
//! Targets, release build, 2 cores, machine otherwise idle: on 35 documents and 184 track pages
//! every command p50 ≤ 100 µs and p99 ≤ 1 ms, autocomplete p99 ≤ 200 µs; at 100 copies lookups
//! p50 ≤ 100 µs and every command p99 ≤ 1 ms (issue 25; before it, ≤ 5 ms), autocomplete p99
//! ≤ 1 ms, `ask` ≤ 1 s, `serve` resident ≤ 300 MB; the index build no slower than SQLite FTS5
//! over the same pages (`fts5_peer.py`, run beside it by hand).

#[path = "../tests/support/relevance.rs"]
mod relevance;
#[path = "../tests/support/scale.rs"]
mod scale;

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use careerbot::commands::{self, Caller, CommandName, Context, Invocation, OptionValue, Settings};
use careerbot::content::{load_dir, LoadOptions};
use careerbot::search::disk::open_or_build;
use careerbot::snapshot::{self, Store};
use careerbot::terminal::{render, Style};

/// Commands as members type them; the same lines answer on both libraries.
const COMMANDS: &[&str] = &[
    "/career secops",
    "/career 27 certifications",
    "/career secops responsibilities",
    "/career secopz",
    "/career data scientist",
    "/careers",
    "/certs secops",
    "/certs name:cissp",
    "/certs",
    "/prompt secops",
    "/prompt secops 3 context:\"I'm a sysadmin with 5 years of Linux\"",
    "/prompt topic:portfolio",
    "/search admission controllers",
    "/search kubernets",
    "/search how do I become a data scientist",
    "/search \"security as code\"",
    "/help",
    "/match I know Python and SQL, I like statistics and dashboards",
    "/compare devops secops",
    "/path secops cloud",
    "/ladder devops",
    "/learn",
    "/learn freelancing",
    "/learn freelancing 2.3",
    "/learn software security api security",
    "/learn ai-aptitude 1.1 lang:si",
    "/define csrf",
    "/define what does sow mean",
    "/prompt track:freelancing lesson:2.3",
    "/prompt track:freelancing topic:proposal",
    "/search sql injection in:tracks",
    "/search what goes in a freelance contract",
    "/search මයික්‍රොසොෆ්ට්",
];

/// An autocomplete request: (command, options already given, option being typed, what is typed).
type Completion = (CommandName, &'static [(&'static str, &'static str)], &'static str, &'static str);

const COMPLETIONS: &[Completion] = &[
    (CommandName::Career, &[], "name", ""),
    (CommandName::Career, &[], "name", "s"),
    (CommandName::Career, &[], "name", "sec"),
    (CommandName::Career, &[], "name", "secops eng"),
    (CommandName::Career, &[], "name", "data sc"),
    (CommandName::Career, &[], "name", "secopz"),
    (CommandName::Career, &[], "name", "qqqqq"),
    (CommandName::Career, &[("name", "secops")], "section", ""),
    (CommandName::Career, &[("name", "secops")], "section", "cert"),
    (CommandName::Certs, &[], "name", ""),
    (CommandName::Certs, &[], "name", "ci"),
    (CommandName::Certs, &[], "name", "aws sol"),
    (CommandName::Certs, &[("career", "secops")], "group", ""),
    (CommandName::Prompt, &[("career", "secops")], "number", ""),
    (CommandName::Search, &[], "career", "cyber"),
    (CommandName::Path, &[("from", "secops")], "to", "clo"),
];

/// The public key of the signing key `[7; 32]`: `serve --http` needs one to start.
const PUBLIC_KEY: &str = "ea4a6c63e29c520abef5507b132ec5f9954776aebebe7b92421eea691446d22c";

fn main() {
    let args: Vec<String> = std::env::args().collect();
    // `cargo bench` passes --bench; `-- --test` (or `cargo test --benches`) asks for the smoke run.
    let full = args.iter().any(|a| a == "--bench") && !args.iter().any(|a| a == "--test");
    let copies = args
        .iter()
        .position(|a| a == "--copies")
        .and_then(|i| args.get(i + 1))
        .and_then(|n| n.parse::<usize>().ok())
        .unwrap_or(100);
    let shipped = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    measure("shipped library", &shipped, if full { 2_000 } else { 5 }, full);
    if full && copies > 1 {
        let scaled = tempfile::tempdir().expect("temp folder");
        let written = scale::scale_library(&shipped, scaled.path(), copies);
        let pages = scale::scale_tracks(&shipped, scaled.path(), copies);
        println!("\n(generated {written} documents and {pages} track pages: {copies} copies of each)");
        measure(&format!("{copies}× library"), scaled.path(), 300, true);
    }
}

/// Everything measured on one content folder.
fn measure(label: &str, content: &Path, rounds: usize, processes: bool) {
    let index = tempfile::tempdir().expect("temp folder");
    println!("\n== {label} ==");

    let (library, load) = best_of(3, || load_dir(content, &LoadOptions::default()).expect("content loads"));
    println!("documents: {}", library.documents.len());
    let (_, build) = best_of(3, || open_or_build(index.path(), &library, true).expect("index builds"));
    let (opened, reopen) = best_of(3, || open_or_build(index.path(), &library, false).expect("index reopens"));
    println!("index entries: {} ({:?})", opened.index.num_docs(), opened.action);
    drop(opened);
    drop(library);
    let settings = snapshot::Settings {
        content_dir: content.to_path_buf(),
        index_dir: index.path().to_path_buf(),
        load: LoadOptions::default(),
    };
    let (_, start) = best_of(3, || Store::open(settings.clone(), false).expect("store opens"));
    // Commands are answered as `serve` answers them: from a prepared snapshot, whose section
    // bodies are read from the index folder's file of them.
    let ((store, _), serving) = best_of(3, || Store::open_to_serve(settings.clone()).expect("store opens"));
    // Plans in a SQLite file beside the index (the default kind of database).
    let plans_url = format!("sqlite:{}", index.path().join("plans.sqlite").display());
    let store =
        store.with_plans(std::sync::Arc::new(careerbot::plans::PlanStore::open(&plans_url).expect("plans database")));
    println!(
        "load (parse): {load:.1?}   index build: {build:.1?}   reopen: {reopen:.1?}   \
         start (Store::open, index reused): {start:.1?}   serving start (prepared): {serving:.1?}"
    );

    let answer_settings = Settings::default();
    let ctx = Context { store: &store, settings: &answer_settings, caller: Caller::default() };
    // As the terminal answers: the line parsed against the snapshot (career names of several
    // words need no quotes), answered, rendered.
    let answer = |line: &str| {
        let invocation = commands::parse_line(&store.snapshot(), line).expect("valid invocation");
        let reply = commands::execute(&ctx, &invocation, 0);
        let text = render(&reply, Style::Plain, false);
        (reply.title, text)
    };
    println!("\n{:<66} {:>9} {:>9} {:>9}  answer", "command", "p50", "p99", "max");
    let mut all = Vec::new();
    for line in COMMANDS {
        let (title, _) = answer(line);
        let times = timed(rounds, || std::hint::black_box(answer(line)));
        println!("{:<66} {:>9.1?} {:>9.1?} {:>9.1?}  {title}", line, pct(&times, 0.5), pct(&times, 0.99), max(&times));
        all.extend(times);
    }
    all.sort();
    println!("{:<66} {:>9.1?} {:>9.1?} {:>9.1?}", "every command", pct(&all, 0.5), pct(&all, 0.99), max(&all));

    // The judged questions of tests/relevance (members' own words, long ones too) as /search:
    // the commands above are a handful; these show the tail.
    let questions: Vec<String> =
        relevance::questions().into_iter().chain(relevance::holdout()).map(|question| question.text).collect();
    let mut all = Vec::new();
    let mut slowest: Vec<(Duration, Duration, &str)> = Vec::new();
    for question in &questions {
        let invocation = Invocation::new(CommandName::Search).with("query", OptionValue::String(question.clone()));
        let times = timed((rounds / 10).max(3), || {
            std::hint::black_box(render(&commands::execute(&ctx, &invocation, 0), Style::Plain, false))
        });
        slowest.push((pct(&times, 0.99), pct(&times, 0.5), question));
        all.extend(times);
    }
    all.sort();
    slowest.sort();
    println!(
        "{:<66} {:>9.1?} {:>9.1?} {:>9.1?}",
        format!("/search, the {} judged questions", questions.len()),
        pct(&all, 0.5),
        pct(&all, 0.99),
        max(&all)
    );
    for (p99, p50, question) in slowest.iter().rev().take(3) {
        let shown: String = question.chars().take(60).collect();
        println!("  slowest: {shown:<58} {p50:>9.1?} {p99:>9.1?}");
    }

    let snapshot = store.snapshot();
    println!("\n{:<66} {:>9} {:>9} {:>9}  choices", "autocomplete", "p50", "p99", "max");
    let mut all = Vec::new();
    for (command, given, option, typed) in COMPLETIONS {
        let mut invocation = Invocation::new(*command);
        for (name, value) in *given {
            invocation.set(name, OptionValue::String(value.to_string()));
        }
        let count = commands::complete(&snapshot, &invocation, option, typed).len();
        let times = timed(rounds, || std::hint::black_box(commands::complete(&snapshot, &invocation, option, typed)));
        let shown = format!("{} {option}:{typed:?}", invocation.to_line());
        println!("{:<66} {:>9.1?} {:>9.1?} {:>9.1?}  {count}", shown, pct(&times, 0.5), pct(&times, 0.99), max(&times));
        all.extend(times);
    }
    all.sort();
    println!("{:<66} {:>9.1?} {:>9.1?} {:>9.1?}", "every autocomplete", pct(&all, 0.5), pct(&all, 0.99), max(&all));
    drop(snapshot);

    // Plans: one member's commands against SQLite (answers without their picture).
    println!("\n{:<66} {:>9} {:>9} {:>9}  answer", "plan (SQLite)", "p50", "p99", "max");
    let member = Context { caller: Caller { moderator: false, user: Some(7), guild: Some(42) }, ..ctx };
    let plan = |line: &str| {
        let invocation = commands::parse_line(&store.snapshot(), line).expect("valid invocation");
        commands::execute(&member, &invocation, 0)
    };
    plan("/plan set career:devops");
    plan("/plan done item:\"Terraform, Docker, Kubernetes\"");
    for line in ["/plan", "/plan done item:Terraform", "/plan undo item:Ansible", "/group"] {
        let title = plan(line).title;
        let times = timed(rounds.min(300), || std::hint::black_box(plan(line)));
        println!("{:<66} {:>9.1?} {:>9.1?} {:>9.1?}  {title}", line, pct(&times, 0.5), pct(&times, 0.99), max(&times));
    }

    // Pictures: rendered apart from the answer (after "thinking…" in Discord).
    println!("\n{:<66} {:>9} {:>9} {:>9}  bytes", "picture", "p50", "p99", "max");
    for line in ["/path secops cloud", "/ladder devops"] {
        let invocation = commands::parse_line(&store.snapshot(), line).expect("valid invocation");
        let Some(sketch) = commands::execute(&ctx, &invocation, 0).picture else {
            println!("{line:<66} (no picture)");
            continue;
        };
        let bytes = careerbot::picture::render(&sketch).map_or(0, |p| p.png.len());
        let times = timed(rounds.min(100), || std::hint::black_box(careerbot::picture::render(&sketch)));
        println!("{:<66} {:>9.1?} {:>9.1?} {:>9.1?}  {bytes}", line, pct(&times, 0.5), pct(&times, 0.99), max(&times));
    }
    drop(store);

    if processes {
        println!();
        for line in ["/career secops", "/certs secops", "/search how do I become a data scientist"] {
            let times = timed(5, || ask(content, index.path(), line));
            println!(
                "whole `careerbot ask {line:?}` (index reused): median {:.0?}, max {:.0?}",
                pct(&times, 0.5),
                max(&times)
            );
        }
        match serve_resident(content, index.path()) {
            Ok(kib) => println!("`careerbot serve` resident after load: {:.1} MB", kib as f64 / 1024.0),
            Err(e) => println!("`careerbot serve` resident after load: not measured ({e})"),
        }
    }
}

/// Runs `f` `rounds` times (after one warm-up) and returns the sorted durations.
fn timed<T>(rounds: usize, mut f: impl FnMut() -> T) -> Vec<Duration> {
    std::hint::black_box(f());
    let mut times: Vec<Duration> = (0..rounds)
        .map(|_| {
            let started = Instant::now();
            std::hint::black_box(f());
            started.elapsed()
        })
        .collect();
    times.sort();
    times
}

/// The last result and the shortest of `runs` runs (the least disturbed by the machine).
fn best_of<T>(runs: usize, mut f: impl FnMut() -> T) -> (T, Duration) {
    let mut best = Duration::MAX;
    let mut last = None;
    for _ in 0..runs {
        let started = Instant::now();
        let value = f();
        best = best.min(started.elapsed());
        last = Some(value);
    }
    (last.expect("at least one run"), best)
}

fn pct(sorted: &[Duration], p: f64) -> Duration {
    let at = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[at.min(sorted.len() - 1)]
}

fn max(sorted: &[Duration]) -> Duration {
    sorted.last().copied().unwrap_or_default()
}

fn binary() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_careerbot"))
}

/// One whole `careerbot ask` process; panics unless it answers.
fn ask(content: &Path, index: &Path, line: &str) {
    let status = Command::new(binary())
        .arg("--content")
        .arg(content)
        .arg("--index")
        .arg(index)
        .args(["ask", line])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .expect("careerbot runs");
    assert!(status.success(), "careerbot ask {line:?}: {status}");
}

/// Starts `careerbot serve --http 127.0.0.1:0` (no Discord account needed), waits for its
/// endpoint to listen, and reads its resident memory (KiB) from /proc.
fn serve_resident(content: &Path, index: &Path) -> Result<u64, String> {
    let mut child = Command::new(binary())
        .arg("--content")
        .arg(content)
        .arg("--index")
        .arg(index)
        .args(["serve", "--http", "127.0.0.1:0", "--log-format", "json"])
        .env("DATABASE_URL", format!("sqlite:{}", index.join("plans.sqlite").display()))
        .env_remove("DISCORD_TOKEN")
        .env("DISCORD_PUBLIC_KEY", PUBLIC_KEY)
        .env("RUST_LOG", "careerbot=info")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| e.to_string())?;
    let stderr = child.stderr.take().ok_or("no stderr")?;
    let (ready_tx, ready_rx) = std::sync::mpsc::channel();
    let reader = std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if line.contains("interactions endpoint") {
                let _ = ready_tx.send(());
            }
        }
    });
    let result = match ready_rx.recv_timeout(Duration::from_secs(120)) {
        Ok(()) => {
            // Let the start settle (allocator, first timers) before reading.
            std::thread::sleep(Duration::from_millis(500));
            std::fs::read_to_string(format!("/proc/{}/status", child.id())).map_err(|e| e.to_string()).and_then(
                |status| {
                    status
                        .lines()
                        .find_map(|l| l.strip_prefix("VmRSS:"))
                        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
                        .ok_or_else(|| "no VmRSS".to_string())
                },
            )
        }
        Err(_) => Err("serve did not start within 120 s".into()),
    };
    let _ = child.kill();
    let _ = child.wait();
    let _ = reader.join();
    result
}
