//! Recording a follow-up and everything it changes in one transaction, and reading a
//! pledge's history back as domain follow-ups.

use crate::catalog::get_pledge;
use crate::entities::follow_up::{evidence, follow_up_changes, follow_up_money, follow_ups};
use crate::entities::pledge::{conditions, money_figures, pledges};
use crate::error::{StoreError, StoreResult};
use crate::mapping::money_from_row;
use crate::pledges::insert_money_figure;
use crate::reference::{source_ids, source_slugs};
use chrono::{DateTime, Utc};
use domain::changelog::{Body, EvidenceRow, FieldChange, MoneyRow};
use domain::*;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, QueryFilter,
    QueryOrder, sea_query::Expr,
};
use std::collections::HashMap;

/// What recording did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Recorded {
    New {
        id: i32,
        follow_up: FollowUp,
    },
    /// The same form was submitted before: nothing new was written.
    AlreadyRecorded {
        id: i32,
    },
}

fn bool_text(b: bool) -> String {
    if b { "true" } else { "false" }.to_owned()
}

/// Records a follow-up on `pledge`: the follow-up, its changes, its money figures, its
/// evidence, and the pledge's new cached state, all in one transaction. A repeated
/// `submission_key` records nothing and points at the first follow-up.
pub(crate) async fn record_in(
    txn: &DatabaseTransaction,
    pledge: &Slug,
    draft: Draft,
    submission_key: Option<&str>,
) -> StoreResult<(Recorded, Body)> {
    if let Some(key) = submission_key
        && let Some(existing) = follow_ups::Entity::find()
            .filter(follow_ups::Column::SubmissionKey.eq(key))
            .one(txn)
            .await?
    {
        return Ok((
            Recorded::AlreadyRecorded { id: existing.id },
            Body::default(),
        ));
    }
    let record = get_pledge(txn, pledge).await?;
    let follow_up = FollowUp::record(&record.pledge, &record.state, draft)?;
    let mut next = record.state.clone();
    next.apply(&follow_up)?;

    let new_figures: Vec<&MoneyFigure> = follow_up
        .changes
        .iter()
        .filter_map(|c| match c {
            Change::Money { figure } => Some(figure),
            _ => None,
        })
        .collect();
    let figure_sources = source_ids(
        txn,
        "money",
        &new_figures.iter().map(|f| &f.source).collect::<Vec<_>>(),
    )
    .await?;

    let id = follow_ups::Entity::insert(follow_ups::ActiveModel {
        pledge_id: Set(record.id),
        author: Set(follow_up.author.clone()),
        recorded_at: Set(follow_up.recorded_at),
        occurred_on: Set(follow_up.occurred_on),
        note: Set(follow_up.note.as_ref().map(ToString::to_string)),
        submission_key: Set(submission_key.map(str::to_owned)),
        ..Default::default()
    })
    .exec(txn)
    .await?
    .last_insert_id;

    for (position, change) in follow_up.changes.iter().enumerate() {
        let (condition_number, old_value, new_value) = match change {
            Change::Delivery { from, to } => {
                (None, Some(from.code().to_owned()), to.code().to_owned())
            }
            Change::Strength { from, to } => {
                (None, Some(from.code().to_owned()), to.code().to_owned())
            }
            Change::Progress { from, to } => (
                None,
                from.map(|p| p.percent().to_string()),
                to.percent().to_string(),
            ),
            Change::Condition { number, from, to } => (
                Some(*number as i16),
                Some(from.code().to_owned()),
                to.code().to_owned(),
            ),
            Change::Contested { from, to } => (None, Some(bool_text(*from)), bool_text(*to)),
            Change::Money { figure } => {
                let figure_id = insert_money_figure(
                    txn,
                    record.id,
                    figure,
                    figure_sources[figure.source.as_str()],
                )
                .await?;
                follow_up_money::Entity::insert(follow_up_money::ActiveModel {
                    follow_up_id: Set(id),
                    money_figure_id: Set(figure_id),
                })
                .exec_without_returning(txn)
                .await?;
                (None, None, figure_id.to_string())
            }
        };
        follow_up_changes::Entity::insert(follow_up_changes::ActiveModel {
            follow_up_id: Set(id),
            position: Set(position as i32),
            field: Set(change.field().to_owned()),
            condition_number: Set(condition_number),
            old_value: Set(old_value),
            new_value: Set(new_value),
            ..Default::default()
        })
        .exec(txn)
        .await?;
    }
    for (position, e) in follow_up.evidence.iter().enumerate() {
        evidence::Entity::insert(evidence::ActiveModel {
            follow_up_id: Set(id),
            position: Set(position as i32),
            url: Set(e.url.as_str().to_owned()),
            title: Set(e.title.to_string()),
            publisher: Set(e.publisher.as_ref().map(ToString::to_string)),
            tier: Set(e.tier.code().to_owned()),
            archived_url: Set(e.archived_url.as_ref().map(|u| u.as_str().to_owned())),
            ..Default::default()
        })
        .exec(txn)
        .await?;
    }
    for (number, state) in &next.conditions {
        if record.state.condition(*number) != Some(*state) {
            conditions::Entity::update_many()
                .col_expr(conditions::Column::State, Expr::value(state.code()))
                .filter(conditions::Column::PledgeId.eq(record.id))
                .filter(conditions::Column::Number.eq(*number as i16))
                .exec(txn)
                .await?;
        }
    }
    write_cached_state(txn, record.id, &next, follow_up.recorded_at).await?;
    let log = log_body(id, &follow_up);
    Ok((Recorded::New { id, follow_up }, log))
}

