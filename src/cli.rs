//! Command-line front end: argument parsing (clap) turned into settings, then one function per
//! subcommand. Exit codes: 0 success, 1 the command ran and found a problem, 2 usage or setup.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use serde::Serialize;

use crate::config::Config;
use crate::content::{self, Document, Library, LoadOptions, Problem};
use crate::search::disk::IndexAction;
use std::sync::Arc;
use std::time::Duration;

use crate::discord;
use crate::http::{self, ops::OpsState};
use crate::metrics::Metrics;
use crate::snapshot::{Settings, StartReport, Store};
use crate::terminal;
use crate::watch;

/// careerbot: answers questions about tech careers from career-path documents.
#[derive(Debug, Parser)]
#[command(name = "careerbot", version, about)]
pub struct Cli {
    /// Flags every subcommand takes.
    #[command(flatten)]
    pub global: GlobalArgs,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Flags every subcommand takes, before or after its name.
#[derive(Debug, Args, Clone, Default)]
pub struct GlobalArgs {
    /// Configuration file (TOML); see config.example.toml.
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Folder of career documents [default: content].
    #[arg(long, global = true, value_name = "DIR")]
    pub content: Option<PathBuf>,
    /// Folder for the search index [default: index].
    #[arg(long, global = true, value_name = "DIR")]
    pub index: Option<PathBuf>,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Parse every document and report what was found and every problem.
    Check {
        /// Print the result as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Open the search index, or build it when it is missing or stale.
    Index {
        /// Build it even when a matching index exists.
        #[arg(long)]
        rebuild: bool,
    },
    /// Answer one command as the bot would: careerbot ask "/career secops".
    Ask {
        /// The invocation, e.g. "/career secops certifications" (several words are joined).
        #[arg(required = true, num_args = 1.., allow_hyphen_values = true)]
        invocation: Vec<String>,
        /// Print the reply structure as JSON.
        #[arg(long)]
        json: bool,
    },
    /// An interactive session: history, tab completion, /next and /prev for pages.
    Chat,
    /// Run the bot in Discord (needs DISCORD_TOKEN in the environment).
    Serve {
        /// Log lines as human-readable text or as JSON objects.
        #[arg(long, value_enum, default_value_t = LogFormat::Text)]
        log_format: LogFormat,
        /// Answer interactions as signed HTTP POSTs on this address instead of the gateway.
        #[arg(long, value_name = "ADDR")]
        http: Option<String>,
        /// Serve /healthz and /metrics on this address.
        #[arg(long, value_name = "ADDR")]
        ops_addr: Option<String>,
    },
}

/// How `serve` writes its log.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LogFormat {
    /// One readable line per event.
    Text,
    /// One JSON object per line, for log collectors.
    Json,
}

/// Parses arguments, runs the subcommand and returns the process exit code.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let config = match resolve_config(&cli.global) {
        Ok(config) => config,
        Err(message) => {
            eprintln!("careerbot: {message}");
            return ExitCode::from(2);
        }
    };
    match cli.command {
        Command::Check { json } => check(&config, json),
        Command::Index { rebuild } => index(&config, rebuild),
        Command::Ask { invocation, json } => match open_store(&config) {
            Some(store) => ExitCode::from(terminal::ask(&store, &config.commands(), &invocation.join(" "), json)),
            None => ExitCode::from(2),
        },
        Command::Serve { log_format, http, ops_addr } => {
            let mut config = config;
            if http.is_some() {
                config.http.addr = http;
            }
            if ops_addr.is_some() {
                config.ops.addr = ops_addr;
            }
            serve(config, log_format)
        }
        Command::Chat => match open_store(&config) {
            Some(store) => match terminal::chat(&store, &config.commands()) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("careerbot: {e}");
                    ExitCode::from(2)
                }
            },
            None => ExitCode::from(2),
        },
    }
}

/// File, then flags.
fn resolve_config(global: &GlobalArgs) -> Result<Config, String> {
    let mut config = match &global.config {
        Some(path) => Config::from_file(path).map_err(|e| e.to_string())?,
        None => Config::default(),
    };
    if let Some(dir) = &global.content {
        config.content.dir = dir.clone();
    }
    if let Some(dir) = &global.index {
        config.index.dir = dir.clone();
    }
    Ok(config)
}

fn load_options(config: &Config) -> LoadOptions {
    LoadOptions { max_file_bytes: config.content.max_file_bytes }
}

/// The store settings for a configuration.
pub fn store_settings(config: &Config) -> Settings {
    Settings {
        content_dir: config.content.dir.clone(),
        index_dir: config.index.dir.clone(),
        load: load_options(config),
    }
}

/// Opens the store for `ask` and `chat`: content errors and index warnings go to stderr,
/// briefly; the documents that load serve.
fn open_store(config: &Config) -> Option<Store> {
    match Store::open(store_settings(config), false) {
        Ok((store, report)) => {
            for warning in &report.warnings {
                eprintln!("warning: {warning}");
            }
            let errors: Vec<_> = report.problems.iter().filter(|p| p.severity == content::Severity::Error).collect();
            for problem in &errors {
                eprintln!("{problem}");
            }
            if !errors.is_empty() {
                eprintln!("careerbot: {} document(s) left out; `careerbot check` tells more", errors.len());
            }
            Some(store)
        }
        Err(e) => {
            eprintln!("careerbot: {e}");
            None
        }
    }
}

