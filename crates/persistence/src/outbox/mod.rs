//! The email outbox: enqueue (idempotent by key, inside the caller's transaction), claim
//! with a lease, and record the outcome. Delivery is at least once: a worker that dies
//! after sending but before `mark_sent` leaves a lease that expires, and the message goes
//! again with the same Message-ID. Messages of a paused digest run wait until an admin
//! resumes it. `recovery` gives messages back to the queue; `report` counts them for people.

mod port;
mod recovery;
pub(crate) mod report;

pub use recovery::RetriedDead;
pub use report::FailedEmail;

use crate::db::{Backend, Db};
use crate::entities::account::{digest_runs, email_messages, email_outbox};
use crate::error::{StoreError, StoreResult};
use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ActiveValue::Set,
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect, Statement, Value,
    sea_query::{Expr, ExprTrait, OnConflict},
};

/// Digests: the one kind of mail tied to a subscription its reader may have left.
pub(crate) const KIND_DIGEST: &str = mail::MailKind::Digest.code();

pub use mail::outbox::{
    Claimed, MailKind, OutboxMessage, OutboxStatus, RunAfterFailure, StatusCounts,
};

fn row(m: &OutboxMessage, now: DateTime<Utc>) -> email_outbox::ActiveModel {
    email_outbox::ActiveModel {
        idempotency_key: Set(m.idempotency_key.clone()),
        kind: Set(m.kind.code().to_owned()),
        recipient: Set(m.recipient.clone()),
        subject: Set(m.subject.clone()),
        // The parts live inside the raw message; storing them twice would double the outbox.
        body_text: Set(String::new()),
        body_html: Set(String::new()),
        status: Set(OutboxStatus::Pending.code().to_owned()),
        attempts: Set(0),
        max_attempts: Set(MAX_ATTEMPTS),
        next_attempt_at: Set(now),
        locked_until: Set(None),
        last_error: Set(None),
        created_at: Set(now),
        sent_at: Set(None),
        run_id: Set(m.run_id),
        subscription_id: Set(m.subscription_id),
        ..Default::default()
    }
}

pub const MAX_ATTEMPTS: i32 = 8;
const MAX_BACKOFF: Duration = Duration::hours(6);

pub const RETRY_BASE: Duration = Duration::seconds(30);

/// The wait before the next try after `attempts` tries: 30 s doubling, at most 6 hours.
pub fn backoff(attempts: i32) -> Duration {
    backoff_from(RETRY_BASE, attempts)
}

/// The same doubling from another first wait (tests use milliseconds).
pub fn backoff_from(base: Duration, attempts: i32) -> Duration {
    let exp = attempts.clamp(0, 20) as u32;
    Ord::min(base * 2_i32.pow(Ord::min(exp, 16)), MAX_BACKOFF)
}

/// A wait between half of `wait` and all of it, at `unit` of the way (0 ..= u32::MAX).
/// Messages that failed together (a server that went down) then come back spread out
/// instead of all at once; never later than the doubling alone would say.
pub fn jittered(wait: Duration, unit: u32) -> Duration {
    let half = wait.num_milliseconds() / 2;
    let spread = (half as i128 * i128::from(unit) / i128::from(u32::MAX)) as i64;
    Duration::milliseconds(wait.num_milliseconds() - half + spread)
}

/// A random point for [`jittered`]; the middle if the system has no randomness to give.
fn random_unit() -> u32 {
    getrandom::u32().unwrap_or(u32::MAX / 2)
}

/// Adds a message unless one with its key exists; true if it was new. Runs on the caller's
/// connection so it can share the transaction of what caused it.
pub async fn enqueue<C: ConnectionTrait>(
    conn: &C,
    m: &OutboxMessage,
    now: DateTime<Utc>,
) -> StoreResult<bool> {
    Ok(enqueue_many(conn, std::slice::from_ref(m), now).await? > 0)
}

