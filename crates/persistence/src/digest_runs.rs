//! Digest runs: one per frequency at a time, resumable after a crash. A run fixes the
//! newest follow-up it covers; each batch of subscriptions gets its digests enqueued and
//! its watermarks moved in one transaction, so a restart neither repeats nor skips anyone.

use crate::Db;
use crate::entities::account::{digest_runs, email_outbox, subscriptions};
use crate::error::{StoreError, StoreResult};
use crate::outbox::{OutboxMessage, OutboxStatus, enqueue_many};
use crate::subscriptions::{StoredSubscription, newest_follow_up_id, stored_from_row};
use chrono::{DateTime, Utc};
use domain::{Frequency, SubscriptionState};
use sea_orm::{
    ActiveValue::Set,
    ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
    sea_query::{Expr, ExprTrait},
};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DigestRun {
    pub id: i32,
    pub frequency: Frequency,
    /// The newest follow-up id when the run began.
    pub upto: i64,
    /// Still enqueueing digests (false once every subscription is handled).
    pub composing: bool,
    pub paused: bool,
    pub pause_reason: Option<String>,
    pub failures: i32,
    pub pause_after: i32,
    pub subscribers: i32,
    pub digests: i32,
    pub started_at: DateTime<Utc>,
    pub composed_at: Option<DateTime<Utc>>,
}

fn run_from_row(m: digest_runs::Model) -> StoreResult<DigestRun> {
    Ok(DigestRun {
        id: m.id,
        frequency: Frequency::parse(&m.frequency)
            .map_err(|e| StoreError::corrupt("digest_runs", e))?,
        upto: m.upto,
        composing: m.status == "composing",
        paused: m.paused,
        pause_reason: m.pause_reason,
        failures: m.failures,
        pause_after: m.pause_after,
        subscribers: m.subscribers,
        digests: m.digests,
        started_at: m.started_at,
        composed_at: m.composed_at,
    })
}

fn due_for(run: &DigestRun) -> sea_orm::Condition {
    sea_orm::Condition::all()
        .add(subscriptions::Column::State.eq(SubscriptionState::Confirmed.code()))
        .add(subscriptions::Column::Frequency.eq(run.frequency.code()))
        .add(
            sea_orm::Condition::any()
                .add(subscriptions::Column::LastRunId.is_null())
                .add(subscriptions::Column::LastRunId.lt(run.id)),
        )
}

impl Db {
    /// The composing run of this frequency, or a new one covering every follow-up so far;
    /// true when an interrupted run is resumed.
    pub async fn start_digest_run(
        &self,
        frequency: Frequency,
        pause_after: i32,
        now: DateTime<Utc>,
    ) -> StoreResult<(DigestRun, bool)> {
        let active = || {
            digest_runs::Entity::find()
                .filter(digest_runs::Column::ActiveKey.eq(frequency.code()))
                .one(&self.write)
        };
        if let Some(run) = active().await? {
            return Ok((run_from_row(run)?, true));
        }
        let upto = newest_follow_up_id(&self.write).await?;
        let row = digest_runs::ActiveModel {
            frequency: Set(frequency.code().to_owned()),
            upto: Set(upto),
            status: Set("composing".into()),
            active_key: Set(Some(frequency.code().to_owned())),
            paused: Set(false),
            pause_reason: Set(None),
            failures: Set(0),
            pause_after: Set(Ord::max(pause_after, 1)),
            subscribers: Set(0),
            digests: Set(0),
            started_at: Set(now),
            composed_at: Set(None),
            ..Default::default()
        };
        match digest_runs::Entity::insert(row).exec(&self.write).await {
            Ok(inserted) => Ok((self.digest_run(inserted.last_insert_id).await?, false)),
            // Another process started one a moment ago: share it.
            Err(e) if matches!(StoreError::from(e.clone()), StoreError::Conflict { .. }) => {
                let run = active().await?.ok_or_else(|| StoreError::Db(e))?;
                Ok((run_from_row(run)?, true))
            }
            Err(e) => Err(e.into()),
        }
    }

    pub async fn digest_run(&self, id: i32) -> StoreResult<DigestRun> {
        digest_runs::Entity::find_by_id(id)
            .one(&self.write)
            .await?
            .ok_or_else(|| StoreError::not_found(format!("digest run {id}")))
            .and_then(run_from_row)
    }

    /// The latest runs, newest first.
    pub async fn digest_runs(&self, limit: u64) -> StoreResult<Vec<DigestRun>> {
        digest_runs::Entity::find()
            .order_by_desc(digest_runs::Column::Id)
            .limit(limit)
            .all(&self.read)
            .await?
            .into_iter()
            .map(run_from_row)
            .collect()
    }

    /// How many runs are paused now (for `/metrics`).
    pub async fn paused_digest_runs(&self) -> StoreResult<u64> {
        Ok(digest_runs::Entity::find()
            .filter(digest_runs::Column::Paused.eq(true))
            .count(&self.read)
            .await?)
    }

    /// How many subscriptions the run has still to handle.
    pub async fn digest_run_remaining(&self, run: &DigestRun) -> StoreResult<u64> {
        Ok(subscriptions::Entity::find()
            .filter(due_for(run))
            .count(&self.write)
            .await?)
    }

    /// The next subscriptions the run has not handled, after the id `after`, in id order.
    /// It reads beside the writer, so a run can fetch one batch while recording the last.
    pub async fn digest_run_batch(
        &self,
        run: &DigestRun,
        after: i32,
        limit: u64,
    ) -> StoreResult<Vec<StoredSubscription>> {
        subscriptions::Entity::find()
            .filter(due_for(run))
            .filter(subscriptions::Column::Id.gt(after))
            .order_by_asc(subscriptions::Column::Id)
            .limit(limit)
            .all(&self.read)
            .await?
            .into_iter()
            .map(stored_from_row)
            .collect()
    }

