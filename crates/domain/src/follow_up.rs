//! Follow-ups: the append-only history of a pledge, and the current state derived from it.
//! Corrections are new follow-ups, never edits.

use crate::error::{DomainError, DomainResult, Reason, key};
use crate::money::MoneyFigure;
use crate::pledge::Pledge;
use crate::source::SourceTier;
use crate::status::{ConditionState, DeliveryStatus, Strength};
use crate::text::{LongText, Title, WebUrl};
use crate::vocab::Progress;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// A piece of evidence for a follow-up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evidence {
    pub url: WebUrl,
    pub title: Title,
    /// Who published it, as a reader would name them ("Computer Weekly", "IEA").
    #[serde(default)]
    pub publisher: Option<Title>,
    pub tier: SourceTier,
    /// Where a copy of it is kept (a web archive's snapshot), offered beside the original
    /// for when the original moves, dies or changes. Evidence recorded before this has none.
    #[serde(default)]
    pub archived_url: Option<WebUrl>,
}

/// One thing a follow-up changed, with the value before and after.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "field", rename_all = "snake_case")]
pub enum Change {
    Delivery {
        from: DeliveryStatus,
        to: DeliveryStatus,
    },
    Strength {
        from: Strength,
        to: Strength,
    },
    Progress {
        from: Option<Progress>,
        to: Progress,
    },
    Condition {
        number: u16,
        from: ConditionState,
        to: ConditionState,
    },
    Contested {
        from: bool,
        to: bool,
    },
    /// A money figure newly reported; earlier figures stay, so the history shows both.
    Money {
        figure: MoneyFigure,
    },
}

impl Change {
    pub fn field(&self) -> &'static str {
        match self {
            Self::Delivery { .. } => "delivery",
            Self::Strength { .. } => "strength",
            Self::Progress { .. } => "progress",
            Self::Condition { .. } => "condition",
            Self::Contested { .. } => "contested",
            Self::Money { .. } => "money",
        }
    }
}

/// What an editor asks to change; the old values are filled in from the current state so
/// that a follow-up always records what it replaced.
#[derive(Debug, Clone, Default)]
pub struct Proposal {
    pub delivery: Option<DeliveryStatus>,
    pub strength: Option<Strength>,
    pub progress: Option<Progress>,
    pub conditions: Vec<(u16, ConditionState)>,
    pub contested: Option<bool>,
    pub money: Vec<MoneyFigure>,
}

/// Everything an editor submits for one follow-up.
#[derive(Debug, Clone)]
pub struct Draft {
    pub author: String,
    pub recorded_at: DateTime<Utc>,
    pub occurred_on: NaiveDate,
    pub proposal: Proposal,
    pub note: Option<LongText>,
    pub evidence: Vec<Evidence>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FollowUp {
    pub author: String,
    pub recorded_at: DateTime<Utc>,
    pub occurred_on: NaiveDate,
    pub changes: Vec<Change>,
    pub note: Option<LongText>,
    pub evidence: Vec<Evidence>,
}

impl FollowUp {
    /// Builds a follow-up against the pledge's current state. Refuses one that changes
    /// nothing and says nothing, a status change without evidence, a date in the future
    /// or before the announcement, and changes to conditions that do not exist.
    pub fn record(pledge: &Pledge, state: &PledgeState, draft: Draft) -> DomainResult<Self> {
        let Draft {
            author,
            recorded_at,
            occurred_on,
            proposal,
            note,
            evidence,
        } = draft;
        if author.trim().is_empty() {
            return Err(DomainError::Empty { field: "author" });
        }
        if occurred_on > recorded_at.date_naive() {
            return Err(DomainError::Invalid {
                field: "occurred_on",
                reason: Reason::new(
                    key("reason-in-future"),
                    format!("{occurred_on} is in the future"),
                )
                .arg("date", occurred_on),
            });
        }
        if occurred_on < pledge.announced_on() {
            return Err(DomainError::Invalid {
                field: "occurred_on",
                reason: Reason::new(
                    key("reason-before-announcement"),
                    format!(
                        "{occurred_on} is before the pledge was announced on {}",
                        pledge.announced_on()
                    ),
                )
                .arg("date", occurred_on)
                .arg("announced", pledge.announced_on()),
            });
        }
        let mut changes = Vec::new();
        if let Some(to) = proposal.delivery.filter(|to| *to != state.delivery) {
            changes.push(Change::Delivery {
                from: state.delivery,
                to,
            });
        }
        if let Some(to) = proposal.strength.filter(|to| *to != state.strength) {
            changes.push(Change::Strength {
                from: state.strength,
                to,
            });
        }
        if let Some(to) = proposal.progress.filter(|to| Some(*to) != state.progress) {
            changes.push(Change::Progress {
                from: state.progress,
                to,
            });
        }
        for (number, to) in proposal.conditions {
            let from = state
                .condition(number)
                .ok_or_else(|| DomainError::Invalid {
                    field: "condition",
                    reason: Reason::new(
                        key("reason-no-condition"),
                        format!("this pledge has no condition {number}"),
                    )
                    .arg("number", i64::from(number)),
                })?;
            if from != to {
                changes.push(Change::Condition { number, from, to });
            }
        }
        if let Some(to) = proposal.contested.filter(|to| *to != state.contested) {
            changes.push(Change::Contested {
                from: state.contested,
                to,
            });
        }
        changes.extend(
            proposal
                .money
                .into_iter()
                .map(|figure| Change::Money { figure }),
        );

        if changes.is_empty() && note.is_none() {
            return Err(DomainError::Empty { field: "changes" });
        }
        let changes_status = changes
            .iter()
            .any(|c| matches!(c, Change::Delivery { .. } | Change::Strength { .. }));
        if changes_status && evidence.is_empty() {
            return Err(DomainError::Empty { field: "evidence" });
        }
        Ok(Self {
            author: author.trim().to_owned(),
            recorded_at,
            occurred_on,
            changes,
            note,
            evidence,
        })
    }
}

/// The state of a pledge now: its announcement with every follow-up applied in the order
/// they were recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PledgeState {
    pub delivery: DeliveryStatus,
    /// When it became delivered (or partially delivered), for met-on-time and met-late.
    pub delivered_on: Option<NaiveDate>,
    pub strength: Strength,
    pub progress: Option<Progress>,
    pub conditions: Vec<(u16, ConditionState)>,
    pub contested: bool,
    pub money: Vec<MoneyFigure>,
    pub last_follow_up_on: Option<NaiveDate>,
    pub follow_ups: usize,
}

