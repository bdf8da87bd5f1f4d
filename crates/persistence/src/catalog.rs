//! Bulk reads for the read model: every pledge in summary (a fixed number of queries,
//! whatever the size of the tracker), a few pledges by id, every actor and event.

use crate::entities::follow_up::follow_up_money;
use crate::entities::pledge::{
    conditions, money_figures, pledge_actors, pledge_sources, pledge_themes, pledges,
};
use crate::entities::reference::{actor_members, actors, events, sources};
use crate::error::{StoreError, StoreResult};
use crate::pledges::{PledgeRecord, deadline_from_row, money_from_row, state_from_row};
use domain::catalog::PledgeSummary;
use domain::*;
use futures_util::TryStreamExt;
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, StreamTrait,
};
use std::collections::{HashMap, HashSet};

fn slug(table: &str, s: &str) -> StoreResult<Slug> {
    Slug::parse("slug", s).map_err(|e| StoreError::corrupt(table, e))
}

/// A stored pledge with what lists need beyond the domain record.
#[derive(Debug, Clone)]
pub struct StoredPledge {
    pub record: PledgeRecord,
    pub verified: bool,
    pub updated_at: chrono::DateTime<chrono::Utc>,
    /// Soft-deleted: kept, but out of every list.
    pub deleted: bool,
}

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
        streamed!(conn, sources::Entity::find()),
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
    let pledge_slugs: HashMap<i32, Slug> = slug_rows
        .into_iter()
        .map(|(id, s)| Ok((id, slug("pledges", &s)?)))
        .collect::<StoreResult<_>>()?;
    let event_slugs: HashMap<i32, Slug> = event_rows
        .iter()
        .map(|m| Ok((m.id, slug("events", &m.slug)?)))
        .collect::<StoreResult<_>>()?;
    let actor_slugs: HashMap<i32, Slug> = actor_rows
        .iter()
        .map(|m| Ok((m.id, slug("actors", &m.slug)?)))
        .collect::<StoreResult<_>>()?;
    let source_slugs: HashMap<i32, Slug> = all_sources
        .iter()
        .map(|m| Ok((m.id, slug("sources", &m.slug)?)))
        .collect::<StoreResult<_>>()?;
    let corroborating: HashSet<i32> = all_sources
        .iter()
        .filter(|s| s.verification == "verified" && s.tier != "secondary_report")
        .map(|s| s.id)
        .collect();
    let source = |id: i32| {
        source_slugs
            .get(&id)
            .cloned()
            .ok_or_else(|| StoreError::Corrupt(format!("reference to missing source {id}")))
    };

    let mut themes: HashMap<i32, Vec<Theme>> = HashMap::new();
    for t in theme_rows {
        themes
            .entry(t.pledge_id)
            .or_default()
            .push(Theme::parse(&t.theme).map_err(|e| StoreError::corrupt("pledge_themes", e))?);
    }
    let mut roles: HashMap<i32, Vec<(i32, PledgeActor)>> = HashMap::new();
    for a in role_rows {
        let actor = actor_slugs.get(&a.actor_id).cloned().ok_or_else(|| {
            StoreError::Corrupt(format!("pledge {} names missing actor", a.pledge_id))
        })?;
        let role =
            ActorRole::parse(&a.role).map_err(|e| StoreError::corrupt("pledge_actors", e))?;
        roles
            .entry(a.pledge_id)
            .or_default()
            .push((a.position, PledgeActor { actor, role }));
    }
    let mut cited: HashMap<i32, Vec<(i32, Slug)>> = HashMap::new();
    let mut verified: HashMap<i32, bool> = HashMap::new();
    for s in cite_rows {
        *verified.entry(s.pledge_id).or_default() |= corroborating.contains(&s.source_id);
        cited
            .entry(s.pledge_id)
            .or_default()
            .push((s.position, source(s.source_id)?));
    }
    let mut initial_conditions: HashMap<i32, Vec<(LongText, ConditionState, Option<Slug>)>> =
        HashMap::new();
    let mut current_conditions: HashMap<i32, Vec<(u16, ConditionState)>> = HashMap::new();
    for c in condition_rows {
        let bad = |e| StoreError::corrupt("conditions", e);
        initial_conditions.entry(c.pledge_id).or_default().push((
            LongText::stored("condition", &c.text).map_err(bad)?,
            ConditionState::parse(&c.initial_state).map_err(bad)?,
            c.source_id.map(source).transpose()?,
        ));
        current_conditions.entry(c.pledge_id).or_default().push((
            c.number as u16,
            ConditionState::parse(&c.state).map_err(bad)?,
        ));
    }
    let reported: HashSet<i32> = reported_rows.into_iter().collect();
    let mut announced_money: HashMap<i32, Vec<MoneyFigure>> = HashMap::new();
    let mut all_money: HashMap<i32, Vec<MoneyFigure>> = HashMap::new();
    for f in money_rows {
        let figure = money_from_row(&f, &source_slugs)?;
        if !reported.contains(&f.id) {
            announced_money
                .entry(f.pledge_id)
                .or_default()
                .push(figure.clone());
        }
        all_money.entry(f.pledge_id).or_default().push(figure);
    }

    rows.into_iter()
        .map(|m| {
            let c = |e| StoreError::corrupt("pledges", e);
            let mut actor_roles = roles.remove(&m.id).unwrap_or_default();
            actor_roles.sort_by_key(|(position, _)| *position);
            let mut cites = cited.remove(&m.id).unwrap_or_default();
            cites.sort_by_key(|(position, _)| *position);
            let quote = match (&m.quote_text, &m.quote_language, m.quote_source_id) {
                (Some(text), Some(lang), Some(src)) => Some(
                    Quote::new(
                        LongText::stored("quote", text).map_err(c)?,
                        lang,
                        source(src)?,
                    )
                    .map_err(c)?,
                ),
                _ => None,
            };
            let pledge = Pledge::new(PledgeParts {
                slug: pledge_slugs[&m.id].clone(),
                title: Title::stored("title", &m.title).map_err(c)?,
                summary: LongText::stored("summary", &m.summary).map_err(c)?,
                quote,
                kind: PledgeKind::parse(&m.kind).map_err(c)?,
                themes: themes.remove(&m.id).unwrap_or_default(),
                event: m.event_id.and_then(|id| event_slugs.get(&id).cloned()),
                announced_on: m.announced_on,
                strength: Strength::parse(&m.initial_strength).map_err(c)?,
                parent: m.parent_id.and_then(|id| pledge_slugs.get(&id).cloned()),
                supersedes: m
                    .supersedes_id
                    .and_then(|id| pledge_slugs.get(&id).cloned()),
                contested: m.initial_contested,
                actors: actor_roles.into_iter().map(|(_, a)| a).collect(),
                deadline: deadline_from_row(
                    &m,
                    m.deadline_event_id
                        .and_then(|id| event_slugs.get(&id).cloned()),
                )?,
                conditions: initial_conditions.remove(&m.id).unwrap_or_default(),
                money: announced_money.remove(&m.id).unwrap_or_default(),
                sources: cites.into_iter().map(|(_, s)| s).collect(),
            })
            .map_err(c)?;
            let state = state_from_row(
                &m,
                current_conditions.remove(&m.id).unwrap_or_default(),
                all_money.remove(&m.id).unwrap_or_default(),
            )?;
            Ok(StoredPledge {
                record: PledgeRecord {
                    id: m.id,
                    pledge,
                    state,
                },
                verified: verified.get(&m.id).copied().unwrap_or(false),
                updated_at: m.updated_at,
                deleted: m.deleted_at.is_some(),
            })
        })
        .collect()
}

pub fn into_summary(s: StoredPledge) -> PledgeSummary {
    let p = &s.record.pledge;
    PledgeSummary {
        slug: p.slug().clone(),
        title: p.title().clone(),
        summary: p.summary().to_string(),
        kind: p.kind(),
        themes: p.themes().to_vec(),
        actors: p
            .actors()
            .iter()
            .map(|a| (a.actor.clone(), a.role))
            .collect(),
        event: p.event().cloned(),
        announced_on: p.announced_on(),
        parent: p.parent().cloned(),
        deadline: p.deadline().clone(),
        state: s.record.state,
        verified: s.verified,
        updated_at: s.updated_at,
    }
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
