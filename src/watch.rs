//! Content watch: reloads when the files of the content folder change. It polls file names,
//! sizes and modification times instead of using inotify, so it also sees changes on network
//! filesystems and in Kubernetes ConfigMap and git-sync volumes (which swap a symlink). A
//! change is applied once it has held still for one interval (debounce), through the same
//! validate-then-swap [`Store::reload`] as `/reload`.

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use crate::snapshot::{Store, Trigger};

/// What the folder looks like: each document file's name (a track page's path inside the
/// folder), size and modification time.
pub fn signature(dir: &Path) -> Vec<(String, u64, Option<SystemTime>)> {
    let mut files = match crate::content::document_files(dir) {
        Ok((files, _)) => files,
        Err(_) => return Vec::new(),
    };
    files.extend(crate::content::tracks::files(dir));
    files
        .into_iter()
        .map(|path| {
            let meta = std::fs::metadata(&path).ok();
            (
                path.strip_prefix(dir).unwrap_or(&path).to_string_lossy().into_owned(),
                meta.as_ref().map_or(0, |m| m.len()),
                meta.and_then(|m| m.modified().ok()),
            )
        })
        .collect()
}

/// Watches until the task is dropped. Each change is reloaded once, whatever the outcome: a
/// change that is refused or fails is tried again only when the files change again.
pub async fn run(store: Arc<Store>, interval: Duration) {
    let dir = store.settings().content_dir.clone();
    // Start from "unknown": the first look compares the folder with what the store loaded (a
    // reload of unchanged files is cheap and swaps nothing), so a change made while the bot
    // was starting is not missed.
    let mut applied = Vec::new();
    let mut pending: Option<Vec<(String, u64, Option<SystemTime>)>> = None;
    let mut ticker = tokio::time::interval(interval);
    ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        ticker.tick().await;
        let now = {
            let dir = dir.clone();
            match tokio::task::spawn_blocking(move || signature(&dir)).await {
                Ok(now) => now,
                Err(_) => continue,
            }
        };
        if now == applied {
            pending = None;
            continue;
        }
        if pending.as_ref() != Some(&now) {
            pending = Some(now); // changed: wait one more interval for it to settle
            continue;
        }
        applied = pending.take().unwrap_or_default();
        // The reload logs, counts and catches its own failures (see `Store::reload`).
        let reloading = Arc::clone(&store);
        let _ = tokio::task::spawn_blocking(move || reloading.reload(Trigger::Watch)).await;
    }
}
