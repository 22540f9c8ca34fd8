//! Buttons and autocomplete that touch the members' database, and replays across replicas, on
//! a SQLite file and on PostgreSQL (see `support/postgres.rs`):
//! - every page of a reply answers the question page 1 did (another member's plan included),
//!   and sharing is checked again on each page;
//! - no page token writes; a confirmation runs only for the member who was asked;
//! - with the database locked by another connection, a burst of page turns, confirmations and
//!   autocompletes through the HTTP endpoint is acknowledged while the lock is still held (the
//!   work is done after; autocomplete answers within its budget without the database);
//! - two endpoint replicas sharing PostgreSQL refuse one signed request the second time.

#[path = "support/endpoint.rs"]
mod endpoint;
#[path = "support/fake_discord.rs"]
mod fake_discord;
#[path = "support/postgres.rs"]
mod postgres;

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use careerbot::commands::token::PageToken;
use careerbot::commands::{self, Caller, CommandName, Context, Invocation, OptionValue, Reply, Settings};
use careerbot::content::{load_dir, LoadOptions};
use careerbot::discord::cooldown::Cooldown;
use careerbot::discord::Dispatcher;
use careerbot::http::webhook::Webhooks;
use careerbot::http::{Endpoint, PublicKey};
use careerbot::metrics::Metrics;
use careerbot::plans::PlanStore;
use careerbot::snapshot::{self, Snapshot, Store};
use ed25519_dalek::{Signer, SigningKey};
use fake_discord::*;
use serde_json::{json, Value};
use tempfile::TempDir;

/// Projects added to the SecOps document, so a plan's checklist takes several pages.
const EXTRA_PROJECTS: usize = 120;
const LAST_PROJECT: &str = "Generated Practice Project 120";

/// The SecOps document with a long list of project ideas.
fn content_with_a_long_checklist() -> TempDir {
    let dir = TempDir::new().unwrap();
    let seed =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("content/27-SecOps_Engineer.md")).unwrap();
    let projects: String = (1..=EXTRA_PROJECTS)
        .map(|n| format!("* **Generated Practice Project {n:03}:** Build it, measure it and write it up.\n"))
        .collect();
    let marker = "#### Project Ideas:\n";
    assert!(seed.contains(marker));
    let document = seed.replacen(marker, &format!("{marker}{projects}"), 1);
    std::fs::write(dir.path().join("27-SecOps_Engineer.md"), document).unwrap();
    dir
}

/// A SQLite file, and PostgreSQL unless skipping it was asked for.
fn databases(dir: &Path) -> Vec<String> {
    let mut urls = vec![format!("sqlite:{}", dir.join("plans.sqlite").display())];
    urls.extend(postgres::url());
    urls
}

fn store_with(content: &Path, url: &str) -> Arc<Store> {
    let library = load_dir(content, &LoadOptions::default()).unwrap();
    let settings = snapshot::Settings {
        content_dir: content.to_path_buf(),
        index_dir: content.join("unused-index"),
        load: LoadOptions::default(),
    };
    let plans = Arc::new(PlanStore::open(url).unwrap_or_else(|e| panic!("{url}: {e}")));
    Arc::new(Store::with_snapshot(Snapshot::in_memory(library).unwrap(), settings).with_plans(plans))
}

/// A server id (as Discord gives them) no other test or run uses: PostgreSQL is shared.
fn fresh_guild_id() -> u64 {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let nanos = SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_nanos() as u64;
    (nanos ^ (u64::from(std::process::id()) << 40))
        .wrapping_add(NEXT.fetch_add(1 << 20, std::sync::atomic::Ordering::SeqCst))
        | 1
}

fn member(user: u64, guild: u64) -> Caller {
    Caller { moderator: false, user: Some(user), guild: Some(guild) }
}

fn ask(store: &Store, caller: Caller, line: &str) -> Reply {
    let settings = Settings::default();
    let ctx = Context { store, settings: &settings, caller };
    let invocation = commands::parse_line(&store.snapshot(), line).unwrap_or_else(|e| panic!("{line}: {e}"));
    commands::execute(&ctx, &invocation, 0)
}

fn turn(store: &Store, caller: Caller, token: &str) -> Reply {
    let settings = Settings::default();
    commands::turn_page(&Context { store, settings: &settings, caller }, token)
}

