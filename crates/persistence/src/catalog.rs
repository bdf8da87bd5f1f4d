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
    use sea_orm::sea_query::Query;
    // Ids of `only` as a subquery column: what those pledges refer to.
    let referred = |col: pledges::Column, ids: &[i32]| {
        Query::select()
            .column(col)
            .from(pledges::Entity)
            .and_where(pledges::Column::Id.is_in(ids.iter().copied()))
            .to_owned()
    };
    // A few pledges read only the slugs, actors and events they refer to, so that reading
    // one pledge costs the same in a tracker of any size; the whole tracker reads each
    // table once. Every query stands alone, so they run at once on the reader pool.
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
        actor_q = actor_q.filter(
            actors::Column::Id.in_subquery(
                Query::select()
                    .column(pledge_actors::Column::ActorId)
                    .from(pledge_actors::Entity)
                    .and_where(pledge_actors::Column::PledgeId.is_in(ids()))
                    .to_owned(),
            ),
        );
        tq = tq.filter(pledge_themes::Column::PledgeId.is_in(ids()));
        aq = aq.filter(pledge_actors::Column::PledgeId.is_in(ids()));
        sq = sq.filter(pledge_sources::Column::PledgeId.is_in(ids()));
        cq = cq.filter(conditions::Column::PledgeId.is_in(ids()));
        reported_q = reported_q.filter(
            follow_up_money::Column::MoneyFigureId.in_subquery(
                Query::select()
                    .column(money_figures::Column::Id)
                    .from(money_figures::Entity)
                    .and_where(money_figures::Column::PledgeId.is_in(ids()))
                    .to_owned(),
            ),
        );
        mq = mq.filter(money_figures::Column::PledgeId.is_in(ids()));
        // The sources these pledges cite anywhere: listed, quoted, under a condition,
        // for a money figure (announced or reported).
        source_q = source_q.filter(
            sea_orm::Condition::any()
                .add(
                    sources::Column::Id.in_subquery(
                        Query::select()
                            .column(pledge_sources::Column::SourceId)
                            .from(pledge_sources::Entity)
                            .and_where(pledge_sources::Column::PledgeId.is_in(ids()))
                            .to_owned(),
                    ),
                )
                .add(sources::Column::Id.in_subquery(referred(pledges::Column::QuoteSourceId, id)))
                .add(
                    sources::Column::Id.in_subquery(
                        Query::select()
                            .column(conditions::Column::SourceId)
                            .from(conditions::Entity)
                            .and_where(conditions::Column::PledgeId.is_in(ids()))
                            .to_owned(),
                    ),
                )
                .add(
                    sources::Column::Id.in_subquery(
                        Query::select()
                            .column(money_figures::Column::SourceId)
                            .from(money_figures::Entity)
                            .and_where(money_figures::Column::PledgeId.is_in(ids()))
                            .to_owned(),
                    ),
                ),
        );
    }
    let (
        rows,
        slug_rows,
        event_rows,
        actor_rows,
        all_sources,
        theme_rows,
        role_rows,
        cite_rows,
        condition_rows,
        reported_rows,
        money_rows,
    ) = tokio::try_join!(
        streamed!(conn, q),
        streamed!(conn, slug_q.into_tuple::<(i32, String)>()),
        streamed!(conn, event_q),
        streamed!(conn, actor_q),
        streamed!(conn, source_q),
        streamed!(conn, tq),
        streamed!(conn, aq),
        streamed!(conn, sq),
        streamed!(conn, cq),
        streamed!(
            conn,
            reported_q
                .select_only()
                .column(follow_up_money::Column::MoneyFigureId)
                .into_tuple::<i32>()
        ),
        streamed!(conn, mq),
    )?;
    crate::mapping::assemble(crate::mapping::Rows {
        pledges: rows,
        pledge_slugs: slug_rows,
        events: event_rows,
        actors: actor_rows,
        sources: all_sources,
        themes: theme_rows,
        roles: role_rows,
        cites: cite_rows,
        conditions: condition_rows,
        reported: reported_rows,
        money: money_rows,
    })
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
