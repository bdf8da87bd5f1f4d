//! Correcting what a pledge announced: every change is kept as an append-only edit (who,
//! when, field, old → new), and a pledge's current state is derived again from its
//! unchanged history, so an edit can never contradict a follow-up. The use cases that go
//! through [`crate::apply`] (one correction, the import, the history) are in
//! [`crate::corrections`].

use crate::catalog::get_pledge;
use crate::entities::follow_up::follow_up_money;
use crate::entities::pledge::{
    conditions, money_figures, pledge_actors, pledge_edits, pledge_sources, pledge_themes, pledges,
};
use crate::error::StoreResult;
use crate::pledges::{Resolved, insert_listed, resolve};
use chrono::{DateTime, Utc};
use domain::input::PledgeInput;
use domain::*;
use sea_orm::{
    ActiveValue::Set,
    ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter, QueryOrder,
    sea_query::{Expr, ExprTrait},
};
use std::collections::BTreeMap;

/// One field that an edit changed, as JSON of the input form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldEdit {
    pub field: String,
    pub old: String,
    pub new: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EditRecord {
    pub at: DateTime<Utc>,
    pub author: String,
    pub edit: FieldEdit,
}

/// The fields of two versions of a pledge that differ, compared in their input form.
pub fn diff(old: &Pledge, new: &Pledge) -> Vec<FieldEdit> {
    let as_map = |p: &Pledge| -> BTreeMap<String, serde_json::Value> {
        match serde_json::to_value(PledgeInput::from(p)) {
            Ok(serde_json::Value::Object(m)) => m.into_iter().collect(),
            _ => BTreeMap::new(),
        }
    };
    let (a, b) = (as_map(old), as_map(new));
    b.iter()
        .filter(|(k, v)| a.get(*k) != Some(*v))
        .map(|(k, v)| FieldEdit {
            field: k.clone(),
            old: a.get(k).map(|x| x.to_string()).unwrap_or_default(),
            new: v.to_string(),
        })
        .collect()
}

