//! Feeds for following without an account: Atom feeds of follow-ups (everything, or one
//! pledge, actor or theme) and an iCalendar feed of deadlines; feeds and entries are
//! identified by `tag:` URIs that do not depend on the public address.

use super::conditional::memo;
use crate::error::{AppError, PageResult};
use crate::state::AppState;
use atom_syndication::{Content, Entry, Feed, Link, Person, Text};
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use chrono::{DateTime, FixedOffset, Utc};
use domain::{Slug, Theme};
use icalendar::{Calendar, Component, EventLike};
use persistence::feed::{FeedScope, FollowUpEntry};

const ATOM: &str = "application/atom+xml; charset=utf-8";
const ICS: &str = "text/calendar; charset=utf-8";
const FEED_ENTRIES: u64 = 50;

/// A `tag:` URI (RFC 4151) for a feed or entry: the same whatever address the tracker is
/// served at, so a move to another domain (or a changed `PLEDGEWATCH_PUBLIC_URL`) does
/// not show every entry to feed readers again as new.
pub fn tag_uri(specific: &str) -> String {
    format!("tag:pledgewatch,2025:{specific}")
}

fn link(href: String, rel: &str, mime: Option<&str>) -> Link {
    Link {
        href,
        rel: rel.to_owned(),
        mime_type: mime.map(str::to_owned),
        ..Link::default()
    }
}

/// An entry; `reply` names the actor when the follow-up is an actor's published reply.
fn entry(base: &str, e: &FollowUpEntry, reply: Option<&str>) -> Entry {
    let f = &e.follow_up;
    // Feeds are read in English, their values written by the one formatter of pages and
    // mail (`domain::locale`).
    let changes: Vec<String> = f
        .changes
        .iter()
        .map(|c| crate::views::rows::change_line(c, domain::Lang::En))
        .collect();
    let headline = match reply {
        Some(actor) => format!("reply from {actor}"),
        None if changes.is_empty() => "note".to_owned(),
        None => changes.join("; "),
    };
    let mut body = changes.join("\n");
    if let Some(note) = &f.note {
        body.push_str(&format!("\n\n{note}"));
    }
    for ev in &f.evidence {
        let by = ev
            .publisher
            .as_ref()
            .map(|p| format!(", {p}"))
            .unwrap_or_default();
        body.push_str(&format!(
            "\nEvidence ({}): {}{by} <{}>",
            ev.tier.label(),
            ev.title,
            ev.url.as_str()
        ));
        if let Some(copy) = &ev.archived_url {
            body.push_str(&format!(" (archived copy <{}>)", copy.as_str()));
        }
    }
    let when: DateTime<FixedOffset> = f.recorded_at.into();
    let mut entry = Entry::default();
    entry.set_id(tag_uri(&format!("follow-up/{}", e.id)));
    entry.set_title(Text::plain(format!("{}: {headline}", e.pledge_title)));
    entry.set_updated(when);
    entry.set_published(Some(when));
    entry.set_authors(vec![Person {
        name: f.author.clone(),
        ..Person::default()
    }]);
    entry.set_links(vec![link(
        format!("{base}/pledges/{}", e.pledge),
        "alternate",
        Some("text/html"),
    )]);
    entry.set_content(Some(Content {
        value: Some(body.trim().to_owned()),
        content_type: Some("text".to_owned()),
        ..Content::default()
    }));
    entry
}

async fn atom(
    state: &AppState,
    headers: &HeaderMap,
    path: &str,
    title: String,
    scope: FeedScope,
) -> PageResult<Response> {
    let snapshot = state.model.current();
    memo(&snapshot, headers, path, ATOM, || async {
        let base = state.public_url.trim_end_matches('/');
        let entries = state.db.recent_follow_ups(&scope, FEED_ENTRIES).await?;
        let updated: DateTime<FixedOffset> = entries
            .first()
            .map(|e| e.follow_up.recorded_at)
            .unwrap_or_else(|| DateTime::<Utc>::UNIX_EPOCH)
            .into();
        let mut feed = Feed::default();
        feed.set_id(tag_uri(path.trim_start_matches('/')));
        feed.set_title(Text::plain(title));
        feed.set_updated(updated);
        feed.set_links(vec![
            link(
                format!("{base}{path}"),
                "self",
                Some("application/atom+xml"),
            ),
            link(format!("{base}/"), "alternate", Some("text/html")),
        ]);
        let ids: Vec<i32> = entries.iter().map(|e| e.id).collect();
        let replies = crate::routes::contribute::replies::actor_names(state, &ids).await?;
        feed.set_entries(
            entries
                .iter()
                .map(|e| entry(base, e, replies.get(&e.id).map(String::as_str)))
                .collect::<Vec<_>>(),
        );
        let mut out = Vec::new();
        feed.write_to(&mut out)
            .map_err(|e| AppError::Internal(anyhow::anyhow!("atom: {e}")))?;
        Ok(Bytes::from(xml_safe(out)))
    })
    .await
}

