//! `careerbot serve`: the long-running bot. Loads content, then serves Discord over the gateway
//! or, with `--http`, as a signed HTTP endpoint; in both modes the ops endpoints and the content
//! watch run beside it, and SIGINT/SIGTERM end it cleanly.

use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use crate::config::Config;
use crate::content;
use crate::discord;
use crate::http::{self, ops::OpsState, server};
use crate::metrics::Metrics;
use crate::snapshot::{StartReport, Store};
use crate::watch;

/// How `serve` writes its log.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LogFormat {
    /// One readable line per event.
    Text,
    /// One JSON object per line, for log collectors.
    Json,
}

/// How to set the token, for the error when it is missing.
const TOKEN_HELP: &str =
    "DISCORD_TOKEN is not set. Create an application at https://discord.com/developers/applications, \
add a bot, copy its token, then run: DISCORD_TOKEN=<token> careerbot serve";

/// After SIGTERM, how long requests in flight and follow-ups (deferred edits) may take.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);

/// How the bot meets Discord.
enum Transport {
    /// The gateway (websocket shards), with the bot token.
    Gateway { token: discord::Token, shards: discord::Shards },
    /// Signed HTTP POSTs on `addr`; the token, when set, registers the commands.
    Http { addr: String, key: http::PublicKey, token: Option<discord::Token> },
}

/// Everything `serve` needs, checked before anything starts.
struct Launch {
    config: Config,
    transport: Transport,
    api_base: Option<String>,
}

/// `careerbot serve`: the gateway, or the HTTP endpoint with `--http`; the ops endpoints and
/// the content watch in both. Returns the process exit code.
pub fn run(config: Config, log_format: LogFormat) -> ExitCode {
    let launch = match Launch::check(config) {
        Ok(launch) => launch,
        Err(message) => {
            eprintln!("careerbot: {message}");
            return ExitCode::from(2);
        }
    };
    init_logging(log_format);
    if let Some(token) = launch.token() {
        install_redacting_panic_hook(token.clone());
    }
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("careerbot: cannot start the async runtime: {e}");
            return ExitCode::from(2);
        }
    };
    let code = runtime.block_on(async move { launch.serve().await.unwrap_or_else(|code| code) });
    // Follow-ups were given their grace already; a blocking task still running must not hold
    // the exit.
    runtime.shutdown_timeout(Duration::from_millis(200));
    ExitCode::from(code)
}

impl Launch {
    /// Reads the secrets from the environment and checks every setting; the error says what
    /// to fix.
    fn check(config: Config) -> Result<Launch, String> {
        let token = discord::Token::from_env();
        let transport = match config.http.addr.clone() {
            Some(addr) => {
                let hex = std::env::var("DISCORD_PUBLIC_KEY").map_err(|_| {
                    "--http needs DISCORD_PUBLIC_KEY: the public key on your application's page in the Developer Portal"
                        .to_string()
                })?;
                Transport::Http { addr, key: http::PublicKey::from_hex(&hex)?, token }
            }
            None => Transport::Gateway {
                token: token.ok_or_else(|| TOKEN_HELP.to_string())?,
                shards: discord::Shards::parse(&config.discord.shards)?,
            },
        };
        if let Some(bad) = config.discord.guild_ids.iter().find(|&&id| id == 0) {
            return Err(format!("guild_ids contains {bad}, which is not a server id"));
        }
        let api_base = std::env::var("DISCORD_API_BASE")
            .ok()
            .filter(|b| !b.trim().is_empty())
            .or_else(|| config.discord.api_base.clone());
        Ok(Launch { config, transport, api_base })
    }

    fn token(&self) -> Option<&discord::Token> {
        match &self.transport {
            Transport::Gateway { token, .. } => Some(token),
            Transport::Http { token, .. } => token.as_ref(),
        }
    }

