//! A subscriber's data: everything kept about an address (its subscriptions and the mail
//! sent to it) to download, and erasing all of it at once.

use super::{StoredSubscription, stored_from_row};
use crate::Db;
use crate::entities::account::{email_messages, email_outbox, subscriptions};
use crate::error::StoreResult;
use chrono::{DateTime, Utc};
use domain::EmailAddress;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

impl Db {
    /// Everything kept about an address: its subscriptions and the mail sent to it.
    pub async fn subscriber_data(&self, email: &EmailAddress) -> StoreResult<SubscriberData> {
        let subscriptions = subscriptions::Entity::find()
            .filter(subscriptions::Column::Email.eq(email.as_str()))
            .order_by_asc(subscriptions::Column::Id)
            .all(&self.write)
            .await?
            .into_iter()
            .map(stored_from_row)
            .collect::<StoreResult<_>>()?;
        let messages = email_outbox::Entity::find()
            .filter(email_outbox::Column::Recipient.eq(email.as_str()))
            .order_by_asc(email_outbox::Column::Id)
            .all(&self.write)
            .await?
            .into_iter()
            .map(|m| MailRecord {
                kind: m.kind,
                subject: m.subject,
                status: m.status,
                created_at: m.created_at,
                sent_at: m.sent_at,
            })
            .collect();
        Ok(SubscriberData {
            subscriptions,
            messages,
        })
    }

    /// Deletes every subscription of an address and every mail addressed to it.
    pub async fn erase_subscriber(&self, email: &EmailAddress) -> StoreResult<u64> {
        let txn = self.begin_write().await?;
        let subs = subscriptions::Entity::delete_many()
            .filter(subscriptions::Column::Email.eq(email.as_str()))
            .exec(&txn)
            .await?;
        // The bytes first: they hang off the outbox rows by key.
        email_messages::Entity::delete_many()
            .filter(
                email_messages::Column::IdempotencyKey.in_subquery(
                    sea_orm::sea_query::Query::select()
                        .column(email_outbox::Column::IdempotencyKey)
                        .from(email_outbox::Entity)
                        .and_where(email_outbox::Column::Recipient.eq(email.as_str()))
                        .to_owned(),
                ),
            )
            .exec(&txn)
            .await?;
        email_outbox::Entity::delete_many()
            .filter(email_outbox::Column::Recipient.eq(email.as_str()))
            .exec(&txn)
            .await?;
        txn.commit().await?;
        Ok(subs.rows_affected)
    }
}

/// What a subscriber may download about themselves.
#[derive(Debug, Clone)]
pub struct SubscriberData {
    pub subscriptions: Vec<StoredSubscription>,
    pub messages: Vec<MailRecord>,
}

#[derive(Debug, Clone)]
pub struct MailRecord {
    pub kind: String,
    pub subject: String,
    pub status: String,
    pub created_at: DateTime<Utc>,
    pub sent_at: Option<DateTime<Utc>>,
}
