//! The shipped library (`content/`) as one store per test binary, and a terminal line answered
//! over it: what the tests that judge answers against the real pages share.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use careerbot::commands::{self, Caller, Context, Reply, Settings};
use careerbot::content::{load_dir, LoadOptions};
use careerbot::snapshot::{self, Snapshot, Store};

/// The project's `content/` folder.
pub fn content() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("content")
}

/// One store over the shipped library for the whole test binary (indexing it takes a while in
/// a debug build).
pub fn store() -> &'static Store {
    static STORE: OnceLock<Store> = OnceLock::new();
    STORE.get_or_init(|| {
        let library = load_dir(&content(), &LoadOptions::default()).expect("content/");
        let settings = snapshot::Settings {
            content_dir: content(),
            index_dir: std::env::temp_dir().join("careerbot-shipped-test-unused"),
            load: LoadOptions::default(),
        };
        Store::with_snapshot(Snapshot::in_memory(library).expect("index"), settings)
    })
}

/// The reply to a terminal line, or why the terminal could not read it.
pub fn try_ask(line: &str) -> Result<Reply, String> {
    let settings = Settings::default();
    let ctx = Context { store: store(), settings: &settings, caller: Caller::default() };
    let invocation = commands::parse_line(&store().snapshot(), line).map_err(|e| format!("{line}: {e}"))?;
    Ok(commands::execute(&ctx, &invocation, 0))
}

/// The reply to a terminal line the terminal must read.
pub fn ask(line: &str) -> Reply {
    try_ask(line).unwrap_or_else(|e| panic!("{e}"))
}
