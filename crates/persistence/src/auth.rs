//! What accounts need stored: users by id, sessions (by the hash of their token), attempts
//! counted against limits (failed logins; `/subscribe` mails per client, which
//! `subscriptions` records in the same table), and the append-only audit log.

use crate::audit::AuditDetail;
use crate::db::Db;
use crate::entities::account::{audit_log, login_attempts, sessions, users};
use crate::error::{StoreError, StoreResult};
use chrono::{DateTime, Utc};
use domain::{EmailAddress, PasswordHash, User};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, sea_query::Expr,
};

/// A live session and whose it is.
#[derive(Debug, Clone)]
pub struct SessionRecord {
    pub user_id: i32,
    pub user: User,
    pub csrf_token: String,
    pub expires_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEntry {
    pub id: i32,
    pub at: DateTime<Utc>,
    pub actor: Option<String>,
    pub action: String,
    pub target: String,
    pub detail: AuditDetail,
    pub address: Option<String>,
}

/// What [`Db::gate_attempt`] decided.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AttemptGate {
    /// The attempt is within every limit and was recorded under each key (these rows).
    Counted(Vec<i32>),
    /// This key had reached its limit; nothing was recorded.
    Refused { key: String },
}

/// What to record in the audit log; `detail` is kept as a note
/// ([`AuditDetail::Note`]).
pub struct Audit<'a> {
    pub actor: Option<&'a str>,
    pub action: &'a str,
    pub target: &'a str,
    pub detail: &'a str,
    pub address: Option<&'a str>,
}

impl Db {
    /// A user and their id, by email.
    pub async fn user_with_id(&self, email: &EmailAddress) -> StoreResult<Option<(i32, User)>> {
        let Some(m) = users::Entity::find()
            .filter(users::Column::Email.eq(email.as_str()))
            .one(&self.read)
            .await?
        else {
            return Ok(None);
        };
        let id = m.id;
        Ok(Some((id, crate::accounts::user_from_row(m)?)))
    }

    /// Creates a session; only `token_hash` is stored, never the token itself.
    pub async fn create_session(
        &self,
        user_id: i32,
        token_hash: &str,
        csrf_token: &str,
        now: DateTime<Utc>,
        expires_at: DateTime<Utc>,
    ) -> StoreResult<()> {
        sessions::Entity::insert(sessions::ActiveModel {
            token_hash: Set(token_hash.to_owned()),
            user_id: Set(user_id),
            csrf_token: Set(csrf_token.to_owned()),
            created_at: Set(now),
            expires_at: Set(expires_at),
            ..Default::default()
        })
        .exec(&self.write)
        .await?;
        Ok(())
    }

