//! careerbot: a Discord bot that answers questions about tech careers.
//!
//! # Layout
//!
//! Data flows one way, from files to replies:
//!
//! ```text
//! content/*.md ──content──▶ Library ──search──▶ Snapshot (library + tantivy index + catalog)
//!                                                  │      swapped whole by snapshot::Store
//!                                                  ▼      (which also holds the plans database)
//! invocation ──commands──▶ Reply ──▶ terminal text | Discord embeds and components (+ picture)
//!   ▲ from: a terminal line (terminal), a gateway interaction (discord),
//!   │       a signed HTTP interaction (http → the same discord::Dispatcher)
//! ```
//!
//! - [`content`]: markdown + YAML front matter → [`content::Library`] of documents, with every
//!   problem pinned to a file and line. Knows nothing of search or Discord. Section text is a
//!   [`content::Text`]: on the heap while loading, then (in a serving bot) read from the index
//!   folder's file of it, mapped, so a large library's text is not held in memory. The courses
//!   in `content/tracks/` are read by the same parser into [`content::Track`]s of lessons, in
//!   the order their folders give (`content::tracks`).
//! - [`search`]: the tantivy index over a library, careers and lessons in one (built, kept on
//!   disk, reused), one analyzer for English, Sinhala and Tamil (`search::words`), the query
//!   path that accepts anything typed, and career-name resolution for every command.
//! - [`catalog`]: what commands need from the whole library, made once per snapshot: the name
//!   index, the transition graph, the certification vocabulary, career profiles, ladders and
//!   study-plan checklists, the terms the tracks define (`catalog::glossary`) and which tracks
//!   serve which careers (`catalog::overlaps`), all comparing names through one normaliser
//!   (`catalog::keys`).
//! - [`snapshot`]: library + index + catalog as one value, swapped whole on reload
//!   ([`snapshot::Store`]).
//! - [`commands`]: the product. An [`commands::Invocation`] and a snapshot in, a transport-neutral
//!   [`commands::Reply`] out, cut into pages within Discord's limits. No serenity, no tantivy.
//!   `/search` reads the question first (`commands::intent`), then ranks per section.
//! - [`discord`]: the bot on the gateway (serenity). One dispatcher turns an interaction into an
//!   invocation and a reply into serenity builders. With [`http`], the only modules that use
//!   serenity.
//! - [`http`]: the same dispatcher behind a signed HTTP interactions endpoint (stateless
//!   replicas), and the operations endpoints `/healthz` and `/metrics` ([`metrics`]).
//! - [`picture`]: the pictures some answers carry (a route, a ladder, a track's map): drawn as SVG, rendered
//!   to PNG in-process with an embedded font; each front end attaches or writes them.
//! - [`plans`]: members' study plans in SQLite or PostgreSQL (sqlx, migrations in
//!   `migrations/`), written by `/plan`, read by `/plan` and `/group` (and a member's language
//!   by `/learn` and `/define`); it stores ticks by item
//!   id, the checklist they tick is the catalog's; a row that cannot be read
//!   is named and left out. `careerbot db` exports, imports and checks them.
//! - [`seen`]: interaction ids already answered, in the same database, so that replicas
//!   sharing PostgreSQL refuse a replayed request together.
//! - [`watch`]: reloads when the content folder changes, through the same path as `/reload`.
//! - [`config`]: the settings file and its defaults.
//! - [`terminal`]: `careerbot ask` and `careerbot chat`, a front end that renders replies for a
//!   terminal; it needs no Discord account.
//! - [`serve`]: `careerbot serve`, which puts the above together for a running bot.
//! - [`cli`]: the `careerbot` command line (`check`, …), thin over the modules above.
#![warn(missing_docs)]

/// `println!` for the command-line front ends: a reader that has gone (`careerbot ask … | head`)
/// ends the process quietly, as the shell's own tools do, instead of panicking in `println!`.
macro_rules! outln {
    ($($arg:tt)*) => {
        $crate::terminal::write_out(&format!("{}\n", format_args!($($arg)*)))
    };
}

/// `print!` for the command-line front ends (see [`outln!`]).
macro_rules! out {
    ($($arg:tt)*) => {
        $crate::terminal::write_out(&format!($($arg)*))
    };
}

pub mod catalog;
pub mod cli;
pub mod commands;
pub mod config;
pub mod content;
pub mod discord;
pub mod http;
pub mod metrics;
pub mod picture;
pub mod plans;
pub mod search;
pub mod seen;
pub mod serve;
pub mod snapshot;
pub mod terminal;
pub mod watch;