    /// Ops first (so `/healthz` says "starting"), then content, the watch and the transport
    /// until a signal. `Err` carries the exit code of a failed start.
    async fn serve(self) -> Result<u8, u8> {
        let metrics = Arc::new(Metrics::new());
        let ops = start_ops(&self.config, &metrics).await?;
        let store = load_content(&self.config, &metrics).await?;
        ops.serving(Arc::clone(&store));
        if self.config.content.watch {
            let interval = Duration::from_millis(self.config.content.watch_interval_ms.max(100));
            tokio::spawn(watch::run(Arc::clone(&store), interval));
        }
        let dispatcher = Arc::new(discord::Dispatcher::new(
            store,
            self.config.commands(),
            self.config.discord.moderator_role_ids.clone(),
            discord::cooldown::Cooldown::new(
                self.config.discord.cooldown_commands,
                Duration::from_secs(self.config.discord.cooldown_seconds),
            ),
            metrics,
        ));
        tokio::spawn(Arc::clone(&dispatcher).sweep_cooldowns());
        match self.transport {
            Transport::Http { addr, key, token } => {
                if let Some(token) = token {
                    let guilds = &self.config.discord.guild_ids;
                    register_over_rest(&token, self.api_base.as_deref(), guilds, dispatcher.metrics()).await;
                }
                let limits =
                    server::Limits { max_connections: self.config.http.max_connections, grace: SHUTDOWN_GRACE };
                serve_http(dispatcher, &addr, key, self.api_base.as_deref(), limits).await
            }
            Transport::Gateway { token, shards } => {
                let options = discord::Options {
                    token,
                    api_base: self.api_base,
                    guild_ids: self.config.discord.guild_ids.clone(),
                    shards,
                    grace: SHUTDOWN_GRACE,
                };
                match discord::serve(dispatcher, options, shutdown_signal()).await {
                    Ok(()) => Ok(0),
                    Err(e) => {
                        tracing::error!(error = %e, "stopped");
                        Ok(1)
                    }
                }
            }
        }
    }
}

/// The ops server, when an address is set; `/healthz` says 503 until content serves.
async fn start_ops(config: &Config, metrics: &Arc<Metrics>) -> Result<Arc<OpsState>, u8> {
    let ops = Arc::new(OpsState::new(Arc::clone(metrics)));
    if let Some(addr) = &config.ops.addr {
        let listener = tokio::net::TcpListener::bind(addr).await.map_err(|e| {
            tracing::error!(addr, error = %e, "cannot listen for ops");
            2
        })?;
        tracing::info!(addr = %local_addr(&listener), "ops endpoints: /healthz /metrics");
        let state = Arc::clone(&ops);
        let limits = server::Limits { max_connections: 64, grace: Duration::ZERO };
        tokio::spawn(server::run(
            listener,
            move |request| Arc::clone(&state).handle(request),
            std::future::pending(),
            limits,
        ));
    }
    Ok(ops)
}

/// Loads content and opens or builds the index, off the async threads.
async fn load_content(config: &Config, metrics: &Arc<Metrics>) -> Result<Arc<Store>, u8> {
    let settings = config.store_settings();
    let database = config.database_url();
    // Everything made before the first member asks (see `Snapshot::prepare`).
    let open = move || Store::open_to_serve(settings);
    // Plans: a database that cannot be opened or migrated stops the start, rather than a bot
    // that would answer every /plan with an error.
    let plans = match tokio::task::spawn_blocking(move || crate::plans::PlanStore::open(&database)).await {
        Ok(Ok(plans)) => {
            tracing::info!(database = plans.kind(), "plans database ready");
            Arc::new(plans)
        }
        Ok(Err(e)) => {
            tracing::error!(error = %e, "cannot open the plans database");
            return Err(2);
        }
        Err(e) => {
            tracing::error!(error = %e, "opening the plans database failed");
            return Err(2);
        }
    };
    match tokio::task::spawn_blocking(open).await {
        Ok(Ok((store, report))) => {
            let store = store.with_metrics(Arc::clone(metrics)).with_plans(plans);
            log_start(&report, &store);
            Ok(Arc::new(store))
        }
        Ok(Err(e)) => {
            tracing::error!(error = %e, "cannot load content");
            Err(2)
        }
        Err(e) => {
            tracing::error!(error = %e, "loading content failed");
            Err(2)
        }
    }
}