    /// Enqueues a batch's digests and marks every subscription of the batch handled by the
    /// run, with its watermark at the run's end, all in one transaction.
    pub async fn record_digest_batch(
        &self,
        run: &DigestRun,
        handled: &[i32],
        digests: &[OutboxMessage],
        now: DateTime<Utc>,
    ) -> StoreResult<u64> {
        let txn = self.begin_write().await?;
        let enqueued = enqueue_many(&txn, digests, now).await?;
        // Never move a watermark back: one confirmed after the run began is already past it.
        let watermark = Expr::case(
            Expr::col(subscriptions::Column::Watermark).lt(run.upto),
            run.upto,
        )
        .finally(Expr::col(subscriptions::Column::Watermark));
        for chunk in handled.chunks(500) {
            subscriptions::Entity::update_many()
                .col_expr(subscriptions::Column::Watermark, watermark.clone().into())
                .col_expr(subscriptions::Column::LastRunId, Expr::value(Some(run.id)))
                .filter(subscriptions::Column::Id.is_in(chunk.iter().copied()))
                .exec(&txn)
                .await?;
        }
        let got: Vec<i32> = digests.iter().filter_map(|d| d.subscription_id).collect();
        for chunk in got.chunks(500) {
            subscriptions::Entity::update_many()
                .col_expr(subscriptions::Column::LastDigestAt, Expr::value(Some(now)))
                .filter(subscriptions::Column::Id.is_in(chunk.iter().copied()))
                .exec(&txn)
                .await?;
        }
        digest_runs::Entity::update_many()
            .col_expr(
                digest_runs::Column::Subscribers,
                Expr::col(digest_runs::Column::Subscribers).add(handled.len() as i32),
            )
            .col_expr(
                digest_runs::Column::Digests,
                Expr::col(digest_runs::Column::Digests).add(enqueued as i32),
            )
            .filter(digest_runs::Column::Id.eq(run.id))
            .exec(&txn)
            .await?;
        txn.commit().await?;
        Ok(enqueued)
    }

    /// Marks composing done, which frees the frequency for the next run.
    pub async fn finish_composing(&self, run_id: i32, now: DateTime<Utc>) -> StoreResult<()> {
        digest_runs::Entity::update_many()
            .col_expr(digest_runs::Column::Status, Expr::value("sending"))
            .col_expr(
                digest_runs::Column::ActiveKey,
                Expr::value(Option::<String>::None),
            )
            .col_expr(digest_runs::Column::ComposedAt, Expr::value(Some(now)))
            .filter(digest_runs::Column::Id.eq(run_id))
            .exec(&self.write)
            .await?;
        Ok(())
    }

    /// Lets a paused run send again, at once for messages waiting out a backoff.
    pub async fn resume_digest_run(&self, run_id: i32, now: DateTime<Utc>) -> StoreResult<bool> {
        let txn = self.begin_write().await?;
        let resumed = digest_runs::Entity::update_many()
            .col_expr(digest_runs::Column::Paused, Expr::value(false))
            .col_expr(digest_runs::Column::Failures, Expr::value(0))
            .col_expr(
                digest_runs::Column::PauseReason,
                Expr::value(Option::<String>::None),
            )
            .filter(digest_runs::Column::Id.eq(run_id))
            .filter(digest_runs::Column::Paused.eq(true))
            .exec(&txn)
            .await?;
        email_outbox::Entity::update_many()
            .col_expr(email_outbox::Column::NextAttemptAt, Expr::value(now))
            .filter(email_outbox::Column::RunId.eq(run_id))
            .filter(email_outbox::Column::Status.eq(OutboxStatus::Pending.code()))
            .exec(&txn)
            .await?;
        txn.commit().await?;
        Ok(resumed.rows_affected > 0)
    }

    /// Runs of this frequency that finished composing but still have messages waiting or
    /// being sent (an interrupted `digest run`), oldest first; paused ones too.
    pub async fn unfinished_digest_runs(
        &self,
        frequency: Frequency,
    ) -> StoreResult<Vec<DigestRun>> {
        let waiting = sea_orm::sea_query::Query::select()
            .distinct()
            .column(email_outbox::Column::RunId)
            .from(email_outbox::Entity)
            .and_where(
                email_outbox::Column::Status
                    .is_in([OutboxStatus::Pending.code(), OutboxStatus::Sending.code()]),
            )
            .and_where(email_outbox::Column::RunId.is_not_null())
            .to_owned();
        digest_runs::Entity::find()
            .filter(digest_runs::Column::Frequency.eq(frequency.code()))
            .filter(digest_runs::Column::Status.ne("composing"))
            .filter(digest_runs::Column::Id.in_subquery(waiting))
            .order_by_asc(digest_runs::Column::Id)
            .all(&self.write)
            .await?
            .into_iter()
            .map(run_from_row)
            .collect()
    }

    /// A run's messages by status.
    pub async fn digest_run_delivery(
        &self,
        run_id: i32,
    ) -> StoreResult<mail::outbox::StatusCounts> {
        let rows: Vec<(String, i64)> = email_outbox::Entity::find()
            .select_only()
            .column(email_outbox::Column::Status)
            .column_as(email_outbox::Column::Id.count(), "n")
            .filter(email_outbox::Column::RunId.eq(run_id))
            .group_by(email_outbox::Column::Status)
            .into_tuple()
            .all(&self.read)
            .await?;
        crate::outbox::report::counted(rows)
    }
}
