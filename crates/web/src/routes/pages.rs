//! Pages for people: the dashboard, the filtered pledge list, a pledge, actors, themes,
//! events and the money table. All work without JavaScript.

use super::{cached, memo};
use crate::error::{AppError, PageResult};
use crate::query::{self, ListQuery};
use crate::readmodel::Snapshot;
use crate::state::AppState;
use crate::views::{PledgeRow, figure_view, follow_up_view, pledge_row};
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::http::Uri;
use axum::response::Response;
use domain::catalog::{Derived, Filter, PledgeSummary, Sort};
use domain::rollup::roll_up;
use domain::{DeliveryStatus, PledgeKind, ScheduleStatus, Slug, Strength, Theme};
use serde::Serialize;
use serde_json::json;
use std::collections::HashMap;
use tera::Context;

const HTML: &str = "text/html; charset=utf-8";
/// Rows shown on an actor, theme or event page before pointing to the full list.
const GROUP_PAGE_ROWS: usize = 100;

fn render(state: &AppState, name: &str, ctx: &Context) -> PageResult<Bytes> {
    Ok(Bytes::from(state.templates.render(name, ctx)?))
}

fn slug_in_path(field: &str, raw: &str) -> PageResult<Slug> {
    Slug::parse("slug", raw).map_err(|_| AppError::NotFound(format!("{field} {raw:?}")))
}

/// The dashboard, rendered once per change of the data.
#[utoipa::path(get, path = "/", tag = "pages", responses((status = 200, content_type = "text/html")))]
pub async fn dashboard(State(state): State<AppState>, headers: HeaderMap) -> PageResult<Response> {
    let snapshot = state.model.current();
    Ok(cached(
        &headers,
        &snapshot.etag_for("/"),
        HTML,
        snapshot.dashboard_html(&state.templates)?,
    ))
}

#[derive(Serialize)]
struct SelectOption {
    value: String,
    label: String,
    selected: bool,
}

#[derive(Serialize)]
struct Select {
    name: &'static str,
    label: &'static str,
    options: Vec<SelectOption>,
}

fn select<T: Copy + PartialEq>(
    name: &'static str,
    label: &'static str,
    all: &[T],
    chosen: &[T],
    code: fn(T) -> &'static str,
    text: fn(T) -> &'static str,
) -> Select {
    Select {
        name,
        label,
        options: all
            .iter()
            .map(|v| SelectOption {
                value: code(*v).to_owned(),
                label: text(*v).to_owned(),
                selected: chosen.contains(v),
            })
            .collect(),
    }
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
        render_list(&state, &snapshot, &q)
    })
    .await
}

