//! Reading pledges: every pledge (a fixed number of queries, whatever the size of the
//! tracker), or a few by id reading only the rows they refer to (so one pledge costs the
//! same in a tracker of any size), and ids, slugs, parent links, every actor and event.
//! Rows become domain values in [`crate::mapping`]; writing is in [`crate::pledges`].

use crate::entities::follow_up::follow_up_money;
use crate::entities::pledge::{
    conditions, money_figures, pledge_actors, pledge_sources, pledge_themes, pledges,
};
use crate::entities::reference::{actor_members, actors, events, sources};
use crate::error::{StoreError, StoreResult};
use crate::mapping::{PledgeRecord, StoredPledge, slug};
use domain::*;
use futures_util::TryStreamExt;
use sea_orm::sea_query::{Query, SelectStatement};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, StreamTrait,
};
use std::collections::HashMap;

/// The rows of a query, taken one at a time as the database hands them over. Collecting a
/// whole result first (`all`) holds every driver row at once beside the models made from
/// them: at 100,000 pledges that doubled the memory a start needs, and the allocator kept it.
macro_rules! streamed {
    ($conn:expr, $query:expr) => {
        async {
            let mut rows = $query.stream($conn).await?;
            let mut out = Vec::new();
            while let Some(row) = rows.try_next().await? {
                out.push(row);
            }
            Ok::<_, sea_orm::DbErr>(out)
        }
    };
}

/// Runs every `field: query` at once, each `streamed!`, into [`crate::mapping::Rows`]:
/// each result is named once, by the field it fills.
macro_rules! all_at_once {
    ($conn:expr, { $($field:ident: $query:expr),* $(,)? }) => {{
        let ($($field,)*) = tokio::try_join!($(streamed!($conn, $query)),*)?;
        crate::mapping::Rows { $($field),* }
    }};
}

pub(crate) async fn pledge_id<C: ConnectionTrait>(
    conn: &C,
    slug: &Slug,
) -> StoreResult<Option<i32>> {
    Ok(pledges::Entity::find()
        .filter(pledges::Column::Slug.eq(slug.as_str()))
        .one(conn)
        .await?
        .map(|m| m.id))
}

/// Ids of the pledges with these slugs.
pub(crate) async fn pledge_ids<C: ConnectionTrait>(
    conn: &C,
    slugs: &[Slug],
) -> StoreResult<HashMap<Slug, i32>> {
    pledges::Entity::find()
        .filter(pledges::Column::Slug.is_in(slugs.iter().map(Slug::as_str)))
        .all(conn)
        .await?
        .into_iter()
        .map(|m| {
            Ok((
                Slug::parse("slug", &m.slug).map_err(|e| StoreError::corrupt("pledges", e))?,
                m.id,
            ))
        })
        .collect()
}

/// Every parent link, by slug.
pub(crate) async fn parent_links<C: ConnectionTrait>(conn: &C) -> StoreResult<HashMap<Slug, Slug>> {
    let rows = pledges::Entity::find().all(conn).await?;
    let slug_of: HashMap<i32, &str> = rows.iter().map(|m| (m.id, m.slug.as_str())).collect();
    let mut links = HashMap::new();
    for m in &rows {
        if let Some(parent) = m.parent_id.and_then(|p| slug_of.get(&p)) {
            links.insert(
                Slug::parse("slug", &m.slug).map_err(|e| StoreError::corrupt("pledges", e))?,
                Slug::parse("slug", parent).map_err(|e| StoreError::corrupt("pledges", e))?,
            );
        }
    }
    Ok(links)
}

/// Reads a pledge back whole: as announced, and its current state from the cached columns.
pub(crate) async fn get_pledge<C: ConnectionTrait + sea_orm::StreamTrait>(
    conn: &C,
    slug: &Slug,
) -> StoreResult<PledgeRecord> {
    let id = pledge_id(conn, slug)
        .await?
        .ok_or_else(|| StoreError::not_found(format!("pledge {slug}")))?;
    crate::catalog::load_records(conn, Some(&[id]))
        .await?
        .pop()
        .map(|s| s.record)
        .ok_or_else(|| StoreError::not_found(format!("pledge {slug}")))
}

/// Slugs of all pledges, ordered.
pub(crate) async fn pledge_slugs<C: ConnectionTrait>(conn: &C) -> StoreResult<Vec<Slug>> {
    pledges::Entity::find()
        .order_by_asc(pledges::Column::Slug)
        .all(conn)
        .await?
        .into_iter()
        .map(|m| Slug::parse("slug", &m.slug).map_err(|e| StoreError::corrupt("pledges", e)))
        .collect()
}

/// `SELECT column FROM its table WHERE pledge_column IN (ids)` as a subquery: what the
/// pledges of `ids` refer to through that table's rows.
fn through<C: ColumnTrait>(column: C, pledge_column: C, ids: &[i32]) -> SelectStatement {
    Query::select()
        .column(column)
        .from(C::EntityName::default())
        .and_where(pledge_column.is_in(ids.iter().copied()))
        .to_owned()
}

