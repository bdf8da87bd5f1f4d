//! Events: summits and announcement venues, whose dates anchor relative deadlines.

use crate::actor::CountryCode;
use crate::error::{DomainError, DomainResult};
use crate::text::{Slug, Title};
use crate::vocabulary;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

vocabulary!(
    EventKind, "kind" {
        Summit => "summit", "Summit";
        Announcement => "announcement", "Announcement";
        Conference => "conference", "Conference";
    }
);

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    pub slug: Slug,
    pub name: Title,
    pub kind: EventKind,
    pub location: Option<Title>,
    pub country: Option<CountryCode>,
    /// Unknown until the event is scheduled; a deadline relative to it is unresolved till then.
    pub starts_on: Option<NaiveDate>,
    pub ends_on: Option<NaiveDate>,
}

impl Event {
    pub fn new(
        slug: Slug,
        name: Title,
        kind: EventKind,
        location: Option<Title>,
        country: Option<CountryCode>,
        starts_on: Option<NaiveDate>,
        ends_on: Option<NaiveDate>,
    ) -> DomainResult<Self> {
        match (starts_on, ends_on) {
            (None, Some(_)) => {
                return Err(DomainError::Invalid {
                    field: "ends_on",
                    reason: "an end date needs a start date".into(),
                });
            }
            (Some(s), Some(e)) if e < s => {
                return Err(DomainError::Invalid {
                    field: "ends_on",
                    reason: format!("{e} is before the start {s}"),
                });
            }
            _ => {}
        }
        Ok(Self {
            slug,
            name,
            kind,
            location,
            country,
            starts_on,
            ends_on,
        })
    }
}
