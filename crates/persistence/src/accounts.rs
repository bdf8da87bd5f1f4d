//! Editors' accounts.

use crate::entities::account::users;
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
        email: EmailAddress::stored("email", &m.email).map_err(c)?,
        name: Title::stored("name", &m.name).map_err(c)?,
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
