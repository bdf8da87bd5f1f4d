//! Readers' subscriptions: double opt-in requests and confirmations, preferences and
//! unsubscribing (a subscriber's data to download or erase is in `data`). Every mail a
//! request causes is written to the outbox in the same transaction as the request.

mod data;
mod subscriber;
pub(crate) mod tokens;

pub use data::{MailRecord, SubscriberData};

use crate::Db;
use crate::entities::account::{email_outbox, login_attempts, subscriptions};
use crate::entities::follow_up::follow_ups;
use crate::error::{StoreError, StoreResult};
use crate::outbox::{OutboxMessage, enqueue};
use chrono::{DateTime, Duration, Utc};
use domain::*;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};

/// A subscription with what the store keeps about its delivery.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredSubscription {
    pub id: i32,
    pub subscription: Subscription,
    /// The last follow-up id a digest covered.
    pub watermark: i64,
    pub last_digest_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub confirmed_at: Option<DateTime<Utc>>,
    /// The version manage and unsubscribe links are signed with; raising it revokes them.
    pub link_version: i32,
}

/// What a subscription request did; the caller answers every one the same way, so the
/// page never tells whether an address was already subscribed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RequestOutcome {
    /// A new or renewed unconfirmed subscription: a confirmation mail goes out.
    AwaitingConfirmation { id: i32 },
    /// Already confirmed: settings are kept (never downgraded) and a reminder with the
    /// preferences link goes out instead.
    AlreadyConfirmed {
        id: i32,
        link_version: i32,
        /// The language the subscriber chose: the reminder is written in it.
        lang: Lang,
    },
    /// Too many mails to this address or for this subscription lately: nothing is sent.
    Throttled,
    /// Too many subscription mails caused by this client lately, or by everyone: nothing
    /// is sent. Says nothing about the address, so the caller may say so.
    Busy,
}

/// A confirmation token as stored: its SHA-256 and when it stops working.
#[derive(Debug, Clone)]
pub struct PendingToken {
    pub hash: String,
    pub expires_at: DateTime<Utc>,
}

/// How often one address may be mailed about subscribing.
#[derive(Debug, Clone, Copy)]
pub struct RequestLimits {
    /// The least time between two mails about one subscription.
    pub resend_after: Duration,
    /// At most this many subscription mails to one address per hour.
    pub per_address_per_hour: u64,
    /// At most this many subscription mails caused by one client address per hour.
    pub per_client_per_hour: u64,
    /// At most this many subscription mails in all per hour, whoever asks.
    pub per_hour: u64,
}

impl Default for RequestLimits {
    fn default() -> Self {
        Self {
            resend_after: Duration::minutes(5),
            per_address_per_hour: 5,
            per_client_per_hour: 10,
            per_hour: 500,
        }
    }
}

/// What the preferences page changes.
#[derive(Debug, Clone, Copy)]
pub struct Preferences<'a> {
    pub scope: &'a Scope,
    pub frequency: Frequency,
    pub changes: &'a [ChangeFilter],
    pub time_zone: &'a TimeZoneName,
    pub lang: Lang,
}

/// Outbox kinds of the mails a subscription request sends.
pub const KIND_CONFIRM: &str = mail::MailKind::Confirm.code();
pub const KIND_REMINDER: &str = mail::MailKind::Reminder.code();
pub const KIND_DIGEST: &str = mail::MailKind::Digest.code();

fn changes_text(changes: &[ChangeFilter]) -> String {
    changes
        .iter()
        .map(|c| c.code())
        .collect::<Vec<_>>()
        .join(",")
}

