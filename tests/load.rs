//! Load with a reload in the middle, through the gateway (real serenity against the fake
//! Discord) and through the HTTP endpoint. Every interaction must be answered exactly once,
//! in time (the fake refuses callbacks later than Discord's 3 s), while `/reload` swaps the
//! content underneath.
//!
//! Size: `CAREERBOT_LOAD_INTERACTIONS` (default 1,000, what CI runs); the figures in the
//! closing notes come from `CAREERBOT_LOAD_INTERACTIONS=10000 cargo test --release --test load
//! -- --nocapture`. Prints p50, p99, max latency and the peak memory of the test process.

#[path = "support/endpoint.rs"]
mod endpoint;
#[path = "support/fake_discord.rs"]
mod fake_discord;

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use careerbot::commands::{self, Caller, Context, Invocation, Settings};
use careerbot::content::LoadOptions;
use careerbot::discord::cooldown::Cooldown;
use careerbot::discord::{serve, Dispatcher, Options, Shards, Token};
use careerbot::http::webhook::Webhooks;
use careerbot::http::{Endpoint, PublicKey};
use careerbot::metrics::Metrics;
use careerbot::snapshot::{self, Store};
use ed25519_dalek::{Signer, SigningKey};
use fake_discord::*;
use serde_json::{json, Value};
use tempfile::TempDir;
use tokio::sync::Semaphore;

/// Interactions waiting for their answer at any moment (`CAREERBOT_LOAD_IN_FLIGHT`, default
/// 16): a busy server; more only queues, and a debug build on a loaded CI machine must still
/// answer each within Discord's 3 s.
fn in_flight() -> usize {
    std::env::var("CAREERBOT_LOAD_IN_FLIGHT").ok().and_then(|n| n.parse().ok()).unwrap_or(16)
}

fn size() -> usize {
    std::env::var("CAREERBOT_LOAD_INTERACTIONS").ok().and_then(|n| n.parse().ok()).unwrap_or(1000)
}

fn peak_memory_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
}

fn report(what: &str, mut latencies: Vec<Duration>, took: Duration) {
    latencies.sort();
    let pct = |p: f64| latencies[((latencies.len() - 1) as f64 * p) as usize];
    println!(
        "{what}: {} interactions in {:.2} s ({:.0}/s), latency p50 {:.2?}, p99 {:.2?}, max {:.2?}; peak memory {} MiB",
        latencies.len(),
        took.as_secs_f64(),
        latencies.len() as f64 / took.as_secs_f64(),
        pct(0.5),
        pct(0.99),
        latencies[latencies.len() - 1],
        peak_memory_kib().map_or("?".to_string(), |k| (k / 1024).to_string())
    );
    assert!(latencies[latencies.len() - 1] < Duration::from_secs(3), "an answer took longer than Discord allows");
}

/// A content folder with the seed, a store over it, and a page token for page turns.
fn content() -> (TempDir, TempDir, Arc<Store>, String) {
    let dir = TempDir::new().unwrap();
    let seed = Path::new(env!("CARGO_MANIFEST_DIR")).join("content/27-SecOps_Engineer.md");
    std::fs::copy(seed, dir.path().join("27-SecOps_Engineer.md")).unwrap();
    let index = TempDir::new().unwrap();
    let settings = snapshot::Settings {
        content_dir: dir.path().to_path_buf(),
        index_dir: index.path().to_path_buf(),
        load: LoadOptions::default(),
    };
    let store = Arc::new(Store::open(settings, false).unwrap().0);
    let ctx = Context { store: &store, settings: &Settings::default(), caller: Caller::default() };
    let long = Invocation::parse("/career secops responsibilities").unwrap();
    let next = commands::execute(&ctx, &long, 0).next.unwrap();
    (dir, index, store, next)
}

