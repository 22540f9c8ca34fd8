//! Discord over the gateway (serenity). Thin: interactions go through [`Dispatcher`] and the
//! builders it returns are sent as they are. The only module besides `http` that imports
//! serenity.
//!
//! - [`dispatch`]: interaction → response (shared with the HTTP endpoint).
//! - [`follow_up`]: the work after an acknowledgement, sent and logged (shared likewise).
//! - [`render`]: reply → embed, buttons, menu, safe mentions.
//! - [`register`]: slash commands from the spec, sent only when Discord's differ.
//! - [`cooldown`]: per-member rate limit.

pub mod cooldown;
pub mod dispatch;
pub mod follow_up;
pub mod register;
pub mod render;

use std::fmt;
use std::future::Future;
use std::ops::Range;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use serenity::all::{Context as SerenityContext, EventHandler, GatewayIntents, Interaction, Ready};
use serenity::async_trait;
use serenity::builder::Builder;
use serenity::client::ClientBuilder;
use serenity::http::{Http, HttpBuilder};
use tokio_util::task::TaskTracker;

pub use dispatch::{Dispatched, Dispatcher, FollowUp};
pub use follow_up::{Deliver, Logged};

/// The bot token. Its `Debug` and `Display` never show it.
#[derive(Clone)]
pub struct Token(String);

impl Token {
    /// Reads `DISCORD_TOKEN`; `None` when unset or blank.
    pub fn from_env() -> Option<Token> {
        std::env::var("DISCORD_TOKEN").ok().map(|t| t.trim().to_string()).filter(|t| !t.is_empty()).map(Token)
    }

    /// A token from a string (tests).
    pub fn new(token: impl Into<String>) -> Token {
        Token(token.into())
    }

    /// The secret itself: only for handing to serenity, and to redact it from text.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Token(<redacted>)")
    }
}

/// Which shards this process runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Shards {
    /// As many as Discord recommends, all here.
    Auto,
    /// `first..last+1` of `total`.
    Range {
        /// Shard ids run here.
        ids: Range<u32>,
        /// Shards of the whole bot.
        total: u32,
    },
}

impl Shards {
    /// Parses `auto`, `0-3/8` or `2/8`.
    pub fn parse(text: &str) -> Result<Shards, String> {
        let text = text.trim();
        if text.is_empty() || text.eq_ignore_ascii_case("auto") {
            return Ok(Shards::Auto);
        }
        let bad = || format!("shards = \"{text}\" is not \"auto\" or FIRST-LAST/TOTAL such as \"0-3/8\"");
        let (range, total) = text.split_once('/').ok_or_else(bad)?;
        let total: u32 = total.trim().parse().map_err(|_| bad())?;
        let (first, last) = match range.split_once('-') {
            Some((a, b)) => (a.trim().parse::<u32>().map_err(|_| bad())?, b.trim().parse::<u32>().map_err(|_| bad())?),
            None => {
                let one = range.trim().parse::<u32>().map_err(|_| bad())?;
                (one, one)
            }
        };
        if total == 0 || first > last || last >= total {
            return Err(bad());
        }
        Ok(Shards::Range { ids: first..last + 1, total })
    }
}

/// Everything `serve` needs besides the store.
#[derive(Debug, Clone)]
pub struct Options {
    /// Bot token.
    pub token: Token,
    /// REST base URL instead of Discord's (proxy or test double).
    pub api_base: Option<String>,
    /// Register in these guilds; empty: globally.
    pub guild_ids: Vec<u64>,
    /// Shards to run.
    pub shards: Shards,
    /// After the shutdown signal, how long follow-ups (deferred edits) may still take.
    pub grace: Duration,
}

/// The serenity HTTP client: plain, or sending everything to `api_base` with serenity's rate
/// limiter off and proxy environment variables ignored.
pub fn http_client(token: &Token, api_base: Option<&str>) -> Result<Http, String> {
    let builder = HttpBuilder::new(token.expose());
    let builder = match api_base {
        Some(base) => {
            let client = reqwest::Client::builder().no_proxy().build().map_err(|e| format!("HTTP client: {e}"))?;
            builder.proxy(base.trim_end_matches('/')).ratelimiter_disabled(true).client(client)
        }
        None => builder,
    };
    Ok(builder.build())
}

struct Handler {
    dispatcher: Arc<Dispatcher>,
    guild_ids: Vec<u64>,
    registered: AtomicBool,
    /// Follow-ups in progress, awaited at shutdown.
    follow_ups: TaskTracker,
}

