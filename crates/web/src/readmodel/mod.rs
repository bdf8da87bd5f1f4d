//! The in-memory read model: a snapshot of the catalog, the rates, the dashboard and the
//! latest follow-ups, loaded once at start (from a stored snapshot when the database has
//! one it agrees with) and then kept current by following the change log: each entry
//! reloads only its subject and adjusts the snapshot by it.

mod cache;
mod stored;

use axum::body::Bytes;
use cache::{ResponseCache, Touched};
use chrono::{NaiveDate, Utc};
use domain::catalog::Catalog;
use domain::changelog::{Entry, SubjectKind};
use domain::dashboard::{self, Dashboard};
use domain::{Currency, RateTable, Slug};
use i18n::{Lang, Templates};
use persistence::Db;
use persistence::feed::{FeedScope, FollowUpEntry};
use std::hash::{Hash, Hasher};
use std::sync::{Arc, Mutex, OnceLock, RwLock};
use std::time::Duration;

/// How many follow-ups the dashboard lists.
pub const LATEST_FOLLOW_UPS: u64 = 15;

/// Entries read per query while catching up with other writers.
const CATCH_UP_PAGE: u64 = 500;

pub struct Snapshot {
    pub catalog: Catalog,
    pub rates: Arc<RateTable>,
    pub latest: Vec<FollowUpEntry>,
    /// Sequence number and hash of the last change-log entry this snapshot includes.
    pub head: (i64, String),
    /// A validator for everything derived from this snapshot.
    pub version: String,
    /// The actor choices of the list filter, escaped once per change of the actors rather
    /// than rendered for every request: hundreds of options.
    pub actor_datalist: Arc<String>,
    dashboard: OnceLock<Dashboard>,
    /// The rendered dashboard in each language, by `Lang::ALL`'s order.
    dashboard_html: [OnceLock<Bytes>; 2],
    /// Rendered responses by request target; a change carries over those it cannot
    /// have altered (see [`ResponseCache::surviving`]).
    responses: Mutex<ResponseCache>,
}

impl Snapshot {
    fn new(
        catalog: Catalog,
        rates: Arc<RateTable>,
        latest: Vec<FollowUpEntry>,
        head: (i64, String),
        actor_datalist: Arc<String>,
        responses: ResponseCache,
    ) -> Self {
        let version = format!("{}@{}", head.0, catalog.today());
        Self {
            catalog,
            rates,
            latest,
            head,
            version,
            actor_datalist,
            dashboard: OnceLock::new(),
            dashboard_html: Default::default(),
            responses: Mutex::new(responses),
        }
    }

    /// The dashboard's figures, read off the catalog's aggregates on first use.
    pub fn dashboard(&self) -> &Dashboard {
        self.dashboard
            .get_or_init(|| dashboard::build(&self.catalog, &self.rates))
    }

    /// The rendered dashboard, made on first request rather than on every write.
    pub fn dashboard_html(&self, templates: &Templates, lang: Lang) -> anyhow::Result<Bytes> {
        let slot = &self.dashboard_html[Lang::ALL.iter().position(|l| *l == lang).unwrap_or(0)];
        if let Some(html) = slot.get() {
            return Ok(html.clone());
        }
        let html = Bytes::from(crate::views::dashboard::render_dashboard(
            templates,
            &self.catalog,
            self.dashboard(),
            &self.latest,
            lang,
        )?);
        Ok(slot.get_or_init(|| html).clone())
    }

    pub fn cached_response(&self, target: &str) -> Option<Bytes> {
        self.responses
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(target)
    }

    pub fn keep_response(&self, target: &str, body: Bytes) {
        let evicted = self
            .responses
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .keep(target, body);
        // Freed outside the lock.
        drop(evicted);
    }

    /// A weak ETag for a response derived from this snapshot and the request target.
    pub fn etag_for(&self, target: &str) -> String {
        let mut h = std::collections::hash_map::DefaultHasher::new();
        self.version.hash(&mut h);
        target.hash(&mut h);
        format!("W/\"{:016x}\"", h.finish())
    }
}

pub struct ReadModel {
    db: Db,
    current: RwLock<Arc<Snapshot>>,
    /// One change of the snapshot at a time; readers never wait for it.
    updating: tokio::sync::Mutex<()>,
    /// The head of the last snapshot stored in the database, and when it was stored.
    saved: Mutex<stored::Saved>,
    /// False in read-only mode: the snapshot is never stored in the database.
    stores: std::sync::atomic::AtomicBool,
    /// Whether the last look at the change log failed, so that an outage is logged once
    /// when it starts and once when it ends rather than on every tick.
    failing: std::sync::atomic::AtomicBool,
}

