//! Raw input as forms, imports and seed files bring it (strings and plain values), and its
//! parsing into domain values through the domain constructors. Every input path uses
//! these, so a seed can be no more wrong than a form.

use crate::actor::{Actor, ActorKind, ActorRole, CountryCode};
use crate::error::{DomainError, DomainResult, Reason, key};
use crate::event::{Event, EventKind};
use crate::money::{Basis, Currency, FigureKind, Money, MoneyFigure, Stage};
use crate::pledge::{
    DatePrecision, Deadline, Pledge, PledgeActor, PledgeKind, PledgeParts, Quote, Theme,
};
use crate::source::{Source, SourceTier, Verification};
use crate::status::{ConditionState, Strength};
use crate::text::{LongText, Slug, Title, WebUrl};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

mod follow_up;
pub use follow_up::{ConditionChangeInput, EvidenceInput, FollowUpInput, KeyedFollowUp};

pub fn parse_date(field: &'static str, raw: &str) -> DomainResult<NaiveDate> {
    NaiveDate::parse_from_str(raw.trim(), "%Y-%m-%d").map_err(|_| DomainError::Invalid {
        field,
        reason: Reason::new(
            key("reason-date"),
            format!(
                "{:?} is not a date in the form YYYY-MM-DD",
                raw.chars().take(30).collect::<String>()
            ),
        )
        .arg(
            "quoted",
            format!("{:?}", raw.chars().take(30).collect::<String>()),
        )
        .arg("value", raw.chars().take(30).collect::<String>()),
    })
}

fn optional<T>(
    raw: Option<&str>,
    parse: impl FnOnce(&str) -> DomainResult<T>,
) -> DomainResult<Option<T>> {
    match raw.map(str::trim) {
        None | Some("") => Ok(None),
        Some(s) => parse(s).map(Some),
    }
}

