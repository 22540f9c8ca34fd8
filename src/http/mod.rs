//! Discord interactions over HTTP: signed POSTs to `/interactions`, answered in the HTTP
//! response by the same [`Dispatcher`] as the gateway. No websocket and no shards, so any
//! number of identical replicas can sit behind a load balancer. Also the operations server
//! ([`ops`]) and the small hyper accept loop both use ([`server`]).
//!
//! Order of checks, before anything runs: size (413), the whole body within ten seconds (408),
//! signature headers present, timestamp within five minutes, Ed25519 signature over timestamp +
//! raw body with the application's public key, and an interaction id not seen before within the
//! signature window (all 401): by this process, and, when the members' database is PostgreSQL,
//! by any replica sharing it ([`crate::seen`]). Discord sends bad signatures on purpose and
//! expects the 401.
//!
//! A deferred command's follow-up (the edit of "thinking…") goes to Discord's webhook route
//! through [`webhook`], which needs no bot token and sends none. Follow-ups are tracked, so a
//! stopping server lets them finish ([`Endpoint::finish_follow_ups`]).

pub mod ops;
mod replay;
pub mod server;
pub mod webhook;

use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use bytes_body::{full, Body};
use http_body_util::BodyExt;
use hyper::body::Incoming;
use hyper::header::{HeaderValue, CONTENT_LENGTH, CONTENT_TYPE};
use hyper::{Method, Request, Response, StatusCode};
use serenity::interactions_endpoint::Verifier;
use serenity::model::application::Interaction;
use tokio_util::task::TaskTracker;

use crate::discord::{Deliver, Dispatcher, Logged};
use crate::picture::Picture;
use replay::ReplayGuard;
use serenity::builder::{CreateInteractionResponseFollowup, EditInteractionResponse};
use webhook::Webhooks;

/// Largest body accepted; Discord's interactions are a few KiB.
pub const MAX_BODY: usize = 64 * 1024;
/// A body announced but not received whole within this long is answered 408 and the connection
/// closed: a slow client cannot hold a connection open.
pub const BODY_DEADLINE: Duration = Duration::from_secs(10);
/// Oldest (and furthest in the future) timestamp accepted: replayed requests are refused.
pub const MAX_SKEW: Duration = Duration::from_secs(5 * 60);
/// How long the shared replay check (PostgreSQL) may take before the interaction is answered
/// without it: well inside Discord's 3 s.
pub const SHARED_REPLAY_BUDGET: Duration = Duration::from_millis(500);
/// Deferred commands worked on at once by one replica (see `Endpoint::working`). Chosen with
/// `tests/plans_load.rs` on PostgreSQL (2 cores), where 4 gave the lowest acknowledgement p99
/// of 4, 16 and no bound, runs alternated on one machine.
const FOLLOW_UPS_AT_ONCE: usize = 4;

/// The application's public key, parsed.
#[derive(Clone)]
pub struct PublicKey(Verifier);

impl std::fmt::Debug for PublicKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PublicKey(..)")
    }
}

impl PublicKey {
    /// From the 64 hex digits the Developer Portal shows.
    pub fn from_hex(hex: &str) -> Result<PublicKey, String> {
        let hex = hex.trim();
        let mut bytes = [0u8; 32];
        if hex.len() != 64 {
            return Err("DISCORD_PUBLIC_KEY must be 64 hex digits (the application's public key)".into());
        }
        for (i, byte) in bytes.iter_mut().enumerate() {
            *byte = u8::from_str_radix(hex.get(i * 2..i * 2 + 2).unwrap_or("zz"), 16)
                .map_err(|_| "DISCORD_PUBLIC_KEY must be 64 hex digits (the application's public key)".to_string())?;
        }
        Verifier::try_new(bytes)
            .map(PublicKey)
            .map_err(|_| "DISCORD_PUBLIC_KEY is not a valid Ed25519 public key".into())
    }
}