pub(crate) fn stored_from_row(m: subscriptions::Model) -> StoreResult<StoredSubscription> {
    let c = |e| StoreError::corrupt("subscriptions", e);
    let target = (!m.scope_target.is_empty()).then_some(m.scope_target.as_str());
    Ok(StoredSubscription {
        id: m.id,
        subscription: Subscription {
            email: EmailAddress::stored("email", &m.email).map_err(c)?,
            scope: Scope::parse(&m.scope_kind, target).map_err(c)?,
            frequency: Frequency::parse(&m.frequency).map_err(c)?,
            changes: m
                .changes
                .split(',')
                .map(ChangeFilter::parse)
                .collect::<Result<_, _>>()
                .map_err(c)?,
            time_zone: TimeZoneName::parse("time_zone", &m.time_zone).map_err(c)?,
            state: SubscriptionState::parse(&m.state).map_err(c)?,
            lang: Lang::parse(&m.lang).ok_or_else(|| {
                c(DomainError::Invalid {
                    field: "lang",
                    reason: format!("{:?} is not a language pledgewatch writes", m.lang).into(),
                })
            })?,
        },
        watermark: m.watermark,
        last_digest_at: m.last_digest_at,
        created_at: m.created_at,
        confirmed_at: m.confirmed_at,
        link_version: m.link_version,
    })
}

pub(crate) async fn insert_subscription<C: ConnectionTrait>(
    conn: &C,
    s: &Subscription,
    now: DateTime<Utc>,
) -> StoreResult<i32> {
    let row = subscriptions::ActiveModel {
        email: Set(s.email.to_string()),
        scope_kind: Set(s.scope.kind().to_owned()),
        scope_target: Set(s.scope.target().unwrap_or("").to_owned()),
        frequency: Set(s.frequency.code().to_owned()),
        changes: Set(changes_text(&s.changes)),
        time_zone: Set(s.time_zone.as_str().to_owned()),
        state: Set(s.state.code().to_owned()),
        lang: Set(s.lang.code().to_owned()),
        created_at: Set(now),
        watermark: Set(0),
        ..Default::default()
    };
    Ok(subscriptions::Entity::insert(row)
        .exec(conn)
        .await?
        .last_insert_id)
}

async fn find_by_scope<C: ConnectionTrait>(
    conn: &C,
    email: &EmailAddress,
    scope: &Scope,
) -> StoreResult<Option<subscriptions::Model>> {
    Ok(subscriptions::Entity::find()
        .filter(subscriptions::Column::Email.eq(email.as_str()))
        .filter(subscriptions::Column::ScopeKind.eq(scope.kind()))
        .filter(subscriptions::Column::ScopeTarget.eq(scope.target().unwrap_or("")))
        .one(conn)
        .await?)
}

/// The newest follow-up id: a new confirmation starts its digests after it.
pub(crate) async fn newest_follow_up_id<C: ConnectionTrait>(conn: &C) -> StoreResult<i64> {
    let newest: Option<i32> = follow_ups::Entity::find()
        .select_only()
        .column_as(follow_ups::Column::Id.max(), "max")
        .into_tuple::<Option<i32>>()
        .one(conn)
        .await?
        .flatten();
    Ok(newest.map_or(0, i64::from))
}

