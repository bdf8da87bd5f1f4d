//! Loading a large tracker at once (the benchmark's synthetic data): multi-row inserts
//! with ids assigned here, in one transaction, so 200,000 follow-ups take seconds rather
//! than one round trip each.

use crate::db::{Backend, Db};
use crate::entities::follow_up::{evidence, follow_up_changes, follow_up_money, follow_ups};
use crate::entities::pledge::{
    money_figures, pledge_actors, pledge_sources, pledge_themes, pledges,
};
use crate::error::{StoreError, StoreResult};
use chrono::{DateTime, Utc};
use domain::*;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ConnectionTrait, DatabaseTransaction, EntityTrait,
};
use std::collections::HashMap;

/// A pledge with its whole history; `state` must be the history folded over it.
pub struct BulkPledge {
    pub pledge: Pledge,
    pub history: Vec<FollowUp>,
    pub state: PledgeState,
}

const CHUNK: usize = 400;

async fn insert_chunks<A, E>(txn: &DatabaseTransaction, rows: Vec<A>) -> StoreResult<()>
where
    A: ActiveModelTrait<Entity = E> + Send + Clone,
    E: EntityTrait,
{
    for chunk in rows.chunks(CHUNK) {
        E::insert_many(chunk.to_vec())
            .exec_without_returning(txn)
            .await?;
    }
    Ok(())
}

