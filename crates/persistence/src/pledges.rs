//! Writing pledges: inserting one with everything that hangs off it, its references
//! resolved to row ids and checked (no parent cycle). Reading is in [`crate::catalog`].

use crate::entities::pledge::{
    conditions, money_figures, pledge_actors, pledge_sources, pledge_themes, pledges,
};
use crate::error::{Kind, StoreError, StoreResult};
use crate::reference::{actor_id, event_id, source_ids};
use chrono::{DateTime, Utc};
use domain::*;
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use std::collections::HashMap;

/// The id of a live (not deleted) pledge another one refers to.
async fn require_pledge<C: ConnectionTrait>(conn: &C, what: &str, slug: &Slug) -> StoreResult<i32> {
    pledges::Entity::find()
        .filter(pledges::Column::Slug.eq(slug.as_str()))
        .filter(pledges::Column::DeletedAt.is_null())
        .one(conn)
        .await?
        .map(|m| m.id)
        .ok_or_else(|| StoreError::missing(what, Kind::Pledge, slug))
}

/// Every source slug a pledge cites anywhere.
fn cited_sources(p: &Pledge) -> Vec<&Slug> {
    let mut all: Vec<&Slug> = p.sources().iter().collect();
    all.extend(p.quote().map(|q| &q.source));
    all.extend(p.conditions().iter().filter_map(|c| c.source.as_ref()));
    all.extend(p.money().iter().map(|m| &m.source));
    all
}

pub(crate) async fn insert_money_figure<C: ConnectionTrait>(
    conn: &C,
    pledge_id: i32,
    f: &MoneyFigure,
    source_id: i32,
) -> StoreResult<i32> {
    let row = money_figures::ActiveModel {
        pledge_id: Set(pledge_id),
        stage: Set(f.stage.code().to_owned()),
        kind: Set(f.kind.code().to_owned()),
        amount_min: Set(f.money.amount.min()),
        amount_max: Set(f.money.amount.max()),
        currency: Set(f.money.currency.code().to_owned()),
        value_date: Set(f.value_date),
        basis: Set(f.basis.code().to_owned()),
        source_id: Set(source_id),
        note: Set(f.note.as_ref().map(ToString::to_string)),
        ..Default::default()
    };
    Ok(money_figures::Entity::insert(row)
        .exec(conn)
        .await?
        .last_insert_id)
}

/// Inserts a pledge that has no follow-ups yet. Its parent, supersedes, event, actors and
/// sources must exist; linking a parent is checked against cycles first.
pub(crate) async fn insert_pledge<C: ConnectionTrait>(
    conn: &C,
    p: &Pledge,
    now: DateTime<Utc>,
) -> StoreResult<i32> {
    let what = format!("pledge {}", p.slug());
    let Resolved {
        source_id,
        parent_id,
        supersedes_id,
        event,
        deadline_kind,
        deadline_date,
        deadline_precision,
        deadline_event_id,
        deadline_text,
    } = resolve(conn, p, &what).await?;
    let initial = PledgeState::initial(p);
    let row = pledges::ActiveModel {
        slug: Set(p.slug().to_string()),
        title: Set(p.title().to_string()),
        summary: Set(p.summary().to_string()),
        quote_text: Set(p.quote().map(|q| q.text.to_string())),
        quote_language: Set(p.quote().map(|q| q.language.clone())),
        quote_source_id: Set(p.quote().map(|q| source_id[q.source.as_str()])),
        kind: Set(p.kind().code().to_owned()),
        event_id: Set(event),
        announced_on: Set(p.announced_on()),
        initial_strength: Set(p.strength().code().to_owned()),
        initial_contested: Set(p.contested()),
        parent_id: Set(parent_id),
        supersedes_id: Set(supersedes_id),
        deadline_kind: Set(deadline_kind.to_owned()),
        deadline_date: Set(deadline_date),
        deadline_precision: Set(deadline_precision),
        deadline_event_id: Set(deadline_event_id),
        deadline_text: Set(deadline_text),
        delivery: Set(initial.delivery.code().to_owned()),
        delivered_on: Set(None),
        strength: Set(initial.strength.code().to_owned()),
        progress: Set(None),
        contested: Set(initial.contested),
        last_follow_up_on: Set(None),
        follow_up_count: Set(0),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    };
    let id = pledges::Entity::insert(row)
        .exec(conn)
        .await
        .map_err(StoreError::taken(Kind::Pledge, p.slug()))?
        .last_insert_id;

    insert_listed(conn, id, p, &source_id, &what).await?;
    for c in p.conditions() {
        conditions::Entity::insert(conditions::ActiveModel {
            pledge_id: Set(id),
            number: Set(c.number as i16),
            text: Set(c.text.to_string()),
            initial_state: Set(c.state.code().to_owned()),
            state: Set(c.state.code().to_owned()),
            source_id: Set(c.source.as_ref().map(|s| source_id[s.as_str()])),
            ..Default::default()
        })
        .exec(conn)
        .await?;
    }
    Ok(id)
}

