//! Actors, themes and events: the page of one (its details and pledges) and the index of
//! all of a kind, all from the snapshot.

use crate::error::{AppError, PageResult};
use crate::page::{Nav, Page};
use crate::routes::conditional::{HTML, cached, memo};
use crate::state::AppState;
use crate::views::groups::{GroupView, IndexItem, IndexView};
use crate::views::rows::{PledgeRow, pledge_row};
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use domain::catalog::{Filter, Sort};
use domain::{Slug, Theme};
use std::collections::HashMap;

/// Rows shown on an actor, theme or event page before pointing to the full list.
const GROUP_PAGE_ROWS: usize = 100;

fn slug_in_path(field: &str, raw: &str) -> PageResult<Slug> {
    Slug::parse("slug", raw).map_err(|_| AppError::NotFound(format!("{field} {raw:?}")))
}

/// What an actor, theme or event page shows.
struct GroupPage<'a> {
    path: String,
    nav: Nav,
    kind: &'static str,
    name: &'a str,
    details: Vec<String>,
    filter: Filter,
    list_link: String,
    feed: Option<String>,
}

async fn group_page(
    state: &AppState,
    headers: &HeaderMap,
    g: GroupPage<'_>,
) -> PageResult<Response> {
    let GroupPage {
        path,
        nav,
        kind,
        name,
        details,
        filter,
        list_link,
        feed,
    } = g;
    let snapshot = state.model.current();
    let render_group = || async {
        let catalog = &snapshot.catalog;
        let page = catalog.page(&filter, Sort::Title, 1, GROUP_PAGE_ROWS);
        let rows: Vec<PledgeRow> = page
            .items
            .iter()
            .map(|(p, d)| pledge_row(p, d, catalog.currency()))
            .collect();
        let mut details = details;
        if page.total > rows.len() {
            details.push(format!(
                "Showing {} of {} pledges; the full list is at {}.",
                rows.len(),
                page.total,
                list_link
            ));
        }
        let view = GroupView {
            kind,
            name,
            details,
            rows,
            feed,
            follow: format!(
                "/subscribe?scope={}&target={}",
                kind.trim_end_matches('s'),
                crate::query::encode(path.rsplit('/').next().unwrap_or(""))
            ),
            edit: (kind != "themes").then(|| format!("{path}/edit")),
        };
        let html = Page::new(nav).render(&state.templates, &view)?;
        Ok(Bytes::from(html))
    };
    memo(&snapshot, headers, &path, HTML, render_group).await
}

#[utoipa::path(get, path = "/actors/{slug}", tag = "pages", params(("slug" = String, Path)),
    responses((status = 200, content_type = "text/html"), (status = 404, description = "No such actor")))]
pub async fn actor_page(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(raw): Path<String>,
) -> PageResult<Response> {
    let slug = slug_in_path("actor", &raw)?;
    let snapshot = state.model.current();
    let actor = snapshot
        .catalog
        .actor(&slug)
        .ok_or_else(|| AppError::NotFound(format!("actor {raw:?}")))?;
    let mut details = vec![format!(
        "{}{}",
        actor.kind.label(),
        actor
            .country
            .as_ref()
            .map(|c| format!(", {}", c.as_str()))
            .unwrap_or_default()
    )];
    if !actor.members.is_empty() {
        let names: Vec<String> = actor
            .members
            .iter()
            .map(|m| {
                snapshot
                    .catalog
                    .actor(m)
                    .map_or_else(|| m.to_string(), |a| a.name.to_string())
            })
            .collect();
        details.push(format!("Members: {}.", names.join(", ")));
    }
    let filter = Filter {
        actor: vec![slug.clone()],
        ..Filter::default()
    };
    group_page(
        &state,
        &headers,
        GroupPage {
            path: format!("/actors/{slug}"),
            nav: Nav::Actors,
            kind: "actors",
            name: actor.name.as_str(),
            details,
            filter,
            list_link: format!("/pledges?actor={slug}"),
            feed: Some(format!("/feeds/actors/{slug}.atom")),
        },
    )
    .await
}

#[utoipa::path(get, path = "/themes/{theme}", tag = "pages", params(("theme" = String, Path, description = "A theme code such as public_interest_ai")),
    responses((status = 200, content_type = "text/html"), (status = 404, description = "No such theme")))]