fn press(store: &Store, caller: Caller, custom_id: &str) -> Reply {
    let settings = Settings::default();
    commands::press(&Context { store, settings: &settings, caller }, custom_id)
}

fn all_text(reply: &Reply) -> String {
    format!("{}\n{}", reply.title, reply.pages.join("\n"))
}

/// Turns every page with the Next buttons; each must be the page the first answer cut.
fn walk_pages(store: &Store, caller: Caller, first: &Reply, what: &str) -> Vec<Reply> {
    let mut shown = vec![first.clone()];
    while let Some(next) = shown.last().and_then(|r| r.next.clone()) {
        let page = turn(store, caller, &next);
        let n = shown.len();
        assert!(!page.error, "{what}: page {} is an error: {}", n + 1, all_text(&page));
        assert_eq!(page.title, first.title, "{what}: page {} answers another question", n + 1);
        assert_eq!(page.pages.get(n), first.pages.get(n), "{what}: page {} differs from the first answer's", n + 1);
        assert_eq!(page.page, n);
        shown.push(page);
        assert!(shown.len() <= first.pages.len(), "{what}: more pages than the answer has");
    }
    assert_eq!(shown.len(), first.pages.len(), "{what}: every page reachable");
    shown
}

#[test]
fn every_page_of_a_shared_plan_is_that_members_and_none_once_they_stop_sharing() {
    let content = content_with_a_long_checklist();
    let dir = TempDir::new().unwrap();
    for url in databases(dir.path()) {
        let store = store_with(content.path(), &url);
        let guild = fresh_guild_id();
        let (owner, viewer) = (member(11, guild), member(22, guild));
        ask(&store, owner, "/plan set career:secops");
        let ticked = ask(&store, owner, &format!("/plan done item:\"{LAST_PROJECT}\""));
        assert!(all_text(&ticked).contains(&format!("✅ {LAST_PROJECT}")), "{}", all_text(&ticked));
        ask(&store, owner, "/plan share state:on");
        // The viewer has a plan of their own for the same career, nothing ticked.
        ask(&store, viewer, "/plan set career:secops");

        let first = ask(&store, viewer, "/plan member:11");
        assert!(!first.error && first.title.starts_with("Shared plan"), "{}", all_text(&first));
        assert!(first.pages.len() > 1, "the checklist takes several pages ({url})");
        let pages = walk_pages(&store, viewer, &first, &url);
        let last = pages.last().unwrap();
        assert!(
            last.text().contains(&format!("✅ {LAST_PROJECT}")),
            "the owner's tick, not the viewer's: {}",
            last.text()
        );

        // The owner stops sharing: the same button shows nothing of theirs.
        ask(&store, owner, "/plan share state:off");
        let after = turn(&store, viewer, first.next.as_ref().unwrap());
        assert!(after.error && all_text(&after).contains("not shared"), "{}", all_text(&after));
        assert!(!all_text(&after).contains("Generated Practice") && !all_text(&after).contains("<@11>"));
    }
}

#[test]
fn every_page_answers_the_question_page_one_did() {
    let content = content_with_a_long_checklist();
    let dir = TempDir::new().unwrap();
    let store = store_with(content.path(), &format!("sqlite:{}", dir.path().join("plans.sqlite").display()));
    let guild = fresh_guild_id();
    let (owner, viewer) = (member(11, guild), member(22, guild));
    ask(&store, owner, "/plan set career:secops");
    ask(&store, owner, "/plan share state:on");
    let mut paged = 0;
    for (caller, line) in [
        (owner, "/plan"),
        (viewer, "/plan member:11"),
        (viewer, "/group"),
        (viewer, "/career secops responsibilities"),
        (viewer, "/career secops"),
        (viewer, "/certs secops"),
        (viewer, "/certs"),
        (viewer, "/careers"),
        (viewer, "/help"),
        (viewer, "/search security monitoring"),
        (viewer, "/prompt secops"),
        (viewer, "/prompt topic:portfolio"),
        (viewer, "/ladder secops"),
    ] {
        let first = ask(&store, caller, line);
        if first.pages.len() > 1 {
            paged += 1;
            walk_pages(&store, caller, &first, line);
        }
    }
    assert!(paged >= 3, "enough answers take several pages to mean something ({paged})");
}