/// HTTP mode with a token: registers the slash commands (a failure is logged, not fatal).
async fn register_over_rest(token: &discord::Token, api_base: Option<&str>, guild_ids: &[u64], metrics: &Metrics) {
    let rest = match discord::http_client(token, api_base) {
        Ok(rest) => rest,
        Err(e) => {
            tracing::error!(error = %e, "cannot make the REST client; commands not registered");
            return;
        }
    };
    match rest.get_current_application_info().await {
        Ok(app) => {
            rest.set_application_id(app.id);
            match discord::register::register(&rest, guild_ids).await {
                Ok(done) => {
                    for (guild, what) in done {
                        metrics.registration(what.as_str());
                        tracing::info!(guild, result = what.as_str(), "slash commands");
                    }
                }
                Err(e) => {
                    metrics.registration("failed");
                    tracing::error!(error = %e, "registering slash commands failed");
                }
            }
        }
        Err(e) => {
            tracing::error!(error = %e, "cannot read the application (is DISCORD_TOKEN right?); commands not registered")
        }
    }
}

/// HTTP mode: answers until a signal, then lets requests in flight and follow-ups finish.
async fn serve_http(
    dispatcher: Arc<discord::Dispatcher>,
    addr: &str,
    key: http::PublicKey,
    api_base: Option<&str>,
    limits: server::Limits,
) -> Result<u8, u8> {
    let webhooks = http::webhook::Webhooks::new(api_base).map_err(|e| {
        tracing::error!(error = %e, "cannot make the HTTP client");
        2
    })?;
    let listener = tokio::net::TcpListener::bind(addr).await.map_err(|e| {
        tracing::error!(addr, error = %e, "cannot listen for interactions");
        2
    })?;
    tracing::info!(addr = %local_addr(&listener), "interactions endpoint: POST /interactions");
    let endpoint = Arc::new(http::Endpoint::new(dispatcher, key, webhooks));
    let serving = Arc::clone(&endpoint);
    server::run(listener, move |request| Arc::clone(&serving).handle(request), shutdown_signal(), limits).await;
    tracing::info!("shutting down");
    if !endpoint.finish_follow_ups(limits.grace).await {
        tracing::warn!("follow-ups still running at shutdown were cut");
    }
    Ok(0)
}

fn local_addr(listener: &tokio::net::TcpListener) -> String {
    listener.local_addr().map(|a| a.to_string()).unwrap_or_default()
}

/// Completes on SIGINT or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
}

/// Logs to stderr: text or JSON; `RUST_LOG` chooses what (default: careerbot at info, the
/// libraries at warn).
pub fn init_logging(format: LogFormat) {
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("warn,careerbot=info"));
    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr);
    let _ = match format {
        LogFormat::Text => builder.try_init(),
        LogFormat::Json => builder.json().flatten_event(true).try_init(),
    };
}

/// Panics print their message without the token, wherever it came from.
pub fn install_redacting_panic_hook(token: discord::Token) {
    std::panic::set_hook(Box::new(move |info| {
        let message = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "panic".to_string());
        let location = info.location().map(|l| format!(" at {}:{}", l.file(), l.line())).unwrap_or_default();
        eprintln!("careerbot panicked{location}: {}", discord::redact(&message, &token));
    }));
}

fn log_start(report: &StartReport, store: &Store) {
    for warning in &report.warnings {
        tracing::warn!("{warning}");
    }
    for problem in &report.problems {
        match problem.severity {
            content::Severity::Error => {
                tracing::error!(file = %problem.file, line = problem.line, "{}; document left out", problem.message)
            }
            content::Severity::Warning => {
                tracing::warn!(file = %problem.file, line = problem.line, "{}", problem.message)
            }
        }
    }
    tracing::info!(
        documents = report.documents,
        index = ?report.action,
        version = %store.snapshot().version(),
        ms = report.took.as_millis() as u64,
        "content loaded"
    );
}