fn dispatcher(store: &Arc<Store>) -> Arc<Dispatcher> {
    Arc::new(Dispatcher::new(
        Arc::clone(store),
        Settings::default(),
        Vec::new(),
        Cooldown::new(0, Duration::from_secs(10)),
        Arc::new(Metrics::new()),
    ))
}

fn option(name: &str, kind: u8, value: Value) -> Value {
    json!({ "name": name, "type": kind, "value": value })
}

/// The i-th interaction of the mix members send.
fn nth(i: usize, next_page: &str) -> Value {
    let member = MemberSpec::new(DEFAULT_USER_ID + (i % 200) as u64);
    match i % 8 {
        0 | 1 => {
            autocomplete("career", json!([{ "name": "name", "type": 3, "value": "sec", "focused": true }]), &member)
        }
        2 => slash_command("career", json!([option("name", 3, json!("secops"))]), &member),
        3 => slash_command("search", json!([option("query", 3, json!("kubernetes admission"))]), &member),
        4 => slash_command("prompt", json!([option("career", 3, json!("27")), option("number", 4, json!(3))]), &member),
        5 => slash_command("certs", json!([option("career", 3, json!("secops"))]), &member),
        6 => component(next_page, 2, &[], &member, bot_message("", json!([]))),
        _ => slash_command(
            "career",
            json!([option("name", 3, json!("secops")), option("section", 3, json!("tools"))]),
            &member,
        ),
    }
}

