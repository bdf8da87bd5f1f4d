//! The JSON API, version 1: pledges (with the list page's filters, paged with `Link`
//! headers), actors and events (follow-ups are in [`super::follow_ups`]). Money is
//! integer minor units with its currency and exponent, never a float.

use super::follow_ups::{FollowUpJson, follow_up_json};
use super::open_data::{memo_linked, page_links};
use super::conditional::{cached, memo};
use crate::error::{ApiError, ApiResult, AppError, ProblemJson};
use crate::query;
use crate::state::AppState;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, Uri, header};
use axum::response::Response;
use domain::catalog::{Derived, PledgeSummary};
use domain::{Deadline, MoneyFigure, Slug};
use persistence::feed::FollowUpEntry;
use serde::Serialize;
use utoipa::{IntoParams, ToSchema};

pub(crate) const JSON: &str = "application/json";

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

#[derive(Serialize, ToSchema)]
pub struct MoneyJson {
    pub stage: &'static str,
    /// "amount", or "aim" for a fundraising target (never counted as money announced).
    pub kind: &'static str,
    /// Minor units (cents for EUR); equal to `amount_max` unless the source gave a range.
    pub amount_min: i64,
    pub amount_max: i64,
    pub currency: &'static str,
    /// Digits after the decimal point for this currency.
    pub exponent: u32,
    pub display: String,
    #[schema(format = Date)]
    pub value_date: String,
    pub basis: &'static str,
    pub source: String,
    pub note: Option<String>,
}

pub fn money_json(f: &MoneyFigure) -> MoneyJson {
    MoneyJson {
        stage: f.stage.code(),
        kind: f.kind.code(),
        amount_min: f.money.amount.min(),
        amount_max: f.money.amount.max(),
        currency: f.money.currency.code(),
        exponent: f.money.currency.exponent(),
        display: domain::display::money_exact(&f.money),
        value_date: f.value_date.to_string(),
        basis: f.basis.code(),
        source: f.source.to_string(),
        note: f.note.as_ref().map(ToString::to_string),
    }
}

#[derive(Serialize, ToSchema)]
pub struct ActorRoleJson {
    pub actor: String,
    pub role: &'static str,
}