/// The interactions endpoint.
pub struct Endpoint {
    dispatcher: Arc<Dispatcher>,
    key: PublicKey,
    /// Edits deferred answers (webhook routes need no bot token).
    webhooks: Webhooks,
    /// Interaction ids answered within the signature window.
    seen: ReplayGuard,
    /// Follow-ups still running.
    follow_ups: TaskTracker,
    /// Follow-ups working at once. Discord needs the first answer within 3 s and gives the
    /// edit 15 minutes: under load, deferred work waits its turn here instead of taking the
    /// CPU from the answers that keep interactions alive.
    working: Arc<tokio::sync::Semaphore>,
    /// How long a body may take to arrive.
    body_deadline: Duration,
}

impl Endpoint {
    /// An endpoint answering with `dispatcher`, checking signatures with `key`, editing deferred
    /// answers through `webhooks`.
    pub fn new(dispatcher: Arc<Dispatcher>, key: PublicKey, webhooks: Webhooks) -> Endpoint {
        Endpoint {
            dispatcher,
            key,
            webhooks,
            seen: ReplayGuard::new(MAX_SKEW),
            follow_ups: TaskTracker::new(),
            working: Arc::new(tokio::sync::Semaphore::new(FOLLOW_UPS_AT_ONCE)),
            body_deadline: BODY_DEADLINE,
        }
    }

    /// Another body deadline than [`BODY_DEADLINE`] (tests).
    pub fn with_body_deadline(mut self, deadline: Duration) -> Endpoint {
        self.body_deadline = deadline;
        self
    }

    /// Waits (at most `grace`) for the follow-ups still running, after the server stopped
    /// accepting: a `/reload` in progress still edits its "thinking…". True when all finished.
    pub async fn finish_follow_ups(&self, grace: Duration) -> bool {
        self.follow_ups.close();
        tokio::time::timeout(grace, self.follow_ups.wait()).await.is_ok()
    }

    /// Handles one HTTP request.
    pub async fn handle(self: Arc<Self>, request: Request<Incoming>) -> Response<Body> {
        if request.uri().path() != "/interactions" {
            return plain(StatusCode::NOT_FOUND, "not found");
        }
        if request.method() != Method::POST {
            let mut response = plain(StatusCode::METHOD_NOT_ALLOWED, "POST only");
            response.headers_mut().insert("allow", HeaderValue::from_static("POST"));
            return response;
        }
        let declared =
            request.headers().get(CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.parse::<usize>().ok());
        if declared.is_some_and(|n| n > MAX_BODY) {
            return closing(plain(StatusCode::PAYLOAD_TOO_LARGE, "body over 64 KiB"));
        }
        let header = |name: &str| request.headers().get(name).and_then(|v| v.to_str().ok()).map(str::to_string);
        let (signature, timestamp) = (header("x-signature-ed25519"), header("x-signature-timestamp"));
        let collecting = http_body_util::Limited::new(request.into_body(), MAX_BODY).collect();
        let body = match tokio::time::timeout(self.body_deadline, collecting).await {
            Ok(Ok(collected)) => collected.to_bytes(),
            Ok(Err(e)) if e.downcast_ref::<http_body_util::LengthLimitError>().is_some() => {
                return closing(plain(StatusCode::PAYLOAD_TOO_LARGE, "body over 64 KiB"));
            }
            Ok(Err(_)) => return closing(plain(StatusCode::BAD_REQUEST, "could not read the body")),
            Err(_) => return closing(plain(StatusCode::REQUEST_TIMEOUT, "the body did not arrive in time")),
        };
        let (Some(signature), Some(timestamp)) = (signature, timestamp) else {
            return plain(StatusCode::UNAUTHORIZED, "missing signature headers");
        };
        if !fresh(&timestamp, SystemTime::now()) {
            return plain(StatusCode::UNAUTHORIZED, "stale or invalid timestamp");
        }
        if self.key.0.verify(&signature, &timestamp, &body).is_err() {
            return plain(StatusCode::UNAUTHORIZED, "invalid request signature");
        }
        self.answer(&body, &timestamp).await
    }

