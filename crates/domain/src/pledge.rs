//! Pledges: what was promised, by whom, when, with which deadline, conditions, money and
//! sources. A `Pledge` can only be built through [`Pledge::new`], which checks the rules
//! that span fields.

use crate::actor::ActorRole;
use crate::error::{DomainError, DomainResult, Reason, key};
use crate::money::MoneyFigure;
use crate::status::{ConditionState, Strength};
use crate::text::{LongText, Slug, Title};
use crate::vocabulary;
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

vocabulary!(
    PledgeKind, "kind" {
        Investment => "investment", "Investment";
        Fund => "fund", "Fund";
        NewBody => "new_body", "New body";
        Policy => "policy", "Policy or regulation";
        SafetyCommitment => "safety_commitment", "Safety commitment";
        Programme => "programme", "Programme";
    }
);

vocabulary!(
    Theme, "themes" {
        PublicInterestAi => "public_interest_ai", "Public-interest AI";
        JobsAndSkills => "jobs_and_skills", "Jobs and skills";
        Investment => "investment", "Investment";
        EthicsAndSafety => "ethics_and_safety", "Ethics and safety";
        Regulation => "regulation", "Regulation";
        Sustainability => "sustainability", "Sustainability";
    }
);

vocabulary!(
    /// How exactly a deadline's date is known: "by 2030" is a year.
    DatePrecision, "precision" {
        Day => "day", "Day";
        Month => "month", "Month";
        Quarter => "quarter", "Quarter";
        Year => "year", "Year";
    }
);

/// The words as spoken or written, in their language, with where they were said.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quote {
    pub text: LongText,
    /// ISO 639-1, lowercase.
    pub language: String,
    pub source: Slug,
}