fn render_list(state: &AppState, snapshot: &Snapshot, q: &ListQuery) -> PageResult<Bytes> {
    let catalog = &snapshot.catalog;
    let page = catalog.page(&q.filter, q.sort, q.page, q.per_page);
    let rows: Vec<PledgeRow> = page
        .items
        .iter()
        .map(|(p, d)| pledge_row(p, d, catalog.currency()))
        .collect();
    let f = &q.filter;
    let events: Vec<SelectOption> = catalog
        .events()
        .iter()
        .map(|e| SelectOption {
            value: e.slug.to_string(),
            label: e.name.to_string(),
            selected: f.event.contains(&e.slug),
        })
        .collect();
    let selects = vec![
        select(
            "delivery",
            "Delivery",
            DeliveryStatus::ALL,
            &f.delivery,
            DeliveryStatus::code,
            DeliveryStatus::label,
        ),
        select(
            "strength",
            "Strength",
            Strength::ALL,
            &f.strength,
            Strength::code,
            Strength::label,
        ),
        select(
            "schedule",
            "Schedule",
            ScheduleStatus::ALL,
            &f.schedule,
            ScheduleStatus::code,
            ScheduleStatus::label,
        ),
        select(
            "theme",
            "Theme",
            Theme::ALL,
            &f.theme,
            Theme::code,
            Theme::label,
        ),
        select(
            "kind",
            "Kind",
            PledgeKind::ALL,
            &f.kind,
            PledgeKind::code,
            PledgeKind::label,
        ),
        Select {
            name: "event",
            label: "Event",
            options: events,
        },
    ];
    let sorts: Vec<SelectOption> = Sort::ALL
        .iter()
        .map(|s| SelectOption {
            value: s.code().to_owned(),
            label: s.label().to_owned(),
            selected: *s == q.sort,
        })
        .collect();
    let link = |base: &str, n: usize| {
        let qs = query::to_query_string(q, n);
        if qs.is_empty() {
            base.to_owned()
        } else {
            format!("{base}?{qs}")
        }
    };
    let mut ctx = Context::new();
    ctx.insert("nav", "pledges");
    ctx.insert("rows", &rows);
    ctx.insert("selects", &selects);
    ctx.insert("sorts", &sorts);
    ctx.insert("q", f.text.as_deref().unwrap_or(""));
    ctx.insert(
        "actor",
        &f.actor
            .iter()
            .map(Slug::as_str)
            .collect::<Vec<_>>()
            .join(","),
    );
    ctx.insert("actor_datalist", &snapshot.actor_datalist);
    ctx.insert("total", &page.total);
    ctx.insert("page", &page.page);
    ctx.insert("pages", &page.pages.max(1));
    ctx.insert(
        "prev_link",
        &(page.page > 1).then(|| link("/pledges", page.page - 1)),
    );
    ctx.insert(
        "next_link",
        &(page.page < page.pages).then(|| link("/pledges", page.page + 1)),
    );
    ctx.insert("csv_link", &link("/export/pledges.csv", 1));
    ctx.insert("json_link", &link("/api/v1/pledges", q.page));
    render(state, "pledges.html", &ctx)
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
    let slug = slug_in_path("pledge", &raw)?;
    let snapshot = state.model.current();
    let catalog = &snapshot.catalog;
    let Some((summary, derived)) = catalog.get(&slug) else {
        return Err(AppError::NotFound(format!("pledge {raw:?}")));
    };
    memo(
        &snapshot,
        &headers,
        &format!("/pledges/{slug}"),
        HTML,
        || async { render_pledge(&state, &snapshot, &slug, summary, derived).await },
    )
    .await
}