    /// A verified body: parse, refuse a replay, dispatch, answer; run the follow-up afterwards.
    async fn answer(self: Arc<Self>, body: &[u8], timestamp: &str) -> Response<Body> {
        let started = Instant::now();
        let interaction: Interaction = match serde_json::from_slice(body) {
            Ok(interaction) => interaction,
            Err(e) => {
                tracing::info!(error = %e, "unreadable interaction");
                self.dispatcher.record("unreadable", None, "refused", started.elapsed());
                return unreadable(body);
            }
        };
        // The timestamp was checked by `fresh`; a copy of a signed request stays valid for as
        // long as its timestamp does, so its id is remembered exactly that long.
        let signed_at = timestamp.trim().parse::<u64>().unwrap_or_default();
        let id = interaction_id(&interaction);
        if !self.seen.first_time(id, signed_at, SystemTime::now()) {
            tracing::warn!("replayed interaction refused");
            return plain(StatusCode::UNAUTHORIZED, "this interaction was already answered");
        }
        if !self.first_across_replicas(id, signed_at) {
            tracing::warn!("interaction answered by another replica refused");
            return plain(StatusCode::UNAUTHORIZED, "this interaction was already answered");
        }
        let dispatched = self.dispatcher.dispatch(&interaction).await;
        let json = match &dispatched.response {
            // Exactly what Discord's documentation asks for (serenity adds `"data": null`).
            serenity::builder::CreateInteractionResponse::Pong => br#"{"type":1}"#.to_vec(),
            response => match serde_json::to_vec(response) {
                Ok(json) => json,
                Err(_) => return plain(StatusCode::INTERNAL_SERVER_ERROR, "could not encode the answer"),
            },
        };
        let guild = guild_of(&interaction);
        let webhook = match &interaction {
            Interaction::Command(c) => Some((c.application_id.get(), c.token.clone())),
            Interaction::Component(c) => Some((c.application_id.get(), c.token.clone())),
            _ => None,
        };
        match (dispatched.follow_up, webhook) {
            // Discord gets the acknowledgement in this response; the answer follows through
            // the webhook routes. The interaction is counted, with its final outcome, then.
            (Some(follow_up), Some((application, token))) => {
                let deliver = Webhook { webhooks: self.webhooks.clone(), application, token };
                let logged = Logged { command: dispatched.command, guild, started };
                let (dispatcher, slots) = (Arc::clone(&self.dispatcher), Arc::clone(&self.working));
                self.follow_ups.spawn(async move {
                    dispatcher.finish(follow_up, &deliver, Some(slots), logged).await;
                });
            }
            _ => self.dispatcher.record(&dispatched.command, guild, dispatched.outcome, started.elapsed()),
        }
        let mut response = Response::new(full(json));
        response.headers_mut().insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
        response
    }

    /// Whether no replica sharing this one's PostgreSQL database has answered `id` yet (the
    /// database remembers it for the signature window). Without PostgreSQL (a SQLite file
    /// serves one process), or when the database does not answer within
    /// [`SHARED_REPLAY_BUDGET`], only this replica's memory decides: the interaction is
    /// answered rather than lost, and the failure logged.
    fn first_across_replicas(&self, id: Option<u64>, signed_at: u64) -> bool {
        let (Some(id), Some(plans)) = (id, self.dispatcher.store().plans()) else { return true };
        if plans.kind() != "postgres" {
            return true;
        }
        let expires_at = signed_at.saturating_add(MAX_SKEW.as_secs()).min(i64::MAX as u64) as i64;
        let now = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64);
        match plans.first_sighting(id, expires_at, now, SHARED_REPLAY_BUDGET) {
            Ok(first) => first,
            Err(e) => {
                tracing::warn!(error = %e, "no shared replay check for this interaction; answering it");
                true
            }
        }
    }
}

/// Deferred answers through Discord's webhook routes.
struct Webhook {
    webhooks: Webhooks,
    application: u64,
    token: String,
}

