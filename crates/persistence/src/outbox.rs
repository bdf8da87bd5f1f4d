//! The email outbox: enqueue (idempotent by key, inside the caller's transaction), claim
//! with a lease, and record the outcome. Delivery is at least once: a worker that dies
//! after sending but before `mark_sent` leaves a lease that expires, and the message goes
//! again with the same Message-ID.

use crate::db::{Backend, Db};
use crate::entities::account::email_outbox;
use crate::error::StoreResult;
use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ActiveValue::Set,
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Statement, Value,
    sea_query::{Expr, OnConflict},
};
use std::collections::BTreeMap;

/// A rendered message, ready to send; retries send these same bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboxMessage {
    pub idempotency_key: String,
    pub kind: String,
    pub recipient: String,
    pub subject: String,
    pub body_text: String,
    pub body_html: String,
}

/// A message a worker holds the lease on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Claimed {
    pub id: i32,
    pub attempts: i32,
    pub message: OutboxMessage,
}

pub const MAX_ATTEMPTS: i32 = 8;
const MAX_BACKOFF: Duration = Duration::hours(6);

/// The wait before the next try after `attempts` tries: 30 s doubling, at most 6 hours.
pub fn backoff(attempts: i32) -> Duration {
    let exp = attempts.clamp(0, 20) as u32;
    (Duration::seconds(30) * 2_i32.pow(exp.min(16))).min(MAX_BACKOFF)
}

/// Adds a message unless one with its key exists; true if it was new. Runs on the caller's
/// connection so it can share the transaction of what caused it.
pub async fn enqueue<C: ConnectionTrait>(
    conn: &C,
    m: &OutboxMessage,
    now: DateTime<Utc>,
) -> StoreResult<bool> {
    let row = email_outbox::ActiveModel {
        idempotency_key: Set(m.idempotency_key.clone()),
        kind: Set(m.kind.clone()),
        recipient: Set(m.recipient.clone()),
        subject: Set(m.subject.clone()),
        body_text: Set(m.body_text.clone()),
        body_html: Set(m.body_html.clone()),
        status: Set("pending".into()),
        attempts: Set(0),
        max_attempts: Set(MAX_ATTEMPTS),
        next_attempt_at: Set(now),
        locked_until: Set(None),
        last_error: Set(None),
        created_at: Set(now),
        sent_at: Set(None),
        ..Default::default()
    };
    let inserted = email_outbox::Entity::insert(row)
        .on_conflict(
            OnConflict::column(email_outbox::Column::IdempotencyKey)
                .do_nothing()
                .to_owned(),
        )
        .exec_without_returning(conn)
        .await?;
    Ok(inserted > 0)
}

impl Db {
    pub async fn enqueue_email(&self, m: &OutboxMessage, now: DateTime<Utc>) -> StoreResult<bool> {
        enqueue(&self.write, m, now).await
    }

    /// Leases up to `limit` due messages (pending and due, or sending with an expired
    /// lease) until `now + lease`, counting the attempt.
    pub async fn claim_emails(
        &self,
        limit: u64,
        lease: Duration,
        now: DateTime<Utc>,
    ) -> StoreResult<Vec<Claimed>> {
        // One statement, so two workers cannot take the same row. On PostgreSQL the inner
        // SELECT skips rows another worker has locked, and the outer WHERE re-checks the
        // row after any lock wait; on SQLite the single writer serialises claims (and
        // sea-query would drop a lock clause there anyway).
        let due = "((status = 'pending' AND next_attempt_at <= {now}) OR (status = 'sending' AND locked_until < {now}))";
        let (sql, values): (String, Vec<Value>) = match self.backend() {
            Backend::Postgres => {
                let due = due.replace("{now}", "$2");
                (
                    format!(
                        "UPDATE email_outbox SET status = 'sending', attempts = attempts + 1, locked_until = $1 \
                         WHERE id IN (SELECT id FROM email_outbox WHERE {due} ORDER BY id LIMIT $3 FOR UPDATE SKIP LOCKED) AND {due} \
                         RETURNING id, attempts"
                    ),
                    vec![(now + lease).into(), now.into(), (limit as i64).into()],
                )
            }
            Backend::Sqlite => {
                let due = due.replace("{now}", "?");
                (
                    format!(
                        "UPDATE email_outbox SET status = 'sending', attempts = attempts + 1, locked_until = ? \
                         WHERE id IN (SELECT id FROM email_outbox WHERE {due} ORDER BY id LIMIT ?) \
                         RETURNING id, attempts"
                    ),
                    vec![
                        (now + lease).into(),
                        now.into(),
                        now.into(),
                        (limit as i64).into(),
                    ],
                )
            }
        };
        let rows = self
            .write
            .query_all_raw(Statement::from_sql_and_values(
                self.db_backend(),
                sql,
                values,
            ))
            .await?;
        let mut claimed: BTreeMap<i32, i32> = BTreeMap::new();
        for r in rows {
            claimed.insert(r.try_get_by_index::<i32>(0)?, r.try_get_by_index::<i32>(1)?);
        }
        let models = email_outbox::Entity::find()
            .filter(email_outbox::Column::Id.is_in(claimed.keys().copied()))
            .all(&self.write)
            .await?;
        let mut out: Vec<Claimed> = models
            .into_iter()
            .map(|m| Claimed {
                id: m.id,
                attempts: claimed.get(&m.id).copied().unwrap_or(m.attempts),
                message: OutboxMessage {
                    idempotency_key: m.idempotency_key,
                    kind: m.kind,
                    recipient: m.recipient,
                    subject: m.subject,
                    body_text: m.body_text,
                    body_html: m.body_html,
                },
            })
            .collect();
        out.sort_by_key(|c| c.id);
        Ok(out)
    }

    pub async fn mark_email_sent(&self, id: i32, now: DateTime<Utc>) -> StoreResult<()> {
        email_outbox::Entity::update_many()
            .col_expr(email_outbox::Column::Status, Expr::value("sent"))
            .col_expr(email_outbox::Column::SentAt, Expr::value(Some(now)))
            .col_expr(
                email_outbox::Column::LockedUntil,
                Expr::value(Option::<DateTime<Utc>>::None),
            )
            .filter(email_outbox::Column::Id.eq(id))
            .exec(&self.write)
            .await?;
        Ok(())
    }

    /// Records a failed try: dead if permanent or out of attempts, else pending again
    /// after the backoff.
    pub async fn mark_email_failed(
        &self,
        claimed: &Claimed,
        error: &str,
        permanent: bool,
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        let dead = permanent || claimed.attempts >= MAX_ATTEMPTS;
        email_outbox::Entity::update_many()
            .col_expr(
                email_outbox::Column::Status,
                Expr::value(if dead { "dead" } else { "pending" }),
            )
            .col_expr(
                email_outbox::Column::NextAttemptAt,
                Expr::value(now + backoff(claimed.attempts)),
            )
            .col_expr(
                email_outbox::Column::LockedUntil,
                Expr::value(Option::<DateTime<Utc>>::None),
            )
            .col_expr(
                email_outbox::Column::LastError,
                Expr::value(Some(error.chars().take(2000).collect::<String>())),
            )
            .filter(email_outbox::Column::Id.eq(claimed.id))
            .exec(&self.write)
            .await?;
        Ok(())
    }

    /// Messages by status, for the admin's queue view.
    pub async fn outbox_counts(&self) -> StoreResult<BTreeMap<String, u64>> {
        let mut counts = BTreeMap::new();
        for m in email_outbox::Entity::find().all(&self.read).await? {
            *counts.entry(m.status).or_insert(0) += 1;
        }
        Ok(counts)
    }
}
