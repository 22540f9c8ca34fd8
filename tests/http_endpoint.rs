//! The HTTP interactions endpoint with a test keypair, the ops endpoints, and content watch.

#[path = "support/fake_discord.rs"]
mod fake_discord;

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use careerbot::commands::Settings;
use careerbot::content::LoadOptions;
use careerbot::discord::cooldown::Cooldown;
use careerbot::discord::{http_client, Dispatcher, Token};
use careerbot::http::ops::OpsState;
use careerbot::http::{server, Endpoint, PublicKey};
use careerbot::metrics::Metrics;
use careerbot::snapshot::{self, Store};
use ed25519_dalek::{Signer, SigningKey};
use fake_discord::*;
use serde_json::{json, Value};
use tempfile::TempDir;
use tokio::net::TcpListener;
use tokio::sync::oneshot;

struct Harness {
    fake: FakeDiscord,
    key: SigningKey,
    url: String,
    ops_url: String,
    client: reqwest::Client,
    store: Arc<Store>,
    metrics: Arc<Metrics>,
    content: TempDir,
    _index: TempDir,
    _stop: oneshot::Sender<()>,
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn now() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_secs()
}

async fn start() -> Harness {
    let fake = FakeDiscord::start().await;
    let content = TempDir::new().unwrap();
    let seed = Path::new(env!("CARGO_MANIFEST_DIR")).join("content/27-SecOps_Engineer.md");
    std::fs::copy(seed, content.path().join("27-SecOps_Engineer.md")).unwrap();
    let index = TempDir::new().unwrap();
    let settings = snapshot::Settings {
        content_dir: content.path().to_path_buf(),
        index_dir: index.path().to_path_buf(),
        load: LoadOptions::default(),
    };
    let store = Arc::new(Store::open(settings, false).unwrap().0);
    let metrics = Arc::new(Metrics::new());
    let dispatcher = Arc::new(Dispatcher::new(
        Arc::clone(&store),
        Settings::default(),
        Vec::new(),
        Cooldown::new(0, Duration::from_secs(10)),
        Arc::clone(&metrics),
    ));
    let key = SigningKey::from_bytes(&[7u8; 32]);
    let public = PublicKey::from_hex(&hex(key.verifying_key().as_bytes())).unwrap();
    let rest = Arc::new(http_client(&Token::new(""), Some(&fake.rest_base())).unwrap());
    let endpoint = Arc::new(Endpoint::new(dispatcher, public, rest));

    let (stop, stopped) = oneshot::channel::<()>();
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/interactions", listener.local_addr().unwrap());
    tokio::spawn(server::run(listener, move |r| Arc::clone(&endpoint).handle(r), async move {
        let _ = stopped.await;
    }));
    let ops = Arc::new(OpsState::new(Arc::clone(&metrics)));
    ops.serving(Arc::clone(&store));
    let ops_listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let ops_url = format!("http://{}", ops_listener.local_addr().unwrap());
    tokio::spawn(server::run(ops_listener, move |r| Arc::clone(&ops).handle(r), std::future::pending()));
    // Generous: a debug build on a busy two-core machine answers 1,000 concurrent requests slowly.
    let client = reqwest::Client::builder().no_proxy().timeout(Duration::from_secs(120)).build().unwrap();
    Harness { fake, key, url, ops_url, client, store, metrics, content, _index: index, _stop: stop }
}

impl Harness {
    /// POSTs `body` signed with `key` at `timestamp`.
    async fn post_signed_with(&self, key: &SigningKey, body: &str, timestamp: u64) -> reqwest::Response {
        let signature = key.sign(format!("{timestamp}{body}").as_bytes());
        self.client
            .post(&self.url)
            .header("X-Signature-Ed25519", hex(&signature.to_bytes()))
            .header("X-Signature-Timestamp", timestamp.to_string())
            .header("content-type", "application/json")
            .body(body.to_string())
            .send()
            .await
            .unwrap()
    }

    async fn post(&self, interaction: &Value) -> Value {
        let response = self.post_signed_with(&self.key, &interaction.to_string(), now()).await;
        assert_eq!(response.status(), 200);
        json_of(response).await
    }

    fn answered(&self) -> bool {
        self.metrics.render().contains("careerbot_interactions_total{")
    }

    async fn health(&self) -> Value {
        json_of(self.client.get(format!("{}/healthz", self.ops_url)).send().await.unwrap()).await
    }
}

async fn json_of(response: reqwest::Response) -> Value {
    serde_json::from_str(&response.text().await.unwrap()).unwrap()
}