impl Db {
    /// Records a request to subscribe, and the mail `render` makes for its outcome, in one
    /// transaction. A confirmed subscription keeps its settings; an unconfirmed or
    /// unsubscribed one takes the new settings and the new token. `client` is the address
    /// the request came from: the mails each client causes are counted in the database, in
    /// this transaction, so the limits hold across instances.
    pub async fn request_subscription<E: From<StoreError>>(
        &self,
        request: &Subscription,
        client: &str,
        token: &PendingToken,
        limits: RequestLimits,
        now: DateTime<Utc>,
        render: impl FnOnce(RequestOutcome) -> Result<OutboxMessage, E>,
    ) -> Result<RequestOutcome, E> {
        let store = |e: sea_orm::DbErr| E::from(StoreError::from(e));
        let txn = self.begin_write().await.map_err(store)?;
        let hour_ago = now - Duration::hours(1);
        let client_key = format!("subscribe:{client}");
        let by_client = login_attempts::Entity::find()
            .filter(login_attempts::Column::Key.eq(client_key.as_str()))
            .filter(login_attempts::Column::AttemptedAt.gt(hour_ago))
            .count(&txn)
            .await
            .map_err(store)?;
        let by_everyone = email_outbox::Entity::find()
            .filter(email_outbox::Column::Kind.is_in([KIND_CONFIRM, KIND_REMINDER]))
            .filter(email_outbox::Column::CreatedAt.gt(hour_ago))
            .count(&txn)
            .await
            .map_err(store)?;
        if by_client >= limits.per_client_per_hour || by_everyone >= limits.per_hour {
            return Ok(RequestOutcome::Busy);
        }
        let recent = email_outbox::Entity::find()
            .filter(email_outbox::Column::Recipient.eq(request.email.as_str()))
            .filter(email_outbox::Column::Kind.is_in([KIND_CONFIRM, KIND_REMINDER]))
            .filter(email_outbox::Column::CreatedAt.gt(now - Duration::hours(1)))
            .count(&txn)
            .await
            .map_err(store)?;
        if recent >= limits.per_address_per_hour {
            return Ok(RequestOutcome::Throttled);
        }
        let existing = find_by_scope(&txn, &request.email, &request.scope).await?;
        if let Some(row) = &existing
            && row
                .confirm_sent_at
                .is_some_and(|at| now - at < limits.resend_after)
        {
            return Ok(RequestOutcome::Throttled);
        }
        let outcome = match existing {
            Some(row) if row.state == SubscriptionState::Confirmed.code() => {
                let (id, link_version) = (row.id, row.link_version);
                let lang = Lang::parse(&row.lang).unwrap_or_default();
                let mut active = row.into_active_model();
                active.confirm_sent_at = Set(Some(now));
                active.update(&txn).await.map_err(store)?;
                RequestOutcome::AlreadyConfirmed {
                    id,
                    link_version,
                    lang,
                }
            }
            Some(row) => {
                let id = row.id;
                let mut active = row.into_active_model();
                active.frequency = Set(request.frequency.code().to_owned());
                active.changes = Set(changes_text(&request.changes));
                active.time_zone = Set(request.time_zone.as_str().to_owned());
                active.lang = Set(request.lang.code().to_owned());
                active.state = Set(SubscriptionState::Unconfirmed.code().to_owned());
                active.confirm_token_hash = Set(Some(token.hash.clone()));
                active.confirm_expires_at = Set(Some(token.expires_at));
                active.confirm_sent_at = Set(Some(now));
                active.update(&txn).await.map_err(store)?;
                RequestOutcome::AwaitingConfirmation { id }
            }
            None => {
                let mut fresh = request.clone();
                fresh.state = SubscriptionState::Unconfirmed;
                let id = insert_subscription(&txn, &fresh, now).await?;
                subscriptions::Entity::update_many()
                    .col_expr(
                        subscriptions::Column::ConfirmTokenHash,
                        token.hash.clone().into(),
                    )
                    .col_expr(
                        subscriptions::Column::ConfirmExpiresAt,
                        token.expires_at.into(),
                    )
                    .col_expr(subscriptions::Column::ConfirmSentAt, now.into())
                    .filter(subscriptions::Column::Id.eq(id))
                    .exec(&txn)
                    .await
                    .map_err(store)?;
                RequestOutcome::AwaitingConfirmation { id }
            }
        };
        // A message that fails to render rolls the request back with it.
        let message = render(outcome)?;
        enqueue(&txn, &message, now).await?;
        login_attempts::Entity::insert(login_attempts::ActiveModel {
            key: Set(client_key),
            attempted_at: Set(now),
            ..Default::default()
        })
        .exec(&txn)
        .await
        .map_err(store)?;
        txn.commit().await.map_err(store)?;
        Ok(outcome)
    }

    /// Raises a subscription's link version, so that every manage and unsubscribe link
    /// signed before stops working; returns the new version.
    pub async fn revoke_subscription_links(&self, id: i32) -> StoreResult<i32> {
        let txn = self.begin_write().await?;
        let row = subscriptions::Entity::find_by_id(id)
            .one(&txn)
            .await?
            .ok_or_else(|| StoreError::not_found(format!("subscription {id}")))?;
        let version = row.link_version + 1;
        let mut active = row.into_active_model();
        active.link_version = Set(version);
        active.update(&txn).await?;
        txn.commit().await?;
        Ok(version)
    }