impl PledgeState {
    pub fn initial(pledge: &Pledge) -> Self {
        Self {
            delivery: DeliveryStatus::NotYetAssessed,
            delivered_on: None,
            strength: pledge.strength(),
            progress: None,
            conditions: pledge
                .conditions()
                .iter()
                .map(|c| (c.number, c.state))
                .collect(),
            contested: pledge.contested(),
            money: pledge.money().to_vec(),
            last_follow_up_on: None,
            follow_ups: 0,
        }
    }

    /// Folds the history over the announcement. A follow-up whose recorded old value is
    /// not the current one means the history is corrupt, and is reported as such.
    pub fn derive<'a>(
        pledge: &Pledge,
        history: impl IntoIterator<Item = &'a FollowUp>,
    ) -> DomainResult<Self> {
        let mut state = Self::initial(pledge);
        for f in history {
            state.apply(f)?;
        }
        Ok(state)
    }

    pub fn condition(&self, number: u16) -> Option<ConditionState> {
        self.conditions
            .iter()
            .find(|(n, _)| *n == number)
            .map(|(_, s)| *s)
    }

    pub fn apply(&mut self, f: &FollowUp) -> DomainResult<()> {
        let mismatch = |field: &'static str| DomainError::InvalidChange {
            field,
            reason: Reason::new(
                key("reason-old-value"),
                "its old value is not the current value",
            ),
        };
        for change in &f.changes {
            match change {
                Change::Delivery { from, to } => {
                    if *from != self.delivery {
                        return Err(mismatch("delivery"));
                    }
                    self.delivery = *to;
                    self.delivered_on = matches!(
                        to,
                        DeliveryStatus::Delivered | DeliveryStatus::PartiallyDelivered
                    )
                    .then_some(f.occurred_on);
                }
                Change::Strength { from, to } => {
                    if *from != self.strength {
                        return Err(mismatch("strength"));
                    }
                    self.strength = *to;
                }
                Change::Progress { from, to } => {
                    if *from != self.progress {
                        return Err(mismatch("progress"));
                    }
                    self.progress = Some(*to);
                }
                Change::Condition { number, from, to } => {
                    let slot = self
                        .conditions
                        .iter_mut()
                        .find(|(n, _)| n == number)
                        .ok_or_else(|| mismatch("condition"))?;
                    if slot.1 != *from {
                        return Err(mismatch("condition"));
                    }
                    slot.1 = *to;
                }
                Change::Contested { from, to } => {
                    if *from != self.contested {
                        return Err(mismatch("contested"));
                    }
                    self.contested = *to;
                }
                Change::Money { figure } => self.money.push(figure.clone()),
            }
        }
        self.last_follow_up_on = Some(
            self.last_follow_up_on
                .map_or(f.occurred_on, |d| d.max(f.occurred_on)),
        );
        self.follow_ups += 1;
        Ok(())
    }

    /// Progress as a number: the recorded one, else 100 once delivered.
    pub fn effective_progress(&self) -> Option<Progress> {
        self.progress
            .or_else(|| (self.delivery == DeliveryStatus::Delivered).then_some(Progress::COMPLETE))
    }
}