async fn render_pledge(
    state: &AppState,
    snapshot: &Snapshot,
    slug: &Slug,
    summary: &PledgeSummary,
    derived: &Derived,
) -> PageResult<Bytes> {
    let catalog = &snapshot.catalog;
    let record = state.db.pledge(slug).await?;
    let mut history = state.db.history(slug).await?;
    history.reverse();
    let sources = state.db.sources().await?;
    let edits = state.db.pledge_edits(slug).await?;
    let p = &record.pledge;
    let children = catalog.children_of(slug);
    let roll = (!children.is_empty()).then(|| roll_up(children.iter().map(|(c, _)| &c.state)));
    let names: HashMap<&Slug, &str> = catalog
        .actors()
        .iter()
        .map(|a| (&a.slug, a.name.as_str()))
        .collect();
    let mut ctx = Context::new();
    ctx.insert("nav", "pledges");
    ctx.insert(
        "p",
        &json!({ "slug": p.slug().as_str(), "title": p.title().as_str() }),
    );
    ctx.insert("row", &pledge_row(summary, derived, catalog.currency()));
    ctx.insert("summary", p.summary().as_str());
    ctx.insert("quote", &p.quote().map(|q| json!({ "text": q.text.as_str(), "language": q.language, "source": q.source.as_str() })));
    ctx.insert(
        "parent",
        &p.parent()
            .and_then(|s| catalog.get(s))
            .map(|(pp, _)| json!({ "slug": pp.slug.as_str(), "title": pp.title.as_str() })),
    );
    ctx.insert(
        "event",
        &p.event()
            .and_then(|s| catalog.event(s))
            .map(|e| json!({ "slug": e.slug.as_str(), "name": e.name.as_str() })),
    );
    ctx.insert("deadline", &describe_deadline(p.deadline(), derived.due));
    ctx.insert(
        "rollup",
        &roll.map(|r| {
            let delivered = r
                .by_delivery
                .get(DeliveryStatus::Delivered.code())
                .copied()
                .unwrap_or(0);
            match r.progress {
                Some(pct) => format!(
                    "{delivered} of {} delivered; mean progress {}% over {} with a figure",
                    r.children,
                    pct.percent(),
                    r.progress_basis
                ),
                None => format!("{delivered} of {} delivered", r.children),
            }
        }),
    );
    ctx.insert("actors", &p.actors().iter().map(|a| json!({ "slug": a.actor.as_str(), "name": names.get(&a.actor).copied().unwrap_or(a.actor.as_str()), "role": a.role.label() })).collect::<Vec<_>>());
    ctx.insert(
        "themes",
        &p.themes()
            .iter()
            .map(|t| json!({ "code": t.code(), "label": t.label() }))
            .collect::<Vec<_>>(),
    );
    ctx.insert(
        "sources_disagree",
        &crate::views::sources_disagree(&record.state.money),
    );
    ctx.insert(
        "figures",
        &record
            .state
            .money
            .iter()
            .map(|f| figure_view(f, &snapshot.rates, catalog.currency()))
            .collect::<Vec<_>>(),
    );
    ctx.insert(
        "conditions",
        &p.conditions()
            .iter()
            .map(|c| {
                json!({
                    "text": c.text.as_str(),
                    "state": record.state.condition(c.number).unwrap_or(c.state).label(),
                    "source": c.source.as_ref().map(Slug::as_str),
                })
            })
            .collect::<Vec<_>>(),
    );
    ctx.insert(
        "children",
        &children
            .iter()
            .map(|(c, d)| pledge_row(c, d, catalog.currency()))
            .collect::<Vec<_>>(),
    );
    ctx.insert(
        "timeline",
        &history
            .iter()
            .map(|(id, f)| follow_up_view(*id, slug.as_str(), p.title().as_str(), f))
            .collect::<Vec<_>>(),
    );
    let replies = crate::routes::contribute::replies::for_timeline(state, &history, |id, f| {
        follow_up_view(id, slug.as_str(), p.title().as_str(), f)
    })
    .await?;
    ctx.insert("replies", &replies.by_answer);
    ctx.insert("reply_ids", &replies.placed);
    ctx.insert(
        "edits",
        &edits
            .iter()
            .rev()
            .map(|e| {
                json!({
                    "at": e.at.format("%Y-%m-%d %H:%M UTC").to_string(), "author": e.author,
                    "field": e.edit.field, "old": e.edit.old, "new": e.edit.new,
                })
            })
            .collect::<Vec<_>>(),
    );
    ctx.insert("sources", &sources.iter().filter(|s| p.sources().contains(&s.slug) || record.state.money.iter().any(|f| f.source == s.slug)).map(|s| json!({
        "slug": s.slug.as_str(), "title": s.title.as_str(), "url": s.url.as_str(), "publisher": s.publisher.as_str(),
        "published_on": s.published_on.map(|d| d.to_string()), "verification": s.verification.label(),
        "verified": s.corroborates(), "tier": s.tier.label(), "note": s.note.as_ref().map(|n| n.as_str()),
    })).collect::<Vec<_>>());
    render(state, "pledge.html", &ctx)
}

fn describe_deadline(deadline: &domain::Deadline, due: Option<chrono::NaiveDate>) -> String {
    match deadline {
        domain::Deadline::None => "No deadline stated".into(),
        domain::Deadline::Date { date, precision } => match precision {
            domain::DatePrecision::Day => date.to_string(),
            _ => format!(
                "{} (by {})",
                date.format("%Y"),
                due.map(|d| d.to_string()).unwrap_or_default()
            ),
        },
        domain::Deadline::Relative { text, .. } => match due {
            Some(d) => format!("{text} ({d})"),
            None => format!("{text} (date not yet known)"),
        },
    }
}

