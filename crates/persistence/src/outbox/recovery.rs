//! Giving messages back to the queue: a claim released unsent (its run paused, or the
//! server refused everyone), the claims of a worker process that is gone, and a run's dead
//! messages re-queued by an admin; and pausing runs for the server's fault.

use super::KIND_DIGEST;
use super::{OutboxStatus, no_owner, no_time, status};
use crate::db::Db;
use crate::entities::account::{digest_runs, email_outbox, subscriptions};
use crate::error::StoreResult;
use chrono::{DateTime, Utc};
use domain::SubscriptionState;
use sea_orm::{
    ColumnTrait, Condition, EntityTrait, QueryFilter, QuerySelect,
    sea_query::{Expr, ExprTrait, Query},
};

/// What `retry_dead` did with a run's dead messages.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RetriedDead {
    /// Back in the queue, with their stored bytes and Message-ID.
    pub requeued: u64,
    /// Left unsent because their subscriber is no longer confirmed.
    pub skipped: u64,
}

impl Db {
    /// Gives claimed messages back unsent: pending and due at once, with the attempt the
    /// claim counted taken back, since nothing was tried. `error`, when given, replaces
    /// the last error (the server's answer that made the worker stop). Only rows `owner`
    /// still holds change: one whose lease ran out and that another worker claimed since
    /// stays with that worker.
    pub async fn release_emails(
        &self,
        ids: &[i32],
        owner: &str,
        error: Option<&str>,
        now: DateTime<Utc>,
    ) -> StoreResult<u64> {
        let mut released = 0;
        for chunk in ids.chunks(500) {
            let mut update = email_outbox::Entity::update_many()
                .col_expr(email_outbox::Column::Status, status(OutboxStatus::Pending))
                .col_expr(
                    email_outbox::Column::Attempts,
                    Expr::col(email_outbox::Column::Attempts).sub(1),
                )
                .col_expr(email_outbox::Column::NextAttemptAt, Expr::value(now))
                .col_expr(email_outbox::Column::LockedUntil, no_time())
                .col_expr(email_outbox::Column::LeaseOwner, no_owner());
            if let Some(error) = error {
                update = update.col_expr(
                    email_outbox::Column::LastError,
                    Expr::value(Some(error.chars().take(2000).collect::<String>())),
                );
            }
            released += update
                .filter(email_outbox::Column::Id.is_in(chunk.iter().copied()))
                .filter(email_outbox::Column::Status.eq(OutboxStatus::Sending.code()))
                .filter(email_outbox::Column::LeaseOwner.eq(owner))
                .exec(&self.write)
                .await?
                .rows_affected;
        }
        Ok(released)
    }

    /// The processes holding claims now, as they named themselves when claiming.
    pub async fn lease_owners(&self) -> StoreResult<Vec<String>> {
        Ok(email_outbox::Entity::find()
            .select_only()
            .column(email_outbox::Column::LeaseOwner)
            .distinct()
            .filter(email_outbox::Column::Status.eq(OutboxStatus::Sending.code()))
            .filter(email_outbox::Column::LeaseOwner.is_not_null())
            .into_tuple::<String>()
            .all(&self.write)
            .await?)
    }

    /// Takes back every claim `owner` holds, for a worker that knows that process is gone.
    /// The attempt stays counted: the message may have reached the server before the
    /// process died, and goes again with the same Message-ID.
    pub async fn take_back_leases(&self, owner: &str, now: DateTime<Utc>) -> StoreResult<u64> {
        Ok(email_outbox::Entity::update_many()
            .col_expr(email_outbox::Column::Status, status(OutboxStatus::Pending))
            .col_expr(email_outbox::Column::NextAttemptAt, Expr::value(now))
            .col_expr(email_outbox::Column::LockedUntil, no_time())
            .col_expr(email_outbox::Column::LeaseOwner, no_owner())
            .filter(email_outbox::Column::Status.eq(OutboxStatus::Sending.code()))
            .filter(email_outbox::Column::LeaseOwner.eq(owner))
            .exec(&self.write)
            .await?
            .rows_affected)
    }

    /// Pauses runs that are sending, with the reason an admin will read; returns the runs
    /// this paused (a run paused already keeps its first reason).
    pub async fn pause_digest_runs(&self, runs: &[i32], reason: &str) -> StoreResult<Vec<i32>> {
        let mut paused = Vec::new();
        for &run in runs {
            let done = digest_runs::Entity::update_many()
                .col_expr(digest_runs::Column::Paused, Expr::value(true))
                .col_expr(
                    digest_runs::Column::PauseReason,
                    Expr::value(Some(reason.chars().take(1000).collect::<String>())),
                )
                .filter(digest_runs::Column::Id.eq(run))
                .filter(digest_runs::Column::Paused.eq(false))
                .exec(&self.write)
                .await?;
            if done.rows_affected > 0 {
                paused.push(run);
            }
        }
        Ok(paused)
    }

    /// Puts a run's dead messages back in the queue, due at once with fresh attempts; they
    /// go with the bytes and Message-ID they were stored with. Digests of subscribers who
    /// have left since are not re-queued but marked skipped; skipped ones are not dead, so
    /// they stay as they are.
    pub async fn retry_dead(&self, run_id: i32, now: DateTime<Utc>) -> StoreResult<RetriedDead> {
        let txn = self.begin_write().await?;
        let dead = || {
            Condition::all()
                .add(email_outbox::Column::RunId.eq(run_id))
                .add(email_outbox::Column::Status.eq(OutboxStatus::Dead.code()))
        };
        let confirmed = Query::select()
            .column(subscriptions::Column::Id)
            .from(subscriptions::Entity)
            .and_where(
                Expr::col(subscriptions::Column::State).eq(SubscriptionState::Confirmed.code()),
            )
            .to_owned();
        let left = Condition::all()
            .add(email_outbox::Column::Kind.eq(KIND_DIGEST))
            .add(email_outbox::Column::SubscriptionId.is_not_null())
            .add(email_outbox::Column::SubscriptionId.not_in_subquery(confirmed));
        let skipped = email_outbox::Entity::update_many()
            .col_expr(email_outbox::Column::Status, status(OutboxStatus::Skipped))
            .filter(dead())
            .filter(left)
            .exec(&txn)
            .await?
            .rows_affected;
        let requeued = email_outbox::Entity::update_many()
            .col_expr(email_outbox::Column::Status, status(OutboxStatus::Pending))
            .col_expr(email_outbox::Column::Attempts, Expr::value(0))
            .col_expr(email_outbox::Column::NextAttemptAt, Expr::value(now))
            .filter(dead())
            .exec(&txn)
            .await?
            .rows_affected;
        txn.commit().await?;
        Ok(RetriedDead { requeued, skipped })
    }
}
