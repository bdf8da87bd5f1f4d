//! Sources, events and actors: insert, correct, look up by slug, and map rows to domain
//! values.

use crate::entities::reference::{actor_members, actors, event_sources, events, sources};
use crate::error::{Kind, StoreError, StoreResult};
use domain::{
    Actor, ActorKind, CountryCode, DatePrecision, Event, EventKind, LongText, Slug, Source,
    SourceTier, Title, Verification, WebUrl,
};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    sea_query::Expr,
};
use std::collections::HashMap;

fn corrupt(table: &'static str) -> impl Fn(domain::DomainError) -> StoreError {
    move |e| StoreError::corrupt(table, e)
}

/// Ids of the rows with these slugs, failing with the first slug that has none.
pub(crate) async fn source_ids<C: ConnectionTrait>(
    conn: &C,
    what: &str,
    slugs: &[&Slug],
) -> StoreResult<HashMap<String, i32>> {
    let wanted: Vec<&str> = slugs.iter().map(|s| s.as_str()).collect();
    let found: HashMap<String, i32> = sources::Entity::find()
        .filter(sources::Column::Slug.is_in(wanted.clone()))
        .all(conn)
        .await?
        .into_iter()
        .map(|m| (m.slug, m.id))
        .collect();
    if let Some(missing) = wanted.iter().find(|s| !found.contains_key(**s)) {
        return Err(StoreError::missing(what, Kind::Source, missing));
    }
    Ok(found)
}

/// The slugs of the sources with these ids (only those: a read costs what it names).
pub(crate) async fn source_slugs<C: ConnectionTrait>(
    conn: &C,
    ids: impl IntoIterator<Item = i32>,
) -> StoreResult<HashMap<i32, Slug>> {
    sources::Entity::find()
        .filter(sources::Column::Id.is_in(ids))
        .all(conn)
        .await?
        .into_iter()
        .map(|m| {
            Ok((
                m.id,
                Slug::parse("slug", &m.slug).map_err(corrupt("sources"))?,
            ))
        })
        .collect()
}

pub(crate) async fn event_id<C: ConnectionTrait>(
    conn: &C,
    what: &str,
    slug: &Slug,
) -> StoreResult<i32> {
    events::Entity::find()
        .filter(events::Column::Slug.eq(slug.as_str()))
        .one(conn)
        .await?
        .map(|m| m.id)
        .ok_or_else(|| StoreError::missing(what, Kind::Event, slug))
}

pub(crate) async fn actor_id<C: ConnectionTrait>(
    conn: &C,
    what: &str,
    slug: &Slug,
) -> StoreResult<i32> {
    actors::Entity::find()
        .filter(actors::Column::Slug.eq(slug.as_str()))
        .one(conn)
        .await?
        .map(|m| m.id)
        .ok_or_else(|| StoreError::missing(what, Kind::Actor, slug))
}

pub(crate) async fn insert_source<C: ConnectionTrait>(conn: &C, s: &Source) -> StoreResult<i32> {
    let row = sources::ActiveModel {
        slug: Set(s.slug.to_string()),
        title: Set(s.title.to_string()),
        url: Set(s.url.as_str().to_owned()),
        publisher: Set(s.publisher.to_string()),
        published_on: Set(s.published_on),
        tier: Set(s.tier.code().to_owned()),
        verification: Set(s.verification.code().to_owned()),
        note: Set(s.note.as_ref().map(|n| n.to_string())),
        ..Default::default()
    };
    Ok(sources::Entity::insert(row)
        .exec(conn)
        .await?
        .last_insert_id)
}

/// Rewrites a source in place (sources have no history of their own: what a reader sees
/// of one is its current title, publisher, tier and note).
pub(crate) async fn update_source<C: ConnectionTrait>(conn: &C, s: &Source) -> StoreResult<()> {
    sources::Entity::update_many()
        .col_expr(sources::Column::Title, Expr::value(s.title.as_str()))
        .col_expr(sources::Column::Url, Expr::value(s.url.as_str()))
        .col_expr(
            sources::Column::Publisher,
            Expr::value(s.publisher.as_str()),
        )
        .col_expr(sources::Column::PublishedOn, Expr::value(s.published_on))
        .col_expr(sources::Column::Tier, Expr::value(s.tier.code()))
        .col_expr(
            sources::Column::Verification,
            Expr::value(s.verification.code()),
        )
        .col_expr(
            sources::Column::Note,
            Expr::value(s.note.as_ref().map(|n| n.to_string())),
        )
        .filter(sources::Column::Slug.eq(s.slug.as_str()))
        .exec(conn)
        .await?;
    Ok(())
}