#[async_trait]
impl EventHandler for Handler {
    async fn ready(&self, ctx: SerenityContext, ready: Ready) {
        tracing::info!(user = %ready.user.name, shard = ?ready.shard.map(|s| s.id.0), guilds = ready.guilds.len(), "connected to Discord");
        // Once per process: every shard's READY would otherwise register again.
        if self.registered.swap(true, Ordering::SeqCst) {
            return;
        }
        match register::register(&ctx.http, &self.guild_ids).await {
            Ok(done) => {
                for (guild, what) in done {
                    self.dispatcher.metrics().registration(what.as_str());
                    tracing::info!(guild = ?guild, result = what.as_str(), "slash commands");
                }
            }
            Err(e) => {
                self.registered.store(false, Ordering::SeqCst);
                self.dispatcher.metrics().registration("failed");
                tracing::error!(error = %e, "registering slash commands failed; will retry on the next READY");
            }
        }
    }

    async fn interaction_create(&self, ctx: SerenityContext, interaction: Interaction) {
        let started = Instant::now();
        let (id, token, guild) = match &interaction {
            Interaction::Command(c) | Interaction::Autocomplete(c) => (c.id, c.token.clone(), c.guild_id),
            Interaction::Component(c) => (c.id, c.token.clone(), c.guild_id),
            Interaction::Modal(m) => (m.id, m.token.clone(), m.guild_id),
            _ => return,
        };
        let guild = guild.map(|g| g.get());
        let dispatched = self.dispatcher.dispatch(&interaction).await;
        if let Err(e) = dispatched.response.execute(&ctx.http, (id, &token)).await {
            tracing::warn!(error = %e, "could not answer an interaction");
            self.dispatcher.record(&dispatched.command, guild, "send-failed", started.elapsed());
            return;
        }
        match dispatched.follow_up {
            Some(follow_up) => {
                let deliver = Rest { http: Arc::clone(&ctx.http), token };
                let logged = Logged { command: dispatched.command, guild, started };
                let finish = Arc::clone(&self.dispatcher).finish(follow_up, &deliver, None, logged);
                self.follow_ups.track_future(finish).await;
            }
            None => self.dispatcher.record(&dispatched.command, guild, dispatched.outcome, started.elapsed()),
        }
    }
}

/// Deferred answers over serenity's REST client (the picture is already attached to the edit).
struct Rest {
    http: Arc<Http>,
    token: String,
}

impl Deliver for Rest {
    async fn edit_original(
        &self,
        edit: &serenity::builder::EditInteractionResponse,
        _picture: Option<&crate::picture::Picture>,
    ) -> Result<(), String> {
        edit.clone().execute(&*self.http, &self.token).await.map(drop).map_err(|e| e.to_string())
    }

    async fn send_message(&self, message: &serenity::builder::CreateInteractionResponseFollowup) -> Result<(), String> {
        message.clone().execute(&*self.http, (None, &self.token)).await.map(drop).map_err(|e| e.to_string())
    }
}

/// Why serving stopped with an error.
#[derive(Debug)]
pub struct ServeError(pub String);

impl fmt::Display for ServeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ServeError {}

/// Connects to the gateway and answers until `shutdown` completes; then closes every shard
/// (within about two seconds) and returns.
pub async fn serve(
    dispatcher: Arc<Dispatcher>,
    options: Options,
    shutdown: impl Future<Output = ()> + Send,
) -> Result<(), ServeError> {
    let http = http_client(&options.token, options.api_base.as_deref()).map_err(ServeError)?;
    let follow_ups = TaskTracker::new();
    let handler = Handler {
        dispatcher,
        guild_ids: options.guild_ids.clone(),
        registered: AtomicBool::new(false),
        follow_ups: follow_ups.clone(),
    };
    // Interactions arrive whatever the intents; no privileged intent is needed.
    let mut client = ClientBuilder::new_with_http(http, GatewayIntents::empty())
        .event_handler(handler)
        .await
        .map_err(|e| ServeError(redact(&format!("cannot start the Discord client: {e}"), &options.token)))?;
    let manager = Arc::clone(&client.shard_manager);
    let shards = options.shards.clone();
    let run = async move {
        match shards {
            Shards::Auto => client.start_autosharded().await,
            Shards::Range { ids, total } => client.start_shard_range(ids, total).await,
        }
    };
    tokio::pin!(run);
    tokio::select! {
        result = &mut run => result.map_err(|e| ServeError(redact(&format!("Discord connection ended: {e}"), &options.token))),
        () = shutdown => {
            tracing::info!("shutting down");
            // Shards close politely, but a peer that never answers the close must not hold
            // the process: the whole shutdown is bounded to under two seconds.
            let _ = tokio::time::timeout(Duration::from_millis(1500), manager.shutdown_all()).await;
            let _ = tokio::time::timeout(Duration::from_millis(300), run).await;
            // No new interactions arrive now; a `/reload` in progress still edits its answer.
            follow_ups.close();
            if tokio::time::timeout(options.grace, follow_ups.wait()).await.is_err() {
                tracing::warn!("follow-ups still running at shutdown were cut");
            }
            Ok(())
        }
    }
}

/// Removes the token from text that may be logged or shown.
pub fn redact(text: &str, token: &Token) -> String {
    if token.expose().len() < 8 {
        return text.to_string();
    }
    text.replace(token.expose(), "<redacted>")
}