/// How to set the token, for the error when it is missing.
const TOKEN_HELP: &str =
    "DISCORD_TOKEN is not set. Create an application at https://discord.com/developers/applications, \
add a bot, copy its token, then run: DISCORD_TOKEN=<token> careerbot serve";

/// `careerbot serve`: the gateway, or the HTTP endpoint with `--http`; the ops endpoints and
/// the content watch in both.
fn serve(config: Config, log_format: LogFormat) -> ExitCode {
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
        let settings = store_settings(&config);
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

/// `careerbot index`.
fn index(config: &Config, rebuild: bool) -> ExitCode {
    let (store, report) = match Store::open(store_settings(config), rebuild) {
        Ok(opened) => opened,
        Err(e) => {
            eprintln!("careerbot: {e}");
            return ExitCode::from(2);
        }
    };
    for warning in &report.warnings {
        eprintln!("warning: {warning}");
    }
    for problem in &report.problems {
        eprintln!("{problem}");
    }
    let what = match &report.action {
        IndexAction::Reused => "reused the index".to_string(),
        IndexAction::Built { reason } => format!("built the index ({reason})"),
        IndexAction::InMemory { reason } => format!("built the index in memory only ({reason})"),
    };
    let snapshot = store.snapshot();
    println!(
        "{what} in {}: {} documents, {} index entries, content version {}, {:.1} ms",
        config.index.dir.display(),
        report.documents,
        report.index_docs,
        snapshot.version(),
        report.took.as_secs_f64() * 1000.0
    );
    ExitCode::SUCCESS
}

/// `careerbot check`.
fn check(config: &Config, json: bool) -> ExitCode {
    let library = match content::load_dir(&config.content.dir, &load_options(config)) {
        Ok(library) => library,
        Err(e) => {
            eprintln!("careerbot: {e}");
            return ExitCode::from(2);
        }
    };
    if json {
        match serde_json::to_string_pretty(&CheckReport::new(&library)) {
            Ok(text) => println!("{text}"),
            Err(e) => {
                eprintln!("careerbot: cannot write JSON: {e}");
                return ExitCode::from(2);
            }
        }
    } else {
        print!("{}", check_text(&library));
    }
    if library.has_errors() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// The human-readable report of `careerbot check`.
pub fn check_text(library: &Library) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    let width = library.documents.iter().map(|d| d.slug.len()).max().unwrap_or(0);
    for d in &library.documents {
        let _ = writeln!(
            out,
            "{:<width$}  {:<6}  sections {:>3}  certifications {:>2}  prompts {:>2}  links {:>2}",
            d.slug,
            d.kind.as_str(),
            d.sections.len(),
            d.certifications.len(),
            d.prompts.len(),
            d.links.len(),
        );
    }
    for p in &library.problems {
        let _ = writeln!(out, "{p}");
    }
    let careers = library.documents.iter().filter(|d| d.kind == content::Kind::Career).count();
    let errors = library.problems.iter().filter(|p| p.severity == content::Severity::Error).count();
    let _ = writeln!(
        out,
        "{} documents ({} careers, {} guides), {} errors, {} warnings",
        library.documents.len(),
        careers,
        library.documents.len() - careers,
        errors,
        library.problems.len() - errors
    );
    out
}

/// The JSON shape of `careerbot check --json`. Outside tools rely on it: change it only by
/// adding keys.
#[derive(Debug, Serialize)]
pub struct CheckReport<'a> {
    documents: Vec<CheckDocument<'a>>,
    problems: &'a [Problem],
}

#[derive(Debug, Serialize)]
struct CheckDocument<'a> {
    file: &'a str,
    slug: &'a str,
    number: Option<u32>,
    title: &'a str,
    description: &'a str,
    kind: content::Kind,
    aliases: &'a [String],
    sections: Vec<CheckSection<'a>>,
    certifications: &'a [content::Certification],
    prompts: &'a [String],
    links: &'a [content::Link],
}

#[derive(Debug, Serialize)]
struct CheckSection<'a> {
    path: &'a [String],
    level: u8,
}

impl<'a> CheckReport<'a> {
    /// The report for a loaded library.
    pub fn new(library: &'a Library) -> Self {
        CheckReport {
            documents: library.documents.iter().map(CheckDocument::new).collect(),
            problems: &library.problems,
        }
    }
}

impl<'a> CheckDocument<'a> {
    fn new(d: &'a Document) -> Self {
        CheckDocument {
            file: &d.file,
            slug: &d.slug,
            number: d.number,
            title: &d.title,
            description: &d.description,
            kind: d.kind,
            aliases: &d.aliases,
            sections: d.sections.iter().map(|s| CheckSection { path: &s.path, level: s.level }).collect(),
            certifications: &d.certifications,
            prompts: &d.prompts,
            links: &d.links,
        }
    }
}