#[test]
fn no_page_token_writes_and_a_confirmation_runs_only_for_its_owner() {
    let content = content_with_a_long_checklist();
    let dir = TempDir::new().unwrap();
    for url in databases(dir.path()) {
        let store = store_with(content.path(), &url);
        let guild = fresh_guild_id();
        let (owner, other) = (member(11, guild), member(22, guild));
        ask(&store, owner, "/plan set career:secops");
        ask(&store, other, "/plan set career:secops");
        let version = store.snapshot().version().to_string();
        let text = |s: &str| OptionValue::String(s.into());
        let plan = |options: &[(&str, OptionValue)]| {
            options.iter().fold(Invocation::new(CommandName::Plan), |inv, (n, v)| inv.with(n, v.clone()))
        };
        for writes in [
            plan(&[("action", text("share")), ("state", text("on"))]),
            plan(&[("action", text("done")), ("item", text(LAST_PROJECT))]),
            plan(&[("action", text("set")), ("career", text("no-such-career"))]),
            plan(&[("action", text("forget")), ("confirm", OptionValue::Boolean(true))]),
        ] {
            let token = PageToken { version: version.clone(), page: 0, invocation: writes.clone() }.encode().unwrap();
            for answer in [turn(&store, owner, &token), press(&store, owner, &token)] {
                assert!(answer.error && answer.title == "Not a button", "{writes:?}: {}", all_text(&answer));
            }
        }
        let plans = store.plans().unwrap();
        let kept = plans.plan(&guild.to_string(), "11").unwrap().expect("still there");
        assert!(!kept.shared, "not shared by a button");
        assert!(plans.done(&guild.to_string(), "11", "").unwrap().is_empty(), "nothing ticked by a button");

        // The forget confirmation: another member pressing it deletes nothing, theirs or not.
        let asked = ask(&store, owner, "/plan forget");
        let button = asked.confirm.expect("a confirmation button");
        let refused = press(&store, other, &button.token);
        assert!(refused.error && refused.title == "Not your button", "{}", all_text(&refused));
        assert!(plans.plan(&guild.to_string(), "22").unwrap().is_some(), "the presser's plan is kept");
        assert!(plans.plan(&guild.to_string(), "11").unwrap().is_some(), "the owner's plan is kept");
        assert!(turn(&store, owner, &button.token).error, "a confirmation is not a page token");
        assert!(plans.plan(&guild.to_string(), "11").unwrap().is_some());
        let done = press(&store, owner, &button.token);
        assert!(!done.error && done.title == "Deleted", "{}", all_text(&done));
        assert!(plans.plan(&guild.to_string(), "11").unwrap().is_none(), "deleted for its owner");
    }
}

// ---------------------------------------------------------------------------------------------
// Through the HTTP endpoint

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn signing_key() -> SigningKey {
    SigningKey::from_bytes(&[7u8; 32])
}

/// An endpoint on 127.0.0.1 over `store`, editing through `fake`; its URL.
async fn serve(store: Arc<Store>, fake: &FakeDiscord) -> String {
    let dispatcher = Arc::new(Dispatcher::new(
        store,
        Settings::default(),
        Vec::new(),
        Cooldown::new(0, Duration::from_secs(10)),
        Arc::new(Metrics::new()),
    ));
    let public = PublicKey::from_hex(&hex(signing_key().verifying_key().as_bytes())).unwrap();
    let endpoint = Arc::new(Endpoint::new(dispatcher, public, Webhooks::new(Some(&fake.rest_base())).unwrap()));
    let url = endpoint::serve(endpoint).await;
    url
}

fn client() -> reqwest::Client {
    reqwest::Client::builder().no_proxy().timeout(Duration::from_secs(120)).build().unwrap()
}

/// POSTs `body` signed now: the status and the JSON answer (`Null` when not JSON).
async fn post(client: &reqwest::Client, url: &str, body: &str) -> (u16, Value) {
    let timestamp = SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_secs().to_string();
    let signature = hex(&signing_key().sign(format!("{timestamp}{body}").as_bytes()).to_bytes());
    let response = client
        .post(url)
        .header("X-Signature-Ed25519", signature)
        .header("X-Signature-Timestamp", timestamp)
        .header("content-type", "application/json")
        .body(body.to_string())
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, serde_json::from_str(&response.text().await.unwrap()).unwrap_or(Value::Null))
}

