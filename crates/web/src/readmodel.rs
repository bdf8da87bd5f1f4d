//! The in-memory read model: a snapshot of the catalog, the rates, the dashboard figures
//! and the rendered dashboard, rebuilt after every write and whenever a poll sees the
//! database or the day change (another instance or the CLI wrote, or midnight passed).

use axum::body::Bytes;
use chrono::{NaiveDate, Utc};
use domain::catalog::Catalog;
use domain::dashboard::{self, Dashboard};
use domain::{Currency, RateTable};
use persistence::Db;
use persistence::feed::{FeedScope, FollowUpEntry};
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;
use tera::Tera;

/// How many follow-ups the dashboard lists.
pub const LATEST_FOLLOW_UPS: u64 = 15;

/// Bytes of responses kept per snapshot; past this the cache starts afresh. Bounded by
/// size, not count, so that memory stays flat whatever mix of pages is asked for.
const RESPONSE_CACHE_BYTES: usize = 8 * 1024 * 1024;

#[derive(Default)]
struct ResponseCache {
    bodies: HashMap<String, Bytes>,
    bytes: usize,
}

pub struct Snapshot {
    pub catalog: Catalog,
    pub rates: RateTable,
    pub dashboard: Dashboard,
    pub latest: Vec<FollowUpEntry>,
    pub fingerprint: String,
    /// A validator for everything derived from this snapshot.
    pub version: String,
    pub dashboard_html: Bytes,
    /// The actor choices of the list filter, escaped once per snapshot rather than
    /// rendered for every request: hundreds of options.
    pub actor_datalist: String,
    /// Rendered responses by request target. They live and die with the snapshot, so a
    /// write (which replaces the snapshot) invalidates all of them at once.
    responses: Mutex<ResponseCache>,
}

impl Snapshot {
    pub fn cached_response(&self, target: &str) -> Option<Bytes> {
        self.responses
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .bodies
            .get(target)
            .cloned()
    }

    pub fn keep_response(&self, target: &str, body: Bytes) {
        let size = body.len() + target.len();
        let evicted = {
            let mut cache = self.responses.lock().unwrap_or_else(|e| e.into_inner());
            let evicted =
                (cache.bytes + size > RESPONSE_CACHE_BYTES).then(|| std::mem::take(&mut *cache));
            cache.bytes += size;
            cache.bodies.insert(target.to_owned(), body);
            evicted
        };
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
    templates: Arc<Tera>,
    current: RwLock<Arc<Snapshot>>,
    rebuild: tokio::sync::Mutex<()>,
}

/// The catalog alone, as of today (for digest runs outside the server).
pub async fn load_catalog(db: &Db) -> anyhow::Result<Catalog> {
    let rates = db.rate_table().await?;
    catalog_of(db, &rates, Utc::now().date_naive()).await
}

async fn catalog_of(db: &Db, rates: &RateTable, today: NaiveDate) -> anyhow::Result<Catalog> {
    Ok(Catalog::new(
        db.pledge_summaries().await?,
        db.actors().await?,
        db.events().await?,
        rates,
        Currency::EUR,
        today,
    ))
}

async fn build(db: &Db, templates: &Tera, today: NaiveDate) -> anyhow::Result<Snapshot> {
    let fingerprint = db.fingerprint().await?;
    let rates = db.rate_table().await?;
    let catalog = catalog_of(db, &rates, today).await?;
    let dashboard = dashboard::build(&catalog, &rates);
    let latest = db
        .recent_follow_ups(&FeedScope::All, LATEST_FOLLOW_UPS)
        .await?;
    let version = format!("{fingerprint}@{today}");
    let actor_datalist = crate::views::actor_datalist(catalog.actors());
    let dashboard_html = Bytes::from(crate::views::render_dashboard(
        templates, &catalog, &dashboard, &latest,
    )?);
    Ok(Snapshot {
        catalog,
        rates,
        dashboard,
        latest,
        fingerprint,
        version,
        actor_datalist,
        dashboard_html,
        responses: Mutex::new(ResponseCache::default()),
    })
}

impl ReadModel {
    pub async fn load(db: Db, templates: Arc<Tera>) -> anyhow::Result<Self> {
        let snapshot = build(&db, &templates, Utc::now().date_naive()).await?;
        Ok(Self {
            db,
            templates,
            current: RwLock::new(Arc::new(snapshot)),
            rebuild: tokio::sync::Mutex::new(()),
        })
    }

    pub fn current(&self) -> Arc<Snapshot> {
        self.current
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// Rebuilds from the database now; call after every write.
    pub async fn refresh(&self) -> anyhow::Result<()> {
        let _one_at_a_time = self.rebuild.lock().await;
        let snapshot = build(&self.db, &self.templates, Utc::now().date_naive()).await?;
        *self.current.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(snapshot);
        Ok(())
    }

    /// Rebuilds only if the database or the day changed since the current snapshot.
    pub async fn refresh_if_stale(&self) -> anyhow::Result<bool> {
        let current = self.current();
        let fingerprint = self.db.fingerprint().await?;
        if fingerprint == current.fingerprint && current.catalog.today() == Utc::now().date_naive()
        {
            return Ok(false);
        }
        self.refresh().await?;
        Ok(true)
    }

    /// Polls for changes made elsewhere until the process ends.
    pub fn spawn_poller(self: &Arc<Self>, every: Duration) {
        let model = Arc::clone(self);
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(every);
            tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                tick.tick().await;
                if let Err(e) = model.refresh_if_stale().await {
                    tracing::warn!(error = %e, "read model refresh failed; serving the previous snapshot");
                }
            }
        });
    }
}
