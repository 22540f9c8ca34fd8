//! The HTTP interactions endpoint with a test keypair, the ops endpoints, and content watch.

#[path = "support/fake_discord.rs"]
mod fake_discord;

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use careerbot::commands::Settings;
use careerbot::content::LoadOptions;
use careerbot::discord::cooldown::Cooldown;
use careerbot::discord::Dispatcher;
use careerbot::http::ops::OpsState;
use careerbot::http::webhook::Webhooks;
use careerbot::http::{server, Endpoint, PublicKey};
use careerbot::metrics::Metrics;
use careerbot::snapshot::{self, Store};
use ed25519_dalek::{Signer, SigningKey};
use fake_discord::*;
use serde_json::{json, Value};
use tempfile::TempDir;
use tokio::net::TcpListener;
use tokio::sync::oneshot;

/// The body deadline of the test endpoint (10 s when served).
const BODY_DEADLINE: Duration = Duration::from_millis(500);
/// The connection cap of the endpoint the cap test starts (others: above what the 1,000
/// concurrent requests open).
const SMALL_CAP: usize = 20;

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
    start_with_cap(10_000).await
}

async fn start_with_cap(max_connections: usize) -> Harness {
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
    let metrics = Arc::new(Metrics::new());
    let store = Arc::new(Store::open(settings, false).unwrap().0.with_metrics(Arc::clone(&metrics)));
    let dispatcher = Arc::new(Dispatcher::new(
        Arc::clone(&store),
        Settings::default(),
        Vec::new(),
        Cooldown::new(0, Duration::from_secs(10)),
        Arc::clone(&metrics),
    ));
    let key = SigningKey::from_bytes(&[7u8; 32]);
    let public = PublicKey::from_hex(&hex(key.verifying_key().as_bytes())).unwrap();
    let rest = Webhooks::new(Some(&fake.rest_base())).unwrap();
    // A short body deadline, so the test of it is quick; everything else as served.
    let endpoint = Arc::new(Endpoint::new(dispatcher, public, rest).with_body_deadline(BODY_DEADLINE));

    let (stop, stopped) = oneshot::channel::<()>();
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/interactions", listener.local_addr().unwrap());
    let limits = server::Limits { max_connections, ..server::Limits::default() };
    tokio::spawn(server::run(
        listener,
        move |r| Arc::clone(&endpoint).handle(r),
        async move {
            let _ = stopped.await;
        },
        limits,
    ));
    let ops = Arc::new(OpsState::new(Arc::clone(&metrics)));
    ops.serving(Arc::clone(&store));
    let ops_listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let ops_url = format!("http://{}", ops_listener.local_addr().unwrap());
    tokio::spawn(server::run(
        ops_listener,
        move |r| Arc::clone(&ops).handle(r),
        std::future::pending(),
        server::Limits::default(),
    ));
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

    /// Waits (bounded) until the metrics show `line`: some are counted after the event a test
    /// can see (a deferred interaction is counted once Discord has answered its edit).
    async fn wait_metric(&self, line: &str) {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
        while !self.metrics.render().contains(line) {
            assert!(tokio::time::Instant::now() < deadline, "never saw {line} in:\n{}", self.metrics.render());
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
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
    let refused = h.post_signed_with(&h.key, &huge, ts).await;
    assert_eq!(refused.status(), 413, "oversized body");
    // Its body was left unread: the connection ends, and says so, or the client's next request
    // (the GET below) could go out on it while the server closes it.
    assert_eq!(refused.headers().get("connection").map(|v| v.as_bytes()), Some(&b"close"[..]));
    let get = h.client.get(&h.url).send().await.unwrap();
    assert_eq!(get.status(), 405);
    assert_eq!(h.client.post(h.url.replace("/interactions", "/other")).send().await.unwrap().status(), 404);

    assert!(!h.answered(), "no interaction was dispatched");
    assert_eq!(h.store.snapshot().version(), version, "no reload ran");

    // Positive control: the same reload, signed properly, runs and edits its answer. Once its
    // edit is in, anything the forged requests had started would have had the same time to
    // act: still exactly one reload, one edit, one new version.
    let control = slash_command("reload", json!([]), &MemberSpec::moderator(DEFAULT_USER_ID));
    let original = original_path(&control);
    assert_eq!(h.post(&control).await["type"], 5);
    h.fake.expect_request("the control's edit", |r| r.method == "PATCH" && r.path == original).await;
    assert_eq!(h.fake.requests().iter().filter(|r| r.method == "PATCH").count(), 1, "{}", h.fake.describe_requests());
    let metrics = h.metrics.render();
    assert!(metrics.contains("careerbot_reloads_total{outcome=\"swapped\"} 1"), "{metrics}");
    assert!(!metrics.contains("careerbot_reloads_total{outcome=\"unchanged\"}"), "{metrics}");
    assert_ne!(h.store.snapshot().version(), version, "the control reloaded");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_replayed_request_is_refused() {
    let h = start().await;
    let interaction = slash_command("career", json!([option("name", 3, json!("secops"))]), &member_of_test());
    let body = interaction.to_string();
    let ts = now();
    let first = h.post_signed_with(&h.key, &body, ts).await;
    assert_eq!(first.status(), 200);
    let again = h.post_signed_with(&h.key, &body, ts).await;
    assert_eq!(again.status(), 401, "the same signed request a second time");
    assert_eq!(again.text().await.unwrap(), "this interaction was already answered");
    // Re-signed with a new timestamp it is still the same interaction.
    assert_eq!(h.post_signed_with(&h.key, &body, ts + 1).await.status(), 401);
    assert!(h.metrics.render().contains("careerbot_interactions_total{command=\"career\",outcome=\"ok\"} 1"));
}

fn member_of_test() -> MemberSpec {
    MemberSpec::new(DEFAULT_USER_ID)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_body_that_never_arrives_gets_408_and_a_closed_connection() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let h = start().await;
    let address = h.url.trim_start_matches("http://").trim_end_matches("/interactions").to_string();
    let mut stream = tokio::net::TcpStream::connect(&address).await.unwrap();
    let head = "POST /interactions HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\n\
                x-signature-ed25519: 00\r\nx-signature-timestamp: 1\r\ncontent-length: 100\r\n\r\n{\"type\"";
    stream.write_all(head.as_bytes()).await.unwrap();
    let started = std::time::Instant::now();
    let mut answer = Vec::new();
    // The server answers and closes: read_to_end returns. Bounded, so a hang fails the test.
    tokio::time::timeout(Duration::from_secs(30), stream.read_to_end(&mut answer)).await.unwrap().unwrap();
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(started.elapsed() >= BODY_DEADLINE, "not before the deadline: {:?}", started.elapsed());
    assert!(!h.answered());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn connections_past_the_cap_get_503_and_the_rest_keep_working() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let h = start_with_cap(SMALL_CAP).await;
    let address = h.url.trim_start_matches("http://").trim_end_matches("/interactions").to_string();
    // Idle connections (no request yet) take every place.
    let mut idle = Vec::new();
    for _ in 0..SMALL_CAP {
        idle.push(tokio::net::TcpStream::connect(&address).await.unwrap());
    }
    let mut extra = tokio::net::TcpStream::connect(&address).await.unwrap();
    let _ = extra.write_all(b"GET /interactions HTTP/1.1\r\nhost: x\r\n\r\n").await;
    let mut answer = Vec::new();
    tokio::time::timeout(Duration::from_secs(30), extra.read_to_end(&mut answer)).await.unwrap().unwrap();
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 503"), "{answer}");
    // A place frees up when a connection closes: requests are answered again.
    idle.clear();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
    loop {
        let ping = json!({ "id": next_snowflake().to_string(), "application_id": DEFAULT_APP_ID.to_string(), "type": 1, "token": "t", "version": 1 });
        let body = ping.to_string();
        let ts = now();
        let signature = hex(&h.key.sign(format!("{ts}{body}").as_bytes()).to_bytes());
        let sent = h
            .client
            .post(&h.url)
            .header("X-Signature-Ed25519", signature)
            .header("X-Signature-Timestamp", ts.to_string())
            .body(body)
            .send()
            .await;
        // Refused before the request is read: a 503, or a connection closed under the client.
        match sent {
            Ok(response) if response.status() == 200 => break,
            Ok(response) => assert_eq!(response.status(), 503),
            Err(_) => {}
        }
        assert!(tokio::time::Instant::now() < deadline, "places never freed up");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
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
    assert_eq!(edit.header("authorization"), None, "no token, so no Authorization header at all");

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
    assert!(metrics.contains("careerbot_reload_duration_seconds_count 1"), "{metrics}");
    // The deferred reload is counted with its final outcome, once its edit is answered.
    h.wait_metric("careerbot_interactions_total{command=\"reload\",outcome=\"ok\"} 1").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn healthz_is_503_until_content_serves() {
    let ops = Arc::new(OpsState::new(Arc::new(Metrics::new())));
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/healthz", listener.local_addr().unwrap());
    tokio::spawn(server::run(
        listener,
        move |r| Arc::clone(&ops).handle(r),
        std::future::pending(),
        server::Limits::default(),
    ));
    let client = reqwest::Client::builder().no_proxy().build().unwrap();
    assert_eq!(client.get(&url).send().await.unwrap().status(), 503);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn watch_picks_up_a_change_and_refuses_a_broken_one() {
    let h = start().await;
    let task = tokio::spawn(careerbot::watch::run(Arc::clone(&h.store), Duration::from_millis(50)));
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
    // The refused change is not retried while the files stay as they are. Positive control: a
    // later change (fixing the file) is picked up, and by then the broken one was tried once.
    std::fs::write(
        h.content.path().join("29-Broken.md"),
        "---\ntitle: \"29. Mended\"\n---\n# 29. Mended\n## Role Definition:\nText.\n",
    )
    .unwrap();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    while h.store.snapshot().library.documents.len() != 3 {
        assert!(tokio::time::Instant::now() < deadline, "the fix was not picked up");
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    let metrics = h.metrics.render();
    assert!(metrics.contains("careerbot_reloads_total{outcome=\"kept\"} 1"), "tried once: {metrics}");
    assert!(metrics.contains("careerbot_reloads_total{outcome=\"swapped\"} 2"), "{metrics}");
    task.abort();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_ladder_is_deferred_then_edited_with_its_picture_as_a_file() {
    let h = start().await;
    let interaction = slash_command("ladder", json!([option("career", 3, json!("secops"))]), &member_of_test());
    let original = original_path(&interaction);
    let body = h.post(&interaction).await;
    assert_eq!(body["type"], 5, "deferred in the HTTP response");
    let edit = h.fake.expect_request("edit with the picture", |r| r.method == "PATCH" && r.path == original).await;
    let RequestBody::Multipart { payload_json: Some(payload), filenames, files } = &edit.body else {
        panic!("the edit is not multipart: {:?}", edit.body);
    };
    assert_eq!(filenames, &["ladder.png"]);
    assert!(files[0].starts_with(b"\x89PNG\r\n\x1a\n") && files[0].len() > 2_000, "{} bytes", files[0].len());
    assert_eq!(payload["embeds"][0]["image"]["url"], "attachment://ladder.png");
    assert_eq!(payload["attachments"][0]["id"], 0);
    assert_eq!(edit.header("authorization"), None, "no token, so no Authorization header at all");
    h.wait_metric("careerbot_interactions_total{command=\"ladder\",outcome=\"ok\"} 1").await;
}
