//! Readers' contributions: taking one in under the per-client and overall limits (with
//! its confirmation mail in the same transaction), confirming a contributor's email, and
//! the decisions: an accepted contribution becomes a public change through
//! [`crate::apply`] in the same transaction that marks it accepted; a rejected one keeps
//! its reason. Every step is audited. The queue and published replies are read in
//! [`reads`].

mod reads;

use crate::Db;
use crate::apply::{Applied, Author, Change, Outcome, apply_in, audit_in};
use crate::audit::AuditDetail;
use crate::entities::account::{email_outbox, login_attempts};
use crate::entities::contribution::contributions;
use crate::entities::follow_up::follow_ups;
use crate::entities::pledge::pledges;
use crate::error::{StoreError, StoreResult};
use crate::follow_ups::Recorded;
use crate::outbox::{OutboxMessage, enqueue};
use crate::subscriptions::tokens::holder;
use chrono::{DateTime, Duration, Utc};
use domain::contribution::{Contribution, ContributionKind, ContributionState};
use domain::*;
use reads::stored;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, IntoActiveModel, PaginatorTrait,
    QueryFilter,
};

/// How many contributions strangers may send; counted in the database, so the limits
/// hold across instances.
#[derive(Debug, Clone, Copy)]
pub struct ContributionLimits {
    /// Contributions one client address may send per hour.
    pub per_client_per_hour: u64,
    /// Contributions accepted into the queue per hour in all, whoever sends them.
    pub per_hour: u64,
    /// Confirmation mails one address may be sent per hour.
    pub mails_per_address_per_hour: u64,
}

impl Default for ContributionLimits {
    fn default() -> Self {
        Self {
            per_client_per_hour: 5,
            per_hour: 200,
            mails_per_address_per_hour: 3,
        }
    }
}

/// What taking a contribution did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Submitted {
    /// Queued; `mailed` when a confirmation mail went out.
    Queued { id: i32, mailed: bool },
    /// Over the per-client or overall limit: nothing was written.
    Busy,
}

/// Who sends a contribution: their client address (for the limits) and the language
/// they wrote in (for the mails about it).
#[derive(Debug, Clone, Copy)]
pub struct Submitter<'a> {
    pub client: &'a str,
    pub lang: Lang,
}

/// A confirmation token as stored: its SHA-256 and when it stops working.
#[derive(Debug, Clone)]
pub struct ConfirmToken {
    pub hash: String,
    pub expires_at: DateTime<Utc>,
}

/// A contribution with what moderation added to it.
#[derive(Debug, Clone)]
pub struct StoredContribution {
    pub id: i32,
    pub contribution: Contribution,
    pub state: ContributionState,
    /// The email, only once its owner confirmed it.
    pub confirmed_email: Option<EmailAddress>,
    pub follow_up_id: Option<i32>,
    pub reason: Option<String>,
    pub decided_by: Option<String>,
    pub decided_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    /// The language the contributor wrote in; the mails to them are in it.
    pub lang: Lang,
}

/// Which contributions the queue shows.
#[derive(Debug, Clone, Default)]
pub struct QueueFilter {
    pub state: Option<ContributionState>,
    pub kind: Option<ContributionKind>,
    pub pledge: Option<Slug>,
}

/// An actor's published reply: the follow-up it became, whom it speaks for, and the
/// follow-up it answers (gone if that one was removed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublishedReply {
    pub follow_up_id: i32,
    pub actor: Slug,
    pub answers: Option<i32>,
}