fn source_from_row(m: sources::Model) -> StoreResult<Source> {
    let c = corrupt("sources");
    Ok(Source {
        slug: Slug::parse("slug", &m.slug).map_err(&c)?,
        title: Title::stored("title", &m.title).map_err(&c)?,
        url: WebUrl::parse("url", &m.url).map_err(&c)?,
        publisher: Title::stored("publisher", &m.publisher).map_err(&c)?,
        published_on: m.published_on,
        tier: SourceTier::parse(&m.tier).map_err(&c)?,
        verification: Verification::parse(&m.verification).map_err(&c)?,
        note: m
            .note
            .as_deref()
            .map(|n| LongText::stored("note", n))
            .transpose()
            .map_err(&c)?,
    })
}

pub(crate) async fn get_source<C: ConnectionTrait>(conn: &C, slug: &Slug) -> StoreResult<Source> {
    let m = sources::Entity::find()
        .filter(sources::Column::Slug.eq(slug.as_str()))
        .one(conn)
        .await?
        .ok_or_else(|| StoreError::not_found(format!("source {slug}")))?;
    source_from_row(m)
}

pub(crate) async fn list_sources<C: ConnectionTrait>(conn: &C) -> StoreResult<Vec<Source>> {
    sources::Entity::find()
        .order_by_asc(sources::Column::Slug)
        .all(conn)
        .await?
        .into_iter()
        .map(source_from_row)
        .collect()
}

pub(crate) async fn insert_event<C: ConnectionTrait>(
    conn: &C,
    e: &Event,
    cited: &[Slug],
) -> StoreResult<i32> {
    let cited_refs: Vec<&Slug> = cited.iter().collect();
    let ids = source_ids(conn, &format!("event {}", e.slug), &cited_refs).await?;
    let row = events::ActiveModel {
        slug: Set(e.slug.to_string()),
        name: Set(e.name.to_string()),
        kind: Set(e.kind.code().to_owned()),
        location: Set(e.location.as_ref().map(ToString::to_string)),
        country: Set(e.country.as_ref().map(|c| c.as_str().to_owned())),
        starts_on: Set(e.starts_on),
        ends_on: Set(e.ends_on),
        date_precision: Set(precision_code(e)),
        ..Default::default()
    };
    let id = events::Entity::insert(row)
        .exec(conn)
        .await
        .map_err(StoreError::taken(Kind::Event, &e.slug))?
        .last_insert_id;
    for slug in cited {
        event_sources::Entity::insert(event_sources::ActiveModel {
            event_id: Set(id),
            source_id: Set(ids[slug.as_str()]),
        })
        .exec_without_returning(conn)
        .await?;
    }
    Ok(id)
}

/// Stored only for a start known to less than a day; NULL reads as a day.
fn precision_code(e: &Event) -> Option<String> {
    (e.precision != DatePrecision::Day).then(|| e.precision.code().to_owned())
}

pub(crate) fn event_from_row(m: events::Model) -> StoreResult<Event> {
    let c = corrupt("events");
    let precision = m
        .date_precision
        .as_deref()
        .map(DatePrecision::parse)
        .transpose()
        .map_err(&c)?;
    Event::new(
        Slug::parse("slug", &m.slug).map_err(&c)?,
        Title::stored("name", &m.name).map_err(&c)?,
        EventKind::parse(&m.kind).map_err(&c)?,
        m.location
            .as_deref()
            .map(|l| Title::stored("location", l))
            .transpose()
            .map_err(&c)?,
        m.country
            .as_deref()
            .map(|l| CountryCode::parse("country", l))
            .transpose()
            .map_err(&c)?,
        m.starts_on,
        m.ends_on,
    )
    .and_then(|e| match precision {
        Some(p) => e.with_precision(p),
        None => Ok(e),
    })
    .map_err(&c)
}

