//! Settings: `config.example.toml` documents every key. Values come from the file given by
//! `--config`, then environment overrides, then command-line flags (highest).

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::content::DEFAULT_MAX_FILE_BYTES;

/// Every setting careerbot has, with its default.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// `[content]`: where documents come from.
    pub content: ContentConfig,
    /// `[index]`: where the search index lives.
    pub index: IndexConfig,
}

impl Default for Config {
    fn default() -> Self {
        Config { content: ContentConfig::default(), index: IndexConfig::default() }
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
}

impl Default for ContentConfig {
    fn default() -> Self {
        ContentConfig { dir: PathBuf::from("content"), max_file_bytes: DEFAULT_MAX_FILE_BYTES }
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
