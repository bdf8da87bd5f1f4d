//! The outbox as people see it: messages by status, and the latest failures.

use super::SKIPPED_UNSUBSCRIBED;
use crate::db::Db;
use crate::entities::account::email_outbox;
use crate::error::StoreResult;
use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use std::collections::BTreeMap;

impl Db {
    /// Messages by status, for the admin's queue view; skipped ones apart from the dead.
    pub async fn outbox_counts(&self) -> StoreResult<BTreeMap<String, u64>> {
        let rows: Vec<(String, Option<String>, i64)> = email_outbox::Entity::find()
            .select_only()
            .column(email_outbox::Column::Status)
            .column(email_outbox::Column::LastError)
            .column_as(email_outbox::Column::Id.count(), "n")
            .group_by(email_outbox::Column::Status)
            .group_by(email_outbox::Column::LastError)
            .into_tuple()
            .all(&self.read)
            .await?;
        let mut counts = BTreeMap::new();
        for (status, error, n) in rows {
            let key = if status == "dead" && error.as_deref() == Some(SKIPPED_UNSUBSCRIBED) {
                "skipped".to_owned()
            } else {
                status
            };
            *counts.entry(key).or_insert(0) += n as u64;
        }
        Ok(counts)
    }

    /// The latest failed or dead messages, newest first, for the admin's view.
    pub async fn recent_email_failures(&self, limit: u64) -> StoreResult<Vec<FailedEmail>> {
        Ok(email_outbox::Entity::find()
            .filter(email_outbox::Column::LastError.is_not_null())
            .filter(email_outbox::Column::LastError.ne(SKIPPED_UNSUBSCRIBED))
            .filter(email_outbox::Column::Status.ne("sent"))
            .order_by_desc(email_outbox::Column::Id)
            .limit(limit)
            .all(&self.read)
            .await?
            .into_iter()
            .map(|m| FailedEmail {
                id: m.id,
                kind: m.kind,
                status: m.status,
                attempts: m.attempts,
                next_attempt_at: m.next_attempt_at,
                last_error: m.last_error.unwrap_or_default(),
            })
            .collect())
    }
}

/// A message that failed at least once, as the admin sees it (no address, no body).
#[derive(Debug, Clone)]
pub struct FailedEmail {
    pub id: i32,
    pub kind: String,
    pub status: String,
    pub attempts: i32,
    pub next_attempt_at: DateTime<Utc>,
    pub last_error: String,
}