/// A message of the bot answering `owner`'s command (what a button is on).
fn message_of(owner: &MemberSpec) -> Value {
    let mut message = bot_message("", json!([]));
    message["interaction_metadata"] =
        json!({ "id": "1", "type": 2, "user": owner.user_json(), "authorizing_integration_owners": {} });
    message
}

/// Another connection holding the members' database: a write transaction on SQLite (writers
/// wait on busy_timeout), every table of plans locked on PostgreSQL (readers wait too).
async fn lock_database(url: &str) -> sqlx::AnyConnection {
    use sqlx::Connection;
    sqlx::any::install_default_drivers();
    if let Some(path) = url.strip_prefix("sqlite:") {
        let mut connection = sqlx::AnyConnection::connect(&format!("sqlite://{path}")).await.unwrap();
        sqlx::query("BEGIN IMMEDIATE").execute(&mut connection).await.unwrap();
        sqlx::query("UPDATE plans SET updated_at = updated_at").execute(&mut connection).await.unwrap();
        connection
    } else {
        let mut connection = sqlx::AnyConnection::connect(url).await.unwrap();
        sqlx::query("BEGIN").execute(&mut connection).await.unwrap();
        sqlx::query("LOCK TABLE plans, progress IN ACCESS EXCLUSIVE MODE").execute(&mut connection).await.unwrap();
        connection
    }
}

