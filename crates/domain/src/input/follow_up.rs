//! A follow-up as a seed file brings it: a dated event on one pledge with its evidence and
//! the values it moved, parsed into the same [`Draft`] the follow-up form makes.

use super::{MoneyInput, optional, parse_date};
use crate::error::{self, DomainError, DomainResult, Reason};
use crate::follow_up::{Draft, Evidence, Proposal};
use crate::source::SourceTier;
use crate::status::{ConditionState, DeliveryStatus, Strength};
use crate::text::{LongText, Slug, Title, WebUrl};
use crate::vocab::Progress;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// The longest key: with its `seed:` prefix it fits a submission key (64 characters).
pub const MAX_KEY_LEN: usize = 58;

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EvidenceInput {
    pub url: String,
    pub title: String,
    pub publisher: Option<String>,
    pub tier: String,
    /// A copy kept by a web archive; files written before it existed leave it out.
    #[serde(default)]
    pub archived_url: Option<String>,
}

impl EvidenceInput {
    pub fn parse(&self) -> DomainResult<Evidence> {
        Ok(Evidence {
            url: WebUrl::parse("evidence_url", &self.url)?,
            title: Title::parse("evidence_title", &self.title)?,
            publisher: optional(self.publisher.as_deref(), |p| {
                Title::parse("evidence_publisher", p)
            })?,
            tier: SourceTier::parse(&self.tier)?,
            archived_url: optional(self.archived_url.as_deref(), |u| {
                WebUrl::parse("evidence_archived_url", u)
            })?,
        })
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConditionChangeInput {
    pub number: u16,
    pub state: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FollowUpInput {
    pub pledge: String,
    /// Names this follow-up for good (lowercase words joined by hyphens), so that loading
    /// the file again records nothing twice.
    pub key: String,
    pub occurred_on: String,
    pub note: Option<String>,
    pub delivery: Option<String>,
    pub strength: Option<String>,
    pub progress: Option<i64>,
    pub contested: Option<bool>,
    #[serde(default)]
    pub conditions: Vec<ConditionChangeInput>,
    #[serde(default)]
    pub evidence: Vec<EvidenceInput>,
    #[serde(default)]
    pub money: Vec<MoneyInput>,
}

/// A parsed follow-up for a pledge, with the key it is recorded under.
#[derive(Debug, Clone)]
pub struct KeyedFollowUp {
    pub pledge: Slug,
    pub key: Slug,
    pub draft: Draft,
}

impl FollowUpInput {
    /// The follow-up as `author` records it at `recorded_at`. Every follow-up from a file
    /// must cite evidence: it is how a reader checks it.
    pub fn parse(&self, author: &str, recorded_at: DateTime<Utc>) -> DomainResult<KeyedFollowUp> {
        let key = Slug::parse("key", &self.key)?;
        if key.as_str().len() > MAX_KEY_LEN {
            return Err(DomainError::TooLong {
                field: "key",
                len: key.as_str().len(),
                max: MAX_KEY_LEN,
            });
        }
        if self.evidence.is_empty() {
            return Err(DomainError::Invalid {
                field: "evidence",
                reason: Reason::new(
                    error::key("reason-evidence-needed"),
                    "a follow-up cites at least one piece of evidence",
                ),
            });
        }
        let proposal = Proposal {
            delivery: optional(self.delivery.as_deref(), DeliveryStatus::parse)?,
            strength: optional(self.strength.as_deref(), Strength::parse)?,
            progress: self
                .progress
                .map(|p| Progress::parse("progress", p))
                .transpose()?,
            conditions: self
                .conditions
                .iter()
                .map(|c| Ok((c.number, ConditionState::parse(&c.state)?)))
                .collect::<DomainResult<_>>()?,
            contested: self.contested,
            money: self
                .money
                .iter()
                .map(MoneyInput::parse)
                .collect::<DomainResult<_>>()?,
        };
        Ok(KeyedFollowUp {
            pledge: Slug::parse("pledge", &self.pledge)?,
            key,
            draft: Draft {
                author: author.to_owned(),
                recorded_at,
                occurred_on: parse_date("occurred_on", &self.occurred_on)?,
                proposal,
                note: optional(self.note.as_deref(), |n| LongText::parse("note", n))?,
                evidence: self
                    .evidence
                    .iter()
                    .map(EvidenceInput::parse)
                    .collect::<DomainResult<_>>()?,
            },
        })
    }
}
