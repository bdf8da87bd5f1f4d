//! One pledge's page: from the snapshot where it holds the data (summary, state, children,
//! names), with the quote, conditions, sources, follow-ups and edits read beside it.

use crate::error::{AppError, PageResult};
use crate::page::View;
use crate::page::{Nav, Page};
use crate::routes::conditional::{HTML, memo};
use crate::routes::contribute::replies::{TimelineReplies, for_timeline};
use crate::state::AppState;
use crate::views::follow_up_view;
use crate::views::pledge::PledgeView;
use crate::views::pledge::{PledgeReads, pledge_view};
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use domain::Slug;
use serde::Serialize;

/// The pledge's view with the actors' replies placed beside the follow-ups they answer.
#[derive(Serialize)]
struct WithReplies<'a> {
    #[serde(flatten)]
    view: PledgeView<'a>,
    /// `replies` (by the answered follow-up's id) and `reply_ids` (left out of the order).
    #[serde(flatten)]
    replies: TimelineReplies,
}

impl View for WithReplies<'_> {
    const TEMPLATE: &'static str = "pledge.html";
}

/// One pledge: summary, quote, money by stage, conditions, deadline, timeline, children,
/// sources.
#[utoipa::path(get, path = "/pledges/{slug}", tag = "pages", params(("slug" = String, Path, description = "The pledge's slug")),
    responses((status = 200, content_type = "text/html"), (status = 404, description = "No such pledge")))]
pub async fn pledge_page(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(raw): Path<String>,
) -> PageResult<Response> {
    let not_found = || AppError::NotFound(format!("pledge {raw:?}"));
    let slug = Slug::parse("slug", &raw).map_err(|_| not_found())?;
    let snapshot = state.model.current();
    let catalog = &snapshot.catalog;
    let (summary, derived) = catalog.get(&slug).ok_or_else(not_found)?;
    // Evidence health changes without a change-log entry: cached under the last check too.
    let target = match state.link_clock.checked_at(&state.db).await {
        Some(at) => format!("/pledges/{slug}?links={}", at.timestamp_micros()),
        None => format!("/pledges/{slug}"),
    };
    memo(&snapshot, &headers, &target, HTML, || async {
        // Independent reads, so they run at once.
        let (record, mut history, sources, edits) = tokio::try_join!(
            state.db.pledge(&slug),
            state.db.history(&slug),
            state.db.sources(),
            state.db.pledge_edits(&slug),
        )?;
        history.reverse();
        let reads = PledgeReads {
            pledge: &record.pledge,
            history: &history,
            sources: &sources,
            edits: &edits,
        };
        let page = Page::new(Nav::Pledges);
        let lang = page.lang();
        let mut view = pledge_view(catalog, &snapshot.rates, summary, derived, reads, lang);
        crate::links::mark_evidence(&state.db, &mut view.timeline).await?;
        let replies = for_timeline(&state, &history, |id, f| {
            follow_up_view(id, slug.as_str(), summary.title.as_str(), f, lang)
        })
        .await?;
        let view = WithReplies { view, replies };
        let html = page.render(&state.templates, &view)?;
        Ok(Bytes::from(html))
    })
    .await
}
