//! Liveness and readiness: `/healthz` answers as long as the process serves, with what the
//! database can do; `/readyz` answers 200 only when the database does what this instance
//! needs (reads and writes, or reads alone in read-only mode). Both answer within a second
//! whatever the database does. Also the guard that refuses writes in read-only mode.

use crate::error::{ApiError, AppError};
use crate::state::AppState;
use axum::extract::{Request, State};
use axum::http::{Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use persistence::fault::Health;
use serde::Serialize;
use std::time::Duration;

/// The bound of each database probe (the read and the write run side by side).
const PROBE_LIMIT: Duration = Duration::from_millis(400);

/// The body of both checks, its fields in the order they always had.
#[derive(Serialize)]
struct HealthJson {
    /// `/healthz`: ok; `/readyz`: ready or not ready.
    status: &'static str,
    /// ok, read-only, busy, unavailable or failing.
    database: &'static str,
    read: &'static str,
    write: &'static str,
    /// `read-only` or `read-write`: the instance's setting, not the database's state.
    mode: &'static str,
    probe_ms: u64,
}

fn body(state: &AppState, health: &Health, ready: bool) -> HealthJson {
    HealthJson {
        status: if ready { "ready" } else { "not ready" },
        database: health.summary(),
        read: health.read.code(),
        write: health.write.code(),
        mode: if state.read_only {
            "read-only"
        } else {
            "read-write"
        },
        probe_ms: health.ms,
    }
}

fn ready(state: &AppState, health: &Health) -> bool {
    health.reads() && (state.read_only || health.writes())
}

/// Liveness: the process serves. Always 200; the body says what the database can do
/// (`database`: ok, read-only, busy, unavailable or failing).
#[utoipa::path(get, path = "/healthz", tag = "operations",
    responses((status = 200, description = "The process serves; `database` says whether the database reads and writes (ok, read-only, busy, unavailable, failing)", content_type = "application/json")))]
pub async fn healthz(State(state): State<AppState>) -> impl IntoResponse {
    let health = state.db.health(PROBE_LIMIT).await;
    if health.summary() != "ok" {
        tracing::debug!(database = health.summary(), "health check");
    }
    let answer = HealthJson {
        status: "ok",
        ..body(&state, &health, ready(&state, &health))
    };
    axum::Json(answer)
}

/// Readiness: 200 when the database reads and writes (reads alone when the tracker is
/// read-only by setting); 503 otherwise, with the same body as `/healthz`.
#[utoipa::path(get, path = "/readyz", tag = "operations",
    responses((status = 200, description = "The database does what this instance needs", content_type = "application/json"),
        (status = 503, description = "The database is unavailable, busy or read-only", content_type = "application/json")))]
pub async fn readyz(State(state): State<AppState>) -> Response {
    let health = state.db.health(PROBE_LIMIT).await;
    let ready = ready(&state, &health);
    let status = if ready {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    let mut response = (status, axum::Json(body(&state, &health, ready))).into_response();
    if !ready {
        response.headers_mut().insert(
            axum::http::header::RETRY_AFTER,
            axum::http::HeaderValue::from(crate::error::RETRY_AFTER_SECS),
        );
    }
    response
}

/// In read-only mode, refuses every request that could change something (anything but
/// GET and HEAD) with 503 and a message saying the tracker is read-only.
pub async fn refuse_writes(State(state): State<AppState>, req: Request, next: Next) -> Response {
    if !state.read_only || matches!(*req.method(), Method::GET | Method::HEAD) {
        return next.run(req).await;
    }
    if req.uri().path().starts_with("/api/") {
        ApiError(AppError::read_only_mode()).into_response()
    } else {
        AppError::read_only_mode().into_response()
    }
}
