//! Follow-ups across pledges, newest first, for feeds, the dashboard and the API; and in
//! id order, in batches, for streaming exports.

use crate::entities::follow_up::follow_ups;
use crate::entities::pledge::{pledge_actors, pledge_themes, pledges};
use crate::entities::reference::actors;
use crate::error::{StoreError, StoreResult};
use crate::follow_ups::hydrate;
use domain::{FollowUp, Slug, Theme};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    sea_query::Query,
};
use std::collections::HashMap;

/// Which follow-ups a feed covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FeedScope {
    All,
    Pledge(Slug),
    Actor(Slug),
    Theme(Theme),
}

/// A follow-up with the pledge it belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FollowUpEntry {
    pub id: i32,
    pub pledge: Slug,
    pub pledge_title: String,
    pub follow_up: FollowUp,
}

async fn with_pledges<C: ConnectionTrait>(
    conn: &C,
    rows: Vec<follow_ups::Model>,
) -> StoreResult<Vec<FollowUpEntry>> {
    let pledge_ids: Vec<i32> = rows.iter().map(|r| r.pledge_id).collect();
    let names: HashMap<i32, (String, String)> = pledges::Entity::find()
        .filter(pledges::Column::Id.is_in(pledge_ids))
        .all(conn)
        .await?
        .into_iter()
        .map(|p| (p.id, (p.slug, p.title)))
        .collect();
    hydrate(conn, rows)
        .await?
        .into_iter()
        .map(|(id, pledge_id, follow_up)| {
            let (slug, title) = names
                .get(&pledge_id)
                .cloned()
                .ok_or_else(|| StoreError::Corrupt(format!("follow-up {id} has no pledge")))?;
            Ok(FollowUpEntry {
                id,
                pledge: Slug::parse("slug", &slug)
                    .map_err(|e| StoreError::corrupt("pledges", e))?,
                pledge_title: title,
                follow_up,
            })
        })
        .collect()
}

/// The latest `limit` follow-ups in scope (below the id `before`, if given), newest
/// recorded first.
pub(crate) async fn recent<C: ConnectionTrait>(
    conn: &C,
    scope: &FeedScope,
    before: Option<i32>,
    limit: u64,
) -> StoreResult<Vec<FollowUpEntry>> {
    let mut query = follow_ups::Entity::find()
        .order_by_desc(follow_ups::Column::Id)
        .limit(limit);
    // A cursor over ids: they only grow, so the page after one stays the same page.
    if let Some(before) = before {
        query = query.filter(follow_ups::Column::Id.lt(before));
    }
    match scope {
        FeedScope::All => {}
        FeedScope::Pledge(slug) => {
            let id = crate::catalog::pledge_id(conn, slug)
                .await?
                .ok_or_else(|| StoreError::not_found(format!("pledge {slug}")))?;
            query = query.filter(follow_ups::Column::PledgeId.eq(id));
        }
        FeedScope::Actor(slug) => {
            let actor = actors::Entity::find()
                .filter(actors::Column::Slug.eq(slug.as_str()))
                .one(conn)
                .await?
                .ok_or_else(|| StoreError::not_found(format!("actor {slug}")))?;
            query = query.filter(
                follow_ups::Column::PledgeId.in_subquery(
                    Query::select()
                        .column(pledge_actors::Column::PledgeId)
                        .from(pledge_actors::Entity)
                        .and_where(pledge_actors::Column::ActorId.eq(actor.id))
                        .to_owned(),
                ),
            );
        }
        FeedScope::Theme(theme) => {
            query = query.filter(
                follow_ups::Column::PledgeId.in_subquery(
                    Query::select()
                        .column(pledge_themes::Column::PledgeId)
                        .from(pledge_themes::Entity)
                        .and_where(pledge_themes::Column::Theme.eq(theme.code()))
                        .to_owned(),
                ),
            );
        }
    }
    let rows = query.all(conn).await?;
    with_pledges(conn, rows).await
}

/// Up to `limit` follow-ups with ids above `after`, in id order: one page of an export.
pub(crate) async fn batch_after<C: ConnectionTrait>(
    conn: &C,
    after: i32,
    limit: u64,
) -> StoreResult<Vec<FollowUpEntry>> {
    let rows = follow_ups::Entity::find()
        .filter(follow_ups::Column::Id.gt(after))
        .order_by_asc(follow_ups::Column::Id)
        .limit(limit)
        .all(conn)
        .await?;
    with_pledges(conn, rows).await
}
