//! What every handler shares: the database, the compiled templates, the read model, the
//! public address used in feeds and mail, the trusted proxies, the mailroom, the metrics,
//! and whether the tracker serves reads only; with the write that keeps the read model
//! current and the client's address as the proxies report it.

use crate::readmodel::ReadModel;
use axum::extract::FromRef;
use i18n::Templates;
use persistence::Db;
use std::sync::Arc;

#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub templates: Arc<Templates>,
    pub model: Arc<ReadModel>,
    /// Absolute base of links in feeds and mail, e.g. https://pledgewatch.example.org.
    pub public_url: Arc<str>,
    /// Proxies whose `X-Forwarded-For` names the real client.
    pub trusted_proxies: Arc<[std::net::IpAddr]>,
    /// Writes confirmation mail, reminders and digests.
    pub mail: Arc<mail::Mailroom>,
    /// Serving reads only (`PLEDGEWATCH_READ_ONLY`): every write request is refused.
    pub read_only: bool,
    /// Request series and the `/metrics` token.
    pub metrics: Arc<crate::metrics::Metrics>,
    /// When links were last checked, read at most four times a second.
    pub link_clock: Arc<crate::link_clock::LinkClock>,
}

// The parts a handler or layer may take alone (`State<Db>`), so that a module the state
// holds, such as the metrics, need not name the state.
impl FromRef<AppState> for Db {
    fn from_ref(state: &AppState) -> Self {
        state.db.clone()
    }
}

impl FromRef<AppState> for Arc<ReadModel> {
    fn from_ref(state: &AppState) -> Self {
        state.model.clone()
    }
}

impl FromRef<AppState> for Arc<crate::metrics::Metrics> {
    fn from_ref(state: &AppState) -> Self {
        state.metrics.clone()
    }
}

impl AppState {
    /// Applies a change through storage's one entry point (rows, audit and log entry in
    /// one transaction), then brings this process's read model up to it. If following
    /// fails the write still stands, and the next poll of the log catches up.
    pub async fn apply(
        &self,
        change: persistence::Change,
        author: persistence::Author<'_>,
    ) -> Result<persistence::Applied, persistence::StoreError> {
        let applied = self.db.apply(change, author, chrono::Utc::now()).await?;
        self.follow(&applied).await;
        Ok(applied)
    }

    /// Brings this process's read model up to a change written by a use case that applied
    /// it inside its own transaction (accepting a contribution). If following fails the
    /// write still stands, and the next poll of the log catches up.
    pub async fn follow(&self, applied: &persistence::Applied) {
        if let Some(entry) = &applied.entry
            && let Err(e) = self.model.follow(entry).await
        {
            tracing::warn!(
                error = format!("{e:#}"),
                "the read model could not follow a change yet"
            );
        }
    }

    /// The client's address: the peer, or the last hop a trusted proxy reports.
    pub fn client_address(
        &self,
        peer: std::net::IpAddr,
        headers: &axum::http::HeaderMap,
    ) -> std::net::IpAddr {
        if !self.trusted_proxies.contains(&peer) {
            return peer;
        }
        headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .filter_map(|ip| ip.trim().parse().ok())
            .next_back()
            .unwrap_or(peer)
    }
}
