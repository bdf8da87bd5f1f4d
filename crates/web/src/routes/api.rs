//! The JSON API, version 1: pledges (with the list page's filters, paged with `Link`
//! headers), actors and events (follow-ups are in [`super::follow_ups`]). Money is
//! integer minor units with its currency and exponent, never a float.

use super::conditional::{cached, memo};
use super::open_data::page_links;
use crate::dto::follow_up::follow_up_json;
use crate::dto::pledge::{
    LinksJson, PledgeDetailJson, PledgePageJson, pledge_detail_json, pledge_json,
};
use crate::dto::reference::{ActorJson, EventJson, actor_json, event_json};
use crate::dto::{JSON, json_body};
use crate::error::{ApiError, ApiResult, AppError, ProblemJson};
use crate::query;
use crate::state::AppState;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, Uri, header};
use axum::response::Response;
use domain::Slug;
use persistence::feed::FollowUpEntry;
use utoipa::IntoParams;

/// The list filters, shared by `/pledges`, `/api/v1/pledges` and `/export/pledges.csv`.
/// Each filter may repeat or take comma-separated values; filters combine with AND,
/// values of one filter with OR.
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
pub struct ListParams {
    /// Delivery status codes, e.g. `in_progress`.
    delivery: Option<String>,
    /// Strength codes: `floated`, `announced`, `formalised`, `binding`.
    strength: Option<String>,
    /// Schedule codes, e.g. `overdue`, `due_soon`.
    schedule: Option<String>,
    /// Theme codes, e.g. `public_interest_ai`.
    theme: Option<String>,
    /// Actor slugs.
    actor: Option<String>,
    /// Event slugs.
    event: Option<String>,
    /// Kind codes, e.g. `fund`.
    kind: Option<String>,
    /// Words that must all appear in the title, summary or slug.
    q: Option<String>,
    /// `title` (default), `newest`, `deadline`, `updated` or `money`.
    sort: Option<String>,
    /// Page number from 1 (default 1).
    page: Option<u32>,
    /// Results per page, 1 to 100 (default 25).
    per_page: Option<u32>,
}

/// Pledges, filtered, sorted and paginated like the list page.
#[utoipa::path(get, path = "/api/v1/pledges", tag = "api", params(ListParams),
    responses((status = 200, body = PledgePageJson,
        headers(("link" = String, description = "RFC 8288 links: first, prev, next and last pages"))), (status = 400, body = ProblemJson, content_type = "application/problem+json", description = "A filter, sort or page value is invalid")))]
pub async fn list_pledges(
    State(state): State<AppState>,
    headers: HeaderMap,
    uri: Uri,
    Query(pairs): Query<Vec<(String, String)>>,
) -> ApiResult<Response> {
    let q = query::parse(&pairs)?;
    let snapshot = state.model.current();
    memo(&snapshot, &headers, &uri.to_string(), JSON, || async {
        let page = snapshot.catalog.page(&q.filter, q.sort, q.page, q.per_page);
        let link = |n: usize| format!("/api/v1/pledges?{}", query::to_query_string(&q, n));
        let links = page_links(page.page, page.pages, link);
        let body = PledgePageJson {
            items: page.items.iter().map(|(p, d)| pledge_json(p, d)).collect(),
            page: page.page,
            per_page: page.per_page,
            total: page.total,
            pages: page.pages,
            links: LinksJson {
                next: (page.page < page.pages).then(|| link(page.page + 1)),
                prev: (page.page > 1).then(|| link(page.page - 1)),
            },
        };
        Ok((json_body(&body)?, vec![(header::LINK, links)]))
    })
    .await
}

fn not_found(what: &str, raw: &str) -> ApiError {
    ApiError(AppError::NotFound(format!("{what} {raw:?}")))
}

/// One pledge with its quote, sources, children and follow-ups (newest first).
#[utoipa::path(get, path = "/api/v1/pledges/{slug}", tag = "api", params(("slug" = String, Path)),
    responses((status = 200, body = PledgeDetailJson), (status = 404, body = ProblemJson, content_type = "application/problem+json")))]