impl Db {
    /// Takes a contribution from `from` (its client address and language), with the confirmation mail
    /// `render` makes for the new row when there is a token, in one transaction. A reply
    /// must answer a follow-up of its own pledge.
    pub async fn submit_contribution<E: From<StoreError>>(
        &self,
        c: &Contribution,
        from: Submitter<'_>,
        token: Option<&ConfirmToken>,
        limits: ContributionLimits,
        now: DateTime<Utc>,
        render: impl FnOnce(i32) -> Result<OutboxMessage, E>,
    ) -> Result<Submitted, E> {
        let txn = self.begin_write().await.map_err(StoreError::from)?;
        let hour_ago = now - Duration::hours(1);
        let client_key = format!("contribute:{}", from.client);
        let by_client = login_attempts::Entity::find()
            .filter(login_attempts::Column::Key.eq(client_key.as_str()))
            .filter(login_attempts::Column::AttemptedAt.gt(hour_ago))
            .count(&txn)
            .await
            .map_err(StoreError::from)?;
        let by_everyone = contributions::Entity::find()
            .filter(contributions::Column::CreatedAt.gt(hour_ago))
            .count(&txn)
            .await
            .map_err(StoreError::from)?;
        if by_client >= limits.per_client_per_hour || by_everyone >= limits.per_hour {
            return Ok(Submitted::Busy);
        }
        if let (Some(reply), Some(pledge)) = (&c.reply, &c.pledge) {
            let pledge_id = pledges::Entity::find()
                .filter(pledges::Column::Slug.eq(pledge.as_str()))
                .one(&txn)
                .await
                .map_err(StoreError::from)?
                .map(|p| p.id);
            let answered = follow_ups::Entity::find_by_id(reply.answers)
                .one(&txn)
                .await
                .map_err(StoreError::from)?
                .is_some_and(|f| Some(f.pledge_id) == pledge_id);
            if !answered {
                return Err(StoreError::Invalid(DomainError::Invalid {
                    field: "answers",
                    reason: domain::error::Reason::new(
                        domain::error::key("reason-not-this-pledge"),
                        format!("{} is not a follow-up of this pledge", reply.answers),
                    )
                    .arg("number", i64::from(reply.answers)),
                })
                .into());
            }
        }
        // A mailbox gets a few confirmation mails an hour at most; past that the
        // contribution is still taken, anonymously as far as mail goes.
        let token = match (token, &c.email) {
            (Some(t), Some(email)) => {
                let recent = email_outbox::Entity::find()
                    .filter(email_outbox::Column::Recipient.eq(email.as_str()))
                    .filter(
                        email_outbox::Column::Kind
                            .eq(mail::outbox::MailKind::ContributionConfirm.code()),
                    )
                    .filter(email_outbox::Column::CreatedAt.gt(hour_ago))
                    .count(&txn)
                    .await
                    .map_err(StoreError::from)?;
                (recent < limits.mails_per_address_per_hour).then_some(t)
            }
            _ => None,
        };
        let text = |v: &Option<Title>| v.as_ref().map(ToString::to_string);
        let row = contributions::ActiveModel {
            kind: Set(c.kind.code().to_owned()),
            state: Set(ContributionState::Pending.code().to_owned()),
            pledge_slug: Set(c.pledge.as_ref().map(ToString::to_string)),
            links: Set(c
                .links
                .iter()
                .map(WebUrl::as_str)
                .collect::<Vec<_>>()
                .join("\n")),
            note: Set(c.note.to_string()),
            claim: Set(text(&c.claim)),
            delivery: Set(c.delivery.map(|d| d.code().to_owned())),
            title: Set(text(&c.title)),
            credit: Set(text(&c.credit)),
            email: Set(c.email.as_ref().map(ToString::to_string)),
            confirm_token_hash: Set(token.map(|t| t.hash.clone())),
            confirm_expires_at: Set(token.map(|t| t.expires_at)),
            reply_actor: Set(c.reply.as_ref().map(|r| r.actor.to_string())),
            answers_follow_up: Set(c.reply.as_ref().map(|r| r.answers)),
            created_at: Set(now),
            lang: Set(from.lang.code().to_owned()),
            ..Default::default()
        };
        let id = contributions::Entity::insert(row)
            .exec(&txn)
            .await
            .map_err(StoreError::from)?
            .last_insert_id;
        if token.is_some() {
            // A message that fails to render rolls the contribution back with it.
            let message = render(id)?;
            enqueue(&txn, &message, now).await?;
        }
        login_attempts::Entity::insert(login_attempts::ActiveModel {
            key: Set(client_key),
            attempted_at: Set(now),
            ..Default::default()
        })
        .exec(&txn)
        .await
        .map_err(StoreError::from)?;
        let target = format!("contribution {id}");
        let detail = match &c.pledge {
            Some(p) => format!("{} on {p}", c.kind.code()),
            None => c.kind.code().to_owned(),
        };
        audit_in(
            &txn,
            Author::SYSTEM,
            "contribution_received",
            &target,
            &AuditDetail::note(detail),
            now,
        )
        .await?;
        txn.commit().await.map_err(StoreError::from)?;
        Ok(Submitted::Queued {
            id,
            mailed: token.is_some(),
        })
    }

