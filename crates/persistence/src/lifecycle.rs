//! Softly deleting and restoring a pledge, and the list of deleted ones: each kept as an
//! edit in the pledge's history, and each reached through [`Db::apply`](crate::apply)
//! like every public change (the `Db` methods that do so are in [`crate::corrections`]).

use crate::db::Db;
use crate::edits::record_edit;
use crate::entities::pledge::pledges;
use crate::error::{StoreError, StoreResult};
use chrono::{DateTime, Utc};
use domain::*;
use sea_orm::{
    ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter, QueryOrder, sea_query::Expr,
};

/// A soft-deleted pledge, for the admin's restore list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeletedPledge {
    pub slug: Slug,
    pub title: String,
    pub deleted_at: DateTime<Utc>,
}

impl Db {
    pub async fn deleted_pledges(&self) -> StoreResult<Vec<DeletedPledge>> {
        pledges::Entity::find()
            .filter(pledges::Column::DeletedAt.is_not_null())
            .order_by_desc(pledges::Column::DeletedAt)
            .all(&self.read)
            .await?
            .into_iter()
            .map(|m| {
                Ok(DeletedPledge {
                    slug: Slug::parse("slug", &m.slug)
                        .map_err(|e| StoreError::corrupt("pledges", e))?,
                    title: m.title,
                    deleted_at: m.deleted_at.unwrap_or(m.updated_at),
                })
            })
            .collect()
    }
}

/// The pledge with `slug`, live or deleted as asked.
async fn find(
    txn: &DatabaseTransaction,
    slug: &Slug,
    deleted: bool,
) -> StoreResult<pledges::Model> {
    let q = pledges::Entity::find().filter(pledges::Column::Slug.eq(slug.as_str()));
    let q = if deleted {
        q.filter(pledges::Column::DeletedAt.is_not_null())
    } else {
        q.filter(pledges::Column::DeletedAt.is_null())
    };
    let what = if deleted { "deleted pledge" } else { "pledge" };
    q.one(txn)
        .await?
        .ok_or_else(|| StoreError::not_found(format!("{what} {slug}")))
}

pub(crate) async fn delete_in(
    txn: &DatabaseTransaction,
    slug: &Slug,
    author: &str,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    let row = find(txn, slug, false).await?;
    let children = pledges::Entity::find()
        .filter(pledges::Column::ParentId.eq(row.id))
        .filter(pledges::Column::DeletedAt.is_null())
        .all(txn)
        .await?;
    if !children.is_empty() {
        return Err(DomainError::Invalid {
            field: "parent",
            reason: domain::error::Reason::new(
                domain::error::key("reason-has-children"),
                format!(
                    "{} other pledges are part of this one; delete or move them first",
                    children.len()
                ),
            )
            .arg("n", children.len()),
        }
        .into());
    }
    pledges::Entity::update_many()
        .col_expr(pledges::Column::DeletedAt, Expr::value(Some(now)))
        .col_expr(pledges::Column::UpdatedAt, Expr::value(now))
        .filter(pledges::Column::Id.eq(row.id))
        .exec(txn)
        .await?;
    record_edit(txn, row.id, author, now, "deleted", "", "deleted").await?;
    Ok(())
}

pub(crate) async fn restore_in(
    txn: &DatabaseTransaction,
    slug: &Slug,
    author: &str,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    let row = find(txn, slug, true).await?;
    pledges::Entity::update_many()
        .col_expr(
            pledges::Column::DeletedAt,
            Expr::value(Option::<DateTime<Utc>>::None),
        )
        .col_expr(pledges::Column::UpdatedAt, Expr::value(now))
        .filter(pledges::Column::Id.eq(row.id))
        .exec(txn)
        .await?;
    record_edit(txn, row.id, author, now, "restored", "deleted", "").await?;
    Ok(())
}
