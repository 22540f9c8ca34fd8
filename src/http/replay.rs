//! Replay refusal: a signed request is valid for as long as its timestamp is fresh, so a copy of
//! it could be sent again within that window. Each interaction id is remembered until its
//! signed timestamp goes stale; a second request with the same id before then is refused.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashSet};
use std::sync::Mutex;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Ids remembered at most; past it the oldest are forgotten early. Only Discord can sign
/// requests, so this is a memory bound for real traffic (about 40 MB), not a defence.
const MAX_REMEMBERED: usize = 1_000_000;

/// Interaction ids seen, each until its timestamp leaves the window.
#[derive(Debug)]
pub(super) struct ReplayGuard {
    window: Duration,
    seen: Mutex<Seen>,
}

#[derive(Debug, Default)]
struct Seen {
    ids: HashSet<u64>,
    /// (expiry in seconds since the epoch, id), soonest first.
    expiries: BinaryHeap<Reverse<(u64, u64)>>,
}

impl ReplayGuard {
    pub(super) fn new(window: Duration) -> ReplayGuard {
        ReplayGuard { window, seen: Mutex::new(Seen::default()) }
    }

    /// True the first time `id` is seen; false for a replay. `signed_at` is the request's
    /// (already checked) timestamp. `None`: an interaction without an id, never refused.
    pub(super) fn first_time(&self, id: Option<u64>, signed_at: u64, now: SystemTime) -> bool {
        let Some(id) = id else { return true };
        let now = now.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
        let mut seen = self.seen.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        while let Some(&Reverse((expiry, old))) = seen.expiries.peek() {
            if expiry >= now && seen.ids.len() < MAX_REMEMBERED {
                break;
            }
            seen.expiries.pop();
            seen.ids.remove(&old);
        }
        if !seen.ids.insert(id) {
            return false;
        }
        seen.expiries.push(Reverse((signed_at.saturating_add(self.window.as_secs()), id)));
        true
    }

    /// Ids remembered now.
    #[cfg(test)]
    fn len(&self) -> usize {
        self.seen.lock().map(|s| s.ids.len()).unwrap_or(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_id_is_refused_until_its_timestamp_goes_stale() {
        let guard = ReplayGuard::new(Duration::from_secs(300));
        let t = 1_700_000_000;
        let at = |s: u64| UNIX_EPOCH + Duration::from_secs(s);
        assert!(guard.first_time(Some(1), t, at(t)));
        assert!(!guard.first_time(Some(1), t, at(t + 10)), "a replay within the window");
        assert!(guard.first_time(Some(2), t, at(t + 10)), "another id");
        assert!(guard.first_time(None, t, at(t)) && guard.first_time(None, t, at(t)), "no id, no refusal");
        // After the window the timestamp itself is stale (refused before this check); the id
        // is forgotten so memory does not grow.
        assert!(guard.first_time(Some(3), t + 400, at(t + 400)));
        assert_eq!(guard.len(), 1, "1 and 2 expired");
    }
}