pub async fn get_pledge(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(raw): Path<String>,
) -> ApiResult<Response> {
    let slug = Slug::parse("slug", &raw).map_err(|_| not_found("pledge", &raw))?;
    let snapshot = state.model.current();
    let (summary, derived) = snapshot
        .catalog
        .get(&slug)
        .ok_or_else(|| not_found("pledge", &raw))?;
    memo(
        &snapshot,
        &headers,
        &format!("/api/v1/pledges/{slug}"),
        JSON,
        || async {
            // Independent reads, so they run at once.
            let (record, history, sources) = tokio::try_join!(
                state.db.pledge(&slug),
                state.db.history(&slug),
                state.db.sources(),
            )?;
            let p = &record.pledge;
            let children = snapshot
                .catalog
                .children_of(&slug)
                .iter()
                .map(|(c, _)| c.slug.to_string())
                .collect();
            let follow_ups = history
                .iter()
                .rev()
                .map(|(id, f)| {
                    follow_up_json(&FollowUpEntry {
                        id: *id,
                        pledge: slug.clone(),
                        pledge_title: p.title().to_string(),
                        follow_up: f.clone(),
                    })
                })
                .collect();
            let body = pledge_detail_json(
                pledge_json(summary, derived),
                p,
                children,
                &sources,
                follow_ups,
            );
            json_body(&body)
        },
    )
    .await
}

/// Every actor with the number of pledges naming it.
#[utoipa::path(get, path = "/api/v1/actors", tag = "api", responses((status = 200, body = Vec<ActorJson>)))]
pub async fn list_actors(State(state): State<AppState>, headers: HeaderMap) -> ApiResult<Response> {
    let snapshot = state.model.current();
    let etag = snapshot.etag_for("/api/v1/actors");
    let mut counts = std::collections::HashMap::<&Slug, usize>::new();
    for (p, _) in snapshot.catalog.pledges() {
        for (a, _) in &p.actors {
            *counts.entry(a).or_default() += 1;
        }
    }
    let body: Vec<ActorJson> = snapshot
        .catalog
        .actors()
        .iter()
        .map(|a| actor_json(a, counts.get(&a.slug).copied().unwrap_or(0)))
        .collect();
    Ok(cached(&headers, &etag, JSON, json_body(&body)?))
}

#[utoipa::path(get, path = "/api/v1/actors/{slug}", tag = "api", params(("slug" = String, Path)),
    responses((status = 200, body = ActorJson), (status = 404, body = ProblemJson, content_type = "application/problem+json")))]
pub async fn get_actor(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(raw): Path<String>,
) -> ApiResult<Response> {
    let slug = Slug::parse("slug", &raw).map_err(|_| not_found("actor", &raw))?;
    let snapshot = state.model.current();
    let actor = snapshot
        .catalog
        .actor(&slug)
        .ok_or_else(|| not_found("actor", &raw))?;
    let etag = snapshot.etag_for(&format!("/api/v1/actors/{slug}"));
    Ok(cached(
        &headers,
        &etag,
        JSON,
        json_body(&actor_json(
            actor,
            snapshot
                .catalog
                .pledges()
                .filter(|(p, _)| p.actors.iter().any(|(s, _)| *s == actor.slug))
                .count(),
        ))?,
    ))
}

/// Every event with the number of pledges announced there.
#[utoipa::path(get, path = "/api/v1/events", tag = "api", responses((status = 200, body = Vec<EventJson>)))]
pub async fn list_events(State(state): State<AppState>, headers: HeaderMap) -> ApiResult<Response> {
    let snapshot = state.model.current();
    let etag = snapshot.etag_for("/api/v1/events");
    let body: Vec<EventJson> = snapshot
        .catalog
        .events()
        .iter()
        .map(|e| event_json(e, pledges_at(&snapshot, e)))
        .collect();
    Ok(cached(&headers, &etag, JSON, json_body(&body)?))
}

#[utoipa::path(get, path = "/api/v1/events/{slug}", tag = "api", params(("slug" = String, Path)),
    responses((status = 200, body = EventJson), (status = 404, body = ProblemJson, content_type = "application/problem+json")))]
pub async fn get_event(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(raw): Path<String>,
) -> ApiResult<Response> {
    let slug = Slug::parse("slug", &raw).map_err(|_| not_found("event", &raw))?;
    let snapshot = state.model.current();
    let event = snapshot
        .catalog
        .event(&slug)
        .ok_or_else(|| not_found("event", &raw))?;
    let etag = snapshot.etag_for(&format!("/api/v1/events/{slug}"));
    Ok(cached(
        &headers,
        &etag,
        JSON,
        json_body(&event_json(event, pledges_at(&snapshot, event)))?,
    ))
}

/// How many pledges were announced at an event.
fn pledges_at(snapshot: &crate::readmodel::Snapshot, e: &domain::Event) -> usize {
    snapshot
        .catalog
        .pledges()
        .filter(|(p, _)| p.event.as_ref() == Some(&e.slug))
        .count()
}