fn slugs(field: &'static str, raw: &[String]) -> DomainResult<Vec<Slug>> {
    raw.iter().map(|s| Slug::parse(field, s)).collect()
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceInput {
    pub slug: String,
    pub title: String,
    pub url: String,
    pub publisher: String,
    pub published_on: Option<String>,
    pub tier: String,
    pub verification: String,
    pub note: Option<String>,
}

impl SourceInput {
    pub fn parse(&self) -> DomainResult<Source> {
        Ok(Source {
            slug: Slug::parse("slug", &self.slug)?,
            title: Title::parse("title", &self.title)?,
            url: WebUrl::parse("url", &self.url)?,
            publisher: Title::parse("publisher", &self.publisher)?,
            published_on: optional(self.published_on.as_deref(), |s| {
                parse_date("published_on", s)
            })?,
            tier: SourceTier::parse(&self.tier)?,
            verification: Verification::parse(&self.verification)?,
            note: optional(self.note.as_deref(), |s| LongText::parse("note", s))?,
        })
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventInput {
    pub slug: String,
    pub name: String,
    pub kind: String,
    pub location: Option<String>,
    pub country: Option<String>,
    pub starts_on: Option<String>,
    pub ends_on: Option<String>,
    /// How exactly `starts_on` is known: "day" (the default), "month", "quarter", "year".
    #[serde(default)]
    pub precision: Option<String>,
    #[serde(default)]
    pub sources: Vec<String>,
}

impl EventInput {
    pub fn parse(&self) -> DomainResult<(Event, Vec<Slug>)> {
        let event = Event::new(
            Slug::parse("slug", &self.slug)?,
            Title::parse("name", &self.name)?,
            EventKind::parse(&self.kind)?,
            optional(self.location.as_deref(), |s| Title::parse("location", s))?,
            optional(self.country.as_deref(), |s| {
                CountryCode::parse("country", s)
            })?,
            optional(self.starts_on.as_deref(), |s| parse_date("starts_on", s))?,
            optional(self.ends_on.as_deref(), |s| parse_date("ends_on", s))?,
        )?;
        let event = match optional(self.precision.as_deref(), DatePrecision::parse)? {
            Some(p) => event.with_precision(p)?,
            None => event,
        };
        Ok((event, slugs("sources", &self.sources)?))
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActorInput {
    pub slug: String,
    pub name: String,
    pub kind: String,
    pub country: Option<String>,
    #[serde(default)]
    pub members: Vec<String>,
    #[serde(default)]
    pub sources: Vec<String>,
}

impl ActorInput {
    pub fn parse(&self) -> DomainResult<Actor> {
        slugs("sources", &self.sources)?;
        Actor::new(
            Slug::parse("slug", &self.slug)?,
            Title::parse("name", &self.name)?,
            ActorKind::parse(&self.kind)?,
            optional(self.country.as_deref(), |s| {
                CountryCode::parse("country", s)
            })?,
            slugs("members", &self.members)?,
        )
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuoteInput {
    pub text: String,
    pub language: String,
    pub source: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PledgeActorInput {
    pub actor: String,
    pub role: String,
}

/// Either `date` and `precision`, or `event` and `text`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeadlineInput {
    pub date: Option<String>,
    pub precision: Option<String>,
    pub event: Option<String>,
    pub text: Option<String>,
}

impl DeadlineInput {
    pub fn parse(&self) -> DomainResult<Deadline> {
        match (&self.date, &self.event) {
            (Some(date), None) => Ok(Deadline::Date {
                date: parse_date("deadline", date)?,
                precision: match &self.precision {
                    Some(p) => DatePrecision::parse(p)?,
                    None => DatePrecision::Day,
                },
            }),
            (None, Some(event)) => Ok(Deadline::Relative {
                event: Slug::parse("deadline_event", event)?,
                text: Title::parse("deadline_text", self.text.as_deref().unwrap_or(""))?,
            }),
            (None, None) => Ok(Deadline::None),
            (Some(_), Some(_)) => Err(DomainError::Invalid {
                field: "deadline",
                reason: Reason::new(
                    key("reason-date-or-event"),
                    "give a date or an event, not both",
                ),
            }),
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConditionInput {
    pub text: String,
    pub state: String,
    pub source: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MoneyInput {
    pub stage: String,
    /// "amount" (the default) or "aim" for a fundraising target.
    pub kind: Option<String>,
    pub amount: Option<String>,
    pub min: Option<String>,
    pub max: Option<String>,
    pub currency: String,
    pub value_date: String,
    pub basis: String,
    pub source: String,
    pub note: Option<String>,
}

impl MoneyInput {
    pub fn parse(&self) -> DomainResult<MoneyFigure> {
        let currency = Currency::parse("currency", &self.currency)?;
        MoneyFigure::new(
            Stage::parse(&self.stage)?,
            Money::parse(
                self.amount.as_deref(),
                self.min.as_deref(),
                self.max.as_deref(),
                currency,
            )?,
            parse_date("value_date", &self.value_date)?,
            Basis::parse(&self.basis)?,
            Slug::parse("source", &self.source)?,
            optional(self.note.as_deref(), |s| LongText::parse("note", s))?,
        )
        .and_then(
            |f| match optional(self.kind.as_deref(), FigureKind::parse)? {
                Some(FigureKind::Aim) => Ok(f.aim()),
                _ => Ok(f),
            },
        )
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PledgeInput {
    pub slug: String,
    pub title: String,
    pub summary: String,
    pub kind: String,
    #[serde(default)]
    pub themes: Vec<String>,
    pub event: Option<String>,
    pub announced_on: String,
    pub strength: String,
    pub parent: Option<String>,
    pub supersedes: Option<String>,
    #[serde(default)]
    pub contested: bool,
    #[serde(default)]
    pub sources: Vec<String>,
    pub quote: Option<QuoteInput>,
    #[serde(default)]
    pub actors: Vec<PledgeActorInput>,
    pub deadline: Option<DeadlineInput>,
    #[serde(default)]
    pub conditions: Vec<ConditionInput>,
    #[serde(default)]
    pub money: Vec<MoneyInput>,
}

impl PledgeInput {
    pub fn parse(&self) -> DomainResult<Pledge> {
        let quote = match &self.quote {
            Some(q) => Some(Quote::new(
                LongText::parse("quote", &q.text)?,
                &q.language,
                Slug::parse("quote_source", &q.source)?,
            )?),
            None => None,
        };
        let themes = self
            .themes
            .iter()
            .map(|t| Theme::parse(t))
            .collect::<DomainResult<Vec<_>>>()?;
        let actors = self
            .actors
            .iter()
            .map(|a| {
                Ok(PledgeActor {
                    actor: Slug::parse("actors", &a.actor)?,
                    role: ActorRole::parse(&a.role)?,
                })
            })
            .collect::<DomainResult<Vec<_>>>()?;
        let conditions = self
            .conditions
            .iter()
            .map(|c| {
                Ok((
                    LongText::parse("condition", &c.text)?,
                    ConditionState::parse(&c.state)?,
                    optional(c.source.as_deref(), |s| Slug::parse("condition_source", s))?,
                ))
            })
            .collect::<DomainResult<Vec<_>>>()?;
        let money = self
            .money
            .iter()
            .map(MoneyInput::parse)
            .collect::<DomainResult<Vec<_>>>()?;
        Pledge::new(PledgeParts {
            slug: Slug::parse("slug", &self.slug)?,
            title: Title::parse("title", &self.title)?,
            summary: LongText::parse("summary", &self.summary)?,
            quote,
            kind: PledgeKind::parse(&self.kind)?,
            themes,
            event: optional(self.event.as_deref(), |s| Slug::parse("event", s))?,
            announced_on: parse_date("announced_on", &self.announced_on)?,
            strength: Strength::parse(&self.strength)?,
            parent: optional(self.parent.as_deref(), |s| Slug::parse("parent", s))?,
            supersedes: optional(self.supersedes.as_deref(), |s| Slug::parse("supersedes", s))?,
            contested: self.contested,
            actors,
            deadline: self.deadline.clone().unwrap_or_default().parse()?,
            conditions,
            money,
            sources: slugs("sources", &self.sources)?,
        })
    }
}

impl From<&MoneyFigure> for MoneyInput {
    fn from(f: &MoneyFigure) -> Self {
        let major = |minor| crate::money::format_major_units(minor, f.money.currency);
        let (amount, min, max) = match f.money.amount {
            crate::money::Amount::Exact { minor } => (Some(major(minor)), None, None),
            crate::money::Amount::Range { min, max } => (None, Some(major(min)), Some(major(max))),
        };
        Self {
            stage: f.stage.code().to_owned(),
            kind: (!f.counts()).then(|| f.kind.code().to_owned()),
            amount,
            min,
            max,
            currency: f.money.currency.code().to_owned(),
            value_date: f.value_date.to_string(),
            basis: f.basis.code().to_owned(),
            source: f.source.to_string(),
            note: f.note.as_ref().map(ToString::to_string),
        }
    }
}

impl From<&Pledge> for PledgeInput {
    /// The pledge as announced, in the form every input path reads, so an export can be
    /// imported again unchanged.
    fn from(p: &Pledge) -> Self {
        let deadline = match p.deadline() {
            Deadline::None => None,
            Deadline::Date { date, precision } => Some(DeadlineInput {
                date: Some(date.to_string()),
                precision: Some(precision.code().to_owned()),
                ..DeadlineInput::default()
            }),
            Deadline::Relative { event, text } => Some(DeadlineInput {
                event: Some(event.to_string()),
                text: Some(text.to_string()),
                ..DeadlineInput::default()
            }),
        };
        Self {
            slug: p.slug().to_string(),
            title: p.title().to_string(),
            summary: p.summary().to_string(),
            kind: p.kind().code().to_owned(),
            themes: p.themes().iter().map(|t| t.code().to_owned()).collect(),
            event: p.event().map(ToString::to_string),
            announced_on: p.announced_on().to_string(),
            strength: p.strength().code().to_owned(),
            parent: p.parent().map(ToString::to_string),
            supersedes: p.supersedes().map(ToString::to_string),
            contested: p.contested(),
            sources: p.sources().iter().map(ToString::to_string).collect(),
            quote: p.quote().map(|q| QuoteInput {
                text: q.text.to_string(),
                language: q.language.clone(),
                source: q.source.to_string(),
            }),
            actors: p
                .actors()
                .iter()
                .map(|a| PledgeActorInput {
                    actor: a.actor.to_string(),
                    role: a.role.code().to_owned(),
                })
                .collect(),
            deadline,
            conditions: p
                .conditions()
                .iter()
                .map(|c| ConditionInput {
                    text: c.text.to_string(),
                    state: c.state.code().to_owned(),
                    source: c.source.as_ref().map(ToString::to_string),
                })
                .collect(),
            money: p.money().iter().map(MoneyInput::from).collect(),
        }
    }
}
