//! The outbox as people see it: messages by status, and the latest failures.

use super::{OutboxStatus, parse_status};
use crate::db::Db;
use crate::entities::account::email_outbox;
use crate::error::StoreResult;
use chrono::{DateTime, Utc};
use mail::outbox::StatusCounts;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

impl Db {
    /// Messages by status, for the admin's queue view.
    pub async fn outbox_counts(&self) -> StoreResult<StatusCounts> {
        let rows: Vec<(String, i64)> = email_outbox::Entity::find()
            .select_only()
            .column(email_outbox::Column::Status)
            .column_as(email_outbox::Column::Id.count(), "n")
            .group_by(email_outbox::Column::Status)
            .into_tuple()
            .all(&self.read)
            .await?;
        counted(rows)
    }

    /// The latest failed or dead messages, newest first, for the admin's view.
    pub async fn recent_email_failures(&self, limit: u64) -> StoreResult<Vec<FailedEmail>> {
        email_outbox::Entity::find()
            .filter(email_outbox::Column::LastError.is_not_null())
            .filter(
                email_outbox::Column::Status
                    .is_not_in([OutboxStatus::Sent.code(), OutboxStatus::Skipped.code()]),
            )
            .order_by_desc(email_outbox::Column::Id)
            .limit(limit)
            .all(&self.read)
            .await?
            .into_iter()
            .map(|m| {
                Ok(FailedEmail {
                    id: m.id,
                    kind: m.kind,
                    status: parse_status(&m.status)?,
                    attempts: m.attempts,
                    next_attempt_at: m.next_attempt_at,
                    last_error: m.last_error.unwrap_or_default(),
                })
            })
            .collect()
    }
}

/// `(status, count)` rows as counts by status.
pub(crate) fn counted(rows: Vec<(String, i64)>) -> StoreResult<StatusCounts> {
    let mut counts = StatusCounts::default();
    for (status, n) in rows {
        counts.add(parse_status(&status)?, n as u64);
    }
    Ok(counts)
}

/// A message that failed at least once, as the admin sees it (no address, no body).
#[derive(Debug, Clone)]
pub struct FailedEmail {
    pub id: i32,
    pub kind: String,
    pub status: OutboxStatus,
    pub attempts: i32,
    pub next_attempt_at: DateTime<Utc>,
    pub last_error: String,
}