#[derive(Serialize, ToSchema)]
pub struct DeadlineJson {
    /// `none`, `date` or `relative`.
    pub kind: &'static str,
    #[schema(format = Date)]
    pub date: Option<String>,
    pub precision: Option<&'static str>,
    pub event: Option<String>,
    pub text: Option<String>,
    /// The last day that counts as on time, once known.
    #[schema(format = Date)]
    pub due: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct FlagsJson {
    pub contested: bool,
    pub stale: bool,
    pub condition_pending: bool,
}

#[derive(Serialize, ToSchema)]
pub struct ConditionStateJson {
    pub number: u16,
    pub state: &'static str,
}

#[derive(Serialize, ToSchema)]
pub struct PledgeJson {
    pub slug: String,
    pub title: String,
    pub summary: String,
    pub kind: &'static str,
    pub themes: Vec<&'static str>,
    pub actors: Vec<ActorRoleJson>,
    pub event: Option<String>,
    #[schema(format = Date)]
    pub announced_on: String,
    pub parent: Option<String>,
    pub deadline: DeadlineJson,
    pub delivery: &'static str,
    pub strength: &'static str,
    pub schedule: &'static str,
    pub progress: Option<u8>,
    pub flags: FlagsJson,
    /// At least one checked source that is not a secondary report.
    pub verified: bool,
    /// The lowest announced amount any source states (fundraising aims left out),
    /// converted to EUR minor units at the ECB rate of its value date; lists sort by it.
    pub announced_eur_minor: Option<i64>,
    /// The highest announced amount any source states, converted likewise; equal to the
    /// lowest when the sources agree on one amount.
    pub announced_eur_max_minor: Option<i64>,
    pub money: Vec<MoneyJson>,
    pub conditions: Vec<ConditionStateJson>,
    pub follow_up_count: usize,
    #[schema(format = Date)]
    pub last_follow_up_on: Option<String>,
    pub url: String,
}

pub fn pledge_json(p: &PledgeSummary, d: &Derived) -> PledgeJson {
    let deadline = match &p.deadline {
        Deadline::None => DeadlineJson {
            kind: "none",
            date: None,
            precision: None,
            event: None,
            text: None,
            due: None,
        },
        Deadline::Date { date, precision } => DeadlineJson {
            kind: "date",
            date: Some(date.to_string()),
            precision: Some(precision.code()),
            event: None,
            text: None,
            due: d.due.map(|x| x.to_string()),
        },
        Deadline::Relative { event, text } => DeadlineJson {
            kind: "relative",
            date: None,
            precision: None,
            event: Some(event.to_string()),
            text: Some(text.to_string()),
            due: d.due.map(|x| x.to_string()),
        },
    };
    PledgeJson {
        slug: p.slug.to_string(),
        title: p.title.to_string(),
        summary: p.summary.clone(),
        kind: p.kind.code(),
        themes: p.themes.iter().map(|t| t.code()).collect(),
        actors: p
            .actors
            .iter()
            .map(|(a, r)| ActorRoleJson {
                actor: a.to_string(),
                role: r.code(),
            })
            .collect(),
        event: p.event.as_ref().map(ToString::to_string),
        announced_on: p.announced_on.to_string(),
        parent: p.parent.as_ref().map(ToString::to_string),
        deadline,
        delivery: p.state.delivery.code(),
        strength: p.state.strength.code(),
        schedule: d.schedule.code(),
        progress: p.state.effective_progress().map(|x| x.percent()),
        flags: FlagsJson {
            contested: d.flags.contested,
            stale: d.flags.stale,
            condition_pending: d.flags.condition_pending,
        },
        verified: p.verified,
        announced_eur_minor: d.announced_minor,
        announced_eur_max_minor: d.announced_max_minor,
        money: p.state.money.iter().map(money_json).collect(),
        conditions: p
            .state
            .conditions
            .iter()
            .map(|(n, s)| ConditionStateJson {
                number: *n,
                state: s.code(),
            })
            .collect(),
        follow_up_count: p.state.follow_ups,
        last_follow_up_on: p.state.last_follow_up_on.map(|x| x.to_string()),
        url: format!("/pledges/{}", p.slug),
    }
}

#[derive(Serialize, ToSchema)]
pub struct LinksJson {
    pub next: Option<String>,
    pub prev: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct PledgePageJson {
    pub items: Vec<PledgeJson>,
    pub page: usize,
    pub per_page: usize,
    pub total: usize,
    pub pages: usize,
    pub links: LinksJson,
}

/// Serialises with `<`, `>` and `&` as unicode escapes ([`crate::error::inert_json`]).
pub(crate) fn json_body<T: Serialize>(value: &T) -> ApiResult<Bytes> {
    let raw = serde_json::to_vec(value).map_err(|e| ApiError(AppError::Internal(e.into())))?;
    Ok(Bytes::from(crate::error::inert_json(raw)))
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
    memo_linked(&snapshot, &headers, &uri.to_string(), JSON, || async {
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

#[derive(Serialize, ToSchema)]
pub struct SourceJson {
    pub slug: String,
    pub title: String,
    pub url: String,
    pub publisher: String,
    #[schema(format = Date)]
    pub published_on: Option<String>,
    pub tier: &'static str,
    pub verification: &'static str,
}

#[derive(Serialize, ToSchema)]
pub struct QuoteJson {
    pub text: String,
    pub language: String,
    pub source: String,
}

#[derive(Serialize, ToSchema)]
pub struct PledgeDetailJson {
    #[serde(flatten)]
    pub pledge: PledgeJson,
    pub quote: Option<QuoteJson>,
    pub supersedes: Option<String>,
    pub children: Vec<String>,
    pub sources: Vec<SourceJson>,
    pub follow_ups: Vec<FollowUpJson>,
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
            let record = state.db.pledge(&slug).await?;
            let history = state.db.history(&slug).await?;
            let sources = state.db.sources().await?;
            let p = &record.pledge;
            let body = PledgeDetailJson {
                pledge: pledge_json(summary, derived),
                quote: p.quote().map(|q| QuoteJson {
                    text: q.text.to_string(),
                    language: q.language.clone(),
                    source: q.source.to_string(),
                }),
                supersedes: p.supersedes().map(ToString::to_string),
                children: snapshot
                    .catalog
                    .children_of(&slug)
                    .iter()
                    .map(|(c, _)| c.slug.to_string())
                    .collect(),
                sources: sources
                    .iter()
                    .filter(|s| p.sources().contains(&s.slug))
                    .map(|s| SourceJson {
                        slug: s.slug.to_string(),
                        title: s.title.to_string(),
                        url: s.url.as_str().to_owned(),
                        publisher: s.publisher.to_string(),
                        published_on: s.published_on.map(|d| d.to_string()),
                        tier: s.tier.code(),
                        verification: s.verification.code(),
                    })
                    .collect(),
                follow_ups: history
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
                    .collect(),
            };
            json_body(&body)
        },
    )
    .await
}

#[derive(Serialize, ToSchema)]
pub struct ActorJson {
    pub slug: String,
    pub name: String,
    pub kind: &'static str,
    pub country: Option<String>,
    pub members: Vec<String>,
    pub pledges: usize,
    pub url: String,
}

#[derive(Serialize, ToSchema)]
pub struct EventJson {
    pub slug: String,
    pub name: String,
    pub kind: &'static str,
    pub location: Option<String>,
    pub country: Option<String>,
    /// The start day; absent when the start is known only to a month, quarter or year.
    #[schema(format = Date)]
    pub starts_on: Option<String>,
    #[schema(format = Date)]
    pub ends_on: Option<String>,
    /// The start as far as it is known: "2026-02-16", "2027-03", "2027 Q2", "2027".
    pub when: Option<String>,
    /// How exactly the start is known: day, month, quarter or year.
    pub date_precision: &'static str,
    pub pledges: usize,
    pub url: String,
}

fn actor_json(a: &domain::Actor, pledges: usize) -> ActorJson {
    ActorJson {
        slug: a.slug.to_string(),
        name: a.name.to_string(),
        kind: a.kind.code(),
        country: a.country.as_ref().map(|c| c.as_str().to_owned()),
        members: a.members.iter().map(ToString::to_string).collect(),
        pledges,
        url: format!("/actors/{}", a.slug),
    }
}

fn event_json(snapshot: &crate::readmodel::Snapshot, e: &domain::Event) -> EventJson {
    EventJson {
        slug: e.slug.to_string(),
        name: e.name.to_string(),
        kind: e.kind.code(),
        location: e.location.as_ref().map(ToString::to_string),
        country: e.country.as_ref().map(|c| c.as_str().to_owned()),
        starts_on: e
            .starts_on
            .filter(|_| e.precision == domain::DatePrecision::Day)
            .map(|d| d.to_string()),
        ends_on: e.ends_on.map(|d| d.to_string()),
        when: e.when(),
        date_precision: e.precision.code(),
        pledges: snapshot
            .catalog
            .pledges()
            .filter(|(p, _)| p.event.as_ref() == Some(&e.slug))
            .count(),
        url: format!("/events/{}", e.slug),
    }
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
        .map(|e| event_json(&snapshot, e))
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
        json_body(&event_json(&snapshot, event))?,
    ))
}