    /// Confirms the subscription holding this unexpired token and spends the token.
    /// Digests start after the newest follow-up, so the first one is news, not history.
    pub async fn confirm_subscription(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<Option<i32>> {
        let txn = self.begin_write().await?;
        let columns = (
            subscriptions::Column::ConfirmTokenHash,
            subscriptions::Column::ConfirmExpiresAt,
        );
        let Some(row) =
            tokens::holder::<subscriptions::Entity>(&txn, columns, token_hash, now).await?
        else {
            return Ok(None);
        };
        let id = row.id;
        let watermark = newest_follow_up_id(&txn).await?;
        let mut active = row.into_active_model();
        active.state = Set(SubscriptionState::Confirmed.code().to_owned());
        active.confirmed_at = Set(Some(now));
        active.confirm_token_hash = Set(None);
        active.confirm_expires_at = Set(None);
        active.watermark = Set(watermark);
        active.last_digest_at = Set(Some(now));
        active.update(&txn).await?;
        txn.commit().await?;
        Ok(Some(id))
    }

    pub async fn newest_follow_up(&self) -> StoreResult<i64> {
        newest_follow_up_id(&self.write).await
    }

    /// Every confirmed subscription of a frequency, in id order (for a dry run).
    pub async fn confirmed_subscriptions(
        &self,
        frequency: Frequency,
    ) -> StoreResult<Vec<StoredSubscription>> {
        subscriptions::Entity::find()
            .filter(subscriptions::Column::State.eq(SubscriptionState::Confirmed.code()))
            .filter(subscriptions::Column::Frequency.eq(frequency.code()))
            .order_by_asc(subscriptions::Column::Id)
            .all(&self.read)
            .await?
            .into_iter()
            .map(stored_from_row)
            .collect()
    }

    pub async fn subscription_record(&self, id: i32) -> StoreResult<StoredSubscription> {
        subscriptions::Entity::find_by_id(id)
            .one(&self.write)
            .await?
            .ok_or_else(|| StoreError::not_found(format!("subscription {id}")))
            .and_then(stored_from_row)
    }

    /// Changes what a subscription follows, how often, which changes and in which
    /// language; a scope the address already follows is a conflict.
    pub async fn update_subscription(&self, id: i32, choice: &Preferences<'_>) -> StoreResult<()> {
        let Preferences {
            scope,
            frequency,
            changes,
            time_zone,
            lang,
        } = *choice;
        let row = subscriptions::Entity::find_by_id(id)
            .one(&self.write)
            .await?
            .ok_or_else(|| StoreError::not_found(format!("subscription {id}")))?;
        let mut active = row.into_active_model();
        active.scope_kind = Set(scope.kind().to_owned());
        active.scope_target = Set(scope.target().unwrap_or("").to_owned());
        active.frequency = Set(frequency.code().to_owned());
        active.changes = Set(changes_text(changes));
        active.time_zone = Set(time_zone.as_str().to_owned());
        active.lang = Set(lang.code().to_owned());
        active.update(&self.write).await?;
        Ok(())
    }

    /// Unsubscribes at once; true if it was not already unsubscribed.
    pub async fn unsubscribe(&self, id: i32) -> StoreResult<bool> {
        let done = subscriptions::Entity::update_many()
            .col_expr(
                subscriptions::Column::State,
                SubscriptionState::Unsubscribed.code().into(),
            )
            .col_expr(
                subscriptions::Column::ConfirmTokenHash,
                Option::<String>::None.into(),
            )
            .filter(subscriptions::Column::Id.eq(id))
            .filter(subscriptions::Column::State.ne(SubscriptionState::Unsubscribed.code()))
            .exec(&self.write)
            .await?;
        Ok(done.rows_affected > 0)
    }
}
