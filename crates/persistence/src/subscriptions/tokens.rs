//! Email confirmation tokens, as subscriptions and contributions both keep them: a
//! SHA-256 in one column and an expiry in another. Finding the row that holds a token
//! still valid is the one step both confirmations share.

use crate::error::StoreResult;
use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

/// The row of `E` holding the token `token_hash` (in column `hash`) that has not expired
/// at `now` (column `expires`). A spent token is stored as NULL, so it matches nothing.
pub(crate) async fn holder<E: EntityTrait>(
    conn: &impl ConnectionTrait,
    (hash, expires): (E::Column, E::Column),
    token_hash: &str,
    now: DateTime<Utc>,
) -> StoreResult<Option<E::Model>> {
    Ok(E::find()
        .filter(hash.eq(token_hash))
        .filter(expires.gt(now))
        .one(conn)
        .await?)
}