/// The change-log body of a follow-up: the same shape the back-fill gives stored ones.
fn log_body(id: i32, f: &FollowUp) -> Body {
    let changes = f
        .changes
        .iter()
        .map(|c| match c {
            Change::Delivery { from, to } => {
                FieldChange::text("delivery", Some(from.code().into()), Some(to.code().into()))
            }
            Change::Strength { from, to } => {
                FieldChange::text("strength", Some(from.code().into()), Some(to.code().into()))
            }
            Change::Progress { from, to } => FieldChange::text(
                "progress",
                from.map(|p| p.percent().to_string()),
                Some(to.percent().to_string()),
            ),
            Change::Condition { number, from, to } => FieldChange {
                condition: Some(i64::from(*number)),
                ..FieldChange::text(
                    "condition",
                    Some(from.code().into()),
                    Some(to.code().into()),
                )
            },
            Change::Contested { from, to } => {
                FieldChange::text("contested", Some(bool_text(*from)), Some(bool_text(*to)))
            }
            Change::Money { figure } => FieldChange {
                money: Some(MoneyRow {
                    kind: (!figure.counts()).then(|| figure.kind.code().into()),
                    stage: figure.stage.code().into(),
                    min: figure.money.amount.min(),
                    max: figure.money.amount.max(),
                    currency: figure.money.currency.code().into(),
                    value_date: figure.value_date.to_string(),
                    basis: figure.basis.code().into(),
                    source: figure.source.to_string(),
                }),
                ..FieldChange::text("money", None, None)
            },
        })
        .collect();
    Body {
        follow_up: Some(i64::from(id)),
        occurred_on: Some(f.occurred_on.to_string()),
        changes,
        note: f.note.as_ref().map(ToString::to_string),
        evidence: f
            .evidence
            .iter()
            .map(|e| EvidenceRow {
                url: e.url.as_str().to_owned(),
                title: e.title.to_string(),
                publisher: e.publisher.as_ref().map(ToString::to_string),
                tier: e.tier.code().to_owned(),
                archived_url: e.archived_url.as_ref().map(|u| u.as_str().to_owned()),
            })
            .collect(),
    }
}

async fn write_cached_state<C: ConnectionTrait>(
    conn: &C,
    pledge_id: i32,
    s: &PledgeState,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    pledges::Entity::update_many()
        .col_expr(pledges::Column::Delivery, Expr::value(s.delivery.code()))
        .col_expr(pledges::Column::DeliveredOn, Expr::value(s.delivered_on))
        .col_expr(pledges::Column::Strength, Expr::value(s.strength.code()))
        .col_expr(
            pledges::Column::Progress,
            Expr::value(s.progress.map(|p| i16::from(p.percent()))),
        )
        .col_expr(pledges::Column::Contested, Expr::value(s.contested))
        .col_expr(
            pledges::Column::LastFollowUpOn,
            Expr::value(s.last_follow_up_on),
        )
        .col_expr(
            pledges::Column::FollowUpCount,
            Expr::value(s.follow_ups as i32),
        )
        .col_expr(pledges::Column::UpdatedAt, Expr::value(now))
        .filter(pledges::Column::Id.eq(pledge_id))
        .exec(conn)
        .await?;
    Ok(())
}

fn change_from_row(
    row: &follow_up_changes::Model,
    figures: &HashMap<i32, MoneyFigure>,
) -> StoreResult<Change> {
    let c = |e| StoreError::corrupt("follow_up_changes", e);
    let old = row.old_value.as_deref().unwrap_or("");
    let new = row.new_value.as_str();
    let boolean = |v: &str| match v {
        "true" => Ok(true),
        "false" => Ok(false),
        other => Err(StoreError::Corrupt(format!("contested value {other:?}"))),
    };
    let progress = |v: &str| {
        v.parse::<i64>()
            .map_err(|e| StoreError::corrupt("follow_up_changes", e))
            .and_then(|n| Progress::parse("progress", n).map_err(c))
    };
    Ok(match row.field.as_str() {
        "delivery" => Change::Delivery {
            from: DeliveryStatus::parse(old).map_err(c)?,
            to: DeliveryStatus::parse(new).map_err(c)?,
        },
        "strength" => Change::Strength {
            from: Strength::parse(old).map_err(c)?,
            to: Strength::parse(new).map_err(c)?,
        },
        "progress" => Change::Progress {
            from: row.old_value.as_deref().map(progress).transpose()?,
            to: progress(new)?,
        },
        "condition" => Change::Condition {
            number: row.condition_number.unwrap_or(0) as u16,
            from: ConditionState::parse(old).map_err(c)?,
            to: ConditionState::parse(new).map_err(c)?,
        },
        "contested" => Change::Contested {
            from: boolean(old)?,
            to: boolean(new)?,
        },
        _ => {
            let id: i32 = new
                .parse()
                .map_err(|e| StoreError::corrupt("follow_up_changes", e))?;
            Change::Money {
                figure: figures.get(&id).cloned().ok_or_else(|| {
                    StoreError::Corrupt(format!("money change points at missing figure {id}"))
                })?,
            }
        }
    })
}