/// An event with the slugs of the sources that date it.
pub(crate) async fn get_event<C: ConnectionTrait>(
    conn: &C,
    slug: &Slug,
) -> StoreResult<(Event, Vec<Slug>)> {
    let m = events::Entity::find()
        .filter(events::Column::Slug.eq(slug.as_str()))
        .one(conn)
        .await?
        .ok_or_else(|| StoreError::not_found(format!("event {slug}")))?;
    let rows = event_sources::Entity::find()
        .filter(event_sources::Column::EventId.eq(m.id))
        .all(conn)
        .await?;
    let names = source_slugs(conn, rows.iter().map(|r| r.source_id)).await?;
    let cited = rows
        .into_iter()
        .filter_map(|r| names.get(&r.source_id).cloned())
        .collect();
    Ok((event_from_row(m)?, cited))
}

/// Start dates of every event, for resolving relative deadlines.
pub(crate) async fn event_dates<C: ConnectionTrait>(
    conn: &C,
) -> StoreResult<HashMap<Slug, Option<chrono::NaiveDate>>> {
    events::Entity::find()
        .all(conn)
        .await?
        .into_iter()
        .map(|m| {
            Ok((
                Slug::parse("slug", &m.slug).map_err(corrupt("events"))?,
                m.starts_on,
            ))
        })
        .collect()
}

/// Inserts an actor; its members must already exist.
pub(crate) async fn insert_actor<C: ConnectionTrait>(conn: &C, a: &Actor) -> StoreResult<i32> {
    let mut member_ids = Vec::with_capacity(a.members.len());
    for m in &a.members {
        member_ids.push(actor_id(conn, &format!("actor {}", a.slug), m).await?);
    }
    let row = actors::ActiveModel {
        slug: Set(a.slug.to_string()),
        name: Set(a.name.to_string()),
        kind: Set(a.kind.code().to_owned()),
        country: Set(a.country.as_ref().map(|c| c.as_str().to_owned())),
        ..Default::default()
    };
    let id = actors::Entity::insert(row)
        .exec(conn)
        .await
        .map_err(StoreError::taken(Kind::Actor, &a.slug))?
        .last_insert_id;
    for member_id in member_ids {
        actor_members::Entity::insert(actor_members::ActiveModel {
            actor_id: Set(id),
            member_id: Set(member_id),
        })
        .exec_without_returning(conn)
        .await?;
    }
    Ok(id)
}

pub(crate) async fn get_actor<C: ConnectionTrait>(conn: &C, slug: &Slug) -> StoreResult<Actor> {
    let m = actors::Entity::find()
        .filter(actors::Column::Slug.eq(slug.as_str()))
        .one(conn)
        .await?
        .ok_or_else(|| StoreError::not_found(format!("actor {slug}")))?;
    let member_ids: Vec<i32> = actor_members::Entity::find()
        .filter(actor_members::Column::ActorId.eq(m.id))
        .all(conn)
        .await?
        .into_iter()
        .map(|r| r.member_id)
        .collect();
    let mut members: Vec<Slug> = actors::Entity::find()
        .filter(actors::Column::Id.is_in(member_ids))
        .all(conn)
        .await?
        .into_iter()
        .map(|r| Slug::parse("slug", &r.slug).map_err(corrupt("actors")))
        .collect::<StoreResult<_>>()?;
    members.sort();
    let c = corrupt("actors");
    Actor::new(
        Slug::parse("slug", &m.slug).map_err(&c)?,
        Title::stored("name", &m.name).map_err(&c)?,
        ActorKind::parse(&m.kind).map_err(&c)?,
        m.country
            .as_deref()
            .map(|x| CountryCode::parse("country", x))
            .transpose()
            .map_err(&c)?,
        members,
    )
    .map_err(&c)
}

