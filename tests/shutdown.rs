//! Stopping with work in flight: a `/reload` that is still rebuilding when the stop signal
//! comes edits its "thinking…" before the bot exits, on the gateway (in process) and in HTTP
//! mode (the real binary, SIGTERM, exit 0).
//!
//! The reload is made slow on purpose: the content folder holds a few dozen copies of the real
//! documents, and a new file makes the reload rebuild the whole index (about a second in a
//! debug build), so the signal arrives while it runs; each test checks that no edit had
//! arrived when the signal was sent.

#[path = "support/fake_discord.rs"]
mod fake_discord;
#[path = "support/scale.rs"]
mod scale;

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use careerbot::commands::Settings;
use careerbot::content::LoadOptions;
use careerbot::discord::cooldown::Cooldown;
use careerbot::discord::{serve, Dispatcher, Options, Shards, Token};
use careerbot::metrics::Metrics;
use careerbot::snapshot::{self, Store};
use fake_discord::*;
use serde_json::json;
use tempfile::TempDir;

/// Copies of each shipped document in the slow-to-rebuild folder.
const COPIES: usize = 30;

fn new_document() -> &'static str {
    "---\ntitle: \"900. Lighthouse Keeper\"\n---\n# 900. Lighthouse Keeper\n## Role Definition:\nKeeps the light.\n"
}

