//! A fake Discord for end-to-end tests: the REST API under `/api/v10` and a gateway, both on
//! `127.0.0.1` (ports from binding `:0`), running inside the test process on tokio.
//!
//! Include it from an integration test with
//!
//! ```ignore
//! #[path = "support/fake_discord.rs"]
//! mod fake_discord;
//! ```
//!
//! and point serenity at it:
//!
//! ```ignore
//! let fake = FakeDiscord::start().await;
//! let http = HttpBuilder::new(fake_token())
//!     .proxy(fake.rest_base())
//!     .ratelimiter_disabled(true) // without this the proxy is ignored
//!     .client(reqwest::Client::builder().no_proxy().build().unwrap())
//!     .build();
//! let mut client = ClientBuilder::new_with_http(http, GatewayIntents::empty())
//!     .event_handler(handler)
//!     .await?; // calls GET /api/v10/gateway: the fake must already be up
//! tokio::spawn(async move { client.start().await });
//! fake.ready(DEFAULT_APP_ID, DEFAULT_BOT_ID).await;
//! let interaction = slash_command("career", json!([]), &MemberSpec::default());
//! fake.interaction(interaction.clone()).await;
//! let reply = fake.expect_request("the reply", |r| r.matches("POST", &callback_path(&interaction))).await;
//! ```
//!
//! # What it checks
//!
//! serenity drops a gateway event that does not deserialize (logged at DEBUG only), so every
//! frame the fake sends is first deserialized with serenity's own types and the fake panics with
//! the serde error instead. REST answers are checked the same way; a failure there is recorded in
//! [`FakeDiscord::problems`]. Like Discord, the fake rejects command registrations that break
//! Discord's rules (400, code 50035), a second response to the same interaction (400, code
//! 40060) and a first response later than the callback deadline (404, code 10062; 3 s by
//! default, see [`FakeDiscord::set_callback_deadline`]).
//!
//! Every wait is bounded by a timeout; dropping the handle (or [`FakeDiscord::shutdown`]) stops
//! both servers and every connection.
#![allow(dead_code)]

use std::collections::HashMap;
use std::convert::Infallible;
use std::fmt::Write as _;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use futures_util::{SinkExt, StreamExt};
use http_body_util::{BodyExt, Full};
use hyper::body::{Bytes, Incoming};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use serde::de::DeserializeOwned;
use serde_json::{json, Map, Value};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{mpsc, watch, Notify};
use tokio::task::{JoinHandle, JoinSet};
use tokio_tungstenite::tungstenite::handshake::server::{
    ErrorResponse as WsErrorResponse, Request as WsRequest, Response as WsResponse,
};
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;
use tokio_tungstenite::tungstenite::protocol::CloseFrame;
use tokio_tungstenite::tungstenite::Message as WsMessage;

/// How long the `expect_*` and `wait_*` helpers wait unless told otherwise.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(5);
/// The `heartbeat_interval` sent in HELLO (Discord's usual value, in milliseconds).
pub const HEARTBEAT_INTERVAL_MS: u64 = 41_250;
/// Application id the builders put in interactions and the fake expects in webhook paths.
pub const DEFAULT_APP_ID: u64 = 1_000_000_000_000_000_001;
/// The bot's user id (author of webhook messages, `users/@me`).
pub const DEFAULT_BOT_ID: u64 = 1_000_000_000_000_000_002;
/// Guild of the default [`MemberSpec`].
pub const DEFAULT_GUILD_ID: u64 = 1_000_000_000_000_000_003;
/// Channel the builders' interactions come from.
pub const DEFAULT_CHANNEL_ID: u64 = 1_000_000_000_000_000_004;
/// User id of `MemberSpec::default()`.
pub const DEFAULT_USER_ID: u64 = 1_000_000_000_000_000_005;
/// Username of the fake bot user.
pub const BOT_USERNAME: &str = "fake-careerbot";

const TIMESTAMP: &str = "2024-01-01T00:00:00.000000+00:00";
const EDITED_TIMESTAMP: &str = "2024-01-01T00:00:01.000000+00:00";

/// Ids handed out so far by this process.
static NEXT_ID: AtomicU64 = AtomicU64::new(0);

/// A fresh snowflake, unique across the test processes that share a database: ids of
/// interactions answered are remembered in PostgreSQL for five minutes (`seen.rs`), so ids
/// that merely counted from the same number in every test binary were refused as replays by
/// the next binary. Built as Discord builds them: milliseconds since Discord's epoch, then
/// this process's id, then a counter.
pub fn next_snowflake() -> u64 {
    static BASE: std::sync::OnceLock<u64> = std::sync::OnceLock::new();
    const DISCORD_EPOCH_MS: u64 = 1_420_070_400_000;
    let base = *BASE.get_or_init(|| {
        let now_ms =
            std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_millis() as u64);
        (now_ms.saturating_sub(DISCORD_EPOCH_MS) << 22) | (u64::from(std::process::id() & 0x3ff) << 12)
    });
    base + NEXT_ID.fetch_add(1, Ordering::Relaxed)
}

/// A token shaped like a bot token (three dot-separated base64url parts) that is obviously fake.
/// Built at run time so no token-shaped string sits in the source.
pub fn fake_token() -> String {
    ["fake-bot-token-for-tests", "abcdef", &"x".repeat(27)].join(".")
}

// ---------------------------------------------------------------------------------------------
// Recorded requests
// ---------------------------------------------------------------------------------------------

/// The body of a recorded REST request.
#[derive(Clone, Debug, PartialEq)]
pub enum RequestBody {
    /// No body at all.
    Empty,
    /// A body that parsed as JSON.
    Json(Value),
    /// A body that is not JSON (lossy UTF-8).
    Text(String),
    /// `multipart/form-data` (serenity uses it when files are attached): the `payload_json`
    /// part, parsed, and the file names of the other parts.
    Multipart {
        /// The `payload_json` part, if any.
        payload_json: Option<Value>,
        /// `filename` of every file part, in order.
        filenames: Vec<String>,
        /// The bytes of every file part, in order.
        files: Vec<Vec<u8>>,
    },
}

/// One REST request the fake received, with the status it answered.
#[derive(Clone, Debug)]
pub struct RecordedRequest {
    /// Position in arrival order, from 0.
    pub index: usize,
    /// `GET`, `POST`, ...
    pub method: String,
    /// The path, e.g. `/api/v10/interactions/1/tok/callback`.
    pub path: String,
    /// The query string without `?`, if any.
    pub query: Option<String>,
    /// The `Authorization` header (serenity sends `Bot <token>`).
    pub authorization: Option<String>,
    /// Every header, names lowercase.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: RequestBody,
    /// The status code the fake answered with.
    pub status: u16,
}

impl RecordedRequest {
    /// The JSON body (for multipart, the `payload_json` part).
    pub fn json(&self) -> Option<&Value> {
        match &self.body {
            RequestBody::Json(value) => Some(value),
            RequestBody::Multipart { payload_json, .. } => payload_json.as_ref(),
            RequestBody::Empty | RequestBody::Text(_) => None,
        }
    }

    /// Whether the method equals `method` and the path matches `pattern`, where a `*` segment
    /// matches any one segment: `matches("POST", "/api/v10/interactions/*/*/callback")`.
    pub fn matches(&self, method: &str, pattern: &str) -> bool {
        self.method.eq_ignore_ascii_case(method) && path_matches(pattern, &self.path)
    }

    /// A header by (case-insensitive) name.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(key, _)| key.eq_ignore_ascii_case(name)).map(|(_, value)| value.as_str())
    }
}

/// Whether `path` matches `pattern` segment by segment, `*` matching any one segment.
pub fn path_matches(pattern: &str, path: &str) -> bool {
    let pattern: Vec<&str> = pattern.trim_end_matches('/').split('/').collect();
    let path: Vec<&str> = path.trim_end_matches('/').split('/').collect();
    pattern.len() == path.len() && pattern.iter().zip(&path).all(|(want, got)| *want == "*" || want == got)
}

// ---------------------------------------------------------------------------------------------
// Gateway connections
// ---------------------------------------------------------------------------------------------

