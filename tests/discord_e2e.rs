//! The bot end to end: careerbot's real serenity client against a fake Discord on 127.0.0.1
//! (tests/support/fake_discord.rs), every frame the fake sends checked with serenity's types.

#[path = "support/fake_discord.rs"]
mod fake_discord;

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use careerbot::commands::spec::COMMANDS;
use careerbot::commands::Settings;
use careerbot::content::{load_dir, LoadOptions};
use careerbot::discord::cooldown::Cooldown;
use careerbot::discord::{serve, Dispatcher, Options, Shards, Token};
use careerbot::metrics::Metrics;
use careerbot::snapshot::{self, Snapshot, Store};
use fake_discord::*;
use serde_json::{json, Value};
use tempfile::TempDir;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

struct Bot {
    fake: FakeDiscord,
    store: Arc<Store>,
    metrics: Arc<Metrics>,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<Result<(), careerbot::discord::ServeError>>>,
    _content: TempDir,
    _index: TempDir,
}

struct Setup {
    guild_ids: Vec<u64>,
    moderator_roles: Vec<u64>,
    cooldown: u32,
    existing_global: Option<Vec<Value>>,
}

impl Default for Setup {
    fn default() -> Self {
        Setup { guild_ids: Vec::new(), moderator_roles: Vec::new(), cooldown: 100, existing_global: None }
    }
}

async fn start(setup: Setup) -> Bot {
    let fake = FakeDiscord::start().await;
    if let Some(existing) = setup.existing_global {
        fake.set_global_commands(existing);
    }
    let content = TempDir::new().unwrap();
    let seed = Path::new(env!("CARGO_MANIFEST_DIR")).join("content/27-SecOps_Engineer.md");
    std::fs::copy(&seed, content.path().join("27-SecOps_Engineer.md")).unwrap();
    let index = TempDir::new().unwrap();
    let library = load_dir(content.path(), &LoadOptions::default()).unwrap();
    let settings = snapshot::Settings {
        content_dir: content.path().to_path_buf(),
        index_dir: index.path().to_path_buf(),
        load: LoadOptions::default(),
    };
    let metrics = Arc::new(Metrics::new());
    // Plans in a SQLite file of the index folder.
    let plans_url = format!("sqlite:{}", index.path().join("plans.sqlite").display());
    let plans = Arc::new(tokio::task::block_in_place(|| careerbot::plans::PlanStore::open(&plans_url)).unwrap());
    let store = Arc::new(
        Store::with_snapshot(Snapshot::in_memory(library).unwrap(), settings)
            .with_metrics(Arc::clone(&metrics))
            .with_plans(plans),
    );
    let dispatcher = Arc::new(Dispatcher::new(
        Arc::clone(&store),
        Settings::default(),
        setup.moderator_roles,
        Cooldown::new(setup.cooldown, Duration::from_secs(10)),
        Arc::clone(&metrics),
    ));
    let options = Options {
        token: Token::new(fake_token()),
        api_base: Some(fake.rest_base()),
        guild_ids: setup.guild_ids,
        shards: Shards::Auto,
        grace: Duration::from_secs(5),
    };
    let (stop, stopped) = oneshot::channel::<()>();
    let task = tokio::spawn(serve(dispatcher, options, async move {
        let _ = stopped.await;
    }));
    fake.wait_identified(1, Duration::from_secs(10)).await;
    fake.ready(DEFAULT_APP_ID, DEFAULT_BOT_ID).await;
    Bot { fake, store, metrics, stop: Some(stop), task: Some(task), _content: content, _index: index }
}