/// A pledge's follow-ups in the order they were recorded (oldest first).
pub(crate) async fn history<C: ConnectionTrait>(
    conn: &C,
    pledge: &Slug,
) -> StoreResult<Vec<(i32, FollowUp)>> {
    let pledge_id = crate::catalog::pledge_id(conn, pledge)
        .await?
        .ok_or_else(|| StoreError::not_found(format!("pledge {pledge}")))?;
    let rows = follow_ups::Entity::find()
        .filter(follow_ups::Column::PledgeId.eq(pledge_id))
        .order_by_asc(follow_ups::Column::Id)
        .all(conn)
        .await?;
    Ok(hydrate(conn, rows)
        .await?
        .into_iter()
        .map(|(id, _, f)| (id, f))
        .collect())
}

/// Turns follow-up rows into domain follow-ups with their changes, money and evidence,
/// keeping the rows' order: (id, pledge id, follow-up).
pub(crate) async fn hydrate<C: ConnectionTrait>(
    conn: &C,
    rows: Vec<follow_ups::Model>,
) -> StoreResult<Vec<(i32, i32, FollowUp)>> {
    let ids: Vec<i32> = rows.iter().map(|r| r.id).collect();
    let figure_ids: Vec<i32> = follow_up_money::Entity::find()
        .filter(follow_up_money::Column::FollowUpId.is_in(ids.clone()))
        .all(conn)
        .await?
        .into_iter()
        .map(|r| r.money_figure_id)
        .collect();
    let figure_rows = money_figures::Entity::find()
        .filter(money_figures::Column::Id.is_in(figure_ids))
        .all(conn)
        .await?;
    let sources = source_slugs(conn, figure_rows.iter().map(|m| m.source_id)).await?;
    let figures: HashMap<i32, MoneyFigure> = figure_rows
        .iter()
        .map(|m| Ok((m.id, money_from_row(m, &sources)?)))
        .collect::<StoreResult<_>>()?;
    let mut changes: HashMap<i32, Vec<Change>> = HashMap::new();
    for row in follow_up_changes::Entity::find()
        .filter(follow_up_changes::Column::FollowUpId.is_in(ids.clone()))
        .order_by_asc(follow_up_changes::Column::FollowUpId)
        .order_by_asc(follow_up_changes::Column::Position)
        .all(conn)
        .await?
    {
        changes
            .entry(row.follow_up_id)
            .or_default()
            .push(change_from_row(&row, &figures)?);
    }
    let mut proofs: HashMap<i32, Vec<Evidence>> = HashMap::new();
    let c = |e| StoreError::corrupt("evidence", e);
    for row in evidence::Entity::find()
        .filter(evidence::Column::FollowUpId.is_in(ids))
        .order_by_asc(evidence::Column::FollowUpId)
        .order_by_asc(evidence::Column::Position)
        .all(conn)
        .await?
    {
        proofs.entry(row.follow_up_id).or_default().push(Evidence {
            url: WebUrl::parse("url", &row.url).map_err(c)?,
            title: Title::stored("title", &row.title).map_err(c)?,
            publisher: row
                .publisher
                .as_deref()
                .map(|p| Title::stored("publisher", p))
                .transpose()
                .map_err(c)?,
            tier: SourceTier::parse(&row.tier).map_err(c)?,
            archived_url: row
                .archived_url
                .as_deref()
                .map(|u| WebUrl::parse("archived_url", u))
                .transpose()
                .map_err(c)?,
        });
    }
    rows.into_iter()
        .map(|r| {
            Ok((
                r.id,
                r.pledge_id,
                FollowUp {
                    author: r.author,
                    recorded_at: r.recorded_at,
                    occurred_on: r.occurred_on,
                    changes: changes.remove(&r.id).unwrap_or_default(),
                    note: r
                        .note
                        .as_deref()
                        .map(|n| LongText::stored("note", n))
                        .transpose()
                        .map_err(|e| StoreError::corrupt("follow_ups", e))?,
                    evidence: proofs.remove(&r.id).unwrap_or_default(),
                },
            ))
        })
        .collect()
}
