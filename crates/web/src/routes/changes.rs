//! The public change log over HTTP: its entries by cursor as JSON, the newest as an Atom
//! feed, and its head on every API response, so a reader who kept a head can later show
//! that the history before it was not rewritten.

use super::conditional::memo;
use super::open_data::{HEAD_HEADER, link_header};
use crate::error::{ApiResult, AppError, PageResult};
use crate::state::AppState;
use atom_syndication::{Content, Entry as AtomEntry, Feed, Link, Person, Text};
use axum::body::Bytes;
use axum::extract::{Query, Request, State};
use axum::http::{HeaderMap, HeaderValue, Uri, header};
use axum::middleware::Next;
use axum::response::Response;
use chrono::{DateTime, FixedOffset};
use domain::changelog::{Body, Entry, SubjectKind};
use serde::Serialize;
use utoipa::{IntoParams, ToSchema};

const JSON: &str = "application/json";
const ATOM: &str = "application/atom+xml; charset=utf-8";
const FEED_ENTRIES: i64 = 50;
const DEFAULT_LIMIT: u64 = 100;
const MAX_LIMIT: u64 = 1_000;

#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
pub struct ChangeParams {
    /// Entries after this sequence number (default 0: from the first).
    after: Option<i64>,
    /// How many, 1 to 1000 (default 100).
    limit: Option<u32>,
}

/// One entry of the change log. `body` is the exact text hashed; `change` is the same,
/// parsed.
#[derive(Serialize, ToSchema)]
pub struct ChangeJson {
    pub seq: i64,
    #[schema(format = DateTime)]
    pub at: String,
    pub author: String,
    pub kind: &'static str,
    pub subject_kind: &'static str,
    pub subject: String,
    #[schema(value_type = Object)]
    pub change: serde_json::Value,
    pub body: String,
    pub prev_hash: String,
    pub hash: String,
}

#[derive(Serialize, ToSchema)]
pub struct ChangesJson {
    pub entries: Vec<ChangeJson>,
    /// Pass as `after` for the next page; absent on the last page.
    pub next_after: Option<i64>,
    pub head_seq: i64,
    pub head_hash: String,
}

fn change_json(e: &Entry) -> ChangeJson {
    ChangeJson {
        seq: e.seq,
        at: e.at.clone(),
        author: e.author.clone(),
        kind: e.kind.code(),
        subject_kind: e.subject_kind.code(),
        subject: e.subject.clone(),
        change: serde_json::from_str(&e.body).unwrap_or(serde_json::Value::Null),
        body: e.body.clone(),
        prev_hash: e.prev_hash.clone(),
        hash: e.hash.clone(),
    }
}

fn cursor(pairs: &[(String, String)]) -> Result<(i64, u64), AppError> {
    let bad = |field: &str, message: &str| AppError::BadRequest {
        field: field.into(),
        message: message.into(),
    };
    let (mut after, mut limit) = (0, DEFAULT_LIMIT);
    for (k, v) in pairs {
        match k.as_str() {
            "after" => {
                after = v
                    .parse::<i64>()
                    .ok()
                    .filter(|n| *n >= 0)
                    .ok_or_else(|| bad("after", "after must be a sequence number, 0 or more"))?
            }
            "limit" => {
                limit = v
                    .parse::<u64>()
                    .ok()
                    .filter(|n| (1..=MAX_LIMIT).contains(n))
                    .ok_or_else(|| bad("limit", "limit must be a whole number from 1 to 1000"))?
            }
            _ => {}
        }
    }
    Ok((after, limit))
}

/// The change log, oldest first, from a cursor; the `Link` header names the first and
/// the next page.
#[utoipa::path(get, path = "/api/v1/changes", tag = "api", params(ChangeParams),
    responses((status = 200, body = ChangesJson,
        headers(("link" = String, description = "RFC 8288 links: the first page, and the next unless this is the last"))), (status = 400, body = crate::error::ProblemJson, content_type = "application/problem+json")))]
pub async fn list_changes(
    State(state): State<AppState>,
    headers: HeaderMap,
    uri: Uri,
    Query(pairs): Query<Vec<(String, String)>>,
) -> ApiResult<Response> {
    let (after, limit) = cursor(&pairs)?;
    let snapshot = state.model.current();
    let (head_seq, head_hash) = snapshot.head.clone();
    Ok(memo(&snapshot, &headers, &uri.to_string(), JSON, || async {
        // Only what this snapshot includes, so the page agrees with its head.
        let entries: Vec<Entry> = state
            .db
            .changes_after(after, limit)
            .await?
            .into_iter()
            .filter(|e| e.seq <= head_seq)
            .collect();
        let next_after = entries.last().map(|e| e.seq).filter(|seq| *seq < head_seq);
        let page = ChangesJson {
            entries: entries.iter().map(change_json).collect(),
            next_after,
            head_seq,
            head_hash,
        };
        let at = |after: i64| format!("/api/v1/changes?after={after}&limit={limit}");
        let mut links = vec![("first", at(0))];
        if let Some(next) = next_after {
            links.push(("next", at(next)));
        }
        let body = serde_json::to_vec(&page)
            .map(Bytes::from)
            .map_err(|e| AppError::Internal(e.into()))?;
        Ok::<_, AppError>((body, vec![(header::LINK, link_header(&links))]))
    })
    .await?)
}