impl Bot {
    /// Waits (bounded) until the metrics show `line`.
    async fn wait_metric(&self, line: &str) {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
        while !self.metrics.render().contains(line) {
            assert!(tokio::time::Instant::now() < deadline, "never saw {line} in:\n{}", self.metrics.render());
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    }

    /// Sends an interaction and returns the body of the bot's callback for it.
    async fn ask(&self, interaction: Value) -> Value {
        let path = callback_path(&interaction);
        self.fake.interaction(interaction).await;
        let request = self.fake.expect_request("interaction callback", |r| r.method == "POST" && r.path == path).await;
        request.json().cloned().expect("callback body is JSON")
    }

    async fn shutdown(mut self) {
        let _ = self.stop.take().unwrap().send(());
        let result = tokio::time::timeout(Duration::from_secs(2), self.task.take().unwrap())
            .await
            .expect("serve returns within 2 s of shutdown")
            .unwrap();
        assert!(result.is_ok(), "{result:?}");
        self.fake.wait_closed(1, Duration::from_secs(2)).await;
        self.fake.assert_no_problems();
    }
}

fn option(name: &str, kind: u8, value: Value) -> Value {
    json!({ "name": name, "type": kind, "value": value })
}

fn member() -> MemberSpec {
    MemberSpec::new(DEFAULT_USER_ID)
}

fn embed(body: &Value) -> &Value {
    &body["data"]["embeds"][0]
}

fn no_mentions_allowed(body: &Value) {
    let allowed = &body["data"]["allowed_mentions"];
    assert_eq!(allowed["parse"], json!([]), "{allowed}");
    assert!(allowed["users"].as_array().is_none_or(|u| u.is_empty()), "{allowed}");
    assert!(allowed["roles"].as_array().is_none_or(|r| r.is_empty()), "{allowed}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ready_registers_every_command() {
    let bot = start(Setup::default()).await;
    let put = bot
        .fake
        .expect_request("global registration", |r| {
            r.method == "PUT" && r.matches("PUT", "/api/v10/applications/*/commands")
        })
        .await;
    let sent = put.json().unwrap().as_array().unwrap().clone();
    let names: Vec<&str> = sent.iter().map(|c| c["name"].as_str().unwrap()).collect();
    assert_eq!(names, COMMANDS.iter().map(|c| c.name).collect::<Vec<_>>());
    let reload = sent.iter().find(|c| c["name"] == "reload").unwrap();
    assert_eq!(reload["default_member_permissions"], "32");
    assert_eq!(reload["dm_permission"], false);
    let career = sent.iter().find(|c| c["name"] == "career").unwrap();
    assert_eq!(career["options"][0]["autocomplete"], true);
    bot.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn registration_is_left_alone_when_discord_has_the_same_commands() {
    let first = start(Setup::default()).await;
    let put = first.fake.expect_request("registration", |r| r.matches("PUT", "/api/v10/applications/*/commands")).await;
    let registered = first.fake.global_commands();
    assert_eq!(registered.len(), put.json().unwrap().as_array().unwrap().len());
    first.shutdown().await;

    let second = start(Setup { existing_global: Some(registered), ..Setup::default() }).await;
    second.fake.expect_request("the check", |r| r.matches("GET", "/api/v10/applications/*/commands")).await;
    // Registration has finished (and decided) once it is counted.
    second.wait_metric("careerbot_command_registrations_total{outcome=\"unchanged\"} 1").await;
    assert!(!second.fake.requests().iter().any(|r| r.method == "PUT"), "{}", second.fake.describe_requests());
    second.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn guild_ids_register_in_each_guild() {
    let bot = start(Setup { guild_ids: vec![DEFAULT_GUILD_ID], ..Setup::default() }).await;
    let path = format!("/api/v10/applications/{DEFAULT_APP_ID}/guilds/{DEFAULT_GUILD_ID}/commands");
    bot.fake.expect_request("guild registration", |r| r.method == "PUT" && r.path == path).await;
    bot.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn career_is_answered_with_an_embed() {
    let bot = start(Setup::default()).await;
    let body = bot.ask(slash_command("career", json!([option("name", 3, json!("secops"))]), &member())).await;
    assert_eq!(body["type"], 4);
    let embed = embed(&body);
    assert!(embed["title"].as_str().unwrap().contains("SecOps Engineer"), "{embed}");
    assert!(embed["url"].as_str().unwrap().starts_with("https://"));
    assert!(embed["footer"]["text"].as_str().unwrap().contains("CC BY 4.0"));
    assert_eq!(body["data"]["flags"].as_u64().unwrap_or(0) & 64, 0, "public by default");
    no_mentions_allowed(&body);
    // A section menu and a link button under the overview.
    let components = body["data"]["components"].as_array().unwrap();
    assert!(components.iter().any(|row| row["components"][0]["type"] == 3), "{components:?}");
    bot.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn autocomplete_offers_careers_and_sections() {
    let bot = start(Setup::default()).await;
    let focused = json!([{ "name": "name", "type": 3, "value": "sec", "focused": true }]);
    let body = bot.ask(autocomplete("career", focused, &member())).await;
    assert_eq!(body["type"], 8);
    let choices = body["data"]["choices"].as_array().unwrap();
    assert_eq!(choices[0]["name"], "27. SecOps Engineer");
    assert_eq!(choices[0]["value"], "secops-engineer");

    let sections = json!([
        { "name": "name", "type": 3, "value": "secops" },
        { "name": "section", "type": 3, "value": "cert", "focused": true }
    ]);
    let body = bot.ask(autocomplete("career", sections, &member())).await;
    assert_eq!(body["data"]["choices"][0]["value"], "certifications");

    let numbers = json!([
        { "name": "career", "type": 3, "value": "27" },
        { "name": "number", "type": 4, "value": "", "focused": true }
    ]);
    let body = bot.ask(autocomplete("prompt", numbers, &member())).await;
    let choices = body["data"]["choices"].as_array().unwrap();
    assert_eq!(choices.len(), 10);
    assert_eq!(choices[0]["value"], 1);
    assert!(choices[0]["name"].as_str().unwrap().starts_with("1 · Describe the core responsibilities"));
    bot.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_page_button_updates_the_message() {
    let bot = start(Setup::default()).await;
    let options = json!([option("name", 3, json!("secops")), option("section", 3, json!("responsibilities"))]);
    let first = bot.ask(slash_command("career", options, &member())).await;
    let buttons = &first["data"]["components"][0]["components"];
    let next = buttons[1]["custom_id"].as_str().unwrap().to_string();
    assert_eq!(buttons[0]["disabled"], true, "no previous page on page 1");
    let mut message = bot_message("", first["data"]["components"].clone());
    message["interaction_metadata"] =
        json!({ "id": "1", "type": 2, "user": member().user_json(), "authorizing_integration_owners": {} });
    let body = bot.ask(component(&next, 2, &[], &member(), message.clone())).await;
    assert_eq!(body["type"], 7, "update message");
    assert!(embed(&body)["footer"]["text"].as_str().unwrap().contains("Page 2/"));

    // Another member's click gets a private copy, and the message stays as it is.
    let other = MemberSpec::new(DEFAULT_USER_ID + 1);
    let body = bot.ask(component(&next, 2, &[], &other, message)).await;
    assert_eq!(body["type"], 4);
    assert_eq!(body["data"]["flags"].as_u64().unwrap() & 64, 64);
    bot.shutdown().await;
}

/// A message the bot sent in answer to `owner` (what a button is on).
fn message_of(owner: &MemberSpec, components: Value) -> Value {
    let mut message = bot_message("", components);
    message["interaction_metadata"] =
        json!({ "id": "1", "type": 2, "user": owner.user_json(), "authorizing_integration_owners": {} });
    message
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn buttons_that_touch_plans_are_acknowledged_then_answered() {
    let bot = start(Setup::default()).await;
    let me = member();
    for options in [json!([option("action", 3, json!("set")), option("career", 3, json!("secops"))]), json!([])] {
        let interaction = slash_command("plan", options, &me);
        let original = original_path(&interaction);
        assert_eq!(bot.ask(interaction).await["type"], 5);
        bot.fake.expect_request("the plan", |r| r.method == "PATCH" && r.path == original).await;
    }
    let asked = slash_command("plan", json!([option("action", 3, json!("forget"))]), &me);
    let original = original_path(&asked);
    bot.ask(asked).await;
    let edit = bot.fake.expect_request("the question", |r| r.method == "PATCH" && r.path == original).await;
    let components = edit.json().unwrap()["components"].clone();
    let confirm = components[0]["components"][0]["custom_id"].as_str().unwrap().to_string();

    // Someone else pressing it is refused at once.
    let other = MemberSpec::new(DEFAULT_USER_ID + 1);
    let body = bot.ask(component(&confirm, 2, &[], &other, message_of(&me, components.clone()))).await;
    assert_eq!((body["type"].as_u64(), embed(&body)["title"].as_str()), (Some(4), Some("Not your button")), "{body}");
    // A page of a plan that is not shared: acknowledged, then said privately, the message left.
    let version = bot.store.snapshot().version().to_string();
    let invocation = careerbot::commands::Invocation::new(careerbot::commands::CommandName::Plan)
        .with("member", careerbot::commands::OptionValue::User(DEFAULT_USER_ID));
    let page = careerbot::commands::PageToken { version, page: 0, invocation }.encode().unwrap();
    let press = component(&page, 2, &[], &other, message_of(&other, json!([])));
    let followup = followup_path(&press);
    assert_eq!(bot.ask(press).await["type"], 6, "a deferred update");
    let said = bot.fake.expect_request("a private message", |r| r.method == "POST" && r.path == followup).await;
    let said = said.json().unwrap();
    assert_eq!((said["embeds"][0]["title"].as_str(), said["flags"].as_u64()), (Some("Not shared"), Some(64)), "{said}");
    // The owner pressing it: acknowledged, then the question replaced by the answer.
    let press = component(&confirm, 2, &[], &me, message_of(&me, components));
    let original = original_path(&press);
    assert_eq!(bot.ask(press).await["type"], 6, "a deferred update");
    let edit = bot.fake.expect_request("the answer", |r| r.method == "PATCH" && r.path == original).await;
    let edit = edit.json().unwrap();
    assert_eq!(edit["embeds"][0]["title"], "Deleted", "{edit}");
    assert_eq!(edit["components"], json!([]), "no button left to press");
    let plans = bot.store.plans().unwrap();
    assert!(tokio::task::block_in_place(|| plans.plan(&DEFAULT_GUILD_ID.to_string(), &DEFAULT_USER_ID.to_string()))
        .unwrap()
        .is_none());
    bot.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_non_moderator_reload_is_refused_and_changes_nothing() {
    let bot = start(Setup::default()).await;
    let version = bot.store.snapshot().version().to_string();
    std::fs::write(
        bot._content.path().join("28-New_Career.md"),
        "---\ntitle: \"28. New Career\"\n---\n# 28. New Career\n## Role Definition:\nText.\n",
    )
    .unwrap();
    let body = bot.ask(slash_command("reload", json!([]), &member())).await;
    assert_eq!(body["type"], 4);
    assert_eq!(body["data"]["flags"].as_u64().unwrap() & 64, 64, "ephemeral");
    assert!(embed(&body)["description"].as_str().unwrap().contains("Manage Server"));
    assert_eq!(bot.store.snapshot().version(), version);
    assert_eq!(bot.store.snapshot().library.documents.len(), 1);
    bot.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_moderator_reload_defers_then_edits_with_the_report() {
    let bot = start(Setup { moderator_roles: vec![777], ..Setup::default() }).await;
    std::fs::write(
        bot._content.path().join("28-New_Career.md"),
        "---\ntitle: \"28. New Career\"\n---\n# 28. New Career\n## Role Definition:\nText.\n",
    )
    .unwrap();
    for (who, expected) in [
        (MemberSpec::moderator(DEFAULT_USER_ID), "Added"),
        (MemberSpec::new(DEFAULT_USER_ID + 5).with_roles(&[777]), "unchanged"),
    ] {
        let interaction = slash_command("reload", json!([]), &who);
        let original = original_path(&interaction);
        let body = bot.ask(interaction).await;
        assert_eq!(body["type"], 5, "deferred");
        assert_eq!(body["data"]["flags"].as_u64().unwrap() & 64, 64);
        let edit =
            bot.fake.expect_request("edit of the deferred answer", |r| r.method == "PATCH" && r.path == original).await;
        let edit = edit.json().unwrap();
        let text = edit["embeds"][0]["description"].as_str().unwrap().to_string()
            + &edit["embeds"][0]["title"].as_str().unwrap().to_lowercase();
        assert!(text.contains(expected), "{edit}");
    }
    assert_eq!(bot.store.snapshot().library.documents.len(), 2);
    bot.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn everyone_in_a_reply_pings_no_one() {
    let bot = start(Setup::default()).await;
    for interaction in [
        slash_command("search", json!([option("query", 3, json!("@everyone kubernetes"))]), &member()),
        slash_command("career", json!([option("name", 3, json!("@everyone <@&123456789012345678>"))]), &member()),
    ] {
        let body = bot.ask(interaction).await;
        no_mentions_allowed(&body);
    }
    bot.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mention_pings_only_that_member() {
    let bot = start(Setup::default()).await;
    let target = 424242424242u64;
    let options = json!([option("name", 3, json!("secops")), option("mention", 6, json!(target.to_string()))]);
    let mut interaction = slash_command("career", options, &member());
    interaction["data"]["resolved"] = json!({ "users": { target.to_string(): { "id": target.to_string(), "username": "friend", "discriminator": "0", "global_name": null, "avatar": null } } });
    let body = bot.ask(interaction).await;
    assert_eq!(body["data"]["content"], format!("Suggested for <@{target}>"));
    assert_eq!(body["data"]["allowed_mentions"]["users"], json!([target.to_string()]));
    assert_eq!(body["data"]["allowed_mentions"]["parse"], json!([]));
    bot.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn private_answers_are_ephemeral_and_errors_always_are() {
    let bot = start(Setup::default()).await;
    let body = bot.ask(slash_command("careers", json!([option("private", 5, json!(true))]), &member())).await;
    assert_eq!(body["data"]["flags"].as_u64().unwrap() & 64, 64);
    let body = bot.ask(slash_command("career", json!([option("name", 3, json!("secopz"))]), &member())).await;
    assert_eq!(body["data"]["flags"].as_u64().unwrap() & 64, 64);
    assert!(embed(&body)["description"].as_str().unwrap().contains("Did you mean **SecOps Engineer**?"));
    bot.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_fast_member_is_cooled_down() {
    let bot = start(Setup { cooldown: 5, ..Setup::default() }).await;
    for i in 0..6 {
        let body = bot.ask(slash_command("help", json!([]), &member())).await;
        let description = embed(&body)["description"].as_str().unwrap().to_string();
        if i < 5 {
            assert!(!description.contains("going a bit fast"), "command {i}");
        } else {
            assert_eq!(body["data"]["flags"].as_u64().unwrap() & 64, 64);
            assert!(description.contains("try again in"), "{description}");
        }
    }
    // Someone else is not slowed down.
    let body = bot.ask(slash_command("help", json!([]), &MemberSpec::new(DEFAULT_USER_ID + 9))).await;
    assert!(!embed(&body)["description"].as_str().unwrap().contains("going a bit fast"));
    bot.shutdown().await;
}

/// The real binary: JSON logs with one line per interaction, no token anywhere in them, and a
/// clean exit 0 on SIGTERM.
#[cfg(unix)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_binary_logs_json_and_stops_on_sigterm() {
    use std::process::Stdio;
    use tokio::io::AsyncReadExt;

    let fake = FakeDiscord::start().await;
    let index = TempDir::new().unwrap();
    let token = fake_token();
    let mut child = tokio::process::Command::new(env!("CARGO_BIN_EXE_careerbot"))
        .args(["serve", "--log-format", "json", "--content"])
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("content"))
        .arg("--index")
        .arg(index.path())
        .env("DATABASE_URL", format!("sqlite:{}", index.path().join("plans.sqlite").display()))
        .env("DISCORD_TOKEN", &token)
        .env("DISCORD_API_BASE", fake.rest_base())
        .env("RUST_LOG", "debug")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    // Read the log while the bot runs: a full pipe would block it.
    let mut stderr = child.stderr.take().unwrap();
    let log_reader = tokio::spawn(async move {
        let mut log = String::new();
        stderr.read_to_string(&mut log).await.unwrap();
        log
    });
    fake.wait_identified(1, Duration::from_secs(20)).await;
    fake.ready(DEFAULT_APP_ID, DEFAULT_BOT_ID).await;
    let interaction = slash_command("career", json!([option("name", 3, json!("secops"))]), &member());
    let path = callback_path(&interaction);
    fake.interaction(interaction).await;
    fake.expect_request("callback", |r| r.method == "POST" && r.path == path).await;

    let pid = child.id().unwrap().to_string();
    let started = std::time::Instant::now();
    assert!(std::process::Command::new("kill").args(["-TERM", &pid]).status().unwrap().success());
    let status =
        tokio::time::timeout(Duration::from_secs(5), child.wait()).await.expect("exits after SIGTERM").unwrap();
    assert!(started.elapsed() < Duration::from_millis(2500), "took {:?}", started.elapsed());
    assert_eq!(status.code(), Some(0));

    let log = log_reader.await.unwrap();
    assert!(!log.contains(&token), "the token leaked into the log");
    assert!(!log.contains(token.split('.').next().unwrap()), "part of the token leaked into the log");
    let lines: Vec<Value> =
        log.lines().map(|l| serde_json::from_str(l).unwrap_or_else(|_| panic!("not JSON: {l}"))).collect();
    let interaction_line = lines.iter().find(|l| l["message"] == "interaction").expect("an interaction line");
    assert_eq!(interaction_line["command"], "career");
    assert_eq!(interaction_line["outcome"], "ok");
    assert!(interaction_line["latency_ms"].as_f64().is_some());
    assert_eq!(interaction_line["guild"], DEFAULT_GUILD_ID);
    fake.wait_closed(1, Duration::from_secs(2)).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_ladder_defers_then_edits_with_its_picture_attached() {
    let bot = start(Setup::default()).await;
    let interaction = slash_command("ladder", json!([option("career", 3, json!("secops"))]), &member());
    let original = original_path(&interaction);
    let body = bot.ask(interaction).await;
    assert_eq!(body["type"], 5, "deferred: the picture is rendered after \"thinking…\"");
    let edit = bot.fake.expect_request("edit with the picture", |r| r.method == "PATCH" && r.path == original).await;
    let RequestBody::Multipart { payload_json: Some(payload), filenames, files } = &edit.body else {
        panic!("the edit is not multipart: {:?}", edit.body);
    };
    assert_eq!(filenames, &["ladder.png"]);
    assert!(files[0].starts_with(b"\x89PNG\r\n\x1a\n") && files[0].len() > 2_000, "{} bytes", files[0].len());
    assert_eq!(payload["embeds"][0]["image"]["url"], "attachment://ladder.png");
    assert_eq!(payload["attachments"][0]["filename"], "ladder.png");
    assert!(payload["embeds"][0]["description"].as_str().unwrap().contains("Entry-Level"), "{payload}");
    bot.shutdown().await;
}