async fn release(mut lock: sqlx::AnyConnection) {
    sqlx::query("ROLLBACK").execute(&mut lock).await.unwrap();
    sqlx::Connection::close(lock).await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_locked_database_never_keeps_an_acknowledgement_waiting() {
    let content = content_with_a_long_checklist();
    let dir = TempDir::new().unwrap();
    for url in tokio::task::block_in_place(|| databases(dir.path())) {
        burst_on_a_locked_database(content.path(), &url).await;
    }
}

async fn burst_on_a_locked_database(content: &Path, url: &str) {
    let fake = FakeDiscord::start().await;
    let store = tokio::task::block_in_place(|| store_with(content, url));
    let endpoint = serve(Arc::clone(&store), &fake).await;
    let client = client();
    let guild = fresh_guild_id();
    let (owner, viewer, leaving) = (
        MemberSpec::new(DEFAULT_USER_ID).in_guild(guild),
        MemberSpec::new(DEFAULT_USER_ID + 1).in_guild(guild),
        MemberSpec::new(DEFAULT_USER_ID + 2).in_guild(guild),
    );
    let caller = |m: &MemberSpec| member(m.user_id, guild);
    let (owner_next, viewer_next, confirm) = tokio::task::block_in_place(|| {
        for m in [&owner, &viewer, &leaving] {
            ask(&store, caller(m), "/plan set career:secops");
        }
        ask(&store, caller(&owner), "/plan share state:on");
        let own = ask(&store, caller(&owner), "/plan").next.expect("a second page");
        let shared =
            ask(&store, caller(&viewer), &format!("/plan member:{}", owner.user_id)).next.expect("a second page");
        let confirm = ask(&store, caller(&leaving), "/plan forget").confirm.expect("a confirmation").token;
        (own, shared, confirm)
    });

    // (interaction, the acknowledgement's type, what the follow-up must show)
    let mut burst: Vec<(Value, u64, &str)> = Vec::new();
    for _ in 0..4 {
        burst.push((component(&owner_next, 2, &[], &owner, message_of(&owner)), 6, "Your plan: SecOps Engineer"));
        burst.push((component(&viewer_next, 2, &[], &viewer, message_of(&viewer)), 6, "Shared plan: SecOps Engineer"));
        // Someone else's message: their own private copy of that page.
        burst.push((component(&owner_next, 2, &[], &viewer, message_of(&owner)), 5, "Your plan: SecOps Engineer"));
    }
    burst.push((component(&confirm, 2, &[], &leaving, message_of(&leaving)), 6, "Deleted"));
    let lock = lock_database(url).await;
    let mut sent = Vec::new();
    for (interaction, _, _) in &burst {
        let (client, endpoint, body) = (client.clone(), endpoint.clone(), interaction.to_string());
        sent.push(tokio::spawn(async move { post(&client, &endpoint, &body).await }));
    }
    // Someone else pressing the confirmation is refused at once; autocomplete of plan items
    // answers within its budget (without the database: nothing to offer here).
    let refused = component(&confirm, 2, &[], &viewer, message_of(&leaving));
    let typing = || {
        let options = json!([
            { "name": "action", "type": 3, "value": "done" },
            { "name": "item", "type": 3, "value": "gen", "focused": true }
        ]);
        autocomplete("plan", options, &owner)
    };
    let quick: Vec<_> = [refused, typing(), typing(), typing()]
        .into_iter()
        .map(|i| {
            let (client, endpoint) = (client.clone(), endpoint.clone());
            tokio::spawn(async move { post(&client, &endpoint, &i.to_string()).await })
        })
        .collect();
    // Every acknowledgement arrives while the lock is held (bounded only so that a failure
    // ends: on PostgreSQL, work done inline would wait for as long as the lock is held).
    let acknowledged = tokio::time::timeout(Duration::from_secs(60), async {
        let mut answers = Vec::new();
        for task in sent.into_iter().chain(quick) {
            answers.push(task.await.unwrap());
        }
        answers
    })
    .await
    .unwrap_or_else(|_| panic!("{url}: acknowledgements waited for the database lock"));
    release(lock).await;

    let (deferred, quick) = acknowledged.split_at(burst.len());
    for ((interaction, kind, _), (status, answer)) in burst.iter().zip(deferred) {
        assert_eq!(*status, 200, "{url}");
        assert_eq!(answer["type"], json!(kind), "{url}: acknowledged before the work: {answer} for {interaction}");
    }
    assert_eq!(quick[0].1["type"], 4, "{url}: {}", quick[0].1);
    assert_eq!(quick[0].1["data"]["embeds"][0]["title"], "Not your button");
    assert_eq!(quick[0].1["data"]["flags"], 64);
    for (_, answer) in &quick[1..] {
        assert_eq!(answer["type"], 8, "{url}: {answer}");
    }

    // Then the work, once the lock is gone: each page edits the message it was asked for.
    for (interaction, _, title) in &burst {
        let path = original_path(interaction);
        let edit = fake
            .expect_request_within(Duration::from_secs(60), &path, |r| r.matches("PATCH", &path))
            .await
            .json()
            .cloned()
            .unwrap();
        let shown = &edit["embeds"][0];
        if *title == "Deleted" && url.starts_with("sqlite:") && shown["title"] != "Deleted" {
            // On SQLite a write waits 5 s for the lock (busy_timeout) and then fails, saying
            // so, on a machine too slow to send the burst before that.
            assert_eq!(shown["title"], "Plans are unavailable", "{edit}");
            continue;
        }
        assert_eq!(shown["title"], *title, "{url}: {edit}");
        if *title != "Deleted" {
            assert!(shown["footer"]["text"].as_str().unwrap().contains("Page 2/"), "{edit}");
        }
        if interaction["member"]["user"]["id"] != interaction["message"]["interaction_metadata"]["user"]["id"] {
            assert_eq!(edit["content"], "Here is that page, just for you.", "{edit}");
        }
    }
    fake.assert_no_problems();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_replicas_sharing_postgresql_answer_a_signed_request_once() {
    let Some(url) = tokio::task::block_in_place(postgres::url) else {
        eprintln!("no PostgreSQL: replicas share no replay memory (see SECURITY.md)");
        return;
    };
    let content = content_with_a_long_checklist();
    let fake = FakeDiscord::start().await;
    let mut replicas = Vec::new();
    for _ in 0..2 {
        let store = tokio::task::block_in_place(|| store_with(content.path(), &url));
        replicas.push(serve(store, &fake).await);
    }
    let client = client();
    let asker = MemberSpec::new(DEFAULT_USER_ID).in_guild(fresh_guild_id());
    let body = slash_command("career", json!([{ "name": "name", "type": 3, "value": "secops" }]), &asker).to_string();
    let (status, answer) = post(&client, &replicas[0], &body).await;
    assert_eq!((status, &answer["type"]), (200, &json!(4)), "{answer}");
    // The same signed request, captured and sent to the other replica within the window.
    assert_eq!(post(&client, &replicas[1], &body).await.0, 401, "the second replica refuses the replay");
    assert_eq!(post(&client, &replicas[0], &body).await.0, 401, "and so does the first");
    // Each still answers new interactions.
    for replica in &replicas {
        let fresh = slash_command("career", json!([{ "name": "name", "type": 3, "value": "secops" }]), &asker);
        assert_eq!(post(&client, replica, &fresh.to_string()).await.0, 200);
    }
}
