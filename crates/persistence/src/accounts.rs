//! Editors' accounts and readers' subscriptions.

use crate::entities::account::{subscriptions, users};
use crate::error::{StoreError, StoreResult};
use chrono::{DateTime, Utc};
use domain::*;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
};

pub(crate) async fn insert_user<C: ConnectionTrait>(
    conn: &C,
    u: &User,
    now: DateTime<Utc>,
) -> StoreResult<i32> {
    let row = users::ActiveModel {
        email: Set(u.email.to_string()),
        name: Set(u.name.to_string()),
        role: Set(u.role.code().to_owned()),
        password_hash: Set(u.password_hash.as_str().to_owned()),
        disabled: Set(u.disabled),
        created_at: Set(now),
        ..Default::default()
    };
    Ok(users::Entity::insert(row).exec(conn).await?.last_insert_id)
}

pub(crate) fn user_from_row(m: users::Model) -> StoreResult<User> {
    let c = |e| StoreError::corrupt("users", e);
    Ok(User {
        email: EmailAddress::parse("email", &m.email).map_err(c)?,
        name: Title::parse("name", &m.name).map_err(c)?,
        role: Role::parse(&m.role).map_err(c)?,
        password_hash: PasswordHash::parse(&m.password_hash).map_err(c)?,
        disabled: m.disabled,
    })
}

pub(crate) async fn get_user<C: ConnectionTrait>(
    conn: &C,
    email: &EmailAddress,
) -> StoreResult<User> {
    users::Entity::find()
        .filter(users::Column::Email.eq(email.as_str()))
        .one(conn)
        .await?
        .ok_or_else(|| StoreError::not_found(format!("user {email}")))
        .and_then(user_from_row)
}

pub(crate) async fn list_users<C: ConnectionTrait>(conn: &C) -> StoreResult<Vec<User>> {
    users::Entity::find()
        .order_by_asc(users::Column::Email)
        .all(conn)
        .await?
        .into_iter()
        .map(user_from_row)
        .collect()
}

fn changes_text(changes: &[ChangeFilter]) -> String {
    changes
        .iter()
        .map(|c| c.code())
        .collect::<Vec<_>>()
        .join(",")
}

pub(crate) async fn insert_subscription<C: ConnectionTrait>(
    conn: &C,
    s: &Subscription,
    now: DateTime<Utc>,
) -> StoreResult<i32> {
    let row = subscriptions::ActiveModel {
        email: Set(s.email.to_string()),
        scope_kind: Set(s.scope.kind().to_owned()),
        scope_target: Set(s.scope.target().unwrap_or("").to_owned()),
        frequency: Set(s.frequency.code().to_owned()),
        changes: Set(changes_text(&s.changes)),
        time_zone: Set(s.time_zone.as_str().to_owned()),
        state: Set(s.state.code().to_owned()),
        created_at: Set(now),
        ..Default::default()
    };
    Ok(subscriptions::Entity::insert(row)
        .exec(conn)
        .await?
        .last_insert_id)
}

pub(crate) async fn get_subscription<C: ConnectionTrait>(
    conn: &C,
    id: i32,
) -> StoreResult<Subscription> {
    let m = subscriptions::Entity::find_by_id(id)
        .one(conn)
        .await?
        .ok_or_else(|| StoreError::not_found(format!("subscription {id}")))?;
    let c = |e| StoreError::corrupt("subscriptions", e);
    let target = (!m.scope_target.is_empty()).then_some(m.scope_target.as_str());
    Ok(Subscription {
        email: EmailAddress::parse("email", &m.email).map_err(c)?,
        scope: Scope::parse(&m.scope_kind, target).map_err(c)?,
        frequency: Frequency::parse(&m.frequency).map_err(c)?,
        changes: m
            .changes
            .split(',')
            .map(ChangeFilter::parse)
            .collect::<Result<_, _>>()
            .map_err(c)?,
        time_zone: TimeZoneName::parse("time_zone", &m.time_zone).map_err(c)?,
        state: SubscriptionState::parse(&m.state).map_err(c)?,
    })
}