fn option(name: &str, kind: u8, value: Value) -> Value {
    json!({ "name": name, "type": kind, "value": value })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_signed_ping_gets_pong() {
    let h = start().await;
    let ping =
        json!({ "id": "1", "application_id": DEFAULT_APP_ID.to_string(), "type": 1, "token": "t", "version": 1 });
    assert_eq!(h.post(&ping).await, json!({ "type": 1 }));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn commands_autocomplete_and_components_are_answered_in_the_response() {
    let h = start().await;
    let member = MemberSpec::new(DEFAULT_USER_ID);
    let body = h.post(&slash_command("career", json!([option("name", 3, json!("secops"))]), &member)).await;
    assert_eq!(body["type"], 4);
    assert!(body["data"]["embeds"][0]["title"].as_str().unwrap().contains("SecOps Engineer"));
    assert_eq!(body["data"]["allowed_mentions"]["parse"], json!([]));

    let focused = json!([{ "name": "name", "type": 3, "value": "sec", "focused": true }]);
    let body = h.post(&autocomplete("career", focused, &member)).await;
    assert_eq!(body["type"], 8);
    assert_eq!(body["data"]["choices"][0]["value"], "secops-engineer");

    let long = json!([option("name", 3, json!("secops")), option("section", 3, json!("responsibilities"))]);
    let page1 = h.post(&slash_command("career", long, &member)).await;
    let next = page1["data"]["components"][0]["components"][1]["custom_id"].as_str().unwrap().to_string();
    let body = h.post(&component(&next, 2, &[], &member, bot_message("", page1["data"]["components"].clone()))).await;
    assert_eq!(body["type"], 7);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn forged_requests_are_refused_and_nothing_runs() {
    let h = start().await;
    let interaction = slash_command("reload", json!([]), &MemberSpec::moderator(DEFAULT_USER_ID)).to_string();
    std::fs::write(
        h.content.path().join("28-New_Career.md"),
        "---\ntitle: \"28. New\"\n---\n# 28. New\n## Role Definition:\nText.\n",
    )
    .unwrap();
    let version = h.store.snapshot().version().to_string();
    let other_key = SigningKey::from_bytes(&[9u8; 32]);
    let ts = now();

    assert_eq!(h.post_signed_with(&other_key, &interaction, ts).await.status(), 401, "wrong key");

    let signature = hex(&h.key.sign(format!("{ts}{interaction}").as_bytes()).to_bytes());
    let send = |sig: Option<String>, stamp: Option<String>, body: String| {
        let mut request = h.client.post(&h.url).body(body);
        if let Some(sig) = sig {
            request = request.header("X-Signature-Ed25519", sig);
        }
        if let Some(stamp) = stamp {
            request = request.header("X-Signature-Timestamp", stamp);
        }
        request.send()
    };
    let altered = interaction.replace("reload", "relaod");
    assert_eq!(
        send(Some(signature.clone()), Some(ts.to_string()), altered).await.unwrap().status(),
        401,
        "altered body"
    );
    assert_eq!(
        send(Some(signature.clone()), Some((ts + 1).to_string()), interaction.clone()).await.unwrap().status(),
        401,
        "altered timestamp"
    );
    assert_eq!(send(None, Some(ts.to_string()), interaction.clone()).await.unwrap().status(), 401, "no signature");
    assert_eq!(send(Some(signature.clone()), None, interaction.clone()).await.unwrap().status(), 401, "no timestamp");
    assert_eq!(
        send(Some("zz".into()), Some(ts.to_string()), interaction.clone()).await.unwrap().status(),
        401,
        "garbage signature"
    );
    let stale = ts - 301;
    assert_eq!(h.post_signed_with(&h.key, &interaction, stale).await.status(), 401, "stale timestamp");
    let future = ts + 400;
    assert_eq!(h.post_signed_with(&h.key, &interaction, future).await.status(), 401, "timestamp from the future");
    let huge = format!("{{\"pad\":\"{}\"}}", "x".repeat(70 * 1024));
    assert_eq!(h.post_signed_with(&h.key, &huge, ts).await.status(), 413, "oversized body");
    let get = h.client.get(&h.url).send().await.unwrap();
    assert_eq!(get.status(), 405);
    assert_eq!(h.client.post(h.url.replace("/interactions", "/other")).send().await.unwrap().status(), 404);

    assert!(!h.answered(), "no interaction was dispatched");
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(h.store.snapshot().version(), version, "no reload ran");
    assert!(!h.fake.requests().iter().any(|r| r.method == "PATCH"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_thousand_concurrent_signed_requests_are_all_answered() {
    let h = Arc::new(start().await);
    let lines = ["secops", "27", "sec ops", "secopz"];
    let requests = (0..1000).map(|i| {
        let h = Arc::clone(&h);
        let member = MemberSpec::new(DEFAULT_USER_ID + (i % 50));
        let interaction =
            slash_command("career", json!([option("name", 3, json!(lines[i as usize % lines.len()]))]), &member);
        async move {
            let response = h.post_signed_with(&h.key, &interaction.to_string(), now()).await;
            assert_eq!(response.status(), 200);
            let body: Value = json_of(response).await;
            assert_eq!(body["type"], 4);
            body["data"]["embeds"][0]["title"].as_str().unwrap().to_string()
        }
    });
    let titles =
        tokio::time::timeout(Duration::from_secs(180), futures_util::future::join_all(requests)).await.unwrap();
    assert_eq!(titles.len(), 1000);
    assert_eq!(titles.iter().filter(|t| t.contains("SecOps Engineer")).count(), 750);
    assert!(h.metrics.render().contains("careerbot_interactions_total{command=\"career\",outcome=\"ok\"} 750"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn healthz_and_metrics_reflect_a_reload() {
    let h = start().await;
    let before = h.health().await;
    assert_eq!(before["status"], "ok");
    assert_eq!(before["documents"], 1);
    std::fs::write(
        h.content.path().join("28-New_Career.md"),
        "---\ntitle: \"28. New Career\"\n---\n# 28. New Career\n## Role Definition:\nText.\n",
    )
    .unwrap();

    let interaction = slash_command("reload", json!([]), &MemberSpec::moderator(DEFAULT_USER_ID));
    let original = original_path(&interaction);
    let body = h.post(&interaction).await;
    assert_eq!(body["type"], 5, "deferred in the HTTP response");
    assert_eq!(body["data"]["flags"], 64);
    let edit = h.fake.expect_request("edit with the report", |r| r.method == "PATCH" && r.path == original).await;
    assert_eq!(edit.json().unwrap()["embeds"][0]["title"], "Content reloaded");

    let after = h.health().await;
    assert_eq!(after["documents"], 2);
    assert_ne!(after["version"], before["version"]);
    let metrics = h.client.get(format!("{}/metrics", h.ops_url)).send().await.unwrap().text().await.unwrap();
    assert!(metrics.contains("careerbot_reloads_total{outcome=\"swapped\"} 1"), "{metrics}");
    assert!(metrics.contains("careerbot_documents 2"), "{metrics}");
    assert!(
        metrics.contains(&format!("careerbot_content_version{{version=\"{}\"}} 1", after["version"].as_str().unwrap())),
        "{metrics}"
    );
    assert!(metrics.contains("careerbot_interaction_duration_seconds_bucket"), "{metrics}");
    assert!(!metrics.contains(before["version"].as_str().unwrap()), "the old version is gone");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn healthz_is_503_until_content_serves() {
    let ops = Arc::new(OpsState::new(Arc::new(Metrics::new())));
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/healthz", listener.local_addr().unwrap());
    tokio::spawn(server::run(listener, move |r| Arc::clone(&ops).handle(r), std::future::pending()));
    let client = reqwest::Client::builder().no_proxy().build().unwrap();
    assert_eq!(client.get(&url).send().await.unwrap().status(), 503);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn watch_picks_up_a_change_and_refuses_a_broken_one() {
    let h = start().await;
    let task =
        tokio::spawn(careerbot::watch::run(Arc::clone(&h.store), Arc::clone(&h.metrics), Duration::from_millis(50)));
    let first = h.store.snapshot().version().to_string();
    std::fs::write(
        h.content.path().join("28-New_Career.md"),
        "---\ntitle: \"28. New Career\"\n---\n# 28. New Career\n## Role Definition:\nText.\n",
    )
    .unwrap();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    while h.store.snapshot().version() == first {
        assert!(tokio::time::Instant::now() < deadline, "the change was not picked up");
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    assert_eq!(h.store.snapshot().library.documents.len(), 2);
    let second = h.store.snapshot().version().to_string();

    std::fs::write(h.content.path().join("29-Broken.md"), "---\ntitle: [never closed\n---\n# Broken\n").unwrap();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    while !h.metrics.render().contains("careerbot_reloads_total{outcome=\"kept\"} 1") {
        assert!(tokio::time::Instant::now() < deadline, "the broken change was not looked at");
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    assert_eq!(h.store.snapshot().version(), second, "the broken change did not replace working content");
    task.abort();
}