/// A snapshot of one gateway connection.
#[derive(Clone, Debug)]
pub struct GatewayConnection {
    /// Position in connection order, from 0.
    pub index: usize,
    /// The request target the client connected to (serenity: `/?v=10`).
    pub path: String,
    /// The `d` of the client's IDENTIFY (op 2), if it sent one.
    pub identify: Option<Value>,
    /// The `d` of the client's RESUME (op 6), if it sent one.
    pub resume: Option<Value>,
    /// `[shard_id, shard_count]` from IDENTIFY (or from the resumed session).
    pub shard: Option<[u64; 2]>,
    /// The session id the fake gave (or resumed) on this connection.
    pub session_id: String,
    /// The last sequence number sent on this connection.
    pub last_seq: u64,
    /// Whether READY was sent (or the session resumed).
    pub ready: bool,
    /// Whether the connection is still open.
    pub open: bool,
    /// The close code the client sent, if it closed with a close frame.
    pub close_code: Option<u16>,
    /// Every JSON frame the client sent, in order.
    pub received: Vec<Value>,
}

impl GatewayConnection {
    /// Whether the client identified or resumed successfully on this connection.
    pub fn identified(&self) -> bool {
        self.identify.is_some() || (self.resume.is_some() && self.ready)
    }

    /// The shard id (0 when IDENTIFY had no `shard`).
    pub fn shard_id(&self) -> u64 {
        self.shard.map_or(0, |[id, _]| id)
    }
}

struct Conn {
    view: GatewayConnection,
    tx: mpsc::UnboundedSender<WsMessage>,
}

// ---------------------------------------------------------------------------------------------
// Shared state
// ---------------------------------------------------------------------------------------------

struct Stub {
    method: String,
    pattern: String,
    status: u16,
    body: Option<Value>,
}

struct SentInteraction {
    id: String,
    channel_id: u64,
    sent_at: Instant,
    acknowledged: bool,
}

struct State {
    rest_base: String,
    gateway_url: String,
    app_id: u64,
    bot_id: u64,
    recommended_shards: u32,
    callback_deadline: Option<Duration>,
    requests: Vec<(RecordedRequest, bool)>,
    global_commands: Vec<Value>,
    guild_commands: HashMap<u64, Vec<Value>>,
    stubs: Vec<Stub>,
    connections: Vec<Conn>,
    /// Interactions sent through the gateway, by token.
    interactions: HashMap<String, SentInteraction>,
    /// Webhook messages by (token, "@original" or message id).
    messages: HashMap<(String, String), Value>,
    problems: Vec<String>,
}

struct Shared {
    state: Mutex<State>,
    changed: Notify,
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn bump(&self) {
        self.changed.notify_waiters();
    }