/// The catalog alone, as of today (for digest runs outside the server).
pub async fn load_catalog(db: &Db) -> anyhow::Result<Catalog> {
    let rates = db.rate_table().await?;
    catalog_of(db, &rates, Utc::now().date_naive()).await
}

async fn catalog_of(db: &Db, rates: &RateTable, today: NaiveDate) -> anyhow::Result<Catalog> {
    catalog_from(db, db.pledge_summaries().await?, rates, today).await
}

/// The catalog of `summaries` with the current actors and events (a few hundred rows,
/// read fresh even when the summaries come from a stored snapshot).
async fn catalog_from(
    db: &Db,
    summaries: Vec<domain::catalog::PledgeSummary>,
    rates: &RateTable,
    today: NaiveDate,
) -> anyhow::Result<Catalog> {
    Ok(Catalog::new(
        summaries,
        db.actors().await?,
        db.events().await?,
        rates,
        Currency::EUR,
        today,
    ))
}

/// A whole snapshot from the database: at start, and for tests to compare with.
pub async fn build(db: &Db, today: NaiveDate) -> anyhow::Result<Snapshot> {
    // The head is read first: entries after it are applied again by the next catch-up,
    // which is harmless (following an entry reloads its subject), while an entry before
    // it that the load missed would be lost.
    let started = std::time::Instant::now();
    let head = db.change_head().await?;
    let rates = Arc::new(db.rate_table().await?);
    let catalog = catalog_of(db, &rates, today).await?;
    tracing::info!(
        pledges = catalog.len(),
        ms = started.elapsed().as_millis(),
        "read model loaded"
    );
    let latest = db
        .recent_follow_ups(&FeedScope::All, LATEST_FOLLOW_UPS)
        .await?;
    let actor_datalist = Arc::new(crate::views::actor_datalist(catalog.actors()));
    Ok(Snapshot::new(
        catalog,
        rates,
        latest,
        head,
        actor_datalist,
        ResponseCache::default(),
    ))
}

impl ReadModel {
    fn with(db: Db, snapshot: Snapshot, saved: stored::Saved) -> Self {
        Self {
            db,
            current: RwLock::new(Arc::new(snapshot)),
            updating: tokio::sync::Mutex::new(()),
            saved: Mutex::new(saved),
            stores: std::sync::atomic::AtomicBool::new(true),
            failing: std::sync::atomic::AtomicBool::new(false),
        }
    }

