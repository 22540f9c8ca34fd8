//! Per-member rate limit: at most `limit` commands in any `window`. A sliding window, so a
//! burst cannot straddle a boundary; the answer says how long to wait.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Sweep members idle for a whole window after this many tracked members.
const SWEEP_AT: usize = 4096;

/// The limiter. Shared by all shards or requests of a process.
#[derive(Debug)]
pub struct Cooldown {
    limit: usize,
    window: Duration,
    seen: Mutex<HashMap<u64, VecDeque<Instant>>>,
}

impl Cooldown {
    /// `limit` commands per `window`; a limit of 0 switches it off.
    pub fn new(limit: u32, window: Duration) -> Cooldown {
        Cooldown { limit: limit as usize, window, seen: Mutex::new(HashMap::new()) }
    }

    /// Counts one command for `user` at `now`, or says how long until they may run one.
    pub fn check(&self, user: u64, now: Instant) -> Result<(), Duration> {
        if self.limit == 0 {
            return Ok(());
        }
        let mut seen = self.seen.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if seen.len() >= SWEEP_AT {
            let window = self.window;
            seen.retain(|_, times| times.back().is_some_and(|&t| now.saturating_duration_since(t) < window));
        }
        let times = seen.entry(user).or_default();
        while times.front().is_some_and(|&t| now.saturating_duration_since(t) >= self.window) {
            times.pop_front();
        }
        if times.len() >= self.limit {
            let oldest = times.front().copied().unwrap_or(now);
            return Err(self.window.saturating_sub(now.saturating_duration_since(oldest)));
        }
        times.push_back(now);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn five_in_ten_seconds() {
        let cooldown = Cooldown::new(5, Duration::from_secs(10));
        let start = Instant::now();
        for i in 0..5 {
            assert!(cooldown.check(1, start + Duration::from_secs(i)).is_ok());
        }
        let wait = cooldown.check(1, start + Duration::from_secs(5)).unwrap_err();
        assert_eq!(wait, Duration::from_secs(5));
        assert!(cooldown.check(2, start + Duration::from_secs(5)).is_ok(), "members are counted apart");
        assert!(cooldown.check(1, start + Duration::from_secs(10)).is_ok(), "the first one has left the window");
    }

    #[test]
    fn zero_switches_it_off() {
        let cooldown = Cooldown::new(0, Duration::from_secs(10));
        let now = Instant::now();
        assert!((0..100).all(|_| cooldown.check(1, now).is_ok()));
    }
}