const NEW_CAREER: &str = "---\ntitle: \"28. New Career\"\n---\n# 28. New Career\n## Role Definition:\nText.\n";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn gateway_load_with_a_reload_in_the_middle() {
    let n = size();
    let fake = Arc::new(FakeDiscord::start().await);
    let (dir, _index, store, next_page) = content();
    let options = Options {
        token: Token::new(fake_token()),
        api_base: Some(fake.rest_base()),
        guild_ids: Vec::new(),
        shards: Shards::Auto,
        grace: Duration::from_secs(5),
    };
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let bot = tokio::spawn(serve(dispatcher(&store), options, async move {
        let _ = stopped.await;
    }));
    fake.wait_identified(1, Duration::from_secs(10)).await;
    fake.ready(DEFAULT_APP_ID, DEFAULT_BOT_ID).await;
    let version_before = store.snapshot().version().to_string();

    let permits = Arc::new(Semaphore::new(in_flight()));
    let started = Instant::now();
    let mut tasks = Vec::with_capacity(n);
    for i in 0..n {
        if i == n / 2 {
            std::fs::write(dir.path().join("28-New_Career.md"), NEW_CAREER).unwrap();
            let reload = slash_command("reload", json!([]), &MemberSpec::moderator(DEFAULT_USER_ID));
            let original = original_path(&reload);
            fake.interaction(reload).await;
            let fake = Arc::clone(&fake);
            tasks.push(tokio::spawn(async move {
                let edit =
                    fake.wait_request(Duration::from_secs(30), |r| r.method == "PATCH" && r.path == original).await;
                assert!(edit.is_some(), "the reload report never came");
                Duration::ZERO
            }));
        }
        let permit = Arc::clone(&permits).acquire_owned().await.unwrap();
        let interaction = nth(i, &next_page);
        let path = callback_path(&interaction);
        let fake = Arc::clone(&fake);
        tasks.push(tokio::spawn(async move {
            let sent = Instant::now();
            fake.interaction(interaction).await;
            let answered = fake.wait_request(Duration::from_secs(10), |r| r.method == "POST" && r.path == path).await;
            let took = sent.elapsed();
            drop(permit);
            let answered = answered.unwrap_or_else(|| panic!("interaction {i} was not answered"));
            assert_eq!(answered.status, 204, "interaction {i} answered late or refused");
            took
        }));
    }
    let mut latencies = Vec::with_capacity(n);
    for task in tasks {
        latencies.push(task.await.unwrap());
    }
    let took = started.elapsed();
    latencies.retain(|l| *l > Duration::ZERO);

    // Exactly one answer per interaction; none refused as a second answer or as late.
    let mut callbacks: HashMap<String, usize> = HashMap::new();
    for request in fake.requests().iter().filter(|r| r.method == "POST" && r.path.ends_with("/callback")) {
        assert_eq!(request.status, 204, "{} got {}", request.path, request.status);
        *callbacks.entry(request.path.clone()).or_default() += 1;
    }
    assert_eq!(callbacks.len(), n + 1, "every interaction and the reload answered");
    assert!(callbacks.values().all(|&c| c == 1), "an interaction was answered twice");
    assert_ne!(store.snapshot().version(), version_before, "the reload swapped the content");
    assert_eq!(store.snapshot().library.documents.len(), 2);
    report("gateway", latencies, took);

    let _ = stop.send(());
    let _ = tokio::time::timeout(Duration::from_secs(3), bot).await;
    fake.assert_no_problems();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn http_load_with_a_reload_in_the_middle() {
    let n = size();
    let fake = FakeDiscord::start().await;
    let (dir, _index, store, next_page) = content();
    let key = SigningKey::from_bytes(&[7u8; 32]);
    let hex = |bytes: &[u8]| bytes.iter().map(|b| format!("{b:02x}")).collect::<String>();
    let public = PublicKey::from_hex(&hex(key.verifying_key().as_bytes())).unwrap();
    let rest = Webhooks::new(Some(&fake.rest_base())).unwrap();
    let endpoint = Arc::new(Endpoint::new(dispatcher(&store), public, rest));
    let url = endpoint::serve(endpoint).await;
    let client = reqwest::Client::builder().no_proxy().timeout(Duration::from_secs(60)).build().unwrap();
    let version_before = store.snapshot().version().to_string();

    let sign = {
        let key = key.clone();
        move |body: &str| {
            let timestamp = SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_secs().to_string();
            let signature = key.sign(format!("{timestamp}{body}").as_bytes()).to_bytes();
            (signature.iter().map(|b| format!("{b:02x}")).collect::<String>(), timestamp)
        }
    };
    let permits = Arc::new(Semaphore::new(in_flight()));
    let started = Instant::now();
    let mut tasks = Vec::with_capacity(n + 1);
    for i in 0..n {
        let (interaction, expected) = if i == n / 2 {
            std::fs::write(dir.path().join("28-New_Career.md"), NEW_CAREER).unwrap();
            (slash_command("reload", json!([]), &MemberSpec::moderator(DEFAULT_USER_ID)), Some(5))
        } else {
            (nth(i, &next_page), None)
        };
        let permit = Arc::clone(&permits).acquire_owned().await.unwrap();
        let body = interaction.to_string();
        let (signature, timestamp) = sign(&body);
        let request = client
            .post(&url)
            .header("X-Signature-Ed25519", signature)
            .header("X-Signature-Timestamp", timestamp)
            .body(body);
        tasks.push(tokio::spawn(async move {
            let sent = Instant::now();
            let response = request.send().await.unwrap_or_else(|e| panic!("interaction {i}: {e}"));
            assert_eq!(response.status(), 200, "interaction {i}");
            let answer: Value = serde_json::from_str(&response.text().await.unwrap()).unwrap();
            if let Some(kind) = expected {
                assert_eq!(answer["type"], kind);
            } else {
                assert!(matches!(answer["type"].as_u64(), Some(4 | 7 | 8)), "interaction {i}: {answer}");
            }
            let took = sent.elapsed();
            drop(permit);
            took
        }));
    }
    let mut latencies = Vec::with_capacity(n);
    for task in tasks {
        latencies.push(task.await.unwrap());
    }
    let took = started.elapsed();
    let edit = fake.wait_request(Duration::from_secs(30), |r| r.method == "PATCH").await;
    assert!(edit.is_some(), "the reload report was edited in");
    assert_ne!(store.snapshot().version(), version_before);
    report("http", latencies, took);
}