/// Adds many messages at once, skipping keys already present; returns how many were new.
/// Call it inside a transaction: a message is its outbox row and its stored bytes.
pub async fn enqueue_many<C: ConnectionTrait>(
    conn: &C,
    messages: &[OutboxMessage],
    now: DateTime<Utc>,
) -> StoreResult<u64> {
    if messages.is_empty() {
        return Ok(0);
    }
    let added = email_outbox::Entity::insert_many(messages.iter().map(|m| row(m, now)))
        .on_conflict(
            OnConflict::column(email_outbox::Column::IdempotencyKey)
                .do_nothing()
                .to_owned(),
        )
        .exec_without_returning(conn)
        .await?;
    email_messages::Entity::insert_many(messages.iter().map(|m| email_messages::ActiveModel {
        idempotency_key: Set(m.idempotency_key.clone()),
        raw: Set(lz4_flex::compress_prepend_size(m.raw.as_bytes())),
    }))
    .on_conflict(
        OnConflict::column(email_messages::Column::IdempotencyKey)
            .do_nothing()
            .to_owned(),
    )
    .exec_without_returning(conn)
    .await?;
    Ok(added)
}

impl Db {
    pub async fn enqueue_email(&self, m: &OutboxMessage, now: DateTime<Utc>) -> StoreResult<bool> {
        let txn = self.begin_write().await?;
        let added = enqueue(&txn, m, now).await?;
        txn.commit().await?;
        Ok(added)
    }

