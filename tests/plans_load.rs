//! 1,000 members setting a plan and ticking an item at once, through the signed HTTP endpoint
//! of two replicas that share one database (PostgreSQL, see `support/postgres.rs`; a SQLite
//! file when there is none). Every write is acknowledged (the deferred answer is edited in) and
//! is in the database afterwards; no member ever reads "unavailable".
//! Prints the response latency (p50, p99, max) and the time until every edit arrived.

#[path = "support/endpoint.rs"]
mod endpoint;
#[path = "support/fake_discord.rs"]
mod fake_discord;
#[path = "support/postgres.rs"]
mod postgres;

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use careerbot::commands::Settings;
use careerbot::content::LoadOptions;
use careerbot::discord::cooldown::Cooldown;
use careerbot::discord::Dispatcher;
use careerbot::http::webhook::Webhooks;
use careerbot::http::{Endpoint, PublicKey};
use careerbot::metrics::Metrics;
use careerbot::plans::PlanStore;
use careerbot::snapshot::{self, Store};
use ed25519_dalek::{Signer, SigningKey};
use fake_discord::*;
use serde_json::{json, Value};
use tempfile::TempDir;
use tokio::sync::Semaphore;

const MEMBERS: u64 = 1_000;
const IN_FLIGHT: usize = 32;

fn option(name: &str, kind: u8, value: Value) -> Value {
    json!({ "name": name, "type": kind, "value": value })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_thousand_members_write_plans_through_two_replicas() {
    let fake = FakeDiscord::start().await;
    let content = TempDir::new().unwrap();
    let seed = Path::new(env!("CARGO_MANIFEST_DIR")).join("content/27-SecOps_Engineer.md");
    std::fs::copy(seed, content.path().join("27-SecOps_Engineer.md")).unwrap();
    let data = TempDir::new().unwrap();
    let url = tokio::task::block_in_place(postgres::url)
        .unwrap_or_else(|| format!("sqlite:{}", data.path().join("plans.sqlite").display()));
    let guild = SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_nanos() as u64 | 1;

    let key = SigningKey::from_bytes(&[7u8; 32]);
    let hex = |bytes: &[u8]| bytes.iter().map(|b| format!("{b:02x}")).collect::<String>();
    let mut replicas = Vec::new();
    let mut indexes = Vec::new();
    for _ in 0..2 {
        let index = TempDir::new().unwrap();
        let settings = snapshot::Settings {
            content_dir: content.path().to_path_buf(),
            index_dir: index.path().to_path_buf(),
            load: LoadOptions::default(),
        };
        let plans = Arc::new(tokio::task::block_in_place(|| PlanStore::open(&url)).unwrap());
        let store = Arc::new(Store::open(settings, false).unwrap().0.with_plans(plans));
        let dispatcher = Arc::new(Dispatcher::new(
            store,
            Settings::default(),
            Vec::new(),
            Cooldown::new(0, Duration::from_secs(10)),
            Arc::new(Metrics::new()),
        ));
        let public = PublicKey::from_hex(&hex(key.verifying_key().as_bytes())).unwrap();
        let endpoint = Arc::new(Endpoint::new(dispatcher, public, Webhooks::new(Some(&fake.rest_base())).unwrap()));
        replicas.push(endpoint::serve(endpoint).await);
        indexes.push(index);
    }
    let client = reqwest::Client::builder().no_proxy().timeout(Duration::from_secs(60)).build().unwrap();
    let sign = move |body: &str| {
        let timestamp = SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_secs().to_string();
        let signature = key.sign(format!("{timestamp}{body}").as_bytes()).to_bytes();
        (signature.iter().map(|b| format!("{b:02x}")).collect::<String>(), timestamp)
    };

    let permits = Arc::new(Semaphore::new(IN_FLIGHT));
    let started = Instant::now();
    let mut tasks = Vec::new();
    for step in ["set", "done"] {
        for m in 0..MEMBERS {
            let member = MemberSpec::new(DEFAULT_USER_ID + m);
            let options = match step {
                "set" => json!([option("action", 3, json!("set")), option("career", 3, json!("secops"))]),
                _ => json!([option("action", 3, json!("done")), option("item", 3, json!("Terraform"))]),
            };
            let mut interaction = slash_command("plan", options, &member);
            interaction["guild_id"] = json!(guild.to_string());
            let body = interaction.to_string();
            let (signature, timestamp) = sign(&body);
            let request = client
                .post(&replicas[(m as usize) % 2])
                .header("X-Signature-Ed25519", signature)
                .header("X-Signature-Timestamp", timestamp)
                .body(body);
            let permit = Arc::clone(&permits).acquire_owned().await.unwrap();
            tasks.push(tokio::spawn(async move {
                let sent = Instant::now();
                let response = request.send().await.unwrap();
                assert_eq!(response.status(), 200);
                let answer: Value = serde_json::from_str(&response.text().await.unwrap()).unwrap();
                assert_eq!(answer["type"], 5, "deferred: {answer}");
                drop(permit);
                sent.elapsed()
            }));
        }
        // Each member's target is set before their item is ticked.
        if step == "set" {
            let mut edits = 0;
            let deadline = Instant::now() + Duration::from_secs(120);
            while edits < MEMBERS as usize && Instant::now() < deadline {
                edits = fake.count_requests("PATCH");
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
        }
    }
    let mut latencies = Vec::new();
    for task in tasks {
        latencies.push(task.await.unwrap());
    }
    // Every write acknowledged: 2,000 edits, none saying plans are unavailable.
    let deadline = Instant::now() + Duration::from_secs(120);
    while fake.count_requests("PATCH") < 2 * MEMBERS as usize && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let edits: Vec<RecordedRequest> = fake.requests().into_iter().filter(|r| r.method == "PATCH").collect();
    let all_acknowledged = started.elapsed();
    assert_eq!(edits.len(), 2 * MEMBERS as usize, "every write answered");
    let titles: Vec<String> = edits
        .iter()
        .map(|e| e.json().and_then(|j| j["embeds"][0]["title"].as_str().map(str::to_string)).unwrap_or_default())
        .collect();
    assert_eq!(titles.iter().filter(|t| t.starts_with("Target set")).count(), MEMBERS as usize, "{titles:?}");
    assert_eq!(titles.iter().filter(|t| *t == "Marked done").count(), MEMBERS as usize);
    // And in the database, whichever replica wrote it.
    let plans = tokio::task::block_in_place(|| PlanStore::open(&url)).unwrap();
    let board = tokio::task::block_in_place(|| plans.plans_in(&guild.to_string())).unwrap();
    assert_eq!(board.rows.len(), MEMBERS as usize);
    for m in [0, MEMBERS / 2, MEMBERS - 1] {
        let done = tokio::task::block_in_place(|| {
            plans.done(&guild.to_string(), &(DEFAULT_USER_ID + m).to_string(), "secops-engineer/")
        })
        .unwrap();
        assert_eq!(done.len(), 1);
    }
    latencies.sort();
    let pct = |p: f64| latencies[((latencies.len() as f64 * p) as usize).min(latencies.len() - 1)];
    eprintln!(
        "{} plan writes through 2 replicas on {}: response p50 {:?}, p99 {:?}, max {:?}; all {} edits in {:?}",
        latencies.len(),
        plans.kind(),
        pct(0.5),
        pct(0.99),
        latencies[latencies.len() - 1],
        edits.len(),
        all_acknowledged
    );
}
