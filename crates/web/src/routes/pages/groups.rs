//! Actors, themes and events: the page of one (its details and pledges) and the index of
//! all of a kind, all from the snapshot.

use crate::error::{AppError, PageResult};
use crate::page::{Nav, Page};
use crate::routes::conditional::{HTML, cached, memo};
use crate::state::AppState;
use crate::views::groups::{GroupView, IndexItem, IndexView};
use crate::views::rows::{PledgeRow, label, pledge_row};
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use domain::catalog::{Filter, Sort};
use domain::{Slug, Theme, locale};
use i18n::{Lang, key, tr, tr_args};
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
        let layout = Page::new(nav);
        let lang = layout.lang();
        let page = catalog.page(&filter, Sort::Title, 1, GROUP_PAGE_ROWS);
        let rows: Vec<PledgeRow> = page
            .items
            .iter()
            .map(|(p, d)| pledge_row(p, d, catalog.currency(), lang))
            .collect();
        let mut details = details;
        if page.total > rows.len() {
            details.push(tr_args(
                lang,
                key("group-showing"),
                &[
                    ("shown", rows.len().into()),
                    ("total", page.total.into()),
                    ("link", list_link.into()),
                ],
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
        let html = layout.render(&state.templates, &view)?;
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
    let lang = crate::locale::current().lang;
    let mut details = vec![format!(
        "{}{}",
        label(lang, key("actor-kind-"), actor.kind.code()),
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
        details.push(tr_args(
            lang,
            key("group-members"),
            &[("names", names.join(", ").into())],
        ));
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
            name: label(crate::locale::current().lang, key("theme-"), theme.code()),
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
    let lang = crate::locale::current().lang;
    let when = event_when(event, lang).unwrap_or_else(|| tr(lang, key("group-date-unknown")));
    let details = vec![format!(
        "{} · {}{}",
        label(lang, key("event-kind-"), event.kind.code()),
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

/// When an event starts, as exactly as it is known, in `lang`: "2025-02-10",
/// "2025-02", "2025 Q1", "2025" / "10 février 2025", "février 2025", "T1 2025", "2025".
fn event_day(event: &domain::Event, lang: Lang) -> Option<String> {
    use chrono::Datelike;
    use domain::DatePrecision;
    let d = event.starts_on?;
    Some(match (event.precision, lang) {
        (DatePrecision::Day, _) => locale::date(d, lang),
        (DatePrecision::Month, _) => locale::month(d, lang),
        (DatePrecision::Quarter, Lang::En) => event.when()?,
        (DatePrecision::Quarter, Lang::Fr) => {
            format!("T{} {}", d.month().div_ceil(3), d.year())
        }
        (DatePrecision::Year, _) => d.year().to_string(),
    })
}

/// An event's day or days in `lang`: "2025-02-10 to 2025-02-11" / "du 10 février 2025
/// au 11 février 2025"; None while its date is not known.
fn event_when(event: &domain::Event, lang: Lang) -> Option<String> {
    let start = event_day(event, lang)?;
    Some(match event.ends_on {
        Some(end) if event.starts_on != Some(end) => tr_args(
            lang,
            key("group-date-range"),
            &[
                ("start", start.into()),
                ("end", locale::date(end, lang).into()),
            ],
        ),
        _ => start,
    })
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
    let lang = crate::locale::current().lang;
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
            kind: label(lang, key("actor-kind-"), a.kind.code()).to_owned(),
            pledges: counts.get(&a.slug).copied().unwrap_or(0),
        })
        .collect();
    let view = IndexView {
        title: tr(lang, key("nav-actors")),
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
    let lang = crate::locale::current().lang;
    let snapshot = state.model.current();
    let items = Theme::ALL
        .iter()
        .map(|t| IndexItem {
            href: format!("/themes/{}", t.code()),
            name: label(lang, key("theme-"), t.code()),
            kind: tr(lang, key("group-theme")),
            pledges: snapshot
                .catalog
                .pledges()
                .filter(|(p, _)| p.themes.contains(t))
                .count(),
        })
        .collect();
    let view = IndexView {
        title: tr(lang, key("nav-themes")),
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
    let lang = crate::locale::current().lang;
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
                label(lang, key("event-kind-"), e.kind.code()),
                event_day(e, lang)
                    .map(|d| format!(", {d}"))
                    .unwrap_or_default()
            ),
            pledges: snapshot
                .catalog
                .pledges()
                .filter(|(p, _)| p.event.as_ref() == Some(&e.slug))
                .count(),
        })
        .collect();
    let view = IndexView {
        title: tr(lang, key("nav-events")),
        items,
        new: Some("/events/new".into()),
    };
    index(&state, &headers, "/events", Nav::Events, &view)
}