/// Every pledge (or only the one with id `only`) in a fixed number of queries.
pub(crate) async fn load_records<C: ConnectionTrait + StreamTrait>(
    conn: &C,
    only: Option<&[i32]>,
) -> StoreResult<Vec<StoredPledge>> {
    let mut q = pledges::Entity::find().order_by_asc(pledges::Column::Id);
    match only {
        Some(id) => q = q.filter(pledges::Column::Id.is_in(id.iter().copied())),
        // The whole tracker leaves soft-deleted pledges out.
        None => q = q.filter(pledges::Column::DeletedAt.is_null()),
    }
    // A column of `only`'s own rows as a subquery: what those pledges refer to.
    let referred = |col: pledges::Column, ids: &[i32]| through(col, pledges::Column::Id, ids);
    // A few pledges read only the slugs, actors and events they refer to, so that reading
    // one pledge costs the same in a tracker of any size; the whole tracker reads each
    // table once.
    let mut slug_q = pledges::Entity::find()
        .select_only()
        .column(pledges::Column::Id)
        .column(pledges::Column::Slug);
    let mut event_q = events::Entity::find();
    let mut actor_q = actors::Entity::find();
    let mut tq = pledge_themes::Entity::find();
    let mut aq = pledge_actors::Entity::find();
    let mut sq = pledge_sources::Entity::find();
    let mut cq = conditions::Entity::find().order_by_asc(conditions::Column::Number);
    let mut reported_q = follow_up_money::Entity::find();
    let mut mq = money_figures::Entity::find().order_by_asc(money_figures::Column::Id);
    let mut source_q = sources::Entity::find();
    if let Some(id) = only {
        let ids = || id.iter().copied();
        slug_q = slug_q.filter(
            sea_orm::Condition::any()
                .add(pledges::Column::Id.is_in(ids()))
                .add(pledges::Column::Id.in_subquery(referred(pledges::Column::ParentId, id)))
                .add(pledges::Column::Id.in_subquery(referred(pledges::Column::SupersedesId, id))),
        );
        event_q = event_q.filter(
            sea_orm::Condition::any()
                .add(events::Column::Id.in_subquery(referred(pledges::Column::EventId, id)))
                .add(
                    events::Column::Id.in_subquery(referred(pledges::Column::DeadlineEventId, id)),
                ),
        );
        actor_q = actor_q.filter(actors::Column::Id.in_subquery(through(
            pledge_actors::Column::ActorId,
            pledge_actors::Column::PledgeId,
            id,
        )));
        tq = tq.filter(pledge_themes::Column::PledgeId.is_in(ids()));
        aq = aq.filter(pledge_actors::Column::PledgeId.is_in(ids()));
        sq = sq.filter(pledge_sources::Column::PledgeId.is_in(ids()));
        cq = cq.filter(conditions::Column::PledgeId.is_in(ids()));
        reported_q =
            reported_q.filter(follow_up_money::Column::MoneyFigureId.in_subquery(through(
                money_figures::Column::Id,
                money_figures::Column::PledgeId,
                id,
            )));
        mq = mq.filter(money_figures::Column::PledgeId.is_in(ids()));
        // The sources these pledges cite anywhere: listed, quoted, under a condition,
        // for a money figure (announced or reported).
        source_q = source_q.filter(
            sea_orm::Condition::any()
                .add(sources::Column::Id.in_subquery(through(
                    pledge_sources::Column::SourceId,
                    pledge_sources::Column::PledgeId,
                    id,
                )))
                .add(sources::Column::Id.in_subquery(referred(pledges::Column::QuoteSourceId, id)))
                .add(sources::Column::Id.in_subquery(through(
                    conditions::Column::SourceId,
                    conditions::Column::PledgeId,
                    id,
                )))
                .add(sources::Column::Id.in_subquery(through(
                    money_figures::Column::SourceId,
                    money_figures::Column::PledgeId,
                    id,
                ))),
        );
    }
    // Every query stands alone, so they run at once on the reader pool.
    let rows = all_at_once!(conn, {
        pledges: q,
        pledge_slugs: slug_q.into_tuple::<(i32, String)>(),
        events: event_q,
        actors: actor_q,
        sources: source_q,
        themes: tq,
        roles: aq,
        cites: sq,
        conditions: cq,
        reported: reported_q
            .select_only()
            .column(follow_up_money::Column::MoneyFigureId)
            .into_tuple::<i32>(),
        money: mq,
    });
    crate::mapping::assemble(rows)
}

pub(crate) async fn actors_all<C: ConnectionTrait>(conn: &C) -> StoreResult<Vec<Actor>> {
    let rows = actors::Entity::find().all(conn).await?;
    let slugs: HashMap<i32, &str> = rows.iter().map(|a| (a.id, a.slug.as_str())).collect();
    let mut members: HashMap<i32, Vec<Slug>> = HashMap::new();
    for m in actor_members::Entity::find().all(conn).await? {
        if let Some(s) = slugs.get(&m.member_id) {
            members
                .entry(m.actor_id)
                .or_default()
                .push(slug("actors", s)?);
        }
    }
    rows.iter()
        .map(|m| {
            let c = |e| StoreError::corrupt("actors", e);
            Actor::new(
                slug("actors", &m.slug)?,
                Title::stored("name", &m.name).map_err(c)?,
                ActorKind::parse(&m.kind).map_err(c)?,
                m.country
                    .as_deref()
                    .map(|x| CountryCode::parse("country", x))
                    .transpose()
                    .map_err(c)?,
                members.remove(&m.id).unwrap_or_default(),
            )
            .map_err(c)
        })
        .collect()
}

pub(crate) async fn events_all<C: ConnectionTrait>(conn: &C) -> StoreResult<Vec<Event>> {
    events::Entity::find()
        .all(conn)
        .await?
        .into_iter()
        .map(crate::reference::event_from_row)
        .collect()
}
