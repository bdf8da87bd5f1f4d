//! The HTTP routes: for now the home page and the health check (the pages are issue 3's).

use crate::error::AppError;
use crate::state::AppState;
use axum::extract::State;
use axum::response::{Html, IntoResponse};
use axum::routing::get;
use axum::{Json, Router};
use serde_json::json;

pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/", get(home))
        .route("/healthz", get(healthz))
        .with_state(state)
}

async fn home(State(state): State<AppState>) -> Result<Html<String>, AppError> {
    let mut pledges = Vec::new();
    for slug in state.db.pledge_slugs().await? {
        let record = state.db.pledge(&slug).await?;
        pledges.push(json!({
            "slug": slug.as_str(),
            "title": record.pledge.title().as_str(),
            "delivery": record.state.delivery.label(),
            "parent": record.pledge.parent().map(|p| p.as_str().to_owned()),
        }));
    }
    let mut ctx = tera::Context::new();
    ctx.insert("pledges", &pledges);
    Ok(Html(state.templates.render("home.html", &ctx)?))
}

async fn healthz(State(state): State<AppState>) -> impl IntoResponse {
    match state.db.ping().await {
        Ok(()) => (
            axum::http::StatusCode::OK,
            Json(json!({ "status": "ok", "database": "ok" })),
        ),
        Err(e) => {
            tracing::error!(error = %e, "health check: database unreachable");
            (
                axum::http::StatusCode::SERVICE_UNAVAILABLE,
                Json(json!({ "status": "error", "database": "unreachable" })),
            )
        }
    }
}
