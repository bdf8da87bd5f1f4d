//! The editors' list of broken evidence links: every cited address whose last check found
//! it gone, changed since cited or unreachable, with the pledges it supports. Editors and
//! admins only; it changes nothing.

use crate::auth::Editor;
use crate::error::PageResult;
use crate::state::AppState;
use axum::extract::State;
use axum::response::{Html, IntoResponse, Response};
use domain::link_health::REPEATED_TIMEOUTS;
use serde_json::json;
use tera::Context;

/// Broken links, gone first, with the pledges each supports.
#[utoipa::path(get, path = "/admin/links", tag = "pages", responses((status = 200, content_type = "text/html"), (status = 303, description = "Not logged in")))]
pub async fn broken_links(
    State(state): State<AppState>,
    Editor(_editor): Editor,
) -> PageResult<Response> {
    let broken = state.db.broken_links().await?;
    let checked = state.db.link_checks_version().await?.is_some();
    let mut ctx = Context::new();
    ctx.insert("nav", "");
    ctx.insert("checked", &checked);
    ctx.insert("repeated", &REPEATED_TIMEOUTS);
    ctx.insert(
        "links",
        &broken
            .iter()
            .map(|b| {
                let latest = &b.record.latest;
                json!({
                    "url": latest.url,
                    "final_url": latest.final_url,
                    "health": b.health.code(),
                    "health_label": b.health.label(),
                    "outcome": latest.outcome.label(),
                    "http_status": latest.http_status,
                    "detail": latest.detail,
                    "checked_at": latest.checked_at.format("%Y-%m-%d %H:%M UTC").to_string(),
                    "checks": b.record.checks,
                    "pledges": b.pledges.iter().map(|(slug, title)| json!({ "slug": slug.as_str(), "title": title })).collect::<Vec<_>>(),
                })
            })
            .collect::<Vec<_>>(),
    );
    Ok(Html(state.templates.render("admin_links.html", &ctx)?).into_response())
}