fn subject_path(e: &Entry) -> String {
    let kind = match e.subject_kind {
        SubjectKind::Pledge => "pledges",
        SubjectKind::Actor => "actors",
        SubjectKind::Event => "events",
    };
    format!("/{kind}/{}", e.subject)
}

fn describe(e: &Entry) -> String {
    let body: Body = serde_json::from_str(&e.body).unwrap_or_default();
    let mut lines: Vec<String> = body
        .changes
        .iter()
        .map(|c| {
            let field = match c.condition {
                Some(n) => format!("condition {n}"),
                None => c.field.clone(),
            };
            match (&c.old, &c.new, &c.money) {
                (_, _, Some(m)) => format!(
                    "{field}: {} {}–{} (minor units) {}, {}",
                    m.stage, m.min, m.max, m.currency, m.source
                ),
                (Some(old), Some(new), _) => format!("{field}: {old} → {new}"),
                (None, Some(new), _) => format!("{field}: {new}"),
                (Some(old), None, _) => format!("{field}: {old} → (none)"),
                (None, None, _) => field,
            }
        })
        .collect();
    if let Some(note) = body.note {
        lines.push(String::new());
        lines.push(note);
    }
    for ev in body.evidence {
        lines.push(format!("Evidence ({}): {} <{}>", ev.tier, ev.title, ev.url));
    }
    lines.push(String::new());
    lines.push(format!("Entry {}, SHA-256 {}", e.seq, e.hash));
    lines.join("\n")
}

fn link(href: String, rel: &str, mime: &str) -> Link {
    Link {
        href,
        rel: rel.to_owned(),
        mime_type: Some(mime.to_owned()),
        ..Link::default()
    }
}

/// The newest entries of the change log as an Atom feed.
#[utoipa::path(get, path = "/feeds/changes.atom", tag = "feeds", responses((status = 200, content_type = "application/atom+xml")))]
pub async fn changes_atom(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> PageResult<Response> {
    let snapshot = state.model.current();
    let head = snapshot.head.0;
    memo(&snapshot, &headers, "/feeds/changes.atom", ATOM, || async {
        let base = state.public_url.trim_end_matches('/');
        let from = (head - FEED_ENTRIES).max(0);
        let mut entries = state.db.changes_after(from, FEED_ENTRIES as u64).await?;
        entries.retain(|e| e.seq <= head);
        entries.reverse();
        let when = |e: &Entry| -> DateTime<FixedOffset> {
            DateTime::parse_from_rfc3339(&e.at).unwrap_or_else(|_| DateTime::UNIX_EPOCH.into())
        };
        let mut feed = Feed::default();
        feed.set_id(super::feeds::tag_uri("feeds/changes.atom"));
        feed.set_title(Text::plain("pledgewatch: every change"));
        feed.set_updated(
            entries
                .first()
                .map(when)
                .unwrap_or_else(|| DateTime::UNIX_EPOCH.into()),
        );
        feed.set_links(vec![
            link(
                format!("{base}/feeds/changes.atom"),
                "self",
                "application/atom+xml",
            ),
            link(format!("{base}/about/data"), "alternate", "text/html"),
        ]);
        let items: Vec<AtomEntry> = entries
            .iter()
            .map(|e| {
                let mut item = AtomEntry::default();
                item.set_id(super::feeds::tag_uri(&format!("change/{}", e.seq)));
                item.set_title(Text::plain(format!("{}: {}", e.kind.label(), e.subject)));
                item.set_updated(when(e));
                item.set_authors(vec![Person {
                    name: e.author.clone(),
                    ..Person::default()
                }]);
                item.set_links(vec![link(
                    format!("{base}{}", subject_path(e)),
                    "alternate",
                    "text/html",
                )]);
                item.set_content(Some(Content {
                    value: Some(describe(e)),
                    content_type: Some("text".to_owned()),
                    ..Content::default()
                }));
                item
            })
            .collect();
        feed.set_entries(items);
        let mut out = Vec::new();
        feed.write_to(&mut out)
            .map_err(|e| AppError::Internal(anyhow::anyhow!("atom: {e}")))?;
        Ok(Bytes::from(super::feeds::xml_safe(out)))
    })
    .await
}

/// Adds the head of the change log the response was served from to every API answer.
pub async fn head_header(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let api = req.uri().path().starts_with("/api/");
    let mut res = next.run(req).await;
    if api {
        let (seq, hash) = state.model.current().head.clone();
        if let Ok(v) = HeaderValue::from_str(&format!("{seq} {hash}")) {
            res.headers_mut().insert(HEAD_HEADER, v);
        }
    }
    res
}
