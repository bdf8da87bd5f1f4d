//! The read model behind lists, dashboards, feeds and exports: every pledge in summary with
//! its state and the derived axes for a given day, filtered, sorted and paginated in memory.

use crate::actor::{Actor, ActorRole};
use crate::event::Event;
use crate::follow_up::PledgeState;
use crate::money::{Currency, Stage};
use crate::pledge::{Deadline, PledgeKind, Theme};
use crate::rates::RateTable;
use crate::schedule::DUE_SOON_DAYS;
use crate::status::{DeliveryStatus, Flags, ScheduleStatus, Strength};
use crate::text::{Slug, Title};
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::HashMap;

/// One pledge as lists need it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PledgeSummary {
    pub slug: Slug,
    pub title: Title,
    pub summary: String,
    pub kind: PledgeKind,
    pub themes: Vec<Theme>,
    pub actors: Vec<(Slug, ActorRole)>,
    pub event: Option<Slug>,
    pub announced_on: NaiveDate,
    pub parent: Option<Slug>,
    pub deadline: Deadline,
    pub state: PledgeState,
    /// At least one checked source that is not a secondary report.
    pub verified: bool,
    pub updated_at: chrono::DateTime<chrono::Utc>,
}

/// The computed axes of one pledge on the catalog's day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Derived {
    pub schedule: ScheduleStatus,
    pub flags: Flags,
    pub due: Option<NaiveDate>,
    /// The announced amount in the catalog currency (midpoint of the range across its
    /// sources), used to sort and weigh; None without a convertible announced figure.
    pub announced_minor: Option<i64>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    pub delivery: Vec<DeliveryStatus>,
    pub strength: Vec<Strength>,
    pub schedule: Vec<ScheduleStatus>,
    pub theme: Vec<Theme>,
    pub actor: Vec<Slug>,
    pub event: Vec<Slug>,
    pub kind: Vec<PledgeKind>,
    /// Words that must all appear in the title, summary or slug (case-insensitive).
    pub text: Option<String>,
}

impl Filter {
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

crate::vocabulary!(
    Sort, "sort" {
        Title => "title", "Title";
        Newest => "newest", "Newest announcement first";
        Deadline => "deadline", "Soonest deadline first";
        Updated => "updated", "Latest follow-up first";
        Money => "money", "Largest announced amount first";
    }
);

pub const DEFAULT_PER_PAGE: usize = 25;
pub const MAX_PER_PAGE: usize = 100;

/// A page of results with what is needed to link to the others.
#[derive(Debug, Clone, Serialize)]
pub struct PageOf<T> {
    pub items: Vec<T>,
    pub page: usize,
    pub per_page: usize,
    pub total: usize,
    pub pages: usize,
}

pub struct Catalog {
    today: NaiveDate,
    currency: Currency,
    pledges: Vec<PledgeSummary>,
    derived: Vec<Derived>,
    haystacks: Vec<String>,
    index: HashMap<Slug, usize>,
    children: HashMap<Slug, Vec<usize>>,
    actors: Vec<Actor>,
    events: Vec<Event>,
}

impl Catalog {
    /// Builds the read model for `today`, converting announced money to `currency`.
    pub fn new(
        mut pledges: Vec<PledgeSummary>,
        mut actors: Vec<Actor>,
        mut events: Vec<Event>,
        rates: &RateTable,
        currency: Currency,
        today: NaiveDate,
    ) -> Self {
        pledges.sort_by(|a, b| a.slug.cmp(&b.slug));
        actors.sort_by(|a, b| a.slug.cmp(&b.slug));
        events.sort_by(|a, b| a.slug.cmp(&b.slug));
        let event_dates: HashMap<&Slug, Option<NaiveDate>> =
            events.iter().map(|e| (&e.slug, e.starts_on)).collect();
        let derived = pledges
            .iter()
            .map(|p| {
                derive(
                    p,
                    |s| event_dates.get(s).copied().flatten(),
                    rates,
                    currency,
                    today,
                )
            })
            .collect();
        let haystacks = pledges
            .iter()
            .map(|p| format!("{} {} {}", p.slug, p.title, p.summary).to_lowercase())
            .collect();
        let index = pledges
            .iter()
            .enumerate()
            .map(|(i, p)| (p.slug.clone(), i))
            .collect();
        let mut children: HashMap<Slug, Vec<usize>> = HashMap::new();
        for (i, p) in pledges.iter().enumerate() {
            if let Some(parent) = &p.parent {
                children.entry(parent.clone()).or_default().push(i);
            }
        }
        Self {
            today,
            currency,
            pledges,
            derived,
            haystacks,
            index,
            children,
            actors,
            events,
        }
    }

