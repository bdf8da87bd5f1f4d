//! The editors' list of broken evidence links: every cited address whose last check found
//! it gone, changed since cited or unreachable, with the pledges it supports. Editors and
//! admins only; it changes nothing.

use crate::auth::Editor;
use crate::error::PageResult;
use crate::page::{Nav, Page, View};
use crate::state::AppState;
use axum::extract::State;
use axum::response::{Html, IntoResponse, Response};
use domain::link_health::REPEATED_TIMEOUTS;
use persistence::link_checks::BrokenLink;
use serde::Serialize;

/// A pledge a broken link supports.
#[derive(Serialize)]
struct PledgeLink<'a> {
    slug: &'a str,
    title: &'a str,
}

/// One broken link and what its last check found.
#[derive(Serialize)]
struct LinkRow<'a> {
    url: &'a str,
    final_url: Option<&'a str>,
    health: &'static str,
    /// The outcome's code (the page names it in its language).
    outcome: &'static str,
    http_status: Option<u16>,
    detail: Option<&'a str>,
    checked_at: String,
    checks: u32,
    pledges: Vec<PledgeLink<'a>>,
    archived_copies: &'a [String],
}

/// `admin_links.html`.
#[derive(Serialize)]
struct LinksView<'a> {
    /// Whether any check was ever recorded.
    checked: bool,
    /// How many timeouts in a row make a link gone.
    repeated: u32,
    links: Vec<LinkRow<'a>>,
}

impl View for LinksView<'_> {
    const TEMPLATE: &'static str = "admin_links.html";
}

fn row(b: &BrokenLink) -> LinkRow<'_> {
    let latest = &b.record.latest;
    LinkRow {
        url: &latest.url,
        final_url: latest.final_url.as_deref(),
        health: b.health.code(),
        outcome: latest.outcome.code(),
        http_status: latest.http_status,
        detail: latest.detail.as_deref(),
        checked_at: latest.checked_at.format("%Y-%m-%d %H:%M UTC").to_string(),
        checks: b.record.checks,
        pledges: b
            .pledges
            .iter()
            .map(|(slug, title)| PledgeLink {
                slug: slug.as_str(),
                title,
            })
            .collect(),
        archived_copies: &b.archived_copies,
    }
}

/// Broken links, gone first, with the pledges each supports.
#[utoipa::path(get, path = "/admin/links", tag = "pages", responses((status = 200, content_type = "text/html"), (status = 303, description = "Not logged in")))]
pub async fn broken_links(
    State(state): State<AppState>,
    Editor(_editor): Editor,
) -> PageResult<Response> {
    let broken = state.db.broken_links().await?;
    let checked = state.db.link_checks_version().await?.is_some();
    let view = LinksView {
        checked,
        repeated: REPEATED_TIMEOUTS,
        links: broken.iter().map(row).collect(),
    };
    let html = Page::new(Nav::None).render(&state.templates, &view)?;
    Ok(Html(html).into_response())
}
