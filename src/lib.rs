//! careerbot: a Discord bot that answers questions about tech careers.
//!
//! # Layout
//!
//! Data flows one way, from files to replies:
//!
//! ```text
//! content/*.md ──content──▶ Library ──search──▶ Snapshot (library + tantivy index)
//!                                                  │
//! invocation (terminal | Discord) ──commands──▶ Reply ──render──▶ text | embeds
//! ```
//!
//! - [`content`]: markdown + YAML front matter → [`content::Library`] of documents, with every
//!   problem pinned to a file and line. Knows nothing of search or Discord.
//! - [`search`]: the tantivy index over a library (built, kept on disk, reused), the query path
//!   that accepts anything typed, and career-name resolution for every command.
//! - [`snapshot`]: library + index as one value, swapped whole on reload ([`snapshot::Store`]).
//! - [`config`]: the settings file and its defaults.
//! - [`cli`]: the `careerbot` command line (`check`, …), thin over the modules above.
#![warn(missing_docs)]

pub mod cli;
pub mod config;
pub mod content;
pub mod search;
pub mod snapshot;