impl Quote {
    pub fn new(text: LongText, language: &str, source: Slug) -> DomainResult<Self> {
        let language = language.trim().to_ascii_lowercase();
        if language.len() != 2 || !language.bytes().all(|b| b.is_ascii_lowercase()) {
            return Err(DomainError::Invalid {
                field: "quote_language",
                reason: Reason::new(
                    key("reason-language"),
                    "must be a two-letter ISO 639-1 code such as en or fr",
                ),
            });
        }
        Ok(Self {
            text,
            language,
            source,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PledgeActor {
    pub actor: Slug,
    pub role: ActorRole,
}

/// A condition the pledge hangs on, numbered from 1 within its pledge so follow-ups can
/// refer to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Condition {
    pub number: u16,
    pub text: LongText,
    pub state: ConditionState,
    pub source: Option<Slug>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Deadline {
    None,
    /// A calendar date known to a precision; it falls due at the end of that period.
    Date {
        date: NaiveDate,
        precision: DatePrecision,
    },
    /// "By the next summit": resolves once the event has a date.
    Relative {
        event: Slug,
        text: Title,
    },
}

impl Deadline {
    /// The last day that still counts as on time, for a calendar deadline.
    pub fn due_date(&self) -> Option<NaiveDate> {
        match self {
            Self::Date { date, precision } => Some(end_of_period(*date, *precision)),
            _ => None,
        }
    }

    /// The due date, resolving a relative deadline through the event's start date.
    pub fn resolve(&self, event_date: impl Fn(&Slug) -> Option<NaiveDate>) -> Option<NaiveDate> {
        match self {
            Self::None => None,
            Self::Date { .. } => self.due_date(),
            Self::Relative { event, .. } => event_date(event),
        }
    }
}

pub(crate) fn end_of_period(date: NaiveDate, precision: DatePrecision) -> NaiveDate {
    let last_of_month = |year: i32, month: u32| {
        let (y, m) = if month == 12 {
            (year + 1, 1)
        } else {
            (year, month + 1)
        };
        NaiveDate::from_ymd_opt(y, m, 1)
            .and_then(|d| d.pred_opt())
            .unwrap_or(date)
    };
    match precision {
        DatePrecision::Day => date,
        DatePrecision::Month => last_of_month(date.year(), date.month()),
        DatePrecision::Quarter => last_of_month(date.year(), date.month().div_ceil(3) * 3),
        DatePrecision::Year => last_of_month(date.year(), 12),
    }
}

/// The typed parts of a pledge, before the rules that span fields are checked.
#[derive(Debug, Clone)]
pub struct PledgeParts {
    pub slug: Slug,
    pub title: Title,
    pub summary: LongText,
    pub quote: Option<Quote>,
    pub kind: PledgeKind,
    pub themes: Vec<Theme>,
    pub event: Option<Slug>,
    pub announced_on: NaiveDate,
    pub strength: Strength,
    pub parent: Option<Slug>,
    pub supersedes: Option<Slug>,
    pub contested: bool,
    pub actors: Vec<PledgeActor>,
    pub deadline: Deadline,
    pub conditions: Vec<(LongText, ConditionState, Option<Slug>)>,
    pub money: Vec<MoneyFigure>,
    pub sources: Vec<Slug>,
}

/// A pledge as announced. Its current state is derived from its follow-ups
/// (see [`crate::follow_up::PledgeState`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pledge {
    slug: Slug,
    title: Title,
    summary: LongText,
    quote: Option<Quote>,
    kind: PledgeKind,
    themes: Vec<Theme>,
    event: Option<Slug>,
    announced_on: NaiveDate,
    strength: Strength,
    parent: Option<Slug>,
    supersedes: Option<Slug>,
    contested: bool,
    actors: Vec<PledgeActor>,
    deadline: Deadline,
    conditions: Vec<Condition>,
    money: Vec<MoneyFigure>,
    sources: Vec<Slug>,
}

impl Pledge {
    pub fn new(p: PledgeParts) -> DomainResult<Self> {
        if p.parent.as_ref() == Some(&p.slug) {
            return Err(DomainError::ParentCycle {
                child: p.slug.to_string(),
                parent: p.slug.to_string(),
            });
        }
        if p.supersedes.as_ref() == Some(&p.slug) {
            return Err(DomainError::Invalid {
                field: "supersedes",
                reason: Reason::new(
                    key("reason-supersede-itself"),
                    "a pledge cannot supersede itself",
                ),
            });
        }
        if let Some(due) = p.deadline.due_date()
            && due < p.announced_on
        {
            return Err(DomainError::DeadlineBeforeAnnouncement {
                deadline: due,
                announced: p.announced_on,
            });
        }
        if p.sources.is_empty() {
            return Err(DomainError::Empty { field: "sources" });
        }
        let mut themes = p.themes;
        themes.sort();
        themes.dedup();
        let mut sources = p.sources;
        sources.dedup();
        let mut actors: Vec<PledgeActor> = Vec::with_capacity(p.actors.len());
        for a in p.actors {
            if !actors.contains(&a) {
                actors.push(a);
            }
        }
        if p.conditions.len() > usize::from(u16::MAX) {
            return Err(DomainError::TooLong {
                field: "conditions",
                len: p.conditions.len(),
                max: usize::from(u16::MAX),
            });
        }
        let conditions = p
            .conditions
            .into_iter()
            .enumerate()
            .map(|(i, (text, state, source))| Condition {
                number: i as u16 + 1,
                text,
                state,
                source,
            })
            .collect();
        Ok(Self {
            slug: p.slug,
            title: p.title,
            summary: p.summary,
            quote: p.quote,
            kind: p.kind,
            themes,
            event: p.event,
            announced_on: p.announced_on,
            strength: p.strength,
            parent: p.parent,
            supersedes: p.supersedes,
            contested: p.contested,
            actors,
            deadline: p.deadline,
            conditions,
            money: p.money,
            sources,
        })
    }

    pub fn slug(&self) -> &Slug {
        &self.slug
    }
    pub fn title(&self) -> &Title {
        &self.title
    }
    pub fn summary(&self) -> &LongText {
        &self.summary
    }
    pub fn quote(&self) -> Option<&Quote> {
        self.quote.as_ref()
    }
    pub fn kind(&self) -> PledgeKind {
        self.kind
    }
    pub fn themes(&self) -> &[Theme] {
        &self.themes
    }
    pub fn event(&self) -> Option<&Slug> {
        self.event.as_ref()
    }
    pub fn announced_on(&self) -> NaiveDate {
        self.announced_on
    }
    /// The strength at announcement; follow-ups may change it.
    pub fn strength(&self) -> Strength {
        self.strength
    }
    pub fn parent(&self) -> Option<&Slug> {
        self.parent.as_ref()
    }
    pub fn supersedes(&self) -> Option<&Slug> {
        self.supersedes.as_ref()
    }
    pub fn contested(&self) -> bool {
        self.contested
    }
    pub fn actors(&self) -> &[PledgeActor] {
        &self.actors
    }
    pub fn deadline(&self) -> &Deadline {
        &self.deadline
    }
    /// The conditions as announced; follow-ups may change their states.
    pub fn conditions(&self) -> &[Condition] {
        &self.conditions
    }
    /// The figures known at announcement; follow-ups may add more.
    pub fn money(&self) -> &[MoneyFigure] {
        &self.money
    }
    pub fn sources(&self) -> &[Slug] {
        &self.sources
    }
}