impl Deliver for Webhook {
    async fn edit_original(&self, edit: &EditInteractionResponse, picture: Option<&Picture>) -> Result<(), String> {
        self.webhooks.edit_original(self.application, &self.token, edit, picture).await
    }

    async fn send_message(&self, message: &CreateInteractionResponseFollowup) -> Result<(), String> {
        self.webhooks.send_followup(self.application, &self.token, message).await
    }
}

fn interaction_id(interaction: &Interaction) -> Option<u64> {
    match interaction {
        Interaction::Ping(p) => Some(p.id.get()),
        Interaction::Command(c) | Interaction::Autocomplete(c) => Some(c.id.get()),
        Interaction::Component(c) => Some(c.id.get()),
        Interaction::Modal(m) => Some(m.id.get()),
        _ => None,
    }
}

fn guild_of(interaction: &Interaction) -> Option<u64> {
    match interaction {
        Interaction::Command(c) | Interaction::Autocomplete(c) => c.guild_id.map(|g| g.get()),
        Interaction::Component(c) => c.guild_id.map(|g| g.get()),
        _ => None,
    }
}

/// A signed body that is not an interaction serenity can read (a member missing, a field of
/// the wrong type): a private apology where the type allows one, so the member is not left
/// with "the application did not respond".
fn unreadable(body: &[u8]) -> Response<Body> {
    let kind =
        serde_json::from_slice::<serde_json::Value>(body).ok().and_then(|v| v.get("type").and_then(|t| t.as_u64()));
    let answer = match kind {
        Some(1) => serde_json::json!({ "type": 1 }),
        Some(2 | 3 | 5) => serde_json::json!({
            "type": 4,
            "data": {
                "content": "Sorry, this request could not be read. Try the command again.",
                "flags": 64,
                "allowed_mentions": { "parse": [] }
            }
        }),
        Some(4) => serde_json::json!({ "type": 8, "data": { "choices": [] } }),
        _ => return plain(StatusCode::BAD_REQUEST, "not an interaction"),
    };
    let mut response = Response::new(full(answer.to_string()));
    response.headers_mut().insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    response
}

/// True when the timestamp (seconds since the epoch) is within [`MAX_SKEW`] of `now`.
pub fn fresh(timestamp: &str, now: SystemTime) -> bool {
    let Ok(seconds) = timestamp.trim().parse::<u64>() else { return false };
    let Ok(now) = now.duration_since(UNIX_EPOCH) else { return false };
    now.as_secs().abs_diff(seconds) <= MAX_SKEW.as_secs()
}

fn plain(status: StatusCode, text: &'static str) -> Response<Body> {
    let mut response = Response::new(full(text));
    *response.status_mut() = status;
    response.headers_mut().insert(CONTENT_TYPE, HeaderValue::from_static("text/plain; charset=utf-8"));
    response
}

/// `response` with `Connection: close`: the request's body was left unread, so the connection
/// cannot carry another request, and a client must not put it back in its pool (it would send
/// the next request on a connection the server is closing).
fn closing(mut response: Response<Body>) -> Response<Body> {
    response.headers_mut().insert(hyper::header::CONNECTION, HeaderValue::from_static("close"));
    response
}

/// Response bodies: whole byte buffers.
pub mod bytes_body {
    use http_body_util::Full;
    use hyper::body::Bytes;

    /// The body type of every response.
    pub type Body = Full<Bytes>;

    /// A body from anything that becomes bytes.
    pub fn full(data: impl Into<Bytes>) -> Body {
        Full::new(data.into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_older_or_newer_than_five_minutes_are_stale() {
        let now = UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        assert!(fresh("1700000000", now));
        assert!(fresh("1699999700", now));
        assert!(!fresh("1699999699", now));
        assert!(!fresh("1700000301", now));
        assert!(!fresh("soon", now));
        assert!(!fresh("", now));
    }

    #[test]
    fn public_keys_are_checked() {
        assert!(PublicKey::from_hex("zz").is_err());
        assert!(PublicKey::from_hex(&"g".repeat(64)).is_err());
    }
}
