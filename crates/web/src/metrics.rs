//! `/metrics` in the Prometheus (OpenMetrics) text format: requests by matched route and
//! status with latency histograms, recorded by a layer on every route; and, read at each
//! scrape, outbox messages by state, dead messages, paused digest runs and the read
//! model's lag behind the change log. Answered only to `Authorization: Bearer` with
//! `PLEDGEWATCH_METRICS_TOKEN`; without that setting the path does not exist (404).

use crate::error::AppError;
use crate::mail::outbox::OutboxStatus;
use crate::readmodel::ReadModel;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use persistence::Db;
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;
use std::sync::Arc;
use std::time::Instant;
use subtle::ConstantTimeEq;

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    method: String,
    /// The route as declared (`/pledges/{slug}`), never the path asked for: slugs would
    /// make a series per page, and `unmatched` covers every 404 of the fallback.
    route: String,
    status: u16,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct StateLabel {
    state: String,
}

type LatencyFamily = Family<RequestLabels, Histogram, fn() -> Histogram>;

/// From 1 ms to about 16 s, doubling.
fn latency_histogram() -> Histogram {
    Histogram::new(exponential_buckets(0.001, 2.0, 15))
}

/// The registry and the series kept in it; shared by every request.
pub struct Metrics {
    registry: Registry,
    requests: Family<RequestLabels, Counter>,
    latency: LatencyFamily,
    outbox: Family<StateLabel, Gauge>,
    dead: Gauge,
    paused_runs: Gauge,
    read_model_lag: Gauge,
    database_ok: Gauge,
    token: Option<String>,
}

impl Metrics {
    /// The series, served only to `token` (none: `/metrics` answers 404).
    pub fn new(token: Option<String>) -> Self {
        let mut registry = Registry::with_prefix("pledgewatch");
        let requests = Family::<RequestLabels, Counter>::default();
        let latency = LatencyFamily::new_with_constructor(latency_histogram);
        let outbox = Family::<StateLabel, Gauge>::default();
        let (dead, paused_runs, read_model_lag, database_ok) = Default::default();
        registry.register(
            "http_requests",
            "HTTP requests answered, by method, matched route and status",
            requests.clone(),
        );
        registry.register(
            "http_request_duration_seconds",
            "Time to the response head, by method, matched route and status",
            latency.clone(),
        );
        registry.register(
            "outbox_messages",
            "Mail in the outbox by state (pending, sending, sent, dead, skipped)",
            outbox.clone(),
        );
        registry.register(
            "outbox_dead_messages",
            "Mail that will not be retried unless an admin re-queues it",
            Gauge::clone(&dead),
        );
        registry.register(
            "digest_runs_paused",
            "Digest runs paused until an admin resumes them",
            Gauge::clone(&paused_runs),
        );
        registry.register(
            "read_model_lag_entries",
            "Change-log entries written but not yet in this instance's read model",
            Gauge::clone(&read_model_lag),
        );
        registry.register(
            "metrics_database_ok",
            "1 when the figures read from the database at this scrape are current",
            Gauge::clone(&database_ok),
        );
        Self {
            registry,
            requests,
            latency,
            outbox,
            dead,
            paused_runs,
            read_model_lag,
            database_ok,
            token: token.filter(|t| !t.is_empty()),
        }
    }

    fn record(&self, method: &str, route: &str, status: StatusCode, started: Instant) {
        let labels = RequestLabels {
            method: method.to_owned(),
            route: route.to_owned(),
            status: status.as_u16(),
        };
        self.requests.get_or_create(&labels).inc();
        self.latency
            .get_or_create(&labels)
            .observe(started.elapsed().as_secs_f64());
    }

    /// True when the request carries the configured token (compared in constant time).
    fn allows(&self, headers: &HeaderMap) -> bool {
        let Some(token) = &self.token else {
            return false;
        };
        headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .is_some_and(|given| bool::from(given.trim().as_bytes().ct_eq(token.as_bytes())))
    }
}

/// Counts each answered request under its matched route and status.
pub async fn record(State(metrics): State<Arc<Metrics>>, request: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = request.method().as_str().to_owned();
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "unmatched".to_owned(), |p| p.as_str().to_owned());
    let response = next.run(request).await;
    metrics.record(&method, &route, response.status(), started);
    response
}

/// The metrics, to a scraper holding the token.
#[utoipa::path(get, path = "/metrics", tag = "operations", responses(
    (status = 200, content_type = "application/openmetrics-text", description = "Prometheus text format"),
    (status = 401, description = "No or the wrong bearer token"),
    (status = 404, description = "PLEDGEWATCH_METRICS_TOKEN is not set")))]
pub async fn metrics(
    State(m): State<Arc<Metrics>>,
    State(db): State<Db>,
    State(model): State<Arc<ReadModel>>,
    headers: HeaderMap,
) -> Response {
    if m.token.is_none() {
        return AppError::NotFound("That page".into()).into_response();
    }
    if !m.allows(&headers) {
        return (
            StatusCode::UNAUTHORIZED,
            [(header::WWW_AUTHENTICATE, "Bearer")],
            "/metrics needs Authorization: Bearer with PLEDGEWATCH_METRICS_TOKEN\n",
        )
            .into_response();
    }
    let read = async {
        let counts = db.outbox_counts().await?;
        let paused = db.paused_digest_runs().await?;
        let (head, _) = db.change_head().await?;
        Ok::<_, persistence::StoreError>((counts, paused, head))
    };
    match read.await {
        Ok((counts, paused, head)) => {
            for s in OutboxStatus::ALL {
                let n = counts.get(s);
                m.outbox
                    .get_or_create(&StateLabel {
                        state: s.code().into(),
                    })
                    .set(i64::try_from(n).unwrap_or(i64::MAX));
            }
            let dead = counts.get(OutboxStatus::Dead);
            m.dead.set(i64::try_from(dead).unwrap_or(i64::MAX));
            m.paused_runs.set(i64::try_from(paused).unwrap_or(i64::MAX));
            m.read_model_lag.set((head - model.current().head.0).max(0));
            m.database_ok.set(1);
        }
        Err(e) => {
            // The request series are still worth a scrape while the database is away.
            tracing::warn!(error = %persistence::chain(&e), "/metrics could not read the database");
            m.database_ok.set(0);
        }
    }
    let mut body = String::new();
    if let Err(e) = prometheus_client::encoding::text::encode(&mut body, &m.registry) {
        return AppError::Internal(anyhow::anyhow!("encoding metrics: {e}")).into_response();
    }
    (
        [
            (
                header::CONTENT_TYPE,
                "application/openmetrics-text; version=1.0.0; charset=utf-8",
            ),
            (header::CACHE_CONTROL, "no-store"),
        ],
        body,
    )
        .into_response()
}
