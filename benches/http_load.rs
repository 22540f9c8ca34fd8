//! Signed interactions per second through the HTTP endpoint, over loopback, on this machine.
//!
//! `cargo bench --bench http_load` starts the endpoint in-process on 127.0.0.1 with the seed
//! content and drives it with a mix of real interactions (autocomplete, /career, page turns,
//! /search, as members use them) from keep-alive connections for about ten seconds. Every
//! request is a new interaction (its own id: the endpoint refuses a replay), signed ahead in
//! batches while the clock is stopped, so signing stays out of the figure. Prints requests per
//! second and latency percentiles. Target: 10,000 per second on 2 cores. Client and server
//! share the two cores, so the figure is a floor for the server alone.
//!
//! Without `--bench` (`cargo test --benches`), or with `-- --test`, a short run (CI's smoke
//! test: it still fails on any answer but 200).

use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use careerbot::commands::Settings;
use careerbot::content::{load_dir, LoadOptions};
use careerbot::discord::cooldown::Cooldown;
use careerbot::discord::Dispatcher;
use careerbot::http::webhook::Webhooks;
use careerbot::http::{server, Endpoint, PublicKey};
use careerbot::metrics::Metrics;
use careerbot::snapshot::{self, Snapshot, Store};
use ed25519_dalek::{Signer, SigningKey};
use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

const CONNECTIONS: usize = 32;

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn interaction(kind: u8, data: Value, i: usize) -> Value {
    let member = json!({
        "user": { "id": (200_000_000_000_000_000u64 + (i % 500) as u64).to_string(), "username": "member", "discriminator": "0", "global_name": null, "avatar": null },
        "roles": [], "deaf": false, "mute": false, "flags": 0, "permissions": "0", "joined_at": "2024-01-01T00:00:00.000000+00:00"
    });
    json!({
        "id": (300_000_000_000_000_000u64 + i as u64).to_string(),
        "application_id": "1000000000000000001",
        "type": kind,
        "data": data,
        "guild_id": "1100000000000000001",
        "channel_id": "1200000000000000001",
        "member": member,
        "token": format!("token-{i}"),
        "version": 1,
        "locale": "en-US",
        "guild_locale": "en-US",
        "entitlements": [],
        "authorizing_integration_owners": {},
        "attachment_size_limit": 8388608,
        "app_permissions": "0"
    })
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let smoke = !args.iter().any(|a| a == "--bench") || args.iter().any(|a| a == "--test");
    let (duration, batch) = if smoke { (Duration::from_millis(300), 500) } else { (Duration::from_secs(10), 20_000) };
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("runtime");
    runtime.block_on(run(duration, batch));
}

