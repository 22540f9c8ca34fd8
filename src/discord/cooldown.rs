//! Per-member rate limit: at most `limit` commands in any `window`. A sliding window, so a
//! burst cannot straddle a boundary; the answer says how long to wait.
//!
//! Cost per check is constant whatever the number of members: the member's own few timestamps
//! are looked at, in one of [`SHARDS`] maps picked by the member id, so members rarely wait on
//! each other's lock. Members idle for a whole window are forgotten by [`Cooldown::sweep`],
//! which runs on a timer ([`Cooldown::sweep_every`]), one shard at a time; memory is bounded by
//! the members active within the last window or two.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Independent maps; a check locks one of them.
const SHARDS: usize = 32;

type Shard = Mutex<HashMap<u64, VecDeque<Instant>>>;

/// The limiter. Shared by all shards or requests of a process.
#[derive(Debug)]
pub struct Cooldown {
    limit: usize,
    window: Duration,
    shards: Box<[Shard]>,
}

impl Cooldown {
    /// `limit` commands per `window`; a limit of 0 switches it off.
    pub fn new(limit: u32, window: Duration) -> Cooldown {
        let shards = (0..SHARDS).map(|_| Mutex::new(HashMap::new())).collect();
        Cooldown { limit: limit as usize, window, shards }
    }

    fn shard(&self, user: u64) -> &Shard {
        // Snowflakes' low bits are a per-process counter and well spread; mix them anyway.
        let mixed = user.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 32;
        &self.shards[mixed as usize % SHARDS]
    }

    /// Counts one command for `user` at `now`, or says how long until they may run one.
    pub fn check(&self, user: u64, now: Instant) -> Result<(), Duration> {
        if self.limit == 0 {
            return Ok(());
        }
        let mut shard = self.shard(user).lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let times = shard.entry(user).or_default();
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

    /// Forgets members whose last command left the window before `now`.
    pub fn sweep(&self, now: Instant) {
        for shard in self.shards.iter() {
            let mut shard = shard.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
            shard.retain(|_, times| times.back().is_some_and(|&t| now.saturating_duration_since(t) < self.window));
            // Give memory back after a crowd has gone.
            if shard.capacity() > 64 && shard.len() < shard.capacity() / 4 {
                shard.shrink_to_fit();
            }
        }
    }

    /// Sweeps once per window, forever (run it as a task).
    pub async fn sweep_every(&self) {
        if self.limit == 0 {
            return;
        }
        let mut ticker = tokio::time::interval(self.window.max(Duration::from_secs(1)));
        ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            ticker.tick().await;
            self.sweep(Instant::now());
        }
    }

    /// Members tracked now.
    pub fn tracked(&self) -> usize {
        self.shards.iter().map(|s| s.lock().map_or(0, |s| s.len())).sum()
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

    #[test]
    fn a_hundred_thousand_members_are_counted_apart_and_forgotten_after_a_window() {
        let cooldown = Cooldown::new(2, Duration::from_secs(10));
        let start = Instant::now();
        for user in 0..100_000u64 {
            assert!(cooldown.check(user, start).is_ok());
            assert!(cooldown.check(user, start).is_ok());
        }
        assert_eq!(cooldown.tracked(), 100_000);
        // Every member is at their limit; none is affected by the crowd.
        assert!(cooldown.check(42, start + Duration::from_secs(1)).is_err());
        assert!(cooldown.check(100_001, start + Duration::from_secs(1)).is_ok());
        cooldown.sweep(start + Duration::from_secs(5));
        assert_eq!(cooldown.tracked(), 100_001, "nobody has been idle for a window yet");
        cooldown.sweep(start + Duration::from_secs(11));
        assert_eq!(cooldown.tracked(), 0, "all idle for a whole window: forgotten");
        assert!(cooldown.check(42, start + Duration::from_secs(11)).is_ok());
    }
}