/// The document with every character XML 1.0 forbids removed (C0 controls other than
/// tab, newline and carriage return; U+FFFE and U+FFFF). New input refuses them, but text
/// stored before that rule may hold them, and one would make the whole feed unreadable.
pub(crate) fn xml_safe(out: Vec<u8>) -> Vec<u8> {
    let allowed = |c: char| {
        matches!(c, '\t' | '\n' | '\r') || (c >= ' ' && c != '\u{FFFE}' && c != '\u{FFFF}')
    };
    match String::from_utf8(out) {
        Ok(s) if s.chars().all(allowed) => s.into_bytes(),
        Ok(s) => s
            .chars()
            .filter(|c| allowed(*c))
            .collect::<String>()
            .into_bytes(),
        // The writer only writes UTF-8; if it ever did not, send what it wrote.
        Err(e) => e.into_bytes(),
    }
}

fn strip<'a>(raw: &'a str, suffix: &str, what: &str) -> PageResult<&'a str> {
    raw.strip_suffix(suffix)
        .ok_or_else(|| AppError::NotFound(format!("{what} feed {raw:?}")))
}

/// Every follow-up, newest first.
#[utoipa::path(get, path = "/feeds/follow-ups.atom", tag = "feeds", responses((status = 200, content_type = "application/atom+xml")))]
pub async fn all_atom(State(state): State<AppState>, headers: HeaderMap) -> PageResult<Response> {
    atom(
        &state,
        &headers,
        "/feeds/follow-ups.atom",
        "pledgewatch: all follow-ups".into(),
        FeedScope::All,
    )
    .await
}

/// One pledge's follow-ups.
#[utoipa::path(get, path = "/feeds/pledges/{file}", tag = "feeds", params(("file" = String, Path, description = "The pledge's slug followed by .atom")),
    responses((status = 200, content_type = "application/atom+xml"), (status = 404, description = "No such pledge")))]
pub async fn pledge_atom(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(file): Path<String>,
) -> PageResult<Response> {
    let raw = strip(&file, ".atom", "pledge")?;
    let slug =
        Slug::parse("slug", raw).map_err(|_| AppError::NotFound(format!("pledge {raw:?}")))?;
    let title = state
        .model
        .current()
        .catalog
        .get(&slug)
        .map(|(p, _)| p.title.to_string())
        .ok_or_else(|| AppError::NotFound(format!("pledge {raw:?}")))?;
    atom(
        &state,
        &headers,
        &format!("/feeds/pledges/{slug}.atom"),
        format!("pledgewatch: {title}"),
        FeedScope::Pledge(slug),
    )
    .await
}

/// Follow-ups of every pledge naming an actor.
#[utoipa::path(get, path = "/feeds/actors/{file}", tag = "feeds", params(("file" = String, Path, description = "The actor's slug followed by .atom")),
    responses((status = 200, content_type = "application/atom+xml"), (status = 404, description = "No such actor")))]
pub async fn actor_atom(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(file): Path<String>,
) -> PageResult<Response> {
    let raw = strip(&file, ".atom", "actor")?;
    let slug =
        Slug::parse("slug", raw).map_err(|_| AppError::NotFound(format!("actor {raw:?}")))?;
    let name = state
        .model
        .current()
        .catalog
        .actor(&slug)
        .map(|a| a.name.to_string())
        .ok_or_else(|| AppError::NotFound(format!("actor {raw:?}")))?;
    atom(
        &state,
        &headers,
        &format!("/feeds/actors/{slug}.atom"),
        format!("pledgewatch: pledges of {name}"),
        FeedScope::Actor(slug),
    )
    .await
}

/// Follow-ups of every pledge with a theme.
#[utoipa::path(get, path = "/feeds/themes/{file}", tag = "feeds", params(("file" = String, Path, description = "A theme code followed by .atom")),
    responses((status = 200, content_type = "application/atom+xml"), (status = 404, description = "No such theme")))]
pub async fn theme_atom(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(file): Path<String>,
) -> PageResult<Response> {
    let raw = strip(&file, ".atom", "theme")?;
    let theme = Theme::parse(raw).map_err(|_| AppError::NotFound(format!("theme {raw:?}")))?;
    atom(
        &state,
        &headers,
        &format!("/feeds/themes/{}.atom", theme.code()),
        format!("pledgewatch: {}", theme.label()),
        FeedScope::Theme(theme),
    )
    .await
}

/// Every pledge's deadline whose date is known, as all-day events.
#[utoipa::path(get, path = "/feeds/deadlines.ics", tag = "feeds", responses((status = 200, content_type = "text/calendar")))]
pub async fn deadlines_ics(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> PageResult<Response> {
    let snapshot = state.model.current();
    memo(&snapshot, &headers, "/feeds/deadlines.ics", ICS, || async {
        let base = state.public_url.trim_end_matches('/');
        let mut calendar = Calendar::new();
        calendar.name("pledgewatch: pledge deadlines");
        for (p, d) in snapshot.catalog.pledges() {
            let Some(due) = d.due else { continue };
            let event = icalendar::Event::new()
                .uid(&format!("deadline-{}@pledgewatch", p.slug))
                .summary(&format!("Deadline: {}", p.title))
                .description(&format!(
                    "Delivery: {}. Schedule: {}.",
                    p.state.delivery.label(),
                    d.schedule.label()
                ))
                .url(&format!("{base}/pledges/{}", p.slug))
                .starts(due)
                // DTEND of an all-day event is exclusive: the deadline day itself is covered.
                .ends(due.succ_opt().unwrap_or(due))
                .timestamp(p.updated_at)
                .done();
            calendar.push(event);
        }
        Ok::<_, AppError>(Bytes::from(calendar.done().to_string()))
    })
    .await
}
