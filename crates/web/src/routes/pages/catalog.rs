//! The pages over the whole catalog: the dashboard, the filtered pledge list, the money
//! table and the data page.

use crate::error::PageResult;
use crate::page::{Nav, Page};
use crate::query::{self, ListQuery};
use crate::routes::conditional::{HTML, cached, memo};
use crate::state::AppState;
use crate::views::list::list_view;
use crate::views::money::{DataView, money_view};
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, Uri};
use axum::response::Response;

/// The dashboard, rendered once per change of the data.
#[utoipa::path(get, path = "/", tag = "pages", responses((status = 200, content_type = "text/html")))]
pub async fn dashboard(State(state): State<AppState>, headers: HeaderMap) -> PageResult<Response> {
    let snapshot = state.model.current();
    let lang = crate::locale::current().lang;
    // Once links have been checked, the dashboard counts pledges resting on evidence at
    // risk, which changes without a change-log entry: cached under the last check too.
    if let Some(at) = state.link_clock.checked_at(&state.db).await {
        let target = format!("/?links={}", at.timestamp_micros());
        return memo(&snapshot, &headers, &target, HTML, || async {
            let plain = snapshot.dashboard_html(&state.templates, lang)?;
            crate::links::dashboard_with_health(&state, &plain).await
        })
        .await;
    }
    Ok(cached(
        &headers,
        &snapshot.etag_for("/"),
        HTML,
        snapshot.dashboard_html(&state.templates, lang)?,
    ))
}

/// The pledge list: filters that combine, a sort and pages, all in the URL.
#[utoipa::path(get, path = "/pledges", tag = "pages",
    params(crate::routes::api::ListParams),
    responses((status = 200, content_type = "text/html"), (status = 400, description = "A filter, sort or page value is invalid")))]
pub async fn pledge_list(
    State(state): State<AppState>,
    headers: HeaderMap,
    uri: Uri,
    Query(pairs): Query<Vec<(String, String)>>,
) -> PageResult<Response> {
    let q: ListQuery = query::parse(&pairs)?;
    let snapshot = state.model.current();
    memo(&snapshot, &headers, &uri.to_string(), HTML, || async {
        let page = Page::new(Nav::Pledges);
        let view = list_view(&snapshot.catalog, &snapshot.actor_datalist, &q, page.lang());
        let html = page.render(&state.templates, &view)?;
        Ok(Bytes::from(html))
    })
    .await
}

/// Every money figure as its source states it, with its conversion.
#[utoipa::path(get, path = "/money", tag = "pages", responses((status = 200, content_type = "text/html")))]
pub async fn money_page(State(state): State<AppState>, headers: HeaderMap) -> PageResult<Response> {
    let snapshot = state.model.current();
    memo(&snapshot, &headers, "/money", HTML, || async {
        let page = Page::new(Nav::Money);
        let view = money_view(&snapshot.catalog, &snapshot.rates, page.lang());
        let html = page.render(&state.templates, &view)?;
        Ok(Bytes::from(html))
    })
    .await
}

/// How to get the data out: API, exports and feeds.
#[utoipa::path(get, path = "/about/data", tag = "pages", responses((status = 200, content_type = "text/html")))]
pub async fn data_page(State(state): State<AppState>, headers: HeaderMap) -> PageResult<Response> {
    let snapshot = state.model.current();
    let view = DataView {
        head_seq: snapshot.head.0,
        head_hash: &snapshot.head.1,
    };
    let html = Page::new(Nav::Data).render(&state.templates, &view)?;
    Ok(cached(
        &headers,
        &snapshot.etag_for("/about/data"),
        HTML,
        html,
    ))
}