    /// The unexpired session with this token hash, with its user as stored now.
    pub async fn session(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<Option<SessionRecord>> {
        let Some(s) = sessions::Entity::find()
            .filter(sessions::Column::TokenHash.eq(token_hash))
            .filter(sessions::Column::ExpiresAt.gt(now))
            .one(&self.write)
            .await?
        else {
            return Ok(None);
        };
        let Some(u) = users::Entity::find_by_id(s.user_id)
            .one(&self.write)
            .await?
        else {
            return Ok(None);
        };
        Ok(Some(SessionRecord {
            user_id: s.user_id,
            user: crate::accounts::user_from_row(u)?,
            csrf_token: s.csrf_token,
            expires_at: s.expires_at,
        }))
    }

    pub async fn delete_session(&self, token_hash: &str) -> StoreResult<()> {
        sessions::Entity::delete_many()
            .filter(sessions::Column::TokenHash.eq(token_hash))
            .exec(&self.write)
            .await?;
        Ok(())
    }

    /// Ends every session of a user (password change, disabling).
    pub async fn delete_sessions_of(&self, user_id: i32) -> StoreResult<u64> {
        Ok(sessions::Entity::delete_many()
            .filter(sessions::Column::UserId.eq(user_id))
            .exec(&self.write)
            .await?
            .rows_affected)
    }

    /// Disables or re-enables an account; disabling ends its sessions in the same
    /// transaction.
    pub async fn set_user_disabled(&self, email: &EmailAddress, disabled: bool) -> StoreResult<()> {
        let txn = self.begin_write().await?;
        let user = users::Entity::find()
            .filter(users::Column::Email.eq(email.as_str()))
            .one(&txn)
            .await?
            .ok_or_else(|| StoreError::not_found(format!("user {email}")))?;
        users::Entity::update_many()
            .col_expr(users::Column::Disabled, Expr::value(disabled))
            .filter(users::Column::Id.eq(user.id))
            .exec(&txn)
            .await?;
        if disabled {
            sessions::Entity::delete_many()
                .filter(sessions::Column::UserId.eq(user.id))
                .exec(&txn)
                .await?;
        }
        txn.commit().await?;
        Ok(())
    }

    /// Replaces a password hash and ends every session of that user.
    pub async fn set_password(&self, user_id: i32, hash: &PasswordHash) -> StoreResult<()> {
        let txn = self.begin_write().await?;
        users::Entity::update_many()
            .col_expr(users::Column::PasswordHash, Expr::value(hash.as_str()))
            .filter(users::Column::Id.eq(user_id))
            .exec(&txn)
            .await?;
        sessions::Entity::delete_many()
            .filter(sessions::Column::UserId.eq(user_id))
            .exec(&txn)
            .await?;
        txn.commit().await?;
        Ok(())
    }

    /// Counts an attempt against limits kept in the database, so that they hold across
    /// instances. Each `(key, limit)` is checked against the attempts recorded under `key`
    /// since `since`; when any has reached its limit nothing is written and the answer is
    /// [`AttemptGate::Refused`]. Otherwise the attempt is recorded under every key, in the
    /// same transaction as the check (so concurrent attempts cannot all slip under a
    /// limit), and the rows' ids come back: a caller that learns the attempt must not
    /// count (a login that succeeded) hands them to [`Db::forget_attempts`].
    pub async fn gate_attempt(
        &self,
        keys: &[(String, u64)],
        now: DateTime<Utc>,
        since: DateTime<Utc>,
    ) -> StoreResult<AttemptGate> {
        let txn = self.begin_write().await?;
        for (key, limit) in keys {
            let count = login_attempts::Entity::find()
                .filter(login_attempts::Column::Key.eq(key.as_str()))
                .filter(login_attempts::Column::AttemptedAt.gt(since))
                .count(&txn)
                .await?;
            if count >= *limit {
                return Ok(AttemptGate::Refused { key: key.clone() });
            }
        }
        let mut ids = Vec::with_capacity(keys.len());
        for (key, _) in keys {
            let row = login_attempts::Entity::insert(login_attempts::ActiveModel {
                key: Set(key.clone()),
                attempted_at: Set(now),
                ..Default::default()
            })
            .exec(&txn)
            .await?;
            ids.push(row.last_insert_id);
        }
        // Attempts older than the longest window in use are of no further use.
        login_attempts::Entity::delete_many()
            .filter(login_attempts::Column::AttemptedAt.lt(now - chrono::Duration::days(1)))
            .exec(&txn)
            .await?;
        txn.commit().await?;
        Ok(AttemptGate::Counted(ids))
    }

    /// Takes back attempts [`Db::gate_attempt`] recorded.
    pub async fn forget_attempts(&self, ids: &[i32]) -> StoreResult<()> {
        login_attempts::Entity::delete_many()
            .filter(login_attempts::Column::Id.is_in(ids.iter().copied()))
            .exec(&self.write)
            .await?;
        Ok(())
    }

    pub async fn audit(&self, entry: Audit<'_>, now: DateTime<Utc>) -> StoreResult<()> {
        audit_log::Entity::insert(audit_log::ActiveModel {
            at: Set(now),
            actor: Set(entry.actor.map(str::to_owned)),
            action: Set(entry.action.to_owned()),
            target: Set(entry.target.to_owned()),
            detail: Set(AuditDetail::note(entry.detail).to_stored()),
            address: Set(entry.address.map(str::to_owned)),
            ..Default::default()
        })
        .exec(&self.write)
        .await?;
        Ok(())
    }

    /// The newest audit entries, optionally of one actor and within `[from, to)`, newest
    /// first.
    pub async fn audit_entries(
        &self,
        actor: Option<&str>,
        from: Option<DateTime<Utc>>,
        to: Option<DateTime<Utc>>,
        limit: u64,
    ) -> StoreResult<Vec<AuditEntry>> {
        let mut q = audit_log::Entity::find()
            .order_by_desc(audit_log::Column::Id)
            .limit(limit);
        if let Some(a) = actor {
            q = q.filter(audit_log::Column::Actor.eq(a));
        }
        if let Some(f) = from {
            q = q.filter(audit_log::Column::At.gte(f));
        }
        if let Some(t) = to {
            q = q.filter(audit_log::Column::At.lt(t));
        }
        Ok(q.all(&self.read)
            .await?
            .into_iter()
            .map(|m| AuditEntry {
                id: m.id,
                at: m.at,
                actor: m.actor,
                action: m.action,
                target: m.target,
                detail: AuditDetail::from_stored(&m.detail),
                address: m.address,
            })
            .collect())
    }
}