pub async fn theme_page(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(raw): Path<String>,
) -> PageResult<Response> {
    let theme = Theme::parse(&raw).map_err(|_| AppError::NotFound(format!("theme {raw:?}")))?;
    let filter = Filter {
        theme: vec![theme],
        ..Filter::default()
    };
    group_page(
        &state,
        &headers,
        GroupPage {
            path: format!("/themes/{}", theme.code()),
            nav: Nav::Themes,
            kind: "themes",
            name: theme.label(),
            details: vec![],
            filter,
            list_link: format!("/pledges?theme={}", theme.code()),
            feed: Some(format!("/feeds/themes/{}.atom", theme.code())),
        },
    )
    .await
}

#[utoipa::path(get, path = "/events/{slug}", tag = "pages", params(("slug" = String, Path)),
    responses((status = 200, content_type = "text/html"), (status = 404, description = "No such event")))]
pub async fn event_page(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(raw): Path<String>,
) -> PageResult<Response> {
    let slug = slug_in_path("event", &raw)?;
    let snapshot = state.model.current();
    let event = snapshot
        .catalog
        .event(&slug)
        .ok_or_else(|| AppError::NotFound(format!("event {raw:?}")))?;
    let when = match (event.when(), event.ends_on) {
        (Some(s), Some(e)) if event.starts_on != Some(e) => format!("{s} to {e}"),
        (Some(s), _) => s,
        _ => "Date not yet known".into(),
    };
    let details = vec![format!(
        "{} · {}{}",
        event.kind.label(),
        when,
        event
            .location
            .as_ref()
            .map(|l| format!(" · {l}"))
            .unwrap_or_default()
    )];
    let filter = Filter {
        event: vec![slug.clone()],
        ..Filter::default()
    };
    group_page(
        &state,
        &headers,
        GroupPage {
            path: format!("/events/{slug}"),
            nav: Nav::Events,
            kind: "events",
            name: event.name.as_str(),
            details,
            filter,
            list_link: format!("/pledges?event={slug}"),
            feed: None,
        },
    )
    .await
}

fn index(
    state: &AppState,
    headers: &HeaderMap,
    path: &str,
    nav: Nav,
    view: &IndexView<'_>,
) -> PageResult<Response> {
    let body = Page::new(nav).render(&state.templates, view)?;
    Ok(cached(
        headers,
        &state.model.current().etag_for(path),
        HTML,
        body,
    ))
}

#[utoipa::path(get, path = "/actors", tag = "pages", responses((status = 200, content_type = "text/html")))]
pub async fn actor_index(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> PageResult<Response> {
    let snapshot = state.model.current();
    let mut counts: HashMap<&Slug, usize> = HashMap::new();
    for (p, _) in snapshot.catalog.pledges() {
        for (a, _) in &p.actors {
            *counts.entry(a).or_default() += 1;
        }
    }
    let items = snapshot
        .catalog
        .actors()
        .iter()
        .map(|a| IndexItem {
            href: format!("/actors/{}", a.slug),
            name: a.name.as_str(),
            kind: a.kind.label().to_owned(),
            pledges: counts.get(&a.slug).copied().unwrap_or(0),
        })
        .collect();
    let view = IndexView {
        title: "Actors",
        items,
        new: Some("/actors/new".into()),
    };
    index(&state, &headers, "/actors", Nav::Actors, &view)
}

#[utoipa::path(get, path = "/themes", tag = "pages", responses((status = 200, content_type = "text/html")))]
pub async fn theme_index(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> PageResult<Response> {
    let snapshot = state.model.current();
    let items = Theme::ALL
        .iter()
        .map(|t| IndexItem {
            href: format!("/themes/{}", t.code()),
            name: t.label(),
            kind: "Theme".into(),
            pledges: snapshot
                .catalog
                .pledges()
                .filter(|(p, _)| p.themes.contains(t))
                .count(),
        })
        .collect();
    let view = IndexView {
        title: "Themes",
        items,
        new: None,
    };
    index(&state, &headers, "/themes", Nav::Themes, &view)
}

#[utoipa::path(get, path = "/events", tag = "pages", responses((status = 200, content_type = "text/html")))]
pub async fn event_index(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> PageResult<Response> {
    let snapshot = state.model.current();
    let items = snapshot
        .catalog
        .events()
        .iter()
        .map(|e| IndexItem {
            href: format!("/events/{}", e.slug),
            name: e.name.as_str(),
            kind: format!(
                "{}{}",
                e.kind.label(),
                e.when().map(|d| format!(", {d}")).unwrap_or_default()
            ),
            pledges: snapshot
                .catalog
                .pledges()
                .filter(|(p, _)| p.event.as_ref() == Some(&e.slug))
                .count(),
        })
        .collect();
    let view = IndexView {
        title: "Events",
        items,
        new: Some("/events/new".into()),
    };
    index(&state, &headers, "/events", Nav::Events, &view)
}
