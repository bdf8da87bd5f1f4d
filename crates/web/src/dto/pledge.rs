//! Pledges in the API: the list item (also a list page's items) and the full document
//! with quote, sources, children and follow-ups.

use super::follow_up::FollowUpJson;
use super::money::{MoneyJson, money_json};
use domain::Deadline;
use domain::catalog::{Derived, PledgeSummary};
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct ActorRoleJson {
    pub actor: String,
    pub role: &'static str,
}

#[derive(Serialize, ToSchema)]
pub struct DeadlineJson {
    /// `none`, `date` or `relative`.
    pub kind: &'static str,
    #[schema(format = Date)]
    pub date: Option<String>,
    pub precision: Option<&'static str>,
    pub event: Option<String>,
    pub text: Option<String>,
    /// The last day that counts as on time, once known.
    #[schema(format = Date)]
    pub due: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct FlagsJson {
    pub contested: bool,
    pub stale: bool,
    pub condition_pending: bool,
}

#[derive(Serialize, ToSchema)]
pub struct ConditionStateJson {
    pub number: u16,
    pub state: &'static str,
}

#[derive(Serialize, ToSchema)]
pub struct PledgeJson {
    pub slug: String,
    pub title: String,
    pub summary: String,
    pub kind: &'static str,
    pub themes: Vec<&'static str>,
    pub actors: Vec<ActorRoleJson>,
    pub event: Option<String>,
    #[schema(format = Date)]
    pub announced_on: String,
    pub parent: Option<String>,
    pub deadline: DeadlineJson,
    pub delivery: &'static str,
    pub strength: &'static str,
    pub schedule: &'static str,
    pub progress: Option<u8>,
    pub flags: FlagsJson,
    /// At least one checked source that is not a secondary report.
    pub verified: bool,
    /// The lowest announced amount any source states (fundraising aims left out),
    /// converted to EUR minor units at the ECB rate of its value date; lists sort by it.
    pub announced_eur_minor: Option<i64>,
    /// The highest announced amount any source states, converted likewise; equal to the
    /// lowest when the sources agree on one amount.
    pub announced_eur_max_minor: Option<i64>,
    pub money: Vec<MoneyJson>,
    pub conditions: Vec<ConditionStateJson>,
    pub follow_up_count: usize,
    #[schema(format = Date)]
    pub last_follow_up_on: Option<String>,
    pub url: String,
}

pub fn pledge_json(p: &PledgeSummary, d: &Derived) -> PledgeJson {
    let deadline = match &p.deadline {
        Deadline::None => DeadlineJson {
            kind: "none",
            date: None,
            precision: None,
            event: None,
            text: None,
            due: None,
        },
        Deadline::Date { date, precision } => DeadlineJson {
            kind: "date",
            date: Some(date.to_string()),
            precision: Some(precision.code()),
            event: None,
            text: None,
            due: d.due.map(|x| x.to_string()),
        },
        Deadline::Relative { event, text } => DeadlineJson {
            kind: "relative",
            date: None,
            precision: None,
            event: Some(event.to_string()),
            text: Some(text.to_string()),
            due: d.due.map(|x| x.to_string()),
        },
    };
    PledgeJson {
        slug: p.slug.to_string(),
        title: p.title.to_string(),
        summary: p.summary.clone(),
        kind: p.kind.code(),
        themes: p.themes.iter().map(|t| t.code()).collect(),
        actors: p
            .actors
            .iter()
            .map(|(a, r)| ActorRoleJson {
                actor: a.to_string(),
                role: r.code(),
            })
            .collect(),
        event: p.event.as_ref().map(ToString::to_string),
        announced_on: p.announced_on.to_string(),
        parent: p.parent.as_ref().map(ToString::to_string),
        deadline,
        delivery: p.state.delivery.code(),
        strength: p.state.strength.code(),
        schedule: d.schedule.code(),
        progress: p.state.effective_progress().map(|x| x.percent()),
        flags: FlagsJson {
            contested: d.flags.contested,
            stale: d.flags.stale,
            condition_pending: d.flags.condition_pending,
        },
        verified: p.verified,
        announced_eur_minor: d.announced_minor,
        announced_eur_max_minor: d.announced_max_minor,
        money: p.state.money.iter().map(money_json).collect(),
        conditions: p
            .state
            .conditions
            .iter()
            .map(|(n, s)| ConditionStateJson {
                number: *n,
                state: s.code(),
            })
            .collect(),
        follow_up_count: p.state.follow_ups,
        last_follow_up_on: p.state.last_follow_up_on.map(|x| x.to_string()),
        url: format!("/pledges/{}", p.slug),
    }
}

#[derive(Serialize, ToSchema)]
pub struct LinksJson {
    pub next: Option<String>,
    pub prev: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct PledgePageJson {
    pub items: Vec<PledgeJson>,
    pub page: usize,
    pub per_page: usize,
    pub total: usize,
    pub pages: usize,
    pub links: LinksJson,
}

#[derive(Serialize, ToSchema)]
pub struct SourceJson {
    pub slug: String,
    pub title: String,
    pub url: String,
    pub publisher: String,
    #[schema(format = Date)]
    pub published_on: Option<String>,
    pub tier: &'static str,
    pub verification: &'static str,
}

#[derive(Serialize, ToSchema)]
pub struct QuoteJson {
    pub text: String,
    pub language: String,
    pub source: String,
}

#[derive(Serialize, ToSchema)]
pub struct PledgeDetailJson {
    #[serde(flatten)]
    pub pledge: PledgeJson,
    pub quote: Option<QuoteJson>,
    pub supersedes: Option<String>,
    pub children: Vec<String>,
    pub sources: Vec<SourceJson>,
    pub follow_ups: Vec<FollowUpJson>,
}

/// The full document of one pledge, from its list item and what is read beside it.
pub fn pledge_detail_json(
    pledge: PledgeJson,
    p: &domain::Pledge,
    children: Vec<String>,
    sources: &[domain::Source],
    follow_ups: Vec<FollowUpJson>,
) -> PledgeDetailJson {
    PledgeDetailJson {
        pledge,
        quote: p.quote().map(|q| QuoteJson {
            text: q.text.to_string(),
            language: q.language.clone(),
            source: q.source.to_string(),
        }),
        supersedes: p.supersedes().map(ToString::to_string),
        children,
        sources: sources
            .iter()
            .filter(|s| p.sources().contains(&s.slug))
            .map(|s| SourceJson {
                slug: s.slug.to_string(),
                title: s.title.to_string(),
                url: s.url.as_str().to_owned(),
                publisher: s.publisher.to_string(),
                published_on: s.published_on.map(|d| d.to_string()),
                tier: s.tier.code(),
                verification: s.verification.code(),
            })
            .collect(),
        follow_ups,
    }
}
