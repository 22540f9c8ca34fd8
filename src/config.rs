//! Settings: `config.example.toml` documents every key. Values come from the file given by
//! `--config`, then environment overrides, then command-line flags (highest).

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::commands;
use crate::content::{LoadOptions, DEFAULT_MAX_FILE_BYTES};
use crate::snapshot;

/// Every setting careerbot has, with its default.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// `[content]`: where documents come from.
    pub content: ContentConfig,
    /// `[index]`: where the search index lives.
    pub index: IndexConfig,
    /// `[site]`: the public site and attribution.
    pub site: SiteConfig,
    /// `[prompts]`: "open in chat" buttons.
    pub prompts: PromptsConfig,
    /// `[discord]`: the bot in servers.
    pub discord: DiscordConfig,
    /// `[http]`: the HTTP interactions endpoint.
    pub http: HttpConfig,
    /// `[ops]`: health and metrics.
    pub ops: OpsConfig,
    /// `[database]`: where study plans are kept.
    pub database: DatabaseConfig,
}

/// `[database]`
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DatabaseConfig {
    /// `sqlite:path` or `postgres://…`; `--database` and `DATABASE_URL` come first. Default:
    /// `sqlite:data/careerbot.sqlite`.
    pub url: Option<String>,
}

/// `[http]`
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct HttpConfig {
    /// Serve interactions over HTTP on this address (`serve --http`) instead of the gateway.
    pub addr: Option<String>,
    /// Connections open at once on the interactions port; more are answered 503 and closed.
    pub max_connections: usize,
}

impl Default for HttpConfig {
    fn default() -> Self {
        HttpConfig { addr: None, max_connections: 1024 }
    }
}

/// `[ops]`
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct OpsConfig {
    /// Serve `/healthz` and `/metrics` on this address (`serve --ops-addr`).
    pub addr: Option<String>,
}

/// `[discord]`
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DiscordConfig {
    /// Register commands in these servers only (updates show at once); empty: globally.
    pub guild_ids: Vec<u64>,
    /// Members with one of these roles may `/reload`, besides Manage Server and Administrator.
    pub moderator_role_ids: Vec<u64>,
    /// Commands one member may run per `cooldown_seconds`.
    pub cooldown_commands: u32,
    /// Length of the cooldown window.
    pub cooldown_seconds: u64,
    /// Send every REST call here instead of discord.com (an HTTP proxy, or a test double).
    /// Environment: DISCORD_API_BASE wins.
    pub api_base: Option<String>,
    /// "auto" (Discord's recommendation), or "FIRST-LAST/TOTAL" such as "0-3/8" for the shards
    /// this process runs when the bot is spread over several processes.
    pub shards: String,
}

impl Default for DiscordConfig {
    fn default() -> Self {
        DiscordConfig {
            guild_ids: Vec::new(),
            moderator_role_ids: Vec::new(),
            cooldown_commands: 5,
            cooldown_seconds: 10,
            api_base: None,
            shards: "auto".to_string(),
        }
    }
}

/// `[site]`
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SiteConfig {
    /// Base URL that document permalinks are appended to.
    pub url: String,
    /// Shown under every answer.
    pub attribution: String,
}

impl Default for SiteConfig {
    fn default() -> Self {
        let defaults = commands::Settings::default();
        SiteConfig { url: defaults.site_url, attribution: defaults.attribution }
    }
}

/// `[prompts]`
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PromptsConfig {
    /// Buttons under a single prompt; `{prompt}` in the URL becomes the encoded prompt.
    pub links: Vec<LlmLink>,
}

/// One "open in chat" button.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LlmLink {
    /// Button label.
    pub label: String,
    /// URL template with `{prompt}`.
    pub url: String,
}

impl Default for PromptsConfig {
    fn default() -> Self {
        let links =
            commands::Settings::default().llm_links.into_iter().map(|(label, url)| LlmLink { label, url }).collect();
        PromptsConfig { links }
    }
}

/// `[content]`
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ContentConfig {
    /// Folder of `*.md` career documents.
    pub dir: PathBuf,
    /// Larger files are refused with an error.
    pub max_file_bytes: u64,
    /// `serve` reloads when files in the folder change.
    pub watch: bool,
    /// How often the folder is looked at when `watch` is on.
    pub watch_interval_ms: u64,
}

impl Default for ContentConfig {
    fn default() -> Self {
        ContentConfig {
            dir: PathBuf::from("content"),
            max_file_bytes: DEFAULT_MAX_FILE_BYTES,
            watch: false,
            watch_interval_ms: 2000,
        }
    }
}

/// `[index]`
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct IndexConfig {
    /// Folder for the generated tantivy index.
    pub dir: PathBuf,
}

impl Default for IndexConfig {
    fn default() -> Self {
        IndexConfig { dir: PathBuf::from("index") }
    }
}

/// A configuration file that cannot be used.
#[derive(Debug)]
pub struct ConfigError(pub String);

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ConfigError {}

impl Config {
    /// The plans database URL: `[database] url` (set from `--database` or `DATABASE_URL` when
    /// given), else the default SQLite file.
    pub fn database_url(&self) -> String {
        self.database.url.clone().unwrap_or_else(|| crate::plans::DEFAULT_URL.to_string())
    }

    /// The limits for loading documents.
    pub fn load_options(&self) -> LoadOptions {
        LoadOptions { max_file_bytes: self.content.max_file_bytes }
    }

    /// Where the store reads content and keeps the index.
    pub fn store_settings(&self) -> snapshot::Settings {
        snapshot::Settings {
            content_dir: self.content.dir.clone(),
            index_dir: self.index.dir.clone(),
            load: self.load_options(),
        }
    }

    /// The answer settings.
    pub fn commands(&self) -> commands::Settings {
        commands::Settings {
            site_url: self.site.url.clone(),
            attribution: self.site.attribution.clone(),
            llm_links: self.prompts.links.iter().map(|l| (l.label.clone(), l.url.clone())).collect(),
        }
    }

    /// Reads a TOML file; errors name the file and the line.
    pub fn from_file(path: &Path) -> Result<Config, ConfigError> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| ConfigError(format!("cannot read config file {}: {e}", path.display())))?;
        Config::from_toml(&text).map_err(|e| ConfigError(format!("{}:{e}", path.display())))
    }

    /// Parses TOML text. The error starts with the line number.
    pub fn from_toml(text: &str) -> Result<Config, String> {
        toml::from_str(text).map_err(|e| {
            let line = e.span().map_or(1, |span| text[..span.start.min(text.len())].matches('\n').count() + 1);
            format!("{line}: {}", e.message())
        })
    }
}
