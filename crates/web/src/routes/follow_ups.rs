//! The follow-ups of the JSON API: the list, newest first, paged by an id cursor
//! (`after`); their JSON form is [`crate::dto::follow_up`].

use super::conditional::memo;
use super::open_data::{NEXT_AFTER_HEADER, link_header};
use crate::dto::follow_up::{FollowUpJson, follow_up_json};
use crate::dto::{JSON, json_body};
use crate::error::{ApiResult, AppError, ProblemJson};
use crate::query;
use crate::state::AppState;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderName, Uri, header};
use axum::response::Response;
use domain::{Slug, Theme};
use persistence::feed::FeedScope;
use utoipa::IntoParams;

#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
pub struct FollowUpParams {
    /// Only this pledge's follow-ups.
    pledge: Option<String>,
    /// Only follow-ups of pledges naming this actor.
    actor: Option<String>,
    /// Only follow-ups of pledges with this theme.
    theme: Option<String>,
    /// How many, 1 to 200 (default 50).
    limit: Option<u32>,
    /// The cursor: only follow-ups listed after this id (older ones, as the list is newest
    /// first). Take it from the `Pledgewatch-Next-After` header or the `next` link.
    after: Option<i32>,
}

/// The scope and size of a follow-up list or feed, from `pledge`, `actor`, `theme` and
/// `limit`, and the list's cursor `after`.
pub struct FollowUpQuery {
    pub scope: FeedScope,
    pub limit: u64,
    pub after: Option<i32>,
}

/// Parses the scope of a follow-up list or feed from `pledge`, `actor` or `theme`.
pub fn follow_up_scope(pairs: &[(String, String)]) -> Result<FollowUpQuery, AppError> {
    let bad = |field: &str, message: String| AppError::BadRequest {
        field: field.into(),
        message,
    };
    let mut q = FollowUpQuery {
        scope: FeedScope::All,
        limit: 50,
        after: None,
    };
    for (k, v) in pairs {
        match k.as_str() {
            "pledge" => {
                q.scope = FeedScope::Pledge(
                    Slug::parse("pledge", v).map_err(|e| bad("pledge", e.to_string()))?,
                )
            }
            "actor" => {
                q.scope = FeedScope::Actor(
                    Slug::parse("actor", v).map_err(|e| bad("actor", e.to_string()))?,
                )
            }
            "theme" => {
                q.scope =
                    FeedScope::Theme(Theme::parse(v).map_err(|e| bad("theme", e.to_string()))?)
            }
            "limit" => {
                q.limit = v
                    .parse::<u64>()
                    .ok()
                    .filter(|n| (1..=200).contains(n))
                    .ok_or_else(|| {
                        bad("limit", "limit must be a whole number from 1 to 200".into())
                    })?;
            }
            "after" => {
                q.after = Some(v.parse::<i32>().ok().filter(|n| *n >= 1).ok_or_else(|| {
                    bad(
                        "after",
                        format!("after must be a follow-up id, 1 or more (got {v:?})"),
                    )
                })?);
            }
            _ => {}
        }
    }
    Ok(q)
}

/// The follow-up list's address with the same filters and another cursor.
fn follow_ups_link(pairs: &[(String, String)], after: Option<i32>) -> String {
    let mut parts: Vec<String> = pairs
        .iter()
        .filter(|(k, _)| matches!(k.as_str(), "pledge" | "actor" | "theme" | "limit"))
        .map(|(k, v)| format!("{k}={}", query::encode(v)))
        .collect();
    if let Some(after) = after {
        parts.push(format!("after={after}"));
    }
    if parts.is_empty() {
        "/api/v1/follow-ups".to_owned()
    } else {
        format!("/api/v1/follow-ups?{}", parts.join("&"))
    }
}

/// Follow-ups, newest first (by id, which only grows), a page at a time: follow the
/// `next` link, or pass the `Pledgewatch-Next-After` header back as `after`.
#[utoipa::path(get, path = "/api/v1/follow-ups", tag = "api", params(FollowUpParams),
    responses((status = 200, body = Vec<FollowUpJson>,
        headers(("link" = String, description = "RFC 8288 links: first, and next unless this is the last page"),
                ("pledgewatch-next-after" = i32, description = "The `after` of the next page; absent on the last page"))),
        (status = 400, body = ProblemJson, content_type = "application/problem+json"), (status = 404, body = ProblemJson, content_type = "application/problem+json")))]
pub async fn list_follow_ups(
    State(state): State<AppState>,
    headers: HeaderMap,
    uri: Uri,
    Query(pairs): Query<Vec<(String, String)>>,
) -> ApiResult<Response> {
    let q = follow_up_scope(&pairs)?;
    let snapshot = state.model.current();
    memo(&snapshot, &headers, &uri.to_string(), JSON, || async {
        // One more than asked tells whether a next page exists.
        let mut entries = match q.after {
            Some(after) => {
                state
                    .db
                    .follow_ups_before(&q.scope, after, q.limit + 1)
                    .await?
            }
            None => state.db.recent_follow_ups(&q.scope, q.limit + 1).await?,
        };
        let more = entries.len() as u64 > q.limit;
        entries.truncate(q.limit as usize);
        let next_after = entries.last().map(|e| e.id).filter(|_| more);
        let mut links = vec![("first", follow_ups_link(&pairs, None))];
        let mut extra = Vec::new();
        if let Some(next) = next_after {
            links.push(("next", follow_ups_link(&pairs, Some(next))));
            extra.push((HeaderName::from_static(NEXT_AFTER_HEADER), next.to_string()));
        }
        extra.push((header::LINK, link_header(&links)));
        let body = json_body(&entries.iter().map(follow_up_json).collect::<Vec<_>>())?;
        Ok((body, extra))
    })
    .await
}
