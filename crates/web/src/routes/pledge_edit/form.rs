//! The pledge form: its fields as text (lists one per line or separated, so the form needs
//! no JavaScript), to and from the domain's input, with every refused field named.

use crate::error::{FieldErrors, Message};
use domain::Pledge;
use domain::input::{
    ConditionInput, DeadlineInput, MoneyInput, PledgeActorInput, PledgeInput, QuoteInput,
};
use persistence::Kind;
use persistence::contributions::StoredContribution;
use serde::{Deserialize, Serialize};

/// The pledge form: the input fields of a pledge, lists as text.
#[derive(Debug, Default, Clone, Deserialize, Serialize, utoipa::ToSchema)]
pub struct PledgeForm {
    pub(super) csrf: Option<String>,
    #[serde(default)]
    pub(super) slug: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    summary: String,
    #[serde(default)]
    kind: String,
    /// Theme codes separated by commas or spaces.
    #[serde(default)]
    themes: String,
    #[serde(default)]
    event: String,
    #[serde(default)]
    announced_on: String,
    #[serde(default)]
    strength: String,
    #[serde(default)]
    parent: String,
    #[serde(default)]
    supersedes: String,
    #[serde(default)]
    contested: Option<String>,
    /// Source slugs separated by semicolons.
    #[serde(default)]
    sources: String,
    /// `actor:role` pairs separated by semicolons.
    #[serde(default)]
    actors: String,
    #[serde(default)]
    deadline_date: String,
    #[serde(default)]
    deadline_precision: String,
    #[serde(default)]
    deadline_event: String,
    #[serde(default)]
    deadline_text: String,
    #[serde(default)]
    quote_text: String,
    #[serde(default)]
    quote_language: String,
    #[serde(default)]
    quote_source: String,
    /// One condition a line: `state | text | source`.
    #[serde(default)]
    conditions: String,
    /// One figure a line: `stage | amount or min-max | currency | value date | source | note`.
    #[serde(default)]
    money: String,
    /// The pending contribution this form accepts when saved (a missing pledge or a
    /// correction); empty for none.
    #[serde(default)]
    pub(super) contribution: String,
}

fn opt(s: &str) -> Option<String> {
    Some(s.trim().to_owned()).filter(|s| !s.is_empty())
}

fn split(s: &str, seps: &[char]) -> Vec<String> {
    s.split(seps)
        .map(str::trim)
        .filter(|x| !x.is_empty())
        .map(str::to_owned)
        .collect()
}

impl PledgeForm {
    /// A new pledge's form: an investment, announced today.
    pub(super) fn blank(today: chrono::NaiveDate) -> Self {
        Self {
            kind: "investment".into(),
            strength: "announced".into(),
            announced_on: today.to_string(),
            ..Self::default()
        }
    }

    /// A new pledge's form prefilled from a reader's missing-pledge contribution: its
    /// proposed title, and its note as a summary for the editor to rewrite.
    pub(super) fn from_contribution(today: chrono::NaiveDate, s: &StoredContribution) -> Self {
        let c = &s.contribution;
        Self {
            title: c
                .title
                .as_ref()
                .map(ToString::to_string)
                .unwrap_or_default(),
            summary: c.note.to_string(),
            contribution: s.id.to_string(),
            ..Self::blank(today)
        }
    }

    pub(super) fn from_input(i: &PledgeInput) -> Self {
        let d = i.deadline.clone().unwrap_or_default();
        Self {
            csrf: None,
            slug: i.slug.clone(),
            title: i.title.clone(),
            summary: i.summary.clone(),
            kind: i.kind.clone(),
            themes: i.themes.join(", "),
            event: i.event.clone().unwrap_or_default(),
            announced_on: i.announced_on.clone(),
            strength: i.strength.clone(),
            parent: i.parent.clone().unwrap_or_default(),
            supersedes: i.supersedes.clone().unwrap_or_default(),
            contested: i.contested.then(|| "on".to_owned()),
            sources: i.sources.join("; "),
            actors: i
                .actors
                .iter()
                .map(|a| format!("{}:{}", a.actor, a.role))
                .collect::<Vec<_>>()
                .join("; "),
            deadline_date: d.date.unwrap_or_default(),
            deadline_precision: d.precision.unwrap_or_default(),
            deadline_event: d.event.unwrap_or_default(),
            deadline_text: d.text.unwrap_or_default(),
            quote_text: i.quote.as_ref().map(|q| q.text.clone()).unwrap_or_default(),
            quote_language: i
                .quote
                .as_ref()
                .map(|q| q.language.clone())
                .unwrap_or_default(),
            quote_source: i
                .quote
                .as_ref()
                .map(|q| q.source.clone())
                .unwrap_or_default(),
            conditions: i
                .conditions
                .iter()
                .map(|c| {
                    format!(
                        "{} | {} | {}",
                        c.state,
                        c.text,
                        c.source.clone().unwrap_or_default()
                    )
                })
                .collect::<Vec<_>>()
                .join("\n"),
            money: i
                .money
                .iter()
                .map(|m| {
                    let amount = m.amount.clone().unwrap_or_else(|| {
                        format!(
                            "{}-{}",
                            m.min.clone().unwrap_or_default(),
                            m.max.clone().unwrap_or_default()
                        )
                    });
                    // A fundraising aim is written as the stage "aim" on the form.
                    let stage = match m.kind.as_deref() {
                        Some("aim") => "aim",
                        _ => m.stage.as_str(),
                    };
                    format!(
                        "{} | {} | {} | {} | {} | {}",
                        stage,
                        amount,
                        m.currency,
                        m.value_date,
                        m.source,
                        m.note.clone().unwrap_or_default()
                    )
                })
                .collect::<Vec<_>>()
                .join("\n"),
            contribution: String::new(),
        }
    }

