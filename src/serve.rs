//! `careerbot serve`: the long-running bot. Loads content, then serves Discord over the gateway
//! or, with `--http`, as a signed HTTP endpoint; in both modes the ops endpoints and the content
//! watch run beside it, and SIGINT/SIGTERM end it cleanly.

use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use crate::config::Config;
use crate::content;
use crate::discord;
use crate::http::{self, ops::OpsState};
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

/// `careerbot serve`: the gateway, or the HTTP endpoint with `--http`; the ops endpoints and
/// the content watch in both. Returns the process exit code.
pub fn run(config: Config, log_format: LogFormat) -> ExitCode {
    let http_mode = config.http.addr.clone();
    let token = discord::Token::from_env();
    if http_mode.is_none() && token.is_none() {
        eprintln!("careerbot: {TOKEN_HELP}");
        return ExitCode::from(2);
    }
    let public_key = match &http_mode {
        Some(_) => match std::env::var("DISCORD_PUBLIC_KEY") {
            Ok(hex) => match http::PublicKey::from_hex(&hex) {
                Ok(key) => Some(key),
                Err(e) => {
                    eprintln!("careerbot: {e}");
                    return ExitCode::from(2);
                }
            },
            Err(_) => {
                eprintln!("careerbot: --http needs DISCORD_PUBLIC_KEY: the public key on your application's page in the Developer Portal");
                return ExitCode::from(2);
            }
        },
        None => None,
    };
    init_logging(log_format);
    if let Some(token) = &token {
        install_redacting_panic_hook(token.clone());
    }
    let shards = match discord::Shards::parse(&config.discord.shards) {
        Ok(shards) => shards,
        Err(e) => {
            eprintln!("careerbot: {e}");
            return ExitCode::from(2);
        }
    };
    if let Some(bad) = config.discord.guild_ids.iter().find(|&&id| id == 0) {
        eprintln!("careerbot: guild_ids contains {bad}, which is not a server id");
        return ExitCode::from(2);
    }
    let api_base =
        std::env::var("DISCORD_API_BASE").ok().filter(|b| !b.trim().is_empty()).or(config.discord.api_base.clone());
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("careerbot: cannot start the async runtime: {e}");
            return ExitCode::from(2);
        }
    };
    let code = runtime.block_on(async move {
        let metrics = Arc::new(Metrics::new());
        let ops = Arc::new(OpsState::new(Arc::clone(&metrics)));
        // The ops server comes up first: /healthz says 503 until content serves.
        if let Some(addr) = &config.ops.addr {
            let listener = match tokio::net::TcpListener::bind(addr).await {
                Ok(listener) => listener,
                Err(e) => {
                    tracing::error!(addr, error = %e, "cannot listen for ops");
                    return 2;
                }
            };
            tracing::info!(addr = %listener.local_addr().map(|a| a.to_string()).unwrap_or_default(), "ops endpoints: /healthz /metrics");
            let ops = Arc::clone(&ops);
            tokio::spawn(http::server::run(listener, move |request| Arc::clone(&ops).handle(request), std::future::pending()));
        }
        let settings = config.store_settings();
        let store = match tokio::task::spawn_blocking(move || Store::open(settings, false)).await {
            Ok(Ok((store, report))) => {
                log_start(&report, &store);
                Arc::new(store)
            }
            Ok(Err(e)) => {
                tracing::error!(error = %e, "cannot load content");
                return 2;
            }
            Err(e) => {
                tracing::error!(error = %e, "loading content failed");
                return 2;
            }
        };
        ops.serving(Arc::clone(&store));
        if config.content.watch {
            let interval = Duration::from_millis(config.content.watch_interval_ms.max(100));
            tokio::spawn(watch::run(Arc::clone(&store), Arc::clone(&metrics), interval));
        }
        let dispatcher = Arc::new(discord::Dispatcher::new(
            store,
            config.commands(),
            config.discord.moderator_role_ids.clone(),
            discord::cooldown::Cooldown::new(
                config.discord.cooldown_commands,
                Duration::from_secs(config.discord.cooldown_seconds),
            ),
            metrics,
        ));
        match (http_mode, public_key) {
            (Some(addr), Some(key)) => serve_http(dispatcher, &addr, key, token, api_base, &config.discord.guild_ids).await,
            _ => {
                let Some(token) = token else { return 2 };
                let options = discord::Options { token, api_base, guild_ids: config.discord.guild_ids.clone(), shards };
                match discord::serve(dispatcher, options, shutdown_signal()).await {
                    Ok(()) => 0,
                    Err(e) => {
                        tracing::error!(error = %e, "stopped");
                        1
                    }
                }
            }
        }
    });
    // Blocking work (a reload) must not hold the exit.
    runtime.shutdown_timeout(Duration::from_millis(200));
    ExitCode::from(code)
}

/// HTTP mode: registers the commands when a token is there, then answers until a signal.
async fn serve_http(
    dispatcher: Arc<discord::Dispatcher>,
    addr: &str,
    key: http::PublicKey,
    token: Option<discord::Token>,
    api_base: Option<String>,
    guild_ids: &[u64],
) -> u8 {
    let rest =
        match discord::http_client(&token.clone().unwrap_or_else(|| discord::Token::new("")), api_base.as_deref()) {
            Ok(rest) => Arc::new(rest),
            Err(e) => {
                tracing::error!(error = %e, "cannot make the REST client");
                return 2;
            }
        };
    if token.is_some() {
        match rest.get_current_application_info().await {
            Ok(app) => {
                rest.set_application_id(app.id);
                match discord::register::register(&rest, guild_ids).await {
                    Ok(done) => done
                        .into_iter()
                        .for_each(|(guild, what)| tracing::info!(guild, result = ?what, "slash commands")),
                    Err(e) => tracing::error!(error = %e, "registering slash commands failed"),
                }
            }
            Err(e) => {
                tracing::error!(error = %e, "cannot read the application (is DISCORD_TOKEN right?); commands not registered")
            }
        }
    }
    let listener = match tokio::net::TcpListener::bind(addr).await {
        Ok(listener) => listener,
        Err(e) => {
            tracing::error!(addr, error = %e, "cannot listen for interactions");
            return 2;
        }
    };
    tracing::info!(addr = %listener.local_addr().map(|a| a.to_string()).unwrap_or_default(), "interactions endpoint: POST /interactions");
    let endpoint = Arc::new(http::Endpoint::new(dispatcher, key, rest));
    http::server::run(listener, move |request| Arc::clone(&endpoint).handle(request), shutdown_signal()).await;
    tracing::info!("shutting down");
    0
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
