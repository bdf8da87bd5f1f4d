//! Subscriptions: who wants email about what, how often, and whether they confirmed.

use crate::error::{DomainError, DomainResult, Reason, key};
use crate::locale::Lang;
use crate::text::{EmailAddress, Slug};
use crate::vocabulary;
use serde::{Deserialize, Serialize};

vocabulary!(
    Frequency, "frequency" {
        Daily => "daily", "Daily";
        Weekly => "weekly", "Weekly";
    }
);

vocabulary!(
    SubscriptionState, "state" {
        Unconfirmed => "unconfirmed", "Waiting for confirmation";
        Confirmed => "confirmed", "Confirmed";
        Unsubscribed => "unsubscribed", "Unsubscribed";
    }
);

vocabulary!(
    /// Which changes a subscriber wants to hear about.
    ChangeFilter, "changes" {
        StatusChanges => "status_changes", "Status changes only";
        EveryFollowUp => "every_follow_up", "Every follow-up";
        Deadlines => "deadlines", "Deadlines coming up or missed";
    }
);

/// What a subscription follows.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "type", content = "slug", rename_all = "snake_case")]
pub enum Scope {
    Everything,
    Theme(crate::pledge::Theme),
    Actor(Slug),
    Pledge(Slug),
    Event(Slug),
}

impl Scope {
    pub fn kind(&self) -> &'static str {
        match self {
            Self::Everything => "everything",
            Self::Theme(_) => "theme",
            Self::Actor(_) => "actor",
            Self::Pledge(_) => "pledge",
            Self::Event(_) => "event",
        }
    }

    /// The slug or theme code the scope points at; none for everything.
    pub fn target(&self) -> Option<&str> {
        match self {
            Self::Everything => None,
            Self::Theme(t) => Some(t.code()),
            Self::Actor(s) | Self::Pledge(s) | Self::Event(s) => Some(s.as_str()),
        }
    }

    pub fn parse(kind: &str, target: Option<&str>) -> DomainResult<Self> {
        let need = || DomainError::Empty { field: "scope" };
        match kind {
            "everything" => Ok(Self::Everything),
            "theme" => Ok(Self::Theme(crate::pledge::Theme::parse_field(
                "scope",
                target.ok_or_else(need)?,
            )?)),
            "actor" => Ok(Self::Actor(Slug::parse("scope", target.ok_or_else(need)?)?)),
            "pledge" => Ok(Self::Pledge(Slug::parse(
                "scope",
                target.ok_or_else(need)?,
            )?)),
            "event" => Ok(Self::Event(Slug::parse("scope", target.ok_or_else(need)?)?)),
            other => Err(DomainError::UnknownVariant {
                field: "scope",
                value: other.chars().take(40).collect(),
                expected: "everything theme actor pledge event",
            }),
        }
    }
}

/// An IANA time-zone name such as Europe/Paris, checked for shape (the zone database
/// lives at the edges, not in the domain).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct TimeZoneName(String);

impl TimeZoneName {
    pub fn parse(field: &'static str, raw: &str) -> DomainResult<Self> {
        let s = raw.trim();
        let ok = !s.is_empty()
            && s.len() <= 64
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '/' | '_' | '-' | '+'))
            && !s.starts_with('/')
            && !s.contains("..");
        if !ok {
            return Err(DomainError::Invalid {
                field,
                reason: Reason::new(
                    key("reason-time-zone"),
                    "must be a time-zone name such as Europe/Paris or UTC",
                ),
            });
        }
        Ok(Self(s.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for TimeZoneName {
    type Error = DomainError;
    fn try_from(s: String) -> DomainResult<Self> {
        Self::parse("time_zone", &s)
    }
}

impl From<TimeZoneName> for String {
    fn from(t: TimeZoneName) -> String {
        t.0
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Subscription {
    pub email: EmailAddress,
    pub scope: Scope,
    pub frequency: Frequency,
    pub changes: Vec<ChangeFilter>,
    pub time_zone: TimeZoneName,
    pub state: SubscriptionState,
    /// The language every mail to the subscriber is written in: the one they subscribed
    /// in, until they change it on the preferences page.
    #[serde(default)]
    pub lang: Lang,
}

impl Subscription {
    /// A new, unconfirmed subscription (double opt-in confirms it later).
    pub fn request(
        email: EmailAddress,
        scope: Scope,
        frequency: Frequency,
        mut changes: Vec<ChangeFilter>,
        time_zone: TimeZoneName,
    ) -> DomainResult<Self> {
        changes.sort();
        changes.dedup();
        if changes.is_empty() {
            return Err(DomainError::Empty { field: "changes" });
        }
        Ok(Self {
            email,
            scope,
            frequency,
            changes,
            time_zone,
            state: SubscriptionState::Unconfirmed,
            lang: Lang::En,
        })
    }

    /// The same request, with its mail written in `lang`.
    pub fn in_language(self, lang: Lang) -> Self {
        Self { lang, ..self }
    }
}