/// A content folder of `COPIES` copies of the shipped SecOps document.
fn slow_folder() -> TempDir {
    let one = TempDir::new().unwrap();
    let seed = Path::new(env!("CARGO_MANIFEST_DIR")).join("content/27-SecOps_Engineer.md");
    std::fs::copy(seed, one.path().join("27-SecOps_Engineer.md")).unwrap();
    let content = TempDir::new().unwrap();
    assert_eq!(scale::scale_library(one.path(), content.path(), COPIES), COPIES);
    content
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_gateway_finishes_a_reload_in_flight_before_it_stops() {
    let fake = FakeDiscord::start().await;
    let content = slow_folder();
    let index = TempDir::new().unwrap();
    let settings = snapshot::Settings {
        content_dir: content.path().to_path_buf(),
        index_dir: index.path().to_path_buf(),
        load: LoadOptions::default(),
    };
    let store = Arc::new(Store::open(settings, false).unwrap().0);
    let dispatcher = Arc::new(Dispatcher::new(
        Arc::clone(&store),
        Settings::default(),
        Vec::new(),
        Cooldown::new(0, Duration::from_secs(10)),
        Arc::new(Metrics::new()),
    ));
    let options = Options {
        token: Token::new(fake_token()),
        api_base: Some(fake.rest_base()),
        guild_ids: Vec::new(),
        shards: Shards::Auto,
        // Generous: a busy debug build may take several seconds to rebuild.
        grace: Duration::from_secs(60),
    };
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let task = tokio::spawn(serve(dispatcher, options, async move {
        let _ = stopped.await;
    }));
    fake.wait_identified(1, Duration::from_secs(10)).await;
    fake.ready(DEFAULT_APP_ID, DEFAULT_BOT_ID).await;

    std::fs::write(content.path().join("900-Lighthouse_Keeper.md"), new_document()).unwrap();
    let reload = slash_command("reload", json!([]), &MemberSpec::moderator(DEFAULT_USER_ID));
    let (callback, original) = (callback_path(&reload), original_path(&reload));
    fake.interaction(reload).await;
    let deferred = fake.expect_request("thinking…", |r| r.method == "POST" && r.path == callback).await;
    assert_eq!(deferred.json().unwrap()["type"], 5);
    assert!(!fake.requests().iter().any(|r| r.method == "PATCH"), "the reload was still running at the stop");
    let _ = stop.send(());

    let served = tokio::time::timeout(Duration::from_secs(60), task).await.expect("serve returns").unwrap();
    assert!(served.is_ok(), "{served:?}");
    // In this process the handler's task could still finish after `serve` returned; in a real
    // process the runtime would be gone. So the edit must already be there when it returns.
    let edit = fake.requests().into_iter().find(|r| r.method == "PATCH" && r.path == original);
    let edit = edit.unwrap_or_else(|| panic!("serve returned before the edit: {}", fake.describe_requests()));
    assert_eq!(edit.json().unwrap()["embeds"][0]["title"], "Content reloaded");
    assert_eq!(store.snapshot().library.documents.len(), COPIES + 1);
}

/// HTTP mode, the real binary without DISCORD_TOKEN: SIGTERM during a reload, the edit still
/// goes out (with no Authorization header), then exit 0.
#[cfg(unix)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_http_binary_finishes_a_reload_in_flight_on_sigterm() {
    use ed25519_dalek::{Signer, SigningKey};
    use std::process::Stdio;
    use tokio::io::{AsyncBufReadExt, BufReader};

    let fake = FakeDiscord::start().await;
    let content = slow_folder();
    let index = TempDir::new().unwrap();
    let key = SigningKey::from_bytes(&[7u8; 32]);
    let public: String = key.verifying_key().as_bytes().iter().map(|b| format!("{b:02x}")).collect();
    let mut child = tokio::process::Command::new(env!("CARGO_BIN_EXE_careerbot"))
        .args(["serve", "--http", "127.0.0.1:0", "--log-format", "json", "--content"])
        .arg(content.path())
        .arg("--index")
        .arg(index.path())
        .env("DATABASE_URL", format!("sqlite:{}", index.path().join("plans.sqlite").display()))
        .env_remove("DISCORD_TOKEN")
        .env("DISCORD_PUBLIC_KEY", &public)
        .env("DISCORD_API_BASE", fake.rest_base())
        .env("RUST_LOG", "careerbot=info")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    // The address comes from the log line that announces the endpoint.
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let address = tokio::time::timeout(Duration::from_secs(60), async {
        while let Some(line) = lines.next_line().await.unwrap() {
            let line: serde_json::Value = serde_json::from_str(&line).unwrap_or_default();
            if line["message"] == "interactions endpoint: POST /interactions" {
                return line["addr"].as_str().unwrap().to_string();
            }
        }
        panic!("the binary stopped before it listened");
    })
    .await
    .expect("listening");
    // Keep draining the log so the pipe never blocks the bot.
    let drained = tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });

    std::fs::write(content.path().join("900-Lighthouse_Keeper.md"), new_document()).unwrap();
    let reload = slash_command("reload", json!([]), &MemberSpec::moderator(DEFAULT_USER_ID));
    let original = original_path(&reload);
    let body = reload.to_string();
    let timestamp = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs();
    let signature: String =
        key.sign(format!("{timestamp}{body}").as_bytes()).to_bytes().iter().map(|b| format!("{b:02x}")).collect();
    let client = reqwest::Client::builder().no_proxy().build().unwrap();
    let response = client
        .post(format!("http://{address}/interactions"))
        .header("X-Signature-Ed25519", signature)
        .header("X-Signature-Timestamp", timestamp.to_string())
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let answer: serde_json::Value = serde_json::from_str(&response.text().await.unwrap()).unwrap();
    assert_eq!(answer["type"], 5);
    assert!(!fake.requests().iter().any(|r| r.method == "PATCH"), "the reload was still running at SIGTERM");
    let pid = child.id().unwrap().to_string();
    assert!(std::process::Command::new("kill").args(["-TERM", &pid]).status().unwrap().success());

    let edit = fake
        .expect_request_within(Duration::from_secs(30), "the report", |r| r.method == "PATCH" && r.path == original);
    let edit = edit.await;
    assert_eq!(edit.json().unwrap()["embeds"][0]["title"], "Content reloaded");
    assert_eq!(edit.header("authorization"), None);
    let status = tokio::time::timeout(Duration::from_secs(30), child.wait()).await.expect("exits").unwrap();
    assert_eq!(status.code(), Some(0));
    drained.abort();
}