/// Replaces what `new.slug()` announced with `new`, inside `txn`. Refuses an edit that
/// the pledge's follow-ups contradict (they recorded a change from the old value), and the
/// removal of a condition that follow-ups refer to.
pub(crate) async fn update_in(
    txn: &DatabaseTransaction,
    new: &Pledge,
    author: &str,
    now: DateTime<Utc>,
) -> StoreResult<Vec<FieldEdit>> {
    let old = get_pledge(txn, new.slug()).await?;
    let edits = diff(&old.pledge, new);
    if edits.is_empty() {
        return Ok(edits);
    }
    let history = crate::follow_ups::history(txn, new.slug()).await?;
    // A condition may be taken out by a correction (it was never the pledge's, as when
    // only a secondary report stated it) as long as no follow-up has recorded a change of
    // it; one that history refers to stays, and is recorded as failed if it no longer holds.
    let kept = new.conditions().len() as u16;
    let referred = history.iter().flat_map(|(_, f)| &f.changes).any(
        |c| matches!(c, domain::follow_up::Change::Condition { number, .. } if *number > kept),
    );
    if new.conditions().len() < old.pledge.conditions().len() && referred {
        return Err(DomainError::Invalid {
            field: "conditions",
            reason: domain::error::Reason::new(
                domain::error::key("reason-condition-referred"),
                "a condition that follow-ups refer to cannot be removed; record it as failed instead",
            ),
        }
        .into());
    }
    // The field is the one the domain names (delivery, strength, progress, a condition…):
    // the form shows the message beside it.
    let state = PledgeState::derive(new, history.iter().map(|(_, f)| f)).map_err(|e| {
        DomainError::InvalidChange {
            field: e.field(),
            reason: domain::error::Reason::new(
                domain::error::key("reason-rewritten"),
                "follow-ups already changed a value this edit rewrites; record a follow-up instead",
            ),
        }
    })?;
    let what = format!("pledge {}", new.slug());
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
    } = resolve(txn, new, &what).await?;
    let id = old.id;
    let q = new.quote();
    pledges::Entity::update_many()
        .col_expr(pledges::Column::Title, Expr::value(new.title().as_str()))
        .col_expr(
            pledges::Column::Summary,
            Expr::value(new.summary().as_str()),
        )
        .col_expr(
            pledges::Column::QuoteText,
            Expr::value(q.map(|x| x.text.to_string())),
        )
        .col_expr(
            pledges::Column::QuoteLanguage,
            Expr::value(q.map(|x| x.language.clone())),
        )
        .col_expr(
            pledges::Column::QuoteSourceId,
            Expr::value(q.map(|x| source_id[x.source.as_str()])),
        )
        .col_expr(pledges::Column::Kind, Expr::value(new.kind().code()))
        .col_expr(pledges::Column::EventId, Expr::value(event))
        .col_expr(
            pledges::Column::AnnouncedOn,
            Expr::value(new.announced_on()),
        )
        .col_expr(
            pledges::Column::InitialStrength,
            Expr::value(new.strength().code()),
        )
        .col_expr(
            pledges::Column::InitialContested,
            Expr::value(new.contested()),
        )
        .col_expr(pledges::Column::ParentId, Expr::value(parent_id))
        .col_expr(pledges::Column::SupersedesId, Expr::value(supersedes_id))
        .col_expr(pledges::Column::DeadlineKind, Expr::value(deadline_kind))
        .col_expr(pledges::Column::DeadlineDate, Expr::value(deadline_date))
        .col_expr(
            pledges::Column::DeadlinePrecision,
            Expr::value(deadline_precision),
        )
        .col_expr(
            pledges::Column::DeadlineEventId,
            Expr::value(deadline_event_id),
        )
        .col_expr(pledges::Column::DeadlineText, Expr::value(deadline_text))
        .col_expr(
            pledges::Column::Strength,
            Expr::value(state.strength.code()),
        )
        .col_expr(pledges::Column::Contested, Expr::value(state.contested))
        .col_expr(pledges::Column::UpdatedAt, Expr::value(now))
        .filter(pledges::Column::Id.eq(id))
        .exec(txn)
        .await?;
    pledge_themes::Entity::delete_many()
        .filter(pledge_themes::Column::PledgeId.eq(id))
        .exec(txn)
        .await?;
    pledge_actors::Entity::delete_many()
        .filter(pledge_actors::Column::PledgeId.eq(id))
        .exec(txn)
        .await?;
    pledge_sources::Entity::delete_many()
        .filter(pledge_sources::Column::PledgeId.eq(id))
        .exec(txn)
        .await?;
    // The figures announced with the pledge are replaced; those follow-ups reported stay.
    // `NOT EXISTS` looks each of this pledge's figures up in follow_up_money's unique
    // index: no list of ids travels in the statement, and no other pledge's row is read.
    let reported = sea_orm::sea_query::Query::select()
        .expr(Expr::val(1))
        .from(follow_up_money::Entity)
        .and_where(
            Expr::col((
                follow_up_money::Entity,
                follow_up_money::Column::MoneyFigureId,
            ))
            .equals((money_figures::Entity, money_figures::Column::Id)),
        )
        .to_owned();
    money_figures::Entity::delete_many()
        .filter(money_figures::Column::PledgeId.eq(id))
        .filter(Expr::exists(reported).not())
        .exec(txn)
        .await?;
    insert_listed(txn, id, new, &source_id, &what).await?;
    let existing: Vec<i16> = conditions::Entity::find()
        .filter(conditions::Column::PledgeId.eq(id))
        .order_by_asc(conditions::Column::Number)
        .all(txn)
        .await?
        .into_iter()
        .map(|c| c.number)
        .collect();
    conditions::Entity::delete_many()
        .filter(conditions::Column::PledgeId.eq(id))
        .filter(conditions::Column::Number.gt(kept as i16))
        .exec(txn)
        .await?;
    for c in new.conditions() {
        let source = c.source.as_ref().map(|s| source_id[s.as_str()]);
        if existing.contains(&(c.number as i16)) {
            conditions::Entity::update_many()
                .col_expr(conditions::Column::Text, Expr::value(c.text.as_str()))
                .col_expr(
                    conditions::Column::InitialState,
                    Expr::value(c.state.code()),
                )
                .col_expr(conditions::Column::SourceId, Expr::value(source))
                .filter(conditions::Column::PledgeId.eq(id))
                .filter(conditions::Column::Number.eq(c.number as i16))
                .exec(txn)
                .await?;
        } else {
            conditions::Entity::insert(conditions::ActiveModel {
                pledge_id: Set(id),
                number: Set(c.number as i16),
                text: Set(c.text.to_string()),
                initial_state: Set(c.state.code().to_owned()),
                state: Set(state
                    .condition(c.number)
                    .unwrap_or(c.state)
                    .code()
                    .to_owned()),
                source_id: Set(source),
                ..Default::default()
            })
            .exec(txn)
            .await?;
        }
    }
    for e in &edits {
        pledge_edits::Entity::insert(pledge_edits::ActiveModel {
            pledge_id: Set(id),
            at: Set(now),
            author: Set(author.to_owned()),
            field: Set(e.field.clone()),
            old_value: Set(e.old.clone()),
            new_value: Set(e.new.clone()),
            ..Default::default()
        })
        .exec(txn)
        .await?;
    }
    Ok(edits)
}

pub(crate) async fn record_edit(
    txn: &DatabaseTransaction,
    pledge_id: i32,
    author: &str,
    now: DateTime<Utc>,
    field: &str,
    old: &str,
    new: &str,
) -> StoreResult<()> {
    pledge_edits::Entity::insert(pledge_edits::ActiveModel {
        pledge_id: Set(pledge_id),
        at: Set(now),
        author: Set(author.to_owned()),
        field: Set(field.to_owned()),
        old_value: Set(old.to_owned()),
        new_value: Set(new.to_owned()),
        ..Default::default()
    })
    .exec(txn)
    .await?;
    Ok(())
}