    /// Leases up to `limit` due messages (pending and due, or sending with an expired
    /// lease) until `now + lease`, counting the attempt.
    ///
    /// `owner` names the claiming process (host, process id and start time), so that a
    /// worker on the same host can take back the claims of a process that is gone
    /// (`take_back_leases`) without waiting out the lease.
    pub async fn claim_emails(
        &self,
        limit: u64,
        lease: Duration,
        owner: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<Vec<Claimed>> {
        // One statement, so two workers cannot take the same row. Each branch walks its
        // index in due order and stops at the limit, so a claim costs the same with a
        // million sent rows behind it. On PostgreSQL the branches skip rows another
        // worker has locked and the outer WHERE re-checks a row after any lock wait; on
        // SQLite the single writer serialises claims.
        let not_paused =
            "(run_id IS NULL OR run_id NOT IN (SELECT id FROM digest_runs WHERE paused))";
        let (p, lock) = match self.backend() {
            Backend::Postgres => (["$1", "$2", "$3", "$4"], " FOR UPDATE SKIP LOCKED"),
            Backend::Sqlite => (["?1", "?2", "?3", "?4"], ""),
        };
        let [until, now_p, limit_p, owner_p] = p;
        let [pending, sending] = [OutboxStatus::Pending.code(), OutboxStatus::Sending.code()];
        let due = format!(
            "((status = '{pending}' AND next_attempt_at <= {now_p}) OR (status = '{sending}' AND locked_until < {now_p})) AND {not_paused}"
        );
        // The stored bytes and whether a digest's subscriber is still confirmed come back
        // with the claim: one statement per batch, not three.
        let sql = format!(
            "WITH due AS (SELECT id FROM email_outbox WHERE status = '{pending}' AND next_attempt_at <= {now_p} AND {not_paused} \
                          ORDER BY next_attempt_at LIMIT {limit_p}{lock}), \
                  expired AS (SELECT id FROM email_outbox WHERE status = '{sending}' AND locked_until < {now_p} AND {not_paused} \
                          ORDER BY locked_until LIMIT {limit_p}{lock}) \
             UPDATE email_outbox SET status = '{sending}', attempts = attempts + 1, locked_until = {until}, lease_owner = {owner_p} \
             WHERE id IN (SELECT id FROM (SELECT id FROM expired UNION ALL SELECT id FROM due) AS both_kinds LIMIT {limit_p}) AND {due} \
             RETURNING id, attempts, idempotency_key, kind, recipient, subject, subscription_id, run_id, \
               (SELECT raw FROM email_messages m WHERE m.idempotency_key = email_outbox.idempotency_key), \
               (kind = '{KIND_DIGEST}' AND subscription_id IS NOT NULL AND NOT EXISTS \
                 (SELECT 1 FROM subscriptions s WHERE s.id = email_outbox.subscription_id AND s.state = 'confirmed'))"
        );
        let values: Vec<Value> = vec![
            (now + lease).into(),
            now.into(),
            (limit as i64).into(),
            owner.into(),
        ];
        let rows = self
            .write
            .query_all_raw(Statement::from_sql_and_values(
                self.db_backend(),
                sql,
                values,
            ))
            .await?;
        let mut out = Vec::with_capacity(rows.len());
        for r in rows {
            let idempotency_key: String = r.try_get_by_index(2)?;
            let kind: String = r.try_get_by_index(3)?;
            let kind = MailKind::parse(&kind).ok_or_else(|| {
                StoreError::corrupt("email_outbox", format!("{idempotency_key}: kind {kind:?}"))
            })?;
            let stored: Option<Vec<u8>> = r.try_get_by_index(8)?;
            let raw = match stored {
                Some(bytes) => stored_message(&idempotency_key, &bytes)?,
                None => String::new(),
            };
            out.push(Claimed {
                id: r.try_get_by_index(0)?,
                attempts: r.try_get_by_index(1)?,
                subscriber_left: r.try_get_by_index(9)?,
                message: OutboxMessage {
                    idempotency_key,
                    kind,
                    recipient: r.try_get_by_index(4)?,
                    subject: r.try_get_by_index(5)?,
                    raw,
                    subscription_id: r.try_get_by_index(6)?,
                    run_id: r.try_get_by_index(7)?,
                },
            });
        }
        out.sort_by_key(|c| c.id);
        Ok(out)
    }

    pub async fn mark_email_sent(&self, id: i32, now: DateTime<Utc>) -> StoreResult<()> {
        self.mark_emails_sent(&[id], now).await
    }

    pub async fn mark_emails_sent(&self, ids: &[i32], now: DateTime<Utc>) -> StoreResult<()> {
        if ids.is_empty() {
            return Ok(());
        }
        email_outbox::Entity::update_many()
            .col_expr(email_outbox::Column::Status, status(OutboxStatus::Sent))
            .col_expr(email_outbox::Column::SentAt, Expr::value(Some(now)))
            .col_expr(email_outbox::Column::LockedUntil, no_time())
            .col_expr(email_outbox::Column::LeaseOwner, no_owner())
            .filter(email_outbox::Column::Id.is_in(ids.iter().copied()))
            .exec(&self.write)
            .await?;
        Ok(())
    }

    /// Records a failed try: dead if permanent or out of attempts, else pending again
    /// after the backoff (doubling, with jitter). A failure in a digest run counts towards
    /// pausing it; the answer says whether the run is paused now.
    pub async fn mark_email_failed(
        &self,
        claimed: &Claimed,
        error: &str,
        permanent: bool,
        retry_base: Duration,
        now: DateTime<Utc>,
    ) -> StoreResult<RunAfterFailure> {
        let dead = permanent || claimed.attempts >= MAX_ATTEMPTS;
        let wait = jittered(backoff_from(retry_base, claimed.attempts), random_unit());
        email_outbox::Entity::update_many()
            .col_expr(
                email_outbox::Column::Status,
                status(if dead {
                    OutboxStatus::Dead
                } else {
                    OutboxStatus::Pending
                }),
            )
            .col_expr(email_outbox::Column::NextAttemptAt, Expr::value(now + wait))
            .col_expr(email_outbox::Column::LockedUntil, no_time())
            .col_expr(email_outbox::Column::LeaseOwner, no_owner())
            .col_expr(
                email_outbox::Column::LastError,
                Expr::value(Some(error.chars().take(2000).collect::<String>())),
            )
            .filter(email_outbox::Column::Id.eq(claimed.id))
            .exec(&self.write)
            .await?;
        let Some(run) = claimed.message.run_id else {
            return Ok(RunAfterFailure::NoRun);
        };
        digest_runs::Entity::update_many()
            .col_expr(
                digest_runs::Column::Failures,
                Expr::col(digest_runs::Column::Failures).add(1),
            )
            .filter(digest_runs::Column::Id.eq(run))
            .exec(&self.write)
            .await?;
        let paused = digest_runs::Entity::update_many()
            .col_expr(digest_runs::Column::Paused, Expr::value(true))
            .col_expr(
                digest_runs::Column::PauseReason,
                Expr::value(Some(format!(
                    "paused after repeated failures; the last: {}",
                    error.chars().take(500).collect::<String>()
                ))),
            )
            .filter(digest_runs::Column::Id.eq(run))
            .filter(digest_runs::Column::Paused.eq(false))
            .filter(
                Expr::col(digest_runs::Column::Failures)
                    .gte(Expr::col(digest_runs::Column::PauseAfter)),
            )
            .exec(&self.write)
            .await?;
        if paused.rows_affected > 0 {
            return Ok(RunAfterFailure::PausedNow);
        }
        let still_paused = digest_runs::Entity::find_by_id(run)
            .select_only()
            .column(digest_runs::Column::Paused)
            .into_tuple::<bool>()
            .one(&self.write)
            .await?
            .unwrap_or(false);
        Ok(if still_paused {
            RunAfterFailure::Paused
        } else {
            RunAfterFailure::Sending
        })
    }

    /// Ends a claimed message unsent because its subscriber left after it was written.
    pub async fn mark_email_skipped(&self, id: i32) -> StoreResult<()> {
        email_outbox::Entity::update_many()
            .col_expr(email_outbox::Column::Status, status(OutboxStatus::Skipped))
            .col_expr(email_outbox::Column::LockedUntil, no_time())
            .col_expr(email_outbox::Column::LeaseOwner, no_owner())
            .filter(email_outbox::Column::Id.eq(id))
            .exec(&self.write)
            .await?;
        Ok(())
    }
}

/// A status as its column stores it.
pub(crate) fn status(s: OutboxStatus) -> Expr {
    Expr::value(s.code())
}

/// The status column read back; an unknown code is a corrupt row.
pub(crate) fn parse_status(code: &str) -> StoreResult<OutboxStatus> {
    OutboxStatus::parse(code)
        .ok_or_else(|| StoreError::corrupt("email_outbox", format!("status {code:?}")))
}

/// No lease end, for a message no worker holds.
fn no_time() -> Expr {
    Expr::value(Option::<DateTime<Utc>>::None)
}

/// No lease owner, for a message no worker holds.
fn no_owner() -> Expr {
    Expr::value(Option::<String>::None)
}

/// The message as stored: LZ4-compressed UTF-8.
fn stored_message(key: &str, stored: &[u8]) -> StoreResult<String> {
    let bytes = lz4_flex::decompress_size_prepended(stored)
        .map_err(|e| StoreError::corrupt("email_messages", format!("{key}: {e}")))?;
    String::from_utf8(bytes)
        .map_err(|_| StoreError::corrupt("email_messages", format!("{key}: not UTF-8")))
}

#[cfg(test)]
mod tests {
    use super::{Duration, backoff_from, jittered};

    #[test]
    fn jitter_spreads_a_wait_over_its_second_half_and_never_past_it() {
        let wait = backoff_from(Duration::seconds(30), 3);
        assert_eq!(wait, Duration::seconds(240));
        assert_eq!(jittered(wait, 0), Duration::seconds(120));
        assert_eq!(jittered(wait, u32::MAX), wait);
        assert_eq!(
            jittered(wait, u32::MAX / 2),
            Duration::milliseconds(179_999)
        );
        // Forty messages that failed together come back at many different times.
        let spread: std::collections::BTreeSet<_> = (0..40)
            .map(|_| jittered(wait, super::random_unit()).num_milliseconds())
            .collect();
        assert!(spread.len() > 30, "{spread:?}");
        assert!(spread.iter().all(|ms| (120_000..=240_000).contains(ms)));
    }
}
