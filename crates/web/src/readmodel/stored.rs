//! Starting from the snapshot stored in the database, and storing the current one now and
//! then, so that the next start (of this instance or another) reads one value and the
//! entries after it rather than every pledge's rows.

use super::cache::ResponseCache;
use super::{LATEST_FOLLOW_UPS, ReadModel, Snapshot, build, catalog_from};
use chrono::Utc;
use persistence::Db;
use persistence::feed::FeedScope;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Entries past the stored snapshot that make storing a new one worth its cost (encoding
/// every summary: about a second at 100,000 pledges, off the request path).
const SAVE_AFTER_ENTRIES: i64 = 1_000;
/// Or, with fewer entries, the longest a stored snapshot lags behind.
const SAVE_EVERY: Duration = Duration::from_secs(600);

/// The head of the snapshot this process last stored or started from.
pub(super) struct Saved {
    head: Option<i64>,
    at: Instant,
    /// When storing last failed: a database that refuses it (full, read-only) is asked
    /// again only after [`SAVE_EVERY`], not on every tick of the follower.
    failed: Option<Instant>,
}

impl Saved {
    pub(super) fn never() -> Self {
        Self {
            head: None,
            at: Instant::now(),
            failed: None,
        }
    }

    fn at(head: i64) -> Self {
        Self {
            head: Some(head),
            ..Self::never()
        }
    }

    fn due(&self, head: i64) -> bool {
        if self.failed.is_some_and(|t| t.elapsed() < SAVE_EVERY) {
            return false;
        }
        match self.head {
            None => true,
            Some(saved) => {
                head - saved >= SAVE_AFTER_ENTRIES
                    || (head > saved && self.at.elapsed() >= SAVE_EVERY)
            }
        }
    }
}

impl ReadModel {
    /// The read model at start: the stored snapshot with the entries after it applied,
    /// or, when there is none the database agrees with, a whole load (which the follower
    /// then stores for the next start).
    pub async fn load(db: Db) -> anyhow::Result<Self> {
        let started = Instant::now();
        let today = Utc::now().date_naive();
        let Some(stored) = db.stored_snapshot().await? else {
            let snapshot = build(&db, today).await?;
            return Ok(Self::with(db, snapshot, Saved::never()));
        };
        let read_ms = started.elapsed().as_millis();
        let rates = Arc::new(db.rate_table().await?);
        let catalog = catalog_from(&db, stored.summaries, &rates, today).await?;
        let built_ms = started.elapsed().as_millis();
        let latest = db
            .recent_follow_ups(&FeedScope::All, LATEST_FOLLOW_UPS)
            .await?;
        let actor_datalist = Arc::new(crate::views::actor_datalist(catalog.actors()));
        let from = stored.head.0;
        let snapshot = Snapshot::new(
            catalog,
            rates,
            latest,
            stored.head,
            actor_datalist,
            ResponseCache::default(),
        );
        let model = Self::with(db, snapshot, Saved::at(from));
        model.catch_up().await?;
        let cur = model.current();
        tracing::info!(
            pledges = cur.catalog.len(),
            stored_head = from,
            head = cur.head.0,
            read_ms,
            built_ms,
            ms = started.elapsed().as_millis(),
            "read model loaded from the stored snapshot and the entries after it"
        );
        Ok(model)
    }

    /// Stores the current snapshot in the database (the follower does this when due; tests
    /// and maintenance call it directly).
    pub async fn save_snapshot(&self) -> anyhow::Result<()> {
        let cur = self.current();
        let encoding = Arc::clone(&cur);
        let body = tokio::task::spawn_blocking(move || {
            persistence::snapshots::encode(encoding.catalog.summaries())
        })
        .await??;
        self.db
            .save_snapshot((cur.head.0, &cur.head.1), body)
            .await?;
        *self.saved.lock().unwrap_or_else(|e| e.into_inner()) = Saved::at(cur.head.0);
        tracing::debug!(head = cur.head.0, "read-model snapshot stored");
        Ok(())
    }

    /// Stores the snapshot when none has been stored by this process yet, or when enough
    /// has changed since; a failure only costs the next start time, so it is logged.
    pub(super) async fn save_when_due(&self) {
        if !self.stores.load(std::sync::atomic::Ordering::Relaxed) {
            return;
        }
        let head = self.current().head.0;
        let due = self
            .saved
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .due(head);
        if due && let Err(e) = self.save_snapshot().await {
            self.saved.lock().unwrap_or_else(|e| e.into_inner()).failed = Some(Instant::now());
            tracing::warn!(
                error = format!("{e:#}"),
                "storing the read-model snapshot failed"
            );
        }
    }
}