async fn run(duration: Duration, batch: usize) {
    let content = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    let library = load_dir(&content, &LoadOptions::default()).expect("seed");
    let settings = snapshot::Settings {
        content_dir: content,
        index_dir: std::env::temp_dir().join("careerbot-bench-unused"),
        load: LoadOptions::default(),
    };
    let store = Arc::new(Store::with_snapshot(Snapshot::in_memory(library).expect("index"), settings));
    let dispatcher = Arc::new(Dispatcher::new(
        Arc::clone(&store),
        Settings::default(),
        Vec::new(),
        Cooldown::new(0, Duration::from_secs(10)),
        Arc::new(Metrics::new()),
    ));
    let key = SigningKey::from_bytes(&[7u8; 32]);
    let public = PublicKey::from_hex(&hex(key.verifying_key().as_bytes())).expect("key");
    let rest = Webhooks::new(Some("http://127.0.0.1:9")).expect("rest");
    let endpoint = Arc::new(Endpoint::new(dispatcher, public, rest));
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(server::run(
        listener,
        move |r| Arc::clone(&endpoint).handle(r),
        std::future::pending(),
        server::Limits::default(),
    ));

    // A page token from a real answer, for the page-turn share of the mix.
    let ctx =
        careerbot::commands::Context { store: &store, settings: &Settings::default(), caller: Default::default() };
    let long = careerbot::commands::Invocation::parse("/career secops responsibilities").expect("invocation");
    let next = careerbot::commands::execute(&ctx, &long, 0).next.expect("a second page");

    // Requests are signed a batch at a time with the clock stopped, each with an id of its own.
    let sign_batch = |first: usize| -> Vec<Vec<u8>> {
        let timestamp = SystemTime::now().duration_since(UNIX_EPOCH).expect("clock").as_secs().to_string();
        (first..first + batch)
            .map(|i| {
                let body = match i % 10 {
                    0..=3 => interaction(4, json!({ "id": "1", "name": "career", "type": 1, "options": [{ "name": "name", "type": 3, "value": "sec", "focused": true }] }), i),
                    4..=6 => interaction(2, json!({ "id": "1", "name": "career", "type": 1, "options": [{ "name": "name", "type": 3, "value": "secops" }] }), i),
                    7 | 8 => {
                        let mut turn = interaction(3, json!({ "custom_id": next, "component_type": 2 }), i);
                        turn["message"] = json!({ "id": "5", "channel_id": "1200000000000000001", "author": { "id": "1000000000000000001", "username": "careerbot", "discriminator": "0", "global_name": null, "avatar": null, "bot": true }, "content": "", "timestamp": "2024-01-01T00:00:00.000000+00:00", "edited_timestamp": null, "tts": false, "mention_everyone": false, "mentions": [], "mention_roles": [], "attachments": [], "embeds": [], "pinned": false, "type": 20 });
                        turn
                    }
                    _ => interaction(2, json!({ "id": "1", "name": "search", "type": 1, "options": [{ "name": "query", "type": 3, "value": "kubernetes" }] }), i),
                }
                .to_string();
                let signature = hex(&key.sign(format!("{timestamp}{body}").as_bytes()).to_bytes());
                format!(
                    "POST /interactions HTTP/1.1\r\nhost: {addr}\r\ncontent-type: application/json\r\nx-signature-ed25519: {signature}\r\nx-signature-timestamp: {timestamp}\r\ncontent-length: {}\r\n\r\n{body}",
                    body.len()
                )
                .into_bytes()
            })
            .collect()
    };

    let mut streams = Vec::new();
    for _ in 0..CONNECTIONS {
        let stream = TcpStream::connect(addr).await.expect("connect");
        stream.set_nodelay(true).expect("nodelay");
        streams.push(stream);
    }
    let (mut measured, mut signed) = (Duration::ZERO, 0);
    let mut latencies = Vec::new();
    while measured < duration {
        let requests = Arc::new(sign_batch(signed));
        signed += batch;
        let taken = Arc::new(AtomicUsize::new(0));
        let started = Instant::now();
        let deadline = started + (duration - measured);
        let workers: Vec<_> = streams
            .drain(..)
            .map(|mut stream| {
                let (requests, taken) = (Arc::clone(&requests), Arc::clone(&taken));
                tokio::spawn(async move {
                    let mut latencies = Vec::new();
                    let mut buffer = vec![0u8; 64 * 1024];
                    while Instant::now() < deadline {
                        let Some(request) = requests.get(taken.fetch_add(1, Ordering::Relaxed)) else { break };
                        let sent = Instant::now();
                        stream.write_all(request).await.expect("write");
                        read_response(&mut stream, &mut buffer).await;
                        latencies.push(sent.elapsed());
                    }
                    (stream, latencies)
                })
            })
            .collect();
        for worker in workers {
            let (stream, some) = worker.await.expect("worker");
            streams.push(stream);
            latencies.extend(some);
        }
        measured += started.elapsed();
    }
    latencies.sort();
    let pct = |p: f64| latencies[((latencies.len() - 1) as f64 * p) as usize];
    println!(
        "{} signed interactions in {:.2} s over {CONNECTIONS} keep-alive connections: {:.0} per second; latency p50 {:.2?}, p99 {:.2?}, max {:.2?}",
        latencies.len(),
        measured.as_secs_f64(),
        latencies.len() as f64 / measured.as_secs_f64(),
        pct(0.5),
        pct(0.99),
        latencies[latencies.len() - 1]
    );
}

/// Reads one HTTP/1.1 response (status 200 with a content-length) and checks its status.
async fn read_response(stream: &mut TcpStream, buffer: &mut [u8]) {
    let mut filled = 0;
    loop {
        let n = stream.read(&mut buffer[filled..]).await.expect("read");
        assert!(n > 0, "server closed the connection");
        filled += n;
        let text = &buffer[..filled];
        if let Some(end) = text.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = std::str::from_utf8(&text[..end]).expect("headers");
            assert!(head.starts_with("HTTP/1.1 200"), "{head}");
            let length: usize = head
                .lines()
                .find_map(|l| {
                    l.to_ascii_lowercase().strip_prefix("content-length:").map(|v| v.trim().parse().expect("length"))
                })
                .expect("content-length");
            while filled < end + 4 + length {
                let n = stream.read(&mut buffer[filled..]).await.expect("read body");
                assert!(n > 0, "server closed mid-body");
                filled += n;
            }
            return;
        }
    }
}