    pub fn current(&self) -> Arc<Snapshot> {
        self.current
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    fn replace(&self, next: Snapshot) {
        let old = std::mem::replace(
            &mut *self.current.write().unwrap_or_else(|e| e.into_inner()),
            Arc::new(next),
        );
        // Freed outside the lock.
        drop(old);
    }

    /// Replaces the snapshot with a whole load from the database, as at start; for
    /// maintenance and for tests that compare the followed snapshot with a fresh one.
    pub async fn rebuild(&self) -> anyhow::Result<()> {
        let _one_at_a_time = self.updating.lock().await;
        let next = build(&self.db, Utc::now().date_naive()).await?;
        self.replace(next);
        Ok(())
    }

    /// Takes in an entry this process just wrote, and any before it not yet seen.
    pub async fn follow(&self, entry: &Entry) -> anyhow::Result<()> {
        if entry.seq <= self.current().head.0 {
            return Ok(());
        }
        self.catch_up().await.map(drop)
    }

    /// Applies every entry after the snapshot's head (written here or by another
    /// instance), and moves to a new day when the date changed. True when it changed.
    pub async fn catch_up(&self) -> anyhow::Result<bool> {
        let _one_at_a_time = self.updating.lock().await;
        let mut changed = false;
        let today = Utc::now().date_naive();
        if self.current().catalog.today() != today {
            let cur = self.current();
            let next = Snapshot::new(
                cur.catalog.on_day(today),
                Arc::clone(&cur.rates),
                cur.latest.clone(),
                cur.head.clone(),
                Arc::clone(&cur.actor_datalist),
                ResponseCache::default(),
            );
            self.replace(next);
            changed = true;
        }
        loop {
            let cur = self.current();
            let entries = self.db.changes_after(cur.head.0, CATCH_UP_PAGE).await?;
            if entries.is_empty() {
                return Ok(changed);
            }
            let next = self.apply(&cur, &entries).await?;
            self.replace(next);
            changed = true;
        }
    }

    /// The snapshot after `entries`: each entry's subject reloaded and put in its place.
    async fn apply(&self, cur: &Snapshot, entries: &[Entry]) -> anyhow::Result<Snapshot> {
        let mut pledges: Vec<Slug> = Vec::new();
        let mut actors: Vec<Slug> = Vec::new();
        let mut events: Vec<Slug> = Vec::new();
        for e in entries {
            let slug = Slug::parse("subject", &e.subject)?;
            let list = match e.subject_kind {
                SubjectKind::Pledge => &mut pledges,
                SubjectKind::Actor => &mut actors,
                SubjectKind::Event => &mut events,
            };
            if !list.contains(&slug) {
                list.push(slug);
            }
        }
        let mut catalog = cur.catalog.clone();
        let mut touched = Touched {
            everything: !actors.is_empty() || !events.is_empty(),
            ..Touched::default()
        };
        for slug in &actors {
            catalog.upsert_actor(self.db.actor(slug).await?);
        }
        for slug in &events {
            catalog.upsert_event(self.db.event(slug).await?.0);
        }
        let live = self.db.live_summaries(&pledges).await?;
        for slug in &pledges {
            // The pages of its parents and children show it too.
            for (p, _) in cur.catalog.get(slug).into_iter().chain(catalog.get(slug)) {
                touched
                    .pledges
                    .extend(p.parent.iter().map(ToString::to_string));
            }
            for (c, _) in catalog.children_of(slug) {
                touched.pledges.insert(c.slug.to_string());
            }
            touched.pledges.insert(slug.to_string());
            match live.iter().find(|p| &p.slug == slug) {
                Some(p) => catalog.upsert_pledge(p.clone()),
                None => catalog.remove_pledge(slug),
            }
        }
        let latest = if pledges.is_empty() {
            cur.latest.clone()
        } else {
            self.db
                .recent_follow_ups(&FeedScope::All, LATEST_FOLLOW_UPS)
                .await?
        };
        let actor_datalist = if actors.is_empty() {
            Arc::clone(&cur.actor_datalist)
        } else {
            Arc::new(crate::views::actor_datalist(catalog.actors()))
        };
        let responses = cur
            .responses
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .surviving(&touched);
        let last = entries
            .last()
            .map_or_else(|| cur.head.clone(), |e| (e.seq, e.hash.clone()));
        Ok(Snapshot::new(
            catalog,
            Arc::clone(&cur.rates),
            latest,
            last,
            actor_datalist,
            responses,
        ))
    }

    /// Follows other writers until the process ends: an indexed look at the log's head
    /// every `every`, and the entries after it when it moved.
    pub fn spawn_follower(self: &Arc<Self>, every: Duration) {
        let model = Arc::clone(self);
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(every);
            tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                tick.tick().await;
                let polled = model.poll().await;
                model.report(polled.as_ref().err());
            }
        });
    }

    /// Never stores the snapshot in the database (read-only mode).
    pub fn keep_in_memory_only(&self) {
        self.stores
            .store(false, std::sync::atomic::Ordering::Relaxed);
    }

    /// Logs the start and end of a run of failed polls, and each failure at debug level.
    fn report(&self, error: Option<&anyhow::Error>) {
        use std::sync::atomic::Ordering;
        let was_failing = self.failing.swap(error.is_some(), Ordering::Relaxed);
        match (error, was_failing) {
            (Some(e), false) => tracing::warn!(
                error = format!("{e:#}"),
                "following the change log failed; serving the previous snapshot until the database answers"
            ),
            (Some(e), true) => tracing::debug!(
                error = format!("{e:#}"),
                "the change log is still out of reach"
            ),
            (None, true) => tracing::info!("the database answers again; following the change log"),
            (None, false) => {}
        }
    }

    async fn poll(&self) -> anyhow::Result<bool> {
        self.save_when_due().await;
        let (seq, _) = self.db.change_head().await?;
        let cur = self.current();
        if seq == cur.head.0 && cur.catalog.today() == Utc::now().date_naive() {
            return Ok(false);
        }
        self.catch_up().await
    }
}
