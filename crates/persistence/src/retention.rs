//! Retention: what is pruned and when (expired sessions, old login attempts, unconfirmed
//! subscriptions whose link has expired, the bytes of delivered mail after a while).

use crate::Db;
use crate::entities::account::subscriptions;
use crate::entities::account::{email_messages, email_outbox, login_attempts, sessions};
use crate::error::StoreResult;
use chrono::{DateTime, Duration, Utc};
use domain::SubscriptionState;
use sea_orm::{ColumnTrait, Condition, EntityTrait, QueryFilter, sea_query::Query};

/// How long each kind of record is kept. Sessions go when they expire, and an unconfirmed
/// subscription when its confirmation link does (48 hours), whatever these say.
#[derive(Debug, Clone, Copy)]
pub struct Retention {
    /// Login attempts older than this are dropped; longer than any login limit's window.
    pub login_attempts: Duration,
    /// The stored bytes of a sent message are dropped this long after it was sent. Pending
    /// and dead messages keep theirs: a retry or `digest retry-dead` sends those bytes.
    pub sent_message_bytes: Duration,
    /// Unconfirmed subscriptions without a recorded link expiry (none are written so
    /// today) go this long after they were made: the life of a confirmation link.
    pub unconfirmed_without_expiry: Duration,
}

impl Default for Retention {
    fn default() -> Self {
        Self {
            login_attempts: Duration::days(1),
            sent_message_bytes: Duration::days(30),
            unconfirmed_without_expiry: Duration::hours(48),
        }
    }
}

/// How many rows one pruning pass removed, by kind.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Pruned {
    pub sessions: u64,
    pub login_attempts: u64,
    pub unconfirmed_subscriptions: u64,
    pub message_bodies: u64,
}

impl Pruned {
    pub fn total(&self) -> u64 {
        self.sessions + self.login_attempts + self.unconfirmed_subscriptions + self.message_bodies
    }
}

impl Db {
    /// Deletes what `keep` says is no longer kept, as of `now`. Each kind is its own
    /// statement: a pass interrupted halfway leaves nothing inconsistent, and the next
    /// pass finishes the job.
    pub async fn prune(&self, keep: Retention, now: DateTime<Utc>) -> StoreResult<Pruned> {
        let sessions = sessions::Entity::delete_many()
            .filter(sessions::Column::ExpiresAt.lt(now))
            .exec(&self.write)
            .await?
            .rows_affected;
        let login_attempts = login_attempts::Entity::delete_many()
            .filter(login_attempts::Column::AttemptedAt.lt(now - keep.login_attempts))
            .exec(&self.write)
            .await?
            .rows_affected;
        let unconfirmed_subscriptions = subscriptions::Entity::delete_many()
            .filter(subscriptions::Column::State.eq(SubscriptionState::Unconfirmed.code()))
            .filter(
                Condition::any()
                    .add(subscriptions::Column::ConfirmExpiresAt.lt(now))
                    .add(
                        Condition::all()
                            .add(subscriptions::Column::ConfirmExpiresAt.is_null())
                            .add(
                                subscriptions::Column::CreatedAt
                                    .lt(now - keep.unconfirmed_without_expiry),
                            ),
                    ),
            )
            .exec(&self.write)
            .await?
            .rows_affected;
        // Only the bytes of messages sent long enough ago: the outbox row (who, what,
        // when, with which outcome) stays for the admin's view and the subscriber's
        // download, and a message that is pending or dead keeps the bytes it will be sent
        // with.
        let message_bodies = email_messages::Entity::delete_many()
            .filter(
                email_messages::Column::IdempotencyKey.in_subquery(
                    Query::select()
                        .column(email_outbox::Column::IdempotencyKey)
                        .from(email_outbox::Entity)
                        .and_where(email_outbox::Column::Status.eq(mail::OutboxStatus::Sent.code()))
                        .and_where(email_outbox::Column::SentAt.lt(now - keep.sent_message_bytes))
                        .to_owned(),
                ),
            )
            .exec(&self.write)
            .await?
            .rows_affected;
        Ok(Pruned {
            sessions,
            login_attempts,
            unconfirmed_subscriptions,
            message_bodies,
        })
    }
}
