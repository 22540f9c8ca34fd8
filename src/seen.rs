//! Interaction ids already answered, kept in the members' database so that every replica
//! sharing it (PostgreSQL) refuses a signed request another replica has answered. The HTTP
//! endpoint's own guard (`http::replay`) remembers ids per process only.
//!
//! Rows expire with the signature window: each is needed until its signed timestamp is stale,
//! so the table holds about the last five minutes of interactions; one insert in
//! [`SWEEP_EVERY`] also deletes the expired rows.

use std::time::Duration;

use crate::plans::{PlanError, PlanStore};

/// One insert in this many also deletes expired rows (ids' low bits are a counter).
pub const SWEEP_EVERY: u64 = 64;
/// Rows are deleted this long after they expire: replicas' clocks differ a little.
const SWEEP_MARGIN_SECS: i64 = 60;

impl PlanStore {
    /// Remembers interaction `id` until `expires_at` (Unix seconds; `now` is the caller's
    /// clock): true the first time any process sharing this database sees it, false when one
    /// already has (a replay). An error when the database does not answer within `budget`:
    /// the caller decides what that means.
    pub fn first_sighting(&self, id: u64, expires_at: i64, now: i64, budget: Duration) -> Result<bool, PlanError> {
        // The same 64 bits as a signed BIGINT: still one row per id.
        let key = id as i64;
        let sweep = id.is_multiple_of(SWEEP_EVERY);
        let answered = self.run(async {
            tokio::time::timeout(budget, async {
                let inserted = sqlx::query(
                    "INSERT INTO seen_interactions (id, expires_at) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING",
                )
                .bind(key)
                .bind(expires_at)
                .execute(self.pool())
                .await?
                .rows_affected();
                if sweep {
                    let swept = sqlx::query("DELETE FROM seen_interactions WHERE expires_at < $1")
                        .bind(now - SWEEP_MARGIN_SECS)
                        .execute(self.pool())
                        .await;
                    // The answer stands; the next sweep deletes what this one did not.
                    if let Err(e) = swept {
                        tracing::warn!(error = %e, "deleting expired interaction ids failed");
                    }
                }
                Ok::<_, sqlx::Error>(inserted == 1)
            })
            .await
        });
        match answered {
            Ok(Ok(first)) => Ok(first),
            Ok(Err(e)) => Err(PlanError::new(format!("remembering an interaction id: {e}"))),
            Err(_) => Err(PlanError::new(format!("remembering an interaction id: no answer within {budget:?}"))),
        }
    }

    /// Interaction ids remembered now (tests, `db` checks).
    pub fn seen_interactions(&self) -> Result<i64, PlanError> {
        use sqlx::Row;
        self.run(async { sqlx::query("SELECT COUNT(*) FROM seen_interactions").fetch_one(self.pool()).await })
            .and_then(|row| row.try_get::<i64, _>(0))
            .map_err(|e| PlanError::new(format!("counting interaction ids: {e}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_id_is_seen_once_and_forgotten_after_it_expires() {
        let dir = tempfile::tempdir().unwrap();
        let plans = PlanStore::open(&format!("sqlite:{}", dir.path().join("seen.sqlite").display())).unwrap();
        let budget = Duration::from_secs(10);
        let huge = u64::MAX - 1;
        assert!(plans.first_sighting(1, 100, 0, budget).unwrap());
        assert!(!plans.first_sighting(1, 100, 0, budget).unwrap(), "a replay");
        assert!(plans.first_sighting(huge, 10_000, 0, budget).unwrap(), "ids past i64::MAX are kept apart");
        assert!(!plans.first_sighting(huge, 10_000, 0, budget).unwrap());
        assert_eq!(plans.seen_interactions().unwrap(), 2);
        // An insert that sweeps, at a time when id 1 has long expired and `huge` has not.
        assert!(plans.first_sighting(SWEEP_EVERY, 2_000, 1_000, budget).unwrap());
        assert_eq!(plans.seen_interactions().unwrap(), 2, "1 deleted, the other two kept");
        assert!(!plans.first_sighting(huge, 10_000, 1_000, budget).unwrap());
    }
}
