//! Reading contributions back: the moderation queue with its filters, one contribution,
//! and which follow-ups are actors' published replies.

use super::{PublishedReply, QueueFilter, StoredContribution};
use crate::Db;
use crate::entities::contribution::contributions;
use crate::error::{StoreError, StoreResult};
use domain::contribution::{Contribution, ContributionKind, ContributionState, ReplyTo};
use domain::*;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use std::collections::HashMap;

pub(super) fn stored(m: contributions::Model) -> StoreResult<StoredContribution> {
    let c = |e| StoreError::corrupt("contributions", e);
    let opt = |v: &Option<String>| v.as_deref().filter(|s| !s.is_empty()).map(str::to_owned);
    let kind = ContributionKind::parse(&m.kind).map_err(c)?;
    let reply = match (opt(&m.reply_actor), m.answers_follow_up) {
        (Some(a), Some(n)) => Some(ReplyTo {
            actor: Slug::parse("actor", &a).map_err(c)?,
            answers: n,
        }),
        _ => None,
    };
    let contribution = Contribution {
        kind,
        pledge: opt(&m.pledge_slug)
            .map(|s| Slug::parse("pledge", &s))
            .transpose()
            .map_err(c)?,
        links: m
            .links
            .lines()
            .filter(|l| !l.is_empty())
            .map(|l| WebUrl::parse("links", l))
            .collect::<Result<_, _>>()
            .map_err(c)?,
        note: LongText::stored("note", &m.note).map_err(c)?,
        claim: opt(&m.claim)
            .map(|s| Title::stored("claim", &s))
            .transpose()
            .map_err(c)?,
        delivery: opt(&m.delivery)
            .map(|s| DeliveryStatus::parse(&s))
            .transpose()
            .map_err(c)?,
        title: opt(&m.title)
            .map(|s| Title::stored("title", &s))
            .transpose()
            .map_err(c)?,
        credit: opt(&m.credit)
            .map(|s| Title::stored("name", &s))
            .transpose()
            .map_err(c)?,
        email: opt(&m.email)
            .map(|s| EmailAddress::stored("email", &s))
            .transpose()
            .map_err(c)?,
        reply,
    };
    let confirmed_email = m.email_confirmed_at.and(contribution.email.clone());
    Ok(StoredContribution {
        id: m.id,
        state: ContributionState::parse(&m.state).map_err(c)?,
        contribution,
        confirmed_email,
        follow_up_id: m.follow_up_id,
        reason: m.reason,
        decided_by: m.decided_by,
        decided_at: m.decided_at,
        created_at: m.created_at,
        // A code this version does not write reads as English, the first language.
        lang: Lang::parse(&m.lang).unwrap_or_default(),
    })
}

impl Db {
    /// The queue, newest first, at most `limit` items.
    pub async fn contributions(
        &self,
        filter: &QueueFilter,
        limit: u64,
    ) -> StoreResult<Vec<StoredContribution>> {
        let mut q = contributions::Entity::find();
        if let Some(s) = filter.state {
            q = q.filter(contributions::Column::State.eq(s.code()));
        }
        if let Some(k) = filter.kind {
            q = q.filter(contributions::Column::Kind.eq(k.code()));
        }
        if let Some(p) = &filter.pledge {
            q = q.filter(contributions::Column::PledgeSlug.eq(p.as_str()));
        }
        q.order_by_desc(contributions::Column::Id)
            .limit(limit)
            .all(&self.read)
            .await?
            .into_iter()
            .map(stored)
            .collect()
    }

    pub async fn contribution(&self, id: i32) -> StoreResult<StoredContribution> {
        contributions::Entity::find_by_id(id)
            .one(&self.read)
            .await?
            .map(stored)
            .transpose()?
            .ok_or_else(|| StoreError::not_found(format!("contribution {id}")))
    }

    /// The published replies among these follow-ups, by the follow-up each became.
    pub async fn published_replies(
        &self,
        follow_up_ids: &[i32],
    ) -> StoreResult<HashMap<i32, PublishedReply>> {
        if follow_up_ids.is_empty() {
            return Ok(HashMap::new());
        }
        let rows = contributions::Entity::find()
            .filter(contributions::Column::Kind.eq(ContributionKind::Reply.code()))
            .filter(contributions::Column::State.eq(ContributionState::Accepted.code()))
            .filter(contributions::Column::FollowUpId.is_in(follow_up_ids.iter().copied()))
            .all(&self.read)
            .await?;
        let mut replies = HashMap::new();
        for row in rows {
            let (Some(f), Some(actor)) = (row.follow_up_id, row.reply_actor.as_deref()) else {
                continue;
            };
            let actor =
                Slug::parse("actor", actor).map_err(|e| StoreError::corrupt("contributions", e))?;
            replies.insert(
                f,
                PublishedReply {
                    follow_up_id: f,
                    actor,
                    answers: row.answers_follow_up,
                },
            );
        }
        Ok(replies)
    }
}
