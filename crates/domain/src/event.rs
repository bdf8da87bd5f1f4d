//! Events: summits and announcement venues, whose dates anchor relative deadlines.

use crate::actor::CountryCode;
use crate::error::{DomainError, DomainResult, Reason, key};
use crate::pledge::DatePrecision;
use crate::text::{Slug, Title};
use crate::vocabulary;
use chrono::{Datelike, NaiveDate};
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
    /// How exactly `starts_on` is known: a summit announced for "2027" is a year, stored
    /// as its first day and never shown as that day.
    #[serde(default = "day")]
    pub precision: DatePrecision,
}

fn day() -> DatePrecision {
    DatePrecision::Day
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
                    reason: Reason::new(
                        key("reason-end-needs-start"),
                        "an end date needs a start date",
                    ),
                });
            }
            (Some(s), Some(e)) if e < s => {
                return Err(DomainError::Invalid {
                    field: "ends_on",
                    reason: Reason::new(
                        key("reason-end-before-start"),
                        format!("{e} is before the start {s}"),
                    )
                    .arg("end", e)
                    .arg("start", s),
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
            precision: DatePrecision::Day,
        })
    }

    /// The same event with its start known only to `precision` (a month, a quarter, a
    /// year). Such a start has no end date: only a day-precise event spans days.
    pub fn with_precision(self, precision: DatePrecision) -> DomainResult<Self> {
        if precision != DatePrecision::Day && self.ends_on.is_some() {
            return Err(DomainError::Invalid {
                field: "precision",
                reason: Reason::new(
                    key("reason-vague-event-end"),
                    "an event known only to a month, quarter or year has no end date",
                ),
            });
        }
        Ok(Self { precision, ..self })
    }

    /// The last day a deadline "by this event" can be met: its start, or the end of the
    /// period it is known to (a summit "in 2027" falls due on 31 December 2027).
    pub fn due_by(&self) -> Option<NaiveDate> {
        self.starts_on
            .map(|d| crate::pledge::end_of_period(d, self.precision))
    }

    /// Its start as far as it is known: "2026-02-16", "2027-03", "2027 Q2", "2027".
    pub fn when(&self) -> Option<String> {
        self.starts_on.map(|d| match self.precision {
            DatePrecision::Day => d.to_string(),
            DatePrecision::Month => d.format("%Y-%m").to_string(),
            DatePrecision::Quarter => format!("{} Q{}", d.format("%Y"), d.month().div_ceil(3)),
            DatePrecision::Year => d.format("%Y").to_string(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn summit(starts_on: &str) -> Event {
        let day = NaiveDate::parse_from_str(starts_on, "%Y-%m-%d").unwrap();
        Event::new(
            Slug::parse("slug", "geneva-2027").unwrap(),
            Title::parse("name", "AI Summit 2027").unwrap(),
            EventKind::Summit,
            None,
            None,
            Some(day),
            None,
        )
        .unwrap()
    }

    #[test]
    fn a_summit_known_to_the_year_falls_due_at_its_end_and_reads_as_the_year() {
        let e = summit("2027-01-01")
            .with_precision(DatePrecision::Year)
            .unwrap();
        assert_eq!(e.due_by(), NaiveDate::from_ymd_opt(2027, 12, 31));
        assert_eq!(e.when().as_deref(), Some("2027"));
        let q = summit("2027-04-01")
            .with_precision(DatePrecision::Quarter)
            .unwrap();
        assert_eq!(q.due_by(), NaiveDate::from_ymd_opt(2027, 6, 30));
        assert_eq!(q.when().as_deref(), Some("2027 Q2"));
        let d = summit("2026-02-16");
        assert_eq!(d.due_by(), NaiveDate::from_ymd_opt(2026, 2, 16));
        assert_eq!(d.when().as_deref(), Some("2026-02-16"));
    }

    #[test]
    fn a_start_known_only_to_a_period_has_no_end_day() {
        let mut e = summit("2027-01-01");
        e.ends_on = NaiveDate::from_ymd_opt(2027, 1, 2);
        let err = e
            .with_precision(DatePrecision::Year)
            .unwrap_err()
            .to_string();
        assert!(err.contains("precision"), "{err}");
    }
}