    fn to_input(&self) -> Result<PledgeInput, FieldErrors> {
        let actors = split(&self.actors, &[';', '\n'])
            .into_iter()
            .map(|pair| {
                pair.split_once(':')
                    .map(|(a, r)| PledgeActorInput {
                        actor: a.trim().to_owned(),
                        role: r.trim().to_owned(),
                    })
                    .ok_or_else(|| {
                        FieldErrors::one("actors", quoting(i18n::key("form-actor-pair"), &pair))
                    })
            })
            .collect::<Result<Vec<_>, _>>()?;
        let conditions = self
            .conditions
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| {
                let parts: Vec<&str> = l.split('|').map(str::trim).collect();
                match parts.as_slice() {
                    // The source is optional: `state | text` or `state | text | source`.
                    [state, text, source @ ..] if source.len() <= 1 => Ok(ConditionInput {
                        state: (*state).into(),
                        text: (*text).into(),
                        source: source.first().and_then(|s| opt(s)),
                    }),
                    _ => Err(FieldErrors::one(
                        "conditions",
                        quoting(i18n::key("form-condition-line"), l),
                    )),
                }
            })
            .collect::<Result<Vec<_>, _>>()?;
        let money = self
            .money
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| {
                let parts: Vec<&str> = l.split('|').map(str::trim).collect();
                if parts.len() < 5 || parts.len() > 6 {
                    return Err(FieldErrors::one(
                        "money",
                        quoting(i18n::key("form-money-line"), l),
                    ));
                }
                let (amount, min, max) = match parts[1].split_once('-') {
                    Some((lo, hi)) if !lo.is_empty() => {
                        (None, Some(lo.trim().to_owned()), Some(hi.trim().to_owned()))
                    }
                    _ => (Some(parts[1].to_owned()), None, None),
                };
                let (stage, kind) = match parts[0] {
                    "aim" => ("announced", Some("aim".to_owned())),
                    other => (other, None),
                };
                Ok(MoneyInput {
                    stage: stage.into(),
                    kind,
                    amount,
                    min,
                    max,
                    currency: parts[2].into(),
                    value_date: parts[3].into(),
                    basis: "stated".into(),
                    source: parts[4].into(),
                    note: parts.get(5).and_then(|n| opt(n)),
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        let deadline = DeadlineInput {
            date: opt(&self.deadline_date),
            precision: opt(&self.deadline_precision),
            event: opt(&self.deadline_event),
            text: opt(&self.deadline_text),
        };
        let has_deadline = deadline.date.is_some() || deadline.event.is_some();
        Ok(PledgeInput {
            slug: self.slug.trim().to_owned(),
            title: self.title.clone(),
            summary: self.summary.clone(),
            kind: self.kind.clone(),
            themes: split(&self.themes, &[',', ' ', ';']),
            event: opt(&self.event),
            announced_on: self.announced_on.clone(),
            strength: self.strength.clone(),
            parent: opt(&self.parent),
            supersedes: opt(&self.supersedes),
            contested: self.contested.is_some(),
            sources: split(&self.sources, &[';', ',', '\n']),
            quote: opt(&self.quote_text).map(|text| QuoteInput {
                text,
                language: self.quote_language.trim().to_owned(),
                source: self.quote_source.trim().to_owned(),
            }),
            actors,
            deadline: has_deadline.then_some(deadline),
            conditions,
            money,
        })
    }

    pub(super) fn parse(&self) -> Result<Pledge, FieldErrors> {
        let input = self.to_input()?;
        input.parse().map_err(|e| FieldErrors::domain(&e))
    }
}

/// The field of this form that names a record of `kind` (and `slug`), for what the store
/// refused: a pledge is the parent unless it is the one this pledge supersedes.
pub(super) fn field_naming(form: &PledgeForm) -> impl Fn(Kind, &str) -> &'static str + '_ {
    move |kind, slug| match kind {
        Kind::Source => "sources",
        Kind::Actor => "actors",
        Kind::Event if form.deadline_event.trim() == slug && form.event.trim() != slug => {
            "deadline_event"
        }
        Kind::Event => "event",
        Kind::Pledge if form.supersedes.trim() == slug => "supersedes",
        Kind::Pledge | Kind::Row => "parent",
    }
}

/// A line of the form the message `id` quotes: `quoted` as Rust writes it (English has
/// always shown it so), `bare` for French quotation marks.
fn quoting(id: &'static str, line: &str) -> Message {
    Message::id(id)
        .with("quoted", format!("{line:?}"))
        .with("bare", line)
}