/// Themes, actors, sources and the money figures known at announcement: the parts of a
/// pledge that an edit replaces wholesale.
pub(crate) async fn insert_listed<C: ConnectionTrait>(
    conn: &C,
    id: i32,
    p: &Pledge,
    source_id: &HashMap<String, i32>,
    what: &str,
) -> StoreResult<()> {
    for theme in p.themes() {
        pledge_themes::Entity::insert(pledge_themes::ActiveModel {
            pledge_id: Set(id),
            theme: Set(theme.code().to_owned()),
        })
        .exec_without_returning(conn)
        .await?;
    }
    for (position, a) in p.actors().iter().enumerate() {
        pledge_actors::Entity::insert(pledge_actors::ActiveModel {
            pledge_id: Set(id),
            actor_id: Set(actor_id(conn, what, &a.actor).await?),
            role: Set(a.role.code().to_owned()),
            position: Set(position as i32),
        })
        .exec_without_returning(conn)
        .await?;
    }
    for (position, s) in p.sources().iter().enumerate() {
        pledge_sources::Entity::insert(pledge_sources::ActiveModel {
            pledge_id: Set(id),
            source_id: Set(source_id[s.as_str()]),
            position: Set(position as i32),
        })
        .exec_without_returning(conn)
        .await?;
    }
    for f in p.money() {
        insert_money_figure(conn, id, f, source_id[f.source.as_str()]).await?;
    }
    Ok(())
}

/// A pledge's references turned into row ids, checked: sources, parent (no cycles),
/// superseded pledge, event, deadline.
pub(crate) struct Resolved {
    pub source_id: HashMap<String, i32>,
    pub parent_id: Option<i32>,
    pub supersedes_id: Option<i32>,
    pub event: Option<i32>,
    pub deadline_kind: &'static str,
    pub deadline_date: Option<chrono::NaiveDate>,
    pub deadline_precision: Option<String>,
    pub deadline_event_id: Option<i32>,
    pub deadline_text: Option<String>,
}

pub(crate) async fn resolve<C: ConnectionTrait>(
    conn: &C,
    p: &Pledge,
    what: &str,
) -> StoreResult<Resolved> {
    let source_id = source_ids(conn, what, &cited_sources(p)).await?;
    let parent_id = match p.parent() {
        Some(parent) => {
            let id = require_pledge(conn, what, parent).await?;
            let links = ancestors(conn, id).await?;
            hierarchy::check_parent_link(p.slug(), parent, |s| links.get(s))?;
            Some(id)
        }
        None => None,
    };
    let supersedes_id = match p.supersedes() {
        Some(s) => Some(require_pledge(conn, what, s).await?),
        None => None,
    };
    let event = match p.event() {
        Some(e) => Some(event_id(conn, what, e).await?),
        None => None,
    };
    let (deadline_kind, deadline_date, deadline_precision, deadline_event_id, deadline_text) =
        match p.deadline() {
            Deadline::None => ("none", None, None, None, None),
            Deadline::Date { date, precision } => (
                "date",
                Some(*date),
                Some(precision.code().to_owned()),
                None,
                None,
            ),
            Deadline::Relative { event, text } => (
                "relative",
                None,
                None,
                Some(event_id(conn, what, event).await?),
                Some(text.to_string()),
            ),
        };
    Ok(Resolved {
        source_id,
        parent_id,
        supersedes_id,
        event,
        deadline_kind,
        deadline_date,
        deadline_precision,
        deadline_event_id,
        deadline_text,
    })
}

/// The parent links from pledge `id` up to its root, by slug: one lookup per generation,
/// whatever the size of the tracker. Stops at a loop rather than following it.
async fn ancestors<C: ConnectionTrait>(conn: &C, id: i32) -> StoreResult<HashMap<Slug, Slug>> {
    let mut links = HashMap::new();
    let mut seen = std::collections::HashSet::new();
    let mut cursor = pledges::Entity::find_by_id(id).one(conn).await?;
    while let Some(row) = cursor {
        if !seen.insert(row.id) {
            break;
        }
        let Some(parent_id) = row.parent_id else {
            break;
        };
        let Some(parent) = pledges::Entity::find_by_id(parent_id).one(conn).await? else {
            break;
        };
        let c = |e| StoreError::corrupt("pledges", e);
        links.insert(
            Slug::parse("slug", &row.slug).map_err(c)?,
            Slug::parse("slug", &parent.slug).map_err(c)?,
        );
        cursor = Some(parent);
    }
    Ok(links)
}