/// What an actor, theme or event page shows.
struct GroupPage<'a> {
    path: String,
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
                "Showing {} of {} pledges; the full list is at {list_link}.",
                rows.len(),
                page.total
            ));
        }
        let mut ctx = Context::new();
        ctx.insert("nav", kind);
        ctx.insert("kind", kind);
        ctx.insert("name", name);
        ctx.insert("details", &details);
        ctx.insert("rows", &rows);
        ctx.insert("feed", &feed);
        ctx.insert(
            "follow",
            &format!(
                "/subscribe?scope={}&target={}",
                kind.trim_end_matches('s'),
                crate::query::encode(path.rsplit('/').next().unwrap_or(""))
            ),
        );
        ctx.insert("edit", &(kind != "themes").then(|| format!("{path}/edit")));
        render(state, "group.html", &ctx)
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
    nav: &str,
    title: &str,
    items: Vec<serde_json::Value>,
) -> PageResult<Response> {
    let mut ctx = Context::new();
    ctx.insert("nav", nav);
    ctx.insert("title", title);
    ctx.insert("items", &items);
    ctx.insert("new", &(path != "/themes").then(|| format!("{path}/new")));
    let body = render(state, "index.html", &ctx)?;
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
    let items = snapshot.catalog.actors().iter().map(|a| json!({
        "href": format!("/actors/{}", a.slug), "name": a.name.as_str(), "kind": a.kind.label(), "pledges": counts.get(&a.slug).copied().unwrap_or(0),
    })).collect();
    index(&state, &headers, "/actors", "actors", "Actors", items)
}

#[utoipa::path(get, path = "/themes", tag = "pages", responses((status = 200, content_type = "text/html")))]
pub async fn theme_index(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> PageResult<Response> {
    let snapshot = state.model.current();
    let items = Theme::ALL
        .iter()
        .map(|t| {
            json!({
                "href": format!("/themes/{}", t.code()), "name": t.label(), "kind": "Theme",
                "pledges": snapshot.catalog.pledges().filter(|(p, _)| p.themes.contains(t)).count(),
            })
        })
        .collect();
    index(&state, &headers, "/themes", "themes", "Themes", items)
}

#[utoipa::path(get, path = "/events", tag = "pages", responses((status = 200, content_type = "text/html")))]
pub async fn event_index(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> PageResult<Response> {
    let snapshot = state.model.current();
    let items = snapshot.catalog.events().iter().map(|e| json!({
        "href": format!("/events/{}", e.slug), "name": e.name.as_str(),
        "kind": format!("{}{}", e.kind.label(), e.when().map(|d| format!(", {d}")).unwrap_or_default()),
        "pledges": snapshot.catalog.pledges().filter(|(p, _)| p.event.as_ref() == Some(&e.slug)).count(),
    })).collect();
    index(&state, &headers, "/events", "events", "Events", items)
}

/// Rows on the money page; the CSV export holds every figure.
const MONEY_ROWS: usize = 500;

/// Every money figure as its source states it, with its conversion.
#[utoipa::path(get, path = "/money", tag = "pages", responses((status = 200, content_type = "text/html")))]
pub async fn money_page(State(state): State<AppState>, headers: HeaderMap) -> PageResult<Response> {
    let snapshot = state.model.current();
    memo(&snapshot, &headers, "/money", HTML, || async {
    let catalog = &snapshot.catalog;
    let mut rows = Vec::new();
    let mut truncated = false;
    'outer: for (p, _) in catalog.pledges() {
        for f in &p.state.money {
            if rows.len() == MONEY_ROWS {
                truncated = true;
                break 'outer;
            }
            rows.push(json!({ "slug": p.slug.as_str(), "title": p.title.as_str(), "f": figure_view(f, &snapshot.rates, catalog.currency()) }));
        }
    }
    let mut ctx = Context::new();
    ctx.insert("aims", &crate::views::aims_total(catalog));
    ctx.insert("nav", "money");
    ctx.insert("rows", &rows);
    ctx.insert("truncated", &truncated);
    ctx.insert("currency", catalog.currency().code());
    ctx.insert("rates_source", snapshot.rates.source());
    render(&state, "money.html", &ctx)
    })
    .await
}

/// How to get the data out: API, exports and feeds.
#[utoipa::path(get, path = "/about/data", tag = "pages", responses((status = 200, content_type = "text/html")))]
pub async fn data_page(State(state): State<AppState>, headers: HeaderMap) -> PageResult<Response> {
    let mut ctx = Context::new();
    ctx.insert("nav", "data");
    let snapshot = state.model.current();
    ctx.insert("head_seq", &snapshot.head.0);
    ctx.insert("head_hash", &snapshot.head.1);
    let etag = snapshot.etag_for("/about/data");
    Ok(cached(
        &headers,
        &etag,
        HTML,
        render(&state, "data.html", &ctx)?,
    ))
}
