//! The time of the last recorded link check, which pages showing evidence health are
//! cached under: read from the database at most once per [`LinkClock::FRESH`], not once
//! per request.

use chrono::{DateTime, Utc};
use persistence::Db;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// One server's view of when links were last checked.
#[derive(Default)]
pub struct LinkClock {
    /// When the time was read, and what it was (none: no check recorded yet).
    read: Mutex<Option<(Instant, Option<DateTime<Utc>>)>>,
}

impl LinkClock {
    /// How long a read serves. Link checks are written without a change-log entry, so the
    /// read model cannot tell when one lands; asking the database on every dashboard and
    /// pledge page cost three quarters of the cached dashboard's throughput
    /// (BENCHMARKS.md). A check recorded by this or another process shows within this.
    pub const FRESH: Duration = Duration::from_millis(250);

    /// The time of the last recorded check. Pages served from the read model keep serving
    /// when the database cannot say: evidence health is then left out, not the page refused.
    pub async fn checked_at(&self, db: &Db) -> Option<DateTime<Utc>> {
        if let Some((at, value)) = *self.lock()
            && at.elapsed() < Self::FRESH
        {
            return value;
        }
        let value = db.link_checks_version().await.unwrap_or_else(|e| {
            tracing::warn!(
                error = format!("{e:#}"),
                "evidence health is left out: the last link check cannot be read"
            );
            None
        });
        *self.lock() = Some((Instant::now(), value));
        value
    }

    // A poisoned lock only means a reader panicked; the cached time is still a time.
    fn lock(&self) -> std::sync::MutexGuard<'_, Option<(Instant, Option<DateTime<Utc>>)>> {
        self.read
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}