/// Inserts sources, actors, events and pledges with their histories into an empty
/// tracker. Parents must come before their children in `pledges`. Conditions are not
/// supported here (the synthetic data has none).
pub async fn load(
    db: &Db,
    sources: &[Source],
    actors: &[Actor],
    events: &[Event],
    pledges_in: &[BulkPledge],
    now: DateTime<Utc>,
) -> StoreResult<()> {
    let txn = db.begin_write().await?;
    // These pledges reach no change-log entry, so no stored snapshot can know them.
    crate::snapshots::void(&txn).await?;
    let mut source_id = HashMap::new();
    for s in sources {
        source_id.insert(
            s.slug.clone(),
            crate::reference::insert_source(&txn, s).await?,
        );
    }
    let mut event_id = HashMap::new();
    for e in events {
        event_id.insert(
            e.slug.clone(),
            crate::reference::insert_event(&txn, e, &[]).await?,
        );
    }
    let mut actor_id = HashMap::new();
    for a in actors {
        actor_id.insert(
            a.slug.clone(),
            crate::reference::insert_actor(&txn, a).await?,
        );
    }
    let missing =
        |kind: crate::error::Kind, slug: &Slug| StoreError::missing("bulk load", kind, slug);

    let pledge_id: HashMap<&Slug, i32> = pledges_in
        .iter()
        .enumerate()
        .map(|(i, b)| (b.pledge.slug(), i as i32 + 1))
        .collect();
    let (mut pledge_rows, mut theme_rows, mut actor_rows, mut source_rows, mut money_rows) =
        (vec![], vec![], vec![], vec![], vec![]);
    let (mut follow_rows, mut change_rows, mut evidence_rows, mut link_rows) =
        (vec![], vec![], vec![], vec![]);
    let (mut next_figure, mut next_follow_up) = (1_i32, 1_i32);
    let money_row =
        |pid: i32, f: &MoneyFigure, id: i32| -> StoreResult<money_figures::ActiveModel> {
            Ok(money_figures::ActiveModel {
                id: Set(id),
                pledge_id: Set(pid),
                stage: Set(f.stage.code().to_owned()),
                kind: Set(f.kind.code().to_owned()),
                amount_min: Set(f.money.amount.min()),
                amount_max: Set(f.money.amount.max()),
                currency: Set(f.money.currency.code().to_owned()),
                value_date: Set(f.value_date),
                basis: Set(f.basis.code().to_owned()),
                source_id: Set(*source_id
                    .get(&f.source)
                    .ok_or_else(|| missing(crate::error::Kind::Source, &f.source))?),
                note: Set(f.note.as_ref().map(ToString::to_string)),
            })
        };
    for b in pledges_in {
        let p = &b.pledge;
        let id = pledge_id[p.slug()];
        let s = &b.state;
        let (deadline_kind, deadline_date, deadline_precision) = match p.deadline() {
            Deadline::Date { date, precision } => {
                ("date", Some(*date), Some(precision.code().to_owned()))
            }
            _ => ("none", None, None),
        };
        pledge_rows.push(pledges::ActiveModel {
            id: Set(id),
            slug: Set(p.slug().to_string()),
            title: Set(p.title().to_string()),
            summary: Set(p.summary().to_string()),
            quote_text: Set(None),
            quote_language: Set(None),
            quote_source_id: Set(None),
            kind: Set(p.kind().code().to_owned()),
            event_id: Set(p.event().and_then(|e| event_id.get(e).copied())),
            announced_on: Set(p.announced_on()),
            initial_strength: Set(p.strength().code().to_owned()),
            initial_contested: Set(p.contested()),
            parent_id: Set(p.parent().and_then(|x| pledge_id.get(x).copied())),
            supersedes_id: Set(None),
            deadline_kind: Set(deadline_kind.to_owned()),
            deadline_date: Set(deadline_date),
            deadline_precision: Set(deadline_precision),
            deadline_event_id: Set(None),
            deadline_text: Set(None),
            delivery: Set(s.delivery.code().to_owned()),
            delivered_on: Set(s.delivered_on),
            strength: Set(s.strength.code().to_owned()),
            progress: Set(s.progress.map(|x| i16::from(x.percent()))),
            contested: Set(s.contested),
            last_follow_up_on: Set(s.last_follow_up_on),
            follow_up_count: Set(s.follow_ups as i32),
            created_at: Set(now),
            updated_at: Set(now),
            deleted_at: Set(None),
        });
        for t in p.themes() {
            theme_rows.push(pledge_themes::ActiveModel {
                pledge_id: Set(id),
                theme: Set(t.code().to_owned()),
            });
        }
        for (position, a) in p.actors().iter().enumerate() {
            actor_rows.push(pledge_actors::ActiveModel {
                pledge_id: Set(id),
                actor_id: Set(*actor_id
                    .get(&a.actor)
                    .ok_or_else(|| missing(crate::error::Kind::Actor, &a.actor))?),
                role: Set(a.role.code().to_owned()),
                position: Set(position as i32),
            });
        }
        for (position, src) in p.sources().iter().enumerate() {
            source_rows.push(pledge_sources::ActiveModel {
                pledge_id: Set(id),
                source_id: Set(*source_id
                    .get(src)
                    .ok_or_else(|| missing(crate::error::Kind::Source, src))?),
                position: Set(position as i32),
            });
        }
        for f in p.money() {
            money_rows.push(money_row(id, f, next_figure)?);
            next_figure += 1;
        }
        for f in &b.history {
            let fid = next_follow_up;
            next_follow_up += 1;
            follow_rows.push(follow_ups::ActiveModel {
                id: Set(fid),
                pledge_id: Set(id),
                author: Set(f.author.clone()),
                recorded_at: Set(f.recorded_at),
                occurred_on: Set(f.occurred_on),
                note: Set(f.note.as_ref().map(ToString::to_string)),
                submission_key: Set(None),
            });
            for (position, c) in f.changes.iter().enumerate() {
                let (old, new) = match c {
                    Change::Delivery { from, to } => {
                        (Some(from.code().to_owned()), to.code().to_owned())
                    }
                    Change::Strength { from, to } => {
                        (Some(from.code().to_owned()), to.code().to_owned())
                    }
                    Change::Progress { from, to } => (
                        from.map(|x| x.percent().to_string()),
                        to.percent().to_string(),
                    ),
                    Change::Money { figure } => {
                        money_rows.push(money_row(id, figure, next_figure)?);
                        link_rows.push(follow_up_money::ActiveModel {
                            follow_up_id: Set(fid),
                            money_figure_id: Set(next_figure),
                        });
                        next_figure += 1;
                        (None, (next_figure - 1).to_string())
                    }
                    other => {
                        return Err(StoreError::Corrupt(format!(
                            "bulk load does not take {} changes",
                            other.field()
                        )));
                    }
                };
                change_rows.push(follow_up_changes::ActiveModel {
                    id: Set(change_rows.len() as i32 + 1),
                    follow_up_id: Set(fid),
                    position: Set(position as i32),
                    field: Set(c.field().to_owned()),
                    condition_number: Set(None),
                    old_value: Set(old),
                    new_value: Set(new),
                });
            }
            for (position, e) in f.evidence.iter().enumerate() {
                evidence_rows.push(evidence::ActiveModel {
                    id: Set(evidence_rows.len() as i32 + 1),
                    follow_up_id: Set(fid),
                    position: Set(position as i32),
                    url: Set(e.url.as_str().to_owned()),
                    title: Set(e.title.to_string()),
                    publisher: Set(e.publisher.as_ref().map(ToString::to_string)),
                    tier: Set(e.tier.code().to_owned()),
                    archived_url: Set(e.archived_url.as_ref().map(|u| u.as_str().to_owned())),
                });
            }
        }
    }
    insert_chunks(&txn, pledge_rows).await?;
    insert_chunks(&txn, theme_rows).await?;
    insert_chunks(&txn, actor_rows).await?;
    insert_chunks(&txn, source_rows).await?;
    insert_chunks(&txn, money_rows).await?;
    insert_chunks(&txn, follow_rows).await?;
    insert_chunks(&txn, change_rows).await?;
    insert_chunks(&txn, evidence_rows).await?;
    insert_chunks(&txn, link_rows).await?;
    if db.backend() == Backend::Postgres {
        // Ids were given explicitly; move each sequence past them for later inserts.
        for table in [
            "pledges",
            "money_figures",
            "follow_ups",
            "follow_up_changes",
            "evidence",
        ] {
            txn.execute_unprepared(&format!(
                "SELECT setval(pg_get_serial_sequence('{table}', 'id'), COALESCE((SELECT MAX(id) FROM {table}), 0) + 1, false)"
            ))
            .await?;
        }
    }
    txn.commit().await?;
    Ok(())
}