/// Every actor's members as stored, by slug (a few hundred rows at most).
async fn memberships<C: ConnectionTrait>(conn: &C) -> StoreResult<HashMap<Slug, Vec<Slug>>> {
    let slugs: HashMap<i32, String> = actors::Entity::find()
        .all(conn)
        .await?
        .into_iter()
        .map(|m| (m.id, m.slug))
        .collect();
    let mut out: HashMap<Slug, Vec<Slug>> = HashMap::new();
    for row in actor_members::Entity::find().all(conn).await? {
        let (Some(actor), Some(member)) = (slugs.get(&row.actor_id), slugs.get(&row.member_id))
        else {
            continue;
        };
        let c = corrupt("actor_members");
        out.entry(Slug::parse("slug", actor).map_err(&c)?)
            .or_default()
            .push(Slug::parse("slug", member).map_err(&c)?);
    }
    Ok(out)
}

/// Replaces an actor's name, kind, country and members; returns the old value. Members
/// that would make membership circular are refused (field `members`).
pub(crate) async fn update_actor<C: ConnectionTrait>(conn: &C, a: &Actor) -> StoreResult<Actor> {
    let old = get_actor(conn, &a.slug).await?;
    let id = actor_id(conn, "actor", &a.slug).await?;
    let mut member_ids = Vec::with_capacity(a.members.len());
    for m in &a.members {
        member_ids.push(actor_id(conn, &format!("actor {}", a.slug), m).await?);
    }
    // Only a correction can close a loop: a new actor is nobody's member yet.
    a.check_membership_acyclic(&memberships(conn).await?)?;
    actors::Entity::update_many()
        .col_expr(
            actors::Column::Name,
            sea_orm::sea_query::Expr::value(a.name.as_str()),
        )
        .col_expr(
            actors::Column::Kind,
            sea_orm::sea_query::Expr::value(a.kind.code()),
        )
        .col_expr(
            actors::Column::Country,
            sea_orm::sea_query::Expr::value(a.country.as_ref().map(|c| c.as_str().to_owned())),
        )
        .filter(actors::Column::Id.eq(id))
        .exec(conn)
        .await?;
    actor_members::Entity::delete_many()
        .filter(actor_members::Column::ActorId.eq(id))
        .exec(conn)
        .await?;
    for member_id in member_ids {
        actor_members::Entity::insert(actor_members::ActiveModel {
            actor_id: Set(id),
            member_id: Set(member_id),
        })
        .exec_without_returning(conn)
        .await?;
    }
    Ok(old)
}

/// Replaces an event's fields and cited sources; returns the old value.
pub(crate) async fn update_event<C: ConnectionTrait>(
    conn: &C,
    e: &Event,
    cited: &[Slug],
) -> StoreResult<(Event, Vec<Slug>)> {
    let old = get_event(conn, &e.slug).await?;
    let id = event_id(conn, "event", &e.slug).await?;
    let refs: Vec<&Slug> = cited.iter().collect();
    let ids = source_ids(conn, &format!("event {}", e.slug), &refs).await?;
    use sea_orm::sea_query::Expr;
    events::Entity::update_many()
        .col_expr(events::Column::Name, Expr::value(e.name.as_str()))
        .col_expr(events::Column::Kind, Expr::value(e.kind.code()))
        .col_expr(
            events::Column::Location,
            Expr::value(e.location.as_ref().map(ToString::to_string)),
        )
        .col_expr(
            events::Column::Country,
            Expr::value(e.country.as_ref().map(|c| c.as_str().to_owned())),
        )
        .col_expr(events::Column::StartsOn, Expr::value(e.starts_on))
        .col_expr(events::Column::EndsOn, Expr::value(e.ends_on))
        .col_expr(
            events::Column::DatePrecision,
            Expr::value(precision_code(e)),
        )
        .filter(events::Column::Id.eq(id))
        .exec(conn)
        .await?;
    event_sources::Entity::delete_many()
        .filter(event_sources::Column::EventId.eq(id))
        .exec(conn)
        .await?;
    for slug in cited {
        event_sources::Entity::insert(event_sources::ActiveModel {
            event_id: Set(id),
            source_id: Set(ids[slug.as_str()]),
        })
        .exec_without_returning(conn)
        .await?;
    }
    Ok(old)
}
