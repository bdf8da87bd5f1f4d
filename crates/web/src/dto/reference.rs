//! Actors and events in the API, each with the number of pledges naming it.

use serde::Serialize;
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct ActorJson {
    pub slug: String,
    pub name: String,
    pub kind: &'static str,
    pub country: Option<String>,
    pub members: Vec<String>,
    pub pledges: usize,
    pub url: String,
}

#[derive(Serialize, ToSchema)]
pub struct EventJson {
    pub slug: String,
    pub name: String,
    pub kind: &'static str,
    pub location: Option<String>,
    pub country: Option<String>,
    /// The start day; absent when the start is known only to a month, quarter or year.
    #[schema(format = Date)]
    pub starts_on: Option<String>,
    #[schema(format = Date)]
    pub ends_on: Option<String>,
    /// The start as far as it is known: "2026-02-16", "2027-03", "2027 Q2", "2027".
    pub when: Option<String>,
    /// How exactly the start is known: day, month, quarter or year.
    pub date_precision: &'static str,
    pub pledges: usize,
    pub url: String,
}

pub fn actor_json(a: &domain::Actor, pledges: usize) -> ActorJson {
    ActorJson {
        slug: a.slug.to_string(),
        name: a.name.to_string(),
        kind: a.kind.code(),
        country: a.country.as_ref().map(|c| c.as_str().to_owned()),
        members: a.members.iter().map(ToString::to_string).collect(),
        pledges,
        url: format!("/actors/{}", a.slug),
    }
}

pub fn event_json(e: &domain::Event, pledges: usize) -> EventJson {
    EventJson {
        slug: e.slug.to_string(),
        name: e.name.to_string(),
        kind: e.kind.code(),
        location: e.location.as_ref().map(ToString::to_string),
        country: e.country.as_ref().map(|c| c.as_str().to_owned()),
        starts_on: e
            .starts_on
            .filter(|_| e.precision == domain::DatePrecision::Day)
            .map(|d| d.to_string()),
        ends_on: e.ends_on.map(|d| d.to_string()),
        when: e.when(),
        date_precision: e.precision.code(),
        pledges,
        url: format!("/events/{}", e.slug),
    }
}