    pub fn today(&self) -> NaiveDate {
        self.today
    }
    pub fn currency(&self) -> Currency {
        self.currency
    }
    pub fn len(&self) -> usize {
        self.pledges.len()
    }
    pub fn is_empty(&self) -> bool {
        self.pledges.is_empty()
    }
    pub fn pledges(&self) -> impl Iterator<Item = (&PledgeSummary, &Derived)> {
        self.pledges.iter().zip(&self.derived)
    }
    /// The pledge at an index returned by [`Catalog::search`].
    pub fn at(&self, i: usize) -> (&PledgeSummary, &Derived) {
        (&self.pledges[i], &self.derived[i])
    }
    pub fn get(&self, slug: &Slug) -> Option<(&PledgeSummary, &Derived)> {
        self.index
            .get(slug)
            .map(|&i| (&self.pledges[i], &self.derived[i]))
    }
    pub fn children_of(&self, slug: &Slug) -> Vec<(&PledgeSummary, &Derived)> {
        self.children
            .get(slug)
            .map(|ix| {
                ix.iter()
                    .map(|&i| (&self.pledges[i], &self.derived[i]))
                    .collect()
            })
            .unwrap_or_default()
    }
    pub fn actors(&self) -> &[Actor] {
        &self.actors
    }
    pub fn actor(&self, slug: &Slug) -> Option<&Actor> {
        self.actors
            .binary_search_by(|a| a.slug.cmp(slug))
            .ok()
            .map(|i| &self.actors[i])
    }
    pub fn events(&self) -> &[Event] {
        &self.events
    }
    pub fn event(&self, slug: &Slug) -> Option<&Event> {
        self.events
            .binary_search_by(|e| e.slug.cmp(slug))
            .ok()
            .map(|i| &self.events[i])
    }

    fn matches(&self, i: usize, f: &Filter, words: &[String]) -> bool {
        let p = &self.pledges[i];
        let d = &self.derived[i];
        (f.delivery.is_empty() || f.delivery.contains(&p.state.delivery))
            && (f.strength.is_empty() || f.strength.contains(&p.state.strength))
            && (f.schedule.is_empty() || f.schedule.contains(&d.schedule))
            && (f.kind.is_empty() || f.kind.contains(&p.kind))
            && (f.theme.is_empty() || p.themes.iter().any(|t| f.theme.contains(t)))
            && (f.actor.is_empty() || p.actors.iter().any(|(a, _)| f.actor.contains(a)))
            && (f.event.is_empty() || p.event.as_ref().is_some_and(|e| f.event.contains(e)))
            && words.iter().all(|w| self.haystacks[i].contains(w.as_str()))
    }

    /// Indices of the pledges matching `filter`, in `sort` order.
    pub fn search(&self, filter: &Filter, sort: Sort) -> Vec<usize> {
        let words: Vec<String> = filter
            .text
            .as_deref()
            .unwrap_or("")
            .to_lowercase()
            .split_whitespace()
            .map(str::to_owned)
            .collect();
        let mut hits: Vec<usize> = (0..self.pledges.len())
            .filter(|&i| self.matches(i, filter, &words))
            .collect();
        let p = &self.pledges;
        let d = &self.derived;
        match sort {
            Sort::Title => hits.sort_by(|&a, &b| p[a].title.cmp(&p[b].title).then(a.cmp(&b))),
            Sort::Newest => {
                hits.sort_by(|&a, &b| p[b].announced_on.cmp(&p[a].announced_on).then(a.cmp(&b)))
            }
            Sort::Deadline => hits.sort_by(|&a, &b| {
                let key = |i: usize| (d[i].due.is_none(), d[i].due);
                key(a).cmp(&key(b)).then(a.cmp(&b))
            }),
            Sort::Updated => hits.sort_by(|&a, &b| {
                p[b].state
                    .last_follow_up_on
                    .cmp(&p[a].state.last_follow_up_on)
                    .then(a.cmp(&b))
            }),
            Sort::Money => hits.sort_by(|&a, &b| {
                d[b].announced_minor
                    .cmp(&d[a].announced_minor)
                    .then(a.cmp(&b))
            }),
        }
        hits
    }

    /// One page of a search; a page past the end is empty, not an error.
    pub fn page(
        &self,
        filter: &Filter,
        sort: Sort,
        page: usize,
        per_page: usize,
    ) -> PageOf<(&PledgeSummary, &Derived)> {
        let per_page = per_page.clamp(1, MAX_PER_PAGE);
        let page = page.max(1);
        let hits = self.search(filter, sort);
        let total = hits.len();
        let items = hits
            .iter()
            .skip((page - 1).saturating_mul(per_page))
            .take(per_page)
            .map(|&i| (&self.pledges[i], &self.derived[i]))
            .collect();
        PageOf {
            items,
            page,
            per_page,
            total,
            pages: total.div_ceil(per_page),
        }
    }
}

fn derive(
    p: &PledgeSummary,
    event_date: impl Fn(&Slug) -> Option<NaiveDate>,
    rates: &RateTable,
    currency: Currency,
    today: NaiveDate,
) -> Derived {
    let due = p.deadline.resolve(&event_date);
    let schedule = crate::schedule::schedule_status(&p.deadline, &p.state, &event_date, today);
    let flags = crate::schedule::flags(p.announced_on, &p.state, today);
    let (mut lo, mut hi) = (i64::MAX, i64::MIN);
    for f in p.state.money.iter().filter(|f| f.stage == Stage::Announced) {
        if let Ok(c) = rates.convert(f.money, currency, f.value_date) {
            lo = lo.min(c.money.amount.min());
            hi = hi.max(c.money.amount.max());
        }
    }
    let announced_minor = (lo != i64::MAX).then(|| lo / 2 + hi / 2);
    Derived {
        schedule,
        flags,
        due,
        announced_minor,
    }
}

/// Whether a due date falls inside the due-soon window.
pub fn due_within(due: NaiveDate, today: NaiveDate) -> bool {
    (0..=DUE_SOON_DAYS).contains(&(due - today).num_days())
}