    /// Confirms the contributor's email holding this unexpired token and spends it.
    pub async fn confirm_contribution_email(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<Option<i32>> {
        let txn = self.begin_write().await?;
        let columns = (
            contributions::Column::ConfirmTokenHash,
            contributions::Column::ConfirmExpiresAt,
        );
        let Some(row) = holder::<contributions::Entity>(&txn, columns, token_hash, now).await?
        else {
            return Ok(None);
        };
        let id = row.id;
        let mut active = row.into_active_model();
        active.email_confirmed_at = Set(Some(now));
        active.confirm_token_hash = Set(None);
        active.confirm_expires_at = Set(None);
        active.update(&txn).await?;
        audit_in(
            &txn,
            Author::SYSTEM,
            "contribution_email_confirmed",
            &format!("contribution {id}"),
            &AuditDetail::note(""),
            now,
        )
        .await?;
        txn.commit().await?;
        Ok(Some(id))
    }

    /// Accepts a pending contribution: applies `change` (if any) through the normal write
    /// path and marks the contribution accepted, in one transaction, then renders the
    /// outcome mail for a confirmed contributor into the outbox in the same transaction.
    /// A contribution decided already is a conflict.
    pub async fn accept_contribution<E: From<StoreError>>(
        &self,
        id: i32,
        change: Option<Change>,
        author: Author<'_>,
        now: DateTime<Utc>,
        render: impl FnOnce(&StoredContribution) -> Result<Option<OutboxMessage>, E>,
    ) -> Result<Option<Applied>, E> {
        let txn = self.begin_write().await.map_err(StoreError::from)?;
        let row = pending(&txn, id).await?;
        let applied = match change {
            Some(change) => Some(apply_in(self, &txn, change, author, now).await?),
            None => None,
        };
        // A correction saved without changing anything would be accepted with nothing in
        // the change log: refused, and the transaction (and contribution) left as it was.
        if let Some(Outcome::PledgeCorrected(edits)) = applied.as_ref().map(|a| &a.outcome)
            && edits.is_empty()
        {
            return Err(StoreError::Invalid(DomainError::Invalid {
                field: "form",
                reason: domain::error::Reason::new(
                    domain::error::key("reason-nothing-changed"),
                    "nothing was changed: correct a field, or publish the correction as a note from the queue",
                ),
            })
            .into());
        }
        let follow_up_id = match applied.as_ref().map(|a| &a.outcome) {
            Some(Outcome::FollowUp(Recorded::New { id, .. })) => Some(*id),
            _ => None,
        };
        let before = stored(row.clone())?;
        let mut active = row.into_active_model();
        active.state = Set(ContributionState::Accepted.code().to_owned());
        active.follow_up_id = Set(follow_up_id);
        active.decided_by = Set(author.account.map(str::to_owned));
        active.decided_at = Set(Some(now));
        active.update(&txn).await.map_err(StoreError::from)?;
        // The audit names the editor's account; the credit goes in its words.
        let detail = match (&applied, follow_up_id) {
            (_, Some(f)) => format!("follow-up {f}, credited to {}", author.name),
            (Some(_), None) => format!("credited to {}", author.name),
            (None, None) => String::new(),
        };
        audit_in(
            &txn,
            author,
            "contribution_accepted",
            &format!("contribution {id}"),
            &AuditDetail::note(detail),
            now,
        )
        .await?;
        if let Some(message) = render(&before)? {
            enqueue(&txn, &message, now).await?;
        }
        txn.commit().await.map_err(StoreError::from)?;
        Ok(applied)
    }

    /// Rejects a pending contribution with the editor's reason; the outcome mail for a
    /// confirmed contributor goes to the outbox in the same transaction.
    pub async fn reject_contribution<E: From<StoreError>>(
        &self,
        id: i32,
        reason: &LongText,
        author: Author<'_>,
        now: DateTime<Utc>,
        render: impl FnOnce(&StoredContribution) -> Result<Option<OutboxMessage>, E>,
    ) -> Result<(), E> {
        let txn = self.begin_write().await.map_err(StoreError::from)?;
        let row = pending(&txn, id).await?;
        let before = stored(row.clone())?;
        let mut active = row.into_active_model();
        active.state = Set(ContributionState::Rejected.code().to_owned());
        active.reason = Set(Some(reason.to_string()));
        active.decided_by = Set(author.account.map(str::to_owned));
        active.decided_at = Set(Some(now));
        active.update(&txn).await.map_err(StoreError::from)?;
        audit_in(
            &txn,
            author,
            "contribution_rejected",
            &format!("contribution {id}"),
            &AuditDetail::note(reason.as_str()),
            now,
        )
        .await?;
        if let Some(message) = render(&before)? {
            enqueue(&txn, &message, now).await?;
        }
        txn.commit().await.map_err(StoreError::from)?;
        Ok(())
    }
}

async fn pending(txn: &sea_orm::DatabaseTransaction, id: i32) -> StoreResult<contributions::Model> {
    let row = contributions::Entity::find_by_id(id)
        .one(txn)
        .await?
        .ok_or_else(|| StoreError::not_found(format!("contribution {id}")))?;
    if row.state != ContributionState::Pending.code() {
        return Err(StoreError::Stale {
            what: format!("contribution {id} was already {}", row.state),
        });
    }
    Ok(row)
}