    /// Polls `check` under the lock after every change until it returns `Some` or `timeout`
    /// passes.
    async fn wait_for<T>(&self, timeout: Duration, mut check: impl FnMut(&mut State) -> Option<T>) -> Option<T> {
        let deadline = tokio::time::Instant::now() + timeout;
        loop {
            let notified = self.changed.notified();
            tokio::pin!(notified);
            notified.as_mut().enable();
            let found = {
                let mut state = self.lock();
                check(&mut state)
            };
            if found.is_some() {
                return found;
            }
            if tokio::time::timeout_at(deadline, notified).await.is_err() {
                let mut state = self.lock();
                return check(&mut state);
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The handle
// ---------------------------------------------------------------------------------------------

/// A running fake Discord. Dropping it stops both servers.
pub struct FakeDiscord {
    shared: Arc<Shared>,
    rest_base: String,
    gateway_url: String,
    shutdown_tx: watch::Sender<bool>,
    tasks: Vec<JoinHandle<()>>,
}

impl FakeDiscord {
    /// Binds REST and gateway listeners on `127.0.0.1:0` and starts serving.
    pub async fn start() -> FakeDiscord {
        let rest = TcpListener::bind("127.0.0.1:0").await.expect("fake discord: bind REST");
        let gateway = TcpListener::bind("127.0.0.1:0").await.expect("fake discord: bind gateway");
        let rest_base = format!("http://{}", rest.local_addr().expect("REST address"));
        let gateway_url = format!("ws://{}", gateway.local_addr().expect("gateway address"));
        let shared = Arc::new(Shared {
            state: Mutex::new(State {
                rest_base: rest_base.clone(),
                gateway_url: gateway_url.clone(),
                app_id: DEFAULT_APP_ID,
                bot_id: DEFAULT_BOT_ID,
                recommended_shards: 1,
                callback_deadline: Some(Duration::from_secs(3)),
                requests: Vec::new(),
                global_commands: Vec::new(),
                guild_commands: HashMap::new(),
                stubs: Vec::new(),
                connections: Vec::new(),
                interactions: HashMap::new(),
                messages: HashMap::new(),
                problems: Vec::new(),
            }),
            changed: Notify::new(),
        });
        let (shutdown_tx, shutdown_rx) = watch::channel(false);
        let tasks = vec![
            tokio::spawn(rest_accept_loop(rest, Arc::clone(&shared), shutdown_rx.clone())),
            tokio::spawn(gateway_accept_loop(gateway, Arc::clone(&shared), shutdown_rx)),
        ];
        FakeDiscord { shared, rest_base, gateway_url, shutdown_tx, tasks }
    }

    /// `http://127.0.0.1:PORT`, for `HttpBuilder::proxy`.
    pub fn rest_base(&self) -> String {
        self.rest_base.clone()
    }

    /// `ws://127.0.0.1:PORT`, what `GET /gateway` answers.
    pub fn gateway_url(&self) -> String {
        self.gateway_url.clone()
    }

    /// Stops both servers: gateway connections get a close frame (1001), then every task ends
    /// (aborted after 2 s at most).
    pub async fn shutdown(mut self) {
        let _ = self.shutdown_tx.send(true);
        for task in self.tasks.drain(..) {
            let abort = task.abort_handle();
            if tokio::time::timeout(Duration::from_secs(2), task).await.is_err() {
                abort.abort();
            }
        }
    }

    // --- configuration -----------------------------------------------------------------------

    /// The application id the fake expects in webhook and command paths (set by [`Self::ready`]).
    pub fn app_id(&self) -> u64 {
        self.shared.lock().app_id
    }

    /// The bot user id (set by [`Self::ready`]).
    pub fn bot_user_id(&self) -> u64 {
        self.shared.lock().bot_id
    }

    /// Replaces the stored global commands (what `GET .../commands` answers). Each command is
    /// stored as given; use what a previous registration echoed for realistic content.
    pub fn set_global_commands(&self, commands: Vec<Value>) {
        self.shared.lock().global_commands = commands;
    }

    /// Replaces the stored commands of one guild.
    pub fn set_guild_commands(&self, guild_id: u64, commands: Vec<Value>) {
        self.shared.lock().guild_commands.insert(guild_id, commands);
    }

    /// The stored global commands.
    pub fn global_commands(&self) -> Vec<Value> {
        self.shared.lock().global_commands.clone()
    }

    /// The stored commands of one guild.
    pub fn guild_commands(&self, guild_id: u64) -> Vec<Value> {
        self.shared.lock().guild_commands.get(&guild_id).cloned().unwrap_or_default()
    }

    /// The `shards` that `GET /gateway/bot` recommends (default 1).
    pub fn set_recommended_shards(&self, shards: u32) {
        self.shared.lock().recommended_shards = shards.max(1);
    }

    /// How long after [`Self::interaction`] the first callback may come (default 3 s, like
    /// Discord); `None` accepts any delay.
    pub fn set_callback_deadline(&self, deadline: Option<Duration>) {
        self.shared.lock().callback_deadline = deadline;
    }

    /// Answers every request whose method is `method` and whose path matches `pattern` (see
    /// [`path_matches`]) with `status` and `body`, before any built-in route. Still recorded.
    pub fn stub(&self, method: &str, pattern: &str, status: u16, body: Option<Value>) {
        self.shared.lock().stubs.push(Stub {
            method: method.to_ascii_uppercase(),
            pattern: pattern.to_owned(),
            status,
            body,
        });
    }

    /// Removes every stub.
    pub fn clear_stubs(&self) {
        self.shared.lock().stubs.clear();
    }

    /// The webhook message stored for an interaction token under `key` (`"@original"` or a
    /// follow-up's id): what an initial response (callback type 4/5/7) or a PATCH left there.
    pub fn webhook_message(&self, token: &str, key: &str) -> Option<Value> {
        self.shared.lock().messages.get(&(token.to_owned(), key.to_owned())).cloned()
    }

    /// Things the fake got wrong or could not check (a REST answer serenity would not
    /// deserialize, a client frame that was not JSON). Should be empty at the end of a test.
    pub fn problems(&self) -> Vec<String> {
        self.shared.lock().problems.clone()
    }

    /// Panics if [`Self::problems`] is not empty.
    pub fn assert_no_problems(&self) {
        let problems = self.problems();
        assert!(problems.is_empty(), "fake discord recorded problems:\n{}", problems.join("\n"));
    }

    // --- REST requests -----------------------------------------------------------------------

    /// Every REST request so far, in arrival order.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.shared.lock().requests.iter().map(|(request, _)| request.clone()).collect()
    }

    /// How many REST requests with this method arrived so far: for polling under load, where
    /// copying every request (`requests`) would cost the process under test its CPU.
    pub fn count_requests(&self, method: &str) -> usize {
        self.shared.lock().requests.iter().filter(|(request, _)| request.method == method).count()
    }

    /// Waits for the first request, in arrival order, that matches `predicate` and was not
    /// returned by an earlier `wait_request`/`expect_request` (requests that arrived before the
    /// call count too). `None` after `timeout`.
    pub async fn wait_request(
        &self,
        timeout: Duration,
        predicate: impl Fn(&RecordedRequest) -> bool,
    ) -> Option<RecordedRequest> {
        self.shared
            .wait_for(timeout, |state| {
                let (request, taken) =
                    state.requests.iter_mut().find(|(request, taken)| !*taken && predicate(request))?;
                *taken = true;
                Some(request.clone())
            })
            .await
    }

    /// [`Self::wait_request`] with [`DEFAULT_TIMEOUT`]; panics, listing every request, if none
    /// matches. `what` names the request in the panic message.
    pub async fn expect_request(&self, what: &str, predicate: impl Fn(&RecordedRequest) -> bool) -> RecordedRequest {
        self.expect_request_within(DEFAULT_TIMEOUT, what, predicate).await
    }

    /// [`Self::expect_request`] with another timeout, for work that is slow on purpose.
    pub async fn expect_request_within(
        &self,
        timeout: Duration,
        what: &str,
        predicate: impl Fn(&RecordedRequest) -> bool,
    ) -> RecordedRequest {
        match self.wait_request(timeout, predicate).await {
            Some(request) => request,
            None => panic!(
                "fake discord: no request for {what} within {timeout:?}; requests:\n{}",
                self.describe_requests()
            ),
        }
    }

    /// One line per recorded request, for panic messages.
    pub fn describe_requests(&self) -> String {
        let mut out = String::new();
        for (request, _) in &self.shared.lock().requests {
            let body = request.json().map(Value::to_string).unwrap_or_default();
            let _ = writeln!(
                out,
                "  #{} {} {} -> {} {}",
                request.index,
                request.method,
                request.path,
                request.status,
                truncate(&body, 300)
            );
        }
        out
    }

    // --- gateway -----------------------------------------------------------------------------

    /// Snapshots of every gateway connection so far.
    pub fn connections(&self) -> Vec<GatewayConnection> {
        self.shared.lock().connections.iter().map(|conn| conn.view.clone()).collect()
    }

    /// How many connections sent IDENTIFY.
    pub fn identified_count(&self) -> usize {
        self.shared.lock().connections.iter().filter(|c| c.view.identify.is_some()).count()
    }

    /// How many connections are closed.
    pub fn closed_count(&self) -> usize {
        self.shared.lock().connections.iter().filter(|c| !c.view.open).count()
    }

    /// How many connections are open.
    pub fn open_count(&self) -> usize {
        self.shared.lock().connections.iter().filter(|c| c.view.open).count()
    }

    /// Waits until at least `n` connections have sent IDENTIFY and returns their IDENTIFY `d`s
    /// (in connection order). Panics after `timeout`.
    pub async fn wait_identified(&self, n: usize, timeout: Duration) -> Vec<Value> {
        let found = self
            .shared
            .wait_for(timeout, |state| {
                let identifies: Vec<Value> = state.connections.iter().filter_map(|c| c.view.identify.clone()).collect();
                (identifies.len() >= n).then_some(identifies)
            })
            .await;
        match found {
            Some(identifies) => identifies,
            None => panic!(
                "fake discord: {n} IDENTIFY expected within {timeout:?}, got {}; connections: {:#?}",
                self.identified_count(),
                self.connections()
            ),
        }
    }

    /// Waits until at least `n` connections are closed. Panics after `timeout`.
    pub async fn wait_closed(&self, n: usize, timeout: Duration) {
        let found = self
            .shared
            .wait_for(timeout, |state| (state.connections.iter().filter(|c| !c.view.open).count() >= n).then_some(()))
            .await;
        if found.is_none() {
            panic!(
                "fake discord: {n} closed gateway connection(s) expected within {timeout:?}, got {}; \
                 connections: {:#?}",
                self.closed_count(),
                self.connections()
            );
        }
    }

    /// Sends READY to every open connection that identified and has not had READY yet (waiting
    /// up to [`DEFAULT_TIMEOUT`] for at least one), each with its own `session_id` and with the
    /// `shard` its IDENTIFY gave. Remembers `app_id` and `bot_user_id` for the REST answers.
    /// Returns how many connections got READY.
    pub async fn ready(&self, app_id: u64, bot_user_id: u64) -> usize {
        let waiting = |state: &mut State| {
            let indices: Vec<usize> = state
                .connections
                .iter()
                .filter(|c| c.view.open && c.view.identify.is_some() && !c.view.ready)
                .map(|c| c.view.index)
                .collect();
            (!indices.is_empty()).then_some(indices)
        };
        let Some(indices) = self.shared.wait_for(DEFAULT_TIMEOUT, waiting).await else {
            panic!(
                "fake discord: no identified connection waiting for READY within \
                 {DEFAULT_TIMEOUT:?}; connections: {:#?}",
                self.connections()
            );
        };
        let mut sent = 0;
        for index in indices {
            let d = {
                let mut state = self.shared.lock();
                state.app_id = app_id;
                state.bot_id = bot_user_id;
                let conn = &mut state.connections[index].view;
                conn.session_id = format!("fake-session-{}", next_snowflake());
                conn.ready = true;
                let mut d = json!({
                    "v": 10,
                    "user": {
                        "id": bot_user_id.to_string(),
                        "username": BOT_USERNAME,
                        "discriminator": "0",
                        "global_name": null,
                        "avatar": null,
                        "bot": true,
                        "verified": true,
                        "mfa_enabled": false,
                        "flags": 0,
                    },
                    "guilds": [],
                    "session_id": conn.session_id,
                    "resume_gateway_url": self.gateway_url,
                    "application": { "id": app_id.to_string(), "flags": 0 },
                    "private_channels": [],
                    "relationships": [],
                    "presences": [],
                });
                if let Some(shard) = conn.shard {
                    d["shard"] = json!(shard);
                }
                d
            };
            self.send_dispatch_to(index, "READY", d, true);
            sent += 1;
        }
        self.shared.bump();
        sent
    }

    /// Sends INTERACTION_CREATE with `interaction` (see [`slash_command`] and friends) to the
    /// shard its guild belongs to (`(guild_id >> 22) % shard_count`, DMs to shard 0). Panics
    /// if serenity would not deserialize it. Returns the sequence number used.
    pub async fn interaction(&self, interaction: Value) -> u64 {
        if let Err(error) = validate_dispatch("INTERACTION_CREATE", &interaction) {
            panic!("fake discord: {error}");
        }
        let guild_id = interaction.get("guild_id").and_then(snowflake_of);
        let shard = self.shard_for_guild(guild_id);
        {
            let mut state = self.shared.lock();
            let token = interaction["token"].as_str().unwrap_or_default().to_owned();
            state.interactions.insert(
                token,
                SentInteraction {
                    id: interaction["id"].as_str().unwrap_or_default().to_owned(),
                    channel_id: interaction.get("channel_id").and_then(snowflake_of).unwrap_or(DEFAULT_CHANNEL_ID),
                    sent_at: Instant::now(),
                    acknowledged: false,
                },
            );
        }
        self.dispatch_to_shard(shard, "INTERACTION_CREATE", interaction).await
    }

    /// Sends any dispatch (op 0) to shard 0. Panics if serenity would not deserialize it,
    /// including when serenity would only see it as `Event::Unknown` (an event name it does
    /// not know, or a known one with a missing field). Returns the sequence number used.
    pub async fn dispatch(&self, t: &str, d: Value) -> u64 {
        self.dispatch_to_shard(0, t, d).await
    }

    /// [`Self::dispatch`] to the connection of shard `shard` (the latest open one that
    /// identified or resumed; waits up to [`DEFAULT_TIMEOUT`] for it).
    pub async fn dispatch_to_shard(&self, shard: u64, t: &str, d: Value) -> u64 {
        if let Err(error) = validate_dispatch(t, &d) {
            panic!("fake discord: {error}");
        }
        let index = self.wait_shard(shard).await;
        self.send_dispatch_to(index, t, d, true)
    }

    /// Like [`Self::dispatch`] but lets through an event serenity only knows as
    /// `Event::Unknown` (the frame itself must still deserialize).
    pub async fn dispatch_raw(&self, t: &str, d: Value) -> u64 {
        let index = self.wait_shard(0).await;
        self.send_dispatch_to(index, t, d, false)
    }

    /// Sends a non-dispatch frame (e.g. `{"op": 7, "d": null}` RECONNECT or `{"op": 9, "d":
    /// false}` INVALID SESSION) to shard `shard`. Panics if serenity would not deserialize it.
    pub async fn send_frame(&self, shard: u64, frame: Value) {
        if let Err(error) = validate_frame(&frame) {
            panic!("fake discord: frame {frame} would not deserialize in serenity: {error}");
        }
        let index = self.wait_shard(shard).await;
        let tx = self.shared.lock().connections[index].tx.clone();
        if tx.send(WsMessage::Text(frame.to_string())).is_err() {
            panic!("fake discord: connection {index} closed before the frame was sent");
        }
    }

    /// Closes every open gateway connection from the fake's side with `code` (e.g. 4000 to
    /// make serenity resume).
    pub fn close_connections(&self, code: u16) {
        let state = self.shared.lock();
        for conn in state.connections.iter().filter(|c| c.view.open) {
            let _ = conn.tx.send(WsMessage::Close(Some(CloseFrame {
                code: CloseCode::from(code),
                reason: "fake discord closed the connection".into(),
            })));
        }
    }

    fn shard_for_guild(&self, guild_id: Option<u64>) -> u64 {
        let Some(guild_id) = guild_id else { return 0 };
        let state = self.shared.lock();
        let total =
            state.connections.iter().filter_map(|c| c.view.shard.map(|[_, total]| total)).max().unwrap_or(1).max(1);
        (guild_id >> 22) % total
    }

    async fn wait_shard(&self, shard: u64) -> usize {
        let found = self
            .shared
            .wait_for(DEFAULT_TIMEOUT, |state| {
                state
                    .connections
                    .iter()
                    .rev()
                    .find(|c| c.view.open && c.view.identified() && c.view.shard_id() == shard)
                    .map(|c| c.view.index)
            })
            .await;
        match found {
            Some(index) => index,
            None => panic!(
                "fake discord: no open identified connection for shard {shard} within \
                 {DEFAULT_TIMEOUT:?}; connections: {:#?}",
                self.connections()
            ),
        }
    }

    fn send_dispatch_to(&self, index: usize, t: &str, d: Value, strict: bool) -> u64 {
        let (tx, frame, seq) = {
            let mut state = self.shared.lock();
            let conn = &mut state.connections[index];
            conn.view.last_seq += 1;
            let seq = conn.view.last_seq;
            (conn.tx.clone(), json!({ "op": 0, "s": seq, "t": t, "d": d }), seq)
        };
        let checked = if strict { validate_dispatch(t, &frame["d"]) } else { validate_frame(&frame) };
        if let Err(error) = checked {
            panic!("fake discord: {error}");
        }
        if tx.send(WsMessage::Text(frame.to_string())).is_err() {
            panic!("fake discord: gateway connection {index} closed before {t} was sent");
        }
        seq
    }
}

impl Drop for FakeDiscord {
    fn drop(&mut self) {
        let _ = self.shutdown_tx.send(true);
        for task in &self.tasks {
            task.abort();
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Validation with serenity's own types
// ---------------------------------------------------------------------------------------------

fn check_as<T: DeserializeOwned>(what: &str, value: &Value) -> Result<(), String> {
    serde_json::from_value::<T>(value.clone())
        .map(drop)
        .map_err(|error| format!("{what} would not deserialize in serenity: {error}; json: {value}"))
}

/// Checks a whole gateway frame the way serenity reads it (`GatewayEvent`).
pub fn validate_frame(frame: &Value) -> Result<(), String> {
    check_as::<serenity::model::event::GatewayEvent>("gateway frame", frame)
}

/// Checks a dispatch the way serenity reads it: the frame must deserialize as `GatewayEvent`
/// and the event must not end up as `Event::Unknown`; READY and INTERACTION_CREATE are also
/// checked against `Ready` and `Interaction` for a precise error.
pub fn validate_dispatch(t: &str, d: &Value) -> Result<(), String> {
    use serenity::model::event::{Event, GatewayEvent};
    match t {
        "READY" => check_as::<serenity::model::gateway::Ready>("READY d", d)?,
        "INTERACTION_CREATE" => check_as::<serenity::model::application::Interaction>("INTERACTION_CREATE d", d)?,
        _ => {}
    }
    let frame = json!({ "op": 0, "s": 1, "t": t, "d": d });
    let event = serde_json::from_value::<GatewayEvent>(frame)
        .map_err(|error| format!("dispatch {t} would not deserialize in serenity: {error}"))?;
    if let GatewayEvent::Dispatch(_, Event::Unknown(_)) = event {
        return Err(format!(
            "serenity would read dispatch {t} as Event::Unknown (unknown event name, or a \
             required field missing) and drop it; d: {d}"
        ));
    }
    Ok(())
}

/// Checks the JSON against Discord's rules for a command registration (names, descriptions,
/// option and choice counts, required options first). `Err` names the first broken rule.
pub fn validate_command_payload(command: &Value) -> Result<(), String> {
    let kind = command.get("type").and_then(Value::as_u64).unwrap_or(1);
    let name = command.get("name").and_then(Value::as_str).ok_or("command without a name")?;
    if kind == 1 {
        check_chat_name("command name", name)?;
        check_description(&format!("command {name}"), command.get("description"))?;
    } else {
        let len = name.chars().count();
        if !(1..=32).contains(&len) {
            return Err(format!("command name {name:?} must be 1-32 characters"));
        }
        if command.get("description").and_then(Value::as_str).is_some_and(|d| !d.is_empty()) {
            return Err(format!("user/message command {name} must not have a description"));
        }
    }
    if let Some(permissions) = command.get("default_member_permissions") {
        let ok = permissions.is_null()
            || permissions.as_str().is_some_and(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
        if !ok {
            return Err(format!(
                "command {name}: default_member_permissions must be null or a string of digits, got {permissions}"
            ));
        }
    }
    check_options(name, command.get("options"))
}

fn check_chat_name(what: &str, name: &str) -> Result<(), String> {
    let len = name.chars().count();
    if !(1..=32).contains(&len) {
        return Err(format!("{what} {name:?} must be 1-32 characters"));
    }
    if !name.chars().all(|c| (c == '-' || c == '_' || c.is_alphanumeric()) && !c.is_uppercase()) {
        return Err(format!("{what} {name:?} must be lowercase letters, digits, - or _"));
    }
    Ok(())
}

fn check_description(what: &str, description: Option<&Value>) -> Result<(), String> {
    let description = description.and_then(Value::as_str).unwrap_or_default();
    let len = description.chars().count();
    if !(1..=100).contains(&len) {
        return Err(format!("{what}: description must be 1-100 characters, got {len}"));
    }
    Ok(())
}

fn check_options(parent: &str, options: Option<&Value>) -> Result<(), String> {
    let Some(options) = options.filter(|o| !o.is_null()) else {
        return Ok(());
    };
    let options = options.as_array().ok_or_else(|| format!("{parent}: options must be an array"))?;
    if options.len() > 25 {
        return Err(format!("{parent}: at most 25 options, got {}", options.len()));
    }
    let mut seen_optional = false;
    for option in options {
        let name = option.get("name").and_then(Value::as_str).unwrap_or_default();
        let what = format!("{parent} option {name:?}");
        check_chat_name(&what, name)?;
        check_description(&what, option.get("description"))?;
        let kind = option.get("type").and_then(Value::as_u64).unwrap_or(0);
        if !(1..=11).contains(&kind) {
            return Err(format!("{what}: type must be 1-11, got {kind}"));
        }
        let required = option.get("required").and_then(Value::as_bool).unwrap_or(false);
        if required && seen_optional {
            return Err(format!("{what}: required options must come before optional ones"));
        }
        seen_optional |= !required && kind > 2;
        let choices = option.get("choices").and_then(Value::as_array);
        if let Some(choices) = choices {
            if choices.len() > 25 {
                return Err(format!("{what}: at most 25 choices, got {}", choices.len()));
            }
            for choice in choices {
                let len = choice.get("name").and_then(Value::as_str).map_or(0, |n| n.chars().count());
                if !(1..=100).contains(&len) {
                    return Err(format!("{what}: choice names must be 1-100 characters"));
                }
            }
        }
        let autocomplete = option.get("autocomplete").and_then(Value::as_bool).unwrap_or(false);
        if autocomplete && choices.is_some_and(|c| !c.is_empty()) {
            return Err(format!("{what}: autocomplete and choices are exclusive"));
        }
        check_options(&what, option.get("options"))?;
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Interaction builders
// ---------------------------------------------------------------------------------------------

/// Who invokes an interaction: a guild member (default) or, with [`MemberSpec::dm`], a user in
/// a DM with the bot.
#[derive(Clone, Debug)]
pub struct MemberSpec {
    /// The user's id.
    pub user_id: u64,
    /// The user's username.
    pub username: String,
    /// The guild; `None` for a DM (the interaction then has `user` instead of `member`).
    pub guild_id: Option<u64>,
    /// Role ids the member has.
    pub roles: Vec<u64>,
    /// The member's computed permissions in the channel, a string bitfield: "0" none, "32"
    /// MANAGE_GUILD, "8" ADMINISTRATOR.
    pub permissions: String,
    /// The channel the interaction comes from.
    pub channel_id: u64,
    /// The user's locale.
    pub locale: String,
}

impl Default for MemberSpec {
    fn default() -> Self {
        MemberSpec::new(DEFAULT_USER_ID)
    }
}

impl MemberSpec {
    /// A member of [`DEFAULT_GUILD_ID`] without roles or permissions ("0").
    pub fn new(user_id: u64) -> Self {
        MemberSpec {
            user_id,
            username: format!("user{}", user_id % 10_000),
            guild_id: Some(DEFAULT_GUILD_ID),
            roles: Vec::new(),
            permissions: "0".to_owned(),
            channel_id: DEFAULT_CHANNEL_ID,
            locale: "en-US".to_owned(),
        }
    }

    /// A user talking to the bot in a DM.
    pub fn dm(user_id: u64) -> Self {
        MemberSpec { guild_id: None, ..MemberSpec::new(user_id) }
    }

    /// A member with MANAGE_GUILD ("32").
    pub fn moderator(user_id: u64) -> Self {
        MemberSpec::new(user_id).with_permissions("32")
    }

    /// A member with ADMINISTRATOR ("8").
    pub fn admin(user_id: u64) -> Self {
        MemberSpec::new(user_id).with_permissions("8")
    }

    /// Sets the permission bitfield string.
    pub fn with_permissions(mut self, permissions: &str) -> Self {
        self.permissions = permissions.to_owned();
        self
    }

    /// Sets the role ids.
    pub fn with_roles(mut self, roles: &[u64]) -> Self {
        self.roles = roles.to_vec();
        self
    }

    /// Sets the guild.
    pub fn in_guild(mut self, guild_id: u64) -> Self {
        self.guild_id = Some(guild_id);
        self
    }

    /// Sets the channel.
    pub fn in_channel(mut self, channel_id: u64) -> Self {
        self.channel_id = channel_id;
        self
    }

    /// Sets the username.
    pub fn with_username(mut self, username: &str) -> Self {
        self.username = username.to_owned();
        self
    }

    /// The user object.
    pub fn user_json(&self) -> Value {
        json!({
            "id": self.user_id.to_string(),
            "username": self.username,
            "discriminator": "0",
            "global_name": self.username,
            "avatar": null,
            "public_flags": 0,
        })
    }

    /// The guild member object (with `permissions`, as interactions carry it).
    pub fn member_json(&self) -> Value {
        json!({
            "user": self.user_json(),
            "nick": null,
            "avatar": null,
            "roles": self.roles.iter().map(u64::to_string).collect::<Vec<_>>(),
            "joined_at": TIMESTAMP,
            "premium_since": null,
            "deaf": false,
            "mute": false,
            "flags": 0,
            "pending": false,
            "permissions": self.permissions,
            "communication_disabled_until": null,
        })
    }
}

fn interaction_base(kind: u8, data: Value, member: &MemberSpec) -> Value {
    let id = next_snowflake();
    let mut interaction = json!({
        "id": id.to_string(),
        "application_id": DEFAULT_APP_ID.to_string(),
        "type": kind,
        "data": data,
        "channel_id": member.channel_id.to_string(),
        "token": format!("fake-interaction-token-{id}"),
        "version": 1,
        "locale": member.locale,
        "entitlements": [],
        "attachment_size_limit": 10_485_760,
    });
    match member.guild_id {
        Some(guild_id) => {
            interaction["guild_id"] = json!(guild_id.to_string());
            interaction["guild_locale"] = json!("en-US");
            interaction["member"] = member.member_json();
            interaction["context"] = json!(0);
        }
        None => {
            interaction["user"] = member.user_json();
            interaction["context"] = json!(1);
        }
    }
    interaction
}

fn command_data(name: &str, options: Value) -> Value {
    assert!(options.is_array(), "fake discord: options must be a JSON array, got {options}");
    json!({ "id": next_snowflake().to_string(), "name": name, "type": 1, "options": options })
}

/// A slash command (APPLICATION_COMMAND, type 2) invocation. `options` is the JSON array of
/// `{name, type, value}` (sub-commands nest their own `options`).
pub fn slash_command(name: &str, options: Value, member: &MemberSpec) -> Value {
    interaction_base(2, command_data(name, options), member)
}

/// An AUTOCOMPLETE (type 4) interaction; exactly one option (at any depth) must have
/// `"focused": true`, its `value` being what the user typed so far.
pub fn autocomplete(name: &str, options: Value, member: &MemberSpec) -> Value {
    fn count_focused(options: &Value) -> usize {
        options.as_array().map_or(0, |options| {
            options
                .iter()
                .map(|o| {
                    usize::from(o.get("focused").and_then(Value::as_bool) == Some(true))
                        + o.get("options").map_or(0, count_focused)
                })
                .sum()
        })
    }
    let focused = count_focused(&options);
    assert_eq!(focused, 1, "fake discord: autocomplete needs exactly one focused option: {options}");
    interaction_base(4, command_data(name, options), member)
}

/// A MESSAGE_COMPONENT (type 3) interaction: a click on a button (`component_type` 2) or a
/// choice in a select menu (3 string, 5 user, 6 role, 7 mentionable, 8 channel) with `values`.
/// `message` is the message carrying the component (see [`bot_message`]).
pub fn component(custom_id: &str, component_type: u8, values: &[&str], member: &MemberSpec, message: Value) -> Value {
    let mut data = json!({ "custom_id": custom_id, "component_type": component_type });
    if component_type != 2 {
        data["values"] = json!(values);
    }
    let mut interaction = interaction_base(3, data, member);
    interaction["message"] = message;
    interaction
}

/// A plausible message the bot sent earlier in [`DEFAULT_CHANNEL_ID`] (for [`component`]):
/// `content` and `components` (JSON array of action rows) as given.
pub fn bot_message(content: &str, components: Value) -> Value {
    json!({
        "id": next_snowflake().to_string(),
        "channel_id": DEFAULT_CHANNEL_ID.to_string(),
        "author": bot_user_json(DEFAULT_BOT_ID),
        "content": content,
        "timestamp": TIMESTAMP,
        "edited_timestamp": null,
        "tts": false,
        "mention_everyone": false,
        "mentions": [],
        "mention_roles": [],
        "mention_channels": [],
        "attachments": [],
        "embeds": [],
        "components": components,
        "pinned": false,
        "type": 20,
        "flags": 0,
        "webhook_id": DEFAULT_APP_ID.to_string(),
        "application_id": DEFAULT_APP_ID.to_string(),
    })
}

/// `/api/v10/interactions/{id}/{token}/callback` for an interaction built here.
pub fn callback_path(interaction: &Value) -> String {
    format!(
        "/api/v10/interactions/{}/{}/callback",
        interaction["id"].as_str().unwrap_or_default(),
        interaction["token"].as_str().unwrap_or_default()
    )
}

/// `/api/v10/webhooks/{app}/{token}/messages/@original` for an interaction built here.
pub fn original_path(interaction: &Value) -> String {
    format!(
        "/api/v10/webhooks/{}/{}/messages/@original",
        interaction["application_id"].as_str().unwrap_or_default(),
        interaction["token"].as_str().unwrap_or_default()
    )
}

/// `/api/v10/webhooks/{app}/{token}` (follow-ups) for an interaction built here.
pub fn followup_path(interaction: &Value) -> String {
    format!(
        "/api/v10/webhooks/{}/{}",
        interaction["application_id"].as_str().unwrap_or_default(),
        interaction["token"].as_str().unwrap_or_default()
    )
}

fn bot_user_json(bot_id: u64) -> Value {
    json!({
        "id": bot_id.to_string(),
        "username": BOT_USERNAME,
        "discriminator": "0",
        "global_name": null,
        "avatar": null,
        "bot": true,
        "public_flags": 0,
    })
}

fn snowflake_of(value: &Value) -> Option<u64> {
    match value {
        Value::String(s) => s.parse().ok(),
        Value::Number(n) => n.as_u64(),
        _ => None,
    }
}

fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_owned()
    } else {
        let cut: String = text.chars().take(max).collect();
        format!("{cut}...")
    }
}

// ---------------------------------------------------------------------------------------------
// REST server
// ---------------------------------------------------------------------------------------------

async fn rest_accept_loop(listener: TcpListener, shared: Arc<Shared>, mut shutdown: watch::Receiver<bool>) {
    let mut connections = JoinSet::new();
    loop {
        tokio::select! {
            _ = shutdown.changed() => break,
            accepted = listener.accept() => {
                let Ok((stream, _)) = accepted else { continue };
                connections.spawn(serve_rest_conn(Arc::clone(&shared), stream, shutdown.clone()));
            }
        }
    }
    connections.shutdown().await;
}

async fn serve_rest_conn(shared: Arc<Shared>, stream: TcpStream, mut shutdown: watch::Receiver<bool>) {
    let service = service_fn(move |request| {
        let shared = Arc::clone(&shared);
        async move { Ok::<_, Infallible>(handle_rest(&shared, request).await) }
    });
    let connection = http1::Builder::new().serve_connection(TokioIo::new(stream), service);
    tokio::select! {
        _ = connection => {}
        _ = shutdown.changed() => {}
    }
}

async fn handle_rest(shared: &Shared, request: Request<Incoming>) -> Response<Full<Bytes>> {
    let method = request.method().as_str().to_owned();
    let path = request.uri().path().to_owned();
    let query = request.uri().query().map(str::to_owned);
    let headers: Vec<(String, String)> = request
        .headers()
        .iter()
        .map(|(name, value)| (name.as_str().to_owned(), String::from_utf8_lossy(value.as_bytes()).into_owned()))
        .collect();
    let header = |name: &str| headers.iter().find(|(key, _)| key == name).map(|(_, v)| v.clone());
    let authorization = header("authorization");
    let content_type = header("content-type").unwrap_or_default();
    let bytes = match request.into_body().collect().await {
        Ok(collected) => collected.to_bytes(),
        Err(_) => Bytes::new(),
    };
    let body = parse_body(&bytes, &content_type);

    let (status, reply) = {
        let mut state = shared.lock();
        let (status, reply) = route(&mut state, &method, &path, &body);
        let index = state.requests.len();
        state
            .requests
            .push((RecordedRequest { index, method, path, query, authorization, headers, body, status }, false));
        (status, reply)
    };
    shared.bump();

    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let builder = Response::builder().status(status);
    let response = match reply {
        Some(json) => builder.header("content-type", "application/json").body(Full::new(Bytes::from(json.to_string()))),
        None => builder.body(Full::new(Bytes::new())),
    };
    response.unwrap_or_else(|_| Response::new(Full::new(Bytes::new())))
}

fn parse_body(bytes: &[u8], content_type: &str) -> RequestBody {
    if bytes.is_empty() {
        return RequestBody::Empty;
    }
    if let Some(boundary) =
        content_type.strip_prefix("multipart/form-data").and_then(|rest| rest.split("boundary=").nth(1))
    {
        let boundary = boundary.trim_matches('"');
        let mut body = parse_multipart(&String::from_utf8_lossy(bytes), boundary);
        if let RequestBody::Multipart { files, .. } = &mut body {
            *files = file_parts(bytes, boundary);
        }
        return body;
    }
    match serde_json::from_slice(bytes) {
        Ok(json) => RequestBody::Json(json),
        Err(_) => RequestBody::Text(String::from_utf8_lossy(bytes).into_owned()),
    }
}

fn parse_multipart(text: &str, boundary: &str) -> RequestBody {
    let mut payload_json = None;
    let mut filenames = Vec::new();
    for part in text.split(&format!("--{boundary}")) {
        let Some((head, content)) = part.split_once("\r\n\r\n") else {
            continue;
        };
        let content = content.strip_suffix("\r\n").unwrap_or(content);
        if head.contains("name=\"payload_json\"") {
            payload_json = serde_json::from_str(content).ok();
        } else if let Some(rest) = head.split("filename=\"").nth(1) {
            filenames.push(rest.split('"').next().unwrap_or_default().to_owned());
        }
    }
    RequestBody::Multipart { payload_json, filenames, files: Vec::new() }
}

/// The contents of the file parts of a multipart body, as bytes (a PNG is not text).
fn file_parts(bytes: &[u8], boundary: &str) -> Vec<Vec<u8>> {
    let delimiter = format!("--{boundary}").into_bytes();
    let find = |from: usize, needle: &[u8]| {
        bytes.get(from..).and_then(|rest| rest.windows(needle.len()).position(|w| w == needle)).map(|i| from + i)
    };
    let mut files = Vec::new();
    let mut at = 0;
    while let Some(start) = find(at, &delimiter) {
        let head_start = start + delimiter.len();
        let Some(head_end) = find(head_start, b"\r\n\r\n") else { break };
        let content_start = head_end + 4;
        let end = find(content_start, &delimiter).unwrap_or(bytes.len());
        let head = String::from_utf8_lossy(&bytes[head_start..head_end]);
        if head.contains("filename=\"") {
            let content = &bytes[content_start..end];
            files.push(content.strip_suffix(b"\r\n").unwrap_or(content).to_vec());
        }
        at = end;
    }
    files
}

type Reply = (u16, Option<Value>);

fn error(status: u16, code: u64, message: &str) -> Reply {
    (status, Some(json!({ "message": message, "code": code })))
}

fn not_found() -> Reply {
    error(404, 0, "Unknown")
}

/// Records a problem if serenity would not read `value` as `T`; returns `value` either way.
fn checked<T: DeserializeOwned>(state: &mut State, what: &str, value: Value) -> Value {
    if let Err(problem) = check_as::<T>(what, &value) {
        state.problems.push(problem);
    }
    value
}

fn route(state: &mut State, method: &str, path: &str, body: &RequestBody) -> Reply {
    if let Some(stub) =
        state.stubs.iter().find(|stub| stub.method.eq_ignore_ascii_case(method) && path_matches(&stub.pattern, path))
    {
        return (stub.status, stub.body.clone());
    }
    let Some(rest) = path.strip_prefix("/api/v10/") else {
        return not_found();
    };
    let segments: Vec<&str> = rest.trim_end_matches('/').split('/').collect();
    let json = match body {
        RequestBody::Json(value) => Some(value),
        RequestBody::Multipart { payload_json, .. } => payload_json.as_ref(),
        RequestBody::Empty | RequestBody::Text(_) => None,
    };
    match (method, segments.as_slice()) {
        ("GET", ["gateway"]) => {
            let answer = json!({ "url": state.gateway_url });
            (200, Some(checked::<serenity::model::gateway::Gateway>(state, "GET /gateway", answer)))
        }
        ("GET", ["gateway", "bot"]) => {
            let answer = json!({
                "url": state.gateway_url,
                "shards": state.recommended_shards,
                "session_start_limit": {
                    "total": 1000,
                    "remaining": 999,
                    "reset_after": 14_400_000,
                    "max_concurrency": 1,
                },
            });
            (200, Some(checked::<serenity::model::gateway::BotGateway>(state, "GET /gateway/bot", answer)))
        }
        ("GET", ["users", "@me"]) => {
            let mut user = bot_user_json(state.bot_id);
            user["verified"] = json!(true);
            user["mfa_enabled"] = json!(false);
            user["flags"] = json!(0);
            (200, Some(checked::<serenity::model::user::CurrentUser>(state, "GET /users/@me", user)))
        }
        ("GET", ["oauth2", "applications", "@me"]) | ("GET", ["applications", "@me"]) => {
            let answer = json!({
                "id": state.app_id.to_string(),
                "name": BOT_USERNAME,
                "icon": null,
                "description": "",
                "summary": "",
                "rpc_origins": [],
                "bot_public": true,
                "bot_require_code_grant": false,
                "verify_key": "0".repeat(64),
                "owner": {
                    "id": DEFAULT_USER_ID.to_string(),
                    "username": "fake-owner",
                    "discriminator": "0",
                    "global_name": null,
                    "avatar": null,
                    "public_flags": 0,
                },
                "team": null,
                "flags": 0,
                "bot": bot_user_json(state.bot_id),
            });
            let answer = checked::<serenity::model::application::CurrentApplicationInfo>(
                state,
                "GET /oauth2/applications/@me",
                answer,
            );
            (200, Some(answer))
        }
        (_, ["applications", app, "commands"]) => commands(state, method, app, None, json),
        (_, ["applications", app, "commands", id]) => command_one(state, method, app, None, id, json),
        (_, ["applications", app, "guilds", guild, "commands"]) => match guild.parse() {
            Ok(guild) => commands(state, method, app, Some(guild), json),
            Err(_) => not_found(),
        },
        (_, ["applications", app, "guilds", guild, "commands", id]) => match guild.parse() {
            Ok(guild) => command_one(state, method, app, Some(guild), id, json),
            Err(_) => not_found(),
        },
        ("POST", ["interactions", id, token, "callback"]) => callback(state, id, token, json),
        ("POST", ["webhooks", app, token]) => {
            if app.parse::<u64>().ok() != Some(state.app_id) {
                return error(404, 10015, "Unknown Webhook");
            }
            let id = next_snowflake().to_string();
            let message = make_message(state, token, &id, 0, None, json.unwrap_or(&Value::Null));
            state.messages.insert(((*token).to_owned(), id), message.clone());
            (200, Some(message))
        }
        (_, ["webhooks", app, token, "messages", key]) => {
            if app.parse::<u64>().ok() != Some(state.app_id) {
                return error(404, 10015, "Unknown Webhook");
            }
            webhook_message(state, method, token, key, json)
        }
        _ => not_found(),
    }
}

fn command_list(state: &mut State, guild: Option<u64>) -> &mut Vec<Value> {
    match guild {
        Some(guild) => state.guild_commands.entry(guild).or_default(),
        None => &mut state.global_commands,
    }
}

fn form_error(message: String) -> Reply {
    (400, Some(json!({ "message": format!("Invalid Form Body: {message}"), "code": 50035, "errors": {} })))
}

/// The command as Discord echoes it: the fields given plus `id`, `type`, `application_id`,
/// `version` (and `guild_id`, defaults for the optional fields).
fn echo_command(state: &mut State, app: u64, guild: Option<u64>, given: &Value, id: Option<Value>) -> Value {
    let mut command = given.as_object().cloned().unwrap_or_default();
    let id = id.unwrap_or_else(|| json!(next_snowflake().to_string()));
    command.insert("id".into(), id);
    command.insert("application_id".into(), json!(app.to_string()));
    command.insert("version".into(), json!(next_snowflake().to_string()));
    command.entry("type").or_insert(json!(1));
    command.entry("description").or_insert(json!(""));
    command.entry("default_member_permissions").or_insert(Value::Null);
    command.entry("nsfw").or_insert(json!(false));
    command.entry("options").or_insert(json!([]));
    match guild {
        Some(guild) => command.insert("guild_id".into(), json!(guild.to_string())),
        None => command.remove("guild_id"),
    };
    checked::<serenity::model::application::Command>(state, "echoed command", Value::Object(command))
}

fn same_command(a: &Value, b: &Value) -> bool {
    let kind = |v: &Value| v.get("type").and_then(Value::as_u64).unwrap_or(1);
    a.get("name") == b.get("name") && kind(a) == kind(b)
}

fn commands(state: &mut State, method: &str, app: &str, guild: Option<u64>, json: Option<&Value>) -> Reply {
    let Some(app) = app.parse::<u64>().ok().filter(|app| *app == state.app_id) else {
        return error(404, 10002, "Unknown Application");
    };
    match method {
        "GET" => (200, Some(Value::Array(command_list(state, guild).clone()))),
        "PUT" => {
            let Some(given) = json.and_then(Value::as_array) else {
                return form_error("expected an array of commands".into());
            };
            if given.len() > 100 {
                return form_error(format!("at most 100 commands, got {}", given.len()));
            }
            for command in given {
                if let Err(message) = validate_command_payload(command) {
                    return form_error(message);
                }
            }
            let previous = command_list(state, guild).clone();
            let echoed: Vec<Value> = given
                .iter()
                .map(|command| {
                    let id = previous.iter().find(|old| same_command(old, command)).map(|old| old["id"].clone());
                    echo_command(state, app, guild, command, id)
                })
                .collect();
            *command_list(state, guild) = echoed.clone();
            (200, Some(Value::Array(echoed)))
        }
        "POST" => {
            let Some(given) = json.filter(|v| v.is_object()) else {
                return form_error("expected a command object".into());
            };
            if let Err(message) = validate_command_payload(given) {
                return form_error(message);
            }
            let existing = command_list(state, guild).iter().position(|old| same_command(old, given));
            let id = existing.map(|at| command_list(state, guild)[at]["id"].clone());
            let echoed = echo_command(state, app, guild, given, id);
            let list = command_list(state, guild);
            match existing {
                Some(at) => {
                    list[at] = echoed.clone();
                    (200, Some(echoed))
                }
                None => {
                    list.push(echoed.clone());
                    (201, Some(echoed))
                }
            }
        }
        _ => error(405, 0, "405: Method Not Allowed"),
    }
}

fn command_one(
    state: &mut State,
    method: &str,
    app: &str,
    guild: Option<u64>,
    id: &str,
    json: Option<&Value>,
) -> Reply {
    let Some(app) = app.parse::<u64>().ok().filter(|app| *app == state.app_id) else {
        return error(404, 10002, "Unknown Application");
    };
    let Some(at) = command_list(state, guild).iter().position(|c| c["id"].as_str() == Some(id)) else {
        return error(404, 10063, "Unknown application command");
    };
    match method {
        "GET" => (200, Some(command_list(state, guild)[at].clone())),
        "DELETE" => {
            command_list(state, guild).remove(at);
            (204, None)
        }
        "PATCH" => {
            let mut merged = command_list(state, guild)[at].clone();
            if let (Some(merged), Some(changes)) = (merged.as_object_mut(), json.and_then(Value::as_object)) {
                for (key, value) in changes {
                    merged.insert(key.clone(), value.clone());
                }
            }
            if let Err(message) = validate_command_payload(&merged) {
                return form_error(message);
            }
            let echoed = echo_command(state, app, guild, &merged, Some(json!(id)));
            command_list(state, guild)[at] = echoed.clone();
            (200, Some(echoed))
        }
        _ => error(405, 0, "405: Method Not Allowed"),
    }
}

fn callback(state: &mut State, id: &str, token: &str, json: Option<&Value>) -> Reply {
    let Some(kind) = json.and_then(|j| j.get("type")).and_then(Value::as_u64) else {
        return form_error("interaction response without a type".into());
    };
    let deadline = state.callback_deadline;
    if let Some(sent) = state.interactions.get_mut(token) {
        if sent.id != id {
            return error(404, 10062, "Unknown interaction");
        }
        if sent.acknowledged {
            return error(400, 40060, "Interaction has already been acknowledged.");
        }
        if deadline.is_some_and(|deadline| sent.sent_at.elapsed() > deadline) {
            return error(404, 10062, "Unknown interaction");
        }
        sent.acknowledged = true;
    }
    let data = json.and_then(|j| j.get("data")).cloned().unwrap_or(Value::Null);
    match kind {
        4 | 5 => {
            let id = next_snowflake().to_string();
            let message = make_message(state, token, &id, 20, None, &data);
            state.messages.insert((token.to_owned(), "@original".to_owned()), message);
        }
        7 => {
            let key = (token.to_owned(), "@original".to_owned());
            let previous = state.messages.get(&key).cloned();
            let id = next_snowflake().to_string();
            let message = make_message(state, token, &id, 20, previous.as_ref(), &data);
            state.messages.insert(key, message);
        }
        _ => {}
    }
    (204, None)
}

fn webhook_message(state: &mut State, method: &str, token: &str, key: &str, json: Option<&Value>) -> Reply {
    let slot = (token.to_owned(), key.to_owned());
    match method {
        "GET" => match state.messages.get(&slot) {
            Some(message) => (200, Some(message.clone())),
            None => error(404, 10008, "Unknown Message"),
        },
        "DELETE" => match state.messages.remove(&slot) {
            Some(_) => (204, None),
            None => error(404, 10008, "Unknown Message"),
        },
        "PATCH" => {
            let previous = state.messages.get(&slot).cloned();
            if previous.is_none() && key != "@original" {
                return error(404, 10008, "Unknown Message");
            }
            let id = previous
                .as_ref()
                .and_then(|p| p["id"].as_str().map(str::to_owned))
                .unwrap_or_else(|| next_snowflake().to_string());
            let message = make_message(state, token, &id, 20, previous.as_ref(), json.unwrap_or(&Value::Null));
            state.messages.insert(slot, message.clone());
            (200, Some(message))
        }
        _ => error(405, 0, "405: Method Not Allowed"),
    }
}

/// A message as Discord returns it for a webhook/interaction response: `payload` (content,
/// embeds, components, flags, tts) applied over `previous` (an edit) or over an empty message.
fn make_message(
    state: &mut State,
    token: &str,
    id: &str,
    kind: u8,
    previous: Option<&Value>,
    payload: &Value,
) -> Value {
    let channel_id = state.interactions.get(token).map_or(DEFAULT_CHANNEL_ID, |i| i.channel_id);
    let mut message = previous.cloned().unwrap_or_else(|| {
        json!({
            "id": id,
            "channel_id": channel_id.to_string(),
            "author": bot_user_json(state.bot_id),
            "content": "",
            "timestamp": TIMESTAMP,
            "edited_timestamp": null,
            "tts": false,
            "mention_everyone": false,
            "mentions": [],
            "mention_roles": [],
            "mention_channels": [],
            "attachments": [],
            "embeds": [],
            "components": [],
            "pinned": false,
            "type": kind,
            "flags": 0,
            "webhook_id": state.app_id.to_string(),
            "application_id": state.app_id.to_string(),
        })
    });
    if previous.is_some() {
        message["edited_timestamp"] = json!(EDITED_TIMESTAMP);
    }
    if let Some(payload) = payload.as_object() {
        for key in ["content", "components", "flags", "tts"] {
            if let Some(value) = payload.get(key).filter(|v| !v.is_null()) {
                message[key] = value.clone();
            }
        }
        if let Some(embeds) = payload.get("embeds").and_then(Value::as_array) {
            let embeds: Vec<Value> = embeds
                .iter()
                .map(|embed| {
                    let mut embed: Map<String, Value> = embed.as_object().cloned().unwrap_or_default();
                    embed.entry("type").or_insert(json!("rich"));
                    Value::Object(embed)
                })
                .collect();
            message["embeds"] = Value::Array(embeds);
        }
    }
    checked::<serenity::model::channel::Message>(state, "webhook message", message)
}

// ---------------------------------------------------------------------------------------------
// Gateway server
// ---------------------------------------------------------------------------------------------

async fn gateway_accept_loop(listener: TcpListener, shared: Arc<Shared>, mut shutdown: watch::Receiver<bool>) {
    let mut connections = JoinSet::new();
    loop {
        tokio::select! {
            _ = shutdown.changed() => break,
            accepted = listener.accept() => {
                let Ok((stream, _)) = accepted else { continue };
                connections.spawn(serve_gateway_conn(Arc::clone(&shared), stream, shutdown.clone()));
            }
        }
    }
    // Let connections send their close frames, then abort what is left.
    let _ =
        tokio::time::timeout(Duration::from_secs(1), async { while connections.join_next().await.is_some() {} }).await;
    connections.shutdown().await;
}

fn server_frame(frame: Value) -> WsMessage {
    WsMessage::Text(frame.to_string())
}

async fn serve_gateway_conn(shared: Arc<Shared>, stream: TcpStream, mut shutdown: watch::Receiver<bool>) {
    let mut path = String::new();
    // The signature is tungstenite's `Callback`; its error type is not ours to shrink.
    #[allow(clippy::result_large_err)]
    let callback = |request: &WsRequest, response: WsResponse| -> Result<WsResponse, WsErrorResponse> {
        path = request.uri().to_string();
        Ok(response)
    };
    let Ok(Ok(mut ws)) =
        tokio::time::timeout(DEFAULT_TIMEOUT, tokio_tungstenite::accept_hdr_async(stream, callback)).await
    else {
        return;
    };

    let (tx, mut rx) = mpsc::unbounded_channel();
    let index = {
        let mut state = shared.lock();
        let index = state.connections.len();
        state.connections.push(Conn {
            view: GatewayConnection {
                index,
                path,
                identify: None,
                resume: None,
                shard: None,
                session_id: String::new(),
                last_seq: 0,
                ready: false,
                open: true,
                close_code: None,
                received: Vec::new(),
            },
            tx,
        });
        index
    };
    shared.bump();

    let hello = json!({ "op": 10, "d": { "heartbeat_interval": HEARTBEAT_INTERVAL_MS }, "s": null, "t": null });
    let mut close_code = None;
    if ws.send(server_frame(hello)).await.is_ok() {
        loop {
            tokio::select! {
                incoming = ws.next() => match incoming {
                    Some(Ok(WsMessage::Text(text))) => {
                        let replies = handle_client_frame(&shared, index, &text);
                        shared.bump();
                        let mut failed = false;
                        for reply in replies {
                            failed |= ws.send(reply).await.is_err();
                        }
                        if failed {
                            break;
                        }
                    }
                    Some(Ok(WsMessage::Close(frame))) => {
                        close_code = frame.map(|frame| u16::from(frame.code));
                        // tungstenite queued the close reply; flushing sends it.
                        let _ = ws.flush().await;
                        break;
                    }
                    Some(Ok(_)) => {}
                    Some(Err(_)) | None => break,
                },
                outgoing = rx.recv() => match outgoing {
                    Some(message) => {
                        if ws.send(message).await.is_err() {
                            break;
                        }
                    }
                    None => break,
                },
                _ = shutdown.changed() => {
                    let _ = ws
                        .close(Some(CloseFrame { code: CloseCode::Away, reason: "fake discord shutting down".into() }))
                        .await;
                    break;
                }
            }
        }
    }
    {
        let mut state = shared.lock();
        let view = &mut state.connections[index].view;
        view.open = false;
        view.close_code = close_code;
    }
    shared.bump();
}

/// Records a client frame and returns the fake's immediate replies.
fn handle_client_frame(shared: &Shared, index: usize, text: &str) -> Vec<WsMessage> {
    let mut state = shared.lock();
    let frame: Value = match serde_json::from_str(text) {
        Ok(frame) => frame,
        Err(error) => {
            state.problems.push(format!("gateway connection {index} sent non-JSON ({error}): {text}"));
            return Vec::new();
        }
    };
    state.connections[index].view.received.push(frame.clone());
    let d = frame.get("d").cloned().unwrap_or(Value::Null);
    match frame.get("op").and_then(Value::as_u64) {
        // HEARTBEAT -> HEARTBEAT ACK
        Some(1) => vec![server_frame(json!({ "op": 11, "d": null, "s": null, "t": null }))],
        // IDENTIFY
        Some(2) => {
            let view = &mut state.connections[index].view;
            view.shard = d.get("shard").and_then(|s| serde_json::from_value::<[u64; 2]>(s.clone()).ok());
            view.identify = Some(d);
            Vec::new()
        }
        // RESUME: resume a session READY created, else INVALID SESSION (not resumable).
        Some(6) => {
            let session_id = d.get("session_id").and_then(Value::as_str).unwrap_or_default().to_owned();
            let known = state
                .connections
                .iter()
                .find(|c| c.view.index != index && c.view.ready && c.view.session_id == session_id)
                .map(|c| (c.view.shard, c.view.last_seq));
            let view = &mut state.connections[index].view;
            view.resume = Some(d.clone());
            match known {
                Some((shard, last_seq)) if !session_id.is_empty() => {
                    let seq = d.get("seq").and_then(Value::as_u64).unwrap_or(last_seq).max(last_seq) + 1;
                    view.shard = shard;
                    view.session_id = session_id;
                    view.ready = true;
                    view.last_seq = seq;
                    vec![server_frame(json!({ "op": 0, "s": seq, "t": "RESUMED", "d": {} }))]
                }
                _ => vec![server_frame(json!({ "op": 9, "d": false, "s": null, "t": null }))],
            }
        }
        _ => Vec::new(),
    }
}
